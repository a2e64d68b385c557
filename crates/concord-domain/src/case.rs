//! Case management (DOMAIN.md §4): the six steps a case moves through, the
//! supervisor approvals an agency may require, why a case may close, and
//! the vocabularies of the case action plan and the safety plan.

mod approval;
mod closure;
mod plan;
mod workflow;

pub use approval::{Approval, ApprovalChange, ApprovalPolicy, ApprovalSubject};
pub use closure::{CaseRules, ClosureReason, ClosureReasonForm};
pub use plan::{GoalDomain, GoalStatus, SafetyPlanSection};
pub use workflow::{
    CaseEvent, CaseStatus, IllegalReason, IllegalTransition, Transition, transition,
};
