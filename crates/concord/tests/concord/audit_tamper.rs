//! The tamper matrix of issue 18: someone with the database (and, last,
//! the signing key too) alters the audit log directly; `concord audit
//! verify`, given only the public key and the witness file, names the exact
//! position every time, and the sealer refuses to sign on top of it.

use super::support::run_concord;
use concord_app::AppConfig;
use concord_app::audit::event_leaf_hash;
use concord_app::audit_witness::WitnessFile;
use concord_domain::audit::{AuditAction, AuditOutcome};
use concord_store::{NewAuditEvent, Store};
use concord_testkit::{Engine, TestApp, TestAppOptions, on_both_engines, open_store};
use std::path::PathBuf;
use std::sync::Arc;

on_both_engines!(
    untouched_log_verifies_with_the_public_key_and_the_witness,
    changed_event_is_named,
    changed_event_with_recomputed_leaf_hash_is_named,
    swapped_positions_are_named,
    deleted_event_is_named,
    event_inserted_after_the_last_checkpoint_is_named,
    deleted_latest_checkpoint_is_named_and_sealing_refuses,
    truncated_checkpoints_are_named,
    deleted_middle_checkpoint_is_named,
    changed_frontier_is_named,
    copied_signature_is_named,
    altered_consistency_proof_is_named,
    rolled_back_tail_and_checkpoint_are_caught_by_the_witness,
    emptied_tables_are_caught_by_the_witness,
    rewrite_resigned_with_the_leaked_key_is_caught_by_the_witness,
    sealing_that_fails_is_an_alarm_on_healthz,
    sealing_under_load_writes_one_checkpoint_per_call,
);

/// A log of three checkpoints, witnessed in a file outside the database
/// folder (another disk in a deployment).
struct History {
    t: TestApp,
    store: Arc<dyn Store>,
    /// Tree sizes of the three checkpoints.
    sizes: [i64; 3],
    witness: PathBuf,
    _witness_dir: tempfile::TempDir,
}

async fn append(store: &dyn Store, n: usize) {
    for i in 0..n {
        let event = NewAuditEvent {
            at: chrono::Utc::now(),
            actor_user_id: None,
            actor_agency_id: None,
            action: AuditAction::AuditViewed,
            object_type: None,
            object_id: None,
            outcome: AuditOutcome::Success,
            details: serde_json::json!({ "n": i }),
        };
        store.append_audit(&event).await.unwrap();
    }
}

async fn history(engine: Engine) -> History {
    let witness_dir = tempfile::tempdir().unwrap();
    let witness = witness_dir.path().join("audit-witness");
    let options = TestAppOptions {
        config: AppConfig {
            audit_witness: Some(WitnessFile::new(&witness)),
            ..AppConfig::default()
        },
        ..TestAppOptions::default()
    };
    let t = TestApp::spawn_with(engine, options).await;
    let store = open_store(&t.database_url).await;
    for batch in [6, 5, 7] {
        append(&*store, batch).await;
        assert_eq!(t.app.seal_audit().await.unwrap(), 1);
    }
    let sizes: Vec<i64> = store
        .list_checkpoints()
        .await
        .unwrap()
        .iter()
        .map(|c| c.tree_size)
        .collect();
    History {
        t,
        store,
        sizes: sizes.try_into().expect("three checkpoints"),
        witness,
        _witness_dir: witness_dir,
    }
}

impl History {
    fn verify_with(&self, witness: bool) -> (bool, String) {
        let mut args = vec!["--database", &self.t.database_url, "audit", "verify"];
        let witness_path = self.witness.display().to_string();
        if witness {
            args.extend(["--audit-witness-file", &witness_path]);
        }
        run_concord(&self.t, &args)
    }

    /// Verifies (with the witness) and expects this damage reported.
    fn assert_damaged(&self, expected: &str) {
        let (ok, output) = self.verify_with(true);
        assert!(!ok, "verification must fail: {output}");
        assert!(
            output.contains(&format!("AUDIT LOG DAMAGED: {expected}")),
            "expected {expected:?} in {output}"
        );
    }

