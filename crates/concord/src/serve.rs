//! `concord serve` and `concord demo`: HTTP plus the audit sealer.

use crate::cli::ServeArgs;
use anyhow::Context;
use chrono::Duration;
use concord_app::demo::{DEMO_ACCOUNTS, DEMO_PASSWORD};

/// Invented survivors in the demo district.
const DEMO_SURVIVORS: usize = 200;
/// Demo referrals between the demo agencies, in every state.
const DEMO_REFERRALS: usize = 300;
use concord_app::{App, AppConfig};
use concord_domain::consent::ConsentRules;
use concord_domain::justice::OffenceList;
use concord_domain::protection::OrderKindList;
use concord_domain::session::SessionPolicy;
use concord_domain::small_cells::SmallCellPolicy;
use std::net::SocketAddr;
use std::sync::Arc;

pub fn app_config(args: &ServeArgs, demo_mode: bool) -> anyhow::Result<AppConfig> {
    Ok(AppConfig {
        sessions: SessionPolicy {
            idle_timeout: Duration::minutes(args.session_idle_minutes.max(1)),
            absolute_timeout: Duration::hours(args.session_absolute_hours.max(1)),
        },
        demo_mode,
        referrals: args.referrals.config()?,
        consent: match &args.consent_rules {
            Some(path) => consent_rules(path)?,
            None => ConsentRules::default(),
        },
        justice_offences: match &args.justice_offences {
            Some(path) => justice_offences(path)?,
            None => OffenceList::default(),
        },
        protection_order_kinds: match &args.protection_order_kinds {
            Some(path) => protection_order_kinds(path)?,
            None => OrderKindList::default(),
        },
        small_cells: SmallCellPolicy::new(args.small_cell_threshold)
            .map_err(|invalid| anyhow::anyhow!("--small-cell-threshold {invalid}"))?,
        time_zone: args.time_zone.trim().parse().map_err(|_| {
            anyhow::anyhow!(
                "--time-zone: {:?} is not a time zone name such as UTC or Africa/Nairobi",
                args.time_zone
            )
        })?,
        public_statistics: args.public_statistics,
        audit_witness: args
            .audit_witness_file
            .as_ref()
            .map(concord_app::audit_witness::WitnessFile::new),
        audit_witnesses: args
            .audit_witness
            .iter()
            .map(|w| concord_app::audit_cosigning::WitnessEndpoint::parse(w))
            .collect::<Result<_, _>>()
            .map_err(|e| anyhow::anyhow!("--audit-witness: {e}"))?,
        ..AppConfig::default()
    })
}

/// Reads and checks a consent rules file; every problem is named.
fn consent_rules(path: &std::path::Path) -> anyhow::Result<ConsentRules> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("could not read the consent rules {}", path.display()))?;
    let rules: ConsentRules = toml::from_str(&text).with_context(|| {
        format!(
            "the consent rules {} are not valid TOML for consent rules",
            path.display()
        )
    })?;
    if let Err(invalid) = rules.check() {
        let problems: Vec<String> = invalid
            .problems
            .iter()
            .map(|p| format!("{}: {}", p.field, p.problem))
            .collect();
        anyhow::bail!(
            "the consent rules {} are refused: {}",
            path.display(),
            problems.join("; ")
        );
    }
    Ok(rules)
}

/// Reads and checks an offence list; every problem is named.
fn justice_offences(path: &std::path::Path) -> anyhow::Result<OffenceList> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("could not read the offence list {}", path.display()))?;
    let list: OffenceList = toml::from_str(&text).with_context(|| {
        format!(
            "the offence list {} is not valid TOML for an offence list",
            path.display()
        )
    })?;
    if let Err(invalid) = list.check() {
        anyhow::bail!(
            "the offence list {} is refused: {}",
            path.display(),
            invalid
        );
    }
    Ok(list)
}

/// Reads and checks a list of kinds of protection order; every problem is
/// named.
fn protection_order_kinds(path: &std::path::Path) -> anyhow::Result<OrderKindList> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("could not read the kinds of order {}", path.display()))?;
    let list: OrderKindList = toml::from_str(&text).with_context(|| {
        format!(
            "the kinds of order {} are not valid TOML for a list of kinds of order",
            path.display()
        )
    })?;
    if let Err(invalid) = list.check() {
        anyhow::bail!(
            "the kinds of order {} are refused: {}",
            path.display(),
            invalid
        );
    }
    Ok(list)
}

