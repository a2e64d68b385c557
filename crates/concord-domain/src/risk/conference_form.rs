//! The forms of risk-conference work, as entered (all text), with their
//! checks: setting up a conference, referring a case, screening a referral
//! and scheduling a meeting.

use super::conference::{ConferenceRules, MeetingKind, RulesForm};
use crate::consent::DataCategory;
use crate::form_fields::label_set;
use crate::ids::{AgencyId, AreaId};
use crate::validation::{Invalid, optional_text, required_text};
use chrono::NaiveDate;
use serde::Deserialize;
use std::collections::BTreeSet;
use std::str::FromStr;

/// A conference as entered by its coordinator.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ConferenceForm {
    pub name: String,
    /// An area id, or empty.
    pub area_id: String,
    /// The reference of the information sharing protocol it acts under.
    pub sharing_protocol: String,
    /// The data categories that protocol lets attending agencies see.
    pub shared_categories: Vec<String>,
    /// Member agency ids.
    pub members: Vec<String>,
    #[serde(flatten)]
    pub rules: RulesForm,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedConference {
    pub name: String,
    pub area_id: Option<AreaId>,
    pub sharing_protocol: String,
    pub shared_categories: BTreeSet<DataCategory>,
    pub members: Vec<AgencyId>,
    pub rules: ConferenceRules,
}

/// What a protocol shares unless the conference says otherwise: who she is,
/// what happened and the risk — not case notes or health records.
pub const DEFAULT_SHARED_CATEGORIES: [DataCategory; 3] = [
    DataCategory::IdentityAndContact,
    DataCategory::Incident,
    DataCategory::Risk,
];

impl ConferenceForm {
    /// A form filled with the default rules.
    pub fn with_default_rules() -> Self {
        Self {
            rules: ConferenceRules::default().into(),
            shared_categories: DEFAULT_SHARED_CATEGORIES
                .iter()
                .map(|c| c.as_str().to_string())
                .collect(),
            ..Self::default()
        }
    }

    pub fn validate(&self) -> Result<CheckedConference, Invalid> {
        let mut invalid = Invalid::default();
        let name = required_text(&mut invalid, "name", &self.name, 200);
        let sharing_protocol = required_text(
            &mut invalid,
            "sharing_protocol",
            &self.sharing_protocol,
            200,
        );
        let shared_categories =
            label_set::<DataCategory>(&mut invalid, "shared_categories", &self.shared_categories);
        if shared_categories.is_empty() && invalid.problem_for("shared_categories").is_none() {
            invalid.push(
                "shared_categories",
                "choose at least one category the sharing protocol allows",
            );
        }
        let area_id = match self.area_id.trim() {
            "" => None,
            text => match AreaId::from_str(text) {
                Ok(id) => Some(id),
                Err(_) => {
                    invalid.push("area_id", "is not a known area");
                    None
                }
            },
        };
        let mut members = Vec::new();
        for text in self
            .members
            .iter()
            .map(|m| m.trim())
            .filter(|m| !m.is_empty())
        {
            match AgencyId::from_str(text) {
                Ok(id) if !members.contains(&id) => members.push(id),
                Ok(_) => {}
                Err(_) => invalid.push("members", "names an agency that does not exist"),
            }
        }
        let rules = match ConferenceRules::from_form(&self.rules) {
            Ok(rules) => Some(rules),
            Err(problems) => {
                invalid.problems.extend(problems.problems);
                None
            }
        };
        match rules {
            Some(rules) => invalid.into_result(CheckedConference {
                name,
                area_id,
                sharing_protocol,
                shared_categories,
                members,
                rules,
            }),
            None => Err(invalid),
        }
    }
}

/// A caseworker's referral of her case.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ConferenceReferralForm {
    pub conference_id: String,
    /// Referring on professional judgement: the reason (empty otherwise).
    pub judgement_reason: String,
    /// How many children live in her household.
    pub children_in_household: String,
    /// `yes` when she was told her case goes to the conference.
    pub survivor_told: String,
    /// The day it was referred, when a referral made on paper is entered
    /// later (`YYYY-MM-DD`); empty: today.
    pub referred_on: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedConferenceReferral {
    /// The day it was referred (local date): never in the future, at most a
    /// year back ([`crate::paper_date`]).
    pub referred_on: NaiveDate,
    pub judgement_reason: Option<String>,
    pub children_in_household: i32,
    pub survivor_told: bool,
}

