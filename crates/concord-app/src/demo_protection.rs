//! The demo's protection orders (issue 16 §2): a police case with two
//! incidents, a non-molestation order and a breach of it; the breach is the
//! third event in the year, so her referral to the demo conference meets
//! potential escalation (and nothing else), and it is listed there.

use crate::app::App;
use crate::cases::records::IncidentDetails;
use crate::error::AppResult;
use chrono::Duration;
use concord_domain::incident::IncidentForm;
use concord_domain::protection::{BreachForm, OrderForm};
use concord_domain::risk::conference_form::{ConferenceReferralForm, ScreeningForm};
use concord_domain::survivor::SurvivorForm;

const SEEDED_KEY: &str = "demo_protection_seeded";

impl App {
    /// Seeds once, after the demo conference. Returns false if it was there
    /// already (or the demo conference is not).
    pub async fn seed_demo_protection(&self) -> AppResult<bool> {
        if self.store.get_setting(SEEDED_KEY).await?.is_some() {
            return Ok(false);
        }
        let (Some(officer), Some(coordinator)) = (
            self.store.find_user_by_username("police.officer").await?,
            self.store
                .find_user_by_username("marac.coordinator")
                .await?,
        ) else {
            return Ok(false);
        };
        let police = crate::signed_in::actor_of(&officer);
        let coordinator = crate::signed_in::actor_of(&coordinator);
        let Some(conference) = self
            .conferences(&police)
            .await?
            .into_iter()
            .find(|c| c.name == "Lakeside MARAC")
        else {
            return Ok(false);
        };
        let today = self.today();
        let ago = |days: i64| (today - Duration::days(days)).to_string();
        let form = SurvivorForm {
            name: "Leila Example-Breach".into(),
            age_years: "33".into(),
            sex_gender: "female".into(),
            displacement: "resident".into(),
            contact_method: "phone".into(),
            contact_details: "+000 555 7900".into(),
            ..SurvivorForm::default()
        };
        let (_, case) = self.register_survivor(&police, &form).await?;
        for days in [150, 60] {
            let incident = IncidentForm {
                incident_date: ago(days),
                date_first_reported: ago(days),
                penetration: Some("no".into()),
                unwanted_sexual_contact: Some("no".into()),
                physical_assault: Some("yes".into()),
                perpetrator_relationship: "former_partner".into(),
                perpetrator_sex: "male".into(),
                perpetrator_age_group: "26_40".into(),
                consent_to_statistics: Some("on".into()),
                ..IncidentForm::default()
            };
            let details = IncidentDetails {
                perpetrator_identity: "Marco Example-Breach".into(),
                narrative: "He came to her flat and hit her (demo).".into(),
            };
            self.record_incident(&police, case.id, &incident, &details)
                .await?;
        }
        let order = OrderForm {
            kind: "non_molestation_order".into(),
            issued_by: "Lakeside Family Court (demo)".into(),
            issued_on: ago(55),
            served_on: ago(54),
            expires_on: (today + Duration::days(10)).to_string(),
            conditions: "Not to contact her or come within 100 metres of her home (demo).".into(),
        };
        let order = self
            .record_protection_order(&police, case.id, &order, None)
            .await?;
        let breach = BreachForm {
            breached_on: ago(12),
            action_taken: "arrested".into(),
        };
        self.record_order_breach(&police, case.id, order.row.id, &breach, None)
            .await?;
        let referral = self
            .refer_to_conference(
                &police,
                case.id,
                &ConferenceReferralForm {
                    conference_id: conference.id.to_string(),
                    judgement_reason: String::new(),
                    children_in_household: "1".into(),
                    survivor_told: "yes".into(),
                    referred_on: String::new(),
                },
            )
            .await?;
        self.screen_conference_referral(
            &coordinator,
            referral.id,
            &ScreeningForm {
                decision: "accept".into(),
                reason: String::new(),
            },
        )
        .await?;
        self.store.put_setting(SEEDED_KEY, "1").await?;
        Ok(true)
    }
}
