//! A risk conference's meeting: attendance by agency — which gives the
//! attending agencies the listed cases' shared summary through lawful
//! shares (basis `risk_conference`) ending N days after the meeting —,
//! observers who acknowledged confidentiality, minutes; and each agency's
//! pre-meeting research, private to that agency until it shares it at the
//! meeting.

use crate::app::App;
use crate::error::{AppError, AppResult};
use crate::field_crypto::Field;
use concord_domain::access::{Actor, Denied};
use concord_domain::audit::{AuditAction, AuditOutcome};
use concord_domain::case_access::CaseOperation;
use concord_domain::consent::{DataCategory, Purpose};
use concord_domain::ids::{AgencyId, ConferenceMeetingId, ConferenceReferralId, ResearchId};
use concord_domain::risk::conference::{
    Attendance, MeetingStatus, ReferralEvent, ReferralStatus, check_observer, meeting_access_until,
    next_status, research_visible,
};
use concord_domain::risk::conference_form::{AttendanceEntryForm, check_attendance};
use concord_domain::role::Permission;
use concord_store::{
    ConferenceAttendanceRow, ConferenceMeetingRow, ConferenceReferralRow, ConferenceRow,
    ObserverRow, ResearchRow,
};
use uuid::Uuid;

/// A meeting as its coordinators run it.
pub struct MeetingRecord {
    pub conference: ConferenceRow,
    pub meeting: ConferenceMeetingRow,
    pub attendance: Vec<ConferenceAttendanceRow>,
    pub observers: Vec<ObserverRow>,
    pub minutes: Option<String>,
    /// When attending agencies lose access to the listed cases: the end
    /// of a local day, shown as that day.
    pub access_until: chrono::DateTime<chrono::Utc>,
}

/// One agency's research as one reader may see it.
pub struct ResearchView {
    pub agency_id: AgencyId,
    pub shared: bool,
    /// `None` when the reader may not read it (another agency's, not shared
    /// or not theirs to see).
    pub body: Option<String>,
    pub mine: bool,
}

impl App {
    async fn meeting_for_coordinator(
        &self,
        actor: &Actor,
        meeting: ConferenceMeetingId,
        write: bool,
    ) -> AppResult<(ConferenceRow, ConferenceMeetingRow)> {
        let meeting = self
            .store
            .get_conference_meeting(meeting)
            .await?
            .ok_or(AppError::NotFound)?;
        let conference = self
            .conference_for_coordinator(actor, meeting.conference_id, write)
            .await?;
        Ok((conference, meeting))
    }

    /// The meeting with its attendance, observers and minutes.
    pub async fn conference_meeting(
        &self,
        actor: &Actor,
        meeting: ConferenceMeetingId,
    ) -> AppResult<MeetingRecord> {
        let (conference, meeting) = self.meeting_for_coordinator(actor, meeting, false).await?;
        let attendance = self.store.list_conference_attendance(meeting.id).await?;
        let observers = self.store.list_observers(meeting.id).await?;
        let minutes = self
            .open_optional(
                Field::new("risk_meetings", "minutes", &meeting.id.to_string()),
                meeting.minutes.as_deref(),
            )
            .await?;
        let access_until = meeting_access_until(
            meeting.meets_on,
            super::conferences::rules_of(&conference).access_days,
            self.config.time_zone,
        );
        Ok(MeetingRecord {
            conference,
            meeting,
            attendance,
            observers,
            minutes,
            access_until,
        })
    }

