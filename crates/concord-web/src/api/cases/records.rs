//! What is recorded on a case: case-management steps, incidents, consent
//! to share and its withdrawal, and sharing on a lawful basis and its early
//! end.

use crate::api::{ApiActor, ApiJson, ApiResult};
use crate::error::{ApiError, ApiErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use concord_app::cases::records::IncidentDetails;
use concord_app::cases::workflow::CaseStepForm;
use concord_domain::consent::{ConsentForm, SharingForm};
use concord_domain::ids::{CaseId, ConsentId, SharingId};
use concord_domain::incident::IncidentForm;
use serde::Deserialize;
use serde_json::{Value, json};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(take_step))
        .routes(routes!(record_incident))
        .routes(routes!(record_consent))
        .routes(routes!(withdraw_consent))
        .routes(routes!(record_sharing))
        .routes(routes!(revoke_sharing))
}

#[derive(Deserialize, ToSchema)]
#[serde(transparent)]
#[schema(value_type = Object)]
pub struct StepBody(CaseStepForm);

/// Take a case-management step (`event`: assessment_completed, plan_agreed, …).
#[utoipa::path(post, path = "/cases/{id}/steps", tag = "cases", params(("id" = Uuid, Path)), request_body = StepBody,
    responses((status = 200, body = Object), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
async fn take_step(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
    ApiJson(StepBody(form)): ApiJson<StepBody>,
) -> ApiResult<Value> {
    let status = state.app.take_case_step(&actor, CaseId(id), &form).await?;
    Ok(Json(json!({ "status": status.as_str() })))
}

#[derive(Deserialize, ToSchema)]
pub struct IncidentBody {
    #[serde(flatten)]
    #[schema(value_type = Object)]
    incident: IncidentForm,
    #[serde(default)]
    perpetrator_identity: String,
    #[serde(default)]
    narrative: String,
}

/// Record an incident (GBVIMS answers `yes`/`no` by question).
#[utoipa::path(post, path = "/cases/{id}/incidents", tag = "cases", params(("id" = Uuid, Path)), request_body = IncidentBody,
    responses((status = 201, body = Object), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody)))]
async fn record_incident(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
    ApiJson(body): ApiJson<IncidentBody>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let details = IncidentDetails {
        perpetrator_identity: body.perpetrator_identity,
        narrative: body.narrative,
    };
    let row = state
        .app
        .record_incident(&actor, CaseId(id), &body.incident, &details)
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({ "id": row.id, "gbv_type": row.gbv_type.as_str() })),
    ))
}

#[derive(Deserialize, ToSchema)]
#[serde(transparent)]
#[schema(value_type = Object)]
pub struct ConsentBody(ConsentForm);

/// Record consent to share with one agency. `given_on` (`YYYY-MM-DD`, a
/// local day; empty for today) is the day a consent on paper was given:
/// not in the future, at most the longest validity ago; who may consent
/// is decided by her age that day, and the period starts then. A refusal
/// of `given_by` names who may consent instead.
#[utoipa::path(post, path = "/cases/{id}/consents", tag = "cases", params(("id" = Uuid, Path)), request_body = ConsentBody,
    responses((status = 201, body = Object), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody)))]
async fn record_consent(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
    ApiJson(ConsentBody(form)): ApiJson<ConsentBody>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let row = state.app.record_consent(&actor, CaseId(id), &form).await?;
    Ok((
        StatusCode::CREATED,
        // The day entered ("until 31 January"), not the stored end.
        Json(json!({
            "id": row.id,
            "given_on": state.app.consent_given_on(&row),
            "recorded_at": row.recorded_at,
            "valid_from": row.valid_from,
            "valid_until": state.app.end_as_entered(row.valid_until),
        })),
    ))
}

/// Withdraw a consent; the recipient loses access on its next request.
#[utoipa::path(post, path = "/cases/{id}/consents/{consent}/withdraw", tag = "cases",
    params(("id" = Uuid, Path), ("consent" = Uuid, Path)),
    responses((status = 204), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
async fn withdraw_consent(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path((id, consent)): Path<(Uuid, Uuid)>,
) -> Result<StatusCode, ApiError> {
    state
        .app
        .withdraw_consent(&actor, CaseId(id), ConsentId(consent))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
#[serde(transparent)]
#[schema(value_type = Object)]
pub struct SharingBody(SharingForm);

/// Share without consent on a lawful basis (supervisors).
#[utoipa::path(post, path = "/cases/{id}/sharings", tag = "cases", params(("id" = Uuid, Path)), request_body = SharingBody,
    responses((status = 201, body = Object), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody)))]
async fn record_sharing(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
    ApiJson(SharingBody(mut form)): ApiJson<SharingBody>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    // The caller recording it is the decision maker.
    form.decision_maker = actor.user_id.to_string();
    let row = state.app.record_sharing(&actor, CaseId(id), &form).await?;
    Ok((StatusCode::CREATED, Json(json!({ "id": row.id }))))
}

/// End a lawful share before its end date (a supervisor of the agency that
/// recorded it); the recipient loses access on its next request.
#[utoipa::path(post, path = "/cases/{id}/sharings/{sharing}/revoke", tag = "cases",
    params(("id" = Uuid, Path), ("sharing" = Uuid, Path)),
    responses((status = 204), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
async fn revoke_sharing(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path((id, sharing)): Path<(Uuid, Uuid)>,
) -> Result<StatusCode, ApiError> {
    state
        .app
        .revoke_sharing(&actor, CaseId(id), SharingId(sharing))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
