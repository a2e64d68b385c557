//! Areas as statistics see them: national → region → district, each area
//! including the areas below it. Local areas are counted in their district
//! (statistics are never shown for a locality: the cells would all be
//! small), and a record without an area counts at the top of the tree.

use crate::area::AreaLevel;
use crate::ids::AreaId;
use std::collections::BTreeMap;

/// One area of the hierarchy, with what statistics need of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AreaNode {
    pub id: AreaId,
    pub parent: Option<AreaId>,
    pub level: AreaLevel,
    pub code: String,
    pub name: String,
    pub adult_female_population: Option<i64>,
}

/// The areas statistics are shown for, as a tree under one root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AreaTree {
    root: AreaId,
    nodes: BTreeMap<AreaId, AreaNode>,
    children: BTreeMap<AreaId, Vec<AreaId>>,
}

impl AreaTree {
    /// The tree of the areas given (any order). Its root is the first
    /// national area (by code), or the first area without a parent; `None`
    /// when there is no area at all. Areas outside the root's tree are
    /// left out.
    pub fn new(areas: Vec<AreaNode>) -> Option<AreaTree> {
        let mut areas = areas;
        areas.sort_by(|a, b| a.code.cmp(&b.code));
        let root = areas
            .iter()
            .find(|a| a.parent.is_none() && a.level == AreaLevel::National)
            .or_else(|| areas.iter().find(|a| a.parent.is_none()))?
            .id;
        let nodes: BTreeMap<AreaId, AreaNode> = areas.into_iter().map(|a| (a.id, a)).collect();
        let mut tree = AreaTree {
            root,
            nodes,
            children: BTreeMap::new(),
        };
        let ids: Vec<AreaId> = tree.nodes.values().map(|a| a.id).collect();
        for id in ids {
            let node = &tree.nodes[&id];
            if let Some(parent) = node.parent.filter(|_| tree.is_shown(id))
                && tree.nodes.contains_key(&parent)
                && tree.reaches_root(id)
            {
                tree.children.entry(parent).or_default().push(id);
            }
        }
        Some(tree)
    }

    /// Whether statistics are shown for this level (not for localities).
    fn is_shown(&self, id: AreaId) -> bool {
        self.nodes[&id].level <= AreaLevel::District
    }

    fn reaches_root(&self, id: AreaId) -> bool {
        self.ancestry(id).last() == Some(&self.root)
    }

    /// The area and its ancestors, nearest first (stops at a cycle or a
    /// missing parent).
    fn ancestry(&self, id: AreaId) -> Vec<AreaId> {
        let mut line = vec![id];
        let mut at = id;
        while let Some(parent) = self.nodes.get(&at).and_then(|n| n.parent) {
            if line.contains(&parent) || !self.nodes.contains_key(&parent) {
                break;
            }
            line.push(parent);
            at = parent;
        }
        line
    }

    pub fn root(&self) -> AreaId {
        self.root
    }

    pub fn get(&self, id: AreaId) -> Option<&AreaNode> {
        self.nodes.get(&id).filter(|_| self.contains(id))
    }

    /// Whether the area is shown in the tree.
    pub fn contains(&self, id: AreaId) -> bool {
        self.nodes.contains_key(&id) && self.is_shown(id) && self.reaches_root(id)
    }

