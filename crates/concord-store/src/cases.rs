//! Storage of survivors' cases: survivors, cases, incidents, consents,
//! lawful shares, break-glass openings, notes, plans and tasks, and the
//! per-agency data keys that encrypt them.
//!
//! Fields typed `Vec<u8>` named like identifying or narrative data hold
//! ciphertext made above the store (per-agency data keys); the store never
//! sees plaintext of them and never decrypts. Every change takes its audit
//! event and writes both in one transaction, as in [`crate::Store`].
//!
//! A row referring to one that does not exist is refused with
//! `MissingReference` naming the row's field (`case_id`, `survivor_id`,
//! `note_id`, `recipient_agency`, `owning_agency`, `agency_id`, `user_id`,
//! `created_by`, `area_id`…); a row whose id is taken is
//! `Duplicate { field: "id" }`. Either way nothing is written, the audit
//! event included.

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
    AgeGroup, ContextFlag, Exploitation, FormOfViolence, GbvType, PerpetratorAgeGroup,
    PerpetratorRelationship, PerpetratorSex, ReportingDelay,
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
    /// Encrypted JSON of `concord_domain::survivor::StatedAge`: an age she
    /// gave without a date of birth, and the day she gave it.
    pub stated_age: Option<Vec<u8>>,
    /// The group at registration (or at the last correction of her age).
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
    /// The instant the case was opened (recorded).
    pub opened_at: DateTime<Utc>,
    /// The local day she first contacted the agency (for a first contact
    /// made on paper, earlier than `opened_at`); `None` for cases opened
    /// before it was kept, whose first contact is the day they were opened.
    pub first_contact_on: Option<NaiveDate>,
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
    /// `None`: not recorded (every incident from before migration 0023).
    pub forms_of_violence: Option<Vec<FormOfViolence>>,
    /// For trafficking in persons: the forms of exploitation.
    pub trafficking_exploitation: Vec<Exploitation>,
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
    /// The local day it was given, when entered from paper later; `None`
    /// for consents recorded before it was kept (given when recorded).
    pub given_on: Option<NaiveDate>,
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
    /// Adds a key version. An active one retires the agency's previous
    /// active version (kept, inactive, to decrypt what it encrypted) in the
    /// same transaction, so each agency has at most one active version.
    /// `Duplicate { field: "version" }` if `(key_id, version)` exists.
    async fn create_data_key(&self, key: &DataKeyRow, audit: &NewAuditEvent) -> StoreResult<()>;
    /// Every version of one agency's key, oldest first (`created_at`, then
    /// version).
    async fn list_data_keys(&self, agency: AgencyId) -> StoreResult<Vec<DataKeyRow>>;
    async fn get_data_key(&self, key_id: Uuid, version: i32) -> StoreResult<Option<DataKeyRow>>;
    /// Replaces the wrapping of every given key version (master key
    /// rotation) in one transaction; only `wrapped` changes. `NotFound` (and
    /// nothing written) if any is unknown.
    async fn rewrap_data_keys(&self, keys: &[DataKeyRow], audit: &NewAuditEvent)
    -> StoreResult<()>;

    // ---- settings ----
    async fn get_case_settings(&self, agency: AgencyId) -> StoreResult<Option<CaseSettingsRow>>;
    /// Inserts or replaces.
    async fn put_case_settings(
        &self,
        settings: &CaseSettingsRow,
        audit: &NewAuditEvent,
    ) -> StoreResult<()>;

    // ---- survivors and cases ----
    /// Registers a survivor with her first case, in one transaction.
    /// `Duplicate { field: "reference" }` if the reference is taken;
    /// `MissingReference` names `agency_id`, `created_by`, `owning_agency` or
    /// `assigned_caseworker`, and `survivor_id` when `case.survivor_id` is
    /// not `survivor.id`.
    async fn create_survivor(
        &self,
        survivor: &SurvivorRow,
        case: &CaseRow,
        audit: &NewAuditEvent,
    ) -> StoreResult<()>;
    async fn get_survivor(&self, id: SurvivorId) -> StoreResult<Option<SurvivorRow>>;
    /// Survivors of `agency` with this blind index, newest first.
    async fn find_survivors(
        &self,
        agency: AgencyId,
        name_dob_index: &[u8],
    ) -> StoreResult<Vec<SurvivorRow>>;
    /// Replaces the survivor's fields (not id, agency, reference, created_*,
    /// nor `legal_hold`, which only [`set_legal_hold`](Self::set_legal_hold)
    /// changes, so an edit made from a stale copy never lifts a hold).
    /// `NotFound` for an unknown survivor.
    async fn update_survivor(
        &self,
        survivor: &SurvivorRow,
        audit: &NewAuditEvent,
    ) -> StoreResult<()>;
    async fn set_legal_hold(
        &self,
        id: SurvivorId,
        hold: bool,
        audit: &NewAuditEvent,
    ) -> StoreResult<()>;
    async fn get_case(&self, id: CaseId) -> StoreResult<Option<CaseRow>>;
    /// The cases of one survivor, oldest first.
    async fn list_survivor_cases(&self, survivor: SurvivorId) -> StoreResult<Vec<CaseRow>>;
    /// Writes status, approvals, closure fields, assignment and
    /// `updated_at` of `case`, only if the stored status is still
    /// `expected_status` (two supervisors deciding at once: the second gets
    /// `Conflict`, nothing written). `NotFound` for an unknown case.
    async fn update_case(
        &self,
        case: &CaseRow,
        expected_status: CaseStatus,
        audit: &NewAuditEvent,
    ) -> StoreResult<()>;
    /// Newest `updated_at` first (cursor on it and the id), with each
    /// case's survivor reference, in a constant number of queries.
    ///
    /// Not `shared`: the cases `for_agency` owns. `shared`: cases owned by
    /// another agency that have, at `now`, a consent to `for_agency` with
    /// `valid_from <= now < valid_until` and not withdrawn (`withdrawn_at`
    /// unset or after `now`), or a lawful share to it with
    /// `now < valid_until` and not revoked (`revoked_at` unset or after
    /// `now`). `assigned_to` and `status` narrow either list.
    async fn list_cases(
        &self,
        filter: &CaseListFilter,
        page: &PageRequest,
    ) -> StoreResult<Page<CaseListItem>>;

    // ---- incidents ----
    async fn create_incident(
        &self,
        incident: &IncidentRow,
        audit: &NewAuditEvent,
    ) -> StoreResult<()>;
    /// Oldest incident date first (then in the order recorded).
    async fn list_incidents(&self, case: CaseId) -> StoreResult<Vec<IncidentRow>>;
    /// Every incident, of any case, whose perpetrator has this blind index,
    /// oldest incident date first; the caller leaves out the case it is
    /// looking from.
    async fn find_incidents_by_perpetrator(&self, index: &[u8]) -> StoreResult<Vec<IncidentRow>>;

    // ---- consent and sharing ----
    async fn create_consent(&self, consent: &ConsentRow, audit: &NewAuditEvent) -> StoreResult<()>;
    /// Sets `withdrawn_at` if not yet withdrawn; false (nothing written)
    /// otherwise, or for an unknown consent.
    async fn withdraw_consent(
        &self,
        id: ConsentId,
        at: DateTime<Utc>,
        audit: &NewAuditEvent,
    ) -> StoreResult<bool>;
    /// Newest first, withdrawn and expired ones included.
    async fn list_consents(&self, case: CaseId) -> StoreResult<Vec<ConsentRow>>;
    async fn create_sharing(&self, sharing: &SharingRow, audit: &NewAuditEvent) -> StoreResult<()>;
    /// Sets `revoked_at` if not yet revoked; false (nothing written)
    /// otherwise, or for an unknown share.
    async fn revoke_sharing(
        &self,
        id: SharingId,
        at: DateTime<Utc>,
        audit: &NewAuditEvent,
    ) -> StoreResult<bool>;
    /// Newest first, revoked and expired ones included.
    async fn list_sharings(&self, case: CaseId) -> StoreResult<Vec<SharingRow>>;

    // ---- break-glass ----
    async fn create_break_glass(
        &self,
        grant: &BreakGlassRow,
        audit: &NewAuditEvent,
    ) -> StoreResult<()>;
    /// The user's newest grant on the case in force at `now`
    /// (`started_at <= now < expires_at`).
    async fn active_break_glass(
        &self,
        case: CaseId,
        user: UserId,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<BreakGlassRow>>;
    /// Not yet reviewed grants on cases owned by `agency`, oldest first.
    async fn break_glass_to_review(&self, agency: AgencyId) -> StoreResult<Vec<BreakGlassRow>>;
    /// Records the review (`review_outcome`, `reviewed_by`, `reviewed_at`,
    /// which must be set, and `review_comment` of `grant`) once; false
    /// (nothing written) if already reviewed, or for an unknown grant.
    async fn review_break_glass(
        &self,
        grant: &BreakGlassRow,
        audit: &NewAuditEvent,
    ) -> StoreResult<bool>;

    // ---- notes, plans, tasks ----
    /// `first.note_id` must be `note.id` (otherwise `MissingReference {
    /// field: "note_id" }`).
    async fn create_note(
        &self,
        note: &NoteRow,
        first: &NoteVersionRow,
        audit: &NewAuditEvent,
    ) -> StoreResult<()>;
    /// Adds a version; `Conflict` if that version number exists already
    /// (nothing written); `MissingReference { field: "note_id" }` for an
    /// unknown note.
    async fn add_note_version(
        &self,
        version: &NoteVersionRow,
        audit: &NewAuditEvent,
    ) -> StoreResult<()>;
    /// Each note with its latest version, newest note first.
    async fn list_notes(&self, case: CaseId) -> StoreResult<Vec<(NoteRow, NoteVersionRow)>>;
    /// Every version of one note, oldest first.
    async fn note_history(&self, note: NoteId) -> StoreResult<Vec<NoteVersionRow>>;
    /// Inserts or replaces by id. A goal never moves between cases: an id
    /// that is another case's goal is `NotFound` (nothing written).
    async fn put_goal(&self, goal: &GoalRow, audit: &NewAuditEvent) -> StoreResult<()>;
    /// By domain (in `GoalDomain` order), then creation (ids are UUIDv7,
    /// so id order).
    async fn list_goals(&self, case: CaseId) -> StoreResult<Vec<GoalRow>>;
    /// Inserts or replaces the section.
    async fn put_safety_plan_section(
        &self,
        section: &SafetyPlanRow,
        audit: &NewAuditEvent,
    ) -> StoreResult<()>;
    /// In section order (as `SafetyPlanSection` lists them).
    async fn list_safety_plan(&self, case: CaseId) -> StoreResult<Vec<SafetyPlanRow>>;
    async fn create_task(&self, task: &TaskRow, audit: &NewAuditEvent) -> StoreResult<()>;
    /// Sets `done_at` if the task is open; false (nothing written)
    /// otherwise, or for an unknown task.
    async fn complete_task(
        &self,
        id: TaskId,
        at: DateTime<Utc>,
        audit: &NewAuditEvent,
    ) -> StoreResult<bool>;
    /// By due date (then creation), done ones included.
    async fn list_tasks(&self, case: CaseId) -> StoreResult<Vec<TaskRow>>;
    /// Open tasks of one person due on or before `until`, by due date.
    async fn tasks_due(&self, assignee: UserId, until: NaiveDate) -> StoreResult<Vec<TaskRow>>;

    // ---- survivor rights and retention ----
    /// Deletes the survivor with all her cases and everything under them
    /// (incidents, consents, sharings, break-glass, notes and versions,
    /// goals, safety plans, tasks) in one transaction, with `audit`.
    /// `NotFound` (nothing written) for an unknown survivor.
    async fn purge_survivor(&self, id: SurvivorId, audit: &NewAuditEvent) -> StoreResult<()>;
    /// Survivors of `agency` without legal hold all of whose cases (at least
    /// one) are closed (status `closed`, `closed_at` set) before
    /// `closed_before`, by id. A reopened case keeps her.
    async fn survivors_due_for_purge(
        &self,
        agency: AgencyId,
        closed_before: DateTime<Utc>,
    ) -> StoreResult<Vec<SurvivorId>>;
}
