//! Concord's domain: the rules of a coordinated response as plain types and
//! pure functions. Nothing here performs I/O or knows about storage or HTTP,
//! so every rule can be tested exhaustively.

pub mod access;
pub mod account_recovery;
pub mod agency;
pub mod area;
pub mod audit;
pub mod case;
pub mod case_access;
pub mod consent;
pub mod coordination;
pub mod death;
pub mod directory;
pub mod form_fields;
pub mod governance;
pub mod homicide_review;
pub mod ids;
pub mod incident;
pub mod justice;
pub mod killing;
pub mod label;
pub mod language;
pub mod local_time;
pub mod paper_date;
pub mod password;
pub mod protection;
pub mod referral;
pub mod risk;
pub mod role;
pub mod session;
pub mod sign_in;
pub mod small_cells;
pub mod statistics;
pub mod statistics_release;
pub mod survivor;
pub mod user;
pub mod validation;

pub use validation::{FieldError, Invalid};
