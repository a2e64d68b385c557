//! The demo directory and referrals for `concord demo`: an organization
//! for every demo agency plus an outside helpline, services in every demo
//! district with some essential services deliberately missing (so the
//! pathway shows gaps), about 300 referrals between the agencies of the
//! demo case workers in every state, with backdated histories so some are
//! overdue, and a few from the shelter to the outside helpline (its steps
//! recorded by the shelter). Deterministic and seeded once.

use crate::app::App;
use crate::error::AppResult;
use crate::referrals::{note_field, reason_field};
use chrono::Duration;
use concord_domain::audit::{AuditAction, AuditOutcome};
use concord_domain::consent::{ConsentGiver, DataCategory, Purpose};
use concord_domain::directory::history::{ChangeKind, EntryKind, changes};
use concord_domain::directory::{OrganizationDetails, ServiceDetails, ServiceStatus};
use concord_domain::ids::{AgencyId, ConsentId, OrganizationId, ReferralId, ServiceId, UserId};
use concord_domain::referral::{
    DeclineReason, ReferralEvent, ReferralOutcome, ReferralSide, ReferralState, Urgency,
    response_due, transition,
};
use concord_domain::role::Role;
use concord_store::{
    CaseListFilter, ConsentRow, DirectoryWrite, OrganizationRow, PageRequest, ReferralRow,
    ReferralStepRow, ServiceRow,
};
use std::collections::HashMap;
use uuid::Uuid;

const SEEDED_KEY: &str = "demo.referrals_seeded";

/// (agency, service, ESP codes, areas served (codes), takes referrals, hours)
type DemoService = (
    &'static str,
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
    bool,
    &'static str,
);

const SERVICES: &[DemoService] = &[
    (
        "Ministry of Gender and Social Affairs",
        "National GBV policy desk",
        &["justice_coordination"],
        &["KV"],
        false,
        "Mon–Fri 09:00–16:00",
    ),
    (
        "Lakeside Police Domestic Abuse Unit",
        "Domestic abuse response",
        &[
            "justice_initial_contact",
            "justice_investigation",
            "justice_safety_protection",
        ],
        &["KV-N-LAK"],
        true,
        "24 hours",
    ),
    (
        "Northern Public Prosecutor's Office",
        "Victim liaison",
        &[
            "justice_pre_trial",
            "justice_trial",
            "justice_support_assistance",
        ],
        &["KV-N"],
        false,
        "Mon–Fri 08:00–17:00",
    ),
    (
        "Lakeside Magistrates' Court",
        "Protection orders",
        &["justice_safety_protection", "justice_pre_trial"],
        &["KV-N-LAK", "KV-N-HIL"],
        false,
        "Mon–Fri 08:30–16:00",
    ),
    (
        "Lakeside General Hospital One-Stop Centre",
        "Sexual assault care",
        &[
            "health_identification",
            "health_first_line_support",
            "health_injury_care",
            "health_sexual_assault_care",
            "health_documentation",
        ],
        &["KV-N-LAK"],
        true,
        "24 hours",
    ),
    (
        "Lakeside General Hospital One-Stop Centre",
        "Mental health clinic",
        &["health_mental_health"],
        &["KV-N-LAK", "KV-N-HIL"],
        true,
        "Mon–Fri 08:00–17:00",
    ),
    (
        "Hillview Primary Health Clinic",
        "Women's health clinic",
        &["health_first_line_support", "health_injury_care"],
        &["KV-N-HIL"],
        false,
        "Mon–Sat 08:00–18:00",
    ),
    (
        "Lakeside Social Services",
        "Crisis support and material aid",
        &[
            "social_crisis_counselling",
            "social_material_aid",
            "social_identity_documents",
            "social_children_support",
        ],
        &["KV-N-LAK"],
        true,
        "Mon–Fri 08:00–17:00",
    ),
    (
        "Safe Haven Women's Shelter",
        "Emergency shelter",
        &[
            "social_safe_accommodation",
            "social_women_centred_support",
            "social_psychosocial_support",
        ],
        &["KV-N-LAK", "KV-N-HIL"],
        true,
        "24 hours",
    ),
    (
        "Women's Legal Aid Network",
        "Legal advice and representation",
        &["social_legal_information", "justice_support_assistance"],
        &["KV-N", "KV-S"],
        false,
        "Mon–Fri 09:00–17:00",
    ),
    (
        "Northern Housing Authority",
        "Priority rehousing",
        &["social_economic_independence"],
        &["KV-N"],
        false,
        "Mon–Fri 08:00–16:00",
    ),
    (
        "Lakeside Education Office",
        "School counselling",
        &["social_children_support", "social_community_information"],
        &["KV-N-LAK"],
        false,
        "School days",
    ),
    (
        "Northern Child Protection Service",
        "Child protection assessment",
        &["social_children_support"],
        &["KV-N"],
        false,
        "24 hours on call",
    ),
    (
        "Riverside Police Station",
        "Front desk and investigation",
        &["justice_initial_contact", "justice_investigation"],
        &["KV-S-RIV"],
        false,
        "24 hours",
    ),
    (
        "Coastal Women's Centre",
        "Counselling and women's support",
        &[
            "social_crisis_counselling",
            "social_psychosocial_support",
            "social_women_centred_support",
        ],
        &["KV-S-COA"],
        false,
        "Mon–Fri 09:00–17:00",
    ),
];

