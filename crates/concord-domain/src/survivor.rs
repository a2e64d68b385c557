//! Survivors: who the case is about. Identifying and contact details are
//! optional (a survivor may stay anonymous) and are encrypted by the layers
//! below; the plain fields here are the ones statistics need.

use crate::form_fields::{checkbox, required_label};
use crate::incident::{AgeGroup, BirthRange, age_on};
use crate::label::label_enum;
use crate::validation::{Invalid, optional_text};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

label_enum! {
    /// Sex or gender as the survivor describes it.
    pub enum SexGender ("sex or gender") {
        Female => "female",
        Male => "male",
        NonBinary => "non_binary",
        NotDisclosed => "not_disclosed",
    }
}

label_enum! {
    pub enum Displacement ("displacement status") {
        Resident => "resident",
        InternallyDisplaced => "internally_displaced",
        Refugee => "refugee",
        AsylumSeeker => "asylum_seeker",
        Returnee => "returnee",
        Stateless => "stateless",
        Unknown => "unknown",
    }
}

label_enum! {
    /// How the survivor can be reached safely.
    pub enum ContactMethod ("contact method") {
        Phone => "phone",
        TextMessage => "text_message",
        InPerson => "in_person",
        ThroughTrustedPerson => "through_trusted_person",
        NoContact => "no_contact",
    }
}

/// How to reach the survivor without putting her at risk. Stored
/// encrypted as one value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SafeContact {
    pub method: ContactMethod,
    /// Number, address or trusted person, as needed for the method.
    pub details: Option<String>,
    pub safe_times: Option<String>,
    /// A word that tells her the caller is genuine.
    pub code_word: Option<String>,
    pub may_leave_message: bool,
}

/// An age in years as she gave it, with the local day she gave it: all
/// that is known of her age when she gives no date of birth. Stored
/// encrypted, like a date of birth. Read on a later day it is a range (an
/// age of 16 stated a year ago is 17 or 18 now, see [`BirthRange`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatedAge {
    pub years: u32,
    pub on: NaiveDate,
}

impl StatedAge {
    pub fn birth(&self) -> Option<BirthRange> {
        BirthRange::from_stated_age(self.years, self.on)
    }
}

/// What is known of her age, best first: her date of birth, an age she
/// stated (and when), or only the age group recorded on `group_known_on`
/// (records from before stated ages were kept).
pub fn birth_range(
    date_of_birth: Option<NaiveDate>,
    stated_age: Option<StatedAge>,
    group: Option<AgeGroup>,
    group_known_on: NaiveDate,
) -> Option<BirthRange> {
    if let Some(dob) = date_of_birth {
        return Some(BirthRange::exact(dob));
    }
    if let Some(stated) = stated_age {
        return stated.birth();
    }
    group.and_then(|g| BirthRange::from_group(g, group_known_on))
}

/// A survivor as entered, every field as text.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct SurvivorForm {
    pub name: String,
    pub other_identifiers: String,
    /// `YYYY-MM-DD`, or empty with `age_years` instead.
    pub date_of_birth: String,
    pub age_years: String,
    pub sex_gender: String,
    pub disability: Option<String>,
    pub displacement: String,
    /// Comma-separated.
    pub languages: String,
    pub contact_method: String,
    pub contact_details: String,
    pub safe_times: String,
    pub code_word: String,
    pub may_leave_message: Option<String>,
    /// At registration only (her case is opened): the day she first
    /// contacted the agency, when a first contact made on paper is entered
    /// later (`YYYY-MM-DD`); empty: today. See [`SurvivorForm::first_contact_day`].
    pub first_contact_on: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SurvivorInput {
    pub name: Option<String>,
    pub other_identifiers: Option<String>,
    pub date_of_birth: Option<NaiveDate>,
    /// Age in years at registration: from the date of birth, or as given.
    pub age_years: Option<u32>,
    /// The age as given today, when no date of birth is.
    pub stated_age: Option<StatedAge>,
    pub age_group: Option<AgeGroup>,
    pub sex_gender: SexGender,
    pub disability: bool,
    pub displacement: Displacement,
    pub languages: Vec<String>,
    pub contact: SafeContact,
}

