//! Concord's values in SQLite's column types, and back.
//!
//! SQLite has five storage classes; Concord stores ids as 16-byte BLOBs,
//! instants as INTEGER unix microseconds (the precision both engines keep),
//! booleans as 0/1, dates and times of day as ISO text (text order is time
//! order) and label sets as JSON arrays of their labels. Reading back, a
//! column is handed over in its storage class and `concord-store-sql`'s
//! `FromValue` reads the type the row mapping asks for.

use concord_store_sql::sql::value::{DATE_FORMAT, TIME_FORMAT};
use concord_store_sql::sql::{Kind, Row, Value};
use sqlx::query::Query;
use sqlx::sqlite::{SqliteArguments, SqliteRow, SqliteValueRef};
use sqlx::{Column, Row as _, Sqlite, TypeInfo, ValueRef};
use std::sync::Arc;

/// Binds `args` to `$1, $2, …` in order.
pub fn bind_all<'q>(
    mut query: Query<'q, Sqlite, SqliteArguments>,
    args: &[Value],
) -> Query<'q, Sqlite, SqliteArguments> {
    for arg in args {
        query = match arg {
            Value::Null(_) => query.bind(None::<i64>),
            Value::Bool(b) => query.bind(i64::from(*b)),
            Value::Int(i) => query.bind(*i),
            Value::Float(f) => query.bind(*f),
            Value::Text(t) => query.bind(t.clone()),
            Value::Bytes(b) => query.bind(b.clone()),
            Value::Uuid(u) => query.bind(*u),
            Value::Instant(t) => query.bind(t.timestamp_micros()),
            Value::Date(d) => query.bind(d.format(DATE_FORMAT).to_string()),
            Value::Time(t) => query.bind(t.format(TIME_FORMAT).to_string()),
            Value::Labels(labels) => {
                query.bind(serde_json::Value::from(labels.clone()).to_string())
            }
        };
    }
    query
}

/// The column names of a result, shared by its rows.
pub fn column_names(row: &SqliteRow) -> Arc<[String]> {
    row.columns().iter().map(|c| c.name().to_string()).collect()
}

/// A row in its columns' storage classes.
pub fn row_from(row: &SqliteRow, columns: &Arc<[String]>) -> Result<Row, sqlx::Error> {
    let values = (0..columns.len())
        .map(|i| value_from(row.try_get_raw(i)?))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Row::new(Arc::clone(columns), values))
}

fn value_from(raw: SqliteValueRef<'_>) -> Result<Value, sqlx::Error> {
    if raw.is_null() {
        return Ok(Value::Null(Kind::Text));
    }
    // The storage class of this value (not the column's declared type).
    let class = raw.type_info().name().to_string();
    Ok(match class.as_str() {
        "INTEGER" => Value::Int(decode(raw)?),
        "REAL" => Value::Float(decode(raw)?),
        "TEXT" => Value::Text(decode(raw)?),
        "BLOB" => Value::Bytes(decode(raw)?),
        other => {
            return Err(sqlx::Error::Decode(
                format!("unexpected SQLite storage class {other}").into(),
            ));
        }
    })
}

fn decode<'r, T: sqlx::Decode<'r, Sqlite>>(raw: SqliteValueRef<'r>) -> Result<T, sqlx::Error> {
    T::decode(raw).map_err(sqlx::Error::Decode)
}
