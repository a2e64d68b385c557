//! The network witness of issue 18 (`concord audit witness`, c2sp.org
//! tlog-witness): another organisation's service, with its own key, that
//! cosigns every checkpoint extending the last one it cosigned. Someone
//! holding the database *and* the signing key rolls the log back or
//! rewrites it; the witness refuses the next checkpoint (an alarm), and
//! `audit verify`, given the witness, names the damage. A witness that
//! cannot be reached is an alarm too, while accesses are still recorded and
//! sealed; it catches up when it answers again.

use super::support::{api_token, audit_public_key, run_concord, signed_in};
use concord_app::AppConfig;
use concord_app::audit_cosigning::WitnessEndpoint;
use concord_app::audit_witness_service::{Witness, WitnessedLog};
use concord_app::clock::SystemClock;
use concord_crypto::keys::AuditSigningKey;
use concord_domain::audit::{AuditAction, AuditOutcome};
use concord_store::{NewAuditEvent, Store};
use concord_testkit::{Engine, TestApp, TestAppOptions, on_both_engines, open_store};
use std::net::SocketAddr;
use std::sync::Arc;

on_both_engines!(
    every_checkpoint_is_cosigned_and_verify_checks_the_cosignatures,
    rolled_back_tail_and_checkpoint_are_caught_by_the_network_witness,
    rewrite_resigned_with_the_leaked_key_is_caught_by_the_network_witness,
    an_unreachable_witness_is_an_alarm_while_recording_goes_on,
    deleted_unsealed_events_are_named_on_both_engines,
    the_backlog_and_alarms_are_a_metric_for_system_administrators,
);

const WITNESS_NAME: &str = "oversight.example/concord-witness";

/// The witness, run by "the oversight body": its own key and memory.
struct RunningWitness {
    witness: Witness,
    address: SocketAddr,
    server: tokio::task::JoinHandle<()>,
    _dir: tempfile::TempDir,
}

impl RunningWitness {
    async fn start(log_public_key: [u8; 32]) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let log = WitnessedLog::from_verifier_key(&audit_public_key(log_public_key)).unwrap();
        let witness = Witness::new(
            WITNESS_NAME,
            AuditSigningKey::generate(),
            vec![log],
            dir.path().join("memory.json"),
            Arc::new(SystemClock),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let server = serve(listener, witness.clone());
        Self {
            witness,
            address,
            server,
            _dir: dir,
        }
    }

    /// `URL=KEY`, as an instance and a verifier are given it.
    fn endpoint(&self) -> String {
        format!(
            "http://{}={}",
            self.address,
            self.witness.cosigner().verifier_key()
        )
    }

    fn stop(&self) {
        self.server.abort();
    }

    /// The same witness (key and memory) back on the same address.
    async fn restart(&mut self) {
        let listener = tokio::net::TcpListener::bind(self.address).await.unwrap();
        self.server = serve(listener, self.witness.clone());
    }
}

impl Drop for RunningWitness {
    fn drop(&mut self) {
        self.server.abort();
    }
}

fn serve(listener: tokio::net::TcpListener, witness: Witness) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        axum::serve(listener, concord_web::witness_router(witness))
            .await
            .unwrap();
    })
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

/// An instance posting to the witness, with three cosigned checkpoints.
struct History {
    t: TestApp,
    _first: TestApp,
    store: Arc<dyn Store>,
    witness: RunningWitness,
    sizes: [i64; 3],
}

async fn history(engine: Engine) -> History {
    // The witness is told the log's key first, then the instance posts.
    let first = TestApp::spawn(engine).await;
    let witness = RunningWitness::start(first.keys.audit_signing.public_key()).await;
    let t = first
        .spawn_sharing(TestAppOptions {
            config: AppConfig {
                audit_witnesses: vec![WitnessEndpoint::parse(&witness.endpoint()).unwrap()],
                ..AppConfig::default()
            },
            ..TestAppOptions::default()
        })
        .await;
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
        _first: first,
        store,
        witness,
        sizes: sizes.try_into().expect("three checkpoints"),
    }
}

impl History {
    /// `audit verify` with the public key and the witness (URL=KEY).
    fn verify(&self) -> (bool, String) {
        let endpoint = self.witness.endpoint();
        run_concord(
            &self.t,
            &[
                "--database",
                &self.t.database_url,
                "audit",
                "verify",
                "--audit-witness",
                &endpoint,
            ],
        )
    }

    fn assert_damaged(&self, expected: &str) {
        let (ok, output) = self.verify();
        assert!(!ok, "verification must fail: {output}");
        assert!(
            output.contains(&format!("AUDIT LOG DAMAGED: {expected}")),
            "expected {expected:?} in {output}"
        );
    }

