//! Conformance cases for [`RiskStore`]: instruments, assessments,
//! conferences, meetings with attendance and lawful shares, referrals with
//! repeat detection across agencies, research, and purging.
//!
//! Each engine runs them with `concord_store::risk_conformance_tests!`.

use super::*;
use concord_domain::ids::{AssessmentId, ResearchId};
use concord_domain::risk::RiskLevel;
use concord_domain::risk::assessment::SurvivorView;
use concord_domain::risk::conference::Attendance;

/// This file's cases, one `#[tokio::test]` each in
/// [`risk_conformance_tests!`](crate::risk_conformance_tests).
#[doc(hidden)]
#[macro_export]
macro_rules! __conformance_of_risk {
    ($fresh:expr) => {
        $crate::__conformance_cases!($fresh;
            instruments_are_versioned_and_never_replaced,
            assessments_round_trip_oldest_first,
            conferences_keep_their_members_and_rules,
            meetings_list_with_agenda_counts_and_start_with_shares,
            referrals_find_repeats_by_survivor_and_perpetrator,
            referral_changes_refuse_a_stale_status,
            research_is_kept_until_shared,
            purging_a_survivor_removes_her_risk_records,
        );
    };
}

pub fn instrument(key: &str, version: i32) -> RiskInstrumentRow {
    RiskInstrumentRow {
        key: key.to_string(),
        version,
        title: format!("{key} v{version}"),
        definition: format!("{{\"key\":\"{key}\"}}"),
        source: "key = \"x\"\n".into(),
        loaded_by: None,
        loaded_at: at(1),
    }
}

pub fn assessment(case: &CaseRow, by: UserId, on: NaiveDate, score: i32) -> AssessmentRow {
    AssessmentRow {
        id: AssessmentId::new(),
        case_id: case.id,
        instrument_key: "dash".into(),
        instrument_version: 1,
        answers: sealed("answers"),
        score,
        max_score: 24,
        band: "high".into(),
        computed_level: RiskLevel::Medium,
        final_level: RiskLevel::High,
        judgement_reason: Some(sealed("reason")),
        survivor_view: SurvivorView::High,
        survivor_words: Some(sealed("words")),
        triggers: vec![ReferralCriterion::VisibleHighRisk],
        assessed_on: on,
        reassess_by: on + chrono::Duration::days(28),
        assessed_by: by,
        created_at: at(20 + i64::from(score)),
    }
}

/// One row in every risk table.
pub(super) async fn populate_risk(store: &dyn Store, amina: &UserRow, bea: &UserRow) {
    let case = registered(store, amina, "S-RISK-0001").await;
    store
        .create_risk_instrument(&instrument("dash", 1), &case_audit("instrument"))
        .await
        .unwrap();
    let a = assessment(&case, amina.id, date(2026, 1, 5), 15);
    store
        .create_assessment(&a, &case_audit("assessment"))
        .await
        .unwrap();
    let c = conference("MARAC", bea.agency_id, vec![amina.agency_id, bea.agency_id]);
    store
        .create_conference(&c, &case_audit("conference"))
        .await
        .unwrap();
    let m = meeting(&c, date(2026, 1, 20));
    store
        .create_conference_meeting(&m, &case_audit("meeting"))
        .await
        .unwrap();
    store
        .add_observer(
            &ObserverRow {
                id: Uuid::now_v7(),
                meeting_id: m.id,
                name: "Student".into(),
                organisation: "University".into(),
                acknowledged_at: at(40),
            },
            &case_audit("observer"),
        )
        .await
        .unwrap();
    let mut r = referral(&c, &case, amina, date(2026, 1, 6));
    r.assessment_id = Some(a.id);
    store
        .create_conference_referral(&r, None, &case_audit("referral"))
        .await
        .unwrap();
    let mut started = m.clone();
    started.status = MeetingStatus::InProgress;
    started.started_at = Some(at(41));
    let present = ConferenceAttendanceRow {
        meeting_id: m.id,
        agency_id: bea.agency_id,
        attendance: Attendance::Present,
        representative: "DS Cole".into(),
    };
    store
        .update_conference_meeting(
            &started,
            MeetingStatus::Scheduled,
            &[present],
            &[],
            &case_audit("start"),
        )
        .await
        .unwrap();
    store
        .put_research(
            &ResearchRow {
                id: ResearchId::new(),
                referral_id: r.id,
                agency_id: bea.agency_id,
                body: sealed("research"),
                written_by: bea.id,
                updated_at: at(42),
                shared_at: None,
            },
            &case_audit("research"),
        )
        .await
        .unwrap();
    store
        .create_conference_action(
            &action(&r, &m, bea.agency_id, amina.id),
            &case_audit("action"),
        )
        .await
        .unwrap();
}

