//! Local time: instants are stored and compared in UTC; a date or time a
//! person types or reads is local to the deployment's time zone. This
//! module is the one place where one becomes the other, so it happens once,
//! at the edge, and the same way everywhere:
//!
//! - what a person typed becomes an instant with [`instant_of`] (a date and
//!   time), [`start_of_day`] or [`end_of_day`] (a date);
//! - an instant becomes what a person reads with [`text`] (date, time and
//!   the zone named), [`date_of`] (the local day) or, for the end of a
//!   period, [`end_as_entered`] / [`end_text`] (the day that was entered:
//!   "until 31 January" is stored as the first instant of 1 February and
//!   read back as 31 January).
//!
//! Clocks changing for daylight saving time are handled deliberately, the
//! same way for every entry:
//! - a local time that happens twice (clocks go back, e.g. 01:30 on
//!   1 November in New York) is the **earlier** instant: a clinical window
//!   counted from it is never shown longer than it is, and a period
//!   starting then starts no later than the person meant;
//! - a local time that never happens (clocks go forward, e.g. 02:30 on
//!   8 March in New York) is the **instant the clocks jumped** (03:00 new
//!   time): the first instant that reads at or after what was typed, so
//!   typed times keep their order and "the start of a day" whose midnight
//!   is skipped is that day's first instant.

use chrono::{
    DateTime, Duration, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone,
    Timelike, Utc,
};
/// The deployment's time zone (an IANA zone).
pub use chrono_tz::Tz;

/// The instant at which the deployment's clocks (zone `tz`) read `local`;
/// see the module documentation for times that happen twice or never.
pub fn instant_of(tz: Tz, local: NaiveDateTime) -> DateTime<Utc> {
    match tz.from_local_datetime(&local) {
        LocalResult::Single(at) => at.with_timezone(&Utc),
        LocalResult::Ambiguous(earlier, _later) => earlier.with_timezone(&Utc),
        LocalResult::None => gap_end(tz, local),
    }
}

/// The instant the clocks jumped over `local`: the first local minute after
/// it that exists (every transition since time zones were standardised
/// falls on a whole minute; a gap is at most a few hours, a day at most).
fn gap_end(tz: Tz, local: NaiveDateTime) -> DateTime<Utc> {
    let mut probe = local
        .with_second(0)
        .and_then(|t| t.with_nanosecond(0))
        .unwrap_or(local);
    for _ in 0..24 * 60 {
        probe += Duration::minutes(1);
        if let Some(at) = tz.from_local_datetime(&probe).earliest() {
            return at.with_timezone(&Utc);
        }
    }
    // Not reached with real zone data: read it at the offset in force at
    // that moment in UTC.
    let offset = tz.offset_from_utc_datetime(&local).fix();
    (local - Duration::seconds(i64::from(offset.local_minus_utc()))).and_utc()
}

/// The first instant of a local day (a date entered as "from").
pub fn start_of_day(tz: Tz, day: NaiveDate) -> DateTime<Utc> {
    instant_of(tz, day.and_time(NaiveTime::MIN))
}

/// The end of a local day, exclusive: the first instant of the next day.
/// A date entered as "until" or "through" covers all of that day.
pub fn end_of_day(tz: Tz, day: NaiveDate) -> DateTime<Utc> {
    match day.succ_opt() {
        Some(next) => start_of_day(tz, next),
        None => DateTime::<Utc>::MAX_UTC,
    }
}

/// The local date and time of an instant.
pub fn local_of(tz: Tz, at: DateTime<Utc>) -> NaiveDateTime {
    at.with_timezone(&tz).naive_local()
}

/// The local day an instant falls on.
pub fn date_of(tz: Tz, at: DateTime<Utc>) -> NaiveDate {
    local_of(tz, at).date()
}

/// The end of a period (exclusive, as stored) as it was entered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnteredEnd {
    /// The period covers this whole local day and ends with it: the date
    /// the person entered ("until 31 January").
    Through(NaiveDate),
    /// The period ends at an exact instant (an API client gave a time).
    At(DateTime<Utc>),
}

/// Reads a stored end back as it was entered: a date when the end falls
/// exactly at the end of a local day (the day before the stored
/// next-local-midnight), else the instant itself. Derived rather than
/// stored, so it holds for every end ever recorded; it reads the end in
/// the deployment's current zone, so changing `--time-zone` later moves
/// the dates shown with it (the instants, and so the decisions, stay).
pub fn end_as_entered(tz: Tz, end: DateTime<Utc>) -> EnteredEnd {
    let last_day = date_of(tz, end - Duration::nanoseconds(1));
    if end_of_day(tz, last_day) == end {
        EnteredEnd::Through(last_day)
    } else {
        EnteredEnd::At(end)
    }
}

