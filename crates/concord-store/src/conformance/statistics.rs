//! Conformance cases for what statistics read ([`StatisticsStore`]):
//! incidents counted per combination of their countable attributes, by
//! the date first reported and the owning agency.

use super::*;

/// This file's cases, one `#[tokio::test]` each in
/// [`conformance_tests!`](crate::conformance_tests).
#[doc(hidden)]
#[macro_export]
macro_rules! __conformance_of_statistics {
    ($fresh:expr) => {
        $crate::__conformance_cases!($fresh;
            incidents_are_counted_in_groups_by_date_first_reported_and_agency,
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
