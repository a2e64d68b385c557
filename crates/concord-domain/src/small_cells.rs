//! Small-cell suppression for figures that leave Concord (DOMAIN §8): a
//! count of people below the threshold (10 by default, never below 5) is
//! not published, and neither is a second cell of the same table when one
//! hidden cell could otherwise be worked out from the table's total
//! (complementary suppression). Zero is published: it says that nobody has
//! the characteristic, which is not about anyone in particular.

use crate::validation::Invalid;

/// The threshold below which a count of people is hidden.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SmallCellPolicy {
    threshold: u32,
}

impl SmallCellPolicy {
    pub const DEFAULT_THRESHOLD: u32 = 10;
    /// The lowest threshold a deployment may set.
    pub const MIN_THRESHOLD: u32 = 5;

    pub fn new(threshold: u32) -> Result<Self, Invalid> {
        if threshold < Self::MIN_THRESHOLD {
            return Err(Invalid::one(
                "small_cell_threshold",
                format!("must be at least {}", Self::MIN_THRESHOLD),
            ));
        }
        Ok(Self { threshold })
    }

    pub fn threshold(self) -> u32 {
        self.threshold
    }

    fn too_small(self, count: u32) -> bool {
        count > 0 && count < self.threshold
    }

    /// The cells of one table whose total is published: `None` for each
    /// hidden cell. The smallest non-zero published cell is hidden too when
    /// exactly one would otherwise be hidden.
    pub fn suppress(self, cells: &[u32]) -> Vec<Option<u32>> {
        let mut shown: Vec<Option<u32>> = cells
            .iter()
            .map(|&n| (!self.too_small(n)).then_some(n))
            .collect();
        if shown.iter().filter(|c| c.is_none()).count() == 1 {
            let complement = shown
                .iter()
                .enumerate()
                .filter_map(|(i, c)| c.filter(|n| *n > 0).map(|n| (n, i)))
                .min();
            if let Some((_, i)) = complement {
                shown[i] = None;
            }
        }
        shown
    }

    /// `part` of a published `total` (and so also the rest): shown only when
    /// neither the part nor the rest is a small cell.
    pub fn share(self, part: u32, total: u32) -> Option<u32> {
        let rest = total.saturating_sub(part);
        (!self.too_small(part) && !self.too_small(rest)).then_some(part)
    }
}

impl Default for SmallCellPolicy {
    fn default() -> Self {
        Self {
            threshold: Self::DEFAULT_THRESHOLD,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_threshold_is_never_below_five() {
        assert!(SmallCellPolicy::new(4).is_err());
        assert_eq!(SmallCellPolicy::new(5).unwrap().threshold(), 5);
        assert_eq!(SmallCellPolicy::default().threshold(), 10);
    }

    #[test]
    fn small_cells_are_hidden_with_a_complement() {
        let policy = SmallCellPolicy::default();
        assert_eq!(
            policy.suppress(&[40, 3, 0, 12]),
            vec![Some(40), None, Some(0), None],
            "3 alone could be worked out from the total: 12 goes too"
        );
        assert_eq!(
            policy.suppress(&[40, 3, 2]),
            vec![Some(40), None, None],
            "two hidden cells hide each other"
        );
        assert_eq!(policy.suppress(&[40, 10]), vec![Some(40), Some(10)]);
        assert_eq!(policy.share(3, 40), None);
        assert_eq!(policy.share(37, 40), None, "the rest is 3");
        assert_eq!(policy.share(0, 40), Some(0));
        assert_eq!(policy.share(20, 40), Some(20));
    }

    proptest! {
        /// Whatever the table, no hidden cell can be worked out from the
        /// total and the published cells: hidden cells are never exactly one,
        /// and no small non-zero count is ever published.
        #[test]
        fn no_small_cell_is_published_or_derivable(cells in proptest::collection::vec(0u32..30, 1..8)) {
            let policy = SmallCellPolicy::default();
            let shown = policy.suppress(&cells);
            let hidden: Vec<usize> = (0..cells.len()).filter(|i| shown[*i].is_none()).collect();
            prop_assert!(hidden.len() != 1 || cells.iter().filter(|n| **n > 0).count() == 1);
            for (n, s) in cells.iter().zip(&shown) {
                if let Some(v) = s {
                    prop_assert_eq!(v, n);
                    prop_assert!(*n == 0 || *n >= 10);
                }
            }
        }
    }
}
