//! The attacker: a reader of a published table set who tries to work out
//! its hidden figures. Written apart from the suppression module and by
//! another method (integer bounds propagation and search, where the module
//! uses linear programming), so that a mistake in one is not repeated in
//! the other.
//!
//! The reader knows what a reader of the published table knows: every
//! published figure, every sum between figures (the structure of a table is
//! public), every published share as printed (a percentage with one
//! decimal, which bounds its part and whole even when they are hidden), and
//! that counts are whole numbers, never negative. From that it computes,
//! for any hidden figure, whether it can be at least some value and its
//! feasible interval — exactly, by a complete search in whole numbers
//! (within a generous cap on every figure, see [`Reader::cap`]).
//!
//! Other test files of the project (the statistics) may include it with
//! `#[path = "…/attacker/mod.rs"] mod attacker;`.

#![allow(dead_code)]

use concord_domain::risk::dataset::Share;
use concord_domain::small_cells::Suppression;

/// What a reader sees.
#[derive(Debug, Clone)]
pub struct Publication {
    /// Each figure as published; `None` when suppressed.
    pub figures: Vec<Option<u32>>,
    /// `(total, parts)`: the sums a reader knows hold.
    pub sums: Vec<(usize, Vec<usize>)>,
    /// `(part, of, printed)`: each share as printed (`None` when suppressed;
    /// an empty text when there was nothing to divide by).
    pub shares: Vec<(usize, usize, Option<String>)>,
}

impl Publication {
    /// Everything a suppression publishes, shares printed as the CSV prints
    /// them.
    pub fn of(s: &Suppression) -> Self {
        let set = s.set();
        Publication {
            figures: set.ids().map(|f| s.value(f)).collect(),
            sums: set
                .sums()
                .iter()
                .map(|sum| {
                    (
                        sum.total.index(),
                        sum.parts.iter().map(|p| p.index()).collect(),
                    )
                })
                .collect(),
            shares: set
                .shares()
                .map(|(id, share)| {
                    (
                        share.part.index(),
                        share.of.index(),
                        s.share(id).map(|p| {
                            Share {
                                part: p.part,
                                of: p.of,
                            }
                            .text()
                        }),
                    )
                })
                .collect(),
        }
    }
}

const INF: i128 = 1 << 100;

/// `lo ≤ Σ coef · x ≤ hi` over hidden figures.
#[derive(Debug, Clone)]
struct Constraint {
    terms: Vec<(usize, i128)>,
    lo: i128,
    hi: i128,
}

/// The reader's knowledge as whole-number constraints on the hidden figures.
#[derive(Debug, Clone)]
pub struct Reader {
    /// The variable of each figure (hidden figures only).
    var: Vec<Option<usize>>,
    constraints: Vec<Constraint>,
    cap: i128,
    /// Search nodes allowed per question before the attacker gives up
    /// (which fails the test: it never silently passes).
    budget: u64,
}

fn div_floor(a: i128, b: i128) -> i128 {
    let q = a / b;
    if (a % b != 0) && ((a < 0) != (b < 0)) {
        q - 1
    } else {
        q
    }
}

fn div_ceil(a: i128, b: i128) -> i128 {
    -div_floor(-a, b)
}

impl Reader {
    /// Reads a publication; `threshold` only sizes the cap.
    pub fn new(p: &Publication, threshold: u32) -> Reader {
        let mut var = vec![None; p.figures.len()];
        let mut hidden = 0;
        for (i, f) in p.figures.iter().enumerate() {
            if f.is_none() {
                var[i] = Some(hidden);
                hidden += 1;
            }
        }
        let mut constraints = Vec::new();
        // Σ coef · figure in [lo, hi], published figures moved to the bounds.
        let mut add = |terms: &[(usize, i128)], lo: i128, hi: i128| {
            let mut c = Constraint {
                terms: Vec::new(),
                lo,
                hi,
            };
            for (figure, coef) in terms {
                match (var[*figure], p.figures[*figure]) {
                    (Some(v), _) => match c.terms.iter_mut().find(|(w, _)| *w == v) {
                        Some(t) => t.1 += coef,
                        None => c.terms.push((v, *coef)),
                    },
                    (None, Some(value)) => {
                        let k = coef * i128::from(value);
                        c.lo = c.lo.saturating_sub(k);
                        c.hi = c.hi.saturating_sub(k);
                    }
                    (None, None) => unreachable!(),
                }
            }
            c.terms.retain(|(_, coef)| *coef != 0);
            assert!(
                !c.terms.is_empty() || (c.lo <= 0 && 0 <= c.hi),
                "the publication contradicts itself"
            );
            if !c.terms.is_empty() {
                constraints.push(c);
            }
        };
        for (total, parts) in &p.sums {
            let mut terms: Vec<(usize, i128)> = parts.iter().map(|f| (*f, 1)).collect();
            terms.push((*total, -1));
            add(&terms, 0, 0);
        }
        for (part, of, printed) in &p.shares {
            let Some(text) = printed else { continue };
            if text.is_empty() {
                add(&[(*of, 1)], 0, 0);
                continue;
            }
            let tenths: i128 = text.replace('.', "").parse().expect("a percentage");
            // round(1000 · part / of) = tenths, halves rounded up:
            // (2·tenths − 1) · of ≤ 2000 · part < (2·tenths + 1) · of.
            add(&[(*part, 2000), (*of, -(2 * tenths - 1))], 0, INF);
            add(&[(*of, 2 * tenths + 1), (*part, -2000)], 1, INF);
            add(&[(*of, 1)], 1, INF);
        }
        let published: i128 = p.figures.iter().flatten().map(|v| i128::from(*v)).sum();
        Reader {
            var,
            constraints,
            cap: 2 * published + i128::from(threshold) * (hidden as i128 + 2),
            budget: 200_000,
        }
    }

