//! Conformance cases for accounts: users and their roles, passwords, second
//! factors and recovery codes; sessions; API tokens; sign-in attempts
//! counted for throttling; and purging expired sessions and attempts.

use super::*;
use std::collections::BTreeSet;

/// This file's cases, one `#[tokio::test]` each in
/// [`conformance_tests!`](crate::conformance_tests).
#[doc(hidden)]
#[macro_export]
macro_rules! __conformance_of_accounts {
    ($fresh:expr) => {
        $crate::__conformance_cases!($fresh;
            users_are_created_found_and_updated,
            a_users_email_is_set_and_cleared,
            a_users_language_is_saved_and_cleared,
            agency_administrators_are_counted_active_and_all,
            only_an_agency_without_administrators_is_onboarded,
            concurrent_onboardings_of_one_agency_make_one_administrator,
            duplicate_username_writes_nothing,
            user_with_missing_agency_writes_nothing,
            users_page_in_username_order_and_filter_by_agency,
            disabling_a_user_revokes_sessions_and_tokens,
            set_password_replaces_hash_and_revokes_sessions_and_tokens,
            totp_enrolment_and_removal,
            disabling_totp_revokes_sessions_and_tokens,
            claim_totp_step_refuses_used_and_earlier_steps,
            concurrent_claims_of_one_step_accept_it_once,
            recovery_codes_are_one_time,
            sessions_are_created_touched_listed_and_revoked,
            replace_session_rotates_only_a_live_session,
            revoke_all_sessions_spares_other_users,
            api_tokens_are_created_listed_and_revoked,
            sign_in_attempts_are_counted_including_the_new_one,
            sign_in_attempts_are_counted_by_window,
            clearing_an_account_removes_its_attempts,
            concurrent_attempts_on_one_account_are_counted_one_by_one,
            purge_expired_deletes_exactly_the_dead_rows,
        );
    };
}

pub async fn users_are_created_found_and_updated(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let mut amina = with_user(&*store, "amina").await;
    assert_last_audit(&*store, AuditAction::UserCreated).await;
    assert_eq!(store.get_user(amina.id).await.unwrap(), Some(amina.clone()));
    assert_eq!(
        store.find_user_by_username("amina").await.unwrap(),
        Some(amina.clone())
    );
    assert_eq!(store.find_user_by_username("nobody").await.unwrap(), None);
    assert_eq!(store.get_user(UserId::new()).await.unwrap(), None);

    let roles = vec![Role::AgencyAdministrator, Role::Supervisor, Role::Analyst];
    store
        .update_user_profile(
            amina.id,
            "Amina K.",
            &roles,
            &audit(AuditAction::UserUpdated),
        )
        .await
        .unwrap();
    assert_last_audit(&*store, AuditAction::UserUpdated).await;
    amina.display_name = "Amina K.".into();
    amina.roles = roles;
    assert_eq!(store.get_user(amina.id).await.unwrap(), Some(amina.clone()));

    // A demo account with every optional field set round-trips too.
    let mut demo = user(amina.agency_id, "demo.admin");
    demo.demo_account = true;
    demo.active = false;
    demo.roles = Role::ALL.to_vec();
    demo.totp_secret = Some(vec![1, 2, 3]);
    demo.totp_pending_secret = Some(vec![4, 5]);
    demo.totp_last_step = Some(58_000_000);
    demo.password_changed_at = at(77);
    store
        .create_user(&demo, &audit(AuditAction::UserCreated))
        .await
        .unwrap();
    assert_eq!(store.get_user(demo.id).await.unwrap(), Some(demo));

    let before = audit_count(&*store).await;
    assert_not_found(
        store
            .update_user_profile(UserId::new(), "x", &[], &audit(AuditAction::UserUpdated))
            .await,
    );
    assert_eq!(audit_count(&*store).await, before);
}

pub async fn a_users_email_is_set_and_cleared(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let mut amina = user(with_user(&*store, "amina").await.agency_id, "amina.k");
    amina.email = Some("amina@shelter.example".into());
    store
        .create_user(&amina, &audit(AuditAction::UserCreated))
        .await
        .unwrap();
    assert_eq!(store.get_user(amina.id).await.unwrap(), Some(amina.clone()));
    store
        .set_user_email(
            amina.id,
            Some("a.k@shelter.example"),
            &audit(AuditAction::UserUpdated),
        )
        .await
        .unwrap();
    assert_last_audit(&*store, AuditAction::UserUpdated).await;
    let stored = store.get_user(amina.id).await.unwrap().unwrap();
    assert_eq!(stored.email.as_deref(), Some("a.k@shelter.example"));
    store
        .set_user_email(amina.id, None, &audit(AuditAction::UserUpdated))
        .await
        .unwrap();
    assert_eq!(store.get_user(amina.id).await.unwrap().unwrap().email, None);

    let before = audit_count(&*store).await;
    assert_not_found(
        store
            .set_user_email(
                UserId::new(),
                Some("x@y.example"),
                &audit(AuditAction::UserUpdated),
            )
            .await,
    );
    assert_eq!(audit_count(&*store).await, before);
}

