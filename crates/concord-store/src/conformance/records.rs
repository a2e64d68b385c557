//! Conformance cases for the records under a case ([`CaseStore`]):
//! incidents and repeat perpetrators, note versions, goals, safety-plan
//! sections and tasks, and each refused with a missing reference.

use super::*;

/// This file's cases, one `#[tokio::test]` each in
/// [`conformance_tests!`](crate::conformance_tests).
#[doc(hidden)]
#[macro_export]
macro_rules! __conformance_of_records {
    ($fresh:expr) => {
        $crate::__conformance_cases!($fresh;
            case_records_with_missing_references_write_nothing,
            incidents_round_trip_and_find_repeat_perpetrators,
            note_versions_are_kept_in_order,
            goals_and_safety_plan_sections_are_upserted,
            tasks_fall_due_and_are_completed_once,
        );
    };
}

pub async fn case_records_with_missing_references_write_nothing(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let w = world(&*store).await;
    let (_, case) = register(&*store, &w.amina, &reference(1), 100).await;
    let (existing_note, first) = note(&case, w.amina.id, 60);
    store
        .create_note(&existing_note, &first, &case_audit("create_note"))
        .await
        .unwrap();
    let before = counts(&*store).await;
    let by = w.amina.id;
    let elsewhere = CaseRow {
        id: CaseId::new(),
        ..case.clone()
    };
    let nobody = UserId::new();
    let none = AgencyId::new();
    let on = date(2026, 1, 5);
    let audit = case_audit("refused");

    // incidents
    assert_missing(
        store
            .create_incident(&incident(&elsewhere, by, None, on, 1), &audit)
            .await,
        "case_id",
    );
    assert_missing(
        store
            .create_incident(&incident(&case, by, Some(AreaId::new()), on, 1), &audit)
            .await,
        "area_id",
    );
    assert_missing(
        store
            .create_incident(&incident(&case, nobody, None, on, 1), &audit)
            .await,
        "created_by",
    );
    // consents
    let period = (at(0), at(5_000));
    assert_missing(
        store
            .create_consent(
                &consent(&elsewhere, w.police(), by, period.0, period.1),
                &audit,
            )
            .await,
        "case_id",
    );
    assert_missing(
        store
            .create_consent(&consent(&case, none, by, period.0, period.1), &audit)
            .await,
        "recipient_agency",
    );
    assert_missing(
        store
            .create_consent(
                &consent(&case, w.police(), nobody, period.0, period.1),
                &audit,
            )
            .await,
        "recorded_by",
    );
    // lawful shares
    assert_missing(
        store
            .create_sharing(&sharing(&elsewhere, w.police(), by, period.1), &audit)
            .await,
        "case_id",
    );
    assert_missing(
        store
            .create_sharing(&sharing(&case, none, by, period.1), &audit)
            .await,
        "recipient_agency",
    );
    assert_missing(
        store
            .create_sharing(&sharing(&case, w.police(), nobody, period.1), &audit)
            .await,
        "decision_maker",
    );
    // break-glass
    assert_missing(
        store
            .create_break_glass(&grant(&elsewhere, &w.bea, at(50), 4), &audit)
            .await,
        "case_id",
    );
    let mut stranger = w.bea.clone();
    stranger.id = nobody;
    assert_missing(
        store
            .create_break_glass(&grant(&case, &stranger, at(50), 4), &audit)
            .await,
        "user_id",
    );
    let mut homeless = w.bea.clone();
    homeless.agency_id = none;
    assert_missing(
        store
            .create_break_glass(&grant(&case, &homeless, at(50), 4), &audit)
            .await,
        "agency_id",
    );
    // notes
    let (n, v) = note(&elsewhere, by, 1);
    assert_missing(store.create_note(&n, &v, &audit).await, "case_id");
    let (n, v) = note(&case, nobody, 1);
    assert_missing(store.create_note(&n, &v, &audit).await, "author_id");
    let (n, _) = note(&case, by, 1);
    let not_its_own = note_version(existing_note.id, 1, by, 1);
    assert_missing(store.create_note(&n, &not_its_own, &audit).await, "note_id");
    assert_missing(
        store
            .add_note_version(&note_version(NoteId::new(), 2, by, 1), &audit)
            .await,
        "note_id",
    );
    assert_missing(
        store
            .add_note_version(&note_version(existing_note.id, 2, nobody, 1), &audit)
            .await,
        "edited_by",
    );
    // plans and tasks
    assert_missing(
        store
            .put_goal(&goal(&elsewhere, GoalDomain::Health, by), &audit)
            .await,
        "case_id",
    );
    assert_missing(
        store
            .put_goal(&goal(&case, GoalDomain::Health, nobody), &audit)
            .await,
        "updated_by",
    );
    assert_missing(
        store
            .put_safety_plan_section(
                &plan_section(&elsewhere, SafetyPlanSection::Children, by),
                &audit,
            )
            .await,
        "case_id",
    );
    assert_missing(
        store
            .put_safety_plan_section(
                &plan_section(&case, SafetyPlanSection::Children, nobody),
                &audit,
            )
            .await,
        "updated_by",
    );
    assert_missing(
        store
            .create_task(&task(&elsewhere, by, on, 1), &audit)
            .await,
        "case_id",
    );
    assert_missing(
        store.create_task(&task(&case, nobody, on, 1), &audit).await,
        "assignee",
    );
    assert_eq!(
        counts(&*store).await,
        before,
        "nothing written, no audit event"
    );
}