    async fn tamper(&self, sql: &str) -> u64 {
        self.t.tamper(sql).await
    }

    /// A blob literal in the engine's SQL.
    fn blob(&self, bytes: &[u8]) -> String {
        match self.t.engine {
            Engine::Sqlite => format!("X'{}'", hex::encode(bytes)),
            Engine::Postgres => format!("'\\x{}'::bytea", hex::encode(bytes)),
        }
    }

    /// New events sealed by the honest instance (with its witness).
    async fn seal_more(&self) -> Result<u32, String> {
        append(&*self.store, 2).await;
        self.t.app.seal_audit().await.map_err(|e| e.to_string())
    }
}

async fn untouched_log_verifies_with_the_public_key_and_the_witness(engine: Engine) {
    let h = history(engine).await;
    let (ok, output) = h.verify_with(true);
    assert!(ok, "{output}");
    assert!(output.contains("The audit log is intact"), "{output}");
    assert!(
        output.contains(&format!(
            "Checked {} sealed event(s) against 3 signed checkpoint(s) and 3 witnessed tree head(s)",
            h.sizes[2]
        )),
        "{output}"
    );
    // The latest checkpoint as a C2SP signed note.
    let (ok, note) = run_concord(
        &h.t,
        &["--database", &h.t.database_url, "audit", "checkpoint"],
    );
    assert!(ok, "{note}");
    assert!(
        note.starts_with(&format!("concord/audit\n{}\n", h.sizes[2])),
        "{note}"
    );
    assert!(note.contains("\n\n\u{2014} concord/audit "), "{note}");
}

async fn changed_event_is_named(engine: Engine) {
    let h = history(engine).await;
    let position = h.sizes[0] + 2;
    h.tamper(&format!(
        r#"UPDATE audit_events SET details = '{{"n":99}}' WHERE tree_position = {position}"#
    ))
    .await;
    h.assert_damaged(&format!("audit event at position {position} was altered"));
}

async fn changed_event_with_recomputed_leaf_hash_is_named(engine: Engine) {
    let h = history(engine).await;
    let position = h.sizes[0] + 3;
    let mut event = h.store.sealed_audit_events(position, 1).await.unwrap()[0].clone();
    event.details = r#"{"n":99}"#.into();
    let leaf = event_leaf_hash(&event);
    h.tamper(&format!(
        "UPDATE audit_events SET details = '{}', leaf_hash = {} WHERE tree_position = {position}",
        event.details,
        h.blob(&leaf)
    ))
    .await;
    h.assert_damaged(&format!("audit event at position {position} was altered"));
}

async fn swapped_positions_are_named(engine: Engine) {
    let h = history(engine).await;
    let p = h.sizes[1] + 1;
    for sql in [
        format!("UPDATE audit_events SET tree_position = -1 WHERE tree_position = {p}"),
        format!(
            "UPDATE audit_events SET tree_position = {p} WHERE tree_position = {}",
            p + 1
        ),
        format!(
            "UPDATE audit_events SET tree_position = {} WHERE tree_position = -1",
            p + 1
        ),
    ] {
        assert_eq!(h.tamper(&sql).await, 1);
    }
    h.assert_damaged(&format!("audit event at position {p} was altered"));
}

async fn deleted_event_is_named(engine: Engine) {
    let h = history(engine).await;
    let position = h.sizes[1] - 1;
    h.tamper(&format!(
        "DELETE FROM audit_events WHERE tree_position = {position}"
    ))
    .await;
    h.assert_damaged(&format!("audit event at position {position} is missing"));
}

async fn event_inserted_after_the_last_checkpoint_is_named(engine: Engine) {
    let h = history(engine).await;
    let position = h.sizes[2];
    let inserted = h
        .tamper(&format!(
            r#"INSERT INTO audit_events (at, actor_user_id, actor_agency_id, action, object_type,
                                         object_id, outcome, details, tree_position, leaf_hash)
               SELECT at, actor_user_id, actor_agency_id, action, object_type, object_id,
                      outcome, '{{"forged":true}}', {position}, leaf_hash
               FROM audit_events WHERE tree_position = 0"#
        ))
        .await;
    assert_eq!(inserted, 1);
    h.assert_damaged(&format!("audit event at position {position} was altered"));
}

