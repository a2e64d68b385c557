//! Per-agency data keys (wrapped by the master key) and agencies' case
//! settings.

use crate::audit::insert_event;
use crate::codec::{get, get_time, micros};
use crate::errors::{db, referencing};
use crate::write_tx;
use concord_domain::ids::{AgencyId, UserId};
use concord_store::{
    CaseSettingsRow, DataKeyRow, MasterKeyRotation, MasterSealed, NewAuditEvent, SealedTotpRow,
    StoreError, StoreResult,
};
use sqlx::sqlite::SqliteRow;
use sqlx::{SqliteConnection, SqlitePool};
use uuid::Uuid;

// ---- data keys ----

macro_rules! key_select {
    () => {
        "SELECT agency_id, key_id, version, wrapped, created_at, active FROM data_keys"
    };
}

fn key_from(row: &SqliteRow) -> StoreResult<DataKeyRow> {
    Ok(DataKeyRow {
        agency_id: AgencyId(get(row, "agency_id")?),
        key_id: get(row, "key_id")?,
        version: get(row, "version")?,
        wrapped: get(row, "wrapped")?,
        created_at: get_time(row, "created_at")?,
        active: get(row, "active")?,
    })
}

pub async fn insert_data_key(conn: &mut SqliteConnection, key: &DataKeyRow) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO data_keys (agency_id, key_id, version, wrapped, created_at, active)
         VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(key.agency_id.0)
    .bind(key.key_id)
    .bind(key.version)
    .bind(&key.wrapped)
    .bind(micros(&key.created_at))
    .bind(key.active)
    .execute(conn)
    .await
    .map_err(referencing("agency_id"))?;
    Ok(())
}

/// A new active version retires the agency's previous active one (kept to
/// decrypt what it encrypted) in the same transaction.
pub async fn create_data_key(
    pool: &SqlitePool,
    key: &DataKeyRow,
    audit: &NewAuditEvent,
) -> StoreResult<()> {
    let mut tx = write_tx(pool).await?;
    if key.active {
        sqlx::query("UPDATE data_keys SET active = 0 WHERE agency_id = ? AND active = 1")
            .bind(key.agency_id.0)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
    }
    insert_data_key(&mut tx, key).await?;
    insert_event(&mut tx, audit).await?;
    tx.commit().await.map_err(db)
}

pub async fn list_data_keys(pool: &SqlitePool, agency: AgencyId) -> StoreResult<Vec<DataKeyRow>> {
    let rows = sqlx::query(concat!(
        key_select!(),
        " WHERE agency_id = ? ORDER BY created_at, version, key_id"
    ))
    .bind(agency.0)
    .fetch_all(pool)
    .await
    .map_err(db)?;
    rows.iter().map(key_from).collect()
}

pub async fn get_data_key(
    pool: &SqlitePool,
    key_id: Uuid,
    version: i32,
) -> StoreResult<Option<DataKeyRow>> {
    let row = sqlx::query(concat!(key_select!(), " WHERE key_id = ? AND version = ?"))
        .bind(key_id)
        .bind(version)
        .fetch_optional(pool)
        .await
        .map_err(db)?;
    row.as_ref().map(key_from).transpose()
}

/// All or nothing: an unknown version ends the transaction unwritten.
pub async fn rewrap_data_keys(
    pool: &SqlitePool,
    keys: &[DataKeyRow],
    audit: &NewAuditEvent,
) -> StoreResult<()> {
    let mut tx = write_tx(pool).await?;
    for key in keys {
        let updated =
            sqlx::query("UPDATE data_keys SET wrapped = ? WHERE key_id = ? AND version = ?")
                .bind(&key.wrapped)
                .bind(key.key_id)
                .bind(key.version)
                .execute(&mut *tx)
                .await
                .map_err(db)?;
        if updated.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
    }
    insert_event(&mut tx, audit).await?;
    tx.commit().await.map_err(db)
}

pub async fn all_data_keys(conn: &mut SqliteConnection) -> StoreResult<Vec<DataKeyRow>> {
    let rows = sqlx::query(concat!(key_select!(), " ORDER BY key_id, version"))
        .fetch_all(conn)
        .await
        .map_err(db)?;
    rows.iter().map(key_from).collect()
}

// ---- master key rotation ----

async fn read_master_sealed(conn: &mut SqliteConnection) -> StoreResult<MasterSealed> {
    let data_keys = all_data_keys(&mut *conn).await?;
    let rows = sqlx::query(
        "SELECT id, totp_secret, totp_pending_secret FROM users
         WHERE totp_secret IS NOT NULL OR totp_pending_secret IS NOT NULL ORDER BY id",
    )
    .fetch_all(&mut *conn)
    .await
    .map_err(db)?;
    let totp = rows
        .iter()
        .map(|row| {
            Ok(SealedTotpRow {
                user_id: UserId(get(row, "id")?),
                totp_secret: get(row, "totp_secret")?,
                totp_pending_secret: get(row, "totp_pending_secret")?,
            })
        })
        .collect::<StoreResult<_>>()?;
    Ok(MasterSealed { data_keys, totp })
}