    /// Records who attended (the meeting is then in progress). Every agency
    /// newly present gets each listed case's shared summary on the
    /// conference's lawful basis until `access_days` after the meeting day.
    pub async fn record_conference_attendance(
        &self,
        actor: &Actor,
        meeting: ConferenceMeetingId,
        entries: &[AttendanceEntryForm],
    ) -> AppResult<ConferenceMeetingRow> {
        let (conference, meeting) = self.meeting_for_coordinator(actor, meeting, true).await?;
        if meeting.status == MeetingStatus::Closed {
            return Err(AppError::IllegalTransition {
                field: "state",
                message: "the meeting is closed".into(),
            });
        }
        let may_attend = super::conferences::agencies_of(&conference);
        let checked = check_attendance(entries, &may_attend)?;
        let before = self.store.list_conference_attendance(meeting.id).await?;
        let was_present = |agency: AgencyId| {
            before
                .iter()
                .any(|a| a.agency_id == agency && a.attendance == Attendance::Present)
        };
        let attendance: Vec<ConferenceAttendanceRow> = checked
            .iter()
            .map(
                |(agency, attendance, representative)| ConferenceAttendanceRow {
                    meeting_id: meeting.id,
                    agency_id: *agency,
                    attendance: *attendance,
                    representative: representative.clone(),
                },
            )
            .collect();
        let until = meeting_access_until(
            meeting.meets_on,
            super::conferences::rules_of(&conference).access_days,
            self.config.time_zone,
        );
        let agenda = self.store.meeting_agenda(meeting.id).await?;
        let mut shares = Vec::new();
        for item in &agenda {
            let case = self
                .store
                .get_case(item.referral.case_id)
                .await?
                .ok_or(AppError::NotFound)?;
            for (agency, attendance, _) in &checked {
                if *attendance != Attendance::Present
                    || was_present(*agency)
                    || *agency == case.owning_agency
                {
                    continue;
                }
                shares.push(
                    self.lawful_conference_share(&case, &conference, *agency, actor, false, until)
                        .await?,
                );
            }
        }
        let now = self.clock.now();
        let row = ConferenceMeetingRow {
            status: MeetingStatus::InProgress,
            started_at: meeting.started_at.or(Some(now)),
            ..meeting.clone()
        };
        let event = self.event(
            Some(actor),
            AuditAction::ConferenceMeetingUpdated,
            Some(("conference", conference.id.to_string())),
            AuditOutcome::Success,
            serde_json::json!({
                "meeting_id": meeting.id,
                "present": checked.iter().filter(|c| c.1 == Attendance::Present).count(),
                "shares": shares.iter().map(|s| s.id).collect::<Vec<_>>(),
                "access_until": until,
            }),
        );
        self.store
            .update_conference_meeting(&row, meeting.status, &attendance, &shares, &event)
            .await?;
        Ok(row)
    }

    /// Records an observer, who must have acknowledged confidentiality.
    pub async fn record_conference_observer(
        &self,
        actor: &Actor,
        meeting: ConferenceMeetingId,
        name: &str,
        organisation: &str,
        acknowledged: bool,
    ) -> AppResult<ObserverRow> {
        let (conference, meeting) = self.meeting_for_coordinator(actor, meeting, true).await?;
        check_observer(name, organisation, acknowledged)?;
        if meeting.status == MeetingStatus::Closed {
            return Err(AppError::IllegalTransition {
                field: "state",
                message: "the meeting is closed".into(),
            });
        }
        let row = ObserverRow {
            id: Uuid::now_v7(),
            meeting_id: meeting.id,
            name: name.trim().to_string(),
            organisation: organisation.trim().to_string(),
            acknowledged_at: self.clock.now(),
        };
        let event = self.event(
            Some(actor),
            AuditAction::ConferenceObserverRecorded,
            Some(("conference", conference.id.to_string())),
            AuditOutcome::Success,
            serde_json::json!({ "meeting_id": meeting.id, "observer_id": row.id }),
        );
        self.store.add_observer(&row, &event).await?;
        Ok(row)
    }

