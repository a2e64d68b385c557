//! The keeper of a directory entry at every boundary: linked or not, the
//! actor's agency or another, areas inside, below, above, beside or
//! partly outside the bodies' areas, placed nowhere, each role alone and
//! every combination of roles, read-only tokens, creation and relinking —
//! checked against a model written from the rule, not from the code.

use super::*;
use crate::access::TokenScope;
use crate::ids::UserId;
use crate::role::Role;

/// Kelvara → North → {Lakeside, Hillview}; Kelvara → South → Riverside.
struct World {
    kv: AreaId,
    north: AreaId,
    lakeside: AreaId,
    hillview: AreaId,
    south: AreaId,
    riverside: AreaId,
    tree: AreaTree,
}

fn world() -> World {
    let (kv, north, lakeside, hillview, south, riverside) = (
        AreaId::new(),
        AreaId::new(),
        AreaId::new(),
        AreaId::new(),
        AreaId::new(),
        AreaId::new(),
    );
    let tree = AreaTree::new([
        (kv, None),
        (north, Some(kv)),
        (lakeside, Some(north)),
        (hillview, Some(north)),
        (south, Some(kv)),
        (riverside, Some(south)),
    ]);
    World {
        kv,
        north,
        lakeside,
        hillview,
        south,
        riverside,
        tree,
    }
}

fn actor(roles: &[Role], agency: AgencyId) -> Actor {
    Actor {
        user_id: UserId::new(),
        agency_id: agency,
        roles: roles.to_vec(),
        token_scope: None,
    }
}

fn reach(w: &World, bodies: &[AreaId]) -> Reach {
    Reach {
        body_areas: bodies.iter().copied().collect(),
        tree: w.tree.clone(),
    }
}

fn standing(agency: Option<AgencyId>, areas: &[AreaId]) -> Standing {
    Standing {
        agency,
        areas: areas.iter().copied().collect(),
    }
}

#[test]
fn an_area_is_covered_by_itself_and_every_area_above_it() {
    let w = world();
    let north: BTreeSet<AreaId> = [w.north].into();
    assert!(w.tree.is_covered(w.north, &north), "the body's own area");
    assert!(w.tree.is_covered(w.lakeside, &north), "a sub-area");
    assert!(!w.tree.is_covered(w.kv, &north), "the area above");
    assert!(!w.tree.is_covered(w.riverside, &north), "another branch");
    assert!(!w.tree.is_covered(w.south, &north), "a sibling");
    assert!(!w.tree.is_covered(AreaId::new(), &north), "an unknown area");
    let national: BTreeSet<AreaId> = [w.kv].into();
    assert!(w.tree.is_covered(w.lakeside, &national), "two levels down");
    assert!(!w.tree.is_covered(w.lakeside, &BTreeSet::new()));
    let lakeside: BTreeSet<AreaId> = [w.lakeside].into();
    assert!(!w.tree.is_covered(w.hillview, &lakeside), "a neighbour");
}

#[test]
fn a_cycle_written_behind_concords_back_covers_nothing_new() {
    let (a, b, c) = (AreaId::new(), AreaId::new(), AreaId::new());
    let tree = AreaTree::new([(a, Some(b)), (b, Some(a)), (c, None)]);
    assert!(!tree.is_covered(a, &[c].into()));
    assert!(tree.is_covered(a, &[b].into()));
}

#[test]
fn the_outside_path_of_issue_21_is_refused() {
    // A fresh agency's secretariat (its agency keeps no body) turns off
    // referrals to the shelter's service and unlinks the shelter.
    let w = world();
    let shelter = AgencyId::new();
    let fresh = actor(&[Role::CoordinationSecretariat], AgencyId::new());
    let shelter_org = standing(Some(shelter), &[w.lakeside]);
    assert_eq!(
        may_change(&fresh, &reach(&w, &[]), Some(&shelter_org), &shelter_org),
        Err(Refusal::KeptByMemberAgency)
    );
    assert_eq!(
        may_change(
            &fresh,
            &reach(&w, &[]),
            Some(&shelter_org),
            &standing(None, &[w.lakeside])
        ),
        Err(Refusal::LinkingIsForSystemAdministrators)
    );
    // Even a secretariat covering the whole country does not keep it.
    let national = actor(&[Role::CoordinationSecretariat], AgencyId::new());
    assert_eq!(
        may_change(
            &national,
            &reach(&w, &[w.kv]),
            Some(&shelter_org),
            &shelter_org
        ),
        Err(Refusal::KeptByMemberAgency)
    );
}

