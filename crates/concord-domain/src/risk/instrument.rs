//! Risk instruments as data. A file (TOML or JSON; the layer above parses
//! the text into a JSON value) is checked here, and every problem is named
//! by where it is — `items.threats_to_kill.weight`, `bands[2].min_score` —
//! so an administrator can fix the whole file at once.
//!
//! ```toml
//! format = "concord-risk-instrument/1"
//! key = "dash"
//! version = 1
//! title = "Risk identification checklist"
//! scoring = "count_yes"            # or "weighted_sum"
//!
//! [[items]]
//! id = "injury"
//! topic = "Injury"
//! text = "Is the current incident resulting in injury?"
//! answer = "yes_no"                 # or "scale" (with min, max) or "text"
//! # weight = 3                      # weighted_sum only
//!
//! [[bands]]
//! name = "high"
//! level = "high"                    # standard, medium or high
//! min_score = 14
//! reassess_after_days = 28
//!
//! [[triggers]]
//! min_score = 14
//! criterion = "visible_high_risk"
//! ```
//!
//! Scoring: `count_yes` counts the "yes" answers (no weights; scale and text
//! items are recorded, not scored). `weighted_sum` adds the weight of every
//! "yes" and weight × value of every scale answer; every scored item needs a
//! weight. The bands start at 0, rise strictly, and their levels never go
//! down as the score rises. A trigger names the score from which a referral
//! criterion applies; only `visible_high_risk` comes from a score.

use super::{ReferralCriterion, RiskLevel};
use crate::label::Label;
use crate::validation::Invalid;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::BTreeSet;

/// The `format` every instrument file declares.
pub const FORMAT: &str = "concord-risk-instrument/1";
const MAX_ITEMS: usize = 200;
const MAX_TEXT: usize = 2000;
const MAX_WEIGHT: i64 = 1000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scoring {
    CountYes,
    WeightedSum,
}

impl Scoring {
    pub fn as_str(self) -> &'static str {
        match self {
            Scoring::CountYes => "count_yes",
            Scoring::WeightedSum => "weighted_sum",
        }
    }
}

/// What an item is answered with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum AnswerKind {
    YesNo,
    /// A whole number from `min` to `max`.
    Scale {
        min: i32,
        max: i32,
    },
    /// Free text, recorded and never scored.
    Text,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    /// Stable within the instrument: `[a-z0-9_]`, 1–60 characters.
    pub id: String,
    pub topic: String,
    /// The question as asked (an installation may load its licensed
    /// wording as a new version).
    pub text: String,
    pub answer: AnswerKind,
    /// `weighted_sum` only.
    pub weight: Option<i32>,
}

