//! `/api/v1/agencies`

use super::types::{Agency, AgencyInput, Page};
use super::{ApiActor, ApiJson, ApiResult, PageParams};
use crate::error::{ApiError, ApiErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use concord_domain::ids::AgencyId;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_agencies, create_agency))
        .routes(routes!(get_agency, update_agency))
}

/// List agencies, ordered by name.
#[utoipa::path(get, path = "/agencies", tag = "agencies", params(PageParams),
    responses((status = 200, body = Page<Agency>), (status = 401, body = ApiErrorBody)))]
async fn list_agencies(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Query(params): Query<PageParams>,
) -> ApiResult<Page<Agency>> {
    let page = state.app.list_agencies(&actor, &params.page()?).await?;
    Ok(Json(Page::from(page, Agency::from)))
}

/// Create an agency (system administrators).
#[utoipa::path(post, path = "/agencies", tag = "agencies", request_body = AgencyInput,
    responses((status = 201, body = Agency), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody)))]
async fn create_agency(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(input): ApiJson<AgencyInput>,
) -> Result<(StatusCode, Json<Agency>), ApiError> {
    let agency = state.app.create_agency(Some(&actor), &input.into()).await?;
    Ok((StatusCode::CREATED, Json(agency.into())))
}

/// One agency.
#[utoipa::path(get, path = "/agencies/{id}", tag = "agencies", params(("id" = Uuid, Path)),
    responses((status = 200, body = Agency), (status = 404, body = ApiErrorBody)))]
async fn get_agency(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
) -> ApiResult<Agency> {
    Ok(Json(
        state.app.get_agency(&actor, AgencyId(id)).await?.into(),
    ))
}

/// Replace an agency's details (system administrators).
#[utoipa::path(put, path = "/agencies/{id}", tag = "agencies", params(("id" = Uuid, Path)), request_body = AgencyInput,
    responses((status = 200, body = Agency), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
async fn update_agency(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
    ApiJson(input): ApiJson<AgencyInput>,
) -> ApiResult<Agency> {
    let agency = state
        .app
        .update_agency(&actor, AgencyId(id), &input.into())
        .await?;
    Ok(Json(agency.into()))
}
