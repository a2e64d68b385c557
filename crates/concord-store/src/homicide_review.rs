//! Storage of domestic homicide review grants (migration 0024), and the one
//! read the chronology needs that no other part offers: every referral of a
//! case, whichever agency sent or received it.

use crate::referrals::ReferralRow;
use crate::rows::NewAuditEvent;
use crate::store::StoreResult;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use concord_domain::ids::{BodyId, CaseId, ReviewGrantId, UserId};
use serde::{Deserialize, Serialize};

/// A coordination body's grant of a case's chronology, on the lawful basis
/// `homicide_review` (the only basis the table accepts).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewGrantRow {
    pub id: ReviewGrantId,
    pub case_id: CaseId,
    pub body_id: BodyId,
    /// Encrypted with the owning agency's key.
    pub reason: Vec<u8>,
    /// The body is not a review panel but was given the review's remit.
    pub remit_confirmed: bool,
    pub granted_by: UserId,
    pub granted_at: DateTime<Utc>,
    pub revoked_by: Option<UserId>,
    pub revoked_at: Option<DateTime<Utc>>,
}

/// The tables of homicide reviews, in the order `table_counts` reports them.
pub const REVIEW_TABLES: [&str; 1] = ["review_grants"];

/// Every grant, for `concord copy-db`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewDump {
    pub grants: Vec<ReviewGrantRow>,
}

#[async_trait]
pub trait HomicideReviewStore: Send + Sync {
    /// Adds a grant with its audit event. `MissingReference` naming the
    /// field for an unknown case (`case_id`), body (`body_id`) or user.
    async fn create_review_grant(
        &self,
        row: &ReviewGrantRow,
        audit: &NewAuditEvent,
    ) -> StoreResult<()>;

    /// Revokes a grant of `case` with its audit event: `NotFound` for a grant
    /// not of that case, `Conflict` (nothing written) once it is revoked.
    async fn revoke_review_grant(
        &self,
        case: CaseId,
        id: ReviewGrantId,
        by: UserId,
        at: DateTime<Utc>,
        audit: &NewAuditEvent,
    ) -> StoreResult<()>;

    /// The case's grants, oldest first.
    async fn list_review_grants(&self, case: CaseId) -> StoreResult<Vec<ReviewGrantRow>>;

    /// Every referral of the case (any sender, any receiver, drafts
    /// included), oldest first.
    async fn case_service_referrals(&self, case: CaseId) -> StoreResult<Vec<ReferralRow>>;
}
