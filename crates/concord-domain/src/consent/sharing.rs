//! Recording a share without consent. It is exceptional, so everything a
//! later review needs is required up front: the legal basis, the reason,
//! who decided, and whether the survivor was told, or why not.

use super::form::check_period;
use super::giver::ConsentRules;
use super::grant::ShareStatus;
use super::vocabulary::{DataCategory, LawfulBasis};
use crate::access::{Actor, Denied};
use crate::form_fields::{checkbox, label_set, required_id, required_label, required_paragraph};
use crate::ids::{AgencyId, UserId};
use crate::role::Permission;
use crate::validation::Invalid;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::Deserialize;
use std::collections::BTreeSet;

const MAX_EXPLANATION_CHARS: usize = 4000;

/// A share without consent as entered.
#[derive(Debug, Clone, Default, Deserialize)]
// A missing field reads as empty, so it is reported by name like any other.
#[serde(default)]
pub struct SharingForm {
    pub recipient_agency: String,
    pub basis: String,
    pub categories: Vec<String>,
    pub reason: String,
    /// The user who took the decision.
    pub decision_maker: String,
    /// Checkbox: the survivor was told.
    pub survivor_told: Option<String>,
    /// Required when she was not told.
    pub why_not_told: Option<String>,
    /// `YYYY-MM-DD` (through that UTC day) or an RFC 3339 timestamp.
    pub valid_until: String,
}

/// A checked share without consent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharingInput {
    pub recipient_agency: AgencyId,
    pub basis: LawfulBasis,
    pub categories: BTreeSet<DataCategory>,
    pub reason: String,
    pub decision_maker: UserId,
    pub survivor_told: bool,
    /// Present exactly when she was not told.
    pub why_not_told: Option<String>,
    pub valid_until: DateTime<Utc>,
}

impl SharingForm {
    /// Checks every field at `now`. A share lasts no longer than a consent
    /// may (`rules.max_validity_days`); it can be recorded again if the
    /// basis still holds.
    pub fn validate(
        &self,
        now: DateTime<Tz>,
        rules: &ConsentRules,
    ) -> Result<SharingInput, Invalid> {
        let mut invalid = Invalid::default();
        let recipient_agency = required_id(
            &mut invalid,
            "recipient_agency",
            &self.recipient_agency,
            "an agency",
        );
        let basis: Option<LawfulBasis> = required_label(&mut invalid, "basis", &self.basis);
        if basis == Some(LawfulBasis::HomicideReview) {
            invalid.problems.push(crate::FieldError {
                field: "basis".into(),
                problem: "is granted to a review panel, not to an agency".into(),
                message: Some(crate::validation::Message::new(
                    "review-problem-basis-for-panel",
                )),
            });
        }
        let categories = label_set(&mut invalid, "categories", &self.categories);
        if categories.is_empty() && invalid.problem_for("categories").is_none() {
            invalid.push("categories", "choose at least one kind of information");
        }
        let reason =
            required_paragraph(&mut invalid, "reason", &self.reason, MAX_EXPLANATION_CHARS);
        let decision_maker = required_id(
            &mut invalid,
            "decision_maker",
            &self.decision_maker,
            "a person",
        );
        let survivor_told = checkbox(&mut invalid, "survivor_told", self.survivor_told.as_deref());
        let why_not_told = (!survivor_told).then(|| {
            required_paragraph(
                &mut invalid,
                "why_not_told",
                self.why_not_told.as_deref().unwrap_or(""),
                MAX_EXPLANATION_CHARS,
            )
        });
        let valid_until = check_period(
            &mut invalid,
            &self.valid_until,
            now,
            rules.max_validity_days,
        );
        match (recipient_agency, basis, decision_maker, valid_until) {
            (Some(recipient_agency), Some(basis), Some(decision_maker), Some(valid_until)) => {
                invalid.into_result(SharingInput {
                    recipient_agency,
                    basis,
                    categories,
                    reason,
                    decision_maker,
                    survivor_told,
                    why_not_told,
                    valid_until,
                })
            }
            _ => Err(invalid),
        }
    }
}

/// The field a problem with ending a share is reported on.
pub const SHARING_FIELD: &str = "sharing";

/// Who may end a share before its end date: the basis may stop holding (the
/// danger has passed, the order was set aside), and the decision to share
/// is then undone by the same kind of person who took it — a supervisor —
/// of the agency that recorded it (whose person is the share's decision
/// maker; `None` when that account is not known, and then no one may). A
/// share a risk conference's coordinators recorded for the agencies at a
/// meeting is theirs; it ends with the meeting's access period.
pub fn may_end_share(actor: &Actor, recorded_by: Option<AgencyId>) -> Result<(), Denied> {
    actor.require(Permission::SuperviseCases)?;
    if recorded_by == Some(actor.agency_id) {
        Ok(())
    } else {
        Err(Denied::OtherAgency)
    }
}

