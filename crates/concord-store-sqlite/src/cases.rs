//! Survivors and their cases: registration, the caseload lists, case
//! decisions, and purging a survivor with everything of hers.

use crate::audit::insert_event;
use crate::codec::{
    get, get_labels, get_parsed, get_parsed_opt, get_time, get_time_opt, labels_json, micros,
    micros_opt,
};
use crate::errors::{Table, db, require};
use crate::{paging, write_tx};
use chrono::{DateTime, Utc};
use concord_domain::case::CaseStatus;
use concord_domain::ids::{AgencyId, CaseId, SurvivorId, UserId};
use concord_store::{
    CaseListFilter, CaseListItem, CaseRow, NewAuditEvent, Page, PageRequest, StoreError,
    StoreResult, SurvivorRow,
};
use sqlx::sqlite::SqliteRow;
use sqlx::{QueryBuilder, Sqlite, SqliteConnection, SqlitePool};
use uuid::Uuid;

// ---- survivors ----

macro_rules! survivor_select {
    () => {
        "SELECT id, agency_id, reference, name, other_identifiers, date_of_birth, age_group,
                sex_gender, disability, displacement, languages, contact, name_dob_index,
                legal_hold, created_by, created_at
         FROM survivors"
    };
}

fn survivor_from(row: &SqliteRow) -> StoreResult<SurvivorRow> {
    Ok(SurvivorRow {
        id: SurvivorId(get(row, "id")?),
        agency_id: AgencyId(get(row, "agency_id")?),
        reference: get(row, "reference")?,
        name: get(row, "name")?,
        other_identifiers: get(row, "other_identifiers")?,
        date_of_birth: get(row, "date_of_birth")?,
        age_group: get_parsed_opt(row, "age_group")?,
        sex_gender: get_parsed(row, "sex_gender")?,
        disability: get(row, "disability")?,
        displacement: get_parsed(row, "displacement")?,
        languages: get_labels(row, "languages")?,
        contact: get(row, "contact")?,
        name_dob_index: get(row, "name_dob_index")?,
        legal_hold: get(row, "legal_hold")?,
        created_by: UserId(get(row, "created_by")?),
        created_at: get_time(row, "created_at")?,
    })
}

pub async fn insert_survivor(conn: &mut SqliteConnection, s: &SurvivorRow) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO survivors (id, agency_id, reference, name, other_identifiers, date_of_birth,
                                age_group, sex_gender, disability, displacement, languages, contact,
                                name_dob_index, legal_hold, created_by, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(s.id.0)
    .bind(s.agency_id.0)
    .bind(&s.reference)
    .bind(&s.name)
    .bind(&s.other_identifiers)
    .bind(&s.date_of_birth)
    .bind(s.age_group.map(|a| a.as_str()))
    .bind(s.sex_gender.as_str())
    .bind(s.disability)
    .bind(s.displacement.as_str())
    .bind(labels_json(&s.languages))
    .bind(&s.contact)
    .bind(&s.name_dob_index)
    .bind(s.legal_hold)
    .bind(s.created_by.0)
    .bind(micros(&s.created_at))
    .execute(conn)
    .await
    .map_err(db)?;
    Ok(())
}

pub async fn create_survivor(
    pool: &SqlitePool,
    survivor: &SurvivorRow,
    case: &CaseRow,
    audit: &NewAuditEvent,
) -> StoreResult<()> {
    // Her first case must be hers, not another survivor's.
    if case.survivor_id != survivor.id {
        return Err(StoreError::MissingReference {
            field: "survivor_id",
        });
    }
    let mut tx = write_tx(pool).await?;
    require(
        &mut tx,
        &[
            (Table::Agencies, Some(survivor.agency_id.0), "agency_id"),
            (Table::Users, Some(survivor.created_by.0), "created_by"),
            (Table::Agencies, Some(case.owning_agency.0), "owning_agency"),
            (
                Table::Users,
                case.assigned_caseworker.map(|u| u.0),
                "assigned_caseworker",
            ),
        ],
    )
    .await?;
    insert_survivor(&mut tx, survivor).await?;
    insert_case(&mut tx, case).await?;
    insert_event(&mut tx, audit).await?;
    tx.commit().await.map_err(db)
}

