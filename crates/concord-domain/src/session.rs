//! When a signed-in session stops being valid.

use chrono::{DateTime, Duration, Utc};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionPolicy {
    /// Signed out after this long without a request.
    pub idle_timeout: Duration,
    /// Signed out this long after sign-in, however active.
    pub absolute_timeout: Duration,
}

impl Default for SessionPolicy {
    fn default() -> Self {
        Self {
            idle_timeout: Duration::minutes(30),
            absolute_timeout: Duration::hours(12),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionState {
    Active,
    Revoked,
    IdleExpired,
    AbsoluteExpired,
}

pub fn session_state(
    policy: &SessionPolicy,
    created_at: DateTime<Utc>,
    last_seen_at: DateTime<Utc>,
    revoked: bool,
    now: DateTime<Utc>,
) -> SessionState {
    if revoked {
        SessionState::Revoked
    } else if now >= created_at + policy.absolute_timeout {
        SessionState::AbsoluteExpired
    } else if now >= last_seen_at + policy.idle_timeout {
        SessionState::IdleExpired
    } else {
        SessionState::Active
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idle_and_absolute_limits() {
        let p = SessionPolicy::default();
        let t0 = Utc::now();
        let state = |last: DateTime<Utc>, now| session_state(&p, t0, last, false, now);
        assert_eq!(state(t0, t0 + Duration::minutes(29)), SessionState::Active);
        assert_eq!(
            state(t0, t0 + Duration::minutes(30)),
            SessionState::IdleExpired
        );
        let late = t0 + Duration::hours(12) - Duration::minutes(1);
        assert_eq!(
            state(late, late + Duration::seconds(30)),
            SessionState::Active
        );
        assert_eq!(
            state(late, t0 + Duration::hours(12)),
            SessionState::AbsoluteExpired
        );
        assert_eq!(session_state(&p, t0, t0, true, t0), SessionState::Revoked);
    }
}
