//! Risk conference pages: the conferences (and setting one up), a
//! conference's referrals with screening and listing and its meetings, a
//! meeting with its agenda, attendance, observers and minutes, and the
//! referral of a case from its risk page. Forms work without JavaScript.

use super::conference_actions::{MeetingActions, RefusedAction, meeting_actions};
use crate::error::PageError;
use crate::pages::{FormErrors, PageChrome, PageContext, Posted};
use crate::session::Person;
use crate::state::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use concord_app::AppError;
use concord_app::risk::conference_actions::ConferenceActionView;
use concord_app::risk::conference_meetings::MeetingRecord;
use concord_app::risk::conferences::{ConferenceOverview, MeetingAgenda, rules_of};
use concord_domain::governance::ActionStatus;
use concord_domain::ids::AgencyId;
use concord_domain::ids::{CaseId, ConferenceId, ConferenceMeetingId, ConferenceReferralId};
use concord_domain::risk::conference_form::{
    AttendanceEntryForm, ConferenceForm, ConferenceMeetingForm, ConferenceReferralForm,
    ScreeningForm,
};
use concord_domain::role::Permission;
use concord_store::{AgencyRow, AreaRow, ConferenceRow};
use std::collections::BTreeMap;
use uuid::Uuid;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/conferences", get(list).post(create))
        .route("/conferences/{id}", get(overview))
        .route("/conferences/{id}/edit", get(edit_form).post(edit))
        .route("/conferences/{id}/meetings", post(schedule))
        .route("/conference-referrals/{id}/screening", post(screen))
        .route("/conference-referrals/{id}/listing", post(list_at_meeting))
        .route("/conference-meetings/{id}", get(meeting))
        .route("/conference-meetings/{id}/attendance", post(attendance))
        .route("/conference-meetings/{id}/observers", post(observer))
        .route("/conference-meetings/{id}/close", post(close))
        .route(
            "/cases/{id}/conference-referral",
            get(refer_form).post(refer),
        )
}

/// Turns a refusal of the form's content into errors shown on the page;
/// anything else is the error page.
pub(super) fn form_errors(e: AppError, ctx: &PageContext) -> Result<FormErrors, PageError> {
    match e {
        AppError::Invalid(invalid) => Ok(FormErrors::from_invalid(&invalid, &ctx.tr)),
        AppError::IllegalTransition { message, .. } => Ok(FormErrors::message(message)),
        other => Err(other.into()),
    }
}

// ---- the conferences ----

#[derive(Template, WebTemplate)]
#[template(path = "conferences.html")]
struct ConferencesPage {
    page: PageChrome,
    conferences: Vec<ConferenceRow>,
    may_create: bool,
    agencies: Vec<AgencyRow>,
    areas: Vec<AreaRow>,
    form: ConferenceForm,
    errors: FormErrors,
    /// The open actions the person's agency owns, in every conference.
    agency_actions: Vec<ConferenceActionView>,
}

/// The conferences page showing `errors` of a form sent from it other than
/// the new conference's (an action's progress).
pub(super) async fn render_list_with_errors(
    state: &AppState,
    ctx: &PageContext,
    person: &Person,
    errors: FormErrors,
) -> Result<Response, PageError> {
    render_list(
        state,
        ctx,
        person,
        ConferenceForm::with_default_rules(),
        errors,
    )
    .await
}

async fn render_list(
    state: &AppState,
    ctx: &PageContext,
    person: &Person,
    form: ConferenceForm,
    errors: FormErrors,
) -> Result<Response, PageError> {
    let conferences = state.app.conferences(&person.actor).await?;
    let may_create = person.actor.has(Permission::CoordinateRiskConferences);
    let (agencies, areas) = if may_create {
        (
            state.app.all_agencies(&person.actor).await?,
            state.app.all_areas(&person.actor).await?,
        )
    } else {
        (Vec::new(), Vec::new())
    };
    let agency_actions = state.app.agency_conference_actions(&person.actor).await?;
    let status = errors.status();
    let page = ConferencesPage {
        page: ctx.chrome(person, "conferences-title", "nav-conferences"),
        conferences,
        may_create,
        agencies,
        areas,
        form,
        errors,
        agency_actions,
    };
    Ok((status, page).into_response())
}

async fn list(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
) -> Result<Response, PageError> {
    render_list(
        &state,
        &ctx,
        &person,
        ConferenceForm::with_default_rules(),
        FormErrors::default(),
    )
    .await
}

