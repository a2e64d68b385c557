//! The sources of a chronology: one function per kind of record, each
//! returning that record's contacts with her. A new kind of record (a
//! protection order and its breaches, the killing record) is one more
//! function here and one more line in [`App::chronology_sources`].
//!
//! Only structured facts are taken; free text never is (see
//! `concord_domain::homicide_review`), and only this case's records are
//! read, so nothing of another survivor can appear.

use crate::app::App;
use crate::error::AppResult;
use concord_domain::homicide_review::{Contact, ContactKind, Fact};
use concord_domain::ids::{AgencyId, UserId};
use concord_domain::justice::JusticeEventKind;
use concord_store::{ActionScope, AuditFilter, CaseRow, PageRequest, ProtectionEntry};
use std::collections::BTreeMap;

/// Which agency each user works for, looked up once per user.
#[derive(Default)]
pub(super) struct Staff {
    users: BTreeMap<UserId, Option<(AgencyId, String)>>,
    agencies: BTreeMap<AgencyId, String>,
}

impl Staff {
    async fn of(&mut self, app: &App, user: UserId) -> AppResult<Option<(AgencyId, String)>> {
        if let Some(known) = self.users.get(&user) {
            return Ok(known.clone());
        }
        let found = app
            .store
            .get_user(user)
            .await?
            .map(|u| (u.agency_id, u.display_name));
        self.users.insert(user, found.clone());
        Ok(found)
    }

    pub(super) async fn agency_name(&mut self, app: &App, agency: AgencyId) -> AppResult<String> {
        if let Some(name) = self.agencies.get(&agency) {
            return Ok(name.clone());
        }
        let name = app
            .store
            .get_agency(agency)
            .await?
            .map(|a| a.name)
            .unwrap_or_default();
        self.agencies.insert(agency, name.clone());
        Ok(name)
    }

    async fn agency(&mut self, app: &App, user: UserId) -> AppResult<Option<AgencyId>> {
        Ok(self.of(app, user).await?.map(|(agency, _)| agency))
    }
}

impl App {
    /// Every source's contacts, each in its own order; the caller merges.
    pub(super) async fn chronology_sources(
        &self,
        case: &CaseRow,
        staff: &mut Staff,
    ) -> AppResult<Vec<Vec<Contact>>> {
        Ok(vec![
            self.registration_contacts(case),
            self.incident_contacts(case).await?,
            self.assessment_contacts(case, staff).await?,
            self.note_contacts(case, staff).await?,
            self.referral_contacts(case, staff).await?,
            self.conference_contacts(case).await?,
            self.justice_contacts(case).await?,
            self.protection_contacts(case).await?,
            self.access_log_contacts(case, staff).await?,
        ])
    }

    fn contact_at(
        &self,
        at: chrono::DateTime<chrono::Utc>,
        agency: Option<AgencyId>,
        kind: ContactKind,
        facts: Vec<Fact>,
    ) -> Contact {
        Contact {
            day: self.local_date_of(at),
            at: Some(at),
            agency,
            kind,
            facts,
        }
    }

    /// Her case opened (with the day of her first contact when it was
    /// earlier) and, if so, closed.
    fn registration_contacts(&self, case: &CaseRow) -> Vec<Contact> {
        let mut facts = Vec::new();
        if let Some(first) = case.first_contact_on {
            facts.push(Fact::text("first_contact_on", first.to_string()));
        }
        let mut out = vec![self.contact_at(
            case.opened_at,
            Some(case.owning_agency),
            ContactKind::CaseOpened,
            facts,
        )];
        if let Some(closed) = case.closed_at {
            let facts = case
                .closure_reason
                .iter()
                .map(|r| Fact::label("closure_reason", "closure", r))
                .collect();
            out.push(self.contact_at(
                closed,
                Some(case.owning_agency),
                ContactKind::CaseClosed,
                facts,
            ));
        }
        out
    }

    /// Each incident on the day it happened: its type, the perpetrator's
    /// relationship to her and its contexts — not her account, not his
    /// identity.
    async fn incident_contacts(&self, case: &CaseRow) -> AppResult<Vec<Contact>> {
        Ok(self
            .store
            .list_incidents(case.id)
            .await?
            .into_iter()
            .map(|i| {
                let mut facts = vec![
                    Fact::label("type", "gbv-type", i.gbv_type.as_str()),
                    Fact::label(
                        "perpetrator_relationship",
                        "relationship",
                        i.perpetrator_relationship.as_str(),
                    ),
                    Fact::text("reported_on", i.date_first_reported.to_string()),
                ];
                facts.extend(
                    i.context_flags
                        .iter()
                        .map(|c| Fact::label("context", "context", c.as_str())),
                );
                Contact {
                    day: i.incident_date,
                    at: None,
                    agency: Some(case.owning_agency),
                    kind: ContactKind::Incident,
                    facts,
                }
            })
            .collect())
    }

