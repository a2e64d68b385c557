//! Who may do what with the administrative objects of Concord (areas,
//! agencies, accounts, audit). Decisions are pure and default to deny.
//! Case data gets its own decision function when cases arrive; nothing here
//! grants any access to case data.

use crate::ids::{AgencyId, UserId};
use crate::role::{Permission, Role, permissions_of};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// What an API token may do on top of its owner's permissions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenScope {
    /// Read only: every permission that changes data is dropped.
    Read,
    /// Everything its owner may do.
    ReadWrite,
}

impl TokenScope {
    pub fn as_str(self) -> &'static str {
        match self {
            TokenScope::Read => "read",
            TokenScope::ReadWrite => "read_write",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "read" => Some(TokenScope::Read),
            "read_write" => Some(TokenScope::ReadWrite),
            _ => None,
        }
    }
}

/// The person (or their token) making a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user_id: UserId,
    pub agency_id: AgencyId,
    pub roles: Vec<Role>,
    /// Set when the request is authenticated by an API token.
    pub token_scope: Option<TokenScope>,
}

/// Why a request was refused. Shown to the person; never reveals whether
/// the object exists in another agency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Denied {
    #[error("your role does not allow this")]
    NotPermitted,
    #[error("this belongs to another agency")]
    OtherAgency,
    #[error("only a system administrator can grant that role")]
    RoleTooHigh,
    #[error("a system administrator account cannot also work with cases")]
    AdministratorWithCaseRole,
    #[error("only the agency's own administrator can do this for someone who works with cases")]
    CaseRolesStayInTheAgency,
    #[error("an API token cannot do this")]
    TokenScope,
}

/// Which audit events an actor may browse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditScope {
    All,
    Agency(AgencyId),
}

impl Actor {
    /// The permissions in force for this request: the roles' permissions,
    /// narrowed by the token's scope.
    pub fn permissions(&self) -> BTreeSet<Permission> {
        let mut permissions = permissions_of(&self.roles);
        if self.token_scope == Some(TokenScope::Read) {
            permissions.retain(|p| !p.changes_data());
        }
        permissions
    }

    pub fn has(&self, permission: Permission) -> bool {
        self.permissions().contains(&permission)
    }

    /// Held through a role, whatever the token's scope narrows: enough to
    /// read (a read-only token still reads what its roles may).
    pub fn holds(&self, permission: Permission) -> bool {
        permissions_of(&self.roles).contains(&permission)
    }

    pub fn require(&self, permission: Permission) -> Result<(), Denied> {
        if self.has(permission) {
            Ok(())
        } else if self.token_scope == Some(TokenScope::Read) && permission.changes_data() {
            Err(Denied::TokenScope)
        } else {
            Err(Denied::NotPermitted)
        }
    }

    /// May this actor see and change the accounts of `agency`?
    pub fn may_manage_users_of(&self, agency: AgencyId) -> Result<(), Denied> {
        if self.has(Permission::ManageAllUsers) {
            return Ok(());
        }
        self.require(Permission::ManageOwnAgencyUsers)?;
        if agency == self.agency_id {
            Ok(())
        } else {
            Err(Denied::OtherAgency)
        }
    }

    /// May this actor give these roles to an account of `agency` (or reset
    /// the sign-in of an account holding them)? Only a system administrator
    /// may create another; a system administrator never also works with
    /// cases; and roles that work with cases are given only by the agency's
    /// own administrator — otherwise a system administrator could create or
    /// take over a case worker's account and read case data.
    pub fn may_grant(&self, roles: &[Role], agency: AgencyId) -> Result<(), Denied> {
        let case_roles = roles.iter().any(|r| r.works_with_cases());
        if roles.contains(&Role::SystemAdministrator) {
            if !self.has(Permission::ManageAllUsers) {
                return Err(Denied::RoleTooHigh);
            }
            if case_roles {
                return Err(Denied::AdministratorWithCaseRole);
            }
        }
        if case_roles && !(self.has(Permission::ManageOwnAgencyUsers) && agency == self.agency_id) {
            return Err(Denied::CaseRolesStayInTheAgency);
        }
        Ok(())
    }

    pub fn audit_scope(&self) -> Result<AuditScope, Denied> {
        if self.has(Permission::ViewAllAudit) {
            Ok(AuditScope::All)
        } else if self.has(Permission::ViewOwnAgencyAudit) {
            Ok(AuditScope::Agency(self.agency_id))
        } else {
            Err(Denied::NotPermitted)
        }
    }

