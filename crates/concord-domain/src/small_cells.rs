//! Small-cell suppression of figures published together (DOMAIN §8, the
//! security model in DESIGN.md). Pure: no I/O.
//!
//! A [`TableSet`] holds **every figure that is published together** — the
//! cells of one or more breakdowns of the same population, their totals and
//! subtotals, the same tables at several levels (district, region, nation)
//! — with the sums a reader knows hold between them, and the shares
//! (percentages, rates) derived from them. [`SmallCellPolicy::suppress`]
//! decides, for the set as a whole, what is published and what is hidden,
//! and says why each hidden figure is hidden.
//!
//! # The rule
//!
//! With threshold `t` (10 by default, `--small-cell-threshold`, never below
//! 5):
//!
//! 1. **Primary suppression.** Every count from 1 to `t − 1` is hidden — a
//!    cell, a subtotal and a total alike (a total is a count of people too:
//!    "3 cases discussed" is a small cell). [`Reason::Small`].
//! 2. **Zeros.** A zero is published — it says nobody, which is about no one
//!    — except in a sum that has a small count among its figures: there
//!    every zero is hidden as well ([`Reason::EmptyBesideSmall`]). Shown
//!    beside a hidden small count and its total, zeros tell the reader where
//!    the few people must be (five referrals, all other sectors 0: the hidden
//!    sector is the total), and they make "suppressed" read as "at least
//!    one".
//! 3. **Complementary suppression and the protection rule.** A hidden small
//!    count is protected when a reader who knows everything published in the
//!    set — every figure shown, every sum, every share — and that counts are
//!    whole numbers, never negative, **cannot rule out that it is `t` or
//!    more**: some table of non-negative whole numbers that agrees with
//!    everything published has it at `t` or above. So it is never determined
//!    exactly, and never narrowed to values below the threshold; the reader
//!    cannot tell it from a count that would have been published. For each
//!    small count the module looks for such a table (a *witness*: every
//!    figure it changes must be hidden), choosing by an exact linear
//!    programme the changes that cost least — smaller published figures
//!    before larger ones, and so cells before the totals they add up to —
//!    and hides the published figures the witness changes
//!    ([`Reason::Complement`]). The witness is checked in whole numbers
//!    before it is trusted; when none is found, every published figure
//!    linked to the small count by a sum is hidden. A single non-zero cell
//!    (everyone in one category) therefore takes its total with it.
//! 4. **Shares** (percentages, rates) are published only when both the part
//!    and the whole are: a share then says nothing the reader does not
//!    already know, and never lets a hidden count be worked back.
//!
//! What the rule does not promise: a reader may still learn bounds that do
//! not exclude `t` or more (say "between 0 and 16" for a hidden 4), that a
//! hidden figure is not empty when its sum forces it, or that everyone of a
//! population of `t` or more shares a category (0 % not female of 40 cases).
//! Zeros and complements (`t` or more) expose no one and are not protected
//! themselves.
//!
//! The reasons are for the people preparing a release. **Never publish
//! them**: told which hidden figures are small and which are complements, a
//! reader knows the small ones are below `t`. Published output reads only
//! "suppressed".
//!
//! Figures published separately (another release of the same population and
//! period) are not in the set and so not checked against it: put everything
//! that goes out together into one set.

mod lp;

use crate::validation::Invalid;
use lp::{Outcome, Q};
use std::collections::BTreeSet;

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

    /// A count of 1 to `threshold − 1`.
    pub fn is_small(self, count: u32) -> bool {
        count > 0 && count < self.threshold
    }
}

impl Default for SmallCellPolicy {
    fn default() -> Self {
        Self {
            threshold: Self::DEFAULT_THRESHOLD,
        }
    }
}

/// A figure of a [`TableSet`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FigureId(usize);

impl FigureId {
    /// Its position in the set, in the order figures were added.
    pub fn index(self) -> usize {
        self.0
    }
}

/// A share of a [`TableSet`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ShareId(usize);

/// A sum a reader knows holds: `total = parts[0] + parts[1] + …`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sum {
    pub total: FigureId,
    pub parts: Vec<FigureId>,
}

impl Sum {
    /// The total and the parts.
    pub fn figures(&self) -> impl Iterator<Item = FigureId> + '_ {
        std::iter::once(self.total).chain(self.parts.iter().copied())
    }
}

/// A share: `part` out of `of` (a percentage, a rate).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShareOf {
    pub name: String,
    pub part: FigureId,
    pub of: FigureId,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Figure {
    name: String,
    value: u32,
}

