//! Urgency and response targets. A referral sent is answered (accepted or
//! declined) within a target that depends on its urgency *(configurable)*:
//! by default one hour round the clock for an emergency, the same working
//! day for an urgent one, two working days for a routine one. Working time
//! follows a simple working week (days and opening hours, in the
//! deployment's time, which is UTC for now).

use crate::label::label_enum;
use crate::referral::state::ReferralState;
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Utc};

label_enum! {
    /// How soon the receiving agency must answer.
    pub enum Urgency ("urgency") {
        Emergency => "emergency",
        Urgent => "urgent",
        Routine => "routine",
    }
}

/// The days and hours an agency's queue is worked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WorkingWeek {
    /// Monday first.
    pub days: [bool; 7],
    pub opens: NaiveTime,
    /// After `opens`.
    pub closes: NaiveTime,
}

impl Default for WorkingWeek {
    /// Monday to Friday, 08:00 to 17:00.
    fn default() -> Self {
        Self {
            days: [true, true, true, true, true, false, false],
            opens: NaiveTime::from_hms_opt(8, 0, 0).expect("a time"),
            closes: NaiveTime::from_hms_opt(17, 0, 0).expect("a time"),
        }
    }
}

impl WorkingWeek {
    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        self.days[date.weekday().num_days_from_monday() as usize]
    }

    /// A week with at least one working day and hours that make sense.
    pub fn is_valid(&self) -> bool {
        self.days.iter().any(|d| *d) && self.opens < self.closes
    }

    /// Parses `mon,tue,wed,thu,fri` and `08:00-17:00`.
    pub fn parse(days: &str, hours: &str) -> Result<WorkingWeek, String> {
        const NAMES: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
        let mut set = [false; 7];
        for name in days.split(',').map(|d| d.trim().to_lowercase()) {
            if name.is_empty() {
                continue;
            }
            let index = NAMES
                .iter()
                .position(|n| *n == name)
                .ok_or_else(|| format!("`{name}` is not a day (use mon,tue,…,sun)"))?;
            set[index] = true;
        }
        let (opens, closes) = hours
            .split_once('-')
            .ok_or_else(|| "working hours look like 08:00-17:00".to_string())?;
        let time = |t: &str| {
            NaiveTime::parse_from_str(t.trim(), "%H:%M")
                .map_err(|_| format!("`{}` is not a time like 08:00", t.trim()))
        };
        let week = WorkingWeek {
            days: set,
            opens: time(opens)?,
            closes: time(closes)?,
        };
        if week.is_valid() {
            Ok(week)
        } else {
            Err("a working week needs at least one day and opening before closing".into())
        }
    }

    /// The next working day strictly after `date`.
    fn next_working_day(&self, date: NaiveDate) -> NaiveDate {
        let mut day = date;
        loop {
            day = day.succ_opt().expect("a date within range");
            if self.is_working_day(day) {
                return day;
            }
        }
    }
}

/// Response targets by urgency.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResponseTargets {
    /// Round the clock.
    pub emergency: Duration,
    /// Working days after the day it arrives; 0 is the same working day.
    pub urgent_working_days: u32,
    pub routine_working_days: u32,
}

impl Default for ResponseTargets {
    fn default() -> Self {
        Self {
            emergency: Duration::hours(1),
            urgent_working_days: 0,
            routine_working_days: 2,
        }
    }
}

/// When the answer to a referral sent at `sent_at` is due. An emergency
/// counts round the clock. Otherwise the referral arrives on the working
/// day it was sent if that day's queue is still open (before closing
/// time), else on the next working day; it is due at closing time that
/// many working days later.
pub fn response_due(
    sent_at: DateTime<Utc>,
    urgency: Urgency,
    targets: &ResponseTargets,
    week: &WorkingWeek,
    tz: chrono_tz::Tz,
) -> DateTime<Utc> {
    let working_days = match urgency {
        Urgency::Emergency => return sent_at + targets.emergency,
        Urgency::Urgent => targets.urgent_working_days,
        Urgency::Routine => targets.routine_working_days,
    };
    // Working days and hours are the deployment's, in its time zone.
    let local = crate::local_time::local_of(tz, sent_at);
    let mut day = local.date();
    if !week.is_working_day(day) || local.time() >= week.closes {
        day = week.next_working_day(day);
    }
    for _ in 0..working_days {
        day = week.next_working_day(day);
    }
    crate::local_time::instant_of(tz, day.and_time(week.closes))
}

