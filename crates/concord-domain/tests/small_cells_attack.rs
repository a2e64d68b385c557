//! Small-cell suppression attacked: a reader with everything published
//! together (figures, sums, shares as printed; counts are whole and never
//! negative) tries to work out each hidden small count. The rule
//! (`concord_domain::small_cells`): no count from 1 to threshold − 1 is
//! published, and every hidden one can still be the threshold or more in
//! some table that agrees with everything published.

mod attacker;

use attacker::{Publication, Reader};
use concord_domain::agency::Sector;
use concord_domain::incident::AgeGroup;
use concord_domain::risk::dataset::{DiscussedCase, quarterly_dataset};
use concord_domain::small_cells::{FigureId, Reason, SmallCellPolicy, Suppression, TableSet};
use concord_domain::survivor::{Displacement, SexGender};
use proptest::prelude::*;

fn policy(threshold: u32) -> SmallCellPolicy {
    SmallCellPolicy::new(threshold).unwrap()
}

/// Everything the rule promises about one suppression, checked by the
/// attacker. Returns the reader for further questions.
fn assert_safe(s: &Suppression) -> Reader {
    let set = s.set();
    let t = s.threshold();
    let exact: Vec<u32> = set.ids().map(|f| set.value(f)).collect();
    let publication = Publication::of(s);
    let reader = Reader::new(&publication, t);
    assert!(
        reader.admits(&exact),
        "the attacker must never rule the truth out"
    );
    for f in set.ids() {
        let name = set.name(f);
        let value = set.value(f);
        match s.value(f) {
            Some(shown) => {
                assert_eq!(shown, value, "{name}: published as it is");
                assert!(
                    value == 0 || value >= t,
                    "{name} = {value} is published below the threshold {t}"
                );
            }
            None => {
                let reason = s.reason(f).expect("every hidden figure says why");
                if value > 0 && value < t {
                    assert!(
                        reader.can_reach(f.index(), t),
                        "{name} = {value} is hidden but a reader narrows it to {:?} (threshold {t}); published: {publication:?}",
                        reader.interval(f.index())
                    );
                }
                match reason {
                    Reason::Small => assert!(value > 0 && value < t, "{name}"),
                    Reason::EmptyBesideSmall { beside } => {
                        assert_eq!(value, 0, "{name}");
                        assert_eq!(s.reason(*beside), Some(&Reason::Small));
                    }
                    Reason::Complement { protects } => {
                        assert_eq!(s.reason(*protects), Some(&Reason::Small), "{name}");
                    }
                }
            }
        }
    }
    // A zero is not shown in a sum with a hidden small count.
    for sum in set.sums() {
        if sum.figures().any(|f| s.reason(f) == Some(&Reason::Small)) {
            for f in sum.figures() {
                assert!(
                    set.value(f) != 0 || s.value(f).is_none(),
                    "{} is a zero shown beside a small count",
                    set.name(f)
                );
            }
        }
    }
    reader
}

/// A breakdown of one population: `cells` and their total.
fn breakdown(cells: &[u32]) -> (TableSet, FigureId, Vec<FigureId>) {
    let mut set = TableSet::new();
    let total = set.count("total", cells.iter().sum());
    let ids: Vec<FigureId> = cells
        .iter()
        .enumerate()
        .map(|(i, v)| set.count(format!("cell{i}"), *v))
        .collect();
    set.sum(total, &ids);
    (set, total, ids)
}

// ---------------------------------------------------------------- the attacker

/// The attacker has teeth: given what the old CSV published, it finds the
/// hidden cells the outside test found.
#[test]
fn the_attacker_recovers_what_the_old_csv_gave_away() {
    // Police 10, health 4, shelter 12: police and health hidden, the total
    // and the share not from the police (61.5 %) published.
    let publication = Publication {
        // total, police, health, shelter, not from police
        figures: vec![Some(26), None, None, Some(12), None],
        sums: vec![(0, vec![1, 2, 3]), (4, vec![2, 3])],
        shares: vec![(4, 0, Some("61.5".into()))],
    };
    let reader = Reader::new(&publication, 10);
    assert_eq!(reader.interval(1), (10, Some(10)), "police");
    assert_eq!(reader.interval(2), (4, Some(4)), "health");
    assert!(!reader.can_reach(2, 10));
    // Five referrals, all from health: the one hidden row is the total.
    let publication = Publication {
        figures: vec![Some(5), Some(0), None, Some(0)],
        sums: vec![(0, vec![1, 2, 3])],
        shares: vec![],
    };
    assert_eq!(Reader::new(&publication, 10).interval(2), (5, Some(5)));
    // Two hidden cells that add up to 5 are each narrowed below 10.
    let publication = Publication {
        figures: vec![Some(45), Some(40), None, None],
        sums: vec![(0, vec![1, 2, 3])],
        shares: vec![],
    };
    assert_eq!(Reader::new(&publication, 10).interval(2), (0, Some(5)));
    // With nothing published about it, a figure is unbounded.
    let publication = Publication {
        figures: vec![None, None],
        sums: vec![(0, vec![1])],
        shares: vec![],
    };
    assert_eq!(Reader::new(&publication, 10).interval(1), (0, None));
}

