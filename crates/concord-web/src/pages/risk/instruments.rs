//! Risk instruments: the versions loaded, and loading a new one by pasting
//! its file (TOML or JSON). A malformed file is refused with every problem.

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
use concord_domain::role::Permission;
use concord_store::RiskInstrumentRow;

pub fn routes() -> Router<AppState> {
    Router::new().route("/risk/instruments", get(list).post(load))
}

#[derive(Template, WebTemplate)]
#[template(path = "risk_instruments.html")]
struct InstrumentsPage {
    page: PageChrome,
    instruments: Vec<RiskInstrumentRow>,
    may_load: bool,
    file: String,
    errors: FormErrors,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct LoadForm {
    file: String,
}

async fn render(
    state: &AppState,
    ctx: &PageContext,
    person: &Person,
    file: String,
    errors: FormErrors,
) -> Result<Response, PageError> {
    let instruments = state.app.risk_instruments(&person.actor).await?;
    let status = errors.status();
    let page = InstrumentsPage {
        page: ctx.chrome(person, "risk-instruments-title", "nav-risk-instruments"),
        instruments,
        may_load: person.actor.has(Permission::ManageRiskInstruments),
        file,
        errors,
    };
    Ok((status, page).into_response())
}

async fn list(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
) -> Result<Response, PageError> {
    render(&state, &ctx, &person, String::new(), FormErrors::default()).await
}

async fn load(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    form: Posted<LoadForm>,
) -> Result<Response, PageError> {
    let form = form.checked_for(&person)?;
    match state
        .app
        .load_instrument(Some(&person.actor), &form.file)
        .await
    {
        Ok(_) => Ok(Redirect::to("/risk/instruments").into_response()),
        Err(AppError::Invalid(invalid)) => {
            // Problems are named by place in the file (items.x.weight).
            let errors = FormErrors {
                problems: invalid
                    .problems
                    .iter()
                    .map(|p| (String::new(), format!("{}: {}", p.field, p.problem)))
                    .collect(),
                ..FormErrors::default()
            };
            render(&state, &ctx, &person, form.file, errors).await
        }
        Err(other) => Err(other.into()),
    }
}
