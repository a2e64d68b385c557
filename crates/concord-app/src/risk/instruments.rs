//! Loading risk instruments: a file (TOML or JSON) is parsed, checked by
//! the domain (every problem listed), and stored as a new version. The
//! instruments Concord ships are stored the first time anyone asks for the
//! list, so a fresh installation has them without a step.

use crate::app::App;
use crate::error::{AppError, AppResult};
use concord_domain::Invalid;
use concord_domain::access::Actor;
use concord_domain::audit::{AuditAction, AuditOutcome};
use concord_domain::risk::instrument::{Instrument, check};
use concord_domain::role::Permission;
use concord_store::{RiskInstrumentRow, StoreError};

/// The instruments Concord ships: (file name, text).
pub const SHIPPED: &[(&str, &str)] = &[
    (
        "dash-24.toml",
        include_str!("../../instruments/dash-24.toml"),
    ),
    (
        "weighted-test.toml",
        include_str!("../../instruments/weighted-test.toml"),
    ),
];

/// Largest instrument file accepted.
pub const MAX_FILE_BYTES: usize = 512 * 1024;

/// Parses an instrument file: JSON when it starts with `{`, else TOML.
pub fn parse(text: &str) -> Result<Instrument, Invalid> {
    if text.len() > MAX_FILE_BYTES {
        return Err(Invalid::one("file", "is larger than 512 KiB"));
    }
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.is_empty() {
        return Err(Invalid::one("file", "is empty"));
    }
    let value: serde_json::Value = if trimmed.starts_with('{') {
        serde_json::from_str(trimmed)
            .map_err(|e| Invalid::one("file", format!("is not valid JSON: {e}")))?
    } else {
        toml::from_str(trimmed)
            .map_err(|e| Invalid::one("file", format!("is not valid TOML: {}", e.message())))?
    };
    check(&value)
}

/// A stored instrument version, decoded.
pub fn decode(row: &RiskInstrumentRow) -> AppResult<Instrument> {
    serde_json::from_str(&row.definition)
        .map_err(|_| AppError::Internal("a stored instrument does not decode".into()))
}

impl App {
    /// Every loaded instrument version, newest version of each first. Case
    /// workers (to choose one) and instrument managers may list them.
    pub async fn risk_instruments(&self, actor: &Actor) -> AppResult<Vec<RiskInstrumentRow>> {
        if !actor.has(Permission::ManageRiskInstruments) {
            self.require(actor, Permission::WorkCases).await?;
        }
        self.ensure_shipped_instruments().await?;
        Ok(self.store.list_risk_instruments().await?)
    }

    /// The newest version of each instrument, decoded.
    pub async fn current_instruments(&self) -> AppResult<Vec<(RiskInstrumentRow, Instrument)>> {
        self.ensure_shipped_instruments().await?;
        let mut current: Vec<(RiskInstrumentRow, Instrument)> = Vec::new();
        for row in self.store.list_risk_instruments().await? {
            if current.iter().any(|(r, _)| r.key == row.key) {
                continue;
            }
            let instrument = decode(&row)?;
            current.push((row, instrument));
        }
        Ok(current)
    }

    /// Loads a new version of an instrument (`actor` None: the command
    /// line). Refused, with every problem, if the file is malformed or its
    /// version is not newer than the one loaded.
    pub async fn load_instrument(
        &self,
        actor: Option<&Actor>,
        text: &str,
    ) -> AppResult<RiskInstrumentRow> {
        if let Some(actor) = actor {
            self.require(actor, Permission::ManageRiskInstruments)
                .await?;
        }
        self.ensure_shipped_instruments().await?;
        let instrument = parse(text)?;
        self.store_instrument(actor, &instrument, text).await
    }

    async fn store_instrument(
        &self,
        actor: Option<&Actor>,
        instrument: &Instrument,
        text: &str,
    ) -> AppResult<RiskInstrumentRow> {
        let newest = self
            .store
            .list_risk_instruments()
            .await?
            .into_iter()
            .find(|r| r.key == instrument.key)
            .map(|r| r.version);
        if let Some(newest) = newest
            && i64::from(instrument.version) <= i64::from(newest)
        {
            return Err(Invalid::one(
                "version",
                format!("must be higher than the version already loaded ({newest})"),
            )
            .into());
        }
        let row = RiskInstrumentRow {
            key: instrument.key.clone(),
            version: instrument.version as i32,
            title: instrument.title.clone(),
            definition: serde_json::to_string(instrument)
                .map_err(|e| AppError::Internal(e.to_string()))?,
            source: text.to_string(),
            loaded_by: actor.map(|a| a.user_id),
            loaded_at: self.clock.now(),
        };
        let event = self.event(
            actor,
            AuditAction::RiskInstrumentLoaded,
            Some(("risk_instrument", format!("{}/{}", row.key, row.version))),
            AuditOutcome::Success,
            serde_json::json!({ "key": row.key, "version": row.version }),
        );
        match self.store.create_risk_instrument(&row, &event).await {
            Ok(()) => Ok(row),
            Err(StoreError::Duplicate { .. }) => {
                Err(Invalid::one("version", "is already loaded").into())
            }
            Err(other) => Err(other.into()),
        }
    }

