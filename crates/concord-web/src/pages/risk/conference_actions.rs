//! The SMART actions of a risk conference on its pages: agreed per listed
//! case on the meeting page, reviewed there when still outstanding from an
//! earlier meeting, listed open on the conference's page, and the actions
//! an agency owns on the conferences page, where its caseworkers record
//! them done or not possible.

use super::conferences::{form_errors, render_list_with_errors, render_meeting};
use crate::error::PageError;
use crate::pages::{FormErrors, PageContext, Posted};
use crate::session::Person;
use crate::state::AppState;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use concord_app::AppError;
use concord_app::risk::conference_actions::ConferenceActionView;
use concord_app::risk::conference_meetings::MeetingRecord;
use concord_app::risk::conferences::MeetingAgenda;
use concord_domain::governance::ActionStatus;
use concord_domain::ids::{
    AgencyId, ConferenceActionId, ConferenceMeetingId, ConferenceReferralId,
};
use concord_domain::risk::conference::MeetingStatus;
use concord_domain::risk::conference_action::{ConferenceActionForm, ConferenceActionUpdateForm};
use concord_store::AgencyRow;
use uuid::Uuid;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/conference-referrals/{id}/actions", post(agree))
        .route("/conference-actions/{id}/status", post(record_status))
}

/// The fields of action forms whose labels are not the generic ones.
const LABELS: [(&str, &str); 3] = [
    ("description", "conference-action-description"),
    ("note", "conference-action-note"),
    ("owner_agency_id", "conference-action-owner"),
];

/// An action form that was refused, to show again with its problems.
pub struct RefusedAction {
    pub referral: ConferenceReferralId,
    pub form: ConferenceActionForm,
}

/// One listed case's actions agreed at this meeting, with the form to agree
/// another.
pub struct CaseActions {
    pub referral_id: ConferenceReferralId,
    pub survivor_reference: String,
    pub actions: Vec<ConferenceActionView>,
    pub form: ConferenceActionForm,
    /// The ids of the form's inputs: `field` for the form that was refused
    /// (so the error summary's links reach it), a per-case prefix otherwise.
    pub prefix: String,
}

/// The actions part of a meeting page.
pub struct MeetingActions {
    /// Actions are agreed once the meeting has started.
    pub may_agree: bool,
    pub cases: Vec<CaseActions>,
    /// Still not done, agreed at earlier meetings: reviewed at this one.
    pub outstanding: Vec<ConferenceActionView>,
    /// The agencies that may own an action (members and coordinator).
    pub agencies: Vec<AgencyRow>,
}

impl MeetingActions {
    pub fn agency_name(&self, id: &AgencyId) -> String {
        agency_name(&self.agencies, id)
    }
}

pub fn agency_name(agencies: &[AgencyRow], id: &AgencyId) -> String {
    agencies
        .iter()
        .find(|a| a.id == *id)
        .map(|a| a.name.clone())
        .unwrap_or_else(|| id.to_string())
}

/// Gathers a meeting's actions for its page.
pub async fn meeting_actions(
    state: &AppState,
    person: &Person,
    record: &MeetingRecord,
    agenda: &MeetingAgenda,
    agencies: &[AgencyRow],
    refused: Option<RefusedAction>,
) -> Result<MeetingActions, PageError> {
    let all = state
        .app
        .conference_actions(&person.actor, record.conference.id)
        .await?;
    let meeting = &record.meeting;
    let outstanding = all
        .iter()
        .filter(|v| v.action.meeting_id != meeting.id && v.action.status == ActionStatus::NotDone)
        .cloned()
        .collect();
    let cases = agenda
        .cases
        .iter()
        .map(|item| {
            let id = item.referral.id;
            let (form, prefix) = match &refused {
                Some(r) if r.referral == id => (r.form.clone(), "field".to_string()),
                _ => (ConferenceActionForm::default(), format!("action-{id}")),
            };
            CaseActions {
                referral_id: id,
                survivor_reference: item.survivor_reference.clone(),
                actions: all
                    .iter()
                    .filter(|v| v.action.referral_id == id && v.action.meeting_id == meeting.id)
                    .cloned()
                    .collect(),
                form,
                prefix,
            }
        })
        .collect();
    let owners = concord_app::risk::conferences::agencies_of(&record.conference);
    Ok(MeetingActions {
        may_agree: meeting.status != MeetingStatus::Scheduled,
        cases,
        outstanding,
        agencies: owners
            .iter()
            .filter_map(|id| agencies.iter().find(|a| a.id == *id).cloned())
            .collect(),
    })
}

