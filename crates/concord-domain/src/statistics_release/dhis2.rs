//! A published release as a DHIS2 `dataValueSets` JSON payload, for import
//! with `idScheme=CODE`: the org unit is the area's code, each data element
//! an indicator code, a broken-down row's category option combo the
//! category's code (a total row leaves it out: DHIS2's default combo), the
//! period in DHIS2 notation (`202611`, `2026Q4`, `2026`). Suppressed cells
//! and percentages of nothing are left out: DHIS2 has no "suppressed", and
//! a zero would be a lie.

use super::canonical::PublishedRelease;
use super::period::ReleasePeriod;
use serde_json::{Value, json};

/// `None` when the release's period is not one Concord writes.
pub fn data_value_set(release: &PublishedRelease) -> Option<Value> {
    let period = ReleasePeriod::parse("period", &release.period)
        .ok()?
        .dhis2();
    let complete_date = release.published_at.get(..10).unwrap_or_default();
    let mut values = Vec::new();
    for table in &release.tables {
        for row in &table.rows {
            let Some(value) = row.cell.figure() else {
                continue;
            };
            let mut data_value = json!({
                "dataElement": table.code,
                "period": period,
                "orgUnit": release.area_code,
                "value": value,
            });
            if row.category != super::table::TOTAL {
                data_value["categoryOptionCombo"] = json!(row.category);
            }
            values.push(data_value);
        }
    }
    Some(json!({
        "period": period,
        "orgUnit": release.area_code,
        "completeDate": complete_date,
        "dataValues": values,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::statistics_release::canonical::tests::sample;

    #[test]
    fn periods_org_units_and_combos_and_no_suppressed_value() {
        let set = data_value_set(&sample()).unwrap();
        assert_eq!(set["period"], "2026Q1");
        assert_eq!(set["orgUnit"], "KV-N-LAK");
        assert_eq!(set["completeDate"], "2026-04-02");
        let values = set["dataValues"].as_array().unwrap();
        assert_eq!(
            values.len(),
            1,
            "the suppressed police row is left out: {set}"
        );
        assert_eq!(values[0]["dataElement"], "marac_referrals");
        assert_eq!(values[0]["value"], "26");
        assert!(values[0].get("categoryOptionCombo").is_none());
    }
}
