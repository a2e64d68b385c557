//! Sealing the audit log into an RFC 6962 Merkle tree with signed
//! checkpoints, and verifying it from the raw rows.

use crate::app::App;
use crate::error::AppResult;
use chrono::{DateTime, Utc};
use concord_crypto::keys::{AuditSigningKey, verify_signature};
use concord_crypto::merkle::{self, Frontier, Hash};
use concord_store::{AuditEventRow, AuditSealer, CheckpointRow, SealedBatch, Store};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Events sealed per checkpoint at most.
const SEAL_BATCH: u32 = 2000;

/// The bytes of an event that its leaf hash covers: every stored column but
/// the tree columns, as a JSON array (deterministic for the same values).
pub fn canonical_event_bytes(e: &AuditEventRow) -> Vec<u8> {
    let value = serde_json::json!([
        e.id,
        e.at.timestamp_micros(),
        e.actor_user_id.map(|u| u.to_string()),
        e.actor_agency_id.map(|a| a.to_string()),
        e.action,
        e.object_type,
        e.object_id,
        e.outcome,
        e.details,
    ]);
    serde_json::to_vec(&value).unwrap_or_default()
}

pub fn event_leaf_hash(e: &AuditEventRow) -> Hash {
    merkle::leaf_hash(&canonical_event_bytes(e))
}

/// Signs new checkpoints with the instance's audit key.
struct Sealer<'a> {
    key: &'a AuditSigningKey,
    now: DateTime<Utc>,
    /// How many events the checkpoint it signed covers.
    events: AtomicUsize,
}

impl AuditSealer for Sealer<'_> {
    fn seal(
        &self,
        previous: Option<&CheckpointRow>,
        events: &[AuditEventRow],
    ) -> Result<SealedBatch, String> {
        let mut frontier = match previous {
            Some(p) => Frontier::from_bytes(&p.frontier).map_err(|e| e.to_string())?,
            None => Frontier::default(),
        };
        self.events.store(events.len(), Ordering::Relaxed);
        let leaf_hashes: Vec<Hash> = events.iter().map(event_leaf_hash).collect();
        for leaf in &leaf_hashes {
            frontier.push(*leaf);
        }
        let root = frontier.root();
        let signed_at = self.now.timestamp_micros();
        let message = merkle::checkpoint_message(frontier.size(), &root, signed_at);
        Ok(SealedBatch {
            leaf_hashes: leaf_hashes.iter().map(|h| h.to_vec()).collect(),
            checkpoint: CheckpointRow {
                tree_size: frontier.size() as i64,
                root_hash: root.to_vec(),
                frontier: frontier.to_bytes(),
                signed_at: self.now,
                public_key: self.key.public_key().to_vec(),
                signature: self.key.sign(&message).to_vec(),
            },
        })
    }
}

impl App {
    /// Seals the audit events waiting when it is called (in batches). A
    /// batch short of full took every event written before it was read;
    /// events written meanwhile wait for the next call, so under steady
    /// writes each call signs one checkpoint rather than sealing back to
    /// back in tiny batches for as long as the writes go on. Safe to call
    /// from several instances at once: the store lets one seal at a time.
    /// Returns how many checkpoints were written.
    pub async fn seal_audit(&self) -> AppResult<u32> {
        let mut written = 0;
        loop {
            let sealer = Sealer {
                key: &self.keys.audit_signing,
                now: self.clock.now(),
                events: AtomicUsize::new(0),
            };
            if self.store.seal_audit(&sealer, SEAL_BATCH).await?.is_none() {
                return Ok(written);
            }
            written += 1;
            if sealer.events.load(Ordering::Relaxed) < SEAL_BATCH as usize {
                return Ok(written);
            }
        }
    }

    /// Recomputes the whole log from the raw rows and checks it against the
    /// signed checkpoints.
    pub async fn verify_audit(&self) -> AppResult<VerifyReport> {
        verify_store(self.store.as_ref(), &self.keys.audit_signing.public_key()).await
    }
}

