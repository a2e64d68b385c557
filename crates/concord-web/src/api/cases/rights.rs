//! Her rights over her data, exercised for her by the owning agency: who
//! has accessed her file, a copy of everything held about her, deletion
//! (a supervisor) and legal hold; and the agency's case settings.

use crate::api::types::AuditEvent;
use crate::api::{ApiActor, ApiJson, ApiResult};
use crate::error::{ApiError, ApiErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use concord_app::cases::rights::CaseSettingsForm;
use concord_domain::ids::CaseId;
use concord_store::CaseSettingsRow;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(access_report))
        .routes(routes!(export_survivor))
        .routes(routes!(set_legal_hold))
        .routes(routes!(case_settings, save_case_settings))
}

/// Who has accessed this file: every audit event about the case, newest
/// first (the owning agency only).
#[utoipa::path(get, path = "/cases/{id}/access-report", tag = "cases", params(("id" = Uuid, Path)),
    responses((status = 200, body = Vec<AuditEvent>), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
async fn access_report(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
) -> ApiResult<Vec<AuditEvent>> {
    let events = state.app.access_report(&actor, CaseId(id)).await?;
    Ok(Json(events.into_iter().map(AuditEvent::from).collect()))
}

/// Everything held about her, decrypted, to give her a copy: her record
/// and each of her cases (the owning agency only).
#[utoipa::path(get, path = "/cases/{id}/export", tag = "cases", params(("id" = Uuid, Path)),
    responses((status = 200, body = Object), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
async fn export_survivor(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
) -> ApiResult<Value> {
    Ok(Json(state.app.export_survivor(&actor, CaseId(id)).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct LegalHoldBody {
    /// true keeps her record from deletion and retention until lifted.
    pub hold: bool,
}

/// Put her record under legal hold, or lift it (a supervisor).
#[utoipa::path(put, path = "/cases/{id}/legal-hold", tag = "cases", params(("id" = Uuid, Path)), request_body = LegalHoldBody,
    responses((status = 204), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
async fn set_legal_hold(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
    ApiJson(body): ApiJson<LegalHoldBody>,
) -> Result<StatusCode, ApiError> {
    state
        .app
        .set_legal_hold(&actor, CaseId(id), body.hold)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct CaseSettings {
    /// A supervisor approves each case action plan.
    #[serde(default)]
    pub plan_requires_approval: bool,
    /// A supervisor approves each case closure.
    #[serde(default)]
    pub closure_requires_approval: bool,
    /// Closed cases are purged after this many months (1 to 600); absent
    /// keeps them until deleted by hand.
    #[serde(default)]
    pub retention_months: Option<i32>,
}

impl From<CaseSettingsRow> for CaseSettings {
    fn from(row: CaseSettingsRow) -> Self {
        CaseSettings {
            plan_requires_approval: row.plan_requires_approval,
            closure_requires_approval: row.closure_requires_approval,
            retention_months: row.retention_months,
        }
    }
}

impl From<CaseSettings> for CaseSettingsForm {
    fn from(s: CaseSettings) -> Self {
        let tick = |on: bool| on.then(|| "on".to_string());
        CaseSettingsForm {
            plan_requires_approval: tick(s.plan_requires_approval),
            closure_requires_approval: tick(s.closure_requires_approval),
            retention_months: s
                .retention_months
                .map(|m| m.to_string())
                .unwrap_or_default(),
        }
    }
}

/// The caller's agency's case settings (supervisors).
#[utoipa::path(get, path = "/case-settings", tag = "cases",
    responses((status = 200, body = CaseSettings), (status = 403, body = ApiErrorBody)))]
async fn case_settings(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> ApiResult<CaseSettings> {
    Ok(Json(state.app.case_settings(&actor).await?.into()))
}

/// Change the caller's agency's case settings (supervisors).
#[utoipa::path(put, path = "/case-settings", tag = "cases", request_body = CaseSettings,
    responses((status = 200, body = CaseSettings), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody)))]
async fn save_case_settings(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(settings): ApiJson<CaseSettings>,
) -> ApiResult<CaseSettings> {
    let form = CaseSettingsForm::from(settings);
    Ok(Json(
        state.app.save_case_settings(&actor, &form).await?.into(),
    ))
}