pub async fn a_users_language_is_saved_and_cleared(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let amina = with_user(&*store, "amina").await;
    assert_eq!(store.user_language(amina.id).await.unwrap(), None);
    store
        .set_user_language(amina.id, Some("ar"), &audit(AuditAction::UserUpdated))
        .await
        .unwrap();
    assert_last_audit(&*store, AuditAction::UserUpdated).await;
    assert_eq!(
        store.user_language(amina.id).await.unwrap().as_deref(),
        Some("ar")
    );
    // Her other details are untouched.
    assert_eq!(store.get_user(amina.id).await.unwrap(), Some(amina.clone()));
    store
        .set_user_language(amina.id, None, &audit(AuditAction::UserUpdated))
        .await
        .unwrap();
    assert_eq!(store.user_language(amina.id).await.unwrap(), None);

    let before = audit_count(&*store).await;
    let nobody = UserId::new();
    assert_not_found(
        store
            .set_user_language(nobody, Some("fr"), &audit(AuditAction::UserUpdated))
            .await,
    );
    assert_not_found(store.user_language(nobody).await);
    assert_eq!(audit_count(&*store).await, before);
}

fn administrator(agency: AgencyId, username: &str, active: bool) -> UserRow {
    UserRow {
        roles: vec![Role::AgencyAdministrator, Role::Analyst],
        active,
        ..user(agency, username)
    }
}

pub async fn agency_administrators_are_counted_active_and_all(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let amina = with_user(&*store, "amina").await;
    let agency = amina.agency_id;
    let other = with_user(&*store, "other").await.agency_id;
    assert_eq!(
        store.count_agency_administrators(agency).await.unwrap(),
        (0, 0)
    );
    for (username, active) in [("one", true), ("two", false), ("three", true)] {
        store
            .create_user(
                &administrator(agency, username, active),
                &audit(AuditAction::UserCreated),
            )
            .await
            .unwrap();
    }
    store
        .create_user(
            &administrator(other, "elsewhere", true),
            &audit(AuditAction::UserCreated),
        )
        .await
        .unwrap();
    assert_eq!(
        store.count_agency_administrators(agency).await.unwrap(),
        (2, 3)
    );
    assert_eq!(
        store.count_agency_administrators(other).await.unwrap(),
        (1, 1)
    );
    assert_eq!(
        store
            .count_agency_administrators(AgencyId::new())
            .await
            .unwrap(),
        (0, 0)
    );
}

pub async fn only_an_agency_without_administrators_is_onboarded(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let agency = with_user(&*store, "amina").await.agency_id;
    let first = administrator(agency, "first.admin", true);
    assert!(
        store
            .create_first_agency_administrator(&first, &audit(AuditAction::UserCreated))
            .await
            .unwrap()
    );
    assert_last_audit(&*store, AuditAction::UserCreated).await;
    assert_eq!(store.get_user(first.id).await.unwrap(), Some(first.clone()));

    // A second one is not onboarding, and neither is one after the first
    // was disabled: nothing is written.
    let before = audit_count(&*store).await;
    let second = administrator(agency, "second.admin", true);
    assert!(
        !store
            .create_first_agency_administrator(&second, &audit(AuditAction::UserCreated))
            .await
            .unwrap()
    );
    store
        .set_user_active(first.id, false, at(9), &audit(AuditAction::UserDisabled))
        .await
        .unwrap();
    let before_disabled = audit_count(&*store).await;
    assert_eq!(before_disabled, before + 1);
    assert!(
        !store
            .create_first_agency_administrator(&second, &audit(AuditAction::UserCreated))
            .await
            .unwrap()
    );
    assert_eq!(audit_count(&*store).await, before_disabled);
    assert_eq!(store.get_user(second.id).await.unwrap(), None);

    let stray = administrator(AgencyId::new(), "stray.admin", true);
    assert_missing(
        store
            .create_first_agency_administrator(&stray, &audit(AuditAction::UserCreated))
            .await,
        "agency_id",
    );
    assert_eq!(audit_count(&*store).await, before_disabled);
}

pub async fn concurrent_onboardings_of_one_agency_make_one_administrator(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let agency = with_user(&*store, "amina").await.agency_id;
    let attempts: Vec<_> = (0..6)
        .map(|n| {
            let store = Arc::clone(&store);
            tokio::spawn(async move {
                store
                    .create_first_agency_administrator(
                        &administrator(agency, &format!("admin.{n}"), true),
                        &audit(AuditAction::UserCreated),
                    )
                    .await
                    .unwrap()
            })
        })
        .collect();
    let mut made = 0;
    for attempt in attempts {
        made += usize::from(attempt.await.unwrap());
    }
    assert_eq!(made, 1, "one agency, one first administrator");
    assert_eq!(
        store.count_agency_administrators(agency).await.unwrap(),
        (1, 1)
    );
}

