//! Reading a case: the caseload lists and the case file, which holds only
//! the categories the reader may see, and whose every reading is audited
//! with its basis.

use super::notes::NoteView;
use super::plans::{GoalView, SafetyPlanView, TaskView};
use super::records::{IncidentView, SharingView};
use super::survivors::SurvivorView;
use crate::app::App;
use crate::error::{AppError, AppResult};
use concord_domain::access::Actor;
use concord_domain::audit::{AuditAction, AuditOutcome};
use concord_domain::case_access::{AccessBasis, CaseOperation};
use concord_domain::consent::{DataCategory, Purpose};
use concord_domain::ids::{CaseId, IncidentId};
use concord_domain::incident::{ClinicalWindow, clinical_windows};
use concord_domain::role::Permission;
use concord_store::{
    BreakGlassRow, CaseListFilter, CaseListItem, CaseRow, ConsentRow, Page, PageRequest,
};

/// Which caseload to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Caseload {
    /// Cases assigned to me.
    Mine,
    /// Every case my agency owns.
    MyAgency,
    /// Cases other agencies share with mine (consent or lawful basis).
    SharedWithMyAgency,
}

/// A case as one reader may see it.
pub struct CaseFile {
    pub case: CaseRow,
    pub survivor_reference: String,
    /// The strongest basis of this reading.
    pub basis: AccessBasis,
    pub categories: Vec<DataCategory>,
    /// Only the owning agency changes a case.
    pub may_change: bool,
    pub survivor: Option<SurvivorView>,
    pub incidents: Option<Vec<IncidentView>>,
    /// Every window her incidents opened: open ones first (soonest to
    /// close first), then the missed ones.
    pub clinical_windows: Vec<IncidentWindow>,
    pub notes: Option<Vec<NoteView>>,
    /// Action plan goals, safety plan and tasks go with the case notes.
    pub goals: Option<Vec<GoalView>>,
    pub safety_plan: Option<Vec<SafetyPlanView>>,
    pub tasks: Option<Vec<TaskView>>,
    /// The owning agency sees the consents and shares it recorded.
    pub consents: Vec<ConsentRow>,
    pub sharings: Vec<SharingView>,
    /// Whose caseload the case is in (owning agency only): the display
    /// name of the assigned case worker.
    pub assigned_caseworker_name: Option<String>,
    /// This reader's break-glass opening, if that is the basis.
    pub break_glass: Option<BreakGlassRow>,
    /// The supervisor's comment on the latest approval decision (owning
    /// agency only).
    pub approval_comment: Option<String>,
    /// The justice chain's steps, for the case page's summary (with the
    /// `justice` category).
    pub justice: Option<Vec<crate::justice::JusticeStepView>>,
}

/// A clinical window of one incident, open or missed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IncidentWindow {
    pub incident_id: IncidentId,
    pub window: ClinicalWindow,
}

impl App {
    pub async fn caseload(
        &self,
        actor: &Actor,
        which: Caseload,
        page: &PageRequest,
    ) -> AppResult<Page<CaseListItem>> {
        self.require(actor, Permission::WorkCases).await?;
        let filter = CaseListFilter {
            for_agency: actor.agency_id,
            shared: which == Caseload::SharedWithMyAgency,
            assigned_to: (which == Caseload::Mine).then_some(actor.user_id),
            status: None,
            now: self.clock.now(),
        };
        Ok(self.store.list_cases(&filter, page).await?)
    }

