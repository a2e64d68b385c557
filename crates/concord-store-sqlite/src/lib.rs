//! Concord's embedded storage engine: one SQLite file, through sqlx.
//!
//! The file runs in WAL mode with `synchronous=FULL` (a committed change
//! survives a power cut) and foreign keys on. Every write transaction starts
//! with `BEGIN IMMEDIATE`, taking SQLite's single write lock up front: a
//! deferred transaction that reads first and writes later can fail with
//! `SQLITE_BUSY` when another writer got in between, and that failure cannot
//! be waited out. Readers never block in WAL mode.
//!
//! Ids are stored as the uuid's 16 bytes, timestamps as unix microseconds.

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
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Sqlite, SqlitePool, Transaction};
use std::fs::{File, OpenOptions};
use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;
use uuid::Uuid;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!();

/// How long a writer waits for another writer's lock before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(15);

/// Connections in the pool. Writers take turns anyway; the rest serve
/// concurrent readers.
const MAX_CONNECTIONS: u32 = 8;

#[derive(Debug, Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
}

impl SqliteStore {
    /// Opens (creating it and its folder if missing) the database at
    /// `url_or_path` — a `sqlite:` URL or a plain file path — and brings its
    /// schema up to date.
    pub async fn open(url_or_path: &str) -> Result<SqliteStore, StoreError> {
        let in_memory = is_in_memory(url_or_path);
        let options = connect_options(url_or_path, in_memory)?;
        create_parent_folder(&options)?;
        // Instances take turns from the first connection to the end of the
        // migrations: creating a file and switching it to WAL can answer
        // "database is locked" at once (without waiting) to a second
        // process doing the same.
        let lock = match (!in_memory).then(|| migration_lock_path(&options)) {
            Some(path) => Some(lock_file(path).await?),
            None => None,
        };
        let pool = SqlitePoolOptions::new()
            .max_connections(MAX_CONNECTIONS)
            .connect_with(options.clone())
            .await
            .map_err(db)?;
        let migrated = migrate(&pool).await;
        drop(lock);
        migrated?;
        Ok(SqliteStore { pool })
    }

    /// The connection pool, for tools that need SQLite itself (backups).
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// Closes every connection (checkpointing the WAL into the file).
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// `sqlite::memory:` and `?mode=memory` URLs, and the bare `:memory:`.
fn is_in_memory(url_or_path: &str) -> bool {
    url_or_path == ":memory:"
        || (url_or_path.starts_with("sqlite:")
            && (url_or_path.contains(":memory:") || url_or_path.contains("mode=memory")))
}

fn connect_options(url_or_path: &str, in_memory: bool) -> StoreResult<SqliteConnectOptions> {
    let options = if url_or_path.starts_with("sqlite:") || in_memory {
        // A bare ":memory:" as a file name would give every pooled
        // connection a database of its own; sqlx's URL form shares one.
        let url = if url_or_path == ":memory:" {
            "sqlite::memory:"
        } else {
            url_or_path
        };
        SqliteConnectOptions::from_str(url)
            .map_err(|e| StoreError::Backend(format!("not a SQLite URL: {e}")))?
    } else {
        SqliteConnectOptions::new().filename(url_or_path)
    };
    Ok(options
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        // Deleted rows are overwritten, not left in free pages: a purged
        // survivor's ciphertext must not survive in the file.
        .pragma("secure_delete", "ON")
        .busy_timeout(BUSY_TIMEOUT))
}

/// `<database>-migrate.lock`, beside the database file.
fn migration_lock_path(options: &SqliteConnectOptions) -> PathBuf {
    let mut path = options.get_filename().as_os_str().to_owned();
    path.push("-migrate.lock");
    PathBuf::from(path)
}

/// Brings the schema up to date. sqlx's migrator takes no lock on SQLite, so
/// two processes opening a new file at once would both create the tables
/// (and one would fail): [`SqliteStore::open`] holds an exclusive OS lock on
/// a file beside the database meanwhile, so the second finds everything
/// applied. The lock file is separate because closing any handle of the
/// database file itself would drop SQLite's own POSIX locks.
async fn migrate(pool: &SqlitePool) -> StoreResult<()> {
    MIGRATOR
        .run(pool)
        .await
        .map(|_| ())
        .map_err(|e| StoreError::Backend(format!("migrating the database: {e}")))
}

async fn lock_file(path: PathBuf) -> StoreResult<File> {
    let failed =
        |e: std::io::Error| StoreError::Backend(format!("locking the database for migration: {e}"));
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(failed)?;
    // Waiting for the lock blocks a thread, so not one of the runtime's.
    tokio::task::spawn_blocking(move || file.lock().map(|()| file))
        .await
        .map_err(|e| StoreError::Backend(format!("locking the database for migration: {e}")))?
        .map_err(failed)
}

fn create_parent_folder(options: &SqliteConnectOptions) -> StoreResult<()> {
    let Some(folder) = options.get_filename().parent() else {
        return Ok(());
    };
    if folder.as_os_str().is_empty() || folder.exists() {
        return Ok(());
    }
    std::fs::create_dir_all(folder)
        .map_err(|e| StoreError::Backend(format!("creating the database folder: {e}")))
}

/// Starts a write transaction holding SQLite's write lock from the start.
pub(crate) async fn write_tx(pool: &SqlitePool) -> StoreResult<Transaction<'static, Sqlite>> {
    pool.begin_with("BEGIN IMMEDIATE").await.map_err(db)
}

