//! The demo district that `concord demo` seeds: a small fictional country
//! with two regions, four districts, the agencies of a coordinated
//! response, and an account for every role.

use crate::app::App;
use crate::error::{AppError, AppResult};
use concord_domain::agency::AgencyForm;
use concord_domain::area::AreaForm;
use concord_domain::coordination::BodyLevel;
use concord_domain::ids::{AgencyId, AreaId};
use concord_domain::role::Role;
use concord_domain::user::UserForm;
use secrecy::SecretString;
use std::collections::HashMap;

/// Every demo account signs in with this password (demo only).
pub const DEMO_PASSWORD: &str = "concord-demo-2026";
const SEEDED_KEY: &str = "demo.seeded";

/// A demo account to print at start-up.
pub struct DemoAccount {
    pub username: &'static str,
    pub role: Role,
    pub agency: &'static str,
}

struct DemoArea {
    code: &'static str,
    name: &'static str,
    level: &'static str,
    parent: Option<&'static str>,
    adult_female_population: Option<i64>,
}

const fn area(
    code: &'static str,
    name: &'static str,
    level: &'static str,
    parent: Option<&'static str>,
    adult_female_population: Option<i64>,
) -> DemoArea {
    DemoArea {
        code,
        name,
        level,
        parent,
        adult_female_population,
    }
}

const AREAS: &[DemoArea] = &[
    area("KV", "Kelvara", "national", None, Some(2_150_000)),
    area(
        "KV-N",
        "Northern Region",
        "region",
        Some("KV"),
        Some(1_230_000),
    ),
    area(
        "KV-S",
        "Southern Region",
        "region",
        Some("KV"),
        Some(920_000),
    ),
    area(
        "KV-N-LAK",
        "Lakeside District",
        "district",
        Some("KV-N"),
        Some(410_000),
    ),
    area(
        "KV-N-HIL",
        "Hillview District",
        "district",
        Some("KV-N"),
        Some(260_000),
    ),
    area(
        "KV-S-RIV",
        "Riverside District",
        "district",
        Some("KV-S"),
        Some(330_000),
    ),
    area(
        "KV-S-COA",
        "Coastal District",
        "district",
        Some("KV-S"),
        Some(190_000),
    ),
];

// (name, sector, governance, areas served)
const AGENCIES: &[(&str, &str, &str, &[&str])] = &[
    (
        "Ministry of Gender and Social Affairs",
        "social_services",
        "government",
        &["KV"],
    ),
    (
        "Lakeside Police Domestic Abuse Unit",
        "police",
        "government",
        &["KV-N-LAK"],
    ),
    (
        "Northern Public Prosecutor's Office",
        "prosecution",
        "government",
        &["KV-N"],
    ),
    (
        "Lakeside Magistrates' Court",
        "judiciary",
        "government",
        &["KV-N-LAK", "KV-N-HIL"],
    ),
    (
        "Lakeside General Hospital One-Stop Centre",
        "health",
        "government",
        &["KV-N-LAK"],
    ),
    (
        "Hillview Primary Health Clinic",
        "health",
        "government",
        &["KV-N-HIL"],
    ),
    (
        "Lakeside Social Services",
        "social_services",
        "government",
        &["KV-N-LAK"],
    ),
    (
        "Safe Haven Women's Shelter",
        "shelter_womens_ngo",
        "non_government",
        &["KV-N-LAK", "KV-N-HIL"],
    ),
    (
        "Women's Legal Aid Network",
        "legal_aid",
        "non_government",
        &["KV-N", "KV-S"],
    ),
    (
        "Northern Housing Authority",
        "housing",
        "government",
        &["KV-N"],
    ),
    (
        "Lakeside Education Office",
        "education",
        "government",
        &["KV-N-LAK"],
    ),
    (
        "Northern Child Protection Service",
        "child_protection",
        "government",
        &["KV-N"],
    ),
    (
        "Riverside Police Station",
        "police",
        "government",
        &["KV-S-RIV"],
    ),
    (
        "Coastal Women's Centre",
        "shelter_womens_ngo",
        "non_government",
        &["KV-S-COA"],
    ),
];

pub const DEMO_ACCOUNTS: &[DemoAccount] = &[
    DemoAccount {
        username: "admin",
        role: Role::SystemAdministrator,
        agency: "Ministry of Gender and Social Affairs",
    },
    DemoAccount {
        username: "secretariat",
        role: Role::CoordinationSecretariat,
        agency: "Ministry of Gender and Social Affairs",
    },
    DemoAccount {
        username: "analyst",
        role: Role::Analyst,
        agency: "Ministry of Gender and Social Affairs",
    },
    DemoAccount {
        username: "shelter.admin",
        role: Role::AgencyAdministrator,
        agency: "Safe Haven Women's Shelter",
    },
    DemoAccount {
        username: "shelter.caseworker",
        role: Role::Caseworker,
        agency: "Safe Haven Women's Shelter",
    },
    DemoAccount {
        username: "shelter.supervisor",
        role: Role::Supervisor,
        agency: "Safe Haven Women's Shelter",
    },
    DemoAccount {
        username: "police.officer",
        role: Role::Caseworker,
        agency: "Lakeside Police Domestic Abuse Unit",
    },
    DemoAccount {
        username: "prosecutor",
        role: Role::Caseworker,
        agency: "Northern Public Prosecutor's Office",
    },
    DemoAccount {
        username: "court.clerk",
        role: Role::Caseworker,
        agency: "Lakeside Magistrates' Court",
    },
    DemoAccount {
        username: "hospital.nurse",
        role: Role::Caseworker,
        agency: "Lakeside General Hospital One-Stop Centre",
    },
    DemoAccount {
        username: "marac.coordinator",
        role: Role::RiskConferenceCoordinator,
        agency: "Lakeside Social Services",
    },
];

