//! `concord audit verify | public-key | checkpoint | seal`.
//!
//! `verify` needs the public key only, opens nothing but the database (which
//! must exist) and the witness file, and creates nothing: it can run on a
//! copy, on another machine, by someone who holds no secret.

use crate::cli::{AuditCommand, StorageArgs};
use anyhow::Context;
use concord_app::AppConfig;
use concord_app::audit::checkpoint_note;
use concord_app::audit_cosigning::{WitnessEndpoint, fetch_witnessed_head};
use concord_app::audit_verify::{Trusted, VerifyReport, verify_store_against};
use concord_app::audit_witness::{WitnessFile, WitnessedHead};
use concord_app::keys::AUDIT_SIGNING_KEY_FILE;
use concord_crypto::checkpoint_note::key_id;
use concord_crypto::checkpoint_note::{ORIGIN, parse_public_key, verifier_key};
use concord_crypto::cosignature::Cosigner;
use concord_crypto::keys::AuditSigningKey;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Exit status when the log could not be checked at all (as opposed to 1,
/// checked and found damaged).
const CANNOT_VERIFY: u8 = 2;

pub async fn run(storage: &StorageArgs, command: AuditCommand) -> anyhow::Result<ExitCode> {
    match command {
        AuditCommand::Seal { audit_witness_file } => {
            let config = AppConfig {
                audit_witness: audit_witness_file.map(WitnessFile::new),
                ..AppConfig::default()
            };
            let app = crate::open_app(storage, config).await?;
            let written = app.seal_audit().await?;
            println!("Wrote {written} checkpoint(s).");
            Ok(ExitCode::SUCCESS)
        }
        AuditCommand::PublicKey => {
            let key = signing_key(storage)?;
            println!("{}", verifier_key(ORIGIN, &key.public_key()));
            Ok(ExitCode::SUCCESS)
        }
        AuditCommand::Checkpoint => {
            let store = open_existing(storage).await?;
            let checkpoints = store.list_checkpoints().await?;
            match checkpoints.last().and_then(checkpoint_note) {
                Some(note) => print!("{note}"),
                None => println!("No checkpoint yet."),
            }
            Ok(ExitCode::SUCCESS)
        }
        AuditCommand::Witness {
            name,
            listen,
            key_file,
            memory,
            logs,
        } => {
            crate::witness::run(&name, listen, &key_file, memory, &logs).await?;
            Ok(ExitCode::SUCCESS)
        }
        AuditCommand::Verify {
            audit_public_key,
            audit_witness_file,
            audit_witness,
        } => match verify(
            storage,
            audit_public_key,
            audit_witness_file,
            &audit_witness,
        )
        .await
        {
            Ok(report) => Ok(print_report(&report)),
            Err(cannot) => {
                println!("CANNOT VERIFY the audit log: {cannot:#}");
                Ok(ExitCode::from(CANNOT_VERIFY))
            }
        },
    }
}

async fn verify(
    storage: &StorageArgs,
    public_key: Option<String>,
    witness_file: Option<PathBuf>,
    witnesses: &[String],
) -> anyhow::Result<VerifyReport> {
    let public_key = self::public_key(public_key)?;
    let mut witnessed = match &witness_file {
        Some(path) => WitnessFile::new(path).heads()?,
        None => Vec::new(),
    };
    let (cosigners, endpoints) = network_witnesses(witnesses)?;
    let log_id = hex::encode(key_id(ORIGIN, &public_key));
    for endpoint in &endpoints {
        let head = fetch_witnessed_head(endpoint, &log_id)
            .await
            .map_err(|e| anyhow::anyhow!(e))?;
        if let Some((tree_size, root)) = head {
            witnessed.push(WitnessedHead {
                tree_size,
                root,
                signed_at_micros: 0,
                signature: Vec::new(),
            });
        }
    }
    witnessed.sort_by_key(|h| h.tree_size);
    let store = open_existing(storage).await?;
    let trusted = Trusted {
        public_key: &public_key,
        witnessed: &witnessed,
        cosigners: &cosigners,
    };
    Ok(verify_store_against(&*store, &trusted).await?)
}

/// `URL=KEY` (fetch its head and check its cosignatures) or `KEY` (check
/// the stored cosignatures only), each read.
fn network_witnesses(given: &[String]) -> anyhow::Result<(Vec<Cosigner>, Vec<WitnessEndpoint>)> {
    let mut cosigners = Vec::new();
    let mut endpoints = Vec::new();
    for text in given {
        if text.contains('=') && text.starts_with("http") {
            let endpoint = WitnessEndpoint::parse(text)
                .map_err(|e| anyhow::anyhow!("--audit-witness: {e}"))?;
            cosigners.push(endpoint.cosigner.clone());
            endpoints.push(endpoint);
        } else {
            cosigners.push(Cosigner::from_verifier_key(text).context("--audit-witness")?);
        }
    }
    Ok((cosigners, endpoints))
}

/// The public key given on the command line, read; never a secret.
pub(crate) fn public_key(given: Option<String>) -> anyhow::Result<[u8; 32]> {
    let given = given.context(
        "no audit public key: pass --audit-public-key (or CONCORD_AUDIT_PUBLIC_KEY); \
         `concord audit public-key` prints it where the signing key is",
    )?;
    parse_public_key(&given).context("--audit-public-key")
}

fn print_report(report: &VerifyReport) -> ExitCode {
    println!(
        "Checked {} sealed event(s) against {} signed checkpoint(s) and {} witnessed tree head(s); {} event(s) not sealed yet.",
        report.events_checked,
        report.checkpoints_checked,
        report.witnessed_heads_checked,
        report.unsealed_events
    );
    if report.cosignatures_checked > 0 {
        println!(
            "Checked {} witness cosignature(s).",
            report.cosignatures_checked
        );
    }
    if let Some(root) = &report.root {
        println!("Audit root: {}", hex::encode(root));
    }
    match &report.problem {
        None => {
            println!("The audit log is intact.");
            ExitCode::SUCCESS
        }
        Some(problem) => {
            println!("AUDIT LOG DAMAGED: {problem}");
            ExitCode::FAILURE
        }
    }
}

/// The signing key from `--audit-signing-key` or the data folder's key
/// file; an error (never a new key) when there is neither.
pub(crate) fn signing_key(storage: &StorageArgs) -> anyhow::Result<AuditSigningKey> {
    if let Some(text) = &storage.audit_signing_key {
        return AuditSigningKey::from_base64(text).context("--audit-signing-key");
    }
    let path = storage.data_dir.join(AUDIT_SIGNING_KEY_FILE);
    AuditSigningKey::load(&path)?.with_context(|| {
        format!(
            "no audit signing key: {} does not exist and --audit-signing-key \
             (CONCORD_AUDIT_SIGNING_KEY) is not set",
            path.display()
        )
    })
}

/// Opens the database without creating one: a SQLite file must exist.
async fn open_existing(
    storage: &StorageArgs,
) -> anyhow::Result<std::sync::Arc<dyn concord_store::Store>> {
    let url = crate::database::database_url(storage.database.as_deref(), &storage.data_dir);
    if !crate::database::is_postgres(&url) {
        let file = sqlite_file(&url);
        anyhow::ensure!(
            file.is_file(),
            "no database at {} (pass --database)",
            file.display()
        );
    }
    crate::database::open(&url).await
}

pub(crate) fn sqlite_file(url: &str) -> &Path {
    let path = url.strip_prefix("sqlite://").unwrap_or(url);
    Path::new(path.split('?').next().unwrap_or(path))
}
