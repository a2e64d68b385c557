//! Coordination bodies: the list, registering one (system
//! administrators), and a body's page with its members, chairs, deputies
//! and subgroups, which its secretariat keeps.

use super::{Choice, agency_choices, choices, outcome};
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
use concord_app::governance::bodies::{BodySummary, BodyView};
use concord_domain::governance::forms::{
    BodyRegistrationForm, BodySettingsForm, MemberForm, SubgroupForm,
};
use concord_domain::governance::{BodyType, Leadership};
use concord_domain::ids::BodyId;
use uuid::Uuid;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/bodies", get(list).post(create))
        .route("/bodies/new", get(new))
        .route("/bodies/{id}", get(show).post(update))
        .route("/bodies/{id}/edit", get(edit))
        .route("/bodies/{id}/settings", post(settings))
        .route("/bodies/{id}/members", post(member))
        .route("/bodies/{id}/subgroups", post(subgroup))
        .route("/bodies/{id}/subgroups/{subgroup}", post(edit_subgroup))
}

#[derive(Template, WebTemplate)]
#[template(path = "governance/bodies.html")]
struct BodiesPage {
    page: PageChrome,
    bodies: Vec<BodySummary>,
    can_register: bool,
}

async fn list(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
) -> Result<BodiesPage, PageError> {
    Ok(BodiesPage {
        bodies: state.app.body_summaries(&person.actor).await?,
        can_register: super::is_admin(&person),
        page: ctx.chrome(&person, "gov-bodies-title", "nav-bodies"),
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "governance/body_form.html")]
struct BodyFormPage {
    page: PageChrome,
    action: String,
    form: BodyRegistrationForm,
    types: Vec<Choice>,
    levels: Vec<Choice>,
    areas: Vec<Choice>,
    parents: Vec<Choice>,
    agencies: Vec<Choice>,
    errors: FormErrors,
    is_new: bool,
}

async fn render_form(
    state: &AppState,
    ctx: &PageContext,
    person: &Person,
    id: Option<BodyId>,
    form: BodyRegistrationForm,
    errors: FormErrors,
) -> Result<Response, PageError> {
    let areas = state.app.all_areas(&person.actor).await?;
    let agencies = state.app.all_agencies(&person.actor).await?;
    let bodies = state.app.list_bodies(&person.actor).await?;
    let page = BodyFormPage {
        page: ctx.chrome(
            person,
            if id.is_some() {
                "gov-body-edit-title"
            } else {
                "gov-body-new-title"
            },
            "nav-bodies",
        ),
        action: id
            .map(|id| format!("/bodies/{id}"))
            .unwrap_or_else(|| "/bodies".into()),
        form,
        types: choices::<BodyType>(ctx, "body-type"),
        levels: ["national", "regional", "local"]
            .iter()
            .map(|l| Choice {
                value: l.to_string(),
                label: ctx.tr.t(&format!("body-level-{l}")),
            })
            .collect(),
        areas: areas
            .iter()
            .map(|a| Choice {
                value: a.id.to_string(),
                label: a.name.clone(),
            })
            .collect(),
        parents: bodies
            .iter()
            .filter(|b| Some(b.id) != id)
            .map(|b| Choice {
                value: b.id.to_string(),
                label: b.name.clone(),
            })
            .collect(),
        agencies: agency_choices(&agencies),
        is_new: id.is_none(),
        errors,
    };
    Ok((page.errors.status(), page).into_response())
}

async fn new(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
) -> Result<Response, PageError> {
    concord_domain::governance::access::may_register_bodies(&person.actor)
        .map_err(AppError::from)?;
    let form = BodyRegistrationForm {
        body_type: "local_council".into(),
        level: "local".into(),
        ..BodyRegistrationForm::default()
    };
    render_form(&state, &ctx, &person, None, form, FormErrors::default()).await
}

async fn create(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    form: Posted<BodyRegistrationForm>,
) -> Result<Response, PageError> {
    let form = form.checked_for(&person)?;
    match state.app.register_body(&person.actor, &form).await {
        Ok(body) => Ok(Redirect::to(&format!("/bodies/{}", body.id)).into_response()),
        Err(AppError::Invalid(invalid)) => {
            let errors = FormErrors::from_invalid(&invalid, &ctx.tr);
            render_form(&state, &ctx, &person, None, form, errors).await
        }
        Err(other) => Err(other.into()),
    }
}

async fn edit(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path(id): Path<BodyId>,
) -> Result<Response, PageError> {
    concord_domain::governance::access::may_register_bodies(&person.actor)
        .map_err(AppError::from)?;
    let view = state.app.body_view(&person.actor, id).await?;
    let body = view.body;
    let form = BodyRegistrationForm {
        name: body.name,
        body_type: body.body_type.as_str().into(),
        level: body.level.as_str().into(),
        area_id: body.area_id.to_string(),
        parent_id: body.parent_id.map(|p| p.to_string()),
        secretariat_agency_id: body.secretariat_agency_id.map(|a| a.to_string()),
    };
    render_form(&state, &ctx, &person, Some(id), form, FormErrors::default()).await
}

async fn update(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path(id): Path<BodyId>,
    form: Posted<BodyRegistrationForm>,
) -> Result<Response, PageError> {
    let form = form.checked_for(&person)?;
    match state
        .app
        .update_body_registration(&person.actor, id, &form)
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/bodies/{id}")).into_response()),
        Err(AppError::Invalid(invalid)) => {
            let errors = FormErrors::from_invalid(&invalid, &ctx.tr);
            render_form(&state, &ctx, &person, Some(id), form, errors).await
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "governance/body.html")]
struct BodyPage {
    page: PageChrome,
    view: BodyView,
    leaderships: Vec<Choice>,
    agencies: Vec<Choice>,
    member_agencies: Vec<Choice>,
    today: String,
    errors: FormErrors,
}

pub(super) async fn render_body(
    state: &AppState,
    ctx: &PageContext,
    person: &Person,
    id: BodyId,
    errors: FormErrors,
) -> Result<Response, PageError> {
    let view = state.app.body_view(&person.actor, id).await?;
    let agencies = state.app.all_agencies(&person.actor).await?;
    let mut page = ctx.chrome(person, "gov-body-title", "nav-bodies");
    // A body's name is not personal data; it makes a useful title.
    page.title = view.body.name.clone();
    let member_agencies = view
        .current_members()
        .iter()
        .map(|m| Choice {
            value: m.row.agency_id.to_string(),
            label: m.agency_name.clone(),
        })
        .collect();
    let body_page = BodyPage {
        page,
        leaderships: choices::<Leadership>(ctx, "leadership"),
        agencies: agency_choices(&agencies),
        member_agencies,
        today: state.app.today().to_string(),
        view,
        errors,
    };
    Ok((body_page.errors.status(), body_page).into_response())
}

async fn show(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path(id): Path<BodyId>,
) -> Result<Response, PageError> {
    render_body(&state, &ctx, &person, id, FormErrors::default()).await
}

async fn settings(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path(id): Path<BodyId>,
    form: Posted<BodySettingsForm>,
) -> Result<Response, PageError> {
    let form = form.checked_for(&person)?;
    let result = state
        .app
        .update_body_settings(&person.actor, id, &form)
        .await
        .map(|_| ());
    outcome(&ctx, result, format!("/bodies/{id}"), |e| {
        render_body(&state, &ctx, &person, id, e)
    })
    .await
}

async fn member(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path(id): Path<BodyId>,
    form: Posted<MemberForm>,
) -> Result<Response, PageError> {
    let form = form.checked_for(&person)?;
    let result = state
        .app
        .save_member(&person.actor, id, &form)
        .await
        .map(|_| ());
    outcome(&ctx, result, format!("/bodies/{id}#members"), |e| {
        render_body(&state, &ctx, &person, id, e)
    })
    .await
}

async fn subgroup(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path(id): Path<BodyId>,
    form: Posted<SubgroupForm>,
) -> Result<Response, PageError> {
    let form = form.checked_for(&person)?;
    let result = state
        .app
        .save_subgroup(&person.actor, id, None, &form)
        .await
        .map(|_| ());
    outcome(&ctx, result, format!("/bodies/{id}#subgroups"), |e| {
        render_body(&state, &ctx, &person, id, e)
    })
    .await
}

async fn edit_subgroup(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path((id, subgroup)): Path<(BodyId, Uuid)>,
    form: Posted<SubgroupForm>,
) -> Result<Response, PageError> {
    let form = form.checked_for(&person)?;
    let result = state
        .app
        .save_subgroup(&person.actor, id, Some(subgroup), &form)
        .await
        .map(|_| ());
    outcome(&ctx, result, format!("/bodies/{id}#subgroups"), |e| {
        render_body(&state, &ctx, &person, id, e)
    })
    .await
}
