//! The network witness (`concord audit witness`): what a second organisation
//! (a ministry, an oversight body) runs on its own machine with its own key.
//! It follows c2sp.org/tlog-witness: for every log it knows it remembers the
//! latest checkpoint it cosigned, cosigns a new one only when a consistency
//! proof shows it extends that one, and refuses with the reason otherwise.
//!
//! Its memory is a small JSON file of its own, replaced atomically (written
//! aside, synced, renamed) before a cosignature leaves; checking and
//! remembering happen under one lock, so two requests cannot roll it back.
//!
//! Logs are told apart by origin *and* log key: every Concord instance signs
//! with the origin `concord/audit`, each with its own key.

use crate::clock::Clock;
use base64::{Engine, engine::general_purpose::STANDARD};
use concord_crypto::checkpoint_note::{self, parse_public_key};
use concord_crypto::consistency::verify_consistency;
use concord_crypto::cosignature::{
    CheckpointNote, Cosigner, cosignature_line, cosigned_message, parse_checkpoint_note,
};
use concord_crypto::keys::{AuditSigningKey, verify_signature};
use concord_crypto::merkle::Hash;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Consistency proof lines a request may carry (the specification's limit).
const MAX_PROOF_LINES: usize = 63;

/// A log the witness follows: its origin and Ed25519 public key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WitnessedLog {
    pub origin: String,
    pub public_key: [u8; 32],
}

impl WitnessedLog {
    /// From the log's verifier key (`concord audit public-key` prints it).
    pub fn from_verifier_key(text: &str) -> Result<Self, String> {
        let public_key = parse_public_key(text).map_err(|e| e.to_string())?;
        let origin = text
            .trim()
            .split_once('+')
            .map(|(name, _)| name.to_owned())
            .ok_or("a log key here is a verifier key: origin+id+key")?;
        Ok(Self { origin, public_key })
    }

    /// How the witness's memory and its read endpoint name this log.
    pub fn id(&self) -> String {
        hex::encode(checkpoint_note::key_id(&self.origin, &self.public_key))
    }

    fn signed(&self, note: &CheckpointNote) -> bool {
        let key_id = checkpoint_note::key_id(&self.origin, &self.public_key);
        note.signatures.lines().any(|line| {
            let Some((name, blob)) = line
                .strip_prefix("\u{2014} ")
                .and_then(|l| l.split_once(' '))
            else {
                return false;
            };
            let Ok(blob) = STANDARD.decode(blob) else {
                return false;
            };
            name == self.origin
                && blob.len() == 68
                && blob[..4] == key_id
                && verify_signature(&self.public_key, note.body.as_bytes(), &blob[4..])
        })
    }
}

/// Why the witness does not cosign, with the HTTP status the specification
/// gives each case.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("the request is malformed: {0}")]
    Malformed(&'static str),
    #[error("this witness does not follow a log with that origin")]
    UnknownLog,
    #[error("no signature on the checkpoint verifies with a log key this witness trusts")]
    NotSigned,
    /// The old size is not the size it last cosigned; the body is that size.
    #[error("the witness last cosigned tree size {remembered}, not {old}")]
    NotTheRememberedSize { remembered: u64, old: u64 },
    #[error("the witness cosigned another root at tree size {tree_size}: the log was rewritten")]
    OtherRoot { tree_size: u64 },
    #[error(
        "the consistency proof from tree size {old} to {new} does not hold: the log was rewritten"
    )]
    Inconsistent { old: u64, new: u64 },
    #[error("the witness cannot remember: {0}")]
    Memory(String),
}

impl Refusal {
    /// The HTTP status of c2sp.org/tlog-witness for this refusal.
    pub fn status(&self) -> u16 {
        match self {
            Refusal::Malformed(_) => 400,
            Refusal::UnknownLog => 404,
            Refusal::NotSigned => 403,
            Refusal::NotTheRememberedSize { .. } | Refusal::OtherRoot { .. } => 409,
            Refusal::Inconsistent { .. } => 422,
            Refusal::Memory(_) => 500,
        }
    }
}

/// What the witness remembers of one log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RememberedHead {
    pub log: String,
    pub tree_size: u64,
    /// The checkpoint body it cosigned (origin, size, base64 root).
    pub body: String,
    /// Its cosignature line over that body.
    pub cosignature: String,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Memory {
    heads: Vec<RememberedHead>,
}

