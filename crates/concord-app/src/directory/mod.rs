//! The service directory: organizations, their locations and services,
//! local taxonomy terms, staleness, the referral pathway of an area and
//! the 4W view. Anyone who may view the directory reads it; keeping an
//! entry needs `ManageServiceDirectory` and being its keeper
//! (`concord_domain::directory::ownership`, applied in [`keeping`]): every
//! change is decided on the organization as it is and as it would be,
//! keeps its history and tells the owning agency when made from outside
//! it. Nothing here is survivor data.

pub mod hsds;
pub mod keeping;
pub mod pathway;

use crate::app::App;
use crate::error::{AppError, AppResult};
use concord_domain::access::Actor;
use concord_domain::audit::{AuditAction, AuditOutcome};
use concord_domain::directory::history::{ChangeKind, EntryKind, changes};
use concord_domain::directory::ownership::{self, relinks};
use concord_domain::directory::{
    LocationDetails, LocationForm, OrganizationDetails, OrganizationForm, ServiceDetails,
    ServiceForm, TermForm, is_stale,
};
use concord_domain::ids::{AgencyId, LocationId, OrganizationId, ServiceId};
use concord_domain::role::Permission;
use concord_store::{
    DirectoryWrite, LocationRow, OrganizationRow, OrganizationStanding, Page, PageRequest,
    ServiceAtLocation, ServiceFilter, ServiceRow, TermRow,
};
use keeping::{
    Decided, field_names, location_fields, notices_for, organization_fields, service_fields,
    standing_with,
};
use uuid::Uuid;

/// A service as the directory shows it.
#[derive(Debug, Clone)]
pub struct ServiceView {
    pub service: ServiceRow,
    pub organization: OrganizationRow,
    pub stale: bool,
}

/// An organization with its services and locations.
#[derive(Debug, Clone)]
pub struct OrganizationView {
    pub organization: OrganizationRow,
    pub stale: bool,
    pub services: Vec<ServiceRow>,
    pub locations: Vec<LocationRow>,
}

impl App {
    /// Days after which an entry not verified again is flagged stale.
    pub fn stale_after_days(&self) -> i64 {
        self.config.referrals.stale_after_days
    }

    pub async fn directory_organizations(
        &self,
        actor: &Actor,
        page: &PageRequest,
    ) -> AppResult<Page<OrganizationRow>> {
        self.require(actor, Permission::ViewDirectory).await?;
        Ok(self.store.list_organizations(page).await?)
    }

    /// Every organization (the directory is small: hundreds, not millions).
    pub async fn all_organizations(&self, actor: &Actor) -> AppResult<Vec<OrganizationRow>> {
        self.require(actor, Permission::ViewDirectory).await?;
        let mut all = Vec::new();
        let mut page = PageRequest::first(PageRequest::MAX_LIMIT);
        loop {
            let batch = self.store.list_organizations(&page).await?;
            all.extend(batch.items);
            match batch.next {
                Some(next) => page.after = Some(next),
                None => return Ok(all),
            }
        }
    }

    pub async fn organization(
        &self,
        actor: &Actor,
        id: OrganizationId,
    ) -> AppResult<OrganizationView> {
        self.require(actor, Permission::ViewDirectory).await?;
        let organization = self
            .store
            .get_organization(id)
            .await?
            .ok_or(AppError::NotFound)?;
        let filter = ServiceFilter {
            organization: Some(id),
            ..Default::default()
        };
        let services = self.all_services_where(&filter).await?;
        let locations = self.store.list_locations(Some(id)).await?;
        Ok(OrganizationView {
            stale: is_stale(
                organization.last_verified_at,
                self.clock.now(),
                self.stale_after_days(),
            ),
            organization,
            services,
            locations,
        })
    }

    /// The organization's standing, or `NotFound`.
    async fn standing(&self, id: OrganizationId) -> AppResult<OrganizationStanding> {
        self.store
            .organization_standing(id)
            .await?
            .ok_or(AppError::NotFound)
    }

