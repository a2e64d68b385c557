//! Who keeps a directory entry. An organization and everything under it
//! (its services and locations) has one keeper:
//!
//! - **linked to a member agency**: that agency's administrators;
//! - **an outside provider, or an entry linked to no agency**: the
//!   coordination secretariats whose bodies cover every area the entry is
//!   placed in (the areas of its locations and the areas its services
//!   serve), a body covering its own area and every area below it. An entry
//!   placed nowhere yet (no location or service with an area) may be
//!   completed by any secretariat whose agency keeps at least one body;
//! - **system administrators** keep every entry, and only they link an
//!   organization to a member agency, unlink it or link it to another.
//!
//! Nobody else changes the directory. A change is decided on the entry as
//! it is *and* as it would be, so nobody moves an entry into or out of what
//! they keep (a service given an area outside the secretariat's, an outside
//! provider turned into a member agency). Pure and default-deny; the use
//! cases audit every refusal.

use crate::access::{Actor, Denied};
use crate::ids::{AgencyId, AreaId};
use crate::role::Permission;
use std::collections::{BTreeMap, BTreeSet};

/// The areas Concord knows, each with the area directly above it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AreaTree {
    parents: BTreeMap<AreaId, Option<AreaId>>,
}

impl AreaTree {
    pub fn new(areas: impl IntoIterator<Item = (AreaId, Option<AreaId>)>) -> Self {
        Self {
            parents: areas.into_iter().collect(),
        }
    }

    /// Whether `area` is one of `covering` or lies anywhere below one of
    /// them. An area Concord does not know is covered by nothing; a cycle
    /// written behind Concord's back ends the walk.
    pub fn is_covered(&self, area: AreaId, covering: &BTreeSet<AreaId>) -> bool {
        let mut next = Some(area);
        let mut seen = BTreeSet::new();
        while let Some(current) = next {
            if !self.parents.contains_key(&current) || !seen.insert(current) {
                return false;
            }
            if covering.contains(&current) {
                return true;
            }
            next = self.parents.get(&current).copied().flatten();
        }
        false
    }
}

/// An organization as the decision sees it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Standing {
    /// The member agency it is linked to; `None` for an outside provider.
    pub agency: Option<AgencyId>,
    /// Every area its locations are in and its services serve.
    pub areas: BTreeSet<AreaId>,
}

/// What a coordination secretariat covers: the areas of the bodies whose
/// secretariat is the actor's agency, and the area tree to find what lies
/// below them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reach {
    pub body_areas: BTreeSet<AreaId>,
    pub tree: AreaTree,
}

/// In which capacity a change is allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeptAs {
    SystemAdministrator,
    /// An administrator of the member agency the organization is linked to.
    OwningAgency,
    /// A coordination secretariat whose bodies cover the entry's areas.
    Secretariat,
}

crate::label::label_enum! {
    /// Why a change to the directory was refused. Stored in the audit log by
    /// its label; the web layer words it.
    pub enum Refusal ("directory refusal") {
        /// The role does not keep the directory at all.
        NotPermitted => "not_permitted",
        /// A read-only API token.
        TokenScope => "token_scope",
        /// Linked to a member agency the actor does not administer.
        KeptByMemberAgency => "kept_by_member_agency",
        /// An outside provider, and the actor is no coordination secretariat.
        KeptBySecretariats => "kept_by_secretariats",
        /// An outside provider placed in an area no body of the actor's
        /// agency covers (or the agency keeps no body).
        OutsideYourAreas => "outside_your_areas",
        /// Linking, unlinking or relinking an organization to an agency.
        LinkingIsForSystemAdministrators => "linking_is_for_system_administrators",
    }
}

