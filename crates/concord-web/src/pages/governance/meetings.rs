//! Meetings of a body: scheduling, the agenda (with the actions carried
//! from earlier meetings), attendance by agency, decisions, minutes, new
//! actions and closing; and the body's action plan with its coverage by
//! ecological level and ESP essential action.

use super::{Choice, agency_choices, choices, outcome};
use crate::error::PageError;
use crate::pages::{FormErrors, NoFields, PageChrome, PageContext, Posted};
use crate::session::Person;
use crate::state::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use concord_app::governance::meetings::{ActionView, MeetingView, MeetingsOverview};
use concord_domain::governance::forms::{
    ActionForm, ActionUpdateForm, AttendanceForm, MeetingForm, TextForm,
};
use concord_domain::governance::metrics::PlanCoverage;
use concord_domain::governance::{ActionStatus, EcologicalLevel, EssentialAction, Presence};
use concord_domain::ids::{ActionId, BodyId, MeetingId};
use concord_store::BodyRow;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/bodies/{id}/meetings", get(list).post(schedule))
        .route("/bodies/{id}/meetings/{meeting}", get(show))
        .route("/bodies/{id}/meetings/{meeting}/details", post(details))
        .route(
            "/bodies/{id}/meetings/{meeting}/attendance",
            post(attendance),
        )
        .route("/bodies/{id}/meetings/{meeting}/decisions", post(decision))
        .route("/bodies/{id}/meetings/{meeting}/minutes", post(minutes))
        .route("/bodies/{id}/meetings/{meeting}/actions", post(raise))
        .route("/bodies/{id}/meetings/{meeting}/close", post(close))
        .route("/bodies/{id}/actions/{action}/status", post(action_status))
        .route("/bodies/{id}/plan", get(plan).post(add_to_plan))
}

#[derive(Template, WebTemplate)]
#[template(path = "governance/meetings.html")]
struct MeetingsPage {
    page: PageChrome,
    body: BodyRow,
    overview: MeetingsOverview,
    can_edit: bool,
    today: String,
    errors: FormErrors,
}

async fn render_list(
    state: &AppState,
    ctx: &PageContext,
    person: &Person,
    id: BodyId,
    errors: FormErrors,
) -> Result<Response, PageError> {
    let view = state.app.body_view(&person.actor, id).await?;
    let overview = state.app.meetings_overview(&person.actor, id).await?;
    let page = MeetingsPage {
        page: ctx.chrome(person, "gov-meetings-title", "nav-bodies"),
        can_edit: view.can_edit,
        body: view.body,
        overview,
        today: state.app.today().to_string(),
        errors,
    };
    Ok((page.errors.status(), page).into_response())
}

async fn list(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path(id): Path<BodyId>,
) -> Result<Response, PageError> {
    render_list(&state, &ctx, &person, id, FormErrors::default()).await
}

async fn schedule(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path(id): Path<BodyId>,
    form: Posted<MeetingForm>,
) -> Result<Response, PageError> {
    let form = form.checked_for(&person)?;
    match state.app.schedule_meeting(&person.actor, id, &form).await {
        Ok(meeting) => Ok(axum::response::Redirect::to(&format!(
            "/bodies/{id}/meetings/{}",
            meeting.id
        ))
        .into_response()),
        Err(concord_app::AppError::Invalid(invalid)) => {
            let errors = FormErrors::from_invalid(&invalid, &ctx.tr);
            render_list(&state, &ctx, &person, id, errors).await
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "governance/meeting.html")]
struct MeetingPage {
    page: PageChrome,
    view: MeetingView,
    presences: Vec<Choice>,
    statuses: Vec<Choice>,
    levels: Vec<Choice>,
    essential_actions: Vec<Choice>,
    agencies: Vec<Choice>,
    agenda_text: String,
    errors: FormErrors,
}

impl MeetingPage {
    fn presence_of(&self, presence: &Option<Presence>) -> &'static str {
        presence.map_or("", |p| p.as_str())
    }
}