// ------------------------------------------------------- hand-worked examples

/// The outside test's example through the module: nothing published gives
/// health back, and police is either published as it is (10 is not small)
/// or not determined.
#[test]
fn police_10_health_4_shelter_12() {
    let mut set = TableSet::new();
    let total = set.count("referrals", 26);
    let police = set.count("police", 10);
    let health = set.count("health", 4);
    let shelter = set.count("shelter", 12);
    let others: Vec<FigureId> = (0..3).map(|i| set.count(format!("other{i}"), 0)).collect();
    let not_police = set.count("not_police", 16);
    let mut sectors = vec![police, health, shelter];
    sectors.extend(&others);
    set.sum(total, &sectors);
    let mut rest = vec![health, shelter];
    rest.extend(&others);
    set.sum(not_police, &rest);
    set.sum(total, &[police, not_police]);
    let share = set.share("not_police_percent", not_police, total);
    let s = policy(10).suppress(&set).unwrap();
    let reader = assert_safe(&s);
    assert_eq!(s.value(health), None);
    let (_, highest) = reader.interval(health.index());
    assert!(highest.is_none_or(|h| h >= 10), "{highest:?}");
    if s.value(police).is_none() {
        let (lo, hi) = reader.interval(police.index());
        assert!(hi != Some(lo), "police is not determined");
    }
    if s.share(share).is_some() {
        assert!(s.value(not_police).is_some() && s.value(total).is_some());
    }
    for zero in others {
        assert_eq!(s.value(zero), None, "zeros beside the small count");
    }
}

#[test]
fn five_from_one_sector_hide_their_total() {
    let (set, total, cells) = breakdown(&[0, 5, 0]);
    let s = policy(10).suppress(&set).unwrap();
    assert_safe(&s);
    assert_eq!(s.value(cells[1]), None);
    assert_eq!(s.value(total), None, "the total is the sector");
    assert_eq!(s.value(cells[0]), None, "and the zeros say so");
    // At threshold 5, five is publishable, and so is everything else.
    let s = policy(5).suppress(&set).unwrap();
    assert_safe(&s);
    assert!(set.ids().all(|f| s.value(f).is_some()));
}

/// A cell at threshold − 1, threshold and threshold + 1 beside a large one.
#[test]
fn the_threshold_itself_is_published() {
    for t in [5, 10, 12] {
        let (set, total, cells) = breakdown(&[t - 1, 40]);
        let s = policy(t).suppress(&set).unwrap();
        let reader = assert_safe(&s);
        assert_eq!(s.value(cells[0]), None, "{} < {t}", t - 1);
        assert_eq!(s.value(cells[1]), None, "its only complement");
        assert_eq!(s.value(total), Some(t + 39), "the total stays");
        assert_eq!(reader.interval(cells[0].index()), (0, Some(t + 39)));
        for v in [t, t + 1] {
            let (set, _, _) = breakdown(&[v, 40]);
            let s = policy(t).suppress(&set).unwrap();
            assert!(
                set.ids().all(|f| s.value(f).is_some()),
                "{v} is not small at {t}"
            );
        }
    }
}

#[test]
fn zeros_are_published_unless_beside_a_small_count() {
    let (set, _, cells) = breakdown(&[0, 40, 25]);
    let s = policy(10).suppress(&set).unwrap();
    assert_safe(&s);
    assert_eq!(s.value(cells[0]), Some(0), "nobody, beside large counts");
    let (set, total, cells) = breakdown(&[0, 3, 40]);
    let s = policy(10).suppress(&set).unwrap();
    assert_safe(&s);
    assert_eq!(s.value(cells[0]), None);
    assert_eq!(s.value(total), Some(43));
    // All zero: nothing to hide.
    let (set, _, _) = breakdown(&[0, 0]);
    let s = policy(10).suppress(&set).unwrap();
    assert!(set.ids().all(|f| s.value(f) == Some(0)));
}

#[test]
fn all_cells_small() {
    // Together at least the threshold: the total can stay.
    let (set, total, cells) = breakdown(&[3, 4, 5]);
    let s = policy(10).suppress(&set).unwrap();
    assert_safe(&s);
    assert!(cells.iter().all(|c| s.value(*c).is_none()));
    assert_eq!(s.value(total), Some(12));
    // Together below it: the total is a small count itself.
    let (set, total, _) = breakdown(&[3, 4, 2]);
    let s = policy(10).suppress(&set).unwrap();
    assert_safe(&s);
    assert_eq!(s.reason(total), Some(&Reason::Small));
}