    /// Stores each shipped instrument whose key has no version yet.
    async fn ensure_shipped_instruments(&self) -> AppResult<()> {
        let loaded = self.store.list_risk_instruments().await?;
        for (name, text) in SHIPPED {
            let instrument = parse(text).map_err(|e| {
                AppError::Internal(format!("the shipped instrument {name} is invalid: {e}"))
            })?;
            if loaded.iter().any(|r| r.key == instrument.key) {
                continue;
            }
            match self.store_instrument(None, &instrument, text).await {
                // Another instance stored it at the same moment.
                Ok(_) | Err(AppError::Invalid(_)) => {}
                Err(other) => return Err(other),
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use concord_domain::risk::RiskLevel;
    use concord_domain::risk::assessment::{AssessmentForm, score};
    use std::collections::BTreeMap;

    fn yes(instrument: &Instrument, how_many: usize) -> AssessmentForm {
        AssessmentForm {
            answers: instrument
                .items
                .iter()
                .filter(|i| i.answer == concord_domain::risk::instrument::AnswerKind::YesNo)
                .enumerate()
                .map(|(n, i)| (i.id.clone(), if n < how_many { "yes" } else { "no" }.into()))
                .collect::<BTreeMap<_, _>>(),
            survivor_view: "did_not_say".into(),
            ..AssessmentForm::default()
        }
    }

    #[test]
    fn the_shipped_checklist_is_high_from_fourteen_yes() {
        let dash = parse(SHIPPED[0].1).unwrap();
        assert_eq!(dash.key, "dash");
        assert_eq!(
            dash.items
                .iter()
                .filter(|i| i.answer == concord_domain::risk::instrument::AnswerKind::YesNo)
                .count(),
            24
        );
        let thirteen = yes(&dash, 13).validate(&dash).unwrap();
        assert_eq!(thirteen.scored.score, 13);
        assert_ne!(thirteen.scored.level, RiskLevel::High);
        assert!(thirteen.scored.triggers.is_empty());
        let fourteen = yes(&dash, 14).validate(&dash).unwrap();
        assert_eq!(fourteen.scored.level, RiskLevel::High);
        assert_eq!(fourteen.scored.triggers.len(), 1);
    }

    #[test]
    fn the_weighted_test_instrument_bands_at_its_boundaries() {
        let weighted = parse(SHIPPED[1].1).unwrap();
        // Answers giving exactly a score: yes to items in order until the
        // sum of weights reaches it.
        let scored_at = |target: i32| {
            let mut answers = BTreeMap::new();
            let mut sum = 0;
            for item in &weighted.items {
                let w = item.weight.unwrap();
                let answer = sum + w <= target;
                if answer {
                    sum += w;
                }
                answers.insert(
                    item.id.clone(),
                    concord_domain::risk::assessment::Answer::YesNo(answer),
                );
            }
            assert_eq!(sum, target, "the test picks answers summing to {target}");
            score(&weighted, &answers)
        };
        for (score, band, level, triggered) in [
            (7, "variable", RiskLevel::Standard, false),
            (8, "increased", RiskLevel::Medium, false),
            (13, "increased", RiskLevel::Medium, false),
            (14, "severe", RiskLevel::High, false),
            (17, "severe", RiskLevel::High, false),
            (18, "extreme", RiskLevel::High, true),
        ] {
            let scored = scored_at(score);
            assert_eq!(scored.band, band, "{score}");
            assert_eq!(scored.level, level, "{score}");
            assert_eq!(!scored.triggers.is_empty(), triggered, "{score}");
        }
    }

    #[test]
    fn malformed_files_list_their_problems() {
        let bad = "format = \"concord-risk-instrument/1\"\nkey = \"x\"\nversion = 1\n[[items]]\nid = \"a\"\n";
        let invalid = parse(bad).unwrap_err();
        for field in [
            "key",
            "title",
            "scoring",
            "items.a.topic",
            "items.a.text",
            "items.a.answer",
            "bands",
        ] {
            assert!(invalid.problem_for(field).is_some(), "{field}: {invalid}");
        }
        assert!(
            parse("key = ")
                .unwrap_err()
                .problem_for("file")
                .unwrap()
                .starts_with("is not valid TOML")
        );
        assert!(
            parse("{\"key\": }")
                .unwrap_err()
                .problem_for("file")
                .unwrap()
                .starts_with("is not valid JSON")
        );
    }
}
