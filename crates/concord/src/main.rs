//! The `concord` binary: wires the store, the keys and the app together and
//! runs the chosen command.

mod admin;
mod audit;
mod cli;
mod copy_db;
mod database;
mod serve;

use anyhow::Context;
use clap::Parser;
use cli::{Cli, Command, StorageArgs};
use concord_app::keys::{KeySources, Keys};
use concord_app::{App, AppConfig, SystemClock};
use std::sync::Arc;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
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
            let app = open_app(&cli.storage, serve::app_config(&args, false)).await?;
            serve::serve(app, &args, false).await?;
            Ok(ok)
        }
        Command::Demo {
            serve: args,
            seed_only,
        } => {
            let app = open_app(&cli.storage, serve::app_config(&args, true)).await?;
            serve::seed_demo(&app).await?;
            if !seed_only {
                serve::serve(app, &args, true).await?;
            }
            Ok(ok)
        }
        Command::Admin(command) => {
            let app = open_app(&cli.storage, AppConfig::default()).await?;
            admin::run(&app, command).await?;
            Ok(ok)
        }
        Command::Audit(command) => {
            let app = open_app(&cli.storage, AppConfig::default()).await?;
            audit::run(&app, command).await
        }
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

fn load_keys(storage: &StorageArgs) -> anyhow::Result<Keys> {
    ensure_data_dir(storage)?;
    Keys::load(&KeySources {
        data_dir: &storage.data_dir,
        master_key: storage.master_key.as_deref(),
        audit_signing_key: storage.audit_signing_key.as_deref(),
    })
    .context("could not load the keys")
}

async fn open_app(storage: &StorageArgs, config: AppConfig) -> anyhow::Result<Arc<App>> {
    let keys = load_keys(storage)?;
    let url = database::database_url(storage.database.as_deref(), &storage.data_dir);
    let store = database::open(&url).await?;
    Ok(Arc::new(App::new(
        store,
        Arc::new(SystemClock),
        Arc::new(keys),
        config,
    )))
}
