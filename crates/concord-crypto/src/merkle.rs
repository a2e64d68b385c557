//! RFC 6962 §2.1 Merkle Tree Hash with SHA-256, for the audit log.
//!
//! Leaves and interior nodes are hashed with different prefixes (0x00, 0x01), so a leaf can
//! never be passed off as an interior node (second-preimage resistance).

use sha2::{Digest, Sha256};

use crate::CryptoError;

pub type Hash = [u8; 32];

/// SHA-256(0x00 || data).
pub fn leaf_hash(data: &[u8]) -> Hash {
    let mut hasher = Sha256::new();
    hasher.update([0x00]);
    hasher.update(data);
    hasher.finalize().into()
}

/// SHA-256(0x01 || left || right).
pub fn node_hash(left: &Hash, right: &Hash) -> Hash {
    let mut hasher = Sha256::new();
    hasher.update([0x01]);
    hasher.update(left);
    hasher.update(right);
    hasher.finalize().into()
}

/// MTH of a list of leaf hashes (empty list → SHA-256 of the empty string).
///
/// Computed through a [`Frontier`], so memory stays logarithmic in the number of leaves.
pub fn root_of(leaf_hashes: &[Hash]) -> Hash {
    let mut frontier = Frontier::default();
    for leaf in leaf_hashes {
        frontier.push(*leaf);
    }
    frontier.root()
}

/// The compact range / frontier: the roots of the perfect subtrees on the right edge,
/// enough to append leaves and compute the root without the earlier leaves.
///
/// With `size` leaves there is one subtree per set bit of `size`, largest (leftmost) first;
/// this is the state the checkpointer keeps between runs.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Frontier {
    size: u64,
    subtrees: Vec<Hash>,
}

impl Frontier {
    /// Number of leaves pushed so far.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// Appends a leaf hash.
    pub fn push(&mut self, leaf_hash: Hash) {
        let mut node = leaf_hash;
        // Each trailing one bit of `size` is a subtree as large as the one just completed:
        // merge them, like a carry in binary addition.
        for _ in 0..self.size.trailing_ones() {
            let left = self
                .subtrees
                .pop()
                .expect("one subtree per set bit of size");
            node = node_hash(&left, &node);
        }
        self.subtrees.push(node);
        self.size = self
            .size
            .checked_add(1)
            .expect("a Merkle tree of 2^64 leaves");
    }

    /// Equals `root_of` of all leaves pushed so far.
    pub fn root(&self) -> Hash {
        // MTH splits at the largest power of two below n, which is exactly the leftmost
        // subtree; the right part splits the same way, so fold from the right.
        let mut subtrees = self.subtrees.iter().rev();
        let Some(last) = subtrees.next() else {
            return Sha256::digest(b"").into();
        };
        subtrees.fold(*last, |right, left| node_hash(left, &right))
    }

    /// Each perfect subtree of the right edge with the leaves it covers (`start..end`),
    /// leftmost first.
    pub fn subtree_ranges(&self) -> Vec<((u64, u64), Hash)> {
        let mut start = 0;
        let bits = (0..64).rev().filter(|bit| self.size & (1 << bit) != 0);
        bits.zip(&self.subtrees)
            .map(|(bit, hash)| {
                let end = start + (1 << bit);
                let range = (start, end);
                start = end;
                (range, *hash)
            })
            .collect()
    }

    /// Size as 8 bytes big-endian, then the subtree hashes, leftmost first.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut bytes = Vec::with_capacity(8 + 32 * self.subtrees.len());
        bytes.extend_from_slice(&self.size.to_be_bytes());
        for hash in &self.subtrees {
            bytes.extend_from_slice(hash);
        }
        bytes
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<Self, CryptoError> {
        let (size, hashes) =
            bytes
                .split_first_chunk::<8>()
                .ok_or(CryptoError::MalformedFrontier(
                    "shorter than its size field",
                ))?;
        let size = u64::from_be_bytes(*size);
        if hashes.len() != 32 * size.count_ones() as usize {
            return Err(CryptoError::MalformedFrontier(
                "hash count does not match the tree size",
            ));
        }
        let subtrees = hashes
            .chunks_exact(32)
            .map(|chunk| <Hash>::try_from(chunk).expect("chunks of 32"))
            .collect();
        Ok(Self { size, subtrees })
    }
}

