//! How long after an incident it was first reported, in the GBVIMS bands.
//! The bands matter clinically (the first three days are when emergency
//! care still works) and show whether survivors reach services in time.

use crate::label::label_enum;
use crate::validation::Invalid;
use chrono::{Months, NaiveDate};

label_enum! {
    /// Days from the incident to the first report, both as calendar dates.
    pub enum ReportingDelay ("reporting delay") {
        Days0To3 => "0_3_days",
        Days4To5 => "4_5_days",
        Days6To14 => "6_14_days",
        /// From 15 days up to and including the same day of the next month.
        Days15To1Month => "15_days_1_month",
        Over1Month => "over_1_month",
    }
}

/// The band for an incident on `incident_date` first reported on
/// `date_first_reported`. "One month" is a calendar month: an incident on
/// 10 March is within a month up to and including 10 April. When the next
/// month has no such day (31 January), the month ends on its last day
/// (28 or 29 February).
pub fn reporting_delay(
    incident_date: NaiveDate,
    date_first_reported: NaiveDate,
) -> Result<ReportingDelay, Invalid> {
    if date_first_reported < incident_date {
        return Err(Invalid::one(
            "date_first_reported",
            "cannot be before the date of the incident",
        ));
    }
    let days = (date_first_reported - incident_date).num_days();
    let one_month_later = incident_date
        .checked_add_months(Months::new(1))
        .unwrap_or(NaiveDate::MAX);
    Ok(match days {
        0..=3 => ReportingDelay::Days0To3,
        4..=5 => ReportingDelay::Days4To5,
        6..=14 => ReportingDelay::Days6To14,
        _ if date_first_reported <= one_month_later => ReportingDelay::Days15To1Month,
        _ => ReportingDelay::Over1Month,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ReportingDelay::*;
    use chrono::Duration;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn after(start: NaiveDate, days: i64) -> ReportingDelay {
        reporting_delay(start, start + Duration::days(days)).unwrap()
    }

    #[test]
    fn day_band_edges() {
        let start = d(2025, 3, 10);
        let expected = [
            (0, Days0To3),
            (3, Days0To3),
            (4, Days4To5),
            (5, Days4To5),
            (6, Days6To14),
            (14, Days6To14),
            (15, Days15To1Month),
        ];
        for (days, band) in expected {
            assert_eq!(after(start, days), band, "{days} days");
        }
    }

    #[test]
    fn a_month_is_a_calendar_month() {
        assert_eq!(
            reporting_delay(d(2025, 3, 10), d(2025, 4, 10)),
            Ok(Days15To1Month)
        );
        assert_eq!(
            reporting_delay(d(2025, 3, 10), d(2025, 4, 11)),
            Ok(Over1Month)
        );
        // 30-day month: 30 days is the month, 31 is over.
        assert_eq!(
            reporting_delay(d(2025, 4, 10), d(2025, 5, 10)),
            Ok(Days15To1Month)
        );
        assert_eq!(
            reporting_delay(d(2025, 4, 10), d(2025, 5, 11)),
            Ok(Over1Month)
        );
        // Across a year end.
        assert_eq!(
            reporting_delay(d(2024, 12, 20), d(2025, 1, 20)),
            Ok(Days15To1Month)
        );
        assert_eq!(
            reporting_delay(d(2024, 12, 20), d(2025, 1, 21)),
            Ok(Over1Month)
        );
    }

    #[test]
    fn february_and_month_ends() {
        // Through February: 28 days in 2025, 29 in 2024.
        assert_eq!(
            reporting_delay(d(2025, 2, 1), d(2025, 3, 1)),
            Ok(Days15To1Month)
        );
        assert_eq!(
            reporting_delay(d(2025, 2, 1), d(2025, 3, 2)),
            Ok(Over1Month)
        );
        assert_eq!(
            reporting_delay(d(2024, 2, 1), d(2024, 3, 1)),
            Ok(Days15To1Month)
        );
        // 31 January: the month ends on the last day of February.
        assert_eq!(
            reporting_delay(d(2025, 1, 31), d(2025, 2, 28)),
            Ok(Days15To1Month)
        );
        assert_eq!(
            reporting_delay(d(2025, 1, 31), d(2025, 3, 1)),
            Ok(Over1Month)
        );
        assert_eq!(
            reporting_delay(d(2024, 1, 31), d(2024, 2, 29)),
            Ok(Days15To1Month)
        );
        assert_eq!(
            reporting_delay(d(2024, 1, 31), d(2024, 3, 1)),
            Ok(Over1Month)
        );
        // Days bands still win inside a short month.
        assert_eq!(
            reporting_delay(d(2025, 2, 20), d(2025, 3, 6)),
            Ok(Days6To14)
        );
        assert_eq!(
            reporting_delay(d(2025, 2, 20), d(2025, 3, 7)),
            Ok(Days15To1Month)
        );
    }

    #[test]
    fn a_report_before_the_incident_is_refused() {
        let invalid = reporting_delay(d(2025, 3, 10), d(2025, 3, 9)).unwrap_err();
        assert!(invalid.problem_for("date_first_reported").is_some());
    }

    #[test]
    fn bands_never_go_backwards() {
        let start = d(2024, 1, 25);
        let mut last = Days0To3;
        for days in 0..400 {
            let band = after(start, days);
            assert!(band >= last, "{days}");
            last = band;
        }
        assert_eq!(last, Over1Month);
    }
}
