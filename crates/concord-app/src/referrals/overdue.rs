//! The background check every instance runs: referrals past their response
//! target are notified to both agencies (once: the notification's unique
//! key decides which instance gets to send it), and referrals left
//! unanswered long past it expire.

use crate::app::App;
use crate::error::AppResult;
use chrono::Duration;
use concord_domain::audit::{AuditAction, AuditOutcome};
use concord_domain::ids::AgencyId;
use concord_domain::referral::{ReferralEvent, ReferralSide, transition};
use concord_store::{NotificationRow, ReferralRow, ReferralStepRow, StoreError};
use uuid::Uuid;

/// What one check did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReferralCheck {
    pub expired: usize,
    /// Notifications created by this instance.
    pub notified: usize,
    /// Of them, e-mailed.
    pub emailed: usize,
}

/// A notification that this instance created and should announce.
#[derive(Debug, Clone)]
pub struct NewNotice {
    pub agency_id: AgencyId,
    pub kind: &'static str,
    pub referral: ReferralRow,
}

impl App {
    pub async fn check_referrals(&self) -> AppResult<ReferralCheck> {
        let mut report = ReferralCheck::default();
        let now = self.clock.now();
        let mut notices = Vec::new();
        let expire_before = now - Duration::days(self.config.referrals.expire_after_days);
        for row in self.store.referrals_due_before(expire_before, 200).await? {
            if self.expire(row.clone()).await? {
                report.expired += 1;
                self.notify_both(&row, "expired", &mut notices).await?;
            }
        }
        for row in self.store.referrals_due_before(now, 500).await? {
            self.notify_both(&row, "overdue", &mut notices).await?;
        }
        report.notified = notices.len();
        report.emailed = self.email_notices(&notices).await;
        Ok(report)
    }

    async fn expire(&self, mut row: ReferralRow) -> AppResult<bool> {
        let from = row.state;
        let Ok(to) = transition(from, ReferralEvent::Expire, ReferralSide::System) else {
            return Ok(false);
        };
        let now = self.clock.now();
        row.state = to;
        row.updated_at = now;
        let step = ReferralStepRow {
            id: Uuid::now_v7(),
            referral_id: row.id,
            at: now,
            actor_user_id: None,
            actor_agency_id: None,
            event: Some(ReferralEvent::Expire),
            from_state: Some(from),
            to_state: to,
            note: None,
        };
        let event = self.event(
            None,
            AuditAction::ReferralStepTaken,
            Some(("referral", row.id.to_string())),
            AuditOutcome::Success,
            serde_json::json!({ "event": "expire", "from": from.as_str(), "to": to.as_str(), "side": "system" }),
        );
        match self
            .store
            .update_referral(&row, from, &[step], &[event], None)
            .await
        {
            Ok(()) => Ok(true),
            // Answered (or expired by another instance) in the meantime.
            Err(StoreError::Conflict) | Err(StoreError::NotFound) => Ok(false),
            Err(e) => Err(e.into()),
        }
    }

    async fn notify_both(
        &self,
        row: &ReferralRow,
        kind: &'static str,
        notices: &mut Vec<NewNotice>,
    ) -> AppResult<()> {
        for agency_id in [row.receiving_agency, row.sending_agency] {
            // An outside provider has no one in Concord to tell: the
            // sender follows it up.
            if agency_id == row.receiving_agency && self.is_outside_provider(agency_id).await? {
                continue;
            }
            let notification = NotificationRow {
                id: Uuid::now_v7(),
                agency_id,
                referral_id: row.id,
                kind: kind.to_string(),
                created_at: self.clock.now(),
                read_at: None,
            };
            if self.store.create_notification(&notification).await? {
                notices.push(NewNotice {
                    agency_id,
                    kind,
                    referral: row.clone(),
                });
            }
        }
        Ok(())
    }
}
