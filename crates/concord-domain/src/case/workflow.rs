//! The case state machine. A case follows the six steps of interagency case
//! management (engage, assess, plan, implement, follow up, close); events
//! move it on, and [`transition`] is the only place that decides whether an
//! event is allowed from a status and where it leads.
//!
//! Supervisor approval, where the agency's [`ApprovalPolicy`] asks for it:
//! - **Plan.** `PlanAgreed` (or `PlanRevised`) leaves the case at
//!   `PlanAgreed` with the plan approval *requested*. While it is requested
//!   the case cannot start implementing; a supervisor's `PlanApproved` puts
//!   the plan in force and the case moves to `Implementing`, and
//!   `PlanRejected` sends it back to `Assessed` to plan again. Without the
//!   requirement the caseworker moves on with `ImplementationStarted`.
//! - **Closure.** With the requirement, `ClosureRequested` leaves the case at
//!   `ClosureRequested` until `ClosureApproved` closes it or
//!   `ClosureRejected` returns it to `FollowUp` (the supervisor wants more
//!   done before it closes). Without it, `ClosureRequested` closes the case
//!   at once.
//!
//! A supervisor's decision is allowed whenever the case is at the step it
//! decides, whatever the policy says now: an agency that changes its setting
//! must not strand cases already waiting.

use super::approval::{Approval, ApprovalChange, ApprovalPolicy, ApprovalSubject};
use super::closure::{CaseRules, ClosureReason};
use crate::label::label_enum;
use serde::{Deserialize, Serialize};

label_enum! {
    /// Where a case stands.
    pub enum CaseStatus ("case status") {
        /// Introduced and engaged; consent recorded.
        Engaged => "engaged",
        Assessed => "assessed",
        /// A plan is agreed with the survivor (and, where required, waits for
        /// a supervisor's approval).
        PlanAgreed => "plan_agreed",
        Implementing => "implementing",
        FollowUp => "follow_up",
        /// Waiting for a supervisor to approve or reject closure.
        ClosureRequested => "closure_requested",
        Closed => "closed",
        /// Closed once and opened again; starts again at assessment.
        Reopened => "reopened",
    }
}

impl CaseStatus {
    /// Statuses from which a case may ask to close: any step of the work, as
    /// a survivor may end it at any point.
    pub fn is_open(self) -> bool {
        match self {
            CaseStatus::Engaged
            | CaseStatus::Assessed
            | CaseStatus::PlanAgreed
            | CaseStatus::Implementing
            | CaseStatus::FollowUp
            | CaseStatus::Reopened => true,
            CaseStatus::ClosureRequested | CaseStatus::Closed => false,
        }
    }
}

/// Something that happens to a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum CaseEvent {
    AssessmentCompleted,
    /// A case action plan agreed with the survivor.
    PlanAgreed,
    /// A supervisor approves a plan that waits for approval.
    PlanApproved,
    /// A supervisor rejects it: the case goes back to planning.
    PlanRejected,
    /// Implementation starts (or resumes after a follow-up review).
    ImplementationStarted,
    FollowUpStarted,
    /// The plan is changed during implementation or follow-up.
    PlanRevised,
    ClosureRequested {
        reason: ClosureReason,
    },
    ClosureApproved,
    ClosureRejected,
    Reopened,
}

