//! Agencies: the organisations that make up the coordinated response.

use crate::ids::AreaId;
use crate::validation::{Invalid, required_text};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The sector an agency works in (DOMAIN.md §1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sector {
    Police,
    Prosecution,
    Judiciary,
    Health,
    SocialServices,
    ShelterWomensNgo,
    LegalAid,
    Housing,
    Education,
    ChildProtection,
    Probation,
    Defence,
    Finance,
    ForeignAffairs,
    Agriculture,
    Labour,
    Other,
}

impl Sector {
    pub const ALL: [Sector; 17] = [
        Sector::Police,
        Sector::Prosecution,
        Sector::Judiciary,
        Sector::Health,
        Sector::SocialServices,
        Sector::ShelterWomensNgo,
        Sector::LegalAid,
        Sector::Housing,
        Sector::Education,
        Sector::ChildProtection,
        Sector::Probation,
        Sector::Defence,
        Sector::Finance,
        Sector::ForeignAffairs,
        Sector::Agriculture,
        Sector::Labour,
        Sector::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Sector::Police => "police",
            Sector::Prosecution => "prosecution",
            Sector::Judiciary => "judiciary",
            Sector::Health => "health",
            Sector::SocialServices => "social_services",
            Sector::ShelterWomensNgo => "shelter_womens_ngo",
            Sector::LegalAid => "legal_aid",
            Sector::Housing => "housing",
            Sector::Education => "education",
            Sector::ChildProtection => "child_protection",
            Sector::Probation => "probation",
            Sector::Defence => "defence",
            Sector::Finance => "finance",
            Sector::ForeignAffairs => "foreign_affairs",
            Sector::Agriculture => "agriculture",
            Sector::Labour => "labour",
            Sector::Other => "other",
        }
    }
}

impl fmt::Display for Sector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Sector {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Sector::ALL
            .into_iter()
            .find(|x| x.as_str() == s)
            .ok_or_else(|| format!("unknown sector `{s}`"))
    }
}

/// Whether an agency is part of government.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Governance {
    Government,
    NonGovernment,
}

impl Governance {
    pub fn as_str(self) -> &'static str {
        match self {
            Governance::Government => "government",
            Governance::NonGovernment => "non_government",
        }
    }
}

impl FromStr for Governance {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "government" => Ok(Governance::Government),
            "non_government" => Ok(Governance::NonGovernment),
            other => Err(format!("unknown governance `{other}`")),
        }
    }
}

/// An agency as entered, before checking.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct AgencyForm {
    pub name: String,
    pub sector: String,
    pub governance: String,
    #[serde(default)]
    pub area_ids: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgencyInput {
    pub name: String,
    pub sector: Sector,
    pub governance: Governance,
    pub area_ids: Vec<AreaId>,
}

impl AgencyForm {
    pub fn validate(&self) -> Result<AgencyInput, Invalid> {
        let mut invalid = Invalid::default();
        let name = required_text(&mut invalid, "name", &self.name, 200);
        let sector = self.sector.parse::<Sector>().ok();
        if sector.is_none() {
            invalid.push("sector", "must be one of the listed sectors");
        }
        let governance = self.governance.parse::<Governance>().ok();
        if governance.is_none() {
            invalid.push("governance", "must be government or non_government");
        }
        let mut area_ids = Vec::new();
        for raw in self.area_ids.iter().filter(|a| !a.trim().is_empty()) {
            match raw.trim().parse::<AreaId>() {
                Ok(id) if !area_ids.contains(&id) => area_ids.push(id),
                Ok(_) => {}
                Err(_) => {
                    invalid.push("area_ids", "contains something that is not an area id");
                    break;
                }
            }
        }
        match (sector, governance) {
            (Some(sector), Some(governance)) => invalid.into_result(AgencyInput {
                name,
                sector,
                governance,
                area_ids,
            }),
            _ => Err(invalid),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sectors_round_trip() {
        for s in Sector::ALL {
            assert_eq!(s.as_str().parse::<Sector>(), Ok(s));
        }
    }

    #[test]
    fn bad_agency_names_every_field() {
        let invalid = AgencyForm {
            name: " ".into(),
            sector: "bakery".into(),
            governance: "maybe".into(),
            area_ids: vec!["not-a-uuid".into()],
        }
        .validate()
        .unwrap_err();
        for field in ["name", "sector", "governance", "area_ids"] {
            assert!(invalid.problem_for(field).is_some(), "{field}");
        }
    }

    #[test]
    fn duplicate_areas_are_collapsed() {
        let id = AreaId::new().to_string();
        let agency = AgencyForm {
            name: "Shelter".into(),
            sector: "shelter_womens_ngo".into(),
            governance: "non_government".into(),
            area_ids: vec![id.clone(), id, "".into()],
        }
        .validate()
        .unwrap();
        assert_eq!(agency.area_ids.len(), 1);
    }
}
