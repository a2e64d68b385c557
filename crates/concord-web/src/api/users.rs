//! `/api/v1/users`: accounts, for system and agency administrators.

use super::types::{NewUserInput, Page, PasswordInput, User, UserUpdateInput};
use super::{ApiActor, ApiJson, ApiResult, PageParams};
use crate::error::{ApiError, ApiErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use concord_app::accounts::UserUpdateForm;
use concord_domain::ids::{AgencyId, UserId};
use concord_domain::user::UserForm;
use secrecy::SecretString;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_users, create_user))
        .routes(routes!(get_user, update_user))
        .routes(routes!(disable_user))
        .routes(routes!(enable_user))
        .routes(routes!(reset_password))
}

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
struct UserFilter {
    /// Only this agency's accounts (system administrators; others always
    /// see only their own agency).
    agency: Option<Uuid>,
}

/// List the accounts the caller manages.
#[utoipa::path(get, path = "/users", tag = "users", params(PageParams, UserFilter),
    responses((status = 200, body = Page<User>), (status = 403, body = ApiErrorBody)))]
async fn list_users(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Query(params): Query<PageParams>,
    Query(filter): Query<UserFilter>,
) -> ApiResult<Page<User>> {
    let page = state
        .app
        .list_users(&actor, filter.agency.map(AgencyId), &params.page()?)
        .await?;
    Ok(Json(Page::from(page, User::from)))
}

/// Create an account with an initial password: an agency's own
/// administrators in their agency; a system administrator a system
/// administrator's account anywhere, and an agency's first administrator
/// (the agency administrator role alone) while no account of the agency
/// holds that role.
#[utoipa::path(post, path = "/users", tag = "users", request_body = NewUserInput,
    responses((status = 201, body = User), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody)))]
async fn create_user(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(input): ApiJson<NewUserInput>,
) -> Result<(StatusCode, Json<User>), ApiError> {
    let form = UserForm {
        username: input.username,
        display_name: input.display_name,
        agency_id: input.agency_id.to_string(),
        roles: input.roles,
        email: input.email.unwrap_or_default(),
    };
    let password = SecretString::from(input.password);
    let user = state.app.create_user(&actor, &form, &password).await?;
    Ok((StatusCode::CREATED, Json(user.into())))
}

/// One account.
#[utoipa::path(get, path = "/users/{id}", tag = "users", params(("id" = Uuid, Path)),
    responses((status = 200, body = User), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
async fn get_user(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
) -> ApiResult<User> {
    Ok(Json(state.app.get_user(&actor, UserId(id)).await?.into()))
}

/// Change an account's name and roles.
#[utoipa::path(put, path = "/users/{id}", tag = "users", params(("id" = Uuid, Path)), request_body = UserUpdateInput,
    responses((status = 200, body = User), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
async fn update_user(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
    ApiJson(input): ApiJson<UserUpdateInput>,
) -> ApiResult<User> {
    let form = UserUpdateForm {
        display_name: input.display_name,
        roles: input.roles,
    };
    Ok(Json(
        state
            .app
            .update_user(&actor, UserId(id), &form)
            .await?
            .into(),
    ))
}

/// Disable an account: its sessions and tokens end at once.
#[utoipa::path(post, path = "/users/{id}/disable", tag = "users", params(("id" = Uuid, Path)),
    responses((status = 204), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
async fn disable_user(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
) -> Result<StatusCode, ApiError> {
    state.app.set_user_active(&actor, UserId(id), false).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Enable a disabled account.
#[utoipa::path(post, path = "/users/{id}/enable", tag = "users", params(("id" = Uuid, Path)),
    responses((status = 204), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
async fn enable_user(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
) -> Result<StatusCode, ApiError> {
    state.app.set_user_active(&actor, UserId(id), true).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Set a new password for an account. Credentials change only with proof
/// of who is asking, so an API token is always refused (403, saying why),
/// for its own account or anyone's: an agency administrator resets a
/// password in the web interface, and one's own password is changed under
/// My account, with the current one.
#[utoipa::path(post, path = "/users/{id}/reset-password", tag = "users", params(("id" = Uuid, Path)), request_body = PasswordInput,
    responses((status = 403, body = ApiErrorBody)))]
async fn reset_password(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
    ApiJson(input): ApiJson<PasswordInput>,
) -> Result<StatusCode, ApiError> {
    let password = SecretString::from(input.password);
    let notice = crate::pages::users::owner_notice(
        &state,
        &crate::i18n::Tr::current(),
        "owner-notice-password",
    );
    state
        .app
        .reset_password(&actor, UserId(id), &password, notice)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
