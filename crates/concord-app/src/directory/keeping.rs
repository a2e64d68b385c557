//! Who keeps a directory entry, applied. The decision is the domain's
//! (`directory::ownership`); here the organization's standing is read from
//! the store (its link, the areas its locations and services name, and the
//! revision they were read at), refusals are audited, and every change
//! carries what it writes beside the entry in the same transaction: the
//! revisions it was decided on, its history and the notices to the owning
//! agencies. Also the reads: an entry's history, what the reader may keep,
//! and an agency's unread notices.

use crate::app::App;
use crate::error::{AppError, AppResult};
use chrono::{DateTime, Utc};
use concord_domain::access::Actor;
use concord_domain::audit::{AuditAction, AuditOutcome};
use concord_domain::directory::history::{EntryKind, Fields};
use concord_domain::directory::ownership::{
    self, AreaTree, KeptAs, Reach, Refusal, Standing, may_change,
};
use concord_domain::ids::{AgencyId, AreaId, OrganizationId, ServiceId, UserId};
use concord_domain::role::Permission;
use concord_store::{
    DirectoryChangeRow, DirectoryDump, DirectoryNoticeRow, HistoryFilter, LocationRow,
    OrganizationRow, Page, PageRequest, Placement, ServiceRow,
};
use serde_json::{Value, json};
use std::collections::{BTreeSet, HashMap};
use uuid::Uuid;

/// An organization's fields as its history records them.
pub(crate) fn organization_fields(o: &OrganizationRow) -> Fields {
    vec![
        ("name", json!(o.name)),
        ("description", json!(o.details.description)),
        ("agency_id", json!(o.agency_id)),
        ("email", json!(o.details.email)),
        ("phone", json!(o.details.phone)),
        ("website", json!(o.details.website)),
        ("last_verified_at", json!(o.last_verified_at)),
    ]
}

pub(crate) fn location_fields(l: &LocationRow) -> Fields {
    vec![
        ("organization_id", json!(l.organization_id)),
        ("name", json!(l.name)),
        ("area_id", json!(l.area_id)),
        ("address", json!(l.details.address)),
        ("address_2", json!(l.details.address_2)),
        ("city", json!(l.details.city)),
        ("region", json!(l.details.region)),
        ("state_province", json!(l.details.state_province)),
        ("postal_code", json!(l.details.postal_code)),
        ("country", json!(l.details.country)),
        ("location_type", json!(l.details.location_type)),
        ("address_type", json!(l.details.address_type)),
        ("accessibility", json!(l.details.accessibility)),
        ("description", json!(l.details.description)),
    ]
}

pub(crate) fn service_fields(s: &ServiceRow) -> Fields {
    let d = &s.details;
    vec![
        ("organization_id", json!(s.organization_id)),
        ("name", json!(s.name)),
        ("status", json!(s.status.as_str())),
        ("accepts_referrals", json!(s.accepts_referrals)),
        ("taxonomy", json!(s.taxonomy)),
        ("area_ids", json!(s.area_ids)),
        (
            "location_ids",
            json!(
                s.at_locations
                    .iter()
                    .map(|p| p.location_id)
                    .collect::<Vec<_>>()
            ),
        ),
        ("description", json!(d.description)),
        ("minimum_age", json!(d.minimum_age)),
        ("maximum_age", json!(d.maximum_age)),
        (
            "sex_gender",
            json!(d.sex_gender.iter().map(|g| g.as_str()).collect::<Vec<_>>()),
        ),
        ("eligibility", json!(d.eligibility)),
        ("languages", json!(d.languages)),
        ("accessibility", json!(d.accessibility)),
        ("opening_hours", json!(d.opening_hours)),
        ("fees", json!(d.fees)),
        ("capacity", json!(d.capacity)),
        ("phone", json!(d.phone)),
        ("email", json!(d.email)),
        ("website", json!(d.website)),
        ("how_to_refer", json!(d.how_to_refer)),
        ("focal_point", json!(d.focal_point)),
        ("last_verified_at", json!(s.last_verified_at)),
    ]
}

/// The organization standing as it would with `entry` placed in `areas`
/// (an entry that names no area anymore: `areas` empty).
pub(crate) fn standing_with(
    agency: Option<AgencyId>,
    placements: &[Placement],
    entry: Option<(Uuid, &[AreaId])>,
) -> Standing {
    let mut areas: BTreeSet<AreaId> = placements
        .iter()
        .filter(|p| entry.is_none_or(|(id, _)| p.entry_id != id))
        .map(|p| p.area_id)
        .collect();
    if let Some((_, placed)) = entry {
        areas.extend(placed.iter().copied());
    }
    Standing { agency, areas }
}