impl Refusal {
    /// A plain English sentence, for logs and errors outside the web layer
    /// (which translates by label).
    pub fn sentence(self) -> &'static str {
        match self {
            Refusal::NotPermitted => "your role does not keep the service directory",
            Refusal::TokenScope => "an API token cannot do this",
            Refusal::KeptByMemberAgency => {
                "this entry belongs to a member agency: only its administrators or a system administrator change it"
            }
            Refusal::KeptBySecretariats => {
                "outside providers are kept by the coordination secretariats of their areas and by system administrators"
            }
            Refusal::OutsideYourAreas => {
                "this entry is placed in areas your coordination bodies do not cover"
            }
            Refusal::LinkingIsForSystemAdministrators => {
                "only a system administrator links an organization to a member agency, unlinks it or links it to another"
            }
        }
    }
}

fn keeps_the_directory(actor: &Actor) -> Result<(), Refusal> {
    actor
        .require(Permission::ManageServiceDirectory)
        .map_err(|denied| match denied {
            Denied::TokenScope => Refusal::TokenScope,
            _ => Refusal::NotPermitted,
        })
}

/// System administrators: whoever manages agencies keeps every entry and
/// links organizations to agencies.
fn is_system_administrator(actor: &Actor) -> bool {
    actor.has(Permission::ManageAgencies)
}

fn keeps(actor: &Actor, reach: &Reach, standing: &Standing) -> Result<KeptAs, Refusal> {
    match standing.agency {
        Some(agency) => {
            if agency == actor.agency_id && actor.has(Permission::ManageOwnAgencyUsers) {
                Ok(KeptAs::OwningAgency)
            } else {
                Err(Refusal::KeptByMemberAgency)
            }
        }
        None => {
            if !actor.has(Permission::ManageCoordinationBodies) {
                return Err(Refusal::KeptBySecretariats);
            }
            if reach.body_areas.is_empty() {
                return Err(Refusal::OutsideYourAreas);
            }
            if standing
                .areas
                .iter()
                .all(|area| reach.tree.is_covered(*area, &reach.body_areas))
            {
                Ok(KeptAs::Secretariat)
            } else {
                Err(Refusal::OutsideYourAreas)
            }
        }
    }
}

/// May `actor` change an organization (or one of its services or
/// locations) from `before` (`None`: it is being created) to `after`?
pub fn may_change(
    actor: &Actor,
    reach: &Reach,
    before: Option<&Standing>,
    after: &Standing,
) -> Result<KeptAs, Refusal> {
    keeps_the_directory(actor)?;
    if is_system_administrator(actor) {
        return Ok(KeptAs::SystemAdministrator);
    }
    if relinks(before, after) {
        return Err(Refusal::LinkingIsForSystemAdministrators);
    }
    if let Some(before) = before {
        keeps(actor, reach, before)?;
    }
    keeps(actor, reach, after)
}

/// Whether the link to a member agency changes (or a new organization is
/// linked at once): audited as its own act.
pub fn relinks(before: Option<&Standing>, after: &Standing) -> bool {
    match before {
        Some(before) => before.agency != after.agency,
        None => after.agency.is_some(),
    }
}

/// Local taxonomy terms are shared vocabulary: system administrators and
/// coordination secretariats keep them.
pub fn may_keep_terms(actor: &Actor) -> Result<(), Refusal> {
    keeps_the_directory(actor)?;
    if is_system_administrator(actor) || actor.has(Permission::ManageCoordinationBodies) {
        Ok(())
    } else {
        Err(Refusal::KeptBySecretariats)
    }
}

/// The member agencies to tell about a change: whoever kept the entry
/// before and keeps it after, unless the change is made from inside it.
/// `actor_agency` is `None` for the command line.
pub fn agencies_to_notify(
    actor_agency: Option<AgencyId>,
    before: Option<&Standing>,
    after: &Standing,
) -> Vec<AgencyId> {
    let mut out: Vec<AgencyId> = before
        .and_then(|b| b.agency)
        .into_iter()
        .chain(after.agency)
        .filter(|owner| Some(*owner) != actor_agency)
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Notices about changes to a member agency's own entries are for its
/// administrators.
pub fn sees_directory_notices(actor: &Actor) -> bool {
    actor.holds(Permission::ManageOwnAgencyUsers)
}

#[cfg(test)]
mod tests;
