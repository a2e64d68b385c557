//! Every refusal in the form its reader expects. Handlers answer with
//! [`ApiError`](crate::error::ApiError) or an error page already; what is
//! left are the answers made before a handler runs — a query string or
//! path id the extractors cannot read (`?limit=abc`, `%FF`), a body over
//! the limit (413), a method the route does not take (405), a body of the
//! wrong type (415), a cross-site form (403) — which are plain text. Under
//! `/api/` they become the documented
//! `{"error":{"code","message","field","problems","request_id"}}`, elsewhere
//! the error page; the status is kept and the text kept as the message
//! with any quoted value taken out (it may be what the caller sent).

use crate::error::{ApiErrorBody, ApiErrorDetail, error_page, without_quoted};
use axum::Json;
use axum::extract::Request;
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// How much of a plain-text refusal is read to keep as the message.
const MESSAGE_LIMIT: usize = 4 * 1024;

pub async fn documented(request: Request, next: Next) -> Response {
    let api = request.uri().path().starts_with("/api/");
    let response = next.run(request).await;
    let status = response.status();
    let is_plain = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_none_or(|v| v.starts_with("text/plain"));
    if !is_plain || !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let (parts, body) = response.into_parts();
    let text = match axum::body::to_bytes(body, MESSAGE_LIMIT).await {
        Ok(bytes) => String::from_utf8_lossy(&bytes).trim().to_string(),
        Err(_) => String::new(),
    };
    let message = match without_quoted(&text) {
        m if m.is_empty() => status.canonical_reason().unwrap_or("Error").to_string(),
        m => m,
    };
    if !api {
        return with_headers(error_page(status, message), parts.headers);
    }
    let body = ApiErrorBody {
        error: ApiErrorDetail {
            code: code_of(status).to_string(),
            message,
            field: None,
            problems: Vec::new(),
            request_id: crate::request_log::current_request_id(),
        },
    };
    with_headers((status, Json(body)).into_response(), parts.headers)
}

/// `response` with the refused answer's other headers (`Allow`,
/// `Retry-After`, the security headers) kept.
fn with_headers(mut response: Response, mut headers: HeaderMap) -> Response {
    headers.remove(header::CONTENT_TYPE);
    headers.remove(header::CONTENT_LENGTH);
    for (name, value) in headers.iter() {
        response.headers_mut().insert(name.clone(), value.clone());
    }
    response
}

/// The error code for a status, in the words the API's codes use.
fn code_of(status: StatusCode) -> &'static str {
    match status {
        StatusCode::BAD_REQUEST | StatusCode::UNPROCESSABLE_ENTITY => "invalid",
        StatusCode::UNAUTHORIZED => "unauthenticated",
        StatusCode::FORBIDDEN => "forbidden",
        StatusCode::NOT_FOUND => "not_found",
        StatusCode::METHOD_NOT_ALLOWED => "method_not_allowed",
        StatusCode::CONFLICT => "conflict",
        StatusCode::PAYLOAD_TOO_LARGE => "too_large",
        StatusCode::URI_TOO_LONG => "too_long",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported_media_type",
        StatusCode::TOO_MANY_REQUESTS => "throttled",
        s if s.is_server_error() => "internal",
        _ => "invalid",
    }
}

#[cfg(test)]
mod tests {
    use super::code_of;
    use axum::http::StatusCode;

    #[test]
    fn every_refusal_status_has_a_code() {
        assert_eq!(code_of(StatusCode::BAD_REQUEST), "invalid");
        assert_eq!(code_of(StatusCode::PAYLOAD_TOO_LARGE), "too_large");
        assert_eq!(
            code_of(StatusCode::METHOD_NOT_ALLOWED),
            "method_not_allowed"
        );
        assert_eq!(code_of(StatusCode::BAD_GATEWAY), "internal");
        assert_eq!(code_of(StatusCode::IM_A_TEAPOT), "invalid");
    }
}