    /// The standing of the organization an entry names, or that field's
    /// problem (as the store would name it).
    async fn named_standing(&self, id: OrganizationId) -> AppResult<OrganizationStanding> {
        self.store
            .organization_standing(id)
            .await?
            .ok_or_else(|| concord_domain::Invalid::one("organization_id", "does not exist").into())
    }

    /// Adds an organization (`id` None) or changes one. Linking it to a
    /// member agency, unlinking or relinking it is a system
    /// administrator's act, audited as `directory.linked`.
    pub async fn save_organization(
        &self,
        actor: &Actor,
        id: Option<OrganizationId>,
        form: &OrganizationForm,
    ) -> AppResult<OrganizationRow> {
        self.require(actor, Permission::ManageServiceDirectory)
            .await?;
        let input = form.validate()?;
        let now = self.clock.now();
        let standing = match id {
            Some(id) => Some(self.standing(id).await?),
            None => None,
        };
        let existing = standing.as_ref().map(|s| &s.organization);
        let placements = standing
            .as_ref()
            .map(|s| s.placements.clone())
            .unwrap_or_default();
        let decided = Decided {
            organization: id.unwrap_or_default(),
            before: existing.map(|e| standing_with(e.agency_id, &placements, None)),
            after: standing_with(input.agency_id, &placements, None),
        };
        let row = OrganizationRow {
            id: id.unwrap_or(decided.organization),
            name: input.name,
            agency_id: input.agency_id,
            // The ids an HSDS import gave its nested records stay.
            details: OrganizationDetails {
                hsds_ids: existing
                    .map(|e| e.details.hsds_ids.clone())
                    .unwrap_or_default(),
                ..input.details
            },
            last_verified_at: if input.verified {
                Some(now)
            } else {
                existing.and_then(|e| e.last_verified_at)
            },
            created_at: existing.map(|e| e.created_at).unwrap_or(now),
            updated_at: now,
        };
        self.decide_keeping(actor, ("organization", row.id.to_string()), &[&decided])
            .await?;
        let fields = changes(
            existing.map(organization_fields).as_ref(),
            &organization_fields(&row),
        );
        if let Some(existing) = existing
            && fields.is_empty()
        {
            return Ok(existing.clone());
        }
        let linked = relinks(decided.before.as_ref(), &decided.after);
        let kind = match (existing, linked) {
            (None, _) => ChangeKind::Created,
            (Some(_), true) => ChangeKind::Linked,
            (Some(_), false) => ChangeKind::Changed,
        };
        let change = self.change_row(
            Some(actor),
            row.id,
            row.agency_id,
            EntryKind::Organization,
            row.id.0,
            kind,
            fields,
            now,
        );
        let audit = self.event(
            Some(actor),
            if linked {
                AuditAction::DirectoryLinked
            } else {
                AuditAction::DirectoryChanged
            },
            Some(("organization", row.id.to_string())),
            AuditOutcome::Success,
            serde_json::json!({
                "kind": "organization",
                "created": existing.is_none(),
                "fields": field_names(&change.fields),
                "agency_before": existing.and_then(|e| e.agency_id),
                "agency_after": row.agency_id,
            }),
        );
        let write = DirectoryWrite {
            expected: standing.iter().map(|s| (row.id, s.revision)).collect(),
            notices: notices_for(Some(actor), &change, &[&decided]),
            changes: vec![change],
            audit,
        };
        self.store.put_organization(&row, &write).await?;
        Ok(row)
    }

    /// Every location of the directory, by name.
    pub async fn directory_locations(&self, actor: &Actor) -> AppResult<Vec<LocationRow>> {
        self.require(actor, Permission::ViewDirectory).await?;
        Ok(self.store.list_locations(None).await?)
    }

