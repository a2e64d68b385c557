//! What an HSDS import looks up for every record — an entry of the
//! directory by id or name, whether the file or the directory has an id,
//! a service's service_at_locations — built once per import, so checking
//! and deciding a file takes time in proportion to its size (each was a
//! search through the whole list per record: 20 k services took 33 s).
//!
//! Every lookup answers exactly what the search it replaces answered: the
//! first match in list order, ids compared as the text they were.

use super::{Doc, SalIn};
use concord_domain::ids::{LocationId, OrganizationId, ServiceId};
use concord_store::{
    DirectoryDump, LocationRow, OrganizationRow, ServiceRow, TermHsdsRow, TermRow,
};
use std::collections::{HashMap, HashSet};
use std::hash::Hash;

/// The first item of each key, in list order (what `iter().find` gave).
fn first_by<'a, K: Eq + Hash, T>(items: &'a [T], key: impl Fn(&'a T) -> K) -> HashMap<K, &'a T> {
    let mut map = HashMap::with_capacity(items.len());
    for item in items {
        map.entry(key(item)).or_insert(item);
    }
    map
}

/// Every item of each key, in list order.
fn all_by<'a, K: Eq + Hash, T>(items: &'a [T], key: impl Fn(&'a T) -> K) -> HashMap<K, Vec<&'a T>> {
    let mut map: HashMap<K, Vec<&'a T>> = HashMap::with_capacity(items.len());
    for item in items {
        map.entry(key(item)).or_default().push(item);
    }
    map
}

/// The directory as it is before the import, by key.
pub(super) struct Existing<'a> {
    organizations: HashMap<OrganizationId, &'a OrganizationRow>,
    organizations_named: HashMap<&'a str, Vec<&'a OrganizationRow>>,
    /// Ids as text (`Uuid`'s own form), as the file's ids are compared.
    organization_ids: HashSet<String>,
    locations: HashMap<LocationId, &'a LocationRow>,
    location_ids: HashSet<String>,
    services: HashMap<ServiceId, &'a ServiceRow>,
    service_ids: HashSet<String>,
    terms: HashMap<&'a str, &'a TermRow>,
    term_hsds: HashMap<&'a str, &'a TermHsdsRow>,
}

impl<'a> Existing<'a> {
    pub(super) fn new(dump: &'a DirectoryDump) -> Self {
        Self {
            organizations: first_by(&dump.organizations, |o| o.id),
            organizations_named: all_by(&dump.organizations, |o| o.name.as_str()),
            organization_ids: dump
                .organizations
                .iter()
                .map(|o| o.id.to_string())
                .collect(),
            locations: first_by(&dump.locations, |l| l.id),
            location_ids: dump.locations.iter().map(|l| l.id.to_string()).collect(),
            services: first_by(&dump.services, |s| s.id),
            service_ids: dump.services.iter().map(|s| s.id.to_string()).collect(),
            terms: first_by(&dump.terms, |t| t.code.as_str()),
            term_hsds: first_by(&dump.term_hsds, |t| t.code.as_str()),
        }
    }

    pub(super) fn organization(&self, id: OrganizationId) -> Option<&'a OrganizationRow> {
        self.organizations.get(&id).copied()
    }

    /// Another organization (not `id`) with this name.
    pub(super) fn other_named(
        &self,
        name: &str,
        id: OrganizationId,
    ) -> Option<&'a OrganizationRow> {
        self.organizations_named
            .get(name)?
            .iter()
            .find(|o| o.id != id)
            .copied()
    }

    pub(super) fn has_organization(&self, id: &str) -> bool {
        self.organization_ids.contains(id)
    }

    pub(super) fn location(&self, id: LocationId) -> Option<&'a LocationRow> {
        self.locations.get(&id).copied()
    }

    pub(super) fn has_location(&self, id: &str) -> bool {
        self.location_ids.contains(id)
    }

    pub(super) fn service(&self, id: ServiceId) -> Option<&'a ServiceRow> {
        self.services.get(&id).copied()
    }

    pub(super) fn has_service(&self, id: &str) -> bool {
        self.service_ids.contains(id)
    }

    pub(super) fn term(&self, code: &str) -> Option<&'a TermRow> {
        self.terms.get(code).copied()
    }

    pub(super) fn term_hsds(&self, code: &str) -> Option<&'a TermHsdsRow> {
        self.term_hsds.get(code).copied()
    }
}

