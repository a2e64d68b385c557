//! Concord's storage, written once for every engine.
//!
//! Each module holds one part of the [`Store`] — its SQL, written once with
//! `$1, $2, …` placeholders, and its row mapping — over the [`sql`] layer:
//! an engine crate (`concord-store-sqlite`, `concord-store-postgres`)
//! implements [`sql::Database`] and [`sql::Connection`] (connections,
//! transactions, binding values in its own column types, classifying its
//! errors) and keeps its own migrations. Where an engine needs something of
//! its own (row locks, advisory locks, shredding deleted rows), the
//! connection says so by a method named for what it adapts.

mod account_recovery;
mod accounts;
mod agency_notices;
mod areas_and_agencies;
mod audit;
mod audit_cosignatures;
mod cases;
mod conference_actions;
mod copy;
mod deaths;
mod governance;
mod homicide_review;
mod incident_counts;
mod justice;
mod keys;
mod protection;
mod records;
mod referrals;
mod risk;
mod service_directory;
mod sharing;
pub mod sql;
mod statistics;
mod statistics_releases;
mod user_language;

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use concord_domain::case::CaseStatus;
use concord_domain::ids::{
    AgencyId, ApiTokenId, AreaId, CaseId, ConsentId, NoteId, SharingId, SurvivorId, TaskId, UserId,
};
use concord_domain::role::Role;
use concord_store::*;
use sql::Database;
use std::sync::Arc;
use uuid::Uuid;

/// The store on one engine's database.
pub struct SqlStore<E> {
    database: Arc<E>,
}

impl<E> Clone for SqlStore<E> {
    fn clone(&self) -> Self {
        SqlStore {
            database: Arc::clone(&self.database),
        }
    }
}

impl<E: Database> SqlStore<E> {
    pub fn new(database: E) -> SqlStore<E> {
        SqlStore {
            database: Arc::new(database),
        }
    }

    /// The engine's database, for what only it can do (backups, tools).
    pub fn database(&self) -> &E {
        &self.database
    }

    pub(crate) fn db(&self) -> &dyn Database {
        self.database.as_ref()
    }

    /// Closes every connection.
    pub async fn close(&self) {
        self.database.close().await;
    }
}