const DISPLAY_NAMES: &[(&str, &str)] = &[
    ("admin", "Grace Obi"),
    ("secretariat", "Lina Haddad"),
    ("analyst", "Tomas Varga"),
    ("shelter.admin", "Maria Santos"),
    ("shelter.caseworker", "Amina Yusuf"),
    ("shelter.supervisor", "Helen Park"),
    ("police.officer", "Sgt. Daniel Mwangi"),
    ("prosecutor", "Ruth Achieng"),
    ("court.clerk", "Samuel Otieno"),
    ("hospital.nurse", "Nurse Priya Nair"),
    ("marac.coordinator", "Joan Keller"),
];

impl App {
    /// Seeds the demo district once. Returns false if it was already there.
    pub async fn seed_demo(&self) -> AppResult<bool> {
        if self.store.get_setting(SEEDED_KEY).await?.is_some() {
            return Ok(false);
        }
        let counts = self.store.table_counts().await?;
        if counts.iter().any(|(table, n)| table == "users" && *n > 0) {
            return Err(AppError::Internal(
                "this database already has accounts but no demo district; use a fresh --database for the demo".into(),
            ));
        }
        let areas = self.seed_areas().await?;
        let agencies = self.seed_agencies(&areas).await?;
        self.seed_accounts(&agencies).await?;
        self.seed_bodies(&areas, agencies["Ministry of Gender and Social Affairs"])
            .await?;
        self.store.put_setting(SEEDED_KEY, "1").await?;
        Ok(true)
    }

    async fn seed_areas(&self) -> AppResult<HashMap<&'static str, AreaId>> {
        let mut ids = HashMap::new();
        for demo in AREAS {
            let form = AreaForm {
                name: demo.name.to_string(),
                code: demo.code.to_string(),
                level: demo.level.to_string(),
                adult_female_population: demo.adult_female_population.map(|p| p.to_string()),
            };
            let parent = demo.parent.map(|p| ids[p]).map(|id: AreaId| id.to_string());
            let area = self.create_area(None, &form, parent.as_deref()).await?;
            ids.insert(demo.code, area.id);
        }
        Ok(ids)
    }

    async fn seed_agencies(
        &self,
        areas: &HashMap<&'static str, AreaId>,
    ) -> AppResult<HashMap<&'static str, AgencyId>> {
        let mut ids = HashMap::new();
        for (name, sector, governance, served) in AGENCIES {
            let form = AgencyForm {
                name: name.to_string(),
                sector: sector.to_string(),
                governance: governance.to_string(),
                area_ids: served.iter().map(|code| areas[code].to_string()).collect(),
            };
            let agency = self.create_agency(None, &form).await?;
            ids.insert(*name, agency.id);
        }
        Ok(ids)
    }

    async fn seed_accounts(&self, agencies: &HashMap<&'static str, AgencyId>) -> AppResult<()> {
        let password = SecretString::from(DEMO_PASSWORD);
        for account in DEMO_ACCOUNTS {
            let display_name = DISPLAY_NAMES
                .iter()
                .find(|(u, _)| *u == account.username)
                .map(|(_, n)| *n)
                .unwrap_or(account.username);
            let form = UserForm {
                username: account.username.to_string(),
                display_name: display_name.to_string(),
                agency_id: agencies[account.agency].to_string(),
                roles: vec![account.role.as_str().to_string()],
                email: String::new(),
            };
            self.create_user_from_command_line(&form, &password, true)
                .await?;
        }
        Ok(())
    }

    /// The three demo bodies, all run by the ministry's secretariat.
    async fn seed_bodies(
        &self,
        areas: &HashMap<&'static str, AreaId>,
        secretariat: AgencyId,
    ) -> AppResult<()> {
        let national = self
            .create_body_from_command_line(
                "National Coordination Council on Violence against Women",
                BodyLevel::National,
                areas["KV"],
                None,
                Some(secretariat),
            )
            .await?;
        let regional = self
            .create_body_from_command_line(
                "Northern Regional Coordination Committee",
                BodyLevel::Regional,
                areas["KV-N"],
                Some(national.id),
                Some(secretariat),
            )
            .await?;
        self.create_body_from_command_line(
            "Lakeside Local Coordination Council",
            BodyLevel::Local,
            areas["KV-N-LAK"],
            Some(regional.id),
            Some(secretariat),
        )
        .await?;
        Ok(())
    }
}
