//! When she dies (issue 16, part 4): her death closes the case with the
//! reason `she_died`, recorded only by a supervisor of the owning agency; a
//! killing opens the gender-related killing record (UNODC–UN Women
//! statistical framework, 2022). Reading the record needs the case access
//! decision for incidents **and** an owning-agency or lawful basis
//! (`concord_domain::killing::may_read_killing_record`); every reading and
//! every refusal is audited. Prior contacts and the state response are
//! derived from the case's own records, never retyped.
//!
//! Nothing here is free text, so nothing is encrypted beyond what the
//! sources already encrypt; the audit details name no date and no person.

use crate::app::App;
use crate::error::{AppError, AppResult};
use chrono::NaiveDate;
use concord_domain::access::Actor;
use concord_domain::audit::{AuditAction, AuditOutcome};
use concord_domain::case::{CaseStatus, ClosureReason};
use concord_domain::case_access::{AccessBasis, CaseOperation, Refusal};
use concord_domain::consent::{DataCategory, Purpose};
use concord_domain::death::{DeathForm, death_closes, may_record_death};
use concord_domain::ids::{AgencyId, CaseId};
use concord_domain::incident::AgeGroup;
use concord_domain::justice::JusticeEventKind;
use concord_domain::killing::{
    Contact, ContactKind, KillingRecord, KillingRecordForm, KillingType, may_read_killing_record,
    prior_contacts,
};
use concord_domain::local_time::start_of_day;
use concord_domain::referral::ReferralSide;
use concord_domain::survivor::SexGender;
use concord_store::{
    CaseDeathRow, CaseRow, KillingRecordRow, PageRequest, ProtectionEntry, ReferralFilter,
};
use std::collections::BTreeMap;

/// One contact she had with services before she died.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactView {
    pub on: NaiveDate,
    pub kind: ContactKind,
    pub agency_name: String,
}

/// One step of the justice response after her death.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseStep {
    pub on: NaiveDate,
    pub kind: JusticeEventKind,
    pub agency_name: String,
}

/// The killing record as one allowed reader sees it.
#[derive(Debug, Clone)]
pub struct KillingRecordView {
    pub case: CaseRow,
    pub survivor_reference: String,
    pub basis: AccessBasis,
    /// The local date she died.
    pub died_on: NaiveDate,
    pub record: KillingRecordRow,
    /// The framework's typology, derived from the record.
    pub killing_type: KillingType,
    /// Victim variables, from her survivor record.
    pub victim_age_group: Option<AgeGroup>,
    pub victim_sex: SexGender,
    /// Her contacts with services up to the day she died, oldest first.
    pub prior_contacts: Vec<ContactView>,
    /// Justice steps recorded on her case after the day she died.
    pub justice_response: Vec<ResponseStep>,
    /// Whether the reader may change the record (the owning supervisor).
    pub may_change: bool,
}

fn record_of(row: &KillingRecordRow) -> KillingRecord {
    KillingRecord {
        relationship: row.relationship,
        characteristics: row.characteristics.iter().copied().collect(),
        perpetrator_sex: row.perpetrator_sex,
        perpetrator_age_group: row.perpetrator_age_group,
    }
}

impl App {
    /// Records her death and closes the case (`she_died`); a killing opens
    /// its record, with `killing` if given (else "nothing known yet"). All
    /// in one transaction with the audit event.
    pub async fn record_death(
        &self,
        actor: &Actor,
        case_id: CaseId,
        form: &DeathForm,
        killing: Option<&KillingRecordForm>,
    ) -> AppResult<CaseDeathRow> {
        let grants = self.case_grants(actor, case_id).await?;
        self.authorise_case(
            actor,
            &grants,
            CaseOperation::Write(DataCategory::CaseNotes),
            None,
        )
        .await?;
        let mut case = grants.case;
        if let Err(refusal) = may_record_death(actor, case.owning_agency) {
            return Err(self
                .refuse_death(actor, case_id, "record_death", refusal)
                .await?);
        }
        let death = form.validate(self.today())?;
        let record = match (death.killing, killing) {
            (true, Some(form)) => Some(form.validate()?),
            (true, None) => Some(KillingRecord::opened()),
            (false, Some(_)) => {
                return Err(concord_domain::Invalid::one(
                    "killing_record",
                    "is kept only when her death was a killing",
                )
                .into());
            }
            (false, None) => None,
        };
        let already = self.store.get_case_death(case_id).await?.is_some();
        let expected = case.status;
        death_closes(expected, already).map_err(|problem| AppError::IllegalTransition {
            field: "event",
            message: problem.to_string(),
        })?;
        let now = self.clock.now();
        case.status = CaseStatus::Closed;
        case.closure_reason = Some(ClosureReason::SheDied.as_str().to_string());
        case.closed_at = Some(now);
        case.updated_at = now;
        let row = CaseDeathRow {
            case_id,
            died_at: start_of_day(self.time_zone(), death.died_on),
            killing: death.killing,
            closed_from: expected,
            recorded_by: actor.user_id,
            recorded_at: now,
        };
        let killing_row = record.map(|r| KillingRecordRow {
            case_id,
            relationship: r.relationship,
            characteristics: r.characteristics.into_iter().collect(),
            perpetrator_sex: r.perpetrator_sex,
            perpetrator_age_group: r.perpetrator_age_group,
            updated_by: actor.user_id,
            updated_at: now,
        });
        let event = self.event(
            Some(actor),
            AuditAction::CaseDeathRecorded,
            Some(("case", case_id.to_string())),
            AuditOutcome::Success,
            serde_json::json!({
                "from": expected.as_str(),
                "to": CaseStatus::Closed.as_str(),
                "killing": death.killing,
            }),
        );
        match self
            .store
            .record_death(&case, expected, &row, killing_row.as_ref(), &event)
            .await
        {
            Ok(()) => Ok(row),
            Err(concord_store::StoreError::Conflict) => Err(AppError::Conflict),
            Err(other) => Err(other.into()),
        }
    }

