//! Storage of account recovery (migration 0008): requests to restore the
//! administration of an agency that has lost every administrator, the
//! notices that tell the agency, and the account acts read back from the
//! audit log for the burst alert (no table of their own: the audit log
//! already holds them).

use crate::rows::{NewAuditEvent, UserRow};
use crate::store::StoreResult;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use concord_domain::account_recovery::RecoveryStatus;
use concord_domain::audit::AuditAction;
use concord_domain::ids::{AccountRecoveryId, AgencyId, UserId};
use concord_domain::role::Role;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Every table of this module, in the order `table_counts` reports them
/// (after the risk tables).
pub const ACCOUNT_RECOVERY_TABLES: [&str; 2] = ["account_recoveries", "account_recovery_notices"];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountRecoveryRow {
    pub id: AccountRecoveryId,
    pub agency_id: AgencyId,
    /// The existing account to restore; for a new account, set when the
    /// request is approved and the account created.
    pub user_id: Option<UserId>,
    /// The user name of the account: the existing one's, or the new one's.
    pub username: String,
    /// The new account's display name; `None` when restoring one.
    pub display_name: Option<String>,
    /// Why, as the requester wrote it (shown to system administrators and
    /// to the agency; never in the audit log).
    pub reason: String,
    pub requested_by: UserId,
    pub requested_at: DateTime<Utc>,
    /// `requested_at` plus the approval limit.
    pub expires_at: DateTime<Utc>,
    pub status: RecoveryStatus,
    /// Who approved or declined it (`None` while open, and for a lapse).
    pub decided_by: Option<UserId>,
    pub decided_at: Option<DateTime<Utc>>,
}

/// A notice on the agency administrators' home pages that their agency's
/// administration was restored. One per approved request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountRecoveryNoticeRow {
    pub id: Uuid,
    pub agency_id: AgencyId,
    pub recovery_id: AccountRecoveryId,
    pub created_at: DateTime<Utc>,
    pub read_at: Option<DateTime<Utc>>,
}

/// The account an approval writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecoveredAccount {
    /// A new account of the agency (its roles include agency
    /// administrator; its password is the one-time password set at
    /// approval).
    New(UserRow),
    /// An existing account of the agency: enabled, given `roles`, its
    /// password replaced by `password_hash`, its second factor and recovery
    /// codes removed (it enrols again at sign-in), every session and API
    /// token ended.
    Restored {
        id: UserId,
        roles: Vec<Role>,
        password_hash: String,
    },
}

/// What approving a request writes, all in one transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecoveryApproval {
    pub id: AccountRecoveryId,
    pub approved_by: UserId,
    pub at: DateTime<Utc>,
    pub account: RecoveredAccount,
    pub notice: AccountRecoveryNoticeRow,
}

/// One account act read back from the audit log: a successful event of
/// one of the asked actions, by a person, about a user account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountActRow {
    pub at: DateTime<Utc>,
    pub actor_user_id: UserId,
    pub action: String,
    pub user_id: UserId,
    /// The agency of the account acted on.
    pub agency_id: AgencyId,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountRecoveryDump {
    pub requests: Vec<AccountRecoveryRow>,
    pub notices: Vec<AccountRecoveryNoticeRow>,
}

#[async_trait]
pub trait AccountRecoveryStore: Send + Sync {
    /// Stores an open request with its audit event. `Duplicate { field:
    /// "agency_id" }` if the agency has an open request already;
    /// `Conflict` (nothing written) if the agency has an active agency
    /// administrator, checked in the same transaction; `MissingReference`
    /// for an unknown agency, account or requester.
    async fn create_account_recovery(
        &self,
        row: &AccountRecoveryRow,
        audit: &NewAuditEvent,
    ) -> StoreResult<()>;
    async fn get_account_recovery(
        &self,
        id: AccountRecoveryId,
    ) -> StoreResult<Option<AccountRecoveryRow>>;
    /// Open requests (whatever their age), oldest first; with
    /// `decided_limit > 0`, also that many of the most recently decided,
    /// newest first, after them.
    async fn list_account_recoveries(
        &self,
        decided_limit: u32,
    ) -> StoreResult<Vec<AccountRecoveryRow>>;
    /// Approves in one transaction with `audit` (the approval) and
    /// `account_audit` (the account created or restored): the request must
    /// still be open and the agency still without an active agency
    /// administrator (`Conflict`, nothing written, otherwise); a restored
    /// account must be the agency's (`NotFound` otherwise); a new account's
    /// taken user name is `Duplicate { field: "username" }`. Writes the
    /// account, the request (approved, by whom, when, and the account's
    /// id) and the notice.
    async fn approve_account_recovery(
        &self,
        approval: &RecoveryApproval,
        audit: &NewAuditEvent,
        account_audit: &NewAuditEvent,
    ) -> StoreResult<()>;
    /// Closes an open request as `status` (declined or lapsed) by `by` at
    /// `at`, with `audit`; false, and nothing written, if it is not open.
    async fn close_account_recovery(
        &self,
        id: AccountRecoveryId,
        status: RecoveryStatus,
        by: Option<UserId>,
        at: DateTime<Utc>,
        audit: &NewAuditEvent,
    ) -> StoreResult<bool>;
    /// The agency's unread recovery notices, newest first, at most `limit`.
    async fn unread_recovery_notices(
        &self,
        agency: AgencyId,
        limit: u32,
    ) -> StoreResult<Vec<AccountRecoveryNoticeRow>>;
    /// Marks one of the agency's notices read; false if it has no such
    /// unread notice.
    async fn mark_recovery_notice_read(
        &self,
        agency: AgencyId,
        id: Uuid,
        at: DateTime<Utc>,
    ) -> StoreResult<bool>;
    /// Who created `user`, from the audit log: the person who is the actor
    /// of the earliest successful `user.created` event about it. `None`
    /// for an account created from the command line (no person acted) or
    /// one the log has no such event for.
    async fn user_creator(&self, user: UserId) -> StoreResult<Option<UserId>>;
    /// Who ever set `user`'s credentials for it, from the audit log: the
    /// persons who reset its password or removed its second factor
    /// (successful `password.reset` / `second_factor.removed` about it, not
    /// by itself), without repeats, oldest first. A later change of
    /// password through the account does not clear them: whoever reset it
    /// could have made that change too.
    async fn credential_setters(&self, user: UserId) -> StoreResult<Vec<UserId>>;
    /// Account acts from the audit log: successful events of `actions` at
    /// or after `from` and before `until`, with a person as actor and a
    /// user account as object, each with the agency of that account;
    /// oldest first. Events about accounts that no longer exist are left
    /// out.
    async fn account_acts(
        &self,
        actions: &[AuditAction],
        from: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> StoreResult<Vec<AccountActRow>>;
}
