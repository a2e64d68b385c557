//! Conformance cases for the justice chain ([`JusticeStore`]).

use super::*;
use concord_domain::ids::JusticeEventId;
use concord_domain::justice::JusticeEventKind;

/// This file's cases, one `#[tokio::test]` each in
/// [`conformance_tests!`](crate::conformance_tests).
#[doc(hidden)]
#[macro_export]
macro_rules! __conformance_of_justice {
    ($fresh:expr) => {
        $crate::__conformance_cases!($fresh;
            justice_steps_are_listed_in_the_order_they_happened,
            a_justice_step_on_a_changed_chain_is_refused_and_nothing_written,
            a_justice_step_names_what_it_refers_to,
            purging_her_takes_her_justice_chain,
        );
    };
}

fn step(case: &CaseRow, by: &UserRow, kind: JusticeEventKind, day: u32, n: i64) -> JusticeEventRow {
    JusticeEventRow {
        id: JusticeEventId::new(),
        case_id: case.id,
        kind,
        occurred_on: NaiveDate::from_ymd_opt(2026, 1, day).unwrap(),
        outcome: None,
        reason: None,
        detail: None,
        recording_agency: by.agency_id,
        recorded_by: by.id,
        recorded_at: at(n),
    }
}

pub async fn justice_steps_are_listed_in_the_order_they_happened(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let w = world(&*store).await;
    let (_, case) = register(&*store, &w.amina, &reference(1), 100).await;
    let (_, other) = register(&*store, &w.amina, &reference(2), 101).await;
    let report = JusticeEventRow {
        detail: Some(b"sealed crime reference".to_vec()),
        ..step(&case, &w.bea, JusticeEventKind::ReportedToPolice, 3, 200)
    };
    let crime = JusticeEventRow {
        outcome: Some("minor_assault".into()),
        ..step(&case, &w.bea, JusticeEventKind::CrimeRecorded, 4, 201)
    };
    // Recorded later, but it happened on the same day as the report.
    let arrest = step(&case, &w.bea, JusticeEventKind::Arrest, 3, 202);
    let charge = JusticeEventRow {
        outcome: Some("no_further_action".into()),
        reason: Some("evidential_difficulties".into()),
        ..step(&case, &w.bea, JusticeEventKind::ChargeDecision, 9, 203)
    };
    for (seen, row) in [&report, &crime, &arrest, &charge].into_iter().enumerate() {
        store
            .create_justice_event(row, seen, &case_audit("justice"))
            .await
            .unwrap();
        assert_last_case_audit(&*store, "justice").await;
    }
    assert_eq!(
        store.list_justice_events(case.id).await.unwrap(),
        vec![report, arrest, crime, charge],
        "by day, then as recorded; every field as written"
    );
    assert!(
        store
            .list_justice_events(other.id)
            .await
            .unwrap()
            .is_empty()
    );
}

pub async fn a_justice_step_on_a_changed_chain_is_refused_and_nothing_written(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let w = world(&*store).await;
    let (_, case) = register(&*store, &w.amina, &reference(1), 100).await;
    let report = step(&case, &w.bea, JusticeEventKind::ReportedToPolice, 3, 200);
    store
        .create_justice_event(&report, 0, &case_audit("report"))
        .await
        .unwrap();
    // Someone checked the order against the empty chain: it changed since.
    let stale = step(&case, &w.bea, JusticeEventKind::ReportedToPolice, 4, 201);
    assert_eq!(
        store
            .create_justice_event(&stale, 0, &case_audit("stale"))
            .await,
        Err(StoreError::Conflict)
    );
    assert_eq!(
        store.list_justice_events(case.id).await.unwrap(),
        vec![report]
    );
    assert_last_case_audit(&*store, "report").await;
}

pub async fn a_justice_step_names_what_it_refers_to(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let w = world(&*store).await;
    let (_, case) = register(&*store, &w.amina, &reference(1), 100).await;
    let good = step(&case, &w.bea, JusticeEventKind::ReportedToPolice, 3, 200);
    for (row, field) in [
        (
            JusticeEventRow {
                case_id: CaseId::new(),
                ..good.clone()
            },
            "case_id",
        ),
        (
            JusticeEventRow {
                recording_agency: AgencyId::new(),
                ..good.clone()
            },
            "recording_agency",
        ),
        (
            JusticeEventRow {
                recorded_by: UserId::new(),
                ..good.clone()
            },
            "recorded_by",
        ),
    ] {
        assert_eq!(
            store
                .create_justice_event(&row, 0, &case_audit("bad"))
                .await,
            Err(StoreError::MissingReference { field })
        );
    }
    assert!(store.list_justice_events(case.id).await.unwrap().is_empty());
}

pub async fn purging_her_takes_her_justice_chain(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let w = world(&*store).await;
    let (survivor, case) = register(&*store, &w.amina, &reference(1), 100).await;
    let (_, kept) = register(&*store, &w.amina, &reference(2), 101).await;
    for c in [&case, &kept] {
        let report = step(c, &w.bea, JusticeEventKind::ReportedToPolice, 3, 200);
        store
            .create_justice_event(&report, 0, &case_audit("report"))
            .await
            .unwrap();
    }
    store
        .purge_survivor(survivor.id, &case_audit("purge"))
        .await
        .unwrap();
    let left = store.table_counts().await.unwrap();
    let justice = left.iter().find(|(t, _)| t == "justice_events").unwrap().1;
    assert_eq!(justice, 1, "only the other survivor's step is left");
    assert_eq!(store.list_justice_events(kept.id).await.unwrap().len(), 1);
}

/// A short chain, for the whole-database copy.
pub async fn populate_justice(store: &dyn Store, amina: &UserRow, bea: &UserRow) {
    let (_, case) = register(store, amina, &reference(90), 900).await;
    let report = JusticeEventRow {
        detail: Some(b"sealed".to_vec()),
        ..step(&case, bea, JusticeEventKind::ReportedToPolice, 2, 901)
    };
    store
        .create_justice_event(&report, 0, &case_audit("justice"))
        .await
        .unwrap();
}
