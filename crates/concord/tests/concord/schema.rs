//! The two engines' migrations are written apart (their DDL differs), but
//! the queries are written once: both must produce the same tables, the same
//! columns in each, and the same named indexes.

use std::collections::BTreeSet;

type Names = BTreeSet<String>;

/// `table`, `table.column` and `index:name` for every table, column and
/// explicitly created index.
async fn sqlite_schema() -> Names {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("schema.db");
    let store = concord_store_sqlite::open(path.to_str().unwrap())
        .await
        .unwrap();
    let pool = store.database().pool();
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p
         WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE '_sqlx_%'",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    let indexes: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    names(rows, indexes)
}

async fn postgres_schema() -> Names {
    let admin = std::env::var("CONCORD_TEST_POSTGRES_URL")
        .expect("set CONCORD_TEST_POSTGRES_URL (./scripts/test starts a throwaway PostgreSQL)");
    let url = concord_store_postgres::create_fresh_database(&admin)
        .await
        .unwrap();
    let store = concord_store_postgres::connect(&url).await.unwrap();
    let pool = store.database().pool();
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT table_name::text, column_name::text FROM information_schema.columns
         WHERE table_schema = 'public' AND table_name NOT LIKE '\\_sqlx\\_%'",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    // Indexes that back a primary key or unique constraint are the
    // constraint's own (SQLite's are unnamed): only created ones count.
    let indexes: Vec<String> = sqlx::query_scalar(
        "SELECT indexname::text FROM pg_indexes WHERE schemaname = 'public'
           AND indexname NOT IN (SELECT conname FROM pg_constraint)",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    names(rows, indexes)
}

fn names(columns: Vec<(String, String)>, indexes: Vec<String>) -> Names {
    let mut names = Names::new();
    for (table, column) in columns {
        names.insert(table.clone());
        names.insert(format!("{table}.{column}"));
    }
    names.extend(indexes.into_iter().map(|i| format!("index:{i}")));
    names
}

#[tokio::test]
async fn both_engines_migrate_to_the_same_tables_columns_and_indexes() {
    let sqlite = sqlite_schema().await;
    let postgres = postgres_schema().await;
    let only_sqlite: Vec<_> = sqlite.difference(&postgres).collect();
    let only_postgres: Vec<_> = postgres.difference(&sqlite).collect();
    assert!(
        only_sqlite.is_empty() && only_postgres.is_empty(),
        "only on SQLite: {only_sqlite:?}\nonly on PostgreSQL: {only_postgres:?}"
    );
    assert!(sqlite.contains("survivors.name"), "the schema was read");
}
