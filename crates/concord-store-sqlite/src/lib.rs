//! Concord's embedded storage engine: one SQLite file, through rusqlite on
//! tokio's blocking threads ([`rusqlite_engine`]), or through sqlx when
//! `CONCORD_SQLITE_DRIVER=sqlx` (and always for in-memory databases). Both
//! drivers open the file with the same settings and keep the same values
//! and error meanings; migrations run through sqlx's migrator either way, so
//! its bookkeeping table stays as it was.
//!
//! The file runs in WAL mode with `synchronous=FULL` (a committed change
//! survives a power cut) and foreign keys on. Every write transaction starts
//! with `BEGIN IMMEDIATE`, taking SQLite's single write lock up front: a
//! deferred transaction that reads first and writes later can fail with
//! `SQLITE_BUSY` when another writer got in between, and that failure cannot
//! be waited out. Readers never block in WAL mode.
//!
//! Ids are stored as the uuid's 16 bytes, instants as unix microseconds,
//! dates and times of day as ISO text, label sets as JSON arrays
//! ([`values`]). The queries themselves are `concord-store-sql`'s, the same
//! for every engine; this crate opens the file, migrates it, and adapts
//! values, errors and locking to SQLite.

mod connection;
mod errors;
mod rusqlite_engine;
mod values;

use concord_store::{StoreError, StoreResult};
use concord_store_sql::SqlStore;

use errors::classify;
use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use std::fs::{File, OpenOptions};
use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!();

/// How long a writer waits for another writer's lock before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(15);

/// Connections in the pool. Writers take turns anyway; the rest serve
/// concurrent readers.
const MAX_CONNECTIONS: u32 = 8;

/// Prepared statements each rusqlite connection keeps (the store has a few
/// hundred distinct queries; the hot ones stay).
const STATEMENT_CACHE: usize = 256;

/// Which driver talks to SQLite.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Driver {
    Rusqlite,
    Sqlx,
}

impl Driver {
    /// `CONCORD_SQLITE_DRIVER=sqlx` keeps the former driver; anything else
    /// (or nothing) is rusqlite.
    fn from_env() -> Driver {
        match std::env::var("CONCORD_SQLITE_DRIVER").as_deref() {
            Ok("sqlx") => Driver::Sqlx,
            _ => Driver::Rusqlite,
        }
    }
}

/// The store on a SQLite file.
pub type SqliteStore = SqlStore<SqliteDatabase>;

pub use connection::SqliteDatabase;

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
    // A connection to a local file does not go stale: no ping before use.
    let pool = SqlitePoolOptions::new()
        .max_connections(MAX_CONNECTIONS)
        .test_before_acquire(false)
        .connect_with(options.clone())
        .await
        .map_err(|e| StoreError::from(classify(e)))?;
    let migrated = migrate(&pool).await;
    drop(lock);
    migrated?;
    if in_memory || Driver::from_env() == Driver::Sqlx {
        return Ok(SqlStore::new(SqliteDatabase::sqlx(pool)));
    }
    pool.close().await;
    Ok(SqlStore::new(rusqlite_database(options)))
}

/// The store's connections through rusqlite; sqlx's pool stays for tools,
/// opening a connection only when one is used.
fn rusqlite_database(options: SqliteConnectOptions) -> SqliteDatabase {
    let settings = rusqlite_engine::ConnectionSettings {
        path: options.get_filename().to_path_buf(),
        busy_timeout: BUSY_TIMEOUT,
        statement_cache: STATEMENT_CACHE,
    };
    let native = rusqlite_engine::ConnectionPool::new(settings, MAX_CONNECTIONS as usize);
    let tools = SqlitePoolOptions::new()
        .max_connections(2)
        .connect_lazy_with(options);
    SqliteDatabase::rusqlite(native, tools)
}

/// Copies the whole database into a new file at `path` in one read
/// transaction (`VACUUM INTO`): a consistent snapshot taken while writers
/// go on, with every committed write, including what is still in the
/// write-ahead log. Fails if `path` exists and is not empty.
/// Copies the SQLite file at `backup` into a new file at `path` through a
/// read-only connection that runs no migration: the backup being checked
/// is never written to (`concord restore`).
pub async fn copy_read_only(backup: &str, path: &str) -> StoreResult<()> {
    use sqlx::ConnectOptions;
    let mut conn = SqliteConnectOptions::new()
        .filename(backup)
        .read_only(true)
        .create_if_missing(false)
        .connect()
        .await
        .map_err(|e| StoreError::from(classify(e)))?;
    sqlx::query("VACUUM INTO ?")
        .bind(path)
        .execute(&mut conn)
        .await
        .map_err(|e| StoreError::from(classify(e)))?;
    Ok(())
}