    /// Each risk assessment: instrument, score and level — not her answers.
    async fn assessment_contacts(
        &self,
        case: &CaseRow,
        staff: &mut Staff,
    ) -> AppResult<Vec<Contact>> {
        let mut out = Vec::new();
        for a in self.store.list_assessments(case.id).await? {
            out.push(Contact {
                day: a.assessed_on,
                at: None,
                agency: staff.agency(self, a.assessed_by).await?,
                kind: ContactKind::RiskAssessment,
                facts: vec![
                    Fact::text("instrument", a.instrument_key.clone()),
                    Fact::text("score", format!("{}/{}", a.score, a.max_score)),
                    Fact::label("level", "risk-level", a.final_level.as_str()),
                ],
            });
        }
        Ok(out)
    }

    /// That a note was written, when and by which agency — not its text.
    async fn note_contacts(&self, case: &CaseRow, staff: &mut Staff) -> AppResult<Vec<Contact>> {
        let mut out = Vec::new();
        for (note, _) in self.store.list_notes(case.id).await? {
            let agency = staff.agency(self, note.author_id).await?;
            out.push(self.contact_at(note.created_at, agency, ContactKind::Note, Vec::new()));
        }
        Ok(out)
    }

    /// Every step of every referral of her case, by the agency that took
    /// it — not the reason or the notes sent with it.
    async fn referral_contacts(
        &self,
        case: &CaseRow,
        staff: &mut Staff,
    ) -> AppResult<Vec<Contact>> {
        let mut out = Vec::new();
        for referral in self.store.case_service_referrals(case.id).await? {
            let from = staff.agency_name(self, referral.sending_agency).await?;
            let to = staff.agency_name(self, referral.receiving_agency).await?;
            for step in self.store.referral_steps(referral.id).await? {
                let mut facts = vec![
                    Fact::text("referral", referral.reference.clone()),
                    Fact::label("state", "referral-state", step.to_state.as_str()),
                    Fact::text("from_agency", from.clone()),
                    Fact::text("to_agency", to.clone()),
                ];
                if let Some(event) = step.event {
                    facts.insert(1, Fact::label("step", "referral-event", event.as_str()));
                }
                out.push(self.contact_at(
                    step.at,
                    step.actor_agency_id,
                    ContactKind::ReferralStep,
                    facts,
                ));
            }
        }
        Ok(out)
    }

    /// Her referrals to risk conferences, the meetings that listed her
    /// case, and the actions agreed for it — not the minutes, not the other
    /// cases on the agenda, not the actions' descriptions.
    async fn conference_contacts(&self, case: &CaseRow) -> AppResult<Vec<Contact>> {
        let mut out = Vec::new();
        for referral in self.store.case_referrals(case.id).await? {
            let conference = self.store.get_conference(referral.conference_id).await?;
            let (name, coordinating) = match &conference {
                Some(c) => (c.name.clone(), Some(c.coordinating_agency)),
                None => (String::new(), None),
            };
            let mut facts = vec![Fact::text("conference", name.clone())];
            facts.extend(
                referral
                    .criteria
                    .iter()
                    .map(|c| Fact::label("criterion", "criterion", c.as_str())),
            );
            facts.push(Fact::text("repeat", referral.repeat.to_string()));
            out.push(Contact {
                day: referral.referred_on,
                at: None,
                agency: Some(referral.referring_agency),
                kind: ContactKind::ConferenceReferral,
                facts,
            });
            if let Some(meeting) = referral.meeting_id
                && let Some(m) = self.store.get_conference_meeting(meeting).await?
            {
                {
                    out.push(Contact {
                        day: m.meets_on,
                        at: None,
                        agency: coordinating,
                        kind: ContactKind::ConferenceMeeting,
                        facts: vec![
                            Fact::text("conference", name.clone()),
                            Fact::label("meeting_kind", "meeting-kind", m.kind.as_str()),
                        ],
                    });
                }
            }
            for item in self
                .store
                .list_conference_actions(ActionScope::Referral(referral.id), false)
                .await?
            {
                let a = item.action;
                out.push(self.contact_at(
                    a.created_at,
                    Some(a.owner_agency),
                    ContactKind::ConferenceAction,
                    vec![
                        Fact::text("due_on", a.due_on.to_string()),
                        Fact::label("status", "action-status", a.status.as_str()),
                        Fact::text("carry_overs", a.carry_overs.to_string()),
                    ],
                ));
            }
        }
        Ok(out)
    }

