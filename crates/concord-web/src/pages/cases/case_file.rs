//! The case page: survivor, incidents (with the clinical time-left alert),
//! consents, notes and the case steps — only the sections the reader may
//! see. Refused readers from other agencies are offered break-glass.

use super::register::{Choice, choices};
use crate::error::PageError;
use crate::pages::{FormErrors, PageChrome, PageContext};
use crate::session::Person;
use crate::state::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use concord_app::AppError;
use concord_app::cases::assignment::CaseAssignment;
use concord_app::cases::file::CaseFile;
use concord_domain::case::{GoalDomain, GoalStatus, SafetyPlanSection};
use concord_domain::case_access::AccessBasis;
use concord_domain::consent::{DataCategory, Purpose};
use concord_domain::ids::CaseId;
use concord_domain::role::Permission;
use concord_store::AgencyRow;

pub fn routes() -> Router<AppState> {
    Router::new().route("/cases/{id}", get(show))
}

#[derive(Debug, Default, serde::Deserialize)]
struct CaseQuery {
    #[serde(default)]
    purpose: String,
}

/// Steps offered on the case page, by status.
pub struct StepChoice {
    pub event: &'static str,
    pub label: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "case.html")]
pub struct CasePage {
    pub page: PageChrome,
    pub file: CaseFile,
    pub basis_label: String,
    pub agencies: Vec<AgencyRow>,
    /// Outside providers her consent may name that are not yet among
    /// `agencies` (id, name).
    pub outside_recipients: Vec<(String, String)>,
    pub steps: Vec<StepChoice>,
    pub is_supervisor: bool,
    /// Who carries the case and who else may (supervisors of the owning
    /// agency only).
    pub assignment: Option<CaseAssignment>,
    pub purposes: Vec<Choice>,
    pub categories: Vec<Choice>,
    pub givers: Vec<Choice>,
    pub bases: Vec<Choice>,
    pub goal_domains: Vec<Choice>,
    pub goal_statuses: Vec<Choice>,
    pub plan_sections: Vec<Choice>,
    pub errors: FormErrors,
}

impl CasePage {
    fn agency_name(&self, id: &concord_domain::ids::AgencyId) -> String {
        self.agencies
            .iter()
            .find(|a| a.id == *id)
            .map(|a| a.name.clone())
            .unwrap_or_default()
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "case_refused.html")]
struct RefusedPage {
    page: PageChrome,
    case_id: CaseId,
    reason: String,
    purpose: String,
    purposes: Vec<Choice>,
    may_break_glass: bool,
    errors: FormErrors,
}

async fn show(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path(id): Path<CaseId>,
    Query(query): Query<CaseQuery>,
) -> Result<Response, PageError> {
    let purpose = Purpose::parse(&query.purpose);
    render_case(&state, &ctx, &person, id, purpose, FormErrors::default()).await
}

/// Renders the case page, or the refusal page with break-glass.
pub async fn render_case(
    state: &AppState,
    ctx: &PageContext,
    person: &Person,
    id: CaseId,
    purpose: Option<Purpose>,
    errors: FormErrors,
) -> Result<Response, PageError> {
    match state.app.read_case(&person.actor, id, purpose).await {
        Ok(file) => {
            let status = errors.status();
            Ok((status, case_page(state, ctx, person, file, errors).await?).into_response())
        }
        Err(AppError::CaseRefused(refusal)) => Ok(refused_page(
            ctx,
            person,
            id,
            crate::error::case_refusal(&ctx.tr, refusal),
            purpose,
            errors,
        )),
        Err(other) => Err(other.into()),
    }
}

