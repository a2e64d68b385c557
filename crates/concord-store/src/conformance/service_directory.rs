//! Conformance cases for [`DirectoryStore`]: directory entries put, read,
//! listed and filtered; refusals that write nothing; the all-or-nothing
//! import.

use super::*;
use concord_domain::directory::EspSector;

/// This file's cases, one `#[tokio::test]` each in
/// [`conformance_tests!`](crate::conformance_tests).
#[doc(hidden)]
#[macro_export]
macro_rules! __conformance_of_service_directory {
    ($fresh:expr) => {
        $crate::__conformance_cases!($fresh;
            directory_entries_are_put_read_listed_and_filtered,
            directory_import_is_all_or_nothing,
        );
    };
}

pub async fn directory_entries_are_put_read_listed_and_filtered(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let amina = with_user(&*store, "amina").await;
    let area = amina_area(&*store, &amina).await;
    let shelter = organization("Shelter", Some(amina.agency_id));
    let clinic = organization("Clinic", None);
    for o in [&shelter, &clinic] {
        store.put_organization(o, &dir_audit()).await.unwrap();
    }
    assert_eq!(
        store.get_organization(shelter.id).await.unwrap().as_ref(),
        Some(&shelter)
    );
    let names: Vec<String> = store
        .list_organizations(&PageRequest::first(1))
        .await
        .map(|p| p.items.into_iter().map(|o| o.name).collect())
        .unwrap();
    assert_eq!(names, vec!["Clinic".to_string()], "by name, one per page");
    let office = location(&clinic, Some(area));
    store.put_location(&office, &dir_audit()).await.unwrap();
    assert_eq!(
        store.list_locations(Some(clinic.id)).await.unwrap(),
        vec![office.clone()]
    );
    assert!(
        store
            .list_locations(Some(shelter.id))
            .await
            .unwrap()
            .is_empty()
    );

    let mut care = service(&clinic, "Care", vec![area]);
    care.at_locations = vec![ServiceAtLocation {
        id: Uuid::now_v7(),
        location_id: office.id,
    }];
    let beds = service(&shelter, "Beds", vec![]);
    for s in [&care, &beds] {
        store.put_service(s, &dir_audit()).await.unwrap();
    }
    assert_eq!(
        store.get_service(care.id).await.unwrap().as_ref(),
        Some(&care)
    );
    let list = |filter: ServiceFilter| {
        let store = store.clone();
        async move {
            store
                .list_services(&filter, &PageRequest::first(100))
                .await
                .unwrap()
                .items
                .into_iter()
                .map(|s| s.name)
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(list(ServiceFilter::default()).await, vec!["Beds", "Care"]);
    assert_eq!(
        list(ServiceFilter {
            serving_any_of: vec![area],
            ..Default::default()
        })
        .await,
        vec!["Care"]
    );
    assert_eq!(
        list(ServiceFilter {
            agency: Some(amina.agency_id),
            ..Default::default()
        })
        .await,
        vec!["Beds"]
    );
    assert_eq!(
        list(ServiceFilter {
            organization: Some(clinic.id),
            accepts_referrals: Some(true),
            ..Default::default()
        })
        .await,
        vec!["Care"]
    );
    // Replacing a service replaces its areas and locations.
    let mut moved = care.clone();
    moved.area_ids = vec![];
    moved.at_locations = vec![];
    moved.name = "Care moved".into();
    store.put_service(&moved, &dir_audit()).await.unwrap();
    assert_eq!(store.get_service(care.id).await.unwrap(), Some(moved));

    // Refusals write nothing.
    let before = store.export_directory().await.unwrap();
    let events = store
        .list_audit_events(&AuditFilter::default(), &PageRequest::first(500))
        .await
        .unwrap()
        .items
        .len();
    let twin = organization("Clinic", None);
    assert!(matches!(
        store.put_organization(&twin, &dir_audit()).await,
        Err(StoreError::Duplicate { field: "name" })
    ));
    let mut lost = service(&clinic, "Lost", vec![AreaId::new()]);
    assert!(matches!(
        store.put_service(&lost, &dir_audit()).await,
        Err(StoreError::MissingReference { field: "area_ids" })
    ));
    lost.area_ids = vec![];
    lost.organization_id = OrganizationId::new();
    assert!(matches!(
        store.put_service(&lost, &dir_audit()).await,
        Err(StoreError::MissingReference {
            field: "organization_id"
        })
    ));
    let nowhere = organization("Nowhere", Some(AgencyId::new()));
    assert!(matches!(
        store.put_organization(&nowhere, &dir_audit()).await,
        Err(StoreError::MissingReference { field: "agency_id" })
    ));
    assert_eq!(store.export_directory().await.unwrap(), before);
    let after = store
        .list_audit_events(&AuditFilter::default(), &PageRequest::first(500))
        .await
        .unwrap()
        .items
        .len();
    assert_eq!(after, events, "no audit event for a refused change");

    let term = TermRow {
        code: "local_term".into(),
        name: "Local term".into(),
        sector: Some(EspSector::Health),
        created_at: at(7),
    };
    store.put_term(&term, &dir_audit()).await.unwrap();
    let renamed = TermRow {
        name: "Renamed".into(),
        ..term.clone()
    };
    store.put_term(&renamed, &dir_audit()).await.unwrap();
    assert_eq!(store.list_terms().await.unwrap(), vec![renamed]);
}

pub async fn directory_import_is_all_or_nothing(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let amina = with_user(&*store, "amina").await;
    let area = amina_area(&*store, &amina).await;
    let org = organization("Imported", Some(amina.agency_id));
    let office = location(&org, Some(area));
    let mut good = service(&org, "Imported care", vec![area]);
    good.at_locations = vec![ServiceAtLocation {
        id: Uuid::now_v7(),
        location_id: office.id,
    }];
    let bad = service(&org, "Broken", vec![AreaId::new()]);
    let term = TermRow {
        code: "local_term".into(),
        name: "Local".into(),
        sector: None,
        created_at: at(1),
    };
    let mut dump = DirectoryDump {
        organizations: vec![org.clone()],
        locations: vec![office.clone()],
        services: vec![good.clone(), bad],
        terms: vec![term.clone()],
    };
    assert!(store.import_directory(&dump, &dir_audit()).await.is_err());
    assert_eq!(
        store.export_directory().await.unwrap(),
        DirectoryDump::default()
    );
    dump.services.pop();
    store.import_directory(&dump, &dir_audit()).await.unwrap();
    assert_eq!(store.export_directory().await.unwrap(), dump);
    // Importing again replaces by id: nothing doubles.
    store.import_directory(&dump, &dir_audit()).await.unwrap();
    assert_eq!(store.export_directory().await.unwrap(), dump);
}
