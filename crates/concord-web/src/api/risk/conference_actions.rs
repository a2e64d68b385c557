//! `/api/v1` for the SMART actions agreed at risk conferences: record one
//! for a listed case, record its progress, list a conference's, a
//! referral's, or the open actions your agency owns. The same use cases,
//! checks and audit as the pages.

use crate::api::{ApiActor, ApiJson, ApiResult};
use crate::error::{ApiError, ApiErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use concord_app::risk::conference_actions::ConferenceActionView;
use concord_domain::ids::{ConferenceActionId, ConferenceId, ConferenceReferralId};
use concord_domain::risk::conference_action::{ConferenceActionForm, ConferenceActionUpdateForm};
use concord_store::ConferenceActionRow;
use serde::Deserialize;
use serde_json::{Value, json};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(referral_actions, raise_action))
        .routes(routes!(update_action))
        .routes(routes!(conference_actions))
        .routes(routes!(my_agency_actions))
}

fn action_json(a: &ConferenceActionRow) -> Value {
    json!({
        "id": a.id,
        "conference_id": a.conference_id,
        "referral_id": a.referral_id,
        "meeting_id": a.meeting_id,
        "owner_agency": a.owner_agency,
        "due_on": a.due_on,
        "status": a.status.as_str(),
        "carry_overs": a.carry_overs,
        "escalated_at": a.escalated_at,
        "created_at": a.created_at,
        "updated_at": a.updated_at,
    })
}

fn view_json(v: &ConferenceActionView) -> Value {
    let mut out = action_json(&v.action);
    out["survivor_reference"] = json!(v.survivor_reference);
    out["description"] = json!(v.description);
    out["note"] = json!(v.note);
    out["overdue"] = json!(v.overdue);
    out
}

fn views_json(views: &[ConferenceActionView]) -> Json<Vec<Value>> {
    Json(views.iter().map(view_json).collect())
}

#[derive(Deserialize, ToSchema)]
pub struct ActionBody {
    /// What is to be done, specifically (at most 500 characters).
    pub description: String,
    /// The agency that owns it: a member or the coordinating agency.
    pub owner_agency_id: String,
    /// YYYY-MM-DD, not before the meeting.
    pub due_on: String,
}

/// Record an action agreed at the meeting for a listed case (coordinators).
#[utoipa::path(post, path = "/conference-referrals/{id}/actions", tag = "conferences", params(("id" = Uuid, Path)),
    request_body = ActionBody,
    responses((status = 201, body = Object), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
async fn raise_action(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
    ApiJson(body): ApiJson<ActionBody>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let form = ConferenceActionForm {
        description: body.description,
        owner_agency_id: body.owner_agency_id,
        due_on: body.due_on,
    };
    let row = state
        .app
        .raise_conference_action(&actor, ConferenceReferralId(id), &form)
        .await?;
    Ok((StatusCode::CREATED, Json(action_json(&row))))
}

/// A referral's actions: all of them for its conference's coordinators,
/// the ones your agency owns otherwise.
#[utoipa::path(get, path = "/conference-referrals/{id}/actions", tag = "conferences", params(("id" = Uuid, Path)),
    responses((status = 200, body = [Object]), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
async fn referral_actions(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
) -> ApiResult<Vec<Value>> {
    let views = state
        .app
        .referral_actions(&actor, ConferenceReferralId(id))
        .await?;
    Ok(views_json(&views))
}

#[derive(Deserialize, ToSchema)]
pub struct ActionStatusBody {
    /// `done`, `not_possible` or `not_done`.
    pub status: String,
    /// Why; required for `not_possible` (what changed).
    #[serde(default)]
    pub note: String,
}

/// Record an action's progress (the owner agency or the coordinators).
#[utoipa::path(put, path = "/conference-actions/{id}/status", tag = "conferences", params(("id" = Uuid, Path)),
    request_body = ActionStatusBody,
    responses((status = 200, body = Object), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
async fn update_action(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
    ApiJson(body): ApiJson<ActionStatusBody>,
) -> ApiResult<Value> {
    let form = ConferenceActionUpdateForm {
        status: body.status,
        note: body.note,
    };
    let row = state
        .app
        .update_conference_action(&actor, ConferenceActionId(id), &form)
        .await?;
    Ok(Json(action_json(&row)))
}

/// Every action of a conference, earliest due first (coordinators).
#[utoipa::path(get, path = "/conferences/{id}/actions", tag = "conferences", params(("id" = Uuid, Path)),
    responses((status = 200, body = [Object]), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
async fn conference_actions(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
) -> ApiResult<Vec<Value>> {
    let views = state
        .app
        .conference_actions(&actor, ConferenceId(id))
        .await?;
    Ok(views_json(&views))
}

/// The open conference actions your agency owns, in every conference.
#[utoipa::path(get, path = "/me/conference-actions", tag = "conferences",
    responses((status = 200, body = [Object]), (status = 403, body = ApiErrorBody)))]
async fn my_agency_actions(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> ApiResult<Vec<Value>> {
    let views = state.app.agency_conference_actions(&actor).await?;
    Ok(views_json(&views))
}
