//! `concord backup FILE` and `concord restore FILE` (SQLite; PostgreSQL is
//! backed up with `pg_dump`, see the README's "Backups and restore").
//!
//! A backup seals waiting audit events first, copies the database online in
//! one consistent snapshot (`VACUUM INTO`: writers go on meanwhile; a plain
//! `cp` of a live file misses what is still in the write-ahead log), and
//! then verifies the copy's audit log. A restore verifies the copy before
//! putting it in place, and never overwrites a database.

use crate::cli::StorageArgs;
use crate::database::{database_url, is_postgres};
use anyhow::Context;
use concord_app::AppConfig;
use concord_app::audit::verify_store;
use concord_app::audit_witness::WitnessFile;
use concord_store::Store;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const POSTGRES: &str = "on PostgreSQL, back up with pg_dump and restore with pg_restore, \
     then check with `concord audit verify` (README: \"Backups and restore\")";

pub async fn backup(
    storage: &StorageArgs,
    file: &Path,
    witness: Option<PathBuf>,
) -> anyhow::Result<ExitCode> {
    let url = database_url(storage.database.as_deref(), &storage.data_dir);
    anyhow::ensure!(
        !is_postgres(&url),
        "concord backup copies SQLite databases; {POSTGRES}"
    );
    anyhow::ensure!(!file.exists(), "{} already exists", file.display());
    let config = AppConfig {
        audit_witness: witness.map(WitnessFile::new),
        ..AppConfig::default()
    };
    let app = crate::open_app(storage, config).await?;
    app.seal_audit()
        .await
        .context("sealing the audit log before the backup failed")?;
    let source = concord_store_sqlite::open(&url).await?;
    let target = file.to_str().context("the backup file name is not UTF-8")?;
    concord_store_sqlite::backup_into(&source, target)
        .await
        .with_context(|| format!("copying the database into {}", file.display()))?;
    source.close().await;
    let public_key = crate::audit::signing_key(storage)?.public_key();
    check_copy(file, &public_key).await
}

pub async fn restore(
    storage: &StorageArgs,
    file: &Path,
    public_key: Option<String>,
) -> anyhow::Result<ExitCode> {
    let url = database_url(storage.database.as_deref(), &storage.data_dir);
    anyhow::ensure!(
        !is_postgres(&url),
        "concord restore puts back SQLite backups; {POSTGRES}"
    );
    let target = crate::audit::sqlite_file(&url).to_path_buf();
    anyhow::ensure!(
        !target.exists(),
        "{} exists: move it away first (restore never overwrites a database)",
        target.display()
    );
    anyhow::ensure!(file.is_file(), "no backup at {}", file.display());
    let public_key = crate::audit::public_key(public_key)?;
    // A scratch copy made by SQLite itself (a plain file copy would miss
    // whatever is in the backup's write-ahead log), checked, then moved.
    let scratch = target.with_extension("restoring");
    anyhow::ensure!(!scratch.exists(), "{} is in the way", scratch.display());
    // Read-only, no migration: the backup is evidence and stays as it was.
    concord_store_sqlite::copy_read_only(
        file.to_str().context("the backup name is not UTF-8")?,
        scratch.to_str().context("the database name is not UTF-8")?,
    )
    .await
    .with_context(|| format!("copying {} to {}", file.display(), scratch.display()))?;
    let checked = check_copy(&scratch, &public_key).await?;
    if checked != ExitCode::SUCCESS {
        remove_with_wal(&scratch);
        println!("Nothing was restored.");
        return Ok(checked);
    }
    std::fs::rename(&scratch, &target)
        .with_context(|| format!("moving the restored database to {}", target.display()))?;
    remove_with_wal(&scratch);
    println!("Restored into {}.", target.display());
    Ok(ExitCode::SUCCESS)
}

/// Opens the copy, verifies its audit log and closes it again (folding its
/// write-ahead log back into the file).
async fn check_copy(file: &Path, public_key: &[u8; 32]) -> anyhow::Result<ExitCode> {
    let path = file.to_str().context("the file name is not UTF-8")?;
    let copy = concord_store_sqlite::open(path).await?;
    let report = verify_store(&copy, public_key).await?;
    let events = copy.table_counts().await?;
    copy.close().await;
    let audit_events = events
        .iter()
        .find(|(table, _)| table == "audit_events")
        .map_or(0, |(_, n)| *n);
    match report.problem {
        None => {
            println!(
                "{}: {audit_events} audit event(s), {} sealed; audit root {}; the copy verifies.",
                file.display(),
                report.events_checked,
                report.root.as_deref().map(hex::encode).unwrap_or_default()
            );
            Ok(ExitCode::SUCCESS)
        }
        Some(problem) => {
            println!("{}: the copy does NOT verify: {problem}", file.display());
            Ok(ExitCode::FAILURE)
        }
    }
}

fn remove_with_wal(file: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut name = file.as_os_str().to_owned();
        name.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(name));
    }
}