// -------------------------------------------------------------------- cases

pub async fn instruments_are_versioned_and_never_replaced(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    for (key, version) in [("dash", 1), ("dash", 2), ("danger", 1)] {
        store
            .create_risk_instrument(&instrument(key, version), &case_audit("instrument"))
            .await
            .unwrap();
    }
    let mut again = instrument("dash", 2);
    again.title = "changed".into();
    match store
        .create_risk_instrument(&again, &case_audit("again"))
        .await
    {
        Err(StoreError::Duplicate { field: "version" }) => {}
        other => panic!("expected a duplicate version, got {other:?}"),
    }
    let list: Vec<(String, i32)> = store
        .list_risk_instruments()
        .await
        .unwrap()
        .into_iter()
        .map(|i| (i.key, i.version))
        .collect();
    assert_eq!(
        list,
        vec![("danger".into(), 1), ("dash".into(), 2), ("dash".into(), 1)]
    );
    assert_eq!(
        store.get_risk_instrument("dash", 2).await.unwrap().unwrap(),
        instrument("dash", 2)
    );
    assert_eq!(store.get_risk_instrument("dash", 3).await.unwrap(), None);
}

pub async fn assessments_round_trip_oldest_first(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let amina = with_user(&*store, "amina").await;
    let case = registered(&*store, &amina, "S-0001-TEST").await;
    store
        .create_risk_instrument(&instrument("dash", 1), &case_audit("instrument"))
        .await
        .unwrap();
    let later = assessment(&case, amina.id, date(2026, 2, 1), 16);
    let earlier = assessment(&case, amina.id, date(2026, 1, 1), 9);
    for a in [&later, &earlier] {
        store
            .create_assessment(a, &case_audit("assessment"))
            .await
            .unwrap();
    }
    assert_eq!(
        store.list_assessments(case.id).await.unwrap(),
        vec![earlier.clone(), later]
    );
    let mut unknown = assessment(&case, amina.id, date(2026, 1, 1), 3);
    unknown.instrument_version = 9;
    match store.create_assessment(&unknown, &case_audit("x")).await {
        Err(StoreError::MissingReference {
            field: "instrument",
        }) => {}
        other => panic!("expected a missing instrument, got {other:?}"),
    }
}

pub async fn conferences_keep_their_members_and_rules(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let amina = with_user(&*store, "amina").await;
    let bea = with_user(&*store, "bea").await;
    let mut c = conference(
        "Lakeside",
        bea.agency_id,
        vec![bea.agency_id, amina.agency_id],
    );
    store.create_conference(&c, &case_audit("c")).await.unwrap();
    assert_eq!(store.get_conference(c.id).await.unwrap().unwrap(), c);
    match store
        .create_conference(
            &conference("Lakeside", amina.agency_id, vec![]),
            &case_audit("d"),
        )
        .await
    {
        Err(StoreError::Duplicate { field: "name" }) => {}
        other => panic!("expected a duplicate name, got {other:?}"),
    }
    c.members = vec![amina.agency_id];
    c.access_days = 14;
    store.update_conference(&c, &case_audit("u")).await.unwrap();
    assert_eq!(store.list_conferences().await.unwrap(), vec![c]);
}

