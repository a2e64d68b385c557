//! Demo governance for `concord demo`: the three demo bodies with members,
//! chairs, deputies and subgroups; instruments through their lifecycle
//! (some overdue for review, one being consulted on, one revised); six
//! months of meetings whose actions are done, carried over and escalated;
//! and two rounds of self-assessment. Invented names only; deterministic.
//! Seeded through the same use cases a secretariat uses, as the demo
//! `secretariat` account.

use crate::app::App;
use crate::error::{AppError, AppResult};
use crate::governance::meetings::meeting_form;
use chrono::{Days, Months, NaiveDate};
use concord_domain::access::Actor;
use concord_domain::governance::forms::{
    ActionForm, ActionUpdateForm, AssessmentAnswerForm, AssessmentRoundForm, AttendanceForm,
    BodySettingsForm, ConsultationForm, InstrumentForm, MemberForm, SignatoryForm, SubgroupForm,
    TextForm, VersionForm,
};
use concord_domain::ids::{AgencyId, BodyId, InstrumentId};
use concord_store::BodyRow;
use std::collections::HashMap;

const SEEDED_KEY: &str = "demo.governance_seeded";

const NATIONAL: &str = "National Coordination Council on Violence against Women";
const REGIONAL: &str = "Northern Regional Coordination Committee";
const LOCAL: &str = "Lakeside Local Coordination Council";

// (body, agency, representative, title, deputy, chair)
const MEMBERS: &[(&str, &str, &str, &str, &str, bool)] = &[
    (
        NATIONAL,
        "Ministry of Gender and Social Affairs",
        "Hon. Ruth Adeyemi",
        "Deputy Minister",
        "Paul Serra",
        true,
    ),
    (
        NATIONAL,
        "Northern Public Prosecutor's Office",
        "Chief Prosecutor Ines Molnar",
        "Chief Prosecutor",
        "Kofi Badu",
        false,
    ),
    (
        NATIONAL,
        "Women's Legal Aid Network",
        "Dina Rahman",
        "Executive Director",
        "Yara Celik",
        false,
    ),
    (
        NATIONAL,
        "Lakeside General Hospital One-Stop Centre",
        "Dr. Samuel Otieno",
        "Medical Director",
        "",
        false,
    ),
    (
        REGIONAL,
        "Northern Public Prosecutor's Office",
        "Kofi Badu",
        "Senior Prosecutor",
        "Lena Fischer",
        true,
    ),
    (
        REGIONAL,
        "Northern Housing Authority",
        "Marta Okonkwo",
        "Head of Allocations",
        "",
        false,
    ),
    (
        REGIONAL,
        "Northern Child Protection Service",
        "Hugo Lindqvist",
        "Regional Manager",
        "Ama Owusu",
        false,
    ),
    (
        REGIONAL,
        "Women's Legal Aid Network",
        "Yara Celik",
        "Regional Coordinator",
        "",
        false,
    ),
    (
        REGIONAL,
        "Safe Haven Women's Shelter",
        "Maria Santos",
        "Director",
        "Helen Park",
        false,
    ),
    (
        LOCAL,
        "Lakeside Social Services",
        "Joan Keller",
        "Head of Adult Services",
        "Omar Said",
        true,
    ),
    (
        LOCAL,
        "Safe Haven Women's Shelter",
        "Helen Park",
        "Service Manager",
        "Amina Yusuf",
        true,
    ),
    (
        LOCAL,
        "Lakeside Police Domestic Abuse Unit",
        "Insp. Carla Mendes",
        "Unit Commander",
        "Sgt. Daniel Mwangi",
        false,
    ),
    (
        LOCAL,
        "Lakeside General Hospital One-Stop Centre",
        "Nurse Priya Nair",
        "Centre Lead",
        "",
        false,
    ),
    (
        LOCAL,
        "Lakeside Magistrates' Court",
        "Clerk Tomas Berg",
        "Court Manager",
        "",
        false,
    ),
    (
        LOCAL,
        "Lakeside Education Office",
        "Nia Abubakar",
        "Safeguarding Lead",
        "",
        false,
    ),
];

