//! Recording an incident step by step: the GBVIMS questions one at a time
//! in their fixed order (the first "yes" decides the type), then the
//! details. Each step is a plain form post, so it works without
//! JavaScript; the answers so far travel as hidden fields and the server
//! decides, through the domain's `next_question`, what to ask next.

use super::register::{Choice, choices};
use crate::error::PageError;
use crate::pages::{FormErrors, PageChrome, PageContext, Posted};
use crate::session::Person;
use crate::state::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use concord_app::AppError;
use concord_app::cases::records::IncidentDetails;
use concord_domain::consent::DataCategory;
use concord_domain::ids::CaseId;
use concord_domain::incident::{
    ContextFlag, Exploitation, FormOfViolence, GbvType, IncidentForm, PerpetratorAgeGroup,
    PerpetratorRelationship, PerpetratorSex, QUESTIONS, QuestionKey, Step, next_question,
};
use concord_domain::label::Label;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/cases/{id}/incidents/new", get(start).post(answer))
        .route("/cases/{id}/incidents", post(record))
}

/// Everything the incident form carries: the classification answers given
/// so far (`yes`/`no` by question), the details, and which button was
/// pressed.
#[derive(Debug, Default, Clone, serde::Deserialize)]
#[serde(default)]
pub struct IncidentDraft {
    incident_date: String,
    incident_time: String,
    date_first_reported: String,
    area_id: String,
    penetration: Option<String>,
    unwanted_sexual_contact: Option<String>,
    physical_assault: Option<String>,
    forced_marriage: Option<String>,
    denial_of_resources: Option<String>,
    psychological_abuse: Option<String>,
    context_flags: Vec<String>,
    forms_of_violence: Vec<String>,
    exploitation: Vec<String>,
    perpetrator_relationship: String,
    perpetrator_sex: String,
    perpetrator_age_group: String,
    perpetrator_identity: String,
    narrative: String,
    already_reported_elsewhere: Option<String>,
    consent_to_statistics: Option<String>,
    /// "Previous question": forget the last answer that counted.
    back: Option<String>,
}

impl IncidentDraft {
    fn answer_field(&mut self, key: QuestionKey) -> &mut Option<String> {
        match key {
            QuestionKey::Penetration => &mut self.penetration,
            QuestionKey::UnwantedSexualContact => &mut self.unwanted_sexual_contact,
            QuestionKey::PhysicalAssault => &mut self.physical_assault,
            QuestionKey::ForcedMarriage => &mut self.forced_marriage,
            QuestionKey::DenialOfResources => &mut self.denial_of_resources,
            QuestionKey::PsychologicalAbuse => &mut self.psychological_abuse,
        }
    }

    /// The answers that count, in question order: up to the first
    /// unanswered question or the first "yes". Anything after is dropped,
    /// so a stale hidden field can never change the type.
    fn counted_answers(&mut self) -> Vec<(QuestionKey, bool)> {
        let mut counted = Vec::new();
        let mut finished = false;
        for (key, _) in QUESTIONS {
            let field = self.answer_field(key);
            let answer = match field.as_deref() {
                Some("yes") => Some(true),
                Some("no") => Some(false),
                _ => None,
            };
            match (finished, answer) {
                (false, Some(yes)) => {
                    counted.push((key, yes));
                    finished = yes;
                }
                _ => {
                    finished = true;
                    *field = None;
                }
            }
        }
        counted
    }

    /// Takes the last counted answer back ("previous question").
    fn go_back(&mut self) {
        if let Some((key, _)) = self.counted_answers().pop() {
            *self.answer_field(key) = None;
        }
    }

