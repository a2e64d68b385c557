//! Conformance cases for [`CaseStore`]: data keys and case settings,
//! survivors and cases, the caseload lists, incidents, consent and lawful
//! sharing, break-glass, notes, plans, tasks, purging and retention.

use super::*;
use crate::cases::*;
use crate::master_key::*;
use chrono::{Duration, NaiveDate, NaiveTime};
use concord_domain::case::{Approval, CaseStatus, GoalDomain, GoalStatus, SafetyPlanSection};
use concord_domain::consent::{ConsentGiver, DataCategory, LawfulBasis, Purpose};
use concord_domain::ids::{
    BreakGlassId, CaseId, ConsentId, IncidentId, NoteId, SharingId, SurvivorId, TaskId,
};
use concord_domain::incident::{
    AgeGroup, ContextFlag, GbvType, PerpetratorAgeGroup, PerpetratorRelationship, PerpetratorSex,
    ReportingDelay,
};
use concord_domain::survivor::{Displacement, SexGender};
use std::collections::BTreeMap;

// ---------------------------------------------------------------- factories

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

/// Her first case, engaged, opened and updated at `at(n)`.
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

/// One row in every table under a case (two note versions, two safety-plan
/// sections): what purging must remove.
async fn fill_case(store: &dyn Store, case: &CaseRow, w: &World) {
    let by = w.amina.id;
    store
        .create_incident(
            &incident(case, by, Some(w.area), date(2026, 1, 5), 40),
            &case_audit("create_incident"),
        )
        .await
        .unwrap();
    store
        .create_consent(
            &consent(case, w.police(), by, at(0), at(5_000)),
            &case_audit("create_consent"),
        )
        .await
        .unwrap();
    store
        .create_sharing(
            &sharing(case, w.health(), by, at(5_000)),
            &case_audit("create_sharing"),
        )
        .await
        .unwrap();
    store
        .create_break_glass(
            &grant(case, &w.bea, at(50), 4),
            &case_audit("create_break_glass"),
        )
        .await
        .unwrap();
    let (n, first) = note(case, by, 60);
    store
        .create_note(&n, &first, &case_audit("create_note"))
        .await
        .unwrap();
    store
        .add_note_version(
            &note_version(n.id, 2, by, 61),
            &case_audit("add_note_version"),
        )
        .await
        .unwrap();
    store
        .put_goal(&goal(case, GoalDomain::Safety, by), &case_audit("put_goal"))
        .await
        .unwrap();
    for section in [
        SafetyPlanSection::SafeContacts,
        SafetyPlanSection::LeavingPlan,
    ] {
        store
            .put_safety_plan_section(
                &plan_section(case, section, by),
                &case_audit("put_safety_plan"),
            )
            .await
            .unwrap();
    }
    store
        .create_task(
            &task(case, by, date(2026, 3, 1), 70),
            &case_audit("create_task"),
        )
        .await
        .unwrap();
}

/// What [`fill_case`] adds, with the survivor and her case, per table.
const ONE_FILLED_CASE: [(&str, i64); 11] = [
    ("survivors", 1),
    ("cases", 1),
    ("incidents", 1),
    ("consents", 1),
    ("sharings", 1),
    ("break_glass", 1),
    ("notes", 1),
    ("note_versions", 2),
    ("goals", 1),
    ("safety_plans", 2),
    ("tasks", 1),
];

async fn counts(store: &dyn Store) -> BTreeMap<String, i64> {
    store.table_counts().await.unwrap().into_iter().collect()
}

/// The newest audit event must be the one marked `what`.
async fn assert_last_case_audit(store: &dyn Store, what: &str) {
    let newest = all_audit(store).await.remove(0);
    assert_eq!(newest.details, json!({ "case": what }).to_string());
}

fn assert_conflict<T: std::fmt::Debug>(result: StoreResult<T>) {
    match result {
        Err(StoreError::Conflict) => {}
        other => panic!("expected Conflict, got {other:?}"),
    }
}

/// Every case of a caseload listing, page by page.
async fn caseload(
    store: &Arc<dyn Store>,
    filter: &CaseListFilter,
    limit: u32,
) -> Vec<CaseListItem> {
    collect_pages(limit, |p| {
        let (store, filter) = (Arc::clone(store), filter.clone());
        async move { store.list_cases(&filter, &p).await }
    })
    .await
    .into_iter()
    .flatten()
    .collect()
}

fn own(agency: AgencyId) -> CaseListFilter {
    CaseListFilter {
        for_agency: agency,
        shared: false,
        assigned_to: None,
        status: None,
        now: at(1_000),
    }
}

fn shared_with(agency: AgencyId, now: DateTime<Utc>) -> CaseListFilter {
    CaseListFilter {
        shared: true,
        now,
        ..own(agency)
    }
}

fn ids(items: &[CaseListItem]) -> Vec<CaseId> {
    items.iter().map(|i| i.case.id).collect()
}

/// Newest `updated_at` first, then highest id.
fn newest_first(cases: &[&CaseRow]) -> Vec<CaseId> {
    let mut sorted: Vec<&CaseRow> = cases.to_vec();
    sorted.sort_by_key(|c| std::cmp::Reverse((c.updated_at, c.id)));
    sorted.iter().map(|c| c.id).collect()
}

// -------------------------------------------------------------------- cases

pub async fn data_keys_are_created_listed_and_rotated(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let w = world(&*store).await;
    let key_id = Uuid::now_v7();
    let v1 = data_key(w.shelter(), key_id, 1, true);
    store
        .create_data_key(&v1, &case_audit("create_data_key"))
        .await
        .unwrap();
    assert_last_case_audit(&*store, "create_data_key").await;
    assert_eq!(
        store.list_data_keys(w.shelter()).await.unwrap(),
        vec![v1.clone()]
    );

    // Rotation: the new active version retires the old one, which stays to
    // decrypt what it encrypted.
    let v2 = data_key(w.shelter(), key_id, 2, true);
    store
        .create_data_key(&v2, &case_audit("create_data_key"))
        .await
        .unwrap();
    let retired = DataKeyRow {
        active: false,
        ..v1.clone()
    };
    assert_eq!(
        store.list_data_keys(w.shelter()).await.unwrap(),
        vec![retired.clone(), v2.clone()],
        "oldest first, one active"
    );
    assert_eq!(
        store.get_data_key(key_id, 1).await.unwrap(),
        Some(retired.clone())
    );
    assert_eq!(
        store.get_data_key(key_id, 2).await.unwrap(),
        Some(v2.clone())
    );
    assert_eq!(store.get_data_key(key_id, 3).await.unwrap(), None);
    assert_eq!(store.get_data_key(Uuid::now_v7(), 1).await.unwrap(), None);

    // An inactive version retires nothing.
    let v3 = data_key(w.shelter(), key_id, 3, false);
    store
        .create_data_key(&v3, &case_audit("create_data_key"))
        .await
        .unwrap();
    let listed = store.list_data_keys(w.shelter()).await.unwrap();
    assert_eq!(listed, vec![retired, v2.clone(), v3]);

    // Other agencies' keys are their own.
    let police_key = data_key(w.police(), Uuid::now_v7(), 1, true);
    store
        .create_data_key(&police_key, &case_audit("create_data_key"))
        .await
        .unwrap();
    assert_eq!(
        store.list_data_keys(w.police()).await.unwrap(),
        vec![police_key]
    );
    assert_eq!(store.list_data_keys(w.shelter()).await.unwrap(), listed);
    assert!(store.list_data_keys(w.health()).await.unwrap().is_empty());

    let before = audit_count(&*store).await;
    let mut again = data_key(w.shelter(), key_id, 2, true);
    again.wrapped = sealed("another wrapping");
    assert_duplicate(
        store
            .create_data_key(&again, &case_audit("create_data_key"))
            .await,
        "version",
    );
    assert_missing(
        store
            .create_data_key(
                &data_key(AgencyId::new(), Uuid::now_v7(), 1, true),
                &case_audit("create_data_key"),
            )
            .await,
        "agency_id",
    );
    assert_eq!(
        store.list_data_keys(w.shelter()).await.unwrap(),
        listed,
        "v2 still active"
    );
    assert_eq!(audit_count(&*store).await, before);
}

pub async fn rewrapping_data_keys_is_all_or_nothing(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let w = world(&*store).await;
    let key_id = Uuid::now_v7();
    let keys = [
        data_key(w.shelter(), key_id, 1, false),
        data_key(w.shelter(), key_id, 2, true),
    ];
    for key in &keys {
        store
            .create_data_key(key, &case_audit("create_data_key"))
            .await
            .unwrap();
    }
    let before = audit_count(&*store).await;
    let mut half = keys.clone();
    half[0].wrapped = sealed("new master 1");
    let unknown = DataKeyRow {
        version: 9,
        ..half[1].clone()
    };
    assert_not_found(
        store
            .rewrap_data_keys(&[half[0].clone(), unknown], &case_audit("rewrap"))
            .await,
    );
    assert_eq!(
        store.list_data_keys(w.shelter()).await.unwrap(),
        keys.to_vec()
    );
    assert_eq!(audit_count(&*store).await, before);

    let mut rewrapped = keys.clone();
    rewrapped[0].wrapped = sealed("new master 1");
    rewrapped[1].wrapped = sealed("new master 2");
    // Only the wrapping changes, whatever else the rows say.
    let mut given = rewrapped.clone();
    given[0].active = true;
    given[0].created_at = at(999);
    store
        .rewrap_data_keys(&given, &case_audit("rewrap"))
        .await
        .unwrap();
    assert_last_case_audit(&*store, "rewrap").await;
    assert_eq!(
        store.list_data_keys(w.shelter()).await.unwrap(),
        rewrapped.to_vec()
    );
}