/// Every figure published together, the sums between them and the shares
/// derived from them. Build it with [`TableSet::count`], [`TableSet::sum`]
/// and [`TableSet::share`]; suppress it with [`SmallCellPolicy::suppress`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TableSet {
    figures: Vec<Figure>,
    sums: Vec<Sum>,
    shares: Vec<ShareOf>,
}

impl TableSet {
    pub fn new() -> Self {
        Self::default()
    }

    /// A count of people (a cell, a subtotal or a total).
    pub fn count(&mut self, name: impl Into<String>, value: u32) -> FigureId {
        self.figures.push(Figure {
            name: name.into(),
            value,
        });
        FigureId(self.figures.len() - 1)
    }

    /// Records that `total` is the sum of `parts` — a breakdown of a
    /// population, a subtotal, the districts of a region. Declare every sum
    /// a reader can know: the suppression holds only against the sums it
    /// was told about.
    pub fn sum(&mut self, total: FigureId, parts: &[FigureId]) {
        self.sums.push(Sum {
            total,
            parts: parts.to_vec(),
        });
    }

    /// A share of `part` out of `of`, published only when both are.
    pub fn share(&mut self, name: impl Into<String>, part: FigureId, of: FigureId) -> ShareId {
        self.shares.push(ShareOf {
            name: name.into(),
            part,
            of,
        });
        ShareId(self.shares.len() - 1)
    }

    pub fn len(&self) -> usize {
        self.figures.len()
    }

    pub fn is_empty(&self) -> bool {
        self.figures.is_empty()
    }

    pub fn ids(&self) -> impl Iterator<Item = FigureId> {
        (0..self.figures.len()).map(FigureId)
    }

    pub fn name(&self, id: FigureId) -> &str {
        &self.figures[id.0].name
    }

    /// The exact figure (never to be published as such).
    pub fn value(&self, id: FigureId) -> u32 {
        self.figures[id.0].value
    }

    pub fn sums(&self) -> &[Sum] {
        &self.sums
    }

    pub fn shares(&self) -> impl Iterator<Item = (ShareId, &ShareOf)> {
        self.shares.iter().enumerate().map(|(i, s)| (ShareId(i), s))
    }

    /// Every sum adds up and every id belongs to the set.
    fn check(&self) -> Result<(), Inconsistent> {
        let n = self.figures.len();
        for sum in &self.sums {
            if sum.figures().any(|f| f.0 >= n) {
                return Err(Inconsistent("a sum names a figure of another set".into()));
            }
            let parts: u64 = sum.parts.iter().map(|p| u64::from(self.value(*p))).sum();
            if parts != u64::from(self.value(sum.total)) {
                return Err(Inconsistent(format!(
                    "{} is not the sum of its parts",
                    self.name(sum.total)
                )));
            }
        }
        if self.shares.iter().any(|s| s.part.0 >= n || s.of.0 >= n) {
            return Err(Inconsistent("a share names a figure of another set".into()));
        }
        Ok(())
    }
}

/// A table set whose sums do not add up: a bug in whoever built it, and
/// nothing is published from it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("inconsistent table set: {0}")]
pub struct Inconsistent(pub String);

/// Why a figure is hidden.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// Primary: a count of 1 to `threshold − 1`.
    Small,
    /// Primary: a zero in a sum with the small count `beside`.
    EmptyBesideSmall { beside: FigureId },
    /// Complementary: shown, it would let the small count `protects` be
    /// worked out or narrowed below the threshold.
    Complement { protects: FigureId },
}

impl Reason {
    pub fn is_primary(&self) -> bool {
        !matches!(self, Reason::Complement { .. })
    }
}

/// A published share: both its figures are published.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PublishedShare {
    pub part: u32,
    pub of: u32,
}

/// What [`SmallCellPolicy::suppress`] decided for a table set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    set: TableSet,
    threshold: u32,
    hidden: Vec<Option<Reason>>,
}

impl Suppression {
    /// The figure as published: `None` when hidden.
    pub fn value(&self, id: FigureId) -> Option<u32> {
        self.hidden[id.0].is_none().then(|| self.set.value(id))
    }

    /// Why the figure is hidden (`None` when published). For the people
    /// preparing the release only — see the module documentation.
    pub fn reason(&self, id: FigureId) -> Option<&Reason> {
        self.hidden[id.0].as_ref()
    }

    /// The share as published: `None` when its part or whole is hidden.
    pub fn share(&self, id: ShareId) -> Option<PublishedShare> {
        let share = &self.set.shares[id.0];
        Some(PublishedShare {
            part: self.value(share.part)?,
            of: self.value(share.of)?,
        })
    }

    /// The set it decided for (names, sums and shares are public; the exact
    /// values are not).
    pub fn set(&self) -> &TableSet {
        &self.set
    }

    pub fn threshold(&self) -> u32 {
        self.threshold
    }

