//! An agency that has lost every administrator is restored by two
//! different system administrators: one asks, another approves within 24
//! hours and sets the one-time password; the requester can never approve
//! their own request; a request lapses at its limit; an agency with an
//! active administrator is never "recovered". The agency is told by e-mail
//! at its directory address and on its administrators' home page, and the
//! audit log names both administrators. A burst of account acts across
//! agencies by one administrator shows on the other system
//! administrators' home pages and in `GET /api/v1/me/alerts`.

use super::cases::agency_id;
use super::support::{api_token, signed_in, user_id};
use chrono::Duration;
use concord_app::AppConfig;
use concord_testkit::{Browser, Engine, Reply, SmtpSink, TestApp, TestAppOptions, on_both_engines};
use serde_json::{Value, json};

on_both_engines!(
    two_system_administrators_restore_an_agency_that_lost_its_administrator,
    a_request_lapses_at_its_limit_and_cannot_be_approved_after,
    an_agency_with_an_active_administrator_is_never_recovered,
    a_burst_of_account_acts_shows_on_the_other_administrators_home_pages,
    one_system_administrator_never_approves_with_an_account_they_made,
    one_system_administrator_never_approves_as_an_administrator_whose_credentials_they_reset,
);

const SHELTER: &str = "Safe Haven Women's Shelter";
const MINISTRY: &str = "Ministry of Gender and Social Affairs";
/// The shelter's organization's directory address in the demo.
const SHELTER_MAIL: &str = "referrals@safehavenwomensshelt.example";
const REASON: &str = "Maria Santos is locked out; the director asked by telephone.";

/// The demo district (with its directory, for the agencies' addresses),
/// e-mail through the sink, and a second system administrator made from
/// the command line a day ago (the test clock moved on since), so she may
/// approve. Returns the second administrator's password.
async fn district(engine: Engine, sink: Option<&SmtpSink>) -> (TestApp, String) {
    let mut config = AppConfig::default();
    if let Some(sink) = sink {
        config.referrals.smtp = Some(concord_app::referrals::SmtpConfig {
            url: sink.url.clone(),
            from: "concord@district.example".into(),
        });
        config.referrals.public_url = "https://concord.district.example".into();
    }
    let t = TestApp::spawn_with(
        engine,
        TestAppOptions {
            config,
            ..Default::default()
        },
    )
    .await;
    t.seed_demo().await;
    assert!(t.app.seed_demo_directory().await.unwrap());
    let password = t
        .create_user("second.admin", MINISTRY, &["system_administrator"])
        .await;
    t.clock.advance(Duration::hours(24));
    (t, password)
}

/// A browser signed in as the second system administrator (enrolling a
/// second factor the first time); returns it and the factor's secret.
async fn second_admin(
    t: &TestApp,
    password: &str,
    secret: Option<&[u8]>,
) -> (Browser, Option<Vec<u8>>) {
    let mut browser = t.browser();
    let (home, secret) = browser
        .sign_in_fully("second.admin", password, secret)
        .await;
    assert!(home.contains("Needs my attention"), "{}", home.body);
    (browser, secret)
}

/// Asks, through the page, to restore `agency`'s administration with the
/// account `username` (a new one when `display_name` is not empty).
async fn ask(browser: &mut Browser, agency: &str, username: &str, display_name: &str) -> Reply {
    let form = browser.get("/account-recoveries/new").await;
    assert_eq!(form.status, 200, "{}", form.body);
    browser
        .post(
            "/account-recoveries",
            &[
                ("agency_id", agency),
                ("username", username),
                ("display_name", display_name),
                ("reason", REASON),
            ],
        )
        .await
}

/// Asks and returns the request's page path.
async fn asked(browser: &mut Browser, agency: &str, username: &str, display_name: &str) -> String {
    let reply = ask(browser, agency, username, display_name).await;
    assert_eq!(reply.status, 303, "{}", reply.body);
    reply.location.expect("the request's page")
}

async fn approve(browser: &mut Browser, request: &str, password: &str) -> Reply {
    browser.get(request).await;
    browser
        .post(&format!("{request}/approve"), &[("password", password)])
        .await
}

