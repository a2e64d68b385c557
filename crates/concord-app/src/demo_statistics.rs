//! Demo incident history for the Statistics area (`concord demo`): 24
//! months of incidents across the four districts, weighted so that the
//! nation's figures are large enough to show while some district cells of
//! a month are small and suppressed. Some survivors come back within a
//! year (repeat victimisation). Deterministic; about 260 survivors and 600
//! incidents, so it seeds in seconds.

use crate::app::App;
use crate::cases::records::IncidentDetails;
use crate::demo_cases::Dice;
use crate::error::AppResult;
use chrono::{Duration, Months, NaiveDate};
use concord_domain::access::Actor;
use concord_domain::incident::IncidentForm;
use concord_domain::survivor::SurvivorForm;

const SEEDED_KEY: &str = "demo.statistics_seeded";

/// Districts and how many incidents a month each sees on average (in
/// twentieths of the nation's).
const DISTRICTS: &[(&str, usize)] = &[
    ("KV-N-LAK", 9),
    ("KV-S-RIV", 6),
    ("KV-N-HIL", 3),
    ("KV-S-COA", 2),
];

const QUESTIONS: &[&str] = &[
    "penetration",
    "unwanted_sexual_contact",
    "physical_assault",
    "physical_assault",
    "physical_assault",
    "forced_marriage",
    "denial_of_resources",
    "psychological_abuse",
    "psychological_abuse",
];

const RELATIONSHIPS: &[&str] = &[
    "intimate_partner",
    "intimate_partner",
    "former_partner",
    "family_member",
    "acquaintance",
    "stranger",
    "authority_figure",
];

const CONTEXTS: &[&str] = &[
    "intimate_partner_violence",
    "child_sexual_abuse",
    "early_marriage",
    "harmful_traditional_practice",
];

/// The number of survivors and how many incidents each may have.
const SURVIVORS: usize = 260;
const MONTHS: u32 = 24;

impl App {
    /// Seeds the history once, after `seed_demo`. Returns the number of
    /// incidents recorded (0 when already seeded or without the demo).
    pub async fn seed_demo_statistics(&self) -> AppResult<usize> {
        if self.store.get_setting(SEEDED_KEY).await?.is_some() {
            return Ok(0);
        }
        let mut workers = Vec::new();
        for username in ["shelter.caseworker", "police.officer", "hospital.nurse"] {
            if let Some(user) = self.store.find_user_by_username(username).await? {
                workers.push(crate::signed_in::actor_of(&user));
            }
        }
        let areas = self.store.statistics_areas().await?;
        let district = |code: &str| areas.iter().find(|a| a.code == code).map(|a| a.id);
        if workers.is_empty() || DISTRICTS.iter().any(|(c, _)| district(c).is_none()) {
            return Ok(0);
        }
        let mut dice = Dice(1309);
        let today = self.today();
        let start = today - Months::new(MONTHS);
        let mut recorded = 0;
        for n in 0..SURVIVORS {
            let actor = &workers[n % workers.len()];
            let (code, _) = weighted(&mut dice);
            let area = district(code).expect("checked above");
            let girl = dice.next(6) == 0;
            let case = self.demo_survivor(actor, &mut dice, girl, n).await?;
            // 1 to 4 incidents, weeks to months apart: many come back within a year.
            let count = [1, 2, 2, 3, 3, 4][dice.next(6)];
            let mut day = start + Duration::days(dice.next(700) as i64);
            for _ in 0..count {
                if day > today {
                    break;
                }
                let form = incident(&mut dice, day, today, area.to_string(), girl);
                let details = IncidentDetails {
                    perpetrator_identity: String::new(),
                    narrative: "Recorded for the demo statistics.".into(),
                };
                self.record_incident(actor, case, &form, &details).await?;
                recorded += 1;
                day += Duration::days(15 + dice.next(200) as i64);
            }
        }
        self.store.put_setting(SEEDED_KEY, "1").await?;
        Ok(recorded)
    }

    async fn demo_survivor(
        &self,
        actor: &Actor,
        dice: &mut Dice,
        girl: bool,
        n: usize,
    ) -> AppResult<concord_domain::ids::CaseId> {
        let years = if girl {
            13 + dice.next(4)
        } else {
            19 + dice.next(45)
        };
        let form = SurvivorForm {
            age_years: years.to_string(),
            sex_gender: ["female", "female", "female", "female", "female", "male"][dice.next(6)]
                .into(),
            displacement: ["resident", "resident", "internally_displaced", "refugee"][dice.next(4)]
                .into(),
            languages: "English".into(),
            contact_method: "in_person".into(),
            contact_details: format!("+000 556 {:04}", 1000 + n),
            safe_times: "any time".into(),
            code_word: "lantern".into(),
            ..SurvivorForm::default()
        };
        let (_, case) = self.register_survivor(actor, &form).await?;
        Ok(case.id)
    }
}

/// A district, drawn by weight.
fn weighted(dice: &mut Dice) -> (&'static str, usize) {
    let total: usize = DISTRICTS.iter().map(|(_, w)| w).sum();
    let mut roll = dice.next(total);
    for (code, weight) in DISTRICTS {
        if roll < *weight {
            return (code, *weight);
        }
        roll -= weight;
    }
    DISTRICTS[0]
}

fn incident(
    dice: &mut Dice,
    day: NaiveDate,
    today: NaiveDate,
    area: String,
    girl: bool,
) -> IncidentForm {
    let question = QUESTIONS[dice.next(QUESTIONS.len())];
    let yes = |q: &str| Some(if q == question { "yes" } else { "no" }.to_string());
    let delay = [0, 0, 1, 2, 3, 5, 9, 20, 45][dice.next(9)];
    let reported = (day + Duration::days(delay)).min(today);
    let mut contexts = Vec::new();
    if dice.next(2) == 0 {
        contexts.push(CONTEXTS[if girl { 1 + dice.next(3) } else { 0 }].to_string());
    }
    IncidentForm {
        incident_date: day.to_string(),
        date_first_reported: reported.to_string(),
        area_id: Some(area),
        penetration: yes("penetration"),
        unwanted_sexual_contact: yes("unwanted_sexual_contact"),
        physical_assault: yes("physical_assault"),
        forced_marriage: yes("forced_marriage"),
        denial_of_resources: yes("denial_of_resources"),
        psychological_abuse: yes("psychological_abuse"),
        context_flags: contexts,
        perpetrator_relationship: RELATIONSHIPS[dice.next(RELATIONSHIPS.len())].into(),
        perpetrator_sex: "male".into(),
        perpetrator_age_group: ["18_25", "26_40", "41_60"][dice.next(3)].into(),
        already_reported_elsewhere: (dice.next(20) == 0).then(|| "on".to_string()),
        consent_to_statistics: (dice.next(8) != 0).then(|| "on".to_string()),
        ..IncidentForm::default()
    }
}
