//! Areas: the hierarchy of places.

use super::{FormErrors, ListQuery, PageChrome, PageContext, Posted};
use crate::error::PageError;
use crate::session::Person;
use crate::state::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use concord_app::AppError;
use concord_domain::area::{AreaForm, AreaLevel};
use concord_domain::ids::AreaId;
use concord_domain::role::Permission;
use concord_store::AreaRow;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/areas", get(list).post(create))
        .route("/areas/new", get(new))
        .route("/areas/{id}", post(update))
        .route("/areas/{id}/edit", get(edit))
}

#[derive(Template, WebTemplate)]
#[template(path = "areas.html")]
struct AreasPage {
    page: PageChrome,
    areas: Vec<AreaRow>,
    parent_names: Vec<String>,
    can_manage: bool,
    next: Option<String>,
}

async fn list(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Query(query): Query<ListQuery>,
) -> Result<AreasPage, PageError> {
    let page = state
        .app
        .list_areas(&person.actor, &query.page(100))
        .await?;
    let all = state.app.all_areas(&person.actor).await?;
    let parent_names = page
        .items
        .iter()
        .map(|a| {
            a.parent_id
                .and_then(|p| all.iter().find(|x| x.id == p))
                .map(|p| p.name.clone())
                .unwrap_or_default()
        })
        .collect();
    Ok(AreasPage {
        page: ctx.chrome(&person, "areas-title", "nav-areas"),
        can_manage: person.actor.has(Permission::ManageAreas),
        areas: page.items,
        parent_names,
        next: page.next,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "area_form.html")]
struct AreaFormPage {
    page: PageChrome,
    action: String,
    form: AreaForm,
    parent_id: String,
    parents: Vec<AreaRow>,
    levels: Vec<AreaLevel>,
    errors: FormErrors,
    is_new: bool,
}

#[derive(serde::Deserialize)]
struct AreaSubmission {
    #[serde(flatten)]
    area: AreaForm,
    #[serde(default)]
    parent_id: String,
}

async fn render_form(
    state: &AppState,
    ctx: &PageContext,
    person: &Person,
    id: Option<AreaId>,
    submission: AreaSubmission,
    errors: FormErrors,
) -> Result<Response, PageError> {
    let status = errors.status();
    let parents = state.app.all_areas(&person.actor).await?;
    let title = if id.is_some() {
        "area-edit-title"
    } else {
        "area-new-title"
    };
    let page = AreaFormPage {
        page: ctx.chrome(person, title, "nav-areas"),
        action: id
            .map(|id| format!("/areas/{id}"))
            .unwrap_or_else(|| "/areas".into()),
        form: submission.area,
        parent_id: submission.parent_id,
        parents: parents.into_iter().filter(|p| Some(p.id) != id).collect(),
        levels: AreaLevel::ALL.to_vec(),
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
        .require(Permission::ManageAreas)
        .map_err(AppError::from)?;
    let blank = AreaSubmission {
        area: AreaForm::default(),
        parent_id: String::new(),
    };
    render_form(&state, &ctx, &person, None, blank, FormErrors::default()).await
}

async fn edit(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path(id): Path<AreaId>,
) -> Result<Response, PageError> {
    person
        .actor
        .require(Permission::ManageAreas)
        .map_err(AppError::from)?;
    let area = state.app.get_area(&person.actor, id).await?;
    let filled = AreaSubmission {
        area: AreaForm {
            name: area.name,
            code: area.code,
            level: area.level.as_str().into(),
            adult_female_population: area.adult_female_population.map(|p| p.to_string()),
        },
        parent_id: area.parent_id.map(|p| p.to_string()).unwrap_or_default(),
    };
    render_form(
        &state,
        &ctx,
        &person,
        Some(id),
        filled,
        FormErrors::default(),
    )
    .await
}

async fn create(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    form: Posted<AreaSubmission>,
) -> Result<Response, PageError> {
    let submission = form.checked_for(&person)?;
    match state
        .app
        .create_area(
            Some(&person.actor),
            &submission.area,
            Some(&submission.parent_id),
        )
        .await
    {
        Ok(_) => Ok(Redirect::to("/areas").into_response()),
        Err(AppError::Invalid(invalid)) => {
            let errors = FormErrors::from_invalid(&invalid, &ctx.tr);
            render_form(&state, &ctx, &person, None, submission, errors).await
        }
        Err(other) => Err(other.into()),
    }
}

async fn update(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path(id): Path<AreaId>,
    form: Posted<AreaSubmission>,
) -> Result<Response, PageError> {
    let submission = form.checked_for(&person)?;
    match state
        .app
        .update_area(
            &person.actor,
            id,
            &submission.area,
            Some(&submission.parent_id),
        )
        .await
    {
        Ok(_) => Ok(Redirect::to("/areas").into_response()),
        Err(AppError::Invalid(invalid)) => {
            let errors = FormErrors::from_invalid(&invalid, &ctx.tr);
            render_form(&state, &ctx, &person, Some(id), submission, errors).await
        }
        Err(other) => Err(other.into()),
    }
}
