//! The offence categories a crime is recorded in: a small list each
//! deployment may replace (a TOML file, `--justice-offences`), every
//! category mapped to its code in the UNODC International Classification
//! of Crime for Statistical Purposes (ICCS, version 1.0, 2015), so that
//! counts compare across jurisdictions. The built-in list uses only codes
//! the ICCS itself defines.

use crate::validation::Invalid;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// One offence category.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OffenceCategory {
    /// Stable key, stored with the event (`snake_case`).
    pub key: String,
    /// The ICCS code: 2 digits (section), 4 (division), 5 (group) or 6
    /// (class).
    pub iccs: String,
    /// What forms and pages show.
    pub name: String,
}

/// The configured list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OffenceList {
    pub offences: Vec<OffenceCategory>,
}

fn category(key: &str, iccs: &str, name: &str) -> OffenceCategory {
    OffenceCategory {
        key: key.into(),
        iccs: iccs.into(),
        name: name.into(),
    }
}

impl Default for OffenceList {
    /// ICCS 1.0 codes: 0101 intentional homicide; 020111 serious and
    /// 020112 minor assault; 020121 serious threat; 0204 trafficking in
    /// persons; 0205 coercion; 0208 harassment and stalking; 03011 rape;
    /// 03012 sexual assault; 0302 sexual exploitation.
    fn default() -> Self {
        Self {
            offences: vec![
                category("intentional_homicide", "0101", "Intentional homicide"),
                category("serious_assault", "020111", "Serious assault"),
                category("minor_assault", "020112", "Minor assault"),
                category("serious_threat", "020121", "Serious threat"),
                category("coercion", "0205", "Coercion"),
                category("harassment_and_stalking", "0208", "Harassment and stalking"),
                category("rape", "03011", "Rape"),
                category("sexual_assault", "03012", "Sexual assault"),
                category("sexual_exploitation", "0302", "Sexual exploitation"),
                category("trafficking_in_persons", "0204", "Trafficking in persons"),
            ],
        }
    }
}

impl OffenceList {
    /// Whether the list can be used; every problem names the entry.
    pub fn check(&self) -> Result<(), Invalid> {
        let mut invalid = Invalid::default();
        if self.offences.is_empty() {
            invalid.push("offences", "must list at least one offence category");
        }
        let mut keys = BTreeSet::new();
        for (i, offence) in self.offences.iter().enumerate() {
            let field = format!("offences[{i}]");
            let key_ok = !offence.key.is_empty()
                && offence
                    .key
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
            if !key_ok {
                invalid.push(
                    format!("{field}.key"),
                    "must be lower-case letters, digits and _",
                );
            } else if !keys.insert(offence.key.as_str()) {
                invalid.push(format!("{field}.key"), "is listed twice");
            }
            if !is_iccs_code(&offence.iccs) {
                invalid.push(
                    format!("{field}.iccs"),
                    "must be an ICCS code of 2, 4, 5 or 6 digits",
                );
            }
            if offence.name.trim().is_empty() {
                invalid.push(format!("{field}.name"), "is required");
            }
        }
        invalid.into_result(())
    }

    pub fn get(&self, key: &str) -> Option<&OffenceCategory> {
        self.offences.iter().find(|o| o.key == key)
    }
}

/// ICCS codes by level: section `01`, division `0101`, group `01011`,
/// class `010111`; sections run from 01 to 11.
fn is_iccs_code(code: &str) -> bool {
    let digits = code.len();
    let section = code.get(0..2).and_then(|s| s.parse::<u8>().ok());
    matches!(digits, 2 | 4 | 5 | 6)
        && code.chars().all(|c| c.is_ascii_digit())
        && section.is_some_and(|s| (1..=11).contains(&s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_list_is_usable() {
        assert_eq!(OffenceList::default().check(), Ok(()));
        assert_eq!(OffenceList::default().get("rape").unwrap().iccs, "03011");
    }

    #[test]
    fn codes_by_their_levels() {
        for good in ["01", "0101", "03011", "020111", "11"] {
            assert!(is_iccs_code(good), "{good}");
        }
        for bad in ["", "1", "012", "0101111", "12", "00", "02a1", "1201"] {
            assert!(!is_iccs_code(bad), "{bad}");
        }
    }

    #[test]
    fn a_bad_list_names_each_entry() {
        let list = OffenceList {
            offences: vec![
                category("rape", "03011", "Rape"),
                category("rape", "3011", "Again"),
                category("Bad Key", "0101", " "),
            ],
        };
        let invalid = list.check().unwrap_err();
        assert_eq!(
            invalid.problem_for("offences[1].key"),
            Some("is listed twice")
        );
        assert!(invalid.problem_for("offences[1].iccs").is_some());
        assert!(invalid.problem_for("offences[2].key").is_some());
        assert_eq!(invalid.problem_for("offences[2].name"), Some("is required"));
        assert_eq!(
            OffenceList { offences: vec![] }
                .check()
                .unwrap_err()
                .problem_for("offences"),
            Some("must list at least one offence category")
        );
    }
}
