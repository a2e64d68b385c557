//! The case access decision: a table of every situation issue #3 names, for
//! every role, and properties over random requests.

use super::*;
use crate::role::Role;
use DataCategory::*;
use Purpose::*;
use chrono::{Duration, TimeZone};
use proptest::prelude::*;
use std::collections::BTreeSet;

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 3, 3, 12, 0, 0).unwrap()
}

fn hours(h: i64) -> DateTime<Utc> {
    t0() + Duration::hours(h)
}

/// The fixed cast of the table: the actor's agency, the agency that owns
/// the foreign case, and a third agency that is neither.
struct Cast {
    mine: AgencyId,
    owner: AgencyId,
    third: AgencyId,
    me: UserId,
}

impl Cast {
    fn new() -> Self {
        Self {
            mine: AgencyId::new(),
            owner: AgencyId::new(),
            third: AgencyId::new(),
            me: UserId::new(),
        }
    }

    fn actor(&self, role: Role, token_scope: Option<TokenScope>) -> Actor {
        Actor {
            user_id: self.me,
            agency_id: self.mine,
            roles: vec![role],
            token_scope,
        }
    }

    /// A consent to my agency for referrals, covering incident and risk,
    /// valid from hour -10 to hour 10.
    fn consent(&self) -> ConsentGrant {
        ConsentGrant {
            id: ConsentId::new(),
            recipient_agency: self.mine,
            purposes: BTreeSet::from([ReferralForServices]),
            categories: BTreeSet::from([Incident, Risk]),
            valid_from: hours(-10),
            valid_until: hours(10),
            withdrawn_at: None,
        }
    }

    /// A lawful share to my agency covering risk until hour 10.
    fn share(&self) -> LawfulShare {
        LawfulShare {
            id: SharingId::new(),
            recipient_agency: self.mine,
            categories: BTreeSet::from([Risk]),
            valid_until: hours(10),
            revoked_at: None,
        }
    }

    /// My break-glass grant, from hour -1 to hour 3.
    fn break_glass(&self) -> BreakGlassGrant {
        BreakGlassGrant {
            id: BreakGlassId::new(),
            user_id: self.me,
            started_at: hours(-1),
            expires_at: hours(3),
        }
    }
}

/// One row: a situation and what a case worker gets in it.
struct Row {
    name: &'static str,
    own_case: bool,
    operation: CaseOperation,
    purpose: Option<Purpose>,
    consents: Vec<ConsentGrant>,
    shares: Vec<LawfulShare>,
    break_glass: Option<BreakGlassGrant>,
    expected: Result<AccessBasis, Refusal>,
}

fn row(
    name: &'static str,
    operation: CaseOperation,
    expected: Result<AccessBasis, Refusal>,
) -> Row {
    Row {
        name,
        own_case: false,
        operation,
        purpose: Some(ReferralForServices),
        consents: vec![],
        shares: vec![],
        break_glass: None,
        expected,
    }
}

