//! Case notes: adding one, editing one (which adds a version and
//! overwrites nothing), and reading every version of one.

use super::PurposeParams;
use crate::api::{ApiActor, ApiJson, ApiResult};
use crate::error::{ApiError, ApiErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use concord_domain::ids::{CaseId, NoteId};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(add_note))
        .routes(routes!(edit_note))
        .routes(routes!(note_versions))
}

#[derive(Deserialize, ToSchema)]
pub struct NoteBody {
    #[serde(default)]
    pub body: String,
}

/// Add a case note.
#[utoipa::path(post, path = "/cases/{id}/notes", tag = "cases", params(("id" = Uuid, Path)), request_body = NoteBody,
    responses((status = 201, body = Object), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
async fn add_note(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
    ApiJson(note): ApiJson<NoteBody>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let row = state.app.add_note(&actor, CaseId(id), &note.body).await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({ "id": row.id, "version": 1 })),
    ))
}

/// Edit a case note: the new text becomes its next version; earlier
/// versions are kept.
#[utoipa::path(put, path = "/cases/{id}/notes/{note}", tag = "cases",
    params(("id" = Uuid, Path), ("note" = Uuid, Path)), request_body = NoteBody,
    responses((status = 200, body = Object), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
async fn edit_note(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path((id, note)): Path<(Uuid, Uuid)>,
    ApiJson(body): ApiJson<NoteBody>,
) -> ApiResult<Value> {
    let version = state
        .app
        .edit_note(&actor, CaseId(id), NoteId(note), &body.body)
        .await?;
    Ok(Json(json!({ "id": note, "version": version })))
}

#[derive(Serialize, ToSchema)]
pub struct NoteVersion {
    /// 1 for the note as first written, then 2, 3…
    pub version: i32,
    pub body: String,
    pub edited_by: Uuid,
    /// The display name of whoever wrote this version.
    pub edited_by_name: String,
    pub edited_at: chrono::DateTime<chrono::Utc>,
}

/// Every version of a case note, newest first. Reading them is reading the
/// case notes: the same access rules (and `purpose`) as reading the case.
#[utoipa::path(get, path = "/cases/{id}/notes/{note}/versions", tag = "cases",
    params(("id" = Uuid, Path), ("note" = Uuid, Path), PurposeParams),
    responses((status = 200, body = Vec<NoteVersion>), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
async fn note_versions(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path((id, note)): Path<(Uuid, Uuid)>,
    Query(params): Query<PurposeParams>,
) -> ApiResult<Vec<NoteVersion>> {
    let purpose = params.purpose()?;
    let versions = state
        .app
        .note_versions(&actor, CaseId(id), NoteId(note), purpose)
        .await?;
    Ok(Json(
        versions
            .into_iter()
            .map(|v| NoteVersion {
                version: v.version,
                body: v.body,
                edited_by: v.edited_by.0,
                edited_by_name: v.edited_by_name,
                edited_at: v.edited_at,
            })
            .collect(),
    ))
}
