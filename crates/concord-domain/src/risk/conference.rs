//! Multi-agency risk conferences (MARAC): the referral criteria, screening,
//! listing at meetings, the time-limited access of attending agencies, the
//! privacy of each agency's research, and the independent advocate's first
//! contact.

use super::{ReferralCriterion, RiskLevel};
use crate::ids::AgencyId;
use crate::label::label_enum;
use crate::validation::Invalid;
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc, Weekday};
use std::collections::BTreeSet;

/// A conference's configurable rules (DOMAIN.md §7 defaults).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConferenceRules {
    /// Potential escalation: this many incidents…
    pub escalation_incidents: u32,
    /// …within this many days.
    pub escalation_window_days: u32,
    /// Repeat: referred within this many days.
    pub repeat_window_days: u32,
    /// Attending agencies see the listed cases until this many days after
    /// the meeting.
    pub access_days: u32,
    /// The advocate's first contact, in working days from the referral.
    pub first_contact_working_days: u32,
    /// Carry-overs of an action before it escalates to the steering group.
    pub escalate_after: u32,
    /// Potential escalation also counts recorded breaches of protection
    /// orders in the window, like incidents (issue 16 §2; default yes).
    pub breaches_count: bool,
}

impl Default for ConferenceRules {
    fn default() -> Self {
        Self {
            escalation_incidents: 3,
            escalation_window_days: 365,
            repeat_window_days: 365,
            access_days: 7,
            first_contact_working_days: 2,
            escalate_after: 3,
            breaches_count: true,
        }
    }
}

impl ConferenceRules {
    /// Checks settings entered as text (the conference settings form).
    pub fn from_form(form: &RulesForm) -> Result<ConferenceRules, Invalid> {
        let mut invalid = Invalid::default();
        let mut number = |field: &str, text: &str, min: u32, max: u32| -> u32 {
            match text.trim().parse::<u32>() {
                Ok(v) if (min..=max).contains(&v) => v,
                _ => {
                    invalid.push(field, format!("must be a whole number from {min} to {max}"));
                    min
                }
            }
        };
        let rules = ConferenceRules {
            escalation_incidents: number("escalation_incidents", &form.escalation_incidents, 1, 50),
            escalation_window_days: number(
                "escalation_window_days",
                &form.escalation_window_days,
                1,
                3650,
            ),
            repeat_window_days: number("repeat_window_days", &form.repeat_window_days, 1, 3650),
            access_days: number("access_days", &form.access_days, 0, 90),
            first_contact_working_days: number(
                "first_contact_working_days",
                &form.first_contact_working_days,
                0,
                30,
            ),
            escalate_after: number("escalate_after", &form.escalate_after, 1, 12),
            breaches_count: crate::form_fields::checkbox(
                &mut invalid,
                "breaches_count",
                Some(&form.breaches_count),
            ),
        };
        invalid.into_result(rules)
    }
}

/// The rules as entered.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct RulesForm {
    pub escalation_incidents: String,
    pub escalation_window_days: String,
    pub repeat_window_days: String,
    pub access_days: String,
    pub first_contact_working_days: String,
    pub escalate_after: String,
    /// A checkbox: `on`/`true` counts breaches; empty (unticked) does not.
    pub breaches_count: String,
}

impl From<ConferenceRules> for RulesForm {
    fn from(r: ConferenceRules) -> Self {
        Self {
            escalation_incidents: r.escalation_incidents.to_string(),
            escalation_window_days: r.escalation_window_days.to_string(),
            repeat_window_days: r.repeat_window_days.to_string(),
            access_days: r.access_days.to_string(),
            first_contact_working_days: r.first_contact_working_days.to_string(),
            escalate_after: r.escalate_after.to_string(),
            breaches_count: r.breaches_count.to_string(),
        }
    }
}

/// Was any earlier referral (of her, or of the same perpetrator) within the
/// window before the day this one was made (`referred_on`: the day it
/// happened, which for a referral made on paper is not the day it is
/// entered)? A referral exactly `window_days` before still counts; one a day
/// earlier does not, nor does one dated after `referred_on`.
pub fn is_repeat(
    earlier_referrals: &[NaiveDate],
    referred_on: NaiveDate,
    window_days: u32,
) -> bool {
    earlier_referrals.iter().any(|&on| {
        let days = (referred_on - on).num_days();
        (0..=i64::from(window_days)).contains(&days)
    })
}