fn rows(cast: &Cast) -> Vec<Row> {
    let consent = cast.consent();
    let share = cast.share();
    let glass = cast.break_glass();
    let mut rows = Vec::new();
    for category in DataCategory::ALL {
        rows.push(Row {
            own_case: true,
            ..row(
                "own agency reads",
                CaseOperation::Read(category),
                Ok(AccessBasis::OwningAgency),
            )
        });
        rows.push(Row {
            own_case: true,
            purpose: None,
            ..row(
                "own agency writes",
                CaseOperation::Write(category),
                Ok(AccessBasis::OwningAgency),
            )
        });
    }
    rows.extend([
        Row {
            own_case: true,
            purpose: None,
            ..row(
                "own agency contributes",
                CaseOperation::Contribute(Justice),
                Ok(AccessBasis::OwningAgency),
            )
        },
        row(
            "foreign case, nothing shared, contribute",
            CaseOperation::Contribute(Justice),
            Err(Refusal::NoBasis),
        ),
        Row {
            consents: vec![consent.clone()],
            ..row(
                "consent covering the category lets an agency contribute",
                CaseOperation::Contribute(Incident),
                Ok(AccessBasis::Consent(consent.id)),
            )
        },
        Row {
            consents: vec![consent.clone()],
            ..row(
                "consent not covering the category",
                CaseOperation::Contribute(Justice),
                Err(Refusal::CategoryNotCovered),
            )
        },
        Row {
            shares: vec![share.clone()],
            purpose: None,
            ..row(
                "lawful share covering the category lets an agency contribute",
                CaseOperation::Contribute(Risk),
                Ok(AccessBasis::LawfulBasis(share.id)),
            )
        },
        Row {
            break_glass: Some(glass),
            ..row(
                "break-glass never lets an agency contribute",
                CaseOperation::Contribute(Incident),
                Err(Refusal::NoBasis),
            )
        },
        Row {
            own_case: true,
            consents: vec![consent.clone()],
            shares: vec![share.clone()],
            break_glass: Some(glass),
            ..row(
                "own agency prefers ownership",
                CaseOperation::Read(Risk),
                Ok(AccessBasis::OwningAgency),
            )
        },
        row(
            "foreign case, no consent",
            CaseOperation::Read(Incident),
            Err(Refusal::NoBasis),
        ),
        row(
            "foreign case, no consent, write",
            CaseOperation::Write(Incident),
            Err(Refusal::OnlyOwnerCanChange),
        ),
        Row {
            consents: vec![consent.clone()],
            ..row(
                "consent covers it",
                CaseOperation::Read(Incident),
                Ok(AccessBasis::Consent(consent.id)),
            )
        },
        Row {
            consents: vec![consent.clone()],
            ..row(
                "consent never allows writing",
                CaseOperation::Write(Incident),
                Err(Refusal::OnlyOwnerCanChange),
            )
        },
        Row {
            consents: vec![consent.clone()],
            purpose: Some(PoliceReport),
            ..row(
                "consent for another purpose",
                CaseOperation::Read(Incident),
                Err(Refusal::PurposeNotCovered),
            )
        },
        Row {
            consents: vec![consent.clone()],
            purpose: None,
            ..row(
                "consent but no purpose stated",
                CaseOperation::Read(Incident),
                Err(Refusal::PurposeRequired),
            )
        },
        Row {
            consents: vec![consent.clone()],
            ..row(
                "consent for other categories",
                CaseOperation::Read(Health),
                Err(Refusal::CategoryNotCovered),
            )
        },
        Row {
            consents: vec![ConsentGrant {
                valid_until: hours(0),
                ..consent.clone()
            }],
            ..row(
                "expired consent",
                CaseOperation::Read(Incident),
                Err(Refusal::ConsentExpired),
            )
        },
        Row {
            consents: vec![ConsentGrant {
                withdrawn_at: Some(hours(0)),
                ..consent.clone()
            }],
            ..row(
                "withdrawn consent",
                CaseOperation::Read(Incident),
                Err(Refusal::ConsentWithdrawn),
            )
        },
        Row {
            consents: vec![ConsentGrant {
                valid_from: hours(1),
                ..consent.clone()
            }],
            ..row(
                "consent not yet valid",
                CaseOperation::Read(Incident),
                Err(Refusal::ConsentNotYetValid),
            )
        },
        Row {
            consents: vec![ConsentGrant {
                recipient_agency: cast.third,
                ..consent.clone()
            }],
            ..row(
                "consent to another agency",
                CaseOperation::Read(Incident),
                Err(Refusal::NoBasis),
            )
        },
        Row {
            shares: vec![share.clone()],
            purpose: None,
            ..row(
                "lawful-basis share",
                CaseOperation::Read(Risk),
                Ok(AccessBasis::LawfulBasis(share.id)),
            )
        },
        Row {
            shares: vec![share.clone()],
            ..row(
                "lawful share, other category",
                CaseOperation::Read(CaseNotes),
                Err(Refusal::CategoryNotCovered),
            )
        },
        Row {
            shares: vec![share.clone()],
            ..row(
                "lawful share never allows writing",
                CaseOperation::Write(Risk),
                Err(Refusal::OnlyOwnerCanChange),
            )
        },
        Row {
            shares: vec![LawfulShare {
                revoked_at: Some(hours(-1)),
                ..share.clone()
            }],
            ..row(
                "revoked lawful share",
                CaseOperation::Read(Risk),
                Err(Refusal::ShareRevoked),
            )
        },
        Row {
            shares: vec![LawfulShare {
                valid_until: hours(0),
                ..share.clone()
            }],
            ..row(
                "expired lawful share",
                CaseOperation::Read(Risk),
                Err(Refusal::ShareExpired),
            )
        },
        Row {
            shares: vec![LawfulShare {
                recipient_agency: cast.third,
                ..share.clone()
            }],
            ..row(
                "lawful share to another agency",
                CaseOperation::Read(Risk),
                Err(Refusal::NoBasis),
            )
        },
        Row {
            consents: vec![consent.clone()],
            shares: vec![share.clone()],
            break_glass: Some(glass),
            ..row(
                "consent preferred to the others",
                CaseOperation::Read(Risk),
                Ok(AccessBasis::Consent(consent.id)),
            )
        },
        Row {
            shares: vec![share.clone()],
            break_glass: Some(glass),
            ..row(
                "lawful basis preferred to break-glass",
                CaseOperation::Read(Risk),
                Ok(AccessBasis::LawfulBasis(share.id)),
            )
        },
        Row {
            consents: vec![consent.clone()],
            break_glass: Some(glass),
            purpose: Some(Statistics),
            ..row(
                "break-glass when consent does not cover",
                CaseOperation::Read(Incident),
                Ok(AccessBasis::BreakGlass(glass.id)),
            )
        },
        Row {
            break_glass: Some(glass),
            ..row(
                "break-glass never allows writing",
                CaseOperation::Write(Risk),
                Err(Refusal::OnlyOwnerCanChange),
            )
        },
        Row {
            break_glass: Some(BreakGlassGrant {
                expires_at: hours(0),
                ..glass
            }),
            ..row(
                "break-glass expired",
                CaseOperation::Read(Risk),
                Err(Refusal::BreakGlassExpired),
            )
        },
        Row {
            break_glass: Some(BreakGlassGrant {
                user_id: UserId::new(),
                ..glass
            }),
            ..row(
                "a colleague's break-glass",
                CaseOperation::Read(Risk),
                Err(Refusal::NoBasis),
            )
        },
    ]);
    for category in DataCategory::ALL {
        let expected = if matches!(category, Health | CaseNotes | Justice) {
            Err(Refusal::BreakGlassCategory)
        } else {
            Ok(AccessBasis::BreakGlass(glass.id))
        };
        rows.push(Row {
            break_glass: Some(glass),
            purpose: None,
            ..row("break-glass", CaseOperation::Read(category), expected)
        });
    }
    rows
}

