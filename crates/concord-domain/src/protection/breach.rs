//! A breach of a protection order as recorded: the day it happened, which
//! must fall within the order's life (on or after the day it was issued, on
//! or before its last day, never in the future), and what was done about
//! it.

use super::order::OrderDates;
use crate::form_fields::{required_date, required_label};
use crate::label::label_enum;
use crate::validation::Invalid;
use chrono::NaiveDate;
use serde::Deserialize;

label_enum! {
    /// What the recording agency did about the breach.
    pub enum BreachAction ("action taken") {
        Arrested => "arrested",
        Charged => "charged",
        WarningGiven => "warning_given",
        ReferredToProsecution => "referred_to_prosecution",
        ReturnedToCourt => "returned_to_court",
        NoFurtherAction => "no_further_action",
    }
}

/// A breach as submitted.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct BreachForm {
    pub breached_on: String,
    pub action_taken: String,
}

/// A checked breach.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NewBreach {
    pub breached_on: NaiveDate,
    pub action_taken: BreachAction,
}

impl BreachForm {
    /// `today` is the deployment's local date.
    pub fn validate(&self, order: &OrderDates, today: NaiveDate) -> Result<NewBreach, Invalid> {
        let mut invalid = Invalid::default();
        let breached_on = required_date(&mut invalid, "breached_on", &self.breached_on);
        let action_taken =
            required_label::<BreachAction>(&mut invalid, "action_taken", &self.action_taken);
        if let Some(day) = breached_on {
            if day > today {
                invalid.push("breached_on", "cannot be in the future");
            } else if day < order.issued_on {
                invalid.push("breached_on", "cannot be before the order was issued");
            } else if day > order.expires_on {
                invalid.push("breached_on", "cannot be after the order expired");
            }
        }
        match (breached_on, action_taken) {
            (Some(breached_on), Some(action_taken)) if invalid.problems.is_empty() => {
                Ok(NewBreach {
                    breached_on,
                    action_taken,
                })
            }
            _ => Err(invalid),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn order() -> OrderDates {
        OrderDates {
            kind: "protection_order".into(),
            issued_on: day("2026-03-01"),
            served_on: None,
            expires_on: day("2026-03-31"),
        }
    }

    fn problem(on: &str, today: &str) -> Option<String> {
        BreachForm {
            breached_on: on.into(),
            action_taken: "arrested".into(),
        }
        .validate(&order(), day(today))
        .err()
        .and_then(|i| i.problem_for("breached_on").map(str::to_string))
    }

    #[test]
    fn a_breach_falls_within_the_orders_life() {
        assert_eq!(
            problem("2026-02-28", "2026-04-10").as_deref(),
            Some("cannot be before the order was issued"),
            "the day before it was issued"
        );
        assert_eq!(problem("2026-03-01", "2026-04-10"), None, "the day issued");
        assert_eq!(problem("2026-03-31", "2026-04-10"), None, "its last day");
        assert_eq!(
            problem("2026-04-01", "2026-04-10").as_deref(),
            Some("cannot be after the order expired"),
            "the day after its last day"
        );
        assert_eq!(problem("2026-03-10", "2026-03-10"), None, "today");
        assert_eq!(
            problem("2026-03-11", "2026-03-10").as_deref(),
            Some("cannot be in the future")
        );
    }

    #[test]
    fn the_action_taken_is_one_of_the_list() {
        let invalid = BreachForm {
            breached_on: "2026-03-05".into(),
            action_taken: "scolded".into(),
        }
        .validate(&order(), day("2026-03-10"))
        .unwrap_err();
        assert_eq!(
            invalid.problem_for("action_taken"),
            Some("is not a known action taken")
        );
        let missing = BreachForm::default()
            .validate(&order(), day("2026-03-10"))
            .unwrap_err();
        assert_eq!(missing.problem_for("breached_on"), Some("is required"));
        assert_eq!(missing.problem_for("action_taken"), Some("is required"));
    }
}
