//! The risk-conference quarterly dataset as published tables: the rows the
//! dataset already suppresses as one table set
//! ([`QuarterlyDataset::published_rows`]), laid out as one table per
//! indicator, the referrals broken down by the referring agency's sector
//! when the release asks for it.

use super::indicator_set::Breakdown;
use super::table::{Cell, PublishedTable, SUPPRESSED, TOTAL, TableRow};
use crate::risk::dataset::QuarterlyDataset;
use crate::small_cells::{Inconsistent, SmallCellPolicy};

/// Code, measure in the dataset's rows, unit, title, definition.
const INDICATORS: [(&str, &str, &str, &str, &str); 10] = [
    (
        "marac_cases_discussed",
        "cases_discussed",
        "count",
        "Cases discussed",
        "Cases discussed at the risk conferences' meetings closed in the period, in the area and the areas below it.",
    ),
    (
        "marac_repeat_cases",
        "repeat_cases",
        "count",
        "Repeat cases",
        "Cases discussed that were repeats: referred again within the conference's repeat window of an earlier referral.",
    ),
    (
        "marac_repeat_rate",
        "repeat_rate_percent",
        "percent",
        "Repeat rate (%)",
        "Repeat cases as a percentage of the cases discussed.",
    ),
    (
        "marac_children_in_households",
        "children_in_households",
        "count",
        "Children in the households",
        "Children living in the households of the cases discussed, as recorded on referral.",
    ),
    (
        "marac_referrals",
        "referrals",
        "count",
        "Referrals received",
        "Referrals to the risk conferences made in the period (transfers between conferences excluded); broken down by the sector of the referring agency when the release asks for it.",
    ),
    (
        "marac_not_from_police",
        "not_from_police_percent",
        "percent",
        "Referrals not from the police (%)",
        "Referrals made by agencies of any sector but the police, as a percentage of all referrals received.",
    ),
    (
        "marac_not_female",
        "not_female_percent",
        "percent",
        "Cases of survivors who are not women (%)",
        "Cases discussed whose survivor is recorded as other than female, as a percentage of the cases discussed.",
    ),
    (
        "marac_with_disability",
        "with_disability_percent",
        "percent",
        "Cases of survivors with a disability (%)",
        "Cases discussed whose survivor has a recorded disability, as a percentage of the cases discussed.",
    ),
    (
        "marac_under_18",
        "under_18_percent",
        "percent",
        "Cases of survivors under 18 (%)",
        "Cases discussed whose survivor was under 18 when referred, as a percentage of the cases discussed.",
    ),
    (
        "marac_displaced",
        "displaced_percent",
        "percent",
        "Cases of displaced survivors (%)",
        "Cases discussed whose survivor is displaced (not a resident), as a percentage of the cases discussed.",
    ),
];

const SECTOR_PREFIX: &str = "referrals_from_";

fn cell(unit: &str, value: &str) -> Cell {
    if value == SUPPRESSED {
        Cell::Suppressed
    } else if value.is_empty() {
        Cell::Empty
    } else if unit == "percent" {
        Cell::Percent(value.to_string())
    } else {
        value.parse().map(Cell::Count).unwrap_or(Cell::Suppressed)
    }
}

/// The published tables of a (rolled-up) dataset under the policy.
pub fn tables(
    dataset: &QuarterlyDataset,
    policy: SmallCellPolicy,
    breakdowns: &[Breakdown],
) -> Result<Vec<PublishedTable>, Inconsistent> {
    let rows = dataset.published_rows(policy)?;
    let value_of = |measure: &str| {
        rows.iter()
            .find(|(m, _)| m == measure)
            .map(|(_, v)| v.as_str())
            .unwrap_or(SUPPRESSED)
    };
    let by_sector = breakdowns.contains(&Breakdown::ReferringSector);
    Ok(INDICATORS
        .iter()
        .map(|(code, measure, unit, title, definition)| {
            let mut table_rows = vec![TableRow {
                category: TOTAL.to_string(),
                cell: cell(unit, value_of(measure)),
            }];
            let broken_down = by_sector && *measure == "referrals";
            if broken_down {
                table_rows.extend(rows.iter().filter_map(|(m, v)| {
                    m.strip_prefix(SECTOR_PREFIX).map(|sector| TableRow {
                        category: sector.to_string(),
                        cell: cell(unit, v),
                    })
                }));
            }
            PublishedTable {
                code: code.to_string(),
                title: title.to_string(),
                definition: definition.to_string(),
                unit: unit.to_string(),
                breakdown: broken_down.then(|| Breakdown::ReferringSector.as_str().to_string()),
                rows: table_rows,
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agency::Sector;
    use crate::risk::dataset::quarterly_dataset;

    fn policy() -> SmallCellPolicy {
        SmallCellPolicy::new(10).unwrap()
    }

    #[test]
    fn small_sectors_are_suppressed_and_the_breakdown_is_only_there_when_asked() {
        // 26 referrals: police 10, health 4, shelter 12.
        let mut sectors = vec![Sector::Police; 10];
        sectors.extend([Sector::Health; 4]);
        sectors.extend([Sector::ShelterWomensNgo; 12]);
        let dataset = quarterly_dataset(&[], &sectors);
        let with = tables(&dataset, policy(), &[Breakdown::ReferringSector]).unwrap();
        let referrals = with.iter().find(|t| t.code == "marac_referrals").unwrap();
        assert_eq!(referrals.rows[0].cell, Cell::Count(26));
        assert_eq!(referrals.rows.len(), 1 + Sector::ALL.len());
        let health = referrals
            .rows
            .iter()
            .find(|r| r.category == "health")
            .unwrap();
        assert_eq!(health.cell, Cell::Suppressed);
        // No published count is a small one.
        for table in &with {
            for row in &table.rows {
                if let Cell::Count(n) = row.cell {
                    assert!(n == 0 || n >= 10, "{} {} = {n}", table.code, row.category);
                }
            }
        }
        let without = tables(&dataset, policy(), &[]).unwrap();
        let referrals = without
            .iter()
            .find(|t| t.code == "marac_referrals")
            .unwrap();
        assert_eq!(referrals.rows.len(), 1);
        assert_eq!(referrals.breakdown, None);
        assert_eq!(without.len(), INDICATORS.len());
    }

    #[test]
    fn a_percentage_of_nothing_is_empty() {
        let dataset = quarterly_dataset(&[], &[]);
        let t = tables(&dataset, policy(), &[]).unwrap();
        let rate = t.iter().find(|t| t.code == "marac_repeat_rate").unwrap();
        assert!(matches!(rate.rows[0].cell, Cell::Empty | Cell::Suppressed));
    }
}
