//! `concord audit verify`: recomputes the audit log from the raw rows and
//! checks it against the signed checkpoints and, when one is given, the
//! heads a witness outside the database remembers. It needs the public key
//! only and trusts nothing the database says about itself: positions, leaf
//! hashes, frontiers, proofs and public keys stored there are all checked.

use crate::audit::{checkpoint_signed, checkpoint_text, event_leaf_hash_with};
use crate::audit_witness::WitnessedHead;
use crate::error::{AppError, AppResult};
use concord_crypto::consistency::{proof_from_bytes, verify_consistency};
use concord_crypto::cosignature::Cosigner;
use concord_crypto::merkle::{Frontier, Hash};
use concord_store::{AuditEventRow, CheckpointRow, Store};
use std::collections::BTreeMap;

/// Events read per query: large, so reading costs few round trips, and
/// small enough that two pages in memory stay a few megabytes.
const PAGE: u32 = 10_000;

/// The setting `copy-db` leaves in a SQLite copy of a PostgreSQL database:
/// ids up to this one may have gaps that are no damage.
pub const IDS_COPIED_WITH_GAPS_UP_TO: &str = "audit.ids_copied_with_gaps_up_to";

/// What `concord audit verify` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyReport {
    pub events_checked: i64,
    pub checkpoints_checked: usize,
    pub unsealed_events: i64,
    pub witnessed_heads_checked: usize,
    /// Witness cosignatures checked with the witness keys given.
    pub cosignatures_checked: usize,
    pub root: Option<Vec<u8>>,
    /// The first problem, if any.
    pub problem: Option<VerifyProblem>,
}

/// Each way the log can fail to verify, with the position to look at.
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
    /// The event at this position has a lower id than the one before it:
    /// positions were swapped or an event was inserted.
    EventOutOfOrder {
        position: i64,
    },
    /// Ids between the events at `position - 1` and `position` are missing
    /// (on engines whose ids have no gaps: deleted before sealing).
    IdsMissing {
        position: i64,
        after_id: i64,
        next_id: i64,
    },
    /// Events are sealed at or after `position` with no checkpoint covering
    /// them: the latest checkpoints were removed.
    SealedPastCheckpoint {
        position: i64,
    },
    /// The checkpoint sealing `to_size` sealed fewer events than lie
    /// between it and the checkpoint before (`from_size`): one was removed.
    CheckpointMissing {
        from_size: i64,
        to_size: i64,
    },
    /// The stored frontier does not give the checkpoint's own root and size.
    FrontierMismatch {
        tree_size: i64,
    },
    /// The consistency proof from the previous checkpoint does not hold.
    Inconsistent {
        tree_size: i64,
        previous_size: i64,
    },
    /// The events up to `tree_size` do not give the signed root; the first
    /// event after the last good checkpoint is where to look (the exact
    /// event could not be named: the batch's leaf list was altered too).
    RootMismatch {
        tree_size: i64,
        from_position: i64,
    },
    BadSignature {
        tree_size: i64,
    },
    /// Stored as signed by another key than the one verifying.
    UnknownSigner {
        tree_size: i64,
    },
    /// The witness remembers a larger tree than the database holds: the log
    /// was rolled back (or emptied).
    WitnessAhead {
        witness_size: i64,
        database_size: i64,
    },
    /// The witness remembers another root at this size: the log was
    /// rewritten (and re-signed).
    WitnessDisagrees {
        tree_size: i64,
    },
    /// A stored cosignature of `witness` does not verify over the checkpoint
    /// of this size: the checkpoint was replaced after the witness cosigned.
    CosignatureInvalid {
        tree_size: i64,
        witness: String,
    },
    /// No audit event holds this gap-free number: an event was deleted (on
    /// both engines, sealed or not yet sealed).
    NumberMissing {
        number: i64,
    },
    /// Events without a number, or numbers held twice, or a counter behind
    /// the numbers: the numbering itself was altered.
    NumberingAltered {
        events: i64,
        counter: i64,
    },
}

