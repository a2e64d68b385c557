//! Figures for every shown area of a tree, rolled up from the areas below,
//! published exactly (an agency's own figures) or with small-cell
//! suppression decided **once for everything published together**: every
//! level (nation, regions, districts) and every breakdown of the period go
//! into one [`TableSet`], with the sums a reader knows — an area's figure is
//! its children's plus what was recorded at the area itself; a breakdown's
//! categories add up to the area's total — so a hidden district cell cannot
//! be worked out from its siblings and the regional total, nor from another
//! breakdown. Every page of the period is cut from that one decision.

use super::areas::AreaTree;
use crate::ids::AreaId;
use crate::small_cells::{Inconsistent, SmallCellPolicy, TableSet};
use std::collections::BTreeMap;
use std::fmt::Debug;

/// A figure as a reader sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Figure {
    Shown(u32),
    /// Hidden by small-cell suppression: never says why (see
    /// [`crate::small_cells`]).
    Suppressed,
}

impl Figure {
    pub fn shown(self) -> Option<u32> {
        match self {
            Figure::Shown(n) => Some(n),
            Figure::Suppressed => None,
        }
    }
}

/// Who the figures are for: the agency that holds the records sees them
/// exactly; everyone else sees them suppressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Visibility {
    Exact,
    Suppressed(SmallCellPolicy),
}

/// Which figure of an area: the area's own figure for a key, or the part
/// of it recorded at the area itself rather than in an area below it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Place {
    /// Everything in the area and below.
    Area,
    /// Recorded at the area itself, in no area below it (only for areas
    /// with areas below).
    AtThisLevel,
}

/// The shape of a set of figures: every key counted per area, and which
/// keys add up to which (`total = parts`) within one area.
pub struct Shape<K> {
    pub keys: Vec<K>,
    pub sums: Vec<(K, Vec<K>)>,
}

/// The published figures of a tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Published<K: Ord> {
    figures: BTreeMap<(AreaId, Place, K), Figure>,
}

impl<K: Ord + Copy> Published<K> {
    /// The figure of an area (and everything below it).
    pub fn get(&self, area: AreaId, key: K) -> Option<Figure> {
        self.figures.get(&(area, Place::Area, key)).copied()
    }

    /// What was recorded at the area itself (`None` for an area with no
    /// area below it, or outside the tree).
    pub fn at_this_level(&self, area: AreaId, key: K) -> Option<Figure> {
        self.figures.get(&(area, Place::AtThisLevel, key)).copied()
    }

    /// Every figure published, with its place.
    pub fn iter(&self) -> impl Iterator<Item = (AreaId, Place, K, Figure)> + '_ {
        self.figures.iter().map(|((a, p, k), f)| (*a, *p, *k, *f))
    }
}

/// Rolls `direct` (counts placed in shown areas of the tree) up the tree
/// and publishes every area's figures for every key of `shape`.
pub fn publish<K: Ord + Copy + Debug>(
    tree: &AreaTree,
    shape: &Shape<K>,
    direct: &BTreeMap<(AreaId, K), u32>,
    visibility: Visibility,
) -> Result<Published<K>, Inconsistent> {
    let areas = tree.subtree(tree.root());
    let mut rolled: BTreeMap<(AreaId, K), u32> = BTreeMap::new();
    for area in areas.iter().rev() {
        for key in &shape.keys {
            let below: u32 = tree
                .children(*area)
                .iter()
                .map(|c| rolled[&(*c, *key)])
                .sum();
            let here = direct.get(&(*area, *key)).copied().unwrap_or(0);
            rolled.insert((*area, *key), here + below);
        }
    }
    let mut set = TableSet::new();
    let mut ids = BTreeMap::new();
    for area in &areas {
        let places: &[Place] = if tree.children(*area).is_empty() {
            &[Place::Area]
        } else {
            &[Place::Area, Place::AtThisLevel]
        };
        for place in places {
            for key in &shape.keys {
                let value = match place {
                    Place::Area => rolled[&(*area, *key)],
                    Place::AtThisLevel => direct.get(&(*area, *key)).copied().unwrap_or(0),
                };
                let name = format!("{area} {place:?} {key:?}");
                ids.insert((*area, *place, *key), set.count(name, value));
            }
            for (total, parts) in &shape.sums {
                let parts: Vec<_> = parts.iter().map(|k| ids[&(*area, *place, *k)]).collect();
                set.sum(ids[&(*area, *place, *total)], &parts);
            }
        }
    }
    for area in &areas {
        if !tree.children(*area).is_empty() {
            for key in &shape.keys {
                let mut parts: Vec<_> = tree
                    .children(*area)
                    .iter()
                    .map(|c| ids[&(*c, Place::Area, *key)])
                    .collect();
                parts.push(ids[&(*area, Place::AtThisLevel, *key)]);
                set.sum(ids[&(*area, Place::Area, *key)], &parts);
            }
        }
    }
    let figures = match visibility {
        Visibility::Exact => ids
            .into_iter()
            .map(|(k, id)| (k, Figure::Shown(set.value(id))))
            .collect(),
        Visibility::Suppressed(policy) => {
            let decided = policy.suppress(&set)?;
            ids.into_iter()
                .map(|(k, id)| {
                    let figure = decided.value(id).map_or(Figure::Suppressed, Figure::Shown);
                    (k, figure)
                })
                .collect()
        }
    };
    Ok(Published { figures })
}

