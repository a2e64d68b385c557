//! Maps SQLite errors to `StoreError`.
//!
//! SQLite names the columns of a violated UNIQUE constraint
//! ("UNIQUE constraint failed: areas.code") but says nothing about which
//! foreign key failed. So a unique violation is mapped by table.column, and a
//! foreign-key violation by the statement that caused it: the caller passes
//! the input field that statement references (statements with two foreign
//! keys check their references first instead).

use concord_store::StoreError;
use sqlx::error::ErrorKind;

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
    }
}