impl VerifyProblem {
    /// Where the walk over positions met the problem, to report the first.
    fn position(&self) -> i64 {
        use VerifyProblem::*;
        match self {
            EventAltered { position }
            | EventMissing { position }
            | EventOutOfOrder { position }
            | IdsMissing { position, .. }
            | SealedPastCheckpoint { position } => *position,
            CheckpointMissing { to_size: size, .. }
            | FrontierMismatch { tree_size: size }
            | Inconsistent {
                tree_size: size, ..
            }
            | BadSignature { tree_size: size }
            | UnknownSigner { tree_size: size }
            | WitnessAhead {
                database_size: size,
                ..
            }
            | WitnessDisagrees { tree_size: size }
            | CosignatureInvalid {
                tree_size: size, ..
            } => *size,
            NumberMissing { .. } | NumberingAltered { .. } => i64::MAX,
            RootMismatch { from_position, .. } => *from_position,
        }
    }

    /// The earlier of two problems; on a tie the one naming an event.
    fn first(found: Option<Self>, other: Option<Self>) -> Option<Self> {
        match (found, other) {
            (Some(a), Some(b)) if a.position() < b.position() => Some(a),
            (a, b) => b.or(a),
        }
    }
}

impl std::fmt::Display for VerifyProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use VerifyProblem::*;
        match self {
            EventAltered { position } => {
                write!(f, "audit event at position {position} was altered")
            }
            EventMissing { position } => {
                write!(f, "audit event at position {position} is missing")
            }
            EventOutOfOrder { position } => write!(
                f,
                "audit event at position {position} is out of id order (positions swapped or an event inserted)"
            ),
            IdsMissing {
                position,
                after_id,
                next_id,
            } => write!(
                f,
                "audit events with ids {}..{} are missing before position {position}",
                after_id + 1,
                next_id - 1
            ),
            SealedPastCheckpoint { position } => write!(
                f,
                "audit events from position {position} are sealed but no checkpoint covers them (checkpoints were removed)"
            ),
            CheckpointMissing { from_size, to_size } => write!(
                f,
                "a checkpoint between tree sizes {from_size} and {to_size} is missing"
            ),
            FrontierMismatch { tree_size } => write!(
                f,
                "checkpoint of size {tree_size} has a frontier that does not match its root"
            ),
            Inconsistent {
                tree_size,
                previous_size,
            } => write!(
                f,
                "checkpoint of size {tree_size} is not consistent with checkpoint of size {previous_size}"
            ),
            RootMismatch {
                tree_size,
                from_position,
            } => write!(
                f,
                "audit events between position {from_position} and {tree_size} do not match the signed checkpoint of size {tree_size}"
            ),
            BadSignature { tree_size } => {
                write!(f, "checkpoint of size {tree_size} has a bad signature")
            }
            UnknownSigner { tree_size } => write!(
                f,
                "checkpoint of size {tree_size} was signed by another key than the one given (a wrong --audit-public-key, or the checkpoints were replaced)"
            ),
            WitnessAhead {
                witness_size,
                database_size,
            } => write!(
                f,
                "the witness remembers tree size {witness_size} but the database holds only {database_size} sealed event(s) (rolled back)"
            ),
            WitnessDisagrees { tree_size } => write!(
                f,
                "the witness remembers another root at tree size {tree_size} (the log was rewritten)"
            ),
            CosignatureInvalid { tree_size, witness } => write!(
                f,
                "checkpoint of size {tree_size} does not match the cosignature of witness {witness} (the checkpoint was replaced after the witness cosigned it)"
            ),
            NumberMissing { number } => write!(
                f,
                "audit event number {number} is missing (deleted, sealed or not)"
            ),
            NumberingAltered { events, counter } => write!(
                f,
                "the audit events' numbers were altered ({events} event(s), counter at {counter})"
            ),
        }
    }
}

/// What the verifier is given from outside the database.
pub struct Trusted<'a> {
    pub public_key: &'a [u8; 32],
    /// Heads remembered by a witness, when one is configured.
    pub witnessed: &'a [WitnessedHead],
    /// Network witnesses whose stored cosignatures are checked.
    pub cosigners: &'a [Cosigner],
}

pub async fn verify_store(store: &dyn Store, public_key: &[u8; 32]) -> AppResult<VerifyReport> {
    let trusted = Trusted {
        public_key,
        witnessed: &[],
        cosigners: &[],
    };
    verify_store_against(store, &trusted).await
}

