//! Users, their roles and second factor, sessions, API tokens, sign-in
//! throttling and purging what has expired.

use crate::audit::insert_event;
use crate::sql::*;
use chrono::{DateTime, Utc};
use concord_domain::access::TokenScope;
use concord_domain::ids::{AgencyId, ApiTokenId, UserId};
use concord_domain::role::Role;
use concord_store::{
    ApiTokenRow, NewAuditEvent, Page, PageRequest, PurgeCounts, PurgeCutoffs, RecoveryCodeRow,
    SessionRow, SignInFailureRow, StoreError, StoreResult, UserRow,
};
use std::collections::{BTreeSet, HashMap};
use uuid::Uuid;

// ---- users ----

macro_rules! user_select {
    () => {
        "SELECT id, agency_id, username, display_name, email, password_hash, active, demo_account,
                totp_secret, totp_pending_secret, totp_last_step, password_changed_at, created_at
         FROM users"
    };
}

/// A user without roles; [`attach_roles`] fills them in.
fn user_from(row: &Row) -> StoreResult<UserRow> {
    Ok(UserRow {
        id: UserId(get(row, "id")?),
        agency_id: AgencyId(get(row, "agency_id")?),
        username: get(row, "username")?,
        display_name: get(row, "display_name")?,
        email: get(row, "email")?,
        password_hash: get(row, "password_hash")?,
        roles: Vec::new(),
        active: get(row, "active")?,
        demo_account: get(row, "demo_account")?,
        totp_secret: get(row, "totp_secret")?,
        totp_pending_secret: get(row, "totp_pending_secret")?,
        totp_last_step: get(row, "totp_last_step")?,
        password_changed_at: get(row, "password_changed_at")?,
        created_at: get(row, "created_at")?,
    })
}

/// Loads the roles of all `users` in one query, sorted as `Role` orders.
async fn attach_roles(conn: &mut dyn Connection, users: &mut [UserRow]) -> StoreResult<()> {
    if users.is_empty() {
        return Ok(());
    }
    let mut query = QueryBuilder::new("SELECT user_id, role FROM user_roles WHERE user_id IN (");
    let mut list = query.separated(", ");
    for user in users.iter() {
        list.push_bind(user.id.0);
    }
    query.push(")");
    let rows = query.build().fetch_all(conn).await.map_err(db)?;
    let mut held: HashMap<Uuid, BTreeSet<Role>> = HashMap::new();
    for row in &rows {
        let user: Uuid = get(row, "user_id")?;
        held.entry(user)
            .or_default()
            .insert(get_parsed(row, "role")?);
    }
    for user in users {
        user.roles = held
            .remove(&user.id.0)
            .unwrap_or_default()
            .into_iter()
            .collect();
    }
    Ok(())
}

/// A user and her roles in one statement (one row per role, or one row
/// with no role): a single statement reads one consistent state without a
/// transaction around it, and this lookup runs on every request.
macro_rules! user_with_roles_select {
    () => {
        "SELECT u.id, u.agency_id, u.username, u.display_name, u.email, u.password_hash,
                u.active, u.demo_account, u.totp_secret, u.totp_pending_secret,
                u.totp_last_step, u.password_changed_at, u.created_at, r.role
         FROM users u LEFT JOIN user_roles r ON r.user_id = u.id"
    };
}

/// The user of [`user_with_roles_select`]'s rows, roles sorted as `Role`
/// orders.
fn user_with_roles(rows: &[Row]) -> StoreResult<Option<UserRow>> {
    let Some(first) = rows.first() else {
        return Ok(None);
    };
    let mut user = user_from(first)?;
    let mut roles = BTreeSet::new();
    for row in rows {
        if let Some(role) = get_parsed_opt::<Role>(row, "role")? {
            roles.insert(role);
        }
    }
    user.roles = roles.into_iter().collect();
    Ok(Some(user))
}

