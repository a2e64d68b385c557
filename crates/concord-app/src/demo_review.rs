//! The demo's domestic homicide review panel: a coordination body of type
//! *review panel* in Lakeside District, run by the demo secretariat, with
//! the police unit, the prosecutor's office and the hospital's one-stop
//! centre as members. No demo case is a death yet, so no chronology is
//! granted here; a femicide case grants it with [`App::grant_review`].

use crate::app::App;
use crate::error::{AppError, AppResult};
use concord_domain::governance::BodyType;
use concord_domain::governance::forms::{BodyRegistrationForm, MemberForm};
use concord_domain::ids::BodyId;

const SEEDED_KEY: &str = "demo.review_seeded";
/// The demo panel's name.
pub const DEMO_REVIEW_PANEL: &str = "Lakeside Domestic Homicide Review Panel";
const LOCAL: &str = "Lakeside Local Coordination Council";
const MEMBERS: [(&str, &str, &str); 3] = [
    (
        "Lakeside Police Domestic Abuse Unit",
        "Det. Insp. Carla Mendes",
        "Review lead, policing",
    ),
    (
        "Northern Public Prosecutor's Office",
        "Kofi Badu",
        "Senior Prosecutor",
    ),
    (
        "Lakeside General Hospital One-Stop Centre",
        "Dr. Samuel Otieno",
        "Medical Director",
    ),
];

impl App {
    /// Seeds the review panel once, after `seed_demo`; returns its id, or
    /// `None` if it was there already or the demo accounts are missing.
    pub async fn seed_demo_review(&self) -> AppResult<Option<BodyId>> {
        if self.store.get_setting(SEEDED_KEY).await?.is_some() {
            return Ok(None);
        }
        let (Some(admin), Some(secretariat)) = (
            self.store.find_user_by_username("admin").await?,
            self.store.find_user_by_username("secretariat").await?,
        ) else {
            return Ok(None);
        };
        let bodies = self.store.list_bodies().await?;
        let Some(local) = bodies.iter().find(|b| b.name == LOCAL) else {
            return Ok(None);
        };
        let admin = crate::signed_in::actor_of(&admin);
        let secretariat = crate::signed_in::actor_of(&secretariat);
        let panel = self
            .register_body(
                &admin,
                &BodyRegistrationForm {
                    name: DEMO_REVIEW_PANEL.into(),
                    body_type: BodyType::ReviewPanel.as_str().into(),
                    level: "local".into(),
                    area_id: local.area_id.to_string(),
                    parent_id: local.parent_id.map(|p| p.to_string()),
                    secretariat_agency_id: Some(secretariat.agency_id.to_string()),
                },
            )
            .await?;
        let joined_on = self.today().to_string();
        for (agency, representative, title) in MEMBERS {
            let agency = self
                .find_agency_for_command_line(agency)
                .await?
                .ok_or_else(|| AppError::Internal(format!("demo agency missing: {agency}")))?;
            self.save_member(
                &secretariat,
                panel.id,
                &MemberForm {
                    agency_id: agency.id.to_string(),
                    representative: representative.into(),
                    representative_title: Some(title.into()),
                    decision_authority: Some("on".into()),
                    joined_on: joined_on.clone(),
                    ..MemberForm::default()
                },
            )
            .await?;
        }
        self.store.put_setting(SEEDED_KEY, "1").await?;
        Ok(Some(panel.id))
    }
}
