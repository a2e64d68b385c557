//! Conformance cases for [`StatisticsReleaseStore`]: a release round trips
//! with its contributors; each agency decides once; the last signature
//! publishes with the document and its hash; a published release refuses
//! every change and a refused one can only be withdrawn; a failed change
//! writes nothing, its audit event included.
//!
//! Each engine runs them with `concord_store::risk_conformance_tests!`.

use super::*;
use crate::statistics_releases::*;
use concord_domain::ids::StatisticsReleaseId;
use concord_domain::statistics_release::ReleaseStatus;

#[doc(hidden)]
#[macro_export]
macro_rules! __conformance_of_statistics_releases {
    ($fresh:expr) => {
        $crate::__conformance_cases!($fresh;
            statistics_releases_round_trip_and_list_by_status_and_contributor,
            the_last_signature_publishes_and_a_published_release_never_changes,
            a_refused_release_takes_no_signature_and_can_be_withdrawn,
        );
    };
}

fn release(w: &World, prepared_by: &UserRow, n: i64) -> StatisticsReleaseRow {
    StatisticsReleaseRow {
        id: StatisticsReleaseId::new(),
        indicator_set: "risk_conference_quarterly".into(),
        period: "2026-Q1".into(),
        area_id: w.area,
        breakdowns: vec!["referring_sector".into()],
        small_cell_threshold: 10,
        tables: r#"[{"code":"marac_referrals"}]"#.into(),
        status: ReleaseStatus::AwaitingSignOff,
        prepared_by: prepared_by.id,
        prepared_at: at(n),
        published_at: None,
        published_document: None,
        content_hash: None,
        withdrawn_at: None,
    }
}

fn decision(
    r: &StatisticsReleaseRow,
    by: &UserRow,
    signed: bool,
    new_status: ReleaseStatus,
    n: i64,
) -> ReleaseDecisionRow {
    ReleaseDecisionRow {
        release_id: r.id,
        agency_id: by.agency_id,
        signed,
        reason: (!signed).then(|| "Not yet checked against our own records.".to_string()),
        decided_by: by.id,
        decided_at: at(n),
        decided_as: Role::AgencyAdministrator,
        new_status,
        publication: (new_status == ReleaseStatus::Published).then(|| ReleasePublication {
            published_at: at(n),
            document: "{\"format\": \"x\"}\n".into(),
            content_hash: "ab".repeat(32),
        }),
    }
}