async fn deleted_latest_checkpoint_is_named_and_sealing_refuses(engine: Engine) {
    let h = history(engine).await;
    h.tamper(&format!(
        "DELETE FROM checkpoints WHERE tree_size = {}",
        h.sizes[2]
    ))
    .await;
    h.assert_damaged(&format!(
        "audit events from position {} are sealed but no checkpoint covers them",
        h.sizes[1]
    ));
    let refused = h.seal_more().await.unwrap_err();
    assert!(
        refused.contains(&format!("sealed at or past position {}", h.sizes[1])),
        "{refused}"
    );
}

async fn truncated_checkpoints_are_named(engine: Engine) {
    let h = history(engine).await;
    h.tamper("DELETE FROM checkpoints").await;
    h.assert_damaged("audit events from position 0 are sealed but no checkpoint covers them");
}

async fn deleted_middle_checkpoint_is_named(engine: Engine) {
    let h = history(engine).await;
    h.tamper(&format!(
        "DELETE FROM checkpoints WHERE tree_size = {}",
        h.sizes[1]
    ))
    .await;
    h.assert_damaged(&format!(
        "a checkpoint between tree sizes {} and {} is missing",
        h.sizes[0], h.sizes[2]
    ));
}

async fn changed_frontier_is_named(engine: Engine) {
    let h = history(engine).await;
    h.tamper(&format!(
        "UPDATE checkpoints SET frontier = (SELECT frontier FROM checkpoints WHERE tree_size = {})
         WHERE tree_size = {}",
        h.sizes[1], h.sizes[2]
    ))
    .await;
    h.assert_damaged(&format!(
        "checkpoint of size {} has a frontier that does not match its root",
        h.sizes[2]
    ));
    let refused = h.seal_more().await.unwrap_err();
    assert!(refused.contains("does not match its root"), "{refused}");
}

async fn copied_signature_is_named(engine: Engine) {
    let h = history(engine).await;
    h.tamper(&format!(
        "UPDATE checkpoints SET signature = (SELECT signature FROM checkpoints WHERE tree_size = {})
         WHERE tree_size = {}",
        h.sizes[0], h.sizes[2]
    ))
    .await;
    h.assert_damaged(&format!(
        "checkpoint of size {} has a bad signature",
        h.sizes[2]
    ));
}

async fn altered_consistency_proof_is_named(engine: Engine) {
    let h = history(engine).await;
    h.tamper(&format!(
        "UPDATE checkpoints SET consistency_proof = leaf_hashes WHERE tree_size = {}",
        h.sizes[1]
    ))
    .await;
    h.assert_damaged(&format!(
        "checkpoint of size {} is not consistent with checkpoint of size {}",
        h.sizes[1], h.sizes[0]
    ));
}

/// Without the witness nothing in the database tells that the tail was
/// there; the witness remembers it, and refuses the next head.
async fn rolled_back_tail_and_checkpoint_are_caught_by_the_witness(engine: Engine) {
    let h = history(engine).await;
    let [_, kept, latest] = h.sizes;
    h.tamper(&format!(
        "DELETE FROM audit_events WHERE tree_position >= {kept}"
    ))
    .await;
    h.tamper(&format!(
        "DELETE FROM checkpoints WHERE tree_size = {latest}"
    ))
    .await;
    h.assert_damaged(&format!(
        "the witness remembers tree size {latest} but the database holds only {kept} sealed event(s)"
    ));
    let refused = h.seal_more().await.unwrap_err();
    assert!(
        refused.contains(&format!(
            "it remembers tree size {latest}, but the database's latest checkpoint is tree size {kept}"
        )),
        "{refused}"
    );
}

async fn emptied_tables_are_caught_by_the_witness(engine: Engine) {
    let h = history(engine).await;
    h.tamper("DELETE FROM checkpoints").await;
    h.tamper("DELETE FROM audit_events").await;
    h.assert_damaged(&format!(
        "the witness remembers tree size {} but the database holds only 0 sealed event(s)",
        h.sizes[2]
    ));
}