async fn create(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    form: Posted<ConferenceForm>,
) -> Result<Response, PageError> {
    let form = form.checked_for(&person)?;
    match state.app.create_conference(&person.actor, &form).await {
        Ok(row) => Ok(Redirect::to(&format!("/conferences/{}", row.id)).into_response()),
        Err(e) => {
            let errors = form_errors(e, &ctx)?;
            render_list(&state, &ctx, &person, form, errors).await
        }
    }
}

// ---- changing a conference ----

#[derive(Template, WebTemplate)]
#[template(path = "conference_edit.html")]
struct EditPage {
    page: PageChrome,
    conference_id: ConferenceId,
    agencies: Vec<AgencyRow>,
    areas: Vec<AreaRow>,
    form: ConferenceForm,
    errors: FormErrors,
}

/// The conference as its form shows it.
fn form_of(row: &ConferenceRow) -> ConferenceForm {
    ConferenceForm {
        name: row.name.clone(),
        area_id: row.area_id.map(|a| a.to_string()).unwrap_or_default(),
        sharing_protocol: row.sharing_protocol.clone(),
        shared_categories: row
            .shared_categories
            .iter()
            .map(|c| c.as_str().to_string())
            .collect(),
        members: row.members.iter().map(|m| m.to_string()).collect(),
        rules: rules_of(row).into(),
    }
}

async fn render_edit(
    state: &AppState,
    ctx: &PageContext,
    person: &Person,
    id: ConferenceId,
    form: ConferenceForm,
    errors: FormErrors,
) -> Result<Response, PageError> {
    let status = errors.status();
    let page = EditPage {
        page: ctx.chrome(person, "conference-edit-title", "nav-conferences"),
        conference_id: id,
        agencies: state.app.all_agencies(&person.actor).await?,
        areas: state.app.all_areas(&person.actor).await?,
        form,
        errors,
    };
    Ok((status, page).into_response())
}

async fn edit_form(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path(id): Path<Uuid>,
) -> Result<Response, PageError> {
    let id = ConferenceId(id);
    // Its coordinators only: the overview is theirs to read.
    let o = state.app.conference_overview(&person.actor, id).await?;
    render_edit(
        &state,
        &ctx,
        &person,
        id,
        form_of(&o.conference),
        FormErrors::default(),
    )
    .await
}

async fn edit(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path(id): Path<Uuid>,
    form: Posted<ConferenceForm>,
) -> Result<Response, PageError> {
    let form = form.checked_for(&person)?;
    let id = ConferenceId(id);
    match state.app.update_conference(&person.actor, id, &form).await {
        Ok(_) => Ok(Redirect::to(&format!("/conferences/{id}")).into_response()),
        Err(e) => {
            let errors = form_errors(e, &ctx)?;
            render_edit(&state, &ctx, &person, id, form, errors).await
        }
    }
}

// ---- one conference ----

#[derive(Template, WebTemplate)]
#[template(path = "conference.html")]
struct ConferencePage {
    page: PageChrome,
    o: ConferenceOverview,
    meeting_form: ConferenceMeetingForm,
    errors: FormErrors,
    /// This quarter, for the dataset form.
    quarter: String,
    /// The conference's actions not done yet, earliest due first.
    open_actions: Vec<ConferenceActionView>,
    agencies: Vec<AgencyRow>,
    may_edit: bool,
}

impl ConferencePage {
    fn agency_name(&self, id: &AgencyId) -> String {
        super::conference_actions::agency_name(&self.agencies, id)
    }
}

async fn render_overview(
    state: &AppState,
    ctx: &PageContext,
    person: &Person,
    id: ConferenceId,
    meeting_form: ConferenceMeetingForm,
    errors: FormErrors,
) -> Result<Response, PageError> {
    let o = state.app.conference_overview(&person.actor, id).await?;
    let open_actions: Vec<ConferenceActionView> = state
        .app
        .conference_actions(&person.actor, id)
        .await?
        .into_iter()
        .filter(|v| v.action.status == ActionStatus::NotDone)
        .collect();
    let agencies = state.app.all_agencies(&person.actor).await?;
    let status = errors.status();
    let page = ConferencePage {
        page: ctx.chrome(person, "conference-title", "nav-conferences"),
        o,
        meeting_form,
        errors,
        quarter: concord_domain::risk::dataset::Quarter::containing(state.app.today()).to_string(),
        open_actions,
        agencies,
        may_edit: person.actor.has(Permission::CoordinateRiskConferences),
    };
    Ok((status, page).into_response())
}

