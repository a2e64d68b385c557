//! One log line per request for operators: the request's id, method, the
//! route's pattern (`/cases/{id}`, never the path itself), status and
//! duration. Paths and query strings are left out on purpose: they may
//! carry identifiers, and a log line must never help anyone find a
//! survivor.
//!
//! Every request has an id: the `x-request-id` a proxy in front set, when
//! it is a plain token, or a new one. It is returned in the response's
//! `x-request-id` header, is a field of every log line written while the
//! request is handled (a `request` span), and is shown on the error page
//! and in the API's error body, so a person can quote it and support can
//! find the log lines.

use axum::extract::{MatchedPath, Request};
use axum::http::{HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use std::time::Instant;
use tracing::Instrument;

pub static X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

tokio::task_local! {
    static REQUEST_ID: String;
}

/// The id of the request being handled, if any (errors use it).
pub fn current_request_id() -> Option<String> {
    REQUEST_ID.try_with(Clone::clone).ok()
}

/// An id set by a proxy in front is kept only when it cannot carry
/// anything but an id: up to 64 letters, digits, `-`, `_` or `.` (never a
/// line break for a forged log line, never a name).
fn acceptable(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

pub async fn log_request(mut request: Request, next: Next) -> Response {
    let id = request
        .headers()
        .get(&X_REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|v| acceptable(v))
        .map(str::to_string)
        .unwrap_or_else(|| uuid::Uuid::now_v7().to_string());
    let header = HeaderValue::from_str(&id).expect("an acceptable id is a valid header value");
    request
        .headers_mut()
        .insert(X_REQUEST_ID.clone(), header.clone());
    let method = request.method().clone();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "(no route)".to_string(), |m| m.as_str().to_string());
    let span = tracing::info_span!("request", request_id = %id);
    let started = Instant::now();
    let mut response = REQUEST_ID
        .scope(id.clone(), next.run(request).instrument(span.clone()))
        .await;
    let status = response.status().as_u16();
    let millis = started.elapsed().as_millis() as u64;
    span.in_scope(|| {
        if response.status().is_server_error() {
            tracing::warn!(%method, %route, status, millis, "request");
        } else {
            tracing::info!(%method, %route, status, millis, "request");
        }
    });
    response.headers_mut().insert(X_REQUEST_ID.clone(), header);
    response
}

#[cfg(test)]
mod tests {
    use super::acceptable;

    #[test]
    fn only_plain_tokens_are_kept_as_ids() {
        assert!(acceptable("0190f6a2-7c1e-7a3b-9d41-2f1b9a2c4e11"));
        assert!(acceptable("req_42.a"));
        assert!(acceptable(&"a".repeat(64)));
        assert!(!acceptable(&"a".repeat(65)));
        assert!(!acceptable(""));
        assert!(!acceptable("Jane Doe"));
        assert!(!acceptable("x\nrequest status=200"));
        assert!(!acceptable("a@b.example"));
    }
}
