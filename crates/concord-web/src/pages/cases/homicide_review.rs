//! The domestic homicide review on pages: the owning agency's supervisor
//! grants and revokes a review panel's access to a case's chronology
//! (`/cases/{id}/review`); the panel's members read it
//! (`/cases/{id}/chronology`) and print it (`/cases/{id}/chronology/print`,
//! audited as an export). Every word through Fluent; facts from closed
//! vocabularies in the reader's language.

use super::justice::Pick;
use crate::error::PageError;
use crate::i18n::Tr;
use crate::pages::{FormErrors, NoFields, PageChrome, PageContext, Posted};
use crate::session::Person;
use crate::state::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use concord_app::AppError;
use concord_app::homicide_review::chronology::{Chronology, ChronologyUse};
use concord_app::homicide_review::grants::ReviewGrants;
use concord_domain::homicide_review::{Fact, ReviewGrantForm};
use concord_domain::ids::{CaseId, ReviewGrantId};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/cases/{id}/review", get(show_grants).post(grant))
        .route("/cases/{id}/review/{grant}/revoke", post(revoke))
        .route("/cases/{id}/chronology", get(show_chronology))
        .route("/cases/{id}/chronology/print", get(print_chronology))
}

// ------------------------------------------------------------------ grants

#[derive(Template, WebTemplate)]
#[template(path = "case_review.html")]
struct GrantsPage {
    page: PageChrome,
    review: ReviewGrants,
    bodies: Vec<Pick>,
    form: ReviewGrantForm,
    errors: FormErrors,
}

const LABELS: [(&str, &str); 3] = [
    ("body", "review-field-body"),
    ("reason", "review-field-reason"),
    ("remit_confirmed", "review-field-remit"),
];

async fn grants_page(
    state: &AppState,
    ctx: &PageContext,
    person: &Person,
    id: CaseId,
    form: ReviewGrantForm,
    errors: FormErrors,
) -> Result<GrantsPage, PageError> {
    let review = state.app.review_grants(&person.actor, id).await?;
    let bodies = review
        .bodies
        .iter()
        .map(|b| Pick {
            value: b.id.to_string(),
            label: format!(
                "{} ({})",
                b.name,
                ctx.tr.t(&format!(
                    "body-type-{}",
                    b.body_type.as_str().replace('_', "-")
                ))
            ),
        })
        .collect();
    Ok(GrantsPage {
        page: ctx.chrome(person, "review-title", "nav-cases"),
        review,
        bodies,
        form,
        errors,
    })
}

async fn show_grants(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path(id): Path<CaseId>,
) -> Result<Response, PageError> {
    let page = grants_page(
        &state,
        &ctx,
        &person,
        id,
        ReviewGrantForm::default(),
        FormErrors::default(),
    )
    .await?;
    Ok(page.into_response())
}

async fn grant(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path(id): Path<CaseId>,
    posted: Posted<ReviewGrantForm>,
) -> Result<Response, PageError> {
    let form = posted.checked_for(&person)?;
    match state.app.grant_review(&person.actor, id, &form).await {
        Ok(_) => Ok(Redirect::to(&format!("/cases/{id}/review")).into_response()),
        Err(AppError::Invalid(invalid)) => {
            let errors = FormErrors::from_invalid_labelled(&invalid, &ctx.tr, &LABELS);
            let page = grants_page(&state, &ctx, &person, id, form, errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(other) => Err(other.into()),
    }
}

async fn revoke(
    State(state): State<AppState>,
    person: Person,
    Path((id, grant)): Path<(CaseId, ReviewGrantId)>,
    posted: Posted<NoFields>,
) -> Result<Response, PageError> {
    posted.checked_for(&person)?;
    state.app.revoke_review(&person.actor, id, grant).await?;
    Ok(Redirect::to(&format!("/cases/{id}/review")).into_response())
}

// -------------------------------------------------------------- chronology

/// One contact as a row of the table, in the reader's language.
pub struct ContactRow {
    pub day: String,
    pub time: String,
    pub agency: String,
    pub kind: &'static str,
    pub kind_text: String,
    /// `(name, value)`.
    pub facts: Vec<(String, String)>,
}

fn fact_text(tr: &Tr, fact: &Fact) -> (String, String) {
    let value = match &fact.message {
        Some(key) => tr.t(key),
        None => fact.value.clone(),
    };
    (
        tr.t(&format!("chronology-fact-{}", fact.name.replace('_', "-"))),
        value,
    )
}

fn rows(ctx: &PageContext, chronology: &Chronology) -> Vec<ContactRow> {
    chronology
        .entries
        .iter()
        .map(|e| ContactRow {
            day: e.contact.day.to_string(),
            time: e
                .contact
                .at
                .map(|at| {
                    concord_domain::local_time::local_of(ctx.tz, at)
                        .format("%H:%M")
                        .to_string()
                })
                .unwrap_or_default(),
            agency: e.agency_name.clone().unwrap_or_default(),
            kind: e.contact.kind.as_str(),
            kind_text: ctx.tr.t(&format!(
                "chronology-kind-{}",
                e.contact.kind.as_str().replace('_', "-")
            )),
            facts: e
                .contact
                .facts
                .iter()
                .map(|f| fact_text(&ctx.tr, f))
                .collect(),
        })
        .collect()
}

#[derive(Template, WebTemplate)]
#[template(path = "case_chronology.html")]
struct ChronologyPage {
    page: PageChrome,
    chronology: Chronology,
    rows: Vec<ContactRow>,
    printable: bool,
}

async fn chronology_page(
    state: &AppState,
    ctx: &PageContext,
    person: &Person,
    id: CaseId,
    purpose: ChronologyUse,
) -> Result<Response, PageError> {
    let chronology = state
        .app
        .read_chronology(&person.actor, id, purpose)
        .await?;
    let rows = rows(ctx, &chronology);
    Ok(ChronologyPage {
        page: ctx.chrome(person, "chronology-title", "nav-cases"),
        chronology,
        rows,
        printable: purpose == ChronologyUse::ExportedForPrint,
    }
    .into_response())
}

async fn show_chronology(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path(id): Path<CaseId>,
) -> Result<Response, PageError> {
    chronology_page(&state, &ctx, &person, id, ChronologyUse::Viewed).await
}

async fn print_chronology(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path(id): Path<CaseId>,
) -> Result<Response, PageError> {
    chronology_page(&state, &ctx, &person, id, ChronologyUse::ExportedForPrint).await
}
