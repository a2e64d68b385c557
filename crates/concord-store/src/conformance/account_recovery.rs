//! Conformance cases for [`AccountRecoveryStore`]: one open request per
//! agency, and none while it has an active administrator; approving writes
//! the account, the request, the notice and both audit events or nothing;
//! a request is closed once; notices are read once, by their agency;
//! account acts come back from the audit log with the agency of the
//! account acted on; and so does who created an account.

use super::*;
use concord_domain::account_recovery::RecoveryStatus;
use concord_domain::ids::AccountRecoveryId;

/// This file's cases, one `#[tokio::test]` each in
/// [`conformance_tests!`](crate::conformance_tests).
#[doc(hidden)]
#[macro_export]
macro_rules! __conformance_of_account_recovery {
    ($fresh:expr) => {
        $crate::__conformance_cases!($fresh;
            recovery_requests_round_trip_one_open_per_agency,
            no_request_while_the_agency_has_an_active_administrator,
            approving_restores_an_account_and_tells_the_agency_at_once,
            approving_creates_a_new_account_or_nothing,
            approval_is_refused_once_the_agency_has_an_administrator_again,
            a_request_is_closed_once,
            recovery_notices_are_read_once_by_their_agency,
            account_acts_come_back_from_the_audit_log,
            the_creator_of_an_account_comes_from_the_audit_log,
            credential_setters_come_from_the_audit_log,
        );
    };
}

/// An open request for `agency` by `by`, made at `at(n)`, naming
/// `username` (an existing account when `user` is given).
pub fn recovery(
    agency: AgencyId,
    by: UserId,
    user: Option<&UserRow>,
    username: &str,
    n: i64,
) -> AccountRecoveryRow {
    AccountRecoveryRow {
        id: AccountRecoveryId::new(),
        agency_id: agency,
        user_id: user.map(|u| u.id),
        username: username.to_string(),
        display_name: user.is_none().then(|| format!("New {username}")),
        reason: "Their only administrator left; the director asked by telephone.".into(),
        requested_by: by,
        requested_at: at(n),
        expires_at: at(n) + Duration::hours(24),
        status: RecoveryStatus::Open,
        decided_by: None,
        decided_at: None,
    }
}

fn recovery_audit(what: &str) -> NewAuditEvent {
    NewAuditEvent {
        details: json!({ "recovery": what }),
        ..audit(AuditAction::AccountRecoveryRequested)
    }
}

fn notice(r: &AccountRecoveryRow, n: i64) -> AccountRecoveryNoticeRow {
    AccountRecoveryNoticeRow {
        id: Uuid::now_v7(),
        agency_id: r.agency_id,
        recovery_id: r.id,
        created_at: at(n),
        read_at: None,
    }
}

/// An account of `agency` holding `roles`.
async fn account(
    store: &dyn Store,
    agency: AgencyId,
    username: &str,
    roles: Vec<Role>,
    active: bool,
) -> UserRow {
    let mut u = user(agency, username);
    u.roles = roles;
    u.active = active;
    store
        .create_user(&u, &audit(AuditAction::UserCreated))
        .await
        .unwrap();
    u
}

/// A new account of `agency` as an approval would create it.
fn new_administrator(agency: AgencyId, username: &str) -> UserRow {
    UserRow {
        roles: vec![Role::AgencyAdministrator],
        password_hash: "$argon2id$v=19$m=19456,t=2,p=1$bmV3$b25lLXRpbWU".into(),
        password_changed_at: at(60),
        created_at: at(60),
        ..user(agency, username)
    }
}

/// An approved request with its notice, for the whole-database copy.
pub async fn populate_account_recovery(store: &dyn Store, amina: &UserRow, bea: &UserRow) {
    let r = recovery(amina.agency_id, amina.id, None, "amina.recovered", 50);
    store
        .create_account_recovery(&r, &recovery_audit("requested"))
        .await
        .unwrap();
    let approval = RecoveryApproval {
        id: r.id,
        approved_by: bea.id,
        at: at(51),
        account: RecoveredAccount::New(new_administrator(amina.agency_id, "amina.recovered")),
        notice: notice(&r, 51),
    };
    store
        .approve_account_recovery(
            &approval,
            &recovery_audit("approved"),
            &audit(AuditAction::UserCreated),
        )
        .await
        .unwrap();
}