pub async fn verify_store_against(
    store: &dyn Store,
    trusted: &Trusted<'_>,
) -> AppResult<VerifyReport> {
    let checkpoints = store.list_checkpoints().await?;
    // SQLite's AUTOINCREMENT ids have no gaps (a rolled-back insert gives
    // its id back); PostgreSQL's identity does not give ids back, nor do
    // ids copied from PostgreSQL (up to the id `copy-db` noted).
    let gapless_after = match store.engine() {
        "sqlite" => store
            .get_setting(IDS_COPIED_WITH_GAPS_UP_TO)
            .await?
            .and_then(|id| id.parse().ok())
            .unwrap_or(0),
        _ => i64::MAX,
    };
    let cosignatures = trusted_cosignatures(store, trusted.cosigners).await?;
    let mut walk = Walk::new(trusted, &checkpoints, gapless_after, &cosignatures);
    walk.report.unsealed_events = store.count_unsealed_audit_events().await?;
    // While one page is hashed (off the async runtime, on every core), the
    // next is read; the walk then checks the page in order.
    let mut from = 0;
    let mut page = store.sealed_audit_events(from, PAGE).await?;
    while !page.is_empty() {
        let next_from = from + page.len() as i64;
        let hashing = tokio::task::spawn_blocking(move || {
            let leaves = leaf_hashes(&page);
            (page, leaves)
        });
        let (hashed, next) = tokio::join!(hashing, store.sealed_audit_events(next_from, PAGE));
        let (events, leaves) = hashed.map_err(|e| AppError::Internal(e.to_string()))?;
        for (event, leaf) in events.iter().zip(leaves) {
            if walk.step(event, leaf).is_err() {
                return Ok(walk.report);
            }
        }
        page = next?;
        from = next_from;
    }
    walk.finish();
    if walk.report.problem.is_none() {
        walk.report.problem = numbering_problem(store).await?;
    }
    Ok(walk.report)
}

/// The stored cosignatures of the witnesses given, by tree size.
async fn trusted_cosignatures<'c>(
    store: &dyn Store,
    cosigners: &'c [Cosigner],
) -> AppResult<BTreeMap<i64, Vec<(&'c Cosigner, String)>>> {
    let mut by_size: BTreeMap<i64, Vec<(&Cosigner, String)>> = BTreeMap::new();
    if cosigners.is_empty() {
        return Ok(by_size);
    }
    for row in store.list_audit_cosignatures().await? {
        if let Some(cosigner) = cosigners.iter().find(|c| c.verifier_key() == row.witness) {
            by_size
                .entry(row.tree_size)
                .or_default()
                .push((cosigner, row.cosignature));
        }
    }
    Ok(by_size)
}

/// Every number from 1 to the counter held by exactly one event.
async fn numbering_problem(store: &dyn Store) -> AppResult<Option<VerifyProblem>> {
    let n = store.audit_numbering().await?;
    if n.numbered == n.counter && n.events == n.counter && n.lowest.unwrap_or(1) == 1 {
        return Ok(None);
    }
    if let Some(number) = store.first_missing_audit_number().await? {
        return Ok(Some(VerifyProblem::NumberMissing { number }));
    }
    Ok(Some(VerifyProblem::NumberingAltered {
        events: n.events,
        counter: n.counter,
    }))
}

/// Fewer events than this are hashed on the calling thread.
const PARALLEL_FROM: usize = 512;

/// The leaf hash each event's columns give, in order, hashed on as many
/// threads as there are cores.
fn leaf_hashes(events: &[AuditEventRow]) -> Vec<Hash> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = events.len().div_ceil(threads).max(1);
    let hash_chunk = |events: &[AuditEventRow]| {
        let mut buffer = Vec::with_capacity(512);
        events
            .iter()
            .map(|e| event_leaf_hash_with(&mut buffer, e))
            .collect::<Vec<_>>()
    };
    if threads == 1 || events.len() < PARALLEL_FROM {
        return hash_chunk(events);
    }
    std::thread::scope(|scope| {
        let parts: Vec<_> = events
            .chunks(chunk)
            .map(|part| scope.spawn(move || hash_chunk(part)))
            .collect();
        parts
            .into_iter()
            .flat_map(|part| part.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}

/// The state of one pass over the sealed events, in position order.
struct Walk<'a> {
    trusted: &'a Trusted<'a>,
    pending: std::iter::Peekable<std::slice::Iter<'a, CheckpointRow>>,
    witnessed: BTreeMap<i64, &'a WitnessedHead>,
    /// Ids after this one have no gaps.
    gapless_after: i64,
    next_position: i64,
    last_id: Option<i64>,
    /// The first id out of order or missing, held until the batch's root is
    /// checked: a swap is better named by the leaf that moved.
    id_problem: Option<VerifyProblem>,
    frontier: Frontier,
    /// The tree at the last good checkpoint, and the leaves since.
    batch_start: Frontier,
    batch: Vec<Hash>,
    last_good: Option<&'a CheckpointRow>,
    cosignatures: &'a BTreeMap<i64, Vec<(&'a Cosigner, String)>>,
    report: VerifyReport,
}

