//! When she dies (issue 16, part 4). A case closes with the reason
//! [`ClosureReason::SheDied`](crate::case::ClosureReason::SheDied) only
//! through [`may_record_death`]: by a supervisor of the agency that owns
//! the case, recording the local date of her death and whether it was a
//! killing. A killing opens a gender-related killing record
//! ([`crate::killing`]).
//!
//! The date is a local calendar date as the supervisor types it; the app
//! converts it to an instant (the start of that day in the deployment's
//! zone) once, at the edge, and shows it back as that local date.

use crate::access::Actor;
use crate::case::CaseStatus;
use crate::case_access::Refusal;
use crate::form_fields::{required_date, yes_no};
use crate::ids::AgencyId;
use crate::role::Permission;
use crate::validation::Invalid;
use chrono::NaiveDate;
use serde::Deserialize;

/// Her death as entered.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct DeathForm {
    /// `YYYY-MM-DD`, the local date she died.
    pub died_on: String,
    /// `yes` or `no`: was her death a killing (an intentional homicide)?
    pub killing: Option<String>,
}

/// Her death as checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Death {
    pub died_on: NaiveDate,
    /// A killing opens a gender-related killing record.
    pub killing: bool,
}

impl DeathForm {
    /// `today` is the deployment's local date: a death cannot be recorded
    /// ahead of it.
    pub fn validate(&self, today: NaiveDate) -> Result<Death, Invalid> {
        let mut invalid = Invalid::default();
        let died_on = required_date(&mut invalid, "died_on", &self.died_on);
        let killing = yes_no(&mut invalid, "killing", self.killing.as_deref());
        if killing.is_none() && invalid.problem_for("killing").is_none() {
            invalid.push("killing", "answer yes or no");
        }
        if let Some(day) = died_on
            && day > today
        {
            invalid.push("died_on", "cannot be in the future");
        }
        match (died_on, killing) {
            (Some(died_on), Some(killing)) => invalid.into_result(Death { died_on, killing }),
            _ => Err(invalid),
        }
    }
}

/// Why her death cannot be recorded on this case now (the case's state,
/// not the person: that is a [`Refusal`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DeathNotRecordable {
    #[error("her death is already recorded on this case")]
    AlreadyRecorded,
    #[error("the case is closed: reopen it first, then record her death")]
    CaseClosed,
}

/// May `actor` record her death on a case owned by `owning_agency`? Only a
/// supervisor (`SuperviseCases`, not through a read-only token) of the
/// owning agency. A supervisor of another agency is refused even when a
/// consent or lawful share lets her agency work on the case.
pub fn may_record_death(actor: &Actor, owning_agency: AgencyId) -> Result<(), Refusal> {
    if actor.agency_id == owning_agency && actor.has(Permission::SuperviseCases) {
        Ok(())
    } else {
        Err(Refusal::DeathNeedsOwningSupervisor)
    }
}

/// Can the case close because she died? From any open step and from a
/// closure waiting for approval (her death overrides it); a closed case is
/// reopened first, so the reason it closed before is kept in its history.
pub fn death_closes(
    status: CaseStatus,
    already_recorded: bool,
) -> Result<CaseStatus, DeathNotRecordable> {
    if already_recorded {
        Err(DeathNotRecordable::AlreadyRecorded)
    } else if status == CaseStatus::Closed {
        Err(DeathNotRecordable::CaseClosed)
    } else {
        Ok(CaseStatus::Closed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::TokenScope;
    use crate::ids::UserId;
    use crate::role::Role;

    fn agency(n: u128) -> AgencyId {
        AgencyId(uuid::Uuid::from_u128(n))
    }

    fn actor(agency_no: u128, roles: &[Role]) -> Actor {
        Actor {
            user_id: UserId(uuid::Uuid::from_u128(99)),
            agency_id: agency(agency_no),
            roles: roles.to_vec(),
            token_scope: None,
        }
    }

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn only_a_supervisor_of_the_owning_agency_records_her_death() {
        let owner = agency(1);
        assert_eq!(
            may_record_death(&actor(1, &[Role::Supervisor]), owner),
            Ok(())
        );
        for refused in [
            actor(1, &[Role::Caseworker]),
            actor(2, &[Role::Supervisor]),
            actor(1, &[Role::AgencyAdministrator]),
            actor(1, &[Role::SystemAdministrator]),
        ] {
            assert_eq!(
                may_record_death(&refused, owner),
                Err(Refusal::DeathNeedsOwningSupervisor),
                "{refused:?}"
            );
        }
        let read_token = Actor {
            token_scope: Some(TokenScope::Read),
            ..actor(1, &[Role::Supervisor])
        };
        assert!(may_record_death(&read_token, owner).is_err());
    }

    #[test]
    fn her_death_closes_any_case_not_closed_once() {
        for status in CaseStatus::ALL {
            let closes = death_closes(status, false);
            if status == CaseStatus::Closed {
                assert_eq!(closes, Err(DeathNotRecordable::CaseClosed));
            } else {
                assert_eq!(closes, Ok(CaseStatus::Closed), "{status:?}");
            }
            assert_eq!(
                death_closes(status, true),
                Err(DeathNotRecordable::AlreadyRecorded)
            );
        }
    }

    #[test]
    fn the_date_is_today_or_earlier_and_killing_is_answered() {
        let today = day("2026-12-07");
        let form = |died_on: &str, killing: Option<&str>| DeathForm {
            died_on: died_on.into(),
            killing: killing.map(Into::into),
        };
        assert_eq!(
            form("2026-12-07", Some("yes")).validate(today),
            Ok(Death {
                died_on: today,
                killing: true
            })
        );
        assert_eq!(
            form("2026-12-06", Some("no")).validate(today).unwrap(),
            Death {
                died_on: day("2026-12-06"),
                killing: false
            }
        );
        let future = form("2026-12-08", Some("yes")).validate(today).unwrap_err();
        assert_eq!(
            future.problem_for("died_on"),
            Some("cannot be in the future")
        );
        let unanswered = form("2026-12-01", None).validate(today).unwrap_err();
        assert!(unanswered.problem_for("killing").is_some());
        let bad = form("07/12/2026", Some("maybe"))
            .validate(today)
            .unwrap_err();
        assert!(bad.problem_for("died_on").is_some() && bad.problem_for("killing").is_some());
    }
}
