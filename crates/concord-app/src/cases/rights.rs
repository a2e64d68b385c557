//! The survivor's rights over her data: who has accessed her file, a copy
//! of everything held about her, deletion, and retention schedules that
//! really purge.

use crate::app::App;
use crate::error::{AppError, AppResult};
use chrono::Months;
use concord_domain::access::Actor;
use concord_domain::audit::{AuditAction, AuditOutcome};
use concord_domain::case_access::{AccessBasis, CaseOperation};
use concord_domain::consent::DataCategory;
use concord_domain::ids::{AgencyId, CaseId};
use concord_domain::role::Permission;
use concord_store::{AuditEventRow, AuditFilter, CaseSettingsRow, PageRequest, StoreError};
use serde_json::{Value, json};

/// An agency's case settings as entered.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct CaseSettingsForm {
    pub plan_requires_approval: Option<String>,
    pub closure_requires_approval: Option<String>,
    /// Whole months; empty keeps closed cases until deleted by hand.
    pub retention_months: String,
}

impl App {
    /// Only the owning agency's case workers exercise her rights for her.
    async fn owned_case(
        &self,
        actor: &Actor,
        case_id: CaseId,
    ) -> AppResult<concord_store::CaseRow> {
        let grants = self.case_grants(actor, case_id).await?;
        let basis = self
            .authorise_case(
                actor,
                &grants,
                CaseOperation::Read(DataCategory::IdentityAndContact),
                None,
            )
            .await?;
        if basis != AccessBasis::OwningAgency {
            return Err(concord_domain::access::Denied::OtherAgency.into());
        }
        Ok(grants.case)
    }

    /// "Who has accessed this file": every audit event about the case,
    /// newest first.
    pub async fn access_report(
        &self,
        actor: &Actor,
        case_id: CaseId,
    ) -> AppResult<Vec<AuditEventRow>> {
        let case = self.owned_case(actor, case_id).await?;
        let event = self.event(
            Some(actor),
            AuditAction::AccessReportViewed,
            Some(("case", case.id.to_string())),
            AuditOutcome::Success,
            serde_json::json!({}),
        );
        self.store.append_audit(&event).await?;
        let filter = AuditFilter {
            object: Some(("case".into(), case_id.to_string())),
            ..AuditFilter::default()
        };
        let mut events = Vec::new();
        let mut page = PageRequest::first(PageRequest::MAX_LIMIT);
        loop {
            let batch = self.store.list_audit_events(&filter, &page).await?;
            events.extend(batch.items);
            match batch.next {
                Some(next) => page.after = Some(next),
                None => return Ok(events),
            }
        }
    }