pub async fn seed_demo(app: &App) -> anyhow::Result<()> {
    if app.seed_demo().await? {
        println!("Seeded the demo district.");
    } else {
        println!("The demo district is already there.");
    }
    let survivors = app.seed_demo_cases(DEMO_SURVIVORS).await?;
    if survivors > 0 {
        println!("Seeded {survivors} demo survivors with their cases.");
    }
    if app.seed_demo_justice().await? {
        println!("Seeded the demo justice chains.");
    }
    if app.seed_demo_femicide().await?.is_some() {
        println!("Seeded the demo femicide case (closed: she died; a killing record).");
    }
    let incidents = app.seed_demo_statistics().await?;
    if incidents > 0 {
        println!("Seeded {incidents} incidents of 24 months' history for the statistics.");
    }
    if app.seed_demo_governance().await? {
        println!("Seeded the demo bodies' members, instruments, meetings and self-assessments.");
    }
    if app.seed_demo_review().await?.is_some() {
        println!("Seeded the demo domestic homicide review panel.");
    }
    if app.seed_demo_directory().await? {
        println!("Seeded the demo service directory.");
    }
    let referrals = app.seed_demo_referrals(DEMO_REFERRALS).await?;
    if referrals > 0 {
        println!("Seeded {referrals} demo referrals.");
    }
    if app.seed_demo_conferences().await? {
        println!("Seeded the demo risk conference with its meetings and listed cases.");
    }
    if app.seed_demo_protection().await? {
        println!("Seeded a demo protection order whose breach brought a case to the conference.");
    }
    println!("Demo accounts (password for all: {DEMO_PASSWORD}):");
    for account in DEMO_ACCOUNTS {
        println!(
            "  {:<20} {:<28} {}",
            account.username,
            account.role.as_str(),
            account.agency
        );
    }
    Ok(())
}

/// The deployment's language: one of the six tags.
pub fn default_language(tag: &str) -> anyhow::Result<concord_domain::language::Language> {
    concord_domain::language::Language::from_tag(tag).ok_or_else(|| {
        anyhow::anyhow!(
            "--default-language {tag:?} is not one of the languages Concord speaks: ar, en-US, es, fr, ru, zh-CN"
        )
    })
}

pub async fn serve(app: Arc<App>, args: &ServeArgs, demo_mode: bool) -> anyhow::Result<()> {
    let config = concord_web::WebConfig {
        https: args.https,
        demo_mode,
        trust_forwarded_for: args.trust_forwarded_for,
        rate_limit: (args.rate_limit_per_minute > 0).then_some(concord_web::RateLimit {
            per_minute: args.rate_limit_per_minute,
            burst: args.rate_limit_burst.max(1),
        }),
        default_language: default_language(&args.default_language)?,
    };
    let router = concord_web::router(app.clone(), config);
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .with_context(|| format!("could not listen on {}", args.listen))?;
    let address = listener.local_addr()?;
    println!(
        "Concord is listening on http://{address} ({} database)",
        app.engine()
    );
    let background = tokio::spawn(background_work(
        app.clone(),
        std::time::Duration::from_secs(args.audit_seal_seconds.max(1)),
    ));
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await?;
    background.abort();
    // Seal what this instance wrote before it stops.
    app.seal_audit().await?;
    Ok(())
}

/// Seals new audit events into signed checkpoints, removes expired
/// sessions and sign-in attempts, purges cases past their agency's
/// retention period, and records account recovery requests that lapsed. Every instance runs this; the store lets
/// one at a time seal, and deleting expired rows twice is harmless.
async fn background_work(app: Arc<App>, every: std::time::Duration) {
    let mut ticker = tokio::time::interval(every);
    loop {
        ticker.tick().await;
        if let Err(error) = app.seal_audit().await {
            tracing::error!(%error, "sealing the audit log failed");
        }
        if let Err(error) = app.purge_expired().await {
            tracing::error!(%error, "removing expired sessions failed");
        }
        if let Err(error) = app.run_retention().await {
            tracing::error!(%error, "the retention job failed");
        }
        if let Err(error) = app.check_referrals().await {
            tracing::error!(%error, "checking referrals for overdue answers failed");
        }
        if let Err(error) = app.lapse_account_recoveries().await {
            tracing::error!(%error, "recording lapsed account recovery requests failed");
        }
    }
}

pub(crate) async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut signal) =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            signal.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
}
