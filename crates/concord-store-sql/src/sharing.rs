//! Who else may see a case: consents, lawful shares without consent, and
//! break-glass openings with their review.

use crate::audit::insert_event;
use crate::sql::*;
use chrono::{DateTime, Utc};
use concord_domain::ids::{AgencyId, BreakGlassId, CaseId, ConsentId, SharingId, UserId};
use concord_store::{
    BreakGlassRow, ConsentRow, NewAuditEvent, SharingRow, StoreError, StoreResult,
};
use uuid::Uuid;

// ---- consents ----

macro_rules! consent_select {
    () => {
        "SELECT id, case_id, recipient_agency, purposes, categories, given_by, child_assent,
                caregiver_unsafe, given_on, valid_from, valid_until, withdrawn_at, recorded_by,
                recorded_at
         FROM consents"
    };
}

fn consent_from(row: &Row) -> StoreResult<ConsentRow> {
    Ok(ConsentRow {
        id: ConsentId(get(row, "id")?),
        case_id: CaseId(get(row, "case_id")?),
        recipient_agency: AgencyId(get(row, "recipient_agency")?),
        purposes: get_labels(row, "purposes")?,
        categories: get_labels(row, "categories")?,
        given_by: get_parsed(row, "given_by")?,
        child_assent: get(row, "child_assent")?,
        caregiver_unsafe: get(row, "caregiver_unsafe")?,
        given_on: get(row, "given_on")?,
        valid_from: get(row, "valid_from")?,
        valid_until: get(row, "valid_until")?,
        withdrawn_at: get(row, "withdrawn_at")?,
        recorded_by: UserId(get(row, "recorded_by")?),
        recorded_at: get(row, "recorded_at")?,
    })
}

pub async fn insert_consent(conn: &mut dyn Connection, c: &ConsentRow) -> StoreResult<()> {
    query(
        "INSERT INTO consents (id, case_id, recipient_agency, purposes, categories, given_by,
                               child_assent, caregiver_unsafe, valid_from, valid_until,
                               withdrawn_at, recorded_by, recorded_at, given_on)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
    )
    .bind(c.id.0)
    .bind(c.case_id.0)
    .bind(c.recipient_agency.0)
    .bind(labels(&c.purposes))
    .bind(labels(&c.categories))
    .bind(c.given_by.as_str())
    .bind(c.child_assent)
    .bind(c.caregiver_unsafe)
    .bind(c.valid_from)
    .bind(c.valid_until)
    .bind(c.withdrawn_at)
    .bind(c.recorded_by.0)
    .bind(c.recorded_at)
    .bind(c.given_on)
    .execute(conn)
    .await
    .map_err(db)?;
    Ok(())
}

pub async fn create_consent(
    pool: &dyn Database,
    consent: &ConsentRow,
    audit: &NewAuditEvent,
) -> StoreResult<()> {
    let mut tx = write_tx(pool).await?;
    require(
        &mut tx,
        &[
            ("cases", Some(consent.case_id.0), "case_id"),
            (
                "agencies",
                Some(consent.recipient_agency.0),
                "recipient_agency",
            ),
            ("users", Some(consent.recorded_by.0), "recorded_by"),
        ],
    )
    .await?;
    insert_consent(&mut tx, consent).await?;
    insert_event(&mut tx, audit).await?;
    tx.commit().await.map_err(db)
}

pub async fn withdraw_consent(
    pool: &dyn Database,
    id: ConsentId,
    at: DateTime<Utc>,
    audit: &NewAuditEvent,
) -> StoreResult<bool> {
    let mut tx = write_tx(pool).await?;
    let withdrawn =
        query("UPDATE consents SET withdrawn_at = $1 WHERE id = $2 AND withdrawn_at IS NULL")
            .bind(at)
            .bind(id.0)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
    if withdrawn.rows_affected() == 0 {
        return Ok(false);
    }
    insert_event(&mut tx, audit).await?;
    tx.commit().await.map_err(db)?;
    Ok(true)
}

pub async fn list_consents(pool: &dyn Database, case: CaseId) -> StoreResult<Vec<ConsentRow>> {
    let rows = query(concat!(
        consent_select!(),
        " WHERE case_id = $1 ORDER BY recorded_at DESC, id DESC"
    ))
    .bind(case.0)
    .fetch_all(pool)
    .await
    .map_err(db)?;
    rows.iter().map(consent_from).collect()
}

pub async fn all_consents(conn: &mut dyn Connection) -> StoreResult<Vec<ConsentRow>> {
    let rows = query(concat!(consent_select!(), " ORDER BY id"))
        .fetch_all(conn)
        .await
        .map_err(db)?;
    rows.iter().map(consent_from).collect()
}

// ---- lawful shares ----

