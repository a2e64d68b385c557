//! The conformance suite: what every storage engine must do, written once
//! against the [`Store`] trait. Each engine runs it from its one integration
//! test file:
//!
//! ```ignore
//! async fn fresh_store() -> concord_store::conformance::Fixture { ... }
//! concord_store::conformance_tests!(fresh_store);
//! ```
//!
//! The macro expands to one `#[tokio::test]` per case (the engine crate needs
//! `tokio` as a dev-dependency). Every case asks the constructor for a fresh,
//! empty store, so cases never see each other's rows. The fixture also says
//! how to open the same database again ([`Fixture::reopening`]) and how to
//! run SQL on it behind the store's back ([`Fixture::tampering`]).
//!
//! Timestamps in the suite have microsecond precision: that is what both
//! engines store.
//!
//! The cases are in one file per store module, under `conformance/`:
//! `settings`, `keys`, `areas_and_agencies`, `accounts` (users, second
//! factors, sessions, API tokens, sign-in attempts), `audit`, `cases`
//! (survivors and cases), `records` (incidents, notes, goals, safety plans,
//! tasks), `sharing` (consent, lawful sharing, break-glass),
//! `service_directory`, `referrals`, `governance`, `risk`,
//! `conference_actions`, `account_recovery` and `copy` (the whole-database
//! export and import).
//! Each file names its cases in a macro that
//! [`conformance_tests!`](crate::conformance_tests) or
//! [`risk_conformance_tests!`](crate::risk_conformance_tests) expands; this
//! file holds those macros, the fixture, and the factories and helpers that
//! more than one file uses.

use crate::account_recovery::*;
use crate::cases::*;
use crate::conference_actions::*;
use crate::deaths::*;
use crate::justice::*;
use crate::master_key::*;
use crate::referrals::*;
use crate::risk::*;
use crate::rows::*;
use crate::service_directory::*;
use crate::store::*;
use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use concord_domain::access::TokenScope;
use concord_domain::agency::{Governance, Sector};
use concord_domain::area::AreaLevel;
use concord_domain::audit::{AuditAction, AuditOutcome};
use concord_domain::case::{CaseStatus, GoalDomain, GoalStatus, SafetyPlanSection};
use concord_domain::consent::{ConsentGiver, DataCategory, LawfulBasis, Purpose};
use concord_domain::coordination::BodyLevel;
use concord_domain::directory::{
    LocationDetails, OrganizationDetails, ServiceDetails, ServiceStatus,
};
use concord_domain::governance::ActionStatus;
use concord_domain::ids::{
    AgencyId, ApiTokenId, AreaId, BodyId, BreakGlassId, CaseId, ConferenceActionId, ConferenceId,
    ConferenceMeetingId, ConferenceReferralId, ConsentId, IncidentId, LocationId, NoteId,
    OrganizationId, ServiceId, SharingId, SurvivorId, TaskId, UserId,
};
use concord_domain::incident::{
    AgeGroup, ContextFlag, Exploitation, FormOfViolence, GbvType, PerpetratorAgeGroup,
    PerpetratorRelationship, PerpetratorSex, ReportingDelay,
};
use concord_domain::risk::ReferralCriterion;
use concord_domain::risk::conference::{MeetingKind, MeetingStatus, ReferralStatus};
use concord_domain::role::Role;
use concord_domain::survivor::{Displacement, SexGender};
use serde_json::json;
use std::any::Any;
use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use uuid::Uuid;

mod account_recovery;
mod accounts;
mod areas_and_agencies;
mod audit;
mod cases;
mod conference_actions;
mod copy;
mod deaths;
mod governance;
mod justice;
mod keys;
mod protection;
mod records;
mod referrals;
mod risk;
mod service_directory;
mod settings;
mod sharing;
mod statistics;
mod statistics_releases;
pub use account_recovery::*;
pub use accounts::*;
pub use areas_and_agencies::*;
pub use audit::*;
pub use cases::*;
pub use conference_actions::*;
pub use copy::*;
pub use deaths::*;
pub use governance::*;
pub use justice::*;
pub use keys::*;
pub use protection::*;
pub use records::*;
pub use referrals::*;
pub use risk::*;
pub use service_directory::*;
pub use settings::*;
pub use sharing::*;
pub use statistics::*;
pub use statistics_releases::*;

