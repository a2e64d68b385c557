//! `/api/v1` for the service directory: organizations, locations,
//! services (filtered by organization or area), local terms, the pathway
//! of an area and the 4W view. Bodies have the fields of the web forms.
//! Changes follow who keeps the entry (403 naming the reason, audited);
//! every entry's history, and an agency's notices about its entries
//! changed from outside it, are here too.

use crate::api::{ApiActor, ApiJson, ApiResult, PageParams};
use crate::error::{ApiError, ApiErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use concord_app::directory::keeping::ChangeView;
use concord_domain::directory::{LocationForm, OrganizationForm, ServiceForm, TermForm};
use concord_domain::ids::{AreaId, OrganizationId, ServiceId};
use concord_store::{HistoryFilter, OrganizationRow, ServiceFilter, ServiceRow};
use serde::Deserialize;
use serde_json::{Value, json};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_organizations, create_organization))
        .routes(routes!(get_organization, update_organization))
        .routes(routes!(organization_history))
        .routes(routes!(service_history))
        .routes(routes!(list_notices))
        .routes(routes!(dismiss_notice))
        .routes(routes!(create_location))
        .routes(routes!(list_services, create_service))
        .routes(routes!(get_service, update_service))
        .routes(routes!(list_terms, create_term))
        .routes(routes!(area_pathway))
        .routes(routes!(four_w))
        .routes(routes!(export_hsds, import_hsds))
}

fn organization_json(o: &OrganizationRow, stale: bool) -> Value {
    json!({
        "id": o.id,
        "name": o.name,
        "agency_id": o.agency_id,
        "description": o.details.description,
        "email": o.details.email,
        "phone": o.details.phone,
        "website": o.details.website,
        "last_verified_at": o.last_verified_at,
        "stale": stale,
    })
}

fn service_json(s: &ServiceRow, stale: bool) -> Value {
    json!({
        "id": s.id,
        "organization_id": s.organization_id,
        "name": s.name,
        "status": s.status.as_str(),
        "accepts_referrals": s.accepts_referrals,
        "taxonomy": s.taxonomy,
        "area_ids": s.area_ids,
        "location_ids": s.at_locations.iter().map(|p| p.location_id).collect::<Vec<_>>(),
        "details": s.details,
        "last_verified_at": s.last_verified_at,
        "stale": stale,
    })
}

#[derive(Deserialize, ToSchema)]
#[serde(transparent)]
#[schema(value_type = Object)]
pub struct OrganizationBody(OrganizationForm);

#[derive(Deserialize, ToSchema)]
#[serde(transparent)]
#[schema(value_type = Object)]
pub struct LocationBody(LocationForm);

#[derive(Deserialize, ToSchema)]
#[serde(transparent)]
#[schema(value_type = Object)]
pub struct ServiceBody(ServiceForm);

#[derive(Deserialize, ToSchema)]
#[serde(transparent)]
#[schema(value_type = Object)]
pub struct TermBody(TermForm);

/// Organizations by name.
#[utoipa::path(get, path = "/directory/organizations", tag = "directory", params(PageParams),
    responses((status = 200, body = Object), (status = 403, body = ApiErrorBody)))]
async fn list_organizations(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Query(params): Query<PageParams>,
) -> ApiResult<Value> {
    let found = state
        .app
        .directory_organizations(&actor, &params.page()?)
        .await?;
    Ok(Json(json!({
        "items": found.items.iter().map(|o| organization_json(o, state.app.is_stale(o.last_verified_at))).collect::<Vec<_>>(),
        "next_cursor": found.next,
    })))
}

/// Add an organization (a member agency when `agency_id` is set).
#[utoipa::path(post, path = "/directory/organizations", tag = "directory", request_body = OrganizationBody,
    responses((status = 201, body = Object), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody)))]
async fn create_organization(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(OrganizationBody(form)): ApiJson<OrganizationBody>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let row = state.app.save_organization(&actor, None, &form).await?;
    let stale = state.app.is_stale(row.last_verified_at);
    Ok((StatusCode::CREATED, Json(organization_json(&row, stale))))
}

