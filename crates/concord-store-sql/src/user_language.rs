//! A person's preferred language for the interface: one column of their
//! account, read when a page is chosen a language and written (with its
//! audit event) from My account.

use crate::sql::*;
use concord_domain::ids::UserId;
use concord_store::{NewAuditEvent, StoreError, StoreResult};

/// The account's saved language tag, `None` when it has none; `NotFound`
/// for an unknown account.
pub async fn user_language(pool: &dyn Database, id: UserId) -> StoreResult<Option<String>> {
    let mut tx = read_tx(pool).await?;
    let row = query("SELECT language FROM users WHERE id = $1")
        .bind(id.0)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db)?
        .ok_or(StoreError::NotFound)?;
    get(&row, "language")
}

/// Saves (or, with `None`, clears) the account's language, with its audit
/// event in the same transaction; `NotFound`, and nothing written, for an
/// unknown account.
pub async fn set_user_language(
    pool: &dyn Database,
    id: UserId,
    language: Option<&str>,
    audit: &NewAuditEvent,
) -> StoreResult<()> {
    crate::accounts::set_user_text(
        pool,
        id,
        "UPDATE users SET language = $1 WHERE id = $2",
        language,
        audit,
    )
    .await
}
