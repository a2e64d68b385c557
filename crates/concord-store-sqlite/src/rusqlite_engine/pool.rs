//! A small pool of rusqlite connections to one database file.
//!
//! At most `size` connections are leased at once (a semaphore); a returned
//! connection waits idle for the next lease. A lease dropped inside a
//! transaction — a request cancelled half-way, an error before commit —
//! rolls the transaction back before the connection is reused.

use super::errors::classify;
use concord_store_sql::sql::{DbError, DbResult};
use rusqlite::{Connection, OpenFlags};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// How each connection is opened.
#[derive(Debug, Clone)]
pub(crate) struct ConnectionSettings {
    pub path: PathBuf,
    pub busy_timeout: Duration,
    /// Prepared statements each connection keeps for reuse.
    pub statement_cache: usize,
}

impl ConnectionSettings {
    /// The same settings as the sqlx engine's: WAL, `synchronous=FULL`,
    /// foreign keys, `secure_delete`, the busy timeout.
    fn open(&self) -> rusqlite::Result<Connection> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(&self.path, flags)?;
        conn.busy_timeout(self.busy_timeout)?;
        conn.execute_batch(
            "PRAGMA journal_mode = WAL;
             PRAGMA synchronous = FULL;
             PRAGMA foreign_keys = ON;
             PRAGMA secure_delete = ON;",
        )?;
        conn.set_prepared_statement_cache_capacity(self.statement_cache);
        Ok(conn)
    }
}

/// Waiting longer than this for a free connection answers "unavailable",
/// like sqlx's pool.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(30);

pub(crate) struct ConnectionPool {
    settings: ConnectionSettings,
    idle: Mutex<Vec<Connection>>,
    leases: Arc<Semaphore>,
}

impl std::fmt::Debug for ConnectionPool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ConnectionPool")
            .field("path", &self.settings.path)
            .field("free", &self.leases.available_permits())
            .finish()
    }
}

impl ConnectionPool {
    pub fn new(settings: ConnectionSettings, size: usize) -> Arc<ConnectionPool> {
        Arc::new(ConnectionPool {
            settings,
            idle: Mutex::new(Vec::new()),
            leases: Arc::new(Semaphore::new(size)),
        })
    }

    /// A connection for this caller alone until the lease is dropped.
    pub async fn lease(self: &Arc<Self>) -> DbResult<Lease> {
        let permit = tokio::time::timeout(ACQUIRE_TIMEOUT, self.leases.clone().acquire_owned())
            .await
            .map_err(|_| unavailable("timed out waiting for a database connection"))?
            .map_err(|_| unavailable("the database is closed"))?;
        let conn = match self.take_idle() {
            Some(conn) => conn,
            None => {
                let settings = self.settings.clone();
                tokio::task::spawn_blocking(move || settings.open())
                    .await
                    .map_err(|e| unavailable(&format!("opening a connection: {e}")))?
                    .map_err(classify)?
            }
        };
        Ok(Lease {
            conn: Some(conn),
            pool: Arc::clone(self),
            _permit: permit,
        })
    }

    /// No new leases; idle connections close now, leased ones when returned.
    pub fn close(&self) {
        self.leases.close();
        self.idle_connections().clear();
    }

    fn take_idle(&self) -> Option<Connection> {
        self.idle_connections().pop()
    }

    fn give_back(&self, conn: Connection) {
        if !self.leases.is_closed() {
            self.idle_connections().push(conn);
        }
    }

    fn idle_connections(&self) -> std::sync::MutexGuard<'_, Vec<Connection>> {
        // A panic while holding the lock leaves the list itself intact.
        self.idle.lock().unwrap_or_else(|e| e.into_inner())
    }
}

fn unavailable(message: &str) -> DbError {
    DbError::Unavailable {
        message: message.to_string(),
    }
}

/// One leased connection.
pub(crate) struct Lease {
    conn: Option<Connection>,
    pool: Arc<ConnectionPool>,
    _permit: OwnedSemaphorePermit,
}

impl Lease {
    pub fn connection(&self) -> &Connection {
        self.conn
            .as_ref()
            .expect("a lease holds its connection until dropped")
    }
}

impl Drop for Lease {
    fn drop(&mut self) {
        let Some(conn) = self.conn.take() else {
            return;
        };
        if !conn.is_autocommit() && conn.execute_batch("ROLLBACK").is_err() {
            // A connection that cannot leave its transaction is not reused.
            return;
        }
        self.pool.give_back(conn);
    }
}