/// What the master key seals in `world`: three data key versions of two
/// agencies, amina's confirmed second factor and bea's pending one.
async fn sealed_world(store: &dyn Store, w: &World) -> MasterSealed {
    let shelter_key = Uuid::now_v7();
    for key in [
        data_key(w.shelter(), shelter_key, 1, true),
        data_key(w.shelter(), shelter_key, 2, true),
        data_key(w.police(), Uuid::now_v7(), 1, true),
    ] {
        store
            .create_data_key(&key, &case_audit("create_data_key"))
            .await
            .unwrap();
    }
    store
        .enable_totp(
            w.amina.id,
            &sealed("amina totp"),
            7,
            &[vec![1; 32]],
            &audit(AuditAction::SecondFactorEnrolled),
        )
        .await
        .unwrap();
    store
        .set_totp_pending(w.bea.id, Some(&sealed("bea pending")))
        .await
        .unwrap();
    store.list_master_sealed().await.unwrap()
}

/// `before` with every sealed value replaced by `tag`'s.
fn resealed(before: &MasterSealed, tag: &str) -> MasterSealed {
    let mut after = before.clone();
    for key in &mut after.data_keys {
        key.wrapped = sealed(&format!("{tag} {} {}", key.key_id, key.version));
    }
    for user in &mut after.totp {
        let what = |kind: &str| sealed(&format!("{tag} {} {kind}", user.user_id));
        user.totp_secret = user.totp_secret.as_ref().map(|_| what("secret"));
        user.totp_pending_secret = user.totp_pending_secret.as_ref().map(|_| what("pending"));
    }
    after
}

pub async fn master_sealed_rows_are_listed_in_order(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let w = world(&*store).await;
    assert_eq!(
        store.list_master_sealed().await.unwrap(),
        MasterSealed::default()
    );
    let listed = sealed_world(&*store, &w).await;
    let mut keys = store.list_data_keys(w.shelter()).await.unwrap();
    keys.extend(store.list_data_keys(w.police()).await.unwrap());
    keys.sort_by_key(|k| (k.key_id, k.version));
    assert_eq!(
        listed.data_keys, keys,
        "every key version, by key id then version"
    );
    let mut totp = vec![
        SealedTotpRow {
            user_id: w.amina.id,
            totp_secret: Some(sealed("amina totp")),
            totp_pending_secret: None,
        },
        SealedTotpRow {
            user_id: w.bea.id,
            totp_secret: None,
            totp_pending_secret: Some(sealed("bea pending")),
        },
    ];
    totp.sort_by_key(|u| u.user_id);
    assert_eq!(listed.totp, totp, "only users with a secret, by id");
}

pub async fn settings_can_be_set_only_once(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    assert!(store.insert_setting_if_absent("k", "first").await.unwrap());
    assert!(!store.insert_setting_if_absent("k", "second").await.unwrap());
    assert_eq!(
        store.get_setting("k").await.unwrap().as_deref(),
        Some("first")
    );
    // Racing instances agree on one value.
    let other = f.another_instance().await;
    let (a, b) = tokio::join!(
        store.insert_setting_if_absent("race", "a"),
        other.insert_setting_if_absent("race", "b")
    );
    assert!(a.unwrap() ^ b.unwrap(), "exactly one of them set it");
    let value = store.get_setting("race").await.unwrap().unwrap();
    assert!(value == "a" || value == "b");
}

pub async fn master_key_rotation_is_all_or_nothing(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let w = world(&*store).await;
    let before = sealed_world(&*store, &w).await;
    store.put_setting("sealed", "old value").await.unwrap();
    let settings = vec![
        SettingReseal {
            key: "sealed".into(),
            before: Some("old value".into()),
            after: Some("new value".into()),
        },
        SettingReseal {
            key: "absent".into(),
            before: None,
            after: None,
        },
    ];
    let rotation = MasterKeyRotation {
        before: before.clone(),
        after: resealed(&before, "new master"),
        settings: settings.clone(),
    };
    let audits = audit_count(&*store).await;
    let unchanged = |store: Arc<dyn Store>, before: MasterSealed| async move {
        assert_eq!(store.list_master_sealed().await.unwrap(), before);
        assert_eq!(
            store.get_setting("sealed").await.unwrap().as_deref(),
            Some("old value")
        );
        assert_eq!(store.get_setting("absent").await.unwrap(), None);
    };

    // A rotation whose rows are not the rows read is a bug: refused.
    let mut dropped = rotation.clone();
    dropped.after.data_keys.pop();
    assert!(matches!(
        store
            .rotate_master_key(&dropped, &case_audit("rotate"))
            .await,
        Err(StoreError::Backend(_))
    ));
    let mut moved = rotation.clone();
    moved.after.totp[0].user_id = w.chloe.id;
    assert!(matches!(
        store.rotate_master_key(&moved, &case_audit("rotate")).await,
        Err(StoreError::Backend(_))
    ));
    unchanged(store.clone(), before.clone()).await;

    // A setting changed since it was read: nothing is written.
    let mut stale_setting = rotation.clone();
    stale_setting.settings[0].before = Some("another value".into());
    assert_conflict(
        store
            .rotate_master_key(&stale_setting, &case_audit("rotate"))
            .await,
    );
    let mut appeared = rotation.clone();
    appeared.settings.push(SettingReseal {
        key: "appeared".into(),
        before: None,
        after: None,
    });
    store.put_setting("appeared", "now set").await.unwrap();
    assert_conflict(
        store
            .rotate_master_key(&appeared, &case_audit("rotate"))
            .await,
    );
    unchanged(store.clone(), before.clone()).await;
    assert_eq!(audit_count(&*store).await, audits);

    // A second factor enrolled since the rows were read: the same.
    store
        .set_totp_pending(w.chloe.id, Some(&sealed("chloe pending")))
        .await
        .unwrap();
    assert_conflict(
        store
            .rotate_master_key(&rotation, &case_audit("rotate"))
            .await,
    );
    store.set_totp_pending(w.chloe.id, None).await.unwrap();
    // And a secret replaced since.
    store
        .set_totp_pending(w.bea.id, Some(&sealed("bea pending again")))
        .await
        .unwrap();
    assert_conflict(
        store
            .rotate_master_key(&rotation, &case_audit("rotate"))
            .await,
    );
    store
        .set_totp_pending(w.bea.id, Some(&sealed("bea pending")))
        .await
        .unwrap();
    unchanged(store.clone(), before.clone()).await;
    assert_eq!(audit_count(&*store).await, audits);

    // A data key created since (by an instance still on the old master
    // key): nothing is written, or that key would be lost.
    let late = data_key(w.health(), Uuid::now_v7(), 1, true);
    store
        .create_data_key(&late, &case_audit("create_data_key"))
        .await
        .unwrap();
    let audits = audit_count(&*store).await;
    assert_conflict(
        store
            .rotate_master_key(&rotation, &case_audit("rotate"))
            .await,
    );
    let mut before = before.clone();
    before.data_keys.push(late.clone());
    before.data_keys.sort_by_key(|k| (k.key_id, k.version));
    unchanged(store.clone(), before.clone()).await;
    assert_eq!(audit_count(&*store).await, audits);
    let rotation = MasterKeyRotation {
        before: before.clone(),
        after: resealed(&before, "new master"),
        settings,
    };

    // As read: every sealed value is replaced together with its audit
    // event, and nothing else changes.
    store
        .rotate_master_key(&rotation, &case_audit("rotate"))
        .await
        .unwrap();
    assert_last_case_audit(&*store, "rotate").await;
    assert_eq!(store.list_master_sealed().await.unwrap(), rotation.after);
    assert_eq!(
        store.get_setting("sealed").await.unwrap().as_deref(),
        Some("new value")
    );
    assert_eq!(store.get_setting("absent").await.unwrap(), None);
    let amina = store.get_user(w.amina.id).await.unwrap().unwrap();
    assert_eq!(amina.totp_last_step, Some(7));
    assert_eq!(
        store.count_unused_recovery_codes(w.amina.id).await.unwrap(),
        1
    );
    assert!(store.list_data_keys(w.shelter()).await.unwrap()[1].active);
    // The same rotation again is stale now.
    assert_conflict(
        store
            .rotate_master_key(&rotation, &case_audit("rotate"))
            .await,
    );
}

