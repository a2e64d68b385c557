//! The multi-agency chronology: every contact of every agency with her, in
//! time order. Each source of contacts (the case's registration, its
//! incidents, risk assessments, notes, referrals, conference listings,
//! actions, justice steps, the access log — and, as they land, protection
//! orders, breaches and the killing record) is one function returning its
//! contacts; [`merge_in_time_order`] puts them together.

use crate::ids::AgencyId;
use crate::label::label_enum;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

label_enum! {
    /// What kind of contact an entry records.
    pub enum ContactKind ("kind of contact") {
        /// An agency registered her case.
        CaseOpened => "case_opened",
        /// An incident she disclosed, on the day it happened.
        Incident => "incident",
        RiskAssessment => "risk_assessment",
        /// A case note was written (its text is not in the chronology).
        Note => "note",
        /// A step of a referral between agencies (sent, accepted, …).
        ReferralStep => "referral_step",
        /// Her case was referred to a risk conference.
        ConferenceReferral => "conference_referral",
        /// Her case was listed at a risk conference meeting.
        ConferenceMeeting => "conference_meeting",
        /// An action agreed for her case at a risk conference.
        ConferenceAction => "conference_action",
        /// A step of the justice chain.
        JusticeStep => "justice_step",
        /// A protection order made for her, on the day it was issued.
        ProtectionOrder => "protection_order",
        /// A breach of a protection order, on the day it happened.
        OrderBreach => "order_breach",
        /// Someone opened, changed or exported her file (the access log).
        FileAccess => "file_access",
        CaseClosed => "case_closed",
    }
}

/// One fact of a contact: a name and a value. A value from a closed
/// vocabulary carries the message key that names it in the reader's
/// language; others (a number, an ICCS code, an audit action) are shown as
/// they are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fact {
    pub name: &'static str,
    pub value: String,
    #[serde(skip)]
    pub message: Option<String>,
}

impl Fact {
    /// A label of a vocabulary whose messages are `<prefix>-<label>` (with
    /// dashes for underscores).
    pub fn label(name: &'static str, prefix: &str, label: &str) -> Fact {
        Fact {
            name,
            value: label.to_string(),
            message: Some(format!("{prefix}-{}", label.replace('_', "-"))),
        }
    }

    pub fn text(name: &'static str, value: impl Into<String>) -> Fact {
        Fact {
            name,
            value: value.into(),
            message: None,
        }
    }
}

/// One entry of the chronology.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    /// The local day it happened.
    pub day: NaiveDate,
    /// The instant, when the record has one (a day alone otherwise: an
    /// incident, an assessment, a justice step).
    pub at: Option<DateTime<Utc>>,
    /// The agency that had the contact; `None` for Concord itself.
    pub agency: Option<AgencyId>,
    pub kind: ContactKind,
    pub facts: Vec<Fact>,
}

/// Every source's contacts in one list, in time order: by local day; on a
/// day, a contact known only by its day comes before those with a time,
/// which follow by instant; equal times keep the order of the sources as
/// given, and each source's own order.
pub fn merge_in_time_order(sources: Vec<Vec<Contact>>) -> Vec<Contact> {
    let mut all: Vec<Contact> = sources.into_iter().flatten().collect();
    all.sort_by_key(|c| (c.day, c.at.is_some(), c.at));
    all
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, d).unwrap()
    }

    fn contact(kind: ContactKind, d: u32, hour: Option<u32>) -> Contact {
        Contact {
            day: day(d),
            at: hour.map(|h| Utc.with_ymd_and_hms(2026, 3, d, h, 0, 0).unwrap()),
            agency: None,
            kind,
            facts: Vec::new(),
        }
    }

    fn kinds(contacts: &[Contact]) -> Vec<(ContactKind, u32)> {
        use chrono::Datelike;
        contacts.iter().map(|c| (c.kind, c.day.day())).collect()
    }

    #[test]
    fn sources_merge_by_day_then_time() {
        let merged = merge_in_time_order(vec![
            vec![contact(ContactKind::CaseOpened, 2, Some(9))],
            vec![
                contact(ContactKind::Incident, 1, None),
                contact(ContactKind::Incident, 5, None),
            ],
            vec![
                contact(ContactKind::FileAccess, 2, Some(8)),
                contact(ContactKind::FileAccess, 4, Some(10)),
            ],
        ]);
        assert_eq!(
            kinds(&merged),
            vec![
                (ContactKind::Incident, 1),
                (ContactKind::FileAccess, 2),
                (ContactKind::CaseOpened, 2),
                (ContactKind::FileAccess, 4),
                (ContactKind::Incident, 5),
            ]
        );
    }

    #[test]
    fn a_day_without_a_time_comes_first_on_its_day_and_ties_keep_source_order() {
        let merged = merge_in_time_order(vec![
            vec![contact(ContactKind::Note, 3, Some(12))],
            vec![contact(ContactKind::JusticeStep, 3, None)],
            vec![contact(ContactKind::FileAccess, 3, Some(12))],
            vec![contact(ContactKind::RiskAssessment, 3, None)],
        ]);
        assert_eq!(
            merged.iter().map(|c| c.kind).collect::<Vec<_>>(),
            vec![
                ContactKind::JusticeStep,
                ContactKind::RiskAssessment,
                ContactKind::Note,
                ContactKind::FileAccess,
            ]
        );
    }

    #[test]
    fn facts_from_a_vocabulary_carry_their_message_key() {
        let fact = Fact::label("type", "gbv-type", "physical_assault");
        assert_eq!(fact.message.as_deref(), Some("gbv-type-physical-assault"));
        assert_eq!(fact.value, "physical_assault");
        assert_eq!(Fact::text("score", "15").message, None);
    }
}
