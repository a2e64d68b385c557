//! Asking the access decision for every operation on a case, and auditing
//! the answer: a refusal with its reason, a read with its basis.

use crate::app::App;
use crate::error::{AppError, AppResult};
use concord_domain::access::Actor;
use concord_domain::audit::{AuditAction, AuditOutcome};
use concord_domain::case_access::{
    AccessBasis, AccessRequest, BreakGlassGrant, CaseFacts, CaseOperation, decide,
};
use concord_domain::consent::{ConsentGrant, DataCategory, LawfulShare, Purpose};
use concord_domain::ids::CaseId;
use concord_store::{BreakGlassRow, CaseRow};

/// What the decision looked at for one case and one actor.
pub(crate) struct CaseGrants {
    pub case: CaseRow,
    pub consents: Vec<ConsentGrant>,
    pub shares: Vec<LawfulShare>,
    pub break_glass: Option<BreakGlassRow>,
}

impl CaseGrants {
    pub fn decide(
        &self,
        actor: &Actor,
        operation: CaseOperation,
        purpose: Option<Purpose>,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<AccessBasis, concord_domain::case_access::Refusal> {
        let facts = CaseFacts {
            owning_agency: self.case.owning_agency,
            assigned_caseworker: self.case.assigned_caseworker,
        };
        let grant = self.break_glass.as_ref().map(|g| BreakGlassGrant {
            id: g.id,
            user_id: g.user_id,
            started_at: g.started_at,
            expires_at: g.expires_at,
        });
        decide(&AccessRequest {
            actor,
            case: &facts,
            operation,
            purpose,
            consents: &self.consents,
            shares: &self.shares,
            break_glass: grant.as_ref(),
            now,
        })
    }
}

impl App {
    /// Loads what the decision needs. `NotFound` for an unknown case.
    pub(crate) async fn case_grants(
        &self,
        actor: &Actor,
        case_id: CaseId,
    ) -> AppResult<CaseGrants> {
        let case = self
            .store
            .get_case(case_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let consents = self
            .store
            .list_consents(case_id)
            .await?
            .into_iter()
            .map(|c| ConsentGrant {
                id: c.id,
                recipient_agency: c.recipient_agency,
                purposes: c.purposes.into_iter().collect(),
                categories: c.categories.into_iter().collect(),
                valid_from: c.valid_from,
                valid_until: c.valid_until,
                withdrawn_at: c.withdrawn_at,
            })
            .collect();
        let shares = self
            .store
            .list_sharings(case_id)
            .await?
            .into_iter()
            .map(|s| LawfulShare {
                id: s.id,
                recipient_agency: s.recipient_agency,
                categories: s.categories.into_iter().collect(),
                valid_until: s.valid_until,
                revoked_at: s.revoked_at,
            })
            .collect();
        let break_glass = self
            .store
            .active_break_glass(case_id, actor.user_id, self.clock.now())
            .await?;
        Ok(CaseGrants {
            case,
            consents,
            shares,
            break_glass,
        })
    }

    /// Decides one operation, auditing a refusal; returns the basis.
    pub(crate) async fn authorise_case(
        &self,
        actor: &Actor,
        grants: &CaseGrants,
        operation: CaseOperation,
        purpose: Option<Purpose>,
    ) -> AppResult<AccessBasis> {
        match grants.decide(actor, operation, purpose, self.clock.now()) {
            Ok(basis) => Ok(basis),
            Err(refusal) => {
                let event = self.event(
                    Some(actor),
                    AuditAction::AccessDenied,
                    Some(("case", grants.case.id.to_string())),
                    AuditOutcome::Denied,
                    serde_json::json!({
                        "reason": refusal.code(),
                        "operation": operation_name(operation),
                        "purpose": purpose.map(|p| p.as_str()),
                    }),
                );
                self.store.append_audit(&event).await?;
                Err(AppError::CaseRefused(refusal))
            }
        }
    }

    /// Loads and authorises a change to a case (only the owning agency
    /// changes a case); returns the case.
    pub(crate) async fn case_for_change(
        &self,
        actor: &Actor,
        case_id: CaseId,
        category: DataCategory,
    ) -> AppResult<CaseRow> {
        let grants = self.case_grants(actor, case_id).await?;
        self.authorise_case(actor, &grants, CaseOperation::Write(category), None)
            .await?;
        Ok(grants.case)
    }

    /// Whether the actor may change this part of the case, asked before a
    /// form for it is shown (a refusal is audited like any other).
    pub async fn authorise_case_change(
        &self,
        actor: &Actor,
        case_id: CaseId,
        category: DataCategory,
    ) -> AppResult<()> {
        self.case_for_change(actor, case_id, category)
            .await
            .map(|_| ())
    }
}

pub(crate) fn operation_name(operation: CaseOperation) -> String {
    match operation {
        CaseOperation::Read(c) => format!("read:{}", c.as_str()),
        CaseOperation::Write(c) => format!("write:{}", c.as_str()),
        CaseOperation::Contribute(c) => format!("contribute:{}", c.as_str()),
    }
}
