//! `concord-bench` (run through `bench/run`): prepares national databases
//! with `concord demo --scale national`, starts the real `concord` binary
//! on them, puts HTTP load on it and prints the figures as a markdown
//! table with ratios to baselines measured in the same run.

mod baselines;
mod figures;
mod hsds;
mod load;
mod report;
mod server;
mod statistics;

use clap::{Parser, ValueEnum};
use figures::{Load, Subject};
use report::{HELLO, Report, Row};
use server::Server;
use std::path::PathBuf;
use std::time::{Duration, Instant};

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Engine {
    Sqlite,
    Postgres,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Figure {
    /// /healthz, the point read, P1 caseload API and page, P2 deep page, P6 RSS
    Caseload,
    /// P3 heaviest views (medians, one client)
    Views,
    /// P4 audit verify vs raw SHA-256, and database bytes per case
    Audit,
    /// W registrations through the API
    Writes,
    /// P5 HSDS import (records/s)
    Hsds,
    /// PostgreSQL with two instances behind one address
    TwoInstances,
    /// S statistics dashboards (medians, one client)
    Statistics,
}

#[derive(Parser)]
#[command(about = "Concord's load runner: figures and ratios against same-run baselines")]
struct Args {
    /// Engines to measure.
    #[arg(long, value_enum, value_delimiter = ',', default_value = "sqlite")]
    engines: Vec<Engine>,
    /// National sizes (cases) to measure; each is generated once and kept.
    #[arg(long, value_delimiter = ',', default_value = "10000,100000")]
    cases: Vec<u64>,
    /// Figures to measure.
    #[arg(
        long,
        value_enum,
        value_delimiter = ',',
        default_value = "caseload,views,audit,hsds,writes,two-instances,statistics"
    )]
    figures: Vec<Figure>,
    /// Concurrent connections of every load figure.
    #[arg(long, default_value_t = 64)]
    connections: usize,
    /// Seconds per load figure.
    #[arg(long, default_value_t = 5)]
    seconds: u64,
    /// The concord binary (a release build).
    #[arg(long, default_value = "target/release/concord")]
    concord: PathBuf,
    /// Where the generated databases and key folders are kept.
    #[arg(long, default_value = "bench/work")]
    work: PathBuf,
    /// Organizations in the HSDS file of P5 (with their locations and
    /// services, copied from the demo directory).
    #[arg(long, default_value_t = 4000)]
    hsds_organizations: usize,
    /// A PostgreSQL server URL to create the bench databases in (with
    /// `--engines postgres`).
    #[arg(long, env = "CONCORD_BENCH_POSTGRES_URL", hide_env_values = true)]
    postgres_url: Option<String>,
    /// Prefix of the PostgreSQL databases made (one per size).
    #[arg(long, default_value = "concord_bench")]
    postgres_prefix: String,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let load = Load {
        connections: args.connections,
        duration: Duration::from_secs(args.seconds),
    };
    let mut report = Report::default();
    let hello = baselines::start_hello()?;
    let m = figures::measure(&[hello.hello], HELLO, &load::Request::get("/"), &load).await?;
    report.push(Row {
        figure: HELLO.into(),
        engine: "-".into(),
        cases: None,
        load: Some((&m).into()),
        note: String::new(),
    });
    for engine in &args.engines {
        for cases in &args.cases {
            measure_one(&args, &load, &mut report, *engine, *cases).await?;
        }
    }
    println!(
        "\n{} connections, {} s per load figure, {}\n",
        args.connections,
        args.seconds,
        machine()
    );
    println!("{}", report.markdown());
    Ok(())
}

async fn measure_one(
    args: &Args,
    load: &Load,
    report: &mut Report,
    engine: Engine,
    cases: u64,
) -> anyhow::Result<()> {
    let (name, database) = match engine {
        Engine::Sqlite => {
            let dir = args.work.join(format!("sqlite-{cases}"));
            ("sqlite", dir.join("concord.db").display().to_string())
        }
        Engine::Postgres => {
            let server = args
                .postgres_url
                .as_deref()
                .ok_or_else(|| anyhow::anyhow!("--engines postgres needs --postgres-url"))?;
            (
                "postgres",
                postgres_database(server, &format!("{}_{cases}", args.postgres_prefix)).await?,
            )
        }
    };
    let data_dir = args.work.join(format!("{name}-{cases}"));
    eprintln!("{name}, {cases} cases: preparing");
    let started = Instant::now();
    let prepared = server::prepare(&args.concord, &database, &data_dir, cases)?;
    let subject = Subject {
        engine: name,
        cases,
        prepared: &prepared,
    };
    if let Some(seconds) = prepared.seconds_to_generate {
        report.push(Row { figure: "national data generator".into(), engine: name.into(), cases: Some(cases), load: None,
            note: format!("{:.0} s, {:.0} cases/s (each: survivor, case, incident, notes, consents, steps, audit)", seconds, cases as f64 / seconds) });
    }
    eprintln!("  ready in {:.0} s", started.elapsed().as_secs_f64());
    let point_read = baselines::start_point_read(database.clone())?;
    let server = Server::start(&args.concord, &prepared).await?;
    if args.figures.contains(&Figure::Caseload) {
        figures::caseload(report, &subject, &server, point_read, load).await?;
    }
    if args.figures.contains(&Figure::Views) {
        figures::heavy_views(report, &subject, &server, load).await?;
    }
    if args.figures.contains(&Figure::Statistics) {
        statistics::dashboards(report, &subject, &server, load).await?;
    }
    if engine == Engine::Postgres && args.figures.contains(&Figure::TwoInstances) {
        let second = Server::start(&args.concord, &prepared).await?;
        figures::two_instances(report, &subject, [&server, &second], load).await?;
    }
    drop(server);
    // Before the writes, so the size is the generated database's.
    if args.figures.contains(&Figure::Audit) {
        figures::audit_and_size(report, &subject, &args.concord).await?;
    }
    if engine == Engine::Sqlite && args.figures.contains(&Figure::Hsds) {
        hsds::hsds_import(report, &subject, &args.concord, args.hsds_organizations).await?;
    }
    if args.figures.contains(&Figure::Writes) {
        let server = Server::start(&args.concord, &prepared).await?;
        figures::registrations(report, &subject, &server, load).await?;
    }
    Ok(())
}

/// Creates the database on the server unless it is there; returns its URL.
async fn postgres_database(server: &str, name: &str) -> anyhow::Result<String> {
    anyhow::ensure!(
        name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'),
        "database names are letters, digits and _"
    );
    let pool = sqlx::PgPool::connect(server).await?;
    let exists: Option<i32> = sqlx::query_scalar("SELECT 1 FROM pg_database WHERE datname = $1")
        .bind(name)
        .fetch_optional(&pool)
        .await?;
    if exists.is_none() {
        // The name was checked above: letters, digits and _ only.
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&pool)
            .await?;
    }
    let (base, query) = server
        .split_once('?')
        .map(|(b, q)| (b, format!("?{q}")))
        .unwrap_or((server, String::new()));
    let base = base.rsplit_once('/').map(|(b, _)| b).unwrap_or(base);
    Ok(format!("{base}/{name}{query}"))
}

/// The machine, for the table's caption.
fn machine() -> String {
    let cpus = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(0);
    let model = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| {
            c.lines()
                .find(|l| l.starts_with("model name"))
                .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_string())
        })
        .unwrap_or_default();
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    format!(
        "{cpus} CPUs ({model}), load average at the end {}",
        load.split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ")
    )
}
