//! Demo survivors and cases for `concord demo`: about 200 invented
//! survivors across the demo agencies, with incidents, consents (some
//! expired or withdrawn), notes and cases at every step. Deterministic, so
//! every demo looks the same. Kept apart from `seed_demo` so tests that
//! only need the district stay fast.

use crate::app::App;
use crate::cases::records::IncidentDetails;
use crate::cases::workflow::CaseStepForm;
use crate::error::AppResult;
use chrono::Duration;
use concord_domain::access::Actor;
use concord_domain::consent::ConsentForm;
use concord_domain::incident::IncidentForm;
use concord_domain::survivor::SurvivorForm;

const SEEDED_KEY: &str = "demo.cases_seeded";

const FIRST_NAMES: &[&str] = &[
    "Amani", "Beatrice", "Chiara", "Dalia", "Esi", "Fatima", "Grace", "Hana", "Imani", "Jamila",
    "Katya", "Leila", "Mariam", "Nadia", "Olga", "Precious", "Rania", "Sara", "Tendai", "Yasmin",
];
const FAMILY_NAMES: &[&str] = &[
    "Abara", "Bello", "Costa", "Dlamini", "Eze", "Farah", "Gomez", "Haddad", "Ivanova", "Juma",
    "Kamau", "Lungu", "Mensah", "Nkosi", "Okafor",
];
const NOTES: &[&str] = &[
    "First meeting at the office. She wants support with housing and a protection order.",
    "Phoned at the agreed safe time; she is staying with her sister for now.",
    "Accompanied her to the health centre. Follow-up appointment booked.",
    "Discussed the safety plan, including a bag with documents kept at a friend's house.",
];

/// Deterministic pseudo-random numbers for repeatable demo data.
pub(crate) struct Dice(pub(crate) u64);

impl Dice {
    pub(crate) fn next(&mut self, below: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % below.max(1)
    }
}

impl App {
    /// Seeds `survivors` demo survivors once, after `seed_demo`, registered
    /// by the demo case workers and shared with the agencies of the others.
    pub async fn seed_demo_cases(&self, survivors: usize) -> AppResult<usize> {
        if self.store.get_setting(SEEDED_KEY).await?.is_some() {
            return Ok(0);
        }
        let mut case_workers = Vec::new();
        for username in [
            "shelter.caseworker",
            "police.officer",
            "hospital.nurse",
            "marac.coordinator",
        ] {
            if let Some(user) = self.store.find_user_by_username(username).await? {
                case_workers.push(crate::signed_in::actor_of(&user));
            }
        }
        if case_workers.is_empty() {
            return Ok(0);
        }
        let recipients: Vec<_> = case_workers.iter().map(|a| a.agency_id).collect();
        let case_workers = &case_workers[..];
        let recipients = &recipients[..];
        let mut dice = Dice(2026);
        let today = self.today();
        for n in 0..survivors {
            let actor = &case_workers[n % case_workers.len()];
            self.seed_one_case(actor, recipients, &mut dice, today, n)
                .await?;
        }
        self.store.put_setting(SEEDED_KEY, "1").await?;
        Ok(survivors)
    }

