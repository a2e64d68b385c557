//! Statistics releases (issue 13 §4–5): an analyst prepares a release, the
//! designated person of every contributing agency signs it off or refuses
//! it, the last signature publishes it; published releases are read and
//! downloaded (canonical JSON, CSV, XLSX, DHIS2 `dataValueSets`) and any
//! download of the JSON or CSV can be checked against the audit log
//! (`concord statistics verify`). The rules are in
//! `concord_domain::statistics_release`.

mod decide;
pub mod export;
mod notices;
mod prepare;
mod read;
pub mod verify;
mod xlsx;

pub use export::{ExportFormat, ReleaseFile};
pub use notices::{PUBLISHED_NOTICE_DAYS, ReleaseNotices};
pub use read::{ContributorView, ReleaseView};
pub use verify::{Verification, VerifyProblem};

/// The audit object type of a release.
pub const AUDIT_OBJECT: &str = "statistics_release";
