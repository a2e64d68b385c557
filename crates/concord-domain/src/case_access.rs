//! THE access decision for survivors' case data (DESIGN.md "Security
//! model"). Every read and every write of case data, on HTML and API routes
//! alike, is decided here, and the basis returned is what the audit log
//! records. A request is allowed only on one of these bases:
//!
//! 1. the actor works cases in the agency that owns the case (read and write);
//! 2. the actor's agency holds a consent in force that covers the stated
//!    purpose and the category (read only);
//! 3. the actor's agency holds a lawful share in force covering the
//!    category (read only);
//! 4. the actor opened the case by break-glass, within its time limit, for
//!    identity, incident or risk data (read only);
//! 5. an agency adds its own record of a category to a case (a justice step
//!    by police, prosecution, a court or probation): the owning agency, or an
//!    agency whose consent or lawful share in force covers that category —
//!    never by break-glass. Which agency may add which record is the
//!    record's own rule (a sector), asked after this decision.
//!
//! Nothing else grants access: not membership of a coordination body, not
//! being an administrator of any agency. Default deny.

mod break_glass;

pub use break_glass::{
    BREAK_GLASS_CATEGORIES, BreakGlassForm, BreakGlassGrant, BreakGlassOpening, BreakGlassRules,
};

use crate::access::{Actor, TokenScope};
use crate::consent::{
    ConsentGrant, ConsentStatus, DataCategory, LawfulShare, Purpose, ShareStatus,
};
use crate::ids::{AgencyId, BreakGlassId, ConsentId, SharingId, UserId};
use crate::role::{Permission, permissions_of};
use chrono::{DateTime, Utc};

/// What is being done with which category of a case's data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseOperation {
    Read(DataCategory),
    Write(DataCategory),
    /// Adding the actor's agency's own record of this category to the case
    /// (not changing what others recorded).
    Contribute(DataCategory),
}

impl CaseOperation {
    pub fn category(self) -> DataCategory {
        match self {
            CaseOperation::Read(c) | CaseOperation::Write(c) | CaseOperation::Contribute(c) => c,
        }
    }
}

/// What the decision needs to know about the case itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaseFacts {
    pub owning_agency: AgencyId,
    /// Not used by the decision: within the owning agency every case worker
    /// may work every case, so colleagues can cover absences. Views use it
    /// for "my cases".
    pub assigned_caseworker: Option<UserId>,
}

/// Everything one decision looks at. The caller loads the consents and
/// lawful shares of this case and the actor's break-glass grant for it, if
/// any; the decision itself checks recipients, users and times.
#[derive(Debug, Clone, Copy)]
pub struct AccessRequest<'a> {
    pub actor: &'a Actor,
    pub case: &'a CaseFacts,
    pub operation: CaseOperation,
    /// Why the data is wanted; required for access under consent.
    pub purpose: Option<Purpose>,
    pub consents: &'a [ConsentGrant],
    pub shares: &'a [LawfulShare],
    pub break_glass: Option<&'a BreakGlassGrant>,
    pub now: DateTime<Utc>,
}

/// Why a request was allowed; recorded with every audited read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccessBasis {
    OwningAgency,
    Consent(ConsentId),
    LawfulBasis(SharingId),
    BreakGlass(BreakGlassId),
}

impl AccessBasis {
    /// The kind of basis, for the audit log.
    pub fn as_str(self) -> &'static str {
        match self {
            AccessBasis::OwningAgency => "owning_agency",
            AccessBasis::Consent(_) => "consent",
            AccessBasis::LawfulBasis(_) => "lawful_basis",
            AccessBasis::BreakGlass(_) => "break_glass",
        }
    }
}

