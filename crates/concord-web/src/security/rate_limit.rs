//! Requests per client address (tower_governor): a flood from one address
//! is answered 429 before it reaches any page, so a script cannot hammer
//! the service or walk through case identifiers. Sign-in has its own,
//! stricter limits per account and address, kept in the database so they
//! hold across instances; this limit is per instance and in memory.

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, Response, StatusCode, header};
use std::net::{IpAddr, SocketAddr};
use std::time::Duration;
use tower_governor::GovernorError;
use tower_governor::governor::GovernorConfigBuilder;
use tower_governor::key_extractor::KeyExtractor;

/// How many requests one address may make: `burst` at once, then one more
/// every `60 / per_minute` seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    pub per_minute: u32,
    pub burst: u32,
}

/// The client address the same way sign-in throttling reads it: the last
/// `X-Forwarded-For` entry behind a trusted proxy, else the peer.
#[derive(Debug, Clone, Copy)]
pub struct ClientKey {
    pub trust_forwarded_for: bool,
}

impl KeyExtractor for ClientKey {
    type Key = IpAddr;

    fn extract<T>(&self, request: &Request<T>) -> Result<IpAddr, GovernorError> {
        if self.trust_forwarded_for
            && let Some(ip) = request
                .headers()
                .get("x-forwarded-for")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.rsplit(',').next())
                .and_then(|v| v.trim().parse().ok())
        {
            return Ok(ip);
        }
        request
            .extensions()
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(addr)| addr.ip())
            .ok_or(GovernorError::UnableToExtractKey)
    }
}

fn too_many(error: GovernorError) -> Response<Body> {
    let (status, wait) = match error {
        GovernorError::TooManyRequests { wait_time, .. } => {
            (StatusCode::TOO_MANY_REQUESTS, wait_time.max(1))
        }
        _ => (StatusCode::INTERNAL_SERVER_ERROR, 1),
    };
    Response::builder()
        .status(status)
        .header(header::RETRY_AFTER, wait)
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::CACHE_CONTROL, "no-store")
        .body(Body::from(
            serde_json::json!({"error": {
                "code": "too_many_requests",
                "message": crate::i18n::Tr::current().t1("error-rate-limited", "seconds", wait),
                "field": null,
                "problems": [],
                "request_id": crate::request_log::current_request_id(),
            }})
            .to_string(),
        ))
        .unwrap_or_default()
}

/// Puts the limit around `router`, with a task that forgets addresses that
/// have gone quiet so the table does not grow without end.
pub fn limit<S>(router: Router<S>, limit: RateLimit, trust_forwarded_for: bool) -> Router<S>
where
    S: Clone + Send + Sync + 'static,
{
    let period = Duration::from_millis(60_000 / u64::from(limit.per_minute.max(1)));
    let config = GovernorConfigBuilder::default()
        .period(period)
        .burst_size(limit.burst.max(1))
        .key_extractor(ClientKey {
            trust_forwarded_for,
        })
        .finish()
        .expect("a non-zero period and burst");
    let limiter = config.limiter().clone();
    if let Ok(runtime) = tokio::runtime::Handle::try_current() {
        runtime.spawn(async move {
            let mut every = tokio::time::interval(Duration::from_secs(60));
            loop {
                every.tick().await;
                limiter.retain_recent();
            }
        });
    }
    router.layer(tower_governor::GovernorLayer::new(config).error_handler(too_many))
}
