//! Coalescing "last used" writes: under many concurrent requests of one
//! session or API token, each read the stored "last used" instant as stale
//! at once and each wrote it again (one durable write transaction per
//! request). This process now claims the write for a session or token at
//! most once per interval; the others skip it.
//!
//! Only the bookkeeping write is coalesced. Whether the session or token is
//! revoked, expired or its account disabled is still read from the database
//! on every request, so a revocation takes effect at once.

use chrono::{DateTime, Duration, Utc};
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Mutex;

/// Above this many remembered keys, the ones older than the interval are
/// forgotten (they would be claimed again anyway).
const PRUNE_ABOVE: usize = 4_096;

/// When this process last claimed the "last used" write of each key.
#[derive(Debug)]
pub(crate) struct LastUseWrites<K> {
    every: Duration,
    claimed: Mutex<HashMap<K, DateTime<Utc>>>,
}

impl<K: Eq + Hash> LastUseWrites<K> {
    pub fn new(every: Duration) -> Self {
        LastUseWrites {
            every,
            claimed: Mutex::new(HashMap::new()),
        }
    }

    /// Whether the caller should write `now` as the key's last use: not if
    /// the stored instant is recent, nor if this process claimed the write
    /// within the interval; otherwise the caller claims it.
    pub fn claim(&self, key: K, stored: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
        if stored.is_some_and(|at| now - at < self.every) {
            return false;
        }
        let mut claimed = self.claimed.lock().unwrap_or_else(|e| e.into_inner());
        if claimed.get(&key).is_some_and(|at| now - *at < self.every) {
            return false;
        }
        if claimed.len() >= PRUNE_ABOVE {
            claimed.retain(|_, at| now - *at < self.every);
        }
        claimed.insert(key, now);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000 + seconds, 0).unwrap()
    }

    fn writes() -> LastUseWrites<u32> {
        LastUseWrites::new(Duration::seconds(30))
    }

    #[test]
    fn a_stale_key_is_written_once_per_interval_however_many_ask() {
        let writes = writes();
        let stale = Some(at(-60));
        assert!(writes.claim(1, stale, at(0)));
        for _ in 0..63 {
            assert!(!writes.claim(1, stale, at(0)));
        }
        assert!(!writes.claim(1, stale, at(29)));
        assert!(
            writes.claim(1, stale, at(30)),
            "the next interval writes again"
        );
    }

    #[test]
    fn never_used_counts_as_stale() {
        assert!(writes().claim(1, None, at(0)));
    }

    #[test]
    fn a_recent_stored_use_is_not_written_again() {
        let writes = writes();
        assert!(!writes.claim(1, Some(at(-29)), at(0)));
        assert!(writes.claim(1, Some(at(-30)), at(0)));
    }

    #[test]
    fn keys_are_claimed_apart() {
        let writes = writes();
        assert!(writes.claim(1, None, at(0)));
        assert!(writes.claim(2, None, at(0)));
        assert!(!writes.claim(1, None, at(1)));
    }

    #[test]
    fn many_keys_are_pruned_without_losing_recent_claims() {
        let writes = writes();
        for key in 0..PRUNE_ABOVE as u32 {
            assert!(writes.claim(key, None, at(0)));
        }
        assert!(writes.claim(u32::MAX, None, at(31)), "prunes the old ones");
        assert!(!writes.claim(u32::MAX, None, at(32)));
        assert_eq!(writes.claimed.lock().unwrap().len(), 1);
    }
}