    /// Each step of the justice chain with its outcome — not the crime
    /// reference or bail conditions.
    async fn justice_contacts(&self, case: &CaseRow) -> AppResult<Vec<Contact>> {
        Ok(self
            .store
            .list_justice_events(case.id)
            .await?
            .into_iter()
            .map(|j| {
                let mut facts = vec![Fact::label("step", "justice-kind", j.kind.as_str())];
                match (j.kind, j.outcome.as_deref()) {
                    (JusticeEventKind::CrimeRecorded, Some(key)) => {
                        let (name, iccs) = self
                            .config
                            .justice_offences
                            .get(key)
                            .map(|o| (o.name.clone(), o.iccs.clone()))
                            .unwrap_or_else(|| (key.to_string(), String::new()));
                        facts.push(Fact::text("offence", name));
                        if !iccs.is_empty() {
                            facts.push(Fact::text("iccs", iccs));
                        }
                    }
                    (_, Some(outcome)) => {
                        facts.push(Fact::label("outcome", "justice-outcome", outcome));
                    }
                    (_, None) => {}
                }
                if let Some(reason) = &j.reason {
                    facts.push(Fact::label("reason", "justice-reason", reason));
                }
                Contact {
                    day: j.occurred_on,
                    at: None,
                    agency: Some(j.recording_agency),
                    kind: ContactKind::JusticeStep,
                    facts,
                }
            })
            .collect())
    }

    /// Her protection orders (kind, issued by, served, last day) and their
    /// breaches (the action taken), each by the agency that recorded it;
    /// an order's conditions are free text and never copied.
    async fn protection_contacts(&self, case: &CaseRow) -> AppResult<Vec<Contact>> {
        let kinds = &self.config.protection_order_kinds;
        Ok(self
            .store
            .protection_history(case.id)
            .await?
            .into_iter()
            .map(|entry| match entry {
                ProtectionEntry::Order(o) => {
                    let mut facts = vec![
                        Fact::text("order_kind", kinds.name_of(&o.kind)),
                        Fact::text("issued_by", o.issued_by),
                    ];
                    if let Some(served) = o.served_on {
                        facts.push(Fact::text("served_on", served.to_string()));
                    }
                    facts.push(Fact::text("expires_on", o.expires_on.to_string()));
                    Contact {
                        day: o.issued_on,
                        at: None,
                        agency: Some(o.recording_agency),
                        kind: ContactKind::ProtectionOrder,
                        facts,
                    }
                }
                ProtectionEntry::Breach(b) => Contact {
                    day: b.breached_on,
                    at: None,
                    agency: Some(b.recording_agency),
                    kind: ContactKind::OrderBreach,
                    facts: vec![Fact::label(
                        "action_taken",
                        "breach-action",
                        b.action_taken.as_str(),
                    )],
                },
            })
            .collect())
    }

    /// The access log: who opened, changed or exported her file, when —
    /// the action and the person, not the event's details.
    async fn access_log_contacts(
        &self,
        case: &CaseRow,
        staff: &mut Staff,
    ) -> AppResult<Vec<Contact>> {
        let filter = AuditFilter {
            object: Some(("case".into(), case.id.to_string())),
            ..AuditFilter::default()
        };
        let mut out = Vec::new();
        let mut page = PageRequest::first(PageRequest::MAX_LIMIT);
        loop {
            let batch = self.store.list_audit_events(&filter, &page).await?;
            for e in batch.items {
                let mut facts = vec![
                    Fact::text("action", e.action.clone()),
                    Fact::text("outcome", e.outcome.clone()),
                ];
                if let Some(user) = e.actor_user_id
                    && let Some((_, name)) = staff.of(self, user).await?
                {
                    facts.push(Fact::text("person", name));
                }
                out.push(self.contact_at(e.at, e.actor_agency_id, ContactKind::FileAccess, facts));
            }
            match batch.next {
                Some(next) => page.after = Some(next),
                None => return Ok(out),
            }
        }
    }
}
