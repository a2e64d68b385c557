//! The referral funnel (DOMAIN.md §8): of the referrals sent in a period,
//! how many reached each step (acknowledged, accepted or declined, first
//! contact, service delivered, closed with feedback, withdrawn) and the
//! median time from sending to reaching it; and, per urgency, the share
//! answered (acknowledged, accepted or declined) by the response target.
//!
//! **Period rule:** the instant the referral was sent falls in the period,
//! the period's local days converted to instants once in the deployment's
//! zone ([`Period::instants`]). Drafts (never sent) are not referrals yet.
//! Pure: the store hands over each referral's journey without its ids.

use super::period::Period;
use crate::agency::Sector;
use crate::ids::AreaId;
use crate::referral::state::ReferralState;
use crate::referral::targets::Urgency;
use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use std::collections::BTreeMap;

/// One sent referral as the funnel sees it: when it was sent, its urgency
/// and answer deadline, the first time it reached each later state, the
/// sector of the receiving agency and the area the referral counts in
/// (where the case's first incident happened; `None` when unknown).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferralJourney {
    pub sent_at: DateTime<Utc>,
    pub urgency: Urgency,
    pub due_at: Option<DateTime<Utc>>,
    pub reached: Vec<(ReferralState, DateTime<Utc>)>,
    pub receiving_sector: Sector,
    pub area: Option<AreaId>,
}

impl ReferralJourney {
    /// The first time it reached `state` (for [`ReferralState::Sent`], when
    /// it was sent).
    pub fn first(&self, state: ReferralState) -> Option<DateTime<Utc>> {
        if state == ReferralState::Sent {
            return Some(self.sent_at);
        }
        self.reached
            .iter()
            .filter(|(s, _)| *s == state)
            .map(|(_, at)| *at)
            .min()
    }

    /// Its first answer: acknowledged, accepted or declined, whichever came
    /// first.
    fn answered_at(&self) -> Option<DateTime<Utc>> {
        ANSWERS.iter().filter_map(|s| self.first(*s)).min()
    }

    /// Whether it was answered by its target (`false` without a target).
    pub fn answered_in_time(&self) -> bool {
        self.due_at
            .is_some_and(|due| self.answered_at().is_some_and(|at| at <= due))
    }

    /// How long after sending it reached `state`.
    pub fn time_to(&self, state: ReferralState) -> Option<Duration> {
        self.first(state).map(|at| at - self.sent_at)
    }
}

const ANSWERS: [ReferralState; 3] = [
    ReferralState::Acknowledged,
    ReferralState::Accepted,
    ReferralState::Declined,
];

/// The steps of the funnel, in order: where referrals got to, and the two
/// ways they end unanswered or taken back.
pub const STEPS: [ReferralState; 9] = [
    ReferralState::Sent,
    ReferralState::Acknowledged,
    ReferralState::Accepted,
    ReferralState::Declined,
    ReferralState::FirstContact,
    ReferralState::ServiceDelivered,
    ReferralState::Closed,
    ReferralState::Withdrawn,
    ReferralState::Expired,
];

/// One step: how many referrals reached it, and the median time from
/// sending to reaching it (`None` when none did).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StepFigures {
    pub reached: u32,
    pub median: Option<Duration>,
}

/// Answered by the target: `within` of `answerable` (those with a target).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct AnsweredInTime {
    pub within: u32,
    pub answerable: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Funnel {
    pub steps: Vec<(ReferralState, StepFigures)>,
    pub answered_in_time: BTreeMap<Urgency, AnsweredInTime>,
}

/// The funnel of the referrals sent in `period`.
pub fn referral_funnel(journeys: &[ReferralJourney], period: Period, tz: Tz) -> Funnel {
    let (start, end) = period.instants(tz);
    let sent: Vec<_> = journeys
        .iter()
        .filter(|j| start <= j.sent_at && j.sent_at < end)
        .collect();
    let steps = STEPS
        .iter()
        .map(|step| {
            let mut times: Vec<Duration> = sent.iter().filter_map(|j| j.time_to(*step)).collect();
            let figures = StepFigures {
                reached: times.len() as u32,
                median: median(&mut times),
            };
            (*step, figures)
        })
        .collect();
    let mut answered_in_time: BTreeMap<Urgency, AnsweredInTime> = BTreeMap::new();
    for j in &sent {
        if j.due_at.is_none() {
            continue;
        }
        let entry = answered_in_time.entry(j.urgency).or_default();
        entry.answerable += 1;
        if j.answered_in_time() {
            entry.within += 1;
        }
    }
    Funnel {
        steps,
        answered_in_time,
    }
}

