//! Sealing the audit log into an RFC 6962 Merkle tree with signed
//! checkpoints (C2SP signed notes), witnessed when a witness is configured.
//! Verifying is in `audit_verify`.

use crate::app::App;
use crate::audit_witness::{WitnessFile, WitnessedHead};
use crate::error::AppResult;
use chrono::{DateTime, Utc};
use concord_crypto::checkpoint_note::{self, ORIGIN};
use concord_crypto::consistency::{proof_from_frontier, proof_to_bytes};
use concord_crypto::keys::{AuditSigningKey, verify_signature};
use concord_crypto::merkle::{self, Frontier, Hash};
use concord_store::{AuditEventRow, AuditSealer, CheckpointRow, SealedBatch};

pub use crate::audit_verify::{VerifyProblem, VerifyReport, verify_store};

/// Events sealed per checkpoint at most.
const SEAL_BATCH: u32 = 2000;

/// The bytes of an event that its leaf hash covers: every stored column but
/// the tree columns, as a JSON array (deterministic for the same values).
pub fn canonical_event_bytes(e: &AuditEventRow) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(256);
    write_canonical_event(&mut bytes, e);
    bytes
}

/// Writes [`canonical_event_bytes`] into `out` (appending), without building
/// a JSON value: a tuple serialises as the same compact JSON array as
/// `json!([...])` of its elements, and the details are written as they are,
/// not copied.
fn write_canonical_event(out: &mut Vec<u8>, e: &AuditEventRow) {
    let mut user = uuid::Uuid::encode_buffer();
    let mut agency = uuid::Uuid::encode_buffer();
    let user = e
        .actor_user_id
        .map(|u| &*u.0.hyphenated().encode_lower(&mut user));
    let agency = e
        .actor_agency_id
        .map(|a| &*a.0.hyphenated().encode_lower(&mut agency));
    let columns = (
        e.id,
        e.at.timestamp_micros(),
        user,
        agency,
        &e.action,
        &e.object_type,
        &e.object_id,
        &e.outcome,
        &e.details,
    );
    // Writing into a Vec cannot fail, nor can serialising these types.
    let _ = serde_json::to_writer(out, &columns);
}

pub fn event_leaf_hash(e: &AuditEventRow) -> Hash {
    let mut bytes = Vec::with_capacity(256);
    event_leaf_hash_with(&mut bytes, e)
}

/// [`event_leaf_hash`] reusing `buffer` (its contents are replaced), for
/// hashing many events without an allocation each.
pub fn event_leaf_hash_with(buffer: &mut Vec<u8>, e: &AuditEventRow) -> Hash {
    buffer.clear();
    write_canonical_event(buffer, e);
    merkle::leaf_hash(buffer)
}

/// The text a checkpoint's signature covers: its C2SP checkpoint body.
pub fn checkpoint_text(tree_size: i64, root: &Hash) -> String {
    checkpoint_note::body(ORIGIN, tree_size as u64, root)
}

/// The checkpoint as a signed note, for a witness or a person to check.
pub fn checkpoint_note(cp: &CheckpointRow) -> Option<String> {
    let root = <Hash>::try_from(cp.root_hash.as_slice()).ok()?;
    let public_key = <[u8; 32]>::try_from(cp.public_key.as_slice()).ok()?;
    let text = checkpoint_text(cp.tree_size, &root);
    Some(checkpoint_note::signed_note(
        &text,
        ORIGIN,
        &public_key,
        &cp.signature,
    ))
}

/// Signed by `public_key`: over the C2SP checkpoint body, or (checkpoints
/// written before issue 18) over the v1 message with the signing time.
pub fn checkpoint_signed(cp: &CheckpointRow, public_key: &[u8; 32]) -> bool {
    let Ok(root) = <Hash>::try_from(cp.root_hash.as_slice()) else {
        return false;
    };
    let text = checkpoint_text(cp.tree_size, &root);
    let legacy =
        merkle::checkpoint_message(cp.tree_size as u64, &root, cp.signed_at.timestamp_micros());
    verify_signature(public_key, text.as_bytes(), &cp.signature)
        || verify_signature(public_key, &legacy, &cp.signature)
}

/// Signs new checkpoints with the instance's audit key.
struct Sealer<'a> {
    key: &'a AuditSigningKey,
    witness: Option<&'a WitnessFile>,
    now: DateTime<Utc>,
}

impl Sealer<'_> {
    /// The previous checkpoint's tree, refused unless its frontier gives
    /// its own size and root (a changed frontier would otherwise be signed
    /// into every later root).
    fn previous_tree(previous: Option<&CheckpointRow>) -> Result<Frontier, String> {
        let Some(p) = previous else {
            return Ok(Frontier::default());
        };
        let frontier = Frontier::from_bytes(&p.frontier).map_err(|e| e.to_string())?;
        if frontier.size() as i64 != p.tree_size || frontier.root().as_slice() != p.root_hash {
            return Err(format!(
                "the frontier of checkpoint {} does not match its root; run `concord audit verify`",
                p.tree_size
            ));
        }
        Ok(frontier)
    }
}

