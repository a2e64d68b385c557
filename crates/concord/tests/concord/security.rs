//! Security headers, cross-site request refusal, cookie attributes, and
//! pages that stay closed without a session.

use super::support::signed_in;
use concord_testkit::{Engine, TestApp, on_both_engines};

on_both_engines!(
    pages_carry_strict_security_headers,
    cross_site_posts_are_refused,
    pages_need_a_session,
    one_address_is_held_to_its_request_rate,
);

/// A flood from one address is answered 429 with Retry-After once its
/// burst is spent; the limit is per address (here: 3 at once, then one a
/// minute, so the outcome does not depend on how fast the machine is).
async fn one_address_is_held_to_its_request_rate(engine: Engine) {
    let t = TestApp::spawn_with(
        engine,
        concord_testkit::TestAppOptions {
            rate_limit: Some(concord_web::RateLimit {
                per_minute: 1,
                burst: 3,
            }),
            ..Default::default()
        },
    )
    .await;
    let mut browser = t.browser();
    for n in 1..=3 {
        assert_eq!(browser.get("/sign-in").await.status, 200, "request {n}");
    }
    let refused = browser.get("/sign-in").await;
    assert_eq!(refused.status, 429);
    let wait: u64 = refused
        .header("retry-after")
        .expect("Retry-After")
        .parse()
        .expect("seconds");
    assert!((1..=60).contains(&wait), "{wait}");
    assert!(refused.contains("too_many_requests"));
    let api = reqwest::get(browser.url("/api/openapi.json"))
        .await
        .unwrap();
    assert_eq!(api.status(), 429, "the API is behind the same limit");

    // Without a limit configured (as in the other tests) nothing is refused.
    let open = TestApp::spawn(engine).await;
    let mut browser = open.browser();
    for _ in 0..10 {
        assert_eq!(browser.get("/sign-in").await.status, 200);
    }
}

async fn pages_carry_strict_security_headers(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    let (mut browser, _) = signed_in(&t, "analyst").await;
    let page = browser.get("/agencies").await;
    let csp = page.header("content-security-policy").expect("a CSP");
    assert!(csp.contains("frame-ancestors 'none'"));
    assert!(csp.contains("default-src 'none'"));
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("a script nonce");
    assert!(
        page.contains(&format!("nonce=\"{nonce}\"")),
        "scripts carry this response's nonce"
    );
    assert!(!page.body.contains("<script>"), "no inline script");
    let again = browser.get("/agencies").await;
    assert_ne!(
        again.header("content-security-policy"),
        Some(csp.clone()),
        "a fresh nonce each time"
    );
    assert_eq!(page.header("cache-control").as_deref(), Some("no-store"));
    assert_eq!(
        page.header("x-content-type-options").as_deref(),
        Some("nosniff")
    );
    assert_eq!(
        page.header("referrer-policy").as_deref(),
        Some("no-referrer")
    );
    assert_eq!(page.header("x-frame-options").as_deref(), Some("DENY"));

    let sign_in = t.browser().get("/sign-in").await;
    let cookie = sign_in.header("set-cookie").expect("a pre-session cookie");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"));
    assert!(!sign_in.contains("Demo mode"), "serve shows no demo banner");
}

async fn cross_site_posts_are_refused(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    let (mut admin, _) = signed_in(&t, "admin").await;
    admin.get("/agencies/new").await;
    let cookie = admin.session_cookie().unwrap();
    // A hostile page submitting a form in the admin's browser.
    let evil = admin
        .raw()
        .post(admin.url("/agencies"))
        .header("origin", "https://evil.example")
        .header("cookie", format!("concord_session={cookie}"))
        .form(&[
            ("name", "Evil Agency"),
            ("sector", "health"),
            ("governance", "government"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(evil.status(), 403);
    let fetch = admin
        .raw()
        .post(admin.url("/sign-out"))
        .header("sec-fetch-site", "cross-site")
        .send()
        .await
        .unwrap();
    assert_eq!(fetch.status(), 403);
    assert!(!admin.get("/agencies").await.contains("Evil Agency"));
    assert_eq!(admin.get("/").await.status, 200, "still signed in");
}

async fn pages_need_a_session(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    let mut anonymous = t.browser();
    for path in [
        "/",
        "/areas",
        "/agencies",
        "/users",
        "/audit",
        "/account",
        "/account/tokens",
    ] {
        let reply = anonymous.get(path).await;
        assert_eq!(reply.status, 303, "{path}");
        assert_eq!(reply.location.as_deref(), Some("/sign-in"), "{path}");
    }
    let api = reqwest::get(anonymous.url("/api/v1/agencies"))
        .await
        .unwrap();
    assert_eq!(api.status(), 401);
    assert_eq!(api.headers()["www-authenticate"], "Bearer");
    let health = reqwest::get(anonymous.url("/healthz")).await.unwrap();
    assert_eq!(health.status(), 200);
}
