//! Users, their roles and second factor, sessions, API tokens, sign-in
//! throttling and purging what has expired.

use crate::audit::insert_event;
use crate::codec::{corrupt, get, get_parsed, get_time, get_time_opt, micros, micros_opt};
use crate::errors::{db, referencing};
use crate::{paging, write_tx};
use chrono::{DateTime, Utc};
use concord_domain::access::TokenScope;
use concord_domain::ids::{AgencyId, ApiTokenId, UserId};
use concord_domain::role::Role;
use concord_store::{
    ApiTokenRow, NewAuditEvent, Page, PageRequest, PurgeCounts, PurgeCutoffs, RecoveryCodeRow,
    SessionRow, SignInFailureRow, StoreError, StoreResult, UserRow,
};
use sqlx::sqlite::SqliteRow;
use sqlx::{QueryBuilder, Sqlite, SqliteConnection, SqlitePool};
use std::collections::{BTreeSet, HashMap};
use uuid::Uuid;

// ---- users ----

macro_rules! user_select {
    () => {
        "SELECT id, agency_id, username, display_name, password_hash, active, demo_account,
                totp_secret, totp_pending_secret, totp_last_step, password_changed_at, created_at
         FROM users"
    };
}

/// A user without roles; [`attach_roles`] fills them in.
fn user_from(row: &SqliteRow) -> StoreResult<UserRow> {
    Ok(UserRow {
        id: UserId(get(row, "id")?),
        agency_id: AgencyId(get(row, "agency_id")?),
        username: get(row, "username")?,
        display_name: get(row, "display_name")?,
        password_hash: get(row, "password_hash")?,
        roles: Vec::new(),
        active: get(row, "active")?,
        demo_account: get(row, "demo_account")?,
        totp_secret: get(row, "totp_secret")?,
        totp_pending_secret: get(row, "totp_pending_secret")?,
        totp_last_step: get(row, "totp_last_step")?,
        password_changed_at: get_time(row, "password_changed_at")?,
        created_at: get_time(row, "created_at")?,
    })
}

