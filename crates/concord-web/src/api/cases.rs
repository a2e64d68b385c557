//! `/api/v1` for survivors' cases: the caseload, registration, the case
//! file (only the categories the caller may read, audited by basis) and
//! what is recorded on a case. Bodies use the same fields as the forms.

use super::types::Page;
use super::{ApiActor, ApiJson, ApiResult, PageParams};
use crate::error::{ApiError, ApiErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use concord_app::cases::file::{CaseFile, Caseload};
use concord_app::cases::records::IncidentDetails;
use concord_app::cases::workflow::CaseStepForm;
use concord_domain::case_access::BreakGlassForm;
use concord_domain::consent::{ConsentForm, Purpose, SharingForm};
use concord_domain::ids::{CaseId, ConsentId};
use concord_domain::incident::IncidentForm;
use concord_domain::survivor::SurvivorForm;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_cases))
        .routes(routes!(register_survivor))
        .routes(routes!(read_case))
        .routes(routes!(take_step))
        .routes(routes!(record_incident))
        .routes(routes!(record_consent))
        .routes(routes!(withdraw_consent))
        .routes(routes!(record_sharing))
        .routes(routes!(add_note))
        .routes(routes!(open_break_glass))
}

#[derive(Serialize, ToSchema)]
pub struct CaseSummary {
    pub id: Uuid,
    pub survivor_reference: String,
    pub status: String,
    pub owning_agency: Uuid,
    pub opened_at: chrono::DateTime<chrono::Utc>,
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
struct CaseloadParams {
    /// mine (default), agency or shared
    view: Option<String>,
}

/// The caller's caseload.
#[utoipa::path(get, path = "/cases", tag = "cases", params(PageParams, CaseloadParams),
    responses((status = 200, body = Page<CaseSummary>), (status = 403, body = ApiErrorBody)))]
async fn list_cases(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Query(params): Query<PageParams>,
    Query(view): Query<CaseloadParams>,
) -> ApiResult<Page<CaseSummary>> {
    let which = match view.view.as_deref() {
        Some("agency") => Caseload::MyAgency,
        Some("shared") => Caseload::SharedWithMyAgency,
        _ => Caseload::Mine,
    };
    let page = state.app.caseload(&actor, which, &params.page()?).await?;
    Ok(Json(Page::from(page, |item| CaseSummary {
        id: item.case.id.0,
        survivor_reference: item.survivor_reference,
        status: item.case.status.as_str().into(),
        owning_agency: item.case.owning_agency.0,
        opened_at: item.case.opened_at,
        updated_at: item.case.updated_at,
    })))
}

/// A body with the fields of the web form of the same name.
#[derive(Deserialize, ToSchema)]
#[serde(transparent)]
#[schema(value_type = Object)]
pub struct SurvivorBody(SurvivorForm);

#[derive(Serialize, ToSchema)]
pub struct Registered {
    pub case_id: Uuid,
    pub survivor_id: Uuid,
    pub reference: String,
}

/// Register a survivor with her first case in the caller's agency.
#[utoipa::path(post, path = "/survivors", tag = "cases", request_body = SurvivorBody,
    responses((status = 201, body = Registered), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody)))]
async fn register_survivor(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(SurvivorBody(form)): ApiJson<SurvivorBody>,
) -> Result<(StatusCode, Json<Registered>), ApiError> {
    let (survivor, case) = state.app.register_survivor(&actor, &form).await?;
    Ok((
        StatusCode::CREATED,
        Json(Registered {
            case_id: case.id.0,
            survivor_id: survivor.id.0,
            reference: survivor.reference,
        }),
    ))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
struct PurposeParams {
    /// Why the case is read: required for another agency's case.
    purpose: Option<String>,
}

/// The case file: only the categories the caller may read.
#[utoipa::path(get, path = "/cases/{id}", tag = "cases", params(("id" = Uuid, Path), PurposeParams),
    responses((status = 200, body = Object), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
async fn read_case(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
    Query(params): Query<PurposeParams>,
) -> ApiResult<Value> {
    let purpose = match params.purpose.as_deref() {
        None | Some("") => None,
        Some(text) => Some(Purpose::parse(text).ok_or_else(|| {
            ApiError::from(concord_domain::Invalid::one(
                "purpose",
                "is not a known purpose",
            ))
        })?),
    };
    let file = state.app.read_case(&actor, CaseId(id), purpose).await?;
    Ok(Json(case_json(&file)))
}

fn case_json(file: &CaseFile) -> Value {
    json!({
        "id": file.case.id,
        "survivor_reference": file.survivor_reference,
        "status": file.case.status.as_str(),
        "owning_agency": file.case.owning_agency,
        "basis": file.basis.as_str(),
        "categories": file.categories.iter().map(|c| c.as_str()).collect::<Vec<_>>(),
        "survivor": file.survivor.as_ref().map(|s| json!({
            "id": s.row.id,
            "name": s.name,
            "other_identifiers": s.other_identifiers,
            "date_of_birth": s.date_of_birth,
            "age_group": s.row.age_group.map(|g| g.as_str()),
            "sex_gender": s.row.sex_gender.as_str(),
            "disability": s.row.disability,
            "displacement": s.row.displacement.as_str(),
            "languages": s.row.languages,
            "contact": s.contact,
        })),
        "incidents": file.incidents.as_ref().map(|list| list.iter().map(|i| json!({
            "id": i.row.id,
            "incident_date": i.row.incident_date,
            "date_first_reported": i.row.date_first_reported,
            "gbv_type": i.row.gbv_type.as_str(),
            "reporting_delay": i.row.reporting_delay.as_str(),
            "perpetrator_relationship": i.row.perpetrator_relationship.as_str(),
            "perpetrator_identity": i.perpetrator_identity,
            "narrative": i.narrative,
        })).collect::<Vec<_>>()),
        "clinical_windows": file.clinical_windows.iter().map(|w| json!({
            "care": w.care.as_str(),
            "ends_at": w.ends_at,
        })).collect::<Vec<_>>(),
        "notes": file.notes.as_ref().map(|notes| notes.iter().map(|n| json!({
            "id": n.note.id,
            "version": n.version,
            "body": n.body,
            "edited_at": n.edited_at,
        })).collect::<Vec<_>>()),
        "consents": file.consents,
    })
}

#[derive(Deserialize, ToSchema)]
#[serde(transparent)]
#[schema(value_type = Object)]
pub struct StepBody(CaseStepForm);

/// Take a case-management step (`event`: assessment_completed, plan_agreed, …).
#[utoipa::path(post, path = "/cases/{id}/steps", tag = "cases", params(("id" = Uuid, Path)), request_body = StepBody,
    responses((status = 200, body = Object), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
async fn take_step(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
    ApiJson(StepBody(form)): ApiJson<StepBody>,
) -> ApiResult<Value> {
    let status = state.app.take_case_step(&actor, CaseId(id), &form).await?;
    Ok(Json(json!({ "status": status.as_str() })))
}

#[derive(Deserialize, ToSchema)]
pub struct IncidentBody {
    #[serde(flatten)]
    #[schema(value_type = Object)]
    incident: IncidentForm,
    #[serde(default)]
    perpetrator_identity: String,
    #[serde(default)]
    narrative: String,
}

/// Record an incident (GBVIMS answers `yes`/`no` by question).
#[utoipa::path(post, path = "/cases/{id}/incidents", tag = "cases", params(("id" = Uuid, Path)), request_body = IncidentBody,
    responses((status = 201, body = Object), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody)))]
