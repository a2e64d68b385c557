//! Settings, areas, agencies and coordination bodies.

use crate::audit::insert_event;
use crate::codec::{get, get_parsed, get_time, micros};
use crate::errors::{db, referencing};
use crate::{paging, write_tx};
use concord_domain::ids::{AgencyId, AreaId, BodyId};
use concord_store::{
    AgencyRow, AreaRow, BodyRow, NewAuditEvent, Page, PageRequest, StoreError, StoreResult,
};
use sqlx::sqlite::SqliteRow;
use sqlx::{QueryBuilder, Sqlite, SqliteConnection, SqlitePool};
use std::collections::HashMap;
use uuid::Uuid;

// ---- settings ----

pub async fn get_setting(pool: &SqlitePool, key: &str) -> StoreResult<Option<String>> {
    sqlx::query_scalar("SELECT value FROM settings WHERE key = ?")
        .bind(key)
        .fetch_optional(pool)
        .await
        .map_err(db)
}

pub async fn put_setting(pool: &SqlitePool, key: &str, value: &str) -> StoreResult<()> {
    let mut tx = write_tx(pool).await?;
    sqlx::query(
        "INSERT INTO settings (key, value) VALUES (?, ?)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )
    .bind(key)
    .bind(value)
    .execute(&mut *tx)
    .await
    .map_err(db)?;
    tx.commit().await.map_err(db)
}

/// `ON CONFLICT DO NOTHING`: the first value stays.
pub async fn insert_setting_if_absent(
    pool: &SqlitePool,
    key: &str,
    value: &str,
) -> StoreResult<bool> {
    let mut tx = write_tx(pool).await?;
    let inserted =
        sqlx::query("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING")
            .bind(key)
            .bind(value)
            .execute(&mut *tx)
            .await
            .map_err(db)?
            .rows_affected();
    tx.commit().await.map_err(db)?;
    Ok(inserted == 1)
}

// ---- areas ----

macro_rules! area_select {
    () => {
        "SELECT id, parent_id, level, code, name, adult_female_population, created_at FROM areas"
    };
}

pub fn area_from(row: &SqliteRow) -> StoreResult<AreaRow> {
    Ok(AreaRow {
        id: AreaId(get(row, "id")?),
        parent_id: get::<Option<Uuid>>(row, "parent_id")?.map(AreaId),
        level: get_parsed(row, "level")?,
        code: get(row, "code")?,
        name: get(row, "name")?,
        adult_female_population: get(row, "adult_female_population")?,
        created_at: get_time(row, "created_at")?,
    })
}

pub async fn insert_area(conn: &mut SqliteConnection, area: &AreaRow) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO areas (id, parent_id, level, code, name, adult_female_population, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(area.id.0)
    .bind(area.parent_id.map(|p| p.0))
    .bind(area.level.as_str())
    .bind(&area.code)
    .bind(&area.name)
    .bind(area.adult_female_population)
    .bind(micros(&area.created_at))
    .execute(conn)
    .await
    .map_err(referencing("parent_id"))?;
    Ok(())
}

pub async fn create_area(
    pool: &SqlitePool,
    area: &AreaRow,
    audit: &NewAuditEvent,
) -> StoreResult<()> {
    let mut tx = write_tx(pool).await?;
    insert_area(&mut tx, area).await?;
    insert_event(&mut tx, audit).await?;
    tx.commit().await.map_err(db)
}

pub async fn update_area(
    pool: &SqlitePool,
    area: &AreaRow,
    audit: &NewAuditEvent,
) -> StoreResult<()> {
    let mut tx = write_tx(pool).await?;
    let updated = sqlx::query(
        "UPDATE areas SET parent_id = ?, level = ?, code = ?, name = ?, adult_female_population = ?
         WHERE id = ?",
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

pub async fn get_area(pool: &SqlitePool, id: AreaId) -> StoreResult<Option<AreaRow>> {
    let row = sqlx::query(concat!(area_select!(), " WHERE id = ?"))
        .bind(id.0)
        .fetch_optional(pool)
        .await
        .map_err(db)?;
    row.as_ref().map(area_from).transpose()
}

pub async fn get_areas(pool: &SqlitePool, ids: &[AreaId]) -> StoreResult<Vec<AreaRow>> {
    let mut areas = Vec::with_capacity(ids.len());
    // Chunked so a long list stays under SQLite's bound-parameter limit.
    for chunk in ids.chunks(500) {
        let mut query = QueryBuilder::<Sqlite>::new(area_select!());
        query.push(" WHERE id IN (");
        let mut list = query.separated(", ");
        for id in chunk {
            list.push_bind(id.0);
        }
        query.push(") ORDER BY code, id");
        for row in query.build().fetch_all(pool).await.map_err(db)? {
            areas.push(area_from(&row)?);
        }
    }
    Ok(areas)
}

pub async fn list_areas(pool: &SqlitePool, page: &PageRequest) -> StoreResult<Page<AreaRow>> {
    let after = paging::text_and_id(page)?;
    let mut query = QueryBuilder::<Sqlite>::new(area_select!());
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

// ---- agencies ----

macro_rules! agency_select {
    () => {
        "SELECT id, name, sector, governance, created_at FROM agencies"
    };
}

/// An agency without its areas; [`attach_areas`] fills them in.
fn agency_from(row: &SqliteRow) -> StoreResult<AgencyRow> {
    Ok(AgencyRow {
        id: AgencyId(get(row, "id")?),
        name: get(row, "name")?,
        sector: get_parsed(row, "sector")?,
        governance: get_parsed(row, "governance")?,
        area_ids: Vec::new(),
        created_at: get_time(row, "created_at")?,
    })
}

/// Loads the areas of all `agencies` in one query.
async fn attach_areas(conn: &mut SqliteConnection, agencies: &mut [AgencyRow]) -> StoreResult<()> {
    if agencies.is_empty() {
        return Ok(());
    }
    let mut query = QueryBuilder::<Sqlite>::new(
        "SELECT agency_id, area_id FROM agency_areas WHERE agency_id IN (",
    );
    let mut list = query.separated(", ");
    for agency in agencies.iter() {
        list.push_bind(agency.id.0);
    }
    query.push(") ORDER BY agency_id, position");
    let rows = query.build().fetch_all(conn).await.map_err(db)?;
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

async fn insert_agency_areas(conn: &mut SqliteConnection, agency: &AgencyRow) -> StoreResult<()> {
    for (position, area) in agency.area_ids.iter().enumerate() {
        sqlx::query("INSERT INTO agency_areas (agency_id, area_id, position) VALUES (?, ?, ?)")
            .bind(agency.id.0)
            .bind(area.0)
            .bind(position as i64)
            .execute(&mut *conn)
            .await
            .map_err(referencing("area_ids"))?;
    }
    Ok(())
}

pub async fn insert_agency(conn: &mut SqliteConnection, agency: &AgencyRow) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO agencies (id, name, sector, governance, created_at) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(agency.id.0)
    .bind(&agency.name)
    .bind(agency.sector.as_str())
    .bind(agency.governance.as_str())
    .bind(micros(&agency.created_at))
    .execute(&mut *conn)
    .await
    .map_err(db)?;
    insert_agency_areas(conn, agency).await
}

pub async fn create_agency(
    pool: &SqlitePool,
    agency: &AgencyRow,
    audit: &NewAuditEvent,
) -> StoreResult<()> {
    let mut tx = write_tx(pool).await?;
    insert_agency(&mut tx, agency).await?;
    insert_event(&mut tx, audit).await?;
    tx.commit().await.map_err(db)
}

pub async fn update_agency(
    pool: &SqlitePool,
    agency: &AgencyRow,
    audit: &NewAuditEvent,
) -> StoreResult<()> {
    let mut tx = write_tx(pool).await?;
    let updated =
        sqlx::query("UPDATE agencies SET name = ?, sector = ?, governance = ? WHERE id = ?")
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
    sqlx::query("DELETE FROM agency_areas WHERE agency_id = ?")
        .bind(agency.id.0)
        .execute(&mut *tx)
        .await
        .map_err(db)?;
    insert_agency_areas(&mut tx, agency).await?;
    insert_event(&mut tx, audit).await?;
    tx.commit().await.map_err(db)
}

pub async fn get_agency(pool: &SqlitePool, id: AgencyId) -> StoreResult<Option<AgencyRow>> {
    // One read transaction, so the agency and its areas are one snapshot.
    let mut tx = pool.begin().await.map_err(db)?;
    let row = sqlx::query(concat!(agency_select!(), " WHERE id = ?"))
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

pub async fn list_agencies(pool: &SqlitePool, page: &PageRequest) -> StoreResult<Page<AgencyRow>> {
    let after = paging::text_and_id(page)?;
    let mut tx = pool.begin().await.map_err(db)?;
    let mut query = QueryBuilder::<Sqlite>::new(agency_select!());
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

pub async fn all_agencies(conn: &mut SqliteConnection) -> StoreResult<Vec<AgencyRow>> {
    let rows = sqlx::query(concat!(agency_select!(), " ORDER BY id"))
        .fetch_all(&mut *conn)
        .await
        .map_err(db)?;
    let mut agencies = rows
        .iter()
        .map(agency_from)
        .collect::<StoreResult<Vec<_>>>()?;
    // Whole-table copy: batches keep each IN list short.
    for chunk in agencies.chunks_mut(500) {
        attach_areas(conn, chunk).await?;
    }
    Ok(agencies)
}

// ---- coordination bodies ----

pub fn body_from(row: &SqliteRow) -> StoreResult<BodyRow> {
    Ok(BodyRow {
        id: BodyId(get(row, "id")?),
        name: get(row, "name")?,
        level: get_parsed(row, "level")?,
        area_id: AreaId(get(row, "area_id")?),
        parent_id: get::<Option<Uuid>>(row, "parent_id")?.map(BodyId),
        created_at: get_time(row, "created_at")?,
        body_type: get_parsed(row, "body_type")?,
        leadership: get_parsed(row, "leadership")?,
        secretariat_agency_id: get::<Option<Uuid>>(row, "secretariat_agency_id")?.map(AgencyId),
        escalate_after: get::<i64>(row, "escalate_after")? as i32,
        remit: get(row, "remit")?,
    })
}

/// The columns `body_from` reads.
pub const BODY_COLUMNS: &str =
    "id, name, level, area_id, parent_id, created_at, body_type, leadership,
     secretariat_agency_id, escalate_after, remit";

pub async fn insert_body(conn: &mut SqliteConnection, body: &BodyRow) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO bodies (id, name, level, area_id, parent_id, created_at, body_type, leadership,
                             secretariat_agency_id, escalate_after, remit)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(body.id.0)
    .bind(&body.name)
    .bind(body.level.as_str())
    .bind(body.area_id.0)
    .bind(body.parent_id.map(|p| p.0))
    .bind(micros(&body.created_at))
    .bind(body.body_type.as_str())
    .bind(body.leadership.as_str())
    .bind(body.secretariat_agency_id.map(|a| a.0))
    .bind(i64::from(body.escalate_after))
    .bind(&body.remit)
    .execute(conn)
    .await
    .map_err(db)?;
    Ok(())
}

pub async fn create_body(
    pool: &SqlitePool,
    body: &BodyRow,
    audit: &NewAuditEvent,
) -> StoreResult<()> {
    let mut tx = write_tx(pool).await?;
    // Two foreign keys and SQLite does not say which one failed: check both
    // first (the write lock is held, so nothing can change in between).
    if !exists(
        &mut tx,
        "SELECT EXISTS (SELECT 1 FROM areas WHERE id = ?)",
        body.area_id.0,
    )
    .await?
    {
        return Err(StoreError::MissingReference { field: "area_id" });
    }
    if let Some(parent) = body.parent_id
        && !exists(
            &mut tx,
            "SELECT EXISTS (SELECT 1 FROM bodies WHERE id = ?)",
            parent.0,
        )
        .await?
    {
        return Err(StoreError::MissingReference { field: "parent_id" });
    }
    if let Some(agency) = body.secretariat_agency_id
        && !exists(
            &mut tx,
            "SELECT EXISTS (SELECT 1 FROM agencies WHERE id = ?)",
            agency.0,
        )
        .await?
    {
        return Err(StoreError::MissingReference {
            field: "secretariat_agency_id",
        });
    }
    insert_body(&mut tx, body).await?;
    insert_event(&mut tx, audit).await?;
    tx.commit().await.map_err(db)
}

pub async fn exists(conn: &mut SqliteConnection, sql: &'static str, id: Uuid) -> StoreResult<bool> {
    sqlx::query_scalar(sql)
        .bind(id)
        .fetch_one(conn)
        .await
        .map_err(db)
}

/// Ordered by level (national, regional, local), then name.
pub const BODY_SELECT_ORDERED: &str =
    "SELECT id, name, level, area_id, parent_id, created_at, body_type, leadership,
            secretariat_agency_id, escalate_after, remit FROM bodies
     ORDER BY CASE level WHEN 'national' THEN 0 WHEN 'regional' THEN 1 ELSE 2 END, name, id";

pub async fn list_bodies(pool: &SqlitePool) -> StoreResult<Vec<BodyRow>> {
    let rows = sqlx::query(BODY_SELECT_ORDERED)
        .fetch_all(pool)
        .await
        .map_err(db)?;
    rows.iter().map(body_from).collect()
}