    /// Closes a meeting in progress with its minutes; its listed cases are
    /// then discussed.
    pub async fn close_conference_meeting(
        &self,
        actor: &Actor,
        meeting: ConferenceMeetingId,
        minutes: &str,
    ) -> AppResult<ConferenceMeetingRow> {
        let (conference, meeting) = self.meeting_for_coordinator(actor, meeting, true).await?;
        let mut invalid = concord_domain::Invalid::default();
        let minutes = concord_domain::validation::required_text(
            &mut invalid,
            "minutes",
            minutes.replace(['\r', '\n', '\t'], " ").as_str(),
            20_000,
        );
        invalid.into_result(())?;
        if meeting.status != MeetingStatus::InProgress {
            return Err(AppError::IllegalTransition {
                field: "state",
                message: "record the attendance first; a closed meeting stays closed".into(),
            });
        }
        let now = self.clock.now();
        let row = ConferenceMeetingRow {
            status: MeetingStatus::Closed,
            closed_at: Some(now),
            minutes: Some(
                self.seal_field(
                    conference.coordinating_agency,
                    Field::new("risk_meetings", "minutes", &meeting.id.to_string()),
                    &minutes,
                )
                .await?,
            ),
            ..meeting.clone()
        };
        let mut discussed = Vec::new();
        let mut events = Vec::new();
        for item in self.store.meeting_agenda(meeting.id).await? {
            let referral = item.referral;
            if referral.status != ReferralStatus::Listed {
                continue;
            }
            let status = next_status(referral.status, ReferralEvent::Discuss, referral.repeat)
                .map_err(|r| AppError::IllegalTransition {
                    field: "state",
                    message: r.to_string(),
                })?;
            events.push(self.event(
                Some(actor),
                AuditAction::ConferenceReferralListed,
                Some(("case", referral.case_id.to_string())),
                AuditOutcome::Success,
                serde_json::json!({ "referral_id": referral.id, "discussed": meeting.id }),
            ));
            discussed.push(ConferenceReferralRow {
                status,
                updated_at: now,
                ..referral
            });
        }
        let carried = self
            .actions_carried_at_close(&conference, &meeting, now)
            .await?;
        events.push(self.event(
            Some(actor),
            AuditAction::ConferenceMeetingUpdated,
            Some(("conference", conference.id.to_string())),
            AuditOutcome::Success,
            serde_json::json!({
                "meeting_id": meeting.id,
                "closed": true,
                "discussed": discussed.len(),
                "actions_carried": carried.len(),
                "actions_escalated": carried.iter().filter(|c| c.escalated_at.is_some()).map(|c| c.id).collect::<Vec<_>>(),
            }),
        ));
        // One transaction: the meeting closes with its cases discussed and
        // its outstanding actions carried, or nothing changes.
        self.store
            .close_conference_meeting(&row, meeting.status, &discussed, &carried, &events)
            .await?;
        Ok(row)
    }

    /// The referral and its conference, for someone of the coordinating
    /// agency or a member agency who works with cases.
    pub(crate) async fn referral_for_research(
        &self,
        actor: &Actor,
        referral: ConferenceReferralId,
        write: bool,
    ) -> AppResult<(ConferenceRow, ConferenceReferralRow)> {
        let permitted = |p: Permission| if write { actor.has(p) } else { actor.holds(p) };
        if !(permitted(Permission::WorkCases) || permitted(Permission::CoordinateRiskConferences)) {
            let denied = if write && actor.token_scope.is_some() {
                actor
                    .require(Permission::WorkCases)
                    .err()
                    .unwrap_or(Denied::NotPermitted)
            } else {
                Denied::NotPermitted
            };
            return self.refuse(actor, denied, None).await;
        }
        let referral = self
            .store
            .get_conference_referral(referral)
            .await?
            .ok_or(AppError::NotFound)?;
        let conference = self
            .store
            .get_conference(referral.conference_id)
            .await?
            .ok_or(AppError::NotFound)?;
        if conference.coordinating_agency != actor.agency_id
            && !conference.members.contains(&actor.agency_id)
        {
            return self
                .refuse(
                    actor,
                    Denied::OtherAgency,
                    Some(("conference", conference.id.to_string())),
                )
                .await;
        }
        Ok((conference, referral))
    }