    async fn seal_more(&self) {
        append(&*self.store, 2).await;
        self.t.app.seal_audit().await.unwrap();
    }

    async fn health(&self) -> (u16, String) {
        let reply = reqwest::get(format!("{}/healthz", self.t.base_url))
            .await
            .unwrap();
        (reply.status().as_u16(), reply.text().await.unwrap())
    }
}

async fn every_checkpoint_is_cosigned_and_verify_checks_the_cosignatures(engine: Engine) {
    let h = history(engine).await;
    let cosigned: Vec<i64> = h
        .store
        .list_audit_cosignatures()
        .await
        .unwrap()
        .iter()
        .map(|c| c.tree_size)
        .collect();
    assert_eq!(cosigned, h.sizes.to_vec(), "each checkpoint, once");
    assert_eq!(h.health().await, (200, "ok".to_string()));
    let (ok, output) = h.verify();
    assert!(ok, "{output}");
    assert!(output.contains("The audit log is intact"), "{output}");
    assert!(
        output.contains("and 1 witnessed tree head(s)"),
        "the witness's latest head: {output}"
    );
    assert!(
        output.contains("Checked 3 witness cosignature(s)."),
        "{output}"
    );

    // The witness answers a log it does not follow with 404, and the
    // specification's statuses for the rest (unit tests in the app crate).
    let stranger = reqwest::Client::new()
        .post(format!("http://{}/add-checkpoint", h.witness.address))
        .body("old 0\n\nelsewhere/log\n1\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n\n\u{2014} elsewhere/log AAAA\n")
        .send()
        .await
        .unwrap();
    assert_eq!(stranger.status().as_u16(), 404);
}

/// The attacker removes the last batch, its checkpoint and its stored
/// cosignature: nothing in the database remembers them, the witness does.
async fn rolled_back_tail_and_checkpoint_are_caught_by_the_network_witness(engine: Engine) {
    let h = history(engine).await;
    let [_, kept, latest] = h.sizes;
    h.t.tamper(&format!(
        "DELETE FROM audit_events WHERE tree_position >= {kept}"
    ))
    .await;
    h.t.tamper(&format!(
        "DELETE FROM checkpoints WHERE tree_size = {latest}"
    ))
    .await;
    h.t.tamper(&format!(
        "DELETE FROM audit_cosignatures WHERE tree_size = {latest}"
    ))
    .await;
    // Numbers are gone too; that the witness tells alone is shown by the
    // rewrite below. Here: what verify names first.
    h.assert_damaged(&format!(
        "the witness remembers tree size {latest} but the database holds only {kept} sealed event(s)"
    ));

    // The instance goes on recording and sealing; the witness refuses.
    h.seal_more().await;
    let (status, body) = h.health().await;
    assert_eq!(status, 503, "{body}");
    assert!(
        body.contains(&format!(
            "audit witness {WITNESS_NAME} not cosigning since "
        )),
        "{body}"
    );
    assert!(
        body.contains(&format!(
            "remembers tree size {latest}, which this database has no checkpoint of (the log was rolled back)"
        )),
        "{body}"
    );
    assert!(
        h.store
            .latest_checkpoint()
            .await
            .unwrap()
            .is_some_and(|c| c.tree_size == kept + 2),
        "sealing went on"
    );
}

/// Someone with the database and the signing key unseals everything,
/// changes an event and seals it all again: every signature is good; the
/// stored cosignatures no longer match, and once those are removed too the
/// witness's own memory tells, and it refuses the next checkpoint.
async fn rewrite_resigned_with_the_leaked_key_is_caught_by_the_network_witness(engine: Engine) {
    let h = history(engine).await;
    let latest = h.sizes[2];
    h.t.tamper("DELETE FROM checkpoints").await;
    h.t.tamper("UPDATE audit_events SET tree_position = NULL, leaf_hash = NULL")
        .await;
    h.t.tamper(
        r#"UPDATE audit_events SET details = '{"n":99}'
           WHERE id = (SELECT id FROM audit_events ORDER BY id LIMIT 1 OFFSET 3)"#,
    )
    .await;
    let attacker = h.t.spawn_sharing(TestAppOptions::default()).await;
    assert_eq!(attacker.app.seal_audit().await.unwrap(), 1);

    let (ok, output) = run_concord(&h.t, &["--database", &h.t.database_url, "audit", "verify"]);
    assert!(
        ok,
        "re-signed with the real key, it verifies alone: {output}"
    );
    // Offline, with the witness key only: the cosignature kept for the
    // latest size does not cover the new root.
    let key = h.witness.witness.cosigner().verifier_key();
    let (ok, output) = run_concord(
        &h.t,
        &[
            "--database",
            &h.t.database_url,
            "audit",
            "verify",
            "--audit-witness",
            &key,
        ],
    );
    assert!(!ok, "{output}");
    assert!(
        output.contains(&format!(
            "AUDIT LOG DAMAGED: checkpoint of size {latest} does not match the cosignature of witness {WITNESS_NAME}"
        )),
        "{output}"
    );

    h.t.tamper("DELETE FROM audit_cosignatures").await;
    h.assert_damaged(&format!(
        "the witness remembers another root at tree size {latest}"
    ));
    h.seal_more().await;
    let (status, body) = h.health().await;
    assert_eq!(status, 503, "{body}");
    assert!(
        body.contains(&format!(
            "refuses the checkpoint of tree size {} (422): the consistency proof from tree size {latest} to {} does not hold: the log was rewritten",
            latest + 2,
            latest + 2
        )),
        "{body}"
    );
}

