//! Concord's domain: the rules of a coordinated response as plain types and
//! pure functions. Nothing here performs I/O or knows about storage or HTTP,
//! so every rule can be tested exhaustively.

pub mod access;
pub mod agency;
pub mod area;
pub mod audit;
pub mod coordination;
pub mod ids;
pub mod password;
pub mod role;
pub mod session;
pub mod sign_in;
pub mod user;
pub mod validation;

pub use validation::{FieldError, Invalid};
