//! Conformance cases for survivors and their cases ([`CaseStore`]): case
//! settings, round trips, refusals that write nothing, decisions refused on
//! a stale status, the own and shared caseloads, purging and retention.

use super::*;
use concord_domain::case::Approval;

/// This file's cases, one `#[tokio::test]` each in
/// [`conformance_tests!`](crate::conformance_tests).
#[doc(hidden)]
#[macro_export]
macro_rules! __conformance_of_cases {
    ($fresh:expr) => {
        $crate::__conformance_cases!($fresh;
            case_settings_are_inserted_and_replaced,
            survivors_and_their_cases_round_trip,
            duplicate_survivors_and_cases_write_nothing,
            survivors_with_missing_references_write_nothing,
            update_case_refuses_a_stale_status,
            concurrent_case_decisions_accept_one,
            own_caseload_lists_newest_first_and_pages_without_gaps,
            shared_caseload_follows_consents_and_shares_in_force,
            purging_a_survivor_removes_everything_of_hers_only,
            survivors_due_for_purge_respect_holds_open_cases_and_the_cutoff,
        );
    };
}

/// One row in every table under a case (two note versions, two safety-plan
/// sections): what purging must remove.
async fn fill_case(store: &dyn Store, case: &CaseRow, w: &World) {
    let by = w.amina.id;
    store
        .create_incident(
            &incident(case, by, Some(w.area), date(2026, 1, 5), 40),
            &case_audit("create_incident"),
        )
        .await
        .unwrap();
    store
        .create_consent(
            &consent(case, w.police(), by, at(0), at(5_000)),
            &case_audit("create_consent"),
        )
        .await
        .unwrap();
    store
        .create_sharing(
            &sharing(case, w.health(), by, at(5_000)),
            &case_audit("create_sharing"),
        )
        .await
        .unwrap();
    store
        .create_break_glass(
            &grant(case, &w.bea, at(50), 4),
            &case_audit("create_break_glass"),
        )
        .await
        .unwrap();
    let (n, first) = note(case, by, 60);
    store
        .create_note(&n, &first, &case_audit("create_note"))
        .await
        .unwrap();
    store
        .add_note_version(
            &note_version(n.id, 2, by, 61),
            &case_audit("add_note_version"),
        )
        .await
        .unwrap();
    store
        .put_goal(&goal(case, GoalDomain::Safety, by), &case_audit("put_goal"))
        .await
        .unwrap();
    for section in [
        SafetyPlanSection::SafeContacts,
        SafetyPlanSection::LeavingPlan,
    ] {
        store
            .put_safety_plan_section(
                &plan_section(case, section, by),
                &case_audit("put_safety_plan"),
            )
            .await
            .unwrap();
    }
    store
        .create_task(
            &task(case, by, date(2026, 3, 1), 70),
            &case_audit("create_task"),
        )
        .await
        .unwrap();
}

/// What [`fill_case`] adds, with the survivor and her case, per table.
const ONE_FILLED_CASE: [(&str, i64); 11] = [
    ("survivors", 1),
    ("cases", 1),
    ("incidents", 1),
    ("consents", 1),
    ("sharings", 1),
    ("break_glass", 1),
    ("notes", 1),
    ("note_versions", 2),
    ("goals", 1),
    ("safety_plans", 2),
    ("tasks", 1),
];

/// Every case of a caseload listing, page by page.
async fn caseload(
    store: &Arc<dyn Store>,
    filter: &CaseListFilter,
    limit: u32,
) -> Vec<CaseListItem> {
    collect_pages(limit, |p| {
        let (store, filter) = (Arc::clone(store), filter.clone());
        async move { store.list_cases(&filter, &p).await }
    })
    .await
    .into_iter()
    .flatten()
    .collect()
}

fn own(agency: AgencyId) -> CaseListFilter {
    CaseListFilter {
        for_agency: agency,
        shared: false,
        assigned_to: None,
        status: None,
        now: at(1_000),
    }
}

fn shared_with(agency: AgencyId, now: DateTime<Utc>) -> CaseListFilter {
    CaseListFilter {
        shared: true,
        now,
        ..own(agency)
    }
}

fn ids(items: &[CaseListItem]) -> Vec<CaseId> {
    items.iter().map(|i| i.case.id).collect()
}

/// Newest `updated_at` first, then highest id.
fn newest_first(cases: &[&CaseRow]) -> Vec<CaseId> {
    let mut sorted: Vec<&CaseRow> = cases.to_vec();
    sorted.sort_by_key(|c| std::cmp::Reverse((c.updated_at, c.id)));
    sorted.iter().map(|c| c.id).collect()
}

