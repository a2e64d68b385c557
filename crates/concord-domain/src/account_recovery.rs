//! Two safeguards around the accounts of member agencies.
//!
//! **Recovery.** Once an agency has its own administrator, only its own
//! administrators manage its accounts. When it has lost every one of them
//! (no active agency administrator: all disabled, or locked out and then
//! disabled), two *different* system administrators restore it: one
//! requests (naming the agency, the account to be made or restored as its
//! administrator, and why), another approves within [`APPROVAL_LIMIT`]. The
//! requester can never approve their own request, nor through an account
//! of their making: the two accounts' lines of creators (who created the
//! account, who created that one, and so on, each line with its own
//! account) must not meet — neither made the other, and no account made
//! both — and the approver's must have existed for [`APPROVER_STANDING`]
//! before the request was made. So one person cannot make a second system
//! administrator account and approve (or ask) with it, now or later. An open request lapses at
//! its limit; approval is refused if the agency has an active
//! administrator again by then. A request is a small state machine:
//!
//! ```text
//! open ──approve (another system administrator, before the limit,
//!  │              agency still without an active administrator)──▶ approved
//!  ├──decline (before the limit)──────────────────────────────────▶ declined
//!  └──the limit passes─────────────────────────────────────────────▶ lapsed
//! ```
//!
//! **Burst alert.** One administrator creating accounts or resetting
//! passwords or second factors in several agencies in a short time is how
//! a stolen or abused administrator account would take over agencies: at
//! least [`BURST_ACTS`] such acts across at least [`BURST_AGENCIES`]
//! agencies within [`BURST_WINDOW`] is a burst, shown to the other system
//! administrators for [`BURST_SHOWN_FOR`].
//!
//! Instants are UTC; limits are compared on instants, never on local dates.

use crate::access::{Actor, Denied};
use crate::audit::AuditAction;
use crate::ids::{AgencyId, UserId};
use crate::role::{Permission, Role};
use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::str::FromStr;

/// How long a recovery request waits for a second system administrator.
/// It may be approved up to, but not at, `requested_at + APPROVAL_LIMIT`.
pub const APPROVAL_LIMIT: TimeDelta = TimeDelta::hours(24);

/// How long before a request the approver's account must already exist:
/// an account created at `requested_at - APPROVER_STANDING` or earlier
/// may approve; one created an instant later may not.
pub const APPROVER_STANDING: TimeDelta = APPROVAL_LIMIT;

/// Where a recovery request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecoveryStatus {
    /// Waiting for another system administrator.
    Open,
    /// Approved: the named account administers the agency.
    Approved,
    /// Turned down by a system administrator.
    Declined,
    /// Not approved within [`APPROVAL_LIMIT`].
    Lapsed,
}

impl RecoveryStatus {
    pub const ALL: [RecoveryStatus; 4] = [
        RecoveryStatus::Open,
        RecoveryStatus::Approved,
        RecoveryStatus::Declined,
        RecoveryStatus::Lapsed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RecoveryStatus::Open => "open",
            RecoveryStatus::Approved => "approved",
            RecoveryStatus::Declined => "declined",
            RecoveryStatus::Lapsed => "lapsed",
        }
    }
}

impl fmt::Display for RecoveryStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for RecoveryStatus {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        RecoveryStatus::ALL
            .into_iter()
            .find(|v| v.as_str() == s)
            .ok_or_else(|| format!("unknown recovery status `{s}`"))
    }
}

/// Why a recovery step is refused. A code, not a sentence: the web layer
/// words it in the reader's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Refusal {
    /// The requester can never approve their own request.
    OwnRequest,
    /// The two accounts come from the same hands: one was created by the
    /// other, or both by the same account (directly or down a line of
    /// accounts): whoever made them chose their first passwords, so it may
    /// be one person on both sides.
    RelatedAccounts,
    /// The approver's account did not yet exist [`APPROVER_STANDING`]
    /// before the request was made.
    ApproverTooNew,
    /// The time limit passed: the request lapsed.
    Lapsed,
    /// It was already approved, declined or lapsed.
    NotOpen,
    /// The agency has an active administrator, who manages its accounts.
    AgencyHasAdministrator,
    /// The agency already has a request waiting for approval.
    AlreadyRequested,
    /// The account named belongs to another agency.
    AccountOfAnotherAgency,
    /// The account named works with cases: its sign-in is never set by
    /// anyone outside its agency.
    AccountWorksWithCases,
    /// The account named is a system administrator's.
    AccountIsSystemAdministrator,
}

