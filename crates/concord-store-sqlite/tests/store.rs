//! The storage conformance suite on SQLite: every case gets its own new
//! database file in its own temporary folder.

use concord_store::conformance::Fixture;
use concord_store_sqlite::open;

async fn fresh_store() -> Fixture {
    let folder = tempfile::tempdir().expect("a temporary folder");
    // A folder that does not exist yet: open must create it.
    let path = folder.path().join("data").join("concord.db");
    let path = path.to_str().expect("a UTF-8 path").to_string();
    let store = open(&path).await.expect("a fresh SQLite store");
    let raw = store.clone();
    Fixture::new(store)
        .tampering(move |sql| {
            let raw = raw.clone();
            async move {
                sqlx::query(sqlx::AssertSqlSafe(sql))
                    .execute(raw.database().pool())
                    .await
                    .expect("a tampering statement")
                    .rows_affected()
            }
        })
        .reopening(move || {
            let path = path.clone();
            async move { open(&path).await.expect("the same SQLite file again") }
        })
        .keeping(folder)
}

concord_store::conformance_tests!(fresh_store);
concord_store::risk_conformance_tests!(fresh_store);
