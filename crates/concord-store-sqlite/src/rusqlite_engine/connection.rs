//! A leased rusqlite connection behind `concord-store-sql`'s `Connection`:
//! each statement runs whole on a blocking thread.

use super::errors::classify;
use super::pool::Lease;
use super::values::{bind_all, column_names, read_rows};
use async_trait::async_trait;
use concord_store_sql::sql::{Connection, DbError, DbResult, Row, Value};

/// A leased connection, in a transaction or not. Dropped without
/// [`Connection::commit`], its lease rolls the transaction back.
pub(crate) struct NativeConn {
    /// Away on a blocking thread while a statement runs; gone if the
    /// caller stopped waiting for one (the lease then rolls back).
    lease: Option<Lease>,
}

impl NativeConn {
    pub fn new(lease: Lease) -> NativeConn {
        NativeConn { lease: Some(lease) }
    }

    /// Runs `job` on the connection on a blocking thread.
    pub async fn run<T, F>(&mut self, job: F) -> DbResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&rusqlite::Connection) -> rusqlite::Result<T> + Send + 'static,
    {
        let lease = self.lease.take().ok_or_else(|| DbError::Unavailable {
            message: "the connection was lost with a cancelled statement".into(),
        })?;
        let (lease, result) = tokio::task::spawn_blocking(move || {
            let result = job(lease.connection());
            (lease, result)
        })
        .await
        .map_err(|e| DbError::Other {
            code: None,
            message: format!("a database statement did not finish: {e}"),
        })?;
        self.lease = Some(lease);
        result.map_err(classify)
    }

    /// Runs a statement that returns rows (at most `limit`).
    async fn query(
        &mut self,
        sql: &str,
        args: &[Value],
        limit: Option<usize>,
    ) -> DbResult<Vec<Row>> {
        let (sql, args) = (sql.to_string(), args.to_vec());
        self.run(move |conn| {
            let mut statement = conn.prepare_cached(&sql)?;
            bind_all(&mut statement, &args)?;
            let columns = column_names(&statement);
            read_rows(statement.raw_query(), &columns, limit)
        })
        .await
    }

    /// Runs a control statement (`BEGIN`, `COMMIT`, `PRAGMA …`).
    pub async fn batch(&mut self, sql: &'static str) -> DbResult<()> {
        self.run(move |conn| conn.execute_batch(sql)).await
    }
}

#[async_trait]
impl Connection for NativeConn {
    async fn execute(&mut self, sql: &str, args: &[Value]) -> DbResult<u64> {
        let (sql, args) = (sql.to_string(), args.to_vec());
        self.run(move |conn| {
            let mut statement = conn.prepare_cached(&sql)?;
            bind_all(&mut statement, &args)?;
            // Stepped to the end, so a statement with RETURNING or a
            // PRAGMA that answers with a row runs whole too.
            let mut rows = statement.raw_query();
            while rows.next()?.is_some() {}
            Ok(conn.changes())
        })
        .await
    }

    async fn fetch_all(&mut self, sql: &str, args: &[Value]) -> DbResult<Vec<Row>> {
        self.query(sql, args, None).await
    }

    async fn fetch_optional(&mut self, sql: &str, args: &[Value]) -> DbResult<Option<Row>> {
        Ok(self.query(sql, args, Some(1)).await?.into_iter().next())
    }

    fn row_lock_clause(&self) -> &'static str {
        ""
    }

    /// The write transaction already excludes every other writer.
    async fn lock(&mut self, _name: &str) -> DbResult<()> {
        Ok(())
    }

    async fn try_lock(&mut self, _name: &str) -> DbResult<bool> {
        Ok(true)
    }

    async fn lock_tables_against_writes(&mut self, _tables: &[&'static str]) -> DbResult<()> {
        Ok(())
    }

    async fn defer_references(&mut self) -> DbResult<()> {
        self.batch("PRAGMA defer_foreign_keys = ON").await
    }

    /// AUTOINCREMENT: an explicit id above `sqlite_sequence` moves it up.
    async fn resume_ids_after_import(&mut self, _table: &'static str) -> DbResult<()> {
        Ok(())
    }

    async fn commit(mut self: Box<Self>) -> DbResult<()> {
        self.run(|conn| {
            if conn.is_autocommit() {
                Ok(())
            } else {
                conn.execute_batch("COMMIT")
            }
        })
        .await
    }

    async fn rollback(mut self: Box<Self>) -> DbResult<()> {
        self.run(|conn| {
            if conn.is_autocommit() {
                Ok(())
            } else {
                conn.execute_batch("ROLLBACK")
            }
        })
        .await
    }
}