// -------------------------------------------------------------------- cases

pub async fn recovery_requests_round_trip_one_open_per_agency(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let w = world(&*store).await;
    let later = recovery(w.police(), w.amina.id, None, "police.admin", 41);
    let first = recovery(w.shelter(), w.bea.id, Some(&w.amina), "amina", 40);
    for r in [&later, &first] {
        store
            .create_account_recovery(r, &recovery_audit("requested"))
            .await
            .unwrap();
    }
    assert_last_audit(&*store, AuditAction::AccountRecoveryRequested).await;
    assert_eq!(
        store.get_account_recovery(first.id).await.unwrap(),
        Some(first.clone())
    );
    assert_eq!(
        store.get_account_recovery(AccountRecoveryId::new()).await,
        Ok(None)
    );
    // Open requests, oldest first.
    assert_eq!(
        store.list_account_recoveries(10).await.unwrap(),
        vec![first.clone(), later.clone()]
    );

    // A second open request for the shelter is refused, and writes nothing.
    let before = audit_count(&*store).await;
    assert_duplicate(
        store
            .create_account_recovery(
                &recovery(w.shelter(), w.chloe.id, None, "other", 42),
                &recovery_audit("again"),
            )
            .await,
        "agency_id",
    );
    assert_eq!(audit_count(&*store).await, before);
    assert_missing(
        store
            .create_account_recovery(
                &recovery(AgencyId::new(), w.chloe.id, None, "x", 43),
                &recovery_audit("x"),
            )
            .await,
        "agency_id",
    );
    assert_missing(
        store
            .create_account_recovery(
                &recovery(w.health(), UserId::new(), None, "x", 43),
                &recovery_audit("x"),
            )
            .await,
        "requested_by",
    );
    assert_eq!(audit_count(&*store).await, before);

    // Once closed, the agency may be asked for again; the closed one is
    // listed after the open ones.
    assert!(
        store
            .close_account_recovery(
                first.id,
                RecoveryStatus::Lapsed,
                None,
                first.expires_at,
                &recovery_audit("lapsed"),
            )
            .await
            .unwrap()
    );
    let again = recovery(w.shelter(), w.chloe.id, None, "shelter.admin", 44);
    store
        .create_account_recovery(&again, &recovery_audit("again"))
        .await
        .unwrap();
    let lapsed = AccountRecoveryRow {
        status: RecoveryStatus::Lapsed,
        decided_at: Some(first.expires_at),
        ..first
    };
    assert_eq!(
        store.list_account_recoveries(10).await.unwrap(),
        vec![later.clone(), again.clone(), lapsed]
    );
    assert_eq!(
        store.list_account_recoveries(0).await.unwrap(),
        vec![later, again]
    );
}

pub async fn no_request_while_the_agency_has_an_active_administrator(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let w = world(&*store).await;
    assert_eq!(
        store
            .count_agency_administrators(w.shelter())
            .await
            .unwrap(),
        (0, 0),
        "a caseworker is not an administrator"
    );
    let admin = account(
        &*store,
        w.shelter(),
        "shelter.admin",
        vec![Role::AgencyAdministrator, Role::Analyst],
        true,
    )
    .await;
    // Someone else's administrator counts for their agency only.
    account(
        &*store,
        w.police(),
        "police.admin",
        vec![Role::AgencyAdministrator],
        true,
    )
    .await;
    account(
        &*store,
        w.shelter(),
        "gone.admin",
        vec![Role::AgencyAdministrator],
        false,
    )
    .await;
    assert_eq!(
        store
            .count_agency_administrators(w.shelter())
            .await
            .unwrap(),
        (1, 2)
    );
    let before = audit_count(&*store).await;
    let r = recovery(w.shelter(), w.bea.id, None, "new.admin", 40);
    assert_conflict(
        store
            .create_account_recovery(&r, &recovery_audit("refused"))
            .await,
    );
    assert_eq!(audit_count(&*store).await, before);
    assert_eq!(store.get_account_recovery(r.id).await, Ok(None));

    store
        .set_user_active(admin.id, false, at(39), &audit(AuditAction::UserDisabled))
        .await
        .unwrap();
    assert_eq!(
        store
            .count_agency_administrators(w.shelter())
            .await
            .unwrap(),
        (0, 2),
        "administrators, none active: lost, so recovery rather than onboarding"
    );
    store
        .create_account_recovery(&r, &recovery_audit("requested"))
        .await
        .unwrap();
}

