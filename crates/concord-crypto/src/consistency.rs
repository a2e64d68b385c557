//! RFC 9162 §2.1.4 consistency proofs: evidence that a Merkle tree of `old_size` leaves is a
//! prefix of one of `new_size` leaves, checkable with the two roots alone. A witness that
//! remembers an earlier root uses them to refuse a rewritten or rolled-back log.

use crate::merkle::{Frontier, Hash, node_hash, root_of};

/// The proof nodes for `old_size` → `new_size` (RFC 9162 §2.1.4.1, `PROOF(m, D[n])`).
///
/// `subtree(start, end)` answers the hash of the leaves `start..end`; it is only asked for
/// aligned subtrees of the old tree's right edge and for ranges of new leaves. `None` when it
/// cannot answer, or when `old_size` is 0 or not below `new_size` (no proof is needed then).
pub fn consistency_proof(
    old_size: u64,
    new_size: u64,
    subtree: &mut dyn FnMut(u64, u64) -> Option<Hash>,
) -> Option<Vec<Hash>> {
    if old_size == 0 || old_size >= new_size {
        return (old_size <= new_size).then(Vec::new);
    }
    let mut proof = Vec::new();
    subproof(0, old_size, new_size, true, subtree, &mut proof)?;
    Some(proof)
}

/// `SUBPROOF(m, D[offset : offset + n], b)`.
fn subproof(
    offset: u64,
    m: u64,
    n: u64,
    complete: bool,
    subtree: &mut dyn FnMut(u64, u64) -> Option<Hash>,
    proof: &mut Vec<Hash>,
) -> Option<()> {
    if m == n {
        if !complete {
            proof.push(subtree(offset, offset + n)?);
        }
        return Some(());
    }
    let k = largest_power_of_two_below(n);
    if m <= k {
        subproof(offset, m, k, complete, subtree, proof)?;
        proof.push(subtree(offset + k, offset + n)?);
    } else {
        subproof(offset + k, m - k, n - k, false, subtree, proof)?;
        proof.push(subtree(offset, offset + k)?);
    }
    Some(())
}

fn largest_power_of_two_below(n: u64) -> u64 {
    debug_assert!(n > 1);
    1 << (63 - (n - 1).leading_zeros())
}

/// The proof from the tree `old` (a frontier: its right edge) to `old` extended by
/// `new_leaves`: everything the sealer has when it signs the next checkpoint.
pub fn proof_from_frontier(old: &Frontier, new_leaves: &[Hash]) -> Vec<Hash> {
    let old_size = old.size();
    let edge = old.subtree_ranges();
    let mut subtree = |start: u64, end: u64| {
        if start >= old_size {
            let from = usize::try_from(start - old_size).ok()?;
            let to = usize::try_from(end - old_size).ok()?;
            return new_leaves.get(from..to).map(root_of);
        }
        edge.iter()
            .find(|(range, _)| *range == (start, end))
            .map(|(_, hash)| *hash)
    };
    let new_size = old_size + new_leaves.len() as u64;
    consistency_proof(old_size, new_size, &mut subtree)
        .expect("the old tree's right edge and the new leaves answer every proof node")
}

/// Checks a consistency proof (RFC 9162 §2.1.4.2). An empty old tree is a prefix of every
/// tree; equal sizes need equal roots and an empty proof.
pub fn verify_consistency(
    old_size: u64,
    new_size: u64,
    old_root: &Hash,
    new_root: &Hash,
    proof: &[Hash],
) -> bool {
    if old_size > new_size {
        return false;
    }
    if old_size == 0 {
        return proof.is_empty();
    }
    if old_size == new_size {
        return proof.is_empty() && old_root == new_root;
    }
    let mut path = proof.to_vec();
    if old_size.is_power_of_two() {
        path.insert(0, *old_root);
    }
    let Some((first, rest)) = path.split_first() else {
        return false;
    };
    let mut fn_ = old_size - 1;
    let mut sn = new_size - 1;
    while fn_ & 1 == 1 {
        fn_ >>= 1;
        sn >>= 1;
    }
    let mut fr = *first;
    let mut sr = *first;
    for c in rest {
        if sn == 0 {
            return false;
        }
        if fn_ & 1 == 1 || fn_ == sn {
            fr = node_hash(c, &fr);
            sr = node_hash(c, &sr);
            while fn_ & 1 == 0 && fn_ != 0 {
                fn_ >>= 1;
                sn >>= 1;
            }
        } else {
            sr = node_hash(&sr, c);
        }
        fn_ >>= 1;
        sn >>= 1;
    }
    fr == *old_root && sr == *new_root && sn == 0
}