    fn into_form(self) -> (IncidentForm, IncidentDetails) {
        let blank = |v: String| Some(v).filter(|s| !s.trim().is_empty());
        (
            IncidentForm {
                incident_date: self.incident_date,
                incident_time: blank(self.incident_time),
                date_first_reported: self.date_first_reported,
                area_id: blank(self.area_id),
                penetration: self.penetration,
                unwanted_sexual_contact: self.unwanted_sexual_contact,
                physical_assault: self.physical_assault,
                forced_marriage: self.forced_marriage,
                denial_of_resources: self.denial_of_resources,
                psychological_abuse: self.psychological_abuse,
                context_flags: self.context_flags,
                forms_of_violence: self.forms_of_violence,
                exploitation: self.exploitation,
                perpetrator_relationship: self.perpetrator_relationship,
                perpetrator_sex: self.perpetrator_sex,
                perpetrator_age_group: self.perpetrator_age_group,
                already_reported_elsewhere: self.already_reported_elsewhere,
                consent_to_statistics: self.consent_to_statistics,
            },
            IncidentDetails {
                perpetrator_identity: self.perpetrator_identity,
                narrative: self.narrative,
            },
        )
    }
}

/// A question already answered, shown above the current one.
pub struct AnsweredQuestion {
    pub key: &'static str,
    pub question: String,
    pub value: &'static str,
    pub answer: String,
}

/// A context flag with whether it is ticked.
pub struct FlagChoice {
    pub value: &'static str,
    pub label: String,
    pub checked: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "case_incident.html")]
struct IncidentPage {
    page: PageChrome,
    case_id: CaseId,
    answered: Vec<AnsweredQuestion>,
    /// The question to ask now.
    current: Option<Choice>,
    /// Its number, 1-based.
    current_number: usize,
    /// The type, once decided.
    decided: Option<String>,
    draft: IncidentDraft,
    context_flags: Vec<FlagChoice>,
    forms_of_violence: Vec<FlagChoice>,
    exploitation: Vec<FlagChoice>,
    relationships: Vec<Choice>,
    perpetrator_sexes: Vec<Choice>,
    perpetrator_ages: Vec<Choice>,
    errors: FormErrors,
}

fn render(
    ctx: &PageContext,
    person: &Person,
    case_id: CaseId,
    mut draft: IncidentDraft,
    errors: FormErrors,
) -> Response {
    let counted = draft.counted_answers();
    let label = |key: QuestionKey| {
        ctx.tr
            .t(&format!("question-{}", key.label().replace('_', "-")))
    };
    let answered = counted
        .iter()
        .map(|(key, yes)| AnsweredQuestion {
            key: key.label(),
            question: label(*key),
            value: if *yes { "yes" } else { "no" },
            answer: ctx.tr.t(if *yes { "yes" } else { "no" }),
        })
        .collect();
    let current_number = counted.len() + 1;
    let (current, decided) = match next_question(&counted) {
        Step::Ask(key) => (
            Some(Choice {
                value: key.label(),
                label: label(key),
            }),
            None,
        ),
        Step::Decided(gbv_type) => (None, Some(gbv_type_label(ctx, gbv_type))),
    };
    let context_flags = ContextFlag::all()
        .iter()
        .map(|flag| FlagChoice {
            value: flag.label(),
            label: ctx
                .tr
                .t(&format!("context-{}", flag.label().replace('_', "-"))),
            checked: draft.context_flags.iter().any(|f| f == flag.label()),
        })
        .collect();
    let forms_of_violence = ticks::<FormOfViolence>(ctx, "violence-form", &draft.forms_of_violence);
    let exploitation = ticks::<Exploitation>(ctx, "exploitation", &draft.exploitation);
    let status = errors.status();
    let page = IncidentPage {
        page: ctx.chrome(person, "incident-new-title", "nav-cases"),
        case_id,
        answered,
        current,
        current_number,
        decided,
        draft,
        context_flags,
        forms_of_violence,
        exploitation,
        relationships: choices::<PerpetratorRelationship>(ctx, "relationship"),
        perpetrator_sexes: choices::<PerpetratorSex>(ctx, "perpetrator-sex"),
        perpetrator_ages: choices::<PerpetratorAgeGroup>(ctx, "perpetrator-age"),
        errors,
    };
    (status, page).into_response()
}

