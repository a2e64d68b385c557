//! The reader of published incident statistics tries to work out hidden
//! figures from everything published together — every level (nation,
//! regions, districts, what was recorded at a region itself) and every
//! breakdown and month of the period — using only what is public: the
//! figures shown and the structure of the tables (an area is its children
//! plus what was recorded at it; a breakdown adds up to the total; the
//! months add up to the period). The sums are written here from that
//! public structure, not taken from the module under test, so a sum the
//! module forgot to declare is one the attacker still uses.

#[path = "attacker/mod.rs"]
mod attacker;

use attacker::{Publication, Reader};
use chrono::NaiveDate;
use concord_domain::area::AreaLevel;
use concord_domain::ids::AreaId;
use concord_domain::incident::{
    AgeGroup, ContextFlag, FormOfViolence, GbvType, PerpetratorRelationship, ReportingDelay,
};
use concord_domain::label::Label;
use concord_domain::small_cells::SmallCellPolicy;
use concord_domain::statistics::publication::Place;
use concord_domain::statistics::{
    AreaNode, AreaTree, IncidentBreakdown, IncidentCell, IncidentGroup, Period, Visibility,
    incident_statistics,
};
use concord_domain::survivor::SexGender;
use proptest::prelude::*;
use std::collections::BTreeMap;
use uuid::Uuid;

fn id(n: u128) -> AreaId {
    AreaId(Uuid::from_u128(n))
}

/// Nation 1; regions 2, 3; districts 4, 5 (in 2) and 6, 7 (in 3);
/// locality 8 in district 4.
fn tree() -> AreaTree {
    let node = |n, parent: Option<u128>, level, code: &str| AreaNode {
        id: id(n),
        parent: parent.map(id),
        level,
        code: code.into(),
        name: code.into(),
        adult_female_population: None,
    };
    use AreaLevel::*;
    AreaTree::new(vec![
        node(1, None, National, "X"),
        node(2, Some(1), Region, "N"),
        node(3, Some(1), Region, "S"),
        node(4, Some(2), District, "N-1"),
        node(5, Some(2), District, "N-2"),
        node(6, Some(3), District, "S-1"),
        node(7, Some(3), District, "S-2"),
        node(8, Some(4), Local, "N-1-a"),
    ])
    .unwrap()
}

fn pick<T: Label>(raw: usize) -> T {
    T::all()[raw % T::all().len()]
}

fn group() -> impl Strategy<Value = IncidentGroup> {
    (
        prop::sample::select(vec![
            None,
            Some(2u128),
            Some(3),
            Some(4),
            Some(5),
            Some(6),
            Some(7),
            Some(8),
        ]),
        0u32..90,
        prop::collection::vec(0usize..64, 6),
        prop::sample::select(vec![1u32, 1, 2, 3, 4, 6, 9, 12, 20]),
    )
        .prop_map(|(area, day, raw, count)| IncidentGroup {
            area: area.map(id),
            first_reported_on: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()
                + chrono::Days::new(u64::from(day)),
            gbv_type: GbvType::ALL[raw[0] % 6],
            survivor_age_group: (raw[1] % 4 != 3).then(|| pick::<AgeGroup>(raw[1])),
            survivor_sex: pick::<SexGender>(raw[2] % 3),
            perpetrator_relationship: pick::<PerpetratorRelationship>(raw[3] % 4),
            context_flags: if raw[4] % 3 == 0 {
                vec![]
            } else {
                vec![pick::<ContextFlag>(raw[4])]
            },
            forms_of_violence: (raw[4] % 4 != 0).then(|| vec![pick::<FormOfViolence>(raw[4])]),
            reporting_delay: pick::<ReportingDelay>(raw[5]),
            consent_to_statistics: true,
            already_reported_elsewhere: false,
            count,
        })
}

/// Everything a reader sees, with the sums written from the public shape.
fn publication(
    shown: &BTreeMap<(AreaId, Place, IncidentCell), Option<u32>>,
    tree: &AreaTree,
    period: Period,
) -> (Publication, BTreeMap<(AreaId, Place, IncidentCell), usize>) {
    let index: BTreeMap<_, usize> = shown.keys().enumerate().map(|(i, k)| (*k, i)).collect();
    let mut sums = Vec::new();
    let cells: Vec<IncidentCell> = shown
        .keys()
        .filter(|(a, p, _)| *a == tree.root() && *p == Place::Area)
        .map(|(_, _, c)| *c)
        .collect();
    for (area, place, _) in shown.keys().filter(|(_, _, c)| *c == IncidentCell::Total) {
        let f = |c| index[&(*area, *place, c)];
        for b in IncidentBreakdown::ALL.into_iter().filter(|b| b.adds_up()) {
            let parts = b
                .categories()
                .into_iter()
                .map(|c| f(IncidentCell::Category(b, c)))
                .collect();
            sums.push((f(IncidentCell::Total), parts));
        }
        let months = period
            .months()
            .into_iter()
            .map(|m| f(IncidentCell::Month(m)))
            .collect();
        sums.push((f(IncidentCell::Total), months));
    }
    for area in tree.subtree(tree.root()) {
        if tree.children(area).is_empty() {
            continue;
        }
        for cell in &cells {
            let mut parts: Vec<usize> = tree
                .children(area)
                .iter()
                .map(|c| index[&(*c, Place::Area, *cell)])
                .collect();
            parts.push(index[&(area, Place::AtThisLevel, *cell)]);
            sums.push((index[&(area, Place::Area, *cell)], parts));
        }
    }
    let figures = shown.values().copied().collect();
    (
        Publication {
            figures,
            sums,
            shares: vec![],
        },
        index,
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 8, ..ProptestConfig::default() })]

    /// No hidden small count of a quarter's incident statistics, at any
    /// level or in any breakdown, can be worked out or narrowed below the
    /// threshold from everything published with it.
    #[test]
    fn no_hidden_district_cell_can_be_worked_out(
        groups in prop::collection::vec(group(), 1..24),
        threshold in prop::sample::select(vec![5u32, 10]),
    ) {
        let tree = tree();
        let period = Period::parse("2026-Q1").unwrap();
        let policy = SmallCellPolicy::new(threshold).unwrap();
        let exact = incident_statistics(&tree, period, &groups, Visibility::Exact).unwrap();
        let published =
            incident_statistics(&tree, period, &groups, Visibility::Suppressed(policy)).unwrap();
        let truth: BTreeMap<_, u32> =
            exact.iter().map(|(a, p, c, f)| ((a, p, c), f.shown().unwrap())).collect();
        let shown: BTreeMap<_, Option<u32>> =
            published.iter().map(|(a, p, c, f)| ((a, p, c), f.shown())).collect();
        prop_assert_eq!(truth.len(), shown.len());
        let (publication, index) = publication(&shown, &tree, period);
        let reader = Reader::new(&publication, threshold);
        let exact_values: Vec<u32> = truth.values().copied().collect();
        prop_assert!(reader.admits(&exact_values), "the truth is consistent with what is shown");
        for (key, value) in &truth {
            match shown[key] {
                Some(v) => {
                    prop_assert_eq!(v, *value);
                    prop_assert!(v == 0 || v >= threshold, "{:?} = {} shown", key, v);
                }
                None if *value > 0 && *value < threshold => prop_assert!(
                    reader.can_reach(index[key], threshold),
                    "{:?} = {} narrowed to {:?}", key, value, reader.interval(index[key])
                ),
                None => {}
            }
        }
    }
}
