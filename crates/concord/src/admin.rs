//! `concord admin …`: account work for the machine's operator, for the
//! first administrator and for emergencies. Audited like everything else.

use crate::cli::AdminCommand;
use anyhow::Context;
use concord_app::App;
use concord_domain::agency::AgencyForm;
use concord_domain::user::UserForm;
use secrecy::SecretString;
use std::io::BufRead;

pub async fn run(app: &App, command: AdminCommand) -> anyhow::Result<()> {
    match command {
        AdminCommand::CreateAgency {
            name,
            sector,
            governance,
        } => {
            let form = AgencyForm {
                name,
                sector,
                governance,
                area_ids: Vec::new(),
            };
            let agency = app.create_agency(None, &form).await?;
            println!("Created the agency {} ({}).", agency.name, agency.id);
        }
        AdminCommand::CreateUser {
            username,
            display_name,
            agency,
            roles,
        } => {
            let agency = app
                .find_agency_for_command_line(&agency)
                .await?
                .with_context(|| format!("no agency is named {agency:?}"))?;
            let form = UserForm {
                username,
                display_name,
                agency_id: agency.id.to_string(),
                roles,
            };
            let password = read_password()?;
            let user = app
                .create_user_from_command_line(&form, &password, false)
                .await?;
            println!("Created the account {} ({}).", user.username, user.id);
        }
        AdminCommand::ResetPassword { username } => {
            let password = read_password()?;
            app.reset_password_from_command_line(&username, &password)
                .await?;
            println!("The password was reset; the account's sessions have ended.");
        }
        AdminCommand::DisableUser { username } => {
            app.disable_user_from_command_line(&username).await?;
            println!("The account is disabled; its sessions and tokens have ended.");
        }
    }
    Ok(())
}

/// The new password from CONCORD_NEW_PASSWORD or one line of standard
/// input, never from an argument (arguments show in process lists).
fn read_password() -> anyhow::Result<SecretString> {
    if let Ok(password) = std::env::var("CONCORD_NEW_PASSWORD") {
        return Ok(password.into());
    }
    eprintln!("New password (one line):");
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .context("could not read the password from standard input")?;
    Ok(line.trim_end_matches(['\r', '\n']).to_string().into())
}
