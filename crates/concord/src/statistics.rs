//! `concord statistics verify FILE`.

use anyhow::Context;
use concord_app::App;
use std::path::Path;
use std::process::ExitCode;

pub async fn verify(app: &App, file: &Path) -> anyhow::Result<ExitCode> {
    let bytes =
        std::fs::read(file).with_context(|| format!("could not read {}", file.display()))?;
    match app.verify_statistics_file(&bytes).await? {
        Ok(v) => {
            println!(
                "Verified: {} is the {} of published release {}, SHA-256 {} as recorded in the audit log.",
                file.display(),
                v.form,
                v.release_id,
                v.content_hash
            );
            println!("Run `concord audit verify` to check the audit log itself.");
            Ok(ExitCode::SUCCESS)
        }
        Err(problem) => {
            println!("NOT VERIFIED: {}: {problem}", file.display());
            Ok(ExitCode::FAILURE)
        }
    }
}
