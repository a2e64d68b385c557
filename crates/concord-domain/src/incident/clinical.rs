//! Time-critical care after rape or sexual assault: HIV post-exposure
//! prophylaxis works only within 72 hours, emergency contraception within
//! 120. The case page shows the time left so that nobody lets a window close
//! unnoticed; classification never withholds the care itself.

use super::classification::GbvType;
use crate::label::label_enum;
use chrono::{DateTime, Duration, Utc};

label_enum! {
    /// Care that must start within a fixed time of the incident.
    pub enum ClinicalCare ("clinical care") {
        /// HIV post-exposure prophylaxis.
        HivPep => "hiv_pep",
        EmergencyContraception => "emergency_contraception",
    }
}

impl ClinicalCare {
    /// How long after the incident the care can still start.
    pub fn window(self) -> Duration {
        match self {
            ClinicalCare::HivPep => Duration::hours(72),
            ClinicalCare::EmergencyContraception => Duration::hours(120),
        }
    }
}

/// One window for one incident.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClinicalWindow {
    pub care: ClinicalCare,
    /// The instant the window closes.
    pub ends_at: DateTime<Utc>,
    /// Time left, always positive; `None` from `ends_at` on.
    pub remaining: Option<Duration>,
}

impl ClinicalWindow {
    /// Whether the care can still start.
    pub fn is_open(&self) -> bool {
        self.remaining.is_some()
    }

    /// The window closed: shown as missed, never hidden.
    pub fn is_missed(&self) -> bool {
        !self.is_open()
    }
}

/// The instant an incident happened, from the local date and time a person
/// entered (in the deployment's zone `tz`). When the time is not known the
/// start of that local day is used, so a window is never shown longer than
/// it is.
pub fn incident_instant(
    tz: chrono_tz::Tz,
    date: chrono::NaiveDate,
    time: Option<chrono::NaiveTime>,
) -> DateTime<Utc> {
    match time {
        Some(time) => crate::local_time::instant_of(tz, date.and_time(time)),
        None => crate::local_time::start_of_day(tz, date),
    }
}

