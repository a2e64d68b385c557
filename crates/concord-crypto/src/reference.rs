//! Pseudonymous survivor references such as `S-7K3F-9QX2`: what caseworkers write, say and
//! search for instead of a name.
//!
//! Eight symbols of Crockford's base32 carry 40 random bits: short enough to read over a
//! phone, and unguessable at the scale of one deployment, so knowing one reference tells
//! nothing about the next. Being random, two references can coincide (among 100,000 the chance
//! that some pair does is about 1 in 200), so the store's unique constraint must catch that
//! and the caller draw again.

use rand::RngCore;
use rand::rngs::OsRng;

/// Crockford's base32 alphabet in upper case: digits and letters without I, L, O and U, so
/// that nothing read aloud or from handwriting is mistaken for something else.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// Random symbols per reference: 8 × 5 = 40 bits.
const SYMBOLS: usize = 8;
/// Symbols between hyphens.
const GROUP: usize = 4;
const PREFIX: &str = "S-";
/// "S-" + 4 + "-" + 4.
const REFERENCE_LEN: usize = PREFIX.len() + SYMBOLS + SYMBOLS / GROUP - 1;

/// A new random reference like `S-7K3F-9QX2`.
pub fn new_survivor_reference() -> String {
    let mut random = [0u8; SYMBOLS];
    OsRng.fill_bytes(&mut random);
    // 32 divides 256, so the low five bits of a uniform byte are uniform.
    format_reference(random.map(|byte| ALPHABET[usize::from(byte & 0x1f)]))
}

fn format_reference(symbols: [u8; SYMBOLS]) -> String {
    let mut reference = String::with_capacity(REFERENCE_LEN);
    reference.push_str(PREFIX);
    for (i, symbol) in symbols.iter().enumerate() {
        if i > 0 && i % GROUP == 0 {
            reference.push('-');
        }
        reference.push(char::from(*symbol));
    }
    reference
}

/// Whether `s` is a reference in its canonical form (upper case, hyphens in place), as
/// [`new_survivor_reference`] makes and [`normalise_reference`] returns.
pub fn is_survivor_reference(s: &str) -> bool {
    let Some(rest) = s.strip_prefix(PREFIX) else {
        return false;
    };
    let bytes = rest.as_bytes();
    bytes.len() == SYMBOLS + 1
        && bytes[GROUP] == b'-'
        && bytes[..GROUP]
            .iter()
            .chain(&bytes[GROUP + 1..])
            .all(|b| ALPHABET.contains(b))
}

/// The canonical form of a reference as someone typed or read it, or None if it is not one.
///
/// Accepts lower case, surrounding and inner whitespace, missing or extra hyphens, and the
/// letters Crockford's alphabet leaves out where they are mistaken for digits (O → 0,
/// I and L → 1). The leading S is required, so that a name that happens to consist of eight
/// such letters is not taken for a reference.
pub fn normalise_reference(s: &str) -> Option<String> {
    let mut chars = s
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_uppercase());
    if chars.next() != Some('S') {
        return None;
    }
    let mut symbols = [0u8; SYMBOLS];
    for slot in symbols.iter_mut() {
        *slot = symbol(chars.next()?)?;
    }
    if chars.next().is_some() {
        return None;
    }
    Some(format_reference(symbols))
}

