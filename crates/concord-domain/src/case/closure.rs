//! Why a case may close. A survivor who cannot be reached is not simply
//! dropped: closing for that reason needs documented attempts over a
//! minimum period, so silence caused by danger is not mistaken for "no
//! longer needs help".

use crate::validation::Invalid;
use serde::{Deserialize, Serialize};

/// Case rules an installation configures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseRules {
    /// How long attempts to reach a survivor must have gone on before the
    /// case may close as unreachable (DOMAIN.md §4: about 30 days).
    pub unreachable_days: u32,
}

impl Default for CaseRules {
    fn default() -> Self {
        Self {
            unreachable_days: 30,
        }
    }
}

/// Why a case is closing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ClosureReason {
    /// The goals of the plan are met.
    NeedsMet,
    /// The survivor asked for the case to close. Always her right.
    SurvivorRequest,
    /// She moved out of the area (a referral should follow her).
    Relocated,
    /// Documented attempts to reach her failed over `days` days.
    UnreachableAfterAttempts {
        attempts: u32,
        days: u32,
    },
    Other,
    /// She died. Recorded only with her death, by a supervisor of the
    /// owning agency ([`crate::death`]); never through the closure form.
    /// Stored as `she_died` in the case's closure reason.
    SheDied,
}

impl ClosureReason {
    /// The reason's label, without its details.
    pub fn as_str(self) -> &'static str {
        match self {
            ClosureReason::NeedsMet => "needs_met",
            ClosureReason::SurvivorRequest => "survivor_request",
            ClosureReason::Relocated => "relocated",
            ClosureReason::UnreachableAfterAttempts { .. } => "unreachable_after_attempts",
            ClosureReason::Other => "other",
            ClosureReason::SheDied => "she_died",
        }
    }

    /// Is this reason enough to close under `rules`? Problems are named by
    /// the closure form's fields (`attempts`, `days`).
    pub fn check(self, rules: &CaseRules) -> Result<(), Invalid> {
        let mut invalid = Invalid::default();
        if let ClosureReason::UnreachableAfterAttempts { attempts, days } = self {
            if attempts == 0 {
                invalid.push("attempts", "record at least one attempt to reach her");
            }
            if days < rules.unreachable_days {
                invalid.push(
                    "days",
                    format!(
                        "attempts must have gone on for at least {} days",
                        rules.unreachable_days
                    ),
                );
            }
        }
        invalid.into_result(())
    }
}

/// A closure reason as entered: the label, and for an unreachable survivor
/// the number of attempts and the days they span.
#[derive(Debug, Clone, Default, Deserialize)]
// A missing field reads as empty, so it is reported by name like any other.
#[serde(default)]
pub struct ClosureReasonForm {
    pub reason: String,
    pub attempts: Option<String>,
    pub days: Option<String>,
}

impl ClosureReasonForm {
    pub fn validate(&self, rules: &CaseRules) -> Result<ClosureReason, Invalid> {
        let reason = match self.reason.trim() {
            "needs_met" => ClosureReason::NeedsMet,
            "survivor_request" => ClosureReason::SurvivorRequest,
            "relocated" => ClosureReason::Relocated,
            "other" => ClosureReason::Other,
            "unreachable_after_attempts" => self.unreachable()?,
            "she_died" => {
                return Err(Invalid::one(
                    "reason",
                    "is recorded with her death, by a supervisor of the agency that owns the case",
                ));
            }
            "" => return Err(Invalid::one("reason", "is required")),
            _ => return Err(Invalid::one("reason", "is not a known closure reason")),
        };
        reason.check(rules).map(|()| reason)
    }

    fn unreachable(&self) -> Result<ClosureReason, Invalid> {
        let mut invalid = Invalid::default();
        let attempts = count(&mut invalid, "attempts", self.attempts.as_deref());
        let days = count(&mut invalid, "days", self.days.as_deref());
        invalid.into_result(ClosureReason::UnreachableAfterAttempts { attempts, days })
    }
}

fn count(invalid: &mut Invalid, field: &str, text: Option<&str>) -> u32 {
    match text.map(str::trim).unwrap_or("") {
        "" => {
            invalid.push(field, "is required");
            0
        }
        text => text.parse::<u32>().unwrap_or_else(|_| {
            invalid.push(field, "must be a whole number, 0 or more");
            0
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unreachable(attempts: u32, days: u32) -> ClosureReason {
        ClosureReason::UnreachableAfterAttempts { attempts, days }
    }

    #[test]
    fn unreachable_needs_attempts_and_time() {
        let rules = CaseRules::default();
        assert_eq!(unreachable(1, 30).check(&rules), Ok(()));
        let too_soon = unreachable(3, 29).check(&rules).unwrap_err();
        assert_eq!(
            too_soon.problem_for("days"),
            Some("attempts must have gone on for at least 30 days")
        );
        let no_attempt = unreachable(0, 60).check(&rules).unwrap_err();
        assert!(no_attempt.problem_for("attempts").is_some());
        assert!(no_attempt.problem_for("days").is_none());
        let strict = CaseRules {
            unreachable_days: 45,
        };
        assert!(unreachable(5, 44).check(&strict).is_err());
        assert_eq!(unreachable(5, 45).check(&strict), Ok(()));
    }

    #[test]
    fn other_reasons_need_nothing_more() {
        for reason in [
            ClosureReason::NeedsMet,
            ClosureReason::SurvivorRequest,
            ClosureReason::Relocated,
            ClosureReason::Other,
        ] {
            assert_eq!(reason.check(&CaseRules::default()), Ok(()));
        }
    }

    #[test]
    fn the_form_reads_every_reason() {
        let rules = CaseRules::default();
        let form = |reason: &str, attempts: Option<&str>, days: Option<&str>| ClosureReasonForm {
            reason: reason.into(),
            attempts: attempts.map(Into::into),
            days: days.map(Into::into),
        };
        assert_eq!(
            form("survivor_request", None, None).validate(&rules),
            Ok(ClosureReason::SurvivorRequest)
        );
        assert_eq!(
            form("unreachable_after_attempts", Some("4"), Some(" 31 ")).validate(&rules),
            Ok(unreachable(4, 31))
        );
        let invalid = form("unreachable_after_attempts", Some("four"), None)
            .validate(&rules)
            .unwrap_err();
        assert!(invalid.problem_for("attempts").is_some());
        assert_eq!(invalid.problem_for("days"), Some("is required"));
        assert!(form("bored", None, None).validate(&rules).is_err());
        let died = form("she_died", None, None).validate(&rules).unwrap_err();
        assert!(died.problem_for("reason").is_some());
        for reason in [
            ClosureReason::NeedsMet,
            ClosureReason::Relocated,
            ClosureReason::Other,
        ] {
            assert_eq!(
                form(reason.as_str(), None, None).validate(&rules),
                Ok(reason)
            );
        }
    }
}
