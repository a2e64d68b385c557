//! Making a referral and moving it through its states.

use super::{note_field, reason_field};
use crate::app::App;
use crate::error::{AppError, AppResult};
use concord_domain::Invalid;
use concord_domain::access::Actor;
use concord_domain::audit::{AuditAction, AuditOutcome};
use concord_domain::consent::DataCategory;
use concord_domain::ids::{CaseId, ReferralId};
use concord_domain::referral::{
    ReferralActionForm, ReferralEvent, ReferralForm, ReferralSide, ReferralState, referral_consent,
    response_due, steps,
};
use concord_domain::role::Permission;
use concord_store::{ReferralRow, ReferralStepRow, StoreError};
use uuid::Uuid;

impl App {
    /// Makes a referral from a case of the actor's agency to a service of
    /// another agency; sent at once when asked (and allowed by her
    /// consent), otherwise kept as a draft.
    pub async fn create_referral(
        &self,
        actor: &Actor,
        case_id: CaseId,
        form: &ReferralForm,
    ) -> AppResult<ReferralRow> {
        self.require(actor, Permission::WorkCases).await?;
        let case = self
            .case_for_change(actor, case_id, DataCategory::CaseNotes)
            .await?;
        let input = form.validate()?;
        let not_referable = || Invalid::one("service_id", "does not take referrals");
        let service = self
            .store
            .get_service(input.service_id)
            .await?
            .filter(|s| s.status == concord_domain::directory::ServiceStatus::Active)
            .ok_or_else(not_referable)?;
        let organization = self
            .store
            .get_organization(service.organization_id)
            .await?
            .ok_or_else(not_referable)?;
        let receiving = match organization.agency_id {
            // A member agency's service, if it takes referrals through
            // Concord.
            Some(agency) if service.accepts_referrals => agency,
            Some(_) => return Err(not_referable().into()),
            // An outside provider: referred to by export, named in her
            // consent by its own recipient (see `outside`).
            None => {
                self.outside_recipient(Some(actor), &organization, "service_id")
                    .await?
            }
        };
        if receiving == case.owning_agency {
            return Err(Invalid::one("service_id", "is a service of your own agency").into());
        }
        let now = self.clock.now();
        let id = ReferralId::new();
        let row_id = id.to_string();
        let mut row = ReferralRow {
            id,
            reference: new_reference(),
            case_id,
            sending_agency: case.owning_agency,
            receiving_agency: receiving,
            service_id: service.id,
            urgency: input.urgency,
            state: ReferralState::Draft,
            categories: input.categories.iter().copied().collect(),
            consent_id: None,
            reason: self
                .seal_field(case.owning_agency, reason_field(&row_id), &input.reason)
                .await?,
            decline_reason: None,
            outcome: None,
            created_by: actor.user_id,
            created_at: now,
            sent_at: None,
            due_at: None,
            updated_at: now,
        };
        if input.send_now {
            self.mark_sent(&mut row, case_id).await?;
        }
        let notice = self.arrival_notice(&row).await?;
        let step = ReferralStepRow {
            id: Uuid::now_v7(),
            referral_id: id,
            at: now,
            actor_user_id: Some(actor.user_id),
            actor_agency_id: Some(actor.agency_id),
            event: input.send_now.then_some(ReferralEvent::Send),
            from_state: None,
            to_state: row.state,
            note: None,
        };
        let event = self.event(
            Some(actor),
            AuditAction::ReferralCreated,
            Some(("referral", id.to_string())),
            AuditOutcome::Success,
            serde_json::json!({
                "case_id": case_id,
                "service_id": service.id,
                "state": row.state.as_str(),
                "urgency": row.urgency.as_str(),
                "categories": row.categories.iter().map(|c| c.as_str()).collect::<Vec<_>>(),
                "receiver_notified": notice.is_some(),
            }),
        );
        // A reference drawn twice (1 in ~10^12 per pair): draw again.
        for _ in 0..3 {
            match self
                .store
                .create_referral(&row, &step, &event, notice.as_ref())
                .await
            {
                Err(StoreError::Duplicate { field: "reference" }) => {
                    row.reference = new_reference()
                }
                Ok(()) => {
                    if let Some(notice) = &notice {
                        self.announce_arrival(&row, notice);
                    }
                    return Ok(row);
                }
                Err(e) => return Err(e.into()),
            }
        }
        Err(AppError::Internal(
            "could not draw a free referral reference".into(),
        ))
    }

    /// Checks her consent now and sets what sending sets.
    async fn mark_sent(&self, row: &mut ReferralRow, case_id: CaseId) -> AppResult<()> {
        let now = self.clock.now();
        let consents = self.case_consent_grants(case_id).await?;
        let categories = row.categories.iter().copied().collect();
        let consent = referral_consent(
            row.sending_agency,
            row.receiving_agency,
            &categories,
            &consents,
            now,
        )
        .map_err(AppError::SendRefused)?;
        row.consent_id = Some(consent);
        row.state = ReferralState::Sent;
        row.sent_at = Some(now);
        row.due_at = Some(response_due(
            now,
            row.urgency,
            &self.config.referrals.targets,
            &self.config.referrals.week,
            self.config.time_zone,
        ));
        row.updated_at = now;
        Ok(())
    }

