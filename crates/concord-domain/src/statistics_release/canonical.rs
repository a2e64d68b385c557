//! The published form of a release: one JSON document whose exact bytes
//! are hashed (SHA-256, in the app) into the audit event that publishes it.
//! Fields in a fixed order, lists in a fixed order, no maps, times as
//! RFC 3339 UTC to the microsecond: the same release always gives the same
//! bytes. It names no survivor and no agency (DOMAIN.md §5: no agency
//! identifiers in consolidated reports); the sign-offs are their count and
//! dates.

use super::table::PublishedTable;
use crate::ids::StatisticsReleaseId;
use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};

/// Names the layout, so a reader knows what it verifies.
pub const FORMAT: &str = "concord-statistics-release/1";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReleaseSignature {
    /// RFC 3339, UTC, microseconds.
    pub signed_at: String,
    /// The role the designated person signed in (`agency_administrator`);
    /// absent from documents published before signers' roles were kept.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub role: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishedRelease {
    pub format: String,
    pub release_id: StatisticsReleaseId,
    pub indicator_set: String,
    /// `2026-Q1`.
    pub period: String,
    pub area_code: String,
    pub area_name: String,
    pub breakdowns: Vec<String>,
    /// Counts below it were suppressed (with their complements).
    pub small_cell_threshold: u32,
    pub prepared_at: String,
    pub published_at: String,
    pub contributing_agencies: usize,
    /// In the order signed.
    pub sign_offs: Vec<ReleaseSignature>,
    pub tables: Vec<PublishedTable>,
}

/// How instants are written in the published form.
pub fn instant(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Micros, true)
}

impl PublishedRelease {
    /// The canonical bytes: pretty JSON (readable when downloaded) and a
    /// final newline.
    pub fn canonical_bytes(&self) -> Vec<u8> {
        let mut bytes = serde_json::to_vec_pretty(self).unwrap_or_default();
        bytes.push(b'\n');
        bytes
    }

    /// Reads the canonical form back (from storage or a downloaded file).
    pub fn parse(bytes: &[u8]) -> Result<PublishedRelease, serde_json::Error> {
        serde_json::from_slice(bytes)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::statistics_release::table::{Cell, TableRow};
    use chrono::TimeZone;

    pub(crate) fn sample() -> PublishedRelease {
        let at = Utc.with_ymd_and_hms(2026, 4, 2, 9, 0, 0).unwrap();
        PublishedRelease {
            format: FORMAT.into(),
            release_id: StatisticsReleaseId::new(),
            indicator_set: "risk_conference_quarterly".into(),
            period: "2026-Q1".into(),
            area_code: "KV-N-LAK".into(),
            area_name: "Lakeside".into(),
            breakdowns: vec!["referring_sector".into()],
            small_cell_threshold: 10,
            prepared_at: instant(at),
            published_at: instant(at),
            contributing_agencies: 1,
            sign_offs: vec![ReleaseSignature {
                signed_at: instant(at),
                role: "agency_administrator".into(),
            }],
            tables: vec![PublishedTable {
                code: "marac_referrals".into(),
                title: "Referrals".into(),
                definition: "Referrals received.".into(),
                unit: "count".into(),
                breakdown: Some("referring_sector".into()),
                rows: vec![
                    TableRow {
                        category: "total".into(),
                        cell: Cell::Count(26),
                    },
                    TableRow {
                        category: "police".into(),
                        cell: Cell::Suppressed,
                    },
                ],
            }],
        }
    }

    #[test]
    fn the_canonical_form_reads_back_to_the_same_bytes() {
        let release = sample();
        let bytes = release.canonical_bytes();
        let again = PublishedRelease::parse(&bytes).unwrap();
        assert_eq!(again, release);
        assert_eq!(again.canonical_bytes(), bytes);
        assert!(
            String::from_utf8(bytes)
                .unwrap()
                .contains("\"kind\": \"suppressed\"")
        );
    }

    #[test]
    fn instants_are_utc_to_the_microsecond() {
        let at = Utc.with_ymd_and_hms(2026, 4, 2, 9, 0, 0).unwrap();
        assert_eq!(instant(at), "2026-04-02T09:00:00.000000Z");
    }
}