pub async fn backup_into(store: &SqliteStore, path: &str) -> StoreResult<()> {
    sqlx::query("VACUUM INTO ?")
        .bind(path)
        .execute(store.database().pool())
        .await
        .map_err(|e| StoreError::from(classify(e)))?;
    Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{DateTime, Utc};
    use concord_store::{AuditEventRow, DatabaseDump, NewAuditEvent, Store};
    use concord_store_sql::sql::{Connection as _, Database as _, Value};
    use sqlx::Sqlite;

    async fn pragma<T>(store: &SqliteStore, statement: &'static str) -> T
    where
        T: for<'r> sqlx::Decode<'r, Sqlite> + sqlx::Type<Sqlite> + Send + Unpin,
    {
        sqlx::query_scalar(statement)
            .fetch_one(store.database().pool())
            .await
            .unwrap()
    }

    /// A setting as the store's own connections have it (whichever driver).
    async fn store_pragma(store: &SqliteStore, statement: &'static str) -> Value {
        let mut conn = store.database().connection().await.unwrap();
        let row = conn.fetch_optional(statement, &[]).await.unwrap().unwrap();
        row.value_at(0).unwrap().clone()
    }

    #[tokio::test]
    async fn the_stores_own_connections_are_durable() {
        let folder = tempfile::tempdir().unwrap();
        let store = open(folder.path().join("d.db").to_str().unwrap())
            .await
            .unwrap();
        assert_eq!(store.database().driver(), "rusqlite");
        let text = |t: &str| Value::Text(t.into());
        assert_eq!(
            store_pragma(&store, "PRAGMA journal_mode").await,
            text("wal")
        );
        assert_eq!(
            store_pragma(&store, "PRAGMA synchronous").await,
            Value::Int(2)
        );
        assert_eq!(
            store_pragma(&store, "PRAGMA foreign_keys").await,
            Value::Int(1)
        );
        assert_eq!(
            store_pragma(&store, "PRAGMA secure_delete").await,
            Value::Int(1)
        );
        assert_eq!(
            store_pragma(&store, "PRAGMA busy_timeout").await,
            Value::Int(15_000)
        );
    }

    #[tokio::test]
    async fn a_write_transaction_dropped_unfinished_leaves_nothing_and_frees_the_lock() {
        let folder = tempfile::tempdir().unwrap();
        let store = open(folder.path().join("d.db").to_str().unwrap())
            .await
            .unwrap();
        for _ in 0..(MAX_CONNECTIONS + 1) {
            let mut tx = store.database().begin_write().await.unwrap();
            let args = [text_value("k"), text_value("half-written")];
            let sql = "INSERT INTO settings (key, value) VALUES ($1, $2)";
            assert_eq!(tx.execute(sql, &args).await.unwrap(), 1);
            drop(tx);
        }
        assert_eq!(store.get_setting("k").await.unwrap(), None);
        store.put_setting("k", "whole").await.unwrap();
        assert_eq!(
            store.get_setting("k").await.unwrap().as_deref(),
            Some("whole")
        );
    }

    #[tokio::test]
    async fn numbered_parameters_bind_by_their_number_not_their_order() {
        let folder = tempfile::tempdir().unwrap();
        let store = open(folder.path().join("d.db").to_str().unwrap())
            .await
            .unwrap();
        let mut conn = store.database().connection().await.unwrap();
        let sql = "INSERT INTO settings (value, key) VALUES ($2, $1)";
        conn.execute(sql, &[text_value("key"), text_value("value")])
            .await
            .unwrap();
        assert_eq!(
            store.get_setting("key").await.unwrap().as_deref(),
            Some("value")
        );
    }

    fn text_value(t: &str) -> Value {
        Value::Text(t.into())
    }

    #[tokio::test]
    async fn plain_paths_and_urls_open_a_durable_database() {
        let folder = tempfile::tempdir().unwrap();
        let nested = folder.path().join("a").join("b").join("plain.db");
        let store = open(nested.to_str().unwrap()).await.unwrap();
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
        let store = open(&url).await.unwrap();
        assert!(folder.path().join("c").join("url.db").exists());
        // Opening again finds the schema already migrated.
        store.put_setting("k", "v").await.unwrap();
        store.close().await;
        let again = open(&url).await.unwrap();
        assert_eq!(again.get_setting("k").await.unwrap().as_deref(), Some("v"));
    }

    #[tokio::test]
    async fn import_moves_the_audit_id_sequence_past_the_imported_ids() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("copy.db");
        let store = open(path.to_str().unwrap()).await.unwrap();
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
            .execute(store.database().pool())
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
            .fetch_all(store.database().pool())
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
                tokio::spawn(async move { open(&path).await })
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
