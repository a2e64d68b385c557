//! The lifecycle of one version of an instrument:
//!
//! ```text
//! draft ⇄ consultation → in force → review due → in force (confirmed, new review date)
//!                           │            │
//!                           └────────────┴→ revised (a later version came into force)
//!                                        └→ retired
//! ```
//!
//! A version comes into force with an effective date, a review date after
//! it, and (for agreements, see
//! [`InstrumentKind::needs_signatories`]) at least one signatory. When a
//! version comes into force, the version it replaces becomes *revised*
//! ([`superseded`]). A version in force whose review date has passed is
//! *overdue for review* ([`is_overdue`]) until it is reviewed.

use super::vocabulary::{InstrumentKind, VersionStatus};
use crate::validation::Invalid;
use chrono::NaiveDate;

/// Reminders start this many days before a review date.
pub const REVIEW_REMINDER_DAYS: i64 = 60;

/// A step in a version's lifecycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VersionEvent {
    StartConsultation,
    BackToDraft,
    BringIntoForce,
    OpenReview,
    /// The review found it still right: in force again with a new review date.
    ConfirmAfterReview,
    Retire,
}

impl VersionEvent {
    pub const ALL: [VersionEvent; 6] = [
        VersionEvent::StartConsultation,
        VersionEvent::BackToDraft,
        VersionEvent::BringIntoForce,
        VersionEvent::OpenReview,
        VersionEvent::ConfirmAfterReview,
        VersionEvent::Retire,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            VersionEvent::StartConsultation => "start_consultation",
            VersionEvent::BackToDraft => "back_to_draft",
            VersionEvent::BringIntoForce => "bring_into_force",
            VersionEvent::OpenReview => "open_review",
            VersionEvent::ConfirmAfterReview => "confirm_after_review",
            VersionEvent::Retire => "retire",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|e| e.as_str() == s)
    }
}

/// Where `event` takes a version that is `from`; `None` if it does not
/// follow from there.
pub fn next_status(from: VersionStatus, event: VersionEvent) -> Option<VersionStatus> {
    use VersionEvent as E;
    use VersionStatus as S;
    match (from, event) {
        (S::Draft, E::StartConsultation) => Some(S::Consultation),
        (S::Consultation, E::BackToDraft) => Some(S::Draft),
        (S::Consultation, E::BringIntoForce) => Some(S::InForce),
        (S::InForce, E::OpenReview) => Some(S::ReviewDue),
        (S::ReviewDue, E::ConfirmAfterReview) => Some(S::InForce),
        (S::InForce | S::ReviewDue, E::Retire) => Some(S::Retired),
        _ => None,
    }
}

/// What becomes of a version when a later version of the same instrument
/// comes into force: one in force is revised; any other stays as it is.
pub fn superseded(status: VersionStatus) -> VersionStatus {
    if status.is_in_force() {
        VersionStatus::Revised
    } else {
        status
    }
}

/// Whether a version may come into force (fields `effective_on`,
/// `review_on`, `signatories`).
pub fn check_bring_into_force(
    kind: InstrumentKind,
    effective_on: Option<NaiveDate>,
    review_on: Option<NaiveDate>,
    signatories: usize,
) -> Result<(), Invalid> {
    let mut invalid = Invalid::default();
    if effective_on.is_none() {
        invalid.push("effective_on", "is required to bring a version into force");
    }
    match (effective_on, review_on) {
        (_, None) => invalid.push("review_on", "is required to bring a version into force"),
        (Some(effective), Some(review)) if review <= effective => {
            invalid.push("review_on", "must be after the effective date")
        }
        _ => {}
    }
    if kind.needs_signatories() && signatories == 0 {
        invalid.push(
            "signatories",
            "an agreement comes into force only once at least one agency has signed it",
        );
    }
    invalid.into_result(())
}

/// A new version may be started only when no other version is being
/// written.
pub fn may_start_new_version(statuses: &[VersionStatus]) -> bool {
    !statuses.iter().any(|s| s.is_unpublished())
}

/// In force with its review date passed.
pub fn is_overdue(status: VersionStatus, review_on: Option<NaiveDate>, today: NaiveDate) -> bool {
    status.is_in_force() && review_on.is_some_and(|review| review < today)
}

