//! Maps PostgreSQL errors to `StoreError`. PostgreSQL names the violated
//! constraint, and the migrations name every constraint, so the input field
//! at fault is read off the constraint name.

use concord_store::StoreError;
use sqlx::error::ErrorKind;

pub fn db(error: sqlx::Error) -> StoreError {
    let sqlx::Error::Database(e) = &error else {
        return StoreError::Backend(error.to_string());
    };
    let field = e.constraint().and_then(constraint_field);
    match (e.kind(), field) {
        (ErrorKind::UniqueViolation, Some(field)) => StoreError::Duplicate { field },
        (ErrorKind::ForeignKeyViolation, Some(field)) => StoreError::MissingReference { field },
        _ => StoreError::Backend(e.message().to_string()),
    }
}

/// The input field a named constraint guards.
fn constraint_field(constraint: &str) -> Option<&'static str> {
    Some(match constraint {
        "areas_code_key" => "code",
        "agencies_name_key" => "name",
        "users_username_key" => "username",
        "sessions_token_hash_key" | "api_tokens_token_hash_key" => "token_hash",
        "settings_pkey" => "key",
        "areas_pkey" | "agencies_pkey" | "users_pkey" | "sessions_pkey" | "api_tokens_pkey"
        | "bodies_pkey" | "audit_events_pkey" => "id",
        "audit_events_tree_position_key" => "tree_position",
        "checkpoints_pkey" => "tree_size",
        "areas_parent_id_fkey" | "bodies_parent_id_fkey" => "parent_id",
        "agency_areas_area_id_fkey" => "area_ids",
        "users_agency_id_fkey" => "agency_id",
        "bodies_area_id_fkey" => "area_id",
        "user_roles_user_id_fkey"
        | "recovery_codes_user_id_fkey"
        | "sessions_user_id_fkey"
        | "api_tokens_user_id_fkey" => "user_id",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::constraint_field;

    #[test]
    fn constraints_name_the_input_field() {
        assert_eq!(constraint_field("areas_code_key"), Some("code"));
        assert_eq!(constraint_field("bodies_parent_id_fkey"), Some("parent_id"));
        assert_eq!(
            constraint_field("agency_areas_area_id_fkey"),
            Some("area_ids")
        );
        assert_eq!(constraint_field("something_else"), None);
    }
}
