//! Account recovery (migration 0008): requests to restore an agency's
//! administration, the notices that tell the agency, and account acts
//! read back from the audit log for the burst alert.

use crate::accounts;
use crate::audit::insert_event;
use crate::sql::*;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use concord_domain::account_recovery::RecoveryStatus;
use concord_domain::audit::{AuditAction, AuditOutcome};
use concord_domain::ids::{AccountRecoveryId, AgencyId, UserId};
use concord_store::*;
use std::collections::HashMap;
use uuid::Uuid;

macro_rules! recovery_select {
    () => {
        "SELECT id, agency_id, user_id, username, display_name, reason, requested_by,
                requested_at, expires_at, status, decided_by, decided_at
         FROM account_recoveries"
    };
}

fn recovery_from(row: &Row) -> StoreResult<AccountRecoveryRow> {
    Ok(AccountRecoveryRow {
        id: AccountRecoveryId(get(row, "id")?),
        agency_id: AgencyId(get(row, "agency_id")?),
        user_id: get::<Option<Uuid>>(row, "user_id")?.map(UserId),
        username: get(row, "username")?,
        display_name: get(row, "display_name")?,
        reason: get(row, "reason")?,
        requested_by: UserId(get(row, "requested_by")?),
        requested_at: get(row, "requested_at")?,
        expires_at: get(row, "expires_at")?,
        status: get_parsed(row, "status")?,
        decided_by: get::<Option<Uuid>>(row, "decided_by")?.map(UserId),
        decided_at: get(row, "decided_at")?,
    })
}

fn notice_from(row: &Row) -> StoreResult<AccountRecoveryNoticeRow> {
    Ok(AccountRecoveryNoticeRow {
        id: get(row, "id")?,
        agency_id: AgencyId(get(row, "agency_id")?),
        recovery_id: AccountRecoveryId(get(row, "recovery_id")?),
        created_at: get(row, "created_at")?,
        read_at: get(row, "read_at")?,
    })
}

