//! Signing in: identical answers for unknown users and wrong passwords,
//! throttling that holds across instances, the second factor with replay
//! protection and one-time recovery codes, and the demo exemption.

use super::support::signed_in;
use chrono::Duration;
use concord_app::demo::DEMO_PASSWORD;
use concord_testkit::{Engine, TestApp, TestAppOptions, on_both_engines};

on_both_engines!(
    second_factor_guesses_are_throttled_across_password_sign_ins,
    a_promoted_account_must_enrol_before_working,
    an_enrolled_second_factor_cannot_be_replaced_from_a_session,
    unknown_user_and_wrong_password_look_the_same,
    throttling_holds_across_two_instances,
    a_second_factor_code_cannot_be_replayed,
    recovery_codes_work_once,
    only_demo_mode_exempts_demo_accounts,
    an_office_behind_one_address_is_not_throttled_by_its_own_sign_ins,
);

/// Forty colleagues behind one address enrol and sign in on a Monday
/// morning: only failures count towards the address limit (30), so none
/// of them is turned away.
async fn an_office_behind_one_address_is_not_throttled_by_its_own_sign_ins(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    let mut office = Vec::new();
    for n in 0..40 {
        let username = format!("office.worker{n}");
        let password = t
            .create_user(&username, "Safe Haven Women's Shelter", &["caseworker"])
            .await;
        let (home, secret) = t.browser().sign_in_fully(&username, &password, None).await;
        assert!(
            home.contains("Needs my attention"),
            "{username}: {}",
            home.body
        );
        office.push((username, password, secret));
    }
    // Half a minute later (a code is good once), everyone signs in again.
    t.clock.advance(Duration::seconds(30));
    for (username, password, secret) in &office {
        let (again, _) = t
            .browser()
            .sign_in_fully(username, password, secret.as_deref())
            .await;
        assert!(
            again.contains("Needs my attention"),
            "{username} again: {}",
            again.body
        );
    }
    // Failures still count: guesses at many accounts from the same
    // address are refused in the end.
    let mut refused = false;
    for n in 0..31 {
        let page = t
            .browser()
            .sign_in(&format!("no.such.person{n}"), "not the password at all")
            .await;
        refused |= page.contains("Too many failed attempts");
    }
    assert!(refused, "failures from one address are throttled");
}

async fn unknown_user_and_wrong_password_look_the_same(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    let wrong = t
        .browser()
        .sign_in("analyst", "not the password at all")
        .await;
    let unknown = t
        .browser()
        .sign_in("nobody.here", "not the password at all")
        .await;
    assert_eq!(wrong.status, 401);
    assert_eq!(unknown.status, 401);
    let message = "The user name or password is not right.";
    assert!(wrong.contains(message) && unknown.contains(message));
    // Disabled accounts get the same answer, even with the right password.
    t.app
        .disable_user_from_command_line("analyst")
        .await
        .unwrap();
    let disabled = t.browser().sign_in("analyst", DEMO_PASSWORD).await;
    assert_eq!(disabled.status, 401);
    assert!(disabled.contains(message));
}

async fn throttling_holds_across_two_instances(engine: Engine) {
    let first = TestApp::spawn(engine).await;
    first.seed_demo().await;
    let second = first.spawn_sharing(TestAppOptions::default()).await;
    assert_ne!(first.base_url, second.base_url);
    // Five failures, spread over both instances.
    for attempt in 0..5 {
        let instance = if attempt % 2 == 0 { &first } else { &second };
        let reply = instance
            .browser()
            .sign_in("analyst", "wrong password attempt")
            .await;
        assert_eq!(reply.status, 401, "attempt {attempt}");
    }
    // Now even the right password is refused, on either instance.
    for instance in [&first, &second] {
        let reply = instance.browser().sign_in("analyst", DEMO_PASSWORD).await;
        assert_eq!(reply.status, 429);
        assert!(reply.contains("Too many failed attempts"));
    }
    // Unknown accounts are throttled the same way (no enumeration).
    for _ in 0..5 {
        second
            .browser()
            .sign_in("ghost.user", "wrong password attempt")
            .await;
    }
    assert_eq!(
        first
            .browser()
            .sign_in("ghost.user", "whatever it is")
            .await
            .status,
        429
    );
    // After the window the account can sign in again.
    first.clock.advance(Duration::minutes(16));
    let (home, _) = second
        .browser()
        .sign_in_fully("analyst", DEMO_PASSWORD, None)
        .await;
    assert!(home.contains("Needs my attention"));
}

