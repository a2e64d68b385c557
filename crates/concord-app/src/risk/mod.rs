//! Risk identification: instruments loaded as data files and assessments
//! of cases. Assessments are case data of the `risk` category: every read
//! and write goes through the one case access decision and its audit
//! (`crate::cases::access`).

pub mod assessments;
pub mod conference_actions;
pub mod conference_advocacy;
pub mod conference_casework;
pub mod conference_dataset;
pub mod conference_meetings;
pub mod conferences;
pub mod instruments;
