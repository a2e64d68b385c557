//! How integrated the response is: a body's action plan coverage by
//! ecological level and ESP essential action, its scorecard (attendance,
//! action completion, signatory coverage by sector, instruments overdue),
//! the ESP governance matrix of an area, and periodic self-assessments by
//! the members with their trend. The arithmetic is in
//! `concord_domain::governance::metrics`.

use super::agency_name;
use super::instruments::InstrumentLine;
use crate::app::App;
use crate::error::{AppError, AppResult};
use chrono::Months;
use concord_domain::Invalid;
use concord_domain::access::Actor;
use concord_domain::audit::{AuditAction, AuditOutcome};
use concord_domain::governance::access;
use concord_domain::governance::forms::{AssessmentAnswerForm, AssessmentRoundForm};
use concord_domain::governance::metrics::{
    AssessmentAnswer, MatrixCell, MatrixInstrument, PlanCoverage, PlannedAction, Ratio,
    RoundSummary, SectorCoverage, attendance_rate, completion_rate, governance_matrix,
    overall_signatory_coverage, plan_coverage, signatory_coverage, summarise_round,
};
use concord_domain::governance::{ActionStatus, EssentialAction};
use concord_domain::ids::{AreaId, BodyId};
use concord_store::{AreaRow, AssessmentAnswerRow, AssessmentRoundRow, BodyRow};
use std::collections::BTreeSet;
use uuid::Uuid;

#[derive(Debug, Clone)]
pub struct Scorecard {
    /// Over the meetings closed in the last 12 months.
    pub attendance: Ratio,
    pub meetings_counted: usize,
    pub completion: Ratio,
    pub open_actions: usize,
    pub escalated_actions: usize,
    pub signatories: Vec<SectorCoverage>,
    pub signatory_overall: Ratio,
    pub instruments_in_force: usize,
    pub instruments_overdue: usize,
    pub latest_assessment: Option<RoundSummary>,
}

#[derive(Debug, Clone)]
pub struct MatrixRow {
    pub action: EssentialAction,
    pub cell: MatrixCell,
    /// Titles of the instruments in force that implement it.
    pub instruments: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct AreaMatrix {
    pub area: AreaRow,
    /// The area and those above it, from the top.
    pub chain: Vec<AreaRow>,
    pub bodies: Vec<BodyRow>,
    pub rows: Vec<MatrixRow>,
}

#[derive(Debug, Clone)]
pub struct RoundView {
    pub round: AssessmentRoundRow,
    pub summary: Option<RoundSummary>,
    pub answers: Vec<(String, AssessmentAnswerRow)>,
}

#[derive(Debug, Clone)]
pub struct AssessmentsView {
    pub rounds: Vec<RoundView>,
    /// Member agencies the caller may answer for.
    pub may_answer_for: Vec<(concord_domain::ids::AgencyId, String)>,
    pub can_edit: bool,
}

impl App {
    pub async fn plan_coverage(&self, actor: &Actor, body: BodyId) -> AppResult<PlanCoverage> {
        let body = self.readable_body(actor, body).await?;
        let planned: Vec<PlannedAction> = self
            .store
            .list_actions(body.id)
            .await?
            .into_iter()
            .filter(|a| a.body_id == body.id)
            .map(|a| PlannedAction {
                level: a.ecological_level,
                essential_action: a.essential_action,
                status: a.status,
            })
            .collect();
        Ok(plan_coverage(&planned))
    }