pub async fn duplicate_username_writes_nothing(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let amina = with_user(&*store, "amina").await;
    let before = audit_count(&*store).await;
    let twin = user(amina.agency_id, "amina");
    assert_duplicate(
        store
            .create_user(&twin, &audit(AuditAction::UserCreated))
            .await,
        "username",
    );
    assert_eq!(store.get_user(twin.id).await.unwrap(), None);
    assert_eq!(audit_count(&*store).await, before);
}

pub async fn user_with_missing_agency_writes_nothing(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let stray = user(AgencyId::new(), "stray");
    assert_missing(
        store
            .create_user(&stray, &audit(AuditAction::UserCreated))
            .await,
        "agency_id",
    );
    assert_eq!(store.get_user(stray.id).await.unwrap(), None);
    assert_eq!(store.find_user_by_username("stray").await.unwrap(), None);
    assert_eq!(audit_count(&*store).await, 0);
}

pub async fn users_page_in_username_order_and_filter_by_agency(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let first = agency("First", vec![]);
    let second = agency("Second", vec![]);
    for a in [&first, &second] {
        store
            .create_agency(a, &audit(AuditAction::AgencyCreated))
            .await
            .unwrap();
    }
    let mut everyone = Vec::new();
    for i in shuffled(13) {
        let home = if i % 3 == 0 { &second } else { &first };
        let mut u = user(home.id, &format!("user{i:02}"));
        u.roles = vec![Role::Caseworker, Role::Supervisor];
        store
            .create_user(&u, &audit(AuditAction::UserCreated))
            .await
            .unwrap();
        everyone.push(u);
    }
    everyone.sort_by(|a, b| a.username.cmp(&b.username));

    let pages = collect_pages(4, |p| {
        let store = Arc::clone(&store);
        async move { store.list_users(None, &p).await }
    })
    .await;
    assert_eq!(pages.len(), 4);
    let listed: Vec<UserRow> = pages.into_iter().flatten().collect();
    assert_eq!(listed, everyone, "every user once, by username, with roles");

    let pages = collect_pages(2, |p| {
        let store = Arc::clone(&store);
        async move { store.list_users(Some(second.id), &p).await }
    })
    .await;
    let listed: Vec<UserRow> = pages.into_iter().flatten().collect();
    let expected: Vec<UserRow> = everyone
        .into_iter()
        .filter(|u| u.agency_id == second.id)
        .collect();
    assert_eq!(expected.len(), 5);
    assert_eq!(listed, expected);
}

pub async fn disabling_a_user_revokes_sessions_and_tokens(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let amina = with_user(&*store, "amina").await;
    let sessions = [session(amina.id, 10), session(amina.id, 11)];
    for s in &sessions {
        store
            .create_session(s, &audit(AuditAction::SignInSucceeded))
            .await
            .unwrap();
    }
    let token = api_token(amina.id, 12);
    store
        .create_api_token(&token, &audit(AuditAction::ApiTokenCreated))
        .await
        .unwrap();

    store
        .set_user_active(amina.id, false, at(20), &audit(AuditAction::UserDisabled))
        .await
        .unwrap();
    assert_last_audit(&*store, AuditAction::UserDisabled).await;
    assert!(!store.get_user(amina.id).await.unwrap().unwrap().active);
    for s in &sessions {
        let got = store.get_session(&s.token_hash).await.unwrap().unwrap();
        assert_eq!(got.revoked_at, Some(at(20)));
    }
    assert!(store.list_sessions(amina.id).await.unwrap().is_empty());
    let got = store
        .find_api_token(&token.token_hash)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(got.revoked_at, Some(at(20)));

    // Enabling again restores the account but not what was revoked.
    store
        .set_user_active(amina.id, true, at(30), &audit(AuditAction::UserEnabled))
        .await
        .unwrap();
    assert!(store.get_user(amina.id).await.unwrap().unwrap().active);
    assert!(store.list_sessions(amina.id).await.unwrap().is_empty());
    let got = store
        .find_api_token(&token.token_hash)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(got.revoked_at, Some(at(20)));

    let before = audit_count(&*store).await;
    assert_not_found(
        store
            .set_user_active(
                UserId::new(),
                false,
                at(40),
                &audit(AuditAction::UserDisabled),
            )
            .await,
    );
    assert_eq!(audit_count(&*store).await, before);
}

