//! Concord's values in PostgreSQL's native types, and back: uuid,
//! timestamptz, date, time, boolean, bigint/integer, bytea, text and text[]
//! for label sets. NULLs are bound with the type of what would otherwise be
//! there, since PostgreSQL types every parameter.

use concord_store_sql::sql::{Kind, Row, Value};
use sqlx::postgres::{PgArguments, PgRow, PgValueRef};
use sqlx::query::Query;
use sqlx::{Column, Postgres, Row as _, TypeInfo, ValueRef};
use std::sync::Arc;

/// Binds `args` to `$1, $2, …` in order.
pub fn bind_all<'q>(
    mut query: Query<'q, Postgres, PgArguments>,
    args: &[Value],
) -> Query<'q, Postgres, PgArguments> {
    for arg in args {
        query = match arg {
            Value::Null(kind) => bind_null(query, *kind),
            Value::Bool(b) => query.bind(*b),
            Value::Int(i) => query.bind(*i),
            Value::Float(f) => query.bind(*f),
            Value::Text(t) => query.bind(t.clone()),
            Value::Bytes(b) => query.bind(b.clone()),
            Value::Uuid(u) => query.bind(*u),
            Value::Instant(t) => query.bind(*t),
            Value::Date(d) => query.bind(*d),
            Value::Time(t) => query.bind(*t),
            Value::Labels(labels) => query.bind(labels.clone()),
        };
    }
    query
}

fn bind_null<'q>(
    query: Query<'q, Postgres, PgArguments>,
    kind: Kind,
) -> Query<'q, Postgres, PgArguments> {
    match kind {
        Kind::Bool => query.bind(None::<bool>),
        Kind::Int => query.bind(None::<i64>),
        Kind::Float => query.bind(None::<f64>),
        Kind::Text => query.bind(None::<String>),
        Kind::Bytes => query.bind(None::<Vec<u8>>),
        Kind::Uuid => query.bind(None::<uuid::Uuid>),
        Kind::Instant => query.bind(None::<chrono::DateTime<chrono::Utc>>),
        Kind::Date => query.bind(None::<chrono::NaiveDate>),
        Kind::Time => query.bind(None::<chrono::NaiveTime>),
        Kind::Labels => query.bind(None::<Vec<String>>),
    }
}

/// The column names of a result, shared by its rows.
pub fn column_names(row: &PgRow) -> Arc<[String]> {
    row.columns().iter().map(|c| c.name().to_string()).collect()
}

/// A row in its columns' types.
pub fn row_from(row: &PgRow, columns: &Arc<[String]>) -> Result<Row, sqlx::Error> {
    let values = (0..columns.len())
        .map(|i| value_from(row.try_get_raw(i)?))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Row::new(Arc::clone(columns), values))
}

fn value_from(raw: PgValueRef<'_>) -> Result<Value, sqlx::Error> {
    if raw.is_null() {
        return Ok(Value::Null(Kind::Text));
    }
    let type_name = raw.type_info().name().to_string();
    Ok(match type_name.as_str() {
        "BOOL" => Value::Bool(decode(raw)?),
        "INT8" => Value::Int(decode(raw)?),
        "INT4" => Value::Int(i64::from(decode::<i32>(raw)?)),
        "INT2" => Value::Int(i64::from(decode::<i16>(raw)?)),
        "FLOAT8" => Value::Float(decode(raw)?),
        "FLOAT4" => Value::Float(f64::from(decode::<f32>(raw)?)),
        "TEXT" | "VARCHAR" | "BPCHAR" | "NAME" => Value::Text(decode(raw)?),
        "JSON" | "JSONB" => Value::Text(decode::<serde_json::Value>(raw)?.to_string()),
        "BYTEA" => Value::Bytes(decode(raw)?),
        "UUID" => Value::Uuid(decode(raw)?),
        "TIMESTAMPTZ" => Value::Instant(decode(raw)?),
        "DATE" => Value::Date(decode(raw)?),
        "TIME" => Value::Time(decode(raw)?),
        "TEXT[]" | "VARCHAR[]" => Value::Labels(decode(raw)?),
        other => {
            return Err(sqlx::Error::Decode(
                format!("unexpected PostgreSQL column type {other}").into(),
            ));
        }
    })
}

fn decode<'r, T: sqlx::Decode<'r, Postgres>>(raw: PgValueRef<'r>) -> Result<T, sqlx::Error> {
    T::decode(raw).map_err(sqlx::Error::Decode)
}