/// One instrument: body, kind, title, essential actions, versions as
/// (status reached, months before today it took effect, months from
/// effect to review), signatory agencies.
struct DemoInstrument {
    body: &'static str,
    kind: &'static str,
    title: &'static str,
    actions: &'static [&'static str],
    versions: &'static [(&'static str, u32, u32)],
    signatories: &'static [&'static str],
}

const INSTRUMENTS: &[DemoInstrument] = &[
    DemoInstrument {
        body: NATIONAL,
        kind: "law",
        title: "Protection from Domestic Violence Act",
        actions: &["law_and_policy"],
        versions: &[("in_force", 30, 60)],
        signatories: &[],
    },
    DemoInstrument {
        body: NATIONAL,
        kind: "national_action_plan",
        title: "National Action Plan on Violence against Women 2023–2027",
        actions: &[
            "resourcing_and_financing",
            "capacity_development",
            "monitoring_and_evaluation",
        ],
        // Its mid-term review date has passed: overdue.
        versions: &[("in_force", 26, 24)],
        signatories: &[],
    },
    DemoInstrument {
        body: NATIONAL,
        kind: "policy",
        title: "Standards for local coordinated responses",
        actions: &["standards_for_local_coordination", "inclusive_approaches"],
        // Version 1 revised by version 2.
        versions: &[("in_force", 20, 12), ("in_force", 5, 24)],
        signatories: &[],
    },
    DemoInstrument {
        body: REGIONAL,
        kind: "information_sharing_protocol",
        title: "Northern region information sharing protocol",
        actions: &["shared_agreements_and_sops"],
        // Review date passed: overdue.
        versions: &[("in_force", 16, 12)],
        signatories: &[
            "Northern Public Prosecutor's Office",
            "Northern Child Protection Service",
            "Safe Haven Women's Shelter",
        ],
    },
    DemoInstrument {
        body: LOCAL,
        kind: "terms_of_reference",
        title: "Lakeside council terms of reference",
        actions: &["local_structure_and_governance"],
        versions: &[("in_force", 10, 24)],
        signatories: &[
            "Lakeside Social Services",
            "Safe Haven Women's Shelter",
            "Lakeside Police Domestic Abuse Unit",
            "Lakeside General Hospital One-Stop Centre",
        ],
    },
    DemoInstrument {
        body: LOCAL,
        kind: "local_action_plan",
        title: "Lakeside local action plan",
        actions: &["local_action_plan"],
        // Review falls due next month: a reminder.
        versions: &[("in_force", 11, 12)],
        signatories: &["Lakeside Social Services", "Safe Haven Women's Shelter"],
    },
    DemoInstrument {
        body: LOCAL,
        kind: "referral_pathway",
        title: "Lakeside referral pathway",
        actions: &["shared_agreements_and_sops"],
        versions: &[("consultation", 0, 0)],
        signatories: &[],
    },
];

/// The secretariat's items; actions from earlier meetings join by themselves.
const AGENDA: &[&str] = &[
    "Welcome and apologies",
    "Minutes of the last meeting",
    "Update from the subgroups",
    "Any other business",
];

