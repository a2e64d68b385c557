//! Removing what has expired: ended sessions and old sign-in attempts.
//! Safe on several instances at once (plain deletes of expired rows).

use crate::app::App;
use crate::error::AppResult;
use concord_store::{PurgeCounts, PurgeCutoffs};

impl App {
    pub async fn purge_expired(&self) -> AppResult<PurgeCounts> {
        let now = self.clock.now();
        let cutoffs = PurgeCutoffs {
            sessions_idle_before: now - self.config.sessions.idle_timeout,
            sessions_created_before: now - self.config.sessions.absolute_timeout,
            attempts_before: now - self.config.throttle.window,
        };
        Ok(self.store.purge_expired(&cutoffs).await?)
    }
}
