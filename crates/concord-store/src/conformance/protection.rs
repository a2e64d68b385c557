//! Conformance cases for protection orders and breaches
//! ([`ProtectionStore`]).

use super::*;
use crate::protection::*;
use concord_domain::ids::{OrderBreachId, ProtectionOrderId};
use concord_domain::protection::BreachAction;

/// This file's cases, one `#[tokio::test]` each in
/// [`conformance_tests!`](crate::conformance_tests).
#[doc(hidden)]
#[macro_export]
macro_rules! __conformance_of_protection {
    ($fresh:expr) => {
        $crate::__conformance_cases!($fresh;
            orders_and_breaches_are_listed_in_the_order_they_happened,
            a_breach_of_another_cases_order_is_refused_and_nothing_written,
            an_order_names_what_it_refers_to,
            orders_expiring_reach_the_recorder_the_owner_and_her_advocate,
            purging_her_takes_her_orders_and_breaches,
        );
    };
}

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).unwrap()
}

fn order(case: &CaseRow, by: &UserRow, issued: NaiveDate, n: i64) -> ProtectionOrderRow {
    ProtectionOrderRow {
        id: ProtectionOrderId::new(),
        case_id: case.id,
        kind: "protection_order".into(),
        issued_by: "Central Family Court".into(),
        issued_on: issued,
        served_on: None,
        expires_on: issued + chrono::Duration::days(180),
        conditions: Some(b"sealed conditions".to_vec()),
        recording_agency: by.agency_id,
        recorded_by: by.id,
        recorded_at: at(n),
    }
}

fn breach(order: &ProtectionOrderRow, by: &UserRow, on: NaiveDate, n: i64) -> OrderBreachRow {
    OrderBreachRow {
        id: OrderBreachId::new(),
        order_id: order.id,
        case_id: order.case_id,
        breached_on: on,
        action_taken: BreachAction::Arrested,
        recording_agency: by.agency_id,
        recorded_by: by.id,
        recorded_at: at(n),
    }
}

pub async fn orders_and_breaches_are_listed_in_the_order_they_happened(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let w = world(&*store).await;
    let (_, case) = register(&*store, &w.amina, &reference(1), 100).await;
    let (_, other) = register(&*store, &w.amina, &reference(2), 101).await;
    let later = order(&case, &w.bea, day(2, 1), 200);
    // Recorded after, issued before.
    let first = ProtectionOrderRow {
        served_on: Some(day(1, 12)),
        kind: "bail_conditions".into(),
        ..order(&case, &w.bea, day(1, 10), 201)
    };
    for o in [&later, &first] {
        store
            .create_protection_order(o, &case_audit("order"))
            .await
            .unwrap();
    }
    let elsewhere = order(&other, &w.bea, day(1, 5), 202);
    store
        .create_protection_order(&elsewhere, &case_audit("order"))
        .await
        .unwrap();
    let b2 = breach(&first, &w.bea, day(2, 3), 210);
    let b1 = breach(&later, &w.bea, day(2, 1), 211);
    for b in [&b2, &b1] {
        store
            .create_order_breach(b, &case_audit("breach"))
            .await
            .unwrap();
    }
    assert_eq!(
        store.list_protection_orders(case.id).await.unwrap(),
        vec![first.clone(), later.clone()]
    );
    assert_eq!(
        store.list_order_breaches(case.id).await.unwrap(),
        vec![b1.clone(), b2.clone()]
    );
    assert_eq!(
        store.get_protection_order(first.id).await.unwrap(),
        Some(first.clone())
    );
    assert_eq!(
        store.protection_history(case.id).await.unwrap(),
        vec![
            ProtectionEntry::Order(first),
            // The same day: the order was recorded first.
            ProtectionEntry::Order(later),
            ProtectionEntry::Breach(b1),
            ProtectionEntry::Breach(b2),
        ]
    );
    assert_eq!(
        store.protection_history(other.id).await.unwrap(),
        vec![ProtectionEntry::Order(elsewhere)]
    );
}

pub async fn a_breach_of_another_cases_order_is_refused_and_nothing_written(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let w = world(&*store).await;
    let (_, case) = register(&*store, &w.amina, &reference(1), 100).await;
    let (_, other) = register(&*store, &w.amina, &reference(2), 101).await;
    let o = order(&case, &w.bea, day(1, 10), 200);
    store
        .create_protection_order(&o, &case_audit("order"))
        .await
        .unwrap();
    let events = store.table_counts().await.unwrap();
    let wrong_case = OrderBreachRow {
        case_id: other.id,
        ..breach(&o, &w.bea, day(1, 20), 210)
    };
    assert!(matches!(
        store
            .create_order_breach(&wrong_case, &case_audit("breach"))
            .await,
        Err(StoreError::NotFound)
    ));
    let no_order = OrderBreachRow {
        order_id: ProtectionOrderId::new(),
        ..breach(&o, &w.bea, day(1, 20), 211)
    };
    assert!(matches!(
        store
            .create_order_breach(&no_order, &case_audit("breach"))
            .await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(
        store.table_counts().await.unwrap(),
        events,
        "no breach and no audit event written"
    );
}

pub async fn an_order_names_what_it_refers_to(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let w = world(&*store).await;
    let (_, case) = register(&*store, &w.amina, &reference(1), 100).await;
    let ghost_case = CaseRow {
        id: CaseId::new(),
        ..case.clone()
    };
    let err = store
        .create_protection_order(
            &order(&ghost_case, &w.bea, day(1, 10), 200),
            &case_audit("order"),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::MissingReference { field: "case_id" }),
        "{err:?}"
    );
    let ghost_user = UserRow {
        id: UserId::new(),
        ..w.bea.clone()
    };
    let err = store
        .create_protection_order(
            &order(&case, &ghost_user, day(1, 10), 200),
            &case_audit("order"),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::MissingReference {
                field: "recorded_by"
            }
        ),
        "{err:?}"
    );
    assert!(
        store
            .list_protection_orders(case.id)
            .await
            .unwrap()
            .is_empty()
    );
}

