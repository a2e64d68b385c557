//! `/api/v1` for referrals: a case's referrals and making one, the
//! agency's queues, one referral with its history, the steps on it
//! (an illegal step answers 409 with the field `state` or `event`), and
//! notifications. Bodies have the fields of the web forms.

use crate::api::{ApiActor, ApiJson, ApiResult, PageParams};
use crate::error::{ApiError, ApiErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use concord_app::referrals::read::{ReferralListEntry, ReferralView};
use concord_domain::Invalid;
use concord_domain::ids::{CaseId, ReferralId};
use concord_domain::referral::{ReferralActionForm, ReferralForm, ReferralSide, ReferralState};
use concord_store::ReferralRow;
use serde::Deserialize;
use serde_json::{Value, json};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_referrals))
        .routes(routes!(get_referral))
        .routes(routes!(take_step))
        .routes(routes!(case_referrals, create_referral))
        .routes(routes!(notifications))
        .routes(routes!(dismiss_notification))
        .routes(routes!(referral_fhir))
}

pub(crate) fn referral_json(r: &ReferralRow) -> Value {
    json!({
        "id": r.id,
        "reference": r.reference,
        "case_id": r.case_id,
        "sending_agency": r.sending_agency,
        "receiving_agency": r.receiving_agency,
        "service_id": r.service_id,
        "urgency": r.urgency.as_str(),
        "state": r.state.as_str(),
        "categories": r.categories.iter().map(|c| c.as_str()).collect::<Vec<_>>(),
        "decline_reason": r.decline_reason.map(|d| d.as_str()),
        "outcome": r.outcome.map(|o| o.as_str()),
        "created_at": r.created_at,
        "sent_at": r.sent_at,
        "due_at": r.due_at,
        "updated_at": r.updated_at,
    })
}

fn entry_json(e: &ReferralListEntry) -> Value {
    let mut v = referral_json(&e.item.referral);
    v["survivor_reference"] = json!(e.item.survivor_reference);
    v["service_name"] = json!(e.item.service_name);
    v["other_agency_name"] = json!(e.other_agency_name);
    v["overdue"] = json!(e.overdue);
    v
}

fn view_json(v: &ReferralView) -> Value {
    let mut out = referral_json(&v.referral);
    out["side"] = json!(v.side.as_str());
    out["outside_provider"] = json!(v.to_outside_provider());
    out["survivor_reference"] = json!(v.survivor_reference);
    out["service_name"] = json!(v.service.name);
    out["sending_agency_name"] = json!(v.sending_agency_name);
    out["receiving_agency_name"] = json!(v.receiving_agency_name);
    out["overdue"] = json!(v.overdue);
    out["details_visible"] = json!(v.may_read_details);
    out["reason"] = json!(v.reason);
    out["next_events"] = json!(v.next_events.iter().map(|e| e.as_str()).collect::<Vec<_>>());
    out["history"] = json!(
        v.steps
            .iter()
            .map(|s| json!({
                "at": s.step.at,
                "event": s.step.event.map(|e| e.as_str()),
                "from_state": s.step.from_state.map(|e| e.as_str()),
                "to_state": s.step.to_state.as_str(),
                "by": s.actor_name,
                "agency": s.agency_name,
                "note": s.note,
                "recorded_by_sender": s.recorded_by_sender,
            }))
            .collect::<Vec<_>>()
    );
    out
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
struct QueueParams {
    /// `received` (default) or `sent`.
    side: Option<String>,
    /// Only referrals in this state.
    state: Option<String>,
    /// Only overdue referrals.
    overdue: Option<bool>,
    /// 1 to 500; default 100.
    #[param(minimum = 1, maximum = 500)]
    limit: Option<u32>,
    cursor: Option<String>,
}

/// The agency's received or sent referrals, newest change first.
#[utoipa::path(get, path = "/referrals", tag = "referrals", params(QueueParams),
    responses((status = 200, body = Object), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody)))]
async fn list_referrals(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Query(params): Query<QueueParams>,
) -> ApiResult<Value> {
    let side = match params.side.as_deref() {
        None | Some("") | Some("received") => ReferralSide::Receiver,
        Some("sent") => ReferralSide::Sender,
        Some(_) => return Err(Invalid::one("side", "must be received or sent").into()),
    };
    let states = match params.state.as_deref() {
        None | Some("") => Vec::new(),
        Some(s) => vec![
            ReferralState::parse(s)
                .ok_or_else(|| ApiError::from(Invalid::one("state", "is not a referral state")))?,
        ],
    };
    let page = PageParams {
        limit: params.limit,
        cursor: params.cursor,
    }
    .page()?;
    let found = state
        .app
        .referral_queue(&actor, side, states, params.overdue.unwrap_or(false), &page)
        .await?;
    Ok(Json(json!({
        "items": found.items.iter().map(entry_json).collect::<Vec<_>>(),
        "next_cursor": found.next,
    })))
}