fn decide_row(cast: &Cast, row: &Row, actor: &Actor) -> Result<AccessBasis, Refusal> {
    let case = CaseFacts {
        owning_agency: if row.own_case { cast.mine } else { cast.owner },
        assigned_caseworker: None,
    };
    decide(&AccessRequest {
        actor,
        case: &case,
        operation: row.operation,
        purpose: row.purpose,
        consents: &row.consents,
        shares: &row.shares,
        break_glass: row.break_glass.as_ref(),
        now: t0(),
    })
}

#[test]
fn every_situation_for_every_role() {
    let cast = Cast::new();
    for row in rows(&cast) {
        for role in Role::ALL {
            let works_cases = role.permissions().contains(&Permission::WorkCases);
            let expected = if works_cases {
                row.expected
            } else {
                Err(Refusal::NoCaseWorkPermission)
            };
            for scope in [None, Some(TokenScope::ReadWrite)] {
                let got = decide_row(&cast, &row, &cast.actor(role, scope));
                assert_eq!(
                    got, expected,
                    "{} / {role} / {:?}: {:?}",
                    row.name, scope, row.operation
                );
            }
        }
    }
}

#[test]
fn a_read_only_token_reads_but_never_writes() {
    let cast = Cast::new();
    for row in rows(&cast) {
        for role in Role::ALL {
            let works_cases = role.permissions().contains(&Permission::WorkCases);
            let expected = match (works_cases, row.operation) {
                (false, _) => Err(Refusal::NoCaseWorkPermission),
                (true, CaseOperation::Write(_) | CaseOperation::Contribute(_)) => {
                    Err(Refusal::TokenScope)
                }
                (true, CaseOperation::Read(_)) => row.expected,
            };
            let got = decide_row(&cast, &row, &cast.actor(role, Some(TokenScope::Read)));
            assert_eq!(got, expected, "{} / {role} / read token", row.name);
        }
    }
}

