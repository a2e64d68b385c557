//! Who may do what with the administrative objects of Concord (areas,
//! agencies, accounts, audit). Decisions are pure and default to deny.
//! Case data has its own decision function (`case_access`); nothing here
//! grants any access to case data.
//!
//! **Separation of duties over accounts** ([`Actor::may_change_account`]):
//! an agency's accounts are managed by its own administrators alone. A
//! system administrator gives an agency only its first administrator
//! (onboarding, while no account of the agency holds that role) and manages
//! only system administrators' accounts, which hold no role of an agency's
//! own work. Credentials change only with proof: never through an API
//! token, and never one's own except under My account with the current
//! password. The grant-graph test beside the role map
//! (`role/grant_graph.rs`) searches every sequence of these changes in
//! small worlds for a way into an agency's cases that its own
//! administrators took no step in.

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
    #[error("a system administrator account cannot also administer an agency")]
    AdministratorWithAgencyRole,
    #[error("only the agency's own administrators manage its accounts")]
    AgencyManagesItsOwnAccounts,
    #[error(
        "the agency has no administrator yet: create its first agency administrator, who then creates its other accounts"
    )]
    NoAgencyAdministratorYet,
    #[error(
        "the agency has lost every administrator: a new one needs a recovery approved by a second system administrator"
    )]
    AgencyAdministratorsLost,
    #[error("an API token cannot change a password, a second factor, recovery codes or tokens")]
    TokenCannotChangeCredentials,
    #[error(
        "change your own password or second factor under My account, with your current password"
    )]
    OwnCredentialsInMyAccount,
}

impl Denied {
    pub const ALL: [Denied; 12] = [
        Denied::NotPermitted,
        Denied::OtherAgency,
        Denied::RoleTooHigh,
        Denied::AdministratorWithCaseRole,
        Denied::CaseRolesStayInTheAgency,
        Denied::TokenScope,
        Denied::AdministratorWithAgencyRole,
        Denied::AgencyManagesItsOwnAccounts,
        Denied::NoAgencyAdministratorYet,
        Denied::AgencyAdministratorsLost,
        Denied::TokenCannotChangeCredentials,
        Denied::OwnCredentialsInMyAccount,
    ];

    /// A stable name for the reason: the web layer words it (Fluent key
    /// `denied-<code>` with `-` for `_`).
    pub fn code(self) -> &'static str {
        match self {
            Denied::NotPermitted => "not_permitted",
            Denied::OtherAgency => "other_agency",
            Denied::RoleTooHigh => "role_too_high",
            Denied::AdministratorWithCaseRole => "administrator_with_case_role",
            Denied::CaseRolesStayInTheAgency => "case_roles_stay_in_the_agency",
            Denied::TokenScope => "token_scope",
            Denied::AdministratorWithAgencyRole => "administrator_with_agency_role",
            Denied::AgencyManagesItsOwnAccounts => "agency_manages_its_own_accounts",
            Denied::NoAgencyAdministratorYet => "no_agency_administrator_yet",
            Denied::AgencyAdministratorsLost => "agency_administrators_lost",
            Denied::TokenCannotChangeCredentials => "token_cannot_change_credentials",
            Denied::OwnCredentialsInMyAccount => "own_credentials_in_my_account",
        }
    }
}

/// Whether an agency has administrators of its own. The app looks it up;
/// the rules below take it as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AgencyAdministrators {
    /// No account of the agency holds the agency administrator role, active
    /// or not: the agency is being onboarded.
    None,
    /// At least one active account of the agency holds it.
    Active,
    /// Accounts hold it but none is active: the agency has lost its
    /// administrators. That is recovery (two system administrators), never
    /// onboarding again.
    Lost,
}

impl AgencyAdministrators {
    pub const ALL: [AgencyAdministrators; 3] = [
        AgencyAdministrators::None,
        AgencyAdministrators::Active,
        AgencyAdministrators::Lost,
    ];

    /// From the number of the agency's accounts holding the agency
    /// administrator role that are active, and of all of them.
    pub fn from_counts(active: u64, all: u64) -> Self {
        if active > 0 {
            AgencyAdministrators::Active
        } else if all > 0 {
            AgencyAdministrators::Lost
        } else {
            AgencyAdministrators::None
        }
    }
}

