//! Spawning the application for one test.

use crate::browser::Browser;
use crate::engine::Engine;
use chrono::TimeZone;
use concord_app::keys::Keys;
use concord_app::{App, AppConfig, ManualClock};
use concord_domain::user::UserForm;
use concord_store::Store;
use secrecy::SecretString;
use std::net::SocketAddr;
use std::sync::Arc;

/// A running Concord for one test.
pub struct TestApp {
    pub engine: Engine,
    pub base_url: String,
    pub database_url: String,
    pub app: Arc<App>,
    pub clock: Arc<ManualClock>,
    pub keys: Arc<Keys>,
    /// Keeps the SQLite file (and key files) alive for the test.
    pub dir: Arc<tempfile::TempDir>,
    server: tokio::task::JoinHandle<()>,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        self.server.abort();
    }
}

#[derive(Default)]
pub struct TestAppOptions {
    pub config: AppConfig,
    pub demo_mode: bool,
    /// Off unless a test is about it: most tests make many requests
    /// from one address.
    pub rate_limit: Option<concord_web::RateLimit>,
}

/// Every test starts at the same instant, so nothing depends on the day it
/// runs.
fn start_time() -> chrono::DateTime<chrono::Utc> {
    chrono::Utc
        .with_ymd_and_hms(2026, 3, 2, 9, 0, 0)
        .single()
        .expect("a valid time")
}

pub async fn open_store(url: &str) -> Arc<dyn Store> {
    if url.starts_with("postgres") {
        Arc::new(
            concord_store_postgres::connect(url)
                .await
                .expect("open postgres store"),
        )
    } else {
        Arc::new(
            concord_store_sqlite::open(url)
                .await
                .expect("open sqlite store"),
        )
    }
}

impl TestApp {
    pub async fn spawn(engine: Engine) -> TestApp {
        Self::spawn_with(engine, TestAppOptions::default()).await
    }

    pub async fn spawn_with(engine: Engine, options: TestAppOptions) -> TestApp {
        let dir = Arc::new(tempfile::tempdir().expect("temp dir"));
        let database_url = engine.fresh_database(dir.path()).await;
        let keys = Arc::new(Keys::generate());
        let clock = Arc::new(ManualClock::new(start_time()));
        Self::start(engine, database_url, keys, clock, dir, options).await
    }

    /// A second instance on the same database with fresh keys: a
    /// deployment whose master key is wrong or missing.
    pub async fn spawn_with_other_keys(&self) -> TestApp {
        Self::start(
            self.engine,
            self.database_url.clone(),
            Arc::new(Keys::generate()),
            self.clock.clone(),
            self.dir.clone(),
            TestAppOptions::default(),
        )
        .await
    }

    /// A second instance on the same database with the same keys and
    /// clock, as behind a load balancer.
    pub async fn spawn_sharing(&self, options: TestAppOptions) -> TestApp {
        Self::start(
            self.engine,
            self.database_url.clone(),
            self.keys.clone(),
            self.clock.clone(),
            self.dir.clone(),
            options,
        )
        .await
    }

    /// A second instance on the same database and clock with the given
    /// keys: a deployment restarted after a master key rotation.
    pub async fn spawn_sharing_with_keys(&self, keys: Arc<Keys>) -> TestApp {
        Self::start(
            self.engine,
            self.database_url.clone(),
            keys,
            self.clock.clone(),
            self.dir.clone(),
            TestAppOptions::default(),
        )
        .await
    }

