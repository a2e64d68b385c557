//! Which step may follow which. A chain starts with the report to the
//! police; each later step needs the one it follows (an arrest a report, a
//! charge decision a recorded crime, a prosecution a charge, a verdict a
//! charge and a prosecution, a sentence a guilty verdict) and cannot be
//! dated before it. Some steps happen once. A chain ends with no further
//! action, an out-of-court outcome, a not-guilty verdict or a sentence:
//! nothing follows its end. Her withdrawal of support is recorded at any
//! point before a verdict.

use super::form::NewJusticeEvent;
use super::vocabulary::{ChargeOutcome, JusticeEventKind, Verdict};
use crate::validation::{Message, MessageArg};
use chrono::NaiveDate;

/// A step already in the chain, as the rule needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainStep {
    pub kind: JusticeEventKind,
    pub outcome: Option<String>,
    pub occurred_on: NaiveDate,
}

/// What a step needs before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prerequisite {
    Report,
    RecordedCrime,
    Arrest,
    Charge,
    Prosecution,
    GuiltyVerdict,
}

impl Prerequisite {
    pub fn code(self) -> &'static str {
        match self {
            Prerequisite::Report => "report",
            Prerequisite::RecordedCrime => "recorded_crime",
            Prerequisite::Arrest => "arrest",
            Prerequisite::Charge => "charge",
            Prerequisite::Prosecution => "prosecution",
            Prerequisite::GuiltyVerdict => "guilty_verdict",
        }
    }

    fn words(self) -> &'static str {
        match self {
            Prerequisite::Report => "a report to the police",
            Prerequisite::RecordedCrime => "a recorded crime",
            Prerequisite::Arrest => "an arrest",
            Prerequisite::Charge => "a charge",
            Prerequisite::Prosecution => "a prosecution",
            Prerequisite::GuiltyVerdict => "a guilty verdict",
        }
    }

    fn met_by(self, step: &ChainStep) -> bool {
        let outcome = step.outcome.as_deref();
        match self {
            Prerequisite::Report => step.kind == JusticeEventKind::ReportedToPolice,
            Prerequisite::RecordedCrime => step.kind == JusticeEventKind::CrimeRecorded,
            Prerequisite::Arrest => step.kind == JusticeEventKind::Arrest,
            Prerequisite::Charge => {
                step.kind == JusticeEventKind::ChargeDecision
                    && outcome == Some(ChargeOutcome::Charged.as_str())
            }
            Prerequisite::Prosecution => step.kind == JusticeEventKind::ProsecutionStarted,
            Prerequisite::GuiltyVerdict => {
                step.kind == JusticeEventKind::Verdict && outcome == Some(Verdict::Guilty.as_str())
            }
        }
    }
}

/// Why a step cannot be recorded where the chain stands (409).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum OrderProblem {
    #[error("{} needs {} first", words(*.step), .needs.words())]
    Needs {
        step: JusticeEventKind,
        needs: Prerequisite,
    },
    #[error("{} cannot be dated before {} it follows", words(*.step), .needs.words())]
    DatedBefore {
        step: JusticeEventKind,
        needs: Prerequisite,
    },
    #[error("{} is already recorded: it happens once in a chain", words(*.step))]
    AlreadyRecorded { step: JusticeEventKind },
    #[error("the chain has ended with {}: nothing follows it", words(*.ended_by))]
    Ended { ended_by: JusticeEventKind },
    #[error("her withdrawal of support cannot follow the verdict")]
    WithdrawalAfterVerdict,
}

impl OrderProblem {
    /// A stable code for the API and the message catalogue.
    pub fn code(self) -> &'static str {
        match self {
            OrderProblem::Needs { .. } => "needs",
            OrderProblem::DatedBefore { .. } => "dated_before",
            OrderProblem::AlreadyRecorded { .. } => "already_recorded",
            OrderProblem::Ended { .. } => "ended",
            OrderProblem::WithdrawalAfterVerdict => "withdrawal_after_verdict",
        }
    }
}

impl OrderProblem {
    /// The problem as a message of the web layer's catalogue
    /// (`justice-order-<code>`), with the step (`justice-step-<kind>`) and
    /// what it needs (`justice-needs-<prerequisite>`) as messages too.
    pub fn message(self) -> Message {
        let step = |kind: JusticeEventKind| {
            MessageArg::Message(Message::new(format!(
                "justice-step-{}",
                kind.as_str().replace('_', "-")
            )))
        };
        let needs = |p: Prerequisite| {
            MessageArg::Message(Message::new(format!(
                "justice-needs-{}",
                p.code().replace('_', "-")
            )))
        };
        let key = format!("justice-order-{}", self.code().replace('_', "-"));
        match self {
            OrderProblem::Needs { step: s, needs: n }
            | OrderProblem::DatedBefore { step: s, needs: n } => Message::new(key)
                .arg("step", step(s))
                .arg("needs", needs(n)),
            OrderProblem::AlreadyRecorded { step: s } => Message::new(key).arg("step", step(s)),
            OrderProblem::Ended { ended_by } => Message::new(key).arg("step", step(ended_by)),
            OrderProblem::WithdrawalAfterVerdict => Message::new(key),
        }
    }
}

