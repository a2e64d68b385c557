//! Multi-agency risk conferences: a coordinator sets a conference up for an
//! area with its member agencies and information sharing protocol; the
//! owning agency's caseworker refers a case on the four criteria (repeat
//! found by itself through her earlier referrals and the shared perpetrator
//! blind index); the coordinator screens, schedules regular and emergency
//! meetings and lists accepted cases on their agendas.
//!
//! The coordinating agency sees a referred case only through a lawful share
//! (basis `risk_conference`) recorded with the referral, in the same
//! transaction — never through a side door.

use crate::app::App;
use crate::error::{AppError, AppResult};
use crate::field_crypto::Field;
use chrono::{Duration, NaiveDate};
use concord_domain::access::Actor;
use concord_domain::audit::{AuditAction, AuditOutcome};
use concord_domain::consent::{DataCategory, LawfulBasis};
use concord_domain::ids::{
    CaseId, ConferenceId, ConferenceMeetingId, ConferenceReferralId, SharingId,
};
use concord_domain::protection::escalation_events_in_window;
use concord_domain::risk::ReferralCriterion;
use concord_domain::risk::conference::{
    Attendance, ConferenceRules, MeetingStatus, ReferralEvent, ReferralFacts, ReferralRefusal,
    ReferralStatus, add_working_days, first_contact_overdue, is_repeat, judged_high,
    meeting_access_until, next_status, referral_criteria,
};
use concord_domain::risk::conference_form::{
    ConferenceForm, ConferenceMeetingForm, ConferenceReferralForm, Screening, ScreeningForm,
};
use concord_domain::role::Permission;
use concord_store::{
    ConferenceMeetingRow, ConferenceReferralListItem, ConferenceReferralRow, ConferenceRow,
    MeetingListItem, SharingRow,
};

/// How long the coordinating agency's share of a referred case lasts.
pub const SCREENING_SHARE_DAYS: i64 = 90;

/// A conference's page for its coordinators.
pub struct ConferenceOverview {
    pub conference: ConferenceRow,
    pub rules: ConferenceRules,
    /// Oldest first.
    pub referrals: Vec<ReferralItem>,
    /// Newest first, each with its number of cases.
    pub meetings: Vec<MeetingListItem>,
}

/// A referral as its conference's coordinators see it.
pub struct ReferralItem {
    pub referral: ConferenceReferralRow,
    pub survivor_reference: String,
    pub first_contact_overdue: bool,
}

/// What her record already holds towards a referral, shown on the referral
/// form before anything is typed: her latest assessment by the day it was
/// done and the criteria it meets by itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferralOutlook {
    /// The day her latest assessment was done, if she has one.
    pub latest_assessed_on: Option<NaiveDate>,
    /// Criteria that assessment meets by itself (visible high risk, or
    /// professional judgement when judgement raised it to high).
    pub met: Vec<ReferralCriterion>,
}

/// The criteria an assessment meets by itself.
fn assessment_criteria(a: &concord_store::AssessmentRow) -> Vec<ReferralCriterion> {
    let mut met = Vec::new();
    if a.triggers.contains(&ReferralCriterion::VisibleHighRisk) {
        met.push(ReferralCriterion::VisibleHighRisk);
    }
    if judged_high(a.computed_level, a.final_level) {
        met.push(ReferralCriterion::ProfessionalJudgement);
    }
    met
}

/// A meeting's agenda.
pub struct MeetingAgenda {
    pub conference: ConferenceRow,
    pub meeting: ConferenceMeetingRow,
    pub cases: Vec<ReferralItem>,
}

pub fn rules_of(row: &ConferenceRow) -> ConferenceRules {
    let n = |v: i32| u32::try_from(v).unwrap_or(0);
    ConferenceRules {
        escalation_incidents: n(row.escalation_incidents),
        escalation_window_days: n(row.escalation_window_days),
        repeat_window_days: n(row.repeat_window_days),
        access_days: n(row.access_days),
        first_contact_working_days: n(row.first_contact_working_days),
        escalate_after: n(row.escalate_after),
        breaches_count: row.breaches_count,
    }
}