    pub async fn scorecard(&self, actor: &Actor, body: BodyId) -> AppResult<Scorecard> {
        let body = self.readable_body(actor, body).await?;
        let today = self.today();
        let since = today.checked_sub_months(Months::new(12)).unwrap_or(today);
        let counted: BTreeSet<_> = self
            .store
            .list_meetings(body.id)
            .await?
            .into_iter()
            .filter(|m| m.closed_at.is_some() && m.held_on > since)
            .map(|m| m.id)
            .collect();
        let presence: Vec<_> = self
            .store
            .list_attendance(body.id)
            .await?
            .into_iter()
            .filter(|a| counted.contains(&a.meeting_id))
            .map(|a| a.presence)
            .collect();
        let own: Vec<_> = self
            .store
            .list_actions(body.id)
            .await?
            .into_iter()
            .filter(|a| a.body_id == body.id)
            .collect();
        let statuses: Vec<_> = own.iter().map(|a| (a.status, a.due_on)).collect();
        let agencies = self.agency_map().await?;
        let members: Vec<_> = self
            .current_member_ids(body.id)
            .await?
            .into_iter()
            .filter_map(|id| agencies.get(&id).map(|a| (id, a.sector)))
            .collect();
        let lines = self.instrument_lines(&[body.id]).await?;
        let in_force: Vec<&InstrumentLine> = lines
            .iter()
            .filter(|l| l.current.as_ref().is_some_and(|v| v.status.is_in_force()))
            .collect();
        let version_ids: Vec<Uuid> = in_force
            .iter()
            .filter_map(|l| l.current.as_ref().map(|v| v.id))
            .collect();
        let signed: BTreeSet<_> = self
            .store
            .list_signatories(&version_ids)
            .await?
            .into_iter()
            .map(|s| s.agency_id)
            .collect();
        let signatories = signatory_coverage(&members, &signed);
        let latest_assessment = self
            .assessment_rounds(&body)
            .await?
            .into_iter()
            .rev()
            .find_map(|r| r.summary);
        Ok(Scorecard {
            attendance: attendance_rate(&presence),
            meetings_counted: counted.len(),
            completion: completion_rate(&statuses, today),
            open_actions: own
                .iter()
                .filter(|a| a.status == ActionStatus::NotDone)
                .count(),
            escalated_actions: own
                .iter()
                .filter(|a| a.status == ActionStatus::NotDone && a.escalated_at.is_some())
                .count(),
            signatory_overall: overall_signatory_coverage(&signatories),
            signatories,
            instruments_in_force: in_force.len(),
            instruments_overdue: lines.iter().filter(|l| l.overdue).count(),
            latest_assessment,
        })
    }

    /// The ESP governance matrix of an area: instruments of the bodies of
    /// the area and of every area above it.
    pub async fn governance_matrix(&self, actor: &Actor, area: AreaId) -> AppResult<AreaMatrix> {
        if let Err(denied) = access::may_read(actor) {
            return self.refuse(actor, denied, None).await;
        }
        let area = self.store.get_area(area).await?.ok_or(AppError::NotFound)?;
        let mut chain = vec![area.clone()];
        while let Some(parent) = chain.last().and_then(|a| a.parent_id) {
            if chain.iter().any(|a| a.id == parent) || chain.len() > 20 {
                break;
            }
            match self.store.get_area(parent).await? {
                Some(row) => chain.push(row),
                None => break,
            }
        }
        chain.reverse();
        let bodies: Vec<BodyRow> = self
            .store
            .list_bodies()
            .await?
            .into_iter()
            .filter(|b| chain.iter().any(|a| a.id == b.area_id))
            .collect();
        let ids: Vec<BodyId> = bodies.iter().map(|b| b.id).collect();
        let lines = self.instrument_lines(&ids).await?;
        let instruments: Vec<MatrixInstrument> = lines
            .iter()
            .filter_map(|l| {
                l.current.as_ref().map(|v| MatrixInstrument {
                    essential_actions: l.instrument.essential_actions.iter().copied().collect(),
                    status: v.status,
                    review_on: v.review_on,
                })
            })
            .collect();
        let rows = governance_matrix(&instruments, self.today())
            .into_iter()
            .map(|(action, cell)| MatrixRow {
                action,
                cell,
                instruments: lines
                    .iter()
                    .filter(|l| {
                        l.instrument.essential_actions.contains(&action)
                            && l.current.as_ref().is_some_and(|v| v.status.is_in_force())
                    })
                    .map(|l| l.instrument.title.clone())
                    .collect(),
            })
            .collect();
        Ok(AreaMatrix {
            area,
            chain,
            bodies,
            rows,
        })
    }