#[async_trait]
impl<E: Database> Store for crate::SqlStore<E> {
    fn engine(&self) -> &'static str {
        self.database.engine()
    }

    async fn get_setting(&self, key: &str) -> StoreResult<Option<String>> {
        areas_and_agencies::get_setting(self.db(), key).await
    }

    async fn put_setting(&self, key: &str, value: &str) -> StoreResult<()> {
        areas_and_agencies::put_setting(self.db(), key, value).await
    }

    async fn insert_setting_if_absent(&self, key: &str, value: &str) -> StoreResult<bool> {
        areas_and_agencies::insert_setting_if_absent(self.db(), key, value).await
    }

    async fn list_master_sealed(&self) -> StoreResult<MasterSealed> {
        keys::list_master_sealed(self.db()).await
    }

    async fn rotate_master_key(
        &self,
        rotation: &MasterKeyRotation,
        audit: &NewAuditEvent,
    ) -> StoreResult<()> {
        keys::rotate_master_key(self.db(), rotation, audit).await
    }

    async fn create_area(&self, area: &AreaRow, audit: &NewAuditEvent) -> StoreResult<()> {
        areas_and_agencies::create_area(self.db(), area, audit).await
    }

    async fn update_area(&self, area: &AreaRow, audit: &NewAuditEvent) -> StoreResult<()> {
        areas_and_agencies::update_area(self.db(), area, audit).await
    }

    async fn get_area(&self, id: AreaId) -> StoreResult<Option<AreaRow>> {
        areas_and_agencies::get_area(self.db(), id).await
    }

    async fn get_areas(&self, ids: &[AreaId]) -> StoreResult<Vec<AreaRow>> {
        areas_and_agencies::get_areas(self.db(), ids).await
    }

    async fn list_areas(&self, page: &PageRequest) -> StoreResult<Page<AreaRow>> {
        areas_and_agencies::list_areas(self.db(), page).await
    }

    async fn create_agency(&self, agency: &AgencyRow, audit: &NewAuditEvent) -> StoreResult<()> {
        areas_and_agencies::create_agency(self.db(), agency, audit).await
    }

    async fn update_agency(&self, agency: &AgencyRow, audit: &NewAuditEvent) -> StoreResult<()> {
        areas_and_agencies::update_agency(self.db(), agency, audit).await
    }

    async fn get_agency(&self, id: AgencyId) -> StoreResult<Option<AgencyRow>> {
        areas_and_agencies::get_agency(self.db(), id).await
    }

    async fn list_agencies(&self, page: &PageRequest) -> StoreResult<Page<AgencyRow>> {
        areas_and_agencies::list_agencies(self.db(), page).await
    }

    async fn create_user(&self, user: &UserRow, audit: &NewAuditEvent) -> StoreResult<()> {
        accounts::create_user(self.db(), user, audit).await
    }

    async fn update_user_profile(
        &self,
        id: UserId,
        display_name: &str,
        roles: &[Role],
        audit: &NewAuditEvent,
    ) -> StoreResult<()> {
        accounts::update_user_profile(self.db(), id, display_name, roles, audit).await
    }

    async fn set_user_active(
        &self,
        id: UserId,
        active: bool,
        at: DateTime<Utc>,
        audit: &NewAuditEvent,
    ) -> StoreResult<()> {
        accounts::set_user_active(self.db(), id, active, at, audit).await
    }

    async fn set_password(
        &self,
        id: UserId,
        password_hash: &str,
        at: DateTime<Utc>,
        audit: &NewAuditEvent,
    ) -> StoreResult<()> {
        accounts::set_password(self.db(), id, password_hash, at, audit).await
    }

    async fn get_user(&self, id: UserId) -> StoreResult<Option<UserRow>> {
        accounts::get_user(self.db(), id).await
    }

    async fn find_user_by_username(&self, username: &str) -> StoreResult<Option<UserRow>> {
        accounts::find_user_by_username(self.db(), username).await
    }

    async fn list_users(
        &self,
        agency: Option<AgencyId>,
        page: &PageRequest,
    ) -> StoreResult<Page<UserRow>> {
        accounts::list_users(self.db(), agency, page).await
    }

    async fn set_user_email(
        &self,
        id: UserId,
        email: Option<&str>,
        audit: &NewAuditEvent,
    ) -> StoreResult<()> {
        accounts::set_user_email(self.db(), id, email, audit).await
    }

    async fn user_language(&self, id: UserId) -> StoreResult<Option<String>> {
        user_language::user_language(self.db(), id).await
    }

    async fn set_user_language(
        &self,
        id: UserId,
        language: Option<&str>,
        audit: &NewAuditEvent,
    ) -> StoreResult<()> {
        user_language::set_user_language(self.db(), id, language, audit).await
    }

    async fn count_agency_administrators(&self, agency: AgencyId) -> StoreResult<(u32, u32)> {
        accounts::count_agency_administrators(self.db(), agency).await
    }

    async fn create_first_agency_administrator(
        &self,
        user: &UserRow,
        audit: &NewAuditEvent,
    ) -> StoreResult<bool> {
        accounts::create_first_agency_administrator(self.db(), user, audit).await
    }

    async fn set_totp_pending(&self, id: UserId, secret: Option<&[u8]>) -> StoreResult<()> {
        accounts::set_totp_pending(self.db(), id, secret).await
    }

    async fn enable_totp(
        &self,
        id: UserId,
        secret: &[u8],
        step: i64,
        recovery_code_hashes: &[Vec<u8>],
        audit: &NewAuditEvent,
    ) -> StoreResult<()> {
        accounts::enable_totp(self.db(), id, secret, step, recovery_code_hashes, audit).await
    }

    async fn disable_totp(
        &self,
        id: UserId,
        at: DateTime<Utc>,
        audit: &NewAuditEvent,
    ) -> StoreResult<()> {
        accounts::disable_totp(self.db(), id, at, audit).await
    }

    async fn claim_totp_step(&self, id: UserId, step: i64) -> StoreResult<bool> {
        accounts::claim_totp_step(self.db(), id, step).await
    }

    async fn use_recovery_code(
        &self,
        id: UserId,
        code_hash: &[u8],
        at: DateTime<Utc>,
        audit: &NewAuditEvent,
    ) -> StoreResult<bool> {
        accounts::use_recovery_code(self.db(), id, code_hash, at, audit).await
    }

    async fn count_unused_recovery_codes(&self, id: UserId) -> StoreResult<u32> {
        accounts::count_unused_recovery_codes(self.db(), id).await
    }

    async fn create_session(&self, session: &SessionRow, audit: &NewAuditEvent) -> StoreResult<()> {
        accounts::create_session(self.db(), session, audit).await
    }

    async fn replace_session(
        &self,
        old_token_hash: &[u8],
        new: &SessionRow,
        at: DateTime<Utc>,
        audit: &NewAuditEvent,
    ) -> StoreResult<()> {
        accounts::replace_session(self.db(), old_token_hash, new, at, audit).await
    }

    async fn get_session(&self, token_hash: &[u8]) -> StoreResult<Option<SessionRow>> {
        accounts::get_session(self.db(), token_hash).await
    }

    async fn touch_session(&self, token_hash: &[u8], at: DateTime<Utc>) -> StoreResult<()> {
        accounts::touch_session(self.db(), token_hash, at).await
    }

    async fn revoke_session(
        &self,
        user_id: UserId,
        session_id: Uuid,
        at: DateTime<Utc>,
        audit: &NewAuditEvent,
    ) -> StoreResult<bool> {
        accounts::revoke_session(self.db(), user_id, session_id, at, audit).await
    }

    async fn revoke_all_sessions(
        &self,
        user_id: UserId,
        at: DateTime<Utc>,
        audit: &NewAuditEvent,
    ) -> StoreResult<()> {
        accounts::revoke_all_sessions(self.db(), user_id, at, audit).await
    }

    async fn list_sessions(&self, user_id: UserId) -> StoreResult<Vec<SessionRow>> {
        accounts::list_sessions(self.db(), user_id).await
    }

    async fn create_api_token(
        &self,
        token: &ApiTokenRow,
        audit: &NewAuditEvent,
    ) -> StoreResult<()> {
        accounts::create_api_token(self.db(), token, audit).await
    }

    async fn find_api_token(&self, token_hash: &[u8]) -> StoreResult<Option<ApiTokenRow>> {
        accounts::find_api_token(self.db(), token_hash).await
    }

    async fn list_api_tokens(&self, user_id: UserId) -> StoreResult<Vec<ApiTokenRow>> {
        accounts::list_api_tokens(self.db(), user_id).await
    }

    async fn revoke_api_token(
        &self,
        user_id: UserId,
        token_id: ApiTokenId,
        at: DateTime<Utc>,
        audit: &NewAuditEvent,
    ) -> StoreResult<bool> {
        accounts::revoke_api_token(self.db(), user_id, token_id, at, audit).await
    }

    async fn touch_api_token(&self, token_id: ApiTokenId, at: DateTime<Utc>) -> StoreResult<()> {
        accounts::touch_api_token(self.db(), token_id, at).await
    }

    async fn register_sign_in_attempt(
        &self,
        attempt: &SignInFailureRow,
        since: DateTime<Utc>,
    ) -> StoreResult<(u32, u32)> {
        accounts::register_sign_in_attempt(self.db(), attempt, since).await
    }

    async fn clear_account_failures(&self, account_key: &[u8]) -> StoreResult<()> {
        accounts::clear_account_failures(self.db(), account_key).await
    }

    async fn purge_expired(&self, cutoffs: &PurgeCutoffs) -> StoreResult<PurgeCounts> {
        accounts::purge_expired(self.db(), cutoffs).await
    }

    async fn create_body(&self, body: &BodyRow, audit: &NewAuditEvent) -> StoreResult<()> {
        areas_and_agencies::create_body(self.db(), body, audit).await
    }

    async fn list_bodies(&self) -> StoreResult<Vec<BodyRow>> {
        areas_and_agencies::list_bodies(self.db()).await
    }

    async fn append_audit(&self, audit: &NewAuditEvent) -> StoreResult<()> {
        audit::append(self.db(), audit).await
    }

    async fn list_audit_events(
        &self,
        filter: &AuditFilter,
        page: &PageRequest,
    ) -> StoreResult<Page<AuditEventRow>> {
        audit::list(self.db(), filter, page).await
    }

    async fn seal_audit(
        &self,
        sealer: &dyn AuditSealer,
        max_events: u32,
    ) -> StoreResult<Option<CheckpointRow>> {
        audit::seal(self.db(), sealer, max_events).await
    }

    async fn sealed_audit_events(&self, from: i64, limit: u32) -> StoreResult<Vec<AuditEventRow>> {
        audit::sealed_events(self.db(), from, limit).await
    }

    async fn count_unsealed_audit_events(&self) -> StoreResult<i64> {
        audit::count_unsealed(self.db()).await
    }

    async fn list_checkpoints(&self) -> StoreResult<Vec<CheckpointRow>> {
        audit::list_checkpoints(self.db()).await
    }

    async fn latest_checkpoint(&self) -> StoreResult<Option<CheckpointRow>> {
        audit_cosignatures::latest_checkpoint(self.db()).await
    }

    async fn checkpoint_before(&self, tree_size: i64) -> StoreResult<Option<CheckpointRow>> {
        audit_cosignatures::checkpoint_before(self.db(), tree_size).await
    }

    async fn checkpoints_after(
        &self,
        tree_size: i64,
        limit: u32,
    ) -> StoreResult<Vec<CheckpointRow>> {
        audit_cosignatures::checkpoints_after(self.db(), tree_size, limit).await
    }

    async fn add_audit_cosignature(&self, cosignature: &CosignatureRow) -> StoreResult<()> {
        audit_cosignatures::add(self.db(), cosignature).await
    }

    async fn list_audit_cosignatures(&self) -> StoreResult<Vec<CosignatureRow>> {
        audit_cosignatures::list(self.db()).await
    }

    async fn latest_audit_cosignature(&self, witness: &str) -> StoreResult<Option<i64>> {
        audit_cosignatures::latest(self.db(), witness).await
    }

    async fn audit_numbering(&self) -> StoreResult<AuditNumbering> {
        audit::numbering(self.db()).await
    }

    async fn first_missing_audit_number(&self) -> StoreResult<Option<i64>> {
        audit::first_missing_number(self.db()).await
    }

    async fn table_counts(&self) -> StoreResult<Vec<(String, i64)>> {
        copy::table_counts(self.db()).await
    }

    async fn export_all(&self) -> StoreResult<DatabaseDump> {
        copy::export_all(self.db()).await
    }

    async fn export_counted(&self) -> StoreResult<(Vec<(String, i64)>, DatabaseDump)> {
        copy::export_counted(self.db()).await
    }

    async fn import_all(&self, dump: &DatabaseDump) -> StoreResult<()> {
        copy::import_all(self.db(), dump).await
    }
}