pub async fn get_survivor(pool: &SqlitePool, id: SurvivorId) -> StoreResult<Option<SurvivorRow>> {
    let row = sqlx::query(concat!(survivor_select!(), " WHERE id = ?"))
        .bind(id.0)
        .fetch_optional(pool)
        .await
        .map_err(db)?;
    row.as_ref().map(survivor_from).transpose()
}

pub async fn find_survivors(
    pool: &SqlitePool,
    agency: AgencyId,
    name_dob_index: &[u8],
) -> StoreResult<Vec<SurvivorRow>> {
    let rows = sqlx::query(concat!(
        survivor_select!(),
        " WHERE agency_id = ? AND name_dob_index = ? ORDER BY created_at DESC, id DESC"
    ))
    .bind(agency.0)
    .bind(name_dob_index)
    .fetch_all(pool)
    .await
    .map_err(db)?;
    rows.iter().map(survivor_from).collect()
}

pub async fn update_survivor(
    pool: &SqlitePool,
    s: &SurvivorRow,
    audit: &NewAuditEvent,
) -> StoreResult<()> {
    let mut tx = write_tx(pool).await?;
    let updated = sqlx::query(
        "UPDATE survivors SET name = ?, other_identifiers = ?, date_of_birth = ?, age_group = ?,
                              sex_gender = ?, disability = ?, displacement = ?, languages = ?,
                              contact = ?, name_dob_index = ?
         WHERE id = ?",
    )
    .bind(&s.name)
    .bind(&s.other_identifiers)
    .bind(&s.date_of_birth)
    .bind(s.age_group.map(|a| a.as_str()))
    .bind(s.sex_gender.as_str())
    .bind(s.disability)
    .bind(s.displacement.as_str())
    .bind(labels_json(&s.languages))
    .bind(&s.contact)
    .bind(&s.name_dob_index)
    .bind(s.id.0)
    .execute(&mut *tx)
    .await
    .map_err(db)?;
    if updated.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    insert_event(&mut tx, audit).await?;
    tx.commit().await.map_err(db)
}

pub async fn set_legal_hold(
    pool: &SqlitePool,
    id: SurvivorId,
    hold: bool,
    audit: &NewAuditEvent,
) -> StoreResult<()> {
    let mut tx = write_tx(pool).await?;
    let updated = sqlx::query("UPDATE survivors SET legal_hold = ? WHERE id = ?")
        .bind(hold)
        .bind(id.0)
        .execute(&mut *tx)
        .await
        .map_err(db)?;
    if updated.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    insert_event(&mut tx, audit).await?;
    tx.commit().await.map_err(db)
}

pub async fn all_survivors(conn: &mut SqliteConnection) -> StoreResult<Vec<SurvivorRow>> {
    let rows = sqlx::query(concat!(survivor_select!(), " ORDER BY id"))
        .fetch_all(conn)
        .await
        .map_err(db)?;
    rows.iter().map(survivor_from).collect()
}

// ---- cases ----

macro_rules! case_columns {
    () => {
        "c.id, c.survivor_id, c.owning_agency, c.assigned_caseworker, c.status, c.plan_approval,
         c.closure_approval, c.closure_reason, c.approval_comment, c.opened_at, c.closed_at,
         c.updated_at"
    };
}

macro_rules! case_select {
    () => {
        concat!("SELECT ", case_columns!(), " FROM cases c")
    };
}

fn case_from(row: &SqliteRow) -> StoreResult<CaseRow> {
    Ok(CaseRow {
        id: CaseId(get(row, "id")?),
        survivor_id: SurvivorId(get(row, "survivor_id")?),
        owning_agency: AgencyId(get(row, "owning_agency")?),
        assigned_caseworker: get::<Option<Uuid>>(row, "assigned_caseworker")?.map(UserId),
        status: get_parsed(row, "status")?,
        plan_approval: get_parsed_opt(row, "plan_approval")?,
        closure_approval: get_parsed_opt(row, "closure_approval")?,
        closure_reason: get(row, "closure_reason")?,
        approval_comment: get(row, "approval_comment")?,
        opened_at: get_time(row, "opened_at")?,
        closed_at: get_time_opt(row, "closed_at")?,
        updated_at: get_time(row, "updated_at")?,
    })
}