impl Refusal {
    pub const ALL: [Refusal; 10] = [
        Refusal::OwnRequest,
        Refusal::RelatedAccounts,
        Refusal::ApproverTooNew,
        Refusal::Lapsed,
        Refusal::NotOpen,
        Refusal::AgencyHasAdministrator,
        Refusal::AlreadyRequested,
        Refusal::AccountOfAnotherAgency,
        Refusal::AccountWorksWithCases,
        Refusal::AccountIsSystemAdministrator,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Refusal::OwnRequest => "own_request",
            Refusal::RelatedAccounts => "related_accounts",
            Refusal::ApproverTooNew => "approver_too_new",
            Refusal::Lapsed => "lapsed",
            Refusal::NotOpen => "not_open",
            Refusal::AgencyHasAdministrator => "agency_has_administrator",
            Refusal::AlreadyRequested => "already_requested",
            Refusal::AccountOfAnotherAgency => "account_of_another_agency",
            Refusal::AccountWorksWithCases => "account_works_with_cases",
            Refusal::AccountIsSystemAdministrator => "account_is_system_administrator",
        }
    }

    /// Refusals that say the request or the agency no longer allows it
    /// (a conflict with where things stand), as opposed to what the person
    /// may never do (approve their own request, name an account that is
    /// not the agency's to give).
    pub fn is_conflict(self) -> bool {
        matches!(
            self,
            Refusal::Lapsed
                | Refusal::NotOpen
                | Refusal::AgencyHasAdministrator
                | Refusal::AlreadyRequested
        )
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// The instant a request made at `requested_at` lapses.
pub fn expires_at(requested_at: DateTime<Utc>) -> DateTime<Utc> {
    requested_at + APPROVAL_LIMIT
}

/// The account that would approve, as the rule sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Approver<'a> {
    pub id: UserId,
    /// When the account was created.
    pub created_at: DateTime<Utc>,
    /// Who created it, then who created that account, and so on, as the
    /// audit log's `user.created` events say (the line stops at an account
    /// created from the command line, which has no creator) — and, along
    /// the way, whoever ever reset an account's password or second factor:
    /// every hand that held a way in.
    pub created_by: &'a [UserId],
    /// The same line for the requester's account: the two lines, each
    /// with its own account, must not meet.
    pub requester_created_by: &'a [UserId],
}

/// A recovery request as the rules see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Request {
    pub requested_by: UserId,
    pub requested_at: DateTime<Utc>,
    /// As stored: an open request past its limit is still stored `open`
    /// until someone records the lapse.
    pub status: RecoveryStatus,
}

impl Request {
    pub fn expires_at(&self) -> DateTime<Utc> {
        expires_at(self.requested_at)
    }

    /// Where it stands at `now`: an open request lapses at its limit.
    pub fn status_at(&self, now: DateTime<Utc>) -> RecoveryStatus {
        if self.status == RecoveryStatus::Open && now >= self.expires_at() {
            RecoveryStatus::Lapsed
        } else {
            self.status
        }
    }

    /// May `by` approve it at `now`? Checked in this order: it is still
    /// open; `by` is not the requester; the two accounts' lines of
    /// creators (each with the account itself) do not meet — neither made
    /// the other, and no account made both; `by`'s existed
    /// [`APPROVER_STANDING`] before the request; the limit has not passed;
    /// the agency still has no active administrator.
    pub fn approve(
        &self,
        by: Approver<'_>,
        now: DateTime<Utc>,
        agency_has_active_administrator: bool,
    ) -> Result<RecoveryStatus, Refusal> {
        if self.status != RecoveryStatus::Open {
            return Err(Refusal::NotOpen);
        }
        if by.id == self.requested_by {
            return Err(Refusal::OwnRequest);
        }
        let approver_line = || std::iter::once(&by.id).chain(by.created_by);
        let requester_line = || std::iter::once(&self.requested_by).chain(by.requester_created_by);
        if approver_line().any(|a| requester_line().any(|r| r == a)) {
            return Err(Refusal::RelatedAccounts);
        }
        if by.created_at > self.requested_at - APPROVER_STANDING {
            return Err(Refusal::ApproverTooNew);
        }
        if self.status_at(now) == RecoveryStatus::Lapsed {
            return Err(Refusal::Lapsed);
        }
        if agency_has_active_administrator {
            return Err(Refusal::AgencyHasAdministrator);
        }
        Ok(RecoveryStatus::Approved)
    }