/// Incidents within the escalation window (the referral's day and the
/// `window_days` before it), counted from the recorded incident dates.
pub fn incidents_in_window(
    incident_dates: &[NaiveDate],
    referred_on: NaiveDate,
    window_days: u32,
) -> u32 {
    incident_dates
        .iter()
        .filter(|&&on| {
            let days = (referred_on - on).num_days();
            (0..=i64::from(window_days)).contains(&days)
        })
        .count() as u32
}

/// Did professional judgement raise her assessment to high? Then judgement
/// is a referral criterion by itself (the reason is on the assessment; it
/// need not be typed again on the referral).
pub fn judged_high(computed: RiskLevel, judged: RiskLevel) -> bool {
    judged == RiskLevel::High && judged > computed
}

/// What is known when a case is referred.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferralFacts {
    /// The assessment the referral rests on triggered visible high risk.
    pub visible_high_risk: bool,
    /// Her latest assessment (as of the referral's day) was raised to high
    /// by professional judgement ([`judged_high`]).
    pub latest_judged_high: bool,
    /// A professional's reason for referring on judgement, given with the
    /// referral.
    pub judgement_reason: Option<String>,
    pub incidents_in_window: u32,
    /// Breaches of protection orders in the window, when the conference's
    /// rule counts them (0 otherwise): they count like incidents.
    pub breaches_in_window: u32,
    pub repeat: bool,
}

/// The criteria a referral meets; refused when it meets none. A repeat is
/// enough on its own, whatever the other criteria say.
pub fn referral_criteria(
    facts: &ReferralFacts,
    rules: &ConferenceRules,
) -> Result<BTreeSet<ReferralCriterion>, Invalid> {
    let mut criteria = BTreeSet::new();
    if facts.visible_high_risk {
        criteria.insert(ReferralCriterion::VisibleHighRisk);
    }
    if facts.latest_judged_high
        || facts
            .judgement_reason
            .as_deref()
            .is_some_and(|r| !r.trim().is_empty())
    {
        criteria.insert(ReferralCriterion::ProfessionalJudgement);
    }
    if facts.incidents_in_window + facts.breaches_in_window >= rules.escalation_incidents {
        criteria.insert(ReferralCriterion::PotentialEscalation);
    }
    if facts.repeat {
        criteria.insert(ReferralCriterion::Repeat);
    }
    if criteria.is_empty() {
        return Err(Invalid::one(
            "criteria",
            "none of the referral criteria is met: no high-risk assessment, no professional judgement (on her latest assessment or stated here), too few incidents in the period, and no earlier referral in the repeat period",
        ));
    }
    Ok(criteria)
}

label_enum! {
    /// Where a referral stands.
    pub enum ReferralStatus ("referral status") {
        AwaitingScreening => "awaiting_screening",
        Accepted => "accepted",
        Rejected => "rejected",
        Listed => "listed",
        Discussed => "discussed",
        TransferredOut => "transferred_out",
    }
}

label_enum! {
    /// What can happen to a referral.
    pub enum ReferralEvent ("referral event") {
        Accept => "accept",
        Reject => "reject",
        List => "list",
        Unlist => "unlist",
        Discuss => "discuss",
        TransferOut => "transfer_out",
    }
}

/// Why a referral cannot take a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ReferralRefusal {
    /// Names where the referral stands and where the step is possible.
    #[error(
        "this referral is {}; it can be {} only when it is {}",
        status_words(*.from),
        event_words(*.event),
        allowed_words(*.event)
    )]
    NotNow {
        from: ReferralStatus,
        event: ReferralEvent,
    },
    #[error(
        "a repeat referral is heard whatever the other criteria say; it cannot be screened out"
    )]
    RepeatCannotBeRejected,
}

fn status_words(status: ReferralStatus) -> &'static str {
    match status {
        ReferralStatus::AwaitingScreening => "awaiting screening",
        ReferralStatus::Accepted => "accepted",
        ReferralStatus::Rejected => "rejected",
        ReferralStatus::Listed => "listed",
        ReferralStatus::Discussed => "discussed",
        ReferralStatus::TransferredOut => "transferred out",
    }
}

