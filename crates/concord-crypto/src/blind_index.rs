//! Keyed blind indexes: equality search over encrypted identifiers without storing them in
//! the clear.
//!
//! Beside an encrypted name and date of birth the database stores
//! HMAC-SHA256(key, name, date of birth). Looking a survivor up computes the same HMAC from
//! what the caseworker typed and compares. Without the key (derived from one of the
//! agency's data keys, which the database holds only wrapped by the master key) the stored
//! values cannot be tested against guesses, and with a key per agency the same person
//! registered by two agencies gets unrelated values, so indexes cannot be joined across
//! agencies.

use std::fmt;

use unicode_normalization::UnicodeNormalization;
use uuid::Uuid;
use zeroize::Zeroizing;

use crate::data_keys::{DataKey, append_length_prefixed};
use crate::token::keyed_hash;

/// HMAC key of one agency's blind index for one purpose. Zeroized on drop; Debug prints
/// nothing secret.
pub struct BlindIndexKey {
    key: Zeroizing<Vec<u8>>,
}

impl fmt::Debug for BlindIndexKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("BlindIndexKey(..)")
    }
}

impl BlindIndexKey {
    /// Derived ([`DataKey::derive`]) from a data key that never changes: the caller passes
    /// the agency's *first* data key. Not from the master key, because rotating the master
    /// key would then change every blind index key and silently break every search until
    /// all indexes were recomputed; master key rotation only re-wraps data keys, so this one
    /// stays the same. Not from the agency's *active* data key either, which changes when
    /// the agency rotates its own key; older versions are kept (they decrypt what they
    /// encrypted), so the first one is always there. Different agencies and different
    /// purposes (e.g. "survivor-name-dob", "perpetrator-identity") get independent keys.
    pub fn for_agency(data_key: &DataKey, agency_id: Uuid, purpose: &str) -> BlindIndexKey {
        // The hyphenated UUID always has 36 characters, so the label cannot be ambiguous
        // whatever the purpose contains.
        BlindIndexKey {
            key: data_key.derive(&format!("blind-index:{agency_id}:{purpose}")),
        }
    }
}