/// An existing account as the rules see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AccountRef<'a> {
    pub id: UserId,
    pub agency: AgencyId,
    pub roles: &'a [Role],
}

/// Everything that creates or changes someone's account. Exhaustive: a new
/// way of changing accounts is added here, decided in
/// [`Actor::may_change_account`], and placed in the grant-graph model
/// (`role/grant_graph.rs`), whose matches have no wildcard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccountChange<'a> {
    /// A new account of `agency` holding `roles`, with an initial password
    /// chosen by the one creating it.
    Create { agency: AgencyId, roles: &'a [Role] },
    /// The name and roles of an account; `roles` is what it will hold.
    Update {
        account: AccountRef<'a>,
        roles: &'a [Role],
    },
    /// Enabling or disabling it.
    SetActive { account: AccountRef<'a> },
    /// A new password chosen by someone else.
    ResetPassword { account: AccountRef<'a> },
    /// Removing its second factor, so the next sign-in enrols a new one.
    ResetSecondFactor { account: AccountRef<'a> },
}

impl AccountChange<'_> {
    /// The agency whose account it is.
    pub fn agency(&self) -> AgencyId {
        match self {
            AccountChange::Create { agency, .. } => *agency,
            AccountChange::Update { account, .. }
            | AccountChange::SetActive { account }
            | AccountChange::ResetPassword { account }
            | AccountChange::ResetSecondFactor { account } => account.agency,
        }
    }

    /// The existing account acted on (none when creating one).
    pub fn account(&self) -> Option<AccountRef<'_>> {
        match self {
            AccountChange::Create { .. } => None,
            AccountChange::Update { account, .. }
            | AccountChange::SetActive { account }
            | AccountChange::ResetPassword { account }
            | AccountChange::ResetSecondFactor { account } => Some(*account),
        }
    }

    /// Sets or removes the credentials of an existing account: only with
    /// proof of who is asking (a person signed in, not a token), and never
    /// one's own (that is My account, with the current password).
    pub fn changes_credentials(&self) -> bool {
        match self {
            AccountChange::ResetPassword { .. } | AccountChange::ResetSecondFactor { .. } => true,
            AccountChange::Create { .. }
            | AccountChange::Update { .. }
            | AccountChange::SetActive { .. } => false,
        }
    }
}

/// Roles one account may hold together: a system administrator account
/// never also works with cases or administers an agency, so nobody who
/// administers the system holds a role inside an agency that opens, or
/// gives out, access to its cases.
pub fn roles_held_together(roles: &[Role]) -> Result<(), Denied> {
    if !roles.contains(&Role::SystemAdministrator) {
        return Ok(());
    }
    if roles.iter().any(|r| r.works_with_cases()) {
        return Err(Denied::AdministratorWithCaseRole);
    }
    if roles.contains(&Role::AgencyAdministrator) {
        return Err(Denied::AdministratorWithAgencyRole);
    }
    Ok(())
}

/// Only the agency administrator role, as onboarding gives it.
fn only_agency_administrator(roles: &[Role]) -> bool {
    !roles.is_empty() && roles.iter().all(|r| *r == Role::AgencyAdministrator)
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

    /// [`Actor::permissions`] contains `permission` (without building the
    /// set: the grant-graph search asks this millions of times).
    pub fn has(&self, permission: Permission) -> bool {
        (self.token_scope != Some(TokenScope::Read) || !permission.changes_data())
            && self.holds(permission)
    }

    /// Held through a role, whatever the token's scope narrows: enough to
    /// read (a read-only token still reads what its roles may).
    pub fn holds(&self, permission: Permission) -> bool {
        self.roles
            .iter()
            .any(|r| r.permissions().contains(&permission))
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

    /// Is this actor an administrator of `agency` itself?
    fn administers(&self, agency: AgencyId) -> bool {
        agency == self.agency_id && self.has(Permission::ManageOwnAgencyUsers)
    }

    /// Why someone who manages accounts from outside an agency (a system
    /// administrator) may not act on its accounts.
    fn outside_the_agency(administrators: AgencyAdministrators) -> Denied {
        match administrators {
            AgencyAdministrators::None => Denied::NoAgencyAdministratorYet,
            AgencyAdministrators::Active => Denied::AgencyManagesItsOwnAccounts,
            AgencyAdministrators::Lost => Denied::AgencyAdministratorsLost,
        }
    }

    /// May this actor give an account of `agency` exactly these roles (when
    /// creating it or changing its roles)? Separation of duties:
    /// - system administrator accounts are made only by system
    ///   administrators, and hold no role of an agency's own work (no case
    ///   role, not agency administrator);
    /// - an agency's own administrators give its roles;
    /// - a system administrator gives an agency its *first* administrator
    ///   (onboarding), only while no account of the agency holds that role;
    ///   once one does, never again (an agency that lost every administrator
    ///   is recovered by two system administrators, not onboarded).
    ///
    /// `administrators` is what the app found for `agency`.
    pub fn may_grant(
        &self,
        roles: &[Role],
        agency: AgencyId,
        administrators: AgencyAdministrators,
    ) -> Result<(), Denied> {
        let system = roles.contains(&Role::SystemAdministrator);
        if system && !self.has(Permission::ManageAllUsers) {
            return Err(Denied::RoleTooHigh);
        }
        roles_held_together(roles)?;
        if system {
            return Ok(());
        }
        if self.administers(agency) {
            return Ok(());
        }
        let case_roles = roles.iter().any(|r| r.works_with_cases());
        if self.has(Permission::ManageAllUsers) {
            if administrators == AgencyAdministrators::None && only_agency_administrator(roles) {
                return Ok(());
            }
            if case_roles {
                return Err(Denied::CaseRolesStayInTheAgency);
            }
            return Err(Self::outside_the_agency(administrators));
        }
        if case_roles {
            Err(Denied::CaseRolesStayInTheAgency)
        } else if self.has(Permission::ManageOwnAgencyUsers) {
            Err(Denied::OtherAgency)
        } else {
            Err(Denied::NotPermitted)
        }
    }

    /// When [`Actor::may_grant`] allows these roles, whether it is only
    /// because the agency is being onboarded: the app then creates the
    /// account only if the agency still has no administrator when it
    /// writes.
    pub fn onboards(&self, roles: &[Role], agency: AgencyId) -> bool {
        !self.administers(agency) && !roles.contains(&Role::SystemAdministrator)
    }

    /// May this actor act on this existing account at all (change, enable
    /// or disable it, reset its sign-in)? System administrator accounts are
    /// the system administrators'; every other account is its own agency
    /// administrators' alone.
    pub fn may_manage_account(
        &self,
        account: AccountRef<'_>,
        administrators: AgencyAdministrators,
    ) -> Result<(), Denied> {
        self.may_manage_users_of(account.agency)?;
        if account.roles.contains(&Role::SystemAdministrator) {
            return if self.has(Permission::ManageAllUsers) {
                Ok(())
            } else {
                Err(Denied::RoleTooHigh)
            };
        }
        if self.administers(account.agency) {
            Ok(())
        } else {
            Err(Self::outside_the_agency(administrators))
        }
    }

    /// May this actor see this account? Whoever manages the agency's
    /// accounts, or every account for a system administrator; a system
    /// administrator's account only by system administrators.
    pub fn may_view_account(&self, account: AccountRef<'_>) -> Result<(), Denied> {
        self.may_manage_users_of(account.agency)?;
        if account.roles.contains(&Role::SystemAdministrator)
            && !self.has(Permission::ManageAllUsers)
        {
            return Err(Denied::RoleTooHigh);
        }
        Ok(())
    }

    /// The one decision over changes to accounts. Credentials only with
    /// proof: a token never sets or removes anyone's password or second
    /// factor, and nobody resets their own (My account asks for the current
    /// password). `administrators` is what the app found for the agency of
    /// the account.
    pub fn may_change_account(
        &self,
        change: AccountChange<'_>,
        administrators: AgencyAdministrators,
    ) -> Result<(), Denied> {
        if change.changes_credentials() {
            self.may_change_credentials()?;
            if change.account().is_some_and(|a| a.id == self.user_id) {
                return Err(Denied::OwnCredentialsInMyAccount);
            }
        }
        self.may_manage_users_of(change.agency())?;
        match change {
            AccountChange::Create { agency, roles } => {
                self.may_grant(roles, agency, administrators)
            }
            AccountChange::Update { account, roles } => {
                self.may_manage_account(account, administrators)?;
                self.may_grant(roles, account.agency, administrators)
            }
            AccountChange::SetActive { account }
            | AccountChange::ResetPassword { account }
            | AccountChange::ResetSecondFactor { account } => {
                self.may_manage_account(account, administrators)
            }
        }
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

    /// Credentials only with proof: a password, a second factor, recovery
    /// codes and API tokens — one's own or anyone's — change only for a
    /// person signed in, never through a token: a read-only token cannot
    /// mint itself a stronger one, and a stolen token cannot take over or
    /// lock out an account.
    pub fn may_change_credentials(&self) -> Result<(), Denied> {
        match self.token_scope {
            None => Ok(()),
            Some(_) => Err(Denied::TokenCannotChangeCredentials),
        }
    }

    /// Creating or revoking API tokens (see
    /// [`Actor::may_change_credentials`]).
    pub fn may_manage_own_tokens(&self) -> Result<(), Denied> {
        self.may_change_credentials()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use AgencyAdministrators as Admins;
    use proptest::prelude::*;

    fn actor(roles: &[Role], agency: AgencyId) -> Actor {
        Actor {
            user_id: UserId::new(),
            agency_id: agency,
            roles: roles.to_vec(),
            token_scope: None,
        }
    }

    fn account(agency: AgencyId, roles: &[Role]) -> AccountRef<'_> {
        AccountRef {
            id: UserId::new(),
            agency,
            roles,
        }
    }

    /// Every set of roles (2^7 of them).
    fn every_role_set() -> Vec<Vec<Role>> {
        (0..1u32 << Role::ALL.len())
            .map(|bits| {
                Role::ALL
                    .into_iter()
                    .enumerate()
                    .filter(|(i, _)| bits & (1 << i) != 0)
                    .map(|(_, r)| r)
                    .collect()
            })
            .collect()
    }

    const SCOPES: [Option<TokenScope>; 3] =
        [None, Some(TokenScope::Read), Some(TokenScope::ReadWrite)];

    /// The rules of separation of duties, written from the rule rather than
    /// from the code: is `change` allowed?
    fn expected(a: &Actor, change: AccountChange<'_>, admins: Admins) -> bool {
        let writes = a.token_scope != Some(TokenScope::Read);
        let system = writes && a.roles.contains(&Role::SystemAdministrator);
        let own_admin = |agency: AgencyId| {
            writes && a.roles.contains(&Role::AgencyAdministrator) && agency == a.agency_id
        };
        let may_hold = |roles: &[Role]| {
            !roles.contains(&Role::SystemAdministrator)
                || !roles.iter().any(|r| {
                    matches!(
                        r,
                        Role::AgencyAdministrator
                            | Role::Caseworker
                            | Role::Supervisor
                            | Role::RiskConferenceCoordinator
                    )
                })
        };
        let grant = |roles: &[Role], agency: AgencyId| {
            may_hold(roles)
                && if roles.contains(&Role::SystemAdministrator) {
                    system
                } else {
                    own_admin(agency)
                        || (system
                            && admins == Admins::None
                            && !roles.is_empty()
                            && roles.iter().all(|r| *r == Role::AgencyAdministrator))
                }
        };
        let manage = |acc: AccountRef<'_>| {
            if acc.roles.contains(&Role::SystemAdministrator) {
                system
            } else {
                own_admin(acc.agency)
            }
        };
        match change {
            AccountChange::Create { agency, roles } => grant(roles, agency),
            AccountChange::Update { account, roles } => {
                manage(account) && grant(roles, account.agency)
            }
            AccountChange::SetActive { account } => manage(account),
            AccountChange::ResetPassword { account }
            | AccountChange::ResetSecondFactor { account } => {
                a.token_scope.is_none() && account.id != a.user_id && manage(account)
            }
        }
    }

    /// Every actor (any roles, any token scope) creating an account with
    /// any roles, in their own agency or another, in every administration
    /// state of that agency.
    #[test]
    fn creating_accounts_follows_separation_of_duties_exhaustively() {
        let sets = every_role_set();
        let home = AgencyId::new();
        let other = AgencyId::new();
        for actor_roles in &sets {
            for scope in SCOPES {
                let mut a = actor(actor_roles, home);
                a.token_scope = scope;
                for agency in [home, other] {
                    for roles in &sets {
                        for admins in Admins::ALL {
                            let change = AccountChange::Create { agency, roles };
                            assert_eq!(
                                a.may_change_account(change, admins).is_ok(),
                                expected(&a, change, admins),
                                "{actor_roles:?} {scope:?} creates {roles:?} (own agency: {}, {admins:?})",
                                agency == home
                            );
                        }
                    }
                }
            }
        }
    }

    /// Every actor enabling, disabling or resetting any account (its own
    /// included), in their own agency or another, in every state.
    #[test]
    fn acting_on_accounts_follows_separation_of_duties_exhaustively() {
        let sets = every_role_set();
        let home = AgencyId::new();
        let other = AgencyId::new();
        for actor_roles in &sets {
            for scope in SCOPES {
                let mut a = actor(actor_roles, home);
                a.token_scope = scope;
                for agency in [home, other] {
                    for target_roles in &sets {
                        let someone = account(agency, target_roles);
                        let itself = AccountRef {
                            id: a.user_id,
                            agency: home,
                            roles: actor_roles,
                        };
                        for acc in [someone, itself] {
                            for admins in Admins::ALL {
                                for change in [
                                    AccountChange::SetActive { account: acc },
                                    AccountChange::ResetPassword { account: acc },
                                    AccountChange::ResetSecondFactor { account: acc },
                                ] {
                                    assert_eq!(
                                        a.may_change_account(change, admins).is_ok(),
                                        expected(&a, change, admins),
                                        "{actor_roles:?} {scope:?} {change:?} {admins:?}"
                                    );
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Changing roles: every target role set to every new role set, by the
    /// actors that manage accounts (and one that does not), through a
    /// session and a read-write token.
    #[test]
    fn changing_roles_follows_separation_of_duties_exhaustively() {
        let sets = every_role_set();
        let home = AgencyId::new();
        let other = AgencyId::new();
        let actors: [&[Role]; 4] = [
            &[Role::SystemAdministrator],
            &[Role::AgencyAdministrator],
            &[Role::SystemAdministrator, Role::AgencyAdministrator],
            &[Role::Supervisor],
        ];
        for actor_roles in actors {
            for scope in [None, Some(TokenScope::ReadWrite)] {
                let mut a = actor(actor_roles, home);
                a.token_scope = scope;
                for agency in [home, other] {
                    for from in &sets {
                        let acc = account(agency, from);
                        for to in &sets {
                            for admins in Admins::ALL {
                                let change = AccountChange::Update {
                                    account: acc,
                                    roles: to,
                                };
                                assert_eq!(
                                    a.may_change_account(change, admins).is_ok(),
                                    expected(&a, change, admins),
                                    "{actor_roles:?} {scope:?} {from:?} -> {to:?} {admins:?}"
                                );
                            }
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn onboarding_gives_an_agency_its_first_administrator_only() {
        let system = actor(&[Role::SystemAdministrator], AgencyId::new());
        let shelter = AgencyId::new();
        let first = AccountChange::Create {
            agency: shelter,
            roles: &[Role::AgencyAdministrator],
        };
        assert_eq!(system.may_change_account(first, Admins::None), Ok(()));
        assert_eq!(
            system.may_change_account(first, Admins::Active),
            Err(Denied::AgencyManagesItsOwnAccounts),
            "a second administrator is the agency's own business"
        );
        assert_eq!(
            system.may_change_account(first, Admins::Lost),
            Err(Denied::AgencyAdministratorsLost),
            "an agency that lost its administrators is recovered, not onboarded"
        );
        for roles in [
            &[Role::Analyst][..],
            &[Role::AgencyAdministrator, Role::Analyst],
            &[Role::CoordinationSecretariat],
        ] {
            let create = AccountChange::Create {
                agency: shelter,
                roles,
            };
            assert_eq!(
                system.may_change_account(create, Admins::None),
                Err(Denied::NoAgencyAdministratorYet),
                "{roles:?}"
            );
        }
        for role in Role::ALL.into_iter().filter(|r| r.works_with_cases()) {
            for admins in Admins::ALL {
                assert_eq!(
                    system.may_grant(&[role], shelter, admins),
                    Err(Denied::CaseRolesStayInTheAgency)
                );
                assert_eq!(
                    system.may_grant(&[Role::AgencyAdministrator, role], shelter, admins),
                    Err(Denied::CaseRolesStayInTheAgency)
                );
            }
        }
    }

    #[test]
    fn system_administrators_keep_out_of_agencies_accounts() {
        let ministry = AgencyId::new();
        let system = actor(&[Role::SystemAdministrator], ministry);
        let shelter = AgencyId::new();
        for roles in [
            &[Role::AgencyAdministrator][..],
            &[Role::Caseworker],
            &[Role::Analyst],
        ] {
            let acc = account(shelter, roles);
            for change in [
                AccountChange::SetActive { account: acc },
                AccountChange::ResetPassword { account: acc },
                AccountChange::ResetSecondFactor { account: acc },
                AccountChange::Update {
                    account: acc,
                    roles,
                },
            ] {
                assert_eq!(
                    system.may_change_account(change, Admins::Active),
                    Err(Denied::AgencyManagesItsOwnAccounts),
                    "{change:?}"
                );
                assert_eq!(
                    system.may_change_account(change, Admins::None),
                    Err(Denied::NoAgencyAdministratorYet),
                    "{change:?}"
                );
            }
            // Looking is not changing.
            assert_eq!(system.may_view_account(acc), Ok(()));
        }
        // System administrator accounts are theirs, wherever they are.
        let peer = account(shelter, &[Role::SystemAdministrator]);
        for change in [
            AccountChange::SetActive { account: peer },
            AccountChange::ResetPassword { account: peer },
            AccountChange::Update {
                account: peer,
                roles: &[Role::SystemAdministrator, Role::Analyst],
            },
        ] {
            assert_eq!(system.may_change_account(change, Admins::Active), Ok(()));
        }
        // …and never become an agency's administrators or case workers.
        for roles in [
            &[Role::SystemAdministrator, Role::AgencyAdministrator][..],
            &[Role::SystemAdministrator, Role::Supervisor],
        ] {
            for admins in Admins::ALL {
                assert!(
                    system
                        .may_change_account(
                            AccountChange::Update {
                                account: peer,
                                roles
                            },
                            admins
                        )
                        .is_err()
                );
            }
        }
        assert_eq!(
            roles_held_together(&[Role::SystemAdministrator, Role::AgencyAdministrator]),
            Err(Denied::AdministratorWithAgencyRole)
        );
        assert_eq!(
            roles_held_together(&[Role::SystemAdministrator, Role::Caseworker]),
            Err(Denied::AdministratorWithCaseRole)
        );
        assert_eq!(
            roles_held_together(&[Role::SystemAdministrator, Role::Analyst]),
            Ok(())
        );
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
            admin.may_grant(&[Role::SystemAdministrator], own, Admins::Active),
            Err(Denied::RoleTooHigh)
        );
        assert_eq!(
            admin.may_grant(&[Role::Caseworker], own, Admins::Active),
            Ok(())
        );
        assert_eq!(
            admin.may_grant(&[Role::AgencyAdministrator], own, Admins::Active),
            Ok(())
        );
        assert_eq!(
            admin.may_grant(&[Role::Caseworker], AgencyId::new(), Admins::Active),
            Err(Denied::CaseRolesStayInTheAgency)
        );
        let elsewhere = account(AgencyId::new(), &[Role::Analyst]);
        assert_eq!(
            admin.may_change_account(
                AccountChange::SetActive { account: elsewhere },
                Admins::Active
            ),
            Err(Denied::OtherAgency),
            "another agency's account: the app answers as if it did not exist"
        );
        let colleague = account(own, &[Role::AgencyAdministrator]);
        assert_eq!(
            admin.may_change_account(
                AccountChange::ResetPassword { account: colleague },
                Admins::Active
            ),
            Ok(())
        );
        let system = account(own, &[Role::SystemAdministrator]);
        assert_eq!(
            admin.may_change_account(AccountChange::SetActive { account: system }, Admins::Active),
            Err(Denied::RoleTooHigh)
        );
        assert_eq!(admin.may_view_account(system), Err(Denied::RoleTooHigh));
    }

    #[test]
    fn credentials_change_only_with_proof() {
        let own = AgencyId::new();
        let mut admin = actor(&[Role::AgencyAdministrator], own);
        let me = AccountRef {
            id: admin.user_id,
            agency: own,
            roles: &[Role::AgencyAdministrator],
        };
        let colleague = account(own, &[Role::Caseworker]);
        assert_eq!(
            admin.may_change_account(AccountChange::ResetPassword { account: me }, Admins::Active),
            Err(Denied::OwnCredentialsInMyAccount)
        );
        assert_eq!(
            admin.may_change_account(
                AccountChange::ResetSecondFactor { account: me },
                Admins::Active
            ),
            Err(Denied::OwnCredentialsInMyAccount)
        );
        assert_eq!(admin.may_change_credentials(), Ok(()));
        for scope in [TokenScope::Read, TokenScope::ReadWrite] {
            admin.token_scope = Some(scope);
            for acc in [me, colleague] {
                for change in [
                    AccountChange::ResetPassword { account: acc },
                    AccountChange::ResetSecondFactor { account: acc },
                ] {
                    assert_eq!(
                        admin.may_change_account(change, Admins::Active),
                        Err(Denied::TokenCannotChangeCredentials),
                        "{scope:?} {change:?}"
                    );
                }
            }
            assert_eq!(
                admin.may_change_credentials(),
                Err(Denied::TokenCannotChangeCredentials)
            );
            assert_eq!(
                admin.may_manage_own_tokens(),
                Err(Denied::TokenCannotChangeCredentials)
            );
        }
    }

    #[test]
    fn administrators_of_an_agency_are_counted_into_three_states() {
        assert_eq!(AgencyAdministrators::from_counts(0, 0), Admins::None);
        assert_eq!(AgencyAdministrators::from_counts(0, 1), Admins::Lost);
        assert_eq!(AgencyAdministrators::from_counts(0, 3), Admins::Lost);
        assert_eq!(AgencyAdministrators::from_counts(1, 1), Admins::Active);
        assert_eq!(AgencyAdministrators::from_counts(2, 5), Admins::Active);
    }

    #[test]
    fn every_refusal_has_its_own_code() {
        let codes: BTreeSet<&str> = Denied::ALL.iter().map(|d| d.code()).collect();
        assert_eq!(codes.len(), Denied::ALL.len());
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
        assert_eq!(
            admin.may_manage_own_tokens(),
            Err(Denied::TokenCannotChangeCredentials)
        );
    }

    fn any_roles() -> impl Strategy<Value = Vec<Role>> {
        proptest::sample::subsequence(Role::ALL.to_vec(), 0..=Role::ALL.len())
    }

    fn any_admins() -> impl Strategy<Value = AgencyAdministrators> {
        proptest::sample::select(Admins::ALL.to_vec())
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

        /// `has` is membership of `permissions`, token scope included.
        #[test]
        fn has_is_membership_of_permissions(roles in any_roles(), scope in 0..3usize) {
            let mut a = actor(&roles, AgencyId::new());
            a.token_scope = SCOPES[scope];
            let all = a.permissions();
            for p in permissions_of(&Role::ALL) {
                prop_assert_eq!(a.has(p), all.contains(&p));
            }
        }

        /// Nobody grants a case role in an agency other than their own.
        #[test]
        fn case_roles_only_within_the_agency(
            roles in any_roles(),
            granted in any_roles(),
            admins in any_admins(),
        ) {
            let a = actor(&roles, AgencyId::new());
            if granted.iter().any(|r| r.works_with_cases()) {
                prop_assert!(a.may_grant(&granted, AgencyId::new(), admins).is_err());
            }
        }

        /// Nobody outside an agency that has its own administrator gives
        /// its accounts any role but a system administrator's.
        #[test]
        fn an_administered_agency_grants_its_own_roles(
            roles in any_roles(),
            granted in any_roles(),
        ) {
            let a = actor(&roles, AgencyId::new());
            if !granted.contains(&Role::SystemAdministrator) {
                prop_assert!(a.may_grant(&granted, AgencyId::new(), Admins::Active).is_err());
                prop_assert!(a.may_grant(&granted, AgencyId::new(), Admins::Lost).is_err());
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
