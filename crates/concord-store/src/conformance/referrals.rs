//! Conformance cases for [`ReferralStore`]: referrals with their history,
//! stale-state conflicts, queues by side and overdue, notifications created
//! once, and referrals leaving with a purged survivor.

use super::*;
use concord_domain::ids::ReferralId;
use concord_domain::referral::{
    DeclineReason, ReferralEvent, ReferralOutcome, ReferralSide, ReferralState, Urgency,
};

/// This file's cases, one `#[tokio::test]` each in
/// [`conformance_tests!`](crate::conformance_tests).
#[doc(hidden)]
#[macro_export]
macro_rules! __conformance_of_referrals {
    ($fresh:expr) => {
        $crate::__conformance_cases!($fresh;
            referrals_keep_their_history_queues_and_notifications,
            arrival_notices_are_stored_with_the_step_that_sends,
            outside_referrals_are_listed_for_their_sender,
        );
    };
}

/// A shelter case referred to a health organization's service.
struct Setting {
    amina: UserRow,
    chloe: UserRow,
    case: CaseRow,
    survivor: SurvivorRow,
    service: ServiceRow,
}

async fn setting(store: &dyn Store) -> Setting {
    let amina = with_user(store, "amina").await;
    let chloe = with_user(store, "chloe").await;
    setting_with(store, amina, chloe).await
}

async fn setting_with(store: &dyn Store, amina: UserRow, chloe: UserRow) -> Setting {
    let s = survivor(amina.agency_id, amina.id, "S-REF0-TEST");
    let case = first_case(&s, amina.agency_id, Some(amina.id), 10);
    store
        .create_survivor(&s, &case, &case_audit("create_survivor"))
        .await
        .unwrap();
    let org = organization("Health", Some(chloe.agency_id));
    store.put_organization(&org, &dir_write()).await.unwrap();
    let service = service(&org, "Care", vec![]);
    store.put_service(&service, &dir_write()).await.unwrap();
    Setting {
        amina,
        chloe,
        case,
        survivor: s,
        service,
    }
}

fn referral(s: &Setting, reference: &str, n: i64) -> (ReferralRow, ReferralStepRow) {
    let row = ReferralRow {
        id: ReferralId::new(),
        reference: reference.into(),
        case_id: s.case.id,
        sending_agency: s.amina.agency_id,
        receiving_agency: s.chloe.agency_id,
        service_id: s.service.id,
        urgency: Urgency::Urgent,
        state: ReferralState::Sent,
        categories: vec![DataCategory::IdentityAndContact, DataCategory::Health],
        consent_id: None,
        reason: sealed("reason"),
        decline_reason: None,
        outcome: None,
        created_by: s.amina.id,
        created_at: at(n),
        sent_at: Some(at(n)),
        due_at: Some(at(n + 100)),
        updated_at: at(n),
    };
    let step = step_of(&row, ReferralEvent::Send, None, at(n));
    (row, step)
}

fn step_of(
    row: &ReferralRow,
    event: ReferralEvent,
    from: Option<ReferralState>,
    when: DateTime<Utc>,
) -> ReferralStepRow {
    ReferralStepRow {
        id: Uuid::now_v7(),
        referral_id: row.id,
        at: when,
        actor_user_id: Some(row.created_by),
        actor_agency_id: Some(row.sending_agency),
        event: Some(event),
        from_state: from,
        to_state: row.state,
        note: Some(sealed("note")),
    }
}

fn filter(agency: AgencyId, side: ReferralSide) -> ReferralFilter {
    ReferralFilter {
        agency,
        side,
        states: vec![],
        case_id: None,
        overdue_at: None,
    }
}

fn arrival(row: &ReferralRow, agency: AgencyId) -> NotificationRow {
    NotificationRow {
        id: Uuid::now_v7(),
        agency_id: agency,
        referral_id: row.id,
        kind: "received".into(),
        created_at: row.updated_at,
        read_at: None,
    }
}

