//! Who may consent for a survivor of a given age. Children's consent goes
//! by age bands that differ between jurisdictions, so the bands are data an
//! installation configures; the default follows the interagency guidance
//! (DOMAIN.md §5).

use super::vocabulary::ConsentGiver;
use crate::incident::AgeRange;
use crate::validation::{Invalid, Message, MessageArg};
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
}

/// Who may consent for a survivor whose age is one of `ages`, as one rule:
/// when every possible age is in one band, that band's; otherwise the
/// strictest reading of the bands the age may fall in — only someone every
/// such band accepts may consent, and the child's assent is needed if any
/// of them needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WhoMayConsent {
    /// In the order of the bands' lists; empty when no one may.
    pub givers: Vec<ConsentGiver>,
    /// Whether the child's assent is needed when someone other than the
    /// survivor consents.
    pub assent_required: bool,
}

impl ConsentRules {
    /// The rule for a survivor whose age is within `ages`, given whether
    /// the caregiver is safe to involve; `None` when no band covers any of
    /// the ages.
    pub fn who_may_consent(&self, ages: AgeRange, caregiver_unsafe: bool) -> Option<WhoMayConsent> {
        let bands: Vec<&AgeBand> = self
            .bands
            .iter()
            .filter(|b| {
                ages.max.is_none_or(|max| b.from_age <= max)
                    && b.to_age.is_none_or(|to| to >= ages.min)
            })
            .collect();
        let first = bands.first()?;
        let givers = first
            .allowed(caregiver_unsafe)
            .into_iter()
            .filter(|g| {
                bands
                    .iter()
                    .all(|b| b.allowed(caregiver_unsafe).contains(g))
            })
            .collect();
        Some(WhoMayConsent {
            givers,
            assent_required: bands.iter().any(|b| b.assent_required),
        })
    }
}

/// May `giver` consent for a survivor whose age is within `ages`? `ages`
/// is `None` when nothing is known of her age, and she is then treated as
/// an adult who consents for herself. An exact age (from her date of birth
/// or an age stated today) is a range of one; an age stated earlier, or
/// only an age group, is a wider range, read by [`ConsentRules::who_may_consent`].
/// Problems are named `given_by` or `child_assent`; a refusal says who may
/// consent instead.
pub fn check_giver(
    rules: &ConsentRules,
    ages: Option<AgeRange>,
    giver: ConsentGiver,
    child_assent: bool,
    caregiver_unsafe: bool,
) -> Result<(), Invalid> {
    let ages = ages.unwrap_or(AgeRange {
        min: u32::MAX,
        max: None,
    });
    let Some(rule) = rules.who_may_consent(ages, caregiver_unsafe) else {
        return Err(Invalid::one_with_message(
            "given_by",
            "no consent rule covers the survivor's age",
            Message::new("consent-refused-no-rule"),
        ));
    };
    if !rule.givers.contains(&giver) {
        // No one at all, even with a safe caregiver: her age is too uncertain.
        let age_unsure = rules
            .who_may_consent(ages, false)
            .is_some_and(|safe| safe.givers.is_empty());
        let (problem, message) = refusal(&rule, &ages, giver, caregiver_unsafe && !age_unsure);
        return Err(Invalid::one_with_message("given_by", problem, message));
    }
    if rule.assent_required && giver != ConsentGiver::Survivor && !child_assent {
        return Err(Invalid::one_with_message(
            "child_assent",
            format!(
                "the child's assent is required when she is {}",
                ages_words(&ages)
            ),
            Message::new("consent-refused-assent").arg("ages", ages_message(&ages)),
        ));
    }
    Ok(())
}

/// Her possible ages in words: "16", "16 or 17", "12 to 17", "18 or over".
fn ages_words(ages: &AgeRange) -> String {
    match ages.max {
        Some(max) if max == ages.min => format!("{max}"),
        Some(max) if max == ages.min + 1 => format!("{} or {max}", ages.min),
        Some(max) => format!("{} to {max}", ages.min),
        None if ages.min == u32::MAX => "of unknown age".to_string(),
        None => format!("{} or over", ages.min),
    }
}