/// Every organization's standing in a whole directory.
pub(crate) fn standings_of(dump: &DirectoryDump) -> HashMap<OrganizationId, Standing> {
    let mut out: HashMap<OrganizationId, Standing> = dump
        .organizations
        .iter()
        .map(|o| {
            (
                o.id,
                Standing {
                    agency: o.agency_id,
                    areas: BTreeSet::new(),
                },
            )
        })
        .collect();
    for l in &dump.locations {
        if let (Some(s), Some(area)) = (out.get_mut(&l.organization_id), l.area_id) {
            s.areas.insert(area);
        }
    }
    for service in &dump.services {
        if let Some(s) = out.get_mut(&service.organization_id) {
            s.areas.extend(service.area_ids.iter().copied());
        }
    }
    out
}

/// An organization a change was decided on.
pub(crate) struct Decided {
    pub organization: OrganizationId,
    /// `None`: a new organization.
    pub before: Option<Standing>,
    pub after: Standing,
}

/// The notices a change leaves: one for each member agency that kept or
/// keeps an organization it touched, unless the change came from inside it.
pub(crate) fn notices_for(
    actor: Option<&Actor>,
    change: &DirectoryChangeRow,
    decided: &[&Decided],
) -> Vec<DirectoryNoticeRow> {
    let mut agencies: Vec<AgencyId> = decided
        .iter()
        .flat_map(|d| {
            ownership::agencies_to_notify(actor.map(|a| a.agency_id), d.before.as_ref(), &d.after)
        })
        .collect();
    agencies.sort();
    agencies.dedup();
    agencies
        .into_iter()
        .map(|agency_id| DirectoryNoticeRow {
            id: Uuid::now_v7(),
            agency_id,
            change_id: change.id,
            created_at: change.at,
            read_at: None,
        })
        .collect()
}

/// What the reader may do with one organization and its entries.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Keeping {
    /// Change it, its services and locations.
    pub may_edit: bool,
    /// Link it to a member agency, unlink it or link it to another.
    pub may_link: bool,
}

/// An unread notice, with what the page needs to say it.
#[derive(Debug, Clone)]
pub struct DirectoryNoticeView {
    pub notice: DirectoryNoticeRow,
    pub change: DirectoryChangeRow,
    pub organization_name: String,
    /// Empty for the command line.
    pub actor_agency_name: String,
}

/// A change as the history shows it: with the names of who made it and
/// of the entry.
#[derive(Debug, Clone)]
pub struct ChangeView {
    pub change: DirectoryChangeRow,
    /// Empty for the command line and Concord itself.
    pub actor_name: String,
    pub actor_agency_name: String,
    pub entry_name: String,
}

impl App {
    async fn area_tree(&self) -> AppResult<AreaTree> {
        let mut areas = Vec::new();
        let mut page = PageRequest::first(PageRequest::MAX_LIMIT);
        loop {
            let batch = self.store.list_areas(&page).await?;
            areas.extend(batch.items.into_iter().map(|a| (a.id, a.parent_id)));
            match batch.next {
                Some(next) => page.after = Some(next),
                None => return Ok(AreaTree::new(areas)),
            }
        }
    }

    /// The areas the actor's agency covers as a coordination secretariat
    /// (none unless the actor holds that role).
    pub(crate) async fn directory_reach(&self, actor: &Actor) -> AppResult<Reach> {
        if !actor.holds(Permission::ManageCoordinationBodies) {
            return Ok(Reach::default());
        }
        let body_areas = self
            .store
            .list_bodies()
            .await?
            .into_iter()
            .filter(|b| b.secretariat_agency_id == Some(actor.agency_id))
            .map(|b| b.area_id)
            .collect();
        Ok(Reach {
            body_areas,
            tree: self.area_tree().await?,
        })
    }

    /// Audits a refusal to change the directory and returns it.
    pub(crate) async fn refuse_directory<T>(
        &self,
        actor: &Actor,
        refusal: Refusal,
        object: (&str, String),
        records: Vec<String>,
    ) -> AppResult<T> {
        let event = self.event(
            Some(actor),
            AuditAction::AccessDenied,
            Some(object),
            AuditOutcome::Denied,
            json!({ "reason": refusal.as_str(), "directory": true, "records": records.len() }),
        );
        self.store.append_audit(&event).await?;
        Err(AppError::DirectoryRefused { refusal, records })
    }