/// The kinds of the agency's unread notices about one referral.
async fn notices_about(store: &dyn Store, agency: AgencyId, id: ReferralId) -> Vec<String> {
    store
        .unread_notifications(agency, 50)
        .await
        .unwrap()
        .into_iter()
        .filter(|n| n.referral_id == id)
        .map(|n| n.kind)
        .collect()
}

// -------------------------------------------------------------------- cases

pub async fn referrals_keep_their_history_queues_and_notifications(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let s = setting(&*store).await;
    let (mut sent, first) = referral(&s, "R-0001-TEST", 20);
    store
        .create_referral(&sent, &first, &case_audit("referral"), None)
        .await
        .unwrap();
    assert_eq!(
        store.get_referral(sent.id).await.unwrap().as_ref(),
        Some(&sent)
    );
    let (mut draft, draft_step) = referral(&s, "R-0002-TEST", 21);
    draft.state = ReferralState::Draft;
    draft.sent_at = None;
    draft.due_at = None;
    store
        .create_referral(&draft, &draft_step, &case_audit("referral"), None)
        .await
        .unwrap();
    // A taken reference writes nothing.
    let (mut twin, twin_step) = referral(&s, "R-0001-TEST", 22);
    twin.id = ReferralId::new();
    assert!(matches!(
        store
            .create_referral(
                &twin,
                &ReferralStepRow {
                    referral_id: twin.id,
                    ..twin_step
                },
                &case_audit("twin"),
                None
            )
            .await,
        Err(StoreError::Duplicate { field: "reference" })
    ));

    // Queues: the sender sees both, the receiver never the draft.
    let ids = |p: Page<ReferralListItem>| {
        p.items
            .into_iter()
            .map(|i| i.referral.id)
            .collect::<Vec<_>>()
    };
    let sender_all = store
        .list_referrals(
            &filter(s.amina.agency_id, ReferralSide::Sender),
            &PageRequest::first(1),
        )
        .await
        .unwrap();
    assert_eq!(
        ids(sender_all.clone()),
        vec![draft.id],
        "newest change first"
    );
    let rest = store
        .list_referrals(
            &filter(s.amina.agency_id, ReferralSide::Sender),
            &PageRequest {
                after: sender_all.next.clone(),
                limit: 1,
            },
        )
        .await
        .unwrap();
    assert_eq!(ids(rest), vec![sent.id]);
    let received = store
        .list_referrals(
            &filter(s.chloe.agency_id, ReferralSide::Receiver),
            &PageRequest::first(10),
        )
        .await
        .unwrap();
    assert_eq!(received.items.len(), 1);
    assert_eq!(received.items[0].survivor_reference, s.survivor.reference);
    assert_eq!(received.items[0].service_name, "Care");
    assert!(
        store
            .list_referrals(
                &filter(s.chloe.agency_id, ReferralSide::Sender),
                &PageRequest::first(10)
            )
            .await
            .unwrap()
            .items
            .is_empty()
    );

    // Overdue: awaiting an answer past its due time.
    let overdue = |at_n: i64| {
        let mut f = filter(s.chloe.agency_id, ReferralSide::Receiver);
        f.overdue_at = Some(at(at_n));
        f
    };
    assert!(
        store
            .list_referrals(&overdue(100), &PageRequest::first(10))
            .await
            .unwrap()
            .items
            .is_empty()
    );
    assert_eq!(
        store
            .list_referrals(&overdue(200), &PageRequest::first(10))
            .await
            .unwrap()
            .items
            .len(),
        1
    );
    assert_eq!(
        store.referrals_due_before(at(200), 10).await.unwrap(),
        vec![sent.clone()]
    );

    // A step from a stale state is a conflict and writes nothing; the
    // acknowledgement that accepting a sent referral implies is written
    // with it, in order, in one transaction.
    sent.state = ReferralState::Accepted;
    sent.updated_at = at(30);
    let acknowledge = ReferralStepRow {
        to_state: ReferralState::Acknowledged,
        ..step_of(
            &sent,
            ReferralEvent::Acknowledge,
            Some(ReferralState::Sent),
            at(30),
        )
    };
    let accept = step_of(
        &sent,
        ReferralEvent::Accept,
        Some(ReferralState::Acknowledged),
        at(30),
    );
    let both = [acknowledge.clone(), accept.clone()];
    assert!(matches!(
        store
            .update_referral(
                &sent,
                ReferralState::Acknowledged,
                &both,
                &[case_audit("stale")],
                None
            )
            .await,
        Err(StoreError::Conflict)
    ));
    assert_eq!(
        store.referral_steps(sent.id).await.unwrap(),
        vec![first.clone()]
    );
    store
        .update_referral(
            &sent,
            ReferralState::Sent,
            &both,
            &[case_audit("acknowledge"), case_audit("accept")],
            None,
        )
        .await
        .unwrap();
    sent.state = ReferralState::Declined;
    sent.decline_reason = Some(DeclineReason::NoCapacity);
    sent.outcome = Some(ReferralOutcome::NotMet);
    sent.updated_at = at(31);
    let decline = step_of(
        &sent,
        ReferralEvent::Decline,
        Some(ReferralState::Accepted),
        at(31),
    );
    store
        .update_referral(
            &sent,
            ReferralState::Accepted,
            std::slice::from_ref(&decline),
            &[],
            None,
        )
        .await
        .unwrap();
    assert_eq!(
        store.get_referral(sent.id).await.unwrap(),
        Some(sent.clone())
    );
    let steps = store.referral_steps(sent.id).await.unwrap();
    assert_eq!(steps, vec![first, acknowledge, accept, decline]);
    assert!(
        store
            .referrals_due_before(at(200), 10)
            .await
            .unwrap()
            .is_empty()
    );
    let mut unknown = sent.clone();
    unknown.id = ReferralId::new();
    assert!(matches!(
        store
            .update_referral(
                &unknown,
                ReferralState::Declined,
                &[step_of(&unknown, ReferralEvent::Close, None, at(40))],
                &[],
                None
            )
            .await,
        Err(StoreError::NotFound)
    ));

    // Notifications: once per referral, agency and kind, even in a race.
    let note = |agency: AgencyId, kind: &str| NotificationRow {
        id: Uuid::now_v7(),
        agency_id: agency,
        referral_id: sent.id,
        kind: kind.into(),
        created_at: at(50),
        read_at: None,
    };
    let other = f.another_instance().await;
    let (first_notice, second_notice) = (
        note(s.chloe.agency_id, "overdue"),
        note(s.chloe.agency_id, "overdue"),
    );
    let (a, b) = tokio::join!(
        store.create_notification(&first_notice),
        other.create_notification(&second_notice)
    );
    assert_eq!([a.unwrap(), b.unwrap()].iter().filter(|x| **x).count(), 1);
    assert!(
        store
            .create_notification(&note(s.amina.agency_id, "overdue"))
            .await
            .unwrap()
    );
    assert!(
        store
            .create_notification(&note(s.chloe.agency_id, "expired"))
            .await
            .unwrap()
    );
    let unread = store
        .unread_notifications(s.chloe.agency_id, 10)
        .await
        .unwrap();
    assert_eq!(unread.len(), 2);
    assert!(
        !store
            .mark_notification_read(s.amina.agency_id, unread[0].id, at(60))
            .await
            .unwrap(),
        "another agency's notification"
    );
    assert!(
        store
            .mark_notification_read(s.chloe.agency_id, unread[0].id, at(60))
            .await
            .unwrap()
    );
    assert!(
        !store
            .mark_notification_read(s.chloe.agency_id, unread[0].id, at(61))
            .await
            .unwrap()
    );
    assert_eq!(
        store
            .unread_notifications(s.chloe.agency_id, 10)
            .await
            .unwrap()
            .len(),
        1
    );

    // Purging her removes her referrals with their history and notices.
    store
        .purge_survivor(s.survivor.id, &case_audit("purge"))
        .await
        .unwrap();
    assert_eq!(store.get_referral(sent.id).await.unwrap(), None);
    assert!(store.referral_steps(sent.id).await.unwrap().is_empty());
    assert!(
        store
            .unread_notifications(s.chloe.agency_id, 10)
            .await
            .unwrap()
            .is_empty()
    );
}

