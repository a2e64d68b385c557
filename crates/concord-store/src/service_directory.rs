//! Storage of the service directory (HSDS 3.0 core objects): organizations,
//! locations, services with the areas they serve and the locations they
//! are offered at (HSDS `service_at_location`), and local taxonomy terms.
//!
//! Nothing here is survivor data. Entries are written whole ("put": insert
//! or replace by id) so the forms, the API and the HSDS import share one
//! path; each put takes a [`DirectoryWrite`]: the revisions of the
//! organizations the change was decided on, the entries' history, the
//! notices to their owning agencies and the audit event, all in the same
//! transaction. A reference to a row that does not exist is
//! `MissingReference` naming the input field (`agency_id`,
//! `organization_id`, `area_id`, `area_ids`, `location_ids`); a second
//! organization with the same name, or a term code in use, is `Duplicate`
//! (`name`, `code`); an organization that changed since the decision is
//! `Conflict`. Nothing is written then.
//!
//! Every organization has a revision that goes up with every change to it
//! or to one of its services or locations: who keeps an entry depends on
//! the organization's link and on every area its services and locations
//! name, so a change decided on one revision is refused on another.

use crate::rows::{NewAuditEvent, Page, PageRequest};
use crate::store::StoreResult;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use concord_domain::directory::history::{ChangeKind, EntryKind, FieldChange};
use concord_domain::directory::{
    EspSector, LocationDetails, OrganizationDetails, ServiceDetails, ServiceStatus,
};
use concord_domain::ids::{AgencyId, AreaId, LocationId, OrganizationId, ServiceId, UserId};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganizationRow {
    pub id: OrganizationId,
    /// Unique (byte-wise).
    pub name: String,
    /// The member agency this organization is; `None` for an outside
    /// provider.
    pub agency_id: Option<AgencyId>,
    pub details: OrganizationDetails,
    pub last_verified_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocationRow {
    pub id: LocationId,
    pub organization_id: OrganizationId,
    pub name: String,
    pub area_id: Option<AreaId>,
    pub details: LocationDetails,
    pub updated_at: DateTime<Utc>,
}

/// HSDS `service_at_location`: a service offered at one location.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceAtLocation {
    pub id: Uuid,
    pub location_id: LocationId,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceRow {
    pub id: ServiceId,
    pub organization_id: OrganizationId,
    pub name: String,
    pub status: ServiceStatus,
    /// Takes referrals through Concord (its organization is a member
    /// agency).
    pub accepts_referrals: bool,
    /// ESP codes and local term codes, in the order given.
    pub taxonomy: Vec<String>,
    /// Areas served, ordered by id.
    pub area_ids: Vec<AreaId>,
    /// Ordered by location id.
    pub at_locations: Vec<ServiceAtLocation>,
    pub details: ServiceDetails,
    pub last_verified_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A local taxonomy term (the ESP terms are fixed in the domain).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TermRow {
    /// Unique.
    pub code: String,
    pub name: String,
    pub sector: Option<EspSector>,
    pub created_at: DateTime<Utc>,
}

/// What an HSDS import said of a taxonomy term (ESP or local) beyond
/// Concord's own fields, exported again as it came.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TermHsdsRow {
    /// Unique: an ESP code or a local term's code.
    pub code: String,
    /// The id the file gave the term.
    pub hsds_id: Uuid,
    pub description: String,
}

/// Which services to list; every condition given must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ServiceFilter {
    pub organization: Option<OrganizationId>,
    /// Services serving this area (directly; the caller passes the area
    /// and its parents when it wants services serving it from above).
    pub serving_any_of: Vec<AreaId>,
    /// Services of the organization linked to this member agency.
    pub agency: Option<AgencyId>,
    pub accepts_referrals: Option<bool>,
}

/// The whole directory, for the HSDS export and import and for
/// `concord copy-db`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DirectoryDump {
    pub organizations: Vec<OrganizationRow>,
    pub locations: Vec<LocationRow>,
    pub services: Vec<ServiceRow>,
    pub terms: Vec<TermRow>,
    /// By code.
    #[serde(default)]
    pub term_hsds: Vec<TermHsdsRow>,
}

/// One change to a directory entry, kept in its history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DirectoryChangeRow {
    pub id: Uuid,
    /// The organization whose page shows it: the entry itself, or the
    /// organization of the service or location (after the change).
    pub organization_id: OrganizationId,
    pub entry_kind: EntryKind,
    pub entry_id: Uuid,
    pub kind: ChangeKind,
    /// `None` for the command line and Concord itself (the demo).
    pub actor_user_id: Option<UserId>,
    pub actor_agency_id: Option<AgencyId>,
    /// The member agency that keeps the entry after the change, if any.
    pub owner_agency_id: Option<AgencyId>,
    pub at: DateTime<Utc>,
    /// What changed, in the order of the entry's fields.
    pub fields: Vec<FieldChange>,
}

/// A notice to a member agency's administrators: someone outside the
/// agency changed one of its entries. One per change and agency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DirectoryNoticeRow {
    pub id: Uuid,
    pub agency_id: AgencyId,
    pub change_id: Uuid,
    pub created_at: DateTime<Utc>,
    pub read_at: Option<DateTime<Utc>>,
}

