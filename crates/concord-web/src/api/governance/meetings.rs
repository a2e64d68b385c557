//! Meetings, attendance, decisions, minutes and action items.

use super::{TextBody, form_body, row, rows};
use crate::api::{ApiActor, ApiJson, ApiResult};
use crate::error::{ApiError, ApiErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use concord_app::governance::meetings::ActionView;
use concord_domain::governance::forms::{
    ActionForm, ActionUpdateForm, AttendanceForm, MeetingForm,
};
use concord_domain::ids::{ActionId, BodyId, MeetingId};
use serde_json::{Value, json};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_meetings, schedule_meeting))
        .routes(routes!(get_meeting, update_meeting))
        .routes(routes!(record_attendance))
        .routes(routes!(add_decision))
        .routes(routes!(save_minutes))
        .routes(routes!(raise_action))
        .routes(routes!(close_meeting))
        .routes(routes!(list_actions, add_plan_action))
        .routes(routes!(update_action_status))
}

form_body!(
    /// `held_on` (YYYY-MM-DD), `location`, `agenda` (one item a line).
    MeetingBody,
    MeetingForm
);
form_body!(
    /// `agency_id`, `presence` (present, apologies, absent) and `attendee`:
    /// three lists in the same order, one entry per agency.
    AttendanceBody,
    AttendanceForm
);
form_body!(
    /// `description`, `owner_agency_id`, `due_on` (YYYY-MM-DD),
    /// `ecological_level` (individual, relationship, community, societal),
    /// `essential_action` (an ESP essential action label).
    ActionBody,
    ActionForm
);
form_body!(
    /// `status` (not_done, done, not_possible) and `note` (why; required
    /// for not_possible).
    StatusBody,
    ActionUpdateForm
);

pub(crate) fn action_json(a: &ActionView) -> Value {
    json!({
        "action": row(&a.row),
        "owner_agency_name": a.owner_name,
        "escalated_from_body": a.from_body,
        "escalated_to_body": a.escalated_to_name,
        "overdue": a.overdue,
        "review_at_close": a.reviewed.as_ref().map(row),
    })
}

/// The body's meetings (newest first) and its open actions.
#[utoipa::path(get, path = "/bodies/{id}/meetings", tag = "governance", params(("id" = Uuid, Path)),
    responses((status = 200, body = Object), (status = 404, body = ApiErrorBody)))]
async fn list_meetings(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
) -> ApiResult<Value> {
    let overview = state.app.meetings_overview(&actor, BodyId(id)).await?;
    Ok(Json(json!({
        "meetings": rows(&overview.meetings),
        "open_actions": overview.open_actions.iter().map(action_json).collect::<Vec<_>>(),
    })))
}

/// Schedule a meeting (the body's secretariat).
#[utoipa::path(post, path = "/bodies/{id}/meetings", tag = "governance", params(("id" = Uuid, Path)), request_body = MeetingBody,
    responses((status = 201, body = Object), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
async fn schedule_meeting(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
    ApiJson(MeetingBody(form)): ApiJson<MeetingBody>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let meeting = state
        .app
        .schedule_meeting(&actor, BodyId(id), &form)
        .await?;
    Ok((StatusCode::CREATED, Json(row(&meeting))))
}

/// A meeting: its agenda, the actions carried from earlier meetings (with
/// carry-over counts; at a closed meeting, where each stood at the close),
/// attendance, decisions, new actions and minutes.
#[utoipa::path(get, path = "/bodies/{id}/meetings/{meeting}", tag = "governance",
    params(("id" = Uuid, Path), ("meeting" = Uuid, Path)),
    responses((status = 200, body = Object), (status = 404, body = ApiErrorBody)))]
async fn get_meeting(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path((id, meeting)): Path<(Uuid, Uuid)>,
) -> ApiResult<Value> {
    let view = state
        .app
        .meeting_view(&actor, BodyId(id), MeetingId(meeting))
        .await?;
    Ok(Json(json!({
        "meeting": row(&view.meeting),
        "attendance": view.attendance.iter().map(|a| json!({
            "agency_id": a.agency_id,
            "agency_name": a.agency_name,
            "presence": a.presence.map(|p| p.as_str()),
            "attendee": a.attendee,
        })).collect::<Vec<_>>(),
        "carried_actions": view.carried.iter().map(action_json).collect::<Vec<_>>(),
        "new_actions": view.raised.iter().map(action_json).collect::<Vec<_>>(),
    })))
}

