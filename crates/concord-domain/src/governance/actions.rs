//! Action items: an owner agency, a due date, and a status of done, not
//! possible (circumstances changed) or not done. What happens to them when
//! a meeting closes is decided here, as plain functions, so the same rules
//! serve coordination-body meetings and (later) risk conferences:
//!
//! - an action still not done at the end of a meeting whose agenda carried
//!   it (every open action raised before that meeting) is **carried over**:
//!   its carry-over count goes up by one and it appears on the next
//!   meeting's agenda with that count;
//! - once the count reaches the body's threshold (`escalate_after`,
//!   configurable, 3 by default) the action **escalates** to the parent
//!   body (the steering group), once; a body without a parent keeps it,
//!   flagged as escalated with nowhere to go;
//! - actions raised at the meeting being closed are new, not carried.

use super::vocabulary::ActionStatus;
use crate::validation::Invalid;

/// How many carry-overs a body tolerates before escalating.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CarryOverPolicy {
    pub escalate_after: u32,
}

impl CarryOverPolicy {
    pub const DEFAULT_ESCALATE_AFTER: u32 = 3;
    /// The most a body may set: escalation must stay possible.
    pub const MAX_ESCALATE_AFTER: u32 = 12;
}

impl Default for CarryOverPolicy {
    fn default() -> Self {
        Self {
            escalate_after: Self::DEFAULT_ESCALATE_AFTER,
        }
    }
}

/// What an action looks like to the carry-over rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ActionProgress {
    pub status: ActionStatus,
    pub carry_overs: u32,
    /// Already escalated (it escalates once).
    pub escalated: bool,
    /// Raised at the meeting being closed.
    pub raised_at_this_meeting: bool,
}

/// What closing a meeting does to one action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CarriedOver {
    pub carry_overs: u32,
    /// It escalates now (to the parent body, if there is one).
    pub escalates: bool,
}

/// The carry-over decision for one action when a meeting closes; `None`
/// when the action is not carried (done, not possible, or new).
pub fn carry_over(action: ActionProgress, policy: CarryOverPolicy) -> Option<CarriedOver> {
    if action.status != ActionStatus::NotDone || action.raised_at_this_meeting {
        return None;
    }
    let carry_overs = action.carry_overs.saturating_add(1);
    Some(CarriedOver {
        carry_overs,
        escalates: !action.escalated && carry_overs >= policy.escalate_after.max(1),
    })
}

/// Checks a change of status, with the note that records why it was or was
/// not done (field `note`). Not possible always needs a note: what changed.
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
    fn open_actions_carry_over_and_escalate_at_the_threshold() {
        let policy = CarryOverPolicy { escalate_after: 2 };
        assert_eq!(
            carry_over(open(0), policy),
            Some(CarriedOver {
                carry_overs: 1,
                escalates: false
            })
        );
        assert_eq!(
            carry_over(open(1), policy),
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
            carry_over(escalated, policy),
            Some(CarriedOver {
                carry_overs: 3,
                escalates: false
            }),
            "an action escalates once"
        );
    }

    #[test]
    fn closed_and_new_actions_are_not_carried() {
        let policy = CarryOverPolicy::default();
        for status in [ActionStatus::Done, ActionStatus::NotPossible] {
            let action = ActionProgress { status, ..open(5) };
            assert_eq!(carry_over(action, policy), None);
        }
        let new = ActionProgress {
            raised_at_this_meeting: true,
            ..open(0)
        };
        assert_eq!(carry_over(new, policy), None);
    }

    #[test]
    fn not_possible_needs_a_reason() {
        use ActionStatus::*;
        assert!(check_status_change(NotDone, Done, None).is_ok());
        assert_eq!(
            check_status_change(NotDone, NotPossible, Some("  "))
                .unwrap_err()
                .problem_for("note"),
            Some("say what changed that makes the action not possible")
        );
        assert!(check_status_change(NotDone, NotPossible, Some("the service closed")).is_ok());
        assert!(check_status_change(Done, Done, None).is_err());
        assert!(check_status_change(Done, NotDone, None).is_ok(), "reopened");
    }

    proptest! {
        /// Over any run of meetings, an open action escalates exactly once,
        /// at the meeting where its count reaches the threshold.
        #[test]
        fn escalates_exactly_once(threshold in 1u32..=12, meetings in 0usize..30) {
            let policy = CarryOverPolicy { escalate_after: threshold };
            let mut action = open(0);
            let mut escalations = Vec::new();
            for meeting in 1..=meetings {
                let carried = carry_over(action, policy).expect("open actions carry");
                prop_assert_eq!(carried.carry_overs as usize, meeting);
                if carried.escalates {
                    escalations.push(meeting);
                }
                action.carry_overs = carried.carry_overs;
                action.escalated |= carried.escalates;
            }
            let expected: Vec<usize> = if meetings >= threshold as usize {
                vec![threshold as usize]
            } else {
                vec![]
            };
            prop_assert_eq!(escalations, expected);
        }
    }
}