pub async fn approving_restores_an_account_and_tells_the_agency_at_once(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let w = world(&*store).await;
    // The shelter's only administrator: disabled, with a second factor,
    // recovery codes, a session and a token left over.
    let former = account(
        &*store,
        w.shelter(),
        "former.admin",
        vec![Role::AgencyAdministrator, Role::CoordinationSecretariat],
        true,
    )
    .await;
    store
        .enable_totp(
            former.id,
            b"old secret",
            7,
            &[vec![1; 32], vec![2; 32]],
            &audit(AuditAction::SecondFactorEnrolled),
        )
        .await
        .unwrap();
    let s = session(former.id, 30);
    store
        .create_session(&s, &audit(AuditAction::SignInSucceeded))
        .await
        .unwrap();
    let token = api_token(former.id, 31);
    store
        .create_api_token(&token, &audit(AuditAction::ApiTokenCreated))
        .await
        .unwrap();
    // Disabling ends the session and the token already; a second one made
    // behind the store's back must end too.
    store
        .set_user_active(former.id, false, at(32), &audit(AuditAction::UserDisabled))
        .await
        .unwrap();
    let late = session(former.id, 33);
    store
        .create_session(&late, &audit(AuditAction::SignInSucceeded))
        .await
        .unwrap();

    let r = recovery(w.shelter(), w.bea.id, Some(&former), "former.admin", 40);
    store
        .create_account_recovery(&r, &recovery_audit("requested"))
        .await
        .unwrap();
    let approval = RecoveryApproval {
        id: r.id,
        approved_by: w.chloe.id,
        at: at(41),
        account: RecoveredAccount::Restored {
            id: former.id,
            roles: vec![Role::AgencyAdministrator, Role::CoordinationSecretariat],
            password_hash: "$argon2id$v=19$m=19456,t=2,p=1$bmV3$b25lLXRpbWU".into(),
        },
        notice: notice(&r, 41),
    };
    let before = audit_count(&*store).await;
    store
        .approve_account_recovery(
            &approval,
            &recovery_audit("approved"),
            &audit(AuditAction::PasswordReset),
        )
        .await
        .unwrap();
    let events = all_audit(&*store).await;
    assert_eq!(events.len(), before + 2);
    assert_eq!(events[0].action, AuditAction::PasswordReset.as_str());
    assert_eq!(
        events[1].details,
        json!({ "recovery": "approved" }).to_string()
    );

    let restored = store.get_user(former.id).await.unwrap().unwrap();
    assert!(restored.active);
    assert_eq!(
        restored.roles,
        vec![Role::AgencyAdministrator, Role::CoordinationSecretariat]
    );
    assert_eq!(
        restored.password_hash,
        "$argon2id$v=19$m=19456,t=2,p=1$bmV3$b25lLXRpbWU"
    );
    assert_eq!(restored.password_changed_at, at(41));
    assert_eq!(restored.totp_secret, None, "enrols again at sign-in");
    assert_eq!(
        store.count_unused_recovery_codes(former.id).await.unwrap(),
        0
    );
    assert!(
        store
            .get_session(&late.token_hash)
            .await
            .unwrap()
            .unwrap()
            .revoked_at
            .is_some(),
        "no session outlives the recovery"
    );
    assert!(
        store.list_api_tokens(former.id).await.unwrap()[0]
            .revoked_at
            .is_some()
    );
    assert_eq!(
        store
            .count_agency_administrators(w.shelter())
            .await
            .unwrap(),
        (1, 1)
    );
    assert_eq!(
        store.get_account_recovery(r.id).await.unwrap(),
        Some(AccountRecoveryRow {
            status: RecoveryStatus::Approved,
            decided_by: Some(w.chloe.id),
            decided_at: Some(at(41)),
            ..r.clone()
        })
    );
    assert_eq!(
        store
            .unread_recovery_notices(w.shelter(), 10)
            .await
            .unwrap(),
        vec![approval.notice.clone()]
    );
    assert!(
        store
            .unread_recovery_notices(w.police(), 10)
            .await
            .unwrap()
            .is_empty()
    );

    // Approved once: a second approval is refused and writes nothing.
    let before = audit_count(&*store).await;
    let twice = RecoveryApproval {
        notice: notice(&r, 42),
        ..approval
    };
    assert_conflict(
        store
            .approve_account_recovery(
                &twice,
                &recovery_audit("again"),
                &audit(AuditAction::PasswordReset),
            )
            .await,
    );
    assert_eq!(audit_count(&*store).await, before);
    assert_not_found(
        store
            .approve_account_recovery(
                &RecoveryApproval {
                    id: AccountRecoveryId::new(),
                    ..twice
                },
                &recovery_audit("unknown"),
                &audit(AuditAction::PasswordReset),
            )
            .await,
    );
}