/// The middle value; for an even count, the mean of the two middle ones
/// (to the whole second, rounded down).
pub fn median(times: &mut [Duration]) -> Option<Duration> {
    if times.is_empty() {
        return None;
    }
    times.sort_unstable();
    let mid = times.len() / 2;
    Some(if times.len() % 2 == 1 {
        times[mid]
    } else {
        Duration::seconds((times[mid - 1].num_seconds() + times[mid].num_seconds()) / 2)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(d: u32, h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, d, h, 0, 0).unwrap()
    }

    fn journey(sent: DateTime<Utc>, reached: &[(ReferralState, DateTime<Utc>)]) -> ReferralJourney {
        ReferralJourney {
            sent_at: sent,
            urgency: Urgency::Urgent,
            due_at: Some(sent + Duration::hours(24)),
            reached: reached.to_vec(),
            receiving_sector: Sector::Health,
            area: None,
        }
    }

    fn step(f: &Funnel, s: ReferralState) -> StepFigures {
        f.steps.iter().find(|(x, _)| *x == s).unwrap().1
    }

    #[test]
    fn counts_and_medians_by_hand() {
        use ReferralState::*;
        // Three referrals sent in March: acknowledged after 2 h, 10 h and
        // 30 h (median 10 h); two accepted after 4 h and 12 h (median 8 h);
        // one declined; one delivered after 3 days.
        let tz: Tz = "UTC".parse().unwrap();
        let journeys = [
            journey(
                at(2, 8),
                &[
                    (Acknowledged, at(2, 10)),
                    (Accepted, at(2, 12)),
                    (ServiceDelivered, at(5, 8)),
                ],
            ),
            journey(
                at(3, 8),
                &[(Acknowledged, at(3, 18)), (Accepted, at(3, 20))],
            ),
            journey(
                at(4, 8),
                &[(Acknowledged, at(5, 14)), (Declined, at(5, 15))],
            ),
        ];
        let f = referral_funnel(&journeys, Period::parse("2026-03").unwrap(), tz);
        assert_eq!(step(&f, Sent).reached, 3);
        assert_eq!(
            step(&f, Acknowledged),
            StepFigures {
                reached: 3,
                median: Some(Duration::hours(10))
            }
        );
        assert_eq!(
            step(&f, Accepted),
            StepFigures {
                reached: 2,
                median: Some(Duration::hours(8))
            }
        );
        assert_eq!(step(&f, Declined).reached, 1);
        assert_eq!(step(&f, ServiceDelivered).median, Some(Duration::hours(72)));
        assert_eq!(
            step(&f, Withdrawn),
            StepFigures {
                reached: 0,
                median: None
            }
        );
        // Answered within 24 h: the first two; the third after 30 h.
        assert_eq!(
            f.answered_in_time[&Urgency::Urgent],
            AnsweredInTime {
                within: 2,
                answerable: 3
            }
        );
    }

    #[test]
    fn answered_exactly_at_the_target_is_in_time() {
        let tz: Tz = "UTC".parse().unwrap();
        let sent = at(2, 8);
        let on_time = journey(
            sent,
            &[(ReferralState::Declined, sent + Duration::hours(24))],
        );
        let late = journey(
            sent,
            &[(
                ReferralState::Acknowledged,
                sent + Duration::hours(24) + Duration::seconds(1),
            )],
        );
        let f = referral_funnel(&[on_time, late], Period::parse("2026-03").unwrap(), tz);
        assert_eq!(
            f.answered_in_time[&Urgency::Urgent],
            AnsweredInTime {
                within: 1,
                answerable: 2
            }
        );
    }

    #[test]
    fn the_period_is_local_time() {
        // Nairobi (UTC+3): sent at 22:00 UTC on 31 March is 1 April there.
        let tz: Tz = "Africa/Nairobi".parse().unwrap();
        let late_march_utc = Utc.with_ymd_and_hms(2026, 3, 31, 22, 0, 0).unwrap();
        let early_march_utc = Utc.with_ymd_and_hms(2026, 2, 28, 21, 0, 0).unwrap();
        let journeys = [journey(late_march_utc, &[]), journey(early_march_utc, &[])];
        let march = referral_funnel(&journeys, Period::parse("2026-03").unwrap(), tz);
        assert_eq!(step(&march, ReferralState::Sent).reached, 1);
        let april = referral_funnel(&journeys, Period::parse("2026-04").unwrap(), tz);
        assert_eq!(step(&april, ReferralState::Sent).reached, 1);
    }
}
