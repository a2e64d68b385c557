//! Witness cosignatures (c2sp.org/tlog-cosignature, Ed25519 `cosignature/v1`) and the
//! parts of a signed checkpoint note a witness reads (c2sp.org/signed-note).
//!
//! A cosignature line is `— <witness name> base64(key id || u64 timestamp || signature)`,
//! the signature covering `cosignature/v1\ntime <timestamp>\n` followed by the checkpoint
//! body. The key id commits to signature type 0x04, so a witness key is never mistaken for
//! a log key (type 0x01).

use base64::{Engine, engine::general_purpose::STANDARD};
use sha2::{Digest, Sha256};

use crate::CryptoError;
use crate::keys::verify_signature;
use crate::merkle::Hash;

/// The signed-note signature type of Ed25519 `cosignature/v1` keys.
const COSIGNATURE_V1: u8 = 0x04;

/// The em dash that starts every signature line.
const SIGNATURE_LINE_START: &str = "\u{2014} ";

/// A witness as a log and a verifier know it: its name and Ed25519 public key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cosigner {
    pub name: String,
    pub public_key: [u8; 32],
}

impl Cosigner {
    /// The 4-byte key id: SHA-256(name || "\n" || 0x04 || public key)[:4].
    pub fn key_id(&self) -> [u8; 4] {
        let mut hasher = Sha256::new();
        hasher.update(self.name.as_bytes());
        hasher.update(b"\n");
        hasher.update([COSIGNATURE_V1]);
        hasher.update(self.public_key);
        let hash = hasher.finalize();
        [hash[0], hash[1], hash[2], hash[3]]
    }

    /// The verifier key to hand to logs and verifiers: `name+hex id+base64(0x04 || key)`.
    pub fn verifier_key(&self) -> String {
        let mut typed = vec![COSIGNATURE_V1];
        typed.extend_from_slice(&self.public_key);
        format!(
            "{}+{}+{}",
            self.name,
            hex::encode(self.key_id()),
            STANDARD.encode(typed)
        )
    }

    /// Reads a witness verifier key, checking its type and key id.
    pub fn from_verifier_key(text: &str) -> Result<Self, CryptoError> {
        let mut parts = text.trim().splitn(3, '+');
        let (Some(name), Some(id), Some(key)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(CryptoError::InvalidKey(
                "a witness key is a verifier key: name+id+key",
            ));
        };
        if name.is_empty() || name.contains(char::is_whitespace) {
            return Err(CryptoError::InvalidKey(
                "a witness key's name is not empty and holds no spaces",
            ));
        }
        let typed = STANDARD
            .decode(key)
            .map_err(|_| CryptoError::InvalidKey("the witness key's key is not base64"))?;
        let Some((&COSIGNATURE_V1, public_key)) = typed.split_first() else {
            return Err(CryptoError::InvalidKey(
                "the witness key is not an Ed25519 cosignature/v1 key (type 0x04)",
            ));
        };
        let cosigner = Self {
            name: name.to_owned(),
            public_key: <[u8; 32]>::try_from(public_key)
                .map_err(|_| CryptoError::InvalidKey("an Ed25519 public key has 32 bytes"))?,
        };
        if hex::encode(cosigner.key_id()) != id {
            return Err(CryptoError::InvalidKey(
                "the witness key's id does not match its name and key",
            ));
        }
        Ok(cosigner)
    }

    /// The time and signature of this cosigner's line among `lines` that
    /// verifies over `body`, if any (lines of other keys are ignored).
    pub fn verify(&self, body: &str, lines: &str) -> Option<u64> {
        lines
            .lines()
            .filter_map(|line| self.read_line(line))
            .find(|(timestamp, signature)| {
                verify_signature(
                    &self.public_key,
                    &cosigned_message(*timestamp, body),
                    signature,
                )
            })
            .map(|(timestamp, _)| timestamp)
    }

    /// Timestamp and signature of a line naming this cosigner and its key id.
    fn read_line(&self, line: &str) -> Option<(u64, Vec<u8>)> {
        let (name, blob) = line
            .strip_prefix(SIGNATURE_LINE_START)?
            .trim_end()
            .split_once(' ')?;
        let blob = STANDARD.decode(blob).ok()?;
        if name != self.name || blob.len() != 4 + 8 + 64 || blob[..4] != self.key_id() {
            return None;
        }
        let timestamp = u64::from_be_bytes(blob[4..12].try_into().ok()?);
        Some((timestamp, blob[12..].to_vec()))
    }
}

/// The message a `cosignature/v1` signs: header, time line, the checkpoint body.
pub fn cosigned_message(timestamp: u64, body: &str) -> Vec<u8> {
    format!("cosignature/v1\ntime {timestamp}\n{body}").into_bytes()
}