pub async fn set_password_replaces_hash_and_revokes_sessions_and_tokens(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let amina = with_user(&*store, "amina").await;
    let bea = with_user(&*store, "bea").await;
    let s = session(amina.id, 10);
    store
        .create_session(&s, &audit(AuditAction::SignInSucceeded))
        .await
        .unwrap();
    let (live, revoked_before, hers) = (
        api_token(amina.id, 11),
        api_token(amina.id, 12),
        api_token(bea.id, 13),
    );
    for t in [&live, &revoked_before, &hers] {
        store
            .create_api_token(t, &audit(AuditAction::ApiTokenCreated))
            .await
            .unwrap();
    }
    store
        .revoke_api_token(
            amina.id,
            revoked_before.id,
            at(14),
            &audit(AuditAction::ApiTokenRevoked),
        )
        .await
        .unwrap();
    store
        .set_password(
            amina.id,
            "$argon2id$new",
            at(50),
            &audit(AuditAction::PasswordChanged),
        )
        .await
        .unwrap();
    assert_last_audit(&*store, AuditAction::PasswordChanged).await;
    let got = store.get_user(amina.id).await.unwrap().unwrap();
    assert_eq!(got.password_hash, "$argon2id$new");
    assert_eq!(got.password_changed_at, at(50));
    let got = store.get_session(&s.token_hash).await.unwrap().unwrap();
    assert_eq!(got.revoked_at, Some(at(50)));
    let revoked_at = |token: &ApiTokenRow| {
        let (store, hash) = (Arc::clone(&store), token.token_hash.clone());
        async move {
            let got = store.find_api_token(&hash).await.unwrap().unwrap();
            got.revoked_at
        }
    };
    assert_eq!(revoked_at(&live).await, Some(at(50)), "tokens revoked too");
    assert_eq!(
        revoked_at(&revoked_before).await,
        Some(at(14)),
        "an earlier revocation stays as it was"
    );
    assert_eq!(revoked_at(&hers).await, None, "other users' tokens stay");

    let before = audit_count(&*store).await;
    assert_not_found(
        store
            .set_password(
                UserId::new(),
                "x",
                at(51),
                &audit(AuditAction::PasswordReset),
            )
            .await,
    );
    assert_eq!(audit_count(&*store).await, before);
}

pub async fn totp_enrolment_and_removal(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let amina = with_user(&*store, "amina").await;
    store
        .set_totp_pending(amina.id, Some(&b"pending secret"[..]))
        .await
        .unwrap();
    let got = store.get_user(amina.id).await.unwrap().unwrap();
    assert_eq!(
        got.totp_pending_secret.as_deref(),
        Some(&b"pending secret"[..])
    );
    assert_eq!(got.totp_secret, None);

    let codes: Vec<Vec<u8>> = (0u8..10).map(|i| vec![i; 32]).collect();
    store
        .enable_totp(
            amina.id,
            b"pending secret",
            1_000,
            &codes,
            &audit(AuditAction::SecondFactorEnrolled),
        )
        .await
        .unwrap();
    assert_last_audit(&*store, AuditAction::SecondFactorEnrolled).await;
    let got = store.get_user(amina.id).await.unwrap().unwrap();
    assert_eq!(got.totp_secret.as_deref(), Some(&b"pending secret"[..]));
    assert_eq!(got.totp_pending_secret, None);
    assert_eq!(got.totp_last_step, Some(1_000));
    assert_eq!(
        store.count_unused_recovery_codes(amina.id).await.unwrap(),
        10
    );
    // The enrolment step counts as used.
    assert!(!store.claim_totp_step(amina.id, 1_000).await.unwrap());

    store.set_totp_pending(amina.id, None).await.unwrap();
    store
        .disable_totp(amina.id, at(30), &audit(AuditAction::SecondFactorRemoved))
        .await
        .unwrap();
    assert_last_audit(&*store, AuditAction::SecondFactorRemoved).await;
    let got = store.get_user(amina.id).await.unwrap().unwrap();
    assert_eq!(got.totp_secret, None);
    assert_eq!(got.totp_pending_secret, None);
    assert_eq!(
        store.count_unused_recovery_codes(amina.id).await.unwrap(),
        0
    );

    assert_not_found(store.set_totp_pending(UserId::new(), None).await);
    assert_not_found(
        store
            .enable_totp(
                UserId::new(),
                b"s",
                1,
                &[],
                &audit(AuditAction::SecondFactorEnrolled),
            )
            .await,
    );
    let before = audit_count(&*store).await;
    assert_not_found(
        store
            .disable_totp(
                UserId::new(),
                at(31),
                &audit(AuditAction::SecondFactorRemoved),
            )
            .await,
    );
    assert_eq!(audit_count(&*store).await, before);
}

pub async fn disabling_totp_revokes_sessions_and_tokens(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let amina = with_user(&*store, "amina").await;
    let bea = with_user(&*store, "bea").await;
    store
        .enable_totp(
            amina.id,
            b"secret",
            1,
            &[vec![7u8; 32]],
            &audit(AuditAction::SecondFactorEnrolled),
        )
        .await
        .unwrap();
    let mine = [session(amina.id, 10), session(amina.id, 11)];
    let hers = session(bea.id, 12);
    for s in mine.iter().chain([&hers]) {
        store
            .create_session(s, &audit(AuditAction::SignInSucceeded))
            .await
            .unwrap();
    }
    let my_token = api_token(amina.id, 13);
    let her_token = api_token(bea.id, 14);
    for t in [&my_token, &her_token] {
        store
            .create_api_token(t, &audit(AuditAction::ApiTokenCreated))
            .await
            .unwrap();
    }
    let before = audit_count(&*store).await;

    store
        .disable_totp(amina.id, at(40), &audit(AuditAction::SecondFactorRemoved))
        .await
        .unwrap();
    assert_eq!(audit_count(&*store).await, before + 1, "one audit event");
    assert_last_audit(&*store, AuditAction::SecondFactorRemoved).await;
    let got = store.get_user(amina.id).await.unwrap().unwrap();
    assert_eq!(got.totp_secret, None);
    assert_eq!(got.totp_last_step, Some(1), "the last step is kept");
    for s in &mine {
        let got = store.get_session(&s.token_hash).await.unwrap().unwrap();
        assert_eq!(got.revoked_at, Some(at(40)));
    }
    assert!(store.list_sessions(amina.id).await.unwrap().is_empty());
    let got = store
        .find_api_token(&my_token.token_hash)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(got.revoked_at, Some(at(40)));

    // Another user's sessions and tokens are left alone.
    assert_eq!(store.list_sessions(bea.id).await.unwrap(), vec![hers]);
    let got = store
        .find_api_token(&her_token.token_hash)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(got.revoked_at, None);
}

