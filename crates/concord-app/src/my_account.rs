//! What a person does with their own account: password, sessions, API
//! tokens.

use crate::app::App;
use crate::error::{AppError, AppResult};
use crate::signed_in::SignedIn;
use chrono::Duration;
use concord_crypto::password::verify_password;
use concord_crypto::token::{hash_token, new_token};
use concord_domain::Invalid;
use concord_domain::access::{Actor, TokenScope};
use concord_domain::audit::{AuditAction, AuditOutcome};
use concord_domain::ids::ApiTokenId;
use concord_domain::session::{SessionState, session_state};
use concord_domain::user::optional_email;
use concord_domain::validation::required_text;
use concord_store::{ApiTokenRow, SessionRow};
use secrecy::{ExposeSecret, SecretString};
use uuid::Uuid;

/// Prefix that makes leaked tokens easy to recognise (secret scanners).
pub const API_TOKEN_PREFIX: &str = "concord_";

/// A session as "my sessions" lists it.
pub struct SessionSummary {
    pub session: SessionRow,
    pub current: bool,
}

/// A new API token request as entered.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct ApiTokenForm {
    pub name: String,
    pub scope: String,
    pub days: String,
}

impl App {
    /// Changes one's own password after checking the current one; every
    /// session (this one included) ends.
    pub async fn change_password(
        &self,
        actor: &Actor,
        current: &SecretString,
        new: &SecretString,
    ) -> AppResult<()> {
        if let Err(denied) = actor.may_change_credentials() {
            return self.refuse(actor, denied, None).await;
        }
        let user = self.current_user(actor).await?;
        if !verify_password(current, &user.password_hash)? {
            return Err(Invalid::one("current_password", "is not your current password").into());
        }
        self.write_password(Some(actor), &user, new, AuditAction::PasswordChanged)
            .await
    }

    /// Sets (or, left blank, removes) one's own e-mail address for notices
    /// about one's sign-in, after checking the current password: whoever
    /// could redirect the notices could reset the account unseen.
    pub async fn change_my_email(
        &self,
        actor: &Actor,
        current: &SecretString,
        email: &str,
    ) -> AppResult<()> {
        if let Err(denied) = actor.may_change_credentials() {
            return self.refuse(actor, denied, None).await;
        }
        let user = self.current_user(actor).await?;
        let mut invalid = Invalid::default();
        let email = optional_email(&mut invalid, "email", email);
        if !verify_password(current, &user.password_hash)? {
            invalid.push("current_password", "is not your current password");
        }
        invalid.into_result(())?;
        let event = self.event(
            Some(actor),
            AuditAction::UserUpdated,
            Some(("user", user.id.to_string())),
            AuditOutcome::Success,
            serde_json::json!({ "email": if email.is_some() { "set" } else { "removed" } }),
        );
        self.store
            .set_user_email(user.id, email.as_deref(), &event)
            .await?;
        Ok(())
    }

    /// Live sessions of the signed-in person, newest first.
    pub async fn my_sessions(&self, signed_in: &SignedIn) -> AppResult<Vec<SessionSummary>> {
        let now = self.clock.now();
        let sessions = self.store.list_sessions(signed_in.user.id).await?;
        Ok(sessions
            .into_iter()
            .filter(|s| {
                session_state(
                    &self.config.sessions,
                    s.created_at,
                    s.last_seen_at,
                    false,
                    now,
                ) == SessionState::Active
            })
            .map(|session| SessionSummary {
                current: session.id == signed_in.session.id,
                session,
            })
            .collect())
    }

    pub async fn revoke_my_session(&self, actor: &Actor, session_id: Uuid) -> AppResult<()> {
        let event = self.event(
            Some(actor),
            AuditAction::SessionRevoked,
            Some(("session", session_id.to_string())),
            AuditOutcome::Success,
            serde_json::json!({}),
        );
        let revoked = self
            .store
            .revoke_session(actor.user_id, session_id, self.clock.now(), &event)
            .await?;
        if revoked {
            Ok(())
        } else {
            Err(AppError::NotFound)
        }
    }

    /// "Sign out everywhere", this session included.
    pub async fn revoke_all_my_sessions(&self, actor: &Actor) -> AppResult<()> {
        let event = self.event(
            Some(actor),
            AuditAction::AllSessionsRevoked,
            Some(("user", actor.user_id.to_string())),
            AuditOutcome::Success,
            serde_json::json!({}),
        );
        self.store
            .revoke_all_sessions(actor.user_id, self.clock.now(), &event)
            .await?;
        Ok(())
    }

    /// Creates an API token; the token text is returned once and only its
    /// hash is kept.
    pub async fn create_api_token(
        &self,
        actor: &Actor,
        form: &ApiTokenForm,
    ) -> AppResult<(ApiTokenRow, SecretString)> {
        if let Err(denied) = actor.may_manage_own_tokens() {
            return self.refuse(actor, denied, None).await;
        }
        let mut invalid = Invalid::default();
        let name = required_text(&mut invalid, "name", &form.name, 80);
        let scope = TokenScope::parse(form.scope.trim());
        if scope.is_none() {
            invalid.push("scope", "must be read or read_write");
        }
        let max = self.config.api_token_max_days;
        let days = match form.days.trim().parse::<i64>() {
            Ok(d) if (1..=max).contains(&d) => d,
            _ => {
                invalid.push("days", format!("must be a whole number from 1 to {max}"));
                0
            }
        };
        let scope = invalid.into_result(scope)?.unwrap_or(TokenScope::Read);
        let secret = format!("{API_TOKEN_PREFIX}{}", new_token().expose_secret());
        let now = self.clock.now();
        let row = ApiTokenRow {
            id: ApiTokenId::new(),
            user_id: actor.user_id,
            name,
            token_hash: hash_token(&secret),
            scope,
            created_at: now,
            expires_at: now + Duration::days(days),
            revoked_at: None,
            last_used_at: None,
        };
        let event = self.event(
            Some(actor),
            AuditAction::ApiTokenCreated,
            Some(("api_token", row.id.to_string())),
            AuditOutcome::Success,
            serde_json::json!({ "scope": scope.as_str(), "days": days }),
        );
        self.store.create_api_token(&row, &event).await?;
        Ok((row, secret.into()))
    }

    pub async fn my_api_tokens(&self, actor: &Actor) -> AppResult<Vec<ApiTokenRow>> {
        Ok(self.store.list_api_tokens(actor.user_id).await?)
    }

    pub async fn revoke_api_token(&self, actor: &Actor, id: ApiTokenId) -> AppResult<()> {
        if let Err(denied) = actor.may_manage_own_tokens() {
            return self.refuse(actor, denied, None).await;
        }
        let event = self.event(
            Some(actor),
            AuditAction::ApiTokenRevoked,
            Some(("api_token", id.to_string())),
            AuditOutcome::Success,
            serde_json::json!({}),
        );
        let revoked = self
            .store
            .revoke_api_token(actor.user_id, id, self.clock.now(), &event)
            .await?;
        if revoked {
            Ok(())
        } else {
            Err(AppError::NotFound)
        }
    }
}
