//! The period of a release: a month (`2026-11`), a quarter (`2026-Q4`) or a
//! year (`2026`), and its DHIS2 notation (`202611`, `2026Q4`, `2026`).

use crate::Invalid;
use chrono::{Datelike, NaiveDate};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ReleasePeriod {
    Month { year: i32, month: u32 },
    Quarter { year: i32, quarter: u32 },
    Year { year: i32 },
}

/// Which kinds of period an indicator set is computed for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodKind {
    Month,
    Quarter,
    Year,
}

const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

impl ReleasePeriod {
    /// `2026-11`, `2026-Q4` or `2026`; a problem on `field` otherwise.
    pub fn parse(field: &str, text: &str) -> Result<ReleasePeriod, Invalid> {
        let bad = || {
            Invalid::one(
                field,
                "must be a month (2026-11), a quarter (2026-Q4) or a year (2026)",
            )
        };
        let text = text.trim();
        let year_of = |y: &str| -> Result<i32, Invalid> {
            let year = y.parse::<i32>().map_err(|_| bad())?;
            if y.len() == 4 && YEARS.contains(&year) {
                Ok(year)
            } else {
                Err(bad())
            }
        };
        if let Some((year, quarter)) = text.split_once("-Q") {
            let quarter = quarter.parse::<u32>().map_err(|_| bad())?;
            if !(1..=4).contains(&quarter) {
                return Err(bad());
            }
            return Ok(ReleasePeriod::Quarter {
                year: year_of(year)?,
                quarter,
            });
        }
        if let Some((year, month)) = text.split_once('-') {
            let number = month.parse::<u32>().map_err(|_| bad())?;
            if month.len() != 2 || !(1..=12).contains(&number) {
                return Err(bad());
            }
            return Ok(ReleasePeriod::Month {
                year: year_of(year)?,
                month: number,
            });
        }
        Ok(ReleasePeriod::Year {
            year: year_of(text)?,
        })
    }

    pub fn kind(self) -> PeriodKind {
        match self {
            ReleasePeriod::Month { .. } => PeriodKind::Month,
            ReleasePeriod::Quarter { .. } => PeriodKind::Quarter,
            ReleasePeriod::Year { .. } => PeriodKind::Year,
        }
    }

    pub fn first_day(self) -> NaiveDate {
        let (year, month) = match self {
            ReleasePeriod::Month { year, month } => (year, month),
            ReleasePeriod::Quarter { year, quarter } => (year, (quarter - 1) * 3 + 1),
            ReleasePeriod::Year { year } => (year, 1),
        };
        NaiveDate::from_ymd_opt(year, month, 1).unwrap_or(NaiveDate::MIN)
    }

    /// The last day, inclusive.
    pub fn last_day(self) -> NaiveDate {
        let months = match self {
            ReleasePeriod::Month { .. } => 1,
            ReleasePeriod::Quarter { .. } => 3,
            ReleasePeriod::Year { .. } => 12,
        };
        self.first_day()
            .checked_add_months(chrono::Months::new(months))
            .and_then(|d| d.pred_opt())
            .unwrap_or(NaiveDate::MAX)
    }

    pub fn contains(self, day: NaiveDate) -> bool {
        (self.first_day()..=self.last_day()).contains(&day)
    }

    /// Whether the period is over on `today` (a release covers a whole period).
    pub fn ended_before(self, today: NaiveDate) -> bool {
        self.last_day() < today
    }

    /// DHIS2 period notation: `202611`, `2026Q4`, `2026`.
    pub fn dhis2(self) -> String {
        match self {
            ReleasePeriod::Month { year, month } => format!("{year}{month:02}"),
            ReleasePeriod::Quarter { year, quarter } => format!("{year}Q{quarter}"),
            ReleasePeriod::Year { year } => year.to_string(),
        }
    }

    /// The quarter containing a day.
    pub fn quarter_of(day: NaiveDate) -> ReleasePeriod {
        ReleasePeriod::Quarter {
            year: day.year(),
            quarter: (day.month() - 1) / 3 + 1,
        }
    }
}

impl fmt::Display for ReleasePeriod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReleasePeriod::Month { year, month } => write!(f, "{year}-{month:02}"),
            ReleasePeriod::Quarter { year, quarter } => write!(f, "{year}-Q{quarter}"),
            ReleasePeriod::Year { year } => write!(f, "{year}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn periods_parse_print_and_bound() {
        for (text, dhis2, first, last) in [
            ("2026-11", "202611", day(2026, 11, 1), day(2026, 11, 30)),
            ("2026-02", "202602", day(2026, 2, 1), day(2026, 2, 28)),
            ("2026-Q4", "2026Q4", day(2026, 10, 1), day(2026, 12, 31)),
            ("2026-Q1", "2026Q1", day(2026, 1, 1), day(2026, 3, 31)),
            ("2026", "2026", day(2026, 1, 1), day(2026, 12, 31)),
        ] {
            let period = ReleasePeriod::parse("period", text).unwrap();
            assert_eq!(period.to_string(), text);
            assert_eq!(period.dhis2(), dhis2);
            assert_eq!(period.first_day(), first, "{text}");
            assert_eq!(period.last_day(), last, "{text}");
            assert!(period.contains(first) && period.contains(last));
            assert!(!period.contains(last.succ_opt().unwrap()));
            assert!(!period.contains(first.pred_opt().unwrap()));
        }
    }

    #[test]
    fn bad_periods_name_the_field() {
        for text in [
            "",
            "2026-13",
            "2026-00",
            "2026-1",
            "2026-Q5",
            "2026-Q0",
            "26",
            "Q1",
            "1999",
            "2026-11-01",
        ] {
            let invalid = ReleasePeriod::parse("period", text).unwrap_err();
            assert_eq!(invalid.problems[0].field, "period", "{text:?}");
        }
    }

    #[test]
    fn a_period_has_ended_only_after_its_last_day() {
        let q = ReleasePeriod::parse("period", "2026-Q1").unwrap();
        assert!(!q.ended_before(day(2026, 3, 31)));
        assert!(q.ended_before(day(2026, 4, 1)));
    }
}
