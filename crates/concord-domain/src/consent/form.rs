//! Recording a consent: one recipient agency, at least one purpose and one
//! category, someone entitled to consent for a survivor of her age, and a
//! period that has an end. A consent given on paper is entered with the day
//! it was given: her age that day decides who could give it, and its period
//! starts then.

use super::giver::{ConsentRules, check_giver};
use super::vocabulary::{ConsentGiver, DataCategory, Purpose};
use crate::form_fields::{
    DayEdge, checkbox, label_set, optional_instant, required_id, required_label,
};
use crate::ids::AgencyId;
use crate::incident::BirthRange;
use crate::validation::Invalid;
use chrono::{DateTime, Days, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::Deserialize;
use std::collections::BTreeSet;

/// A consent as entered. Dates are `YYYY-MM-DD` (local days in the
/// deployment's time zone: "until 31 January" covers all of it) or RFC 3339
/// timestamps.
#[derive(Debug, Clone, Default, Deserialize)]
// A missing field reads as empty, so it is reported by name like any other.
#[serde(default)]
pub struct ConsentForm {
    pub recipient_agency: String,
    pub purposes: Vec<String>,
    pub categories: Vec<String>,
    pub given_by: String,
    /// Checkbox: the child assented.
    pub child_assent: Option<String>,
    /// Checkbox: involving the caregiver would put the child at risk.
    pub caregiver_unsafe: Option<String>,
    /// The local day it was given (`YYYY-MM-DD`), for a paper form entered
    /// later; empty means today. Never in the future, and at most
    /// `max_validity_days` ago (a consent given earlier has ended).
    pub given_on: Option<String>,
    /// Empty means from when it was given.
    pub valid_from: Option<String>,
    pub valid_until: String,
}

/// A checked consent, ready to be stored as a grant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsentInput {
    pub recipient_agency: AgencyId,
    pub purposes: BTreeSet<Purpose>,
    pub categories: BTreeSet<DataCategory>,
    pub given_by: ConsentGiver,
    pub child_assent: bool,
    /// Recorded so a reviewer sees why a trusted adult or a best-interest
    /// decision stood in for the caregiver.
    pub caregiver_unsafe: bool,
    /// The local day she (or whoever consented) gave it.
    pub given_on: NaiveDate,
    pub valid_from: DateTime<Utc>,
    pub valid_until: DateTime<Utc>,
}

impl ConsentForm {
    /// Checks every field at `now` (in the deployment's zone), for a
    /// survivor born within `survivor_birth` (`None`: nothing known of her
    /// age; see [`check_giver`]). Who may consent is decided by her age on
    /// the day it was given. A start before it was given is moved to when
    /// it was given (now, unless given on an earlier day): consent never
    /// reaches back before it existed.
    pub fn validate(
        &self,
        now: DateTime<Tz>,
        rules: &ConsentRules,
        survivor_birth: Option<BirthRange>,
    ) -> Result<ConsentInput, Invalid> {
        let tz = now.timezone();
        let today = now.date_naive();
        let now = now.with_timezone(&Utc);
        let mut invalid = Invalid::default();
        let recipient_agency = required_id(
            &mut invalid,
            "recipient_agency",
            &self.recipient_agency,
            "an agency",
        );
        let purposes = label_set(&mut invalid, "purposes", &self.purposes);
        if purposes.is_empty() && invalid.problem_for("purposes").is_none() {
            invalid.push("purposes", "choose at least one purpose");
        }
        let categories = label_set(&mut invalid, "categories", &self.categories);
        if categories.is_empty() && invalid.problem_for("categories").is_none() {
            invalid.push("categories", "choose at least one kind of information");
        }
        let given_by = required_label(&mut invalid, "given_by", &self.given_by);
        let child_assent = checkbox(&mut invalid, "child_assent", self.child_assent.as_deref());
        let caregiver_unsafe = checkbox(
            &mut invalid,
            "caregiver_unsafe",
            self.caregiver_unsafe.as_deref(),
        );
        let given_on = given_on(
            &mut invalid,
            self.given_on.as_deref().unwrap_or(""),
            today,
            rules.max_validity_days,
        );
        let ages = match survivor_birth {
            Some(birth) => {
                let ages = given_on.and_then(|day| birth.ages_on(day));
                if ages.is_none() && given_on.is_some() {
                    invalid.push("given_on", "is before her date of birth");
                }
                ages
            }
            None => None,
        };
        if let Some(giver) = given_by
            && (survivor_birth.is_none() || ages.is_some())
            && let Err(problem) = check_giver(rules, ages, giver, child_assent, caregiver_unsafe)
        {
            invalid.problems.extend(problem.problems);
        }
        let given_at = match given_on {
            Some(day) if day < today => crate::local_time::start_of_day(tz, day),
            _ => now,
        };
        let valid_from = optional_instant(
            &mut invalid,
            "valid_from",
            self.valid_from.as_deref().unwrap_or(""),
            DayEdge::Start,
            tz,
        )
        .map_or(given_at, |from| from.max(given_at));
        let valid_until = check_period(
            &mut invalid,
            &self.valid_until,
            valid_from.with_timezone(&tz),
            rules.max_validity_days,
        );
        match (recipient_agency, given_by, given_on, valid_until) {
            (Some(recipient_agency), Some(given_by), Some(given_on), Some(valid_until)) => invalid
                .into_result(ConsentInput {
                    recipient_agency,
                    purposes,
                    categories,
                    given_by,
                    child_assent,
                    caregiver_unsafe,
                    given_on,
                    valid_from,
                    valid_until,
                }),
            _ => Err(invalid),
        }
    }
}

