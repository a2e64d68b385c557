//! Row types: what the store reads and writes. Engine-neutral plain data;
//! each engine maps them to its own column types.

use chrono::{DateTime, Utc};
use concord_domain::access::TokenScope;
use concord_domain::agency::{Governance, Sector};
use concord_domain::area::AreaLevel;
use concord_domain::audit::{AuditAction, AuditOutcome};
use concord_domain::coordination::BodyLevel;
use concord_domain::governance::{BodyType, Leadership};
use concord_domain::ids::{AgencyId, ApiTokenId, AreaId, BodyId, UserId};
use concord_domain::role::Role;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AreaRow {
    pub id: AreaId,
    pub parent_id: Option<AreaId>,
    pub level: AreaLevel,
    /// Unique across all areas, upper-case.
    pub code: String,
    pub name: String,
    pub adult_female_population: Option<i64>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgencyRow {
    pub id: AgencyId,
    /// Unique across all agencies.
    pub name: String,
    pub sector: Sector,
    pub governance: Governance,
    /// Areas served, in the order given.
    pub area_ids: Vec<AreaId>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserRow {
    pub id: UserId,
    pub agency_id: AgencyId,
    /// Unique, lower-case.
    pub username: String,
    pub display_name: String,
    /// Where notices about the account's sign-in go (a reset of its
    /// password or second factor); optional.
    pub email: Option<String>,
    /// Argon2id PHC string.
    pub password_hash: String,
    /// Sorted, no duplicates.
    pub roles: Vec<Role>,
    pub active: bool,
    /// Created by `concord demo`; only demo mode may exempt it from the
    /// second factor.
    pub demo_account: bool,
    /// TOTP secret, encrypted with the master key.
    pub totp_secret: Option<Vec<u8>>,
    /// A secret shown during enrolment, not yet confirmed; encrypted.
    pub totp_pending_secret: Option<Vec<u8>>,
    /// The last TOTP time step accepted; a step is never accepted twice.
    pub totp_last_step: Option<i64>,
    pub password_changed_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecoveryCodeRow {
    pub user_id: UserId,
    /// SHA-256 of the code.
    pub code_hash: Vec<u8>,
    pub used_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionRow {
    /// Shown on "my sessions" and used to revoke one; not the secret.
    pub id: Uuid,
    /// SHA-256 of the 256-bit token held in the cookie. Unique.
    pub token_hash: Vec<u8>,
    pub user_id: UserId,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    /// False until the second factor has been checked (or was not needed).
    pub second_factor_done: bool,
    /// Per-session anti-forgery token embedded in forms.
    pub csrf_token: String,
    /// A short description of the browser, for "my sessions".
    pub user_agent: String,
    pub revoked_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiTokenRow {
    pub id: ApiTokenId,
    pub user_id: UserId,
    pub name: String,
    /// SHA-256 of the token. Unique.
    pub token_hash: Vec<u8>,
    pub scope: TokenScope,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub last_used_at: Option<DateTime<Utc>>,
}

/// One sign-in attempt not yet cleared (registered before its outcome is
/// known; a successful sign-in clears the account's attempts), keyed by
/// hashes of the account name and address so the table holds no personal
/// data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInFailureRow {
    pub account_key: Vec<u8>,
    pub address_key: Vec<u8>,
    pub at: DateTime<Utc>,
}

/// What [`Store::purge_expired`](crate::Store::purge_expired) deletes: rows
/// older than these instants (each bound exclusive).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PurgeCutoffs {
    /// Sessions last seen before this are deleted (idle timeout).
    pub sessions_idle_before: DateTime<Utc>,
    /// Sessions created before this are deleted (absolute lifetime).
    pub sessions_created_before: DateTime<Utc>,
    /// Sign-in attempts registered before this are deleted (they are
    /// outside every throttling window).
    pub attempts_before: DateTime<Utc>,
}

/// How many rows [`Store::purge_expired`](crate::Store::purge_expired)
/// deleted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PurgeCounts {
    pub sessions: u64,
    pub sign_in_attempts: u64,
}

/// An audit event to append. No personal data: ids and outcomes only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewAuditEvent {
    pub at: DateTime<Utc>,
    pub actor_user_id: Option<UserId>,
    pub actor_agency_id: Option<AgencyId>,
    pub action: AuditAction,
    /// e.g. `user`, `agency`.
    pub object_type: Option<String>,
    pub object_id: Option<String>,
    pub outcome: AuditOutcome,
    /// Extra structured facts (ids, counts, reasons chosen from lists).
    pub details: serde_json::Value,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEventRow {
    /// Assigned by the database in insertion order.
    pub id: i64,
    pub at: DateTime<Utc>,
    pub actor_user_id: Option<UserId>,
    pub actor_agency_id: Option<AgencyId>,
    /// Stored as text so an unknown action read back is still shown.
    pub action: String,
    pub object_type: Option<String>,
    pub object_id: Option<String>,
    pub outcome: String,
    /// JSON text exactly as stored (hashing uses these bytes).
    pub details: String,
    /// Position in the Merkle tree, once a checkpoint sealed it.
    pub tree_position: Option<i64>,
    pub leaf_hash: Option<Vec<u8>>,
}

/// A signed tree head over the first `tree_size` audit events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckpointRow {
    pub tree_size: i64,
    pub root_hash: Vec<u8>,
    /// The compact range (right edge of the tree) to extend it without
    /// reading every leaf again.
    pub frontier: Vec<u8>,
    pub signed_at: DateTime<Utc>,
    pub public_key: Vec<u8>,
    pub signature: Vec<u8>,
    /// The leaf hashes of the events this checkpoint sealed, 32 bytes each
    /// in position order (`None` before migration 0017).
    #[serde(default)]
    pub leaf_hashes: Option<Vec<u8>>,
    /// RFC 9162 consistency proof from the previous checkpoint, 32-byte
    /// nodes (`None` before migration 0017).
    #[serde(default)]
    pub consistency_proof: Option<Vec<u8>>,
}

/// A witness's cosignature of the checkpoint of `tree_size`: the C2SP
/// signature line it returned (`— <witness name> <base64>`), by the
/// witness's verifier key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CosignatureRow {
    pub tree_size: i64,
    pub witness: String,
    pub cosignature: String,
}

