//! The grant graph: every way an account, its roles, its credentials, its
//! sessions or its API tokens come to be or change, as edges between the
//! people who hold accounts — searched exhaustively over small worlds.
//!
//! **What is proved.** In an agency that has (or had) its own
//! administrator, no sequence of steps taken only by others — system
//! administrators, other agencies' administrators, the agency's own people
//! without case access, and every account those create or take over — ends
//! with them holding an account that opens the agency's cases. The
//! agency's own administrators take no step in these searches, so any path
//! found is one they took no part in. An agency without any administrator
//! is onboarded: there, a system administrator's first agency administrator
//! is the designed way in, and the search finds it (a positive control).
//!
//! **Recovery.** An agency that lost every administrator gets one back
//! through a recovery ([`crate::account_recovery`]): one system
//! administrator requests, a *different* one approves, only while the
//! agency has no active administrator, naming a new account or one of the
//! agency's own that holds no case role and is no system administrator's;
//! the account comes back as agency administrator (never a case role) with
//! a password the approver set. A completed recovery whose requester and
//! approver are two accounts is the sanctioned way to restore an agency's
//! administrator: from then on the restored administrator *is* the
//! agency's own, and a way in where it took a step is not a breach. That
//! judgement is the model's, made apart from the rule under test, so a rule
//! that let a requester approve alone fails the search. Two *people*, as
//! the model sees them: an account belongs to whoever made it (its creator
//! chose its first password), up the line to an account the world began
//! with, so a system administrator who makes a second system administrator
//! account and approves their own request with it has completed a
//! recovery alone — a way in unless the rule refuses it. Whoever resets an
//! account's password or second factor can act as it too, so the people
//! behind an account include the people behind every account that ever
//! reset it, and the rule is given the app's line of hands (creators and
//! resetters, up their lines). Accounts record
//! who made them and at which step (steps are minutes apart, all within a
//! day); the accounts the world began with were made long before.
//!
//! **The model.** The others know some passwords and hold some second
//! factors, sessions and tokens; an account is theirs to act as while it is
//! active and they hold a live session (or a token that works). After every
//! step they sign in to whatever they can (a known password and a second
//! factor they hold, or none enrolled yet — which they then enrol). Each
//! step is decided by the real rules ([`Actor::may_change_account`],
//! [`Actor::may_change_credentials`], [`Actor::require`], and for recovery
//! [`recovery::may_request`], [`recovery::check_account`],
//! [`recovery::may_approve`] and [`Request::approve`], given both accounts'
//! lines of creators and the approver's creation time) and applied as the
//! app applies it (a reset ends the account's sessions and tokens; a
//! creator, or a recovery's approver, knows the initial password).
//!
//! **Placing something new.** A new [`Permission`] is placed in [`reach`]
//! and a new kind of account change in [`apply`] — both matches have no
//! wildcard, so neither compiles until it is placed. A new way of changing
//! accounts outside [`AccountChange`] (as recovery is) is added to
//! [`successors`] by hand. A permission placed
//! as reaching nothing that the rules let change accounts fails the search.

use crate::access::{AccountChange, AccountRef, Actor, AgencyAdministrators, Denied, TokenScope};
use crate::account_recovery::{self as recovery, Approver, RecoveryStatus, Refusal, Request};
use crate::ids::{AgencyId, UserId};
use crate::role::{Permission, Role, permissions_of, requires_second_factor};
use chrono::{DateTime, TimeDelta, Utc};
use std::collections::hash_map::Entry;
use std::collections::{HashMap, VecDeque};
use std::rc::Rc;
use std::sync::LazyLock;

/// What a permission opens, as far as the grant graph is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reach {
    /// Changes accounts: every [`AccountChange`], decided by
    /// [`Actor::may_change_account`].
    Accounts,
    /// Creates agencies (with no administrator and no cases yet).
    Agencies,
    /// Opens case data of the account's own agency: what the search looks
    /// for.
    Cases,
    /// Changes no account, role, credential, session or token, and opens
    /// no case.
    Nothing,
}

/// Exhaustive on purpose: a new permission must be placed here.
fn reach(permission: Permission) -> Reach {
    match permission {
        Permission::ManageAllUsers | Permission::ManageOwnAgencyUsers => Reach::Accounts,
        Permission::ManageAgencies => Reach::Agencies,
        Permission::WorkCases
        | Permission::SuperviseCases
        | Permission::CoordinateRiskConferences => Reach::Cases,
        Permission::ManageAreas
        | Permission::ViewDirectory
        | Permission::ViewAllAudit
        | Permission::ViewOwnAgencyAudit
        | Permission::ManageCoordinationBodies
        | Permission::ViewAggregates
        | Permission::ManageRiskInstruments
        | Permission::RegisterCoordinationBodies
        | Permission::AnswerCoordinationAssessments
        | Permission::ManageServiceDirectory
        | Permission::SignOffStatistics => Reach::Nothing,
    }
}

fn reaches(roles: &[Role], what: Reach) -> bool {
    permissions_of(roles).into_iter().any(|p| reach(p) == what)
}

/// Who holds an account's enrolled second factor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Device {
    None,
    /// The others (they enrolled it).
    Others,
    /// The account's owner.
    Owner,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Scope {
    Read,
    ReadWrite,
}

