//! Protection orders and their breaches (issue 16, part 2): the kinds of
//! order (a configurable list), the dates that must agree (issued, served,
//! expiring), a breach within the order's life, when the agencies are
//! reminded before an order expires, and how breaches count toward a risk
//! conference's potential-escalation criterion.

mod breach;
mod escalation;
mod kinds;
mod order;
mod recorders;

pub use breach::{BreachAction, BreachForm, NewBreach};
pub use escalation::{EscalationCount, escalation_events_in_window};
pub use kinds::{OrderKind, OrderKindList};
pub use order::{
    NewOrder, OrderDates, OrderForm, REMINDER_DAYS, expiry_reminder_due, reminder_window,
};
pub use recorders::{ORDER_RECORDING_SECTORS, may_record_orders};
