//! Conformance cases for the whole-database copy: every table counted, in
//! the order of [`TABLES`]; export then import gives an equal copy; imported
//! audit ids are never reused; a store that is not empty refuses an import.

use super::*;

/// This file's cases, one `#[tokio::test]` each in
/// [`conformance_tests!`](crate::conformance_tests).
#[doc(hidden)]
#[macro_export]
macro_rules! __conformance_of_copy {
    ($fresh:expr) => {
        $crate::__conformance_cases!($fresh;
            table_counts_name_every_table,
            export_then_import_gives_an_equal_copy,
            imported_audit_ids_are_never_reused,
            import_into_a_non_empty_store_is_refused,
        );
    };
}

/// The fixed list of tables every engine reports, in this order.
pub const TABLES: [&str; 48] = [
    "settings",
    "areas",
    "agencies",
    "agency_areas",
    "users",
    "user_roles",
    "recovery_codes",
    "sessions",
    "api_tokens",
    "sign_in_failures",
    "bodies",
    "audit_events",
    "checkpoints",
    "data_keys",
    "case_settings",
    "survivors",
    "cases",
    "incidents",
    "consents",
    "sharings",
    "break_glass",
    "notes",
    "note_versions",
    "goals",
    "safety_plans",
    "tasks",
    "body_members",
    "body_subgroups",
    "meetings",
    "meeting_attendance",
    "actions",
    "action_reviews",
    "instruments",
    "instrument_versions",
    "instrument_documents",
    "instrument_signatories",
    "instrument_consultations",
    "assessment_rounds",
    "assessment_answers",
    "dir_terms",
    "dir_organizations",
    "dir_locations",
    "dir_services",
    "dir_service_areas",
    "dir_service_at_location",
    "referrals",
    "referral_steps",
    "referral_notifications",
];

/// A store with rows in every table.
async fn populate(store: &dyn Store) {
    store.put_setting("demo.seeded", "yes").await.unwrap();
    let amina = with_user(store, "amina").await;
    let bea = with_user(store, "bea").await;
    let child = area("R-AMINA-1", Some(amina_area(store, &amina).await));
    store
        .create_area(&child, &audit(AuditAction::AreaCreated))
        .await
        .unwrap();
    let codes = vec![vec![1u8; 32], vec![2u8; 32]];
    store
        .enable_totp(
            amina.id,
            b"secret",
            9,
            &codes,
            &audit(AuditAction::SecondFactorEnrolled),
        )
        .await
        .unwrap();
    store
        .use_recovery_code(
            amina.id,
            &codes[0],
            at(70),
            &audit(AuditAction::RecoveryCodeUsed),
        )
        .await
        .unwrap();
    let live = session(amina.id, 71);
    let gone = session(bea.id, 72);
    for s in [&live, &gone] {
        store
            .create_session(s, &audit(AuditAction::SignInSucceeded))
            .await
            .unwrap();
    }
    store
        .revoke_session(bea.id, gone.id, at(73), &audit(AuditAction::SessionRevoked))
        .await
        .unwrap();
    let token = api_token(amina.id, 74);
    store
        .create_api_token(&token, &audit(AuditAction::ApiTokenCreated))
        .await
        .unwrap();
    store.touch_api_token(token.id, at(75)).await.unwrap();
    store
        .register_sign_in_attempt(&attempt(b"account", b"address", 76), at(0))
        .await
        .unwrap();
    store
        .append_audit(&audit(AuditAction::SignInFailed))
        .await
        .unwrap();
    let national = body(
        "Council",
        BodyLevel::National,
        child.parent_id.unwrap(),
        None,
    );
    let local = body("Forum", BodyLevel::Local, child.id, Some(national.id));
    for b in [&national, &local] {
        store
            .create_body(b, &audit(AuditAction::CoordinationBodyCreated))
            .await
            .unwrap();
    }
    cases::populate_cases(store, &amina, &bea).await;
    risk::populate_risk(store, &amina, &bea).await;
    governance::populate_governance(store, &amina).await;
    referrals::populate_referrals(store, &amina, &bea).await;
    service_directory::populate_directory_history(store, &amina, &bea).await;
    account_recovery::populate_account_recovery(store, &amina, &bea).await;
    justice::populate_justice(store, &amina, &bea).await;
    protection::populate_protection(store, &amina, &bea).await;
    deaths::populate_deaths(store, &amina).await;
    statistics_releases::populate_statistics_releases(store, &amina, &bea).await;
    store.seal_audit(&ConcatSealer, 5).await.unwrap();
    store.seal_audit(&ConcatSealer, 5).await.unwrap();
    append_events(store, 2).await;
}

// -------------------------------------------------------------------- cases