#[test]
fn a_member_agencys_entry_is_its_administrators_and_system_administrators() {
    let w = world();
    let shelter = AgencyId::new();
    let entry = standing(Some(shelter), &[w.lakeside]);
    let everywhere = reach(&w, &[w.kv]);
    let decide = |roles: &[Role], agency: AgencyId| {
        may_change(&actor(roles, agency), &everywhere, Some(&entry), &entry)
    };
    assert_eq!(
        decide(&[Role::AgencyAdministrator], shelter),
        Ok(KeptAs::OwningAgency)
    );
    assert_eq!(
        decide(&[Role::AgencyAdministrator], AgencyId::new()),
        Err(Refusal::KeptByMemberAgency),
        "another agency's administrator"
    );
    assert_eq!(
        decide(&[Role::SystemAdministrator], AgencyId::new()),
        Ok(KeptAs::SystemAdministrator)
    );
    assert_eq!(
        decide(&[Role::CoordinationSecretariat], shelter),
        Err(Refusal::KeptByMemberAgency),
        "a secretariat inside the agency is not its administrator"
    );
    for role in [
        Role::Caseworker,
        Role::Supervisor,
        Role::RiskConferenceCoordinator,
        Role::Analyst,
    ] {
        assert_eq!(
            decide(&[role], shelter),
            Err(Refusal::NotPermitted),
            "{role}"
        );
    }
    // Its administrators add services anywhere (the agency decides where
    // it works), but never unlink or relink it.
    let admin = actor(&[Role::AgencyAdministrator], shelter);
    let grown = standing(Some(shelter), &[w.lakeside, w.riverside]);
    assert_eq!(
        may_change(&admin, &reach(&w, &[]), Some(&entry), &grown),
        Ok(KeptAs::OwningAgency)
    );
    for after in [
        standing(None, &[w.lakeside]),
        standing(Some(AgencyId::new()), &[w.lakeside]),
    ] {
        assert_eq!(
            may_change(&admin, &reach(&w, &[]), Some(&entry), &after),
            Err(Refusal::LinkingIsForSystemAdministrators)
        );
    }
    // Nor take another agency's entry into its own.
    let other = standing(Some(AgencyId::new()), &[w.lakeside]);
    assert_eq!(
        may_change(&admin, &reach(&w, &[]), Some(&other), &entry),
        Err(Refusal::LinkingIsForSystemAdministrators)
    );
}

#[test]
fn outside_providers_are_kept_by_the_secretariats_of_their_areas() {
    let w = world();
    let secretariat = actor(&[Role::CoordinationSecretariat], AgencyId::new());
    let north = reach(&w, &[w.north]);
    let decide = |areas: &[AreaId]| {
        let entry = standing(None, areas);
        may_change(&secretariat, &north, Some(&entry), &entry)
    };
    assert_eq!(decide(&[w.north]), Ok(KeptAs::Secretariat), "the area");
    assert_eq!(decide(&[w.lakeside]), Ok(KeptAs::Secretariat), "sub-area");
    assert_eq!(
        decide(&[w.lakeside, w.hillview]),
        Ok(KeptAs::Secretariat),
        "two sub-areas"
    );
    assert_eq!(decide(&[w.kv]), Err(Refusal::OutsideYourAreas), "above");
    assert_eq!(decide(&[w.south]), Err(Refusal::OutsideYourAreas));
    assert_eq!(decide(&[w.riverside]), Err(Refusal::OutsideYourAreas));
    assert_eq!(
        decide(&[w.lakeside, w.riverside]),
        Err(Refusal::OutsideYourAreas),
        "partly outside"
    );
    assert_eq!(
        decide(&[AreaId::new()]),
        Err(Refusal::OutsideYourAreas),
        "an area Concord does not know"
    );
    assert_eq!(decide(&[]), Ok(KeptAs::Secretariat), "placed nowhere yet");
    // An agency that keeps no body keeps no entry, placed or not.
    let none = reach(&w, &[]);
    let unplaced = standing(None, &[]);
    assert_eq!(
        may_change(&secretariat, &none, None, &unplaced),
        Err(Refusal::OutsideYourAreas)
    );
    assert_eq!(
        may_change(&secretariat, &north, None, &unplaced),
        Ok(KeptAs::Secretariat),
        "a new outside provider"
    );
    // Several bodies add up.
    let two = reach(&w, &[w.lakeside, w.south]);
    let entry = standing(None, &[w.lakeside, w.riverside]);
    assert_eq!(
        may_change(&secretariat, &two, Some(&entry), &entry),
        Ok(KeptAs::Secretariat)
    );
    // An agency administrator does not keep outside providers.
    assert_eq!(
        may_change(
            &actor(&[Role::AgencyAdministrator], secretariat.agency_id),
            &north,
            Some(&standing(None, &[w.lakeside])),
            &standing(None, &[w.lakeside])
        ),
        Err(Refusal::KeptBySecretariats)
    );
}

