//! What statistics read: incidents counted per combination of the
//! attributes statistics break down by. No id, reference or name leaves
//! here; the grouping is done by the database, backed by the index on the
//! date first reported (migration 0014).

use crate::areas_and_agencies::all_areas;
use crate::sql::*;
use chrono::NaiveDate;
use concord_domain::ids::{AgencyId, AreaId};
use concord_domain::statistics::IncidentGroup;
use concord_store::{AreaRow, StoreResult};
use uuid::Uuid;

const GROUPED: &str = "i.area_id, i.date_first_reported, i.gbv_type, i.survivor_age_group,
     s.sex_gender, i.perpetrator_relationship, i.context_flags, i.forms_of_violence,
     i.reporting_delay,
     i.consent_to_statistics, i.already_reported_elsewhere";

fn group_from(row: &Row) -> StoreResult<IncidentGroup> {
    let count: i64 = get(row, "n")?;
    Ok(IncidentGroup {
        area: get::<Option<Uuid>>(row, "area_id")?.map(AreaId),
        first_reported_on: get(row, "date_first_reported")?,
        gbv_type: get_parsed(row, "gbv_type")?,
        survivor_age_group: get_parsed_opt(row, "survivor_age_group")?,
        survivor_sex: get_parsed(row, "sex_gender")?,
        perpetrator_relationship: get_parsed(row, "perpetrator_relationship")?,
        context_flags: get_labels(row, "context_flags")?,
        forms_of_violence: get_labels_opt(row, "forms_of_violence")?,
        reporting_delay: get_parsed(row, "reporting_delay")?,
        consent_to_statistics: get(row, "consent_to_statistics")?,
        already_reported_elsewhere: get(row, "already_reported_elsewhere")?,
        count: u32::try_from(count).map_err(|_| corrupt(format!("{count} incidents")))?,
    })
}

pub async fn incident_groups(
    pool: &dyn Database,
    from: NaiveDate,
    until: NaiveDate,
    agency: Option<AgencyId>,
) -> StoreResult<Vec<IncidentGroup>> {
    let mut q = QueryBuilder::new(format!(
        "SELECT {GROUPED}, COUNT(*) AS n
         FROM incidents i
         JOIN cases c ON c.id = i.case_id
         JOIN survivors s ON s.id = c.survivor_id
         WHERE i.date_first_reported >= "
    ));
    q.push_bind(from)
        .push(" AND i.date_first_reported < ")
        .push_bind(until);
    if let Some(agency) = agency {
        q.push(" AND c.owning_agency = ").push_bind(agency.0);
    }
    q.push(format!(" GROUP BY {GROUPED} ORDER BY {GROUPED}"));
    let rows = q.build().fetch_all(pool).await.map_err(db)?;
    rows.iter().map(group_from).collect()
}

pub async fn statistics_areas(pool: &dyn Database) -> StoreResult<Vec<AreaRow>> {
    let mut tx = read_tx(pool).await?;
    let mut areas = all_areas(&mut *tx).await?;
    tx.commit().await.map_err(db)?;
    areas.sort_by(|a, b| a.code.as_bytes().cmp(b.code.as_bytes()));
    Ok(areas)
}