async fn a_second_factor_code_cannot_be_replayed(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    let (_, secret) = signed_in(&t, "shelter.caseworker").await;
    let secret = secret.expect("caseworkers must enrol");
    // Same 30-second step as the enrolment: the code was already used.
    let mut browser = t.browser();
    let challenge = browser.sign_in("shelter.caseworker", DEMO_PASSWORD).await;
    assert!(challenge.contains("Two-step sign-in"));
    let code = browser.totp_code(&secret);
    let replay = browser
        .post("/sign-in/second-factor", &[("code", &code)])
        .await;
    assert_eq!(replay.status, 401);
    assert!(replay.contains("not right or was already used"));
    let still_out = browser.get("/").await;
    assert_eq!(
        still_out.location.as_deref(),
        Some("/sign-in/second-factor")
    );
    // The next step's code works, once.
    t.clock.advance(Duration::seconds(30));
    let code = browser.totp_code(&secret);
    let accepted = browser
        .post("/sign-in/second-factor", &[("code", &code)])
        .await;
    assert_eq!(accepted.status, 303);
    assert_eq!(browser.get("/").await.status, 200);
    let mut other = t.browser();
    other.sign_in("shelter.caseworker", DEMO_PASSWORD).await;
    let again = other
        .post("/sign-in/second-factor", &[("code", &code)])
        .await;
    assert_eq!(
        again.status, 401,
        "a code is accepted once, even in another browser"
    );
}

async fn recovery_codes_work_once(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    let mut browser = t.browser();
    let enrol = browser.sign_in("police.officer", DEMO_PASSWORD).await;
    let text = enrol.element_text("totp-secret").unwrap();
    let secret = concord_testkit::decode_base32(&text);
    let code = browser.totp_code(&secret);
    let codes_page = browser
        .post("/account/second-factor", &[("code", &code)])
        .await;
    assert!(codes_page.contains("Your recovery codes"));
    let first_code = codes_page
        .body
        .split("<li><code>")
        .nth(1)
        .and_then(|rest| rest.split('<').next())
        .expect("recovery codes are listed")
        .to_string();

    let mut lost_phone = t.browser();
    lost_phone.sign_in("police.officer", DEMO_PASSWORD).await;
    let used = lost_phone
        .post("/sign-in/second-factor", &[("code", &first_code)])
        .await;
    assert_eq!(used.status, 303, "{}", used.body);
    assert_eq!(lost_phone.get("/").await.status, 200);

    let mut again = t.browser();
    again.sign_in("police.officer", DEMO_PASSWORD).await;
    let reused = again
        .post("/sign-in/second-factor", &[("code", &first_code)])
        .await;
    assert_eq!(reused.status, 401, "a recovery code works once");
}

