//! An incident as entered and as checked. The classification answers arrive
//! as the step-by-step form left them (one yes/no field per question asked),
//! and the type is worked out here from them, so a client can never store a
//! type that contradicts its own answers.

use super::classification::{ContextFlag, GbvType, QUESTIONS, QuestionKey, Step, next_question};
use super::delay::{ReportingDelay, reporting_delay};
use super::perpetrator::{PerpetratorAgeGroup, PerpetratorRelationship, PerpetratorSex};
use super::violence_forms::ViolenceForms;
use crate::form_fields::{
    checkbox, label_set, optional_time, required_date, required_label, yes_no,
};
use crate::ids::AreaId;
use crate::validation::Invalid;
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use serde::Deserialize;
use std::collections::BTreeSet;

/// An incident as entered, every field as text. Dates are `YYYY-MM-DD`,
/// the time `HH:MM`, all local to where the incident is recorded.
#[derive(Debug, Clone, Default, Deserialize)]
// A missing field reads as empty, so it is reported by name like any other.
#[serde(default)]
pub struct IncidentForm {
    pub incident_date: String,
    /// Optional: survivors often do not know the time.
    pub incident_time: Option<String>,
    pub date_first_reported: String,
    /// Optional: the area where it happened, if known.
    pub area_id: Option<String>,
    /// Classification answers, `yes` or `no`, named by [`QuestionKey`]
    /// label. Questions after the first `yes` are left out.
    pub penetration: Option<String>,
    pub unwanted_sexual_contact: Option<String>,
    pub physical_assault: Option<String>,
    pub forced_marriage: Option<String>,
    pub denial_of_resources: Option<String>,
    pub psychological_abuse: Option<String>,
    pub context_flags: Vec<String>,
    /// Forms of violence, by label; none ticked is "not recorded".
    pub forms_of_violence: Vec<String>,
    /// For trafficking in persons: the forms of exploitation, by label.
    pub exploitation: Vec<String>,
    pub perpetrator_relationship: String,
    pub perpetrator_sex: String,
    pub perpetrator_age_group: String,
    /// Checkbox: already reported to another GBVIMS user (excluded from
    /// statistics so it is not counted twice).
    pub already_reported_elsewhere: Option<String>,
    /// Checkbox: the survivor agrees to the incident being counted.
    pub consent_to_statistics: Option<String>,
}

/// A checked incident.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncidentInput {
    pub incident_date: NaiveDate,
    pub incident_time: Option<NaiveTime>,
    pub date_first_reported: NaiveDate,
    pub area_id: Option<AreaId>,
    pub gbv_type: GbvType,
    pub context_flags: BTreeSet<ContextFlag>,
    /// `None`: no form of violence recorded.
    pub violence_forms: Option<ViolenceForms>,
    pub perpetrator_relationship: PerpetratorRelationship,
    pub perpetrator_sex: PerpetratorSex,
    pub perpetrator_age_group: PerpetratorAgeGroup,
    pub already_reported_elsewhere: bool,
    pub consent_to_statistics: bool,
    /// Derived from the two dates.
    pub reporting_delay: ReportingDelay,
}

impl IncidentForm {
    /// Checks every field. `local_now` is the wall-clock time where the
    /// incident is recorded: dates here are local calendar dates, and
    /// comparing them with a UTC "now" would refuse today's date for
    /// everyone east of Greenwich in the morning.
    pub fn validate(&self, local_now: NaiveDateTime) -> Result<IncidentInput, Invalid> {
        let mut invalid = Invalid::default();
        let incident_date = required_date(&mut invalid, "incident_date", &self.incident_date);
        let incident_time =
            optional_time(&mut invalid, "incident_time", self.incident_time.as_deref());
        let date_first_reported = required_date(
            &mut invalid,
            "date_first_reported",
            &self.date_first_reported,
        );
        let area_id = self.area_id(&mut invalid);
        let gbv_type = self.gbv_type(&mut invalid);
        let context_flags = label_set(&mut invalid, "context_flags", &self.context_flags);
        let violence_forms =
            ViolenceForms::from_form(&mut invalid, &self.forms_of_violence, &self.exploitation);
        let relationship = required_label(
            &mut invalid,
            "perpetrator_relationship",
            &self.perpetrator_relationship,
        );
        let sex = required_label(&mut invalid, "perpetrator_sex", &self.perpetrator_sex);
        let age_group = required_label(
            &mut invalid,
            "perpetrator_age_group",
            &self.perpetrator_age_group,
        );
        let already_reported_elsewhere = checkbox(
            &mut invalid,
            "already_reported_elsewhere",
            self.already_reported_elsewhere.as_deref(),
        );
        let consent_to_statistics = checkbox(
            &mut invalid,
            "consent_to_statistics",
            self.consent_to_statistics.as_deref(),
        );
        if let Some(date) = incident_date {
            check_not_future(&mut invalid, local_now, date, incident_time);
        }
        if let Some(reported) = date_first_reported
            && reported > local_now.date()
        {
            invalid.push("date_first_reported", "cannot be in the future");
        }
        let delay = match (incident_date, date_first_reported) {
            (Some(incident), Some(reported)) => match reporting_delay(incident, reported) {
                Ok(delay) => Some(delay),
                Err(problem) => {
                    invalid.problems.extend(problem.problems);
                    None
                }
            },
            _ => None,
        };
        match (
            incident_date,
            date_first_reported,
            gbv_type,
            relationship,
            sex,
            age_group,
            delay,
        ) {
            (
                Some(incident_date),
                Some(date_first_reported),
                Some(gbv_type),
                Some(perpetrator_relationship),
                Some(perpetrator_sex),
                Some(perpetrator_age_group),
                Some(reporting_delay),
            ) => invalid.into_result(IncidentInput {
                incident_date,
                incident_time,
                date_first_reported,
                area_id,
                gbv_type,
                context_flags,
                violence_forms,
                perpetrator_relationship,
                perpetrator_sex,
                perpetrator_age_group,
                already_reported_elsewhere,
                consent_to_statistics,
                reporting_delay,
            }),
            _ => Err(invalid),
        }
    }