/// An unread notice with the change it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirectoryNotice {
    pub notice: DirectoryNoticeRow,
    pub change: DirectoryChangeRow,
}

/// An area an organization is placed in, and the entry (a location, or a
/// service serving it) that places it there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Placement {
    pub entry_id: Uuid,
    pub area_id: AreaId,
}

/// What deciding who keeps an organization needs, read in one snapshot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganizationStanding {
    pub organization: OrganizationRow,
    pub revision: i64,
    /// Ordered by entry id, then area id.
    pub placements: Vec<Placement>,
}

/// What a change to the directory writes besides the entries, in the same
/// transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirectoryWrite {
    /// The organizations (and their revisions) the change was decided on:
    /// `Conflict`, nothing written, unless each still has that revision.
    /// Each one's revision goes up by one.
    pub expected: Vec<(OrganizationId, i64)>,
    pub changes: Vec<DirectoryChangeRow>,
    pub notices: Vec<DirectoryNoticeRow>,
    pub audit: NewAuditEvent,
}

impl DirectoryWrite {
    /// A write with nothing but its audit event (taxonomy terms, tests).
    pub fn audited(audit: NewAuditEvent) -> Self {
        Self {
            expected: Vec::new(),
            changes: Vec::new(),
            notices: Vec::new(),
            audit,
        }
    }
}

/// Which changes to list: every condition given must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HistoryFilter {
    pub organization: Option<OrganizationId>,
    pub entry: Option<Uuid>,
}

/// The history tables, in the order `table_counts` reports them (after
/// the risk tables).
pub const DIRECTORY_HISTORY_TABLES: [&str; 2] = ["dir_changes", "dir_change_notices"];

/// The directory's history and notices, for `concord copy-db`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DirectoryHistoryDump {
    pub changes: Vec<DirectoryChangeRow>,
    pub notices: Vec<DirectoryNoticeRow>,
}

#[async_trait]
pub trait DirectoryStore: Send + Sync {
    async fn put_organization(
        &self,
        organization: &OrganizationRow,
        write: &DirectoryWrite,
    ) -> StoreResult<()>;
    async fn get_organization(&self, id: OrganizationId) -> StoreResult<Option<OrganizationRow>>;
    /// Ordered by name, then id.
    async fn list_organizations(&self, page: &PageRequest) -> StoreResult<Page<OrganizationRow>>;

    async fn put_location(&self, location: &LocationRow, write: &DirectoryWrite)
    -> StoreResult<()>;
    /// One organization's locations (or all), ordered by name, then id.
    async fn list_locations(
        &self,
        organization: Option<OrganizationId>,
    ) -> StoreResult<Vec<LocationRow>>;

    /// Inserts or replaces the service with its areas and locations. A
    /// `service_at_location` id already used by another service is
    /// `Duplicate { field: "location_ids" }`.
    async fn put_service(&self, service: &ServiceRow, write: &DirectoryWrite) -> StoreResult<()>;
    async fn get_service(&self, id: ServiceId) -> StoreResult<Option<ServiceRow>>;
    /// Ordered by name, then id; areas and locations loaded with the page
    /// in a constant number of queries.
    async fn list_services(
        &self,
        filter: &ServiceFilter,
        page: &PageRequest,
    ) -> StoreResult<Page<ServiceRow>>;

    async fn put_term(&self, term: &TermRow, audit: &NewAuditEvent) -> StoreResult<()>;
    /// Ordered by code.
    async fn list_terms(&self) -> StoreResult<Vec<TermRow>>;

    /// Everything, in one snapshot, each list ordered by id (terms by
    /// code).
    async fn export_directory(&self) -> StoreResult<DirectoryDump>;
    /// Puts every row of `dump` (terms, organizations, locations, then
    /// services) in one transaction with `write`: all or nothing.
    async fn import_directory(
        &self,
        dump: &DirectoryDump,
        write: &DirectoryWrite,
    ) -> StoreResult<()>;

    /// The organization with its revision and every area its locations
    /// are in and its services serve, in one snapshot.
    async fn organization_standing(
        &self,
        id: OrganizationId,
    ) -> StoreResult<Option<OrganizationStanding>>;
    /// Every organization's revision, ordered by id.
    async fn organization_revisions(&self) -> StoreResult<Vec<(OrganizationId, i64)>>;
    /// Changes, newest first (cursor on the time and id).
    async fn directory_history(
        &self,
        filter: &HistoryFilter,
        page: &PageRequest,
    ) -> StoreResult<Page<DirectoryChangeRow>>;
    /// The agency's unread notices with their changes, newest first, at
    /// most `limit`.
    async fn unread_directory_notices(
        &self,
        agency: AgencyId,
        limit: u32,
    ) -> StoreResult<Vec<DirectoryNotice>>;
    /// Marks one of the agency's notices read; false if there is no such
    /// unread notice.
    async fn mark_directory_notice_read(
        &self,
        agency: AgencyId,
        id: Uuid,
        at: DateTime<Utc>,
    ) -> StoreResult<bool>;
}
