//! Meetings of a body and the action items they follow up.
//!
//! A meeting's agenda is the secretariat's items plus, by themselves, the
//! actions from earlier meetings: every action of the body still not done
//! (with its carry-over count), those closed since the last meeting, and
//! actions escalated to the body by its child bodies. Closing a meeting
//! freezes it: members nobody recorded are marked absent, each action on
//! the agenda is recorded as it stood, and the body's own open actions are
//! carried over (and escalated to the parent body at the body's threshold)
//! by `concord_domain::governance::actions`.

use super::agency_name;
use crate::app::App;
use crate::error::{AppError, AppResult};
use chrono::NaiveDate;
use concord_domain::Invalid;
use concord_domain::access::Actor;
use concord_domain::audit::{AuditAction, AuditOutcome};
use concord_domain::governance::access;
use concord_domain::governance::actions::{
    ActionProgress, CarryOverPolicy, carry_over, check_status_change,
};
use concord_domain::governance::forms::{
    ActionForm, ActionUpdateForm, AttendanceForm, MeetingForm, TextForm,
};
use concord_domain::governance::{ActionStatus, Presence};
use concord_domain::ids::{ActionId, AgencyId, BodyId, MeetingId};
use concord_domain::validation::optional_text;
use concord_store::{
    ActionReviewRow, ActionRow, AttendanceRow, BodyRow, MeetingClosure, MeetingRow,
};
use std::collections::HashMap;

#[derive(Debug, Clone)]
pub struct ActionView {
    pub row: ActionRow,
    pub owner_name: String,
    /// The child body it escalated from, when it is another body's action.
    pub from_body: Option<String>,
    /// The parent body it escalated to.
    pub escalated_to_name: Option<String>,
    pub overdue: bool,
    /// The caller may record its status.
    pub can_update: bool,
    /// At a closed meeting: where it stood at the close.
    pub reviewed: Option<ActionReviewRow>,
}

#[derive(Debug, Clone)]
pub struct AttendanceLine {
    pub agency_id: AgencyId,
    pub agency_name: String,
    pub presence: Option<Presence>,
    pub attendee: Option<String>,
}

#[derive(Debug, Clone)]
pub struct MeetingView {
    pub meeting: MeetingRow,
    pub body: BodyRow,
    pub attendance: Vec<AttendanceLine>,
    /// Actions from earlier meetings (and escalated ones) on the agenda.
    pub carried: Vec<ActionView>,
    /// Actions raised at this meeting.
    pub raised: Vec<ActionView>,
    pub can_edit: bool,
}

impl MeetingView {
    pub fn is_open(&self) -> bool {
        self.meeting.closed_at.is_none()
    }
}

/// A body's meetings with the actions of the body.
#[derive(Debug, Clone)]
pub struct MeetingsOverview {
    pub meetings: Vec<MeetingRow>,
    pub open_actions: Vec<ActionView>,
}

impl App {
    /// Every meeting of the body, newest first, and its open actions.
    pub async fn meetings_overview(
        &self,
        actor: &Actor,
        body: BodyId,
    ) -> AppResult<MeetingsOverview> {
        let body = self.readable_body(actor, body).await?;
        let meetings = self.store.list_meetings(body.id).await?;
        let open_actions = self
            .action_views(actor, &body, None)
            .await?
            .into_iter()
            .filter(|a| a.row.status == ActionStatus::NotDone)
            .collect();
        Ok(MeetingsOverview {
            meetings,
            open_actions,
        })
    }

    /// The body's action plan: its own actions (every status) and those
    /// escalated to it.
    pub async fn plan_actions(&self, actor: &Actor, body: BodyId) -> AppResult<Vec<ActionView>> {
        let body = self.readable_body(actor, body).await?;
        self.action_views(actor, &body, None).await
    }