/// The agencies of a conference: its members, and its coordinating agency
/// if it is not one of them.
pub fn agencies_of(row: &ConferenceRow) -> Vec<concord_domain::ids::AgencyId> {
    let mut agencies = row.members.clone();
    if !agencies.contains(&row.coordinating_agency) {
        agencies.push(row.coordinating_agency);
    }
    agencies
}

/// Coordinates this conference: its coordinating agency, in a role that
/// coordinates risk conferences.
pub(crate) fn coordinates(actor: &Actor, conference: &ConferenceRow) -> bool {
    conference.coordinating_agency == actor.agency_id
        && actor.holds(Permission::CoordinateRiskConferences)
}

fn as_i32(v: u32) -> i32 {
    i32::try_from(v).unwrap_or(i32::MAX)
}

fn refusal(r: ReferralRefusal) -> AppError {
    AppError::IllegalTransition {
        field: "state",
        message: r.to_string(),
    }
}

impl App {
    /// Sets up a conference run by the coordinator's own agency.
    pub async fn create_conference(
        &self,
        actor: &Actor,
        form: &ConferenceForm,
    ) -> AppResult<ConferenceRow> {
        self.require(actor, Permission::CoordinateRiskConferences)
            .await?;
        let checked = form.validate()?;
        self.check_conference_references(&checked.members, checked.area_id)
            .await?;
        let rules = checked.rules;
        let row = ConferenceRow {
            id: ConferenceId::new(),
            name: checked.name,
            area_id: checked.area_id,
            coordinating_agency: actor.agency_id,
            sharing_protocol: checked.sharing_protocol,
            shared_categories: checked.shared_categories.into_iter().collect(),
            escalation_incidents: as_i32(rules.escalation_incidents),
            escalation_window_days: as_i32(rules.escalation_window_days),
            repeat_window_days: as_i32(rules.repeat_window_days),
            access_days: as_i32(rules.access_days),
            first_contact_working_days: as_i32(rules.first_contact_working_days),
            escalate_after: as_i32(rules.escalate_after),
            breaches_count: rules.breaches_count,
            members: checked.members,
            created_at: self.clock.now(),
        };
        let event = self.event(
            Some(actor),
            AuditAction::ConferenceSaved,
            Some(("conference", row.id.to_string())),
            AuditOutcome::Success,
            serde_json::json!({ "members": row.members.len(), "created": true }),
        );
        self.store.create_conference(&row, &event).await?;
        Ok(row)
    }

    /// Changes a conference's name, area, protocol, members and rules (its
    /// own coordinators).
    pub async fn update_conference(
        &self,
        actor: &Actor,
        id: ConferenceId,
        form: &ConferenceForm,
    ) -> AppResult<ConferenceRow> {
        let current = self.conference_for_coordinator(actor, id, true).await?;
        let checked = form.validate()?;
        self.check_conference_references(&checked.members, checked.area_id)
            .await?;
        let rules = checked.rules;
        let row = ConferenceRow {
            name: checked.name,
            area_id: checked.area_id,
            sharing_protocol: checked.sharing_protocol,
            shared_categories: checked.shared_categories.into_iter().collect(),
            escalation_incidents: as_i32(rules.escalation_incidents),
            escalation_window_days: as_i32(rules.escalation_window_days),
            repeat_window_days: as_i32(rules.repeat_window_days),
            access_days: as_i32(rules.access_days),
            first_contact_working_days: as_i32(rules.first_contact_working_days),
            escalate_after: as_i32(rules.escalate_after),
            breaches_count: rules.breaches_count,
            members: checked.members,
            ..current
        };
        let event = self.event(
            Some(actor),
            AuditAction::ConferenceSaved,
            Some(("conference", row.id.to_string())),
            AuditOutcome::Success,
            serde_json::json!({ "members": row.members.len(), "created": false }),
        );
        self.store.update_conference(&row, &event).await?;
        Ok(row)
    }

