//! The kinds of protection order a deployment records: a small list each
//! deployment may replace (a TOML file, `--protection-order-kinds`), like
//! the offence list, because the orders a court can make differ between
//! jurisdictions. The built-in list follows issue 16 §2.

use crate::validation::Invalid;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// One kind of order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrderKind {
    /// Stable key, stored with the order (`snake_case`).
    pub key: String,
    /// What forms and pages show.
    pub name: String,
}

/// The configured list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrderKindList {
    pub kinds: Vec<OrderKind>,
}

fn kind(key: &str, name: &str) -> OrderKind {
    OrderKind {
        key: key.into(),
        name: name.into(),
    }
}

impl Default for OrderKindList {
    fn default() -> Self {
        Self {
            kinds: vec![
                kind("emergency_barring_order", "Emergency barring order"),
                kind("protection_order", "Protection order"),
                kind(
                    "non_molestation_order",
                    "Non-molestation or restraining order",
                ),
                kind("bail_conditions", "Bail conditions"),
                kind("other", "Other order"),
            ],
        }
    }
}

impl OrderKindList {
    /// Whether the list can be used; every problem names the entry.
    pub fn check(&self) -> Result<(), Invalid> {
        let mut invalid = Invalid::default();
        if self.kinds.is_empty() {
            invalid.push("kinds", "must list at least one kind of order");
        }
        let mut keys = BTreeSet::new();
        for (i, kind) in self.kinds.iter().enumerate() {
            let field = format!("kinds[{i}]");
            let key_ok = !kind.key.is_empty()
                && kind
                    .key
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
            if !key_ok {
                invalid.push(
                    format!("{field}.key"),
                    "must be lower-case letters, digits and _",
                );
            } else if !keys.insert(kind.key.as_str()) {
                invalid.push(format!("{field}.key"), "is listed twice");
            }
            if kind.name.trim().is_empty() {
                invalid.push(format!("{field}.name"), "is required");
            }
        }
        invalid.into_result(())
    }

    pub fn get(&self, key: &str) -> Option<&OrderKind> {
        self.kinds.iter().find(|k| k.key == key)
    }

    /// The name to show for a stored key: a kind since removed from the
    /// list shows its key.
    pub fn name_of<'a>(&'a self, key: &'a str) -> &'a str {
        self.get(key).map_or(key, |k| k.name.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_list_is_usable() {
        let list = OrderKindList::default();
        assert_eq!(list.check(), Ok(()));
        assert_eq!(list.kinds.len(), 5);
        assert_eq!(list.name_of("bail_conditions"), "Bail conditions");
        assert_eq!(list.name_of("removed_kind"), "removed_kind");
    }

    #[test]
    fn a_bad_list_names_each_entry() {
        let list = OrderKindList {
            kinds: vec![
                kind("protection_order", "Protection order"),
                kind("protection_order", "Again"),
                kind("Bad Key", " "),
            ],
        };
        let invalid = list.check().unwrap_err();
        assert_eq!(invalid.problem_for("kinds[1].key"), Some("is listed twice"));
        assert!(invalid.problem_for("kinds[2].key").is_some());
        assert_eq!(invalid.problem_for("kinds[2].name"), Some("is required"));
        assert_eq!(
            OrderKindList { kinds: vec![] }
                .check()
                .unwrap_err()
                .problem_for("kinds"),
            Some("must list at least one kind of order")
        );
    }
}
