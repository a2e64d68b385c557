//! Storage of survivors' cases: survivors, cases, incidents, consents,
//! lawful shares, break-glass openings, notes, plans and tasks, and the
//! per-agency data keys that encrypt them.
//!
//! Fields typed `Vec<u8>` named like identifying or narrative data hold
//! ciphertext made above the store (per-agency data keys); the store never
//! sees plaintext of them and never decrypts. Every change takes its audit
//! event and writes both in one transaction, as in [`crate::Store`].

use crate::rows::{NewAuditEvent, Page, PageRequest};
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use concord_domain::case::{Approval, CaseStatus, GoalDomain, GoalStatus, SafetyPlanSection};
use concord_domain::consent::{ConsentGiver, DataCategory, LawfulBasis, Purpose};
use concord_domain::ids::{
    AgencyId, AreaId, BreakGlassId, CaseId, ConsentId, IncidentId, NoteId, SharingId, SurvivorId,
    TaskId, UserId,
};
use concord_domain::incident::{
    AgeGroup, ContextFlag, GbvType, PerpetratorAgeGroup, PerpetratorRelationship, PerpetratorSex,
    ReportingDelay,
};
use concord_domain::survivor::{Displacement, SexGender};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::store::StoreResult;

/// One version of one agency's data key, wrapped by the master key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DataKeyRow {
    pub agency_id: AgencyId,
    /// Unique with `version`.
    pub key_id: Uuid,
    pub version: i32,
    pub wrapped: Vec<u8>,
    pub created_at: DateTime<Utc>,
    /// The version new ciphertext is made with; one per agency.
    pub active: bool,
}

/// An agency's case-management settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseSettingsRow {
    pub agency_id: AgencyId,
    pub plan_requires_approval: bool,
    pub closure_requires_approval: bool,
    /// Closed cases are purged this many months after closing; `None`
    /// keeps them until deleted by hand.
    pub retention_months: Option<i32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurvivorRow {
    pub id: SurvivorId,
    /// The agency that registered her and owns the record.
    pub agency_id: AgencyId,
    /// `S-XXXX-XXXX`, unique.
    pub reference: String,
    /// Encrypted (text).
    pub name: Option<Vec<u8>>,
    /// Encrypted (text).
    pub other_identifiers: Option<Vec<u8>>,
    /// Encrypted (ISO date text).
    pub date_of_birth: Option<Vec<u8>>,
    pub age_group: Option<AgeGroup>,
    pub sex_gender: SexGender,
    pub disability: bool,
    pub displacement: Displacement,
    pub languages: Vec<String>,
    /// Encrypted JSON of `concord_domain::survivor::SafeContact`.
    pub contact: Option<Vec<u8>>,
    /// Keyed blind index of normalised name and date of birth, for finding
    /// an existing survivor within the agency.
    pub name_dob_index: Option<Vec<u8>>,
    /// Kept past retention while set.
    pub legal_hold: bool,
    pub created_by: UserId,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseRow {
    pub id: CaseId,
    pub survivor_id: SurvivorId,
    pub owning_agency: AgencyId,
    pub assigned_caseworker: Option<UserId>,
    pub status: CaseStatus,
    pub plan_approval: Option<Approval>,
    pub closure_approval: Option<Approval>,
    /// `ClosureReason::as_str()` once closing was requested.
    pub closure_reason: Option<String>,
    /// Encrypted: the supervisor's comment on the last approval decision.
    pub approval_comment: Option<Vec<u8>>,
    pub opened_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
}

/// A case in a list, with what a list shows (no identifying data).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseListItem {
    pub case: CaseRow,
    pub survivor_reference: String,
}