impl EnteredEnd {
    /// ISO 8601 for the API and exports: `2026-01-31` for a day, RFC 3339
    /// (UTC) for an instant. FHIR reads a date as the whole day.
    pub fn iso(self) -> String {
        match self {
            EnteredEnd::Through(day) => day.to_string(),
            EnteredEnd::At(at) => at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        }
    }
}

impl serde::Serialize for EnteredEnd {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.iso())
    }
}

/// The one way an instant is shown to a person: local date, time to the
/// minute, and the zone named (`2026-03-05 21:00 Africa/Nairobi`).
pub fn text(tz: Tz, at: DateTime<Utc>) -> String {
    format!(
        "{} {}",
        local_of(tz, at).format("%Y-%m-%d %H:%M"),
        tz.name()
    )
}

/// [`text`] to the second, for the audit log.
pub fn text_to_the_second(tz: Tz, at: DateTime<Utc>) -> String {
    format!(
        "{} {}",
        local_of(tz, at).format("%Y-%m-%d %H:%M:%S"),
        tz.name()
    )
}

/// The end of a period as a person reads it: the day entered
/// (`2026-01-31`), or [`text`] when it ends at an exact time.
pub fn end_text(tz: Tz, end: DateTime<Utc>) -> String {
    match end_as_entered(tz, end) {
        EnteredEnd::Through(day) => day.to_string(),
        EnteredEnd::At(at) => text(tz, at),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zone(name: &str) -> Tz {
        name.parse().unwrap()
    }

    fn local(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(h, min, 0)
            .unwrap()
    }

    fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn local_times_east_and_west_of_utc() {
        let cases = [
            (
                "Africa/Nairobi",
                local(2026, 3, 2, 0, 0),
                utc(2026, 3, 1, 21, 0),
            ),
            (
                "Asia/Kolkata",
                local(2026, 3, 2, 0, 0),
                utc(2026, 3, 1, 18, 30),
            ),
            (
                "America/Lima",
                local(2026, 3, 1, 23, 30),
                utc(2026, 3, 2, 4, 30),
            ),
            (
                "Pacific/Honolulu",
                local(2026, 3, 1, 23, 59),
                utc(2026, 3, 2, 9, 59),
            ),
            ("UTC", local(2026, 3, 2, 0, 0), utc(2026, 3, 2, 0, 0)),
        ];
        for (name, typed, instant) in cases {
            let tz = zone(name);
            assert_eq!(instant_of(tz, typed), instant, "{name}");
            assert_eq!(local_of(tz, instant), typed, "{name} back");
        }
    }

    #[test]
    fn clocks_going_forward_new_york_and_london() {
        // New York, 8 March 2026: 02:00 EST becomes 03:00 EDT (07:00 UTC).
        let ny = zone("America/New_York");
        let jump = utc(2026, 3, 8, 7, 0);
        for typed in [(2, 0), (2, 10), (2, 30), (2, 59)] {
            assert_eq!(instant_of(ny, local(2026, 3, 8, typed.0, typed.1)), jump);
        }
        assert_eq!(
            instant_of(ny, local(2026, 3, 8, 1, 59)),
            utc(2026, 3, 8, 6, 59)
        );
        assert_eq!(instant_of(ny, local(2026, 3, 8, 3, 0)), jump);
        assert_eq!(
            instant_of(ny, local(2026, 3, 8, 3, 1)),
            utc(2026, 3, 8, 7, 1)
        );
        // London, 29 March 2026: 01:00 GMT becomes 02:00 BST (01:00 UTC).
        let london = zone("Europe/London");
        assert_eq!(
            instant_of(london, local(2026, 3, 29, 1, 30)),
            utc(2026, 3, 29, 1, 0)
        );
        assert_eq!(
            instant_of(london, local(2026, 3, 29, 0, 59)),
            utc(2026, 3, 29, 0, 59)
        );
    }

    #[test]
    fn clocks_going_back_take_the_earlier_instant() {
        // New York, 1 November 2026: 01:00–01:59 happens in EDT, then EST.
        let ny = zone("America/New_York");
        assert_eq!(
            instant_of(ny, local(2026, 11, 1, 1, 30)),
            utc(2026, 11, 1, 5, 30)
        );
        assert_eq!(
            instant_of(ny, local(2026, 11, 1, 2, 0)),
            utc(2026, 11, 1, 7, 0)
        );
        // London, 25 October 2026: 01:00–01:59 happens in BST, then GMT.
        let london = zone("Europe/London");
        assert_eq!(
            instant_of(london, local(2026, 10, 25, 1, 30)),
            utc(2026, 10, 25, 0, 30)
        );
        assert_eq!(
            instant_of(london, local(2026, 10, 25, 2, 0)),
            utc(2026, 10, 25, 2, 0)
        );
    }

    #[test]
    fn typed_times_keep_their_order_through_every_change() {
        for name in [
            "America/New_York",
            "Europe/London",
            "Europe/Paris",
            "Asia/Kolkata",
        ] {
            let tz = zone(name);
            for (month, d) in [(3, 8), (3, 29), (10, 25), (11, 1)] {
                let mut previous = instant_of(tz, local(2026, month, d, 0, 0));
                let mut t = local(2026, month, d, 0, 0);
                for _ in 0..4 * 60 {
                    t += Duration::minutes(1);
                    let now = instant_of(tz, t);
                    assert!(now >= previous, "{name} {t}");
                    previous = now;
                }
            }
        }
    }

    #[test]
    fn days_start_and_end_at_local_midnight() {
        let nairobi = zone("Africa/Nairobi");
        assert_eq!(
            start_of_day(nairobi, day(2026, 1, 31)),
            utc(2026, 1, 30, 21, 0)
        );
        assert_eq!(
            end_of_day(nairobi, day(2026, 1, 31)),
            utc(2026, 1, 31, 21, 0)
        );
        let lima = zone("America/Lima");
        assert_eq!(end_of_day(lima, day(2026, 1, 31)), utc(2026, 2, 1, 5, 0));
        // Santiago, 6 September 2026: midnight is skipped (00:00 -> 01:00);
        // the day starts at the jump.
        let santiago = zone("America/Santiago");
        let start = start_of_day(santiago, day(2026, 9, 6));
        assert_eq!(date_of(santiago, start), day(2026, 9, 6));
        assert_eq!(
            date_of(santiago, start - Duration::seconds(1)),
            day(2026, 9, 5)
        );
    }

    #[test]
    fn an_end_reads_back_as_the_day_entered() {
        for name in [
            "UTC",
            "Africa/Nairobi",
            "Asia/Kolkata",
            "America/Lima",
            "Pacific/Honolulu",
            "America/New_York",
            "Europe/London",
            "America/Santiago",
        ] {
            let tz = zone(name);
            for entered in [
                day(2026, 1, 31),
                day(2026, 3, 7),
                day(2026, 9, 5),
                day(2026, 10, 31),
            ] {
                let end = end_of_day(tz, entered);
                assert_eq!(
                    end_as_entered(tz, end),
                    EnteredEnd::Through(entered),
                    "{name}"
                );
                assert_eq!(end_text(tz, end), entered.to_string(), "{name}");
                // Valid through the last local minute of the day, not after.
                assert_eq!(date_of(tz, end - Duration::minutes(1)), entered, "{name}");
                assert_eq!(date_of(tz, end), entered.succ_opt().unwrap(), "{name}");
            }
        }
        let nairobi = zone("Africa/Nairobi");
        let exact = utc(2026, 1, 31, 12, 0);
        assert_eq!(end_as_entered(nairobi, exact), EnteredEnd::At(exact));
        assert_eq!(end_text(nairobi, exact), "2026-01-31 15:00 Africa/Nairobi");
        assert_eq!(EnteredEnd::At(exact).iso(), "2026-01-31T12:00:00Z");
        assert_eq!(EnteredEnd::Through(day(2026, 1, 31)).iso(), "2026-01-31");
    }

    #[test]
    fn instants_are_shown_in_local_time_with_the_zone() {
        let at = utc(2026, 3, 5, 18, 0);
        assert_eq!(
            text(zone("Africa/Nairobi"), at),
            "2026-03-05 21:00 Africa/Nairobi"
        );
        assert_eq!(
            text(zone("Asia/Kolkata"), at),
            "2026-03-05 23:30 Asia/Kolkata"
        );
        assert_eq!(
            text(zone("America/Lima"), at),
            "2026-03-05 13:00 America/Lima"
        );
        assert_eq!(
            text(zone("Pacific/Honolulu"), at),
            "2026-03-05 08:00 Pacific/Honolulu"
        );
        assert_eq!(
            text_to_the_second(zone("UTC"), at + Duration::seconds(7)),
            "2026-03-05 18:00:07 UTC"
        );
    }
}
