//! Roles people hold and what each role permits. This map is the single
//! source of truth for "may this role do that"; routes never test roles
//! directly.

use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Manages areas, agencies and every account; never sees case data.
    SystemAdministrator,
    /// Manages the accounts of their own agency only.
    AgencyAdministrator,
    Caseworker,
    Supervisor,
    RiskConferenceCoordinator,
    CoordinationSecretariat,
    /// Monitoring and evaluation: aggregate statistics only.
    Analyst,
}

impl Role {
    pub const ALL: [Role; 7] = [
        Role::SystemAdministrator,
        Role::AgencyAdministrator,
        Role::Caseworker,
        Role::Supervisor,
        Role::RiskConferenceCoordinator,
        Role::CoordinationSecretariat,
        Role::Analyst,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::SystemAdministrator => "system_administrator",
            Role::AgencyAdministrator => "agency_administrator",
            Role::Caseworker => "caseworker",
            Role::Supervisor => "supervisor",
            Role::RiskConferenceCoordinator => "risk_conference_coordinator",
            Role::CoordinationSecretariat => "coordination_secretariat",
            Role::Analyst => "analyst",
        }
    }

    /// What this role permits. Exhaustive on purpose: adding a role forces a
    /// decision here.
    pub fn permissions(self) -> &'static [Permission] {
        use Permission::*;
        match self {
            Role::SystemAdministrator => &[
                ManageAreas,
                ManageAgencies,
                ManageAllUsers,
                ViewDirectory,
                ViewAllAudit,
                ManageRiskInstruments,
                RegisterCoordinationBodies,
                ManageServiceDirectory,
            ],
            Role::AgencyAdministrator => &[
                ManageOwnAgencyUsers,
                ViewDirectory,
                ViewOwnAgencyAudit,
                AnswerCoordinationAssessments,
                // Only the agency's own entries: directory::ownership.
                ManageServiceDirectory,
                SignOffStatistics,
            ],
            Role::Caseworker => &[ViewDirectory, WorkCases, AnswerCoordinationAssessments],
            Role::Supervisor => &[
                ViewDirectory,
                WorkCases,
                SuperviseCases,
                ViewOwnAgencyAudit,
                AnswerCoordinationAssessments,
            ],
            Role::RiskConferenceCoordinator => &[
                ViewDirectory,
                WorkCases,
                CoordinateRiskConferences,
                AnswerCoordinationAssessments,
            ],
            Role::CoordinationSecretariat => &[
                ViewDirectory,
                ManageCoordinationBodies,
                ManageServiceDirectory,
                AnswerCoordinationAssessments,
            ],
            Role::Analyst => &[ViewDirectory, ViewAggregates],
        }
    }
}