/// Expands to one `#[tokio::test]` per conformance case. `$fresh` is an
/// async constructor (`Fn() -> impl Future<Output = Fixture>`) that returns
/// a new, empty, migrated store each time it is called.
#[macro_export]
macro_rules! conformance_tests {
    ($fresh:expr) => {
        $crate::__conformance_of_settings!($fresh);
        $crate::__conformance_of_keys!($fresh);
        $crate::__conformance_of_areas_and_agencies!($fresh);
        $crate::__conformance_of_accounts!($fresh);
        $crate::__conformance_of_audit!($fresh);
        $crate::__conformance_of_cases!($fresh);
        $crate::__conformance_of_records!($fresh);
        $crate::__conformance_of_sharing!($fresh);
        $crate::__conformance_of_service_directory!($fresh);
        $crate::__conformance_of_referrals!($fresh);
        $crate::__conformance_of_account_recovery!($fresh);
        $crate::__conformance_of_governance!($fresh);
        $crate::__conformance_of_justice!($fresh);
        $crate::__conformance_of_protection!($fresh);
        $crate::__conformance_of_deaths!($fresh);
        $crate::__conformance_of_copy!($fresh);
        $crate::__conformance_of_statistics!($fresh);
    };
}

/// Expands to one `#[tokio::test]` per risk conformance case.
#[macro_export]
macro_rules! risk_conformance_tests {
    ($fresh:expr) => {
        $crate::__conformance_of_risk!($fresh);
        $crate::__conformance_of_conference_actions!($fresh);
        $crate::__conformance_of_statistics_releases!($fresh);
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __conformance_cases {
    ($fresh:expr; $($case:ident),* $(,)?) => {
        $(
            #[::tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $case() {
                let fresh = $crate::conformance::Fresh::new($fresh);
                $crate::conformance::$case(&fresh).await;
            }
        )*
    };
}

/// A store under test and whatever must live as long as it does (a
/// temporary directory, say).
pub struct Fixture {
    store: Arc<dyn Store>,
    reopen: Option<Opener>,
    tamper: Option<Tamperer>,
    _keep: Option<Box<dyn Any + Send + Sync>>,
}

type StoreFuture = Pin<Box<dyn Future<Output = Arc<dyn Store>> + Send>>;

type Opener = Box<dyn Fn() -> StoreFuture + Send + Sync>;

type Tamperer = Box<dyn Fn(String) -> Pin<Box<dyn Future<Output = u64> + Send>> + Send + Sync>;

impl Fixture {
    pub fn new(store: impl Store) -> Self {
        Self {
            store: Arc::new(store),
            reopen: None,
            tamper: None,
            _keep: None,
        }
    }

    /// How to run one SQL statement on the database behind the store's
    /// back, as someone with write access to the database itself would
    /// (`run` returns the number of rows changed). The statements the suite
    /// runs are plain SQL that both engines accept.
    pub fn tampering<F, Fut>(mut self, run: F) -> Self
    where
        F: Fn(String) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = u64> + Send + 'static,
    {
        self.tamper = Some(Box::new(move |sql| Box::pin(run(sql))));
        self
    }

    /// How to open the same database again, as another instance of Concord
    /// would (a second process, a second server).
    pub fn reopening<F, Fut, S>(mut self, open: F) -> Self
    where
        F: Fn() -> Fut + Send + Sync + 'static,
        Fut: Future<Output = S> + Send + 'static,
        S: Store,
    {
        self.reopen = Some(Box::new(move || {
            let opening = open();
            Box::pin(async move { Arc::new(opening.await) as Arc<dyn Store> })
        }));
        self
    }

    /// Keeps `guard` alive until the fixture is dropped.
    pub fn keeping(mut self, guard: impl Any + Send + Sync) -> Self {
        self._keep = Some(Box::new(guard));
        self
    }

    pub fn store(&self) -> Arc<dyn Store> {
        Arc::clone(&self.store)
    }

    /// Another instance on the same database.
    pub async fn another_instance(&self) -> Arc<dyn Store> {
        let reopen = self.reopen.as_ref().expect(
            "the engine's fixture must say how to reopen its database (Fixture::reopening)",
        );
        reopen().await
    }

    /// Runs `sql` on the database behind the store's back; the rows changed.
    pub async fn tamper(&self, sql: &str) -> u64 {
        let tamper = self.tamper.as_ref().expect(
            "the engine's fixture must say how to run SQL on its database (Fixture::tampering)",
        );
        tamper(sql.to_string()).await
    }
}

type FixtureFuture = Pin<Box<dyn Future<Output = Fixture> + Send>>;

/// The engine's constructor of fresh stores, as the cases call it.
pub struct Fresh(Box<dyn Fn() -> FixtureFuture + Send + Sync>);

impl Fresh {
    pub fn new<F, Fut>(make: F) -> Self
    where
        F: Fn() -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Fixture> + Send + 'static,
    {
        Self(Box::new(move || Box::pin(make())))
    }

    pub async fn fixture(&self) -> Fixture {
        (self.0)().await
    }
}

// ---------------------------------------------------------------- factories

/// A fixed instant plus `n` seconds and `n` microseconds, so that sub-second
/// precision is exercised too.
pub fn at(n: i64) -> DateTime<Utc> {
    const BASE_MICROS: i64 = 1_767_225_600_000_000; // 2026-01-01T00:00:00Z
    DateTime::from_timestamp_micros(BASE_MICROS + n * 1_000_001).expect("in range")
}

pub fn audit(action: AuditAction) -> NewAuditEvent {
    NewAuditEvent {
        at: at(0),
        actor_user_id: None,
        actor_agency_id: None,
        action,
        object_type: None,
        object_id: None,
        outcome: AuditOutcome::Success,
        details: json!({ "case": action.as_str() }),
    }
}

pub fn area(code: &str, parent_id: Option<AreaId>) -> AreaRow {
    AreaRow {
        id: AreaId::new(),
        parent_id,
        level: if parent_id.is_some() {
            AreaLevel::Region
        } else {
            AreaLevel::National
        },
        code: code.to_string(),
        name: format!("Area {code}"),
        adult_female_population: Some(1_000),
        created_at: at(1),
    }
}

pub fn agency(name: &str, area_ids: Vec<AreaId>) -> AgencyRow {
    AgencyRow {
        id: AgencyId::new(),
        name: name.to_string(),
        sector: Sector::ShelterWomensNgo,
        governance: Governance::NonGovernment,
        area_ids,
        created_at: at(2),
    }
}

pub fn user(agency_id: AgencyId, username: &str) -> UserRow {
    UserRow {
        id: UserId::new(),
        agency_id,
        username: username.to_string(),
        display_name: format!("User {username}"),
        email: None,
        password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".to_string(),
        roles: vec![Role::Caseworker],
        active: true,
        demo_account: false,
        totp_secret: None,
        totp_pending_secret: None,
        totp_last_step: None,
        password_changed_at: at(3),
        created_at: at(3),
    }
}

pub fn session(user_id: UserId, n: i64) -> SessionRow {
    SessionRow {
        id: Uuid::now_v7(),
        token_hash: Uuid::now_v7().as_bytes().to_vec(),
        user_id,
        created_at: at(n),
        last_seen_at: at(n),
        second_factor_done: false,
        csrf_token: format!("csrf-{n}"),
        user_agent: "Firefox on Linux".to_string(),
        revoked_at: None,
    }
}

pub fn api_token(user_id: UserId, n: i64) -> ApiTokenRow {
    ApiTokenRow {
        id: ApiTokenId::new(),
        user_id,
        name: format!("token {n}"),
        token_hash: Uuid::now_v7().as_bytes().to_vec(),
        scope: TokenScope::Read,
        created_at: at(n),
        expires_at: at(n + 86_400),
        revoked_at: None,
        last_used_at: None,
    }
}

fn attempt(account: &[u8], address: &[u8], n: i64) -> SignInFailureRow {
    SignInFailureRow {
        account_key: account.to_vec(),
        address_key: address.to_vec(),
        at: at(n),
    }
}

pub fn body(name: &str, level: BodyLevel, area_id: AreaId, parent_id: Option<BodyId>) -> BodyRow {
    BodyRow {
        id: BodyId::new(),
        name: name.to_string(),
        level,
        area_id,
        parent_id,
        created_at: at(4),
        body_type: match level {
            BodyLevel::National => concord_domain::governance::BodyType::NationalInterMinisterial,
            BodyLevel::Regional => concord_domain::governance::BodyType::RegionalBody,
            BodyLevel::Local => concord_domain::governance::BodyType::LocalCouncil,
        },
        leadership: concord_domain::governance::Leadership::SingleLeadAgency,
        secretariat_agency_id: None,
        escalate_after: 3,
        remit: None,
    }
}

/// A store holding one area, one agency serving it and one user of it.
async fn with_user(store: &dyn Store, username: &str) -> UserRow {
    let region = area(&format!("R-{username}").to_uppercase(), None);
    store
        .create_area(&region, &audit(AuditAction::AreaCreated))
        .await
        .unwrap();
    let agency = agency(&format!("Agency of {username}"), vec![region.id]);
    store
        .create_agency(&agency, &audit(AuditAction::AgencyCreated))
        .await
        .unwrap();
    let user = user(agency.id, username);
    store
        .create_user(&user, &audit(AuditAction::UserCreated))
        .await
        .unwrap();
    user
}

async fn amina_area(store: &dyn Store, amina: &UserRow) -> AreaId {
    let agency = store.get_agency(amina.agency_id).await.unwrap().unwrap();
    agency.area_ids[0]
}

/// The audit event of a case-store change. The store keeps whatever action
/// it is given (naming the case actions is the app's business), so the
/// suite tells its events apart by `details`.
pub fn case_audit(what: &str) -> NewAuditEvent {
    NewAuditEvent {
        details: json!({ "case": what }),
        ..audit(AuditAction::AuditViewed)
    }
}

/// A stand-in for ciphertext: bytes that are not UTF-8 (so an engine that
/// stored them as text would mangle them), different per `tag`.
pub fn sealed(tag: &str) -> Vec<u8> {
    let mut bytes = vec![0xff, 0x00, 0xc3, 0x28];
    bytes.extend_from_slice(tag.as_bytes());
    bytes
}

fn micro(n: i64) -> Duration {
    Duration::microseconds(n)
}

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a real date")
}