pub async fn case_settings_are_inserted_and_replaced(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let w = world(&*store).await;
    assert_eq!(store.get_case_settings(w.shelter()).await.unwrap(), None);
    let mut settings = CaseSettingsRow {
        agency_id: w.shelter(),
        plan_requires_approval: true,
        closure_requires_approval: false,
        retention_months: Some(84),
    };
    store
        .put_case_settings(&settings, &case_audit("put_case_settings"))
        .await
        .unwrap();
    assert_last_case_audit(&*store, "put_case_settings").await;
    assert_eq!(
        store.get_case_settings(w.shelter()).await.unwrap(),
        Some(settings.clone())
    );
    settings.plan_requires_approval = false;
    settings.closure_requires_approval = true;
    settings.retention_months = None;
    store
        .put_case_settings(&settings, &case_audit("put_case_settings"))
        .await
        .unwrap();
    assert_eq!(
        store.get_case_settings(w.shelter()).await.unwrap(),
        Some(settings)
    );
    assert_eq!(store.get_case_settings(w.police()).await.unwrap(), None);

    let before = audit_count(&*store).await;
    assert_missing(
        store
            .put_case_settings(
                &CaseSettingsRow {
                    agency_id: AgencyId::new(),
                    plan_requires_approval: true,
                    closure_requires_approval: true,
                    retention_months: Some(1),
                },
                &case_audit("put_case_settings"),
            )
            .await,
        "agency_id",
    );
    assert_eq!(audit_count(&*store).await, before);
}

pub async fn survivors_and_their_cases_round_trip(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let w = world(&*store).await;
    let (s1, c1) = register(&*store, &w.amina, &reference(1), 100).await;
    assert_last_case_audit(&*store, "create_survivor").await;
    assert_eq!(store.get_survivor(s1.id).await.unwrap(), Some(s1.clone()));
    assert_eq!(store.get_case(c1.id).await.unwrap(), Some(c1.clone()));
    assert_eq!(
        store.list_survivor_cases(s1.id).await.unwrap(),
        vec![c1.clone()]
    );
    assert_eq!(store.get_survivor(SurvivorId::new()).await.unwrap(), None);
    assert_eq!(store.get_case(CaseId::new()).await.unwrap(), None);
    assert!(
        store
            .list_survivor_cases(SurvivorId::new())
            .await
            .unwrap()
            .is_empty()
    );

    // Nothing but what is required.
    let (bare, bare_case) = register_with(&*store, &w.amina, &reference(2), 101, |s, c| {
        s.name = None;
        s.other_identifiers = None;
        s.date_of_birth = None;
        s.age_group = None;
        s.languages = Vec::new();
        s.contact = None;
        s.name_dob_index = None;
        s.disability = false;
        s.sex_gender = SexGender::NotDisclosed;
        s.displacement = Displacement::Unknown;
        c.assigned_caseworker = None;
    })
    .await;
    assert_eq!(store.get_survivor(bare.id).await.unwrap(), Some(bare));
    assert_eq!(store.get_case(bare_case.id).await.unwrap(), Some(bare_case));

    // Finding her again by blind index: within the agency, newest first.
    let (s3, _) = register_with(&*store, &w.amina, &reference(3), 102, |s, _| {
        s.created_at = at(20);
    })
    .await;
    register(&*store, &w.bea, &reference(4), 103).await;
    let index = s1.name_dob_index.clone().unwrap();
    assert_eq!(
        store.find_survivors(w.shelter(), &index).await.unwrap(),
        vec![s3.clone(), s1.clone()]
    );
    assert!(
        store
            .find_survivors(w.health(), &index)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        store
            .find_survivors(w.shelter(), &[1, 2, 3])
            .await
            .unwrap()
            .is_empty()
    );

    // An update replaces her details, never who owns the record, its
    // reference, its creation or a legal hold.
    let mut changed = s1.clone();
    changed.agency_id = w.police();
    changed.reference = reference(99);
    changed.name = Some(sealed("new name"));
    changed.other_identifiers = None;
    changed.date_of_birth = Some(sealed("1991-04-05"));
    changed.age_group = Some(AgeGroup::Age12To17);
    changed.sex_gender = SexGender::NonBinary;
    changed.disability = false;
    changed.displacement = Displacement::InternallyDisplaced;
    changed.languages = vec!["fr".into()];
    changed.contact = None;
    changed.name_dob_index = Some(vec![8; 32]);
    changed.legal_hold = true;
    changed.created_by = w.bea.id;
    changed.created_at = at(999);
    store
        .update_survivor(&changed, &case_audit("update_survivor"))
        .await
        .unwrap();
    assert_last_case_audit(&*store, "update_survivor").await;
    let expected = SurvivorRow {
        agency_id: s1.agency_id,
        reference: s1.reference.clone(),
        legal_hold: false,
        created_by: s1.created_by,
        created_at: s1.created_at,
        ..changed.clone()
    };
    assert_eq!(store.get_survivor(s1.id).await.unwrap(), Some(expected));
    assert_eq!(
        store.find_survivors(w.shelter(), &index).await.unwrap(),
        vec![s3]
    );

    store
        .set_legal_hold(s1.id, true, &case_audit("set_legal_hold"))
        .await
        .unwrap();
    assert_last_case_audit(&*store, "set_legal_hold").await;
    assert!(store.get_survivor(s1.id).await.unwrap().unwrap().legal_hold);
    store
        .set_legal_hold(s1.id, false, &case_audit("set_legal_hold"))
        .await
        .unwrap();
    assert!(!store.get_survivor(s1.id).await.unwrap().unwrap().legal_hold);

    let before = audit_count(&*store).await;
    let stranger = survivor(w.shelter(), w.amina.id, &reference(50));
    assert_not_found(
        store
            .update_survivor(&stranger, &case_audit("update_survivor"))
            .await,
    );
    assert_not_found(
        store
            .set_legal_hold(stranger.id, true, &case_audit("set_legal_hold"))
            .await,
    );
    assert_eq!(audit_count(&*store).await, before);
}

pub async fn duplicate_survivors_and_cases_write_nothing(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let w = world(&*store).await;
    let (s1, c1) = register(&*store, &w.amina, &reference(1), 100).await;
    let before = counts(&*store).await;

    // The reference is taken (by another agency's survivor, even).
    let s2 = survivor(w.police(), w.bea.id, &s1.reference);
    let c2 = first_case(&s2, w.police(), None, 101);
    assert_duplicate(
        store
            .create_survivor(&s2, &c2, &case_audit("create_survivor"))
            .await,
        "reference",
    );
    assert_eq!(store.get_survivor(s2.id).await.unwrap(), None);
    assert_eq!(store.get_case(c2.id).await.unwrap(), None);

    // Her id is taken.
    let s3 = SurvivorRow {
        reference: reference(3),
        ..s1.clone()
    };
    let c3 = first_case(&s3, w.shelter(), None, 102);
    assert_duplicate(
        store
            .create_survivor(&s3, &c3, &case_audit("create_survivor"))
            .await,
        "id",
    );
    assert_eq!(store.get_case(c3.id).await.unwrap(), None);

    // Her case's id is taken: she is not registered either.
    let s4 = survivor(w.shelter(), w.amina.id, &reference(4));
    let c4 = CaseRow {
        survivor_id: s4.id,
        ..c1.clone()
    };
    assert_duplicate(
        store
            .create_survivor(&s4, &c4, &case_audit("create_survivor"))
            .await,
        "id",
    );
    assert_eq!(store.get_survivor(s4.id).await.unwrap(), None);
    assert_eq!(store.get_case(c1.id).await.unwrap(), Some(c1));

    assert_eq!(
        counts(&*store).await,
        before,
        "nothing written, no audit event"
    );
}

pub async fn survivors_with_missing_references_write_nothing(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let w = world(&*store).await;
    let before = counts(&*store).await;
    let attempt = |change: fn(&mut SurvivorRow, &mut CaseRow), field: &'static str| {
        let store = Arc::clone(&store);
        let worker = w.amina.clone();
        async move {
            let mut s = survivor(worker.agency_id, worker.id, &reference(1));
            let mut c = first_case(&s, worker.agency_id, Some(worker.id), 100);
            change(&mut s, &mut c);
            assert_missing(
                store
                    .create_survivor(&s, &c, &case_audit("create_survivor"))
                    .await,
                field,
            );
            assert_eq!(store.get_survivor(s.id).await.unwrap(), None);
        }
    };
    attempt(|s, _| s.agency_id = AgencyId::new(), "agency_id").await;
    attempt(|s, _| s.created_by = UserId::new(), "created_by").await;
    attempt(|_, c| c.owning_agency = AgencyId::new(), "owning_agency").await;
    attempt(
        |_, c| c.assigned_caseworker = Some(UserId::new()),
        "assigned_caseworker",
    )
    .await;
    attempt(|_, c| c.survivor_id = SurvivorId::new(), "survivor_id").await;
    assert_eq!(
        counts(&*store).await,
        before,
        "nothing written, no audit event"
    );
}