// Actions raised at the local council's meetings: (meeting index, owner,
// description, ecological level, essential action, meetings later it is
// done; 0 = never).
const LOCAL_ACTIONS: &[(usize, &str, &str, &str, &str, usize)] = &[
    (
        0,
        "Lakeside Police Domestic Abuse Unit",
        "Share monthly call-out figures with the council",
        "community",
        "monitoring_and_evaluation",
        1,
    ),
    (
        0,
        "Lakeside General Hospital One-Stop Centre",
        "Train emergency staff on identifying survivors",
        "individual",
        "capacity_development",
        2,
    ),
    (
        0,
        "Lakeside Social Services",
        "Agree a shared referral form with the shelter",
        "relationship",
        "shared_agreements_and_sops",
        0,
    ),
    (
        1,
        "Lakeside Education Office",
        "Run healthy relationships sessions in two schools",
        "community",
        "local_action_plan",
        3,
    ),
    (
        1,
        "Lakeside Magistrates' Court",
        "Set up a separate waiting room for survivors",
        "individual",
        "local_action_plan",
        0,
    ),
    (
        2,
        "Safe Haven Women's Shelter",
        "Invite the survivors' forum to review the action plan",
        "societal",
        "local_structure_and_governance",
        1,
    ),
    (
        3,
        "Lakeside Police Domestic Abuse Unit",
        "Publish the out-of-hours contact route",
        "community",
        "shared_agreements_and_sops",
        0,
    ),
    (
        4,
        "Lakeside Social Services",
        "Map interpreters available to all agencies",
        "community",
        "local_action_plan",
        0,
    ),
];

impl App {
    /// Seeds the demo governance once, after `seed_demo`; false if it was
    /// already there (or the demo district is missing).
    pub async fn seed_demo_governance(&self) -> AppResult<bool> {
        if self.store.get_setting(SEEDED_KEY).await?.is_some() {
            return Ok(false);
        }
        let Some(user) = self.store.find_user_by_username("secretariat").await? else {
            return Ok(false);
        };
        let actor = crate::signed_in::actor_of(&user);
        let bodies: HashMap<String, BodyRow> = self
            .store
            .list_bodies()
            .await?
            .into_iter()
            .map(|b| (b.name.clone(), b))
            .collect();
        let agencies: HashMap<String, AgencyId> = self
            .agency_map()
            .await?
            .into_values()
            .map(|a| (a.name, a.id))
            .collect();
        let body = |name: &str| -> AppResult<BodyId> {
            bodies
                .get(name)
                .map(|b| b.id)
                .ok_or_else(|| AppError::Internal(format!("demo body missing: {name}")))
        };
        let agency = |name: &str| -> AppResult<AgencyId> {
            agencies
                .get(name)
                .copied()
                .ok_or_else(|| AppError::Internal(format!("demo agency missing: {name}")))
        };
        let today = self.today();
        let months_ago = |n: u32| today.checked_sub_months(Months::new(n)).unwrap_or(today);

        // Leadership and structure.
        for (name, leadership, remit) in [
            (
                NATIONAL,
                "single_lead_agency",
                "Steers the national response and its action plan.",
            ),
            (
                REGIONAL,
                "rotating",
                "Supports the district councils of the Northern Region.",
            ),
            (
                LOCAL,
                "shared_state_ngo",
                "Coordinates the response in Lakeside District.",
            ),
        ] {
            self.update_body_settings(
                &actor,
                body(name)?,
                &BodySettingsForm {
                    leadership: leadership.into(),
                    escalate_after: "3".into(),
                    remit: Some(remit.into()),
                },
            )
            .await?;
        }
        for (b, a, representative, title, deputy, chair) in MEMBERS {
            self.save_member(
                &actor,
                body(b)?,
                &MemberForm {
                    agency_id: agency(a)?.to_string(),
                    representative: representative.to_string(),
                    representative_title: Some(title.to_string()),
                    decision_authority: Some("on".into()),
                    deputy: Some(deputy.to_string()),
                    chair: chair.then(|| "on".into()),
                    joined_on: months_ago(24).to_string(),
                    left_on: None,
                },
            )
            .await?;
        }
        // A member that left.
        self.save_member(
            &actor,
            body(LOCAL)?,
            &MemberForm {
                agency_id: agency("Hillview Primary Health Clinic")?.to_string(),
                representative: "Dr. Lucia Ferreira".into(),
                representative_title: Some("Clinic Manager".into()),
                joined_on: months_ago(24).to_string(),
                left_on: Some(months_ago(8).to_string()),
                ..MemberForm::default()
            },
        )
        .await?;
        for (b, name, chair, chair_name, remit) in [
            (
                LOCAL,
                "Health and forensic care",
                "Lakeside General Hospital One-Stop Centre",
                "Nurse Priya Nair",
                "Clinical pathways and forensic examination.",
            ),
            (
                LOCAL,
                "Justice and safety",
                "Lakeside Police Domestic Abuse Unit",
                "Insp. Carla Mendes",
                "Protection orders, bail conditions and court support.",
            ),
            (
                REGIONAL,
                "Housing and economic independence",
                "Northern Housing Authority",
                "Marta Okonkwo",
                "Safe accommodation and move-on housing.",
            ),
        ] {
            self.save_subgroup(
                &actor,
                body(b)?,
                None,
                &SubgroupForm {
                    name: name.into(),
                    remit: Some(remit.into()),
                    chair_agency_id: agency(chair)?.to_string(),
                    chair_name: chair_name.into(),
                },
            )
            .await?;
        }

        for demo in INSTRUMENTS {
            self.seed_instrument(&actor, body(demo.body)?, demo, &agency, today)
                .await?;
        }

        self.seed_meetings(
            &actor,
            body(LOCAL)?,
            body(REGIONAL)?,
            body(NATIONAL)?,
            &agency,
            today,
        )
        .await?;
        self.seed_assessments(&actor, body(LOCAL)?, &agency, today)
            .await?;
        self.store.put_setting(SEEDED_KEY, "1").await?;
        Ok(true)
    }

