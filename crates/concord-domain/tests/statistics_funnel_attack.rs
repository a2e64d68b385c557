//! The reader of a published referral funnel tries to work out hidden
//! figures from everything published with it — every level (nation,
//! regions, districts, what was counted at an area itself), every step,
//! sector and urgency — using only what is public: the figures shown and
//! the structure of the tables (an area is its children plus what was
//! counted at it; a step is the sum of its sectors; the referrals sent are
//! those with a target, per urgency, plus those without). The sums are
//! written here from that public structure, not taken from the module.

#[path = "attacker/mod.rs"]
mod attacker;

use attacker::{Publication, Reader};
use chrono::{Duration, TimeZone, Utc};
use concord_domain::agency::Sector;
use concord_domain::area::AreaLevel;
use concord_domain::ids::AreaId;
use concord_domain::referral::{ReferralState, Urgency};
use concord_domain::small_cells::SmallCellPolicy;
use concord_domain::statistics::funnel::STEPS;
use concord_domain::statistics::publication::Place;
use concord_domain::statistics::{
    AreaNode, AreaTree, FunnelCell, Period, ReferralJourney, Visibility, funnel_statistics,
};
use proptest::prelude::*;
use std::collections::BTreeMap;
use uuid::Uuid;

fn id(n: u128) -> AreaId {
    AreaId(Uuid::from_u128(n))
}

/// Nation 1; regions 2, 3; districts 4, 5 (in 2) and 6, 7 (in 3).
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
    ])
    .unwrap()
}

/// Where a referral got to, as the steps it reached in order.
const PATHS: &[&[ReferralState]] = {
    use ReferralState::*;
    &[
        &[],
        &[Acknowledged],
        &[Acknowledged, Accepted],
        &[Acknowledged, Declined],
        &[
            Acknowledged,
            Accepted,
            FirstContact,
            ServiceDelivered,
            Closed,
        ],
        &[Withdrawn],
        &[Expired],
    ]
};

/// `count` alike referrals.
fn referrals() -> impl Strategy<Value = Vec<ReferralJourney>> {
    (
        prop::sample::select(vec![None, Some(2u128), Some(4), Some(5), Some(6), Some(7)]),
        0usize..PATHS.len(),
        0usize..3,
        0usize..3,
        0i64..60,
        prop::sample::select(vec![1usize, 1, 2, 3, 4, 6, 9, 12]),
    )
        .prop_map(|(area, path, sector, urgency, hours, count)| {
            let sent = Utc.with_ymd_and_hms(2026, 3, 2, 8, 0, 0).unwrap();
            let journey = ReferralJourney {
                sent_at: sent,
                urgency: Urgency::ALL[urgency],
                due_at: (hours % 5 != 0).then(|| sent + Duration::hours(24)),
                reached: PATHS[path]
                    .iter()
                    .enumerate()
                    .map(|(i, s)| (*s, sent + Duration::hours(hours + i as i64)))
                    .collect(),
                receiving_sector: [Sector::Health, Sector::Police, Sector::LegalAid][sector],
                area: area.map(id),
            };
            vec![journey; count]
        })
}

/// Everything a reader sees, with the sums written from the public shape.
fn publication(
    shown: &BTreeMap<(AreaId, Place, FunnelCell), Option<u32>>,
    tree: &AreaTree,
    sectors: &[Sector],
) -> (Publication, BTreeMap<(AreaId, Place, FunnelCell), usize>) {
    let index: BTreeMap<_, usize> = shown.keys().enumerate().map(|(i, k)| (*k, i)).collect();
    let mut sums = Vec::new();
    let places: Vec<(AreaId, Place)> = shown
        .keys()
        .filter(|(_, _, c)| *c == FunnelCell::WithoutTarget)
        .map(|(a, p, _)| (*a, *p))
        .collect();
    for (area, place) in &places {
        let f = |c| index[&(*area, *place, c)];
        for step in STEPS {
            let parts = sectors
                .iter()
                .map(|s| f(FunnelCell::StepBySector(step, *s)))
                .collect();
            sums.push((f(FunnelCell::Step(step)), parts));
        }
        let mut sent = vec![f(FunnelCell::WithoutTarget)];
        sent.extend(Urgency::ALL.iter().map(|u| f(FunnelCell::WithTarget(*u))));
        sums.push((f(FunnelCell::Step(ReferralState::Sent)), sent));
    }
    let cells: Vec<FunnelCell> = shown
        .keys()
        .filter(|(a, p, _)| *a == tree.root() && *p == Place::Area)
        .map(|(_, _, c)| *c)
        .collect();
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

    /// No hidden small count of a month's referral funnel, at any level,
    /// step, sector or urgency, can be worked out or narrowed below the
    /// threshold from everything published with it; and no median is
    /// published beside a hidden or empty count.
    #[test]
    fn no_hidden_funnel_cell_can_be_worked_out(
        batches in prop::collection::vec(referrals(), 1..14),
        threshold in prop::sample::select(vec![5u32, 10]),
    ) {
        let journeys: Vec<ReferralJourney> = batches.into_iter().flatten().collect();
        let tree = tree();
        let period = Period::parse("2026-03").unwrap();
        let tz = chrono_tz::UTC;
        let policy = SmallCellPolicy::new(threshold).unwrap();
        let exact = funnel_statistics(&tree, period, tz, &journeys, Visibility::Exact).unwrap();
        let published = funnel_statistics(
            &tree, period, tz, &journeys, Visibility::Suppressed(policy),
        ).unwrap();
        let truth: BTreeMap<_, u32> = exact
            .figures
            .iter()
            .map(|(a, p, c, f)| ((a, p, c), f.shown().unwrap()))
            .collect();
        let shown: BTreeMap<_, Option<u32>> =
            published.figures.iter().map(|(a, p, c, f)| ((a, p, c), f.shown())).collect();
        prop_assert_eq!(truth.len(), shown.len());
        let (publication, index) = publication(&shown, &tree, &published.sectors);
        let reader = Reader::new(&publication, threshold);
        let exact_values: Vec<u32> = truth.values().copied().collect();
        prop_assert!(reader.admits(&exact_values), "the truth is consistent with what is shown");
        for (key, value) in &truth {
            let (area, place, cell) = *key;
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
            if place == Place::Area && published.median(area, cell).is_some() {
                prop_assert!(shown[key].is_some_and(|v| v > 0), "median beside {:?}", key);
            }
        }
    }
}