#[async_trait]
impl<E: Database> CaseStore for crate::SqlStore<E> {
    async fn create_data_key(&self, key: &DataKeyRow, audit: &NewAuditEvent) -> StoreResult<()> {
        keys::create_data_key(self.db(), key, audit).await
    }

    async fn list_data_keys(&self, agency: AgencyId) -> StoreResult<Vec<DataKeyRow>> {
        keys::list_data_keys(self.db(), agency).await
    }

    async fn get_data_key(&self, key_id: Uuid, version: i32) -> StoreResult<Option<DataKeyRow>> {
        keys::get_data_key(self.db(), key_id, version).await
    }

    async fn rewrap_data_keys(
        &self,
        keys: &[DataKeyRow],
        audit: &NewAuditEvent,
    ) -> StoreResult<()> {
        keys::rewrap_data_keys(self.db(), keys, audit).await
    }

    async fn get_case_settings(&self, agency: AgencyId) -> StoreResult<Option<CaseSettingsRow>> {
        keys::get_case_settings(self.db(), agency).await
    }

    async fn put_case_settings(
        &self,
        settings: &CaseSettingsRow,
        audit: &NewAuditEvent,
    ) -> StoreResult<()> {
        keys::put_case_settings(self.db(), settings, audit).await
    }

    async fn create_survivor(
        &self,
        survivor: &SurvivorRow,
        case: &CaseRow,
        audit: &NewAuditEvent,
    ) -> StoreResult<()> {
        cases::create_survivor(self.db(), survivor, case, audit).await
    }