/// Normalises a person's name so that spellings a caseworker would consider the same give
/// the same blind index: compatibility decomposition (NFKD, which also folds full-width and
/// ligature forms), lower case (with the final sigma folded to σ and ß to ss), the accents of Latin,
/// Greek and Cyrillic letters removed (the Combining Diacritical Marks block), recomposition
/// (NFC), surrounding whitespace trimmed and inner whitespace collapsed to one space.
///
/// Only that block of marks is removed: in scripts such as Devanagari, Bengali or Burmese
/// combining marks are vowels and other essential parts of a name, and removing them would
/// make different names look equal. Hyphens and apostrophes are kept.
///
/// Changing this function changes stored indexes, which then have to be recomputed.
pub fn normalise_name(name: &str) -> String {
    let folded: String = name
        .nfkd()
        .flat_map(char::to_lowercase)
        .filter(|c| !is_latin_greek_cyrillic_accent(*c))
        .map(|c| if c == 'ς' { 'σ' } else { c })
        .nfc()
        .collect();
    // Case folding writes ß as "ss", as upper case does (STRASSE); lower case alone keeps ß.
    folded
        .replace('ß', "ss")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// U+0300..=U+036F, the combining accents that NFKD splits off precomposed Latin, Greek and
/// Cyrillic letters (é, ñ, ü, ά, й).
fn is_latin_greek_cyrillic_accent(c: char) -> bool {
    ('\u{0300}'..='\u{036F}').contains(&c)
}

/// HMAC-SHA256 over the length-prefixed parts, e.g. `[&normalise_name(name), "1990-01-02"]`.
/// Length prefixes keep the parts apart, so ("Ann", "1990-01-02") and ("Ann1", "990-01-02")
/// give different values. The caller normalises each part; this function hashes exactly
/// what it is given.
pub fn blind_index(key: &BlindIndexKey, parts: &[&str]) -> Vec<u8> {
    let mut message = Zeroizing::new(Vec::new());
    for part in parts {
        append_length_prefixed(&mut message, part.as_bytes());
    }
    keyed_hash(&key.key, &message)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data_keys::KeyRef;
    use crate::keys::MasterKey;
    use proptest::prelude::*;

    fn data_key() -> DataKey {
        DataKey::generate(KeyRef {
            key_id: Uuid::now_v7(),
            version: 1,
        })
    }

    fn agency(n: u8) -> Uuid {
        Uuid::from_bytes([n; 16])
    }

    #[test]
    fn names_normalise_case_spacing_and_accents() {
        for (input, expected) in [
            ("Ann", "ann"),
            ("  AMINA   Yusuf \t", "amina yusuf"),
            ("José  María", "jose maria"),
            ("Jose\u{301} Mari\u{301}a", "jose maria"),
            ("MÜLLER", "muller"),
            ("Weiß", "weiss"),
            ("WEISS", "weiss"),
            ("Weiẞ", "weiss"),
            ("Nguyễn Thị Ánh", "nguyen thi anh"),
            ("Ａｍｉｎａ", "amina"),
            ("ΟΔΥΣΣΕΥΣ", "οδυσσευσ"),
            ("Ὀδυσσεύς", "οδυσσευσ"),
            ("Йосип", "иосип"),
            ("İlknur", "ilknur"),
            ("O'Brien-Smith", "o'brien-smith"),
            ("", ""),
            ("   ", ""),
        ] {
            assert_eq!(normalise_name(input), expected, "{input:?}");
        }
    }

    #[test]
    fn marks_of_other_scripts_are_kept() {
        // Bengali and Devanagari vowel signs are letters, not accents.
        assert_ne!(normalise_name("রহিম"), normalise_name("রহম"));
        assert_ne!(normalise_name("सीता"), normalise_name("सत"));
        assert_eq!(normalise_name("सीता"), "सीता");
    }

    #[test]
    fn equal_after_normalisation_means_equal_index() {
        let key = BlindIndexKey::for_agency(&data_key(), agency(1), "survivor-name-dob");
        let index = |name: &str| blind_index(&key, &[&normalise_name(name), "1990-01-02"]);
        assert_eq!(index("José María"), index("  jose   MARIA "));
        assert_eq!(index("Amina Yusuf"), index("AMINA\tYUSUF"));
        assert_ne!(index("Amina Yusuf"), index("Amina Yusuf Ali"));
        assert_eq!(index("x").len(), 32);
    }

    #[test]
    fn keys_differ_across_agencies_purposes_and_data_keys() {
        let key = data_key();
        let parts = ["amina yusuf", "1990-01-02"];
        let a = blind_index(&BlindIndexKey::for_agency(&key, agency(1), "p"), &parts);
        let same = blind_index(&BlindIndexKey::for_agency(&key, agency(1), "p"), &parts);
        let other_agency = blind_index(&BlindIndexKey::for_agency(&key, agency(2), "p"), &parts);
        let other_purpose = blind_index(&BlindIndexKey::for_agency(&key, agency(1), "q"), &parts);
        let other_key = blind_index(
            &BlindIndexKey::for_agency(&data_key(), agency(1), "p"),
            &parts,
        );
        assert_eq!(a, same);
        for other in [other_agency, other_purpose, other_key] {
            assert_ne!(a, other);
        }
    }

    #[test]
    fn indexes_survive_master_key_rotation() {
        let old = MasterKey::generate();
        let new = MasterKey::generate();
        let wrapped = data_key().wrap(&old).unwrap();
        let parts = ["amina yusuf", "1990-01-02"];
        let before = blind_index(
            &BlindIndexKey::for_agency(&wrapped.unwrap(&old).unwrap(), agency(1), "p"),
            &parts,
        );
        let rewrapped = crate::data_keys::rewrap(&wrapped, &old, &new).unwrap();
        let after = blind_index(
            &BlindIndexKey::for_agency(&rewrapped.unwrap(&new).unwrap(), agency(1), "p"),
            &parts,
        );
        assert_eq!(
            before, after,
            "a search after rotation finds what was indexed before"
        );
    }

    #[test]
    fn characters_cannot_move_between_parts() {
        let key = BlindIndexKey::for_agency(&data_key(), agency(1), "p");
        assert_ne!(
            blind_index(&key, &["Ann", "1990-01-02"]),
            blind_index(&key, &["Ann1", "990-01-02"])
        );
        assert_ne!(
            blind_index(&key, &["ab", ""]),
            blind_index(&key, &["a", "b"])
        );
        assert_ne!(blind_index(&key, &["ab"]), blind_index(&key, &["ab", ""]));
        assert_ne!(blind_index(&key, &[]), blind_index(&key, &[""]));
    }

    #[test]
    fn index_is_hmac_of_length_prefixed_parts() {
        let data_key = data_key();
        let agency_id = agency(9);
        let key = BlindIndexKey::for_agency(&data_key, agency_id, "survivor-name-dob");
        let derived = data_key.derive(&format!("blind-index:{agency_id}:survivor-name-dob"));
        let mut message = Vec::new();
        message.extend_from_slice(&3u64.to_be_bytes());
        message.extend_from_slice(b"ann");
        message.extend_from_slice(&10u64.to_be_bytes());
        message.extend_from_slice(b"1990-01-02");
        assert_eq!(
            blind_index(&key, &["ann", "1990-01-02"]),
            keyed_hash(&derived, &message)
        );
    }

    #[test]
    fn debug_reveals_nothing() {
        let key = BlindIndexKey::for_agency(&data_key(), agency(1), "p");
        assert_eq!(format!("{key:?}"), "BlindIndexKey(..)");
    }

    proptest! {
        #[test]
        fn normalising_is_idempotent(name in any::<String>()) {
            let once = normalise_name(&name);
            prop_assert_eq!(normalise_name(&once), once);
        }

        #[test]
        fn case_and_spacing_do_not_matter(
            words in proptest::collection::vec("[A-Za-zÀ-ÖØ-öø-ÿ]{1,8}", 1..4),
            gaps in proptest::collection::vec("[ \t\n]{1,3}", 4),
        ) {
            let plain = words.join(" ");
            let mut spaced = gaps[0].clone();
            for (word, gap) in words.iter().zip(&gaps[1..]) {
                spaced.push_str(&word.to_uppercase());
                spaced.push_str(gap);
            }
            prop_assert_eq!(normalise_name(&spaced), normalise_name(&plain));
        }

        #[test]
        fn moving_a_boundary_changes_the_index(
            text in "[a-z0-9-]{2,20}",
            split in any::<proptest::sample::Index>(),
            shift in any::<proptest::sample::Index>(),
        ) {
            let key = BlindIndexKey::for_agency(&data_key(), agency(1), "p");
            let at = split.index(text.len() + 1);
            // A step of 1..=len around the len + 1 possible boundaries never lands on `at`.
            let other = (at + 1 + shift.index(text.len())) % (text.len() + 1);
            let a = blind_index(&key, &[&text[..at], &text[at..]]);
            let b = blind_index(&key, &[&text[..other], &text[other..]]);
            prop_assert_ne!(a, b);
        }
    }
}
