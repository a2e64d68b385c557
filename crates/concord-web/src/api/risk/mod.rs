//! `/api/v1` for risk identification: instruments (list, load a version)
//! and a case's assessments (read with their history, record one). The
//! same use cases, access decision and audit as the pages.

use crate::api::{ApiActor, ApiJson, ApiResult};
use crate::error::{ApiError, ApiErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use concord_domain::consent::Purpose;
use concord_domain::ids::CaseId;
use concord_domain::risk::assessment::AssessmentForm;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub mod conference_actions;
pub mod conferences;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_risk_instruments, load_instrument))
        .routes(routes!(read_risk))
        .routes(routes!(record_assessment))
        .merge(conferences::routes())
        .merge(conference_actions::routes())
}

#[derive(Serialize, ToSchema)]
pub struct InstrumentVersion {
    pub key: String,
    pub version: i32,
    pub title: String,
    pub loaded_at: chrono::DateTime<chrono::Utc>,
    /// The checked definition: items, scoring, bands, triggers.
    #[schema(value_type = Object)]
    pub definition: Value,
}

/// Every loaded instrument version, newest version of each first.
#[utoipa::path(get, path = "/risk/instruments", tag = "risk",
    responses((status = 200, body = [InstrumentVersion]), (status = 403, body = ApiErrorBody)))]
async fn list_risk_instruments(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> ApiResult<Vec<InstrumentVersion>> {
    let rows = state.app.risk_instruments(&actor).await?;
    Ok(Json(
        rows.into_iter()
            .map(|r| InstrumentVersion {
                definition: serde_json::from_str(&r.definition).unwrap_or(Value::Null),
                key: r.key,
                version: r.version,
                title: r.title,
                loaded_at: r.loaded_at,
            })
            .collect(),
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct InstrumentFile {
    /// The whole instrument file, TOML or JSON.
    pub content: String,
}

/// Load a new instrument version (system administrators). A malformed file
/// is refused with every problem in `problems`, each naming its place
/// (`items.strangulation.weight`).
#[utoipa::path(post, path = "/risk/instruments", tag = "risk", request_body = InstrumentFile,
    responses((status = 201, body = Object), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody)))]
async fn load_instrument(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(body): ApiJson<InstrumentFile>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let row = state
        .app
        .load_instrument(Some(&actor), &body.content)
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({ "key": row.key, "version": row.version })),
    ))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
struct PurposeParams {
    /// Why the case is read: required under consent for another agency's case.
    #[param(schema_with = crate::api::purpose_schema)]
    purpose: Option<String>,
}

/// A case's assessments, oldest first, with the reassessment date (read of
/// the `risk` category, audited).
#[utoipa::path(get, path = "/cases/{id}/risk", tag = "risk", params(("id" = Uuid, Path), PurposeParams),
    responses((status = 200, body = Object), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
async fn read_risk(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
    Query(params): Query<PurposeParams>,
) -> ApiResult<Value> {
    let purpose = match params.purpose.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(text) => Some(Purpose::parse(text).ok_or_else(|| {
            ApiError::from(concord_domain::Invalid::one(
                "purpose",
                "is not a known purpose",
            ))
        })?),
    };
    let file = state.app.read_risk(&actor, CaseId(id), purpose).await?;
    Ok(Json(json!({
        "case_id": file.case.id,
        "survivor_reference": file.survivor_reference,
        "basis": file.basis.as_str(),
        "reassess_by": file.reassess_by,
        "reassessment_overdue": file.reassessment_overdue,
        "assessments": file.assessments.iter().map(|a| json!({
            "id": a.row.id,
            "instrument": a.row.instrument_key,
            "instrument_version": a.row.instrument_version,
            // The day it was done (on paper, maybe earlier) and the
            // instant it was recorded.
            "assessed_on": a.row.assessed_on,
            "recorded_at": a.row.created_at,
            "score": a.row.score,
            "max_score": a.row.max_score,
            "band": a.row.band,
            "computed_level": a.row.computed_level.as_str(),
            "final_level": a.row.final_level.as_str(),
            "judgement_reason": a.judgement_reason,
            "survivor_view": a.row.survivor_view.as_str(),
            "survivor_words": a.survivor_words,
            "triggers": a.row.triggers.iter().map(|t| t.as_str()).collect::<Vec<_>>(),
            "reassess_by": a.row.reassess_by,
            "answers": a.answers.iter().map(|x| json!({"topic": x.topic, "answer": x.answer})).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })))
}

#[derive(Deserialize, ToSchema)]
pub struct AssessmentBody {
    /// The instrument's key; its newest version is used.
    pub instrument: String,
    /// Answers by item id: `yes`/`no`, a number for a scale, text.
    #[serde(default)]
    pub answers: BTreeMap<String, String>,
    /// Raise the level (standard, medium, high) on professional judgement.
    #[serde(default)]
    pub judged_level: String,
    #[serde(default)]
    pub judgement_reason: String,
    /// The day it was made, when entered later (YYYY-MM-DD, within the last
    /// year); today when left out.
    #[serde(default)]
    pub assessed_on: String,
    /// low, medium, high or did_not_say
    #[serde(default)]
    pub survivor_view: String,
    #[serde(default)]
    pub survivor_words: String,
}

/// Record an assessment (the owning agency).
#[utoipa::path(post, path = "/cases/{id}/risk/assessments", tag = "risk", params(("id" = Uuid, Path)), request_body = AssessmentBody,
    responses((status = 201, body = Object), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody)))]
async fn record_assessment(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
    ApiJson(body): ApiJson<AssessmentBody>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let form = AssessmentForm {
        answers: body.answers,
        judged_level: body.judged_level,
        judgement_reason: body.judgement_reason,
        survivor_view: body.survivor_view,
        survivor_words: body.survivor_words,
        assessed_on: body.assessed_on,
    };
    let row = state
        .app
        .record_assessment(&actor, CaseId(id), &body.instrument, &form)
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({
            "id": row.id,
            "score": row.score,
            "computed_level": row.computed_level.as_str(),
            "final_level": row.final_level.as_str(),
            "triggers": row.triggers.iter().map(|t| t.as_str()).collect::<Vec<_>>(),
            "reassess_by": row.reassess_by,
        })),
    ))
}
