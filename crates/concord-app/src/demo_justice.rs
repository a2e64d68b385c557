//! Demo justice chains for `concord demo`: seven invented survivors
//! registered by the police unit, each with a chain in another state —
//! reported only, arrested and bailed, no further action, her withdrawal
//! of support, at court with special measures, convicted and sentenced,
//! acquitted. Steps are recorded through the same use case as the pages, by
//! the agency that knows them (the prosecutor's office and the court under
//! her consent naming justice). Deterministic and seeded once.

use crate::app::App;
use crate::error::AppResult;
use chrono::Duration;
use concord_domain::access::Actor;
use concord_domain::consent::{ConsentForm, Purpose};
use concord_domain::ids::CaseId;
use concord_domain::justice::JusticeEventForm;
use concord_domain::survivor::SurvivorForm;

const SEEDED_KEY: &str = "demo.justice_seeded";

/// Who records a step.
#[derive(Clone, Copy)]
enum By {
    Police,
    Prosecutor,
    Court,
}

/// One step: who, what, days before today, outcome, reason, detail.
type Step = (
    By,
    &'static str,
    i64,
    Option<&'static str>,
    Option<&'static str>,
    Option<&'static str>,
);

const REPORT: Step = (
    By::Police,
    "reported_to_police",
    120,
    None,
    None,
    Some("CR-DEMO-0001"),
);

/// (her invented name, the steps after the report).
const CHAINS: &[(&str, &[Step])] = &[
    ("Wanjiru Demo-Justice", &[]),
    (
        "Zainab Demo-Justice",
        &[
            (
                By::Police,
                "crime_recorded",
                119,
                Some("minor_assault"),
                None,
                None,
            ),
            (By::Police, "arrest", 118, None, None, None),
            (
                By::Police,
                "released_on_bail",
                117,
                None,
                None,
                Some("Not to contact her or go to her street."),
            ),
        ],
    ),
    (
        "Abena Demo-Justice",
        &[
            (
                By::Police,
                "crime_recorded",
                119,
                Some("serious_threat"),
                None,
                None,
            ),
            (
                By::Police,
                "charge_decision",
                90,
                Some("no_further_action"),
                Some("evidential_difficulties"),
                None,
            ),
        ],
    ),
    (
        "Lucia Demo-Justice",
        &[
            (
                By::Police,
                "crime_recorded",
                119,
                Some("harassment_and_stalking"),
                None,
                None,
            ),
            (By::Police, "arrest", 110, None, None, None),
            (
                By::Police,
                "support_withdrawn",
                100,
                None,
                Some("fear_of_reprisal"),
                None,
            ),
            (
                By::Police,
                "charge_decision",
                95,
                Some("no_further_action"),
                Some("victim_does_not_support"),
                None,
            ),
        ],
    ),
    (
        "Ngozi Demo-Justice",
        &[
            (
                By::Police,
                "crime_recorded",
                119,
                Some("serious_assault"),
                None,
                None,
            ),
            (By::Police, "arrest", 118, None, None, None),
            (
                By::Police,
                "charge_decision",
                100,
                Some("charged"),
                None,
                None,
            ),
            (By::Prosecutor, "prosecution_started", 99, None, None, None),
            (
                By::Court,
                "special_measures",
                60,
                Some("screens"),
                None,
                None,
            ),
            (
                By::Court,
                "court_hearing",
                40,
                Some("pleaded_not_guilty"),
                None,
                None,
            ),
        ],
    ),
    (
        "Halima Demo-Justice",
        &[
            (By::Police, "crime_recorded", 119, Some("rape"), None, None),
            (By::Police, "arrest", 118, None, None, None),
            (
                By::Police,
                "charge_decision",
                100,
                Some("charged"),
                None,
                None,
            ),
            (By::Prosecutor, "prosecution_started", 99, None, None, None),
            (
                By::Court,
                "court_hearing",
                30,
                Some("trial_held"),
                None,
                None,
            ),
            (By::Court, "verdict", 30, Some("guilty"), None, None),
            (By::Court, "sentence", 10, Some("custody"), None, None),
        ],
    ),
    (
        "Irina Demo-Justice",
        &[
            (
                By::Police,
                "crime_recorded",
                119,
                Some("sexual_assault"),
                None,
                None,
            ),
            (
                By::Police,
                "charge_decision",
                100,
                Some("charged"),
                None,
                None,
            ),
            (By::Prosecutor, "prosecution_started", 99, None, None, None),
            (
                By::Court,
                "court_hearing",
                20,
                Some("trial_held"),
                None,
                None,
            ),
            (By::Court, "verdict", 20, Some("not_guilty"), None, None),
        ],
    ),
];

