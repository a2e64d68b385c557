//! Storage of the SMART actions agreed at risk-conference meetings for
//! listed cases (migration 0006). What happens to them when a meeting closes
//! is written by [`crate::RiskStore::close_conference_meeting`], in the same
//! transaction as the meeting.

use crate::rows::NewAuditEvent;
use crate::store::StoreResult;
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use concord_domain::governance::ActionStatus;
use concord_domain::ids::{
    AgencyId, ConferenceActionId, ConferenceId, ConferenceMeetingId, ConferenceReferralId, UserId,
};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConferenceActionRow {
    pub id: ConferenceActionId,
    pub conference_id: ConferenceId,
    /// The listed case it is for.
    pub referral_id: ConferenceReferralId,
    /// The meeting that agreed it.
    pub meeting_id: ConferenceMeetingId,
    /// Encrypted with the coordinating agency's key.
    pub description: Vec<u8>,
    pub owner_agency: AgencyId,
    pub due_on: NaiveDate,
    pub status: ActionStatus,
    /// Why it was done or not possible; encrypted like the description.
    pub note: Option<Vec<u8>>,
    /// How many meetings closed with it still not done.
    pub carry_overs: i32,
    /// When it escalated to the steering group (once).
    pub escalated_at: Option<DateTime<Utc>>,
    pub raised_by: UserId,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// An action in a list, with its survivor's reference (never her name).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConferenceActionListItem {
    pub action: ConferenceActionRow,
    pub survivor_reference: String,
}

/// Whose actions to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActionScope {
    Conference(ConferenceId),
    Referral(ConferenceReferralId),
    /// Every conference's actions owned by one agency.
    OwnerAgency(AgencyId),
}

/// What closing a meeting writes to one action it carries over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ActionCarry {
    pub id: ConferenceActionId,
    pub carry_overs: i32,
    /// Set when it escalates at this close.
    pub escalated_at: Option<DateTime<Utc>>,
}

#[async_trait]
pub trait ConferenceActionStore: Send + Sync {
    /// `MissingReference` naming the field for an unknown referral, meeting,
    /// owner agency or user.
    async fn create_conference_action(
        &self,
        row: &ConferenceActionRow,
        audit: &NewAuditEvent,
    ) -> StoreResult<()>;
    async fn get_conference_action(
        &self,
        id: ConferenceActionId,
    ) -> StoreResult<Option<ConferenceActionRow>>;
    /// Writes status, note and `updated_at` only if the stored status is
    /// still `expected` (else `Conflict`; `NotFound` for an unknown action).
    async fn update_conference_action(
        &self,
        row: &ConferenceActionRow,
        expected: ActionStatus,
        audit: &NewAuditEvent,
    ) -> StoreResult<()>;
    /// The scope's actions (only those not done when `open_only`), earliest
    /// due first, in one query.
    async fn list_conference_actions(
        &self,
        scope: ActionScope,
        open_only: bool,
    ) -> StoreResult<Vec<ConferenceActionListItem>>;
}
