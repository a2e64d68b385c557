//! Governance forms as people and API clients enter them (all text), each
//! checked into typed input that names every bad field.

use super::actions::CarryOverPolicy;
use super::vocabulary::{
    BodyType, ContinuumStage, EcologicalLevel, EssentialAction, InstrumentKind, Leadership,
    Presence,
};
use crate::coordination::BodyLevel;
use crate::form_fields::{checkbox, label_set, required_date, required_id, required_label};
use crate::ids::{AgencyId, AreaId, BodyId};
use crate::label::Label;
use crate::validation::{Invalid, optional_text, required_text};
use chrono::NaiveDate;
use serde::Deserialize;
use std::collections::BTreeSet;

/// An optional `YYYY-MM-DD` date; empty is `None`.
pub fn optional_date(invalid: &mut Invalid, field: &str, text: Option<&str>) -> Option<NaiveDate> {
    let text = text.map(str::trim).filter(|t| !t.is_empty())?;
    let date = NaiveDate::parse_from_str(text, "%Y-%m-%d").ok();
    if date.is_none() {
        invalid.push(field, "must be a date written like 2025-03-31");
    }
    date
}

fn optional_label<T: Label>(invalid: &mut Invalid, field: &str, text: Option<&str>) -> Option<T> {
    let text = text.map(str::trim).filter(|t| !t.is_empty())?;
    let value = T::from_label(text);
    if value.is_none() {
        invalid.push(field, format!("is not a known {}", T::KIND));
    }
    value
}

fn optional_id<T: std::str::FromStr>(
    invalid: &mut Invalid,
    field: &str,
    text: Option<&str>,
    what: &str,
) -> Option<T> {
    let text = text.map(str::trim).filter(|t| !t.is_empty())?;
    required_id(invalid, field, text, what)
}

/// Multi-line text kept as given (trimmed); control characters other than
/// line breaks and tabs refused.
fn optional_paragraph(
    invalid: &mut Invalid,
    field: &str,
    text: Option<&str>,
    max_chars: usize,
) -> Option<String> {
    let text = text.map(str::trim).filter(|t| !t.is_empty())?;
    if text.chars().count() > max_chars {
        invalid.push(field, format!("must be at most {max_chars} characters"));
    } else if text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        invalid.push(field, "must not contain control characters");
    }
    Some(text.to_string())
}

/// A score from 1 to 5.
fn score(invalid: &mut Invalid, field: &str, text: &str) -> u32 {
    match text.trim().parse::<u32>() {
        Ok(n @ 1..=5) => n,
        _ => {
            invalid.push(field, "must be a score from 1 to 5");
            0
        }
    }
}

// ---- bodies ----

/// Registering a body or changing its registration (system administrators).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct BodyRegistrationForm {
    pub name: String,
    pub body_type: String,
    pub level: String,
    pub area_id: String,
    pub parent_id: Option<String>,
    pub secretariat_agency_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyRegistration {
    pub name: String,
    pub body_type: BodyType,
    pub level: BodyLevel,
    pub area_id: AreaId,
    pub parent_id: Option<BodyId>,
    pub secretariat_agency_id: Option<AgencyId>,
}

impl BodyRegistrationForm {
    pub fn validate(&self) -> Result<BodyRegistration, Invalid> {
        let mut invalid = Invalid::default();
        let name = required_text(&mut invalid, "name", &self.name, 200);
        let body_type = required_label(&mut invalid, "body_type", &self.body_type);
        let level = match self.level.trim() {
            "" => {
                invalid.push("level", "is required");
                None
            }
            text => {
                let level = text.parse::<BodyLevel>().ok();
                if level.is_none() {
                    invalid.push("level", "is not a known body level");
                }
                level
            }
        };
        let area_id = required_id(&mut invalid, "area_id", &self.area_id, "an area");
        let parent_id = optional_id(
            &mut invalid,
            "parent_id",
            self.parent_id.as_deref(),
            "a body",
        );
        let secretariat_agency_id = optional_id(
            &mut invalid,
            "secretariat_agency_id",
            self.secretariat_agency_id.as_deref(),
            "an agency",
        );
        match (body_type, level, area_id) {
            (Some(body_type), Some(level), Some(area_id)) => {
                invalid.into_result(BodyRegistration {
                    name,
                    body_type,
                    level,
                    area_id,
                    parent_id,
                    secretariat_agency_id,
                })
            }
            _ => Err(invalid),
        }
    }
}

/// How a body works (its secretariat).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct BodySettingsForm {
    pub leadership: String,
    /// Carry-overs before an action escalates to the parent body.
    pub escalate_after: String,
    pub remit: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodySettings {
    pub leadership: Leadership,
    pub policy: CarryOverPolicy,
    pub remit: Option<String>,
}

