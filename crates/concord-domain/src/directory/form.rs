//! Directory entries as entered, and what is stored of them. The stored
//! details are plain data (serialised as JSON by the store) so an entry
//! can grow a field without a schema change on both engines.

use super::taxonomy::{EspSector, EssentialService, is_local_code};
use crate::form_fields::{checkbox, label_set, required_label};
use crate::ids::{AgencyId, AreaId, LocationId, OrganizationId};
use crate::label::label_enum;
use crate::survivor::SexGender;
use crate::validation::{Invalid, optional_text, required_text};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::str::FromStr;
use uuid::Uuid;

/// The ids an imported HSDS file gave the records nested in an entry
/// (`phones`, `addresses`, `languages/1`, `attributes/<code>`…): exported
/// again as they came. A record with none kept has an id derived from its
/// parent's. Entered forms start without any.
pub type HsdsIds = BTreeMap<String, Uuid>;

label_enum! {
    /// HSDS service status.
    pub enum ServiceStatus ("service status") {
        Active => "active",
        Inactive => "inactive",
        Defunct => "defunct",
    }
}

/// Whether an entry needs verifying again: never verified, or verified
/// more than `stale_after_days` ago.
pub fn is_stale(
    last_verified: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    stale_after_days: i64,
) -> bool {
    match last_verified {
        None => true,
        Some(at) => now - at > Duration::days(stale_after_days),
    }
}

fn optional_id<T: FromStr>(
    invalid: &mut Invalid,
    field: &str,
    text: &str,
    what: &str,
) -> Option<T> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let id = text.parse().ok();
    if id.is_none() {
        invalid.push(field, format!("must name {what}"));
    }
    id
}

