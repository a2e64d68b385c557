//! Conformance cases for the audit log: events listed newest first and
//! filtered, details stored verbatim, ids never reused, and sealing into the
//! Merkle tree (in batches, all or nothing, one instance at a time).

use super::*;
use std::collections::BTreeSet;

/// This file's cases, one `#[tokio::test]` each in
/// [`conformance_tests!`](crate::conformance_tests).
#[doc(hidden)]
#[macro_export]
macro_rules! __conformance_of_audit {
    ($fresh:expr) => {
        $crate::__conformance_cases!($fresh;
            audit_events_list_newest_first_with_filters,
            audit_details_are_stored_verbatim,
            audit_events_filter_by_object,
            audit_ids_are_never_reused_after_the_newest_is_deleted,
            seal_audit_seals_in_batches,
            failed_sealing_writes_nothing,
            concurrent_sealing_never_reuses_a_position,
            instances_sharing_a_database_agree_and_seal_in_turn,
            sealing_refuses_after_checkpoints_were_removed,
        );
    };
}

/// A sealer that always fails, or returns the wrong number of leaves.
struct BrokenSealer {
    refuse: bool,
}

impl AuditSealer for BrokenSealer {
    fn seal(
        &self,
        previous: Option<&CheckpointRow>,
        events: &[AuditEventRow],
    ) -> Result<SealedBatch, String> {
        if self.refuse {
            return Err("signing key unavailable".into());
        }
        let mut batch = ConcatSealer.seal(previous, events)?;
        batch.leaf_hashes.pop();
        Ok(batch)
    }
}

/// Seals until nothing is waiting, as a background checkpointer would;
/// returns how many checkpoints this caller wrote.
async fn seal_until_done(store: Arc<dyn Store>, max_events: u32) -> usize {
    let mut written = 0;
    for _ in 0..500 {
        if store
            .seal_audit(&ConcatSealer, max_events)
            .await
            .unwrap()
            .is_some()
        {
            written += 1;
        }
        if store.count_unsealed_audit_events().await.unwrap() == 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(2)).await;
    }
    written
}

// -------------------------------------------------------------------- cases