pub async fn case_records_with_missing_references_write_nothing(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let w = world(&*store).await;
    let (_, case) = register(&*store, &w.amina, &reference(1), 100).await;
    let (existing_note, first) = note(&case, w.amina.id, 60);
    store
        .create_note(&existing_note, &first, &case_audit("create_note"))
        .await
        .unwrap();
    let before = counts(&*store).await;
    let by = w.amina.id;
    let elsewhere = CaseRow {
        id: CaseId::new(),
        ..case.clone()
    };
    let nobody = UserId::new();
    let none = AgencyId::new();
    let on = date(2026, 1, 5);
    let audit = case_audit("refused");

    // incidents
    assert_missing(
        store
            .create_incident(&incident(&elsewhere, by, None, on, 1), &audit)
            .await,
        "case_id",
    );
    assert_missing(
        store
            .create_incident(&incident(&case, by, Some(AreaId::new()), on, 1), &audit)
            .await,
        "area_id",
    );
    assert_missing(
        store
            .create_incident(&incident(&case, nobody, None, on, 1), &audit)
            .await,
        "created_by",
    );
    // consents
    let period = (at(0), at(5_000));
    assert_missing(
        store
            .create_consent(
                &consent(&elsewhere, w.police(), by, period.0, period.1),
                &audit,
            )
            .await,
        "case_id",
    );
    assert_missing(
        store
            .create_consent(&consent(&case, none, by, period.0, period.1), &audit)
            .await,
        "recipient_agency",
    );
    assert_missing(
        store
            .create_consent(
                &consent(&case, w.police(), nobody, period.0, period.1),
                &audit,
            )
            .await,
        "recorded_by",
    );
    // lawful shares
    assert_missing(
        store
            .create_sharing(&sharing(&elsewhere, w.police(), by, period.1), &audit)
            .await,
        "case_id",
    );
    assert_missing(
        store
            .create_sharing(&sharing(&case, none, by, period.1), &audit)
            .await,
        "recipient_agency",
    );
    assert_missing(
        store
            .create_sharing(&sharing(&case, w.police(), nobody, period.1), &audit)
            .await,
        "decision_maker",
    );
    // break-glass
    assert_missing(
        store
            .create_break_glass(&grant(&elsewhere, &w.bea, at(50), 4), &audit)
            .await,
        "case_id",
    );
    let mut stranger = w.bea.clone();
    stranger.id = nobody;
    assert_missing(
        store
            .create_break_glass(&grant(&case, &stranger, at(50), 4), &audit)
            .await,
        "user_id",
    );
    let mut homeless = w.bea.clone();
    homeless.agency_id = none;
    assert_missing(
        store
            .create_break_glass(&grant(&case, &homeless, at(50), 4), &audit)
            .await,
        "agency_id",
    );
    // notes
    let (n, v) = note(&elsewhere, by, 1);
    assert_missing(store.create_note(&n, &v, &audit).await, "case_id");
    let (n, v) = note(&case, nobody, 1);
    assert_missing(store.create_note(&n, &v, &audit).await, "author_id");
    let (n, _) = note(&case, by, 1);
    let not_its_own = note_version(existing_note.id, 1, by, 1);
    assert_missing(store.create_note(&n, &not_its_own, &audit).await, "note_id");
    assert_missing(
        store
            .add_note_version(&note_version(NoteId::new(), 2, by, 1), &audit)
            .await,
        "note_id",
    );
    assert_missing(
        store
            .add_note_version(&note_version(existing_note.id, 2, nobody, 1), &audit)
            .await,
        "edited_by",
    );
    // plans and tasks
    assert_missing(
        store
            .put_goal(&goal(&elsewhere, GoalDomain::Health, by), &audit)
            .await,
        "case_id",
    );
    assert_missing(
        store
            .put_goal(&goal(&case, GoalDomain::Health, nobody), &audit)
            .await,
        "updated_by",
    );
    assert_missing(
        store
            .put_safety_plan_section(
                &plan_section(&elsewhere, SafetyPlanSection::Children, by),
                &audit,
            )
            .await,
        "case_id",
    );
    assert_missing(
        store
            .put_safety_plan_section(
                &plan_section(&case, SafetyPlanSection::Children, nobody),
                &audit,
            )
            .await,
        "updated_by",
    );
    assert_missing(
        store
            .create_task(&task(&elsewhere, by, on, 1), &audit)
            .await,
        "case_id",
    );
    assert_missing(
        store.create_task(&task(&case, nobody, on, 1), &audit).await,
        "assignee",
    );
    assert_eq!(
        counts(&*store).await,
        before,
        "nothing written, no audit event"
    );
}

pub async fn update_case_refuses_a_stale_status(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let w = world(&*store).await;
    let dina = colleague(&*store, &w.amina, "dina").await;
    let (_, case) = register(&*store, &w.amina, &reference(1), 100).await;

    let assessed = CaseRow {
        status: CaseStatus::Assessed,
        assigned_caseworker: Some(dina.id),
        updated_at: at(110),
        ..case.clone()
    };
    store
        .update_case(&assessed, CaseStatus::Engaged, &case_audit("update_case"))
        .await
        .unwrap();
    assert_last_case_audit(&*store, "update_case").await;
    assert_eq!(
        store.get_case(case.id).await.unwrap(),
        Some(assessed.clone())
    );

    // A second decision made from the same (now stale) status.
    let before = audit_count(&*store).await;
    let stale = CaseRow {
        status: CaseStatus::PlanAgreed,
        updated_at: at(111),
        ..case.clone()
    };
    assert_conflict(
        store
            .update_case(&stale, CaseStatus::Engaged, &case_audit("update_case"))
            .await,
    );
    assert_eq!(
        store.get_case(case.id).await.unwrap(),
        Some(assessed.clone())
    );
    assert_eq!(audit_count(&*store).await, before);

    // Closing: every closure and approval field is written, and only the
    // fields update_case covers.
    let requested = CaseRow {
        status: CaseStatus::ClosureRequested,
        plan_approval: Some(Approval::Approved),
        closure_approval: Some(Approval::Requested),
        closure_reason: Some("needs_met".into()),
        approval_comment: Some(sealed("plan approved")),
        assigned_caseworker: None,
        updated_at: at(120),
        ..assessed.clone()
    };
    store
        .update_case(&requested, CaseStatus::Assessed, &case_audit("update_case"))
        .await
        .unwrap();
    let closed = CaseRow {
        status: CaseStatus::Closed,
        closure_approval: Some(Approval::Approved),
        approval_comment: Some(sealed("closure approved")),
        closed_at: Some(at(130)),
        updated_at: at(130),
        ..requested.clone()
    };
    let mut given = closed.clone();
    given.survivor_id = SurvivorId::new();
    given.owning_agency = w.police();
    given.opened_at = at(1);
    store
        .update_case(
            &given,
            CaseStatus::ClosureRequested,
            &case_audit("update_case"),
        )
        .await
        .unwrap();
    assert_eq!(store.get_case(case.id).await.unwrap(), Some(closed.clone()));

    let before = audit_count(&*store).await;
    let unknown = CaseRow {
        id: CaseId::new(),
        ..closed.clone()
    };
    assert_not_found(
        store
            .update_case(&unknown, CaseStatus::Closed, &case_audit("update_case"))
            .await,
    );
    let reassigned = CaseRow {
        status: CaseStatus::Reopened,
        assigned_caseworker: Some(UserId::new()),
        ..closed.clone()
    };
    assert_missing(
        store
            .update_case(&reassigned, CaseStatus::Closed, &case_audit("update_case"))
            .await,
        "assigned_caseworker",
    );
    assert_eq!(store.get_case(case.id).await.unwrap(), Some(closed));
    assert_eq!(audit_count(&*store).await, before);
}

pub async fn concurrent_case_decisions_accept_one(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let w = world(&*store).await;
    let (_, case) = register(&*store, &w.amina, &reference(1), 100).await;
    let before = audit_count(&*store).await;
    let decisions: Vec<_> = (0..6)
        .map(|i| {
            let store = Arc::clone(&store);
            let decided = CaseRow {
                status: CaseStatus::Assessed,
                updated_at: at(200 + i),
                ..case.clone()
            };
            tokio::spawn(async move {
                store
                    .update_case(&decided, CaseStatus::Engaged, &case_audit("update_case"))
                    .await
            })
        })
        .collect();
    let mut accepted = 0;
    for decision in decisions {
        match decision.await.unwrap() {
            Ok(()) => accepted += 1,
            Err(StoreError::Conflict) => {}
            other => panic!("expected Ok or Conflict, got {other:?}"),
        }
    }
    assert_eq!(accepted, 1, "one decision wins, the others conflict");
    assert_eq!(audit_count(&*store).await, before + 1);
}