/// Someone with the database and the signing key unseals everything,
/// changes an event and seals it all again: every signature is good, only
/// the witness (which they do not have) tells.
async fn rewrite_resigned_with_the_leaked_key_is_caught_by_the_witness(engine: Engine) {
    let h = history(engine).await;
    let position = h.sizes[0] - 2;
    h.tamper("DELETE FROM checkpoints").await;
    h.tamper("UPDATE audit_events SET tree_position = NULL, leaf_hash = NULL")
        .await;
    let sealed = h.store.sealed_audit_events(0, 1).await.unwrap();
    assert!(sealed.is_empty());
    // The event that held `position`, by id order.
    h.tamper(&format!(
        r#"UPDATE audit_events SET details = '{{"n":99}}'
           WHERE id = (SELECT id FROM audit_events ORDER BY id LIMIT 1 OFFSET {position})"#
    ))
    .await;
    let attacker = h.t.spawn_sharing(TestAppOptions::default()).await;
    assert_eq!(attacker.app.seal_audit().await.unwrap(), 1);

    let (ok, output) = h.verify_with(false);
    assert!(
        ok,
        "re-signed with the real key, it verifies alone: {output}"
    );
    h.assert_damaged(&format!(
        "the witness remembers another root at tree size {}",
        h.sizes[0]
    ));
    let refused = h.seal_more().await.unwrap_err();
    assert!(refused.contains("the log was rewritten"), "{refused}");
}

async fn health(t: &TestApp) -> (u16, String) {
    let reply = reqwest::get(format!("{}/healthz", t.base_url))
        .await
        .unwrap();
    (reply.status().as_u16(), reply.text().await.unwrap())
}

/// A sealer that cannot seal takes the instance out of rotation with the
/// reason and the backlog, and comes back when sealing works again.
async fn sealing_that_fails_is_an_alarm_on_healthz(engine: Engine) {
    let h = history(engine).await;
    assert_eq!(health(&h.t).await, (200, "ok".to_string()));
    let latest = h.sizes[2];
    h.tamper(&format!(
        "CREATE TABLE kept AS SELECT * FROM checkpoints WHERE tree_size = {latest}"
    ))
    .await;
    h.tamper(&format!(
        "DELETE FROM checkpoints WHERE tree_size = {latest}"
    ))
    .await;
    assert!(h.seal_more().await.is_err());
    let (status, body) = health(&h.t).await;
    assert_eq!(status, 503, "{body}");
    assert!(body.contains("audit log not sealing since "), "{body}");
    assert!(
        body.contains(&format!("sealed at or past position {}", h.sizes[1])),
        "{body}"
    );
    assert!(body.contains("unsealed audit events: 2"), "{body}");

    // Putting the checkpoint back (from a backup, say) ends the alarm.
    h.tamper("INSERT INTO checkpoints SELECT * FROM kept").await;
    assert_eq!(h.t.app.seal_audit().await.unwrap(), 1);
    assert_eq!(health(&h.t).await, (200, "ok".to_string()));
}

/// Events keep coming while the sealer runs: one call writes one
/// checkpoint, not one per event that arrived meanwhile.
async fn sealing_under_load_writes_one_checkpoint_per_call(engine: Engine) {
    let h = history(engine).await;
    let writer = {
        let store = Arc::clone(&h.store);
        tokio::spawn(async move { append(&*store, 300).await })
    };
    let mut calls = 0;
    let mut checkpoints = 0;
    while !writer.is_finished() {
        checkpoints += h.t.app.seal_audit().await.unwrap();
        calls += 1;
    }
    writer.await.unwrap();
    checkpoints += h.t.app.seal_audit().await.unwrap();
    calls += 1;
    assert!(
        checkpoints <= calls,
        "{checkpoints} checkpoints in {calls} calls"
    );
    let (ok, output) = h.verify_with(true);
    assert!(ok, "{output}");
}
