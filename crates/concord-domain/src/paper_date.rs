//! The day something happened, when it is recorded later from a paper
//! record (a risk assessment, a conference referral, her first contact with
//! the agency). One rule for all of them: the day is a local date in the
//! deployment's zone (today is the caller's local date, converted once at
//! the edge); empty means today; never in the future; at most
//! [`PAPER_DAYS_BACK`] days back. The day it happened and the instant it was
//! recorded are both kept; windows (repeat, escalation, first contact) run
//! from the day it happened.

use crate::validation::Invalid;
use chrono::{Duration, NaiveDate};

/// How far back a paper record may be dated: one year (365 days), the
/// repeat and escalation windows' default — a record older than that no
/// longer changes any of them, and is kept on paper.
pub const PAPER_DAYS_BACK: i64 = 365;

/// The day `text` (`YYYY-MM-DD`, or empty for `today`) names, checked for
/// `field`.
pub fn day_it_happened(field: &str, text: &str, today: NaiveDate) -> Result<NaiveDate, Invalid> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(today);
    }
    let day = NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| Invalid::one(field, "must be a date (YYYY-MM-DD)"))?;
    if day > today {
        return Err(Invalid::one(field, "cannot be in the future"));
    }
    if day < today - Duration::days(PAPER_DAYS_BACK) {
        return Err(Invalid::one(field, "must be within the last year"));
    }
    Ok(day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn today_a_year_back_and_nothing_else() {
        let today = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
        let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(day_it_happened("f", "", today), Ok(today));
        assert_eq!(day_it_happened("f", " 2026-03-02 ", today), Ok(today));
        assert_eq!(
            day_it_happened("f", "2026-03-01", today),
            Ok(day("2026-03-01"))
        );
        assert_eq!(
            day_it_happened("f", "2025-03-02", today),
            Ok(day("2025-03-02")),
            "365 days back"
        );
        for (text, problem) in [
            ("2026-03-03", "cannot be in the future"),
            ("2025-03-01", "must be within the last year"),
            ("2026-02-30", "must be a date (YYYY-MM-DD)"),
            ("02/03/2026", "must be a date (YYYY-MM-DD)"),
        ] {
            let refused = day_it_happened("referred_on", text, today).unwrap_err();
            assert_eq!(refused.problem_for("referred_on"), Some(problem), "{text}");
        }
    }
}
