//! SMART actions agreed at a risk conference for one listed case: what is to
//! be done (specific), by which agency (owner), by when (due date), and
//! whether it was done. They follow the one action model of governance
//! ([`crate::governance::actions`]): done / not possible / not done, carried
//! over to the conference's next meeting while not done, and escalated (to
//! the conference's steering group, through its coordinator) once carried
//! over `escalate_after` times.

use crate::form_fields::{required_date, required_id};
use crate::governance::ActionStatus;
use crate::governance::actions::{
    ActionProgress, CarriedOver, CarryOverPolicy, carry_over, check_status_change,
};
use crate::ids::AgencyId;
use crate::label::Label;
use crate::validation::{Invalid, optional_text, required_text};
use chrono::NaiveDate;
use serde::Deserialize;

/// The longest action description: a sentence or two, not a case note.
pub const ACTION_DESCRIPTION_MAX: usize = 500;

/// An action as the coordinator records it at the meeting.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ConferenceActionForm {
    pub description: String,
    pub owner_agency_id: String,
    pub due_on: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedConferenceAction {
    pub description: String,
    pub owner_agency_id: AgencyId,
    pub due_on: NaiveDate,
}

impl ConferenceActionForm {
    /// Checks the form for an action agreed at a meeting held on
    /// `meeting_day`: it cannot be due before the meeting that agreed it.
    pub fn validate(&self, meeting_day: NaiveDate) -> Result<CheckedConferenceAction, Invalid> {
        let mut invalid = Invalid::default();
        let description = required_text(
            &mut invalid,
            "description",
            &self.description,
            ACTION_DESCRIPTION_MAX,
        );
        let owner_agency_id = required_id(
            &mut invalid,
            "owner_agency_id",
            &self.owner_agency_id,
            "the agency that owns the action",
        );
        let due_on = required_date(&mut invalid, "due_on", &self.due_on);
        if let Some(due) = due_on
            && due < meeting_day
        {
            invalid.push("due_on", "cannot be before the meeting that agreed it");
        }
        match (owner_agency_id, due_on) {
            (Some(owner_agency_id), Some(due_on)) => invalid.into_result(CheckedConferenceAction {
                description,
                owner_agency_id,
                due_on,
            }),
            _ => Err(invalid),
        }
    }
}

/// Recording where an action stands, with why (field `note`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ConferenceActionUpdateForm {
    pub status: String,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedActionUpdate {
    pub status: ActionStatus,
    pub note: Option<String>,
}

impl ConferenceActionUpdateForm {
    /// Checks a change from `from`; "not possible" needs a note saying what
    /// changed.
    pub fn validate(&self, from: ActionStatus) -> Result<CheckedActionUpdate, Invalid> {
        let mut invalid = Invalid::default();
        let note = optional_text(&mut invalid, "note", Some(&self.note), 2_000);
        let Some(status) = <ActionStatus as Label>::from_label(self.status.trim()) else {
            invalid.push("status", "is not a known action status");
            return Err(invalid);
        };
        invalid.into_result(())?;
        check_status_change(from, status, note.as_deref())?;
        Ok(CheckedActionUpdate { status, note })
    }
}

/// What closing a meeting does to one action of its conference; `None` when
/// it is not carried (done, not possible, or agreed at this meeting).
pub fn carry_over_at_close(
    status: ActionStatus,
    carry_overs: u32,
    escalated: bool,
    agreed_at_this_meeting: bool,
    escalate_after: u32,
) -> Option<CarriedOver> {
    carry_over(
        ActionProgress {
            status,
            carry_overs,
            escalated,
            raised_at_this_meeting: agreed_at_this_meeting,
        },
        CarryOverPolicy { escalate_after },
    )
}

/// An open action past its due date.
pub fn action_overdue(status: ActionStatus, due_on: NaiveDate, today: NaiveDate) -> bool {
    status == ActionStatus::NotDone && due_on < today
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, d).unwrap()
    }

    fn form(description: &str, owner: &str, due: &str) -> ConferenceActionForm {
        ConferenceActionForm {
            description: description.into(),
            owner_agency_id: owner.into(),
            due_on: due.into(),
        }
    }

    #[test]
    fn an_action_names_what_who_and_when() {
        let owner = AgencyId::new();
        let checked = form(" Flag the address ", &owner.to_string(), "2026-03-10")
            .validate(day(3))
            .unwrap();
        assert_eq!(checked.description, "Flag the address");
        assert_eq!(checked.owner_agency_id, owner);
        assert_eq!(checked.due_on, day(10));

        let problems = form("", "", "").validate(day(3)).unwrap_err();
        for field in ["description", "owner_agency_id", "due_on"] {
            assert!(problems.problem_for(field).is_some(), "{field}: {problems}");
        }
    }

    #[test]
    fn an_action_cannot_be_due_before_its_meeting() {
        let owner = AgencyId::new().to_string();
        assert!(form("x", &owner, "2026-03-03").validate(day(3)).is_ok());
        let problems = form("x", &owner, "2026-03-02")
            .validate(day(3))
            .unwrap_err();
        assert_eq!(
            problems.problem_for("due_on"),
            Some("cannot be before the meeting that agreed it")
        );
    }

    #[test]
    fn not_possible_needs_what_changed() {
        let update = |status: &str, note: &str| ConferenceActionUpdateForm {
            status: status.into(),
            note: note.into(),
        };
        assert!(
            update("not_possible", " ")
                .validate(ActionStatus::NotDone)
                .is_err()
        );
        assert_eq!(
            update("not_possible", "She moved away")
                .validate(ActionStatus::NotDone)
                .unwrap(),
            CheckedActionUpdate {
                status: ActionStatus::NotPossible,
                note: Some("She moved away".into())
            }
        );
        assert!(update("done", "").validate(ActionStatus::NotDone).is_ok());
        let unknown = update("finished", "").validate(ActionStatus::NotDone);
        assert!(unknown.unwrap_err().problem_for("status").is_some());
    }

    #[test]
    fn actions_carry_over_to_the_next_meeting_and_escalate_once() {
        let open = ActionStatus::NotDone;
        assert_eq!(carry_over_at_close(open, 0, false, true, 3), None, "new");
        assert_eq!(
            carry_over_at_close(ActionStatus::Done, 2, false, false, 3),
            None
        );
        let first = carry_over_at_close(open, 0, false, false, 3).unwrap();
        assert_eq!((first.carry_overs, first.escalates), (1, false));
        let third = carry_over_at_close(open, 2, false, false, 3).unwrap();
        assert_eq!((third.carry_overs, third.escalates), (3, true));
        let fourth = carry_over_at_close(open, 3, true, false, 3).unwrap();
        assert_eq!((fourth.carry_overs, fourth.escalates), (4, false));
    }

    #[test]
    fn only_open_actions_are_overdue() {
        assert!(action_overdue(ActionStatus::NotDone, day(2), day(3)));
        assert!(!action_overdue(ActionStatus::NotDone, day(3), day(3)));
        assert!(!action_overdue(ActionStatus::Done, day(2), day(3)));
    }
}