/// Proof nodes as stored: 32 bytes each, concatenated.
pub fn proof_to_bytes(proof: &[Hash]) -> Vec<u8> {
    proof.concat()
}

/// `None` unless the length is a multiple of 32.
pub fn proof_from_bytes(bytes: &[u8]) -> Option<Vec<Hash>> {
    if !bytes.len().is_multiple_of(32) {
        return None;
    }
    Some(
        bytes
            .chunks_exact(32)
            .map(|chunk| <Hash>::try_from(chunk).expect("chunks of 32"))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::merkle::leaf_hash;

    fn leaves(n: u64) -> Vec<Hash> {
        (0..n).map(|i| leaf_hash(&i.to_be_bytes())).collect()
    }

    fn proof_over(all: &[Hash], old_size: u64) -> Vec<Hash> {
        let mut subtree = |start: u64, end: u64| Some(root_of(&all[start as usize..end as usize]));
        consistency_proof(old_size, all.len() as u64, &mut subtree).unwrap()
    }

    fn frontier_of(all: &[Hash]) -> Frontier {
        let mut frontier = Frontier::default();
        for leaf in all {
            frontier.push(*leaf);
        }
        frontier
    }

    #[test]
    fn every_prefix_is_consistent_with_every_longer_tree() {
        let all = leaves(40);
        for new_size in 1..=40u64 {
            let new = &all[..new_size as usize];
            let new_root = root_of(new);
            for old_size in 0..=new_size {
                let old = &all[..old_size as usize];
                let proof = proof_over(new, old_size);
                assert!(
                    verify_consistency(old_size, new_size, &root_of(old), &new_root, &proof),
                    "{old_size} -> {new_size}"
                );
                // The sealer's way, from the old right edge only, gives the same proof.
                let from_edge = proof_from_frontier(&frontier_of(old), &new[old.len()..]);
                assert_eq!(from_edge, proof, "{old_size} -> {new_size}");
            }
        }
    }

    #[test]
    fn rfc9162_example_proof_from_3_to_7_has_four_nodes() {
        // RFC 9162 §2.1.5: the proof between the trees of 3 and 7 leaves is [c, d, g, l].
        let all = leaves(7);
        let proof = proof_over(&all, 3);
        let h = node_hash;
        assert_eq!(
            proof,
            vec![
                all[2],
                all[3],
                h(&all[0], &all[1]),
                h(&h(&all[4], &all[5]), &all[6]),
            ]
        );
    }

    #[test]
    fn a_rewritten_history_is_not_consistent() {
        let all = leaves(20);
        let mut rewritten = all.clone();
        rewritten[4] = leaf_hash(b"forged");
        for old_size in 5..20u64 {
            let old_root = root_of(&all[..old_size as usize]);
            let proof = proof_over(&rewritten, old_size);
            assert!(
                !verify_consistency(old_size, 20, &old_root, &root_of(&rewritten), &proof),
                "{old_size}"
            );
        }
    }

    #[test]
    fn altered_or_shortened_proofs_fail() {
        let all = leaves(13);
        let (old_root, new_root) = (root_of(&all[..6]), root_of(&all));
        let proof = proof_over(&all, 6);
        assert!(verify_consistency(6, 13, &old_root, &new_root, &proof));
        for i in 0..proof.len() {
            let mut altered = proof.clone();
            altered[i][0] ^= 1;
            assert!(!verify_consistency(6, 13, &old_root, &new_root, &altered));
            let mut shorter = proof.clone();
            shorter.remove(i);
            assert!(!verify_consistency(6, 13, &old_root, &new_root, &shorter));
        }
        let mut longer = proof.clone();
        longer.push(all[0]);
        assert!(!verify_consistency(6, 13, &old_root, &new_root, &longer));
        // A shrinking tree never verifies; equal sizes need equal roots.
        assert!(!verify_consistency(13, 6, &new_root, &old_root, &proof));
        assert!(!verify_consistency(6, 6, &old_root, &new_root, &[]));
        assert!(verify_consistency(6, 6, &old_root, &old_root, &[]));
    }

    #[test]
    fn proof_bytes_round_trip_and_reject_partial_nodes() {
        let proof = proof_over(&leaves(9), 5);
        let bytes = proof_to_bytes(&proof);
        assert_eq!(proof_from_bytes(&bytes), Some(proof));
        assert_eq!(proof_from_bytes(&bytes[1..]), None);
        assert_eq!(proof_from_bytes(&[]), Some(Vec::new()));
    }
}