/// Recording and sealing never wait for a witness; its absence is on
/// /healthz until it answers, then it is given every checkpoint it missed.
async fn an_unreachable_witness_is_an_alarm_while_recording_goes_on(engine: Engine) {
    let mut h = history(engine).await;
    h.witness.stop();
    h.t.seed_demo().await;
    h.seal_more().await;
    h.seal_more().await;
    let (status, body) = h.health().await;
    assert_eq!(status, 503, "{body}");
    assert!(
        body.contains(&format!(
            "audit witness {WITNESS_NAME} not cosigning since "
        )),
        "{body}"
    );
    assert!(body.contains("cannot be reached"), "{body}");
    let checkpoints = h.store.list_checkpoints().await.unwrap();
    assert!(
        checkpoints.len() >= 5,
        "sealing went on without the witness"
    );
    assert_eq!(h.store.list_audit_cosignatures().await.unwrap().len(), 3);
    // On the system administrator's home page, not a caseworker's.
    let (mut admin, _) = signed_in(&h.t, "admin").await;
    let home = admin.get("/").await.body;
    assert!(home.contains("id=\"audit-witness-alarm\""), "{home}");
    assert!(
        home.contains("has not cosigned the audit log since"),
        "{home}"
    );
    let (mut caseworker, _) = signed_in(&h.t, "shelter.caseworker").await;
    assert!(
        !caseworker
            .get("/")
            .await
            .body
            .contains("audit-witness-alarm")
    );

    h.witness.restart().await;
    h.t.app.seal_audit().await.unwrap();
    assert_eq!(h.health().await, (200, "ok".to_string()));
    let cosigned: Vec<i64> = h
        .store
        .list_audit_cosignatures()
        .await
        .unwrap()
        .iter()
        .map(|c| c.tree_size)
        .collect();
    // Every checkpoint, the missed ones and the one just sealed.
    let sizes: Vec<i64> = h
        .store
        .list_checkpoints()
        .await
        .unwrap()
        .iter()
        .map(|c| c.tree_size)
        .collect();
    assert!(sizes.len() > checkpoints.len());
    assert_eq!(cosigned, sizes, "the missed checkpoints, in order");
    let (ok, output) = h.verify();
    assert!(ok, "{output}");
    assert!(
        output.contains(&format!("Checked {} witness cosignature(s).", sizes.len())),
        "{output}"
    );
}

/// Ids have gaps on PostgreSQL (a rolled-back insert uses one up); the
/// gap-free number does not. An event deleted before the seal, in the
/// middle or the last one, is named on both engines.
async fn deleted_unsealed_events_are_named_on_both_engines(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    let store = open_store(&t.database_url).await;
    append(&*store, 4).await;
    t.app.seal_audit().await.unwrap();
    append(&*store, 3).await;
    let verify = || run_concord(&t, &["--database", &t.database_url, "audit", "verify"]);
    let (ok, output) = verify();
    assert!(ok, "{output}");

    // A rolled-back write takes no number.
    rolled_back_audit_insert(&t).await;
    let (ok, output) = verify();
    assert!(ok, "a rollback is no damage: {output}");

    let numbered = store.audit_numbering().await.unwrap();
    assert_eq!((numbered.events, numbered.counter), (7, 7));
    // The middle one of the three unsealed events.
    t.tamper("DELETE FROM audit_events WHERE seq = 6").await;
    let (ok, output) = verify();
    assert!(!ok, "{output}");
    assert!(
        output.contains("AUDIT LOG DAMAGED: audit event number 6 is missing"),
        "{output}"
    );
    // Sealed over, it stays named.
    t.app.seal_audit().await.unwrap();
    let (ok, output) = verify();
    assert!(!ok, "{output}");
    assert!(
        output.contains("audit event number 6 is missing")
            || output.contains("audit events with ids"),
        "{output}"
    );

    // The last event, before it is sealed.
    append(&*store, 1).await;
    t.tamper("DELETE FROM audit_events WHERE seq = 8").await;
    let (ok, output) = verify();
    assert!(!ok, "{output}");
    assert!(
        output.contains("audit event number 6 is missing")
            || output.contains("audit events with ids 6..6 are missing"),
        "the first damage, by number or (SQLite) by id: {output}"
    );
    t.tamper("UPDATE audit_sequence SET last = 5").await;
    let (ok, output) = verify();
    assert!(!ok, "a counter set back does not hide it: {output}");
}

