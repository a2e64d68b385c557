//! Building and running statements: the same shape as sqlx's `query`,
//! `query_scalar` and `QueryBuilder`, over any engine's [`Connection`].
//!
//! ```ignore
//! let found = query("SELECT name FROM areas WHERE id = $1")
//!     .bind(id)
//!     .fetch_optional(db)
//!     .await?;
//! ```

use super::engine::{Connection, Database};
use super::errors::{DbError, DbResult};
use super::row::{Row, get_at};
use super::value::{FromValue, IntoValue, Value};
use concord_store::StoreResult;
use std::borrow::Cow;
use std::marker::PhantomData;

/// Where a statement runs: on a connection (perhaps in a transaction), or
/// on the database, taking any free connection for that one statement.
pub enum On<'c> {
    Database(&'c dyn Database),
    Connection(&'c mut dyn Connection),
}

impl<'c> From<&'c dyn Database> for On<'c> {
    fn from(db: &'c dyn Database) -> On<'c> {
        On::Database(db)
    }
}

impl<'c, 'o: 'c> From<&'c mut (dyn Connection + 'o)> for On<'c> {
    fn from(conn: &'c mut (dyn Connection + 'o)) -> On<'c> {
        On::Connection(conn)
    }
}

impl<'c> From<&'c mut Box<dyn Connection>> for On<'c> {
    fn from(conn: &'c mut Box<dyn Connection>) -> On<'c> {
        On::Connection(conn.as_mut())
    }
}

/// What a statement did.
#[derive(Debug, Clone, Copy)]
pub struct Done {
    rows_affected: u64,
}

impl Done {
    pub fn rows_affected(&self) -> u64 {
        self.rows_affected
    }
}

/// A statement with its bound values.
#[must_use = "a query does nothing until it is executed or fetched"]
pub struct Query {
    sql: Cow<'static, str>,
    args: Vec<Value>,
    lock_rows: bool,
}

/// A statement written with `$1, $2, …` placeholders.
pub fn query(sql: impl Into<Cow<'static, str>>) -> Query {
    Query {
        sql: sql.into(),
        args: Vec::new(),
        lock_rows: false,
    }
}

impl Query {
    /// Binds the next placeholder.
    pub fn bind(mut self, value: impl IntoValue) -> Query {
        self.args.push(value.into_value());
        self
    }

    /// Locks the rows this `SELECT` reads until the transaction ends, where
    /// the engine locks rows (see [`Connection::row_lock_clause`]).
    pub fn for_update(mut self) -> Query {
        self.lock_rows = true;
        self
    }

    fn sql_for(&self, conn: &dyn Connection) -> Cow<'_, str> {
        match conn.row_lock_clause() {
            clause if self.lock_rows && !clause.is_empty() => {
                Cow::Owned(format!("{}{clause}", self.sql))
            }
            _ => Cow::Borrowed(&self.sql),
        }
    }

    pub async fn execute<'c>(self, on: impl Into<On<'c>>) -> DbResult<Done> {
        let rows_affected = match on.into() {
            On::Database(db) => {
                let mut conn = db.connection().await?;
                conn.execute(&self.sql_for(conn.as_ref()), &self.args)
                    .await?
            }
            On::Connection(conn) => conn.execute(&self.sql_for(conn), &self.args).await?,
        };
        Ok(Done { rows_affected })
    }

    pub async fn fetch_all<'c>(self, on: impl Into<On<'c>>) -> DbResult<Vec<Row>> {
        match on.into() {
            On::Database(db) => {
                let mut conn = db.connection().await?;
                conn.fetch_all(&self.sql_for(conn.as_ref()), &self.args)
                    .await
            }
            On::Connection(conn) => conn.fetch_all(&self.sql_for(conn), &self.args).await,
        }
    }

    pub async fn fetch_optional<'c>(self, on: impl Into<On<'c>>) -> DbResult<Option<Row>> {
        match on.into() {
            On::Database(db) => {
                let mut conn = db.connection().await?;
                conn.fetch_optional(&self.sql_for(conn.as_ref()), &self.args)
                    .await
            }
            On::Connection(conn) => conn.fetch_optional(&self.sql_for(conn), &self.args).await,
        }
    }

    /// The first row; `RowNotFound` if there is none.
    pub async fn fetch_one<'c>(self, on: impl Into<On<'c>>) -> DbResult<Row> {
        self.fetch_optional(on).await?.ok_or(DbError::RowNotFound)
    }
}