pub async fn approving_creates_a_new_account_or_nothing(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let w = world(&*store).await;
    let r = recovery(w.shelter(), w.bea.id, None, "amina", 40);
    store
        .create_account_recovery(&r, &recovery_audit("requested"))
        .await
        .unwrap();
    // The user name was taken meanwhile (by Amina): nothing is written.
    let before = audit_count(&*store).await;
    let taken = RecoveryApproval {
        id: r.id,
        approved_by: w.chloe.id,
        at: at(41),
        account: RecoveredAccount::New(new_administrator(w.shelter(), "amina")),
        notice: notice(&r, 41),
    };
    assert_duplicate(
        store
            .approve_account_recovery(
                &taken,
                &recovery_audit("approved"),
                &audit(AuditAction::UserCreated),
            )
            .await,
        "username",
    );
    assert_eq!(audit_count(&*store).await, before);
    assert_eq!(
        store
            .get_account_recovery(r.id)
            .await
            .unwrap()
            .unwrap()
            .status,
        RecoveryStatus::Open
    );
    assert!(
        store
            .unread_recovery_notices(w.shelter(), 10)
            .await
            .unwrap()
            .is_empty()
    );
    // An account of another agency is never written through a recovery.
    assert_not_found(
        store
            .approve_account_recovery(
                &RecoveryApproval {
                    account: RecoveredAccount::New(new_administrator(w.police(), "elsewhere")),
                    ..taken.clone()
                },
                &recovery_audit("approved"),
                &audit(AuditAction::UserCreated),
            )
            .await,
    );
    assert_not_found(
        store
            .approve_account_recovery(
                &RecoveryApproval {
                    account: RecoveredAccount::Restored {
                        id: w.bea.id,
                        roles: vec![Role::AgencyAdministrator],
                        password_hash: "x".into(),
                    },
                    ..taken.clone()
                },
                &recovery_audit("approved"),
                &audit(AuditAction::PasswordReset),
            )
            .await,
    );
    assert!(store.get_user(w.bea.id).await.unwrap().unwrap().roles == vec![Role::Caseworker]);
    assert_eq!(audit_count(&*store).await, before);

    let fresh_admin = new_administrator(w.shelter(), "shelter.admin");
    store
        .approve_account_recovery(
            &RecoveryApproval {
                account: RecoveredAccount::New(fresh_admin.clone()),
                ..taken
            },
            &recovery_audit("approved"),
            &audit(AuditAction::UserCreated),
        )
        .await
        .unwrap();
    assert_eq!(
        store.get_user(fresh_admin.id).await.unwrap(),
        Some(fresh_admin.clone())
    );
    let approved = store.get_account_recovery(r.id).await.unwrap().unwrap();
    assert_eq!(approved.status, RecoveryStatus::Approved);
    assert_eq!(approved.user_id, Some(fresh_admin.id));
}

