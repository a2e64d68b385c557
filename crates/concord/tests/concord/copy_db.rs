//! `concord copy-db` SQLite → PostgreSQL → SQLite keeps every row and the
//! same audit root.

use super::support::{run_concord, signed_in};
use concord_testkit::{Engine, TestApp};

fn root_of(output: &str) -> String {
    output
        .split("audit root is ")
        .nth(1)
        .and_then(|rest| rest.split('.').next())
        .unwrap_or_else(|| panic!("no audit root in: {output}"))
        .to_string()
}

fn counts_of(output: &str) -> Vec<String> {
    output
        .lines()
        .filter(|l| l.starts_with("  "))
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn copy_round_trips_between_engines() {
    let t = TestApp::spawn(Engine::Sqlite).await;
    t.seed_demo().await;
    signed_in(&t, "shelter.caseworker").await;
    t.app.seal_audit().await.unwrap();
    let postgres = Engine::Postgres.fresh_database(t.dir.path()).await;
    let back = format!("sqlite://{}", t.dir.path().join("back.db").display());

    let (ok, there) = run_concord(
        &t,
        &["copy-db", "--from", &t.database_url, "--to", &postgres],
    );
    assert!(ok, "{there}");
    let (ok, home) = run_concord(&t, &["copy-db", "--from", &postgres, "--to", &back]);
    assert!(ok, "{home}");
    assert_eq!(root_of(&there), root_of(&home));
    assert_eq!(counts_of(&there), counts_of(&home));
    assert!(
        counts_of(&there)
            .iter()
            .any(|l| l.starts_with("users ") && !l.ends_with(" 0"))
    );

    // The copy is a working Concord: the audit log verifies there too, and
    // copying into a database that already has data is refused.
    let (ok, verified) = run_concord(&t, &["--database", &back, "audit", "verify"]);
    assert!(ok, "{verified}");
    assert!(verified.contains(&root_of(&there)));
    let (ok, refused) = run_concord(
        &t,
        &["copy-db", "--from", &t.database_url, "--to", &postgres],
    );
    assert!(!ok);
    assert!(refused.contains("not empty"), "{refused}");
}
