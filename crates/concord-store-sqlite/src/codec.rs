//! Conversions between row types and SQLite columns: ids are 16-byte BLOBs,
//! timestamps INTEGER unix microseconds, enums their `as_str` text.

use chrono::{DateTime, Utc};
use concord_store::{StoreError, StoreResult};
use sqlx::sqlite::SqliteRow;
use sqlx::{Decode, Row, Sqlite, Type};
use std::fmt::Display;
use std::str::FromStr;

/// Microseconds since the epoch: the precision both engines keep.
pub fn micros(at: &DateTime<Utc>) -> i64 {
    at.timestamp_micros()
}

pub fn micros_opt(at: &Option<DateTime<Utc>>) -> Option<i64> {
    at.as_ref().map(micros)
}

pub fn from_micros(micros: i64) -> StoreResult<DateTime<Utc>> {
    DateTime::from_timestamp_micros(micros)
        .ok_or_else(|| corrupt(format!("timestamp {micros} out of range")))
}

pub fn get<'r, T>(row: &'r SqliteRow, column: &str) -> StoreResult<T>
where
    T: Decode<'r, Sqlite> + Type<Sqlite>,
{
    row.try_get(column)
        .map_err(|e| corrupt(format!("column {column}: {e}")))
}

pub fn get_time(row: &SqliteRow, column: &str) -> StoreResult<DateTime<Utc>> {
    from_micros(get(row, column)?)
}

pub fn get_time_opt(row: &SqliteRow, column: &str) -> StoreResult<Option<DateTime<Utc>>> {
    get::<Option<i64>>(row, column)?
        .map(from_micros)
        .transpose()
}

/// Parses a stored enum name (sector, level, role...).
pub fn get_parsed<T>(row: &SqliteRow, column: &str) -> StoreResult<T>
where
    T: FromStr,
    T::Err: Display,
{
    let text: String = get(row, column)?;
    text.parse()
        .map_err(|e| corrupt(format!("column {column}: {e}")))
}

/// A stored value this version cannot read: the database was changed by
/// something else, or by a newer Concord.
pub fn corrupt(what: String) -> StoreError {
    StoreError::Backend(format!("unexpected value in the database: {what}"))
}
