//! Concord's storage engine for large deployments: PostgreSQL through sqlx.
//!
//! Several `concord serve` instances may share one database. Nothing is
//! cached in process; the one piece of background work that must not run
//! twice at once, sealing the audit log, is guarded by a transaction-scoped
//! advisory lock, and so is counting one account's sign-in attempts.
//! Migrations run under sqlx's own advisory lock (taken before it even looks
//! at its bookkeeping table), so instances starting together apply each
//! migration once.

//!
//! The queries are `concord-store-sql`'s, the same for every engine; this
//! crate connects, migrates, and adapts values ([`values`]: native uuid,
//! timestamptz, date, time, text[]), errors and locking to PostgreSQL.

mod connection;
mod errors;
mod values;

use concord_store::{StoreError, StoreResult};
use concord_store_sql::SqlStore;
pub use connection::PostgresDatabase;
use errors::classify;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{ConnectOptions, Connection, PgConnection};
use std::str::FromStr;
use uuid::Uuid;

fn db(error: sqlx::Error) -> StoreError {
    StoreError::from(classify(error))
}

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!();

/// Connections per instance. Requests are short; a deployment with many
/// instances must keep instances × this under the server's max_connections.
const MAX_CONNECTIONS: u32 = 10;

/// The store on a PostgreSQL database.
pub type PostgresStore = SqlStore<PostgresDatabase>;

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
    Ok(SqlStore::new(PostgresDatabase::new(pool)))
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

#[cfg(test)]
mod tests {
    use super::*;
    use concord_store::Store;

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
                tokio::spawn(async move { connect(&url).await })
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
        let one = connect(&first).await.unwrap();
        let other = connect(&second).await.unwrap();
        one.put_setting("k", "v").await.unwrap();
        assert_eq!(other.get_setting("k").await.unwrap(), None);
    }
}
