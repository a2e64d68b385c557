//! The figures of the issue, each measured against a prepared database
//! and a running server: P1 caseload (API and page), P2 a deep page, P3
//! the heaviest views (medians with one client), P4 audit verification
//! against raw SHA-256, P6 peak memory and bytes per case, W registrations
//! through the API.

use crate::load::{self, Measured, Request};
use crate::report::{HEALTHZ, LoadFigure, Report, Row};
use crate::server::{Prepared, Server};
use anyhow::Context;
use sha2::{Digest, Sha256};
use std::net::SocketAddr;
use std::path::Path;
use std::time::{Duration, Instant};

/// What every load figure of the run shares.
pub struct Load {
    pub connections: usize,
    pub duration: Duration,
}

/// One engine at one scale.
pub struct Subject<'a> {
    pub engine: &'a str,
    pub cases: u64,
    pub prepared: &'a Prepared,
}

impl Subject<'_> {
    pub fn row(&self, figure: &str, load: Option<LoadFigure>, note: impl Into<String>) -> Row {
        Row {
            figure: figure.into(),
            engine: self.engine.into(),
            cases: Some(self.cases),
            load,
            note: note.into(),
        }
    }

    fn secret(&self, account: &str, kind: &str) -> anyhow::Result<String> {
        self.prepared.sign_in[account][kind]
            .as_str()
            .map(str::to_string)
            .with_context(|| format!("no {kind} for {account} in the bench sign-in"))
    }

    pub fn api(&self, account: &str, path: &str) -> anyhow::Result<Request> {
        Ok(Request::get(path).header(
            "authorization",
            format!("Bearer {}", self.secret(account, "api_token")?),
        ))
    }

    pub fn page(&self, account: &str, path: &str) -> anyhow::Result<Request> {
        Ok(Request::get(path).header(
            "cookie",
            format!("concord_session={}", self.secret(account, "session")?),
        ))
    }
}

pub const CASEWORKER: &str = "national.caseworker";
pub const SUPERVISOR: &str = "national.supervisor";
const COORDINATOR: &str = "marac.coordinator";
const SECRETARIAT: &str = "secretariat";
const CASELOAD_API: &str = "/api/v1/cases?limit=50";

/// Checks the request is answered 2xx before measuring it: a figure of
/// refusals would be meaningless.
pub async fn probe(
    addr: SocketAddr,
    figure: &str,
    request: &Request,
) -> anyhow::Result<bytes::Bytes> {
    let (status, body) = load::fetch(addr, request).await?;
    anyhow::ensure!(
        (200..300).contains(&status),
        "{figure}: {} answered {status}",
        request.path
    );
    Ok(body)
}

pub async fn measure(
    addrs: &[SocketAddr],
    figure: &str,
    request: &Request,
    load: &Load,
) -> anyhow::Result<Measured> {
    probe(addrs[0], figure, request).await?;
    let measured = load::run(addrs, request, load.connections, load.duration).await?;
    eprintln!(
        "  {figure}: {:.0} req/s, p99 {:.1} ms",
        measured.per_second(),
        measured.quantile_ms(0.99)
    );
    Ok(measured)
}

/// `/healthz`, the SQL point read, P1 API and page, P2 deep page; P6 peak
/// memory after them.
pub async fn caseload(
    report: &mut Report,
    s: &Subject<'_>,
    server: &Server,
    point_read: SocketAddr,
    load: &Load,
) -> anyhow::Result<()> {
    let addrs = [server.addr];
    let m = measure(&addrs, HEALTHZ, &Request::get("/healthz"), load).await?;
    report.push(s.row(HEALTHZ, Some((&m).into()), ""));
    let m = measure(
        &[point_read],
        "indexed point read",
        &Request::get("/"),
        load,
    )
    .await?;
    report.push(s.row("indexed point read (axum + 1 query)", Some((&m).into()), ""));
    let m = measure(
        &addrs,
        "P1 caseload API",
        &s.api(CASEWORKER, CASELOAD_API)?,
        load,
    )
    .await?;
    report.push(s.row("P1 caseload API, 50 rows", Some((&m).into()), ""));
    let m = measure(
        &addrs,
        "P1 caseload page",
        &s.page(CASEWORKER, "/cases")?,
        load,
    )
    .await?;
    report.push(s.row("P1 caseload page (HTML)", Some((&m).into()), ""));
    let (deep, page) = deep_page(server.addr, s).await?;
    let m = measure(&addrs, "P2 deep page", &deep, load).await?;
    report.push(s.row(
        "P2 caseload API, deep page",
        Some((&m).into()),
        format!("page {page} (keyset cursor)"),
    ));
    let rss = server
        .peak_rss_bytes()
        .map(|b| format!("{:.0} MB", b as f64 / 1e6))
        .unwrap_or_else(|| "unknown".into());
    report.push(s.row("P6 server peak RSS after P1/P2 load", None, rss));
    Ok(())
}