/// The witness: its key, the logs it follows, and its memory file.
#[derive(Clone)]
pub struct Witness {
    key: Arc<AuditSigningKey>,
    cosigner: Cosigner,
    logs: Vec<WitnessedLog>,
    memory: PathBuf,
    lock: Arc<Mutex<()>>,
    clock: Arc<dyn Clock>,
}

impl Witness {
    pub fn new(
        name: &str,
        key: AuditSigningKey,
        logs: Vec<WitnessedLog>,
        memory: PathBuf,
        clock: Arc<dyn Clock>,
    ) -> Self {
        let cosigner = Cosigner {
            name: name.to_owned(),
            public_key: key.public_key(),
        };
        Self {
            key: Arc::new(key),
            cosigner,
            logs,
            memory,
            lock: Arc::new(Mutex::new(())),
            clock,
        }
    }

    /// Who this witness is, for the logs and verifiers that trust it.
    pub fn cosigner(&self) -> &Cosigner {
        &self.cosigner
    }

    /// `add-checkpoint`: the request body in, the cosignature line out.
    pub fn add_checkpoint(&self, request: &str) -> Result<String, Refusal> {
        let (old, proof, note) = parse_request(request)?;
        let candidates: Vec<&WitnessedLog> = self
            .logs
            .iter()
            .filter(|l| l.origin == note.origin)
            .collect();
        if candidates.is_empty() {
            return Err(Refusal::UnknownLog);
        }
        let log = candidates
            .into_iter()
            .find(|l| l.signed(&note))
            .ok_or(Refusal::NotSigned)?;
        if old > note.tree_size {
            return Err(Refusal::Malformed(
                "the old size is larger than the checkpoint",
            ));
        }
        let _held = self.lock.lock().unwrap_or_else(|p| p.into_inner());
        let mut memory = self.read_memory()?;
        let log_id = log.id();
        let remembered = memory.heads.iter().find(|h| h.log == log_id);
        check_extends(remembered, old, &proof, &note)?;
        let timestamp = self.clock.now().timestamp().max(0) as u64;
        let signature = self.key.sign(&cosigned_message(timestamp, &note.body));
        let line = cosignature_line(&self.cosigner, timestamp, &signature);
        let head = RememberedHead {
            log: log_id.clone(),
            tree_size: note.tree_size,
            body: note.body,
            cosignature: line.clone(),
        };
        memory.heads.retain(|h| h.log != log_id);
        memory.heads.push(head);
        self.write_memory(&memory)?;
        Ok(line)
    }

    /// The latest head cosigned for the log `log_id`, as its body followed
    /// by the cosignature line (for `audit verify`).
    pub fn latest(&self, log_id: &str) -> Result<Option<RememberedHead>, Refusal> {
        let _held = self.lock.lock().unwrap_or_else(|p| p.into_inner());
        Ok(self
            .read_memory()?
            .heads
            .into_iter()
            .find(|h| h.log == log_id))
    }

    fn read_memory(&self) -> Result<Memory, Refusal> {
        match std::fs::read(&self.memory) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| {
                Refusal::Memory(format!(
                    "{} is not a witness memory: {e}",
                    self.memory.display()
                ))
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Memory::default()),
            Err(e) => Err(Refusal::Memory(format!("{}: {e}", self.memory.display()))),
        }
    }

    fn write_memory(&self, memory: &Memory) -> Result<(), Refusal> {
        let bytes =
            serde_json::to_vec_pretty(memory).map_err(|e| Refusal::Memory(e.to_string()))?;
        replace_atomically(&self.memory, &bytes)
            .map_err(|e| Refusal::Memory(format!("{}: {e}", self.memory.display())))
    }
}

