//! Who sees which statistics (issue 13 §2). Exact figures never leave the
//! agency that holds the records: its supervisors and administrators see
//! their own agency exactly. Every figure combining agencies — and every
//! figure shown to an analyst, a secretariat or a coordinator — is
//! suppressed. Caseworkers and system administrators see none.

use super::publication::Visibility;
use crate::access::{Actor, Denied};
use crate::label::label_enum;
use crate::role::Permission;
use crate::small_cells::SmallCellPolicy;

label_enum! {
    /// Whose records the figures count.
    pub enum StatisticsScope ("scope") {
        /// Every agency's records, combined: always suppressed.
        AllAgencies => "all",
        /// The reader's own agency's records: exact.
        OwnAgency => "own",
    }
}

/// How the actor may see statistics of `scope`: exact, suppressed under
/// `policy`, or not at all.
pub fn statistics_visibility(
    actor: &Actor,
    scope: StatisticsScope,
    policy: SmallCellPolicy,
) -> Result<Visibility, Denied> {
    let own_agency =
        actor.has(Permission::SuperviseCases) || actor.has(Permission::ManageOwnAgencyUsers);
    match scope {
        StatisticsScope::OwnAgency if own_agency => Ok(Visibility::Exact),
        StatisticsScope::AllAgencies if own_agency || sees_combined(actor) => {
            Ok(Visibility::Suppressed(policy))
        }
        _ => Err(Denied::NotPermitted),
    }
}

/// Analysts (`ViewAggregates`), secretariats and conference coordinators
/// see combined, suppressed figures.
fn sees_combined(actor: &Actor) -> bool {
    actor.has(Permission::ViewAggregates)
        || actor.has(Permission::ManageCoordinationBodies)
        || actor.has(Permission::CoordinateRiskConferences)
}

/// Where in the area tree a reader may look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatisticsReach {
    /// Every area (analysts, agencies' supervisors and administrators,
    /// conference coordinators).
    Everywhere,
    /// Only the areas of the coordination bodies the reader's agency is the
    /// secretariat of, and the areas below them (secretariats).
    OwnBodiesAreas,
}

/// Where the actor may look. A secretariat sees the statistics of its
/// bodies' areas; any other reason to see statistics reaches everywhere.
pub fn statistics_reach(actor: &Actor) -> StatisticsReach {
    let everywhere = actor.has(Permission::ViewAggregates)
        || actor.has(Permission::SuperviseCases)
        || actor.has(Permission::ManageOwnAgencyUsers)
        || actor.has(Permission::CoordinateRiskConferences);
    if everywhere {
        StatisticsReach::Everywhere
    } else {
        StatisticsReach::OwnBodiesAreas
    }
}

/// The scopes the actor may choose between (empty: no statistics at all).
pub fn scopes_for(actor: &Actor) -> Vec<StatisticsScope> {
    StatisticsScope::ALL
        .into_iter()
        .filter(|s| statistics_visibility(actor, *s, SmallCellPolicy::default()).is_ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::{AgencyId, UserId};
    use crate::role::Role;

    fn actor(role: Role) -> Actor {
        Actor {
            user_id: UserId::new(),
            agency_id: AgencyId::new(),
            roles: vec![role],
            token_scope: None,
        }
    }

    #[test]
    fn who_sees_what() {
        use StatisticsScope::*;
        let policy = SmallCellPolicy::default();
        let see = |role, scope| statistics_visibility(&actor(role), scope, policy);
        let suppressed = Ok(Visibility::Suppressed(policy));
        assert_eq!(see(Role::Supervisor, OwnAgency), Ok(Visibility::Exact));
        assert_eq!(
            see(Role::AgencyAdministrator, OwnAgency),
            Ok(Visibility::Exact)
        );
        assert_eq!(see(Role::Supervisor, AllAgencies), suppressed);
        assert_eq!(see(Role::Analyst, AllAgencies), suppressed);
        assert_eq!(see(Role::CoordinationSecretariat, AllAgencies), suppressed);
        assert_eq!(
            see(Role::RiskConferenceCoordinator, AllAgencies),
            suppressed
        );
        for role in [
            Role::Analyst,
            Role::CoordinationSecretariat,
            Role::RiskConferenceCoordinator,
        ] {
            assert_eq!(see(role, OwnAgency), Err(Denied::NotPermitted), "{role}");
        }
        for role in [Role::Caseworker, Role::SystemAdministrator] {
            assert!(scopes_for(&actor(role)).is_empty(), "{role}");
        }
    }

    #[test]
    fn a_secretariat_alone_reaches_its_bodies_areas_any_other_reader_everywhere() {
        use StatisticsReach::*;
        assert_eq!(
            statistics_reach(&actor(Role::CoordinationSecretariat)),
            OwnBodiesAreas
        );
        for role in [
            Role::Analyst,
            Role::Supervisor,
            Role::AgencyAdministrator,
            Role::RiskConferenceCoordinator,
        ] {
            assert_eq!(statistics_reach(&actor(role)), Everywhere, "{role}");
        }
        let both = Actor {
            roles: vec![Role::CoordinationSecretariat, Role::Analyst],
            ..actor(Role::Analyst)
        };
        assert_eq!(statistics_reach(&both), Everywhere);
    }
}
