//! Values crossing between the queries and an engine, in both directions.
//!
//! A query binds [`Value`]s; each engine stores a value in its own column
//! type (SQLite: ids as 16-byte blobs, instants as unix microseconds, dates
//! and times of day as ISO text, label sets as JSON arrays; PostgreSQL: uuid,
//! timestamptz, date, time, text[]). Reading back, an engine hands over what
//! its column holds and [`FromValue`] accepts either engine's form, so the
//! row mapping is written once.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use uuid::Uuid;

/// One bound parameter or one column of a row.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// NULL, of the kind the query would otherwise bind there (PostgreSQL
    /// types its parameters, NULLs included).
    Null(Kind),
    Bool(bool),
    Int(i64),
    Float(f64),
    Text(String),
    Bytes(Vec<u8>),
    Uuid(Uuid),
    Instant(DateTime<Utc>),
    Date(NaiveDate),
    Time(NaiveTime),
    /// A set or list of labels (enum names, languages).
    Labels(Vec<String>),
}

/// The kinds of value, for typing a NULL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Bool,
    Int,
    Float,
    Text,
    Bytes,
    Uuid,
    Instant,
    Date,
    Time,
    Labels,
}

/// `YYYY-MM-DD`: text order is date order.
pub const DATE_FORMAT: &str = "%Y-%m-%d";
/// Microseconds, the precision instants keep too.
pub const TIME_FORMAT: &str = "%H:%M:%S%.6f";

/// Anything a query can bind.
pub trait IntoValue {
    /// What a NULL in its place is.
    const KIND: Kind;

    fn into_value(self) -> Value;
}

macro_rules! into_value {
    ($($t:ty, $kind:ident => |$v:ident| $e:expr),* $(,)?) => {$(
        impl IntoValue for $t {
            const KIND: Kind = Kind::$kind;
            fn into_value(self) -> Value {
                let $v = self;
                $e
            }
        }
        impl IntoValue for &$t {
            const KIND: Kind = Kind::$kind;
            fn into_value(self) -> Value {
                let $v = self.clone();
                $e
            }
        }
    )*};
}

into_value! {
    bool, Bool => |v| Value::Bool(v),
    i64, Int => |v| Value::Int(v),
    i32, Int => |v| Value::Int(i64::from(v)),
    u32, Int => |v| Value::Int(i64::from(v)),
    f64, Float => |v| Value::Float(v),
    String, Text => |v| Value::Text(v),
    Vec<u8>, Bytes => |v| Value::Bytes(v),
    Uuid, Uuid => |v| Value::Uuid(v),
    DateTime<Utc>, Instant => |v| Value::Instant(v),
    NaiveDate, Date => |v| Value::Date(v),
    NaiveTime, Time => |v| Value::Time(v),
    Vec<String>, Labels => |v| Value::Labels(v),
}

impl IntoValue for &str {
    const KIND: Kind = Kind::Text;
    fn into_value(self) -> Value {
        Value::Text(self.to_string())
    }
}

impl IntoValue for &[u8] {
    const KIND: Kind = Kind::Bytes;
    fn into_value(self) -> Value {
        Value::Bytes(self.to_vec())
    }
}

impl IntoValue for &[String] {
    const KIND: Kind = Kind::Labels;
    fn into_value(self) -> Value {
        Value::Labels(self.to_vec())
    }
}

impl<T: IntoValue> IntoValue for Option<T> {
    const KIND: Kind = T::KIND;
    fn into_value(self) -> Value {
        self.map_or(Value::Null(T::KIND), IntoValue::into_value)
    }
}

impl<T: Clone + IntoValue> IntoValue for &Option<T> {
    const KIND: Kind = T::KIND;
    fn into_value(self) -> Value {
        self.clone().into_value()
    }
}

/// Anything a column can be read as. The error says what was found instead.
pub trait FromValue: Sized {
    fn from_value(value: &Value) -> Result<Self, String>;
}

fn unexpected<T>(wanted: &str, found: &Value) -> Result<T, String> {
    let kind = match found {
        Value::Null(_) => "NULL",
        Value::Bool(_) => "a boolean",
        Value::Int(_) => "an integer",
        Value::Float(_) => "a number",
        Value::Text(_) => "text",
        Value::Bytes(_) => "bytes",
        Value::Uuid(_) => "a uuid",
        Value::Instant(_) => "a timestamp",
        Value::Date(_) => "a date",
        Value::Time(_) => "a time of day",
        Value::Labels(_) => "a list of labels",
    };
    Err(format!("expected {wanted}, found {kind}"))
}

impl FromValue for Value {
    fn from_value(value: &Value) -> Result<Self, String> {
        Ok(value.clone())
    }
}

