//! Survivors' cases: registration, the case file, the case-management
//! steps, who carries a case, incidents, consent and sharing, break-glass,
//! notes. Every operation goes through [`access`], which asks the one access
//! decision in `concord-domain` and audits the outcome.

pub mod access;
pub mod assignment;
pub mod break_glass;
pub mod file;
pub mod notes;
pub mod plans;
pub mod records;
pub mod rights;
pub mod survivors;
pub mod workflow;