fn words(kind: JusticeEventKind) -> &'static str {
    use JusticeEventKind as K;
    match kind {
        K::ReportedToPolice => "the report to the police",
        K::CrimeRecorded => "the recorded crime",
        K::Arrest => "an arrest",
        K::ReleasedOnBail => "a release on bail",
        K::ChargeDecision => "the charge decision",
        K::ProsecutionStarted => "the prosecution",
        K::CourtHearing => "a court hearing",
        K::SpecialMeasures => "special measures",
        K::Verdict => "the verdict",
        K::Sentence => "the sentence",
        K::SupportWithdrawn => "her withdrawal of support",
    }
}

/// What each kind needs before it, checked in this order.
fn prerequisites(kind: JusticeEventKind) -> &'static [Prerequisite] {
    use JusticeEventKind as K;
    use Prerequisite as P;
    match kind {
        K::ReportedToPolice => &[],
        K::CrimeRecorded | K::Arrest | K::SupportWithdrawn => &[P::Report],
        K::ReleasedOnBail => &[P::Arrest],
        K::ChargeDecision => &[P::RecordedCrime],
        K::ProsecutionStarted => &[P::Charge],
        K::CourtHearing | K::SpecialMeasures => &[P::Prosecution],
        K::Verdict => &[P::Charge, P::Prosecution],
        K::Sentence => &[P::GuiltyVerdict],
    }
}

fn happens_once(kind: JusticeEventKind) -> bool {
    use JusticeEventKind as K;
    matches!(
        kind,
        K::ReportedToPolice
            | K::CrimeRecorded
            | K::ChargeDecision
            | K::ProsecutionStarted
            | K::Verdict
            | K::Sentence
    )
}

/// The step that ended the chain, if any.
fn ending(chain: &[ChainStep]) -> Option<JusticeEventKind> {
    chain.iter().find_map(|step| {
        let outcome = step.outcome.as_deref();
        let ends = match step.kind {
            JusticeEventKind::ChargeDecision => outcome != Some(ChargeOutcome::Charged.as_str()),
            JusticeEventKind::Verdict => outcome == Some(Verdict::NotGuilty.as_str()),
            JusticeEventKind::Sentence => true,
            _ => false,
        };
        ends.then_some(step.kind)
    })
}

