//! The case action plan (goals by domain), the safety plan in sections,
//! follow-up tasks, and "my work": the caller's tasks that are due.

use crate::api::{ApiActor, ApiJson, ApiResult};
use crate::error::{ApiError, ApiErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use concord_app::cases::plans::{GoalForm, SafetyPlanForm, TaskForm};
use concord_domain::ids::{CaseId, TaskId};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(add_goal))
        .routes(routes!(update_goal))
        .routes(routes!(save_safety_plan_section))
        .routes(routes!(create_task))
        .routes(routes!(complete_task))
        .routes(routes!(my_work))
}

/// The goal form's fields: `domain` (safety, health, psychosocial,
/// justice, other), `description`, `status` (met, in_progress, not_met,
/// not_applicable).
#[derive(Deserialize, ToSchema)]
#[serde(transparent)]
#[schema(value_type = Object)]
pub struct GoalBody(GoalForm);

/// Add a goal to the case action plan.
#[utoipa::path(post, path = "/cases/{id}/goals", tag = "cases", params(("id" = Uuid, Path)), request_body = GoalBody,
    responses((status = 201, body = Object), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
async fn add_goal(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
    ApiJson(GoalBody(mut form)): ApiJson<GoalBody>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    // A new goal: an id in the body does not choose which goal changes.
    form.goal_id = String::new();
    let row = state.app.save_goal(&actor, CaseId(id), &form).await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({ "id": row.id, "domain": row.domain.as_str(), "status": row.status.as_str() })),
    ))
}

/// Change a goal of the case action plan (its domain, wording or status).
/// A goal of another case is 404: goals never move between cases.
#[utoipa::path(put, path = "/cases/{id}/goals/{goal}", tag = "cases",
    params(("id" = Uuid, Path), ("goal" = Uuid, Path)), request_body = GoalBody,
    responses((status = 200, body = Object), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
async fn update_goal(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path((id, goal)): Path<(Uuid, Uuid)>,
    ApiJson(GoalBody(mut form)): ApiJson<GoalBody>,
) -> ApiResult<Value> {
    form.goal_id = goal.to_string();
    let row = state.app.save_goal(&actor, CaseId(id), &form).await?;
    Ok(Json(
        json!({ "id": row.id, "domain": row.domain.as_str(), "status": row.status.as_str() }),
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct SafetyPlanBody {
    #[serde(default)]
    pub body: String,
}

/// Write one section of the safety plan (`section`: safe_contacts,
/// leaving_plan, documents_and_money, children, digital_safety,
/// work_and_routes, after_separation), replacing what it said.
#[utoipa::path(put, path = "/cases/{id}/safety-plan/{section}", tag = "cases",
    params(("id" = Uuid, Path), ("section" = String, Path)), request_body = SafetyPlanBody,
    responses((status = 204), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
async fn save_safety_plan_section(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path((id, section)): Path<(Uuid, String)>,
    ApiJson(body): ApiJson<SafetyPlanBody>,
) -> Result<StatusCode, ApiError> {
    let form = SafetyPlanForm {
        section,
        body: body.body,
    };
    state
        .app
        .save_safety_plan_section(&actor, CaseId(id), &form)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The task form's fields: `title` and `due_on` (`YYYY-MM-DD`).
#[derive(Deserialize, ToSchema)]
#[serde(transparent)]
#[schema(value_type = Object)]
pub struct TaskBody(TaskForm);

/// Add a follow-up task on the case for the caller.
#[utoipa::path(post, path = "/cases/{id}/tasks", tag = "cases", params(("id" = Uuid, Path)), request_body = TaskBody,
    responses((status = 201, body = Object), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
async fn create_task(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
    ApiJson(TaskBody(form)): ApiJson<TaskBody>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let row = state.app.create_task(&actor, CaseId(id), &form).await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({ "id": row.id, "due_on": row.due_on })),
    ))
}

/// Mark a task of the case done.
#[utoipa::path(post, path = "/cases/{id}/tasks/{task}/done", tag = "cases",
    params(("id" = Uuid, Path), ("task" = Uuid, Path)),
    responses((status = 204), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
async fn complete_task(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path((id, task)): Path<(Uuid, Uuid)>,
) -> Result<StatusCode, ApiError> {
    state
        .app
        .complete_task(&actor, CaseId(id), TaskId(task))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, ToSchema)]
pub struct DueTask {
    pub id: Uuid,
    pub case_id: Uuid,
    pub title: String,
    pub due_on: chrono::NaiveDate,
    pub overdue: bool,
}

/// My work: the caller's open tasks due within a week, and overdue ones.
#[utoipa::path(get, path = "/me/work", tag = "cases",
    responses((status = 200, body = Vec<DueTask>), (status = 403, body = ApiErrorBody)))]
async fn my_work(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> ApiResult<Vec<DueTask>> {
    let tasks = state.app.my_work(&actor).await?;
    Ok(Json(
        tasks
            .into_iter()
            .map(|t| DueTask {
                id: t.row.id.0,
                case_id: t.row.case_id.0,
                title: t.title,
                due_on: t.row.due_on,
                overdue: t.overdue,
            })
            .collect(),
    ))
}
