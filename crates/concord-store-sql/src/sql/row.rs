//! A row as an engine hands it over, and reading its columns into row types.

use super::value::{FromValue, Value};
use concord_store::{StoreError, StoreResult};
use std::fmt::Display;
use std::str::FromStr;
use std::sync::Arc;

/// One row of a result: its column names (shared by every row of the
/// result) and values.
#[derive(Debug, Clone)]
pub struct Row {
    columns: Arc<[String]>,
    values: Vec<Value>,
}

impl Row {
    pub fn new(columns: Arc<[String]>, values: Vec<Value>) -> Row {
        Row { columns, values }
    }

    /// The value of the named column (the first of that name).
    pub fn value(&self, column: &str) -> StoreResult<&Value> {
        self.columns
            .iter()
            .position(|name| name == column)
            .map(|i| &self.values[i])
            .ok_or_else(|| corrupt(format!("no column {column}")))
    }

    /// The value of the column at `index`, counted from 0.
    pub fn value_at(&self, index: usize) -> StoreResult<&Value> {
        self.values
            .get(index)
            .ok_or_else(|| corrupt(format!("no column {index}")))
    }
}

/// Reads a column as `T`.
pub fn get<T: FromValue>(row: &Row, column: &str) -> StoreResult<T> {
    T::from_value(row.value(column)?).map_err(|e| corrupt(format!("column {column}: {e}")))
}

/// Reads the column at `index` as `T` (for unnamed expressions).
pub fn get_at<T: FromValue>(row: &Row, index: usize) -> StoreResult<T> {
    T::from_value(row.value_at(index)?).map_err(|e| corrupt(format!("column {index}: {e}")))
}

/// Parses a stored enum name (sector, level, role...).
pub fn get_parsed<T>(row: &Row, column: &str) -> StoreResult<T>
where
    T: FromStr,
    T::Err: Display,
{
    let text: String = get(row, column)?;
    text.parse()
        .map_err(|e| corrupt(format!("column {column}: {e}")))
}

/// Parses a stored enum name that may be absent.
pub fn get_parsed_opt<T>(row: &Row, column: &str) -> StoreResult<Option<T>>
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

/// A set (or list) as its labels, in the order given.
pub fn labels<T: Display>(values: &[T]) -> Vec<String> {
    values.iter().map(ToString::to_string).collect()
}

/// Reads back a label list that may be NULL ("not recorded").
pub fn get_labels_opt<T>(row: &Row, column: &str) -> StoreResult<Option<Vec<T>>>
where
    T: FromStr,
    T::Err: Display,
{
    match get::<Option<Vec<String>>>(row, column)? {
        None => Ok(None),
        Some(values) => values
            .iter()
            .map(|label| {
                label
                    .parse()
                    .map_err(|e| corrupt(format!("column {column}: {e}")))
            })
            .collect::<StoreResult<Vec<T>>>()
            .map(Some),
    }
}

/// Reads back what [`labels`] wrote.
pub fn get_labels<T>(row: &Row, column: &str) -> StoreResult<Vec<T>>
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