impl Item {
    /// Does this item add to the score under `scoring`?
    pub fn is_scored(&self, scoring: Scoring) -> bool {
        match (scoring, self.answer) {
            (_, AnswerKind::Text) => false,
            (Scoring::CountYes, AnswerKind::YesNo) => true,
            (Scoring::CountYes, AnswerKind::Scale { .. }) => false,
            (Scoring::WeightedSum, _) => true,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Band {
    /// The instrument's own name for it ("severe", "high").
    pub name: String,
    pub level: RiskLevel,
    pub min_score: i32,
    /// When an assessment in this band should be done again.
    pub reassess_after_days: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trigger {
    pub min_score: i32,
    pub criterion: ReferralCriterion,
}

/// A checked instrument.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Instrument {
    /// `[a-z0-9-]`, 2–40 characters; versions of one instrument share it.
    pub key: String,
    pub version: u32,
    pub title: String,
    /// A note on the wording's licence or source, shown with the form.
    pub notice: Option<String>,
    pub scoring: Scoring,
    pub items: Vec<Item>,
    /// Ascending by `min_score`, the first at 0.
    pub bands: Vec<Band>,
    pub triggers: Vec<Trigger>,
}

impl Instrument {
    /// The highest score the items can give.
    pub fn max_score(&self) -> i32 {
        self.items
            .iter()
            .filter(|i| i.is_scored(self.scoring))
            .map(|i| match (self.scoring, i.answer) {
                (Scoring::CountYes, _) => 1,
                (Scoring::WeightedSum, AnswerKind::Scale { max, .. }) => {
                    i.weight.unwrap_or(0) * max.max(0)
                }
                (Scoring::WeightedSum, _) => i.weight.unwrap_or(0),
            })
            .sum()
    }

    /// The band a score falls into.
    pub fn band_for(&self, score: i32) -> &Band {
        self.bands
            .iter()
            .rev()
            .find(|b| score >= b.min_score)
            .unwrap_or(&self.bands[0])
    }

    pub fn item(&self, id: &str) -> Option<&Item> {
        self.items.iter().find(|i| i.id == id)
    }
}

/// Checks a parsed instrument file, listing every problem.
pub fn check(document: &Value) -> Result<Instrument, Invalid> {
    let mut invalid = Invalid::default();
    let Some(root) = document.as_object() else {
        return Err(Invalid::one("file", "must be a table of settings"));
    };
    let mut fields = Fields::new(root, "", &mut invalid);
    match fields.text("format", 60) {
        Some(f) if f == FORMAT => {}
        Some(_) => fields.problem("format", format!("must be \"{FORMAT}\"")),
        None => {}
    }
    let key = fields.text("key", 40);
    if let Some(key) = &key
        && (key.len() < 2
            || !key
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'))
    {
        fields.problem(
            "key",
            "must be 2 to 40 lower-case letters, digits or hyphens",
        );
    }
    let version = fields.integer("version", 1, 1_000_000);
    let title = fields.text("title", 200);
    let notice = fields.optional_text("notice", MAX_TEXT);
    let scoring = match fields.text("scoring", 40).as_deref() {
        Some("count_yes") => Some(Scoring::CountYes),
        Some("weighted_sum") => Some(Scoring::WeightedSum),
        Some(_) => {
            fields.problem("scoring", "must be count_yes or weighted_sum");
            None
        }
        None => None,
    };
    let items = fields.array("items");
    let bands = fields.array("bands");
    let triggers = fields.optional_array("triggers");
    fields.no_others(&[
        "format", "key", "version", "title", "notice", "scoring", "items", "bands", "triggers",
    ]);

    let items = check_items(&items, scoring, &mut invalid);
    let bands = check_bands(&bands, &mut invalid);
    let triggers = check_triggers(&triggers, &mut invalid);

    let (Some(key), Some(version), Some(title), Some(scoring)) = (key, version, title, scoring)
    else {
        return Err(invalid);
    };
    if !invalid.problems.is_empty() {
        return Err(invalid);
    }
    let instrument = Instrument {
        key,
        version: version as u32,
        title,
        notice,
        scoring,
        items,
        bands,
        triggers,
    };
    let max = instrument.max_score();
    for (n, band) in instrument.bands.iter().enumerate() {
        if band.min_score > max {
            invalid.push(
                format!("bands[{n}].min_score"),
                format!("can never be reached: the highest possible score is {max}"),
            );
        }
    }
    for (n, trigger) in instrument.triggers.iter().enumerate() {
        if trigger.min_score > max {
            invalid.push(
                format!("triggers[{n}].min_score"),
                format!("can never be reached: the highest possible score is {max}"),
            );
        }
    }
    invalid.into_result(instrument)
}

fn check_items(values: &[Value], scoring: Option<Scoring>, invalid: &mut Invalid) -> Vec<Item> {
    if values.is_empty() {
        invalid.push("items", "must list at least one item");
    }
    if values.len() > MAX_ITEMS {
        invalid.push("items", format!("must list at most {MAX_ITEMS} items"));
    }
    let mut seen = BTreeSet::new();
    let mut items = Vec::new();
    for (n, value) in values.iter().enumerate() {
        // Name the item by its id when it has a usable one.
        let id_hint = value
            .get("id")
            .and_then(Value::as_str)
            .filter(|id| valid_item_id(id))
            .map(str::to_string);
        let path = match &id_hint {
            Some(id) => format!("items.{id}"),
            None => format!("items[{n}]"),
        };
        let Some(object) = value.as_object() else {
            invalid.push(path, "must be a table");
            continue;
        };
        let mut fields = Fields::new(object, &path, invalid);
        let id = fields.text("id", 60);
        if let Some(id) = &id {
            if !valid_item_id(id) {
                fields.problem("id", "must be lower-case letters, digits or underscores");
            } else if !seen.insert(id.clone()) {
                fields.problem("id", "is used by another item");
            }
        }
        let topic = fields.text("topic", 200);
        let text = fields.text("text", MAX_TEXT);
        let answer = match fields.text("answer", 20).as_deref() {
            Some("yes_no") => Some(AnswerKind::YesNo),
            Some("text") => Some(AnswerKind::Text),
            Some("scale") => {
                let min = fields.integer("min", -1000, 1000);
                let max = fields.integer("max", -1000, 1000);
                match (min, max) {
                    (Some(min), Some(max)) if min >= max => {
                        fields.problem("max", "must be more than min");
                        None
                    }
                    (Some(min), Some(max)) => Some(AnswerKind::Scale {
                        min: min as i32,
                        max: max as i32,
                    }),
                    _ => None,
                }
            }
            Some(_) => {
                fields.problem("answer", "must be yes_no, scale or text");
                None
            }
            None => None,
        };
        let weight = if object.contains_key("weight") {
            fields.integer("weight", 0, MAX_WEIGHT)
        } else {
            None
        };
        match (scoring, answer) {
            (Some(Scoring::CountYes), _) if object.contains_key("weight") => {
                fields.problem("weight", "is only used with weighted_sum scoring")
            }
            (Some(Scoring::WeightedSum), Some(AnswerKind::YesNo | AnswerKind::Scale { .. }))
                if !object.contains_key("weight") =>
            {
                fields.problem("weight", "is required with weighted_sum scoring")
            }
            (_, Some(AnswerKind::Text)) if object.contains_key("weight") => {
                fields.problem("weight", "a text answer is never scored")
            }
            _ => {}
        }
        let mut allowed = vec!["id", "topic", "text", "answer", "weight"];
        if matches!(answer, Some(AnswerKind::Scale { .. }))
            || object.get("answer").and_then(Value::as_str) == Some("scale")
        {
            allowed.extend(["min", "max"]);
        }
        fields.no_others(&allowed);
        if let (Some(id), Some(topic), Some(text), Some(answer)) = (id, topic, text, answer) {
            items.push(Item {
                id,
                topic,
                text,
                answer,
                weight: weight.map(|w| w as i32),
            });
        }
    }
    items
}

fn check_bands(values: &[Value], invalid: &mut Invalid) -> Vec<Band> {
    if values.is_empty() {
        invalid.push("bands", "must list at least one band");
    }
    let mut bands: Vec<Band> = Vec::new();
    // The band before, as written (even if it had other problems).
    let mut before: (Option<i64>, Option<RiskLevel>) = (None, None);
    for (n, value) in values.iter().enumerate() {
        let path = format!("bands[{n}]");
        let Some(object) = value.as_object() else {
            invalid.push(path, "must be a table");
            continue;
        };
        let mut fields = Fields::new(object, &path, invalid);
        let name = fields.text("name", 60);
        let level = fields.label::<RiskLevel>("level");
        let min_score = fields.integer("min_score", 0, 1_000_000);
        let reassess = fields.integer("reassess_after_days", 1, 3650);
        fields.no_others(&["name", "level", "min_score", "reassess_after_days"]);
        match (n, min_score, before.0) {
            (0, Some(min), _) if min != 0 => fields.problem(
                "min_score",
                "the first band must start at 0 so that every score has a band",
            ),
            (_, Some(min), Some(previous)) if n > 0 && min <= previous => {
                fields.problem("min_score", "must be higher than the band before")
            }
            _ => {}
        }
        if let (Some(level), Some(previous)) = (level, before.1)
            && level < previous
        {
            fields.problem(
                "level",
                "must not be lower than the level of the band before",
            );
        }
        before = (min_score.or(before.0), level.or(before.1));
        if let (Some(name), Some(level), Some(min_score), Some(reassess)) =
            (name, level, min_score, reassess)
        {
            bands.push(Band {
                name,
                level,
                min_score: min_score as i32,
                reassess_after_days: reassess as u32,
            });
        }
    }
    bands
}

fn check_triggers(values: &[Value], invalid: &mut Invalid) -> Vec<Trigger> {
    let mut triggers = Vec::new();
    for (n, value) in values.iter().enumerate() {
        let path = format!("triggers[{n}]");
        let Some(object) = value.as_object() else {
            invalid.push(path, "must be a table");
            continue;
        };
        let mut fields = Fields::new(object, &path, invalid);
        let min_score = fields.integer("min_score", 0, 1_000_000);
        let criterion = fields.label::<ReferralCriterion>("criterion");
        if criterion.is_some_and(|c| c != ReferralCriterion::VisibleHighRisk) {
            fields.problem(
                "criterion",
                "only visible_high_risk can follow from a score",
            );
        }
        fields.no_others(&["min_score", "criterion"]);
        if let (Some(min_score), Some(criterion)) = (min_score, criterion) {
            triggers.push(Trigger {
                min_score: min_score as i32,
                criterion,
            });
        }
    }
    triggers
}

fn valid_item_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 60
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// Reads the fields of one table, naming problems `path.field`.
struct Fields<'a> {
    object: &'a Map<String, Value>,
    path: String,
    invalid: &'a mut Invalid,
}

impl<'a> Fields<'a> {
    fn new(object: &'a Map<String, Value>, path: &str, invalid: &'a mut Invalid) -> Self {
        Self {
            object,
            path: path.to_string(),
            invalid,
        }
    }

    fn name(&self, field: &str) -> String {
        if self.path.is_empty() {
            field.to_string()
        } else {
            format!("{}.{field}", self.path)
        }
    }

    fn problem(&mut self, field: &str, problem: impl Into<String>) {
        let name = self.name(field);
        self.invalid.push(name, problem);
    }

    fn text(&mut self, field: &str, max: usize) -> Option<String> {
        match self.object.get(field) {
            None => {
                self.problem(field, "is required");
                None
            }
            Some(Value::String(s)) if s.trim().is_empty() => {
                self.problem(field, "is required");
                None
            }
            Some(Value::String(s)) if s.trim().chars().count() > max => {
                self.problem(field, format!("must be at most {max} characters"));
                None
            }
            Some(Value::String(s)) => Some(s.trim().to_string()),
            Some(_) => {
                self.problem(field, "must be text");
                None
            }
        }
    }

    fn optional_text(&mut self, field: &str, max: usize) -> Option<String> {
        match self.object.get(field) {
            None => None,
            Some(Value::String(s)) if s.trim().is_empty() => None,
            Some(_) => self.text(field, max),
        }
    }

    fn integer(&mut self, field: &str, min: i64, max: i64) -> Option<i64> {
        match self.object.get(field) {
            None => {
                self.problem(field, "is required");
                None
            }
            Some(Value::Number(n)) => match n.as_i64() {
                Some(v) if (min..=max).contains(&v) => Some(v),
                _ => {
                    self.problem(field, format!("must be a whole number from {min} to {max}"));
                    None
                }
            },
            Some(_) => {
                self.problem(field, "must be a whole number");
                None
            }
        }
    }

    fn label<T: Label>(&mut self, field: &str) -> Option<T> {
        let text = self.text(field, 60)?;
        let value = T::from_label(&text);
        if value.is_none() {
            let known: Vec<&str> = T::all().iter().map(|v| v.label()).collect();
            self.problem(
                field,
                format!("is not a known {} ({})", T::KIND, known.join(", ")),
            );
        }
        value
    }

    fn array(&mut self, field: &str) -> Vec<Value> {
        match self.object.get(field) {
            None => {
                self.problem(field, "is required");
                Vec::new()
            }
            Some(_) => self.optional_array(field),
        }
    }

    fn optional_array(&mut self, field: &str) -> Vec<Value> {
        match self.object.get(field) {
            None => Vec::new(),
            Some(Value::Array(values)) => values.clone(),
            Some(_) => {
                self.problem(field, "must be a list");
                Vec::new()
            }
        }
    }

    /// Every field not in `known` is a problem (a misspelt name would
    /// otherwise be ignored silently).
    fn no_others(&mut self, known: &[&str]) {
        let unknown: Vec<String> = self
            .object
            .keys()
            .filter(|k| !known.contains(&k.as_str()))
            .cloned()
            .collect();
        for key in unknown {
            self.problem(&key, "is not a known setting");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    pub(crate) fn small() -> Value {
        json!({
            "format": FORMAT,
            "key": "test",
            "version": 1,
            "title": "A test",
            "scoring": "count_yes",
            "items": [
                {"id": "a", "topic": "A", "text": "A?", "answer": "yes_no"},
                {"id": "b", "topic": "B", "text": "B?", "answer": "yes_no"},
                {"id": "c", "topic": "C", "text": "How much?", "answer": "scale", "min": 0, "max": 10},
                {"id": "d", "topic": "D", "text": "Anything else?", "answer": "text"}
            ],
            "bands": [
                {"name": "low", "level": "standard", "min_score": 0, "reassess_after_days": 90},
                {"name": "top", "level": "high", "min_score": 2, "reassess_after_days": 28}
            ],
            "triggers": [{"min_score": 2, "criterion": "visible_high_risk"}]
        })
    }

    #[test]
    fn a_good_file() {
        let instrument = check(&small()).unwrap();
        assert_eq!(instrument.items.len(), 4);
        assert_eq!(instrument.max_score(), 2, "scale and text are not counted");
        assert_eq!(instrument.band_for(0).name, "low");
        assert_eq!(instrument.band_for(2).level, RiskLevel::High);
    }

    #[test]
    fn every_problem_is_listed_with_its_place() {
        let file = json!({
            "format": "something",
            "key": "Bad Key",
            "version": 0,
            "scoring": "magic",
            "colour": "blue",
            "items": [
                {"id": "a", "topic": "A", "text": "A?", "answer": "yes_no", "weight": 2},
                {"id": "a", "topic": "", "text": "A again?", "answer": "maybe"},
                {"id": "s", "topic": "S", "text": "S?", "answer": "scale", "min": 5, "max": 1},
                "not a table"
            ],
            "bands": [
                {"name": "x", "level": "high", "min_score": 3, "reassess_after_days": 0},
                {"name": "y", "level": "standard", "min_score": 1, "reassess_after_days": 10}
            ],
            "triggers": [{"min_score": 1, "criterion": "repeat"}]
        });
        let invalid = check(&file).unwrap_err();
        for field in [
            "format",
            "key",
            "version",
            "title",
            "scoring",
            "colour",
            "items.a.topic",
            "items.a.answer",
            "items.s.max",
            "items[3]",
            "bands[0].min_score",
            "bands[0].reassess_after_days",
            "bands[1].min_score",
            "bands[1].level",
            "triggers[0].criterion",
        ] {
            assert!(invalid.problem_for(field).is_some(), "{field}: {invalid}");
        }
        assert_eq!(
            invalid.problem_for("colour"),
            Some("is not a known setting")
        );
    }

    #[test]
    fn duplicate_ids_and_weights_follow_the_scoring() {
        let mut file = small();
        file["items"][1]["id"] = json!("a");
        file["items"][0]["weight"] = json!(3);
        let invalid = check(&file).unwrap_err();
        assert_eq!(
            invalid.problem_for("items.a.id"),
            Some("is used by another item")
        );
        assert_eq!(
            invalid.problem_for("items.a.weight"),
            Some("is only used with weighted_sum scoring")
        );

        let mut weighted = small();
        weighted["scoring"] = json!("weighted_sum");
        weighted["items"][0]["weight"] = json!(3);
        let invalid = check(&weighted).unwrap_err();
        assert_eq!(
            invalid.problem_for("items.b.weight"),
            Some("is required with weighted_sum scoring")
        );
        assert_eq!(
            invalid.problem_for("items.c.weight"),
            Some("is required with weighted_sum scoring")
        );
    }

    #[test]
    fn unreachable_bands_and_triggers_are_refused() {
        let mut file = small();
        file["triggers"][0]["min_score"] = json!(3);
        let invalid = check(&file).unwrap_err();
        assert_eq!(
            invalid.problem_for("triggers[0].min_score"),
            Some("can never be reached: the highest possible score is 2")
        );
    }

    #[test]
    fn not_a_table() {
        assert_eq!(
            check(&json!([1, 2])).unwrap_err().problem_for("file"),
            Some("must be a table of settings")
        );
    }
}
