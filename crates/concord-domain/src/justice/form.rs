//! A justice step as submitted (page or API) and as checked: one shape for
//! every kind — `outcome` and `reason` are chosen from the kind's own list,
//! `detail` is the crime reference of a report or the conditions of bail
//! (both kept encrypted). A field the kind does not use must be left empty.

use super::offences::OffenceList;
use super::vocabulary::{
    ChargeOutcome, HearingOutcome, JusticeEventKind, NoFurtherActionReason, SentenceKind,
    SpecialMeasure, Verdict, WithdrawalReason,
};
use crate::form_fields::{required_date, required_label};
use crate::label::Label;
use crate::validation::{Invalid, Message, required_text};
use chrono::NaiveDate;
use serde::Deserialize;

const MAX_DETAIL_CHARS: usize = 2000;

/// What a person submitted.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct JusticeEventForm {
    pub kind: String,
    /// `YYYY-MM-DD`, the local day it happened.
    pub occurred_on: String,
    #[serde(default)]
    pub outcome: Option<String>,
    #[serde(default)]
    pub reason: Option<String>,
    #[serde(default)]
    pub detail: Option<String>,
}

/// A checked step, ready to be ordered against the chain and stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewJusticeEvent {
    pub kind: JusticeEventKind,
    pub occurred_on: NaiveDate,
    /// The label of the outcome (an offence key, a charge outcome, a
    /// hearing outcome, a measure, a verdict, a sentence), if the kind has
    /// one.
    pub outcome: Option<String>,
    /// The reason for no further action or for her withdrawal.
    pub reason: Option<String>,
    /// The crime reference or the bail conditions: personal, encrypted.
    pub detail: Option<String>,
}

fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// A required choice from `T`'s list, kept as its label.
fn label_of<T: Label>(invalid: &mut Invalid, field: &str, value: Option<&str>) -> Option<String> {
    required_label::<T>(invalid, field, value.unwrap_or("")).map(|v| v.label().to_string())
}

impl JusticeEventForm {
    /// Checks every field against the kind; `today` is the deployment's
    /// local date (a step cannot be dated in the future).
    pub fn validate(
        &self,
        offences: &OffenceList,
        today: NaiveDate,
    ) -> Result<NewJusticeEvent, Invalid> {
        let mut invalid = Invalid::default();
        let kind = required_label::<JusticeEventKind>(&mut invalid, "kind", &self.kind);
        let occurred_on = required_date(&mut invalid, "occurred_on", &self.occurred_on);
        if occurred_on.is_some_and(|d| d > today) {
            invalid.push("occurred_on", "cannot be in the future");
        }
        let Some(kind) = kind else {
            return Err(invalid);
        };
        let (outcome, reason, detail) = self.parts(&mut invalid, kind, offences);
        match occurred_on {
            Some(occurred_on) if invalid.problems.is_empty() => Ok(NewJusticeEvent {
                kind,
                occurred_on,
                outcome,
                reason,
                detail,
            }),
            _ => Err(invalid),
        }
    }

    /// The outcome, reason and detail the kind takes; a field it does not
    /// take must be empty.
    fn parts(
        &self,
        invalid: &mut Invalid,
        kind: JusticeEventKind,
        offences: &OffenceList,
    ) -> (Option<String>, Option<String>, Option<String>) {
        use JusticeEventKind as K;
        let outcome = given(&self.outcome);
        let reason = given(&self.reason);
        let detail = given(&self.detail);
        let (takes_outcome, takes_reason, takes_detail) = match kind {
            K::ReportedToPolice | K::ReleasedOnBail => (false, false, true),
            K::Arrest | K::ProsecutionStarted => (false, false, false),
            K::SupportWithdrawn => (false, true, false),
            K::ChargeDecision => (true, true, false),
            K::CrimeRecorded | K::CourtHearing | K::SpecialMeasures | K::Verdict | K::Sentence => {
                (true, false, false)
            }
        };
        for (field, value, takes) in [
            ("outcome", outcome, takes_outcome),
            ("reason", reason, takes_reason),
            ("detail", detail, takes_detail),
        ] {
            if value.is_some() && !takes {
                invalid.push_message(
                    field,
                    "does not apply to this kind of step",
                    Message::new("justice-problem-not-for-this-step"),
                );
            }
        }
        let outcome = match kind {
            K::CrimeRecorded => self.offence(invalid, outcome, offences),
            K::ChargeDecision => label_of::<ChargeOutcome>(invalid, "outcome", outcome),
            K::CourtHearing => label_of::<HearingOutcome>(invalid, "outcome", outcome),
            K::SpecialMeasures => label_of::<SpecialMeasure>(invalid, "outcome", outcome),
            K::Verdict => label_of::<Verdict>(invalid, "outcome", outcome),
            K::Sentence => label_of::<SentenceKind>(invalid, "outcome", outcome),
            _ => None,
        };
        let reason = match kind {
            K::SupportWithdrawn => label_of::<WithdrawalReason>(invalid, "reason", reason),
            K::ChargeDecision
                if outcome.as_deref() == Some(ChargeOutcome::NoFurtherAction.as_str()) =>
            {
                label_of::<NoFurtherActionReason>(invalid, "reason", reason)
            }
            K::ChargeDecision if reason.is_some() => {
                invalid.push_message(
                    "reason",
                    "is given only with no further action",
                    Message::new("justice-problem-reason-only-with-nfa"),
                );
                None
            }
            _ => None,
        };
        let detail = takes_detail.then(|| {
            let field = "detail";
            required_text(invalid, field, detail.unwrap_or(""), MAX_DETAIL_CHARS)
        });
        (outcome, reason, detail)
    }