pub(crate) async fn insert_roles(
    conn: &mut dyn Connection,
    id: UserId,
    roles: &[Role],
) -> StoreResult<()> {
    // A set: "sorted, no duplicates" holds whatever the caller passed.
    for role in roles.iter().collect::<BTreeSet<_>>() {
        query("INSERT INTO user_roles (user_id, role) VALUES ($1, $2)")
            .bind(id.0)
            .bind(role.as_str())
            .execute(&mut *conn)
            .await
            .map_err(referencing("user_id"))?;
    }
    Ok(())
}

pub async fn insert_user(conn: &mut dyn Connection, user: &UserRow) -> StoreResult<()> {
    query(
        "INSERT INTO users (id, agency_id, username, display_name, email, password_hash, active,
                            demo_account, totp_secret, totp_pending_secret, totp_last_step,
                            password_changed_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
    )
    .bind(user.id.0)
    .bind(user.agency_id.0)
    .bind(&user.username)
    .bind(&user.display_name)
    .bind(&user.email)
    .bind(&user.password_hash)
    .bind(user.active)
    .bind(user.demo_account)
    .bind(&user.totp_secret)
    .bind(&user.totp_pending_secret)
    .bind(user.totp_last_step)
    .bind(user.password_changed_at)
    .bind(user.created_at)
    .execute(&mut *conn)
    .await
    .map_err(referencing("agency_id"))?;
    insert_roles(conn, user.id, &user.roles).await
}

pub async fn create_user(
    pool: &dyn Database,
    user: &UserRow,
    audit: &NewAuditEvent,
) -> StoreResult<()> {
    let mut tx = write_tx(pool).await?;
    insert_user(&mut tx, user).await?;
    insert_event(&mut tx, audit).await?;
    tx.commit().await.map_err(db)
}

/// Locks the agency's row for the transaction: two instances deciding about
/// its administrators at once (two onboardings, or an onboarding and a
/// recovery) take turns on PostgreSQL; SQLite's write transaction holds the
/// whole file. `MissingReference` for an unknown agency.
pub(crate) async fn lock_agency_row(
    conn: &mut dyn Connection,
    agency: AgencyId,
) -> StoreResult<()> {
    query("SELECT id FROM agencies WHERE id = $1")
        .for_update()
        .bind(agency.0)
        .fetch_optional(conn)
        .await
        .map_err(db)?
        .map(|_| ())
        .ok_or(StoreError::MissingReference { field: "agency_id" })
}

/// (active, all) accounts of the agency holding the agency administrator
/// role: the one count of an agency's administrators, for onboarding (none
/// at all) and recovery (none active) alike.
pub(crate) async fn agency_administrators(
    conn: &mut dyn Connection,
    agency: AgencyId,
) -> StoreResult<(u32, u32)> {
    let row = query(
        "SELECT COALESCE(SUM(CASE WHEN u.active THEN 1 ELSE 0 END), 0) AS active,
                COUNT(*) AS all_of_them
         FROM users u JOIN user_roles r ON r.user_id = u.id
         WHERE u.agency_id = $1 AND r.role = 'agency_administrator'",
    )
    .bind(agency.0)
    .fetch_one(conn)
    .await
    .map_err(db)?;
    let count = |column: &str| -> StoreResult<u32> {
        let n: i64 = get(&row, column)?;
        u32::try_from(n).map_err(|_| corrupt(format!("{n} administrators")))
    };
    Ok((count("active")?, count("all_of_them")?))
}

pub async fn count_agency_administrators(
    pool: &dyn Database,
    agency: AgencyId,
) -> StoreResult<(u32, u32)> {
    let mut tx = read_tx(pool).await?;
    agency_administrators(&mut tx, agency).await
}

pub async fn create_first_agency_administrator(
    pool: &dyn Database,
    user: &UserRow,
    audit: &NewAuditEvent,
) -> StoreResult<bool> {
    let mut tx = write_tx(pool).await?;
    lock_agency_row(&mut tx, user.agency_id).await?;
    let (_, all) = agency_administrators(&mut tx, user.agency_id).await?;
    if all > 0 {
        tx.rollback().await.map_err(db)?;
        return Ok(false);
    }
    insert_user(&mut tx, user).await?;
    insert_event(&mut tx, audit).await?;
    tx.commit().await.map_err(db)?;
    Ok(true)
}

