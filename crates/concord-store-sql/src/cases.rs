//! Survivors and their cases: registration, the caseload lists, case
//! decisions, and purging a survivor with everything of hers.

use crate::audit::insert_event;
use crate::incident_counts::{Before, Scope};
use crate::sql::*;
use chrono::{DateTime, Utc};
use concord_domain::case::CaseStatus;
use concord_domain::ids::{AgencyId, CaseId, SurvivorId, UserId};
use concord_store::{
    CaseListFilter, CaseListItem, CaseRow, NewAuditEvent, Page, PageRequest, StoreError,
    StoreResult, SurvivorRow,
};
use uuid::Uuid;

// ---- survivors ----

macro_rules! survivor_select {
    () => {
        "SELECT id, agency_id, reference, name, other_identifiers, date_of_birth, stated_age, age_group,
                sex_gender, disability, displacement, languages, contact, name_dob_index,
                legal_hold, created_by, created_at
         FROM survivors"
    };
}

fn survivor_from(row: &Row) -> StoreResult<SurvivorRow> {
    Ok(SurvivorRow {
        id: SurvivorId(get(row, "id")?),
        agency_id: AgencyId(get(row, "agency_id")?),
        reference: get(row, "reference")?,
        name: get(row, "name")?,
        other_identifiers: get(row, "other_identifiers")?,
        date_of_birth: get(row, "date_of_birth")?,
        stated_age: get(row, "stated_age")?,
        age_group: get_parsed_opt(row, "age_group")?,
        sex_gender: get_parsed(row, "sex_gender")?,
        disability: get(row, "disability")?,
        displacement: get_parsed(row, "displacement")?,
        languages: get_labels(row, "languages")?,
        contact: get(row, "contact")?,
        name_dob_index: get(row, "name_dob_index")?,
        legal_hold: get(row, "legal_hold")?,
        created_by: UserId(get(row, "created_by")?),
        created_at: get(row, "created_at")?,
    })
}

pub async fn insert_survivor(conn: &mut dyn Connection, s: &SurvivorRow) -> StoreResult<()> {
    query(
        "INSERT INTO survivors (id, agency_id, reference, name, other_identifiers, date_of_birth,
                                age_group, sex_gender, disability, displacement, languages, contact,
                                name_dob_index, legal_hold, created_by, created_at, stated_age)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)",
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
    .bind(&s.languages)
    .bind(&s.contact)
    .bind(&s.name_dob_index)
    .bind(s.legal_hold)
    .bind(s.created_by.0)
    .bind(s.created_at)
    .bind(&s.stated_age)
    .execute(conn)
    .await
    .map_err(db)?;
    Ok(())
}

