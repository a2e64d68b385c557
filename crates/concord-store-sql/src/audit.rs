//! The audit log and its checkpoints.

use crate::sql::*;
use concord_domain::ids::{AgencyId, UserId};
use concord_store::{
    AuditEventRow, AuditFilter, AuditNumbering, AuditSealer, CheckpointRow, NewAuditEvent, Page,
    PageRequest, SealedBatch, StoreError, StoreResult,
};
use uuid::Uuid;

/// Appends `audit` inside the caller's transaction.
pub async fn insert_event(conn: &mut dyn Connection, audit: &NewAuditEvent) -> StoreResult<()> {
    let details = serde_json::to_string(&audit.details)
        .map_err(|e| StoreError::Backend(format!("audit details: {e}")))?;
    query(
        "INSERT INTO audit_events (at, actor_user_id, actor_agency_id, action, object_type, object_id,
                                   outcome, details)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(audit.at)
    .bind(audit.actor_user_id.map(|u| u.0))
    .bind(audit.actor_agency_id.map(|a| a.0))
    .bind(audit.action.as_str())
    .bind(&audit.object_type)
    .bind(&audit.object_id)
    .bind(audit.outcome.as_str())
    .bind(details)
    .execute(conn)
    .await
    .map_err(db)?;
    Ok(())
}

pub async fn append(pool: &dyn Database, audit: &NewAuditEvent) -> StoreResult<()> {
    let mut tx = write_tx(pool).await?;
    insert_event(&mut tx, audit).await?;
    tx.commit().await.map_err(db)
}

macro_rules! event_select {
    () => {
        "SELECT id, at, actor_user_id, actor_agency_id, action, object_type, object_id, outcome,
                details, tree_position, leaf_hash
         FROM audit_events"
    };
}

fn event_from(row: &Row) -> StoreResult<AuditEventRow> {
    Ok(AuditEventRow {
        id: get(row, "id")?,
        at: get(row, "at")?,
        actor_user_id: get::<Option<Uuid>>(row, "actor_user_id")?.map(UserId),
        actor_agency_id: get::<Option<Uuid>>(row, "actor_agency_id")?.map(AgencyId),
        action: get(row, "action")?,
        object_type: get(row, "object_type")?,
        object_id: get(row, "object_id")?,
        outcome: get(row, "outcome")?,
        details: get(row, "details")?,
        tree_position: get(row, "tree_position")?,
        leaf_hash: get(row, "leaf_hash")?,
    })
}

fn events_from(rows: &[Row]) -> StoreResult<Vec<AuditEventRow>> {
    rows.iter().map(event_from).collect()
}

pub async fn list(
    pool: &dyn Database,
    filter: &AuditFilter,
    page: &PageRequest,
) -> StoreResult<Page<AuditEventRow>> {
    let before = paging::event_id(page)?;
    let mut query = QueryBuilder::new(event_select!());
    query.push(" WHERE 1 = 1");
    if let Some(user) = filter.actor_user_id {
        query.push(" AND actor_user_id = ").push_bind(user.0);
    }
    if let Some(agency) = filter.agency_id {
        query.push(" AND actor_agency_id = ").push_bind(agency.0);
    }
    if let Some(action) = &filter.action {
        query.push(" AND action = ").push_bind(action.clone());
    }
    if let Some(from) = filter.from {
        query.push(" AND at >= ").push_bind(from);
    }
    if let Some(until) = filter.until {
        query.push(" AND at < ").push_bind(until);
    }
    if let Some((object_type, object_id)) = &filter.object {
        query
            .push(" AND object_type = ")
            .push_bind(object_type.clone())
            .push(" AND object_id = ")
            .push_bind(object_id.clone());
    }
    if let Some(before) = before {
        query.push(" AND id < ").push_bind(before);
    }
    query
        .push(" ORDER BY id DESC LIMIT ")
        .push_bind(paging::fetch_limit(page));
    let rows = query.build().fetch_all(pool).await.map_err(db)?;
    Ok(paging::finish(events_from(&rows)?, page, |e| {
        paging::event_id_cursor(e.id)
    }))
}

pub async fn sealed_events(
    pool: &dyn Database,
    from: i64,
    limit: u32,
) -> StoreResult<Vec<AuditEventRow>> {
    let rows = query(concat!(
        event_select!(),
        " WHERE tree_position >= $1 ORDER BY tree_position LIMIT $2"
    ))
    .bind(from)
    .bind(i64::from(limit))
    .fetch_all(pool)
    .await
    .map_err(db)?;
    events_from(&rows)
}

pub async fn count_unsealed(pool: &dyn Database) -> StoreResult<i64> {
    query_scalar("SELECT COUNT(*) FROM audit_events WHERE tree_position IS NULL")
        .fetch_one(pool)
        .await
        .map_err(db)
}