#[async_trait]
impl Store for SqliteStore {
    fn engine(&self) -> &'static str {
        "sqlite"
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
impl CaseStore for SqliteStore {
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

    async fn pragma<T>(store: &SqliteStore, statement: &'static str) -> T
    where
        T: for<'r> sqlx::Decode<'r, Sqlite> + sqlx::Type<Sqlite> + Send + Unpin,
    {
        sqlx::query_scalar(statement)
            .fetch_one(store.pool())
            .await
            .unwrap()
    }

    #[tokio::test]
    async fn plain_paths_and_urls_open_a_durable_database() {
        let folder = tempfile::tempdir().unwrap();
        let nested = folder.path().join("a").join("b").join("plain.db");
        let store = SqliteStore::open(nested.to_str().unwrap()).await.unwrap();
        assert!(nested.exists(), "the file and its folders are created");
        assert_eq!(pragma::<String>(&store, "PRAGMA journal_mode").await, "wal");
        assert_eq!(pragma::<i64>(&store, "PRAGMA synchronous").await, 2, "FULL");
        assert_eq!(pragma::<i64>(&store, "PRAGMA foreign_keys").await, 1);
        assert_eq!(pragma::<i64>(&store, "PRAGMA secure_delete").await, 1);
        assert!(pragma::<i64>(&store, "PRAGMA busy_timeout").await >= 5_000);
        store.close().await;

        let url = format!(
            "sqlite:{}",
            folder.path().join("c").join("url.db").display()
        );
        let store = SqliteStore::open(&url).await.unwrap();
        assert!(folder.path().join("c").join("url.db").exists());
        // Opening again finds the schema already migrated.
        store.put_setting("k", "v").await.unwrap();
        store.close().await;
        let again = SqliteStore::open(&url).await.unwrap();
        assert_eq!(again.get_setting("k").await.unwrap().as_deref(), Some("v"));
    }

    #[tokio::test]
    async fn import_moves_the_audit_id_sequence_past_the_imported_ids() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("copy.db");
        let store = SqliteStore::open(path.to_str().unwrap()).await.unwrap();
        let event = |id: i64| AuditEventRow {
            id,
            at: DateTime::from_timestamp_micros(1_767_225_600_000_000 + id).unwrap(),
            actor_user_id: None,
            actor_agency_id: None,
            action: "audit.viewed".into(),
            object_type: None,
            object_id: None,
            outcome: "success".into(),
            details: "{}".into(),
            tree_position: None,
            leaf_hash: None,
        };
        let dump = DatabaseDump {
            audit_events: vec![event(42), event(7)],
            ..DatabaseDump::default()
        };
        store.import_all(&dump).await.unwrap();
        let sequence: i64 = pragma(
            &store,
            "SELECT seq FROM sqlite_sequence WHERE name = 'audit_events'",
        )
        .await;
        assert_eq!(sequence, 42, "AUTOINCREMENT remembers the imported ids");

        // Even with the imported events gone, new ones come after them.
        sqlx::query("DELETE FROM audit_events")
            .execute(store.pool())
            .await
            .unwrap();
        store
            .append_audit(&NewAuditEvent {
                at: Utc::now(),
                actor_user_id: None,
                actor_agency_id: None,
                action: concord_domain::audit::AuditAction::AuditViewed,
                object_type: None,
                object_id: None,
                outcome: concord_domain::audit::AuditOutcome::Success,
                details: serde_json::json!({}),
            })
            .await
            .unwrap();
        let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM audit_events")
            .fetch_all(store.pool())
            .await
            .unwrap();
        assert_eq!(ids, vec![43]);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn several_processes_may_open_a_new_file_at_once() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("shared.db");
        let opens: Vec<_> = (0..6)
            .map(|_| {
                let path = path.to_str().unwrap().to_string();
                tokio::spawn(async move { SqliteStore::open(&path).await })
            })
            .collect();
        for open in opens {
            let store = open
                .await
                .unwrap()
                .expect("every instance opens the database");
            assert!(
                store
                    .table_counts()
                    .await
                    .unwrap()
                    .iter()
                    .all(|(_, n)| *n == 0)
            );
        }
    }
}
