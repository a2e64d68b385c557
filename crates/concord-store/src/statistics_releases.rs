//! Storage of statistics releases (migration 0015): the frozen tables, the
//! contributing agencies' decisions and, once every one has signed, the
//! published document and its SHA-256. A published or withdrawn release is
//! never changed: every write below is refused (`Conflict`) unless the
//! release is still in the state the caller read.

use crate::rows::{NewAuditEvent, Page, PageRequest};
use crate::store::StoreResult;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use concord_domain::ids::{AgencyId, AreaId, StatisticsReleaseId, UserId};
use concord_domain::role::Role;
use concord_domain::statistics_release::ReleaseStatus;
use serde::{Deserialize, Serialize};

/// This module's tables, in the order `table_counts` reports them.
pub const STATISTICS_RELEASE_TABLES: [&str; 2] =
    ["statistics_releases", "statistics_release_contributors"];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatisticsReleaseRow {
    pub id: StatisticsReleaseId,
    /// `IndicatorSet::as_str`.
    pub indicator_set: String,
    /// `2026-Q1`.
    pub period: String,
    pub area_id: AreaId,
    /// Breakdown codes, sorted.
    pub breakdowns: Vec<String>,
    pub small_cell_threshold: i32,
    /// The published tables as JSON, frozen when prepared.
    pub tables: String,
    pub status: ReleaseStatus,
    pub prepared_by: UserId,
    pub prepared_at: DateTime<Utc>,
    pub published_at: Option<DateTime<Utc>>,
    /// The canonical published form (exact bytes as text).
    pub published_document: Option<String>,
    /// Hex SHA-256 of `published_document`.
    pub content_hash: Option<String>,
    pub withdrawn_at: Option<DateTime<Utc>>,
}

/// A contributing agency and its decision, if made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReleaseContributorRow {
    pub agency_id: AgencyId,
    /// `Some(true)` signed, `Some(false)` refused, `None` not yet.
    pub signed: Option<bool>,
    pub reason: Option<String>,
    pub decided_by: Option<UserId>,
    pub decided_at: Option<DateTime<Utc>>,
    /// The role the signer decided in (`None` before migration 0021).
    #[serde(default)]
    pub decided_as: Option<Role>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatisticsReleaseDetail {
    pub release: StatisticsReleaseRow,
    /// In agency id order.
    pub contributors: Vec<ReleaseContributorRow>,
}

/// What publishing writes (with the last signature).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReleasePublication {
    pub published_at: DateTime<Utc>,
    pub document: String,
    pub content_hash: String,
}

/// One agency's decision on a release still awaiting sign-off.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReleaseDecisionRow {
    pub release_id: StatisticsReleaseId,
    pub agency_id: AgencyId,
    pub signed: bool,
    pub reason: Option<String>,
    pub decided_by: UserId,
    pub decided_at: DateTime<Utc>,
    /// The role the signer decides in (named in the sign-off).
    pub decided_as: Role,
    /// The release's status after it: still awaiting, refused or published.
    pub new_status: ReleaseStatus,
    /// Set exactly when `new_status` is published.
    pub publication: Option<ReleasePublication>,
}

/// Every release and contributor, for `concord copy-db`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatisticsReleaseDump {
    pub releases: Vec<StatisticsReleaseRow>,
    /// By release id, then agency id.
    pub contributors: Vec<(StatisticsReleaseId, ReleaseContributorRow)>,
}

/// Which releases to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ReleaseFilter {
    pub status: Option<ReleaseStatus>,
    /// Only releases this agency contributes to.
    pub contributor: Option<AgencyId>,
    /// Only releases that are published or that this agency contributes
    /// to (what its designated person sees).
    pub published_or_contributor: Option<AgencyId>,
}

#[async_trait]
pub trait StatisticsReleaseStore: Send + Sync {
    /// A new release awaiting sign-off with its contributing agencies.
    /// `MissingReference` naming `area_id`, `prepared_by` or `agency_id`.
    async fn create_statistics_release(
        &self,
        row: &StatisticsReleaseRow,
        contributors: &[AgencyId],
        audit: &NewAuditEvent,
    ) -> StoreResult<()>;
    async fn get_statistics_release(
        &self,
        id: StatisticsReleaseId,
    ) -> StoreResult<Option<StatisticsReleaseDetail>>;
    /// Newest prepared first, a page at a time (keyset cursor on the time
    /// prepared and the id; `InvalidCursor` for a cursor it did not make).
    async fn list_statistics_releases(
        &self,
        filter: &ReleaseFilter,
        page: &PageRequest,
    ) -> StoreResult<Page<StatisticsReleaseRow>>;
    /// Records the decision and the release's new status (and publication)
    /// with its audit events, in one transaction. `Conflict` unless the
    /// release still awaits sign-off and the agency has not decided;
    /// `NotFound` for an unknown release or an agency that does not
    /// contribute.
    async fn record_release_decision(
        &self,
        decision: &ReleaseDecisionRow,
        audit: &[NewAuditEvent],
    ) -> StoreResult<()>;
    /// `Conflict` unless the release awaits sign-off or was refused.
    async fn withdraw_statistics_release(
        &self,
        id: StatisticsReleaseId,
        at: DateTime<Utc>,
        audit: &NewAuditEvent,
    ) -> StoreResult<()>;
}
