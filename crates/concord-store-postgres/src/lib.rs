//! Concord's storage engine for large deployments: PostgreSQL through sqlx.
//!
//! Several `concord serve` instances may share one database. Nothing is
//! cached in process; the one piece of background work that must not run
//! twice at once, sealing the audit log, is guarded by a transaction-scoped
//! advisory lock, and so is counting one account's sign-in attempts.
//! Migrations run under sqlx's own advisory lock (taken before it even looks
//! at its bookkeeping table), so instances starting together apply each
//! migration once.

mod accounts;
mod audit;
mod cases;
mod codec;
mod conference_actions;
mod copy;
mod directory;
mod errors;
mod governance;
mod keys;
mod paging;
mod records;
mod referrals;
mod risk;
mod service_directory;
mod sharing;

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use concord_domain::case::CaseStatus;
use concord_domain::ids::{
    AgencyId, ApiTokenId, AreaId, CaseId, ConsentId, NoteId, SharingId, SurvivorId, TaskId, UserId,
};
use concord_domain::role::Role;
use concord_store::*;
use errors::db;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{ConnectOptions, Connection, PgConnection, PgPool, Postgres, Transaction};
use std::str::FromStr;
use uuid::Uuid;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!();

/// Connections per instance. Requests are short; a deployment with many
/// instances must keep instances × this under the server's max_connections.
const MAX_CONNECTIONS: u32 = 10;

#[derive(Debug, Clone)]
pub struct PostgresStore {
    pool: PgPool,
}

impl PostgresStore {
    /// Connects to the database at `url` (`postgres://…`) and brings its
    /// schema up to date.
    pub async fn connect(url: &str) -> Result<PostgresStore, StoreError> {
        let options = PgConnectOptions::from_str(url)
            .map_err(|e| StoreError::Backend(format!("not a PostgreSQL URL: {e}")))?;
        migrate(&options).await?;
        let pool = PgPoolOptions::new()
            .max_connections(MAX_CONNECTIONS)
            .connect_with(options)
            .await
            .map_err(db)?;
        Ok(PostgresStore { pool })
    }

    /// The connection pool, for tools that need PostgreSQL itself.
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// Runs the migrations on a connection of their own (a pool of one, closed
/// afterwards). sqlx holds a session-level advisory lock while migrating;
/// should migrating fail, closing the connection releases it, where a
/// connection returned to the main pool would keep it and every other
/// instance would wait forever.
async fn migrate(options: &PgConnectOptions) -> StoreResult<()> {
    let migrator_pool = PgPoolOptions::new()
        .max_connections(1)
        .connect_with(options.clone())
        .await
        .map_err(db)?;
    let migrated = MIGRATOR
        .run(&migrator_pool)
        .await
        .map_err(|e| StoreError::Backend(format!("migrating the database: {e}")));
    migrator_pool.close().await;
    migrated
}

/// Creates a new, empty database with a unique name (`concord_test_…`) on
/// the server of `admin_url`, and returns its URL. For tests and the test
/// kit: every test gets a database of its own. The schema is created when a
/// store first connects.
pub async fn create_fresh_database(admin_url: &str) -> Result<String, StoreError> {
    let admin = PgConnectOptions::from_str(admin_url)
        .map_err(|e| StoreError::Backend(format!("not a PostgreSQL URL: {e}")))?;
    let name = format!("concord_test_{}", Uuid::now_v7().simple());
    let mut conn = PgConnection::connect_with(&admin).await.map_err(db)?;
    // An identifier cannot be a bound parameter. `name` is a fixed prefix and
    // hex digits, so it is safe to splice in.
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE \"{name}\"")))
        .execute(&mut conn)
        .await
        .map_err(db)?;
    conn.close().await.map_err(db)?;
    // Same server, user, password and TLS settings; only the database differs.
    Ok(admin.database(&name).to_url_lossy().to_string())
}

/// A write transaction. READ COMMITTED is enough: every change either
/// locks the row it depends on first (an UPDATE of it) or is a single
/// conditional statement, and sealing holds its advisory lock.
pub(crate) async fn write_tx(pool: &PgPool) -> StoreResult<Transaction<'static, Postgres>> {
    pool.begin().await.map_err(db)
}

