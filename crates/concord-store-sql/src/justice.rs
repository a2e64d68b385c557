//! The justice chain of a case (migration 0016).

use crate::audit::insert_event;
use crate::sql::*;
use async_trait::async_trait;
use concord_domain::ids::{AgencyId, CaseId, JusticeEventId, UserId};
use concord_store::*;

macro_rules! event_select {
    () => {
        "SELECT id, case_id, kind, occurred_on, outcome, reason, detail, recording_agency_id,
                recorded_by, recorded_at
         FROM justice_events"
    };
}

fn event_from(row: &Row) -> StoreResult<JusticeEventRow> {
    Ok(JusticeEventRow {
        id: JusticeEventId(get(row, "id")?),
        case_id: CaseId(get(row, "case_id")?),
        kind: get_parsed(row, "kind")?,
        occurred_on: get(row, "occurred_on")?,
        outcome: get(row, "outcome")?,
        reason: get(row, "reason")?,
        detail: get(row, "detail")?,
        recording_agency: AgencyId(get(row, "recording_agency_id")?),
        recorded_by: UserId(get(row, "recorded_by")?),
        recorded_at: get(row, "recorded_at")?,
    })
}

async fn insert_justice_event(conn: &mut dyn Connection, e: &JusticeEventRow) -> StoreResult<()> {
    query(
        "INSERT INTO justice_events (id, case_id, kind, occurred_on, outcome, reason, detail,
             recording_agency_id, recorded_by, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(e.id.0)
    .bind(e.case_id.0)
    .bind(e.kind.as_str())
    .bind(e.occurred_on)
    .bind(&e.outcome)
    .bind(&e.reason)
    .bind(&e.detail)
    .bind(e.recording_agency.0)
    .bind(e.recorded_by.0)
    .bind(e.recorded_at)
    .execute(conn)
    .await
    .map_err(db)?;
    Ok(())
}

/// Every step, for `concord copy-db`.
pub(crate) async fn export(conn: &mut dyn Connection) -> StoreResult<JusticeDump> {
    let events = query(concat!(event_select!(), " ORDER BY id"))
        .fetch_all(conn)
        .await
        .map_err(db)?
        .iter()
        .map(event_from)
        .collect::<StoreResult<_>>()?;
    Ok(JusticeDump { events })
}

pub(crate) async fn import(conn: &mut dyn Connection, dump: &JusticeDump) -> StoreResult<()> {
    for event in &dump.events {
        insert_justice_event(conn, event).await?;
    }
    Ok(())
}

#[async_trait]
impl<E: Database> JusticeStore for crate::SqlStore<E> {
    async fn create_justice_event(
        &self,
        row: &JusticeEventRow,
        steps_seen: usize,
        audit: &NewAuditEvent,
    ) -> StoreResult<()> {
        let mut tx = write_tx(self.db()).await?;
        require(
            &mut tx,
            &[
                ("cases", Some(row.case_id.0), "case_id"),
                ("agencies", Some(row.recording_agency.0), "recording_agency"),
                ("users", Some(row.recorded_by.0), "recorded_by"),
            ],
        )
        .await?;
        // One writer per chain at a time, so the order checked by the
        // caller still holds when the step is added.
        tx.lock(&format!("justice:{}", row.case_id.0)).await?;
        let steps: i64 = query_scalar("SELECT COUNT(*) FROM justice_events WHERE case_id = $1")
            .bind(row.case_id.0)
            .fetch_one(&mut *tx)
            .await
            .map_err(db)?;
        if usize::try_from(steps).ok() != Some(steps_seen) {
            return Err(StoreError::Conflict);
        }
        insert_justice_event(&mut tx, row).await?;
        insert_event(&mut tx, audit).await?;
        tx.commit().await.map_err(db)
    }

    async fn list_justice_events(&self, case: CaseId) -> StoreResult<Vec<JusticeEventRow>> {
        query(concat!(
            event_select!(),
            " WHERE case_id = $1 ORDER BY occurred_on, recorded_at, id"
        ))
        .bind(case.0)
        .fetch_all(self.db())
        .await
        .map_err(db)?
        .iter()
        .map(event_from)
        .collect()
    }
}