#[test]
fn an_entry_is_not_moved_into_or_out_of_what_one_keeps() {
    let w = world();
    let secretariat = actor(&[Role::CoordinationSecretariat], AgencyId::new());
    let north = reach(&w, &[w.north]);
    let inside = standing(None, &[w.lakeside]);
    let outside = standing(None, &[w.riverside]);
    assert_eq!(
        may_change(&secretariat, &north, Some(&inside), &outside),
        Err(Refusal::OutsideYourAreas),
        "a service given an area outside"
    );
    assert_eq!(
        may_change(&secretariat, &north, Some(&outside), &inside),
        Err(Refusal::OutsideYourAreas),
        "an entry of another area pulled in"
    );
    assert_eq!(
        may_change(
            &secretariat,
            &north,
            Some(&inside),
            &standing(Some(secretariat.agency_id), &[w.lakeside])
        ),
        Err(Refusal::LinkingIsForSystemAdministrators),
        "an outside provider turned into a member agency"
    );
    assert_eq!(
        may_change(
            &secretariat,
            &north,
            None,
            &standing(Some(AgencyId::new()), &[])
        ),
        Err(Refusal::LinkingIsForSystemAdministrators),
        "a new organization linked at once"
    );
}

#[test]
fn system_administrators_keep_and_link_everything() {
    let w = world();
    let admin = actor(&[Role::SystemAdministrator], AgencyId::new());
    let none = reach(&w, &[]);
    let states = [
        standing(None, &[]),
        standing(None, &[w.riverside]),
        standing(Some(AgencyId::new()), &[w.lakeside]),
    ];
    for before in &states {
        for after in &states {
            assert_eq!(
                may_change(&admin, &none, Some(before), after),
                Ok(KeptAs::SystemAdministrator)
            );
        }
        assert_eq!(
            may_change(&admin, &none, None, before),
            Ok(KeptAs::SystemAdministrator)
        );
    }
}

#[test]
fn read_only_tokens_change_nothing() {
    let w = world();
    for roles in [
        vec![Role::SystemAdministrator],
        vec![Role::AgencyAdministrator],
        vec![Role::CoordinationSecretariat],
    ] {
        let mut a = actor(&roles, AgencyId::new());
        a.token_scope = Some(TokenScope::Read);
        let entry = if roles.contains(&Role::CoordinationSecretariat) {
            standing(None, &[w.lakeside])
        } else {
            standing(Some(a.agency_id), &[])
        };
        assert_eq!(
            may_change(&a, &reach(&w, &[w.kv]), Some(&entry), &entry),
            Err(Refusal::TokenScope)
        );
        assert_eq!(may_keep_terms(&a), Err(Refusal::TokenScope));
        a.token_scope = Some(TokenScope::ReadWrite);
        assert!(may_change(&a, &reach(&w, &[w.kv]), Some(&entry), &entry).is_ok());
    }
}

#[test]
fn relinking_is_recognised_in_every_direction() {
    let a = AgencyId::new();
    let b = AgencyId::new();
    assert!(!relinks(None, &standing(None, &[])));
    assert!(relinks(None, &standing(Some(a), &[])));
    assert!(relinks(Some(&standing(None, &[])), &standing(Some(a), &[])));
    assert!(relinks(Some(&standing(Some(a), &[])), &standing(None, &[])));
    assert!(relinks(
        Some(&standing(Some(a), &[])),
        &standing(Some(b), &[])
    ));
    assert!(!relinks(
        Some(&standing(Some(a), &[])),
        &standing(Some(a), &[AreaId::new()])
    ));
}

#[test]
fn changes_from_outside_tell_the_owning_agencies() {
    let shelter = AgencyId::new();
    let police = AgencyId::new();
    let admin_agency = AgencyId::new();
    let owned = standing(Some(shelter), &[]);
    assert_eq!(
        agencies_to_notify(Some(admin_agency), Some(&owned), &owned),
        vec![shelter]
    );
    assert!(
        agencies_to_notify(Some(shelter), Some(&owned), &owned).is_empty(),
        "its own change"
    );
    let mut both = vec![shelter, police];
    both.sort();
    assert_eq!(
        agencies_to_notify(
            Some(admin_agency),
            Some(&owned),
            &standing(Some(police), &[])
        ),
        both,
        "relinked: the old and the new owner"
    );
    assert_eq!(
        agencies_to_notify(None, None, &owned),
        vec![shelter],
        "the command line is outside every agency"
    );
    assert!(
        agencies_to_notify(Some(admin_agency), None, &standing(None, &[])).is_empty(),
        "an outside provider has no agency to tell"
    );
}

