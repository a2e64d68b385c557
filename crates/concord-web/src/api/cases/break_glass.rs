//! Break-glass: opening another agency's case in an emergency with a
//! reason, and the owning agency's supervisors' review of each opening.

use crate::api::{ApiActor, ApiJson, ApiResult};
use crate::error::{ApiError, ApiErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use concord_app::cases::break_glass::BreakGlassReviewForm;
use concord_domain::case_access::BreakGlassForm;
use concord_domain::ids::{BreakGlassId, CaseId};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(open_break_glass))
        .routes(routes!(break_glass_to_review))
        .routes(routes!(review_break_glass))
}

#[derive(Deserialize, ToSchema)]
#[serde(transparent)]
#[schema(value_type = Object)]
pub struct BreakGlassBody(BreakGlassForm);

/// Open another agency's case in an emergency, giving a reason.
#[utoipa::path(post, path = "/cases/{id}/break-glass", tag = "cases", params(("id" = Uuid, Path)), request_body = BreakGlassBody,
    responses((status = 201, body = Object), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody)))]
async fn open_break_glass(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
    ApiJson(BreakGlassBody(form)): ApiJson<BreakGlassBody>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let row = state
        .app
        .open_break_glass(&actor, CaseId(id), &form)
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({ "id": row.id, "expires_at": row.expires_at })),
    ))
}

#[derive(Serialize, ToSchema)]
pub struct BreakGlassOpening {
    pub id: Uuid,
    pub case_id: Uuid,
    /// Who opened it, and from which agency.
    pub user_id: Uuid,
    pub agency_id: Uuid,
    pub reason: String,
    pub started_at: chrono::DateTime<chrono::Utc>,
    pub expires_at: chrono::DateTime<chrono::Utc>,
}

/// Openings of the caller's agency's cases not yet reviewed (supervisors).
#[utoipa::path(get, path = "/break-glass", tag = "cases",
    responses((status = 200, body = Vec<BreakGlassOpening>), (status = 403, body = ApiErrorBody)))]
async fn break_glass_to_review(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> ApiResult<Vec<BreakGlassOpening>> {
    let openings = state.app.break_glass_to_review(&actor).await?;
    Ok(Json(
        openings
            .into_iter()
            .map(|o| BreakGlassOpening {
                id: o.grant.id.0,
                case_id: o.grant.case_id.0,
                user_id: o.grant.user_id.0,
                agency_id: o.grant.agency_id.0,
                reason: o.reason,
                started_at: o.grant.started_at,
                expires_at: o.grant.expires_at,
            })
            .collect(),
    ))
}

/// The review form's fields: `outcome` (justified or not_justified) and
/// an optional `comment`.
#[derive(Deserialize, ToSchema)]
#[serde(transparent)]
#[schema(value_type = Object)]
pub struct BreakGlassReviewBody(BreakGlassReviewForm);

/// Review an opening of one of the caller's agency's cases (supervisors).
#[utoipa::path(post, path = "/break-glass/{id}/review", tag = "cases", params(("id" = Uuid, Path)), request_body = BreakGlassReviewBody,
    responses((status = 204), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
async fn review_break_glass(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
    ApiJson(BreakGlassReviewBody(form)): ApiJson<BreakGlassReviewBody>,
) -> Result<StatusCode, ApiError> {
    state
        .app
        .review_break_glass(&actor, BreakGlassId(id), &form)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
