//! SQLite connections and transactions behind `concord-store-sql`'s
//! engine interface, through either driver: rusqlite (the default, see
//! [`crate::rusqlite_engine`]) or sqlx.

use crate::errors::classify;
use crate::rusqlite_engine::{ConnectionPool, NativeConn};
use crate::values::{bind_all, column_names, row_from};
use async_trait::async_trait;
use concord_store_sql::sql::{Connection, Database, DbResult, Row, Value};
use sqlx::pool::PoolConnection;
use sqlx::{AssertSqlSafe, Sqlite, SqliteConnection, SqlitePool, Transaction};
use std::sync::Arc;

/// A SQLite database file and its pool of connections.
#[derive(Debug, Clone)]
pub struct SqliteDatabase {
    /// sqlx's pool: the store's connections when sqlx is the driver;
    /// otherwise opened only when a tool asks for [`SqliteDatabase::pool`].
    pool: SqlitePool,
    /// The store's connections when rusqlite is the driver.
    native: Option<Arc<ConnectionPool>>,
}

impl SqliteDatabase {
    pub(crate) fn sqlx(pool: SqlitePool) -> SqliteDatabase {
        SqliteDatabase { pool, native: None }
    }

    pub(crate) fn rusqlite(native: Arc<ConnectionPool>, tools: SqlitePool) -> SqliteDatabase {
        SqliteDatabase {
            pool: tools,
            native: Some(native),
        }
    }

    /// A sqlx pool on the same file, for tools and tests that need SQLite
    /// itself.
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// `rusqlite` or `sqlx`.
    pub fn driver(&self) -> &'static str {
        if self.native.is_some() {
            "rusqlite"
        } else {
            "sqlx"
        }
    }

    async fn native_connection(native: &Arc<ConnectionPool>) -> DbResult<NativeConn> {
        Ok(NativeConn::new(native.lease().await?))
    }
}

#[async_trait]
impl Database for SqliteDatabase {
    fn engine(&self) -> &'static str {
        "sqlite"
    }

    async fn connection(&self) -> DbResult<Box<dyn Connection>> {
        if let Some(native) = &self.native {
            return Ok(Box::new(Self::native_connection(native).await?));
        }
        let conn = self.pool.acquire().await.map_err(classify)?;
        Ok(Box::new(SqliteConn::Pooled(conn)))
    }

    /// `BEGIN IMMEDIATE` takes SQLite's single write lock up front: a
    /// deferred transaction that reads first and writes later can fail with
    /// `SQLITE_BUSY` when another writer got in between, and that failure
    /// cannot be waited out. Holding the whole database, it also stands in
    /// for row locks and advisory locks.
    async fn begin_write(&self) -> DbResult<Box<dyn Connection>> {
        if let Some(native) = &self.native {
            let mut conn = Self::native_connection(native).await?;
            conn.batch("BEGIN IMMEDIATE").await?;
            return Ok(Box::new(conn));
        }
        let tx = self
            .pool
            .begin_with("BEGIN IMMEDIATE")
            .await
            .map_err(classify)?;
        Ok(Box::new(SqliteConn::Transaction(tx)))
    }

    /// A deferred transaction reads one snapshot of the WAL throughout.
    async fn begin_read(&self) -> DbResult<Box<dyn Connection>> {
        if let Some(native) = &self.native {
            let mut conn = Self::native_connection(native).await?;
            conn.batch("BEGIN").await?;
            return Ok(Box::new(conn));
        }
        let tx = self.pool.begin().await.map_err(classify)?;
        Ok(Box::new(SqliteConn::Transaction(tx)))
    }

    /// The write-ahead log still holds the pages as they were before the
    /// delete; copying it into the file and truncating it leaves nothing of
    /// her behind (`secure_delete` zeroes the freed pages). If a reader
    /// holds the log open the checkpoint is partial; the next purge or
    /// SQLite's own checkpoints finish it.
    async fn shred_deleted(&self) -> DbResult<()> {
        if let Some(native) = &self.native {
            let mut conn = Self::native_connection(native).await?;
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)", &[]).await?;
            return Ok(());
        }
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(&self.pool)
            .await
            .map_err(classify)?;
        Ok(())
    }

    async fn close(&self) {
        if let Some(native) = &self.native {
            native.close();
        }
        self.pool.close().await;
    }
}

/// A pooled connection, in a transaction or not.
enum SqliteConn {
    Pooled(PoolConnection<Sqlite>),
    Transaction(Transaction<'static, Sqlite>),
}

impl SqliteConn {
    fn raw(&mut self) -> &mut SqliteConnection {
        match self {
            SqliteConn::Pooled(conn) => conn,
            SqliteConn::Transaction(tx) => tx,
        }
    }
}

fn statement<'q>(
    sql: &str,
    args: &[Value],
) -> sqlx::query::Query<'q, Sqlite, sqlx::sqlite::SqliteArguments> {
    bind_all(sqlx::query(AssertSqlSafe(sql.to_string())), args)
}

#[async_trait]
impl Connection for SqliteConn {
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
        self.execute("PRAGMA defer_foreign_keys = ON", &[]).await?;
        Ok(())
    }

    /// AUTOINCREMENT: an explicit id above `sqlite_sequence` moves it up.
    async fn resume_ids_after_import(&mut self, _table: &'static str) -> DbResult<()> {
        Ok(())
    }

    async fn commit(self: Box<Self>) -> DbResult<()> {
        match *self {
            SqliteConn::Pooled(_) => Ok(()),
            SqliteConn::Transaction(tx) => tx.commit().await.map_err(classify),
        }
    }

    async fn rollback(self: Box<Self>) -> DbResult<()> {
        match *self {
            SqliteConn::Pooled(_) => Ok(()),
            SqliteConn::Transaction(tx) => tx.rollback().await.map_err(classify),
        }
    }
}
