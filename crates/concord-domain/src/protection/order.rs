//! A protection order as recorded: its kind (from the deployment's list),
//! who issued it, its dates (issued ≤ served, issued < expiring, neither
//! issued nor served in the future), its conditions (personal: kept
//! encrypted), and the reminder before it expires.

use super::kinds::OrderKindList;
use crate::form_fields::required_date;
use crate::validation::{Invalid, required_text};
use chrono::NaiveDate;
use serde::Deserialize;

/// How many days before an order expires the owning agency and her
/// advocate are reminded.
pub const REMINDER_DAYS: i64 = 14;

const MAX_ISSUED_BY_CHARS: usize = 200;
const MAX_CONDITIONS_CHARS: usize = 2000;

/// An order as submitted (page or API); dates are local days `YYYY-MM-DD`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct OrderForm {
    pub kind: String,
    /// The court or authority that made it.
    #[serde(default)]
    pub issued_by: String,
    pub issued_on: String,
    /// Empty while it has not been served.
    #[serde(default)]
    pub served_on: String,
    pub expires_on: String,
    /// What the order forbids or requires; may be empty.
    #[serde(default)]
    pub conditions: String,
}

/// An order's kind and checked dates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderDates {
    /// A key of the deployment's [`OrderKindList`].
    pub kind: String,
    pub issued_on: NaiveDate,
    pub served_on: Option<NaiveDate>,
    /// Its last day in force.
    pub expires_on: NaiveDate,
}

/// A checked order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewOrder {
    pub dates: OrderDates,
    pub issued_by: String,
    /// Personal: encrypted before it is stored.
    pub conditions: Option<String>,
}

impl OrderForm {
    /// `today` is the deployment's local date: an order cannot be issued
    /// or served in the future (it may expire in the future, of course).
    pub fn validate(&self, kinds: &OrderKindList, today: NaiveDate) -> Result<NewOrder, Invalid> {
        let mut invalid = Invalid::default();
        let kind = self.kind.trim();
        if kind.is_empty() {
            invalid.push("kind", "is required");
        } else if kinds.get(kind).is_none() {
            invalid.push("kind", "is not a known kind of order");
        }
        let issued_by = required_text(
            &mut invalid,
            "issued_by",
            &self.issued_by,
            MAX_ISSUED_BY_CHARS,
        );
        let issued_on = required_date(&mut invalid, "issued_on", &self.issued_on);
        let served_on = if self.served_on.trim().is_empty() {
            None
        } else {
            required_date(&mut invalid, "served_on", &self.served_on)
        };
        let expires_on = required_date(&mut invalid, "expires_on", &self.expires_on);
        let conditions = self.conditions.trim();
        if conditions.chars().count() > MAX_CONDITIONS_CHARS {
            invalid.push(
                "conditions",
                format!("must be at most {MAX_CONDITIONS_CHARS} characters"),
            );
        }
        if issued_on.is_some_and(|d| d > today) {
            invalid.push("issued_on", "cannot be in the future");
        }
        if served_on.is_some_and(|d| d > today) {
            invalid.push("served_on", "cannot be in the future");
        }
        if let (Some(issued), Some(served)) = (issued_on, served_on)
            && served < issued
        {
            invalid.push("served_on", "cannot be before the order was issued");
        }
        if let (Some(issued), Some(expires)) = (issued_on, expires_on)
            && expires <= issued
        {
            invalid.push("expires_on", "must be after the day it was issued");
        }
        match (issued_on, expires_on) {
            (Some(issued_on), Some(expires_on)) if invalid.problems.is_empty() => Ok(NewOrder {
                dates: OrderDates {
                    kind: kind.to_string(),
                    issued_on,
                    served_on,
                    expires_on,
                },
                issued_by,
                conditions: (!conditions.is_empty()).then(|| conditions.to_string()),
            }),
            _ => Err(invalid),
        }
    }
}

/// Whether the reminder is due `today`: from [`REMINDER_DAYS`] before the
/// last day of the order until that day; not once it has expired.
pub fn expiry_reminder_due(expires_on: NaiveDate, today: NaiveDate) -> bool {
    let left = (expires_on - today).num_days();
    (0..=REMINDER_DAYS).contains(&left)
}

/// The last day of orders whose reminder is due `today`: from today to
/// [`REMINDER_DAYS`] ahead (what a store query asks for).
pub fn reminder_window(today: NaiveDate) -> (NaiveDate, NaiveDate) {
    (today, today + chrono::Duration::days(REMINDER_DAYS))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn form(issued: &str, served: &str, expires: &str) -> OrderForm {
        OrderForm {
            kind: "protection_order".into(),
            issued_by: "Central Family Court".into(),
            issued_on: issued.into(),
            served_on: served.into(),
            expires_on: expires.into(),
            conditions: "Not to come within 100 m of her home".into(),
        }
    }

    fn check(f: OrderForm, today: NaiveDate) -> Result<NewOrder, Invalid> {
        f.validate(&OrderKindList::default(), today)
    }

    #[test]
    fn dates_in_their_order() {
        let today = day("2026-03-02");
        let ok = check(form("2026-03-01", "2026-03-02", "2026-09-01"), today).unwrap();
        assert_eq!(ok.dates.served_on, Some(today));
        assert_eq!(ok.issued_by, "Central Family Court");
        assert!(
            check(form("2026-03-01", "", "2026-03-02"), today).is_ok(),
            "not served yet"
        );
        let problem = |f: OrderForm, field: &str| {
            check(f, today)
                .unwrap_err()
                .problem_for(field)
                .map(str::to_string)
        };
        assert_eq!(
            problem(form("2026-03-02", "2026-03-01", "2026-09-01"), "served_on").as_deref(),
            Some("cannot be before the order was issued")
        );
        assert_eq!(
            problem(form("2026-03-02", "", "2026-03-02"), "expires_on").as_deref(),
            Some("must be after the day it was issued")
        );
        assert_eq!(
            problem(form("2026-03-03", "", "2026-09-01"), "issued_on").as_deref(),
            Some("cannot be in the future")
        );
        let mut bad_kind = form("2026-03-01", "", "2026-09-01");
        bad_kind.kind = "injunction".into();
        assert_eq!(
            check(bad_kind, today).unwrap_err().problem_for("kind"),
            Some("is not a known kind of order")
        );
        let mut no_issuer = form("2026-03-01", "", "2026-09-01");
        no_issuer.issued_by = " ".into();
        assert_eq!(
            check(no_issuer, today)
                .unwrap_err()
                .problem_for("issued_by"),
            Some("is required")
        );
    }

    #[test]
    fn conditions_are_optional_and_bounded() {
        let today = day("2026-03-02");
        let mut none = form("2026-03-01", "", "2026-09-01");
        none.conditions = "  ".into();
        assert_eq!(check(none, today).unwrap().conditions, None);
        let mut long = form("2026-03-01", "", "2026-09-01");
        long.conditions = "x".repeat(2001);
        assert!(
            check(long, today)
                .unwrap_err()
                .problem_for("conditions")
                .is_some()
        );
    }

    #[test]
    fn reminded_in_the_last_fourteen_days_only() {
        let expires = day("2026-03-31");
        let before = |n: i64| expires - chrono::Duration::days(n);
        assert!(!expiry_reminder_due(expires, before(15)));
        assert!(expiry_reminder_due(expires, before(14)));
        assert!(expiry_reminder_due(expires, before(0)), "its last day");
        assert!(!expiry_reminder_due(expires, before(-1)), "expired");
        let (from, to) = reminder_window(before(14));
        assert_eq!((from, to), (before(14), expires));
    }
}