    /// Creating API tokens is itself a change; a read-only token cannot
    /// mint itself a stronger one.
    pub fn may_manage_own_tokens(&self) -> Result<(), Denied> {
        match self.token_scope {
            None => Ok(()),
            Some(_) => Err(Denied::TokenScope),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn actor(roles: &[Role], agency: AgencyId) -> Actor {
        Actor {
            user_id: UserId::new(),
            agency_id: agency,
            roles: roles.to_vec(),
            token_scope: None,
        }
    }

    #[test]
    fn agency_administrator_manages_only_own_agency() {
        let own = AgencyId::new();
        let admin = actor(&[Role::AgencyAdministrator], own);
        assert_eq!(admin.may_manage_users_of(own), Ok(()));
        assert_eq!(
            admin.may_manage_users_of(AgencyId::new()),
            Err(Denied::OtherAgency)
        );
        assert_eq!(
            admin.may_grant(&[Role::SystemAdministrator], own),
            Err(Denied::RoleTooHigh)
        );
        assert_eq!(admin.may_grant(&[Role::Caseworker], own), Ok(()));
        assert_eq!(
            admin.may_grant(&[Role::Caseworker], AgencyId::new()),
            Err(Denied::CaseRolesStayInTheAgency)
        );
    }

    #[test]
    fn system_administrators_never_step_into_case_work() {
        let own = AgencyId::new();
        let admin = actor(&[Role::SystemAdministrator], own);
        let elsewhere = AgencyId::new();
        assert_eq!(
            admin.may_grant(&[Role::AgencyAdministrator], elsewhere),
            Ok(())
        );
        assert_eq!(admin.may_grant(&[Role::Analyst], elsewhere), Ok(()));
        for role in Role::ALL.into_iter().filter(|r| r.works_with_cases()) {
            assert_eq!(
                admin.may_grant(&[role], elsewhere),
                Err(Denied::CaseRolesStayInTheAgency)
            );
            assert_eq!(
                admin.may_grant(&[role], own),
                Err(Denied::CaseRolesStayInTheAgency)
            );
        }
        let both = actor(&[Role::SystemAdministrator, Role::AgencyAdministrator], own);
        assert_eq!(
            both.may_grant(&[Role::SystemAdministrator, Role::Caseworker], own),
            Err(Denied::AdministratorWithCaseRole)
        );
        assert_eq!(both.may_grant(&[Role::Caseworker], own), Ok(()));
    }

    #[test]
    fn system_administrator_manages_every_agency() {
        let admin = actor(&[Role::SystemAdministrator], AgencyId::new());
        assert_eq!(admin.may_manage_users_of(AgencyId::new()), Ok(()));
        assert_eq!(admin.audit_scope(), Ok(AuditScope::All));
    }

    #[test]
    fn read_tokens_cannot_change_anything() {
        let mut admin = actor(&[Role::SystemAdministrator], AgencyId::new());
        admin.token_scope = Some(TokenScope::Read);
        assert_eq!(
            admin.require(Permission::ManageAgencies),
            Err(Denied::TokenScope)
        );
        assert!(admin.may_manage_users_of(admin.agency_id).is_err());
        assert_eq!(admin.require(Permission::ViewDirectory), Ok(()));
        assert_eq!(admin.may_manage_own_tokens(), Err(Denied::TokenScope));
    }

    fn any_roles() -> impl Strategy<Value = Vec<Role>> {
        proptest::sample::subsequence(Role::ALL.to_vec(), 0..=Role::ALL.len())
    }

    proptest! {
        /// A token never has a permission its owner lacks.
        #[test]
        fn token_permissions_are_a_subset(roles in any_roles(), read in any::<bool>()) {
            let owner = actor(&roles, AgencyId::new());
            let mut token = owner.clone();
            token.token_scope = Some(if read { TokenScope::Read } else { TokenScope::ReadWrite });
            prop_assert!(token.permissions().is_subset(&owner.permissions()));
        }

        /// Nobody grants a case role in an agency other than their own.
        #[test]
        fn case_roles_only_within_the_agency(roles in any_roles(), granted in any_roles()) {
            let a = actor(&roles, AgencyId::new());
            if granted.iter().any(|r| r.works_with_cases()) {
                prop_assert!(a.may_grant(&granted, AgencyId::new()).is_err());
            }
        }

        /// Without ManageAllUsers nobody manages another agency's accounts.
        #[test]
        fn other_agencies_are_closed(roles in any_roles()) {
            let a = actor(&roles, AgencyId::new());
            if !roles.contains(&Role::SystemAdministrator) {
                prop_assert!(a.may_manage_users_of(AgencyId::new()).is_err());
            }
        }
    }
}
