//! The storage conformance suite on PostgreSQL: every case gets a new
//! database of its own on the server named by CONCORD_TEST_POSTGRES_URL
//! (`./scripts/test` starts a throwaway one and sets it).

use concord_store::conformance::Fixture;
use concord_store_postgres::{connect, create_fresh_database};

async fn fresh_store() -> Fixture {
    // Never skip silently: a run without PostgreSQL has not tested it.
    let admin_url = std::env::var("CONCORD_TEST_POSTGRES_URL")
        .expect("set CONCORD_TEST_POSTGRES_URL (./scripts/test starts a throwaway PostgreSQL)");
    let url = create_fresh_database(&admin_url)
        .await
        .expect("a fresh PostgreSQL database");
    let store = connect(&url).await.expect("a fresh PostgreSQL store");
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
            let url = url.clone();
            async move {
                connect(&url)
                    .await
                    .expect("the same PostgreSQL database again")
            }
        })
}

concord_store::conformance_tests!(fresh_store);
concord_store::risk_conformance_tests!(fresh_store);
