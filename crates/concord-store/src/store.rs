//! The storage trait. Held as `Arc<dyn Store>` so the layers above compile
//! once whatever the engine.

use crate::master_key::{MasterKeyRotation, MasterSealed};
use crate::rows::*;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use concord_domain::ids::{AgencyId, ApiTokenId, AreaId, UserId};
use concord_domain::role::Role;
use uuid::Uuid;

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    /// A uniqueness rule was broken; `field` names the input field at fault
    /// (`code` for areas, `name` for agencies, `username` for users; `id`
    /// when a row with that id exists, `token_hash` for a session or token).
    #[error("{field} is already in use")]
    Duplicate { field: &'static str },
    /// A referenced row (named by its input field) does not exist.
    #[error("{field} does not exist")]
    MissingReference { field: &'static str },
    #[error("the page cursor is not valid")]
    InvalidCursor,
    /// Someone else changed the row first (optimistic concurrency).
    #[error("changed by someone else; reload and try again")]
    Conflict,
    /// `import_all` was given a database that is not empty.
    #[error("the target database is not empty")]
    NotEmpty,
    /// The database cannot be reached, or was too busy to answer in time:
    /// nothing was changed, and the same request may succeed later.
    #[error("the database is unavailable: {0}")]
    Unavailable(String),
    #[error("database error: {0}")]
    Backend(String),
}

pub type StoreResult<T> = Result<T, StoreError>;

/// Seals new audit events into the Merkle tree. Implemented above the store
/// (it needs the hashing and the signing key); called by the store while it
/// holds the one checkpoint lock, inside the transaction that writes the
/// result.
pub trait AuditSealer: Send + Sync {
    /// `events` are the unsealed events in id order; their tree positions
    /// will be `previous.tree_size ..` (or `0..` for the first checkpoint).
    fn seal(
        &self,
        previous: Option<&CheckpointRow>,
        events: &[AuditEventRow],
    ) -> Result<SealedBatch, String>;
}

pub struct SealedBatch {
    /// One leaf hash per event, in the same order.
    pub leaf_hashes: Vec<Vec<u8>>,
    pub checkpoint: CheckpointRow,
}

/// Conventions every engine follows (the conformance suite checks them):
/// - timestamps are kept to the microsecond;
/// - text orderings (codes, names, usernames) compare the UTF-8 bytes, so
///   both engines list in the same order whatever the server's locale;
/// - a change that fails writes nothing, its audit event included;
/// - changing a row that does not exist (an update, a user's password or
///   second factor) is `NotFound` and writes nothing.
#[async_trait]
pub trait Store:
    crate::cases::CaseStore
    + crate::governance::GovernanceStore
    + crate::risk::RiskStore
    + crate::conference_actions::ConferenceActionStore
    + crate::justice::JusticeStore
    + crate::protection::ProtectionStore
    + crate::deaths::DeathStore
    + crate::homicide_review::HomicideReviewStore
    + crate::service_directory::DirectoryStore
    + crate::referrals::ReferralStore
    + crate::account_recovery::AccountRecoveryStore
    + crate::statistics_releases::StatisticsReleaseStore
    + crate::statistics::StatisticsStore
    + Send
    + Sync
    + 'static
{
    /// "sqlite" or "postgres".
    fn engine(&self) -> &'static str;

    // ---- settings (small key/value facts such as "demo seeded") ----
    async fn get_setting(&self, key: &str) -> StoreResult<Option<String>>;
    async fn put_setting(&self, key: &str, value: &str) -> StoreResult<()>;
    /// Sets the key only if it has no value yet; true if this call set it.
    /// Two instances racing to set it agree on the first value.
    async fn insert_setting_if_absent(&self, key: &str, value: &str) -> StoreResult<bool>;

    // ---- master key rotation ----
    /// Every row sealed with the master key (data keys, second-factor
    /// secrets), read in one snapshot.
    async fn list_master_sealed(&self) -> StoreResult<MasterSealed>;
    /// Master key rotation, in one transaction with `audit`: writes
    /// `rotation.after` (only the sealed values change) and each setting's
    /// `after`. Writes nothing and is `Conflict` unless the database still
    /// holds exactly `rotation.before` (no data key or second-factor secret
    /// added, removed or changed since it was read) and each setting still
    /// has its `before` value: a half-rotated database, some rows under the
    /// old key and some under the new, would lose whatever the old key
    /// sealed. `Backend` (nothing written) if `after` is not `before`
    /// re-sealed ([`MasterKeyRotation::check_shape`]). PostgreSQL locks the
    /// tables concerned against writes for the transaction, so the check
    /// and the writes see the same rows.
    async fn rotate_master_key(
        &self,
        rotation: &MasterKeyRotation,
        audit: &NewAuditEvent,
    ) -> StoreResult<()>;

    // ---- areas ----
    async fn create_area(&self, area: &AreaRow, audit: &NewAuditEvent) -> StoreResult<()>;
    /// Replaces parent, level, code, name and population (`created_at` stays).
    async fn update_area(&self, area: &AreaRow, audit: &NewAuditEvent) -> StoreResult<()>;
    async fn get_area(&self, id: AreaId) -> StoreResult<Option<AreaRow>>;
    /// The areas that exist among `ids` (unknown ids are skipped), ordered by
    /// code, then id.
    async fn get_areas(&self, ids: &[AreaId]) -> StoreResult<Vec<AreaRow>>;
    /// Ordered by code, then id.
    async fn list_areas(&self, page: &PageRequest) -> StoreResult<Page<AreaRow>>;

    // ---- agencies ----
    async fn create_agency(&self, agency: &AgencyRow, audit: &NewAuditEvent) -> StoreResult<()>;
    /// Replaces name, sector, governance and areas served (`created_at`
    /// stays).
    async fn update_agency(&self, agency: &AgencyRow, audit: &NewAuditEvent) -> StoreResult<()>;
    async fn get_agency(&self, id: AgencyId) -> StoreResult<Option<AgencyRow>>;
    /// Ordered by name, then id; each agency's areas loaded with the page
    /// in a constant number of queries.
    async fn list_agencies(&self, page: &PageRequest) -> StoreResult<Page<AgencyRow>>;

    // ---- users ----
    async fn create_user(&self, user: &UserRow, audit: &NewAuditEvent) -> StoreResult<()>;
    async fn update_user_profile(
        &self,
        id: UserId,
        display_name: &str,
        roles: &[Role],
        audit: &NewAuditEvent,
    ) -> StoreResult<()>;
    /// Disabling also revokes every session and API token of the user.
    async fn set_user_active(
        &self,
        id: UserId,
        active: bool,
        at: DateTime<Utc>,
        audit: &NewAuditEvent,
    ) -> StoreResult<()>;
    /// Replaces the password hash and, in the same transaction, revokes
    /// every session and every API token of the user (`revoked_at = at`
    /// where not already revoked): whoever held the old password may have
    /// minted either.
    async fn set_password(
        &self,
        id: UserId,
        password_hash: &str,
        at: DateTime<Utc>,
        audit: &NewAuditEvent,
    ) -> StoreResult<()>;
    /// Sets (or, with `None`, clears) the account's e-mail address for
    /// notices about its sign-in. `NotFound`, and nothing written, for an
    /// unknown account.
    async fn set_user_email(
        &self,
        id: UserId,
        email: Option<&str>,
        audit: &NewAuditEvent,
    ) -> StoreResult<()>;
    /// The account's preferred language tag, `None` when it has none;
    /// `NotFound` for an unknown account.
    async fn user_language(&self, id: UserId) -> StoreResult<Option<String>>;
    /// Saves (or, with `None`, clears) the account's preferred language,
    /// with `audit` in the same transaction. `NotFound`, and nothing
    /// written, for an unknown account.
    async fn set_user_language(
        &self,
        id: UserId,
        language: Option<&str>,
        audit: &NewAuditEvent,
    ) -> StoreResult<()>;
    /// The accounts of `agency` holding the agency administrator role:
    /// `(active ones, all of them)`.
    async fn count_agency_administrators(&self, agency: AgencyId) -> StoreResult<(u32, u32)>;
    /// Onboarding: creates `user` (an administrator of its agency) only if
    /// no account of the agency holds the agency administrator role yet,
    /// active or not, checked in the same transaction with the agency's row
    /// locked (two onboardings, or an onboarding and a recovery, take
    /// turns). False, and nothing written, if one does. `MissingReference`
    /// for an unknown agency.
    async fn create_first_agency_administrator(
        &self,
        user: &UserRow,
        audit: &NewAuditEvent,
    ) -> StoreResult<bool>;
    async fn get_user(&self, id: UserId) -> StoreResult<Option<UserRow>>;
    async fn find_user_by_username(&self, username: &str) -> StoreResult<Option<UserRow>>;
    /// Ordered by username, then id; optionally one agency's users only.
    async fn list_users(
        &self,
        agency: Option<AgencyId>,
        page: &PageRequest,
    ) -> StoreResult<Page<UserRow>>;

    // ---- second factor ----
    async fn set_totp_pending(&self, id: UserId, secret: Option<&[u8]>) -> StoreResult<()>;
    /// Confirms enrolment: the secret becomes active (the pending one is
    /// cleared), `step` counts as used, and the recovery codes are replaced.
    async fn enable_totp(
        &self,
        id: UserId,
        secret: &[u8],
        step: i64,
        recovery_code_hashes: &[Vec<u8>],
        audit: &NewAuditEvent,
    ) -> StoreResult<()>;
    /// Removes the secret, any pending secret and the recovery codes, and
    /// in the same transaction revokes every session and every API token of
    /// the user (`revoked_at = at` where not already revoked), so nothing
    /// signed in with the second factor outlives it. The last used step is
    /// kept, so a code seen before is never accepted again.
    async fn disable_totp(
        &self,
        id: UserId,
        at: DateTime<Utc>,
        audit: &NewAuditEvent,
    ) -> StoreResult<()>;
    /// Atomically records `step` as used. False if it (or a later step) was
    /// already used: a code is never accepted twice. `NotFound` for an
    /// unknown user.
    async fn claim_totp_step(&self, id: UserId, step: i64) -> StoreResult<bool>;
    /// Marks an unused recovery code used and appends `audit`; false (and
    /// nothing written) when no unused code has that hash.
    async fn use_recovery_code(
        &self,
        id: UserId,
        code_hash: &[u8],
        at: DateTime<Utc>,
        audit: &NewAuditEvent,
    ) -> StoreResult<bool>;
    async fn count_unused_recovery_codes(&self, id: UserId) -> StoreResult<u32>;

    // ---- sessions ----
    async fn create_session(&self, session: &SessionRow, audit: &NewAuditEvent) -> StoreResult<()>;
    /// Revokes `old_token_hash` and inserts `new` in one transaction
    /// (rotation when a session gains privileges). `NotFound`, and nothing
    /// written, when the old session is unknown or already revoked: a
    /// revoked session never comes back under a new token.
    async fn replace_session(
        &self,
        old_token_hash: &[u8],
        new: &SessionRow,
        at: DateTime<Utc>,
        audit: &NewAuditEvent,
    ) -> StoreResult<()>;
    async fn get_session(&self, token_hash: &[u8]) -> StoreResult<Option<SessionRow>>;
    /// Sets `last_seen_at`; an unknown token is ignored.
    async fn touch_session(&self, token_hash: &[u8], at: DateTime<Utc>) -> StoreResult<()>;
    /// Revokes one of the user's own sessions; false (and nothing written)
    /// if the user has no such live session.
    async fn revoke_session(
        &self,
        user_id: UserId,
        session_id: Uuid,
        at: DateTime<Utc>,
        audit: &NewAuditEvent,
    ) -> StoreResult<bool>;
    async fn revoke_all_sessions(
        &self,
        user_id: UserId,
        at: DateTime<Utc>,
        audit: &NewAuditEvent,
    ) -> StoreResult<()>;
    /// Sessions not revoked, newest first (expired ones included; the
    /// caller decides expiry with its clock).
    async fn list_sessions(&self, user_id: UserId) -> StoreResult<Vec<SessionRow>>;

    // ---- API tokens ----
    async fn create_api_token(&self, token: &ApiTokenRow, audit: &NewAuditEvent)
    -> StoreResult<()>;
    async fn find_api_token(&self, token_hash: &[u8]) -> StoreResult<Option<ApiTokenRow>>;
    /// Newest first, revoked ones included.
    async fn list_api_tokens(&self, user_id: UserId) -> StoreResult<Vec<ApiTokenRow>>;
    /// False (and nothing written) if the token is not the user's or is
    /// already revoked.
    async fn revoke_api_token(
        &self,
        user_id: UserId,
        token_id: ApiTokenId,
        at: DateTime<Utc>,
        audit: &NewAuditEvent,
    ) -> StoreResult<bool>;
    /// Sets `last_used_at`; an unknown token is ignored.
    async fn touch_api_token(&self, token_id: ApiTokenId, at: DateTime<Utc>) -> StoreResult<()>;

    // ---- sign-in throttling ----
    /// Records an attempt (before its outcome is known) and returns how many
    /// attempts for its account key and for its address key were registered
    /// at or after `since`, this one included, in one write transaction, so
    /// that concurrent attempts cannot all slip under the limit. On
    /// PostgreSQL the transaction first takes `pg_advisory_xact_lock` keyed
    /// on the account key (the first 8 bytes of its SHA-256, as an i64) so
    /// attempts on one account are counted one after another: concurrent
    /// calls for one account get distinct account counts. (Attempts on
    /// different accounts from one address are not serialized by that lock,
    /// so there the address count is exact but two of them may see the same
    /// value.) No audit event:
    /// the caller appends the outcome. A successful sign-in clears the
    /// account's attempts with `clear_account_failures`.
    async fn register_sign_in_attempt(
        &self,
        attempt: &SignInFailureRow,
        since: DateTime<Utc>,
    ) -> StoreResult<(u32, u32)>;
    /// Deletes the account's attempts (they then no longer count for their
    /// addresses either).
    async fn clear_account_failures(&self, account_key: &[u8]) -> StoreResult<()>;

    // ---- housekeeping ----
    /// Deletes sessions that are revoked, or whose `last_seen_at` is before
    /// `sessions_idle_before`, or whose `created_at` is before
    /// `sessions_created_before`; and sign-in attempts whose `at` is before
    /// `attempts_before`. One write transaction; returns how many rows of
    /// each went. No audit event: it removes only rows that no longer have
    /// any effect (dead sessions, attempts outside every window), nothing a
    /// person did; what people did is in the audit log, which this never
    /// touches.
    async fn purge_expired(&self, cutoffs: &PurgeCutoffs) -> StoreResult<PurgeCounts>;

    // ---- coordination bodies ----
    async fn create_body(&self, body: &BodyRow, audit: &NewAuditEvent) -> StoreResult<()>;
    /// Ordered by level (national, regional, local), then name, then id.
    async fn list_bodies(&self) -> StoreResult<Vec<BodyRow>>;

    // ---- audit ----
    /// Appends an event that goes with no other change (e.g. a denied
    /// request, or a sensitive read).
    async fn append_audit(&self, audit: &NewAuditEvent) -> StoreResult<()>;
    /// Newest first; the cursor is the last event's id.
    async fn list_audit_events(
        &self,
        filter: &AuditFilter,
        page: &PageRequest,
    ) -> StoreResult<Page<AuditEventRow>>;
    /// Takes the checkpoint lock (one holder across all instances), seals up
    /// to `max_events` unsealed events with `sealer` and writes positions,
    /// leaf hashes and the new checkpoint in one transaction. `None` when
    /// another instance holds the lock or nothing was waiting. A sealer
    /// error, or a batch that does not match the events (leaf count, tree
    /// size), is `Backend` and writes nothing.
    ///
    /// Positions follow id order: the seal waits for every event being
    /// written to commit and holds new ones back until it commits. Refused
    /// (`Backend`, with the reason) when events are already sealed past the
    /// latest checkpoint: the checkpoints were tampered with.
    async fn seal_audit(
        &self,
        sealer: &dyn AuditSealer,
        max_events: u32,
    ) -> StoreResult<Option<CheckpointRow>>;
    /// Sealed events with `tree_position >= from`, in position order.
    async fn sealed_audit_events(&self, from: i64, limit: u32) -> StoreResult<Vec<AuditEventRow>>;
    async fn count_unsealed_audit_events(&self) -> StoreResult<i64>;
    /// Oldest first.
    async fn list_checkpoints(&self) -> StoreResult<Vec<CheckpointRow>>;
    /// The largest checkpoint.
    async fn latest_checkpoint(&self) -> StoreResult<Option<CheckpointRow>>;
    /// The largest checkpoint smaller than `tree_size`.
    async fn checkpoint_before(&self, tree_size: i64) -> StoreResult<Option<CheckpointRow>>;
    /// Up to `limit` checkpoints larger than `tree_size`, oldest first.
    async fn checkpoints_after(
        &self,
        tree_size: i64,
        limit: u32,
    ) -> StoreResult<Vec<CheckpointRow>>;
    /// Keeps a witness's cosignature (a second one for the same witness and
    /// size is ignored).
    async fn add_audit_cosignature(&self, cosignature: &CosignatureRow) -> StoreResult<()>;
    /// Every cosignature kept, by tree size.
    async fn list_audit_cosignatures(&self) -> StoreResult<Vec<CosignatureRow>>;
    /// The largest tree size `witness` cosigned, as kept here.
    async fn latest_audit_cosignature(&self, witness: &str) -> StoreResult<Option<i64>>;
    /// The events' gap-free numbers at a glance.
    async fn audit_numbering(&self) -> StoreResult<AuditNumbering>;
    /// The lowest number in 1..=counter that no event holds.
    async fn first_missing_audit_number(&self) -> StoreResult<Option<i64>>;

    // ---- whole-database copy ----
    /// Row count of every table, by table name, in a fixed order.
    async fn table_counts(&self) -> StoreResult<Vec<(String, i64)>>;
    async fn export_all(&self) -> StoreResult<DatabaseDump>;
    /// The row counts and the dump read in one snapshot, so a copy of a
    /// database in use can be checked against them.
    async fn export_counted(&self) -> StoreResult<(Vec<(String, i64)>, DatabaseDump)>;
    /// Loads a dump into an empty database in one transaction, keeping ids
    /// (audit event ids included; new events get higher ids afterwards).
    /// Refuses with `NotEmpty` if any table has a row. References are
    /// checked at commit, so rows may come in any order.
    async fn import_all(&self, dump: &DatabaseDump) -> StoreResult<()>;
}
