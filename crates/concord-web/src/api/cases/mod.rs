//! `/api/v1` for survivors' cases: every resource the case pages offer.
//! Each handler calls the same use case as its page, so the one access
//! decision and the audit apply unchanged; bodies have the fields of the
//! web form of the same name, and errors are the API's error body.
//!
//! - `file`: the caseload and the case file (only the categories the
//!   caller may read);
//! - `survivors`: registering a survivor and finding one already
//!   registered;
//! - `assignment`: who carries a case, and reassigning it;
//! - `records`: case steps, incidents, consent and its withdrawal, sharing
//!   and its early end;
//! - `notes`: case notes, their edits and their versions;
//! - `plans`: the action plan's goals, the safety plan, tasks and "my
//!   work";
//! - `rights`: her rights over her data, and the agency's case settings;
//! - `break_glass`: emergency access and its review.

mod assignment;
mod break_glass;
mod file;
mod notes;
mod plans;
mod records;
mod rights;
mod survivors;

use crate::error::ApiError;
use crate::state::AppState;
use concord_domain::consent::Purpose;
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(file::routes())
        .merge(assignment::routes())
        .merge(survivors::routes())
        .merge(records::routes())
        .merge(notes::routes())
        .merge(plans::routes())
        .merge(rights::routes())
        .merge(break_glass::routes())
}

/// `?purpose=` on reads of a case: required when the case is another
/// agency's.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
struct PurposeParams {
    /// Why the case is read: required for another agency's case
    /// (e.g. `referral_for_services`).
    #[param(schema_with = crate::api::purpose_schema)]
    purpose: Option<String>,
}

impl PurposeParams {
    fn purpose(&self) -> Result<Option<Purpose>, ApiError> {
        match self.purpose.as_deref().map(str::trim) {
            None | Some("") => Ok(None),
            Some(text) => Purpose::parse(text).map(Some).ok_or_else(|| {
                concord_domain::Invalid::one("purpose", "is not a known purpose").into()
            }),
        }
    }
}