    fn answer_text(&self, key: QuestionKey) -> Option<&str> {
        match key {
            QuestionKey::Penetration => self.penetration.as_deref(),
            QuestionKey::UnwantedSexualContact => self.unwanted_sexual_contact.as_deref(),
            QuestionKey::PhysicalAssault => self.physical_assault.as_deref(),
            QuestionKey::ForcedMarriage => self.forced_marriage.as_deref(),
            QuestionKey::DenialOfResources => self.denial_of_resources.as_deref(),
            QuestionKey::PsychologicalAbuse => self.psychological_abuse.as_deref(),
        }
    }

    /// The type from the answers; the first question left unanswered before
    /// any "yes" is reported under its own field name.
    fn gbv_type(&self, invalid: &mut Invalid) -> Option<GbvType> {
        let answers: Vec<(QuestionKey, bool)> = QUESTIONS
            .iter()
            .filter_map(|(key, _)| {
                yes_no(invalid, key.as_str(), self.answer_text(*key)).map(|yes| (*key, yes))
            })
            .collect();
        match next_question(&answers) {
            Step::Decided(gbv_type) => Some(gbv_type),
            Step::Ask(key) => {
                if invalid.problem_for(key.as_str()).is_none() {
                    invalid.push(key.as_str(), "answer yes or no");
                }
                None
            }
        }
    }

    fn area_id(&self, invalid: &mut Invalid) -> Option<AreaId> {
        let text = self
            .area_id
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())?;
        let id = text.parse::<AreaId>().ok();
        if id.is_none() {
            invalid.push("area_id", "must name an area");
        }
        id
    }
}

/// How far back an incident may be dated: a century. Unlike other paper
/// records (a year, [`crate::paper_date`]) an incident is often disclosed
/// years after it happened, and its date decides the reporting-delay band;
/// the bound only refuses dates no survivor's incident can have.
pub const INCIDENT_YEARS_BACK: u32 = 100;