pub async fn table_counts_name_every_table(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let counts = store.table_counts().await.unwrap();
    let names: Vec<&str> = counts.iter().map(|(name, _)| name.as_str()).collect();
    let expected: Vec<&str> = TABLES
        .iter()
        .chain(crate::risk::RISK_TABLES.iter())
        .chain(crate::service_directory::DIRECTORY_HISTORY_TABLES.iter())
        .chain(crate::account_recovery::ACCOUNT_RECOVERY_TABLES.iter())
        .chain(crate::justice::JUSTICE_TABLES.iter())
        .chain(crate::protection::PROTECTION_TABLES.iter())
        .chain(crate::deaths::DEATH_TABLES.iter())
        .chain(crate::homicide_review::REVIEW_TABLES.iter())
        .chain(crate::statistics_releases::STATISTICS_RELEASE_TABLES.iter())
        .chain(crate::statistics::STATISTICS_SUMMARY_TABLES.iter())
        .copied()
        .collect();
    assert_eq!(names, expected);
    assert!(
        counts.iter().all(|(_, n)| *n == 0),
        "a fresh store is empty"
    );
    with_user(&*store, "amina").await;
    let counts: Vec<(String, i64)> = store.table_counts().await.unwrap();
    let count_of = |table: &str| counts.iter().find(|(n, _)| n == table).unwrap().1;
    assert_eq!(count_of("areas"), 1);
    assert_eq!(count_of("agency_areas"), 1);
    assert_eq!(count_of("users"), 1);
    assert_eq!(count_of("user_roles"), 1);
    assert_eq!(count_of("audit_events"), 3);
}

pub async fn export_then_import_gives_an_equal_copy(fresh: &Fresh) {
    let source = fresh.fixture().await;
    populate(&*source.store()).await;
    let dump = source.store().export_all().await.unwrap();
    assert_eq!(dump.settings.len(), 1);
    assert!(dump.recovery_codes.iter().any(|c| c.used_at.is_some()));
    assert!(dump.audit_events.iter().any(|e| e.tree_position.is_some()));
    assert!(dump.audit_events.iter().any(|e| e.tree_position.is_none()));
    assert_eq!(dump.checkpoints.len(), 2);
    let empty: Vec<String> = source
        .store()
        .table_counts()
        .await
        .unwrap()
        .into_iter()
        .filter(|(_, n)| *n == 0)
        .map(|(table, _)| table)
        .collect();
    assert!(
        empty.is_empty(),
        "populate leaves no table empty: {empty:?}"
    );
    assert!(dump.cases.data_keys.iter().any(|k| !k.active));
    assert!(dump.cases.consents.iter().any(|k| k.withdrawn_at.is_some()));
    assert!(
        dump.cases
            .break_glass
            .iter()
            .any(|g| g.reviewed_at.is_some())
    );

    let target = fresh.fixture().await;
    let copy = target.store();
    copy.import_all(&dump).await.unwrap();
    assert_eq!(copy.export_all().await.unwrap(), dump);
    assert_eq!(
        copy.table_counts().await.unwrap(),
        source.store().table_counts().await.unwrap()
    );

    // The copy goes on working: new events come after the copied ones,
    // sealing extends the copied tree and uniqueness still holds.
    let highest = dump.audit_events.iter().map(|e| e.id).max().unwrap();
    append_events(&*copy, 1).await;
    let newest = all_audit(&*copy).await.remove(0);
    assert!(newest.id > highest, "new ids follow the imported ones");
    while copy.seal_audit(&ConcatSealer, 100).await.unwrap().is_some() {}
    let sealed = check_sealed_log(&*copy).await;
    assert_eq!(sealed.len(), dump.audit_events.len() + 1);
    assert_duplicate(
        copy.create_area(
            &area(&dump.areas[0].code, None),
            &audit(AuditAction::AreaCreated),
        )
        .await,
        "code",
    );
}

pub async fn imported_audit_ids_are_never_reused(fresh: &Fresh) {
    let source = fresh.fixture().await;
    populate(&*source.store()).await;
    let dump = source.store().export_all().await.unwrap();
    let highest = dump.audit_events.iter().map(|e| e.id).max().unwrap();

    let target = fresh.fixture().await;
    target.store().import_all(&dump).await.unwrap();
    assert_eq!(all_audit(&*target.store()).await[0].id, highest);
    // The engine's id counter must have moved past the imported ids.
    assert_deleted_newest_id_is_not_reused(&target).await;
}

pub async fn import_into_a_non_empty_store_is_refused(fresh: &Fresh) {
    let source = fresh.fixture().await;
    populate(&*source.store()).await;
    let dump = source.store().export_all().await.unwrap();

    let target = fresh.fixture().await;
    let store = target.store();
    store.put_setting("already", "here").await.unwrap();
    let before = store.table_counts().await.unwrap();
    match store.import_all(&dump).await {
        Err(StoreError::NotEmpty) => {}
        other => panic!("expected NotEmpty, got {other:?}"),
    }
    assert_eq!(store.table_counts().await.unwrap(), before);

    // A store that already imported is not empty either.
    let again = fresh.fixture().await;
    again.store().import_all(&dump).await.unwrap();
    match again.store().import_all(&dump).await {
        Err(StoreError::NotEmpty) => {}
        other => panic!("expected NotEmpty, got {other:?}"),
    }
}