pub async fn insert_case(conn: &mut SqliteConnection, case: &CaseRow) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO cases (id, survivor_id, owning_agency, assigned_caseworker, status,
                            plan_approval, closure_approval, closure_reason, approval_comment,
                            opened_at, closed_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(case.id.0)
    .bind(case.survivor_id.0)
    .bind(case.owning_agency.0)
    .bind(case.assigned_caseworker.map(|u| u.0))
    .bind(case.status.as_str())
    .bind(case.plan_approval.map(|a| a.as_str()))
    .bind(case.closure_approval.map(|a| a.as_str()))
    .bind(&case.closure_reason)
    .bind(&case.approval_comment)
    .bind(micros(&case.opened_at))
    .bind(micros_opt(&case.closed_at))
    .bind(micros(&case.updated_at))
    .execute(conn)
    .await
    .map_err(db)?;
    Ok(())
}

pub async fn get_case(pool: &SqlitePool, id: CaseId) -> StoreResult<Option<CaseRow>> {
    let row = sqlx::query(concat!(case_select!(), " WHERE c.id = ?"))
        .bind(id.0)
        .fetch_optional(pool)
        .await
        .map_err(db)?;
    row.as_ref().map(case_from).transpose()
}

pub async fn list_survivor_cases(
    pool: &SqlitePool,
    survivor: SurvivorId,
) -> StoreResult<Vec<CaseRow>> {
    let rows = sqlx::query(concat!(
        case_select!(),
        " WHERE c.survivor_id = ? ORDER BY c.opened_at, c.id"
    ))
    .bind(survivor.0)
    .fetch_all(pool)
    .await
    .map_err(db)?;
    rows.iter().map(case_from).collect()
}

/// One conditional UPDATE: of two supervisors deciding at once, the second
/// finds the status changed and gets `Conflict`.
pub async fn update_case(
    pool: &SqlitePool,
    case: &CaseRow,
    expected_status: CaseStatus,
    audit: &NewAuditEvent,
) -> StoreResult<()> {
    let mut tx = write_tx(pool).await?;
    require(
        &mut tx,
        &[(
            Table::Users,
            case.assigned_caseworker.map(|u| u.0),
            "assigned_caseworker",
        )],
    )
    .await?;
    let updated = sqlx::query(
        "UPDATE cases SET status = ?, plan_approval = ?, closure_approval = ?, closure_reason = ?,
                          approval_comment = ?, closed_at = ?, assigned_caseworker = ?,
                          updated_at = ?
         WHERE id = ? AND status = ?",
    )
    .bind(case.status.as_str())
    .bind(case.plan_approval.map(|a| a.as_str()))
    .bind(case.closure_approval.map(|a| a.as_str()))
    .bind(&case.closure_reason)
    .bind(&case.approval_comment)
    .bind(micros_opt(&case.closed_at))
    .bind(case.assigned_caseworker.map(|u| u.0))
    .bind(micros(&case.updated_at))
    .bind(case.id.0)
    .bind(expected_status.as_str())
    .execute(&mut *tx)
    .await
    .map_err(db)?;
    if updated.rows_affected() == 0 {
        let exists: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM cases WHERE id = ?)")
            .bind(case.id.0)
            .fetch_one(&mut *tx)
            .await
            .map_err(db)?;
        return Err(if exists {
            StoreError::Conflict
        } else {
            StoreError::NotFound
        });
    }
    insert_event(&mut tx, audit).await?;
    tx.commit().await.map_err(db)
}

