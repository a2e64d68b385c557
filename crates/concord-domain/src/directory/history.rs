//! The history of a directory entry: every change keeps who made it, when,
//! and which fields changed with their old and new values — except
//! personal fields (a named focal point), of which only the fact that they
//! changed is kept.

use serde::{Deserialize, Serialize};
use serde_json::Value;

crate::label::label_enum! {
    /// What kind of entry a change is about.
    pub enum EntryKind ("directory entry") {
        Organization => "organization",
        Service => "service",
        Location => "location",
    }
}

crate::label::label_enum! {
    /// How an entry changed.
    pub enum ChangeKind ("directory change") {
        Created => "created",
        Changed => "changed",
        /// The organization's link to a member agency was set, removed or
        /// moved (by a system administrator).
        Linked => "linked",
        /// Written by an HSDS import.
        Imported => "imported",
    }
}

/// Fields whose values may name a person: kept as "changed", never with
/// the values.
pub const PERSONAL_FIELDS: [&str; 1] = ["focal_point"];

pub fn is_personal(field: &str) -> bool {
    PERSONAL_FIELDS.contains(&field)
}

/// One field of an entry that changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    pub field: String,
    /// `None` when it had no value, or when the field is personal.
    #[serde(default)]
    pub old: Option<Value>,
    #[serde(default)]
    pub new: Option<Value>,
    /// A personal field: its values are not kept.
    #[serde(default)]
    pub withheld: bool,
}

/// An entry's fields as (name, value); `Value::Null`, an empty string and
/// an empty list all mean "no value".
pub type Fields = Vec<(&'static str, Value)>;

fn present(value: &Value) -> Option<Value> {
    match value {
        Value::Null => None,
        Value::String(s) if s.is_empty() => None,
        Value::Array(a) if a.is_empty() => None,
        other => Some(other.clone()),
    }
}

/// Whether two values say the same: lists are sets here (essential
/// services, areas, languages…), so putting them in another order is no
/// change.
fn same(a: &Option<Value>, b: &Option<Value>) -> bool {
    match (a, b) {
        (Some(Value::Array(a)), Some(Value::Array(b))) => {
            let mut a: Vec<String> = a.iter().map(Value::to_string).collect();
            let mut b: Vec<String> = b.iter().map(Value::to_string).collect();
            a.sort();
            b.sort();
            a == b
        }
        _ => a == b,
    }
}

/// The fields that differ between `before` (`None`: the entry is new) and
/// `after`, in the order of `after`. A field only in `before` counts as
/// removed.
pub fn changes(before: Option<&Fields>, after: &Fields) -> Vec<FieldChange> {
    let empty = Fields::new();
    let before = before.unwrap_or(&empty);
    let old_of = |field: &str| {
        before
            .iter()
            .find(|(f, _)| *f == field)
            .and_then(|(_, v)| present(v))
    };
    let mut out = Vec::new();
    let mut record = |field: &str, old: Option<Value>, new: Option<Value>| {
        if same(&old, &new) {
            return;
        }
        let withheld = is_personal(field);
        out.push(FieldChange {
            field: field.to_string(),
            old: if withheld { None } else { old },
            new: if withheld { None } else { new },
            withheld,
        });
    };
    for (field, value) in after {
        record(field, old_of(field), present(value));
    }
    for (field, value) in before {
        if !after.iter().any(|(f, _)| f == field) {
            record(field, present(value), None);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn only_what_differs_is_kept_in_order() {
        let before: Fields = vec![
            ("name", json!("Safe Haven")),
            ("phone", json!("+000 1")),
            ("accepts_referrals", json!(true)),
            ("area_ids", json!(["a"])),
        ];
        let after: Fields = vec![
            ("name", json!("Safe Haven Shelter")),
            ("phone", json!("+000 1")),
            ("accepts_referrals", json!(false)),
            ("area_ids", json!(["a"])),
        ];
        let got = changes(Some(&before), &after);
        assert_eq!(
            got,
            vec![
                FieldChange {
                    field: "name".into(),
                    old: Some(json!("Safe Haven")),
                    new: Some(json!("Safe Haven Shelter")),
                    withheld: false,
                },
                FieldChange {
                    field: "accepts_referrals".into(),
                    old: Some(json!(true)),
                    new: Some(json!(false)),
                    withheld: false,
                },
            ]
        );
        assert!(changes(Some(&after), &after).is_empty(), "no change");
    }

    #[test]
    fn a_new_entry_lists_every_field_with_a_value() {
        let after: Fields = vec![
            ("name", json!("Clinic")),
            ("email", Value::Null),
            ("website", json!("")),
            ("languages", json!([])),
        ];
        let got = changes(None, &after);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].field, "name");
        assert_eq!(got[0].old, None);
    }

    #[test]
    fn no_value_is_the_same_whichever_way_it_is_written() {
        let before: Fields = vec![("email", Value::Null), ("languages", json!([]))];
        let after: Fields = vec![("email", json!("")), ("languages", Value::Null)];
        assert!(changes(Some(&before), &after).is_empty());
        let removed = changes(Some(&vec![("email", json!("a@b.example"))]), &Fields::new());
        assert_eq!(removed[0].old, Some(json!("a@b.example")));
        assert_eq!(removed[0].new, None);
    }

    #[test]
    fn lists_in_another_order_are_no_change() {
        let before: Fields = vec![(
            "taxonomy",
            json!(["social_help_lines", "social_crisis_information"]),
        )];
        let after: Fields = vec![(
            "taxonomy",
            json!(["social_crisis_information", "social_help_lines"]),
        )];
        assert!(changes(Some(&before), &after).is_empty());
        let more: Fields = vec![("taxonomy", json!(["social_help_lines"]))];
        assert_eq!(changes(Some(&before), &more).len(), 1);
        let twice: Fields = vec![(
            "taxonomy",
            json!(["social_help_lines", "social_help_lines"]),
        )];
        assert_eq!(changes(Some(&before), &twice).len(), 1);
    }

    #[test]
    fn personal_fields_keep_only_that_they_changed() {
        let before: Fields = vec![("focal_point", json!("Ms A. Example"))];
        let after: Fields = vec![("focal_point", json!("Mr B. Example"))];
        assert_eq!(
            changes(Some(&before), &after),
            vec![FieldChange {
                field: "focal_point".into(),
                old: None,
                new: None,
                withheld: true,
            }]
        );
        assert!(changes(Some(&after), &after).is_empty());
    }
}