/// What `concord audit verify` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyReport {
    pub events_checked: i64,
    pub checkpoints_checked: usize,
    pub unsealed_events: i64,
    pub root: Option<Vec<u8>>,
    /// The first problem, if any.
    pub problem: Option<VerifyProblem>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VerifyProblem {
    /// The event at this position no longer matches what was sealed.
    EventAltered {
        position: i64,
    },
    /// No event holds this position any more.
    EventMissing {
        position: i64,
    },
    /// The events up to `tree_size` do not give the signed root; the first
    /// event after the last good checkpoint is where to look.
    RootMismatch {
        tree_size: i64,
        from_position: i64,
    },
    BadSignature {
        tree_size: i64,
    },
    /// Signed by a key this instance does not hold.
    UnknownSigner {
        tree_size: i64,
    },
}

impl std::fmt::Display for VerifyProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            VerifyProblem::EventAltered { position } => {
                write!(f, "audit event at position {position} was altered")
            }
            VerifyProblem::EventMissing { position } => {
                write!(f, "audit event at position {position} is missing")
            }
            VerifyProblem::RootMismatch {
                tree_size,
                from_position,
            } => write!(
                f,
                "checkpoint of size {tree_size} does not match the events from position {from_position}"
            ),
            VerifyProblem::BadSignature { tree_size } => {
                write!(f, "checkpoint of size {tree_size} has a bad signature")
            }
            VerifyProblem::UnknownSigner { tree_size } => {
                write!(
                    f,
                    "checkpoint of size {tree_size} was signed by an unknown key"
                )
            }
        }
    }
}

pub async fn verify_store(store: &dyn Store, public_key: &[u8; 32]) -> AppResult<VerifyReport> {
    let checkpoints = store.list_checkpoints().await?;
    let unsealed_events = store.count_unsealed_audit_events().await?;
    let mut report = VerifyReport {
        events_checked: 0,
        checkpoints_checked: 0,
        unsealed_events,
        root: None,
        problem: None,
    };
    let mut frontier = Frontier::default();
    let mut last_good_size = 0_i64;
    let mut pending = checkpoints.iter().peekable();
    let mut next_position = 0_i64;
    'events: loop {
        let batch = store.sealed_audit_events(next_position, 1000).await?;
        for event in &batch {
            let position = event.tree_position.unwrap_or(-1);
            if position != next_position {
                report.problem = Some(VerifyProblem::EventMissing {
                    position: next_position,
                });
                break 'events;
            }
            let leaf = event_leaf_hash(event);
            if event.leaf_hash.as_deref() != Some(leaf.as_slice()) {
                report.problem = Some(VerifyProblem::EventAltered { position });
                break 'events;
            }
            frontier.push(leaf);
            next_position += 1;
            report.events_checked = next_position;
            while let Some(cp) = pending.next_if(|cp| cp.tree_size == next_position) {
                if let Some(problem) = check_checkpoint(cp, &frontier, public_key, last_good_size) {
                    report.problem = Some(problem);
                    break 'events;
                }
                last_good_size = cp.tree_size;
                report.checkpoints_checked += 1;
                report.root = Some(cp.root_hash.clone());
            }
        }
        if batch.is_empty() {
            break;
        }
    }
    if report.problem.is_none() && pending.peek().is_some() {
        // A checkpoint covers events that are no longer there.
        report.problem = Some(VerifyProblem::EventMissing {
            position: next_position,
        });
    }
    Ok(report)
}

fn check_checkpoint(
    cp: &CheckpointRow,
    frontier: &Frontier,
    public_key: &[u8; 32],
    last_good_size: i64,
) -> Option<VerifyProblem> {
    let root = frontier.root();
    if cp.root_hash != root {
        return Some(VerifyProblem::RootMismatch {
            tree_size: cp.tree_size,
            from_position: last_good_size,
        });
    }
    if cp.public_key != public_key {
        return Some(VerifyProblem::UnknownSigner {
            tree_size: cp.tree_size,
        });
    }
    let message =
        merkle::checkpoint_message(cp.tree_size as u64, &root, cp.signed_at.timestamp_micros());
    if !verify_signature(&cp.public_key, &message, &cp.signature) {
        return Some(VerifyProblem::BadSignature {
            tree_size: cp.tree_size,
        });
    }
    None
}
