//! Storage of referrals between agencies: the referral, every step taken
//! on it (its history), and the notifications it raised.
//!
//! `reason` and each step's `note` hold ciphertext made above the store
//! (the case owner's data key); the store never sees plaintext. A referral
//! belongs to its case: purging the survivor removes her referrals with
//! their history and notifications. A reference to a row that does not
//! exist is `MissingReference` naming the field (`case_id`, `service_id`,
//! `sending_agency`, `receiving_agency`, `created_by`, `referral_id`).

use crate::rows::{NewAuditEvent, Page, PageRequest};
use crate::store::StoreResult;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use concord_domain::consent::DataCategory;
use concord_domain::ids::{AgencyId, CaseId, ConsentId, ReferralId, ServiceId, UserId};
use concord_domain::referral::{
    DeclineReason, ReferralEvent, ReferralOutcome, ReferralSide, ReferralState, Urgency,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferralRow {
    pub id: ReferralId,
    /// `R-XXXX-XXXX`, unique: what lists, e-mails and forms show.
    pub reference: String,
    pub case_id: CaseId,
    pub sending_agency: AgencyId,
    pub receiving_agency: AgencyId,
    pub service_id: ServiceId,
    pub urgency: Urgency,
    pub state: ReferralState,
    /// What the receiving agency may read of the case (under the consent).
    pub categories: Vec<DataCategory>,
    /// The consent that let it be sent.
    pub consent_id: Option<ConsentId>,
    /// Encrypted.
    pub reason: Vec<u8>,
    pub decline_reason: Option<DeclineReason>,
    pub outcome: Option<ReferralOutcome>,
    pub created_by: UserId,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
    /// When the answer is due (set when sent).
    pub due_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
}

/// One step in a referral's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferralStepRow {
    pub id: Uuid,
    pub referral_id: ReferralId,
    pub at: DateTime<Utc>,
    /// `None` for Concord itself (expiry).
    pub actor_user_id: Option<UserId>,
    pub actor_agency_id: Option<AgencyId>,
    /// `None` when the referral was created.
    pub event: Option<ReferralEvent>,
    pub from_state: Option<ReferralState>,
    pub to_state: ReferralState,
    /// Encrypted note sent with the step.
    pub note: Option<Vec<u8>>,
}

/// A referral in a list, with what a list shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferralListItem {
    pub referral: ReferralRow,
    pub survivor_reference: String,
    pub service_name: String,
}

/// Which referrals to list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferralFilter {
    pub agency: AgencyId,
    /// `Sender`: the agency's outgoing referrals; `Receiver`: its queue
    /// (drafts never appear there); `SenderForProvider`: its outgoing
    /// referrals to outside providers (organizations of the directory that
    /// are not member agencies), whose steps it records. `System` lists
    /// nothing.
    pub side: ReferralSide,
    /// Empty: every state.
    pub states: Vec<ReferralState>,
    pub case_id: Option<CaseId>,
    /// Only those awaiting an answer (`sent`, `acknowledged`) whose
    /// `due_at` is before this instant.
    pub overdue_at: Option<DateTime<Utc>>,
}

/// A notice to an agency about a referral (shown in the app, and e-mailed
/// where configured). One per referral, agency and kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationRow {
    pub id: Uuid,
    pub agency_id: AgencyId,
    pub referral_id: ReferralId,
    /// `received` (a referral arrived), `overdue`, `expired`.
    pub kind: String,
    pub created_at: DateTime<Utc>,
    pub read_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferralDump {
    pub referrals: Vec<ReferralRow>,
    pub steps: Vec<ReferralStepRow>,
    pub notifications: Vec<NotificationRow>,
}

#[async_trait]
pub trait ReferralStore: Send + Sync {
    /// `Duplicate { field: "reference" }` if the reference is taken.
    /// `notice` (the receiving agency told that a referral arrived) is
    /// stored in the same transaction, so it exists exactly when the
    /// referral went out.
    async fn create_referral(
        &self,
        referral: &ReferralRow,
        first_step: &ReferralStepRow,
        audit: &NewAuditEvent,
        notice: Option<&NotificationRow>,
    ) -> StoreResult<()>;
    /// Writes state, consent, decline reason, outcome, `sent_at`, `due_at`
    /// and `updated_at` of `referral` and appends `steps` (in order: an
    /// acknowledgement implied by accepting comes first), only if the
    /// stored state is still `expected_state` (`Conflict` otherwise,
    /// nothing written). `NotFound` for an unknown referral. `audit` (one
    /// event per step) may be empty only for Concord's own steps (expiry),
    /// which the history records. `notice` is stored with the steps (as for
    /// [`ReferralStore::create_referral`]); nothing of it when the step is
    /// refused. All in one transaction.
    async fn update_referral(
        &self,
        referral: &ReferralRow,
        expected_state: ReferralState,
        steps: &[ReferralStepRow],
        audit: &[NewAuditEvent],
        notice: Option<&NotificationRow>,
    ) -> StoreResult<()>;
    async fn get_referral(&self, id: ReferralId) -> StoreResult<Option<ReferralRow>>;
    /// Newest `updated_at` first (cursor on it and the id), with survivor
    /// reference and service name, in a constant number of queries.
    async fn list_referrals(
        &self,
        filter: &ReferralFilter,
        page: &PageRequest,
    ) -> StoreResult<Page<ReferralListItem>>;
    /// Oldest first.
    async fn referral_steps(&self, id: ReferralId) -> StoreResult<Vec<ReferralStepRow>>;
    /// Referrals awaiting an answer (`sent`, `acknowledged`) due before
    /// `due_before`, oldest due first, at most `limit`.
    async fn referrals_due_before(
        &self,
        due_before: DateTime<Utc>,
        limit: u32,
    ) -> StoreResult<Vec<ReferralRow>>;
    /// Inserts the notification unless one with the same referral, agency
    /// and kind exists; true if this call inserted it. Safe when several
    /// instances race: exactly one gets true.
    async fn create_notification(&self, notification: &NotificationRow) -> StoreResult<bool>;
    /// The agency's unread notifications, newest first, at most `limit`.
    async fn unread_notifications(
        &self,
        agency: AgencyId,
        limit: u32,
    ) -> StoreResult<Vec<NotificationRow>>;
    /// Marks one of the agency's notifications read; false if there is no
    /// such unread notification.
    async fn mark_notification_read(
        &self,
        agency: AgencyId,
        id: Uuid,
        at: DateTime<Utc>,
    ) -> StoreResult<bool>;
}