fn ids<T: FromStr + Ord>(
    invalid: &mut Invalid,
    field: &str,
    values: &[String],
    what: &str,
) -> Vec<T> {
    let mut out = Vec::new();
    for text in values.iter().map(|v| v.trim()).filter(|v| !v.is_empty()) {
        match text.parse() {
            Ok(id) => out.push(id),
            Err(_) => {
                invalid.push(field, format!("must name {what}"));
                break;
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

fn email(invalid: &mut Invalid, field: &str, text: &str) -> Option<String> {
    let value = optional_text(invalid, field, Some(text), 200)?;
    let ok = value
        .split_once('@')
        .is_some_and(|(user, host)| !user.is_empty() && host.contains('.') && !value.contains(' '));
    if !ok {
        invalid.push(field, "is not an e-mail address");
    }
    Some(value)
}

fn website(invalid: &mut Invalid, field: &str, text: &str) -> Option<String> {
    let value = optional_text(invalid, field, Some(text), 300)?;
    if !(value.starts_with("https://") || value.starts_with("http://")) || value.contains(' ') {
        invalid.push(field, "must be a web address starting with https://");
    }
    Some(value)
}

fn age(invalid: &mut Invalid, field: &str, text: &str) -> Option<u8> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    match text.parse::<u8>() {
        Ok(a) if a <= 120 => Some(a),
        _ => {
            invalid.push(field, "must be a whole number of years from 0 to 120");
            None
        }
    }
}

// ---- organizations ----

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct OrganizationDetails {
    pub description: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub website: Option<String>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub hsds_ids: HsdsIds,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct OrganizationForm {
    pub name: String,
    pub description: String,
    /// The member agency this organization is, if any (empty: an outside
    /// provider).
    pub agency_id: String,
    pub email: String,
    pub phone: String,
    pub website: String,
    /// Checkbox: the details were checked today.
    pub verified: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganizationInput {
    pub name: String,
    pub agency_id: Option<AgencyId>,
    pub details: OrganizationDetails,
    pub verified: bool,
}

impl OrganizationForm {
    pub fn validate(&self) -> Result<OrganizationInput, Invalid> {
        let mut invalid = Invalid::default();
        let name = required_text(&mut invalid, "name", &self.name, 200);
        let agency_id = optional_id(&mut invalid, "agency_id", &self.agency_id, "an agency");
        let details = OrganizationDetails {
            description: optional_text(&mut invalid, "description", Some(&self.description), 4000)
                .unwrap_or_default(),
            email: email(&mut invalid, "email", &self.email),
            phone: optional_text(&mut invalid, "phone", Some(&self.phone), 60),
            website: website(&mut invalid, "website", &self.website),
            hsds_ids: HsdsIds::new(),
        };
        let verified = checkbox(&mut invalid, "verified", self.verified.as_deref());
        invalid.into_result(OrganizationInput {
            name,
            agency_id,
            details,
            verified,
        })
    }
}

// ---- locations ----

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LocationDetails {
    /// The first line of the address (HSDS `address_1`).
    pub address: String,
    pub accessibility: String,
    pub description: String,
    /// The rest of the address, as HSDS has it (all optional).
    pub address_2: String,
    pub city: String,
    pub region: String,
    pub state_province: String,
    pub postal_code: String,
    pub country: String,
    /// HSDS `location_type`: `physical` (the default), `postal` or `virtual`.
    pub location_type: String,
    /// HSDS `address_type` of the address (default `physical`).
    pub address_type: String,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub hsds_ids: HsdsIds,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct LocationForm {
    pub organization_id: String,
    pub name: String,
    pub area_id: String,
    pub address: String,
    pub accessibility: String,
    pub description: String,
    pub address_2: String,
    pub city: String,
    pub region: String,
    pub state_province: String,
    pub postal_code: String,
    pub country: String,
    /// Empty: physical.
    pub location_type: String,
    /// Empty: physical.
    pub address_type: String,
}

/// HSDS `location_type` and `address_type` values.
const PLACE_TYPES: [&str; 3] = ["physical", "postal", "virtual"];

fn place_type(invalid: &mut Invalid, field: &str, text: &str) -> String {
    let text = text.trim();
    if text.is_empty() || PLACE_TYPES.contains(&text) {
        text.to_string()
    } else {
        invalid.push(field, "must be physical, postal or virtual");
        String::new()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocationInput {
    pub organization_id: OrganizationId,
    pub name: String,
    pub area_id: Option<AreaId>,
    pub details: LocationDetails,
}

impl LocationForm {
    pub fn validate(&self) -> Result<LocationInput, Invalid> {
        let mut invalid = Invalid::default();
        let organization_id = optional_id(
            &mut invalid,
            "organization_id",
            &self.organization_id,
            "an organization",
        );
        if self.organization_id.trim().is_empty() {
            invalid.push("organization_id", "is required");
        }
        let name = required_text(&mut invalid, "name", &self.name, 200);
        let area_id = optional_id(&mut invalid, "area_id", &self.area_id, "an area");
        let details = LocationDetails {
            address: optional_text(&mut invalid, "address", Some(&self.address), 500)
                .unwrap_or_default(),
            accessibility: optional_text(
                &mut invalid,
                "accessibility",
                Some(&self.accessibility),
                1000,
            )
            .unwrap_or_default(),
            description: optional_text(&mut invalid, "description", Some(&self.description), 2000)
                .unwrap_or_default(),
            address_2: optional_text(&mut invalid, "address_2", Some(&self.address_2), 500)
                .unwrap_or_default(),
            city: optional_text(&mut invalid, "city", Some(&self.city), 200).unwrap_or_default(),
            region: optional_text(&mut invalid, "region", Some(&self.region), 200)
                .unwrap_or_default(),
            state_province: optional_text(
                &mut invalid,
                "state_province",
                Some(&self.state_province),
                200,
            )
            .unwrap_or_default(),
            postal_code: optional_text(&mut invalid, "postal_code", Some(&self.postal_code), 40)
                .unwrap_or_default(),
            country: optional_text(&mut invalid, "country", Some(&self.country), 100)
                .unwrap_or_default(),
            location_type: place_type(&mut invalid, "location_type", &self.location_type),
            address_type: place_type(&mut invalid, "address_type", &self.address_type),
            hsds_ids: HsdsIds::new(),
        };
        match organization_id {
            Some(organization_id) if invalid.problems.is_empty() => Ok(LocationInput {
                organization_id,
                name,
                area_id,
                details,
            }),
            _ => Err(invalid),
        }
    }
}

// ---- services ----

/// What is stored of a service beyond its name, status and links.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ServiceDetails {
    pub description: String,
    pub minimum_age: Option<u8>,
    pub maximum_age: Option<u8>,
    /// Empty: anyone.
    pub sex_gender: Vec<SexGender>,
    /// Other eligibility, in words.
    pub eligibility: String,
    pub languages: Vec<String>,
    pub accessibility: String,
    pub opening_hours: String,
    pub fees: String,
    pub capacity: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
    /// How to refer someone (the application process).
    pub how_to_refer: String,
    /// The focal point for referrals (a role or a named contact).
    pub focal_point: String,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub hsds_ids: HsdsIds,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ServiceForm {
    pub organization_id: String,
    pub name: String,
    pub status: String,
    pub description: String,
    /// ESP codes and local term codes.
    pub taxonomy: Vec<String>,
    pub area_ids: Vec<String>,
    pub location_ids: Vec<String>,
    pub minimum_age: String,
    pub maximum_age: String,
    pub sex_gender: Vec<String>,
    pub eligibility: String,
    /// Comma-separated.
    pub languages: String,
    pub accessibility: String,
    pub opening_hours: String,
    pub fees: String,
    pub capacity: String,
    pub phone: String,
    pub email: String,
    pub website: String,
    pub how_to_refer: String,
    pub focal_point: String,
    /// Checkbox: takes referrals through Concord.
    pub accepts_referrals: Option<String>,
    /// Checkbox: the details were checked today.
    pub verified: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceInput {
    pub organization_id: OrganizationId,
    pub name: String,
    pub status: ServiceStatus,
    /// ESP codes first (in ESP order), then local codes as given; local
    /// codes still have to be checked against the local terms.
    pub taxonomy: Vec<String>,
    pub area_ids: Vec<AreaId>,
    pub location_ids: Vec<LocationId>,
    pub details: ServiceDetails,
    pub accepts_referrals: bool,
    pub verified: bool,
}

impl ServiceForm {
    pub fn validate(&self) -> Result<ServiceInput, Invalid> {
        let mut invalid = Invalid::default();
        let organization_id = optional_id(
            &mut invalid,
            "organization_id",
            &self.organization_id,
            "an organization",
        );
        if self.organization_id.trim().is_empty() {
            invalid.push("organization_id", "is required");
        }
        let name = required_text(&mut invalid, "name", &self.name, 200);
        let status = if self.status.trim().is_empty() {
            Some(ServiceStatus::Active)
        } else {
            required_label(&mut invalid, "status", &self.status)
        };
        let mut esp = Vec::new();
        let mut local = Vec::new();
        for code in self
            .taxonomy
            .iter()
            .map(|c| c.trim())
            .filter(|c| !c.is_empty())
        {
            if let Some(service) = EssentialService::parse(code) {
                esp.push(service);
            } else if is_local_code(code) {
                local.push(code.to_string());
            } else {
                invalid.push("taxonomy", format!("`{code}` is not a taxonomy term"));
            }
        }
        esp.sort();
        esp.dedup();
        local.dedup();
        if esp.is_empty() && local.is_empty() && invalid.problem_for("taxonomy").is_none() {
            invalid.push(
                "taxonomy",
                "choose at least one essential service or local term",
            );
        }
        let taxonomy = esp
            .iter()
            .map(|s| s.as_str().to_string())
            .chain(local)
            .collect();
        let area_ids = ids(&mut invalid, "area_ids", &self.area_ids, "an area");
        if area_ids.is_empty() && invalid.problem_for("area_ids").is_none() {
            invalid.push("area_ids", "choose at least one area served");
        }
        let location_ids = ids(
            &mut invalid,
            "location_ids",
            &self.location_ids,
            "a location",
        );
        let minimum_age = age(&mut invalid, "minimum_age", &self.minimum_age);
        let maximum_age = age(&mut invalid, "maximum_age", &self.maximum_age);
        if let (Some(min), Some(max)) = (minimum_age, maximum_age)
            && min > max
        {
            invalid.push("maximum_age", "must not be below the minimum age");
        }
        let sex_gender: std::collections::BTreeSet<SexGender> =
            label_set(&mut invalid, "sex_gender", &self.sex_gender);
        let mut text = |field: &str, value: &str, max: usize| {
            optional_text(&mut invalid, field, Some(value), max).unwrap_or_default()
        };
        let description = text("description", &self.description, 4000);
        let eligibility = text("eligibility", &self.eligibility, 2000);
        let languages_text = text("languages", &self.languages, 500);
        let accessibility = text("accessibility", &self.accessibility, 1000);
        let opening_hours = text("opening_hours", &self.opening_hours, 500);
        let fees = text("fees", &self.fees, 500);
        let capacity = text("capacity", &self.capacity, 500);
        let how_to_refer = text("how_to_refer", &self.how_to_refer, 2000);
        let focal_point = text("focal_point", &self.focal_point, 300);
        let phone = optional_text(&mut invalid, "phone", Some(&self.phone), 60);
        let email = email(&mut invalid, "email", &self.email);
        let website = website(&mut invalid, "website", &self.website);
        let accepts_referrals = checkbox(
            &mut invalid,
            "accepts_referrals",
            self.accepts_referrals.as_deref(),
        );
        let verified = checkbox(&mut invalid, "verified", self.verified.as_deref());
        let languages = languages_text
            .split(',')
            .map(|l| l.trim().to_string())
            .filter(|l| !l.is_empty())
            .collect();
        match (organization_id, status) {
            (Some(organization_id), Some(status)) if invalid.problems.is_empty() => {
                Ok(ServiceInput {
                    organization_id,
                    name,
                    status,
                    taxonomy,
                    area_ids,
                    location_ids,
                    details: ServiceDetails {
                        description,
                        minimum_age,
                        maximum_age,
                        sex_gender: sex_gender.into_iter().collect(),
                        eligibility,
                        languages,
                        accessibility,
                        opening_hours,
                        fees,
                        capacity,
                        phone,
                        email,
                        website,
                        how_to_refer,
                        focal_point,
                        hsds_ids: HsdsIds::new(),
                    },
                    accepts_referrals,
                    verified,
                })
            }
            _ => Err(invalid),
        }
    }
}

// ---- local taxonomy terms ----

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct TermForm {
    pub code: String,
    pub name: String,
    /// The ESP sector it belongs to, if any.
    pub sector: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermInput {
    pub code: String,
    pub name: String,
    pub sector: Option<EspSector>,
}

impl TermForm {
    pub fn validate(&self) -> Result<TermInput, Invalid> {
        let mut invalid = Invalid::default();
        let code = self.code.trim().to_string();
        if code.is_empty() {
            invalid.push("code", "is required");
        } else if EssentialService::parse(&code).is_some() {
            invalid.push("code", "is an essential service code already");
        } else if !is_local_code(&code) {
            invalid.push(
                "code",
                "must be 2 to 60 lower-case letters, digits or _, starting with a letter",
            );
        }
        let name = required_text(&mut invalid, "name", &self.name, 200);
        let sector = if self.sector.trim().is_empty() {
            None
        } else {
            required_label(&mut invalid, "sector", &self.sector)
        };
        invalid.into_result(TermInput { code, name, sector })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn service_form() -> ServiceForm {
        ServiceForm {
            organization_id: OrganizationId::new().to_string(),
            name: "One-stop centre".into(),
            taxonomy: vec![
                "local_mobile_clinic".into(),
                "health_sexual_assault_care".into(),
                "health_first_line_support".into(),
            ],
            area_ids: vec![AreaId::new().to_string()],
            languages: "English, Kelvaran ,".into(),
            email: "referrals@clinic.example".into(),
            accepts_referrals: Some("on".into()),
            ..Default::default()
        }
    }

    #[test]
    fn a_service_is_checked_field_by_field() {
        let input = service_form().validate().unwrap();
        assert_eq!(input.status, ServiceStatus::Active);
        assert_eq!(
            input.taxonomy,
            vec![
                "health_first_line_support",
                "health_sexual_assault_care",
                "local_mobile_clinic"
            ]
        );
        assert_eq!(input.details.languages, vec!["English", "Kelvaran"]);
        assert!(input.accepts_referrals);
        let invalid = ServiceForm {
            minimum_age: "18".into(),
            maximum_age: "12".into(),
            email: "nobody".into(),
            website: "clinic.example".into(),
            taxonomy: vec!["Health!".into()],
            ..service_form()
        }
        .validate()
        .unwrap_err();
        for field in ["maximum_age", "email", "website", "taxonomy"] {
            assert!(invalid.problem_for(field).is_some(), "{field}");
        }
        let invalid = ServiceForm::default().validate().unwrap_err();
        for field in ["organization_id", "name", "taxonomy", "area_ids"] {
            assert!(invalid.problem_for(field).is_some(), "{field}");
        }
    }

    #[test]
    fn organizations_locations_and_terms() {
        assert!(OrganizationForm::default().validate().is_err());
        let org = OrganizationForm {
            name: " Lakeside Clinic ".into(),
            website: "https://clinic.example".into(),
            ..Default::default()
        }
        .validate()
        .unwrap();
        assert_eq!(org.name, "Lakeside Clinic");
        assert_eq!(org.agency_id, None);
        let invalid = LocationForm::default().validate().unwrap_err();
        assert!(invalid.problem_for("organization_id").is_some());
        assert!(invalid.problem_for("name").is_some());
        let term = TermForm {
            code: "cash_transfer".into(),
            name: "Cash transfer".into(),
            sector: "social_services".into(),
        }
        .validate()
        .unwrap();
        assert_eq!(term.sector, Some(EspSector::SocialServices));
        let invalid = TermForm {
            code: "health_injury_care".into(),
            ..Default::default()
        }
        .validate()
        .unwrap_err();
        assert_eq!(
            invalid.problem_for("code"),
            Some("is an essential service code already")
        );
    }

    #[test]
    fn staleness() {
        let now = Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap();
        assert!(is_stale(None, now, 180));
        assert!(!is_stale(Some(now - Duration::days(180)), now, 180));
        assert!(is_stale(
            Some(now - Duration::days(180) - Duration::seconds(1)),
            now,
            180
        ));
    }
}