    /// May it be declined at `now`? Any system administrator may turn an
    /// open request down (the requester withdrawing it included) before it
    /// lapses.
    pub fn decline(&self, now: DateTime<Utc>) -> Result<RecoveryStatus, Refusal> {
        match self.status_at(now) {
            RecoveryStatus::Open => Ok(RecoveryStatus::Declined),
            RecoveryStatus::Lapsed if self.status == RecoveryStatus::Open => Err(Refusal::Lapsed),
            _ => Err(Refusal::NotOpen),
        }
    }

    /// The lapse to record at `now`, if it is due: only an open request
    /// at or past its limit lapses.
    pub fn lapse(&self, now: DateTime<Utc>) -> Option<RecoveryStatus> {
        (self.status == RecoveryStatus::Open && self.status_at(now) == RecoveryStatus::Lapsed)
            .then_some(RecoveryStatus::Lapsed)
    }
}

/// May `actor` approve recovery requests at all? Only a system
/// administrator signed in: approving sets the restored account's
/// password, and an API token never changes credentials (the credential
/// rule, [`Actor::may_change_credentials`], checked first as
/// [`Actor::may_change_account`] checks it). Whether this request may be
/// approved is [`Request::approve`].
pub fn may_approve(actor: &Actor) -> Result<(), Denied> {
    actor.may_change_credentials()?;
    actor.require(Permission::ManageAllUsers)
}

/// May a new request be made for an agency? Not while it has an active
/// administrator (it manages its own accounts), nor while another request
/// for it waits.
pub fn may_request(
    agency_has_active_administrator: bool,
    open_request: bool,
) -> Result<(), Refusal> {
    if agency_has_active_administrator {
        Err(Refusal::AgencyHasAdministrator)
    } else if open_request {
        Err(Refusal::AlreadyRequested)
    } else {
        Ok(())
    }
}

/// May an existing account of `account_agency` holding `roles` be
/// restored as the administrator of `agency`? It must be the agency's own,
/// not a system administrator's, and not one that works with cases: the
/// recovery sets its password, and no one outside an agency ever sets the
/// sign-in of someone who opens its cases.
pub fn check_account(
    agency: AgencyId,
    account_agency: AgencyId,
    roles: &[Role],
) -> Result<(), Refusal> {
    if account_agency != agency {
        Err(Refusal::AccountOfAnotherAgency)
    } else if roles.contains(&Role::SystemAdministrator) {
        Err(Refusal::AccountIsSystemAdministrator)
    } else if roles.iter().any(|r| r.works_with_cases()) {
        Err(Refusal::AccountWorksWithCases)
    } else {
        Ok(())
    }
}

/// The roles a recovered account holds: those it held, and agency
/// administrator (sorted, no duplicates).
pub fn recovered_roles(roles: &[Role]) -> Vec<Role> {
    roles
        .iter()
        .copied()
        .chain([Role::AgencyAdministrator])
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}

// ------------------------------------------------------------ burst alert

/// A burst is at least this many account acts by one administrator…
pub const BURST_ACTS: usize = 5;
/// …in at least this many different agencies…
pub const BURST_AGENCIES: usize = 2;
/// …all within this long of the first (the last strictly less than
/// `BURST_WINDOW` after the first).
pub const BURST_WINDOW: TimeDelta = TimeDelta::minutes(10);
/// A burst stays on the other administrators' home pages until this long
/// after its last act.
pub const BURST_SHOWN_FOR: TimeDelta = TimeDelta::hours(24);

/// The audit actions that count as account acts: creating an account, and
/// resetting someone else's password or second factor (a recovery approval
/// records one of the first two for the account it restores).
pub const ACCOUNT_ACTS: [AuditAction; 3] = [
    AuditAction::UserCreated,
    AuditAction::PasswordReset,
    AuditAction::SecondFactorRemoved,
];

/// One account act: who did it, in which agency's account, when.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AccountAct {
    pub actor: UserId,
    /// The agency of the account acted on.
    pub agency: AgencyId,
    pub at: DateTime<Utc>,
}

/// A run of account acts by one administrator that makes a burst.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Burst {
    pub actor: UserId,
    pub first_at: DateTime<Utc>,
    pub last_at: DateTime<Utc>,
    /// Acts in the run (overlapping windows are merged into one run).
    pub acts: usize,
    /// Different agencies acted on in the run.
    pub agencies: usize,
}

