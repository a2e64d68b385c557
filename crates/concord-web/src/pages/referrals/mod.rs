//! Referrals: the agency's queues (received and sent), one referral with
//! its history and the steps the reader's side may take, a case's
//! referrals with the form to make one, and dismissing a notification.

use crate::error::PageError;
use crate::pages::{FormErrors, NoFields, PageChrome, PageContext, Posted};
use crate::session::Person;
use crate::state::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use concord_app::AppError;
use concord_app::referrals::read::{ReferralListEntry, ReferralView};
use concord_domain::consent::DataCategory;
use concord_domain::ids::{CaseId, ReferralId};
use concord_domain::label::Label;
use concord_domain::referral::{
    DeclineReason, ReferralActionForm, ReferralEvent, ReferralForm, ReferralOutcome, ReferralSide,
    ReferralState, Urgency,
};
use concord_store::PageRequest;
use uuid::Uuid;

/// A value of a vocabulary with its label, for a select or checkboxes.
pub struct Choice {
    pub value: &'static str,
    pub label: String,
}

/// Every value of `T`, labelled by the message `prefix-value`.
pub fn choices<T: Label>(ctx: &PageContext, prefix: &str) -> Vec<Choice> {
    T::all()
        .iter()
        .map(|v| Choice {
            value: v.label(),
            label: ctx
                .tr
                .t(&format!("{prefix}-{}", v.label().replace('_', "-"))),
        })
        .collect()
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/referrals", get(queue))
        .route("/referrals/{id}", get(show))
        .route("/referrals/{id}/steps", post(step))
        .route("/referrals/{id}/print", get(print))
        .route("/referrals/{id}/fhir.json", get(fhir))
        .route("/cases/{id}/referrals", get(case_referrals).post(create))
        .route("/notifications/{id}/dismiss", post(dismiss))
}

#[derive(Debug, Default, serde::Deserialize)]
struct QueueQuery {
    #[serde(default)]
    view: String,
    #[serde(default)]
    state: String,
    #[serde(default)]
    overdue: String,
    after: Option<String>,
}

pub struct Tab {
    pub href: String,
    pub label: String,
    pub current: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "referrals.html")]
struct QueuePage {
    page: PageChrome,
    tabs: Vec<Tab>,
    received: bool,
    entries: Vec<ReferralListEntry>,
    next: Option<String>,
    view: &'static str,
    states: Vec<Choice>,
    state: String,
    overdue: bool,
}

