//! `concord demo --scale national`: the national country on top of the demo
//! district, with a progress bar; and the bench accounts' sign-in for
//! `bench/`.

use crate::cli::{DemoScale, NationalArgs};
use anyhow::Context;
use concord_app::App;
use concord_app::national::{BENCH_CASEWORKER, BENCH_SUPERVISOR};
use indicatif::{ProgressBar, ProgressStyle};
use secrecy::ExposeSecret;
use std::sync::Arc;
use std::time::Instant;

/// The accounts `bench/` signs in as: the national case worker and her
/// supervisor, the demo's risk conference coordinator and secretariat; and
/// the demo's other roles (the analyst also for the statistics figures),
/// for the API fuzzer (`scripts/fuzz/run`).
const BENCH_ACCOUNTS: &[&str] = &[
    BENCH_CASEWORKER,
    BENCH_SUPERVISOR,
    "marac.coordinator",
    "secretariat",
    "shelter.caseworker",
    "shelter.supervisor",
    "hospital.nurse",
    "shelter.admin",
    "analyst",
    "admin",
];

pub async fn seed(app: &Arc<App>, args: &NationalArgs) -> anyhow::Result<()> {
    if args.scale == DemoScale::National {
        seed_national(app, args.cases as usize).await?;
    }
    if let Some(path) = &args.bench_sign_in {
        write_bench_sign_in(app, path).await?;
    }
    Ok(())
}

async fn seed_national(app: &Arc<App>, cases: usize) -> anyhow::Result<()> {
    let bar = ProgressBar::new(cases as u64).with_style(
        ProgressStyle::with_template("national cases {bar:40} {pos}/{len} ({per_sec}, {eta} left)")
            .context("progress bar template")?,
    );
    let shown = bar.clone();
    let started = Instant::now();
    let summary = app
        .seed_national(cases, Arc::new(move |made| shown.set_position(made as u64)))
        .await?;
    bar.finish();
    match summary {
        None => println!("The national country is already there."),
        Some(s) => println!(
            "Seeded the national country in {:.1} s: {} areas, {} agencies, {} case workers, \
             {} survivors with their cases ({:.0} cases/s), {} referrals.",
            started.elapsed().as_secs_f64(),
            s.areas,
            s.agencies,
            s.case_workers,
            s.cases,
            s.cases as f64 / started.elapsed().as_secs_f64(),
            s.referrals
        ),
    }
    Ok(())
}

/// One JSON object per account: its API token and its session token. The
/// file holds secrets: created afresh, readable by its owner only.
async fn write_bench_sign_in(app: &App, path: &std::path::Path) -> anyhow::Result<()> {
    let mut accounts = serde_json::Map::new();
    for username in BENCH_ACCOUNTS {
        let Ok(signed_in) = app.bench_sign_in(username).await else {
            continue;
        };
        accounts.insert(
            signed_in.username,
            serde_json::json!({
                "api_token": signed_in.api_token.expose_secret(),
                "session": signed_in.session.expose_secret(),
            }),
        );
    }
    let text = serde_json::to_string_pretty(&accounts)?;
    let _ = std::fs::remove_file(path);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options
        .open(path)
        .with_context(|| format!("could not create {}", path.display()))?;
    std::io::Write::write_all(&mut file, text.as_bytes())?;
    Ok(())
}