/// The remembered head must be where the request starts, and the proof
/// must carry it to the new checkpoint (trust on first use when there is
/// none, as the specification has it).
fn check_extends(
    remembered: Option<&RememberedHead>,
    old: u64,
    proof: &[Hash],
    note: &CheckpointNote,
) -> Result<(), Refusal> {
    let remembered_size = remembered.map_or(0, |h| h.tree_size);
    if old != remembered_size {
        return Err(Refusal::NotTheRememberedSize {
            remembered: remembered_size,
            old,
        });
    }
    let Some(head) = remembered else {
        return if proof.is_empty() {
            Ok(())
        } else {
            Err(Refusal::Malformed("a proof from size 0 is empty"))
        };
    };
    let old_root = parse_checkpoint_note(&format!("{}\n\u{2014} x x\n", head.body))
        .map_err(|_| Refusal::Memory("a remembered head is malformed".into()))?
        .root;
    if old == note.tree_size {
        return if old_root == note.root {
            Ok(())
        } else {
            Err(Refusal::OtherRoot { tree_size: old })
        };
    }
    if verify_consistency(old, note.tree_size, &old_root, &note.root, proof) {
        Ok(())
    } else {
        Err(Refusal::Inconsistent {
            old,
            new: note.tree_size,
        })
    }
}