pub async fn incidents_round_trip_and_find_repeat_perpetrators(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let w = world(&*store).await;
    let (_, c1) = register(&*store, &w.amina, &reference(1), 100).await;
    let (_, c2) = register(&*store, &w.bea, &reference(2), 101).await;
    let full = incident(&c1, w.amina.id, Some(w.area), date(2026, 1, 5), 40);
    store
        .create_incident(&full, &case_audit("create_incident"))
        .await
        .unwrap();
    assert_last_case_audit(&*store, "create_incident").await;
    let bare = IncidentRow {
        id: IncidentId::new(),
        incident_date: date(2025, 12, 20),
        incident_time: None,
        date_first_reported: date(2026, 2, 1),
        area_id: None,
        gbv_type: GbvType::PhysicalAssault,
        context_flags: Vec::new(),
        // Not recorded: read back as not recorded, never as an empty list.
        forms_of_violence: None,
        trafficking_exploitation: Vec::new(),
        perpetrator_relationship: PerpetratorRelationship::Unknown,
        perpetrator_sex: PerpetratorSex::Unknown,
        perpetrator_age_group: PerpetratorAgeGroup::Unknown,
        perpetrator_identity: None,
        perpetrator_index: None,
        survivor_age_group: None,
        reporting_delay: ReportingDelay::Over1Month,
        already_reported_elsewhere: false,
        consent_to_statistics: false,
        narrative: None,
        created_at: at(41),
        ..full.clone()
    };
    store
        .create_incident(&bare, &case_audit("create_incident"))
        .await
        .unwrap();
    assert_eq!(
        store.list_incidents(c1.id).await.unwrap(),
        vec![bare.clone(), full.clone()],
        "oldest incident date first"
    );

    // The same perpetrator in another agency's case.
    let repeat = incident(&c2, w.bea.id, None, date(2026, 2, 1), 42);
    store
        .create_incident(&repeat, &case_audit("create_incident"))
        .await
        .unwrap();
    assert_eq!(
        store.list_incidents(c2.id).await.unwrap(),
        vec![repeat.clone()]
    );
    let index = full.perpetrator_index.clone().unwrap();
    assert_eq!(
        store.find_incidents_by_perpetrator(&index).await.unwrap(),
        vec![full.clone(), repeat]
    );
    assert!(
        store
            .find_incidents_by_perpetrator(&[1, 2, 3])
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        store
            .list_incidents(CaseId::new())
            .await
            .unwrap()
            .is_empty()
    );

    let before = audit_count(&*store).await;
    assert_duplicate(
        store
            .create_incident(&full, &case_audit("create_incident"))
            .await,
        "id",
    );
    assert_eq!(audit_count(&*store).await, before);
}