/// A query whose rows are one value each (the first column).
#[must_use = "a query does nothing until it is fetched"]
pub struct QueryScalar<T> {
    query: Query,
    _value: PhantomData<fn() -> T>,
}

/// A query read as the value of its first column.
pub fn query_scalar<T: FromValue>(sql: impl Into<Cow<'static, str>>) -> QueryScalar<T> {
    QueryScalar {
        query: query(sql),
        _value: PhantomData,
    }
}

impl<T: FromValue> QueryScalar<T> {
    pub fn bind(mut self, value: impl IntoValue) -> QueryScalar<T> {
        self.query = self.query.bind(value);
        self
    }

    pub fn for_update(mut self) -> QueryScalar<T> {
        self.query = self.query.for_update();
        self
    }

    pub async fn fetch_one<'c>(self, on: impl Into<On<'c>>) -> StoreResult<T> {
        get_at(&self.query.fetch_one(on).await?, 0)
    }

    pub async fn fetch_optional<'c>(self, on: impl Into<On<'c>>) -> StoreResult<Option<T>> {
        match self.query.fetch_optional(on).await? {
            Some(row) => get_at(&row, 0).map(Some),
            None => Ok(None),
        }
    }

    pub async fn fetch_all<'c>(self, on: impl Into<On<'c>>) -> StoreResult<Vec<T>> {
        let rows = self.query.fetch_all(on).await?;
        rows.iter().map(|row| get_at(row, 0)).collect()
    }
}

/// A row read as a tuple of its first columns.
pub trait FromRow: Sized {
    fn from_row(row: &Row) -> StoreResult<Self>;
}

impl<A: FromValue, B: FromValue> FromRow for (A, B) {
    fn from_row(row: &Row) -> StoreResult<Self> {
        Ok((get_at(row, 0)?, get_at(row, 1)?))
    }
}

impl<A: FromValue, B: FromValue, C: FromValue> FromRow for (A, B, C) {
    fn from_row(row: &Row) -> StoreResult<Self> {
        Ok((get_at(row, 0)?, get_at(row, 1)?, get_at(row, 2)?))
    }
}

/// A query whose rows are read as tuples.
#[must_use = "a query does nothing until it is fetched"]
pub struct QueryAs<T> {
    query: Query,
    _row: PhantomData<fn() -> T>,
}

pub fn query_as<T: FromRow>(sql: impl Into<Cow<'static, str>>) -> QueryAs<T> {
    QueryAs {
        query: query(sql),
        _row: PhantomData,
    }
}

impl<T: FromRow> QueryAs<T> {
    pub fn bind(mut self, value: impl IntoValue) -> QueryAs<T> {
        self.query = self.query.bind(value);
        self
    }

    pub async fn fetch_one<'c>(self, on: impl Into<On<'c>>) -> StoreResult<T> {
        T::from_row(&self.query.fetch_one(on).await?)
    }

    pub async fn fetch_optional<'c>(self, on: impl Into<On<'c>>) -> StoreResult<Option<T>> {
        self.query
            .fetch_optional(on)
            .await?
            .as_ref()
            .map(T::from_row)
            .transpose()
    }

    pub async fn fetch_all<'c>(self, on: impl Into<On<'c>>) -> StoreResult<Vec<T>> {
        let rows = self.query.fetch_all(on).await?;
        rows.iter().map(T::from_row).collect()
    }
}

