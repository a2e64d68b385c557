//! Conformance cases for areas and agencies: created, read and updated;
//! refusals that write nothing; keyset pages without gaps, with their
//! limits clamped and invalid cursors refused.

use super::*;

/// This file's cases, one `#[tokio::test]` each in
/// [`conformance_tests!`](crate::conformance_tests).
#[doc(hidden)]
#[macro_export]
macro_rules! __conformance_of_areas_and_agencies {
    ($fresh:expr) => {
        $crate::__conformance_cases!($fresh;
            areas_are_created_read_and_updated,
            get_areas_returns_the_requested_areas,
            duplicate_area_code_writes_nothing,
            area_with_missing_parent_writes_nothing,
            areas_page_in_code_order_without_gaps,
            page_limits_are_clamped,
            invalid_cursors_are_refused,
            agencies_are_created_read_and_updated,
            duplicate_agency_name_writes_nothing,
            agency_with_missing_area_writes_nothing,
            agencies_page_in_name_order_with_their_areas,
        );
    };
}

pub async fn areas_are_created_read_and_updated(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let country = area("XK", None);
    store
        .create_area(&country, &audit(AuditAction::AreaCreated))
        .await
        .unwrap();
    assert_last_audit(&*store, AuditAction::AreaCreated).await;
    let mut region = area("XK-01", Some(country.id));
    region.adult_female_population = None;
    store
        .create_area(&region, &audit(AuditAction::AreaCreated))
        .await
        .unwrap();
    assert_eq!(
        store.get_area(country.id).await.unwrap(),
        Some(country.clone())
    );
    assert_eq!(
        store.get_area(region.id).await.unwrap(),
        Some(region.clone())
    );
    assert_eq!(store.get_area(AreaId::new()).await.unwrap(), None);

    let mut changed = region.clone();
    changed.name = "Renamed region".into();
    changed.code = "XK-02".into();
    changed.level = AreaLevel::District;
    changed.adult_female_population = Some(52_000);
    store
        .update_area(&changed, &audit(AuditAction::AreaUpdated))
        .await
        .unwrap();
    assert_eq!(store.get_area(region.id).await.unwrap(), Some(changed));
    assert_last_audit(&*store, AuditAction::AreaUpdated).await;

    let before = audit_count(&*store).await;
    assert_not_found(
        store
            .update_area(&area("NOPE", None), &audit(AuditAction::AreaUpdated))
            .await,
    );
    assert_eq!(audit_count(&*store).await, before, "failed update audited");
}

pub async fn get_areas_returns_the_requested_areas(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let areas: Vec<AreaRow> = ["AA", "BB", "CC"].iter().map(|c| area(c, None)).collect();
    for a in &areas {
        store
            .create_area(a, &audit(AuditAction::AreaCreated))
            .await
            .unwrap();
    }
    let got = store
        .get_areas(&[areas[2].id, areas[0].id, AreaId::new()])
        .await
        .unwrap();
    assert_eq!(got, vec![areas[0].clone(), areas[2].clone()], "by code");
    assert!(store.get_areas(&[]).await.unwrap().is_empty());
}

pub async fn duplicate_area_code_writes_nothing(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let first = area("DUP", None);
    store
        .create_area(&first, &audit(AuditAction::AreaCreated))
        .await
        .unwrap();
    let before = audit_count(&*store).await;

    let second = area("DUP", None);
    assert_duplicate(
        store
            .create_area(&second, &audit(AuditAction::AreaCreated))
            .await,
        "code",
    );
    assert_eq!(store.get_area(second.id).await.unwrap(), None);

    let other = area("OTHER", None);
    store
        .create_area(&other, &audit(AuditAction::AreaCreated))
        .await
        .unwrap();
    let before_update = audit_count(&*store).await;
    assert_eq!(before_update, before + 1);
    let mut clash = other.clone();
    clash.code = "DUP".into();
    clash.name = "Should not stick".into();
    assert_duplicate(
        store
            .update_area(&clash, &audit(AuditAction::AreaUpdated))
            .await,
        "code",
    );
    assert_eq!(store.get_area(other.id).await.unwrap(), Some(other));
    assert_eq!(audit_count(&*store).await, before_update);
}