    async fn start(
        engine: Engine,
        database_url: String,
        keys: Arc<Keys>,
        clock: Arc<ManualClock>,
        dir: Arc<tempfile::TempDir>,
        options: TestAppOptions,
    ) -> TestApp {
        let store = open_store(&database_url).await;
        let mut config = options.config;
        config.demo_mode = options.demo_mode;
        let app = Arc::new(App::new(store, clock.clone(), keys.clone(), config));
        let router = concord_web::router(
            app.clone(),
            concord_web::WebConfig {
                demo_mode: options.demo_mode,
                rate_limit: options.rate_limit,
                ..Default::default()
            },
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let address = listener.local_addr().expect("address");
        let server = tokio::spawn(async move {
            axum::serve(
                listener,
                router.into_make_service_with_connect_info::<SocketAddr>(),
            )
            .await
            .expect("serve");
        });
        TestApp {
            engine,
            base_url: format!("http://{address}"),
            database_url,
            app,
            clock,
            keys,
            dir,
            server,
        }
    }

    /// A browser with its own cookie jar.
    pub fn browser(&self) -> Browser {
        Browser::new(&self.base_url, self.clock.clone())
    }

    /// Seeds the demo district (areas, agencies, demo accounts).
    pub async fn seed_demo(&self) {
        self.app.seed_demo().await.expect("seed demo");
    }

    /// Creates an account from the command line (no web actor) in the
    /// agency with this exact name; returns its password.
    pub async fn create_user(&self, username: &str, agency: &str, roles: &[&str]) -> String {
        let agency = self
            .app
            .find_agency_for_command_line(agency)
            .await
            .expect("find agency")
            .expect("agency exists");
        let password = format!("{username} long test password");
        let form = UserForm {
            username: username.to_string(),
            display_name: format!("Test {username}"),
            agency_id: agency.id.to_string(),
            roles: roles.iter().map(|r| r.to_string()).collect(),
            email: String::new(),
        };
        // Passwords may not contain the user name.
        let password = password.replace(username, "tester");
        self.app
            .create_user_from_command_line(&form, &SecretString::from(password.clone()), false)
            .await
            .expect("create user");
        password
    }

    /// The id of an account, read straight from the store.
    pub async fn user_id(&self, username: &str) -> concord_domain::ids::UserId {
        let store = open_store(&self.database_url).await;
        store
            .find_user_by_username(username)
            .await
            .expect("query")
            .expect("user exists")
            .id
    }

    /// Whether `needle` appears anywhere in the raw database, read past
    /// Concord the way someone holding a copy of it could: the SQLite file
    /// and its write-ahead log byte by byte, or every PostgreSQL table's
    /// rows as text (byte columns appear hex-encoded there, so the hex form
    /// is searched too).
    pub async fn database_contains(&self, needle: &str) -> bool {
        match self.engine {
            Engine::Sqlite => {
                let path = self
                    .database_url
                    .trim_start_matches("sqlite://")
                    .to_string();
                [path.clone(), format!("{path}-wal")].iter().any(|file| {
                    std::fs::read(file)
                        .map(|bytes| bytes.windows(needle.len()).any(|w| w == needle.as_bytes()))
                        .unwrap_or(false)
                })
            }
            Engine::Postgres => {
                use sqlx::{Connection, Row};
                let mut conn = sqlx::PgConnection::connect(&self.database_url)
                    .await
                    .expect("connect");
                let tables: Vec<String> = sqlx::query(
                    "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public'",
                )
                .fetch_all(&mut conn)
                .await
                .expect("tables")
                .iter()
                .map(|r| r.get::<String, _>(0))
                .collect();
                let hex: String = needle.bytes().map(|b| format!("{b:02x}")).collect();
                for table in tables {
                    let sql =
                        format!("SELECT coalesce(string_agg(t::text, ' '), '') FROM \"{table}\" t");
                    let text: String = sqlx::query(sqlx::AssertSqlSafe(sql))
                        .fetch_one(&mut conn)
                        .await
                        .expect("dump table")
                        .get(0);
                    if text.contains(needle) || text.contains(&hex) {
                        return true;
                    }
                }
                false
            }
        }
    }

    /// Runs SQL straight against the database, as an attacker with
    /// database access could.
    pub async fn tamper(&self, sql: &str) -> u64 {
        self.engine.execute_raw(&self.database_url, sql).await
    }
}