/// One read transaction, so data keys and secrets come from one snapshot.
pub async fn list_master_sealed(pool: &SqlitePool) -> StoreResult<MasterSealed> {
    let mut tx = pool.begin().await.map_err(db)?;
    let sealed = read_master_sealed(&mut tx).await?;
    tx.commit().await.map_err(db)?;
    Ok(sealed)
}

/// `BEGIN IMMEDIATE` holds the database's one write lock from the start,
/// so nothing can change between the check and the writes.
pub async fn rotate_master_key(
    pool: &SqlitePool,
    rotation: &MasterKeyRotation,
    audit: &NewAuditEvent,
) -> StoreResult<()> {
    rotation.check_shape()?;
    let mut tx = write_tx(pool).await?;
    if read_master_sealed(&mut tx).await? != rotation.before {
        return Err(StoreError::Conflict);
    }
    for setting in &rotation.settings {
        let value: Option<String> = sqlx::query_scalar("SELECT value FROM settings WHERE key = ?")
            .bind(&setting.key)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db)?;
        if value != setting.before {
            return Err(StoreError::Conflict);
        }
        if let Some(after) = &setting.after {
            sqlx::query("UPDATE settings SET value = ? WHERE key = ?")
                .bind(after)
                .bind(&setting.key)
                .execute(&mut *tx)
                .await
                .map_err(db)?;
        }
    }
    for key in &rotation.after.data_keys {
        sqlx::query("UPDATE data_keys SET wrapped = ? WHERE key_id = ? AND version = ?")
            .bind(&key.wrapped)
            .bind(key.key_id)
            .bind(key.version)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
    }
    for user in &rotation.after.totp {
        sqlx::query("UPDATE users SET totp_secret = ?, totp_pending_secret = ? WHERE id = ?")
            .bind(&user.totp_secret)
            .bind(&user.totp_pending_secret)
            .bind(user.user_id.0)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
    }
    insert_event(&mut tx, audit).await?;
    tx.commit().await.map_err(db)
}

// ---- case settings ----

macro_rules! settings_select {
    () => {
        "SELECT agency_id, plan_requires_approval, closure_requires_approval, retention_months
         FROM case_settings"
    };
}

fn settings_from(row: &SqliteRow) -> StoreResult<CaseSettingsRow> {
    Ok(CaseSettingsRow {
        agency_id: AgencyId(get(row, "agency_id")?),
        plan_requires_approval: get(row, "plan_requires_approval")?,
        closure_requires_approval: get(row, "closure_requires_approval")?,
        retention_months: get(row, "retention_months")?,
    })
}

pub async fn insert_case_settings(
    conn: &mut SqliteConnection,
    settings: &CaseSettingsRow,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO case_settings (agency_id, plan_requires_approval, closure_requires_approval,
                                    retention_months)
         VALUES (?, ?, ?, ?)",
    )
    .bind(settings.agency_id.0)
    .bind(settings.plan_requires_approval)
    .bind(settings.closure_requires_approval)
    .bind(settings.retention_months)
    .execute(conn)
    .await
    .map_err(referencing("agency_id"))?;
    Ok(())
}

pub async fn get_case_settings(
    pool: &SqlitePool,
    agency: AgencyId,
) -> StoreResult<Option<CaseSettingsRow>> {
    let row = sqlx::query(concat!(settings_select!(), " WHERE agency_id = ?"))
        .bind(agency.0)
        .fetch_optional(pool)
        .await
        .map_err(db)?;
    row.as_ref().map(settings_from).transpose()
}

pub async fn put_case_settings(
    pool: &SqlitePool,
    settings: &CaseSettingsRow,
    audit: &NewAuditEvent,
) -> StoreResult<()> {
    let mut tx = write_tx(pool).await?;
    sqlx::query(
        "INSERT INTO case_settings (agency_id, plan_requires_approval, closure_requires_approval,
                                    retention_months)
         VALUES (?, ?, ?, ?)
         ON CONFLICT (agency_id) DO UPDATE SET
             plan_requires_approval = excluded.plan_requires_approval,
             closure_requires_approval = excluded.closure_requires_approval,
             retention_months = excluded.retention_months",
    )
    .bind(settings.agency_id.0)
    .bind(settings.plan_requires_approval)
    .bind(settings.closure_requires_approval)
    .bind(settings.retention_months)
    .execute(&mut *tx)
    .await
    .map_err(referencing("agency_id"))?;
    insert_event(&mut tx, audit).await?;
    tx.commit().await.map_err(db)
}

pub async fn all_case_settings(conn: &mut SqliteConnection) -> StoreResult<Vec<CaseSettingsRow>> {
    let rows = sqlx::query(concat!(settings_select!(), " ORDER BY agency_id"))
        .fetch_all(conn)
        .await
        .map_err(db)?;
    rows.iter().map(settings_from).collect()
}