    /// Her death on this case, if recorded, for whoever may read the case.
    pub async fn case_death(&self, case_id: CaseId) -> AppResult<Option<CaseDeathRow>> {
        Ok(self.store.get_case_death(case_id).await?)
    }

    /// Changes what the killing record says (the owning supervisor, as for
    /// her death); `seen` is when the reader last saw it changed.
    pub async fn change_killing_record(
        &self,
        actor: &Actor,
        case_id: CaseId,
        form: &KillingRecordForm,
        seen: chrono::DateTime<chrono::Utc>,
    ) -> AppResult<KillingRecordRow> {
        let grants = self.case_grants(actor, case_id).await?;
        self.authorise_case(
            actor,
            &grants,
            CaseOperation::Write(DataCategory::Incident),
            None,
        )
        .await?;
        if let Err(refusal) = may_record_death(actor, grants.case.owning_agency) {
            return Err(self
                .refuse_death(actor, case_id, "change_killing_record", refusal)
                .await?);
        }
        let record = form.validate()?;
        let row = KillingRecordRow {
            case_id,
            relationship: record.relationship,
            characteristics: record.characteristics.iter().copied().collect(),
            perpetrator_sex: record.perpetrator_sex,
            perpetrator_age_group: record.perpetrator_age_group,
            updated_by: actor.user_id,
            updated_at: self.clock.now(),
        };
        let event = self.event(
            Some(actor),
            AuditAction::KillingRecordChanged,
            Some(("case", case_id.to_string())),
            AuditOutcome::Success,
            serde_json::json!({ "type": record.killing_type().as_str() }),
        );
        match self.store.update_killing_record(&row, seen, &event).await {
            Ok(()) => Ok(row),
            Err(concord_store::StoreError::Conflict) => Err(AppError::Conflict),
            Err(other) => Err(other.into()),
        }
    }