/// An organization with its services and locations.
#[utoipa::path(get, path = "/directory/organizations/{id}", tag = "directory", params(("id" = Uuid, Path)),
    responses((status = 200, body = Object), (status = 404, body = ApiErrorBody)))]
async fn get_organization(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
) -> ApiResult<Value> {
    let view = state.app.organization(&actor, OrganizationId(id)).await?;
    let keeping = state
        .app
        .organization_keeping(&actor, OrganizationId(id))
        .await?;
    let mut out = organization_json(&view.organization, view.stale);
    out["keeping"] = json!({"may_edit": keeping.may_edit, "may_link": keeping.may_link});
    out["services"] = json!(
        view.services
            .iter()
            .map(|s| service_json(s, state.app.is_stale(s.last_verified_at)))
            .collect::<Vec<_>>()
    );
    out["locations"] = json!(
        view.locations
            .iter()
            .map(
                |l| json!({"id": l.id, "name": l.name, "area_id": l.area_id, "details": l.details})
            )
            .collect::<Vec<_>>()
    );
    Ok(Json(out))
}

/// Replace an organization's details.
#[utoipa::path(put, path = "/directory/organizations/{id}", tag = "directory", params(("id" = Uuid, Path)), request_body = OrganizationBody,
    responses((status = 200, body = Object), (status = 400, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
async fn update_organization(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
    ApiJson(OrganizationBody(form)): ApiJson<OrganizationBody>,
) -> ApiResult<Value> {
    let row = state
        .app
        .save_organization(&actor, Some(OrganizationId(id)), &form)
        .await?;
    Ok(Json(organization_json(
        &row,
        state.app.is_stale(row.last_verified_at),
    )))
}

/// Add a location of an organization.
#[utoipa::path(post, path = "/directory/locations", tag = "directory", request_body = LocationBody,
    responses((status = 201, body = Object), (status = 400, body = ApiErrorBody)))]
async fn create_location(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(LocationBody(form)): ApiJson<LocationBody>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let row = state.app.save_location(&actor, None, &form).await?;
    Ok((
        StatusCode::CREATED,
        Json(
            json!({"id": row.id, "organization_id": row.organization_id, "name": row.name, "area_id": row.area_id, "details": row.details}),
        ),
    ))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
struct ServiceParams {
    organization: Option<Uuid>,
    /// Services serving this area.
    area: Option<Uuid>,
    /// 1 to 500; default 100.
    #[param(minimum = 1, maximum = 500)]
    limit: Option<u32>,
    cursor: Option<String>,
}

/// Services by name, optionally of one organization or serving one area.
#[utoipa::path(get, path = "/directory/services", tag = "directory", params(ServiceParams),
    responses((status = 200, body = Object), (status = 400, body = ApiErrorBody)))]
async fn list_services(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Query(params): Query<ServiceParams>,
) -> ApiResult<Value> {
    let page = PageParams {
        limit: params.limit,
        cursor: params.cursor,
    }
    .page()?;
    let filter = ServiceFilter {
        organization: params.organization.map(OrganizationId),
        serving_any_of: params.area.map(AreaId).into_iter().collect(),
        ..Default::default()
    };
    let found = state.app.services(&actor, &filter, &page).await?;
    Ok(Json(json!({
        "items": found.items.iter().map(|s| service_json(s, state.app.is_stale(s.last_verified_at))).collect::<Vec<_>>(),
        "next_cursor": found.next,
    })))
}

/// Add a service (`taxonomy`: ESP codes such as
/// `health_sexual_assault_care`, or local term codes).
#[utoipa::path(post, path = "/directory/services", tag = "directory", request_body = ServiceBody,
    responses((status = 201, body = Object), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody)))]
async fn create_service(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(ServiceBody(form)): ApiJson<ServiceBody>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let row = state.app.save_service(&actor, None, &form).await?;
    let stale = state.app.is_stale(row.last_verified_at);
    Ok((StatusCode::CREATED, Json(service_json(&row, stale))))
}

#[utoipa::path(get, path = "/directory/services/{id}", tag = "directory", params(("id" = Uuid, Path)),
    responses((status = 200, body = Object), (status = 404, body = ApiErrorBody)))]
