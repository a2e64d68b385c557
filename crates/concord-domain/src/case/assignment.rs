//! Who carries a case. Registering a survivor assigns her case to whoever
//! registered her; afterwards a supervisor of the owning agency may move it
//! to another of the agency's case workers (someone leaves, a caseload is
//! rebalanced). Who may *work* the case does not change: within the owning
//! agency every case worker may work every case, so colleagues can cover
//! absences; the assignment decides whose caseload ("my cases") it is in.
//!
//! Who may reassign is a permission (`SuperviseCases`), and that only the
//! owning agency changes a case is the case access decision's; this module
//! holds the rule for the account the case goes to.

use crate::form_fields::required_id;
use crate::ids::{AgencyId, UserId};
use crate::role::Role;
use crate::validation::Invalid;
use serde::Deserialize;

/// The form field (and API body field) naming the new case worker.
pub const CASEWORKER_FIELD: &str = "caseworker";

/// A reassignment as entered: the id of the account the case goes to.
#[derive(Debug, Clone, Default, Deserialize)]
// A missing field reads as empty, so it is reported by name like any other.
#[serde(default)]
pub struct AssignmentForm {
    pub caseworker: String,
}

impl AssignmentForm {
    /// The account named, or the field's problem.
    pub fn validate(&self) -> Result<UserId, Invalid> {
        let mut invalid = Invalid::default();
        match required_id(&mut invalid, CASEWORKER_FIELD, &self.caseworker, "a person") {
            Some(id) => Ok(id),
            None => Err(invalid),
        }
    }
}

/// What the rule needs to know about an account a case may go to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candidate<'a> {
    pub agency: AgencyId,
    pub active: bool,
    pub roles: &'a [Role],
}

impl Candidate<'_> {
    /// An active account of `owning_agency` holding a role that works with
    /// cases (a caseworker, a supervisor or a risk-conference
    /// coordinator): the people whose caseload a case of that agency can
    /// be in.
    pub fn may_carry_cases_of(&self, owning_agency: AgencyId) -> bool {
        self.active
            && self.agency == owning_agency
            && self.roles.iter().any(|r| r.works_with_cases())
    }
}

/// Checks the account a case of `owning_agency`, now assigned to `current`,
/// would go to. `candidate` is `None` when no account has that id; the
/// answer is the same as for an account of another agency, so the form
/// never tells whether an id exists elsewhere.
pub fn check_assignee(
    owning_agency: AgencyId,
    current: Option<UserId>,
    to: UserId,
    candidate: Option<Candidate<'_>>,
) -> Result<(), Invalid> {
    if !candidate.is_some_and(|c| c.may_carry_cases_of(owning_agency)) {
        return Err(Invalid::one(
            CASEWORKER_FIELD,
            "must be an active case worker of the agency that owns the case",
        ));
    }
    if current == Some(to) {
        return Err(Invalid::one(
            CASEWORKER_FIELD,
            "already carries this case; choose someone else",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn candidate(agency: AgencyId, active: bool, roles: &[Role]) -> Candidate<'_> {
        Candidate {
            agency,
            active,
            roles,
        }
    }

    #[test]
    fn the_form_names_its_field() {
        for text in ["", "  ", "not-an-id"] {
            let form = AssignmentForm {
                caseworker: text.to_string(),
            };
            let invalid = form.validate().expect_err(text);
            assert!(invalid.problem_for(CASEWORKER_FIELD).is_some(), "{text:?}");
        }
        let id = UserId::new();
        let form = AssignmentForm {
            caseworker: format!(" {id} "),
        };
        assert_eq!(form.validate(), Ok(id));
    }

    #[test]
    fn active_case_workers_of_the_owning_agency_only() {
        let owner = AgencyId::new();
        let other = AgencyId::new();
        let to = UserId::new();
        for role in Role::ALL {
            let roles = [role];
            assert_eq!(
                check_assignee(owner, None, to, Some(candidate(owner, true, &roles))).is_ok(),
                role.works_with_cases(),
                "{role}"
            );
            let elsewhere = check_assignee(owner, None, to, Some(candidate(other, true, &roles)));
            assert!(elsewhere.is_err(), "{role} of another agency");
            let disabled = check_assignee(owner, None, to, Some(candidate(owner, false, &roles)));
            assert!(disabled.is_err(), "disabled {role}");
        }
        let unknown = check_assignee(owner, None, to, None).unwrap_err();
        let foreign = check_assignee(
            owner,
            None,
            to,
            Some(candidate(other, true, &[Role::Caseworker])),
        )
        .unwrap_err();
        assert_eq!(unknown, foreign, "an unknown id reads as one elsewhere");
        assert!(unknown.problem_for(CASEWORKER_FIELD).is_some());
    }

    #[test]
    fn not_to_whoever_already_carries_it() {
        let owner = AgencyId::new();
        let current = UserId::new();
        let roles = [Role::Caseworker];
        let same = check_assignee(
            owner,
            Some(current),
            current,
            Some(candidate(owner, true, &roles)),
        );
        assert!(same.unwrap_err().problem_for(CASEWORKER_FIELD).is_some());
        assert_eq!(
            check_assignee(
                owner,
                Some(current),
                UserId::new(),
                Some(candidate(owner, true, &roles))
            ),
            Ok(())
        );
    }
}
