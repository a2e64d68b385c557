//! Who may consent for a survivor of a given age. Children's consent goes
//! by age bands that differ between jurisdictions, so the bands are data an
//! installation configures; the default follows the interagency guidance
//! (DOMAIN.md §5).

use super::vocabulary::ConsentGiver;
use crate::validation::Invalid;
use serde::{Deserialize, Serialize};

/// Consent rules an installation configures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentRules {
    /// Age bands from 0 upwards, contiguous, the last without an upper age.
    pub bands: Vec<AgeBand>,
    /// The longest a consent or a lawful share may last, in days.
    pub max_validity_days: u32,
}

/// Who may consent for survivors within an age range.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgeBand {
    pub from_age: u32,
    /// Inclusive; `None` for no upper age.
    pub to_age: Option<u32>,
    /// Who may consent when the caregiver is safe to involve.
    pub givers: Vec<ConsentGiver>,
    /// Who may consent instead when involving the caregiver would put the
    /// child at risk. The caregiver is then never accepted.
    pub givers_if_caregiver_unsafe: Vec<ConsentGiver>,
    /// Whether the child's own assent is needed when someone else consents
    /// (below this, an age-appropriate explanation is enough).
    pub assent_required: bool,
}

impl AgeBand {
    fn contains(&self, age: u32) -> bool {
        age >= self.from_age && self.to_age.is_none_or(|to| age <= to)
    }

    /// Who may consent in this band, given whether the caregiver is safe.
    fn allowed(&self, caregiver_unsafe: bool) -> Vec<ConsentGiver> {
        if !caregiver_unsafe {
            return self.givers.clone();
        }
        let mut allowed = Vec::new();
        for giver in self.givers.iter().chain(&self.givers_if_caregiver_unsafe) {
            if *giver != ConsentGiver::Caregiver && !allowed.contains(giver) {
                allowed.push(*giver);
            }
        }
        allowed
    }
}

fn band(
    from_age: u32,
    to_age: Option<u32>,
    givers: &[ConsentGiver],
    if_unsafe: &[ConsentGiver],
    assent_required: bool,
) -> AgeBand {
    AgeBand {
        from_age,
        to_age,
        givers: givers.to_vec(),
        givers_if_caregiver_unsafe: if_unsafe.to_vec(),
        assent_required,
    }
}

impl Default for ConsentRules {
    /// 0–5: an explanation, the caregiver consents. 6–11: the child's assent
    /// and the caregiver's consent. 12–14: assent and the caregiver, or a
    /// trusted adult or a best-interest decision where the caregiver is
    /// unsafe. 15–17: may consent alone (or assent to a caregiver's consent
    /// where she is not mature enough to decide). 18+: only the survivor.
    /// A consent or lawful share lasts at most 365 days.
    fn default() -> Self {
        use ConsentGiver::*;
        Self {
            bands: vec![
                band(0, Some(5), &[Caregiver], &[], false),
                band(6, Some(11), &[Caregiver], &[], true),
                band(
                    12,
                    Some(14),
                    &[Caregiver],
                    &[TrustedAdult, BestInterestDecision],
                    true,
                ),
                band(15, Some(17), &[Survivor, Caregiver], &[], true),
                band(18, None, &[Survivor], &[], false),
            ],
            max_validity_days: 365,
        }
    }
}

impl ConsentRules {
    /// Checks a configuration: bands start at 0, follow each other without
    /// gap or overlap, end open, and each names someone who may consent.
    pub fn check(&self) -> Result<(), Invalid> {
        let mut invalid = Invalid::default();
        let mut next_from = Some(0);
        for b in &self.bands {
            if Some(b.from_age) != next_from || b.to_age.is_some_and(|to| to < b.from_age) {
                invalid.push(
                    "bands",
                    "age bands must start at 0 and follow each other without gaps",
                );
                break;
            }
            if b.givers.is_empty() {
                invalid.push("bands", "every age band must name who may consent");
                break;
            }
            next_from = b.to_age.map(|to| to + 1);
        }
        if next_from.is_some() {
            invalid.push("bands", "the last age band must have no upper age");
        }
        if self.max_validity_days == 0 {
            invalid.push("max_validity_days", "must be at least 1");
        }
        invalid.into_result(())
    }

    fn band_for(&self, age: u32) -> Option<&AgeBand> {
        self.bands.iter().find(|b| b.contains(age))
    }
}

/// May `giver` consent for a survivor aged `age`? `age` is `None` when it is
/// not known, and the survivor is then treated as an adult who consents for
/// herself; when only an age group is known, pass its youngest age so the
/// strictest rule applies. Problems are named `given_by` or `child_assent`.
pub fn check_giver(
    rules: &ConsentRules,
    age: Option<u32>,
    giver: ConsentGiver,
    child_assent: bool,
    caregiver_unsafe: bool,
) -> Result<(), Invalid> {
    let Some(band) = rules.band_for(age.unwrap_or(u32::MAX)) else {
        return Err(Invalid::one(
            "given_by",
            "no consent rule covers the survivor's age",
        ));
    };
    if !band.allowed(caregiver_unsafe).contains(&giver) {
        return Err(Invalid::one(
            "given_by",
            refusal(band, giver, caregiver_unsafe),
        ));
    }
    if band.assent_required && giver != ConsentGiver::Survivor && !child_assent {
        return Err(Invalid::one(
            "child_assent",
            "the child's assent is required",
        ));
    }
    Ok(())
}