impl BodySettingsForm {
    pub fn validate(&self) -> Result<BodySettings, Invalid> {
        let mut invalid = Invalid::default();
        let leadership = required_label(&mut invalid, "leadership", &self.leadership);
        let escalate_after = match self.escalate_after.trim().parse::<u32>() {
            Ok(n) if (1..=CarryOverPolicy::MAX_ESCALATE_AFTER).contains(&n) => n,
            _ => {
                invalid.push(
                    "escalate_after",
                    format!(
                        "must be a whole number from 1 to {}",
                        CarryOverPolicy::MAX_ESCALATE_AFTER
                    ),
                );
                0
            }
        };
        let remit = optional_paragraph(&mut invalid, "remit", self.remit.as_deref(), 4000);
        match leadership {
            Some(leadership) => invalid.into_result(BodySettings {
                leadership,
                policy: CarryOverPolicy { escalate_after },
                remit,
            }),
            None => Err(invalid),
        }
    }
}

/// A member agency with its named representative.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct MemberForm {
    pub agency_id: String,
    pub representative: String,
    pub representative_title: Option<String>,
    /// Checkbox: the representative may commit the agency.
    pub decision_authority: Option<String>,
    pub deputy: Option<String>,
    /// Checkbox: the representative chairs (or co-chairs) the body.
    pub chair: Option<String>,
    pub joined_on: String,
    pub left_on: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberInput {
    pub agency_id: AgencyId,
    pub representative: String,
    pub representative_title: Option<String>,
    pub decision_authority: bool,
    pub deputy: Option<String>,
    pub chair: bool,
    pub joined_on: NaiveDate,
    pub left_on: Option<NaiveDate>,
}

impl MemberForm {
    pub fn validate(&self) -> Result<MemberInput, Invalid> {
        let mut invalid = Invalid::default();
        let agency_id = required_id(&mut invalid, "agency_id", &self.agency_id, "an agency");
        let representative =
            required_text(&mut invalid, "representative", &self.representative, 200);
        let representative_title = optional_text(
            &mut invalid,
            "representative_title",
            self.representative_title.as_deref(),
            200,
        );
        let decision_authority = checkbox(
            &mut invalid,
            "decision_authority",
            self.decision_authority.as_deref(),
        );
        let deputy = optional_text(&mut invalid, "deputy", self.deputy.as_deref(), 200);
        let chair = checkbox(&mut invalid, "chair", self.chair.as_deref());
        let joined_on = required_date(&mut invalid, "joined_on", &self.joined_on);
        let left_on = optional_date(&mut invalid, "left_on", self.left_on.as_deref());
        if let (Some(joined), Some(left)) = (joined_on, left_on)
            && left < joined
        {
            invalid.push("left_on", "must not be before the date the agency joined");
        }
        if chair && left_on.is_some() {
            invalid.push("chair", "a member who has left cannot chair the body");
        }
        match (agency_id, joined_on) {
            (Some(agency_id), Some(joined_on)) => invalid.into_result(MemberInput {
                agency_id,
                representative,
                representative_title,
                decision_authority,
                deputy,
                chair,
                joined_on,
                left_on,
            }),
            _ => Err(invalid),
        }
    }
}

/// A thematic subgroup reporting to the body.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct SubgroupForm {
    pub name: String,
    pub remit: Option<String>,
    pub chair_agency_id: String,
    pub chair_name: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubgroupInput {
    pub name: String,
    pub remit: Option<String>,
    pub chair_agency_id: AgencyId,
    pub chair_name: String,
}

impl SubgroupForm {
    pub fn validate(&self) -> Result<SubgroupInput, Invalid> {
        let mut invalid = Invalid::default();
        let name = required_text(&mut invalid, "name", &self.name, 200);
        let remit = optional_paragraph(&mut invalid, "remit", self.remit.as_deref(), 2000);
        let chair_agency_id = required_id(
            &mut invalid,
            "chair_agency_id",
            &self.chair_agency_id,
            "an agency",
        );
        let chair_name = required_text(&mut invalid, "chair_name", &self.chair_name, 200);
        match chair_agency_id {
            Some(chair_agency_id) => invalid.into_result(SubgroupInput {
                name,
                remit,
                chair_agency_id,
                chair_name,
            }),
            None => Err(invalid),
        }
    }
}

// ---- meetings ----

/// Scheduling a meeting: its date, place and agenda (one item a line).
/// Open actions join the agenda by themselves.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct MeetingForm {
    pub held_on: String,
    pub location: Option<String>,
    pub agenda: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingInput {
    pub held_on: NaiveDate,
    pub location: Option<String>,
    pub agenda: Vec<String>,
}