    async fn seed_instrument(
        &self,
        actor: &Actor,
        body: BodyId,
        demo: &DemoInstrument,
        agency: &impl Fn(&str) -> AppResult<AgencyId>,
        today: NaiveDate,
    ) -> AppResult<()> {
        let instrument = self
            .create_instrument(
                actor,
                body,
                &InstrumentForm {
                    kind: demo.kind.into(),
                    title: demo.title.into(),
                    essential_actions: demo.actions.iter().map(|a| a.to_string()).collect(),
                },
            )
            .await?;
        for (n, (status, effect_months_ago, review_after)) in demo.versions.iter().enumerate() {
            let version = if n == 0 {
                self.store.list_versions(&[instrument.id]).await?[0].clone()
            } else {
                self.start_version(actor, body, instrument.id).await?
            };
            let effective = today
                .checked_sub_months(Months::new(*effect_months_ago))
                .unwrap_or(today);
            let review = effective
                .checked_add_months(Months::new(*review_after))
                .unwrap_or(effective);
            self.attach_document(
                actor,
                body,
                instrument.id,
                version.id,
                &format!("{}.txt", demo.title),
                "text/plain",
                format!(
                    "{}\nVersion {}\n\nThis invented document stands for the signed text.\n",
                    demo.title,
                    n + 1
                )
                .into_bytes(),
            )
            .await?;
            self.add_consultation(
                actor,
                body,
                instrument.id,
                version.id,
                &ConsultationForm {
                    consultee: "Lakeside Survivors' Voice Forum".into(),
                    survivors_representative: Some("on".into()),
                    consulted_on: effective
                        .checked_sub_days(Days::new(40))
                        .unwrap_or(effective)
                        .to_string(),
                    summary: Some(
                        "Asked for plain language and a named contact in each agency.".into(),
                    ),
                    ..ConsultationForm::default()
                },
            )
            .await?;
            self.step(
                actor,
                body,
                instrument.id,
                version.id,
                "start_consultation",
                None,
            )
            .await?;
            if *status == "consultation" {
                continue;
            }
            for signatory in demo.signatories {
                self.add_signatory(
                    actor,
                    body,
                    instrument.id,
                    version.id,
                    &SignatoryForm {
                        agency_id: agency(signatory)?.to_string(),
                        signed_by: "Head of agency".into(),
                        signed_on: effective
                            .checked_sub_days(Days::new(10))
                            .unwrap_or(effective)
                            .to_string(),
                    },
                )
                .await?;
            }
            self.step(
                actor,
                body,
                instrument.id,
                version.id,
                "bring_into_force",
                Some((effective, review)),
            )
            .await?;
        }
        Ok(())
    }

