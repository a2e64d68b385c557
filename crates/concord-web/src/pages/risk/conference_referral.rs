//! A conference referral's page: the referral for the conference's
//! coordinators (independent advocate, first contact, transfer) and each
//! agency's research as the reader may see it (write, rewrite, share at
//! the meeting). Survivors appear by reference only; forms work without
//! JavaScript.

use super::conferences::form_errors;
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
use concord_app::risk::conference_casework::ReferralCasework;
use concord_app::risk::conference_meetings::ResearchView;
use concord_domain::governance::ActionStatus;
use concord_domain::ids::{AgencyId, ConferenceReferralId};
use concord_domain::role::Permission;
use uuid::Uuid;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/conference-referrals/{id}", get(show))
        .route("/conference-referrals/{id}/advocate", post(assign_advocate))
        .route(
            "/conference-referrals/{id}/first-contact",
            post(first_contact),
        )
        .route("/conference-referrals/{id}/research", post(write_research))
        .route(
            "/conference-referrals/{id}/research/share",
            post(share_research),
        )
        .route("/conference-referrals/{id}/transfer", post(transfer))
}

#[derive(Template, WebTemplate)]
#[template(path = "conference_referral.html")]
struct ReferralPage {
    page: PageChrome,
    id: ConferenceReferralId,
    casework: ReferralCasework,
    /// The reader's own agency's research, if written.
    own_research: Option<ResearchView>,
    /// Other agencies' research: shared and readable by this reader, or
    /// only known to exist.
    other_research: Vec<(String, ResearchView)>,
    /// The reader's agency's research may still be written (not shared).
    may_write_research: bool,
    /// Written and not shared yet.
    may_share_research: bool,
    /// What was typed, kept when the form is refused.
    research_draft: String,
    first_contact_on: String,
    errors: FormErrors,
    /// The actions agreed for the case that this reader may see: all for
    /// the coordinators, its own agency's for a member agency.
    actions: Vec<ConferenceActionView>,
    my_agency: AgencyId,
}

impl ReferralPage {
    fn agency_name(&self, id: &AgencyId) -> String {
        self.casework
            .agency_names
            .get(id)
            .cloned()
            .unwrap_or_default()
    }

    /// The coordinators record any action's progress; a member agency the
    /// progress of those it owns.
    fn may_record(&self, action: &ConferenceActionView) -> bool {
        action.action.status == ActionStatus::NotDone
            && (self.casework.coordination.is_some()
                || action.action.owner_agency == self.my_agency)
    }
}

/// The form fields whose message key is not `field-{name}`.
const LABELS: &[(&str, &str)] = &[
    ("body", "conference-field-research"),
    ("on", "conference-field-first-contact-on"),
];

fn refused_form(e: AppError, ctx: &PageContext) -> Result<FormErrors, PageError> {
    match e {
        AppError::Invalid(invalid) => {
            Ok(FormErrors::from_invalid_labelled(&invalid, &ctx.tr, LABELS))
        }
        other => form_errors(other, ctx),
    }
}

#[derive(Default)]
struct Typed {
    research: String,
    first_contact_on: String,
}

/// The referral's page with `errors` of a form sent from it.
pub(super) async fn render_with_errors(
    state: &AppState,
    ctx: &PageContext,
    person: &Person,
    id: ConferenceReferralId,
    errors: FormErrors,
) -> Result<Response, PageError> {
    render(state, ctx, person, id, Typed::default(), errors).await
}

