//! Reading columns of PostgreSQL rows into row types. Native types carry
//! most values (uuid, timestamptz, date, time, bytea, boolean); enums are
//! their `as_str` text, sets text[] of those labels.

use concord_store::{StoreError, StoreResult};
use sqlx::postgres::PgRow;
use sqlx::{Decode, Postgres, Row, Type};
use std::fmt::Display;
use std::str::FromStr;

pub fn get<'r, T>(row: &'r PgRow, column: &str) -> StoreResult<T>
where
    T: Decode<'r, Postgres> + Type<Postgres>,
{
    row.try_get(column)
        .map_err(|e| corrupt(format!("column {column}: {e}")))
}

/// Parses a stored enum name (sector, level, role...).
pub fn get_parsed<T>(row: &PgRow, column: &str) -> StoreResult<T>
where
    T: FromStr,
    T::Err: Display,
{
    let text: String = get(row, column)?;
    text.parse()
        .map_err(|e| corrupt(format!("column {column}: {e}")))
}

/// Parses a stored enum name that may be absent.
pub fn get_parsed_opt<T>(row: &PgRow, column: &str) -> StoreResult<Option<T>>
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

/// A set (or list) as the text[] of its labels, in the order given.
pub fn labels<T: Display>(values: &[T]) -> Vec<String> {
    values.iter().map(ToString::to_string).collect()
}

/// Reads back what [`labels`] wrote.
pub fn get_labels<T>(row: &PgRow, column: &str) -> StoreResult<Vec<T>>
where
    T: FromStr,
    T::Err: Display,
{
    get::<Vec<String>>(row, column)?
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
