//! `concord admin …`: account work for the machine's operator, for the
//! first administrator and for emergencies, and master key rotation.
//! Audited like everything else.

use crate::cli::{AdminCommand, StorageArgs};
use anyhow::Context;
use concord_app::App;
use concord_app::keys::{MASTER_KEY_FILE, NEW_MASTER_KEY_FILE, promote_new_master_key};
use concord_crypto::keys::MasterKey;
use concord_domain::agency::AgencyForm;
use concord_domain::user::UserForm;
use secrecy::SecretString;
use std::io::BufRead;

pub async fn run(app: &App, storage: &StorageArgs, command: AdminCommand) -> anyhow::Result<()> {
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
                // Set by its owner under My account.
                email: String::new(),
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
        AdminCommand::RotateMasterKey => rotate_master_key(app, storage).await?,
    }
    Ok(())
}

/// The order keeps a key for whatever the database holds at every moment:
/// the new key is on disk (synced) before anything is sealed with it; the
/// database switches in one transaction; only then is the key file moved,
/// and a crash before that is finished at the next start
/// (`settle_master_key_rotation`). The key itself is never printed.
async fn rotate_master_key(app: &App, storage: &StorageArgs) -> anyhow::Result<()> {
    println!(
        "Every instance of Concord using this database must be stopped while the master key is rotated."
    );
    let new_path = storage.data_dir.join(NEW_MASTER_KEY_FILE);
    if new_path.exists() {
        anyhow::bail!(
            "{} exists: a previous rotation did not finish. If CONCORD_MASTER_KEY already holds that key \
             everywhere, delete the file; otherwise find out which key the database uses before deleting it",
            new_path.display()
        );
    }
    let new = MasterKey::generate();
    new.save_new(&new_path)
        .context("could not write the new master key")?;
    let report = match app.rotate_master_key(&new).await {
        Ok(report) => report,
        Err(error) => {
            // The file may go only if nothing in the database depends on it.
            let unused = matches!(app.master_key_fit(&new).await, Ok(fit) if fit.opens_none());
            if unused {
                std::fs::remove_file(&new_path).ok();
                anyhow::bail!("nothing was changed; the master key is the same as before: {error}");
            }
            anyhow::bail!(
                "the rotation failed ({error}) and it is not certain whether the database uses the new key: \
                 {} was kept. Start an instance: it finishes the rotation if the database uses the new key",
                new_path.display()
            );
        }
    };
    println!(
        "Re-sealed {} data keys, {} second-factor secrets and {} other keys with the new master key.",
        report.data_keys, report.second_factor_secrets, report.sealed_settings
    );
    if storage.master_key.is_some() {
        println!(
            "The new master key is in {}. Put its content into CONCORD_MASTER_KEY for every instance, \
             then delete the file. Keep the old key too: backups made before now open only with it.",
            new_path.display()
        );
    } else {
        let retired = promote_new_master_key(&storage.data_dir, chrono::Utc::now()).with_context(|| {
            format!(
                "the database uses the new key in {} but it could not be moved to {MASTER_KEY_FILE}; \
                 the next start finishes this",
                new_path.display()
            )
        })?;
        println!(
            "The new master key is in {}.",
            storage.data_dir.join(MASTER_KEY_FILE).display()
        );
        if let Some(retired) = retired {
            println!(
                "The old key is kept as {}: backups made before now open only with it, so keep it as safely \
                 as the key itself.",
                retired.display()
            );
        }
    }
    println!("Now restart every instance, each with the new master key.");
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