pub async fn create_survivor(
    pool: &dyn Database,
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
            ("agencies", Some(survivor.agency_id.0), "agency_id"),
            ("users", Some(survivor.created_by.0), "created_by"),
            ("agencies", Some(case.owning_agency.0), "owning_agency"),
            (
                "users",
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

pub async fn get_survivor(pool: &dyn Database, id: SurvivorId) -> StoreResult<Option<SurvivorRow>> {
    let row = query(concat!(survivor_select!(), " WHERE id = $1"))
        .bind(id.0)
        .fetch_optional(pool)
        .await
        .map_err(db)?;
    row.as_ref().map(survivor_from).transpose()
}

pub async fn find_survivors(
    pool: &dyn Database,
    agency: AgencyId,
    name_dob_index: &[u8],
) -> StoreResult<Vec<SurvivorRow>> {
    let rows = query(concat!(
        survivor_select!(),
        " WHERE agency_id = $1 AND name_dob_index = $2 ORDER BY created_at DESC, id DESC"
    ))
    .bind(agency.0)
    .bind(name_dob_index)
    .fetch_all(pool)
    .await
    .map_err(db)?;
    rows.iter().map(survivor_from).collect()
}

pub async fn update_survivor(
    pool: &dyn Database,
    s: &SurvivorRow,
    audit: &NewAuditEvent,
) -> StoreResult<()> {
    let mut tx = write_tx(pool).await?;
    let counts = Before::read(&mut *tx, Scope::Survivor(s.id)).await?;
    let updated = query(
        "UPDATE survivors SET name = $1, other_identifiers = $2, date_of_birth = $3,
                              age_group = $4, sex_gender = $5, disability = $6,
                              displacement = $7, languages = $8, contact = $9,
                              name_dob_index = $10, stated_age = $12
         WHERE id = $11",
    )
    .bind(&s.name)
    .bind(&s.other_identifiers)
    .bind(&s.date_of_birth)
    .bind(s.age_group.map(|a| a.as_str()))
    .bind(s.sex_gender.as_str())
    .bind(s.disability)
    .bind(s.displacement.as_str())
    .bind(&s.languages)
    .bind(&s.contact)
    .bind(&s.name_dob_index)
    .bind(s.id.0)
    .bind(&s.stated_age)
    .execute(&mut *tx)
    .await
    .map_err(db)?;
    if updated.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    counts.apply(&mut *tx).await?;
    insert_event(&mut tx, audit).await?;
    tx.commit().await.map_err(db)
}

pub async fn set_legal_hold(
    pool: &dyn Database,
    id: SurvivorId,
    hold: bool,
    audit: &NewAuditEvent,
) -> StoreResult<()> {
    let mut tx = write_tx(pool).await?;
    let updated = query("UPDATE survivors SET legal_hold = $1 WHERE id = $2")
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

pub async fn all_survivors(conn: &mut dyn Connection) -> StoreResult<Vec<SurvivorRow>> {
    let rows = query(concat!(survivor_select!(), " ORDER BY id"))
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
         c.updated_at, c.first_contact_on"
    };
}

macro_rules! case_select {
    () => {
        concat!("SELECT ", case_columns!(), " FROM cases c")
    };
}

fn case_from(row: &Row) -> StoreResult<CaseRow> {
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
        opened_at: get(row, "opened_at")?,
        first_contact_on: get(row, "first_contact_on")?,
        closed_at: get(row, "closed_at")?,
        updated_at: get(row, "updated_at")?,
    })
}

pub async fn insert_case(conn: &mut dyn Connection, case: &CaseRow) -> StoreResult<()> {
    query(
        "INSERT INTO cases (id, survivor_id, owning_agency, assigned_caseworker, status,
                            plan_approval, closure_approval, closure_reason, approval_comment,
                            opened_at, closed_at, updated_at, first_contact_on)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
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
    .bind(case.opened_at)
    .bind(case.closed_at)
    .bind(case.updated_at)
    .bind(case.first_contact_on)
    .execute(conn)
    .await
    .map_err(db)?;
    Ok(())
}

pub async fn get_case(pool: &dyn Database, id: CaseId) -> StoreResult<Option<CaseRow>> {
    let row = query(concat!(case_select!(), " WHERE c.id = $1"))
        .bind(id.0)
        .fetch_optional(pool)
        .await
        .map_err(db)?;
    row.as_ref().map(case_from).transpose()
}

pub async fn list_survivor_cases(
    pool: &dyn Database,
    survivor: SurvivorId,
) -> StoreResult<Vec<CaseRow>> {
    let rows = query(concat!(
        case_select!(),
        " WHERE c.survivor_id = $1 ORDER BY c.opened_at, c.id"
    ))
    .bind(survivor.0)
    .fetch_all(pool)
    .await
    .map_err(db)?;
    rows.iter().map(case_from).collect()
}

/// One conditional UPDATE: of two supervisors deciding at once, the second
/// waits for the first's row lock, then finds the status changed and gets
/// `Conflict`.
pub async fn update_case(
    pool: &dyn Database,
    case: &CaseRow,
    expected_status: CaseStatus,
    audit: &NewAuditEvent,
) -> StoreResult<()> {
    let mut tx = write_tx(pool).await?;
    update_case_in(&mut tx, case, expected_status).await?;
    insert_event(&mut tx, audit).await?;
    tx.commit().await.map_err(db)
}