    /// The body's own actions and those escalated to it, as views.
    pub(crate) async fn action_views(
        &self,
        actor: &Actor,
        body: &BodyRow,
        reviews: Option<&[ActionReviewRow]>,
    ) -> AppResult<Vec<ActionView>> {
        let agencies = self.agency_map().await?;
        let bodies: HashMap<BodyId, BodyRow> = self
            .store
            .list_bodies()
            .await?
            .into_iter()
            .map(|b| (b.id, b))
            .collect();
        let today = self.today();
        let editor = access::may_edit_body(actor, body.secretariat_agency_id).is_ok();
        Ok(self
            .store
            .list_actions(body.id)
            .await?
            .into_iter()
            .map(|row| {
                let own = row.body_id == body.id;
                let can_update = if own {
                    editor
                } else {
                    // The child body's secretariat, or the parent's (this body's).
                    editor
                        || bodies.get(&row.body_id).is_some_and(|b| {
                            access::may_edit_body(actor, b.secretariat_agency_id).is_ok()
                        })
                };
                ActionView {
                    owner_name: agency_name(&agencies, row.owner_agency_id),
                    from_body: (!own)
                        .then(|| bodies.get(&row.body_id).map(|b| b.name.clone()))
                        .flatten(),
                    escalated_to_name: row
                        .escalated_to
                        .and_then(|b| bodies.get(&b))
                        .map(|b| b.name.clone()),
                    overdue: row.status == ActionStatus::NotDone && row.due_on < today,
                    can_update,
                    reviewed: reviews
                        .and_then(|r| r.iter().find(|r| r.action_id == row.id).cloned()),
                    row,
                }
            })
            .collect())
    }

    pub async fn schedule_meeting(
        &self,
        actor: &Actor,
        body: BodyId,
        form: &MeetingForm,
    ) -> AppResult<MeetingRow> {
        self.editable_body(actor, body).await?;
        let input = form.validate()?;
        let meeting = MeetingRow {
            id: MeetingId::new(),
            body_id: body,
            held_on: input.held_on,
            location: input.location,
            agenda: input.agenda,
            decisions: Vec::new(),
            minutes: None,
            closed_at: None,
            created_at: self.clock.now(),
        };
        let event = self.event(
            Some(actor),
            AuditAction::MeetingScheduled,
            Some(("meeting", meeting.id.to_string())),
            AuditOutcome::Success,
            serde_json::json!({ "body_id": body }),
        );
        self.store.create_meeting(&meeting, &event).await?;
        Ok(meeting)
    }

    /// The meeting and its body; `NotFound` when it is not that body's.
    async fn meeting_of(
        &self,
        actor: &Actor,
        body: BodyId,
        id: MeetingId,
        edit: bool,
    ) -> AppResult<(BodyRow, MeetingRow)> {
        let body = if edit {
            self.editable_body(actor, body).await?
        } else {
            self.readable_body(actor, body).await?
        };
        let meeting = self
            .store
            .get_meeting(id)
            .await?
            .ok_or(AppError::NotFound)?;
        if meeting.body_id != body.id {
            return Err(AppError::NotFound);
        }
        Ok((body, meeting))
    }

    /// Whether an action belongs on a meeting's agenda of carried items.
    fn on_agenda(
        action: &ActionRow,
        meeting: &MeetingRow,
        meetings: &HashMap<MeetingId, MeetingRow>,
        last_closed: Option<chrono::DateTime<chrono::Utc>>,
    ) -> bool {
        if action.meeting_id == Some(meeting.id) {
            return false;
        }
        let raised_before = match action.meeting_id.and_then(|m| meetings.get(&m)) {
            Some(raised) => raised.held_on < meeting.held_on,
            None => true,
        };
        raised_before
            && (action.status == ActionStatus::NotDone
                || last_closed.is_none_or(|closed| action.updated_at > closed))
    }