struct Recorders {
    police: Actor,
    prosecutor: Actor,
    court: Actor,
}

impl Recorders {
    fn of(&self, by: By) -> &Actor {
        match by {
            By::Police => &self.police,
            By::Prosecutor => &self.prosecutor,
            By::Court => &self.court,
        }
    }
}

impl App {
    /// Seeds the demo justice chains once, after `seed_demo`. False if they
    /// were there already or the demo accounts are missing.
    pub async fn seed_demo_justice(&self) -> AppResult<bool> {
        if self.store.get_setting(SEEDED_KEY).await?.is_some() {
            return Ok(false);
        }
        let mut actors = Vec::new();
        for username in ["police.officer", "prosecutor", "court.clerk"] {
            match self.store.find_user_by_username(username).await? {
                Some(user) => actors.push(crate::signed_in::actor_of(&user)),
                None => return Ok(false),
            }
        }
        let recorders = Recorders {
            court: actors.remove(2),
            prosecutor: actors.remove(1),
            police: actors.remove(0),
        };
        for (n, (name, steps)) in CHAINS.iter().enumerate() {
            let at_court = steps.iter().any(|s| !matches!(s.0, By::Police));
            let case = self
                .demo_justice_case(&recorders, name, n, at_court)
                .await?;
            for step in std::iter::once(&REPORT).chain(steps.iter()) {
                self.demo_justice_step(&recorders, case, n, step).await?;
            }
        }
        self.store.put_setting(SEEDED_KEY, "1").await?;
        Ok(true)
    }

    /// A case of the police unit; one that goes to court has her consent to
    /// the prosecutor's office and the court for their part of the chain.
    async fn demo_justice_case(
        &self,
        recorders: &Recorders,
        name: &str,
        n: usize,
        at_court: bool,
    ) -> AppResult<CaseId> {
        let police = &recorders.police;
        let form = SurvivorForm {
            name: name.into(),
            age_years: (24 + n * 3).to_string(),
            sex_gender: "female".into(),
            displacement: "resident".into(),
            contact_method: "phone".into(),
            contact_details: format!("+000 555 7{n:03}"),
            ..SurvivorForm::default()
        };
        let (_, case) = self.register_survivor(police, &form).await?;
        if !at_court {
            return Ok(case.id);
        }
        let until = (self.today() + Duration::days(300)).to_string();
        for agency in [recorders.prosecutor.agency_id, recorders.court.agency_id] {
            let consent = ConsentForm {
                recipient_agency: agency.to_string(),
                purposes: vec![Purpose::PoliceReport.as_str().into()],
                categories: vec!["identity_and_contact".into(), "justice".into()],
                given_by: "survivor".into(),
                valid_until: until.clone(),
                ..ConsentForm::default()
            };
            self.record_consent(police, case.id, &consent).await?;
        }
        Ok(case.id)
    }

    async fn demo_justice_step(
        &self,
        recorders: &Recorders,
        case: CaseId,
        n: usize,
        &(by, kind, days_ago, outcome, reason, detail): &Step,
    ) -> AppResult<()> {
        let form = JusticeEventForm {
            kind: kind.to_string(),
            occurred_on: (self.today() - Duration::days(days_ago)).to_string(),
            outcome: outcome.map(str::to_string),
            reason: reason.map(str::to_string),
            detail: detail.map(|d| d.replace("0001", &format!("{:04}", n + 1))),
        };
        let purpose = match by {
            By::Police => None,
            By::Prosecutor | By::Court => Some(Purpose::PoliceReport),
        };
        self.record_justice_event(recorders.of(by), case, &form, purpose)
            .await?;
        Ok(())
    }
}