impl Scope {
    fn token_scope(self) -> TokenScope {
        match self {
            Scope::Read => TokenScope::Read,
            Scope::ReadWrite => TokenScope::ReadWrite,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct Account {
    /// Who it is, for as long as the world lasts (an index into
    /// `USER_IDS`; accounts are kept sorted, so their places change).
    id: u8,
    /// The account that created it (`None`: made from the command line,
    /// long ago).
    created_by: Option<u8>,
    /// The step at which it was created (`None`: before the world began,
    /// long before any request in it).
    created_at: Option<u8>,
    /// The accounts (a bit per id) that ever reset its password or second
    /// factor: each held a way in to it, as the audit log's
    /// `password.reset` and `second_factor.removed` events say.
    reset_by: u16,
    /// Index into the world's agencies; 0 is the agency under attack.
    agency: usize,
    roles: Vec<Role>,
    active: bool,
    /// The others know its current password.
    password_known: bool,
    device: Device,
    /// The others hold a live session of it.
    session: bool,
    /// The others hold a live API token of it.
    token: Option<Scope>,
    /// The agencies (one bit each) whose open recovery request this
    /// (system administrator's) account made.
    requested: u8,
    /// Named as the account to restore by its agency's open request (a
    /// request naming no account makes a new one).
    named: bool,
    /// Restored or created by a recovery that two accounts completed: the
    /// agency's own administrator from then on.
    recovered: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct World {
    agencies: usize,
    /// Sorted: two orders of the same accounts are one world.
    accounts: Vec<Account>,
    /// The agency under attack's own administrator took a step (a
    /// recovered one: the honest ones take none).
    own_administrator_acted: bool,
    /// The step at which each agency's open request was made.
    requested_at: [u8; MAX_AGENCIES],
}

const MAX_AGENCIES: usize = 3;
/// Accounts the others may create in one search, on top of the world's.
const MAX_NEW_ACCOUNTS: usize = 2;
const MAX_STEPS: usize = 4;

static AGENCY_IDS: LazyLock<[AgencyId; MAX_AGENCIES]> =
    LazyLock::new(|| std::array::from_fn(|_| AgencyId::new()));
static USER_IDS: LazyLock<[UserId; 16]> = LazyLock::new(|| std::array::from_fn(|_| UserId::new()));

/// The roles accounts are created with or changed to: every role alone,
/// and every pair.
static ROLE_SETS: LazyLock<Vec<Vec<Role>>> = LazyLock::new(|| {
    let mut sets: Vec<Vec<Role>> = Role::ALL.iter().map(|r| vec![*r]).collect();
    for (i, a) in Role::ALL.iter().enumerate() {
        for b in &Role::ALL[i + 1..] {
            sets.push(vec![*a, *b]);
        }
    }
    sets
});

/// The rules under test: the real ones, or (in the controls below) the
/// rules before separation of duties, or a recovery its requester could
/// approve alone.
type Decide = dyn Fn(&Actor, AccountChange<'_>, AgencyAdministrators) -> Result<(), Denied>;
type Approve =
    dyn Fn(&Request, Approver<'_>, DateTime<Utc>, bool) -> Result<RecoveryStatus, Refusal>;

struct Rules<'a> {
    change: &'a Decide,
    approve: &'a Approve,
    /// The line of an account the app gives the approval rule.
    line: fn(&World, usize) -> Vec<UserId>,
}

/// When the world begins: step `k` is taken `k` minutes later, so the
/// time limit of a request never passes in a search (it would only take a
/// way away), and every account made in a search is younger than
/// [`recovery::APPROVER_STANDING`].
const NOW: DateTime<Utc> = DateTime::<Utc>::UNIX_EPOCH;

fn instant(step: Option<u8>) -> DateTime<Utc> {
    match step {
        Some(k) => NOW + TimeDelta::minutes(i64::from(k)),
        // The accounts the world began with: made long before.
        None => NOW - TimeDelta::days(365),
    }
}

/// How the others act as an account.
#[derive(Debug, Clone, Copy)]
enum Via {
    Session,
    Token(Scope),
}

/// A step the others take on their own account (beyond [`AccountChange`]).
#[derive(Debug, Clone, Copy)]
enum OwnStep {
    CreateToken(Scope),
    RevokeTokens,
    SignOutEverywhere,
    /// My account: needs the current password.
    ChangePassword,
}

impl World {
    fn administrators(&self, agency: usize) -> AgencyAdministrators {
        let admins = self
            .accounts
            .iter()
            .filter(|a| a.agency == agency && a.roles.contains(&Role::AgencyAdministrator));
        let active = admins.clone().filter(|a| a.active).count() as u64;
        AgencyAdministrators::from_counts(active, admins.count() as u64)
    }

    /// A token works while its owner meets the sign-in rules of their roles.
    fn token_works(account: &Account) -> bool {
        !(requires_second_factor(&account.roles) && account.device == Device::None)
    }

    fn ways_to_act(&self, i: usize) -> Vec<Via> {
        let account = &self.accounts[i];
        let mut ways = Vec::new();
        if !account.active {
            return ways;
        }
        if account.session {
            ways.push(Via::Session);
        }
        if let Some(scope) = account.token
            && Self::token_works(account)
        {
            ways.push(Via::Token(scope));
        }
        ways
    }

    fn actor(&self, i: usize, via: Via) -> Actor {
        let account = &self.accounts[i];
        Actor {
            user_id: USER_IDS[usize::from(account.id)],
            agency_id: AGENCY_IDS[account.agency],
            roles: account.roles.clone(),
            token_scope: match via {
                Via::Session => None,
                Via::Token(scope) => Some(scope.token_scope()),
            },
        }
    }

    fn account_ref(&self, j: usize) -> AccountRef<'_> {
        AccountRef {
            id: USER_IDS[usize::from(self.accounts[j].id)],
            agency: AGENCY_IDS[self.accounts[j].agency],
            roles: &self.accounts[j].roles,
        }
    }

    fn index_of(&self, id: UserId) -> usize {
        self.accounts
            .iter()
            .position(|a| USER_IDS[usize::from(a.id)] == id)
            .expect("a model account")
    }

    /// The place of the account whose id is `id`.
    fn place_of(&self, id: u8) -> usize {
        self.accounts
            .iter()
            .position(|a| a.id == id)
            .expect("a model account")
    }

    /// The id the next account made gets.
    fn next_id(&self) -> u8 {
        self.accounts.iter().map(|a| a.id + 1).max().unwrap_or(0)
    }

    /// Who made the account at `i`, who made that one, and so on: what
    /// the audit log's `user.created` events say, as the app reads them.
    fn creators(&self, i: usize) -> Vec<UserId> {
        let mut line = Vec::new();
        let mut at = self.accounts[i].created_by;
        while let Some(id) = at {
            line.push(USER_IDS[usize::from(id)]);
            at = self.accounts[self.place_of(id)].created_by;
        }
        line
    }

    /// Every account that held a way in to the account at `i` — who made
    /// it and who ever reset its credentials, and the same for each of
    /// those — as the app reads them from the audit log.
    fn hands(&self, i: usize) -> Vec<UserId> {
        let own = self.accounts[i].id;
        let mut line: Vec<u8> = Vec::new();
        let mut next = vec![own];
        while let Some(id) = next.pop() {
            let account = &self.accounts[self.place_of(id)];
            let resetters = (0..16u8).filter(|b| account.reset_by & (1 << b) != 0);
            for hand in account.created_by.into_iter().chain(resetters) {
                if hand != own && !line.contains(&hand) {
                    line.push(hand);
                    next.push(hand);
                }
            }
        }
        line.into_iter()
            .map(|id| USER_IDS[usize::from(id)])
            .collect()
    }

    /// The people behind the account at `i` (a bit per account the world
    /// began with), in the model's judgement: whoever made it, up the line
    /// to an account the world began with (each of those is a person of
    /// their own), and the people behind every account that ever reset its
    /// credentials (they could act as it).
    fn people(&self, i: usize) -> u16 {
        let mut people = 0u16;
        let mut seen = 0u16;
        let mut next = vec![self.accounts[i].id];
        while let Some(id) = next.pop() {
            if seen & (1 << id) != 0 {
                continue;
            }
            seen |= 1 << id;
            let account = &self.accounts[self.place_of(id)];
            match account.created_by {
                Some(creator) => next.push(creator),
                None => people |= 1 << id,
            }
            next.extend((0..16u8).filter(|b| account.reset_by & (1 << b) != 0));
        }
        people
    }

    fn agency_index(id: AgencyId) -> usize {
        AGENCY_IDS
            .iter()
            .position(|a| *a == id)
            .expect("a model agency")
    }

    /// The others sign in wherever they can, enrolling a second factor
    /// where none is; then the accounts are put in order.
    fn settle(mut self) -> World {
        for account in &mut self.accounts {
            if account.active && account.password_known && account.device != Device::Owner {
                account.session = true;
            }
            if account.session && account.device == Device::None {
                account.device = Device::Others;
            }
        }
        self.accounts.sort();
        self
    }

    /// Whether the others now act as someone who opens the cases of the
    /// agency under attack, its own administrator having taken no step.
    fn breached(&self) -> bool {
        !self.own_administrator_acted && self.in_the_cases()
    }

    /// Whether the others now act as someone who opens the cases of the
    /// agency under attack, however they came to.
    fn in_the_cases(&self) -> bool {
        (0..self.accounts.len()).any(|i| {
            let account = &self.accounts[i];
            account.agency == 0
                && reaches(&account.roles, Reach::Cases)
                && !self.ways_to_act(i).is_empty()
        })
    }
}

/// The world after an allowed change by the account `by` at `step`, as the
/// app makes it.
fn apply(world: &World, change: AccountChange<'_>, by: u8, step: u8) -> World {
    let mut next = world.clone();
    let ends_sign_ins = |account: &mut Account| {
        account.session = false;
        account.token = None;
    };
    match change {
        AccountChange::Create { agency, roles } => next.accounts.push(Account {
            id: world.next_id(),
            created_by: Some(by),
            created_at: Some(step),
            reset_by: 0,
            agency: World::agency_index(agency),
            roles: roles.to_vec(),
            active: true,
            // Whoever creates an account chooses its first password.
            password_known: true,
            device: Device::None,
            session: false,
            token: None,
            requested: 0,
            named: false,
            recovered: false,
        }),
        AccountChange::Update { account, roles } => {
            next.accounts[world.index_of(account.id)].roles = roles.to_vec();
        }
        AccountChange::SetActive { account } => {
            let target = &mut next.accounts[world.index_of(account.id)];
            target.active = !target.active;
            if !target.active {
                ends_sign_ins(target);
            }
        }
        AccountChange::ResetPassword { account } => {
            let target = &mut next.accounts[world.index_of(account.id)];
            target.password_known = true;
            target.reset_by |= 1 << by;
            ends_sign_ins(target);
        }
        AccountChange::ResetSecondFactor { account } => {
            let target = &mut next.accounts[world.index_of(account.id)];
            target.device = Device::None;
            target.reset_by |= 1 << by;
            ends_sign_ins(target);
        }
    }
    next
}

fn apply_own(world: &World, i: usize, step: OwnStep) -> World {
    let mut next = world.clone();
    let account = &mut next.accounts[i];
    match step {
        OwnStep::CreateToken(scope) => account.token = Some(scope),
        OwnStep::RevokeTokens => account.token = None,
        OwnStep::SignOutEverywhere => account.session = false,
        OwnStep::ChangePassword => {
            account.session = false;
            account.token = None;
        }
    }
    next
}

impl World {
    /// The account that made `agency`'s open recovery request (one at a
    /// time per agency).
    fn requester(&self, agency: usize) -> Option<usize> {
        self.accounts
            .iter()
            .position(|a| a.requested & (1 << agency) != 0)
    }

    /// The account `agency`'s open request names, if it restores one.
    fn named(&self, agency: usize) -> Option<usize> {
        self.accounts
            .iter()
            .position(|a| a.named && a.agency == agency)
    }
}

/// A recovery request for `agency` by `requester`, naming `account` (or
/// a new one).
fn apply_request(
    world: &World,
    requester: usize,
    agency: usize,
    account: Option<usize>,
    step: u8,
) -> World {
    let mut next = world.clone();
    next.accounts[requester].requested |= 1 << agency;
    next.requested_at[agency] = step;
    if let Some(j) = account {
        next.accounts[j].named = true;
    }
    next
}

/// `agency`'s open request closed without approval (declined, or lapsed).
fn apply_close(world: &World, agency: usize) -> World {
    let mut next = world.clone();
    next.requested_at[agency] = 0;
    for account in &mut next.accounts {
        account.requested &= !(1 << agency);
        if account.agency == agency {
            account.named = false;
        }
    }
    next
}

/// `agency`'s open request approved by `approver`, as the app applies it:
/// the named account (or a new one) is the agency's administrator, active,
/// with the one-time password the approver chose, no second factor, and
/// no session or token; a new account is made by the approver (the app
/// audits its `user.created` with the approver as actor). Whether two
/// people completed it is the model's judgement, made apart from the rule
/// under test.
fn apply_approval(world: &World, agency: usize, approver: usize, step: u8) -> World {
    let two = world
        .requester(agency)
        .is_some_and(|r| world.people(r) & world.people(approver) == 0);
    let mut next = apply_close(world, agency);
    match world.named(agency) {
        Some(j) => {
            let target = &mut next.accounts[j];
            target.roles = recovery::recovered_roles(&target.roles);
            target.active = true;
            target.password_known = true;
            target.device = Device::None;
            target.session = false;
            target.token = None;
            target.recovered = two;
        }
        None => next.accounts.push(Account {
            id: world.next_id(),
            created_by: Some(world.accounts[approver].id),
            created_at: Some(step),
            reset_by: 0,
            agency,
            roles: vec![Role::AgencyAdministrator],
            active: true,
            password_known: true,
            device: Device::None,
            session: false,
            token: None,
            requested: 0,
            named: false,
            recovered: two,
        }),
    }
    next
}

/// A step as the search keeps it: who took it, and what it was (words
/// are made only for the way in that is reported, through `Debug`).
#[derive(Debug, Clone)]
#[allow(dead_code)]
enum What {
    Create {
        agency: usize,
        roles: Vec<Role>,
    },
    Update {
        account: usize,
        roles: Vec<Role>,
    },
    SetActive {
        account: usize,
    },
    ResetPassword {
        account: usize,
    },
    ResetSecondFactor {
        account: usize,
    },
    Own(OwnStep),
    CreateAgency,
    RequestRecovery {
        agency: usize,
        account: Option<usize>,
    },
    DeclineRecovery {
        agency: usize,
    },
    ApproveRecovery {
        agency: usize,
        account: Option<usize>,
    },
}

type Step = (Rc<str>, What);

impl World {
    fn what(&self, change: AccountChange<'_>) -> What {
        match change {
            AccountChange::Create { agency, roles } => What::Create {
                agency: World::agency_index(agency),
                roles: roles.to_vec(),
            },
            AccountChange::Update { account, roles } => What::Update {
                account: self.index_of(account.id),
                roles: roles.to_vec(),
            },
            AccountChange::SetActive { account } => What::SetActive {
                account: self.index_of(account.id),
            },
            AccountChange::ResetPassword { account } => What::ResetPassword {
                account: self.index_of(account.id),
            },
            AccountChange::ResetSecondFactor { account } => What::ResetSecondFactor {
                account: self.index_of(account.id),
            },
        }
    }
}

/// Every world one step on (the step numbered `step`), with the step.
fn successors(
    world: &World,
    rules: &Rules<'_>,
    initial_accounts: usize,
    step: u8,
) -> Vec<(World, Step)> {
    let mut found = Vec::new();
    let administrators: Vec<AgencyAdministrators> =
        (0..MAX_AGENCIES).map(|a| world.administrators(a)).collect();
    let room = world.accounts.len() < initial_accounts + MAX_NEW_ACCOUNTS;
    for i in 0..world.accounts.len() {
        // A recovered administrator of the agency under attack is its own
        // administrator: whatever it does is a step the agency took.
        let own_administrator = world.accounts[i].agency == 0
            && world.accounts[i].recovered
            && world.accounts[i].roles.contains(&Role::AgencyAdministrator);
        let theirs_from = found.len();
        for via in world.ways_to_act(i) {
            let actor = world.actor(i, via);
            let who: Rc<str> = format!(
                "{:?} of agency {} via {via:?}",
                actor.roles, world.accounts[i].agency
            )
            .into();
            let allowed = |change: AccountChange<'_>, found: &mut Vec<(World, Step)>| {
                let admins = administrators[World::agency_index(change.agency())];
                if (rules.change)(&actor, change, admins).is_ok() {
                    assert!(
                        reaches(&actor.roles, Reach::Accounts),
                        "{who} was allowed {change:?}, but none of its permissions is placed as \
                         reaching accounts in `reach`"
                    );
                    found.push((
                        apply(world, change, world.accounts[i].id, step).settle(),
                        (who.clone(), world.what(change)),
                    ));
                }
            };
            if room {
                for agency in 0..world.agencies {
                    for roles in ROLE_SETS.iter() {
                        allowed(
                            AccountChange::Create {
                                agency: AGENCY_IDS[agency],
                                roles,
                            },
                            &mut found,
                        );
                    }
                }
            }
            for j in 0..world.accounts.len() {
                let account = world.account_ref(j);
                for roles in ROLE_SETS.iter() {
                    if *roles != world.accounts[j].roles {
                        allowed(AccountChange::Update { account, roles }, &mut found);
                    }
                }
                allowed(AccountChange::SetActive { account }, &mut found);
                allowed(AccountChange::ResetPassword { account }, &mut found);
                allowed(AccountChange::ResetSecondFactor { account }, &mut found);
            }
            for step in [
                OwnStep::CreateToken(Scope::Read),
                OwnStep::CreateToken(Scope::ReadWrite),
                OwnStep::RevokeTokens,
                OwnStep::SignOutEverywhere,
                OwnStep::ChangePassword,
            ] {
                let permitted = match step {
                    OwnStep::CreateToken(_) | OwnStep::RevokeTokens => {
                        actor.may_manage_own_tokens().is_ok()
                    }
                    OwnStep::SignOutEverywhere => true,
                    OwnStep::ChangePassword => {
                        actor.may_change_credentials().is_ok() && world.accounts[i].password_known
                    }
                };
                if permitted {
                    found.push((
                        apply_own(world, i, step).settle(),
                        (who.clone(), What::Own(step)),
                    ));
                }
            }
            if world.agencies < MAX_AGENCIES && actor.require(Permission::ManageAgencies).is_ok() {
                assert!(reaches(&actor.roles, Reach::Agencies));
                let mut next = world.clone();
                next.agencies += 1;
                found.push((next, (who.clone(), What::CreateAgency)));
            }
            // Recovery, which changes accounts outside `AccountChange`:
            // requested and declined by any system administrator (as the
            // app requires), approved as the rules decide.
            if actor.has(Permission::ManageAllUsers) {
                assert!(reaches(&actor.roles, Reach::Accounts));
                for agency in 0..world.agencies {
                    let has_active = administrators[agency] == AgencyAdministrators::Active;
                    let requester = world.requester(agency);
                    let mut take = |next: World, what: What| {
                        found.push((next.settle(), (who.clone(), what)));
                    };
                    if recovery::may_request(has_active, requester.is_some()).is_ok() {
                        take(
                            apply_request(world, i, agency, None, step),
                            What::RequestRecovery {
                                agency,
                                account: None,
                            },
                        );
                        for j in 0..world.accounts.len() {
                            let named = &world.accounts[j];
                            if recovery::check_account(
                                AGENCY_IDS[agency],
                                AGENCY_IDS[named.agency],
                                &named.roles,
                            )
                            .is_ok()
                            {
                                take(
                                    apply_request(world, i, agency, Some(j), step),
                                    What::RequestRecovery {
                                        agency,
                                        account: Some(j),
                                    },
                                );
                            }
                        }
                    }
                    let Some(requester) = requester else {
                        continue;
                    };
                    take(apply_close(world, agency), What::DeclineRecovery { agency });
                    if recovery::may_approve(&actor).is_err() {
                        continue;
                    }
                    let request = Request {
                        requested_by: USER_IDS[usize::from(world.accounts[requester].id)],
                        requested_at: instant(Some(world.requested_at[agency])),
                        status: RecoveryStatus::Open,
                    };
                    let (creators, requester_creators) =
                        ((rules.line)(world, i), (rules.line)(world, requester));
                    let approver = Approver {
                        id: actor.user_id,
                        created_at: instant(world.accounts[i].created_at),
                        created_by: &creators,
                        requester_created_by: &requester_creators,
                    };
                    let named = world.named(agency);
                    // The app checks the named account again when
                    // approving; a new one is an account made.
                    let account_allowed = match named {
                        Some(j) => recovery::check_account(
                            AGENCY_IDS[agency],
                            AGENCY_IDS[world.accounts[j].agency],
                            &world.accounts[j].roles,
                        )
                        .is_ok(),
                        None => room,
                    };
                    if account_allowed
                        && (rules.approve)(&request, approver, instant(Some(step)), has_active)
                            .is_ok()
                    {
                        take(
                            apply_approval(world, agency, i, step),
                            What::ApproveRecovery {
                                agency,
                                account: named,
                            },
                        );
                    }
                }
            }
        }
        if own_administrator {
            for (next, _) in &mut found[theirs_from..] {
                next.own_administrator_acted = true;
            }
        }
    }
    found
}

/// Breadth-first over every sequence of up to [`MAX_STEPS`] steps; the
/// shortest way in that the agency's own administrator took no step in,
/// step by step, if there is one.
fn way_in(start: World, rules: &Rules<'_>) -> Option<Vec<String>> {
    search(start, rules, World::breached).map(|(steps, _)| steps)
}

/// The shortest sequence of steps to a world where `goal` holds, and that
/// world.
fn search(
    start: World,
    rules: &Rules<'_>,
    goal: fn(&World) -> bool,
) -> Option<(Vec<String>, World)> {
    let start = start.settle();
    let initial_accounts = start.accounts.len();
    let mut came_from: HashMap<World, Option<(World, Step)>> = HashMap::new();
    came_from.insert(start.clone(), None);
    let mut queue = VecDeque::from([(start, 0)]);
    while let Some((world, depth)) = queue.pop_front() {
        if goal(&world) {
            let mut steps = Vec::new();
            let mut at = world.clone();
            while let Some(Some((previous, (who, what)))) = came_from.get(&at) {
                steps.push(format!("{who}: {what:?}"));
                at = previous.clone();
            }
            steps.reverse();
            return Some((steps, world));
        }
        if depth == MAX_STEPS {
            continue;
        }
        let step = u8::try_from(depth + 1).expect("a few steps");
        for (next, step) in successors(&world, rules, initial_accounts, step) {
            if let Entry::Vacant(unseen) = came_from.entry(next.clone()) {
                unseen.insert(Some((world.clone(), step)));
                queue.push_back((next, depth + 1));
            }
        }
    }
    None
}

// ---- the people in the worlds ----

fn account(agency: usize, roles: &[Role], active: bool, known: bool, device: Device) -> Account {
    Account {
        // Numbered by `world`.
        id: 0,
        created_by: None,
        created_at: None,
        reset_by: 0,
        agency,
        roles: roles.to_vec(),
        active,
        password_known: known,
        device,
        session: false,
        token: None,
        requested: 0,
        named: false,
        recovered: false,
    }
}

/// An honest person of the agency under attack.
fn honest(roles: &[Role]) -> Account {
    account(0, roles, true, false, Device::Owner)
}

/// Someone the others are, or whose password and second factor they hold.
fn theirs(agency: usize, roles: &[Role]) -> Account {
    account(agency, roles, true, true, Device::Others)
}

const SHELTER: usize = 0;
const MINISTRY: usize = 1;

fn world(mut accounts: Vec<Account>) -> World {
    for (id, account) in accounts.iter_mut().enumerate() {
        account.id = u8::try_from(id).expect("a small world");
    }
    World {
        agencies: 2,
        accounts,
        own_administrator_acted: false,
        requested_at: [0; MAX_AGENCIES],
    }
}

/// The worlds searched: the agency under attack always has, or had, its
/// own administrator, who takes no step.
fn worlds_with_an_administrator() -> Vec<(&'static str, World)> {
    use Role::*;
    let shelter_admin = || honest(&[AgencyAdministrator]);
    let caseworker = || honest(&[Caseworker]);
    let system_admin = || theirs(MINISTRY, &[SystemAdministrator]);
    vec![
        (
            "a system administrator against an agency with its own administrator",
            world(vec![shelter_admin(), caseworker(), system_admin()]),
        ),
        (
            "…who also knows the password of the agency's administrator and of a caseworker, \
             and of a former caseworker's disabled account",
            world(vec![
                account(SHELTER, &[AgencyAdministrator], true, true, Device::Owner),
                account(SHELTER, &[Caseworker], true, true, Device::Owner),
                account(SHELTER, &[Supervisor], false, true, Device::Others),
                system_admin(),
            ]),
        ),
        (
            "…with the agency's own analyst and secretariat, and a system administrator \
             account kept in the agency",
            world(vec![
                shelter_admin(),
                theirs(SHELTER, &[Analyst]),
                theirs(SHELTER, &[CoordinationSecretariat]),
                theirs(SHELTER, &[SystemAdministrator]),
                system_admin(),
            ]),
        ),
        (
            "another agency's administrator with a system administrator",
            world(vec![
                shelter_admin(),
                account(SHELTER, &[Caseworker], false, true, Device::Others),
                theirs(MINISTRY, &[AgencyAdministrator]),
                system_admin(),
            ]),
        ),
        (
            "an agency that lost its administrators (the last one disabled)",
            world(vec![
                account(SHELTER, &[AgencyAdministrator], false, true, Device::None),
                caseworker(),
                account(SHELTER, &[Caseworker], false, true, Device::Others),
                system_admin(),
            ]),
        ),
        (
            "two system administrators against an agency with its own administrator",
            world(vec![
                shelter_admin(),
                caseworker(),
                system_admin(),
                system_admin(),
            ]),
        ),
        (
            "two system administrators, an agency that lost its administrators, and one of \
             its analysts and a disabled caseworker whose passwords they know",
            world(vec![
                account(SHELTER, &[AgencyAdministrator], false, true, Device::Others),
                theirs(SHELTER, &[Analyst]),
                account(SHELTER, &[Caseworker], false, true, Device::Others),
                system_admin(),
                system_admin(),
            ]),
        ),
    ]
}

/// The agency's lost administrator, and a system administrator who
/// knows its password.
fn lost_with_one_system_administrator() -> World {
    use Role::*;
    world(vec![
        account(SHELTER, &[AgencyAdministrator], false, true, Device::Others),
        theirs(MINISTRY, &[SystemAdministrator]),
    ])
}

fn the_changes(
    actor: &Actor,
    change: AccountChange<'_>,
    admins: AgencyAdministrators,
) -> Result<(), Denied> {
    actor.may_change_account(change, admins)
}

fn the_approval(
    request: &Request,
    by: Approver<'_>,
    now: DateTime<Utc>,
    agency_has_active_administrator: bool,
) -> Result<RecoveryStatus, Refusal> {
    request.approve(by, now, agency_has_active_administrator)
}

/// The real rules.
const THE_RULES: Rules<'static> = Rules {
    change: &the_changes,
    approve: &the_approval,
    line: World::hands,
};

/// Searches one world: no way in.
fn assert_no_way_in(world: usize) {
    let (name, start) = worlds_with_an_administrator().swap_remove(world);
    if let Some(steps) = way_in(start, &THE_RULES) {
        panic!(
            "{name}: a way into the agency's cases without its own administrator:\n{}",
            steps.join("\n")
        );
    }
}

// One test per world, so they search in parallel.
#[test]
fn no_way_in_for_a_system_administrator() {
    assert_no_way_in(0);
}

#[test]
fn no_way_in_with_known_passwords_and_a_former_caseworker() {
    assert_no_way_in(1);
}

#[test]
fn no_way_in_from_inside_the_agency_without_case_access() {
    assert_no_way_in(2);
}

#[test]
fn no_way_in_for_another_agencys_administrator() {
    assert_no_way_in(3);
}

#[test]
fn no_way_in_when_the_agency_lost_its_administrators() {
    assert_no_way_in(4);
}

#[test]
fn no_way_in_for_two_system_administrators() {
    assert_no_way_in(5);
}

#[test]
fn no_way_in_for_two_system_administrators_but_a_recovery() {
    assert_no_way_in(6);
}

#[test]
fn no_way_in_for_one_system_administrator_against_a_lost_agency() {
    if let Some(steps) = way_in(lost_with_one_system_administrator(), &THE_RULES) {
        panic!(
            "a way into the agency's cases without its own administrator:\n{}",
            steps.join("\n")
        );
    }
}

/// The second positive control: two system administrators restore an
/// agency that lost its administrators, and the restored administrator
/// (the agency's own) makes its case workers. The recovery gives agency
/// administrator only; the case role comes from the agency's own
/// administrator.
#[test]
fn recovery_by_two_system_administrators_restores_the_agencys_own_administrator() {
    let (_, lost) = worlds_with_an_administrator().swap_remove(6);
    let (steps, end) = search(lost, &THE_RULES, World::in_the_cases).expect("recovery works");
    assert!(end.own_administrator_acted, "{steps:#?}");
    assert_eq!(steps.len(), 3, "{steps:#?}");
    assert!(steps[0].contains("RequestRecovery"), "{steps:#?}");
    assert!(steps[1].contains("ApproveRecovery"), "{steps:#?}");
    assert!(steps[2].starts_with("[AgencyAdministrator"), "{steps:#?}");
    // Every account a recovery touched is an administrator without case
    // access, in every world the search reaches in two steps.
    let (_, lost) = worlds_with_an_administrator().swap_remove(6);
    let start = lost.settle();
    let initial = start.accounts.len();
    for (one, _) in successors(&start, &THE_RULES, initial, 1) {
        for (two, (_, what)) in successors(&one, &THE_RULES, initial, 2) {
            if matches!(what, What::ApproveRecovery { .. }) {
                for account in two.accounts.iter().filter(|a| a.recovered) {
                    assert!(account.roles.contains(&Role::AgencyAdministrator));
                    assert!(!reaches(&account.roles, Reach::Cases), "{what:?}");
                }
            }
        }
    }
}

/// A recovery its requester could approve alone: the rule without its
/// first safeguard.
fn approved_by_the_requester_alone(
    request: &Request,
    by: Approver<'_>,
    now: DateTime<Utc>,
    agency_has_active_administrator: bool,
) -> Result<RecoveryStatus, Refusal> {
    static SOMEONE_ELSE: LazyLock<UserId> = LazyLock::new(UserId::new);
    let id = if by.id == request.requested_by {
        *SOMEONE_ELSE
    } else {
        by.id
    };
    request.approve(
        Approver {
            id,
            ..long_standing(by)
        },
        now,
        agency_has_active_administrator,
    )
}

/// Any account but the requester's may approve: the rule before it asked
/// who made the approver's account and when (the hole the search found).
fn approved_by_any_other_account(
    request: &Request,
    by: Approver<'_>,
    now: DateTime<Utc>,
    agency_has_active_administrator: bool,
) -> Result<RecoveryStatus, Refusal> {
    request.approve(long_standing(by), now, agency_has_active_administrator)
}

/// `by` as an account nobody in the world made, made long before.
fn long_standing(by: Approver<'_>) -> Approver<'static> {
    Approver {
        id: by.id,
        created_at: instant(None),
        created_by: &[],
        requester_created_by: &[],
    }
}

/// The search would catch a recovery one system administrator completes
/// alone: request, approve, and the account they restored makes a
/// caseworker.
#[test]
fn a_recovery_approved_by_its_requester_is_a_way_in() {
    let loose = Rules {
        change: &the_changes,
        approve: &approved_by_the_requester_alone,
        line: World::hands,
    };
    let steps = way_in(lost_with_one_system_administrator(), &loose).expect("a way in");
    assert_eq!(steps.len(), 3, "{steps:#?}");
    assert!(steps[0].contains("RequestRecovery"), "{steps:#?}");
    assert!(steps[1].contains("ApproveRecovery"), "{steps:#?}");
}

/// A lost agency and a system administrator who made a second system
/// administrator account long ago (and knows its password).
fn lost_with_a_second_account_of_one_system_administrator() -> World {
    use Role::*;
    let mut lost = world(vec![
        account(SHELTER, &[AgencyAdministrator], false, true, Device::Others),
        theirs(MINISTRY, &[SystemAdministrator]),
        theirs(MINISTRY, &[SystemAdministrator]),
    ]);
    lost.accounts[2].created_by = Some(lost.accounts[1].id);
    lost
}

/// The hole the search found in the rule that only asked for two
/// accounts: one system administrator makes a second system administrator
/// account, requests with one and approves with the other, and the
/// restored administrator makes a caseworker. Now refused, whether the
/// second account is new (too new, and the requester's) or was made long
/// ago (the requester's).
#[test]
fn no_way_in_for_one_system_administrator_with_a_second_account() {
    for (name, start) in [
        (
            "one system administrator, who makes a second account",
            lost_with_one_system_administrator(),
        ),
        (
            "one system administrator with a second account made long ago",
            lost_with_a_second_account_of_one_system_administrator(),
        ),
    ] {
        if let Some(steps) = way_in(start, &THE_RULES) {
            panic!(
                "{name}: a way into the agency's cases without its own administrator:\n{}",
                steps.join("\n")
            );
        }
    }
}

/// The search would catch the rule that only asked for two accounts: with
/// it, both worlds above have a way in through a recovery one person
/// completed with two accounts.
#[test]
fn a_recovery_approved_by_an_account_its_requester_made_is_a_way_in() {
    let two_accounts = Rules {
        change: &the_changes,
        approve: &approved_by_any_other_account,
        line: World::hands,
    };
    let steps = way_in(lost_with_one_system_administrator(), &two_accounts).expect("a way in");
    assert_eq!(steps.len(), 4, "{steps:#?}");
    assert!(
        steps[0].contains("Create") && steps[0].contains("[SystemAdministrator]"),
        "{steps:#?}"
    );
    assert!(steps[1].contains("RequestRecovery"), "{steps:#?}");
    assert!(steps[2].contains("ApproveRecovery"), "{steps:#?}");
    let steps = way_in(
        lost_with_a_second_account_of_one_system_administrator(),
        &two_accounts,
    )
    .expect("a way in");
    assert_eq!(steps.len(), 3, "{steps:#?}");
    assert!(steps[0].contains("RequestRecovery"), "{steps:#?}");
    assert!(steps[1].contains("ApproveRecovery"), "{steps:#?}");
}

/// A lost agency, a system administrator of the others' and a second,
/// honest one who has stood for long; the others do not know her password,
/// and she has no second factor enrolled just now (lost, say) — so the
/// attack below fits in the search's [`MAX_STEPS`]: reset her password,
/// request, approve as her, make a caseworker.
fn lost_with_an_honest_second_system_administrator() -> World {
    use Role::*;
    world(vec![
        account(SHELTER, &[AgencyAdministrator], false, true, Device::Others),
        theirs(MINISTRY, &[SystemAdministrator]),
        account(MINISTRY, &[SystemAdministrator], true, false, Device::None),
    ])
}

/// System administrators manage system administrators: one resets the
/// other's password and second factor, signs in as her and approves her
/// own request. Refused: whoever reset an account's credentials is in its
/// line.
#[test]
fn no_way_in_for_a_system_administrator_who_resets_another() {
    if let Some(steps) = way_in(
        lost_with_an_honest_second_system_administrator(),
        &THE_RULES,
    ) {
        panic!(
            "a way into the agency's cases without its own administrator:\n{}",
            steps.join("\n")
        );
    }
}

/// The search catches the rule that read only the line of creators: with
/// it, one person resets another administrator and completes a recovery
/// as both.
#[test]
fn a_recovery_approved_by_an_account_its_requester_reset_is_a_way_in() {
    let creators_only = Rules {
        change: &the_changes,
        approve: &the_approval,
        line: World::creators,
    };
    let steps = way_in(
        lost_with_an_honest_second_system_administrator(),
        &creators_only,
    )
    .expect("a way in");
    assert!(steps.iter().any(|s| s.contains("Reset")), "{steps:#?}");
    assert!(
        steps.iter().any(|s| s.contains("ApproveRecovery")),
        "{steps:#?}"
    );
}

/// The positive control: the search does find ways in. An agency without
/// any administrator is onboarded by a system administrator, whose first
/// agency administrator then creates its case workers.
#[test]
fn onboarding_is_the_one_way_a_system_administrator_starts_an_agency() {
    use Role::*;
    let new_agency = world(vec![theirs(MINISTRY, &[SystemAdministrator])]);
    let steps = way_in(new_agency, &THE_RULES).expect("onboarding works");
    assert_eq!(steps.len(), 2, "{steps:#?}");
    assert!(
        steps[0].contains("Create") && steps[0].contains("[AgencyAdministrator]"),
        "{steps:#?}"
    );
    assert!(steps[1].starts_with("[AgencyAdministrator]"), "{steps:#?}");
}

/// The rules before separation of duties, as the app applied them: any
/// system administrator gave out the agency administrator role anywhere,
/// enabled and disabled any account, and reset the sign-in of anyone who
/// did not work with cases; a token could reset passwords.
fn the_old_rules(
    actor: &Actor,
    change: AccountChange<'_>,
    _: AgencyAdministrators,
) -> Result<(), Denied> {
    let old_grant = |roles: &[Role], agency: AgencyId| -> Result<(), Denied> {
        let case_roles = roles.iter().any(|r| r.works_with_cases());
        if roles.contains(&Role::SystemAdministrator) {
            if !actor.has(Permission::ManageAllUsers) {
                return Err(Denied::RoleTooHigh);
            }
            if case_roles {
                return Err(Denied::AdministratorWithCaseRole);
            }
        }
        if case_roles && !(actor.has(Permission::ManageOwnAgencyUsers) && agency == actor.agency_id)
        {
            return Err(Denied::CaseRolesStayInTheAgency);
        }
        Ok(())
    };
    actor.may_manage_users_of(change.agency())?;
    match change {
        AccountChange::Create { agency, roles } => old_grant(roles, agency),
        AccountChange::Update { account, roles } => {
            old_grant(account.roles, account.agency)?;
            old_grant(roles, account.agency)
        }
        AccountChange::SetActive { account } => {
            if account.roles.contains(&Role::SystemAdministrator)
                && !actor.has(Permission::ManageAllUsers)
            {
                Err(Denied::RoleTooHigh)
            } else {
                Ok(())
            }
        }
        AccountChange::ResetPassword { account } | AccountChange::ResetSecondFactor { account } => {
            old_grant(account.roles, account.agency)
        }
    }
}

const THE_OLD_RULES: Rules<'static> = Rules {
    change: &the_old_rules,
    approve: &the_approval,
    line: World::hands,
};

/// The search would have caught the paths the outside test opened: under
/// the old rules every world above has a way in.
#[test]
fn under_the_old_rules_every_world_has_a_way_in() {
    for (name, start) in worlds_with_an_administrator() {
        let steps = way_in(start, &THE_OLD_RULES);
        assert!(
            steps.is_some(),
            "{name}: the old rules should have a way in"
        );
    }
    // The outside test's own path: a second agency administrator made by
    // a system administrator, who then makes a caseworker.
    let (_, first) = &worlds_with_an_administrator()[0];
    let steps = way_in(first.clone(), &THE_OLD_RULES).expect("a way in");
    assert_eq!(steps.len(), 2, "{steps:#?}");
}

/// Case access is exactly what the case roles hold, so the goal of the
/// search is the one the case access decision opens.
#[test]
fn reaching_cases_is_working_with_cases() {
    for role in Role::ALL {
        assert_eq!(
            reaches(&[role], Reach::Cases),
            role.works_with_cases(),
            "{role}"
        );
    }
}
