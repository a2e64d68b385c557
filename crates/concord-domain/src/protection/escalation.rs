//! Breaches toward a risk conference's potential-escalation criterion: a
//! recorded breach of a protection order counts like an incident when the
//! conference's rule says breaches count (the default), within the same
//! window — the referral's day and the `window_days` before it.

use crate::risk::conference::incidents_in_window;
use chrono::NaiveDate;

/// What counted toward potential escalation, kept apart so the referral
/// can say how many were breaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EscalationCount {
    pub incidents: u32,
    pub breaches: u32,
}

impl EscalationCount {
    pub fn total(self) -> u32 {
        self.incidents + self.breaches
    }
}

/// Incidents and (when `breaches_count`) breaches within the window.
pub fn escalation_events_in_window(
    incident_dates: &[NaiveDate],
    breach_dates: &[NaiveDate],
    breaches_count: bool,
    referred_on: NaiveDate,
    window_days: u32,
) -> EscalationCount {
    EscalationCount {
        incidents: incidents_in_window(incident_dates, referred_on, window_days),
        breaches: if breaches_count {
            incidents_in_window(breach_dates, referred_on, window_days)
        } else {
            0
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::risk::ReferralCriterion;
    use crate::risk::conference::{ConferenceRules, ReferralFacts, referral_criteria};
    use chrono::Duration;

    fn facts(n: u32) -> ReferralFacts {
        ReferralFacts {
            visible_high_risk: false,
            latest_judged_high: false,
            judgement_reason: None,
            incidents_in_window: n,
            breaches_in_window: 0,
            repeat: false,
        }
    }

    #[test]
    fn a_breach_counts_on_the_days_an_incident_would() {
        let today = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
        let ago = |n: i64| today - Duration::days(n);
        let incidents = [ago(10), ago(20)];
        for (breach_days_ago, counts) in [(0, 1), (364, 1), (365, 1), (366, 0)] {
            let count =
                escalation_events_in_window(&incidents, &[ago(breach_days_ago)], true, today, 365);
            assert_eq!(
                count.breaches, counts,
                "a breach {breach_days_ago} days back"
            );
            assert_eq!(count.incidents, 2);
        }
    }

    #[test]
    fn two_incidents_and_a_breach_meet_the_default_criterion_at_365_days_not_366() {
        let today = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
        let ago = |n: i64| today - Duration::days(n);
        let rules = ConferenceRules::default();
        assert_eq!(rules.escalation_incidents, 3);
        let incidents = [ago(10), ago(20)];
        for (days, met) in [(364, true), (365, true), (366, false)] {
            let count = escalation_events_in_window(&incidents, &[ago(days)], true, today, 365);
            let criteria = referral_criteria(&facts(count.total()), &rules);
            assert_eq!(
                criteria.is_ok_and(|c| c.contains(&ReferralCriterion::PotentialEscalation)),
                met,
                "breach {days} days back"
            );
        }
    }

    #[test]
    fn a_conference_may_say_breaches_do_not_count() {
        let today = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
        let count = escalation_events_in_window(&[today], &[today, today], false, today, 365);
        assert_eq!(
            count,
            EscalationCount {
                incidents: 1,
                breaches: 0
            }
        );
    }
}
