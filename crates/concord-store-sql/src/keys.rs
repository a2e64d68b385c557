//! Per-agency data keys (wrapped by the master key) and agencies' case
//! settings.

use crate::audit::insert_event;
use crate::sql::*;
use concord_domain::ids::{AgencyId, UserId};
use concord_store::{
    CaseSettingsRow, DataKeyRow, MasterKeyRotation, MasterSealed, NewAuditEvent, SealedTotpRow,
    StoreError, StoreResult,
};
use uuid::Uuid;

// ---- data keys ----

macro_rules! key_select {
    () => {
        "SELECT agency_id, key_id, version, wrapped, created_at, active FROM data_keys"
    };
}

fn key_from(row: &Row) -> StoreResult<DataKeyRow> {
    Ok(DataKeyRow {
        agency_id: AgencyId(get(row, "agency_id")?),
        key_id: get(row, "key_id")?,
        version: get(row, "version")?,
        wrapped: get(row, "wrapped")?,
        created_at: get(row, "created_at")?,
        active: get(row, "active")?,
    })
}

pub async fn insert_data_key(conn: &mut dyn Connection, key: &DataKeyRow) -> StoreResult<()> {
    query(
        "INSERT INTO data_keys (agency_id, key_id, version, wrapped, created_at, active)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(key.agency_id.0)
    .bind(key.key_id)
    .bind(key.version)
    .bind(&key.wrapped)
    .bind(key.created_at)
    .bind(key.active)
    .execute(conn)
    .await
    .map_err(referencing("agency_id"))?;
    Ok(())
}

/// A new active version retires the agency's previous active one (kept to
/// decrypt what it encrypted) in the same transaction. A lock named for the
/// agency is taken first, so two rotations of one agency's key take turns
/// instead of the second failing on the one-active-key index.
pub async fn create_data_key(
    pool: &dyn Database,
    key: &DataKeyRow,
    audit: &NewAuditEvent,
) -> StoreResult<()> {
    let mut tx = write_tx(pool).await?;
    if key.active {
        tx.lock(&format!("data-key:{}", key.agency_id.0)).await?;
        let agency: Option<Uuid> = query_scalar("SELECT id FROM agencies WHERE id = $1")
            .bind(key.agency_id.0)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db)?;
        if agency.is_none() {
            return Err(StoreError::MissingReference { field: "agency_id" });
        }
        query("UPDATE data_keys SET active = false WHERE agency_id = $1 AND active")
            .bind(key.agency_id.0)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
    }
    insert_data_key(&mut tx, key).await?;
    insert_event(&mut tx, audit).await?;
    tx.commit().await.map_err(db)
}

pub async fn list_data_keys(pool: &dyn Database, agency: AgencyId) -> StoreResult<Vec<DataKeyRow>> {
    let rows = query(concat!(
        key_select!(),
        " WHERE agency_id = $1 ORDER BY created_at, version, key_id"
    ))
    .bind(agency.0)
    .fetch_all(pool)
    .await
    .map_err(db)?;
    rows.iter().map(key_from).collect()
}

pub async fn get_data_key(
    pool: &dyn Database,
    key_id: Uuid,
    version: i32,
) -> StoreResult<Option<DataKeyRow>> {
    let row = query(concat!(
        key_select!(),
        " WHERE key_id = $1 AND version = $2"
    ))
    .bind(key_id)
    .bind(version)
    .fetch_optional(pool)
    .await
    .map_err(db)?;
    row.as_ref().map(key_from).transpose()
}

