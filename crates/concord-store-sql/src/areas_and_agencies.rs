//! Settings, areas, agencies and coordination bodies.

use crate::audit::insert_event;
use crate::sql::*;
use concord_domain::ids::{AgencyId, AreaId, BodyId};
use concord_store::{
    AgencyRow, AreaRow, BodyRow, NewAuditEvent, Page, PageRequest, StoreError, StoreResult,
};
use std::collections::HashMap;
use uuid::Uuid;

// ---- settings ----

pub async fn get_setting(pool: &dyn Database, key: &str) -> StoreResult<Option<String>> {
    query_scalar("SELECT value FROM settings WHERE key = $1")
        .bind(key)
        .fetch_optional(pool)
        .await
        .map_err(db)
}

pub async fn put_setting(pool: &dyn Database, key: &str, value: &str) -> StoreResult<()> {
    query(
        "INSERT INTO settings (key, value) VALUES ($1, $2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )
    .bind(key)
    .bind(value)
    .execute(pool)
    .await
    .map_err(db)?;
    Ok(())
}

/// `ON CONFLICT DO NOTHING`: the first value stays.
pub async fn insert_setting_if_absent(
    pool: &dyn Database,
    key: &str,
    value: &str,
) -> StoreResult<bool> {
    let inserted =
        query("INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING")
            .bind(key)
            .bind(value)
            .execute(pool)
            .await
            .map_err(db)?
            .rows_affected();
    Ok(inserted == 1)
}

// ---- areas ----

macro_rules! area_select {
    () => {
        "SELECT id, parent_id, level, code, name, adult_female_population, created_at FROM areas"
    };
}

fn area_from(row: &Row) -> StoreResult<AreaRow> {
    Ok(AreaRow {
        id: AreaId(get(row, "id")?),
        parent_id: get::<Option<Uuid>>(row, "parent_id")?.map(AreaId),
        level: get_parsed(row, "level")?,
        code: get(row, "code")?,
        name: get(row, "name")?,
        adult_female_population: get(row, "adult_female_population")?,
        created_at: get(row, "created_at")?,
    })
}

pub async fn insert_area(conn: &mut dyn Connection, area: &AreaRow) -> StoreResult<()> {
    query(
        "INSERT INTO areas (id, parent_id, level, code, name, adult_female_population, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(area.id.0)
    .bind(area.parent_id.map(|p| p.0))
    .bind(area.level.as_str())
    .bind(&area.code)
    .bind(&area.name)
    .bind(area.adult_female_population)
    .bind(area.created_at)
    .execute(conn)
    .await
    .map_err(referencing("parent_id"))?;
    Ok(())
}

pub async fn create_area(
    pool: &dyn Database,
    area: &AreaRow,
    audit: &NewAuditEvent,
) -> StoreResult<()> {
    let mut tx = write_tx(pool).await?;
    insert_area(&mut tx, area).await?;
    insert_event(&mut tx, audit).await?;
    tx.commit().await.map_err(db)
}

pub async fn update_area(
    pool: &dyn Database,
    area: &AreaRow,
    audit: &NewAuditEvent,
) -> StoreResult<()> {
    let mut tx = write_tx(pool).await?;
    let updated = query(
        "UPDATE areas SET parent_id = $1, level = $2, code = $3, name = $4, adult_female_population = $5
         WHERE id = $6",
    )
    .bind(area.parent_id.map(|p| p.0))
    .bind(area.level.as_str())
    .bind(&area.code)
    .bind(&area.name)
    .bind(area.adult_female_population)
    .bind(area.id.0)
    .execute(&mut *tx)
    .await
    .map_err(referencing("parent_id"))?;
    if updated.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    insert_event(&mut tx, audit).await?;
    tx.commit().await.map_err(db)
}

pub async fn get_area(pool: &dyn Database, id: AreaId) -> StoreResult<Option<AreaRow>> {
    let row = query(concat!(area_select!(), " WHERE id = $1"))
        .bind(id.0)
        .fetch_optional(pool)
        .await
        .map_err(db)?;
    row.as_ref().map(area_from).transpose()
}

pub async fn get_areas(pool: &dyn Database, ids: &[AreaId]) -> StoreResult<Vec<AreaRow>> {
    let mut select = QueryBuilder::new(concat!(area_select!(), " WHERE id IN "));
    select
        .push_list(ids.iter().map(|a| a.0))
        .push(" ORDER BY code, id");
    let rows = select.build().fetch_all(pool).await?;
    rows.iter().map(area_from).collect()
}

pub async fn list_areas(pool: &dyn Database, page: &PageRequest) -> StoreResult<Page<AreaRow>> {
    let after = paging::text_and_id(page)?;
    let mut query = QueryBuilder::new(area_select!());
    if let Some((code, id)) = after {
        query
            .push(" WHERE (code, id) > (")
            .push_bind(code)
            .push(", ")
            .push_bind(id)
            .push(")");
    }
    query
        .push(" ORDER BY code, id LIMIT ")
        .push_bind(paging::fetch_limit(page));
    let rows = query.build().fetch_all(pool).await.map_err(db)?;
    let areas = rows
        .iter()
        .map(area_from)
        .collect::<StoreResult<Vec<_>>>()?;
    Ok(paging::finish(areas, page, |a| {
        paging::text_and_id_cursor(&a.code, a.id.0)
    }))
}

pub async fn all_areas(conn: &mut dyn Connection) -> StoreResult<Vec<AreaRow>> {
    let rows = query(concat!(area_select!(), " ORDER BY id"))
        .fetch_all(conn)
        .await
        .map_err(db)?;
    rows.iter().map(area_from).collect()
}

// ---- agencies ----

macro_rules! agency_select {
    () => {
        "SELECT id, name, sector, governance, created_at FROM agencies"
    };
}

/// An agency without its areas; [`attach_areas`] fills them in.
fn agency_from(row: &Row) -> StoreResult<AgencyRow> {
    Ok(AgencyRow {
        id: AgencyId(get(row, "id")?),
        name: get(row, "name")?,
        sector: get_parsed(row, "sector")?,
        governance: get_parsed(row, "governance")?,
        area_ids: Vec::new(),
        created_at: get(row, "created_at")?,
    })
}

/// Loads the areas of all `agencies` in one query.
async fn attach_areas(conn: &mut dyn Connection, agencies: &mut [AgencyRow]) -> StoreResult<()> {
    if agencies.is_empty() {
        return Ok(());
    }
    let mut select =
        QueryBuilder::new("SELECT agency_id, area_id FROM agency_areas WHERE agency_id IN ");
    select
        .push_list(agencies.iter().map(|a| a.id.0))
        .push(" ORDER BY agency_id, position");
    let rows = select.build().fetch_all(conn).await?;
    let mut served: HashMap<Uuid, Vec<AreaId>> = HashMap::new();
    for row in &rows {
        let agency: Uuid = get(row, "agency_id")?;
        served
            .entry(agency)
            .or_default()
            .push(AreaId(get(row, "area_id")?));
    }
    for agency in agencies {
        agency.area_ids = served.remove(&agency.id.0).unwrap_or_default();
    }
    Ok(())
}

async fn insert_agency_areas(conn: &mut dyn Connection, agency: &AgencyRow) -> StoreResult<()> {
    if agency.area_ids.is_empty() {
        return Ok(());
    }
    // One statement for the whole list, numbered in the order given.
    let mut insert =
        QueryBuilder::new("INSERT INTO agency_areas (agency_id, area_id, position) VALUES ");
    let mut rows = insert.separated(", ");
    for (position, area) in (0_i64..).zip(&agency.area_ids) {
        rows.push("(")
            .push_bind_unseparated(agency.id.0)
            .push_unseparated(", ")
            .push_bind_unseparated(area.0)
            .push_unseparated(", ")
            .push_bind_unseparated(position)
            .push_unseparated(")");
    }
    insert
        .build()
        .execute(conn)
        .await
        .map_err(referencing("area_ids"))?;
    Ok(())
}

pub async fn insert_agency(conn: &mut dyn Connection, agency: &AgencyRow) -> StoreResult<()> {
    query("INSERT INTO agencies (id, name, sector, governance, created_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(agency.id.0)
        .bind(&agency.name)
        .bind(agency.sector.as_str())
        .bind(agency.governance.as_str())
        .bind(agency.created_at)
        .execute(&mut *conn)
        .await
        .map_err(db)?;
    insert_agency_areas(conn, agency).await
}

pub async fn create_agency(
    pool: &dyn Database,
    agency: &AgencyRow,
    audit: &NewAuditEvent,
) -> StoreResult<()> {
    let mut tx = write_tx(pool).await?;
    insert_agency(&mut tx, agency).await?;
    insert_event(&mut tx, audit).await?;
    tx.commit().await.map_err(db)
}

pub async fn update_agency(
    pool: &dyn Database,
    agency: &AgencyRow,
    audit: &NewAuditEvent,
) -> StoreResult<()> {
    let mut tx = write_tx(pool).await?;
    // The update locks the agency row, so concurrent updates of its areas
    // take turns.
    let updated =
        query("UPDATE agencies SET name = $1, sector = $2, governance = $3 WHERE id = $4")
            .bind(&agency.name)
            .bind(agency.sector.as_str())
            .bind(agency.governance.as_str())
            .bind(agency.id.0)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
    if updated.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    query("DELETE FROM agency_areas WHERE agency_id = $1")
        .bind(agency.id.0)
        .execute(&mut *tx)
        .await
        .map_err(db)?;
    insert_agency_areas(&mut tx, agency).await?;
    insert_event(&mut tx, audit).await?;
    tx.commit().await.map_err(db)
}

pub async fn get_agency(pool: &dyn Database, id: AgencyId) -> StoreResult<Option<AgencyRow>> {
    let mut tx = read_tx(pool).await?;
    let row = query(concat!(agency_select!(), " WHERE id = $1"))
        .bind(id.0)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db)?;
    let Some(row) = row else { return Ok(None) };
    let mut agencies = [agency_from(&row)?];
    attach_areas(&mut tx, &mut agencies).await?;
    let [agency] = agencies;
    Ok(Some(agency))
}

pub async fn list_agencies(
    pool: &dyn Database,
    page: &PageRequest,
) -> StoreResult<Page<AgencyRow>> {
    let after = paging::text_and_id(page)?;
    let mut tx = read_tx(pool).await?;
    let mut query = QueryBuilder::new(agency_select!());
    if let Some((name, id)) = after {
        query
            .push(" WHERE (name, id) > (")
            .push_bind(name)
            .push(", ")
            .push_bind(id)
            .push(")");
    }
    query
        .push(" ORDER BY name, id LIMIT ")
        .push_bind(paging::fetch_limit(page));
    let rows = query.build().fetch_all(&mut *tx).await.map_err(db)?;
    let mut agencies = rows
        .iter()
        .map(agency_from)
        .collect::<StoreResult<Vec<_>>>()?;
    attach_areas(&mut tx, &mut agencies).await?;
    Ok(paging::finish(agencies, page, |a| {
        paging::text_and_id_cursor(&a.name, a.id.0)
    }))
}

pub async fn all_agencies(conn: &mut dyn Connection) -> StoreResult<Vec<AgencyRow>> {
    let rows = query(concat!(agency_select!(), " ORDER BY id"))
        .fetch_all(&mut *conn)
        .await
        .map_err(db)?;
    let mut agencies = rows
        .iter()
        .map(agency_from)
        .collect::<StoreResult<Vec<_>>>()?;
    attach_areas(conn, &mut agencies).await?;
    Ok(agencies)
}

// ---- coordination bodies ----

macro_rules! body_select {
    () => {
        "SELECT id, name, level, area_id, parent_id, created_at, body_type, leadership,
                secretariat_agency_id, escalate_after, remit FROM bodies"
    };
}

fn body_from(row: &Row) -> StoreResult<BodyRow> {
    Ok(BodyRow {
        id: BodyId(get(row, "id")?),
        name: get(row, "name")?,
        level: get_parsed(row, "level")?,
        area_id: AreaId(get(row, "area_id")?),
        parent_id: get::<Option<Uuid>>(row, "parent_id")?.map(BodyId),
        created_at: get(row, "created_at")?,
        body_type: get_parsed(row, "body_type")?,
        leadership: get_parsed(row, "leadership")?,
        secretariat_agency_id: get::<Option<Uuid>>(row, "secretariat_agency_id")?.map(AgencyId),
        escalate_after: get(row, "escalate_after")?,
        remit: get(row, "remit")?,
    })
}

pub fn body_from_row(row: &Row) -> StoreResult<BodyRow> {
    body_from(row)
}

pub const BODY_SELECT: &str = body_select!();

pub async fn insert_body(conn: &mut dyn Connection, body: &BodyRow) -> StoreResult<()> {
    query(
        "INSERT INTO bodies (id, name, level, area_id, parent_id, created_at, body_type, leadership,
                             secretariat_agency_id, escalate_after, remit)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(body.id.0)
    .bind(&body.name)
    .bind(body.level.as_str())
    .bind(body.area_id.0)
    .bind(body.parent_id.map(|p| p.0))
    .bind(body.created_at)
    .bind(body.body_type.as_str())
    .bind(body.leadership.as_str())
    .bind(body.secretariat_agency_id.map(|a| a.0))
    .bind(body.escalate_after)
    .bind(&body.remit)
    .execute(conn)
    .await
    .map_err(db)?;
    Ok(())
}

pub async fn create_body(
    pool: &dyn Database,
    body: &BodyRow,
    audit: &NewAuditEvent,
) -> StoreResult<()> {
    let mut tx = write_tx(pool).await?;
    require(
        &mut tx,
        &[
            ("areas", Some(body.area_id.0), "area_id"),
            ("bodies", body.parent_id.map(|p| p.0), "parent_id"),
            (
                "agencies",
                body.secretariat_agency_id.map(|a| a.0),
                "secretariat_agency_id",
            ),
        ],
    )
    .await?;
    insert_body(&mut tx, body).await?;
    insert_event(&mut tx, audit).await?;
    tx.commit().await.map_err(db)
}

pub async fn list_bodies(pool: &dyn Database) -> StoreResult<Vec<BodyRow>> {
    // Levels in their natural order (national, regional, local), not
    // alphabetical.
    let rows = query(concat!(
        body_select!(),
        " ORDER BY CASE level WHEN 'national' THEN 0 WHEN 'regional' THEN 1 ELSE 2 END, name, id"
    ))
    .fetch_all(pool)
    .await
    .map_err(db)?;
    rows.iter().map(body_from).collect()
}

pub async fn all_bodies(conn: &mut dyn Connection) -> StoreResult<Vec<BodyRow>> {
    let rows = query(concat!(body_select!(), " ORDER BY id"))
        .fetch_all(conn)
        .await
        .map_err(db)?;
    rows.iter().map(body_from).collect()
}
