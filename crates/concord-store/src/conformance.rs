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

use crate::rows::*;
use crate::store::*;
use chrono::{DateTime, Utc};
use concord_domain::access::TokenScope;
use concord_domain::agency::{Governance, Sector};
use concord_domain::area::AreaLevel;
use concord_domain::audit::{AuditAction, AuditOutcome};
use concord_domain::coordination::BodyLevel;
use concord_domain::ids::{AgencyId, ApiTokenId, AreaId, BodyId, UserId};
use concord_domain::role::Role;
use serde_json::json;
use std::any::Any;
use std::collections::BTreeSet;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use uuid::Uuid;

mod case_store;
mod governance;
mod risk_store;
pub use case_store::*;
pub use governance::*;
pub use risk_store::*;
mod referral_store;
pub use referral_store::*;

/// Expands to one `#[tokio::test]` per conformance case. `$fresh` is an
/// async constructor (`Fn() -> impl Future<Output = Fixture>`) that returns
/// a new, empty, migrated store each time it is called.
#[macro_export]
macro_rules! conformance_tests {
    ($fresh:expr) => {
        $crate::__conformance_cases!($fresh;
            engine_is_named,
            settings_round_trip,
            areas_are_created_read_and_updated,
            get_areas_returns_the_requested_areas,
            duplicate_area_code_writes_nothing,
            area_with_missing_parent_writes_nothing,
            areas_page_in_code_order_without_gaps,
            page_limits_are_clamped,
            invalid_cursors_are_refused,
            agencies_are_created_read_and_updated,
            duplicate_agency_name_writes_nothing,
            agency_with_missing_area_writes_nothing,
            agencies_page_in_name_order_with_their_areas,
            users_are_created_found_and_updated,
            duplicate_username_writes_nothing,
            user_with_missing_agency_writes_nothing,
            users_page_in_username_order_and_filter_by_agency,
            disabling_a_user_revokes_sessions_and_tokens,
            set_password_replaces_hash_and_revokes_sessions_and_tokens,
            totp_enrolment_and_removal,
            disabling_totp_revokes_sessions_and_tokens,
            claim_totp_step_refuses_used_and_earlier_steps,
            concurrent_claims_of_one_step_accept_it_once,
            recovery_codes_are_one_time,
            sessions_are_created_touched_listed_and_revoked,
            replace_session_rotates_only_a_live_session,
            revoke_all_sessions_spares_other_users,
            api_tokens_are_created_listed_and_revoked,
            sign_in_attempts_are_counted_including_the_new_one,
            sign_in_attempts_are_counted_by_window,
            clearing_an_account_removes_its_attempts,
            concurrent_attempts_on_one_account_are_counted_one_by_one,
            purge_expired_deletes_exactly_the_dead_rows,
            bodies_list_by_level_then_name,
            body_with_missing_references_writes_nothing,
            audit_events_list_newest_first_with_filters,
            audit_details_are_stored_verbatim,
            audit_ids_are_never_reused_after_the_newest_is_deleted,
            seal_audit_seals_in_batches,
            failed_sealing_writes_nothing,
            concurrent_sealing_never_reuses_a_position,
            instances_sharing_a_database_agree_and_seal_in_turn,
            table_counts_name_every_table,
            export_then_import_gives_an_equal_copy,
            imported_audit_ids_are_never_reused,
            import_into_a_non_empty_store_is_refused,
            data_keys_are_created_listed_and_rotated,
            rewrapping_data_keys_is_all_or_nothing,
            master_sealed_rows_are_listed_in_order,
            settings_can_be_set_only_once,
            master_key_rotation_is_all_or_nothing,
            case_settings_are_inserted_and_replaced,
            survivors_and_their_cases_round_trip,
            duplicate_survivors_and_cases_write_nothing,
            survivors_with_missing_references_write_nothing,
            case_records_with_missing_references_write_nothing,
            update_case_refuses_a_stale_status,
            concurrent_case_decisions_accept_one,
            own_caseload_lists_newest_first_and_pages_without_gaps,
            shared_caseload_follows_consents_and_shares_in_force,
            incidents_round_trip_and_find_repeat_perpetrators,
            consents_and_shares_are_listed_and_ended_once,
            break_glass_is_personal_time_limited_and_reviewed_once,
            note_versions_are_kept_in_order,
            goals_and_safety_plan_sections_are_upserted,
            tasks_fall_due_and_are_completed_once,
            purging_a_survivor_removes_everything_of_hers_only,
            survivors_due_for_purge_respect_holds_open_cases_and_the_cutoff,
            audit_events_filter_by_object,
            governance_bodies_members_and_subgroups_round_trip,
            meetings_close_once_with_their_carry_overs,
            instruments_keep_versions_documents_and_signatures,
            assessment_answers_are_one_per_agency_and_round,
            directory_entries_are_put_read_listed_and_filtered,
            directory_import_is_all_or_nothing,
            referrals_keep_their_history_queues_and_notifications,
            arrival_notices_are_stored_with_the_step_that_sends,
            outside_referrals_are_listed_for_their_sender,
        );
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
        Ok(SealedBatch {
            leaf_hashes,
            checkpoint: CheckpointRow {
                tree_size: start + events.len() as i64,
                root_hash,
                frontier: start.to_be_bytes().to_vec(),
                signed_at: at(start),
                public_key: b"test key".to_vec(),
                signature: b"test signature".to_vec(),
            },
        })
    }
}

/// A sealer that always fails, or returns the wrong number of leaves.
struct BrokenSealer {
    refuse: bool,
}

