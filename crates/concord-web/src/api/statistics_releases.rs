//! `/api/v1/statistics/releases`: prepare a release (analysts), sign it
//! off or refuse it (contributing agencies' designated persons), withdraw
//! it (analysts), read and download it (published: everyone signed in).

use super::types::Page;
use super::{ApiActor, ApiJson, ApiResult, PageParams};
use crate::error::{ApiError, ApiErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use concord_app::statistics_release::{ExportFormat, ReleaseFile, ReleaseView};
use concord_domain::ids::StatisticsReleaseId;
use concord_domain::statistics_release::{ReleaseDecision, ReleaseForm};
use concord_store::{AreaRow, StatisticsReleaseRow};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_releases, prepare_release))
        .routes(routes!(get_release))
        .routes(routes!(sign_off))
        .routes(routes!(refuse))
        .routes(routes!(withdraw))
        .routes(routes!(download))
}

/// A release in a list.
#[derive(Serialize, ToSchema)]
pub struct ReleaseSummary {
    pub id: Uuid,
    pub indicator_set: String,
    pub period: String,
    pub area_id: Uuid,
    pub area_code: String,
    pub breakdowns: Vec<String>,
    /// `awaiting_sign_off`, `refused`, `published` or `withdrawn`.
    pub status: String,
    pub prepared_at: chrono::DateTime<chrono::Utc>,
    pub published_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Hex SHA-256 of the canonical published form (published only).
    pub content_hash: Option<String>,
}

impl ReleaseSummary {
    fn of(r: &StatisticsReleaseRow, area: &AreaRow) -> Self {
        Self {
            id: r.id.0,
            indicator_set: r.indicator_set.clone(),
            period: r.period.clone(),
            area_id: r.area_id.0,
            area_code: area.code.clone(),
            breakdowns: r.breakdowns.clone(),
            status: r.status.as_str().to_string(),
            prepared_at: r.prepared_at,
            published_at: r.published_at,
            content_hash: r.content_hash.clone(),
        }
    }
}

/// A contributing agency and its decision (analysts and contributing
/// agencies' designated persons only).
#[derive(Serialize, ToSchema)]
pub struct Contributor {
    pub agency_id: Uuid,
    pub agency_name: String,
    /// `signed`, `refused` or `undecided`.
    pub decision: String,
    pub reason: Option<String>,
    pub decided_at: Option<chrono::DateTime<chrono::Utc>>,
    /// The role the signer decided in (`agency_administrator`).
    pub decided_as: Option<String>,
}

/// A release with its tables as they are (or will be) published.
#[derive(Serialize, ToSchema)]
pub struct Release {
    #[serde(flatten)]
    pub summary: ReleaseSummary,
    pub small_cell_threshold: i32,
    /// Each: `code`, `title`, `definition`, `unit`, `breakdown` and `rows`
    /// of `category` and `cell` (`{"kind": "count", "value": 12}`,
    /// `{"kind": "percent", "value": "33.3"}`, `{"kind": "suppressed"}` or
    /// `{"kind": "empty"}`).
    #[schema(value_type = Vec<Object>)]
    pub tables: Value,
    pub contributors: Vec<Contributor>,
    /// The reader's agency has still to decide, and the reader may.
    pub awaits_your_decision: bool,
}

impl From<ReleaseView> for Release {
    fn from(v: ReleaseView) -> Self {
        Self {
            summary: ReleaseSummary::of(&v.release, &v.area),
            small_cell_threshold: v.release.small_cell_threshold,
            tables: serde_json::to_value(&v.tables).unwrap_or(Value::Null),
            contributors: v
                .contributors
                .into_iter()
                .map(|c| Contributor {
                    agency_id: c.agency_id.0,
                    agency_name: c.agency_name,
                    decision: match c.signed {
                        Some(true) => "signed",
                        Some(false) => "refused",
                        None => "undecided",
                    }
                    .to_string(),
                    reason: c.reason,
                    decided_at: c.decided_at,
                    decided_as: c.decided_as.map(|r| r.as_str().to_string()),
                })
                .collect(),
            awaits_your_decision: v.awaits_reader,
        }
    }
}

#[derive(Deserialize, ToSchema)]
pub struct ReleaseInput {
    /// `risk_conference_quarterly` or `gbv_incidents`.
    pub indicator_set: String,
    /// `2026-Q1` (a month `2026-11` or a year `2026` for sets that have them).
    pub period: String,
    pub area_id: String,
    /// e.g. `["referring_sector"]`; for `gbv_incidents` any of `gbv_type`,
    /// `age_group`, `sex`, `perpetrator_relationship`, `reporting_delay`,
    /// `context`.
    #[serde(default)]
    pub breakdowns: Vec<String>,
}

#[derive(Deserialize, ToSchema)]
pub struct RefusalInput {
    /// Why the agency refuses (required).
    #[serde(default)]
    pub reason: String,
}

#[derive(Serialize, ToSchema)]
pub struct DecisionOutcome {
    /// The release's status afterwards (`published` after the last signature).
    pub status: String,
}

