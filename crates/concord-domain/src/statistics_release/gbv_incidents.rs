//! The GBVIMS incident statistics as published tables: the figures of one
//! area cut from the one suppression decision the Statistics area makes for
//! combined agencies ([`incident_statistics`] over every level and every
//! breakdown of the period at once), never suppressed again per table. A
//! table of the total (`gbv_incidents`), then one per breakdown asked for
//! (`gbv_incidents_by_<breakdown>`, a row per category): a DHIS2 data
//! element has one category combination, so each breakdown is its own.
//!
//! [`incident_statistics`]: crate::statistics::incident_statistics

use super::period::ReleasePeriod;
use super::table::{Cell, PublishedTable, TOTAL, TableRow};
use crate::ids::AreaId;
use crate::statistics::{
    AreaTree, Figure, IncidentBreakdown, IncidentCell, IncidentGroup, Period, Published,
};

/// The indicator's code: the table of the total.
pub const CODE: &str = "gbv_incidents";

const TITLE: &str = "Incidents of gender-based violence";

const DEFINITION: &str = "Incidents of one of the six GBVIMS types (rape, sexual assault, physical assault, forced marriage, denial of resources, psychological abuse) first reported in the period (local date), in the area or an area below it. Excluded: incidents without the survivor's consent to statistics, incidents already reported elsewhere (so one incident is not counted twice across agencies), incidents that are not gender-based violence.";

/// The statistics period of a release period (the same month, quarter or
/// year).
pub fn statistics_period(period: ReleasePeriod) -> Period {
    match period {
        ReleasePeriod::Month { year, month } => Period::Month { year, month },
        ReleasePeriod::Quarter { year, quarter } => Period::Quarter { year, quarter },
        ReleasePeriod::Year { year } => Period::Year { year },
    }
}

/// The code of a breakdown's table.
pub fn breakdown_code(breakdown: IncidentBreakdown) -> String {
    format!("{CODE}_by_{}", breakdown.as_str())
}

fn cell(figure: Option<Figure>) -> Cell {
    match figure {
        Some(Figure::Shown(n)) => Cell::Count(u64::from(n)),
        // A figure the tree does not hold is not published.
        Some(Figure::Suppressed) | None => Cell::Suppressed,
    }
}

/// The tables of `area` from the period's published figures.
pub fn tables(
    figures: &Published<IncidentCell>,
    area: AreaId,
    breakdowns: &[IncidentBreakdown],
) -> Vec<PublishedTable> {
    let total = PublishedTable {
        code: CODE.to_string(),
        title: TITLE.to_string(),
        definition: DEFINITION.to_string(),
        unit: "count".to_string(),
        breakdown: None,
        rows: vec![TableRow {
            category: TOTAL.to_string(),
            cell: cell(figures.get(area, IncidentCell::Total)),
        }],
    };
    let by = breakdowns.iter().map(|b| PublishedTable {
        code: breakdown_code(*b),
        title: format!("{TITLE}, by {}", b.as_str().replace('_', " ")),
        definition: if b.adds_up() {
            format!("{DEFINITION} Each incident is in one category.")
        } else {
            format!("{DEFINITION} Several categories may apply to one incident: they do not add up to the total.")
        },
        unit: "count".to_string(),
        breakdown: Some(b.as_str().to_string()),
        rows: b
            .categories()
            .into_iter()
            .map(|c| TableRow {
                category: c.to_string(),
                cell: cell(figures.get(area, IncidentCell::Category(*b, c))),
            })
            .collect(),
    });
    std::iter::once(total).chain(by).collect()
}