/// `old N`, proof lines, a blank line, the checkpoint note.
fn parse_request(request: &str) -> Result<(u64, Vec<Hash>, CheckpointNote), Refusal> {
    let (head, note) = request
        .split_once("\n\n")
        .ok_or(Refusal::Malformed("no blank line before the checkpoint"))?;
    let mut lines = head.lines();
    let old = lines
        .next()
        .and_then(|l| l.strip_prefix("old "))
        .filter(|n| n.len() == 1 || !n.starts_with('0'))
        .and_then(|n| n.parse().ok())
        .ok_or(Refusal::Malformed("the first line is not `old <size>`"))?;
    let proof = lines
        .map(|l| {
            STANDARD
                .decode(l)
                .ok()
                .and_then(|h| Hash::try_from(h.as_slice()).ok())
                .ok_or(Refusal::Malformed("a proof line is not a base64 hash"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    if proof.len() > MAX_PROOF_LINES {
        return Err(Refusal::Malformed("more than 63 proof lines"));
    }
    let note = parse_checkpoint_note(note).map_err(Refusal::Malformed)?;
    Ok((old, proof, note))
}

/// Writes `bytes` beside `path`, syncs, renames over it and syncs the folder:
/// the file is the old memory or the new one, never half of either.
fn replace_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let aside = path.with_extension("new");
    let mut file = std::fs::File::create(&aside)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    std::fs::rename(&aside, path)?;
    if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::File::open(folder)?.sync_all()?;
    }
    Ok(())
}

/// The request body of `add-checkpoint` (what a log sends).
pub fn add_checkpoint_request(old: u64, proof: &[Hash], note: &str) -> String {
    let mut body = format!("old {old}\n");
    for hash in proof {
        body.push_str(&STANDARD.encode(hash));
        body.push('\n');
    }
    body.push('\n');
    body.push_str(note);
    body
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::ManualClock;
    use concord_crypto::checkpoint_note::{ORIGIN, body, signed_note, verifier_key};
    use concord_crypto::consistency::consistency_proof;
    use concord_crypto::merkle::{leaf_hash, root_of};

    struct Log {
        key: AuditSigningKey,
        leaves: Vec<Hash>,
    }

    impl Log {
        fn new(n: u64) -> Self {
            Self {
                key: AuditSigningKey::generate(),
                leaves: (0..n).map(|i| leaf_hash(&i.to_be_bytes())).collect(),
            }
        }

        fn note(&self, size: usize) -> String {
            let text = body(ORIGIN, size as u64, &root_of(&self.leaves[..size]));
            signed_note(
                &text,
                ORIGIN,
                &self.key.public_key(),
                &self.key.sign(text.as_bytes()),
            )
        }

        fn proof(&self, old: usize, new: usize) -> Vec<Hash> {
            let all = &self.leaves[..new];
            let mut subtree = |s: u64, e: u64| Some(root_of(&all[s as usize..e as usize]));
            consistency_proof(old as u64, new as u64, &mut subtree).unwrap()
        }

        fn request(&self, old: usize, new: usize) -> String {
            let proof = if old == 0 || old == new {
                vec![]
            } else {
                self.proof(old, new)
            };
            add_checkpoint_request(old as u64, &proof, &self.note(new))
        }

        fn logged(&self) -> WitnessedLog {
            WitnessedLog::from_verifier_key(&verifier_key(ORIGIN, &self.key.public_key())).unwrap()
        }
    }

    const NOW: &str = "2026-12-07T13:00:00Z";

    fn witness(dir: &Path, logs: Vec<WitnessedLog>) -> Witness {
        let clock = Arc::new(ManualClock::new(NOW.parse().unwrap()));
        Witness::new(
            "oversight.example/witness",
            AuditSigningKey::generate(),
            logs,
            dir.join("memory.json"),
            clock,
        )
    }

    #[test]
    fn cosigns_heads_that_extend_the_last_one_it_cosigned() {
        let dir = tempfile::tempdir().unwrap();
        let log = Log::new(9);
        let w = witness(dir.path(), vec![log.logged()]);
        let line = w.add_checkpoint(&log.request(0, 3)).unwrap();
        let note = parse_checkpoint_note(&log.note(3)).unwrap();
        let now: chrono::DateTime<chrono::Utc> = NOW.parse().unwrap();
        assert_eq!(
            w.cosigner().verify(&note.body, &line),
            Some(now.timestamp() as u64),
            "a cosignature/v1 with the witness's time"
        );
        w.add_checkpoint(&log.request(3, 5)).unwrap();
        w.add_checkpoint(&log.request(5, 5)).unwrap();
        // A restarted witness (same memory file) goes on from size 5.
        let again = Witness { ..w.clone() };
        assert_eq!(
            again.add_checkpoint(&log.request(3, 9)),
            Err(Refusal::NotTheRememberedSize {
                remembered: 5,
                old: 3
            })
        );
        again.add_checkpoint(&log.request(5, 9)).unwrap();
        let latest = again.latest(&log.logged().id()).unwrap().unwrap();
        assert_eq!(latest.tree_size, 9);
    }

    #[test]
    fn refuses_a_rollback_a_rewrite_and_checkpoints_it_cannot_check() {
        let dir = tempfile::tempdir().unwrap();
        let log = Log::new(9);
        let w = witness(dir.path(), vec![log.logged()]);
        w.add_checkpoint(&log.request(0, 5)).unwrap();
        // Rolled back to 3 and grown again: the log claims 3 was the last.
        let rollback = w.add_checkpoint(&log.request(3, 9)).unwrap_err();
        assert_eq!(rollback.status(), 409);
        // Rewritten from position 1 and re-signed with the log's own key.
        let mut forged = Log::new(9);
        forged.key = AuditSigningKey::from_base64(&log.key.to_base64()).unwrap();
        forged.leaves[1] = leaf_hash(b"forged");
        let rewrite = w.add_checkpoint(&forged.request(5, 9)).unwrap_err();
        assert_eq!(
            (rewrite.status(), rewrite.clone()),
            (422, Refusal::Inconsistent { old: 5, new: 9 })
        );
        let same_size = w.add_checkpoint(&forged.request(5, 5)).unwrap_err();
        assert_eq!(same_size, Refusal::OtherRoot { tree_size: 5 });
        // Another key, unknown origin, malformed bodies.
        let stranger = Log::new(9);
        assert_eq!(
            w.add_checkpoint(&stranger.request(5, 9))
                .unwrap_err()
                .status(),
            403
        );
        let other_origin = log.request(5, 9).replace(ORIGIN, "elsewhere/log");
        assert_eq!(w.add_checkpoint(&other_origin).unwrap_err().status(), 404);
        assert_eq!(w.add_checkpoint("old 5\n").unwrap_err().status(), 400);
        let old_past_new = add_checkpoint_request(9, &[], &log.note(5));
        assert_eq!(w.add_checkpoint(&old_past_new).unwrap_err().status(), 400);
        // None of that moved what it remembers.
        assert_eq!(w.latest(&log.logged().id()).unwrap().unwrap().tree_size, 5);
    }

    #[test]
    fn two_logs_with_the_same_origin_are_followed_apart() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (Log::new(4), Log::new(4));
        let w = witness(dir.path(), vec![a.logged(), b.logged()]);
        w.add_checkpoint(&a.request(0, 4)).unwrap();
        w.add_checkpoint(&b.request(0, 2)).unwrap();
        assert_eq!(w.latest(&a.logged().id()).unwrap().unwrap().tree_size, 4);
        assert_eq!(w.latest(&b.logged().id()).unwrap().unwrap().tree_size, 2);
    }
}