/// Case workers whose agencies send and answer demo referrals.
const WORKERS: &[&str] = &[
    "shelter.caseworker",
    "police.officer",
    "hospital.nurse",
    "marac.coordinator",
];

/// The outside provider of the demo directory.
const HELPLINE: &str = "Kelvara 24-hour Women's Helpline";

/// The states of the demo's referrals to the helpline.
const OUTSIDE_STATES: &[ReferralState] = &[
    ReferralState::Sent,
    ReferralState::Acknowledged,
    ReferralState::Accepted,
    ReferralState::FirstContact,
    ReferralState::ServiceDelivered,
    ReferralState::Closed,
    ReferralState::Declined,
];

/// The path to each state, from a draft: every step, none skipped (the
/// state machine refuses a skip, so a wrong path fails the demo seed).
fn path_to(state: ReferralState) -> &'static [ReferralEvent] {
    use ReferralEvent::*;
    match state {
        ReferralState::Draft => &[],
        ReferralState::Sent => &[Send],
        ReferralState::Acknowledged => &[Send, Acknowledge],
        ReferralState::Accepted => &[Send, Acknowledge, Accept],
        ReferralState::Declined => &[Send, Acknowledge, Decline],
        ReferralState::FirstContact => &[Send, Acknowledge, Accept, RecordFirstContact],
        ReferralState::ServiceDelivered => &[
            Send,
            Acknowledge,
            Accept,
            RecordFirstContact,
            RecordDelivery,
        ],
        ReferralState::Closed => &[
            Send,
            Acknowledge,
            Accept,
            RecordFirstContact,
            RecordDelivery,
            Close,
        ],
        ReferralState::Withdrawn => &[Send, Withdraw],
        ReferralState::Expired => &[Send, Expire],
    }
}