/// Follows the caseload's cursor up to page 101 (or the last page there
/// is) and returns the request for it.
async fn deep_page(addr: SocketAddr, s: &Subject<'_>) -> anyhow::Result<(Request, usize)> {
    let mut path = CASELOAD_API.to_string();
    let mut page = 1;
    while page < 101 {
        let body = probe(addr, "P2 walk", &s.api(CASEWORKER, &path)?).await?;
        let json: serde_json::Value = serde_json::from_slice(&body)?;
        let Some(cursor) = json["next_cursor"].as_str() else {
            break;
        };
        path = format!("{CASELOAD_API}&cursor={}", percent_encode(cursor));
        page += 1;
    }
    Ok((s.api(CASEWORKER, &path)?, page))
}

fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// P3: the heaviest views, one client at a time (medians and p99).
pub async fn heavy_views(
    report: &mut Report,
    s: &Subject<'_>,
    server: &Server,
    load: &Load,
) -> anyhow::Result<()> {
    let one = Load {
        connections: 1,
        duration: load.duration,
    };
    let mut views = vec![
        ("P3 case worker's home page", s.page(CASEWORKER, "/")?),
        ("P3 supervisor's home page", s.page(SUPERVISOR, "/")?),
        ("P3 referral queue", s.page(CASEWORKER, "/referrals")?),
        (
            "P3 referral pathway",
            s.page(SECRETARIAT, "/directory/pathway")?,
        ),
    ];
    if let Some(conference) = first_link(
        server.addr,
        &s.page(COORDINATOR, "/conferences")?,
        "/conferences/",
    )
    .await?
    {
        views.push((
            "P3 conference page",
            s.page(COORDINATOR, &format!("/conferences/{conference}"))?,
        ));
        views.push((
            "P3 conference dataset",
            s.page(COORDINATOR, &format!("/conferences/{conference}/dataset"))?,
        ));
    }
    if let Some(body) =
        first_link(server.addr, &s.page(SECRETARIAT, "/bodies")?, "/bodies/").await?
    {
        views.push((
            "P3 body scorecard",
            s.page(SECRETARIAT, &format!("/bodies/{body}/scorecard"))?,
        ));
    }
    for (figure, request) in views {
        match measure(&[server.addr], figure, &request, &one).await {
            Ok(m) => report.push(s.row(
                figure,
                None,
                format!(
                    "median {:.1} ms, p99 {:.1} ms (1 client)",
                    m.quantile_ms(0.5),
                    m.quantile_ms(0.99)
                ),
            )),
            Err(e) => report.push(s.row(figure, None, format!("not measured: {e}"))),
        }
    }
    Ok(())
}

/// The id after the first `href="{prefix}` of a page.
async fn first_link(
    addr: SocketAddr,
    request: &Request,
    prefix: &str,
) -> anyhow::Result<Option<String>> {
    let body = probe(addr, "link", request).await?;
    let html = String::from_utf8_lossy(&body);
    let needle = format!("href=\"{prefix}");
    Ok(html
        .find(&needle)
        .map(|at| {
            html[at + needle.len()..]
                .chars()
                .take_while(|c| c.is_ascii_hexdigit() || *c == '-')
                .collect::<String>()
        })
        .filter(|id| id.len() == 36))
}