pub fn data_key(agency: AgencyId, key_id: Uuid, version: i32, active: bool) -> DataKeyRow {
    DataKeyRow {
        agency_id: agency,
        key_id,
        version,
        wrapped: sealed(&format!("key {version}")),
        created_at: at(i64::from(version)),
        active,
    }
}

/// A survivor with every field filled.
pub fn survivor(agency: AgencyId, by: UserId, reference: &str) -> SurvivorRow {
    SurvivorRow {
        id: SurvivorId::new(),
        agency_id: agency,
        reference: reference.to_string(),
        name: Some(sealed("name")),
        other_identifiers: Some(sealed("identifiers")),
        date_of_birth: Some(sealed("1990-02-03")),
        stated_age: Some(sealed("{\"years\":36,\"on\":\"2026-02-03\"}")),
        age_group: Some(AgeGroup::Age18Plus),
        sex_gender: SexGender::Female,
        disability: true,
        displacement: Displacement::Refugee,
        languages: vec!["so".into(), "en".into(), "ar".into()],
        contact: Some(sealed("contact")),
        name_dob_index: Some(vec![7; 32]),
        legal_hold: false,
        created_by: by,
        created_at: at(10),
    }
}

/// Her first case, engaged, opened and updated at `at(n)`, her first
/// contact (made on paper) three days before.
pub fn first_case(
    survivor: &SurvivorRow,
    owner: AgencyId,
    worker: Option<UserId>,
    n: i64,
) -> CaseRow {
    CaseRow {
        id: CaseId::new(),
        survivor_id: survivor.id,
        owning_agency: owner,
        assigned_caseworker: worker,
        status: CaseStatus::Engaged,
        plan_approval: None,
        closure_approval: None,
        closure_reason: None,
        approval_comment: None,
        opened_at: at(n),
        first_contact_on: Some(at(n).date_naive() - chrono::Duration::days(3)),
        closed_at: None,
        updated_at: at(n),
    }
}

