//! Survivors' cases: the caseload, registering a survivor, the case file
//! and what is recorded on it, and break-glass.

mod break_glass;
mod case_file;
mod caseload;
mod homicide_review;
mod incidents;
mod justice;
mod notes;
mod protection;
mod records;
mod register;
mod rights;
mod survivor;

use crate::state::AppState;
use axum::Router;

pub fn routes() -> Router<AppState> {
    Router::new()
        .merge(caseload::routes())
        .merge(register::routes())
        .merge(case_file::routes())
        .merge(incidents::routes())
        .merge(justice::routes())
        .merge(protection::routes())
        .merge(homicide_review::routes())
        .merge(records::routes())
        .merge(notes::routes())
        .merge(break_glass::routes())
        .merge(rights::routes())
        .merge(survivor::routes())
}