// -------------------------------------------------------------------- cases

pub async fn case_settings_are_inserted_and_replaced(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let w = world(&*store).await;
    assert_eq!(store.get_case_settings(w.shelter()).await.unwrap(), None);
    let mut settings = CaseSettingsRow {
        agency_id: w.shelter(),
        plan_requires_approval: true,
        closure_requires_approval: false,
        retention_months: Some(84),
    };
    store
        .put_case_settings(&settings, &case_audit("put_case_settings"))
        .await
        .unwrap();
    assert_last_case_audit(&*store, "put_case_settings").await;
    assert_eq!(
        store.get_case_settings(w.shelter()).await.unwrap(),
        Some(settings.clone())
    );
    settings.plan_requires_approval = false;
    settings.closure_requires_approval = true;
    settings.retention_months = None;
    store
        .put_case_settings(&settings, &case_audit("put_case_settings"))
        .await
        .unwrap();
    assert_eq!(
        store.get_case_settings(w.shelter()).await.unwrap(),
        Some(settings)
    );
    assert_eq!(store.get_case_settings(w.police()).await.unwrap(), None);

    let before = audit_count(&*store).await;
    assert_missing(
        store
            .put_case_settings(
                &CaseSettingsRow {
                    agency_id: AgencyId::new(),
                    plan_requires_approval: true,
                    closure_requires_approval: true,
                    retention_months: Some(1),
                },
                &case_audit("put_case_settings"),
            )
            .await,
        "agency_id",
    );
    assert_eq!(audit_count(&*store).await, before);
}

pub async fn survivors_and_their_cases_round_trip(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let w = world(&*store).await;
    let (s1, c1) = register(&*store, &w.amina, &reference(1), 100).await;
    assert_last_case_audit(&*store, "create_survivor").await;
    assert_eq!(store.get_survivor(s1.id).await.unwrap(), Some(s1.clone()));
    assert_eq!(store.get_case(c1.id).await.unwrap(), Some(c1.clone()));
    assert_eq!(
        store.list_survivor_cases(s1.id).await.unwrap(),
        vec![c1.clone()]
    );
    assert_eq!(store.get_survivor(SurvivorId::new()).await.unwrap(), None);
    assert_eq!(store.get_case(CaseId::new()).await.unwrap(), None);
    assert!(
        store
            .list_survivor_cases(SurvivorId::new())
            .await
            .unwrap()
            .is_empty()
    );

    // Nothing but what is required.
    let (bare, bare_case) = register_with(&*store, &w.amina, &reference(2), 101, |s, c| {
        s.name = None;
        s.other_identifiers = None;
        s.date_of_birth = None;
        s.stated_age = None;
        s.age_group = None;
        s.languages = Vec::new();
        s.contact = None;
        s.name_dob_index = None;
        s.disability = false;
        s.sex_gender = SexGender::NotDisclosed;
        s.displacement = Displacement::Unknown;
        c.assigned_caseworker = None;
        // Opened before the day of first contact was kept.
        c.first_contact_on = None;
    })
    .await;
    assert_eq!(store.get_survivor(bare.id).await.unwrap(), Some(bare));
    assert_eq!(store.get_case(bare_case.id).await.unwrap(), Some(bare_case));

    // Finding her again by blind index: within the agency, newest first.
    let (s3, _) = register_with(&*store, &w.amina, &reference(3), 102, |s, _| {
        s.created_at = at(20);
    })
    .await;
    register(&*store, &w.bea, &reference(4), 103).await;
    let index = s1.name_dob_index.clone().unwrap();
    assert_eq!(
        store.find_survivors(w.shelter(), &index).await.unwrap(),
        vec![s3.clone(), s1.clone()]
    );
    assert!(
        store
            .find_survivors(w.health(), &index)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        store
            .find_survivors(w.shelter(), &[1, 2, 3])
            .await
            .unwrap()
            .is_empty()
    );

    // An update replaces her details, never who owns the record, its
    // reference, its creation or a legal hold.
    let mut changed = s1.clone();
    changed.agency_id = w.police();
    changed.reference = reference(99);
    changed.name = Some(sealed("new name"));
    changed.other_identifiers = None;
    changed.date_of_birth = Some(sealed("1991-04-05"));
    changed.stated_age = Some(sealed("a later statement"));
    changed.age_group = Some(AgeGroup::Age12To17);
    changed.sex_gender = SexGender::NonBinary;
    changed.disability = false;
    changed.displacement = Displacement::InternallyDisplaced;
    changed.languages = vec!["fr".into()];
    changed.contact = None;
    changed.name_dob_index = Some(vec![8; 32]);
    changed.legal_hold = true;
    changed.created_by = w.bea.id;
    changed.created_at = at(999);
    store
        .update_survivor(&changed, &case_audit("update_survivor"))
        .await
        .unwrap();
    assert_last_case_audit(&*store, "update_survivor").await;
    let expected = SurvivorRow {
        agency_id: s1.agency_id,
        reference: s1.reference.clone(),
        legal_hold: false,
        created_by: s1.created_by,
        created_at: s1.created_at,
        ..changed.clone()
    };
    assert_eq!(store.get_survivor(s1.id).await.unwrap(), Some(expected));
    assert_eq!(
        store.find_survivors(w.shelter(), &index).await.unwrap(),
        vec![s3]
    );

    store
        .set_legal_hold(s1.id, true, &case_audit("set_legal_hold"))
        .await
        .unwrap();
    assert_last_case_audit(&*store, "set_legal_hold").await;
    assert!(store.get_survivor(s1.id).await.unwrap().unwrap().legal_hold);
    store
        .set_legal_hold(s1.id, false, &case_audit("set_legal_hold"))
        .await
        .unwrap();
    assert!(!store.get_survivor(s1.id).await.unwrap().unwrap().legal_hold);

    let before = audit_count(&*store).await;
    let stranger = survivor(w.shelter(), w.amina.id, &reference(50));
    assert_not_found(
        store
            .update_survivor(&stranger, &case_audit("update_survivor"))
            .await,
    );
    assert_not_found(
        store
            .set_legal_hold(stranger.id, true, &case_audit("set_legal_hold"))
            .await,
    );
    assert_eq!(audit_count(&*store).await, before);
}

