//! Registering a survivor with her first case, finding one already
//! registered by name and date of birth, correcting her record and
//! deleting it. The search is a POST with a JSON
//! body: a name or a date of birth never goes in a URL.

use crate::api::{ApiActor, ApiJson, ApiResult};
use crate::error::{ApiError, ApiErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use concord_domain::ids::CaseId;
use concord_domain::survivor::SurvivorForm;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(register_survivor))
        .routes(routes!(find_survivors))
        .routes(routes!(update_survivor, purge_survivor))
}

/// A body with the fields of the web form of the same name.
#[derive(Deserialize, ToSchema)]
#[serde(transparent)]
#[schema(value_type = Object)]
pub struct SurvivorBody(SurvivorForm);

#[derive(Serialize, ToSchema)]
pub struct Registered {
    pub case_id: Uuid,
    pub survivor_id: Uuid,
    pub reference: String,
    /// The instant her case was opened (recorded).
    pub opened_at: chrono::DateTime<chrono::Utc>,
    /// The day she first contacted the agency: `first_contact_on` as sent
    /// (a first contact made on paper), or today.
    pub first_contact_on: Option<chrono::NaiveDate>,
}

/// Register a survivor with her first case in the caller's agency. Besides
/// her details, `first_contact_on` (`YYYY-MM-DD`, optional: empty for
/// today) is the day she first contacted the agency — never in the future,
/// at most a year back; 400 naming `first_contact_on` otherwise. It is
/// kept with the case; correcting her record later does not change it.
#[utoipa::path(post, path = "/survivors", tag = "cases", request_body = SurvivorBody,
    responses((status = 201, body = Registered), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody)))]
async fn register_survivor(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(SurvivorBody(form)): ApiJson<SurvivorBody>,
) -> Result<(StatusCode, Json<Registered>), ApiError> {
    let (survivor, case) = state.app.register_survivor(&actor, &form).await?;
    Ok((
        StatusCode::CREATED,
        Json(Registered {
            case_id: case.id.0,
            survivor_id: survivor.id.0,
            reference: survivor.reference,
            opened_at: case.opened_at,
            first_contact_on: case.first_contact_on,
        }),
    ))
}

/// The search form's fields: compared through a keyed blind index, never
/// in plaintext.
#[derive(Deserialize, ToSchema)]
pub struct SurvivorSearch {
    #[serde(default)]
    pub name: String,
    /// `YYYY-MM-DD`.
    #[serde(default)]
    pub date_of_birth: String,
}

#[derive(Serialize, ToSchema)]
pub struct FoundSurvivor {
    pub survivor_id: Uuid,
    pub reference: String,
    pub cases: Vec<FoundCase>,
}

#[derive(Serialize, ToSchema)]
pub struct FoundCase {
    pub id: Uuid,
    pub status: String,
    pub opened_at: chrono::DateTime<chrono::Utc>,
}

/// Survivors of the caller's agency registered with exactly this name and
/// date of birth, with their cases (a POST, so neither is in a URL).
#[utoipa::path(post, path = "/survivors/search", tag = "cases", request_body = SurvivorSearch,
    responses((status = 200, body = Vec<FoundSurvivor>), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody)))]
async fn find_survivors(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(search): ApiJson<SurvivorSearch>,
) -> ApiResult<Vec<FoundSurvivor>> {
    let found = state
        .app
        .find_survivors(&actor, &search.name, &search.date_of_birth)
        .await?;
    Ok(Json(
        found
            .into_iter()
            .map(|(survivor, cases)| FoundSurvivor {
                survivor_id: survivor.id.0,
                reference: survivor.reference,
                cases: cases
                    .into_iter()
                    .map(|c| FoundCase {
                        id: c.id.0,
                        status: c.status.as_str().into(),
                        opened_at: c.opened_at,
                    })
                    .collect(),
            })
            .collect(),
    ))
}

/// Correct her record (same fields as registration); the owning agency
/// only. Every identifying field is encrypted again.
#[utoipa::path(put, path = "/cases/{id}/survivor", tag = "cases", params(("id" = Uuid, Path)), request_body = SurvivorBody,
    responses((status = 204), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
async fn update_survivor(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
    ApiJson(SurvivorBody(form)): ApiJson<SurvivorBody>,
) -> Result<StatusCode, ApiError> {
    state.app.update_survivor(&actor, CaseId(id), &form).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Delete her record and every case under it, at her request (a
/// supervisor of the owning agency; refused under legal hold). The audit
/// log keeps only ids.
#[utoipa::path(delete, path = "/cases/{id}/survivor", tag = "cases", params(("id" = Uuid, Path)),
    responses((status = 204), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
async fn purge_survivor(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
) -> Result<StatusCode, ApiError> {
    state.app.purge_survivor(&actor, CaseId(id)).await?;
    Ok(StatusCode::NO_CONTENT)
}