/// An audit event written in a transaction that rolls back, as a failed
/// request's would be.
async fn rolled_back_audit_insert(t: &TestApp) {
    use sqlx::{Connection, Executor};
    // `at` is microseconds on SQLite, a timestamp on PostgreSQL.
    const ON_SQLITE: &str = "INSERT INTO audit_events (at, action, outcome, details)
                             VALUES (0, 'audit.viewed', 'success', '{}')";
    const ON_POSTGRES: &str = "INSERT INTO audit_events (at, action, outcome, details)
                               VALUES (CURRENT_TIMESTAMP, 'audit.viewed', 'success', '{}')";
    match t.engine {
        Engine::Sqlite => {
            let mut conn = sqlx::SqliteConnection::connect(&t.database_url)
                .await
                .unwrap();
            let mut tx = conn.begin().await.unwrap();
            tx.execute(ON_SQLITE).await.unwrap();
            tx.rollback().await.unwrap();
        }
        Engine::Postgres => {
            let mut conn = sqlx::PgConnection::connect(&t.database_url).await.unwrap();
            let mut tx = conn.begin().await.unwrap();
            tx.execute(ON_POSTGRES).await.unwrap();
            tx.rollback().await.unwrap();
        }
    }
}

/// `GET /api/v1/audit-health`: the unsealed backlog as a number, the latest
/// checkpoint and the alarms, for a monitor with a system administrator's
/// token; an agency administrator and a caseworker are refused.
async fn the_backlog_and_alarms_are_a_metric_for_system_administrators(engine: Engine) {
    let h = history(engine).await;
    h.t.seed_demo().await;
    let (mut admin, _) = signed_in(&h.t, "admin").await;
    let token = api_token(&mut admin, "read", "30").await;
    let health = || async {
        let reply = reqwest::Client::new()
            .get(format!("{}/api/v1/audit-health", h.t.base_url))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        assert_eq!(reply.status().as_u16(), 200);
        reply.json::<serde_json::Value>().await.unwrap()
    };
    h.t.app.seal_audit().await.unwrap();
    let sealed = health().await;
    let unsealed_now = h.store.count_unsealed_audit_events().await.unwrap();
    assert_eq!(sealed["unsealed_events"], unsealed_now, "{sealed}");
    let latest = h.store.latest_checkpoint().await.unwrap().unwrap();
    assert_eq!(sealed["latest_checkpoint_size"], latest.tree_size);
    assert_eq!(sealed["witness_alarms"], serde_json::json!([]));
    assert!(sealed["sealing_alarm"].is_null());

    append(&*h.store, 5).await;
    h.witness.stop();
    h.t.app.seal_audit().await.unwrap();
    append(&*h.store, 3).await;
    let waiting = health().await;
    let unsealed_now = h.store.count_unsealed_audit_events().await.unwrap();
    assert!(unsealed_now >= 3);
    assert_eq!(waiting["unsealed_events"], unsealed_now, "{waiting}");
    assert_eq!(waiting["witness_alarms"][0]["witness"], WITNESS_NAME);
    assert_eq!(waiting["witness_alarms"][0]["refused"], false);

    for username in ["shelter.admin", "shelter.caseworker"] {
        let (mut someone, _) = signed_in(&h.t, username).await;
        let token = api_token(&mut someone, "read", "30").await;
        let reply = reqwest::Client::new()
            .get(format!("{}/api/v1/audit-health", h.t.base_url))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        assert_eq!(reply.status().as_u16(), 403, "{username}");
    }
    let anonymous = reqwest::get(format!("{}/api/v1/audit-health", h.t.base_url))
        .await
        .unwrap();
    assert_eq!(anonymous.status().as_u16(), 401);
}