pub async fn arrival_notices_are_stored_with_the_step_that_sends(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let s = setting(&*store).await;
    let receiver = s.chloe.agency_id;

    // Sent at once: the notice comes with the referral.
    let (sent, first) = referral(&s, "R-0001-ARRV", 20);
    store
        .create_referral(
            &sent,
            &first,
            &case_audit("referral"),
            Some(&arrival(&sent, receiver)),
        )
        .await
        .unwrap();
    assert_eq!(
        notices_about(&*store, receiver, sent.id).await,
        ["received"]
    );

    // A referral that is not stored leaves no notice.
    let (mut twin, twin_step) = referral(&s, "R-0001-ARRV", 21);
    twin.id = ReferralId::new();
    let twin_step = ReferralStepRow {
        referral_id: twin.id,
        ..twin_step
    };
    assert!(matches!(
        store
            .create_referral(
                &twin,
                &twin_step,
                &case_audit("twin"),
                Some(&arrival(&twin, receiver))
            )
            .await,
        Err(StoreError::Duplicate { field: "reference" })
    ));
    assert!(notices_about(&*store, receiver, twin.id).await.is_empty());

    // A draft sent later: a refused step stores neither the step nor the
    // notice; a notice about another referral, or to no agency, is refused
    // with the field and writes nothing.
    let (mut draft, draft_step) = referral(&s, "R-0002-ARRV", 22);
    draft.state = ReferralState::Draft;
    store
        .create_referral(&draft, &draft_step, &case_audit("draft"), None)
        .await
        .unwrap();
    draft.state = ReferralState::Sent;
    draft.updated_at = at(30);
    let send = step_of(
        &draft,
        ReferralEvent::Send,
        Some(ReferralState::Draft),
        at(30),
    );
    assert!(matches!(
        store
            .update_referral(
                &draft,
                ReferralState::Acknowledged,
                std::slice::from_ref(&send),
                &[case_audit("stale")],
                Some(&arrival(&draft, receiver)),
            )
            .await,
        Err(StoreError::Conflict)
    ));
    assert!(matches!(
        store
            .update_referral(
                &draft,
                ReferralState::Draft,
                std::slice::from_ref(&send),
                &[case_audit("send")],
                Some(&arrival(&sent, receiver)),
            )
            .await,
        Err(StoreError::MissingReference {
            field: "referral_id"
        })
    ));
    assert!(matches!(
        store
            .update_referral(
                &draft,
                ReferralState::Draft,
                std::slice::from_ref(&send),
                &[case_audit("send")],
                Some(&arrival(&draft, AgencyId::new())),
            )
            .await,
        Err(StoreError::MissingReference { field: "agency_id" })
    ));
    assert!(notices_about(&*store, receiver, draft.id).await.is_empty());
    assert_eq!(
        store.get_referral(draft.id).await.unwrap().map(|r| r.state),
        Some(ReferralState::Draft),
        "nothing of the refused steps is written"
    );
    store
        .update_referral(
            &draft,
            ReferralState::Draft,
            std::slice::from_ref(&send),
            &[case_audit("send")],
            Some(&arrival(&draft, receiver)),
        )
        .await
        .unwrap();
    assert_eq!(
        notices_about(&*store, receiver, draft.id).await,
        ["received"]
    );

    // Once per referral: a second notice of the kind is not stored.
    let mut again = draft.clone();
    again.state = ReferralState::Acknowledged;
    let acknowledge = step_of(
        &again,
        ReferralEvent::Acknowledge,
        Some(ReferralState::Sent),
        at(31),
    );
    store
        .update_referral(
            &again,
            ReferralState::Sent,
            std::slice::from_ref(&acknowledge),
            &[case_audit("acknowledge")],
            Some(&arrival(&again, receiver)),
        )
        .await
        .unwrap();
    assert_eq!(
        notices_about(&*store, receiver, draft.id).await,
        ["received"]
    );
}