    fn offence(
        &self,
        invalid: &mut Invalid,
        outcome: Option<&str>,
        offences: &OffenceList,
    ) -> Option<String> {
        match outcome {
            None => {
                invalid.push("outcome", "is required");
                None
            }
            Some(key) if offences.get(key).is_none() => {
                invalid.push_message(
                    "outcome",
                    "is not a known offence category",
                    Message::new("justice-problem-unknown-offence"),
                );
                None
            }
            Some(key) => Some(key.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, 2).unwrap()
    }

    fn form(kind: &str, outcome: &str, reason: &str, detail: &str) -> JusticeEventForm {
        let opt = |s: &str| (!s.is_empty()).then(|| s.to_string());
        JusticeEventForm {
            kind: kind.into(),
            occurred_on: "2026-03-01".into(),
            outcome: opt(outcome),
            reason: opt(reason),
            detail: opt(detail),
        }
    }

    fn check(f: &JusticeEventForm) -> Result<NewJusticeEvent, Invalid> {
        f.validate(&OffenceList::default(), today())
    }

    #[test]
    fn each_kind_takes_its_own_fields() {
        let report = check(&form("reported_to_police", "", "", "CR/123/26")).unwrap();
        assert_eq!(report.detail.as_deref(), Some("CR/123/26"));
        let crime = check(&form("crime_recorded", "rape", "", "")).unwrap();
        assert_eq!(crime.outcome.as_deref(), Some("rape"));
        let nfa = check(&form(
            "charge_decision",
            "no_further_action",
            "evidential_difficulties",
            "",
        ))
        .unwrap();
        assert_eq!(nfa.reason.as_deref(), Some("evidential_difficulties"));
        assert!(check(&form("arrest", "", "", "")).is_ok());
    }

    #[test]
    fn problems_name_the_field() {
        let problem = |f: JusticeEventForm, field: &str| {
            check(&f)
                .unwrap_err()
                .problem_for(field)
                .map(str::to_string)
        };
        assert_eq!(
            problem(form("reported_to_police", "", "", ""), "detail").as_deref(),
            Some("is required")
        );
        assert_eq!(
            problem(form("crime_recorded", "burglary", "", ""), "outcome").as_deref(),
            Some("is not a known offence category")
        );
        assert_eq!(
            problem(
                form("charge_decision", "no_further_action", "", ""),
                "reason"
            )
            .as_deref(),
            Some("is required")
        );
        assert_eq!(
            problem(form("charge_decision", "charged", "other", ""), "reason").as_deref(),
            Some("is given only with no further action")
        );
        assert_eq!(
            problem(form("arrest", "", "", "a name"), "detail").as_deref(),
            Some("does not apply to this kind of step")
        );
        assert_eq!(
            problem(form("verdict", "maybe", "", ""), "outcome").as_deref(),
            Some("is not a known verdict")
        );
        assert_eq!(
            problem(form("appeal", "", "", ""), "kind").as_deref(),
            Some("is not a known justice event")
        );
    }

    #[test]
    fn dated_today_at_the_latest() {
        let mut f = form("arrest", "", "", "");
        f.occurred_on = "2026-03-02".into();
        assert!(check(&f).is_ok());
        f.occurred_on = "2026-03-03".into();
        assert_eq!(
            check(&f).unwrap_err().problem_for("occurred_on"),
            Some("cannot be in the future")
        );
        f.occurred_on = "".into();
        assert_eq!(
            check(&f).unwrap_err().problem_for("occurred_on"),
            Some("is required")
        );
    }
}