impl AuditSealer for Sealer<'_> {
    fn seal(
        &self,
        previous: Option<&CheckpointRow>,
        events: &[AuditEventRow],
    ) -> Result<SealedBatch, String> {
        let previous_tree = Self::previous_tree(previous)?;
        let leaf_hashes: Vec<Hash> = events.iter().map(event_leaf_hash).collect();
        let proof = proof_from_frontier(&previous_tree, &leaf_hashes);
        let mut frontier = previous_tree;
        for leaf in &leaf_hashes {
            frontier.push(*leaf);
        }
        let root = frontier.root();
        let tree_size = frontier.size() as i64;
        let signature = self
            .key
            .sign(checkpoint_text(tree_size, &root).as_bytes())
            .to_vec();
        if let Some(witness) = self.witness {
            let head = WitnessedHead {
                tree_size,
                root,
                signed_at_micros: self.now.timestamp_micros(),
                signature: signature.clone(),
            };
            let previous_size = previous.map_or(0, |p| p.tree_size);
            witness
                .cosign(previous_size, &head, &proof)
                .map_err(|e| e.to_string())?;
        }
        Ok(SealedBatch {
            leaf_hashes: leaf_hashes.iter().map(|h| h.to_vec()).collect(),
            checkpoint: CheckpointRow {
                tree_size,
                root_hash: root.to_vec(),
                frontier: frontier.to_bytes(),
                signed_at: self.now,
                public_key: self.key.public_key().to_vec(),
                signature,
                leaf_hashes: Some(leaf_hashes.concat()),
                consistency_proof: Some(proof_to_bytes(&proof)),
            },
        })
    }
}

impl App {
    /// Seals every waiting audit event: one checkpoint per call, more only
    /// while batches come full (a backlog), so a busy instance does not
    /// write a checkpoint per event. Safe to call from several instances at
    /// once: the store lets one seal at a time. Returns how many
    /// checkpoints were written; a failure raises the sealing alarm until
    /// a seal succeeds. Then posts the checkpoints to the network
    /// witnesses (a witness problem is its own alarm, never a failed seal).
    pub async fn seal_audit(&self) -> AppResult<u32> {
        let sealed = match self.seal_waiting().await {
            Ok(written) => {
                self.sealing.sealed();
                Ok(written)
            }
            Err(error) => {
                self.sealing.failed(error.to_string(), self.clock.now());
                Err(error)
            }
        };
        // After the commit, whatever the seal did: earlier checkpoints a
        // witness missed are posted too.
        self.cosign_audit_checkpoints().await;
        sealed
    }

    async fn seal_waiting(&self) -> AppResult<u32> {
        let mut written = 0;
        loop {
            let sealer = Sealer {
                key: &self.keys.audit_signing,
                witness: self.config.audit_witness.as_ref(),
                now: self.clock.now(),
            };
            let Some(checkpoint) = self.store.seal_audit(&sealer, SEAL_BATCH).await? else {
                return Ok(written);
            };
            written += 1;
            let batch = checkpoint.leaf_hashes.as_ref().map_or(0, |l| l.len() / 32);
            if batch < SEAL_BATCH as usize {
                return Ok(written);
            }
        }
    }

    /// Why this instance could not seal the audit log, while it cannot.
    pub fn audit_sealing_alarm(&self) -> Option<crate::audit_alarm::SealingAlarm> {
        self.sealing.alarm()
    }

    /// Audit events written but not sealed into a checkpoint yet.
    pub async fn unsealed_audit_events(&self) -> AppResult<i64> {
        Ok(self.store.count_unsealed_audit_events().await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use concord_domain::ids::{AgencyId, UserId};
    use serde_json::json;

    /// The canonical bytes as they were first defined: a `json!` array.
    fn as_first_defined(e: &AuditEventRow) -> Vec<u8> {
        let value = json!([
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
        serde_json::to_vec(&value).unwrap()
    }

    fn event(details: String, with_actor: bool) -> AuditEventRow {
        AuditEventRow {
            id: i64::MAX - 7,
            at: DateTime::from_timestamp_micros(-62_000_000_000_123_456).unwrap(),
            actor_user_id: with_actor.then(|| UserId(uuid::Uuid::from_u128(0xA1B2_C3D4 << 64))),
            actor_agency_id: with_actor.then(|| AgencyId(uuid::Uuid::from_u128(u128::MAX))),
            action: "case.viewed".into(),
            object_type: with_actor.then(|| "case \"quoted\"\n\t\u{7}".into()),
            object_id: Some("ü — 中文 — عربى — \u{1F600}".into()),
            outcome: "denied".into(),
            details,
            tree_position: Some(3),
            leaf_hash: None,
        }
    }

    #[test]
    fn the_leaf_bytes_are_the_same_as_first_defined_whatever_the_columns_hold() {
        let details = [
            "{}",
            "",
            r#"{"z": 1, "a": [1.5, -0.0, 1e300, "x\\y\u0000"], "m": {"b": true}}"#,
            "Zugang verweigert \u{2028} \u{0} \u{1F600} \\ \" </script>",
        ];
        for details in details.map(String::from) {
            for with_actor in [true, false] {
                let e = event(details.clone(), with_actor);
                assert_eq!(
                    String::from_utf8(canonical_event_bytes(&e)).unwrap(),
                    String::from_utf8(as_first_defined(&e)).unwrap()
                );
                let mut buffer = b"left over".to_vec();
                assert_eq!(
                    event_leaf_hash_with(&mut buffer, &e),
                    merkle::leaf_hash(&as_first_defined(&e))
                );
            }
        }
    }
}