pub async fn claim_totp_step_refuses_used_and_earlier_steps(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let amina = with_user(&*store, "amina").await;
    assert!(store.claim_totp_step(amina.id, 500).await.unwrap());
    assert!(
        !store.claim_totp_step(amina.id, 500).await.unwrap(),
        "used step"
    );
    assert!(
        !store.claim_totp_step(amina.id, 499).await.unwrap(),
        "earlier step"
    );
    assert!(store.claim_totp_step(amina.id, 501).await.unwrap());
    assert_eq!(
        store
            .get_user(amina.id)
            .await
            .unwrap()
            .unwrap()
            .totp_last_step,
        Some(501)
    );
    assert_not_found(store.claim_totp_step(UserId::new(), 1).await);
}

pub async fn concurrent_claims_of_one_step_accept_it_once(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let amina = with_user(&*store, "amina").await;
    let claims: Vec<_> = (0..8)
        .map(|_| {
            let store = Arc::clone(&store);
            tokio::spawn(async move { store.claim_totp_step(amina.id, 7_000).await.unwrap() })
        })
        .collect();
    let mut accepted = 0;
    for claim in claims {
        accepted += usize::from(claim.await.unwrap());
    }
    assert_eq!(accepted, 1, "one code, one acceptance");
}

pub async fn recovery_codes_are_one_time(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let amina = with_user(&*store, "amina").await;
    let codes: Vec<Vec<u8>> = (0u8..3).map(|i| vec![i; 32]).collect();
    store
        .enable_totp(
            amina.id,
            b"secret",
            1,
            &codes,
            &audit(AuditAction::SecondFactorEnrolled),
        )
        .await
        .unwrap();

    let used = store
        .use_recovery_code(
            amina.id,
            &codes[1],
            at(60),
            &audit(AuditAction::RecoveryCodeUsed),
        )
        .await
        .unwrap();
    assert!(used);
    assert_last_audit(&*store, AuditAction::RecoveryCodeUsed).await;
    assert_eq!(
        store.count_unused_recovery_codes(amina.id).await.unwrap(),
        2
    );

    let before = audit_count(&*store).await;
    let again = store
        .use_recovery_code(
            amina.id,
            &codes[1],
            at(61),
            &audit(AuditAction::RecoveryCodeUsed),
        )
        .await
        .unwrap();
    assert!(!again, "a recovery code works once");
    let unknown = store
        .use_recovery_code(
            amina.id,
            &[9; 32],
            at(62),
            &audit(AuditAction::RecoveryCodeUsed),
        )
        .await
        .unwrap();
    assert!(!unknown);
    assert_eq!(audit_count(&*store).await, before, "refusals write nothing");

    // Another user's code is not this user's.
    let bea = with_user(&*store, "bea").await;
    let not_hers = store
        .use_recovery_code(
            bea.id,
            &codes[0],
            at(63),
            &audit(AuditAction::RecoveryCodeUsed),
        )
        .await
        .unwrap();
    assert!(!not_hers);

    // Enrolling again replaces the codes: the old ones stop working.
    let fresh_codes = vec![vec![42u8; 32]];
    store
        .enable_totp(
            amina.id,
            b"secret 2",
            2,
            &fresh_codes,
            &audit(AuditAction::SecondFactorEnrolled),
        )
        .await
        .unwrap();
    assert_eq!(
        store.count_unused_recovery_codes(amina.id).await.unwrap(),
        1
    );
    let old = store
        .use_recovery_code(
            amina.id,
            &codes[0],
            at(64),
            &audit(AuditAction::RecoveryCodeUsed),
        )
        .await
        .unwrap();
    assert!(!old);
}

