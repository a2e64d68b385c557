//! The national country that `concord demo --scale national` adds to the
//! demo district, so anyone can try Concord (and `bench/` can measure it)
//! at the size of a country: regions, districts and localities under the
//! demo's national area, 50 agencies in every district, case workers in
//! some of them, and as many survivors with their cases as asked for
//! (see `national_cases`). Everything goes through the app's use cases:
//! real encryption, blind indexes and an audit event for every change.
//! Deterministic and seeded once.

use crate::app::App;
use crate::error::{AppError, AppResult};
use crate::my_account::ApiTokenForm;
use crate::sign_in::SignInAttempt;
use concord_domain::agency::AgencyForm;
use concord_domain::area::AreaForm;
use concord_domain::ids::{AgencyId, AreaId};
use concord_domain::role::Role;
use concord_domain::user::UserForm;
use concord_store::UserRow;
use secrecy::SecretString;

const SEEDED_KEY: &str = "national.seeded";
const NATIONAL_AREA: &str = "KV";

/// The shape of the country (the number of cases is chosen per run).
pub const REGIONS: usize = 4;
pub const DISTRICTS_PER_REGION: usize = 5;
pub const LOCALITIES_PER_DISTRICT: usize = 3;
pub const AGENCIES_PER_DISTRICT: usize = 50;
/// Agencies of each district with a case worker (the others are small
/// partners that only receive consents).
pub const WORKING_AGENCIES_PER_DISTRICT: usize = 5;
/// The case worker whose caseload `bench/` measures: she works in the
/// largest agency of the country and holds half of its cases.
pub const BENCH_CASEWORKER: &str = "national.caseworker";
/// Her supervisor, for the supervisor's home page.
pub const BENCH_SUPERVISOR: &str = "national.supervisor";

const SECTORS: &[&str] = &[
    "police",
    "health",
    "social_services",
    "shelter_womens_ngo",
    "legal_aid",
    "prosecution",
    "judiciary",
    "housing",
    "education",
    "child_protection",
];

/// What the national seeding made.
#[derive(Debug, Default, Clone, Copy)]
pub struct NationalSummary {
    pub areas: usize,
    pub agencies: usize,
    pub case_workers: usize,
    pub cases: usize,
    pub referrals: usize,
}

/// The national country's agencies with case workers, largest first.
pub(crate) struct Country {
    pub(crate) workers: Vec<UserRow>,
    /// The agencies of each district, for consents to partners.
    pub(crate) district_agencies: Vec<Vec<AgencyId>>,
    pub(crate) areas: usize,
    pub(crate) agencies: usize,
}

/// Signs in for `bench/`: an API token and a web session of one account.
pub struct BenchSignIn {
    pub username: String,
    pub api_token: SecretString,
    pub session: SecretString,
}

impl App {
    /// Adds the national country and `cases` survivors with their cases
    /// to a database that already has the demo district (`seed_demo`).
    /// `progress` is called with the number of cases made so far.
    /// Returns None when the country was already there.
    pub async fn seed_national(
        self: &std::sync::Arc<Self>,
        cases: usize,
        progress: std::sync::Arc<dyn Fn(usize) + Send + Sync>,
    ) -> AppResult<Option<NationalSummary>> {
        if self.store.get_setting(SEEDED_KEY).await?.is_some() {
            return Ok(None);
        }
        let Some(national) = self.find_area_by_code(NATIONAL_AREA).await? else {
            return Err(AppError::Internal(
                "the national country is added to the demo district; seed the demo first".into(),
            ));
        };
        let country = self.seed_country(national).await?;
        let made = self.seed_national_cases(&country, cases, progress).await?;
        let referrals = self.seed_national_referrals(&country, cases / 5).await?;
        self.store.put_setting(SEEDED_KEY, "1").await?;
        Ok(Some(NationalSummary {
            areas: country.areas,
            agencies: country.agencies,
            case_workers: country.workers.len(),
            cases: made,
            referrals,
        }))
    }

    async fn find_area_by_code(&self, code: &str) -> AppResult<Option<AreaId>> {
        // The demo's national area is among the first areas made.
        let areas = self
            .store
            .list_areas(&concord_store::PageRequest::first(100))
            .await?;
        Ok(areas
            .items
            .into_iter()
            .find(|a| a.code == code)
            .map(|a| a.id))
    }

