//! SMART actions agreed at a risk conference for a listed case: the
//! conference's coordinators record them at (or just after) the meeting with
//! an owner agency and a due date; the owner agency, or the coordinators,
//! record them done or not possible. Closing a regular meeting carries every
//! action still not done over to the next, and escalates it to the steering
//! group once carried `escalate_after` times (governance's action model).
//!
//! Actions are about a survivor's case, so their text is sealed with the
//! coordinating agency's key and every reading is audited. An owner agency
//! sees the actions it owns — what it has to do — and nothing else of the
//! case through them.

use crate::app::App;
use crate::error::{AppError, AppResult};
use crate::field_crypto::Field;
use chrono::{DateTime, Utc};
use concord_domain::access::{Actor, Denied};
use concord_domain::audit::{AuditAction, AuditOutcome};
use concord_domain::governance::ActionStatus;
use concord_domain::ids::{ConferenceActionId, ConferenceId, ConferenceReferralId};
use concord_domain::risk::conference::{MeetingKind, MeetingStatus, ReferralStatus};
use concord_domain::risk::conference_action::{
    ConferenceActionForm, ConferenceActionUpdateForm, action_overdue, carry_over_at_close,
};
use concord_domain::role::Permission;
use concord_store::{
    ActionCarry, ActionScope, ConferenceActionListItem, ConferenceActionRow, ConferenceMeetingRow,
    ConferenceRow,
};

/// An action as a reader may see it.
#[derive(Debug, Clone)]
pub struct ConferenceActionView {
    pub action: ConferenceActionRow,
    pub survivor_reference: String,
    pub description: String,
    pub note: Option<String>,
    /// Not done and past its due date.
    pub overdue: bool,
}

impl App {
    /// Records an action agreed for a case listed at a meeting that has
    /// started (or closed: minutes are often finished the next day).
    pub async fn raise_conference_action(
        &self,
        actor: &Actor,
        referral: ConferenceReferralId,
        form: &ConferenceActionForm,
    ) -> AppResult<ConferenceActionRow> {
        let referral = self
            .store
            .get_conference_referral(referral)
            .await?
            .ok_or(AppError::NotFound)?;
        let conference = self
            .conference_for_coordinator(actor, referral.conference_id, true)
            .await?;
        let meeting = match referral.meeting_id {
            Some(id) => self.store.get_conference_meeting(id).await?,
            None => None,
        };
        let Some(meeting) = meeting.filter(|_| {
            matches!(
                referral.status,
                ReferralStatus::Listed | ReferralStatus::Discussed
            )
        }) else {
            return Err(AppError::IllegalTransition {
                field: "state",
                message: "actions are agreed for a case listed at a meeting".into(),
            });
        };
        if meeting.status == MeetingStatus::Scheduled {
            return Err(AppError::IllegalTransition {
                field: "state",
                message: "actions are agreed at the meeting: record the attendance first".into(),
            });
        }
        let checked = form.validate(meeting.meets_on)?;
        if !super::conferences::agencies_of(&conference).contains(&checked.owner_agency_id) {
            return Err(concord_domain::Invalid::one(
                "owner_agency_id",
                "is not an agency of this conference",
            )
            .into());
        }
        let id = ConferenceActionId::new();
        let now = self.clock.now();
        let row = ConferenceActionRow {
            id,
            conference_id: conference.id,
            referral_id: referral.id,
            meeting_id: meeting.id,
            description: self
                .seal_field(
                    conference.coordinating_agency,
                    Field::new("risk_actions", "description", &id.to_string()),
                    &checked.description,
                )
                .await?,
            owner_agency: checked.owner_agency_id,
            due_on: checked.due_on,
            status: ActionStatus::NotDone,
            note: None,
            carry_overs: 0,
            escalated_at: None,
            raised_by: actor.user_id,
            created_at: now,
            updated_at: now,
        };
        let event = self.event(
            Some(actor),
            AuditAction::ConferenceActionRaised,
            Some(("case", referral.case_id.to_string())),
            AuditOutcome::Success,
            serde_json::json!({
                "action_id": id,
                "referral_id": referral.id,
                "owner_agency": row.owner_agency,
                "due_on": row.due_on,
            }),
        );
        self.store.create_conference_action(&row, &event).await?;
        Ok(row)
    }