/// The newest audit events of `action`, through the API.
async fn audit_events(t: &TestApp, token: &str, action: &str) -> Vec<Value> {
    let page: Value = reqwest::Client::new()
        .get(format!(
            "{}/api/v1/audit-events?action={action}",
            t.base_url
        ))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    page["items"].as_array().unwrap().clone()
}

async fn api(t: &TestApp, token: &str, method: &str, path: &str, body: Value) -> (u16, Value) {
    let http = reqwest::Client::new();
    let url = format!("{}/api/v1{path}", t.base_url);
    let request = match method {
        "GET" => http.get(url),
        _ => http.post(url).json(&body),
    };
    let response = request.bearer_auth(token).send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn two_system_administrators_restore_an_agency_that_lost_its_administrator(engine: Engine) {
    let sink = SmtpSink::start().await;
    let (t, second_password) = district(engine, Some(&sink)).await;
    let shelter = agency_id(&t, SHELTER).await;
    // The shelter's only administrator is gone.
    t.app
        .disable_user_from_command_line("shelter.admin")
        .await
        .unwrap();
    let (mut grace, _) = signed_in(&t, "admin").await;
    let (mut second, _) = second_admin(&t, &second_password, None).await;
    assert!(
        !second.get("/").await.contains("waiting for your approval"),
        "nothing to approve yet"
    );

    // Grace asks to restore Maria's account.
    let request = asked(&mut grace, &shelter, "shelter.admin", "").await;
    let page = grace.get(&request).await;
    assert!(page.contains("another system administrator must approve it"));
    assert!(
        !page.contains("/approve\""),
        "no approval form for the requester"
    );
    assert!(page.contains("Maria Santos is locked out"));

    // She can never approve it herself: refused, audited, nothing changes.
    let own = approve(&mut grace, &request, "a one-time password for maria").await;
    assert_eq!(own.status, 403, "{}", own.body);
    assert!(own.contains("You asked for this recovery"), "{}", own.body);
    assert!(
        own.contains("Waiting for approval"),
        "still open: {}",
        own.body
    );
    let mut maria = t.browser();
    let locked = maria
        .sign_in("shelter.admin", "a one-time password for maria")
        .await;
    assert!(!locked.contains("Needs my attention"));

    // The second administrator sees it waiting on her home page, and
    // approves it with a one-time password.
    let home = second.get("/").await;
    assert!(
        home.contains("Account recovery requests waiting for your approval: 1"),
        "{}",
        home.body
    );
    let approved = approve(&mut second, &request, "a one-time password for maria").await;
    assert_eq!(approved.status, 200, "{}", approved.body);
    assert!(approved.contains("Approved."), "{}", approved.body);
    assert!(!second.get("/").await.contains("waiting for your approval"));

    // The shelter is told at its directory address: its name, the time
    // and a link, and nothing more.
    let mails = sink.wait_for(1).await;
    assert_eq!(mails.len(), 1, "{mails:?}");
    assert_eq!(mails[0].to, [SHELTER_MAIL]);
    let data = mails[0].data.replace("=\n", "").replace("=3D", "=");
    assert!(data.contains("the administration of Safe Haven"), "{data}");
    assert!(data.contains("https://concord.district.example/"), "{data}");
    for secret in ["shelter.admin", "Maria", "one-time password", "telephone"] {
        assert!(
            !data.contains(secret),
            "the e-mail carries {secret}: {data}"
        );
    }

    // Maria signs in with the one-time password, enrols a second factor
    // afresh, and finds the notice on her home page: who was made
    // administrator, who asked, who approved and why.
    let (home, _) = maria
        .sign_in_fully("shelter.admin", "a one-time password for maria", None)
        .await;
    assert!(home.contains("Needs my attention"), "{}", home.body);
    let notice = home
        .body
        .split("id=\"account-recovery-notices\"")
        .nth(1)
        .expect("the recovery notice")
        .split("</ul>")
        .next()
        .unwrap()
        .to_string();
    for fact in [
        "shelter.admin",
        "Grace Obi asked",
        "Test second.admin approved",
        "the director asked by telephone",
    ] {
        assert!(notice.contains(fact), "{fact}: {notice}");
    }
    // And she administers the shelter again.
    assert_eq!(maria.get("/users").await.status, 200);
    let dismiss = notice
        .split("action=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("a dismiss button")
        .to_string();
    assert_eq!(
        maria.post(&dismiss, &[] as &[(&str, &str)]).await.status,
        303
    );
    assert!(!maria.get("/").await.contains("account-recovery-notices"));

    // The audit log names both administrators: the request, the refused
    // self-approval, the approval and the account's new password.
    let token = api_token(&mut grace, "read", "30").await;
    let (grace_id, second_id, maria_id) = (
        user_id(&t, "admin").await,
        user_id(&t, "second.admin").await,
        user_id(&t, "shelter.admin").await,
    );
    let requested = &audit_events(&t, &token, "account_recovery.requested").await[0];
    assert_eq!(requested["actor_user_id"], grace_id.as_str());
    assert_eq!(requested["details"]["agency_id"], shelter.as_str());
    assert_eq!(requested["details"]["user_id"], maria_id.as_str());
    let refused = &audit_events(&t, &token, "account_recovery.refused").await[0];
    assert_eq!(refused["outcome"], "denied");
    assert_eq!(refused["details"]["reason"], "own_request");
    assert_eq!(refused["details"]["refused_by"], grace_id.as_str());
    assert_eq!(refused["details"]["requested_by"], grace_id.as_str());
    let approval = &audit_events(&t, &token, "account_recovery.approved").await[0];
    assert_eq!(approval["actor_user_id"], second_id.as_str());
    assert_eq!(approval["details"]["requested_by"], grace_id.as_str());
    assert_eq!(approval["details"]["approved_by"], second_id.as_str());
    assert_eq!(approval["details"]["user_id"], maria_id.as_str());
    let reset = &audit_events(&t, &token, "password.reset").await[0];
    assert_eq!(reset["object_id"], maria_id.as_str());
    assert_eq!(reset["details"]["via"], "account_recovery");
    for event in [requested, refused, approval, reset] {
        assert!(
            !event.to_string().contains("telephone"),
            "the reason stays out of the audit log"
        );
    }

    // The API says the same, and never lets a token approve.
    let (status, list) = api(&t, &token, "GET", "/account-recoveries", json!({})).await;
    assert_eq!(status, 200);
    assert_eq!(list[0]["status"], "approved");
    assert_eq!(list[0]["decided_by"], second_id.as_str());
    let id = request.trim_start_matches("/account-recoveries/");
    let second_token = api_token(&mut second, "read_write", "30").await;
    let (status, body) = api(
        &t,
        &second_token,
        "POST",
        &format!("/account-recoveries/{id}/approve"),
        json!({ "password": "another one-time password" }),
    )
    .await;
    // The credential rule, worded as every other token refusal of a
    // password change, and audited with its reason.
    assert_eq!(status, 403, "{body}");
    assert_eq!(body["error"]["code"], "forbidden", "{body}");
    assert_eq!(
        body["error"]["message"],
        "An API token cannot change a password, a second factor, recovery codes or tokens, \
         its own or anyone's: sign in to Concord for that.",
        "{body}"
    );
    let denied = audit_events(&t, &token, "access.denied").await;
    assert!(
        denied
            .iter()
            .any(|e| e["object_id"] == id
                && e["details"]["reason"] == "TokenCannotChangeCredentials"),
        "{denied:?}"
    );

    // Every route is in the OpenAPI document.
    let doc: Value = reqwest::get(format!("{}/api/openapi.json", t.base_url))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    for (path, methods) in [
        ("/account-recoveries", vec!["get", "post"]),
        ("/account-recoveries/{id}", vec!["get"]),
        ("/account-recoveries/{id}/approve", vec!["post"]),
        ("/account-recoveries/{id}/decline", vec!["post"]),
        ("/me/alerts", vec!["get"]),
        ("/me/alerts/recovery-notices/{id}/dismiss", vec!["post"]),
    ] {
        for method in methods {
            assert!(
                doc["paths"][path][method].is_object(),
                "{method} {path} is not documented"
            );
        }
    }
}

async fn a_request_lapses_at_its_limit_and_cannot_be_approved_after(engine: Engine) {
    let (t, second_password) = district(engine, None).await;
    let shelter = agency_id(&t, SHELTER).await;
    // An agency that never had anyone in Concord: a new account.
    let court = agency_id(&t, "Lakeside Magistrates' Court").await;
    t.app
        .disable_user_from_command_line("shelter.admin")
        .await
        .unwrap();
    let (mut grace, grace_secret) = signed_in(&t, "admin").await;
    let to_shelter = asked(&mut grace, &shelter, "shelter.admin", "").await;
    let to_court = asked(&mut grace, &court, "court.admin", "Court Administrator").await;
    let token = api_token(&mut grace, "read", "30").await;

    // The instant before the limit, the court's request is still approved.
    t.clock
        .advance(Duration::hours(24) - Duration::microseconds(1));
    let (mut second, _) = second_admin(&t, &second_password, None).await;
    let approved = approve(&mut second, &to_court, "court one-time password").await;
    assert_eq!(approved.status, 200, "{}", approved.body);
    let mut clerk = t.browser();
    let (home, _) = clerk
        .sign_in_fully("court.admin", "court one-time password", None)
        .await;
    assert!(home.contains("Needs my attention"), "{}", home.body);

    // At the limit the shelter's has lapsed: refused, and recorded once.
    t.clock.advance(Duration::microseconds(1));
    let refused = approve(&mut second, &to_shelter, "shelter one-time password").await;
    assert_eq!(refused.status, 409, "{}", refused.body);
    assert!(refused.contains("This request lapsed"), "{}", refused.body);
    assert!(refused.contains("Lapsed: not approved in time"));
    let mut maria = t.browser();
    assert!(
        !maria
            .sign_in("shelter.admin", "shelter one-time password")
            .await
            .contains("Needs my attention")
    );
    let lapsed = audit_events(&t, &token, "account_recovery.lapsed").await;
    assert_eq!(lapsed.len(), 1, "{lapsed:?}");
    assert_eq!(lapsed[0]["actor_user_id"], Value::Null);
    assert_eq!(
        lapsed[0]["details"]["requested_by"],
        user_id(&t, "admin").await.as_str()
    );
    let refusal = &audit_events(&t, &token, "account_recovery.refused").await[0];
    assert_eq!(refusal["details"]["reason"], "lapsed");
    assert_eq!(
        refusal["details"]["refused_by"],
        user_id(&t, "second.admin").await.as_str()
    );

    // After it, too; and the list reads it lapsed. A new request may be
    // made for the shelter, and approved in time.
    t.clock.advance(Duration::microseconds(1));
    let again = approve(&mut second, &to_shelter, "shelter one-time password").await;
    assert_eq!(again.status, 409, "{}", again.body);
    assert!(again.contains("already been decided"), "{}", again.body);
    let list = second.get("/account-recoveries").await;
    assert!(list.contains("No request is waiting for approval."));
    let mut grace = t.browser();
    grace
        .sign_in_fully(
            "admin",
            concord_app::demo::DEMO_PASSWORD,
            grace_secret.as_deref(),
        )
        .await;
    let retry = asked(&mut grace, &shelter, "shelter.admin", "").await;
    // (The second administrator is still signed in: a second factor's
    // code is never accepted twice, so she does not sign in again within
    // the same time step.)
    let approved = approve(&mut second, &retry, "shelter one-time password").await;
    assert_eq!(approved.status, 200, "{}", approved.body);
}

async fn an_agency_with_an_active_administrator_is_never_recovered(engine: Engine) {
    let (t, second_password) = district(engine, None).await;
    let shelter = agency_id(&t, SHELTER).await;
    let (mut grace, _) = signed_in(&t, "admin").await;

    // Maria still administers the shelter: no request, on the page or by
    // the API, and the refusal is audited.
    let refused = ask(&mut grace, &shelter, "shelter.admin", "").await;
    assert_eq!(refused.status, 409, "{}", refused.body);
    assert!(
        refused.contains("This agency has an active administrator"),
        "{}",
        refused.body
    );
    let token = api_token(&mut grace, "read_write", "30").await;
    let (status, body) = api(
        &t,
        &token,
        "POST",
        "/account-recoveries",
        json!({
            "agency_id": shelter,
            "username": "shelter.deputy",
            "display_name": "Shelter Deputy",
            "reason": REASON,
        }),
    )
    .await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["error"]["code"], "conflict");
    let refusals = audit_events(&t, &token, "account_recovery.refused").await;
    assert_eq!(refusals.len(), 2);
    assert!(
        refusals
            .iter()
            .all(|e| e["details"]["reason"] == "agency_has_administrator")
    );
    let (_, list) = api(&t, &token, "GET", "/account-recoveries", json!({})).await;
    assert_eq!(list, json!([]));

    // Nor a case worker's account, whose sign-in stays with the shelter.
    t.app
        .disable_user_from_command_line("shelter.admin")
        .await
        .unwrap();
    let caseworker = ask(&mut grace, &shelter, "shelter.caseworker", "").await;
    assert_eq!(caseworker.status, 403, "{}", caseworker.body);
    assert!(caseworker.contains("That account works with cases"));

    // Asked while the shelter had no administrator; the operator made one
    // from the command line meanwhile: the approval is refused.
    let request = asked(&mut grace, &shelter, "shelter.admin", "").await;
    t.create_user("shelter.deputy", SHELTER, &["agency_administrator"])
        .await;
    let (mut second, _) = second_admin(&t, &second_password, None).await;
    let late = approve(&mut second, &request, "a one-time password for maria").await;
    assert_eq!(late.status, 409, "{}", late.body);
    assert!(late.contains("This agency has an active administrator"));
    let mut maria = t.browser();
    assert!(
        !maria
            .sign_in("shelter.admin", "a one-time password for maria")
            .await
            .contains("Needs my attention"),
        "Maria's account was not restored"
    );
}

async fn a_burst_of_account_acts_shows_on_the_other_administrators_home_pages(engine: Engine) {
    let (t, second_password) = district(engine, None).await;
    let (mut grace, _) = signed_in(&t, "admin").await;
    let (mut second, _) = second_admin(&t, &second_password, None).await;
    let grace_token = api_token(&mut grace, "read_write", "30").await;
    let second_token = api_token(&mut second, "read", "30").await;
    let alerts = |token: String| {
        let t = &t;
        async move { api(t, &token, "GET", "/me/alerts", json!({})).await.1 }
    };
    // Grace creates the first administrator of five agencies that have
    // nobody in Concord yet, a minute apart.
    let agencies = [
        "Northern Public Prosecutor's Office",
        "Lakeside Magistrates' Court",
        "Hillview Primary Health Clinic",
        "Women's Legal Aid Network",
        "Northern Housing Authority",
    ];
    for (i, name) in agencies.iter().enumerate() {
        if i > 0 {
            t.clock.advance(Duration::minutes(1));
        }
        let (status, body) = api(
            &t,
            &grace_token,
            "POST",
            "/users",
            json!({
                "username": format!("first.admin{i}"),
                "display_name": format!("First Administrator {i}"),
                "agency_id": agency_id(&t, name).await,
                "roles": ["agency_administrator"],
                "password": "a long enough first password",
            }),
        )
        .await;
        assert_eq!(status, 201, "{name}: {body}");
        if i == 3 {
            // Four acts are not a burst.
            assert_eq!(alerts(second_token.clone()).await["bursts"], json!([]));
        }
    }

    // The fifth makes one: the other administrator sees it, by page and
    // API; Grace herself is not alerted to her own.
    let home = second.get("/").await;
    assert!(home.contains("Unusual account activity"), "{}", home.body);
    assert!(
        home.contains("Grace Obi created accounts or reset passwords or two-step sign-in 5 times in 5 agencies"),
        "{}",
        home.body
    );
    let grace_id = user_id(&t, "admin").await;
    assert!(home.contains(&format!("/audit?actor={grace_id}")));
    let seen = alerts(second_token.clone()).await;
    assert_eq!(seen["bursts"][0]["actor_user_id"], grace_id.as_str());
    assert_eq!(seen["bursts"][0]["acts"], 5);
    assert_eq!(seen["bursts"][0]["agencies"], 5);
    assert!(!grace.get("/").await.contains("Unusual account activity"));
    assert_eq!(alerts(grace_token.clone()).await["bursts"], json!([]));

    // It stays a day after the last act, and not an instant longer.
    t.clock
        .advance(Duration::hours(24) - Duration::microseconds(1));
    assert_eq!(
        alerts(second_token.clone()).await["bursts"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    t.clock.advance(Duration::microseconds(1));
    assert_eq!(alerts(second_token.clone()).await["bursts"], json!([]));
}

/// Creates a system administrator account through the API with `token`;
/// returns its password.
async fn system_administrator_made_by(t: &TestApp, token: &str, username: &str) -> String {
    let password = format!("{} one long password", username.replace('.', " x "));
    let (status, body) = api(
        t,
        token,
        "POST",
        "/users",
        json!({
            "username": username,
            "display_name": format!("Made {username}"),
            "agency_id": agency_id(t, MINISTRY).await,
            "roles": ["system_administrator"],
            "password": password,
        }),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    password
}

/// The hole the grant-graph search found: one system administrator makes
/// a second system administrator account, asks with one and approves with
/// the other. The approver's account must not be the requester's making
/// and must have existed a day before the request.
async fn one_system_administrator_never_approves_with_an_account_they_made(engine: Engine) {
    let (t, second_password) = district(engine, None).await;
    let shelter = agency_id(&t, SHELTER).await;
    t.app
        .disable_user_from_command_line("shelter.admin")
        .await
        .unwrap();
    // Long ago, the second administrator made a third, who has stood for
    // a day by the time of the request.
    let (mut second, _) = second_admin(&t, &second_password, None).await;
    let second_token = api_token(&mut second, "read_write", "30").await;
    let long_password = system_administrator_made_by(&t, &second_token, "long.admin").await;
    t.clock.advance(Duration::hours(24));

    // Grace makes herself a second account, and asks with the first.
    let (mut grace, _) = signed_in(&t, "admin").await;
    let grace_token = api_token(&mut grace, "read_write", "30").await;
    let own_password = system_administrator_made_by(&t, &grace_token, "grace.two").await;
    let request = asked(&mut grace, &shelter, "shelter.admin", "").await;

    // Her second account may not approve: 403, naming why, audited,
    // nothing changes.
    let mut two = t.browser();
    two.sign_in_fully("grace.two", &own_password, None).await;
    // Her second account is not offered an approval form, but told why,
    // and nothing waits for it on its home page.
    let page = two.get(&request).await;
    assert!(!page.contains("/approve\""), "{}", page.body);
    assert!(
        page.contains("come from the same hands: one was created by the other"),
        "{}",
        page.body
    );
    assert!(!two.get("/").await.contains("waiting for your approval"));
    let refused = approve(&mut two, &request, "a one-time password for maria").await;
    assert_eq!(refused.status, 403, "{}", refused.body);
    assert!(
        refused.contains("come from the same hands: one was created by the other"),
        "{}",
        refused.body
    );
    assert!(refused.contains("Waiting for approval"), "{}", refused.body);
    let mut maria = t.browser();
    assert!(
        !maria
            .sign_in("shelter.admin", "a one-time password for maria")
            .await
            .contains("Needs my attention"),
        "Maria's account was not restored"
    );

    // Nor may an account someone else made after the request (or less
    // than a day before it).
    let fresh_password = t
        .create_user("fresh.admin", MINISTRY, &["system_administrator"])
        .await;
    let mut fresh = t.browser();
    fresh
        .sign_in_fully("fresh.admin", &fresh_password, None)
        .await;
    let too_new = approve(&mut fresh, &request, "a one-time password for maria").await;
    assert_eq!(too_new.status, 403, "{}", too_new.body);
    assert!(
        too_new.contains("less than 24 hours before this recovery was asked for"),
        "{}",
        too_new.body
    );

    let token = api_token(&mut grace, "read", "30").await;
    let refusals = audit_events(&t, &token, "account_recovery.refused").await;
    let (grace_id, two_id, fresh_id) = (
        user_id(&t, "admin").await,
        user_id(&t, "grace.two").await,
        user_id(&t, "fresh.admin").await,
    );
    for (by, reason) in [
        (&two_id, "related_accounts"),
        (&fresh_id, "approver_too_new"),
    ] {
        assert!(
            refusals.iter().any(|e| e["outcome"] == "denied"
                && e["actor_user_id"] == by.as_str()
                && e["details"]["reason"] == reason
                && e["details"]["requested_by"] == grace_id.as_str()),
            "{reason}: {refusals:?}"
        );
    }

    // The long-standing administrator someone else made approves.
    let mut long = t.browser();
    long.sign_in_fully("long.admin", &long_password, None).await;
    assert!(long.get(&request).await.contains("/approve\""));
    assert!(long.get("/").await.contains("waiting for your approval"));
    let approved = approve(&mut long, &request, "a one-time password for maria").await;
    assert_eq!(approved.status, 200, "{}", approved.body);
    assert!(approved.contains("Approved."), "{}", approved.body);
    let approval = &audit_events(&t, &token, "account_recovery.approved").await[0];
    assert_eq!(
        approval["details"]["approved_by"],
        user_id(&t, "long.admin").await.as_str()
    );
}

/// The other way to hold two accounts: reset another system
/// administrator's password and second factor (system administrators
/// manage system administrators), sign in as them and approve one's own
/// request. Whoever ever set an account's credentials is in its line, for
/// good: a password changed through the account later proves nothing.
async fn one_system_administrator_never_approves_as_an_administrator_whose_credentials_they_reset(
    engine: Engine,
) {
    let (t, _) = district(engine, None).await;
    let shelter = agency_id(&t, SHELTER).await;
    let second = user_id(&t, "second.admin").await;
    t.app
        .disable_user_from_command_line("shelter.admin")
        .await
        .unwrap();

    // Grace resets the second administrator's credentials and asks.
    let (mut grace, _) = signed_in(&t, "admin").await;
    grace.get(&format!("/users/{second}")).await;
    let taken = "grace now knows this password";
    let reset = grace
        .post(
            &format!("/users/{second}/reset-password"),
            &[("password", taken)],
        )
        .await;
    assert!(reset.status < 400, "{}", reset.body);
    grace.get(&format!("/users/{second}")).await;
    let removed = grace
        .post(&format!("/users/{second}/reset-second-factor"), &[])
        .await;
    assert!(removed.status < 400, "{}", removed.body);
    let request = asked(&mut grace, &shelter, "shelter.admin", "").await;

    // Signed in as the second administrator, she is not offered the
    // approval, is told why, and is refused if she posts it anyway.
    let mut posing = t.browser();
    let (_, secret) = posing.sign_in_fully("second.admin", taken, None).await;
    let page = posing.get(&request).await;
    assert!(!page.contains("/approve\""), "{}", page.body);
    assert!(page.contains("come from the same hands"), "{}", page.body);
    let changed = posing
        .post(
            "/account/password",
            &[
                ("current_password", taken),
                ("new_password", "a password changed through the account"),
            ],
        )
        .await;
    assert!(changed.status < 400, "{}", changed.body);
    // The next code of the second factor (each code is used once).
    t.clock.advance(Duration::seconds(30));
    let (home, _) = posing
        .sign_in_fully(
            "second.admin",
            "a password changed through the account",
            secret.as_deref(),
        )
        .await;
    assert!(home.contains("Needs my attention"), "{}", home.body);
    let refused = approve(&mut posing, &request, "a one-time password for maria").await;
    assert_eq!(refused.status, 403, "{}", refused.body);
    assert!(refused.contains("Waiting for approval"), "{}", refused.body);
    let token = api_token(&mut grace, "read", "30").await;
    let refusals = audit_events(&t, &token, "account_recovery.refused").await;
    assert!(
        refusals
            .iter()
            .any(|e| e["actor_user_id"] == second.as_str()
                && e["details"]["reason"] == "related_accounts"),
        "{refusals:?}"
    );
}