/// All or nothing: an unknown version ends the transaction unwritten.
pub async fn rewrap_data_keys(
    pool: &dyn Database,
    keys: &[DataKeyRow],
    audit: &NewAuditEvent,
) -> StoreResult<()> {
    let mut tx = write_tx(pool).await?;
    for key in keys {
        let updated = query("UPDATE data_keys SET wrapped = $1 WHERE key_id = $2 AND version = $3")
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

pub async fn all_data_keys(conn: &mut dyn Connection) -> StoreResult<Vec<DataKeyRow>> {
    let rows = query(concat!(key_select!(), " ORDER BY key_id, version"))
        .fetch_all(conn)
        .await
        .map_err(db)?;
    rows.iter().map(key_from).collect()
}

// ---- master key rotation ----

async fn read_master_sealed(conn: &mut dyn Connection) -> StoreResult<MasterSealed> {
    let data_keys = all_data_keys(&mut *conn).await?;
    let rows = query(
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

/// One repeatable-read snapshot, so data keys and secrets agree.
pub async fn list_master_sealed(pool: &dyn Database) -> StoreResult<MasterSealed> {
    let mut tx = read_tx(pool).await?;
    let sealed = read_master_sealed(&mut tx).await?;
    tx.commit().await.map_err(db)?;
    Ok(sealed)
}

/// The three tables are locked in SHARE ROW EXCLUSIVE mode first: reads go
/// on, but no other transaction can insert, update or delete their rows
/// until this one ends, and every statement after the lock (READ COMMITTED)
/// sees whatever committed before it. So the check below sees every data
/// key and secret there is, and nothing can slip in before the commit.
pub async fn rotate_master_key(
    pool: &dyn Database,
    rotation: &MasterKeyRotation,
    audit: &NewAuditEvent,
) -> StoreResult<()> {
    rotation.check_shape()?;
    let mut tx = write_tx(pool).await?;
    tx.lock_tables_against_writes(&["data_keys", "users", "settings"])
        .await?;
    if read_master_sealed(&mut tx).await? != rotation.before {
        return Err(StoreError::Conflict);
    }
    for setting in &rotation.settings {
        let value: Option<String> = query_scalar("SELECT value FROM settings WHERE key = $1")
            .bind(&setting.key)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db)?;
        if value != setting.before {
            return Err(StoreError::Conflict);
        }
        if let Some(after) = &setting.after {
            query("UPDATE settings SET value = $1 WHERE key = $2")
                .bind(after)
                .bind(&setting.key)
                .execute(&mut *tx)
                .await
                .map_err(db)?;
        }
    }
    for key in &rotation.after.data_keys {
        query("UPDATE data_keys SET wrapped = $1 WHERE key_id = $2 AND version = $3")
            .bind(&key.wrapped)
            .bind(key.key_id)
            .bind(key.version)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
    }
    for user in &rotation.after.totp {
        query("UPDATE users SET totp_secret = $1, totp_pending_secret = $2 WHERE id = $3")
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

fn settings_from(row: &Row) -> StoreResult<CaseSettingsRow> {
    Ok(CaseSettingsRow {
        agency_id: AgencyId(get(row, "agency_id")?),
        plan_requires_approval: get(row, "plan_requires_approval")?,
        closure_requires_approval: get(row, "closure_requires_approval")?,
        retention_months: get(row, "retention_months")?,
    })
}

pub async fn insert_case_settings(
    conn: &mut dyn Connection,
    settings: &CaseSettingsRow,
) -> StoreResult<()> {
    query(
        "INSERT INTO case_settings (agency_id, plan_requires_approval, closure_requires_approval,
                                    retention_months)
         VALUES ($1, $2, $3, $4)",
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
    pool: &dyn Database,
    agency: AgencyId,
) -> StoreResult<Option<CaseSettingsRow>> {
    let row = query(concat!(settings_select!(), " WHERE agency_id = $1"))
        .bind(agency.0)
        .fetch_optional(pool)
        .await
        .map_err(db)?;
    row.as_ref().map(settings_from).transpose()
}

pub async fn put_case_settings(
    pool: &dyn Database,
    settings: &CaseSettingsRow,
    audit: &NewAuditEvent,
) -> StoreResult<()> {
    let mut tx = write_tx(pool).await?;
    query(
        "INSERT INTO case_settings (agency_id, plan_requires_approval, closure_requires_approval,
                                    retention_months)
         VALUES ($1, $2, $3, $4)
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

pub async fn all_case_settings(conn: &mut dyn Connection) -> StoreResult<Vec<CaseSettingsRow>> {
    let rows = query(concat!(settings_select!(), " ORDER BY agency_id"))
        .fetch_all(conn)
        .await
        .map_err(db)?;
    rows.iter().map(settings_from).collect()
}
