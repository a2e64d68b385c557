//! Turning a session cookie or an API token into the person acting.

use crate::app::App;
use crate::error::{AppError, AppResult};
use chrono::Duration;
use concord_crypto::token::hash_token;
use concord_domain::access::Actor;
use concord_domain::role::requires_second_factor;
use concord_domain::session::{SessionState, session_state};
use concord_store::{SessionRow, UserRow};

/// How far through sign-in a session is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionStage {
    /// Password checked; the account has a second factor to check.
    NeedsSecondFactor,
    /// Password checked; the account must set up a second factor first.
    NeedsEnrolment,
    /// Fully signed in.
    Complete,
}

/// A person with a live session.
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub session: SessionRow,
    pub user: UserRow,
    pub stage: SessionStage,
}

impl SignedIn {
    /// The actor, only once sign-in is complete.
    pub fn actor(&self) -> AppResult<Actor> {
        match self.stage {
            SessionStage::Complete => Ok(actor_of(&self.user)),
            _ => Err(AppError::Unauthenticated),
        }
    }
}

pub(crate) fn actor_of(user: &UserRow) -> Actor {
    Actor {
        user_id: user.id,
        agency_id: user.agency_id,
        roles: user.roles.clone(),
        token_scope: None,
    }
}

/// Sessions and API tokens are touched at most this often (and by one
/// request of this process per interval, see [`crate::last_use`]), to spare
/// the database a write on every request; idle expiry is exact to within
/// this.
pub(crate) const TOUCH_EVERY: Duration = Duration::seconds(30);

impl App {
    /// Whether this account must pass a second factor in this mode.
    pub fn second_factor_required(&self, user: &UserRow) -> bool {
        requires_second_factor(&user.roles) && !(self.config.demo_mode && user.demo_account)
    }

    pub(crate) fn stage_of(&self, user: &UserRow, session: &SessionRow) -> SessionStage {
        if session.second_factor_done {
            SessionStage::Complete
        } else if user.totp_secret.is_some() {
            SessionStage::NeedsSecondFactor
        } else if self.second_factor_required(user) {
            SessionStage::NeedsEnrolment
        } else {
            SessionStage::Complete
        }
    }

    /// The live session for a cookie token, or `Unauthenticated` if it is
    /// unknown, revoked, expired, or its account is disabled.
    pub async fn session_from_token(&self, token: &str) -> AppResult<SignedIn> {
        let hash = hash_token(token);
        let session = self
            .store
            .get_session(&hash)
            .await?
            .ok_or(AppError::Unauthenticated)?;
        let now = self.clock.now();
        let state = session_state(
            &self.config.sessions,
            session.created_at,
            session.last_seen_at,
            session.revoked_at.is_some(),
            now,
        );
        if state != SessionState::Active {
            return Err(AppError::Unauthenticated);
        }
        let user = self
            .store
            .get_user(session.user_id)
            .await?
            .filter(|u| u.active)
            .ok_or(AppError::Unauthenticated)?;
        if self
            .session_touches
            .claim(hash.clone(), Some(session.last_seen_at), now)
        {
            self.store.touch_session(&hash, now).await?;
        }
        let stage = self.stage_of(&user, &session);
        Ok(SignedIn {
            session,
            user,
            stage,
        })
    }

    /// The actor for an API bearer token: the owner's permissions narrowed
    /// by the token's scope.
    pub async fn actor_from_api_token(&self, token: &str) -> AppResult<Actor> {
        let token_row = self
            .store
            .find_api_token(&hash_token(token))
            .await?
            .ok_or(AppError::Unauthenticated)?;
        let now = self.clock.now();
        if token_row.revoked_at.is_some() || token_row.expires_at <= now {
            return Err(AppError::Unauthenticated);
        }
        let user = self
            .store
            .get_user(token_row.user_id)
            .await?
            .filter(|u| u.active)
            .ok_or(AppError::Unauthenticated)?;
        // A token works only while its owner meets the sign-in rules of
        // their current roles (e.g. promoted into case work, not enrolled).
        if self.second_factor_required(&user) && user.totp_secret.is_none() {
            return Err(AppError::Unauthenticated);
        }
        if self
            .token_touches
            .claim(token_row.id, token_row.last_used_at, now)
        {
            self.store.touch_api_token(token_row.id, now).await?;
        }
        let mut actor = actor_of(&user);
        actor.token_scope = Some(token_row.scope);
        Ok(actor)
    }

    /// Fresh user row, for pages that show the account.
    pub async fn current_user(&self, actor: &Actor) -> AppResult<UserRow> {
        self.store
            .get_user(actor.user_id)
            .await?
            .ok_or(AppError::Unauthenticated)
    }
}