#[test]
fn terms_and_notices() {
    for role in Role::ALL {
        let a = actor(&[role], AgencyId::new());
        assert_eq!(
            may_keep_terms(&a).is_ok(),
            matches!(
                role,
                Role::SystemAdministrator | Role::CoordinationSecretariat
            ),
            "{role}"
        );
        assert_eq!(
            sees_directory_notices(&a),
            role == Role::AgencyAdministrator,
            "{role}"
        );
    }
}

/// The rule as the README states it, written apart from the code: system
/// administrators change and link everything; nobody else links; a member
/// agency's entry is its administrators'; an outside provider is the
/// secretariats' whose bodies cover every area it is placed in (any
/// secretariat keeping a body, while it is placed nowhere); read-only
/// tokens change nothing. `below` lists (area, an area above it).
fn model(
    roles: &[Role],
    token: Option<TokenScope>,
    agency: AgencyId,
    bodies: &[AreaId],
    below: &[(AreaId, AreaId)],
    before: Option<&Standing>,
    after: &Standing,
) -> bool {
    if token == Some(TokenScope::Read) {
        return false;
    }
    if roles.contains(&Role::SystemAdministrator) {
        return true;
    }
    let linked_before = before.map(|b| b.agency);
    if linked_before.is_some_and(|b| b != after.agency)
        || (before.is_none() && after.agency.is_some())
    {
        return false;
    }
    let covered = |area: &AreaId| {
        bodies.contains(area) || bodies.iter().any(|b| below.contains(&(*area, *b)))
    };
    let keeps = |s: &Standing| match s.agency {
        Some(owner) => owner == agency && roles.contains(&Role::AgencyAdministrator),
        None => {
            roles.contains(&Role::CoordinationSecretariat)
                && !bodies.is_empty()
                && s.areas.iter().all(covered)
        }
    };
    before.is_none_or(keeps) && keeps(after)
}

#[test]
fn every_combination_agrees_with_the_rule() {
    let w = world();
    let below = [
        (w.north, w.kv),
        (w.lakeside, w.north),
        (w.lakeside, w.kv),
        (w.hillview, w.north),
        (w.hillview, w.kv),
        (w.south, w.kv),
        (w.riverside, w.south),
        (w.riverside, w.kv),
    ];
    let own = AgencyId::new();
    let other = AgencyId::new();
    let placements: Vec<Vec<AreaId>> = vec![
        vec![],
        vec![w.lakeside],
        vec![w.hillview],
        vec![w.north],
        vec![w.kv],
        vec![w.lakeside, w.riverside],
    ];
    let mut standings = Vec::new();
    for agency in [None, Some(own), Some(other)] {
        for areas in &placements {
            standings.push(standing(agency, areas));
        }
    }
    let body_sets: Vec<Vec<AreaId>> = vec![
        vec![],
        vec![w.lakeside],
        vec![w.north],
        vec![w.kv],
        vec![w.lakeside, w.south],
    ];
    let mut checked = 0usize;
    for mask in 0..(1u32 << Role::ALL.len()) {
        let roles: Vec<Role> = Role::ALL
            .into_iter()
            .enumerate()
            .filter(|(i, _)| mask & (1 << i) != 0)
            .map(|(_, r)| r)
            .collect();
        for token in [None, Some(TokenScope::Read), Some(TokenScope::ReadWrite)] {
            let mut a = actor(&roles, own);
            a.token_scope = token;
            for bodies in &body_sets {
                let r = reach(&w, bodies);
                for after in &standings {
                    for before in std::iter::once(None).chain(standings.iter().map(Some)) {
                        let got = may_change(&a, &r, before, after);
                        let want = model(&roles, token, own, bodies, &below, before, after);
                        assert_eq!(
                            got.is_ok(),
                            want,
                            "roles {roles:?} token {token:?} bodies {bodies:?} before {before:?} after {after:?}: {got:?}"
                        );
                        checked += 1;
                    }
                }
            }
        }
    }
    assert!(checked > 100_000, "{checked}");
}