impl SurvivorForm {
    /// Checks every field on `today` (the local date where it is recorded).
    pub fn validate(&self, today: NaiveDate) -> Result<SurvivorInput, Invalid> {
        let mut invalid = Invalid::default();
        let name = optional_text(&mut invalid, "name", Some(&self.name), 200);
        let other_identifiers = optional_text(
            &mut invalid,
            "other_identifiers",
            Some(&self.other_identifiers),
            500,
        );
        let date_of_birth = self.date_of_birth(&mut invalid, today);
        let stated = self.age_years(&mut invalid);
        let age_years = match date_of_birth {
            Some(dob) => {
                let age = age_on(dob, today);
                if stated.is_some() && stated != age {
                    invalid.push("age_years", "does not match the date of birth");
                }
                age
            }
            None => stated,
        };
        let stated_age = match date_of_birth {
            Some(_) => None,
            None => stated.map(|years| StatedAge { years, on: today }),
        };
        let sex_gender = required_label::<SexGender>(&mut invalid, "sex_gender", &self.sex_gender);
        let displacement =
            required_label::<Displacement>(&mut invalid, "displacement", &self.displacement);
        let method =
            required_label::<ContactMethod>(&mut invalid, "contact_method", &self.contact_method);
        let contact_details = optional_text(
            &mut invalid,
            "contact_details",
            Some(&self.contact_details),
            300,
        );
        if method.is_some_and(|m| !matches!(m, ContactMethod::NoContact))
            && contact_details.is_none()
            && method != Some(ContactMethod::InPerson)
        {
            invalid.push("contact_details", "is required for this contact method");
        }
        let safe_times = optional_text(&mut invalid, "safe_times", Some(&self.safe_times), 200);
        let code_word = optional_text(&mut invalid, "code_word", Some(&self.code_word), 100);
        let languages = self.languages(&mut invalid);
        let disability = checkbox(&mut invalid, "disability", self.disability.as_deref());
        let may_leave_message = checkbox(
            &mut invalid,
            "may_leave_message",
            self.may_leave_message.as_deref(),
        );
        let (Some(sex_gender), Some(displacement), Some(method)) =
            (sex_gender, displacement, method)
        else {
            return Err(invalid);
        };
        invalid.into_result(SurvivorInput {
            name,
            other_identifiers,
            date_of_birth,
            age_group: age_years.map(AgeGroup::from_age),
            age_years,
            stated_age,
            sex_gender,
            disability,
            displacement,
            languages,
            contact: SafeContact {
                method,
                details: contact_details,
                safe_times,
                code_word,
                may_leave_message,
            },
        })
    }

    /// The day she first contacted the agency (field `first_contact_on`):
    /// the rule of every paper record ([`crate::paper_date`]) — today when
    /// empty, never in the future, at most a year back. Asked only when her
    /// case is opened; correcting her record later leaves it as it was.
    pub fn first_contact_day(&self, today: NaiveDate) -> Result<NaiveDate, Invalid> {
        crate::paper_date::day_it_happened("first_contact_on", &self.first_contact_on, today)
    }

