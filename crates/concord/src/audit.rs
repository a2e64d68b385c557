//! `concord audit verify | seal`.

use crate::cli::AuditCommand;
use concord_app::App;
use std::process::ExitCode;

pub async fn run(app: &App, command: AuditCommand) -> anyhow::Result<ExitCode> {
    match command {
        AuditCommand::Seal => {
            let written = app.seal_audit().await?;
            println!("Wrote {written} checkpoint(s).");
            Ok(ExitCode::SUCCESS)
        }
        AuditCommand::Verify => {
            let report = app.verify_audit().await?;
            println!(
                "Checked {} sealed event(s) against {} signed checkpoint(s); {} event(s) not sealed yet.",
                report.events_checked, report.checkpoints_checked, report.unsealed_events
            );
            if let Some(root) = &report.root {
                println!("Audit root: {}", hex::encode(root));
            }
            match report.problem {
                None => {
                    println!("The audit log is intact.");
                    Ok(ExitCode::SUCCESS)
                }
                Some(problem) => {
                    println!("AUDIT LOG DAMAGED: {problem}");
                    Ok(ExitCode::FAILURE)
                }
            }
        }
    }
}