/// One query: the page of cases joined to their survivors' references.
pub async fn list_cases(
    pool: &SqlitePool,
    filter: &CaseListFilter,
    page: &PageRequest,
) -> StoreResult<Page<CaseListItem>> {
    let after = paging::micros_and_id(page)?;
    let now = micros(&filter.now);
    let mut query = QueryBuilder::<Sqlite>::new(concat!(
        "SELECT ",
        case_columns!(),
        ", s.reference FROM cases c JOIN survivors s ON s.id = c.survivor_id"
    ));
    if filter.shared {
        // Another agency's cases with a consent or a lawful share to this
        // agency in force at `now` (the same rules as the domain's
        // `Consent::is_active` and `LawfulShare::is_active`).
        query
            .push(" WHERE c.owning_agency <> ")
            .push_bind(filter.for_agency.0)
            .push(" AND c.id IN (SELECT case_id FROM consents WHERE recipient_agency = ")
            .push_bind(filter.for_agency.0)
            .push(" AND valid_from <= ")
            .push_bind(now)
            .push(" AND valid_until > ")
            .push_bind(now)
            .push(" AND (withdrawn_at IS NULL OR withdrawn_at > ")
            .push_bind(now)
            .push(") UNION ALL SELECT case_id FROM sharings WHERE recipient_agency = ")
            .push_bind(filter.for_agency.0)
            .push(" AND valid_until > ")
            .push_bind(now)
            .push(" AND (revoked_at IS NULL OR revoked_at > ")
            .push_bind(now)
            .push("))");
    } else {
        query
            .push(" WHERE c.owning_agency = ")
            .push_bind(filter.for_agency.0);
    }
    if let Some(user) = filter.assigned_to {
        query
            .push(" AND c.assigned_caseworker = ")
            .push_bind(user.0);
    }
    if let Some(status) = filter.status {
        query.push(" AND c.status = ").push_bind(status.as_str());
    }
    if let Some((updated_at, id)) = after {
        query
            .push(" AND (c.updated_at, c.id) < (")
            .push_bind(updated_at)
            .push(", ")
            .push_bind(id)
            .push(")");
    }
    query
        .push(" ORDER BY c.updated_at DESC, c.id DESC LIMIT ")
        .push_bind(paging::fetch_limit(page));
    let rows = query.build().fetch_all(pool).await.map_err(db)?;
    let items = rows
        .iter()
        .map(|row| {
            Ok(CaseListItem {
                case: case_from(row)?,
                survivor_reference: get(row, "reference")?,
            })
        })
        .collect::<StoreResult<Vec<_>>>()?;
    Ok(paging::finish(items, page, |item| {
        paging::micros_and_id_cursor(micros(&item.case.updated_at), item.case.id.0)
    }))
}

pub async fn all_cases(conn: &mut SqliteConnection) -> StoreResult<Vec<CaseRow>> {
    let rows = sqlx::query(concat!(case_select!(), " ORDER BY c.id"))
        .fetch_all(conn)
        .await
        .map_err(db)?;
    rows.iter().map(case_from).collect()
}

// ---- survivor rights and retention ----

/// One DELETE: every table about her hangs from `survivors` through
/// ON DELETE CASCADE (cases, and under them incidents, consents, sharings,
/// break-glass, notes and their versions, goals, safety plans and tasks).
pub async fn purge_survivor(
    pool: &SqlitePool,
    id: SurvivorId,
    audit: &NewAuditEvent,
) -> StoreResult<()> {
    let mut tx = write_tx(pool).await?;
    let deleted = sqlx::query("DELETE FROM survivors WHERE id = ?")
        .bind(id.0)
        .execute(&mut *tx)
        .await
        .map_err(db)?;
    if deleted.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    insert_event(&mut tx, audit).await?;
    tx.commit().await.map_err(db)?;
    // The write-ahead log still holds the pages as they were before the
    // delete; copying it into the file and truncating it leaves nothing of
    // her behind (secure_delete zeroes the freed pages). If a reader holds
    // the log open the checkpoint is partial; the next purge or SQLite's
    // own checkpoints finish it.
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
        .execute(pool)
        .await
        .map_err(db)?;
    Ok(())
}

pub async fn survivors_due_for_purge(
    pool: &SqlitePool,
    agency: AgencyId,
    closed_before: DateTime<Utc>,
) -> StoreResult<Vec<SurvivorId>> {
    let ids: Vec<Uuid> = sqlx::query_scalar(
        "SELECT s.id FROM survivors s
         WHERE s.agency_id = ? AND s.legal_hold = 0
           AND EXISTS (SELECT 1 FROM cases c WHERE c.survivor_id = s.id)
           AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.survivor_id = s.id
                           AND (c.status <> ? OR c.closed_at IS NULL OR c.closed_at >= ?))
         ORDER BY s.id",
    )
    .bind(agency.0)
    .bind(CaseStatus::Closed.as_str())
    .bind(micros(&closed_before))
    .fetch_all(pool)
    .await
    .map_err(db)?;
    Ok(ids.into_iter().map(SurvivorId).collect())
}