    pub(crate) async fn seed_one_case(
        &self,
        actor: &Actor,
        recipients: &[concord_domain::ids::AgencyId],
        dice: &mut Dice,
        today: chrono::NaiveDate,
        n: usize,
    ) -> AppResult<()> {
        let anonymous = dice.next(6) == 0;
        let name = format!(
            "{} {}",
            FIRST_NAMES[dice.next(FIRST_NAMES.len())],
            FAMILY_NAMES[dice.next(FAMILY_NAMES.len())]
        );
        let born =
            today - Duration::days(365 * (19 + dice.next(45) as i64) + dice.next(365) as i64);
        let form = SurvivorForm {
            name: if anonymous { String::new() } else { name },
            date_of_birth: if anonymous {
                String::new()
            } else {
                born.to_string()
            },
            age_years: if anonymous {
                (18 + dice.next(40)).to_string()
            } else {
                String::new()
            },
            sex_gender: "female".into(),
            displacement: ["resident", "resident", "internally_displaced", "refugee"][dice.next(4)]
                .into(),
            languages: ["English", "English, Swahili", "Arabic", "French"][dice.next(4)].into(),
            contact_method: [
                "phone",
                "text_message",
                "in_person",
                "through_trusted_person",
            ][dice.next(4)]
            .into(),
            contact_details: format!("+000 555 {:04}", 1000 + n),
            safe_times: ["weekday mornings", "after 6 pm", "any time"][dice.next(3)].into(),
            code_word: ["sunflower", "blue kettle", "river"][dice.next(3)].into(),
            disability: (dice.next(8) == 0).then(|| "on".to_string()),
            ..SurvivorForm::default()
        };
        let (_, case) = self.register_survivor(actor, &form).await?;
        let happened = today - Duration::days(1 + dice.next(300) as i64);
        let reported = happened + Duration::days(dice.next(40) as i64);
        let reported = reported.min(today);
        let question = [
            "penetration",
            "unwanted_sexual_contact",
            "physical_assault",
            "physical_assault",
            "psychological_abuse",
            "denial_of_resources",
        ][dice.next(6)];
        let yes = |q: &str| Some(if q == question { "yes" } else { "no" }.to_string());
        let incident = IncidentForm {
            incident_date: happened.to_string(),
            date_first_reported: reported.to_string(),
            penetration: yes("penetration"),
            unwanted_sexual_contact: yes("unwanted_sexual_contact"),
            physical_assault: yes("physical_assault"),
            forced_marriage: yes("forced_marriage"),
            denial_of_resources: yes("denial_of_resources"),
            psychological_abuse: yes("psychological_abuse"),
            context_flags: vec!["intimate_partner_violence".into()],
            perpetrator_relationship: [
                "intimate_partner",
                "former_partner",
                "family_member",
                "acquaintance",
            ][dice.next(4)]
            .into(),
            perpetrator_sex: "male".into(),
            perpetrator_age_group: ["18_25", "26_40", "41_60"][dice.next(3)].into(),
            consent_to_statistics: (dice.next(5) != 0).then(|| "on".to_string()),
            ..IncidentForm::default()
        };
        let details = IncidentDetails {
            perpetrator_identity: String::new(),
            narrative: "Account recorded at first contact (demo).".into(),
        };
        self.record_incident(actor, case.id, &incident, &details)
            .await?;
        if dice.next(3) != 0 {
            self.add_note(actor, case.id, NOTES[dice.next(NOTES.len())])
                .await?;
        }
        // Consents: some active, some withdrawn; a few already expired
        // (recorded with a short validity that the demo clock has passed).
        if !recipients.is_empty() && dice.next(2) == 0 {
            let recipient = recipients[dice.next(recipients.len())];
            if recipient != actor.agency_id {
                let consent = ConsentForm {
                    recipient_agency: recipient.to_string(),
                    purposes: vec!["referral_for_services".into()],
                    categories: vec!["identity_and_contact".into(), "incident".into()],
                    given_by: "survivor".into(),
                    valid_until: (today + Duration::days(30 + dice.next(200) as i64)).to_string(),
                    ..ConsentForm::default()
                };
                let row = self.record_consent(actor, case.id, &consent).await?;
                if dice.next(4) == 0 {
                    self.withdraw_consent(actor, case.id, row.id).await?;
                } else if dice.next(4) == 0 {
                    self.seed_expired_consent(actor, row).await?;
                }
            }
        }
        // Move the case along the six steps by a random amount.
        let steps = [
            "assessment_completed",
            "plan_agreed",
            "implementation_started",
            "follow_up_started",
        ];
        for step in steps.iter().take(dice.next(steps.len() + 1)) {
            let form = CaseStepForm {
                event: step.to_string(),
                ..CaseStepForm::default()
            };
            self.take_case_step(actor, case.id, &form).await?;
        }
        if dice.next(6) == 0 {
            let form = CaseStepForm {
                event: "closure_requested".into(),
                reason: "needs_met".into(),
                ..CaseStepForm::default()
            };
            self.take_case_step(actor, case.id, &form).await?;
        }
        Ok(())
    }

    /// A consent that ran out a few days ago (the form only accepts future
    /// end dates, so the demo writes one directly, audited like any other).
    async fn seed_expired_consent(
        &self,
        actor: &Actor,
        mut row: concord_store::ConsentRow,
    ) -> AppResult<()> {
        let now = self.clock.now();
        row.id = concord_domain::ids::ConsentId::new();
        row.valid_from = now - Duration::days(90);
        row.valid_until = now - Duration::days(3);
        row.recorded_at = row.valid_from;
        let event = self.event(
            Some(actor),
            concord_domain::audit::AuditAction::ConsentRecorded,
            Some(("case", row.case_id.to_string())),
            concord_domain::audit::AuditOutcome::Success,
            serde_json::json!({ "consent_id": row.id, "demo": "expired" }),
        );
        self.store.create_consent(&row, &event).await?;
        Ok(())
    }
}
