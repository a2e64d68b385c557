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
        // ---- cases (0002) ----
        "survivors_reference_key" => "reference",
        "survivors_pkey" | "cases_pkey" | "incidents_pkey" | "consents_pkey" | "sharings_pkey"
        | "break_glass_pkey" | "notes_pkey" | "goals_pkey" | "tasks_pkey" => "id",
        "data_keys_pkey" | "note_versions_pkey" => "version",
        "data_keys_one_active_idx" => "active",
        "safety_plans_pkey" => "section",
        "case_settings_pkey"
        | "case_settings_agency_id_fkey"
        | "data_keys_agency_id_fkey"
        | "survivors_agency_id_fkey"
        | "break_glass_agency_id_fkey" => "agency_id",
        "survivors_created_by_fkey" | "incidents_created_by_fkey" => "created_by",
        "cases_survivor_id_fkey" => "survivor_id",
        "cases_owning_agency_fkey" => "owning_agency",
        "cases_assigned_caseworker_fkey" => "assigned_caseworker",
        "incidents_case_id_fkey"
        | "consents_case_id_fkey"
        | "sharings_case_id_fkey"
        | "break_glass_case_id_fkey"
        | "notes_case_id_fkey"
        | "goals_case_id_fkey"
        | "safety_plans_case_id_fkey"
        | "tasks_case_id_fkey" => "case_id",
        "incidents_area_id_fkey" => "area_id",
        "consents_recipient_agency_fkey" | "sharings_recipient_agency_fkey" => "recipient_agency",
        "consents_recorded_by_fkey" => "recorded_by",
        "sharings_decision_maker_fkey" => "decision_maker",
        "break_glass_user_id_fkey" => "user_id",
        "break_glass_reviewed_by_fkey" => "reviewed_by",
        "notes_author_id_fkey" => "author_id",
        "note_versions_note_id_fkey" => "note_id",
        "note_versions_edited_by_fkey" => "edited_by",
        "goals_updated_by_fkey" | "safety_plans_updated_by_fkey" => "updated_by",
        "tasks_assignee_fkey" => "assignee",
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
        assert_eq!(
            constraint_field("survivors_reference_key"),
            Some("reference")
        );
        assert_eq!(
            constraint_field("consents_recipient_agency_fkey"),
            Some("recipient_agency")
        );
    }
}