async fn queue(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Query(query): Query<QueueQuery>,
) -> Result<QueuePage, PageError> {
    let (side, view) = match query.view.as_str() {
        "sent" => (ReferralSide::Sender, "sent"),
        _ => (ReferralSide::Receiver, "received"),
    };
    let states: Vec<ReferralState> = ReferralState::parse(&query.state).into_iter().collect();
    let overdue = query.overdue == "1";
    let page = PageRequest {
        after: query.after.filter(|a| !a.is_empty()),
        limit: 50,
    };
    let found = state
        .app
        .referral_queue(&person.actor, side, states, overdue, &page)
        .await?;
    let tabs = [
        ("received", "referrals-received"),
        ("sent", "referrals-sent"),
    ]
    .into_iter()
    .map(|(v, key)| Tab {
        href: format!("/referrals?view={v}"),
        label: ctx.tr.t(key),
        current: v == view,
    })
    .collect();
    Ok(QueuePage {
        page: ctx.chrome(&person, "referrals-title", "nav-referrals"),
        tabs,
        received: side == ReferralSide::Receiver,
        entries: found.items,
        next: found.next,
        view,
        states: choices::<ReferralState>(&ctx, "referral-state"),
        state: query.state,
        overdue,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "referral.html")]
struct ReferralPage {
    page: PageChrome,
    view: ReferralView,
    events: Vec<Choice>,
    decline_reasons: Vec<Choice>,
    outcomes: Vec<Choice>,
    errors: FormErrors,
}

impl ReferralPage {
    fn has(&self, event: &str) -> bool {
        self.view.next_events.iter().any(|e| e.as_str() == event)
    }

    fn event_label(&self, event: &Option<ReferralEvent>) -> String {
        match event {
            Some(e) => self.page.label("referral-event", e.as_str()),
            None => self.page.t("referral-event-created"),
        }
    }
}

async fn show(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path(id): Path<ReferralId>,
) -> Result<Response, PageError> {
    render(&state, &ctx, &person, id, FormErrors::default()).await
}

async fn render(
    state: &AppState,
    ctx: &PageContext,
    person: &Person,
    id: ReferralId,
    errors: FormErrors,
) -> Result<Response, PageError> {
    let view = state.app.read_referral(&person.actor, id).await?;
    let events = view
        .next_events
        .iter()
        .map(|e| Choice {
            value: e.as_str(),
            label: ctx
                .tr
                .t(&format!("referral-event-{}", e.as_str().replace('_', "-"))),
        })
        .collect();
    let status = errors.status();
    Ok((
        status,
        ReferralPage {
            page: ctx.chrome(person, "referral-title", "nav-referrals"),
            view,
            events,
            decline_reasons: choices::<DeclineReason>(ctx, "decline-reason"),
            outcomes: choices::<ReferralOutcome>(ctx, "referral-outcome"),
            errors,
        },
    )
        .into_response())
}

async fn step(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path(id): Path<ReferralId>,
    form: Posted<ReferralActionForm>,
) -> Result<Response, PageError> {
    let form = form.checked_for(&person)?;
    match state.app.referral_step(&person.actor, id, &form).await {
        Ok(_) => Ok(Redirect::to(&format!("/referrals/{id}")).into_response()),
        Err(AppError::Invalid(invalid)) => {
            let errors = FormErrors::from_invalid(&invalid, &ctx.tr);
            render(&state, &ctx, &person, id, errors).await
        }
        Err(AppError::IllegalTransition { field, message }) => {
            let errors = FormErrors {
                problems: vec![(field.to_string(), message)],
                ..FormErrors::default()
            };
            render(&state, &ctx, &person, id, errors).await
        }
        Err(AppError::ReferralStepRefused(illegal)) => {
            let errors = FormErrors {
                problems: vec![(
                    illegal.field().to_string(),
                    crate::error::referral_step_refusal(&ctx.tr, illegal),
                )],
                ..FormErrors::default()
            };
            render(&state, &ctx, &person, id, errors).await
        }
        Err(AppError::SendRefused(refusal)) => {
            let errors = consent_lacking(&ctx, refusal);
            render(&state, &ctx, &person, id, errors).await
        }
        Err(AppError::Conflict) => {
            let errors = FormErrors::message(ctx.tr.t("conflict-reload"));
            render(&state, &ctx, &person, id, errors).await
        }
        Err(other) => Err(other.into()),
    }
}

/// The sender told what her consent lacks, as a problem of the form's
/// `consent` (the page points to recording consent).
fn consent_lacking(
    ctx: &PageContext,
    refusal: concord_domain::referral::SendRefusal,
) -> FormErrors {
    FormErrors {
        problems: vec![(
            "consent".to_string(),
            crate::error::send_refusal(&ctx.tr, refusal),
        )],
        ..FormErrors::default()
    }
}

pub struct ServiceChoice {
    pub id: String,
    pub label: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "case_referrals.html")]
struct CaseReferralsPage {
    page: PageChrome,
    case_id: CaseId,
    entries: Vec<ReferralListEntry>,
    services: Vec<ServiceChoice>,
    urgencies: Vec<Choice>,
    categories: Vec<Choice>,
    form: ReferralForm,
    errors: FormErrors,
}

impl CaseReferralsPage {
    fn category_checked(&self, value: &str) -> bool {
        self.form.categories.iter().any(|c| c == value)
    }
}