    async fn step(
        &self,
        actor: &Actor,
        body: BodyId,
        instrument: InstrumentId,
        version: uuid::Uuid,
        event: &str,
        dates: Option<(NaiveDate, NaiveDate)>,
    ) -> AppResult<()> {
        self.change_version(
            actor,
            body,
            instrument,
            version,
            &VersionForm {
                event: Some(event.into()),
                effective_on: dates.map(|d| d.0.to_string()),
                review_on: dates.map(|d| d.1.to_string()),
                summary: None,
            },
        )
        .await?;
        Ok(())
    }

    async fn seed_meetings(
        &self,
        actor: &Actor,
        local: BodyId,
        regional: BodyId,
        national: BodyId,
        agency: &impl Fn(&str) -> AppResult<AgencyId>,
        today: NaiveDate,
    ) -> AppResult<()> {
        // Six monthly council meetings, the last one still to come.
        let dates: Vec<NaiveDate> = (0..6u32)
            .map(|n| {
                today
                    .checked_sub_months(Months::new(5 - n))
                    .unwrap_or(today)
                    .checked_sub_days(Days::new(if n == 5 { 0 } else { 3 }))
                    .unwrap_or(today)
            })
            .map(|d| if d == today { d + Days::new(7) } else { d })
            .collect();
        let members = self.current_member_ids(local).await?;
        let mut raised: Vec<(usize, concord_store::ActionRow)> = Vec::new();
        for (i, held_on) in dates.iter().enumerate() {
            let meeting = self
                .schedule_meeting(actor, local, &meeting_form(*held_on, AGENDA))
                .await?;
            if i == dates.len() - 1 {
                break; // the next meeting: scheduled, not yet held
            }
            // Close the actions due to be done at this meeting.
            for (from, action) in &raised {
                let spec = LOCAL_ACTIONS.iter().find(|a| a.2 == action.description);
                if let Some(spec) = spec
                    && spec.5 > 0
                    && from + spec.5 == i
                {
                    self.update_action_status(
                        actor,
                        local,
                        action.id,
                        &ActionUpdateForm {
                            status: "done".into(),
                            note: Some("Reported done at the meeting.".into()),
                        },
                    )
                    .await?;
                }
            }
            let attendance = AttendanceForm {
                agency_id: members.iter().map(|m| m.to_string()).collect(),
                presence: members
                    .iter()
                    .enumerate()
                    .map(|(n, _)| {
                        match (n + i) % 7 {
                            0 => "apologies",
                            3 if i % 2 == 1 => "absent",
                            _ => "present",
                        }
                        .to_string()
                    })
                    .collect(),
                attendee: vec![String::new(); members.len()],
            };
            self.record_attendance(actor, local, meeting.id, &attendance)
                .await?;
            for spec in LOCAL_ACTIONS.iter().filter(|a| a.0 == i) {
                let action = self
                    .raise_action(
                        actor,
                        local,
                        Some(meeting.id),
                        &ActionForm {
                            description: spec.2.into(),
                            owner_agency_id: agency(spec.1)?.to_string(),
                            due_on: (*held_on + Days::new(30)).to_string(),
                            ecological_level: Some(spec.3.into()),
                            essential_action: Some(spec.4.into()),
                        },
                    )
                    .await?;
                raised.push((i, action));
            }
            self.add_decision(
                actor,
                local,
                meeting.id,
                &TextForm {
                    text: format!(
                        "The council noted the subgroup reports (meeting {}).",
                        i + 1
                    ),
                },
            )
            .await?;
            self.save_minutes(
                actor,
                local,
                meeting.id,
                &TextForm {
                    text: "The chair welcomed members. Actions were reviewed one by one and new actions agreed as recorded.".into(),
                },
            )
            .await?;
            self.close_meeting(actor, local, meeting.id).await?;
        }
        // The regional committee and the national council meet less often.
        for (body, every, count) in [(regional, 2u32, 3u32), (national, 3, 2)] {
            let members = self.current_member_ids(body).await?;
            for n in 0..count {
                let held_on = today
                    .checked_sub_months(Months::new(every * (count - n)))
                    .unwrap_or(today);
                let meeting = self
                    .schedule_meeting(actor, body, &meeting_form(held_on, AGENDA))
                    .await?;
                self.record_attendance(
                    actor,
                    body,
                    meeting.id,
                    &AttendanceForm {
                        agency_id: members.iter().map(|m| m.to_string()).collect(),
                        presence: members
                            .iter()
                            .enumerate()
                            .map(|(k, _)| {
                                if (k + n as usize).is_multiple_of(4) {
                                    "apologies"
                                } else {
                                    "present"
                                }
                                .to_string()
                            })
                            .collect(),
                        attendee: vec![String::new(); members.len()],
                    },
                )
                .await?;
                if n == 0 {
                    self.raise_action(
                        actor,
                        body,
                        Some(meeting.id),
                        &ActionForm {
                            description: "Review the resourcing of district councils".into(),
                            owner_agency_id: members[0].to_string(),
                            due_on: (held_on + Days::new(45)).to_string(),
                            ecological_level: Some("societal".into()),
                            essential_action: Some("resourcing_and_financing".into()),
                        },
                    )
                    .await?;
                }
                self.close_meeting(actor, body, meeting.id).await?;
            }
        }
        Ok(())
    }

