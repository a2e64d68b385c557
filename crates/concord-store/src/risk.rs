//! Storage of risk work: instruments (versioned definitions), assessments
//! of cases, risk conferences with their members, meetings, attendance and
//! observers, referrals of cases, and each agency's research.
//!
//! As in [`crate::cases`], `Vec<u8>` fields named after narrative data hold
//! ciphertext made above the store, every change takes its audit event in
//! the same transaction, and everything about a survivor's case (her
//! assessments, referrals and the research on them) hangs from the case
//! through ON DELETE CASCADE, so purging her leaves nothing.

use crate::cases::SharingRow;
use crate::rows::NewAuditEvent;
use crate::store::StoreResult;
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use concord_domain::consent::DataCategory;
use concord_domain::ids::{
    AgencyId, AreaId, AssessmentId, CaseId, ConferenceId, ConferenceMeetingId,
    ConferenceReferralId, ResearchId, SurvivorId, UserId,
};
use concord_domain::risk::assessment::SurvivorView;
use concord_domain::risk::conference::{Attendance, MeetingKind, MeetingStatus, ReferralStatus};
use concord_domain::risk::{ReferralCriterion, RiskLevel};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// One version of a risk instrument; `(key, version)` is unique and never
/// changes once loaded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RiskInstrumentRow {
    pub key: String,
    pub version: i32,
    pub title: String,
    /// The checked definition, as JSON of `concord_domain::risk::instrument::Instrument`.
    pub definition: String,
    /// The file as loaded.
    pub source: String,
    /// `None` for the instruments Concord ships.
    pub loaded_by: Option<UserId>,
    pub loaded_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssessmentRow {
    pub id: AssessmentId,
    pub case_id: CaseId,
    pub instrument_key: String,
    pub instrument_version: i32,
    /// Encrypted JSON of the answers by item id.
    pub answers: Vec<u8>,
    pub score: i32,
    pub max_score: i32,
    pub band: String,
    pub computed_level: RiskLevel,
    /// Never below `computed_level`.
    pub final_level: RiskLevel,
    /// Encrypted; present when judgement raised the level.
    pub judgement_reason: Option<Vec<u8>>,
    pub survivor_view: SurvivorView,
    /// Encrypted: her own words.
    pub survivor_words: Option<Vec<u8>>,
    pub triggers: Vec<ReferralCriterion>,
    pub assessed_on: NaiveDate,
    pub reassess_by: NaiveDate,
    pub assessed_by: UserId,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConferenceRow {
    pub id: ConferenceId,
    /// Unique.
    pub name: String,
    pub area_id: Option<AreaId>,
    /// The agency whose coordinators run it.
    pub coordinating_agency: AgencyId,
    /// The information sharing protocol it acts under (the lawful basis of
    /// sharing at its meetings), as its reference.
    pub sharing_protocol: String,
    /// The data categories that protocol lets attending agencies see.
    pub shared_categories: Vec<DataCategory>,
    pub escalation_incidents: i32,
    pub escalation_window_days: i32,
    pub repeat_window_days: i32,
    pub access_days: i32,
    pub first_contact_working_days: i32,
    pub escalate_after: i32,
    /// Whether breaches of protection orders count toward potential
    /// escalation (default yes).
    pub breaches_count: bool,
    /// Member agencies, in the order given.
    pub members: Vec<AgencyId>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConferenceMeetingRow {
    pub id: ConferenceMeetingId,
    pub conference_id: ConferenceId,
    pub kind: MeetingKind,
    pub meets_on: NaiveDate,
    pub status: MeetingStatus,
    pub chair: Option<String>,
    pub started_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    /// Encrypted with the coordinating agency's key.
    pub minutes: Option<Vec<u8>>,
    pub created_at: DateTime<Utc>,
}

/// A meeting with the number of cases on its agenda.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingListItem {
    pub meeting: ConferenceMeetingRow,
    pub cases: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConferenceAttendanceRow {
    pub meeting_id: ConferenceMeetingId,
    pub agency_id: AgencyId,
    pub attendance: Attendance,
    /// Who came for the agency (a professional, not a survivor).
    pub representative: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ObserverRow {
    pub id: Uuid,
    pub meeting_id: ConferenceMeetingId,
    pub name: String,
    pub organisation: String,
    pub acknowledged_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConferenceReferralRow {
    pub id: ConferenceReferralId,
    pub conference_id: ConferenceId,
    pub case_id: CaseId,
    pub survivor_id: SurvivorId,
    pub referring_agency: AgencyId,
    pub referred_by: UserId,
    pub referred_on: NaiveDate,
    pub criteria: Vec<ReferralCriterion>,
    /// Encrypted with the case owner's key.
    pub judgement_reason: Option<Vec<u8>>,
    pub assessment_id: Option<AssessmentId>,
    pub incidents_in_window: i32,
    /// Breaches of protection orders counted toward potential escalation.
    pub breaches_in_window: i32,
    pub repeat: bool,
    pub children_in_household: i32,
    pub status: ReferralStatus,
    pub screened_by: Option<UserId>,
    /// Encrypted with the coordinating agency's key.
    pub rejection_reason: Option<Vec<u8>>,
    pub meeting_id: Option<ConferenceMeetingId>,
    pub advocate_id: Option<UserId>,
    pub first_contact_due: NaiveDate,
    pub first_contact_on: Option<NaiveDate>,
    pub transferred_from: Option<ConferenceReferralId>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A referral in a list, with its survivor's reference (never her name).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConferenceReferralListItem {
    pub referral: ConferenceReferralRow,
    pub survivor_reference: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResearchRow {
    pub id: ResearchId,
    pub referral_id: ConferenceReferralId,
    /// One research record per agency and referral.
    pub agency_id: AgencyId,
    /// Encrypted with the researching agency's key.
    pub body: Vec<u8>,
    pub written_by: UserId,
    pub updated_at: DateTime<Utc>,
    /// Set once the agency shares it at the meeting.
    pub shared_at: Option<DateTime<Utc>>,
}

/// Everything of the risk tables, for `concord copy-db`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RiskDump {
    pub instruments: Vec<RiskInstrumentRow>,
    pub assessments: Vec<AssessmentRow>,
    pub conferences: Vec<ConferenceRow>,
    pub meetings: Vec<ConferenceMeetingRow>,
    pub attendance: Vec<ConferenceAttendanceRow>,
    pub observers: Vec<ObserverRow>,
    pub referrals: Vec<ConferenceReferralRow>,
    pub research: Vec<ResearchRow>,
    #[serde(default)]
    pub actions: Vec<crate::ConferenceActionRow>,
}

/// The tables of risk work, in the order `table_counts` reports them.
pub const RISK_TABLES: [&str; 10] = [
    "risk_instruments",
    "risk_assessments",
    "risk_conferences",
    "risk_conference_members",
    "risk_meetings",
    "risk_attendance",
    "risk_observers",
    "risk_referrals",
    "risk_research",
    "risk_actions",
];

#[async_trait]
pub trait RiskStore: Send + Sync {
    // ---- instruments ----
    /// `Duplicate { field: "version" }` if that key and version exist.
    async fn create_risk_instrument(
        &self,
        row: &RiskInstrumentRow,
        audit: &NewAuditEvent,
    ) -> StoreResult<()>;
    /// By key, then newest version first.
    async fn list_risk_instruments(&self) -> StoreResult<Vec<RiskInstrumentRow>>;
    async fn get_risk_instrument(
        &self,
        key: &str,
        version: i32,
    ) -> StoreResult<Option<RiskInstrumentRow>>;

    // ---- assessments ----
    async fn create_assessment(
        &self,
        row: &AssessmentRow,
        audit: &NewAuditEvent,
    ) -> StoreResult<()>;
    /// Oldest first (assessment date, then creation).
    async fn list_assessments(&self, case: CaseId) -> StoreResult<Vec<AssessmentRow>>;

    // ---- conferences ----
    /// `Duplicate { field: "name" }` for a name in use.
    async fn create_conference(
        &self,
        row: &ConferenceRow,
        audit: &NewAuditEvent,
    ) -> StoreResult<()>;
    /// Replaces name, area, protocol, rules and members (not the
    /// coordinating agency). `NotFound` for an unknown conference.
    async fn update_conference(
        &self,
        row: &ConferenceRow,
        audit: &NewAuditEvent,
    ) -> StoreResult<()>;
    async fn get_conference(&self, id: ConferenceId) -> StoreResult<Option<ConferenceRow>>;
    /// By name, with their members, in a constant number of queries.
    async fn list_conferences(&self) -> StoreResult<Vec<ConferenceRow>>;

    // ---- meetings ----
    async fn create_conference_meeting(
        &self,
        row: &ConferenceMeetingRow,
        audit: &NewAuditEvent,
    ) -> StoreResult<()>;
    async fn get_conference_meeting(
        &self,
        id: ConferenceMeetingId,
    ) -> StoreResult<Option<ConferenceMeetingRow>>;
    /// Newest meeting day first, each with its number of listed cases.
    async fn list_conference_meetings(
        &self,
        conference: ConferenceId,
    ) -> StoreResult<Vec<MeetingListItem>>;
    /// Writes status, chair, started/closed times and minutes only if the
    /// stored status is still `expected` (else `Conflict`), with
    /// `attendance` (replacing the meeting's) and the lawful `shares` that
    /// give attending agencies access, all in one transaction.
    /// Closes a meeting in one transaction: writes the meeting (status,
    /// closed time, minutes) only if its stored status is still `expected`
    /// (else `Conflict`, nothing written), marks each of `discussed` (its
    /// listed cases, with their new status) only if each is still listed,
    /// writes the carry-over of each of `carried` and every audit event.
    async fn close_conference_meeting(
        &self,
        row: &ConferenceMeetingRow,
        expected: MeetingStatus,
        discussed: &[ConferenceReferralRow],
        carried: &[crate::ActionCarry],
        audit: &[NewAuditEvent],
    ) -> StoreResult<()>;
    async fn update_conference_meeting(
        &self,
        row: &ConferenceMeetingRow,
        expected: MeetingStatus,
        attendance: &[ConferenceAttendanceRow],
        shares: &[SharingRow],
        audit: &NewAuditEvent,
    ) -> StoreResult<()>;
    async fn list_conference_attendance(
        &self,
        meeting: ConferenceMeetingId,
    ) -> StoreResult<Vec<ConferenceAttendanceRow>>;
    async fn add_observer(&self, row: &ObserverRow, audit: &NewAuditEvent) -> StoreResult<()>;
    /// In the order recorded.
    async fn list_observers(&self, meeting: ConferenceMeetingId) -> StoreResult<Vec<ObserverRow>>;

    // ---- referrals ----
    /// With the lawful share that lets the coordinating agency see the
    /// case, in one transaction.
    async fn create_conference_referral(
        &self,
        row: &ConferenceReferralRow,
        share: Option<&SharingRow>,
        audit: &NewAuditEvent,
    ) -> StoreResult<()>;
    async fn get_conference_referral(
        &self,
        id: ConferenceReferralId,
    ) -> StoreResult<Option<ConferenceReferralRow>>;
    /// Writes status, screening, meeting, advocate, first contact and
    /// `updated_at` only if the stored status is still `expected` (else
    /// `Conflict`); with `created` (a transfer's new referral) and `shares`
    /// (to the coordinating agency, or to agencies already present at the
    /// meeting it is listed at) in the same transaction.
    async fn update_conference_referral(
        &self,
        row: &ConferenceReferralRow,
        expected: ReferralStatus,
        created: Option<&ConferenceReferralRow>,
        shares: &[SharingRow],
        audit: &NewAuditEvent,
    ) -> StoreResult<()>;
    /// A conference's referrals in any of `statuses` (all when empty), oldest
    /// referral first, with survivor references, in a constant number of
    /// queries.
    async fn list_conference_referrals(
        &self,
        conference: ConferenceId,
        statuses: &[ReferralStatus],
    ) -> StoreResult<Vec<ConferenceReferralListItem>>;
    /// The cases listed at a meeting, in the order listed (referral date).
    async fn meeting_agenda(
        &self,
        meeting: ConferenceMeetingId,
    ) -> StoreResult<Vec<ConferenceReferralListItem>>;
    /// One case's referrals, newest first.
    async fn case_referrals(&self, case: CaseId) -> StoreResult<Vec<ConferenceReferralRow>>;
    /// Referral days, on or after `since`, of any referral of this survivor
    /// or of any case with an incident whose perpetrator has one of these
    /// blind indexes (repeat detection across agencies).
    async fn earlier_referral_days(
        &self,
        survivor: SurvivorId,
        perpetrator_indexes: &[Vec<u8>],
        since: NaiveDate,
    ) -> StoreResult<Vec<NaiveDate>>;

    // ---- research ----
    /// Inserts or replaces the agency's research on the referral (one per
    /// agency); `Conflict` (nothing written) once it has been shared.
    async fn put_research(&self, row: &ResearchRow, audit: &NewAuditEvent) -> StoreResult<()>;
    /// Marks the agency's research shared; false if there is none or it is
    /// shared already.
    async fn share_research(
        &self,
        referral: ConferenceReferralId,
        agency: AgencyId,
        at: DateTime<Utc>,
        audit: &NewAuditEvent,
    ) -> StoreResult<bool>;
    /// Every agency's research on a referral, oldest first; the caller
    /// decides what each reader may see.
    async fn list_research(&self, referral: ConferenceReferralId) -> StoreResult<Vec<ResearchRow>>;
}
