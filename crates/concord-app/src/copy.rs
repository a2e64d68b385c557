//! `concord copy-db`: everything from one database to another (either
//! engine to either), then proof that nothing was lost: equal row counts
//! and the same audit root, recomputed on the target.

use crate::error::{AppError, AppResult};
use concord_store::Store;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CopyReport {
    pub table_counts: Vec<(String, i64)>,
    pub audit_root: Option<Vec<u8>>,
}

/// Copies `from` into the empty `to` and checks the result. `public_key`
/// is the audit signing key the checkpoints must carry.
pub async fn copy_database(
    from: &dyn Store,
    to: &dyn Store,
    public_key: &[u8; 32],
) -> AppResult<CopyReport> {
    // One snapshot: a database in use can be copied.
    let (source_counts, dump) = from.export_counted().await?;
    to.import_all(&dump).await?;
    let target_counts = to.table_counts().await?;
    if source_counts != target_counts {
        return Err(AppError::Internal(format!(
            "row counts differ after copying: source {source_counts:?}, target {target_counts:?}"
        )));
    }
    if from.engine() != "sqlite"
        && let Some(newest) = dump.audit_events.iter().map(|e| e.id).max()
    {
        to.put_setting(
            crate::audit_verify::IDS_COPIED_WITH_GAPS_UP_TO,
            &newest.to_string(),
        )
        .await?;
    }
    // The copy holds the snapshot: its log verifies and ends at the
    // snapshot's latest checkpoint.
    let target = crate::audit::verify_store(to, public_key).await?;
    if let Some(problem) = target.problem.as_ref() {
        return Err(AppError::Internal(format!(
            "audit log check failed: {problem}"
        )));
    }
    let snapshot_root = dump.checkpoints.last().map(|c| c.root_hash.clone());
    if snapshot_root != target.root {
        return Err(AppError::Internal(
            "the audit root differs after copying".into(),
        ));
    }
    Ok(CopyReport {
        table_counts: target_counts,
        audit_root: target.root,
    })
}