/// Whether an agency's incident groups feed a release of `area` for the
/// period: at least one counted incident of the period is counted in the
/// area or an area below it.
pub fn feeds(tree: &AreaTree, period: Period, area: AreaId, groups: &[IncidentGroup]) -> bool {
    let within = tree.subtree(area);
    groups.iter().any(|g| {
        g.is_counted()
            && g.count > 0
            && period.contains(g.first_reported_on)
            && within.contains(&tree.counted_in(g.area))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::incident::{
        AgeGroup, ContextFlag, GbvType, PerpetratorRelationship, ReportingDelay,
    };
    use crate::small_cells::SmallCellPolicy;
    use crate::statistics::areas::tests::{demo_tree, id};
    use crate::statistics::{Visibility, incident_statistics};
    use crate::survivor::SexGender;

    fn group(area: u128, gbv_type: GbvType, count: u32) -> IncidentGroup {
        IncidentGroup {
            area: Some(id(area)),
            first_reported_on: "2026-02-10".parse().unwrap(),
            gbv_type,
            survivor_age_group: Some(AgeGroup::Age18Plus),
            survivor_sex: SexGender::Female,
            perpetrator_relationship: PerpetratorRelationship::IntimatePartner,
            context_flags: vec![ContextFlag::IntimatePartnerViolence],
            forms_of_violence: None,
            reporting_delay: ReportingDelay::Days0To3,
            consent_to_statistics: true,
            already_reported_elsewhere: false,
            count,
        }
    }

    /// District 4: 20 physical assaults and 3 rapes (a small cell);
    /// district 5: 30 physical assaults; south: nothing.
    fn groups() -> Vec<IncidentGroup> {
        vec![
            group(4, GbvType::PhysicalAssault, 20),
            group(4, GbvType::Rape, 3),
            group(5, GbvType::PhysicalAssault, 30),
        ]
    }

    fn published() -> Published<IncidentCell> {
        let policy = SmallCellPolicy::new(5).unwrap();
        let period = Period::parse("2026-Q1").unwrap();
        incident_statistics(
            &demo_tree(),
            period,
            &groups(),
            Visibility::Suppressed(policy),
        )
        .unwrap()
    }

    #[test]
    fn every_figure_and_every_suppression_is_kept() {
        let figures = published();
        for area in [1, 2, 4, 5] {
            let t = tables(&figures, id(area), &IncidentBreakdown::ALL);
            assert_eq!(t.len(), 1 + IncidentBreakdown::ALL.len());
            assert_eq!(t[0].code, "gbv_incidents");
            assert_eq!(t[0].rows[0].category, TOTAL);
            assert_eq!(
                t[0].rows[0].cell,
                cell(figures.get(id(area), IncidentCell::Total))
            );
            for (table, b) in t[1..].iter().zip(IncidentBreakdown::ALL) {
                assert_eq!(table.code, format!("gbv_incidents_by_{}", b.as_str()));
                assert_eq!(table.breakdown.as_deref(), Some(b.as_str()));
                assert_eq!(table.rows.len(), b.categories().len());
                for (row, category) in table.rows.iter().zip(b.categories()) {
                    assert_eq!(row.category, category);
                    let figure = figures
                        .get(id(area), IncidentCell::Category(b, category))
                        .unwrap();
                    match figure {
                        Figure::Shown(n) => assert_eq!(row.cell, Cell::Count(u64::from(n))),
                        Figure::Suppressed => assert_eq!(row.cell, Cell::Suppressed),
                    }
                }
            }
        }
    }

    #[test]
    fn the_small_district_cell_stays_suppressed_and_no_small_count_is_published() {
        let figures = published();
        let district = tables(&figures, id(4), &[IncidentBreakdown::GbvType]);
        let rape = district[1]
            .rows
            .iter()
            .find(|r| r.category == "rape")
            .unwrap();
        assert_eq!(rape.cell, Cell::Suppressed);
        let nation = tables(&figures, id(1), &[]);
        assert_eq!(
            nation.len(),
            1,
            "the total only, when no breakdown is asked"
        );
        // Nothing small is published anywhere.
        for area in [1, 2, 3, 4, 5, 6, 7] {
            for table in tables(&figures, id(area), &IncidentBreakdown::ALL) {
                for row in &table.rows {
                    if let Cell::Count(n) = row.cell {
                        assert!(n == 0 || n >= 5, "{} {} = {n}", table.code, row.category);
                    }
                }
            }
        }
    }

    #[test]
    fn an_area_outside_the_tree_publishes_nothing() {
        let t = tables(&published(), id(8), &[IncidentBreakdown::Sex]);
        assert!(
            t.iter()
                .all(|t| t.rows.iter().all(|r| r.cell == Cell::Suppressed))
        );
    }

    #[test]
    fn an_agency_feeds_a_release_only_with_counted_incidents_of_the_period_in_the_area() {
        let tree = demo_tree();
        let q1 = Period::parse("2026-Q1").unwrap();
        let in_4 = [group(4, GbvType::Rape, 1)];
        assert!(feeds(&tree, q1, id(4), &in_4));
        assert!(feeds(&tree, q1, id(1), &in_4));
        assert!(!feeds(&tree, q1, id(5), &in_4));
        assert!(!feeds(
            &tree,
            Period::parse("2026-Q2").unwrap(),
            id(4),
            &in_4
        ));
        let locality = [group(8, GbvType::Rape, 1)];
        assert!(feeds(&tree, q1, id(4), &locality));
        let not_counted = [
            IncidentGroup {
                consent_to_statistics: false,
                ..group(4, GbvType::Rape, 1)
            },
            IncidentGroup {
                already_reported_elsewhere: true,
                ..group(4, GbvType::Rape, 1)
            },
            group(4, GbvType::NonGbv, 1),
        ];
        assert!(!feeds(&tree, q1, id(4), &not_counted));
    }

    #[test]
    fn release_periods_are_the_same_statistics_periods() {
        for text in ["2026-11", "2026-Q4", "2026"] {
            let release = ReleasePeriod::parse("period", text).unwrap();
            assert_eq!(statistics_period(release), Period::parse(text).unwrap());
        }
    }
}
