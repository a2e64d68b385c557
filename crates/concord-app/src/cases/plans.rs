//! The case action plan (goals by domain), the safety plan in structured
//! sections, and follow-up tasks with the "my work" list of what is due.

use crate::app::App;
use crate::error::{AppError, AppResult};
use crate::field_crypto::Field;
use chrono::{Duration, NaiveDate};
use concord_domain::access::Actor;
use concord_domain::audit::{AuditAction, AuditOutcome};
use concord_domain::case::{GoalDomain, GoalStatus, SafetyPlanSection};
use concord_domain::consent::DataCategory;
use concord_domain::form_fields::required_label;
use concord_domain::ids::{CaseId, TaskId};
use concord_domain::role::Permission;
use concord_domain::validation::required_text;
use concord_store::{GoalRow, SafetyPlanRow, TaskRow};
use uuid::Uuid;

#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct GoalForm {
    /// Empty for a new goal.
    pub goal_id: String,
    pub domain: String,
    pub description: String,
    pub status: String,
}

#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct SafetyPlanForm {
    pub section: String,
    pub body: String,
}

#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct TaskForm {
    pub title: String,
    /// `YYYY-MM-DD`.
    pub due_on: String,
}

#[derive(Debug, Clone)]
pub struct GoalView {
    pub row: GoalRow,
    pub description: String,
}

#[derive(Debug, Clone)]
pub struct SafetyPlanView {
    pub row: SafetyPlanRow,
    pub body: String,
}

#[derive(Debug, Clone)]
pub struct TaskView {
    pub row: TaskRow,
    pub title: String,
    pub overdue: bool,
}

fn goal_field(id: &str) -> Field<'_> {
    Field::new("goals", "description", id)
}

fn plan_field(key: &str) -> Field<'_> {
    Field::new("safety_plans", "body", key)
}

fn task_field(id: &str) -> Field<'_> {
    Field::new("tasks", "title", id)
}

impl App {
    pub async fn save_goal(
        &self,
        actor: &Actor,
        case_id: CaseId,
        form: &GoalForm,
    ) -> AppResult<GoalRow> {
        let case = self
            .case_for_change(actor, case_id, DataCategory::CaseNotes)
            .await?;
        let mut invalid = concord_domain::Invalid::default();
        let domain = required_label::<GoalDomain>(&mut invalid, "domain", &form.domain);
        let status = required_label::<GoalStatus>(&mut invalid, "status", &form.status);
        let description = required_text(&mut invalid, "description", &form.description, 2000);
        let id = match form.goal_id.trim() {
            "" => Uuid::now_v7(),
            text => match text.parse::<Uuid>() {
                Ok(id) => id,
                Err(_) => {
                    invalid.push("goal_id", "is not a goal of this case");
                    Uuid::nil()
                }
            },
        };
        let (Some(domain), Some(status)) = (domain, status) else {
            return Err(invalid.into());
        };
        invalid.into_result(())?;
        let key = id.to_string();
        let row = GoalRow {
            id,
            case_id,
            domain,
            description: self
                .seal_field(case.owning_agency, goal_field(&key), &description)
                .await?,
            status,
            updated_by: actor.user_id,
            updated_at: self.clock.now(),
        };
        let event = self.event(
            Some(actor),
            AuditAction::PlanSaved,
            Some(("case", case_id.to_string())),
            AuditOutcome::Success,
            serde_json::json!({ "goal_id": id, "domain": domain.as_str(), "status": status.as_str() }),
        );
        self.store.put_goal(&row, &event).await?;
        Ok(row)
    }

    pub async fn save_safety_plan_section(
        &self,
        actor: &Actor,
        case_id: CaseId,
        form: &SafetyPlanForm,
    ) -> AppResult<()> {
        let case = self
            .case_for_change(actor, case_id, DataCategory::CaseNotes)
            .await?;
        let mut invalid = concord_domain::Invalid::default();
        let section = required_label::<SafetyPlanSection>(&mut invalid, "section", &form.section);
        let body = required_text(&mut invalid, "body", &form.body, 5000);
        let Some(section) = section else {
            return Err(invalid.into());
        };
        invalid.into_result(())?;
        let key = format!("{case_id}:{}", section.as_str());
        let row = SafetyPlanRow {
            case_id,
            section,
            body: self
                .seal_field(case.owning_agency, plan_field(&key), &body)
                .await?,
            updated_by: actor.user_id,
            updated_at: self.clock.now(),
        };
        let event = self.event(
            Some(actor),
            AuditAction::SafetyPlanSaved,
            Some(("case", case_id.to_string())),
            AuditOutcome::Success,
            serde_json::json!({ "section": section.as_str() }),
        );
        self.store.put_safety_plan_section(&row, &event).await?;
        Ok(())
    }