/// Events, numbered events, lowest and highest number, and the counter.
pub async fn numbering(pool: &dyn Database) -> StoreResult<AuditNumbering> {
    let row = query(
        "SELECT COUNT(*) AS events, COUNT(seq) AS numbered, MIN(seq) AS lowest,
                MAX(seq) AS highest,
                (SELECT COALESCE(MAX(last), 0) FROM audit_sequence) AS counter
         FROM audit_events",
    )
    .fetch_one(pool)
    .await
    .map_err(db)?;
    Ok(AuditNumbering {
        events: get(&row, "events")?,
        numbered: get(&row, "numbered")?,
        lowest: get(&row, "lowest")?,
        highest: get(&row, "highest")?,
        counter: get(&row, "counter")?,
    })
}

/// The lowest number no event holds: 1, or the one after a held number
/// whose successor is missing (found through the unique index on `seq`).
pub async fn first_missing_number(pool: &dyn Database) -> StoreResult<Option<i64>> {
    query_scalar(
        "SELECT MIN(n) FROM (
             SELECT 1 AS n WHERE NOT EXISTS (SELECT 1 FROM audit_events WHERE seq = 1)
             UNION ALL
             SELECT e.seq + 1 FROM audit_events e
             WHERE e.seq IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM audit_events f WHERE f.seq = e.seq + 1)
         ) AS gaps
         WHERE n <= (SELECT COALESCE(MAX(last), 0) FROM audit_sequence)",
    )
    .fetch_one(pool)
    .await
    .map_err(db)
}

pub async fn all_events(conn: &mut dyn Connection) -> StoreResult<Vec<AuditEventRow>> {
    let rows = query(concat!(event_select!(), " ORDER BY id"))
        .fetch_all(conn)
        .await
        .map_err(db)?;
    events_from(&rows)
}

// ---- checkpoints ----

macro_rules! checkpoint_select {
    () => {
        "SELECT tree_size, root_hash, frontier, signed_at, public_key, signature, leaf_hashes,
                consistency_proof
         FROM checkpoints"
    };
}

pub(crate) fn checkpoint_from(row: &Row) -> StoreResult<CheckpointRow> {
    Ok(CheckpointRow {
        tree_size: get(row, "tree_size")?,
        root_hash: get(row, "root_hash")?,
        frontier: get(row, "frontier")?,
        signed_at: get(row, "signed_at")?,
        public_key: get(row, "public_key")?,
        signature: get(row, "signature")?,
        leaf_hashes: get(row, "leaf_hashes")?,
        consistency_proof: get(row, "consistency_proof")?,
    })
}

pub async fn all_checkpoints(conn: &mut dyn Connection) -> StoreResult<Vec<CheckpointRow>> {
    let rows = query(concat!(checkpoint_select!(), " ORDER BY tree_size"))
        .fetch_all(conn)
        .await
        .map_err(db)?;
    rows.iter().map(checkpoint_from).collect()
}

pub async fn list_checkpoints(pool: &dyn Database) -> StoreResult<Vec<CheckpointRow>> {
    let mut conn = pool.connection().await?;
    all_checkpoints(&mut conn).await
}

pub async fn insert_checkpoint(
    conn: &mut dyn Connection,
    checkpoint: &CheckpointRow,
) -> StoreResult<()> {
    query(
        "INSERT INTO checkpoints (tree_size, root_hash, frontier, signed_at, public_key, signature,
                                  leaf_hashes, consistency_proof)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(checkpoint.tree_size)
    .bind(&checkpoint.root_hash)
    .bind(&checkpoint.frontier)
    .bind(checkpoint.signed_at)
    .bind(&checkpoint.public_key)
    .bind(&checkpoint.signature)
    .bind(checkpoint.leaf_hashes.as_deref())
    .bind(checkpoint.consistency_proof.as_deref())
    .execute(conn)
    .await
    .map_err(db)?;
    Ok(())
}

/// The lock that makes one sealer at a time, across every instance sharing
/// the database (see [`Connection::try_lock`]).
const SEAL_LOCK: &str = "audit-seal";

/// Events sealed per statement: three bound values each, well under every
/// engine's limit on bound values.
const SEAL_CHUNK: usize = 1000;

/// Seals up to `max_events` unsealed events, unless another instance is
/// sealing right now (then `None` at once: it will seal these too).
pub async fn seal(
    pool: &dyn Database,
    sealer: &dyn AuditSealer,
    max_events: u32,
) -> StoreResult<Option<CheckpointRow>> {
    let mut tx = write_tx(pool).await?;
    match seal_in(&mut *tx, sealer, max_events).await {
        Ok(Some(checkpoint)) => {
            tx.commit().await.map_err(db)?;
            Ok(Some(checkpoint))
        }
        // Rolled back now, not whenever the pool next uses this connection:
        // until then the seal lock and the lock against audit writes would
        // stay held, and every audited change would wait.
        Ok(None) => {
            tx.rollback().await.map_err(db)?;
            Ok(None)
        }
        Err(e) => {
            tx.rollback().await.map_err(db)?;
            Err(e)
        }
    }
}

