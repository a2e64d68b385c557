//! `concord statistics verify FILE`: checks a downloaded canonical JSON or
//! CSV (whole release or one table) against the published release. The
//! release is found by the id in the file; the hash in the audit event that
//! published it (sealed into the signed Merkle checkpoints) must be the
//! SHA-256 of the stored canonical form; the file must be that form byte
//! for byte (JSON) or the CSV Concord makes from it, byte for byte.

use super::AUDIT_OBJECT;
use super::export::{CSV_HEADER, content_hash, published_form, release_csv};
use crate::app::App;
use crate::error::AppResult;
use concord_domain::audit::AuditAction;
use concord_domain::ids::StatisticsReleaseId;
use concord_domain::statistics_release::ReleaseStatus;
use concord_store::{AuditFilter, PageRequest};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verification {
    pub release_id: StatisticsReleaseId,
    pub content_hash: String,
    /// `canonical JSON`, `CSV` or `CSV of table <code>`.
    pub form: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VerifyProblem {
    #[error(
        "the file is not a Concord statistics release (canonical JSON or CSV) with a release id"
    )]
    NotARelease,
    #[error("no published release has the id {0}")]
    UnknownRelease(StatisticsReleaseId),
    #[error("release {0} has no publication event in the audit log")]
    NoPublicationEvent(StatisticsReleaseId),
    #[error(
        "the stored release {0} does not match the hash its audit event recorded: the database was changed"
    )]
    StoredDiffers(StatisticsReleaseId),
    #[error(
        "the file differs from published release {release_id} (SHA-256 {content_hash}): it was changed after download"
    )]
    Changed {
        release_id: StatisticsReleaseId,
        content_hash: String,
    },
}

/// The release id a file claims, if any.
fn claimed_id(bytes: &[u8]) -> Option<(StatisticsReleaseId, bool)> {
    let text = std::str::from_utf8(bytes).ok()?;
    if text.trim_start().starts_with('{') {
        let key = "\"release_id\": \"";
        let start = text.find(key)? + key.len();
        return text
            .get(start..start + 36)?
            .parse()
            .ok()
            .map(|id| (id, true));
    }
    let mut reader = csv::Reader::from_reader(bytes);
    let header = reader.headers().ok()?;
    if header.iter().ne(CSV_HEADER) {
        return None;
    }
    let first = reader.records().next()?.ok()?;
    first.get(0)?.parse().ok().map(|id| (id, false))
}

impl App {
    /// No actor: run by whoever holds the database (like `audit verify`).
    pub async fn verify_statistics_file(
        &self,
        bytes: &[u8],
    ) -> AppResult<Result<Verification, VerifyProblem>> {
        let Some((id, json)) = claimed_id(bytes) else {
            return Ok(Err(VerifyProblem::NotARelease));
        };
        let release = match self.store.get_statistics_release(id).await? {
            Some(d) if d.release.status == ReleaseStatus::Published => d.release,
            _ => return Ok(Err(VerifyProblem::UnknownRelease(id))),
        };
        let Some(audited) = self.published_hash(id).await? else {
            return Ok(Err(VerifyProblem::NoPublicationEvent(id)));
        };
        let (doc, document, stored_hash) = published_form(&release)?;
        if content_hash(document.as_bytes()) != audited || stored_hash != audited {
            return Ok(Err(VerifyProblem::StoredDiffers(id)));
        }
        let changed = || VerifyProblem::Changed {
            release_id: id,
            content_hash: audited.clone(),
        };
        let form = if json {
            (content_hash(bytes) == audited).then(|| "canonical JSON".to_string())
        } else if release_csv(&doc, &audited, None).as_deref() == Some(bytes) {
            Some("CSV".to_string())
        } else {
            doc.tables
                .iter()
                .find(|t| release_csv(&doc, &audited, Some(&t.code)).as_deref() == Some(bytes))
                .map(|t| format!("CSV of table {}", t.code))
        };
        Ok(match form {
            Some(form) => Ok(Verification {
                release_id: id,
                content_hash: audited.clone(),
                form,
            }),
            None => Err(changed()),
        })
    }

    /// The content hash recorded by the event that published the release.
    async fn published_hash(&self, id: StatisticsReleaseId) -> AppResult<Option<String>> {
        let events = self
            .store
            .list_audit_events(
                &AuditFilter {
                    action: Some(AuditAction::StatisticsReleasePublished.as_str().to_string()),
                    object: Some((AUDIT_OBJECT.to_string(), id.to_string())),
                    ..AuditFilter::default()
                },
                &PageRequest::first(1),
            )
            .await?;
        Ok(events.items.first().and_then(|e| {
            serde_json::from_str::<serde_json::Value>(&e.details)
                .ok()?
                .get("content_hash")?
                .as_str()
                .map(str::to_string)
        }))
    }
}
