//! What the notices of an agency have in common: a notice is read once, by
//! the agency it is for. Referral arrivals, directory changes and account
//! recoveries each keep their notices in a table of their own.

use crate::sql::*;
use chrono::{DateTime, Utc};
use concord_domain::ids::AgencyId;
use concord_store::StoreResult;
use uuid::Uuid;

/// The tables of agency notices (`id`, `agency_id`, `read_at`).
#[derive(Debug, Clone, Copy)]
pub enum NoticeTable {
    ReferralNotifications,
    DirectoryChanges,
    AccountRecoveries,
}

impl NoticeTable {
    fn mark_read_sql(self) -> &'static str {
        match self {
            NoticeTable::ReferralNotifications => {
                "UPDATE referral_notifications SET read_at = $1
                 WHERE id = $2 AND agency_id = $3 AND read_at IS NULL"
            }
            NoticeTable::DirectoryChanges => {
                "UPDATE dir_change_notices SET read_at = $1
                 WHERE id = $2 AND agency_id = $3 AND read_at IS NULL"
            }
            NoticeTable::AccountRecoveries => {
                "UPDATE account_recovery_notices SET read_at = $1
                 WHERE id = $2 AND agency_id = $3 AND read_at IS NULL"
            }
        }
    }
}

/// Marks one of `agency`'s unread notices in `table` read at `at`; false
/// if it has no such unread notice (another agency's, or read already).
pub async fn mark_read(
    pool: &dyn Database,
    table: NoticeTable,
    agency: AgencyId,
    id: Uuid,
    at: DateTime<Utc>,
) -> StoreResult<bool> {
    let mut tx = write_tx(pool).await?;
    let done = query(table.mark_read_sql())
        .bind(at)
        .bind(id)
        .bind(agency.0)
        .execute(&mut *tx)
        .await
        .map_err(db)?;
    tx.commit().await.map_err(db)?;
    Ok(done.rows_affected() == 1)
}