impl App {
    /// Seeds the demo directory (once, after `seed_demo`).
    pub async fn seed_demo_directory(&self) -> AppResult<bool> {
        if !self.store.export_directory().await?.services.is_empty() {
            return Ok(false);
        }
        let now = self.clock.now();
        let agencies = self.agency_ids_by_name().await?;
        let mut areas = HashMap::new();
        let mut page = PageRequest::first(PageRequest::MAX_LIMIT);
        loop {
            let batch = self.store.list_areas(&page).await?;
            for a in batch.items {
                areas.insert(a.code.clone(), a.id);
            }
            match batch.next {
                Some(next) => page.after = Some(next),
                None => break,
            }
        }
        let mut organizations: HashMap<String, OrganizationId> = HashMap::new();
        for (name, agency) in &agencies {
            let slug: String = name
                .to_lowercase()
                .chars()
                .filter(|c| c.is_ascii_alphanumeric())
                .take(20)
                .collect();
            let org = OrganizationRow {
                id: OrganizationId::new(),
                name: name.clone(),
                agency_id: Some(*agency),
                details: OrganizationDetails {
                    description: "Member agency of the demo coordinated response.".into(),
                    email: Some(format!("referrals@{slug}.example")),
                    phone: Some("+000 555 0100".into()),
                    website: None,
                    ..OrganizationDetails::default()
                },
                // Most verified recently; a couple long ago, to show staleness.
                last_verified_at: Some(
                    now - Duration::days(
                        if name.contains("Education") || name.contains("Housing") {
                            400
                        } else {
                            20
                        },
                    ),
                ),
                created_at: now,
                updated_at: now,
            };
            let write = self.demo_write(
                org.id,
                org.agency_id,
                EntryKind::Organization,
                org.id.0,
                &crate::directory::keeping::organization_fields(&org),
            );
            self.store.put_organization(&org, &write).await?;
            organizations.insert(name.clone(), org.id);
        }
        let helpline = OrganizationRow {
            id: OrganizationId::new(),
            name: HELPLINE.into(),
            agency_id: None,
            details: OrganizationDetails {
                description: "Independent national helpline (not a member agency).".into(),
                email: None,
                phone: Some("+000 1414".into()),
                website: Some("https://helpline.example".into()),
                ..OrganizationDetails::default()
            },
            last_verified_at: Some(now - Duration::days(30)),
            created_at: now,
            updated_at: now,
        };
        let write = self.demo_write(
            helpline.id,
            None,
            EntryKind::Organization,
            helpline.id.0,
            &crate::directory::keeping::organization_fields(&helpline),
        );
        self.store.put_organization(&helpline, &write).await?;
        let mut all: Vec<(OrganizationId, DemoService)> = SERVICES
            .iter()
            .filter_map(|service| Some((*organizations.get(service.0)?, *service)))
            .collect();
        all.push((
            helpline.id,
            (
                "",
                "Helpline",
                &["social_help_lines", "social_crisis_information"],
                &["KV"],
                false,
                "24 hours",
            ),
        ));
        for (org, (_, name, codes, served, refer, hours)) in all {
            let service = ServiceRow {
                id: ServiceId::new(),
                organization_id: org,
                name: name.into(),
                status: ServiceStatus::Active,
                accepts_referrals: refer,
                taxonomy: codes.iter().map(|c| c.to_string()).collect(),
                area_ids: served
                    .iter()
                    .filter_map(|c| areas.get(*c).copied())
                    .collect(),
                at_locations: Vec::new(),
                details: ServiceDetails {
                    description: format!("{name} (demo)."),
                    languages: vec!["English".into(), "French".into()],
                    opening_hours: hours.into(),
                    fees: "Free".into(),
                    how_to_refer: "Through Concord, or by phone to the focal point.".into(),
                    focal_point: "Duty officer".into(),
                    ..ServiceDetails::default()
                },
                last_verified_at: Some(now - Duration::days(15)),
                created_at: now,
                updated_at: now,
            };
            let owner = organizations
                .iter()
                .find(|(_, id)| **id == org)
                .and_then(|(name, _)| agencies.iter().find(|(n, _)| n == name))
                .map(|(_, agency)| *agency);
            let write = self.demo_write(
                org,
                owner,
                EntryKind::Service,
                service.id.0,
                &crate::directory::keeping::service_fields(&service),
            );
            self.store.put_service(&service, &write).await?;
        }
        Ok(true)
    }

    fn demo_event(&self, id: &str) -> concord_store::NewAuditEvent {
        self.event(
            None,
            AuditAction::DirectoryChanged,
            Some(("demo", id.to_string())),
            AuditOutcome::Success,
            serde_json::json!({ "demo": true }),
        )
    }

    /// A demo entry's creation, kept in its history like any other.
    fn demo_write(
        &self,
        organization: OrganizationId,
        owner: Option<AgencyId>,
        kind: EntryKind,
        entry: Uuid,
        fields: &concord_domain::directory::history::Fields,
    ) -> DirectoryWrite {
        let change = self.change_row(
            None,
            organization,
            owner,
            kind,
            entry,
            ChangeKind::Created,
            changes(None, fields),
            self.clock.now(),
        );
        DirectoryWrite {
            expected: Vec::new(),
            changes: vec![change],
            notices: Vec::new(),
            audit: self.demo_event(&entry.to_string()),
        }
    }

    async fn agency_ids_by_name(&self) -> AppResult<Vec<(String, AgencyId)>> {
        let mut out = Vec::new();
        let mut page = PageRequest::first(PageRequest::MAX_LIMIT);
        loop {
            let batch = self.store.list_agencies(&page).await?;
            out.extend(batch.items.into_iter().map(|a| (a.name, a.id)));
            match batch.next {
                Some(next) => page.after = Some(next),
                None => return Ok(out),
            }
        }
    }