/// Writes the case's changeable columns inside the caller's transaction,
/// only if it is still `expected_status` (else `Conflict`; `NotFound` for
/// no such case).
pub(crate) async fn update_case_in(
    tx: &mut dyn Connection,
    case: &CaseRow,
    expected_status: CaseStatus,
) -> StoreResult<()> {
    require(
        &mut *tx,
        &[(
            "users",
            case.assigned_caseworker.map(|u| u.0),
            "assigned_caseworker",
        )],
    )
    .await?;
    let updated = query(
        "UPDATE cases SET status = $1, plan_approval = $2, closure_approval = $3,
                          closure_reason = $4, approval_comment = $5, closed_at = $6,
                          assigned_caseworker = $7, updated_at = $8
         WHERE id = $9 AND status = $10",
    )
    .bind(case.status.as_str())
    .bind(case.plan_approval.map(|a| a.as_str()))
    .bind(case.closure_approval.map(|a| a.as_str()))
    .bind(&case.closure_reason)
    .bind(&case.approval_comment)
    .bind(case.closed_at)
    .bind(case.assigned_caseworker.map(|u| u.0))
    .bind(case.updated_at)
    .bind(case.id.0)
    .bind(expected_status.as_str())
    .execute(&mut *tx)
    .await
    .map_err(db)?;
    if updated.rows_affected() == 0 {
        let exists: bool = query_scalar("SELECT EXISTS (SELECT 1 FROM cases WHERE id = $1)")
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
    Ok(())
}

/// One query: the page of cases joined to their survivors' references.
pub async fn list_cases(
    pool: &dyn Database,
    filter: &CaseListFilter,
    page: &PageRequest,
) -> StoreResult<Page<CaseListItem>> {
    let after = match paging::micros_and_id(page)? {
        Some((micros, id)) => Some((
            DateTime::<Utc>::from_timestamp_micros(micros).ok_or(StoreError::InvalidCursor)?,
            id,
        )),
        None => None,
    };
    let now = filter.now;
    let mut query = QueryBuilder::new(concat!(
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
        paging::micros_and_id_cursor(item.case.updated_at.timestamp_micros(), item.case.id.0)
    }))
}

pub async fn all_cases(conn: &mut dyn Connection) -> StoreResult<Vec<CaseRow>> {
    let rows = query(concat!(case_select!(), " ORDER BY c.id"))
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
    pool: &dyn Database,
    id: SurvivorId,
    audit: &NewAuditEvent,
) -> StoreResult<()> {
    let mut tx = write_tx(pool).await?;
    let counts = Before::read(&mut *tx, Scope::Survivor(id)).await?;
    let deleted = query("DELETE FROM survivors WHERE id = $1")
        .bind(id.0)
        .execute(&mut *tx)
        .await
        .map_err(db)?;
    if deleted.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    counts.apply(&mut *tx).await?;
    insert_event(&mut tx, audit).await?;
    tx.commit().await.map_err(db)?;
    pool.shred_deleted().await.map_err(db)
}

pub async fn survivors_due_for_purge(
    pool: &dyn Database,
    agency: AgencyId,
    closed_before: DateTime<Utc>,
) -> StoreResult<Vec<SurvivorId>> {
    let ids: Vec<Uuid> = query_scalar(
        "SELECT s.id FROM survivors s
         WHERE s.agency_id = $1 AND NOT s.legal_hold
           AND EXISTS (SELECT 1 FROM cases c WHERE c.survivor_id = s.id)
           AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.survivor_id = s.id
                           AND (c.status <> $2 OR c.closed_at IS NULL OR c.closed_at >= $3))
         ORDER BY s.id",
    )
    .bind(agency.0)
    .bind(CaseStatus::Closed.as_str())
    .bind(closed_before)
    .fetch_all(pool)
    .await
    .map_err(db)?;
    Ok(ids.into_iter().map(SurvivorId).collect())
}