pub async fn approval_is_refused_once_the_agency_has_an_administrator_again(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let w = world(&*store).await;
    let admin = account(
        &*store,
        w.shelter(),
        "shelter.admin",
        vec![Role::AgencyAdministrator],
        false,
    )
    .await;
    let r = recovery(w.shelter(), w.bea.id, None, "new.admin", 40);
    store
        .create_account_recovery(&r, &recovery_audit("requested"))
        .await
        .unwrap();
    store
        .set_user_active(admin.id, true, at(41), &audit(AuditAction::UserEnabled))
        .await
        .unwrap();
    let before = counts(&*store).await;
    assert_conflict(
        store
            .approve_account_recovery(
                &RecoveryApproval {
                    id: r.id,
                    approved_by: w.chloe.id,
                    at: at(42),
                    account: RecoveredAccount::New(new_administrator(w.shelter(), "new.admin")),
                    notice: notice(&r, 42),
                },
                &recovery_audit("approved"),
                &audit(AuditAction::UserCreated),
            )
            .await,
    );
    assert_eq!(counts(&*store).await, before, "nothing written");
    assert_eq!(store.get_account_recovery(r.id).await.unwrap(), Some(r));
}

pub async fn a_request_is_closed_once(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let w = world(&*store).await;
    let r = recovery(w.shelter(), w.bea.id, None, "new.admin", 40);
    store
        .create_account_recovery(&r, &recovery_audit("requested"))
        .await
        .unwrap();
    assert!(
        store
            .close_account_recovery(
                r.id,
                RecoveryStatus::Declined,
                Some(w.chloe.id),
                at(41),
                &recovery_audit("declined"),
            )
            .await
            .unwrap()
    );
    assert_eq!(
        all_audit(&*store).await[0].details,
        json!({ "recovery": "declined" }).to_string()
    );
    assert_eq!(
        store.get_account_recovery(r.id).await.unwrap(),
        Some(AccountRecoveryRow {
            status: RecoveryStatus::Declined,
            decided_by: Some(w.chloe.id),
            decided_at: Some(at(41)),
            ..r.clone()
        })
    );
    let before = audit_count(&*store).await;
    for status in [RecoveryStatus::Declined, RecoveryStatus::Lapsed] {
        assert!(
            !store
                .close_account_recovery(r.id, status, None, at(42), &recovery_audit("again"))
                .await
                .unwrap()
        );
    }
    assert!(
        !store
            .close_account_recovery(
                AccountRecoveryId::new(),
                RecoveryStatus::Lapsed,
                None,
                at(42),
                &recovery_audit("unknown"),
            )
            .await
            .unwrap()
    );
    assert_eq!(
        audit_count(&*store).await,
        before,
        "a refused close writes nothing"
    );
    // Approval goes through its own method; open is not a close.
    let other = recovery(w.police(), w.bea.id, None, "police.admin", 43);
    store
        .create_account_recovery(&other, &recovery_audit("requested"))
        .await
        .unwrap();
    for status in [RecoveryStatus::Approved, RecoveryStatus::Open] {
        assert!(
            store
                .close_account_recovery(other.id, status, None, at(44), &recovery_audit("x"))
                .await
                .is_err()
        );
    }
    assert_eq!(
        store
            .get_account_recovery(other.id)
            .await
            .unwrap()
            .unwrap()
            .status,
        RecoveryStatus::Open
    );
}