    async fn seed_assessments(
        &self,
        actor: &Actor,
        local: BodyId,
        agency: &impl Fn(&str) -> AppResult<AgencyId>,
        today: NaiveDate,
    ) -> AppResult<()> {
        let rounds = [
            (
                "Autumn review",
                6u32,
                [
                    "cooperation",
                    "coordination",
                    "cooperation",
                    "networking",
                    "cooperation",
                    "coordination",
                ],
                2u32,
            ),
            (
                "Spring review",
                0,
                [
                    "coordination",
                    "collaboration",
                    "coordination",
                    "cooperation",
                    "coordination",
                    "coordination",
                ],
                3,
            ),
        ];
        let members = [
            "Lakeside Social Services",
            "Safe Haven Women's Shelter",
            "Lakeside Police Domestic Abuse Unit",
            "Lakeside General Hospital One-Stop Centre",
            "Lakeside Magistrates' Court",
            "Lakeside Education Office",
        ];
        for (title, months_ago, stages, base) in rounds {
            let round = self
                .open_assessment_round(
                    actor,
                    local,
                    &AssessmentRoundForm {
                        title: title.into(),
                        opened_on: today
                            .checked_sub_months(Months::new(months_ago))
                            .unwrap_or(today)
                            .to_string(),
                    },
                )
                .await?;
            for (n, member) in members.iter().enumerate() {
                // Scores spread differently per measure, within 1..=5.
                let score = |shift: i64, spread: usize| {
                    (base as i64 + shift + (n % spread) as i64)
                        .clamp(1, 5)
                        .to_string()
                };
                self.answer_assessment(
                    actor,
                    local,
                    round.id,
                    &AssessmentAnswerForm {
                        agency_id: agency(member)?.to_string(),
                        stage: stages[n].into(),
                        climate: score(0, 3),
                        infrastructure: score(-1, 2),
                        activities: score(1, 2),
                        outcomes: score(-1, 3),
                    },
                )
                .await?;
            }
        }
        Ok(())
    }
}
