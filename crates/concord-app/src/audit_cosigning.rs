//! Posting every checkpoint to the network witnesses (`--audit-witness
//! URL=KEY`, c2sp.org/tlog-witness) and keeping their cosignatures.
//!
//! Cosigning happens after a checkpoint is committed, never inside the seal:
//! the seal holds audit writes back, and a slow or absent witness must not
//! hold up recording who opened a file. A witness that cannot be reached is
//! an alarm (`/healthz` 503, administrators' home pages) while the sealer
//! goes on; the checkpoints it missed are posted in order once it answers.
//! A witness that *refuses* a checkpoint is evidence of a rollback or a
//! rewrite and an alarm until it cosigns again.

use crate::app::App;
use crate::audit::checkpoint_note;
use crate::audit_witness_service::add_checkpoint_request;
use chrono::{DateTime, Utc};
use concord_crypto::consistency::proof_from_bytes;
use concord_crypto::cosignature::{Cosigner, parse_checkpoint_note};
use concord_crypto::merkle::Hash;
use concord_store::{CheckpointRow, CosignatureRow};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Checkpoints posted to one witness per round at most (a witness back
/// from an outage catches up over a few rounds).
const POSTS_PER_ROUND: usize = 200;
/// How long a witness may take to answer.
const TIMEOUT: Duration = Duration::from_secs(10);

/// A witness an instance posts its checkpoints to: where, and its key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WitnessEndpoint {
    pub url: String,
    pub cosigner: Cosigner,
}

impl WitnessEndpoint {
    /// `URL=WITNESS-KEY`, the witness key as `concord audit witness` prints it.
    pub fn parse(text: &str) -> Result<Self, String> {
        let (url, key) = text
            .split_once('=')
            .ok_or("a witness is URL=KEY (the key as `concord audit witness` prints it)")?;
        let url = url.trim().trim_end_matches('/');
        if !url.starts_with("http://") {
            return Err(format!(
                "the witness URL {url:?} is not an http:// URL (checkpoints and cosignatures are public and signed; see the README)"
            ));
        }
        let cosigner = Cosigner::from_verifier_key(key).map_err(|e| e.to_string())?;
        Ok(Self {
            url: url.to_owned(),
            cosigner,
        })
    }

    /// How its cosignatures are stored: by its verifier key.
    pub fn key(&self) -> String {
        self.cosigner.verifier_key()
    }
}

/// Why a witness has not cosigned the latest checkpoints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WitnessAlarm {
    pub witness: String,
    pub reason: String,
    pub since: DateTime<Utc>,
    /// Refused (evidence of tampering), not merely unreachable.
    pub refused: bool,
}

/// Per witness name, shared by the clones of one `App`.
#[derive(Debug, Default, Clone)]
pub(crate) struct WitnessAlarms(Arc<Mutex<BTreeMap<String, WitnessAlarm>>>);

impl WitnessAlarms {
    fn set(&self, witness: &str, problem: Problem, now: DateTime<Utc>) {
        let mut alarms = self.0.lock().unwrap_or_else(|p| p.into_inner());
        let since = alarms.get(witness).map_or(now, |a| a.since);
        let (reason, refused) = match problem {
            Problem::Unreachable(reason) => (reason, false),
            Problem::Refused(reason) => (reason, true),
        };
        alarms.insert(
            witness.to_owned(),
            WitnessAlarm {
                witness: witness.to_owned(),
                reason,
                since,
                refused,
            },
        );
    }

    fn clear(&self, witness: &str) {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(witness);
    }

    fn all(&self) -> Vec<WitnessAlarm> {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .values()
            .cloned()
            .collect()
    }
}

enum Problem {
    Unreachable(String),
    Refused(String),
}

impl From<concord_store::StoreError> for Problem {
    fn from(e: concord_store::StoreError) -> Self {
        Problem::Unreachable(format!("the database: {e}"))
    }
}

