//! The directory as an Open Referral HSDS 3.0 JSON document, out and in.
//!
//! The document holds the HSDS 3.0 core objects as arrays — organizations,
//! locations, services, service_at_locations — and the taxonomy terms the
//! services' attributes point to (the ESP essential services, taxonomy
//! `ESP`, and local terms). Each object uses the HSDS 3.0 field names
//! (`fees_description`, `eligibility_description`, `application_process`,
//! `assured_date`, `phones`, `schedules`, `languages`, `contacts`,
//! `service_areas`, `attributes`…); what HSDS has no field for (the member
//! agency an organization is, whether a service takes referrals through
//! Concord, capacity, the areas by code) is under `x_concord`. Ids of the
//! nested objects are derived from their parent's, so exporting the same
//! directory twice gives the same document.
//!
//! An import is all or nothing: every problem is reported with its record
//! and field (`services[3].minimum_age`), and a file with any problem
//! stores nothing. Records are matched by id: an import replaces the
//! entries it names and leaves the others.

use super::keeping::{
    Decided, location_fields, notices_for, organization_fields, service_fields, standings_of,
};
use crate::app::App;
use crate::error::{AppError, AppResult};
use chrono::{DateTime, Utc};
use concord_domain::Invalid;
use concord_domain::access::Actor;
use concord_domain::audit::{AuditAction, AuditOutcome};
use concord_domain::directory::history::{ChangeKind, EntryKind, changes as changes_of};
use concord_domain::directory::ownership::{self, Refusal, may_change};
use concord_domain::directory::{
    EssentialService, LocationForm, OrganizationForm, ServiceForm, TermForm,
};
use concord_domain::ids::{AgencyId, AreaId, LocationId, OrganizationId, ServiceId};
use concord_domain::role::Permission;
use concord_store::{
    DirectoryDump, DirectoryWrite, LocationRow, OrganizationRow, PageRequest, ServiceAtLocation,
    ServiceRow, TermRow,
};
use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::HashMap;
use uuid::Uuid;

pub const HSDS_VERSION: &str = "3.0";

/// What an import stored.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HsdsImported {
    pub organizations: usize,
    pub locations: usize,
    pub services: usize,
    pub terms: usize,
}

/// An id derived from a parent id, a kind and a position: stable across
/// exports of the same directory.
fn derived(parent: Uuid, kind: u8, index: usize) -> Uuid {
    let mut bytes = *parent.as_bytes();
    bytes[6] ^= kind;
    bytes[15] ^= (index & 0xff) as u8;
    bytes[14] ^= ((index >> 8) & 0xff) as u8;
    bytes[8] ^= 0x20;
    Uuid::from_bytes(bytes)
}

/// A stable id for a taxonomy term code (FNV-1a, 128 bits).
fn term_id(code: &str) -> Uuid {
    let mut hash: u128 = 0x6c62272e07bb014262b821756295c58d;
    for byte in code.bytes() {
        hash ^= u128::from(byte);
        hash = hash.wrapping_mul(0x0000000001000000000000000000013B);
    }
    Uuid::from_u128(hash)
}

