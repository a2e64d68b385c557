//! Administrative areas: the hierarchy national → region → district → local
//! that services, agencies and statistics are attached to.

use crate::validation::{Invalid, required_text};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AreaLevel {
    National,
    Region,
    District,
    Local,
}

impl AreaLevel {
    pub const ALL: [AreaLevel; 4] = [
        AreaLevel::National,
        AreaLevel::Region,
        AreaLevel::District,
        AreaLevel::Local,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AreaLevel::National => "national",
            AreaLevel::Region => "region",
            AreaLevel::District => "district",
            AreaLevel::Local => "local",
        }
    }

    fn depth(self) -> u8 {
        self as u8
    }
}

impl fmt::Display for AreaLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for AreaLevel {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        AreaLevel::ALL
            .into_iter()
            .find(|l| l.as_str() == s)
            .ok_or_else(|| format!("unknown area level `{s}`"))
    }
}

/// An area as a person enters it, before it is checked.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct AreaForm {
    pub name: String,
    pub code: String,
    pub level: String,
    pub adult_female_population: Option<String>,
}

/// A checked area.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AreaInput {
    pub name: String,
    pub code: String,
    pub level: AreaLevel,
    pub adult_female_population: Option<i64>,
}

impl AreaForm {
    pub fn validate(&self) -> Result<AreaInput, Invalid> {
        let mut invalid = Invalid::default();
        let name = required_text(&mut invalid, "name", &self.name, 200);
        let code = required_text(&mut invalid, "code", &self.code, 32);
        if !code.is_empty()
            && !code
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.')
        {
            invalid.push("code", "may contain only letters, digits, '-', '_' and '.'");
        }
        let level = match self.level.parse::<AreaLevel>() {
            Ok(level) => Some(level),
            Err(_) => {
                invalid.push("level", "must be one of national, region, district, local");
                None
            }
        };
        let population = match self.adult_female_population.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(text) => match text.parse::<i64>() {
                Ok(n) if n >= 0 => Some(n),
                _ => {
                    invalid.push(
                        "adult_female_population",
                        "must be a whole number, 0 or more",
                    );
                    None
                }
            },
        };
        match level {
            Some(level) => invalid.into_result(AreaInput {
                name,
                code: code.to_uppercase(),
                level,
                adult_female_population: population,
            }),
            None => Err(invalid),
        }
    }
}

/// Checks where an area may sit: a national area has no parent; any other
/// area's parent must be at a higher level.
pub fn check_parent(level: AreaLevel, parent: Option<AreaLevel>) -> Result<(), Invalid> {
    match (level, parent) {
        (AreaLevel::National, None) => Ok(()),
        (AreaLevel::National, Some(_)) => {
            Err(Invalid::one("parent_id", "a national area has no parent"))
        }
        (_, None) => Err(Invalid::one(
            "parent_id",
            "is required below national level",
        )),
        (child, Some(parent)) if parent.depth() < child.depth() => Ok(()),
        (_, Some(_)) => Err(Invalid::one(
            "parent_id",
            "must be an area at a higher level",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(level: &str) -> AreaForm {
        AreaForm {
            name: "North".into(),
            code: "nr-1".into(),
            level: level.into(),
            adult_female_population: Some("12000".into()),
        }
    }

    #[test]
    fn valid_area() {
        let area = form("region").validate().unwrap();
        assert_eq!(area.code, "NR-1");
        assert_eq!(area.adult_female_population, Some(12000));
    }

    #[test]
    fn every_problem_is_named() {
        let bad = AreaForm {
            name: "".into(),
            code: "a b".into(),
            level: "planet".into(),
            adult_female_population: Some("-4".into()),
        };
        let invalid = bad.validate().unwrap_err();
        for field in ["name", "code", "level", "adult_female_population"] {
            assert!(invalid.problem_for(field).is_some(), "{field}: {invalid}");
        }
    }

    #[test]
    fn parents_must_be_higher() {
        use AreaLevel::*;
        assert!(check_parent(National, None).is_ok());
        assert!(check_parent(National, Some(Region)).is_err());
        assert!(check_parent(Region, None).is_err());
        assert!(check_parent(Region, Some(National)).is_ok());
        assert!(check_parent(Local, Some(National)).is_ok());
        assert!(check_parent(District, Some(District)).is_err());
        assert!(check_parent(Region, Some(District)).is_err());
    }
}
