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

mod index;

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
    EssentialService, HsdsIds, LocationDetails, LocationForm, OrganizationDetails,
    OrganizationForm, ServiceDetails, ServiceForm, TermForm,
};
use concord_domain::ids::{AgencyId, AreaId, LocationId, OrganizationId, ServiceId};
use concord_domain::role::Permission;
use concord_store::{
    DirectoryDump, DirectoryWrite, LocationRow, OrganizationRow, PageRequest, ServiceAtLocation,
    ServiceRow, TermHsdsRow, TermRow,
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

/// A phone, schedule, language, contact or accessibility record: its id,
/// its parent and its one value.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Nested {
    id: Option<String>,
    organization_id: Option<String>,
    location_id: Option<String>,
    service_id: Option<String>,
    number: String,
    description: String,
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
    phones: Vec<Nested>,
    x_concord: OrgExtra,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Address {
    id: Option<String>,
    location_id: Option<String>,
    address_1: Option<String>,
    address_2: Option<String>,
    city: Option<String>,
    region: Option<String>,
    state_province: Option<String>,
    postal_code: Option<String>,
    country: Option<String>,
    address_type: Option<String>,
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
    location_type: Option<String>,
    name: String,
    description: String,
    addresses: Vec<Address>,
    accessibility: Vec<Nested>,
    x_concord: AreaExtra,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ServiceAreaIn {
    id: Option<String>,
    service_id: Option<String>,
    name: String,
    x_concord: AreaExtra,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct AttributeIn {
    id: Option<String>,
    link_id: Option<String>,
    link_type: Option<String>,
    link_entity: Option<String>,
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
    assured_date: Option<String>,
    phones: Vec<Nested>,
    schedules: Vec<Nested>,
    languages: Vec<Nested>,
    contacts: Vec<Nested>,
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
    description: Option<String>,
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

/// The fields Concord keeps of each kind of HSDS object (exactly those its
/// export writes), and the kind of the objects under each nested field.
fn kept_fields(
    kind: &str,
) -> (
    &'static [&'static str],
    &'static [(&'static str, &'static str)],
) {
    match kind {
        "document" => (
            &["hsds_version"],
            &[
                ("organizations", "organization"),
                ("locations", "location"),
                ("services", "service"),
                ("service_at_locations", "service_at_location"),
                ("taxonomy_terms", "taxonomy_term"),
            ],
        ),
        "organization" => (
            &["id", "name", "description", "email", "website"],
            &[
                ("phones", "organization_phone"),
                ("x_concord", "organization_extra"),
            ],
        ),
        "organization_phone" => (&["id", "organization_id", "number"], &[]),
        "organization_extra" => (&["member_agency", "last_verified"], &[]),
        "location" => (
            &[
                "id",
                "organization_id",
                "location_type",
                "name",
                "description",
            ],
            &[
                ("addresses", "address"),
                ("accessibility", "accessibility"),
                ("x_concord", "area_extra"),
            ],
        ),
        "address" => (
            &[
                "id",
                "location_id",
                "address_1",
                "address_2",
                "city",
                "region",
                "state_province",
                "postal_code",
                "country",
                "address_type",
            ],
            &[],
        ),
        "accessibility" => (&["id", "location_id", "description"], &[]),
        "area_extra" => (&["area"], &[]),
        "service" => (
            &[
                "id",
                "organization_id",
                "name",
                "description",
                "email",
                "url",
                "status",
                "fees_description",
                "eligibility_description",
                "minimum_age",
                "maximum_age",
                "application_process",
                "assured_date",
            ],
            &[
                ("phones", "service_phone"),
                ("schedules", "schedule"),
                ("languages", "language"),
                ("contacts", "contact"),
                ("service_areas", "service_area"),
                ("attributes", "attribute"),
                ("x_concord", "service_extra"),
            ],
        ),
        "service_phone" => (&["id", "service_id", "number"], &[]),
        "schedule" => (&["id", "service_id", "description"], &[]),
        "language" | "contact" => (&["id", "service_id", "name"], &[]),
        "service_area" => (
            &["id", "service_id", "name"],
            &[("x_concord", "area_extra")],
        ),
        "attribute" => (
            &[
                "id",
                "link_id",
                "link_type",
                "link_entity",
                "taxonomy_term_id",
            ],
            &[],
        ),
        "service_extra" => (
            &[
                "accepts_referrals",
                "capacity",
                "accessibility",
                "sex_gender",
                "last_verified",
            ],
            &[],
        ),
        "service_at_location" => (&["id", "service_id", "location_id"], &[]),
        "taxonomy_term" => (
            &["id", "code", "name", "description", "taxonomy"],
            &[("x_concord", "term_extra")],
        ),
        "term_extra" => (&["sector"], &[]),
        _ => (&[], &[]),
    }
}

/// Nothing to keep: absent, null, "", [] or {}.
fn is_blank(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    }
}

/// Refuses every field Concord would not keep (a filled one: an empty one
/// has nothing to lose), with its path, so an import never drops data
/// silently; and a nested field that is not an object or array of objects.
fn unkept_fields(value: &Value, kind: &str, path: &str, invalid: &mut Invalid) {
    let at = |field: &str| {
        if path.is_empty() {
            field.to_string()
        } else {
            format!("{path}.{field}")
        }
    };
    let Value::Object(object) = value else {
        invalid.push(path, "must be an object");
        return;
    };
    let (fields, nested) = kept_fields(kind);
    for (field, child) in object {
        if let Some((_, child_kind)) = nested.iter().find(|(n, _)| n == field) {
            match child {
                Value::Null => {}
                Value::Array(items) if *field != "x_concord" => {
                    for (i, item) in items.iter().enumerate() {
                        unkept_fields(item, child_kind, &format!("{}[{i}]", at(field)), invalid);
                    }
                }
                Value::Object(_) if *field == "x_concord" => {
                    unkept_fields(child, child_kind, &at(field), invalid)
                }
                _ if *field == "x_concord" => invalid.push(at(field), "must be an object"),
                _ => invalid.push(at(field), "must be an array"),
            }
        } else if !fields.contains(&field.as_str()) && !is_blank(child) {
            invalid.push(
                at(field),
                "is not a field Concord keeps: leave it out or empty (the HSDS fields kept are those Concord exports)",
            );
        }
    }
}

/// An HSDS document, not anything else that parses as JSON: an object, not
/// a FHIR resource, with at least one record.
fn document_shape(value: &Value) -> Result<(), Invalid> {
    let Value::Object(object) = value else {
        return Err(Invalid::one(
            "file",
            "is not an HSDS document: it must be a JSON object with organizations, locations, services, service_at_locations and taxonomy_terms",
        ));
    };
    if let Some(kind) = object.get("resourceType") {
        return Err(Invalid::one(
            "file",
            format!("is a FHIR resource ({kind}), not an HSDS document"),
        ));
    }
    let records = kept_fields("document")
        .1
        .iter()
        .filter_map(|(field, _)| object.get(*field))
        .filter_map(Value::as_array)
        .map(Vec::len)
        .sum::<usize>();
    if records == 0 {
        return Err(Invalid::one(
            "file",
            "holds no organizations, locations, services, service_at_locations or taxonomy_terms: nothing to import",
        ));
    }
    Ok(())
}

/// The id of a nested record: as the file gave it (kept in `ids` under
/// `key`), else derived from its parent's.
fn nested_id(ids: &HsdsIds, key: &str, parent: Uuid, kind: u8, index: usize) -> Uuid {
    ids.get(key)
        .copied()
        .unwrap_or_else(|| derived(parent, kind, index))
}

/// Checks a nested record's id and parent: the id (if any) must be a UUID,
/// kept under `key`; the parent field (if any) must name the record it is in.
#[allow(clippy::too_many_arguments)]
fn nested_record(
    invalid: &mut Invalid,
    ids: &mut HsdsIds,
    path: &str,
    key: String,
    id: Option<&str>,
    parent_field: &str,
    parent: Option<&str>,
    parent_id: &str,
) {
    match id.map(str::trim).filter(|i| !i.is_empty()) {
        None => {}
        Some(text) => match text.parse::<Uuid>() {
            Ok(id) => {
                ids.insert(key, id);
            }
            Err(_) => invalid.push(format!("{path}.id"), "must be a UUID"),
        },
    }
    if let Some(parent) = parent.map(str::trim).filter(|p| !p.is_empty())
        && parent != parent_id.trim()
    {
        invalid.push(
            format!("{path}.{parent_field}"),
            "names another record than the one it is in",
        );
    }
}

/// Names each problem of a form by its field's path in the HSDS document.
fn renamed(problems: Invalid, paths: &[(&str, &str)]) -> Invalid {
    let mut out = Invalid::default();
    for p in problems.problems {
        let field = paths
            .iter()
            .find(|(form, _)| *form == p.field)
            .map(|(_, path)| path.to_string())
            .unwrap_or(p.field);
        out.push(field, p.problem);
    }
    out
}

fn organization_paths(problems: Invalid) -> Invalid {
    renamed(
        problems,
        &[
            ("phone", "phones[0].number"),
            ("agency_id", "x_concord.member_agency"),
        ],
    )
}

fn location_paths(problems: Invalid) -> Invalid {
    renamed(
        problems,
        &[
            ("address", "addresses[0].address_1"),
            ("address_2", "addresses[0].address_2"),
            ("city", "addresses[0].city"),
            ("region", "addresses[0].region"),
            ("state_province", "addresses[0].state_province"),
            ("postal_code", "addresses[0].postal_code"),
            ("country", "addresses[0].country"),
            ("address_type", "addresses[0].address_type"),
            ("accessibility", "accessibility[0].description"),
            ("area_id", "x_concord.area"),
        ],
    )
}

fn service_paths(problems: Invalid) -> Invalid {
    renamed(
        problems,
        &[
            ("website", "url"),
            ("eligibility", "eligibility_description"),
            ("fees", "fees_description"),
            ("how_to_refer", "application_process"),
            ("opening_hours", "schedules[0].description"),
            ("phone", "phones[0].number"),
            ("focal_point", "contacts[0].name"),
            ("capacity", "x_concord.capacity"),
            ("accessibility", "x_concord.accessibility"),
            ("sex_gender", "x_concord.sex_gender"),
            ("accepts_referrals", "x_concord.accepts_referrals"),
            ("taxonomy", "attributes"),
            ("area_ids", "service_areas"),
            ("location_ids", "service_at_locations"),
        ],
    )
}

/// At most one of a nested record Concord keeps one of.
fn at_most_one<T>(invalid: &mut Invalid, path: &str, field: &str, items: &[T], what: &str) {
    if items.len() > 1 {
        invalid.push(
            format!("{path}.{field}[1]"),
            format!("Concord keeps one {what}: put the others in the description"),
        );
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
                    "phones": o.details.phone.iter().map(|n| json!({"id": nested_id(&o.details.hsds_ids, "phones", o.id.0, 1, 0), "organization_id": o.id, "number": n})).collect::<Vec<_>>(),
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
                let d = &l.details;
                let or_physical = |t: &str| if t.is_empty() { "physical".to_string() } else { t.to_string() };
                let has_address = [&d.address, &d.address_2, &d.city, &d.region, &d.state_province, &d.postal_code, &d.country]
                    .iter()
                    .any(|p| !p.is_empty());
                json!({
                    "id": l.id,
                    "organization_id": l.organization_id,
                    "location_type": or_physical(&d.location_type),
                    "name": l.name,
                    "description": d.description,
                    "addresses": if has_address {
                        vec![json!({
                            "id": nested_id(&d.hsds_ids, "addresses", l.id.0, 2, 0),
                            "location_id": l.id,
                            "address_1": d.address,
                            "address_2": d.address_2,
                            "city": d.city,
                            "region": d.region,
                            "state_province": d.state_province,
                            "postal_code": d.postal_code,
                            "country": d.country,
                            "address_type": or_physical(&d.address_type),
                        })]
                    } else { vec![] },
                    "accessibility": if d.accessibility.is_empty() { vec![] } else {
                        vec![json!({"id": nested_id(&d.hsds_ids, "accessibility", l.id.0, 3, 0), "location_id": l.id, "description": d.accessibility})]
                    },
                    "x_concord": {"area": l.area_id.as_ref().and_then(code_of)},
                })
            })
            .collect();
        let hsds_of = |code: &str| dump.term_hsds.iter().find(|t| t.code == code);
        let term_id_of = |code: &str| {
            hsds_of(code)
                .map(|t| t.hsds_id)
                .unwrap_or_else(|| term_id(code))
        };
        let description_of = |code: &str| {
            hsds_of(code)
                .map(|t| t.description.clone())
                .unwrap_or_default()
        };
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
                    "phones": d.phone.iter().map(|n| json!({"id": nested_id(&d.hsds_ids, "phones", s.id.0, 1, 0), "service_id": s.id, "number": n})).collect::<Vec<_>>(),
                    "schedules": if d.opening_hours.is_empty() { vec![] } else {
                        vec![json!({"id": nested_id(&d.hsds_ids, "schedules", s.id.0, 4, 0), "service_id": s.id, "description": d.opening_hours})]
                    },
                    "languages": d.languages.iter().enumerate().map(|(i, l)| json!({"id": nested_id(&d.hsds_ids, &format!("languages/{i}"), s.id.0, 5, i), "service_id": s.id, "name": l})).collect::<Vec<_>>(),
                    "contacts": if d.focal_point.is_empty() { vec![] } else {
                        vec![json!({"id": nested_id(&d.hsds_ids, "contacts", s.id.0, 6, 0), "service_id": s.id, "name": d.focal_point})]
                    },
                    "service_areas": s.area_ids.iter().enumerate().map(|(i, a)| {
                        let code = code_of(a);
                        json!({"id": nested_id(&d.hsds_ids, &format!("service_areas/{a}"), s.id.0, 7, i), "service_id": s.id, "name": code.clone().unwrap_or_default(), "x_concord": {"area": code}})
                    }).collect::<Vec<_>>(),
                    "attributes": s.taxonomy.iter().enumerate().map(|(i, code)| json!({
                        "id": nested_id(&d.hsds_ids, &format!("attributes/{code}"), s.id.0, 8, i),
                        "link_id": s.id,
                        "link_type": "service",
                        "link_entity": "service",
                        "taxonomy_term_id": term_id_of(code),
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
        for code in dump
            .terms
            .iter()
            .map(|t| &t.code)
            .chain(dump.term_hsds.iter().map(|t| &t.code))
        {
            if !codes.contains(code) {
                codes.push(code.clone());
            }
        }
        codes.sort();
        for code in codes {
            let local = dump.terms.iter().find(|t| t.code == code);
            match (EssentialService::parse(&code), local) {
                (Some(esp), _) => taxonomy_terms.push(json!({
                    "id": term_id_of(&code),
                    "description": description_of(&code),
                    "code": code,
                    "name": esp_name(esp),
                    "taxonomy": "ESP",
                    "x_concord": {"sector": esp.sector().as_str()},
                })),
                (None, Some(t)) => taxonomy_terms.push(json!({
                    "id": term_id_of(&code),
                    "description": description_of(&code),
                    "code": code,
                    "name": t.name,
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
        let value: Value = serde_json::from_slice(bytes).map_err(|e| {
            Invalid::one(
                "file",
                format!(
                    "is not an HSDS JSON document (line {}, column {}): {e}",
                    e.line(),
                    e.column()
                ),
            )
        })?;
        document_shape(&value)?;
        let mut unkept = Invalid::default();
        unkept_fields(&value, "document", "", &mut unkept);
        let doc: Doc = serde_json::from_value(value).map_err(|e| {
            let mut invalid = unkept.clone();
            invalid.push("file", format!("is not an HSDS 3.0 document: {e}"));
            invalid
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
        let dump = self.check_hsds(&doc, &existing, progress, unkept).await?;
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
        let merged = index::merged(existing, dump);
        let after = standings_of(&merged);
        let by_key = index::Existing::new(existing);
        // Which organization each location belongs to once imported.
        let merged_locations: std::collections::HashSet<(LocationId, OrganizationId)> = merged
            .locations
            .iter()
            .map(|l| (l.id, l.organization_id))
            .collect();
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
            let old = by_key.term(&t.code);
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
        for t in &dump.term_hsds {
            let old = by_key.term_hsds(&t.code);
            let as_derived = t.hsds_id == term_id(&t.code) && t.description.is_empty();
            if old == Some(t) || (old.is_none() && as_derived) {
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
            changed.term_hsds.push(t.clone());
        }
        for (i, o) in dump.organizations.iter().enumerate() {
            let old = by_key.organization(o.id);
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
            let old = by_key.location(l.id);
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
            let old = by_key.service(s.id);
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
                let own = merged_locations.contains(&(p.location_id, s.organization_id));
                if !had && !own {
                    let k = doc
                        .service_at_locations
                        .iter()
                        .position(|d| {
                            d.service_id.trim() == s.id.to_string()
                                && d.location_id.trim() == p.location_id.to_string()
                        })
                        .unwrap_or_default();
                    invalid.push(
                        format!("service_at_locations[{k}].location_id"),
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
        mut invalid: Invalid,
    ) -> AppResult<DirectoryDump> {
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
        // Attributes may name a term of the file or one the directory has
        // (by its kept id, or the id derived from its code).
        let by_key = index::Existing::new(existing);
        let in_file = index::InFile::new(doc);
        let mut term_codes: HashMap<String, String> = HashMap::new();
        for code in EssentialService::ALL
            .iter()
            .map(|e| e.as_str().to_string())
            .chain(existing.terms.iter().map(|t| t.code.clone()))
        {
            let id = by_key
                .term_hsds(&code)
                .map(|t| t.hsds_id)
                .unwrap_or_else(|| term_id(&code));
            term_codes.insert(id.to_string(), code);
        }
        let mut terms = Vec::new();
        let mut term_hsds = Vec::new();
        let mut file_term_ids = std::collections::HashSet::new();
        for (i, t) in doc.taxonomy_terms.iter().enumerate() {
            tick();
            let path = format!("taxonomy_terms[{i}]");
            match t.id.trim().parse::<Uuid>() {
                Ok(id) => {
                    if !file_term_ids.insert(id) {
                        invalid.push(format!("{path}.id"), "appears twice in the file");
                    }
                    term_codes.insert(t.id.trim().to_string(), t.code.trim().to_string());
                    term_hsds.push(TermHsdsRow {
                        code: t.code.trim().to_string(),
                        hsds_id: id,
                        description: t.description.clone().unwrap_or_default().trim().to_string(),
                    });
                }
                Err(_) if t.id.trim().is_empty() => {
                    invalid.push(format!("{path}.id"), "is required")
                }
                Err(_) => invalid.push(format!("{path}.id"), "must be a UUID"),
            }
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
                    created_at: by_key
                        .term(&input.code)
                        .map(|e| e.created_at)
                        .unwrap_or(now),
                    code: input.code,
                    name: input.name,
                    sector: input.sector,
                }),
                Err(problems) => nest(
                    &mut invalid,
                    &path,
                    renamed(problems, &[("sector", "x_concord.sector")]),
                ),
            }
        }
        let file_terms: std::collections::HashSet<&str> =
            terms.iter().map(|t| t.code.as_str()).collect();
        let known_local = |code: &str| file_terms.contains(code) || by_key.term(code).is_some();

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
            let mut hsds_ids = HsdsIds::new();
            at_most_one(
                &mut invalid,
                &path,
                "phones",
                &o.phones,
                "phone number per organization",
            );
            if let Some(p) = o.phones.first() {
                nested_record(
                    &mut invalid,
                    &mut hsds_ids,
                    &format!("{path}.phones[0]"),
                    "phones".into(),
                    p.id.as_deref(),
                    "organization_id",
                    p.organization_id.as_deref(),
                    &o.id,
                );
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
                    let before = by_key.organization(id);
                    if let Some(other) = by_key.other_named(&input.name, id)
                        && !in_file.has_organization(&other.id.to_string())
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
                        details: OrganizationDetails {
                            hsds_ids,
                            ..input.details
                        },
                        last_verified_at: o.x_concord.last_verified,
                        created_at: before.map(|b| b.created_at).unwrap_or(now),
                        updated_at: now,
                    });
                }
                (Err(problems), _) => nest(&mut invalid, &path, organization_paths(problems)),
                _ => {}
            }
        }
        let known_org =
            |id: &str| in_file.has_organization(id.trim()) || by_key.has_organization(id.trim());

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
            let mut hsds_ids = HsdsIds::new();
            at_most_one(
                &mut invalid,
                &path,
                "addresses",
                &l.addresses,
                "address per location",
            );
            at_most_one(
                &mut invalid,
                &path,
                "accessibility",
                &l.accessibility,
                "accessibility description per location",
            );
            if let Some(a) = l.addresses.first() {
                nested_record(
                    &mut invalid,
                    &mut hsds_ids,
                    &format!("{path}.addresses[0]"),
                    "addresses".into(),
                    a.id.as_deref(),
                    "location_id",
                    a.location_id.as_deref(),
                    &l.id,
                );
            }
            if let Some(a) = l.accessibility.first() {
                nested_record(
                    &mut invalid,
                    &mut hsds_ids,
                    &format!("{path}.accessibility[0]"),
                    "accessibility".into(),
                    a.id.as_deref(),
                    "location_id",
                    a.location_id.as_deref(),
                    &l.id,
                );
            }
            let address = l.addresses.first();
            let part = |f: fn(&Address) -> &Option<String>| {
                address.and_then(|a| f(a).clone()).unwrap_or_default()
            };
            let form = LocationForm {
                organization_id: l.organization_id.clone(),
                name: l.name.clone(),
                area_id,
                address: part(|a| &a.address_1),
                accessibility: l
                    .accessibility
                    .first()
                    .map(|a| a.description.clone())
                    .unwrap_or_default(),
                description: l.description.clone(),
                address_2: part(|a| &a.address_2),
                city: part(|a| &a.city),
                region: part(|a| &a.region),
                state_province: part(|a| &a.state_province),
                postal_code: part(|a| &a.postal_code),
                country: part(|a| &a.country),
                location_type: l.location_type.clone().unwrap_or_default(),
                address_type: part(|a| &a.address_type),
            };
            match (form.validate(), id) {
                (Ok(input), Ok(id)) => locations.push(LocationRow {
                    id: LocationId(id),
                    organization_id: input.organization_id,
                    name: input.name,
                    area_id: input.area_id,
                    details: LocationDetails {
                        hsds_ids,
                        // "physical" is what an empty type is exported as.
                        location_type: if input.details.location_type == "physical" {
                            String::new()
                        } else {
                            input.details.location_type.clone()
                        },
                        address_type: if input.details.address_type == "physical" {
                            String::new()
                        } else {
                            input.details.address_type.clone()
                        },
                        ..input.details
                    },
                    updated_at: now,
                }),
                (Err(problems), _) => nest(&mut invalid, &path, location_paths(problems)),
                _ => {}
            }
        }
        let known_location =
            |id: &str| in_file.has_location(id.trim()) || by_key.has_location(id.trim());

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
            let mut hsds_ids = HsdsIds::new();
            for (field, items, what) in [
                ("phones", &s.phones, "phone number per service"),
                ("schedules", &s.schedules, "schedule per service"),
                ("contacts", &s.contacts, "contact per service"),
            ] {
                at_most_one(&mut invalid, &path, field, items, what);
                if let Some(n) = items.first() {
                    nested_record(
                        &mut invalid,
                        &mut hsds_ids,
                        &format!("{path}.{field}[0]"),
                        field.into(),
                        n.id.as_deref(),
                        "service_id",
                        n.service_id.as_deref(),
                        &s.id,
                    );
                }
            }
            for (j, n) in s.languages.iter().enumerate() {
                nested_record(
                    &mut invalid,
                    &mut hsds_ids,
                    &format!("{path}.languages[{j}]"),
                    format!("languages/{j}"),
                    n.id.as_deref(),
                    "service_id",
                    n.service_id.as_deref(),
                    &s.id,
                );
                if n.name.trim().is_empty() || n.name.contains(',') {
                    invalid.push(
                        format!("{path}.languages[{j}].name"),
                        "must be one language's name",
                    );
                }
            }
            let mut taxonomy = Vec::new();
            for (j, a) in s.attributes.iter().enumerate() {
                let at = format!("{path}.attributes[{j}]");
                for (field, value) in [("link_type", &a.link_type), ("link_entity", &a.link_entity)]
                {
                    if value
                        .as_deref()
                        .is_some_and(|v| !v.trim().is_empty() && v.trim() != "service")
                    {
                        invalid.push(format!("{at}.{field}"), "must be `service`");
                    }
                }
                match term_codes.get(a.taxonomy_term_id.trim()) {
                    Some(code) if EssentialService::parse(code).is_some() || known_local(code) => {
                        nested_record(
                            &mut invalid,
                            &mut hsds_ids,
                            &at,
                            format!("attributes/{code}"),
                            a.id.as_deref(),
                            "link_id",
                            a.link_id.as_deref(),
                            &s.id,
                        );
                        taxonomy.push(code.clone())
                    }
                    Some(code) => invalid.push(
                        format!("{path}.attributes[{j}].taxonomy_term_id"),
                        format!("`{code}` is not a known taxonomy term"),
                    ),
                    None => invalid.push(
                        format!("{path}.attributes[{j}].taxonomy_term_id"),
                        "names no taxonomy term of the file or the directory",
                    ),
                }
            }
            let mut area_ids = Vec::new();
            for (j, a) in s.service_areas.iter().enumerate() {
                let code = a.x_concord.area.clone().unwrap_or_else(|| a.name.clone());
                match areas.get(code.trim()) {
                    Some(area) => {
                        nested_record(
                            &mut invalid,
                            &mut hsds_ids,
                            &format!("{path}.service_areas[{j}]"),
                            format!("service_areas/{area}"),
                            a.id.as_deref(),
                            "service_id",
                            a.service_id.as_deref(),
                            &s.id,
                        );
                        area_ids.push(area.to_string())
                    }
                    None => invalid.push(
                        format!("{path}.service_areas[{j}]"),
                        format!("`{code}` is not an area code of this installation"),
                    ),
                }
            }
            let places = in_file.places_of(s.id.trim());
            // A service kept in words: assured_date is the local day of
            // x_concord.last_verified; either gives the other.
            let assured = match s.assured_date.as_deref().map(str::trim) {
                None | Some("") => None,
                Some(text) => match text.parse::<chrono::NaiveDate>() {
                    Ok(day) => Some(day),
                    Err(_) => {
                        invalid.push(
                            format!("{path}.assured_date"),
                            "must be a date (YYYY-MM-DD)",
                        );
                        None
                    }
                },
            };
            let last_verified = match (s.x_concord.last_verified, assured) {
                (Some(at), Some(day)) if self.local_date_of(at) != day => {
                    invalid.push(
                        format!("{path}.assured_date"),
                        "is not the day of x_concord.last_verified",
                    );
                    Some(at)
                }
                (Some(at), _) => Some(at),
                (None, Some(day)) => {
                    Some(self.instant_of_local(day.and_time(chrono::NaiveTime::MIN)))
                }
                (None, None) => None,
            };
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
                    .map(|l| l.name.trim().to_string())
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
                    let before = by_key.service(id);
                    let mut at_locations: Vec<ServiceAtLocation> = Vec::new();
                    // Ids that are not UUIDs are reported with the
                    // service_at_location's path below.
                    for p in places {
                        if let (Ok(pid), Ok(lid)) = (
                            p.id.trim().parse::<Uuid>(),
                            p.location_id.trim().parse::<Uuid>(),
                        ) {
                            at_locations.push(ServiceAtLocation {
                                id: pid,
                                location_id: LocationId(lid),
                            });
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
                        details: ServiceDetails {
                            hsds_ids,
                            ..input.details
                        },
                        last_verified_at: last_verified,
                        created_at: before.map(|b| b.created_at).unwrap_or(now),
                        updated_at: now,
                    });
                }
                (Err(problems), _) => nest(&mut invalid, &path, service_paths(problems)),
                _ => {}
            }
        }

        // Each service_at_location: its own id, a service of the file (it
        // is stored with its service) and a location of the file or the
        // directory, once.
        let mut pairs = std::collections::HashSet::new();
        let mut sal_ids = std::collections::HashSet::new();
        for (k, p) in doc.service_at_locations.iter().enumerate() {
            let path = format!("service_at_locations[{k}]");
            match p.id.trim().parse::<Uuid>() {
                Ok(id) if !sal_ids.insert(id) => {
                    invalid.push(format!("{path}.id"), "appears twice in the file")
                }
                Ok(_) => {}
                Err(_) => invalid.push(format!("{path}.id"), "must be a UUID"),
            }
            let service = p.service_id.trim();
            if service.is_empty() {
                invalid.push(format!("{path}.service_id"), "is required");
            } else if !in_file.has_service(service) {
                let in_directory = by_key.has_service(service);
                invalid.push(
                    format!("{path}.service_id"),
                    if in_directory {
                        "names a service that is not in the file: a service_at_location is imported with its service"
                    } else {
                        "names no service in the file or the directory"
                    },
                );
            }
            if p.location_id.trim().is_empty() {
                invalid.push(format!("{path}.location_id"), "is required");
            } else if !known_location(&p.location_id)
                || p.location_id.trim().parse::<Uuid>().is_err()
            {
                invalid.push(
                    format!("{path}.location_id"),
                    "names no location in the file or the directory",
                );
            }
            if !pairs.insert((service.to_string(), p.location_id.trim().to_string())) {
                invalid.push(
                    format!("{path}.location_id"),
                    "offers the service at this location twice",
                );
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
            term_hsds,
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