pub async fn duplicate_survivors_and_cases_write_nothing(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let w = world(&*store).await;
    let (s1, c1) = register(&*store, &w.amina, &reference(1), 100).await;
    let before = counts(&*store).await;

    // The reference is taken (by another agency's survivor, even).
    let s2 = survivor(w.police(), w.bea.id, &s1.reference);
    let c2 = first_case(&s2, w.police(), None, 101);
    assert_duplicate(
        store
            .create_survivor(&s2, &c2, &case_audit("create_survivor"))
            .await,
        "reference",
    );
    assert_eq!(store.get_survivor(s2.id).await.unwrap(), None);
    assert_eq!(store.get_case(c2.id).await.unwrap(), None);

    // Her id is taken.
    let s3 = SurvivorRow {
        reference: reference(3),
        ..s1.clone()
    };
    let c3 = first_case(&s3, w.shelter(), None, 102);
    assert_duplicate(
        store
            .create_survivor(&s3, &c3, &case_audit("create_survivor"))
            .await,
        "id",
    );
    assert_eq!(store.get_case(c3.id).await.unwrap(), None);

    // Her case's id is taken: she is not registered either.
    let s4 = survivor(w.shelter(), w.amina.id, &reference(4));
    let c4 = CaseRow {
        survivor_id: s4.id,
        ..c1.clone()
    };
    assert_duplicate(
        store
            .create_survivor(&s4, &c4, &case_audit("create_survivor"))
            .await,
        "id",
    );
    assert_eq!(store.get_survivor(s4.id).await.unwrap(), None);
    assert_eq!(store.get_case(c1.id).await.unwrap(), Some(c1));

    assert_eq!(
        counts(&*store).await,
        before,
        "nothing written, no audit event"
    );
}

pub async fn survivors_with_missing_references_write_nothing(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let w = world(&*store).await;
    let before = counts(&*store).await;
    let attempt = |change: fn(&mut SurvivorRow, &mut CaseRow), field: &'static str| {
        let store = Arc::clone(&store);
        let worker = w.amina.clone();
        async move {
            let mut s = survivor(worker.agency_id, worker.id, &reference(1));
            let mut c = first_case(&s, worker.agency_id, Some(worker.id), 100);
            change(&mut s, &mut c);
            assert_missing(
                store
                    .create_survivor(&s, &c, &case_audit("create_survivor"))
                    .await,
                field,
            );
            assert_eq!(store.get_survivor(s.id).await.unwrap(), None);
        }
    };
    attempt(|s, _| s.agency_id = AgencyId::new(), "agency_id").await;
    attempt(|s, _| s.created_by = UserId::new(), "created_by").await;
    attempt(|_, c| c.owning_agency = AgencyId::new(), "owning_agency").await;
    attempt(
        |_, c| c.assigned_caseworker = Some(UserId::new()),
        "assigned_caseworker",
    )
    .await;
    attempt(|_, c| c.survivor_id = SurvivorId::new(), "survivor_id").await;
    assert_eq!(
        counts(&*store).await,
        before,
        "nothing written, no audit event"
    );
}