async fn case_referrals(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path(id): Path<CaseId>,
) -> Result<Response, PageError> {
    let form = ReferralForm {
        urgency: Urgency::Routine.as_str().into(),
        categories: vec![DataCategory::IdentityAndContact.as_str().into()],
        ..Default::default()
    };
    render_case_referrals(&state, &ctx, &person, id, form, FormErrors::default()).await
}

async fn render_case_referrals(
    state: &AppState,
    ctx: &PageContext,
    person: &Person,
    id: CaseId,
    form: ReferralForm,
    errors: FormErrors,
) -> Result<Response, PageError> {
    // Only the owning agency refers from a case (audited refusal otherwise).
    state
        .app
        .authorise_case_change(&person.actor, id, DataCategory::CaseNotes)
        .await?;
    let entries = state.app.case_referrals(&person.actor, id).await?;
    let services = state
        .app
        .referable_services(&person.actor)
        .await?
        .into_iter()
        .map(|(s, org, _)| ServiceChoice {
            id: s.id.to_string(),
            label: match org.agency_id {
                Some(_) => format!("{} — {}", org.name, s.name),
                None => format!(
                    "{} — {} ({})",
                    org.name,
                    s.name,
                    ctx.tr.t("referral-outside-provider")
                ),
            },
        })
        .collect();
    let status = errors.status();
    Ok((
        status,
        CaseReferralsPage {
            page: ctx.chrome(person, "case-referrals-title", "nav-cases"),
            case_id: id,
            entries,
            services,
            urgencies: choices::<Urgency>(ctx, "urgency"),
            categories: choices::<DataCategory>(ctx, "category"),
            form,
            errors,
        },
    )
        .into_response())
}

async fn create(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path(id): Path<CaseId>,
    form: Posted<ReferralForm>,
) -> Result<Response, PageError> {
    let form = form.checked_for(&person)?;
    match state.app.create_referral(&person.actor, id, &form).await {
        Ok(row) => Ok(Redirect::to(&format!("/referrals/{}", row.id)).into_response()),
        Err(AppError::Invalid(invalid)) => {
            let errors = FormErrors::from_invalid(&invalid, &ctx.tr);
            render_case_referrals(&state, &ctx, &person, id, form, errors).await
        }
        Err(AppError::SendRefused(refusal)) => {
            let errors = consent_lacking(&ctx, refusal);
            render_case_referrals(&state, &ctx, &person, id, form, errors).await
        }
        Err(other) => Err(other.into()),
    }
}

async fn dismiss(
    State(state): State<AppState>,
    person: Person,
    Path(id): Path<Uuid>,
    form: Posted<NoFields>,
) -> Result<Response, PageError> {
    form.checked_for(&person)?;
    state.app.dismiss_notification(&person.actor, id).await?;
    Ok(Redirect::to("/").into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "referral_print.html")]
struct PrintPage {
    page: PageChrome,
    view: ReferralView,
}

/// The referral as a one-page form to print (for a provider outside
/// Concord, or the file).
async fn print(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path(id): Path<ReferralId>,
) -> Result<PrintPage, PageError> {
    Ok(PrintPage {
        page: ctx.chrome(&person, "referral-form-title", "nav-referrals"),
        view: state.app.read_referral(&person.actor, id).await?,
    })
}

/// The FHIR R4 Bundle, as a download.
async fn fhir(
    State(state): State<AppState>,
    person: Person,
    Path(id): Path<ReferralId>,
) -> Result<Response, PageError> {
    let bundle = state.app.referral_fhir(&person.actor, id).await?;
    let body =
        serde_json::to_string_pretty(&bundle).map_err(|e| AppError::Internal(e.to_string()))?;
    Ok((
        [
            (axum::http::header::CONTENT_TYPE, "application/fhir+json"),
            (
                axum::http::header::CONTENT_DISPOSITION,
                "attachment; filename=\"referral-fhir.json\"",
            ),
        ],
        body,
    )
        .into_response())
}