/// A read-only snapshot for reads that take more than one query (a page and
/// its related rows, an export).
pub(crate) async fn read_tx(pool: &PgPool) -> StoreResult<Transaction<'static, Postgres>> {
    pool.begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        .await
        .map_err(db)
}

#[async_trait]
impl Store for PostgresStore {
    fn engine(&self) -> &'static str {
        "postgres"
    }

    async fn get_setting(&self, key: &str) -> StoreResult<Option<String>> {
        directory::get_setting(&self.pool, key).await
    }

    async fn put_setting(&self, key: &str, value: &str) -> StoreResult<()> {
        directory::put_setting(&self.pool, key, value).await
    }

    async fn insert_setting_if_absent(&self, key: &str, value: &str) -> StoreResult<bool> {
        directory::insert_setting_if_absent(&self.pool, key, value).await
    }

    async fn list_master_sealed(&self) -> StoreResult<MasterSealed> {
        keys::list_master_sealed(&self.pool).await
    }

    async fn rotate_master_key(
        &self,
        rotation: &MasterKeyRotation,
        audit: &NewAuditEvent,
    ) -> StoreResult<()> {
        keys::rotate_master_key(&self.pool, rotation, audit).await
    }

    async fn create_area(&self, area: &AreaRow, audit: &NewAuditEvent) -> StoreResult<()> {
        directory::create_area(&self.pool, area, audit).await
    }

    async fn update_area(&self, area: &AreaRow, audit: &NewAuditEvent) -> StoreResult<()> {
        directory::update_area(&self.pool, area, audit).await
    }

    async fn get_area(&self, id: AreaId) -> StoreResult<Option<AreaRow>> {
        directory::get_area(&self.pool, id).await
    }

    async fn get_areas(&self, ids: &[AreaId]) -> StoreResult<Vec<AreaRow>> {
        directory::get_areas(&self.pool, ids).await
    }

    async fn list_areas(&self, page: &PageRequest) -> StoreResult<Page<AreaRow>> {
        directory::list_areas(&self.pool, page).await
    }

    async fn create_agency(&self, agency: &AgencyRow, audit: &NewAuditEvent) -> StoreResult<()> {
        directory::create_agency(&self.pool, agency, audit).await
    }

    async fn update_agency(&self, agency: &AgencyRow, audit: &NewAuditEvent) -> StoreResult<()> {
        directory::update_agency(&self.pool, agency, audit).await
    }

    async fn get_agency(&self, id: AgencyId) -> StoreResult<Option<AgencyRow>> {
        directory::get_agency(&self.pool, id).await
    }

    async fn list_agencies(&self, page: &PageRequest) -> StoreResult<Page<AgencyRow>> {
        directory::list_agencies(&self.pool, page).await
    }

    async fn create_user(&self, user: &UserRow, audit: &NewAuditEvent) -> StoreResult<()> {
        accounts::create_user(&self.pool, user, audit).await
    }

    async fn update_user_profile(
        &self,
        id: UserId,
        display_name: &str,
        roles: &[Role],
        audit: &NewAuditEvent,
    ) -> StoreResult<()> {
        accounts::update_user_profile(&self.pool, id, display_name, roles, audit).await
    }

    async fn set_user_active(
        &self,
        id: UserId,
        active: bool,
        at: DateTime<Utc>,
        audit: &NewAuditEvent,
    ) -> StoreResult<()> {
        accounts::set_user_active(&self.pool, id, active, at, audit).await
    }

    async fn set_password(
        &self,
        id: UserId,
        password_hash: &str,
        at: DateTime<Utc>,
        audit: &NewAuditEvent,
    ) -> StoreResult<()> {
        accounts::set_password(&self.pool, id, password_hash, at, audit).await
    }

    async fn get_user(&self, id: UserId) -> StoreResult<Option<UserRow>> {
        accounts::get_user(&self.pool, id).await
    }

    async fn find_user_by_username(&self, username: &str) -> StoreResult<Option<UserRow>> {
        accounts::find_user_by_username(&self.pool, username).await
    }

    async fn list_users(
        &self,
        agency: Option<AgencyId>,
        page: &PageRequest,
    ) -> StoreResult<Page<UserRow>> {
        accounts::list_users(&self.pool, agency, page).await
    }

    async fn set_totp_pending(&self, id: UserId, secret: Option<&[u8]>) -> StoreResult<()> {
        accounts::set_totp_pending(&self.pool, id, secret).await
    }

    async fn enable_totp(
        &self,
        id: UserId,
        secret: &[u8],
        step: i64,
        recovery_code_hashes: &[Vec<u8>],
        audit: &NewAuditEvent,
    ) -> StoreResult<()> {
        accounts::enable_totp(&self.pool, id, secret, step, recovery_code_hashes, audit).await
    }

    async fn disable_totp(
        &self,
        id: UserId,
        at: DateTime<Utc>,
        audit: &NewAuditEvent,
    ) -> StoreResult<()> {
        accounts::disable_totp(&self.pool, id, at, audit).await
    }

    async fn claim_totp_step(&self, id: UserId, step: i64) -> StoreResult<bool> {
        accounts::claim_totp_step(&self.pool, id, step).await
    }

    async fn use_recovery_code(
        &self,
        id: UserId,
        code_hash: &[u8],
        at: DateTime<Utc>,
        audit: &NewAuditEvent,
    ) -> StoreResult<bool> {
        accounts::use_recovery_code(&self.pool, id, code_hash, at, audit).await
    }

    async fn count_unused_recovery_codes(&self, id: UserId) -> StoreResult<u32> {
        accounts::count_unused_recovery_codes(&self.pool, id).await
    }

    async fn create_session(&self, session: &SessionRow, audit: &NewAuditEvent) -> StoreResult<()> {
        accounts::create_session(&self.pool, session, audit).await
    }

    async fn replace_session(
        &self,
        old_token_hash: &[u8],
        new: &SessionRow,
        at: DateTime<Utc>,
        audit: &NewAuditEvent,
    ) -> StoreResult<()> {
        accounts::replace_session(&self.pool, old_token_hash, new, at, audit).await
    }

    async fn get_session(&self, token_hash: &[u8]) -> StoreResult<Option<SessionRow>> {
        accounts::get_session(&self.pool, token_hash).await
    }

    async fn touch_session(&self, token_hash: &[u8], at: DateTime<Utc>) -> StoreResult<()> {
        accounts::touch_session(&self.pool, token_hash, at).await
    }

    async fn revoke_session(
        &self,
        user_id: UserId,
        session_id: Uuid,
        at: DateTime<Utc>,
        audit: &NewAuditEvent,
    ) -> StoreResult<bool> {
        accounts::revoke_session(&self.pool, user_id, session_id, at, audit).await
    }

    async fn revoke_all_sessions(
        &self,
        user_id: UserId,
        at: DateTime<Utc>,
        audit: &NewAuditEvent,
    ) -> StoreResult<()> {
        accounts::revoke_all_sessions(&self.pool, user_id, at, audit).await
    }

    async fn list_sessions(&self, user_id: UserId) -> StoreResult<Vec<SessionRow>> {
        accounts::list_sessions(&self.pool, user_id).await
    }

    async fn create_api_token(
        &self,
        token: &ApiTokenRow,
        audit: &NewAuditEvent,
    ) -> StoreResult<()> {
        accounts::create_api_token(&self.pool, token, audit).await
    }

    async fn find_api_token(&self, token_hash: &[u8]) -> StoreResult<Option<ApiTokenRow>> {
        accounts::find_api_token(&self.pool, token_hash).await
    }

    async fn list_api_tokens(&self, user_id: UserId) -> StoreResult<Vec<ApiTokenRow>> {
        accounts::list_api_tokens(&self.pool, user_id).await
    }

    async fn revoke_api_token(
        &self,
        user_id: UserId,
        token_id: ApiTokenId,
        at: DateTime<Utc>,
        audit: &NewAuditEvent,
    ) -> StoreResult<bool> {
        accounts::revoke_api_token(&self.pool, user_id, token_id, at, audit).await
    }

    async fn touch_api_token(&self, token_id: ApiTokenId, at: DateTime<Utc>) -> StoreResult<()> {
        accounts::touch_api_token(&self.pool, token_id, at).await
    }

    async fn register_sign_in_attempt(
        &self,
        attempt: &SignInFailureRow,
        since: DateTime<Utc>,
    ) -> StoreResult<(u32, u32)> {
        accounts::register_sign_in_attempt(&self.pool, attempt, since).await
    }

    async fn clear_account_failures(&self, account_key: &[u8]) -> StoreResult<()> {
        accounts::clear_account_failures(&self.pool, account_key).await
    }

    async fn purge_expired(&self, cutoffs: &PurgeCutoffs) -> StoreResult<PurgeCounts> {
        accounts::purge_expired(&self.pool, cutoffs).await
    }

    async fn create_body(&self, body: &BodyRow, audit: &NewAuditEvent) -> StoreResult<()> {
        directory::create_body(&self.pool, body, audit).await
    }

    async fn list_bodies(&self) -> StoreResult<Vec<BodyRow>> {
        directory::list_bodies(&self.pool).await
    }

    async fn append_audit(&self, audit: &NewAuditEvent) -> StoreResult<()> {
        audit::append(&self.pool, audit).await
    }

    async fn list_audit_events(
        &self,
        filter: &AuditFilter,
        page: &PageRequest,
    ) -> StoreResult<Page<AuditEventRow>> {
        audit::list(&self.pool, filter, page).await
    }

    async fn seal_audit(
        &self,
        sealer: &dyn AuditSealer,
        max_events: u32,
    ) -> StoreResult<Option<CheckpointRow>> {
        audit::seal(&self.pool, sealer, max_events).await
    }

    async fn sealed_audit_events(&self, from: i64, limit: u32) -> StoreResult<Vec<AuditEventRow>> {
        audit::sealed_events(&self.pool, from, limit).await
    }

    async fn count_unsealed_audit_events(&self) -> StoreResult<i64> {
        audit::count_unsealed(&self.pool).await
    }

    async fn list_checkpoints(&self) -> StoreResult<Vec<CheckpointRow>> {
        audit::list_checkpoints(&self.pool).await
    }

    async fn table_counts(&self) -> StoreResult<Vec<(String, i64)>> {
        copy::table_counts(&self.pool).await
    }

    async fn export_all(&self) -> StoreResult<DatabaseDump> {
        copy::export_all(&self.pool).await
    }

    async fn import_all(&self, dump: &DatabaseDump) -> StoreResult<()> {
        copy::import_all(&self.pool, dump).await
    }
}

