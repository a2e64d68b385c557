//! PostgreSQL connections and transactions behind `concord-store-sql`'s
//! engine interface.

use crate::errors::classify;
use crate::values::{bind_all, column_names, row_from};
use async_trait::async_trait;
use concord_store_sql::sql::{Connection, Database, DbResult, Row, Value};
use sqlx::pool::PoolConnection;
use sqlx::{AssertSqlSafe, PgConnection, PgPool, Postgres, Transaction};

/// A PostgreSQL database and this instance's pool of connections to it.
#[derive(Debug, Clone)]
pub struct PostgresDatabase {
    pool: PgPool,
}

impl PostgresDatabase {
    pub(crate) fn new(pool: PgPool) -> PostgresDatabase {
        PostgresDatabase { pool }
    }

    /// The connection pool, for tools that need PostgreSQL itself.
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }
}

#[async_trait]
impl Database for PostgresDatabase {
    fn engine(&self) -> &'static str {
        "postgres"
    }

    async fn connection(&self) -> DbResult<Box<dyn Connection>> {
        let conn = self.pool.acquire().await.map_err(classify)?;
        Ok(Box::new(PgConn::Pooled(conn)))
    }

    /// READ COMMITTED is enough: every change either locks the row it
    /// depends on first (`for_update`, or an UPDATE of it), is a single
    /// conditional statement, or holds a named lock.
    async fn begin_write(&self) -> DbResult<Box<dyn Connection>> {
        let tx = self.pool.begin().await.map_err(classify)?;
        Ok(Box::new(PgConn::Transaction(tx)))
    }

    async fn begin_read(&self) -> DbResult<Box<dyn Connection>> {
        let tx = self
            .pool
            .begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            .await
            .map_err(classify)?;
        Ok(Box::new(PgConn::Transaction(tx)))
    }

    /// Deleted rows are gone for every reader at commit; their space is
    /// reclaimed by autovacuum, and backups are shredded by deleting the
    /// agency's data key.
    async fn shred_deleted(&self) -> DbResult<()> {
        Ok(())
    }

    async fn close(&self) {
        self.pool.close().await;
    }
}

/// A pooled connection, in a transaction or not.
enum PgConn {
    Pooled(PoolConnection<Postgres>),
    Transaction(Transaction<'static, Postgres>),
}

impl PgConn {
    fn raw(&mut self) -> &mut PgConnection {
        match self {
            PgConn::Pooled(conn) => conn,
            PgConn::Transaction(tx) => tx,
        }
    }
}

fn statement<'q>(
    sql: &str,
    args: &[Value],
) -> sqlx::query::Query<'q, Postgres, sqlx::postgres::PgArguments> {
    bind_all(sqlx::query(AssertSqlSafe(sql.to_string())), args)
}

#[async_trait]
impl Connection for PgConn {
    async fn execute(&mut self, sql: &str, args: &[Value]) -> DbResult<u64> {
        let done = statement(sql, args)
            .execute(self.raw())
            .await
            .map_err(classify)?;
        Ok(done.rows_affected())
    }

    async fn fetch_all(&mut self, sql: &str, args: &[Value]) -> DbResult<Vec<Row>> {
        let rows = statement(sql, args)
            .fetch_all(self.raw())
            .await
            .map_err(classify)?;
        let Some(first) = rows.first() else {
            return Ok(Vec::new());
        };
        let columns = column_names(first);
        rows.iter()
            .map(|row| row_from(row, &columns).map_err(classify))
            .collect()
    }

    async fn fetch_optional(&mut self, sql: &str, args: &[Value]) -> DbResult<Option<Row>> {
        let row = statement(sql, args)
            .fetch_optional(self.raw())
            .await
            .map_err(classify)?;
        row.map(|row| row_from(&row, &column_names(&row)).map_err(classify))
            .transpose()
    }

    fn row_lock_clause(&self) -> &'static str {
        " FOR UPDATE"
    }

    /// A transaction-scoped advisory lock keyed by the name's 64-bit hash.
    async fn lock(&mut self, name: &str) -> DbResult<()> {
        self.execute(
            "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))",
            &[Value::Text(name.to_string())],
        )
        .await?;
        Ok(())
    }

    async fn try_lock(&mut self, name: &str) -> DbResult<bool> {
        let row = self
            .fetch_optional(
                "SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0))",
                &[Value::Text(name.to_string())],
            )
            .await?;
        Ok(matches!(
            row.as_ref().map(|row| row.value_at(0)),
            Some(Ok(Value::Bool(true)))
        ))
    }

    async fn lock_tables_against_writes(&mut self, tables: &[&'static str]) -> DbResult<()> {
        // The names are literals of concord-store-sql, never input.
        let sql = format!(
            "LOCK TABLE {} IN SHARE ROW EXCLUSIVE MODE",
            tables.join(", ")
        );
        self.execute(&sql, &[]).await?;
        Ok(())
    }

    async fn defer_references(&mut self) -> DbResult<()> {
        self.execute("SET CONSTRAINTS ALL DEFERRED", &[]).await?;
        Ok(())
    }

    /// Explicit ids bypass the identity sequence: move it past them.
    async fn resume_ids_after_import(&mut self, table: &'static str) -> DbResult<()> {
        let sql = format!(
            "SELECT setval(pg_get_serial_sequence('{table}', 'id'),
                           COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
        );
        self.execute(&sql, &[]).await?;
        Ok(())
    }

    async fn commit(self: Box<Self>) -> DbResult<()> {
        match *self {
            PgConn::Pooled(_) => Ok(()),
            PgConn::Transaction(tx) => tx.commit().await.map_err(classify),
        }
    }

    async fn rollback(self: Box<Self>) -> DbResult<()> {
        match *self {
            PgConn::Pooled(_) => Ok(()),
            PgConn::Transaction(tx) => tx.rollback().await.map_err(classify),
        }
    }
}