/// Why a request was refused, in plain words. Never names a survivor, an
/// agency or a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("your role does not allow work with case data")]
    NoCaseWorkPermission,
    #[error("a read-only API token cannot change case data")]
    TokenScope,
    #[error("only the agency that owns a case can change it")]
    OnlyOwnerCanChange,
    #[error("your agency does not own this case and has no consent or lawful basis to see it")]
    NoBasis,
    #[error("state the purpose for which you need this information")]
    PurposeRequired,
    #[error("the survivor's consent does not cover this purpose")]
    PurposeNotCovered,
    #[error("this kind of information is not covered by the consent or lawful basis")]
    CategoryNotCovered,
    #[error("the survivor's consent is not valid yet")]
    ConsentNotYetValid,
    #[error("the survivor's consent has expired")]
    ConsentExpired,
    #[error("the survivor has withdrawn her consent")]
    ConsentWithdrawn,
    #[error("the lawful basis for sharing has expired")]
    ShareExpired,
    #[error("the lawful basis for sharing has been revoked")]
    ShareRevoked,
    /// Also for a grant whose start is still ahead (clock skew): it is not
    /// in force either way.
    #[error("break-glass access has expired")]
    BreakGlassExpired,
    #[error("break-glass access covers only identity, incident and risk information")]
    BreakGlassCategory,
    /// Asked by the record's own rule after the decision allowed the
    /// agency to contribute (a health agency never records a charge).
    #[error("agencies of your sector do not record this kind of justice step")]
    SectorDoesNotRecord,
    /// Asked by [`crate::death::may_record_death`] after the decision
    /// allowed the change: her death closes the case only by the owning
    /// agency's supervisor.
    #[error("only a supervisor of the agency that owns the case records her death")]
    DeathNeedsOwningSupervisor,
    /// Asked by [`crate::killing::may_read_killing_record`]: her consent
    /// was given for her services in life, and break-glass is for risk to
    /// life; neither opens the record of her killing.
    #[error("the killing record is read by the agency that owns the case or on a lawful basis")]
    KillingRecordNeedsOwnerOrLawfulBasis,
}

impl Refusal {
    /// Every refusal, for tests that each has a message.
    pub const ALL: [Refusal; 17] = [
        Refusal::NoCaseWorkPermission,
        Refusal::TokenScope,
        Refusal::OnlyOwnerCanChange,
        Refusal::NoBasis,
        Refusal::PurposeRequired,
        Refusal::PurposeNotCovered,
        Refusal::CategoryNotCovered,
        Refusal::ConsentNotYetValid,
        Refusal::ConsentExpired,
        Refusal::ConsentWithdrawn,
        Refusal::ShareExpired,
        Refusal::ShareRevoked,
        Refusal::BreakGlassExpired,
        Refusal::BreakGlassCategory,
        Refusal::SectorDoesNotRecord,
        Refusal::DeathNeedsOwningSupervisor,
        Refusal::KillingRecordNeedsOwnerOrLawfulBasis,
    ];

    /// A stable code for the audit log and the API.
    pub fn code(self) -> &'static str {
        match self {
            Refusal::NoCaseWorkPermission => "no_case_work_permission",
            Refusal::TokenScope => "token_scope",
            Refusal::OnlyOwnerCanChange => "only_owner_can_change",
            Refusal::NoBasis => "no_basis",
            Refusal::PurposeRequired => "purpose_required",
            Refusal::PurposeNotCovered => "purpose_not_covered",
            Refusal::CategoryNotCovered => "category_not_covered",
            Refusal::ConsentNotYetValid => "consent_not_yet_valid",
            Refusal::ConsentExpired => "consent_expired",
            Refusal::ConsentWithdrawn => "consent_withdrawn",
            Refusal::ShareExpired => "share_expired",
            Refusal::ShareRevoked => "share_revoked",
            Refusal::BreakGlassExpired => "break_glass_expired",
            Refusal::BreakGlassCategory => "break_glass_category",
            Refusal::SectorDoesNotRecord => "sector_does_not_record",
            Refusal::DeathNeedsOwningSupervisor => "death_needs_owning_supervisor",
            Refusal::KillingRecordNeedsOwnerOrLawfulBasis => {
                "killing_record_needs_owner_or_lawful_basis"
            }
        }
    }

    /// How close to allowed a refused basis came, so that the person is told
    /// the most useful reason (a consent that lacks one category says more
    /// than "no basis").
    fn closeness(self) -> u8 {
        match self {
            Refusal::NoCaseWorkPermission
            | Refusal::TokenScope
            | Refusal::OnlyOwnerCanChange
            | Refusal::NoBasis
            | Refusal::SectorDoesNotRecord
            | Refusal::DeathNeedsOwningSupervisor
            | Refusal::KillingRecordNeedsOwnerOrLawfulBasis => 0,
            Refusal::ShareExpired | Refusal::ShareRevoked | Refusal::BreakGlassExpired => 1,
            Refusal::ConsentNotYetValid | Refusal::ConsentExpired => 2,
            Refusal::ConsentWithdrawn => 3,
            Refusal::BreakGlassCategory => 4,
            Refusal::PurposeRequired => 5,
            Refusal::PurposeNotCovered => 6,
            Refusal::CategoryNotCovered => 7,
        }
    }
}

