//! Instruments, their versions and lifecycle, documents, signatories and
//! consultations.

use super::{form_body, row};
use crate::api::{ApiActor, ApiJson, ApiResult};
use crate::error::{ApiError, ApiErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use concord_app::governance::instruments::InstrumentView;
use concord_domain::governance::forms::{
    ConsultationForm, InstrumentForm, SignatoryForm, VersionForm,
};
use concord_domain::ids::{BodyId, InstrumentId};
use serde::Deserialize;
use serde_json::{Value, json};
use utoipa::IntoParams;
use utoipa_axum::router::{OpenApiRouter, UtoipaMethodRouterExt};
use utoipa_axum::routes;
use uuid::Uuid;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_instruments, create_instrument))
        .routes(routes!(get_instrument, update_instrument))
        .routes(routes!(start_version))
        .routes(routes!(change_version))
        .routes(
            routes!(get_document, put_document).layer(DefaultBodyLimit::max(
                crate::security::body_limit::UPLOAD_LIMIT,
            )),
        )
        .routes(routes!(add_signatory))
        .routes(routes!(add_consultation))
}

form_body!(
    /// `kind` (law, policy, national_action_plan, local_action_plan,
    /// memorandum_of_understanding, protocol, standard_operating_procedure,
    /// information_sharing_protocol, terms_of_reference, referral_pathway),
    /// `title`, `essential_actions` (ESP essential action labels).
    InstrumentBody,
    InstrumentForm
);
form_body!(
    /// `event` (start_consultation, back_to_draft, bring_into_force,
    /// open_review, confirm_after_review, retire; optional), `effective_on`,
    /// `review_on` (YYYY-MM-DD), `summary`.
    VersionBody,
    VersionForm
);
form_body!(
    /// `agency_id`, `signed_by`, `signed_on` (YYYY-MM-DD).
    SignatoryBody,
    SignatoryForm
);
form_body!(
    /// `consultee`, `agency_id` (optional), `survivors_representative`
    /// (true/false), `consulted_on` (YYYY-MM-DD), `summary`.
    ConsultationBody,
    ConsultationForm
);

fn instrument_json(view: &InstrumentView) -> Value {
    json!({
        "instrument": row(&view.instrument),
        "versions": view.versions.iter().map(|v| json!({
            "version": row(&v.row),
            "overdue_for_review": v.overdue,
            "signatories": v.signatories.iter().map(|s| row(&s.row)).collect::<Vec<_>>(),
            "consultations": v.consultations.iter().map(|c| row(&c.row)).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}

/// The body's instruments with their current versions.
#[utoipa::path(get, path = "/bodies/{id}/instruments", tag = "governance", params(("id" = Uuid, Path)),
    responses((status = 200, body = Object), (status = 404, body = ApiErrorBody)))]
async fn list_instruments(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
) -> ApiResult<Value> {
    let lines = state.app.body_instruments(&actor, BodyId(id)).await?;
    Ok(Json(json!({
        "items": lines.iter().map(|l| json!({
            "instrument": row(&l.instrument),
            "current_version": l.current.as_ref().map(row),
            "overdue_for_review": l.overdue,
            "review_reminder": l.reminder,
        })).collect::<Vec<_>>(),
    })))
}

/// Add an instrument (with its first version, a draft).
#[utoipa::path(post, path = "/bodies/{id}/instruments", tag = "governance", params(("id" = Uuid, Path)), request_body = InstrumentBody,
    responses((status = 201, body = Object), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
async fn create_instrument(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
    ApiJson(InstrumentBody(form)): ApiJson<InstrumentBody>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let instrument = state
        .app
        .create_instrument(&actor, BodyId(id), &form)
        .await?;
    let view = state
        .app
        .instrument_view(&actor, BodyId(id), instrument.id)
        .await?;
    Ok((StatusCode::CREATED, Json(instrument_json(&view))))
}

/// One instrument with every version, its signatories and consultations.
#[utoipa::path(get, path = "/bodies/{id}/instruments/{instrument}", tag = "governance",
    params(("id" = Uuid, Path), ("instrument" = Uuid, Path)),
    responses((status = 200, body = Object), (status = 404, body = ApiErrorBody)))]
async fn get_instrument(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path((id, instrument)): Path<(Uuid, Uuid)>,
) -> ApiResult<Value> {
    let view = state
        .app
        .instrument_view(&actor, BodyId(id), InstrumentId(instrument))
        .await?;
    Ok(Json(instrument_json(&view)))
}

/// Change an instrument's kind, title or essential actions.
#[utoipa::path(put, path = "/bodies/{id}/instruments/{instrument}", tag = "governance",
    params(("id" = Uuid, Path), ("instrument" = Uuid, Path)), request_body = InstrumentBody,
    responses((status = 200, body = Object), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
async fn update_instrument(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path((id, instrument)): Path<(Uuid, Uuid)>,
    ApiJson(InstrumentBody(form)): ApiJson<InstrumentBody>,
) -> ApiResult<Value> {
    let instrument = state
        .app
        .update_instrument(&actor, BodyId(id), InstrumentId(instrument), &form)
        .await?;
    Ok(Json(row(&instrument)))
}

/// Start the next version (a draft), when no other is being written.
#[utoipa::path(post, path = "/bodies/{id}/instruments/{instrument}/versions", tag = "governance",
    params(("id" = Uuid, Path), ("instrument" = Uuid, Path)),
    responses((status = 201, body = Object), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
async fn start_version(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path((id, instrument)): Path<(Uuid, Uuid)>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let version = state
        .app
        .start_version(&actor, BodyId(id), InstrumentId(instrument))
        .await?;
    Ok((StatusCode::CREATED, Json(row(&version))))
}

/// Change a version's dates and summary and, with `event`, move it through
/// its lifecycle (bringing a version into force revises the one it
/// replaces).
#[utoipa::path(put, path = "/bodies/{id}/instruments/{instrument}/versions/{version}", tag = "governance",
    params(("id" = Uuid, Path), ("instrument" = Uuid, Path), ("version" = Uuid, Path)), request_body = VersionBody,
    responses((status = 200, body = Object), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
async fn change_version(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path((id, instrument, version)): Path<(Uuid, Uuid, Uuid)>,
    ApiJson(VersionBody(form)): ApiJson<VersionBody>,
) -> ApiResult<Value> {
    let version = state
        .app
        .change_version(&actor, BodyId(id), InstrumentId(instrument), version, &form)
        .await?;
    Ok(Json(row(&version)))
}

#[derive(Debug, Deserialize, IntoParams)]
struct DocumentParams {
    /// The file's name, kept (made safe) for downloads.
    file_name: Option<String>,
}

/// Attach (or replace) the document of a version being written: the request
/// body is the file, `Content-Type` its type. PDF, DOCX, ODT or plain text,
/// at most 8 MB; the kind is checked from the bytes.
#[utoipa::path(put, path = "/bodies/{id}/instruments/{instrument}/versions/{version}/document", tag = "governance",
    params(("id" = Uuid, Path), ("instrument" = Uuid, Path), ("version" = Uuid, Path), DocumentParams),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 200, body = Object), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody), (status = 413)))]
