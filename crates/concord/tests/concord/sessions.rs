//! Sessions end on idle and absolute timeouts, at sign-out, on password
//! change and on "sign out everywhere"; revoked API tokens get 401. The
//! clock is moved by the test, never slept on.

use super::support::{api_token, signed_in};
use chrono::Duration;
use concord_app::demo::DEMO_PASSWORD;
use concord_testkit::{Engine, TestApp, on_both_engines};

on_both_engines!(
    idle_sessions_expire,
    sessions_expire_after_twelve_hours_however_active,
    signing_out_revokes_the_session,
    password_change_ends_every_session,
    sign_out_everywhere,
    api_tokens_revoked_or_expired_get_401,
);

fn is_sign_in_redirect(reply: &concord_testkit::Reply) -> bool {
    reply.status == 303 && reply.location.as_deref() == Some("/sign-in")
}

async fn idle_sessions_expire(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    let (mut browser, _) = signed_in(&t, "analyst").await;
    t.clock.advance(Duration::minutes(29));
    assert_eq!(
        browser.get("/").await.status,
        200,
        "29 idle minutes are fine"
    );
    t.clock.advance(Duration::minutes(29));
    assert_eq!(
        browser.get("/").await.status,
        200,
        "activity resets the idle timer"
    );
    t.clock.advance(Duration::minutes(30));
    assert!(
        is_sign_in_redirect(&browser.get("/").await),
        "30 idle minutes end it"
    );
}

async fn sessions_expire_after_twelve_hours_however_active(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    let (mut browser, _) = signed_in(&t, "analyst").await;
    // Active every 20 minutes for 11 h 40 min.
    for _ in 0..35 {
        t.clock.advance(Duration::minutes(20));
        assert_eq!(browser.get("/").await.status, 200);
    }
    t.clock.advance(Duration::minutes(20));
    assert!(
        is_sign_in_redirect(&browser.get("/").await),
        "12 hours end it"
    );
}

async fn signing_out_revokes_the_session(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    let (mut browser, _) = signed_in(&t, "analyst").await;
    let cookie = browser.session_cookie().expect("a session cookie");
    browser.get("/").await;
    let out = browser.post("/sign-out", &[]).await;
    assert!(is_sign_in_redirect(&out));
    // Replaying the old cookie does not work: the session is revoked in
    // the database, not just forgotten by the browser.
    let replay = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .get(browser.url("/"))
        .header("cookie", format!("concord_session={cookie}"))
        .send()
        .await
        .unwrap();
    assert_eq!(replay.status(), 303);
    assert_eq!(replay.headers()["location"], "/sign-in");
}

async fn password_change_ends_every_session(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    let (mut laptop, _) = signed_in(&t, "analyst").await;
    let (mut phone, _) = signed_in(&t, "analyst").await;
    let token = api_token(&mut phone, "read", "30").await;
    laptop.get("/account").await;
    let changed = laptop
        .post(
            "/account/password",
            &[
                ("current_password", DEMO_PASSWORD),
                ("new_password", "a brand new passphrase 2026"),
            ],
        )
        .await;
    assert!(is_sign_in_redirect(&changed), "{}", changed.body);
    assert!(
        is_sign_in_redirect(&phone.get("/").await),
        "the other session ended"
    );
    let api = reqwest::Client::new()
        .get(phone.url("/api/v1/me"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(api.status(), 401, "API tokens end with a password change");
    assert!(
        is_sign_in_redirect(&laptop.get("/").await),
        "this session ended too"
    );
    let old = t.browser().sign_in("analyst", DEMO_PASSWORD).await;
    assert_eq!(old.status, 401, "the old password no longer works");
    let (home, _) = t
        .browser()
        .sign_in_fully("analyst", "a brand new passphrase 2026", None)
        .await;
    assert!(home.contains("Needs my attention"));
}

async fn sign_out_everywhere(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    let (mut laptop, _) = signed_in(&t, "analyst").await;
    let (mut phone, _) = signed_in(&t, "analyst").await;
    let sessions = laptop.get("/account/sessions").await;
    assert_eq!(sessions.status, 200);
    assert_eq!(
        sessions.body.matches("/revoke\"").count(),
        2,
        "both sessions are listed"
    );
    assert!(sessions.contains("this session"));
    laptop.post("/account/sessions/revoke-all", &[]).await;
    assert!(is_sign_in_redirect(&phone.get("/").await));
    assert!(is_sign_in_redirect(&laptop.get("/").await));
}

async fn api_tokens_revoked_or_expired_get_401(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    let (mut browser, _) = signed_in(&t, "analyst").await;
    let client = reqwest::Client::new();
    let url = browser.url("/api/v1/me");
    let me = |token: String| {
        let client = client.clone();
        let url = url.clone();
        async move {
            client
                .get(url)
                .bearer_auth(token)
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    };
    let revoked = api_token(&mut browser, "read", "30").await;
    assert_eq!(me(revoked.clone()).await, 200);
    let tokens = browser.get("/account/tokens").await;
    let id = tokens
        .body
        .split("/account/tokens/")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .expect("a revoke form")
        .to_string();
    browser
        .post(&format!("/account/tokens/{id}/revoke"), &[])
        .await;
    assert_eq!(me(revoked).await, 401, "a revoked token is refused");

    let short = api_token(&mut browser, "read", "1").await;
    assert_eq!(me(short.clone()).await, 200);
    t.clock.advance(Duration::hours(25));
    assert_eq!(me(short).await, 401, "an expired token is refused");
    assert_eq!(me("concord_not-a-token".into()).await, 401);
}
