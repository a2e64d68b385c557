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

use crate::error::{
    ApiError, ApiErrorBody, ApiErrorDetail, ApiProblem, error_page, without_quoted,
};
use axum::Json;
use axum::extract::Request;
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use concord_domain::Invalid;
use concord_domain::validation::Message;

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
    let refusal = match (status, rejected_input(&text)) {
        (StatusCode::BAD_REQUEST, Some(invalid)) => ApiError(invalid.into()).into_response(),
        _ => api_refusal(status, None, status_message(status).unwrap_or(message)),
    };
    with_headers(refusal, parts.headers)
}

/// The documented error body for a refusal of the request as a whole
/// (`field` is `None`) or of one input.
pub fn api_refusal(status: StatusCode, field: Option<String>, message: String) -> Response {
    let problems = field
        .iter()
        .map(|field| ApiProblem {
            field: field.clone(),
            message: message.clone(),
        })
        .collect();
    let body = ApiErrorBody {
        error: ApiErrorDetail {
            code: code_of(status).to_string(),
            message,
            field,
            problems,
            request_id: crate::request_log::current_request_id(),
        },
    };
    (status, Json(body)).into_response()
}

/// What the API says, in the reader's language, for a refusal that has no
/// reason of its own beyond its status.
pub fn status_message(status: StatusCode) -> Option<String> {
    let key = match status {
        StatusCode::NOT_FOUND => "error-not-found",
        StatusCode::METHOD_NOT_ALLOWED => "api-refusal-method-not-allowed",
        StatusCode::PAYLOAD_TOO_LARGE => "api-refusal-too-large",
        StatusCode::URI_TOO_LONG => "api-refusal-too-long",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "api-refusal-unsupported-media-type",
        _ => return None,
    };
    Some(crate::i18n::Tr::current().t(key))
}

/// The input axum's `Path` and `Query` extractors could not read, from
/// the text of their refusal: the path parameter or query field at fault
/// (`id`, `limit`) and the problem as a localisable message. Their text
/// quotes the value sent, which is never repeated.
fn rejected_input(text: &str) -> Option<Invalid> {
    let problem = |field: &str, key: &str, words: &str| {
        Invalid::one_with_message(field, words, Message::new(key))
    };
    if let Some(rest) = text.strip_prefix("Invalid URL: ") {
        let key = rest
            .strip_prefix("Cannot parse `")
            .and_then(|r| r.split_once("` with value `"))
            .map(|(key, _)| key)
            .or_else(|| {
                rest.strip_prefix("Invalid UTF-8 in `")
                    .and_then(|r| r.strip_suffix('`'))
            });
        let field = key.unwrap_or("path");
        return Some(if rest.contains("UUID") {
            problem(field, "problem-not-an-id", "must be a UUID")
        } else {
            problem(
                field,
                "api-refusal-path-value",
                "cannot be read from the address",
            )
        });
    }
    let rest = text.strip_prefix("Failed to deserialize query string: ")?;
    let field = rest
        .split_once(": ")
        .map(|(path, _)| path)
        .filter(|path| {
            path.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '[' | ']'))
        })
        .unwrap_or("query");
    Some(problem(
        field,
        "api-refusal-query-value",
        "is not a value this parameter takes",
    ))
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
        StatusCode::SERVICE_UNAVAILABLE => "unavailable",
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

    fn field_of(text: &str) -> Option<(String, String)> {
        super::rejected_input(text).map(|invalid| {
            let problem = &invalid.problems[0];
            (problem.field.clone(), problem.problem.clone())
        })
    }

    /// The texts of axum 0.8's `Path` and `Query` rejections.
    #[test]
    fn rejections_name_the_parameter_at_fault() {
        let id = |field: &str| Some((field.to_string(), "must be a UUID".to_string()));
        assert_eq!(
            field_of(
                "Invalid URL: Cannot parse `id` with value `x` to a `Uuid`: UUID parsing failed"
            ),
            id("id")
        );
        assert_eq!(
            field_of("Invalid URL: Cannot parse `note` with value `a: b` : UUID parsing failed"),
            id("note")
        );
        assert_eq!(
            field_of("Invalid URL: Invalid UTF-8 in `id`").map(|p| p.0),
            Some("id".to_string())
        );
        assert_eq!(
            field_of("Invalid URL: something else").map(|p| p.0),
            Some("path".to_string())
        );
        assert_eq!(
            field_of("Failed to deserialize query string: limit: invalid digit found in string")
                .map(|p| p.0),
            Some("limit".to_string())
        );
        assert_eq!(
            field_of("Failed to deserialize query string: duplicate field `limit`").map(|p| p.0),
            Some("query".to_string())
        );
        assert_eq!(field_of("Method Not Allowed"), None);
    }
}