    async fn get_survivor(&self, id: SurvivorId) -> StoreResult<Option<SurvivorRow>> {
        cases::get_survivor(self.db(), id).await
    }

    async fn find_survivors(
        &self,
        agency: AgencyId,
        name_dob_index: &[u8],
    ) -> StoreResult<Vec<SurvivorRow>> {
        cases::find_survivors(self.db(), agency, name_dob_index).await
    }

    async fn update_survivor(
        &self,
        survivor: &SurvivorRow,
        audit: &NewAuditEvent,
    ) -> StoreResult<()> {
        cases::update_survivor(self.db(), survivor, audit).await
    }

    async fn set_legal_hold(
        &self,
        id: SurvivorId,
        hold: bool,
        audit: &NewAuditEvent,
    ) -> StoreResult<()> {
        cases::set_legal_hold(self.db(), id, hold, audit).await
    }

    async fn get_case(&self, id: CaseId) -> StoreResult<Option<CaseRow>> {
        cases::get_case(self.db(), id).await
    }

    async fn list_survivor_cases(&self, survivor: SurvivorId) -> StoreResult<Vec<CaseRow>> {
        cases::list_survivor_cases(self.db(), survivor).await
    }

    async fn update_case(
        &self,
        case: &CaseRow,
        expected_status: CaseStatus,
        audit: &NewAuditEvent,
    ) -> StoreResult<()> {
        cases::update_case(self.db(), case, expected_status, audit).await
    }