pub async fn statistics_releases_round_trip_and_list_by_status_and_contributor(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let w = world(&*store).await;
    let first = release(&w, &w.chloe, 1);
    store
        .create_statistics_release(&first, &[w.shelter(), w.police()], &case_audit("prepared"))
        .await
        .unwrap();
    assert_last_case_audit(&*store, "prepared").await;
    let got = store
        .get_statistics_release(first.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(got.release, first);
    let mut expected = vec![w.shelter(), w.police()];
    expected.sort();
    assert_eq!(
        got.contributors
            .iter()
            .map(|c| c.agency_id)
            .collect::<Vec<_>>(),
        expected
    );
    assert!(got.contributors.iter().all(|c| c.signed.is_none()));

    let second = release(&w, &w.chloe, 2);
    store
        .create_statistics_release(&second, &[w.health()], &case_audit("second"))
        .await
        .unwrap();
    let page = PageRequest::first(50);
    let all = store
        .list_statistics_releases(&ReleaseFilter::default(), &page)
        .await
        .unwrap();
    assert_eq!(
        all.items.iter().map(|r| r.id).collect::<Vec<_>>(),
        [second.id, first.id]
    );
    assert_eq!(all.next, None);
    // A page of one, then the next by its cursor, then no more.
    let one = store
        .list_statistics_releases(&ReleaseFilter::default(), &PageRequest::first(1))
        .await
        .unwrap();
    assert_eq!(
        one.items.iter().map(|r| r.id).collect::<Vec<_>>(),
        [second.id]
    );
    let rest = store
        .list_statistics_releases(
            &ReleaseFilter::default(),
            &PageRequest {
                after: one.next.clone(),
                limit: 1,
            },
        )
        .await
        .unwrap();
    assert_eq!(
        rest.items.iter().map(|r| r.id).collect::<Vec<_>>(),
        [first.id]
    );
    assert_eq!(rest.next, None);
    let bad = PageRequest {
        after: Some("not-a-cursor".into()),
        limit: 1,
    };
    assert!(matches!(
        store
            .list_statistics_releases(&ReleaseFilter::default(), &bad)
            .await,
        Err(StoreError::InvalidCursor)
    ));
    let police = store
        .list_statistics_releases(
            &ReleaseFilter {
                contributor: Some(w.police()),
                ..ReleaseFilter::default()
            },
            &page,
        )
        .await
        .unwrap();
    assert_eq!(
        police.items.iter().map(|r| r.id).collect::<Vec<_>>(),
        [first.id]
    );
    // Published or the police's own: the first only (none is published).
    let seen_by_police = store
        .list_statistics_releases(
            &ReleaseFilter {
                published_or_contributor: Some(w.police()),
                ..ReleaseFilter::default()
            },
            &page,
        )
        .await
        .unwrap();
    assert_eq!(
        seen_by_police
            .items
            .iter()
            .map(|r| r.id)
            .collect::<Vec<_>>(),
        [first.id]
    );
    let published = store
        .list_statistics_releases(
            &ReleaseFilter {
                status: Some(ReleaseStatus::Published),
                contributor: Some(w.health()),
                ..ReleaseFilter::default()
            },
            &page,
        )
        .await
        .unwrap();
    assert!(published.items.is_empty());

    // An unknown contributor writes nothing.
    let before = audit_count(&*store).await;
    let third = release(&w, &w.chloe, 3);
    assert_missing(
        store
            .create_statistics_release(&third, &[AgencyId::new()], &case_audit("third"))
            .await,
        "agency_id",
    );
    assert!(
        store
            .get_statistics_release(third.id)
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(audit_count(&*store).await, before);
    assert!(
        store
            .get_statistics_release(StatisticsReleaseId::new())
            .await
            .unwrap()
            .is_none()
    );
}

pub async fn the_last_signature_publishes_and_a_published_release_never_changes(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let w = world(&*store).await;
    let r = release(&w, &w.chloe, 1);
    store
        .create_statistics_release(&r, &[w.shelter(), w.police()], &case_audit("prepared"))
        .await
        .unwrap();
    store
        .record_release_decision(
            &decision(&r, &w.amina, true, ReleaseStatus::AwaitingSignOff, 2),
            &[case_audit("amina signed")],
        )
        .await
        .unwrap();
    // The same agency cannot decide again; an outsider is not a contributor.
    let before = audit_count(&*store).await;
    assert_conflict(
        store
            .record_release_decision(
                &decision(&r, &w.amina, true, ReleaseStatus::AwaitingSignOff, 3),
                &[case_audit("again")],
            )
            .await,
    );
    assert_not_found(
        store
            .record_release_decision(
                &decision(&r, &w.chloe, true, ReleaseStatus::AwaitingSignOff, 3),
                &[case_audit("outsider")],
            )
            .await,
    );
    assert_eq!(audit_count(&*store).await, before);

    let last = decision(&r, &w.bea, true, ReleaseStatus::Published, 4);
    store
        .record_release_decision(&last, &[case_audit("bea signed"), case_audit("published")])
        .await
        .unwrap();
    assert_last_case_audit(&*store, "published").await;
    let got = store.get_statistics_release(r.id).await.unwrap().unwrap();
    let publication = last.publication.clone().unwrap();
    assert_eq!(got.release.status, ReleaseStatus::Published);
    assert_eq!(got.release.published_at, Some(at(4)));
    assert_eq!(got.release.published_document, Some(publication.document));
    assert_eq!(got.release.content_hash, Some(publication.content_hash));
    assert!(got.contributors.iter().all(|c| c.signed == Some(true)));
    assert!(got.contributors.iter().any(|c| c.decided_at == Some(at(4))));

    // Published: every change is refused and nothing is written.
    let before = audit_count(&*store).await;
    assert_conflict(
        store
            .withdraw_statistics_release(r.id, at(5), &case_audit("withdraw"))
            .await,
    );
    assert_conflict(
        store
            .record_release_decision(
                &decision(&r, &w.bea, false, ReleaseStatus::Refused, 5),
                &[case_audit("late refusal")],
            )
            .await,
    );
    assert_eq!(audit_count(&*store).await, before);
    assert_eq!(
        store.get_statistics_release(r.id).await.unwrap().unwrap(),
        got
    );

    // Publishing while another agency has not signed is refused.
    let early = release(&w, &w.chloe, 6);
    store
        .create_statistics_release(&early, &[w.shelter(), w.police()], &case_audit("early"))
        .await
        .unwrap();
    assert_conflict(
        store
            .record_release_decision(
                &decision(&early, &w.amina, true, ReleaseStatus::Published, 7),
                &[case_audit("too soon")],
            )
            .await,
    );
    let untouched = store
        .get_statistics_release(early.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(untouched.release.status, ReleaseStatus::AwaitingSignOff);
    assert!(untouched.contributors.iter().all(|c| c.signed.is_none()));
}

pub async fn a_refused_release_takes_no_signature_and_can_be_withdrawn(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let w = world(&*store).await;
    let r = release(&w, &w.chloe, 1);
    store
        .create_statistics_release(&r, &[w.shelter(), w.police()], &case_audit("prepared"))
        .await
        .unwrap();
    store
        .record_release_decision(
            &decision(&r, &w.amina, false, ReleaseStatus::Refused, 2),
            &[case_audit("refused")],
        )
        .await
        .unwrap();
    let got = store.get_statistics_release(r.id).await.unwrap().unwrap();
    assert_eq!(got.release.status, ReleaseStatus::Refused);
    let shelter = got
        .contributors
        .iter()
        .find(|c| c.agency_id == w.shelter())
        .unwrap();
    assert_eq!(shelter.signed, Some(false));
    assert_eq!(
        shelter.reason.as_deref(),
        Some("Not yet checked against our own records.")
    );
    assert_eq!(shelter.decided_by, Some(w.amina.id));
    assert_eq!(shelter.decided_as, Some(Role::AgencyAdministrator));
    assert_conflict(
        store
            .record_release_decision(
                &decision(&r, &w.bea, true, ReleaseStatus::AwaitingSignOff, 3),
                &[case_audit("late signature")],
            )
            .await,
    );
    store
        .withdraw_statistics_release(r.id, at(4), &case_audit("withdrawn"))
        .await
        .unwrap();
    assert_last_case_audit(&*store, "withdrawn").await;
    let got = store.get_statistics_release(r.id).await.unwrap().unwrap();
    assert_eq!(got.release.status, ReleaseStatus::Withdrawn);
    assert_eq!(got.release.withdrawn_at, Some(at(4)));
    assert_conflict(
        store
            .withdraw_statistics_release(r.id, at(5), &case_audit("twice"))
            .await,
    );
    assert_not_found(
        store
            .withdraw_statistics_release(StatisticsReleaseId::new(), at(5), &case_audit("none"))
            .await,
    );
}

/// A published release (one decided contributor) and one awaiting the
/// other, for the whole-database copy.
pub(super) async fn populate_statistics_releases(
    store: &dyn Store,
    amina: &UserRow,
    bea: &UserRow,
) {
    let area = amina_area(store, amina).await;
    let row = |n| StatisticsReleaseRow {
        id: StatisticsReleaseId::new(),
        indicator_set: "risk_conference_quarterly".into(),
        period: "2026-Q1".into(),
        area_id: area,
        breakdowns: vec![],
        small_cell_threshold: 10,
        tables: "[]".into(),
        status: ReleaseStatus::AwaitingSignOff,
        prepared_by: bea.id,
        prepared_at: at(n),
        published_at: None,
        published_document: None,
        content_hash: None,
        withdrawn_at: None,
    };
    let (open, done) = (row(80), row(81));
    for r in [&open, &done] {
        store
            .create_statistics_release(
                r,
                &[amina.agency_id, bea.agency_id],
                &case_audit("prepared"),
            )
            .await
            .unwrap();
    }
    store
        .record_release_decision(
            &ReleaseDecisionRow {
                release_id: done.id,
                agency_id: amina.agency_id,
                signed: false,
                reason: Some("Wrong quarter.".into()),
                decided_by: amina.id,
                decided_at: at(82),
                decided_as: Role::AgencyAdministrator,
                new_status: ReleaseStatus::Refused,
                publication: None,
            },
            &[case_audit("refused")],
        )
        .await
        .unwrap();
}
