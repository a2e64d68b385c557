//! "My account": password, sessions, API tokens.

use super::{FormErrors, NoFields, PageChrome, PageContext, Posted};
use crate::error::PageError;
use crate::security::cookies;
use crate::session::Person;
use crate::state::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use concord_app::AppError;
use concord_app::my_account::{ApiTokenForm, SessionSummary};
use concord_domain::ids::ApiTokenId;
use concord_store::ApiTokenRow;
use secrecy::{ExposeSecret, SecretString};
use uuid::Uuid;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/account", get(show))
        .route("/account/password", post(change_password))
        .route("/account/email", post(change_email))
        .route("/account/language", post(change_language))
        .route("/account/sessions", get(sessions))
        .route("/account/sessions/revoke-all", post(revoke_all))
        .route("/account/sessions/{id}/revoke", post(revoke_session))
        .route("/account/tokens", get(tokens).post(create_token))
        .route("/account/tokens/{id}/revoke", post(revoke_token))
}

#[derive(Template, WebTemplate)]
#[template(path = "account.html")]
struct AccountPage {
    page: PageChrome,
    username: String,
    agency_name: String,
    roles: String,
    second_factor_on: bool,
    email: String,
    errors: FormErrors,
    /// Problems with the e-mail form, apart from the password form's.
    email_errors: FormErrors,
    notice: Option<String>,
    /// The saved language's tag, empty for none.
    language: String,
    language_errors: FormErrors,
}

async fn render_account(
    state: &AppState,
    ctx: &PageContext,
    person: &Person,
    errors: FormErrors,
) -> Result<Response, PageError> {
    render_account_with(state, ctx, person, errors, FormErrors::default(), None).await
}

async fn render_account_with(
    state: &AppState,
    ctx: &PageContext,
    person: &Person,
    errors: FormErrors,
    email_errors: FormErrors,
    notice: Option<String>,
) -> Result<Response, PageError> {
    render_account_page(
        state,
        ctx,
        person,
        AccountForms {
            errors,
            email_errors,
            language_errors: FormErrors::default(),
        },
        notice,
    )
    .await
}

/// The problems of each form on the page.
struct AccountForms {
    errors: FormErrors,
    email_errors: FormErrors,
    language_errors: FormErrors,
}

async fn render_account_page(
    state: &AppState,
    ctx: &PageContext,
    person: &Person,
    forms: AccountForms,
    notice: Option<String>,
) -> Result<Response, PageError> {
    let AccountForms {
        errors,
        email_errors,
        language_errors,
    } = forms;
    let status = [&email_errors, &language_errors]
        .into_iter()
        .find(|e| e.any())
        .map_or_else(|| errors.status(), |e| e.status());
    let user = state.app.current_user(&person.actor).await?;
    let agency = state.app.get_agency(&person.actor, user.agency_id).await?;
    let language = state.app.my_language(&person.actor).await?;
    let roles = user
        .roles
        .iter()
        .map(|r| ctx.tr.t(&format!("role-{}", r.as_str().replace('_', "-"))))
        .collect::<Vec<_>>()
        .join(", ");
    let page = AccountPage {
        page: ctx.chrome(person, "account-title", "nav-account"),
        username: user.username.clone(),
        agency_name: agency.name,
        roles,
        second_factor_on: user.totp_secret.is_some(),
        email: user.email.clone().unwrap_or_default(),
        errors,
        email_errors,
        notice,
        language: language.map(|l| l.tag().to_string()).unwrap_or_default(),
        language_errors,
    };
    Ok((status, page).into_response())
}

async fn show(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
) -> Result<Response, PageError> {
    render_account(&state, &ctx, &person, FormErrors::default()).await
}

#[derive(serde::Deserialize)]
struct PasswordChange {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_password: String,
}