#[async_trait]
impl CaseStore for PostgresStore {
    async fn create_data_key(&self, key: &DataKeyRow, audit: &NewAuditEvent) -> StoreResult<()> {
        keys::create_data_key(&self.pool, key, audit).await
    }

    async fn list_data_keys(&self, agency: AgencyId) -> StoreResult<Vec<DataKeyRow>> {
        keys::list_data_keys(&self.pool, agency).await
    }

    async fn get_data_key(&self, key_id: Uuid, version: i32) -> StoreResult<Option<DataKeyRow>> {
        keys::get_data_key(&self.pool, key_id, version).await
    }

    async fn rewrap_data_keys(
        &self,
        keys: &[DataKeyRow],
        audit: &NewAuditEvent,
    ) -> StoreResult<()> {
        keys::rewrap_data_keys(&self.pool, keys, audit).await
    }

    async fn get_case_settings(&self, agency: AgencyId) -> StoreResult<Option<CaseSettingsRow>> {
        keys::get_case_settings(&self.pool, agency).await
    }

    async fn put_case_settings(
        &self,
        settings: &CaseSettingsRow,
        audit: &NewAuditEvent,
    ) -> StoreResult<()> {
        keys::put_case_settings(&self.pool, settings, audit).await
    }

    async fn create_survivor(
        &self,
        survivor: &SurvivorRow,
        case: &CaseRow,
        audit: &NewAuditEvent,
    ) -> StoreResult<()> {
        cases::create_survivor(&self.pool, survivor, case, audit).await
    }

