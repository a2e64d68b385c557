//! The server under test: the real `concord` release binary, prepared with
//! the national demo (`concord demo --scale national`) and served in demo
//! mode (the bench accounts may skip the second factor), with no rate
//! limit so the load is not refused.

use crate::load::{self, Request};
use anyhow::Context;
use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// One prepared database: where it is and its bench accounts' secrets.
pub struct Prepared {
    pub database: String,
    pub data_dir: PathBuf,
    pub sign_in: serde_json::Value,
    pub seconds_to_generate: Option<f64>,
}

/// Fills the database with the national demo of `cases` cases unless
/// it is already there (marked by a file in the data folder), then signs
/// the bench accounts in.
pub fn prepare(
    concord: &Path,
    database: &str,
    data_dir: &Path,
    cases: u64,
) -> anyhow::Result<Prepared> {
    std::fs::create_dir_all(data_dir)?;
    let ready = data_dir.join("bench-ready");
    let mut seconds_to_generate = None;
    if !ready.exists() {
        let started = Instant::now();
        let status = Command::new(concord)
            .args(["--database", database, "--data-dir"])
            .arg(data_dir)
            .args(["demo", "--seed-only", "--scale", "national", "--cases"])
            .arg(cases.to_string())
            .status()
            .context("could not run concord demo")?;
        anyhow::ensure!(status.success(), "concord demo --scale national failed");
        seconds_to_generate = Some(started.elapsed().as_secs_f64());
        std::fs::write(&ready, cases.to_string())?;
    }
    let secrets = data_dir.join("bench-sign-in.json");
    let status = Command::new(concord)
        .args(["--database", database, "--data-dir"])
        .arg(data_dir)
        .args(["demo", "--seed-only", "--bench-sign-in"])
        .arg(&secrets)
        .stdout(Stdio::null())
        .status()
        .context("could not sign the bench accounts in")?;
    anyhow::ensure!(status.success(), "signing the bench accounts in failed");
    let sign_in = serde_json::from_slice(&std::fs::read(&secrets)?)?;
    Ok(Prepared {
        database: database.to_string(),
        data_dir: data_dir.to_path_buf(),
        sign_in,
        seconds_to_generate,
    })
}

/// A running `concord demo`, stopped when dropped.
pub struct Server {
    child: Child,
    pub addr: SocketAddr,
}

impl Server {
    pub async fn start(concord: &Path, prepared: &Prepared) -> anyhow::Result<Self> {
        let addr = free_address()?;
        let child = Command::new(concord)
            .args(["--database", &prepared.database, "--data-dir"])
            .arg(&prepared.data_dir)
            .args(["demo", "--rate-limit-per-minute", "0", "--listen"])
            .arg(addr.to_string())
            .env("CONCORD_LOG", "warn")
            .stdout(Stdio::null())
            .spawn()
            .context("could not start concord")?;
        let server = Server { child, addr };
        server.wait_until_ready().await?;
        Ok(server)
    }

    /// Polls `/healthz` until it answers 200 (start-up only).
    async fn wait_until_ready(&self) -> anyhow::Result<()> {
        let give_up = Instant::now() + Duration::from_secs(120);
        loop {
            if let Ok((200, _)) = load::fetch(self.addr, &Request::get("/healthz")).await {
                return Ok(());
            }
            anyhow::ensure!(
                Instant::now() < give_up,
                "concord did not start on {}",
                self.addr
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The server's peak resident memory so far (VmHWM), in bytes.
    pub fn peak_rss_bytes(&self) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
        let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
        Some(kb * 1024)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_address() -> anyhow::Result<SocketAddr> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    Ok(listener.local_addr()?)
}