impl MeetingForm {
    pub fn validate(&self) -> Result<MeetingInput, Invalid> {
        let mut invalid = Invalid::default();
        let held_on = required_date(&mut invalid, "held_on", &self.held_on);
        let location = optional_text(&mut invalid, "location", self.location.as_deref(), 200);
        let agenda: Vec<String> = self
            .agenda
            .as_deref()
            .unwrap_or("")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect();
        if agenda.len() > 50 {
            invalid.push("agenda", "may have at most 50 items");
        }
        if agenda
            .iter()
            .any(|item| item.chars().count() > 300 || item.chars().any(char::is_control))
        {
            invalid.push(
                "agenda",
                "each item must be one line of at most 300 characters",
            );
        }
        match held_on {
            Some(held_on) => invalid.into_result(MeetingInput {
                held_on,
                location,
                agenda,
            }),
            None => Err(invalid),
        }
    }
}

/// Attendance by agency: three lists in the same order (a hidden agency id,
/// its presence and who came).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct AttendanceForm {
    pub agency_id: Vec<String>,
    pub presence: Vec<String>,
    pub attendee: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttendanceInput {
    pub agency_id: AgencyId,
    pub presence: Presence,
    pub attendee: Option<String>,
}

impl AttendanceForm {
    pub fn validate(&self) -> Result<Vec<AttendanceInput>, Invalid> {
        let mut invalid = Invalid::default();
        if self.presence.len() != self.agency_id.len()
            || (!self.attendee.is_empty() && self.attendee.len() != self.agency_id.len())
        {
            return Err(Invalid::one("presence", "give one answer for each agency"));
        }
        let mut seen = BTreeSet::new();
        let mut rows = Vec::new();
        for (i, agency) in self.agency_id.iter().enumerate() {
            let agency_id: Option<AgencyId> =
                required_id(&mut invalid, "agency_id", agency, "an agency");
            let presence: Option<Presence> =
                required_label(&mut invalid, "presence", &self.presence[i]);
            let attendee = optional_text(
                &mut invalid,
                "attendee",
                self.attendee.get(i).map(String::as_str),
                200,
            );
            if let (Some(agency_id), Some(presence)) = (agency_id, presence) {
                if !seen.insert(agency_id) {
                    invalid.push("agency_id", "names an agency twice");
                }
                rows.push(AttendanceInput {
                    agency_id,
                    presence,
                    attendee,
                });
            }
        }
        invalid.into_result(rows)
    }
}

/// A decision or the minutes: free text.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct TextForm {
    pub text: String,
}

impl TextForm {
    pub fn validate(&self, max_chars: usize) -> Result<String, Invalid> {
        let mut invalid = Invalid::default();
        let text =
            crate::form_fields::required_paragraph(&mut invalid, "text", &self.text, max_chars);
        invalid.into_result(text)
    }
}

// ---- actions ----

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ActionForm {
    pub description: String,
    pub owner_agency_id: String,
    pub due_on: String,
    pub ecological_level: Option<String>,
    pub essential_action: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionInput {
    pub description: String,
    pub owner_agency_id: AgencyId,
    pub due_on: NaiveDate,
    pub ecological_level: Option<EcologicalLevel>,
    pub essential_action: Option<EssentialAction>,
}

impl ActionForm {
    pub fn validate(&self) -> Result<ActionInput, Invalid> {
        let mut invalid = Invalid::default();
        let description = required_text(&mut invalid, "description", &self.description, 500);
        let owner_agency_id = required_id(
            &mut invalid,
            "owner_agency_id",
            &self.owner_agency_id,
            "an agency",
        );
        let due_on = required_date(&mut invalid, "due_on", &self.due_on);
        let ecological_level = optional_label(
            &mut invalid,
            "ecological_level",
            self.ecological_level.as_deref(),
        );
        let essential_action = optional_label(
            &mut invalid,
            "essential_action",
            self.essential_action.as_deref(),
        );
        match (owner_agency_id, due_on) {
            (Some(owner_agency_id), Some(due_on)) => invalid.into_result(ActionInput {
                description,
                owner_agency_id,
                due_on,
                ecological_level,
                essential_action,
            }),
            _ => Err(invalid),
        }
    }
}

/// Recording where an action stands and why.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ActionUpdateForm {
    pub status: String,
    pub note: Option<String>,
}