    /// A follow-up task for the actor on this case.
    pub async fn create_task(
        &self,
        actor: &Actor,
        case_id: CaseId,
        form: &TaskForm,
    ) -> AppResult<TaskRow> {
        let case = self
            .case_for_change(actor, case_id, DataCategory::CaseNotes)
            .await?;
        let mut invalid = concord_domain::Invalid::default();
        let title = required_text(&mut invalid, "title", &form.title, 300);
        let due_on = match NaiveDate::parse_from_str(form.due_on.trim(), "%Y-%m-%d") {
            Ok(date) => Some(date),
            Err(_) => {
                invalid.push("due_on", "must be a date like 2026-01-31");
                None
            }
        };
        let Some(due_on) = due_on else {
            return Err(invalid.into());
        };
        invalid.into_result(())?;
        let id = TaskId::new();
        let key = id.to_string();
        let row = TaskRow {
            id,
            case_id,
            assignee: actor.user_id,
            title: self
                .seal_field(case.owning_agency, task_field(&key), &title)
                .await?,
            due_on,
            done_at: None,
            created_at: self.clock.now(),
        };
        let event = self.event(
            Some(actor),
            AuditAction::TaskCreated,
            Some(("case", case_id.to_string())),
            AuditOutcome::Success,
            serde_json::json!({ "task_id": id, "due_on": due_on }),
        );
        self.store.create_task(&row, &event).await?;
        Ok(row)
    }

    pub async fn complete_task(
        &self,
        actor: &Actor,
        case_id: CaseId,
        task: TaskId,
    ) -> AppResult<()> {
        self.case_for_change(actor, case_id, DataCategory::CaseNotes)
            .await?;
        if !self
            .store
            .list_tasks(case_id)
            .await?
            .iter()
            .any(|t| t.id == task)
        {
            return Err(AppError::NotFound);
        }
        let event = self.event(
            Some(actor),
            AuditAction::TaskCompleted,
            Some(("case", case_id.to_string())),
            AuditOutcome::Success,
            serde_json::json!({ "task_id": task }),
        );
        if !self
            .store
            .complete_task(task, self.clock.now(), &event)
            .await?
        {
            return Err(concord_domain::Invalid::one("task", "is already done").into());
        }
        Ok(())
    }

    /// "My work": the actor's open tasks due within a week or overdue.
    pub async fn my_work(&self, actor: &Actor) -> AppResult<Vec<TaskView>> {
        self.require(actor, Permission::WorkCases).await?;
        let today = self.today();
        let tasks = self
            .store
            .tasks_due(actor.user_id, today + Duration::days(7))
            .await?;
        self.task_views(tasks, today).await
    }

    pub(crate) async fn task_views(
        &self,
        tasks: Vec<TaskRow>,
        today: NaiveDate,
    ) -> AppResult<Vec<TaskView>> {
        let mut views = Vec::new();
        for row in tasks {
            let key = row.id.to_string();
            views.push(TaskView {
                title: self
                    .open_field(task_field(&key), &row.title)
                    .await?
                    .to_string(),
                overdue: row.done_at.is_none() && row.due_on < today,
                row,
            });
        }
        Ok(views)
    }

    pub(crate) async fn plan_views(
        &self,
        case_id: CaseId,
    ) -> AppResult<(Vec<GoalView>, Vec<SafetyPlanView>, Vec<TaskView>)> {
        let mut goals = Vec::new();
        for row in self.store.list_goals(case_id).await? {
            let key = row.id.to_string();
            goals.push(GoalView {
                description: self
                    .open_field(goal_field(&key), &row.description)
                    .await?
                    .to_string(),
                row,
            });
        }
        let mut plan = Vec::new();
        for row in self.store.list_safety_plan(case_id).await? {
            let key = format!("{case_id}:{}", row.section.as_str());
            plan.push(SafetyPlanView {
                body: self
                    .open_field(plan_field(&key), &row.body)
                    .await?
                    .to_string(),
                row,
            });
        }
        let today = self.today();
        let tasks = self
            .task_views(self.store.list_tasks(case_id).await?, today)
            .await?;
        Ok((goals, plan, tasks))
    }
}
