//! Conformance cases for what statistics read ([`StatisticsStore`]):
//! incidents counted per combination of their countable attributes, by
//! the date first reported and the owning agency.

use super::*;
use concord_domain::ids::ReferralId;
use concord_domain::referral::{ReferralEvent, ReferralState, Urgency};

/// This file's cases, one `#[tokio::test]` each in
/// [`conformance_tests!`](crate::conformance_tests).
#[doc(hidden)]
#[macro_export]
macro_rules! __conformance_of_statistics {
    ($fresh:expr) => {
        $crate::__conformance_cases!($fresh;
            incidents_are_counted_in_groups_by_date_first_reported_and_agency,
            referral_journeys_are_the_referrals_sent_in_the_range_without_ids,
            repeat_incidents_are_each_survivors_incidents_oldest_first,
        );
    };
}

pub async fn incidents_are_counted_in_groups_by_date_first_reported_and_agency(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let w = world(&*store).await;
    let audit = case_audit("create_incident");
    // The shelter: two survivors whose incidents were first reported on
    // 1 March (same attributes: one group of 2), one first reported on
    // 1 April (after the period).
    for (n, on) in [
        (1, date(2026, 2, 27)),
        (2, date(2026, 2, 27)),
        (3, date(2026, 3, 30)),
    ] {
        let (_, case) = register(&*store, &w.amina, &reference(n), 100 + n as i64).await;
        let i = incident(&case, w.amina.id, Some(w.area), on, 200 + n as i64);
        store.create_incident(&i, &audit).await.unwrap();
    }
    // The police: a man, physically assaulted, first reported 3 March,
    // without consent to statistics (still counted here: the exclusion is
    // the domain's rule, applied above the store).
    let (_, case) = register_with(&*store, &w.bea, &reference(9), 110, |s, _| {
        s.sex_gender = SexGender::Male;
    })
    .await;
    let i = IncidentRow {
        gbv_type: GbvType::PhysicalAssault,
        consent_to_statistics: false,
        survivor_age_group: None,
        ..incident(&case, w.bea.id, None, date(2026, 3, 1), 210)
    };
    store.create_incident(&i, &audit).await.unwrap();

    let (march, april) = (date(2026, 3, 1), date(2026, 4, 1));
    let all = store.incident_groups(march, april, None).await.unwrap();
    let summary: Vec<_> = all
        .iter()
        .map(|g| (g.first_reported_on, g.gbv_type, g.survivor_sex, g.count))
        .collect();
    assert_eq!(summary.len(), 2, "{summary:?}");
    assert!(summary.contains(&(date(2026, 3, 1), GbvType::Rape, SexGender::Female, 2)));
    assert!(summary.contains(&(
        date(2026, 3, 3),
        GbvType::PhysicalAssault,
        SexGender::Male,
        1
    )));
    let rape = all.iter().find(|g| g.gbv_type == GbvType::Rape).unwrap();
    assert_eq!(rape.area, Some(w.area));
    assert_eq!(
        rape.context_flags,
        [
            ContextFlag::IntimatePartnerViolence,
            ContextFlag::EarlyMarriage
        ]
    );
    assert_eq!(rape.survivor_age_group, Some(AgeGroup::Age18Plus));
    assert!(rape.consent_to_statistics && rape.already_reported_elsewhere);
    let assault = all
        .iter()
        .find(|g| g.gbv_type == GbvType::PhysicalAssault)
        .unwrap();
    assert_eq!((assault.area, assault.survivor_age_group), (None, None));
    assert!(!assault.consent_to_statistics);

    let police = store
        .incident_groups(march, april, Some(w.police()))
        .await
        .unwrap();
    assert_eq!(police.len(), 1);
    assert_eq!(police[0].gbv_type, GbvType::PhysicalAssault);
    let health = store
        .incident_groups(march, april, Some(w.health()))
        .await
        .unwrap();
    assert!(health.is_empty());
    // The day `until` is excluded, `from` included.
    let april_on = store
        .incident_groups(april, date(2026, 5, 1), None)
        .await
        .unwrap();
    assert_eq!(april_on.iter().map(|g| g.count).sum::<u32>(), 1);

    let areas = store.statistics_areas().await.unwrap();
    assert!(areas.iter().any(|a| a.id == w.area));
    let codes: Vec<_> = areas.iter().map(|a| a.code.clone()).collect();
    let mut sorted = codes.clone();
    sorted.sort();
    assert_eq!(codes, sorted);
}

