//! Database errors, classified by each engine and mapped to [`StoreError`]
//! here, once, by meaning: a broken uniqueness rule names the input field
//! at fault, a missing referenced row names the field that refers to it,
//! an unreachable or overloaded database is `Unavailable`; anything else
//! keeps the database's own message and code, for the log.

use concord_store::StoreError;

pub type DbResult<T> = Result<T, DbError>;

/// An error from the database, as an engine classifies it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DbError {
    /// A uniqueness rule was broken. `columns` are `table.column` (several
    /// joined by ", "), when the engine can tell which.
    Unique {
        columns: Option<String>,
        message: String,
    },
    /// A referenced row does not exist. `column` is the referring
    /// `table.column`, when the engine can tell which (SQLite cannot).
    ForeignKey {
        column: Option<String>,
        message: String,
    },
    /// The database cannot be reached, or was too busy to answer in time.
    Unavailable { message: String },
    /// `fetch_one` found no row.
    RowNotFound,
    /// Anything else: the engine's message and its own error code.
    Other {
        code: Option<String>,
        message: String,
    },
}

impl From<DbError> for StoreError {
    fn from(error: DbError) -> StoreError {
        match error {
            DbError::Unique { columns, message } => {
                match columns.as_deref().and_then(unique_field) {
                    Some(field) => StoreError::Duplicate { field },
                    None => StoreError::Backend(message),
                }
            }
            DbError::ForeignKey { column, message } => {
                match column.as_deref().and_then(reference_field) {
                    Some(field) => StoreError::MissingReference { field },
                    None => StoreError::Backend(message),
                }
            }
            DbError::Unavailable { message } => StoreError::Unavailable(message),
            DbError::RowNotFound => StoreError::NotFound,
            DbError::Other {
                code: Some(code),
                message,
            } => StoreError::Backend(format!("{message} (code {code})")),
            DbError::Other {
                code: None,
                message,
            } => StoreError::Backend(message),
        }
    }
}

/// Any error of a query (a database error, or a value that could not be
/// read), as a `StoreError`.
pub fn db<E: Into<StoreError>>(error: E) -> StoreError {
    error.into()
}

/// For a statement whose only reference is the input `field`: a missing
/// referenced row is that field's, whatever the engine could tell.
pub fn referencing(field: &'static str) -> impl FnOnce(DbError) -> StoreError {
    move |error| match error {
        DbError::ForeignKey { .. } => StoreError::MissingReference { field },
        other => db(other),
    }
}

/// For a statement whose only uniqueness rule is the input `field`.
pub fn unique_as(field: &'static str) -> impl FnOnce(DbError) -> StoreError {
    move |error| match error {
        DbError::Unique { .. } => StoreError::Duplicate { field },
        other => db(other),
    }
}

/// The input field behind a broken uniqueness rule on `table.column`.
fn unique_field(columns: &str) -> Option<&'static str> {
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

/// The input field behind a missing referenced row, by the referring
/// `table.column`.
fn reference_field(column: &str) -> Option<&'static str> {
    Some(match column {
        "areas.parent_id" | "bodies.parent_id" => "parent_id",
        "agency_areas.area_id" => "area_ids",
        "users.agency_id" => "agency_id",
        "bodies.area_id" => "area_id",
        "user_roles.user_id"
        | "recovery_codes.user_id"
        | "sessions.user_id"
        | "api_tokens.user_id" => "user_id",
        "case_settings.agency_id"
        | "data_keys.agency_id"
        | "survivors.agency_id"
        | "break_glass.agency_id" => "agency_id",
        "survivors.created_by" | "incidents.created_by" => "created_by",
        "cases.survivor_id" => "survivor_id",
        "cases.owning_agency" => "owning_agency",
        "cases.assigned_caseworker" => "assigned_caseworker",
        "incidents.case_id"
        | "consents.case_id"
        | "sharings.case_id"
        | "break_glass.case_id"
        | "notes.case_id"
        | "goals.case_id"
        | "safety_plans.case_id"
        | "tasks.case_id" => "case_id",
        "incidents.area_id" => "area_id",
        "consents.recipient_agency" | "sharings.recipient_agency" => "recipient_agency",
        "consents.recorded_by" => "recorded_by",
        "sharings.decision_maker" => "decision_maker",
        "break_glass.user_id" => "user_id",
        "break_glass.reviewed_by" => "reviewed_by",
        "notes.author_id" => "author_id",
        "note_versions.note_id" => "note_id",
        "note_versions.edited_by" => "edited_by",
        "goals.updated_by" | "safety_plans.updated_by" => "updated_by",
        "tasks.assignee" => "assignee",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unique(columns: &str) -> StoreError {
        StoreError::from(DbError::Unique {
            columns: Some(columns.to_string()),
            message: "m".into(),
        })
    }

    #[test]
    fn broken_uniqueness_names_the_input_field() {
        assert_eq!(
            unique("areas.code"),
            StoreError::Duplicate { field: "code" }
        );
        assert_eq!(
            unique("data_keys.key_id, data_keys.version"),
            StoreError::Duplicate { field: "version" }
        );
        assert_eq!(unique("t.a, t.b"), StoreError::Backend("m".into()));
    }

    #[test]
    fn missing_references_name_the_referring_field() {
        let missing = |column: Option<&str>| {
            StoreError::from(DbError::ForeignKey {
                column: column.map(str::to_string),
                message: "m".into(),
            })
        };
        assert_eq!(
            missing(Some("agency_areas.area_id")),
            StoreError::MissingReference { field: "area_ids" }
        );
        assert_eq!(missing(None), StoreError::Backend("m".into()));
        let fk = DbError::ForeignKey {
            column: None,
            message: "m".into(),
        };
        assert_eq!(
            referencing("body_id")(fk),
            StoreError::MissingReference { field: "body_id" }
        );
    }

    #[test]
    fn other_errors_keep_the_database_code_for_the_log() {
        let e = StoreError::from(DbError::Other {
            code: Some("XX000".into()),
            message: "internal".into(),
        });
        assert_eq!(e, StoreError::Backend("internal (code XX000)".into()));
    }
}
