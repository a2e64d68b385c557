//! Conformance cases for consent, lawful sharing and break-glass access
//! ([`CaseStore`]).

use super::*;

/// This file's cases, one `#[tokio::test]` each in
/// [`conformance_tests!`](crate::conformance_tests).
#[doc(hidden)]
#[macro_export]
macro_rules! __conformance_of_sharing {
    ($fresh:expr) => {
        $crate::__conformance_cases!($fresh;
            consents_and_shares_are_listed_and_ended_once,
            break_glass_is_personal_time_limited_and_reviewed_once,
        );
    };
}

pub async fn consents_and_shares_are_listed_and_ended_once(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let w = world(&*store).await;
    let (_, case) = register(&*store, &w.amina, &reference(1), 100).await;
    let (_, other) = register(&*store, &w.amina, &reference(2), 101).await;
    let older = consent(&case, w.police(), w.amina.id, at(10), at(5_000));
    let newer = ConsentRow {
        id: ConsentId::new(),
        recipient_agency: w.health(),
        purposes: Purpose::ALL.to_vec(),
        categories: vec![DataCategory::CaseNotes, DataCategory::Risk],
        given_by: ConsentGiver::Caregiver,
        child_assent: true,
        caregiver_unsafe: true,
        // Recorded when it was given.
        given_on: None,
        valid_from: at(20),
        recorded_at: at(20),
        ..older.clone()
    };
    for k in [&older, &newer] {
        store
            .create_consent(k, &case_audit("create_consent"))
            .await
            .unwrap();
    }
    assert_last_case_audit(&*store, "create_consent").await;
    assert_eq!(
        store.list_consents(case.id).await.unwrap(),
        vec![newer.clone(), older.clone()],
        "newest first"
    );
    assert!(store.list_consents(other.id).await.unwrap().is_empty());

    assert!(
        store
            .withdraw_consent(older.id, at(30), &case_audit("withdraw"))
            .await
            .unwrap()
    );
    assert_last_case_audit(&*store, "withdraw").await;
    let before = audit_count(&*store).await;
    assert!(
        !store
            .withdraw_consent(older.id, at(40), &case_audit("withdraw"))
            .await
            .unwrap()
    );
    assert!(
        !store
            .withdraw_consent(ConsentId::new(), at(40), &case_audit("withdraw"))
            .await
            .unwrap()
    );
    assert_eq!(audit_count(&*store).await, before);
    let withdrawn = ConsentRow {
        withdrawn_at: Some(at(30)),
        ..older.clone()
    };
    assert_eq!(
        store.list_consents(case.id).await.unwrap(),
        vec![newer, withdrawn],
        "withdrawn ones stay"
    );

    let first = sharing(&case, w.police(), w.amina.id, at(5_000));
    let second = SharingRow {
        id: SharingId::new(),
        basis: LawfulBasis::CourtOrder,
        categories: vec![DataCategory::Incident],
        reason: sealed("court order 12"),
        survivor_told: true,
        why_not_told: None,
        created_at: at(21),
        ..first.clone()
    };
    for s in [&first, &second] {
        store
            .create_sharing(s, &case_audit("create_sharing"))
            .await
            .unwrap();
    }
    assert_eq!(
        store.list_sharings(case.id).await.unwrap(),
        vec![second.clone(), first.clone()],
        "newest first"
    );
    assert!(
        store
            .revoke_sharing(first.id, at(30), &case_audit("revoke"))
            .await
            .unwrap()
    );
    assert_last_case_audit(&*store, "revoke").await;
    let before = audit_count(&*store).await;
    assert!(
        !store
            .revoke_sharing(first.id, at(40), &case_audit("revoke"))
            .await
            .unwrap()
    );
    assert!(
        !store
            .revoke_sharing(SharingId::new(), at(40), &case_audit("revoke"))
            .await
            .unwrap()
    );
    assert_eq!(audit_count(&*store).await, before);
    let revoked = SharingRow {
        revoked_at: Some(at(30)),
        ..first
    };
    assert_eq!(
        store.list_sharings(case.id).await.unwrap(),
        vec![second, revoked]
    );
    assert!(store.list_sharings(other.id).await.unwrap().is_empty());
}