// ---- the document as read (lenient: every field optional) ----

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Doc {
    hsds_version: Option<String>,
    organizations: Vec<OrgIn>,
    locations: Vec<LocationIn>,
    services: Vec<ServiceIn>,
    service_at_locations: Vec<SalIn>,
    taxonomy_terms: Vec<TermIn>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Phone {
    number: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Described {
    description: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Named {
    name: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct OrgExtra {
    member_agency: Option<String>,
    last_verified: Option<DateTime<Utc>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct OrgIn {
    id: String,
    name: String,
    description: String,
    email: Option<String>,
    website: Option<String>,
    phones: Vec<Phone>,
    x_concord: OrgExtra,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Address {
    address_1: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct AreaExtra {
    area: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct LocationIn {
    id: String,
    organization_id: String,
    name: String,
    description: String,
    addresses: Vec<Address>,
    accessibility: Vec<Described>,
    x_concord: AreaExtra,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ServiceAreaIn {
    name: String,
    x_concord: AreaExtra,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct AttributeIn {
    taxonomy_term_id: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ServiceExtra {
    accepts_referrals: bool,
    capacity: String,
    accessibility: String,
    sex_gender: Vec<String>,
    last_verified: Option<DateTime<Utc>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ServiceIn {
    id: String,
    organization_id: String,
    name: String,
    description: String,
    email: Option<String>,
    url: Option<String>,
    status: String,
    fees_description: Option<String>,
    eligibility_description: Option<String>,
    minimum_age: Option<Value>,
    maximum_age: Option<Value>,
    application_process: Option<String>,
    phones: Vec<Phone>,
    schedules: Vec<Described>,
    languages: Vec<Named>,
    contacts: Vec<Named>,
    service_areas: Vec<ServiceAreaIn>,
    attributes: Vec<AttributeIn>,
    x_concord: ServiceExtra,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct SalIn {
    id: String,
    service_id: String,
    location_id: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct TermExtra {
    sector: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct TermIn {
    id: String,
    code: String,
    name: String,
    taxonomy: String,
    x_concord: TermExtra,
}

fn age_text(value: &Option<Value>) -> String {
    match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

/// Moves the problems of one record under its path.
fn nest(into: &mut Invalid, path: &str, problems: Invalid) {
    for p in problems.problems {
        into.push(format!("{path}.{}", p.field), p.problem);
    }
}

impl App {
    /// The whole directory as an HSDS 3.0 document. `None`: the command
    /// line.
    pub async fn export_hsds(&self, actor: Option<&Actor>) -> AppResult<Value> {
        if let Some(actor) = actor {
            self.require(actor, Permission::ViewDirectory).await?;
        }
        let dump = self.store.export_directory().await?;
        let agencies = self.agency_names().await?;
        let areas = self.area_codes().await?;
        let code_of = |id: &AreaId| areas.iter().find(|(_, a)| a == id).map(|(c, _)| c.clone());
        let organizations: Vec<Value> = dump
            .organizations
            .iter()
            .map(|o| {
                json!({
                    "id": o.id,
                    "name": o.name,
                    "description": o.details.description,
                    "email": o.details.email,
                    "website": o.details.website,
                    "phones": o.details.phone.iter().map(|n| json!({"id": derived(o.id.0, 1, 0), "number": n})).collect::<Vec<_>>(),
                    "x_concord": {
                        "member_agency": o.agency_id.and_then(|a| agencies.get(&a).cloned()),
                        "last_verified": o.last_verified_at,
                    },
                })
            })
            .collect();
        let locations: Vec<Value> = dump
            .locations
            .iter()
            .map(|l| {
                json!({
                    "id": l.id,
                    "organization_id": l.organization_id,
                    "location_type": "physical",
                    "name": l.name,
                    "description": l.details.description,
                    "addresses": if l.details.address.is_empty() { vec![] } else {
                        vec![json!({"id": derived(l.id.0, 2, 0), "location_id": l.id, "address_1": l.details.address, "city": "", "state_province": "", "postal_code": "", "country": "", "address_type": "physical"})]
                    },
                    "accessibility": if l.details.accessibility.is_empty() { vec![] } else {
                        vec![json!({"id": derived(l.id.0, 3, 0), "location_id": l.id, "description": l.details.accessibility})]
                    },
                    "x_concord": {"area": l.area_id.as_ref().and_then(code_of)},
                })
            })
            .collect();
        let mut codes: Vec<String> = Vec::new();
        let services: Vec<Value> = dump
            .services
            .iter()
            .map(|s| {
                let d = &s.details;
                for code in &s.taxonomy {
                    if !codes.contains(code) {
                        codes.push(code.clone());
                    }
                }
                json!({
                    "id": s.id,
                    "organization_id": s.organization_id,
                    "name": s.name,
                    "description": d.description,
                    "email": d.email,
                    "url": d.website,
                    "status": s.status.as_str(),
                    "fees_description": d.fees,
                    "eligibility_description": d.eligibility,
                    "minimum_age": d.minimum_age,
                    "maximum_age": d.maximum_age,
                    "application_process": d.how_to_refer,
                    "assured_date": s.last_verified_at.map(|t| self.local_date_of(t).to_string()),
                    "phones": d.phone.iter().map(|n| json!({"id": derived(s.id.0, 1, 0), "service_id": s.id, "number": n})).collect::<Vec<_>>(),
                    "schedules": if d.opening_hours.is_empty() { vec![] } else {
                        vec![json!({"id": derived(s.id.0, 4, 0), "service_id": s.id, "description": d.opening_hours})]
                    },
                    "languages": d.languages.iter().enumerate().map(|(i, l)| json!({"id": derived(s.id.0, 5, i), "service_id": s.id, "name": l})).collect::<Vec<_>>(),
                    "contacts": if d.focal_point.is_empty() { vec![] } else {
                        vec![json!({"id": derived(s.id.0, 6, 0), "service_id": s.id, "name": d.focal_point})]
                    },
                    "service_areas": s.area_ids.iter().enumerate().map(|(i, a)| {
                        let code = code_of(a);
                        json!({"id": derived(s.id.0, 7, i), "service_id": s.id, "name": code.clone().unwrap_or_default(), "x_concord": {"area": code}})
                    }).collect::<Vec<_>>(),
                    "attributes": s.taxonomy.iter().enumerate().map(|(i, code)| json!({
                        "id": derived(s.id.0, 8, i),
                        "link_id": s.id,
                        "link_type": "service",
                        "link_entity": "service",
                        "taxonomy_term_id": term_id(code),
                    })).collect::<Vec<_>>(),
                    "x_concord": {
                        "accepts_referrals": s.accepts_referrals,
                        "capacity": d.capacity,
                        "accessibility": d.accessibility,
                        "sex_gender": d.sex_gender.iter().map(|g| g.as_str()).collect::<Vec<_>>(),
                        "last_verified": s.last_verified_at,
                    },
                })
            })
            .collect();
        let service_at_locations: Vec<Value> = dump
            .services
            .iter()
            .flat_map(|s| {
                s.at_locations.iter().map(
                    move |p| json!({"id": p.id, "service_id": s.id, "location_id": p.location_id}),
                )
            })
            .collect();
        let mut taxonomy_terms: Vec<Value> = Vec::new();
        for t in &dump.terms {
            if !codes.contains(&t.code) {
                codes.push(t.code.clone());
            }
        }
        codes.sort();
        for code in codes {
            let local = dump.terms.iter().find(|t| t.code == code);
            match (EssentialService::parse(&code), local) {
                (Some(esp), _) => taxonomy_terms.push(json!({
                    "id": term_id(&code),
                    "code": code,
                    "name": esp_name(esp),
                    "description": "",
                    "taxonomy": "ESP",
                    "x_concord": {"sector": esp.sector().as_str()},
                })),
                (None, Some(t)) => taxonomy_terms.push(json!({
                    "id": term_id(&code),
                    "code": code,
                    "name": t.name,
                    "description": "",
                    "taxonomy": "local",
                    "x_concord": {"sector": t.sector.map(|s| s.as_str())},
                })),
                (None, None) => {}
            }
        }
        Ok(json!({
            "hsds_version": HSDS_VERSION,
            "organizations": organizations,
            "locations": locations,
            "services": services,
            "service_at_locations": service_at_locations,
            "taxonomy_terms": taxonomy_terms,
        }))
    }

    async fn area_codes(&self) -> AppResult<Vec<(String, AreaId)>> {
        let mut out = Vec::new();
        let mut page = PageRequest::first(PageRequest::MAX_LIMIT);
        loop {
            let batch = self.store.list_areas(&page).await?;
            out.extend(batch.items.into_iter().map(|a| (a.code, a.id)));
            match batch.next {
                Some(next) => page.after = Some(next),
                None => return Ok(out),
            }
        }
    }

    /// Checks an HSDS document completely and, only if it has no problem
    /// and every record it changes is the actor's to change, stores what it
    /// changes in one transaction, with each change in its entry's history.
    /// Records equal to the directory's entries are left as they are.
    /// `progress(done, total)` is called as records are checked. `None`:
    /// the command line (someone holding the database), which keeps every
    /// entry; owning agencies are told of its changes all the same.
    pub async fn import_hsds(
        &self,
        actor: Option<&Actor>,
        bytes: &[u8],
        progress: &(dyn Fn(usize, usize) + Send + Sync),
    ) -> AppResult<HsdsImported> {
        if let Some(actor) = actor {
            self.require(actor, Permission::ManageServiceDirectory)
                .await?;
        }
        let doc: Doc = serde_json::from_slice(bytes).map_err(|e| {
            Invalid::one(
                "file",
                format!(
                    "is not an HSDS JSON document (line {}, column {}): {e}",
                    e.line(),
                    e.column()
                ),
            )
        })?;
        // The revisions first: whatever is read after them is what the
        // import is decided on, and a change meanwhile makes it conflict.
        let revisions: HashMap<OrganizationId, i64> = self
            .store
            .organization_revisions()
            .await?
            .into_iter()
            .collect();
        let existing = self.store.export_directory().await?;
        let dump = self.check_hsds(&doc, &existing, progress).await?;
        let imported = HsdsImported {
            organizations: dump.organizations.len(),
            locations: dump.locations.len(),
            services: dump.services.len(),
            terms: dump.terms.len(),
        };
        let (changed, mut write) = self
            .keep_import(actor, &doc, &existing, &dump, &revisions)
            .await?;
        write.audit = self.event(
            actor,
            AuditAction::DirectoryImported,
            None,
            AuditOutcome::Success,
            json!({
                "organizations": imported.organizations,
                "locations": imported.locations,
                "services": imported.services,
                "terms": imported.terms,
                "changed": write.changes.len(),
            }),
        );
        self.store.import_directory(&changed, &write).await?;
        Ok(imported)
    }

    /// What of a checked import changes the directory, decided record by
    /// record with the rules of the forms (every organization it touches,
    /// as it is and as the whole file leaves it): the rows to write and
    /// what goes with them. A refusal names every record at fault.
    async fn keep_import(
        &self,
        actor: Option<&Actor>,
        doc: &Doc,
        existing: &DirectoryDump,
        dump: &DirectoryDump,
        revisions: &HashMap<OrganizationId, i64>,
    ) -> AppResult<(DirectoryDump, DirectoryWrite)> {
        let now = self.clock.now();
        let before = standings_of(existing);
        let mut merged = existing.clone();
        for o in &dump.organizations {
            merged.organizations.retain(|e| e.id != o.id);
            merged.organizations.push(o.clone());
        }
        for l in &dump.locations {
            merged.locations.retain(|e| e.id != l.id);
            merged.locations.push(l.clone());
        }
        for s in &dump.services {
            merged.services.retain(|e| e.id != s.id);
            merged.services.push(s.clone());
        }
        let after = standings_of(&merged);
        let reach = match actor {
            Some(actor) => Some(self.directory_reach(actor).await?),
            None => None,
        };
        let decided_of = |organization: OrganizationId| Decided {
            organization,
            before: before.get(&organization).cloned(),
            after: after.get(&organization).cloned().unwrap_or_default(),
        };
        let decide = |decided: &[&Decided]| -> Result<(), Refusal> {
            match (actor, &reach) {
                (Some(actor), Some(reach)) => decided.iter().try_for_each(|d| {
                    may_change(actor, reach, d.before.as_ref(), &d.after).map(|_| ())
                }),
                _ => Ok(()),
            }
        };
        let mut refused: Vec<(String, Refusal)> = Vec::new();
        let mut invalid = Invalid::default();
        let mut changed = DirectoryDump::default();
        let mut changes = Vec::new();
        let mut notices = Vec::new();
        let mut touched: Vec<OrganizationId> = Vec::new();
        let mut record = |path: String,
                          decided: Vec<Decided>,
                          change: concord_store::DirectoryChangeRow,
                          refused: &mut Vec<(String, Refusal)>|
         -> bool {
            let refs: Vec<&Decided> = decided.iter().collect();
            if let Err(refusal) = decide(&refs) {
                refused.push((path, refusal));
                return false;
            }
            notices.extend(notices_for(actor, &change, &refs));
            touched.extend(decided.iter().map(|d| d.organization));
            changes.push(change);
            true
        };

        for t in &dump.terms {
            let old = existing.terms.iter().find(|e| e.code == t.code);
            if old.is_some_and(|o| o.name == t.name && o.sector == t.sector) {
                continue;
            }
            if let Some(actor) = actor
                && let Err(refusal) = ownership::may_keep_terms(actor)
            {
                let i = doc
                    .taxonomy_terms
                    .iter()
                    .position(|d| d.code.trim() == t.code)
                    .unwrap_or_default();
                refused.push((format!("taxonomy_terms[{i}]"), refusal));
                continue;
            }
            changed.terms.push(t.clone());
        }
        for (i, o) in dump.organizations.iter().enumerate() {
            let old = existing.organizations.iter().find(|e| e.id == o.id);
            let fields = changes_of(
                old.map(organization_fields).as_ref(),
                &organization_fields(o),
            );
            if old.is_some() && fields.is_empty() {
                continue;
            }
            let change = self.change_row(
                actor,
                o.id,
                o.agency_id,
                EntryKind::Organization,
                o.id.0,
                ChangeKind::Imported,
                fields,
                now,
            );
            if record(
                format!("organizations[{i}]"),
                vec![decided_of(o.id)],
                change,
                &mut refused,
            ) {
                changed.organizations.push(o.clone());
            }
        }
        for (i, l) in dump.locations.iter().enumerate() {
            let old = existing.locations.iter().find(|e| e.id == l.id);
            let fields = changes_of(old.map(location_fields).as_ref(), &location_fields(l));
            if old.is_some() && fields.is_empty() {
                continue;
            }
            let mut decided = Vec::new();
            if let Some(old) = old.filter(|o| o.organization_id != l.organization_id) {
                decided.push(decided_of(old.organization_id));
            }
            decided.push(decided_of(l.organization_id));
            let owner = decided.last().and_then(|d| d.after.agency);
            let change = self.change_row(
                actor,
                l.organization_id,
                owner,
                EntryKind::Location,
                l.id.0,
                ChangeKind::Imported,
                fields,
                now,
            );
            if record(format!("locations[{i}]"), decided, change, &mut refused) {
                changed.locations.push(l.clone());
            }
        }
        for (i, s) in dump.services.iter().enumerate() {
            let old = existing.services.iter().find(|e| e.id == s.id);
            let fields = changes_of(old.map(service_fields).as_ref(), &service_fields(s));
            if old.is_some() && fields.is_empty() {
                continue;
            }
            // Offered only at its own organization's locations (those it
            // had already stay).
            for p in &s.at_locations {
                let had = old.is_some_and(|o| {
                    o.at_locations
                        .iter()
                        .any(|h| h.location_id == p.location_id)
                });
                let own = merged
                    .locations
                    .iter()
                    .any(|l| l.id == p.location_id && l.organization_id == s.organization_id);
                if !had && !own {
                    invalid.push(
                        format!("services[{i}].service_at_locations"),
                        format!(
                            "location `{}` belongs to another organization",
                            p.location_id
                        ),
                    );
                }
            }
            let mut decided = Vec::new();
            if let Some(old) = old.filter(|o| o.organization_id != s.organization_id) {
                decided.push(decided_of(old.organization_id));
            }
            decided.push(decided_of(s.organization_id));
            let owner = decided.last().and_then(|d| d.after.agency);
            let change = self.change_row(
                actor,
                s.organization_id,
                owner,
                EntryKind::Service,
                s.id.0,
                ChangeKind::Imported,
                fields,
                now,
            );
            if record(format!("services[{i}]"), decided, change, &mut refused) {
                changed.services.push(s.clone());
            }
        }
        if !invalid.problems.is_empty() {
            return Err(AppError::Invalid(invalid));
        }
        if let (Some(actor), Some((_, refusal))) = (actor, refused.first()) {
            let refusal = *refusal;
            let records = refused.into_iter().map(|(path, _)| path).collect();
            return self
                .refuse_directory(actor, refusal, ("hsds_import", "file".into()), records)
                .await;
        }
        touched.sort();
        touched.dedup();
        let write = DirectoryWrite {
            expected: touched
                .into_iter()
                .filter_map(|o| revisions.get(&o).map(|r| (o, *r)))
                .collect(),
            changes,
            notices,
            // The caller fills in the counts.
            audit: self.event(
                actor,
                AuditAction::DirectoryImported,
                None,
                AuditOutcome::Success,
                json!({}),
            ),
        };
        Ok((changed, write))
    }

    async fn check_hsds(
        &self,
        doc: &Doc,
        existing: &DirectoryDump,
        progress: &(dyn Fn(usize, usize) + Send + Sync),
    ) -> AppResult<DirectoryDump> {
        let mut invalid = Invalid::default();
        if let Some(version) = &doc.hsds_version
            && !version.starts_with('3')
        {
            invalid.push("hsds_version", "must be 3.0");
        }
        let now = self.clock.now();
        let agencies: HashMap<String, AgencyId> = self
            .agency_names()
            .await?
            .into_iter()
            .map(|(id, name)| (name, id))
            .collect();
        let areas: HashMap<String, AreaId> = self.area_codes().await?.into_iter().collect();
        let total = doc.taxonomy_terms.len()
            + doc.organizations.len()
            + doc.locations.len()
            + doc.services.len();
        let mut done = 0;
        let mut tick = || {
            done += 1;
            progress(done, total);
        };

        // Terms: ESP ones are built in; local ones are checked and stored.
        let mut term_codes: HashMap<String, String> = HashMap::new();
        let mut terms = Vec::new();
        for (i, t) in doc.taxonomy_terms.iter().enumerate() {
            tick();
            let path = format!("taxonomy_terms[{i}]");
            if t.id.trim().is_empty() {
                invalid.push(format!("{path}.id"), "is required");
            }
            term_codes.insert(t.id.trim().to_string(), t.code.trim().to_string());
            if t.taxonomy == "ESP" || EssentialService::parse(t.code.trim()).is_some() {
                if EssentialService::parse(t.code.trim()).is_none() {
                    invalid.push(format!("{path}.code"), "is not an essential service code");
                }
                continue;
            }
            let form = TermForm {
                code: t.code.clone(),
                name: t.name.clone(),
                sector: t.x_concord.sector.clone().unwrap_or_default(),
            };
            match form.validate() {
                Ok(input) => terms.push(TermRow {
                    created_at: existing
                        .terms
                        .iter()
                        .find(|e| e.code == input.code)
                        .map(|e| e.created_at)
                        .unwrap_or(now),
                    code: input.code,
                    name: input.name,
                    sector: input.sector,
                }),
                Err(problems) => nest(&mut invalid, &path, problems),
            }
        }
        let known_local = |code: &str| {
            terms.iter().any(|t| t.code == code) || existing.terms.iter().any(|t| t.code == code)
        };

        // Organizations.
        let mut organizations = Vec::new();
        let mut names = std::collections::HashSet::new();
        for (i, o) in doc.organizations.iter().enumerate() {
            tick();
            let path = format!("organizations[{i}]");
            let id = o.id.trim().parse::<Uuid>();
            if id.is_err() {
                invalid.push(format!("{path}.id"), "must be a UUID");
            }
            let agency_id = match o.x_concord.member_agency.as_deref().map(str::trim) {
                None | Some("") => String::new(),
                Some(name) => match agencies.get(name) {
                    Some(a) => a.to_string(),
                    None => {
                        invalid.push(
                            format!("{path}.x_concord.member_agency"),
                            "is not an agency of this installation",
                        );
                        String::new()
                    }
                },
            };
            if !names.insert(o.name.trim().to_string()) {
                invalid.push(format!("{path}.name"), "appears twice in the file");
            }
            let form = OrganizationForm {
                name: o.name.clone(),
                description: o.description.clone(),
                agency_id,
                email: o.email.clone().unwrap_or_default(),
                phone: o
                    .phones
                    .first()
                    .map(|p| p.number.clone())
                    .unwrap_or_default(),
                website: o.website.clone().unwrap_or_default(),
                verified: None,
            };
            match (form.validate(), id) {
                (Ok(input), Ok(id)) => {
                    let id = OrganizationId(id);
                    let before = existing.organizations.iter().find(|e| e.id == id);
                    if let Some(other) = existing
                        .organizations
                        .iter()
                        .find(|e| e.name == input.name && e.id != id)
                        && !doc
                            .organizations
                            .iter()
                            .any(|d| d.id.trim() == other.id.to_string())
                    {
                        invalid.push(
                            format!("{path}.name"),
                            "is the name of another organization already",
                        );
                    }
                    organizations.push(OrganizationRow {
                        id,
                        name: input.name,
                        agency_id: input.agency_id,
                        details: input.details,
                        last_verified_at: o.x_concord.last_verified,
                        created_at: before.map(|b| b.created_at).unwrap_or(now),
                        updated_at: now,
                    });
                }
                (Err(problems), _) => nest(&mut invalid, &path, problems),
                _ => {}
            }
        }
        let known_org = |id: &str| {
            doc.organizations.iter().any(|o| o.id.trim() == id.trim())
                || existing
                    .organizations
                    .iter()
                    .any(|o| o.id.to_string() == id.trim())
        };

        // Locations.
        let mut locations = Vec::new();
        for (i, l) in doc.locations.iter().enumerate() {
            tick();
            let path = format!("locations[{i}]");
            let id = l.id.trim().parse::<Uuid>();
            if id.is_err() {
                invalid.push(format!("{path}.id"), "must be a UUID");
            }
            if !l.organization_id.trim().is_empty() && !known_org(&l.organization_id) {
                invalid.push(
                    format!("{path}.organization_id"),
                    "names no organization in the file or the directory",
                );
            }
            let area_id = match l.x_concord.area.as_deref() {
                None | Some("") => String::new(),
                Some(code) => match areas.get(code) {
                    Some(a) => a.to_string(),
                    None => {
                        invalid.push(
                            format!("{path}.x_concord.area"),
                            "is not an area code of this installation",
                        );
                        String::new()
                    }
                },
            };
            let form = LocationForm {
                organization_id: l.organization_id.clone(),
                name: l.name.clone(),
                area_id,
                address: l
                    .addresses
                    .first()
                    .map(|a| a.address_1.clone())
                    .unwrap_or_default(),
                accessibility: l
                    .accessibility
                    .first()
                    .map(|a| a.description.clone())
                    .unwrap_or_default(),
                description: l.description.clone(),
            };
            match (form.validate(), id) {
                (Ok(input), Ok(id)) => locations.push(LocationRow {
                    id: LocationId(id),
                    organization_id: input.organization_id,
                    name: input.name,
                    area_id: input.area_id,
                    details: input.details,
                    updated_at: now,
                }),
                (Err(problems), _) => nest(&mut invalid, &path, problems),
                _ => {}
            }
        }
        let known_location = |id: &str| {
            doc.locations.iter().any(|l| l.id.trim() == id.trim())
                || existing
                    .locations
                    .iter()
                    .any(|l| l.id.to_string() == id.trim())
        };

        // Services, with their areas, terms and locations.
        let mut services = Vec::new();
        for (i, s) in doc.services.iter().enumerate() {
            tick();
            let path = format!("services[{i}]");
            let id = s.id.trim().parse::<Uuid>();
            if id.is_err() {
                invalid.push(format!("{path}.id"), "must be a UUID");
            }
            if !s.organization_id.trim().is_empty() && !known_org(&s.organization_id) {
                invalid.push(
                    format!("{path}.organization_id"),
                    "names no organization in the file or the directory",
                );
            }
            let mut taxonomy = Vec::new();
            for (j, a) in s.attributes.iter().enumerate() {
                match term_codes.get(a.taxonomy_term_id.trim()) {
                    Some(code) if EssentialService::parse(code).is_some() || known_local(code) => {
                        taxonomy.push(code.clone())
                    }
                    Some(code) => invalid.push(
                        format!("{path}.attributes[{j}].taxonomy_term_id"),
                        format!("`{code}` is not a known taxonomy term"),
                    ),
                    None => invalid.push(
                        format!("{path}.attributes[{j}].taxonomy_term_id"),
                        "names no taxonomy term of the file",
                    ),
                }
            }
            let mut area_ids = Vec::new();
            for (j, a) in s.service_areas.iter().enumerate() {
                let code = a.x_concord.area.clone().unwrap_or_else(|| a.name.clone());
                match areas.get(code.trim()) {
                    Some(area) => area_ids.push(area.to_string()),
                    None => invalid.push(
                        format!("{path}.service_areas[{j}]"),
                        format!("`{code}` is not an area code of this installation"),
                    ),
                }
            }
            let places: Vec<&SalIn> = doc
                .service_at_locations
                .iter()
                .filter(|p| p.service_id.trim() == s.id.trim())
                .collect();
            for p in &places {
                if !known_location(&p.location_id) {
                    invalid.push(
                        format!("{path}.service_at_locations"),
                        format!(
                            "location `{}` is not in the file or the directory",
                            p.location_id
                        ),
                    );
                }
            }
            let form = ServiceForm {
                organization_id: s.organization_id.clone(),
                name: s.name.clone(),
                status: s.status.clone(),
                description: s.description.clone(),
                taxonomy: taxonomy.clone(),
                area_ids,
                location_ids: places.iter().map(|p| p.location_id.clone()).collect(),
                minimum_age: age_text(&s.minimum_age),
                maximum_age: age_text(&s.maximum_age),
                sex_gender: s.x_concord.sex_gender.clone(),
                eligibility: s.eligibility_description.clone().unwrap_or_default(),
                languages: s
                    .languages
                    .iter()
                    .map(|l| l.name.clone())
                    .collect::<Vec<_>>()
                    .join(", "),
                accessibility: s.x_concord.accessibility.clone(),
                opening_hours: s
                    .schedules
                    .first()
                    .map(|x| x.description.clone())
                    .unwrap_or_default(),
                fees: s.fees_description.clone().unwrap_or_default(),
                capacity: s.x_concord.capacity.clone(),
                phone: s
                    .phones
                    .first()
                    .map(|p| p.number.clone())
                    .unwrap_or_default(),
                email: s.email.clone().unwrap_or_default(),
                website: s.url.clone().unwrap_or_default(),
                how_to_refer: s.application_process.clone().unwrap_or_default(),
                focal_point: s
                    .contacts
                    .first()
                    .map(|c| c.name.clone())
                    .unwrap_or_default(),
                accepts_referrals: s.x_concord.accepts_referrals.then(|| "on".into()),
                verified: None,
            };
            match (form.validate(), id) {
                (Ok(input), Ok(id)) => {
                    let id = ServiceId(id);
                    let before = existing.services.iter().find(|e| e.id == id);
                    let mut at_locations: Vec<ServiceAtLocation> = Vec::new();
                    for p in &places {
                        match (
                            p.id.trim().parse::<Uuid>(),
                            p.location_id.trim().parse::<Uuid>(),
                        ) {
                            (Ok(pid), Ok(lid)) => at_locations.push(ServiceAtLocation {
                                id: pid,
                                location_id: LocationId(lid),
                            }),
                            _ => invalid
                                .push(format!("{path}.service_at_locations"), "ids must be UUIDs"),
                        }
                    }
                    at_locations.sort_by_key(|p| p.location_id);
                    let mut area_ids = input.area_ids.clone();
                    area_ids.sort();
                    services.push(ServiceRow {
                        id,
                        organization_id: input.organization_id,
                        name: input.name,
                        status: input.status,
                        accepts_referrals: input.accepts_referrals,
                        // Kept as in the file (already checked one by one).
                        taxonomy,
                        area_ids,
                        at_locations,
                        details: input.details,
                        last_verified_at: s.x_concord.last_verified,
                        created_at: before.map(|b| b.created_at).unwrap_or(now),
                        updated_at: now,
                    });
                }
                (Err(problems), _) => nest(&mut invalid, &path, problems),
                _ => {}
            }
        }
        if !invalid.problems.is_empty() {
            return Err(AppError::Invalid(invalid));
        }
        Ok(DirectoryDump {
            organizations,
            locations,
            services,
            terms,
        })
    }
}

/// The English name of an essential service, for the HSDS term's `name`
/// (the web pages translate it; an export is a data file).
fn esp_name(service: EssentialService) -> String {
    service.as_str().replace('_', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_ids_are_stable_and_distinct() {
        let parent = Uuid::now_v7();
        assert_eq!(derived(parent, 1, 0), derived(parent, 1, 0));
        assert_ne!(derived(parent, 1, 0), derived(parent, 2, 0));
        assert_ne!(derived(parent, 5, 0), derived(parent, 5, 1));
        assert_ne!(derived(parent, 1, 0), parent);
        assert_eq!(term_id("health_injury_care"), term_id("health_injury_care"));
        assert_ne!(term_id("a"), term_id("b"));
    }
}
