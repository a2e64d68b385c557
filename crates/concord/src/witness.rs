//! `concord audit witness`: the network witness another organisation runs
//! on its own machine, with its own key (see "The audit log" in the README).

use anyhow::Context;
use concord_app::audit_witness_service::{Witness, WitnessedLog};
use concord_app::clock::SystemClock;
use concord_crypto::keys::AuditSigningKey;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub async fn run(
    name: &str,
    listen: SocketAddr,
    key_file: &Path,
    memory: PathBuf,
    logs: &[String],
) -> anyhow::Result<()> {
    anyhow::ensure!(
        !name.is_empty() && !name.contains(char::is_whitespace) && !name.contains('+'),
        "--name: a witness name holds no spaces and no '+' (e.g. oversight.example/concord-witness)"
    );
    anyhow::ensure!(
        !logs.is_empty(),
        "--log: name at least one log to follow (the key `concord audit public-key` prints)"
    );
    let logs = logs
        .iter()
        .map(|l| WitnessedLog::from_verifier_key(l).map_err(|e| anyhow::anyhow!("--log {l}: {e}")))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let key = AuditSigningKey::load_or_create(key_file)
        .with_context(|| format!("the witness key {}", key_file.display()))?;
    let witness = Witness::new(name, key, logs, memory, Arc::new(SystemClock));
    println!("Witness key: {}", witness.cosigner().verifier_key());
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .with_context(|| format!("could not listen on {listen}"))?;
    println!(
        "The audit witness is listening on http://{}",
        listener.local_addr()?
    );
    axum::serve(listener, concord_web::witness_router(witness))
        .with_graceful_shutdown(crate::serve::shutdown_signal())
        .await?;
    Ok(())
}