/// Releases the reader may see, newest first, a page at a time: analysts
/// all; designated persons those their agency contributes to and the
/// published ones; everyone else the published ones.
#[utoipa::path(get, path = "/statistics/releases", tag = "statistics", params(PageParams),
    responses((status = 200, body = Page<ReleaseSummary>), (status = 400, body = ApiErrorBody),
        (status = 401, body = ApiErrorBody)))]
async fn list_releases(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Query(params): Query<PageParams>,
) -> ApiResult<Page<ReleaseSummary>> {
    let page = state
        .app
        .list_statistics_releases(&actor, &params.page()?)
        .await?;
    Ok(Json(Page::from(page, |(r, a)| ReleaseSummary::of(&r, &a))))
}

/// Prepare a release (analysts): its tables are computed, suppressed and
/// frozen now; it then awaits every contributing agency's sign-off.
#[utoipa::path(post, path = "/statistics/releases", tag = "statistics", request_body = ReleaseInput,
    responses((status = 201, body = Release), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody)))]
async fn prepare_release(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(input): ApiJson<ReleaseInput>,
) -> Result<(StatusCode, Json<Release>), ApiError> {
    let form = ReleaseForm {
        indicator_set: input.indicator_set,
        period: input.period,
        area_id: input.area_id,
        breakdowns: input.breakdowns,
    };
    let row = state.app.prepare_statistics_release(&actor, &form).await?;
    let view = state.app.statistics_release(Some(&actor), row.id).await?;
    Ok((StatusCode::CREATED, Json(view.into())))
}

/// One release with its tables.
#[utoipa::path(get, path = "/statistics/releases/{id}", tag = "statistics", params(("id" = Uuid, Path)),
    responses((status = 200, body = Release), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
async fn get_release(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
) -> ApiResult<Release> {
    let view = state
        .app
        .statistics_release(Some(&actor), StatisticsReleaseId(id))
        .await?;
    Ok(Json(view.into()))
}

/// Sign the release off for the reader's agency (its designated person).
/// The last signature publishes it.
#[utoipa::path(post, path = "/statistics/releases/{id}/sign-off", tag = "statistics", params(("id" = Uuid, Path)),
    responses((status = 200, body = DecisionOutcome), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
async fn sign_off(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
) -> ApiResult<DecisionOutcome> {
    let status = state
        .app
        .decide_statistics_release(&actor, StatisticsReleaseId(id), &ReleaseDecision::Sign)
        .await?;
    Ok(Json(DecisionOutcome {
        status: status.as_str().to_string(),
    }))
}

/// Refuse the release for the reader's agency, with a reason.
#[utoipa::path(post, path = "/statistics/releases/{id}/refusal", tag = "statistics", params(("id" = Uuid, Path)),
    request_body = RefusalInput,
    responses((status = 200, body = DecisionOutcome), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
async fn refuse(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
    ApiJson(input): ApiJson<RefusalInput>,
) -> ApiResult<DecisionOutcome> {
    let status = state
        .app
        .decide_statistics_release(
            &actor,
            StatisticsReleaseId(id),
            &ReleaseDecision::Refuse {
                reason: input.reason,
            },
        )
        .await?;
    Ok(Json(DecisionOutcome {
        status: status.as_str().to_string(),
    }))
}

/// Withdraw a release that is not published (analysts).
#[utoipa::path(post, path = "/statistics/releases/{id}/withdrawal", tag = "statistics", params(("id" = Uuid, Path)),
    responses((status = 204), (status = 403, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
async fn withdraw(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
) -> Result<StatusCode, ApiError> {
    state
        .app
        .withdraw_statistics_release(&actor, StatisticsReleaseId(id))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct DownloadParams {
    /// `json` (the canonical form, verifiable), `csv` (verifiable), `xlsx`
    /// (a sheet per table and one of definitions) or `dhis2` (DHIS2
    /// `dataValueSets`, suppressed cells left out).
    pub format: String,
    /// One table's code: that table alone (CSV only).
    pub table: Option<String>,
}

/// Download a published release.
#[utoipa::path(get, path = "/statistics/releases/{id}/download", tag = "statistics",
    params(("id" = Uuid, Path), DownloadParams),
    responses((status = 200, content_type = "application/octet-stream"), (status = 400, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
async fn download(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
    Query(params): Query<DownloadParams>,
) -> Result<Response, ApiError> {
    let format = ExportFormat::parse(&params.format).map_err(concord_app::AppError::from)?;
    let file = state
        .app
        .download_statistics_release(
            Some(&actor),
            StatisticsReleaseId(id),
            format,
            params.table.as_deref(),
        )
        .await?;
    Ok(file_response(file))
}

/// A download with its type and file name.
pub fn file_response(file: ReleaseFile) -> Response {
    (
        [
            (header::CONTENT_TYPE, file.content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{}\"", file.filename),
            ),
        ],
        file.bytes,
    )
        .into_response()
}
