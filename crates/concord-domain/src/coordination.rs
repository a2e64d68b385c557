//! Coordination bodies: for now their name, level and area (the governance
//! issue adds members, instruments and meetings).

use serde::{Deserialize, Serialize};
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BodyLevel {
    National,
    Regional,
    Local,
}

impl BodyLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            BodyLevel::National => "national",
            BodyLevel::Regional => "regional",
            BodyLevel::Local => "local",
        }
    }
}

impl FromStr for BodyLevel {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "national" => Ok(BodyLevel::National),
            "regional" => Ok(BodyLevel::Regional),
            "local" => Ok(BodyLevel::Local),
            other => Err(format!("unknown body level `{other}`")),
        }
    }
}
