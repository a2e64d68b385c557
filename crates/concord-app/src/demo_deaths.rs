//! The demo femicide case for `concord demo` (issue 16, part 4): one
//! invented survivor of the shelter, an incident with its forms of
//! violence (her prior contact, derived by the record), and her killing recorded by the shelter's supervisor with the gender-related
//! killing record filled in. Through the same use cases as the pages;
//! deterministic and seeded once.

use crate::app::App;
use crate::cases::records::IncidentDetails;
use crate::error::AppResult;
use chrono::Duration;
use concord_domain::death::DeathForm;
use concord_domain::ids::CaseId;
use concord_domain::incident::IncidentForm;
use concord_domain::killing::KillingRecordForm;
use concord_domain::survivor::SurvivorForm;

const SEEDED_KEY: &str = "demo.femicide_seeded";

impl App {
    /// Seeds the demo femicide case once, after `seed_demo`. Returns its
    /// case, or `None` if it was there already or the demo accounts are
    /// missing.
    pub async fn seed_demo_femicide(&self) -> AppResult<Option<CaseId>> {
        if self.store.get_setting(SEEDED_KEY).await?.is_some() {
            return Ok(None);
        }
        let (Some(caseworker), Some(supervisor)) = (
            self.store
                .find_user_by_username("shelter.caseworker")
                .await?,
            self.store
                .find_user_by_username("shelter.supervisor")
                .await?,
        ) else {
            return Ok(None);
        };
        let caseworker = crate::signed_in::actor_of(&caseworker);
        let supervisor = crate::signed_in::actor_of(&supervisor);
        let form = SurvivorForm {
            name: "Amani Demo-Femicide".into(),
            age_years: "34".into(),
            sex_gender: "female".into(),
            displacement: "resident".into(),
            contact_method: "phone".into(),
            contact_details: "+000 555 8001".into(),
            ..SurvivorForm::default()
        };
        let (_, case) = self.register_survivor(&caseworker, &form).await?;
        let day = |days_ago: i64| (self.today() - Duration::days(days_ago)).to_string();
        let incident = IncidentForm {
            incident_date: day(60),
            date_first_reported: day(58),
            penetration: Some("no".into()),
            unwanted_sexual_contact: Some("no".into()),
            physical_assault: Some("yes".into()),
            context_flags: vec!["intimate_partner_violence".into()],
            forms_of_violence: vec![
                "intimate_partner_violence".into(),
                "technology_facilitated_violence".into(),
            ],
            perpetrator_relationship: "intimate_partner".into(),
            perpetrator_sex: "male".into(),
            perpetrator_age_group: "26_40".into(),
            ..IncidentForm::default()
        };
        let details = IncidentDetails {
            perpetrator_identity: String::new(),
            narrative: String::new(),
        };
        self.record_incident(&caseworker, case.id, &incident, &details)
            .await?;
        let death = DeathForm {
            died_on: day(5),
            killing: Some("yes".into()),
        };
        let record = KillingRecordForm {
            relationship: "intimate_partner".into(),
            characteristics: vec!["previous_violence_by_perpetrator".into()],
            perpetrator_sex: "male".into(),
            perpetrator_age_group: "26_40".into(),
        };
        self.record_death(&supervisor, case.id, &death, Some(&record))
            .await?;
        self.store.put_setting(SEEDED_KEY, "1").await?;
        Ok(Some(case.id))
    }
}