/// A referral of `case` from `by`'s agency to `to`'s service, sent at
/// `sent` (a draft when `None`), with its first step.
fn sent_referral(
    case: &CaseRow,
    by: &UserRow,
    to: &ServiceRow,
    to_agency: AgencyId,
    sent: Option<DateTime<Utc>>,
    n: u32,
) -> (ReferralRow, ReferralStepRow) {
    let state = if sent.is_some() {
        ReferralState::Sent
    } else {
        ReferralState::Draft
    };
    let row = ReferralRow {
        id: ReferralId::new(),
        reference: format!("R-{n:04}-STAT"),
        case_id: case.id,
        sending_agency: by.agency_id,
        receiving_agency: to_agency,
        service_id: to.id,
        urgency: Urgency::Emergency,
        state,
        categories: vec![],
        consent_id: None,
        reason: sealed("reason"),
        decline_reason: None,
        outcome: None,
        created_by: by.id,
        created_at: at(1),
        sent_at: sent,
        due_at: sent.map(|s| s + Duration::hours(24)),
        updated_at: sent.unwrap_or(at(1)),
    };
    let step = ReferralStepRow {
        id: Uuid::now_v7(),
        referral_id: row.id,
        at: sent.unwrap_or(at(1)),
        actor_user_id: Some(by.id),
        actor_agency_id: Some(by.agency_id),
        event: sent.map(|_| ReferralEvent::Send),
        from_state: None,
        to_state: state,
        note: None,
    };
    (row, step)
}

fn utc(d: u32, h: u32) -> DateTime<Utc> {
    date(2026, 3, d).and_hms_opt(h, 0, 0).unwrap().and_utc()
}

pub async fn referral_journeys_are_the_referrals_sent_in_the_range_without_ids(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let w = world(&*store).await;
    let audit = case_audit("referral");
    let org = organization("Clinic", Some(w.chloe.agency_id));
    store.put_organization(&org, &dir_write()).await.unwrap();
    let care = service(&org, "Care", vec![]);
    store.put_service(&care, &dir_write()).await.unwrap();
    // The shelter's case: an incident without an area first reported on
    // 3 March, then one in its area first reported on 5 March — the
    // referral counts in the area of the first incident that has one.
    let (_, case) = register(&*store, &w.amina, &reference(1), 100).await;
    for (area, on, n) in [
        (None, date(2026, 3, 1), 201),
        (Some(w.area), date(2026, 3, 3), 202),
    ] {
        let i = incident(&case, w.amina.id, area, on, n);
        store.create_incident(&i, &audit).await.unwrap();
    }
    // Sent on 2 March 08:00, acknowledged at 10:00 and accepted at 12:00.
    let (mut sent, first) = sent_referral(
        &case,
        &w.amina,
        &care,
        w.chloe.agency_id,
        Some(utc(2, 8)),
        1,
    );
    store
        .create_referral(&sent, &first, &audit, None)
        .await
        .unwrap();
    let mut steps = Vec::new();
    for (from, to, event, h) in [
        (
            ReferralState::Sent,
            ReferralState::Acknowledged,
            ReferralEvent::Acknowledge,
            10,
        ),
        (
            ReferralState::Acknowledged,
            ReferralState::Accepted,
            ReferralEvent::Accept,
            12,
        ),
    ] {
        steps.push(ReferralStepRow {
            id: Uuid::now_v7(),
            referral_id: sent.id,
            at: utc(2, h),
            actor_user_id: Some(w.chloe.id),
            actor_agency_id: Some(w.chloe.agency_id),
            event: Some(event),
            from_state: Some(from),
            to_state: to,
            note: Some(sealed("note")),
        });
    }
    sent.state = ReferralState::Accepted;
    sent.updated_at = utc(2, 12);
    store
        .update_referral(
            &sent,
            ReferralState::Sent,
            &steps,
            &[audit.clone(), audit.clone()],
            None,
        )
        .await
        .unwrap();
    // A draft (never sent), one sent on 31 March 23:00 (the range ends at
    // 1 April 00:00, excluded: still in), and one on 1 April (out).
    for (when, n) in [
        (None, 2),
        (Some(utc(31, 23)), 3),
        (Some(utc(31, 23) + Duration::hours(1)), 4),
    ] {
        let (r, s) = sent_referral(&case, &w.amina, &care, w.chloe.agency_id, when, n);
        store.create_referral(&r, &s, &audit, None).await.unwrap();
    }
    // The police's case, no incident: no area.
    let (_, police_case) = register(&*store, &w.bea, &reference(2), 110).await;
    let (r, s) = sent_referral(
        &police_case,
        &w.bea,
        &care,
        w.chloe.agency_id,
        Some(utc(1, 0)),
        5,
    );
    store.create_referral(&r, &s, &audit, None).await.unwrap();

    let (from, until) = (utc(1, 0), utc(31, 23) + Duration::hours(1));
    let all = store.referral_journeys(from, until, None).await.unwrap();
    let sent_at: Vec<_> = all.iter().map(|j| j.sent_at).collect();
    assert_eq!(sent_at, [utc(1, 0), utc(2, 8), utc(31, 23)]);
    assert_eq!(all[0].area, None);
    let journey = &all[1];
    assert_eq!(journey.area, Some(w.area));
    assert_eq!(journey.urgency, Urgency::Emergency);
    assert_eq!(journey.due_at, Some(utc(3, 8)));
    assert_eq!(journey.receiving_sector, Sector::ShelterWomensNgo);
    assert_eq!(
        journey.reached,
        [
            (ReferralState::Sent, utc(2, 8)),
            (ReferralState::Acknowledged, utc(2, 10)),
            (ReferralState::Accepted, utc(2, 12)),
        ]
    );
    let shelter = store
        .referral_journeys(from, until, Some(w.amina.agency_id))
        .await
        .unwrap();
    assert_eq!(shelter.len(), 2);
    let health = store
        .referral_journeys(from, until, Some(w.chloe.agency_id))
        .await
        .unwrap();
    assert!(health.is_empty(), "the receiver sent none of them");
}

