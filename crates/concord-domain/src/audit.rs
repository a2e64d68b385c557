//! What the audit log records. Events carry identifiers and outcomes only,
//! never personal data: no names, no free text typed by a person.

use serde::{Deserialize, Serialize};

/// Every kind of event the audit log knows. Stored as its `as_str` name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AuditAction {
    SignInSucceeded,
    SignInFailed,
    SignInThrottled,
    SecondFactorSucceeded,
    SecondFactorFailed,
    RecoveryCodeUsed,
    SecondFactorEnrolled,
    SecondFactorRemoved,
    SignedOut,
    SessionRevoked,
    AllSessionsRevoked,
    PasswordChanged,
    PasswordReset,
    AreaCreated,
    AreaUpdated,
    AgencyCreated,
    AgencyUpdated,
    UserCreated,
    UserUpdated,
    UserDisabled,
    UserEnabled,
    ApiTokenCreated,
    ApiTokenRevoked,
    AuditViewed,
    CoordinationBodyCreated,
    AccessDenied,
    DataKeyCreated,
    DataKeysRewrapped,
    MasterKeyRotated,
    SurvivorRegistered,
    SurvivorUpdated,
    SurvivorSearched,
    CaseViewed,
    CaseStatusChanged,
    IncidentRecorded,
    ConsentRecorded,
    ConsentWithdrawn,
    SharingRecorded,
    SharingRevoked,
    BreakGlassOpened,
    BreakGlassReviewed,
    NoteAdded,
    NoteEdited,
    AccessReportViewed,
    SurvivorExported,
    SurvivorPurged,
    PlanSaved,
    SafetyPlanSaved,
    TaskCreated,
    TaskCompleted,
    LegalHoldChanged,
    CaseSettingsChanged,
    DirectoryChanged,
    DirectoryImported,
    ReferralCreated,
    ReferralStepTaken,
    ReferralViewed,
    ReferralExported,
}

