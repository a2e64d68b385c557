//! What statistics read besides the incident counts (`incident_counts`):
//! the areas they roll up by. No id, reference or name of a person leaves
//! here.

use crate::areas_and_agencies::all_areas;
use crate::sql::*;
use chrono::{DateTime, NaiveDate, Utc};
use concord_domain::agency::Sector;
use concord_domain::ids::{AgencyId, AreaId};
use concord_domain::referral::{ReferralState, Urgency};
use concord_domain::statistics::{ReferralJourney, RepeatIncident};
use concord_store::{AreaRow, StoreResult};
use uuid::Uuid;

/// One row per step of each referral sent in the range (a referral
/// without steps has one row with no step); its id only groups the rows
/// here and is dropped before anything leaves.
const JOURNEY_ROWS: &str = "SELECT r.id, r.sent_at, r.due_at, r.urgency, a.sector,
        (SELECT i.area_id FROM incidents i
          WHERE i.case_id = r.case_id AND i.area_id IS NOT NULL
          ORDER BY i.date_first_reported, i.id LIMIT 1) AS area_id,
        st.to_state, st.at
   FROM referrals r
   JOIN agencies a ON a.id = r.receiving_agency
   LEFT JOIN referral_steps st ON st.referral_id = r.id
  WHERE r.sent_at >= ";

pub async fn referral_journeys(
    pool: &dyn Database,
    from: DateTime<Utc>,
    until: DateTime<Utc>,
    agency: Option<AgencyId>,
) -> StoreResult<Vec<ReferralJourney>> {
    let mut q = QueryBuilder::new(JOURNEY_ROWS);
    q.push_bind(from).push(" AND r.sent_at < ").push_bind(until);
    if let Some(agency) = agency {
        q.push(" AND r.sending_agency = ").push_bind(agency.0);
    }
    q.push(" ORDER BY r.sent_at, r.id, st.at, st.id");
    let rows = q.build().fetch_all(pool).await.map_err(db)?;
    let mut journeys: Vec<ReferralJourney> = Vec::new();
    let mut last: Option<Uuid> = None;
    for row in &rows {
        let id: Uuid = get(row, "id")?;
        if last != Some(id) {
            last = Some(id);
            journeys.push(journey_from(row)?);
        }
        let step: Option<ReferralState> = get_parsed_opt(row, "to_state")?;
        let at: Option<DateTime<Utc>> = get(row, "at")?;
        if let (Some(step), Some(at), Some(j)) = (step, at, journeys.last_mut())
            && !j.reached.iter().any(|(s, _)| *s == step)
        {
            j.reached.push((step, at));
        }
    }
    Ok(journeys)
}

fn journey_from(row: &Row) -> StoreResult<ReferralJourney> {
    let sent_at: Option<DateTime<Utc>> = get(row, "sent_at")?;
    let urgency: Urgency = get_parsed(row, "urgency")?;
    let receiving_sector: Sector = get_parsed(row, "sector")?;
    Ok(ReferralJourney {
        sent_at: sent_at.ok_or_else(|| corrupt("a sent referral without sent_at".to_string()))?,
        urgency,
        due_at: get(row, "due_at")?,
        reached: Vec::new(),
        receiving_sector,
        area: get::<Option<Uuid>>(row, "area_id")?.map(AreaId),
    })
}

pub async fn repeat_incidents(
    pool: &dyn Database,
    earliest: NaiveDate,
    from: NaiveDate,
    until: NaiveDate,
    agency: Option<AgencyId>,
) -> StoreResult<Vec<Vec<RepeatIncident>>> {
    let mut q = QueryBuilder::new(
        "SELECT c.survivor_id, i.incident_date, i.area_id, i.gbv_type,
                i.consent_to_statistics, i.already_reported_elsewhere
           FROM incidents i
           JOIN cases c ON c.id = i.case_id
          WHERE c.survivor_id IN (
                SELECT c2.survivor_id FROM incidents i2 JOIN cases c2 ON c2.id = i2.case_id
                 WHERE i2.incident_date >= ",
    );
    q.push_bind(from)
        .push(" AND i2.incident_date < ")
        .push_bind(until);
    q.push(") AND i.incident_date >= ")
        .push_bind(earliest)
        .push(" AND i.incident_date < ")
        .push_bind(until);
    if let Some(agency) = agency {
        q.push(" AND c.owning_agency = ").push_bind(agency.0);
    }
    q.push(" ORDER BY c.survivor_id, i.incident_date, i.id");
    let rows = q.build().fetch_all(pool).await.map_err(db)?;
    let mut survivors: Vec<Vec<RepeatIncident>> = Vec::new();
    let mut last: Option<Uuid> = None;
    for row in &rows {
        let survivor: Uuid = get(row, "survivor_id")?;
        if last != Some(survivor) {
            last = Some(survivor);
            survivors.push(Vec::new());
        }
        if let Some(incidents) = survivors.last_mut() {
            incidents.push(RepeatIncident {
                on: get(row, "incident_date")?,
                area: get::<Option<Uuid>>(row, "area_id")?.map(AreaId),
                gbv_type: get_parsed(row, "gbv_type")?,
                consent_to_statistics: get(row, "consent_to_statistics")?,
                already_reported_elsewhere: get(row, "already_reported_elsewhere")?,
            });
        }
    }
    Ok(survivors)
}

pub async fn statistics_areas(pool: &dyn Database) -> StoreResult<Vec<AreaRow>> {
    let mut tx = read_tx(pool).await?;
    let mut areas = all_areas(&mut *tx).await?;
    tx.commit().await.map_err(db)?;
    areas.sort_by(|a, b| a.code.as_bytes().cmp(b.code.as_bytes()));
    Ok(areas)
}