pub async fn own_caseload_lists_newest_first_and_pages_without_gaps(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let w = world(&*store).await;
    let dina = colleague(&*store, &w.amina, "dina").await;
    let mut mine = Vec::new();
    for i in shuffled(23) {
        // Pairs share an updated_at: the id breaks the tie.
        let (s, c) = register_with(
            &*store,
            &w.amina,
            &reference(i),
            100 + (i as i64) / 2,
            |_, c| {
                if i % 3 == 0 {
                    c.status = CaseStatus::Assessed;
                }
                if i % 2 == 0 {
                    c.assigned_caseworker = Some(dina.id);
                }
            },
        )
        .await;
        mine.push((s, c));
    }
    for i in 0..3 {
        register(&*store, &w.bea, &reference(100 + i), 150).await;
    }
    let cases: Vec<&CaseRow> = mine.iter().map(|(_, c)| c).collect();

    let pages = collect_pages(5, |p| {
        let store = Arc::clone(&store);
        let filter = own(w.shelter());
        async move { store.list_cases(&filter, &p).await }
    })
    .await;
    assert_eq!(pages.len(), 5, "23 cases in pages of 5");
    let listed: Vec<CaseListItem> = pages.into_iter().flatten().collect();
    assert_eq!(
        ids(&listed),
        newest_first(&cases),
        "each once, newest first"
    );
    for item in &listed {
        let (s, c) = mine.iter().find(|(_, c)| c.id == item.case.id).unwrap();
        assert_eq!(&item.case, c);
        assert_eq!(item.survivor_reference, s.reference);
    }

    let dinas = caseload(
        &store,
        &CaseListFilter {
            assigned_to: Some(dina.id),
            ..own(w.shelter())
        },
        4,
    )
    .await;
    let expected: Vec<&CaseRow> = cases
        .iter()
        .copied()
        .filter(|c| c.assigned_caseworker == Some(dina.id))
        .collect();
    assert_eq!(ids(&dinas), newest_first(&expected));
    let assessed = caseload(
        &store,
        &CaseListFilter {
            status: Some(CaseStatus::Assessed),
            ..own(w.shelter())
        },
        4,
    )
    .await;
    let expected: Vec<&CaseRow> = cases
        .iter()
        .copied()
        .filter(|c| c.status == CaseStatus::Assessed)
        .collect();
    assert_eq!(ids(&assessed), newest_first(&expected));
    let both = caseload(
        &store,
        &CaseListFilter {
            status: Some(CaseStatus::Assessed),
            assigned_to: Some(dina.id),
            ..own(w.shelter())
        },
        2,
    )
    .await;
    let expected: Vec<&CaseRow> = cases
        .iter()
        .copied()
        .filter(|c| c.status == CaseStatus::Assessed && c.assigned_caseworker == Some(dina.id))
        .collect();
    assert_eq!(ids(&both), newest_first(&expected));
    assert!(!expected.is_empty());

    assert_eq!(caseload(&store, &own(w.police()), 10).await.len(), 3);
    assert!(caseload(&store, &own(w.health()), 10).await.is_empty());
    let bad = PageRequest {
        after: Some("zz".into()),
        limit: 5,
    };
    assert_invalid_cursor(store.list_cases(&own(w.shelter()), &bad).await);
    let not_a_time = PageRequest {
        after: Some(cursor::encode(&["yesterday", &Uuid::now_v7().to_string()])),
        limit: 5,
    };
    assert_invalid_cursor(store.list_cases(&own(w.shelter()), &not_a_time).await);
}

pub async fn shared_caseload_follows_consents_and_shares_in_force(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let w = world(&*store).await;
    let now = at(1_000);
    let by = w.amina.id;
    let police = w.police();
    let mut n = 0;
    let mut case_of = |label: &'static str| {
        n += 1;
        let store = Arc::clone(&store);
        let amina = w.amina.clone();
        let i = n;
        async move {
            (
                label,
                register(&*store, &amina, &reference(i), 100 + i as i64)
                    .await
                    .1,
            )
        }
    };
    let mut cases = Vec::new();
    let consent_to = |case: &CaseRow, to: AgencyId, from, until| consent(case, to, by, from, until);

    let (l, c) = case_of("consent in force").await;
    store
        .create_consent(&consent_to(&c, police, at(0), at(2_000)), &case_audit("c"))
        .await
        .unwrap();
    cases.push((l, c, true));
    let (l, c) = case_of("consent starting now").await;
    store
        .create_consent(&consent_to(&c, police, now, at(2_000)), &case_audit("c"))
        .await
        .unwrap();
    cases.push((l, c, true));
    let (l, c) = case_of("consent not yet valid").await;
    store
        .create_consent(
            &consent_to(&c, police, now + micro(1), at(2_000)),
            &case_audit("c"),
        )
        .await
        .unwrap();
    cases.push((l, c, false));
    let (l, c) = case_of("consent ending now").await;
    store
        .create_consent(&consent_to(&c, police, at(0), now), &case_audit("c"))
        .await
        .unwrap();
    cases.push((l, c, false));
    let (l, c) = case_of("consent ending just after now").await;
    store
        .create_consent(
            &consent_to(&c, police, at(0), now + micro(1)),
            &case_audit("c"),
        )
        .await
        .unwrap();
    cases.push((l, c, true));
    let (l, c) = case_of("consent withdrawn now").await;
    let k = consent_to(&c, police, at(0), at(2_000));
    store.create_consent(&k, &case_audit("c")).await.unwrap();
    assert!(
        store
            .withdraw_consent(k.id, now, &case_audit("w"))
            .await
            .unwrap()
    );
    cases.push((l, c, false));
    let (l, c) = case_of("consent withdrawn just after now").await;
    let k = consent_to(&c, police, at(0), at(2_000));
    store.create_consent(&k, &case_audit("c")).await.unwrap();
    assert!(
        store
            .withdraw_consent(k.id, now + micro(1), &case_audit("w"))
            .await
            .unwrap()
    );
    cases.push((l, c, true));
    let (l, c) = case_of("consent to another agency").await;
    store
        .create_consent(
            &consent_to(&c, w.health(), at(0), at(2_000)),
            &case_audit("c"),
        )
        .await
        .unwrap();
    cases.push((l, c, false));
    let (l, c) = case_of("share in force").await;
    store
        .create_sharing(&sharing(&c, police, by, at(2_000)), &case_audit("s"))
        .await
        .unwrap();
    cases.push((l, c, true));
    let (l, c) = case_of("share ending now").await;
    store
        .create_sharing(&sharing(&c, police, by, now), &case_audit("s"))
        .await
        .unwrap();
    cases.push((l, c, false));
    let (l, c) = case_of("share revoked now").await;
    let s = sharing(&c, police, by, at(2_000));
    store.create_sharing(&s, &case_audit("s")).await.unwrap();
    assert!(
        store
            .revoke_sharing(s.id, now, &case_audit("r"))
            .await
            .unwrap()
    );
    cases.push((l, c, false));
    let (l, c) = case_of("share revoked just after now").await;
    let s = sharing(&c, police, by, at(2_000));
    store.create_sharing(&s, &case_audit("s")).await.unwrap();
    assert!(
        store
            .revoke_sharing(s.id, now + micro(1), &case_audit("r"))
            .await
            .unwrap()
    );
    cases.push((l, c, true));
    let (l, c) = case_of("two consents and a share").await;
    for _ in 0..2 {
        store
            .create_consent(&consent_to(&c, police, at(0), at(2_000)), &case_audit("c"))
            .await
            .unwrap();
    }
    store
        .create_sharing(&sharing(&c, police, by, at(2_000)), &case_audit("s"))
        .await
        .unwrap();
    cases.push((l, c, true));
    let (l, c) = case_of("nothing").await;
    cases.push((l, c, false));
    // The police's own case, with a consent to the police: theirs, not
    // shared with them.
    let (_, own_case) = register(&*store, &w.bea, &reference(90), 300).await;
    store
        .create_consent(
            &consent(&own_case, police, w.bea.id, at(0), at(2_000)),
            &case_audit("c"),
        )
        .await
        .unwrap();

    let listed = caseload(&store, &shared_with(police, now), 2).await;
    let expected: Vec<&CaseRow> = cases
        .iter()
        .filter(|(_, _, shown)| *shown)
        .map(|(_, c, _)| c)
        .collect();
    let label = |id: &CaseId| {
        cases
            .iter()
            .find(|(_, c, _)| c.id == *id)
            .map_or("?", |(l, _, _)| l)
    };
    assert_eq!(
        ids(&listed).iter().map(label).collect::<Vec<_>>(),
        newest_first(&expected)
            .iter()
            .map(label)
            .collect::<Vec<_>>(),
        "shared with the police at now, each once, newest first"
    );
    for item in &listed {
        assert_eq!(item.case.owning_agency, w.shelter());
        assert!(item.survivor_reference.starts_with("S-"));
    }
    assert_eq!(
        ids(&caseload(&store, &own(police), 5).await),
        vec![own_case.id]
    );

    let health = caseload(&store, &shared_with(w.health(), now), 5).await;
    let to_health: Vec<&str> = ids(&health).iter().map(label).collect();
    assert_eq!(to_health, vec!["consent to another agency"]);
    assert!(
        caseload(&store, &shared_with(w.shelter(), now), 5)
            .await
            .is_empty(),
        "its own cases are not shared with it"
    );

    // Later, everything has ended; earlier, what had not begun is not shown.
    assert!(
        caseload(&store, &shared_with(police, at(2_000)), 5)
            .await
            .is_empty()
    );
    let early: Vec<&str> = ids(&caseload(&store, &shared_with(police, now - micro(1)), 5).await)
        .iter()
        .map(label)
        .collect();
    assert!(early.contains(&"consent withdrawn now"));
    assert!(early.contains(&"share revoked now"));
    assert!(!early.contains(&"consent starting now"));

    // Narrowing applies to the shared list too.
    let narrowed = caseload(
        &store,
        &CaseListFilter {
            status: Some(CaseStatus::Assessed),
            ..shared_with(police, now)
        },
        5,
    )
    .await;
    assert!(narrowed.is_empty());
    let amina_only = caseload(
        &store,
        &CaseListFilter {
            assigned_to: Some(w.amina.id),
            ..shared_with(police, now)
        },
        5,
    )
    .await;
    assert_eq!(amina_only.len(), expected.len());
}