    async fn check_conference_references(
        &self,
        members: &[concord_domain::ids::AgencyId],
        area: Option<concord_domain::ids::AreaId>,
    ) -> AppResult<()> {
        for member in members {
            if self.store.get_agency(*member).await?.is_none() {
                return Err(concord_domain::Invalid::one(
                    "members",
                    "names an agency that does not exist",
                )
                .into());
            }
        }
        if let Some(area) = area
            && self.store.get_area(area).await?.is_none()
        {
            return Err(concord_domain::Invalid::one("area_id", "is not a known area").into());
        }
        Ok(())
    }

    /// The conferences a case may be referred to (everyone who works with
    /// cases reads the list: names, areas and protocols, nothing about anyone).
    pub async fn conferences(&self, actor: &Actor) -> AppResult<Vec<ConferenceRow>> {
        if !(actor.has(Permission::WorkCases) || actor.has(Permission::CoordinateRiskConferences)) {
            let roles_may = actor.holds(Permission::WorkCases)
                || actor.holds(Permission::CoordinateRiskConferences);
            if !roles_may {
                return self
                    .refuse(actor, concord_domain::access::Denied::NotPermitted, None)
                    .await;
            }
        }
        Ok(self.store.list_conferences().await?)
    }

    /// A conference, for its coordinators only: a coordinator of the
    /// coordinating agency. `write` asks for the permission as such (a
    /// read-only token may still read).
    pub(crate) async fn conference_for_coordinator(
        &self,
        actor: &Actor,
        id: ConferenceId,
        write: bool,
    ) -> AppResult<ConferenceRow> {
        if write {
            self.require(actor, Permission::CoordinateRiskConferences)
                .await?;
        } else if !actor.holds(Permission::CoordinateRiskConferences) {
            return self
                .refuse(actor, concord_domain::access::Denied::NotPermitted, None)
                .await;
        }
        let conference = self
            .store
            .get_conference(id)
            .await?
            .ok_or(AppError::NotFound)?;
        if conference.coordinating_agency != actor.agency_id {
            return self
                .refuse(
                    actor,
                    concord_domain::access::Denied::OtherAgency,
                    Some(("conference", id.to_string())),
                )
                .await;
        }
        Ok(conference)
    }

    /// The conference's referrals and meetings, for its coordinators.
    pub async fn conference_overview(
        &self,
        actor: &Actor,
        id: ConferenceId,
    ) -> AppResult<ConferenceOverview> {
        let conference = self.conference_for_coordinator(actor, id, false).await?;
        let referrals = self.store.list_conference_referrals(id, &[]).await?;
        let meetings = self.store.list_conference_meetings(id).await?;
        let today = self.today();
        Ok(ConferenceOverview {
            rules: rules_of(&conference),
            referrals: referrals
                .into_iter()
                .map(|item| referral_item(item, today))
                .collect(),
            meetings,
            conference,
        })
    }