fn gbv_type_label(ctx: &PageContext, gbv_type: GbvType) -> String {
    ctx.tr
        .t(&format!("gbv-type-{}", gbv_type.label().replace('_', "-")))
}

/// Only those who may record an incident on this case see the form.
async fn may_record(state: &AppState, person: &Person, id: CaseId) -> Result<(), PageError> {
    Ok(state
        .app
        .authorise_case_change(&person.actor, id, DataCategory::Incident)
        .await?)
}

async fn start(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path(id): Path<CaseId>,
) -> Result<Response, PageError> {
    may_record(&state, &person, id).await?;
    Ok(render(
        &ctx,
        &person,
        id,
        IncidentDraft::default(),
        FormErrors::default(),
    ))
}

/// One step: the answer just given (or "previous question") with the
/// answers before it.
async fn answer(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path(id): Path<CaseId>,
    form: Posted<IncidentDraft>,
) -> Result<Response, PageError> {
    let mut draft = form.checked_for(&person)?;
    may_record(&state, &person, id).await?;
    if draft.back.take().is_some() {
        draft.go_back();
    }
    Ok(render(&ctx, &person, id, draft, FormErrors::default()))
}

/// Records the incident; on a problem, the form again with every answer
/// and detail kept and each problem named.
async fn record(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path(id): Path<CaseId>,
    form: Posted<IncidentDraft>,
) -> Result<Response, PageError> {
    let draft = form.checked_for(&person)?;
    let (incident, details) = draft.clone().into_form();
    match state
        .app
        .record_incident(&person.actor, id, &incident, &details)
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/cases/{id}#incidents")).into_response()),
        Err(AppError::Invalid(invalid)) => {
            let errors = FormErrors::from_invalid(&invalid, &ctx.tr);
            Ok(render(&ctx, &person, id, draft, errors))
        }
        Err(other) => Err(other.into()),
    }
}

/// Every value of a vocabulary as a checkbox, its message `prefix-label`.
fn ticks<T: Label>(ctx: &PageContext, prefix: &str, ticked: &[String]) -> Vec<FlagChoice> {
    T::all()
        .iter()
        .map(|v| FlagChoice {
            value: v.label(),
            label: ctx
                .tr
                .t(&format!("{prefix}-{}", v.label().replace('_', "-"))),
            checked: ticked.iter().any(|t| t == v.label()),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(answers: &[(&str, &str)]) -> IncidentDraft {
        let mut draft = IncidentDraft::default();
        for (key, value) in answers {
            let key = QuestionKey::parse(key).unwrap();
            *draft.answer_field(key) = Some((*value).to_string());
        }
        draft
    }

    #[test]
    fn answers_after_the_first_yes_or_a_gap_do_not_count() {
        let mut d = draft(&[
            ("penetration", "no"),
            ("unwanted_sexual_contact", "yes"),
            ("physical_assault", "yes"),
        ]);
        assert_eq!(
            d.counted_answers(),
            vec![
                (QuestionKey::Penetration, false),
                (QuestionKey::UnwantedSexualContact, true)
            ]
        );
        assert_eq!(d.physical_assault, None, "a stale later answer is dropped");

        let mut gap = draft(&[("penetration", "no"), ("physical_assault", "yes")]);
        assert_eq!(
            gap.counted_answers(),
            vec![(QuestionKey::Penetration, false)]
        );
        let mut nonsense = draft(&[("penetration", "maybe")]);
        assert!(nonsense.counted_answers().is_empty());
    }

    #[test]
    fn previous_question_takes_back_the_last_answer_that_counted() {
        let mut d = draft(&[("penetration", "no"), ("unwanted_sexual_contact", "yes")]);
        d.go_back();
        assert_eq!(d.counted_answers(), vec![(QuestionKey::Penetration, false)]);
        d.go_back();
        assert!(d.counted_answers().is_empty());
        d.go_back();
        assert!(d.counted_answers().is_empty(), "nothing to take back");
    }
}