    /// Everything held about her, decrypted, as JSON: her record and each
    /// of her cases with incidents, consents, notes, plans, tasks and the
    /// justice chain.
    pub async fn export_survivor(&self, actor: &Actor, case_id: CaseId) -> AppResult<Value> {
        let case = self.owned_case(actor, case_id).await?;
        let survivor = self
            .store
            .get_survivor(case.survivor_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let event = self.event(
            Some(actor),
            AuditAction::SurvivorExported,
            Some(("case", case.id.to_string())),
            AuditOutcome::Success,
            json!({ "survivor_id": survivor.id }),
        );
        self.store.append_audit(&event).await?;
        let view = self.survivor_view(survivor).await?;
        let mut cases = Vec::new();
        for case in self.store.list_survivor_cases(view.row.id).await? {
            let incidents = self.incident_views(case.id).await?;
            let notes = self.note_views(case.id).await?;
            let (goals, plan, tasks) = self.plan_views(case.id).await?;
            let justice = self.justice_views(case.id).await?;
            cases.push(json!({
                "id": case.id,
                "status": case.status.as_str(),
                "opened_at": case.opened_at,
                "first_contact_on": case.first_contact_on,
                "closed_at": case.closed_at,
                "incidents": incidents.iter().map(|i| json!({
                    "incident_date": i.row.incident_date,
                    "date_first_reported": i.row.date_first_reported,
                    "type": i.row.gbv_type.as_str(),
                    "context": i.row.context_flags,
                    "perpetrator_relationship": i.row.perpetrator_relationship.as_str(),
                    "perpetrator_identity": i.perpetrator_identity,
                    "account": i.narrative,
                })).collect::<Vec<_>>(),
                "consents": self.store.list_consents(case.id).await?.iter().map(|c| self.consent_json(c)).collect::<Vec<_>>(),
                "notes": notes.iter().map(|n| json!({ "written_at": n.edited_at, "text": n.body })).collect::<Vec<_>>(),
                "goals": goals.iter().map(|g| json!({ "domain": g.row.domain.as_str(), "goal": g.description, "status": g.row.status.as_str() })).collect::<Vec<_>>(),
                "safety_plan": plan.iter().map(|p| json!({ "section": p.row.section.as_str(), "text": p.body })).collect::<Vec<_>>(),
                "tasks": tasks.iter().map(|t| json!({ "due_on": t.row.due_on, "task": t.title, "done_at": t.row.done_at })).collect::<Vec<_>>(),
                "justice": justice.iter().map(|j| json!({
                    "step": j.row.kind.as_str(),
                    "occurred_on": j.row.occurred_on,
                    "outcome": j.row.outcome,
                    "reason": j.row.reason,
                    "detail": j.detail,
                    "recorded_by_agency": j.recording_agency_name,
                })).collect::<Vec<_>>(),
            }));
        }
        Ok(json!({
            "reference": view.row.reference,
            "name": view.name,
            "other_identifiers": view.other_identifiers,
            "date_of_birth": view.date_of_birth,
            "stated_age": view.stated_age,
            "age_group": view.row.age_group.map(|g| g.as_str()),
            "sex_gender": view.row.sex_gender.as_str(),
            "disability": view.row.disability,
            "displacement": view.row.displacement.as_str(),
            "languages": view.row.languages,
            "safe_contact": view.contact,
            "registered_at": view.row.created_at,
            "cases": cases,
        }))
    }

    /// Deletes her record and every case under it (a supervisor of the
    /// owning agency, at her request). The audit log keeps only ids.
    pub async fn purge_survivor(&self, actor: &Actor, case_id: CaseId) -> AppResult<()> {
        self.require(actor, Permission::SuperviseCases).await?;
        let case = self.owned_case(actor, case_id).await?;
        let survivor = self
            .store
            .get_survivor(case.survivor_id)
            .await?
            .ok_or(AppError::NotFound)?;
        if survivor.legal_hold {
            return Err(concord_domain::Invalid::one(
                "legal_hold",
                "her record is under legal hold; lift the hold first",
            )
            .into());
        }
        let event = self.event(
            Some(actor),
            AuditAction::SurvivorPurged,
            Some(("survivor", survivor.id.to_string())),
            AuditOutcome::Success,
            json!({ "reason": "request" }),
        );
        self.store.purge_survivor(survivor.id, &event).await?;
        Ok(())
    }

    pub async fn set_legal_hold(
        &self,
        actor: &Actor,
        case_id: CaseId,
        hold: bool,
    ) -> AppResult<()> {
        self.require(actor, Permission::SuperviseCases).await?;
        let case = self.owned_case(actor, case_id).await?;
        let event = self.event(
            Some(actor),
            AuditAction::LegalHoldChanged,
            Some(("survivor", case.survivor_id.to_string())),
            AuditOutcome::Success,
            json!({ "hold": hold }),
        );
        self.store
            .set_legal_hold(case.survivor_id, hold, &event)
            .await?;
        Ok(())
    }

    pub async fn case_settings(&self, actor: &Actor) -> AppResult<CaseSettingsRow> {
        self.require(actor, Permission::SuperviseCases).await?;
        Ok(self
            .store
            .get_case_settings(actor.agency_id)
            .await?
            .unwrap_or(CaseSettingsRow {
                agency_id: actor.agency_id,
                plan_requires_approval: false,
                closure_requires_approval: false,
                retention_months: None,
            }))
    }

    pub async fn save_case_settings(
        &self,
        actor: &Actor,
        form: &CaseSettingsForm,
    ) -> AppResult<CaseSettingsRow> {
        self.require(actor, Permission::SuperviseCases).await?;
        let mut invalid = concord_domain::Invalid::default();
        let plan = concord_domain::form_fields::checkbox(
            &mut invalid,
            "plan_requires_approval",
            form.plan_requires_approval.as_deref(),
        );
        let closure = concord_domain::form_fields::checkbox(
            &mut invalid,
            "closure_requires_approval",
            form.closure_requires_approval.as_deref(),
        );
        let retention = match form.retention_months.trim() {
            "" => None,
            text => match text.parse::<i32>() {
                Ok(months) if (1..=600).contains(&months) => Some(months),
                _ => {
                    invalid.push(
                        "retention_months",
                        "must be a whole number of months from 1 to 600",
                    );
                    None
                }
            },
        };
        invalid.into_result(())?;
        let row = CaseSettingsRow {
            agency_id: actor.agency_id,
            plan_requires_approval: plan,
            closure_requires_approval: closure,
            retention_months: retention,
        };
        let event = self.event(
            Some(actor),
            AuditAction::CaseSettingsChanged,
            Some(("agency", actor.agency_id.to_string())),
            AuditOutcome::Success,
            json!({ "plan_requires_approval": plan, "closure_requires_approval": closure, "retention_months": retention }),
        );
        self.store.put_case_settings(&row, &event).await?;
        Ok(row)
    }

    /// The retention job: purges survivors whose cases all closed more
    /// than the agency's retention period ago, unless under legal hold.
    /// Safe on several instances at once (a survivor purged by another
    /// instance is skipped). Returns how many were purged.
    pub async fn run_retention(&self) -> AppResult<usize> {
        let now = self.clock.now();
        let mut purged = 0;
        let mut page = PageRequest::first(PageRequest::MAX_LIMIT);
        loop {
            let agencies = self.store.list_agencies(&page).await?;
            for agency in &agencies.items {
                purged += self.retain_agency(agency.id, now).await?;
            }
            match agencies.next {
                Some(next) => page.after = Some(next),
                None => return Ok(purged),
            }
        }
    }

    async fn retain_agency(
        &self,
        agency: AgencyId,
        now: chrono::DateTime<chrono::Utc>,
    ) -> AppResult<usize> {
        let Some(months) = self
            .store
            .get_case_settings(agency)
            .await?
            .and_then(|s| s.retention_months)
        else {
            return Ok(0);
        };
        // Months on the deployment's calendar: closed on 31 January local,
        // kept for one month, is due on the first local day of March.
        let Some(cutoff) = self
            .local_time_of(now)
            .checked_sub_months(Months::new(months.max(0) as u32))
            .map(|local| self.instant_of_local(local))
        else {
            return Ok(0);
        };
        let mut purged = 0;
        for survivor in self.store.survivors_due_for_purge(agency, cutoff).await? {
            let event = self.event(
                None,
                AuditAction::SurvivorPurged,
                Some(("survivor", survivor.to_string())),
                AuditOutcome::Success,
                json!({ "reason": "retention", "retention_months": months }),
            );
            match self.store.purge_survivor(survivor, &event).await {
                Ok(()) => purged += 1,
                Err(StoreError::NotFound) => {}
                Err(other) => return Err(other.into()),
            }
        }
        Ok(purged)
    }
}