impl CaseEvent {
    pub fn as_str(self) -> &'static str {
        match self {
            CaseEvent::AssessmentCompleted => "assessment_completed",
            CaseEvent::PlanAgreed => "plan_agreed",
            CaseEvent::PlanApproved => "plan_approved",
            CaseEvent::PlanRejected => "plan_rejected",
            CaseEvent::ImplementationStarted => "implementation_started",
            CaseEvent::FollowUpStarted => "follow_up_started",
            CaseEvent::PlanRevised => "plan_revised",
            CaseEvent::ClosureRequested { .. } => "closure_requested",
            CaseEvent::ClosureApproved => "closure_approved",
            CaseEvent::ClosureRejected => "closure_rejected",
            CaseEvent::Reopened => "reopened",
        }
    }

    /// Only a supervisor may send these (the app checks `SuperviseCases`).
    pub fn is_supervisor_decision(self) -> bool {
        match self {
            CaseEvent::PlanApproved
            | CaseEvent::PlanRejected
            | CaseEvent::ClosureApproved
            | CaseEvent::ClosureRejected => true,
            CaseEvent::AssessmentCompleted
            | CaseEvent::PlanAgreed
            | CaseEvent::ImplementationStarted
            | CaseEvent::FollowUpStarted
            | CaseEvent::PlanRevised
            | CaseEvent::ClosureRequested { .. }
            | CaseEvent::Reopened => false,
        }
    }

    /// The status this event is meant to lead to, used to name it when it
    /// is refused. (Without closure approval a closure request leads
    /// straight to `Closed`; see [`transition`].)
    pub fn intended_status(self) -> CaseStatus {
        match self {
            CaseEvent::AssessmentCompleted | CaseEvent::PlanRejected => CaseStatus::Assessed,
            CaseEvent::PlanAgreed | CaseEvent::PlanRevised => CaseStatus::PlanAgreed,
            CaseEvent::PlanApproved | CaseEvent::ImplementationStarted => CaseStatus::Implementing,
            CaseEvent::FollowUpStarted | CaseEvent::ClosureRejected => CaseStatus::FollowUp,
            CaseEvent::ClosureRequested { .. } => CaseStatus::ClosureRequested,
            CaseEvent::ClosureApproved => CaseStatus::Closed,
            CaseEvent::Reopened => CaseStatus::Reopened,
        }
    }
}

/// An allowed move.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Transition {
    /// The case's new status.
    pub to: CaseStatus,
    /// An approval to record with the move, if any.
    pub approval: Option<ApprovalChange>,
}

impl Transition {
    /// Does the case now wait for a supervisor?
    pub fn awaits_supervisor(&self) -> bool {
        matches!(
            self.approval,
            Some(ApprovalChange {
                approval: Approval::Requested,
                ..
            })
        )
    }
}

/// Why an event is not allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IllegalReason {
    /// The event does not follow from this status.
    NotFromHere,
    /// The plan waits for a supervisor's approval.
    AwaitingPlanApproval,
    /// Closing as unreachable needs at least one documented attempt.
    NoAttemptRecorded,
    /// Closing as unreachable needs attempts over at least this many days.
    UnreachableTooSoon { required_days: u32 },
    /// "She died" closes a case only with her death recorded
    /// ([`crate::death`]).
    DeathRecordedApart,
}

impl std::fmt::Display for IllegalReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            IllegalReason::NotFromHere => f.write_str("that step does not follow from here"),
            IllegalReason::AwaitingPlanApproval => {
                f.write_str("the case plan is waiting for a supervisor's approval")
            }
            IllegalReason::NoAttemptRecorded => {
                f.write_str("record at least one attempt to reach the survivor")
            }
            IllegalReason::UnreachableTooSoon { required_days } => write!(
                f,
                "attempts to reach the survivor must have gone on for at least {required_days} days"
            ),
            IllegalReason::DeathRecordedApart => f.write_str(
                "her death is recorded by a supervisor of the agency that owns the case",
            ),
        }
    }
}

/// A refused event, naming the status the case is in and the one the event
/// was meant to reach.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a case cannot move from `{from}` to `{to}`: {reason}")]
pub struct IllegalTransition {
    pub from: CaseStatus,
    pub to: CaseStatus,
    pub reason: IllegalReason,
}