fn ages_message(ages: &AgeRange) -> MessageArg {
    let min = MessageArg::Text(ages.min.to_string());
    let message = match ages.max {
        Some(max) if max == ages.min => Message::new("consent-ages-one").arg("min", min),
        Some(max) => Message::new(if max == ages.min + 1 {
            "consent-ages-two"
        } else {
            "consent-ages-range"
        })
        .arg("min", min)
        .arg("max", MessageArg::Text(max.to_string())),
        None if ages.min == u32::MAX => Message::new("consent-ages-unknown"),
        None => Message::new("consent-ages-over").arg("min", min),
    };
    MessageArg::Message(message)
}

/// Who may consent, in words and as messages: "she herself or a parent
/// or caregiver with her assent".
fn who(rule: &WhoMayConsent) -> (String, MessageArg) {
    let mut words = Vec::new();
    let mut messages = Vec::new();
    for giver in &rule.givers {
        let assent = rule.assent_required && *giver != ConsentGiver::Survivor;
        let (text, key) = match giver {
            ConsentGiver::Survivor => ("she herself", "consent-who-survivor"),
            ConsentGiver::Caregiver => ("a parent or caregiver", "consent-who-caregiver"),
            ConsentGiver::TrustedAdult => ("a trusted adult", "consent-who-trusted-adult"),
            ConsentGiver::BestInterestDecision => (
                "a documented best-interest decision",
                "consent-who-best-interest-decision",
            ),
        };
        if assent {
            words.push(format!("{text} with her assent"));
            messages.push(Message::new(format!("{key}-with-assent")));
        } else {
            words.push(text.to_string());
            messages.push(Message::new(key));
        }
    }
    (words.join(" or "), MessageArg::AnyOf(messages))
}

fn refusal(
    rule: &WhoMayConsent,
    ages: &AgeRange,
    giver: ConsentGiver,
    caregiver_unsafe: bool,
) -> (String, Message) {
    let age_words = ages_words(ages);
    let age_message = ages_message(ages);
    if rule.givers.is_empty() && caregiver_unsafe {
        // Only the caregiver would be accepted at these ages.
        return (
            format!(
                "at {age_words} only a caregiver may consent for her, and the caregiver is not \
                 safe to involve: share on a lawful basis if needed"
            ),
            Message::new("consent-refused-no-one-unsafe").arg("ages", age_message),
        );
    }
    if rule.givers.is_empty() {
        return (
            format!(
                "she may be {age_words}, and no one may consent for every one of those ages: \
                 record her date of birth or her age as she gives it now"
            ),
            Message::new("consent-refused-age-unsure").arg("ages", age_message),
        );
    }
    let (who_words, who_message) = who(rule);
    if caregiver_unsafe && giver == ConsentGiver::Caregiver {
        return (
            format!("the caregiver is not safe to involve; {who_words} may consent instead"),
            Message::new("consent-refused-caregiver-unsafe").arg("who", who_message),
        );
    }
    (
        format!(
            "{} cannot consent for her when she is {age_words}; {who_words} may consent",
            giver_words(giver)
        ),
        Message::new("consent-refused-giver")
            .arg(
                "giver",
                MessageArg::Message(Message::new(format!(
                    "giver-{}",
                    giver.as_str().replace('_', "-")
                ))),
            )
            .arg("ages", age_message)
            .arg("who", who_message),
    )
}