    /// Writes (or rewrites) the actor's agency's research on a referral,
    /// kept inside that agency until shared at the meeting.
    pub async fn save_conference_research(
        &self,
        actor: &Actor,
        referral: ConferenceReferralId,
        body: &str,
    ) -> AppResult<()> {
        let (conference, referral) = self.referral_for_research(actor, referral, true).await?;
        let mut invalid = concord_domain::Invalid::default();
        let body = concord_domain::validation::required_text(
            &mut invalid,
            "body",
            body.replace(['\r', '\n', '\t'], " ").as_str(),
            20_000,
        );
        invalid.into_result(())?;
        if !matches!(
            referral.status,
            ReferralStatus::Accepted | ReferralStatus::Listed
        ) {
            return Err(AppError::IllegalTransition {
                field: "state",
                message: "research is for cases accepted for a meeting".into(),
            });
        }
        let id = ResearchId::new();
        let row = ResearchRow {
            id,
            referral_id: referral.id,
            agency_id: actor.agency_id,
            body: self
                .seal_field(
                    actor.agency_id,
                    Field::new("risk_research", "body", &id.to_string()),
                    &body,
                )
                .await?,
            written_by: actor.user_id,
            updated_at: self.clock.now(),
            shared_at: None,
        };
        let event = self.event(
            Some(actor),
            AuditAction::ConferenceResearchSaved,
            Some(("conference", conference.id.to_string())),
            AuditOutcome::Success,
            serde_json::json!({ "referral_id": referral.id }),
        );
        self.store
            .put_research(&row, &event)
            .await
            .map_err(|e| match e {
                concord_store::StoreError::Conflict => AppError::IllegalTransition {
                    field: "state",
                    message: "research shared at the meeting cannot be changed".into(),
                },
                other => other.into(),
            })
    }

    /// Shares the actor's agency's research at the meeting (while the
    /// meeting the case is listed at is in progress).
    pub async fn share_conference_research(
        &self,
        actor: &Actor,
        referral: ConferenceReferralId,
    ) -> AppResult<()> {
        let (conference, referral) = self.referral_for_research(actor, referral, true).await?;
        let in_progress = match referral.meeting_id {
            Some(m) => self
                .store
                .get_conference_meeting(m)
                .await?
                .is_some_and(|m| m.status == MeetingStatus::InProgress),
            None => false,
        };
        if !in_progress || referral.status != ReferralStatus::Listed {
            return Err(AppError::IllegalTransition {
                field: "state",
                message: "research is shared at the meeting, while it is in progress".into(),
            });
        }
        let event = self.event(
            Some(actor),
            AuditAction::ConferenceResearchShared,
            Some(("conference", conference.id.to_string())),
            AuditOutcome::Success,
            serde_json::json!({ "referral_id": referral.id }),
        );
        if !self
            .store
            .share_research(referral.id, actor.agency_id, self.clock.now(), &event)
            .await?
        {
            return Err(concord_domain::Invalid::one(
                "body",
                "there is no unshared research of your agency on this case",
            )
            .into());
        }
        Ok(())
    }

    /// Every agency's research on a referral, each readable only by its
    /// own agency until shared, then by the coordinators and by agencies
    /// that may read the case (an attending agency within its window).
    pub async fn conference_research(
        &self,
        actor: &Actor,
        referral: ConferenceReferralId,
    ) -> AppResult<Vec<ResearchView>> {
        let (conference, referral) = self.referral_for_research(actor, referral, false).await?;
        let is_coordinator = super::conferences::coordinates(actor, &conference);
        let grants = self.case_grants(actor, referral.case_id).await?;
        let may_read_case = grants
            .decide(
                actor,
                CaseOperation::Read(DataCategory::Risk),
                Some(Purpose::CaseConference),
                self.clock.now(),
            )
            .is_ok();
        let mut views = Vec::new();
        for row in self.store.list_research(referral.id).await? {
            let visible = research_visible(
                row.agency_id,
                row.shared_at.is_some(),
                actor.agency_id,
                is_coordinator,
                may_read_case,
            );
            let body = if visible {
                Some(
                    self.open_field(
                        Field::new("risk_research", "body", &row.id.to_string()),
                        &row.body,
                    )
                    .await?
                    .to_string(),
                )
            } else {
                None
            };
            views.push(ResearchView {
                agency_id: row.agency_id,
                shared: row.shared_at.is_some(),
                mine: row.agency_id == actor.agency_id,
                body,
            });
        }
        let event = self.event(
            Some(actor),
            AuditAction::ConferenceResearchViewed,
            Some(("case", referral.case_id.to_string())),
            AuditOutcome::Success,
            serde_json::json!({
                "referral_id": referral.id,
                "read": views.iter().filter(|v| v.body.is_some()).count(),
            }),
        );
        self.store.append_audit(&event).await?;
        Ok(views)
    }
}
