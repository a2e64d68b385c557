//! Case management (DOMAIN.md §4): the six steps a case moves through, the
//! supervisor approvals an agency may require, who may carry a case, why a
//! case may close, and the vocabularies of the case action plan and the
//! safety plan.

mod approval;
mod assignment;
mod closure;
mod plan;
mod workflow;

pub use approval::{Approval, ApprovalChange, ApprovalPolicy, ApprovalSubject};
pub use assignment::{AssignmentForm, CASEWORKER_FIELD, Candidate, check_assignee};
pub use closure::{CaseRules, ClosureReason, ClosureReasonForm};
pub use plan::{GoalDomain, GoalStatus, SafetyPlanSection};
pub use workflow::{
    CaseEvent, CaseStatus, IllegalReason, IllegalTransition, Transition, transition,
};