/// Decides one request. When several bases apply the strongest is returned:
/// owning agency, then consent, then lawful basis, then break-glass, so the
/// audit log shows break-glass only when nothing else would have allowed it.
pub fn decide(request: &AccessRequest) -> Result<AccessBasis, Refusal> {
    check_permission(request.actor, request.operation)?;
    if request.actor.agency_id == request.case.owning_agency {
        return Ok(AccessBasis::OwningAgency);
    }
    let category = match request.operation {
        CaseOperation::Read(category) => category,
        CaseOperation::Write(_) => return Err(Refusal::OnlyOwnerCanChange),
        CaseOperation::Contribute(category) => {
            return first_allowed([
                by_consent(request, category),
                by_lawful_share(request, category),
            ]);
        }
    };
    first_allowed([
        by_consent(request, category),
        by_lawful_share(request, category),
        by_break_glass(request, category),
    ])
}

/// Working with cases needs `WorkCases`. Reading is allowed under a
/// read-only API token (whose scope drops every permission that changes
/// data, `WorkCases` included), writing is not.
fn check_permission(actor: &Actor, operation: CaseOperation) -> Result<(), Refusal> {
    if !permissions_of(&actor.roles).contains(&Permission::WorkCases) {
        return Err(Refusal::NoCaseWorkPermission);
    }
    match (operation, actor.token_scope) {
        (CaseOperation::Write(_) | CaseOperation::Contribute(_), Some(TokenScope::Read)) => {
            Err(Refusal::TokenScope)
        }
        (
            CaseOperation::Write(_) | CaseOperation::Contribute(_),
            None | Some(TokenScope::ReadWrite),
        )
        | (CaseOperation::Read(_), _) => Ok(()),
    }
}

fn by_consent(request: &AccessRequest, category: DataCategory) -> Result<AccessBasis, Refusal> {
    first_allowed(
        request
            .consents
            .iter()
            .filter(|c| c.recipient_agency == request.actor.agency_id)
            .map(|c| consent_allows(c, request.purpose, category, request.now)),
    )
}

fn consent_allows(
    consent: &ConsentGrant,
    purpose: Option<Purpose>,
    category: DataCategory,
    now: DateTime<Utc>,
) -> Result<AccessBasis, Refusal> {
    match consent.status(now) {
        ConsentStatus::NotYetValid => return Err(Refusal::ConsentNotYetValid),
        ConsentStatus::Expired => return Err(Refusal::ConsentExpired),
        ConsentStatus::Withdrawn => return Err(Refusal::ConsentWithdrawn),
        ConsentStatus::Active => {}
    }
    let Some(purpose) = purpose else {
        return Err(Refusal::PurposeRequired);
    };
    if !consent.purposes.contains(&purpose) {
        Err(Refusal::PurposeNotCovered)
    } else if !consent.categories.contains(&category) {
        Err(Refusal::CategoryNotCovered)
    } else {
        Ok(AccessBasis::Consent(consent.id))
    }
}

fn by_lawful_share(
    request: &AccessRequest,
    category: DataCategory,
) -> Result<AccessBasis, Refusal> {
    first_allowed(
        request
            .shares
            .iter()
            .filter(|s| s.recipient_agency == request.actor.agency_id)
            .map(|s| match s.status(request.now) {
                ShareStatus::Expired => Err(Refusal::ShareExpired),
                ShareStatus::Revoked => Err(Refusal::ShareRevoked),
                ShareStatus::Active if !s.categories.contains(&category) => {
                    Err(Refusal::CategoryNotCovered)
                }
                ShareStatus::Active => Ok(AccessBasis::LawfulBasis(s.id)),
            }),
    )
}

fn by_break_glass(request: &AccessRequest, category: DataCategory) -> Result<AccessBasis, Refusal> {
    match request.break_glass {
        Some(grant) if grant.user_id == request.actor.user_id => {
            if !grant.is_active(request.now) {
                Err(Refusal::BreakGlassExpired)
            } else if !BreakGlassGrant::covers(category) {
                Err(Refusal::BreakGlassCategory)
            } else {
                Ok(AccessBasis::BreakGlass(grant.id))
            }
        }
        Some(_) | None => Err(Refusal::NoBasis),
    }
}

/// The first basis that allows, in the order given; otherwise the closest
/// refusal (or `NoBasis` when nothing was even tried).
fn first_allowed(
    attempts: impl IntoIterator<Item = Result<AccessBasis, Refusal>>,
) -> Result<AccessBasis, Refusal> {
    let mut closest = Refusal::NoBasis;
    for attempt in attempts {
        match attempt {
            Ok(basis) => return Ok(basis),
            Err(refusal) if refusal.closeness() > closest.closeness() => closest = refusal,
            Err(_) => {}
        }
    }
    Err(closest)
}

#[cfg(test)]
mod tests;