    /// Refers the actor's agency's case to a conference. The criteria are
    /// worked out here, as of the day it was referred (today, or the day a
    /// referral made on paper was made: never in the future, at most a year
    /// back): visible high risk from her latest assessment done by that day,
    /// professional judgement from that assessment's level raised to high by
    /// judgement or from a reason given here, potential escalation from the
    /// incidents recorded up to that day, and repeat from her (or the same
    /// perpetrator's) referrals within the window before that day. Refused
    /// when none holds. The day it was referred and the instant it was
    /// recorded are both kept.
    pub async fn refer_to_conference(
        &self,
        actor: &Actor,
        case_id: CaseId,
        form: &ConferenceReferralForm,
    ) -> AppResult<ConferenceReferralRow> {
        let case = self
            .case_for_change(actor, case_id, DataCategory::Risk)
            .await?;
        let conference_id: ConferenceId =
            form.conference_id.trim().parse().map_err(|_| {
                concord_domain::Invalid::one("conference_id", "choose a conference")
            })?;
        let conference = self
            .store
            .get_conference(conference_id)
            .await?
            .ok_or_else(|| concord_domain::Invalid::one("conference_id", "choose a conference"))?;
        let now = self.clock.now();
        let input = form.validate(self.local_date_of(now))?;
        let rules = rules_of(&conference);
        // The day it happened: every window runs from it.
        let referred_on = input.referred_on;

        // Her latest assessment by the day it was done (the store lists
        // them by `assessed_on`, then by when they were recorded), among
        // those done by the day of the referral.
        let latest = self
            .store
            .list_assessments(case_id)
            .await?
            .into_iter()
            .rfind(|a| a.assessed_on <= referred_on);
        let incidents = self.store.list_incidents(case_id).await?;
        let dates: Vec<NaiveDate> = incidents.iter().map(|i| i.incident_date).collect();
        let indexes: Vec<Vec<u8>> = incidents
            .iter()
            .filter_map(|i| i.perpetrator_index.clone())
            .collect();
        let since = referred_on - Duration::days(i64::from(rules.repeat_window_days));
        let earlier = self
            .store
            .earlier_referral_days(case.survivor_id, &indexes, since)
            .await?;
        // Breaches of her protection orders count like incidents when the
        // conference's rule says so (the default).
        let breach_dates: Vec<NaiveDate> = self
            .store
            .list_order_breaches(case_id)
            .await?
            .iter()
            .map(|b| b.breached_on)
            .collect();
        let escalation = escalation_events_in_window(
            &dates,
            &breach_dates,
            rules.breaches_count,
            referred_on,
            rules.escalation_window_days,
        );
        let facts = ReferralFacts {
            visible_high_risk: latest.as_ref().is_some_and(|a| {
                assessment_criteria(a).contains(&ReferralCriterion::VisibleHighRisk)
            }),
            latest_judged_high: latest.as_ref().is_some_and(|a| {
                assessment_criteria(a).contains(&ReferralCriterion::ProfessionalJudgement)
            }),
            judgement_reason: input.judgement_reason.clone(),
            incidents_in_window: escalation.incidents,
            breaches_in_window: escalation.breaches,
            repeat: is_repeat(&earlier, referred_on, rules.repeat_window_days),
        };
        let criteria = referral_criteria(&facts, &rules)?;

        let id = ConferenceReferralId::new();
        let row_id = id.to_string();
        let owner = case.owning_agency;
        let row = ConferenceReferralRow {
            id,
            conference_id,
            case_id,
            survivor_id: case.survivor_id,
            referring_agency: actor.agency_id,
            referred_by: actor.user_id,
            referred_on,
            criteria: criteria.iter().copied().collect(),
            judgement_reason: self
                .seal_optional(
                    owner,
                    Field::new("risk_referrals", "judgement_reason", &row_id),
                    input.judgement_reason.as_deref(),
                )
                .await?,
            assessment_id: latest.as_ref().map(|a| a.id),
            incidents_in_window: as_i32(facts.incidents_in_window),
            breaches_in_window: as_i32(facts.breaches_in_window),
            repeat: facts.repeat,
            children_in_household: input.children_in_household,
            status: ReferralStatus::AwaitingScreening,
            screened_by: None,
            rejection_reason: None,
            meeting_id: None,
            advocate_id: None,
            // The advocate's contact is due from the day she was referred.
            first_contact_due: add_working_days(referred_on, rules.first_contact_working_days),
            first_contact_on: None,
            transferred_from: None,
            created_at: now,
            updated_at: now,
        };
        let share = if conference.coordinating_agency == owner {
            None
        } else {
            Some(
                self.conference_share(
                    &case,
                    &conference,
                    actor,
                    input.survivor_told,
                    now + Duration::days(SCREENING_SHARE_DAYS),
                )
                .await?,
            )
        };
        let event = self.event(
            Some(actor),
            AuditAction::ConferenceReferralMade,
            Some(("case", case_id.to_string())),
            AuditOutcome::Success,
            serde_json::json!({
                "referral_id": id,
                "conference_id": conference_id,
                "criteria": row.criteria.iter().map(|c| c.as_str()).collect::<Vec<_>>(),
                "repeat": row.repeat,
                "referred_on": row.referred_on,
                "sharing_id": share.as_ref().map(|s| s.id),
            }),
        );
        self.store
            .create_conference_referral(&row, share.as_ref(), &event)
            .await?;
        Ok(row)
    }