    /// Adds a location to an organization (`id` None) or changes one.
    pub async fn save_location(
        &self,
        actor: &Actor,
        id: Option<LocationId>,
        form: &LocationForm,
    ) -> AppResult<LocationRow> {
        self.require(actor, Permission::ManageServiceDirectory)
            .await?;
        let input = form.validate()?;
        let existing = match id {
            Some(id) => Some(
                self.store
                    .list_locations(None)
                    .await?
                    .into_iter()
                    .find(|l| l.id == id)
                    .ok_or(AppError::NotFound)?,
            ),
            None => None,
        };
        let row = LocationRow {
            id: id.unwrap_or_default(),
            organization_id: input.organization_id,
            name: input.name,
            area_id: input.area_id,
            // The ids an HSDS import gave its nested records stay.
            details: LocationDetails {
                hsds_ids: existing
                    .as_ref()
                    .map(|e| e.details.hsds_ids.clone())
                    .unwrap_or_default(),
                ..input.details
            },
            updated_at: self.clock.now(),
        };
        let placed: Vec<_> = row.area_id.into_iter().collect();
        let (expected, decided) = self
            .entry_decisions(
                existing.as_ref().map(|e| e.organization_id),
                row.organization_id,
                row.id.0,
                &placed,
            )
            .await?;
        if let Some(e) = &existing
            && !self
                .store
                .list_locations(Some(e.organization_id))
                .await?
                .contains(e)
        {
            return Err(AppError::Conflict);
        }
        let refs: Vec<&Decided> = decided.iter().collect();
        self.decide_keeping(actor, ("location", row.id.to_string()), &refs)
            .await?;
        let fields = changes(
            existing.as_ref().map(location_fields).as_ref(),
            &location_fields(&row),
        );
        if let Some(existing) = existing
            && fields.is_empty()
        {
            return Ok(existing);
        }
        let change = self.change_row(
            Some(actor),
            row.organization_id,
            decided.last().and_then(|d| d.after.agency),
            EntryKind::Location,
            row.id.0,
            if id.is_none() {
                ChangeKind::Created
            } else {
                ChangeKind::Changed
            },
            fields,
            row.updated_at,
        );
        let audit = self.directory_event(actor, "location", row.id.0, id.is_none(), &change);
        let write = DirectoryWrite {
            expected,
            notices: notices_for(Some(actor), &change, &refs),
            changes: vec![change],
            audit,
        };
        self.store.put_location(&row, &write).await?;
        Ok(row)
    }

    /// The organizations a change to a service or location touches (the
    /// one it belonged to, if another, then the one it belongs to) with
    /// their revisions, and their standings before and after it places
    /// `entry` in `areas`.
    async fn entry_decisions(
        &self,
        was: Option<OrganizationId>,
        is: OrganizationId,
        entry: Uuid,
        areas: &[concord_domain::ids::AreaId],
    ) -> AppResult<(Vec<(OrganizationId, i64)>, Vec<Decided>)> {
        let mut expected = Vec::new();
        let mut decided = Vec::new();
        if let Some(was) = was.filter(|w| *w != is) {
            let old = self.standing(was).await?;
            let agency = old.organization.agency_id;
            expected.push((was, old.revision));
            decided.push(Decided {
                organization: was,
                before: Some(standing_with(agency, &old.placements, None)),
                after: standing_with(agency, &old.placements, Some((entry, &[]))),
            });
        }
        let new = self.named_standing(is).await?;
        let agency = new.organization.agency_id;
        expected.push((is, new.revision));
        decided.push(Decided {
            organization: is,
            before: Some(standing_with(agency, &new.placements, None)),
            after: standing_with(agency, &new.placements, Some((entry, areas))),
        });
        Ok((expected, decided))
    }