/// One referral with its history (free text only where her consent allows).
#[utoipa::path(get, path = "/referrals/{id}", tag = "referrals", params(("id" = Uuid, Path)),
    responses((status = 200, body = Object), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
async fn get_referral(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
) -> ApiResult<Value> {
    let view = state.app.read_referral(&actor, ReferralId(id)).await?;
    Ok(Json(view_json(&view)))
}

#[derive(Deserialize, ToSchema)]
#[serde(transparent)]
#[schema(value_type = Object)]
pub struct StepBody(ReferralActionForm);

/// Take a step (`event`: send, acknowledge, accept, decline, first_contact,
/// service_delivered, close, withdraw). Declining needs `decline_reason`,
/// closing needs `outcome`; `note` is optional. Accepting or declining a
/// referral that is only sent records its acknowledgement first (both in
/// the history). 409 when the referral's state or the caller's side does
/// not allow it; 403 when sending and her consent does not allow it (as
/// for creating one).
#[utoipa::path(post, path = "/referrals/{id}/steps", tag = "referrals", params(("id" = Uuid, Path)), request_body = StepBody,
    responses((status = 200, body = Object), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
async fn take_step(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
    ApiJson(StepBody(form)): ApiJson<StepBody>,
) -> ApiResult<Value> {
    let to = state
        .app
        .referral_step(&actor, ReferralId(id), &form)
        .await?;
    Ok(Json(json!({ "state": to.as_str() })))
}

/// The referrals made from a case (the owning agency).
#[utoipa::path(get, path = "/cases/{id}/referrals", tag = "referrals", params(("id" = Uuid, Path)),
    responses((status = 200, body = Object), (status = 403, body = ApiErrorBody)))]
async fn case_referrals(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
) -> ApiResult<Value> {
    let entries = state.app.case_referrals(&actor, CaseId(id)).await?;
    Ok(Json(json!({
        "items": entries.iter().map(entry_json).collect::<Vec<_>>(),
    })))
}

#[derive(Deserialize, ToSchema)]
#[serde(transparent)]
#[schema(value_type = Object)]
pub struct ReferralBody(ReferralForm);

/// Refer from a case to a service of another agency (`service_id`,
/// `urgency`, `categories`, `reason`, `send_now`). Sending needs her
/// consent for the receiving agency, the purpose referral_for_services and
/// every category; otherwise 403 with the field `consent` and what her
/// consent lacks as the `code` (`consent_missing`,
/// `consent_agency_not_named`, `consent_purpose_not_named`,
/// `consent_category_not_named`, `consent_not_yet_valid`,
/// `consent_expired`, `consent_withdrawn`).
#[utoipa::path(post, path = "/cases/{id}/referrals", tag = "referrals", params(("id" = Uuid, Path)), request_body = ReferralBody,
    responses((status = 201, body = Object), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody)))]
async fn create_referral(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
    ApiJson(ReferralBody(form)): ApiJson<ReferralBody>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let row = state.app.create_referral(&actor, CaseId(id), &form).await?;
    Ok((StatusCode::CREATED, Json(referral_json(&row))))
}

/// The agency's unread notifications, with the referrals to act on.
#[utoipa::path(get, path = "/notifications", tag = "referrals",
    responses((status = 200, body = Object), (status = 403, body = ApiErrorBody)))]
async fn notifications(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> ApiResult<Value> {
    let todo = state.app.referrals_to_act_on(&actor).await?;
    Ok(Json(json!({
        "notifications": todo.notifications.iter().map(|n| json!({
            "id": n.notification.id,
            "kind": n.notification.kind,
            "referral_id": n.notification.referral_id,
            "reference": n.reference,
            "created_at": n.notification.created_at,
        })).collect::<Vec<_>>(),
        "received_to_act_on": todo.received.iter().map(entry_json).collect::<Vec<_>>(),
        "sent_to_act_on": todo.sent.iter().map(entry_json).collect::<Vec<_>>(),
    })))
}

/// Mark one of the agency's notifications read.
#[utoipa::path(post, path = "/notifications/{id}/dismiss", tag = "referrals", params(("id" = Uuid, Path)),
    responses((status = 204), (status = 404, body = ApiErrorBody)))]
async fn dismiss_notification(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
) -> Result<StatusCode, ApiError> {
    state.app.dismiss_notification(&actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The referral as an HL7 FHIR R4 Bundle (ServiceRequest, Task and the
/// Consent it was sent under); the survivor appears only by her
/// reference. The sending agency only.
#[utoipa::path(get, path = "/referrals/{id}/fhir", tag = "referrals", params(("id" = Uuid, Path)),
    responses((status = 200, body = Object), (status = 404, body = ApiErrorBody)))]
async fn referral_fhir(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
) -> ApiResult<Value> {
    Ok(Json(state.app.referral_fhir(&actor, ReferralId(id)).await?))
}
