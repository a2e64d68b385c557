//! Repeat victimisation (DOMAIN.md §8) of every area of the tree at once,
//! published exactly or suppressed as one set: of the survivors with a
//! counted incident in the period, how many had it within 12 calendar
//! months after an earlier counted incident of theirs ([`is_repeat`]).
//!
//! **Counted:** GBV incidents with the survivor's consent to statistics,
//! not already reported elsewhere (the rule of the incident statistics).
//! **Period rule:** the local date of the incident falls in the period; the
//! earlier incident may be before it. **Area:** where her first counted
//! incident of the period happened. A survivor counts once.
//!
//! **Suppression.** Survivors, repeat and not repeat, at every level, go
//! into one [`TableSet`](crate::small_cells::TableSet) with the sums a
//! reader knows (survivors = repeat + not repeat; an area is its children
//! plus what was counted at it). The rate is shown only when both its
//! counts are.

use super::areas::AreaTree;
use super::period::Period;
use super::publication::{Published, Shape, Visibility, publish};
use super::repeat::is_repeat;
use crate::ids::AreaId;
use crate::incident::GbvType;
use crate::small_cells::Inconsistent;
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// One incident of a survivor, as repeat victimisation sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepeatIncident {
    pub on: NaiveDate,
    pub area: Option<AreaId>,
    pub gbv_type: GbvType,
    pub consent_to_statistics: bool,
    pub already_reported_elsewhere: bool,
}

impl RepeatIncident {
    /// The exclusion rule of the incident statistics.
    pub fn is_counted(&self) -> bool {
        self.consent_to_statistics
            && !self.already_reported_elsewhere
            && self.gbv_type != GbvType::NonGbv
    }
}

/// One figure of an area's repeat victimisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum RepeatCell {
    /// Survivors with a counted incident in the period (the denominator).
    Survivors,
    /// Of them, those whose incident came within 12 months after an
    /// earlier one (the numerator).
    Repeat,
    /// The others.
    NotRepeat,
}

/// The cells and the sum between them.
pub fn shape() -> Shape<RepeatCell> {
    Shape {
        keys: vec![
            RepeatCell::Survivors,
            RepeatCell::Repeat,
            RepeatCell::NotRepeat,
        ],
        sums: vec![(
            RepeatCell::Survivors,
            vec![RepeatCell::Repeat, RepeatCell::NotRepeat],
        )],
    }
}

/// Repeat victimisation in `period` for every area of `tree`. Each
/// survivor is given as her incidents (any order, any date; those before
/// the period are the earlier ones a repeat may follow).
pub fn repeat_statistics(
    tree: &AreaTree,
    period: Period,
    survivors: &[Vec<RepeatIncident>],
    visibility: Visibility,
) -> Result<Published<RepeatCell>, Inconsistent> {
    let mut direct: BTreeMap<(AreaId, RepeatCell), u32> = BTreeMap::new();
    for incidents in survivors {
        let mut counted: Vec<&RepeatIncident> =
            incidents.iter().filter(|i| i.is_counted()).collect();
        counted.sort_by_key(|i| i.on);
        let in_period: Vec<&&RepeatIncident> =
            counted.iter().filter(|i| period.contains(i.on)).collect();
        let Some(first) = in_period.first() else {
            continue;
        };
        let repeat = in_period.iter().any(|later| {
            counted
                .iter()
                .any(|earlier| is_repeat(earlier.on, later.on))
        });
        let area = tree.counted_in(first.area);
        let cell = if repeat {
            RepeatCell::Repeat
        } else {
            RepeatCell::NotRepeat
        };
        for c in [RepeatCell::Survivors, cell] {
            *direct.entry((area, c)).or_insert(0) += 1;
        }
    }
    publish(tree, &shape(), &direct, visibility)
}

#[cfg(test)]
mod tests {
    use super::super::areas::tests::{demo_tree, id};
    use super::*;
    use crate::small_cells::SmallCellPolicy;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn at(on: &str, area: u128) -> RepeatIncident {
        RepeatIncident {
            on: d(on),
            area: Some(id(area)),
            gbv_type: GbvType::PhysicalAssault,
            consent_to_statistics: true,
            already_reported_elsewhere: false,
        }
    }

    fn shown(p: &Published<RepeatCell>, area: u128, cell: RepeatCell) -> Option<u32> {
        p.get(id(area), cell).and_then(|f| f.shown())
    }

    #[test]
    fn repeats_by_hand_at_every_level() {
        let march = Period::parse("2026-03").unwrap();
        let survivors = vec![
            // District 4: 12 months to the day after 10 March 2025: repeat.
            vec![at("2025-03-10", 4), at("2026-03-10", 4)],
            // District 4: the day after the 12 months: not a repeat.
            vec![at("2025-03-10", 4), at("2026-03-11", 4)],
            // District 6: the earlier incident without consent does not
            // count, so hers is a first incident.
            vec![
                RepeatIncident {
                    consent_to_statistics: false,
                    ..at("2026-01-05", 6)
                },
                at("2026-03-01", 6),
            ],
            // District 6 then district 5 within the period: a repeat,
            // counted where the first incident of the period happened.
            vec![at("2026-03-02", 6), at("2026-03-20", 5)],
            // Nothing in March: in no figure.
            vec![at("2026-02-01", 4)],
        ];
        let p = repeat_statistics(&demo_tree(), march, &survivors, Visibility::Exact).unwrap();
        assert_eq!(shown(&p, 4, RepeatCell::Survivors), Some(2));
        assert_eq!(shown(&p, 4, RepeatCell::Repeat), Some(1));
        assert_eq!(shown(&p, 6, RepeatCell::Survivors), Some(2));
        assert_eq!(shown(&p, 6, RepeatCell::Repeat), Some(1));
        assert_eq!(shown(&p, 5, RepeatCell::Survivors), Some(0));
        assert_eq!(shown(&p, 1, RepeatCell::Survivors), Some(4));
        assert_eq!(shown(&p, 1, RepeatCell::Repeat), Some(2));
        assert_eq!(shown(&p, 1, RepeatCell::NotRepeat), Some(2));
    }

    #[test]
    fn a_small_repeat_count_hides_its_complement() {
        let march = Period::parse("2026-03").unwrap();
        // District 4: 3 repeats among 20 survivors; district 5: 30, none.
        let mut survivors = Vec::new();
        for n in 0..20 {
            let mut s = vec![at("2026-03-05", 4)];
            if n < 3 {
                s.push(at("2025-12-01", 4));
            }
            survivors.push(s);
        }
        for _ in 0..30 {
            survivors.push(vec![at("2026-03-05", 5)]);
        }
        let policy = SmallCellPolicy::new(5).unwrap();
        let p = repeat_statistics(
            &demo_tree(),
            march,
            &survivors,
            Visibility::Suppressed(policy),
        )
        .unwrap();
        assert_eq!(shown(&p, 4, RepeatCell::Repeat), None);
        let survivors_4 = shown(&p, 4, RepeatCell::Survivors);
        let not_4 = shown(&p, 4, RepeatCell::NotRepeat);
        assert!(survivors_4.zip(not_4).is_none(), "3 = 20 − 17");
    }
}
