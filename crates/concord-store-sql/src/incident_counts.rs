//! The summary incident statistics read (migration 0028): incidents counted
//! per owning agency, month first reported and every attribute statistics
//! break down by. Kept in step by the writes that change a count, in their
//! own transaction: recording an incident adds it, changing a survivor
//! moves her incidents from the old cells to the new, purging a survivor
//! removes hers. A dashboard reads a period's monthly cells, never the
//! case tables, so its cost follows the number of distinct cells, not the
//! number of cases. [`recount`] reads the raw rows the same way, so a test
//! (and anyone in doubt) can check the summary against them.

use crate::sql::*;
use chrono::{Datelike, NaiveDate};
use concord_domain::ids::{AgencyId, AreaId, IncidentId, SurvivorId};
use concord_domain::statistics::{IncidentGroup, Period};
use concord_store::StoreResult;
use std::collections::BTreeMap;
use uuid::Uuid;

/// The incidents whose counts a write changes.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Scope {
    Incident(IncidentId),
    Survivor(SurvivorId),
    All,
}

/// One cell of the summary: its primary key. "No area" is the nil UUID and
/// "age unknown" the empty text, as in the table.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Cell {
    month: NaiveDate,
    agency: Uuid,
    area: Uuid,
    gbv_type: String,
    age_group: String,
    sex: String,
    relationship: String,
    context: Vec<String>,
    /// `false` for incidents from before forms of violence were recorded.
    forms_recorded: bool,
    forms: Vec<String>,
    delay: String,
    consent: bool,
    elsewhere: bool,
}

type Cells = BTreeMap<Cell, i64>;

const RAW_KEY: &str = "c.owning_agency, i.area_id, i.date_first_reported, i.gbv_type,
     i.survivor_age_group, s.sex_gender, i.perpetrator_relationship, i.context_flags,
     i.forms_of_violence, i.reporting_delay, i.consent_to_statistics, i.already_reported_elsewhere";

const SUMMARY_KEY: &str = "month, owning_agency, area_id, gbv_type, survivor_age_group,
     sex_gender, perpetrator_relationship, context_flags, forms_recorded, forms_of_violence,
     reporting_delay, consent_to_statistics, already_reported_elsewhere";

fn first_of_month(day: NaiveDate) -> NaiveDate {
    day.with_day(1).unwrap_or(day)
}

fn raw_cell(row: &Row) -> StoreResult<Cell> {
    let forms: Option<Vec<String>> = get(row, "forms_of_violence")?;
    Ok(Cell {
        month: first_of_month(get(row, "date_first_reported")?),
        agency: get(row, "owning_agency")?,
        area: get::<Option<Uuid>>(row, "area_id")?.unwrap_or(Uuid::nil()),
        gbv_type: get(row, "gbv_type")?,
        age_group: get::<Option<String>>(row, "survivor_age_group")?.unwrap_or_default(),
        sex: get(row, "sex_gender")?,
        relationship: get(row, "perpetrator_relationship")?,
        context: get(row, "context_flags")?,
        forms_recorded: forms.is_some(),
        forms: forms.unwrap_or_default(),
        delay: get(row, "reporting_delay")?,
        consent: get(row, "consent_to_statistics")?,
        elsewhere: get(row, "already_reported_elsewhere")?,
    })
}

fn summary_cell(row: &Row) -> StoreResult<Cell> {
    Ok(Cell {
        month: get(row, "month")?,
        agency: Uuid::nil(),
        area: get(row, "area_id")?,
        gbv_type: get(row, "gbv_type")?,
        age_group: get(row, "survivor_age_group")?,
        sex: get(row, "sex_gender")?,
        relationship: get(row, "perpetrator_relationship")?,
        context: get(row, "context_flags")?,
        forms_recorded: get(row, "forms_recorded")?,
        forms: get(row, "forms_of_violence")?,
        delay: get(row, "reporting_delay")?,
        consent: get(row, "consent_to_statistics")?,
        elsewhere: get(row, "already_reported_elsewhere")?,
    })
}

fn count(row: &Row) -> StoreResult<i64> {
    get(row, "n")
}