/// The exact bytes a checkpoint signature covers: a fixed domain-separation line, then the
/// tree size, the root in lower-case hex and the signing time, each on its own line.
pub fn checkpoint_message(tree_size: u64, root: &Hash, signed_at_unix_micros: i64) -> Vec<u8> {
    format!(
        "concord audit checkpoint v1\n{tree_size}\n{}\n{signed_at_unix_micros}\n",
        hex::encode(root)
    )
    .into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// RFC 6962 §2.1 transcribed literally, as an independent reference.
    fn reference_mth(leaves: &[Hash]) -> Hash {
        match leaves.len() {
            0 => Sha256::digest(b"").into(),
            1 => leaves[0],
            n => {
                let mut k = 1;
                while k * 2 < n {
                    k *= 2;
                }
                node_hash(&reference_mth(&leaves[..k]), &reference_mth(&leaves[k..]))
            }
        }
    }

    fn leaves(n: usize) -> Vec<Hash> {
        (0..n)
            .map(|i| leaf_hash(&(i as u64).to_be_bytes()))
            .collect()
    }

    #[test]
    fn empty_tree() {
        assert_eq!(
            hex::encode(root_of(&[])),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(Frontier::default().root(), root_of(&[]));
    }

    #[test]
    fn leaf_and_node_hashes_use_prefixes() {
        // SHA-256 of the single byte 0x00: the leaf hash of empty data.
        assert_eq!(
            hex::encode(leaf_hash(b"")),
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"
        );
        let mut manual = vec![0x01];
        manual.extend_from_slice(&[1; 32]);
        manual.extend_from_slice(&[2; 32]);
        assert_eq!(
            node_hash(&[1; 32], &[2; 32]),
            <Hash>::from(Sha256::digest(&manual))
        );
    }

    #[test]
    fn one_leaf_root_is_the_leaf_hash() {
        let leaf = leaf_hash(b"event");
        assert_eq!(root_of(&[leaf]), leaf);
    }

    #[test]
    fn two_leaves() {
        let l = leaves(2);
        assert_eq!(root_of(&l), node_hash(&l[0], &l[1]));
    }

    #[test]
    fn rfc6962_structure_for_3_5_7_leaves() {
        let h = node_hash;
        let l = leaves(7);
        // n = 3: split at 2.
        let three = h(&h(&l[0], &l[1]), &l[2]);
        assert_eq!(root_of(&l[..3]), three);
        assert_eq!(reference_mth(&l[..3]), three);
        // n = 5: split at 4, then the single fifth leaf.
        let four = h(&h(&l[0], &l[1]), &h(&l[2], &l[3]));
        let five = h(&four, &l[4]);
        assert_eq!(root_of(&l[..5]), five);
        assert_eq!(reference_mth(&l[..5]), five);
        // n = 7: split at 4, the right three split at 2.
        let seven = h(&four, &h(&h(&l[4], &l[5]), &l[6]));
        assert_eq!(root_of(&l), seven);
        assert_eq!(reference_mth(&l), seven);
    }

    #[test]
    fn known_root_for_rfc6962_test_leaves() {
        // The eight leaves of the Certificate Transparency reference tests, whose tree
        // head is published with them.
        let data: [&[u8]; 8] = [
            b"",
            &[0x00],
            &[0x10],
            &[0x20, 0x21],
            &[0x30, 0x31],
            &[0x40, 0x41, 0x42, 0x43],
            &[0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57],
            &[
                0x60, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x6d,
                0x6e, 0x6f,
            ],
        ];
        let hashes: Vec<Hash> = data.iter().map(|d| leaf_hash(d)).collect();
        assert_eq!(
            hex::encode(root_of(&hashes)),
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"
        );
    }

    #[test]
    fn frontier_root_after_every_push() {
        let all = leaves(130);
        let mut frontier = Frontier::default();
        for i in 0..all.len() {
            frontier.push(all[i]);
            assert_eq!(frontier.size(), i as u64 + 1);
            assert_eq!(frontier.root(), reference_mth(&all[..=i]), "size {}", i + 1);
        }
    }

    #[test]
    fn frontier_serialisation_is_checked() {
        assert!(Frontier::from_bytes(&[]).is_err());
        assert!(Frontier::from_bytes(&[0; 7]).is_err());
        assert_eq!(Frontier::from_bytes(&[0; 8]).unwrap(), Frontier::default());
        let mut frontier = Frontier::default();
        for leaf in leaves(5) {
            frontier.push(leaf);
        }
        let bytes = frontier.to_bytes();
        assert_eq!(bytes.len(), 8 + 2 * 32);
        assert!(Frontier::from_bytes(&bytes[..bytes.len() - 1]).is_err());
        assert!(Frontier::from_bytes(&bytes[..bytes.len() - 32]).is_err());
        let mut longer = bytes.clone();
        longer.extend_from_slice(&[0; 32]);
        assert!(Frontier::from_bytes(&longer).is_err());
    }

    #[test]
    fn checkpoint_message_format() {
        let message = checkpoint_message(3, &[0xab; 32], -5);
        let expected = format!("concord audit checkpoint v1\n3\n{}\n-5\n", "ab".repeat(32));
        assert_eq!(message, expected.into_bytes());
        assert_ne!(
            checkpoint_message(3, &[0; 32], 1),
            checkpoint_message(3, &[0; 32], 2)
        );
    }

    proptest! {
        #[test]
        fn frontier_matches_root_of_and_survives_serialisation(
            n in 0usize..300,
            seed in any::<u64>(),
        ) {
            let all: Vec<Hash> = (0..n as u64)
                .map(|i| leaf_hash(&(seed ^ i).to_le_bytes()))
                .collect();
            let mut frontier = Frontier::default();
            for (i, leaf) in all.iter().enumerate() {
                frontier.push(*leaf);
                // Serialising mid-way must not lose anything needed for later pushes.
                if i == n / 2 {
                    frontier = Frontier::from_bytes(&frontier.to_bytes()).unwrap();
                }
            }
            prop_assert_eq!(frontier.size(), n as u64);
            prop_assert_eq!(frontier.root(), root_of(&all));
            prop_assert_eq!(frontier.root(), reference_mth(&all));
            let restored = Frontier::from_bytes(&frontier.to_bytes()).unwrap();
            prop_assert_eq!(&restored, &frontier);
            prop_assert_eq!(restored.root(), root_of(&all));
        }
    }
}
