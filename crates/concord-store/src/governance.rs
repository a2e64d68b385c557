//! Storage of the governance of coordination: the details of bodies
//! (leadership, secretariat, escalation threshold), their members and
//! subgroups, meetings with attendance and action items (carried over and
//! escalated when a meeting closes), instruments with versions, documents,
//! signatories and consultations, and self-assessment rounds.
//!
//! As everywhere in the store, every change takes its audit event and
//! writes both in one transaction. A row naming one that does not exist is
//! `MissingReference` naming the row's field (`body_id`, `agency_id`,
//! `meeting_id`, `instrument_id`, `version_id`, `round_id`,
//! `owner_agency_id`, `chair_agency_id`, `secretariat_agency_id`,
//! `parent_id`, `area_id`, `answered_by`), checked before anything is
//! written.
//!
//! Action items are stored generically: an action belongs to a body and,
//! optionally, to the meeting that raised it; a later kind of owner (a
//! risk-conference case) adds its own column without changing these rules.

use crate::rows::{BodyRow, NewAuditEvent};
use crate::store::StoreResult;
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use concord_domain::governance::{
    ActionStatus, ContinuumStage, EcologicalLevel, EssentialAction, InstrumentKind, Presence,
    VersionStatus,
};
use concord_domain::ids::{ActionId, AgencyId, BodyId, InstrumentId, MeetingId, UserId};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A member agency of a body, with its named representative. One row per
/// agency and body; an agency that left keeps its row with `left_on`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberRow {
    pub body_id: BodyId,
    pub agency_id: AgencyId,
    pub representative: String,
    pub representative_title: Option<String>,
    /// The representative may commit the agency.
    pub decision_authority: bool,
    pub deputy: Option<String>,
    /// Chairs (or co-chairs) the body.
    pub chair: bool,
    pub joined_on: NaiveDate,
    pub left_on: Option<NaiveDate>,
    pub updated_at: DateTime<Utc>,
}