    /// What her record holds towards a referral today (the referral form):
    /// only for those who may refer her case, and audited as a reading of
    /// her risk.
    pub async fn conference_referral_outlook(
        &self,
        actor: &Actor,
        case_id: CaseId,
    ) -> AppResult<ReferralOutlook> {
        let case = self
            .case_for_change(actor, case_id, DataCategory::Risk)
            .await?;
        let event = self.event(
            Some(actor),
            AuditAction::CaseViewed,
            Some(("case", case.id.to_string())),
            AuditOutcome::Success,
            serde_json::json!({
                "basis": "owning_agency",
                "categories": ["risk"],
                "purpose": null,
            }),
        );
        self.store.append_audit(&event).await?;
        let latest = self.store.list_assessments(case_id).await?.pop();
        Ok(ReferralOutlook {
            latest_assessed_on: latest.as_ref().map(|a| a.assessed_on),
            met: latest.as_ref().map(assessment_criteria).unwrap_or_default(),
        })
    }

    /// A lawful share of a case with the conference's coordinating agency,
    /// on the `risk_conference` basis under the conference's protocol.
    pub(crate) async fn conference_share(
        &self,
        case: &concord_store::CaseRow,
        conference: &ConferenceRow,
        actor: &Actor,
        survivor_told: bool,
        valid_until: chrono::DateTime<chrono::Utc>,
    ) -> AppResult<SharingRow> {
        self.lawful_conference_share(
            case,
            conference,
            conference.coordinating_agency,
            actor,
            survivor_told,
            valid_until,
        )
        .await
    }

    /// A lawful share on the `risk_conference` basis with `recipient`.
    pub(crate) async fn lawful_conference_share(
        &self,
        case: &concord_store::CaseRow,
        conference: &ConferenceRow,
        recipient: concord_domain::ids::AgencyId,
        actor: &Actor,
        survivor_told: bool,
        valid_until: chrono::DateTime<chrono::Utc>,
    ) -> AppResult<SharingRow> {
        let id = SharingId::new();
        let row_id = id.to_string();
        let owner = case.owning_agency;
        let reason = format!(
            "Risk conference referral under information sharing protocol {}",
            conference.sharing_protocol
        );
        Ok(SharingRow {
            id,
            case_id: case.id,
            recipient_agency: recipient,
            basis: LawfulBasis::RiskConference,
            // What the conference's information sharing protocol allows.
            categories: conference.shared_categories.clone(),
            reason: self
                .seal_field(owner, Field::new("sharings", "reason", &row_id), &reason)
                .await?,
            decision_maker: actor.user_id,
            survivor_told,
            why_not_told: if survivor_told {
                None
            } else {
                Some(
                    self.seal_field(
                        owner,
                        Field::new("sharings", "why_not_told", &row_id),
                        "Shared for a multi-agency risk conference without telling her, to keep her safe",
                    )
                    .await?,
                )
            },
            valid_until,
            revoked_at: None,
            created_at: self.clock.now(),
        })
    }