pub async fn audit_events_list_newest_first_with_filters(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let (amina, bea) = (UserId::new(), UserId::new());
    let (shelter, police) = (AgencyId::new(), AgencyId::new());
    let actions = [AuditAction::AuditViewed, AuditAction::AccessDenied];
    for i in 0..20i64 {
        let mut event = audit(actions[(i % 2) as usize]);
        event.at = at(100 + i);
        event.actor_user_id = Some(if i % 4 < 2 { amina } else { bea });
        event.actor_agency_id = Some(if i < 10 { shelter } else { police });
        event.object_type = Some("user".into());
        event.object_id = Some(format!("object-{i}"));
        event.outcome = if i % 2 == 0 {
            AuditOutcome::Success
        } else {
            AuditOutcome::Denied
        };
        event.details = json!({ "i": i });
        store.append_audit(&event).await.unwrap();
    }
    let unfiltered = AuditFilter::default();
    let pages = collect_pages(6, |p| {
        let (store, filter) = (Arc::clone(&store), unfiltered.clone());
        async move { store.list_audit_events(&filter, &p).await }
    })
    .await;
    assert_eq!(pages.len(), 4);
    let all: Vec<AuditEventRow> = pages.into_iter().flatten().collect();
    assert_eq!(all.len(), 20);
    assert!(all.windows(2).all(|w| w[0].id > w[1].id), "newest first");
    let newest = &all[0];
    assert_eq!(newest.at, at(119));
    assert_eq!(newest.action, "access.denied");
    assert_eq!(newest.outcome, "denied");
    assert_eq!(newest.object_type.as_deref(), Some("user"));
    assert_eq!(newest.object_id.as_deref(), Some("object-19"));
    assert_eq!(newest.details, r#"{"i":19}"#);
    assert_eq!(
        (newest.tree_position, newest.leaf_hash.clone()),
        (None, None)
    );

    let matching = |filter: AuditFilter| {
        let store = Arc::clone(&store);
        async move {
            let pages = collect_pages(3, |p| {
                let (store, filter) = (Arc::clone(&store), filter.clone());
                async move { store.list_audit_events(&filter, &p).await }
            })
            .await;
            let events: Vec<AuditEventRow> = pages.into_iter().flatten().collect();
            assert!(events.windows(2).all(|w| w[0].id > w[1].id));
            events
                .iter()
                .map(|e| e.object_id.clone().unwrap())
                .collect::<Vec<_>>()
        }
    };
    let by_index =
        |is: &[i64]| -> Vec<String> { is.iter().rev().map(|i| format!("object-{i}")).collect() };
    let amina_events = matching(AuditFilter {
        actor_user_id: Some(amina),
        ..AuditFilter::default()
    })
    .await;
    assert_eq!(amina_events, by_index(&[0, 1, 4, 5, 8, 9, 12, 13, 16, 17]));
    let police_denied = matching(AuditFilter {
        agency_id: Some(police),
        action: Some("access.denied".into()),
        ..AuditFilter::default()
    })
    .await;
    assert_eq!(police_denied, by_index(&[11, 13, 15, 17, 19]));
    let window = matching(AuditFilter {
        from: Some(at(103)),
        until: Some(at(107)),
        ..AuditFilter::default()
    })
    .await;
    assert_eq!(
        window,
        by_index(&[3, 4, 5, 6]),
        "from inclusive, until exclusive"
    );
    let nobody = matching(AuditFilter {
        actor_user_id: Some(UserId::new()),
        ..AuditFilter::default()
    })
    .await;
    assert!(nobody.is_empty());
}

pub async fn audit_details_are_stored_verbatim(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let mut event = audit(AuditAction::AccessDenied);
    event.details = json!({
        "zeta": [3, 1, 2],
        "alpha": { "nested": "ünïcode \"quoted\"" },
        "n": 1.5,
        "none": null,
    });
    event.outcome = AuditOutcome::Failure;
    store.append_audit(&event).await.unwrap();
    let stored = all_audit(&*store).await.remove(0);
    assert_eq!(
        stored.details,
        serde_json::to_string(&event.details).unwrap()
    );
    assert_eq!(stored.outcome, "failure");
    assert_eq!(stored.at, event.at);
}

pub async fn audit_events_filter_by_object(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let (one, two) = (CaseId::new().to_string(), CaseId::new().to_string());
    let events = [
        ("case", &one, AuditAction::AuditViewed),
        ("case", &two, AuditAction::AuditViewed),
        ("survivor", &one, AuditAction::AuditViewed),
        ("case", &one, AuditAction::AccessDenied),
        ("case", &one, AuditAction::AuditViewed),
    ];
    for (i, (object_type, object_id, action)) in events.iter().enumerate() {
        let mut event = audit(*action);
        event.object_type = Some(object_type.to_string());
        event.object_id = Some(object_id.to_string());
        event.details = json!({ "i": i });
        store.append_audit(&event).await.unwrap();
    }
    store
        .append_audit(&audit(AuditAction::AuditViewed))
        .await
        .unwrap();
    let matching = |filter: AuditFilter| {
        let store = Arc::clone(&store);
        async move {
            collect_pages(2, |p| {
                let (store, filter) = (Arc::clone(&store), filter.clone());
                async move { store.list_audit_events(&filter, &p).await }
            })
            .await
            .into_iter()
            .flatten()
            .map(|e| e.details)
            .collect::<Vec<_>>()
        }
    };
    let about = |object_type: &str, id: &str| AuditFilter {
        object: Some((object_type.to_string(), id.to_string())),
        ..AuditFilter::default()
    };
    assert_eq!(
        matching(about("case", &one)).await,
        vec![r#"{"i":4}"#, r#"{"i":3}"#, r#"{"i":0}"#],
        "this case's events, newest first"
    );
    assert_eq!(matching(about("case", &two)).await, vec![r#"{"i":1}"#]);
    assert_eq!(matching(about("survivor", &one)).await, vec![r#"{"i":2}"#]);
    assert!(matching(about("case", "nothing")).await.is_empty());
    assert_eq!(
        matching(AuditFilter {
            action: Some("access.denied".into()),
            ..about("case", &one)
        })
        .await,
        vec![r#"{"i":3}"#]
    );
}

pub async fn audit_ids_are_never_reused_after_the_newest_is_deleted(fresh: &Fresh) {
    let f = fresh.fixture().await;
    append_events(&*f.store(), 3).await;
    assert_deleted_newest_id_is_not_reused(&f).await;
    // Also when the log was emptied altogether.
    while f.tamper(DELETE_NEWEST_EVENT).await == 1 {}
    append_events(&*f.store(), 1).await;
    assert!(all_audit(&*f.store()).await[0].id > 4);
}

pub async fn seal_audit_seals_in_batches(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    assert_eq!(store.seal_audit(&ConcatSealer, 4).await.unwrap(), None);
    append_events(&*store, 10).await;
    assert_eq!(store.count_unsealed_audit_events().await.unwrap(), 10);

    let mut sizes = Vec::new();
    while let Some(checkpoint) = store.seal_audit(&ConcatSealer, 4).await.unwrap() {
        sizes.push(checkpoint.tree_size);
    }
    assert_eq!(sizes, vec![4, 8, 10]);
    assert_eq!(store.count_unsealed_audit_events().await.unwrap(), 0);
    let sealed = check_sealed_log(&*store).await;
    assert_eq!(sealed.len(), 10);
    let checkpoints = store.list_checkpoints().await.unwrap();
    let stored_sizes: Vec<i64> = checkpoints.iter().map(|c| c.tree_size).collect();
    assert_eq!(stored_sizes, vec![4, 8, 10]);
    assert_eq!(checkpoints[1].frontier, 4i64.to_be_bytes().to_vec());
    assert_eq!(checkpoints[2].signed_at, at(8));
    // Each checkpoint keeps its batch's leaves and its proof.
    let batch: Vec<u8> = sealed[4..8]
        .iter()
        .flat_map(|e| e.id.to_be_bytes())
        .collect();
    assert_eq!(checkpoints[1].leaf_hashes, Some(batch));
    assert_eq!(
        checkpoints[1].consistency_proof.as_deref(),
        Some(&b"test proof"[..])
    );

    // Sealed events are served from any position, in position order.
    let middle = store.sealed_audit_events(5, 2).await.unwrap();
    let positions: Vec<Option<i64>> = middle.iter().map(|e| e.tree_position).collect();
    assert_eq!(positions, vec![Some(5), Some(6)]);
    assert!(store.sealed_audit_events(10, 5).await.unwrap().is_empty());

    // The newest event listed shows its seal.
    let newest = all_audit(&*store).await.remove(0);
    assert_eq!(newest.tree_position, Some(9));

    // Later events extend the same tree.
    append_events(&*store, 3).await;
    let next = store.seal_audit(&ConcatSealer, 100).await.unwrap().unwrap();
    assert_eq!(next.tree_size, 13);
    check_sealed_log(&*store).await;
}

pub async fn failed_sealing_writes_nothing(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    append_events(&*store, 5).await;
    for refuse in [true, false] {
        let result = store.seal_audit(&BrokenSealer { refuse }, 10).await;
        assert!(
            result.is_err(),
            "a broken sealer is an error, got {result:?}"
        );
        assert_eq!(store.count_unsealed_audit_events().await.unwrap(), 5);
        assert!(store.list_checkpoints().await.unwrap().is_empty());
        assert!(store.sealed_audit_events(0, 10).await.unwrap().is_empty());
    }
    let checkpoint = store.seal_audit(&ConcatSealer, 10).await.unwrap().unwrap();
    assert_eq!(checkpoint.tree_size, 5);
}

pub async fn concurrent_sealing_never_reuses_a_position(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    append_events(&*store, 40).await;
    let appender = {
        let store = Arc::clone(&store);
        tokio::spawn(async move { append_events(&*store, 20).await })
    };
    let sealers: Vec<_> = (0..6)
        .map(|_| {
            let store = Arc::clone(&store);
            tokio::spawn(async move {
                let mut sealed_here = 0;
                for _ in 0..500 {
                    if let Some(c) = store.seal_audit(&ConcatSealer, 7).await.unwrap() {
                        sealed_here += 1;
                        assert!(c.tree_size <= 60);
                    }
                    if store.count_unsealed_audit_events().await.unwrap() == 0 {
                        break;
                    }
                    tokio::time::sleep(std::time::Duration::from_millis(2)).await;
                }
                sealed_here
            })
        })
        .collect();
    appender.await.unwrap();
    let mut batches = 0;
    for sealer in sealers {
        batches += sealer.await.unwrap();
    }
    // Whatever the appender added after the sealers stopped.
    while store.seal_audit(&ConcatSealer, 7).await.unwrap().is_some() {
        batches += 1;
    }
    let sealed = check_sealed_log(&*store).await;
    assert_eq!(sealed.len(), 60);
    let ids: BTreeSet<i64> = sealed.iter().map(|e| e.id).collect();
    assert_eq!(ids.len(), 60, "no event sealed twice");
    assert_eq!(store.list_checkpoints().await.unwrap().len(), batches);
}

pub async fn instances_sharing_a_database_agree_and_seal_in_turn(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let opening: Vec<_> = (0..3).map(|_| f.another_instance()).collect();
    let mut instances = vec![f.store()];
    for instance in opening {
        instances.push(instance.await);
    }

    // What one instance writes, the others read at once: no instance caches.
    let shared = area("SHARED", None);
    instances[1]
        .create_area(&shared, &audit(AuditAction::AreaCreated))
        .await
        .unwrap();
    for instance in &instances {
        assert_eq!(
            instance.get_area(shared.id).await.unwrap(),
            Some(shared.clone())
        );
    }
    assert_duplicate(
        instances[2]
            .create_area(&area("SHARED", None), &audit(AuditAction::AreaCreated))
            .await,
        "code",
    );

    // Every instance appends and seals at the same time.
    let workers: Vec<_> = instances
        .iter()
        .map(|instance| {
            let instance = Arc::clone(instance);
            tokio::spawn(async move {
                append_events(&*instance, 10).await;
                seal_until_done(instance, 6).await
            })
        })
        .collect();
    let mut batches = 0;
    for worker in workers {
        batches += worker.await.unwrap();
    }
    while instances[3]
        .seal_audit(&ConcatSealer, 6)
        .await
        .unwrap()
        .is_some()
    {
        batches += 1;
    }
    let sealed = check_sealed_log(&*instances[0]).await;
    assert_eq!(sealed.len(), 41);
    assert_eq!(
        instances[2].list_checkpoints().await.unwrap().len(),
        batches
    );
}

/// Deleting the latest checkpoint, or every checkpoint, leaves events
/// sealed past the last one: the next seal says so and writes nothing,
/// instead of reusing their positions.
pub async fn sealing_refuses_after_checkpoints_were_removed(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    append_events(&*store, 6).await;
    while store.seal_audit(&ConcatSealer, 4).await.unwrap().is_some() {}
    append_events(&*store, 2).await;
    for (tampering, from) in [
        ("DELETE FROM checkpoints WHERE tree_size = 6", 4),
        ("DELETE FROM checkpoints", 0),
    ] {
        f.tamper(tampering).await;
        let refused = store.seal_audit(&ConcatSealer, 10).await.unwrap_err();
        assert!(
            refused
                .to_string()
                .contains(&format!("sealed at or past position {from}")),
            "{tampering}: {refused}"
        );
        assert_eq!(store.count_unsealed_audit_events().await.unwrap(), 2);
        let sealed = store.sealed_audit_events(0, 100).await.unwrap();
        assert_eq!(sealed.len(), 6, "{tampering}: nothing sealed");
    }
    assert!(store.list_checkpoints().await.unwrap().is_empty());
}
