//! Protection orders and their breaches (issue 16, part 2): the kinds of
//! order, the dates that must agree (issued, served, expiring), when the
//! agencies are reminded before an order expires, and how breaches count
//! toward a risk conference's potential-escalation criterion. Pure rules;
//! storage, pages and the API are not built yet.

mod escalation;
mod order;

pub use escalation::{EscalationCount, escalation_events_in_window};
pub use order::{OrderDates, OrderForm, OrderKind, REMINDER_DAYS, expiry_reminder_due};