pub async fn orders_expiring_reach_the_recorder_the_owner_and_her_advocate(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let w = world(&*store).await;
    // Amina's shelter owns both cases; Bea's police recorded the orders;
    // Chloe (health) is the advocate on the second case's referral only.
    let (_, case) = register(&*store, &w.amina, &reference(1), 100).await;
    let (_, advocated) = register(&*store, &w.amina, &reference(2), 101).await;
    let ending = |case: &CaseRow, expires: NaiveDate, n| ProtectionOrderRow {
        expires_on: expires,
        ..order(case, &w.bea, day(1, 2), n)
    };
    let (from, to) = (day(3, 1), day(3, 15));
    let before = ending(&case, day(2, 28), 200);
    let first_day = ending(&case, from, 201);
    let last_day = ending(&advocated, to, 202);
    let after = ending(&advocated, day(3, 16), 203);
    for o in [&before, &first_day, &last_day, &after] {
        store
            .create_protection_order(o, &case_audit("order"))
            .await
            .unwrap();
    }
    let c = conference("MARAC", w.police(), vec![w.shelter(), w.police()]);
    store
        .create_conference(&c, &case_audit("conference"))
        .await
        .unwrap();
    let r = ConferenceReferralRow {
        advocate_id: Some(w.chloe.id),
        ..referral(&c, &advocated, &w.amina, day(1, 20))
    };
    store
        .create_conference_referral(&r, None, &case_audit("referral"))
        .await
        .unwrap();
    let ids = |items: Vec<ExpiringOrder>| -> Vec<ProtectionOrderId> {
        items.into_iter().map(|e| e.order.id).collect()
    };
    let recorder = store
        .orders_expiring(w.police(), w.bea.id, from, to)
        .await
        .unwrap();
    assert_eq!(recorder[0].survivor_reference, reference(1));
    assert_eq!(ids(recorder), vec![first_day.id, last_day.id]);
    let owner = store
        .orders_expiring(w.shelter(), w.amina.id, from, to)
        .await
        .unwrap();
    assert_eq!(ids(owner), vec![first_day.id, last_day.id]);
    let advocate = store
        .orders_expiring(w.health(), w.chloe.id, from, to)
        .await
        .unwrap();
    assert_eq!(ids(advocate), vec![last_day.id], "only her advocated case");
    let colleague = colleague(&*store, &w.chloe, "chloe2").await;
    assert!(
        store
            .orders_expiring(w.health(), colleague.id, from, to)
            .await
            .unwrap()
            .is_empty(),
        "not her advocate's colleague"
    );
}

pub async fn purging_her_takes_her_orders_and_breaches(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let w = world(&*store).await;
    let (survivor, case) = register(&*store, &w.amina, &reference(1), 100).await;
    let (_, kept) = register(&*store, &w.amina, &reference(2), 101).await;
    for c in [&case, &kept] {
        let o = order(c, &w.bea, day(1, 10), 200);
        store
            .create_protection_order(&o, &case_audit("order"))
            .await
            .unwrap();
        store
            .create_order_breach(&breach(&o, &w.bea, day(1, 12), 201), &case_audit("b"))
            .await
            .unwrap();
    }
    store
        .purge_survivor(survivor.id, &case_audit("purge"))
        .await
        .unwrap();
    let left = store.table_counts().await.unwrap();
    let count = |table: &str| left.iter().find(|(t, _)| t == table).unwrap().1;
    assert_eq!(count("protection_orders"), 1, "only the other survivor's");
    assert_eq!(count("protection_order_breaches"), 1);
    assert_eq!(store.list_order_breaches(kept.id).await.unwrap().len(), 1);
}

/// One order with a breach, for the whole-database copy.
pub async fn populate_protection(store: &dyn Store, amina: &UserRow, bea: &UserRow) {
    let (_, case) = register(store, amina, &reference(91), 910).await;
    let o = order(&case, bea, day(1, 3), 911);
    store
        .create_protection_order(&o, &case_audit("order"))
        .await
        .unwrap();
    store
        .create_order_breach(&breach(&o, bea, day(1, 4), 912), &case_audit("breach"))
        .await
        .unwrap();
}
