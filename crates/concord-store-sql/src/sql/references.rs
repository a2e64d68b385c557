//! Checking that referenced rows exist before a statement refers to them.
//!
//! SQLite reports a broken foreign key without saying which one, so a
//! statement with references that a person chose (an agency, a caseworker,
//! a body) checks them first, in order, inside its write transaction, and
//! names the input field of the first one missing. The same check runs on
//! every engine, so both answer the same.

use super::engine::Connection;
use super::query::query_scalar;
use concord_store::{StoreError, StoreResult};
use uuid::Uuid;

/// A row a statement refers to: its table, its id (`None` for an optional
/// reference left empty) and the input field that named it.
pub type Reference = (&'static str, Option<Uuid>, &'static str);

/// Refuses with `MissingReference` naming the field of the first
/// reference whose row does not exist.
pub async fn require(conn: &mut dyn Connection, references: &[Reference]) -> StoreResult<()> {
    for &(table, id, field) in references {
        let Some(id) = id else { continue };
        // `table` is always a literal of this crate, never input.
        let exists: bool = query_scalar(format!(
            "SELECT EXISTS (SELECT 1 FROM {table} WHERE id = $1)"
        ))
        .bind(id)
        .fetch_one(&mut *conn)
        .await?;
        if !exists {
            return Err(StoreError::MissingReference { field });
        }
    }
    Ok(())
}
