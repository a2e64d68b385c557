//! SMART actions agreed at a risk conference for one case: an owner agency,
//! a due date, and a status of done, not possible (circumstances changed)
//! or not done. Incomplete actions carry over to the next meeting, and
//! persistent non-completion escalates to the steering group (DOMAIN.md §7).
//!
//! The rules are plain functions over plain values so coordination-body
//! meetings can use the same ones: when a meeting closes, every action still
//! not done that was raised before it is carried over (its count goes up by
//! one); when the count reaches the threshold (`escalate_after`, 3 by
//! default) it escalates, once.

use crate::label::label_enum;
use crate::validation::{Invalid, required_text};
use chrono::NaiveDate;

label_enum! {
    pub enum ActionStatus ("action status") {
        NotDone => "not_done",
        Done => "done",
        /// Circumstances changed; the note says how.
        NotPossible => "not_possible",
    }
}

/// What an action looks like to the carry-over rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ActionProgress {
    pub status: ActionStatus,
    pub carry_overs: u32,
    pub escalated: bool,
    /// Raised at the meeting being closed (new, not carried).
    pub raised_at_this_meeting: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CarriedOver {
    pub carry_overs: u32,
    /// Escalates now (it escalates once).
    pub escalates: bool,
}

/// The carry-over decision for one action when a meeting closes; `None`
/// when it is not carried (done, not possible, or new at this meeting).
pub fn carry_over(action: ActionProgress, escalate_after: u32) -> Option<CarriedOver> {
    if action.status != ActionStatus::NotDone || action.raised_at_this_meeting {
        return None;
    }
    let carry_overs = action.carry_overs.saturating_add(1);
    Some(CarriedOver {
        carry_overs,
        escalates: !action.escalated && carry_overs >= escalate_after.max(1),
    })
}

/// Checks a change of status; "not possible" needs a note saying what
/// changed.
pub fn check_status_change(
    from: ActionStatus,
    to: ActionStatus,
    note: Option<&str>,
) -> Result<(), Invalid> {
    if from == to {
        return Err(Invalid::one("status", "is already the action's status"));
    }
    if to == ActionStatus::NotPossible && note.map(str::trim).unwrap_or("").is_empty() {
        return Err(Invalid::one(
            "note",
            "say what changed that makes the action not possible",
        ));
    }
    Ok(())
}

/// A SMART action as entered.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct ActionForm {
    /// Specific, measurable: what will be done.
    pub description: String,
    pub owner_agency: String,
    /// Time-bound.
    pub due_on: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedAction {
    pub description: String,
    pub owner_agency: crate::ids::AgencyId,
    pub due_on: NaiveDate,
}

impl ActionForm {
    /// An action needs what, who and by when; the due date is not in the
    /// past.
    pub fn validate(&self, today: NaiveDate) -> Result<CheckedAction, Invalid> {
        let mut invalid = Invalid::default();
        let description = required_text(&mut invalid, "description", &self.description, 1000);
        let owner = crate::form_fields::required_id(
            &mut invalid,
            "owner_agency",
            &self.owner_agency,
            "an agency",
        );
        let due = crate::form_fields::required_date(&mut invalid, "due_on", &self.due_on);
        if due.is_some_and(|d| d < today) {
            invalid.push("due_on", "must not be in the past");
        }
        match (owner, due) {
            (Some(owner_agency), Some(due_on)) => invalid.into_result(CheckedAction {
                description,
                owner_agency,
                due_on,
            }),
            _ => Err(invalid),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn open(carry_overs: u32) -> ActionProgress {
        ActionProgress {
            status: ActionStatus::NotDone,
            carry_overs,
            escalated: false,
            raised_at_this_meeting: false,
        }
    }

    #[test]
    fn open_actions_carry_over_and_escalate_once() {
        assert_eq!(
            carry_over(open(0), 2),
            Some(CarriedOver {
                carry_overs: 1,
                escalates: false
            })
        );
        assert_eq!(
            carry_over(open(1), 2),
            Some(CarriedOver {
                carry_overs: 2,
                escalates: true
            })
        );
        let escalated = ActionProgress {
            escalated: true,
            ..open(2)
        };
        assert_eq!(
            carry_over(escalated, 2),
            Some(CarriedOver {
                carry_overs: 3,
                escalates: false
            })
        );
    }

    #[test]
    fn finished_and_new_actions_are_not_carried() {
        for status in [ActionStatus::Done, ActionStatus::NotPossible] {
            assert_eq!(carry_over(ActionProgress { status, ..open(4) }, 3), None);
        }
        assert_eq!(
            carry_over(
                ActionProgress {
                    raised_at_this_meeting: true,
                    ..open(0)
                },
                3
            ),
            None
        );
    }

    #[test]
    fn not_possible_needs_a_note() {
        use ActionStatus::*;
        assert!(check_status_change(NotDone, Done, None).is_ok());
        assert!(check_status_change(NotDone, NotPossible, Some(" ")).is_err());
        assert!(check_status_change(NotDone, NotPossible, Some("She moved away")).is_ok());
        assert!(check_status_change(Done, Done, None).is_err());
    }

    #[test]
    fn an_action_needs_what_who_and_when() {
        let today = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
        let invalid = ActionForm {
            description: " ".into(),
            owner_agency: "police".into(),
            due_on: "2026-03-01".into(),
        }
        .validate(today)
        .unwrap_err();
        for field in ["description", "owner_agency", "due_on"] {
            assert!(invalid.problem_for(field).is_some(), "{field}");
        }
    }

    proptest! {
        #[test]
        fn escalates_exactly_once(threshold in 1u32..=12, meetings in 0usize..30) {
            let mut action = open(0);
            let mut escalations = Vec::new();
            for meeting in 1..=meetings {
                let carried = carry_over(action, threshold).expect("open actions carry");
                prop_assert_eq!(carried.carry_overs as usize, meeting);
                if carried.escalates {
                    escalations.push(meeting);
                }
                action.carry_overs = carried.carry_overs;
                action.escalated |= carried.escalates;
            }
            let expected: Vec<usize> = if meetings >= threshold as usize { vec![threshold as usize] } else { vec![] };
            prop_assert_eq!(escalations, expected);
        }
    }
}
