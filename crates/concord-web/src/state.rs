//! What every handler can reach.

use concord_app::App;
use std::sync::Arc;

/// How this instance is reached and presented.
#[derive(Debug, Clone, Default)]
pub struct WebConfig {
    /// Served over HTTPS (directly or behind a proxy): cookies get
    /// `Secure` and the `__Host-` prefix, and HSTS is sent.
    pub https: bool,
    /// `concord demo`: shows the demo banner.
    pub demo_mode: bool,
    /// Take the client address from the last `X-Forwarded-For` entry
    /// (only behind a proxy that sets it).
    pub trust_forwarded_for: bool,
    /// Requests per client address; `None` for no limit (tests that make
    /// thousands of requests from one address).
    pub rate_limit: Option<crate::security::rate_limit::RateLimit>,
    /// The language of a reader with no saved preference, no switcher
    /// choice and no `Accept-Language` Concord speaks.
    pub default_language: concord_domain::language::Language,
}

#[derive(Clone)]
pub struct AppState {
    pub app: Arc<App>,
    pub config: Arc<WebConfig>,
}

impl AppState {
    pub fn new(app: Arc<App>, config: WebConfig) -> Self {
        Self {
            app,
            config: Arc::new(config),
        }
    }
}