async fn overview(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path(id): Path<Uuid>,
) -> Result<Response, PageError> {
    render_overview(
        &state,
        &ctx,
        &person,
        ConferenceId(id),
        ConferenceMeetingForm {
            kind: "regular".into(),
            ..Default::default()
        },
        FormErrors::default(),
    )
    .await
}

async fn schedule(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path(id): Path<Uuid>,
    form: Posted<ConferenceMeetingForm>,
) -> Result<Response, PageError> {
    let form = form.checked_for(&person)?;
    match state
        .app
        .schedule_conference_meeting(&person.actor, ConferenceId(id), &form)
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/conferences/{id}")).into_response()),
        Err(e) => {
            let errors = form_errors(e, &ctx)?;
            render_overview(&state, &ctx, &person, ConferenceId(id), form, errors).await
        }
    }
}

async fn screen(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path(id): Path<Uuid>,
    form: Posted<ScreeningForm>,
) -> Result<Response, PageError> {
    let form = form.checked_for(&person)?;
    match state
        .app
        .screen_conference_referral(&person.actor, ConferenceReferralId(id), &form)
        .await
    {
        Ok(row) => Ok(Redirect::to(&format!("/conferences/{}", row.conference_id)).into_response()),
        Err(e) => {
            let errors = form_errors(e, &ctx)?;
            let conference = referral_conference(&state, &person, id).await?;
            render_overview(
                &state,
                &ctx,
                &person,
                conference,
                ConferenceMeetingForm::default(),
                errors,
            )
            .await
        }
    }
}

async fn referral_conference(
    state: &AppState,
    person: &Person,
    id: Uuid,
) -> Result<ConferenceId, PageError> {
    Ok(state
        .app
        .conference_of_referral(&person.actor, ConferenceReferralId(id))
        .await?)
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct ListingForm {
    meeting_id: String,
}

async fn list_at_meeting(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path(id): Path<Uuid>,
    form: Posted<ListingForm>,
) -> Result<Response, PageError> {
    let form = form.checked_for(&person)?;
    let result = match form.meeting_id.trim().parse::<Uuid>() {
        Ok(meeting) => {
            state
                .app
                .list_conference_referral(
                    &person.actor,
                    ConferenceReferralId(id),
                    ConferenceMeetingId(meeting),
                )
                .await
        }
        Err(_) => Err(concord_domain::Invalid::one("meeting_id", "choose a meeting").into()),
    };
    match result {
        Ok(row) => Ok(Redirect::to(&format!("/conferences/{}", row.conference_id)).into_response()),
        Err(e) => {
            let errors = form_errors(e, &ctx)?;
            let conference = referral_conference(&state, &person, id).await?;
            render_overview(
                &state,
                &ctx,
                &person,
                conference,
                ConferenceMeetingForm::default(),
                errors,
            )
            .await
        }
    }
}

// ---- a meeting ----

#[derive(Template, WebTemplate)]
#[template(path = "conference_meeting.html")]
struct MeetingPage {
    page: PageChrome,
    agenda: MeetingAgenda,
    record: MeetingRecord,
    /// The agencies that may attend, with what was recorded for each.
    attendees: Vec<(AgencyRow, String, String)>,
    errors: FormErrors,
    actions: MeetingActions,
}

/// The meeting page, with `errors` of a form sent from it (and the refused
/// action form, if that was the one).
pub(super) async fn render_meeting(
    state: &AppState,
    ctx: &PageContext,
    person: &Person,
    id: ConferenceMeetingId,
    errors: FormErrors,
    refused: Option<RefusedAction>,
) -> Result<Response, PageError> {
    let agenda = state
        .app
        .conference_meeting_agenda(&person.actor, id)
        .await?;
    let record = state.app.conference_meeting(&person.actor, id).await?;
    let agencies = state.app.all_agencies(&person.actor).await?;
    let may_attend = concord_app::risk::conferences::agencies_of(&record.conference);
    let attendees = may_attend
        .iter()
        .filter_map(|id| agencies.iter().find(|a| a.id == *id).cloned())
        .map(|agency| {
            let recorded = record.attendance.iter().find(|a| a.agency_id == agency.id);
            (
                agency,
                recorded
                    .map(|a| a.attendance.as_str().to_string())
                    .unwrap_or_else(|| "absent".into()),
                recorded
                    .map(|a| a.representative.clone())
                    .unwrap_or_default(),
            )
        })
        .collect();
    let actions = meeting_actions(state, person, &record, &agenda, &agencies, refused).await?;
    let status = errors.status();
    let page = MeetingPage {
        page: ctx.chrome(person, "conference-meeting-title", "nav-conferences"),
        agenda,
        record,
        attendees,
        errors,
        actions,
    };
    Ok((status, page).into_response())
}

async fn meeting(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path(id): Path<Uuid>,
) -> Result<Response, PageError> {
    render_meeting(
        &state,
        &ctx,
        &person,
        ConferenceMeetingId(id),
        FormErrors::default(),
        None,
    )
    .await
}

async fn attendance(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path(id): Path<Uuid>,
    form: Posted<BTreeMap<String, String>>,
) -> Result<Response, PageError> {
    let form = form.checked_for(&person)?;
    let entries: Vec<AttendanceEntryForm> = form
        .iter()
        .filter_map(|(key, value)| {
            key.strip_prefix("attendance.")
                .map(|agency| AttendanceEntryForm {
                    agency_id: agency.to_string(),
                    attendance: value.clone(),
                    representative: form
                        .get(&format!("representative.{agency}"))
                        .cloned()
                        .unwrap_or_default(),
                })
        })
        .collect();
    match state
        .app
        .record_conference_attendance(&person.actor, ConferenceMeetingId(id), &entries)
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/conference-meetings/{id}")).into_response()),
        Err(e) => {
            let errors = form_errors(e, &ctx)?;
            render_meeting(&state, &ctx, &person, ConferenceMeetingId(id), errors, None).await
        }
    }
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct ObserverForm {
    name: String,
    organisation: String,
    acknowledged: String,
}

async fn observer(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path(id): Path<Uuid>,
    form: Posted<ObserverForm>,
) -> Result<Response, PageError> {
    let form = form.checked_for(&person)?;
    match state
        .app
        .record_conference_observer(
            &person.actor,
            ConferenceMeetingId(id),
            &form.name,
            &form.organisation,
            form.acknowledged == "yes",
        )
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/conference-meetings/{id}")).into_response()),
        Err(e) => {
            let errors = form_errors(e, &ctx)?;
            render_meeting(&state, &ctx, &person, ConferenceMeetingId(id), errors, None).await
        }
    }
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct MinutesForm {
    minutes: String,
}

async fn close(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path(id): Path<Uuid>,
    form: Posted<MinutesForm>,
) -> Result<Response, PageError> {
    let form = form.checked_for(&person)?;
    match state
        .app
        .close_conference_meeting(&person.actor, ConferenceMeetingId(id), &form.minutes)
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/conference-meetings/{id}")).into_response()),
        Err(e) => {
            let errors = form_errors(e, &ctx)?;
            render_meeting(&state, &ctx, &person, ConferenceMeetingId(id), errors, None).await
        }
    }
}

