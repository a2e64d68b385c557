//! Supervisor approval of a case plan and of a case closure. Whether an
//! agency requires it is the agency's setting; what a supervisor decided is
//! recorded as an approval change that a transition hands back.

use crate::label::label_enum;
use serde::{Deserialize, Serialize};

/// Which steps wait for a supervisor, per agency. The default requires
/// none: an agency opts in when its practice needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ApprovalPolicy {
    /// A newly agreed or revised plan waits for approval before it is
    /// implemented.
    pub plan_requires_approval: bool,
    /// A closure request waits for approval before the case closes.
    pub closure_requires_approval: bool,
}

label_enum! {
    /// Where one approval stands.
    pub enum Approval ("approval") {
        Requested => "requested",
        Approved => "approved",
        Rejected => "rejected",
    }
}

label_enum! {
    /// What a supervisor is asked to approve.
    pub enum ApprovalSubject ("approval subject") {
        Plan => "plan",
        Closure => "closure",
    }
}

/// A change to an approval that a transition asks the caller to record
/// (with the supervisor's comment, when deciding).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApprovalChange {
    pub subject: ApprovalSubject,
    pub approval: Approval,
}