pub async fn update_case_refuses_a_stale_status(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let w = world(&*store).await;
    let dina = colleague(&*store, &w.amina, "dina").await;
    let (_, case) = register(&*store, &w.amina, &reference(1), 100).await;

    let assessed = CaseRow {
        status: CaseStatus::Assessed,
        assigned_caseworker: Some(dina.id),
        updated_at: at(110),
        ..case.clone()
    };
    store
        .update_case(&assessed, CaseStatus::Engaged, &case_audit("update_case"))
        .await
        .unwrap();
    assert_last_case_audit(&*store, "update_case").await;
    assert_eq!(
        store.get_case(case.id).await.unwrap(),
        Some(assessed.clone())
    );

    // A second decision made from the same (now stale) status.
    let before = audit_count(&*store).await;
    let stale = CaseRow {
        status: CaseStatus::PlanAgreed,
        updated_at: at(111),
        ..case.clone()
    };
    assert_conflict(
        store
            .update_case(&stale, CaseStatus::Engaged, &case_audit("update_case"))
            .await,
    );
    assert_eq!(
        store.get_case(case.id).await.unwrap(),
        Some(assessed.clone())
    );
    assert_eq!(audit_count(&*store).await, before);

    // Closing: every closure and approval field is written, and only the
    // fields update_case covers.
    let requested = CaseRow {
        status: CaseStatus::ClosureRequested,
        plan_approval: Some(Approval::Approved),
        closure_approval: Some(Approval::Requested),
        closure_reason: Some("needs_met".into()),
        approval_comment: Some(sealed("plan approved")),
        assigned_caseworker: None,
        updated_at: at(120),
        ..assessed.clone()
    };
    store
        .update_case(&requested, CaseStatus::Assessed, &case_audit("update_case"))
        .await
        .unwrap();
    let closed = CaseRow {
        status: CaseStatus::Closed,
        closure_approval: Some(Approval::Approved),
        approval_comment: Some(sealed("closure approved")),
        closed_at: Some(at(130)),
        updated_at: at(130),
        ..requested.clone()
    };
    let mut given = closed.clone();
    given.survivor_id = SurvivorId::new();
    given.owning_agency = w.police();
    given.opened_at = at(1);
    store
        .update_case(
            &given,
            CaseStatus::ClosureRequested,
            &case_audit("update_case"),
        )
        .await
        .unwrap();
    assert_eq!(store.get_case(case.id).await.unwrap(), Some(closed.clone()));

    let before = audit_count(&*store).await;
    let unknown = CaseRow {
        id: CaseId::new(),
        ..closed.clone()
    };
    assert_not_found(
        store
            .update_case(&unknown, CaseStatus::Closed, &case_audit("update_case"))
            .await,
    );
    let reassigned = CaseRow {
        status: CaseStatus::Reopened,
        assigned_caseworker: Some(UserId::new()),
        ..closed.clone()
    };
    assert_missing(
        store
            .update_case(&reassigned, CaseStatus::Closed, &case_audit("update_case"))
            .await,
        "assigned_caseworker",
    );
    assert_eq!(store.get_case(case.id).await.unwrap(), Some(closed));
    assert_eq!(audit_count(&*store).await, before);
}

pub async fn concurrent_case_decisions_accept_one(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let w = world(&*store).await;
    let (_, case) = register(&*store, &w.amina, &reference(1), 100).await;
    let before = audit_count(&*store).await;
    let decisions: Vec<_> = (0..6)
        .map(|i| {
            let store = Arc::clone(&store);
            let decided = CaseRow {
                status: CaseStatus::Assessed,
                updated_at: at(200 + i),
                ..case.clone()
            };
            tokio::spawn(async move {
                store
                    .update_case(&decided, CaseStatus::Engaged, &case_audit("update_case"))
                    .await
            })
        })
        .collect();
    let mut accepted = 0;
    for decision in decisions {
        match decision.await.unwrap() {
            Ok(()) => accepted += 1,
            Err(StoreError::Conflict) => {}
            other => panic!("expected Ok or Conflict, got {other:?}"),
        }
    }
    assert_eq!(accepted, 1, "one decision wins, the others conflict");
    assert_eq!(audit_count(&*store).await, before + 1);
}