/// Loads the roles of all `users` in one query, sorted as `Role` orders.
async fn attach_roles(conn: &mut SqliteConnection, users: &mut [UserRow]) -> StoreResult<()> {
    if users.is_empty() {
        return Ok(());
    }
    let mut query =
        QueryBuilder::<Sqlite>::new("SELECT user_id, role FROM user_roles WHERE user_id IN (");
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

async fn one_user(
    conn: &mut SqliteConnection,
    row: Option<SqliteRow>,
) -> StoreResult<Option<UserRow>> {
    let Some(row) = row else { return Ok(None) };
    let mut users = [user_from(&row)?];
    attach_roles(conn, &mut users).await?;
    let [user] = users;
    Ok(Some(user))
}

async fn insert_roles(conn: &mut SqliteConnection, id: UserId, roles: &[Role]) -> StoreResult<()> {
    // A set: "sorted, no duplicates" holds whatever the caller passed.
    for role in roles.iter().collect::<BTreeSet<_>>() {
        sqlx::query("INSERT INTO user_roles (user_id, role) VALUES (?, ?)")
            .bind(id.0)
            .bind(role.as_str())
            .execute(&mut *conn)
            .await
            .map_err(referencing("user_id"))?;
    }
    Ok(())
}

pub async fn insert_user(conn: &mut SqliteConnection, user: &UserRow) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO users (id, agency_id, username, display_name, password_hash, active, demo_account,
                            totp_secret, totp_pending_secret, totp_last_step, password_changed_at, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(user.id.0)
    .bind(user.agency_id.0)
    .bind(&user.username)
    .bind(&user.display_name)
    .bind(&user.password_hash)
    .bind(user.active)
    .bind(user.demo_account)
    .bind(&user.totp_secret)
    .bind(&user.totp_pending_secret)
    .bind(user.totp_last_step)
    .bind(micros(&user.password_changed_at))
    .bind(micros(&user.created_at))
    .execute(&mut *conn)
    .await
    .map_err(referencing("agency_id"))?;
    insert_roles(conn, user.id, &user.roles).await
}

pub async fn create_user(
    pool: &SqlitePool,
    user: &UserRow,
    audit: &NewAuditEvent,
) -> StoreResult<()> {
    let mut tx = write_tx(pool).await?;
    insert_user(&mut tx, user).await?;
    insert_event(&mut tx, audit).await?;
    tx.commit().await.map_err(db)
}

pub async fn update_user_profile(
    pool: &SqlitePool,
    id: UserId,
    display_name: &str,
    roles: &[Role],
    audit: &NewAuditEvent,
) -> StoreResult<()> {
    let mut tx = write_tx(pool).await?;
    let updated = sqlx::query("UPDATE users SET display_name = ? WHERE id = ?")
        .bind(display_name)
        .bind(id.0)
        .execute(&mut *tx)
        .await
        .map_err(db)?;
    if updated.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    sqlx::query("DELETE FROM user_roles WHERE user_id = ?")
        .bind(id.0)
        .execute(&mut *tx)
        .await
        .map_err(db)?;
    insert_roles(&mut tx, id, roles).await?;
    insert_event(&mut tx, audit).await?;
    tx.commit().await.map_err(db)
}

pub async fn set_user_active(
    pool: &SqlitePool,
    id: UserId,
    active: bool,
    at: DateTime<Utc>,
    audit: &NewAuditEvent,
) -> StoreResult<()> {
    let mut tx = write_tx(pool).await?;
    let updated = sqlx::query("UPDATE users SET active = ? WHERE id = ?")
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
    pool: &SqlitePool,
    id: UserId,
    password_hash: &str,
    at: DateTime<Utc>,
    audit: &NewAuditEvent,
) -> StoreResult<()> {
    let mut tx = write_tx(pool).await?;
    let updated =
        sqlx::query("UPDATE users SET password_hash = ?, password_changed_at = ? WHERE id = ?")
            .bind(password_hash)
            .bind(micros(&at))
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

pub async fn get_user(pool: &SqlitePool, id: UserId) -> StoreResult<Option<UserRow>> {
    let mut tx = pool.begin().await.map_err(db)?;
    let row = sqlx::query(concat!(user_select!(), " WHERE id = ?"))
        .bind(id.0)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db)?;
    one_user(&mut tx, row).await
}

pub async fn find_user_by_username(
    pool: &SqlitePool,
    username: &str,
) -> StoreResult<Option<UserRow>> {
    let mut tx = pool.begin().await.map_err(db)?;
    let row = sqlx::query(concat!(user_select!(), " WHERE username = ?"))
        .bind(username)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db)?;
    one_user(&mut tx, row).await
}

