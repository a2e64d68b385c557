//! Reading single form fields (dates, times, checkboxes, labels, ids) as a
//! person typed them, recording a problem under the field's own name. Every
//! reader keeps going after a problem so one submission reports every bad
//! field at once.

use crate::label::Label;
use crate::validation::Invalid;
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use std::collections::BTreeSet;
use std::str::FromStr;

/// A required calendar date written `YYYY-MM-DD` (what `<input type=date>`
/// sends, and ISO 8601 for the API).
pub fn required_date(invalid: &mut Invalid, field: &str, text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    if text.is_empty() {
        invalid.push(field, "is required");
        return None;
    }
    let date = NaiveDate::parse_from_str(text, "%Y-%m-%d").ok();
    if date.is_none() {
        invalid.push(field, "must be a date written like 2025-03-31");
    }
    date
}

/// An optional time of day written `HH:MM` (24-hour), as `<input type=time>`
/// sends it; empty means not known.
pub fn optional_time(invalid: &mut Invalid, field: &str, text: Option<&str>) -> Option<NaiveTime> {
    let text = text.map(str::trim).filter(|t| !t.is_empty())?;
    let time = NaiveTime::parse_from_str(text, "%H:%M").ok();
    if time.is_none() {
        invalid.push(field, "must be a time written like 14:30");
    }
    time
}

/// Which instant a date-only entry stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayEdge {
    /// Local midnight at its start: "valid from 3 March" starts at its
    /// beginning.
    Start,
    /// Local midnight at its end: "valid until 3 March" includes all of it.
    End,
}

/// An instant written as an RFC 3339 timestamp (API clients) or as a date
/// (`<input type=date>`), which stands for the given edge of that day in
/// the deployment's time zone `tz`.
/// Empty gives `None` without a problem; the caller decides whether it is
/// required.
pub fn optional_instant(
    invalid: &mut Invalid,
    field: &str,
    text: &str,
    edge: DayEdge,
    tz: chrono_tz::Tz,
) -> Option<DateTime<Utc>> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    if let Ok(at) = DateTime::parse_from_rfc3339(text) {
        return Some(at.with_timezone(&Utc));
    }
    match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        Ok(day) => Some(match edge {
            DayEdge::Start => crate::local_time::start_of_day(tz, day),
            DayEdge::End => crate::local_time::end_of_day(tz, day),
        }),
        Err(_) => {
            invalid.push(field, "must be a date written like 2025-03-31");
            None
        }
    }
}

/// A checkbox: browsers send `on` (or nothing at all when unticked); API
/// clients send `true`/`false`. Anything else is a mistake worth reporting
/// rather than silently reading as "no".
pub fn checkbox(invalid: &mut Invalid, field: &str, value: Option<&str>) -> bool {
    match value.map(str::trim) {
        None | Some("" | "off" | "false" | "no" | "0") => false,
        Some("on" | "true" | "yes" | "1") => true,
        Some(_) => {
            invalid.push(field, "must be yes or no");
            false
        }
    }
}

/// A question that must be answered yes or no; `None` when unanswered (no
/// problem recorded: whether it had to be answered is the caller's rule).
pub fn yes_no(invalid: &mut Invalid, field: &str, value: Option<&str>) -> Option<bool> {
    match value.map(str::trim) {
        None | Some("") => None,
        Some("yes" | "true") => Some(true),
        Some("no" | "false") => Some(false),
        Some(_) => {
            invalid.push(field, "must be yes or no");
            None
        }
    }
}

/// A required choice from a closed vocabulary, given by its label.
pub fn required_label<T: Label>(invalid: &mut Invalid, field: &str, text: &str) -> Option<T> {
    let text = text.trim();
    if text.is_empty() {
        invalid.push(field, "is required");
        return None;
    }
    let value = T::from_label(text);
    if value.is_none() {
        invalid.push(field, format!("is not a known {}", T::KIND));
    }
    value
}

/// Several choices from a closed vocabulary (repeated form fields or a JSON
/// array); blanks are ignored and duplicates collapse. May be empty.
pub fn label_set<T: Label + Ord>(
    invalid: &mut Invalid,
    field: &str,
    values: &[String],
) -> BTreeSet<T> {
    let mut set = BTreeSet::new();
    for text in values.iter().map(|v| v.trim()).filter(|v| !v.is_empty()) {
        match T::from_label(text) {
            Some(v) => {
                set.insert(v);
            }
            None => {
                invalid.push(
                    field,
                    format!("contains something that is not a known {}", T::KIND),
                );
                break;
            }
        }
    }
    set
}