    async fn seed_country(&self, national: AreaId) -> AppResult<Country> {
        let mut country = Country {
            workers: Vec::new(),
            district_agencies: Vec::new(),
            areas: 0,
            agencies: 0,
        };
        for r in 0..REGIONS {
            let region_code = format!("KV-R{:02}", r + 1);
            let region = self
                .national_area(
                    &region_code,
                    &format!("Region {}", r + 1),
                    "region",
                    national,
                )
                .await?;
            country.areas += 1;
            for d in 0..DISTRICTS_PER_REGION {
                let district_code = format!("{region_code}-D{:02}", d + 1);
                let name = format!("District {}.{}", r + 1, d + 1);
                let district = self
                    .national_area(&district_code, &name, "district", region)
                    .await?;
                country.areas += 1;
                for l in 0..LOCALITIES_PER_DISTRICT {
                    let code = format!("{district_code}-L{:02}", l + 1);
                    let name = format!("Locality {}.{}.{}", r + 1, d + 1, l + 1);
                    self.national_area(&code, &name, "local", district).await?;
                    country.areas += 1;
                }
                let agencies = self.seed_district_agencies(&name, district).await?;
                country.agencies += agencies.len();
                for (a, agency) in agencies
                    .iter()
                    .take(WORKING_AGENCIES_PER_DISTRICT)
                    .enumerate()
                {
                    let worker = self
                        .national_account(
                            &format!("cw.{}.{}.{}", r + 1, d + 1, a + 1),
                            *agency,
                            Role::Caseworker,
                        )
                        .await?;
                    country.workers.push(worker);
                }
                country.district_agencies.push(agencies);
            }
        }
        // The bench case worker and her supervisor in the first (largest)
        // agency; she goes first so she gets the largest share of cases.
        let largest = country.district_agencies[0][0];
        let bench = self
            .national_account(BENCH_CASEWORKER, largest, Role::Caseworker)
            .await?;
        self.national_account(BENCH_SUPERVISOR, largest, Role::Supervisor)
            .await?;
        country.workers.insert(0, bench);
        Ok(country)
    }

    async fn national_area(
        &self,
        code: &str,
        name: &str,
        level: &str,
        parent: AreaId,
    ) -> AppResult<AreaId> {
        let form = AreaForm {
            name: name.to_string(),
            code: code.to_string(),
            level: level.to_string(),
            adult_female_population: None,
        };
        let parent = parent.to_string();
        Ok(self.create_area(None, &form, Some(&parent)).await?.id)
    }

    async fn seed_district_agencies(
        &self,
        district_name: &str,
        district: AreaId,
    ) -> AppResult<Vec<AgencyId>> {
        let mut ids = Vec::with_capacity(AGENCIES_PER_DISTRICT);
        for a in 0..AGENCIES_PER_DISTRICT {
            let sector = SECTORS[a % SECTORS.len()];
            let form = AgencyForm {
                name: format!("{district_name} {} {}", sector.replace('_', " "), a + 1),
                sector: sector.to_string(),
                governance: if a % 3 == 2 {
                    "non_government"
                } else {
                    "government"
                }
                .to_string(),
                area_ids: vec![district.to_string()],
            };
            ids.push(self.create_agency(None, &form).await?.id);
        }
        Ok(ids)
    }

    /// A demo account (it may skip the second factor in demo mode) with
    /// the demo password.
    async fn national_account(
        &self,
        username: &str,
        agency: AgencyId,
        role: Role,
    ) -> AppResult<UserRow> {
        let form = UserForm {
            username: username.to_string(),
            display_name: format!("National {}", role.as_str().replace('_', " ")),
            agency_id: agency.to_string(),
            roles: vec![role.as_str().to_string()],
            email: String::new(),
        };
        let password = SecretString::from(crate::demo::DEMO_PASSWORD);
        self.create_user_from_command_line(&form, &password, true)
            .await
    }

    /// Signs a demo account in for `bench/`: a read-write API token for 1
    /// day and a session (complete in demo mode), both audited like any
    /// other.
    pub async fn bench_sign_in(&self, username: &str) -> AppResult<BenchSignIn> {
        let password = SecretString::from(crate::demo::DEMO_PASSWORD);
        let session = self
            .sign_in(&SignInAttempt {
                username,
                password: &password,
                address: "127.0.0.1",
                user_agent: "concord-bench",
            })
            .await?;
        let user = self
            .store
            .find_user_by_username(username)
            .await?
            .ok_or(AppError::BadCredentials)?;
        let actor = crate::signed_in::actor_of(&user);
        let form = ApiTokenForm {
            name: "bench".into(),
            scope: "read_write".into(),
            days: "1".into(),
        };
        let (_, api_token) = self.create_api_token(&actor, &form).await?;
        Ok(BenchSignIn {
            username: username.to_string(),
            api_token,
            session: session.token,
        })
    }
}