async fn get_service(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
) -> ApiResult<Value> {
    let view = state.app.service(&actor, ServiceId(id)).await?;
    let mut out = service_json(&view.service, view.stale);
    out["organization_name"] = json!(view.organization.name);
    Ok(Json(out))
}

/// Replace a service.
#[utoipa::path(put, path = "/directory/services/{id}", tag = "directory", params(("id" = Uuid, Path)), request_body = ServiceBody,
    responses((status = 200, body = Object), (status = 400, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
async fn update_service(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
    ApiJson(ServiceBody(form)): ApiJson<ServiceBody>,
) -> ApiResult<Value> {
    let row = state
        .app
        .save_service(&actor, Some(ServiceId(id)), &form)
        .await?;
    Ok(Json(service_json(
        &row,
        state.app.is_stale(row.last_verified_at),
    )))
}

/// Local taxonomy terms (the ESP terms are fixed).
#[utoipa::path(get, path = "/directory/terms", tag = "directory",
    responses((status = 200, body = Object)))]
async fn list_terms(State(state): State<AppState>, ApiActor(actor): ApiActor) -> ApiResult<Value> {
    let terms = state.app.taxonomy_terms(&actor).await?;
    Ok(Json(json!({
        "essential_services": concord_domain::directory::EssentialService::ALL
            .iter()
            .map(|s| json!({"code": s.as_str(), "sector": s.sector().as_str()}))
            .collect::<Vec<_>>(),
        "local": terms.iter().map(|t| json!({"code": t.code, "name": t.name, "sector": t.sector.map(|s| s.as_str())})).collect::<Vec<_>>(),
    })))
}

/// Add or rename a local term.
#[utoipa::path(post, path = "/directory/terms", tag = "directory", request_body = TermBody,
    responses((status = 201, body = Object), (status = 400, body = ApiErrorBody)))]
async fn create_term(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(TermBody(form)): ApiJson<TermBody>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let t = state.app.save_term(&actor, &form).await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({"code": t.code, "name": t.name, "sector": t.sector.map(|s| s.as_str())})),
    ))
}

/// The referral pathway of an area: every essential service with what
/// offers it there (services of the area and the areas above it), and the
/// gaps.
#[utoipa::path(get, path = "/directory/pathway/{area}", tag = "directory", params(("area" = Uuid, Path)),
    responses((status = 200, body = Object), (status = 404, body = ApiErrorBody)))]
async fn area_pathway(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(area): Path<Uuid>,
) -> ApiResult<Value> {
    let p = state.app.area_pathway(&actor, AreaId(area)).await?;
    Ok(Json(json!({
        "area_id": p.area.id,
        "area_name": p.area.name,
        "gaps": p.gaps,
        "sectors": p.sectors.iter().map(|s| json!({
            "sector": s.sector.as_str(),
            "services": s.rows.iter().map(|r| json!({
                "essential_service": r.service.as_str(),
                "gap": r.offered_by.is_empty(),
                "offered_by": r.offered_by.iter().map(|o| json!({
                    "service_id": o.service.id,
                    "service_name": o.service.name,
                    "organization_name": o.organization.name,
                    "stale": o.stale,
                })).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })))
}

/// Who does what, where and when.
#[utoipa::path(get, path = "/directory/4w", tag = "directory",
    responses((status = 200, body = Object)))]
async fn four_w(State(state): State<AppState>, ApiActor(actor): ApiActor) -> ApiResult<Value> {
    let rows = state.app.four_w(&actor).await?;
    Ok(Json(json!({
        "items": rows.iter().map(|r| json!({
            "who": r.organization.name,
            "what": r.service.taxonomy,
            "service": r.service.name,
            "service_id": r.service.id,
            "where": r.areas.iter().map(|a| a.name.clone()).collect::<Vec<_>>(),
            "when": r.service.details.opening_hours,
        })).collect::<Vec<_>>(),
    })))
}

/// The whole directory as an Open Referral HSDS 3.0 JSON document.
#[utoipa::path(get, path = "/directory/hsds", tag = "directory",
    responses((status = 200, body = Object), (status = 403, body = ApiErrorBody)))]
async fn export_hsds(State(state): State<AppState>, ApiActor(actor): ApiActor) -> ApiResult<Value> {
    Ok(Json(state.app.export_hsds(Some(&actor)).await?))
}

/// Import an HSDS 3.0 JSON document (the body), all or nothing: 400 with
/// every problem (`problems[].field` names the record and field, such as
/// `services[3].minimum_age`) and nothing stored.
#[utoipa::path(post, path = "/directory/hsds", tag = "directory", request_body = Object,
    responses((status = 200, body = Object), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody)))]
