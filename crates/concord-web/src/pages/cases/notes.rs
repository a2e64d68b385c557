//! Case notes on the case page: adding one, editing one (which adds a
//! version), and the page of a note's versions, newest first.

use super::records::outcome;
use crate::error::PageError;
use crate::pages::{PageChrome, PageContext, Posted};
use crate::session::Person;
use crate::state::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::{get, post};
use concord_app::cases::notes::NoteVersionView;
use concord_domain::consent::Purpose;
use concord_domain::ids::{CaseId, NoteId};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/cases/{id}/notes", post(add_note))
        .route("/cases/{id}/notes/{note}", post(edit_note))
        .route("/cases/{id}/notes/{note}/history", get(history))
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct NoteForm {
    body: String,
}

async fn add_note(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path(id): Path<CaseId>,
    form: Posted<NoteForm>,
) -> Result<Response, PageError> {
    let form = form.checked_for(&person)?;
    let result = state
        .app
        .add_note(&person.actor, id, &form.body)
        .await
        .map(|_| ());
    outcome(&state, &ctx, &person, id, result, "notes").await
}

async fn edit_note(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path((id, note)): Path<(CaseId, NoteId)>,
    form: Posted<NoteForm>,
) -> Result<Response, PageError> {
    let form = form.checked_for(&person)?;
    let result = state
        .app
        .edit_note(&person.actor, id, note, &form.body)
        .await
        .map(|_| ());
    outcome(&state, &ctx, &person, id, result, "notes").await
}

#[derive(Debug, Default, serde::Deserialize)]
struct HistoryQuery {
    #[serde(default)]
    purpose: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "case_note_history.html")]
struct HistoryPage {
    page: PageChrome,
    case_id: CaseId,
    /// Newest first.
    versions: Vec<NoteVersionView>,
}

/// Every version of a note, newest first, with who wrote it and when.
async fn history(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path((id, note)): Path<(CaseId, NoteId)>,
    Query(query): Query<HistoryQuery>,
) -> Result<HistoryPage, PageError> {
    let purpose = Purpose::parse(&query.purpose);
    let versions = state
        .app
        .note_versions(&person.actor, id, note, purpose)
        .await?;
    Ok(HistoryPage {
        page: ctx.chrome(&person, "note-history-title", "nav-cases"),
        case_id: id,
        versions,
    })
}