/// The seal's work inside its transaction, left to the caller to commit.
async fn seal_in(
    tx: &mut dyn Connection,
    sealer: &dyn AuditSealer,
    max_events: u32,
) -> StoreResult<Option<CheckpointRow>> {
    // Held until commit or rollback, whatever happens.
    if !tx.try_lock(SEAL_LOCK).await? {
        return Ok(None);
    }
    let previous = query(concat!(
        checkpoint_select!(),
        " ORDER BY tree_size DESC LIMIT 1"
    ))
    .fetch_optional(&mut *tx)
    .await
    .map_err(db)?
    .as_ref()
    .map(checkpoint_from)
    .transpose()?;
    // Every event committed before now is visible below, and none commits
    // until this seal does: positions follow id order on both engines
    // (SQLite's one writer already guarantees it).
    tx.lock_tables_against_writes(&["audit_events"]).await?;
    refuse_sealed_past(&mut *tx, previous.as_ref().map_or(0, |c| c.tree_size)).await?;
    let rows = query(concat!(
        event_select!(),
        " WHERE tree_position IS NULL ORDER BY id LIMIT $1"
    ))
    .bind(i64::from(max_events))
    .fetch_all(&mut *tx)
    .await
    .map_err(db)?;
    let events = events_from(&rows)?;
    if events.is_empty() {
        return Ok(None);
    }
    let batch = sealer
        .seal(previous.as_ref(), &events)
        .map_err(|e| StoreError::Backend(format!("sealing the audit log failed: {e}")))?;
    let first_position = check_batch(previous.as_ref(), &events, &batch)?;
    // One statement per chunk of the batch.
    let sealed = events.iter().zip(first_position..).zip(&batch.leaf_hashes);
    for chunk in sealed.collect::<Vec<_>>().chunks(SEAL_CHUNK) {
        let mut update = QueryBuilder::new("WITH s (id, position, leaf_hash) AS (VALUES ");
        let mut rows = update.separated(", ");
        for ((event, position), leaf_hash) in chunk {
            rows.push("(")
                .push_bind_unseparated(event.id)
                .push_unseparated(", ")
                .push_bind_unseparated(*position)
                .push_unseparated(", ")
                .push_bind_unseparated(leaf_hash.as_slice())
                .push_unseparated(")");
        }
        update.push(
            ") UPDATE audit_events SET tree_position = s.position, leaf_hash = s.leaf_hash
             FROM s WHERE audit_events.id = s.id",
        );
        update.build().execute(&mut *tx).await?;
    }
    insert_checkpoint(tx, &batch.checkpoint).await?;
    Ok(Some(batch.checkpoint))
}

/// Events already sealed at or past the latest checkpoint's size mean the
/// checkpoints were altered (the latest deleted, the table emptied, or a
/// tail rolled back with its checkpoint): sealing on would reuse their
/// positions. Refused with the reason rather than a unique violation.
async fn refuse_sealed_past(conn: &mut dyn Connection, tree_size: i64) -> StoreResult<()> {
    let past: i64 = query_scalar("SELECT COUNT(*) FROM audit_events WHERE tree_position >= $1")
        .bind(tree_size)
        .fetch_one(conn)
        .await
        .map_err(db)?;
    if past > 0 {
        return Err(StoreError::Backend(format!(
            "sealing the audit log refused: {past} event(s) are sealed at or past position \
             {tree_size}, the size of the latest checkpoint, so checkpoints were removed; \
             run `concord audit verify`"
        )));
    }
    Ok(())
}

/// A sealer's answer must cover exactly the events given and extend the
/// tree by that many leaves; anything else would corrupt the log. Returns
/// the first new position.
pub fn check_batch(
    previous: Option<&CheckpointRow>,
    events: &[AuditEventRow],
    batch: &SealedBatch,
) -> StoreResult<i64> {
    let first = previous.map_or(0, |c| c.tree_size);
    let expected_size = first + events.len() as i64;
    if batch.leaf_hashes.len() != events.len() || batch.checkpoint.tree_size != expected_size {
        return Err(StoreError::Backend(format!(
            "sealing the audit log failed: the sealer returned {} leaves and tree size {} for {} events after tree size {first}",
            batch.leaf_hashes.len(),
            batch.checkpoint.tree_size,
            events.len()
        )));
    }
    Ok(first)
}