/// A required identifier (an agency, a user, an area…).
pub fn required_id<T: FromStr>(
    invalid: &mut Invalid,
    field: &str,
    text: &str,
    what: &str,
) -> Option<T> {
    let id = text.trim().parse::<T>().ok();
    if id.is_none() {
        invalid.push(field, format!("must name {what}"));
    }
    id
}

/// Required free text that may run over several lines (a reason, an
/// explanation): like `required_text`, but line breaks and tabs are allowed.
pub fn required_paragraph(
    invalid: &mut Invalid,
    field: &str,
    value: &str,
    max_chars: usize,
) -> String {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        invalid.push(field, "is required");
    } else if trimmed.chars().count() > max_chars {
        invalid.push(field, format!("must be at most {max_chars} characters"));
    } else if trimmed
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        invalid.push(field, "must not contain control characters");
    }
    trimmed.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::AgencyId;

    #[test]
    fn dates_and_times() {
        let mut invalid = Invalid::default();
        assert_eq!(
            required_date(&mut invalid, "d", " 2025-02-28 "),
            NaiveDate::from_ymd_opt(2025, 2, 28)
        );
        assert_eq!(required_date(&mut invalid, "a", "2025-02-29"), None);
        assert_eq!(required_date(&mut invalid, "b", ""), None);
        assert_eq!(optional_time(&mut invalid, "t", Some("")), None);
        assert_eq!(optional_time(&mut invalid, "c", Some("25:00")), None);
        assert_eq!(
            optional_time(&mut invalid, "t", Some("23:59")),
            NaiveTime::from_hms_opt(23, 59, 0)
        );
        assert_eq!(invalid.problem_for("b"), Some("is required"));
        assert!(invalid.problem_for("a").is_some() && invalid.problem_for("c").is_some());
        assert_eq!(invalid.problem_for("d"), None);
        assert_eq!(invalid.problem_for("t"), None);
    }

    #[test]
    fn instants_from_dates_cover_the_whole_day() {
        let mut invalid = Invalid::default();
        let start = optional_instant(
            &mut invalid,
            "f",
            "2025-03-03",
            DayEdge::Start,
            chrono_tz::UTC,
        )
        .unwrap();
        let end = optional_instant(
            &mut invalid,
            "f",
            "2025-03-03",
            DayEdge::End,
            chrono_tz::UTC,
        )
        .unwrap();
        assert_eq!(start.to_rfc3339(), "2025-03-03T00:00:00+00:00");
        assert_eq!(end.to_rfc3339(), "2025-03-04T00:00:00+00:00");
        let exact = optional_instant(
            &mut invalid,
            "f",
            "2025-03-03T10:00:00+02:00",
            DayEdge::End,
            chrono_tz::UTC,
        );
        assert_eq!(exact.unwrap().to_rfc3339(), "2025-03-03T08:00:00+00:00");
        assert_eq!(
            optional_instant(&mut invalid, "f", " ", DayEdge::End, chrono_tz::UTC),
            None
        );
        assert!(invalid.problems.is_empty());
        optional_instant(&mut invalid, "g", "tomorrow", DayEdge::End, chrono_tz::UTC);
        assert!(invalid.problem_for("g").is_some());
    }

    #[test]
    fn checkboxes_and_yes_no() {
        let mut invalid = Invalid::default();
        assert!(checkbox(&mut invalid, "x", Some("on")));
        assert!(!checkbox(&mut invalid, "x", None));
        assert!(!checkbox(&mut invalid, "x", Some("false")));
        assert_eq!(yes_no(&mut invalid, "x", Some("no")), Some(false));
        assert_eq!(yes_no(&mut invalid, "x", None), None);
        assert!(invalid.problems.is_empty());
        assert!(!checkbox(&mut invalid, "y", Some("maybe")));
        assert_eq!(yes_no(&mut invalid, "z", Some("on")), None);
        assert_eq!(invalid.problem_for("y"), Some("must be yes or no"));
        assert_eq!(invalid.problem_for("z"), Some("must be yes or no"));
    }

    #[test]
    fn ids_and_paragraphs() {
        let mut invalid = Invalid::default();
        let id = AgencyId::new();
        assert_eq!(
            required_id(&mut invalid, "a", &id.to_string(), "an agency"),
            Some(id)
        );
        assert_eq!(
            required_paragraph(&mut invalid, "r", " line\nline ", 20),
            "line\nline"
        );
        assert!(invalid.problems.is_empty());
        assert_eq!(
            required_id::<AgencyId>(&mut invalid, "b", "x", "an agency"),
            None
        );
        required_paragraph(&mut invalid, "c", "bell\u{7}", 20);
        assert_eq!(invalid.problem_for("b"), Some("must name an agency"));
        assert!(invalid.problem_for("c").is_some());
    }
}
