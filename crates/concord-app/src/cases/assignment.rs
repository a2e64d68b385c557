//! Moving a case to another case worker of the owning agency: a
//! supervisor's decision, audited with the case and the new assignee's id.
//! The rule for who may carry a case is `concord_domain::case::assignment`.

use crate::app::App;
use crate::error::AppResult;
use concord_domain::access::Actor;
use concord_domain::audit::{AuditAction, AuditOutcome};
use concord_domain::case::{AssignmentForm, Candidate, check_assignee};
use concord_domain::consent::DataCategory;
use concord_domain::ids::{AgencyId, CaseId, UserId};
use concord_domain::role::Permission;
use concord_store::{CaseRow, PageRequest};

/// Someone a case is, or may be, assigned to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignee {
    pub id: UserId,
    pub display_name: String,
}

/// Who carries a case now and to whom a supervisor may move it.
#[derive(Debug, Clone)]
pub struct CaseAssignment {
    pub caseworker: Option<Assignee>,
    /// The agency's active case workers, by user name, without the one who
    /// carries it now.
    pub choices: Vec<Assignee>,
}

impl App {
    /// Who carries the case and who else could, for the reassignment form
    /// (supervisors of the owning agency; a refusal is audited).
    pub async fn case_assignment(
        &self,
        actor: &Actor,
        case_id: CaseId,
    ) -> AppResult<CaseAssignment> {
        let case = self.case_for_reassignment(actor, case_id).await?;
        let caseworker = match case.assigned_caseworker {
            Some(id) => Some(Assignee {
                id,
                display_name: self
                    .store
                    .get_user(id)
                    .await?
                    .map(|u| u.display_name)
                    .unwrap_or_default(),
            }),
            None => None,
        };
        let choices = self
            .case_workers_of(case.owning_agency)
            .await?
            .into_iter()
            .filter(|a| Some(a.id) != case.assigned_caseworker)
            .collect();
        Ok(CaseAssignment {
            caseworker,
            choices,
        })
    }

    /// Moves the case to another active case worker of the owning agency;
    /// returns who carries it now. Anything else is refused naming the
    /// `caseworker` field.
    pub async fn assign_case(
        &self,
        actor: &Actor,
        case_id: CaseId,
        form: &AssignmentForm,
    ) -> AppResult<UserId> {
        let mut case = self.case_for_reassignment(actor, case_id).await?;
        let to = form.validate()?;
        let user = self.store.get_user(to).await?;
        let candidate = user.as_ref().map(|u| Candidate {
            agency: u.agency_id,
            active: u.active,
            roles: &u.roles,
        });
        check_assignee(case.owning_agency, case.assigned_caseworker, to, candidate)?;
        let previous = case.assigned_caseworker;
        let expected = case.status;
        case.assigned_caseworker = Some(to);
        case.updated_at = self.clock.now();
        // Ids only: the audit log never names a person.
        let event = self.event(
            Some(actor),
            AuditAction::CaseReassigned,
            Some(("case", case.id.to_string())),
            AuditOutcome::Success,
            serde_json::json!({ "assigned_to": to, "previously_assigned_to": previous }),
        );
        // A step taken on the case at the same moment: `Conflict`, reload.
        self.store.update_case(&case, expected, &event).await?;
        Ok(to)
    }

    /// A supervisor changing a case of their own agency (the case access
    /// decision: only the owning agency changes a case); a refusal is
    /// audited, naming the case.
    async fn case_for_reassignment(&self, actor: &Actor, case_id: CaseId) -> AppResult<CaseRow> {
        if let Err(denied) = actor.require(Permission::SuperviseCases) {
            return self
                .refuse(actor, denied, Some(("case", case_id.to_string())))
                .await;
        }
        self.case_for_change(actor, case_id, DataCategory::CaseNotes)
            .await
    }

    /// The agency's accounts a case may be assigned to, by user name.
    async fn case_workers_of(&self, agency: AgencyId) -> AppResult<Vec<Assignee>> {
        let mut people = Vec::new();
        let mut page = PageRequest::first(PageRequest::MAX_LIMIT);
        loop {
            let batch = self.store.list_users(Some(agency), &page).await?;
            people.extend(
                batch
                    .items
                    .into_iter()
                    .filter(|u| {
                        Candidate {
                            agency: u.agency_id,
                            active: u.active,
                            roles: &u.roles,
                        }
                        .may_carry_cases_of(agency)
                    })
                    .map(|u| Assignee {
                        id: u.id,
                        display_name: u.display_name,
                    }),
            );
            match batch.next {
                Some(next) => page.after = Some(next),
                None => break,
            }
        }
        Ok(people)
    }
}
