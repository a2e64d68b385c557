//! Answering an instrument: the score, the band and its level, the
//! professional judgement that may raise the level (never lower it), the
//! survivor's own view of her risk, and when to assess again.

use super::instrument::{AnswerKind, Instrument, Scoring};
use super::{ReferralCriterion, RiskLevel};
use crate::form_fields::required_label;
use crate::label::label_enum;
use crate::validation::{Invalid, optional_text};
use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

const MAX_REASON: usize = 4000;
const MAX_TEXT_ANSWER: usize = 4000;

label_enum! {
    /// How the survivor herself sees her risk, in her own terms.
    pub enum SurvivorView ("survivor's view") {
        Low => "low",
        Medium => "medium",
        High => "high",
        DidNotSay => "did_not_say",
    }
}

/// One checked answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Answer {
    YesNo(bool),
    Scale(i32),
    Text(String),
}

/// An assessment as entered: answers by item id (`yes`/`no`, a number, or
/// text), and the judgement and her view.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct AssessmentForm {
    pub answers: BTreeMap<String, String>,
    /// Empty: no judgement beyond the score.
    pub judged_level: String,
    pub judgement_reason: String,
    pub survivor_view: String,
    /// Her own words about her risk (optional, encrypted).
    pub survivor_words: String,
    /// The day it was made, when entered later (`YYYY-MM-DD`); empty: today.
    pub assessed_on: String,
}

/// How far back an assessment may be entered.
pub const LATEST_BACKDATING_DAYS: i64 = crate::paper_date::PAPER_DAYS_BACK;

/// The day an assessment was made: today when not given; never in the
/// future, nor more than a year back (field `assessed_on`; the rule of
/// every paper record, [`crate::paper_date`]).
pub fn assessment_day(text: &str, today: NaiveDate) -> Result<NaiveDate, Invalid> {
    crate::paper_date::day_it_happened("assessed_on", text, today)
}

/// What the score says, before judgement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scored {
    pub score: i32,
    pub max_score: i32,
    pub band: String,
    pub level: RiskLevel,
    pub reassess_after_days: u32,
    /// Criteria the score triggers (visible high risk).
    pub triggers: Vec<ReferralCriterion>,
}

/// A checked assessment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedAssessment {
    pub answers: BTreeMap<String, Answer>,
    pub scored: Scored,
    /// The level after judgement: never below `scored.level`.
    pub final_level: RiskLevel,
    /// Present exactly when judgement raised the level.
    pub judgement: Option<Judgement>,
    pub survivor_view: SurvivorView,
    pub survivor_words: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Judgement {
    pub level: RiskLevel,
    pub reason: String,
}

/// The score of a set of answers. Unanswered items add nothing.
pub fn score(instrument: &Instrument, answers: &BTreeMap<String, Answer>) -> Scored {
    let score = instrument
        .items
        .iter()
        .filter(|item| item.is_scored(instrument.scoring))
        .map(|item| match (instrument.scoring, answers.get(&item.id)) {
            (Scoring::CountYes, Some(Answer::YesNo(true))) => 1,
            (Scoring::WeightedSum, Some(Answer::YesNo(true))) => item.weight.unwrap_or(0),
            (Scoring::WeightedSum, Some(Answer::Scale(v))) => item.weight.unwrap_or(0) * v,
            _ => 0,
        })
        .sum();
    let band = instrument.band_for(score);
    Scored {
        score,
        max_score: instrument.max_score(),
        band: band.name.clone(),
        level: band.level,
        reassess_after_days: band.reassess_after_days,
        triggers: instrument
            .triggers
            .iter()
            .filter(|t| score >= t.min_score)
            .map(|t| t.criterion)
            .collect(),
    }
}

/// Professional judgement may raise a level with a stated reason, never
/// lower it. `Ok(None)` when no judgement was given.
pub fn judge(
    computed: RiskLevel,
    judged: Option<RiskLevel>,
    reason: &str,
) -> Result<Option<Judgement>, Invalid> {
    let Some(level) = judged else {
        return Ok(None);
    };
    let mut invalid = Invalid::default();
    if level < computed {
        invalid.push(
            "judged_level",
            "professional judgement can raise the level, never lower it",
        );
    } else if level == computed {
        invalid.push("judged_level", "is the level the answers already give");
    }
    let reason = reason.trim();
    if reason.is_empty() {
        invalid.push("judgement_reason", "state the reason for your judgement");
    } else if reason.chars().count() > MAX_REASON {
        invalid.push(
            "judgement_reason",
            format!("must be at most {MAX_REASON} characters"),
        );
    }
    invalid.into_result(Some(Judgement {
        level,
        reason: reason.to_string(),
    }))
}