pub fn incident(
    case: &CaseRow,
    by: UserId,
    area: Option<AreaId>,
    on: NaiveDate,
    n: i64,
) -> IncidentRow {
    IncidentRow {
        id: IncidentId::new(),
        case_id: case.id,
        incident_date: on,
        incident_time: NaiveTime::from_hms_micro_opt(22, 15, 30, 123_456),
        date_first_reported: on + Duration::days(2),
        area_id: area,
        gbv_type: GbvType::Rape,
        context_flags: vec![
            ContextFlag::IntimatePartnerViolence,
            ContextFlag::EarlyMarriage,
        ],
        forms_of_violence: Some(vec![
            FormOfViolence::IntimatePartnerViolence,
            FormOfViolence::TraffickingInPersons,
        ]),
        trafficking_exploitation: vec![
            Exploitation::SexualExploitation,
            Exploitation::ForcedLabourOrServices,
        ],
        perpetrator_relationship: PerpetratorRelationship::IntimatePartner,
        perpetrator_sex: PerpetratorSex::Male,
        perpetrator_age_group: PerpetratorAgeGroup::Age26To40,
        perpetrator_identity: Some(sealed("perpetrator")),
        perpetrator_index: Some(vec![9; 32]),
        survivor_age_group: Some(AgeGroup::Age18Plus),
        reporting_delay: ReportingDelay::Days0To3,
        already_reported_elsewhere: true,
        consent_to_statistics: true,
        narrative: Some(sealed("narrative")),
        created_by: by,
        created_at: at(n),
    }
}

