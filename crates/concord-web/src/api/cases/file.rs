//! The caseload and the case file: only the categories the caller may
//! read, each reading audited with its basis.

use super::PurposeParams;
use crate::api::types::Page;
use crate::api::{ApiActor, ApiResult, PageParams};
use crate::error::ApiErrorBody;
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, Query, State};
use concord_app::App;
use concord_app::cases::file::{CaseFile, Caseload};
use concord_domain::ids::CaseId;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_cases))
        .routes(routes!(read_case))
}

#[derive(Serialize, ToSchema)]
pub struct CaseSummary {
    pub id: Uuid,
    pub survivor_reference: String,
    pub status: String,
    pub owning_agency: Uuid,
    pub opened_at: chrono::DateTime<chrono::Utc>,
    /// The day she first contacted the agency (null for cases opened before
    /// it was kept: their first contact is the day they were opened).
    pub first_contact_on: Option<chrono::NaiveDate>,
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
        first_contact_on: item.case.first_contact_on,
        updated_at: item.case.updated_at,
    })))
}

/// The case file: only the categories the caller may read. Sections the
/// caller may not read are `null`.
#[utoipa::path(get, path = "/cases/{id}", tag = "cases", params(("id" = Uuid, Path), PurposeParams),
    responses((status = 200, body = Object), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
async fn read_case(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
    Query(params): Query<PurposeParams>,
) -> ApiResult<Value> {
    let purpose = params.purpose()?;
    let file = state.app.read_case(&actor, CaseId(id), purpose).await?;
    Ok(Json(case_json(&state.app, &file)))
}

fn case_json(app: &App, file: &CaseFile) -> Value {
    json!({
        "id": file.case.id,
        "survivor_reference": file.survivor_reference,
        "status": file.case.status.as_str(),
        "plan_approval": file.case.plan_approval.map(|a| a.as_str()),
        "closure_approval": file.case.closure_approval.map(|a| a.as_str()),
        // `ClosureReason::as_str()` once closing was asked for; `she_died`
        // when her death closed the case.
        "closure_reason": file.case.closure_reason,
        "approval_comment": file.approval_comment,
        "owning_agency": file.case.owning_agency,
        // The instant the case was opened (recorded) and the day she first
        // contacted the agency (null for cases opened before it was kept).
        "opened_at": file.case.opened_at,
        "first_contact_on": file.case.first_contact_on,
        // Who carries it and what was shared are the owning agency's.
        "assigned_caseworker": file.may_change.then_some(file.case.assigned_caseworker).flatten(),
        "basis": file.basis.as_str(),
        "categories": file.categories.iter().map(|c| c.as_str()).collect::<Vec<_>>(),
        "survivor": file.survivor.as_ref().map(|s| json!({
            "id": s.row.id,
            "name": s.name,
            "other_identifiers": s.other_identifiers,
            "date_of_birth": s.date_of_birth,
            // An age she gave without a date of birth, and the day she gave it.
            "stated_age": s.stated_age,
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
            // `null`: not recorded (incidents from before forms were kept).
            "forms_of_violence": i.row.forms_of_violence.as_ref()
                .map(|forms| forms.iter().map(|f| f.as_str()).collect::<Vec<_>>()),
            "trafficking_exploitation": i.row.trafficking_exploitation.iter()
                .map(|e| e.as_str()).collect::<Vec<_>>(),
            "reporting_delay": i.row.reporting_delay.as_str(),
            // Her age group on the day of the incident.
            "survivor_age_group": i.row.survivor_age_group.map(|g| g.as_str()),
            "perpetrator_relationship": i.row.perpetrator_relationship.as_str(),
            "perpetrator_identity": i.perpetrator_identity,
            "narrative": i.narrative,
        })).collect::<Vec<_>>()),
        // Every window, open or missed: a closed one is never dropped.
        "clinical_windows": file.clinical_windows.iter().map(|w| json!({
            "incident_id": w.incident_id,
            "care": w.window.care.as_str(),
            "ends_at": w.window.ends_at,
            "status": if w.window.is_open() { "open" } else { "missed" },
            "missed": w.window.is_missed(),
            "minutes_left": w.window.remaining.map(|left| left.num_minutes()),
        })).collect::<Vec<_>>(),
        "notes": file.notes.as_ref().map(|notes| notes.iter().map(|n| json!({
            "id": n.note.id,
            "version": n.version,
            "body": n.body,
            "edited_at": n.edited_at,
            "edited_by": n.edited_by,
            "author_id": n.note.author_id,
            "created_at": n.note.created_at,
        })).collect::<Vec<_>>()),
        "goals": file.goals.as_ref().map(|goals| goals.iter().map(|g| json!({
            "id": g.row.id,
            "domain": g.row.domain.as_str(),
            "description": g.description,
            "status": g.row.status.as_str(),
            "updated_by": g.row.updated_by,
            "updated_at": g.row.updated_at,
        })).collect::<Vec<_>>()),
        "safety_plan": file.safety_plan.as_ref().map(|plan| plan.iter().map(|p| json!({
            "section": p.row.section.as_str(),
            "body": p.body,
            "updated_by": p.row.updated_by,
            "updated_at": p.row.updated_at,
        })).collect::<Vec<_>>()),
        "tasks": file.tasks.as_ref().map(|tasks| tasks.iter().map(|t| json!({
            "id": t.row.id,
            "title": t.title,
            "due_on": t.row.due_on,
            "assignee": t.row.assignee,
            "done_at": t.row.done_at,
            "overdue": t.overdue,
        })).collect::<Vec<_>>()),
        "consents": file.consents.iter().map(|c| app.consent_json(c)).collect::<Vec<_>>(),
        "sharings": file.sharings.iter().map(|s| json!({
            "id": s.row.id,
            "recipient_agency": s.row.recipient_agency,
            "basis": s.row.basis.as_str(),
            "categories": s.row.categories.iter().map(|c| c.as_str()).collect::<Vec<_>>(),
            "decision_maker": s.row.decision_maker,
            "survivor_told": s.row.survivor_told,
            "valid_until": app.end_as_entered(s.row.valid_until),
            "revoked_at": s.row.revoked_at,
            "status": s.status.as_str(),
        })).collect::<Vec<_>>(),
    })
}
