//! Assessments of a case: answering an instrument, with professional
//! judgement and the survivor's own view; the history, the trend and the
//! reassessment date. Case data of the `risk` category.

use super::instruments::decode;
use crate::app::App;
use crate::error::{AppError, AppResult};
use crate::field_crypto::Field;
use chrono::NaiveDate;
use concord_domain::access::Actor;
use concord_domain::audit::{AuditAction, AuditOutcome};
use concord_domain::case_access::{AccessBasis, CaseOperation};
use concord_domain::consent::{DataCategory, Purpose};
use concord_domain::ids::{AssessmentId, CaseId};
use concord_domain::risk::assessment::{Answer, AssessmentForm, reassessment_due};
use concord_domain::risk::instrument::Instrument;
use concord_store::{AssessmentRow, CaseRow};
use std::collections::BTreeMap;

/// One answered item as shown.
#[derive(Debug, Clone)]
pub struct AnswerView {
    pub topic: String,
    pub text: String,
    /// `yes`, `no`, a number or the text given; empty when not answered.
    pub answer: String,
}

/// An assessment decrypted for a reader allowed to see risk.
#[derive(Debug, Clone)]
pub struct AssessmentView {
    pub row: AssessmentRow,
    pub instrument_title: String,
    pub answers: Vec<AnswerView>,
    pub judgement_reason: Option<String>,
    pub survivor_words: Option<String>,
}

/// The risk part of a case, as one reader may see it.
pub struct RiskFile {
    pub case: CaseRow,
    pub survivor_reference: String,
    pub basis: AccessBasis,
    /// Only the owning agency assesses and refers.
    pub may_change: bool,
    /// Oldest first.
    pub assessments: Vec<AssessmentView>,
    /// When the latest assessment says to assess again.
    pub reassess_by: Option<NaiveDate>,
    pub reassessment_overdue: bool,
}

fn field<'a>(column: &'static str, id: &'a str) -> Field<'a> {
    Field::new("risk_assessments", column, id)
}

impl App {
    /// Records an assessment with the newest version of `instrument_key`.
    pub async fn record_assessment(
        &self,
        actor: &Actor,
        case_id: CaseId,
        instrument_key: &str,
        form: &AssessmentForm,
    ) -> AppResult<AssessmentRow> {
        let case = self
            .case_for_change(actor, case_id, DataCategory::Risk)
            .await?;
        let (row, instrument) = self
            .current_instruments()
            .await?
            .into_iter()
            .find(|(row, _)| row.key == instrument_key)
            .ok_or_else(|| {
                concord_domain::Invalid::one("instrument", "is not a loaded instrument")
            })?;
        let checked = form.validate(&instrument)?;
        let now = self.clock.now();
        let today = concord_domain::risk::assessment::assessment_day(
            &form.assessed_on,
            self.local_date_of(now),
        )?;
        let id = AssessmentId::new();
        let row_id = id.to_string();
        let agency = case.owning_agency;
        let answers = serde_json::to_string(&checked.answers)
            .map_err(|e| AppError::Internal(e.to_string()))?;
        let assessment = AssessmentRow {
            id,
            case_id,
            instrument_key: row.key.clone(),
            instrument_version: row.version,
            answers: self
                .seal_field(agency, field("answers", &row_id), &answers)
                .await?,
            score: checked.scored.score,
            max_score: checked.scored.max_score,
            band: checked.scored.band.clone(),
            computed_level: checked.scored.level,
            final_level: checked.final_level,
            judgement_reason: self
                .seal_optional(
                    agency,
                    field("judgement_reason", &row_id),
                    checked.judgement.as_ref().map(|j| j.reason.as_str()),
                )
                .await?,
            survivor_view: checked.survivor_view,
            survivor_words: self
                .seal_optional(
                    agency,
                    field("survivor_words", &row_id),
                    checked.survivor_words.as_deref(),
                )
                .await?,
            triggers: checked.scored.triggers.clone(),
            assessed_on: today,
            reassess_by: reassessment_due(today, &checked.scored, checked.final_level),
            assessed_by: actor.user_id,
            created_at: now,
        };
        let event = self.event(
            Some(actor),
            AuditAction::RiskAssessmentRecorded,
            Some(("case", case_id.to_string())),
            AuditOutcome::Success,
            serde_json::json!({
                "assessment_id": id,
                "instrument": row.key,
                "version": row.version,
            }),
        );
        self.store.create_assessment(&assessment, &event).await?;
        Ok(assessment)
    }