pub async fn list_users(
    pool: &SqlitePool,
    agency: Option<AgencyId>,
    page: &PageRequest,
) -> StoreResult<Page<UserRow>> {
    let after = paging::text_and_id(page)?;
    let mut tx = pool.begin().await.map_err(db)?;
    let mut query = QueryBuilder::<Sqlite>::new(user_select!());
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

pub async fn all_users(conn: &mut SqliteConnection) -> StoreResult<Vec<UserRow>> {
    let rows = sqlx::query(concat!(user_select!(), " ORDER BY id"))
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
    pool: &SqlitePool,
    id: UserId,
    secret: Option<&[u8]>,
) -> StoreResult<()> {
    let mut tx = write_tx(pool).await?;
    let updated = sqlx::query("UPDATE users SET totp_pending_secret = ? WHERE id = ?")
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
    pool: &SqlitePool,
    id: UserId,
    secret: &[u8],
    step: i64,
    recovery_code_hashes: &[Vec<u8>],
    audit: &NewAuditEvent,
) -> StoreResult<()> {
    let mut tx = write_tx(pool).await?;
    let updated = sqlx::query(
        "UPDATE users SET totp_secret = ?, totp_pending_secret = NULL, totp_last_step = ? WHERE id = ?",
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
    pool: &SqlitePool,
    id: UserId,
    at: DateTime<Utc>,
    audit: &NewAuditEvent,
) -> StoreResult<()> {
    let mut tx = write_tx(pool).await?;
    // totp_last_step stays: were the factor enrolled again, an old code
    // still could not be replayed.
    let updated =
        sqlx::query("UPDATE users SET totp_secret = NULL, totp_pending_secret = NULL WHERE id = ?")
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

pub async fn claim_totp_step(pool: &SqlitePool, id: UserId, step: i64) -> StoreResult<bool> {
    let mut tx = write_tx(pool).await?;
    // One conditional update: the step is taken only if it is newer than
    // every step taken before, so two requests cannot both win.
    let claimed = sqlx::query(
        "UPDATE users SET totp_last_step = ?
         WHERE id = ? AND (totp_last_step IS NULL OR totp_last_step < ?)",
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

async fn user_exists(conn: &mut SqliteConnection, id: UserId) -> StoreResult<bool> {
    sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM users WHERE id = ?)")
        .bind(id.0)
        .fetch_one(conn)
        .await
        .map_err(db)
}

pub async fn use_recovery_code(
    pool: &SqlitePool,
    id: UserId,
    code_hash: &[u8],
    at: DateTime<Utc>,
    audit: &NewAuditEvent,
) -> StoreResult<bool> {
    let mut tx = write_tx(pool).await?;
    let used = sqlx::query(
        "UPDATE recovery_codes SET used_at = ? WHERE user_id = ? AND code_hash = ? AND used_at IS NULL",
    )
    .bind(micros(&at))
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

pub async fn count_unused_recovery_codes(pool: &SqlitePool, id: UserId) -> StoreResult<u32> {
    let count: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM recovery_codes WHERE user_id = ? AND used_at IS NULL",
    )
    .bind(id.0)
    .fetch_one(pool)
    .await
    .map_err(db)?;
    u32::try_from(count).map_err(|_| corrupt(format!("{count} recovery codes")))
}

async fn delete_recovery_codes(conn: &mut SqliteConnection, id: UserId) -> StoreResult<()> {
    sqlx::query("DELETE FROM recovery_codes WHERE user_id = ?")
        .bind(id.0)
        .execute(conn)
        .await
        .map_err(db)?;
    Ok(())
}

pub async fn insert_recovery_code(
    conn: &mut SqliteConnection,
    code: &RecoveryCodeRow,
) -> StoreResult<()> {
    sqlx::query("INSERT INTO recovery_codes (user_id, code_hash, used_at) VALUES (?, ?, ?)")
        .bind(code.user_id.0)
        .bind(&code.code_hash)
        .bind(micros_opt(&code.used_at))
        .execute(conn)
        .await
        .map_err(referencing("user_id"))?;
    Ok(())
}

pub async fn all_recovery_codes(conn: &mut SqliteConnection) -> StoreResult<Vec<RecoveryCodeRow>> {
    let rows = sqlx::query(
        "SELECT user_id, code_hash, used_at FROM recovery_codes ORDER BY user_id, code_hash",
    )
    .fetch_all(conn)
    .await
    .map_err(db)?;
    rows.iter()
        .map(|row| {
            Ok(RecoveryCodeRow {
                user_id: UserId(get(row, "user_id")?),
                code_hash: get(row, "code_hash")?,
                used_at: get_time_opt(row, "used_at")?,
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

fn session_from(row: &SqliteRow) -> StoreResult<SessionRow> {
    Ok(SessionRow {
        id: get(row, "id")?,
        token_hash: get(row, "token_hash")?,
        user_id: UserId(get(row, "user_id")?),
        created_at: get_time(row, "created_at")?,
        last_seen_at: get_time(row, "last_seen_at")?,
        second_factor_done: get(row, "second_factor_done")?,
        csrf_token: get(row, "csrf_token")?,
        user_agent: get(row, "user_agent")?,
        revoked_at: get_time_opt(row, "revoked_at")?,
    })
}

pub async fn insert_session(conn: &mut SqliteConnection, session: &SessionRow) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO sessions (id, token_hash, user_id, created_at, last_seen_at, second_factor_done,
                               csrf_token, user_agent, revoked_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(session.id)
    .bind(&session.token_hash)
    .bind(session.user_id.0)
    .bind(micros(&session.created_at))
    .bind(micros(&session.last_seen_at))
    .bind(session.second_factor_done)
    .bind(&session.csrf_token)
    .bind(&session.user_agent)
    .bind(micros_opt(&session.revoked_at))
    .execute(conn)
    .await
    .map_err(referencing("user_id"))?;
    Ok(())
}

pub async fn create_session(
    pool: &SqlitePool,
    session: &SessionRow,
    audit: &NewAuditEvent,
) -> StoreResult<()> {
    let mut tx = write_tx(pool).await?;
    insert_session(&mut tx, session).await?;
    insert_event(&mut tx, audit).await?;
    tx.commit().await.map_err(db)
}

pub async fn replace_session(
    pool: &SqlitePool,
    old_token_hash: &[u8],
    new: &SessionRow,
    at: DateTime<Utc>,
    audit: &NewAuditEvent,
) -> StoreResult<()> {
    let mut tx = write_tx(pool).await?;
    // Only a live session may be rotated: one revoked meanwhile (sign-out
    // elsewhere, account disabled) must not come back under a new token.
    let revoked = sqlx::query(
        "UPDATE sessions SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL",
    )
    .bind(micros(&at))
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

pub async fn get_session(pool: &SqlitePool, token_hash: &[u8]) -> StoreResult<Option<SessionRow>> {
    let row = sqlx::query(concat!(session_select!(), " WHERE token_hash = ?"))
        .bind(token_hash)
        .fetch_optional(pool)
        .await
        .map_err(db)?;
    row.as_ref().map(session_from).transpose()
}

pub async fn touch_session(
    pool: &SqlitePool,
    token_hash: &[u8],
    at: DateTime<Utc>,
) -> StoreResult<()> {
    let mut tx = write_tx(pool).await?;
    sqlx::query("UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?")
        .bind(micros(&at))
        .bind(token_hash)
        .execute(&mut *tx)
        .await
        .map_err(db)?;
    tx.commit().await.map_err(db)
}

pub async fn revoke_session(
    pool: &SqlitePool,
    user_id: UserId,
    session_id: Uuid,
    at: DateTime<Utc>,
    audit: &NewAuditEvent,
) -> StoreResult<bool> {
    let mut tx = write_tx(pool).await?;
    let revoked = sqlx::query(
        "UPDATE sessions SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL",
    )
    .bind(micros(&at))
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
    pool: &SqlitePool,
    user_id: UserId,
    at: DateTime<Utc>,
    audit: &NewAuditEvent,
) -> StoreResult<()> {
    let mut tx = write_tx(pool).await?;
    revoke_user_sessions(&mut tx, user_id, at).await?;
    insert_event(&mut tx, audit).await?;
    tx.commit().await.map_err(db)
}

async fn revoke_user_sessions(
    conn: &mut SqliteConnection,
    user_id: UserId,
    at: DateTime<Utc>,
) -> StoreResult<()> {
    sqlx::query("UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL")
        .bind(micros(&at))
        .bind(user_id.0)
        .execute(conn)
        .await
        .map_err(db)?;
    Ok(())
}

pub async fn list_sessions(pool: &SqlitePool, user_id: UserId) -> StoreResult<Vec<SessionRow>> {
    let rows = sqlx::query(concat!(
        session_select!(),
        " WHERE user_id = ? AND revoked_at IS NULL ORDER BY created_at DESC, id DESC"
    ))
    .bind(user_id.0)
    .fetch_all(pool)
    .await
    .map_err(db)?;
    rows.iter().map(session_from).collect()
}

pub async fn all_sessions(conn: &mut SqliteConnection) -> StoreResult<Vec<SessionRow>> {
    let rows = sqlx::query(concat!(session_select!(), " ORDER BY id"))
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

fn token_from(row: &SqliteRow) -> StoreResult<ApiTokenRow> {
    let scope: String = get(row, "scope")?;
    Ok(ApiTokenRow {
        id: ApiTokenId(get(row, "id")?),
        user_id: UserId(get(row, "user_id")?),
        name: get(row, "name")?,
        token_hash: get(row, "token_hash")?,
        scope: TokenScope::parse(&scope).ok_or_else(|| corrupt(format!("token scope {scope}")))?,
        created_at: get_time(row, "created_at")?,
        expires_at: get_time(row, "expires_at")?,
        revoked_at: get_time_opt(row, "revoked_at")?,
        last_used_at: get_time_opt(row, "last_used_at")?,
    })
}

pub async fn insert_api_token(conn: &mut SqliteConnection, token: &ApiTokenRow) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO api_tokens (id, user_id, name, token_hash, scope, created_at, expires_at,
                                 revoked_at, last_used_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(token.id.0)
    .bind(token.user_id.0)
    .bind(&token.name)
    .bind(&token.token_hash)
    .bind(token.scope.as_str())
    .bind(micros(&token.created_at))
    .bind(micros(&token.expires_at))
    .bind(micros_opt(&token.revoked_at))
    .bind(micros_opt(&token.last_used_at))
    .execute(conn)
    .await
    .map_err(referencing("user_id"))?;
    Ok(())
}

pub async fn create_api_token(
    pool: &SqlitePool,
    token: &ApiTokenRow,
    audit: &NewAuditEvent,
) -> StoreResult<()> {
    let mut tx = write_tx(pool).await?;
    insert_api_token(&mut tx, token).await?;
    insert_event(&mut tx, audit).await?;
    tx.commit().await.map_err(db)
}

pub async fn find_api_token(
    pool: &SqlitePool,
    token_hash: &[u8],
) -> StoreResult<Option<ApiTokenRow>> {
    let row = sqlx::query(concat!(token_select!(), " WHERE token_hash = ?"))
        .bind(token_hash)
        .fetch_optional(pool)
        .await
        .map_err(db)?;
    row.as_ref().map(token_from).transpose()
}

pub async fn list_api_tokens(pool: &SqlitePool, user_id: UserId) -> StoreResult<Vec<ApiTokenRow>> {
    let rows = sqlx::query(concat!(
        token_select!(),
        " WHERE user_id = ? ORDER BY created_at DESC, id DESC"
    ))
    .bind(user_id.0)
    .fetch_all(pool)
    .await
    .map_err(db)?;
    rows.iter().map(token_from).collect()
}

pub async fn revoke_api_token(
    pool: &SqlitePool,
    user_id: UserId,
    token_id: ApiTokenId,
    at: DateTime<Utc>,
    audit: &NewAuditEvent,
) -> StoreResult<bool> {
    let mut tx = write_tx(pool).await?;
    let revoked = sqlx::query(
        "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL",
    )
    .bind(micros(&at))
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
    pool: &SqlitePool,
    token_id: ApiTokenId,
    at: DateTime<Utc>,
) -> StoreResult<()> {
    let mut tx = write_tx(pool).await?;
    sqlx::query("UPDATE api_tokens SET last_used_at = ? WHERE id = ?")
        .bind(micros(&at))
        .bind(token_id.0)
        .execute(&mut *tx)
        .await
        .map_err(db)?;
    tx.commit().await.map_err(db)
}

async fn revoke_user_api_tokens(
    conn: &mut SqliteConnection,
    user_id: UserId,
    at: DateTime<Utc>,
) -> StoreResult<()> {
    sqlx::query("UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL")
        .bind(micros(&at))
        .bind(user_id.0)
        .execute(conn)
        .await
        .map_err(db)?;
    Ok(())
}

pub async fn all_api_tokens(conn: &mut SqliteConnection) -> StoreResult<Vec<ApiTokenRow>> {
    let rows = sqlx::query(concat!(token_select!(), " ORDER BY id"))
        .fetch_all(conn)
        .await
        .map_err(db)?;
    rows.iter().map(token_from).collect()
}

// ---- sign-in throttling ----

pub async fn insert_sign_in_failure(
    conn: &mut SqliteConnection,
    failure: &SignInFailureRow,
) -> StoreResult<()> {
    sqlx::query("INSERT INTO sign_in_failures (account_key, address_key, at) VALUES (?, ?, ?)")
        .bind(&failure.account_key)
        .bind(&failure.address_key)
        .bind(micros(&failure.at))
        .execute(conn)
        .await
        .map_err(db)?;
    Ok(())
}

/// Inserts the attempt and counts inside one `BEGIN IMMEDIATE`
/// transaction: SQLite's one write lock makes every writer, in this process
/// or another, wait its turn, so each attempt is counted after every attempt
/// registered before it and concurrent attempts get distinct counts.
pub async fn register_sign_in_attempt(
    pool: &SqlitePool,
    attempt: &SignInFailureRow,
    since: DateTime<Utc>,
) -> StoreResult<(u32, u32)> {
    let mut tx = write_tx(pool).await?;
    insert_sign_in_failure(&mut tx, attempt).await?;
    let (account, address): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM sign_in_failures WHERE account_key = ? AND at >= ?),
                (SELECT COUNT(*) FROM sign_in_failures WHERE address_key = ? AND at >= ?)",
    )
    .bind(&attempt.account_key)
    .bind(micros(&since))
    .bind(&attempt.address_key)
    .bind(micros(&since))
    .fetch_one(&mut *tx)
    .await
    .map_err(db)?;
    tx.commit().await.map_err(db)?;
    let count = |n: i64| u32::try_from(n).map_err(|_| corrupt(format!("{n} attempts")));
    Ok((count(account)?, count(address)?))
}

pub async fn clear_account_failures(pool: &SqlitePool, account_key: &[u8]) -> StoreResult<()> {
    let mut tx = write_tx(pool).await?;
    sqlx::query("DELETE FROM sign_in_failures WHERE account_key = ?")
        .bind(account_key)
        .execute(&mut *tx)
        .await
        .map_err(db)?;
    tx.commit().await.map_err(db)
}

/// Deletes dead sessions and attempts outside every window, in one write
/// transaction.
pub async fn purge_expired(pool: &SqlitePool, cutoffs: &PurgeCutoffs) -> StoreResult<PurgeCounts> {
    let mut tx = write_tx(pool).await?;
    let sessions = sqlx::query(
        "DELETE FROM sessions
         WHERE revoked_at IS NOT NULL OR last_seen_at < ? OR created_at < ?",
    )
    .bind(micros(&cutoffs.sessions_idle_before))
    .bind(micros(&cutoffs.sessions_created_before))
    .execute(&mut *tx)
    .await
    .map_err(db)?
    .rows_affected();
    let sign_in_attempts = sqlx::query("DELETE FROM sign_in_failures WHERE at < ?")
        .bind(micros(&cutoffs.attempts_before))
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

pub async fn all_sign_in_failures(
    conn: &mut SqliteConnection,
) -> StoreResult<Vec<SignInFailureRow>> {
    let rows = sqlx::query(
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
                at: get_time(row, "at")?,
            })
        })
        .collect()
}