async fn only_demo_mode_exempts_demo_accounts(engine: Engine) {
    let served = TestApp::spawn(engine).await;
    served.seed_demo().await;
    let page = served
        .browser()
        .sign_in("shelter.caseworker", DEMO_PASSWORD)
        .await;
    assert!(
        page.contains("Set up two-step sign-in"),
        "serve never exempts"
    );
    assert!(!page.contains("Demo mode"));

    let demo = served
        .spawn_sharing(TestAppOptions {
            demo_mode: true,
            ..Default::default()
        })
        .await;
    let home = demo
        .browser()
        .sign_in("shelter.caseworker", DEMO_PASSWORD)
        .await;
    assert!(
        home.contains("Needs my attention"),
        "demo mode exempts demo accounts"
    );
    assert!(home.contains("Demo mode"), "with a visible banner");

    // An account created in the demo but not by the seed is not exempt.
    let password = demo
        .create_user("real.person", "Safe Haven Women's Shelter", &["caseworker"])
        .await;
    let real = demo.browser().sign_in("real.person", &password).await;
    assert!(real.contains("Set up two-step sign-in"));
}

/// A right password must not reset the count of wrong codes: otherwise
/// anyone with the password could guess codes without limit.
async fn second_factor_guesses_are_throttled_across_password_sign_ins(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    let (_, secret) = signed_in(&t, "police.officer").await;
    let secret = secret.unwrap();
    t.clock.advance(Duration::seconds(30));
    let mut attacker = t.browser();
    let mut refused = false;
    for round in 0..4 {
        let page = attacker.sign_in("police.officer", DEMO_PASSWORD).await;
        if page.status == 429 {
            refused = true;
            break;
        }
        let guess = attacker
            .post("/sign-in/second-factor", &[("code", "000000")])
            .await;
        if guess.status == 429 {
            refused = true;
            break;
        }
        assert_eq!(guess.status, 401, "round {round}");
    }
    assert!(refused, "guessing was never throttled");
    // The real owner is locked out too until the window passes; then the
    // code works and clears the count.
    t.clock.advance(Duration::minutes(16));
    let mut owner = t.browser();
    let (home, _) = owner
        .sign_in_fully("police.officer", DEMO_PASSWORD, Some(&secret))
        .await;
    assert!(home.contains("Needs my attention"), "{}", home.body);
}

/// Promotion into a role that works with cases asks for a second factor at
/// once, in the open session and for API tokens.
async fn a_promoted_account_must_enrol_before_working(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    let password = t
        .create_user("new.analyst", "Safe Haven Women's Shelter", &["analyst"])
        .await;
    let mut analyst = t.browser();
    let (home, secret) = analyst.sign_in_fully("new.analyst", &password, None).await;
    assert!(home.contains("Needs my attention") && secret.is_none());
    let token = super::support::api_token(&mut analyst, "read", "30").await;
    let me = |token: String, url: String| async move {
        reqwest::Client::new()
            .get(url)
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
            .status()
            .as_u16()
    };
    assert_eq!(me(token.clone(), analyst.url("/api/v1/me")).await, 200);

    let (mut shelter_admin, _) = signed_in(&t, "shelter.admin").await;
    let id = t.user_id("new.analyst").await;
    shelter_admin.get(&format!("/users/{id}")).await;
    let promoted = shelter_admin
        .post(
            &format!("/users/{id}"),
            &[("display_name", "New Caseworker"), ("roles", "caseworker")],
        )
        .await;
    assert_eq!(promoted.status, 200, "{}", promoted.body);

    let next = analyst.get("/").await;
    assert_eq!(
        next.location.as_deref(),
        Some("/account/second-factor"),
        "must enrol first"
    );
    assert_eq!(
        me(token, analyst.url("/api/v1/me")).await,
        401,
        "tokens stop until enrolled"
    );
}

async fn an_enrolled_second_factor_cannot_be_replaced_from_a_session(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    let (mut browser, secret) = signed_in(&t, "hospital.nurse").await;
    assert!(secret.is_some());
    let status = browser.get("/account/second-factor").await;
    assert!(status.contains("Two-step sign-in is on for your account."));
    assert!(!status.contains("totp-secret"), "no new key is offered");
    let replace = browser
        .post("/account/second-factor", &[("code", "123456")])
        .await;
    assert_eq!(replace.status, 422);
    assert!(replace.contains("already on"));
    assert!(!replace.contains("totp-secret"));
}