async fn render(
    state: &AppState,
    ctx: &PageContext,
    person: &Person,
    id: ConferenceReferralId,
    typed: Typed,
    errors: FormErrors,
) -> Result<Response, PageError> {
    let casework = state
        .app
        .conference_referral_casework(&person.actor, id)
        .await?;
    let research = state.app.conference_research(&person.actor, id).await?;
    let actions = state.app.referral_actions(&person.actor, id).await?;
    let name_of = |agency: AgencyId| {
        casework
            .agency_names
            .get(&agency)
            .cloned()
            .unwrap_or_default()
    };
    let (own, others): (Vec<_>, Vec<_>) = research.into_iter().partition(|r| r.mine);
    let other_research = others
        .into_iter()
        .map(|r| (name_of(r.agency_id), r))
        .collect();
    let own_research = own.into_iter().next();
    let research_draft = if typed.research.is_empty() {
        own_research
            .as_ref()
            .and_then(|r| r.body.clone())
            .unwrap_or_default()
    } else {
        typed.research
    };
    let may_research = person.actor.has(Permission::WorkCases)
        || person.actor.has(Permission::CoordinateRiskConferences);
    let shared = own_research.as_ref().is_some_and(|r| r.shared);
    let status = errors.status();
    let page = ReferralPage {
        page: ctx.chrome(person, "conference-referral-title", "nav-conferences"),
        id,
        may_write_research: may_research && !shared,
        may_share_research: may_research && own_research.is_some() && !shared,
        own_research,
        other_research,
        research_draft,
        first_contact_on: typed.first_contact_on,
        casework,
        errors,
        actions,
        my_agency: person.actor.agency_id,
    };
    Ok((status, page).into_response())
}

async fn show(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path(id): Path<Uuid>,
) -> Result<Response, PageError> {
    render(
        &state,
        &ctx,
        &person,
        ConferenceReferralId(id),
        Typed::default(),
        FormErrors::default(),
    )
    .await
}

/// Back to the referral's page after a change, or the page again with the
/// problems named.
async fn answer<T>(
    state: &AppState,
    ctx: &PageContext,
    person: &Person,
    id: ConferenceReferralId,
    result: Result<T, AppError>,
    typed: Typed,
) -> Result<Response, PageError> {
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/conference-referrals/{id}")).into_response()),
        Err(e) => {
            let errors = refused_form(e, ctx)?;
            render(state, ctx, person, id, typed, errors).await
        }
    }
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct AdvocateForm {
    advocate_id: String,
}

async fn assign_advocate(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path(id): Path<Uuid>,
    form: Posted<AdvocateForm>,
) -> Result<Response, PageError> {
    let form = form.checked_for(&person)?;
    let id = ConferenceReferralId(id);
    let result = state
        .app
        .assign_conference_advocate(&person.actor, id, &form.advocate_id)
        .await;
    answer(&state, &ctx, &person, id, result, Typed::default()).await
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct FirstContactForm {
    on: String,
}

async fn first_contact(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path(id): Path<Uuid>,
    form: Posted<FirstContactForm>,
) -> Result<Response, PageError> {
    let form = form.checked_for(&person)?;
    let id = ConferenceReferralId(id);
    let result = state
        .app
        .record_first_contact(&person.actor, id, &form.on)
        .await;
    let typed = Typed {
        first_contact_on: form.on.clone(),
        ..Typed::default()
    };
    answer(&state, &ctx, &person, id, result, typed).await
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct ResearchForm {
    body: String,
}

async fn write_research(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path(id): Path<Uuid>,
    form: Posted<ResearchForm>,
) -> Result<Response, PageError> {
    let form = form.checked_for(&person)?;
    let id = ConferenceReferralId(id);
    let result = state
        .app
        .save_conference_research(&person.actor, id, &form.body)
        .await;
    let typed = Typed {
        research: form.body.clone(),
        ..Typed::default()
    };
    answer(&state, &ctx, &person, id, result, typed).await
}

/// The share form carries nothing but its anti-forgery token.
#[derive(serde::Deserialize, Default)]
struct NoFields {}

async fn share_research(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path(id): Path<Uuid>,
    form: Posted<NoFields>,
) -> Result<Response, PageError> {
    form.checked_for(&person)?;
    let id = ConferenceReferralId(id);
    let result = state.app.share_conference_research(&person.actor, id).await;
    answer(&state, &ctx, &person, id, result, Typed::default()).await
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct TransferForm {
    conference_id: String,
}

/// Back to this referral (now transferred out) rather than the new one:
/// the other conference may be coordinated by another agency.
async fn transfer(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path(id): Path<Uuid>,
    form: Posted<TransferForm>,
) -> Result<Response, PageError> {
    let form = form.checked_for(&person)?;
    let id = ConferenceReferralId(id);
    let result = state
        .app
        .transfer_conference_referral(&person.actor, id, &form.conference_id)
        .await;
    answer(&state, &ctx, &person, id, result, Typed::default()).await
}
