//! The independent advocate of a referred case, with the first-contact
//! target (working days from the referral, configurable per conference) and
//! its overdue flag; and the transfer of a case to another conference when
//! she moves.

use super::conferences::{SCREENING_SHARE_DAYS, rules_of};
use crate::app::App;
use crate::error::{AppError, AppResult};
use crate::field_crypto::Field;
use chrono::{Duration, NaiveDate};
use concord_domain::access::Actor;
use concord_domain::audit::{AuditAction, AuditOutcome};
use concord_domain::ids::{ConferenceId, ConferenceReferralId, UserId};
use concord_domain::risk::conference::{
    ReferralEvent, ReferralStatus, add_working_days, next_status,
};
use concord_domain::role::Permission;
use concord_store::ConferenceReferralRow;

impl App {
    /// Names the case's independent advocate (a person who works with
    /// cases in a member or the coordinating agency).
    pub async fn assign_conference_advocate(
        &self,
        actor: &Actor,
        referral: ConferenceReferralId,
        advocate: &str,
    ) -> AppResult<ConferenceReferralRow> {
        let current = self
            .store
            .get_conference_referral(referral)
            .await?
            .ok_or(AppError::NotFound)?;
        let conference = self
            .conference_for_coordinator(actor, current.conference_id, true)
            .await?;
        let not_an_advocate = || {
            concord_domain::Invalid::one(
                "advocate_id",
                "is not someone who works with cases in a member agency",
            )
        };
        let advocate: UserId = advocate.trim().parse().map_err(|_| not_an_advocate())?;
        let user = self
            .store
            .get_user(advocate)
            .await?
            .ok_or_else(not_an_advocate)?;
        let works_cases = user
            .roles
            .iter()
            .any(|r| r.permissions().contains(&Permission::WorkCases));
        if !user.active
            || !works_cases
            || !(conference.members.contains(&user.agency_id)
                || conference.coordinating_agency == user.agency_id)
        {
            return Err(not_an_advocate().into());
        }
        if matches!(
            current.status,
            ReferralStatus::Rejected | ReferralStatus::TransferredOut
        ) {
            return Err(AppError::IllegalTransition {
                field: "state",
                message: "this referral is no longer with the conference".into(),
            });
        }
        let row = ConferenceReferralRow {
            advocate_id: Some(advocate),
            updated_at: self.clock.now(),
            ..current.clone()
        };
        let event = self.event(
            Some(actor),
            AuditAction::ConferenceReferralUpdated,
            Some(("case", current.case_id.to_string())),
            AuditOutcome::Success,
            serde_json::json!({ "referral_id": referral, "advocate_id": advocate }),
        );
        self.store
            .update_conference_referral(&row, current.status, None, &[], &event)
            .await?;
        Ok(row)
    }

    /// Records the advocate's first contact with her (the advocate, or a
    /// coordinator of the conference).
    pub async fn record_first_contact(
        &self,
        actor: &Actor,
        referral: ConferenceReferralId,
        on: &str,
    ) -> AppResult<ConferenceReferralRow> {
        let current = self
            .store
            .get_conference_referral(referral)
            .await?
            .ok_or(AppError::NotFound)?;
        if current.advocate_id != Some(actor.user_id) {
            self.conference_for_coordinator(actor, current.conference_id, true)
                .await?;
        } else {
            self.require(actor, Permission::WorkCases).await?;
        }
        let today = self.today();
        let on = NaiveDate::parse_from_str(on.trim(), "%Y-%m-%d")
            .ok()
            .filter(|d| *d >= current.referred_on && *d <= today)
            .ok_or_else(|| {
                concord_domain::Invalid::one(
                    "on",
                    "must be a date (YYYY-MM-DD) between the referral and today",
                )
            })?;
        if current.advocate_id.is_none() {
            return Err(
                concord_domain::Invalid::one("advocate_id", "name the advocate first").into(),
            );
        }
        let row = ConferenceReferralRow {
            first_contact_on: Some(on),
            updated_at: self.clock.now(),
            ..current.clone()
        };
        let event = self.event(
            Some(actor),
            AuditAction::ConferenceReferralUpdated,
            Some(("case", current.case_id.to_string())),
            AuditOutcome::Success,
            serde_json::json!({ "referral_id": referral, "first_contact": true }),
        );
        self.store
            .update_conference_referral(&row, current.status, None, &[], &event)
            .await?;
        Ok(row)
    }

    /// Transfers a case to another conference (she moved): this referral is
    /// transferred out and a new one, remembering where it came from, awaits
    /// the other conference's screening, with a lawful share to its
    /// coordinating agency — all in one transaction.
    pub async fn transfer_conference_referral(
        &self,
        actor: &Actor,
        referral: ConferenceReferralId,
        to: &str,
    ) -> AppResult<ConferenceReferralRow> {
        let current = self
            .store
            .get_conference_referral(referral)
            .await?
            .ok_or(AppError::NotFound)?;
        self.conference_for_coordinator(actor, current.conference_id, true)
            .await?;
        let unknown = || concord_domain::Invalid::one("conference_id", "choose another conference");
        let to: ConferenceId = to.trim().parse().map_err(|_| unknown())?;
        if to == current.conference_id {
            return Err(unknown().into());
        }
        let target = self.store.get_conference(to).await?.ok_or_else(unknown)?;
        let status = next_status(current.status, ReferralEvent::TransferOut, current.repeat)
            .map_err(|r| AppError::IllegalTransition {
                field: "state",
                message: r.to_string(),
            })?;
        let now = self.clock.now();
        let today = self.local_date_of(now);
        let case = self
            .store
            .get_case(current.case_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let id = ConferenceReferralId::new();
        // Her judgement reason is sealed to its row: open and seal again.
        let reason = self
            .open_optional(
                Field::new(
                    "risk_referrals",
                    "judgement_reason",
                    &current.id.to_string(),
                ),
                current.judgement_reason.as_deref(),
            )
            .await?;
        let created = ConferenceReferralRow {
            id,
            conference_id: to,
            referred_by: actor.user_id,
            referred_on: today,
            judgement_reason: self
                .seal_optional(
                    case.owning_agency,
                    Field::new("risk_referrals", "judgement_reason", &id.to_string()),
                    reason.as_deref(),
                )
                .await?,
            status: ReferralStatus::AwaitingScreening,
            screened_by: None,
            rejection_reason: None,
            meeting_id: None,
            advocate_id: None,
            first_contact_due: add_working_days(
                today,
                rules_of(&target).first_contact_working_days,
            ),
            first_contact_on: None,
            transferred_from: Some(current.id),
            created_at: now,
            updated_at: now,
            ..current.clone()
        };
        let share = if target.coordinating_agency == case.owning_agency {
            None
        } else {
            Some(
                self.conference_share(
                    &case,
                    &target,
                    actor,
                    false,
                    now + Duration::days(SCREENING_SHARE_DAYS),
                )
                .await?,
            )
        };
        let row = ConferenceReferralRow {
            status,
            updated_at: now,
            ..current.clone()
        };
        let event = self.event(
            Some(actor),
            AuditAction::ConferenceReferralTransferred,
            Some(("case", current.case_id.to_string())),
            AuditOutcome::Success,
            serde_json::json!({
                "referral_id": current.id,
                "new_referral_id": id,
                "to_conference": to,
                "sharing_id": share.as_ref().map(|s| s.id),
            }),
        );
        self.store
            .update_conference_referral(
                &row,
                current.status,
                Some(&created),
                share.as_slice(),
                &event,
            )
            .await?;
        Ok(created)
    }
}