/// A witness's answer to `add-checkpoint`.
enum Answer {
    Cosigned(String),
    /// 409 with the size it last cosigned.
    RemembersSize(i64),
    Refused(u16, String),
}

impl App {
    /// Posts the checkpoints each configured witness has not cosigned yet,
    /// in order, and keeps the cosignatures; raises or clears each
    /// witness's alarm. Never fails: a witness problem is an alarm.
    pub async fn cosign_audit_checkpoints(&self) {
        for witness in &self.config.audit_witnesses {
            match self.cosign_with(witness).await {
                Ok(()) => self.witness_alarms.clear(&witness.cosigner.name),
                Err(problem) => {
                    self.witness_alarms
                        .set(&witness.cosigner.name, problem, self.clock.now())
                }
            }
        }
    }

    /// Witnesses that have not cosigned the latest checkpoints, and why.
    pub fn audit_witness_alarms(&self) -> Vec<WitnessAlarm> {
        self.witness_alarms.all()
    }

    async fn cosign_with(&self, witness: &WitnessEndpoint) -> Result<(), Problem> {
        let key = witness.key();
        let mut after = self.store.latest_audit_cosignature(&key).await?;
        for _ in 0..POSTS_PER_ROUND {
            let next = match after {
                None => self.store.latest_checkpoint().await?,
                Some(size) => self.store.checkpoints_after(size, 1).await?.pop(),
            };
            let Some(next) = next else {
                return Ok(());
            };
            let old = if after.is_none() {
                0
            } else {
                self.previous_size(next.tree_size).await?
            };
            match post(witness, old, &next).await? {
                Answer::Cosigned(line) => {
                    self.store
                        .add_audit_cosignature(&CosignatureRow {
                            tree_size: next.tree_size,
                            witness: key.clone(),
                            cosignature: line,
                        })
                        .await?;
                    after = Some(next.tree_size);
                }
                Answer::RemembersSize(size) => after = Some(self.resume_at(witness, size).await?),
                Answer::Refused(status, text) => {
                    return Err(Problem::Refused(format!(
                        "refuses the checkpoint of tree size {} ({status}): {}",
                        next.tree_size,
                        text.trim()
                    )));
                }
            }
        }
        Ok(())
    }

    /// The size of the checkpoint before the one of `tree_size` (0 for the
    /// first): where its stored consistency proof starts.
    async fn previous_size(&self, tree_size: i64) -> Result<i64, Problem> {
        let before = self.store.checkpoint_before(tree_size).await?;
        Ok(before.map_or(0, |c| c.tree_size))
    }

    /// After a 409: go on from the size the witness remembers, if this
    /// database has a checkpoint of that size; otherwise the log was rolled
    /// back past what the witness saw.
    async fn resume_at(&self, witness: &WitnessEndpoint, size: i64) -> Result<i64, Problem> {
        if size == 0 {
            return Err(Problem::Refused(
                "remembers nothing of this log although it cosigned it before (its memory was lost)"
                    .into(),
            ));
        }
        let at = self.store.checkpoints_after(size - 1, 1).await?.pop();
        match at {
            Some(cp) if cp.tree_size == size => Ok(size),
            _ => Err(Problem::Refused(format!(
                "{} remembers tree size {size}, which this database has no checkpoint of (the log was rolled back)",
                witness.cosigner.name
            ))),
        }
    }
}

