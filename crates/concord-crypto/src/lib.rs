//! Concord's cryptography, kept in one small crate so that every primitive, parameter and
//! encoding the security model relies on can be reviewed in one place.
//!
//! Nothing here is async and nothing touches the network or the database; the only I/O is
//! reading and creating key files (see [`keys`]).

mod error;

pub mod blind_index;
pub mod checkpoint_note;
pub mod consistency;
pub mod cosignature;
pub mod data_keys;
pub mod keys;
pub mod merkle;
pub mod password;
pub mod recovery;
pub mod reference;
pub mod token;
pub mod totp;

pub use error::CryptoError;

/// Compares two byte strings in time that depends only on their lengths, so that comparing a
/// secret with a guess does not reveal how many leading bytes were right.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let diff = a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y));
    // black_box keeps the optimiser from turning the fold into an early-exit loop.
    std::hint::black_box(diff) == 0
}

#[cfg(test)]
mod tests {
    use super::constant_time_eq;

    #[test]
    fn constant_time_eq_compares_contents_and_lengths() {
        assert!(constant_time_eq(b"", b""));
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"abcd"));
    }
}