impl AuditAction {
    pub const ALL: [AuditAction; 58] = [
        AuditAction::SignInSucceeded,
        AuditAction::SignInFailed,
        AuditAction::SignInThrottled,
        AuditAction::SecondFactorSucceeded,
        AuditAction::SecondFactorFailed,
        AuditAction::RecoveryCodeUsed,
        AuditAction::SecondFactorEnrolled,
        AuditAction::SecondFactorRemoved,
        AuditAction::SignedOut,
        AuditAction::SessionRevoked,
        AuditAction::AllSessionsRevoked,
        AuditAction::PasswordChanged,
        AuditAction::PasswordReset,
        AuditAction::AreaCreated,
        AuditAction::AreaUpdated,
        AuditAction::AgencyCreated,
        AuditAction::AgencyUpdated,
        AuditAction::UserCreated,
        AuditAction::UserUpdated,
        AuditAction::UserDisabled,
        AuditAction::UserEnabled,
        AuditAction::ApiTokenCreated,
        AuditAction::ApiTokenRevoked,
        AuditAction::AuditViewed,
        AuditAction::CoordinationBodyCreated,
        AuditAction::AccessDenied,
        AuditAction::DataKeyCreated,
        AuditAction::DataKeysRewrapped,
        AuditAction::MasterKeyRotated,
        AuditAction::SurvivorRegistered,
        AuditAction::SurvivorUpdated,
        AuditAction::SurvivorSearched,
        AuditAction::CaseViewed,
        AuditAction::CaseStatusChanged,
        AuditAction::IncidentRecorded,
        AuditAction::ConsentRecorded,
        AuditAction::ConsentWithdrawn,
        AuditAction::SharingRecorded,
        AuditAction::SharingRevoked,
        AuditAction::BreakGlassOpened,
        AuditAction::BreakGlassReviewed,
        AuditAction::NoteAdded,
        AuditAction::NoteEdited,
        AuditAction::AccessReportViewed,
        AuditAction::SurvivorExported,
        AuditAction::SurvivorPurged,
        AuditAction::PlanSaved,
        AuditAction::SafetyPlanSaved,
        AuditAction::TaskCreated,
        AuditAction::TaskCompleted,
        AuditAction::LegalHoldChanged,
        AuditAction::CaseSettingsChanged,
        AuditAction::DirectoryChanged,
        AuditAction::DirectoryImported,
        AuditAction::ReferralCreated,
        AuditAction::ReferralStepTaken,
        AuditAction::ReferralViewed,
        AuditAction::ReferralExported,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::SignInSucceeded => "sign_in.succeeded",
            AuditAction::SignInFailed => "sign_in.failed",
            AuditAction::SignInThrottled => "sign_in.throttled",
            AuditAction::SecondFactorSucceeded => "second_factor.succeeded",
            AuditAction::SecondFactorFailed => "second_factor.failed",
            AuditAction::RecoveryCodeUsed => "second_factor.recovery_code_used",
            AuditAction::SecondFactorEnrolled => "second_factor.enrolled",
            AuditAction::SecondFactorRemoved => "second_factor.removed",
            AuditAction::SignedOut => "session.signed_out",
            AuditAction::SessionRevoked => "session.revoked",
            AuditAction::AllSessionsRevoked => "session.all_revoked",
            AuditAction::PasswordChanged => "password.changed",
            AuditAction::PasswordReset => "password.reset",
            AuditAction::AreaCreated => "area.created",
            AuditAction::AreaUpdated => "area.updated",
            AuditAction::AgencyCreated => "agency.created",
            AuditAction::AgencyUpdated => "agency.updated",
            AuditAction::UserCreated => "user.created",
            AuditAction::UserUpdated => "user.updated",
            AuditAction::UserDisabled => "user.disabled",
            AuditAction::UserEnabled => "user.enabled",
            AuditAction::ApiTokenCreated => "api_token.created",
            AuditAction::ApiTokenRevoked => "api_token.revoked",
            AuditAction::AuditViewed => "audit.viewed",
            AuditAction::CoordinationBodyCreated => "coordination_body.created",
            AuditAction::AccessDenied => "access.denied",
            AuditAction::DataKeyCreated => "data_key.created",
            AuditAction::DataKeysRewrapped => "data_key.rewrapped",
            AuditAction::MasterKeyRotated => "master_key.rotated",
            AuditAction::SurvivorRegistered => "survivor.registered",
            AuditAction::SurvivorUpdated => "survivor.updated",
            AuditAction::SurvivorSearched => "survivor.searched",
            AuditAction::CaseViewed => "case.viewed",
            AuditAction::CaseStatusChanged => "case.status_changed",
            AuditAction::IncidentRecorded => "incident.recorded",
            AuditAction::ConsentRecorded => "consent.recorded",
            AuditAction::ConsentWithdrawn => "consent.withdrawn",
            AuditAction::SharingRecorded => "sharing.recorded",
            AuditAction::SharingRevoked => "sharing.revoked",
            AuditAction::BreakGlassOpened => "break_glass.opened",
            AuditAction::BreakGlassReviewed => "break_glass.reviewed",
            AuditAction::NoteAdded => "note.added",
            AuditAction::NoteEdited => "note.edited",
            AuditAction::AccessReportViewed => "access_report.viewed",
            AuditAction::SurvivorExported => "survivor.exported",
            AuditAction::SurvivorPurged => "survivor.purged",
            AuditAction::PlanSaved => "plan.saved",
            AuditAction::SafetyPlanSaved => "safety_plan.saved",
            AuditAction::TaskCreated => "task.created",
            AuditAction::TaskCompleted => "task.completed",
            AuditAction::LegalHoldChanged => "legal_hold.changed",
            AuditAction::CaseSettingsChanged => "case_settings.changed",
            AuditAction::DirectoryChanged => "directory.changed",
            AuditAction::DirectoryImported => "directory.imported",
            AuditAction::ReferralCreated => "referral.created",
            AuditAction::ReferralStepTaken => "referral.step",
            AuditAction::ReferralViewed => "referral.viewed",
            AuditAction::ReferralExported => "referral.exported",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        AuditAction::ALL.into_iter().find(|a| a.as_str() == s)
    }
}

/// How the audited attempt ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditOutcome {
    Success,
    Denied,
    Failure,
}

impl AuditOutcome {
    pub fn as_str(self) -> &'static str {
        match self {
            AuditOutcome::Success => "success",
            AuditOutcome::Denied => "denied",
            AuditOutcome::Failure => "failure",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "success" => Some(AuditOutcome::Success),
            "denied" => Some(AuditOutcome::Denied),
            "failure" => Some(AuditOutcome::Failure),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn action_names_are_unique_and_round_trip() {
        let mut names: Vec<_> = AuditAction::ALL.iter().map(|a| a.as_str()).collect();
        for a in AuditAction::ALL {
            assert_eq!(AuditAction::parse(a.as_str()), Some(a));
        }
        names.sort();
        names.dedup();
        assert_eq!(names.len(), AuditAction::ALL.len());
    }
}