    pub async fn meeting_view(
        &self,
        actor: &Actor,
        body: BodyId,
        id: MeetingId,
    ) -> AppResult<MeetingView> {
        let (body, meeting) = self.meeting_of(actor, body, id, false).await?;
        let agencies = self.agency_map().await?;
        let recorded: Vec<AttendanceRow> = self
            .store
            .list_attendance(body.id)
            .await?
            .into_iter()
            .filter(|a| a.meeting_id == id)
            .collect();
        let mut lines: Vec<AttendanceLine> = recorded
            .iter()
            .map(|a| AttendanceLine {
                agency_id: a.agency_id,
                agency_name: agency_name(&agencies, a.agency_id),
                presence: Some(a.presence),
                attendee: a.attendee.clone(),
            })
            .collect();
        if meeting.closed_at.is_none() {
            for agency in self.current_member_ids(body.id).await? {
                if !lines.iter().any(|l| l.agency_id == agency) {
                    lines.push(AttendanceLine {
                        agency_id: agency,
                        agency_name: agency_name(&agencies, agency),
                        presence: None,
                        attendee: None,
                    });
                }
            }
        }
        lines.sort_by(|a, b| a.agency_name.cmp(&b.agency_name));
        let reviews: Vec<ActionReviewRow> = self
            .store
            .list_action_reviews(body.id)
            .await?
            .into_iter()
            .filter(|r| r.meeting_id == id)
            .collect();
        let all = self.action_views(actor, &body, Some(&reviews)).await?;
        let meetings: HashMap<MeetingId, MeetingRow> = self
            .store
            .list_meetings(body.id)
            .await?
            .into_iter()
            .map(|m| (m.id, m))
            .collect();
        let last_closed = previous_close(&meetings, &meeting);
        let (raised, others): (Vec<_>, Vec<_>) =
            all.into_iter().partition(|a| a.row.meeting_id == Some(id));
        let carried = if meeting.closed_at.is_some() {
            others
                .into_iter()
                .filter(|a| a.reviewed.is_some())
                .collect()
        } else {
            others
                .into_iter()
                .filter(|a| Self::on_agenda(&a.row, &meeting, &meetings, last_closed))
                .collect()
        };
        Ok(MeetingView {
            can_edit: access::may_edit_body(actor, body.secretariat_agency_id).is_ok(),
            attendance: lines,
            carried,
            raised,
            meeting,
            body,
        })
    }

    /// Date, place and agenda items of an open meeting.
    pub async fn update_meeting_details(
        &self,
        actor: &Actor,
        body: BodyId,
        id: MeetingId,
        form: &MeetingForm,
    ) -> AppResult<()> {
        let (_, meeting) = self.meeting_of(actor, body, id, true).await?;
        let input = form.validate()?;
        let meeting = MeetingRow {
            held_on: input.held_on,
            location: input.location,
            agenda: input.agenda,
            ..meeting
        };
        self.write_meeting(actor, &meeting, "details").await
    }

    pub async fn add_decision(
        &self,
        actor: &Actor,
        body: BodyId,
        id: MeetingId,
        form: &TextForm,
    ) -> AppResult<()> {
        let (_, mut meeting) = self.meeting_of(actor, body, id, true).await?;
        let text = form.validate(2000)?;
        if meeting.decisions.len() >= 100 {
            return Err(Invalid::one("text", "a meeting records at most 100 decisions").into());
        }
        meeting.decisions.push(text);
        self.write_meeting(actor, &meeting, "decision").await
    }

    pub async fn save_minutes(
        &self,
        actor: &Actor,
        body: BodyId,
        id: MeetingId,
        form: &TextForm,
    ) -> AppResult<()> {
        let (_, mut meeting) = self.meeting_of(actor, body, id, true).await?;
        meeting.minutes = Some(form.validate(20_000)?);
        self.write_meeting(actor, &meeting, "minutes").await
    }

    async fn write_meeting(
        &self,
        actor: &Actor,
        meeting: &MeetingRow,
        what: &str,
    ) -> AppResult<()> {
        let event = self.event(
            Some(actor),
            AuditAction::MeetingUpdated,
            Some(("meeting", meeting.id.to_string())),
            AuditOutcome::Success,
            serde_json::json!({ "changed": what }),
        );
        Ok(self.store.update_meeting(meeting, &event).await?)
    }

    /// Records who came, sent apologies or was absent, for member agencies
    /// (and invited agencies that are not members).
    pub async fn record_attendance(
        &self,
        actor: &Actor,
        body: BodyId,
        id: MeetingId,
        form: &AttendanceForm,
    ) -> AppResult<()> {
        self.meeting_of(actor, body, id, true).await?;
        let rows: Vec<AttendanceRow> = form
            .validate()?
            .into_iter()
            .map(|a| AttendanceRow {
                meeting_id: id,
                agency_id: a.agency_id,
                presence: a.presence,
                attendee: a.attendee,
            })
            .collect();
        let event = self.event(
            Some(actor),
            AuditAction::MeetingUpdated,
            Some(("meeting", id.to_string())),
            AuditOutcome::Success,
            serde_json::json!({ "changed": "attendance", "agencies": rows.len() }),
        );
        self.store.put_attendance(id, &rows, &event).await?;
        Ok(())
    }