#[cfg(test)]
mod tests {
    use super::super::areas::tests::{demo_tree, id};
    use super::*;

    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
    enum K {
        All,
        A,
        B,
    }

    fn shape() -> Shape<K> {
        Shape {
            keys: vec![K::All, K::A, K::B],
            sums: vec![(K::All, vec![K::A, K::B])],
        }
    }

    fn direct(rows: &[(u128, K, u32)]) -> BTreeMap<(AreaId, K), u32> {
        let mut m = BTreeMap::new();
        for (a, k, n) in rows {
            *m.entry((id(*a), *k)).or_insert(0) += n;
        }
        m
    }

    #[test]
    fn an_area_is_the_sum_of_its_districts_and_what_was_recorded_at_it() {
        // District 4: 3 A + 2 B; district 5: 10 A; region 2 itself: 1 B.
        let d = direct(&[
            (4, K::All, 5),
            (4, K::A, 3),
            (4, K::B, 2),
            (5, K::All, 10),
            (5, K::A, 10),
            (2, K::All, 1),
            (2, K::B, 1),
        ]);
        let p = publish(&demo_tree(), &shape(), &d, Visibility::Exact).unwrap();
        assert_eq!(p.get(id(2), K::All), Some(Figure::Shown(16)));
        assert_eq!(p.get(id(2), K::B), Some(Figure::Shown(3)));
        assert_eq!(p.at_this_level(id(2), K::B), Some(Figure::Shown(1)));
        assert_eq!(p.get(id(1), K::A), Some(Figure::Shown(13)));
        assert_eq!(p.get(id(3), K::All), Some(Figure::Shown(0)));
        assert_eq!(p.at_this_level(id(4), K::All), None);
    }

    #[test]
    fn a_small_district_cell_is_hidden_and_cannot_be_had_from_the_region() {
        // District 4 has 3 A; with district 5's 20 A and the region's 23 A
        // both shown, 3 would be 23 − 20: a complement must go too.
        let d = direct(&[
            (4, K::All, 20),
            (4, K::A, 3),
            (4, K::B, 17),
            (5, K::All, 40),
            (5, K::A, 20),
            (5, K::B, 20),
        ]);
        let policy = SmallCellPolicy::new(5).unwrap();
        let p = publish(&demo_tree(), &shape(), &d, Visibility::Suppressed(policy)).unwrap();
        assert_eq!(p.get(id(4), K::A), Some(Figure::Suppressed));
        let region = p.get(id(2), K::A).and_then(Figure::shown);
        let sibling = p.get(id(5), K::A).and_then(Figure::shown);
        let own_b = p.get(id(4), K::B).and_then(Figure::shown);
        let own_total = p.get(id(4), K::All).and_then(Figure::shown);
        assert!(
            region.zip(sibling).is_none() || p.at_this_level(id(2), K::A) != Some(Figure::Shown(0)),
            "region and sibling both shown with nothing at region level"
        );
        assert!(
            own_b.zip(own_total).is_none(),
            "the district's B and total both shown"
        );
        // The nation's figures are large and stay.
        assert_eq!(p.get(id(1), K::All), Some(Figure::Shown(60)));
    }
}
