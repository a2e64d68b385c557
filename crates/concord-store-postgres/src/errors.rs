//! PostgreSQL's errors, classified for `concord-store-sql`'s one mapping.
//!
//! A broken constraint's detail names the columns ("Key (key_id,
//! version)=(…) already exists."); with the table, that gives the same
//! `table.column` form SQLite reports, so both engines name the same input
//! field. Only the column names are read from the detail, never the values.

use concord_store_sql::sql::DbError;
use sqlx::error::ErrorKind;
use sqlx::postgres::PgDatabaseError;

/// Class 08 (connection exception), 53 (insufficient resources), 57P
/// (operator intervention: shutting down), 40001/40P01 (serialization
/// failure, deadlock: nothing was written; try again).
fn is_unavailable(code: &str) -> bool {
    code.starts_with("08")
        || code.starts_with("53")
        || code.starts_with("57P")
        || code == "40001"
        || code == "40P01"
}

pub fn classify(error: sqlx::Error) -> DbError {
    match &error {
        sqlx::Error::Database(e) => {
            let message = e.message().to_string();
            let pg = e.try_downcast_ref::<PgDatabaseError>();
            let columns = pg.and_then(|pg| Some((pg.table()?, key_columns(pg.detail()?)?)));
            let columns = columns.map(|(table, columns)| {
                columns
                    .iter()
                    .map(|column| format!("{table}.{column}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            });
            match e.kind() {
                ErrorKind::UniqueViolation => DbError::Unique { columns, message },
                ErrorKind::ForeignKeyViolation => DbError::ForeignKey {
                    column: columns,
                    message,
                },
                _ => {
                    let code = e.code().map(|c| c.into_owned());
                    if code.as_deref().is_some_and(is_unavailable) {
                        DbError::Unavailable { message }
                    } else {
                        DbError::Other { code, message }
                    }
                }
            }
        }
        sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) => {
            DbError::Unavailable {
                message: error.to_string(),
            }
        }
        _ => DbError::Other {
            code: None,
            message: error.to_string(),
        },
    }
}

/// The column names of "Key (a, b)=(…) …".
fn key_columns(detail: &str) -> Option<Vec<&str>> {
    let inside = detail.strip_prefix("Key (")?;
    let columns = &inside[..inside.find(")=(")?];
    Some(columns.split(", ").collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_details_give_their_columns_only() {
        assert_eq!(
            key_columns("Key (key_id, version)=(x, 2) already exists."),
            Some(vec!["key_id", "version"])
        );
        assert_eq!(
            key_columns("Key (agency_id)=(1) is not present in table \"agencies\"."),
            Some(vec!["agency_id"])
        );
        assert_eq!(key_columns("Failing row contains (…)."), None);
    }

    #[test]
    fn connection_trouble_and_lost_races_are_unavailable() {
        assert!(is_unavailable("08006"));
        assert!(is_unavailable("57P01"));
        assert!(is_unavailable("40P01"));
        assert!(!is_unavailable("23505"));
    }
}