pub async fn incidents_round_trip_and_find_repeat_perpetrators(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let w = world(&*store).await;
    let (_, c1) = register(&*store, &w.amina, &reference(1), 100).await;
    let (_, c2) = register(&*store, &w.bea, &reference(2), 101).await;
    let full = incident(&c1, w.amina.id, Some(w.area), date(2026, 1, 5), 40);
    store
        .create_incident(&full, &case_audit("create_incident"))
        .await
        .unwrap();
    assert_last_case_audit(&*store, "create_incident").await;
    let bare = IncidentRow {
        id: IncidentId::new(),
        incident_date: date(2025, 12, 20),
        incident_time: None,
        date_first_reported: date(2026, 2, 1),
        area_id: None,
        gbv_type: GbvType::PhysicalAssault,
        context_flags: Vec::new(),
        perpetrator_relationship: PerpetratorRelationship::Unknown,
        perpetrator_sex: PerpetratorSex::Unknown,
        perpetrator_age_group: PerpetratorAgeGroup::Unknown,
        perpetrator_identity: None,
        perpetrator_index: None,
        survivor_age_group: None,
        reporting_delay: ReportingDelay::Over1Month,
        already_reported_elsewhere: false,
        consent_to_statistics: false,
        narrative: None,
        created_at: at(41),
        ..full.clone()
    };
    store
        .create_incident(&bare, &case_audit("create_incident"))
        .await
        .unwrap();
    assert_eq!(
        store.list_incidents(c1.id).await.unwrap(),
        vec![bare.clone(), full.clone()],
        "oldest incident date first"
    );

    // The same perpetrator in another agency's case.
    let repeat = incident(&c2, w.bea.id, None, date(2026, 2, 1), 42);
    store
        .create_incident(&repeat, &case_audit("create_incident"))
        .await
        .unwrap();
    assert_eq!(
        store.list_incidents(c2.id).await.unwrap(),
        vec![repeat.clone()]
    );
    let index = full.perpetrator_index.clone().unwrap();
    assert_eq!(
        store.find_incidents_by_perpetrator(&index).await.unwrap(),
        vec![full.clone(), repeat]
    );
    assert!(
        store
            .find_incidents_by_perpetrator(&[1, 2, 3])
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        store
            .list_incidents(CaseId::new())
            .await
            .unwrap()
            .is_empty()
    );

    let before = audit_count(&*store).await;
    assert_duplicate(
        store
            .create_incident(&full, &case_audit("create_incident"))
            .await,
        "id",
    );
    assert_eq!(audit_count(&*store).await, before);
}

pub async fn consents_and_shares_are_listed_and_ended_once(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let w = world(&*store).await;
    let (_, case) = register(&*store, &w.amina, &reference(1), 100).await;
    let (_, other) = register(&*store, &w.amina, &reference(2), 101).await;
    let older = consent(&case, w.police(), w.amina.id, at(10), at(5_000));
    let newer = ConsentRow {
        id: ConsentId::new(),
        recipient_agency: w.health(),
        purposes: Purpose::ALL.to_vec(),
        categories: vec![DataCategory::CaseNotes, DataCategory::Risk],
        given_by: ConsentGiver::Caregiver,
        child_assent: true,
        caregiver_unsafe: true,
        valid_from: at(20),
        recorded_at: at(20),
        ..older.clone()
    };
    for k in [&older, &newer] {
        store
            .create_consent(k, &case_audit("create_consent"))
            .await
            .unwrap();
    }
    assert_last_case_audit(&*store, "create_consent").await;
    assert_eq!(
        store.list_consents(case.id).await.unwrap(),
        vec![newer.clone(), older.clone()],
        "newest first"
    );
    assert!(store.list_consents(other.id).await.unwrap().is_empty());

    assert!(
        store
            .withdraw_consent(older.id, at(30), &case_audit("withdraw"))
            .await
            .unwrap()
    );
    assert_last_case_audit(&*store, "withdraw").await;
    let before = audit_count(&*store).await;
    assert!(
        !store
            .withdraw_consent(older.id, at(40), &case_audit("withdraw"))
            .await
            .unwrap()
    );
    assert!(
        !store
            .withdraw_consent(ConsentId::new(), at(40), &case_audit("withdraw"))
            .await
            .unwrap()
    );
    assert_eq!(audit_count(&*store).await, before);
    let withdrawn = ConsentRow {
        withdrawn_at: Some(at(30)),
        ..older.clone()
    };
    assert_eq!(
        store.list_consents(case.id).await.unwrap(),
        vec![newer, withdrawn],
        "withdrawn ones stay"
    );

    let first = sharing(&case, w.police(), w.amina.id, at(5_000));
    let second = SharingRow {
        id: SharingId::new(),
        basis: LawfulBasis::CourtOrder,
        categories: vec![DataCategory::Incident],
        reason: sealed("court order 12"),
        survivor_told: true,
        why_not_told: None,
        created_at: at(21),
        ..first.clone()
    };
    for s in [&first, &second] {
        store
            .create_sharing(s, &case_audit("create_sharing"))
            .await
            .unwrap();
    }
    assert_eq!(
        store.list_sharings(case.id).await.unwrap(),
        vec![second.clone(), first.clone()],
        "newest first"
    );
    assert!(
        store
            .revoke_sharing(first.id, at(30), &case_audit("revoke"))
            .await
            .unwrap()
    );
    assert_last_case_audit(&*store, "revoke").await;
    let before = audit_count(&*store).await;
    assert!(
        !store
            .revoke_sharing(first.id, at(40), &case_audit("revoke"))
            .await
            .unwrap()
    );
    assert!(
        !store
            .revoke_sharing(SharingId::new(), at(40), &case_audit("revoke"))
            .await
            .unwrap()
    );
    assert_eq!(audit_count(&*store).await, before);
    let revoked = SharingRow {
        revoked_at: Some(at(30)),
        ..first
    };
    assert_eq!(
        store.list_sharings(case.id).await.unwrap(),
        vec![second, revoked]
    );
    assert!(store.list_sharings(other.id).await.unwrap().is_empty());
}

pub async fn break_glass_is_personal_time_limited_and_reviewed_once(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let w = world(&*store).await;
    let (_, case) = register(&*store, &w.amina, &reference(1), 100).await;
    let (_, other) = register(&*store, &w.amina, &reference(2), 101).await;
    let first = grant(&case, &w.bea, at(50), 4);
    store
        .create_break_glass(&first, &case_audit("break_glass"))
        .await
        .unwrap();
    assert_last_case_audit(&*store, "break_glass").await;
    let active = |user: UserId, case: CaseId, now: DateTime<Utc>| {
        let store = Arc::clone(&store);
        async move {
            store
                .active_break_glass(case, user, now)
                .await
                .unwrap()
                .map(|g| g.id)
        }
    };
    assert_eq!(active(w.bea.id, case.id, at(50)).await, Some(first.id));
    assert_eq!(
        active(w.bea.id, case.id, first.expires_at - micro(1)).await,
        Some(first.id)
    );
    assert_eq!(
        active(w.bea.id, case.id, first.expires_at).await,
        None,
        "over at expires_at"
    );
    assert_eq!(
        active(w.bea.id, case.id, at(50) - micro(1)).await,
        None,
        "not before it starts"
    );
    assert_eq!(
        active(w.chloe.id, case.id, at(51)).await,
        None,
        "only for her"
    );
    assert_eq!(
        active(w.bea.id, other.id, at(51)).await,
        None,
        "only that case"
    );
    assert_eq!(
        store
            .active_break_glass(case.id, w.bea.id, at(51))
            .await
            .unwrap(),
        Some(first.clone())
    );

    // A newer grant wins while it lasts; the older one still covers after.
    let second = grant(&case, &w.bea, at(60), 1);
    store
        .create_break_glass(&second, &case_audit("break_glass"))
        .await
        .unwrap();
    assert_eq!(active(w.bea.id, case.id, at(61)).await, Some(second.id));
    assert_eq!(
        active(w.bea.id, case.id, second.expires_at).await,
        Some(first.id)
    );

    // Chloe's grant on another agency's case goes to that agency's queue.
    let (_, police_case) = register(&*store, &w.bea, &reference(3), 102).await;
    let third = grant(&police_case, &w.chloe, at(55), 2);
    store
        .create_break_glass(&third, &case_audit("break_glass"))
        .await
        .unwrap();
    assert_eq!(
        store.break_glass_to_review(w.shelter()).await.unwrap(),
        vec![first.clone(), second.clone()],
        "oldest first"
    );
    assert_eq!(
        store.break_glass_to_review(w.police()).await.unwrap(),
        vec![third]
    );
    assert!(
        store
            .break_glass_to_review(w.health())
            .await
            .unwrap()
            .is_empty()
    );

    let reviewed = BreakGlassRow {
        review_outcome: Some("justified".into()),
        reviewed_by: Some(w.amina.id),
        reviewed_at: Some(at(70)),
        review_comment: Some(sealed("review comment")),
        ..first.clone()
    };
    assert!(
        store
            .review_break_glass(&reviewed, &case_audit("review"))
            .await
            .unwrap()
    );
    assert_last_case_audit(&*store, "review").await;
    assert_eq!(
        store
            .active_break_glass(case.id, w.bea.id, at(51))
            .await
            .unwrap(),
        Some(reviewed.clone())
    );
    assert_eq!(
        store.break_glass_to_review(w.shelter()).await.unwrap(),
        vec![second.clone()]
    );

    let before = audit_count(&*store).await;
    let again = BreakGlassRow {
        review_outcome: Some("not_justified".into()),
        reviewed_at: Some(at(80)),
        ..reviewed.clone()
    };
    assert!(
        !store
            .review_break_glass(&again, &case_audit("review"))
            .await
            .unwrap(),
        "reviewed once"
    );
    let unknown = BreakGlassRow {
        id: BreakGlassId::new(),
        ..reviewed.clone()
    };
    assert!(
        !store
            .review_break_glass(&unknown, &case_audit("review"))
            .await
            .unwrap()
    );
    let incomplete = BreakGlassRow {
        id: second.id,
        reviewed_at: None,
        ..reviewed.clone()
    };
    assert!(
        store
            .review_break_glass(&incomplete, &case_audit("review"))
            .await
            .is_err()
    );
    assert_eq!(audit_count(&*store).await, before);
    assert_eq!(
        store
            .active_break_glass(case.id, w.bea.id, at(51))
            .await
            .unwrap(),
        Some(reviewed)
    );
    assert_eq!(
        store.break_glass_to_review(w.shelter()).await.unwrap(),
        vec![second]
    );
}

