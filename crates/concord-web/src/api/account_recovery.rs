//! `/api/v1/account-recoveries`: restoring the administration of an agency
//! that has lost every administrator (system administrators: one asks,
//! another approves); and `/api/v1/me/alerts`: what an administrator's home
//! page alerts them to (bursts of account acts by other administrators,
//! requests to approve, their agency's recovery notices).

use super::{ApiActor, ApiJson, ApiResult};
use crate::error::{ApiError, ApiErrorBody, ApiErrorDetail};
use crate::i18n::Tr;
use crate::pages::account_recovery::{announcement_words, refusal_status, refusal_text};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use concord_app::account_recovery::{RecoveryError, RecoveryForm, RecoveryView};
use concord_domain::ids::AccountRecoveryId;
use concord_store::AccountRecoveryRow;
use secrecy::SecretString;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_recoveries, request_recovery))
        .routes(routes!(get_recovery))
        .routes(routes!(approve_recovery))
        .routes(routes!(decline_recovery))
        .routes(routes!(my_alerts))
        .routes(routes!(dismiss_recovery_notice))
}

/// A recovery request.
#[derive(Serialize, ToSchema)]
pub struct AccountRecovery {
    pub id: Uuid,
    pub agency_id: Uuid,
    /// The account restored, or created once approved.
    pub user_id: Option<Uuid>,
    pub username: String,
    /// A new account's display name; absent when restoring one.
    pub display_name: Option<String>,
    pub reason: String,
    pub requested_by: Uuid,
    pub requested_at: DateTime<Utc>,
    /// It can be approved until just before this instant.
    pub expires_at: DateTime<Utc>,
    /// open, approved, declined or lapsed (an open request past its limit
    /// reads lapsed).
    pub status: String,
    pub decided_by: Option<Uuid>,
    pub decided_at: Option<DateTime<Utc>>,
}

impl AccountRecovery {
    fn of(row: &AccountRecoveryRow, status: &str) -> Self {
        Self {
            id: row.id.0,
            agency_id: row.agency_id.0,
            user_id: row.user_id.map(|u| u.0),
            username: row.username.clone(),
            display_name: row.display_name.clone(),
            reason: row.reason.clone(),
            requested_by: row.requested_by.0,
            requested_at: row.requested_at,
            expires_at: row.expires_at,
            status: status.to_string(),
            decided_by: row.decided_by.map(|u| u.0),
            decided_at: row.decided_at,
        }
    }
}

impl From<RecoveryView> for AccountRecovery {
    fn from(view: RecoveryView) -> Self {
        AccountRecovery::of(&view.row, view.status.as_str())
    }
}

impl From<AccountRecoveryRow> for AccountRecovery {
    fn from(row: AccountRecoveryRow) -> Self {
        AccountRecovery::of(&row, row.status.as_str())
    }
}

/// Asking to restore an agency's administration.
#[derive(Deserialize, ToSchema)]
pub struct AccountRecoveryInput {
    pub agency_id: Uuid,
    /// The agency's account to restore, or the user name of a new one.
    pub username: String,
    /// Required for a new account.
    #[serde(default)]
    pub display_name: Option<String>,
    pub reason: String,
}

/// The one-time password the approved account gets.
#[derive(Deserialize, ToSchema)]
pub struct RecoveryApprovalInput {
    pub password: String,
}

/// A burst of account acts by one administrator.
#[derive(Serialize, ToSchema)]
pub struct AccountBurst {
    pub actor_user_id: Uuid,
    pub actor_name: String,
    pub first_at: DateTime<Utc>,
    pub last_at: DateTime<Utc>,
    /// Accounts created, and passwords or second factors reset.
    pub acts: usize,
    pub agencies: usize,
}

/// The notice that an agency's administration was restored.
#[derive(Serialize, ToSchema)]
pub struct RecoveryNotice {
    pub id: Uuid,
    pub recovery_id: Uuid,
    pub username: String,
    pub requested_by_name: String,
    pub approved_by_name: String,
    pub reason: String,
    pub created_at: DateTime<Utc>,
}

/// What the caller's home page alerts them to.
#[derive(Serialize, ToSchema)]
pub struct AccountAlerts {
    /// System administrators: bursts of account acts by other
    /// administrators in the last 24 hours.
    pub bursts: Vec<AccountBurst>,
    /// System administrators: open requests someone else made.
    pub recoveries_to_approve: Vec<AccountRecovery>,
    /// Agency administrators: their agency's administration was restored.
    pub recovery_notices: Vec<RecoveryNotice>,
}

/// A recovery use case's error as the API answers it: a refusal by the
/// rules is 403 (the caller may not) or 409 (the request or the agency no
/// longer allows it), worded like the pages.
pub struct RecoveryApiError(RecoveryError);

impl From<RecoveryError> for RecoveryApiError {
    fn from(e: RecoveryError) -> Self {
        Self(e)
    }
}

impl From<ApiError> for RecoveryApiError {
    fn from(e: ApiError) -> Self {
        Self(RecoveryError::App(e.0))
    }
}

impl IntoResponse for RecoveryApiError {
    fn into_response(self) -> Response {
        match self.0 {
            RecoveryError::Refused(refusal) => {
                let status = refusal_status(refusal);
                let code = if status == StatusCode::FORBIDDEN {
                    "forbidden"
                } else {
                    "conflict"
                };
                let body = ApiErrorBody {
                    error: ApiErrorDetail {
                        code: code.to_string(),
                        message: refusal_text(&Tr::current(), refusal),
                        field: None,
                        problems: Vec::new(),
                        request_id: crate::request_log::current_request_id(),
                    },
                };
                (status, Json(body)).into_response()
            }
            RecoveryError::App(e) => ApiError(e).into_response(),
        }
    }
}