    /// The largest value the search gives any hidden figure: a figure that
    /// can reach it is treated as unbounded.
    pub fn cap(&self) -> i128 {
        self.cap
    }

    fn domains(&self) -> (Vec<i128>, Vec<i128>) {
        let n = self.var.iter().flatten().count();
        (vec![0; n], vec![self.cap; n])
    }

    /// Tightens the bounds to a fixpoint; false when nothing fits.
    fn propagate(&self, lo: &mut [i128], hi: &mut [i128]) -> bool {
        loop {
            let mut changed = false;
            for c in &self.constraints {
                let bounds = |v: usize, a: i128, lo: &[i128], hi: &[i128]| {
                    if a > 0 {
                        (a * lo[v], a * hi[v])
                    } else {
                        (a * hi[v], a * lo[v])
                    }
                };
                let (mut min, mut max) = (0i128, 0i128);
                for (v, a) in &c.terms {
                    let (l, h) = bounds(*v, *a, lo, hi);
                    min += l;
                    max += h;
                }
                if min > c.hi || max < c.lo {
                    return false;
                }
                for (v, a) in &c.terms {
                    let (l, h) = bounds(*v, *a, lo, hi);
                    let (rest_min, rest_max) = (min - l, max - h);
                    // c.lo − rest_max ≤ a · x ≤ c.hi − rest_min
                    let (top, bottom) = (c.hi.min(INF) - rest_min, c.lo - rest_max);
                    let (new_lo, new_hi) = if *a > 0 {
                        (div_ceil(bottom, *a), div_floor(top, *a))
                    } else {
                        (div_ceil(top, *a), div_floor(bottom, *a))
                    };
                    if new_lo > lo[*v] {
                        lo[*v] = new_lo;
                        changed = true;
                    }
                    if new_hi < hi[*v] {
                        hi[*v] = new_hi;
                        changed = true;
                    }
                    if lo[*v] > hi[*v] {
                        return false;
                    }
                }
            }
            if !changed {
                return true;
            }
        }
    }

    /// Is there a whole-number table within the bounds? Complete search:
    /// propagate, then split the narrowest open domain in two.
    fn feasible(&self, mut lo: Vec<i128>, mut hi: Vec<i128>, nodes: &mut u64) -> bool {
        *nodes += 1;
        assert!(
            *nodes <= self.budget,
            "the attacker gave up (search budget spent): make the table smaller"
        );
        if !self.propagate(&mut lo, &mut hi) {
            return false;
        }
        let open = (0..lo.len())
            .filter(|v| lo[*v] < hi[*v])
            .min_by_key(|v| (hi[*v] - lo[*v], *v));
        let Some(v) = open else {
            return self.constraints.iter().all(|c| {
                let s: i128 = c.terms.iter().map(|(v, a)| a * lo[*v]).sum();
                c.lo <= s && s <= c.hi
            });
        };
        let mid = lo[v] + (hi[v] - lo[v]) / 2;
        let (mut upper_lo, mut lower_hi) = (lo.clone(), hi.clone());
        lower_hi[v] = mid;
        upper_lo[v] = mid + 1;
        self.feasible(lo, lower_hi, nodes) || self.feasible(upper_lo, hi, nodes)
    }

    fn feasible_with(&self, figure: usize, at_least: i128, at_most: i128) -> bool {
        let v = self.var[figure].expect("a hidden figure");
        let (mut lo, mut hi) = self.domains();
        lo[v] = at_least;
        hi[v] = at_most.min(self.cap);
        lo[v] <= hi[v] && self.feasible(lo, hi, &mut 0)
    }

    /// Can the hidden figure be `value` or more in a table that agrees with
    /// everything published?
    pub fn can_reach(&self, figure: usize, value: u32) -> bool {
        self.feasible_with(figure, i128::from(value), self.cap)
    }

    /// Does the table of exact values agree with everything published? (A
    /// check of the attacker itself: it must never rule the truth out.)
    pub fn admits(&self, exact: &[u32]) -> bool {
        let (mut lo, mut hi) = self.domains();
        for (f, v) in self.var.iter().enumerate() {
            if let Some(v) = v {
                lo[*v] = i128::from(exact[f]);
                hi[*v] = i128::from(exact[f]);
            }
        }
        self.feasible(lo, hi, &mut 0)
    }

    /// The values the hidden figure can take: `(lowest, highest)`, highest
    /// `None` when unbounded (it reaches the cap).
    pub fn interval(&self, figure: usize) -> (u32, Option<u32>) {
        // Lowest: the smallest m with a table where the figure ≤ m.
        let (mut a, mut b) = (0i128, self.cap);
        assert!(
            self.feasible_with(figure, 0, b),
            "nothing fits the publication"
        );
        while a < b {
            let m = a + (b - a) / 2;
            if self.feasible_with(figure, 0, m) {
                b = m;
            } else {
                a = m + 1;
            }
        }
        let lowest = a;
        if self.feasible_with(figure, self.cap, self.cap) {
            return (lowest as u32, None);
        }
        let (mut a, mut b) = (lowest, self.cap);
        while a < b {
            let m = b - (b - a) / 2;
            if self.feasible_with(figure, m, self.cap) {
                a = m;
            } else {
                b = m - 1;
            }
        }
        (lowest as u32, Some(a as u32))
    }
}
