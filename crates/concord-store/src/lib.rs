//! Storage for Concord: one trait ([`Store`]) with one implementation per
//! engine (`concord-store-sqlite`, `concord-store-postgres`).
//!
//! Every method that changes something takes the [`NewAuditEvent`] that
//! records it and writes both in one transaction: a change without its audit
//! event can never be committed, and neither can an audit event without its
//! change.

pub mod account_recovery;
pub mod cases;
pub mod conference_actions;
#[cfg(feature = "conformance")]
pub mod conformance;
pub mod deaths;
pub mod governance;
pub mod homicide_review;
pub mod justice;
pub mod master_key;
pub mod protection;
pub mod referrals;
pub mod risk;
pub mod rows;
pub mod service_directory;
pub mod statistics;
pub mod statistics_releases;
pub mod store;

pub use account_recovery::*;
pub use cases::*;
pub use conference_actions::*;
pub use deaths::*;
pub use governance::*;
pub use homicide_review::*;
pub use justice::*;
pub use master_key::*;
pub use protection::*;
pub use referrals::*;
pub use risk::*;
pub use rows::*;
pub use service_directory::*;
pub use statistics::*;
pub use statistics_releases::*;
pub use store::*;