/// A thematic subgroup reporting to its body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubgroupRow {
    pub id: Uuid,
    pub body_id: BodyId,
    pub name: String,
    pub remit: Option<String>,
    pub chair_agency_id: AgencyId,
    pub chair_name: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingRow {
    pub id: MeetingId,
    pub body_id: BodyId,
    pub held_on: NaiveDate,
    pub location: Option<String>,
    /// The secretariat's agenda items, in order (open actions join the
    /// agenda by themselves).
    pub agenda: Vec<String>,
    pub decisions: Vec<String>,
    pub minutes: Option<String>,
    /// Set once the meeting is closed; nothing of it changes afterwards.
    pub closed_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttendanceRow {
    pub meeting_id: MeetingId,
    pub agency_id: AgencyId,
    pub presence: Presence,
    /// Who came for the agency (or sent apologies).
    pub attendee: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionRow {
    pub id: ActionId,
    pub body_id: BodyId,
    /// The meeting that raised it; `None` for an action added straight to
    /// the body's action plan.
    pub meeting_id: Option<MeetingId>,
    pub description: String,
    pub owner_agency_id: AgencyId,
    pub due_on: NaiveDate,
    pub status: ActionStatus,
    /// Why it was (or was not) done.
    pub note: Option<String>,
    pub ecological_level: Option<EcologicalLevel>,
    pub essential_action: Option<EssentialAction>,
    pub carry_overs: i32,
    /// The parent body it escalated to.
    pub escalated_to: Option<BodyId>,
    /// When it escalated (set even when the body had no parent to take it).
    pub escalated_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Where an action stood at the close of a meeting whose agenda carried it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionReviewRow {
    pub meeting_id: MeetingId,
    pub action_id: ActionId,
    pub status: ActionStatus,
    pub carry_overs: i32,
    pub escalated: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstrumentRow {
    pub id: InstrumentId,
    /// The body whose secretariat keeps it.
    pub body_id: BodyId,
    pub kind: InstrumentKind,
    pub title: String,
    /// The ESP essential actions it implements.
    pub essential_actions: Vec<EssentialAction>,
    pub created_at: DateTime<Utc>,
}

/// What is known of a version's document without its bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentInfo {
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    /// Hex SHA-256 of the content.
    pub sha256: String,
    pub uploaded_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentRow {
    pub version_id: Uuid,
    pub info: DocumentInfo,
    pub content: Vec<u8>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionRow {
    pub id: Uuid,
    pub instrument_id: InstrumentId,
    /// 1, 2, 3… unique per instrument.
    pub number: i32,
    pub status: VersionStatus,
    pub effective_on: Option<NaiveDate>,
    pub review_on: Option<NaiveDate>,
    pub summary: Option<String>,
    /// Read with the version; written only by `put_document`.
    pub document: Option<DocumentInfo>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignatoryRow {
    pub id: Uuid,
    pub version_id: Uuid,
    pub agency_id: AgencyId,
    pub signed_by: String,
    pub signed_on: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsultationRow {
    pub id: Uuid,
    pub version_id: Uuid,
    pub consultee: String,
    pub agency_id: Option<AgencyId>,
    pub survivors_representative: bool,
    pub consulted_on: NaiveDate,
    pub summary: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssessmentRoundRow {
    pub id: Uuid,
    pub body_id: BodyId,
    pub title: String,
    pub opened_on: NaiveDate,
    pub created_at: DateTime<Utc>,
}

/// One member agency's answer in a round (one per agency; answering again
/// replaces it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssessmentAnswerRow {
    pub round_id: Uuid,
    pub agency_id: AgencyId,
    pub stage: ContinuumStage,
    pub climate: i32,
    pub infrastructure: i32,
    pub activities: i32,
    pub outcomes: i32,
    pub answered_by: UserId,
    pub answered_at: DateTime<Utc>,
}

/// What closing a meeting writes, all in one transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingClosure {
    pub meeting_id: MeetingId,
    pub closed_at: DateTime<Utc>,
    /// Attendance added for members nobody recorded (absent).
    pub absent: Vec<AttendanceRow>,
    /// Actions carried over: their new `carry_overs`, `escalated_to`,
    /// `escalated_at` and `updated_at` are written.
    pub carried: Vec<ActionRow>,
    pub reviews: Vec<ActionReviewRow>,
}

/// Everything of the governance tables, for `concord copy-db`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GovernanceDump {
    pub members: Vec<MemberRow>,
    pub subgroups: Vec<SubgroupRow>,
    pub meetings: Vec<MeetingRow>,
    pub attendance: Vec<AttendanceRow>,
    pub actions: Vec<ActionRow>,
    pub action_reviews: Vec<ActionReviewRow>,
    pub instruments: Vec<InstrumentRow>,
    pub versions: Vec<VersionRow>,
    pub documents: Vec<DocumentRow>,
    pub signatories: Vec<SignatoryRow>,
    pub consultations: Vec<ConsultationRow>,
    pub assessment_rounds: Vec<AssessmentRoundRow>,
    pub assessment_answers: Vec<AssessmentAnswerRow>,
}

#[async_trait]
pub trait GovernanceStore: Send + Sync {
    // ---- bodies ----
    async fn get_body(&self, id: BodyId) -> StoreResult<Option<BodyRow>>;
    /// Replaces everything but `id` and `created_at`. `NotFound` for an
    /// unknown body.
    async fn update_body(&self, body: &BodyRow, audit: &NewAuditEvent) -> StoreResult<()>;

    // ---- members and subgroups ----
    /// Inserts or replaces the member row of `(body_id, agency_id)`.
    async fn put_member(&self, member: &MemberRow, audit: &NewAuditEvent) -> StoreResult<()>;
    /// Former members included; by `joined_on`, then agency id.
    async fn list_members(&self, body: BodyId) -> StoreResult<Vec<MemberRow>>;
    /// Inserts or replaces by id; a subgroup of another body is `NotFound`.
    async fn put_subgroup(&self, subgroup: &SubgroupRow, audit: &NewAuditEvent) -> StoreResult<()>;
    /// By name, then id.
    async fn list_subgroups(&self, body: BodyId) -> StoreResult<Vec<SubgroupRow>>;

    // ---- meetings ----
    async fn create_meeting(&self, meeting: &MeetingRow, audit: &NewAuditEvent) -> StoreResult<()>;
    /// Writes date, location, agenda, decisions and minutes of an open
    /// meeting; `Conflict` (nothing written) once it is closed, `NotFound`
    /// for an unknown one.
    async fn update_meeting(&self, meeting: &MeetingRow, audit: &NewAuditEvent) -> StoreResult<()>;
    async fn get_meeting(&self, id: MeetingId) -> StoreResult<Option<MeetingRow>>;
    /// Newest `held_on` first (then newest id).
    async fn list_meetings(&self, body: BodyId) -> StoreResult<Vec<MeetingRow>>;
    /// Replaces the attendance of an open meeting; `Conflict` once closed.
    async fn put_attendance(
        &self,
        meeting: MeetingId,
        rows: &[AttendanceRow],
        audit: &NewAuditEvent,
    ) -> StoreResult<()>;
    /// The attendance of every meeting of a body, by meeting then agency.
    async fn list_attendance(&self, body: BodyId) -> StoreResult<Vec<AttendanceRow>>;
    /// Closes an open meeting with everything closing writes; `Conflict`
    /// (nothing written) if it is already closed, `NotFound` if unknown.
    async fn close_meeting(
        &self,
        closure: &MeetingClosure,
        audit: &NewAuditEvent,
    ) -> StoreResult<()>;
    /// The reviews recorded when the meetings of a body closed.
    async fn list_action_reviews(&self, body: BodyId) -> StoreResult<Vec<ActionReviewRow>>;

    // ---- actions ----
    async fn create_action(&self, action: &ActionRow, audit: &NewAuditEvent) -> StoreResult<()>;
    /// Writes description, owner, due date, status, note, tags and
    /// `updated_at`, only if the stored status is still `expected_status`
    /// (`Conflict` otherwise, nothing written). Carry-overs and escalation
    /// change only when a meeting closes.
    async fn update_action(
        &self,
        action: &ActionRow,
        expected_status: ActionStatus,
        audit: &NewAuditEvent,
    ) -> StoreResult<()>;
    async fn get_action(&self, id: ActionId) -> StoreResult<Option<ActionRow>>;
    /// The body's own actions and those escalated to it, oldest first.
    async fn list_actions(&self, body: BodyId) -> StoreResult<Vec<ActionRow>>;

    // ---- instruments ----
    /// The instrument with its first version, in one transaction.
    async fn create_instrument(
        &self,
        instrument: &InstrumentRow,
        first: &VersionRow,
        audit: &NewAuditEvent,
    ) -> StoreResult<()>;
    /// Writes kind, title and essential actions.
    async fn update_instrument(
        &self,
        instrument: &InstrumentRow,
        audit: &NewAuditEvent,
    ) -> StoreResult<()>;
    async fn get_instrument(&self, id: InstrumentId) -> StoreResult<Option<InstrumentRow>>;
    /// The instruments of these bodies, by title then id.
    async fn list_instruments(&self, bodies: &[BodyId]) -> StoreResult<Vec<InstrumentRow>>;
    /// `Duplicate { field: "number" }` if the number is taken.
    async fn add_version(&self, version: &VersionRow, audit: &NewAuditEvent) -> StoreResult<()>;
    /// Writes status, dates, summary and `updated_at` of `version` if its
    /// stored status is still `expected_status` (`Conflict` otherwise), and
    /// in the same transaction sets the status of each of `others` (other
    /// versions of the same instrument superseded by this one).
    async fn update_version(
        &self,
        version: &VersionRow,
        expected_status: VersionStatus,
        others: &[(Uuid, VersionStatus)],
        audit: &NewAuditEvent,
    ) -> StoreResult<()>;
    /// Every version of these instruments, by instrument then number.
    async fn list_versions(&self, instruments: &[InstrumentId]) -> StoreResult<Vec<VersionRow>>;
    /// Inserts or replaces the document of a version.
    async fn put_document(&self, document: &DocumentRow, audit: &NewAuditEvent) -> StoreResult<()>;
    async fn get_document(&self, version: Uuid) -> StoreResult<Option<DocumentRow>>;
    async fn add_signatory(
        &self,
        signatory: &SignatoryRow,
        audit: &NewAuditEvent,
    ) -> StoreResult<()>;
    /// Of these versions, by signing date then id.
    async fn list_signatories(&self, versions: &[Uuid]) -> StoreResult<Vec<SignatoryRow>>;
    async fn add_consultation(
        &self,
        consultation: &ConsultationRow,
        audit: &NewAuditEvent,
    ) -> StoreResult<()>;
    /// Of these versions, by date then id.
    async fn list_consultations(&self, versions: &[Uuid]) -> StoreResult<Vec<ConsultationRow>>;

    // ---- self-assessment ----
    async fn create_assessment_round(
        &self,
        round: &AssessmentRoundRow,
        audit: &NewAuditEvent,
    ) -> StoreResult<()>;
    /// Oldest first.
    async fn list_assessment_rounds(&self, body: BodyId) -> StoreResult<Vec<AssessmentRoundRow>>;
    /// Inserts or replaces the answer of `(round_id, agency_id)`.
    async fn put_assessment_answer(
        &self,
        answer: &AssessmentAnswerRow,
        audit: &NewAuditEvent,
    ) -> StoreResult<()>;
    /// Every answer of every round of the body.
    async fn list_assessment_answers(&self, body: BodyId) -> StoreResult<Vec<AssessmentAnswerRow>>;
}