    /// A sentence for the people preparing the release.
    pub fn explain(&self, id: FigureId) -> Option<String> {
        let name = |f: FigureId| self.set.name(f);
        Some(match self.reason(id)? {
            Reason::Small => format!(
                "{} is a small count (1 to {})",
                name(id),
                self.threshold - 1
            ),
            Reason::EmptyBesideSmall { beside } => format!(
                "{} is a zero in a sum with the small count {}: shown, it would say where the few people are",
                name(id),
                name(*beside)
            ),
            Reason::Complement { protects } => format!(
                "{} is hidden so that the small count {} cannot be worked out from what is published",
                name(id),
                name(*protects)
            ),
        })
    }
}

impl SmallCellPolicy {
    /// Decides what of the table set is published (see the module
    /// documentation for the rule). Deterministic: the same set always gives
    /// the same result.
    pub fn suppress(self, set: &TableSet) -> Result<Suppression, Inconsistent> {
        set.check()?;
        let mut hidden: Vec<Option<Reason>> = set
            .ids()
            .map(|f| self.is_small(set.value(f)).then_some(Reason::Small))
            .collect();
        for sum in &set.sums {
            let Some(beside) = sum.figures().find(|f| self.is_small(set.value(*f))) else {
                continue;
            };
            for f in sum.figures() {
                if set.value(f) == 0 && hidden[f.0].is_none() {
                    hidden[f.0] = Some(Reason::EmptyBesideSmall { beside });
                }
            }
        }
        let graph = Links::new(set);
        for p in set.ids() {
            if hidden[p.0] == Some(Reason::Small) {
                self.protect(set, &graph, p, &mut hidden);
            }
        }
        Ok(Suppression {
            set: set.clone(),
            threshold: self.threshold,
            hidden,
        })
    }

    /// Makes sure the small count `p` could be `threshold` or more in a table
    /// that agrees with everything published, hiding the published figures
    /// such a table changes.
    fn protect(self, set: &TableSet, links: &Links, p: FigureId, hidden: &mut [Option<Reason>]) {
        let raise = i64::from(self.threshold - set.value(p));
        // Often the figures already hidden protect it: try them alone first
        // (a much smaller programme).
        let mut hidden_reach = BTreeSet::from([p]);
        loop {
            let wider: BTreeSet<FigureId> = links
                .neighbours(&hidden_reach)
                .into_iter()
                .filter(|f| hidden[f.0].is_some())
                .collect();
            if wider.len() == hidden_reach.len() {
                break;
            }
            hidden_reach = wider;
        }
        if witness(set, &hidden_reach, p, raise, hidden).is_some() {
            return;
        }
        let mut reach = BTreeSet::from([p]);
        loop {
            let wider = links.neighbours(&reach);
            match witness(set, &wider, p, raise, hidden) {
                Some(delta) => {
                    for (f, d) in delta {
                        if d != 0 && hidden[f.0].is_none() {
                            hidden[f.0] = Some(Reason::Complement { protects: p });
                        }
                    }
                    return;
                }
                None if wider.len() == reach.len() => break,
                None => reach = wider,
            }
        }
        // No whole-number witness found: hide everything linked to it.
        for f in reach {
            if hidden[f.0].is_none() {
                hidden[f.0] = Some(Reason::Complement { protects: p });
            }
        }
    }
}

/// Which figures share a sum.
struct Links {
    sums_of: Vec<Vec<usize>>,
    sums: Vec<Vec<FigureId>>,
}

impl Links {
    fn new(set: &TableSet) -> Self {
        let mut sums_of = vec![Vec::new(); set.len()];
        let mut sums = Vec::new();
        for (i, sum) in set.sums.iter().enumerate() {
            let members: Vec<FigureId> = sum.figures().collect();
            for f in &members {
                sums_of[f.0].push(i);
            }
            sums.push(members);
        }
        Self { sums_of, sums }
    }

    /// The figures, and every figure in a sum with one of them.
    fn neighbours(&self, figures: &BTreeSet<FigureId>) -> BTreeSet<FigureId> {
        let mut wider = figures.clone();
        for f in figures {
            for s in &self.sums_of[f.0] {
                wider.extend(self.sums[*s].iter().copied());
            }
        }
        wider
    }
}

