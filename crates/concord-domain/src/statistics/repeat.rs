//! Repeat victimisation: a survivor with a new incident within 12 calendar
//! months of an earlier one. "Within 12 months" is calendar months: after
//! an incident on 10 March 2025, one on 10 March 2026 is a repeat and one
//! on 11 March 2026 is not; when the month has no such day (29 February),
//! the 12 months end on its last day (28 February).

use super::period::Period;
use chrono::{Months, NaiveDate};

/// Whether an incident on `later` is within 12 calendar months after one
/// on `earlier` (the same day is not "after": it is the same episode).
pub fn is_repeat(earlier: NaiveDate, later: NaiveDate) -> bool {
    let Some(limit) = earlier.checked_add_months(Months::new(12)) else {
        return false;
    };
    earlier < later && later <= limit
}

/// Of the survivors with an incident in the period (the denominator), how
/// many had that incident within 12 months after an earlier one of theirs
/// (the numerator). Each survivor is given as the dates of their incidents,
/// any order; a survivor counts once however many incidents they had.
pub fn repeat_victimisation(survivors: &[Vec<NaiveDate>], period: Period) -> (u32, u32) {
    let mut repeat = 0;
    let mut with_incident = 0;
    for dates in survivors {
        let mut dates = dates.clone();
        dates.sort_unstable();
        let in_period: Vec<_> = dates.iter().filter(|d| period.contains(**d)).collect();
        if in_period.is_empty() {
            continue;
        }
        with_incident += 1;
        if in_period
            .iter()
            .any(|later| dates.iter().any(|earlier| is_repeat(*earlier, **later)))
        {
            repeat += 1;
        }
    }
    (repeat, with_incident)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn twelve_calendar_months_the_day_before_on_and_after() {
        assert!(is_repeat(d("2025-03-10"), d("2026-03-09")));
        assert!(is_repeat(d("2025-03-10"), d("2026-03-10")));
        assert!(!is_repeat(d("2025-03-10"), d("2026-03-11")));
    }

    #[test]
    fn the_twenty_ninth_of_february_ends_its_twelve_months_on_the_twenty_eighth() {
        assert!(is_repeat(d("2024-02-29"), d("2025-02-28")));
        assert!(!is_repeat(d("2024-02-29"), d("2025-03-01")));
    }

    #[test]
    fn the_same_day_or_an_earlier_day_is_not_a_repeat() {
        assert!(!is_repeat(d("2025-03-10"), d("2025-03-10")));
        assert!(!is_repeat(d("2025-03-10"), d("2025-03-09")));
    }

    #[test]
    fn survivors_count_once_and_only_for_incidents_in_the_period() {
        let period = Period::parse("2026-03").unwrap();
        let survivors = vec![
            // Repeat: 10 March 2026 is 12 months after 10 March 2025.
            vec![d("2026-03-10"), d("2025-03-10")],
            // Not: 13 months.
            vec![d("2025-02-10"), d("2026-03-10")],
            // Two incidents in the period, the second a repeat: counts once.
            vec![d("2026-03-01"), d("2026-03-20")],
            // No incident in the period: in neither figure.
            vec![d("2025-03-01"), d("2025-04-01")],
        ];
        assert_eq!(repeat_victimisation(&survivors, period), (2, 3));
    }
}