/// One upper-case character as an alphabet symbol, reading look-alikes as digits.
fn symbol(c: char) -> Option<u8> {
    let c = match c {
        'O' => '0',
        'I' | 'L' => '1',
        other => other,
    };
    u8::try_from(c).ok().filter(|b| ALPHABET.contains(b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::HashSet;

    #[test]
    fn references_have_the_documented_shape() {
        for _ in 0..1000 {
            let reference = new_survivor_reference();
            assert_eq!(reference.len(), 11, "{reference}");
            assert!(is_survivor_reference(&reference), "{reference}");
            let b = reference.as_bytes();
            assert_eq!((&b[..2], b[6]), (&b"S-"[..], b'-'), "{reference}");
            assert!(
                !reference[2..].contains(['I', 'L', 'O', 'U']),
                "{reference}"
            );
            assert_eq!(normalise_reference(&reference), Some(reference.clone()));
        }
    }

    #[test]
    fn ten_thousand_references_are_distinct() {
        let references: HashSet<String> = (0..10_000).map(|_| new_survivor_reference()).collect();
        assert_eq!(references.len(), 10_000);
    }

    #[test]
    fn every_symbol_is_used() {
        let used: HashSet<char> = (0..2000)
            .flat_map(|_| new_survivor_reference().chars().skip(2).collect::<Vec<_>>())
            .collect();
        assert_eq!(used.len(), 32 + 1, "32 symbols and the hyphen");
    }

    #[test]
    fn canonical_form_is_strict() {
        assert!(is_survivor_reference("S-7K3F-9QX2"));
        for s in [
            "",
            "S-",
            "s-7K3F-9QX2",
            "S-7k3f-9qx2",
            "S7K3F9QX2",
            "S-7K3F9QX2",
            "S-7K3F-9QX",
            "S-7K3F-9QX22",
            "S-7K3F-9QXU",
            "S-7K3F-9QXO",
            "S-7K3F-9QXI",
            "S-7K3F-9QXL",
            "T-7K3F-9QX2",
            " S-7K3F-9QX2",
            "S-7K3F_9QX2",
            "S-7K3F-9QXé",
        ] {
            assert!(!is_survivor_reference(s), "{s:?}");
        }
    }

    #[test]
    fn typed_forms_normalise() {
        for s in [
            "S-7K3F-9QX2",
            "s-7k3f-9qx2",
            "S7K3F9QX2",
            "s7k3f-9qx2",
            " S 7K3F 9QX2 ",
            "S-7K3F--9QX2",
        ] {
            assert_eq!(
                normalise_reference(s).as_deref(),
                Some("S-7K3F-9QX2"),
                "{s:?}"
            );
        }
        assert_eq!(
            normalise_reference("s-o1il-oOlI").as_deref(),
            Some("S-0111-0011")
        );
    }

    #[test]
    fn non_references_are_refused() {
        for s in [
            "",
            "S",
            "S-",
            "7K3F-9QX2",
            "MARGARET",
            "S-7K3F-9QX",
            "S-7K3F-9QX2-2",
            "S-7K3F-9QXU",
            "S-7K3F-9QX*",
            "S-7K3F-9QXé",
            "S-7K3F-9QX２",
            "5-7K3F-9QX2",
        ] {
            assert_eq!(normalise_reference(s), None, "{s:?}");
        }
    }

    /// A reference as someone might type it: any case per character, O for 0, I or L for 1,
    /// and hyphens left out.
    fn mistyped(reference: &str, choices: &[u8], drop_hyphens: bool) -> String {
        reference
            .chars()
            .zip(choices.iter().cycle())
            .filter(|(c, _)| !(drop_hyphens && *c == '-'))
            .map(|(c, &choice)| {
                let c = match (c, choice % 3) {
                    ('0', 0) => 'O',
                    ('1', 0) => 'I',
                    ('1', 1) => 'L',
                    (c, _) => c,
                };
                if choice & 0x80 != 0 {
                    c.to_ascii_lowercase()
                } else {
                    c
                }
            })
            .collect()
    }

    proptest! {
        #[test]
        fn any_reference_survives_mistyping(
            indices in proptest::array::uniform8(0usize..32),
            choices in proptest::collection::vec(any::<u8>(), 11),
            drop_hyphens in any::<bool>(),
        ) {
            let reference = format_reference(indices.map(|i| ALPHABET[i]));
            prop_assert!(is_survivor_reference(&reference));
            let typed = mistyped(&reference, &choices, drop_hyphens);
            prop_assert_eq!(normalise_reference(&typed), Some(reference));
        }

        #[test]
        fn generated_references_survive_mistyping(
            choices in proptest::collection::vec(any::<u8>(), 11),
            drop_hyphens in any::<bool>(),
        ) {
            let reference = new_survivor_reference();
            let typed = mistyped(&reference, &choices, drop_hyphens);
            prop_assert_eq!(normalise_reference(&typed), Some(reference));
        }

        #[test]
        fn normalised_output_is_always_canonical(s in "[sS]?[-0-9A-Za-z ]{0,14}") {
            if let Some(reference) = normalise_reference(&s) {
                prop_assert!(is_survivor_reference(&reference));
                prop_assert_eq!(normalise_reference(&reference), Some(reference.clone()));
            }
        }
    }
}