fn event_words(event: ReferralEvent) -> &'static str {
    match event {
        ReferralEvent::Accept => "accepted",
        ReferralEvent::Reject => "rejected",
        ReferralEvent::List => "listed",
        ReferralEvent::Unlist => "taken off the agenda",
        ReferralEvent::Discuss => "discussed",
        ReferralEvent::TransferOut => "transferred out",
    }
}

/// "accepted or listed": the states from which the event is possible.
fn allowed_words(event: ReferralEvent) -> String {
    let words: Vec<&str> = ReferralStatus::ALL
        .into_iter()
        .filter(|from| next_status(*from, event, false).is_ok())
        .map(status_words)
        .collect();
    match words.split_last() {
        Some((last, [])) => last.to_string(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => "never".to_string(),
    }
}

/// The referral state machine.
pub fn next_status(
    from: ReferralStatus,
    event: ReferralEvent,
    repeat: bool,
) -> Result<ReferralStatus, ReferralRefusal> {
    use ReferralEvent as E;
    use ReferralStatus as S;
    match (from, event) {
        (S::AwaitingScreening, E::Accept) => Ok(S::Accepted),
        (S::AwaitingScreening, E::Reject) if repeat => Err(ReferralRefusal::RepeatCannotBeRejected),
        (S::AwaitingScreening, E::Reject) => Ok(S::Rejected),
        (S::Accepted, E::List) | (S::Listed, E::List) => Ok(S::Listed),
        (S::Listed, E::Unlist) => Ok(S::Accepted),
        (S::Listed, E::Discuss) => Ok(S::Discussed),
        (S::AwaitingScreening | S::Accepted | S::Listed | S::Discussed, E::TransferOut) => {
            Ok(S::TransferredOut)
        }
        _ => Err(ReferralRefusal::NotNow { from, event }),
    }
}

label_enum! {
    pub enum MeetingKind ("meeting kind") {
        Regular => "regular",
        Emergency => "emergency",
    }
}

label_enum! {
    /// A meeting is scheduled, then held (attendance recorded, access
    /// granted, cases discussed), then closed with its minutes.
    pub enum MeetingStatus ("meeting status") {
        Scheduled => "scheduled",
        InProgress => "in_progress",
        Closed => "closed",
    }
}

label_enum! {
    pub enum Attendance ("attendance") {
        Present => "present",
        Apologies => "apologies",
    }
}

/// The instant attending agencies' access to a meeting's cases ends: the
/// end of the `access_days`-th day after the meeting day, in the
/// deployment's time zone `tz`.
pub fn meeting_access_until(
    meeting_day: NaiveDate,
    access_days: u32,
    tz: chrono_tz::Tz,
) -> DateTime<Utc> {
    crate::local_time::end_of_day(tz, meeting_day + Duration::days(i64::from(access_days)))
}

/// `days` working days (Monday to Friday) after `from`.
pub fn add_working_days(from: NaiveDate, days: u32) -> NaiveDate {
    let mut date = from;
    let mut left = days;
    while left > 0 {
        date += Duration::days(1);
        if !matches!(date.weekday(), Weekday::Sat | Weekday::Sun) {
            left -= 1;
        }
    }
    date
}

/// The advocate's first contact is overdue once the due day has passed
/// without contact.
pub fn first_contact_overdue(
    due: NaiveDate,
    contacted: Option<NaiveDate>,
    today: NaiveDate,
) -> bool {
    match contacted {
        Some(_) => false,
        None => today > due,
    }
}

/// Who may read one agency's research on a referral: the agency that wrote
/// it, always; anyone else only once it was shared at the meeting, and then
/// only the conference's coordinating agency or an agency that may read the
/// case (an attending agency within its access window).
pub fn research_visible(
    author_agency: AgencyId,
    shared: bool,
    reader_agency: AgencyId,
    reader_is_coordinator: bool,
    reader_may_read_case: bool,
) -> bool {
    author_agency == reader_agency || (shared && (reader_is_coordinator || reader_may_read_case))
}

/// An observer may be recorded at a meeting only once they have
/// acknowledged the confidentiality of what they hear.
pub fn check_observer(name: &str, organisation: &str, acknowledged: bool) -> Result<(), Invalid> {
    let mut invalid = Invalid::default();
    crate::validation::required_text(&mut invalid, "name", name, 200);
    crate::validation::required_text(&mut invalid, "organisation", organisation, 200);
    if !acknowledged {
        invalid.push(
            "acknowledged",
            "an observer must acknowledge confidentiality before the meeting",
        );
    }
    invalid.into_result(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn repeat_at_364_365_and_366_days() {
        let today = day(2026, 3, 2);
        let ago = |n: i64| today - Duration::days(n);
        assert!(is_repeat(&[ago(364)], today, 365));
        assert!(is_repeat(&[ago(365)], today, 365));
        assert!(!is_repeat(&[ago(366)], today, 365));
        assert!(!is_repeat(&[], today, 365));
        assert!(is_repeat(&[ago(400), ago(0)], today, 365));
    }

    #[test]
    fn escalation_counts_incidents_in_the_window() {
        let today = day(2026, 3, 2);
        let ago = |n: i64| today - Duration::days(n);
        let dates = [ago(10), ago(200), ago(365), ago(366)];
        assert_eq!(incidents_in_window(&dates, today, 365), 3);
        assert_eq!(incidents_in_window(&dates, today, 100), 1);
        let rules = ConferenceRules::default();
        let facts = |n| ReferralFacts {
            visible_high_risk: false,
            latest_judged_high: false,
            judgement_reason: None,
            incidents_in_window: n,
            breaches_in_window: 0,
            repeat: false,
        };
        assert!(referral_criteria(&facts(2), &rules).is_err());
        assert_eq!(
            referral_criteria(&facts(3), &rules).unwrap(),
            BTreeSet::from([ReferralCriterion::PotentialEscalation])
        );
        let five = ConferenceRules {
            escalation_incidents: 5,
            ..rules
        };
        assert!(referral_criteria(&facts(4), &five).is_err(), "configurable");
    }

    #[test]
    fn escalation_counts_breaches_like_incidents_unless_the_conference_says_not() {
        // Two incidents and one breach of a protection order: three events,
        // the default threshold, when the breach is 364, 365 or 366 days
        // before the referral (the same edges as for incidents).
        let today = day(2026, 3, 2);
        let ago = |n: i64| today - Duration::days(n);
        let incidents = [ago(10), ago(200)];
        let facts = |incidents: u32, breaches: u32| ReferralFacts {
            visible_high_risk: false,
            latest_judged_high: false,
            judgement_reason: None,
            incidents_in_window: incidents,
            breaches_in_window: breaches,
            repeat: false,
        };
        let rules = ConferenceRules::default();
        assert!(rules.breaches_count, "breaches count by default");
        let not_counted = ConferenceRules {
            breaches_count: false,
            ..rules
        };
        for (days, met) in [(364, true), (365, true), (366, false)] {
            for (rules, counted) in [(rules, true), (not_counted, false)] {
                let count = crate::protection::escalation_events_in_window(
                    &incidents,
                    &[ago(days)],
                    rules.breaches_count,
                    today,
                    rules.escalation_window_days,
                );
                let criteria = referral_criteria(&facts(count.incidents, count.breaches), &rules);
                assert_eq!(
                    criteria.is_ok_and(|c| c.contains(&ReferralCriterion::PotentialEscalation)),
                    met && counted,
                    "breach {days} days back, breaches counted: {counted}"
                );
            }
        }
    }

    #[test]
    fn the_breach_rule_is_a_checkbox_on_the_settings_form() {
        let mut form = RulesForm::from(ConferenceRules::default());
        assert_eq!(form.breaches_count, "true");
        assert!(ConferenceRules::from_form(&form).unwrap().breaches_count);
        form.breaches_count = String::new();
        assert!(!ConferenceRules::from_form(&form).unwrap().breaches_count);
        form.breaches_count = "on".into();
        assert!(ConferenceRules::from_form(&form).unwrap().breaches_count);
        form.breaches_count = "sometimes".into();
        assert_eq!(
            ConferenceRules::from_form(&form)
                .unwrap_err()
                .problem_for("breaches_count"),
            Some("must be yes or no")
        );
    }

    #[test]
    fn each_criterion_is_enough_and_none_is_refused() {
        let rules = ConferenceRules::default();
        let none = ReferralFacts {
            visible_high_risk: false,
            latest_judged_high: false,
            judgement_reason: Some("  ".into()),
            incidents_in_window: 0,
            breaches_in_window: 0,
            repeat: false,
        };
        assert_eq!(
            referral_criteria(&none, &rules)
                .unwrap_err()
                .problem_for("criteria")
                .map(|p| p.starts_with("none of the referral criteria")),
            Some(true)
        );
        for (facts, criterion) in [
            (
                ReferralFacts {
                    visible_high_risk: true,
                    ..none.clone()
                },
                ReferralCriterion::VisibleHighRisk,
            ),
            (
                ReferralFacts {
                    judgement_reason: Some("Threats with a knife".into()),
                    ..none.clone()
                },
                ReferralCriterion::ProfessionalJudgement,
            ),
            (
                ReferralFacts {
                    repeat: true,
                    ..none.clone()
                },
                ReferralCriterion::Repeat,
            ),
            (
                ReferralFacts {
                    latest_judged_high: true,
                    ..none.clone()
                },
                ReferralCriterion::ProfessionalJudgement,
            ),
        ] {
            assert_eq!(
                referral_criteria(&facts, &rules).unwrap(),
                BTreeSet::from([criterion])
            );
        }
    }

    #[test]
    fn judgement_raising_her_assessment_to_high_is_a_criterion_by_itself() {
        use RiskLevel::{High, Medium, Standard};
        assert!(judged_high(Standard, High));
        assert!(judged_high(Medium, High));
        assert!(
            !judged_high(High, High),
            "high by score is visible high risk"
        );
        assert!(!judged_high(Standard, Medium), "raised, but not to high");
        assert!(!judged_high(Medium, Medium));
        let rules = ConferenceRules::default();
        let judged = ReferralFacts {
            visible_high_risk: false,
            latest_judged_high: true,
            judgement_reason: None,
            incidents_in_window: 0,
            breaches_in_window: 0,
            repeat: false,
        };
        assert_eq!(
            referral_criteria(&judged, &rules).unwrap(),
            BTreeSet::from([ReferralCriterion::ProfessionalJudgement]),
            "no reason typed again on the referral"
        );
        let both = ReferralFacts {
            judgement_reason: Some("He has bought a gun".into()),
            ..judged.clone()
        };
        assert_eq!(
            referral_criteria(&both, &rules).unwrap(),
            BTreeSet::from([ReferralCriterion::ProfessionalJudgement])
        );
    }

    #[test]
    fn windows_run_from_the_day_a_paper_referral_was_made() {
        // Made on paper on 2 March 2026, entered on 9 March.
        let referred_on = day(2026, 3, 2);
        let entered = day(2026, 3, 9);
        let before = |n: i64| referred_on - Duration::days(n);
        // Repeat: an earlier referral 364, 365 and 366 days before the day
        // it was made (371, 372 and 373 days before it was entered).
        assert!(is_repeat(&[before(364)], referred_on, 365));
        assert!(is_repeat(&[before(365)], referred_on, 365));
        assert!(!is_repeat(&[before(366)], referred_on, 365));
        assert!(!is_repeat(&[before(365)], entered, 365), "not from entry");
        // An earlier referral entered for a day after this one is not one
        // this one repeats.
        assert!(!is_repeat(
            &[referred_on + Duration::days(1)],
            referred_on,
            365
        ));
        assert!(is_repeat(&[referred_on], referred_on, 365), "the same day");
        // Escalation: incidents up to the day it was made.
        let dates = [before(0), before(365), before(366), entered];
        assert_eq!(incidents_in_window(&dates, referred_on, 365), 2);
        assert_eq!(incidents_in_window(&dates, entered, 365), 2);
    }

    #[test]
    fn screening_and_listing() {
        use ReferralEvent as E;
        use ReferralStatus as S;
        assert_eq!(
            next_status(S::AwaitingScreening, E::Accept, false),
            Ok(S::Accepted)
        );
        assert_eq!(
            next_status(S::AwaitingScreening, E::Reject, false),
            Ok(S::Rejected)
        );
        assert_eq!(
            next_status(S::AwaitingScreening, E::Reject, true),
            Err(ReferralRefusal::RepeatCannotBeRejected)
        );
        assert_eq!(
            next_status(S::AwaitingScreening, E::List, false),
            Err(ReferralRefusal::NotNow {
                from: S::AwaitingScreening,
                event: E::List
            })
        );
        // The refusal says where it stands and when the step is possible.
        assert_eq!(
            next_status(S::AwaitingScreening, E::List, false)
                .unwrap_err()
                .to_string(),
            "this referral is awaiting screening; it can be listed only when it is accepted or listed"
        );
        assert_eq!(
            next_status(S::Rejected, E::TransferOut, false)
                .unwrap_err()
                .to_string(),
            "this referral is rejected; it can be transferred out only when it is awaiting screening, accepted, listed or discussed"
        );
        assert_eq!(next_status(S::Accepted, E::List, false), Ok(S::Listed));
        assert_eq!(next_status(S::Listed, E::Discuss, false), Ok(S::Discussed));
        assert_eq!(
            next_status(S::Rejected, E::Accept, false),
            Err(ReferralRefusal::NotNow {
                from: S::Rejected,
                event: E::Accept
            })
        );
        assert_eq!(
            next_status(S::Discussed, E::TransferOut, false),
            Ok(S::TransferredOut)
        );
        assert_eq!(
            next_status(S::TransferredOut, E::Accept, false),
            Err(ReferralRefusal::NotNow {
                from: S::TransferredOut,
                event: E::Accept
            })
        );
    }

    #[test]
    fn working_days_skip_weekends() {
        // 2026-03-05 is a Thursday.
        let thursday = day(2026, 3, 5);
        assert_eq!(
            add_working_days(thursday, 2),
            day(2026, 3, 9),
            "Friday, then Monday"
        );
        assert_eq!(
            add_working_days(day(2026, 3, 7), 1),
            day(2026, 3, 9),
            "from a Saturday"
        );
        assert_eq!(add_working_days(thursday, 0), thursday);
        let due = add_working_days(thursday, 2);
        assert!(!first_contact_overdue(due, None, due));
        assert!(first_contact_overdue(due, None, due + Duration::days(1)));
        assert!(!first_contact_overdue(
            due,
            Some(due),
            due + Duration::days(5)
        ));
    }

    #[test]
    fn access_ends_n_days_after_the_meeting() {
        let until = meeting_access_until(day(2026, 3, 2), 7, chrono_tz::UTC);
        assert_eq!(until.to_rfc3339(), "2026-03-10T00:00:00+00:00");
        // At local midnight where the deployment is.
        let nairobi = "Africa/Nairobi".parse().unwrap();
        let until = meeting_access_until(day(2026, 3, 2), 7, nairobi);
        assert_eq!(until.to_rfc3339(), "2026-03-09T21:00:00+00:00");
    }

    #[test]
    fn research_stays_with_its_agency_until_shared() {
        let (mine, other) = (AgencyId::new(), AgencyId::new());
        assert!(research_visible(mine, false, mine, false, false));
        assert!(
            !research_visible(mine, false, other, true, true),
            "not even the coordinator"
        );
        assert!(research_visible(mine, true, other, true, false));
        assert!(research_visible(mine, true, other, false, true));
        assert!(
            !research_visible(mine, true, other, false, false),
            "no access to the case"
        );
    }

    #[test]
    fn observers_acknowledge_confidentiality() {
        assert!(check_observer("Ana", "University", true).is_ok());
        let invalid = check_observer("", "University", false).unwrap_err();
        assert!(invalid.problem_for("name").is_some());
        assert!(invalid.problem_for("acknowledged").is_some());
    }

    proptest! {
        #[test]
        fn working_days_land_on_a_weekday_at_the_right_distance(offset in 0i64..3000, n in 1u32..40) {
            let from = day(2024, 1, 1) + Duration::days(offset);
            let to = add_working_days(from, n);
            prop_assert!(!matches!(to.weekday(), Weekday::Sat | Weekday::Sun));
            let weekdays = (1..=(to - from).num_days())
                .map(|d| from + Duration::days(d))
                .filter(|d| !matches!(d.weekday(), Weekday::Sat | Weekday::Sun))
                .count();
            prop_assert_eq!(weekdays as u32, n);
        }

        #[test]
        fn repeat_window_is_inclusive(window in 1u32..800, ago in 0i64..1000) {
            let today = day(2026, 3, 2);
            prop_assert_eq!(
                is_repeat(&[today - Duration::days(ago)], today, window),
                ago <= i64::from(window)
            );
        }
    }
}