fn refusal(band: &AgeBand, giver: ConsentGiver, caregiver_unsafe: bool) -> &'static str {
    if caregiver_unsafe && giver == ConsentGiver::Caregiver {
        "the caregiver is not safe to involve, so cannot consent"
    } else if band.givers == [ConsentGiver::Survivor] {
        "only the survivor herself can consent at this age"
    } else if caregiver_unsafe && band.allowed(true).is_empty() {
        "at this age only a safe caregiver can consent; consider sharing on a lawful basis"
    } else {
        "cannot consent for a survivor of this age"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ConsentGiver::*;

    fn check(age: u32, giver: ConsentGiver, assent: bool, unsafe_: bool) -> Result<(), Invalid> {
        check_giver(&ConsentRules::default(), Some(age), giver, assent, unsafe_)
    }

    fn field(result: Result<(), Invalid>) -> Option<String> {
        result.err().map(|e| e.problems[0].field.clone())
    }

    #[test]
    fn the_default_rules_are_well_formed() {
        assert_eq!(ConsentRules::default().check(), Ok(()));
    }

    #[test]
    fn band_edge_5_6_assent_starts() {
        assert_eq!(check(5, Caregiver, false, false), Ok(()));
        assert_eq!(
            field(check(6, Caregiver, false, false)).as_deref(),
            Some("child_assent")
        );
        assert_eq!(check(6, Caregiver, true, false), Ok(()));
        assert_eq!(
            field(check(5, Survivor, true, false)).as_deref(),
            Some("given_by")
        );
    }

    #[test]
    fn band_edge_11_12_alternatives_to_an_unsafe_caregiver() {
        assert_eq!(
            field(check(11, TrustedAdult, true, true)).as_deref(),
            Some("given_by")
        );
        assert_eq!(check(12, TrustedAdult, true, true), Ok(()));
        assert_eq!(check(12, BestInterestDecision, true, true), Ok(()));
        assert_eq!(
            field(check(12, BestInterestDecision, false, true)).as_deref(),
            Some("child_assent")
        );
        // Not while the caregiver is safe to involve.
        assert_eq!(
            field(check(12, TrustedAdult, true, false)).as_deref(),
            Some("given_by")
        );
        assert_eq!(
            check(12, Caregiver, true, true)
                .unwrap_err()
                .problem_for("given_by"),
            Some("the caregiver is not safe to involve, so cannot consent")
        );
    }

    #[test]
    fn band_edge_14_15_consenting_alone() {
        assert_eq!(
            field(check(14, Survivor, false, false)).as_deref(),
            Some("given_by")
        );
        assert_eq!(check(15, Survivor, false, false), Ok(()));
        assert_eq!(check(15, Survivor, false, true), Ok(()));
        assert_eq!(check(14, TrustedAdult, true, true), Ok(()));
        assert_eq!(
            field(check(15, TrustedAdult, true, true)).as_deref(),
            Some("given_by")
        );
        assert_eq!(
            field(check(15, Caregiver, false, false)).as_deref(),
            Some("child_assent")
        );
    }

    #[test]
    fn band_edge_17_18_adults_consent_for_themselves() {
        assert_eq!(check(17, Caregiver, true, false), Ok(()));
        assert_eq!(
            check(18, Caregiver, true, false)
                .unwrap_err()
                .problem_for("given_by"),
            Some("only the survivor herself can consent at this age")
        );
        assert_eq!(check(18, Survivor, false, false), Ok(()));
        assert_eq!(check(90, Survivor, false, true), Ok(()));
    }

    #[test]
    fn unknown_age_is_treated_as_adult() {
        let rules = ConsentRules::default();
        assert_eq!(check_giver(&rules, None, Survivor, false, false), Ok(()));
        assert!(check_giver(&rules, None, Caregiver, true, false).is_err());
    }

    #[test]
    fn a_young_child_with_an_unsafe_caregiver_points_to_a_lawful_basis() {
        let err = check(4, Caregiver, false, true).unwrap_err();
        assert!(err.problem_for("given_by").is_some());
        let err = check(4, BestInterestDecision, false, true).unwrap_err();
        assert_eq!(
            err.problem_for("given_by"),
            Some(
                "at this age only a safe caregiver can consent; consider sharing on a lawful basis"
            )
        );
    }

    #[test]
    fn badly_formed_rules_are_named() {
        let mut rules = ConsentRules::default();
        rules.bands.remove(1);
        assert!(rules.check().unwrap_err().problem_for("bands").is_some());
        let mut rules = ConsentRules::default();
        rules.bands.pop();
        assert!(rules.check().unwrap_err().problem_for("bands").is_some());
        let mut rules = ConsentRules::default();
        rules.bands[0].givers.clear();
        assert!(rules.check().is_err());
        let rules = ConsentRules {
            bands: vec![],
            max_validity_days: 0,
        };
        let err = rules.check().unwrap_err();
        assert!(
            err.problem_for("bands").is_some() && err.problem_for("max_validity_days").is_some()
        );
        // A jurisdiction where 16 is the age of consent.
        let rules = ConsentRules {
            bands: vec![
                band(0, Some(15), &[Caregiver], &[BestInterestDecision], true),
                band(16, None, &[Survivor], &[], false),
            ],
            max_validity_days: 180,
        };
        assert_eq!(rules.check(), Ok(()));
        assert!(check_giver(&rules, Some(15), Survivor, false, false).is_err());
        assert_eq!(
            check_giver(&rules, Some(16), Survivor, false, false),
            Ok(())
        );
    }
}