async fn render_meeting(
    state: &AppState,
    ctx: &PageContext,
    person: &Person,
    id: BodyId,
    meeting: MeetingId,
    errors: FormErrors,
) -> Result<Response, PageError> {
    let view = state.app.meeting_view(&person.actor, id, meeting).await?;
    let agencies = state.app.all_agencies(&person.actor).await?;
    let page = MeetingPage {
        page: ctx.chrome(person, "gov-meeting-title", "nav-bodies"),
        agenda_text: view.meeting.agenda.join("\n"),
        presences: choices::<Presence>(ctx, "presence"),
        statuses: choices::<ActionStatus>(ctx, "action-status"),
        levels: choices::<EcologicalLevel>(ctx, "ecological-level"),
        essential_actions: choices::<EssentialAction>(ctx, "essential-action"),
        agencies: agency_choices(&agencies),
        view,
        errors,
    };
    Ok((page.errors.status(), page).into_response())
}

async fn show(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path((id, meeting)): Path<(BodyId, MeetingId)>,
) -> Result<Response, PageError> {
    render_meeting(&state, &ctx, &person, id, meeting, FormErrors::default()).await
}

fn back(id: BodyId, meeting: MeetingId, anchor: &str) -> String {
    format!("/bodies/{id}/meetings/{meeting}#{anchor}")
}

async fn details(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path((id, meeting)): Path<(BodyId, MeetingId)>,
    form: Posted<MeetingForm>,
) -> Result<Response, PageError> {
    let form = form.checked_for(&person)?;
    let result = state
        .app
        .update_meeting_details(&person.actor, id, meeting, &form)
        .await;
    outcome(&ctx, result, back(id, meeting, "agenda"), |e| {
        render_meeting(&state, &ctx, &person, id, meeting, e)
    })
    .await
}

async fn attendance(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path((id, meeting)): Path<(BodyId, MeetingId)>,
    form: Posted<AttendanceForm>,
) -> Result<Response, PageError> {
    let form = form.checked_for(&person)?;
    let result = state
        .app
        .record_attendance(&person.actor, id, meeting, &form)
        .await;
    outcome(&ctx, result, back(id, meeting, "attendance"), |e| {
        render_meeting(&state, &ctx, &person, id, meeting, e)
    })
    .await
}

async fn decision(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path((id, meeting)): Path<(BodyId, MeetingId)>,
    form: Posted<TextForm>,
) -> Result<Response, PageError> {
    let form = form.checked_for(&person)?;
    let result = state
        .app
        .add_decision(&person.actor, id, meeting, &form)
        .await;
    outcome(&ctx, result, back(id, meeting, "decisions"), |e| {
        render_meeting(&state, &ctx, &person, id, meeting, e)
    })
    .await
}

async fn minutes(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path((id, meeting)): Path<(BodyId, MeetingId)>,
    form: Posted<TextForm>,
) -> Result<Response, PageError> {
    let form = form.checked_for(&person)?;
    let result = state
        .app
        .save_minutes(&person.actor, id, meeting, &form)
        .await;
    outcome(&ctx, result, back(id, meeting, "minutes"), |e| {
        render_meeting(&state, &ctx, &person, id, meeting, e)
    })
    .await
}

async fn raise(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path((id, meeting)): Path<(BodyId, MeetingId)>,
    form: Posted<ActionForm>,
) -> Result<Response, PageError> {
    let form = form.checked_for(&person)?;
    let result = state
        .app
        .raise_action(&person.actor, id, Some(meeting), &form)
        .await
        .map(|_| ());
    outcome(&ctx, result, back(id, meeting, "new-actions"), |e| {
        render_meeting(&state, &ctx, &person, id, meeting, e)
    })
    .await
}