#[test]
fn administrators_of_the_owning_agency_are_refused() {
    let cast = Cast::new();
    let row = Row {
        own_case: true,
        ..row(
            "own case",
            CaseOperation::Read(IdentityAndContact),
            Ok(AccessBasis::OwningAgency),
        )
    };
    for role in [
        Role::SystemAdministrator,
        Role::AgencyAdministrator,
        Role::Analyst,
        Role::CoordinationSecretariat,
    ] {
        let got = decide_row(&cast, &row, &cast.actor(role, None));
        assert_eq!(got, Err(Refusal::NoCaseWorkPermission), "{role}");
    }
}

#[test]
fn refusal_messages_are_plain_and_codes_distinct() {
    let all = [
        Refusal::NoCaseWorkPermission,
        Refusal::TokenScope,
        Refusal::OnlyOwnerCanChange,
        Refusal::NoBasis,
        Refusal::PurposeRequired,
        Refusal::PurposeNotCovered,
        Refusal::CategoryNotCovered,
        Refusal::ConsentNotYetValid,
        Refusal::ConsentExpired,
        Refusal::ConsentWithdrawn,
        Refusal::ShareExpired,
        Refusal::ShareRevoked,
        Refusal::BreakGlassExpired,
        Refusal::BreakGlassCategory,
    ];
    let codes: BTreeSet<_> = all.iter().map(|r| r.code()).collect();
    assert_eq!(codes.len(), all.len());
    assert_eq!(
        Refusal::OnlyOwnerCanChange.to_string(),
        "only the agency that owns a case can change it"
    );
}

// ---- properties over random requests ----

/// A random situation, owned so that a request can borrow from it.
#[derive(Debug, Clone)]
struct World {
    actor: Actor,
    case: CaseFacts,
    operation: CaseOperation,
    purpose: Option<Purpose>,
    consents: Vec<ConsentGrant>,
    shares: Vec<LawfulShare>,
    break_glass: Option<BreakGlassGrant>,
    now: DateTime<Utc>,
}

impl World {
    fn decide(&self) -> Result<AccessBasis, Refusal> {
        decide(&AccessRequest {
            actor: &self.actor,
            case: &self.case,
            operation: self.operation,
            purpose: self.purpose,
            consents: &self.consents,
            shares: &self.shares,
            break_glass: self.break_glass.as_ref(),
            now: self.now,
        })
    }

    fn without_any_sharing(&self) -> World {
        World {
            consents: vec![],
            shares: vec![],
            break_glass: None,
            ..self.clone()
        }
    }

    fn is_owner(&self) -> bool {
        self.actor.agency_id == self.case.owning_agency
    }
}

/// Three agencies and two users, so that random picks often coincide.
fn agencies() -> [AgencyId; 3] {
    static IDS: std::sync::OnceLock<[AgencyId; 3]> = std::sync::OnceLock::new();
    *IDS.get_or_init(|| [AgencyId::new(), AgencyId::new(), AgencyId::new()])
}

fn users() -> [UserId; 2] {
    static IDS: std::sync::OnceLock<[UserId; 2]> = std::sync::OnceLock::new();
    *IDS.get_or_init(|| [UserId::new(), UserId::new()])
}

fn agency() -> impl Strategy<Value = AgencyId> {
    proptest::sample::select(agencies().to_vec())
}

fn category() -> impl Strategy<Value = DataCategory> {
    proptest::sample::select(DataCategory::ALL.to_vec())
}

fn set_of<T: Ord + Clone + std::fmt::Debug + 'static>(
    all: &[T],
) -> impl Strategy<Value = BTreeSet<T>> {
    proptest::sample::subsequence(all.to_vec(), 0..=all.len()).prop_map(|v| v.into_iter().collect())
}

/// An instant within two days either side of t0.
fn instant() -> impl Strategy<Value = DateTime<Utc>> {
    (-48i64..48).prop_map(hours)
}

