//! A survivor's age and the GBVIMS age group at the time of an incident.
//! Statistics report groups, never ages or dates of birth.

use crate::label::label_enum;
use chrono::{Datelike, Days, Months, NaiveDate};

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

/// The ages someone may have on one date, when her date of birth is not
/// known exactly: from `min` to `max` years inclusive (`max` `None`: no
/// upper age).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AgeRange {
    pub min: u32,
    pub max: Option<u32>,
}

impl AgeRange {
    pub fn exact(years: u32) -> AgeRange {
        AgeRange {
            min: years,
            max: Some(years),
        }
    }

    /// The one age, when only one is possible.
    pub fn single(&self) -> Option<u32> {
        (self.max == Some(self.min)).then_some(self.min)
    }

    pub fn contains(&self, years: u32) -> bool {
        years >= self.min && self.max.is_none_or(|max| years <= max)
    }
}

/// What is known of her date of birth: it lies between `earliest` and
/// `latest` (inclusive; `earliest` `None` when there is no lower bound, as
/// for "18 or over"). Kept as dates of birth rather than ages so an age
/// stated on one day can be read on any other: an age of 16 stated a year
/// ago is 17 or 18 today, depending on a birthday nobody wrote down.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BirthRange {
    pub earliest: Option<NaiveDate>,
    pub latest: NaiveDate,
}

/// `date` minus `years` years, on the calendar (29 February becomes 28).
fn years_before(date: NaiveDate, years: u32) -> Option<NaiveDate> {
    date.checked_sub_months(Months::new(years.checked_mul(12)?))
}

impl BirthRange {
    /// A known date of birth.
    pub fn exact(date_of_birth: NaiveDate) -> BirthRange {
        BirthRange {
            earliest: Some(date_of_birth),
            latest: date_of_birth,
        }
    }

    /// Someone aged between `min` and `max` years (inclusive; `max` `None`
    /// for no upper age) on `on`: born after `on` less `max + 1` years and
    /// no later than `on` less `min` years.
    pub fn from_ages(min: u32, max: Option<u32>, on: NaiveDate) -> Option<BirthRange> {
        let latest = years_before(on, min)?;
        let earliest = match max {
            Some(max) => {
                Some(years_before(on, max.checked_add(1)?)?.checked_add_days(Days::new(1))?)
            }
            None => None,
        };
        Some(BirthRange { earliest, latest })
    }

    /// An age in years stated on `on`.
    pub fn from_stated_age(years: u32, on: NaiveDate) -> Option<BirthRange> {
        BirthRange::from_ages(years, Some(years), on)
    }

    /// Only an age group known on `on`.
    pub fn from_group(group: AgeGroup, on: NaiveDate) -> Option<BirthRange> {
        let (min, max) = group.ages();
        BirthRange::from_ages(min, max, on)
    }

    /// The ages she may have on `date`; `None` if she cannot have been born
    /// yet. If she may not have been born yet (`date` before `latest`), the
    /// youngest age is 0.
    pub fn ages_on(&self, date: NaiveDate) -> Option<AgeRange> {
        if self.earliest.is_some_and(|earliest| date < earliest) {
            return None;
        }
        let min = age_on(self.latest, date).unwrap_or(0);
        let max = match self.earliest {
            Some(earliest) => Some(age_on(earliest, date)?),
            None => None,
        };
        Some(AgeRange { min, max })
    }

    /// Her age group on `date` when it is certain. When the possible ages
    /// straddle two groups (an age of 17 stated today for an incident some
    /// months ago), the younger group: a survivor who may have been a child
    /// is counted as one.
    pub fn group_on(&self, date: NaiveDate) -> Option<AgeGroup> {
        self.ages_on(date).map(|ages| AgeGroup::from_age(ages.min))
    }
}

impl AgeGroup {
    /// The youngest and oldest age in the group (`None`: no upper age).
    pub fn ages(self) -> (u32, Option<u32>) {
        match self {
            AgeGroup::Age0To11 => (0, Some(11)),
            AgeGroup::Age12To17 => (12, Some(17)),
            AgeGroup::Age18Plus => (18, None),
        }
    }
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

