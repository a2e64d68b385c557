//! The service directory: organizations with their locations and services,
//! local taxonomy terms, the referral pathway of an area (printable) and
//! the 4W view. Everyone who may view the directory reads it, with each
//! entry's history; the forms are for those who keep the entry (its member
//! agency's administrators, or the secretariats of its areas for an outside
//! provider, and system administrators), and only system administrators
//! see the member agency choice. An agency's administrators find changes
//! to its entries made from outside it on their home page.

mod history;
mod hsds;

use super::referrals::{Choice, choices};
use crate::error::PageError;
use crate::pages::{FormErrors, PageChrome, PageContext, Posted};
use crate::session::Person;
use crate::state::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use concord_app::AppError;
use concord_app::directory::keeping::Keeping;
use concord_app::directory::pathway::{AreaPathway, FourW};
use concord_app::directory::{OrganizationView, ServiceView};
use concord_domain::directory::{
    EspSector, EssentialService, LocationForm, OrganizationForm, ServiceForm, ServiceStatus,
    TermForm,
};
use concord_domain::ids::{AreaId, OrganizationId, ServiceId};
use concord_domain::survivor::SexGender;
use concord_store::{AgencyRow, AreaRow, HistoryFilter, OrganizationRow, ServiceRow, TermRow};
use history::HistoryLine;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/directory", get(index))
        .route("/directory/organizations", post(create_organization))
        .route("/directory/organizations/new", get(new_organization))
        .route(
            "/directory/organizations/{id}",
            get(show_organization).post(update_organization),
        )
        .route("/directory/locations", post(create_location))
        .route("/directory/services", post(create_service))
        .route("/directory/services/new", get(new_service))
        .route(
            "/directory/services/{id}",
            get(show_service).post(update_service),
        )
        .route("/directory/services/{id}/edit", get(edit_service))
        .route("/directory/terms", get(terms).post(create_term))
        .route("/directory/pathway", get(pathway))
        .route("/directory/4w", get(four_w))
        .route("/directory/notices/{id}/dismiss", post(dismiss_notice))
        .merge(hsds::routes())
}

fn not_permitted() -> PageError {
    AppError::Denied(concord_domain::access::Denied::NotPermitted).into()
}

/// A change to one of the agency's entries made from outside it, worded
/// for its administrators' home page.
pub struct NoticeLine {
    pub id: uuid::Uuid,
    pub organization_id: OrganizationId,
    pub organization_name: String,
    pub text: String,
}

/// The reader's agency's unread directory notices (administrators only).
pub(super) async fn notice_lines(
    state: &AppState,
    tr: &crate::i18n::Tr,
    person: &Person,
) -> Result<Vec<NoticeLine>, PageError> {
    Ok(state
        .app
        .directory_notices(&person.actor)
        .await?
        .into_iter()
        .map(|n| NoticeLine {
            id: n.notice.id,
            organization_id: n.change.organization_id,
            text: if n.actor_agency_name.is_empty() {
                tr.t1(
                    "directory-notice-command-line",
                    "organization",
                    &n.organization_name,
                )
            } else {
                tr.targs(
                    "directory-notice",
                    &[
                        ("organization", n.organization_name.clone()),
                        ("agency", n.actor_agency_name.clone()),
                    ],
                )
            },
            organization_name: n.organization_name,
        })
        .collect())
}

async fn dismiss_notice(
    State(state): State<AppState>,
    person: Person,
    Path(id): Path<uuid::Uuid>,
    form: Posted<crate::pages::NoFields>,
) -> Result<Response, PageError> {
    form.checked_for(&person)?;
    state
        .app
        .dismiss_directory_notice(&person.actor, id)
        .await?;
    Ok(Redirect::to("/").into_response())
}

// ---- the index: organizations ----

pub struct OrgEntry {
    pub org: OrganizationRow,
    pub stale: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "directory.html")]
struct IndexPage {
    page: PageChrome,
    organizations: Vec<OrgEntry>,
    can_manage: bool,
    areas: Vec<AreaRow>,
}

async fn index(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
) -> Result<IndexPage, PageError> {
    let organizations = state
        .app
        .all_organizations(&person.actor)
        .await?
        .into_iter()
        .map(|org| OrgEntry {
            stale: state.app.is_stale(org.last_verified_at),
            org,
        })
        .collect();
    Ok(IndexPage {
        page: ctx.chrome(&person, "directory-title", "nav-directory"),
        organizations,
        can_manage: state.app.may_add_organization(&person.actor).await?,
        areas: state.app.all_areas(&person.actor).await?,
    })
}