pub async fn area_with_missing_parent_writes_nothing(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let orphan = area("ORPHAN", Some(AreaId::new()));
    assert_missing(
        store
            .create_area(&orphan, &audit(AuditAction::AreaCreated))
            .await,
        "parent_id",
    );
    assert_eq!(store.get_area(orphan.id).await.unwrap(), None);
    assert_eq!(audit_count(&*store).await, 0);

    let root = area("ROOT", None);
    store
        .create_area(&root, &audit(AuditAction::AreaCreated))
        .await
        .unwrap();
    let mut moved = root.clone();
    moved.parent_id = Some(AreaId::new());
    assert_missing(
        store
            .update_area(&moved, &audit(AuditAction::AreaUpdated))
            .await,
        "parent_id",
    );
    assert_eq!(store.get_area(root.id).await.unwrap(), Some(root));
    assert_eq!(audit_count(&*store).await, 1);
}

pub async fn areas_page_in_code_order_without_gaps(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let codes: Vec<String> = (0..23).map(|i| format!("C{:02}", i * 3 % 23)).collect();
    for i in shuffled(codes.len()) {
        store
            .create_area(&area(&codes[i], None), &audit(AuditAction::AreaCreated))
            .await
            .unwrap();
    }
    let pages = collect_pages(5, |p| {
        let store = Arc::clone(&store);
        async move { store.list_areas(&p).await }
    })
    .await;
    assert_eq!(pages.len(), 5, "23 areas in pages of 5");
    let listed: Vec<String> = pages.into_iter().flatten().map(|a| a.code).collect();
    let mut expected = codes.clone();
    expected.sort();
    assert_eq!(listed, expected, "every area once, in code order");
}

pub async fn page_limits_are_clamped(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    for code in ["A", "B", "C"] {
        store
            .create_area(&area(code, None), &audit(AuditAction::AreaCreated))
            .await
            .unwrap();
    }
    let zero = PageRequest {
        after: None,
        limit: 0,
    };
    let page = store.list_areas(&zero).await.unwrap();
    assert_eq!(page.items.len(), 1, "a zero limit means one row");
    assert!(page.next.is_some());
    let huge = PageRequest {
        after: None,
        limit: 1_000_000,
    };
    let page = store.list_areas(&huge).await.unwrap();
    assert_eq!(page.items.len(), 3);
    assert_eq!(page.next, None);
    let exact = store.list_areas(&PageRequest::first(3)).await.unwrap();
    assert_eq!(exact.items.len(), 3);
    assert_eq!(exact.next, None, "no next page when the rows end exactly");
}

pub async fn invalid_cursors_are_refused(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let bad = |after: &str| PageRequest {
        after: Some(after.to_string()),
        limit: 10,
    };
    let wrong_parts = cursor::encode(&["a", "b", "c"]);
    let bad_id = cursor::encode(&["name", "not-a-uuid"]);
    for cursor in ["zz", "abc", wrong_parts.as_str(), bad_id.as_str()] {
        assert_invalid_cursor(store.list_areas(&bad(cursor)).await);
        assert_invalid_cursor(store.list_agencies(&bad(cursor)).await);
        assert_invalid_cursor(store.list_users(None, &bad(cursor)).await);
    }
    let not_a_number = cursor::encode(&["twelve"]);
    for cursor in ["zz", not_a_number.as_str()] {
        assert_invalid_cursor(
            store
                .list_audit_events(&AuditFilter::default(), &bad(cursor))
                .await,
        );
    }
}