pub fn consent(
    case: &CaseRow,
    to: AgencyId,
    by: UserId,
    from: DateTime<Utc>,
    until: DateTime<Utc>,
) -> ConsentRow {
    ConsentRow {
        id: ConsentId::new(),
        case_id: case.id,
        recipient_agency: to,
        purposes: vec![Purpose::ReferralForServices, Purpose::CaseConference],
        categories: vec![
            DataCategory::IdentityAndContact,
            DataCategory::Incident,
            DataCategory::Health,
        ],
        given_by: ConsentGiver::Survivor,
        child_assent: false,
        caregiver_unsafe: false,
        given_on: Some(date(2026, 2, 3)),
        valid_from: from,
        valid_until: until,
        withdrawn_at: None,
        recorded_by: by,
        recorded_at: from,
    }
}

pub fn sharing(case: &CaseRow, to: AgencyId, by: UserId, until: DateTime<Utc>) -> SharingRow {
    SharingRow {
        id: SharingId::new(),
        case_id: case.id,
        recipient_agency: to,
        basis: LawfulBasis::RiskToLife,
        categories: vec![DataCategory::IdentityAndContact, DataCategory::Risk],
        reason: sealed("reason"),
        decision_maker: by,
        survivor_told: false,
        why_not_told: Some(sealed("why not told")),
        valid_until: until,
        revoked_at: None,
        created_at: at(20),
    }
}

pub fn grant(case: &CaseRow, user: &UserRow, start: DateTime<Utc>, hours: i64) -> BreakGlassRow {
    BreakGlassRow {
        id: BreakGlassId::new(),
        case_id: case.id,
        user_id: user.id,
        agency_id: user.agency_id,
        reason: sealed("emergency"),
        started_at: start,
        expires_at: start + Duration::hours(hours),
        review_outcome: None,
        reviewed_by: None,
        reviewed_at: None,
        review_comment: None,
    }
}

pub fn note(case: &CaseRow, author: UserId, n: i64) -> (NoteRow, NoteVersionRow) {
    let note = NoteRow {
        id: NoteId::new(),
        case_id: case.id,
        author_id: author,
        created_at: at(n),
    };
    let first = note_version(note.id, 1, author, n);
    (note, first)
}

pub fn note_version(note: NoteId, version: i32, by: UserId, n: i64) -> NoteVersionRow {
    NoteVersionRow {
        note_id: note,
        version,
        body: sealed(&format!("note version {version}")),
        edited_by: by,
        edited_at: at(n),
    }
}

pub fn goal(case: &CaseRow, domain: GoalDomain, by: UserId) -> GoalRow {
    GoalRow {
        id: Uuid::now_v7(),
        case_id: case.id,
        domain,
        description: sealed(&format!("goal {domain}")),
        status: GoalStatus::InProgress,
        updated_by: by,
        updated_at: at(30),
    }
}

pub fn plan_section(case: &CaseRow, section: SafetyPlanSection, by: UserId) -> SafetyPlanRow {
    SafetyPlanRow {
        case_id: case.id,
        section,
        body: sealed(&format!("section {section}")),
        updated_by: by,
        updated_at: at(31),
    }
}

pub fn task(case: &CaseRow, assignee: UserId, due_on: NaiveDate, n: i64) -> TaskRow {
    TaskRow {
        id: TaskId::new(),
        case_id: case.id,
        assignee,
        title: sealed("call back"),
        due_on,
        done_at: None,
        created_at: at(n),
    }
}

/// Three agencies, each with one caseworker: a shelter (Amina), the police
/// (Bea) and a health centre (Chloe).
struct World {
    amina: UserRow,
    bea: UserRow,
    chloe: UserRow,
    area: AreaId,
}

impl World {
    fn shelter(&self) -> AgencyId {
        self.amina.agency_id
    }
    fn police(&self) -> AgencyId {
        self.bea.agency_id
    }
    fn health(&self) -> AgencyId {
        self.chloe.agency_id
    }
}

async fn world(store: &dyn Store) -> World {
    let amina = with_user(store, "amina").await;
    let bea = with_user(store, "bea").await;
    let chloe = with_user(store, "chloe").await;
    let area = amina_area(store, &amina).await;
    World {
        amina,
        bea,
        chloe,
        area,
    }
}

/// Another user of `of`'s agency.
async fn colleague(store: &dyn Store, of: &UserRow, username: &str) -> UserRow {
    let colleague = user(of.agency_id, username);
    store
        .create_user(&colleague, &audit(AuditAction::UserCreated))
        .await
        .unwrap();
    colleague
}

/// Registers a survivor of `worker`'s agency, with her first case assigned
/// to `worker` and opened at `at(n)`.
async fn register(
    store: &dyn Store,
    worker: &UserRow,
    reference: &str,
    n: i64,
) -> (SurvivorRow, CaseRow) {
    register_with(store, worker, reference, n, |_, _| {}).await
}

