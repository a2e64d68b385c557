//! `concord backup` copies a SQLite database in use without losing an
//! acknowledged write, verifies the copy, and `concord restore` puts back
//! only a copy that verifies: the restore drill. PostgreSQL is backed up
//! with pg_dump, and the command says so.

use super::support::run_concord;
use concord_domain::audit::{AuditAction, AuditOutcome};
use concord_store::{NewAuditEvent, Store};
use concord_testkit::{Engine, TestApp, on_both_engines, open_store};
use std::collections::BTreeSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

on_both_engines!(backup_under_concurrent_writes_loses_nothing_and_restores);

async fn append_one(store: &dyn Store, n: usize) {
    let event = NewAuditEvent {
        at: chrono::Utc::now(),
        actor_user_id: None,
        actor_agency_id: None,
        action: AuditAction::AuditViewed,
        object_type: None,
        object_id: None,
        outcome: AuditOutcome::Success,
        details: serde_json::json!({ "n": n }),
    };
    store.append_audit(&event).await.unwrap();
}

async fn audit_ids(store: &dyn Store) -> BTreeSet<i64> {
    store
        .export_all()
        .await
        .unwrap()
        .audit_events
        .iter()
        .map(|e| e.id)
        .collect()
}

async fn backup_under_concurrent_writes_loses_nothing_and_restores(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    let folder = tempfile::tempdir().unwrap();
    let file = folder.path().join("backup.db");
    let file_name = file.display().to_string();
    if engine == Engine::Postgres {
        let (ok, output) = run_concord(&t, &["--database", &t.database_url, "backup", &file_name]);
        assert!(!ok && output.contains("pg_dump"), "{output}");
        assert!(!file.exists());
        return;
    }
    let store = open_store(&t.database_url).await;
    let acknowledged = Arc::new(AtomicUsize::new(0));
    let (started, mut writing) = tokio::sync::watch::channel(false);
    let writer = {
        let (store, acknowledged) = (Arc::clone(&store), Arc::clone(&acknowledged));
        tokio::spawn(async move {
            for n in 0..400 {
                append_one(&*store, n).await;
                acknowledged.fetch_add(1, Ordering::SeqCst);
                if n == 50 {
                    let _ = started.send(true);
                }
            }
        })
    };
    writing.wait_for(|w| *w).await.unwrap();
    let before = audit_ids(&*store).await;
    // Run on a blocking thread: the writer goes on meanwhile.
    let backup = {
        let t_url = t.database_url.clone();
        let file_name = file_name.clone();
        let envs = super::support::concord_env(&t);
        tokio::task::spawn_blocking(move || {
            super::support::run_concord_with(&envs, &["--database", &t_url, "backup", &file_name])
        })
    };
    let (ok, output) = backup.await.unwrap();
    assert!(ok, "{output}");
    assert!(output.contains("the copy verifies"), "{output}");
    writer.await.unwrap();
    assert_eq!(acknowledged.load(Ordering::SeqCst), 400);

    // Every write acknowledged before the backup began is in the copy, and
    // the copy holds a prefix of the log: nothing in between is missing.
    let copy = open_store(&file_name).await;
    let copied = audit_ids(&*copy).await;
    assert!(before.is_subset(&copied), "acknowledged writes missing");
    let newest = *copied.last().unwrap();
    let all = audit_ids(&*store).await;
    let prefix: BTreeSet<i64> = all.range(..=newest).copied().collect();
    assert_eq!(copied, prefix);
    drop(copy);

    // The restore drill: into a new place, checked, then verified there.
    let restored = folder.path().join("restored.db").display().to_string();
    let (ok, output) = run_concord(&t, &["--database", &restored, "restore", &file_name]);
    assert!(ok, "{output}");
    let (ok, output) = run_concord(&t, &["--database", &restored, "audit", "verify"]);
    assert!(ok && output.contains("The audit log is intact"), "{output}");
    let (ok, output) = run_concord(&t, &["--database", &restored, "restore", &file_name]);
    assert!(
        !ok && output.contains("restore never overwrites"),
        "{output}"
    );

    // A damaged copy is not restored.
    engine
        .execute_raw(
            &file_name,
            "DELETE FROM audit_events WHERE tree_position = 3",
        )
        .await;
    let elsewhere = folder.path().join("elsewhere.db");
    let (ok, output) = run_concord(
        &t,
        &[
            "--database",
            &elsewhere.display().to_string(),
            "restore",
            &file_name,
        ],
    );
    assert!(!ok, "{output}");
    assert!(
        output.contains("does NOT verify: audit event at position 3 is missing"),
        "{output}"
    );
    assert!(!elsewhere.exists());
}