/// Posts `next` with the proof from `old` to the witness.
async fn post(
    witness: &WitnessEndpoint,
    old: i64,
    next: &CheckpointRow,
) -> Result<Answer, Problem> {
    let note = checkpoint_note(next)
        .ok_or_else(|| Problem::Refused("a stored checkpoint is malformed".into()))?;
    let proof: Vec<Hash> = if old == 0 {
        Vec::new()
    } else {
        next.consistency_proof
            .as_deref()
            .and_then(proof_from_bytes)
            .unwrap_or_default()
    };
    let body = add_checkpoint_request(old as u64, &proof, &note);
    let response = client()
        .post(format!("{}/add-checkpoint", witness.url))
        .body(body)
        .send()
        .await
        .map_err(|e| Problem::Unreachable(format!("cannot be reached: {}", error_text(&e))))?;
    let status = response.status().as_u16();
    let size_body = response
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .is_some_and(|t| t.as_bytes().starts_with(b"text/x.tlog.size"));
    let text = response
        .text()
        .await
        .map_err(|e| Problem::Unreachable(format!("answered in part: {}", error_text(&e))))?;
    match status {
        200 => {
            let checkpoint = parse_checkpoint_note(&note)
                .map_err(|e| Problem::Refused(format!("a stored checkpoint is malformed: {e}")))?;
            text.lines()
                .find(|line| witness.cosigner.verify(&checkpoint.body, line).is_some())
                .map(|line| Answer::Cosigned(format!("{line}\n")))
                .ok_or_else(|| {
                    Problem::Refused(
                        "answered without a cosignature that verifies with its key".into(),
                    )
                })
        }
        409 if size_body => text
            .trim()
            .parse()
            .map(Answer::RemembersSize)
            .map_err(|_| Problem::Refused("answered 409 without a tree size".into())),
        500..=599 => Err(Problem::Unreachable(format!(
            "failed ({status}): {}",
            text.trim()
        ))),
        _ => Ok(Answer::Refused(status, text)),
    }
}

/// The latest head a witness cosigned for the log with `log_id`, checked
/// against the witness's key: (tree size, root). `None` when it has none.
pub async fn fetch_witnessed_head(
    witness: &WitnessEndpoint,
    log_id: &str,
) -> Result<Option<(i64, Hash)>, String> {
    let response = client()
        .get(format!("{}/concord/latest/{log_id}", witness.url))
        .send()
        .await
        .map_err(|e| {
            format!(
                "the witness {} cannot be reached: {}",
                witness.url,
                error_text(&e)
            )
        })?;
    if response.status() == reqwest::StatusCode::NOT_FOUND {
        return Ok(None);
    }
    if !response.status().is_success() {
        return Err(format!(
            "the witness {} answered {}",
            witness.url,
            response.status()
        ));
    }
    let text = response.text().await.map_err(|e| error_text(&e))?;
    let note = parse_checkpoint_note(&text)
        .map_err(|e| format!("the witness {} answered a malformed head: {e}", witness.url))?;
    witness
        .cosigner
        .verify(&note.body, &note.signatures)
        .ok_or_else(|| {
            format!(
                "the head from {} is not cosigned by the witness key given",
                witness.url
            )
        })?;
    Ok(Some((note.tree_size as i64, note.root)))
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(TIMEOUT)
        .connect_timeout(TIMEOUT)
        .build()
        .unwrap_or_default()
}

/// The error with its causes ("connection refused"); the URLs are the
/// witness's and a log id, never personal data.
fn error_text(e: &reqwest::Error) -> String {
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use concord_crypto::keys::AuditSigningKey;

    #[test]
    fn a_witness_is_an_http_url_and_a_witness_key() {
        let cosigner = Cosigner {
            name: "oversight.example/witness".into(),
            public_key: AuditSigningKey::generate().public_key(),
        };
        let key = cosigner.verifier_key();
        let parsed = WitnessEndpoint::parse(&format!("http://10.0.0.7:8710/=  {key}")).unwrap();
        assert_eq!(parsed.url, "http://10.0.0.7:8710");
        assert_eq!(parsed.cosigner, cosigner);
        assert!(WitnessEndpoint::parse(&key).is_err(), "no URL");
        assert!(WitnessEndpoint::parse(&format!("ftp://x={key}")).is_err());
        assert!(WitnessEndpoint::parse("http://x=concord/audit+00000000+AQ==").is_err());
    }
}
