//! Storage of the service directory (HSDS 3.0 core objects): organizations,
//! locations, services with the areas they serve and the locations they
//! are offered at (HSDS `service_at_location`), and local taxonomy terms.
//!
//! Nothing here is survivor data. Entries are written whole ("put": insert
//! or replace by id) so the forms, the API and the HSDS import share one
//! path; each put takes its audit event in the same transaction. A
//! reference to a row that does not exist is `MissingReference` naming the
//! input field (`agency_id`, `organization_id`, `area_id`, `area_ids`,
//! `location_ids`); a second organization with the same name, or a term
//! code in use, is `Duplicate` (`name`, `code`). Nothing is written then.

use crate::rows::{NewAuditEvent, Page, PageRequest};
use crate::store::StoreResult;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use concord_domain::directory::{
    EspSector, LocationDetails, OrganizationDetails, ServiceDetails, ServiceStatus,
};
use concord_domain::ids::{AgencyId, AreaId, LocationId, OrganizationId, ServiceId};
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
}

#[async_trait]
pub trait DirectoryStore: Send + Sync {
    async fn put_organization(
        &self,
        organization: &OrganizationRow,
        audit: &NewAuditEvent,
    ) -> StoreResult<()>;
    async fn get_organization(&self, id: OrganizationId) -> StoreResult<Option<OrganizationRow>>;
    /// Ordered by name, then id.
    async fn list_organizations(&self, page: &PageRequest) -> StoreResult<Page<OrganizationRow>>;

    async fn put_location(&self, location: &LocationRow, audit: &NewAuditEvent) -> StoreResult<()>;
    /// One organization's locations (or all), ordered by name, then id.
    async fn list_locations(
        &self,
        organization: Option<OrganizationId>,
    ) -> StoreResult<Vec<LocationRow>>;

    /// Inserts or replaces the service with its areas and locations. A
    /// `service_at_location` id already used by another service is
    /// `Duplicate { field: "location_ids" }`.
    async fn put_service(&self, service: &ServiceRow, audit: &NewAuditEvent) -> StoreResult<()>;
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
    /// services) in one transaction with `audit`: all or nothing.
    async fn import_directory(
        &self,
        dump: &DirectoryDump,
        audit: &NewAuditEvent,
    ) -> StoreResult<()>;
}