fn giver_words(giver: ConsentGiver) -> &'static str {
    match giver {
        ConsentGiver::Survivor => "the survivor",
        ConsentGiver::Caregiver => "a caregiver",
        ConsentGiver::TrustedAdult => "a trusted adult",
        ConsentGiver::BestInterestDecision => "a best-interest decision",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::incident::{AgeGroup, BirthRange};
    use ConsentGiver::*;

    fn check(age: u32, giver: ConsentGiver, assent: bool, unsafe_: bool) -> Result<(), Invalid> {
        check_giver(
            &ConsentRules::default(),
            Some(AgeRange::exact(age)),
            giver,
            assent,
            unsafe_,
        )
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
            Some(
                "the caregiver is not safe to involve; a trusted adult with her assent or a \
                 documented best-interest decision with her assent may consent instead"
            )
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
            Some("a caregiver cannot consent for her when she is 18; she herself may consent")
        );
        assert_eq!(check(18, Survivor, false, false), Ok(()));
        assert_eq!(check(90, Survivor, false, true), Ok(()));
    }

    fn d(y: i32, m: u32, day: u32) -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// The check on `on` for what is known of her birth.
    fn check_on(
        birth: BirthRange,
        on: chrono::NaiveDate,
        giver: ConsentGiver,
        assent: bool,
        unsafe_: bool,
    ) -> Result<(), Invalid> {
        check_giver(
            &ConsentRules::default(),
            birth.ages_on(on),
            giver,
            assent,
            unsafe_,
        )
    }

    /// With a date of birth, the band changes on the birthday itself: the
    /// day before, on, and after each birthday that moves her to a new band.
    #[test]
    fn every_band_edge_by_date_of_birth() {
        let dob = d(2010, 6, 15);
        let birth = BirthRange::exact(dob);
        // 5 → 6: assent starts.
        assert_eq!(
            check_on(birth, d(2016, 6, 14), Caregiver, false, false),
            Ok(())
        );
        for on in [d(2016, 6, 15), d(2016, 6, 16)] {
            assert_eq!(
                field(check_on(birth, on, Caregiver, false, false)).as_deref(),
                Some("child_assent")
            );
        }
        // 11 → 12: a trusted adult where the caregiver is unsafe.
        assert!(check_on(birth, d(2022, 6, 14), TrustedAdult, true, true).is_err());
        for on in [d(2022, 6, 15), d(2022, 6, 16)] {
            assert_eq!(check_on(birth, on, TrustedAdult, true, true), Ok(()));
        }
        // 14 → 15: she may consent alone.
        assert!(check_on(birth, d(2025, 6, 14), Survivor, false, false).is_err());
        for on in [d(2025, 6, 15), d(2025, 6, 16)] {
            assert_eq!(check_on(birth, on, Survivor, false, false), Ok(()));
        }
        // 17 → 18: only she may.
        assert_eq!(
            check_on(birth, d(2028, 6, 14), Caregiver, true, false),
            Ok(())
        );
        for on in [d(2028, 6, 15), d(2028, 6, 16)] {
            assert!(check_on(birth, on, Caregiver, true, false).is_err());
            assert_eq!(check_on(birth, on, Survivor, false, false), Ok(()));
        }
    }

    /// The outside run's case: 16 given as her age today, no date of birth.
    #[test]
    fn sixteen_stated_today_consents_for_herself() {
        let today = d(2026, 12, 7);
        let birth = BirthRange::from_stated_age(16, today).unwrap();
        assert_eq!(check_on(birth, today, Survivor, false, false), Ok(()));
        assert_eq!(check_on(birth, today, Survivor, false, true), Ok(()));
        // A caregiver may too, with her assent (15–17).
        assert_eq!(
            field(check_on(birth, today, Caregiver, false, false)).as_deref(),
            Some("child_assent")
        );
        assert_eq!(check_on(birth, today, Caregiver, true, false), Ok(()));
        // The day before the anniversary she is 16 or 17: as today.
        assert_eq!(
            check_on(birth, d(2027, 12, 6), Caregiver, true, false),
            Ok(())
        );
        // The day after it she is 17 or 18: only she may.
        let later = d(2027, 12, 8);
        assert_eq!(check_on(birth, later, Survivor, false, false), Ok(()));
        assert_eq!(
            check_on(birth, later, Caregiver, true, false)
                .unwrap_err()
                .problem_for("given_by"),
            Some(
                "a caregiver cannot consent for her when she is 17 or 18; she herself may consent"
            )
        );
    }

    /// An age stated some time ago is a range today: the day before, on and
    /// after the first day she may have reached the next band.
    #[test]
    fn a_stated_age_with_time_elapsed() {
        let stated_on = d(2026, 3, 10);
        // 14 stated: on the day, 14 (caregiver); the day after, 14 or 15 —
        // she cannot yet consent alone, and a caregiver needs her assent.
        let fourteen = BirthRange::from_stated_age(14, stated_on).unwrap();
        assert!(check_on(fourteen, stated_on, Survivor, false, false).is_err());
        assert_eq!(
            check_on(fourteen, stated_on, TrustedAdult, true, true),
            Ok(())
        );
        let next_day = d(2026, 3, 11);
        let refusal = check_on(fourteen, next_day, Survivor, false, false).unwrap_err();
        assert_eq!(
            refusal.problem_for("given_by"),
            Some(
                "the survivor cannot consent for her when she is 14 or 15; a parent or caregiver \
                 with her assent may consent"
            )
        );
        assert_eq!(check_on(fourteen, next_day, Caregiver, true, false), Ok(()));
        // A trusted adult is accepted at 14 but not at 15: not while she may be 15.
        assert!(check_on(fourteen, next_day, TrustedAdult, true, true).is_err());
        // A year on she is certainly 15.
        assert!(check_on(fourteen, d(2027, 3, 9), Survivor, false, false).is_err());
        assert_eq!(
            check_on(fourteen, d(2027, 3, 10), Survivor, false, false),
            Ok(())
        );
        // 17 stated: the day after, 17 or 18 — a caregiver no longer.
        let seventeen = BirthRange::from_stated_age(17, stated_on).unwrap();
        assert_eq!(
            check_on(seventeen, stated_on, Caregiver, true, false),
            Ok(())
        );
        assert!(check_on(seventeen, next_day, Caregiver, true, false).is_err());
        assert_eq!(
            check_on(seventeen, next_day, Survivor, false, false),
            Ok(())
        );
        // 5 stated: the day after, 5 or 6 — her assent is needed.
        let five = BirthRange::from_stated_age(5, stated_on).unwrap();
        assert_eq!(check_on(five, stated_on, Caregiver, false, false), Ok(()));
        assert_eq!(
            field(check_on(five, next_day, Caregiver, false, false)).as_deref(),
            Some("child_assent")
        );
        // 11 stated, caregiver unsafe: the day after, 11 or 12 — no one else
        // may consent for an 11-year-old, so no one may.
        let eleven = BirthRange::from_stated_age(11, stated_on).unwrap();
        let err = check_on(eleven, next_day, TrustedAdult, true, true).unwrap_err();
        assert!(
            err.problem_for("given_by")
                .unwrap()
                .contains("lawful basis")
        );
    }

    /// Only a group known: every age of the group (and older, as time
    /// passes), read as strictly as the bands allow.
    #[test]
    fn only_a_group_known() {
        let on = d(2026, 3, 10);
        let teen = BirthRange::from_group(AgeGroup::Age12To17, on).unwrap();
        // 12–17: neither she alone nor, with an unsafe caregiver, a trusted
        // adult (she may be 15–17) — a safe caregiver with her assent.
        assert!(check_on(teen, on, Survivor, false, false).is_err());
        assert_eq!(check_on(teen, on, Caregiver, true, false), Ok(()));
        assert_eq!(
            field(check_on(teen, on, Caregiver, false, false)).as_deref(),
            Some("child_assent")
        );
        assert!(check_on(teen, on, TrustedAdult, true, true).is_err());
        // A day later she may be 18: no one may consent for every age.
        let err = check_on(teen, d(2026, 3, 11), Caregiver, true, false).unwrap_err();
        assert!(
            err.problem_for("given_by")
                .unwrap()
                .contains("record her date of birth")
        );
        let adult = BirthRange::from_group(AgeGroup::Age18Plus, on).unwrap();
        assert_eq!(check_on(adult, on, Survivor, false, false), Ok(()));
        assert!(check_on(adult, on, Caregiver, true, false).is_err());
        let child = BirthRange::from_group(AgeGroup::Age0To11, on).unwrap();
        assert_eq!(
            field(check_on(child, on, Caregiver, false, false)).as_deref(),
            Some("child_assent")
        );
        assert_eq!(check_on(child, on, Caregiver, true, false), Ok(()));
    }

    #[test]
    fn the_refusal_is_also_a_message() {
        let err = check(16, TrustedAdult, true, false).unwrap_err();
        let message = err.problems[0].message.clone().unwrap();
        assert_eq!(message.key, "consent-refused-giver");
        assert_eq!(
            err.problem_for("given_by"),
            Some(
                "a trusted adult cannot consent for her when she is 16; she herself or a parent \
                 or caregiver with her assent may consent"
            )
        );
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
                "at 4 only a caregiver may consent for her, and the caregiver is not safe to \
                 involve: share on a lawful basis if needed"
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
        assert!(check_giver(&rules, Some(AgeRange::exact(15)), Survivor, false, false).is_err());
        assert_eq!(
            check_giver(&rules, Some(AgeRange::exact(16)), Survivor, false, false),
            Ok(())
        );
    }
}