    /// Seeds `count` demo referrals once (after the demo cases and
    /// directory), spread over every state.
    pub async fn seed_demo_referrals(&self, count: usize) -> AppResult<usize> {
        if self.store.get_setting(SEEDED_KEY).await?.is_some() {
            return Ok(0);
        }
        let now = self.clock.now();
        let mut workers = Vec::new();
        for name in WORKERS {
            if let Some(user) = self.store.find_user_by_username(name).await?
                && (user.roles.contains(&Role::Caseworker)
                    || user.roles.contains(&Role::RiskConferenceCoordinator))
            {
                workers.push(user);
            }
        }
        let directory = self.store.export_directory().await?;
        // Services of the workers' agencies that take referrals.
        let services: Vec<(ServiceRow, AgencyId)> = directory
            .services
            .iter()
            .filter(|s| s.accepts_referrals)
            .filter_map(|s| {
                let agency = directory
                    .organizations
                    .iter()
                    .find(|o| o.id == s.organization_id)?
                    .agency_id?;
                workers
                    .iter()
                    .any(|w| w.agency_id == agency)
                    .then(|| (s.clone(), agency))
            })
            .collect();
        if workers.len() < 2 || services.is_empty() {
            return Ok(0);
        }
        let mut cases_of: HashMap<AgencyId, Vec<concord_store::CaseRow>> = HashMap::new();
        for w in &workers {
            let filter = CaseListFilter {
                for_agency: w.agency_id,
                shared: false,
                assigned_to: None,
                status: None,
                now,
            };
            let page = self
                .store
                .list_cases(&filter, &PageRequest::first(200))
                .await?;
            cases_of.insert(
                w.agency_id,
                page.items.into_iter().map(|i| i.case).collect(),
            );
        }
        let mut made = 0;
        for n in 0..count {
            let sender = &workers[n % workers.len()];
            let Some(cases) = cases_of.get(&sender.agency_id).filter(|c| !c.is_empty()) else {
                continue;
            };
            let case = &cases[(n / workers.len()) % cases.len()];
            let candidates: Vec<&(ServiceRow, AgencyId)> = services
                .iter()
                .filter(|(_, a)| *a != sender.agency_id)
                .collect();
            if candidates.is_empty() {
                continue;
            }
            let (service, receiving) = candidates[n % candidates.len()];
            let Some(receiver) = workers.iter().find(|w| w.agency_id == *receiving) else {
                continue;
            };
            let target = ReferralState::ALL[n % ReferralState::ALL.len()];
            let urgency = Urgency::ALL[(n / 3) % 3];
            // Spread over the last 60 days; every 7th open one recent and
            // unanswered past its target, so queues show overdue ones.
            let start = now - Duration::hours(2 + (n as i64 * 37) % (60 * 24));
            self.seed_one_referral(
                case,
                sender.id,
                sender.agency_id,
                Some(receiver.id),
                *receiving,
                service.id,
                urgency,
                target,
                start,
            )
            .await?;
            made += 1;
        }
        made += self.seed_outside_referrals(&workers, &cases_of).await?;
        self.store.put_setting(SEEDED_KEY, "1").await?;
        Ok(made)
    }