    /// Raises an action at a meeting (`meeting` Some) or adds it straight to
    /// the body's action plan.
    pub async fn raise_action(
        &self,
        actor: &Actor,
        body: BodyId,
        meeting: Option<MeetingId>,
        form: &ActionForm,
    ) -> AppResult<ActionRow> {
        match meeting {
            Some(id) => {
                let (_, meeting) = self.meeting_of(actor, body, id, true).await?;
                if meeting.closed_at.is_some() {
                    return Err(AppError::Conflict);
                }
            }
            None => {
                self.editable_body(actor, body).await?;
            }
        }
        let input = form.validate()?;
        if self
            .store
            .get_agency(input.owner_agency_id)
            .await?
            .is_none()
        {
            return Err(
                Invalid::one("owner_agency_id", "names an agency that does not exist").into(),
            );
        }
        let now = self.clock.now();
        let action = ActionRow {
            id: ActionId::new(),
            body_id: body,
            meeting_id: meeting,
            description: input.description,
            owner_agency_id: input.owner_agency_id,
            due_on: input.due_on,
            status: ActionStatus::NotDone,
            note: None,
            ecological_level: input.ecological_level,
            essential_action: input.essential_action,
            carry_overs: 0,
            escalated_to: None,
            escalated_at: None,
            created_at: now,
            updated_at: now,
        };
        let event = self.event(
            Some(actor),
            AuditAction::ActionRaised,
            Some(("action", action.id.to_string())),
            AuditOutcome::Success,
            serde_json::json!({ "body_id": body, "meeting_id": meeting, "owner_agency_id": action.owner_agency_id }),
        );
        self.store.create_action(&action, &event).await?;
        Ok(action)
    }

    /// Records an action as done, not possible (with what changed) or not
    /// done, by the secretariat of its body or of the body it escalated to.
    pub async fn update_action_status(
        &self,
        actor: &Actor,
        body: BodyId,
        id: ActionId,
        form: &ActionUpdateForm,
    ) -> AppResult<ActionRow> {
        let viewing = self.readable_body(actor, body).await?;
        let action = self.store.get_action(id).await?.ok_or(AppError::NotFound)?;
        if action.body_id != body && action.escalated_to != Some(body) {
            return Err(AppError::NotFound);
        }
        let owner = if action.body_id == body {
            viewing.clone()
        } else {
            self.store
                .get_body(action.body_id)
                .await?
                .ok_or(AppError::NotFound)?
        };
        let parent = match action.escalated_to {
            Some(p) => self.store.get_body(p).await?,
            None => None,
        };
        let allowed = access::may_edit_body(actor, owner.secretariat_agency_id).is_ok()
            || parent
                .as_ref()
                .is_some_and(|p| access::may_edit_body(actor, p.secretariat_agency_id).is_ok());
        if !allowed {
            let denied = access::may_edit_body(actor, owner.secretariat_agency_id)
                .err()
                .unwrap_or(concord_domain::access::Denied::OtherAgency);
            return self
                .refuse(actor, denied, Some(("action", id.to_string())))
                .await;
        }
        let mut invalid = Invalid::default();
        let status = concord_domain::form_fields::required_label::<ActionStatus>(
            &mut invalid,
            "status",
            &form.status,
        );
        let note = optional_text(&mut invalid, "note", form.note.as_deref(), 1000);
        let Some(status) = status else {
            return Err(invalid.into());
        };
        invalid.into_result(())?;
        check_status_change(action.status, status, note.as_deref())?;
        let updated = ActionRow {
            status,
            note: note.or(action.note.clone()),
            updated_at: self.clock.now(),
            ..action.clone()
        };
        let event = self.event(
            Some(actor),
            AuditAction::ActionUpdated,
            Some(("action", id.to_string())),
            AuditOutcome::Success,
            serde_json::json!({ "from": action.status.as_str(), "to": status.as_str() }),
        );
        self.store
            .update_action(&updated, action.status, &event)
            .await?;
        Ok(updated)
    }