pub fn refused_page(
    ctx: &PageContext,
    person: &Person,
    case_id: CaseId,
    reason: String,
    purpose: Option<Purpose>,
    errors: FormErrors,
) -> Response {
    // A break-glass request with a problem is a form to correct (422);
    // otherwise the answer is the refusal itself.
    let status = if errors.any() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::FORBIDDEN
    };
    let page = RefusedPage {
        page: ctx.chrome(person, "case-refused-title", "nav-cases"),
        case_id,
        reason,
        purpose: purpose.map(|p| p.as_str().to_string()).unwrap_or_default(),
        purposes: choices::<Purpose>(ctx, "purpose"),
        may_break_glass: person.actor.has(Permission::WorkCases),
        errors,
    };
    (status, page).into_response()
}

async fn case_page(
    state: &AppState,
    ctx: &PageContext,
    person: &Person,
    file: CaseFile,
    errors: FormErrors,
) -> Result<CasePage, PageError> {
    let basis_label = match file.basis {
        AccessBasis::OwningAgency => ctx.tr.t("basis-owning-agency"),
        AccessBasis::Consent(_) => ctx.tr.t("basis-consent"),
        AccessBasis::LawfulBasis(_) => ctx.tr.t("basis-lawful"),
        AccessBasis::BreakGlass(_) => ctx.tr.t("basis-break-glass"),
    };
    let is_supervisor = person.actor.has(Permission::SuperviseCases);
    let steps = if file.may_change {
        steps_for(ctx, file.case.status.as_str(), is_supervisor)
    } else {
        Vec::new()
    };
    // Asked only of those who may reassign, so no refusal is audited for
    // merely opening the case.
    let assignment = match is_supervisor && file.may_change {
        true => Some(
            state
                .app
                .case_assignment(&person.actor, file.case.id)
                .await?,
        ),
        false => None,
    };
    let agencies = state.app.all_agencies(&person.actor).await?;
    let outside_recipients = state
        .app
        .outside_consent_recipients(&person.actor)
        .await?
        .into_iter()
        .filter(|(id, _)| !agencies.iter().any(|a| a.id == *id))
        .map(|(id, name)| (id.to_string(), name))
        .collect();
    Ok(CasePage {
        page: ctx.chrome(person, "case-title", "nav-cases"),
        basis_label,
        agencies,
        outside_recipients,
        steps,
        is_supervisor,
        assignment,
        purposes: choices::<Purpose>(ctx, "purpose"),
        categories: choices::<DataCategory>(ctx, "category"),
        givers: choices::<concord_domain::consent::ConsentGiver>(ctx, "giver"),
        // A homicide review is granted to a review panel on its own page,
        // never as a share to an agency.
        bases: choices::<concord_domain::consent::LawfulBasis>(ctx, "lawful-basis")
            .into_iter()
            .filter(|c| c.value != concord_domain::consent::LawfulBasis::HomicideReview.as_str())
            .collect(),
        goal_domains: choices::<GoalDomain>(ctx, "goal-domain"),
        goal_statuses: choices::<GoalStatus>(ctx, "goal-status"),
        plan_sections: choices::<SafetyPlanSection>(ctx, "plan-section"),
        file,
        errors,
    })
}

/// The steps that make sense from a status (the domain refuses the rest
/// with a clear message anyway).
fn steps_for(ctx: &PageContext, status: &str, supervisor: bool) -> Vec<StepChoice> {
    let events: &[(&str, bool)] = match status {
        "engaged" | "reopened" => &[("assessment_completed", false)],
        "assessed" => &[("plan_agreed", false)],
        "plan_agreed" => &[
            ("implementation_started", false),
            ("plan_approved", true),
            ("plan_rejected", true),
        ],
        "implementing" => &[("follow_up_started", false), ("plan_revised", false)],
        "follow_up" => &[("implementation_started", false), ("plan_revised", false)],
        "closure_requested" => &[("closure_approved", true), ("closure_rejected", true)],
        "closed" => &[("reopened", false)],
        _ => &[],
    };
    events
        .iter()
        .filter(|(_, needs)| supervisor || !needs)
        .map(|(event, _)| StepChoice {
            event,
            label: ctx.tr.t(&format!("step-{}", event.replace('_', "-"))),
        })
        .collect()
}
