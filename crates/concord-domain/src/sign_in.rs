//! Sign-in throttling: how many failures are tolerated before sign-in is
//! refused for a while. Counted in the database so it holds across instances.

use chrono::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThrottlePolicy {
    /// Failures are counted over this sliding window.
    pub window: Duration,
    /// Failures per account in the window before that account is refused.
    pub max_per_account: u32,
    /// Failures from one network address before that address is refused.
    pub max_per_address: u32,
}

impl Default for ThrottlePolicy {
    fn default() -> Self {
        Self {
            window: Duration::minutes(15),
            max_per_account: 5,
            max_per_address: 30,
        }
    }
}

impl ThrottlePolicy {
    /// True when an attempt must be refused without checking the password
    /// or code (so a throttled attacker learns nothing). The counts are the
    /// attempts not yet cleared by a complete sign-in, this one included:
    /// attempts are registered before their outcome is known, so parallel
    /// guesses cannot all slip under the limit.
    pub fn refuses_attempt(&self, account_attempts: u32, address_attempts: u32) -> bool {
        account_attempts > self.max_per_account || address_attempts > self.max_per_address
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn throttles_at_the_limits() {
        let p = ThrottlePolicy::default();
        assert!(
            !p.refuses_attempt(5, 30),
            "the fifth failure may still be tried"
        );
        assert!(p.refuses_attempt(6, 1));
        assert!(p.refuses_attempt(1, 31));
    }
}
