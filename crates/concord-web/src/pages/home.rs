//! The home page: what needs the signed-in person's attention.

use super::{PageChrome, PageContext};
use crate::session::Person;
use crate::state::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::routing::get;

pub fn routes() -> Router<AppState> {
    Router::new().route("/", get(home))
}

#[derive(Template, WebTemplate)]
#[template(path = "home.html")]
struct HomePage {
    page: PageChrome,
}

/// Empty for now: referrals, tasks and risk conferences add their items.
async fn home(ctx: PageContext, person: Person) -> HomePage {
    HomePage {
        page: ctx.chrome(&person, "home-title", "nav-home"),
    }
}