/// Which cases to list. `for_agency` is the viewing agency: cases it owns,
/// or (with `shared`) cases another agency shares with it by a consent or
/// lawful share in force at `now`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseListFilter {
    pub for_agency: AgencyId,
    pub shared: bool,
    pub assigned_to: Option<UserId>,
    pub status: Option<CaseStatus>,
    pub now: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncidentRow {
    pub id: IncidentId,
    pub case_id: CaseId,
    pub incident_date: NaiveDate,
    pub incident_time: Option<NaiveTime>,
    pub date_first_reported: NaiveDate,
    pub area_id: Option<AreaId>,
    pub gbv_type: GbvType,
    pub context_flags: Vec<ContextFlag>,
    pub perpetrator_relationship: PerpetratorRelationship,
    pub perpetrator_sex: PerpetratorSex,
    pub perpetrator_age_group: PerpetratorAgeGroup,
    /// Encrypted perpetrator name or identifiers, if recorded.
    pub perpetrator_identity: Option<Vec<u8>>,
    /// Keyed blind index of the perpetrator's normalised identity, so risk
    /// work can find repeats without plaintext.
    pub perpetrator_index: Option<Vec<u8>>,
    pub survivor_age_group: Option<AgeGroup>,
    pub reporting_delay: ReportingDelay,
    pub already_reported_elsewhere: bool,
    pub consent_to_statistics: bool,
    /// Encrypted free-text account.
    pub narrative: Option<Vec<u8>>,
    pub created_by: UserId,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentRow {
    pub id: ConsentId,
    pub case_id: CaseId,
    pub recipient_agency: AgencyId,
    pub purposes: Vec<Purpose>,
    pub categories: Vec<DataCategory>,
    pub given_by: ConsentGiver,
    pub child_assent: bool,
    pub caregiver_unsafe: bool,
    pub valid_from: DateTime<Utc>,
    pub valid_until: DateTime<Utc>,
    pub withdrawn_at: Option<DateTime<Utc>>,
    pub recorded_by: UserId,
    pub recorded_at: DateTime<Utc>,
}

/// Sharing without consent on a lawful basis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharingRow {
    pub id: SharingId,
    pub case_id: CaseId,
    pub recipient_agency: AgencyId,
    pub basis: LawfulBasis,
    pub categories: Vec<DataCategory>,
    /// Encrypted.
    pub reason: Vec<u8>,
    pub decision_maker: UserId,
    pub survivor_told: bool,
    /// Encrypted; required when she was not told.
    pub why_not_told: Option<Vec<u8>>,
    pub valid_until: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BreakGlassRow {
    pub id: BreakGlassId,
    pub case_id: CaseId,
    pub user_id: UserId,
    /// The agency of the user who opened the case.
    pub agency_id: AgencyId,
    /// Encrypted with the case owner's data key.
    pub reason: Vec<u8>,
    pub started_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    /// `justified` or `not_justified` once a supervisor has reviewed it.
    pub review_outcome: Option<String>,
    pub reviewed_by: Option<UserId>,
    pub reviewed_at: Option<DateTime<Utc>>,
    /// Encrypted.
    pub review_comment: Option<Vec<u8>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteRow {
    pub id: NoteId,
    pub case_id: CaseId,
    pub author_id: UserId,
    pub created_at: DateTime<Utc>,
}

/// One version of a note's text; edits add versions, none is overwritten.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteVersionRow {
    pub note_id: NoteId,
    /// 1, 2, 3… unique per note.
    pub version: i32,
    /// Encrypted.
    pub body: Vec<u8>,
    pub edited_by: UserId,
    pub edited_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoalRow {
    pub id: Uuid,
    pub case_id: CaseId,
    pub domain: GoalDomain,
    /// Encrypted.
    pub description: Vec<u8>,
    pub status: GoalStatus,
    pub updated_by: UserId,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SafetyPlanRow {
    pub case_id: CaseId,
    pub section: SafetyPlanSection,
    /// Encrypted.
    pub body: Vec<u8>,
    pub updated_by: UserId,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskRow {
    pub id: TaskId,
    pub case_id: CaseId,
    pub assignee: UserId,
    /// Encrypted.
    pub title: Vec<u8>,
    pub due_on: NaiveDate,
    pub done_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

/// Everything of the case tables, for `concord copy-db`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseDump {
    pub data_keys: Vec<DataKeyRow>,
    pub case_settings: Vec<CaseSettingsRow>,
    pub survivors: Vec<SurvivorRow>,
    pub cases: Vec<CaseRow>,
    pub incidents: Vec<IncidentRow>,
    pub consents: Vec<ConsentRow>,
    pub sharings: Vec<SharingRow>,
    pub break_glass: Vec<BreakGlassRow>,
    pub notes: Vec<NoteRow>,
    pub note_versions: Vec<NoteVersionRow>,
    pub goals: Vec<GoalRow>,
    pub safety_plans: Vec<SafetyPlanRow>,
    pub tasks: Vec<TaskRow>,
}

#[async_trait]
pub trait CaseStore: Send + Sync {
    // ---- data keys ----
    async fn create_data_key(&self, key: &DataKeyRow, audit: &NewAuditEvent) -> StoreResult<()>;
    /// Every version of one agency's key, oldest first.
    async fn list_data_keys(&self, agency: AgencyId) -> StoreResult<Vec<DataKeyRow>>;
    async fn get_data_key(&self, key_id: Uuid, version: i32) -> StoreResult<Option<DataKeyRow>>;
    /// Replaces the wrapping of every given key version (master key
    /// rotation) in one transaction; `NotFound` (and nothing written) if
    /// any is unknown.
    async fn rewrap_data_keys(&self, keys: &[DataKeyRow], audit: &NewAuditEvent) -> StoreResult<()>;

    // ---- settings ----
    async fn get_case_settings(&self, agency: AgencyId) -> StoreResult<Option<CaseSettingsRow>>;
    /// Inserts or replaces.
    async fn put_case_settings(&self, settings: &CaseSettingsRow, audit: &NewAuditEvent)
    -> StoreResult<()>;

    // ---- survivors and cases ----
    /// Registers a survivor with her first case, in one transaction.
    /// `Duplicate { field: "reference" }` if the reference is taken.
    async fn create_survivor(
        &self,
        survivor: &SurvivorRow,
        case: &CaseRow,
        audit: &NewAuditEvent,
    ) -> StoreResult<()>;
    async fn get_survivor(&self, id: SurvivorId) -> StoreResult<Option<SurvivorRow>>;
    /// Survivors of `agency` with this blind index, newest first.
    async fn find_survivors(&self, agency: AgencyId, name_dob_index: &[u8])
    -> StoreResult<Vec<SurvivorRow>>;
    /// Replaces the survivor's fields (not id, agency, reference, created_*).
    async fn update_survivor(&self, survivor: &SurvivorRow, audit: &NewAuditEvent) -> StoreResult<()>;
    async fn set_legal_hold(&self, id: SurvivorId, hold: bool, audit: &NewAuditEvent) -> StoreResult<()>;
    async fn get_case(&self, id: CaseId) -> StoreResult<Option<CaseRow>>;
    /// The cases of one survivor, oldest first.
    async fn list_survivor_cases(&self, survivor: SurvivorId) -> StoreResult<Vec<CaseRow>>;
    /// Writes status, approvals, closure fields, assignment and
    /// `updated_at` of `case`, only if the stored status is still
    /// `expected_status` (two supervisors deciding at once: the second gets
    /// `Conflict`).
    async fn update_case(
        &self,
        case: &CaseRow,
        expected_status: CaseStatus,
        audit: &NewAuditEvent,
    ) -> StoreResult<()>;
    /// Newest `updated_at` first (cursor on it and the id), with each
    /// case's survivor reference, in a constant number of queries.
    async fn list_cases(
        &self,
        filter: &CaseListFilter,
        page: &PageRequest,
    ) -> StoreResult<Page<CaseListItem>>;

    // ---- incidents ----
    async fn create_incident(&self, incident: &IncidentRow, audit: &NewAuditEvent) -> StoreResult<()>;
    /// Oldest incident date first.
    async fn list_incidents(&self, case: CaseId) -> StoreResult<Vec<IncidentRow>>;
    /// Incidents of other cases whose perpetrator has this blind index.
    async fn find_incidents_by_perpetrator(&self, index: &[u8]) -> StoreResult<Vec<IncidentRow>>;

    // ---- consent and sharing ----
    async fn create_consent(&self, consent: &ConsentRow, audit: &NewAuditEvent) -> StoreResult<()>;
    /// Sets `withdrawn_at` if not yet withdrawn; false (nothing written)
    /// otherwise.
    async fn withdraw_consent(
        &self,
        id: ConsentId,
        at: DateTime<Utc>,
        audit: &NewAuditEvent,
    ) -> StoreResult<bool>;
    /// Newest first, withdrawn and expired ones included.
    async fn list_consents(&self, case: CaseId) -> StoreResult<Vec<ConsentRow>>;
    async fn create_sharing(&self, sharing: &SharingRow, audit: &NewAuditEvent) -> StoreResult<()>;
    async fn revoke_sharing(
        &self,
        id: SharingId,
        at: DateTime<Utc>,
        audit: &NewAuditEvent,
    ) -> StoreResult<bool>;
    async fn list_sharings(&self, case: CaseId) -> StoreResult<Vec<SharingRow>>;

    // ---- break-glass ----
    async fn create_break_glass(&self, grant: &BreakGlassRow, audit: &NewAuditEvent) -> StoreResult<()>;
    /// The user's newest grant on the case that has not expired at `now`.
    async fn active_break_glass(
        &self,
        case: CaseId,
        user: UserId,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<BreakGlassRow>>;
    /// Not yet reviewed grants on cases owned by `agency`, oldest first.
    async fn break_glass_to_review(&self, agency: AgencyId) -> StoreResult<Vec<BreakGlassRow>>;
    /// Records the review once; false (nothing written) if already reviewed.
    async fn review_break_glass(
        &self,
        grant: &BreakGlassRow,
        audit: &NewAuditEvent,
    ) -> StoreResult<bool>;

    // ---- notes, plans, tasks ----
    async fn create_note(
        &self,
        note: &NoteRow,
        first: &NoteVersionRow,
        audit: &NewAuditEvent,
    ) -> StoreResult<()>;
    /// Adds a version; `Conflict` if that version number exists already.
    async fn add_note_version(&self, version: &NoteVersionRow, audit: &NewAuditEvent)
    -> StoreResult<()>;
    /// Each note with its latest version, newest note first.
    async fn list_notes(&self, case: CaseId) -> StoreResult<Vec<(NoteRow, NoteVersionRow)>>;
    /// Every version of one note, oldest first.
    async fn note_history(&self, note: NoteId) -> StoreResult<Vec<NoteVersionRow>>;
    /// Inserts or replaces by id.
    async fn put_goal(&self, goal: &GoalRow, audit: &NewAuditEvent) -> StoreResult<()>;
    /// By domain, then creation.
    async fn list_goals(&self, case: CaseId) -> StoreResult<Vec<GoalRow>>;
    /// Inserts or replaces the section.
    async fn put_safety_plan_section(
        &self,
        section: &SafetyPlanRow,
        audit: &NewAuditEvent,
    ) -> StoreResult<()>;
    async fn list_safety_plan(&self, case: CaseId) -> StoreResult<Vec<SafetyPlanRow>>;
    async fn create_task(&self, task: &TaskRow, audit: &NewAuditEvent) -> StoreResult<()>;
    async fn complete_task(
        &self,
        id: TaskId,
        at: DateTime<Utc>,
        audit: &NewAuditEvent,
    ) -> StoreResult<bool>;
    /// By due date.
    async fn list_tasks(&self, case: CaseId) -> StoreResult<Vec<TaskRow>>;
    /// Open tasks of one person due on or before `until`, by due date.
    async fn tasks_due(&self, assignee: UserId, until: NaiveDate) -> StoreResult<Vec<TaskRow>>;

    // ---- survivor rights and retention ----
    /// Deletes the survivor with all her cases and everything under them
    /// (incidents, consents, sharings, break-glass, notes and versions,
    /// goals, safety plans, tasks) in one transaction, with `audit`.
    async fn purge_survivor(&self, id: SurvivorId, audit: &NewAuditEvent) -> StoreResult<()>;
    /// Survivors of `agency` without legal hold all of whose cases closed
    /// before `closed_before`.
    async fn survivors_due_for_purge(
        &self,
        agency: AgencyId,
        closed_before: DateTime<Utc>,
    ) -> StoreResult<Vec<SurvivorId>>;
}