impl ConferenceReferralForm {
    /// Checks the referral; `today` is the deployment's local date.
    pub fn validate(&self, today: NaiveDate) -> Result<CheckedConferenceReferral, Invalid> {
        let mut invalid = Invalid::default();
        let referred_on =
            match crate::paper_date::day_it_happened("referred_on", &self.referred_on, today) {
                Ok(day) => day,
                Err(problem) => {
                    invalid.problems.extend(problem.problems);
                    today
                }
            };
        let judgement_reason = optional_text(
            &mut invalid,
            "judgement_reason",
            Some(&self.judgement_reason),
            4000,
        );
        let children_in_household = match self.children_in_household.trim() {
            "" => 0,
            text => match text.parse::<i32>() {
                Ok(n) if (0..=30).contains(&n) => n,
                _ => {
                    invalid.push(
                        "children_in_household",
                        "must be a whole number from 0 to 30",
                    );
                    0
                }
            },
        };
        let survivor_told = match self.survivor_told.trim() {
            "yes" | "true" | "on" => true,
            "" | "no" | "false" => false,
            _ => {
                invalid.push("survivor_told", "must be yes or no");
                false
            }
        };
        invalid.into_result(CheckedConferenceReferral {
            referred_on,
            judgement_reason,
            children_in_household,
            survivor_told,
        })
    }
}

/// The coordinator's screening decision.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ScreeningForm {
    /// `accept` or `reject`.
    pub decision: String,
    /// Required to reject.
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Screening {
    Accept,
    Reject { reason: String },
}

impl ScreeningForm {
    pub fn validate(&self) -> Result<Screening, Invalid> {
        match self.decision.trim() {
            "accept" => Ok(Screening::Accept),
            "reject" => {
                let mut invalid = Invalid::default();
                let reason = required_text(&mut invalid, "reason", &self.reason, 4000);
                invalid.into_result(Screening::Reject { reason })
            }
            _ => Err(Invalid::one("decision", "choose accept or reject")),
        }
    }
}

/// A meeting to schedule.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ConferenceMeetingForm {
    /// `regular` or `emergency`.
    pub kind: String,
    /// YYYY-MM-DD.
    pub meets_on: String,
    pub chair: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedConferenceMeeting {
    pub kind: MeetingKind,
    pub meets_on: NaiveDate,
    pub chair: Option<String>,
}