/// In force with its review date within [`REVIEW_REMINDER_DAYS`] (or
/// passed): the secretariat is reminded.
pub fn review_reminder(
    status: VersionStatus,
    review_on: Option<NaiveDate>,
    today: NaiveDate,
) -> bool {
    status.is_in_force()
        && review_on.is_some_and(|review| (review - today).num_days() <= REVIEW_REMINDER_DAYS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use VersionStatus as S;
    use proptest::prelude::*;

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn the_whole_table() {
        let mut allowed = Vec::new();
        for from in S::ALL {
            for event in VersionEvent::ALL {
                if let Some(to) = next_status(from, event) {
                    allowed.push((from, event, to));
                }
            }
        }
        use VersionEvent as E;
        assert_eq!(
            allowed,
            vec![
                (S::Draft, E::StartConsultation, S::Consultation),
                (S::Consultation, E::BackToDraft, S::Draft),
                (S::Consultation, E::BringIntoForce, S::InForce),
                (S::InForce, E::OpenReview, S::ReviewDue),
                (S::InForce, E::Retire, S::Retired),
                (S::ReviewDue, E::ConfirmAfterReview, S::InForce),
                (S::ReviewDue, E::Retire, S::Retired),
            ]
        );
    }

    #[test]
    fn superseding_revises_only_versions_in_force() {
        assert_eq!(superseded(S::InForce), S::Revised);
        assert_eq!(superseded(S::ReviewDue), S::Revised);
        assert_eq!(superseded(S::Retired), S::Retired);
        assert_eq!(superseded(S::Draft), S::Draft);
    }

    #[test]
    fn coming_into_force_needs_dates_and_for_agreements_a_signatory() {
        let mou = InstrumentKind::MemorandumOfUnderstanding;
        let err = check_bring_into_force(mou, None, None, 0).unwrap_err();
        for field in ["effective_on", "review_on", "signatories"] {
            assert!(err.problem_for(field).is_some(), "{field}");
        }
        let err = check_bring_into_force(mou, Some(d("2026-01-01")), Some(d("2026-01-01")), 1)
            .unwrap_err();
        assert_eq!(
            err.problem_for("review_on"),
            Some("must be after the effective date")
        );
        assert!(
            check_bring_into_force(mou, Some(d("2026-01-01")), Some(d("2027-01-01")), 1).is_ok()
        );
        assert!(
            check_bring_into_force(
                InstrumentKind::Law,
                Some(d("2026-01-01")),
                Some(d("2027-01-01")),
                0
            )
            .is_ok()
        );
    }

    #[test]
    fn overdue_and_reminders() {
        let today = d("2026-03-02");
        assert!(is_overdue(S::InForce, Some(d("2026-03-01")), today));
        assert!(!is_overdue(S::InForce, Some(today), today));
        assert!(is_overdue(S::ReviewDue, Some(d("2025-12-31")), today));
        assert!(!is_overdue(S::Retired, Some(d("2025-12-31")), today));
        assert!(!is_overdue(S::Draft, Some(d("2025-12-31")), today));
        assert!(review_reminder(S::InForce, Some(d("2026-05-01")), today));
        assert!(!review_reminder(S::InForce, Some(d("2026-05-02")), today));
        assert!(review_reminder(S::InForce, Some(d("2026-01-01")), today));
    }

    #[test]
    fn new_versions_wait_for_the_one_being_written() {
        assert!(may_start_new_version(&[]));
        assert!(may_start_new_version(&[S::Revised, S::InForce]));
        assert!(!may_start_new_version(&[S::InForce, S::Draft]));
        assert!(!may_start_new_version(&[S::Consultation]));
    }

    fn any_event() -> impl Strategy<Value = VersionEvent> {
        proptest::sample::select(VersionEvent::ALL.to_vec())
    }

    proptest! {
        /// Nothing leaves retirement or revision, and nothing comes into
        /// force without passing through consultation.
        #[test]
        fn random_histories_keep_the_order(events in proptest::collection::vec(any_event(), 0..40)) {
            let mut status = S::Draft;
            let mut consulted = false;
            for event in events {
                if let Some(next) = next_status(status, event) {
                    prop_assert!(!matches!(status, S::Retired | S::Revised));
                    if next == S::Consultation { consulted = true; }
                    if next == S::InForce { prop_assert!(consulted); }
                    status = next;
                }
            }
        }
    }
}
