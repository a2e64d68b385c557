//! Maps SQLite errors to `StoreError`.
//!
//! SQLite names the columns of a violated UNIQUE constraint
//! ("UNIQUE constraint failed: areas.code") but says nothing about which
//! foreign key failed. So a unique violation is mapped by table.column, and a
//! foreign-key violation by the statement that caused it: the caller passes
//! the input field that statement references (statements with two foreign
//! keys check their references first instead).

use concord_store::{StoreError, StoreResult};
use sqlx::SqliteConnection;
use sqlx::error::ErrorKind;
use uuid::Uuid;

/// Any database error, outside a statement that can break a foreign key.
pub fn db(error: sqlx::Error) -> StoreError {
    match &error {
        sqlx::Error::Database(e) if e.kind() == ErrorKind::UniqueViolation => {
            match unique_field(e.message()) {
                Some(field) => StoreError::Duplicate { field },
                None => StoreError::Backend(e.message().to_string()),
            }
        }
        _ => StoreError::Backend(error.to_string()),
    }
}

/// Like [`db`], for a statement whose only foreign key is the input `field`.
pub fn referencing(field: &'static str) -> impl FnOnce(sqlx::Error) -> StoreError {
    move |error| match &error {
        sqlx::Error::Database(e) if e.kind() == ErrorKind::ForeignKeyViolation => {
            StoreError::MissingReference { field }
        }
        _ => db(error),
    }
}

/// A table a statement refers to by id.
#[derive(Debug, Clone, Copy)]
pub enum Table {
    Agencies,
    Areas,
    Users,
    Cases,
    Notes,
}

impl Table {
    fn exists_sql(self) -> &'static str {
        match self {
            Table::Agencies => "SELECT EXISTS (SELECT 1 FROM agencies WHERE id = ?)",
            Table::Areas => "SELECT EXISTS (SELECT 1 FROM areas WHERE id = ?)",
            Table::Users => "SELECT EXISTS (SELECT 1 FROM users WHERE id = ?)",
            Table::Cases => "SELECT EXISTS (SELECT 1 FROM cases WHERE id = ?)",
            Table::Notes => "SELECT EXISTS (SELECT 1 FROM notes WHERE id = ?)",
        }
    }
}

/// Checks, in order, that every referenced row exists, before a statement
/// with several foreign keys (SQLite would not say which one failed).
/// `None` ids (optional references) are skipped. Call it inside the write
/// transaction: the write lock is held, so nothing changes in between.
pub async fn require(
    conn: &mut SqliteConnection,
    references: &[(Table, Option<Uuid>, &'static str)],
) -> StoreResult<()> {
    for &(table, id, field) in references {
        let Some(id) = id else { continue };
        let exists: bool = sqlx::query_scalar(table.exists_sql())
            .bind(id)
            .fetch_one(&mut *conn)
            .await
            .map_err(db)?;
        if !exists {
            return Err(StoreError::MissingReference { field });
        }
    }
    Ok(())
}

/// The input field behind "UNIQUE constraint failed: <table>.<column>".
fn unique_field(message: &str) -> Option<&'static str> {
    let columns = message.rsplit(": ").next()?;
    Some(match columns {
        "areas.code" => "code",
        "agencies.name" => "name",
        "users.username" => "username",
        "sessions.token_hash" | "api_tokens.token_hash" => "token_hash",
        "settings.key" => "key",
        "areas.id" | "agencies.id" | "users.id" | "sessions.id" | "api_tokens.id" | "bodies.id"
        | "audit_events.id" => "id",
        "audit_events.tree_position" => "tree_position",
        "checkpoints.tree_size" => "tree_size",
        "survivors.reference" => "reference",
        "survivors.id" | "cases.id" | "incidents.id" | "consents.id" | "sharings.id"
        | "break_glass.id" | "notes.id" | "goals.id" | "tasks.id" => "id",
        "data_keys.key_id, data_keys.version" | "note_versions.note_id, note_versions.version" => {
            "version"
        }
        // The partial unique index: one active version per agency.
        "data_keys.agency_id" => "active",
        "case_settings.agency_id" => "agency_id",
        "safety_plans.case_id, safety_plans.section" => "section",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::unique_field;

    #[test]
    fn unique_messages_name_the_input_field() {
        assert_eq!(
            unique_field("UNIQUE constraint failed: areas.code"),
            Some("code")
        );
        assert_eq!(
            unique_field("UNIQUE constraint failed: users.username"),
            Some("username")
        );
        assert_eq!(unique_field("UNIQUE constraint failed: t.a, t.b"), None);
        assert_eq!(
            unique_field("UNIQUE constraint failed: survivors.reference"),
            Some("reference")
        );
        assert_eq!(
            unique_field("UNIQUE constraint failed: data_keys.key_id, data_keys.version"),
            Some("version")
        );
    }
}
