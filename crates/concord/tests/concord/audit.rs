//! `concord audit verify` on an untouched database, and after someone with
//! database access alters or deletes an audit event.

use super::support::{audit_public_key, concord_binary, run_concord, signed_in};
use concord_testkit::{Engine, TestApp, on_both_engines};

on_both_engines!(
    verify_passes_on_an_untouched_log,
    verify_names_an_altered_event,
    verify_names_a_deleted_event,
    events_record_no_personal_data,
    sealing_takes_every_waiting_event_in_full_batches,
    verify_needs_only_the_public_key_and_creates_nothing,
    administrators_see_the_sealing_alarm_on_their_home_page,
);

/// A database with a few dozen sealed events in several checkpoints.
async fn sealed_history(engine: Engine) -> TestApp {
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    assert!(t.app.seal_audit().await.unwrap() >= 1);
    signed_in(&t, "analyst").await;
    t.browser()
        .sign_in("analyst", "a wrong password here")
        .await;
    assert!(t.app.seal_audit().await.unwrap() >= 1);
    t
}

fn verify(t: &TestApp) -> (bool, String) {
    run_concord(t, &["--database", &t.database_url, "audit", "verify"])
}

async fn verify_passes_on_an_untouched_log(engine: Engine) {
    let t = sealed_history(engine).await;
    let (ok, output) = verify(&t);
    assert!(ok, "{output}");
    assert!(output.contains("The audit log is intact"), "{output}");
    assert!(output.contains("Audit root: "), "{output}");
}

