//! Request body limits: 1 MiB for every request, except the routes that
//! receive an instrument's document (`…/document`), which may carry the
//! document size limit plus the form around it. Replaces a single
//! `RequestBodyLimitLayer` because one limit cannot serve both; behaves
//! the same way (413 on a declared length over the limit, and the body is
//! cut off at the limit otherwise).

use axum::body::Body;
use axum::extract::Request;
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use concord_domain::governance::documents::MAX_DOCUMENT_BYTES;

pub const DEFAULT_LIMIT: usize = 1024 * 1024;
pub const UPLOAD_LIMIT: usize = MAX_DOCUMENT_BYTES + 256 * 1024;

/// Routes that take a document upload.
pub fn limit_for(path: &str) -> usize {
    let upload = (path.starts_with("/bodies/") || path.starts_with("/api/v1/bodies/"))
        && path.ends_with("/document");
    if upload { UPLOAD_LIMIT } else { DEFAULT_LIMIT }
}

pub async fn limit_body(request: Request, next: Next) -> Response {
    let limit = limit_for(request.uri().path());
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|length| length > limit) {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    }
    let (parts, body) = request.into_parts();
    let body = Body::new(http_body_util::Limited::new(body, limit));
    next.run(Request::from_parts(parts, body)).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_document_routes_take_more() {
        assert_eq!(limit_for("/cases/new"), DEFAULT_LIMIT);
        assert_eq!(
            limit_for("/bodies/x/instruments/y/versions/z/document"),
            UPLOAD_LIMIT
        );
        assert_eq!(
            limit_for("/api/v1/bodies/x/instruments/y/versions/z/document"),
            UPLOAD_LIMIT
        );
        assert_eq!(limit_for("/cases/x/document"), DEFAULT_LIMIT);
    }
}