/// The raw incidents of `scope`, counted per cell (by the database per
/// day, then per month here: month arithmetic differs between engines).
async fn raw_cells(conn: &mut dyn Connection, scope: Scope) -> StoreResult<Cells> {
    let mut q = QueryBuilder::new(format!(
        "SELECT {RAW_KEY}, COUNT(*) AS n
         FROM incidents i
         JOIN cases c ON c.id = i.case_id
         JOIN survivors s ON s.id = c.survivor_id"
    ));
    match scope {
        Scope::Incident(id) => {
            q.push(" WHERE i.id = ").push_bind(id.0);
        }
        Scope::Survivor(id) => {
            q.push(" WHERE s.id = ").push_bind(id.0);
        }
        Scope::All => {}
    }
    q.push(format!(" GROUP BY {RAW_KEY}"));
    let rows = q.build().fetch_all(&mut *conn).await.map_err(db)?;
    let mut cells = Cells::new();
    for row in &rows {
        *cells.entry(raw_cell(row)?).or_default() += count(row)?;
    }
    Ok(cells)
}

/// Adds `delta` incidents to one cell; a cell that reaches zero is removed.
async fn add_to_cell(conn: &mut dyn Connection, cell: &Cell, delta: i64) -> StoreResult<()> {
    query(format!(
        "INSERT INTO incident_counts ({SUMMARY_KEY}, n)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
         ON CONFLICT ({SUMMARY_KEY}) DO UPDATE SET n = incident_counts.n + excluded.n"
    ))
    .bind(cell.month)
    .bind(cell.agency)
    .bind(cell.area)
    .bind(cell.gbv_type.as_str())
    .bind(cell.age_group.as_str())
    .bind(cell.sex.as_str())
    .bind(cell.relationship.as_str())
    .bind(cell.context.clone())
    .bind(cell.forms_recorded)
    .bind(cell.forms.clone())
    .bind(cell.delay.as_str())
    .bind(cell.consent)
    .bind(cell.elsewhere)
    .bind(delta)
    .execute(&mut *conn)
    .await
    .map_err(db)?;
    if delta < 0 {
        query(
            "DELETE FROM incident_counts
             WHERE month = $1 AND owning_agency = $2 AND area_id = $3 AND gbv_type = $4
               AND survivor_age_group = $5 AND sex_gender = $6
               AND perpetrator_relationship = $7 AND context_flags = $8
               AND forms_recorded = $9 AND forms_of_violence = $10
               AND reporting_delay = $11 AND consent_to_statistics = $12
               AND already_reported_elsewhere = $13 AND n = 0",
        )
        .bind(cell.month)
        .bind(cell.agency)
        .bind(cell.area)
        .bind(cell.gbv_type.as_str())
        .bind(cell.age_group.as_str())
        .bind(cell.sex.as_str())
        .bind(cell.relationship.as_str())
        .bind(cell.context.clone())
        .bind(cell.forms_recorded)
        .bind(cell.forms.clone())
        .bind(cell.delay.as_str())
        .bind(cell.consent)
        .bind(cell.elsewhere)
        .execute(&mut *conn)
        .await
        .map_err(db)?;
    }
    Ok(())
}

/// What a write is about to change: the counts of `scope` as they are now.
/// Call before the write, then [`Before::apply`] after it, in the same
/// transaction.
pub(crate) struct Before {
    scope: Scope,
    cells: Cells,
}

impl Before {
    pub(crate) async fn read(conn: &mut dyn Connection, scope: Scope) -> StoreResult<Before> {
        Ok(Before {
            scope,
            cells: raw_cells(conn, scope).await?,
        })
    }

    /// Moves the scope's counts from what they were to what they are now;
    /// only the cells that differ are written.
    pub(crate) async fn apply(self, conn: &mut dyn Connection) -> StoreResult<()> {
        let after = raw_cells(conn, self.scope).await?;
        let mut delta: Cells = after;
        for (cell, n) in self.cells {
            *delta.entry(cell).or_default() -= n;
        }
        for (cell, n) in delta.iter().filter(|(_, n)| **n != 0) {
            add_to_cell(conn, cell, *n).await?;
        }
        Ok(())
    }
}