pub async fn own_caseload_lists_newest_first_and_pages_without_gaps(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let w = world(&*store).await;
    let dina = colleague(&*store, &w.amina, "dina").await;
    let mut mine = Vec::new();
    for i in shuffled(23) {
        // Pairs share an updated_at: the id breaks the tie.
        let (s, c) = register_with(
            &*store,
            &w.amina,
            &reference(i),
            100 + (i as i64) / 2,
            |_, c| {
                if i % 3 == 0 {
                    c.status = CaseStatus::Assessed;
                }
                if i % 2 == 0 {
                    c.assigned_caseworker = Some(dina.id);
                }
            },
        )
        .await;
        mine.push((s, c));
    }
    for i in 0..3 {
        register(&*store, &w.bea, &reference(100 + i), 150).await;
    }
    let cases: Vec<&CaseRow> = mine.iter().map(|(_, c)| c).collect();

    let pages = collect_pages(5, |p| {
        let store = Arc::clone(&store);
        let filter = own(w.shelter());
        async move { store.list_cases(&filter, &p).await }
    })
    .await;
    assert_eq!(pages.len(), 5, "23 cases in pages of 5");
    let listed: Vec<CaseListItem> = pages.into_iter().flatten().collect();
    assert_eq!(
        ids(&listed),
        newest_first(&cases),
        "each once, newest first"
    );
    for item in &listed {
        let (s, c) = mine.iter().find(|(_, c)| c.id == item.case.id).unwrap();
        assert_eq!(&item.case, c);
        assert_eq!(item.survivor_reference, s.reference);
    }

    let dinas = caseload(
        &store,
        &CaseListFilter {
            assigned_to: Some(dina.id),
            ..own(w.shelter())
        },
        4,
    )
    .await;
    let expected: Vec<&CaseRow> = cases
        .iter()
        .copied()
        .filter(|c| c.assigned_caseworker == Some(dina.id))
        .collect();
    assert_eq!(ids(&dinas), newest_first(&expected));
    let assessed = caseload(
        &store,
        &CaseListFilter {
            status: Some(CaseStatus::Assessed),
            ..own(w.shelter())
        },
        4,
    )
    .await;
    let expected: Vec<&CaseRow> = cases
        .iter()
        .copied()
        .filter(|c| c.status == CaseStatus::Assessed)
        .collect();
    assert_eq!(ids(&assessed), newest_first(&expected));
    let both = caseload(
        &store,
        &CaseListFilter {
            status: Some(CaseStatus::Assessed),
            assigned_to: Some(dina.id),
            ..own(w.shelter())
        },
        2,
    )
    .await;
    let expected: Vec<&CaseRow> = cases
        .iter()
        .copied()
        .filter(|c| c.status == CaseStatus::Assessed && c.assigned_caseworker == Some(dina.id))
        .collect();
    assert_eq!(ids(&both), newest_first(&expected));
    assert!(!expected.is_empty());

    assert_eq!(caseload(&store, &own(w.police()), 10).await.len(), 3);
    assert!(caseload(&store, &own(w.health()), 10).await.is_empty());
    let bad = PageRequest {
        after: Some("zz".into()),
        limit: 5,
    };
    assert_invalid_cursor(store.list_cases(&own(w.shelter()), &bad).await);
    let not_a_time = PageRequest {
        after: Some(cursor::encode(&["yesterday", &Uuid::now_v7().to_string()])),
        limit: 5,
    };
    assert_invalid_cursor(store.list_cases(&own(w.shelter()), &not_a_time).await);
}

