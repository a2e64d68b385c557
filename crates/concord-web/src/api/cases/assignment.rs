//! Who carries a case: read by, and moved by, a supervisor of the owning
//! agency.

use crate::api::{ApiActor, ApiJson, ApiResult};
use crate::error::ApiErrorBody;
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use concord_app::cases::assignment::{Assignee, CaseAssignment};
use concord_domain::case::AssignmentForm;
use concord_domain::ids::CaseId;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(read_assignment, reassign))
}

#[derive(Serialize, ToSchema)]
pub struct CaseWorker {
    pub id: Uuid,
    pub display_name: String,
}

impl From<Assignee> for CaseWorker {
    fn from(a: Assignee) -> Self {
        CaseWorker {
            id: a.id.0,
            display_name: a.display_name,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct Assignment {
    /// Whose caseload the case is in; `null` when no one's.
    pub caseworker: Option<CaseWorker>,
    /// The agency's other active case workers, who may take it.
    pub choices: Vec<CaseWorker>,
}

impl From<CaseAssignment> for Assignment {
    fn from(a: CaseAssignment) -> Self {
        Assignment {
            caseworker: a.caseworker.map(CaseWorker::from),
            choices: a.choices.into_iter().map(CaseWorker::from).collect(),
        }
    }
}

#[derive(Deserialize, ToSchema)]
pub struct AssignmentBody {
    /// The user id of an active case worker of the owning agency.
    #[serde(default)]
    caseworker: String,
}

/// Who carries the case, and who else of the agency may (supervisors of
/// the owning agency).
#[utoipa::path(get, path = "/cases/{id}/assignment", tag = "cases", params(("id" = Uuid, Path)),
    responses((status = 200, body = Assignment), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
async fn read_assignment(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
) -> ApiResult<Assignment> {
    let assignment = state.app.case_assignment(&actor, CaseId(id)).await?;
    Ok(Json(assignment.into()))
}

/// Reassign the case to another active case worker of the owning agency
/// (supervisors of the owning agency; audited as `case.reassigned`). A
/// `caseworker` who is not one is refused with 400 naming the field.
#[utoipa::path(post, path = "/cases/{id}/assignment", tag = "cases", params(("id" = Uuid, Path)), request_body = AssignmentBody,
    responses((status = 200, body = Assignment), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
async fn reassign(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
    ApiJson(body): ApiJson<AssignmentBody>,
) -> ApiResult<Assignment> {
    let form = AssignmentForm {
        caseworker: body.caseworker,
    };
    state.app.assign_case(&actor, CaseId(id), &form).await?;
    let assignment = state.app.case_assignment(&actor, CaseId(id)).await?;
    Ok(Json(assignment.into()))
}