/// When the next assessment is due.
pub fn reassessment_due(
    assessed_on: NaiveDate,
    scored: &Scored,
    final_level: RiskLevel,
) -> NaiveDate {
    // Judged higher than the band: no later than a high-risk review would be.
    let days = match final_level {
        l if l > scored.level => scored.reassess_after_days.min(28),
        _ => scored.reassess_after_days,
    };
    assessed_on + Duration::days(i64::from(days))
}

impl AssessmentForm {
    /// Checks the answers against the instrument: every yes/no and scale
    /// item must be answered; text answers are optional.
    pub fn validate(&self, instrument: &Instrument) -> Result<CheckedAssessment, Invalid> {
        let mut invalid = Invalid::default();
        let mut answers = BTreeMap::new();
        for item in &instrument.items {
            let field = format!("answers.{}", item.id);
            let given = self
                .answers
                .get(&item.id)
                .map(|s| s.trim())
                .filter(|s| !s.is_empty());
            match (item.answer, given) {
                (AnswerKind::Text, None) => {}
                (_, None) => invalid.push(field, "is required"),
                (AnswerKind::YesNo, Some("yes" | "true")) => {
                    answers.insert(item.id.clone(), Answer::YesNo(true));
                }
                (AnswerKind::YesNo, Some("no" | "false")) => {
                    answers.insert(item.id.clone(), Answer::YesNo(false));
                }
                (AnswerKind::YesNo, Some(_)) => invalid.push(field, "must be yes or no"),
                (AnswerKind::Scale { min, max }, Some(text)) => match text.parse::<i32>() {
                    Ok(v) if (min..=max).contains(&v) => {
                        answers.insert(item.id.clone(), Answer::Scale(v));
                    }
                    _ => invalid.push(field, format!("must be a whole number from {min} to {max}")),
                },
                (AnswerKind::Text, Some(text)) => {
                    if text.chars().count() > MAX_TEXT_ANSWER {
                        invalid.push(
                            field,
                            format!("must be at most {MAX_TEXT_ANSWER} characters"),
                        );
                    } else {
                        answers.insert(item.id.clone(), Answer::Text(text.to_string()));
                    }
                }
            }
        }
        for id in self.answers.keys() {
            if instrument.item(id).is_none() {
                invalid.push(format!("answers.{id}"), "is not an item of this instrument");
            }
        }
        let scored = score(instrument, &answers);
        let judged = match self.judged_level.trim() {
            "" => None,
            text => {
                let level = RiskLevel::parse(text);
                if level.is_none() {
                    invalid.push("judged_level", "is not a known risk level");
                }
                level
            }
        };
        let judgement = match judge(scored.level, judged, &self.judgement_reason) {
            Ok(j) => j,
            Err(problems) => {
                invalid.problems.extend(problems.problems);
                None
            }
        };
        let survivor_view =
            required_label::<SurvivorView>(&mut invalid, "survivor_view", &self.survivor_view);
        let survivor_words = optional_text(
            &mut invalid,
            "survivor_words",
            Some(&self.survivor_words),
            MAX_REASON,
        );
        let Some(survivor_view) = survivor_view else {
            return Err(invalid);
        };
        let final_level = judgement.as_ref().map_or(scored.level, |j| j.level);
        invalid.into_result(CheckedAssessment {
            answers,
            scored,
            final_level,
            judgement,
            survivor_view,
            survivor_words,
        })
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_assessment_is_dated_today_or_up_to_a_year_back() {
        let today = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
        assert_eq!(assessment_day("", today), Ok(today));
        assert_eq!(
            assessment_day("2025-03-02", today),
            Ok(NaiveDate::from_ymd_opt(2025, 3, 2).unwrap())
        );
        for (text, problem) in [
            ("2026-03-03", "cannot be in the future"),
            ("2025-03-01", "must be within the last year"),
            ("02/03/2026", "must be a date (YYYY-MM-DD)"),
        ] {
            let refused = assessment_day(text, today).unwrap_err();
            assert_eq!(refused.problem_for("assessed_on"), Some(problem), "{text}");
        }
    }

    use super::*;
    use crate::risk::instrument::check;
    use proptest::prelude::*;
    use serde_json::json;

    /// A count-yes checklist of `n` yes/no items, high from 14.
    fn checklist(n: usize) -> Instrument {
        let items: Vec<_> = (0..n)
            .map(|i| json!({"id": format!("q{i}"), "topic": "T", "text": "Q?", "answer": "yes_no"}))
            .collect();
        check(&json!({
            "format": crate::risk::instrument::FORMAT,
            "key": "list", "version": 1, "title": "List", "scoring": "count_yes",
            "items": items,
            "bands": [
                {"name": "standard", "level": "standard", "min_score": 0, "reassess_after_days": 90},
                {"name": "medium", "level": "medium", "min_score": 10, "reassess_after_days": 60},
                {"name": "high", "level": "high", "min_score": 14, "reassess_after_days": 28}
            ],
            "triggers": [{"min_score": 14, "criterion": "visible_high_risk"}]
        }))
        .unwrap()
    }

    fn form_with_yes(instrument: &Instrument, yes: usize) -> AssessmentForm {
        AssessmentForm {
            answers: instrument
                .items
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    (
                        item.id.clone(),
                        if i < yes { "yes" } else { "no" }.to_string(),
                    )
                })
                .collect(),
            survivor_view: "high".into(),
            ..AssessmentForm::default()
        }
    }

    #[test]
    fn thirteen_yes_is_not_visible_high_risk_fourteen_is() {
        let list = checklist(24);
        let thirteen = form_with_yes(&list, 13).validate(&list).unwrap();
        assert_eq!(thirteen.scored.score, 13);
        assert_eq!(thirteen.scored.level, RiskLevel::Medium);
        assert!(thirteen.scored.triggers.is_empty());
        let fourteen = form_with_yes(&list, 14).validate(&list).unwrap();
        assert_eq!(fourteen.scored.level, RiskLevel::High);
        assert_eq!(
            fourteen.scored.triggers,
            vec![ReferralCriterion::VisibleHighRisk]
        );
        assert_eq!(fourteen.scored.max_score, 24);
    }

    #[test]
    fn judgement_raises_with_a_reason_and_never_lowers() {
        assert_eq!(judge(RiskLevel::Medium, None, "").unwrap(), None);
        let raised = judge(RiskLevel::Medium, Some(RiskLevel::High), "He bought a gun.").unwrap();
        assert_eq!(raised.unwrap().level, RiskLevel::High);
        let lowered = judge(
            RiskLevel::High,
            Some(RiskLevel::Standard),
            "She seems calm.",
        )
        .unwrap_err();
        assert_eq!(
            lowered.problem_for("judged_level"),
            Some("professional judgement can raise the level, never lower it")
        );
        let no_reason = judge(RiskLevel::Standard, Some(RiskLevel::High), " ").unwrap_err();
        assert_eq!(
            no_reason.problem_for("judgement_reason"),
            Some("state the reason for your judgement")
        );
    }

    #[test]
    fn the_form_names_every_bad_answer() {
        let list = checklist(24);
        let form = AssessmentForm {
            answers: BTreeMap::from([("q0".into(), "perhaps".into()), ("zz".into(), "yes".into())]),
            judged_level: "extreme".into(),
            survivor_view: "".into(),
            ..AssessmentForm::default()
        };
        let invalid = form.validate(&list).unwrap_err();
        for field in [
            "answers.q0",
            "answers.q1",
            "answers.q23",
            "answers.zz",
            "judged_level",
            "survivor_view",
        ] {
            assert!(invalid.problem_for(field).is_some(), "{field}: {invalid}");
        }
    }

    #[test]
    fn reassessment_follows_the_band_or_sooner_when_judged_higher() {
        let list = checklist(24);
        let on = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
        let medium = form_with_yes(&list, 10).validate(&list).unwrap();
        assert_eq!(
            reassessment_due(on, &medium.scored, medium.final_level),
            on + Duration::days(60)
        );
        assert_eq!(
            reassessment_due(on, &medium.scored, RiskLevel::High),
            on + Duration::days(28)
        );
    }

    proptest! {
        /// Whatever the answers and the judgement, the final level is never
        /// below the computed one.
        #[test]
        fn judgement_never_lowers(yes in 0usize..=24, judged in proptest::option::of(0usize..3)) {
            let list = checklist(24);
            let mut form = form_with_yes(&list, yes);
            form.judged_level = judged.map(|i| RiskLevel::ALL[i].as_str().to_string()).unwrap_or_default();
            form.judgement_reason = "reason".into();
            match form.validate(&list) {
                Ok(checked) => prop_assert!(checked.final_level >= checked.scored.level),
                Err(invalid) => prop_assert!(invalid.problem_for("judged_level").is_some()),
            }
        }

        /// The count-yes score is exactly the number of yes answers.
        #[test]
        fn count_yes_counts(yes in 0usize..=24) {
            let list = checklist(24);
            let checked = form_with_yes(&list, yes).validate(&list).unwrap();
            prop_assert_eq!(checked.scored.score, yes as i32);
            prop_assert_eq!(checked.scored.triggers.is_empty(), yes < 14);
        }
    }
}