pub async fn sessions_are_created_touched_listed_and_revoked(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let amina = with_user(&*store, "amina").await;
    let bea = with_user(&*store, "bea").await;
    let older = session(amina.id, 10);
    let mut newer = session(amina.id, 11);
    newer.second_factor_done = true;
    let hers = session(bea.id, 12);
    for s in [&older, &newer, &hers] {
        store
            .create_session(s, &audit(AuditAction::SignInSucceeded))
            .await
            .unwrap();
    }
    assert_last_audit(&*store, AuditAction::SignInSucceeded).await;
    assert_eq!(
        store.get_session(&newer.token_hash).await.unwrap(),
        Some(newer.clone())
    );
    assert_eq!(store.get_session(b"no such token").await.unwrap(), None);

    store
        .touch_session(&older.token_hash, at(15))
        .await
        .unwrap();
    store.touch_session(b"unknown", at(15)).await.unwrap();
    let touched = store.get_session(&older.token_hash).await.unwrap().unwrap();
    assert_eq!(touched.last_seen_at, at(15));

    let listed = store.list_sessions(amina.id).await.unwrap();
    let ids: Vec<Uuid> = listed.iter().map(|s| s.id).collect();
    assert_eq!(ids, vec![newer.id, older.id], "newest first, own only");

    // A user cannot revoke someone else's session.
    let revoked = store
        .revoke_session(
            amina.id,
            hers.id,
            at(16),
            &audit(AuditAction::SessionRevoked),
        )
        .await
        .unwrap();
    assert!(!revoked);
    assert_eq!(
        store
            .get_session(&hers.token_hash)
            .await
            .unwrap()
            .unwrap()
            .revoked_at,
        None
    );

    let revoked = store
        .revoke_session(
            amina.id,
            older.id,
            at(17),
            &audit(AuditAction::SessionRevoked),
        )
        .await
        .unwrap();
    assert!(revoked);
    assert_last_audit(&*store, AuditAction::SessionRevoked).await;
    let got = store.get_session(&older.token_hash).await.unwrap().unwrap();
    assert_eq!(got.revoked_at, Some(at(17)));
    let ids: Vec<Uuid> = store
        .list_sessions(amina.id)
        .await
        .unwrap()
        .iter()
        .map(|s| s.id)
        .collect();
    assert_eq!(ids, vec![newer.id]);

    let before = audit_count(&*store).await;
    let again = store
        .revoke_session(
            amina.id,
            older.id,
            at(18),
            &audit(AuditAction::SessionRevoked),
        )
        .await
        .unwrap();
    assert!(!again, "already revoked");
    assert_eq!(audit_count(&*store).await, before);

    assert_missing(
        store
            .create_session(
                &session(UserId::new(), 19),
                &audit(AuditAction::SignInSucceeded),
            )
            .await,
        "user_id",
    );
    assert_eq!(audit_count(&*store).await, before);
}

pub async fn replace_session_rotates_only_a_live_session(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let amina = with_user(&*store, "amina").await;
    let first = session(amina.id, 10);
    store
        .create_session(&first, &audit(AuditAction::SignInSucceeded))
        .await
        .unwrap();
    let mut second = session(amina.id, 11);
    second.second_factor_done = true;
    store
        .replace_session(
            &first.token_hash,
            &second,
            at(11),
            &audit(AuditAction::SecondFactorSucceeded),
        )
        .await
        .unwrap();
    assert_last_audit(&*store, AuditAction::SecondFactorSucceeded).await;
    let old = store.get_session(&first.token_hash).await.unwrap().unwrap();
    assert_eq!(old.revoked_at, Some(at(11)));
    assert_eq!(
        store.get_session(&second.token_hash).await.unwrap(),
        Some(second.clone())
    );

    // Rotating a revoked (or unknown) session must not mint a new one.
    let before = audit_count(&*store).await;
    let third = session(amina.id, 12);
    assert_not_found(
        store
            .replace_session(
                &first.token_hash,
                &third,
                at(12),
                &audit(AuditAction::SecondFactorSucceeded),
            )
            .await,
    );
    assert_not_found(
        store
            .replace_session(
                b"unknown",
                &third,
                at(12),
                &audit(AuditAction::SecondFactorSucceeded),
            )
            .await,
    );
    assert_eq!(store.get_session(&third.token_hash).await.unwrap(), None);
    assert_eq!(audit_count(&*store).await, before);
}

pub async fn revoke_all_sessions_spares_other_users(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let amina = with_user(&*store, "amina").await;
    let bea = with_user(&*store, "bea").await;
    let mine = [session(amina.id, 10), session(amina.id, 11)];
    let hers = session(bea.id, 12);
    for s in mine.iter().chain([&hers]) {
        store
            .create_session(s, &audit(AuditAction::SignInSucceeded))
            .await
            .unwrap();
    }
    store
        .revoke_all_sessions(amina.id, at(20), &audit(AuditAction::AllSessionsRevoked))
        .await
        .unwrap();
    assert_last_audit(&*store, AuditAction::AllSessionsRevoked).await;
    assert!(store.list_sessions(amina.id).await.unwrap().is_empty());
    for s in &mine {
        let got = store.get_session(&s.token_hash).await.unwrap().unwrap();
        assert_eq!(got.revoked_at, Some(at(20)));
    }
    assert_eq!(store.list_sessions(bea.id).await.unwrap(), vec![hers]);
}