fn consent() -> impl Strategy<Value = ConsentGrant> {
    (
        agency(),
        set_of(&Purpose::ALL),
        set_of(&DataCategory::ALL),
        instant(),
        1i64..72,
        proptest::option::of(instant()),
    )
        .prop_map(
            |(recipient_agency, purposes, categories, valid_from, length, withdrawn_at)| {
                ConsentGrant {
                    id: ConsentId::new(),
                    recipient_agency,
                    purposes,
                    categories,
                    valid_from,
                    valid_until: valid_from + Duration::hours(length),
                    withdrawn_at,
                }
            },
        )
}

fn share() -> impl Strategy<Value = LawfulShare> {
    (
        agency(),
        set_of(&DataCategory::ALL),
        instant(),
        proptest::option::of(instant()),
    )
        .prop_map(
            |(recipient_agency, categories, valid_until, revoked_at)| LawfulShare {
                id: SharingId::new(),
                recipient_agency,
                categories,
                valid_until,
                revoked_at,
            },
        )
}

fn break_glass() -> impl Strategy<Value = BreakGlassGrant> {
    (
        proptest::sample::select(users().to_vec()),
        instant(),
        1i64..5,
    )
        .prop_map(|(user_id, started_at, length)| BreakGlassGrant {
            id: BreakGlassId::new(),
            user_id,
            started_at,
            expires_at: started_at + Duration::hours(length),
        })
}

fn actor() -> impl Strategy<Value = Actor> {
    (
        proptest::sample::select(users().to_vec()),
        agency(),
        proptest::sample::subsequence(Role::ALL.to_vec(), 0..=3),
        proptest::option::of(prop_oneof![
            Just(TokenScope::Read),
            Just(TokenScope::ReadWrite)
        ]),
    )
        .prop_map(|(user_id, agency_id, roles, token_scope)| Actor {
            user_id,
            agency_id,
            roles,
            token_scope,
        })
}

fn world() -> impl Strategy<Value = World> {
    (
        actor(),
        agency(),
        prop_oneof![
            category().prop_map(CaseOperation::Read),
            category().prop_map(CaseOperation::Write),
            category().prop_map(CaseOperation::Contribute)
        ],
        proptest::option::of(proptest::sample::select(Purpose::ALL.to_vec())),
        proptest::collection::vec(consent(), 0..4),
        proptest::collection::vec(share(), 0..3),
        proptest::option::of(break_glass()),
        instant(),
    )
        .prop_map(
            |(actor, owner, operation, purpose, consents, shares, break_glass, now)| World {
                actor,
                case: CaseFacts {
                    owning_agency: owner,
                    assigned_caseworker: None,
                },
                operation,
                purpose,
                consents,
                shares,
                break_glass,
                now,
            },
        )
}