async fn record_incident(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
    ApiJson(body): ApiJson<IncidentBody>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let details = IncidentDetails {
        perpetrator_identity: body.perpetrator_identity,
        narrative: body.narrative,
    };
    let row = state
        .app
        .record_incident(&actor, CaseId(id), &body.incident, &details)
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({ "id": row.id, "gbv_type": row.gbv_type.as_str() })),
    ))
}

#[derive(Deserialize, ToSchema)]
#[serde(transparent)]
#[schema(value_type = Object)]
pub struct ConsentBody(ConsentForm);

/// Record consent to share with one agency.
#[utoipa::path(post, path = "/cases/{id}/consents", tag = "cases", params(("id" = Uuid, Path)), request_body = ConsentBody,
    responses((status = 201, body = Object), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody)))]
async fn record_consent(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
    ApiJson(ConsentBody(form)): ApiJson<ConsentBody>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let row = state.app.record_consent(&actor, CaseId(id), &form).await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({ "id": row.id, "valid_until": row.valid_until })),
    ))
}

/// Withdraw a consent; the recipient loses access on its next request.
#[utoipa::path(post, path = "/cases/{id}/consents/{consent}/withdraw", tag = "cases",
    params(("id" = Uuid, Path), ("consent" = Uuid, Path)),
    responses((status = 204), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
async fn withdraw_consent(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path((id, consent)): Path<(Uuid, Uuid)>,
) -> Result<StatusCode, ApiError> {
    state
        .app
        .withdraw_consent(&actor, CaseId(id), ConsentId(consent))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
#[serde(transparent)]
#[schema(value_type = Object)]
pub struct SharingBody(SharingForm);

/// Share without consent on a lawful basis (supervisors).
#[utoipa::path(post, path = "/cases/{id}/sharings", tag = "cases", params(("id" = Uuid, Path)), request_body = SharingBody,
    responses((status = 201, body = Object), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody)))]
async fn record_sharing(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
    ApiJson(SharingBody(mut form)): ApiJson<SharingBody>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    form.decision_maker = actor.user_id.to_string();
    let row = state.app.record_sharing(&actor, CaseId(id), &form).await?;
    Ok((StatusCode::CREATED, Json(json!({ "id": row.id }))))
}

#[derive(Deserialize, ToSchema)]
pub struct NoteBody {
    pub body: String,
}

/// Add a case note.
#[utoipa::path(post, path = "/cases/{id}/notes", tag = "cases", params(("id" = Uuid, Path)), request_body = NoteBody,
    responses((status = 201, body = Object), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody)))]
async fn add_note(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
    ApiJson(note): ApiJson<NoteBody>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let row = state.app.add_note(&actor, CaseId(id), &note.body).await?;
    Ok((StatusCode::CREATED, Json(json!({ "id": row.id }))))
}

#[derive(Deserialize, ToSchema)]
#[serde(transparent)]
#[schema(value_type = Object)]
pub struct BreakGlassBody(BreakGlassForm);

/// Open another agency's case in an emergency, giving a reason.
#[utoipa::path(post, path = "/cases/{id}/break-glass", tag = "cases", params(("id" = Uuid, Path)), request_body = BreakGlassBody,
    responses((status = 201, body = Object), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody)))]
async fn open_break_glass(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
    ApiJson(BreakGlassBody(form)): ApiJson<BreakGlassBody>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let row = state
        .app
        .open_break_glass(&actor, CaseId(id), &form)
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({ "id": row.id, "expires_at": row.expires_at })),
    ))
}