    async fn get_survivor(&self, id: SurvivorId) -> StoreResult<Option<SurvivorRow>> {
        cases::get_survivor(&self.pool, id).await
    }

    async fn find_survivors(
        &self,
        agency: AgencyId,
        name_dob_index: &[u8],
    ) -> StoreResult<Vec<SurvivorRow>> {
        cases::find_survivors(&self.pool, agency, name_dob_index).await
    }

    async fn update_survivor(
        &self,
        survivor: &SurvivorRow,
        audit: &NewAuditEvent,
    ) -> StoreResult<()> {
        cases::update_survivor(&self.pool, survivor, audit).await
    }

    async fn set_legal_hold(
        &self,
        id: SurvivorId,
        hold: bool,
        audit: &NewAuditEvent,
    ) -> StoreResult<()> {
        cases::set_legal_hold(&self.pool, id, hold, audit).await
    }

    async fn get_case(&self, id: CaseId) -> StoreResult<Option<CaseRow>> {
        cases::get_case(&self.pool, id).await
    }

    async fn list_survivor_cases(&self, survivor: SurvivorId) -> StoreResult<Vec<CaseRow>> {
        cases::list_survivor_cases(&self.pool, survivor).await
    }

    async fn update_case(
        &self,
        case: &CaseRow,
        expected_status: CaseStatus,
        audit: &NewAuditEvent,
    ) -> StoreResult<()> {
        cases::update_case(&self.pool, case, expected_status, audit).await
    }

