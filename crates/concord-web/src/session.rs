//! Extractors that find who is making a page request.

use crate::error::PageError;
use crate::security::cookies;
use crate::state::AppState;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use concord_app::{AppError, SessionStage, SignedIn};
use concord_domain::access::Actor;
use std::net::SocketAddr;

/// A session at any stage of sign-in (for the second-factor pages).
pub struct AnySession(pub SignedIn);

impl FromRequestParts<AppState> for AnySession {
    type Rejection = PageError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let token = cookies::read(&parts.headers, cookies::SESSION, state.config.https)
            .ok_or(PageError::SignInRequired)?;
        match state.app.session_from_token(&token).await {
            Ok(signed_in) => Ok(AnySession(signed_in)),
            Err(AppError::Unauthenticated) => Err(PageError::SignInRequired),
            Err(other) => Err(other.into()),
        }
    }
}

/// A fully signed-in person: password and (where required) second factor.
pub struct Person {
    pub signed_in: SignedIn,
    pub actor: Actor,
}

impl FromRequestParts<AppState> for Person {
    type Rejection = PageError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let AnySession(signed_in) = AnySession::from_request_parts(parts, state).await?;
        match signed_in.stage {
            SessionStage::Complete => {
                let actor = signed_in.actor()?;
                Ok(Person { signed_in, actor })
            }
            SessionStage::NeedsSecondFactor => Err(PageError::Redirect("/sign-in/second-factor")),
            SessionStage::NeedsEnrolment => Err(PageError::Redirect("/account/second-factor")),
        }
    }
}

/// The client's network address, used only (hashed) for throttling.
pub struct ClientAddress(pub String);

impl FromRequestParts<AppState> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        if state.config.trust_forwarded_for
            && let Some(forwarded) = parts
                .headers
                .get("x-forwarded-for")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.rsplit(',').next())
        {
            return Ok(ClientAddress(forwarded.trim().to_string()));
        }
        let address = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(addr)| addr.ip().to_string())
            .unwrap_or_else(|| "unknown".into());
        Ok(ClientAddress(address))
    }
}

/// The browser's User-Agent, summarised by the app for "my sessions".
pub fn user_agent(parts_headers: &axum::http::HeaderMap) -> String {
    parts_headers
        .get(axum::http::header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .chars()
        .take(400)
        .collect()
}
