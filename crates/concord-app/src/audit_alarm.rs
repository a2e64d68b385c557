//! The sealer that cannot seal is an alarm, not a log line: the last
//! failure is kept (per instance) until a seal succeeds, for `/healthz` and
//! the administrators' pages.

use chrono::{DateTime, Utc};
use std::sync::{Arc, Mutex};

/// Why sealing the audit log failed, and since when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SealingAlarm {
    pub reason: String,
    pub since: DateTime<Utc>,
}

/// Shared by the clones of one `App`.
#[derive(Debug, Default, Clone)]
pub(crate) struct SealingState(Arc<Mutex<Option<SealingAlarm>>>);

impl SealingState {
    pub(crate) fn failed(&self, reason: String, now: DateTime<Utc>) {
        let mut alarm = self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        // The first failure's time stays: "failing since".
        let since = alarm.as_ref().map_or(now, |a| a.since);
        *alarm = Some(SealingAlarm { reason, since });
    }

    pub(crate) fn sealed(&self) {
        *self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = None;
    }

    pub(crate) fn alarm(&self) -> Option<SealingAlarm> {
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }
}
