//! A person's preferred language for the interface: saved under My
//! account, and read for each page of a signed-in session.

use crate::app::App;
use crate::error::AppResult;
use concord_crypto::token::hash_token;
use concord_domain::Invalid;
use concord_domain::access::Actor;
use concord_domain::audit::{AuditAction, AuditOutcome};
use concord_domain::language::Language;
use concord_domain::session::{SessionState, session_state};
use concord_domain::validation::Message;

impl App {
    /// Saves one's own preferred language (a tag of one of the six), or
    /// clears it when `tag` is blank; audited with the preference's tag,
    /// which is no personal data.
    pub async fn change_my_language(&self, actor: &Actor, tag: &str) -> AppResult<()> {
        let language = match tag.trim() {
            "" => None,
            tag => Some(Language::from_tag(tag).ok_or_else(not_offered)?),
        };
        let user = self.current_user(actor).await?;
        let event = self.event(
            Some(actor),
            AuditAction::UserUpdated,
            Some(("user", user.id.to_string())),
            AuditOutcome::Success,
            serde_json::json!({ "language": language.map_or("none", Language::tag) }),
        );
        self.store
            .set_user_language(user.id, language.map(Language::tag), &event)
            .await?;
        Ok(())
    }

    /// The saved language of the person whose session `token` is, when the
    /// session is live and they have saved one. Never an error: a page
    /// without it is read in the browser's language.
    pub async fn language_of_session(&self, token: &str) -> Option<Language> {
        let session = self.store.get_session(&hash_token(token)).await.ok()??;
        let state = session_state(
            &self.config.sessions,
            session.created_at,
            session.last_seen_at,
            session.revoked_at.is_some(),
            self.clock.now(),
        );
        if state != SessionState::Active {
            return None;
        }
        let tag = self.store.user_language(session.user_id).await.ok()??;
        Language::from_tag(&tag)
    }

    /// One's own saved language, if any.
    pub async fn my_language(&self, actor: &Actor) -> AppResult<Option<Language>> {
        let tag = self.store.user_language(actor.user_id).await?;
        Ok(tag.as_deref().and_then(Language::from_tag))
    }
}

fn not_offered() -> crate::error::AppError {
    Invalid::one_with_message(
        "language",
        "is not one of the languages offered",
        Message::new("language-not-offered"),
    )
    .into()
}
