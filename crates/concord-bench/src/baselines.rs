//! The same-run baselines, served from this process on their own runtime
//! (two worker threads, like the server under test): a bare axum "hello"
//! handler and an indexed point read on the database under test (SQLite:
//! by rowid; PostgreSQL: by primary key), one row per request.

use axum::Router;
use axum::extract::State;
use axum::routing::get;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Where the baselines answer.
pub struct Baselines {
    pub hello: SocketAddr,
}

/// Starts the hello handler on a runtime of its own thread.
pub fn start_hello() -> anyhow::Result<Baselines> {
    let hello =
        serve_on_own_runtime(|| async { Ok(Router::new().route("/", get(|| async { "hello" }))) })?;
    Ok(Baselines { hello })
}

/// The database's point-read baseline: `GET /` reads one case row by its
/// key, cycling over the first 1,000 keys.
pub fn start_point_read(database_url: String) -> anyhow::Result<SocketAddr> {
    serve_on_own_runtime(move || async move { point_read_router(&database_url).await })
}

enum Reader {
    Sqlite(sqlx::SqlitePool, Vec<i64>),
    Postgres(sqlx::PgPool, Vec<String>),
}

struct PointRead {
    reader: Reader,
    next: AtomicUsize,
}

async fn point_read_router(database_url: &str) -> anyhow::Result<Router> {
    let reader = if database_url.starts_with("postgres") {
        let pool = sqlx::postgres::PgPoolOptions::new()
            .max_connections(8)
            .connect(database_url)
            .await?;
        let keys: Vec<String> = sqlx::query_scalar("SELECT id::text FROM cases LIMIT 1000")
            .fetch_all(&pool)
            .await?;
        Reader::Postgres(pool, keys)
    } else {
        let options = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(database_url.trim_start_matches("sqlite://"))
            .read_only(true);
        let pool = sqlx::sqlite::SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await?;
        let keys: Vec<i64> = sqlx::query_scalar("SELECT rowid FROM cases LIMIT 1000")
            .fetch_all(&pool)
            .await?;
        Reader::Sqlite(pool, keys)
    };
    let state = Arc::new(PointRead {
        reader,
        next: AtomicUsize::new(0),
    });
    Ok(Router::new().route("/", get(read_one)).with_state(state))
}

async fn read_one(State(state): State<Arc<PointRead>>) -> Result<String, axum::http::StatusCode> {
    let n = state.next.fetch_add(1, Ordering::Relaxed);
    let failed = |_| axum::http::StatusCode::INTERNAL_SERVER_ERROR;
    let status: String = match &state.reader {
        Reader::Sqlite(pool, keys) if !keys.is_empty() => {
            sqlx::query_scalar("SELECT status FROM cases WHERE rowid = $1")
                .bind(keys[n % keys.len()])
                .fetch_one(pool)
                .await
                .map_err(failed)?
        }
        Reader::Postgres(pool, keys) if !keys.is_empty() => {
            sqlx::query_scalar("SELECT status FROM cases WHERE id = $1::uuid")
                .bind(&keys[n % keys.len()])
                .fetch_one(pool)
                .await
                .map_err(failed)?
        }
        _ => return Err(axum::http::StatusCode::NOT_FOUND),
    };
    Ok(status)
}

/// Serves the router made by `make` on a new two-thread runtime in a
/// thread of its own, for the rest of the run; returns its address.
fn serve_on_own_runtime<F, Fut>(make: F) -> anyhow::Result<SocketAddr>
where
    F: FnOnce() -> Fut + Send + 'static,
    Fut: std::future::Future<Output = anyhow::Result<Router>>,
{
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = match tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
        {
            Ok(runtime) => runtime,
            Err(e) => {
                let _ = tx.send(Err(anyhow::Error::from(e)));
                return;
            }
        };
        runtime.block_on(async move {
            let started = async {
                let router = make().await?;
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
                anyhow::Ok((router, listener))
            }
            .await;
            match started {
                Ok((router, listener)) => {
                    let _ = tx.send(listener.local_addr().map_err(Into::into));
                    let _ = axum::serve(listener, router).await;
                }
                Err(e) => {
                    let _ = tx.send(Err(e));
                }
            }
        });
    });
    rx.recv()?
}
