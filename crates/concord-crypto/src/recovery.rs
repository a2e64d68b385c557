//! One-time recovery codes, the way back in when the authenticator is lost.

use rand::RngCore;
use rand::rngs::OsRng;
use secrecy::SecretString;
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

/// Crockford's base32 alphabet in lower case: digits and letters without i, l, o and u, so
/// nothing on a printed sheet can be misread as something else.
const ALPHABET: &[u8; 32] = b"0123456789abcdefghjkmnpqrstvwxyz";
/// Characters per code: 12 × 5 bits = 60 random bits.
const CODE_CHARS: usize = 12;
/// Characters between hyphens.
const GROUP: usize = 4;

/// `count` codes like "k7qm-2xwa-9p3d" (Crockford base32 in lower case, 60 random bits each).
pub fn new_recovery_codes(count: usize) -> Vec<SecretString> {
    (0..count).map(|_| new_code()).collect()
}

fn new_code() -> SecretString {
    let mut random = Zeroizing::new([0u8; CODE_CHARS]);
    OsRng.fill_bytes(random.as_mut());
    let mut code = String::with_capacity(CODE_CHARS + CODE_CHARS / GROUP);
    for (i, byte) in random.iter().enumerate() {
        if i > 0 && i % GROUP == 0 {
            code.push('-');
        }
        // 32 divides 256, so the low five bits of a uniform byte are uniform.
        code.push(char::from(ALPHABET[usize::from(byte & 0x1f)]));
    }
    SecretString::from(code)
}

/// SHA-256 of the normalised code (lower-case, spaces and hyphens removed).
///
/// Normalising also maps the letters the alphabet leaves out to the digits they are
/// mistaken for (o → 0, i and l → 1), as Crockford's decoding does, so a code typed from a
/// printout still matches. A plain hash suffices because the codes carry 60 random bits.
pub fn hash_recovery_code(code: &str) -> Vec<u8> {
    let normalised: Zeroizing<String> = Zeroizing::new(
        code.chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .map(|c| match c.to_ascii_lowercase() {
                'o' => '0',
                'i' | 'l' => '1',
                other => other,
            })
            .collect(),
    );
    Sha256::digest(normalised.as_bytes()).to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::ExposeSecret;
    use std::collections::HashSet;

    #[test]
    fn codes_have_the_documented_shape() {
        let codes = new_recovery_codes(10);
        assert_eq!(codes.len(), 10);
        let mut seen = HashSet::new();
        for code in &codes {
            let text = code.expose_secret();
            assert_eq!(text.len(), 14, "{text}");
            let groups: Vec<&str> = text.split('-').collect();
            assert_eq!(groups.len(), 3, "{text}");
            for group in groups {
                assert_eq!(group.len(), 4);
                assert!(group.bytes().all(|b| ALPHABET.contains(&b)), "{text}");
            }
            assert!(seen.insert(text.to_owned()), "duplicate code {text}");
        }
        assert!(new_recovery_codes(0).is_empty());
    }

    #[test]
    fn alphabet_has_32_distinct_symbols_without_look_alikes() {
        let set: HashSet<u8> = ALPHABET.iter().copied().collect();
        assert_eq!(set.len(), 32);
        for confusable in b"ilou" {
            assert!(!set.contains(confusable));
        }
    }

    #[test]
    fn hash_ignores_case_spaces_and_hyphens() {
        let canonical = hash_recovery_code("k7qm-2xwa-9p3d");
        assert_eq!(canonical, Sha256::digest(b"k7qm2xwa9p3d").to_vec());
        assert_eq!(hash_recovery_code("K7QM 2XWA 9P3D"), canonical);
        assert_eq!(hash_recovery_code(" k7qm2xwa9p3d\n"), canonical);
        assert_eq!(hash_recovery_code("k7qm--2xwa - 9p3d"), canonical);
        assert_ne!(hash_recovery_code("k7qm-2xwa-9p3e"), canonical);
    }

    #[test]
    fn hash_maps_look_alikes_to_digits() {
        assert_eq!(
            hash_recovery_code("1000-aaaa-bbbb"),
            hash_recovery_code("lOo0-aaaa-bbbb")
        );
        assert_eq!(hash_recovery_code("1111"), hash_recovery_code("iIlL"));
    }
}
