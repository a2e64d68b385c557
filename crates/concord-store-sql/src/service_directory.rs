//! The service directory: organizations, locations, services with their
//! areas and locations, local taxonomy terms, the whole-directory export
//! and all-or-nothing import, and who keeps an entry: organizations'
//! revisions, where they are placed, the entries' history and the notices
//! to their owning agencies.

use crate::audit::insert_event;
use crate::sql::*;
use chrono::{DateTime, Utc};
use concord_domain::ids::{AgencyId, AreaId, LocationId, OrganizationId, ServiceId, UserId};
use concord_store::{
    DirectoryChangeRow, DirectoryDump, DirectoryHistoryDump, DirectoryNotice, DirectoryNoticeRow,
    DirectoryWrite, HistoryFilter, LocationRow, NewAuditEvent, OrganizationRow,
    OrganizationStanding, Page, PageRequest, Placement, ServiceAtLocation, ServiceFilter,
    ServiceRow, StoreError, StoreResult, TermHsdsRow, TermRow,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::collections::HashMap;
use uuid::Uuid;

fn to_json<T: Serialize>(value: &T) -> StoreResult<String> {
    serde_json::to_string(value).map_err(|e| StoreError::Backend(format!("encoding details: {e}")))
}

fn from_json<T: DeserializeOwned>(row: &Row, column: &str) -> StoreResult<T> {
    let text: String = get(row, column)?;
    serde_json::from_str(&text).map_err(|e| corrupt(format!("column {column}: {e}")))
}

// ---- terms ----

fn term_from(row: &Row) -> StoreResult<TermRow> {
    Ok(TermRow {
        code: get(row, "code")?,
        name: get(row, "name")?,
        sector: get_parsed_opt(row, "sector")?,
        created_at: get(row, "created_at")?,
    })
}

async fn upsert_term(conn: &mut dyn Connection, t: &TermRow) -> StoreResult<()> {
    query(
        "INSERT INTO dir_terms (code, name, sector, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (code) DO UPDATE SET name = excluded.name, sector = excluded.sector",
    )
    .bind(&t.code)
    .bind(&t.name)
    .bind(t.sector.map(|s| s.as_str()))
    .bind(t.created_at)
    .execute(conn)
    .await
    .map_err(db)?;
    Ok(())
}

pub async fn put_term(pool: &dyn Database, t: &TermRow, audit: &NewAuditEvent) -> StoreResult<()> {
    let mut tx = write_tx(pool).await?;
    upsert_term(&mut tx, t).await?;
    insert_event(&mut tx, audit).await?;
    tx.commit().await.map_err(db)
}

pub async fn list_terms(conn: &mut dyn Connection) -> StoreResult<Vec<TermRow>> {
    let rows = query("SELECT code, name, sector, created_at FROM dir_terms ORDER BY code")
        .fetch_all(conn)
        .await
        .map_err(db)?;
    rows.iter().map(term_from).collect()
}

fn term_hsds_from(row: &Row) -> StoreResult<TermHsdsRow> {
    let id: String = get(row, "hsds_id")?;
    Ok(TermHsdsRow {
        code: get(row, "code")?,
        hsds_id: id.parse().map_err(|_| {
            StoreError::Backend(format!("dir_term_hsds.hsds_id is not a UUID: `{id}`"))
        })?,
        description: get(row, "description")?,
    })
}

async fn upsert_term_hsds(conn: &mut dyn Connection, t: &TermHsdsRow) -> StoreResult<()> {
    query(
        "INSERT INTO dir_term_hsds (code, hsds_id, description) VALUES ($1, $2, $3)
         ON CONFLICT (code) DO UPDATE SET hsds_id = excluded.hsds_id,
                                          description = excluded.description",
    )
    .bind(&t.code)
    .bind(t.hsds_id.to_string())
    .bind(&t.description)
    .execute(conn)
    .await
    .map_err(db)?;
    Ok(())
}

async fn list_term_hsds(conn: &mut dyn Connection) -> StoreResult<Vec<TermHsdsRow>> {
    let rows = query("SELECT code, hsds_id, description FROM dir_term_hsds ORDER BY code")
        .fetch_all(conn)
        .await
        .map_err(db)?;
    rows.iter().map(term_hsds_from).collect()
}

// ---- organizations ----

macro_rules! organization_select {
    () => {
        "SELECT id, name, agency_id, details, last_verified_at, created_at, updated_at
         FROM dir_organizations"
    };
}

fn organization_from(row: &Row) -> StoreResult<OrganizationRow> {
    Ok(OrganizationRow {
        id: OrganizationId(get(row, "id")?),
        name: get(row, "name")?,
        agency_id: get::<Option<Uuid>>(row, "agency_id")?.map(AgencyId),
        details: from_json(row, "details")?,
        last_verified_at: get(row, "last_verified_at")?,
        created_at: get(row, "created_at")?,
        updated_at: get(row, "updated_at")?,
    })
}

async fn upsert_organization(conn: &mut dyn Connection, o: &OrganizationRow) -> StoreResult<()> {
    require(conn, &[("agencies", o.agency_id.map(|a| a.0), "agency_id")]).await?;
    let taken: bool = query_scalar(
        "SELECT EXISTS (SELECT 1 FROM dir_organizations WHERE name = $1 AND id <> $2)",
    )
    .bind(&o.name)
    .bind(o.id.0)
    .fetch_one(&mut *conn)
    .await
    .map_err(db)?;
    if taken {
        return Err(StoreError::Duplicate { field: "name" });
    }
    query(
        "INSERT INTO dir_organizations (id, name, agency_id, details, last_verified_at, created_at,
                                        updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, agency_id = excluded.agency_id,
             details = excluded.details, last_verified_at = excluded.last_verified_at,
             updated_at = excluded.updated_at",
    )
    .bind(o.id.0)
    .bind(&o.name)
    .bind(o.agency_id.map(|a| a.0))
    .bind(to_json(&o.details)?)
    .bind(o.last_verified_at)
    .bind(o.created_at)
    .bind(o.updated_at)
    .execute(conn)
    .await
    .map_err(|e| match db(e) {
        StoreError::Backend(_) => StoreError::Duplicate { field: "name" },
        other => other,
    })?;
    Ok(())
}

pub async fn put_organization(
    pool: &dyn Database,
    o: &OrganizationRow,
    write: &DirectoryWrite,
) -> StoreResult<()> {
    let mut tx = write_tx(pool).await?;
    claim_revisions(&mut tx, &write.expected).await?;
    upsert_organization(&mut tx, o).await?;
    record(&mut tx, write).await?;
    tx.commit().await.map_err(db)
}

pub async fn get_organization(
    pool: &dyn Database,
    id: OrganizationId,
) -> StoreResult<Option<OrganizationRow>> {
    let row = query(concat!(organization_select!(), " WHERE id = $1"))
        .bind(id.0)
        .fetch_optional(pool)
        .await
        .map_err(db)?;
    row.as_ref().map(organization_from).transpose()
}

pub async fn list_organizations(
    pool: &dyn Database,
    page: &PageRequest,
) -> StoreResult<Page<OrganizationRow>> {
    let after = paging::text_and_id(page)?;
    let mut query = QueryBuilder::new(organization_select!());
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
    let rows = query.build().fetch_all(pool).await.map_err(db)?;
    let items = rows
        .iter()
        .map(organization_from)
        .collect::<StoreResult<Vec<_>>>()?;
    Ok(paging::finish(items, page, |o| {
        paging::text_and_id_cursor(&o.name, o.id.0)
    }))
}

// ---- locations ----

macro_rules! location_select {
    () => {
        "SELECT id, organization_id, name, area_id, details, updated_at FROM dir_locations"
    };
}

fn location_from(row: &Row) -> StoreResult<LocationRow> {
    Ok(LocationRow {
        id: LocationId(get(row, "id")?),
        organization_id: OrganizationId(get(row, "organization_id")?),
        name: get(row, "name")?,
        area_id: get::<Option<Uuid>>(row, "area_id")?.map(AreaId),
        details: from_json(row, "details")?,
        updated_at: get(row, "updated_at")?,
    })
}

async fn upsert_location(conn: &mut dyn Connection, l: &LocationRow) -> StoreResult<()> {
    require(
        conn,
        &[(
            "dir_organizations",
            Some(l.organization_id.0),
            "organization_id",
        )],
    )
    .await?;
    require(conn, &[("areas", l.area_id.map(|a| a.0), "area_id")]).await?;
    query(
        "INSERT INTO dir_locations (id, organization_id, name, area_id, details, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (id) DO UPDATE SET organization_id = excluded.organization_id,
             name = excluded.name, area_id = excluded.area_id, details = excluded.details,
             updated_at = excluded.updated_at",
    )
    .bind(l.id.0)
    .bind(l.organization_id.0)
    .bind(&l.name)
    .bind(l.area_id.map(|a| a.0))
    .bind(to_json(&l.details)?)
    .bind(l.updated_at)
    .execute(conn)
    .await
    .map_err(db)?;
    Ok(())
}

pub async fn put_location(
    pool: &dyn Database,
    l: &LocationRow,
    write: &DirectoryWrite,
) -> StoreResult<()> {
    let mut tx = write_tx(pool).await?;
    claim_revisions(&mut tx, &write.expected).await?;
    upsert_location(&mut tx, l).await?;
    record(&mut tx, write).await?;
    tx.commit().await.map_err(db)
}

pub async fn list_locations(
    conn: &mut dyn Connection,
    organization: Option<OrganizationId>,
) -> StoreResult<Vec<LocationRow>> {
    let mut query = QueryBuilder::new(location_select!());
    if let Some(org) = organization {
        query.push(" WHERE organization_id = ").push_bind(org.0);
    }
    query.push(" ORDER BY name, id");
    let rows = query.build().fetch_all(conn).await.map_err(db)?;
    rows.iter().map(location_from).collect()
}

// ---- services ----

macro_rules! service_select {
    () => {
        "SELECT id, organization_id, name, status, accepts_referrals, taxonomy, details,
                last_verified_at, created_at, updated_at
         FROM dir_services"
    };
}

fn service_from(row: &Row) -> StoreResult<ServiceRow> {
    Ok(ServiceRow {
        id: ServiceId(get(row, "id")?),
        organization_id: OrganizationId(get(row, "organization_id")?),
        name: get(row, "name")?,
        status: get_parsed(row, "status")?,
        accepts_referrals: get(row, "accepts_referrals")?,
        taxonomy: get(row, "taxonomy")?,
        area_ids: Vec::new(),
        at_locations: Vec::new(),
        details: from_json(row, "details")?,
        last_verified_at: get(row, "last_verified_at")?,
        created_at: get(row, "created_at")?,
        updated_at: get(row, "updated_at")?,
    })
}

/// Loads areas and locations of the services in two queries.
async fn attach_links(conn: &mut dyn Connection, services: &mut [ServiceRow]) -> StoreResult<()> {
    if services.is_empty() {
        return Ok(());
    }
    let mut query = QueryBuilder::new(
        "SELECT service_id, area_id FROM dir_service_areas WHERE service_id IN (",
    );
    let mut list = query.separated(", ");
    for s in services.iter() {
        list.push_bind(s.id.0);
    }
    query.push(") ORDER BY service_id, area_id");
    let rows = query.build().fetch_all(&mut *conn).await.map_err(db)?;
    let mut areas: HashMap<Uuid, Vec<AreaId>> = HashMap::new();
    for row in &rows {
        areas
            .entry(get(row, "service_id")?)
            .or_default()
            .push(AreaId(get(row, "area_id")?));
    }
    let mut query = QueryBuilder::new(
        "SELECT id, service_id, location_id FROM dir_service_at_location WHERE service_id IN (",
    );
    let mut list = query.separated(", ");
    for s in services.iter() {
        list.push_bind(s.id.0);
    }
    query.push(") ORDER BY service_id, location_id");
    let rows = query.build().fetch_all(&mut *conn).await.map_err(db)?;
    let mut places: HashMap<Uuid, Vec<ServiceAtLocation>> = HashMap::new();
    for row in &rows {
        places
            .entry(get(row, "service_id")?)
            .or_default()
            .push(ServiceAtLocation {
                id: get(row, "id")?,
                location_id: LocationId(get(row, "location_id")?),
            });
    }
    for s in services {
        s.area_ids = areas.remove(&s.id.0).unwrap_or_default();
        s.at_locations = places.remove(&s.id.0).unwrap_or_default();
    }
    Ok(())
}

async fn upsert_service(conn: &mut dyn Connection, s: &ServiceRow) -> StoreResult<()> {
    require(
        conn,
        &[(
            "dir_organizations",
            Some(s.organization_id.0),
            "organization_id",
        )],
    )
    .await?;
    for area in &s.area_ids {
        require(conn, &[("areas", Some(area.0), "area_ids")]).await?;
    }
    for place in &s.at_locations {
        require(
            conn,
            &[("dir_locations", Some(place.location_id.0), "location_ids")],
        )
        .await?;
        let elsewhere: bool = query_scalar(
            "SELECT EXISTS (SELECT 1 FROM dir_service_at_location WHERE id = $1 AND service_id <> $2)",
        )
        .bind(place.id)
        .bind(s.id.0)
        .fetch_one(&mut *conn)
        .await
        .map_err(db)?;
        if elsewhere {
            return Err(StoreError::Duplicate {
                field: "location_ids",
            });
        }
    }
    query(
        "INSERT INTO dir_services (id, organization_id, name, status, accepts_referrals, taxonomy,
                                   details, last_verified_at, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT (id) DO UPDATE SET organization_id = excluded.organization_id,
             name = excluded.name, status = excluded.status,
             accepts_referrals = excluded.accepts_referrals, taxonomy = excluded.taxonomy,
             details = excluded.details, last_verified_at = excluded.last_verified_at,
             updated_at = excluded.updated_at",
    )
    .bind(s.id.0)
    .bind(s.organization_id.0)
    .bind(&s.name)
    .bind(s.status.as_str())
    .bind(s.accepts_referrals)
    .bind(&s.taxonomy)
    .bind(to_json(&s.details)?)
    .bind(s.last_verified_at)
    .bind(s.created_at)
    .bind(s.updated_at)
    .execute(&mut *conn)
    .await
    .map_err(db)?;
    query("DELETE FROM dir_service_areas WHERE service_id = $1")
        .bind(s.id.0)
        .execute(&mut *conn)
        .await
        .map_err(db)?;
    query("DELETE FROM dir_service_at_location WHERE service_id = $1")
        .bind(s.id.0)
        .execute(&mut *conn)
        .await
        .map_err(db)?;
    let mut areas = s.area_ids.clone();
    areas.sort();
    areas.dedup();
    for area in areas {
        query("INSERT INTO dir_service_areas (service_id, area_id) VALUES ($1, $2)")
            .bind(s.id.0)
            .bind(area.0)
            .execute(&mut *conn)
            .await
            .map_err(db)?;
    }
    for place in &s.at_locations {
        query(
            "INSERT INTO dir_service_at_location (id, service_id, location_id) VALUES ($1, $2, $3)",
        )
        .bind(place.id)
        .bind(s.id.0)
        .bind(place.location_id.0)
        .execute(&mut *conn)
        .await
        .map_err(|e| match db(e) {
            StoreError::Backend(_) => StoreError::Duplicate {
                field: "location_ids",
            },
            other => other,
        })?;
    }
    Ok(())
}

pub async fn put_service(
    pool: &dyn Database,
    s: &ServiceRow,
    write: &DirectoryWrite,
) -> StoreResult<()> {
    let mut tx = write_tx(pool).await?;
    claim_revisions(&mut tx, &write.expected).await?;
    upsert_service(&mut tx, s).await?;
    record(&mut tx, write).await?;
    tx.commit().await.map_err(db)
}

pub async fn get_service(pool: &dyn Database, id: ServiceId) -> StoreResult<Option<ServiceRow>> {
    let mut conn = read_tx(pool).await?;
    let row = query(concat!(service_select!(), " WHERE id = $1"))
        .bind(id.0)
        .fetch_optional(&mut *conn)
        .await
        .map_err(db)?;
    let Some(row) = row else { return Ok(None) };
    let mut services = [service_from(&row)?];
    attach_links(&mut conn, &mut services).await?;
    let [service] = services;
    Ok(Some(service))
}

pub async fn list_services(
    pool: &dyn Database,
    filter: &ServiceFilter,
    page: &PageRequest,
) -> StoreResult<Page<ServiceRow>> {
    let after = paging::text_and_id(page)?;
    let mut conn = read_tx(pool).await?;
    let mut query = QueryBuilder::new(service_select!());
    query.push(" WHERE 1 = 1");
    if let Some(org) = filter.organization {
        query.push(" AND organization_id = ").push_bind(org.0);
    }
    if let Some(agency) = filter.agency {
        query
            .push(" AND organization_id IN (SELECT id FROM dir_organizations WHERE agency_id = ")
            .push_bind(agency.0)
            .push(")");
    }
    if let Some(accepts) = filter.accepts_referrals {
        query.push(" AND accepts_referrals = ").push_bind(accepts);
    }
    if !filter.serving_any_of.is_empty() {
        query.push(" AND id IN (SELECT service_id FROM dir_service_areas WHERE area_id IN (");
        let mut list = query.separated(", ");
        for area in &filter.serving_any_of {
            list.push_bind(area.0);
        }
        query.push("))");
    }
    if let Some((name, id)) = after {
        query
            .push(" AND (name, id) > (")
            .push_bind(name)
            .push(", ")
            .push_bind(id)
            .push(")");
    }
    query
        .push(" ORDER BY name, id LIMIT ")
        .push_bind(paging::fetch_limit(page));
    let rows = query.build().fetch_all(&mut *conn).await.map_err(db)?;
    let mut items = rows
        .iter()
        .map(service_from)
        .collect::<StoreResult<Vec<_>>>()?;
    attach_links(&mut conn, &mut items).await?;
    Ok(paging::finish(items, page, |s| {
        paging::text_and_id_cursor(&s.name, s.id.0)
    }))
}

// ---- the whole directory ----

pub async fn all_directory(conn: &mut dyn Connection) -> StoreResult<DirectoryDump> {
    let rows = query(concat!(organization_select!(), " ORDER BY id"))
        .fetch_all(&mut *conn)
        .await
        .map_err(db)?;
    let organizations = rows
        .iter()
        .map(organization_from)
        .collect::<StoreResult<Vec<_>>>()?;
    let rows = query(concat!(location_select!(), " ORDER BY id"))
        .fetch_all(&mut *conn)
        .await
        .map_err(db)?;
    let locations = rows
        .iter()
        .map(location_from)
        .collect::<StoreResult<Vec<_>>>()?;
    let rows = query(concat!(service_select!(), " ORDER BY id"))
        .fetch_all(&mut *conn)
        .await
        .map_err(db)?;
    let mut services = rows
        .iter()
        .map(service_from)
        .collect::<StoreResult<Vec<_>>>()?;
    attach_links(&mut *conn, &mut services).await?;
    Ok(DirectoryDump {
        organizations,
        locations,
        services,
        terms: list_terms(&mut *conn).await?,
        term_hsds: list_term_hsds(conn).await?,
    })
}

pub async fn export_directory(pool: &dyn Database) -> StoreResult<DirectoryDump> {
    let mut tx = read_tx(pool).await?;
    all_directory(&mut tx).await
}

/// Puts every row; used by the import (inside its transaction) and by
/// copy-db.
pub async fn insert_directory(conn: &mut dyn Connection, dump: &DirectoryDump) -> StoreResult<()> {
    for term in &dump.terms {
        upsert_term(conn, term).await?;
    }
    for term in &dump.term_hsds {
        upsert_term_hsds(conn, term).await?;
    }
    for org in &dump.organizations {
        upsert_organization(conn, org).await?;
    }
    for location in &dump.locations {
        upsert_location(conn, location).await?;
    }
    for service in &dump.services {
        upsert_service(conn, service).await?;
    }
    Ok(())
}

pub async fn import_directory(
    pool: &dyn Database,
    dump: &DirectoryDump,
    write: &DirectoryWrite,
) -> StoreResult<()> {
    let mut tx = write_tx(pool).await?;
    claim_revisions(&mut tx, &write.expected).await?;
    insert_directory(&mut tx, dump).await?;
    record(&mut tx, write).await?;
    tx.commit().await.map_err(db)
}

// ---- who keeps an entry: revisions, placements, history, notices ----

/// Moves each organization on from the revision the change was decided
/// on; `Conflict` if one has moved on already (or is gone). The update
/// holds the row until the transaction ends, so a second change decided
/// on the same revision waits and then finds it moved on.
async fn claim_revisions(
    conn: &mut dyn Connection,
    expected: &[(OrganizationId, i64)],
) -> StoreResult<()> {
    for (organization, revision) in expected {
        let done = query(
            "UPDATE dir_organizations SET revision = revision + 1 WHERE id = $1 AND revision = $2",
        )
        .bind(organization.0)
        .bind(*revision)
        .execute(&mut *conn)
        .await
        .map_err(db)?;
        if done.rows_affected() != 1 {
            return Err(StoreError::Conflict);
        }
    }
    Ok(())
}

/// The history, the notices and the audit event of a write.
async fn record(conn: &mut dyn Connection, write: &DirectoryWrite) -> StoreResult<()> {
    for change in &write.changes {
        insert_change(conn, change).await?;
    }
    for notice in &write.notices {
        insert_notice(conn, notice).await?;
    }
    insert_event(conn, &write.audit).await
}

async fn insert_change(conn: &mut dyn Connection, c: &DirectoryChangeRow) -> StoreResult<()> {
    query(
        "INSERT INTO dir_changes (id, organization_id, entry_kind, entry_id, kind, actor_user_id,
                                  actor_agency_id, owner_agency_id, at, fields)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(c.id)
    .bind(c.organization_id.0)
    .bind(c.entry_kind.as_str())
    .bind(c.entry_id)
    .bind(c.kind.as_str())
    .bind(c.actor_user_id.map(|u| u.0))
    .bind(c.actor_agency_id.map(|a| a.0))
    .bind(c.owner_agency_id.map(|a| a.0))
    .bind(c.at)
    .bind(to_json(&c.fields)?)
    .execute(conn)
    .await
    .map_err(db)?;
    Ok(())
}

async fn insert_notice(conn: &mut dyn Connection, n: &DirectoryNoticeRow) -> StoreResult<()> {
    query(
        "INSERT INTO dir_change_notices (id, agency_id, change_id, created_at, read_at)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(n.id)
    .bind(n.agency_id.0)
    .bind(n.change_id)
    .bind(n.created_at)
    .bind(n.read_at)
    .execute(conn)
    .await
    .map_err(db)?;
    Ok(())
}

macro_rules! change_columns {
    () => {
        "c.id, c.organization_id, c.entry_kind, c.entry_id, c.kind, c.actor_user_id,
         c.actor_agency_id, c.owner_agency_id, c.at, c.fields"
    };
}

fn change_from(row: &Row) -> StoreResult<DirectoryChangeRow> {
    Ok(DirectoryChangeRow {
        id: get(row, "id")?,
        organization_id: OrganizationId(get(row, "organization_id")?),
        entry_kind: get_parsed(row, "entry_kind")?,
        entry_id: get(row, "entry_id")?,
        kind: get_parsed(row, "kind")?,
        actor_user_id: get::<Option<Uuid>>(row, "actor_user_id")?.map(UserId),
        actor_agency_id: get::<Option<Uuid>>(row, "actor_agency_id")?.map(AgencyId),
        owner_agency_id: get::<Option<Uuid>>(row, "owner_agency_id")?.map(AgencyId),
        at: get(row, "at")?,
        fields: from_json(row, "fields")?,
    })
}

fn notice_from(row: &Row) -> StoreResult<DirectoryNoticeRow> {
    Ok(DirectoryNoticeRow {
        id: get(row, "notice_id")?,
        agency_id: AgencyId(get(row, "notice_agency_id")?),
        change_id: get(row, "change_id")?,
        created_at: get(row, "notice_created_at")?,
        read_at: get(row, "notice_read_at")?,
    })
}

pub async fn organization_standing(
    pool: &dyn Database,
    id: OrganizationId,
) -> StoreResult<Option<OrganizationStanding>> {
    let mut conn = read_tx(pool).await?;
    let row = query(
        "SELECT id, name, agency_id, details, last_verified_at, created_at, updated_at, revision
         FROM dir_organizations WHERE id = $1",
    )
    .bind(id.0)
    .fetch_optional(&mut *conn)
    .await
    .map_err(db)?;
    let Some(row) = row else { return Ok(None) };
    let organization = organization_from(&row)?;
    let revision: i64 = get(&row, "revision")?;
    let rows = query(
        "SELECT id AS entry_id, area_id FROM dir_locations
         WHERE organization_id = $1 AND area_id IS NOT NULL
         UNION ALL
         SELECT a.service_id AS entry_id, a.area_id FROM dir_service_areas a
         JOIN dir_services s ON s.id = a.service_id WHERE s.organization_id = $1
         ORDER BY 1, 2",
    )
    .bind(id.0)
    .fetch_all(&mut *conn)
    .await
    .map_err(db)?;
    let placements = rows
        .iter()
        .map(|r| {
            Ok(Placement {
                entry_id: get(r, "entry_id")?,
                area_id: AreaId(get(r, "area_id")?),
            })
        })
        .collect::<StoreResult<Vec<_>>>()?;
    Ok(Some(OrganizationStanding {
        organization,
        revision,
        placements,
    }))
}

pub async fn organization_revisions(
    pool: &dyn Database,
) -> StoreResult<Vec<(OrganizationId, i64)>> {
    let rows = query("SELECT id, revision FROM dir_organizations ORDER BY id")
        .fetch_all(pool)
        .await
        .map_err(db)?;
    rows.iter()
        .map(|r| Ok((OrganizationId(get(r, "id")?), get(r, "revision")?)))
        .collect()
}

pub async fn directory_history(
    pool: &dyn Database,
    filter: &HistoryFilter,
    page: &PageRequest,
) -> StoreResult<Page<DirectoryChangeRow>> {
    let after = match paging::micros_and_id(page)? {
        Some((micros, id)) => Some((
            DateTime::<Utc>::from_timestamp_micros(micros).ok_or(StoreError::InvalidCursor)?,
            id,
        )),
        None => None,
    };
    let mut query = QueryBuilder::new(concat!(
        "SELECT ",
        change_columns!(),
        " FROM dir_changes c WHERE 1 = 1"
    ));
    if let Some(organization) = filter.organization {
        query
            .push(" AND c.organization_id = ")
            .push_bind(organization.0);
    }
    if let Some(entry) = filter.entry {
        query.push(" AND c.entry_id = ").push_bind(entry);
    }
    if let Some((at, id)) = after {
        query
            .push(" AND (c.at, c.id) < (")
            .push_bind(at)
            .push(", ")
            .push_bind(id)
            .push(")");
    }
    query
        .push(" ORDER BY c.at DESC, c.id DESC LIMIT ")
        .push_bind(paging::fetch_limit(page));
    let rows = query.build().fetch_all(pool).await.map_err(db)?;
    let items = rows
        .iter()
        .map(change_from)
        .collect::<StoreResult<Vec<_>>>()?;
    Ok(paging::finish(items, page, |c| {
        paging::micros_and_id_cursor(c.at.timestamp_micros(), c.id)
    }))
}

pub async fn unread_directory_notices(
    pool: &dyn Database,
    agency: AgencyId,
    limit: u32,
) -> StoreResult<Vec<DirectoryNotice>> {
    let rows = query(concat!(
        "SELECT n.id AS notice_id, n.agency_id AS notice_agency_id, n.change_id,
                n.created_at AS notice_created_at, n.read_at AS notice_read_at, ",
        change_columns!(),
        " FROM dir_change_notices n JOIN dir_changes c ON c.id = n.change_id
          WHERE n.agency_id = $1 AND n.read_at IS NULL
          ORDER BY n.created_at DESC, n.id DESC LIMIT $2"
    ))
    .bind(agency.0)
    .bind(i64::from(limit))
    .fetch_all(pool)
    .await
    .map_err(db)?;
    rows.iter()
        .map(|r| {
            Ok(DirectoryNotice {
                notice: notice_from(r)?,
                change: change_from(r)?,
            })
        })
        .collect()
}

// ---- copy ----

pub async fn all_history(conn: &mut dyn Connection) -> StoreResult<DirectoryHistoryDump> {
    let rows = query(concat!(
        "SELECT ",
        change_columns!(),
        " FROM dir_changes c ORDER BY c.id"
    ))
    .fetch_all(&mut *conn)
    .await
    .map_err(db)?;
    let changes = rows
        .iter()
        .map(change_from)
        .collect::<StoreResult<Vec<_>>>()?;
    let rows = query(
        "SELECT id AS notice_id, agency_id AS notice_agency_id, change_id,
                created_at AS notice_created_at, read_at AS notice_read_at
         FROM dir_change_notices ORDER BY id",
    )
    .fetch_all(&mut *conn)
    .await
    .map_err(db)?;
    let notices = rows
        .iter()
        .map(notice_from)
        .collect::<StoreResult<Vec<_>>>()?;
    Ok(DirectoryHistoryDump { changes, notices })
}

pub async fn insert_history(
    conn: &mut dyn Connection,
    dump: &DirectoryHistoryDump,
) -> StoreResult<()> {
    for change in &dump.changes {
        insert_change(conn, change).await?;
    }
    for notice in &dump.notices {
        insert_notice(conn, notice).await?;
    }
    Ok(())
}

#[async_trait::async_trait]
impl<E: Database> concord_store::DirectoryStore for crate::SqlStore<E> {
    async fn put_organization(
        &self,
        o: &OrganizationRow,
        write: &DirectoryWrite,
    ) -> StoreResult<()> {
        put_organization(self.db(), o, write).await
    }
    async fn get_organization(&self, id: OrganizationId) -> StoreResult<Option<OrganizationRow>> {
        get_organization(self.db(), id).await
    }
    async fn list_organizations(&self, page: &PageRequest) -> StoreResult<Page<OrganizationRow>> {
        list_organizations(self.db(), page).await
    }
    async fn put_location(&self, l: &LocationRow, write: &DirectoryWrite) -> StoreResult<()> {
        put_location(self.db(), l, write).await
    }
    async fn list_locations(
        &self,
        organization: Option<OrganizationId>,
    ) -> StoreResult<Vec<LocationRow>> {
        let mut conn = self.db().connection().await?;
        list_locations(&mut conn, organization).await
    }
    async fn put_service(&self, s: &ServiceRow, write: &DirectoryWrite) -> StoreResult<()> {
        put_service(self.db(), s, write).await
    }
    async fn get_service(&self, id: ServiceId) -> StoreResult<Option<ServiceRow>> {
        get_service(self.db(), id).await
    }
    async fn list_services(
        &self,
        filter: &ServiceFilter,
        page: &PageRequest,
    ) -> StoreResult<Page<ServiceRow>> {
        list_services(self.db(), filter, page).await
    }
    async fn put_term(&self, t: &TermRow, audit: &NewAuditEvent) -> StoreResult<()> {
        put_term(self.db(), t, audit).await
    }
    async fn list_terms(&self) -> StoreResult<Vec<TermRow>> {
        let mut conn = self.db().connection().await?;
        list_terms(&mut conn).await
    }
    async fn export_directory(&self) -> StoreResult<DirectoryDump> {
        export_directory(self.db()).await
    }
    async fn import_directory(
        &self,
        dump: &DirectoryDump,
        write: &DirectoryWrite,
    ) -> StoreResult<()> {
        import_directory(self.db(), dump, write).await
    }
    async fn organization_standing(
        &self,
        id: OrganizationId,
    ) -> StoreResult<Option<OrganizationStanding>> {
        organization_standing(self.db(), id).await
    }
    async fn organization_revisions(&self) -> StoreResult<Vec<(OrganizationId, i64)>> {
        organization_revisions(self.db()).await
    }
    async fn directory_history(
        &self,
        filter: &HistoryFilter,
        page: &PageRequest,
    ) -> StoreResult<Page<DirectoryChangeRow>> {
        directory_history(self.db(), filter, page).await
    }
    async fn unread_directory_notices(
        &self,
        agency: AgencyId,
        limit: u32,
    ) -> StoreResult<Vec<DirectoryNotice>> {
        unread_directory_notices(self.db(), agency, limit).await
    }
    async fn mark_directory_notice_read(
        &self,
        agency: AgencyId,
        id: Uuid,
        at: DateTime<Utc>,
    ) -> StoreResult<bool> {
        crate::agency_notices::mark_read(
            self.db(),
            crate::agency_notices::NoticeTable::DirectoryChanges,
            agency,
            id,
            at,
        )
        .await
    }
}
