//! rusqlite's errors, classified with the same meanings as the sqlx
//! engine's (`crate::errors`): the extended result codes sqlx maps to a
//! unique or foreign key violation, and busy/locked as unavailable.

use concord_store_sql::sql::DbError;
use rusqlite::ffi;

pub(crate) fn classify(error: rusqlite::Error) -> DbError {
    match error {
        rusqlite::Error::SqliteFailure(failure, message) => {
            let message = message.unwrap_or_else(|| failure.to_string());
            classify_code(failure.extended_code, message)
        }
        other => DbError::Other {
            code: None,
            message: other.to_string(),
        },
    }
}

fn classify_code(extended_code: i32, message: String) -> DbError {
    match extended_code {
        ffi::SQLITE_CONSTRAINT_UNIQUE | ffi::SQLITE_CONSTRAINT_PRIMARYKEY => DbError::Unique {
            columns: message.rsplit(": ").next().map(str::to_string),
            message,
        },
        ffi::SQLITE_CONSTRAINT_FOREIGNKEY => DbError::ForeignKey {
            column: None,
            message,
        },
        code if matches!(code & 0xff, ffi::SQLITE_BUSY | ffi::SQLITE_LOCKED) => {
            DbError::Unavailable { message }
        }
        code => DbError::Other {
            code: Some(code.to_string()),
            message,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_keep_the_sqlx_engines_meanings() {
        let unique = classify_code(
            ffi::SQLITE_CONSTRAINT_UNIQUE,
            "UNIQUE constraint failed: areas.code".into(),
        );
        assert!(matches!(unique, DbError::Unique { columns: Some(c), .. } if c == "areas.code"));
        assert!(matches!(
            classify_code(ffi::SQLITE_CONSTRAINT_PRIMARYKEY, "x".into()),
            DbError::Unique { .. }
        ));
        assert!(matches!(
            classify_code(ffi::SQLITE_CONSTRAINT_FOREIGNKEY, "x".into()),
            DbError::ForeignKey { column: None, .. }
        ));
        for busy in [
            ffi::SQLITE_BUSY,
            ffi::SQLITE_BUSY_SNAPSHOT,
            ffi::SQLITE_LOCKED,
        ] {
            assert!(matches!(
                classify_code(busy, "x".into()),
                DbError::Unavailable { .. }
            ));
        }
        assert!(matches!(
            classify_code(ffi::SQLITE_CONSTRAINT_NOTNULL, "x".into()),
            DbError::Other { code: Some(c), .. } if c == "1299"
        ));
    }
}