pub async fn break_glass_is_personal_time_limited_and_reviewed_once(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let w = world(&*store).await;
    let (_, case) = register(&*store, &w.amina, &reference(1), 100).await;
    let (_, other) = register(&*store, &w.amina, &reference(2), 101).await;
    let first = grant(&case, &w.bea, at(50), 4);
    store
        .create_break_glass(&first, &case_audit("break_glass"))
        .await
        .unwrap();
    assert_last_case_audit(&*store, "break_glass").await;
    let active = |user: UserId, case: CaseId, now: DateTime<Utc>| {
        let store = Arc::clone(&store);
        async move {
            store
                .active_break_glass(case, user, now)
                .await
                .unwrap()
                .map(|g| g.id)
        }
    };
    assert_eq!(active(w.bea.id, case.id, at(50)).await, Some(first.id));
    assert_eq!(
        active(w.bea.id, case.id, first.expires_at - micro(1)).await,
        Some(first.id)
    );
    assert_eq!(
        active(w.bea.id, case.id, first.expires_at).await,
        None,
        "over at expires_at"
    );
    assert_eq!(
        active(w.bea.id, case.id, at(50) - micro(1)).await,
        None,
        "not before it starts"
    );
    assert_eq!(
        active(w.chloe.id, case.id, at(51)).await,
        None,
        "only for her"
    );
    assert_eq!(
        active(w.bea.id, other.id, at(51)).await,
        None,
        "only that case"
    );
    assert_eq!(
        store
            .active_break_glass(case.id, w.bea.id, at(51))
            .await
            .unwrap(),
        Some(first.clone())
    );

    // A newer grant wins while it lasts; the older one still covers after.
    let second = grant(&case, &w.bea, at(60), 1);
    store
        .create_break_glass(&second, &case_audit("break_glass"))
        .await
        .unwrap();
    assert_eq!(active(w.bea.id, case.id, at(61)).await, Some(second.id));
    assert_eq!(
        active(w.bea.id, case.id, second.expires_at).await,
        Some(first.id)
    );

    // Chloe's grant on another agency's case goes to that agency's queue.
    let (_, police_case) = register(&*store, &w.bea, &reference(3), 102).await;
    let third = grant(&police_case, &w.chloe, at(55), 2);
    store
        .create_break_glass(&third, &case_audit("break_glass"))
        .await
        .unwrap();
    assert_eq!(
        store.break_glass_to_review(w.shelter()).await.unwrap(),
        vec![first.clone(), second.clone()],
        "oldest first"
    );
    assert_eq!(
        store.break_glass_to_review(w.police()).await.unwrap(),
        vec![third]
    );
    assert!(
        store
            .break_glass_to_review(w.health())
            .await
            .unwrap()
            .is_empty()
    );

    let reviewed = BreakGlassRow {
        review_outcome: Some("justified".into()),
        reviewed_by: Some(w.amina.id),
        reviewed_at: Some(at(70)),
        review_comment: Some(sealed("review comment")),
        ..first.clone()
    };
    assert!(
        store
            .review_break_glass(&reviewed, &case_audit("review"))
            .await
            .unwrap()
    );
    assert_last_case_audit(&*store, "review").await;
    assert_eq!(
        store
            .active_break_glass(case.id, w.bea.id, at(51))
            .await
            .unwrap(),
        Some(reviewed.clone())
    );
    assert_eq!(
        store.break_glass_to_review(w.shelter()).await.unwrap(),
        vec![second.clone()]
    );

    let before = audit_count(&*store).await;
    let again = BreakGlassRow {
        review_outcome: Some("not_justified".into()),
        reviewed_at: Some(at(80)),
        ..reviewed.clone()
    };
    assert!(
        !store
            .review_break_glass(&again, &case_audit("review"))
            .await
            .unwrap(),
        "reviewed once"
    );
    let unknown = BreakGlassRow {
        id: BreakGlassId::new(),
        ..reviewed.clone()
    };
    assert!(
        !store
            .review_break_glass(&unknown, &case_audit("review"))
            .await
            .unwrap()
    );
    let incomplete = BreakGlassRow {
        id: second.id,
        reviewed_at: None,
        ..reviewed.clone()
    };
    assert!(
        store
            .review_break_glass(&incomplete, &case_audit("review"))
            .await
            .is_err()
    );
    assert_eq!(audit_count(&*store).await, before);
    assert_eq!(
        store
            .active_break_glass(case.id, w.bea.id, at(51))
            .await
            .unwrap(),
        Some(reviewed)
    );
    assert_eq!(
        store.break_glass_to_review(w.shelter()).await.unwrap(),
        vec![second]
    );
}