/// An incident cannot have happened after the moment it is recorded, nor
/// more than [`INCIDENT_YEARS_BACK`] years before.
fn check_not_future(
    invalid: &mut Invalid,
    local_now: NaiveDateTime,
    date: NaiveDate,
    time: Option<NaiveTime>,
) {
    let earliest = local_now
        .date()
        .checked_sub_months(chrono::Months::new(12 * INCIDENT_YEARS_BACK))
        .unwrap_or(NaiveDate::MIN);
    if date > local_now.date() {
        invalid.push("incident_date", "cannot be in the future");
    } else if date < earliest {
        invalid.push(
            "incident_date",
            format!("must be within the last {INCIDENT_YEARS_BACK} years"),
        );
    } else if let Some(time) = time
        && date.and_time(time) > local_now
    {
        invalid.push("incident_time", "cannot be in the future");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2025, 3, 20)
            .unwrap()
            .and_hms_opt(9, 30, 0)
            .unwrap()
    }

    fn good() -> IncidentForm {
        IncidentForm {
            incident_date: "2025-03-18".into(),
            incident_time: Some("23:00".into()),
            date_first_reported: "2025-03-20".into(),
            area_id: None,
            penetration: Some("no".into()),
            unwanted_sexual_contact: Some("yes".into()),
            context_flags: vec!["intimate_partner_violence".into(), "".into()],
            perpetrator_relationship: "former_partner".into(),
            perpetrator_sex: "male".into(),
            perpetrator_age_group: "26_40".into(),
            already_reported_elsewhere: None,
            consent_to_statistics: Some("on".into()),
            ..IncidentForm::default()
        }
    }

    #[test]
    fn a_good_incident_is_classified_and_banded() {
        let input = good().validate(now()).unwrap();
        assert_eq!(input.gbv_type, GbvType::SexualAssault);
        assert_eq!(input.reporting_delay, ReportingDelay::Days0To3);
        assert_eq!(
            input.context_flags,
            BTreeSet::from([ContextFlag::IntimatePartnerViolence])
        );
        assert_eq!(input.perpetrator_age_group, PerpetratorAgeGroup::Age26To40);
        assert!(input.consent_to_statistics && !input.already_reported_elsewhere);
    }

    #[test]
    fn all_no_is_non_gbv_and_a_missing_answer_is_named() {
        let mut form = good();
        form.unwanted_sexual_contact = Some("no".into());
        form.physical_assault = Some("no".into());
        form.forced_marriage = Some("no".into());
        form.denial_of_resources = Some("no".into());
        let invalid = form.validate(now()).unwrap_err();
        assert_eq!(
            invalid.problem_for("psychological_abuse"),
            Some("answer yes or no")
        );
        assert_eq!(invalid.problems.len(), 1);
        form.psychological_abuse = Some("no".into());
        assert_eq!(form.validate(now()).unwrap().gbv_type, GbvType::NonGbv);
    }

    #[test]
    fn answers_after_the_first_yes_are_ignored() {
        let mut form = good();
        form.psychological_abuse = Some("yes".into());
        assert_eq!(
            form.validate(now()).unwrap().gbv_type,
            GbvType::SexualAssault
        );
    }

    #[test]
    fn every_bad_field_is_named() {
        let form = IncidentForm {
            incident_date: "2025-03-21".into(),
            incident_time: Some("9am".into()),
            date_first_reported: "2025-03-22".into(),
            area_id: Some("somewhere".into()),
            penetration: Some("perhaps".into()),
            context_flags: vec!["bad_luck".into()],
            perpetrator_relationship: "neighbour".into(),
            perpetrator_sex: "".into(),
            perpetrator_age_group: "old".into(),
            already_reported_elsewhere: Some("sometimes".into()),
            consent_to_statistics: Some("x".into()),
            ..IncidentForm::default()
        };
        let invalid = form.validate(now()).unwrap_err();
        for field in [
            "incident_date",
            "incident_time",
            "date_first_reported",
            "area_id",
            "penetration",
            "context_flags",
            "perpetrator_relationship",
            "perpetrator_sex",
            "perpetrator_age_group",
            "already_reported_elsewhere",
            "consent_to_statistics",
        ] {
            assert!(invalid.problem_for(field).is_some(), "{field}: {invalid}");
        }
        assert_eq!(
            invalid.problem_for("incident_date"),
            Some("cannot be in the future")
        );
        assert_eq!(
            invalid.problem_for("penetration"),
            Some("must be yes or no")
        );
        assert_eq!(
            invalid.problem_for("perpetrator_relationship"),
            Some("is not a known perpetrator relationship")
        );
    }

    #[test]
    fn a_report_before_the_incident_names_the_report_date() {
        let mut form = good();
        form.date_first_reported = "2025-03-17".into();
        let invalid = form.validate(now()).unwrap_err();
        assert_eq!(
            invalid.problem_for("date_first_reported"),
            Some("cannot be before the date of the incident")
        );
    }

    #[test]
    fn an_incident_is_dated_at_most_a_century_back() {
        // now() is 20 March 2025.
        let mut form = good();
        form.incident_date = "1925-03-20".into();
        form.incident_time = None;
        assert!(form.validate(now()).is_ok(), "disclosed a lifetime later");
        form.incident_date = "1925-03-19".into();
        let invalid = form.validate(now()).unwrap_err();
        assert_eq!(
            invalid.problem_for("incident_date"),
            Some("must be within the last 100 years")
        );
    }

    #[test]
    fn later_today_is_the_future() {
        let mut form = good();
        form.incident_date = "2025-03-20".into();
        form.incident_time = Some("09:30".into());
        assert!(form.validate(now()).is_ok());
        form.incident_time = Some("09:31".into());
        let invalid = form.validate(now()).unwrap_err();
        assert_eq!(
            invalid.problem_for("incident_time"),
            Some("cannot be in the future")
        );
    }
}