pub async fn repeat_incidents_are_each_survivors_incidents_oldest_first(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let w = world(&*store).await;
    let audit = case_audit("create_incident");
    // Survivor 1 (the shelter): incidents on 10 March 2025 (in the 12
    // months before), 10 March 2026 (in March) and 1 April 2026 (after).
    let (_, first) = register(&*store, &w.amina, &reference(1), 100).await;
    for (on, n, area) in [
        (date(2026, 3, 10), 201, Some(w.area)),
        (date(2025, 3, 10), 202, None),
        (date(2026, 4, 1), 203, Some(w.area)),
    ] {
        let i = IncidentRow {
            consent_to_statistics: n != 202,
            ..incident(&first, w.amina.id, area, on, n)
        };
        store.create_incident(&i, &audit).await.unwrap();
    }
    // Survivor 2: only an incident before the period — not listed.
    let (_, second) = register(&*store, &w.amina, &reference(2), 101).await;
    let i = incident(&second, w.amina.id, None, date(2026, 2, 28), 204);
    store.create_incident(&i, &audit).await.unwrap();
    // Survivor 3 (the police): 31 March 2026, the last day of the period.
    let (_, third) = register(&*store, &w.bea, &reference(3), 102).await;
    let i = IncidentRow {
        gbv_type: GbvType::PhysicalAssault,
        ..incident(&third, w.bea.id, None, date(2026, 3, 31), 205)
    };
    store.create_incident(&i, &audit).await.unwrap();

    let (earliest, march, april) = (date(2025, 3, 1), date(2026, 3, 1), date(2026, 4, 1));
    let mut all = store
        .repeat_incidents(earliest, march, april, None)
        .await
        .unwrap();
    all.sort_by_key(|s| s.len());
    assert_eq!(all.len(), 2, "{all:?}");
    assert_eq!(all[0].len(), 1);
    assert_eq!(all[0][0].on, date(2026, 3, 31));
    assert_eq!(all[0][0].gbv_type, GbvType::PhysicalAssault);
    let dates: Vec<_> = all[1].iter().map(|i| i.on).collect();
    assert_eq!(
        dates,
        [date(2025, 3, 10), date(2026, 3, 10)],
        "oldest first, April out"
    );
    assert_eq!(all[1][0].area, None);
    assert!(!all[1][0].consent_to_statistics);
    assert_eq!(all[1][1].area, Some(w.area));
    assert!(all[1][1].consent_to_statistics && all[1][1].already_reported_elsewhere);
    // The earliest day is included: from 10 March 2025 she still has two.
    let from_the_day = store
        .repeat_incidents(date(2025, 3, 10), march, april, Some(w.amina.agency_id))
        .await
        .unwrap();
    assert_eq!(from_the_day.len(), 1);
    assert_eq!(from_the_day[0].len(), 2);
    let police = store
        .repeat_incidents(earliest, march, april, Some(w.bea.agency_id))
        .await
        .unwrap();
    assert_eq!(police.len(), 1);
    assert_eq!(police[0][0].on, date(2026, 3, 31));
}