/// Change the date, place or agenda of an open meeting.
#[utoipa::path(put, path = "/bodies/{id}/meetings/{meeting}", tag = "governance",
    params(("id" = Uuid, Path), ("meeting" = Uuid, Path)), request_body = MeetingBody,
    responses((status = 204), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
async fn update_meeting(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path((id, meeting)): Path<(Uuid, Uuid)>,
    ApiJson(MeetingBody(form)): ApiJson<MeetingBody>,
) -> Result<StatusCode, ApiError> {
    state
        .app
        .update_meeting_details(&actor, BodyId(id), MeetingId(meeting), &form)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Record attendance by agency (replaces what was recorded).
#[utoipa::path(put, path = "/bodies/{id}/meetings/{meeting}/attendance", tag = "governance",
    params(("id" = Uuid, Path), ("meeting" = Uuid, Path)), request_body = AttendanceBody,
    responses((status = 204), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
async fn record_attendance(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path((id, meeting)): Path<(Uuid, Uuid)>,
    ApiJson(AttendanceBody(form)): ApiJson<AttendanceBody>,
) -> Result<StatusCode, ApiError> {
    state
        .app
        .record_attendance(&actor, BodyId(id), MeetingId(meeting), &form)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Add a decision to an open meeting.
#[utoipa::path(post, path = "/bodies/{id}/meetings/{meeting}/decisions", tag = "governance",
    params(("id" = Uuid, Path), ("meeting" = Uuid, Path)), request_body = TextBody,
    responses((status = 204), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
async fn add_decision(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path((id, meeting)): Path<(Uuid, Uuid)>,
    ApiJson(TextBody(form)): ApiJson<TextBody>,
) -> Result<StatusCode, ApiError> {
    state
        .app
        .add_decision(&actor, BodyId(id), MeetingId(meeting), &form)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Write the minutes of an open meeting.
#[utoipa::path(put, path = "/bodies/{id}/meetings/{meeting}/minutes", tag = "governance",
    params(("id" = Uuid, Path), ("meeting" = Uuid, Path)), request_body = TextBody,
    responses((status = 204), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
async fn save_minutes(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path((id, meeting)): Path<(Uuid, Uuid)>,
    ApiJson(TextBody(form)): ApiJson<TextBody>,
) -> Result<StatusCode, ApiError> {
    state
        .app
        .save_minutes(&actor, BodyId(id), MeetingId(meeting), &form)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Raise an action at an open meeting.
#[utoipa::path(post, path = "/bodies/{id}/meetings/{meeting}/actions", tag = "governance",
    params(("id" = Uuid, Path), ("meeting" = Uuid, Path)), request_body = ActionBody,
    responses((status = 201, body = Object), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
async fn raise_action(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path((id, meeting)): Path<(Uuid, Uuid)>,
    ApiJson(ActionBody(form)): ApiJson<ActionBody>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let action = state
        .app
        .raise_action(&actor, BodyId(id), Some(MeetingId(meeting)), &form)
        .await?;
    Ok((StatusCode::CREATED, Json(row(&action))))
}

/// Close a meeting held today or earlier: members nobody recorded are
/// absent, each agenda action is recorded as it stood, and the body's open
/// actions are carried over (escalating to the parent body at the body's
/// threshold). A closed meeting changes no more (409).
#[utoipa::path(post, path = "/bodies/{id}/meetings/{meeting}/close", tag = "governance",
    params(("id" = Uuid, Path), ("meeting" = Uuid, Path)),
    responses((status = 200, body = Object), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
async fn close_meeting(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path((id, meeting)): Path<(Uuid, Uuid)>,
) -> ApiResult<Value> {
    let closure = state
        .app
        .close_meeting(&actor, BodyId(id), MeetingId(meeting))
        .await?;
    Ok(Json(json!({
        "closed_at": closure.closed_at,
        "recorded_absent": closure.absent.iter().map(|a| a.agency_id).collect::<Vec<_>>(),
        "carried_over": rows(&closure.carried),
        "reviews": rows(&closure.reviews),
    })))
}

/// The body's action plan: its own actions (every status) and those
/// escalated to it by child bodies.
#[utoipa::path(get, path = "/bodies/{id}/actions", tag = "governance", params(("id" = Uuid, Path)),
    responses((status = 200, body = Object), (status = 404, body = ApiErrorBody)))]
async fn list_actions(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
) -> ApiResult<Value> {
    let actions = state.app.plan_actions(&actor, BodyId(id)).await?;
    Ok(Json(json!({
        "items": actions.iter().map(action_json).collect::<Vec<_>>(),
    })))
}

/// Add an action straight to the body's action plan.
#[utoipa::path(post, path = "/bodies/{id}/actions", tag = "governance", params(("id" = Uuid, Path)), request_body = ActionBody,
    responses((status = 201, body = Object), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
async fn add_plan_action(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
    ApiJson(ActionBody(form)): ApiJson<ActionBody>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let action = state
        .app
        .raise_action(&actor, BodyId(id), None, &form)
        .await?;
    Ok((StatusCode::CREATED, Json(row(&action))))
}

/// Record an action as done, not possible (with what changed) or not done,
/// by the secretariat of its body or of the body it escalated to.
#[utoipa::path(put, path = "/bodies/{id}/actions/{action}/status", tag = "governance",
    params(("id" = Uuid, Path), ("action" = Uuid, Path)), request_body = StatusBody,
    responses((status = 200, body = Object), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
async fn update_action_status(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path((id, action)): Path<(Uuid, Uuid)>,
    ApiJson(StatusBody(form)): ApiJson<StatusBody>,
) -> ApiResult<Value> {
    let action = state
        .app
        .update_action_status(&actor, BodyId(id), ActionId(action), &form)
        .await?;
    Ok(Json(row(&action)))
}