pub async fn outside_referrals_are_listed_for_their_sender(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let s = setting(&*store).await;
    // A helpline outside Concord, named in referrals by a recipient agency
    // of its own (its id is the organization's).
    let helpline = organization("Helpline", None);
    store
        .put_organization(&helpline, &dir_write())
        .await
        .unwrap();
    let recipient = AgencyRow {
        id: AgencyId(helpline.id.0),
        ..agency("Helpline", vec![])
    };
    store
        .create_agency(&recipient, &audit(AuditAction::AgencyCreated))
        .await
        .unwrap();
    let line = service(&helpline, "Night line", vec![]);
    store.put_service(&line, &dir_write()).await.unwrap();

    let (to_member, member_step) = referral(&s, "R-0001-OUTS", 20);
    store
        .create_referral(&to_member, &member_step, &case_audit("member"), None)
        .await
        .unwrap();
    let (mut outside, _) = referral(&s, "R-0002-OUTS", 21);
    outside.receiving_agency = recipient.id;
    outside.service_id = line.id;
    outside.state = ReferralState::Accepted;
    let outside_step = step_of(&outside, ReferralEvent::Send, None, at(21));
    store
        .create_referral(&outside, &outside_step, &case_audit("outside"), None)
        .await
        .unwrap();

    let listed = |agency: AgencyId, side: ReferralSide, states: Vec<ReferralState>| {
        let store = store.clone();
        async move {
            store
                .list_referrals(
                    &ReferralFilter {
                        states,
                        ..filter(agency, side)
                    },
                    &PageRequest::first(10),
                )
                .await
                .unwrap()
                .items
                .into_iter()
                .map(|i| i.referral.id)
                .collect::<Vec<_>>()
        }
    };
    let sender = s.amina.agency_id;
    assert_eq!(
        listed(sender, ReferralSide::SenderForProvider, vec![]).await,
        vec![outside.id],
        "only the referral to the outside provider"
    );
    assert_eq!(
        listed(
            sender,
            ReferralSide::SenderForProvider,
            vec![ReferralState::Accepted]
        )
        .await,
        vec![outside.id]
    );
    assert!(
        listed(
            sender,
            ReferralSide::SenderForProvider,
            vec![ReferralState::Sent]
        )
        .await
        .is_empty()
    );
    assert_eq!(
        listed(sender, ReferralSide::Sender, vec![]).await,
        vec![outside.id, to_member.id],
        "the sent list keeps both"
    );
    assert!(
        listed(s.chloe.agency_id, ReferralSide::SenderForProvider, vec![])
            .await
            .is_empty(),
        "another agency has none"
    );
}

