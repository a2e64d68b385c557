//! SQLite's errors, classified for `concord-store-sql`'s one mapping.
//!
//! SQLite names the columns of a broken UNIQUE constraint ("UNIQUE
//! constraint failed: areas.code") but not which foreign key failed; the
//! queries check the references a person chose before writing, so that
//! one is never needed.

use concord_store_sql::sql::DbError;
use sqlx::error::ErrorKind;

/// `SQLITE_BUSY` (5) and `SQLITE_LOCKED` (6), the primary codes under any
/// extended one: another writer held the lock past the busy timeout.
fn is_busy(code: Option<&str>) -> bool {
    code.and_then(|c| c.parse::<u32>().ok())
        .is_some_and(|c| matches!(c & 0xff, 5 | 6))
}

pub fn classify(error: sqlx::Error) -> DbError {
    match &error {
        sqlx::Error::Database(e) => {
            let message = e.message().to_string();
            let code = e.code().map(|c| c.into_owned());
            match e.kind() {
                ErrorKind::UniqueViolation => DbError::Unique {
                    columns: message.rsplit(": ").next().map(str::to_string),
                    message,
                },
                ErrorKind::ForeignKeyViolation => DbError::ForeignKey {
                    column: None,
                    message,
                },
                _ if is_busy(code.as_deref()) => DbError::Unavailable { message },
                _ => DbError::Other { code, message },
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

#[cfg(test)]
mod tests {
    use super::is_busy;

    #[test]
    fn busy_and_locked_are_recognised_under_extended_codes() {
        assert!(is_busy(Some("5")));
        assert!(is_busy(Some("517"))); // SQLITE_BUSY_SNAPSHOT
        assert!(is_busy(Some("6")));
        assert!(!is_busy(Some("19"))); // SQLITE_CONSTRAINT
        assert!(!is_busy(None));
    }
}