    /// Decides each organization a change touches; the first refusal is
    /// audited against `object` and returned.
    pub(crate) async fn decide_keeping(
        &self,
        actor: &Actor,
        object: (&str, String),
        decided: &[&Decided],
    ) -> AppResult<KeptAs> {
        let reach = self.directory_reach(actor).await?;
        let mut kept = KeptAs::SystemAdministrator;
        for d in decided {
            match may_change(actor, &reach, d.before.as_ref(), &d.after) {
                Ok(k) => kept = k,
                Err(refusal) => return self.refuse_directory(actor, refusal, object, vec![]).await,
            }
        }
        Ok(kept)
    }

    /// A history row for a change by `actor` (`None`: the command line or
    /// Concord itself).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn change_row(
        &self,
        actor: Option<&Actor>,
        organization: OrganizationId,
        owner: Option<AgencyId>,
        entry_kind: EntryKind,
        entry_id: Uuid,
        kind: concord_domain::directory::history::ChangeKind,
        fields: Vec<concord_domain::directory::history::FieldChange>,
        at: DateTime<Utc>,
    ) -> DirectoryChangeRow {
        DirectoryChangeRow {
            id: Uuid::now_v7(),
            organization_id: organization,
            entry_kind,
            entry_id,
            kind,
            actor_user_id: actor.map(|a| a.user_id),
            actor_agency_id: actor.map(|a| a.agency_id),
            owner_agency_id: owner,
            at,
            fields,
        }
    }

    /// What the reader may do with the organization (no audit: nothing is
    /// attempted).
    pub async fn organization_keeping(
        &self,
        actor: &Actor,
        id: OrganizationId,
    ) -> AppResult<Keeping> {
        self.require(actor, Permission::ViewDirectory).await?;
        let standing = self
            .store
            .organization_standing(id)
            .await?
            .ok_or(AppError::NotFound)?;
        let now = standing_with(standing.organization.agency_id, &standing.placements, None);
        let relinked = Standing {
            agency: match now.agency {
                Some(_) => None,
                None => Some(AgencyId::new()),
            },
            areas: now.areas.clone(),
        };
        let reach = self.directory_reach(actor).await?;
        Ok(Keeping {
            may_edit: may_change(actor, &reach, Some(&now), &now).is_ok(),
            may_link: may_change(actor, &reach, Some(&now), &relinked).is_ok(),
        })
    }

    /// Whether the reader may add an outside provider.
    pub async fn may_add_organization(&self, actor: &Actor) -> AppResult<bool> {
        if !actor.has(Permission::ManageServiceDirectory) {
            return Ok(false);
        }
        let reach = self.directory_reach(actor).await?;
        Ok(may_change(actor, &reach, None, &Standing::default()).is_ok())
    }

    /// The organizations whose entries the reader may change, by name.
    pub async fn keepable_organizations(&self, actor: &Actor) -> AppResult<Vec<OrganizationRow>> {
        self.require(actor, Permission::ViewDirectory).await?;
        if !actor.has(Permission::ManageServiceDirectory) {
            return Ok(Vec::new());
        }
        let dump = self.store.export_directory().await?;
        let standings = standings_of(&dump);
        let reach = self.directory_reach(actor).await?;
        let mut out: Vec<OrganizationRow> = dump
            .organizations
            .into_iter()
            .filter(|o| {
                standings
                    .get(&o.id)
                    .is_some_and(|s| may_change(actor, &reach, Some(s), s).is_ok())
            })
            .collect();
        out.sort_by_key(|o| (o.name.clone(), o.id));
        Ok(out)
    }

    /// Changes to an organization and its entries (or to one entry),
    /// newest first, with who made them. An organization or entry that
    /// neither is in the directory nor has any history is not found (404,
    /// as its own page answers), never an empty history.
    pub async fn directory_history(
        &self,
        actor: &Actor,
        filter: &HistoryFilter,
        page: &PageRequest,
    ) -> AppResult<Page<ChangeView>> {
        self.require(actor, Permission::ViewDirectory).await?;
        let found = self.store.directory_history(filter, page).await?;
        if found.items.is_empty() && page.after.is_none() && !self.in_directory(filter).await? {
            return Err(AppError::NotFound);
        }
        let agencies = self.agency_names().await?;
        let mut people: HashMap<UserId, String> = HashMap::new();
        let mut names: HashMap<Uuid, String> = HashMap::new();
        let mut items = Vec::new();
        for change in found.items {
            let actor_name = match change.actor_user_id {
                Some(user) => match people.get(&user) {
                    Some(name) => name.clone(),
                    None => {
                        let name = self
                            .store
                            .get_user(user)
                            .await?
                            .map(|u| u.display_name)
                            .unwrap_or_default();
                        people.insert(user, name.clone());
                        name
                    }
                },
                None => String::new(),
            };
            if let std::collections::hash_map::Entry::Vacant(slot) = names.entry(change.entry_id) {
                slot.insert(self.entry_name(&change).await?);
            }
            items.push(ChangeView {
                actor_agency_name: change
                    .actor_agency_id
                    .and_then(|a| agencies.get(&a).cloned())
                    .unwrap_or_default(),
                actor_name,
                entry_name: names.get(&change.entry_id).cloned().unwrap_or_default(),
                change,
            });
        }
        Ok(Page {
            items,
            next: found.next,
        })
    }

    /// Whether what `filter` names is in the directory now: the
    /// organization, and the entry (a service or an organization).
    async fn in_directory(&self, filter: &HistoryFilter) -> AppResult<bool> {
        if let Some(organization) = filter.organization
            && self.store.get_organization(organization).await?.is_none()
        {
            return Ok(false);
        }
        if let Some(entry) = filter.entry {
            let service = self.store.get_service(ServiceId(entry)).await?;
            let organization = self.store.get_organization(OrganizationId(entry)).await?;
            return Ok(service.is_some() || organization.is_some());
        }
        Ok(true)
    }

    async fn entry_name(&self, change: &DirectoryChangeRow) -> AppResult<String> {
        Ok(match change.entry_kind {
            EntryKind::Organization => self
                .store
                .get_organization(OrganizationId(change.entry_id))
                .await?
                .map(|o| o.name),
            EntryKind::Service => self
                .store
                .get_service(concord_domain::ids::ServiceId(change.entry_id))
                .await?
                .map(|s| s.name),
            EntryKind::Location => self
                .store
                .list_locations(Some(change.organization_id))
                .await?
                .into_iter()
                .find(|l| l.id.0 == change.entry_id)
                .map(|l| l.name),
        }
        .unwrap_or_default())
    }

    /// The reader's agency's unread notices about its entries changed from
    /// outside it (its administrators only; nobody else gets any).
    pub async fn directory_notices(&self, actor: &Actor) -> AppResult<Vec<DirectoryNoticeView>> {
        if !ownership::sees_directory_notices(actor) {
            return Ok(Vec::new());
        }
        let agencies = self.agency_names().await?;
        let mut out = Vec::new();
        for n in self
            .store
            .unread_directory_notices(actor.agency_id, 20)
            .await?
        {
            let organization_name = self
                .store
                .get_organization(n.change.organization_id)
                .await?
                .map(|o| o.name)
                .unwrap_or_default();
            out.push(DirectoryNoticeView {
                actor_agency_name: n
                    .change
                    .actor_agency_id
                    .and_then(|a| agencies.get(&a).cloned())
                    .unwrap_or_default(),
                organization_name,
                notice: n.notice,
                change: n.change,
            });
        }
        Ok(out)
    }

    /// Marks one of the agency's directory notices read.
    pub async fn dismiss_directory_notice(&self, actor: &Actor, id: Uuid) -> AppResult<()> {
        self.require(actor, Permission::ManageOwnAgencyUsers)
            .await?;
        if self
            .store
            .mark_directory_notice_read(actor.agency_id, id, self.clock.now())
            .await?
        {
            Ok(())
        } else {
            Err(AppError::NotFound)
        }
    }
}

