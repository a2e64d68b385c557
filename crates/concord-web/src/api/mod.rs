//! The JSON API under `/api/v1`, described by the OpenAPI 3.1 document at
//! `/api/openapi.json`. Machine clients authenticate with API tokens
//! (`Authorization: Bearer concord_…`); every call goes through the same
//! use cases, permission checks and audit as the pages.

mod account_recovery;
mod agencies;
mod areas;
mod audit;
mod cases;
mod deaths;
mod directory;
mod extract;
mod governance;
mod homicide_review;
mod justice;
mod me;
mod openapi_refusals;
pub(crate) mod protection;
mod referrals;
mod risk;
mod statistics;
mod statistics_funnel;
pub(crate) mod statistics_releases;
mod statistics_repeat;
pub use extract::ApiJson;
mod types;
mod users;

use crate::error::ApiError;
use crate::state::AppState;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use concord_app::AppError;
use concord_domain::Invalid;
use concord_domain::access::Actor;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Concord API",
        description = "Coordinated response to violence against women and girls. Every request needs an API token created under My account → API tokens.",
        version = "1"
    ),
    servers((url = "/api/v1")),
    modifiers(&BearerAuth),
    security(("bearer" = []))
)]
struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

fn api_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(areas::routes())
        .merge(agencies::routes())
        .merge(users::routes())
        .merge(account_recovery::routes())
        .merge(me::routes())
        .merge(audit::routes())
        .merge(cases::routes())
        .merge(risk::routes())
        .merge(justice::routes())
        .merge(protection::routes())
        .merge(deaths::routes())
        .merge(homicide_review::routes())
        .merge(governance::routes())
        .merge(referrals::routes())
        .merge(directory::routes())
        .merge(statistics_releases::routes())
        .merge(statistics::routes())
        .merge(statistics_funnel::routes())
        .merge(statistics_repeat::routes())
}

/// The routes and their document, every operation's refusals added.
fn split() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    let (router, mut doc) = api_router().split_for_parts();
    openapi_refusals::add_to(&mut doc);
    (router, doc)
}

pub fn openapi() -> utoipa::openapi::OpenApi {
    split().1
}

pub fn routes() -> Router<AppState> {
    let (router, doc) = split();
    let doc_json = doc.to_pretty_json().unwrap_or_default();
    Router::new()
        .nest("/v1", router)
        .route(
            "/openapi.json",
            get(move || async move { ([(header::CONTENT_TYPE, "application/json")], doc_json) }),
        )
        .fallback(|| async { ApiError(AppError::NotFound) })
}

/// The caller of an API request, from its bearer token.
pub struct ApiActor(pub Actor);

impl FromRequestParts<AppState> for ApiActor {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim);
        let result = match token {
            Some(token) => state.app.actor_from_api_token(token).await,
            None => Err(AppError::Unauthenticated),
        };
        result.map(ApiActor).map_err(|e| {
            let mut response = ApiError(e).into_response();
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            response
        })
    }
}

/// `?limit=&cursor=` on list endpoints.
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
pub struct PageParams {
    /// 1 to 500; default 100.
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<u32>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

impl PageParams {
    pub fn page(&self) -> Result<concord_store::PageRequest, ApiError> {
        let limit = self.limit.unwrap_or(100);
        if !(1..=concord_store::PageRequest::MAX_LIMIT).contains(&limit) {
            return Err(Invalid::one("limit", "must be from 1 to 500").into());
        }
        Ok(concord_store::PageRequest {
            after: self.cursor.clone().filter(|c| !c.is_empty()),
            limit,
        })
    }
}

/// The purposes a case is read for, from the domain's own list; empty is
/// the same as none (an empty form field).
pub(crate) fn purpose_schema() -> utoipa::openapi::schema::Object {
    let purposes = concord_domain::consent::Purpose::ALL
        .iter()
        .map(|p| p.as_str());
    utoipa::openapi::schema::ObjectBuilder::new()
        .schema_type(utoipa::openapi::Type::String)
        .enum_values(Some(purposes.chain([""])))
        .build()
}

pub type ApiResult<T> = Result<Json<T>, ApiError>;