async fn insert_recovery(conn: &mut dyn Connection, r: &AccountRecoveryRow) -> StoreResult<()> {
    query(
        "INSERT INTO account_recoveries (id, agency_id, user_id, username, display_name, reason,
             requested_by, requested_at, expires_at, status, decided_by, decided_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(r.id.0)
    .bind(r.agency_id.0)
    .bind(r.user_id.map(|u| u.0))
    .bind(&r.username)
    .bind(&r.display_name)
    .bind(&r.reason)
    .bind(r.requested_by.0)
    .bind(r.requested_at)
    .bind(r.expires_at)
    .bind(r.status.as_str())
    .bind(r.decided_by.map(|u| u.0))
    .bind(r.decided_at)
    .execute(conn)
    .await
    // The one uniqueness rule besides the (random) id: one open request
    // per agency.
    .map_err(unique_as("agency_id"))?;
    Ok(())
}

async fn insert_notice(conn: &mut dyn Connection, n: &AccountRecoveryNoticeRow) -> StoreResult<()> {
    query(
        "INSERT INTO account_recovery_notices (id, agency_id, recovery_id, created_at, read_at)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(n.id)
    .bind(n.agency_id.0)
    .bind(n.recovery_id.0)
    .bind(n.created_at)
    .bind(n.read_at)
    .execute(conn)
    .await
    .map_err(db)?;
    Ok(())
}

/// Every request and notice, for `concord copy-db`.
pub(crate) async fn export(conn: &mut dyn Connection) -> StoreResult<AccountRecoveryDump> {
    let requests = query(concat!(recovery_select!(), " ORDER BY id"))
        .fetch_all(&mut *conn)
        .await
        .map_err(db)?
        .iter()
        .map(recovery_from)
        .collect::<StoreResult<_>>()?;
    let notices = query(
        "SELECT id, agency_id, recovery_id, created_at, read_at FROM account_recovery_notices
         ORDER BY id",
    )
    .fetch_all(&mut *conn)
    .await
    .map_err(db)?
    .iter()
    .map(notice_from)
    .collect::<StoreResult<_>>()?;
    Ok(AccountRecoveryDump { requests, notices })
}

pub(crate) async fn import(
    conn: &mut dyn Connection,
    dump: &AccountRecoveryDump,
) -> StoreResult<()> {
    for request in &dump.requests {
        insert_recovery(conn, request).await?;
    }
    for notice in &dump.notices {
        insert_notice(conn, notice).await?;
    }
    Ok(())
}

#[async_trait]
impl<E: Database> AccountRecoveryStore for crate::SqlStore<E> {
    async fn create_account_recovery(
        &self,
        row: &AccountRecoveryRow,
        audit: &NewAuditEvent,
    ) -> StoreResult<()> {
        let mut tx = write_tx(self.db()).await?;
        require(
            &mut tx,
            &[
                ("agencies", Some(row.agency_id.0), "agency_id"),
                ("users", row.user_id.map(|u| u.0), "user_id"),
                ("users", Some(row.requested_by.0), "requested_by"),
            ],
        )
        .await?;
        accounts::lock_agency_row(&mut tx, row.agency_id).await?;
        if accounts::agency_administrators(&mut tx, row.agency_id)
            .await?
            .0
            > 0
        {
            return Err(StoreError::Conflict);
        }
        insert_recovery(&mut tx, row).await?;
        insert_event(&mut tx, audit).await?;
        tx.commit().await.map_err(db)
    }

    async fn get_account_recovery(
        &self,
        id: AccountRecoveryId,
    ) -> StoreResult<Option<AccountRecoveryRow>> {
        let row = query(concat!(recovery_select!(), " WHERE id = $1"))
            .bind(id.0)
            .fetch_optional(self.db())
            .await
            .map_err(db)?;
        row.as_ref().map(recovery_from).transpose()
    }

    async fn list_account_recoveries(
        &self,
        decided_limit: u32,
    ) -> StoreResult<Vec<AccountRecoveryRow>> {
        let mut tx = read_tx(self.db()).await?;
        let mut rows = query(concat!(
            recovery_select!(),
            " WHERE status = 'open' ORDER BY requested_at, id"
        ))
        .fetch_all(&mut *tx)
        .await
        .map_err(db)?;
        if decided_limit > 0 {
            rows.extend(
                query(concat!(
                    recovery_select!(),
                    " WHERE status <> 'open' ORDER BY decided_at DESC, id DESC LIMIT $1"
                ))
                .bind(i64::from(decided_limit))
                .fetch_all(&mut *tx)
                .await
                .map_err(db)?,
            );
        }
        rows.iter().map(recovery_from).collect()
    }

    async fn approve_account_recovery(
        &self,
        approval: &RecoveryApproval,
        audit: &NewAuditEvent,
        account_audit: &NewAuditEvent,
    ) -> StoreResult<()> {
        let mut tx = write_tx(self.db()).await?;
        let request = query("SELECT status, agency_id FROM account_recoveries WHERE id = $1")
            .for_update()
            .bind(approval.id.0)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db)?
            .ok_or(StoreError::NotFound)?;
        if get::<String>(&request, "status")? != RecoveryStatus::Open.as_str() {
            return Err(StoreError::Conflict);
        }
        let agency = AgencyId(get(&request, "agency_id")?);
        accounts::lock_agency_row(&mut tx, agency).await?;
        if accounts::agency_administrators(&mut tx, agency).await?.0 > 0 {
            return Err(StoreError::Conflict);
        }
        let user_id = match &approval.account {
            RecoveredAccount::New(user) => {
                if user.agency_id != agency {
                    return Err(StoreError::NotFound);
                }
                accounts::insert_user(&mut tx, user).await?;
                user.id
            }
            RecoveredAccount::Restored {
                id,
                roles,
                password_hash,
            } => {
                let updated = query(
                    "UPDATE users SET active = $1, password_hash = $2, password_changed_at = $3,
                         totp_secret = NULL, totp_pending_secret = NULL
                     WHERE id = $4 AND agency_id = $5",
                )
                .bind(true)
                .bind(password_hash.as_str())
                .bind(approval.at)
                .bind(id.0)
                .bind(agency.0)
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
                accounts::insert_roles(&mut tx, *id, roles).await?;
                accounts::delete_recovery_codes(&mut tx, *id).await?;
                accounts::revoke_user_sessions(&mut tx, *id, approval.at).await?;
                accounts::revoke_user_api_tokens(&mut tx, *id, approval.at).await?;
                *id
            }
        };
        query(
            "UPDATE account_recoveries SET status = $1, decided_by = $2, decided_at = $3,
                 user_id = $4
             WHERE id = $5",
        )
        .bind(RecoveryStatus::Approved.as_str())
        .bind(approval.approved_by.0)
        .bind(approval.at)
        .bind(user_id.0)
        .bind(approval.id.0)
        .execute(&mut *tx)
        .await
        .map_err(referencing("approved_by"))?;
        insert_notice(&mut tx, &approval.notice).await?;
        insert_event(&mut tx, audit).await?;
        insert_event(&mut tx, account_audit).await?;
        tx.commit().await.map_err(db)
    }

    async fn close_account_recovery(
        &self,
        id: AccountRecoveryId,
        status: RecoveryStatus,
        by: Option<UserId>,
        at: DateTime<Utc>,
        audit: &NewAuditEvent,
    ) -> StoreResult<bool> {
        if !matches!(status, RecoveryStatus::Declined | RecoveryStatus::Lapsed) {
            return Err(StoreError::Backend(format!(
                "a recovery request is not closed as {status}"
            )));
        }
        let mut tx = write_tx(self.db()).await?;
        let closed = query(
            "UPDATE account_recoveries SET status = $1, decided_by = $2, decided_at = $3
             WHERE id = $4 AND status = 'open'",
        )
        .bind(status.as_str())
        .bind(by.map(|u| u.0))
        .bind(at)
        .bind(id.0)
        .execute(&mut *tx)
        .await
        .map_err(referencing("decided_by"))?;
        if closed.rows_affected() != 1 {
            return Ok(false);
        }
        insert_event(&mut tx, audit).await?;
        tx.commit().await.map_err(db)?;
        Ok(true)
    }

    async fn unread_recovery_notices(
        &self,
        agency: AgencyId,
        limit: u32,
    ) -> StoreResult<Vec<AccountRecoveryNoticeRow>> {
        let rows = query(
            "SELECT id, agency_id, recovery_id, created_at, read_at FROM account_recovery_notices
             WHERE agency_id = $1 AND read_at IS NULL ORDER BY created_at DESC, id DESC LIMIT $2",
        )
        .bind(agency.0)
        .bind(i64::from(limit))
        .fetch_all(self.db())
        .await
        .map_err(db)?;
        rows.iter().map(notice_from).collect()
    }

    async fn mark_recovery_notice_read(
        &self,
        agency: AgencyId,
        id: Uuid,
        at: DateTime<Utc>,
    ) -> StoreResult<bool> {
        crate::agency_notices::mark_read(
            self.db(),
            crate::agency_notices::NoticeTable::AccountRecoveries,
            agency,
            id,
            at,
        )
        .await
    }

    async fn user_creator(&self, user: UserId) -> StoreResult<Option<UserId>> {
        let row = query(
            "SELECT actor_user_id FROM audit_events
             WHERE action = $1 AND outcome = $2 AND object_type = 'user' AND object_id = $3
             ORDER BY at, id LIMIT 1",
        )
        .bind(AuditAction::UserCreated.as_str())
        .bind(AuditOutcome::Success.as_str())
        .bind(user.to_string())
        .fetch_optional(self.db())
        .await
        .map_err(db)?;
        Ok(row
            .as_ref()
            .map(|r| get::<Option<Uuid>>(r, "actor_user_id"))
            .transpose()?
            .flatten()
            .map(UserId))
    }

    async fn credential_setters(&self, user: UserId) -> StoreResult<Vec<UserId>> {
        let rows = query(
            "SELECT actor_user_id FROM audit_events
             WHERE object_type = 'user' AND object_id = $1 AND outcome = $2
               AND action IN ($3, $4) AND actor_user_id IS NOT NULL
             ORDER BY at, id",
        )
        .bind(user.to_string())
        .bind(AuditOutcome::Success.as_str())
        .bind(AuditAction::PasswordReset.as_str())
        .bind(AuditAction::SecondFactorRemoved.as_str())
        .fetch_all(self.db())
        .await
        .map_err(db)?;
        let mut setters: Vec<UserId> = Vec::new();
        for row in &rows {
            let actor = UserId(get(row, "actor_user_id")?);
            if actor != user && !setters.contains(&actor) {
                setters.push(actor);
            }
        }
        Ok(setters)
    }

    async fn account_acts(
        &self,
        actions: &[AuditAction],
        from: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> StoreResult<Vec<AccountActRow>> {
        if actions.is_empty() {
            return Ok(Vec::new());
        }
        let mut tx = read_tx(self.db()).await?;
        let mut events = QueryBuilder::new(
            "SELECT at, actor_user_id, action, object_id FROM audit_events WHERE at >= ",
        );
        events
            .push_bind(from)
            .push(" AND at < ")
            .push_bind(until)
            .push(" AND outcome = ")
            .push_bind(AuditOutcome::Success.as_str())
            .push(" AND actor_user_id IS NOT NULL AND object_type = 'user' AND action IN ")
            .push_list(actions.iter().map(|a| a.as_str()))
            .push(" ORDER BY at, id");
        let rows = events.build().fetch_all(&mut *tx).await.map_err(db)?;
        // The object is a user id as text; an id that does not parse was
        // never a user's.
        let mut found = Vec::with_capacity(rows.len());
        for row in &rows {
            let object: Option<String> = get(row, "object_id")?;
            let Some(user) = object.and_then(|o| o.parse::<Uuid>().ok()) else {
                continue;
            };
            found.push((
                get::<DateTime<Utc>>(row, "at")?,
                UserId(get(row, "actor_user_id")?),
                get::<String>(row, "action")?,
                UserId(user),
            ));
        }
        if found.is_empty() {
            return Ok(Vec::new());
        }
        // The agency of every account acted on, in one query.
        let mut users: Vec<Uuid> = found.iter().map(|(_, _, _, u)| u.0).collect();
        users.sort();
        users.dedup();
        let mut agencies_of = QueryBuilder::new("SELECT id, agency_id FROM users WHERE id IN ");
        agencies_of.push_list(users);
        let agency_of: HashMap<Uuid, Uuid> = agencies_of
            .build()
            .fetch_all(&mut *tx)
            .await
            .map_err(db)?
            .iter()
            .map(|row| Ok((get(row, "id")?, get(row, "agency_id")?)))
            .collect::<StoreResult<_>>()?;
        Ok(found
            .into_iter()
            .filter_map(|(at, actor, action, user)| {
                agency_of.get(&user.0).map(|agency| AccountActRow {
                    at,
                    actor_user_id: actor,
                    action,
                    user_id: user,
                    agency_id: AgencyId(*agency),
                })
            })
            .collect())
    }
}