async fn register_with(
    store: &dyn Store,
    worker: &UserRow,
    reference: &str,
    n: i64,
    change: impl FnOnce(&mut SurvivorRow, &mut CaseRow),
) -> (SurvivorRow, CaseRow) {
    let mut s = survivor(worker.agency_id, worker.id, reference);
    let mut c = first_case(&s, worker.agency_id, Some(worker.id), n);
    change(&mut s, &mut c);
    store
        .create_survivor(&s, &c, &case_audit("create_survivor"))
        .await
        .unwrap();
    (s, c)
}

fn reference(n: usize) -> String {
    format!("S-{n:04}-TEST")
}

fn dir_audit() -> NewAuditEvent {
    NewAuditEvent {
        details: json!({ "directory": true }),
        ..audit(AuditAction::AuditViewed)
    }
}

/// A directory write with its audit event and nothing else.
fn dir_write() -> DirectoryWrite {
    DirectoryWrite::audited(dir_audit())
}

fn organization(name: &str, agency: Option<AgencyId>) -> OrganizationRow {
    OrganizationRow {
        id: OrganizationId::new(),
        name: name.into(),
        agency_id: agency,
        details: OrganizationDetails {
            description: format!("{name} description"),
            email: Some("org@example.org".into()),
            phone: None,
            website: Some("https://example.org".into()),
            ..OrganizationDetails::default()
        },
        last_verified_at: Some(at(3)),
        created_at: at(1),
        updated_at: at(2),
    }
}

fn location(org: &OrganizationRow, area: Option<AreaId>) -> LocationRow {
    LocationRow {
        id: LocationId::new(),
        organization_id: org.id,
        name: format!("{} main office", org.name),
        area_id: area,
        details: LocationDetails {
            address: "1 Main Street".into(),
            accessibility: "Step-free entrance".into(),
            description: String::new(),
            ..LocationDetails::default()
        },
        updated_at: at(4),
    }
}

fn service(org: &OrganizationRow, name: &str, areas: Vec<AreaId>) -> ServiceRow {
    ServiceRow {
        id: ServiceId::new(),
        organization_id: org.id,
        name: name.into(),
        status: ServiceStatus::Active,
        accepts_referrals: true,
        taxonomy: vec!["health_first_line_support".into(), "local_term".into()],
        area_ids: areas,
        at_locations: Vec::new(),
        details: ServiceDetails {
            description: "Ünïcode détails".into(),
            minimum_age: Some(12),
            maximum_age: None,
            sex_gender: vec![concord_domain::survivor::SexGender::Female],
            languages: vec!["en".into(), "fr".into()],
            opening_hours: "24 hours".into(),
            ..ServiceDetails::default()
        },
        last_verified_at: None,
        created_at: at(5),
        updated_at: at(6),
    }
}

pub fn conference(name: &str, coordinator: AgencyId, members: Vec<AgencyId>) -> ConferenceRow {
    ConferenceRow {
        id: ConferenceId::new(),
        name: name.to_string(),
        area_id: None,
        coordinating_agency: coordinator,
        sharing_protocol: "ISP 2026".into(),
        shared_categories: vec![DataCategory::IdentityAndContact, DataCategory::Risk],
        escalation_incidents: 3,
        escalation_window_days: 365,
        repeat_window_days: 365,
        access_days: 7,
        first_contact_working_days: 2,
        escalate_after: 3,
        breaches_count: true,
        members,
        created_at: at(2),
    }
}

pub fn meeting(conference: &ConferenceRow, on: NaiveDate) -> ConferenceMeetingRow {
    ConferenceMeetingRow {
        id: ConferenceMeetingId::new(),
        conference_id: conference.id,
        kind: MeetingKind::Regular,
        meets_on: on,
        status: MeetingStatus::Scheduled,
        chair: None,
        started_at: None,
        closed_at: None,
        minutes: None,
        created_at: at(3),
    }
}

pub fn referral(
    conference: &ConferenceRow,
    case: &CaseRow,
    by: &UserRow,
    on: NaiveDate,
) -> ConferenceReferralRow {
    ConferenceReferralRow {
        id: ConferenceReferralId::new(),
        conference_id: conference.id,
        case_id: case.id,
        survivor_id: case.survivor_id,
        referring_agency: case.owning_agency,
        referred_by: by.id,
        referred_on: on,
        criteria: vec![
            ReferralCriterion::PotentialEscalation,
            ReferralCriterion::Repeat,
        ],
        judgement_reason: None,
        assessment_id: None,
        incidents_in_window: 3,
        breaches_in_window: 0,
        repeat: true,
        children_in_household: 2,
        status: ReferralStatus::AwaitingScreening,
        screened_by: None,
        rejection_reason: None,
        meeting_id: None,
        advocate_id: None,
        first_contact_due: on + chrono::Duration::days(2),
        first_contact_on: None,
        transferred_from: None,
        created_at: at(30),
        updated_at: at(30),
    }
}

