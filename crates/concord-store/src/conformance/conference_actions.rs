//! Conformance cases for [`ConferenceActionStore`]: actions round trip and
//! refuse a stale status, and closing a meeting writes everything or
//! nothing.
//!
//! Each engine runs them with `concord_store::risk_conformance_tests!`.

use super::*;

/// This file's cases, one `#[tokio::test]` each in
/// [`risk_conformance_tests!`](crate::risk_conformance_tests).
#[doc(hidden)]
#[macro_export]
macro_rules! __conformance_of_conference_actions {
    ($fresh:expr) => {
        $crate::__conformance_cases!($fresh;
            conference_actions_round_trip_and_refuse_a_stale_status,
            closing_a_meeting_writes_everything_or_nothing,
        );
    };
}

/// A conference with a meeting in progress and one listed case.
async fn meeting_in_progress(
    store: &dyn Store,
    amina: &UserRow,
    bea: &UserRow,
) -> (ConferenceMeetingRow, ConferenceReferralRow) {
    let c = conference("MARAC", bea.agency_id, vec![amina.agency_id]);
    store.create_conference(&c, &case_audit("c")).await.unwrap();
    let m = meeting(&c, date(2026, 2, 3));
    store
        .create_conference_meeting(&m, &case_audit("m"))
        .await
        .unwrap();
    let case = registered(store, amina, "S-ACT-0001").await;
    let mut r = referral(&c, &case, amina, date(2026, 1, 20));
    r.status = ReferralStatus::Listed;
    r.meeting_id = Some(m.id);
    store
        .create_conference_referral(&r, None, &case_audit("r"))
        .await
        .unwrap();
    let started = ConferenceMeetingRow {
        status: MeetingStatus::InProgress,
        started_at: Some(at(45)),
        ..m
    };
    store
        .update_conference_meeting(
            &started,
            MeetingStatus::Scheduled,
            &[],
            &[],
            &case_audit("s"),
        )
        .await
        .unwrap();
    (started, r)
}

// -------------------------------------------------------------------- cases

pub async fn conference_actions_round_trip_and_refuse_a_stale_status(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let amina = with_user(&*store, "amina").await;
    let bea = with_user(&*store, "bea").await;
    let (m, r) = meeting_in_progress(&*store, &amina, &bea).await;
    let first = action(&r, &m, amina.agency_id, bea.id);
    let mut later = action(&r, &m, bea.agency_id, bea.id);
    later.due_on = first.due_on + chrono::Duration::days(7);
    for a in [&later, &first] {
        store
            .create_conference_action(a, &case_audit("raise"))
            .await
            .unwrap();
    }
    let mut unknown_owner = action(&r, &m, AgencyId::new(), bea.id);
    unknown_owner.id = ConferenceActionId::new();
    match store
        .create_conference_action(&unknown_owner, &case_audit("x"))
        .await
    {
        Err(StoreError::MissingReference { field }) => assert_eq!(field, "owner_agency_id"),
        other => panic!("expected a missing owner agency, got {other:?}"),
    }
    assert_eq!(
        store.get_conference_action(first.id).await.unwrap(),
        Some(first.clone())
    );
    let listed = store
        .list_conference_actions(ActionScope::Referral(r.id), false)
        .await
        .unwrap();
    assert_eq!(
        listed.iter().map(|i| i.action.id).collect::<Vec<_>>(),
        vec![first.id, later.id],
        "earliest due first"
    );
    assert_eq!(listed[0].survivor_reference, "S-ACT-0001");
    let owned = store
        .list_conference_actions(ActionScope::OwnerAgency(amina.agency_id), true)
        .await
        .unwrap();
    assert_eq!(owned.len(), 1);

    let done = ConferenceActionRow {
        status: ActionStatus::Done,
        note: Some(sealed("done")),
        updated_at: at(80),
        ..first.clone()
    };
    store
        .update_conference_action(&done, ActionStatus::NotDone, &case_audit("done"))
        .await
        .unwrap();
    assert_eq!(
        store.get_conference_action(first.id).await.unwrap(),
        Some(done.clone())
    );
    match store
        .update_conference_action(&done, ActionStatus::NotDone, &case_audit("again"))
        .await
    {
        Err(StoreError::Conflict) => {}
        other => panic!("expected a conflict, got {other:?}"),
    }
    let open = store
        .list_conference_actions(ActionScope::Conference(r.conference_id), true)
        .await
        .unwrap();
    assert_eq!(
        open.iter().map(|i| i.action.id).collect::<Vec<_>>(),
        vec![later.id]
    );
}

pub async fn closing_a_meeting_writes_everything_or_nothing(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let amina = with_user(&*store, "amina").await;
    let bea = with_user(&*store, "bea").await;
    let (m, r) = meeting_in_progress(&*store, &amina, &bea).await;
    let open = action(&r, &m, amina.agency_id, bea.id);
    let finished = ConferenceActionRow {
        id: ConferenceActionId::new(),
        status: ActionStatus::Done,
        ..open.clone()
    };
    for a in [&open, &finished] {
        store
            .create_conference_action(a, &case_audit("raise"))
            .await
            .unwrap();
    }
    let closed = ConferenceMeetingRow {
        status: MeetingStatus::Closed,
        closed_at: Some(at(90)),
        minutes: Some(sealed("minutes")),
        ..m.clone()
    };
    let discussed = ConferenceReferralRow {
        status: ReferralStatus::Discussed,
        updated_at: at(90),
        ..r.clone()
    };
    // Carrying an action that is done is refused: nothing of the close stays.
    let stale = [ActionCarry {
        id: finished.id,
        carry_overs: 1,
        escalated_at: None,
    }];
    match store
        .close_conference_meeting(
            &closed,
            MeetingStatus::InProgress,
            std::slice::from_ref(&discussed),
            &stale,
            &[case_audit("close")],
        )
        .await
    {
        Err(StoreError::Conflict) => {}
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert_eq!(
        store.get_conference_meeting(m.id).await.unwrap(),
        Some(m.clone())
    );
    assert_eq!(
        store.get_conference_referral(r.id).await.unwrap(),
        Some(r.clone())
    );

    let carried = [ActionCarry {
        id: open.id,
        carry_overs: 3,
        escalated_at: Some(at(90)),
    }];
    store
        .close_conference_meeting(
            &closed,
            MeetingStatus::InProgress,
            std::slice::from_ref(&discussed),
            &carried,
            &[case_audit("close"), case_audit("discussed")],
        )
        .await
        .unwrap();
    assert_eq!(
        store.get_conference_meeting(m.id).await.unwrap(),
        Some(closed.clone())
    );
    assert_eq!(
        store.get_conference_referral(r.id).await.unwrap(),
        Some(discussed)
    );
    let stored = store.get_conference_action(open.id).await.unwrap().unwrap();
    assert_eq!((stored.carry_overs, stored.escalated_at), (3, Some(at(90))));
    match store
        .close_conference_meeting(
            &closed,
            MeetingStatus::InProgress,
            &[],
            &[],
            &[case_audit("x")],
        )
        .await
    {
        Err(StoreError::Conflict) => {}
        other => panic!("a closed meeting closes once, got {other:?}"),
    }
}