    async fn list_cases(
        &self,
        filter: &CaseListFilter,
        page: &PageRequest,
    ) -> StoreResult<Page<CaseListItem>> {
        cases::list_cases(self.db(), filter, page).await
    }

    async fn create_incident(
        &self,
        incident: &IncidentRow,
        audit: &NewAuditEvent,
    ) -> StoreResult<()> {
        records::create_incident(self.db(), incident, audit).await
    }

    async fn list_incidents(&self, case: CaseId) -> StoreResult<Vec<IncidentRow>> {
        records::list_incidents(self.db(), case).await
    }

    async fn find_incidents_by_perpetrator(&self, index: &[u8]) -> StoreResult<Vec<IncidentRow>> {
        records::find_incidents_by_perpetrator(self.db(), index).await
    }

    async fn create_consent(&self, consent: &ConsentRow, audit: &NewAuditEvent) -> StoreResult<()> {
        sharing::create_consent(self.db(), consent, audit).await
    }

    async fn withdraw_consent(
        &self,
        id: ConsentId,
        at: DateTime<Utc>,
        audit: &NewAuditEvent,
    ) -> StoreResult<bool> {
        sharing::withdraw_consent(self.db(), id, at, audit).await
    }

    async fn list_consents(&self, case: CaseId) -> StoreResult<Vec<ConsentRow>> {
        sharing::list_consents(self.db(), case).await
    }

    async fn create_sharing(&self, sharing: &SharingRow, audit: &NewAuditEvent) -> StoreResult<()> {
        sharing::create_sharing(self.db(), sharing, audit).await
    }

    async fn revoke_sharing(
        &self,
        id: SharingId,
        at: DateTime<Utc>,
        audit: &NewAuditEvent,
    ) -> StoreResult<bool> {
        sharing::revoke_sharing(self.db(), id, at, audit).await
    }

    async fn list_sharings(&self, case: CaseId) -> StoreResult<Vec<SharingRow>> {
        sharing::list_sharings(self.db(), case).await
    }

    async fn create_break_glass(
        &self,
        grant: &BreakGlassRow,
        audit: &NewAuditEvent,
    ) -> StoreResult<()> {
        sharing::create_break_glass(self.db(), grant, audit).await
    }

