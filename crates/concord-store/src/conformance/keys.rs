//! Conformance cases for the keys: agencies' data keys (created, listed,
//! rotated, rewrapped all or nothing) and what the master key seals
//! ([`MasterSealed`]), replaced all or nothing when it is rotated.

use super::*;

/// This file's cases, one `#[tokio::test]` each in
/// [`conformance_tests!`](crate::conformance_tests).
#[doc(hidden)]
#[macro_export]
macro_rules! __conformance_of_keys {
    ($fresh:expr) => {
        $crate::__conformance_cases!($fresh;
            data_keys_are_created_listed_and_rotated,
            rewrapping_data_keys_is_all_or_nothing,
            master_sealed_rows_are_listed_in_order,
            master_key_rotation_is_all_or_nothing,
        );
    };
}

/// What the master key seals in `world`: three data key versions of two
/// agencies, amina's confirmed second factor and bea's pending one.
async fn sealed_world(store: &dyn Store, w: &World) -> MasterSealed {
    let shelter_key = Uuid::now_v7();
    for key in [
        data_key(w.shelter(), shelter_key, 1, true),
        data_key(w.shelter(), shelter_key, 2, true),
        data_key(w.police(), Uuid::now_v7(), 1, true),
    ] {
        store
            .create_data_key(&key, &case_audit("create_data_key"))
            .await
            .unwrap();
    }
    store
        .enable_totp(
            w.amina.id,
            &sealed("amina totp"),
            7,
            &[vec![1; 32]],
            &audit(AuditAction::SecondFactorEnrolled),
        )
        .await
        .unwrap();
    store
        .set_totp_pending(w.bea.id, Some(&sealed("bea pending")))
        .await
        .unwrap();
    store.list_master_sealed().await.unwrap()
}

/// `before` with every sealed value replaced by `tag`'s.
fn resealed(before: &MasterSealed, tag: &str) -> MasterSealed {
    let mut after = before.clone();
    for key in &mut after.data_keys {
        key.wrapped = sealed(&format!("{tag} {} {}", key.key_id, key.version));
    }
    for user in &mut after.totp {
        let what = |kind: &str| sealed(&format!("{tag} {} {kind}", user.user_id));
        user.totp_secret = user.totp_secret.as_ref().map(|_| what("secret"));
        user.totp_pending_secret = user.totp_pending_secret.as_ref().map(|_| what("pending"));
    }
    after
}

// -------------------------------------------------------------------- cases

pub async fn data_keys_are_created_listed_and_rotated(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let w = world(&*store).await;
    let key_id = Uuid::now_v7();
    let v1 = data_key(w.shelter(), key_id, 1, true);
    store
        .create_data_key(&v1, &case_audit("create_data_key"))
        .await
        .unwrap();
    assert_last_case_audit(&*store, "create_data_key").await;
    assert_eq!(
        store.list_data_keys(w.shelter()).await.unwrap(),
        vec![v1.clone()]
    );

    // Rotation: the new active version retires the old one, which stays to
    // decrypt what it encrypted.
    let v2 = data_key(w.shelter(), key_id, 2, true);
    store
        .create_data_key(&v2, &case_audit("create_data_key"))
        .await
        .unwrap();
    let retired = DataKeyRow {
        active: false,
        ..v1.clone()
    };
    assert_eq!(
        store.list_data_keys(w.shelter()).await.unwrap(),
        vec![retired.clone(), v2.clone()],
        "oldest first, one active"
    );
    assert_eq!(
        store.get_data_key(key_id, 1).await.unwrap(),
        Some(retired.clone())
    );
    assert_eq!(
        store.get_data_key(key_id, 2).await.unwrap(),
        Some(v2.clone())
    );
    assert_eq!(store.get_data_key(key_id, 3).await.unwrap(), None);
    assert_eq!(store.get_data_key(Uuid::now_v7(), 1).await.unwrap(), None);

    // An inactive version retires nothing.
    let v3 = data_key(w.shelter(), key_id, 3, false);
    store
        .create_data_key(&v3, &case_audit("create_data_key"))
        .await
        .unwrap();
    let listed = store.list_data_keys(w.shelter()).await.unwrap();
    assert_eq!(listed, vec![retired, v2.clone(), v3]);

    // Other agencies' keys are their own.
    let police_key = data_key(w.police(), Uuid::now_v7(), 1, true);
    store
        .create_data_key(&police_key, &case_audit("create_data_key"))
        .await
        .unwrap();
    assert_eq!(
        store.list_data_keys(w.police()).await.unwrap(),
        vec![police_key]
    );
    assert_eq!(store.list_data_keys(w.shelter()).await.unwrap(), listed);
    assert!(store.list_data_keys(w.health()).await.unwrap().is_empty());

    let before = audit_count(&*store).await;
    let mut again = data_key(w.shelter(), key_id, 2, true);
    again.wrapped = sealed("another wrapping");
    assert_duplicate(
        store
            .create_data_key(&again, &case_audit("create_data_key"))
            .await,
        "version",
    );
    assert_missing(
        store
            .create_data_key(
                &data_key(AgencyId::new(), Uuid::now_v7(), 1, true),
                &case_audit("create_data_key"),
            )
            .await,
        "agency_id",
    );
    assert_eq!(
        store.list_data_keys(w.shelter()).await.unwrap(),
        listed,
        "v2 still active"
    );
    assert_eq!(audit_count(&*store).await, before);
}