pub async fn api_tokens_are_created_listed_and_revoked(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let amina = with_user(&*store, "amina").await;
    let bea = with_user(&*store, "bea").await;
    let older = api_token(amina.id, 10);
    let mut newer = api_token(amina.id, 11);
    newer.scope = TokenScope::ReadWrite;
    let hers = api_token(bea.id, 12);
    for t in [&older, &newer, &hers] {
        store
            .create_api_token(t, &audit(AuditAction::ApiTokenCreated))
            .await
            .unwrap();
    }
    assert_last_audit(&*store, AuditAction::ApiTokenCreated).await;
    assert_eq!(
        store.find_api_token(&newer.token_hash).await.unwrap(),
        Some(newer.clone())
    );
    assert_eq!(store.find_api_token(b"unknown").await.unwrap(), None);

    store.touch_api_token(older.id, at(13)).await.unwrap();
    store
        .touch_api_token(ApiTokenId::new(), at(13))
        .await
        .unwrap();
    let got = store
        .find_api_token(&older.token_hash)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(got.last_used_at, Some(at(13)));

    assert!(
        !store
            .revoke_api_token(
                amina.id,
                hers.id,
                at(14),
                &audit(AuditAction::ApiTokenRevoked)
            )
            .await
            .unwrap(),
        "not her own token"
    );
    assert!(
        store
            .revoke_api_token(
                amina.id,
                older.id,
                at(15),
                &audit(AuditAction::ApiTokenRevoked)
            )
            .await
            .unwrap()
    );
    assert_last_audit(&*store, AuditAction::ApiTokenRevoked).await;
    let before = audit_count(&*store).await;
    assert!(
        !store
            .revoke_api_token(
                amina.id,
                older.id,
                at(16),
                &audit(AuditAction::ApiTokenRevoked)
            )
            .await
            .unwrap(),
        "already revoked"
    );
    assert_eq!(audit_count(&*store).await, before);

    // Newest first, revoked ones included.
    let listed = store.list_api_tokens(amina.id).await.unwrap();
    let ids: Vec<ApiTokenId> = listed.iter().map(|t| t.id).collect();
    assert_eq!(ids, vec![newer.id, older.id]);
    assert_eq!(listed[1].revoked_at, Some(at(15)));
    assert_eq!(listed[1].last_used_at, Some(at(13)));
    assert_eq!(
        store
            .find_api_token(&hers.token_hash)
            .await
            .unwrap()
            .unwrap()
            .revoked_at,
        None
    );

    assert_missing(
        store
            .create_api_token(
                &api_token(UserId::new(), 17),
                &audit(AuditAction::ApiTokenCreated),
            )
            .await,
        "user_id",
    );
    assert_eq!(audit_count(&*store).await, before);
}

pub async fn sign_in_attempts_are_counted_including_the_new_one(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let register = |row: SignInFailureRow| {
        let store = Arc::clone(&store);
        async move { store.register_sign_in_attempt(&row, at(0)).await.unwrap() }
    };
    assert_eq!(register(attempt(b"amina", b"10.0.0.1", 1)).await, (1, 1));
    assert_eq!(register(attempt(b"amina", b"10.0.0.1", 2)).await, (2, 2));
    assert_eq!(register(attempt(b"amina", b"10.0.0.2", 3)).await, (3, 1));
    assert_eq!(register(attempt(b"bea", b"10.0.0.1", 4)).await, (1, 3));
    // The very same instant again is another attempt, not a repeat.
    assert_eq!(register(attempt(b"bea", b"10.0.0.1", 4)).await, (2, 4));
    assert_eq!(
        audit_count(&*store).await,
        0,
        "the caller audits the outcome"
    );
    let dump = store.export_all().await.unwrap();
    assert_eq!(dump.sign_in_failures.len(), 5, "every attempt is kept");
}

pub async fn sign_in_attempts_are_counted_by_window(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let register = |row: SignInFailureRow, since: DateTime<Utc>| {
        let store = Arc::clone(&store);
        async move { store.register_sign_in_attempt(&row, since).await.unwrap() }
    };
    let just_after = |n| at(n) + chrono::Duration::microseconds(1);
    register(attempt(b"amina", b"10.0.0.1", 0), at(0)).await;
    register(attempt(b"amina", b"10.0.0.1", 5), at(0)).await;
    // The window starts at `since`, inclusive, to the microsecond.
    assert_eq!(
        register(attempt(b"amina", b"10.0.0.2", 10), at(5)).await,
        (2, 1)
    );
    assert_eq!(
        register(attempt(b"bea", b"10.0.0.1", 11), at(5)).await,
        (1, 2)
    );
    assert_eq!(
        register(attempt(b"bea", b"10.0.0.1", 12), just_after(5)).await,
        (2, 2)
    );
    assert_eq!(
        register(attempt(b"amina", b"10.0.0.1", 13), just_after(10)).await,
        (1, 3)
    );
    assert_eq!(
        register(attempt(b"amina", b"10.0.0.1", 14), at(0)).await,
        (5, 6)
    );
}

