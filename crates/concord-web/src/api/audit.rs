//! `/api/v1/audit-events`

use super::types::{AuditEvent, AuditHealth, Page};
use super::{ApiActor, ApiResult, PageParams};
use crate::error::{ApiError, ApiErrorBody};
use crate::pages::audit_query::AuditQuery;
use crate::state::AppState;
use axum::Json;
use axum::extract::{Query, State};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_audit_events))
        .routes(routes!(audit_health))
}

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
struct AuditParams {
    /// User id of the actor.
    actor: Option<String>,
    /// Agency id of the actor.
    agency: Option<String>,
    /// An action name such as `sign_in.failed`.
    action: Option<String>,
    /// First day, YYYY-MM-DD (UTC).
    from: Option<String>,
    /// Last day, YYYY-MM-DD (UTC), inclusive.
    until: Option<String>,
}

/// Audit events, newest first. System administrators see all; agency
/// administrators and supervisors their own agency's.
#[utoipa::path(get, path = "/audit-events", tag = "audit", params(PageParams, AuditParams),
    responses((status = 200, body = Page<AuditEvent>), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody)))]
async fn list_audit_events(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Query(params): Query<PageParams>,
    Query(filter): Query<AuditParams>,
) -> ApiResult<Page<AuditEvent>> {
    let query = AuditQuery {
        actor: filter.actor.unwrap_or_default(),
        agency: filter.agency.unwrap_or_default(),
        action: filter.action.unwrap_or_default(),
        from: filter.from.unwrap_or_default(),
        until: filter.until.unwrap_or_default(),
        after: String::new(),
    };
    let filter = query
        .filter(state.app.time_zone())
        .map_err(ApiError::from)?;
    let page = state
        .app
        .browse_audit(&actor, &filter, &params.page()?)
        .await?;
    Ok(Json(Page::from(page, AuditEvent::from)))
}

/// The unsealed backlog, the latest checkpoint and every sealing and
/// witness alarm, for monitoring. System administrators only.
#[utoipa::path(get, path = "/audit-health", tag = "audit",
    responses((status = 200, body = AuditHealth), (status = 401, body = ApiErrorBody), (status = 403, body = ApiErrorBody)))]
async fn audit_health(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> ApiResult<AuditHealth> {
    Ok(Json(state.app.audit_health(&actor).await?.into()))
}
