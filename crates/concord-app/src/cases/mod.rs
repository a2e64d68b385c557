//! Survivors' cases: registration, the case file, the case-management
//! steps, incidents, consent and sharing, break-glass, notes. Every
//! operation goes through [`access`], which asks the one access decision in
//! `concord-domain` and audits the outcome.

pub mod access;
pub mod break_glass;
pub mod file;
pub mod notes;
pub mod plans;
pub mod records;
pub mod rights;
pub mod survivors;
pub mod workflow;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, Utc};

/// Dates on forms are local to the deployment. For now the deployment's
/// offset from UTC is fixed at UTC; a later issue makes it an agency
/// setting.
pub(crate) fn local_now(now: DateTime<Utc>) -> NaiveDateTime {
    now.with_timezone(&FixedOffset::east_opt(0).expect("UTC offset"))
        .naive_local()
}

pub(crate) fn local_today(now: DateTime<Utc>) -> NaiveDate {
    local_now(now).date()
}
