//! Signing in and out.

use super::{FormErrors, PageChrome, PageContext, Posted};
use crate::error::PageError;
use crate::security::cookies;
use crate::session::{AnySession, ClientAddress, user_agent};
use crate::state::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{AppendHeaders, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use concord_app::sign_in::SignInAttempt;
use concord_app::{AppError, SessionStage};
use secrecy::{ExposeSecret, SecretString};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/sign-in", get(show).post(submit))
        .route("/sign-out", post(sign_out))
        .route("/healthz", get(health))
}

#[derive(Template, WebTemplate)]
#[template(path = "sign_in.html")]
struct SignInPage {
    page: PageChrome,
    username: String,
    errors: FormErrors,
}

#[derive(serde::Deserialize)]
struct SignInForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
}

/// Shows the form with a fresh pre-session token (double-submit cookie),
/// so another site cannot sign a victim into an attacker's account.
async fn show(State(state): State<AppState>, ctx: PageContext, headers: HeaderMap) -> Response {
    if let Some(token) = cookies::read(&headers, cookies::SESSION, state.config.https)
        && let Ok(signed_in) = state.app.session_from_token(&token).await
        && signed_in.stage == SessionStage::Complete
    {
        return Redirect::to("/").into_response();
    }
    render_form(
        &state,
        &ctx,
        String::new(),
        FormErrors::default(),
        StatusCode::OK,
    )
}

fn render_form(
    state: &AppState,
    ctx: &PageContext,
    username: String,
    errors: FormErrors,
    status: StatusCode,
) -> Response {
    let pre = concord_crypto::token::random_base64url(32);
    let page = SignInPage {
        page: ctx.bare("sign-in-title", pre.clone()),
        username,
        errors,
    };
    let cookie = cookies::set(cookies::PRE_SESSION, Some(&pre), state.config.https);
    (status, [(header::SET_COOKIE, cookie)], page).into_response()
}

async fn submit(
    State(state): State<AppState>,
    ctx: PageContext,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
    form: Posted<SignInForm>,
) -> Result<Response, PageError> {
    let pre = cookies::read(&headers, cookies::PRE_SESSION, state.config.https).unwrap_or_default();
    let form = match form.checked(&pre) {
        Ok(form) => form,
        Err(_) => {
            let errors = FormErrors::message(ctx.tr.t("sign-in-expired"));
            return Ok(render_form(
                &state,
                &ctx,
                String::new(),
                errors,
                StatusCode::BAD_REQUEST,
            ));
        }
    };
    let password = SecretString::from(form.password);
    let attempt = SignInAttempt {
        username: &form.username,
        password: &password,
        address: &address,
        user_agent: &user_agent(&headers),
    };
    match state.app.sign_in(&attempt).await {
        Ok(session) => {
            let next = match session.stage {
                SessionStage::Complete => "/",
                SessionStage::NeedsSecondFactor => "/sign-in/second-factor",
                SessionStage::NeedsEnrolment => "/account/second-factor",
            };
            let https = state.config.https;
            Ok((
                AppendHeaders([
                    (
                        header::SET_COOKIE,
                        cookies::set(cookies::SESSION, Some(session.token.expose_secret()), https),
                    ),
                    (
                        header::SET_COOKIE,
                        cookies::set(cookies::PRE_SESSION, None, https),
                    ),
                ]),
                Redirect::to(next),
            )
                .into_response())
        }
        Err(AppError::BadCredentials) => {
            let errors = FormErrors::message(ctx.tr.t("sign-in-wrong"));
            Ok(render_form(
                &state,
                &ctx,
                form.username,
                errors,
                StatusCode::UNAUTHORIZED,
            ))
        }
        Err(AppError::Throttled) => {
            let errors = FormErrors::message(ctx.tr.t("sign-in-throttled"));
            Ok(render_form(
                &state,
                &ctx,
                form.username,
                errors,
                StatusCode::TOO_MANY_REQUESTS,
            ))
        }
        Err(other) => Err(other.into()),
    }
}

async fn sign_out(
    State(state): State<AppState>,
    AnySession(signed_in): AnySession,
    form: Posted<super::NoFields>,
) -> Result<Response, PageError> {
    form.checked(&signed_in.session.csrf_token)?;
    state.app.sign_out(&signed_in).await?;
    let cookie = cookies::set(cookies::SESSION, None, state.config.https);
    Ok(([(header::SET_COOKIE, cookie)], Redirect::to("/sign-in")).into_response())
}

/// Readiness for load balancers, monitoring and the test harness: the
/// database answers and the audit log seals (an unsealed log is an alarm:
/// 503 with the reason, and the backlog of events waiting).
async fn health(State(state): State<AppState>) -> Response {
    if state.app.check_ready().await.is_err() {
        return (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response();
    }
    let sealing = state.app.audit_sealing_alarm();
    let witnesses = state.app.audit_witness_alarms();
    if sealing.is_none() && witnesses.is_empty() {
        return (StatusCode::OK, "ok").into_response();
    }
    let mut body = String::new();
    if let Some(alarm) = sealing {
        let waiting = state.app.unsealed_audit_events().await.unwrap_or(-1);
        body.push_str(&format!(
            "audit log not sealing since {}: {}\nunsealed audit events: {waiting}\n",
            alarm.since.to_rfc3339(),
            alarm.reason
        ));
    }
    // Recording and sealing go on; the checkpoints wait for the witness.
    for alarm in witnesses {
        body.push_str(&format!(
            "audit witness {} not cosigning since {}: {}\n",
            alarm.witness,
            alarm.since.to_rfc3339(),
            alarm.reason
        ));
    }
    (StatusCode::SERVICE_UNAVAILABLE, body).into_response()
}
