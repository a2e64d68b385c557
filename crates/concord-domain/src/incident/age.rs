//! A survivor's age and the GBVIMS age group at the time of an incident.
//! Statistics report groups, never ages or dates of birth.

use crate::label::label_enum;
use chrono::{Datelike, NaiveDate};

label_enum! {
    /// The survivor's age group at the incident.
    pub enum AgeGroup ("age group") {
        Age0To11 => "0_11",
        Age12To17 => "12_17",
        Age18Plus => "18_plus",
    }
}

impl AgeGroup {
    pub fn from_age(years: u32) -> AgeGroup {
        match years {
            0..=11 => AgeGroup::Age0To11,
            12..=17 => AgeGroup::Age12To17,
            _ => AgeGroup::Age18Plus,
        }
    }
}

/// Age in whole years on `date`; `None` if `date` is before the birth.
/// Someone born on 29 February has their birthday on 1 March in other
/// years: they are not a year older until 28 February has fully passed.
pub fn age_on(date_of_birth: NaiveDate, date: NaiveDate) -> Option<u32> {
    if date < date_of_birth {
        return None;
    }
    let years = date.year() - date_of_birth.year();
    let birthday_not_yet =
        (date.month(), date.day()) < (date_of_birth.month(), date_of_birth.day());
    u32::try_from(years - i32::from(birthday_not_yet)).ok()
}

/// The age group on `date`, for a known date of birth.
pub fn age_group_on(date_of_birth: NaiveDate, date: NaiveDate) -> Option<AgeGroup> {
    age_on(date_of_birth, date).map(AgeGroup::from_age)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn group_edges() {
        assert_eq!(AgeGroup::from_age(0), AgeGroup::Age0To11);
        assert_eq!(AgeGroup::from_age(11), AgeGroup::Age0To11);
        assert_eq!(AgeGroup::from_age(12), AgeGroup::Age12To17);
        assert_eq!(AgeGroup::from_age(17), AgeGroup::Age12To17);
        assert_eq!(AgeGroup::from_age(18), AgeGroup::Age18Plus);
        assert_eq!(AgeGroup::from_age(u32::MAX), AgeGroup::Age18Plus);
    }

    #[test]
    fn age_turns_on_the_birthday() {
        let dob = d(2007, 6, 15);
        assert_eq!(age_on(dob, d(2025, 6, 14)), Some(17));
        assert_eq!(age_on(dob, d(2025, 6, 15)), Some(18));
        assert_eq!(age_group_on(dob, d(2025, 6, 14)), Some(AgeGroup::Age12To17));
        assert_eq!(age_group_on(dob, d(2025, 6, 15)), Some(AgeGroup::Age18Plus));
        assert_eq!(age_on(dob, dob), Some(0));
        assert_eq!(age_on(dob, d(2007, 6, 14)), None);
    }

    #[test]
    fn leap_day_birthdays() {
        let dob = d(2008, 2, 29);
        assert_eq!(age_on(dob, d(2026, 2, 28)), Some(17));
        assert_eq!(age_on(dob, d(2026, 3, 1)), Some(18));
        assert_eq!(age_on(dob, d(2028, 2, 29)), Some(20));
    }
}