/// One row in every directory and referral table, for the copy tests.
pub async fn populate_referrals(store: &dyn Store, sender: &UserRow, receiver: &UserRow) {
    let s = setting_with(store, sender.clone(), receiver.clone()).await;
    let term = TermRow {
        code: "local_term".into(),
        name: "Local".into(),
        sector: None,
        created_at: at(1),
    };
    store.put_term(&term, &dir_audit()).await.unwrap();
    let org = store
        .get_organization(s.service.organization_id)
        .await
        .unwrap()
        .unwrap();
    let office = location(&org, None);
    store.put_location(&office, &dir_write()).await.unwrap();
    let mut service = s.service.clone();
    service.area_ids = vec![amina_area(store, &s.amina).await];
    service.at_locations = vec![ServiceAtLocation {
        id: Uuid::now_v7(),
        location_id: office.id,
    }];
    store.put_service(&service, &dir_write()).await.unwrap();
    let (row, step) = referral(&s, "R-POP0-TEST", 20);
    store
        .create_referral(&row, &step, &case_audit("referral"), None)
        .await
        .unwrap();
    store
        .create_notification(&NotificationRow {
            id: Uuid::now_v7(),
            agency_id: s.chloe.agency_id,
            referral_id: row.id,
            kind: "overdue".into(),
            created_at: at(30),
            read_at: Some(at(31)),
        })
        .await
        .unwrap();
}