/// A problem was found and recorded in the report.
struct Stop;

impl<'a> Walk<'a> {
    fn new(
        trusted: &'a Trusted<'a>,
        checkpoints: &'a [CheckpointRow],
        gapless_after: i64,
        cosignatures: &'a BTreeMap<i64, Vec<(&'a Cosigner, String)>>,
    ) -> Self {
        Self {
            trusted,
            pending: checkpoints.iter().peekable(),
            witnessed: trusted.witnessed.iter().map(|h| (h.tree_size, h)).collect(),
            gapless_after,
            next_position: 0,
            last_id: None,
            id_problem: None,
            frontier: Frontier::default(),
            batch_start: Frontier::default(),
            batch: Vec::new(),
            last_good: None,
            cosignatures,
            report: VerifyReport {
                events_checked: 0,
                checkpoints_checked: 0,
                unsealed_events: 0,
                witnessed_heads_checked: 0,
                cosignatures_checked: 0,
                root: None,
                problem: None,
            },
        }
    }

    /// Records `problem`, or an id problem met before it.
    fn stop(&mut self, problem: VerifyProblem) -> Result<(), Stop> {
        self.report.problem = VerifyProblem::first(self.id_problem.take(), Some(problem));
        Err(Stop)
    }

    /// Checks `event`, whose columns hash to `leaf`.
    fn step(&mut self, event: &AuditEventRow, leaf: Hash) -> Result<(), Stop> {
        let position = self.next_position;
        if event.tree_position != Some(position) {
            return self.stop(VerifyProblem::EventMissing { position });
        }
        self.check_id(position, event.id);
        if event.leaf_hash.as_deref() != Some(leaf.as_slice()) {
            return self.stop(VerifyProblem::EventAltered { position });
        }
        self.frontier.push(leaf);
        self.batch.push(leaf);
        self.next_position += 1;
        self.report.events_checked = self.next_position;
        let sealed = self.next_position;
        while let Some(cp) = self.pending.next_if(|cp| cp.tree_size <= sealed) {
            self.check_checkpoint(cp)?;
        }
        self.check_witnessed()
    }

    fn check_id(&mut self, position: i64, id: i64) {
        let problem = match self.last_id.replace(id) {
            Some(last) if id <= last => VerifyProblem::EventOutOfOrder { position },
            Some(last) if last >= self.gapless_after && id != last + 1 => {
                VerifyProblem::IdsMissing {
                    position,
                    after_id: last,
                    next_id: id,
                }
            }
            _ => return,
        };
        self.id_problem.get_or_insert(problem);
    }

    fn check_checkpoint(&mut self, cp: &'a CheckpointRow) -> Result<(), Stop> {
        let tree_size = cp.tree_size;
        let previous_size = self.last_good.map_or(0, |p| p.tree_size);
        if tree_size != self.next_position {
            // Only a stored size that is not a position at all gets here.
            return self.stop(VerifyProblem::EventMissing {
                position: self.next_position,
            });
        }
        if let Some(leaves) = &cp.leaf_hashes
            && leaves.len() as i64 != 32 * (tree_size - previous_size)
        {
            return self.stop(VerifyProblem::CheckpointMissing {
                from_size: previous_size,
                to_size: tree_size,
            });
        }
        if !frontier_matches(cp) {
            return self.stop(VerifyProblem::FrontierMismatch { tree_size });
        }
        if cp.public_key != self.trusted.public_key {
            return self.stop(VerifyProblem::UnknownSigner { tree_size });
        }
        if !checkpoint_signed(cp, self.trusted.public_key) {
            return self.stop(VerifyProblem::BadSignature { tree_size });
        }
        if let Some(previous) = self.last_good
            && !consistent(previous, cp)
        {
            return self.stop(VerifyProblem::Inconsistent {
                tree_size,
                previous_size,
            });
        }
        let located = (cp.root_hash != self.frontier.root()).then(|| match self.locate(cp) {
            Some(position) => VerifyProblem::EventAltered { position },
            None => VerifyProblem::RootMismatch {
                tree_size,
                from_position: previous_size,
            },
        });
        if let Some(problem) = located.or_else(|| self.id_problem.take()) {
            return self.stop(problem);
        }
        self.check_cosignatures(cp)?;
        self.last_good = Some(cp);
        self.batch_start = self.frontier.clone();
        self.batch.clear();
        self.report.checkpoints_checked += 1;
        self.report.root = Some(cp.root_hash.clone());
        Ok(())
    }

    /// The exact event whose leaf differs from the one the signed root
    /// covers, when the checkpoint's own leaf list is intact (its root with
    /// the previous tree is the signed root).
    fn locate(&self, cp: &CheckpointRow) -> Option<i64> {
        let sealed = proof_from_bytes(cp.leaf_hashes.as_deref()?)?;
        if sealed.len() != self.batch.len() {
            return None;
        }
        let mut tree = self.batch_start.clone();
        sealed.iter().for_each(|leaf| tree.push(*leaf));
        if tree.root().as_slice() != cp.root_hash {
            return None;
        }
        let offset = sealed.iter().zip(&self.batch).position(|(s, r)| s != r)?;
        Some(self.batch_start.size() as i64 + offset as i64)
    }

    /// Each stored cosignature of a witness given verifies over this
    /// checkpoint (signed and recomputed above).
    fn check_cosignatures(&mut self, cp: &CheckpointRow) -> Result<(), Stop> {
        let Some(lines) = self.cosignatures.get(&cp.tree_size) else {
            return Ok(());
        };
        let Ok(root) = <Hash>::try_from(cp.root_hash.as_slice()) else {
            return Ok(());
        };
        let body = checkpoint_text(cp.tree_size, &root);
        for (cosigner, line) in lines {
            if cosigner.verify(&body, line).is_none() {
                return self.stop(VerifyProblem::CosignatureInvalid {
                    tree_size: cp.tree_size,
                    witness: cosigner.name.clone(),
                });
            }
            self.report.cosignatures_checked += 1;
        }
        Ok(())
    }

    fn check_witnessed(&mut self) -> Result<(), Stop> {
        let Some(head) = self.witnessed.get(&self.next_position) else {
            return Ok(());
        };
        if head.root != self.frontier.root() {
            return self.stop(VerifyProblem::WitnessDisagrees {
                tree_size: head.tree_size,
            });
        }
        self.report.witnessed_heads_checked += 1;
        Ok(())
    }

    /// After the last event: checkpoints without their events, events
    /// without a checkpoint, and heads the witness has but the database not.
    fn finish(&mut self) {
        let sealed = self.next_position;
        let covered = self.last_good.map_or(0, |c| c.tree_size);
        let problem = if self.pending.peek().is_some() {
            Some(VerifyProblem::EventMissing { position: sealed })
        } else if sealed > covered {
            Some(VerifyProblem::SealedPastCheckpoint { position: covered })
        } else if let Some((&witness_size, _)) = self.witnessed.range(sealed + 1..).next_back() {
            Some(VerifyProblem::WitnessAhead {
                witness_size,
                database_size: sealed,
            })
        } else {
            None
        };
        self.report.problem = VerifyProblem::first(self.id_problem.take(), problem);
    }
}

fn frontier_matches(cp: &CheckpointRow) -> bool {
    Frontier::from_bytes(&cp.frontier)
        .is_ok_and(|f| f.size() as i64 == cp.tree_size && f.root().as_slice() == cp.root_hash)
}

/// The stored proof from `previous` to `cp` holds (checkpoints written
/// before proofs were kept have none; their roots are still recomputed).
fn consistent(previous: &CheckpointRow, cp: &CheckpointRow) -> bool {
    let Some(stored) = &cp.consistency_proof else {
        return true;
    };
    let (Some(proof), Ok(old_root), Ok(new_root)) = (
        proof_from_bytes(stored),
        <Hash>::try_from(previous.root_hash.as_slice()),
        <Hash>::try_from(cp.root_hash.as_slice()),
    ) else {
        return false;
    };
    verify_consistency(
        previous.tree_size as u64,
        cp.tree_size as u64,
        &old_root,
        &new_root,
        &proof,
    )
}