pub async fn rewrapping_data_keys_is_all_or_nothing(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let w = world(&*store).await;
    let key_id = Uuid::now_v7();
    let keys = [
        data_key(w.shelter(), key_id, 1, false),
        data_key(w.shelter(), key_id, 2, true),
    ];
    for key in &keys {
        store
            .create_data_key(key, &case_audit("create_data_key"))
            .await
            .unwrap();
    }
    let before = audit_count(&*store).await;
    let mut half = keys.clone();
    half[0].wrapped = sealed("new master 1");
    let unknown = DataKeyRow {
        version: 9,
        ..half[1].clone()
    };
    assert_not_found(
        store
            .rewrap_data_keys(&[half[0].clone(), unknown], &case_audit("rewrap"))
            .await,
    );
    assert_eq!(
        store.list_data_keys(w.shelter()).await.unwrap(),
        keys.to_vec()
    );
    assert_eq!(audit_count(&*store).await, before);

    let mut rewrapped = keys.clone();
    rewrapped[0].wrapped = sealed("new master 1");
    rewrapped[1].wrapped = sealed("new master 2");
    // Only the wrapping changes, whatever else the rows say.
    let mut given = rewrapped.clone();
    given[0].active = true;
    given[0].created_at = at(999);
    store
        .rewrap_data_keys(&given, &case_audit("rewrap"))
        .await
        .unwrap();
    assert_last_case_audit(&*store, "rewrap").await;
    assert_eq!(
        store.list_data_keys(w.shelter()).await.unwrap(),
        rewrapped.to_vec()
    );
}

pub async fn master_sealed_rows_are_listed_in_order(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let w = world(&*store).await;
    assert_eq!(
        store.list_master_sealed().await.unwrap(),
        MasterSealed::default()
    );
    let listed = sealed_world(&*store, &w).await;
    let mut keys = store.list_data_keys(w.shelter()).await.unwrap();
    keys.extend(store.list_data_keys(w.police()).await.unwrap());
    keys.sort_by_key(|k| (k.key_id, k.version));
    assert_eq!(
        listed.data_keys, keys,
        "every key version, by key id then version"
    );
    let mut totp = vec![
        SealedTotpRow {
            user_id: w.amina.id,
            totp_secret: Some(sealed("amina totp")),
            totp_pending_secret: None,
        },
        SealedTotpRow {
            user_id: w.bea.id,
            totp_secret: None,
            totp_pending_secret: Some(sealed("bea pending")),
        },
    ];
    totp.sort_by_key(|u| u.user_id);
    assert_eq!(listed.totp, totp, "only users with a secret, by id");
}

