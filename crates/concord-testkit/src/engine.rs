//! Which storage engine a test runs on, and a fresh database for it.

use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

impl Engine {
    /// A new, empty database URL: a file in `dir` for SQLite, a freshly
    /// created database on the test cluster for PostgreSQL.
    pub async fn fresh_database(self, dir: &Path) -> String {
        match self {
            Engine::Sqlite => format!("sqlite://{}", dir.join("concord.db").display()),
            Engine::Postgres => {
                let admin = std::env::var("CONCORD_TEST_POSTGRES_URL").expect(
                    "set CONCORD_TEST_POSTGRES_URL (./scripts/test starts a throwaway PostgreSQL)",
                );
                concord_store_postgres::create_fresh_database(&admin)
                    .await
                    .expect("could not create a test database")
            }
        }
    }

    /// Runs raw SQL against a database, bypassing Concord: for tests that
    /// play the part of someone tampering with the database.
    pub async fn execute_raw(self, url: &str, sql: &str) -> u64 {
        match self {
            Engine::Sqlite => {
                use sqlx::Connection;
                let mut conn = sqlx::SqliteConnection::connect(url)
                    .await
                    .expect("connect sqlite");
                sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_string()))
                    .execute(&mut conn)
                    .await
                    .expect("raw sql")
                    .rows_affected()
            }
            Engine::Postgres => {
                use sqlx::Connection;
                let mut conn = sqlx::PgConnection::connect(url)
                    .await
                    .expect("connect postgres");
                sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_string()))
                    .execute(&mut conn)
                    .await
                    .expect("raw sql")
                    .rows_affected()
            }
        }
    }
}
