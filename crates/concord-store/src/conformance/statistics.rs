//! Conformance cases for what statistics read ([`StatisticsStore`]):
//! incidents counted per combination of their countable attributes, by
//! the month first reported and the owning agency, from the summary the
//! store keeps in step with every write.

use super::*;
use chrono::Datelike;
use concord_domain::ids::ReferralId;
use concord_domain::referral::{ReferralEvent, ReferralState, Urgency};
use concord_domain::statistics::Period;

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
            incident_counts_equal_a_recount_after_random_writes,
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
        forms_of_violence: None,
        consent_to_statistics: false,
        survivor_age_group: None,
        ..incident(&case, w.bea.id, None, date(2026, 3, 1), 210)
    };
    store.create_incident(&i, &audit).await.unwrap();

    let (march, april) = (month(2026, 3), month(2026, 4));
    let all = store.incident_groups(march, None).await.unwrap();
    let summary: Vec<_> = all
        .iter()
        .map(|g| (g.first_reported_on, g.gbv_type, g.survivor_sex, g.count))
        .collect();
    // Counted per month: `first_reported_on` is the month's first day.
    assert_eq!(summary.len(), 2, "{summary:?}");
    assert!(summary.contains(&(date(2026, 3, 1), GbvType::Rape, SexGender::Female, 2)));
    assert!(summary.contains(&(
        date(2026, 3, 1),
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
    assert_eq!(
        rape.forms_of_violence,
        Some(vec![
            FormOfViolence::IntimatePartnerViolence,
            FormOfViolence::TraffickingInPersons
        ])
    );
    let assault = all.iter().find(|g| g.gbv_type == GbvType::PhysicalAssault);
    assert_eq!(assault.unwrap().forms_of_violence, None, "not recorded");
    assert_eq!(rape.survivor_age_group, Some(AgeGroup::Age18Plus));
    assert!(rape.consent_to_statistics && rape.already_reported_elsewhere);
    let assault = all
        .iter()
        .find(|g| g.gbv_type == GbvType::PhysicalAssault)
        .unwrap();
    assert_eq!((assault.area, assault.survivor_age_group), (None, None));
    assert!(!assault.consent_to_statistics);

    let police = store
        .incident_groups(march, Some(w.police()))
        .await
        .unwrap();
    assert_eq!(police.len(), 1);
    assert_eq!(police[0].gbv_type, GbvType::PhysicalAssault);
    let health = store
        .incident_groups(march, Some(w.health()))
        .await
        .unwrap();
    assert!(health.is_empty());
    // 30 March + 2 days is first reported on 1 April: April's, not March's.
    let april_on = store.incident_groups(april, None).await.unwrap();
    assert_eq!(april_on.iter().map(|g| g.count).sum::<u32>(), 1);
    assert_eq!(
        store.recount_incident_groups(march, None).await.unwrap(),
        all
    );

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

fn month(year: i32, month: u32) -> Period {
    Period::Month { year, month }
}

/// A small seeded generator (SplitMix64): the same writes on both engines
/// and on every run, without a dependency.
struct Seeded(u64);

impl Seeded {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<T: Copy>(&mut self, from: &[T]) -> T {
        from[self.below(from.len())]
    }

    fn coin(&mut self) -> bool {
        self.next() & 1 == 1
    }
}

/// Days first reported at every month boundary of the first half of 2026
/// (the last day of a month, the first of the next, 29 February does not
/// exist in 2026, 28 February does) and some days between.
fn first_reported_days() -> Vec<NaiveDate> {
    let mut days = vec![date(2025, 12, 31)];
    for m in 1..=6 {
        days.push(date(2026, m, 1));
        days.push(date(2026, m, 15));
        days.push(date(2026, m + 1, 1).pred_opt().unwrap());
    }
    days.push(date(2026, 7, 1));
    days
}

/// What the test knows it wrote: each live incident's month, agency and
/// whether the domain counts it — independent of both store answers.
struct Written {
    survivor: usize,
    month: NaiveDate,
    agency: AgencyId,
}

/// The summary the store keeps in step (registering, recording incidents
/// with and without consent for statistics or reported elsewhere, editing
/// a survivor's sex, purging a survivor) always equals a recount from the
/// raw rows, for every month, quarter and year and every agency; and both
/// equal the number of incidents the test itself wrote.
pub async fn incident_counts_equal_a_recount_after_random_writes(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let w = world(&*store).await;
    let workers = [&w.amina, &w.bea, &w.chloe];
    let days = first_reported_days();
    let mut rng = Seeded(0x5EED_0013);
    let mut survivors: Vec<Option<(SurvivorRow, CaseRow)>> = Vec::new();
    let mut written: Vec<Written> = Vec::new();
    for step in 0..120_i64 {
        let live: Vec<usize> = (0..survivors.len())
            .filter(|i| survivors[*i].is_some())
            .collect();
        match rng.below(10) {
            0..=2 => {
                let worker = workers[rng.below(3)];
                let sex = rng.pick(&SexGender::ALL);
                let (s, c) = register_with(
                    &*store,
                    worker,
                    &reference(survivors.len() + 1),
                    1_000 + step,
                    |s, _| s.sex_gender = sex,
                )
                .await;
                survivors.push(Some((s, c)));
            }
            3..=6 if !live.is_empty() => {
                let who = live[rng.below(live.len())];
                let (_, case) = survivors[who].as_ref().unwrap();
                let day = rng.pick(&days);
                let mut flags: Vec<ContextFlag> = ContextFlag::ALL
                    .into_iter()
                    .filter(|_| rng.below(3) == 0)
                    .collect();
                flags.dedup();
                let i = IncidentRow {
                    date_first_reported: day,
                    gbv_type: rng.pick(&GbvType::ALL),
                    area_id: rng.coin().then_some(w.area),
                    survivor_age_group: rng.coin().then(|| rng.pick(&AgeGroup::ALL)),
                    perpetrator_relationship: rng.pick(&PerpetratorRelationship::ALL),
                    context_flags: flags,
                    reporting_delay: rng.pick(&ReportingDelay::ALL),
                    consent_to_statistics: rng.coin(),
                    already_reported_elsewhere: rng.below(4) == 0,
                    ..incident(
                        case,
                        w.amina.id,
                        None,
                        day - Duration::days(2),
                        2_000 + step,
                    )
                };
                store
                    .create_incident(&i, &case_audit("create_incident"))
                    .await
                    .unwrap();
                written.push(Written {
                    survivor: who,
                    month: date(day.year(), day.month(), 1),
                    agency: case.owning_agency,
                });
            }
            7 | 8 if !live.is_empty() => {
                let who = live[rng.below(live.len())];
                let (s, _) = survivors[who].as_mut().unwrap();
                s.sex_gender = rng.pick(&SexGender::ALL);
                store
                    .update_survivor(s, &case_audit("update_survivor"))
                    .await
                    .unwrap();
            }
            9 if !live.is_empty() => {
                let who = live[rng.below(live.len())];
                let (s, _) = survivors[who].take().unwrap();
                store
                    .purge_survivor(s.id, &case_audit("purge_survivor"))
                    .await
                    .unwrap();
                written.retain(|i| i.survivor != who);
            }
            _ => {}
        }
    }
    assert!(
        written.len() > 20,
        "the sequence recorded {}",
        written.len()
    );

    let mut periods: Vec<Period> = (1..=7).map(|m| month(2026, m)).collect();
    periods.extend([
        month(2025, 12),
        Period::Quarter {
            year: 2026,
            quarter: 1,
        },
        Period::Quarter {
            year: 2026,
            quarter: 2,
        },
        Period::Year { year: 2026 },
    ]);
    let agencies = [None, Some(w.shelter()), Some(w.police()), Some(w.health())];
    for period in periods {
        for agency in agencies {
            let kept = store.incident_groups(period, agency).await.unwrap();
            let recounted = store.recount_incident_groups(period, agency).await.unwrap();
            assert_eq!(kept, recounted, "{period:?} {agency:?}");
            let expected = written
                .iter()
                .filter(|i| period.contains(i.month))
                .filter(|i| agency.is_none_or(|a| a == i.agency))
                .count();
            let total: u32 = kept.iter().map(|g| g.count).sum();
            assert_eq!(total as usize, expected, "{period:?} {agency:?}");
        }
    }
}