impl AuditSealer for BrokenSealer {
    fn seal(
        &self,
        previous: Option<&CheckpointRow>,
        events: &[AuditEventRow],
    ) -> Result<SealedBatch, String> {
        if self.refuse {
            return Err("signing key unavailable".into());
        }
        let mut batch = ConcatSealer.seal(previous, events)?;
        batch.leaf_hashes.pop();
        Ok(batch)
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

// -------------------------------------------------------------------- cases

pub async fn engine_is_named(fresh: &Fresh) {
    let f = fresh.fixture().await;
    assert!(["sqlite", "postgres"].contains(&f.store().engine()));
}

pub async fn settings_round_trip(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    assert_eq!(store.get_setting("demo.seeded").await.unwrap(), None);
    store.put_setting("demo.seeded", "no").await.unwrap();
    store.put_setting("demo.seeded", "yes").await.unwrap();
    store.put_setting("other", "ünïcode ✓").await.unwrap();
    assert_eq!(
        store.get_setting("demo.seeded").await.unwrap().as_deref(),
        Some("yes")
    );
    assert_eq!(
        store.get_setting("other").await.unwrap().as_deref(),
        Some("ünïcode ✓")
    );
}

pub async fn areas_are_created_read_and_updated(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let country = area("XK", None);
    store
        .create_area(&country, &audit(AuditAction::AreaCreated))
        .await
        .unwrap();
    assert_last_audit(&*store, AuditAction::AreaCreated).await;
    let mut region = area("XK-01", Some(country.id));
    region.adult_female_population = None;
    store
        .create_area(&region, &audit(AuditAction::AreaCreated))
        .await
        .unwrap();
    assert_eq!(
        store.get_area(country.id).await.unwrap(),
        Some(country.clone())
    );
    assert_eq!(
        store.get_area(region.id).await.unwrap(),
        Some(region.clone())
    );
    assert_eq!(store.get_area(AreaId::new()).await.unwrap(), None);

    let mut changed = region.clone();
    changed.name = "Renamed region".into();
    changed.code = "XK-02".into();
    changed.level = AreaLevel::District;
    changed.adult_female_population = Some(52_000);
    store
        .update_area(&changed, &audit(AuditAction::AreaUpdated))
        .await
        .unwrap();
    assert_eq!(store.get_area(region.id).await.unwrap(), Some(changed));
    assert_last_audit(&*store, AuditAction::AreaUpdated).await;

    let before = audit_count(&*store).await;
    assert_not_found(
        store
            .update_area(&area("NOPE", None), &audit(AuditAction::AreaUpdated))
            .await,
    );
    assert_eq!(audit_count(&*store).await, before, "failed update audited");
}

pub async fn get_areas_returns_the_requested_areas(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let areas: Vec<AreaRow> = ["AA", "BB", "CC"].iter().map(|c| area(c, None)).collect();
    for a in &areas {
        store
            .create_area(a, &audit(AuditAction::AreaCreated))
            .await
            .unwrap();
    }
    let got = store
        .get_areas(&[areas[2].id, areas[0].id, AreaId::new()])
        .await
        .unwrap();
    assert_eq!(got, vec![areas[0].clone(), areas[2].clone()], "by code");
    assert!(store.get_areas(&[]).await.unwrap().is_empty());
}

pub async fn duplicate_area_code_writes_nothing(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let first = area("DUP", None);
    store
        .create_area(&first, &audit(AuditAction::AreaCreated))
        .await
        .unwrap();
    let before = audit_count(&*store).await;

    let second = area("DUP", None);
    assert_duplicate(
        store
            .create_area(&second, &audit(AuditAction::AreaCreated))
            .await,
        "code",
    );
    assert_eq!(store.get_area(second.id).await.unwrap(), None);

    let other = area("OTHER", None);
    store
        .create_area(&other, &audit(AuditAction::AreaCreated))
        .await
        .unwrap();
    let before_update = audit_count(&*store).await;
    assert_eq!(before_update, before + 1);
    let mut clash = other.clone();
    clash.code = "DUP".into();
    clash.name = "Should not stick".into();
    assert_duplicate(
        store
            .update_area(&clash, &audit(AuditAction::AreaUpdated))
            .await,
        "code",
    );
    assert_eq!(store.get_area(other.id).await.unwrap(), Some(other));
    assert_eq!(audit_count(&*store).await, before_update);
}

pub async fn area_with_missing_parent_writes_nothing(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let orphan = area("ORPHAN", Some(AreaId::new()));
    assert_missing(
        store
            .create_area(&orphan, &audit(AuditAction::AreaCreated))
            .await,
        "parent_id",
    );
    assert_eq!(store.get_area(orphan.id).await.unwrap(), None);
    assert_eq!(audit_count(&*store).await, 0);

    let root = area("ROOT", None);
    store
        .create_area(&root, &audit(AuditAction::AreaCreated))
        .await
        .unwrap();
    let mut moved = root.clone();
    moved.parent_id = Some(AreaId::new());
    assert_missing(
        store
            .update_area(&moved, &audit(AuditAction::AreaUpdated))
            .await,
        "parent_id",
    );
    assert_eq!(store.get_area(root.id).await.unwrap(), Some(root));
    assert_eq!(audit_count(&*store).await, 1);
}

pub async fn areas_page_in_code_order_without_gaps(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let codes: Vec<String> = (0..23).map(|i| format!("C{:02}", i * 3 % 23)).collect();
    for i in shuffled(codes.len()) {
        store
            .create_area(&area(&codes[i], None), &audit(AuditAction::AreaCreated))
            .await
            .unwrap();
    }
    let pages = collect_pages(5, |p| {
        let store = Arc::clone(&store);
        async move { store.list_areas(&p).await }
    })
    .await;
    assert_eq!(pages.len(), 5, "23 areas in pages of 5");
    let listed: Vec<String> = pages.into_iter().flatten().map(|a| a.code).collect();
    let mut expected = codes.clone();
    expected.sort();
    assert_eq!(listed, expected, "every area once, in code order");
}

pub async fn page_limits_are_clamped(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    for code in ["A", "B", "C"] {
        store
            .create_area(&area(code, None), &audit(AuditAction::AreaCreated))
            .await
            .unwrap();
    }
    let zero = PageRequest {
        after: None,
        limit: 0,
    };
    let page = store.list_areas(&zero).await.unwrap();
    assert_eq!(page.items.len(), 1, "a zero limit means one row");
    assert!(page.next.is_some());
    let huge = PageRequest {
        after: None,
        limit: 1_000_000,
    };
    let page = store.list_areas(&huge).await.unwrap();
    assert_eq!(page.items.len(), 3);
    assert_eq!(page.next, None);
    let exact = store.list_areas(&PageRequest::first(3)).await.unwrap();
    assert_eq!(exact.items.len(), 3);
    assert_eq!(exact.next, None, "no next page when the rows end exactly");
}

pub async fn invalid_cursors_are_refused(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let bad = |after: &str| PageRequest {
        after: Some(after.to_string()),
        limit: 10,
    };
    let wrong_parts = cursor::encode(&["a", "b", "c"]);
    let bad_id = cursor::encode(&["name", "not-a-uuid"]);
    for cursor in ["zz", "abc", wrong_parts.as_str(), bad_id.as_str()] {
        assert_invalid_cursor(store.list_areas(&bad(cursor)).await);
        assert_invalid_cursor(store.list_agencies(&bad(cursor)).await);
        assert_invalid_cursor(store.list_users(None, &bad(cursor)).await);
    }
    let not_a_number = cursor::encode(&["twelve"]);
    for cursor in ["zz", not_a_number.as_str()] {
        assert_invalid_cursor(
            store
                .list_audit_events(&AuditFilter::default(), &bad(cursor))
                .await,
        );
    }
}

pub async fn agencies_are_created_read_and_updated(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let areas: Vec<AreaRow> = ["N1", "N2", "N3"].iter().map(|c| area(c, None)).collect();
    for a in &areas {
        store
            .create_area(a, &audit(AuditAction::AreaCreated))
            .await
            .unwrap();
    }
    // Areas served keep the order given, which is not id order.
    let shelter = agency("Safe Haven", vec![areas[2].id, areas[0].id, areas[1].id]);
    store
        .create_agency(&shelter, &audit(AuditAction::AgencyCreated))
        .await
        .unwrap();
    assert_last_audit(&*store, AuditAction::AgencyCreated).await;
    assert_eq!(
        store.get_agency(shelter.id).await.unwrap(),
        Some(shelter.clone())
    );
    assert_eq!(store.get_agency(AgencyId::new()).await.unwrap(), None);

    let mut changed = shelter.clone();
    changed.name = "Safe Haven Trust".into();
    changed.sector = Sector::LegalAid;
    changed.governance = Governance::Government;
    changed.area_ids = vec![areas[1].id];
    // update_agency replaces name, sector, governance and areas only.
    changed.created_at = at(999);
    store
        .update_agency(&changed, &audit(AuditAction::AgencyUpdated))
        .await
        .unwrap();
    assert_last_audit(&*store, AuditAction::AgencyUpdated).await;
    let expected = AgencyRow {
        created_at: shelter.created_at,
        ..changed.clone()
    };
    assert_eq!(store.get_agency(shelter.id).await.unwrap(), Some(expected));

    changed.area_ids.clear();
    store
        .update_agency(&changed, &audit(AuditAction::AgencyUpdated))
        .await
        .unwrap();
    let got = store.get_agency(shelter.id).await.unwrap().unwrap();
    assert!(got.area_ids.is_empty());

    let before = audit_count(&*store).await;
    assert_not_found(
        store
            .update_agency(
                &agency("Nobody", vec![]),
                &audit(AuditAction::AgencyUpdated),
            )
            .await,
    );
    assert_eq!(audit_count(&*store).await, before);
}

pub async fn duplicate_agency_name_writes_nothing(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let first = agency("Police DAU", vec![]);
    store
        .create_agency(&first, &audit(AuditAction::AgencyCreated))
        .await
        .unwrap();
    let second = agency("Police DAU", vec![]);
    assert_duplicate(
        store
            .create_agency(&second, &audit(AuditAction::AgencyCreated))
            .await,
        "name",
    );
    assert_eq!(store.get_agency(second.id).await.unwrap(), None);
    assert_eq!(audit_count(&*store).await, 1);

    let other = agency("Health Centre", vec![]);
    store
        .create_agency(&other, &audit(AuditAction::AgencyCreated))
        .await
        .unwrap();
    let mut clash = other.clone();
    clash.name = "Police DAU".into();
    assert_duplicate(
        store
            .update_agency(&clash, &audit(AuditAction::AgencyUpdated))
            .await,
        "name",
    );
    assert_eq!(store.get_agency(other.id).await.unwrap(), Some(other));
    assert_eq!(audit_count(&*store).await, 2);
}

pub async fn agency_with_missing_area_writes_nothing(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let real = area("REAL", None);
    store
        .create_area(&real, &audit(AuditAction::AreaCreated))
        .await
        .unwrap();
    let ghost = agency("Ghost", vec![real.id, AreaId::new()]);
    assert_missing(
        store
            .create_agency(&ghost, &audit(AuditAction::AgencyCreated))
            .await,
        "area_ids",
    );
    assert_eq!(store.get_agency(ghost.id).await.unwrap(), None);
    assert_eq!(audit_count(&*store).await, 1);

    let fine = agency("Fine", vec![real.id]);
    store
        .create_agency(&fine, &audit(AuditAction::AgencyCreated))
        .await
        .unwrap();
    let mut broken = fine.clone();
    broken.name = "Fine but renamed".into();
    broken.area_ids = vec![AreaId::new()];
    assert_missing(
        store
            .update_agency(&broken, &audit(AuditAction::AgencyUpdated))
            .await,
        "area_ids",
    );
    assert_eq!(store.get_agency(fine.id).await.unwrap(), Some(fine));
    assert_eq!(audit_count(&*store).await, 2);
}

pub async fn agencies_page_in_name_order_with_their_areas(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let areas: Vec<AreaRow> = (0..4).map(|i| area(&format!("P{i}"), None)).collect();
    for a in &areas {
        store
            .create_area(a, &audit(AuditAction::AreaCreated))
            .await
            .unwrap();
    }
    let mut created = Vec::new();
    for i in shuffled(12) {
        let served = (0..i % 4).map(|k| areas[(i + k) % 4].id).collect();
        let a = agency(&format!("Agency {i:02}"), served);
        store
            .create_agency(&a, &audit(AuditAction::AgencyCreated))
            .await
            .unwrap();
        created.push(a);
    }
    let pages = collect_pages(5, |p| {
        let store = Arc::clone(&store);
        async move { store.list_agencies(&p).await }
    })
    .await;
    assert_eq!(pages.len(), 3);
    let listed: Vec<AgencyRow> = pages.into_iter().flatten().collect();
    created.sort_by(|a, b| a.name.cmp(&b.name));
    assert_eq!(
        listed, created,
        "every agency once, by name, with its areas"
    );
}

pub async fn users_are_created_found_and_updated(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let mut amina = with_user(&*store, "amina").await;
    assert_last_audit(&*store, AuditAction::UserCreated).await;
    assert_eq!(store.get_user(amina.id).await.unwrap(), Some(amina.clone()));
    assert_eq!(
        store.find_user_by_username("amina").await.unwrap(),
        Some(amina.clone())
    );
    assert_eq!(store.find_user_by_username("nobody").await.unwrap(), None);
    assert_eq!(store.get_user(UserId::new()).await.unwrap(), None);

    let roles = vec![Role::AgencyAdministrator, Role::Supervisor, Role::Analyst];
    store
        .update_user_profile(
            amina.id,
            "Amina K.",
            &roles,
            &audit(AuditAction::UserUpdated),
        )
        .await
        .unwrap();
    assert_last_audit(&*store, AuditAction::UserUpdated).await;
    amina.display_name = "Amina K.".into();
    amina.roles = roles;
    assert_eq!(store.get_user(amina.id).await.unwrap(), Some(amina.clone()));

    // A demo account with every optional field set round-trips too.
    let mut demo = user(amina.agency_id, "demo.admin");
    demo.demo_account = true;
    demo.active = false;
    demo.roles = Role::ALL.to_vec();
    demo.totp_secret = Some(vec![1, 2, 3]);
    demo.totp_pending_secret = Some(vec![4, 5]);
    demo.totp_last_step = Some(58_000_000);
    demo.password_changed_at = at(77);
    store
        .create_user(&demo, &audit(AuditAction::UserCreated))
        .await
        .unwrap();
    assert_eq!(store.get_user(demo.id).await.unwrap(), Some(demo));

    let before = audit_count(&*store).await;
    assert_not_found(
        store
            .update_user_profile(UserId::new(), "x", &[], &audit(AuditAction::UserUpdated))
            .await,
    );
    assert_eq!(audit_count(&*store).await, before);
}

pub async fn duplicate_username_writes_nothing(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let amina = with_user(&*store, "amina").await;
    let before = audit_count(&*store).await;
    let twin = user(amina.agency_id, "amina");
    assert_duplicate(
        store
            .create_user(&twin, &audit(AuditAction::UserCreated))
            .await,
        "username",
    );
    assert_eq!(store.get_user(twin.id).await.unwrap(), None);
    assert_eq!(audit_count(&*store).await, before);
}

pub async fn user_with_missing_agency_writes_nothing(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let stray = user(AgencyId::new(), "stray");
    assert_missing(
        store
            .create_user(&stray, &audit(AuditAction::UserCreated))
            .await,
        "agency_id",
    );
    assert_eq!(store.get_user(stray.id).await.unwrap(), None);
    assert_eq!(store.find_user_by_username("stray").await.unwrap(), None);
    assert_eq!(audit_count(&*store).await, 0);
}

pub async fn users_page_in_username_order_and_filter_by_agency(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let first = agency("First", vec![]);
    let second = agency("Second", vec![]);
    for a in [&first, &second] {
        store
            .create_agency(a, &audit(AuditAction::AgencyCreated))
            .await
            .unwrap();
    }
    let mut everyone = Vec::new();
    for i in shuffled(13) {
        let home = if i % 3 == 0 { &second } else { &first };
        let mut u = user(home.id, &format!("user{i:02}"));
        u.roles = vec![Role::Caseworker, Role::Supervisor];
        store
            .create_user(&u, &audit(AuditAction::UserCreated))
            .await
            .unwrap();
        everyone.push(u);
    }
    everyone.sort_by(|a, b| a.username.cmp(&b.username));

    let pages = collect_pages(4, |p| {
        let store = Arc::clone(&store);
        async move { store.list_users(None, &p).await }
    })
    .await;
    assert_eq!(pages.len(), 4);
    let listed: Vec<UserRow> = pages.into_iter().flatten().collect();
    assert_eq!(listed, everyone, "every user once, by username, with roles");

    let pages = collect_pages(2, |p| {
        let store = Arc::clone(&store);
        async move { store.list_users(Some(second.id), &p).await }
    })
    .await;
    let listed: Vec<UserRow> = pages.into_iter().flatten().collect();
    let expected: Vec<UserRow> = everyone
        .into_iter()
        .filter(|u| u.agency_id == second.id)
        .collect();
    assert_eq!(expected.len(), 5);
    assert_eq!(listed, expected);
}

pub async fn disabling_a_user_revokes_sessions_and_tokens(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let amina = with_user(&*store, "amina").await;
    let sessions = [session(amina.id, 10), session(amina.id, 11)];
    for s in &sessions {
        store
            .create_session(s, &audit(AuditAction::SignInSucceeded))
            .await
            .unwrap();
    }
    let token = api_token(amina.id, 12);
    store
        .create_api_token(&token, &audit(AuditAction::ApiTokenCreated))
        .await
        .unwrap();

    store
        .set_user_active(amina.id, false, at(20), &audit(AuditAction::UserDisabled))
        .await
        .unwrap();
    assert_last_audit(&*store, AuditAction::UserDisabled).await;
    assert!(!store.get_user(amina.id).await.unwrap().unwrap().active);
    for s in &sessions {
        let got = store.get_session(&s.token_hash).await.unwrap().unwrap();
        assert_eq!(got.revoked_at, Some(at(20)));
    }
    assert!(store.list_sessions(amina.id).await.unwrap().is_empty());
    let got = store
        .find_api_token(&token.token_hash)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(got.revoked_at, Some(at(20)));

    // Enabling again restores the account but not what was revoked.
    store
        .set_user_active(amina.id, true, at(30), &audit(AuditAction::UserEnabled))
        .await
        .unwrap();
    assert!(store.get_user(amina.id).await.unwrap().unwrap().active);
    assert!(store.list_sessions(amina.id).await.unwrap().is_empty());
    let got = store
        .find_api_token(&token.token_hash)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(got.revoked_at, Some(at(20)));

    let before = audit_count(&*store).await;
    assert_not_found(
        store
            .set_user_active(
                UserId::new(),
                false,
                at(40),
                &audit(AuditAction::UserDisabled),
            )
            .await,
    );
    assert_eq!(audit_count(&*store).await, before);
}

pub async fn set_password_replaces_hash_and_revokes_sessions_and_tokens(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let amina = with_user(&*store, "amina").await;
    let bea = with_user(&*store, "bea").await;
    let s = session(amina.id, 10);
    store
        .create_session(&s, &audit(AuditAction::SignInSucceeded))
        .await
        .unwrap();
    let (live, revoked_before, hers) = (
        api_token(amina.id, 11),
        api_token(amina.id, 12),
        api_token(bea.id, 13),
    );
    for t in [&live, &revoked_before, &hers] {
        store
            .create_api_token(t, &audit(AuditAction::ApiTokenCreated))
            .await
            .unwrap();
    }
    store
        .revoke_api_token(
            amina.id,
            revoked_before.id,
            at(14),
            &audit(AuditAction::ApiTokenRevoked),
        )
        .await
        .unwrap();
    store
        .set_password(
            amina.id,
            "$argon2id$new",
            at(50),
            &audit(AuditAction::PasswordChanged),
        )
        .await
        .unwrap();
    assert_last_audit(&*store, AuditAction::PasswordChanged).await;
    let got = store.get_user(amina.id).await.unwrap().unwrap();
    assert_eq!(got.password_hash, "$argon2id$new");
    assert_eq!(got.password_changed_at, at(50));
    let got = store.get_session(&s.token_hash).await.unwrap().unwrap();
    assert_eq!(got.revoked_at, Some(at(50)));
    let revoked_at = |token: &ApiTokenRow| {
        let (store, hash) = (Arc::clone(&store), token.token_hash.clone());
        async move {
            let got = store.find_api_token(&hash).await.unwrap().unwrap();
            got.revoked_at
        }
    };
    assert_eq!(revoked_at(&live).await, Some(at(50)), "tokens revoked too");
    assert_eq!(
        revoked_at(&revoked_before).await,
        Some(at(14)),
        "an earlier revocation stays as it was"
    );
    assert_eq!(revoked_at(&hers).await, None, "other users' tokens stay");

    let before = audit_count(&*store).await;
    assert_not_found(
        store
            .set_password(
                UserId::new(),
                "x",
                at(51),
                &audit(AuditAction::PasswordReset),
            )
            .await,
    );
    assert_eq!(audit_count(&*store).await, before);
}

pub async fn totp_enrolment_and_removal(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let amina = with_user(&*store, "amina").await;
    store
        .set_totp_pending(amina.id, Some(&b"pending secret"[..]))
        .await
        .unwrap();
    let got = store.get_user(amina.id).await.unwrap().unwrap();
    assert_eq!(
        got.totp_pending_secret.as_deref(),
        Some(&b"pending secret"[..])
    );
    assert_eq!(got.totp_secret, None);

    let codes: Vec<Vec<u8>> = (0u8..10).map(|i| vec![i; 32]).collect();
    store
        .enable_totp(
            amina.id,
            b"pending secret",
            1_000,
            &codes,
            &audit(AuditAction::SecondFactorEnrolled),
        )
        .await
        .unwrap();
    assert_last_audit(&*store, AuditAction::SecondFactorEnrolled).await;
    let got = store.get_user(amina.id).await.unwrap().unwrap();
    assert_eq!(got.totp_secret.as_deref(), Some(&b"pending secret"[..]));
    assert_eq!(got.totp_pending_secret, None);
    assert_eq!(got.totp_last_step, Some(1_000));
    assert_eq!(
        store.count_unused_recovery_codes(amina.id).await.unwrap(),
        10
    );
    // The enrolment step counts as used.
    assert!(!store.claim_totp_step(amina.id, 1_000).await.unwrap());

    store.set_totp_pending(amina.id, None).await.unwrap();
    store
        .disable_totp(amina.id, at(30), &audit(AuditAction::SecondFactorRemoved))
        .await
        .unwrap();
    assert_last_audit(&*store, AuditAction::SecondFactorRemoved).await;
    let got = store.get_user(amina.id).await.unwrap().unwrap();
    assert_eq!(got.totp_secret, None);
    assert_eq!(got.totp_pending_secret, None);
    assert_eq!(
        store.count_unused_recovery_codes(amina.id).await.unwrap(),
        0
    );

    assert_not_found(store.set_totp_pending(UserId::new(), None).await);
    assert_not_found(
        store
            .enable_totp(
                UserId::new(),
                b"s",
                1,
                &[],
                &audit(AuditAction::SecondFactorEnrolled),
            )
            .await,
    );
    let before = audit_count(&*store).await;
    assert_not_found(
        store
            .disable_totp(
                UserId::new(),
                at(31),
                &audit(AuditAction::SecondFactorRemoved),
            )
            .await,
    );
    assert_eq!(audit_count(&*store).await, before);
}

pub async fn disabling_totp_revokes_sessions_and_tokens(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let amina = with_user(&*store, "amina").await;
    let bea = with_user(&*store, "bea").await;
    store
        .enable_totp(
            amina.id,
            b"secret",
            1,
            &[vec![7u8; 32]],
            &audit(AuditAction::SecondFactorEnrolled),
        )
        .await
        .unwrap();
    let mine = [session(amina.id, 10), session(amina.id, 11)];
    let hers = session(bea.id, 12);
    for s in mine.iter().chain([&hers]) {
        store
            .create_session(s, &audit(AuditAction::SignInSucceeded))
            .await
            .unwrap();
    }
    let my_token = api_token(amina.id, 13);
    let her_token = api_token(bea.id, 14);
    for t in [&my_token, &her_token] {
        store
            .create_api_token(t, &audit(AuditAction::ApiTokenCreated))
            .await
            .unwrap();
    }
    let before = audit_count(&*store).await;

    store
        .disable_totp(amina.id, at(40), &audit(AuditAction::SecondFactorRemoved))
        .await
        .unwrap();
    assert_eq!(audit_count(&*store).await, before + 1, "one audit event");
    assert_last_audit(&*store, AuditAction::SecondFactorRemoved).await;
    let got = store.get_user(amina.id).await.unwrap().unwrap();
    assert_eq!(got.totp_secret, None);
    assert_eq!(got.totp_last_step, Some(1), "the last step is kept");
    for s in &mine {
        let got = store.get_session(&s.token_hash).await.unwrap().unwrap();
        assert_eq!(got.revoked_at, Some(at(40)));
    }
    assert!(store.list_sessions(amina.id).await.unwrap().is_empty());
    let got = store
        .find_api_token(&my_token.token_hash)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(got.revoked_at, Some(at(40)));

    // Another user's sessions and tokens are left alone.
    assert_eq!(store.list_sessions(bea.id).await.unwrap(), vec![hers]);
    let got = store
        .find_api_token(&her_token.token_hash)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(got.revoked_at, None);
}

pub async fn claim_totp_step_refuses_used_and_earlier_steps(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let amina = with_user(&*store, "amina").await;
    assert!(store.claim_totp_step(amina.id, 500).await.unwrap());
    assert!(
        !store.claim_totp_step(amina.id, 500).await.unwrap(),
        "used step"
    );
    assert!(
        !store.claim_totp_step(amina.id, 499).await.unwrap(),
        "earlier step"
    );
    assert!(store.claim_totp_step(amina.id, 501).await.unwrap());
    assert_eq!(
        store
            .get_user(amina.id)
            .await
            .unwrap()
            .unwrap()
            .totp_last_step,
        Some(501)
    );
    assert_not_found(store.claim_totp_step(UserId::new(), 1).await);
}

pub async fn concurrent_claims_of_one_step_accept_it_once(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let amina = with_user(&*store, "amina").await;
    let claims: Vec<_> = (0..8)
        .map(|_| {
            let store = Arc::clone(&store);
            tokio::spawn(async move { store.claim_totp_step(amina.id, 7_000).await.unwrap() })
        })
        .collect();
    let mut accepted = 0;
    for claim in claims {
        accepted += usize::from(claim.await.unwrap());
    }
    assert_eq!(accepted, 1, "one code, one acceptance");
}

pub async fn recovery_codes_are_one_time(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let amina = with_user(&*store, "amina").await;
    let codes: Vec<Vec<u8>> = (0u8..3).map(|i| vec![i; 32]).collect();
    store
        .enable_totp(
            amina.id,
            b"secret",
            1,
            &codes,
            &audit(AuditAction::SecondFactorEnrolled),
        )
        .await
        .unwrap();

    let used = store
        .use_recovery_code(
            amina.id,
            &codes[1],
            at(60),
            &audit(AuditAction::RecoveryCodeUsed),
        )
        .await
        .unwrap();
    assert!(used);
    assert_last_audit(&*store, AuditAction::RecoveryCodeUsed).await;
    assert_eq!(
        store.count_unused_recovery_codes(amina.id).await.unwrap(),
        2
    );

    let before = audit_count(&*store).await;
    let again = store
        .use_recovery_code(
            amina.id,
            &codes[1],
            at(61),
            &audit(AuditAction::RecoveryCodeUsed),
        )
        .await
        .unwrap();
    assert!(!again, "a recovery code works once");
    let unknown = store
        .use_recovery_code(
            amina.id,
            &[9; 32],
            at(62),
            &audit(AuditAction::RecoveryCodeUsed),
        )
        .await
        .unwrap();
    assert!(!unknown);
    assert_eq!(audit_count(&*store).await, before, "refusals write nothing");

    // Another user's code is not this user's.
    let bea = with_user(&*store, "bea").await;
    let not_hers = store
        .use_recovery_code(
            bea.id,
            &codes[0],
            at(63),
            &audit(AuditAction::RecoveryCodeUsed),
        )
        .await
        .unwrap();
    assert!(!not_hers);

    // Enrolling again replaces the codes: the old ones stop working.
    let fresh_codes = vec![vec![42u8; 32]];
    store
        .enable_totp(
            amina.id,
            b"secret 2",
            2,
            &fresh_codes,
            &audit(AuditAction::SecondFactorEnrolled),
        )
        .await
        .unwrap();
    assert_eq!(
        store.count_unused_recovery_codes(amina.id).await.unwrap(),
        1
    );
    let old = store
        .use_recovery_code(
            amina.id,
            &codes[0],
            at(64),
            &audit(AuditAction::RecoveryCodeUsed),
        )
        .await
        .unwrap();
    assert!(!old);
}

pub async fn sessions_are_created_touched_listed_and_revoked(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let amina = with_user(&*store, "amina").await;
    let bea = with_user(&*store, "bea").await;
    let older = session(amina.id, 10);
    let mut newer = session(amina.id, 11);
    newer.second_factor_done = true;
    let hers = session(bea.id, 12);
    for s in [&older, &newer, &hers] {
        store
            .create_session(s, &audit(AuditAction::SignInSucceeded))
            .await
            .unwrap();
    }
    assert_last_audit(&*store, AuditAction::SignInSucceeded).await;
    assert_eq!(
        store.get_session(&newer.token_hash).await.unwrap(),
        Some(newer.clone())
    );
    assert_eq!(store.get_session(b"no such token").await.unwrap(), None);

    store
        .touch_session(&older.token_hash, at(15))
        .await
        .unwrap();
    store.touch_session(b"unknown", at(15)).await.unwrap();
    let touched = store.get_session(&older.token_hash).await.unwrap().unwrap();
    assert_eq!(touched.last_seen_at, at(15));

    let listed = store.list_sessions(amina.id).await.unwrap();
    let ids: Vec<Uuid> = listed.iter().map(|s| s.id).collect();
    assert_eq!(ids, vec![newer.id, older.id], "newest first, own only");

    // A user cannot revoke someone else's session.
    let revoked = store
        .revoke_session(
            amina.id,
            hers.id,
            at(16),
            &audit(AuditAction::SessionRevoked),
        )
        .await
        .unwrap();
    assert!(!revoked);
    assert_eq!(
        store
            .get_session(&hers.token_hash)
            .await
            .unwrap()
            .unwrap()
            .revoked_at,
        None
    );

    let revoked = store
        .revoke_session(
            amina.id,
            older.id,
            at(17),
            &audit(AuditAction::SessionRevoked),
        )
        .await
        .unwrap();
    assert!(revoked);
    assert_last_audit(&*store, AuditAction::SessionRevoked).await;
    let got = store.get_session(&older.token_hash).await.unwrap().unwrap();
    assert_eq!(got.revoked_at, Some(at(17)));
    let ids: Vec<Uuid> = store
        .list_sessions(amina.id)
        .await
        .unwrap()
        .iter()
        .map(|s| s.id)
        .collect();
    assert_eq!(ids, vec![newer.id]);

    let before = audit_count(&*store).await;
    let again = store
        .revoke_session(
            amina.id,
            older.id,
            at(18),
            &audit(AuditAction::SessionRevoked),
        )
        .await
        .unwrap();
    assert!(!again, "already revoked");
    assert_eq!(audit_count(&*store).await, before);

    assert_missing(
        store
            .create_session(
                &session(UserId::new(), 19),
                &audit(AuditAction::SignInSucceeded),
            )
            .await,
        "user_id",
    );
    assert_eq!(audit_count(&*store).await, before);
}

pub async fn replace_session_rotates_only_a_live_session(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let amina = with_user(&*store, "amina").await;
    let first = session(amina.id, 10);
    store
        .create_session(&first, &audit(AuditAction::SignInSucceeded))
        .await
        .unwrap();
    let mut second = session(amina.id, 11);
    second.second_factor_done = true;
    store
        .replace_session(
            &first.token_hash,
            &second,
            at(11),
            &audit(AuditAction::SecondFactorSucceeded),
        )
        .await
        .unwrap();
    assert_last_audit(&*store, AuditAction::SecondFactorSucceeded).await;
    let old = store.get_session(&first.token_hash).await.unwrap().unwrap();
    assert_eq!(old.revoked_at, Some(at(11)));
    assert_eq!(
        store.get_session(&second.token_hash).await.unwrap(),
        Some(second.clone())
    );

    // Rotating a revoked (or unknown) session must not mint a new one.
    let before = audit_count(&*store).await;
    let third = session(amina.id, 12);
    assert_not_found(
        store
            .replace_session(
                &first.token_hash,
                &third,
                at(12),
                &audit(AuditAction::SecondFactorSucceeded),
            )
            .await,
    );
    assert_not_found(
        store
            .replace_session(
                b"unknown",
                &third,
                at(12),
                &audit(AuditAction::SecondFactorSucceeded),
            )
            .await,
    );
    assert_eq!(store.get_session(&third.token_hash).await.unwrap(), None);
    assert_eq!(audit_count(&*store).await, before);
}

pub async fn revoke_all_sessions_spares_other_users(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let amina = with_user(&*store, "amina").await;
    let bea = with_user(&*store, "bea").await;
    let mine = [session(amina.id, 10), session(amina.id, 11)];
    let hers = session(bea.id, 12);
    for s in mine.iter().chain([&hers]) {
        store
            .create_session(s, &audit(AuditAction::SignInSucceeded))
            .await
            .unwrap();
    }
    store
        .revoke_all_sessions(amina.id, at(20), &audit(AuditAction::AllSessionsRevoked))
        .await
        .unwrap();
    assert_last_audit(&*store, AuditAction::AllSessionsRevoked).await;
    assert!(store.list_sessions(amina.id).await.unwrap().is_empty());
    for s in &mine {
        let got = store.get_session(&s.token_hash).await.unwrap().unwrap();
        assert_eq!(got.revoked_at, Some(at(20)));
    }
    assert_eq!(store.list_sessions(bea.id).await.unwrap(), vec![hers]);
}

pub async fn api_tokens_are_created_listed_and_revoked(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let amina = with_user(&*store, "amina").await;
    let bea = with_user(&*store, "bea").await;
    let older = api_token(amina.id, 10);
    let mut newer = api_token(amina.id, 11);
    newer.scope = TokenScope::ReadWrite;
    let hers = api_token(bea.id, 12);
    for t in [&older, &newer, &hers] {
        store
            .create_api_token(t, &audit(AuditAction::ApiTokenCreated))
            .await
            .unwrap();
    }
    assert_last_audit(&*store, AuditAction::ApiTokenCreated).await;
    assert_eq!(
        store.find_api_token(&newer.token_hash).await.unwrap(),
        Some(newer.clone())
    );
    assert_eq!(store.find_api_token(b"unknown").await.unwrap(), None);

    store.touch_api_token(older.id, at(13)).await.unwrap();
    store
        .touch_api_token(ApiTokenId::new(), at(13))
        .await
        .unwrap();
    let got = store
        .find_api_token(&older.token_hash)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(got.last_used_at, Some(at(13)));

    assert!(
        !store
            .revoke_api_token(
                amina.id,
                hers.id,
                at(14),
                &audit(AuditAction::ApiTokenRevoked)
            )
            .await
            .unwrap(),
        "not her own token"
    );
    assert!(
        store
            .revoke_api_token(
                amina.id,
                older.id,
                at(15),
                &audit(AuditAction::ApiTokenRevoked)
            )
            .await
            .unwrap()
    );
    assert_last_audit(&*store, AuditAction::ApiTokenRevoked).await;
    let before = audit_count(&*store).await;
    assert!(
        !store
            .revoke_api_token(
                amina.id,
                older.id,
                at(16),
                &audit(AuditAction::ApiTokenRevoked)
            )
            .await
            .unwrap(),
        "already revoked"
    );
    assert_eq!(audit_count(&*store).await, before);

    // Newest first, revoked ones included.
    let listed = store.list_api_tokens(amina.id).await.unwrap();
    let ids: Vec<ApiTokenId> = listed.iter().map(|t| t.id).collect();
    assert_eq!(ids, vec![newer.id, older.id]);
    assert_eq!(listed[1].revoked_at, Some(at(15)));
    assert_eq!(listed[1].last_used_at, Some(at(13)));
    assert_eq!(
        store
            .find_api_token(&hers.token_hash)
            .await
            .unwrap()
            .unwrap()
            .revoked_at,
        None
    );

    assert_missing(
        store
            .create_api_token(
                &api_token(UserId::new(), 17),
                &audit(AuditAction::ApiTokenCreated),
            )
            .await,
        "user_id",
    );
    assert_eq!(audit_count(&*store).await, before);
}

fn attempt(account: &[u8], address: &[u8], n: i64) -> SignInFailureRow {
    SignInFailureRow {
        account_key: account.to_vec(),
        address_key: address.to_vec(),
        at: at(n),
    }
}

pub async fn sign_in_attempts_are_counted_including_the_new_one(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let register = |row: SignInFailureRow| {
        let store = Arc::clone(&store);
        async move { store.register_sign_in_attempt(&row, at(0)).await.unwrap() }
    };
    assert_eq!(register(attempt(b"amina", b"10.0.0.1", 1)).await, (1, 1));
    assert_eq!(register(attempt(b"amina", b"10.0.0.1", 2)).await, (2, 2));
    assert_eq!(register(attempt(b"amina", b"10.0.0.2", 3)).await, (3, 1));
    assert_eq!(register(attempt(b"bea", b"10.0.0.1", 4)).await, (1, 3));
    // The very same instant again is another attempt, not a repeat.
    assert_eq!(register(attempt(b"bea", b"10.0.0.1", 4)).await, (2, 4));
    assert_eq!(
        audit_count(&*store).await,
        0,
        "the caller audits the outcome"
    );
    let dump = store.export_all().await.unwrap();
    assert_eq!(dump.sign_in_failures.len(), 5, "every attempt is kept");
}

pub async fn sign_in_attempts_are_counted_by_window(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let register = |row: SignInFailureRow, since: DateTime<Utc>| {
        let store = Arc::clone(&store);
        async move { store.register_sign_in_attempt(&row, since).await.unwrap() }
    };
    let just_after = |n| at(n) + chrono::Duration::microseconds(1);
    register(attempt(b"amina", b"10.0.0.1", 0), at(0)).await;
    register(attempt(b"amina", b"10.0.0.1", 5), at(0)).await;
    // The window starts at `since`, inclusive, to the microsecond.
    assert_eq!(
        register(attempt(b"amina", b"10.0.0.2", 10), at(5)).await,
        (2, 1)
    );
    assert_eq!(
        register(attempt(b"bea", b"10.0.0.1", 11), at(5)).await,
        (1, 2)
    );
    assert_eq!(
        register(attempt(b"bea", b"10.0.0.1", 12), just_after(5)).await,
        (2, 2)
    );
    assert_eq!(
        register(attempt(b"amina", b"10.0.0.1", 13), just_after(10)).await,
        (1, 3)
    );
    assert_eq!(
        register(attempt(b"amina", b"10.0.0.1", 14), at(0)).await,
        (5, 6)
    );
}

pub async fn clearing_an_account_removes_its_attempts(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    for (account, n) in [
        (&b"amina"[..], 1),
        (b"amina", 2),
        (b"bea", 3),
        (b"amina", 4),
    ] {
        store
            .register_sign_in_attempt(&attempt(account, b"10.0.0.1", n), at(0))
            .await
            .unwrap();
    }
    store.clear_account_failures(b"amina").await.unwrap();
    store.clear_account_failures(b"nobody").await.unwrap();
    let dump = store.export_all().await.unwrap();
    assert_eq!(dump.sign_in_failures, vec![attempt(b"bea", b"10.0.0.1", 3)]);
    // They no longer count for their address either; others are kept.
    assert_eq!(
        store
            .register_sign_in_attempt(&attempt(b"amina", b"10.0.0.1", 5), at(0))
            .await
            .unwrap(),
        (1, 2)
    );
    assert_eq!(
        store
            .register_sign_in_attempt(&attempt(b"bea", b"10.0.0.2", 6), at(0))
            .await
            .unwrap(),
        (2, 1)
    );
    assert_eq!(audit_count(&*store).await, 0);
}

/// What makes the throttle race-free: attempts on one account arriving at
/// once, through several instances sharing the database (each with its own
/// connection pool), are counted one after another.
pub async fn concurrent_attempts_on_one_account_are_counted_one_by_one(fresh: &Fresh) {
    const ATTEMPTS: u32 = 20;
    let f = fresh.fixture().await;
    let mut instances = vec![f.store()];
    for _ in 0..3 {
        instances.push(f.another_instance().await);
    }
    let barrier = Arc::new(tokio::sync::Barrier::new(ATTEMPTS as usize));
    let tasks: Vec<_> = (0..ATTEMPTS as usize)
        .map(|i| {
            let store = Arc::clone(&instances[i % instances.len()]);
            let barrier = Arc::clone(&barrier);
            tokio::spawn(async move {
                let address = format!("10.0.0.{i}");
                let row = attempt(b"amina", address.as_bytes(), 100);
                barrier.wait().await;
                store.register_sign_in_attempt(&row, at(0)).await.unwrap()
            })
        })
        .collect();
    let mut account_counts = Vec::new();
    for task in tasks {
        let (account, address) = task.await.unwrap();
        assert_eq!(address, 1, "each attempt came from an address of its own");
        account_counts.push(account);
    }
    account_counts.sort_unstable();
    assert_eq!(
        account_counts,
        (1..=ATTEMPTS).collect::<Vec<_>>(),
        "every attempt saw every attempt registered before it"
    );
}

pub async fn purge_expired_deletes_exactly_the_dead_rows(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let amina = with_user(&*store, "amina").await;
    let cutoffs = PurgeCutoffs {
        sessions_idle_before: at(120),
        sessions_created_before: at(60),
        attempts_before: at(20),
    };
    let with = |created: i64, last_seen: i64, revoked: Option<i64>| SessionRow {
        created_at: at(created),
        last_seen_at: at(last_seen),
        revoked_at: revoked.map(at),
        ..session(amina.id, created)
    };
    let live = with(100, 150, None);
    // Each bound is exclusive: a session seen or created exactly then stays.
    let on_the_bounds = with(60, 120, None);
    let revoked = with(100, 150, Some(151));
    let idle = with(100, 119, None);
    let too_old = with(59, 150, None);
    for s in [&live, &on_the_bounds, &revoked, &idle, &too_old] {
        store
            .create_session(s, &audit(AuditAction::SignInSucceeded))
            .await
            .unwrap();
    }
    let token = api_token(amina.id, 10);
    store
        .create_api_token(&token, &audit(AuditAction::ApiTokenCreated))
        .await
        .unwrap();
    for n in [10, 19, 20, 30] {
        store
            .register_sign_in_attempt(&attempt(b"amina", b"10.0.0.1", n), at(0))
            .await
            .unwrap();
    }
    let before = audit_count(&*store).await;

    let purged = store.purge_expired(&cutoffs).await.unwrap();
    assert_eq!(
        purged,
        PurgeCounts {
            sessions: 3,
            sign_in_attempts: 2,
        }
    );
    assert_eq!(audit_count(&*store).await, before, "nothing to audit");
    let dump = store.export_all().await.unwrap();
    let kept: BTreeSet<Uuid> = dump.sessions.iter().map(|s| s.id).collect();
    assert_eq!(kept, BTreeSet::from([live.id, on_the_bounds.id]));
    for s in [&revoked, &idle, &too_old] {
        assert_eq!(store.get_session(&s.token_hash).await.unwrap(), None);
    }
    assert_eq!(
        store.get_session(&live.token_hash).await.unwrap(),
        Some(live)
    );
    let attempts: Vec<DateTime<Utc>> = dump.sign_in_failures.iter().map(|a| a.at).collect();
    assert_eq!(attempts, vec![at(20), at(30)], "recent attempts are kept");
    assert_eq!(dump.api_tokens, vec![token], "tokens are not touched");
    assert_eq!(dump.users.len(), 1);

    // Nothing left to purge.
    let again = store.purge_expired(&cutoffs).await.unwrap();
    assert_eq!(again, PurgeCounts::default());
}

pub async fn bodies_list_by_level_then_name(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let country = area("BX", None);
    store
        .create_area(&country, &audit(AuditAction::AreaCreated))
        .await
        .unwrap();
    let national = body("National Council", BodyLevel::National, country.id, None);
    // Created parent first, but in no particular order otherwise.
    let bodies = [
        national.clone(),
        body("Zone Board", BodyLevel::Local, country.id, None),
        body(
            "North Forum",
            BodyLevel::Regional,
            country.id,
            Some(national.id),
        ),
        body(
            "East Forum",
            BodyLevel::Regional,
            country.id,
            Some(national.id),
        ),
        body("Alpha Board", BodyLevel::Local, country.id, None),
    ];
    for b in &bodies {
        store
            .create_body(b, &audit(AuditAction::CoordinationBodyCreated))
            .await
            .unwrap();
    }
    assert_last_audit(&*store, AuditAction::CoordinationBodyCreated).await;
    let names: Vec<String> = store
        .list_bodies()
        .await
        .unwrap()
        .into_iter()
        .map(|b| b.name)
        .collect();
    assert_eq!(
        names,
        [
            "National Council",
            "East Forum",
            "North Forum",
            "Alpha Board",
            "Zone Board"
        ]
    );
    let listed = store.list_bodies().await.unwrap();
    assert!(listed.contains(&bodies[2]), "rows round-trip");
}

pub async fn body_with_missing_references_writes_nothing(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let country = area("BX", None);
    store
        .create_area(&country, &audit(AuditAction::AreaCreated))
        .await
        .unwrap();
    let no_area = body("Lost", BodyLevel::National, AreaId::new(), None);
    assert_missing(
        store
            .create_body(&no_area, &audit(AuditAction::CoordinationBodyCreated))
            .await,
        "area_id",
    );
    let no_parent = body("Orphan", BodyLevel::Local, country.id, Some(BodyId::new()));
    assert_missing(
        store
            .create_body(&no_parent, &audit(AuditAction::CoordinationBodyCreated))
            .await,
        "parent_id",
    );
    assert!(store.list_bodies().await.unwrap().is_empty());
    assert_eq!(audit_count(&*store).await, 1);
}

pub async fn audit_events_list_newest_first_with_filters(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let (amina, bea) = (UserId::new(), UserId::new());
    let (shelter, police) = (AgencyId::new(), AgencyId::new());
    let actions = [AuditAction::AuditViewed, AuditAction::AccessDenied];
    for i in 0..20i64 {
        let mut event = audit(actions[(i % 2) as usize]);
        event.at = at(100 + i);
        event.actor_user_id = Some(if i % 4 < 2 { amina } else { bea });
        event.actor_agency_id = Some(if i < 10 { shelter } else { police });
        event.object_type = Some("user".into());
        event.object_id = Some(format!("object-{i}"));
        event.outcome = if i % 2 == 0 {
            AuditOutcome::Success
        } else {
            AuditOutcome::Denied
        };
        event.details = json!({ "i": i });
        store.append_audit(&event).await.unwrap();
    }
    let unfiltered = AuditFilter::default();
    let pages = collect_pages(6, |p| {
        let (store, filter) = (Arc::clone(&store), unfiltered.clone());
        async move { store.list_audit_events(&filter, &p).await }
    })
    .await;
    assert_eq!(pages.len(), 4);
    let all: Vec<AuditEventRow> = pages.into_iter().flatten().collect();
    assert_eq!(all.len(), 20);
    assert!(all.windows(2).all(|w| w[0].id > w[1].id), "newest first");
    let newest = &all[0];
    assert_eq!(newest.at, at(119));
    assert_eq!(newest.action, "access.denied");
    assert_eq!(newest.outcome, "denied");
    assert_eq!(newest.object_type.as_deref(), Some("user"));
    assert_eq!(newest.object_id.as_deref(), Some("object-19"));
    assert_eq!(newest.details, r#"{"i":19}"#);
    assert_eq!(
        (newest.tree_position, newest.leaf_hash.clone()),
        (None, None)
    );

    let matching = |filter: AuditFilter| {
        let store = Arc::clone(&store);
        async move {
            let pages = collect_pages(3, |p| {
                let (store, filter) = (Arc::clone(&store), filter.clone());
                async move { store.list_audit_events(&filter, &p).await }
            })
            .await;
            let events: Vec<AuditEventRow> = pages.into_iter().flatten().collect();
            assert!(events.windows(2).all(|w| w[0].id > w[1].id));
            events
                .iter()
                .map(|e| e.object_id.clone().unwrap())
                .collect::<Vec<_>>()
        }
    };
    let by_index =
        |is: &[i64]| -> Vec<String> { is.iter().rev().map(|i| format!("object-{i}")).collect() };
    let amina_events = matching(AuditFilter {
        actor_user_id: Some(amina),
        ..AuditFilter::default()
    })
    .await;
    assert_eq!(amina_events, by_index(&[0, 1, 4, 5, 8, 9, 12, 13, 16, 17]));
    let police_denied = matching(AuditFilter {
        agency_id: Some(police),
        action: Some("access.denied".into()),
        ..AuditFilter::default()
    })
    .await;
    assert_eq!(police_denied, by_index(&[11, 13, 15, 17, 19]));
    let window = matching(AuditFilter {
        from: Some(at(103)),
        until: Some(at(107)),
        ..AuditFilter::default()
    })
    .await;
    assert_eq!(
        window,
        by_index(&[3, 4, 5, 6]),
        "from inclusive, until exclusive"
    );
    let nobody = matching(AuditFilter {
        actor_user_id: Some(UserId::new()),
        ..AuditFilter::default()
    })
    .await;
    assert!(nobody.is_empty());
}

pub async fn audit_details_are_stored_verbatim(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let mut event = audit(AuditAction::AccessDenied);
    event.details = json!({
        "zeta": [3, 1, 2],
        "alpha": { "nested": "ünïcode \"quoted\"" },
        "n": 1.5,
        "none": null,
    });
    event.outcome = AuditOutcome::Failure;
    store.append_audit(&event).await.unwrap();
    let stored = all_audit(&*store).await.remove(0);
    assert_eq!(
        stored.details,
        serde_json::to_string(&event.details).unwrap()
    );
    assert_eq!(stored.outcome, "failure");
    assert_eq!(stored.at, event.at);
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

pub async fn audit_ids_are_never_reused_after_the_newest_is_deleted(fresh: &Fresh) {
    let f = fresh.fixture().await;
    append_events(&*f.store(), 3).await;
    assert_deleted_newest_id_is_not_reused(&f).await;
    // Also when the log was emptied altogether.
    while f.tamper(DELETE_NEWEST_EVENT).await == 1 {}
    append_events(&*f.store(), 1).await;
    assert!(all_audit(&*f.store()).await[0].id > 4);
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

pub async fn seal_audit_seals_in_batches(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    assert_eq!(store.seal_audit(&ConcatSealer, 4).await.unwrap(), None);
    append_events(&*store, 10).await;
    assert_eq!(store.count_unsealed_audit_events().await.unwrap(), 10);

    let mut sizes = Vec::new();
    while let Some(checkpoint) = store.seal_audit(&ConcatSealer, 4).await.unwrap() {
        sizes.push(checkpoint.tree_size);
    }
    assert_eq!(sizes, vec![4, 8, 10]);
    assert_eq!(store.count_unsealed_audit_events().await.unwrap(), 0);
    let sealed = check_sealed_log(&*store).await;
    assert_eq!(sealed.len(), 10);
    let checkpoints = store.list_checkpoints().await.unwrap();
    let stored_sizes: Vec<i64> = checkpoints.iter().map(|c| c.tree_size).collect();
    assert_eq!(stored_sizes, vec![4, 8, 10]);
    assert_eq!(checkpoints[1].frontier, 4i64.to_be_bytes().to_vec());
    assert_eq!(checkpoints[2].signed_at, at(8));

    // Sealed events are served from any position, in position order.
    let middle = store.sealed_audit_events(5, 2).await.unwrap();
    let positions: Vec<Option<i64>> = middle.iter().map(|e| e.tree_position).collect();
    assert_eq!(positions, vec![Some(5), Some(6)]);
    assert!(store.sealed_audit_events(10, 5).await.unwrap().is_empty());

    // The newest event listed shows its seal.
    let newest = all_audit(&*store).await.remove(0);
    assert_eq!(newest.tree_position, Some(9));

    // Later events extend the same tree.
    append_events(&*store, 3).await;
    let next = store.seal_audit(&ConcatSealer, 100).await.unwrap().unwrap();
    assert_eq!(next.tree_size, 13);
    check_sealed_log(&*store).await;
}

pub async fn failed_sealing_writes_nothing(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    append_events(&*store, 5).await;
    for refuse in [true, false] {
        let result = store.seal_audit(&BrokenSealer { refuse }, 10).await;
        assert!(
            result.is_err(),
            "a broken sealer is an error, got {result:?}"
        );
        assert_eq!(store.count_unsealed_audit_events().await.unwrap(), 5);
        assert!(store.list_checkpoints().await.unwrap().is_empty());
        assert!(store.sealed_audit_events(0, 10).await.unwrap().is_empty());
    }
    let checkpoint = store.seal_audit(&ConcatSealer, 10).await.unwrap().unwrap();
    assert_eq!(checkpoint.tree_size, 5);
}

pub async fn concurrent_sealing_never_reuses_a_position(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    append_events(&*store, 40).await;
    let appender = {
        let store = Arc::clone(&store);
        tokio::spawn(async move { append_events(&*store, 20).await })
    };
    let sealers: Vec<_> = (0..6)
        .map(|_| {
            let store = Arc::clone(&store);
            tokio::spawn(async move {
                let mut sealed_here = 0;
                for _ in 0..500 {
                    if let Some(c) = store.seal_audit(&ConcatSealer, 7).await.unwrap() {
                        sealed_here += 1;
                        assert!(c.tree_size <= 60);
                    }
                    if store.count_unsealed_audit_events().await.unwrap() == 0 {
                        break;
                    }
                    tokio::time::sleep(std::time::Duration::from_millis(2)).await;
                }
                sealed_here
            })
        })
        .collect();
    appender.await.unwrap();
    let mut batches = 0;
    for sealer in sealers {
        batches += sealer.await.unwrap();
    }
    // Whatever the appender added after the sealers stopped.
    while store.seal_audit(&ConcatSealer, 7).await.unwrap().is_some() {
        batches += 1;
    }
    let sealed = check_sealed_log(&*store).await;
    assert_eq!(sealed.len(), 60);
    let ids: BTreeSet<i64> = sealed.iter().map(|e| e.id).collect();
    assert_eq!(ids.len(), 60, "no event sealed twice");
    assert_eq!(store.list_checkpoints().await.unwrap().len(), batches);
}

/// Seals until nothing is waiting, as a background checkpointer would;
/// returns how many checkpoints this caller wrote.
async fn seal_until_done(store: Arc<dyn Store>, max_events: u32) -> usize {
    let mut written = 0;
    for _ in 0..500 {
        if store
            .seal_audit(&ConcatSealer, max_events)
            .await
            .unwrap()
            .is_some()
        {
            written += 1;
        }
        if store.count_unsealed_audit_events().await.unwrap() == 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(2)).await;
    }
    written
}

pub async fn instances_sharing_a_database_agree_and_seal_in_turn(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let opening: Vec<_> = (0..3).map(|_| f.another_instance()).collect();
    let mut instances = vec![f.store()];
    for instance in opening {
        instances.push(instance.await);
    }

    // What one instance writes, the others read at once: no instance caches.
    let shared = area("SHARED", None);
    instances[1]
        .create_area(&shared, &audit(AuditAction::AreaCreated))
        .await
        .unwrap();
    for instance in &instances {
        assert_eq!(
            instance.get_area(shared.id).await.unwrap(),
            Some(shared.clone())
        );
    }
    assert_duplicate(
        instances[2]
            .create_area(&area("SHARED", None), &audit(AuditAction::AreaCreated))
            .await,
        "code",
    );

    // Every instance appends and seals at the same time.
    let workers: Vec<_> = instances
        .iter()
        .map(|instance| {
            let instance = Arc::clone(instance);
            tokio::spawn(async move {
                append_events(&*instance, 10).await;
                seal_until_done(instance, 6).await
            })
        })
        .collect();
    let mut batches = 0;
    for worker in workers {
        batches += worker.await.unwrap();
    }
    while instances[3]
        .seal_audit(&ConcatSealer, 6)
        .await
        .unwrap()
        .is_some()
    {
        batches += 1;
    }
    let sealed = check_sealed_log(&*instances[0]).await;
    assert_eq!(sealed.len(), 41);
    assert_eq!(
        instances[2].list_checkpoints().await.unwrap().len(),
        batches
    );
}

/// The fixed list of tables every engine reports, in this order.
pub const TABLES: [&str; 48] = [
    "settings",
    "areas",
    "agencies",
    "agency_areas",
    "users",
    "user_roles",
    "recovery_codes",
    "sessions",
    "api_tokens",
    "sign_in_failures",
    "bodies",
    "audit_events",
    "checkpoints",
    "data_keys",
    "case_settings",
    "survivors",
    "cases",
    "incidents",
    "consents",
    "sharings",
    "break_glass",
    "notes",
    "note_versions",
    "goals",
    "safety_plans",
    "tasks",
    "body_members",
    "body_subgroups",
    "meetings",
    "meeting_attendance",
    "actions",
    "action_reviews",
    "instruments",
    "instrument_versions",
    "instrument_documents",
    "instrument_signatories",
    "instrument_consultations",
    "assessment_rounds",
    "assessment_answers",
    "dir_terms",
    "dir_organizations",
    "dir_locations",
    "dir_services",
    "dir_service_areas",
    "dir_service_at_location",
    "referrals",
    "referral_steps",
    "referral_notifications",
];

pub async fn table_counts_name_every_table(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let counts = store.table_counts().await.unwrap();
    let names: Vec<&str> = counts.iter().map(|(name, _)| name.as_str()).collect();
    let expected: Vec<&str> = TABLES
        .iter()
        .chain(crate::risk::RISK_TABLES.iter())
        .copied()
        .collect();
    assert_eq!(names, expected);
    assert!(
        counts.iter().all(|(_, n)| *n == 0),
        "a fresh store is empty"
    );
    with_user(&*store, "amina").await;
    let counts: Vec<(String, i64)> = store.table_counts().await.unwrap();
    let count_of = |table: &str| counts.iter().find(|(n, _)| n == table).unwrap().1;
    assert_eq!(count_of("areas"), 1);
    assert_eq!(count_of("agency_areas"), 1);
    assert_eq!(count_of("users"), 1);
    assert_eq!(count_of("user_roles"), 1);
    assert_eq!(count_of("audit_events"), 3);
}

/// A store with rows in every table.
async fn populate(store: &dyn Store) {
    store.put_setting("demo.seeded", "yes").await.unwrap();
    let amina = with_user(store, "amina").await;
    let bea = with_user(store, "bea").await;
    let child = area("R-AMINA-1", Some(amina_area(store, &amina).await));
    store
        .create_area(&child, &audit(AuditAction::AreaCreated))
        .await
        .unwrap();
    let codes = vec![vec![1u8; 32], vec![2u8; 32]];
    store
        .enable_totp(
            amina.id,
            b"secret",
            9,
            &codes,
            &audit(AuditAction::SecondFactorEnrolled),
        )
        .await
        .unwrap();
    store
        .use_recovery_code(
            amina.id,
            &codes[0],
            at(70),
            &audit(AuditAction::RecoveryCodeUsed),
        )
        .await
        .unwrap();
    let live = session(amina.id, 71);
    let gone = session(bea.id, 72);
    for s in [&live, &gone] {
        store
            .create_session(s, &audit(AuditAction::SignInSucceeded))
            .await
            .unwrap();
    }
    store
        .revoke_session(bea.id, gone.id, at(73), &audit(AuditAction::SessionRevoked))
        .await
        .unwrap();
    let token = api_token(amina.id, 74);
    store
        .create_api_token(&token, &audit(AuditAction::ApiTokenCreated))
        .await
        .unwrap();
    store.touch_api_token(token.id, at(75)).await.unwrap();
    store
        .register_sign_in_attempt(&attempt(b"account", b"address", 76), at(0))
        .await
        .unwrap();
    store
        .append_audit(&audit(AuditAction::SignInFailed))
        .await
        .unwrap();
    let national = body(
        "Council",
        BodyLevel::National,
        child.parent_id.unwrap(),
        None,
    );
    let local = body("Forum", BodyLevel::Local, child.id, Some(national.id));
    for b in [&national, &local] {
        store
            .create_body(b, &audit(AuditAction::CoordinationBodyCreated))
            .await
            .unwrap();
    }
    case_store::populate_cases(store, &amina, &bea).await;
    risk_store::populate_risk(store, &amina, &bea).await;
    governance::populate_governance(store, &amina).await;
    referral_store::populate_referrals(store, &amina, &bea).await;
    store.seal_audit(&ConcatSealer, 5).await.unwrap();
    store.seal_audit(&ConcatSealer, 5).await.unwrap();
    append_events(store, 2).await;
}

async fn amina_area(store: &dyn Store, amina: &UserRow) -> AreaId {
    let agency = store.get_agency(amina.agency_id).await.unwrap().unwrap();
    agency.area_ids[0]
}

pub async fn export_then_import_gives_an_equal_copy(fresh: &Fresh) {
    let source = fresh.fixture().await;
    populate(&*source.store()).await;
    let dump = source.store().export_all().await.unwrap();
    assert_eq!(dump.settings.len(), 1);
    assert!(dump.recovery_codes.iter().any(|c| c.used_at.is_some()));
    assert!(dump.audit_events.iter().any(|e| e.tree_position.is_some()));
    assert!(dump.audit_events.iter().any(|e| e.tree_position.is_none()));
    assert_eq!(dump.checkpoints.len(), 2);
    let empty: Vec<String> = source
        .store()
        .table_counts()
        .await
        .unwrap()
        .into_iter()
        .filter(|(_, n)| *n == 0)
        .map(|(table, _)| table)
        .collect();
    assert!(
        empty.is_empty(),
        "populate leaves no table empty: {empty:?}"
    );
    assert!(dump.cases.data_keys.iter().any(|k| !k.active));
    assert!(dump.cases.consents.iter().any(|k| k.withdrawn_at.is_some()));
    assert!(
        dump.cases
            .break_glass
            .iter()
            .any(|g| g.reviewed_at.is_some())
    );

    let target = fresh.fixture().await;
    let copy = target.store();
    copy.import_all(&dump).await.unwrap();
    assert_eq!(copy.export_all().await.unwrap(), dump);
    assert_eq!(
        copy.table_counts().await.unwrap(),
        source.store().table_counts().await.unwrap()
    );

    // The copy goes on working: new events come after the copied ones,
    // sealing extends the copied tree and uniqueness still holds.
    let highest = dump.audit_events.iter().map(|e| e.id).max().unwrap();
    append_events(&*copy, 1).await;
    let newest = all_audit(&*copy).await.remove(0);
    assert!(newest.id > highest, "new ids follow the imported ones");
    while copy.seal_audit(&ConcatSealer, 100).await.unwrap().is_some() {}
    let sealed = check_sealed_log(&*copy).await;
    assert_eq!(sealed.len(), dump.audit_events.len() + 1);
    assert_duplicate(
        copy.create_area(
            &area(&dump.areas[0].code, None),
            &audit(AuditAction::AreaCreated),
        )
        .await,
        "code",
    );
}

pub async fn imported_audit_ids_are_never_reused(fresh: &Fresh) {
    let source = fresh.fixture().await;
    populate(&*source.store()).await;
    let dump = source.store().export_all().await.unwrap();
    let highest = dump.audit_events.iter().map(|e| e.id).max().unwrap();

    let target = fresh.fixture().await;
    target.store().import_all(&dump).await.unwrap();
    assert_eq!(all_audit(&*target.store()).await[0].id, highest);
    // The engine's id counter must have moved past the imported ids.
    assert_deleted_newest_id_is_not_reused(&target).await;
}

pub async fn import_into_a_non_empty_store_is_refused(fresh: &Fresh) {
    let source = fresh.fixture().await;
    populate(&*source.store()).await;
    let dump = source.store().export_all().await.unwrap();

    let target = fresh.fixture().await;
    let store = target.store();
    store.put_setting("already", "here").await.unwrap();
    let before = store.table_counts().await.unwrap();
    match store.import_all(&dump).await {
        Err(StoreError::NotEmpty) => {}
        other => panic!("expected NotEmpty, got {other:?}"),
    }
    assert_eq!(store.table_counts().await.unwrap(), before);

    // A store that already imported is not empty either.
    let again = fresh.fixture().await;
    again.store().import_all(&dump).await.unwrap();
    match again.store().import_all(&dump).await {
        Err(StoreError::NotEmpty) => {}
        other => panic!("expected NotEmpty, got {other:?}"),
    }
}
