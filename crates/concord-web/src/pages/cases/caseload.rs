//! The caseload: my cases, my agency's cases, cases shared with my agency.

use crate::error::PageError;
use crate::pages::{PageChrome, PageContext};
use crate::session::Person;
use crate::state::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Query, State};
use axum::routing::get;
use concord_app::cases::file::Caseload;
use concord_store::{CaseListItem, PageRequest};

pub fn routes() -> Router<AppState> {
    Router::new().route("/cases", get(caseload))
}

#[derive(Debug, Default, serde::Deserialize)]
struct CaseloadQuery {
    #[serde(default)]
    view: String,
    after: Option<String>,
}

pub struct Tab {
    pub view: &'static str,
    pub label: String,
    pub current: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "cases.html")]
struct CaseloadPage {
    page: PageChrome,
    tabs: Vec<Tab>,
    view: &'static str,
    shared: bool,
    is_supervisor: bool,
    cases: Vec<CaseListItem>,
    next: Option<String>,
}

async fn caseload(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Query(query): Query<CaseloadQuery>,
) -> Result<CaseloadPage, PageError> {
    let (which, view) = match query.view.as_str() {
        "agency" => (Caseload::MyAgency, "agency"),
        "shared" => (Caseload::SharedWithMyAgency, "shared"),
        _ => (Caseload::Mine, "mine"),
    };
    let page = PageRequest {
        after: query.after.filter(|a| !a.is_empty()),
        limit: 50,
    };
    let cases = state.app.caseload(&person.actor, which, &page).await?;
    let tabs = [
        ("mine", "cases-mine"),
        ("agency", "cases-agency"),
        ("shared", "cases-shared"),
    ]
    .into_iter()
    .map(|(v, key)| Tab {
        view: v,
        label: ctx.tr.t(key),
        current: v == view,
    })
    .collect();
    Ok(CaseloadPage {
        page: ctx.chrome(&person, "cases-title", "nav-cases"),
        tabs,
        view,
        shared: which == Caseload::SharedWithMyAgency,
        is_supervisor: person
            .actor
            .has(concord_domain::role::Permission::SuperviseCases),
        cases: cases.items,
        next: cases.next,
    })
}