    /// A few referrals from the first worker's agency (the shelter) to the
    /// outside helpline, one in each state its sender has something to
    /// record in and a closed and a declined one, so the sender's home page
    /// and sent list show them.
    async fn seed_outside_referrals(
        &self,
        workers: &[concord_store::UserRow],
        cases_of: &HashMap<AgencyId, Vec<concord_store::CaseRow>>,
    ) -> AppResult<usize> {
        let directory = self.store.export_directory().await?;
        let Some(helpline) = directory
            .organizations
            .iter()
            .find(|o| o.agency_id.is_none() && o.name == HELPLINE)
        else {
            return Ok(0);
        };
        let Some(service) = directory
            .services
            .iter()
            .find(|s| s.organization_id == helpline.id)
        else {
            return Ok(0);
        };
        let Some(sender) = workers.first() else {
            return Ok(0);
        };
        let Some(cases) = cases_of.get(&sender.agency_id).filter(|c| !c.is_empty()) else {
            return Ok(0);
        };
        let recipient = self.outside_recipient(None, helpline, "service_id").await?;
        let now = self.clock.now();
        for (n, target) in OUTSIDE_STATES.iter().enumerate() {
            self.seed_one_referral(
                &cases[n % cases.len()],
                sender.id,
                sender.agency_id,
                None,
                recipient,
                service.id,
                Urgency::Routine,
                *target,
                now - Duration::hours(3 + 29 * n as i64),
            )
            .await?;
        }
        Ok(OUTSIDE_STATES.len())
    }

    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn seed_one_referral(
        &self,
        case: &concord_store::CaseRow,
        sender: UserId,
        sending: AgencyId,
        // None: an outside provider, whose steps the sender records.
        receiver: Option<UserId>,
        receiving: AgencyId,
        service: ServiceId,
        urgency: Urgency,
        target: ReferralState,
        start: chrono::DateTime<chrono::Utc>,
    ) -> AppResult<()> {
        let now = self.clock.now();
        // Her consent to this referral (one per referral).
        let consent = ConsentRow {
            id: ConsentId::new(),
            case_id: case.id,
            recipient_agency: receiving,
            purposes: vec![Purpose::ReferralForServices],
            categories: vec![DataCategory::IdentityAndContact, DataCategory::Incident],
            given_by: ConsentGiver::Survivor,
            child_assent: false,
            caregiver_unsafe: false,
            given_on: None,
            valid_from: start,
            valid_until: now + Duration::days(180),
            withdrawn_at: None,
            recorded_by: sender,
            recorded_at: start,
        };
        let event = self.event(
            None,
            AuditAction::ConsentRecorded,
            Some(("case", case.id.to_string())),
            AuditOutcome::Success,
            serde_json::json!({ "consent_id": consent.id, "demo": true }),
        );
        self.store.create_consent(&consent, &event).await?;
        let id = ReferralId::new();
        let mut row = ReferralRow {
            id,
            reference: format!(
                "R-{}",
                &concord_crypto::reference::new_survivor_reference()[2..]
            ),
            case_id: case.id,
            sending_agency: sending,
            receiving_agency: receiving,
            service_id: service,
            urgency,
            state: ReferralState::Draft,
            categories: consent.categories.clone(),
            consent_id: Some(consent.id),
            reason: self
                .seal_field(
                    case.owning_agency,
                    reason_field(&id.to_string()),
                    "Referred for support with what she asked for (demo).",
                )
                .await?,
            decline_reason: None,
            outcome: None,
            created_by: sender,
            created_at: start,
            sent_at: None,
            due_at: None,
            updated_at: start,
        };
        let first = ReferralStepRow {
            id: Uuid::now_v7(),
            referral_id: id,
            at: start,
            actor_user_id: Some(sender),
            actor_agency_id: Some(sending),
            event: None,
            from_state: None,
            to_state: ReferralState::Draft,
            note: None,
        };
        let created = self.event(
            None,
            AuditAction::ReferralCreated,
            Some(("referral", id.to_string())),
            AuditOutcome::Success,
            serde_json::json!({ "demo": true }),
        );
        self.store
            .create_referral(&row, &first, &created, None)
            .await?;
        let mut at = start;
        for (i, event) in path_to(target).iter().enumerate() {
            let side = event.side();
            let from = row.state;
            let to = transition(from, *event, side).expect("a demo path the state machine allows");
            at = (at + Duration::minutes(20 + 90 * i as i64)).min(now);
            if *event == ReferralEvent::Expire {
                at = now;
            }
            row.state = to;
            row.updated_at = at;
            match event {
                ReferralEvent::Send => {
                    row.sent_at = Some(at);
                    let due = response_due(
                        at,
                        urgency,
                        &self.config.referrals.targets,
                        &self.config.referrals.week,
                        self.config.time_zone,
                    );
                    row.due_at = Some(if target == ReferralState::Expired {
                        at - Duration::days(self.config.referrals.expire_after_days + 1)
                    } else {
                        due
                    });
                }
                ReferralEvent::Decline => row.decline_reason = Some(DeclineReason::NoCapacity),
                ReferralEvent::Close => row.outcome = Some(ReferralOutcome::NeedsMet),
                _ => {}
            }
            let (user, agency) = match side {
                ReferralSide::Sender | ReferralSide::SenderForProvider => {
                    (Some(sender), Some(sending))
                }
                ReferralSide::Receiver => match receiver {
                    Some(receiver) => (Some(receiver), Some(receiving)),
                    None => (Some(sender), Some(sending)),
                },
                ReferralSide::System => (None, None),
            };
            let step_id = Uuid::now_v7();
            let note = match event {
                ReferralEvent::Close => Some(
                    self.seal_field(
                        case.owning_agency,
                        note_field(&step_id.to_string()),
                        "Seen and supported; she knows how to come back (demo).",
                    )
                    .await?,
                ),
                _ => None,
            };
            let step = ReferralStepRow {
                id: step_id,
                referral_id: id,
                at,
                actor_user_id: user,
                actor_agency_id: agency,
                event: Some(*event),
                from_state: Some(from),
                to_state: to,
                note,
            };
            let audit = self.event(
                None,
                AuditAction::ReferralStepTaken,
                Some(("referral", id.to_string())),
                AuditOutcome::Success,
                serde_json::json!({ "event": event.as_str(), "demo": true }),
            );
            self.store
                .update_referral(&row, from, &[step], &[audit], None)
                .await?;
        }
        Ok(())
    }
}