    async fn list_cases(
        &self,
        filter: &CaseListFilter,
        page: &PageRequest,
    ) -> StoreResult<Page<CaseListItem>> {
        cases::list_cases(&self.pool, filter, page).await
    }

    async fn create_incident(
        &self,
        incident: &IncidentRow,
        audit: &NewAuditEvent,
    ) -> StoreResult<()> {
        records::create_incident(&self.pool, incident, audit).await
    }

    async fn list_incidents(&self, case: CaseId) -> StoreResult<Vec<IncidentRow>> {
        records::list_incidents(&self.pool, case).await
    }

    async fn find_incidents_by_perpetrator(&self, index: &[u8]) -> StoreResult<Vec<IncidentRow>> {
        records::find_incidents_by_perpetrator(&self.pool, index).await
    }

    async fn create_consent(&self, consent: &ConsentRow, audit: &NewAuditEvent) -> StoreResult<()> {
        sharing::create_consent(&self.pool, consent, audit).await
    }

    async fn withdraw_consent(
        &self,
        id: ConsentId,
        at: DateTime<Utc>,
        audit: &NewAuditEvent,
    ) -> StoreResult<bool> {
        sharing::withdraw_consent(&self.pool, id, at, audit).await
    }

    async fn list_consents(&self, case: CaseId) -> StoreResult<Vec<ConsentRow>> {
        sharing::list_consents(&self.pool, case).await
    }

    async fn create_sharing(&self, sharing: &SharingRow, audit: &NewAuditEvent) -> StoreResult<()> {
        sharing::create_sharing(&self.pool, sharing, audit).await
    }

    async fn revoke_sharing(
        &self,
        id: SharingId,
        at: DateTime<Utc>,
        audit: &NewAuditEvent,
    ) -> StoreResult<bool> {
        sharing::revoke_sharing(&self.pool, id, at, audit).await
    }

    async fn list_sharings(&self, case: CaseId) -> StoreResult<Vec<SharingRow>> {
        sharing::list_sharings(&self.pool, case).await
    }

    async fn create_break_glass(
        &self,
        grant: &BreakGlassRow,
        audit: &NewAuditEvent,
    ) -> StoreResult<()> {
        sharing::create_break_glass(&self.pool, grant, audit).await
    }