/// Two hidden small cells whose sum is small protect neither: a third goes.
#[test]
fn hidden_cells_that_add_up_to_a_small_count_take_a_third() {
    let (set, total, cells) = breakdown(&[40, 3, 2]);
    let s = policy(10).suppress(&set).unwrap();
    let reader = assert_safe(&s);
    assert_eq!(s.value(cells[0]), None);
    assert_eq!(s.value(total), Some(45));
    assert_eq!(reader.interval(cells[1].index()), (0, Some(45)));
}

/// Two breakdowns of the same population share its total: hiding the total
/// for one exposes nothing of the other.
#[test]
fn several_breakdowns_of_one_population() {
    let mut set = TableSet::new();
    let total = set.count("cases", 30);
    let female = set.count("female", 27);
    let not_female = set.count("not_female", 3);
    set.sum(total, &[female, not_female]);
    let disabled = set.count("disabled", 12);
    let not_disabled = set.count("not_disabled", 18);
    set.sum(total, &[disabled, not_disabled]);
    let share = set.share("not_female_percent", not_female, total);
    let s = policy(10).suppress(&set).unwrap();
    assert_safe(&s);
    assert_eq!(s.value(not_female), None);
    assert_eq!(s.share(share), None, "its part is hidden");
    assert_eq!(s.value(total), Some(30), "a cell is the cheaper complement");
    assert_eq!(s.value(disabled), Some(12));
}

/// Districts and their region: a hidden district cell cannot be worked out
/// from the region's figures and the other districts.
#[test]
fn levels_district_and_region() {
    let mut set = TableSet::new();
    // rows: districts A, B; columns: police, other.
    let values = [[20, 4], [30, 25]];
    let cells: Vec<Vec<FigureId>> = values
        .iter()
        .enumerate()
        .map(|(d, row)| {
            row.iter()
                .enumerate()
                .map(|(c, v)| set.count(format!("d{d}c{c}"), *v))
                .collect()
        })
        .collect();
    let district_totals: Vec<FigureId> = values
        .iter()
        .enumerate()
        .map(|(d, row)| set.count(format!("d{d}"), row.iter().sum()))
        .collect();
    let region_cells: Vec<FigureId> = (0..2)
        .map(|c| set.count(format!("c{c}"), values[0][c] + values[1][c]))
        .collect();
    let region = set.count("region", 79);
    for d in 0..2 {
        set.sum(district_totals[d], &cells[d]);
    }
    for c in 0..2 {
        set.sum(region_cells[c], &[cells[0][c], cells[1][c]]);
    }
    set.sum(region, &district_totals);
    set.sum(region, &region_cells);
    let s = policy(10).suppress(&set).unwrap();
    assert_safe(&s);
    assert_eq!(s.value(cells[0][1]), None);
    assert_eq!(s.value(region), Some(79));
}

#[test]
fn the_same_set_gives_the_same_result() {
    let mut set = TableSet::new();
    let total = set.count("total", 60);
    let cells: Vec<FigureId> = [3, 12, 12, 12, 21]
        .iter()
        .enumerate()
        .map(|(i, v)| set.count(format!("c{i}"), *v))
        .collect();
    set.sum(total, &cells);
    let first = policy(10).suppress(&set).unwrap();
    for _ in 0..3 {
        assert_eq!(policy(10).suppress(&set.clone()).unwrap(), first);
    }
    assert_safe(&first);
    assert_eq!(
        cells.iter().filter(|c| first.value(**c).is_none()).count(),
        2,
        "one complement is enough here"
    );
}

// ------------------------------------------------------------ property tests

/// A generated population: people with a district and a category in each
/// breakdown, tabulated at district and region level with totals, a
/// subtotal and shares.
#[derive(Debug, Clone)]
struct Population {
    districts: usize,
    categories: Vec<usize>,
    people: Vec<Person>,
    subtotal: bool,
    shares: Vec<bool>,
}

/// A district and a category in each breakdown.
type Person = (usize, Vec<usize>);

/// Skewed towards the last categories, so that small cells and zeros are
/// common beside large ones.
fn pick(raw: u32, n: usize) -> usize {
    let r = raw as usize % (n * n);
    (r as f64).sqrt() as usize
}