/// Only a share in force can be ended: one that has ended (early or at its
/// end date) stays as it ended, for the record.
pub fn check_share_can_end(status: ShareStatus) -> Result<(), Invalid> {
    match status {
        ShareStatus::Active => Ok(()),
        ShareStatus::Revoked => Err(Invalid::one(SHARING_FIELD, "was already ended")),
        ShareStatus::Expired => Err(Invalid::one(SHARING_FIELD, "has already expired")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::TokenScope;
    use crate::role::Role;
    use chrono::TimeZone;

    fn now() -> DateTime<chrono_tz::Tz> {
        Utc.with_ymd_and_hms(2025, 3, 3, 10, 0, 0)
            .unwrap()
            .with_timezone(&chrono_tz::UTC)
    }

    fn good() -> SharingForm {
        SharingForm {
            recipient_agency: AgencyId::new().to_string(),
            basis: "risk_to_life".into(),
            categories: vec!["identity_and_contact".into(), "risk".into()],
            reason: "Threats to kill made yesterday;\nweapon in the house.".into(),
            decision_maker: UserId::new().to_string(),
            survivor_told: Some("on".into()),
            why_not_told: Some("left over from an earlier choice".into()),
            valid_until: "2025-03-10".into(),
        }
    }

    #[test]
    fn a_good_share() {
        let input = good().validate(now(), &ConsentRules::default()).unwrap();
        assert_eq!(input.basis, LawfulBasis::RiskToLife);
        assert!(input.survivor_told);
        assert_eq!(input.why_not_told, None, "ignored when she was told");
        assert!(input.reason.contains('\n'));
    }

    #[test]
    fn not_telling_her_needs_a_reason() {
        let mut form = good();
        form.survivor_told = None;
        form.why_not_told = Some("  ".into());
        let invalid = form.validate(now(), &ConsentRules::default()).unwrap_err();
        assert_eq!(invalid.problem_for("why_not_told"), Some("is required"));
        form.why_not_told = Some("Telling her now would alert him.".into());
        let input = form.validate(now(), &ConsentRules::default()).unwrap();
        assert_eq!(
            input.why_not_told.as_deref(),
            Some("Telling her now would alert him.")
        );
    }

    #[test]
    fn every_bad_field_is_named() {
        let form = SharingForm {
            recipient_agency: "".into(),
            basis: "subpoena".into(),
            categories: vec![],
            reason: " ".into(),
            decision_maker: "the boss".into(),
            survivor_told: Some("dunno".into()),
            why_not_told: None,
            valid_until: "2027-01-01".into(),
        };
        let invalid = form.validate(now(), &ConsentRules::default()).unwrap_err();
        for field in [
            "recipient_agency",
            "basis",
            "categories",
            "reason",
            "decision_maker",
            "survivor_told",
            "why_not_told",
            "valid_until",
        ] {
            assert!(invalid.problem_for(field).is_some(), "{field}: {invalid}");
        }
        assert_eq!(
            invalid.problem_for("basis"),
            Some("is not a known lawful basis")
        );
    }

    fn actor(roles: &[Role], agency: AgencyId) -> Actor {
        Actor {
            user_id: UserId::new(),
            agency_id: agency,
            roles: roles.to_vec(),
            token_scope: None,
        }
    }

    #[test]
    fn a_supervisor_of_the_recording_agency_ends_a_share() {
        let recorded_by = AgencyId::new();
        for role in Role::ALL {
            let expected = if role == Role::Supervisor {
                Ok(())
            } else {
                Err(Denied::NotPermitted)
            };
            assert_eq!(
                may_end_share(&actor(&[role], recorded_by), Some(recorded_by)),
                expected,
                "{role}"
            );
        }
        assert_eq!(
            may_end_share(
                &actor(&[Role::Supervisor], AgencyId::new()),
                Some(recorded_by)
            ),
            Err(Denied::OtherAgency)
        );
        assert_eq!(
            may_end_share(&actor(&[Role::Supervisor], recorded_by), None),
            Err(Denied::OtherAgency),
            "a decision maker no one knows"
        );
        let mut read_only = actor(&[Role::Supervisor], recorded_by);
        read_only.token_scope = Some(TokenScope::Read);
        assert_eq!(
            may_end_share(&read_only, Some(recorded_by)),
            Err(Denied::TokenScope)
        );
    }

    #[test]
    fn only_a_share_in_force_ends() {
        assert_eq!(check_share_can_end(ShareStatus::Active), Ok(()));
        for status in [ShareStatus::Revoked, ShareStatus::Expired] {
            let invalid = check_share_can_end(status).unwrap_err();
            assert!(invalid.problem_for(SHARING_FIELD).is_some(), "{status:?}");
        }
    }
}
