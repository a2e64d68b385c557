//! `/api/v1/me` and `/api/v1/tokens`: the caller's own account and tokens.

use super::types::{ApiToken, ApiTokenInput, Me, NewApiToken};
use super::{ApiActor, ApiJson, ApiResult};
use crate::error::{ApiError, ApiErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use concord_app::my_account::ApiTokenForm;
use concord_domain::ids::ApiTokenId;
use secrecy::ExposeSecret;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(me))
        .routes(routes!(list_tokens, create_token))
        .routes(routes!(revoke_token))
}

/// The caller: account, permissions in force, token scope.
#[utoipa::path(get, path = "/me", tag = "me",
    responses((status = 200, body = Me), (status = 401, body = ApiErrorBody)))]
async fn me(State(state): State<AppState>, ApiActor(actor): ApiActor) -> ApiResult<Me> {
    let user = state.app.current_user(&actor).await?;
    Ok(Json(Me {
        permissions: actor
            .permissions()
            .iter()
            .map(|p| {
                serde_json::to_value(p)
                    .ok()
                    .and_then(|v| v.as_str().map(String::from))
                    .unwrap_or_default()
            })
            .collect(),
        token_scope: actor.token_scope.map(|s| s.as_str().to_string()),
        user: user.into(),
    }))
}

/// The caller's API tokens, newest first.
#[utoipa::path(get, path = "/tokens", tag = "me",
    responses((status = 200, body = Vec<ApiToken>), (status = 401, body = ApiErrorBody)))]
async fn list_tokens(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> ApiResult<Vec<ApiToken>> {
    let tokens = state.app.my_api_tokens(&actor).await?;
    Ok(Json(tokens.into_iter().map(ApiToken::from).collect()))
}

/// Create a token. Tokens cannot create tokens: sign in to the web
/// interface for that; this answers 403 for token callers.
#[utoipa::path(post, path = "/tokens", tag = "me", request_body = ApiTokenInput,
    responses((status = 201, body = NewApiToken), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody)))]
async fn create_token(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(input): ApiJson<ApiTokenInput>,
) -> Result<(StatusCode, Json<NewApiToken>), ApiError> {
    let form = ApiTokenForm {
        name: input.name,
        scope: input.scope,
        days: input.days.to_string(),
    };
    let (row, secret) = state.app.create_api_token(&actor, &form).await?;
    Ok((
        StatusCode::CREATED,
        Json(NewApiToken {
            token: row.into(),
            secret: secret.expose_secret().to_string(),
        }),
    ))
}

/// Revoke one of the caller's tokens (web sessions only, like creation).
#[utoipa::path(delete, path = "/tokens/{id}", tag = "me", params(("id" = Uuid, Path)),
    responses((status = 204), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
async fn revoke_token(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
) -> Result<StatusCode, ApiError> {
    state.app.revoke_api_token(&actor, ApiTokenId(id)).await?;
    Ok(StatusCode::NO_CONTENT)
}