async fn registered(store: &dyn Store, worker: &UserRow, reference: &str) -> CaseRow {
    let s = survivor(worker.agency_id, worker.id, reference);
    let c = first_case(&s, worker.agency_id, Some(worker.id), 5);
    store
        .create_survivor(&s, &c, &case_audit("create_survivor"))
        .await
        .unwrap();
    c
}

pub fn action(
    referral: &ConferenceReferralRow,
    meeting: &ConferenceMeetingRow,
    owner: AgencyId,
    by: UserId,
) -> ConferenceActionRow {
    ConferenceActionRow {
        id: ConferenceActionId::new(),
        conference_id: referral.conference_id,
        referral_id: referral.id,
        meeting_id: meeting.id,
        description: sealed("flag the address"),
        owner_agency: owner,
        due_on: meeting.meets_on + chrono::Duration::days(14),
        status: ActionStatus::NotDone,
        note: None,
        carry_overs: 0,
        escalated_at: None,
        raised_by: by,
        created_at: at(50),
        updated_at: at(50),
    }
}

/// A sealer for tests: the leaf hash is the event id (big-endian) and the
/// "root" is every leaf hash so far, concatenated, so each checkpoint must
/// extend the previous one. It refuses anything but unsealed events in
/// increasing id order.
pub struct ConcatSealer;

impl AuditSealer for ConcatSealer {
    fn seal(
        &self,
        previous: Option<&CheckpointRow>,
        events: &[AuditEventRow],
    ) -> Result<SealedBatch, String> {
        if events.iter().any(|e| e.tree_position.is_some()) {
            return Err("asked to seal an event that is already sealed".into());
        }
        if events.windows(2).any(|w| w[0].id >= w[1].id) {
            return Err("events not in id order".into());
        }
        let start = previous.map_or(0, |c| c.tree_size);
        let leaf_hashes: Vec<Vec<u8>> =
            events.iter().map(|e| e.id.to_be_bytes().to_vec()).collect();
        let mut root_hash = previous.map_or_else(Vec::new, |c| c.root_hash.clone());
        leaf_hashes
            .iter()
            .for_each(|h| root_hash.extend_from_slice(h));
        let batch_leaves = leaf_hashes.concat();
        Ok(SealedBatch {
            leaf_hashes,
            checkpoint: CheckpointRow {
                tree_size: start + events.len() as i64,
                root_hash,
                frontier: start.to_be_bytes().to_vec(),
                signed_at: at(start),
                public_key: b"test key".to_vec(),
                signature: b"test signature".to_vec(),
                leaf_hashes: Some(batch_leaves),
                consistency_proof: Some(b"test proof".to_vec()),
            },
        })
    }
}

// ------------------------------------------------------------------ helpers

async fn all_audit(store: &dyn Store) -> Vec<AuditEventRow> {
    let mut events = Vec::new();
    let mut page = PageRequest::first(PageRequest::MAX_LIMIT);
    loop {
        let got = store
            .list_audit_events(&AuditFilter::default(), &page)
            .await
            .unwrap();
        events.extend(got.items);
        match got.next {
            Some(next) => page.after = Some(next),
            None => return events,
        }
    }
}

async fn audit_count(store: &dyn Store) -> usize {
    all_audit(store).await.len()
}

/// The newest audit event must record `action`.
async fn assert_last_audit(store: &dyn Store, action: AuditAction) {
    let events = all_audit(store).await;
    let newest = events.first().expect("an audit event was written");
    assert_eq!(newest.action, action.as_str());
}

/// The newest audit event must be the one marked `what`.
async fn assert_last_case_audit(store: &dyn Store, what: &str) {
    let newest = all_audit(store).await.remove(0);
    assert_eq!(newest.details, json!({ "case": what }).to_string());
}

fn assert_duplicate<T: std::fmt::Debug>(result: StoreResult<T>, expected: &str) {
    match result {
        Err(StoreError::Duplicate { field }) => assert_eq!(field, expected),
        other => panic!("expected Duplicate {{ field: {expected} }}, got {other:?}"),
    }
}

fn assert_missing<T: std::fmt::Debug>(result: StoreResult<T>, expected: &str) {
    match result {
        Err(StoreError::MissingReference { field }) => assert_eq!(field, expected),
        other => panic!("expected MissingReference {{ field: {expected} }}, got {other:?}"),
    }
}