pub async fn agencies_are_created_read_and_updated(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let areas: Vec<AreaRow> = ["N1", "N2", "N3"].iter().map(|c| area(c, None)).collect();
    for a in &areas {
        store
            .create_area(a, &audit(AuditAction::AreaCreated))
            .await
            .unwrap();
    }
    // Areas served keep the order given, which is not id order.
    let shelter = agency("Safe Haven", vec![areas[2].id, areas[0].id, areas[1].id]);
    store
        .create_agency(&shelter, &audit(AuditAction::AgencyCreated))
        .await
        .unwrap();
    assert_last_audit(&*store, AuditAction::AgencyCreated).await;
    assert_eq!(
        store.get_agency(shelter.id).await.unwrap(),
        Some(shelter.clone())
    );
    assert_eq!(store.get_agency(AgencyId::new()).await.unwrap(), None);

    let mut changed = shelter.clone();
    changed.name = "Safe Haven Trust".into();
    changed.sector = Sector::LegalAid;
    changed.governance = Governance::Government;
    changed.area_ids = vec![areas[1].id];
    // update_agency replaces name, sector, governance and areas only.
    changed.created_at = at(999);
    store
        .update_agency(&changed, &audit(AuditAction::AgencyUpdated))
        .await
        .unwrap();
    assert_last_audit(&*store, AuditAction::AgencyUpdated).await;
    let expected = AgencyRow {
        created_at: shelter.created_at,
        ..changed.clone()
    };
    assert_eq!(store.get_agency(shelter.id).await.unwrap(), Some(expected));

    changed.area_ids.clear();
    store
        .update_agency(&changed, &audit(AuditAction::AgencyUpdated))
        .await
        .unwrap();
    let got = store.get_agency(shelter.id).await.unwrap().unwrap();
    assert!(got.area_ids.is_empty());

    let before = audit_count(&*store).await;
    assert_not_found(
        store
            .update_agency(
                &agency("Nobody", vec![]),
                &audit(AuditAction::AgencyUpdated),
            )
            .await,
    );
    assert_eq!(audit_count(&*store).await, before);
}

pub async fn duplicate_agency_name_writes_nothing(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let first = agency("Police DAU", vec![]);
    store
        .create_agency(&first, &audit(AuditAction::AgencyCreated))
        .await
        .unwrap();
    let second = agency("Police DAU", vec![]);
    assert_duplicate(
        store
            .create_agency(&second, &audit(AuditAction::AgencyCreated))
            .await,
        "name",
    );
    assert_eq!(store.get_agency(second.id).await.unwrap(), None);
    assert_eq!(audit_count(&*store).await, 1);

    let other = agency("Health Centre", vec![]);
    store
        .create_agency(&other, &audit(AuditAction::AgencyCreated))
        .await
        .unwrap();
    let mut clash = other.clone();
    clash.name = "Police DAU".into();
    assert_duplicate(
        store
            .update_agency(&clash, &audit(AuditAction::AgencyUpdated))
            .await,
        "name",
    );
    assert_eq!(store.get_agency(other.id).await.unwrap(), Some(other));
    assert_eq!(audit_count(&*store).await, 2);
}

pub async fn agency_with_missing_area_writes_nothing(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let real = area("REAL", None);
    store
        .create_area(&real, &audit(AuditAction::AreaCreated))
        .await
        .unwrap();
    let ghost = agency("Ghost", vec![real.id, AreaId::new()]);
    assert_missing(
        store
            .create_agency(&ghost, &audit(AuditAction::AgencyCreated))
            .await,
        "area_ids",
    );
    assert_eq!(store.get_agency(ghost.id).await.unwrap(), None);
    assert_eq!(audit_count(&*store).await, 1);

    let fine = agency("Fine", vec![real.id]);
    store
        .create_agency(&fine, &audit(AuditAction::AgencyCreated))
        .await
        .unwrap();
    let mut broken = fine.clone();
    broken.name = "Fine but renamed".into();
    broken.area_ids = vec![AreaId::new()];
    assert_missing(
        store
            .update_agency(&broken, &audit(AuditAction::AgencyUpdated))
            .await,
        "area_ids",
    );
    assert_eq!(store.get_agency(fine.id).await.unwrap(), Some(fine));
    assert_eq!(audit_count(&*store).await, 2);
}

pub async fn agencies_page_in_name_order_with_their_areas(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let areas: Vec<AreaRow> = (0..4).map(|i| area(&format!("P{i}"), None)).collect();
    for a in &areas {
        store
            .create_area(a, &audit(AuditAction::AreaCreated))
            .await
            .unwrap();
    }
    let mut created = Vec::new();
    for i in shuffled(12) {
        let served = (0..i % 4).map(|k| areas[(i + k) % 4].id).collect();
        let a = agency(&format!("Agency {i:02}"), served);
        store
            .create_agency(&a, &audit(AuditAction::AgencyCreated))
            .await
            .unwrap();
        created.push(a);
    }
    let pages = collect_pages(5, |p| {
        let store = Arc::clone(&store);
        async move { store.list_agencies(&p).await }
    })
    .await;
    assert_eq!(pages.len(), 3);
    let listed: Vec<AgencyRow> = pages.into_iter().flatten().collect();
    created.sort_by(|a, b| a.name.cmp(&b.name));
    assert_eq!(
        listed, created,
        "every agency once, by name, with its areas"
    );
}