    /// The risk part of a case: asks the access decision for reading risk
    /// (purpose required for another agency's case) and audits the reading.
    pub async fn read_risk(
        &self,
        actor: &Actor,
        case_id: CaseId,
        purpose: Option<Purpose>,
    ) -> AppResult<RiskFile> {
        let grants = self.case_grants(actor, case_id).await?;
        let basis = self
            .authorise_case(
                actor,
                &grants,
                CaseOperation::Read(DataCategory::Risk),
                purpose,
            )
            .await?;
        let case = grants.case;
        let event = self.event(
            Some(actor),
            AuditAction::CaseViewed,
            Some(("case", case.id.to_string())),
            AuditOutcome::Success,
            serde_json::json!({
                "basis": basis.as_str(),
                "categories": ["risk"],
                "purpose": purpose.map(|p| p.as_str()),
            }),
        );
        self.store.append_audit(&event).await?;
        let survivor_reference = self
            .store
            .get_survivor(case.survivor_id)
            .await?
            .ok_or(AppError::NotFound)?
            .reference;
        let assessments = self.assessment_views(case.id).await?;
        let reassess_by = assessments.last().map(|a| a.row.reassess_by);
        let today = self.today();
        Ok(RiskFile {
            may_change: basis == AccessBasis::OwningAgency,
            reassessment_overdue: reassess_by.is_some_and(|d| d < today),
            reassess_by,
            assessments,
            survivor_reference,
            basis,
            case,
        })
    }

    pub(crate) async fn assessment_views(&self, case: CaseId) -> AppResult<Vec<AssessmentView>> {
        let rows = self.store.list_assessments(case).await?;
        let mut instruments: BTreeMap<(String, i32), Instrument> = BTreeMap::new();
        let mut views = Vec::new();
        for row in rows {
            let key = (row.instrument_key.clone(), row.instrument_version);
            if !instruments.contains_key(&key) {
                let stored = self
                    .store
                    .get_risk_instrument(&key.0, key.1)
                    .await?
                    .ok_or(AppError::NotFound)?;
                instruments.insert(key.clone(), decode(&stored)?);
            }
            let instrument = &instruments[&key];
            let id = row.id.to_string();
            let answers_text = self.open_field(field("answers", &id), &row.answers).await?;
            let answers: BTreeMap<String, Answer> = serde_json::from_str(&answers_text)
                .map_err(|_| AppError::Internal("stored answers do not decode".into()))?;
            views.push(AssessmentView {
                instrument_title: instrument.title.clone(),
                answers: instrument
                    .items
                    .iter()
                    .map(|item| AnswerView {
                        topic: item.topic.clone(),
                        text: item.text.clone(),
                        answer: match answers.get(&item.id) {
                            Some(Answer::YesNo(true)) => "yes".into(),
                            Some(Answer::YesNo(false)) => "no".into(),
                            Some(Answer::Scale(v)) => v.to_string(),
                            Some(Answer::Text(t)) => t.clone(),
                            None => String::new(),
                        },
                    })
                    .collect(),
                judgement_reason: self
                    .open_optional(
                        field("judgement_reason", &id),
                        row.judgement_reason.as_deref(),
                    )
                    .await?,
                survivor_words: self
                    .open_optional(field("survivor_words", &id), row.survivor_words.as_deref())
                    .await?,
                row,
            });
        }
        Ok(views)
    }
}