    async fn active_break_glass(
        &self,
        case: CaseId,
        user: UserId,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<BreakGlassRow>> {
        sharing::active_break_glass(self.db(), case, user, now).await
    }

    async fn break_glass_to_review(&self, agency: AgencyId) -> StoreResult<Vec<BreakGlassRow>> {
        sharing::break_glass_to_review(self.db(), agency).await
    }

    async fn review_break_glass(
        &self,
        grant: &BreakGlassRow,
        audit: &NewAuditEvent,
    ) -> StoreResult<bool> {
        sharing::review_break_glass(self.db(), grant, audit).await
    }

    async fn create_note(
        &self,
        note: &NoteRow,
        first: &NoteVersionRow,
        audit: &NewAuditEvent,
    ) -> StoreResult<()> {
        records::create_note(self.db(), note, first, audit).await
    }

    async fn add_note_version(
        &self,
        version: &NoteVersionRow,
        audit: &NewAuditEvent,
    ) -> StoreResult<()> {
        records::add_note_version(self.db(), version, audit).await
    }

    async fn list_notes(&self, case: CaseId) -> StoreResult<Vec<(NoteRow, NoteVersionRow)>> {
        records::list_notes(self.db(), case).await
    }

    async fn note_history(&self, note: NoteId) -> StoreResult<Vec<NoteVersionRow>> {
        records::note_history(self.db(), note).await
    }

    async fn put_goal(&self, goal: &GoalRow, audit: &NewAuditEvent) -> StoreResult<()> {
        records::put_goal(self.db(), goal, audit).await
    }

    async fn list_goals(&self, case: CaseId) -> StoreResult<Vec<GoalRow>> {
        records::list_goals(self.db(), case).await
    }

    async fn put_safety_plan_section(
        &self,
        section: &SafetyPlanRow,
        audit: &NewAuditEvent,
    ) -> StoreResult<()> {
        records::put_safety_plan_section(self.db(), section, audit).await
    }

    async fn list_safety_plan(&self, case: CaseId) -> StoreResult<Vec<SafetyPlanRow>> {
        records::list_safety_plan(self.db(), case).await
    }

    async fn create_task(&self, task: &TaskRow, audit: &NewAuditEvent) -> StoreResult<()> {
        records::create_task(self.db(), task, audit).await
    }

    async fn complete_task(
        &self,
        id: TaskId,
        at: DateTime<Utc>,
        audit: &NewAuditEvent,
    ) -> StoreResult<bool> {
        records::complete_task(self.db(), id, at, audit).await
    }

    async fn list_tasks(&self, case: CaseId) -> StoreResult<Vec<TaskRow>> {
        records::list_tasks(self.db(), case).await
    }

    async fn tasks_due(&self, assignee: UserId, until: NaiveDate) -> StoreResult<Vec<TaskRow>> {
        records::tasks_due(self.db(), assignee, until).await
    }

    async fn purge_survivor(&self, id: SurvivorId, audit: &NewAuditEvent) -> StoreResult<()> {
        cases::purge_survivor(self.db(), id, audit).await
    }

    async fn survivors_due_for_purge(
        &self,
        agency: AgencyId,
        closed_before: DateTime<Utc>,
    ) -> StoreResult<Vec<SurvivorId>> {
        cases::survivors_due_for_purge(self.db(), agency, closed_before).await
    }
}

#[async_trait]
impl<E: Database> StatisticsStore for crate::SqlStore<E> {
    async fn incident_groups(
        &self,
        period: concord_domain::statistics::Period,
        agency: Option<AgencyId>,
    ) -> StoreResult<Vec<concord_domain::statistics::IncidentGroup>> {
        incident_counts::read(self.db(), period, agency).await
    }

    async fn recount_incident_groups(
        &self,
        period: concord_domain::statistics::Period,
        agency: Option<AgencyId>,
    ) -> StoreResult<Vec<concord_domain::statistics::IncidentGroup>> {
        incident_counts::recount(self.db(), period, agency).await
    }

    async fn referral_journeys(
        &self,
        from: chrono::DateTime<chrono::Utc>,
        until: chrono::DateTime<chrono::Utc>,
        agency: Option<AgencyId>,
    ) -> StoreResult<Vec<concord_domain::statistics::ReferralJourney>> {
        statistics::referral_journeys(self.db(), from, until, agency).await
    }

    async fn repeat_incidents(
        &self,
        earliest: NaiveDate,
        from: NaiveDate,
        until: NaiveDate,
        agency: Option<AgencyId>,
    ) -> StoreResult<Vec<Vec<concord_domain::statistics::RepeatIncident>>> {
        statistics::repeat_incidents(self.db(), earliest, from, until, agency).await
    }

    async fn statistics_areas(&self) -> StoreResult<Vec<AreaRow>> {
        statistics::statistics_areas(self.db()).await
    }
}
