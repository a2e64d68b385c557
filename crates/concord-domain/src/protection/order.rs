//! A protection order's kind and dates, and the reminder before it expires.

use crate::form_fields::required_date;
use crate::label::label_enum;
use crate::validation::Invalid;
use chrono::NaiveDate;
use serde::Deserialize;

label_enum! {
    /// The kind of order (issue 16 §2).
    pub enum OrderKind ("kind of order") {
        EmergencyBarringOrder => "emergency_barring_order",
        ProtectionOrder => "protection_order",
        NonMolestationOrder => "non_molestation_order",
        BailConditions => "bail_conditions",
        Other => "other",
    }
}

/// How many days before an order expires the owning agency and her
/// advocate are reminded.
pub const REMINDER_DAYS: i64 = 14;

/// An order's dates as submitted.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct OrderForm {
    pub kind: String,
    pub issued_on: String,
    /// Empty while it has not been served.
    #[serde(default)]
    pub served_on: String,
    pub expires_on: String,
}

/// Checked dates: issued ≤ served ≤ expiring, issued after expiring never.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OrderDates {
    pub kind: OrderKind,
    pub issued_on: NaiveDate,
    pub served_on: Option<NaiveDate>,
    pub expires_on: NaiveDate,
}

impl OrderForm {
    /// `today` is the deployment's local date: an order cannot be issued
    /// or served in the future (it may expire in the future, of course).
    pub fn validate(&self, today: NaiveDate) -> Result<OrderDates, Invalid> {
        let mut invalid = Invalid::default();
        let kind =
            crate::form_fields::required_label::<OrderKind>(&mut invalid, "kind", &self.kind);
        let issued_on = required_date(&mut invalid, "issued_on", &self.issued_on);
        let served_on = if self.served_on.trim().is_empty() {
            None
        } else {
            required_date(&mut invalid, "served_on", &self.served_on)
        };
        let expires_on = required_date(&mut invalid, "expires_on", &self.expires_on);
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
        match (kind, issued_on, expires_on) {
            (Some(kind), Some(issued_on), Some(expires_on)) if invalid.problems.is_empty() => {
                Ok(OrderDates {
                    kind,
                    issued_on,
                    served_on,
                    expires_on,
                })
            }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn form(issued: &str, served: &str, expires: &str) -> OrderForm {
        OrderForm {
            kind: "protection_order".into(),
            issued_on: issued.into(),
            served_on: served.into(),
            expires_on: expires.into(),
        }
    }

    #[test]
    fn dates_in_their_order() {
        let today = day("2026-03-02");
        let ok = form("2026-03-01", "2026-03-02", "2026-09-01")
            .validate(today)
            .unwrap();
        assert_eq!(ok.served_on, Some(today));
        assert!(
            form("2026-03-01", "", "2026-03-02").validate(today).is_ok(),
            "not served yet"
        );
        let problem = |f: OrderForm, field: &str| {
            f.validate(today)
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
            bad_kind.validate(today).unwrap_err().problem_for("kind"),
            Some("is not a known kind of order")
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
    }
}