/// As `form_errors`, with the action forms' own field labels.
fn refused_fields(e: AppError, ctx: &PageContext) -> Result<FormErrors, PageError> {
    match e {
        AppError::Invalid(invalid) => Ok(FormErrors::from_invalid_labelled(
            &invalid, &ctx.tr, &LABELS,
        )),
        other => form_errors(other, ctx),
    }
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct AgreeForm {
    meeting_id: String,
    #[serde(flatten)]
    action: ConferenceActionForm,
}

fn meeting_of(text: &str) -> Result<ConferenceMeetingId, PageError> {
    Uuid::parse_str(text.trim())
        .map(ConferenceMeetingId)
        .map_err(|_| AppError::NotFound.into())
}

async fn agree(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path(id): Path<Uuid>,
    form: Posted<AgreeForm>,
) -> Result<Response, PageError> {
    let form = form.checked_for(&person)?;
    let meeting = meeting_of(&form.meeting_id)?;
    let referral = ConferenceReferralId(id);
    match state
        .app
        .raise_conference_action(&person.actor, referral, &form.action)
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!(
            "/conference-meetings/{meeting}#actions-{referral}"
        ))
        .into_response()),
        Err(e) => {
            let errors = refused_fields(e, &ctx)?;
            let refused = RefusedAction {
                referral,
                form: form.action,
            };
            render_meeting(&state, &ctx, &person, meeting, errors, Some(refused)).await
        }
    }
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct StatusForm {
    /// The meeting or referral page it was sent from, if any (to return
    /// to it).
    meeting_id: String,
    referral_id: String,
    #[serde(flatten)]
    update: ConferenceActionUpdateForm,
}

/// Where a progress form was sent from.
enum SentFrom {
    Meeting(ConferenceMeetingId),
    Referral(ConferenceReferralId),
    Conferences,
}

fn sent_from(form: &StatusForm) -> Result<SentFrom, PageError> {
    if !form.meeting_id.trim().is_empty() {
        return Ok(SentFrom::Meeting(meeting_of(&form.meeting_id)?));
    }
    match form.referral_id.trim() {
        "" => Ok(SentFrom::Conferences),
        text => Uuid::parse_str(text)
            .map(|id| SentFrom::Referral(ConferenceReferralId(id)))
            .map_err(|_| AppError::NotFound.into()),
    }
}

async fn record_status(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path(id): Path<Uuid>,
    form: Posted<StatusForm>,
) -> Result<Response, PageError> {
    let form = form.checked_for(&person)?;
    let from = sent_from(&form)?;
    let result = state
        .app
        .update_conference_action(&person.actor, ConferenceActionId(id), &form.update)
        .await;
    let e = match result {
        Ok(_) => {
            let back = match from {
                SentFrom::Meeting(m) => format!("/conference-meetings/{m}#outstanding"),
                SentFrom::Referral(r) => format!("/conference-referrals/{r}#actions"),
                SentFrom::Conferences => "/conferences#agency-actions".to_string(),
            };
            return Ok(Redirect::to(&back).into_response());
        }
        Err(e) => e,
    };
    // Several actions share the form's field names on one page: the
    // problems are listed in words, naming the field, without links.
    let mut errors = refused_fields(e, &ctx)?;
    for problem in &mut errors.problems {
        problem.0.clear();
    }
    match from {
        SentFrom::Meeting(m) => render_meeting(&state, &ctx, &person, m, errors, None).await,
        SentFrom::Referral(r) => {
            super::conference_referral::render_with_errors(&state, &ctx, &person, r, errors).await
        }
        SentFrom::Conferences => render_list_with_errors(&state, &ctx, &person, errors).await,
    }
}