/// W: survivors registered through the API by the bench case worker.
pub async fn registrations(
    report: &mut Report,
    s: &Subject<'_>,
    server: &Server,
    load: &Load,
) -> anyhow::Result<()> {
    let body = serde_json::json!({
        "name": "", "date_of_birth": "", "age_years": "30", "sex_gender": "female",
        "displacement": "resident", "languages": "English", "contact_method": "phone",
        "contact_details": "+000 555 0100", "safe_times": "", "code_word": ""
    });
    let token = s.secret(CASEWORKER, "api_token")?;
    let request = Request::post_json("/api/v1/survivors", &body)
        .header("authorization", format!("Bearer {token}"));
    let m = measure(&[server.addr], "W registrations", &request, load).await?;
    report.push(s.row(
        "W survivors registered through the API",
        Some((&m).into()),
        "",
    ));
    let raw = raw_inserts_per_second(s, load).await?;
    report.push(s.row("W raw inserts, same durability", None, format!(
        "{raw:.0} rows/s, one row per transaction, {} writers: API registrations are {:.1} % of it",
        load.connections, 100.0 * m.per_second() / raw
    )));
    Ok(())
}

/// One-row transactions into a scratch table, with the store's
/// durability (SQLite: WAL, synchronous=FULL, in a scratch file next to
/// the database; PostgreSQL: a scratch table in the same database).
async fn raw_inserts_per_second(s: &Subject<'_>, load: &Load) -> anyhow::Result<f64> {
    let body = "x".repeat(600);
    let deadline = Instant::now() + load.duration;
    let started = Instant::now();
    let mut writers = tokio::task::JoinSet::new();
    if s.prepared.database.starts_with("postgres") {
        let pool = sqlx::postgres::PgPoolOptions::new()
            .max_connections(load.connections as u32)
            .connect(&s.prepared.database)
            .await?;
        sqlx::query(RAW_CREATE).execute(&pool).await?;
        for w in 0..load.connections {
            let (pool, body) = (pool.clone(), body.clone());
            writers.spawn(async move {
                let mut n = 0u64;
                while Instant::now() < deadline {
                    sqlx::query(RAW_INSERT)
                        .bind(format!("{w}-{n}-{}", started.elapsed().as_nanos()))
                        .bind(&body)
                        .execute(&pool)
                        .await?;
                    n += 1;
                }
                anyhow::Ok(n)
            });
        }
    } else {
        let options = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(s.prepared.data_dir.join("bench-raw-inserts.db"))
            .create_if_missing(true)
            .journal_mode(sqlx::sqlite::SqliteJournalMode::Wal)
            .synchronous(sqlx::sqlite::SqliteSynchronous::Full)
            .busy_timeout(Duration::from_secs(30));
        let pool = sqlx::sqlite::SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await?;
        sqlx::query(RAW_CREATE).execute(&pool).await?;
        for w in 0..load.connections {
            let (pool, body) = (pool.clone(), body.clone());
            writers.spawn(async move {
                let mut n = 0u64;
                while Instant::now() < deadline {
                    sqlx::query(RAW_INSERT)
                        .bind(format!("{w}-{n}-{}", started.elapsed().as_nanos()))
                        .bind(&body)
                        .execute(&pool)
                        .await?;
                    n += 1;
                }
                anyhow::Ok(n)
            });
        }
    }
    let mut rows = 0;
    while let Some(done) = writers.join_next().await {
        rows += done??;
    }
    let per_second = rows as f64 / started.elapsed().as_secs_f64();
    if s.prepared.database.starts_with("postgres") {
        let pool = sqlx::PgPool::connect(&s.prepared.database).await?;
        sqlx::query("DROP TABLE bench_raw_inserts")
            .execute(&pool)
            .await?;
    }
    Ok(per_second)
}

const RAW_CREATE: &str =
    "CREATE TABLE IF NOT EXISTS bench_raw_inserts (id TEXT PRIMARY KEY, body TEXT NOT NULL)";
const RAW_INSERT: &str = "INSERT INTO bench_raw_inserts (id, body) VALUES ($1, $2)";