/// Does the basis returned really hold in this world?
fn basis_holds(w: &World, basis: AccessBasis) -> bool {
    let category = w.operation.category();
    let reading = matches!(w.operation, CaseOperation::Read(_));
    let shared = reading || matches!(w.operation, CaseOperation::Contribute(_));
    match basis {
        AccessBasis::OwningAgency => w.is_owner(),
        AccessBasis::Consent(id) => w.consents.iter().any(|c| {
            c.id == id
                && shared
                && c.recipient_agency == w.actor.agency_id
                && c.is_active(w.now)
                && w.purpose.is_some_and(|p| c.covers(p, category))
        }),
        AccessBasis::LawfulBasis(id) => w.shares.iter().any(|s| {
            s.id == id
                && shared
                && s.recipient_agency == w.actor.agency_id
                && s.is_active(w.now)
                && s.categories.contains(&category)
        }),
        AccessBasis::BreakGlass(id) => w.break_glass.is_some_and(|g| {
            g.id == id
                && reading
                && g.user_id == w.actor.user_id
                && g.is_active(w.now)
                && BreakGlassGrant::covers(category)
        }),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// No role without WorkCases is ever allowed anything.
    #[test]
    fn without_work_cases_nothing(w in world()) {
        let works = permissions_of(&w.actor.roles).contains(&Permission::WorkCases);
        if !works {
            prop_assert_eq!(w.decide(), Err(Refusal::NoCaseWorkPermission));
        }
    }

    /// Nobody outside the owning agency ever changes a case, and a
    /// read-only token never changes anything.
    #[test]
    fn only_the_owner_writes(w in world()) {
        if let CaseOperation::Write(_) = w.operation
            && (!w.is_owner() || w.actor.token_scope == Some(TokenScope::Read))
        {
            prop_assert!(w.decide().is_err());
        }
    }

    /// An allowed outsider is allowed only because of a consent, share or
    /// break-glass: take them all away and the request is refused.
    #[test]
    fn outsiders_need_a_basis(w in world()) {
        if !w.is_owner() && w.decide().is_ok() {
            prop_assert_eq!(w.without_any_sharing().decide(), Err(Refusal::NoBasis));
        }
    }

    /// Whatever is returned really holds, and the strongest basis wins.
    #[test]
    fn the_basis_is_true_and_the_strongest(w in world()) {
        match w.decide() {
            Ok(basis) => {
                prop_assert!(basis_holds(&w, basis), "{:?}", basis);
                let weaker_only = match basis {
                    AccessBasis::OwningAgency | AccessBasis::Consent(_) => None,
                    AccessBasis::LawfulBasis(_) => Some(World { shares: vec![], break_glass: None, ..w.clone() }),
                    AccessBasis::BreakGlass(_) => Some(World { break_glass: None, ..w.clone() }),
                };
                if let Some(stronger) = weaker_only {
                    prop_assert!(stronger.decide().is_err(), "a stronger basis was passed over");
                }
            }
            Err(_) => {
                let works = permissions_of(&w.actor.roles).contains(&Permission::WorkCases);
                let may_write = w.actor.token_scope != Some(TokenScope::Read);
                let own_work = works && w.is_owner() && (may_write || matches!(w.operation, CaseOperation::Read(_)));
                prop_assert!(!own_work, "the owning agency's case worker was refused");
            }
        }
    }

    /// A consent withdrawn at t never grants anything at or after t; with
    /// only withdrawn consents an outsider is refused.
    #[test]
    fn withdrawal_is_immediate(mut w in world(), delays in proptest::collection::vec(0i64..48, 4)) {
        for (consent, delay) in w.consents.iter_mut().zip(&delays) {
            consent.withdrawn_at = Some(w.now - Duration::hours(*delay));
        }
        if let Ok(AccessBasis::Consent(id)) = w.decide() {
            prop_assert!(false, "withdrawn consent {} still grants access", id);
        }
        let only_consents = World { shares: vec![], break_glass: None, ..w.clone() };
        if !only_consents.is_owner() {
            prop_assert!(only_consents.decide().is_err());
        }
    }

    /// Sharply at the instant: a consent that covers the request grants it
    /// one second before its withdrawal and refuses it from the withdrawal
    /// on, however long after.
    #[test]
    fn withdrawal_takes_effect_at_its_instant(
        w in world(),
        withdrawn in -47i64..0,
        later_minutes in 0i64..(48 * 60),
    ) {
        let category = w.operation.category();
        let purpose = w.purpose.unwrap_or(ReferralForServices);
        let mut roles = w.actor.roles.clone();
        roles.push(Role::Caseworker);
        let t = hours(withdrawn);
        let consent = ConsentGrant {
            id: ConsentId::new(),
            recipient_agency: w.actor.agency_id,
            purposes: BTreeSet::from([purpose]),
            categories: BTreeSet::from([category]),
            valid_from: hours(-48),
            valid_until: hours(48),
            withdrawn_at: Some(t),
        };
        let outsider = World {
            actor: Actor { roles, ..w.actor.clone() },
            case: CaseFacts { owning_agency: AgencyId::new(), assigned_caseworker: None },
            operation: CaseOperation::Read(category),
            purpose: Some(purpose),
            consents: vec![consent.clone()],
            shares: vec![],
            break_glass: None,
            now: t - Duration::seconds(1),
        };
        prop_assert_eq!(outsider.decide(), Ok(AccessBasis::Consent(consent.id)));
        for now in [t, t + Duration::minutes(later_minutes)] {
            let after = World { now, ..outsider.clone() };
            prop_assert_eq!(after.decide(), Err(Refusal::ConsentWithdrawn));
        }
    }
}