impl ConferenceMeetingForm {
    pub fn validate(&self) -> Result<CheckedConferenceMeeting, Invalid> {
        let mut invalid = Invalid::default();
        let kind = MeetingKind::parse(self.kind.trim()).unwrap_or_else(|| {
            invalid.push("kind", "choose regular or emergency");
            MeetingKind::Regular
        });
        let meets_on =
            NaiveDate::parse_from_str(self.meets_on.trim(), "%Y-%m-%d").unwrap_or_else(|_| {
                invalid.push("meets_on", "must be a date (YYYY-MM-DD)");
                NaiveDate::MIN
            });
        let chair = optional_text(&mut invalid, "chair", Some(&self.chair), 200);
        invalid.into_result(CheckedConferenceMeeting {
            kind,
            meets_on,
            chair,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_conference_needs_a_name_a_protocol_and_sound_rules() {
        let mut form = ConferenceForm::with_default_rules();
        let problems = form.validate().unwrap_err();
        assert!(problems.problem_for("name").is_some());
        assert!(problems.problem_for("sharing_protocol").is_some());
        form.name = "Lakeside MARAC".into();
        form.sharing_protocol = "ISP-2026-01".into();
        form.rules.access_days = "x".into();
        assert!(
            form.validate()
                .unwrap_err()
                .problem_for("access_days")
                .is_some()
        );
        form.rules.access_days = "7".into();
        let checked = form.validate().unwrap();
        assert_eq!(checked.rules, ConferenceRules::default());
        assert_eq!(
            checked.shared_categories,
            BTreeSet::from(DEFAULT_SHARED_CATEGORIES)
        );
    }

    #[test]
    fn the_protocol_shares_at_least_one_known_category() {
        let mut form = ConferenceForm::with_default_rules();
        form.name = "Lakeside MARAC".into();
        form.sharing_protocol = "ISP-2026-01".into();
        form.shared_categories = vec![];
        assert_eq!(
            form.validate()
                .unwrap_err()
                .problem_for("shared_categories"),
            Some("choose at least one category the sharing protocol allows")
        );
        form.shared_categories = vec!["risk".into(), "gossip".into()];
        assert!(
            form.validate()
                .unwrap_err()
                .problem_for("shared_categories")
                .is_some()
        );
        form.shared_categories = vec!["risk".into(), "health".into()];
        assert_eq!(
            form.validate().unwrap().shared_categories,
            BTreeSet::from([DataCategory::Risk, DataCategory::Health])
        );
    }

    #[test]
    fn rejecting_needs_a_reason() {
        let form = ScreeningForm {
            decision: "reject".into(),
            reason: " ".into(),
        };
        assert!(form.validate().unwrap_err().problem_for("reason").is_some());
        let form = ScreeningForm {
            decision: "accept".into(),
            reason: String::new(),
        };
        assert_eq!(form.validate().unwrap(), Screening::Accept);
        let form = ScreeningForm::default();
        assert!(
            form.validate()
                .unwrap_err()
                .problem_for("decision")
                .is_some()
        );
    }

    #[test]
    fn referral_and_meeting_forms_name_bad_fields() {
        let form = ConferenceReferralForm {
            children_in_household: "-1".into(),
            survivor_told: "maybe".into(),
            ..Default::default()
        };
        let today = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
        let problems = form.validate(today).unwrap_err();
        assert!(problems.problem_for("children_in_household").is_some());
        assert!(problems.problem_for("survivor_told").is_some());
        let form = ConferenceMeetingForm {
            kind: "weekly".into(),
            meets_on: "2026-13-01".into(),
            chair: String::new(),
        };
        let problems = form.validate().unwrap_err();
        assert!(problems.problem_for("kind").is_some());
        assert!(problems.problem_for("meets_on").is_some());
    }
}

/// One agency's attendance at a meeting, as entered.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct AttendanceEntryForm {
    pub agency_id: String,
    /// `present`, `apologies`, or `absent` / empty (not recorded).
    pub attendance: String,
    /// Who came for the agency.
    pub representative: String,
}

/// Checks a meeting's attendance against the conference's members (and its
/// coordinating agency): who was present, who sent apologies.
pub fn check_attendance(
    entries: &[AttendanceEntryForm],
    may_attend: &[AgencyId],
) -> Result<Vec<(AgencyId, super::conference::Attendance, String)>, Invalid> {
    use super::conference::Attendance;
    let mut invalid = Invalid::default();
    let mut out: Vec<(AgencyId, Attendance, String)> = Vec::new();
    for (n, entry) in entries.iter().enumerate() {
        let attendance = match entry.attendance.trim() {
            "" | "absent" => continue,
            text => match Attendance::parse(text) {
                Some(a) => a,
                None => {
                    invalid.push(
                        format!("attendance.{n}.attendance"),
                        "choose present, apologies or absent",
                    );
                    continue;
                }
            },
        };
        let agency = match AgencyId::from_str(entry.agency_id.trim()) {
            Ok(id) if may_attend.contains(&id) => id,
            _ => {
                invalid.push(
                    format!("attendance.{n}.agency_id"),
                    "is not a member of this conference",
                );
                continue;
            }
        };
        if out.iter().any(|(a, _, _)| *a == agency) {
            invalid.push(format!("attendance.{n}.agency_id"), "is listed twice");
            continue;
        }
        let representative = if attendance == Attendance::Present {
            required_text(
                &mut invalid,
                &format!("attendance.{n}.representative"),
                &entry.representative,
                200,
            )
        } else {
            entry.representative.trim().to_string()
        };
        out.push((agency, attendance, representative));
    }
    invalid.into_result(out)
}

#[cfg(test)]
mod attendance_tests {
    use super::*;
    use crate::risk::conference::Attendance;

    #[test]
    fn attendance_names_members_and_who_came() {
        let member = AgencyId::new();
        let stranger = AgencyId::new();
        let entry = |agency: AgencyId, attendance: &str, who: &str| AttendanceEntryForm {
            agency_id: agency.to_string(),
            attendance: attendance.into(),
            representative: who.into(),
        };
        let checked = check_attendance(
            &[
                entry(member, "present", "DS Example"),
                entry(stranger, "absent", ""),
            ],
            &[member],
        )
        .unwrap();
        assert_eq!(
            checked,
            vec![(member, Attendance::Present, "DS Example".into())]
        );
        let problems = check_attendance(
            &[
                entry(member, "present", " "),
                entry(stranger, "present", "X"),
            ],
            &[member],
        )
        .unwrap_err();
        assert!(
            problems
                .problem_for("attendance.0.representative")
                .is_some()
        );
        assert!(problems.problem_for("attendance.1.agency_id").is_some());
    }
}

#[cfg(test)]
mod referral_tests {
    use super::*;

    #[test]
    fn a_paper_referral_keeps_its_day_never_a_future_or_older_than_a_year() {
        let today = NaiveDate::from_ymd_opt(2026, 3, 9).unwrap();
        let form = |on: &str| ConferenceReferralForm {
            referred_on: on.into(),
            ..ConferenceReferralForm::default()
        };
        assert_eq!(form("").validate(today).unwrap().referred_on, today);
        assert_eq!(
            form("2026-03-09").validate(today).unwrap().referred_on,
            today
        );
        assert_eq!(
            form("2026-03-02").validate(today).unwrap().referred_on,
            NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
            "last week"
        );
        assert!(form("2025-03-09").validate(today).is_ok(), "a year back");
        for (on, problem) in [
            ("2026-03-10", "cannot be in the future"),
            ("2025-03-08", "must be within the last year"),
            ("last week", "must be a date (YYYY-MM-DD)"),
        ] {
            let refused = form(on).validate(today).unwrap_err();
            assert_eq!(refused.problem_for("referred_on"), Some(problem), "{on}");
        }
        // Every problem at once.
        let both = ConferenceReferralForm {
            referred_on: "2026-03-10".into(),
            children_in_household: "many".into(),
            ..ConferenceReferralForm::default()
        }
        .validate(today)
        .unwrap_err();
        assert!(both.problem_for("referred_on").is_some());
        assert!(both.problem_for("children_in_household").is_some());
    }
}
