//! Registering a survivor, and checking first whether she is already
//! registered (by name and date of birth, through the blind index; the
//! search is a POST so her name never appears in a URL).

use crate::error::PageError;
use crate::pages::{FormErrors, PageChrome, PageContext, Posted};
use crate::session::Person;
use crate::state::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use concord_app::AppError;
use concord_domain::label::Label;
use concord_domain::survivor::{ContactMethod, Displacement, SexGender, SurvivorForm};
use concord_store::{CaseRow, SurvivorRow};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/cases/new", get(new).post(create))
        .route("/cases/find", get(find_form).post(find))
}

/// A choice in a select: value and label.
pub struct Choice {
    pub value: &'static str,
    pub label: String,
}

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

/// Where the survivor form posts and how it is titled: registering her,
/// or correcting her record on an existing case.
pub(super) struct SurvivorFormKind {
    pub action: String,
    pub title_key: &'static str,
    pub intro_key: &'static str,
    pub button_key: &'static str,
    /// The case to go back to, when editing.
    pub case_path: Option<String>,
}

impl SurvivorFormKind {
    fn registration() -> Self {
        Self {
            action: "/cases/new".into(),
            title_key: "case-new-title",
            intro_key: "case-new-intro",
            button_key: "case-create-button",
            case_path: None,
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "case_new.html")]
struct SurvivorFormPage {
    page: PageChrome,
    kind: SurvivorFormKind,
    form: SurvivorForm,
    sexes: Vec<Choice>,
    displacements: Vec<Choice>,
    methods: Vec<Choice>,
    errors: FormErrors,
}

pub(super) fn render_survivor_form(
    ctx: &PageContext,
    person: &Person,
    kind: SurvivorFormKind,
    form: SurvivorForm,
    errors: FormErrors,
) -> Response {
    let status = errors.status();
    let page = SurvivorFormPage {
        page: ctx.chrome(person, kind.title_key, "nav-cases"),
        kind,
        form,
        sexes: choices::<SexGender>(ctx, "sex-gender"),
        displacements: choices::<Displacement>(ctx, "displacement"),
        methods: choices::<ContactMethod>(ctx, "contact-method"),
        errors,
    };
    (status, page).into_response()
}

fn render(ctx: &PageContext, person: &Person, form: SurvivorForm, errors: FormErrors) -> Response {
    render_survivor_form(ctx, person, SurvivorFormKind::registration(), form, errors)
}

async fn new(ctx: PageContext, person: Person) -> Result<Response, PageError> {
    person
        .actor
        .require(concord_domain::role::Permission::WorkCases)
        .map_err(AppError::from)?;
    let form = SurvivorForm {
        sex_gender: "female".into(),
        displacement: "resident".into(),
        contact_method: "phone".into(),
        ..SurvivorForm::default()
    };
    Ok(render(&ctx, &person, form, FormErrors::default()))
}

async fn create(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    form: Posted<SurvivorForm>,
) -> Result<Response, PageError> {
    let form = form.checked_for(&person)?;
    match state.app.register_survivor(&person.actor, &form).await {
        Ok((_, case)) => Ok(Redirect::to(&format!("/cases/{}", case.id)).into_response()),
        Err(AppError::Invalid(invalid)) => {
            let errors = FormErrors::from_invalid(&invalid, &ctx.tr);
            Ok(render(&ctx, &person, form, errors))
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "case_find.html")]
struct FindPage {
    page: PageChrome,
    searched: bool,
    found: Vec<(SurvivorRow, Vec<CaseRow>)>,
    errors: FormErrors,
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
struct FindForm {
    name: String,
    date_of_birth: String,
}

async fn find_form(ctx: PageContext, person: Person) -> Result<FindPage, PageError> {
    person
        .actor
        .require(concord_domain::role::Permission::WorkCases)
        .map_err(AppError::from)?;
    Ok(FindPage {
        page: ctx.chrome(&person, "case-find-title", "nav-cases"),
        searched: false,
        found: Vec::new(),
        errors: FormErrors::default(),
    })
}

async fn find(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    form: Posted<FindForm>,
) -> Result<Response, PageError> {
    let form = form.checked_for(&person)?;
    let (found, errors) = match state
        .app
        .find_survivors(&person.actor, &form.name, &form.date_of_birth)
        .await
    {
        Ok(found) => (found, FormErrors::default()),
        Err(AppError::Invalid(invalid)) => {
            (Vec::new(), FormErrors::from_invalid(&invalid, &ctx.tr))
        }
        Err(other) => return Err(other.into()),
    };
    let status = errors.status();
    let page = FindPage {
        page: ctx.chrome(&person, "case-find-title", "nav-cases"),
        searched: !errors.any(),
        found,
        errors,
    };
    Ok((status, page).into_response())
}