pub async fn recovery_notices_are_read_once_by_their_agency(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let w = world(&*store).await;
    populate_account_recovery(&*store, &w.amina, &w.bea).await;
    let unread = store
        .unread_recovery_notices(w.shelter(), 10)
        .await
        .unwrap();
    assert_eq!(unread.len(), 1);
    let id = unread[0].id;
    assert!(
        !store
            .mark_recovery_notice_read(w.police(), id, at(60))
            .await
            .unwrap(),
        "not another agency's to dismiss"
    );
    assert!(
        store
            .mark_recovery_notice_read(w.shelter(), id, at(60))
            .await
            .unwrap()
    );
    assert!(
        !store
            .mark_recovery_notice_read(w.shelter(), id, at(61))
            .await
            .unwrap()
    );
    assert!(
        store
            .unread_recovery_notices(w.shelter(), 10)
            .await
            .unwrap()
            .is_empty()
    );
}

pub async fn account_acts_come_back_from_the_audit_log(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let w = world(&*store).await;
    let admin = w.chloe.id;
    let act = |action: AuditAction, n: i64, about: &UserRow| NewAuditEvent {
        at: at(n),
        actor_user_id: Some(admin),
        actor_agency_id: Some(w.health()),
        action,
        object_type: Some("user".into()),
        object_id: Some(about.id.to_string()),
        outcome: AuditOutcome::Success,
        details: json!({}),
    };
    let events = [
        act(AuditAction::UserCreated, 10, &w.amina),
        act(AuditAction::PasswordReset, 11, &w.bea),
        act(AuditAction::SecondFactorRemoved, 12, &w.amina),
        // Not asked for, refused, by no one, or not about an account.
        act(AuditAction::UserUpdated, 13, &w.amina),
        NewAuditEvent {
            outcome: AuditOutcome::Denied,
            ..act(AuditAction::PasswordReset, 13, &w.amina)
        },
        NewAuditEvent {
            actor_user_id: None,
            ..act(AuditAction::PasswordReset, 13, &w.amina)
        },
        NewAuditEvent {
            object_type: Some("agency".into()),
            object_id: Some(w.shelter().to_string()),
            ..act(AuditAction::UserCreated, 13, &w.amina)
        },
        // About an account that does not exist.
        NewAuditEvent {
            object_id: Some(UserId::new().to_string()),
            ..act(AuditAction::UserCreated, 13, &w.amina)
        },
        act(AuditAction::UserCreated, 20, &w.bea),
    ];
    // Appended out of order: the store orders them by time.
    for i in shuffled(events.len()) {
        store.append_audit(&events[i]).await.unwrap();
    }
    let asked = [
        AuditAction::UserCreated,
        AuditAction::PasswordReset,
        AuditAction::SecondFactorRemoved,
    ];
    let acts = store.account_acts(&asked, at(10), at(20)).await.unwrap();
    assert_eq!(
        acts,
        vec![
            AccountActRow {
                at: at(10),
                actor_user_id: admin,
                action: "user.created".into(),
                user_id: w.amina.id,
                agency_id: w.shelter(),
            },
            AccountActRow {
                at: at(11),
                actor_user_id: admin,
                action: "password.reset".into(),
                user_id: w.bea.id,
                agency_id: w.police(),
            },
            AccountActRow {
                at: at(12),
                actor_user_id: admin,
                action: "second_factor.removed".into(),
                user_id: w.amina.id,
                agency_id: w.shelter(),
            },
        ],
        "from inclusive, until exclusive"
    );
    assert_eq!(
        store
            .account_acts(&asked, at(10) + micro(1), at(20) + micro(1))
            .await
            .unwrap()
            .iter()
            .map(|a| a.at)
            .collect::<Vec<_>>(),
        vec![at(11), at(12), at(20)]
    );
    assert_eq!(
        store
            .account_acts(&[AuditAction::PasswordReset], at(0), at(100))
            .await
            .unwrap()
            .len(),
        1
    );
    assert!(
        store
            .account_acts(&[], at(0), at(100))
            .await
            .unwrap()
            .is_empty()
    );
}