pub async fn shared_caseload_follows_consents_and_shares_in_force(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let w = world(&*store).await;
    let now = at(1_000);
    let by = w.amina.id;
    let police = w.police();
    let mut n = 0;
    let mut case_of = |label: &'static str| {
        n += 1;
        let store = Arc::clone(&store);
        let amina = w.amina.clone();
        let i = n;
        async move {
            (
                label,
                register(&*store, &amina, &reference(i), 100 + i as i64)
                    .await
                    .1,
            )
        }
    };
    let mut cases = Vec::new();
    let consent_to = |case: &CaseRow, to: AgencyId, from, until| consent(case, to, by, from, until);

    let (l, c) = case_of("consent in force").await;
    store
        .create_consent(&consent_to(&c, police, at(0), at(2_000)), &case_audit("c"))
        .await
        .unwrap();
    cases.push((l, c, true));
    let (l, c) = case_of("consent starting now").await;
    store
        .create_consent(&consent_to(&c, police, now, at(2_000)), &case_audit("c"))
        .await
        .unwrap();
    cases.push((l, c, true));
    let (l, c) = case_of("consent not yet valid").await;
    store
        .create_consent(
            &consent_to(&c, police, now + micro(1), at(2_000)),
            &case_audit("c"),
        )
        .await
        .unwrap();
    cases.push((l, c, false));
    let (l, c) = case_of("consent ending now").await;
    store
        .create_consent(&consent_to(&c, police, at(0), now), &case_audit("c"))
        .await
        .unwrap();
    cases.push((l, c, false));
    let (l, c) = case_of("consent ending just after now").await;
    store
        .create_consent(
            &consent_to(&c, police, at(0), now + micro(1)),
            &case_audit("c"),
        )
        .await
        .unwrap();
    cases.push((l, c, true));
    let (l, c) = case_of("consent withdrawn now").await;
    let k = consent_to(&c, police, at(0), at(2_000));
    store.create_consent(&k, &case_audit("c")).await.unwrap();
    assert!(
        store
            .withdraw_consent(k.id, now, &case_audit("w"))
            .await
            .unwrap()
    );
    cases.push((l, c, false));
    let (l, c) = case_of("consent withdrawn just after now").await;
    let k = consent_to(&c, police, at(0), at(2_000));
    store.create_consent(&k, &case_audit("c")).await.unwrap();
    assert!(
        store
            .withdraw_consent(k.id, now + micro(1), &case_audit("w"))
            .await
            .unwrap()
    );
    cases.push((l, c, true));
    let (l, c) = case_of("consent to another agency").await;
    store
        .create_consent(
            &consent_to(&c, w.health(), at(0), at(2_000)),
            &case_audit("c"),
        )
        .await
        .unwrap();
    cases.push((l, c, false));
    let (l, c) = case_of("share in force").await;
    store
        .create_sharing(&sharing(&c, police, by, at(2_000)), &case_audit("s"))
        .await
        .unwrap();
    cases.push((l, c, true));
    let (l, c) = case_of("share ending now").await;
    store
        .create_sharing(&sharing(&c, police, by, now), &case_audit("s"))
        .await
        .unwrap();
    cases.push((l, c, false));
    let (l, c) = case_of("share revoked now").await;
    let s = sharing(&c, police, by, at(2_000));
    store.create_sharing(&s, &case_audit("s")).await.unwrap();
    assert!(
        store
            .revoke_sharing(s.id, now, &case_audit("r"))
            .await
            .unwrap()
    );
    cases.push((l, c, false));
    let (l, c) = case_of("share revoked just after now").await;
    let s = sharing(&c, police, by, at(2_000));
    store.create_sharing(&s, &case_audit("s")).await.unwrap();
    assert!(
        store
            .revoke_sharing(s.id, now + micro(1), &case_audit("r"))
            .await
            .unwrap()
    );
    cases.push((l, c, true));
    let (l, c) = case_of("two consents and a share").await;
    for _ in 0..2 {
        store
            .create_consent(&consent_to(&c, police, at(0), at(2_000)), &case_audit("c"))
            .await
            .unwrap();
    }
    store
        .create_sharing(&sharing(&c, police, by, at(2_000)), &case_audit("s"))
        .await
        .unwrap();
    cases.push((l, c, true));
    let (l, c) = case_of("nothing").await;
    cases.push((l, c, false));
    // The police's own case, with a consent to the police: theirs, not
    // shared with them.
    let (_, own_case) = register(&*store, &w.bea, &reference(90), 300).await;
    store
        .create_consent(
            &consent(&own_case, police, w.bea.id, at(0), at(2_000)),
            &case_audit("c"),
        )
        .await
        .unwrap();

    let listed = caseload(&store, &shared_with(police, now), 2).await;
    let expected: Vec<&CaseRow> = cases
        .iter()
        .filter(|(_, _, shown)| *shown)
        .map(|(_, c, _)| c)
        .collect();
    let label = |id: &CaseId| {
        cases
            .iter()
            .find(|(_, c, _)| c.id == *id)
            .map_or("?", |(l, _, _)| l)
    };
    assert_eq!(
        ids(&listed).iter().map(label).collect::<Vec<_>>(),
        newest_first(&expected)
            .iter()
            .map(label)
            .collect::<Vec<_>>(),
        "shared with the police at now, each once, newest first"
    );
    for item in &listed {
        assert_eq!(item.case.owning_agency, w.shelter());
        assert!(item.survivor_reference.starts_with("S-"));
    }
    assert_eq!(
        ids(&caseload(&store, &own(police), 5).await),
        vec![own_case.id]
    );

    let health = caseload(&store, &shared_with(w.health(), now), 5).await;
    let to_health: Vec<&str> = ids(&health).iter().map(label).collect();
    assert_eq!(to_health, vec!["consent to another agency"]);
    assert!(
        caseload(&store, &shared_with(w.shelter(), now), 5)
            .await
            .is_empty(),
        "its own cases are not shared with it"
    );

    // Later, everything has ended; earlier, what had not begun is not shown.
    assert!(
        caseload(&store, &shared_with(police, at(2_000)), 5)
            .await
            .is_empty()
    );
    let early: Vec<&str> = ids(&caseload(&store, &shared_with(police, now - micro(1)), 5).await)
        .iter()
        .map(label)
        .collect();
    assert!(early.contains(&"consent withdrawn now"));
    assert!(early.contains(&"share revoked now"));
    assert!(!early.contains(&"consent starting now"));

    // Narrowing applies to the shared list too.
    let narrowed = caseload(
        &store,
        &CaseListFilter {
            status: Some(CaseStatus::Assessed),
            ..shared_with(police, now)
        },
        5,
    )
    .await;
    assert!(narrowed.is_empty());
    let amina_only = caseload(
        &store,
        &CaseListFilter {
            assigned_to: Some(w.amina.id),
            ..shared_with(police, now)
        },
        5,
    )
    .await;
    assert_eq!(amina_only.len(), expected.len());
}