/// Where `event` takes a case that is `status`, under the agency's approval
/// `policy` and the installation's case `rules`.
pub fn transition(
    status: CaseStatus,
    event: &CaseEvent,
    policy: &ApprovalPolicy,
    rules: &CaseRules,
) -> Result<Transition, IllegalTransition> {
    use CaseStatus::*;
    let refuse = |reason| IllegalTransition {
        from: status,
        to: event.intended_status(),
        reason,
    };
    let allowed_from = |from: &[CaseStatus]| {
        if from.contains(&status) {
            Ok(())
        } else {
            Err(refuse(IllegalReason::NotFromHere))
        }
    };
    match *event {
        CaseEvent::AssessmentCompleted => {
            allowed_from(&[Engaged, Reopened]).map(|()| plain(Assessed))
        }
        CaseEvent::PlanAgreed => allowed_from(&[Assessed]).map(|()| agree_plan(policy)),
        CaseEvent::PlanRevised => {
            allowed_from(&[Implementing, FollowUp]).map(|()| agree_plan(policy))
        }
        CaseEvent::PlanApproved => allowed_from(&[PlanAgreed])
            .map(|()| decided(Implementing, ApprovalSubject::Plan, Approval::Approved)),
        CaseEvent::PlanRejected => allowed_from(&[PlanAgreed])
            .map(|()| decided(Assessed, ApprovalSubject::Plan, Approval::Rejected)),
        CaseEvent::ImplementationStarted => {
            allowed_from(&[PlanAgreed, FollowUp])?;
            if status == PlanAgreed && policy.plan_requires_approval {
                Err(refuse(IllegalReason::AwaitingPlanApproval))
            } else {
                Ok(plain(Implementing))
            }
        }
        CaseEvent::FollowUpStarted => allowed_from(&[Implementing]).map(|()| plain(FollowUp)),
        CaseEvent::ClosureRequested { reason } => {
            if !status.is_open() {
                return Err(refuse(IllegalReason::NotFromHere));
            }
            closure_blocked_by(reason, rules)
                .map_or(Ok(request_closure(policy)), |r| Err(refuse(r)))
        }
        CaseEvent::ClosureApproved => allowed_from(&[ClosureRequested])
            .map(|()| decided(Closed, ApprovalSubject::Closure, Approval::Approved)),
        CaseEvent::ClosureRejected => allowed_from(&[ClosureRequested])
            .map(|()| decided(FollowUp, ApprovalSubject::Closure, Approval::Rejected)),
        CaseEvent::Reopened => allowed_from(&[Closed]).map(|()| plain(Reopened)),
    }
}

fn plain(to: CaseStatus) -> Transition {
    Transition { to, approval: None }
}

fn decided(to: CaseStatus, subject: ApprovalSubject, approval: Approval) -> Transition {
    Transition {
        to,
        approval: Some(ApprovalChange { subject, approval }),
    }
}

fn agree_plan(policy: &ApprovalPolicy) -> Transition {
    if policy.plan_requires_approval {
        decided(
            CaseStatus::PlanAgreed,
            ApprovalSubject::Plan,
            Approval::Requested,
        )
    } else {
        plain(CaseStatus::PlanAgreed)
    }
}

fn request_closure(policy: &ApprovalPolicy) -> Transition {
    if policy.closure_requires_approval {
        decided(
            CaseStatus::ClosureRequested,
            ApprovalSubject::Closure,
            Approval::Requested,
        )
    } else {
        plain(CaseStatus::Closed)
    }
}

/// What stops `reason` from closing a case, if anything.
fn closure_blocked_by(reason: ClosureReason, rules: &CaseRules) -> Option<IllegalReason> {
    match reason {
        ClosureReason::UnreachableAfterAttempts { attempts: 0, .. } => {
            Some(IllegalReason::NoAttemptRecorded)
        }
        ClosureReason::UnreachableAfterAttempts { days, .. } if days < rules.unreachable_days => {
            Some(IllegalReason::UnreachableTooSoon {
                required_days: rules.unreachable_days,
            })
        }
        ClosureReason::SheDied => Some(IllegalReason::DeathRecordedApart),
        ClosureReason::UnreachableAfterAttempts { .. }
        | ClosureReason::NeedsMet
        | ClosureReason::SurvivorRequest
        | ClosureReason::Relocated
        | ClosureReason::Other => None,
    }
}

#[cfg(test)]
mod tests;