    pub async fn save_service(
        &self,
        actor: &Actor,
        id: Option<ServiceId>,
        form: &ServiceForm,
    ) -> AppResult<ServiceRow> {
        self.require(actor, Permission::ManageServiceDirectory)
            .await?;
        let input = form.validate()?;
        let terms = self.store.list_terms().await?;
        let mut invalid = concord_domain::Invalid::default();
        for code in &input.taxonomy {
            let esp = concord_domain::directory::EssentialService::parse(code).is_some();
            if !esp && !terms.iter().any(|t| &t.code == code) {
                invalid.push("taxonomy", format!("`{code}` is not a local term yet"));
            }
        }
        if !invalid.problems.is_empty() {
            return Err(invalid.into());
        }
        let now = self.clock.now();
        let existing = match id {
            Some(id) => Some(
                self.store
                    .get_service(id)
                    .await?
                    .ok_or(AppError::NotFound)?,
            ),
            None => None,
        };
        // A location keeps its service_at_location id across edits.
        let at_locations = input
            .location_ids
            .iter()
            .map(|location_id| ServiceAtLocation {
                id: existing
                    .iter()
                    .flat_map(|e| &e.at_locations)
                    .find(|p| p.location_id == *location_id)
                    .map(|p| p.id)
                    .unwrap_or_else(Uuid::now_v7),
                location_id: *location_id,
            })
            .collect();
        let row = ServiceRow {
            id: id.unwrap_or_default(),
            organization_id: input.organization_id,
            name: input.name,
            status: input.status,
            accepts_referrals: input.accepts_referrals,
            taxonomy: input.taxonomy,
            area_ids: input.area_ids,
            at_locations,
            // The ids an HSDS import gave its nested records stay.
            details: ServiceDetails {
                hsds_ids: existing
                    .as_ref()
                    .map(|e| e.details.hsds_ids.clone())
                    .unwrap_or_default(),
                ..input.details
            },
            last_verified_at: if input.verified {
                Some(now)
            } else {
                existing.as_ref().and_then(|e| e.last_verified_at)
            },
            created_at: existing.as_ref().map(|e| e.created_at).unwrap_or(now),
            updated_at: now,
        };
        let (expected, decided) = self
            .entry_decisions(
                existing.as_ref().map(|e| e.organization_id),
                row.organization_id,
                row.id.0,
                &row.area_ids,
            )
            .await?;
        // Read before the revisions: if it changed meanwhile, the change
        // would rest on what it was.
        if let Some(e) = &existing
            && self.store.get_service(e.id).await?.as_ref() != Some(e)
        {
            return Err(AppError::Conflict);
        }
        let refs: Vec<&Decided> = decided.iter().collect();
        self.decide_keeping(actor, ("service", row.id.to_string()), &refs)
            .await?;
        // A service is offered at its own organization's locations: naming
        // another organization's (a shelter's address) is not the keeper's
        // to do. Locations it already had stay as they are.
        let own: Vec<LocationId> = self
            .store
            .list_locations(Some(row.organization_id))
            .await?
            .into_iter()
            .map(|l| l.id)
            .collect();
        let had = |l: &LocationId| {
            existing
                .iter()
                .flat_map(|e| &e.at_locations)
                .any(|p| p.location_id == *l)
        };
        if row
            .at_locations
            .iter()
            .any(|p| !own.contains(&p.location_id) && !had(&p.location_id))
        {
            return Err(concord_domain::Invalid::one(
                "location_ids",
                "must be locations of the service's organization",
            )
            .into());
        }
        let fields = changes(
            existing.as_ref().map(service_fields).as_ref(),
            &service_fields(&row),
        );
        if let Some(existing) = existing
            && fields.is_empty()
        {
            return Ok(existing);
        }
        let change = self.change_row(
            Some(actor),
            row.organization_id,
            decided.last().and_then(|d| d.after.agency),
            EntryKind::Service,
            row.id.0,
            if id.is_none() {
                ChangeKind::Created
            } else {
                ChangeKind::Changed
            },
            fields,
            now,
        );
        let audit = self.directory_event(actor, "service", row.id.0, id.is_none(), &change);
        let write = DirectoryWrite {
            expected,
            notices: notices_for(Some(actor), &change, &refs),
            changes: vec![change],
            audit,
        };
        self.store.put_service(&row, &write).await?;
        Ok(row)
    }

    pub async fn service(&self, actor: &Actor, id: ServiceId) -> AppResult<ServiceView> {
        self.require(actor, Permission::ViewDirectory).await?;
        let service = self
            .store
            .get_service(id)
            .await?
            .ok_or(AppError::NotFound)?;
        let organization = self
            .store
            .get_organization(service.organization_id)
            .await?
            .ok_or(AppError::NotFound)?;
        Ok(ServiceView {
            stale: is_stale(
                service.last_verified_at,
                self.clock.now(),
                self.stale_after_days(),
            ),
            service,
            organization,
        })
    }

