//! Conformance cases for [`DirectoryStore`]: directory entries put, read,
//! listed and filtered; refusals that write nothing; the all-or-nothing
//! import; the entries' history and the notices to their owning agencies;
//! a change decided on an organization's old revision refused.

use super::*;
use concord_domain::directory::EspSector;
use concord_domain::directory::history::{ChangeKind, EntryKind, FieldChange};

/// This file's cases, one `#[tokio::test]` each in
/// [`conformance_tests!`](crate::conformance_tests).
#[doc(hidden)]
#[macro_export]
macro_rules! __conformance_of_service_directory {
    ($fresh:expr) => {
        $crate::__conformance_cases!($fresh;
            directory_entries_are_put_read_listed_and_filtered,
            directory_import_is_all_or_nothing,
            directory_changes_keep_their_history_and_notices,
            a_directory_change_decided_on_an_old_revision_is_refused,
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
        store.put_organization(o, &dir_write()).await.unwrap();
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
    store.put_location(&office, &dir_write()).await.unwrap();
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
        store.put_service(s, &dir_write()).await.unwrap();
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
    store.put_service(&moved, &dir_write()).await.unwrap();
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
        store.put_organization(&twin, &dir_write()).await,
        Err(StoreError::Duplicate { field: "name" })
    ));
    let mut lost = service(&clinic, "Lost", vec![AreaId::new()]);
    assert!(matches!(
        store.put_service(&lost, &dir_write()).await,
        Err(StoreError::MissingReference { field: "area_ids" })
    ));
    lost.area_ids = vec![];
    lost.organization_id = OrganizationId::new();
    assert!(matches!(
        store.put_service(&lost, &dir_write()).await,
        Err(StoreError::MissingReference {
            field: "organization_id"
        })
    ));
    let nowhere = organization("Nowhere", Some(AgencyId::new()));
    assert!(matches!(
        store.put_organization(&nowhere, &dir_write()).await,
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
    let mut org = organization("Imported", Some(amina.agency_id));
    org.details.hsds_ids.insert("phones".into(), Uuid::now_v7());
    let mut office = location(&org, Some(area));
    // Every HSDS address field and nested id is kept (issue 12 item 9).
    office.details.city = "Kelvara".into();
    office.details.country = "KV".into();
    office.details.postal_code = "1000".into();
    office
        .details
        .hsds_ids
        .insert("addresses".into(), Uuid::now_v7());
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
        // An ESP term and a local one, by code.
        term_hsds: vec![
            TermHsdsRow {
                code: "health_first_line_support".into(),
                hsds_id: Uuid::now_v7(),
                description: "Ünïcode first-line support".into(),
            },
            TermHsdsRow {
                code: "local_term".into(),
                hsds_id: Uuid::now_v7(),
                description: String::new(),
            },
        ],
    };
    assert!(store.import_directory(&dump, &dir_write()).await.is_err());
    assert_eq!(
        store.export_directory().await.unwrap(),
        DirectoryDump::default()
    );
    dump.services.pop();
    store.import_directory(&dump, &dir_write()).await.unwrap();
    assert_eq!(store.export_directory().await.unwrap(), dump);
    // Importing again replaces by id: nothing doubles; a term's HSDS id and
    // description are replaced by code.
    dump.term_hsds[1].hsds_id = Uuid::now_v7();
    dump.term_hsds[1].description = "Now described".into();
    store.import_directory(&dump, &dir_write()).await.unwrap();
    assert_eq!(store.export_directory().await.unwrap(), dump);
}

/// A change to `entry` of `org` by `by`, at `at(n)`.
fn change(
    org: &OrganizationRow,
    entry_kind: EntryKind,
    entry_id: Uuid,
    by: &UserRow,
    n: i64,
) -> DirectoryChangeRow {
    DirectoryChangeRow {
        id: Uuid::now_v7(),
        organization_id: org.id,
        entry_kind,
        entry_id,
        kind: ChangeKind::Changed,
        actor_user_id: Some(by.id),
        actor_agency_id: Some(by.agency_id),
        owner_agency_id: org.agency_id,
        at: at(n),
        fields: vec![
            FieldChange {
                field: "name".into(),
                old: Some(json!("Before")),
                new: Some(json!("Ünïcode after")),
                withheld: false,
            },
            FieldChange {
                field: "focal_point".into(),
                old: None,
                new: None,
                withheld: true,
            },
        ],
    }
}

fn write_with(
    expected: Vec<(OrganizationId, i64)>,
    changes: Vec<DirectoryChangeRow>,
    notices: Vec<DirectoryNoticeRow>,
) -> DirectoryWrite {
    DirectoryWrite {
        expected,
        changes,
        notices,
        audit: dir_audit(),
    }
}

fn notice_of(change: &DirectoryChangeRow, agency: AgencyId) -> DirectoryNoticeRow {
    DirectoryNoticeRow {
        id: Uuid::now_v7(),
        agency_id: agency,
        change_id: change.id,
        created_at: change.at,
        read_at: None,
    }
}

async fn history_of(store: &dyn Store, filter: HistoryFilter) -> Vec<DirectoryChangeRow> {
    store
        .directory_history(&filter, &PageRequest::first(100))
        .await
        .unwrap()
        .items
}

pub async fn directory_changes_keep_their_history_and_notices(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let amina = with_user(&*store, "amina").await;
    let bea = with_user(&*store, "bea").await;
    // Bea's agency changes the entries of Amina's: Amina's agency is told.
    let shelter = organization("Shelter", Some(amina.agency_id));
    let created = DirectoryChangeRow {
        kind: ChangeKind::Created,
        ..change(&shelter, EntryKind::Organization, shelter.id.0, &bea, 10)
    };
    let told = notice_of(&created, amina.agency_id);
    store
        .put_organization(
            &shelter,
            &write_with(vec![], vec![created.clone()], vec![told.clone()]),
        )
        .await
        .unwrap();
    let beds = service(&shelter, "Beds", vec![]);
    let added = change(&shelter, EntryKind::Service, beds.id.0, &amina, 11);
    store
        .put_service(
            &beds,
            &write_with(vec![(shelter.id, 0)], vec![added.clone()], vec![]),
        )
        .await
        .unwrap();
    let office = location(&shelter, None);
    let placed = change(&shelter, EntryKind::Location, office.id.0, &bea, 12);
    let told_again = notice_of(&placed, amina.agency_id);
    store
        .put_location(
            &office,
            &write_with(
                vec![(shelter.id, 1)],
                vec![placed.clone()],
                vec![told_again.clone()],
            ),
        )
        .await
        .unwrap();
    let clinic = organization("Clinic", None);
    let other = DirectoryChangeRow {
        actor_user_id: None,
        actor_agency_id: None,
        ..change(&clinic, EntryKind::Organization, clinic.id.0, &bea, 13)
    };
    store
        .put_organization(&clinic, &write_with(vec![], vec![other.clone()], vec![]))
        .await
        .unwrap();

    // Newest first; by organization (its services and locations too) or
    // by one entry.
    let of_shelter = HistoryFilter {
        organization: Some(shelter.id),
        ..Default::default()
    };
    assert_eq!(
        history_of(&*store, of_shelter.clone()).await,
        vec![placed.clone(), added.clone(), created.clone()]
    );
    assert_eq!(
        history_of(
            &*store,
            HistoryFilter {
                entry: Some(beds.id.0),
                ..Default::default()
            }
        )
        .await,
        vec![added.clone()]
    );
    assert_eq!(
        history_of(
            &*store,
            HistoryFilter {
                organization: Some(clinic.id),
                ..Default::default()
            }
        )
        .await,
        vec![other.clone()],
        "the command line's change, with no actor"
    );
    assert_eq!(history_of(&*store, HistoryFilter::default()).await.len(), 4);
    // Pages follow the cursor.
    let first = store
        .directory_history(&of_shelter, &PageRequest::first(2))
        .await
        .unwrap();
    assert_eq!(first.items, vec![placed.clone(), added.clone()]);
    let second = store
        .directory_history(
            &of_shelter,
            &PageRequest {
                after: first.next.clone(),
                ..PageRequest::first(2)
            },
        )
        .await
        .unwrap();
    assert_eq!(second.items, vec![created.clone()]);
    assert_eq!(second.next, None);

    // The owning agency's unread notices, newest first, with the change.
    let unread = store
        .unread_directory_notices(amina.agency_id, 10)
        .await
        .unwrap();
    assert_eq!(
        unread,
        vec![
            DirectoryNotice {
                notice: told_again.clone(),
                change: placed.clone(),
            },
            DirectoryNotice {
                notice: told.clone(),
                change: created.clone(),
            },
        ]
    );
    assert_eq!(
        store
            .unread_directory_notices(amina.agency_id, 1)
            .await
            .unwrap()
            .len(),
        1
    );
    assert!(
        store
            .unread_directory_notices(bea.agency_id, 10)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        !store
            .mark_directory_notice_read(bea.agency_id, told.id, at(20))
            .await
            .unwrap(),
        "another agency's notice"
    );
    assert!(
        store
            .mark_directory_notice_read(amina.agency_id, told.id, at(20))
            .await
            .unwrap()
    );
    assert!(
        !store
            .mark_directory_notice_read(amina.agency_id, told.id, at(21))
            .await
            .unwrap(),
        "read already"
    );
    let unread = store
        .unread_directory_notices(amina.agency_id, 10)
        .await
        .unwrap();
    assert_eq!(unread.len(), 1);
    assert_eq!(unread[0].notice.id, told_again.id);
}

pub async fn a_directory_change_decided_on_an_old_revision_is_refused(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let amina = with_user(&*store, "amina").await;
    let area = amina_area(&*store, &amina).await;
    let clinic = organization("Clinic", None);
    store.put_organization(&clinic, &dir_write()).await.unwrap();
    let standing = store
        .organization_standing(clinic.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(standing.organization, clinic);
    assert_eq!(standing.revision, 0);
    assert!(standing.placements.is_empty());
    assert_eq!(
        store
            .organization_standing(OrganizationId::new())
            .await
            .unwrap(),
        None
    );

    // Each change moves the revision on: locations and services too.
    let office = location(&clinic, Some(area));
    let placed = change(&clinic, EntryKind::Location, office.id.0, &amina, 5);
    store
        .put_location(
            &office,
            &write_with(vec![(clinic.id, 0)], vec![placed], vec![]),
        )
        .await
        .unwrap();
    let care = service(&clinic, "Care", vec![area]);
    let added = change(&clinic, EntryKind::Service, care.id.0, &amina, 6);
    store
        .put_service(
            &care,
            &write_with(vec![(clinic.id, 1)], vec![added], vec![]),
        )
        .await
        .unwrap();
    let unplaced = location(&clinic, None);
    store
        .put_location(&unplaced, &write_with(vec![(clinic.id, 2)], vec![], vec![]))
        .await
        .unwrap();
    let standing = store
        .organization_standing(clinic.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(standing.revision, 3);
    let mut expected = vec![
        Placement {
            entry_id: office.id.0,
            area_id: area,
        },
        Placement {
            entry_id: care.id.0,
            area_id: area,
        },
    ];
    expected.sort();
    assert_eq!(
        standing.placements, expected,
        "its locations' areas and the areas its services serve"
    );
    assert_eq!(
        store.organization_revisions().await.unwrap(),
        vec![(clinic.id, 3)]
    );

    // A change decided on an older revision (or on an organization that
    // does not exist) writes nothing: no entry, history, notice or event.
    let dump = store.export_directory().await.unwrap();
    let events = store
        .list_audit_events(&AuditFilter::default(), &PageRequest::first(500))
        .await
        .unwrap()
        .items
        .len();
    let history = history_of(&*store, HistoryFilter::default()).await;
    let renamed = OrganizationRow {
        name: "Renamed".into(),
        ..clinic.clone()
    };
    let rename = change(&clinic, EntryKind::Organization, clinic.id.0, &amina, 7);
    let stale = || {
        write_with(
            vec![(clinic.id, 2)],
            vec![rename.clone()],
            vec![notice_of(&rename, amina.agency_id)],
        )
    };
    assert!(matches!(
        store.put_organization(&renamed, &stale()).await,
        Err(StoreError::Conflict)
    ));
    let moved = ServiceRow {
        name: "Moved".into(),
        ..care.clone()
    };
    assert!(matches!(
        store.put_service(&moved, &stale()).await,
        Err(StoreError::Conflict)
    ));
    assert!(matches!(
        store.put_location(&location(&clinic, None), &stale()).await,
        Err(StoreError::Conflict)
    ));
    let import = DirectoryDump {
        organizations: vec![renamed.clone()],
        ..Default::default()
    };
    assert!(matches!(
        store.import_directory(&import, &stale()).await,
        Err(StoreError::Conflict)
    ));
    let nowhere = write_with(vec![(OrganizationId::new(), 0)], vec![], vec![]);
    assert!(matches!(
        store.put_organization(&renamed, &nowhere).await,
        Err(StoreError::Conflict)
    ));
    // A refusal after the claim (a missing area) gives the revision back.
    let lost = ServiceRow {
        area_ids: vec![AreaId::new()],
        ..care.clone()
    };
    assert!(matches!(
        store
            .put_service(&lost, &write_with(vec![(clinic.id, 3)], vec![], vec![]))
            .await,
        Err(StoreError::MissingReference { field: "area_ids" })
    ));
    assert_eq!(store.export_directory().await.unwrap(), dump);
    assert_eq!(history_of(&*store, HistoryFilter::default()).await, history);
    assert!(
        store
            .unread_directory_notices(amina.agency_id, 10)
            .await
            .unwrap()
            .is_empty()
    );
    let after = store
        .list_audit_events(&AuditFilter::default(), &PageRequest::first(500))
        .await
        .unwrap()
        .items
        .len();
    assert_eq!(after, events, "no audit event for a refused change");
    assert_eq!(
        store.organization_revisions().await.unwrap(),
        vec![(clinic.id, 3)]
    );

    // Decided on the current revision, it goes through.
    store
        .put_organization(
            &renamed,
            &write_with(vec![(clinic.id, 3)], vec![rename], vec![]),
        )
        .await
        .unwrap();
    assert_eq!(
        store.get_organization(clinic.id).await.unwrap(),
        Some(renamed)
    );
    assert_eq!(
        store.organization_revisions().await.unwrap(),
        vec![(clinic.id, 4)]
    );
}

/// History and a notice, for the whole-database copy.
pub(crate) async fn populate_directory_history(store: &dyn Store, owner: &UserRow, by: &UserRow) {
    let org = organization("History", Some(owner.agency_id));
    let created = change(&org, EntryKind::Organization, org.id.0, by, 40);
    let told = DirectoryNoticeRow {
        read_at: Some(at(41)),
        ..notice_of(&created, owner.agency_id)
    };
    let unread = notice_of(
        &change(&org, EntryKind::Organization, org.id.0, by, 40),
        owner.agency_id,
    );
    let second = DirectoryChangeRow {
        id: unread.change_id,
        ..change(&org, EntryKind::Organization, org.id.0, by, 42)
    };
    store
        .put_organization(
            &org,
            &write_with(vec![], vec![created, second], vec![told, unread]),
        )
        .await
        .unwrap();
}