    /// Closes a meeting held today or earlier: absent members recorded,
    /// agenda actions reviewed, the body's open ones carried over and, at
    /// the body's threshold, escalated to its parent.
    pub async fn close_meeting(
        &self,
        actor: &Actor,
        body: BodyId,
        id: MeetingId,
    ) -> AppResult<MeetingClosure> {
        let (body, meeting) = self.meeting_of(actor, body, id, true).await?;
        if meeting.closed_at.is_some() {
            return Err(AppError::Conflict);
        }
        if meeting.held_on > self.today() {
            return Err(Invalid::one(
                "held_on",
                "a meeting can be closed only on or after the day it is held",
            )
            .into());
        }
        let now = self.clock.now();
        let recorded: Vec<AgencyId> = self
            .store
            .list_attendance(body.id)
            .await?
            .into_iter()
            .filter(|a| a.meeting_id == id)
            .map(|a| a.agency_id)
            .collect();
        let absent = self
            .current_member_ids(body.id)
            .await?
            .into_iter()
            .filter(|a| !recorded.contains(a))
            .map(|agency_id| AttendanceRow {
                meeting_id: id,
                agency_id,
                presence: Presence::Absent,
                attendee: None,
            })
            .collect();
        let meetings: HashMap<MeetingId, MeetingRow> = self
            .store
            .list_meetings(body.id)
            .await?
            .into_iter()
            .map(|m| (m.id, m))
            .collect();
        let last_closed = previous_close(&meetings, &meeting);
        let policy = CarryOverPolicy {
            escalate_after: body.escalate_after.max(1) as u32,
        };
        let mut carried = Vec::new();
        let mut reviews = Vec::new();
        for action in self.store.list_actions(body.id).await? {
            if !Self::on_agenda(&action, &meeting, &meetings, last_closed) {
                continue;
            }
            let mut after = action.clone();
            let own = action.body_id == body.id;
            let decision = own
                .then(|| {
                    carry_over(
                        ActionProgress {
                            status: action.status,
                            carry_overs: action.carry_overs.max(0) as u32,
                            escalated: action.escalated_at.is_some(),
                            raised_at_this_meeting: false,
                        },
                        policy,
                    )
                })
                .flatten();
            if let Some(decision) = decision {
                after.carry_overs = decision.carry_overs as i32;
                if decision.escalates {
                    after.escalated_to = body.parent_id;
                    after.escalated_at = Some(now);
                }
                after.updated_at = now;
                carried.push(after.clone());
            }
            reviews.push(ActionReviewRow {
                meeting_id: id,
                action_id: action.id,
                status: action.status,
                carry_overs: after.carry_overs,
                escalated: decision.is_some_and(|d| d.escalates),
            });
        }
        let closure = MeetingClosure {
            meeting_id: id,
            closed_at: now,
            absent,
            carried,
            reviews,
        };
        let escalated = closure.reviews.iter().filter(|r| r.escalated).count();
        let event = self.event(
            Some(actor),
            AuditAction::MeetingClosed,
            Some(("meeting", id.to_string())),
            AuditOutcome::Success,
            serde_json::json!({
                "body_id": body.id,
                "carried_over": closure.carried.len(),
                "escalated": escalated,
            }),
        );
        self.store.close_meeting(&closure, &event).await?;
        Ok(closure)
    }
}

/// When the body's last meeting before `meeting` closed.
fn previous_close(
    meetings: &HashMap<MeetingId, MeetingRow>,
    meeting: &MeetingRow,
) -> Option<chrono::DateTime<chrono::Utc>> {
    meetings
        .values()
        .filter(|m| m.id != meeting.id && (m.held_on, m.id) < (meeting.held_on, meeting.id))
        .filter_map(|m| m.closed_at)
        .max()
}

/// Used by the demo to date meetings.
pub(crate) fn meeting_form(held_on: NaiveDate, agenda: &[&str]) -> MeetingForm {
    MeetingForm {
        held_on: held_on.to_string(),
        location: Some("Ministry conference room".into()),
        agenda: Some(agenda.join("\n")),
    }
}