pub async fn the_creator_of_an_account_comes_from_the_audit_log(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let w = world(&*store).await;
    let created = |by: Option<UserId>, about: &UserRow, n: i64, outcome| NewAuditEvent {
        at: at(n),
        actor_user_id: by,
        actor_agency_id: by.map(|_| w.health()),
        action: AuditAction::UserCreated,
        object_type: Some("user".into()),
        object_id: Some(about.id.to_string()),
        outcome,
        details: json!({}),
    };
    // A second system administrator account, made by Chloe.
    let second = user(w.health(), "second.admin");
    store
        .create_user(
            &second,
            &created(Some(w.chloe.id), &second, 20, AuditOutcome::Success),
        )
        .await
        .unwrap();
    // One made from the command line: no person created it.
    let operator = user(w.health(), "operator.made");
    store
        .create_user(
            &operator,
            &created(None, &operator, 21, AuditOutcome::Success),
        )
        .await
        .unwrap();
    // Around them, events that are not their creation: a refused creation
    // by someone else, a later reset, an event about another account.
    for event in [
        created(Some(w.bea.id), &second, 19, AuditOutcome::Denied),
        created(Some(w.bea.id), &operator, 19, AuditOutcome::Denied),
        NewAuditEvent {
            action: AuditAction::PasswordReset,
            ..created(Some(w.bea.id), &operator, 22, AuditOutcome::Success)
        },
        created(Some(w.bea.id), &w.amina, 23, AuditOutcome::Success),
    ] {
        store.append_audit(&event).await.unwrap();
    }
    assert_eq!(store.user_creator(second.id).await, Ok(Some(w.chloe.id)));
    assert_eq!(store.user_creator(operator.id).await, Ok(None));
    // No `user.created` about it at all (made before the log, or
    // unknown): no creator.
    assert_eq!(store.user_creator(UserId::new()).await, Ok(None));
}

pub async fn credential_setters_come_from_the_audit_log(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let w = world(&*store).await;
    let about = |action, by: Option<UserId>, whom: UserId, n: i64, outcome| NewAuditEvent {
        at: at(n),
        actor_user_id: by,
        actor_agency_id: by.map(|_| w.health()),
        action,
        object_type: Some("user".into()),
        object_id: Some(whom.to_string()),
        outcome,
        details: json!({}),
    };
    let target = w.bea.id;
    assert_eq!(store.credential_setters(target).await, Ok(vec![]));
    use AuditAction::{PasswordChanged, PasswordReset, SecondFactorRemoved};
    use AuditOutcome::{Denied, Success};
    for event in [
        about(PasswordReset, Some(w.amina.id), target, 10, Success),
        // Her own change later does not clear Amina: she could have made it.
        about(PasswordChanged, Some(target), target, 11, Success),
        about(PasswordReset, Some(w.chloe.id), target, 12, Success),
        about(SecondFactorRemoved, Some(w.amina.id), target, 13, Success),
        about(SecondFactorRemoved, Some(w.chloe.id), target, 14, Success),
        // Not setters: refused, from the command line, herself, about
        // someone else.
        about(PasswordReset, Some(w.bea.id), w.chloe.id, 15, Denied),
        about(PasswordReset, Some(w.chloe.id), target, 15, Denied),
        about(PasswordReset, None, target, 16, Success),
        about(PasswordReset, Some(target), target, 17, Success),
        about(PasswordReset, Some(target), w.amina.id, 18, Success),
    ] {
        store.append_audit(&event).await.unwrap();
    }
    assert_eq!(
        store.credential_setters(target).await,
        Ok(vec![w.amina.id, w.chloe.id])
    );
    assert_eq!(store.credential_setters(w.amina.id).await, Ok(vec![target]));
    assert_eq!(store.credential_setters(w.chloe.id).await, Ok(vec![]));
}