    /// The case file for `purpose` (required when the case is another
    /// agency's). Refused (and audited) when no category may be read.
    pub async fn read_case(
        &self,
        actor: &Actor,
        case_id: CaseId,
        purpose: Option<Purpose>,
    ) -> AppResult<CaseFile> {
        let grants = self.case_grants(actor, case_id).await?;
        let now = self.clock.now();
        let mut allowed = Vec::new();
        let mut first_refusal = None;
        for category in DataCategory::ALL {
            match grants.decide(actor, CaseOperation::Read(category), purpose, now) {
                Ok(basis) => allowed.push((category, basis)),
                Err(refusal) => {
                    first_refusal.get_or_insert(refusal);
                }
            }
        }
        let Some(basis) = allowed
            .iter()
            .map(|(_, b)| *b)
            .min_by_key(|b| basis_rank(*b))
        else {
            // Ask once more through the audited path, so the refusal is
            // recorded with its reason.
            self.authorise_case(
                actor,
                &grants,
                CaseOperation::Read(DataCategory::IdentityAndContact),
                purpose,
            )
            .await?;
            return Err(AppError::CaseRefused(first_refusal.expect("a refusal")));
        };
        let categories: Vec<DataCategory> = allowed.iter().map(|(c, _)| *c).collect();
        let case = grants.case.clone();
        let event = self.event(
            Some(actor),
            AuditAction::CaseViewed,
            Some(("case", case.id.to_string())),
            AuditOutcome::Success,
            serde_json::json!({
                "basis": basis.as_str(),
                "categories": categories.iter().map(|c| c.as_str()).collect::<Vec<_>>(),
                "purpose": purpose.map(|p| p.as_str()),
            }),
        );
        self.store.append_audit(&event).await?;
        let survivor_row = self
            .store
            .get_survivor(case.survivor_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let survivor_reference = survivor_row.reference.clone();
        let sees = |c: DataCategory| categories.contains(&c);
        let survivor = match sees(DataCategory::IdentityAndContact) {
            true => Some(self.survivor_view(survivor_row).await?),
            false => None,
        };
        let incidents = match sees(DataCategory::Incident) {
            true => Some(self.incident_views(case.id).await?),
            false => None,
        };
        // Closed windows stay: the page and the API say they were missed.
        let tz = self.time_zone();
        let mut clinical_windows: Vec<IncidentWindow> = incidents
            .iter()
            .flatten()
            .flat_map(|i| {
                clinical_windows(i.row.gbv_type, i.occurred_at(tz), now)
                    .into_iter()
                    .map(|window| IncidentWindow {
                        incident_id: i.row.id,
                        window,
                    })
            })
            .collect();
        clinical_windows.sort_by_key(|w| (w.window.is_missed(), w.window.ends_at));
        let notes = match sees(DataCategory::CaseNotes) {
            true => Some(self.note_views(case.id).await?),
            false => None,
        };
        let (goals, safety_plan, tasks) = match sees(DataCategory::CaseNotes) {
            true => {
                let (goals, plan, tasks) = self.plan_views(case.id).await?;
                (Some(goals), Some(plan), Some(tasks))
            }
            false => (None, None, None),
        };
        let may_change = basis == AccessBasis::OwningAgency;
        let (consents, sharings) = match may_change {
            true => (
                self.store.list_consents(case.id).await?,
                self.sharing_views(actor, case.id).await?,
            ),
            false => (Vec::new(), Vec::new()),
        };
        let assigned_caseworker_name = match (may_change, case.assigned_caseworker) {
            (true, Some(user)) => self.store.get_user(user).await?.map(|u| u.display_name),
            _ => None,
        };
        let approval_comment = match (may_change, &case.approval_comment) {
            (true, Some(sealed)) => Some(
                self.open_field(
                    super::workflow::approval_comment_field(&case.id.to_string()),
                    sealed,
                )
                .await?
                .to_string(),
            ),
            _ => None,
        };
        let justice = match sees(DataCategory::Justice) {
            true => Some(self.justice_views(case.id).await?),
            false => None,
        };
        Ok(CaseFile {
            justice,
            approval_comment,
            break_glass: matches!(basis, AccessBasis::BreakGlass(_))
                .then(|| grants.break_glass.clone())
                .flatten(),
            case,
            survivor_reference,
            basis,
            categories,
            may_change,
            survivor,
            incidents,
            clinical_windows,
            notes,
            goals,
            safety_plan,
            tasks,
            consents,
            sharings,
            assigned_caseworker_name,
        })
    }
}

/// Lower is stronger (the order the decision prefers).
fn basis_rank(basis: AccessBasis) -> u8 {
    match basis {
        AccessBasis::OwningAgency => 0,
        AccessBasis::Consent(_) => 1,
        AccessBasis::LawfulBasis(_) => 2,
        AccessBasis::BreakGlass(_) => 3,
    }
}
