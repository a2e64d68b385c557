//! A small exact linear-programming solver (two-phase simplex over
//! rationals, Bland's rule), enough for the suppression module to choose
//! complementary cells. Exact and deterministic: the same problem always
//! gives the same vertex. Arithmetic is checked; a problem whose numbers
//! outgrow `i128` reports [`Outcome::Overflow`] and the caller falls back to
//! a safe choice rather than trusting a wrong answer.

use std::cmp::Ordering;

/// An exact rational: `n / d`, `d > 0`, lowest terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Q {
    n: i128,
    d: i128,
}

fn gcd(mut a: i128, mut b: i128) -> i128 {
    a = a.abs();
    b = b.abs();
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

impl Q {
    pub(super) const ZERO: Q = Q { n: 0, d: 1 };
    pub(super) const ONE: Q = Q { n: 1, d: 1 };

    pub(super) fn int(n: i64) -> Q {
        Q {
            n: i128::from(n),
            d: 1,
        }
    }

    fn new(n: i128, d: i128) -> Option<Q> {
        if d == 0 {
            return None;
        }
        let g = gcd(n, d).max(1);
        let (mut n, mut d) = (n / g, d / g);
        if d < 0 {
            n = n.checked_neg()?;
            d = d.checked_neg()?;
        }
        Some(Q { n, d })
    }

    fn add(self, o: Q) -> Option<Q> {
        if self.d == 1 && o.d == 1 {
            return Some(Q {
                n: self.n.checked_add(o.n)?,
                d: 1,
            });
        }
        let g = gcd(self.d, o.d);
        let n = self
            .n
            .checked_mul(o.d / g)?
            .checked_add(o.n.checked_mul(self.d / g)?)?;
        Q::new(n, (self.d / g).checked_mul(o.d)?)
    }

    fn neg(self) -> Option<Q> {
        Some(Q {
            n: self.n.checked_neg()?,
            d: self.d,
        })
    }

    fn sub(self, o: Q) -> Option<Q> {
        self.add(o.neg()?)
    }

    fn mul(self, o: Q) -> Option<Q> {
        if self.d == 1 && o.d == 1 {
            return Some(Q {
                n: self.n.checked_mul(o.n)?,
                d: 1,
            });
        }
        let g1 = gcd(self.n, o.d).max(1);
        let g2 = gcd(o.n, self.d).max(1);
        Q::new(
            (self.n / g1).checked_mul(o.n / g2)?,
            (self.d / g2).checked_mul(o.d / g1)?,
        )
    }

    fn div(self, o: Q) -> Option<Q> {
        if o.n == 0 {
            return None;
        }
        self.mul(Q::new(o.d, o.n)?)
    }

    pub(super) fn is_zero(self) -> bool {
        self.n == 0
    }

    fn signum(self) -> i128 {
        self.n.signum()
    }

    /// The integer this is, if it is one.
    pub(super) fn as_integer(self) -> Option<i64> {
        (self.d == 1).then(|| i64::try_from(self.n).ok()).flatten()
    }

    fn cmp(self, o: Q) -> Option<Ordering> {
        Some(self.n.checked_mul(o.d)?.cmp(&o.n.checked_mul(self.d)?))
    }
}

pub(super) enum Outcome {
    /// An optimal vertex: one value per column.
    Optimal(Vec<Q>),
    Infeasible,
    Unbounded,
    Overflow,
}

/// Minimises `c·x` subject to `a·x = b`, `x ≥ 0`, with every `b ≥ 0`.
pub(super) fn minimize(a: &[Vec<Q>], b: &[Q], c: &[Q]) -> Outcome {
    match solve(a, b, c) {
        Some(outcome) => outcome,
        None => Outcome::Overflow,
    }
}

struct Tableau {
    /// Rows of `columns + 1` entries (the last is the right-hand side).
    rows: Vec<Vec<Q>>,
    basis: Vec<usize>,
    /// Reduced costs, and minus the objective value in the last entry.
    objective: Vec<Q>,
    /// Rows found redundant (all zero after phase 1).
    dropped: Vec<bool>,
}

impl Tableau {
    fn pivot(&mut self, row: usize, column: usize) -> Option<()> {
        let p = self.rows[row][column];
        for e in self.rows[row].iter_mut() {
            *e = e.div(p)?;
        }
        let pivot_row = self.rows[row].clone();
        for (i, r) in self.rows.iter_mut().enumerate() {
            if i == row || r[column].is_zero() {
                continue;
            }
            let f = r[column];
            for (e, pe) in r.iter_mut().zip(&pivot_row) {
                if !pe.is_zero() {
                    *e = e.sub(f.mul(*pe)?)?;
                }
            }
        }
        let f = self.objective[column];
        if !f.is_zero() {
            for (e, pe) in self.objective.iter_mut().zip(&pivot_row) {
                if !pe.is_zero() {
                    *e = e.sub(f.mul(*pe)?)?;
                }
            }
        }
        self.basis[row] = column;
        Some(())
    }

    /// Runs simplex iterations with Bland's rule over the columns `allowed`
    /// may enter. `Some(false)` when unbounded.
    fn iterate(&mut self, allowed: &dyn Fn(usize) -> bool) -> Option<bool> {
        let rhs = self.objective.len() - 1;
        loop {
            let Some(column) = (0..rhs).find(|&j| allowed(j) && self.objective[j].signum() < 0)
            else {
                return Some(true);
            };
            let mut best: Option<(usize, Q)> = None;
            for (i, r) in self.rows.iter().enumerate() {
                if self.dropped[i] || r[column].signum() <= 0 {
                    continue;
                }
                let ratio = r[rhs].div(r[column])?;
                best = match best {
                    None => Some((i, ratio)),
                    Some((bi, br)) => match ratio.cmp(br)? {
                        Ordering::Less => Some((i, ratio)),
                        Ordering::Equal if self.basis[i] < self.basis[bi] => Some((i, ratio)),
                        _ => Some((bi, br)),
                    },
                };
            }
            let Some((row, _)) = best else {
                return Some(false);
            };
            self.pivot(row, column)?;
        }
    }
}

fn solve(a: &[Vec<Q>], b: &[Q], c: &[Q]) -> Option<Outcome> {
    let m = a.len();
    let n = c.len();
    let width = n + m + 1;
    let rhs = n + m;
    let mut rows = Vec::with_capacity(m);
    for (i, (row, bi)) in a.iter().zip(b).enumerate() {
        let mut r = vec![Q::ZERO; width];
        r[..n].copy_from_slice(row);
        r[n + i] = Q::ONE;
        r[rhs] = *bi;
        rows.push(r);
    }
    // Phase 1: minimise the sum of the artificial variables.
    let mut objective = vec![Q::ZERO; width];
    for r in &rows {
        for j in 0..n {
            objective[j] = objective[j].sub(r[j])?;
        }
        objective[rhs] = objective[rhs].sub(r[rhs])?;
    }
    let mut t = Tableau {
        rows,
        basis: (n..n + m).collect(),
        objective,
        dropped: vec![false; m],
    };
    t.iterate(&|j| j < rhs)?;
    if !t.objective[rhs].is_zero() {
        return Some(Outcome::Infeasible);
    }
    // Drive artificial variables out of the basis; a row with nothing else
    // left in it is redundant.
    for i in 0..m {
        if t.basis[i] >= n {
            match (0..n).find(|&j| !t.rows[i][j].is_zero()) {
                Some(j) => t.pivot(i, j)?,
                None => t.dropped[i] = true,
            }
        }
    }
    // Phase 2: the real costs.
    let mut objective = vec![Q::ZERO; width];
    objective[..n].copy_from_slice(c);
    for i in 0..m {
        if t.dropped[i] {
            continue;
        }
        let cb = c[t.basis[i]];
        if cb.is_zero() {
            continue;
        }
        for (e, re) in objective.iter_mut().zip(&t.rows[i]) {
            *e = e.sub(cb.mul(*re)?)?;
        }
    }
    // The artificial columns' reduced costs are irrelevant: they never enter.
    t.objective = objective;
    if !t.iterate(&|j| j < n)? {
        return Some(Outcome::Unbounded);
    }
    let mut x = vec![Q::ZERO; n];
    for i in 0..m {
        if !t.dropped[i] && t.basis[i] < n {
            x[t.basis[i]] = t.rows[i][rhs];
        }
    }
    Some(Outcome::Optimal(x))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(n: i64) -> Q {
        Q::int(n)
    }

    #[test]
    fn solves_a_small_problem_exactly() {
        // min x0 + 2 x1 s.t. x0 + x1 - x2 = 3 (x2 surplus), x0 + x3 = 2.
        let a = vec![vec![q(1), q(1), q(-1), q(0)], vec![q(1), q(0), q(0), q(1)]];
        let Outcome::Optimal(x) = minimize(&a, &[q(3), q(2)], &[q(1), q(2), q(0), q(0)]) else {
            panic!("optimal expected");
        };
        assert_eq!(x[0], q(2));
        assert_eq!(x[1], q(1));
    }

    #[test]
    fn fractions_infeasibility_redundancy_and_unboundedness() {
        // 2 x0 = 1: x0 = 1/2.
        let Outcome::Optimal(x) = minimize(&[vec![q(2)]], &[q(1)], &[q(1)]) else {
            panic!("optimal expected");
        };
        assert_eq!(x[0].as_integer(), None);
        assert_eq!(x[0], Q::new(1, 2).unwrap());
        // x0 + x1 = 1 and x0 + x1 = 2.
        let a = vec![vec![q(1), q(1)], vec![q(1), q(1)]];
        assert!(matches!(
            minimize(&a, &[q(1), q(2)], &[q(0), q(0)]),
            Outcome::Infeasible
        ));
        // The same row twice is redundant, not a problem.
        let Outcome::Optimal(x) = minimize(&a, &[q(1), q(1)], &[q(1), q(0)]) else {
            panic!("optimal expected");
        };
        assert_eq!((x[0], x[1]), (q(0), q(1)));
        // min -x0 s.t. x0 - x1 = 0: unbounded.
        assert!(matches!(
            minimize(&[vec![q(1), q(-1)]], &[q(0)], &[q(-1), q(0)]),
            Outcome::Unbounded
        ));
    }
}
