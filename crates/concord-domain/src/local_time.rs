//! Local time: instants are stored in UTC; what people read and enter —
//! dates on forms, "today", working hours, the end of a day — is in the
//! deployment's time zone.

use chrono::{DateTime, Duration, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

/// The instant `local` falls on in `tz`: the earlier one when clocks go back
/// and the hour repeats; the first instant after the gap when clocks go
/// forward and it does not exist.
pub fn instant_of(tz: Tz, local: NaiveDateTime) -> DateTime<Utc> {
    let mut probe = local;
    // A gap is at most a few hours long; step through it.
    for _ in 0..48 {
        if let Some(at) = tz.from_local_datetime(&probe).earliest() {
            return at.with_timezone(&Utc);
        }
        probe += Duration::minutes(15);
    }
    local.and_utc()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn local(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(h, min, 0)
            .unwrap()
    }

    #[test]
    fn local_times_fall_on_the_right_instants() {
        let nairobi: Tz = "Africa/Nairobi".parse().unwrap();
        assert_eq!(
            instant_of(nairobi, local(2026, 3, 2, 0, 0)),
            Utc.with_ymd_and_hms(2026, 3, 1, 21, 0, 0).unwrap()
        );
        let paris: Tz = "Europe/Paris".parse().unwrap();
        // 29 March 2026: 02:00 to 03:00 does not exist in Paris.
        assert_eq!(
            instant_of(paris, local(2026, 3, 29, 2, 30)),
            Utc.with_ymd_and_hms(2026, 3, 29, 1, 0, 0).unwrap()
        );
        // 25 October 2026: 02:30 happens twice; the first is meant.
        assert_eq!(
            instant_of(paris, local(2026, 10, 25, 2, 30)),
            Utc.with_ymd_and_hms(2026, 10, 25, 0, 30, 0).unwrap()
        );
    }
}