pub async fn master_key_rotation_is_all_or_nothing(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let w = world(&*store).await;
    let before = sealed_world(&*store, &w).await;
    store.put_setting("sealed", "old value").await.unwrap();
    let settings = vec![
        SettingReseal {
            key: "sealed".into(),
            before: Some("old value".into()),
            after: Some("new value".into()),
        },
        SettingReseal {
            key: "absent".into(),
            before: None,
            after: None,
        },
    ];
    let rotation = MasterKeyRotation {
        before: before.clone(),
        after: resealed(&before, "new master"),
        settings: settings.clone(),
    };
    let audits = audit_count(&*store).await;
    let unchanged = |store: Arc<dyn Store>, before: MasterSealed| async move {
        assert_eq!(store.list_master_sealed().await.unwrap(), before);
        assert_eq!(
            store.get_setting("sealed").await.unwrap().as_deref(),
            Some("old value")
        );
        assert_eq!(store.get_setting("absent").await.unwrap(), None);
    };

    // A rotation whose rows are not the rows read is a bug: refused.
    let mut dropped = rotation.clone();
    dropped.after.data_keys.pop();
    assert!(matches!(
        store
            .rotate_master_key(&dropped, &case_audit("rotate"))
            .await,
        Err(StoreError::Backend(_))
    ));
    let mut moved = rotation.clone();
    moved.after.totp[0].user_id = w.chloe.id;
    assert!(matches!(
        store.rotate_master_key(&moved, &case_audit("rotate")).await,
        Err(StoreError::Backend(_))
    ));
    unchanged(store.clone(), before.clone()).await;

    // A setting changed since it was read: nothing is written.
    let mut stale_setting = rotation.clone();
    stale_setting.settings[0].before = Some("another value".into());
    assert_conflict(
        store
            .rotate_master_key(&stale_setting, &case_audit("rotate"))
            .await,
    );
    let mut appeared = rotation.clone();
    appeared.settings.push(SettingReseal {
        key: "appeared".into(),
        before: None,
        after: None,
    });
    store.put_setting("appeared", "now set").await.unwrap();
    assert_conflict(
        store
            .rotate_master_key(&appeared, &case_audit("rotate"))
            .await,
    );
    unchanged(store.clone(), before.clone()).await;
    assert_eq!(audit_count(&*store).await, audits);

    // A second factor enrolled since the rows were read: the same.
    store
        .set_totp_pending(w.chloe.id, Some(&sealed("chloe pending")))
        .await
        .unwrap();
    assert_conflict(
        store
            .rotate_master_key(&rotation, &case_audit("rotate"))
            .await,
    );
    store.set_totp_pending(w.chloe.id, None).await.unwrap();
    // And a secret replaced since.
    store
        .set_totp_pending(w.bea.id, Some(&sealed("bea pending again")))
        .await
        .unwrap();
    assert_conflict(
        store
            .rotate_master_key(&rotation, &case_audit("rotate"))
            .await,
    );
    store
        .set_totp_pending(w.bea.id, Some(&sealed("bea pending")))
        .await
        .unwrap();
    unchanged(store.clone(), before.clone()).await;
    assert_eq!(audit_count(&*store).await, audits);

    // A data key created since (by an instance still on the old master
    // key): nothing is written, or that key would be lost.
    let late = data_key(w.health(), Uuid::now_v7(), 1, true);
    store
        .create_data_key(&late, &case_audit("create_data_key"))
        .await
        .unwrap();
    let audits = audit_count(&*store).await;
    assert_conflict(
        store
            .rotate_master_key(&rotation, &case_audit("rotate"))
            .await,
    );
    let mut before = before.clone();
    before.data_keys.push(late.clone());
    before.data_keys.sort_by_key(|k| (k.key_id, k.version));
    unchanged(store.clone(), before.clone()).await;
    assert_eq!(audit_count(&*store).await, audits);
    let rotation = MasterKeyRotation {
        before: before.clone(),
        after: resealed(&before, "new master"),
        settings,
    };

    // As read: every sealed value is replaced together with its audit
    // event, and nothing else changes.
    store
        .rotate_master_key(&rotation, &case_audit("rotate"))
        .await
        .unwrap();
    assert_last_case_audit(&*store, "rotate").await;
    assert_eq!(store.list_master_sealed().await.unwrap(), rotation.after);
    assert_eq!(
        store.get_setting("sealed").await.unwrap().as_deref(),
        Some("new value")
    );
    assert_eq!(store.get_setting("absent").await.unwrap(), None);
    let amina = store.get_user(w.amina.id).await.unwrap().unwrap();
    assert_eq!(amina.totp_last_step, Some(7));
    assert_eq!(
        store.count_unused_recovery_codes(w.amina.id).await.unwrap(),
        1
    );
    assert!(store.list_data_keys(w.shelter()).await.unwrap()[1].active);
    // The same rotation again is stale now.
    assert_conflict(
        store
            .rotate_master_key(&rotation, &case_audit("rotate"))
            .await,
    );
}
