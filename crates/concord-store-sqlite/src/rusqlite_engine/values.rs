//! Concord's values bound to and read from rusqlite statements, in the same
//! storage classes as the sqlx engine's (`crate::values`): ids as 16-byte
//! BLOBs, instants as INTEGER unix microseconds, booleans as 0/1, dates and
//! times of day as ISO text, label sets as JSON arrays.

use concord_store_sql::sql::value::{DATE_FORMAT, TIME_FORMAT};
use concord_store_sql::sql::{Kind, Row, Value};
use rusqlite::types::{ToSqlOutput, Value as Sqlite, ValueRef};
use rusqlite::{Rows, Statement};
use std::sync::Arc;

/// Binds `args` to the statement's `$N` parameters. SQLite numbers named
/// parameters in order of first appearance, so `$2` may be parameter 1:
/// each is bound by the number in its name, as sqlx does.
pub(crate) fn bind_all(statement: &mut Statement<'_>, args: &[Value]) -> rusqlite::Result<()> {
    for index in 1..=statement.parameter_count() {
        let position = statement
            .parameter_name(index)
            .and_then(|name| name[1..].parse::<usize>().ok())
            .unwrap_or(index);
        let arg = args
            .get(position - 1)
            .ok_or(rusqlite::Error::InvalidParameterCount(position, args.len()))?;
        statement.raw_bind_parameter(index, to_sql(arg))?;
    }
    Ok(())
}

fn to_sql(arg: &Value) -> ToSqlOutput<'_> {
    let value = match arg {
        Value::Null(_) => Sqlite::Null,
        Value::Bool(b) => Sqlite::Integer(i64::from(*b)),
        Value::Int(i) => Sqlite::Integer(*i),
        Value::Float(f) => Sqlite::Real(*f),
        Value::Text(t) => return ToSqlOutput::Borrowed(ValueRef::Text(t.as_bytes())),
        Value::Bytes(b) => return ToSqlOutput::Borrowed(ValueRef::Blob(b)),
        Value::Uuid(u) => Sqlite::Blob(u.as_bytes().to_vec()),
        Value::Instant(t) => Sqlite::Integer(t.timestamp_micros()),
        Value::Date(d) => Sqlite::Text(d.format(DATE_FORMAT).to_string()),
        Value::Time(t) => Sqlite::Text(t.format(TIME_FORMAT).to_string()),
        Value::Labels(labels) => Sqlite::Text(serde_json::Value::from(labels.clone()).to_string()),
    };
    ToSqlOutput::Owned(value)
}

/// The column names of a statement, shared by its rows.
pub(crate) fn column_names(statement: &Statement<'_>) -> Arc<[String]> {
    statement
        .column_names()
        .into_iter()
        .map(str::to_string)
        .collect()
}

/// Every remaining row, in its columns' storage classes.
pub(crate) fn read_rows(
    mut rows: Rows<'_>,
    columns: &Arc<[String]>,
    limit: Option<usize>,
) -> rusqlite::Result<Vec<Row>> {
    let mut read = Vec::new();
    while limit.is_none_or(|n| read.len() < n) {
        let Some(row) = rows.next()? else { break };
        let values = (0..columns.len())
            .map(|i| row.get_ref(i).map(value_from))
            .collect::<rusqlite::Result<Result<Vec<_>, _>>>()??;
        read.push(Row::new(Arc::clone(columns), values));
    }
    Ok(read)
}

fn value_from(raw: ValueRef<'_>) -> Result<Value, rusqlite::Error> {
    Ok(match raw {
        ValueRef::Null => Value::Null(Kind::Text),
        ValueRef::Integer(i) => Value::Int(i),
        ValueRef::Real(f) => Value::Float(f),
        ValueRef::Text(t) => Value::Text(
            std::str::from_utf8(t)
                .map_err(|e| rusqlite::Error::Utf8Error(usize::MAX, e))?
                .to_string(),
        ),
        ValueRef::Blob(b) => Value::Bytes(b.to_vec()),
    })
}