pub async fn clearing_an_account_removes_its_attempts(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    for (account, n) in [
        (&b"amina"[..], 1),
        (b"amina", 2),
        (b"bea", 3),
        (b"amina", 4),
    ] {
        store
            .register_sign_in_attempt(&attempt(account, b"10.0.0.1", n), at(0))
            .await
            .unwrap();
    }
    store.clear_account_failures(b"amina").await.unwrap();
    store.clear_account_failures(b"nobody").await.unwrap();
    let dump = store.export_all().await.unwrap();
    assert_eq!(dump.sign_in_failures, vec![attempt(b"bea", b"10.0.0.1", 3)]);
    // They no longer count for their address either; others are kept.
    assert_eq!(
        store
            .register_sign_in_attempt(&attempt(b"amina", b"10.0.0.1", 5), at(0))
            .await
            .unwrap(),
        (1, 2)
    );
    assert_eq!(
        store
            .register_sign_in_attempt(&attempt(b"bea", b"10.0.0.2", 6), at(0))
            .await
            .unwrap(),
        (2, 1)
    );
    assert_eq!(audit_count(&*store).await, 0);
}

/// What makes the throttle race-free: attempts on one account arriving at
/// once, through several instances sharing the database (each with its own
/// connection pool), are counted one after another.
pub async fn concurrent_attempts_on_one_account_are_counted_one_by_one(fresh: &Fresh) {
    const ATTEMPTS: u32 = 20;
    let f = fresh.fixture().await;
    let mut instances = vec![f.store()];
    for _ in 0..3 {
        instances.push(f.another_instance().await);
    }
    let barrier = Arc::new(tokio::sync::Barrier::new(ATTEMPTS as usize));
    let tasks: Vec<_> = (0..ATTEMPTS as usize)
        .map(|i| {
            let store = Arc::clone(&instances[i % instances.len()]);
            let barrier = Arc::clone(&barrier);
            tokio::spawn(async move {
                let address = format!("10.0.0.{i}");
                let row = attempt(b"amina", address.as_bytes(), 100);
                barrier.wait().await;
                store.register_sign_in_attempt(&row, at(0)).await.unwrap()
            })
        })
        .collect();
    let mut account_counts = Vec::new();
    for task in tasks {
        let (account, address) = task.await.unwrap();
        assert_eq!(address, 1, "each attempt came from an address of its own");
        account_counts.push(account);
    }
    account_counts.sort_unstable();
    assert_eq!(
        account_counts,
        (1..=ATTEMPTS).collect::<Vec<_>>(),
        "every attempt saw every attempt registered before it"
    );
}

pub async fn purge_expired_deletes_exactly_the_dead_rows(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let amina = with_user(&*store, "amina").await;
    let cutoffs = PurgeCutoffs {
        sessions_idle_before: at(120),
        sessions_created_before: at(60),
        attempts_before: at(20),
    };
    let with = |created: i64, last_seen: i64, revoked: Option<i64>| SessionRow {
        created_at: at(created),
        last_seen_at: at(last_seen),
        revoked_at: revoked.map(at),
        ..session(amina.id, created)
    };
    let live = with(100, 150, None);
    // Each bound is exclusive: a session seen or created exactly then stays.
    let on_the_bounds = with(60, 120, None);
    let revoked = with(100, 150, Some(151));
    let idle = with(100, 119, None);
    let too_old = with(59, 150, None);
    for s in [&live, &on_the_bounds, &revoked, &idle, &too_old] {
        store
            .create_session(s, &audit(AuditAction::SignInSucceeded))
            .await
            .unwrap();
    }
    let token = api_token(amina.id, 10);
    store
        .create_api_token(&token, &audit(AuditAction::ApiTokenCreated))
        .await
        .unwrap();
    for n in [10, 19, 20, 30] {
        store
            .register_sign_in_attempt(&attempt(b"amina", b"10.0.0.1", n), at(0))
            .await
            .unwrap();
    }
    let before = audit_count(&*store).await;

    let purged = store.purge_expired(&cutoffs).await.unwrap();
    assert_eq!(
        purged,
        PurgeCounts {
            sessions: 3,
            sign_in_attempts: 2,
        }
    );
    assert_eq!(audit_count(&*store).await, before, "nothing to audit");
    let dump = store.export_all().await.unwrap();
    let kept: BTreeSet<Uuid> = dump.sessions.iter().map(|s| s.id).collect();
    assert_eq!(kept, BTreeSet::from([live.id, on_the_bounds.id]));
    for s in [&revoked, &idle, &too_old] {
        assert_eq!(store.get_session(&s.token_hash).await.unwrap(), None);
    }
    assert_eq!(
        store.get_session(&live.token_hash).await.unwrap(),
        Some(live)
    );
    let attempts: Vec<DateTime<Utc>> = dump.sign_in_failures.iter().map(|a| a.at).collect();
    assert_eq!(attempts, vec![at(20), at(30)], "recent attempts are kept");
    assert_eq!(dump.api_tokens, vec![token], "tokens are not touched");
    assert_eq!(dump.users.len(), 1);

    // Nothing left to purge.
    let again = store.purge_expired(&cutoffs).await.unwrap();
    assert_eq!(again, PurgeCounts::default());
}