    /// Every date of birth in the range gives the stated age on the day it
    /// was stated, and the days either side of the range do not.
    #[test]
    fn a_stated_age_is_exactly_the_births_that_give_it() {
        for on in [
            d(2026, 3, 1),
            d(2026, 2, 28),
            d(2028, 2, 29),
            d(2026, 12, 31),
        ] {
            for years in [0, 1, 11, 12, 15, 16, 17, 18, 40] {
                let range = BirthRange::from_stated_age(years, on).unwrap();
                let earliest = range.earliest.unwrap();
                assert_eq!(age_on(range.latest, on), Some(years), "{on} {years}");
                assert_eq!(age_on(earliest, on), Some(years), "{on} {years}");
                let after = age_on(range.latest.succ_opt().unwrap(), on);
                assert_eq!(after, years.checked_sub(1), "{on} {years}");
                assert_eq!(
                    age_on(earliest.pred_opt().unwrap(), on),
                    Some(years + 1),
                    "{on} {years}"
                );
                assert_eq!(range.ages_on(on), Some(AgeRange::exact(years)));
            }
        }
    }

    #[test]
    fn a_stated_age_grows_into_a_range() {
        // 16 stated on 7 December 2026: born 8 December 2009 .. 7 December 2010.
        let range = BirthRange::from_stated_age(16, d(2026, 12, 7)).unwrap();
        assert_eq!(range.earliest, Some(d(2009, 12, 8)));
        assert_eq!(range.latest, d(2010, 12, 7));
        // The same day and the day after: she may already have turned 17.
        assert_eq!(range.ages_on(d(2026, 12, 7)), Some(AgeRange::exact(16)));
        assert_eq!(
            range.ages_on(d(2026, 12, 8)),
            Some(AgeRange {
                min: 16,
                max: Some(17)
            })
        );
        // The day before the anniversary: still 16 or 17; on it, certainly 17.
        assert_eq!(
            range.ages_on(d(2027, 12, 6)),
            Some(AgeRange {
                min: 16,
                max: Some(17)
            })
        );
        assert_eq!(range.ages_on(d(2027, 12, 7)), Some(AgeRange::exact(17)));
        // Before the statement: a year younger at most.
        assert_eq!(
            range.ages_on(d(2026, 6, 1)),
            Some(AgeRange {
                min: 15,
                max: Some(16)
            })
        );
        // Before she can have been born.
        assert_eq!(range.ages_on(d(2009, 12, 7)), None);
    }

    #[test]
    fn a_group_alone_is_every_age_in_it() {
        let on = d(2026, 12, 7);
        let teen = BirthRange::from_group(AgeGroup::Age12To17, on).unwrap();
        assert_eq!(
            teen.ages_on(on),
            Some(AgeRange {
                min: 12,
                max: Some(17)
            })
        );
        assert_eq!(
            teen.ages_on(d(2027, 12, 7)),
            Some(AgeRange {
                min: 13,
                max: Some(18)
            })
        );
        let adult = BirthRange::from_group(AgeGroup::Age18Plus, on).unwrap();
        assert_eq!(adult.ages_on(on), Some(AgeRange { min: 18, max: None }));
        let child = BirthRange::from_group(AgeGroup::Age0To11, on).unwrap();
        assert_eq!(
            child.ages_on(on),
            Some(AgeRange {
                min: 0,
                max: Some(11)
            })
        );
        // Earlier than the group was known, she may not have been born.
        assert_eq!(
            child.ages_on(d(2026, 1, 1)),
            Some(AgeRange {
                min: 0,
                max: Some(11)
            })
        );
        assert_eq!(
            child.ages_on(d(2015, 12, 7)),
            Some(AgeRange {
                min: 0,
                max: Some(0)
            })
        );
    }

    #[test]
    fn the_group_at_an_incident_is_the_younger_when_unsure() {
        // 18 stated today about an incident three months ago: 17 or 18 then.
        let range = BirthRange::from_stated_age(18, d(2026, 12, 7)).unwrap();
        assert_eq!(range.group_on(d(2026, 9, 7)), Some(AgeGroup::Age12To17));
        assert_eq!(range.group_on(d(2026, 12, 7)), Some(AgeGroup::Age18Plus));
        let dob = BirthRange::exact(d(2008, 9, 8));
        assert_eq!(dob.group_on(d(2026, 9, 7)), Some(AgeGroup::Age12To17));
        assert_eq!(dob.group_on(d(2026, 9, 8)), Some(AgeGroup::Age18Plus));
    }

    #[test]
    fn leap_day_birthdays() {
        let dob = d(2008, 2, 29);
        assert_eq!(age_on(dob, d(2026, 2, 28)), Some(17));
        assert_eq!(age_on(dob, d(2026, 3, 1)), Some(18));
        assert_eq!(age_on(dob, d(2028, 2, 29)), Some(20));
    }
}
