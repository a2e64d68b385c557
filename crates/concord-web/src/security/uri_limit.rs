//! Address length limit: an address (path and query) over 8 KiB is
//! refused with 414 before any route reads it — far above any address
//! Concord makes (a page cursor is under 200 characters), well below what
//! the HTTP server itself accepts (64 KiB; longer addresses are refused by
//! the server with a bare 414 before the application sees them).

use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

pub const MAX_URI_BYTES: usize = 8 * 1024;

pub async fn limit_uri(request: Request, next: Next) -> Response {
    let length = request
        .uri()
        .path_and_query()
        .map_or(0, |p| p.as_str().len());
    if length > MAX_URI_BYTES {
        return StatusCode::URI_TOO_LONG.into_response();
    }
    next.run(request).await
}
