//! Governance of coordination (DOMAIN.md §1–§2, ESP Module 5): coordination
//! bodies with their members, chairs and subgroups; the instruments that bind
//! agencies (laws, MoUs, protocols…) through their lifecycle; meetings and
//! the action items they follow up, carried over and escalated; and the
//! measures of how integrated the response has become.
//!
//! Who edits what ([`access`]): a system administrator registers a body and
//! names its secretariat agency; users holding the coordination secretariat
//! role in that agency edit the body, its members, subgroups, instruments,
//! meetings, actions and self-assessment rounds; everyone with a directory
//! view (analysts included) reads; member agencies answer self-assessments.
//! Membership of a body never grants access to any case data: nothing here
//! is consulted by the case access decision.

pub mod access;
pub mod actions;
pub mod documents;
pub mod forms;
pub mod lifecycle;
pub mod metrics;
pub mod vocabulary;

pub use vocabulary::*;
