//! The periods statistics are computed for: a calendar month, quarter or
//! year **of the deployment's local calendar**. A period is a range of local
//! dates; where a rule counts instants (a referral sent at 23:30 UTC on the
//! last day of a month may be the first of the next month locally), the
//! range is converted to instants once, with [`Period::instants`].

use crate::local_time::start_of_day;
use crate::validation::Invalid;
use chrono::{DateTime, Datelike, Months, NaiveDate, Utc};
use chrono_tz::Tz;
use std::fmt;

/// The years a period may name: statistics of a response that exists.
const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

/// A calendar month, quarter or year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Period {
    Month { year: i32, month: u32 },
    Quarter { year: i32, quarter: u32 },
    Year { year: i32 },
}

/// Month, quarter or year: what a trend steps by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PeriodKind {
    Month,
    Quarter,
    Year,
}

impl Period {
    /// Reads `2026-11` (a month), `2026-Q4` (a quarter) or `2026` (a year).
    /// The error names the field `period`.
    pub fn parse(text: &str) -> Result<Period, Invalid> {
        let bad = || {
            Invalid::one(
                "period",
                "must be a month (2026-11), a quarter (2026-Q4) or a year (2026) between 2000 and 2100",
            )
        };
        let text = text.trim();
        let (year, rest) = match text.split_once('-') {
            Some((y, r)) => (y, Some(r)),
            None => (text, None),
        };
        if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let year: i32 = year.parse().map_err(|_| bad())?;
        if !YEARS.contains(&year) {
            return Err(bad());
        }
        let number = |s: &str| -> Option<u32> {
            (s.len() <= 2 && !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
                .then(|| s.parse().ok())
                .flatten()
        };
        match rest {
            None => Ok(Period::Year { year }),
            Some(r) if r.starts_with('Q') => match number(&r[1..]) {
                Some(quarter @ 1..=4) if r.len() == 2 => Ok(Period::Quarter { year, quarter }),
                _ => Err(bad()),
            },
            Some(r) => match number(r) {
                Some(month @ 1..=12) if r.len() == 2 => Ok(Period::Month { year, month }),
                _ => Err(bad()),
            },
        }
    }

    /// The month, quarter or year of kind `kind` that holds `day`.
    pub fn containing(kind: PeriodKind, day: NaiveDate) -> Period {
        let year = day.year();
        match kind {
            PeriodKind::Month => Period::Month {
                year,
                month: day.month(),
            },
            PeriodKind::Quarter => Period::Quarter {
                year,
                quarter: (day.month() - 1) / 3 + 1,
            },
            PeriodKind::Year => Period::Year { year },
        }
    }

    pub fn kind(self) -> PeriodKind {
        match self {
            Period::Month { .. } => PeriodKind::Month,
            Period::Quarter { .. } => PeriodKind::Quarter,
            Period::Year { .. } => PeriodKind::Year,
        }
    }

    /// The stable text form, as [`Period::parse`] reads it.
    pub fn code(self) -> String {
        self.to_string()
    }

    /// The first local day of the period.
    pub fn first_day(self) -> NaiveDate {
        let (year, month) = match self {
            Period::Month { year, month } => (year, month),
            Period::Quarter { year, quarter } => (year, (quarter - 1) * 3 + 1),
            Period::Year { year } => (year, 1),
        };
        NaiveDate::from_ymd_opt(year, month, 1).expect("periods are built valid")
    }

    /// The first local day after the period (the range is half-open).
    pub fn end_day(self) -> NaiveDate {
        self.first_day() + Months::new(self.months_long())
    }

    fn months_long(self) -> u32 {
        match self {
            Period::Month { .. } => 1,
            Period::Quarter { .. } => 3,
            Period::Year { .. } => 12,
        }
    }

    /// Whether a local calendar day falls in the period.
    pub fn contains(self, day: NaiveDate) -> bool {
        self.first_day() <= day && day < self.end_day()
    }

    /// The period as instants, `[start, end)`: local midnight of its first
    /// day to local midnight of the day after it, in the deployment's zone.
    pub fn instants(self, tz: Tz) -> (DateTime<Utc>, DateTime<Utc>) {
        (
            start_of_day(tz, self.first_day()),
            start_of_day(tz, self.end_day()),
        )
    }

    /// The months of the period, in order (a trend's points).
    pub fn months(self) -> Vec<Period> {
        (0..self.months_long())
            .map(|i| Period::containing(PeriodKind::Month, self.first_day() + Months::new(i)))
            .collect()
    }

    /// The period of the same kind just before this one.
    pub fn previous(self) -> Period {
        Period::containing(
            self.kind(),
            self.first_day() - Months::new(self.months_long()),
        )
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Period::Month { year, month } => write!(f, "{year:04}-{month:02}"),
            Period::Quarter { year, quarter } => write!(f, "{year:04}-Q{quarter}"),
            Period::Year { year } => write!(f, "{year:04}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn reads_months_quarters_and_years_and_writes_them_back() {
        for text in ["2026-11", "2026-01", "2026-Q1", "2026-Q4", "2026"] {
            assert_eq!(Period::parse(text).unwrap().code(), text);
        }
    }

    #[test]
    fn refuses_anything_else_naming_the_field() {
        for text in [
            "",
            "26",
            "2026-13",
            "2026-00",
            "2026-Q0",
            "2026-Q5",
            "2026-1",
            "2026-Q",
            "1999",
            "2101",
            "2026-11-01",
            "abcd",
            "2026-Q11",
            "+026",
        ] {
            let err = Period::parse(text).unwrap_err();
            assert_eq!(err.problems[0].field, "period", "{text}");
        }
    }

    #[test]
    fn a_month_holds_its_first_and_last_day_and_nothing_around_it() {
        let feb = Period::parse("2028-02").unwrap();
        assert!(!feb.contains(day(2028, 1, 31)));
        assert!(feb.contains(day(2028, 2, 1)));
        assert!(feb.contains(day(2028, 2, 29)));
        assert!(!feb.contains(day(2028, 3, 1)));
    }

    #[test]
    fn a_quarter_is_three_months_and_a_year_twelve() {
        let q4 = Period::parse("2026-Q4").unwrap();
        assert_eq!(q4.first_day(), day(2026, 10, 1));
        assert_eq!(q4.end_day(), day(2027, 1, 1));
        assert_eq!(
            q4.months().iter().map(|m| m.code()).collect::<Vec<_>>(),
            ["2026-10", "2026-11", "2026-12"]
        );
        assert_eq!(Period::parse("2026").unwrap().months().len(), 12);
        assert_eq!(
            Period::containing(PeriodKind::Quarter, day(2026, 6, 30)).code(),
            "2026-Q2"
        );
    }

    #[test]
    fn previous_steps_back_one_period_of_the_same_kind() {
        assert_eq!(
            Period::parse("2026-01").unwrap().previous().code(),
            "2025-12"
        );
        assert_eq!(
            Period::parse("2026-Q1").unwrap().previous().code(),
            "2025-Q4"
        );
        assert_eq!(Period::parse("2026").unwrap().previous().code(), "2025");
    }

    #[test]
    fn instants_are_local_midnights_converted_once() {
        // Nairobi is UTC+3: November starts at 21:00 UTC on 31 October.
        let tz: Tz = "Africa/Nairobi".parse().unwrap();
        let (start, end) = Period::parse("2026-11").unwrap().instants(tz);
        assert_eq!(start, Utc.with_ymd_and_hms(2026, 10, 31, 21, 0, 0).unwrap());
        assert_eq!(end, Utc.with_ymd_and_hms(2026, 11, 30, 21, 0, 0).unwrap());
        // London changes clocks on 29 March 2026: April starts at 23:00 UTC.
        let tz: Tz = "Europe/London".parse().unwrap();
        let (start, _) = Period::parse("2026-04").unwrap().instants(tz);
        assert_eq!(start, Utc.with_ymd_and_hms(2026, 3, 31, 23, 0, 0).unwrap());
    }
}
