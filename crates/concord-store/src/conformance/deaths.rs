//! Conformance cases for her death and the killing record ([`DeathStore`]).

use super::*;
use concord_domain::case::{CaseStatus, ClosureReason};
use concord_domain::incident::{PerpetratorAgeGroup, PerpetratorSex};
use concord_domain::killing::{Characteristic, KillerRelationship};

/// This file's cases, one `#[tokio::test]` each in
/// [`conformance_tests!`](crate::conformance_tests).
#[doc(hidden)]
#[macro_export]
macro_rules! __conformance_of_deaths {
    ($fresh:expr) => {
        $crate::__conformance_cases!($fresh;
            her_death_closes_the_case_and_opens_the_killing_record_at_once,
            her_death_on_a_case_that_moved_on_or_twice_is_refused_and_nothing_written,
            a_killing_record_changed_meanwhile_is_refused,
            purging_her_takes_her_death_and_killing_record,
        );
    };
}

fn closed(case: &CaseRow, n: i64) -> CaseRow {
    CaseRow {
        status: CaseStatus::Closed,
        closure_reason: Some(ClosureReason::SheDied.as_str().to_string()),
        closed_at: Some(at(n)),
        updated_at: at(n),
        ..case.clone()
    }
}

fn death(case: &CaseRow, by: &UserRow, killing: bool, n: i64) -> CaseDeathRow {
    CaseDeathRow {
        case_id: case.id,
        died_at: at(n - 50),
        killing,
        closed_from: case.status,
        recorded_by: by.id,
        recorded_at: at(n),
    }
}

fn killing(case: &CaseRow, by: &UserRow, n: i64) -> KillingRecordRow {
    KillingRecordRow {
        case_id: case.id,
        relationship: KillerRelationship::IntimatePartner,
        characteristics: vec![Characteristic::PreviousViolenceByPerpetrator],
        perpetrator_sex: PerpetratorSex::Male,
        perpetrator_age_group: PerpetratorAgeGroup::Age26To40,
        updated_by: by.id,
        updated_at: at(n),
    }
}

pub async fn her_death_closes_the_case_and_opens_the_killing_record_at_once(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let w = world(&*store).await;
    let (_, case) = register(&*store, &w.amina, &reference(1), 100).await;
    let (_, natural) = register(&*store, &w.amina, &reference(2), 101).await;
    let d = death(&case, &w.amina, true, 200);
    let k = killing(&case, &w.amina, 200);
    store
        .record_death(
            &closed(&case, 200),
            case.status,
            &d,
            Some(&k),
            &case_audit("died"),
        )
        .await
        .unwrap();
    assert_last_case_audit(&*store, "died").await;
    let stored = store.get_case(case.id).await.unwrap().unwrap();
    assert_eq!(stored.status, CaseStatus::Closed);
    assert_eq!(stored.closure_reason.as_deref(), Some("she_died"));
    assert_eq!(store.get_case_death(case.id).await.unwrap(), Some(d));
    assert_eq!(store.get_killing_record(case.id).await.unwrap(), Some(k));
    // A death that was not a killing opens no record.
    let d2 = death(&natural, &w.amina, false, 201);
    store
        .record_death(
            &closed(&natural, 201),
            natural.status,
            &d2,
            None,
            &case_audit("natural"),
        )
        .await
        .unwrap();
    assert_eq!(store.get_case_death(natural.id).await.unwrap(), Some(d2));
    assert_eq!(store.get_killing_record(natural.id).await.unwrap(), None);
}