/// Every burst in `acts` (any order), one per run: windows of
/// [`BURST_WINDOW`] holding at least [`BURST_ACTS`] acts of one actor in at
/// least [`BURST_AGENCIES`] agencies, overlapping ones merged. Ordered by
/// actor, then time.
pub fn bursts(acts: &[AccountAct]) -> Vec<Burst> {
    let mut by_actor: BTreeMap<UserId, Vec<&AccountAct>> = BTreeMap::new();
    for act in acts {
        by_actor.entry(act.actor).or_default().push(act);
    }
    let mut found = Vec::new();
    for (actor, mut own) in by_actor {
        own.sort_by_key(|a| (a.at, a.agency));
        // Runs as (first index, last index) into `own`.
        let mut runs: Vec<(usize, usize)> = Vec::new();
        let mut start = 0;
        for end in 0..own.len() {
            while own[end].at - own[start].at >= BURST_WINDOW {
                start += 1;
            }
            let window = &own[start..=end];
            let agencies = window.iter().map(|a| a.agency).collect::<BTreeSet<_>>();
            if window.len() >= BURST_ACTS && agencies.len() >= BURST_AGENCIES {
                match runs.last_mut() {
                    Some(run) if start <= run.1 => run.1 = end,
                    _ => runs.push((start, end)),
                }
            }
        }
        for (first, last) in runs {
            let run = &own[first..=last];
            found.push(Burst {
                actor,
                first_at: run[0].at,
                last_at: run[run.len() - 1].at,
                acts: run.len(),
                agencies: run.iter().map(|a| a.agency).collect::<BTreeSet<_>>().len(),
            });
        }
    }
    found
}

/// The bursts `viewer` is shown at `now`: someone else's, whose last act
/// was less than [`BURST_SHOWN_FOR`] ago. Newest first.
pub fn bursts_shown_to(viewer: UserId, now: DateTime<Utc>, acts: &[AccountAct]) -> Vec<Burst> {
    let mut shown: Vec<Burst> = bursts(acts)
        .into_iter()
        .filter(|b| b.actor != viewer && now - b.last_at < BURST_SHOWN_FOR)
        .collect();
    shown.sort_by_key(|b| std::cmp::Reverse(b.last_at));
    shown
}