fn population() -> impl Strategy<Value = Population> {
    (1usize..=3, prop::collection::vec(2usize..=4, 1..=2))
        .prop_flat_map(|(districts, categories)| {
            let width = categories.len();
            (
                Just(districts),
                Just(categories),
                prop::collection::vec(
                    (0u32..1000, prop::collection::vec(0u32..1000, width)),
                    0..70,
                ),
                any::<bool>(),
                prop::collection::vec(any::<bool>(), width),
            )
        })
        .prop_map(|(districts, categories, raw, subtotal, shares)| {
            let people = raw
                .into_iter()
                .map(|(d, cats)| {
                    (
                        pick(d, districts),
                        cats.iter()
                            .zip(&categories)
                            .map(|(r, n)| pick(*r, *n))
                            .collect(),
                    )
                })
                .collect();
            Population {
                districts,
                categories,
                people,
                subtotal,
                shares,
            }
        })
}

fn table_set(p: &Population) -> TableSet {
    let mut set = TableSet::new();
    let count = |f: &dyn Fn(&Person) -> bool| p.people.iter().filter(|x| f(x)).count() as u32;
    let region = set.count("region", p.people.len() as u32);
    let mut districts = Vec::new();
    if p.districts > 1 {
        for d in 0..p.districts {
            districts.push(set.count(format!("d{d}"), count(&|x| x.0 == d)));
        }
        set.sum(region, &districts);
    }
    for (b, n) in p.categories.iter().enumerate() {
        let mut cells = Vec::new();
        let mut by_district = vec![Vec::new(); p.districts];
        for c in 0..*n {
            let cell = set.count(format!("b{b}c{c}"), count(&|x| x.1[b] == c));
            if p.districts > 1 {
                let parts: Vec<FigureId> = (0..p.districts)
                    .map(|d| {
                        set.count(format!("d{d}b{b}c{c}"), count(&|x| x.0 == d && x.1[b] == c))
                    })
                    .collect();
                set.sum(cell, &parts);
                for (d, part) in parts.into_iter().enumerate() {
                    by_district[d].push(part);
                }
            }
            cells.push(cell);
        }
        set.sum(region, &cells);
        if p.districts > 1 {
            for (district, parts) in districts.iter().zip(&by_district) {
                set.sum(*district, parts);
            }
        }
        if b == 0 && p.subtotal && *n >= 3 {
            let rest = set.count("b0rest", count(&|x| x.1[0] != 0));
            set.sum(rest, &cells[1..]);
            set.sum(region, &[cells[0], rest]);
            set.share("b0rest_share", rest, region);
        }
        if p.shares[b] {
            set.share(format!("b{b}c0_share"), cells[0], region);
            if let (Some(d0), Some(cell)) = (districts.first(), by_district[0].first()) {
                set.share(format!("d0b{b}c0_share"), *cell, *d0);
            }
        }
    }
    set
}

fn discussed() -> impl Strategy<Value = DiscussedCase> {
    (
        prop::sample::select(vec![false, false, false, true]),
        0u32..4,
        prop::sample::select(vec![
            SexGender::Female,
            SexGender::Female,
            SexGender::Female,
            SexGender::Male,
        ]),
        prop::sample::select(vec![false, false, true]),
        prop::sample::select(vec![
            Some(AgeGroup::Age18Plus),
            Some(AgeGroup::Age18Plus),
            Some(AgeGroup::Age12To17),
            None,
        ]),
        prop::sample::select(vec![
            Displacement::Resident,
            Displacement::Resident,
            Displacement::Refugee,
        ]),
    )
        .prop_map(
            |(repeat, children, sex_gender, disability, age_group, displacement)| DiscussedCase {
                repeat,
                children_in_household: children,
                sex_gender,
                disability,
                age_group,
                displacement,
            },
        )
}

fn sectors() -> impl Strategy<Value = Vec<Sector>> {
    prop::collection::vec(
        prop::sample::select(vec![
            Sector::Police,
            Sector::Police,
            Sector::Police,
            Sector::Health,
            Sector::ShelterWomensNgo,
            Sector::SocialServices,
            Sector::Housing,
        ]),
        0..60,
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    /// Random populations at one or more levels, with several breakdowns,
    /// a subtotal and shares: no hidden small count is determined or
    /// narrowed below the threshold.
    #[test]
    fn no_hidden_small_count_can_be_worked_out(
        p in population(),
        threshold in prop::sample::select(vec![5u32, 7, 10]),
    ) {
        let set = table_set(&p);
        let s = policy(threshold).suppress(&set).unwrap();
        assert_safe(&s);
        prop_assert_eq!(&policy(threshold).suppress(&set).unwrap(), &s, "deterministic");
    }

    /// The conference dataset as the CSV publishes it.
    #[test]
    fn the_conference_dataset_gives_no_hidden_count_away(
        cases in prop::collection::vec(discussed(), 0..40),
        referrals in sectors(),
        threshold in prop::sample::select(vec![5u32, 10]),
    ) {
        let dataset = quarterly_dataset(&cases, &referrals);
        let s = dataset.suppression(policy(threshold)).unwrap();
        assert_safe(&s);
    }
}
