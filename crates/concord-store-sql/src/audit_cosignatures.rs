//! Network witnesses' cosignatures of the audit checkpoints, and the
//! checkpoints still to show them.

use crate::audit::checkpoint_from;
use crate::sql::*;
use concord_store::{CheckpointRow, CosignatureRow, StoreResult};

pub async fn latest_checkpoint(pool: &dyn Database) -> StoreResult<Option<CheckpointRow>> {
    checkpoint_before(pool, i64::MAX).await
}

pub async fn checkpoint_before(
    pool: &dyn Database,
    tree_size: i64,
) -> StoreResult<Option<CheckpointRow>> {
    let row = query(
        "SELECT tree_size, root_hash, frontier, signed_at, public_key, signature, leaf_hashes,
                consistency_proof
         FROM checkpoints WHERE tree_size < $1 ORDER BY tree_size DESC LIMIT 1",
    )
    .bind(tree_size)
    .fetch_optional(pool)
    .await
    .map_err(db)?;
    row.as_ref().map(checkpoint_from).transpose()
}

pub async fn checkpoints_after(
    pool: &dyn Database,
    tree_size: i64,
    limit: u32,
) -> StoreResult<Vec<CheckpointRow>> {
    let rows = query(
        "SELECT tree_size, root_hash, frontier, signed_at, public_key, signature, leaf_hashes,
                consistency_proof
         FROM checkpoints WHERE tree_size > $1 ORDER BY tree_size LIMIT $2",
    )
    .bind(tree_size)
    .bind(i64::from(limit))
    .fetch_all(pool)
    .await
    .map_err(db)?;
    rows.iter().map(checkpoint_from).collect()
}

pub async fn add(pool: &dyn Database, cosignature: &CosignatureRow) -> StoreResult<()> {
    let mut tx = write_tx(pool).await?;
    query(
        "INSERT INTO audit_cosignatures (tree_size, witness, cosignature) VALUES ($1, $2, $3)
         ON CONFLICT (witness, tree_size) DO NOTHING",
    )
    .bind(cosignature.tree_size)
    .bind(&cosignature.witness)
    .bind(&cosignature.cosignature)
    .execute(&mut *tx)
    .await
    .map_err(db)?;
    tx.commit().await.map_err(db)
}

pub async fn list(pool: &dyn Database) -> StoreResult<Vec<CosignatureRow>> {
    let rows = query(
        "SELECT tree_size, witness, cosignature FROM audit_cosignatures
         ORDER BY tree_size, witness",
    )
    .fetch_all(pool)
    .await
    .map_err(db)?;
    rows.iter()
        .map(|row| {
            Ok(CosignatureRow {
                tree_size: get(row, "tree_size")?,
                witness: get(row, "witness")?,
                cosignature: get(row, "cosignature")?,
            })
        })
        .collect()
}

pub async fn latest(pool: &dyn Database, witness: &str) -> StoreResult<Option<i64>> {
    query_scalar("SELECT MAX(tree_size) FROM audit_cosignatures WHERE witness = $1")
        .bind(witness)
        .fetch_one(pool)
        .await
        .map_err(db)
}
