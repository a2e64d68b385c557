//! The justice chain of a case (issue 16): police, prosecution, courts and
//! probation record the steps they know; everyone else reads them through
//! the case access decision under the data category `justice`. A step is
//! allowed by the decision (`Contribute`: the owning agency, or an agency
//! whose consent or lawful share covers justice), then by the step's own
//! rule (the agency's sector records this kind), then by the chain's order;
//! it is stored with its audit event in one transaction. The crime
//! reference and bail conditions are encrypted with the recording agency's
//! key.

use crate::app::App;
use crate::error::{AppError, AppResult};
use crate::field_crypto::Field;
use concord_domain::access::Actor;
use concord_domain::agency::Sector;
use concord_domain::audit::{AuditAction, AuditOutcome};
use concord_domain::case_access::{AccessBasis, CaseOperation, Refusal};
use concord_domain::consent::{DataCategory, Purpose};
use concord_domain::ids::{AgencyId, CaseId, JusticeEventId};
use concord_domain::justice::{
    ChainStep, JusticeEventForm, JusticeEventKind, OffenceList, check_order, may_record,
};
use concord_store::{CaseRow, JusticeEventRow};
use std::collections::BTreeMap;

/// One step as a reader allowed to see justice data sees it.
#[derive(Debug, Clone)]
pub struct JusticeStepView {
    pub row: JusticeEventRow,
    /// The crime reference or the bail conditions, decrypted.
    pub detail: Option<String>,
    /// For a recorded crime: the offence category's name and ICCS code.
    pub offence: Option<(String, String)>,
    pub recording_agency_name: String,
}

/// The justice part of a case, as one reader may see it.
pub struct JusticeFile {
    pub case: CaseRow,
    pub survivor_reference: String,
    pub basis: AccessBasis,
    /// In the order they happened.
    pub steps: Vec<JusticeStepView>,
    /// The kinds of step the reader's agency may record on this case (empty
    /// when it may record none).
    pub may_record: Vec<JusticeEventKind>,
    /// Her protection orders with their breaches, oldest first.
    pub orders: Vec<crate::protection::OrderView>,
    /// The reader's agency may record orders and breaches on this case.
    pub may_record_orders: bool,
}

fn field<'a>(id: &'a str) -> Field<'a> {
    Field::new("justice_events", "detail", id)
}

fn chain_of(rows: &[JusticeEventRow]) -> Vec<ChainStep> {
    rows.iter()
        .map(|r| ChainStep {
            kind: r.kind,
            outcome: r.outcome.clone(),
            occurred_on: r.occurred_on,
        })
        .collect()
}

impl App {
    /// Records one step of the case's chain. `purpose` is needed when the
    /// actor's agency records under the survivor's consent.
    pub async fn record_justice_event(
        &self,
        actor: &Actor,
        case_id: CaseId,
        form: &JusticeEventForm,
        purpose: Option<Purpose>,
    ) -> AppResult<JusticeStepView> {
        let grants = self.case_grants(actor, case_id).await?;
        let operation = CaseOperation::Contribute(DataCategory::Justice);
        self.authorise_case(actor, &grants, operation, purpose)
            .await?;
        let step = form.validate(&self.config.justice_offences, self.today())?;
        let sector = self.sector_of(actor.agency_id).await?;
        if !may_record(sector, step.kind) {
            return Err(self
                .refuse_justice(actor, case_id, step.kind, Refusal::SectorDoesNotRecord)
                .await?);
        }
        let chain = self.store.list_justice_events(case_id).await?;
        check_order(&chain_of(&chain), &step).map_err(|problem| AppError::OutOfOrder {
            field: "kind",
            message: problem.message(),
            text: problem.to_string(),
        })?;
        let id = JusticeEventId::new();
        let row_id = id.to_string();
        let row = JusticeEventRow {
            id,
            case_id,
            kind: step.kind,
            occurred_on: step.occurred_on,
            outcome: step.outcome,
            reason: step.reason,
            detail: self
                .seal_optional(actor.agency_id, field(&row_id), step.detail.as_deref())
                .await?,
            recording_agency: actor.agency_id,
            recorded_by: actor.user_id,
            recorded_at: self.clock.now(),
        };
        let event = self.event(
            Some(actor),
            AuditAction::JusticeEventRecorded,
            Some(("case", case_id.to_string())),
            AuditOutcome::Success,
            serde_json::json!({
                "justice_event_id": id,
                "kind": row.kind.as_str(),
                "purpose": purpose.map(|p| p.as_str()),
            }),
        );
        self.store
            .create_justice_event(&row, chain.len(), &event)
            .await?;
        let agency_name = self.agency_name(actor.agency_id).await?;
        Ok(self.step_view(row, step.detail, agency_name))
    }