/// Open requests (oldest first), then the 20 most recently decided.
/// System administrators.
#[utoipa::path(get, path = "/account-recoveries", tag = "account-recovery",
    responses((status = 200, body = Vec<AccountRecovery>), (status = 403, body = ApiErrorBody)))]
async fn list_recoveries(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> ApiResult<Vec<AccountRecovery>> {
    let views = state.app.account_recoveries(&actor).await?;
    Ok(Json(views.into_iter().map(AccountRecovery::from).collect()))
}

/// Ask to restore the administration of an agency that has no active
/// administrator. Another system administrator must approve within 24
/// hours. 409 while the agency has an active administrator or another
/// request for it waits; 403 for an account of another agency, one that
/// works with cases or a system administrator's.
#[utoipa::path(post, path = "/account-recoveries", tag = "account-recovery", request_body = AccountRecoveryInput,
    responses((status = 201, body = AccountRecovery), (status = 400, body = ApiErrorBody),
        (status = 403, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
async fn request_recovery(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(input): ApiJson<AccountRecoveryInput>,
) -> Result<(StatusCode, Json<AccountRecovery>), RecoveryApiError> {
    let form = RecoveryForm {
        agency_id: input.agency_id.to_string(),
        username: input.username,
        display_name: input.display_name.unwrap_or_default(),
        reason: input.reason,
    };
    let row = state.app.request_account_recovery(&actor, &form).await?;
    Ok((StatusCode::CREATED, Json(row.into())))
}

/// One request.
#[utoipa::path(get, path = "/account-recoveries/{id}", tag = "account-recovery", params(("id" = Uuid, Path)),
    responses((status = 200, body = AccountRecovery), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
async fn get_recovery(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
) -> ApiResult<AccountRecovery> {
    let view = state
        .app
        .account_recovery(&actor, AccountRecoveryId(id))
        .await?;
    Ok(Json(view.into()))
}

/// Approve another system administrator's request: the account is created
/// or restored as the agency's administrator with this one-time password,
/// and the agency is told. It sets a password, so it takes a person signed
/// in to the web interface: an API token never changes credentials, and
/// this answers 403 for token callers (as resetting a password or creating
/// tokens does). 403 for one's own request; 409 once it has
/// lapsed or been decided, or when the agency has an active administrator
/// again.
#[utoipa::path(post, path = "/account-recoveries/{id}/approve", tag = "account-recovery", params(("id" = Uuid, Path)),
    request_body = RecoveryApprovalInput,
    responses((status = 200, body = AccountRecovery), (status = 400, body = ApiErrorBody),
        (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
async fn approve_recovery(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
    ApiJson(input): ApiJson<RecoveryApprovalInput>,
) -> Result<Json<AccountRecovery>, RecoveryApiError> {
    let password = SecretString::from(input.password);
    let row = state
        .app
        .approve_account_recovery(
            &actor,
            AccountRecoveryId(id),
            &password,
            &announcement_words,
        )
        .await?;
    Ok(Json(row.into()))
}

/// Turn an open request down (any system administrator, its requester
/// included). 409 once it has lapsed or been decided.
#[utoipa::path(post, path = "/account-recoveries/{id}/decline", tag = "account-recovery", params(("id" = Uuid, Path)),
    responses((status = 200, body = AccountRecovery), (status = 403, body = ApiErrorBody),
        (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
async fn decline_recovery(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
) -> Result<Json<AccountRecovery>, RecoveryApiError> {
    let row = state
        .app
        .decline_account_recovery(&actor, AccountRecoveryId(id))
        .await?;
    Ok(Json(row.into()))
}

/// What the caller's home page alerts them to: for system administrators,
/// bursts of account acts by other administrators (at least 5 account
/// creations or password or second-factor resets across at least 2
/// agencies within 10 minutes, shown for 24 hours) and recovery requests
/// waiting for their approval; for agency administrators, their agency's
/// unread recovery notices. Empty lists for everyone else.
#[utoipa::path(get, path = "/me/alerts", tag = "me",
    responses((status = 200, body = AccountAlerts), (status = 401, body = ApiErrorBody)))]
async fn my_alerts(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> ApiResult<AccountAlerts> {
    let alerts = state.app.account_alerts(&actor).await?;
    Ok(Json(AccountAlerts {
        bursts: alerts
            .bursts
            .into_iter()
            .map(|b| AccountBurst {
                actor_user_id: b.burst.actor.0,
                actor_name: b.actor_name,
                first_at: b.burst.first_at,
                last_at: b.burst.last_at,
                acts: b.burst.acts,
                agencies: b.burst.agencies,
            })
            .collect(),
        recoveries_to_approve: alerts
            .recoveries_to_approve
            .into_iter()
            .map(AccountRecovery::from)
            .collect(),
        recovery_notices: alerts
            .notices
            .into_iter()
            .map(|n| RecoveryNotice {
                id: n.notice.id,
                recovery_id: n.notice.recovery_id.0,
                username: n.username,
                requested_by_name: n.requested_by_name,
                approved_by_name: n.approved_by_name,
                reason: n.reason,
                created_at: n.notice.created_at,
            })
            .collect(),
    }))
}

/// Mark one of the agency's recovery notices read (its administrators).
#[utoipa::path(post, path = "/me/alerts/recovery-notices/{id}/dismiss", tag = "me", params(("id" = Uuid, Path)),
    responses((status = 204), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
async fn dismiss_recovery_notice(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
) -> Result<StatusCode, ApiError> {
    state.app.dismiss_recovery_notice(&actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
