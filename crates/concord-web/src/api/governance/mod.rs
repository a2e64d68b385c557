//! `/api/v1` for the governance of coordination: bodies, members and
//! subgroups; meetings, attendance, decisions, minutes and action items;
//! instruments with versions, documents, signatories and consultations;
//! the scorecard, plan coverage, self-assessments and the ESP governance
//! matrix. Each handler calls the same use case as its page, so the same
//! rules and audit apply; bodies have the fields of the web form of the
//! same name.

mod bodies;
mod instruments;
mod meetings;

use serde_json::{Value, json};
use utoipa_axum::router::OpenApiRouter;

use crate::state::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(bodies::routes())
        .merge(meetings::routes())
        .merge(instruments::routes())
}

/// Declares a request body that is one of the domain's form structs,
/// documented as an object with the form's fields.
macro_rules! form_body {
    ($(#[$doc:meta])* $name:ident, $form:ty) => {
        $(#[$doc])*
        #[derive(serde::Deserialize, utoipa::ToSchema)]
        #[serde(transparent)]
        #[schema(value_type = Object)]
        pub struct $name(pub $form);
    };
}
pub(crate) use form_body;

form_body!(
    /// `text`: a decision or the minutes.
    TextBody,
    concord_domain::governance::forms::TextForm
);

pub(crate) fn rows<T: serde::Serialize>(rows: &[T]) -> Value {
    serde_json::to_value(rows).unwrap_or_else(|_| json!([]))
}

pub(crate) fn row<T: serde::Serialize>(row: &T) -> Value {
    serde_json::to_value(row).unwrap_or_else(|_| json!({}))
}
