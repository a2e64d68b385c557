//! Concord's web layer: server-rendered HTML pages for people and a JSON
//! API for machines, both calling the same use cases in `concord-app`.
//! This crate never talks to the store directly.

mod api;
mod assets;
mod error;
mod error_bodies;
mod i18n;
mod language;
mod pages;
mod request_log;
mod security;
mod session;
mod state;
mod witness;

pub use security::rate_limit::RateLimit;
pub use state::WebConfig;
pub use witness::witness_router;

use axum::Router;
use concord_app::App;
use std::sync::Arc;

/// The whole HTTP surface: pages, assets, the API and the security layers
/// around them.
pub fn router(app: Arc<App>, config: WebConfig) -> Router {
    let rate_limit = config.rate_limit;
    let trust_forwarded_for = config.trust_forwarded_for;
    let state = state::AppState::new(app, config);
    let router = Router::new()
        .merge(pages::routes())
        .nest("/api", api::routes())
        .merge(assets::routes())
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            security::csrf::check_origin,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            security::headers::add_security_headers,
        ))
        .layer(axum::middleware::from_fn(security::body_limit::limit_body))
        .layer(axum::middleware::from_fn(security::uri_limit::limit_uri));
    let router = match rate_limit {
        Some(limit) => security::rate_limit::limit(router, limit, trust_forwarded_for),
        None => router,
    };
    router
        .layer(axum::middleware::from_fn(error_bodies::documented))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            language::choose,
        ))
        .layer(axum::middleware::from_fn(request_log::log_request))
        .with_state(state)
}

/// The OpenAPI document (also served at `/api/openapi.json`).
pub fn openapi_json() -> String {
    api::openapi().to_pretty_json().unwrap_or_default()
}
