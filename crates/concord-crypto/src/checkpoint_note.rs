//! Checkpoints as C2SP signed notes (c2sp.org/tlog-checkpoint, c2sp.org/signed-note): the
//! text transparency logs and their witnesses exchange, so that a witness run by another
//! organisation can check and cosign Concord's tree heads with common tools.
//!
//! ```text
//! concord/audit
//! 20852163
//! CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=
//!
//! — concord/audit Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/...
//! ```

use base64::{Engine, engine::general_purpose::STANDARD};
use sha2::{Digest, Sha256};

use crate::CryptoError;
use crate::merkle::Hash;

/// The origin line of Concord's audit checkpoints, also the signing key's name.
pub const ORIGIN: &str = "concord/audit";

/// The signed-note signature type of Ed25519 keys.
const ED25519: u8 = 0x01;

/// The note text (the part that is signed): origin, tree size, base64 root, each on a line.
pub fn body(origin: &str, tree_size: u64, root: &Hash) -> String {
    format!("{origin}\n{tree_size}\n{}\n", STANDARD.encode(root))
}

/// The 4-byte key id: the first bytes of SHA-256(name || "\n" || type || public key).
pub fn key_id(name: &str, public_key: &[u8; 32]) -> [u8; 4] {
    let mut hasher = Sha256::new();
    hasher.update(name.as_bytes());
    hasher.update(b"\n");
    hasher.update([ED25519]);
    hasher.update(public_key);
    let hash = hasher.finalize();
    [hash[0], hash[1], hash[2], hash[3]]
}

/// The whole signed note: the text, a blank line, and the signature line.
pub fn signed_note(text: &str, name: &str, public_key: &[u8; 32], signature: &[u8]) -> String {
    let mut signed = key_id(name, public_key).to_vec();
    signed.extend_from_slice(signature);
    format!("{text}\n\u{2014} {name} {}\n", STANDARD.encode(signed))
}

/// The verifier key a person passes around: `name+hex key id+base64(type || public key)`.
pub fn verifier_key(name: &str, public_key: &[u8; 32]) -> String {
    let mut typed = vec![ED25519];
    typed.extend_from_slice(public_key);
    format!(
        "{name}+{}+{}",
        hex::encode(key_id(name, public_key)),
        STANDARD.encode(typed)
    )
}

/// Reads a verifier key (checking its key id) or a bare base64 Ed25519 public key.
pub fn parse_public_key(text: &str) -> Result<[u8; 32], CryptoError> {
    let text = text.trim();
    // A bare base64 key may hold '+' too: whichever reading works.
    match verifier_public_key(text) {
        Ok(key) => Ok(key),
        Err(e) => bare_public_key(text).map_err(|_| e),
    }
}

fn verifier_public_key(text: &str) -> Result<[u8; 32], CryptoError> {
    // Names hold no '+'; the base64 key may.
    let mut parts = text.splitn(3, '+');
    let (Some(name), Some(id), Some(key)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(CryptoError::InvalidKey(
            "a public key is a verifier key (name+id+key) or bare base64",
        ));
    };
    let typed = STANDARD
        .decode(key)
        .map_err(|_| CryptoError::InvalidKey("the verifier key's key is not base64"))?;
    let Some((&ED25519, public_key)) = typed.split_first() else {
        return Err(CryptoError::InvalidKey(
            "the verifier key is not an Ed25519 key",
        ));
    };
    let public_key = <[u8; 32]>::try_from(public_key)
        .map_err(|_| CryptoError::InvalidKey("an Ed25519 public key has 32 bytes"))?;
    if hex::encode(key_id(name, &public_key)) != id {
        return Err(CryptoError::InvalidKey(
            "the verifier key's id does not match its name and key",
        ));
    }
    Ok(public_key)
}

fn bare_public_key(text: &str) -> Result<[u8; 32], CryptoError> {
    let bytes = STANDARD
        .decode(text)
        .map_err(|_| CryptoError::InvalidKey("a public key is base64 or a verifier key"))?;
    <[u8; 32]>::try_from(bytes.as_slice())
        .map_err(|_| CryptoError::InvalidKey("an Ed25519 public key has 32 bytes"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::{AuditSigningKey, verify_signature};

    /// The example key of the signed-note specification and Go's `note` package.
    const PETER_NEUMANN: &str =
        "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";

    #[test]
    fn reads_the_specification_example_key_and_checks_its_id() {
        let public_key = parse_public_key(PETER_NEUMANN).unwrap();
        assert_eq!(verifier_key("PeterNeumann", &public_key), PETER_NEUMANN);
        let wrong_id = PETER_NEUMANN.replace("c74f20a3", "c74f20a4");
        assert!(parse_public_key(&wrong_id).is_err());
        assert!(parse_public_key("PeterNeumann+c74f20a3+AAAA").is_err());
    }

    #[test]
    fn keys_whose_base64_holds_a_plus_are_read() {
        for _ in 0..64 {
            let key = AuditSigningKey::generate().public_key();
            assert_eq!(parse_public_key(&verifier_key(ORIGIN, &key)).unwrap(), key);
            let bare = STANDARD.encode(key);
            assert_eq!(parse_public_key(&bare).unwrap(), key);
        }
    }

    #[test]
    fn body_follows_the_checkpoint_format() {
        assert_eq!(
            body("example.com/behind-the-sofa", 20852163, &[0xab; 32]),
            format!(
                "example.com/behind-the-sofa\n20852163\n{}\n",
                STANDARD.encode([0xab; 32])
            )
        );
    }

    #[test]
    fn a_signed_note_carries_the_key_id_and_a_signature_over_the_text() {
        let key = AuditSigningKey::generate();
        let text = body(ORIGIN, 3, &[7; 32]);
        let signature = key.sign(text.as_bytes());
        let note = signed_note(&text, ORIGIN, &key.public_key(), &signature);
        let (signed_text, line) = note.split_once("\n\u{2014} ").unwrap();
        assert_eq!(signed_text, text, "the text, then a blank line");
        let (name, blob) = line.trim_end().split_once(' ').unwrap();
        assert_eq!(name, ORIGIN);
        let blob = STANDARD.decode(blob).unwrap();
        assert_eq!(blob[..4], key_id(ORIGIN, &key.public_key()));
        assert!(verify_signature(
            &key.public_key(),
            text.as_bytes(),
            &blob[4..]
        ));
        let bare = STANDARD.encode(key.public_key());
        assert_eq!(parse_public_key(&bare).unwrap(), key.public_key());
        let vkey = verifier_key(ORIGIN, &key.public_key());
        assert_eq!(parse_public_key(&vkey).unwrap(), key.public_key());
    }
}