pub async fn note_versions_are_kept_in_order(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let w = world(&*store).await;
    let dina = colleague(&*store, &w.amina, "dina").await;
    let (_, case) = register(&*store, &w.amina, &reference(1), 100).await;
    let (_, other) = register(&*store, &w.amina, &reference(2), 101).await;
    let (older, v1) = note(&case, w.amina.id, 10);
    store
        .create_note(&older, &v1, &case_audit("create_note"))
        .await
        .unwrap();
    assert_last_case_audit(&*store, "create_note").await;
    let v2 = note_version(older.id, 2, dina.id, 11);
    let v3 = note_version(older.id, 3, w.amina.id, 12);
    for v in [&v2, &v3] {
        store
            .add_note_version(v, &case_audit("add_note_version"))
            .await
            .unwrap();
    }
    assert_last_case_audit(&*store, "add_note_version").await;
    let (newer, newer_v1) = note(&case, dina.id, 20);
    store
        .create_note(&newer, &newer_v1, &case_audit("create_note"))
        .await
        .unwrap();
    let (elsewhere, elsewhere_v1) = note(&other, w.amina.id, 30);
    store
        .create_note(&elsewhere, &elsewhere_v1, &case_audit("create_note"))
        .await
        .unwrap();

    assert_eq!(
        store.list_notes(case.id).await.unwrap(),
        vec![
            (newer.clone(), newer_v1.clone()),
            (older.clone(), v3.clone())
        ],
        "newest note first, each with its latest version"
    );
    assert_eq!(
        store.note_history(older.id).await.unwrap(),
        vec![v1.clone(), v2.clone(), v3.clone()]
    );
    assert_eq!(store.note_history(newer.id).await.unwrap(), vec![newer_v1]);
    assert!(store.note_history(NoteId::new()).await.unwrap().is_empty());
    assert!(store.list_notes(CaseId::new()).await.unwrap().is_empty());

    // Two people saving version 3 at once: the second is told.
    let before = audit_count(&*store).await;
    let clash = NoteVersionRow {
        body: sealed("overwritten?"),
        edited_by: dina.id,
        ..v3.clone()
    };
    assert_conflict(
        store
            .add_note_version(&clash, &case_audit("add_note_version"))
            .await,
    );
    assert_eq!(
        store.note_history(older.id).await.unwrap(),
        vec![v1, v2, v3]
    );
    assert_duplicate(
        store
            .create_note(
                &older,
                &note_version(older.id, 1, w.amina.id, 13),
                &case_audit("create_note"),
            )
            .await,
        "id",
    );
    assert_eq!(audit_count(&*store).await, before);
}