async fn import_hsds(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    body: axum::body::Bytes,
) -> ApiResult<Value> {
    let done = state
        .app
        .import_hsds(Some(&actor), &body, &|_, _| {})
        .await?;
    Ok(Json(json!({
        "organizations": done.organizations,
        "locations": done.locations,
        "services": done.services,
        "terms": done.terms,
    })))
}

fn change_json(c: &ChangeView) -> Value {
    json!({
        "id": c.change.id,
        "at": c.change.at,
        "organization_id": c.change.organization_id,
        "entry_kind": c.change.entry_kind.as_str(),
        "entry_id": c.change.entry_id,
        "entry_name": c.entry_name,
        "kind": c.change.kind.as_str(),
        "actor_user_id": c.change.actor_user_id,
        "actor_agency_id": c.change.actor_agency_id,
        "owner_agency_id": c.change.owner_agency_id,
        "fields": c.change.fields,
    })
}

async fn history(
    state: &AppState,
    actor: &concord_domain::access::Actor,
    filter: HistoryFilter,
    params: PageParams,
) -> ApiResult<Value> {
    let found = state
        .app
        .directory_history(actor, &filter, &params.page()?)
        .await?;
    Ok(Json(json!({
        "items": found.items.iter().map(change_json).collect::<Vec<_>>(),
        "next_cursor": found.next,
    })))
}

/// Changes to an organization and its services and locations, newest
/// first: who (user and agency ids), when, what (`fields`: `field`, `old`,
/// `new`; personal fields only `withheld: true`).
#[utoipa::path(get, path = "/directory/organizations/{id}/history", tag = "directory",
    params(("id" = Uuid, Path), PageParams),
    responses((status = 200, body = Object), (status = 403, body = ApiErrorBody)))]
async fn organization_history(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
    Query(params): Query<PageParams>,
) -> ApiResult<Value> {
    let filter = HistoryFilter {
        organization: Some(OrganizationId(id)),
        ..Default::default()
    };
    history(&state, &actor, filter, params).await
}

/// Changes to one service, newest first.
#[utoipa::path(get, path = "/directory/services/{id}/history", tag = "directory",
    params(("id" = Uuid, Path), PageParams),
    responses((status = 200, body = Object), (status = 403, body = ApiErrorBody)))]
async fn service_history(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
    Query(params): Query<PageParams>,
) -> ApiResult<Value> {
    let filter = HistoryFilter {
        entry: Some(id),
        ..Default::default()
    };
    history(&state, &actor, filter, params).await
}

/// The caller's agency's unread notices: its directory entries changed by
/// someone outside it (for its administrators; empty for everyone else).
#[utoipa::path(get, path = "/directory/notices", tag = "directory",
    responses((status = 200, body = Object)))]
async fn list_notices(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> ApiResult<Value> {
    let notices = state.app.directory_notices(&actor).await?;
    Ok(Json(json!({
        "items": notices.iter().map(|n| json!({
            "id": n.notice.id,
            "created_at": n.notice.created_at,
            "organization_id": n.change.organization_id,
            "organization_name": n.organization_name,
            "change_id": n.change.id,
            "entry_kind": n.change.entry_kind.as_str(),
            "entry_id": n.change.entry_id,
            "actor_user_id": n.change.actor_user_id,
            "actor_agency_id": n.change.actor_agency_id,
            "fields": n.change.fields.iter().map(|f| f.field.clone()).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })))
}

/// Mark one of the agency's directory notices read.
#[utoipa::path(post, path = "/directory/notices/{id}/dismiss", tag = "directory", params(("id" = Uuid, Path)),
    responses((status = 204), (status = 404, body = ApiErrorBody)))]
async fn dismiss_notice(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
) -> Result<StatusCode, ApiError> {
    state.app.dismiss_directory_notice(&actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