/// Every session ends with a password change, this one too: the person
/// signs in again with the new password.
async fn change_password(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    form: Posted<PasswordChange>,
) -> Result<Response, PageError> {
    let form = form.checked_for(&person)?;
    let current = SecretString::from(form.current_password);
    let new = SecretString::from(form.new_password);
    match state
        .app
        .change_password(&person.actor, &current, &new)
        .await
    {
        Ok(()) => {
            let cookie = cookies::set(cookies::SESSION, None, state.config.https);
            Ok(([(header::SET_COOKIE, cookie)], Redirect::to("/sign-in")).into_response())
        }
        Err(AppError::Invalid(mut invalid)) => {
            for p in &mut invalid.problems {
                if p.field == "password" {
                    p.field = "new_password".into();
                }
            }
            let errors = FormErrors::from_invalid(&invalid, &ctx.tr);
            render_account(&state, &ctx, &person, errors).await
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(serde::Deserialize)]
struct EmailChange {
    #[serde(default)]
    email: String,
    /// Named apart from the password form's field on the same page.
    #[serde(default)]
    email_password: String,
}

/// One's own address for notices about one's sign-in, with the current
/// password (whoever could redirect the notices could reset unseen).
async fn change_email(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    form: Posted<EmailChange>,
) -> Result<Response, PageError> {
    let form = form.checked_for(&person)?;
    let current = SecretString::from(form.email_password);
    match state
        .app
        .change_my_email(&person.actor, &current, &form.email)
        .await
    {
        Ok(()) => {
            let notice = Some(ctx.tr.t("account-email-saved"));
            render_account_with(
                &state,
                &ctx,
                &person,
                FormErrors::default(),
                FormErrors::default(),
                notice,
            )
            .await
        }
        Err(AppError::Invalid(mut invalid)) => {
            for p in &mut invalid.problems {
                if p.field == "current_password" {
                    p.field = "email_password".into();
                }
            }
            let errors = FormErrors::from_invalid_labelled(
                &invalid,
                &ctx.tr,
                &[("email_password", "account-email-password")],
            );
            render_account_with(&state, &ctx, &person, FormErrors::default(), errors, None).await
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(serde::Deserialize)]
struct LanguageChange {
    #[serde(default)]
    language: String,
}

/// One's own language on every device; this browser's switcher choice
/// follows it at once (else the cookie set by an earlier switch would
/// hide the saved preference here).
async fn change_language(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    form: Posted<LanguageChange>,
) -> Result<Response, PageError> {
    let form = form.checked_for(&person)?;
    match state
        .app
        .change_my_language(&person.actor, &form.language)
        .await
    {
        Ok(()) => {
            let language = concord_domain::language::Language::from_tag(&form.language);
            let cookie = crate::language::cookie_for(language, state.config.https);
            Ok(([(header::SET_COOKIE, cookie)], Redirect::to("/account")).into_response())
        }
        Err(AppError::Invalid(invalid)) => {
            let language_errors = FormErrors::from_invalid(&invalid, &ctx.tr);
            render_account_page(
                &state,
                &ctx,
                &person,
                AccountForms {
                    errors: FormErrors::default(),
                    email_errors: FormErrors::default(),
                    language_errors,
                },
                None,
            )
            .await
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "sessions.html")]
struct SessionsPage {
    page: PageChrome,
    sessions: Vec<SessionSummary>,
}

async fn sessions(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
) -> Result<SessionsPage, PageError> {
    let sessions = state.app.my_sessions(&person.signed_in).await?;
    Ok(SessionsPage {
        page: ctx.chrome(&person, "sessions-title", "nav-account"),
        sessions,
    })
}

async fn revoke_session(
    State(state): State<AppState>,
    person: Person,
    Path(id): Path<Uuid>,
    form: Posted<NoFields>,
) -> Result<Response, PageError> {
    form.checked_for(&person)?;
    state.app.revoke_my_session(&person.actor, id).await?;
    if id == person.signed_in.session.id {
        return Ok(Redirect::to("/sign-in").into_response());
    }
    Ok(Redirect::to("/account/sessions").into_response())
}

async fn revoke_all(
    State(state): State<AppState>,
    person: Person,
    form: Posted<NoFields>,
) -> Result<Response, PageError> {
    form.checked_for(&person)?;
    state.app.revoke_all_my_sessions(&person.actor).await?;
    let cookie = cookies::set(cookies::SESSION, None, state.config.https);
    Ok(([(header::SET_COOKIE, cookie)], Redirect::to("/sign-in")).into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "tokens.html")]
struct TokensPage {
    page: PageChrome,
    tokens: Vec<ApiTokenRow>,
    form: ApiTokenForm,
    new_token: Option<String>,
    errors: FormErrors,
    now: chrono::DateTime<chrono::Utc>,
}

async fn render_tokens(
    state: &AppState,
    ctx: &PageContext,
    person: &Person,
    form: ApiTokenForm,
    new_token: Option<String>,
    errors: FormErrors,
) -> Result<Response, PageError> {
    let status = errors.status();
    let page = TokensPage {
        page: ctx.chrome(person, "tokens-title", "nav-account"),
        tokens: state.app.my_api_tokens(&person.actor).await?,
        form,
        new_token,
        errors,
        now: state.app.now(),
    };
    Ok((status, page).into_response())
}

async fn tokens(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
) -> Result<Response, PageError> {
    let form = ApiTokenForm {
        scope: "read".into(),
        days: "90".into(),
        ..ApiTokenForm::default()
    };
    render_tokens(&state, &ctx, &person, form, None, FormErrors::default()).await
}

async fn create_token(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    form: Posted<ApiTokenForm>,
) -> Result<Response, PageError> {
    let form = form.checked_for(&person)?;
    match state.app.create_api_token(&person.actor, &form).await {
        Ok((_, secret)) => {
            let blank = ApiTokenForm {
                scope: "read".into(),
                days: "90".into(),
                ..ApiTokenForm::default()
            };
            let shown = Some(secret.expose_secret().to_string());
            render_tokens(&state, &ctx, &person, blank, shown, FormErrors::default()).await
        }
        Err(AppError::Invalid(invalid)) => {
            let errors = FormErrors::from_invalid(&invalid, &ctx.tr);
            render_tokens(&state, &ctx, &person, form, None, errors).await
        }
        Err(other) => Err(other.into()),
    }
}

async fn revoke_token(
    State(state): State<AppState>,
    person: Person,
    Path(id): Path<ApiTokenId>,
    form: Posted<NoFields>,
) -> Result<Response, PageError> {
    form.checked_for(&person)?;
    state.app.revoke_api_token(&person.actor, id).await?;
    Ok(Redirect::to("/account/tokens").into_response())
}
