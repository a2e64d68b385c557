//! What an engine provides: connections that run SQL text with bound
//! [`Value`]s and return [`Row`]s. Everything above this interface — every
//! query and row mapping — is written once for all engines.
//!
//! Queries use `$1, $2, …` placeholders on every engine. The interface is
//! per statement, not per row, so an engine may run statements on a
//! thread of its own (sqlx's SQLite worker today; a blocking pool with
//! rusqlite would fit the same interface).

use super::errors::DbResult;
use super::row::Row;
use super::value::Value;
use async_trait::async_trait;

/// A database: a pool of connections of one engine.
#[async_trait]
pub trait Database: Send + Sync + 'static {
    /// `sqlite` or `postgres`.
    fn engine(&self) -> &'static str;

    /// A connection outside any transaction: each statement commits alone.
    async fn connection(&self) -> DbResult<Box<dyn Connection>>;

    /// A write transaction. On SQLite it holds the database's one write
    /// lock from the start (`BEGIN IMMEDIATE`), so a transaction that reads
    /// before it writes cannot fail half-way with "database is locked"; on
    /// PostgreSQL it is READ COMMITTED, and what must not change under it is
    /// locked by the statements ([`crate::sql::Query::for_update`]) or by
    /// [`Connection::lock`].
    async fn begin_write(&self) -> DbResult<Box<dyn Connection>>;

    /// A read-only snapshot, for reads that take more than one statement (a
    /// page and its related rows, an export).
    async fn begin_read(&self) -> DbResult<Box<dyn Connection>>;

    /// After rows were deleted to forget someone: makes sure nothing of
    /// them stays behind in the engine's own files (SQLite's write-ahead
    /// log). Called after the deleting transaction commits.
    async fn shred_deleted(&self) -> DbResult<()>;

    /// Closes every connection.
    async fn close(&self);
}

/// One connection, inside a transaction or not. Dropping a transaction
/// without [`Connection::commit`] rolls it back.
#[async_trait]
pub trait Connection: Send {
    /// Runs a statement; returns the rows it changed.
    async fn execute(&mut self, sql: &str, args: &[Value]) -> DbResult<u64>;

    /// Runs a query; returns every row.
    async fn fetch_all(&mut self, sql: &str, args: &[Value]) -> DbResult<Vec<Row>>;

    /// Runs a query; returns its first row, if any.
    async fn fetch_optional(&mut self, sql: &str, args: &[Value]) -> DbResult<Option<Row>>;

    /// What a `SELECT` appends to lock the rows it reads until the
    /// transaction ends (PostgreSQL `FOR UPDATE`; nothing on SQLite, whose
    /// write transactions hold the whole database).
    fn row_lock_clause(&self) -> &'static str;

    /// Waits until no other transaction holds the lock named `name`, then
    /// holds it until this transaction ends (PostgreSQL advisory lock; on
    /// SQLite the write transaction already excludes every other writer).
    async fn lock(&mut self, name: &str) -> DbResult<()>;

    /// Like [`Connection::lock`] without waiting: false if someone else
    /// holds it.
    async fn try_lock(&mut self, name: &str) -> DbResult<bool>;

    /// Until this transaction ends, no other transaction may insert, update
    /// or delete rows of `tables` (reads go on). PostgreSQL: `LOCK TABLE …
    /// IN SHARE ROW EXCLUSIVE MODE`; SQLite's write transaction already
    /// excludes every other writer.
    async fn lock_tables_against_writes(&mut self, tables: &[&'static str]) -> DbResult<()>;

    /// Checks foreign keys when the transaction commits rather than per
    /// statement, for copying rows that refer to rows copied later.
    async fn defer_references(&mut self) -> DbResult<()>;

    /// After rows were inserted into `table` with explicit ids, moves the
    /// engine's id sequence past them (PostgreSQL identity columns; SQLite's
    /// AUTOINCREMENT follows explicit ids by itself).
    async fn resume_ids_after_import(&mut self, table: &'static str) -> DbResult<()>;

    /// Commits the transaction (nothing to do outside one).
    async fn commit(self: Box<Self>) -> DbResult<()>;

    /// Rolls the transaction back now, releasing its locks at once rather
    /// than when the connection is next used.
    async fn rollback(self: Box<Self>) -> DbResult<()>;
}

/// A boxed connection is a connection, so `&mut tx` passes where a
/// `&mut dyn Connection` is asked for.
#[async_trait]
impl<C: Connection + ?Sized> Connection for Box<C> {
    async fn execute(&mut self, sql: &str, args: &[Value]) -> DbResult<u64> {
        (**self).execute(sql, args).await
    }

    async fn fetch_all(&mut self, sql: &str, args: &[Value]) -> DbResult<Vec<Row>> {
        (**self).fetch_all(sql, args).await
    }

    async fn fetch_optional(&mut self, sql: &str, args: &[Value]) -> DbResult<Option<Row>> {
        (**self).fetch_optional(sql, args).await
    }

    fn row_lock_clause(&self) -> &'static str {
        (**self).row_lock_clause()
    }

    async fn lock(&mut self, name: &str) -> DbResult<()> {
        (**self).lock(name).await
    }

    async fn try_lock(&mut self, name: &str) -> DbResult<bool> {
        (**self).try_lock(name).await
    }

    async fn lock_tables_against_writes(&mut self, tables: &[&'static str]) -> DbResult<()> {
        (**self).lock_tables_against_writes(tables).await
    }

    async fn defer_references(&mut self) -> DbResult<()> {
        (**self).defer_references().await
    }

    async fn resume_ids_after_import(&mut self, table: &'static str) -> DbResult<()> {
        (**self).resume_ids_after_import(table).await
    }

    async fn commit(self: Box<Self>) -> DbResult<()> {
        (*self).commit().await
    }

    async fn rollback(self: Box<Self>) -> DbResult<()> {
        (*self).rollback().await
    }
}
