//! Signing off, refusing and withdrawing. The last signature publishes:
//! the canonical document is written with the decision, and its SHA-256
//! goes into the audit event that publishes it, in the same transaction.

use super::AUDIT_OBJECT;
use super::export::content_hash;
use crate::app::App;
use crate::error::{AppError, AppResult};
use chrono::{DateTime, Utc};
use concord_domain::access::{Actor, Denied};
use concord_domain::audit::{AuditAction, AuditOutcome};
use concord_domain::ids::StatisticsReleaseId;
use concord_domain::role::{Permission, Role};
use concord_domain::statistics_release::canonical::{FORMAT, instant};
use concord_domain::statistics_release::{
    PublishedRelease, PublishedTable, ReleaseDecision, ReleaseRefusal, ReleaseSignature,
    ReleaseStatus, SignOff, decide, signing_role, withdraw,
};
use concord_store::{ReleaseDecisionRow, ReleasePublication, StatisticsReleaseDetail};
use serde_json::json;

impl App {
    /// The designated person of a contributing agency
    /// (`SignOffStatistics`) signs the release off or refuses it with a
    /// reason. Answers the release's status afterwards.
    pub async fn decide_statistics_release(
        &self,
        actor: &Actor,
        id: StatisticsReleaseId,
        decision: &ReleaseDecision,
    ) -> AppResult<ReleaseStatus> {
        self.require(actor, Permission::SignOffStatistics).await?;
        let detail = self
            .store
            .get_statistics_release(id)
            .await?
            .ok_or(AppError::NotFound)?;
        let contributing: Vec<_> = detail.contributors.iter().map(|c| c.agency_id).collect();
        let recorded: Vec<SignOff> = detail
            .contributors
            .iter()
            .filter_map(|c| {
                c.signed.map(|signed| SignOff {
                    agency_id: c.agency_id,
                    refusal: (!signed).then(|| c.reason.clone().unwrap_or_default()),
                })
            })
            .collect();
        let new_status = match decide(
            detail.release.status,
            &contributing,
            &recorded,
            actor.agency_id,
            decision,
        ) {
            Ok(status) => status,
            Err(ReleaseRefusal::NotContributing) => {
                return self
                    .refuse(
                        actor,
                        Denied::OtherAgency,
                        Some((AUDIT_OBJECT, id.to_string())),
                    )
                    .await;
            }
            Err(refusal) => return Err(refusal_error(refusal)),
        };
        let now = self.clock.now();
        // `require` above: one of the actor's roles grants the sign-off.
        let role = signing_role(&actor.roles).ok_or(AppError::Denied(Denied::NotPermitted))?;
        let (signed, reason) = match decision {
            ReleaseDecision::Sign => (true, None),
            ReleaseDecision::Refuse { reason } => (false, Some(reason.trim().to_string())),
        };
        let publication = if new_status == ReleaseStatus::Published {
            Some(self.publication(&detail, now, role).await?)
        } else {
            None
        };
        let object = Some((AUDIT_OBJECT, id.to_string()));
        let mut events = vec![self.event(
            Some(actor),
            if signed {
                AuditAction::StatisticsReleaseSigned
            } else {
                AuditAction::StatisticsReleaseRefused
            },
            object.clone(),
            AuditOutcome::Success,
            json!({ "agency_id": actor.agency_id, "role": role.as_str() }),
        )];
        if let Some(p) = &publication {
            events.push(self.event(
                Some(actor),
                AuditAction::StatisticsReleasePublished,
                object,
                AuditOutcome::Success,
                json!({ "content_hash": p.content_hash, "algorithm": "sha256" }),
            ));
        }
        self.store
            .record_release_decision(
                &ReleaseDecisionRow {
                    release_id: id,
                    agency_id: actor.agency_id,
                    signed,
                    reason,
                    decided_by: actor.user_id,
                    decided_at: now,
                    decided_as: role,
                    new_status,
                    publication,
                },
                &events,
            )
            .await?;
        Ok(new_status)
    }

    /// The canonical document of a release signed by every contributor at
    /// `now` (the last signature is this one).
    async fn publication(
        &self,
        detail: &StatisticsReleaseDetail,
        now: DateTime<Utc>,
        role: Role,
    ) -> AppResult<ReleasePublication> {
        let r = &detail.release;
        let area = self
            .store
            .get_area(r.area_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let tables: Vec<PublishedTable> =
            serde_json::from_str(&r.tables).map_err(|e| AppError::Internal(e.to_string()))?;
        let mut signed: Vec<(DateTime<Utc>, Option<Role>)> = detail
            .contributors
            .iter()
            .filter_map(|c| c.decided_at.map(|at| (at, c.decided_as)))
            .collect();
        signed.push((now, Some(role)));
        signed.sort();
        let document = PublishedRelease {
            format: FORMAT.to_string(),
            release_id: r.id,
            indicator_set: r.indicator_set.clone(),
            period: r.period.clone(),
            area_code: area.code,
            area_name: area.name,
            breakdowns: r.breakdowns.clone(),
            small_cell_threshold: u32::try_from(r.small_cell_threshold).unwrap_or(0),
            prepared_at: instant(r.prepared_at),
            published_at: instant(now),
            contributing_agencies: detail.contributors.len(),
            sign_offs: signed
                .into_iter()
                .map(|(at, role)| ReleaseSignature {
                    signed_at: instant(at),
                    role: role.map(|r| r.as_str().to_string()).unwrap_or_default(),
                })
                .collect(),
            tables,
        };
        let bytes = document.canonical_bytes();
        Ok(ReleasePublication {
            published_at: now,
            content_hash: content_hash(&bytes),
            document: String::from_utf8(bytes).map_err(|e| AppError::Internal(e.to_string()))?,
        })
    }

    /// An analyst withdraws a release that is not published (to prepare
    /// it again after a refusal).
    pub async fn withdraw_statistics_release(
        &self,
        actor: &Actor,
        id: StatisticsReleaseId,
    ) -> AppResult<()> {
        self.require(actor, Permission::ViewAggregates).await?;
        let detail = self
            .store
            .get_statistics_release(id)
            .await?
            .ok_or(AppError::NotFound)?;
        withdraw(detail.release.status).map_err(refusal_error)?;
        let event = self.event(
            Some(actor),
            AuditAction::StatisticsReleaseWithdrawn,
            Some((AUDIT_OBJECT, id.to_string())),
            AuditOutcome::Success,
            json!({}),
        );
        self.store
            .withdraw_statistics_release(id, self.clock.now(), &event)
            .await?;
        Ok(())
    }
}

/// A decision the workflow does not allow, as the page and the API say it.
fn refusal_error(refusal: ReleaseRefusal) -> AppError {
    match refusal {
        ReleaseRefusal::Invalid(invalid) => AppError::Invalid(invalid),
        other => AppError::IllegalTransition {
            field: "status",
            message: other.to_string(),
        },
    }
}
