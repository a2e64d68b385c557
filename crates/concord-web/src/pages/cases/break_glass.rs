//! Break-glass: opening a case in an emergency, and the supervisors'
//! review queue.

use super::case_file::refused_page;
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
use concord_app::cases::break_glass::{BreakGlassForReview, BreakGlassReviewForm};
use concord_domain::case_access::BreakGlassForm;
use concord_domain::ids::{BreakGlassId, CaseId};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/cases/{id}/break-glass", post(open))
        .route("/break-glass", get(queue))
        .route("/break-glass/{id}/review", post(review))
}

async fn open(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path(id): Path<CaseId>,
    form: Posted<BreakGlassForm>,
) -> Result<Response, PageError> {
    let form = form.checked_for(&person)?;
    match state.app.open_break_glass(&person.actor, id, &form).await {
        Ok(_) => Ok(Redirect::to(&format!("/cases/{id}")).into_response()),
        Err(AppError::Invalid(invalid)) => {
            let errors = FormErrors::from_invalid(&invalid, &ctx.tr);
            Ok(refused_page(
                &ctx,
                &person,
                id,
                ctx.tr.t("break-glass-needed"),
                None,
                errors,
            ))
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "break_glass_review.html")]
struct QueuePage {
    page: PageChrome,
    openings: Vec<BreakGlassForReview>,
    errors: FormErrors,
}

async fn queue(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
) -> Result<QueuePage, PageError> {
    let openings = state.app.break_glass_to_review(&person.actor).await?;
    Ok(QueuePage {
        page: ctx.chrome(&person, "break-glass-review-title", "nav-cases"),
        openings,
        errors: FormErrors::default(),
    })
}

async fn review(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path(id): Path<BreakGlassId>,
    form: Posted<BreakGlassReviewForm>,
) -> Result<Response, PageError> {
    let form = form.checked_for(&person)?;
    match state.app.review_break_glass(&person.actor, id, &form).await {
        Ok(()) => Ok(Redirect::to("/break-glass").into_response()),
        Err(AppError::Invalid(invalid)) => {
            let openings = state.app.break_glass_to_review(&person.actor).await?;
            let page = QueuePage {
                page: ctx.chrome(&person, "break-glass-review-title", "nav-cases"),
                openings,
                errors: FormErrors::from_invalid(&invalid, &ctx.tr),
            };
            Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(other) => Err(other.into()),
    }
}