    /// Records an action done, not possible (with what changed) or not done
    /// after all: the conference's coordinators, or the owner agency's
    /// caseworkers.
    pub async fn update_conference_action(
        &self,
        actor: &Actor,
        id: ConferenceActionId,
        form: &ConferenceActionUpdateForm,
    ) -> AppResult<ConferenceActionRow> {
        let (conference, current) = self.action_for(actor, id, true).await?;
        let checked = form.validate(current.status)?;
        let row = ConferenceActionRow {
            status: checked.status,
            note: self
                .seal_optional(
                    conference.coordinating_agency,
                    Field::new("risk_actions", "note", &id.to_string()),
                    checked.note.as_deref(),
                )
                .await?,
            updated_at: self.clock.now(),
            ..current.clone()
        };
        let referral = self
            .store
            .get_conference_referral(current.referral_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let event = self.event(
            Some(actor),
            AuditAction::ConferenceActionUpdated,
            Some(("case", referral.case_id.to_string())),
            AuditOutcome::Success,
            serde_json::json!({
                "action_id": id,
                "from": current.status.as_str(),
                "to": row.status.as_str(),
            }),
        );
        self.store
            .update_conference_action(&row, current.status, &event)
            .await?;
        Ok(row)
    }

    /// Every action of a conference, earliest due first, for its
    /// coordinators.
    pub async fn conference_actions(
        &self,
        actor: &Actor,
        conference: ConferenceId,
    ) -> AppResult<Vec<ConferenceActionView>> {
        self.conference_for_coordinator(actor, conference, false)
            .await?;
        let items = self
            .store
            .list_conference_actions(ActionScope::Conference(conference), false)
            .await?;
        self.read_actions(
            actor,
            items,
            serde_json::json!({ "conference_id": conference }),
        )
        .await
    }

    /// The actions agreed for one referral: all of them for the
    /// conference's coordinators, the ones it owns for a member agency.
    pub async fn referral_actions(
        &self,
        actor: &Actor,
        referral: ConferenceReferralId,
    ) -> AppResult<Vec<ConferenceActionView>> {
        let (conference, _) = self.referral_for_research(actor, referral, false).await?;
        let coordinator = super::conferences::coordinates(actor, &conference);
        let items = self
            .store
            .list_conference_actions(ActionScope::Referral(referral), false)
            .await?
            .into_iter()
            .filter(|i| coordinator || i.action.owner_agency == actor.agency_id)
            .collect();
        self.read_actions(actor, items, serde_json::json!({ "referral_id": referral }))
            .await
    }

    /// The open actions the actor's agency owns, in every conference.
    pub async fn agency_conference_actions(
        &self,
        actor: &Actor,
    ) -> AppResult<Vec<ConferenceActionView>> {
        if !may_work_on_actions(actor, false) {
            return self.refuse(actor, Denied::NotPermitted, None).await;
        }
        let items = self
            .store
            .list_conference_actions(ActionScope::OwnerAgency(actor.agency_id), true)
            .await?;
        self.read_actions(
            actor,
            items,
            serde_json::json!({ "owner_agency": actor.agency_id }),
        )
        .await
    }

    /// How many actions the actor's agency owns that are not done, and how
    /// many of those are overdue (counts only: no text is opened).
    pub async fn agency_conference_action_counts(
        &self,
        actor: &Actor,
    ) -> AppResult<(usize, usize)> {
        if !may_work_on_actions(actor, false) {
            return Ok((0, 0));
        }
        let today = self.today();
        let open = self
            .store
            .list_conference_actions(ActionScope::OwnerAgency(actor.agency_id), true)
            .await?;
        let overdue = open
            .iter()
            .filter(|i| action_overdue(i.action.status, i.action.due_on, today))
            .count();
        Ok((open.len(), overdue))
    }

    /// What closing `meeting` does to its conference's outstanding actions.
    /// A regular meeting reviews every action agreed at an earlier meeting
    /// and still not done; an emergency meeting hears its own cases only and
    /// carries nothing.
    pub(super) async fn actions_carried_at_close(
        &self,
        conference: &ConferenceRow,
        meeting: &ConferenceMeetingRow,
        now: DateTime<Utc>,
    ) -> AppResult<Vec<ActionCarry>> {
        if meeting.kind == MeetingKind::Emergency {
            return Ok(Vec::new());
        }
        let meetings = self.store.list_conference_meetings(conference.id).await?;
        let held_on = |id| {
            meetings
                .iter()
                .find(|m| m.meeting.id == id)
                .map(|m| m.meeting.meets_on)
        };
        let escalate_after = super::conferences::rules_of(conference).escalate_after;
        let open = self
            .store
            .list_conference_actions(ActionScope::Conference(conference.id), true)
            .await?;
        Ok(open
            .into_iter()
            .map(|i| i.action)
            .filter(|a| held_on(a.meeting_id).is_some_and(|day| day <= meeting.meets_on))
            .filter_map(|a| {
                let carried = carry_over_at_close(
                    a.status,
                    u32::try_from(a.carry_overs).unwrap_or(0),
                    a.escalated_at.is_some(),
                    a.meeting_id == meeting.id,
                    escalate_after,
                )?;
                Some(ActionCarry {
                    id: a.id,
                    carry_overs: i32::try_from(carried.carry_overs).unwrap_or(i32::MAX),
                    escalated_at: carried.escalates.then_some(now),
                })
            })
            .collect())
    }

    /// The action and its conference, for its coordinators or (to record
    /// progress, and to read) the owner agency's caseworkers.
    async fn action_for(
        &self,
        actor: &Actor,
        id: ConferenceActionId,
        write: bool,
    ) -> AppResult<(ConferenceRow, ConferenceActionRow)> {
        if !may_work_on_actions(actor, write) {
            let denied = if write {
                actor
                    .require(Permission::WorkCases)
                    .err()
                    .unwrap_or(Denied::NotPermitted)
            } else {
                Denied::NotPermitted
            };
            return self.refuse(actor, denied, None).await;
        }
        let action = self
            .store
            .get_conference_action(id)
            .await?
            .ok_or(AppError::NotFound)?;
        let conference = self
            .store
            .get_conference(action.conference_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let coordinator = conference.coordinating_agency == actor.agency_id
            && permitted(actor, Permission::CoordinateRiskConferences, write);
        let owner = action.owner_agency == actor.agency_id
            && permitted(actor, Permission::WorkCases, write);
        if !(coordinator || owner) {
            return self
                .refuse(
                    actor,
                    Denied::OtherAgency,
                    Some(("conference", conference.id.to_string())),
                )
                .await;
        }
        Ok((conference, action))
    }

    /// Opens each action's text and records the reading.
    async fn read_actions(
        &self,
        actor: &Actor,
        items: Vec<ConferenceActionListItem>,
        scope: serde_json::Value,
    ) -> AppResult<Vec<ConferenceActionView>> {
        let today = self.today();
        let mut views = Vec::with_capacity(items.len());
        for item in items {
            let a = &item.action;
            let field = a.id.to_string();
            let description = self
                .open_field(
                    Field::new("risk_actions", "description", &field),
                    &a.description,
                )
                .await?
                .to_string();
            let note = self
                .open_optional(
                    Field::new("risk_actions", "note", &field),
                    a.note.as_deref(),
                )
                .await?;
            views.push(ConferenceActionView {
                overdue: action_overdue(a.status, a.due_on, today),
                description,
                note,
                survivor_reference: item.survivor_reference,
                action: item.action,
            });
        }
        if !views.is_empty() {
            let event = self.event(
                Some(actor),
                AuditAction::ConferenceActionsViewed,
                None,
                AuditOutcome::Success,
                serde_json::json!({ "scope": scope, "read": views.len() }),
            );
            self.store.append_audit(&event).await?;
        }
        Ok(views)
    }
}

/// With `write`, the permission must be usable now (a scoped token may
/// narrow it); to read, holding it through a role is enough.
fn permitted(actor: &Actor, permission: Permission, write: bool) -> bool {
    if write {
        actor.has(permission)
    } else {
        actor.holds(permission)
    }
}

fn may_work_on_actions(actor: &Actor, write: bool) -> bool {
    permitted(actor, Permission::WorkCases, write)
        || permitted(actor, Permission::CoordinateRiskConferences, write)
}