/// From when account acts must be read to find every burst shown at
/// `now` whole: the oldest act of a burst still shown.
pub fn burst_lookback(now: DateTime<Utc>) -> DateTime<Utc> {
    now - BURST_SHOWN_FOR - BURST_WINDOW
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use proptest::prelude::*;

    fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap()
    }

    const MICRO: TimeDelta = TimeDelta::microseconds(1);

    fn request(by: UserId) -> Request {
        Request {
            requested_by: by,
            requested_at: t0(),
            status: RecoveryStatus::Open,
        }
    }

    /// An approver whose account nobody in the test made, created exactly
    /// [`APPROVER_STANDING`] before the request.
    fn long_standing(id: UserId) -> Approver<'static> {
        Approver {
            id,
            created_at: t0() - APPROVER_STANDING,
            created_by: &[],
            requester_created_by: &[],
        }
    }

    // ---- the state machine ----

    #[test]
    fn approval_limit_is_twenty_four_hours() {
        assert_eq!(APPROVAL_LIMIT, TimeDelta::hours(24));
        assert_eq!(expires_at(t0()), t0() + TimeDelta::hours(24));
    }

    #[test]
    fn another_administrator_approves_until_the_instant_before_the_limit() {
        let (alice, bob) = (UserId::new(), UserId::new());
        let r = request(alice);
        let limit = t0() + APPROVAL_LIMIT;
        assert_eq!(
            r.approve(long_standing(bob), t0(), false),
            Ok(RecoveryStatus::Approved)
        );
        assert_eq!(
            r.approve(long_standing(bob), limit - MICRO, false),
            Ok(RecoveryStatus::Approved)
        );
        assert_eq!(
            r.approve(long_standing(bob), limit, false),
            Err(Refusal::Lapsed)
        );
        assert_eq!(
            r.approve(long_standing(bob), limit + MICRO, false),
            Err(Refusal::Lapsed)
        );
    }

    #[test]
    fn an_open_request_lapses_at_its_limit_not_before() {
        let r = request(UserId::new());
        let limit = t0() + APPROVAL_LIMIT;
        assert_eq!(r.status_at(limit - MICRO), RecoveryStatus::Open);
        assert_eq!(r.lapse(limit - MICRO), None);
        assert_eq!(r.status_at(limit), RecoveryStatus::Lapsed);
        assert_eq!(r.lapse(limit), Some(RecoveryStatus::Lapsed));
        assert_eq!(r.status_at(limit + MICRO), RecoveryStatus::Lapsed);
        assert_eq!(r.lapse(limit + MICRO), Some(RecoveryStatus::Lapsed));
    }

    #[test]
    fn the_requester_never_approves_their_own_request() {
        let alice = UserId::new();
        let r = request(alice);
        for at in [t0(), t0() + APPROVAL_LIMIT - MICRO, t0() + APPROVAL_LIMIT] {
            for has_admin in [false, true] {
                assert_eq!(
                    r.approve(long_standing(alice), at, has_admin),
                    Err(Refusal::OwnRequest)
                );
            }
        }
    }

    #[test]
    fn the_approvers_account_must_exist_a_day_before_the_request() {
        assert_eq!(APPROVER_STANDING, TimeDelta::hours(24));
        let (alice, bob) = (UserId::new(), UserId::new());
        let r = request(alice);
        let created = |at| Approver {
            id: bob,
            created_at: at,
            created_by: &[],
            requester_created_by: &[],
        };
        let standing = t0() - APPROVER_STANDING;
        assert_eq!(
            r.approve(created(standing - MICRO), t0(), false),
            Ok(RecoveryStatus::Approved)
        );
        assert_eq!(
            r.approve(created(standing), t0(), false),
            Ok(RecoveryStatus::Approved)
        );
        assert_eq!(
            r.approve(created(standing + MICRO), t0(), false),
            Err(Refusal::ApproverTooNew)
        );
        // Made after the request: too new however long one waits to
        // approve.
        assert_eq!(
            r.approve(created(t0() + MICRO), t0() + TimeDelta::hours(1), false),
            Err(Refusal::ApproverTooNew)
        );
    }

    #[test]
    fn an_account_the_requester_made_never_approves() {
        let (alice, bob, carol) = (UserId::new(), UserId::new(), UserId::new());
        let r = request(alice);
        let long_ago = t0() - APPROVER_STANDING * 30;
        let made_by = |line: &[UserId]| {
            r.approve(
                Approver {
                    id: bob,
                    created_at: long_ago,
                    created_by: line,
                    requester_created_by: &[],
                },
                t0(),
                false,
            )
        };
        // Made by the requester, even long ago; or by an account the
        // requester made.
        assert_eq!(made_by(&[alice]), Err(Refusal::RelatedAccounts));
        assert_eq!(made_by(&[carol, alice]), Err(Refusal::RelatedAccounts));
        // Made by someone else, or from the command line.
        assert_eq!(made_by(&[carol]), Ok(RecoveryStatus::Approved));
        assert_eq!(made_by(&[]), Ok(RecoveryStatus::Approved));
        // The requester's own making is named before the account's age.
        let new_and_alices = Approver {
            id: bob,
            created_at: t0(),
            created_by: &[alice],
            requester_created_by: &[],
        };
        assert_eq!(
            r.approve(new_and_alices, t0(), false),
            Err(Refusal::RelatedAccounts)
        );
        // The other way round: the requester's account is the approver's
        // making, directly or down the line.
        for line in [&[bob][..], &[carol, bob][..]] {
            let approver = Approver {
                id: bob,
                created_at: long_ago,
                created_by: &[],
                requester_created_by: line,
            };
            assert_eq!(
                r.approve(approver, t0(), false),
                Err(Refusal::RelatedAccounts)
            );
        }
        // Both made by the same account (Carol), directly or not.
        let dave = UserId::new();
        for (approver_line, requester_line) in [
            (&[carol][..], &[carol][..]),
            (&[dave, carol][..], &[carol][..]),
            (&[carol][..], &[dave, carol][..]),
        ] {
            let siblings = Approver {
                id: bob,
                created_at: long_ago,
                created_by: approver_line,
                requester_created_by: requester_line,
            };
            assert_eq!(
                r.approve(siblings, t0(), false),
                Err(Refusal::RelatedAccounts)
            );
        }
        // Lines that do not meet.
        let unrelated = Approver {
            id: bob,
            created_at: long_ago,
            created_by: &[dave],
            requester_created_by: &[carol],
        };
        assert_eq!(
            r.approve(unrelated, t0(), false),
            Ok(RecoveryStatus::Approved)
        );
    }

    #[test]
    fn approval_is_refused_once_the_agency_has_an_administrator_again() {
        let r = request(UserId::new());
        assert_eq!(
            r.approve(long_standing(UserId::new()), t0(), true),
            Err(Refusal::AgencyHasAdministrator)
        );
    }

    #[test]
    fn only_an_open_request_is_approved_declined_or_lapsed() {
        let (alice, bob) = (UserId::new(), UserId::new());
        for status in RecoveryStatus::ALL {
            let r = Request {
                status,
                ..request(alice)
            };
            let open = status == RecoveryStatus::Open;
            assert_eq!(
                r.approve(long_standing(bob), t0(), false).is_ok(),
                open,
                "{status}"
            );
            assert_eq!(r.decline(t0()).is_ok(), open, "{status}");
            assert_eq!(r.lapse(t0() + APPROVAL_LIMIT).is_some(), open, "{status}");
            if !open {
                assert_eq!(
                    r.approve(long_standing(bob), t0(), false),
                    Err(Refusal::NotOpen)
                );
                assert_eq!(r.decline(t0()), Err(Refusal::NotOpen));
                assert_eq!(r.status_at(t0() + APPROVAL_LIMIT * 2), status);
            }
        }
    }

    #[test]
    fn a_request_is_declined_until_the_instant_before_the_limit() {
        let r = request(UserId::new());
        let limit = t0() + APPROVAL_LIMIT;
        assert_eq!(r.decline(limit - MICRO), Ok(RecoveryStatus::Declined));
        assert_eq!(r.decline(limit), Err(Refusal::Lapsed));
        assert_eq!(r.decline(limit + MICRO), Err(Refusal::Lapsed));
    }

    #[test]
    fn refusals_are_checked_in_order() {
        let (alice, bob) = (UserId::new(), UserId::new());
        let late = t0() + APPROVAL_LIMIT;
        let closed = Request {
            status: RecoveryStatus::Declined,
            ..request(alice)
        };
        // Not open beats everything; own request beats lapse and the
        // administrator check; lapse beats the administrator check.
        assert_eq!(
            closed.approve(long_standing(alice), late, true),
            Err(Refusal::NotOpen)
        );
        assert_eq!(
            request(alice).approve(long_standing(alice), late, true),
            Err(Refusal::OwnRequest)
        );
        assert_eq!(
            request(alice).approve(long_standing(bob), late, true),
            Err(Refusal::Lapsed)
        );
    }

    #[test]
    fn only_a_system_administrator_signed_in_approves() {
        use crate::access::TokenScope;
        for role in Role::ALL {
            let mut actor = Actor {
                user_id: UserId::new(),
                agency_id: AgencyId::new(),
                roles: vec![role],
                token_scope: None,
            };
            let expected = if role == Role::SystemAdministrator {
                Ok(())
            } else {
                Err(Denied::NotPermitted)
            };
            assert_eq!(may_approve(&actor), expected, "{role}");
            for scope in [TokenScope::Read, TokenScope::ReadWrite] {
                actor.token_scope = Some(scope);
                assert_eq!(
                    may_approve(&actor),
                    Err(Denied::TokenCannotChangeCredentials),
                    "{role} {scope:?}"
                );
            }
        }
    }

    #[test]
    fn a_request_needs_an_agency_without_administrator_and_without_a_waiting_request() {
        assert_eq!(may_request(false, false), Ok(()));
        assert_eq!(
            may_request(true, false),
            Err(Refusal::AgencyHasAdministrator)
        );
        assert_eq!(
            may_request(true, true),
            Err(Refusal::AgencyHasAdministrator)
        );
        assert_eq!(may_request(false, true), Err(Refusal::AlreadyRequested));
    }

    #[test]
    fn only_the_agencys_own_accounts_without_case_roles_are_restored() {
        let (shelter, police) = (AgencyId::new(), AgencyId::new());
        for role in Role::ALL {
            let expected = if role == Role::SystemAdministrator {
                Err(Refusal::AccountIsSystemAdministrator)
            } else if role.works_with_cases() {
                Err(Refusal::AccountWorksWithCases)
            } else {
                Ok(())
            };
            assert_eq!(check_account(shelter, shelter, &[role]), expected, "{role}");
            assert_eq!(
                check_account(shelter, police, &[role]),
                Err(Refusal::AccountOfAnotherAgency),
                "{role}"
            );
        }
        // A former administrator who is also the secretariat's contact.
        assert_eq!(
            check_account(
                shelter,
                shelter,
                &[Role::AgencyAdministrator, Role::CoordinationSecretariat]
            ),
            Ok(())
        );
        assert_eq!(
            check_account(shelter, shelter, &[Role::Analyst, Role::Supervisor]),
            Err(Refusal::AccountWorksWithCases)
        );
    }

    #[test]
    fn a_recovered_account_is_an_agency_administrator() {
        assert_eq!(recovered_roles(&[]), vec![Role::AgencyAdministrator]);
        assert_eq!(
            recovered_roles(&[Role::Analyst, Role::AgencyAdministrator]),
            vec![Role::AgencyAdministrator, Role::Analyst]
        );
    }

    #[test]
    fn codes_are_unique_and_statuses_round_trip() {
        let codes: BTreeSet<_> = Refusal::ALL.iter().map(|r| r.code()).collect();
        assert_eq!(codes.len(), Refusal::ALL.len());
        for status in RecoveryStatus::ALL {
            assert_eq!(status.as_str().parse::<RecoveryStatus>(), Ok(status));
        }
        assert!("opened".parse::<RecoveryStatus>().is_err());
        // What the person may never do is not a conflict with the
        // request's state.
        let conflicts: Vec<Refusal> = Refusal::ALL
            .into_iter()
            .filter(|r| r.is_conflict())
            .collect();
        assert_eq!(
            conflicts,
            [
                Refusal::Lapsed,
                Refusal::NotOpen,
                Refusal::AgencyHasAdministrator,
                Refusal::AlreadyRequested
            ]
        );
    }

    // ---- bursts ----

    /// `n` acts by `actor`, `gap` apart from `start`, cycling through
    /// `agencies`.
    fn acts(
        actor: UserId,
        agencies: &[AgencyId],
        n: usize,
        start: DateTime<Utc>,
        gap: TimeDelta,
    ) -> Vec<AccountAct> {
        (0..n)
            .map(|i| AccountAct {
                actor,
                agency: agencies[i % agencies.len()],
                at: start + gap * i as i32,
            })
            .collect()
    }

    /// Five acts whose last comes `span` after the first.
    fn five_over(actor: UserId, agencies: &[AgencyId], span: TimeDelta) -> Vec<AccountAct> {
        let mut five = acts(actor, agencies, 4, t0(), TimeDelta::seconds(1));
        five.push(AccountAct {
            actor,
            agency: agencies[0],
            at: t0() + span,
        });
        five
    }

    #[test]
    fn five_acts_in_two_agencies_within_the_window_are_a_burst() {
        assert_eq!(BURST_ACTS, 5);
        assert_eq!(BURST_AGENCIES, 2);
        assert_eq!(BURST_WINDOW, TimeDelta::minutes(10));
        let admin = UserId::new();
        let two = [AgencyId::new(), AgencyId::new()];
        let found = bursts(&five_over(admin, &two, BURST_WINDOW - MICRO));
        assert_eq!(
            found,
            vec![Burst {
                actor: admin,
                first_at: t0(),
                last_at: t0() + BURST_WINDOW - MICRO,
                acts: 5,
                agencies: 2,
            }]
        );
    }

    #[test]
    fn the_window_ends_the_instant_before_ten_minutes() {
        let admin = UserId::new();
        let two = [AgencyId::new(), AgencyId::new()];
        assert_eq!(
            bursts(&five_over(admin, &two, BURST_WINDOW - MICRO)).len(),
            1
        );
        assert!(bursts(&five_over(admin, &two, BURST_WINDOW)).is_empty());
        assert!(bursts(&five_over(admin, &two, BURST_WINDOW + MICRO)).is_empty());
    }

    #[test]
    fn four_acts_or_one_agency_are_not_a_burst() {
        let admin = UserId::new();
        let many: Vec<AgencyId> = (0..4).map(|_| AgencyId::new()).collect();
        let one = [AgencyId::new()];
        let gap = TimeDelta::seconds(30);
        assert!(bursts(&acts(admin, &many, BURST_ACTS - 1, t0(), gap)).is_empty());
        assert!(bursts(&acts(admin, &one, 20, t0(), gap)).is_empty());
        assert_eq!(
            bursts(&acts(admin, &many[..2], BURST_ACTS, t0(), gap)).len(),
            1
        );
    }

    #[test]
    fn acts_of_different_administrators_do_not_add_up() {
        let (a, b) = (UserId::new(), UserId::new());
        let two = [AgencyId::new(), AgencyId::new()];
        let gap = TimeDelta::seconds(10);
        let mut mixed = acts(a, &two, 3, t0(), gap);
        mixed.extend(acts(b, &two, 3, t0() + TimeDelta::seconds(5), gap));
        assert!(bursts(&mixed).is_empty());
    }

    #[test]
    fn overlapping_windows_are_one_burst_and_separate_runs_two() {
        let admin = UserId::new();
        let two = [AgencyId::new(), AgencyId::new()];
        // Twelve acts a minute apart: every window of ten minutes holds
        // five or more, so one run of twelve.
        let long = acts(admin, &two, 12, t0(), TimeDelta::minutes(1));
        let found = bursts(&long);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].acts, 12);
        assert_eq!(found[0].last_at, t0() + TimeDelta::minutes(11));
        // Two runs an hour apart.
        let mut apart = acts(admin, &two, 5, t0(), TimeDelta::seconds(1));
        apart.extend(acts(
            admin,
            &two,
            5,
            t0() + TimeDelta::hours(1),
            TimeDelta::seconds(1),
        ));
        assert_eq!(bursts(&apart).len(), 2);
    }

    #[test]
    fn a_burst_is_shown_to_others_until_the_instant_before_a_day_after_it() {
        assert_eq!(BURST_SHOWN_FOR, TimeDelta::hours(24));
        let (admin, other) = (UserId::new(), UserId::new());
        let two = [AgencyId::new(), AgencyId::new()];
        let run = acts(admin, &two, 5, t0(), TimeDelta::seconds(1));
        let last = run[4].at;
        assert_eq!(bursts_shown_to(other, last, &run).len(), 1);
        assert!(
            bursts_shown_to(admin, last, &run).is_empty(),
            "not to its author"
        );
        let until = last + BURST_SHOWN_FOR;
        assert_eq!(bursts_shown_to(other, until - MICRO, &run).len(), 1);
        assert!(bursts_shown_to(other, until, &run).is_empty());
        assert!(bursts_shown_to(other, until + MICRO, &run).is_empty());
        // Reading from the lookback finds the whole of a burst still shown.
        assert!(burst_lookback(until - MICRO) <= run[0].at);
    }

    fn arbitrary_acts() -> impl Strategy<Value = Vec<AccountAct>> {
        let actors = [UserId::new(), UserId::new()];
        let agencies = [AgencyId::new(), AgencyId::new(), AgencyId::new()];
        proptest::collection::vec((0..2usize, 0..3usize, 0..3_600i64), 0..40).prop_map(move |raw| {
            raw.into_iter()
                .map(|(actor, agency, second)| AccountAct {
                    actor: actors[actor],
                    agency: agencies[agency],
                    at: t0() + TimeDelta::seconds(second),
                })
                .collect()
        })
    }

    proptest! {
        /// Written from the rule, not the code: a burst exists exactly when
        /// some act starts a window of [`BURST_WINDOW`] holding enough
        /// acts of its actor in enough agencies; and every burst found
        /// meets the thresholds and does not depend on the input's order.
        #[test]
        fn bursts_match_the_rule(mut input in arbitrary_acts()) {
            let found = bursts(&input);
            let by_rule = input.iter().any(|first| {
                let window: Vec<&AccountAct> = input
                    .iter()
                    .filter(|a| {
                        a.actor == first.actor
                            && a.at >= first.at
                            && a.at - first.at < BURST_WINDOW
                    })
                    .collect();
                let agencies: BTreeSet<AgencyId> = window.iter().map(|a| a.agency).collect();
                window.len() >= BURST_ACTS && agencies.len() >= BURST_AGENCIES
            });
            prop_assert_eq!(!found.is_empty(), by_rule);
            for b in &found {
                prop_assert!(b.acts >= BURST_ACTS && b.agencies >= BURST_AGENCIES);
                prop_assert!(b.first_at <= b.last_at);
            }
            input.reverse();
            prop_assert_eq!(bursts(&input), found);
        }
    }
}