/// The file's ids (trimmed) and its service_at_locations by service.
pub(super) struct InFile<'a> {
    organization_ids: HashSet<&'a str>,
    location_ids: HashSet<&'a str>,
    service_ids: HashSet<&'a str>,
    places: HashMap<&'a str, Vec<&'a SalIn>>,
}

impl<'a> InFile<'a> {
    pub(super) fn new(doc: &'a Doc) -> Self {
        Self {
            organization_ids: doc.organizations.iter().map(|o| o.id.trim()).collect(),
            location_ids: doc.locations.iter().map(|l| l.id.trim()).collect(),
            service_ids: doc.services.iter().map(|s| s.id.trim()).collect(),
            places: all_by(&doc.service_at_locations, |p| p.service_id.trim()),
        }
    }

    pub(super) fn has_organization(&self, id: &str) -> bool {
        self.organization_ids.contains(id)
    }

    pub(super) fn has_location(&self, id: &str) -> bool {
        self.location_ids.contains(id)
    }

    pub(super) fn has_service(&self, id: &str) -> bool {
        self.service_ids.contains(id)
    }

    /// The service_at_locations naming the service `id` (trimmed).
    pub(super) fn places_of(&self, id: &str) -> &[&'a SalIn] {
        self.places.get(id).map_or(&[], Vec::as_slice)
    }
}

/// The directory once the import's entries replace those with their ids:
/// the entries it does not name, in their order, then the imported ones
/// (of an id named twice, the last).
pub(super) fn merged(existing: &DirectoryDump, imported: &DirectoryDump) -> DirectoryDump {
    DirectoryDump {
        organizations: replaced(&existing.organizations, &imported.organizations, |o| o.id),
        locations: replaced(&existing.locations, &imported.locations, |l| l.id),
        services: replaced(&existing.services, &imported.services, |s| s.id),
        terms: existing.terms.clone(),
        term_hsds: existing.term_hsds.clone(),
    }
}

fn replaced<T: Clone, K: Eq + Hash + Copy>(
    existing: &[T],
    imported: &[T],
    key: impl Fn(&T) -> K,
) -> Vec<T> {
    let last: HashMap<K, usize> = imported
        .iter()
        .enumerate()
        .map(|(i, t)| (key(t), i))
        .collect();
    existing
        .iter()
        .filter(|e| !last.contains_key(&key(e)))
        .chain(
            imported
                .iter()
                .enumerate()
                .filter(|(i, t)| last[&key(t)] == *i)
                .map(|(_, t)| t),
        )
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::replaced;

    /// What the import did before: for each imported entry, drop the one
    /// with its id and append it.
    fn retain_then_push(existing: &[(u8, char)], imported: &[(u8, char)]) -> Vec<(u8, char)> {
        let mut merged = existing.to_vec();
        for i in imported {
            merged.retain(|e| e.0 != i.0);
            merged.push(*i);
        }
        merged
    }

    #[test]
    fn replacing_gives_what_dropping_and_appending_one_by_one_gave() {
        let existing = [(1, 'a'), (2, 'b'), (3, 'c'), (4, 'd')];
        for imported in [
            vec![],
            vec![(2, 'B')],
            vec![(5, 'e'), (1, 'A')],
            vec![(3, 'x'), (6, 'f'), (3, 'C')],
            vec![(4, 'D'), (3, 'C'), (2, 'B'), (1, 'A')],
        ] {
            assert_eq!(
                replaced(&existing, &imported, |e| e.0),
                retain_then_push(&existing, &imported),
                "{imported:?}"
            );
        }
    }
}
