//! Recording on a case: steps, who carries it, consents, sharing, plans and
//! tasks (incidents have their own step-by-step page, `incidents.rs`; notes are
//! in `notes.rs`). Each handler re-renders the case page with the errors
//! of its form.

use super::case_file::render_case;
use crate::error::PageError;
use crate::pages::{FormErrors, NoFields, PageContext, Posted};
use crate::session::Person;
use crate::state::AppState;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use concord_app::AppError;
use concord_app::cases::plans::{GoalForm, SafetyPlanForm, TaskForm};
use concord_app::cases::workflow::CaseStepForm;
use concord_domain::case::AssignmentForm;
use concord_domain::consent::{ConsentForm, SharingForm};
use concord_domain::ids::{CaseId, ConsentId, SharingId, TaskId};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/cases/{id}/steps", post(step))
        .route("/cases/{id}/assignment", post(assign))
        .route("/cases/{id}/consents", post(consent))
        .route("/cases/{id}/consents/{consent}/withdraw", post(withdraw))
        .route("/cases/{id}/sharings", post(sharing))
        .route("/cases/{id}/sharings/{sharing}/revoke", post(revoke))
        .route("/cases/{id}/goals", post(save_goal))
        .route("/cases/{id}/safety-plan", post(save_safety_plan))
        .route("/cases/{id}/tasks", post(create_task))
        .route("/cases/{id}/tasks/{task}/done", post(complete_task))
}

fn back(id: CaseId, anchor: &str) -> Response {
    Redirect::to(&format!("/cases/{id}#{anchor}")).into_response()
}

/// The case page again with this form's problems, or the error itself.
pub(super) async fn outcome(
    state: &AppState,
    ctx: &PageContext,
    person: &Person,
    id: CaseId,
    result: Result<(), AppError>,
    anchor: &str,
) -> Result<Response, PageError> {
    outcome_linking(state, ctx, person, id, result, anchor, &[]).await
}

/// As `outcome`, for a form whose fields are not all `field-<name>` on the
/// case page (`(field, element id)`): the consent and sharing forms share
/// field names.
async fn outcome_linking(
    state: &AppState,
    ctx: &PageContext,
    person: &Person,
    id: CaseId,
    result: Result<(), AppError>,
    anchor: &str,
    fields: &[(&'static str, &'static str)],
) -> Result<Response, PageError> {
    match result {
        Ok(()) => Ok(back(id, anchor)),
        Err(AppError::Invalid(invalid)) => {
            let errors =
                FormErrors::from_invalid(&invalid, &ctx.tr).linking(fields.iter().copied());
            render_case(state, ctx, person, id, None, errors).await
        }
        Err(AppError::Conflict) => {
            let errors = FormErrors::message(ctx.tr.t("conflict-reload"));
            render_case(state, ctx, person, id, None, errors).await
        }
        Err(other) => Err(other.into()),
    }
}

async fn step(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path(id): Path<CaseId>,
    form: Posted<CaseStepForm>,
) -> Result<Response, PageError> {
    let form = form.checked_for(&person)?;
    let result = state
        .app
        .take_case_step(&person.actor, id, &form)
        .await
        .map(|_| ());
    outcome_linking(
        &state,
        &ctx,
        &person,
        id,
        result,
        "steps",
        &[("reason", "field-closure-reason")],
    )
    .await
}

async fn assign(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path(id): Path<CaseId>,
    form: Posted<AssignmentForm>,
) -> Result<Response, PageError> {
    let form = form.checked_for(&person)?;
    let result = state
        .app
        .assign_case(&person.actor, id, &form)
        .await
        .map(|_| ());
    outcome(&state, &ctx, &person, id, result, "steps").await
}

async fn consent(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path(id): Path<CaseId>,
    form: Posted<ConsentForm>,
) -> Result<Response, PageError> {
    let form = form.checked_for(&person)?;
    let result = state
        .app
        .record_consent(&person.actor, id, &form)
        .await
        .map(|_| ());
    outcome_linking(
        &state,
        &ctx,
        &person,
        id,
        result,
        "consent",
        &[
            ("purposes", "consent-field-purposes"),
            ("categories", "consent-field-categories"),
        ],
    )
    .await
}

async fn withdraw(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path((id, consent)): Path<(CaseId, ConsentId)>,
    form: Posted<NoFields>,
) -> Result<Response, PageError> {
    form.checked_for(&person)?;
    let result = state.app.withdraw_consent(&person.actor, id, consent).await;
    outcome(&state, &ctx, &person, id, result, "consent").await
}

async fn sharing(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path(id): Path<CaseId>,
    form: Posted<SharingForm>,
) -> Result<Response, PageError> {
    let mut form = form.checked_for(&person)?;
    // The supervisor recording it is the decision maker.
    form.decision_maker = person.actor.user_id.to_string();
    let result = state
        .app
        .record_sharing(&person.actor, id, &form)
        .await
        .map(|_| ());
    outcome_linking(
        &state,
        &ctx,
        &person,
        id,
        result,
        "consent",
        &[
            ("recipient_agency", "field-sharing-recipient"),
            ("categories", "sharing-field-categories"),
            ("valid_until", "sharing-valid_until"),
        ],
    )
    .await
}

async fn revoke(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path((id, sharing)): Path<(CaseId, SharingId)>,
    form: Posted<NoFields>,
) -> Result<Response, PageError> {
    form.checked_for(&person)?;
    let result = state.app.revoke_sharing(&person.actor, id, sharing).await;
    outcome(&state, &ctx, &person, id, result, "consent").await
}

async fn save_goal(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path(id): Path<CaseId>,
    form: Posted<GoalForm>,
) -> Result<Response, PageError> {
    let form = form.checked_for(&person)?;
    let result = state
        .app
        .save_goal(&person.actor, id, &form)
        .await
        .map(|_| ());
    outcome(&state, &ctx, &person, id, result, "plan").await
}

async fn save_safety_plan(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path(id): Path<CaseId>,
    form: Posted<SafetyPlanForm>,
) -> Result<Response, PageError> {
    let form = form.checked_for(&person)?;
    let result = state
        .app
        .save_safety_plan_section(&person.actor, id, &form)
        .await;
    outcome(&state, &ctx, &person, id, result, "safety-plan").await
}

async fn create_task(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path(id): Path<CaseId>,
    form: Posted<TaskForm>,
) -> Result<Response, PageError> {
    let form = form.checked_for(&person)?;
    let result = state
        .app
        .create_task(&person.actor, id, &form)
        .await
        .map(|_| ());
    outcome(&state, &ctx, &person, id, result, "tasks").await
}

async fn complete_task(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path((id, task)): Path<(CaseId, TaskId)>,
    form: Posted<NoFields>,
) -> Result<Response, PageError> {
    form.checked_for(&person)?;
    let result = state.app.complete_task(&person.actor, id, task).await;
    outcome(&state, &ctx, &person, id, result, "tasks").await
}
