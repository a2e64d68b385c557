//! Storage of her death and of the gender-related killing record
//! (migration 0023, issue 16 part 4).

use crate::cases::CaseRow;
use crate::rows::NewAuditEvent;
use crate::store::StoreResult;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use concord_domain::case::CaseStatus;
use concord_domain::ids::{CaseId, UserId};
use concord_domain::incident::{PerpetratorAgeGroup, PerpetratorSex};
use concord_domain::killing::{Characteristic, KillerRelationship};
use serde::{Deserialize, Serialize};

/// Her death, as recorded by the owning agency's supervisor. The case's
/// closure reason is `she_died` (`ClosureReason::SheDied`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseDeathRow {
    pub case_id: CaseId,
    /// The start of the local day she died, in the deployment's zone.
    pub died_at: DateTime<Utc>,
    /// Her death was a killing: a [`KillingRecordRow`] exists.
    pub killing: bool,
    /// The step the case was at when her death closed it.
    pub closed_from: CaseStatus,
    pub recorded_by: UserId,
    pub recorded_at: DateTime<Utc>,
}

/// The gender-related killing record (UNODC–UN Women statistical framework,
/// 2022): what is known of the perpetrator and the framework's
/// characteristics. The typology is derived from it
/// (`concord_domain::killing::KillingRecord::killing_type`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KillingRecordRow {
    pub case_id: CaseId,
    pub relationship: KillerRelationship,
    pub characteristics: Vec<Characteristic>,
    pub perpetrator_sex: PerpetratorSex,
    pub perpetrator_age_group: PerpetratorAgeGroup,
    pub updated_by: UserId,
    pub updated_at: DateTime<Utc>,
}

/// The tables of this part, in the order `table_counts` reports them.
pub const DEATH_TABLES: [&str; 2] = ["case_deaths", "killing_records"];

/// Every death and killing record, for `concord copy-db`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeathDump {
    pub deaths: Vec<CaseDeathRow>,
    pub killing_records: Vec<KillingRecordRow>,
}

#[async_trait]
pub trait DeathStore: Send + Sync {
    /// Closes `case` (already set to closed with the reason `she_died`)
    /// only if it is still `expected_status`, records her death and, for a
    /// killing, opens its record — with the audit event, in one
    /// transaction. `Conflict` if the case moved on or her death is already
    /// recorded.
    async fn record_death(
        &self,
        case: &CaseRow,
        expected_status: CaseStatus,
        death: &CaseDeathRow,
        killing: Option<&KillingRecordRow>,
        audit: &NewAuditEvent,
    ) -> StoreResult<()>;

    async fn get_case_death(&self, case: CaseId) -> StoreResult<Option<CaseDeathRow>>;

    async fn get_killing_record(&self, case: CaseId) -> StoreResult<Option<KillingRecordRow>>;

    /// Replaces what the record says, with the audit event, only if it was
    /// last changed at `seen_updated_at` (else `Conflict`); `NotFound`
    /// without a record.
    async fn update_killing_record(
        &self,
        row: &KillingRecordRow,
        seen_updated_at: DateTime<Utc>,
        audit: &NewAuditEvent,
    ) -> StoreResult<()>;
}