/// Overdue: still waiting for an answer after its due time.
pub fn is_overdue(state: ReferralState, due_at: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
    state.awaits_response() && due_at.is_some_and(|due| now > due)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use proptest::prelude::*;

    /// 2026-03-02 is a Monday.
    fn at(day: u32, hour: u32, minute: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, day, hour, minute, 0).unwrap()
    }

    fn due(sent: DateTime<Utc>, urgency: Urgency) -> DateTime<Utc> {
        response_due(
            sent,
            urgency,
            &ResponseTargets::default(),
            &WorkingWeek::default(),
            chrono_tz::UTC,
        )
    }

    #[test]
    fn default_targets() {
        // Emergency: one hour, even on a Sunday night.
        assert_eq!(due(at(8, 23, 30), Urgency::Emergency), at(9, 0, 30));
        // Urgent: the same working day if sent before closing…
        assert_eq!(due(at(2, 10, 0), Urgency::Urgent), at(2, 17, 0));
        assert_eq!(due(at(2, 7, 0), Urgency::Urgent), at(2, 17, 0));
        // …else the next working day.
        assert_eq!(due(at(2, 17, 0), Urgency::Urgent), at(3, 17, 0));
        assert_eq!(due(at(6, 18, 0), Urgency::Urgent), at(9, 17, 0));
        assert_eq!(due(at(7, 12, 0), Urgency::Urgent), at(9, 17, 0));
        // Routine: two working days.
        assert_eq!(due(at(2, 10, 0), Urgency::Routine), at(4, 17, 0));
        assert_eq!(due(at(5, 10, 0), Urgency::Routine), at(9, 17, 0));
        assert_eq!(due(at(6, 18, 0), Urgency::Routine), at(11, 17, 0));
    }

    #[test]
    fn configured_week_and_targets() {
        let week = WorkingWeek::parse("sun,mon,tue,wed,thu", "09:00-15:30").unwrap();
        let targets = ResponseTargets {
            emergency: Duration::minutes(30),
            urgent_working_days: 1,
            routine_working_days: 3,
        };
        // Thursday 5 March after closing → Sunday is the next working day.
        let sent = at(5, 16, 0);
        let closes = NaiveTime::from_hms_opt(15, 30, 0).unwrap();
        assert_eq!(
            response_due(sent, Urgency::Urgent, &targets, &week, chrono_tz::UTC),
            NaiveDate::from_ymd_opt(2026, 3, 9)
                .unwrap()
                .and_time(closes)
                .and_utc()
        );
        assert_eq!(
            response_due(sent, Urgency::Emergency, &targets, &week, chrono_tz::UTC),
            at(5, 16, 30)
        );
        assert!(WorkingWeek::parse("mon,funday", "08:00-17:00").is_err());
        assert!(WorkingWeek::parse("mon", "17:00-08:00").is_err());
        assert!(WorkingWeek::parse("", "08:00-17:00").is_err());
    }

    #[test]
    fn overdue_only_while_waiting_for_an_answer() {
        let due_at = Some(at(2, 17, 0));
        assert!(!is_overdue(ReferralState::Sent, due_at, at(2, 17, 0)));
        assert!(is_overdue(ReferralState::Sent, due_at, at(2, 17, 1)));
        assert!(is_overdue(ReferralState::Acknowledged, due_at, at(3, 9, 0)));
        for state in ReferralState::ALL
            .into_iter()
            .filter(|s| !s.awaits_response())
        {
            assert!(!is_overdue(state, due_at, at(20, 9, 0)));
        }
        assert!(!is_overdue(ReferralState::Sent, None, at(20, 9, 0)));
    }

    fn any_instant() -> impl Strategy<Value = DateTime<Utc>> {
        (0i64..(3 * 365 * 24 * 60)).prop_map(|m| at(2, 0, 0) + Duration::minutes(m))
    }

    fn any_urgency() -> impl Strategy<Value = Urgency> {
        proptest::sample::select(Urgency::ALL.to_vec())
    }

    #[test]
    fn working_hours_are_the_deployments_own() {
        // Nairobi is UTC+3: sent Monday 15:00 local (12:00 UTC), routine is
        // due Wednesday at 17:00 local, 14:00 UTC.
        let nairobi: chrono_tz::Tz = "Africa/Nairobi".parse().unwrap();
        let due = response_due(
            at(2, 12, 0),
            Urgency::Routine,
            &ResponseTargets::default(),
            &WorkingWeek::default(),
            nairobi,
        );
        assert_eq!(due, at(4, 14, 0));
        // Sent Monday 18:30 local (15:30 UTC): after closing, so it arrives
        // Tuesday and is due Thursday.
        let late = response_due(
            at(2, 15, 30),
            Urgency::Routine,
            &ResponseTargets::default(),
            &WorkingWeek::default(),
            nairobi,
        );
        assert_eq!(late, at(5, 14, 0));
    }

    proptest! {
        /// Due after it was sent, at closing time of a working day (except
        /// emergencies), and never earlier for a later sending.
        #[test]
        fn due_times_are_sane(sent in any_instant(), later in 0i64..10_000, urgency in any_urgency()) {
            let week = WorkingWeek::default();
            let d = due(sent, urgency);
            prop_assert!(d > sent);
            if urgency != Urgency::Emergency {
                prop_assert!(week.is_working_day(d.date_naive()));
                prop_assert_eq!(d.time(), week.closes);
                // Never more than a week and the target away.
                prop_assert!(d - sent <= Duration::days(7 + 2 * 2));
            }
            prop_assert!(due(sent + Duration::minutes(later), urgency) >= d);
            // More urgent is never due later.
            prop_assert!(due(sent, Urgency::Urgent) <= due(sent, Urgency::Routine));
        }
    }
}