/// The windows an incident opens, as of `now`. Only rape and sexual assault
/// open any. Windows that have closed are still returned (with no time left)
/// so the page can say the window was missed rather than stay silent.
/// `incident_at` must be the best-known instant of the incident; when only
/// the date is known the caller chooses which instant of it to use.
pub fn clinical_windows(
    gbv_type: GbvType,
    incident_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Vec<ClinicalWindow> {
    if !opens_clinical_windows(gbv_type) {
        return Vec::new();
    }
    ClinicalCare::ALL
        .into_iter()
        .map(|care| {
            let ends_at = incident_at + care.window();
            let remaining = Some(ends_at - now).filter(|left| *left > Duration::zero());
            ClinicalWindow {
                care,
                ends_at,
                remaining,
            }
        })
        .collect()
}

fn opens_clinical_windows(gbv_type: GbvType) -> bool {
    match gbv_type {
        GbvType::Rape | GbvType::SexualAssault => true,
        GbvType::PhysicalAssault
        | GbvType::ForcedMarriage
        | GbvType::DenialOfResources
        | GbvType::PsychologicalAbuse
        | GbvType::NonGbv => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn incident() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2025, 3, 10, 22, 15, 0).unwrap()
    }

    fn at(hours: i64, minutes: i64) -> DateTime<Utc> {
        incident() + Duration::hours(hours) + Duration::minutes(minutes)
    }

    fn remaining(care: ClinicalCare, now: DateTime<Utc>) -> Option<Duration> {
        clinical_windows(GbvType::Rape, incident(), now)
            .into_iter()
            .find(|w| w.care == care)
            .unwrap()
            .remaining
    }

    #[test]
    fn pep_window_boundaries() {
        use ClinicalCare::HivPep;
        assert_eq!(remaining(HivPep, at(71, 59)), Some(Duration::minutes(1)));
        assert_eq!(remaining(HivPep, at(72, 0)), None);
        assert_eq!(remaining(HivPep, at(72, 1)), None);
        assert_eq!(remaining(HivPep, at(0, 0)), Some(Duration::hours(72)));
    }

    #[test]
    fn emergency_contraception_window_boundaries() {
        use ClinicalCare::EmergencyContraception as Ec;
        assert_eq!(
            remaining(Ec, at(72, 1)),
            Some(Duration::minutes(47 * 60 + 59))
        );
        assert_eq!(remaining(Ec, at(119, 59)), Some(Duration::minutes(1)));
        assert_eq!(remaining(Ec, at(120, 0)), None);
        assert_eq!(remaining(Ec, at(120, 1)), None);
    }

    #[test]
    fn ends_at_is_fixed_whatever_now_is() {
        for now in [at(1, 0), at(500, 0)] {
            let windows = clinical_windows(GbvType::SexualAssault, incident(), now);
            let ends: Vec<_> = windows.iter().map(|w| (w.care, w.ends_at)).collect();
            assert_eq!(
                ends,
                [
                    (ClinicalCare::HivPep, at(72, 0)),
                    (ClinicalCare::EmergencyContraception, at(120, 0)),
                ]
            );
        }
    }

    /// The windows are counted from the local time entered, in the
    /// deployment's zone: an incident at 23:30 local on 27 February closes
    /// PEP at 23:30 local on 2 March and emergency contraception at 23:30
    /// local on 4 March, east and west of UTC alike.
    #[test]
    fn windows_run_from_the_local_time_entered() {
        use crate::local_time::{instant_of, local_of};
        use chrono::{NaiveDate, NaiveTime};
        let date = NaiveDate::from_ymd_opt(2026, 2, 27).unwrap();
        let time = NaiveTime::from_hms_opt(23, 30, 0).unwrap();
        for zone in [
            "Africa/Nairobi",
            "Asia/Kolkata",
            "America/Lima",
            "Pacific/Honolulu",
        ] {
            let tz: chrono_tz::Tz = zone.parse().unwrap();
            let at = incident_instant(tz, date, Some(time));
            let limit = |day: u32| {
                instant_of(
                    tz,
                    NaiveDate::from_ymd_opt(2026, 3, day)
                        .unwrap()
                        .and_time(time),
                )
            };
            for (care, end) in [
                (ClinicalCare::HivPep, limit(2)),
                (ClinicalCare::EmergencyContraception, limit(4)),
            ] {
                let window = |now| {
                    clinical_windows(GbvType::Rape, at, now)
                        .into_iter()
                        .find(|w| w.care == care)
                        .unwrap()
                };
                let before = window(end - Duration::minutes(1));
                assert_eq!(
                    before.remaining,
                    Some(Duration::minutes(1)),
                    "{zone} {care}"
                );
                assert!(window(end).is_missed(), "{zone} {care} at the limit");
                assert!(
                    window(end + Duration::minutes(1)).is_missed(),
                    "{zone} {care}"
                );
                assert_eq!(before.ends_at, end, "{zone} {care}");
                assert_eq!(local_of(tz, before.ends_at).time(), time, "{zone} {care}");
            }
        }
        // Only the date known: counted from the start of that local day.
        let nairobi: chrono_tz::Tz = "Africa/Nairobi".parse().unwrap();
        assert_eq!(
            incident_instant(nairobi, date, None),
            Utc.with_ymd_and_hms(2026, 2, 26, 21, 0, 0).unwrap()
        );
    }

    #[test]
    fn only_rape_and_sexual_assault_open_windows() {
        for gbv_type in GbvType::ALL {
            let windows = clinical_windows(gbv_type, incident(), at(1, 0));
            let expected = matches!(gbv_type, GbvType::Rape | GbvType::SexualAssault);
            assert_eq!(!windows.is_empty(), expected, "{gbv_type}");
        }
    }
}