impl Role {
    /// Roles that work with survivors' case data. Only the agency's own
    /// administrator may give them or reset the sign-in of someone who
    /// holds them, so no one outside the agency can step into a case
    /// worker's account.
    pub fn works_with_cases(self) -> bool {
        self.permissions().iter().any(|p| {
            matches!(
                p,
                Permission::WorkCases
                    | Permission::SuperviseCases
                    | Permission::CoordinateRiskConferences
            )
        })
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown role `{0}`")]
pub struct UnknownRole(pub String);

impl FromStr for Role {
    type Err = UnknownRole;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| UnknownRole(s.to_string()))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Permission {
    ManageAreas,
    ManageAgencies,
    ManageAllUsers,
    ManageOwnAgencyUsers,
    /// Read areas, agencies and coordination bodies (no personal data).
    ViewDirectory,
    ViewAllAudit,
    ViewOwnAgencyAudit,
    /// Work with survivors' case data (subject to the case access decision).
    WorkCases,
    SuperviseCases,
    CoordinateRiskConferences,
    ManageCoordinationBodies,
    ViewAggregates,
    /// Load versions of risk instruments (their items, weights and bands).
    ManageRiskInstruments,
    /// Register coordination bodies and name their secretariat agency.
    RegisterCoordinationBodies,
    /// Answer a body's self-assessment for one's own member agency.
    AnswerCoordinationAssessments,
    /// Keep the service directory (organizations, services, locations,
    /// local terms, HSDS import); no personal data. Which entries is
    /// decided by `directory::ownership`: system administrators all,
    /// agency administrators their agency's, secretariats the outside
    /// providers of their bodies' areas.
    ManageServiceDirectory,
    /// Sign off (or refuse) a statistics release that the agency's records
    /// feed, as the agency's designated person (information sharing
    /// protocol: external release needs every contributor's agreement).
    SignOffStatistics,
}

impl Permission {
    /// Permissions that change something; a read-only API token drops them.
    pub fn changes_data(self) -> bool {
        !matches!(
            self,
            Permission::ViewDirectory
                | Permission::ViewAllAudit
                | Permission::ViewOwnAgencyAudit
                | Permission::ViewAggregates
        )
    }
}

/// The union of the permissions of a set of roles.
pub fn permissions_of(roles: &[Role]) -> BTreeSet<Permission> {
    roles
        .iter()
        .flat_map(|r| r.permissions().iter().copied())
        .collect()
}

/// A second factor is required for every role that can see case data, and
/// for every role that manages accounts (an account manager could otherwise
/// reset their way into a case worker's account).
pub fn requires_second_factor(roles: &[Role]) -> bool {
    permissions_of(roles).iter().any(|p| {
        matches!(
            p,
            Permission::WorkCases
                | Permission::SuperviseCases
                | Permission::CoordinateRiskConferences
                | Permission::ManageAllUsers
                | Permission::ManageOwnAgencyUsers
                | Permission::ManageAgencies
        )
    })
}

/// The grant graph: every permission and every account change placed as
/// edges, and an exhaustive search over small worlds for a way into an
/// agency's cases that its own administrators took no step in.
#[cfg(test)]
mod grant_graph;

#[cfg(test)]
mod tests {
    use super::*;
    use Permission::*;

    #[test]
    fn role_names_round_trip() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>(), Ok(role));
        }
        assert!("root".parse::<Role>().is_err());
    }

    #[test]
    fn system_administrators_never_work_cases() {
        let p = permissions_of(&[Role::SystemAdministrator]);
        assert!(p.contains(&ManageAgencies) && p.contains(&ManageAreas));
        assert!(!p.contains(&WorkCases));
        assert!(!p.contains(&SuperviseCases));
        assert!(!p.contains(&ViewAggregates));
    }

    #[test]
    fn analysts_change_nothing() {
        let p = permissions_of(&[Role::Analyst]);
        assert!(p.iter().all(|perm| !perm.changes_data()), "{p:?}");
    }

    #[test]
    fn only_case_roles_work_cases() {
        for role in Role::ALL {
            let works = role.permissions().contains(&WorkCases);
            let expected = matches!(
                role,
                Role::Caseworker | Role::Supervisor | Role::RiskConferenceCoordinator
            );
            assert_eq!(works, expected, "{role}");
        }
    }

    #[test]
    fn governance_roles() {
        for role in Role::ALL {
            let p = role.permissions();
            assert_eq!(
                p.contains(&ManageCoordinationBodies),
                role == Role::CoordinationSecretariat,
                "{role}"
            );
            assert_eq!(
                p.contains(&RegisterCoordinationBodies),
                role == Role::SystemAdministrator,
                "{role}"
            );
            assert_eq!(
                p.contains(&AnswerCoordinationAssessments),
                !matches!(role, Role::SystemAdministrator | Role::Analyst),
                "{role}"
            );
        }
    }

    #[test]
    fn only_agency_administrators_sign_off_statistics_by_default() {
        for role in Role::ALL {
            assert_eq!(
                role.permissions().contains(&SignOffStatistics),
                role == Role::AgencyAdministrator,
                "{role}"
            );
        }
    }

    #[test]
    fn agency_administrators_manage_only_their_agency() {
        let p = permissions_of(&[Role::AgencyAdministrator]);
        assert!(p.contains(&ManageOwnAgencyUsers));
        assert!(!p.contains(&ManageAllUsers));
        assert!(!p.contains(&ManageAgencies));
    }

    #[test]
    fn the_directory_is_kept_by_administrators_and_the_secretariat() {
        for role in Role::ALL {
            let keeps = role.permissions().contains(&ManageServiceDirectory);
            // Which entries each keeps is directory::ownership's decision.
            let expected = matches!(
                role,
                Role::SystemAdministrator
                    | Role::AgencyAdministrator
                    | Role::CoordinationSecretariat
            );
            assert_eq!(keeps, expected, "{role}");
        }
    }

    #[test]
    fn case_roles_are_exactly_those_that_work_cases() {
        for role in Role::ALL {
            assert_eq!(
                role.works_with_cases(),
                role.permissions().contains(&WorkCases),
                "{role}"
            );
        }
    }

    #[test]
    fn second_factor_for_case_and_account_roles() {
        for role in Role::ALL {
            let expected = !matches!(role, Role::Analyst | Role::CoordinationSecretariat);
            assert_eq!(requires_second_factor(&[role]), expected, "{role}");
        }
        assert!(requires_second_factor(&[Role::Analyst, Role::Caseworker]));
        assert!(!requires_second_factor(&[]));
    }
}