    /// The coordinator's screening: accept, or reject with a reason. A
    /// repeat cannot be rejected.
    pub async fn screen_conference_referral(
        &self,
        actor: &Actor,
        id: ConferenceReferralId,
        form: &ScreeningForm,
    ) -> AppResult<ConferenceReferralRow> {
        let referral = self
            .store
            .get_conference_referral(id)
            .await?
            .ok_or(AppError::NotFound)?;
        let conference = self
            .conference_for_coordinator(actor, referral.conference_id, true)
            .await?;
        let screening = form.validate()?;
        let (event_kind, reason) = match &screening {
            Screening::Accept => (ReferralEvent::Accept, None),
            Screening::Reject { reason } => (ReferralEvent::Reject, Some(reason.as_str())),
        };
        let status = next_status(referral.status, event_kind, referral.repeat).map_err(refusal)?;
        let row_id = id.to_string();
        let row = ConferenceReferralRow {
            status,
            screened_by: Some(actor.user_id),
            rejection_reason: self
                .seal_optional(
                    conference.coordinating_agency,
                    Field::new("risk_referrals", "rejection_reason", &row_id),
                    reason,
                )
                .await?,
            updated_at: self.clock.now(),
            ..referral.clone()
        };
        let event = self.event(
            Some(actor),
            AuditAction::ConferenceReferralScreened,
            Some(("case", referral.case_id.to_string())),
            AuditOutcome::Success,
            serde_json::json!({ "referral_id": id, "decision": event_kind.as_str() }),
        );
        self.store
            .update_conference_referral(&row, referral.status, None, &[], &event)
            .await?;
        Ok(row)
    }

    /// Schedules a regular or emergency meeting of the conference.
    pub async fn schedule_conference_meeting(
        &self,
        actor: &Actor,
        conference: ConferenceId,
        form: &ConferenceMeetingForm,
    ) -> AppResult<ConferenceMeetingRow> {
        let conference = self
            .conference_for_coordinator(actor, conference, true)
            .await?;
        let checked = form.validate()?;
        let row = ConferenceMeetingRow {
            id: ConferenceMeetingId::new(),
            conference_id: conference.id,
            kind: checked.kind,
            meets_on: checked.meets_on,
            status: MeetingStatus::Scheduled,
            chair: checked.chair,
            started_at: None,
            closed_at: None,
            minutes: None,
            created_at: self.clock.now(),
        };
        let event = self.event(
            Some(actor),
            AuditAction::ConferenceMeetingScheduled,
            Some(("conference", conference.id.to_string())),
            AuditOutcome::Success,
            serde_json::json!({ "meeting_id": row.id, "kind": row.kind.as_str() }),
        );
        self.store.create_conference_meeting(&row, &event).await?;
        Ok(row)
    }

    /// Lists an accepted referral at a scheduled meeting of its conference
    /// (or moves it to another one).
    pub async fn list_conference_referral(
        &self,
        actor: &Actor,
        id: ConferenceReferralId,
        meeting: ConferenceMeetingId,
    ) -> AppResult<ConferenceReferralRow> {
        let referral = self
            .store
            .get_conference_referral(id)
            .await?
            .ok_or(AppError::NotFound)?;
        let conference = self
            .conference_for_coordinator(actor, referral.conference_id, true)
            .await?;
        let meeting_row = self
            .store
            .get_conference_meeting(meeting)
            .await?
            .filter(|m| m.conference_id == referral.conference_id)
            .ok_or_else(|| {
                concord_domain::Invalid::one("meeting_id", "is not a meeting of this conference")
            })?;
        if meeting_row.status == MeetingStatus::Closed {
            return Err(
                concord_domain::Invalid::one("meeting_id", "that meeting is closed").into(),
            );
        }
        let status =
            next_status(referral.status, ReferralEvent::List, referral.repeat).map_err(refusal)?;
        let row = ConferenceReferralRow {
            status,
            meeting_id: Some(meeting),
            updated_at: self.clock.now(),
            ..referral.clone()
        };
        let shares = self
            .shares_for_agencies_present(actor, &conference, &meeting_row, &referral)
            .await?;
        let event = self.event(
            Some(actor),
            AuditAction::ConferenceReferralListed,
            Some(("case", referral.case_id.to_string())),
            AuditOutcome::Success,
            serde_json::json!({
                "referral_id": id,
                "meeting_id": meeting,
                "shares": shares.iter().map(|s| s.id).collect::<Vec<_>>(),
            }),
        );
        self.store
            .update_conference_referral(&row, referral.status, None, &shares, &event)
            .await?;
        Ok(row)
    }

