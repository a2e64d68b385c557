//! Signing in with a password, throttled per account and per address in
//! the database so the limits hold across instances.

use crate::app::App;
use crate::error::{AppError, AppResult};
use crate::signed_in::SessionStage;
use concord_crypto::password::{verify_against_dummy, verify_password};
use concord_crypto::token::{hash_token, keyed_hash, new_token, random_base64url};
use concord_domain::audit::{AuditAction, AuditOutcome};
use concord_domain::user::normalise_username;
use concord_store::{SessionRow, SignInFailureRow, UserRow};
use secrecy::{ExposeSecret, SecretString};
use uuid::Uuid;

/// A session just created: the cookie value is shown once and never stored.
pub struct NewSession {
    pub token: SecretString,
    pub stage: SessionStage,
}

/// Who is signing in from where; the address is only ever stored hashed.
pub struct SignInAttempt<'a> {
    pub username: &'a str,
    pub password: &'a SecretString,
    pub address: &'a str,
    pub user_agent: &'a str,
}

impl App {
    pub(crate) fn account_key(&self, username: &str) -> Vec<u8> {
        keyed_hash(&self.keys.throttle, normalise_username(username).as_bytes())
    }

    pub(crate) fn address_key(&self, address: &str) -> Vec<u8> {
        keyed_hash(&self.keys.throttle, address.as_bytes())
    }

    /// Registers an attempt before its outcome is known and says whether
    /// it must be refused. Registering first means parallel guesses cannot
    /// all pass the check before any failure is written.
    pub(crate) async fn attempt_refused(
        &self,
        account_key: &[u8],
        address_key: &[u8],
    ) -> AppResult<bool> {
        let now = self.clock.now();
        let attempt = SignInFailureRow {
            account_key: account_key.to_vec(),
            address_key: address_key.to_vec(),
            at: now,
        };
        let since = now - self.config.throttle.window;
        let (account, address) = self.store.register_sign_in_attempt(&attempt, since).await?;
        Ok(self.config.throttle.refuses_attempt(account, address))
    }

    /// Checks the password. The answer for an unknown user, a wrong
    /// password and a disabled account is the same, and takes as long.
    pub async fn sign_in(&self, attempt: &SignInAttempt<'_>) -> AppResult<NewSession> {
        let account_key = self.account_key(attempt.username);
        let address_key = self.address_key(attempt.address);
        if self.attempt_refused(&account_key, &address_key).await? {
            let event = self.event(
                None,
                AuditAction::SignInThrottled,
                None,
                AuditOutcome::Denied,
                serde_json::json!({}),
            );
            self.store.append_audit(&event).await?;
            return Err(AppError::Throttled);
        }
        let user = self
            .store
            .find_user_by_username(&normalise_username(attempt.username))
            .await?;
        let accepted = match &user {
            Some(user) => verify_password(attempt.password, &user.password_hash)? && user.active,
            None => {
                verify_against_dummy(attempt.password);
                false
            }
        };
        match user {
            Some(user) if accepted => {
                let session = self.start_session(&user, attempt.user_agent).await?;
                // Attempts are cleared only once sign-in is complete: a
                // right password must not reset the count of wrong codes.
                if session.stage == SessionStage::Complete {
                    self.store.clear_account_failures(&account_key).await?;
                }
                Ok(session)
            }
            other => {
                let event = self.event(
                    None,
                    AuditAction::SignInFailed,
                    other.map(|u| ("user", u.id.to_string())),
                    AuditOutcome::Failure,
                    serde_json::json!({}),
                );
                self.store.append_audit(&event).await?;
                Err(AppError::BadCredentials)
            }
        }
    }

    async fn start_session(&self, user: &UserRow, user_agent: &str) -> AppResult<NewSession> {
        let token = new_token();
        let now = self.clock.now();
        // `second_factor_done` records a factor actually checked; whether one
        // is needed is decided afresh on every request (roles can change).
        let session = SessionRow {
            id: Uuid::now_v7(),
            token_hash: hash_token(token.expose_secret()),
            user_id: user.id,
            created_at: now,
            last_seen_at: now,
            second_factor_done: false,
            csrf_token: random_base64url(32),
            user_agent: summarise_user_agent(user_agent),
            revoked_at: None,
        };
        let stage = self.stage_of(user, &session);
        let event = self.event(
            Some(&crate::signed_in::actor_of(user)),
            AuditAction::SignInSucceeded,
            Some(("session", session.id.to_string())),
            AuditOutcome::Success,
            serde_json::json!({ "second_factor_pending": stage != SessionStage::Complete }),
        );
        self.store.create_session(&session, &event).await?;
        Ok(NewSession { token, stage })
    }

    /// Replaces a session with a fresh token once its second factor is
    /// done (a session's token changes whenever it gains privileges).
    pub(crate) async fn upgrade_session(
        &self,
        old: &SessionRow,
        action: AuditAction,
        user: &UserRow,
    ) -> AppResult<NewSession> {
        let token = new_token();
        let now = self.clock.now();
        let session = SessionRow {
            id: Uuid::now_v7(),
            token_hash: hash_token(token.expose_secret()),
            user_id: old.user_id,
            created_at: old.created_at,
            last_seen_at: now,
            second_factor_done: true,
            csrf_token: random_base64url(32),
            user_agent: old.user_agent.clone(),
            revoked_at: None,
        };
        let event = self.event(
            Some(&crate::signed_in::actor_of(user)),
            action,
            Some(("session", session.id.to_string())),
            AuditOutcome::Success,
            serde_json::json!({}),
        );
        self.store
            .replace_session(&old.token_hash, &session, now, &event)
            .await?;
        Ok(NewSession {
            token,
            stage: SessionStage::Complete,
        })
    }

    /// Signs out this session.
    pub async fn sign_out(&self, signed_in: &crate::SignedIn) -> AppResult<()> {
        let actor = crate::signed_in::actor_of(&signed_in.user);
        let event = self.event(
            Some(&actor),
            AuditAction::SignedOut,
            Some(("session", signed_in.session.id.to_string())),
            AuditOutcome::Success,
            serde_json::json!({}),
        );
        self.store
            .revoke_session(
                signed_in.user.id,
                signed_in.session.id,
                self.clock.now(),
                &event,
            )
            .await?;
        Ok(())
    }
}

/// "Firefox on Android"-style summary: enough for a person to recognise
/// their own sessions, not a fingerprint.
fn summarise_user_agent(ua: &str) -> String {
    let browser = ["Edg/", "Firefox/", "Chrome/", "Safari/", "curl/"]
        .iter()
        .find(|b| ua.contains(*b))
        .map(|b| match *b {
            "Edg/" => "Edge",
            "Firefox/" => "Firefox",
            "Chrome/" => "Chrome",
            "Safari/" => "Safari",
            _ => "command line",
        })
        .unwrap_or("Unknown browser");
    let system = ["Android", "iPhone", "Windows", "Mac OS", "Linux"]
        .iter()
        .find(|s| ua.contains(*s))
        .copied()
        .unwrap_or("unknown system");
    format!("{browser} on {system}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn user_agents_are_summarised() {
        assert_eq!(
            super::summarise_user_agent(
                "Mozilla/5.0 (Linux; Android 13) Chrome/120.0 Mobile Safari/537.36"
            ),
            "Chrome on Android"
        );
        assert_eq!(
            super::summarise_user_agent(""),
            "Unknown browser on unknown system"
        );
    }
}