pub async fn set_user_email(
    pool: &dyn Database,
    id: UserId,
    email: Option<&str>,
    audit: &NewAuditEvent,
) -> StoreResult<()> {
    set_user_text(
        pool,
        id,
        "UPDATE users SET email = $1 WHERE id = $2",
        email,
        audit,
    )
    .await
}

/// Sets (or clears) one optional text column of an account with its audit
/// event in the same transaction; `NotFound`, and nothing written, for an
/// unknown account. `update` binds the value as `$1` and the id as `$2`.
pub(crate) async fn set_user_text(
    pool: &dyn Database,
    id: UserId,
    update: &'static str,
    value: Option<&str>,
    audit: &NewAuditEvent,
) -> StoreResult<()> {
    let mut tx = write_tx(pool).await?;
    let updated = query(update)
        .bind(value)
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

pub async fn update_user_profile(
    pool: &dyn Database,
    id: UserId,
    display_name: &str,
    roles: &[Role],
    audit: &NewAuditEvent,
) -> StoreResult<()> {
    let mut tx = write_tx(pool).await?;
    let updated = query("UPDATE users SET display_name = $1 WHERE id = $2")
        .bind(display_name)
        .bind(id.0)
        .execute(&mut *tx)
        .await
        .map_err(db)?;
    if updated.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    query("DELETE FROM user_roles WHERE user_id = $1")
        .bind(id.0)
        .execute(&mut *tx)
        .await
        .map_err(db)?;
    insert_roles(&mut tx, id, roles).await?;
    insert_event(&mut tx, audit).await?;
    tx.commit().await.map_err(db)
}

pub async fn set_user_active(
    pool: &dyn Database,
    id: UserId,
    active: bool,
    at: DateTime<Utc>,
    audit: &NewAuditEvent,
) -> StoreResult<()> {
    let mut tx = write_tx(pool).await?;
    let updated = query("UPDATE users SET active = $1 WHERE id = $2")
        .bind(active)
        .bind(id.0)
        .execute(&mut *tx)
        .await
        .map_err(db)?;
    if updated.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    if !active {
        revoke_user_sessions(&mut tx, id, at).await?;
        revoke_user_api_tokens(&mut tx, id, at).await?;
    }
    insert_event(&mut tx, audit).await?;
    tx.commit().await.map_err(db)
}

pub async fn set_password(
    pool: &dyn Database,
    id: UserId,
    password_hash: &str,
    at: DateTime<Utc>,
    audit: &NewAuditEvent,
) -> StoreResult<()> {
    let mut tx = write_tx(pool).await?;
    let updated =
        query("UPDATE users SET password_hash = $1, password_changed_at = $2 WHERE id = $3")
            .bind(password_hash)
            .bind(at)
            .bind(id.0)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
    if updated.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    revoke_user_sessions(&mut tx, id, at).await?;
    revoke_user_api_tokens(&mut tx, id, at).await?;
    insert_event(&mut tx, audit).await?;
    tx.commit().await.map_err(db)
}

pub async fn get_user(pool: &dyn Database, id: UserId) -> StoreResult<Option<UserRow>> {
    let rows = query(concat!(user_with_roles_select!(), " WHERE u.id = $1"))
        .bind(id.0)
        .fetch_all(pool)
        .await
        .map_err(db)?;
    user_with_roles(&rows)
}

pub async fn find_user_by_username(
    pool: &dyn Database,
    username: &str,
) -> StoreResult<Option<UserRow>> {
    let rows = query(concat!(user_with_roles_select!(), " WHERE u.username = $1"))
        .bind(username)
        .fetch_all(pool)
        .await
        .map_err(db)?;
    user_with_roles(&rows)
}

pub async fn list_users(
    pool: &dyn Database,
    agency: Option<AgencyId>,
    page: &PageRequest,
) -> StoreResult<Page<UserRow>> {
    let after = paging::text_and_id(page)?;
    let mut tx = read_tx(pool).await?;
    let mut query = QueryBuilder::new(user_select!());
    query.push(" WHERE 1 = 1");
    if let Some(agency) = agency {
        query.push(" AND agency_id = ").push_bind(agency.0);
    }
    if let Some((username, id)) = after {
        query
            .push(" AND (username, id) > (")
            .push_bind(username)
            .push(", ")
            .push_bind(id)
            .push(")");
    }
    query
        .push(" ORDER BY username, id LIMIT ")
        .push_bind(paging::fetch_limit(page));
    let rows = query.build().fetch_all(&mut *tx).await.map_err(db)?;
    let mut users = rows
        .iter()
        .map(user_from)
        .collect::<StoreResult<Vec<_>>>()?;
    attach_roles(&mut tx, &mut users).await?;
    Ok(paging::finish(users, page, |u| {
        paging::text_and_id_cursor(&u.username, u.id.0)
    }))
}

pub async fn all_users(conn: &mut dyn Connection) -> StoreResult<Vec<UserRow>> {
    let rows = query(concat!(user_select!(), " ORDER BY id"))
        .fetch_all(&mut *conn)
        .await
        .map_err(db)?;
    let mut users = rows
        .iter()
        .map(user_from)
        .collect::<StoreResult<Vec<_>>>()?;
    for chunk in users.chunks_mut(500) {
        attach_roles(conn, chunk).await?;
    }
    Ok(users)
}

// ---- second factor ----

pub async fn set_totp_pending(
    pool: &dyn Database,
    id: UserId,
    secret: Option<&[u8]>,
) -> StoreResult<()> {
    let mut tx = write_tx(pool).await?;
    let updated = query("UPDATE users SET totp_pending_secret = $1 WHERE id = $2")
        .bind(secret)
        .bind(id.0)
        .execute(&mut *tx)
        .await
        .map_err(db)?;
    if updated.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    tx.commit().await.map_err(db)
}

pub async fn enable_totp(
    pool: &dyn Database,
    id: UserId,
    secret: &[u8],
    step: i64,
    recovery_code_hashes: &[Vec<u8>],
    audit: &NewAuditEvent,
) -> StoreResult<()> {
    let mut tx = write_tx(pool).await?;
    let updated = query(
        "UPDATE users SET totp_secret = $1, totp_pending_secret = NULL, totp_last_step = $2 WHERE id = $3",
    )
    .bind(secret)
    .bind(step)
    .bind(id.0)
    .execute(&mut *tx)
    .await
    .map_err(db)?;
    if updated.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    delete_recovery_codes(&mut tx, id).await?;
    for hash in recovery_code_hashes.iter().collect::<BTreeSet<_>>() {
        let code = RecoveryCodeRow {
            user_id: id,
            code_hash: hash.clone(),
            used_at: None,
        };
        insert_recovery_code(&mut tx, &code).await?;
    }
    insert_event(&mut tx, audit).await?;
    tx.commit().await.map_err(db)
}

pub async fn disable_totp(
    pool: &dyn Database,
    id: UserId,
    at: DateTime<Utc>,
    audit: &NewAuditEvent,
) -> StoreResult<()> {
    let mut tx = write_tx(pool).await?;
    // totp_last_step stays: were the factor enrolled again, an old code
    // still could not be replayed.
    let updated =
        query("UPDATE users SET totp_secret = NULL, totp_pending_secret = NULL WHERE id = $1")
            .bind(id.0)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
    if updated.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    delete_recovery_codes(&mut tx, id).await?;
    revoke_user_sessions(&mut tx, id, at).await?;
    revoke_user_api_tokens(&mut tx, id, at).await?;
    insert_event(&mut tx, audit).await?;
    tx.commit().await.map_err(db)
}

pub async fn claim_totp_step(pool: &dyn Database, id: UserId, step: i64) -> StoreResult<bool> {
    let mut tx = write_tx(pool).await?;
    // One conditional update: the step is taken only if it is newer than
    // every step taken before, so two requests cannot both win.
    let claimed = query(
        "UPDATE users SET totp_last_step = $1
         WHERE id = $2 AND (totp_last_step IS NULL OR totp_last_step < $3)",
    )
    .bind(step)
    .bind(id.0)
    .bind(step)
    .execute(&mut *tx)
    .await
    .map_err(db)?
    .rows_affected()
        == 1;
    if !claimed && !user_exists(&mut tx, id).await? {
        return Err(StoreError::NotFound);
    }
    tx.commit().await.map_err(db)?;
    Ok(claimed)
}

async fn user_exists(conn: &mut dyn Connection, id: UserId) -> StoreResult<bool> {
    query_scalar("SELECT EXISTS (SELECT 1 FROM users WHERE id = $1)")
        .bind(id.0)
        .fetch_one(conn)
        .await
        .map_err(db)
}

pub async fn use_recovery_code(
    pool: &dyn Database,
    id: UserId,
    code_hash: &[u8],
    at: DateTime<Utc>,
    audit: &NewAuditEvent,
) -> StoreResult<bool> {
    let mut tx = write_tx(pool).await?;
    let used = query(
        "UPDATE recovery_codes SET used_at = $1 WHERE user_id = $2 AND code_hash = $3 AND used_at IS NULL",
    )
    .bind(at)
    .bind(id.0)
    .bind(code_hash)
    .execute(&mut *tx)
    .await
    .map_err(db)?;
    if used.rows_affected() == 0 {
        return Ok(false);
    }
    insert_event(&mut tx, audit).await?;
    tx.commit().await.map_err(db)?;
    Ok(true)
}

pub async fn count_unused_recovery_codes(pool: &dyn Database, id: UserId) -> StoreResult<u32> {
    let count: i64 =
        query_scalar("SELECT COUNT(*) FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL")
            .bind(id.0)
            .fetch_one(pool)
            .await
            .map_err(db)?;
    u32::try_from(count).map_err(|_| corrupt(format!("{count} recovery codes")))
}

pub(crate) async fn delete_recovery_codes(
    conn: &mut dyn Connection,
    id: UserId,
) -> StoreResult<()> {
    query("DELETE FROM recovery_codes WHERE user_id = $1")
        .bind(id.0)
        .execute(conn)
        .await
        .map_err(db)?;
    Ok(())
}

pub async fn insert_recovery_code(
    conn: &mut dyn Connection,
    code: &RecoveryCodeRow,
) -> StoreResult<()> {
    query("INSERT INTO recovery_codes (user_id, code_hash, used_at) VALUES ($1, $2, $3)")
        .bind(code.user_id.0)
        .bind(&code.code_hash)
        .bind(code.used_at)
        .execute(conn)
        .await
        .map_err(referencing("user_id"))?;
    Ok(())
}

pub async fn all_recovery_codes(conn: &mut dyn Connection) -> StoreResult<Vec<RecoveryCodeRow>> {
    let rows =
        query("SELECT user_id, code_hash, used_at FROM recovery_codes ORDER BY user_id, code_hash")
            .fetch_all(conn)
            .await
            .map_err(db)?;
    rows.iter()
        .map(|row| {
            Ok(RecoveryCodeRow {
                user_id: UserId(get(row, "user_id")?),
                code_hash: get(row, "code_hash")?,
                used_at: get(row, "used_at")?,
            })
        })
        .collect()
}

// ---- sessions ----

macro_rules! session_select {
    () => {
        "SELECT id, token_hash, user_id, created_at, last_seen_at, second_factor_done, csrf_token,
                user_agent, revoked_at
         FROM sessions"
    };
}

fn session_from(row: &Row) -> StoreResult<SessionRow> {
    Ok(SessionRow {
        id: get(row, "id")?,
        token_hash: get(row, "token_hash")?,
        user_id: UserId(get(row, "user_id")?),
        created_at: get(row, "created_at")?,
        last_seen_at: get(row, "last_seen_at")?,
        second_factor_done: get(row, "second_factor_done")?,
        csrf_token: get(row, "csrf_token")?,
        user_agent: get(row, "user_agent")?,
        revoked_at: get(row, "revoked_at")?,
    })
}

pub async fn insert_session(conn: &mut dyn Connection, session: &SessionRow) -> StoreResult<()> {
    query(
        "INSERT INTO sessions (id, token_hash, user_id, created_at, last_seen_at, second_factor_done,
                               csrf_token, user_agent, revoked_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(session.id)
    .bind(&session.token_hash)
    .bind(session.user_id.0)
    .bind(session.created_at)
    .bind(session.last_seen_at)
    .bind(session.second_factor_done)
    .bind(&session.csrf_token)
    .bind(&session.user_agent)
    .bind(session.revoked_at)
    .execute(conn)
    .await
    .map_err(referencing("user_id"))?;
    Ok(())
}

pub async fn create_session(
    pool: &dyn Database,
    session: &SessionRow,
    audit: &NewAuditEvent,
) -> StoreResult<()> {
    let mut tx = write_tx(pool).await?;
    insert_session(&mut tx, session).await?;
    insert_event(&mut tx, audit).await?;
    tx.commit().await.map_err(db)
}

pub async fn replace_session(
    pool: &dyn Database,
    old_token_hash: &[u8],
    new: &SessionRow,
    at: DateTime<Utc>,
    audit: &NewAuditEvent,
) -> StoreResult<()> {
    let mut tx = write_tx(pool).await?;
    // Only a live session may be rotated: one revoked meanwhile (sign-out
    // elsewhere, account disabled) must not come back under a new token.
    let revoked =
        query("UPDATE sessions SET revoked_at = $1 WHERE token_hash = $2 AND revoked_at IS NULL")
            .bind(at)
            .bind(old_token_hash)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
    if revoked.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    insert_session(&mut tx, new).await?;
    insert_event(&mut tx, audit).await?;
    tx.commit().await.map_err(db)
}

pub async fn get_session(
    pool: &dyn Database,
    token_hash: &[u8],
) -> StoreResult<Option<SessionRow>> {
    let row = query(concat!(session_select!(), " WHERE token_hash = $1"))
        .bind(token_hash)
        .fetch_optional(pool)
        .await
        .map_err(db)?;
    row.as_ref().map(session_from).transpose()
}

pub async fn touch_session(
    pool: &dyn Database,
    token_hash: &[u8],
    at: DateTime<Utc>,
) -> StoreResult<()> {
    let mut tx = write_tx(pool).await?;
    query("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2")
        .bind(at)
        .bind(token_hash)
        .execute(&mut *tx)
        .await
        .map_err(db)?;
    tx.commit().await.map_err(db)
}

pub async fn revoke_session(
    pool: &dyn Database,
    user_id: UserId,
    session_id: Uuid,
    at: DateTime<Utc>,
    audit: &NewAuditEvent,
) -> StoreResult<bool> {
    let mut tx = write_tx(pool).await?;
    let revoked = query(
        "UPDATE sessions SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL",
    )
    .bind(at)
    .bind(session_id)
    .bind(user_id.0)
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

pub async fn revoke_all_sessions(
    pool: &dyn Database,
    user_id: UserId,
    at: DateTime<Utc>,
    audit: &NewAuditEvent,
) -> StoreResult<()> {
    let mut tx = write_tx(pool).await?;
    revoke_user_sessions(&mut tx, user_id, at).await?;
    insert_event(&mut tx, audit).await?;
    tx.commit().await.map_err(db)
}

pub(crate) async fn revoke_user_sessions(
    conn: &mut dyn Connection,
    user_id: UserId,
    at: DateTime<Utc>,
) -> StoreResult<()> {
    query("UPDATE sessions SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL")
        .bind(at)
        .bind(user_id.0)
        .execute(conn)
        .await
        .map_err(db)?;
    Ok(())
}

pub async fn list_sessions(pool: &dyn Database, user_id: UserId) -> StoreResult<Vec<SessionRow>> {
    let rows = query(concat!(
        session_select!(),
        " WHERE user_id = $1 AND revoked_at IS NULL ORDER BY created_at DESC, id DESC"
    ))
    .bind(user_id.0)
    .fetch_all(pool)
    .await
    .map_err(db)?;
    rows.iter().map(session_from).collect()
}

pub async fn all_sessions(conn: &mut dyn Connection) -> StoreResult<Vec<SessionRow>> {
    let rows = query(concat!(session_select!(), " ORDER BY id"))
        .fetch_all(conn)
        .await
        .map_err(db)?;
    rows.iter().map(session_from).collect()
}

// ---- API tokens ----

macro_rules! token_select {
    () => {
        "SELECT id, user_id, name, token_hash, scope, created_at, expires_at, revoked_at, last_used_at
         FROM api_tokens"
    };
}

fn token_from(row: &Row) -> StoreResult<ApiTokenRow> {
    let scope: String = get(row, "scope")?;
    Ok(ApiTokenRow {
        id: ApiTokenId(get(row, "id")?),
        user_id: UserId(get(row, "user_id")?),
        name: get(row, "name")?,
        token_hash: get(row, "token_hash")?,
        scope: TokenScope::parse(&scope).ok_or_else(|| corrupt(format!("token scope {scope}")))?,
        created_at: get(row, "created_at")?,
        expires_at: get(row, "expires_at")?,
        revoked_at: get(row, "revoked_at")?,
        last_used_at: get(row, "last_used_at")?,
    })
}

pub async fn insert_api_token(conn: &mut dyn Connection, token: &ApiTokenRow) -> StoreResult<()> {
    query(
        "INSERT INTO api_tokens (id, user_id, name, token_hash, scope, created_at, expires_at,
                                 revoked_at, last_used_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(token.id.0)
    .bind(token.user_id.0)
    .bind(&token.name)
    .bind(&token.token_hash)
    .bind(token.scope.as_str())
    .bind(token.created_at)
    .bind(token.expires_at)
    .bind(token.revoked_at)
    .bind(token.last_used_at)
    .execute(conn)
    .await
    .map_err(referencing("user_id"))?;
    Ok(())
}

pub async fn create_api_token(
    pool: &dyn Database,
    token: &ApiTokenRow,
    audit: &NewAuditEvent,
) -> StoreResult<()> {
    let mut tx = write_tx(pool).await?;
    insert_api_token(&mut tx, token).await?;
    insert_event(&mut tx, audit).await?;
    tx.commit().await.map_err(db)
}

pub async fn find_api_token(
    pool: &dyn Database,
    token_hash: &[u8],
) -> StoreResult<Option<ApiTokenRow>> {
    let row = query(concat!(token_select!(), " WHERE token_hash = $1"))
        .bind(token_hash)
        .fetch_optional(pool)
        .await
        .map_err(db)?;
    row.as_ref().map(token_from).transpose()
}

pub async fn list_api_tokens(
    pool: &dyn Database,
    user_id: UserId,
) -> StoreResult<Vec<ApiTokenRow>> {
    let rows = query(concat!(
        token_select!(),
        " WHERE user_id = $1 ORDER BY created_at DESC, id DESC"
    ))
    .bind(user_id.0)
    .fetch_all(pool)
    .await
    .map_err(db)?;
    rows.iter().map(token_from).collect()
}

pub async fn revoke_api_token(
    pool: &dyn Database,
    user_id: UserId,
    token_id: ApiTokenId,
    at: DateTime<Utc>,
    audit: &NewAuditEvent,
) -> StoreResult<bool> {
    let mut tx = write_tx(pool).await?;
    let revoked = query(
        "UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL",
    )
    .bind(at)
    .bind(token_id.0)
    .bind(user_id.0)
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

pub async fn touch_api_token(
    pool: &dyn Database,
    token_id: ApiTokenId,
    at: DateTime<Utc>,
) -> StoreResult<()> {
    let mut tx = write_tx(pool).await?;
    query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2")
        .bind(at)
        .bind(token_id.0)
        .execute(&mut *tx)
        .await
        .map_err(db)?;
    tx.commit().await.map_err(db)
}

pub(crate) async fn revoke_user_api_tokens(
    conn: &mut dyn Connection,
    user_id: UserId,
    at: DateTime<Utc>,
) -> StoreResult<()> {
    query("UPDATE api_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL")
        .bind(at)
        .bind(user_id.0)
        .execute(conn)
        .await
        .map_err(db)?;
    Ok(())
}

pub async fn all_api_tokens(conn: &mut dyn Connection) -> StoreResult<Vec<ApiTokenRow>> {
    let rows = query(concat!(token_select!(), " ORDER BY id"))
        .fetch_all(conn)
        .await
        .map_err(db)?;
    rows.iter().map(token_from).collect()
}

// ---- sign-in throttling ----

pub async fn insert_sign_in_failure(
    conn: &mut dyn Connection,
    failure: &SignInFailureRow,
) -> StoreResult<()> {
    query("INSERT INTO sign_in_failures (account_key, address_key, at) VALUES ($1, $2, $3)")
        .bind(&failure.account_key)
        .bind(&failure.address_key)
        .bind(failure.at)
        .execute(conn)
        .await
        .map_err(db)?;
    Ok(())
}

/// Inserts the attempt and counts in one transaction that first takes a
/// lock named for the account ([`Connection::lock`]): attempts on one
/// account (from any instance) wait for each other, and under READ
/// COMMITTED each statement after the wait sees every attempt committed
/// before it, so concurrent attempts get distinct account counts.
pub async fn register_sign_in_attempt(
    pool: &dyn Database,
    attempt: &SignInFailureRow,
    since: DateTime<Utc>,
) -> StoreResult<(u32, u32)> {
    let mut tx = write_tx(pool).await?;
    tx.lock(&format!("sign-in:{}", hex(&attempt.account_key)))
        .await?;
    insert_sign_in_failure(&mut tx, attempt).await?;
    let (account, address): (i64, i64) = query_as(
        "SELECT (SELECT COUNT(*) FROM sign_in_failures WHERE account_key = $1 AND at >= $2),
                (SELECT COUNT(*) FROM sign_in_failures WHERE address_key = $3 AND at >= $4)",
    )
    .bind(&attempt.account_key)
    .bind(since)
    .bind(&attempt.address_key)
    .bind(since)
    .fetch_one(&mut *tx)
    .await
    .map_err(db)?;
    tx.commit().await.map_err(db)?;
    let count = |n: i64| u32::try_from(n).map_err(|_| corrupt(format!("{n} attempts")));
    Ok((count(account)?, count(address)?))
}

pub async fn clear_account_failures(pool: &dyn Database, account_key: &[u8]) -> StoreResult<()> {
    let mut tx = write_tx(pool).await?;
    query("DELETE FROM sign_in_failures WHERE account_key = $1")
        .bind(account_key)
        .execute(&mut *tx)
        .await
        .map_err(db)?;
    tx.commit().await.map_err(db)
}

/// Deletes dead sessions and attempts outside every window, in one write
/// transaction.
pub async fn purge_expired(
    pool: &dyn Database,
    cutoffs: &PurgeCutoffs,
) -> StoreResult<PurgeCounts> {
    let mut tx = write_tx(pool).await?;
    let sessions = query(
        "DELETE FROM sessions
         WHERE revoked_at IS NOT NULL OR last_seen_at < $1 OR created_at < $2",
    )
    .bind(cutoffs.sessions_idle_before)
    .bind(cutoffs.sessions_created_before)
    .execute(&mut *tx)
    .await
    .map_err(db)?
    .rows_affected();
    let sign_in_attempts = query("DELETE FROM sign_in_failures WHERE at < $1")
        .bind(cutoffs.attempts_before)
        .execute(&mut *tx)
        .await
        .map_err(db)?
        .rows_affected();
    tx.commit().await.map_err(db)?;
    Ok(PurgeCounts {
        sessions,
        sign_in_attempts,
    })
}

pub async fn all_sign_in_failures(conn: &mut dyn Connection) -> StoreResult<Vec<SignInFailureRow>> {
    let rows = query(
        "SELECT account_key, address_key, at FROM sign_in_failures ORDER BY at, account_key, address_key",
    )
    .fetch_all(conn)
    .await
    .map_err(db)?;
    rows.iter()
        .map(|row| {
            Ok(SignInFailureRow {
                account_key: get(row, "account_key")?,
                address_key: get(row, "address_key")?,
                at: get(row, "at")?,
            })
        })
        .collect()
}

/// Lower-case hex, for naming a lock after a key.
fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