// ---- referring a case ----

#[derive(Template, WebTemplate)]
#[template(path = "conference_refer.html")]
struct ReferPage {
    page: PageChrome,
    case_id: CaseId,
    conferences: Vec<ConferenceRow>,
    outlook: concord_app::risk::conferences::ReferralOutlook,
    form: ConferenceReferralForm,
    errors: FormErrors,
}

async fn render_refer(
    state: &AppState,
    ctx: &PageContext,
    person: &Person,
    case_id: CaseId,
    form: ConferenceReferralForm,
    errors: FormErrors,
) -> Result<Response, PageError> {
    // Asks the access decision (only the owning agency refers) and audits
    // the reading of her risk shown on the form.
    let outlook = state
        .app
        .conference_referral_outlook(&person.actor, case_id)
        .await?;
    let conferences = state.app.conferences(&person.actor).await?;
    let status = errors.status();
    let page = ReferPage {
        page: ctx.chrome(person, "conference-refer-title", "nav-cases"),
        case_id,
        conferences,
        outlook,
        form,
        errors,
    };
    Ok((status, page).into_response())
}

async fn refer_form(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path(id): Path<Uuid>,
) -> Result<Response, PageError> {
    render_refer(
        &state,
        &ctx,
        &person,
        CaseId(id),
        ConferenceReferralForm::default(),
        FormErrors::default(),
    )
    .await
}

async fn refer(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path(id): Path<Uuid>,
    form: Posted<ConferenceReferralForm>,
) -> Result<Response, PageError> {
    let form = form.checked_for(&person)?;
    match state
        .app
        .refer_to_conference(&person.actor, CaseId(id), &form)
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/cases/{id}/risk")).into_response()),
        Err(e) => {
            let errors = form_errors(e, &ctx)?;
            render_refer(&state, &ctx, &person, CaseId(id), form, errors).await
        }
    }
}