/// Reads the day a consent was given (field `given_on`): empty is `today`;
/// never after `today`, and no more than `max_days` before it — a consent
/// given earlier would have ended by now, so there is nothing to record
/// for sharing.
fn given_on(
    invalid: &mut Invalid,
    text: &str,
    today: NaiveDate,
    max_days: u32,
) -> Option<NaiveDate> {
    let text = text.trim();
    if text.is_empty() {
        return Some(today);
    }
    let Ok(day) = NaiveDate::parse_from_str(text, "%Y-%m-%d") else {
        invalid.push("given_on", "must be a date written like 2025-03-31");
        return None;
    };
    let earliest = today.checked_sub_days(Days::new(u64::from(max_days)));
    if day > today {
        invalid.push("given_on", "is in the future");
        None
    } else if earliest.is_some_and(|earliest| day < earliest) {
        invalid.push(
            "given_on",
            format!("must be at most {max_days} days ago: a consent given earlier has ended"),
        );
        None
    } else {
        Some(day)
    }
}

/// Reads a required end of validity (field `valid_until`): after
/// `valid_from`, and no later than the end of the day `max_days` after it,
/// so "a year from today" picked as a date is accepted.
pub(super) fn check_period(
    invalid: &mut Invalid,
    text: &str,
    valid_from: DateTime<Tz>,
    max_days: u32,
) -> Option<DateTime<Utc>> {
    let tz = valid_from.timezone();
    let Some(until) = optional_instant(invalid, "valid_until", text, DayEdge::End, tz) else {
        if invalid.problem_for("valid_until").is_none() {
            invalid.push("valid_until", "is required");
        }
        return None;
    };
    let latest = valid_from
        .date_naive()
        .checked_add_days(Days::new(u64::from(max_days)))
        .map(|day| crate::local_time::end_of_day(tz, day));
    let valid_from = valid_from.with_timezone(&Utc);
    if until <= valid_from {
        invalid.push("valid_until", "must be after the start");
    } else if latest.is_some_and(|latest| until > latest) {
        invalid.push(
            "valid_until",
            format!("must be at most {max_days} days after the start"),
        );
    }
    Some(until)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone};

    fn now() -> DateTime<chrono_tz::Tz> {
        Utc.with_ymd_and_hms(2025, 3, 3, 10, 0, 0)
            .unwrap()
            .with_timezone(&chrono_tz::UTC)
    }

    fn good(agency: AgencyId) -> ConsentForm {
        ConsentForm {
            recipient_agency: agency.to_string(),
            purposes: vec!["referral_for_services".into()],
            categories: vec!["incident".into(), "risk".into(), "incident".into()],
            given_by: "survivor".into(),
            child_assent: None,
            caregiver_unsafe: None,
            given_on: None,
            valid_from: None,
            valid_until: "2025-06-30".into(),
        }
    }

    fn born(y: i32, m: u32, d: u32) -> BirthRange {
        BirthRange::exact(NaiveDate::from_ymd_opt(y, m, d).unwrap())
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn a_good_consent() {
        let agency = AgencyId::new();
        let input = good(agency)
            .validate(now(), &ConsentRules::default(), Some(born(1995, 1, 1)))
            .unwrap();
        assert_eq!(input.recipient_agency, agency);
        assert_eq!(
            input.categories,
            BTreeSet::from([DataCategory::Incident, DataCategory::Risk])
        );
        assert_eq!(input.valid_from, now());
        assert_eq!(
            input.valid_until,
            Utc.with_ymd_and_hms(2025, 7, 1, 0, 0, 0).unwrap()
        );
    }

    #[test]
    fn every_bad_field_is_named() {
        let form = ConsentForm {
            recipient_agency: "the police".into(),
            purposes: vec![],
            categories: vec!["everything".into()],
            given_by: "neighbour".into(),
            child_assent: Some("perhaps".into()),
            caregiver_unsafe: None,
            given_on: Some("yesterday".into()),
            valid_from: Some("soon".into()),
            valid_until: "".into(),
        };
        let invalid = form
            .validate(now(), &ConsentRules::default(), None)
            .unwrap_err();
        for field in [
            "recipient_agency",
            "purposes",
            "categories",
            "given_by",
            "child_assent",
            "given_on",
            "valid_from",
            "valid_until",
        ] {
            assert!(invalid.problem_for(field).is_some(), "{field}: {invalid}");
        }
    }

    #[test]
    fn the_giver_is_checked_against_the_age() {
        let mut form = good(AgencyId::new());
        form.given_by = "caregiver".into();
        let rules = ConsentRules::default();
        let eight = Some(born(2016, 6, 1));
        let invalid = form.validate(now(), &rules, eight).unwrap_err();
        assert_eq!(
            invalid.problem_for("child_assent"),
            Some("the child's assent is required when she is 8")
        );
        form.child_assent = Some("on".into());
        assert!(form.validate(now(), &rules, eight).is_ok());
        assert!(
            form.validate(now(), &rules, Some(born(2005, 6, 1)))
                .unwrap_err()
                .problem_for("given_by")
                .is_some()
        );
    }

    #[test]
    fn the_period_has_limits() {
        let rules = ConsentRules::default();
        let mut form = good(AgencyId::new());
        // A year from today, picked as a date, is fine; a day more is not.
        form.valid_until = "2026-03-03".into();
        assert!(form.validate(now(), &rules, None).is_ok());
        form.valid_until = "2026-03-04".into();
        assert_eq!(
            form.validate(now(), &rules, None)
                .unwrap_err()
                .problem_for("valid_until"),
            Some("must be at most 365 days after the start")
        );
        let short = ConsentRules {
            max_validity_days: 30,
            ..ConsentRules::default()
        };
        form.valid_until = "2025-04-03".into();
        assert!(form.validate(now(), &short, None).is_err());
        form.valid_until = "2025-04-02".into();
        assert!(form.validate(now(), &short, None).is_ok());
        // Ending before it starts.
        form.valid_from = Some("2025-05-01".into());
        form.valid_until = "2025-04-30".into();
        assert_eq!(
            form.validate(now(), &rules, None)
                .unwrap_err()
                .problem_for("valid_until"),
            Some("must be after the start")
        );
        // Ending in the past.
        form.valid_from = None;
        form.valid_until = "2025-03-01".into();
        assert!(form.validate(now(), &rules, None).is_err());
    }

    #[test]
    fn a_start_in_the_past_becomes_now_and_a_future_start_is_kept() {
        let rules = ConsentRules::default();
        let mut form = good(AgencyId::new());
        form.valid_from = Some("2025-01-01".into());
        assert_eq!(
            form.validate(now(), &rules, None).unwrap().valid_from,
            now()
        );
        form.valid_from = Some("2025-03-10T08:00:00Z".into());
        let input = form.validate(now(), &rules, None).unwrap();
        assert_eq!(
            input.valid_from,
            now() + Duration::days(6) + Duration::hours(22)
        );
    }

    /// A paper consent: given today (now), yesterday or up to the longest
    /// validity ago, never tomorrow; its period starts on that day.
    #[test]
    fn a_consent_given_on_paper_keeps_its_day() {
        let rules = ConsentRules::default();
        let mut form = good(AgencyId::new());
        form.given_on = Some("2025-03-03".into());
        let input = form.validate(now(), &rules, None).unwrap();
        assert_eq!(input.given_on, day(2025, 3, 3));
        assert_eq!(input.valid_from, now());
        form.given_on = Some("2025-03-04".into());
        assert_eq!(
            form.validate(now(), &rules, None)
                .unwrap_err()
                .problem_for("given_on"),
            Some("is in the future")
        );
        form.given_on = Some("2025-03-02".into());
        let input = form.validate(now(), &rules, None).unwrap();
        assert_eq!(input.given_on, day(2025, 3, 2));
        assert_eq!(
            input.valid_from,
            Utc.with_ymd_and_hms(2025, 3, 2, 0, 0, 0).unwrap()
        );
        // The bound: 365 days ago is accepted, 366 is not.
        form.given_on = Some("2024-03-03".into());
        form.valid_until = "2025-03-03".into();
        assert!(form.validate(now(), &rules, None).is_ok());
        form.given_on = Some("2024-03-02".into());
        assert_eq!(
            form.validate(now(), &rules, None)
                .unwrap_err()
                .problem_for("given_on"),
            Some("must be at most 365 days ago: a consent given earlier has ended")
        );
        // The longest period counts from the day it was given.
        form.given_on = Some("2025-02-01".into());
        form.valid_until = "2026-02-01".into();
        assert!(form.validate(now(), &rules, None).is_ok());
        form.valid_until = "2026-02-02".into();
        assert_eq!(
            form.validate(now(), &rules, None)
                .unwrap_err()
                .problem_for("valid_until"),
            Some("must be at most 365 days after the start")
        );
    }

    /// "Today" is the deployment's local day: at 01:00 in Nairobi on 4 March
    /// (22:00 UTC on 3 March) the 4th is today, the 5th is not.
    #[test]
    fn the_paper_day_is_the_local_day() {
        let nairobi: Tz = "Africa/Nairobi".parse().unwrap();
        let now = Utc
            .with_ymd_and_hms(2025, 3, 3, 22, 0, 0)
            .unwrap()
            .with_timezone(&nairobi);
        let rules = ConsentRules::default();
        let mut form = good(AgencyId::new());
        form.given_on = Some("2025-03-04".into());
        assert_eq!(
            form.validate(now, &rules, None).unwrap().given_on,
            day(2025, 3, 4)
        );
        form.given_on = Some("2025-03-05".into());
        assert!(form.validate(now, &rules, None).is_err());
        // Yesterday there started at local midnight, 21:00 UTC.
        form.given_on = Some("2025-03-03".into());
        assert_eq!(
            form.validate(now, &rules, None).unwrap().valid_from,
            Utc.with_ymd_and_hms(2025, 3, 2, 21, 0, 0).unwrap()
        );
    }

    /// Who could consent is decided by her age on the day it was given:
    /// given on paper the day before her 15th birthday, she could not
    /// consent alone, though she is 15 now.
    #[test]
    fn her_age_on_the_paper_day_decides() {
        let rules = ConsentRules::default();
        let birth = Some(born(2010, 3, 2));
        let mut form = good(AgencyId::new());
        assert!(form.validate(now(), &rules, birth).is_ok());
        form.given_on = Some("2025-03-02".into());
        assert!(form.validate(now(), &rules, birth).is_ok());
        form.given_on = Some("2025-03-01".into());
        assert!(
            form.validate(now(), &rules, birth)
                .unwrap_err()
                .problem_for("given_by")
                .is_some()
        );
        form.given_on = Some("2009-01-01".into());
        let rules = ConsentRules {
            max_validity_days: 10_000,
            ..ConsentRules::default()
        };
        assert_eq!(
            form.validate(now(), &rules, birth)
                .unwrap_err()
                .problem_for("given_on"),
            Some("is before her date of birth")
        );
    }
}
