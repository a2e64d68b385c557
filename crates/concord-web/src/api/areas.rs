//! `/api/v1/areas`

use super::types::{Area, AreaInput, Page};
use super::{ApiActor, ApiJson, ApiResult, PageParams};
use crate::error::{ApiError, ApiErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use concord_domain::ids::AreaId;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_areas, create_area))
        .routes(routes!(get_area, update_area))
}

/// List areas, ordered by code.
#[utoipa::path(get, path = "/areas", tag = "areas", params(PageParams),
    responses((status = 200, body = Page<Area>), (status = 401, body = ApiErrorBody)))]
async fn list_areas(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Query(params): Query<PageParams>,
) -> ApiResult<Page<Area>> {
    let page = state.app.list_areas(&actor, &params.page()?).await?;
    Ok(Json(Page::from(page, Area::from)))
}

/// Create an area (system administrators).
#[utoipa::path(post, path = "/areas", tag = "areas", request_body = AreaInput,
    responses((status = 201, body = Area), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody)))]
async fn create_area(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(input): ApiJson<AreaInput>,
) -> Result<(StatusCode, Json<Area>), ApiError> {
    let (form, parent) = input.into_form();
    let area = state
        .app
        .create_area(Some(&actor), &form, parent.as_deref())
        .await?;
    Ok((StatusCode::CREATED, Json(area.into())))
}

/// One area.
#[utoipa::path(get, path = "/areas/{id}", tag = "areas", params(("id" = Uuid, Path)),
    responses((status = 200, body = Area), (status = 404, body = ApiErrorBody)))]
async fn get_area(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
) -> ApiResult<Area> {
    Ok(Json(state.app.get_area(&actor, AreaId(id)).await?.into()))
}

/// Replace an area's details (system administrators).
#[utoipa::path(put, path = "/areas/{id}", tag = "areas", params(("id" = Uuid, Path)), request_body = AreaInput,
    responses((status = 200, body = Area), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
async fn update_area(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
    ApiJson(input): ApiJson<AreaInput>,
) -> ApiResult<Area> {
    let (form, parent) = input.into_form();
    let area = state
        .app
        .update_area(&actor, AreaId(id), &form, parent.as_deref())
        .await?;
    Ok(Json(area.into()))
}
