//! Risk identification: the instruments (loaded by administrators) and
//! each case's assessments with their history, trend and reassessment date.

mod assessments;
mod conference_actions;
mod conference_dataset;
mod conference_referral;
mod conferences;
mod instruments;
mod trend;

use crate::state::AppState;
use axum::Router;

pub fn routes() -> Router<AppState> {
    Router::new()
        .merge(instruments::routes())
        .merge(assessments::routes())
        .merge(conferences::routes())
        .merge(conference_actions::routes())
        .merge(conference_referral::routes())
        .merge(conference_dataset::routes())
}