pub async fn goals_and_safety_plan_sections_are_upserted(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let w = world(&*store).await;
    let by = w.amina.id;
    let (_, case) = register(&*store, &w.amina, &reference(1), 100).await;
    let (_, other) = register(&*store, &w.amina, &reference(2), 101).await;
    // Created in this order (ids are time-ordered), put in another.
    let health_first = goal(&case, GoalDomain::Health, by);
    let safety = goal(&case, GoalDomain::Safety, by);
    let health_second = goal(&case, GoalDomain::Health, by);
    let other_domain = goal(&case, GoalDomain::Other, by);
    for g in [&other_domain, &health_second, &safety, &health_first] {
        store.put_goal(g, &case_audit("put_goal")).await.unwrap();
    }
    assert_last_case_audit(&*store, "put_goal").await;
    assert_eq!(
        store.list_goals(case.id).await.unwrap(),
        vec![
            safety.clone(),
            health_first.clone(),
            health_second.clone(),
            other_domain.clone()
        ],
        "by domain, then creation"
    );
    let met = GoalRow {
        status: GoalStatus::Met,
        description: sealed("goal met"),
        domain: GoalDomain::Justice,
        updated_by: w.amina.id,
        updated_at: at(40),
        ..health_first.clone()
    };
    store.put_goal(&met, &case_audit("put_goal")).await.unwrap();
    assert_eq!(
        store.list_goals(case.id).await.unwrap(),
        vec![safety.clone(), health_second, met, other_domain],
        "replaced by id"
    );
    // A goal never moves to another case.
    let before = audit_count(&*store).await;
    let moved = GoalRow {
        case_id: other.id,
        ..safety.clone()
    };
    assert_not_found(store.put_goal(&moved, &case_audit("put_goal")).await);
    assert!(store.list_goals(other.id).await.unwrap().is_empty());
    assert_eq!(store.list_goals(case.id).await.unwrap()[0], safety);
    assert_eq!(audit_count(&*store).await, before);

    let sections = [
        SafetyPlanSection::AfterSeparation,
        SafetyPlanSection::SafeContacts,
        SafetyPlanSection::DigitalSafety,
    ];
    for section in sections {
        store
            .put_safety_plan_section(
                &plan_section(&case, section, by),
                &case_audit("put_section"),
            )
            .await
            .unwrap();
    }
    assert_last_case_audit(&*store, "put_section").await;
    let rewritten = SafetyPlanRow {
        body: sealed("new safe contacts"),
        updated_at: at(50),
        ..plan_section(&case, SafetyPlanSection::SafeContacts, by)
    };
    store
        .put_safety_plan_section(&rewritten, &case_audit("put_section"))
        .await
        .unwrap();
    assert_eq!(
        store.list_safety_plan(case.id).await.unwrap(),
        vec![
            rewritten,
            plan_section(&case, SafetyPlanSection::DigitalSafety, by),
            plan_section(&case, SafetyPlanSection::AfterSeparation, by),
        ],
        "in section order, replaced by section"
    );
    assert!(store.list_safety_plan(other.id).await.unwrap().is_empty());
}

pub async fn tasks_fall_due_and_are_completed_once(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let w = world(&*store).await;
    let dina = colleague(&*store, &w.amina, "dina").await;
    let (_, c1) = register(&*store, &w.amina, &reference(1), 100).await;
    let (_, c2) = register(&*store, &w.amina, &reference(2), 101).await;
    let t1 = task(&c1, w.amina.id, date(2026, 3, 10), 1);
    let t2 = task(&c2, w.amina.id, date(2026, 3, 1), 2);
    let t3 = task(&c1, w.amina.id, date(2026, 3, 20), 3);
    let t4 = task(&c1, dina.id, date(2026, 3, 10), 4);
    for t in [&t3, &t1, &t4, &t2] {
        store
            .create_task(t, &case_audit("create_task"))
            .await
            .unwrap();
    }
    assert_last_case_audit(&*store, "create_task").await;
    assert_eq!(
        store
            .tasks_due(w.amina.id, date(2026, 3, 10))
            .await
            .unwrap(),
        vec![t2.clone(), t1.clone()],
        "due on or before, by due date"
    );
    assert_eq!(
        store
            .tasks_due(w.amina.id, date(2026, 2, 28))
            .await
            .unwrap(),
        vec![]
    );
    assert_eq!(
        store.tasks_due(dina.id, date(2026, 12, 31)).await.unwrap(),
        vec![t4.clone()]
    );

    assert!(
        store
            .complete_task(t2.id, at(90), &case_audit("complete"))
            .await
            .unwrap()
    );
    assert_last_case_audit(&*store, "complete").await;
    let before = audit_count(&*store).await;
    assert!(
        !store
            .complete_task(t2.id, at(91), &case_audit("complete"))
            .await
            .unwrap()
    );
    assert!(
        !store
            .complete_task(TaskId::new(), at(91), &case_audit("complete"))
            .await
            .unwrap()
    );
    assert_eq!(audit_count(&*store).await, before);
    assert_eq!(
        store
            .tasks_due(w.amina.id, date(2026, 3, 31))
            .await
            .unwrap(),
        vec![t1.clone(), t3.clone()],
        "done tasks are not due"
    );
    assert_eq!(
        store.list_tasks(c1.id).await.unwrap(),
        vec![t1, t4, t3],
        "by due date"
    );
    let done = TaskRow {
        done_at: Some(at(90)),
        ..t2
    };
    assert_eq!(store.list_tasks(c2.id).await.unwrap(), vec![done]);
}