    /// Which side of this referral the actor's agency is on; `NotFound`
    /// for anyone else, and for the receiver while it is a draft.
    pub(crate) fn referral_side(
        &self,
        actor: &Actor,
        row: &ReferralRow,
    ) -> AppResult<ReferralSide> {
        if actor.agency_id == row.sending_agency {
            Ok(ReferralSide::Sender)
        } else if actor.agency_id == row.receiving_agency && row.state.visible_to_receiver() {
            Ok(ReferralSide::Receiver)
        } else {
            Err(AppError::NotFound)
        }
    }

    /// Takes one step on a referral. An illegal step is refused with the
    /// field `event` (wrong side) or `state` (not from this state).
    pub async fn referral_step(
        &self,
        actor: &Actor,
        id: ReferralId,
        form: &ReferralActionForm,
    ) -> AppResult<ReferralState> {
        self.require(actor, Permission::WorkCases).await?;
        let mut row = self
            .store
            .get_referral(id)
            .await?
            .ok_or(AppError::NotFound)?;
        let side = match self.acting_side(actor, &row).await {
            Ok(side) => side,
            Err(e) => {
                self.record_refusal(
                    actor,
                    concord_domain::access::Denied::OtherAgency,
                    Some(("referral", id.to_string())),
                )
                .await?;
                return Err(e);
            }
        };
        let action = form.validate()?;
        let from = row.state;
        // Every step the event records, none skipped: accepting or
        // declining a sent referral acknowledges it first.
        let path = steps(from, action.event, side).map_err(AppError::ReferralStepRefused)?;
        let to = path.last().map(|step| step.to).unwrap_or(from);
        let now = self.clock.now();
        if action.event == ReferralEvent::Send {
            let case_id = row.case_id;
            self.mark_sent(&mut row, case_id).await?;
        }
        row.state = to;
        row.updated_at = now;
        if let Some(reason) = action.decline_reason {
            row.decline_reason = Some(reason);
        }
        if let Some(outcome) = action.outcome {
            row.outcome = Some(outcome);
        }
        let notice = match action.event {
            ReferralEvent::Send => self.arrival_notice(&row).await?,
            _ => None,
        };
        let mut step_rows = Vec::with_capacity(path.len());
        let mut events = Vec::with_capacity(path.len());
        for step in &path {
            // The note goes with the step asked for, not the implied one.
            let asked = step.event == action.event;
            let step_id = Uuid::now_v7();
            let note = match action.note.as_deref().filter(|_| asked) {
                Some(text) => Some(
                    self.seal_field(row.sending_agency, note_field(&step_id.to_string()), text)
                        .await?,
                ),
                None => None,
            };
            step_rows.push(ReferralStepRow {
                id: step_id,
                referral_id: id,
                at: now,
                actor_user_id: Some(actor.user_id),
                actor_agency_id: Some(actor.agency_id),
                event: Some(step.event),
                from_state: Some(step.from),
                to_state: step.to,
                note,
            });
            let mut details = serde_json::json!({
                "event": step.event.as_str(),
                "from": step.from.as_str(),
                "to": step.to.as_str(),
                "side": side.as_str(),
                "receiver_notified": asked && notice.is_some(),
            });
            if !asked {
                details["implied_by"] = action.event.as_str().into();
            }
            events.push(self.event(
                Some(actor),
                AuditAction::ReferralStepTaken,
                Some(("referral", id.to_string())),
                AuditOutcome::Success,
                details,
            ));
        }
        self.store
            .update_referral(&row, from, &step_rows, &events, notice.as_ref())
            .await?;
        if let Some(notice) = &notice {
            self.announce_arrival(&row, notice);
        }
        Ok(to)
    }

    /// The consents of a case as the access decision reads them.
    pub(crate) async fn case_consent_grants(
        &self,
        case_id: CaseId,
    ) -> AppResult<Vec<concord_domain::consent::ConsentGrant>> {
        Ok(self
            .store
            .list_consents(case_id)
            .await?
            .into_iter()
            .map(|c| concord_domain::consent::ConsentGrant {
                id: c.id,
                recipient_agency: c.recipient_agency,
                purposes: c.purposes.into_iter().collect(),
                categories: c.categories.into_iter().collect(),
                valid_from: c.valid_from,
                valid_until: c.valid_until,
                withdrawn_at: c.withdrawn_at,
            })
            .collect())
    }
}

/// `R-XXXX-XXXX`: the survivor reference alphabet with an R.
fn new_reference() -> String {
    let s = concord_crypto::reference::new_survivor_reference();
    format!("R-{}", &s[2..])
}
