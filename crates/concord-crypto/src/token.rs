//! Random tokens and the hashes stored in their place.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use rand::RngCore;
use rand::rngs::OsRng;
use secrecy::SecretString;
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

/// 256 random bits, base64url without padding (43 chars). Used for session tokens.
pub fn new_token() -> SecretString {
    let mut bytes = Zeroizing::new([0u8; 32]);
    OsRng.fill_bytes(bytes.as_mut());
    SecretString::from(URL_SAFE_NO_PAD.encode(bytes.as_ref()))
}

/// SHA-256 of the token text (what the database stores).
///
/// A plain hash suffices because tokens carry 256 random bits: there is nothing to guess,
/// and a stolen database does not yield usable tokens.
pub fn hash_token(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// Random base64url string of `bytes` random bytes (CSRF tokens, CSP nonces).
pub fn random_base64url(bytes: usize) -> String {
    let mut buf = Zeroizing::new(vec![0u8; bytes]);
    OsRng.fill_bytes(&mut buf);
    URL_SAFE_NO_PAD.encode(&*buf)
}

/// HMAC-SHA256 keyed hash, for blind keys such as sign-in throttling counters
/// (hash of a user name or IP address with a server secret).
pub fn keyed_hash(key: &[u8], value: &[u8]) -> Vec<u8> {
    let mut mac =
        <Hmac<Sha256> as Mac>::new_from_slice(key).expect("HMAC accepts keys of any length");
    mac.update(value);
    mac.finalize().into_bytes().to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::ExposeSecret;

    #[test]
    fn tokens_are_43_url_safe_chars_and_distinct() {
        let a = new_token();
        let b = new_token();
        for t in [&a, &b] {
            let s = t.expose_secret();
            assert_eq!(s.len(), 43);
            assert!(
                s.bytes()
                    .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_')
            );
            assert_eq!(URL_SAFE_NO_PAD.decode(s).unwrap().len(), 32);
        }
        assert_ne!(a.expose_secret(), b.expose_secret());
    }

    #[test]
    fn token_hash_is_sha256_of_text() {
        // SHA-256("abc"), FIPS 180-2 example.
        assert_eq!(
            hex::encode(hash_token("abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn random_base64url_lengths() {
        assert_eq!(random_base64url(0), "");
        assert_eq!(random_base64url(16).len(), 22);
        assert_eq!(random_base64url(32).len(), 43);
        assert_ne!(random_base64url(16), random_base64url(16));
    }

    #[test]
    fn keyed_hash_matches_rfc4231_case_2() {
        assert_eq!(
            hex::encode(keyed_hash(b"Jefe", b"what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        assert_ne!(keyed_hash(b"k1", b"alice"), keyed_hash(b"k2", b"alice"));
    }
}