    /// A case listed at a meeting already in progress: the agencies already
    /// recorded present get its shared summary as those present when the
    /// attendance was taken did, until the same day.
    async fn shares_for_agencies_present(
        &self,
        actor: &Actor,
        conference: &ConferenceRow,
        meeting: &ConferenceMeetingRow,
        referral: &ConferenceReferralRow,
    ) -> AppResult<Vec<SharingRow>> {
        if meeting.status != MeetingStatus::InProgress {
            return Ok(Vec::new());
        }
        let case = self
            .store
            .get_case(referral.case_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let until = meeting_access_until(
            meeting.meets_on,
            rules_of(conference).access_days,
            self.config.time_zone,
        );
        let mut shares = Vec::new();
        for present in self
            .store
            .list_conference_attendance(meeting.id)
            .await?
            .into_iter()
            .filter(|a| a.attendance == Attendance::Present && a.agency_id != case.owning_agency)
        {
            shares.push(
                self.lawful_conference_share(
                    &case,
                    conference,
                    present.agency_id,
                    actor,
                    false,
                    until,
                )
                .await?,
            );
        }
        Ok(shares)
    }

    /// A meeting's agenda: the cases listed, for the conference's
    /// coordinators.
    pub async fn conference_meeting_agenda(
        &self,
        actor: &Actor,
        meeting: ConferenceMeetingId,
    ) -> AppResult<MeetingAgenda> {
        let meeting = self
            .store
            .get_conference_meeting(meeting)
            .await?
            .ok_or(AppError::NotFound)?;
        let conference = self
            .conference_for_coordinator(actor, meeting.conference_id, false)
            .await?;
        let today = self.today();
        let cases = self
            .store
            .meeting_agenda(meeting.id)
            .await?
            .into_iter()
            .map(|item| referral_item(item, today))
            .collect();
        Ok(MeetingAgenda {
            conference,
            meeting,
            cases,
        })
    }

    /// A case's conference referrals, for those who may read its risk.
    pub async fn case_conference_referrals(
        &self,
        actor: &Actor,
        case_id: CaseId,
    ) -> AppResult<Vec<ConferenceReferralRow>> {
        // Only the owning agency refers and follows its referrals here.
        self.case_for_change(actor, case_id, DataCategory::Risk)
            .await?;
        Ok(self.store.case_referrals(case_id).await?)
    }
}

fn referral_item(item: ConferenceReferralListItem, today: NaiveDate) -> ReferralItem {
    ReferralItem {
        first_contact_overdue: first_contact_overdue(
            item.referral.first_contact_due,
            item.referral.first_contact_on,
            today,
        ),
        referral: item.referral,
        survivor_reference: item.survivor_reference,
    }
}

impl App {
    /// The conference a referral belongs to, for its coordinators (to go
    /// back to its page).
    pub async fn conference_of_referral(
        &self,
        actor: &Actor,
        id: ConferenceReferralId,
    ) -> AppResult<ConferenceId> {
        let referral = self
            .store
            .get_conference_referral(id)
            .await?
            .ok_or(AppError::NotFound)?;
        self.conference_for_coordinator(actor, referral.conference_id, false)
            .await
            .map(|c| c.id)
    }
}
