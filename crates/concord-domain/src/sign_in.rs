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
    /// True when a sign-in attempt must be refused without checking the
    /// password (so a throttled attacker learns nothing).
    pub fn is_throttled(&self, account_failures: u32, address_failures: u32) -> bool {
        account_failures >= self.max_per_account || address_failures >= self.max_per_address
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn throttles_at_the_limits() {
        let p = ThrottlePolicy::default();
        assert!(!p.is_throttled(4, 29));
        assert!(p.is_throttled(5, 0));
        assert!(p.is_throttled(0, 30));
    }
}