/// The values of a history row's fields, for the audit log: names only.
pub(crate) fn field_names(fields: &[concord_domain::directory::history::FieldChange]) -> Value {
    json!(fields.iter().map(|f| f.field.as_str()).collect::<Vec<_>>())
}

impl App {
    /// Whether the reader may link organizations to member agencies.
    pub fn may_link_organizations(&self, actor: &Actor) -> bool {
        let linked = Standing {
            agency: Some(AgencyId::new()),
            areas: BTreeSet::new(),
        };
        may_change(actor, &Reach::default(), None, &linked).is_ok()
    }

    /// Refuses (and audits) unless the reader may change the organization
    /// and its entries: for the forms that would change them.
    pub async fn require_keeping(&self, actor: &Actor, id: OrganizationId) -> AppResult<()> {
        self.require(actor, Permission::ManageServiceDirectory)
            .await?;
        let standing = self
            .store
            .organization_standing(id)
            .await?
            .ok_or(AppError::NotFound)?;
        let now = standing_with(standing.organization.agency_id, &standing.placements, None);
        let decided = Decided {
            organization: id,
            before: Some(now.clone()),
            after: now,
        };
        self.decide_keeping(actor, ("organization", id.to_string()), &[&decided])
            .await
            .map(|_| ())
    }
}
