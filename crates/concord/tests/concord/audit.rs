//! `concord audit verify` on an untouched database, and after someone with
//! database access alters or deletes an audit event.

use super::support::{run_concord, signed_in};
use concord_testkit::{Engine, TestApp, on_both_engines};

on_both_engines!(
    verify_passes_on_an_untouched_log,
    verify_names_an_altered_event,
    verify_names_a_deleted_event,
    events_record_no_personal_data,
    sealing_takes_every_waiting_event_in_full_batches,
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