    async fn active_break_glass(
        &self,
        case: CaseId,
        user: UserId,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<BreakGlassRow>> {
        sharing::active_break_glass(&self.pool, case, user, now).await
    }

    async fn break_glass_to_review(&self, agency: AgencyId) -> StoreResult<Vec<BreakGlassRow>> {
        sharing::break_glass_to_review(&self.pool, agency).await
    }

    async fn review_break_glass(
        &self,
        grant: &BreakGlassRow,
        audit: &NewAuditEvent,
    ) -> StoreResult<bool> {
        sharing::review_break_glass(&self.pool, grant, audit).await
    }

    async fn create_note(
        &self,
        note: &NoteRow,
        first: &NoteVersionRow,
        audit: &NewAuditEvent,
    ) -> StoreResult<()> {
        records::create_note(&self.pool, note, first, audit).await
    }

    async fn add_note_version(
        &self,
        version: &NoteVersionRow,
        audit: &NewAuditEvent,
    ) -> StoreResult<()> {
        records::add_note_version(&self.pool, version, audit).await
    }

    async fn list_notes(&self, case: CaseId) -> StoreResult<Vec<(NoteRow, NoteVersionRow)>> {
        records::list_notes(&self.pool, case).await
    }

    async fn note_history(&self, note: NoteId) -> StoreResult<Vec<NoteVersionRow>> {
        records::note_history(&self.pool, note).await
    }

    async fn put_goal(&self, goal: &GoalRow, audit: &NewAuditEvent) -> StoreResult<()> {
        records::put_goal(&self.pool, goal, audit).await
    }

    async fn list_goals(&self, case: CaseId) -> StoreResult<Vec<GoalRow>> {
        records::list_goals(&self.pool, case).await
    }

    async fn put_safety_plan_section(
        &self,
        section: &SafetyPlanRow,
        audit: &NewAuditEvent,
    ) -> StoreResult<()> {
        records::put_safety_plan_section(&self.pool, section, audit).await
    }

    async fn list_safety_plan(&self, case: CaseId) -> StoreResult<Vec<SafetyPlanRow>> {
        records::list_safety_plan(&self.pool, case).await
    }

    async fn create_task(&self, task: &TaskRow, audit: &NewAuditEvent) -> StoreResult<()> {
        records::create_task(&self.pool, task, audit).await
    }

    async fn complete_task(
        &self,
        id: TaskId,
        at: DateTime<Utc>,
        audit: &NewAuditEvent,
    ) -> StoreResult<bool> {
        records::complete_task(&self.pool, id, at, audit).await
    }

    async fn list_tasks(&self, case: CaseId) -> StoreResult<Vec<TaskRow>> {
        records::list_tasks(&self.pool, case).await
    }

    async fn tasks_due(&self, assignee: UserId, until: NaiveDate) -> StoreResult<Vec<TaskRow>> {
        records::tasks_due(&self.pool, assignee, until).await
    }

    async fn purge_survivor(&self, id: SurvivorId, audit: &NewAuditEvent) -> StoreResult<()> {
        cases::purge_survivor(&self.pool, id, audit).await
    }

    async fn survivors_due_for_purge(
        &self,
        agency: AgencyId,
        closed_before: DateTime<Utc>,
    ) -> StoreResult<Vec<SurvivorId>> {
        cases::survivors_due_for_purge(&self.pool, agency, closed_before).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn admin_url() -> String {
        std::env::var("CONCORD_TEST_POSTGRES_URL")
            .expect("set CONCORD_TEST_POSTGRES_URL (./scripts/test starts a throwaway PostgreSQL)")
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn several_instances_may_start_on_a_new_database_at_once() {
        let url = create_fresh_database(&admin_url()).await.unwrap();
        assert!(url.contains("/concord_test_"), "{url}");
        let starting: Vec<_> = (0..6)
            .map(|_| {
                let url = url.clone();
                tokio::spawn(async move { PostgresStore::connect(&url).await })
            })
            .collect();
        for instance in starting {
            let store = instance.await.unwrap().expect("every instance starts");
            assert!(
                store
                    .table_counts()
                    .await
                    .unwrap()
                    .iter()
                    .all(|(_, n)| *n == 0)
            );
            store.close().await;
        }
    }

    #[tokio::test]
    async fn fresh_databases_are_distinct() {
        let first = create_fresh_database(&admin_url()).await.unwrap();
        let second = create_fresh_database(&admin_url()).await.unwrap();
        assert_ne!(first, second);
        let one = PostgresStore::connect(&first).await.unwrap();
        let other = PostgresStore::connect(&second).await.unwrap();
        one.put_setting("k", "v").await.unwrap();
        assert_eq!(other.get_setting("k").await.unwrap(), None);
    }
}
