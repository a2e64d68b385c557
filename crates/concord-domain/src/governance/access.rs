//! Who may do what with governance records. Pure and default-deny, like
//! the rest of `access`; nothing here is ever asked about case data.

use super::vocabulary::VersionStatus;
use crate::access::{Actor, Denied};
use crate::ids::AgencyId;
use crate::role::Permission;

/// Reading bodies, members, instruments, meetings, actions and measures:
/// every role with a directory view (analysts included, read only).
pub fn may_read(actor: &Actor) -> Result<(), Denied> {
    actor.require(Permission::ViewDirectory)
}

/// Registering a body, changing its name, type, level, area, parent and
/// secretariat: system administrators.
pub fn may_register_bodies(actor: &Actor) -> Result<(), Denied> {
    actor.require(Permission::RegisterCoordinationBodies)
}

/// Editing a body's work (leadership, members, subgroups, instruments,
/// meetings, actions, self-assessment rounds): the coordination
/// secretariat role in the body's secretariat agency, and nobody else.
pub fn may_edit_body(actor: &Actor, secretariat: Option<AgencyId>) -> Result<(), Denied> {
    actor.require(Permission::ManageCoordinationBodies)?;
    match secretariat {
        Some(agency) if agency == actor.agency_id => Ok(()),
        _ => Err(Denied::OtherAgency),
    }
}

/// The document of a version: published versions to every reader; drafts
/// and versions under consultation only to the body's secretariat agency
/// and its member agencies (who are consulted on them).
pub fn may_read_document(
    actor: &Actor,
    status: VersionStatus,
    secretariat: Option<AgencyId>,
    members: &[AgencyId],
) -> Result<(), Denied> {
    may_read(actor)?;
    if !status.is_unpublished()
        || secretariat == Some(actor.agency_id)
        || members.contains(&actor.agency_id)
    {
        Ok(())
    } else {
        Err(Denied::OtherAgency)
    }
}

/// Answering a self-assessment for `agency`: its own people (with a role
/// that may answer) while it is a current member; the body's secretariat
/// may record any member's answer (collected on paper, say).
pub fn may_answer_assessment(
    actor: &Actor,
    secretariat: Option<AgencyId>,
    members: &[AgencyId],
    agency: AgencyId,
) -> Result<(), Denied> {
    if !members.contains(&agency) {
        return Err(Denied::OtherAgency);
    }
    if may_edit_body(actor, secretariat).is_ok() {
        return Ok(());
    }
    actor.require(Permission::AnswerCoordinationAssessments)?;
    if actor.agency_id == agency {
        Ok(())
    } else {
        Err(Denied::OtherAgency)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::TokenScope;
    use crate::ids::UserId;
    use crate::role::Role;

    fn actor(role: Role, agency: AgencyId) -> Actor {
        Actor {
            user_id: UserId::new(),
            agency_id: agency,
            roles: vec![role],
            token_scope: None,
        }
    }

    #[test]
    fn only_the_secretariat_agency_edits_its_bodies() {
        let ministry = AgencyId::new();
        let other = AgencyId::new();
        let secretariat = actor(Role::CoordinationSecretariat, ministry);
        assert_eq!(may_edit_body(&secretariat, Some(ministry)), Ok(()));
        assert_eq!(
            may_edit_body(&secretariat, Some(other)),
            Err(Denied::OtherAgency)
        );
        assert_eq!(may_edit_body(&secretariat, None), Err(Denied::OtherAgency));
        for role in Role::ALL {
            if role != Role::CoordinationSecretariat {
                assert!(
                    may_edit_body(&actor(role, ministry), Some(ministry)).is_err(),
                    "{role}"
                );
            }
        }
        let mut read_only = secretariat.clone();
        read_only.token_scope = Some(TokenScope::Read);
        assert_eq!(
            may_edit_body(&read_only, Some(ministry)),
            Err(Denied::TokenScope)
        );
    }

    #[test]
    fn administrators_register_and_everyone_reads() {
        let agency = AgencyId::new();
        assert!(may_register_bodies(&actor(Role::SystemAdministrator, agency)).is_ok());
        for role in Role::ALL {
            assert!(may_read(&actor(role, agency)).is_ok(), "{role}");
            if role != Role::SystemAdministrator {
                assert!(may_register_bodies(&actor(role, agency)).is_err(), "{role}");
            }
        }
    }

    #[test]
    fn drafts_stay_with_the_secretariat_and_members() {
        let secretariat = AgencyId::new();
        let member = AgencyId::new();
        let outsider = actor(Role::Analyst, AgencyId::new());
        let members = [member];
        for status in VersionStatus::ALL {
            let outcome = may_read_document(&outsider, status, Some(secretariat), &members);
            assert_eq!(outcome.is_ok(), !status.is_unpublished(), "{status}");
            assert!(
                may_read_document(
                    &actor(Role::Caseworker, member),
                    status,
                    Some(secretariat),
                    &members
                )
                .is_ok()
            );
        }
    }

    #[test]
    fn members_answer_for_their_own_agency() {
        let secretariat = AgencyId::new();
        let member = AgencyId::new();
        let outsider = AgencyId::new();
        let members = [member];
        let supervisor = actor(Role::Supervisor, member);
        assert_eq!(
            may_answer_assessment(&supervisor, Some(secretariat), &members, member),
            Ok(())
        );
        assert!(may_answer_assessment(&supervisor, Some(secretariat), &members, outsider).is_err());
        let stranger = actor(Role::Supervisor, outsider);
        assert!(may_answer_assessment(&stranger, Some(secretariat), &members, member).is_err());
        let analyst = actor(Role::Analyst, member);
        assert!(may_answer_assessment(&analyst, Some(secretariat), &members, member).is_err());
        let clerk = actor(Role::CoordinationSecretariat, secretariat);
        assert_eq!(
            may_answer_assessment(&clerk, Some(secretariat), &members, member),
            Ok(())
        );
    }
}
