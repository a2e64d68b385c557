//! Moving a case through the six case-management steps, with supervisor
//! approval of the plan and of closure where the agency requires it.

use crate::app::App;
use crate::error::{AppError, AppResult};
use crate::field_crypto::Field;
use concord_domain::access::Actor;
use concord_domain::audit::{AuditAction, AuditOutcome};
use concord_domain::case::{
    ApprovalPolicy, ApprovalSubject, CaseEvent, CaseRules, CaseStatus, ClosureReasonForm,
    transition,
};
use concord_domain::consent::DataCategory;
use concord_domain::ids::CaseId;
use concord_domain::role::Permission;
use concord_domain::validation::optional_text;

/// A step as a person asks for it on the case page.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct CaseStepForm {
    /// `assessment_completed`, `plan_agreed`, `plan_approved`, …
    pub event: String,
    pub reason: String,
    pub attempts: Option<String>,
    pub days: Option<String>,
    /// A supervisor's comment on an approval decision.
    pub comment: String,
}

impl CaseStepForm {
    fn event(&self, rules: &CaseRules) -> Result<CaseEvent, concord_domain::Invalid> {
        Ok(match self.event.as_str() {
            "assessment_completed" => CaseEvent::AssessmentCompleted,
            "plan_agreed" => CaseEvent::PlanAgreed,
            "plan_approved" => CaseEvent::PlanApproved,
            "plan_rejected" => CaseEvent::PlanRejected,
            "implementation_started" => CaseEvent::ImplementationStarted,
            "follow_up_started" => CaseEvent::FollowUpStarted,
            "plan_revised" => CaseEvent::PlanRevised,
            "closure_requested" => CaseEvent::ClosureRequested {
                reason: ClosureReasonForm {
                    reason: self.reason.clone(),
                    attempts: self.attempts.clone(),
                    days: self.days.clone(),
                }
                .validate(rules)?,
            },
            "closure_approved" => CaseEvent::ClosureApproved,
            "closure_rejected" => CaseEvent::ClosureRejected,
            "reopened" => CaseEvent::Reopened,
            _ => return Err(concord_domain::Invalid::one("event", "is not a case step")),
        })
    }
}

pub(crate) fn approval_comment_field(id: &str) -> Field<'_> {
    Field::new("cases", "approval_comment", id)
}

impl App {
    /// The agency's approval policy (nothing needs approval until set).
    pub(crate) async fn approval_policy(
        &self,
        agency: concord_domain::ids::AgencyId,
    ) -> AppResult<ApprovalPolicy> {
        Ok(match self.store.get_case_settings(agency).await? {
            Some(s) => ApprovalPolicy {
                plan_requires_approval: s.plan_requires_approval,
                closure_requires_approval: s.closure_requires_approval,
            },
            None => ApprovalPolicy::default(),
        })
    }

    /// Takes one step. Supervisor decisions need a supervisor; two people
    /// acting at once: the second is told to reload.
    pub async fn take_case_step(
        &self,
        actor: &Actor,
        case_id: CaseId,
        form: &CaseStepForm,
    ) -> AppResult<CaseStatus> {
        let mut case = self
            .case_for_change(actor, case_id, DataCategory::CaseNotes)
            .await?;
        let rules = CaseRules::default();
        let event = form.event(&rules)?;
        if event.is_supervisor_decision() {
            self.require(actor, Permission::SuperviseCases).await?;
        }
        let mut invalid = concord_domain::Invalid::default();
        let comment = optional_text(&mut invalid, "comment", Some(&form.comment), 2000);
        invalid.into_result(())?;
        let policy = self.approval_policy(case.owning_agency).await?;
        let moved = transition(case.status, &event, &policy, &rules)
            .map_err(|illegal| concord_domain::Invalid::one("event", illegal.to_string()))?;
        let expected = case.status;
        let now = self.clock.now();
        case.status = moved.to;
        case.updated_at = now;
        if let Some(change) = moved.approval {
            match change.subject {
                ApprovalSubject::Plan => case.plan_approval = Some(change.approval),
                ApprovalSubject::Closure => case.closure_approval = Some(change.approval),
            }
        }
        if let CaseEvent::ClosureRequested { reason } = &event {
            case.closure_reason = Some(reason.as_str().to_string());
        }
        case.closed_at = (case.status == CaseStatus::Closed).then_some(now);
        // The comment belongs to the latest decision: a decision without
        // one clears what an earlier decision said.
        if event.is_supervisor_decision() {
            let id = case.id.to_string();
            case.approval_comment = self
                .seal_optional(
                    case.owning_agency,
                    approval_comment_field(&id),
                    comment.as_deref(),
                )
                .await?;
        }
        let audit = self.event(
            Some(actor),
            AuditAction::CaseStatusChanged,
            Some(("case", case_id.to_string())),
            AuditOutcome::Success,
            serde_json::json!({
                "event": event.as_str(),
                "from": expected.as_str(),
                "to": case.status.as_str(),
            }),
        );
        match self.store.update_case(&case, expected, &audit).await {
            Ok(()) => Ok(case.status),
            Err(concord_store::StoreError::Conflict) => Err(AppError::Conflict),
            Err(other) => Err(other.into()),
        }
    }
}