/// How the audit events' gap-free numbers stand: every number from 1 to
/// `counter` should belong to exactly one event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AuditNumbering {
    pub events: i64,
    pub numbered: i64,
    pub lowest: Option<i64>,
    pub highest: Option<i64>,
    pub counter: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BodyRow {
    pub id: BodyId,
    pub name: String,
    pub level: BodyLevel,
    pub area_id: AreaId,
    pub parent_id: Option<BodyId>,
    pub created_at: DateTime<Utc>,
    // ---- governance (migration 0003) ----
    pub body_type: BodyType,
    pub leadership: Leadership,
    /// The agency whose coordination secretariat edits the body; `None`
    /// until a system administrator names one.
    pub secretariat_agency_id: Option<AgencyId>,
    /// Carry-overs before an action escalates to the parent body.
    pub escalate_after: i32,
    pub remit: Option<String>,
}

/// Filters for browsing the audit log. All are optional and combine with AND.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    pub actor_user_id: Option<UserId>,
    /// Events whose actor belonged to this agency.
    pub agency_id: Option<AgencyId>,
    pub action: Option<String>,
    pub from: Option<DateTime<Utc>>,
    /// Exclusive.
    pub until: Option<DateTime<Utc>>,
    /// Events about one object, e.g. `("case", id)` for a survivor's "who
    /// has accessed this file" report.
    pub object: Option<(String, String)>,
}

/// Keyset pagination: `after` is the opaque cursor of the last row seen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageRequest {
    pub after: Option<String>,
    pub limit: u32,
}

impl PageRequest {
    pub const MAX_LIMIT: u32 = 500;

    pub fn first(limit: u32) -> Self {
        Self {
            after: None,
            limit: limit.clamp(1, Self::MAX_LIMIT),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Cursor for the next page; `None` on the last page.
    pub next: Option<String>,
}

/// Everything in a Concord database, for `concord copy-db`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DatabaseDump {
    pub settings: Vec<(String, String)>,
    pub areas: Vec<AreaRow>,
    pub agencies: Vec<AgencyRow>,
    pub users: Vec<UserRow>,
    pub recovery_codes: Vec<RecoveryCodeRow>,
    pub sessions: Vec<SessionRow>,
    pub api_tokens: Vec<ApiTokenRow>,
    pub sign_in_failures: Vec<SignInFailureRow>,
    pub bodies: Vec<BodyRow>,
    pub audit_events: Vec<AuditEventRow>,
    pub checkpoints: Vec<CheckpointRow>,
    pub cases: crate::cases::CaseDump,
    #[serde(default)]
    pub risk: crate::risk::RiskDump,
    #[serde(default)]
    pub governance: crate::governance::GovernanceDump,
    #[serde(default)]
    pub directory: crate::service_directory::DirectoryDump,
    #[serde(default)]
    pub directory_history: crate::service_directory::DirectoryHistoryDump,
    #[serde(default)]
    pub referrals: crate::referrals::ReferralDump,
    #[serde(default)]
    pub account_recovery: crate::account_recovery::AccountRecoveryDump,
    #[serde(default)]
    pub justice: crate::justice::JusticeDump,
    #[serde(default)]
    pub protection: crate::protection::ProtectionDump,
    #[serde(default)]
    pub deaths: crate::deaths::DeathDump,
    #[serde(default)]
    pub review: crate::homicide_review::ReviewDump,
    pub statistics_releases: crate::statistics_releases::StatisticsReleaseDump,
}

/// Opaque keyset cursors: the sort key of the last row, hex-encoded so they
/// are safe in a query string and reveal nothing readable at a glance.
pub mod cursor {
    pub fn encode(parts: &[&str]) -> String {
        let joined = parts.join("\u{1f}");
        joined.bytes().map(|b| format!("{b:02x}")).collect()
    }

    pub fn decode(cursor: &str, parts: usize) -> Option<Vec<String>> {
        if !cursor.len().is_multiple_of(2) || cursor.len() > 2048 {
            return None;
        }
        let bytes: Option<Vec<u8>> = (0..cursor.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(cursor.get(i..i + 2)?, 16).ok())
            .collect();
        let text = String::from_utf8(bytes?).ok()?;
        let split: Vec<String> = text.split('\u{1f}').map(str::to_string).collect();
        (split.len() == parts).then_some(split)
    }

    #[cfg(test)]
    mod tests {
        #[test]
        fn round_trip_and_rejects_garbage() {
            let c = super::encode(&["Ñame", "123"]);
            assert_eq!(super::decode(&c, 2).unwrap(), vec!["Ñame", "123"]);
            assert!(super::decode(&c, 3).is_none());
            assert!(super::decode("zz", 1).is_none());
            assert!(super::decode("abc", 1).is_none());
        }
    }
}
