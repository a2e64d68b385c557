//! Releases of published statistics (DOMAIN.md §5, §8; issue 13 §4–5): an
//! analyst prepares a release of an indicator set for a period and an area;
//! its tables are computed, suppressed and frozen then; every contributing
//! agency's designated person signs it off or refuses it with a reason; once
//! all have signed it is published and never changes.
//!
//! The tables are a generic [`table::PublishedTable`] (title, definition,
//! rows of cells that are a count, a percentage or "suppressed") so any
//! indicator set that suppresses its own small cells can be released.

pub mod canonical;
pub mod dhis2;
pub mod form;
pub mod gbv_incidents;
pub mod indicator_set;
pub mod period;
pub mod risk_conference;
pub mod table;
pub mod workflow;

pub use canonical::{PublishedRelease, ReleaseSignature};
pub use form::{ReleaseForm, ReleaseRequest};
pub use indicator_set::{Breakdown, IndicatorSet};
pub use period::{PeriodKind, ReleasePeriod};
pub use table::{Cell, PublishedTable, TableRow};
pub use workflow::{
    ReleaseDecision, ReleaseRefusal, ReleaseStatus, SignOff, decide, signing_role, withdraw,
};