    async fn assessment_rounds(&self, body: &BodyRow) -> AppResult<Vec<RoundView>> {
        let agencies = self.agency_map().await?;
        let answers = self.store.list_assessment_answers(body.id).await?;
        Ok(self
            .store
            .list_assessment_rounds(body.id)
            .await?
            .into_iter()
            .map(|round| {
                let mine: Vec<_> = answers.iter().filter(|a| a.round_id == round.id).collect();
                let summary = summarise_round(
                    &mine
                        .iter()
                        .map(|a| AssessmentAnswer {
                            stage: a.stage,
                            climate: a.climate.max(0) as u32,
                            infrastructure: a.infrastructure.max(0) as u32,
                            activities: a.activities.max(0) as u32,
                            outcomes: a.outcomes.max(0) as u32,
                        })
                        .collect::<Vec<_>>(),
                );
                let mut named: Vec<_> = mine
                    .into_iter()
                    .map(|a| (agency_name(&agencies, a.agency_id), a.clone()))
                    .collect();
                named.sort_by(|a, b| a.0.cmp(&b.0));
                RoundView {
                    round,
                    summary,
                    answers: named,
                }
            })
            .collect())
    }

    pub async fn assessments(&self, actor: &Actor, body: BodyId) -> AppResult<AssessmentsView> {
        let body = self.readable_body(actor, body).await?;
        let members = self.current_member_ids(body.id).await?;
        let agencies = self.agency_map().await?;
        let mut may_answer_for: Vec<_> = members
            .iter()
            .filter(|m| {
                access::may_answer_assessment(actor, body.secretariat_agency_id, &members, **m)
                    .is_ok()
            })
            .map(|m| (*m, agency_name(&agencies, *m)))
            .collect();
        may_answer_for.sort_by(|a, b| a.1.cmp(&b.1));
        Ok(AssessmentsView {
            rounds: self.assessment_rounds(&body).await?,
            may_answer_for,
            can_edit: access::may_edit_body(actor, body.secretariat_agency_id).is_ok(),
        })
    }

    pub async fn open_assessment_round(
        &self,
        actor: &Actor,
        body: BodyId,
        form: &AssessmentRoundForm,
    ) -> AppResult<AssessmentRoundRow> {
        self.editable_body(actor, body).await?;
        let input = form.validate()?;
        let round = AssessmentRoundRow {
            id: Uuid::now_v7(),
            body_id: body,
            title: input.title,
            opened_on: input.opened_on,
            created_at: self.clock.now(),
        };
        let event = self.event(
            Some(actor),
            AuditAction::AssessmentRoundOpened,
            Some(("coordination_body", body.to_string())),
            AuditOutcome::Success,
            serde_json::json!({ "round_id": round.id }),
        );
        self.store.create_assessment_round(&round, &event).await?;
        Ok(round)
    }

    /// A member agency's answer (its own people, or the secretariat on its
    /// behalf); answering again replaces it.
    pub async fn answer_assessment(
        &self,
        actor: &Actor,
        body: BodyId,
        round: Uuid,
        form: &AssessmentAnswerForm,
    ) -> AppResult<AssessmentAnswerRow> {
        let body = self.readable_body(actor, body).await?;
        if !self
            .store
            .list_assessment_rounds(body.id)
            .await?
            .iter()
            .any(|r| r.id == round)
        {
            return Err(AppError::NotFound);
        }
        let input = form.validate()?;
        let members = self.current_member_ids(body.id).await?;
        if !members.contains(&input.agency_id) {
            return Err(Invalid::one("agency_id", "is not a member agency of the body").into());
        }
        if let Err(denied) = access::may_answer_assessment(
            actor,
            body.secretariat_agency_id,
            &members,
            input.agency_id,
        ) {
            return self
                .refuse(
                    actor,
                    denied,
                    Some(("coordination_body", body.id.to_string())),
                )
                .await;
        }
        let row = AssessmentAnswerRow {
            round_id: round,
            agency_id: input.agency_id,
            stage: input.stage,
            climate: input.climate as i32,
            infrastructure: input.infrastructure as i32,
            activities: input.activities as i32,
            outcomes: input.outcomes as i32,
            answered_by: actor.user_id,
            answered_at: self.clock.now(),
        };
        let event = self.event(
            Some(actor),
            AuditAction::AssessmentAnswered,
            Some(("coordination_body", body.id.to_string())),
            AuditOutcome::Success,
            serde_json::json!({ "round_id": round, "agency_id": row.agency_id }),
        );
        self.store.put_assessment_answer(&row, &event).await?;
        Ok(row)
    }
}
