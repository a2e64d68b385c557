//! The `concord` binary: wires the store, the keys and the app together and
//! runs the chosen command.

mod admin;
mod audit;
mod backup;
mod cli;
mod copy_db;
mod database;
mod directory;
mod national;
mod referral_args;
mod serve;
mod statistics;
mod witness;

use anyhow::Context;
use clap::Parser;
use cli::{Cli, Command, StorageArgs};
use concord_app::keys::{KeySources, Keys, settle_master_key_rotation};
use concord_app::{App, AppConfig, SystemClock};
use std::sync::Arc;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        // Colour codes only for a person at a terminal, not in log files.
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stdout()))
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("CONCORD_LOG")
                .unwrap_or_else(|_| "info,sqlx=warn".into()),
        )
        .init();
    match run(Cli::parse()).await {
        Ok(code) => code,
        Err(error) => {
            eprintln!("concord: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<std::process::ExitCode> {
    let ok = std::process::ExitCode::SUCCESS;
    match cli.command {
        Command::Migrate => {
            open_app(&cli.storage, AppConfig::default()).await?;
            println!("The database is up to date.");
            Ok(ok)
        }
        Command::Serve(args) => {
            let app = open_app(&cli.storage, serve::app_config(&args, false)?).await?;
            check_master_key(&app).await?;
            serve::serve(app, &args, false).await?;
            Ok(ok)
        }
        Command::Demo {
            serve: args,
            seed_only,
            national: size,
        } => {
            let app = open_app(&cli.storage, serve::app_config(&args, true)?).await?;
            check_master_key(&app).await?;
            serve::seed_demo(&app).await?;
            national::seed(&app, &size).await?;
            if !seed_only {
                serve::serve(app, &args, true).await?;
            }
            Ok(ok)
        }
        Command::Admin(command) => {
            let app = open_app(&cli.storage, AppConfig::default()).await?;
            admin::run(&app, &cli.storage, command).await?;
            Ok(ok)
        }
        Command::Audit(command) => audit::run(&cli.storage, command).await,
        Command::Risk(cli::RiskCommand::LoadInstrument { file }) => {
            let app = open_app(&cli.storage, AppConfig::default()).await?;
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("could not read {}", file.display()))?;
            match app.load_instrument(None, &text).await {
                Ok(row) => {
                    println!("Loaded {} version {}: {}", row.key, row.version, row.title);
                    Ok(ok)
                }
                Err(concord_app::AppError::Invalid(invalid)) => {
                    eprintln!("The instrument was not loaded. Problems:");
                    for problem in &invalid.problems {
                        eprintln!("  {}: {}", problem.field, problem.problem);
                    }
                    Ok(std::process::ExitCode::FAILURE)
                }
                Err(other) => Err(other.into()),
            }
        }
        Command::Statistics(cli::StatisticsCommand::Verify { file }) => {
            let app = open_app(&cli.storage, AppConfig::default()).await?;
            statistics::verify(&app, &file).await
        }
        Command::Directory(command) => {
            let app = open_app(&cli.storage, AppConfig::default()).await?;
            directory::run(&app, command).await?;
            Ok(ok)
        }
        Command::Backup {
            file,
            audit_witness_file,
        } => backup::backup(&cli.storage, &file, audit_witness_file).await,
        Command::Restore {
            file,
            audit_public_key,
        } => backup::restore(&cli.storage, &file, audit_public_key).await,
        Command::CopyDb { from, to } => {
            let keys = load_keys(&cli.storage)?;
            copy_db::run(&from, &to, &keys).await?;
            Ok(ok)
        }
    }
}

/// Creates the data folder readable by its owner only.
fn ensure_data_dir(storage: &StorageArgs) -> anyhow::Result<()> {
    let dir = &storage.data_dir;
    if !dir.exists() {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("could not create the data folder {}", dir.display()))?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
        }
    }
    Ok(())
}

pub(crate) fn key_sources(storage: &StorageArgs) -> KeySources<'_> {
    KeySources {
        data_dir: &storage.data_dir,
        master_key: storage.master_key.as_deref(),
        audit_signing_key: storage.audit_signing_key.as_deref(),
    }
}

fn load_keys(storage: &StorageArgs) -> anyhow::Result<Keys> {
    ensure_data_dir(storage)?;
    Keys::load(&key_sources(storage)).context("could not load the keys")
}

pub(crate) async fn open_app(storage: &StorageArgs, config: AppConfig) -> anyhow::Result<Arc<App>> {
    ensure_data_dir(storage)?;
    let url = database::database_url(storage.database.as_deref(), &storage.data_dir);
    let store = database::open(&url).await?;
    // Before the keys are loaded: a master key rotation interrupted between
    // its commit and moving the key file is finished (or reported) here.
    if let Some(notice) =
        settle_master_key_rotation(&key_sources(storage), &*store, chrono::Utc::now())
            .await
            .context("a master key rotation was left unfinished")?
    {
        eprintln!("concord: {notice}");
    }
    let keys = load_keys(storage)?;
    Ok(Arc::new(App::new(
        store,
        Arc::new(SystemClock),
        Arc::new(keys),
        config,
    )))
}

/// Refuses to serve with a master key that opens none of the keys and
/// secrets sealed in the database (a wrong CONCORD_MASTER_KEY or
/// master.key, or the old key after a rotation), rather than failing on
/// every case later. Some but not all opening is logged loudly.
async fn check_master_key(app: &App) -> anyhow::Result<()> {
    let fit = app.current_master_key_fit().await?;
    if fit.nothing_sealed() || fit.opens_all() {
        return Ok(());
    }
    if fit.opens_none() {
        anyhow::bail!(
            "the master key does not open any of the {} keys and secrets sealed in this database: \
             CONCORD_MASTER_KEY or <data-dir>/master.key is wrong (after a rotation, use the new key)",
            fit.sealed
        );
    }
    tracing::error!(
        sealed = fit.sealed,
        opened = fit.opened,
        "the master key opens only some of the keys and secrets sealed in this database"
    );
    Ok(())
}
