//! `concord directory import|export FILE`: the service directory as Open
//! Referral HSDS 3.0 JSON, with a progress bar. An import checks the whole
//! file first and stores nothing if anything is wrong, listing every
//! problem with its record and field. Audited like the web import.

use anyhow::Context;
use clap::Subcommand;
use concord_app::{App, AppError};
use indicatif::{ProgressBar, ProgressStyle};
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum DirectoryCommand {
    /// Import an HSDS 3.0 JSON file (all or nothing).
    Import { file: PathBuf },
    /// Export the whole directory to an HSDS 3.0 JSON file.
    Export { file: PathBuf },
}

fn bar(total: u64, what: &str) -> ProgressBar {
    let bar = ProgressBar::new(total);
    bar.set_style(
        ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    bar.set_message(what.to_string());
    bar
}

pub async fn run(app: &App, command: DirectoryCommand) -> anyhow::Result<()> {
    match command {
        DirectoryCommand::Export { file } => {
            let document = app.export_hsds(None).await?;
            let count = ["organizations", "locations", "services"]
                .iter()
                .map(|k| document[k].as_array().map_or(0, Vec::len) as u64)
                .sum();
            let progress = bar(count, "Writing");
            let text = serde_json::to_string_pretty(&document)?;
            std::fs::write(&file, text)
                .with_context(|| format!("could not write {}", file.display()))?;
            progress.set_position(count);
            progress.finish();
            println!(
                "Exported {} organizations, {} locations and {} services to {}.",
                document["organizations"].as_array().map_or(0, Vec::len),
                document["locations"].as_array().map_or(0, Vec::len),
                document["services"].as_array().map_or(0, Vec::len),
                file.display()
            );
        }
        DirectoryCommand::Import { file } => {
            let bytes = std::fs::read(&file)
                .with_context(|| format!("could not read {}", file.display()))?;
            let progress = bar(0, "Checking");
            let shown = progress.clone();
            let result = app
                .import_hsds(None, &bytes, &move |done, total| {
                    shown.set_length(total as u64);
                    shown.set_position(done as u64);
                })
                .await;
            progress.finish_and_clear();
            match result {
                Ok(imported) => println!(
                    "Imported {} organizations, {} locations, {} services and {} local terms.",
                    imported.organizations, imported.locations, imported.services, imported.terms
                ),
                Err(AppError::Invalid(invalid)) => {
                    eprintln!(
                        "Nothing was imported: the file has {} problem(s).",
                        invalid.problems.len()
                    );
                    for p in &invalid.problems {
                        eprintln!("  {}: {}", p.field, p.problem);
                    }
                    anyhow::bail!("the file was not imported");
                }
                Err(other) => return Err(other.into()),
            }
        }
    }
    Ok(())
}