/// Whether `next` may be added to `chain` (the case's steps so far).
pub fn check_order(chain: &[ChainStep], next: &NewJusticeEvent) -> Result<(), OrderProblem> {
    let step = next.kind;
    if let Some(ended_by) = ending(chain) {
        return Err(OrderProblem::Ended { ended_by });
    }
    if happens_once(step) && chain.iter().any(|s| s.kind == step) {
        return Err(OrderProblem::AlreadyRecorded { step });
    }
    if step == JusticeEventKind::SupportWithdrawn
        && chain.iter().any(|s| s.kind == JusticeEventKind::Verdict)
    {
        return Err(OrderProblem::WithdrawalAfterVerdict);
    }
    for &needs in prerequisites(step) {
        let mut met = chain.iter().filter(|s| needs.met_by(s)).peekable();
        if met.peek().is_none() {
            return Err(OrderProblem::Needs { step, needs });
        }
        if !met.any(|s| s.occurred_on <= next.occurred_on) {
            return Err(OrderProblem::DatedBefore { step, needs });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use JusticeEventKind as K;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, d).unwrap()
    }

    fn step(kind: K, outcome: Option<&str>, d: u32) -> ChainStep {
        ChainStep {
            kind,
            outcome: outcome.map(str::to_string),
            occurred_on: day(d),
        }
    }

    fn next(kind: K, outcome: Option<&str>, d: u32) -> NewJusticeEvent {
        NewJusticeEvent {
            kind,
            occurred_on: day(d),
            outcome: outcome.map(str::to_string),
            reason: None,
            detail: None,
        }
    }

    /// A chain up to a charge, dated 1st to 4th.
    fn charged() -> Vec<ChainStep> {
        vec![
            step(K::ReportedToPolice, None, 1),
            step(K::CrimeRecorded, Some("minor_assault"), 2),
            step(K::Arrest, None, 3),
            step(K::ChargeDecision, Some("charged"), 4),
        ]
    }

    #[test]
    fn a_whole_chain_in_order() {
        let mut chain = Vec::new();
        for (kind, outcome, d) in [
            (K::ReportedToPolice, None, 1),
            (K::CrimeRecorded, Some("rape"), 1),
            (K::Arrest, None, 2),
            (K::ReleasedOnBail, None, 3),
            (K::ChargeDecision, Some("charged"), 5),
            (K::ProsecutionStarted, None, 6),
            (K::SpecialMeasures, Some("screens"), 7),
            (K::CourtHearing, Some("pleaded_not_guilty"), 8),
            (K::SupportWithdrawn, None, 9),
            (K::CourtHearing, Some("trial_held"), 10),
            (K::Verdict, Some("guilty"), 10),
            (K::CourtHearing, Some("other"), 11),
            (K::Sentence, Some("custody"), 12),
        ] {
            assert_eq!(
                check_order(&chain, &next(kind, outcome, d)),
                Ok(()),
                "{kind}"
            );
            chain.push(step(kind, outcome, d));
        }
    }

    #[test]
    fn no_verdict_without_a_charge() {
        let chain = vec![
            step(K::ReportedToPolice, None, 1),
            step(K::CrimeRecorded, Some("rape"), 2),
        ];
        assert_eq!(
            check_order(&chain, &next(K::Verdict, Some("guilty"), 5)),
            Err(OrderProblem::Needs {
                step: K::Verdict,
                needs: Prerequisite::Charge
            })
        );
        assert_eq!(
            check_order(&chain, &next(K::Verdict, Some("guilty"), 5))
                .unwrap_err()
                .to_string(),
            "the verdict needs a charge first"
        );
        assert_eq!(
            check_order(&charged(), &next(K::Verdict, Some("guilty"), 5)),
            Err(OrderProblem::Needs {
                step: K::Verdict,
                needs: Prerequisite::Prosecution
            })
        );
    }

    #[test]
    fn nothing_before_the_report() {
        for kind in JusticeEventKind::ALL {
            let result = check_order(&[], &next(kind, None, 1));
            if kind == K::ReportedToPolice {
                assert_eq!(result, Ok(()));
            } else {
                assert!(result.is_err(), "{kind}");
            }
        }
    }

    #[test]
    fn not_dated_before_what_it_follows() {
        let chain = charged();
        assert_eq!(
            check_order(&chain, &next(K::ProsecutionStarted, None, 3)),
            Err(OrderProblem::DatedBefore {
                step: K::ProsecutionStarted,
                needs: Prerequisite::Charge
            })
        );
        assert_eq!(
            check_order(&chain, &next(K::ProsecutionStarted, None, 4)),
            Ok(())
        );
    }

    #[test]
    fn once_only_steps() {
        let chain = charged();
        assert_eq!(
            check_order(&chain, &next(K::CrimeRecorded, Some("rape"), 5)),
            Err(OrderProblem::AlreadyRecorded {
                step: K::CrimeRecorded
            })
        );
        assert_eq!(check_order(&chain, &next(K::Arrest, None, 5)), Ok(()));
    }

    #[test]
    fn an_ended_chain_takes_nothing_more() {
        for (ending_step, outcome) in [
            (K::ChargeDecision, "no_further_action"),
            (K::ChargeDecision, "out_of_court"),
        ] {
            let mut chain = charged();
            chain[3] = step(ending_step, Some(outcome), 4);
            assert_eq!(
                check_order(&chain, &next(K::ProsecutionStarted, None, 5)),
                Err(OrderProblem::Ended {
                    ended_by: ending_step
                })
            );
        }
        let mut chain = charged();
        chain.push(step(K::ProsecutionStarted, None, 5));
        chain.push(step(K::Verdict, Some("not_guilty"), 6));
        assert_eq!(
            check_order(&chain, &next(K::Sentence, Some("fine"), 7)),
            Err(OrderProblem::Ended {
                ended_by: K::Verdict
            })
        );
    }

    #[test]
    fn a_sentence_needs_a_guilty_verdict_and_withdrawal_comes_before_it() {
        let mut chain = charged();
        chain.push(step(K::ProsecutionStarted, None, 5));
        assert_eq!(
            check_order(&chain, &next(K::Sentence, Some("fine"), 7)),
            Err(OrderProblem::Needs {
                step: K::Sentence,
                needs: Prerequisite::GuiltyVerdict
            })
        );
        chain.push(step(K::Verdict, Some("guilty"), 6));
        assert_eq!(
            check_order(&chain, &next(K::SupportWithdrawn, None, 7)),
            Err(OrderProblem::WithdrawalAfterVerdict)
        );
        assert_eq!(
            check_order(&chain, &next(K::Sentence, Some("fine"), 6)),
            Ok(())
        );
    }
}
