//! The network witness's HTTP surface (`concord audit witness`):
//! `POST /add-checkpoint` as c2sp.org/tlog-witness specifies it, and
//! `GET /concord/latest/{log id}`, the latest head it cosigned for a log
//! (its body and cosignature), for `concord audit verify`. Nothing here is
//! secret or personal: tree sizes, roots and signatures.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use concord_app::audit_witness_service::{Refusal, Witness};

/// Checkpoint requests are small: 63 proof lines and a note.
const MAX_REQUEST_BYTES: usize = 16 * 1024;

pub fn witness_router(witness: Witness) -> Router {
    Router::new()
        .route("/add-checkpoint", post(add_checkpoint))
        .route("/concord/latest/{log}", get(latest))
        .layer(axum::extract::DefaultBodyLimit::max(MAX_REQUEST_BYTES))
        .with_state(witness)
}

async fn add_checkpoint(State(witness): State<Witness>, body: String) -> Response {
    let task = tokio::task::spawn_blocking(move || witness.add_checkpoint(&body));
    match task.await {
        Ok(Ok(cosignature)) => (StatusCode::OK, cosignature).into_response(),
        Ok(Err(refusal)) => refused(&refusal),
        Err(_) => (StatusCode::INTERNAL_SERVER_ERROR, "the witness failed\n").into_response(),
    }
}

fn refused(refusal: &Refusal) -> Response {
    let status = StatusCode::from_u16(refusal.status()).unwrap_or(StatusCode::BAD_REQUEST);
    if let Refusal::NotTheRememberedSize { remembered, .. } = refusal {
        return (
            status,
            [(header::CONTENT_TYPE, "text/x.tlog.size")],
            format!("{remembered}\n"),
        )
            .into_response();
    }
    tracing::warn!(status = status.as_u16(), %refusal, "checkpoint refused");
    (status, format!("{refusal}\n")).into_response()
}

async fn latest(State(witness): State<Witness>, Path(log): Path<String>) -> Response {
    match witness.latest(&log) {
        Ok(Some(head)) => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            format!("{}\n{}", head.body, head.cosignature),
        )
            .into_response(),
        Ok(None) => (StatusCode::NOT_FOUND, "no head cosigned for this log\n").into_response(),
        Err(refusal) => refused(&refusal),
    }
}