// ---- organizations ----

#[derive(Template, WebTemplate)]
#[template(path = "organization_form.html")]
struct OrganizationFormPage {
    page: PageChrome,
    action: String,
    is_new: bool,
    form: OrganizationForm,
    agencies: Vec<AgencyRow>,
    /// Only system administrators choose the member agency.
    may_link: bool,
    errors: FormErrors,
}

async fn organization_form_page(
    state: &AppState,
    ctx: &PageContext,
    person: &Person,
    id: Option<OrganizationId>,
    form: OrganizationForm,
    errors: FormErrors,
) -> Result<Response, PageError> {
    let page = OrganizationFormPage {
        page: ctx.chrome(person, "organization-new-title", "nav-directory"),
        action: match id {
            Some(id) => format!("/directory/organizations/{id}"),
            None => "/directory/organizations".into(),
        },
        is_new: id.is_none(),
        form,
        agencies: state.app.all_agencies(&person.actor).await?,
        may_link: state.app.may_link_organizations(&person.actor),
        errors,
    };
    Ok((page.errors.status(), page).into_response())
}

async fn new_organization(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
) -> Result<Response, PageError> {
    if !state.app.may_add_organization(&person.actor).await? {
        return Err(not_permitted());
    }
    organization_form_page(
        &state,
        &ctx,
        &person,
        None,
        OrganizationForm::default(),
        FormErrors::default(),
    )
    .await
}

async fn create_organization(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    form: Posted<OrganizationForm>,
) -> Result<Response, PageError> {
    let form = form.checked_for(&person)?;
    match state
        .app
        .save_organization(&person.actor, None, &form)
        .await
    {
        Ok(row) => {
            Ok(Redirect::to(&format!("/directory/organizations/{}", row.id)).into_response())
        }
        Err(AppError::Invalid(invalid)) => {
            let errors = FormErrors::from_invalid(&invalid, &ctx.tr);
            organization_form_page(&state, &ctx, &person, None, form, errors).await
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "organization.html")]
struct OrganizationPage {
    page: PageChrome,
    view: OrganizationView,
    can_manage: bool,
    may_link: bool,
    /// Who keeps it, in words.
    kept_by: String,
    form: OrganizationForm,
    agencies: Vec<AgencyRow>,
    areas: Vec<AreaRow>,
    location: LocationForm,
    history: Vec<HistoryLine>,
    history_more: bool,
    errors: FormErrors,
}

impl OrganizationFormPage {
    fn action_url(&self) -> String {
        self.action.clone()
    }
}

impl OrganizationPage {
    fn action_url(&self) -> String {
        format!("/directory/organizations/{}", self.view.organization.id)
    }

    fn area_name(&self, id: &Option<AreaId>) -> String {
        id.and_then(|id| self.areas.iter().find(|a| a.id == id))
            .map(|a| a.name.clone())
            .unwrap_or_default()
    }
}

/// Who keeps an organization, in words.
fn kept_by(page: &PageChrome, agencies: &[AgencyRow], org: &OrganizationRow) -> String {
    match org.agency_id {
        Some(agency) => page.tr.t1(
            "directory-kept-by-agency",
            "agency",
            agencies
                .iter()
                .find(|a| a.id == agency)
                .map(|a| a.name.clone())
                .unwrap_or_default(),
        ),
        None => page.t("directory-kept-by-secretariats"),
    }
}

fn organization_form_of(org: &OrganizationRow) -> OrganizationForm {
    OrganizationForm {
        name: org.name.clone(),
        description: org.details.description.clone(),
        agency_id: org.agency_id.map(|a| a.to_string()).unwrap_or_default(),
        email: org.details.email.clone().unwrap_or_default(),
        phone: org.details.phone.clone().unwrap_or_default(),
        website: org.details.website.clone().unwrap_or_default(),
        verified: None,
    }
}

async fn organization_page(
    state: &AppState,
    ctx: &PageContext,
    person: &Person,
    id: OrganizationId,
    form: Option<OrganizationForm>,
    location: LocationForm,
    errors: FormErrors,
) -> Result<Response, PageError> {
    let view = state.app.organization(&person.actor, id).await?;
    let keeping: Keeping = state.app.organization_keeping(&person.actor, id).await?;
    let agencies = state.app.all_agencies(&person.actor).await?;
    let chrome = ctx.chrome(person, "organization-title", "nav-directory");
    let kept_by = kept_by(&chrome, &agencies, &view.organization);
    let (history, history_more) = history::lines(
        state,
        &chrome,
        &person.actor,
        &HistoryFilter {
            organization: Some(id),
            ..Default::default()
        },
    )
    .await?;
    let page = OrganizationPage {
        page: chrome,
        can_manage: keeping.may_edit,
        may_link: keeping.may_link,
        kept_by,
        form: form.unwrap_or_else(|| organization_form_of(&view.organization)),
        view,
        agencies,
        areas: state.app.all_areas(&person.actor).await?,
        location,
        history,
        history_more,
        errors,
    };
    Ok((page.errors.status(), page).into_response())
}

async fn show_organization(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path(id): Path<OrganizationId>,
) -> Result<Response, PageError> {
    organization_page(
        &state,
        &ctx,
        &person,
        id,
        None,
        LocationForm::default(),
        FormErrors::default(),
    )
    .await
}

async fn update_organization(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path(id): Path<OrganizationId>,
    form: Posted<OrganizationForm>,
) -> Result<Response, PageError> {
    let form = form.checked_for(&person)?;
    match state
        .app
        .save_organization(&person.actor, Some(id), &form)
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/directory/organizations/{id}")).into_response()),
        Err(AppError::Invalid(invalid)) => {
            let errors = FormErrors::from_invalid(&invalid, &ctx.tr);
            organization_page(
                &state,
                &ctx,
                &person,
                id,
                Some(form),
                LocationForm::default(),
                errors,
            )
            .await
        }
        Err(other) => Err(other.into()),
    }
}