pub async fn note_versions_are_kept_in_order(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let w = world(&*store).await;
    let dina = colleague(&*store, &w.amina, "dina").await;
    let (_, case) = register(&*store, &w.amina, &reference(1), 100).await;
    let (_, other) = register(&*store, &w.amina, &reference(2), 101).await;
    let (older, v1) = note(&case, w.amina.id, 10);
    store
        .create_note(&older, &v1, &case_audit("create_note"))
        .await
        .unwrap();
    assert_last_case_audit(&*store, "create_note").await;
    let v2 = note_version(older.id, 2, dina.id, 11);
    let v3 = note_version(older.id, 3, w.amina.id, 12);
    for v in [&v2, &v3] {
        store
            .add_note_version(v, &case_audit("add_note_version"))
            .await
            .unwrap();
    }
    assert_last_case_audit(&*store, "add_note_version").await;
    let (newer, newer_v1) = note(&case, dina.id, 20);
    store
        .create_note(&newer, &newer_v1, &case_audit("create_note"))
        .await
        .unwrap();
    let (elsewhere, elsewhere_v1) = note(&other, w.amina.id, 30);
    store
        .create_note(&elsewhere, &elsewhere_v1, &case_audit("create_note"))
        .await
        .unwrap();

    assert_eq!(
        store.list_notes(case.id).await.unwrap(),
        vec![
            (newer.clone(), newer_v1.clone()),
            (older.clone(), v3.clone())
        ],
        "newest note first, each with its latest version"
    );
    assert_eq!(
        store.note_history(older.id).await.unwrap(),
        vec![v1.clone(), v2.clone(), v3.clone()]
    );
    assert_eq!(store.note_history(newer.id).await.unwrap(), vec![newer_v1]);
    assert!(store.note_history(NoteId::new()).await.unwrap().is_empty());
    assert!(store.list_notes(CaseId::new()).await.unwrap().is_empty());

    // Two people saving version 3 at once: the second is told.
    let before = audit_count(&*store).await;
    let clash = NoteVersionRow {
        body: sealed("overwritten?"),
        edited_by: dina.id,
        ..v3.clone()
    };
    assert_conflict(
        store
            .add_note_version(&clash, &case_audit("add_note_version"))
            .await,
    );
    assert_eq!(
        store.note_history(older.id).await.unwrap(),
        vec![v1, v2, v3]
    );
    assert_duplicate(
        store
            .create_note(
                &older,
                &note_version(older.id, 1, w.amina.id, 13),
                &case_audit("create_note"),
            )
            .await,
        "id",
    );
    assert_eq!(audit_count(&*store).await, before);
}

pub async fn goals_and_safety_plan_sections_are_upserted(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let w = world(&*store).await;
    let by = w.amina.id;
    let (_, case) = register(&*store, &w.amina, &reference(1), 100).await;
    let (_, other) = register(&*store, &w.amina, &reference(2), 101).await;
    // Created in this order (ids are time-ordered), put in another.
    let health_first = goal(&case, GoalDomain::Health, by);
    let safety = goal(&case, GoalDomain::Safety, by);
    let health_second = goal(&case, GoalDomain::Health, by);
    let other_domain = goal(&case, GoalDomain::Other, by);
    for g in [&other_domain, &health_second, &safety, &health_first] {
        store.put_goal(g, &case_audit("put_goal")).await.unwrap();
    }
    assert_last_case_audit(&*store, "put_goal").await;
    assert_eq!(
        store.list_goals(case.id).await.unwrap(),
        vec![
            safety.clone(),
            health_first.clone(),
            health_second.clone(),
            other_domain.clone()
        ],
        "by domain, then creation"
    );
    let met = GoalRow {
        status: GoalStatus::Met,
        description: sealed("goal met"),
        domain: GoalDomain::Justice,
        updated_by: w.amina.id,
        updated_at: at(40),
        ..health_first.clone()
    };
    store.put_goal(&met, &case_audit("put_goal")).await.unwrap();
    assert_eq!(
        store.list_goals(case.id).await.unwrap(),
        vec![safety.clone(), health_second, met, other_domain],
        "replaced by id"
    );
    // A goal never moves to another case.
    let before = audit_count(&*store).await;
    let moved = GoalRow {
        case_id: other.id,
        ..safety.clone()
    };
    assert_not_found(store.put_goal(&moved, &case_audit("put_goal")).await);
    assert!(store.list_goals(other.id).await.unwrap().is_empty());
    assert_eq!(store.list_goals(case.id).await.unwrap()[0], safety);
    assert_eq!(audit_count(&*store).await, before);

    let sections = [
        SafetyPlanSection::AfterSeparation,
        SafetyPlanSection::SafeContacts,
        SafetyPlanSection::DigitalSafety,
    ];
    for section in sections {
        store
            .put_safety_plan_section(
                &plan_section(&case, section, by),
                &case_audit("put_section"),
            )
            .await
            .unwrap();
    }
    assert_last_case_audit(&*store, "put_section").await;
    let rewritten = SafetyPlanRow {
        body: sealed("new safe contacts"),
        updated_at: at(50),
        ..plan_section(&case, SafetyPlanSection::SafeContacts, by)
    };
    store
        .put_safety_plan_section(&rewritten, &case_audit("put_section"))
        .await
        .unwrap();
    assert_eq!(
        store.list_safety_plan(case.id).await.unwrap(),
        vec![
            rewritten,
            plan_section(&case, SafetyPlanSection::DigitalSafety, by),
            plan_section(&case, SafetyPlanSection::AfterSeparation, by),
        ],
        "in section order, replaced by section"
    );
    assert!(store.list_safety_plan(other.id).await.unwrap().is_empty());
}

pub async fn tasks_fall_due_and_are_completed_once(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let w = world(&*store).await;
    let dina = colleague(&*store, &w.amina, "dina").await;
    let (_, c1) = register(&*store, &w.amina, &reference(1), 100).await;
    let (_, c2) = register(&*store, &w.amina, &reference(2), 101).await;
    let t1 = task(&c1, w.amina.id, date(2026, 3, 10), 1);
    let t2 = task(&c2, w.amina.id, date(2026, 3, 1), 2);
    let t3 = task(&c1, w.amina.id, date(2026, 3, 20), 3);
    let t4 = task(&c1, dina.id, date(2026, 3, 10), 4);
    for t in [&t3, &t1, &t4, &t2] {
        store
            .create_task(t, &case_audit("create_task"))
            .await
            .unwrap();
    }
    assert_last_case_audit(&*store, "create_task").await;
    assert_eq!(
        store
            .tasks_due(w.amina.id, date(2026, 3, 10))
            .await
            .unwrap(),
        vec![t2.clone(), t1.clone()],
        "due on or before, by due date"
    );
    assert_eq!(
        store
            .tasks_due(w.amina.id, date(2026, 2, 28))
            .await
            .unwrap(),
        vec![]
    );
    assert_eq!(
        store.tasks_due(dina.id, date(2026, 12, 31)).await.unwrap(),
        vec![t4.clone()]
    );

    assert!(
        store
            .complete_task(t2.id, at(90), &case_audit("complete"))
            .await
            .unwrap()
    );
    assert_last_case_audit(&*store, "complete").await;
    let before = audit_count(&*store).await;
    assert!(
        !store
            .complete_task(t2.id, at(91), &case_audit("complete"))
            .await
            .unwrap()
    );
    assert!(
        !store
            .complete_task(TaskId::new(), at(91), &case_audit("complete"))
            .await
            .unwrap()
    );
    assert_eq!(audit_count(&*store).await, before);
    assert_eq!(
        store
            .tasks_due(w.amina.id, date(2026, 3, 31))
            .await
            .unwrap(),
        vec![t1.clone(), t3.clone()],
        "done tasks are not due"
    );
    assert_eq!(
        store.list_tasks(c1.id).await.unwrap(),
        vec![t1, t4, t3],
        "by due date"
    );
    let done = TaskRow {
        done_at: Some(at(90)),
        ..t2
    };
    assert_eq!(store.list_tasks(c2.id).await.unwrap(), vec![done]);
}

