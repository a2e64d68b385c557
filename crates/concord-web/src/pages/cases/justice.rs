//! A case's justice chain: the steps as a timeline in the order they
//! happened, and — for an agency of a sector that records steps — the form
//! to record one. Reads and writes go through the case access decision
//! (category `justice`) like the rest of the case; a step the chain's order
//! does not allow is refused with what it needs first (409).

use super::register::choices;
use crate::error::PageError;
use crate::pages::{FormErrors, PageChrome, PageContext};
use crate::session::Person;
use crate::state::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use concord_app::AppError;
use concord_app::justice::JusticeFile;
use concord_domain::consent::Purpose;
use concord_domain::ids::CaseId;
use concord_domain::justice::{
    ChargeOutcome, HearingOutcome, JusticeEventForm, NoFurtherActionReason, SentenceKind,
    SpecialMeasure, Verdict, WithdrawalReason,
};
use concord_domain::label::Label;

pub fn routes() -> Router<AppState> {
    Router::new().route("/cases/{id}/justice", get(show).post(record))
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
struct JusticeQuery {
    purpose: String,
}

/// A choice in a select whose values may come from configuration.
pub struct Pick {
    pub value: String,
    pub label: String,
}

/// A group of choices shown under one heading of a select.
pub struct ChoiceGroup {
    pub label: String,
    pub choices: Vec<Pick>,
}

fn picks<T: Label>(ctx: &PageContext, prefix: &str) -> Vec<Pick> {
    choices::<T>(ctx, prefix)
        .into_iter()
        .map(|c| Pick {
            value: c.value.to_string(),
            label: c.label,
        })
        .collect()
}

#[derive(Template, WebTemplate)]
#[template(path = "case_justice.html")]
struct JusticePage {
    page: PageChrome,
    file: JusticeFile,
    kinds: Vec<Pick>,
    outcomes: Vec<ChoiceGroup>,
    reasons: Vec<ChoiceGroup>,
    form: JusticeEventForm,
    errors: FormErrors,
    purpose: String,
}

fn group(ctx: &PageContext, heading: &str, choices: Vec<Pick>) -> ChoiceGroup {
    ChoiceGroup {
        label: ctx.tr.t(heading),
        choices,
    }
}

fn outcome_groups(ctx: &PageContext, state: &AppState) -> Vec<ChoiceGroup> {
    let offences = state
        .app
        .justice_offences()
        .offences
        .iter()
        .map(|o| Pick {
            value: o.key.clone(),
            label: format!("{} (ICCS {})", o.name, o.iccs),
        })
        .collect();
    vec![
        group(ctx, "justice-kind-crime-recorded", offences),
        group(
            ctx,
            "justice-kind-charge-decision",
            picks::<ChargeOutcome>(ctx, "justice-outcome"),
        ),
        group(
            ctx,
            "justice-kind-court-hearing",
            picks::<HearingOutcome>(ctx, "justice-outcome"),
        ),
        group(
            ctx,
            "justice-kind-special-measures",
            picks::<SpecialMeasure>(ctx, "justice-outcome"),
        ),
        group(
            ctx,
            "justice-kind-verdict",
            picks::<Verdict>(ctx, "justice-outcome"),
        ),
        group(
            ctx,
            "justice-kind-sentence",
            picks::<SentenceKind>(ctx, "justice-outcome"),
        ),
    ]
}

fn reason_groups(ctx: &PageContext) -> Vec<ChoiceGroup> {
    vec![
        group(
            ctx,
            "justice-outcome-no-further-action",
            picks::<NoFurtherActionReason>(ctx, "justice-reason"),
        ),
        group(
            ctx,
            "justice-kind-support-withdrawn",
            picks::<WithdrawalReason>(ctx, "justice-reason"),
        ),
    ]
}

async fn page(
    state: &AppState,
    ctx: &PageContext,
    person: &Person,
    id: CaseId,
    purpose: &str,
    form: JusticeEventForm,
    errors: FormErrors,
) -> Result<JusticePage, PageError> {
    let file = state
        .app
        .read_justice(&person.actor, id, Purpose::parse(purpose))
        .await?;
    Ok(JusticePage {
        page: ctx.chrome(person, "justice-title", "nav-cases"),
        file,
        kinds: picks::<concord_domain::justice::JusticeEventKind>(ctx, "justice-kind"),
        outcomes: outcome_groups(ctx, state),
        reasons: reason_groups(ctx),
        form,
        errors,
        purpose: purpose.to_string(),
    })
}

async fn show(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path(id): Path<CaseId>,
    Query(query): Query<JusticeQuery>,
) -> Result<Response, PageError> {
    let today = state.app.today().to_string();
    let form = JusticeEventForm {
        occurred_on: today,
        ..JusticeEventForm::default()
    };
    let page = page(
        &state,
        &ctx,
        &person,
        id,
        &query.purpose,
        form,
        FormErrors::default(),
    )
    .await?;
    Ok(page.into_response())
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
struct StepFields {
    kind: String,
    occurred_on: String,
    outcome: String,
    reason: String,
    detail: String,
}

fn given(text: String) -> Option<String> {
    (!text.trim().is_empty()).then_some(text)
}

async fn record(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path(id): Path<CaseId>,
    Query(query): Query<JusticeQuery>,
    posted: crate::pages::Posted<StepFields>,
) -> Result<Response, PageError> {
    let fields = posted.checked_for(&person)?;
    let form = JusticeEventForm {
        kind: fields.kind,
        occurred_on: fields.occurred_on,
        outcome: given(fields.outcome),
        reason: given(fields.reason),
        detail: given(fields.detail),
    };
    let purpose = Purpose::parse(&query.purpose);
    let (status, errors) = match state
        .app
        .record_justice_event(&person.actor, id, &form, purpose)
        .await
    {
        Ok(_) => {
            let back = match purpose {
                Some(p) => format!("/cases/{id}/justice?purpose={}", p.as_str()),
                None => format!("/cases/{id}/justice"),
            };
            return Ok(Redirect::to(&back).into_response());
        }
        Err(AppError::Invalid(invalid)) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            FormErrors::from_invalid(&invalid, &ctx.tr),
        ),
        Err(AppError::OutOfOrder { field, message, .. }) => (
            StatusCode::CONFLICT,
            FormErrors {
                problems: vec![(
                    field.to_string(),
                    format!(
                        "{}: {}",
                        ctx.tr.field_label(field),
                        ctx.tr.message(&message)
                    ),
                )],
                ..FormErrors::default()
            },
        ),
        Err(other) => return Err(other.into()),
    };
    let page = page(&state, &ctx, &person, id, &query.purpose, form, errors).await?;
    Ok((status, page).into_response())
}