async fn close(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path((id, meeting)): Path<(BodyId, MeetingId)>,
    form: Posted<NoFields>,
) -> Result<Response, PageError> {
    form.checked_for(&person)?;
    let result = state
        .app
        .close_meeting(&person.actor, id, meeting)
        .await
        .map(|_| ());
    outcome(
        &ctx,
        result,
        format!("/bodies/{id}/meetings/{meeting}"),
        |e| render_meeting(&state, &ctx, &person, id, meeting, e),
    )
    .await
}

/// An action's new status, with where to go back to: a meeting's id, or
/// empty for the action plan.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
struct StatusForm {
    status: String,
    note: Option<String>,
    return_to: String,
}

async fn action_status(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path((id, action)): Path<(BodyId, ActionId)>,
    form: Posted<StatusForm>,
) -> Result<Response, PageError> {
    let form = form.checked_for(&person)?;
    let meeting = form.return_to.parse::<MeetingId>().ok();
    let result = state
        .app
        .update_action_status(
            &person.actor,
            id,
            action,
            &ActionUpdateForm {
                status: form.status,
                note: form.note,
            },
        )
        .await
        .map(|_| ());
    let redirect = match meeting {
        Some(m) => back(id, m, "carried"),
        None => format!("/bodies/{id}/plan"),
    };
    // Each action has its own form: the summary links to this one's fields.
    outcome(&ctx, result, redirect, |e| {
        let e = e.linking([
            ("status", format!("status-{action}")),
            ("note", format!("note-{action}")),
        ]);
        render_meeting_or_plan(&state, &ctx, &person, id, meeting, e)
    })
    .await
}

async fn render_meeting_or_plan(
    state: &AppState,
    ctx: &PageContext,
    person: &Person,
    id: BodyId,
    meeting: Option<MeetingId>,
    errors: FormErrors,
) -> Result<Response, PageError> {
    match meeting {
        Some(m) => render_meeting(state, ctx, person, id, m, errors).await,
        None => render_plan(state, ctx, person, id, errors).await,
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "governance/plan.html")]
struct PlanPage {
    page: PageChrome,
    body: BodyRow,
    actions: Vec<ActionView>,
    coverage: PlanCoverage,
    can_edit: bool,
    statuses: Vec<Choice>,
    levels: Vec<Choice>,
    essential_actions: Vec<Choice>,
    agencies: Vec<Choice>,
    errors: FormErrors,
}

async fn render_plan(
    state: &AppState,
    ctx: &PageContext,
    person: &Person,
    id: BodyId,
    errors: FormErrors,
) -> Result<Response, PageError> {
    let view = state.app.body_view(&person.actor, id).await?;
    let coverage = state.app.plan_coverage(&person.actor, id).await?;
    let all = state.app.plan_actions(&person.actor, id).await?;
    let agencies = state.app.all_agencies(&person.actor).await?;
    let page = PlanPage {
        page: ctx.chrome(person, "gov-plan-title", "nav-bodies"),
        can_edit: view.can_edit,
        body: view.body,
        actions: all,
        coverage,
        statuses: choices::<ActionStatus>(ctx, "action-status"),
        levels: choices::<EcologicalLevel>(ctx, "ecological-level"),
        essential_actions: choices::<EssentialAction>(ctx, "essential-action"),
        agencies: agency_choices(&agencies),
        errors,
    };
    Ok((page.errors.status(), page).into_response())
}

async fn plan(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path(id): Path<BodyId>,
) -> Result<Response, PageError> {
    render_plan(&state, &ctx, &person, id, FormErrors::default()).await
}

async fn add_to_plan(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path(id): Path<BodyId>,
    form: Posted<ActionForm>,
) -> Result<Response, PageError> {
    let form = form.checked_for(&person)?;
    let result = state
        .app
        .raise_action(&person.actor, id, None, &form)
        .await
        .map(|_| ());
    outcome(&ctx, result, format!("/bodies/{id}/plan"), |e| {
        render_plan(&state, &ctx, &person, id, e)
    })
    .await
}