pub async fn purging_a_survivor_removes_everything_of_hers_only(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let w = world(&*store).await;
    store
        .create_data_key(
            &data_key(w.shelter(), Uuid::now_v7(), 1, true),
            &case_audit("key"),
        )
        .await
        .unwrap();
    let (her, her_case) = register(&*store, &w.amina, &reference(1), 100).await;
    fill_case(&*store, &her_case, &w).await;
    let (other, other_case) = register(&*store, &w.amina, &reference(2), 101).await;
    fill_case(&*store, &other_case, &w).await;
    let her_notes = store.list_notes(her_case.id).await.unwrap();
    let before = counts(&*store).await;
    let other_rows = (
        store.list_incidents(other_case.id).await.unwrap(),
        store.list_consents(other_case.id).await.unwrap(),
        store.list_notes(other_case.id).await.unwrap(),
        store.list_tasks(other_case.id).await.unwrap(),
    );

    store
        .purge_survivor(her.id, &case_audit("purge"))
        .await
        .unwrap();
    assert_last_case_audit(&*store, "purge").await;
    let after = counts(&*store).await;
    let mut expected = before.clone();
    for (table, n) in ONE_FILLED_CASE {
        *expected.get_mut(table).unwrap() -= n;
    }
    *expected.get_mut("audit_events").unwrap() += 1;
    assert_eq!(after, expected, "exactly her rows went, in every table");

    assert_eq!(store.get_survivor(her.id).await.unwrap(), None);
    assert_eq!(store.get_case(her_case.id).await.unwrap(), None);
    assert!(store.list_incidents(her_case.id).await.unwrap().is_empty());
    assert!(store.list_consents(her_case.id).await.unwrap().is_empty());
    assert!(store.list_sharings(her_case.id).await.unwrap().is_empty());
    assert!(store.list_notes(her_case.id).await.unwrap().is_empty());
    assert!(
        store
            .note_history(her_notes[0].0.id)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(store.list_goals(her_case.id).await.unwrap().is_empty());
    assert!(
        store
            .list_safety_plan(her_case.id)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(store.list_tasks(her_case.id).await.unwrap().is_empty());
    assert_eq!(
        store
            .active_break_glass(her_case.id, w.bea.id, at(51))
            .await
            .unwrap(),
        None
    );
    let dump = store.export_all().await.unwrap();
    assert!(dump.cases.survivors.iter().all(|s| s.id != her.id));
    assert!(dump.cases.cases.iter().all(|c| c.survivor_id != her.id));

    assert_eq!(store.get_survivor(other.id).await.unwrap(), Some(other));
    assert_eq!(
        (
            store.list_incidents(other_case.id).await.unwrap(),
            store.list_consents(other_case.id).await.unwrap(),
            store.list_notes(other_case.id).await.unwrap(),
            store.list_tasks(other_case.id).await.unwrap(),
        ),
        other_rows
    );

    assert_not_found(store.purge_survivor(her.id, &case_audit("purge")).await);
    assert_eq!(
        counts(&*store).await,
        after,
        "nothing written, no audit event"
    );
}

pub async fn survivors_due_for_purge_respect_holds_open_cases_and_the_cutoff(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let w = world(&*store).await;
    let cutoff = at(500);
    let closed_at = |when: DateTime<Utc>, hold: bool| {
        move |s: &mut SurvivorRow, c: &mut CaseRow| {
            c.status = CaseStatus::Closed;
            c.closed_at = Some(when);
            s.legal_hold = hold;
        }
    };
    let (due, _) = register_with(
        &*store,
        &w.amina,
        &reference(1),
        100,
        closed_at(at(400), false),
    )
    .await;
    let (just_before, _) = register_with(
        &*store,
        &w.amina,
        &reference(2),
        101,
        closed_at(cutoff - micro(1), false),
    )
    .await;
    register_with(
        &*store,
        &w.amina,
        &reference(3),
        102,
        closed_at(cutoff, false),
    )
    .await;
    let (open, open_case) = register(&*store, &w.amina, &reference(4), 103).await;
    let (held, _) = register_with(
        &*store,
        &w.amina,
        &reference(5),
        104,
        closed_at(at(400), true),
    )
    .await;
    register_with(&*store, &w.amina, &reference(6), 105, |_, c| {
        // Closed once, reopened: her case is open again.
        c.status = CaseStatus::Reopened;
        c.closed_at = Some(at(400));
    })
    .await;
    let (elsewhere, _) = register_with(
        &*store,
        &w.bea,
        &reference(7),
        106,
        closed_at(at(400), false),
    )
    .await;

    let sorted = |mut ids: Vec<SurvivorId>| {
        ids.sort();
        ids
    };
    assert_eq!(
        store
            .survivors_due_for_purge(w.shelter(), cutoff)
            .await
            .unwrap(),
        sorted(vec![due.id, just_before.id])
    );
    assert_eq!(
        store
            .survivors_due_for_purge(w.police(), cutoff)
            .await
            .unwrap(),
        vec![elsewhere.id]
    );
    assert!(
        store
            .survivors_due_for_purge(w.health(), cutoff)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        store
            .survivors_due_for_purge(w.shelter(), at(400))
            .await
            .unwrap()
            .is_empty(),
        "closed at the cutoff is not closed before it"
    );

    // Lifting the hold, and closing the open case, make them due.
    store
        .set_legal_hold(held.id, false, &case_audit("hold"))
        .await
        .unwrap();
    let closed = CaseRow {
        status: CaseStatus::Closed,
        closed_at: Some(at(450)),
        updated_at: at(450),
        ..open_case
    };
    store
        .update_case(&closed, CaseStatus::Engaged, &case_audit("close"))
        .await
        .unwrap();
    assert_eq!(
        store
            .survivors_due_for_purge(w.shelter(), cutoff)
            .await
            .unwrap(),
        sorted(vec![due.id, just_before.id, held.id, open.id])
    );
}

/// Case data in every case table, for the whole-database copy.
pub(super) async fn populate_cases(store: &dyn Store, amina: &UserRow, bea: &UserRow) {
    let chloe = with_user(store, "chloe").await;
    let w = World {
        area: amina_area(store, amina).await,
        amina: amina.clone(),
        bea: bea.clone(),
        chloe,
    };
    let key_id = Uuid::now_v7();
    for key in [
        data_key(w.shelter(), key_id, 1, true),
        data_key(w.shelter(), key_id, 2, true),
    ] {
        store
            .create_data_key(&key, &case_audit("create_data_key"))
            .await
            .unwrap();
    }
    store
        .put_case_settings(
            &CaseSettingsRow {
                agency_id: w.shelter(),
                plan_requires_approval: true,
                closure_requires_approval: true,
                retention_months: Some(60),
            },
            &case_audit("put_case_settings"),
        )
        .await
        .unwrap();
    let (_, case) = register(store, &w.amina, &reference(1), 100).await;
    fill_case(store, &case, &w).await;
    let (_, closed) = register_with(store, &w.bea, &reference(2), 101, |s, c| {
        s.legal_hold = true;
        s.name = None;
        c.status = CaseStatus::Closed;
        c.closure_reason = Some("needs_met".into());
        c.closed_at = Some(at(300));
    })
    .await;
    let reviewed = BreakGlassRow {
        review_outcome: Some("not_justified".into()),
        reviewed_by: Some(w.bea.id),
        reviewed_at: Some(at(90)),
        review_comment: None,
        ..grant(&closed, &w.amina, at(80), 1)
    };
    store
        .create_break_glass(&reviewed, &case_audit("break_glass"))
        .await
        .unwrap();
    let k = consent(&closed, w.health(), w.bea.id, at(0), at(5_000));
    store.create_consent(&k, &case_audit("c")).await.unwrap();
    store
        .withdraw_consent(k.id, at(10), &case_audit("w"))
        .await
        .unwrap();
    let t = task(&closed, w.bea.id, date(2026, 1, 1), 5);
    store.create_task(&t, &case_audit("t")).await.unwrap();
    store
        .complete_task(t.id, at(6), &case_audit("done"))
        .await
        .unwrap();
}