async fn put_document(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path((id, instrument, version)): Path<(Uuid, Uuid, Uuid)>,
    Query(params): Query<DocumentParams>,
    headers: HeaderMap,
    bytes: Bytes,
) -> ApiResult<Value> {
    let declared = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let info = state
        .app
        .attach_document(
            &actor,
            BodyId(id),
            InstrumentId(instrument),
            version,
            params.file_name.as_deref().unwrap_or("document"),
            &declared,
            bytes.to_vec(),
        )
        .await?;
    Ok(Json(row(&info)))
}

/// The document of a version, as an attachment: published versions to every
/// reader, drafts and versions in consultation only to the body's
/// secretariat and member agencies.
#[utoipa::path(get, path = "/bodies/{id}/instruments/{instrument}/versions/{version}/document", tag = "governance",
    params(("id" = Uuid, Path), ("instrument" = Uuid, Path), ("version" = Uuid, Path)),
    responses((status = 200, content_type = "application/octet-stream"), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
async fn get_document(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path((id, instrument, version)): Path<(Uuid, Uuid, Uuid)>,
) -> Result<Response, ApiError> {
    let document = state
        .app
        .version_document(&actor, BodyId(id), InstrumentId(instrument), version)
        .await?;
    Ok(crate::pages::governance_document_response(document))
}

/// Record an agency's signature of a version (from consultation on).
#[utoipa::path(post, path = "/bodies/{id}/instruments/{instrument}/versions/{version}/signatories", tag = "governance",
    params(("id" = Uuid, Path), ("instrument" = Uuid, Path), ("version" = Uuid, Path)), request_body = SignatoryBody,
    responses((status = 201, body = Object), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
async fn add_signatory(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path((id, instrument, version)): Path<(Uuid, Uuid, Uuid)>,
    ApiJson(SignatoryBody(form)): ApiJson<SignatoryBody>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let signatory = state
        .app
        .add_signatory(&actor, BodyId(id), InstrumentId(instrument), version, &form)
        .await?;
    Ok((StatusCode::CREATED, Json(row(&signatory))))
}

/// Record who was consulted on a version (survivors' representatives
/// included).
#[utoipa::path(post, path = "/bodies/{id}/instruments/{instrument}/versions/{version}/consultations", tag = "governance",
    params(("id" = Uuid, Path), ("instrument" = Uuid, Path), ("version" = Uuid, Path)), request_body = ConsultationBody,
    responses((status = 201, body = Object), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
async fn add_consultation(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path((id, instrument, version)): Path<(Uuid, Uuid, Uuid)>,
    ApiJson(ConsultationBody(form)): ApiJson<ConsultationBody>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let consultation = state
        .app
        .add_consultation(&actor, BodyId(id), InstrumentId(instrument), version, &form)
        .await?;
    Ok((StatusCode::CREATED, Json(row(&consultation))))
}