pub async fn her_death_on_a_case_that_moved_on_or_twice_is_refused_and_nothing_written(
    fresh: &Fresh,
) {
    let f = fresh.fixture().await;
    let store = f.store();
    let w = world(&*store).await;
    let (_, case) = register(&*store, &w.amina, &reference(1), 100).await;
    let d = death(&case, &w.amina, true, 200);
    let k = killing(&case, &w.amina, 200);
    // Someone read the case at another step.
    assert_eq!(
        store
            .record_death(
                &closed(&case, 200),
                CaseStatus::FollowUp,
                &d,
                Some(&k),
                &case_audit("stale")
            )
            .await,
        Err(StoreError::Conflict)
    );
    assert_eq!(store.get_case_death(case.id).await.unwrap(), None);
    assert_eq!(store.get_killing_record(case.id).await.unwrap(), None);
    assert_eq!(
        store.get_case(case.id).await.unwrap().unwrap().status,
        case.status
    );
    store
        .record_death(
            &closed(&case, 200),
            case.status,
            &d,
            Some(&k),
            &case_audit("died"),
        )
        .await
        .unwrap();
    // Twice: the case is closed now, and her death is already recorded.
    let again = closed(&case, 300);
    assert_eq!(
        store
            .record_death(
                &again,
                CaseStatus::Closed,
                &death(&case, &w.amina, false, 300),
                None,
                &case_audit("again")
            )
            .await,
        Err(StoreError::Conflict)
    );
    assert_eq!(store.get_case_death(case.id).await.unwrap(), Some(d));
    assert_last_case_audit(&*store, "died").await;
}

pub async fn a_killing_record_changed_meanwhile_is_refused(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let w = world(&*store).await;
    let (_, case) = register(&*store, &w.amina, &reference(1), 100).await;
    let k = killing(&case, &w.amina, 200);
    store
        .record_death(
            &closed(&case, 200),
            case.status,
            &death(&case, &w.amina, true, 200),
            Some(&k),
            &case_audit("died"),
        )
        .await
        .unwrap();
    let changed = KillingRecordRow {
        relationship: KillerRelationship::FamilyMember,
        characteristics: vec![],
        updated_at: at(300),
        ..k.clone()
    };
    store
        .update_killing_record(&changed, k.updated_at, &case_audit("changed"))
        .await
        .unwrap();
    assert_eq!(
        store.get_killing_record(case.id).await.unwrap(),
        Some(changed.clone())
    );
    let late = KillingRecordRow {
        relationship: KillerRelationship::UnknownToHer,
        updated_at: at(301),
        ..k.clone()
    };
    assert_eq!(
        store
            .update_killing_record(&late, k.updated_at, &case_audit("late"))
            .await,
        Err(StoreError::Conflict)
    );
    assert_eq!(
        store.get_killing_record(case.id).await.unwrap(),
        Some(changed)
    );
    assert_last_case_audit(&*store, "changed").await;
    let (_, none) = register(&*store, &w.amina, &reference(2), 101).await;
    assert_eq!(
        store
            .update_killing_record(&killing(&none, &w.amina, 400), at(400), &case_audit("none"))
            .await,
        Err(StoreError::NotFound)
    );
}

pub async fn purging_her_takes_her_death_and_killing_record(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let w = world(&*store).await;
    let (survivor, case) = register(&*store, &w.amina, &reference(1), 100).await;
    store
        .record_death(
            &closed(&case, 200),
            case.status,
            &death(&case, &w.amina, true, 200),
            Some(&killing(&case, &w.amina, 200)),
            &case_audit("died"),
        )
        .await
        .unwrap();
    store
        .purge_survivor(survivor.id, &case_audit("purge"))
        .await
        .unwrap();
    let left = store.table_counts().await.unwrap();
    for table in crate::deaths::DEATH_TABLES {
        assert_eq!(
            left.iter().find(|(t, _)| t == table).unwrap().1,
            0,
            "{table}"
        );
    }
}

/// One killing and its review grant, for the whole-database copy.
pub async fn populate_deaths(store: &dyn Store, amina: &UserRow) {
    let (_, case) = register(store, amina, &reference(92), 920).await;
    store
        .record_death(
            &closed(&case, 921),
            case.status,
            &death(&case, amina, true, 921),
            Some(&killing(&case, amina, 921)),
            &case_audit("died"),
        )
        .await
        .unwrap();
    // Her death reviewed: a panel granted her chronology.
    let body = store.list_bodies().await.unwrap()[0].id;
    let grant = crate::homicide_review::ReviewGrantRow {
        id: concord_domain::ids::ReviewGrantId::new(),
        case_id: case.id,
        body_id: body,
        reason: sealed("review reason"),
        remit_confirmed: true,
        granted_by: amina.id,
        granted_at: at(922),
        revoked_by: None,
        revoked_at: None,
    };
    store
        .create_review_grant(&grant, &case_audit("review granted"))
        .await
        .unwrap();
}