    fn date_of_birth(&self, invalid: &mut Invalid, today: NaiveDate) -> Option<NaiveDate> {
        let text = self.date_of_birth.trim();
        if text.is_empty() {
            return None;
        }
        match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            Ok(dob) if dob > today => {
                invalid.push("date_of_birth", "is in the future");
                None
            }
            Ok(dob) if age_on(dob, today).is_some_and(|age| age > 120) => {
                invalid.push("date_of_birth", "is more than 120 years ago");
                None
            }
            Ok(dob) => Some(dob),
            Err(_) => {
                invalid.push("date_of_birth", "must be a date like 1990-01-31");
                None
            }
        }
    }

    fn age_years(&self, invalid: &mut Invalid) -> Option<u32> {
        let text = self.age_years.trim();
        if text.is_empty() {
            return None;
        }
        match text.parse::<u32>() {
            Ok(age) if age <= 120 => Some(age),
            _ => {
                invalid.push("age_years", "must be a whole number of years from 0 to 120");
                None
            }
        }
    }

    fn languages(&self, invalid: &mut Invalid) -> Vec<String> {
        let languages: Vec<String> = self
            .languages
            .split(',')
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect();
        if languages.len() > 10 || languages.iter().any(|l| l.chars().count() > 40) {
            invalid.push(
                "languages",
                "list at most 10 languages of up to 40 characters",
            );
        }
        languages
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, 2).unwrap()
    }

    fn form() -> SurvivorForm {
        SurvivorForm {
            sex_gender: "female".into(),
            displacement: "resident".into(),
            contact_method: "phone".into(),
            contact_details: "+000 555 0100".into(),
            ..Default::default()
        }
    }

    #[test]
    fn first_contact_is_today_or_a_paper_day_up_to_a_year_back() {
        let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let mut f = form();
        assert_eq!(f.first_contact_day(today()), Ok(today()), "empty: today");
        f.first_contact_on = "2026-02-23".into();
        assert_eq!(f.first_contact_day(today()), Ok(day("2026-02-23")));
        f.first_contact_on = "2025-03-02".into();
        assert_eq!(f.first_contact_day(today()), Ok(day("2025-03-02")));
        for (on, problem) in [
            ("2026-03-03", "cannot be in the future"),
            ("2025-03-01", "must be within the last year"),
            ("23/02/2026", "must be a date (YYYY-MM-DD)"),
        ] {
            f.first_contact_on = on.into();
            let refused = f.first_contact_day(today()).unwrap_err();
            assert_eq!(
                refused.problem_for("first_contact_on"),
                Some(problem),
                "{on}"
            );
        }
        // Her details are checked apart: the day does not make them invalid.
        assert!(f.validate(today()).is_ok());
    }

    #[test]
    fn an_anonymous_survivor_is_allowed() {
        let input = form().validate(today()).unwrap();
        assert_eq!(input.name, None);
        assert_eq!(input.age_group, None);
    }

    #[test]
    fn age_comes_from_the_date_of_birth_or_is_given() {
        let mut f = form();
        f.date_of_birth = "2012-03-03".into();
        let input = f.validate(today()).unwrap();
        assert_eq!(input.age_years, Some(13));
        assert_eq!(input.age_group, Some(AgeGroup::Age12To17));
        let mut f = form();
        f.age_years = "34".into();
        assert_eq!(
            f.validate(today()).unwrap().age_group,
            Some(AgeGroup::Age18Plus)
        );
    }

    /// An age given without a date of birth is kept with the day it was
    /// given, not reduced to its group.
    #[test]
    fn a_stated_age_is_kept_with_its_day() {
        let mut f = form();
        f.age_years = "16".into();
        let input = f.validate(today()).unwrap();
        assert_eq!(
            input.stated_age,
            Some(StatedAge {
                years: 16,
                on: today()
            })
        );
        let birth = birth_range(None, input.stated_age, input.age_group, today()).unwrap();
        assert_eq!(
            birth.ages_on(today()),
            Some(crate::incident::AgeRange::exact(16))
        );
        // With a date of birth, that is what is kept; an age beside it must agree.
        f.date_of_birth = "2010-03-02".into();
        let input = f.validate(today()).unwrap();
        assert_eq!((input.stated_age, input.age_years), (None, Some(16)));
        f.date_of_birth = "2010-03-03".into();
        assert_eq!(
            f.validate(today()).unwrap_err().problem_for("age_years"),
            Some("does not match the date of birth")
        );
        // Only a group: every age in it.
        let birth = birth_range(None, None, Some(AgeGroup::Age12To17), today()).unwrap();
        assert_eq!(birth.ages_on(today()).unwrap().max, Some(17));
    }

    #[test]
    fn every_bad_field_is_named() {
        let bad = SurvivorForm {
            date_of_birth: "2030-01-01".into(),
            sex_gender: "x".into(),
            displacement: "".into(),
            contact_method: "pigeon".into(),
            languages: "a,".repeat(12),
            ..Default::default()
        };
        let invalid = bad.validate(today()).unwrap_err();
        for field in [
            "date_of_birth",
            "sex_gender",
            "displacement",
            "contact_method",
            "languages",
        ] {
            assert!(invalid.problem_for(field).is_some(), "{field}: {invalid}");
        }
        let mut phone = form();
        phone.contact_details = " ".into();
        assert!(
            phone
                .validate(today())
                .unwrap_err()
                .problem_for("contact_details")
                .is_some()
        );
    }
}