/// A statement put together piece by piece (filters that depend on the
/// request, lists of values): each bound value gets the next `$N`.
pub struct QueryBuilder {
    sql: String,
    args: Vec<Value>,
}

impl QueryBuilder {
    pub fn new(init: impl AsRef<str>) -> QueryBuilder {
        QueryBuilder {
            sql: init.as_ref().to_string(),
            args: Vec::new(),
        }
    }

    pub fn push(&mut self, sql: impl AsRef<str>) -> &mut QueryBuilder {
        self.sql.push_str(sql.as_ref());
        self
    }

    pub fn push_bind(&mut self, value: impl IntoValue) -> &mut QueryBuilder {
        self.args.push(value.into_value());
        self.sql.push('$');
        self.sql.push_str(&self.args.len().to_string());
        self
    }

    /// Binds the next placeholder already written in the text (`$1` in
    /// `new("… WHERE a = $1 AND b IN ")`): numbering goes on from there.
    pub fn bind_next(&mut self, value: impl IntoValue) -> &mut QueryBuilder {
        self.args.push(value.into_value());
        self
    }

    /// `(<$a>, <$b>, …)` for `IN`; `(NULL)` for no values, which matches
    /// nothing.
    pub fn push_list<V: IntoValue>(
        &mut self,
        values: impl IntoIterator<Item = V>,
    ) -> &mut QueryBuilder {
        self.sql.push('(');
        let mut any = false;
        for value in values {
            if any {
                self.sql.push_str(", ");
            }
            self.push_bind(value);
            any = true;
        }
        if !any {
            self.sql.push_str("NULL");
        }
        self.sql.push(')');
        self
    }

    /// Pieces separated by `separator`.
    pub fn separated(&mut self, separator: &'static str) -> Separated<'_> {
        Separated {
            builder: self,
            separator,
            first: true,
        }
    }

    /// The statement as built so far.
    pub fn sql(&self) -> &str {
        &self.sql
    }

    pub fn build(self) -> Query {
        Query {
            sql: Cow::Owned(self.sql),
            args: self.args,
            lock_rows: false,
        }
    }

    pub fn build_query_scalar<T: FromValue>(self) -> QueryScalar<T> {
        QueryScalar {
            query: self.build(),
            _value: PhantomData,
        }
    }
}

/// Pieces of a [`QueryBuilder`] with a separator between them.
pub struct Separated<'b> {
    builder: &'b mut QueryBuilder,
    separator: &'static str,
    first: bool,
}

impl Separated<'_> {
    fn separate(&mut self) {
        if !self.first {
            self.builder.sql.push_str(self.separator);
        }
        self.first = false;
    }

    pub fn push(&mut self, sql: impl AsRef<str>) -> &mut Self {
        self.separate();
        self.builder.push(sql);
        self
    }

    pub fn push_bind(&mut self, value: impl IntoValue) -> &mut Self {
        self.separate();
        self.builder.push_bind(value);
        self
    }

    pub fn push_unseparated(&mut self, sql: impl AsRef<str>) -> &mut Self {
        self.builder.push(sql);
        self
    }

    pub fn push_bind_unseparated(&mut self, value: impl IntoValue) -> &mut Self {
        self.builder.push_bind(value);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bound_values_are_numbered_in_order() {
        let mut q = QueryBuilder::new("SELECT * FROM t WHERE a = ");
        q.push_bind(1_i64).push(" AND b IN ").push_list(["x", "y"]);
        assert_eq!(q.sql(), "SELECT * FROM t WHERE a = $1 AND b IN ($2, $3)");
        let mut empty = QueryBuilder::new("x IN ");
        empty.push_list(Vec::<i64>::new());
        assert_eq!(empty.sql(), "x IN (NULL)");
        let mut list = QueryBuilder::new("VALUES (");
        let mut s = list.separated(", ");
        s.push_bind(1_i64).push_bind(2_i64).push_unseparated(")");
        assert_eq!(list.sql(), "VALUES ($1, $2)");
    }
}