    /// The killing record with what is derived for it; the reading is
    /// audited, and so is a refusal.
    pub async fn read_killing_record(
        &self,
        actor: &Actor,
        case_id: CaseId,
        purpose: Option<Purpose>,
    ) -> AppResult<KillingRecordView> {
        let grants = self.case_grants(actor, case_id).await?;
        let basis = self
            .authorise_case(
                actor,
                &grants,
                CaseOperation::Read(DataCategory::Incident),
                purpose,
            )
            .await?;
        if let Err(refusal) = may_read_killing_record(basis) {
            return Err(self
                .refuse_death(actor, case_id, "read_killing_record", refusal)
                .await?);
        }
        let (Some(death), Some(record)) = (
            self.store.get_case_death(case_id).await?,
            self.store.get_killing_record(case_id).await?,
        ) else {
            return Err(AppError::NotFound);
        };
        let now = self.clock.now();
        let reads_justice = grants
            .decide(
                actor,
                CaseOperation::Read(DataCategory::Justice),
                purpose,
                now,
            )
            .is_ok();
        let event = self.event(
            Some(actor),
            AuditAction::KillingRecordViewed,
            Some(("case", case_id.to_string())),
            AuditOutcome::Success,
            serde_json::json!({
                "basis": basis.as_str(),
                "purpose": purpose.map(|p| p.as_str()),
                "justice": reads_justice,
            }),
        );
        self.store.append_audit(&event).await?;
        let case = grants.case;
        let survivor = self
            .store
            .get_survivor(case.survivor_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let died_on = self.local_date_of(death.died_at);
        let mut names = AgencyNames::default();
        let contacts = self.contacts_of(&case, reads_justice, &mut names).await?;
        let prior_contacts = prior_contacts(died_on, contacts)
            .into_iter()
            .map(|c| ContactView {
                on: c.on,
                kind: c.kind,
                agency_name: c.agency,
            })
            .collect();
        let justice_response = if reads_justice {
            self.justice_after(case_id, died_on, &mut names).await?
        } else {
            Vec::new()
        };
        let killing_type = record_of(&record).killing_type();
        Ok(KillingRecordView {
            survivor_reference: survivor.reference.clone(),
            victim_age_group: self.survivor_group_on(&survivor, died_on).await?,
            victim_sex: survivor.sex_gender,
            basis,
            died_on,
            killing_type,
            may_change: may_record_death(actor, case.owning_agency).is_ok(),
            record,
            prior_contacts,
            justice_response,
            case,
        })
    }

    /// Every contact her case holds, from each source in turn. Protection
    /// orders and breaches (issue 16, part 2) are one more source here when
    /// they are stored, with a `ContactKind` of their own.
    async fn contacts_of(
        &self,
        case: &CaseRow,
        reads_justice: bool,
        names: &mut AgencyNames,
    ) -> AppResult<Vec<Contact<String>>> {
        let mut contacts = Vec::new();
        let owner = case.owning_agency;
        for incident in self.store.list_incidents(case.id).await? {
            contacts.push(Contact {
                on: incident.date_first_reported,
                kind: ContactKind::Incident,
                agency: names.of(self, owner).await?,
            });
        }
        for assessment in self.store.list_assessments(case.id).await? {
            let agency = match self.store.get_user(assessment.assessed_by).await? {
                Some(user) => user.agency_id,
                None => owner,
            };
            contacts.push(Contact {
                on: assessment.assessed_on,
                kind: ContactKind::RiskAssessment,
                agency: names.of(self, agency).await?,
            });
        }
        let filter = ReferralFilter {
            agency: owner,
            side: ReferralSide::Sender,
            states: Vec::new(),
            case_id: Some(case.id),
            overdue_at: None,
        };
        let page = PageRequest::first(PageRequest::MAX_LIMIT);
        for item in self.store.list_referrals(&filter, &page).await?.items {
            // A draft never sent was no contact with the other service.
            let Some(sent_at) = item.referral.sent_at else {
                continue;
            };
            contacts.push(Contact {
                on: self.local_date_of(sent_at),
                kind: ContactKind::Referral,
                agency: names.of(self, item.referral.receiving_agency).await?,
            });
        }
        for referral in self.store.case_referrals(case.id).await? {
            contacts.push(Contact {
                on: referral.referred_on,
                kind: ContactKind::ConferenceListing,
                agency: names.of(self, referral.referring_agency).await?,
            });
        }
        if reads_justice {
            for step in self.store.list_justice_events(case.id).await? {
                contacts.push(Contact {
                    on: step.occurred_on,
                    kind: ContactKind::JusticeStep,
                    agency: names.of(self, step.recording_agency).await?,
                });
            }
            // Orders and breaches are justice data too.
            for entry in self.store.protection_history(case.id).await? {
                let (on, kind, agency) = match &entry {
                    ProtectionEntry::Order(o) => (
                        o.issued_on,
                        ContactKind::ProtectionOrder,
                        o.recording_agency,
                    ),
                    ProtectionEntry::Breach(b) => {
                        (b.breached_on, ContactKind::OrderBreach, b.recording_agency)
                    }
                };
                contacts.push(Contact {
                    on,
                    kind,
                    agency: names.of(self, agency).await?,
                });
            }
        }
        Ok(contacts)
    }

    async fn justice_after(
        &self,
        case_id: CaseId,
        died_on: NaiveDate,
        names: &mut AgencyNames,
    ) -> AppResult<Vec<ResponseStep>> {
        let mut steps = Vec::new();
        for step in self.store.list_justice_events(case_id).await? {
            if step.occurred_on > died_on {
                steps.push(ResponseStep {
                    on: step.occurred_on,
                    kind: step.kind,
                    agency_name: names.of(self, step.recording_agency).await?,
                });
            }
        }
        Ok(steps)
    }

    /// Audits a refusal by this part's own rules, like the access
    /// decision's.
    async fn refuse_death(
        &self,
        actor: &Actor,
        case_id: CaseId,
        operation: &str,
        refusal: Refusal,
    ) -> AppResult<AppError> {
        let event = self.event(
            Some(actor),
            AuditAction::AccessDenied,
            Some(("case", case_id.to_string())),
            AuditOutcome::Denied,
            serde_json::json!({ "reason": refusal.code(), "operation": operation }),
        );
        self.store.append_audit(&event).await?;
        Ok(AppError::CaseRefused(refusal))
    }
}

/// Agency names looked up once each.
#[derive(Default)]
struct AgencyNames(BTreeMap<AgencyId, String>);

impl AgencyNames {
    async fn of(&mut self, app: &App, agency: AgencyId) -> AppResult<String> {
        if let Some(name) = self.0.get(&agency) {
            return Ok(name.clone());
        }
        let name = app
            .store
            .get_agency(agency)
            .await?
            .map(|a| a.name)
            .unwrap_or_default();
        self.0.insert(agency, name.clone());
        Ok(name)
    }
}