    pub async fn services(
        &self,
        actor: &Actor,
        filter: &ServiceFilter,
        page: &PageRequest,
    ) -> AppResult<Page<ServiceRow>> {
        self.require(actor, Permission::ViewDirectory).await?;
        Ok(self.store.list_services(filter, page).await?)
    }

    pub(crate) async fn all_services_where(
        &self,
        filter: &ServiceFilter,
    ) -> AppResult<Vec<ServiceRow>> {
        let mut all = Vec::new();
        let mut page = PageRequest::first(PageRequest::MAX_LIMIT);
        loop {
            let batch = self.store.list_services(filter, &page).await?;
            all.extend(batch.items);
            match batch.next {
                Some(next) => page.after = Some(next),
                None => return Ok(all),
            }
        }
    }

    /// Whether an entry verified at `at` is stale now.
    pub fn is_stale(&self, at: Option<chrono::DateTime<chrono::Utc>>) -> bool {
        is_stale(at, self.clock.now(), self.stale_after_days())
    }

    /// Services another agency offers that take referrals through Concord:
    /// active, marked as accepting referrals, of an organization that is a
    /// member agency other than the actor's. With the agency of each.
    pub async fn referable_services(
        &self,
        actor: &Actor,
    ) -> AppResult<Vec<(ServiceRow, OrganizationRow, AgencyId)>> {
        // Member agencies' services that take referrals through Concord,
        // and every active service of an outside provider.
        self.require(actor, Permission::ViewDirectory).await?;
        let services = self.all_services_where(&ServiceFilter::default()).await?;
        let organizations = self.store.export_directory().await?.organizations;
        Ok(services
            .into_iter()
            .filter(|s| s.status == concord_domain::directory::ServiceStatus::Active)
            .filter_map(|s| {
                let org = organizations
                    .iter()
                    .find(|o| o.id == s.organization_id)?
                    .clone();
                let agency = match org.agency_id {
                    Some(agency) if s.accepts_referrals && agency != actor.agency_id => agency,
                    Some(_) => return None,
                    // An outside provider (referred to by export).
                    None => crate::referrals::outside::outside_recipient_id(org.id),
                };
                Some((s, org, agency))
            })
            .collect())
    }

    pub async fn taxonomy_terms(&self, actor: &Actor) -> AppResult<Vec<TermRow>> {
        self.require(actor, Permission::ViewDirectory).await?;
        Ok(self.store.list_terms().await?)
    }

    pub async fn save_term(&self, actor: &Actor, form: &TermForm) -> AppResult<TermRow> {
        self.require(actor, Permission::ManageServiceDirectory)
            .await?;
        let input = form.validate()?;
        if let Err(refusal) = ownership::may_keep_terms(actor) {
            return self
                .refuse_directory(actor, refusal, ("taxonomy_term", input.code), vec![])
                .await;
        }
        let existing = self.store.list_terms().await?;
        let row = TermRow {
            created_at: existing
                .iter()
                .find(|t| t.code == input.code)
                .map(|t| t.created_at)
                .unwrap_or_else(|| self.clock.now()),
            code: input.code,
            name: input.name,
            sector: input.sector,
        };
        let event = self.event(
            Some(actor),
            AuditAction::DirectoryChanged,
            Some(("taxonomy_term", row.code.clone())),
            AuditOutcome::Success,
            serde_json::json!({ "kind": "taxonomy_term" }),
        );
        self.store.put_term(&row, &event).await?;
        Ok(row)
    }

    fn directory_event(
        &self,
        actor: &Actor,
        kind: &str,
        id: Uuid,
        created: bool,
        change: &concord_store::DirectoryChangeRow,
    ) -> concord_store::NewAuditEvent {
        self.event(
            Some(actor),
            AuditAction::DirectoryChanged,
            Some((kind, id.to_string())),
            AuditOutcome::Success,
            serde_json::json!({
                "kind": kind,
                "created": created,
                "organization": change.organization_id,
                "fields": field_names(&change.fields),
            }),
        )
    }
}