macro_rules! sharing_select {
    () => {
        "SELECT id, case_id, recipient_agency, basis, categories, reason, decision_maker,
                survivor_told, why_not_told, valid_until, revoked_at, created_at
         FROM sharings"
    };
}

fn sharing_from(row: &Row) -> StoreResult<SharingRow> {
    Ok(SharingRow {
        id: SharingId(get(row, "id")?),
        case_id: CaseId(get(row, "case_id")?),
        recipient_agency: AgencyId(get(row, "recipient_agency")?),
        basis: get_parsed(row, "basis")?,
        categories: get_labels(row, "categories")?,
        reason: get(row, "reason")?,
        decision_maker: UserId(get(row, "decision_maker")?),
        survivor_told: get(row, "survivor_told")?,
        why_not_told: get(row, "why_not_told")?,
        valid_until: get(row, "valid_until")?,
        revoked_at: get(row, "revoked_at")?,
        created_at: get(row, "created_at")?,
    })
}

pub async fn insert_sharing(conn: &mut dyn Connection, s: &SharingRow) -> StoreResult<()> {
    query(
        "INSERT INTO sharings (id, case_id, recipient_agency, basis, categories, reason,
                               decision_maker, survivor_told, why_not_told, valid_until,
                               revoked_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(s.id.0)
    .bind(s.case_id.0)
    .bind(s.recipient_agency.0)
    .bind(s.basis.as_str())
    .bind(labels(&s.categories))
    .bind(&s.reason)
    .bind(s.decision_maker.0)
    .bind(s.survivor_told)
    .bind(&s.why_not_told)
    .bind(s.valid_until)
    .bind(s.revoked_at)
    .bind(s.created_at)
    .execute(conn)
    .await
    .map_err(db)?;
    Ok(())
}

pub async fn create_sharing(
    pool: &dyn Database,
    sharing: &SharingRow,
    audit: &NewAuditEvent,
) -> StoreResult<()> {
    let mut tx = write_tx(pool).await?;
    require(
        &mut tx,
        &[
            ("cases", Some(sharing.case_id.0), "case_id"),
            (
                "agencies",
                Some(sharing.recipient_agency.0),
                "recipient_agency",
            ),
            ("users", Some(sharing.decision_maker.0), "decision_maker"),
        ],
    )
    .await?;
    insert_sharing(&mut tx, sharing).await?;
    insert_event(&mut tx, audit).await?;
    tx.commit().await.map_err(db)
}

pub async fn revoke_sharing(
    pool: &dyn Database,
    id: SharingId,
    at: DateTime<Utc>,
    audit: &NewAuditEvent,
) -> StoreResult<bool> {
    let mut tx = write_tx(pool).await?;
    let revoked = query("UPDATE sharings SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
        .bind(at)
        .bind(id.0)
        .execute(&mut *tx)
        .await
        .map_err(db)?;
    if revoked.rows_affected() == 0 {
        return Ok(false);
    }
    insert_event(&mut tx, audit).await?;
    tx.commit().await.map_err(db)?;
    Ok(true)
}

pub async fn list_sharings(pool: &dyn Database, case: CaseId) -> StoreResult<Vec<SharingRow>> {
    let rows = query(concat!(
        sharing_select!(),
        " WHERE case_id = $1 ORDER BY created_at DESC, id DESC"
    ))
    .bind(case.0)
    .fetch_all(pool)
    .await
    .map_err(db)?;
    rows.iter().map(sharing_from).collect()
}

pub async fn all_sharings(conn: &mut dyn Connection) -> StoreResult<Vec<SharingRow>> {
    let rows = query(concat!(sharing_select!(), " ORDER BY id"))
        .fetch_all(conn)
        .await
        .map_err(db)?;
    rows.iter().map(sharing_from).collect()
}

// ---- break-glass ----

macro_rules! grant_columns {
    () => {
        "b.id, b.case_id, b.user_id, b.agency_id, b.reason, b.started_at, b.expires_at,
         b.review_outcome, b.reviewed_by, b.reviewed_at, b.review_comment"
    };
}

macro_rules! grant_select {
    () => {
        concat!("SELECT ", grant_columns!(), " FROM break_glass b")
    };
}

fn grant_from(row: &Row) -> StoreResult<BreakGlassRow> {
    Ok(BreakGlassRow {
        id: BreakGlassId(get(row, "id")?),
        case_id: CaseId(get(row, "case_id")?),
        user_id: UserId(get(row, "user_id")?),
        agency_id: AgencyId(get(row, "agency_id")?),
        reason: get(row, "reason")?,
        started_at: get(row, "started_at")?,
        expires_at: get(row, "expires_at")?,
        review_outcome: get(row, "review_outcome")?,
        reviewed_by: get::<Option<Uuid>>(row, "reviewed_by")?.map(UserId),
        reviewed_at: get(row, "reviewed_at")?,
        review_comment: get(row, "review_comment")?,
    })
}

pub async fn insert_break_glass(conn: &mut dyn Connection, g: &BreakGlassRow) -> StoreResult<()> {
    query(
        "INSERT INTO break_glass (id, case_id, user_id, agency_id, reason, started_at, expires_at,
                                  review_outcome, reviewed_by, reviewed_at, review_comment)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(g.id.0)
    .bind(g.case_id.0)
    .bind(g.user_id.0)
    .bind(g.agency_id.0)
    .bind(&g.reason)
    .bind(g.started_at)
    .bind(g.expires_at)
    .bind(&g.review_outcome)
    .bind(g.reviewed_by.map(|u| u.0))
    .bind(g.reviewed_at)
    .bind(&g.review_comment)
    .execute(conn)
    .await
    .map_err(db)?;
    Ok(())
}

pub async fn create_break_glass(
    pool: &dyn Database,
    grant: &BreakGlassRow,
    audit: &NewAuditEvent,
) -> StoreResult<()> {
    let mut tx = write_tx(pool).await?;
    require(
        &mut tx,
        &[
            ("cases", Some(grant.case_id.0), "case_id"),
            ("users", Some(grant.user_id.0), "user_id"),
            ("agencies", Some(grant.agency_id.0), "agency_id"),
            ("users", grant.reviewed_by.map(|u| u.0), "reviewed_by"),
        ],
    )
    .await?;
    insert_break_glass(&mut tx, grant).await?;
    insert_event(&mut tx, audit).await?;
    tx.commit().await.map_err(db)
}

pub async fn active_break_glass(
    pool: &dyn Database,
    case: CaseId,
    user: UserId,
    now: DateTime<Utc>,
) -> StoreResult<Option<BreakGlassRow>> {
    let row = query(concat!(
        grant_select!(),
        " WHERE b.case_id = $1 AND b.user_id = $2 AND b.started_at <= $3 AND b.expires_at > $3
          ORDER BY b.started_at DESC, b.id DESC LIMIT 1"
    ))
    .bind(case.0)
    .bind(user.0)
    .bind(now)
    .fetch_optional(pool)
    .await
    .map_err(db)?;
    row.as_ref().map(grant_from).transpose()
}

pub async fn break_glass_to_review(
    pool: &dyn Database,
    agency: AgencyId,
) -> StoreResult<Vec<BreakGlassRow>> {
    let rows = query(concat!(
        grant_select!(),
        " JOIN cases c ON c.id = b.case_id
          WHERE c.owning_agency = $1 AND b.reviewed_at IS NULL
          ORDER BY b.started_at, b.id"
    ))
    .bind(agency.0)
    .fetch_all(pool)
    .await
    .map_err(db)?;
    rows.iter().map(grant_from).collect()
}

/// A review needs its outcome, reviewer and time; the comment is optional.
fn review_of(grant: &BreakGlassRow) -> StoreResult<(&str, UserId, DateTime<Utc>)> {
    match (&grant.review_outcome, grant.reviewed_by, grant.reviewed_at) {
        (Some(outcome), Some(by), Some(at)) => Ok((outcome, by, at)),
        _ => Err(StoreError::Backend(
            "a break-glass review needs its outcome, reviewer and time".into(),
        )),
    }
}

/// One conditional UPDATE: of two supervisors reviewing at once, the second
/// waits for the first's row lock and then finds it reviewed.
pub async fn review_break_glass(
    pool: &dyn Database,
    grant: &BreakGlassRow,
    audit: &NewAuditEvent,
) -> StoreResult<bool> {
    let (outcome, reviewer, at) = review_of(grant)?;
    let mut tx = write_tx(pool).await?;
    let reviewed = query(
        "UPDATE break_glass SET review_outcome = $1, reviewed_by = $2, reviewed_at = $3,
                                review_comment = $4
         WHERE id = $5 AND reviewed_at IS NULL",
    )
    .bind(outcome)
    .bind(reviewer.0)
    .bind(at)
    .bind(&grant.review_comment)
    .bind(grant.id.0)
    .execute(&mut *tx)
    .await
    .map_err(referencing("reviewed_by"))?;
    if reviewed.rows_affected() == 0 {
        return Ok(false);
    }
    insert_event(&mut tx, audit).await?;
    tx.commit().await.map_err(db)?;
    Ok(true)
}

pub async fn all_break_glass(conn: &mut dyn Connection) -> StoreResult<Vec<BreakGlassRow>> {
    let rows = query(concat!(grant_select!(), " ORDER BY b.id"))
        .fetch_all(conn)
        .await
        .map_err(db)?;
    rows.iter().map(grant_from).collect()
}