    /// The deployment's offence categories.
    pub fn justice_offences(&self) -> &OffenceList {
        &self.config.justice_offences
    }

    pub(crate) async fn agency_name(&self, agency: AgencyId) -> AppResult<String> {
        Ok(self
            .store
            .get_agency(agency)
            .await?
            .ok_or(AppError::NotFound)?
            .name)
    }

    fn step_view(
        &self,
        row: JusticeEventRow,
        detail: Option<String>,
        recording_agency_name: String,
    ) -> JusticeStepView {
        let offence = match (row.kind, row.outcome.as_deref()) {
            (JusticeEventKind::CrimeRecorded, Some(key)) => Some(
                self.config
                    .justice_offences
                    .get(key)
                    .map(|o| (o.name.clone(), o.iccs.clone()))
                    // A category since removed from the list: its key.
                    .unwrap_or_else(|| (key.to_string(), String::new())),
            ),
            _ => None,
        };
        JusticeStepView {
            row,
            detail,
            offence,
            recording_agency_name,
        }
    }

    /// The justice part of a case: asks the access decision for reading
    /// justice (purpose required for another agency's case under consent)
    /// and audits the reading.
    pub async fn read_justice(
        &self,
        actor: &Actor,
        case_id: CaseId,
        purpose: Option<Purpose>,
    ) -> AppResult<JusticeFile> {
        let grants = self.case_grants(actor, case_id).await?;
        let basis = self
            .authorise_case(
                actor,
                &grants,
                CaseOperation::Read(DataCategory::Justice),
                purpose,
            )
            .await?;
        let event = self.event(
            Some(actor),
            AuditAction::CaseViewed,
            Some(("case", case_id.to_string())),
            AuditOutcome::Success,
            serde_json::json!({
                "basis": basis.as_str(),
                "categories": ["justice"],
                "purpose": purpose.map(|p| p.as_str()),
            }),
        );
        self.store.append_audit(&event).await?;
        let contributes = grants
            .decide(
                actor,
                CaseOperation::Contribute(DataCategory::Justice),
                purpose,
                self.clock.now(),
            )
            .is_ok();
        let may_record_orders = contributes && self.records_orders(actor.agency_id).await?;
        let may_record = if contributes {
            let sector = self.sector_of(actor.agency_id).await?;
            JusticeEventKind::ALL
                .into_iter()
                .filter(|k| may_record(sector, *k))
                .collect()
        } else {
            Vec::new()
        };
        let case = grants.case;
        let survivor_reference = self
            .store
            .get_survivor(case.survivor_id)
            .await?
            .ok_or(AppError::NotFound)?
            .reference;
        let steps = self.justice_views(case_id).await?;
        let orders = self.protection_views(case_id).await?;
        Ok(JusticeFile {
            case,
            survivor_reference,
            basis,
            steps,
            may_record,
            orders,
            may_record_orders,
        })
    }

    pub(crate) async fn justice_views(&self, case_id: CaseId) -> AppResult<Vec<JusticeStepView>> {
        let mut names: BTreeMap<AgencyId, String> = BTreeMap::new();
        let mut views = Vec::new();
        for row in self.store.list_justice_events(case_id).await? {
            let name = match names.get(&row.recording_agency) {
                Some(name) => name.clone(),
                None => {
                    let name = self.agency_name(row.recording_agency).await?;
                    names.insert(row.recording_agency, name.clone());
                    name
                }
            };
            let row_id = row.id.to_string();
            let detail = self
                .open_optional(field(&row_id), row.detail.as_deref())
                .await?;
            views.push(self.step_view(row, detail, name));
        }
        Ok(views)
    }

    pub(crate) async fn sector_of(&self, agency: AgencyId) -> AppResult<Sector> {
        Ok(self
            .store
            .get_agency(agency)
            .await?
            .ok_or(AppError::NotFound)?
            .sector)
    }

    /// Audits a refusal by the step's own rule, like the access decision's.
    async fn refuse_justice(
        &self,
        actor: &Actor,
        case_id: CaseId,
        kind: JusticeEventKind,
        refusal: Refusal,
    ) -> AppResult<AppError> {
        let event = self.event(
            Some(actor),
            AuditAction::AccessDenied,
            Some(("case", case_id.to_string())),
            AuditOutcome::Denied,
            serde_json::json!({
                "reason": refusal.code(),
                "operation": "contribute:justice",
                "kind": kind.as_str(),
            }),
        );
        self.store.append_audit(&event).await?;
        Ok(AppError::CaseRefused(refusal))
    }
}
