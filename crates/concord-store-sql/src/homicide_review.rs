//! Domestic homicide review grants (migration 0024).

use crate::audit::insert_event;
use crate::sql::*;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use concord_domain::ids::{BodyId, CaseId, ReviewGrantId, UserId};
use concord_store::*;
use uuid::Uuid;

macro_rules! grant_select {
    () => {
        "SELECT id, case_id, body_id, reason, remit_confirmed, granted_by, granted_at,
                revoked_by, revoked_at
         FROM review_grants"
    };
}

fn grant_from(row: &Row) -> StoreResult<ReviewGrantRow> {
    Ok(ReviewGrantRow {
        id: ReviewGrantId(get(row, "id")?),
        case_id: CaseId(get(row, "case_id")?),
        body_id: BodyId(get(row, "body_id")?),
        reason: get(row, "reason")?,
        remit_confirmed: get(row, "remit_confirmed")?,
        granted_by: UserId(get(row, "granted_by")?),
        granted_at: get(row, "granted_at")?,
        revoked_by: get::<Option<Uuid>>(row, "revoked_by")?.map(UserId),
        revoked_at: get(row, "revoked_at")?,
    })
}

async fn insert_grant(conn: &mut dyn Connection, g: &ReviewGrantRow) -> StoreResult<()> {
    query(
        "INSERT INTO review_grants (id, case_id, body_id, basis, reason, remit_confirmed,
             granted_by, granted_at, revoked_by, revoked_at)
         VALUES ($1, $2, $3, 'homicide_review', $4, $5, $6, $7, $8, $9)",
    )
    .bind(g.id.0)
    .bind(g.case_id.0)
    .bind(g.body_id.0)
    .bind(&g.reason)
    .bind(g.remit_confirmed)
    .bind(g.granted_by.0)
    .bind(g.granted_at)
    .bind(g.revoked_by.map(|u| u.0))
    .bind(g.revoked_at)
    .execute(conn)
    .await
    .map_err(db)?;
    Ok(())
}

/// Every grant, for `concord copy-db`.
pub(crate) async fn export(conn: &mut dyn Connection) -> StoreResult<ReviewDump> {
    let grants = query(concat!(grant_select!(), " ORDER BY id"))
        .fetch_all(conn)
        .await
        .map_err(db)?
        .iter()
        .map(grant_from)
        .collect::<StoreResult<_>>()?;
    Ok(ReviewDump { grants })
}

pub(crate) async fn import(conn: &mut dyn Connection, dump: &ReviewDump) -> StoreResult<()> {
    for grant in &dump.grants {
        insert_grant(conn, grant).await?;
    }
    Ok(())
}

#[async_trait]
impl<E: Database> HomicideReviewStore for crate::SqlStore<E> {
    async fn create_review_grant(
        &self,
        row: &ReviewGrantRow,
        audit: &NewAuditEvent,
    ) -> StoreResult<()> {
        let mut tx = write_tx(self.db()).await?;
        require(
            &mut tx,
            &[
                ("cases", Some(row.case_id.0), "case_id"),
                ("bodies", Some(row.body_id.0), "body_id"),
                ("users", Some(row.granted_by.0), "granted_by"),
            ],
        )
        .await?;
        insert_grant(&mut tx, row).await?;
        insert_event(&mut tx, audit).await?;
        tx.commit().await.map_err(db)
    }

    async fn revoke_review_grant(
        &self,
        case: CaseId,
        id: ReviewGrantId,
        by: UserId,
        at: DateTime<Utc>,
        audit: &NewAuditEvent,
    ) -> StoreResult<()> {
        let mut tx = write_tx(self.db()).await?;
        let done = query(
            "UPDATE review_grants SET revoked_by = $1, revoked_at = $2
             WHERE id = $3 AND case_id = $4 AND revoked_at IS NULL",
        )
        .bind(by.0)
        .bind(at)
        .bind(id.0)
        .bind(case.0)
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        if done.rows_affected() == 0 {
            let exists: Option<i64> =
                query_scalar("SELECT 1 FROM review_grants WHERE id = $1 AND case_id = $2")
                    .bind(id.0)
                    .bind(case.0)
                    .fetch_optional(&mut *tx)
                    .await?;
            return Err(match exists {
                Some(_) => StoreError::Conflict,
                None => StoreError::NotFound,
            });
        }
        insert_event(&mut tx, audit).await?;
        tx.commit().await.map_err(db)
    }

    async fn list_review_grants(&self, case: CaseId) -> StoreResult<Vec<ReviewGrantRow>> {
        query(concat!(
            grant_select!(),
            " WHERE case_id = $1 ORDER BY granted_at, id"
        ))
        .bind(case.0)
        .fetch_all(self.db())
        .await
        .map_err(db)?
        .iter()
        .map(grant_from)
        .collect()
    }

    async fn case_service_referrals(&self, case: CaseId) -> StoreResult<Vec<ReferralRow>> {
        crate::referrals::of_case(self.db(), case).await
    }
}