/// P4: `concord audit verify` (after sealing) against SHA-256 of the same
/// events' content in memory; and the database's bytes per case.
pub async fn audit_and_size(
    report: &mut Report,
    s: &Subject<'_>,
    concord: &Path,
) -> anyhow::Result<()> {
    run_concord(concord, s.prepared, &["audit", "seal"])?;
    let started = Instant::now();
    // Verify as an outsider does: with the public key only.
    let public_key = run_concord(concord, s.prepared, &["audit", "public-key"])?;
    let output = run_concord(
        concord,
        s.prepared,
        &["audit", "verify", "--audit-public-key", public_key.trim()],
    )?;
    let seconds = started.elapsed().as_secs_f64();
    let events: f64 = output
        .split_whitespace()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .context("concord audit verify did not say how many events it checked")?;
    let leaves = audit_leaves(&s.prepared.database).await?;
    let raw = raw_sha256_per_second(&leaves);
    let verify = events / seconds;
    report.push(s.row("P4 concord audit verify", None, format!(
        "{:.0} events/s ({events} events, whole command); raw SHA-256 of the same events {:.0}/s: {:.1} %",
        verify, raw, 100.0 * verify / raw
    )));
    let bytes = database_bytes(&s.prepared.database).await?;
    report.push(s.row(
        "P6 database size",
        None,
        format!(
            "{:.0} MB, {:.2} KB per case",
            bytes as f64 / 1e6,
            bytes as f64 / 1e3 / s.cases as f64
        ),
    ));
    Ok(())
}

fn run_concord(concord: &Path, p: &Prepared, args: &[&str]) -> anyhow::Result<String> {
    run_concord_on(concord, &p.database, &p.data_dir, args)
}

/// Runs the concord binary on `database` with its keys in `data_dir`;
/// its output, or an error with it when it fails.
pub(crate) fn run_concord_on(
    concord: &Path,
    database: &str,
    data_dir: &Path,
    args: &[&str],
) -> anyhow::Result<String> {
    let output = std::process::Command::new(concord)
        .args(["--database", database, "--data-dir"])
        .arg(data_dir)
        .args(args)
        .env("CONCORD_LOG", "warn")
        .output()?;
    anyhow::ensure!(
        output.status.success(),
        "concord {} failed: {}{}",
        args.join(" "),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

const LEAF_QUERY: &str = "SELECT action || '|' || COALESCE(object_type, '') || '|' || COALESCE(object_id, '') || '|' || outcome || '|' || details FROM audit_events";

async fn audit_leaves(database: &str) -> anyhow::Result<Vec<String>> {
    Ok(if database.starts_with("postgres") {
        let pool = sqlx::PgPool::connect(database).await?;
        sqlx::query_scalar(LEAF_QUERY).fetch_all(&pool).await?
    } else {
        let pool = sqlx::SqlitePool::connect(&format!(
            "sqlite://{}",
            database.trim_start_matches("sqlite://")
        ))
        .await?;
        sqlx::query_scalar(LEAF_QUERY).fetch_all(&pool).await?
    })
}

/// RFC 6962 leaf hashes (0x00 prefix) of the leaves, per second.
fn raw_sha256_per_second(leaves: &[String]) -> f64 {
    let started = Instant::now();
    let mut last = [0u8; 32];
    for leaf in leaves {
        let mut hasher = Sha256::new();
        hasher.update([0u8]);
        hasher.update(leaf.as_bytes());
        hasher.update(last);
        last = hasher.finalize().into();
    }
    std::hint::black_box(last);
    leaves.len() as f64 / started.elapsed().as_secs_f64()
}

async fn database_bytes(database: &str) -> anyhow::Result<u64> {
    if database.starts_with("postgres") {
        let pool = sqlx::PgPool::connect(database).await?;
        let bytes: i64 = sqlx::query_scalar("SELECT pg_database_size(current_database())")
            .fetch_one(&pool)
            .await?;
        return Ok(bytes as u64);
    }
    let path = database.trim_start_matches("sqlite://");
    let size = |p: String| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
    Ok(size(path.to_string()) + size(format!("{path}-wal")))
}

/// The two-instance PostgreSQL figure: P1 API over two servers sharing
/// the database, connections alternating between them.
pub async fn two_instances(
    report: &mut Report,
    s: &Subject<'_>,
    servers: [&Server; 2],
    load: &Load,
) -> anyhow::Result<()> {
    let addrs = [servers[0].addr, servers[1].addr];
    let m = measure(
        &addrs,
        "P1 caseload API ×2",
        &s.api(CASEWORKER, CASELOAD_API)?,
        load,
    )
    .await?;
    report.push(Row {
        engine: format!("{} ×2", s.engine),
        ..s.row(
            "P1 caseload API, 50 rows",
            Some((&m).into()),
            "two instances, round-robin",
        )
    });
    Ok(())
}