// ---- instruments ----

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct InstrumentForm {
    pub kind: String,
    pub title: String,
    pub essential_actions: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstrumentInput {
    pub kind: InstrumentKind,
    pub title: String,
    pub essential_actions: BTreeSet<EssentialAction>,
}

impl InstrumentForm {
    pub fn validate(&self) -> Result<InstrumentInput, Invalid> {
        let mut invalid = Invalid::default();
        let kind = required_label(&mut invalid, "kind", &self.kind);
        let title = required_text(&mut invalid, "title", &self.title, 300);
        let essential_actions =
            label_set(&mut invalid, "essential_actions", &self.essential_actions);
        match kind {
            Some(kind) => invalid.into_result(InstrumentInput {
                kind,
                title,
                essential_actions,
            }),
            None => Err(invalid),
        }
    }
}

/// The dates and summary of a version (while it is being written), or a
/// lifecycle step (`event`) with the dates it needs.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct VersionForm {
    pub event: Option<String>,
    pub effective_on: Option<String>,
    pub review_on: Option<String>,
    pub summary: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionInput {
    pub effective_on: Option<NaiveDate>,
    pub review_on: Option<NaiveDate>,
    pub summary: Option<String>,
}

impl VersionForm {
    pub fn validate(&self) -> Result<VersionInput, Invalid> {
        let mut invalid = Invalid::default();
        let effective_on =
            optional_date(&mut invalid, "effective_on", self.effective_on.as_deref());
        let review_on = optional_date(&mut invalid, "review_on", self.review_on.as_deref());
        let summary = optional_paragraph(&mut invalid, "summary", self.summary.as_deref(), 4000);
        invalid.into_result(VersionInput {
            effective_on,
            review_on,
            summary,
        })
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct SignatoryForm {
    pub agency_id: String,
    pub signed_by: String,
    pub signed_on: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatoryInput {
    pub agency_id: AgencyId,
    pub signed_by: String,
    pub signed_on: NaiveDate,
}

impl SignatoryForm {
    pub fn validate(&self) -> Result<SignatoryInput, Invalid> {
        let mut invalid = Invalid::default();
        let agency_id = required_id(&mut invalid, "agency_id", &self.agency_id, "an agency");
        let signed_by = required_text(&mut invalid, "signed_by", &self.signed_by, 200);
        let signed_on = required_date(&mut invalid, "signed_on", &self.signed_on);
        match (agency_id, signed_on) {
            (Some(agency_id), Some(signed_on)) => invalid.into_result(SignatoryInput {
                agency_id,
                signed_by,
                signed_on,
            }),
            _ => Err(invalid),
        }
    }
}

/// Who was consulted on a version (survivors' representatives included).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ConsultationForm {
    pub consultee: String,
    pub agency_id: Option<String>,
    /// Checkbox: a representative of survivors.
    pub survivors_representative: Option<String>,
    pub consulted_on: String,
    pub summary: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsultationInput {
    pub consultee: String,
    pub agency_id: Option<AgencyId>,
    pub survivors_representative: bool,
    pub consulted_on: NaiveDate,
    pub summary: Option<String>,
}

impl ConsultationForm {
    pub fn validate(&self) -> Result<ConsultationInput, Invalid> {
        let mut invalid = Invalid::default();
        let consultee = required_text(&mut invalid, "consultee", &self.consultee, 200);
        let agency_id = optional_id(
            &mut invalid,
            "agency_id",
            self.agency_id.as_deref(),
            "an agency",
        );
        let survivors_representative = checkbox(
            &mut invalid,
            "survivors_representative",
            self.survivors_representative.as_deref(),
        );
        let consulted_on = required_date(&mut invalid, "consulted_on", &self.consulted_on);
        let summary = optional_paragraph(&mut invalid, "summary", self.summary.as_deref(), 2000);
        match consulted_on {
            Some(consulted_on) => invalid.into_result(ConsultationInput {
                consultee,
                agency_id,
                survivors_representative,
                consulted_on,
                summary,
            }),
            None => Err(invalid),
        }
    }
}

// ---- self-assessment ----

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct AssessmentRoundForm {
    pub title: String,
    pub opened_on: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssessmentRoundInput {
    pub title: String,
    pub opened_on: NaiveDate,
}

impl AssessmentRoundForm {
    pub fn validate(&self) -> Result<AssessmentRoundInput, Invalid> {
        let mut invalid = Invalid::default();
        let title = required_text(&mut invalid, "title", &self.title, 100);
        let opened_on = required_date(&mut invalid, "opened_on", &self.opened_on);
        match opened_on {
            Some(opened_on) => invalid.into_result(AssessmentRoundInput { title, opened_on }),
            None => Err(invalid),
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct AssessmentAnswerForm {
    pub agency_id: String,
    pub stage: String,
    pub climate: String,
    pub infrastructure: String,
    pub activities: String,
    pub outcomes: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssessmentAnswerInput {
    pub agency_id: AgencyId,
    pub stage: ContinuumStage,
    pub climate: u32,
    pub infrastructure: u32,
    pub activities: u32,
    pub outcomes: u32,
}

impl AssessmentAnswerForm {
    pub fn validate(&self) -> Result<AssessmentAnswerInput, Invalid> {
        let mut invalid = Invalid::default();
        let agency_id = required_id(&mut invalid, "agency_id", &self.agency_id, "an agency");
        let stage = required_label(&mut invalid, "stage", &self.stage);
        let climate = score(&mut invalid, "climate", &self.climate);
        let infrastructure = score(&mut invalid, "infrastructure", &self.infrastructure);
        let activities = score(&mut invalid, "activities", &self.activities);
        let outcomes = score(&mut invalid, "outcomes", &self.outcomes);
        match (agency_id, stage) {
            (Some(agency_id), Some(stage)) => invalid.into_result(AssessmentAnswerInput {
                agency_id,
                stage,
                climate,
                infrastructure,
                activities,
                outcomes,
            }),
            _ => Err(invalid),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bad_field_is_named() {
        let err = MemberForm {
            agency_id: "x".into(),
            joined_on: "2026-02-30".into(),
            decision_authority: Some("maybe".into()),
            ..MemberForm::default()
        }
        .validate()
        .unwrap_err();
        for field in [
            "agency_id",
            "representative",
            "joined_on",
            "decision_authority",
        ] {
            assert!(err.problem_for(field).is_some(), "{field}: {err}");
        }
        let err = MemberForm {
            agency_id: AgencyId::new().to_string(),
            representative: "Dr. A. Example".into(),
            joined_on: "2026-02-01".into(),
            left_on: Some("2026-01-01".into()),
            chair: Some("on".into()),
            ..MemberForm::default()
        }
        .validate()
        .unwrap_err();
        assert!(err.problem_for("left_on").is_some());
        assert!(err.problem_for("chair").is_some());
    }

    #[test]
    fn settings_keep_escalation_possible() {
        let form = |n: &str| BodySettingsForm {
            leadership: "rotating".into(),
            escalate_after: n.into(),
            remit: None,
        };
        assert_eq!(form("2").validate().unwrap().policy.escalate_after, 2);
        for bad in ["0", "13", "two", ""] {
            assert!(
                form(bad)
                    .validate()
                    .unwrap_err()
                    .problem_for("escalate_after")
                    .is_some()
            );
        }
    }

    #[test]
    fn agendas_are_one_item_a_line() {
        let input = MeetingForm {
            held_on: "2026-03-02".into(),
            location: Some(" Town hall ".into()),
            agenda: Some("Welcome\n\n  Referral pathway review \r\nAOB".into()),
        }
        .validate()
        .unwrap();
        assert_eq!(
            input.agenda,
            vec!["Welcome", "Referral pathway review", "AOB"]
        );
        assert_eq!(input.location.as_deref(), Some("Town hall"));
    }

    #[test]
    fn attendance_lists_must_line_up() {
        let a = AgencyId::new().to_string();
        let b = AgencyId::new().to_string();
        let ok = AttendanceForm {
            agency_id: vec![a.clone(), b.clone()],
            presence: vec!["present".into(), "apologies".into()],
            attendee: vec!["Ms. Example".into(), String::new()],
        }
        .validate()
        .unwrap();
        assert_eq!(ok[1].presence, Presence::Apologies);
        assert_eq!(ok[1].attendee, None);
        assert!(
            AttendanceForm {
                agency_id: vec![a.clone()],
                presence: vec![],
                attendee: vec![],
            }
            .validate()
            .is_err()
        );
        assert!(
            AttendanceForm {
                agency_id: vec![a.clone(), a],
                presence: vec!["present".into(), "absent".into()],
                attendee: vec![],
            }
            .validate()
            .unwrap_err()
            .problem_for("agency_id")
            .is_some()
        );
    }

    #[test]
    fn assessment_scores_run_one_to_five() {
        let form = AssessmentAnswerForm {
            agency_id: AgencyId::new().to_string(),
            stage: "coordination".into(),
            climate: "4".into(),
            infrastructure: "0".into(),
            activities: "6".into(),
            outcomes: "3".into(),
        };
        let err = form.validate().unwrap_err();
        assert!(err.problem_for("infrastructure").is_some());
        assert!(err.problem_for("activities").is_some());
        assert!(err.problem_for("climate").is_none());
    }
}