impl FromValue for bool {
    fn from_value(value: &Value) -> Result<Self, String> {
        match value {
            Value::Bool(b) => Ok(*b),
            Value::Int(i) => Ok(*i != 0),
            other => unexpected("a boolean", other),
        }
    }
}

impl FromValue for i64 {
    fn from_value(value: &Value) -> Result<Self, String> {
        match value {
            Value::Int(i) => Ok(*i),
            other => unexpected("an integer", other),
        }
    }
}

impl FromValue for i32 {
    fn from_value(value: &Value) -> Result<Self, String> {
        i32::try_from(i64::from_value(value)?).map_err(|e| e.to_string())
    }
}

impl FromValue for u32 {
    fn from_value(value: &Value) -> Result<Self, String> {
        u32::try_from(i64::from_value(value)?).map_err(|e| e.to_string())
    }
}

impl FromValue for f64 {
    fn from_value(value: &Value) -> Result<Self, String> {
        match value {
            Value::Float(f) => Ok(*f),
            Value::Int(i) => Ok(*i as f64),
            other => unexpected("a number", other),
        }
    }
}

impl FromValue for String {
    fn from_value(value: &Value) -> Result<Self, String> {
        match value {
            Value::Text(t) => Ok(t.clone()),
            other => unexpected("text", other),
        }
    }
}

impl FromValue for Vec<u8> {
    fn from_value(value: &Value) -> Result<Self, String> {
        match value {
            Value::Bytes(b) => Ok(b.clone()),
            other => unexpected("bytes", other),
        }
    }
}

impl FromValue for Uuid {
    fn from_value(value: &Value) -> Result<Self, String> {
        match value {
            Value::Uuid(u) => Ok(*u),
            Value::Bytes(b) => Uuid::from_slice(b).map_err(|e| e.to_string()),
            other => unexpected("a uuid", other),
        }
    }
}

impl FromValue for DateTime<Utc> {
    fn from_value(value: &Value) -> Result<Self, String> {
        match value {
            Value::Instant(t) => Ok(*t),
            Value::Int(micros) => DateTime::from_timestamp_micros(*micros)
                .ok_or_else(|| format!("timestamp {micros} out of range")),
            other => unexpected("a timestamp", other),
        }
    }
}

impl FromValue for NaiveDate {
    fn from_value(value: &Value) -> Result<Self, String> {
        match value {
            Value::Date(d) => Ok(*d),
            Value::Text(t) => NaiveDate::parse_from_str(t, DATE_FORMAT).map_err(|e| e.to_string()),
            other => unexpected("a date", other),
        }
    }
}

impl FromValue for NaiveTime {
    fn from_value(value: &Value) -> Result<Self, String> {
        match value {
            Value::Time(t) => Ok(*t),
            Value::Text(t) => {
                NaiveTime::parse_from_str(t, "%H:%M:%S%.f").map_err(|e| e.to_string())
            }
            other => unexpected("a time of day", other),
        }
    }
}

impl FromValue for Vec<String> {
    fn from_value(value: &Value) -> Result<Self, String> {
        match value {
            Value::Labels(l) => Ok(l.clone()),
            Value::Text(json) => serde_json::from_str(json).map_err(|e| e.to_string()),
            other => unexpected("a list of labels", other),
        }
    }
}

impl<T: FromValue> FromValue for Option<T> {
    fn from_value(value: &Value) -> Result<Self, String> {
        match value {
            Value::Null(_) => Ok(None),
            other => T::from_value(other).map(Some),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn either_engines_form_reads_back_the_same() {
        let at = DateTime::from_timestamp_micros(1_700_000_000_123_456).unwrap();
        assert_eq!(DateTime::<Utc>::from_value(&Value::Instant(at)), Ok(at));
        assert_eq!(
            DateTime::<Utc>::from_value(&Value::Int(1_700_000_000_123_456)),
            Ok(at)
        );
        let id = Uuid::now_v7();
        assert_eq!(
            Uuid::from_value(&Value::Bytes(id.as_bytes().to_vec())),
            Ok(id)
        );
        let day = NaiveDate::from_ymd_opt(2026, 2, 28).unwrap();
        assert_eq!(
            NaiveDate::from_value(&Value::Text("2026-02-28".into())),
            Ok(day)
        );
        assert_eq!(
            Vec::<String>::from_value(&Value::Text(r#"["a","b"]"#.into())),
            Ok(vec!["a".to_string(), "b".to_string()])
        );
        assert_eq!(bool::from_value(&Value::Int(0)), Ok(false));
        assert_eq!(Option::<i64>::from_value(&Value::Null(Kind::Int)), Ok(None));
    }

    #[test]
    fn a_wrong_kind_says_what_was_found() {
        assert_eq!(
            i64::from_value(&Value::Text("x".into())),
            Err("expected an integer, found text".to_string())
        );
        assert!(Uuid::from_value(&Value::Bytes(vec![1, 2, 3])).is_err());
    }
}
