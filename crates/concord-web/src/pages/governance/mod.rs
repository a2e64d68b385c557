//! The governance of coordination: bodies, their members and subgroups,
//! meetings and action items, instruments and their documents, and the
//! measures (action plan coverage, scorecard, ESP governance matrix,
//! self-assessments with a trend chart rendered as SVG on the server).

mod bodies;
mod chart;
mod instruments;
pub use instruments::document_response;
mod measures;
mod meetings;

use crate::error::PageError;
use crate::pages::{FormErrors, PageContext};
use crate::session::Person;
use crate::state::AppState;
use axum::Router;
use axum::response::{IntoResponse, Redirect, Response};
use concord_app::AppError;
use concord_domain::label::Label;
use concord_store::AgencyRow;

pub fn routes() -> Router<AppState> {
    Router::new()
        .merge(bodies::routes())
        .merge(meetings::routes())
        .merge(instruments::routes())
        .merge(measures::routes())
}

/// A choice in a select.
pub struct Choice {
    pub value: String,
    pub label: String,
}

/// Every value of a vocabulary, labelled by `prefix-value` messages.
pub fn choices<T: Label>(ctx: &PageContext, prefix: &str) -> Vec<Choice> {
    T::all()
        .iter()
        .map(|v| Choice {
            value: v.label().to_string(),
            label: ctx
                .tr
                .t(&format!("{prefix}-{}", v.label().replace('_', "-"))),
        })
        .collect()
}

pub fn agency_choices(agencies: &[AgencyRow]) -> Vec<Choice> {
    agencies
        .iter()
        .map(|a| Choice {
            value: a.id.to_string(),
            label: a.name.clone(),
        })
        .collect()
}

/// What a governance form handler does with the use case's answer:
/// redirect on success; re-render the page with the form's problems (or a
/// conflict message); any other error as an error page.
pub async fn outcome<F, Fut>(
    ctx: &PageContext,
    result: Result<(), AppError>,
    redirect: String,
    render: F,
) -> Result<Response, PageError>
where
    F: FnOnce(FormErrors) -> Fut,
    Fut: std::future::Future<Output = Result<Response, PageError>>,
{
    match result {
        Ok(()) => Ok(Redirect::to(&redirect).into_response()),
        Err(AppError::Invalid(invalid)) => {
            render(FormErrors::from_invalid(&invalid, &ctx.tr)).await
        }
        Err(AppError::Conflict) => {
            render(FormErrors::message(ctx.tr.t("gov-conflict-reload"))).await
        }
        Err(other) => Err(other.into()),
    }
}

/// Whole percent or a dash.
pub fn percent(ratio: &concord_domain::governance::metrics::Ratio) -> String {
    match ratio.percent() {
        Some(p) => format!("{p}%"),
        None => "—".into(),
    }
}

/// Used by handlers that need the person only to decide what to show.
pub fn is_admin(person: &Person) -> bool {
    concord_domain::governance::access::may_register_bodies(&person.actor).is_ok()
}
