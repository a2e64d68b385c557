//! Break-glass: a case worker with no other basis opens a case in an
//! emergency, giving a reason. It lasts a few hours, covers identity,
//! incident and risk only, and goes to the owning agency's supervisors for
//! review.

use crate::app::App;
use crate::error::{AppError, AppResult};
use crate::field_crypto::Field;
use concord_domain::access::Actor;
use concord_domain::audit::{AuditAction, AuditOutcome};
use concord_domain::case_access::{BreakGlassForm, BreakGlassRules};
use concord_domain::ids::{BreakGlassId, CaseId};
use concord_domain::role::Permission;
use concord_domain::validation::optional_text;
use concord_store::BreakGlassRow;

/// A supervisor's review of one opening.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct BreakGlassReviewForm {
    /// `justified` or `not_justified`.
    pub outcome: String,
    pub comment: String,
}

/// An opening waiting for review, with its reason decrypted for the
/// reviewing supervisor.
pub struct BreakGlassForReview {
    pub grant: BreakGlassRow,
    pub reason: String,
}

fn reason_field(id: &str) -> Field<'_> {
    Field::new("break_glass", "reason", id)
}

impl App {
    pub async fn open_break_glass(
        &self,
        actor: &Actor,
        case_id: CaseId,
        form: &BreakGlassForm,
    ) -> AppResult<BreakGlassRow> {
        self.require(actor, Permission::WorkCases).await?;
        let case = self
            .store
            .get_case(case_id)
            .await?
            .ok_or(AppError::NotFound)?;
        if case.owning_agency == actor.agency_id {
            return Err(concord_domain::Invalid::one(
                "reason",
                "your agency owns this case; open it normally",
            )
            .into());
        }
        let now = self.clock.now();
        let opening = form.validate(&BreakGlassRules::default(), actor.user_id, now)?;
        let id: BreakGlassId = opening.grant.id;
        let row_id = id.to_string();
        let row = BreakGlassRow {
            id,
            case_id,
            user_id: actor.user_id,
            agency_id: actor.agency_id,
            reason: self
                .seal_field(case.owning_agency, reason_field(&row_id), &opening.reason)
                .await?,
            started_at: opening.grant.started_at,
            expires_at: opening.grant.expires_at,
            review_outcome: None,
            reviewed_by: None,
            reviewed_at: None,
            review_comment: None,
        };
        let event = self.event(
            Some(actor),
            AuditAction::BreakGlassOpened,
            Some(("case", case_id.to_string())),
            AuditOutcome::Success,
            serde_json::json!({ "break_glass_id": id, "owning_agency": case.owning_agency, "expires_at": row.expires_at }),
        );
        self.store.create_break_glass(&row, &event).await?;
        Ok(row)
    }

    /// Openings of the supervisor's agency's cases not yet reviewed.
    pub async fn break_glass_to_review(
        &self,
        actor: &Actor,
    ) -> AppResult<Vec<BreakGlassForReview>> {
        self.require(actor, Permission::SuperviseCases).await?;
        let mut list = Vec::new();
        for grant in self.store.break_glass_to_review(actor.agency_id).await? {
            let id = grant.id.to_string();
            let reason = self
                .open_field(reason_field(&id), &grant.reason)
                .await?
                .to_string();
            list.push(BreakGlassForReview { grant, reason });
        }
        Ok(list)
    }

    pub async fn review_break_glass(
        &self,
        actor: &Actor,
        id: BreakGlassId,
        form: &BreakGlassReviewForm,
    ) -> AppResult<()> {
        self.require(actor, Permission::SuperviseCases).await?;
        let mut invalid = concord_domain::Invalid::default();
        if !matches!(form.outcome.as_str(), "justified" | "not_justified") {
            invalid.push("outcome", "must be justified or not_justified");
        }
        let comment = optional_text(&mut invalid, "comment", Some(&form.comment), 2000);
        invalid.into_result(())?;
        let mut grant = self
            .store
            .break_glass_to_review(actor.agency_id)
            .await?
            .into_iter()
            .find(|g| g.id == id)
            .ok_or(AppError::NotFound)?;
        let row_id = id.to_string();
        grant.review_outcome = Some(form.outcome.clone());
        grant.reviewed_by = Some(actor.user_id);
        grant.reviewed_at = Some(self.clock.now());
        grant.review_comment = self
            .seal_optional(
                actor.agency_id,
                Field::new("break_glass", "review_comment", &row_id),
                comment.as_deref(),
            )
            .await?;
        let event = self.event(
            Some(actor),
            AuditAction::BreakGlassReviewed,
            Some(("case", grant.case_id.to_string())),
            AuditOutcome::Success,
            serde_json::json!({ "break_glass_id": id, "outcome": form.outcome }),
        );
        if !self.store.review_break_glass(&grant, &event).await? {
            return Err(concord_domain::Invalid::one(
                "outcome",
                "this opening was already reviewed",
            )
            .into());
        }
        Ok(())
    }
}