async fn verify_names_an_altered_event(engine: Engine) {
    let t = sealed_history(engine).await;
    let changed = t
        .tamper(r#"UPDATE audit_events SET details = '{"tampered":true}' WHERE tree_position = 7"#)
        .await;
    assert_eq!(changed, 1);
    let (ok, output) = verify(&t);
    assert!(!ok, "verification must fail: {output}");
    assert!(
        output.contains("audit event at position 7 was altered"),
        "{output}"
    );
}

async fn verify_names_a_deleted_event(engine: Engine) {
    let t = sealed_history(engine).await;
    let deleted = t
        .tamper("DELETE FROM audit_events WHERE tree_position = 12")
        .await;
    assert_eq!(deleted, 1);
    let (ok, output) = verify(&t);
    assert!(!ok, "verification must fail: {output}");
    assert!(
        output.contains("audit event at position 12 is missing"),
        "{output}"
    );
}

/// Names and user names never enter the audit log.
async fn events_record_no_personal_data(engine: Engine) {
    let t = sealed_history(engine).await;
    let (mut admin, _) = signed_in(&t, "admin").await;
    let token = super::support::api_token(&mut admin, "read", "30").await;
    let events: serde_json::Value = reqwest::Client::new()
        .get(admin.url("/api/v1/audit-events?limit=500"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let text = events.to_string();
    assert!(text.contains("sign_in.failed"), "failures are audited");
    assert!(text.contains("user.created"));
    for personal in [
        "police.officer",
        "Tomas Varga",
        "Amina Yusuf",
        "shelter.caseworker",
        "127.0.0.1",
    ] {
        assert!(
            !text.contains(personal),
            "{personal} leaked into the audit log"
        );
    }
}

/// Sealing stops after a batch short of full (so that steady writes do not
/// keep it sealing back to back), yet everything waiting when it is called
/// is sealed: 2,000 events per checkpoint, then the rest.
async fn sealing_takes_every_waiting_event_in_full_batches(engine: Engine) {
    use concord_domain::audit::{AuditAction, AuditOutcome};
    let t = TestApp::spawn(engine).await;
    t.app.seal_audit().await.unwrap();
    let store = concord_testkit::open_store(&t.database_url).await;
    assert_eq!(store.count_unsealed_audit_events().await.unwrap(), 0);
    let writers: Vec<_> = (0..8)
        .map(|_| {
            let store = store.clone();
            let at = t.app.now();
            tokio::spawn(async move {
                for _ in 0..(4001 / 8 + 1) {
                    let event = concord_store::NewAuditEvent {
                        at,
                        actor_user_id: None,
                        actor_agency_id: None,
                        action: AuditAction::AuditViewed,
                        object_type: None,
                        object_id: None,
                        outcome: AuditOutcome::Success,
                        details: serde_json::json!({}),
                    };
                    store.append_audit(&event).await.unwrap();
                }
            })
        })
        .collect();
    for writer in writers {
        writer.await.unwrap();
    }
    assert_eq!(store.count_unsealed_audit_events().await.unwrap(), 4008);
    assert_eq!(t.app.seal_audit().await.unwrap(), 3, "2,000 + 2,000 + 8");
    assert_eq!(store.count_unsealed_audit_events().await.unwrap(), 0);
    assert_eq!(t.app.seal_audit().await.unwrap(), 0, "nothing left to seal");
}

/// `audit public-key` prints the key `audit verify` needs; verify with it
/// alone, in a folder without any key, works and leaves the folder empty;
/// without a key it says so in other words than damage, and exits 2.
async fn verify_needs_only_the_public_key_and_creates_nothing(engine: Engine) {
    let t = sealed_history(engine).await;
    let (ok, printed) = run_concord(&t, &["audit", "public-key"]);
    assert!(ok, "{printed}");
    assert_eq!(
        printed.trim(),
        audit_public_key(t.keys.audit_signing.public_key())
    );

    let empty = tempfile::tempdir().unwrap();
    let outsider = |public_key: Option<&str>| {
        let mut command = concord_binary();
        command
            .args(["--database", &t.database_url, "audit", "verify"])
            .env_remove("CONCORD_MASTER_KEY")
            .env_remove("CONCORD_AUDIT_SIGNING_KEY")
            .env_remove("CONCORD_AUDIT_PUBLIC_KEY")
            .env("CONCORD_DATA_DIR", empty.path())
            .env("CONCORD_LOG", "error");
        if let Some(key) = public_key {
            command.args(["--audit-public-key", key]);
        }
        command.output().unwrap()
    };
    let verified = outsider(Some(printed.trim()));
    let text = String::from_utf8_lossy(&verified.stdout);
    assert!(verified.status.success(), "{text}");
    assert!(text.contains("The audit log is intact"), "{text}");

    let refused = outsider(None);
    let text = String::from_utf8_lossy(&refused.stdout);
    assert_eq!(refused.status.code(), Some(2), "{text}");
    assert!(
        text.contains("CANNOT VERIFY the audit log: no audit public key"),
        "{text}"
    );
    assert!(!text.contains("DAMAGED"), "{text}");

    let malformed = outsider(Some("not a key"));
    let text = String::from_utf8_lossy(&malformed.stdout);
    assert_eq!(malformed.status.code(), Some(2), "{text}");
    assert!(
        text.contains("CANNOT VERIFY the audit log: --audit-public-key"),
        "{text}"
    );

    let other_key =
        audit_public_key(concord_crypto::keys::AuditSigningKey::generate().public_key());
    let wrong = outsider(Some(&other_key));
    let text = String::from_utf8_lossy(&wrong.stdout);
    assert_eq!(wrong.status.code(), Some(1), "{text}");
    assert!(
        text.contains("signed by another key than the one given"),
        "{text}"
    );

    assert_eq!(
        std::fs::read_dir(empty.path()).unwrap().count(),
        0,
        "verify created nothing"
    );
}

/// A sealer that cannot seal is on the system administrator's home page,
/// with the reason; not on a caseworker's.
async fn administrators_see_the_sealing_alarm_on_their_home_page(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    t.app.seal_audit().await.unwrap();
    let (mut admin, _) = signed_in(&t, "admin").await;
    let (mut caseworker, _) = signed_in(&t, "shelter.caseworker").await;
    assert!(!admin.get("/").await.body.contains("audit-sealing-alarm"));
    t.tamper("DELETE FROM checkpoints").await;
    assert!(t.app.seal_audit().await.is_err());
    let home = admin.get("/").await;
    assert!(
        home.body.contains("id=\"audit-sealing-alarm\""),
        "{}",
        home.body
    );
    assert!(
        home.body
            .contains("The audit log has not been sealed since"),
        "{}",
        home.body
    );
    assert!(
        home.body.contains("sealed at or past position 0"),
        "{}",
        home.body
    );
    assert!(
        !caseworker
            .get("/")
            .await
            .body
            .contains("audit-sealing-alarm")
    );
}
