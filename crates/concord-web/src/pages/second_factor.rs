//! The second factor: the challenge after the password, and enrolment.

use super::{FormErrors, PageChrome, PageContext, Posted};
use crate::error::PageError;
use crate::security::cookies;
use crate::session::{AnySession, ClientAddress};
use crate::state::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use concord_app::{AppError, SessionStage, SignedIn};
use secrecy::ExposeSecret;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/sign-in/second-factor",
            get(show_challenge).post(submit_challenge),
        )
        .route(
            "/account/second-factor",
            get(show_enrolment).post(confirm_enrolment),
        )
}

#[derive(Template, WebTemplate)]
#[template(path = "second_factor.html")]
struct ChallengePage {
    page: PageChrome,
    errors: FormErrors,
}

#[derive(serde::Deserialize)]
struct CodeForm {
    #[serde(default)]
    code: String,
}

fn frame_for(ctx: &PageContext, signed_in: &SignedIn, title: &str) -> PageChrome {
    ctx.bare(title, signed_in.session.csrf_token.clone())
}

async fn show_challenge(ctx: PageContext, AnySession(signed_in): AnySession) -> Response {
    if signed_in.stage != SessionStage::NeedsSecondFactor {
        return Redirect::to("/").into_response();
    }
    ChallengePage {
        page: frame_for(&ctx, &signed_in, "second-factor-title"),
        errors: FormErrors::default(),
    }
    .into_response()
}

async fn submit_challenge(
    State(state): State<AppState>,
    ctx: PageContext,
    ClientAddress(address): ClientAddress,
    AnySession(signed_in): AnySession,
    form: Posted<CodeForm>,
) -> Result<Response, PageError> {
    let form = form.checked(&signed_in.session.csrf_token)?;
    match state
        .app
        .verify_second_factor(&signed_in, &form.code, &address)
        .await
    {
        Ok(session) => Ok((
            [(
                header::SET_COOKIE,
                cookies::set(
                    cookies::SESSION,
                    Some(session.token.expose_secret()),
                    state.config.https,
                ),
            )],
            Redirect::to("/"),
        )
            .into_response()),
        Err(e @ (AppError::BadSecondFactor | AppError::Throttled)) => {
            let (key, status) = match e {
                AppError::Throttled => ("sign-in-throttled", StatusCode::TOO_MANY_REQUESTS),
                _ => ("second-factor-wrong", StatusCode::UNAUTHORIZED),
            };
            let page = ChallengePage {
                page: frame_for(&ctx, &signed_in, "second-factor-title"),
                errors: FormErrors {
                    problems: vec![("code".into(), ctx.tr.t(key))],
                    ..FormErrors::default()
                },
            };
            Ok((status, page).into_response())
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "enrol.html")]
struct EnrolPage {
    page: PageChrome,
    secret: String,
    qr_svg: String,
    errors: FormErrors,
}

#[derive(Template, WebTemplate)]
#[template(path = "second_factor_status.html")]
struct StatusPage {
    page: PageChrome,
    unused_codes: u32,
    errors: FormErrors,
}

#[derive(Template, WebTemplate)]
#[template(path = "recovery_codes.html")]
struct RecoveryCodesPage {
    page: PageChrome,
    codes: Vec<String>,
}

async fn show_enrolment(
    State(state): State<AppState>,
    ctx: PageContext,
    AnySession(signed_in): AnySession,
) -> Result<Response, PageError> {
    match signed_in.stage {
        SessionStage::NeedsSecondFactor => {
            return Ok(Redirect::to("/sign-in/second-factor").into_response());
        }
        SessionStage::Complete if signed_in.user.totp_secret.is_some() => {
            let unused_codes = state.app.unused_recovery_codes(&signed_in).await?;
            let person = crate::session::Person {
                actor: signed_in.actor()?,
                signed_in,
            };
            let page = StatusPage {
                page: ctx.chrome(&person, "second-factor-status-title", "nav-account"),
                unused_codes,
                errors: FormErrors::default(),
            };
            return Ok(page.into_response());
        }
        _ => {}
    }
    render_enrolment(
        &state,
        &ctx,
        &signed_in,
        FormErrors::default(),
        StatusCode::OK,
    )
    .await
}

async fn render_enrolment(
    state: &AppState,
    ctx: &PageContext,
    signed_in: &SignedIn,
    errors: FormErrors,
    status: StatusCode,
) -> Result<Response, PageError> {
    let enrolment = state.app.start_enrolment(signed_in).await?;
    let page = EnrolPage {
        page: frame_for(ctx, signed_in, "enrol-title"),
        secret: enrolment.secret_base32.expose_secret().to_string(),
        qr_svg: enrolment.qr_svg,
        errors,
    };
    Ok((status, page).into_response())
}

async fn confirm_enrolment(
    State(state): State<AppState>,
    ctx: PageContext,
    AnySession(signed_in): AnySession,
    form: Posted<CodeForm>,
) -> Result<Response, PageError> {
    let form = form.checked(&signed_in.session.csrf_token)?;
    match state.app.confirm_enrolment(&signed_in, &form.code).await {
        Ok((codes, upgraded)) => {
            let page = RecoveryCodesPage {
                page: frame_for(&ctx, &signed_in, "recovery-codes-title"),
                codes: codes
                    .iter()
                    .map(|c| c.expose_secret().to_string())
                    .collect(),
            };
            let mut response = page.into_response();
            if let Some(session) = upgraded {
                let cookie = cookies::set(
                    cookies::SESSION,
                    Some(session.token.expose_secret()),
                    state.config.https,
                );
                response.headers_mut().insert(header::SET_COOKIE, cookie);
            }
            Ok(response)
        }
        Err(AppError::Invalid(invalid)) if signed_in.user.totp_secret.is_some() => {
            // Already enrolled: say so, and offer no new key.
            let errors = FormErrors::from_invalid(&invalid, &ctx.tr);
            let unused_codes = state.app.unused_recovery_codes(&signed_in).await?;
            let person = crate::session::Person {
                actor: signed_in.actor()?,
                signed_in,
            };
            let page = StatusPage {
                page: ctx.chrome(&person, "second-factor-status-title", "nav-account"),
                unused_codes,
                errors,
            };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(AppError::Invalid(invalid)) => {
            let errors = FormErrors::from_invalid(&invalid, &ctx.tr);
            render_enrolment(
                &state,
                &ctx,
                &signed_in,
                errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(other) => Err(other.into()),
    }
}
