//! Agencies: list, view, create, edit.

use super::{FormErrors, ListQuery, PageChrome, PageContext, Posted};
use crate::error::PageError;
use crate::session::Person;
use crate::state::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use concord_app::AppError;
use concord_domain::agency::{AgencyForm, Sector};
use concord_domain::ids::AgencyId;
use concord_domain::role::Permission;
use concord_store::{AgencyRow, AreaRow};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/agencies", get(list).post(create))
        .route("/agencies/new", get(new))
        .route("/agencies/{id}", get(show).post(update))
        .route("/agencies/{id}/edit", get(edit))
}

/// An agency with its areas' names, for display.
pub struct AgencyView {
    pub agency: AgencyRow,
    pub area_names: Vec<String>,
}

fn with_area_names(agency: AgencyRow, areas: &[AreaRow]) -> AgencyView {
    let area_names = agency
        .area_ids
        .iter()
        .filter_map(|id| areas.iter().find(|a| a.id == *id))
        .map(|a| a.name.clone())
        .collect();
    AgencyView { agency, area_names }
}

#[derive(Template, WebTemplate)]
#[template(path = "agencies.html")]
struct AgenciesPage {
    page: PageChrome,
    agencies: Vec<AgencyView>,
    can_manage: bool,
    next: Option<String>,
}

async fn list(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Query(query): Query<ListQuery>,
) -> Result<AgenciesPage, PageError> {
    let page = state
        .app
        .list_agencies(&person.actor, &query.page(50))
        .await?;
    let areas = state.app.all_areas(&person.actor).await?;
    Ok(AgenciesPage {
        page: ctx.chrome(&person, "agencies-title", "nav-agencies"),
        can_manage: person.actor.has(Permission::ManageAgencies),
        agencies: page
            .items
            .into_iter()
            .map(|a| with_area_names(a, &areas))
            .collect(),
        next: page.next,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "agency.html")]
struct AgencyPage {
    page: PageChrome,
    view: AgencyView,
    can_manage: bool,
    can_manage_users: bool,
}

async fn show(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path(id): Path<AgencyId>,
) -> Result<AgencyPage, PageError> {
    let agency = state.app.get_agency(&person.actor, id).await?;
    let areas = state.app.all_areas(&person.actor).await?;
    let mut page = ctx.chrome(&person, "agency-title", "nav-agencies");
    // The agency's name is not personal data; it makes a useful title.
    page.title = agency.name.clone();
    Ok(AgencyPage {
        page,
        can_manage: person.actor.has(Permission::ManageAgencies),
        can_manage_users: person.actor.may_manage_users_of(id).is_ok(),
        view: with_area_names(agency, &areas),
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "agency_form.html")]
struct AgencyFormPage {
    page: PageChrome,
    action: String,
    form: AgencyForm,
    areas: Vec<AreaRow>,
    sectors: Vec<Sector>,
    errors: FormErrors,
    is_new: bool,
}

impl AgencyFormPage {
    fn area_checked(&self, id: &concord_domain::ids::AreaId) -> bool {
        let id = id.to_string();
        self.form.area_ids.contains(&id)
    }
}

async fn render_form(
    state: &AppState,
    ctx: &PageContext,
    person: &Person,
    id: Option<AgencyId>,
    form: AgencyForm,
    errors: FormErrors,
) -> Result<Response, PageError> {
    let status = errors.status();
    let title = if id.is_some() {
        "agency-edit-title"
    } else {
        "agency-new-title"
    };
    let page = AgencyFormPage {
        page: ctx.chrome(person, title, "nav-agencies"),
        action: id
            .map(|id| format!("/agencies/{id}"))
            .unwrap_or_else(|| "/agencies".into()),
        form,
        areas: state.app.all_areas(&person.actor).await?,
        sectors: Sector::ALL.to_vec(),
        errors,
        is_new: id.is_none(),
    };
    Ok((status, page).into_response())
}

async fn new(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
) -> Result<Response, PageError> {
    person
        .actor
        .require(Permission::ManageAgencies)
        .map_err(AppError::from)?;
    let blank = AgencyForm {
        governance: "government".into(),
        ..AgencyForm::default()
    };
    render_form(&state, &ctx, &person, None, blank, FormErrors::default()).await
}

async fn edit(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path(id): Path<AgencyId>,
) -> Result<Response, PageError> {
    person
        .actor
        .require(Permission::ManageAgencies)
        .map_err(AppError::from)?;
    let agency = state.app.get_agency(&person.actor, id).await?;
    let form = AgencyForm {
        name: agency.name,
        sector: agency.sector.as_str().into(),
        governance: agency.governance.as_str().into(),
        area_ids: agency.area_ids.iter().map(|a| a.to_string()).collect(),
    };
    render_form(&state, &ctx, &person, Some(id), form, FormErrors::default()).await
}

async fn create(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    form: Posted<AgencyForm>,
) -> Result<Response, PageError> {
    let form = form.checked_for(&person)?;
    match state.app.create_agency(Some(&person.actor), &form).await {
        Ok(agency) => Ok(Redirect::to(&format!("/agencies/{}", agency.id)).into_response()),
        Err(AppError::Invalid(invalid)) => {
            let errors = FormErrors::from_invalid(&invalid, &ctx.tr);
            render_form(&state, &ctx, &person, None, form, errors).await
        }
        Err(other) => Err(other.into()),
    }
}

async fn update(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path(id): Path<AgencyId>,
    form: Posted<AgencyForm>,
) -> Result<Response, PageError> {
    let form = form.checked_for(&person)?;
    match state.app.update_agency(&person.actor, id, &form).await {
        Ok(agency) => Ok(Redirect::to(&format!("/agencies/{}", agency.id)).into_response()),
        Err(AppError::Invalid(invalid)) => {
            let errors = FormErrors::from_invalid(&invalid, &ctx.tr);
            render_form(&state, &ctx, &person, Some(id), form, errors).await
        }
        Err(other) => Err(other.into()),
    }
}
