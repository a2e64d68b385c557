//! Importing and exporting the directory as Open Referral HSDS 3.0 JSON
//! from the web: a download, and an upload that lists every problem (and
//! stores nothing) when the file is not right.

use crate::error::PageError;
use crate::pages::{FormErrors, PageChrome, PageContext};
use crate::security::csrf::tokens_match;
use crate::session::Person;
use crate::state::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Multipart, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use concord_app::AppError;
use concord_app::directory::hsds::HsdsImported;
use concord_domain::Invalid;
use concord_domain::role::Permission;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/directory/hsds", get(page).post(import))
        .route("/directory/hsds.json", get(download))
}

#[derive(Template, WebTemplate)]
#[template(path = "directory_hsds.html")]
struct HsdsPage {
    page: PageChrome,
    can_manage: bool,
    imported: Option<HsdsImported>,
    errors: FormErrors,
}

async fn page(ctx: PageContext, person: Person) -> Result<HsdsPage, PageError> {
    if !person.actor.has(Permission::ViewDirectory) {
        return Err(AppError::Denied(concord_domain::access::Denied::NotPermitted).into());
    }
    Ok(HsdsPage {
        page: ctx.chrome(&person, "hsds-title", "nav-directory"),
        can_manage: person.actor.has(Permission::ManageServiceDirectory),
        imported: None,
        errors: FormErrors::default(),
    })
}

async fn download(State(state): State<AppState>, person: Person) -> Result<Response, PageError> {
    let document = state.app.export_hsds(Some(&person.actor)).await?;
    let body =
        serde_json::to_string_pretty(&document).map_err(|e| AppError::Internal(e.to_string()))?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/json"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"directory-hsds.json\"",
            ),
        ],
        body,
    )
        .into_response())
}

async fn import(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    mut form: Multipart,
) -> Result<Response, PageError> {
    let mut token = String::new();
    let mut file = Vec::new();
    while let Ok(Some(field)) = form.next_field().await {
        match field.name() {
            Some("csrf_token") => token = field.text().await.unwrap_or_default(),
            Some("file") => file = field.bytes().await.map(|b| b.to_vec()).unwrap_or_default(),
            _ => {}
        }
    }
    let expected = &person.signed_in.session.csrf_token;
    if expected.is_empty() || !tokens_match(expected, &token) {
        return Err(Invalid::one(
            "csrf_token",
            "the form expired; reload the page and try again",
        )
        .into());
    }
    let result = if file.is_empty() {
        Err(AppError::Invalid(Invalid::one(
            "file",
            "choose an HSDS JSON file",
        )))
    } else {
        state
            .app
            .import_hsds(Some(&person.actor), &file, &|_, _| {})
            .await
    };
    let (status, imported, errors) = match result {
        Ok(imported) => (StatusCode::OK, Some(imported), FormErrors::default()),
        Err(AppError::Invalid(invalid)) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            None,
            FormErrors {
                problems: invalid
                    .problems
                    .into_iter()
                    .map(|p| (String::new(), format!("{}: {}", p.field, p.problem)))
                    .collect(),
                ..FormErrors::default()
            },
        ),
        Err(AppError::DirectoryRefused { refusal, records }) => {
            let why = crate::error::directory_refusal(&ctx.tr, refusal);
            (
                StatusCode::FORBIDDEN,
                None,
                FormErrors {
                    problems: records
                        .into_iter()
                        .map(|record| (String::new(), format!("{record}: {why}")))
                        .collect(),
                    ..FormErrors::default()
                },
            )
        }
        Err(other) => return Err(other.into()),
    };
    Ok((
        status,
        HsdsPage {
            page: ctx.chrome(&person, "hsds-title", "nav-directory"),
            can_manage: true,
            imported,
            errors,
        },
    )
        .into_response())
}