/// The cheapest change `delta` to the figures in `movable` (all others stay)
/// that raises `p` by `raise`, keeps every sum adding up and no figure below
/// zero — checked in whole numbers. Hidden figures change for free; a
/// published one costs its value plus one per unit.
fn witness(
    set: &TableSet,
    movable: &BTreeSet<FigureId>,
    p: FigureId,
    raise: i64,
    hidden: &[Option<Reason>],
) -> Option<Vec<(FigureId, i64)>> {
    // Columns: for each movable figure but `p`, an increase, a decrease and
    // the slack of "decrease ≤ value".
    let vars: Vec<FigureId> = movable.iter().copied().filter(|f| *f != p).collect();
    let col = |f: FigureId| vars.binary_search(&f).ok();
    let n = vars.len() * 3;
    let mut rows = Vec::new();
    let mut rhs = Vec::new();
    for sum in &set.sums {
        if !sum.figures().any(|f| movable.contains(&f)) {
            continue;
        }
        // Σ parts − total = 0 over the changes.
        let mut row = vec![0i64; n];
        let mut constant = 0i64;
        let terms = sum
            .parts
            .iter()
            .map(|f| (*f, 1i64))
            .chain(std::iter::once((sum.total, -1i64)));
        for (f, sign) in terms {
            if f == p {
                constant -= sign * raise;
            } else if let Some(i) = col(f) {
                row[3 * i] += sign;
                row[3 * i + 1] -= sign;
            }
        }
        if constant < 0 {
            row.iter_mut().for_each(|e| *e = -*e);
            constant = -constant;
        }
        rows.push(row);
        rhs.push(constant);
    }
    for (i, f) in vars.iter().enumerate() {
        let mut row = vec![0i64; n];
        row[3 * i + 1] = 1;
        row[3 * i + 2] = 1;
        rows.push(row);
        rhs.push(i64::from(set.value(*f)));
    }
    let mut cost = vec![Q::ZERO; n];
    for (i, f) in vars.iter().enumerate() {
        if hidden[f.0].is_none() {
            let c = Q::int(i64::from(set.value(*f)) + 1);
            cost[3 * i] = c;
            cost[3 * i + 1] = c;
        }
    }
    let a: Vec<Vec<Q>> = rows
        .iter()
        .map(|r| r.iter().map(|e| Q::int(*e)).collect())
        .collect();
    let b: Vec<Q> = rhs.iter().map(|e| Q::int(*e)).collect();
    let Outcome::Optimal(x) = lp::minimize(&a, &b, &cost) else {
        return None;
    };
    let mut delta = vec![(p, raise)];
    for (i, f) in vars.iter().enumerate() {
        let up = x[3 * i].as_integer()?;
        let down = x[3 * i + 1].as_integer()?;
        delta.push((*f, up - down));
    }
    holds(set, &delta).then_some(delta)
}

/// The change keeps every sum adding up and every figure non-negative.
fn holds(set: &TableSet, delta: &[(FigureId, i64)]) -> bool {
    let mut changed = vec![0i64; set.len()];
    for (f, d) in delta {
        changed[f.0] = *d;
    }
    let nonnegative = set
        .ids()
        .all(|f| i64::from(set.value(f)) + changed[f.0] >= 0);
    nonnegative
        && set
            .sums
            .iter()
            .all(|s| s.parts.iter().map(|f| changed[f.0]).sum::<i64>() == changed[s.total.0])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_threshold_is_never_below_five() {
        assert!(SmallCellPolicy::new(4).is_err());
        assert_eq!(SmallCellPolicy::new(5).unwrap().threshold(), 5);
        assert_eq!(SmallCellPolicy::default().threshold(), 10);
    }

    #[test]
    fn an_inconsistent_set_is_refused() {
        let mut set = TableSet::new();
        let total = set.count("total", 10);
        let a = set.count("a", 4);
        let b = set.count("b", 5);
        set.sum(total, &[a, b]);
        assert!(SmallCellPolicy::default().suppress(&set).is_err());
        let mut other = TableSet::new();
        let x = other.count("x", 1);
        let mut set = TableSet::new();
        let y = set.count("y", 1);
        set.share("share", x, y);
        set.share("share", FigureId(7), y);
        assert!(SmallCellPolicy::default().suppress(&set).is_err());
    }

    #[test]
    fn explanations_name_the_figures() {
        let mut set = TableSet::new();
        let total = set.count("total", 40);
        let a = set.count("a", 3);
        let b = set.count("b", 37);
        let c = set.count("c", 0);
        set.sum(total, &[a, b, c]);
        let s = SmallCellPolicy::default().suppress(&set).unwrap();
        assert_eq!(s.reason(a), Some(&Reason::Small));
        assert!(s.reason(a).unwrap().is_primary());
        assert_eq!(s.reason(b), Some(&Reason::Complement { protects: a }));
        assert_eq!(s.reason(c), Some(&Reason::EmptyBesideSmall { beside: a }));
        assert_eq!(s.value(total), Some(40));
        assert!(s.explain(b).unwrap().contains("small count a"));
        assert_eq!(s.explain(total), None);
    }
}
