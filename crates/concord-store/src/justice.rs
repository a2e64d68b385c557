//! Storage of the justice chain of a case (migration 0016).

use crate::rows::NewAuditEvent;
use crate::store::StoreResult;
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use concord_domain::ids::{AgencyId, CaseId, JusticeEventId, UserId};
use concord_domain::justice::JusticeEventKind;
use serde::{Deserialize, Serialize};

/// One step of a case's justice chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JusticeEventRow {
    pub id: JusticeEventId,
    pub case_id: CaseId,
    pub kind: JusticeEventKind,
    /// The local day it happened.
    pub occurred_on: NaiveDate,
    /// The label of its outcome (offence key, charge outcome, verdict…).
    pub outcome: Option<String>,
    /// The reason for no further action or for her withdrawal.
    pub reason: Option<String>,
    /// The crime reference or the bail conditions, encrypted with the
    /// recording agency's key.
    pub detail: Option<Vec<u8>>,
    pub recording_agency: AgencyId,
    pub recorded_by: UserId,
    pub recorded_at: DateTime<Utc>,
}

/// The tables of the justice chain, in the order `table_counts` reports
/// them (after every other part).
pub const JUSTICE_TABLES: [&str; 1] = ["justice_events"];

/// Every justice step, for `concord copy-db`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct JusticeDump {
    pub events: Vec<JusticeEventRow>,
}

#[async_trait]
pub trait JusticeStore: Send + Sync {
    /// Adds a step with its audit event, only if the case still has exactly
    /// `steps_seen` steps (the chain the caller checked the order against;
    /// else `Conflict`). `MissingReference` naming the field for an unknown
    /// case, agency or user.
    async fn create_justice_event(
        &self,
        row: &JusticeEventRow,
        steps_seen: usize,
        audit: &NewAuditEvent,
    ) -> StoreResult<()>;

    /// The case's chain in the order it happened (by day, then as
    /// recorded).
    async fn list_justice_events(&self, case: CaseId) -> StoreResult<Vec<JusticeEventRow>>;
}