    /// The areas directly below, by code.
    pub fn children(&self, id: AreaId) -> &[AreaId] {
        self.children.get(&id).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The area and every shown area below it, parents before children.
    pub fn subtree(&self, id: AreaId) -> Vec<AreaId> {
        let mut out = vec![id];
        let mut i = 0;
        while i < out.len() {
            out.extend_from_slice(self.children(out[i]));
            i += 1;
        }
        out
    }

    /// The area from the root down to `id` (for breadcrumbs).
    pub fn path(&self, id: AreaId) -> Vec<AreaId> {
        let mut line = self.ancestry(id);
        line.reverse();
        line
    }

    /// Of `areas` (a secretariat's bodies' areas), the shown ones that are
    /// not below another of them, parents first: the tops of what a reader
    /// limited to them may see. An area that is not shown (a locality, or
    /// outside the tree) grants nothing — never its district.
    pub fn tops_of(&self, areas: &[AreaId]) -> Vec<AreaId> {
        let shown: Vec<AreaId> = areas
            .iter()
            .copied()
            .filter(|a| self.contains(*a))
            .collect();
        self.subtree(self.root)
            .into_iter()
            .filter(|a| shown.contains(a))
            .filter(|a| {
                !self.ancestry(*a)[1..]
                    .iter()
                    .any(|above| shown.contains(above))
            })
            .collect()
    }

    /// Whether `id` is one of `tops` or below one of them.
    pub fn is_within(&self, tops: &[AreaId], id: AreaId) -> bool {
        self.contains(id) && self.ancestry(id).iter().any(|a| tops.contains(a))
    }

    /// Where a record of `area` is counted: the area itself, or for a
    /// locality its nearest shown ancestor; the root for a record without
    /// an area or of an area outside the tree.
    pub fn counted_in(&self, area: Option<AreaId>) -> AreaId {
        area.and_then(|a| self.ancestry(a).into_iter().find(|a| self.contains(*a)))
            .unwrap_or(self.root)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use uuid::Uuid;

    pub fn id(n: u128) -> AreaId {
        AreaId(Uuid::from_u128(n))
    }

    fn node(n: u128, parent: Option<u128>, level: AreaLevel, code: &str) -> AreaNode {
        AreaNode {
            id: id(n),
            parent: parent.map(id),
            level,
            code: code.into(),
            name: code.into(),
            adult_female_population: None,
        }
    }

    /// Nation 1; regions 2 (north) and 3 (south); districts 4, 5 in the
    /// north and 6, 7 in the south; locality 8 in district 4.
    pub fn demo_tree() -> AreaTree {
        use AreaLevel::*;
        AreaTree::new(vec![
            node(4, Some(2), District, "N-1"),
            node(1, None, National, "X"),
            node(2, Some(1), Region, "N"),
            node(3, Some(1), Region, "S"),
            node(5, Some(2), District, "N-2"),
            node(6, Some(3), District, "S-1"),
            node(7, Some(3), District, "S-2"),
            node(8, Some(4), Local, "N-1-a"),
        ])
        .unwrap()
    }

    #[test]
    fn an_area_includes_the_areas_below_it() {
        let t = demo_tree();
        assert_eq!(t.root(), id(1));
        assert_eq!(t.children(id(1)), [id(2), id(3)]);
        assert_eq!(t.subtree(id(2)), [id(2), id(4), id(5)]);
        assert_eq!(t.subtree(id(1)).len(), 7);
        assert_eq!(t.path(id(5)), [id(1), id(2), id(5)]);
    }

    #[test]
    fn a_locality_counts_in_its_district_and_no_area_at_the_top() {
        let t = demo_tree();
        assert_eq!(t.counted_in(Some(id(8))), id(4));
        assert_eq!(t.counted_in(Some(id(3))), id(3));
        assert_eq!(t.counted_in(None), id(1));
        assert_eq!(t.counted_in(Some(id(99))), id(1));
        assert!(!t.contains(id(8)));
        assert!(t.get(id(8)).is_none());
    }

    #[test]
    fn a_reader_limited_to_some_areas_sees_them_and_below_never_above_or_beside() {
        let t = demo_tree();
        // A regional body and a district body below it: the region is the top.
        assert_eq!(t.tops_of(&[id(5), id(2)]), [id(2)]);
        assert!(t.is_within(&[id(2)], id(2)));
        assert!(t.is_within(&[id(2)], id(4)));
        assert!(!t.is_within(&[id(2)], id(1)), "not the nation above");
        assert!(
            !t.is_within(&[id(2)], id(6)),
            "not the other region's district"
        );
        // Two districts in different regions: both tops, nothing above.
        assert_eq!(t.tops_of(&[id(6), id(4)]), [id(4), id(6)]);
        assert!(!t.is_within(&[id(4), id(6)], id(2)));
        // A locality body grants nothing, not even its district.
        assert!(t.tops_of(&[id(8)]).is_empty());
        assert!(t.tops_of(&[id(99)]).is_empty());
        assert!(!t.is_within(&[], id(1)));
        // The nation: everything.
        assert!(
            t.subtree(id(1))
                .iter()
                .all(|a| t.is_within(&t.tops_of(&[id(1)]), *a))
        );
    }

    #[test]
    fn no_areas_no_tree() {
        assert!(AreaTree::new(vec![]).is_none());
    }
}