fn assert_not_found<T: std::fmt::Debug>(result: StoreResult<T>) {
    match result {
        Err(StoreError::NotFound) => {}
        other => panic!("expected NotFound, got {other:?}"),
    }
}

fn assert_invalid_cursor<T: std::fmt::Debug>(result: StoreResult<T>) {
    match result {
        Err(StoreError::InvalidCursor) => {}
        other => panic!("expected InvalidCursor, got {other:?}"),
    }
}

fn assert_conflict<T: std::fmt::Debug>(result: StoreResult<T>) {
    match result {
        Err(StoreError::Conflict) => {}
        other => panic!("expected Conflict, got {other:?}"),
    }
}

/// Every page of a keyset listing, checking the `next` cursors on the way.
async fn collect_pages<T, F, Fut>(limit: u32, mut fetch: F) -> Vec<Vec<T>>
where
    F: FnMut(PageRequest) -> Fut,
    Fut: Future<Output = StoreResult<Page<T>>>,
{
    let mut pages = Vec::new();
    let mut request = PageRequest::first(limit);
    loop {
        let page = fetch(request.clone()).await.unwrap();
        assert!(page.items.len() <= limit as usize, "page over its limit");
        assert!(
            !page.items.is_empty() || pages.is_empty(),
            "a full page promised a next page that is empty"
        );
        let last = page.next.is_none();
        if !last {
            assert_eq!(
                page.items.len(),
                limit as usize,
                "short page before the end"
            );
        }
        pages.push(page.items);
        match page.next {
            Some(next) => request.after = Some(next),
            None => return pages,
        }
        assert!(pages.len() < 1_000, "pagination does not end");
    }
}

/// Pseudo-random but reproducible order, so rows are not inserted in the
/// order they are listed in.
fn shuffled(n: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|i| (i * 7919) % 101);
    order
}

async fn counts(store: &dyn Store) -> BTreeMap<String, i64> {
    store.table_counts().await.unwrap().into_iter().collect()
}

async fn append_events(store: &dyn Store, n: usize) {
    for i in 0..n {
        let mut event = audit(AuditAction::AuditViewed);
        event.details = json!({ "n": i });
        store.append_audit(&event).await.unwrap();
    }
}

/// Every sealed event, checked to hold positions `0..` once each, with the
/// test sealer's leaf hashes, and checkpoints that extend each other.
async fn check_sealed_log(store: &dyn Store) -> Vec<AuditEventRow> {
    let sealed = store.sealed_audit_events(0, 100_000).await.unwrap();
    for (i, event) in sealed.iter().enumerate() {
        assert_eq!(
            event.tree_position,
            Some(i as i64),
            "positions 0..n once each"
        );
        assert_eq!(
            event.leaf_hash.as_deref(),
            Some(&event.id.to_be_bytes()[..])
        );
    }
    assert!(
        sealed.windows(2).all(|w| w[0].id < w[1].id),
        "positions follow id order"
    );
    let checkpoints = store.list_checkpoints().await.unwrap();
    for pair in checkpoints.windows(2) {
        assert!(pair[0].tree_size < pair[1].tree_size, "oldest first");
        assert!(pair[1].root_hash.starts_with(&pair[0].root_hash), "extends");
    }
    if let Some(last) = checkpoints.last() {
        assert_eq!(last.tree_size, sealed.len() as i64);
        let leaves: Vec<u8> = sealed.iter().flat_map(|e| e.id.to_be_bytes()).collect();
        assert_eq!(
            last.root_hash, leaves,
            "the last checkpoint covers every leaf"
        );
    }
    sealed
}

/// The statement someone covering their tracks would run.
const DELETE_NEWEST_EVENT: &str =
    "DELETE FROM audit_events WHERE id = (SELECT MAX(id) FROM audit_events)";

/// Deletes the newest event behind the store's back, appends one through
/// it, and checks the new event did not take the deleted one's id (which
/// would hide the deletion from anyone comparing ids).
async fn assert_deleted_newest_id_is_not_reused(f: &Fixture) {
    let store = f.store();
    let deleted = all_audit(&*store).await.remove(0).id;
    assert_eq!(f.tamper(DELETE_NEWEST_EVENT).await, 1);
    assert!(all_audit(&*store).await.iter().all(|e| e.id < deleted));
    append_events(&*store, 1).await;
    let newest = all_audit(&*store).await.remove(0);
    assert!(
        newest.id > deleted,
        "id {deleted} was deleted, the next event got {}",
        newest.id
    );
}