pub async fn meetings_list_with_agenda_counts_and_start_with_shares(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let amina = with_user(&*store, "amina").await;
    let bea = with_user(&*store, "bea").await;
    let case = registered(&*store, &amina, "S-0001-TEST").await;
    let c = conference("MARAC", bea.agency_id, vec![amina.agency_id, bea.agency_id]);
    store.create_conference(&c, &case_audit("c")).await.unwrap();
    let past = meeting(&c, date(2026, 1, 10));
    let next = meeting(&c, date(2026, 2, 10));
    for m in [&past, &next] {
        store
            .create_conference_meeting(m, &case_audit("m"))
            .await
            .unwrap();
    }
    let mut r = referral(&c, &case, &amina, date(2026, 1, 2));
    r.status = ReferralStatus::Listed;
    r.meeting_id = Some(next.id);
    store
        .create_conference_referral(&r, None, &case_audit("r"))
        .await
        .unwrap();
    let list = store.list_conference_meetings(c.id).await.unwrap();
    assert_eq!(
        list.iter()
            .map(|i| (i.meeting.id, i.cases))
            .collect::<Vec<_>>(),
        vec![(next.id, 1), (past.id, 0)]
    );
    let agenda = store.meeting_agenda(next.id).await.unwrap();
    assert_eq!(agenda.len(), 1);
    assert_eq!(agenda[0].survivor_reference, "S-0001-TEST");

    let mut started = next.clone();
    started.status = MeetingStatus::InProgress;
    started.chair = Some("Chair".into());
    started.started_at = Some(at(50));
    let present = ConferenceAttendanceRow {
        meeting_id: next.id,
        agency_id: bea.agency_id,
        attendance: Attendance::Present,
        representative: "DS Cole".into(),
    };
    let share = sharing(&case, bea.agency_id, bea.id, at(60));
    store
        .update_conference_meeting(
            &started,
            MeetingStatus::Scheduled,
            std::slice::from_ref(&present),
            std::slice::from_ref(&share),
            &case_audit("start"),
        )
        .await
        .unwrap();
    assert_eq!(
        store
            .get_conference_meeting(next.id)
            .await
            .unwrap()
            .unwrap(),
        started
    );
    assert_eq!(
        store.list_conference_attendance(next.id).await.unwrap(),
        vec![present]
    );
    assert_eq!(store.list_sharings(case.id).await.unwrap(), vec![share]);
    // A second start from a stale copy writes nothing.
    let before = store.list_sharings(case.id).await.unwrap();
    let again = sharing(&case, amina.agency_id, bea.id, at(60));
    match store
        .update_conference_meeting(
            &started,
            MeetingStatus::Scheduled,
            &[],
            &[again],
            &case_audit("again"),
        )
        .await
    {
        Err(StoreError::Conflict) => {}
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert_eq!(store.list_sharings(case.id).await.unwrap(), before);
}

pub async fn referrals_find_repeats_by_survivor_and_perpetrator(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let amina = with_user(&*store, "amina").await;
    let bea = with_user(&*store, "bea").await;
    let c = conference("MARAC", bea.agency_id, vec![]);
    store.create_conference(&c, &case_audit("c")).await.unwrap();
    // Her case at the shelter, referred on 5 January.
    let shelter_case = registered(&*store, &amina, "S-0001-TEST").await;
    let r = referral(&c, &shelter_case, &amina, date(2026, 1, 5));
    store
        .create_conference_referral(&r, None, &case_audit("r"))
        .await
        .unwrap();
    // Another survivor at the police whose perpetrator (same blind index)
    // was in a case referred on 1 February.
    let police_case = registered(&*store, &bea, "S-0002-TEST").await;
    let mut i = incident(&police_case, bea.id, None, date(2026, 1, 20), 7);
    i.perpetrator_index = Some(vec![4; 32]);
    store.create_incident(&i, &case_audit("i")).await.unwrap();
    store
        .create_conference_referral(
            &referral(&c, &police_case, &bea, date(2026, 2, 1)),
            None,
            &case_audit("r2"),
        )
        .await
        .unwrap();

    let since = date(2025, 12, 1);
    assert_eq!(
        store
            .earlier_referral_days(shelter_case.survivor_id, &[], since)
            .await
            .unwrap(),
        vec![date(2026, 1, 5)]
    );
    let third = registered(&*store, &amina, "S-0003-TEST").await;
    assert_eq!(
        store
            .earlier_referral_days(third.survivor_id, &[vec![4; 32]], since)
            .await
            .unwrap(),
        vec![date(2026, 2, 1)],
        "found through the perpetrator's blind index"
    );
    assert!(
        store
            .earlier_referral_days(third.survivor_id, &[vec![5; 32]], since)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        store
            .earlier_referral_days(shelter_case.survivor_id, &[], date(2026, 1, 6))
            .await
            .unwrap()
            .is_empty(),
        "before the window"
    );
    let listed = store
        .list_conference_referrals(c.id, &[ReferralStatus::AwaitingScreening])
        .await
        .unwrap();
    assert_eq!(listed.len(), 2);
    assert_eq!(listed[0].referral, r);
    assert!(
        store
            .list_conference_referrals(c.id, &[ReferralStatus::Listed])
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        store
            .list_conference_referrals(c.id, &[])
            .await
            .unwrap()
            .len(),
        2
    );
    assert_eq!(
        store.case_referrals(shelter_case.id).await.unwrap(),
        vec![r]
    );
}

pub async fn referral_changes_refuse_a_stale_status(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let amina = with_user(&*store, "amina").await;
    let bea = with_user(&*store, "bea").await;
    let c = conference("MARAC", bea.agency_id, vec![]);
    let other = conference("Coastal MARAC", amina.agency_id, vec![]);
    for conf in [&c, &other] {
        store
            .create_conference(conf, &case_audit("c"))
            .await
            .unwrap();
    }
    let case = registered(&*store, &amina, "S-0001-TEST").await;
    let r = referral(&c, &case, &amina, date(2026, 1, 5));
    store
        .create_conference_referral(&r, None, &case_audit("r"))
        .await
        .unwrap();
    let mut accepted = r.clone();
    accepted.status = ReferralStatus::Accepted;
    accepted.screened_by = Some(bea.id);
    accepted.advocate_id = Some(amina.id);
    accepted.first_contact_on = Some(date(2026, 1, 6));
    accepted.updated_at = at(70);
    store
        .update_conference_referral(
            &accepted,
            ReferralStatus::AwaitingScreening,
            None,
            &[],
            &case_audit("a"),
        )
        .await
        .unwrap();
    assert_eq!(
        store.get_conference_referral(r.id).await.unwrap().unwrap(),
        accepted
    );
    match store
        .update_conference_referral(
            &accepted,
            ReferralStatus::AwaitingScreening,
            None,
            &[],
            &case_audit("b"),
        )
        .await
    {
        Err(StoreError::Conflict) => {}
        other => panic!("expected a conflict, got {other:?}"),
    }
    // A transfer: the old one leaves, a new one arrives, with a share.
    let mut out = accepted.clone();
    out.status = ReferralStatus::TransferredOut;
    let mut arrived = referral(&other, &case, &amina, date(2026, 1, 9));
    arrived.transferred_from = Some(r.id);
    let share = sharing(&case, amina.agency_id, bea.id, at(90));
    store
        .update_conference_referral(
            &out,
            ReferralStatus::Accepted,
            Some(&arrived),
            std::slice::from_ref(&share),
            &case_audit("t"),
        )
        .await
        .unwrap();
    assert_eq!(
        store.case_referrals(case.id).await.unwrap(),
        vec![arrived, out]
    );
    assert_eq!(store.list_sharings(case.id).await.unwrap(), vec![share]);
}

pub async fn research_is_kept_until_shared(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let amina = with_user(&*store, "amina").await;
    let bea = with_user(&*store, "bea").await;
    let c = conference("MARAC", bea.agency_id, vec![]);
    store.create_conference(&c, &case_audit("c")).await.unwrap();
    let case = registered(&*store, &amina, "S-0001-TEST").await;
    let r = referral(&c, &case, &amina, date(2026, 1, 5));
    store
        .create_conference_referral(&r, None, &case_audit("r"))
        .await
        .unwrap();
    let mut research = ResearchRow {
        id: ResearchId::new(),
        referral_id: r.id,
        agency_id: bea.agency_id,
        body: sealed("first"),
        written_by: bea.id,
        updated_at: at(80),
        shared_at: None,
    };
    store
        .put_research(&research, &case_audit("w1"))
        .await
        .unwrap();
    let first_id = research.id;
    research.id = ResearchId::new();
    research.body = sealed("second");
    store
        .put_research(&research, &case_audit("w2"))
        .await
        .unwrap();
    let kept = store.list_research(r.id).await.unwrap();
    assert_eq!(kept.len(), 1, "one per agency");
    assert_eq!(
        (kept[0].id, kept[0].body.clone()),
        (first_id, sealed("second"))
    );
    assert!(
        store
            .share_research(r.id, bea.agency_id, at(81), &case_audit("s"))
            .await
            .unwrap()
    );
    assert!(
        !store
            .share_research(r.id, bea.agency_id, at(82), &case_audit("s2"))
            .await
            .unwrap()
    );
    assert!(
        !store
            .share_research(r.id, amina.agency_id, at(82), &case_audit("s3"))
            .await
            .unwrap()
    );
    match store.put_research(&research, &case_audit("w3")).await {
        Err(StoreError::Conflict) => {}
        other => panic!("shared research cannot change, got {other:?}"),
    }
    assert_eq!(
        store.list_research(r.id).await.unwrap()[0].shared_at,
        Some(at(81))
    );
}

pub async fn purging_a_survivor_removes_her_risk_records(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let amina = with_user(&*store, "amina").await;
    let bea = with_user(&*store, "bea").await;
    populate_risk(&*store, &amina, &bea).await;
    let counts = |all: Vec<(String, i64)>| -> Vec<(String, i64)> {
        all.into_iter()
            .filter(|(t, _)| t.starts_with("risk_"))
            .collect()
    };
    let before = counts(store.table_counts().await.unwrap());
    assert!(before.iter().all(|(_, n)| *n > 0), "{before:?}");
    let case = store
        .list_cases(
            &CaseListFilter {
                for_agency: amina.agency_id,
                shared: false,
                assigned_to: None,
                status: None,
                now: at(100),
            },
            &PageRequest::first(10),
        )
        .await
        .unwrap()
        .items
        .remove(0);
    store
        .purge_survivor(case.case.survivor_id, &case_audit("purge"))
        .await
        .unwrap();
    let after = counts(store.table_counts().await.unwrap());
    for (table, n) in &after {
        let expected = match table.as_str() {
            "risk_assessments" | "risk_referrals" | "risk_research" | "risk_actions" => 0,
            _ => before.iter().find(|(t, _)| t == table).unwrap().1,
        };
        assert_eq!(*n, expected, "{table}");
    }
}
