//! Granting and revoking a review panel's access to a case's chronology.

use crate::app::App;
use crate::error::{AppError, AppResult};
use crate::field_crypto::Field;
use concord_domain::access::Actor;
use concord_domain::audit::{AuditAction, AuditOutcome};
use concord_domain::consent::LawfulBasis;
use concord_domain::homicide_review::{ReviewGrant, ReviewGrantForm, may_grant};
use concord_domain::ids::{BodyId, CaseId, ReviewGrantId};
use concord_domain::validation::Message;
use concord_store::{BodyRow, CaseRow, ReviewGrantRow};

/// A grant as the owning agency's supervisor sees it.
#[derive(Debug, Clone)]
pub struct ReviewGrantView {
    pub row: ReviewGrantRow,
    pub body_name: String,
    pub reason: String,
}

/// The review grants of a case and the bodies one may be given to.
pub struct ReviewGrants {
    pub case: CaseRow,
    pub survivor_reference: String,
    pub grants: Vec<ReviewGrantView>,
    /// Every coordination body, review panels first, by name.
    pub bodies: Vec<BodyRow>,
}

fn field(id: &str) -> Field<'_> {
    Field::new("review_grants", "reason", id)
}

impl App {
    /// The case's grants, for a supervisor of the owning agency.
    pub async fn review_grants(&self, actor: &Actor, case_id: CaseId) -> AppResult<ReviewGrants> {
        let case = self.case_for_review_grant(actor, case_id).await?;
        let mut grants = Vec::new();
        for row in self.store.list_review_grants(case_id).await? {
            let body_name = self
                .store
                .get_body(row.body_id)
                .await?
                .map(|b| b.name)
                .unwrap_or_default();
            let id = row.id.to_string();
            let reason = self.open_field(field(&id), &row.reason).await?.to_string();
            grants.push(ReviewGrantView {
                row,
                body_name,
                reason,
            });
        }
        let mut bodies = self.store.list_bodies().await?;
        bodies.sort_by(|a, b| {
            (
                a.body_type != concord_domain::governance::BodyType::ReviewPanel,
                &a.name,
            )
                .cmp(&(
                    b.body_type != concord_domain::governance::BodyType::ReviewPanel,
                    &b.name,
                ))
        });
        let survivor_reference = self
            .store
            .get_survivor(case.survivor_id)
            .await?
            .ok_or(AppError::NotFound)?
            .reference;
        Ok(ReviewGrants {
            case,
            survivor_reference,
            grants,
            bodies,
        })
    }

    /// Grants a body the case's chronology on the lawful basis
    /// `homicide_review`; the grant and its audit event in one transaction.
    pub async fn grant_review(
        &self,
        actor: &Actor,
        case_id: CaseId,
        form: &ReviewGrantForm,
    ) -> AppResult<ReviewGrantRow> {
        let case = self.case_for_review_grant(actor, case_id).await?;
        let body = match form.body.trim().parse::<BodyId>() {
            Ok(id) => self.store.get_body(id).await?,
            Err(_) => None,
        };
        let input = form.validate(|_| body.as_ref().map(|b| b.body_type))?;
        // A domestic homicide review looks back after her death: a living
        // woman's file is never opened to a panel.
        if self.store.get_case_death(case_id).await?.is_none() {
            return Err(AppError::OutOfOrder {
                field: "case",
                message: Message::new("review-needs-her-death"),
                text: "a homicide review is granted only after her death is recorded".into(),
            });
        }
        let id = ReviewGrantId::new();
        let row_id = id.to_string();
        let row = ReviewGrantRow {
            id,
            case_id,
            body_id: input.body,
            reason: self
                .seal_field(case.owning_agency, field(&row_id), &input.reason)
                .await?,
            remit_confirmed: input.remit_confirmed,
            granted_by: actor.user_id,
            granted_at: self.clock.now(),
            revoked_by: None,
            revoked_at: None,
        };
        let event = self.event(
            Some(actor),
            AuditAction::ReviewGranted,
            Some(("case", case_id.to_string())),
            AuditOutcome::Success,
            serde_json::json!({
                "review_grant_id": id,
                "body_id": input.body,
                "basis": LawfulBasis::HomicideReview.as_str(),
                "remit_confirmed": input.remit_confirmed,
            }),
        );
        self.store.create_review_grant(&row, &event).await?;
        Ok(row)
    }

    /// Revokes a grant; `Conflict` once it is revoked.
    pub async fn revoke_review(
        &self,
        actor: &Actor,
        case_id: CaseId,
        grant: ReviewGrantId,
    ) -> AppResult<()> {
        self.case_for_review_grant(actor, case_id).await?;
        let event = self.event(
            Some(actor),
            AuditAction::ReviewGrantRevoked,
            Some(("case", case_id.to_string())),
            AuditOutcome::Success,
            serde_json::json!({ "review_grant_id": grant }),
        );
        self.store
            .revoke_review_grant(case_id, grant, actor.user_id, self.clock.now(), &event)
            .await?;
        Ok(())
    }

    /// The case, if the actor may grant or revoke its review (a refusal is
    /// audited).
    async fn case_for_review_grant(&self, actor: &Actor, case_id: CaseId) -> AppResult<CaseRow> {
        let case = self
            .store
            .get_case(case_id)
            .await?
            .ok_or(AppError::NotFound)?;
        if let Err(denied) = may_grant(actor, case.owning_agency) {
            return self
                .refuse(actor, denied, Some(("case", case_id.to_string())))
                .await;
        }
        Ok(case)
    }

    /// The case's grants as the reading rule needs them, each with its
    /// body's current member agencies.
    pub(crate) async fn review_grants_in_force(
        &self,
        case_id: CaseId,
    ) -> AppResult<Vec<ReviewGrant>> {
        let today = self.today();
        let mut out = Vec::new();
        for row in self.store.list_review_grants(case_id).await? {
            let member_agencies = self
                .store
                .list_members(row.body_id)
                .await?
                .into_iter()
                .filter(|m| m.joined_on <= today && m.left_on.is_none_or(|left| left > today))
                .map(|m| m.agency_id)
                .collect();
            out.push(ReviewGrant {
                id: row.id,
                body: row.body_id,
                revoked_at: row.revoked_at,
                member_agencies,
            });
        }
        Ok(out)
    }
}