async fn create_location(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    form: Posted<LocationForm>,
) -> Result<Response, PageError> {
    let form = form.checked_for(&person)?;
    match state.app.save_location(&person.actor, None, &form).await {
        Ok(row) => Ok(Redirect::to(&format!(
            "/directory/organizations/{}#locations",
            row.organization_id
        ))
        .into_response()),
        Err(AppError::Invalid(invalid)) => match form.organization_id.parse() {
            Ok(org) => {
                let errors = FormErrors::from_invalid(&invalid, &ctx.tr);
                organization_page(&state, &ctx, &person, org, None, form, errors).await
            }
            Err(_) => Err(AppError::Invalid(invalid).into()),
        },
        Err(other) => Err(other.into()),
    }
}

// ---- services ----

#[derive(Template, WebTemplate)]
#[template(path = "service.html")]
struct ServicePage {
    page: PageChrome,
    view: ServiceView,
    can_manage: bool,
    kept_by: String,
    areas: Vec<AreaRow>,
    terms: Vec<TermRow>,
    history: Vec<HistoryLine>,
    history_more: bool,
}

impl ServicePage {
    fn term_label(&self, code: &str) -> String {
        term_label(&self.page, &self.terms, code)
    }

    fn area_names(&self) -> String {
        self.areas
            .iter()
            .filter(|a| self.view.service.area_ids.contains(&a.id))
            .map(|a| a.name.clone())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

fn term_label(page: &PageChrome, terms: &[TermRow], code: &str) -> String {
    if EssentialService::parse(code).is_some() {
        page.label("esp", code)
    } else {
        terms
            .iter()
            .find(|t| t.code == code)
            .map(|t| t.name.clone())
            .unwrap_or_else(|| code.to_string())
    }
}

async fn show_service(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path(id): Path<ServiceId>,
) -> Result<ServicePage, PageError> {
    let view = state.app.service(&person.actor, id).await?;
    let keeping = state
        .app
        .organization_keeping(&person.actor, view.organization.id)
        .await?;
    let chrome = ctx.chrome(&person, "service-title", "nav-directory");
    let agencies = state.app.all_agencies(&person.actor).await?;
    let (history, history_more) = history::lines(
        &state,
        &chrome,
        &person.actor,
        &HistoryFilter {
            entry: Some(id.0),
            ..Default::default()
        },
    )
    .await?;
    Ok(ServicePage {
        kept_by: kept_by(&chrome, &agencies, &view.organization),
        page: chrome,
        view,
        can_manage: keeping.may_edit,
        areas: state.app.all_areas(&person.actor).await?,
        terms: state.app.taxonomy_terms(&person.actor).await?,
        history,
        history_more,
    })
}

pub struct TermChoice {
    pub code: String,
    pub label: String,
}

pub struct SectorTerms {
    pub label: String,
    pub terms: Vec<TermChoice>,
}

#[derive(Template, WebTemplate)]
#[template(path = "service_form.html")]
struct ServiceFormPage {
    page: PageChrome,
    action: String,
    is_new: bool,
    form: ServiceForm,
    organizations: Vec<OrganizationRow>,
    locations: Vec<concord_store::LocationRow>,
    areas: Vec<AreaRow>,
    sectors: Vec<SectorTerms>,
    statuses: Vec<Choice>,
    genders: Vec<Choice>,
    errors: FormErrors,
}

impl ServiceFormPage {
    fn has(&self, list: &[String], value: impl std::fmt::Display) -> bool {
        let value = value.to_string();
        list.contains(&value)
    }
}

fn service_form_of(s: &ServiceRow) -> ServiceForm {
    let d = &s.details;
    ServiceForm {
        organization_id: s.organization_id.to_string(),
        name: s.name.clone(),
        status: s.status.as_str().into(),
        description: d.description.clone(),
        taxonomy: s.taxonomy.clone(),
        area_ids: s.area_ids.iter().map(|a| a.to_string()).collect(),
        location_ids: s
            .at_locations
            .iter()
            .map(|p| p.location_id.to_string())
            .collect(),
        minimum_age: d.minimum_age.map(|a| a.to_string()).unwrap_or_default(),
        maximum_age: d.maximum_age.map(|a| a.to_string()).unwrap_or_default(),
        sex_gender: d
            .sex_gender
            .iter()
            .map(|g| g.as_str().to_string())
            .collect(),
        eligibility: d.eligibility.clone(),
        languages: d.languages.join(", "),
        accessibility: d.accessibility.clone(),
        opening_hours: d.opening_hours.clone(),
        fees: d.fees.clone(),
        capacity: d.capacity.clone(),
        phone: d.phone.clone().unwrap_or_default(),
        email: d.email.clone().unwrap_or_default(),
        website: d.website.clone().unwrap_or_default(),
        how_to_refer: d.how_to_refer.clone(),
        focal_point: d.focal_point.clone(),
        accepts_referrals: s.accepts_referrals.then(|| "on".to_string()),
        verified: None,
    }
}

async fn service_form_page(
    state: &AppState,
    ctx: &PageContext,
    person: &Person,
    id: Option<ServiceId>,
    form: ServiceForm,
    errors: FormErrors,
) -> Result<Response, PageError> {
    let terms = state.app.taxonomy_terms(&person.actor).await?;
    let page_chrome = ctx.chrome(
        person,
        if id.is_some() {
            "service-edit-title"
        } else {
            "service-new-title"
        },
        "nav-directory",
    );
    let mut sectors: Vec<SectorTerms> = EspSector::ALL
        .into_iter()
        .map(|sector| SectorTerms {
            label: page_chrome.label("esp-sector", sector.as_str()),
            terms: EssentialService::of_sector(sector)
                .map(|s| TermChoice {
                    code: s.as_str().into(),
                    label: page_chrome.label("esp", s.as_str()),
                })
                .collect(),
        })
        .collect();
    if !terms.is_empty() {
        sectors.push(SectorTerms {
            label: ctx.tr.t("local-terms"),
            terms: terms
                .iter()
                .map(|t| TermChoice {
                    code: t.code.clone(),
                    label: t.name.clone(),
                })
                .collect(),
        });
    }
    let page = ServiceFormPage {
        page: page_chrome,
        action: match id {
            Some(id) => format!("/directory/services/{id}"),
            None => "/directory/services".into(),
        },
        is_new: id.is_none(),
        form,
        organizations: state.app.keepable_organizations(&person.actor).await?,
        locations: state.app.directory_locations(&person.actor).await?,
        areas: state.app.all_areas(&person.actor).await?,
        sectors,
        statuses: choices::<ServiceStatus>(ctx, "service-status"),
        genders: choices::<SexGender>(ctx, "sex-gender"),
        errors,
    };
    Ok((page.errors.status(), page).into_response())
}

#[derive(Debug, Default, serde::Deserialize)]
struct NewServiceQuery {
    #[serde(default)]
    organization: String,
}

async fn new_service(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Query(query): Query<NewServiceQuery>,
) -> Result<Response, PageError> {
    if let Ok(organization) = query.organization.parse::<OrganizationId>() {
        state
            .app
            .require_keeping(&person.actor, organization)
            .await?;
    } else if state
        .app
        .keepable_organizations(&person.actor)
        .await?
        .is_empty()
    {
        return Err(not_permitted());
    }
    let form = ServiceForm {
        organization_id: query.organization,
        status: "active".into(),
        ..Default::default()
    };
    service_form_page(&state, &ctx, &person, None, form, FormErrors::default()).await
}

async fn create_service(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    form: Posted<ServiceForm>,
) -> Result<Response, PageError> {
    let form = form.checked_for(&person)?;
    match state.app.save_service(&person.actor, None, &form).await {
        Ok(row) => Ok(Redirect::to(&format!("/directory/services/{}", row.id)).into_response()),
        Err(AppError::Invalid(invalid)) => {
            let errors = FormErrors::from_invalid(&invalid, &ctx.tr);
            service_form_page(&state, &ctx, &person, None, form, errors).await
        }
        Err(other) => Err(other.into()),
    }
}

async fn update_service(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path(id): Path<ServiceId>,
    form: Posted<ServiceForm>,
) -> Result<Response, PageError> {
    let form = form.checked_for(&person)?;
    match state.app.save_service(&person.actor, Some(id), &form).await {
        Ok(_) => Ok(Redirect::to(&format!("/directory/services/{id}")).into_response()),
        Err(AppError::Invalid(invalid)) => {
            let errors = FormErrors::from_invalid(&invalid, &ctx.tr);
            service_form_page(&state, &ctx, &person, Some(id), form, errors).await
        }
        Err(other) => Err(other.into()),
    }
}

/// `/directory/services/{id}/edit` is the form with the current values.
async fn edit_service(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path(id): Path<ServiceId>,
) -> Result<Response, PageError> {
    let view = state.app.service(&person.actor, id).await?;
    state
        .app
        .require_keeping(&person.actor, view.organization.id)
        .await?;
    service_form_page(
        &state,
        &ctx,
        &person,
        Some(id),
        service_form_of(&view.service),
        FormErrors::default(),
    )
    .await
}

// ---- local terms ----

#[derive(Template, WebTemplate)]
#[template(path = "directory_terms.html")]
struct TermsPage {
    page: PageChrome,
    terms: Vec<TermRow>,
    can_manage: bool,
    sectors: Vec<Choice>,
    form: TermForm,
    errors: FormErrors,
}

async fn terms_page(
    state: &AppState,
    ctx: &PageContext,
    person: &Person,
    form: TermForm,
    errors: FormErrors,
) -> Result<Response, PageError> {
    let page = TermsPage {
        page: ctx.chrome(person, "terms-title", "nav-directory"),
        terms: state.app.taxonomy_terms(&person.actor).await?,
        can_manage: concord_domain::directory::ownership::may_keep_terms(&person.actor).is_ok(),
        sectors: choices::<EspSector>(ctx, "esp-sector"),
        form,
        errors,
    };
    Ok((page.errors.status(), page).into_response())
}

async fn terms(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
) -> Result<Response, PageError> {
    terms_page(
        &state,
        &ctx,
        &person,
        TermForm::default(),
        FormErrors::default(),
    )
    .await
}

async fn create_term(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    form: Posted<TermForm>,
) -> Result<Response, PageError> {
    let form = form.checked_for(&person)?;
    match state.app.save_term(&person.actor, &form).await {
        Ok(_) => Ok(Redirect::to("/directory/terms").into_response()),
        Err(AppError::Invalid(invalid)) => {
            let errors = FormErrors::from_invalid(&invalid, &ctx.tr);
            terms_page(&state, &ctx, &person, form, errors).await
        }
        Err(other) => Err(other.into()),
    }
}

// ---- pathway and 4W ----

#[derive(Debug, Default, serde::Deserialize)]
struct PathwayQuery {
    #[serde(default)]
    area: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "pathway.html")]
struct PathwayPage {
    page: PageChrome,
    areas: Vec<AreaRow>,
    pathway: Option<AreaPathway>,
}

async fn pathway(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Query(query): Query<PathwayQuery>,
) -> Result<PathwayPage, PageError> {
    let pathway = match query.area.parse::<AreaId>() {
        Ok(area) => Some(state.app.area_pathway(&person.actor, area).await?),
        Err(_) => None,
    };
    Ok(PathwayPage {
        page: ctx.chrome(&person, "pathway-title", "nav-directory"),
        areas: state.app.all_areas(&person.actor).await?,
        pathway,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "four_w.html")]
struct FourWPage {
    page: PageChrome,
    rows: Vec<FourW>,
    terms: Vec<TermRow>,
}

impl FourWPage {
    fn term_label(&self, code: &str) -> String {
        term_label(&self.page, &self.terms, code)
    }
}

async fn four_w(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
) -> Result<FourWPage, PageError> {
    Ok(FourWPage {
        page: ctx.chrome(&person, "four-w-title", "nav-directory"),
        rows: state.app.four_w(&person.actor).await?,
        terms: state.app.taxonomy_terms(&person.actor).await?,
    })
}