pub async fn purging_a_survivor_removes_everything_of_hers_only(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let w = world(&*store).await;
    store
        .create_data_key(
            &data_key(w.shelter(), Uuid::now_v7(), 1, true),
            &case_audit("key"),
        )
        .await
        .unwrap();
    let (her, her_case) = register(&*store, &w.amina, &reference(1), 100).await;
    fill_case(&*store, &her_case, &w).await;
    let (other, other_case) = register(&*store, &w.amina, &reference(2), 101).await;
    fill_case(&*store, &other_case, &w).await;
    let her_notes = store.list_notes(her_case.id).await.unwrap();
    let before = counts(&*store).await;
    let other_rows = (
        store.list_incidents(other_case.id).await.unwrap(),
        store.list_consents(other_case.id).await.unwrap(),
        store.list_notes(other_case.id).await.unwrap(),
        store.list_tasks(other_case.id).await.unwrap(),
    );

    store
        .purge_survivor(her.id, &case_audit("purge"))
        .await
        .unwrap();
    assert_last_case_audit(&*store, "purge").await;
    let after = counts(&*store).await;
    let mut expected = before.clone();
    for (table, n) in ONE_FILLED_CASE {
        *expected.get_mut(table).unwrap() -= n;
    }
    *expected.get_mut("audit_events").unwrap() += 1;
    assert_eq!(after, expected, "exactly her rows went, in every table");

    assert_eq!(store.get_survivor(her.id).await.unwrap(), None);
    assert_eq!(store.get_case(her_case.id).await.unwrap(), None);
    assert!(store.list_incidents(her_case.id).await.unwrap().is_empty());
    assert!(store.list_consents(her_case.id).await.unwrap().is_empty());
    assert!(store.list_sharings(her_case.id).await.unwrap().is_empty());
    assert!(store.list_notes(her_case.id).await.unwrap().is_empty());
    assert!(
        store
            .note_history(her_notes[0].0.id)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(store.list_goals(her_case.id).await.unwrap().is_empty());
    assert!(
        store
            .list_safety_plan(her_case.id)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(store.list_tasks(her_case.id).await.unwrap().is_empty());
    assert_eq!(
        store
            .active_break_glass(her_case.id, w.bea.id, at(51))
            .await
            .unwrap(),
        None
    );
    let dump = store.export_all().await.unwrap();
    assert!(dump.cases.survivors.iter().all(|s| s.id != her.id));
    assert!(dump.cases.cases.iter().all(|c| c.survivor_id != her.id));

    assert_eq!(store.get_survivor(other.id).await.unwrap(), Some(other));
    assert_eq!(
        (
            store.list_incidents(other_case.id).await.unwrap(),
            store.list_consents(other_case.id).await.unwrap(),
            store.list_notes(other_case.id).await.unwrap(),
            store.list_tasks(other_case.id).await.unwrap(),
        ),
        other_rows
    );

    assert_not_found(store.purge_survivor(her.id, &case_audit("purge")).await);
    assert_eq!(
        counts(&*store).await,
        after,
        "nothing written, no audit event"
    );
}

pub async fn survivors_due_for_purge_respect_holds_open_cases_and_the_cutoff(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let w = world(&*store).await;
    let cutoff = at(500);
    let closed_at = |when: DateTime<Utc>, hold: bool| {
        move |s: &mut SurvivorRow, c: &mut CaseRow| {
            c.status = CaseStatus::Closed;
            c.closed_at = Some(when);
            s.legal_hold = hold;
        }
    };
    let (due, _) = register_with(
        &*store,
        &w.amina,
        &reference(1),
        100,
        closed_at(at(400), false),
    )
    .await;
    let (just_before, _) = register_with(
        &*store,
        &w.amina,
        &reference(2),
        101,
        closed_at(cutoff - micro(1), false),
    )
    .await;
    register_with(
        &*store,
        &w.amina,
        &reference(3),
        102,
        closed_at(cutoff, false),
    )
    .await;
    let (open, open_case) = register(&*store, &w.amina, &reference(4), 103).await;
    let (held, _) = register_with(
        &*store,
        &w.amina,
        &reference(5),
        104,
        closed_at(at(400), true),
    )
    .await;
    register_with(&*store, &w.amina, &reference(6), 105, |_, c| {
        // Closed once, reopened: her case is open again.
        c.status = CaseStatus::Reopened;
        c.closed_at = Some(at(400));
    })
    .await;
    let (elsewhere, _) = register_with(
        &*store,
        &w.bea,
        &reference(7),
        106,
        closed_at(at(400), false),
    )
    .await;

    let sorted = |mut ids: Vec<SurvivorId>| {
        ids.sort();
        ids
    };
    assert_eq!(
        store
            .survivors_due_for_purge(w.shelter(), cutoff)
            .await
            .unwrap(),
        sorted(vec![due.id, just_before.id])
    );
    assert_eq!(
        store
            .survivors_due_for_purge(w.police(), cutoff)
            .await
            .unwrap(),
        vec![elsewhere.id]
    );
    assert!(
        store
            .survivors_due_for_purge(w.health(), cutoff)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        store
            .survivors_due_for_purge(w.shelter(), at(400))
            .await
            .unwrap()
            .is_empty(),
        "closed at the cutoff is not closed before it"
    );

    // Lifting the hold, and closing the open case, make them due.
    store
        .set_legal_hold(held.id, false, &case_audit("hold"))
        .await
        .unwrap();
    let closed = CaseRow {
        status: CaseStatus::Closed,
        closed_at: Some(at(450)),
        updated_at: at(450),
        ..open_case
    };
    store
        .update_case(&closed, CaseStatus::Engaged, &case_audit("close"))
        .await
        .unwrap();
    assert_eq!(
        store
            .survivors_due_for_purge(w.shelter(), cutoff)
            .await
            .unwrap(),
        sorted(vec![due.id, just_before.id, held.id, open.id])
    );
}

pub async fn audit_events_filter_by_object(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let (one, two) = (CaseId::new().to_string(), CaseId::new().to_string());
    let events = [
        ("case", &one, AuditAction::AuditViewed),
        ("case", &two, AuditAction::AuditViewed),
        ("survivor", &one, AuditAction::AuditViewed),
        ("case", &one, AuditAction::AccessDenied),
        ("case", &one, AuditAction::AuditViewed),
    ];
    for (i, (object_type, object_id, action)) in events.iter().enumerate() {
        let mut event = audit(*action);
        event.object_type = Some(object_type.to_string());
        event.object_id = Some(object_id.to_string());
        event.details = json!({ "i": i });
        store.append_audit(&event).await.unwrap();
    }
    store
        .append_audit(&audit(AuditAction::AuditViewed))
        .await
        .unwrap();
    let matching = |filter: AuditFilter| {
        let store = Arc::clone(&store);
        async move {
            collect_pages(2, |p| {
                let (store, filter) = (Arc::clone(&store), filter.clone());
                async move { store.list_audit_events(&filter, &p).await }
            })
            .await
            .into_iter()
            .flatten()
            .map(|e| e.details)
            .collect::<Vec<_>>()
        }
    };
    let about = |object_type: &str, id: &str| AuditFilter {
        object: Some((object_type.to_string(), id.to_string())),
        ..AuditFilter::default()
    };
    assert_eq!(
        matching(about("case", &one)).await,
        vec![r#"{"i":4}"#, r#"{"i":3}"#, r#"{"i":0}"#],
        "this case's events, newest first"
    );
    assert_eq!(matching(about("case", &two)).await, vec![r#"{"i":1}"#]);
    assert_eq!(matching(about("survivor", &one)).await, vec![r#"{"i":2}"#]);
    assert!(matching(about("case", "nothing")).await.is_empty());
    assert_eq!(
        matching(AuditFilter {
            action: Some("access.denied".into()),
            ..about("case", &one)
        })
        .await,
        vec![r#"{"i":3}"#]
    );
}

/// Case data in every case table, for the whole-database copy.
pub(super) async fn populate_cases(store: &dyn Store, amina: &UserRow, bea: &UserRow) {
    let chloe = with_user(store, "chloe").await;
    let w = World {
        area: amina_area(store, amina).await,
        amina: amina.clone(),
        bea: bea.clone(),
        chloe,
    };
    let key_id = Uuid::now_v7();
    for key in [
        data_key(w.shelter(), key_id, 1, true),
        data_key(w.shelter(), key_id, 2, true),
    ] {
        store
            .create_data_key(&key, &case_audit("create_data_key"))
            .await
            .unwrap();
    }
    store
        .put_case_settings(
            &CaseSettingsRow {
                agency_id: w.shelter(),
                plan_requires_approval: true,
                closure_requires_approval: true,
                retention_months: Some(60),
            },
            &case_audit("put_case_settings"),
        )
        .await
        .unwrap();
    let (_, case) = register(store, &w.amina, &reference(1), 100).await;
    fill_case(store, &case, &w).await;
    let (_, closed) = register_with(store, &w.bea, &reference(2), 101, |s, c| {
        s.legal_hold = true;
        s.name = None;
        c.status = CaseStatus::Closed;
        c.closure_reason = Some("needs_met".into());
        c.closed_at = Some(at(300));
    })
    .await;
    let reviewed = BreakGlassRow {
        review_outcome: Some("not_justified".into()),
        reviewed_by: Some(w.bea.id),
        reviewed_at: Some(at(90)),
        review_comment: None,
        ..grant(&closed, &w.amina, at(80), 1)
    };
    store
        .create_break_glass(&reviewed, &case_audit("break_glass"))
        .await
        .unwrap();
    let k = consent(&closed, w.health(), w.bea.id, at(0), at(5_000));
    store.create_consent(&k, &case_audit("c")).await.unwrap();
    store
        .withdraw_consent(k.id, at(10), &case_audit("w"))
        .await
        .unwrap();
    let t = task(&closed, w.bea.id, date(2026, 1, 1), 5);
    store.create_task(&t, &case_audit("t")).await.unwrap();
    store
        .complete_task(t.id, at(6), &case_audit("done"))
        .await
        .unwrap();
}