/// A cosignature line from an Ed25519 `signature` over [`cosigned_message`].
pub fn cosignature_line(cosigner: &Cosigner, timestamp: u64, signature: &[u8; 64]) -> String {
    let mut blob = cosigner.key_id().to_vec();
    blob.extend_from_slice(&timestamp.to_be_bytes());
    blob.extend_from_slice(signature);
    format!(
        "{SIGNATURE_LINE_START}{} {}\n",
        cosigner.name,
        STANDARD.encode(blob)
    )
}

/// A checkpoint note split into its body (the signed text) and signature lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckpointNote {
    pub body: String,
    pub origin: String,
    pub tree_size: u64,
    pub root: Hash,
    pub signatures: String,
}

/// Reads a signed checkpoint note: body lines, a blank line, signature lines.
pub fn parse_checkpoint_note(note: &str) -> Result<CheckpointNote, &'static str> {
    let (body, signatures) = note
        .split_once("\n\n")
        .ok_or("the checkpoint has no blank line before its signatures")?;
    let body = format!("{body}\n");
    let mut lines = body.lines();
    let origin = lines
        .next()
        .filter(|o| !o.is_empty())
        .ok_or("no origin line")?;
    let size = lines.next().ok_or("no tree size line")?;
    if size.len() > 1 && size.starts_with('0') {
        return Err("the tree size has a leading zero");
    }
    let tree_size = size.parse().map_err(|_| "the tree size is not a number")?;
    let root = lines
        .next()
        .and_then(|r| STANDARD.decode(r).ok())
        .and_then(|r| Hash::try_from(r.as_slice()).ok())
        .ok_or("the root hash is not 32 bytes of base64")?;
    if !signatures.starts_with(SIGNATURE_LINE_START) || !signatures.ends_with('\n') {
        return Err("the signature lines are malformed");
    }
    Ok(CheckpointNote {
        origin: origin.to_owned(),
        tree_size,
        root,
        body,
        signatures: signatures.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checkpoint_note::{self, ORIGIN};
    use crate::keys::AuditSigningKey;

    fn cosigner(key: &AuditSigningKey) -> Cosigner {
        Cosigner {
            name: "oversight.example/witness".into(),
            public_key: key.public_key(),
        }
    }

    #[test]
    fn the_signed_message_follows_the_specification_example() {
        let body =
            "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";
        assert_eq!(
            String::from_utf8(cosigned_message(1679315147, body)).unwrap(),
            format!("cosignature/v1\ntime 1679315147\n{body}")
        );
    }

    #[test]
    fn a_cosignature_verifies_over_its_checkpoint_only() {
        let key = AuditSigningKey::generate();
        let witness = cosigner(&key);
        let body = checkpoint_note::body(ORIGIN, 5, &[3; 32]);
        let line = cosignature_line(&witness, 77, &key.sign(&cosigned_message(77, &body)));
        assert_eq!(witness.verify(&body, &line), Some(77));
        let other_root = checkpoint_note::body(ORIGIN, 5, &[4; 32]);
        assert_eq!(witness.verify(&other_root, &line), None);
        let other_key = cosigner(&AuditSigningKey::generate());
        assert_eq!(other_key.verify(&body, &line), None, "another key's line");
        let changed_time = cosignature_line(&witness, 78, &key.sign(&cosigned_message(77, &body)));
        assert_eq!(witness.verify(&body, &changed_time), None);
    }

    #[test]
    fn witness_keys_round_trip_and_are_not_log_keys() {
        let key = AuditSigningKey::generate();
        let witness = cosigner(&key);
        let vkey = witness.verifier_key();
        assert_eq!(Cosigner::from_verifier_key(&vkey).unwrap(), witness);
        let log_key = checkpoint_note::verifier_key("oversight.example/witness", &key.public_key());
        assert!(Cosigner::from_verifier_key(&log_key).is_err(), "type 0x01");
        let wrong_id = format!("other{}", &vkey[vkey.find('+').unwrap()..]);
        assert!(Cosigner::from_verifier_key(&wrong_id).is_err());
    }

    #[test]
    fn reads_a_checkpoint_note_and_refuses_malformed_ones() {
        let key = AuditSigningKey::generate();
        let body = checkpoint_note::body(ORIGIN, 12, &[9; 32]);
        let note = checkpoint_note::signed_note(
            &body,
            ORIGIN,
            &key.public_key(),
            &key.sign(body.as_bytes()),
        );
        let parsed = parse_checkpoint_note(&note).unwrap();
        assert_eq!(
            (parsed.origin.as_str(), parsed.tree_size, parsed.root),
            (ORIGIN, 12, [9; 32])
        );
        assert_eq!(parsed.body, body);
        assert!(parse_checkpoint_note(&body).is_err(), "no signatures");
        let leading_zero = note.replace("\n12\n", "\n012\n");
        assert!(parse_checkpoint_note(&leading_zero).is_err());
    }
}