/// Counts a newly recorded incident.
pub(crate) async fn add_incident(conn: &mut dyn Connection, id: IncidentId) -> StoreResult<()> {
    for (cell, n) in raw_cells(conn, Scope::Incident(id)).await? {
        add_to_cell(conn, &cell, n).await?;
    }
    Ok(())
}

/// Recounts the whole summary from the raw rows (after `copy-db` import).
pub(crate) async fn rebuild(conn: &mut dyn Connection) -> StoreResult<()> {
    query("DELETE FROM incident_counts")
        .execute(&mut *conn)
        .await
        .map_err(db)?;
    for (cell, n) in raw_cells(conn, Scope::All).await? {
        add_to_cell(conn, &cell, n).await?;
    }
    Ok(())
}

fn parse<T>(what: &str, text: &str) -> StoreResult<T>
where
    T: std::str::FromStr,
    T::Err: std::fmt::Display,
{
    text.parse()
        .map_err(|e| corrupt(format!("incident_counts.{what}: {e}")))
}

fn group(cell: Cell, n: i64) -> StoreResult<IncidentGroup> {
    Ok(IncidentGroup {
        area: (!cell.area.is_nil()).then_some(AreaId(cell.area)),
        first_reported_on: cell.month,
        gbv_type: parse("gbv_type", &cell.gbv_type)?,
        survivor_age_group: match cell.age_group.as_str() {
            "" => None,
            age => Some(parse("survivor_age_group", age)?),
        },
        survivor_sex: parse("sex_gender", &cell.sex)?,
        perpetrator_relationship: parse("perpetrator_relationship", &cell.relationship)?,
        context_flags: cell
            .context
            .iter()
            .map(|c| parse("context_flags", c))
            .collect::<StoreResult<_>>()?,
        forms_of_violence: match cell.forms_recorded {
            false => None,
            true => Some(
                cell.forms
                    .iter()
                    .map(|f| parse("forms_of_violence", f))
                    .collect::<StoreResult<_>>()?,
            ),
        },
        reporting_delay: parse("reporting_delay", &cell.delay)?,
        consent_to_statistics: cell.consent,
        already_reported_elsewhere: cell.elsewhere,
        count: u32::try_from(n).map_err(|_| corrupt(format!("{n} incidents in a cell")))?,
    })
}

fn groups(cells: Cells) -> StoreResult<Vec<IncidentGroup>> {
    cells
        .into_iter()
        .filter(|(_, n)| *n != 0)
        .map(|(cell, n)| group(cell, n))
        .collect()
}

/// The period's counts from the summary, agencies merged (or one agency's).
pub(crate) async fn read(
    pool: &dyn Database,
    period: Period,
    agency: Option<AgencyId>,
) -> StoreResult<Vec<IncidentGroup>> {
    let mut q = QueryBuilder::new(format!(
        "SELECT {SUMMARY_KEY}, n FROM incident_counts WHERE month >= "
    ));
    q.push_bind(period.first_day())
        .push(" AND month < ")
        .push_bind(period.end_day());
    if let Some(agency) = agency {
        q.push(" AND owning_agency = ").push_bind(agency.0);
    }
    let rows = q.build().fetch_all(pool).await.map_err(db)?;
    let mut cells = Cells::new();
    for row in &rows {
        *cells.entry(summary_cell(row)?).or_default() += count(row)?;
    }
    groups(cells)
}

/// The same answer as [`read`], counted from the incident rows themselves.
pub(crate) async fn recount(
    pool: &dyn Database,
    period: Period,
    agency: Option<AgencyId>,
) -> StoreResult<Vec<IncidentGroup>> {
    let mut tx = read_tx(pool).await?;
    let all = raw_cells(&mut *tx, Scope::All).await?;
    tx.commit().await.map_err(db)?;
    let mut cells = Cells::new();
    for (mut cell, n) in all {
        let in_period = cell.month >= period.first_day() && cell.month < period.end_day();
        if in_period && agency.is_none_or(|a| a.0 == cell.agency) {
            cell.agency = Uuid::nil();
            *cells.entry(cell).or_default() += n;
        }
    }
    groups(cells)
}
