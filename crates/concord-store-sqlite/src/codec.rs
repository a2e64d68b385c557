//! Conversions between row types and SQLite columns: ids are 16-byte BLOBs,
//! timestamps INTEGER unix microseconds, enums their `as_str` text, calendar
//! dates and times of day ISO text, sets JSON arrays of labels.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
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

/// Parses a stored enum name that may be absent.
pub fn get_parsed_opt<T>(row: &SqliteRow, column: &str) -> StoreResult<Option<T>>
where
    T: FromStr,
    T::Err: Display,
{
    get::<Option<String>>(row, column)?
        .map(|text| {
            text.parse()
                .map_err(|e| corrupt(format!("column {column}: {e}")))
        })
        .transpose()
}

const DATE_FORMAT: &str = "%Y-%m-%d";
/// Microseconds, the precision timestamps keep too.
const TIME_FORMAT: &str = "%H:%M:%S%.6f";

/// `YYYY-MM-DD`: text order is date order.
pub fn date_text(date: &NaiveDate) -> String {
    date.format(DATE_FORMAT).to_string()
}

pub fn get_date(row: &SqliteRow, column: &str) -> StoreResult<NaiveDate> {
    let text: String = get(row, column)?;
    NaiveDate::parse_from_str(&text, DATE_FORMAT)
        .map_err(|e| corrupt(format!("column {column}: {e}")))
}

/// `HH:MM:SS.ffffff`.
pub fn time_text(time: &NaiveTime) -> String {
    time.format(TIME_FORMAT).to_string()
}

pub fn get_time_of_day_opt(row: &SqliteRow, column: &str) -> StoreResult<Option<NaiveTime>> {
    get::<Option<String>>(row, column)?
        .map(|text| {
            NaiveTime::parse_from_str(&text, "%H:%M:%S%.f")
                .map_err(|e| corrupt(format!("column {column}: {e}")))
        })
        .transpose()
}

/// A set (or list) as a JSON array of its labels, in the order given.
pub fn labels_json<T: Display>(values: &[T]) -> String {
    let labels: Vec<String> = values.iter().map(ToString::to_string).collect();
    serde_json::Value::from(labels).to_string()
}

/// Reads back what [`labels_json`] wrote.
pub fn get_labels<T>(row: &SqliteRow, column: &str) -> StoreResult<Vec<T>>
where
    T: FromStr,
    T::Err: Display,
{
    let text: String = get(row, column)?;
    let labels: Vec<String> =
        serde_json::from_str(&text).map_err(|e| corrupt(format!("column {column}: {e}")))?;
    labels
        .iter()
        .map(|label| {
            label
                .parse()
                .map_err(|e| corrupt(format!("column {column}: {e}")))
        })
        .collect()
}

/// A stored value this version cannot read: the database was changed by
/// something else, or by a newer Concord.
pub fn corrupt(what: String) -> StoreError {
    StoreError::Backend(format!("unexpected value in the database: {what}"))
}
