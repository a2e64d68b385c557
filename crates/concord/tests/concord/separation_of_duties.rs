//! Separation of duties over accounts, through HTTP: the paths an outside
//! test opened from a system administrator's token to a shelter's case
//! files are refused (an administrator added to a shelter that has one, a
//! reset of the shelter administrator's password, a token resetting its own
//! account's password), onboarding still gives a new agency its first
//! administrator, and a reset by the agency's own administrator ends the
//! account's sessions and tokens and tells its owner by e-mail.

use super::support::{api_token, signed_in, user_id};
use chrono::Duration;
use concord_app::AppConfig;
use concord_app::demo::DEMO_PASSWORD;
use concord_testkit::{Engine, SmtpSink, TestApp, TestAppOptions, on_both_engines};
use serde_json::{Value, json};
use std::collections::BTreeSet;

on_both_engines!(
    a_system_administrator_cannot_add_an_administrator_to_an_agency_that_has_one,
    a_system_administrator_cannot_reset_the_sign_in_of_an_agencys_administrator,
    an_api_token_cannot_change_credentials_its_own_or_anyones,
    onboarding_gives_a_new_agency_its_first_administrator_and_no_second,
    a_reset_by_the_agencys_own_administrator_ends_sign_ins_and_tells_the_owner,
);

const SHELTER: &str = "Safe Haven Women's Shelter";
const AGENCY_MANAGES: &str =
    "Only the agency's own administrators create, change, reset or disable its accounts.";
const TOKEN_REFUSED: &str = "An API token cannot change a password, a second factor, recovery codes or tokens, its own or anyone's: sign in to Concord for that.";
const USE_MY_ACCOUNT: &str =
    "To change your own password or two-step sign-in, use My account, with your current password.";

/// A JSON API client with one bearer token.
struct Api {
    http: reqwest::Client,
    base: String,
    token: String,
}

impl Api {
    fn new(t: &TestApp, token: String) -> Api {
        Api {
            http: reqwest::Client::new(),
            base: format!("{}/api/v1", t.base_url),
            token,
        }
    }

    async fn send(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> (u16, Value) {
        let mut request = self
            .http
            .request(method, format!("{}{path}", self.base))
            .bearer_auth(&self.token);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    async fn get(&self, path: &str) -> (u16, Value) {
        self.send(reqwest::Method::GET, path, None).await
    }

    async fn post(&self, path: &str, body: Value) -> (u16, Value) {
        self.send(reqwest::Method::POST, path, Some(body)).await
    }
}

async fn agency_id(t: &TestApp, name: &str) -> String {
    t.app
        .find_agency_for_command_line(name)
        .await
        .unwrap()
        .unwrap()
        .id
        .to_string()
}

fn new_account(username: &str, agency: &str, roles: &[&str]) -> Value {
    json!({
        "username": username,
        "display_name": format!("Test {username}"),
        "agency_id": agency,
        "roles": roles,
        "password": "a perfectly fine passphrase",
    })
}

/// Whether a page shows `text` (apostrophes escaped as HTML).
fn shows(page: &concord_testkit::Reply, text: &str) -> bool {
    ["&#39;", "&#x27;", "'"]
        .iter()
        .any(|apostrophe| page.contains(&text.replace('\'', apostrophe)))
}

/// The refusal a forbidden request answers with.
fn refused(reply: &(u16, Value), message: &str) {
    assert_eq!(reply.0, 403, "{}", reply.1);
    assert_eq!(reply.1["error"]["code"], "forbidden", "{}", reply.1);
    assert_eq!(reply.1["error"]["message"], message, "{}", reply.1);
}

/// The user names of an agency's accounts, as a system administrator's
/// token lists them.
async fn usernames(api: &Api, agency: &str) -> BTreeSet<String> {
    let (status, body) = api.get(&format!("/users?agency={agency}&limit=500")).await;
    assert_eq!(status, 200, "{body}");
    body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["username"].as_str().unwrap().to_string())
        .collect()
}

/// The reasons of the `access.denied` events an account caused, read by a
/// system administrator's read-only token.
async fn refusals_by(t: &TestApp, reader: &Api, username: &str) -> Vec<(String, String)> {
    let actor = user_id(t, username).await;
    let (status, body) = reader
        .get(&format!(
            "/audit-events?action=access.denied&actor={actor}&limit=500"
        ))
        .await;
    assert_eq!(status, 200, "{body}");
    body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["object_id"].as_str().unwrap_or_default().to_string(),
                e["details"]["reason"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// Whether a password still opens an account (reaching the second-factor
/// step or the home page).
async fn password_opens(t: &TestApp, username: &str, password: &str) -> bool {
    let page = t.browser().sign_in(username, password).await;
    page.contains("action=\"/sign-in/second-factor\"")
        || page.contains("id=\"totp-secret\"")
        || page.contains("Needs my attention")
}

/// Step 1 of the outside test, and the variations of it: a system
/// administrator cannot make anyone in a shelter that has its own
/// administrator, through the API or the pages; the refusals are audited.
async fn a_system_administrator_cannot_add_an_administrator_to_an_agency_that_has_one(
    engine: Engine,
) {
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    let (mut admin, _) = signed_in(&t, "admin").await;
    let api = Api::new(&t, api_token(&mut admin, "read_write", "30").await);
    let reader = Api::new(&t, api_token(&mut admin, "read", "30").await);
    let shelter = agency_id(&t, SHELTER).await;
    let before = usernames(&api, &shelter).await;

    let second_admin = api
        .post(
            "/users",
            new_account("shelter.admin2", &shelter, &["agency_administrator"]),
        )
        .await;
    refused(&second_admin, AGENCY_MANAGES);
    // So step 2 (that account making a caseworker) has no one to take it.
    assert!(!password_opens(&t, "shelter.admin2", "a perfectly fine passphrase").await);

    for (roles, message) in [
        (
            vec!["caseworker"],
            "Only the agency's own administrators give roles that work with cases.",
        ),
        (vec!["analyst"], AGENCY_MANAGES),
        (vec!["agency_administrator", "analyst"], AGENCY_MANAGES),
        (
            vec!["system_administrator", "agency_administrator"],
            "A system administrator account cannot also be an agency administrator.",
        ),
    ] {
        let reply = api
            .post("/users", new_account("shelter.extra", &shelter, &roles))
            .await;
        refused(&reply, message);
    }

    // The page refuses the same way, saying why.
    admin.get("/users/new").await;
    let page = admin
        .post(
            "/users",
            &[
                ("username", "shelter.admin3"),
                ("display_name", "Third Admin"),
                ("agency_id", &shelter),
                ("roles", "agency_administrator"),
                ("password", "a perfectly fine passphrase"),
            ],
        )
        .await;
    assert_eq!(page.status, 403);
    assert!(shows(&page, AGENCY_MANAGES), "{}", page.body);

    assert_eq!(
        usernames(&api, &shelter).await,
        before,
        "no account was made"
    );
    let reasons: Vec<String> = refusals_by(&t, &reader, "admin")
        .await
        .into_iter()
        .filter(|(object, _)| *object == shelter)
        .map(|(_, reason)| reason)
        .collect();
    assert_eq!(
        reasons
            .iter()
            .filter(|r| *r == "AgencyManagesItsOwnAccounts")
            .count(),
        4,
        "{reasons:?}"
    );
    assert!(reasons.contains(&"CaseRolesStayInTheAgency".to_string()));
    assert!(reasons.contains(&"AdministratorWithAgencyRole".to_string()));
}

/// The second path of the outside test: a system administrator taking over
/// the shelter administrator's account by resetting its sign-in.
async fn a_system_administrator_cannot_reset_the_sign_in_of_an_agencys_administrator(
    engine: Engine,
) {
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    // The shelter's administrator has signed in and set up two-step sign-in.
    let (_, shelter_secret) = signed_in(&t, "shelter.admin").await;
    let (mut admin, _) = signed_in(&t, "admin").await;
    let reader = Api::new(&t, api_token(&mut admin, "read", "30").await);
    let api = Api::new(&t, api_token(&mut admin, "read_write", "30").await);
    let shelter_admin = user_id(&t, "shelter.admin").await;

    let page = admin.get(&format!("/users/{shelter_admin}")).await;
    assert_eq!(page.status, 200, "the account can be seen");
    assert!(shows(
        &page,
        "Only this agency's own administrators change, reset or disable its accounts."
    ));
    for form in ["reset-password", "reset-second-factor", "/disable\""] {
        assert!(!page.contains(form), "{form} is not offered");
    }
    let attempts = [
        (
            format!("/users/{shelter_admin}/reset-password"),
            vec![("password", "the system admin knows this")],
        ),
        (
            format!("/users/{shelter_admin}/reset-second-factor"),
            vec![],
        ),
        (format!("/users/{shelter_admin}/disable"), vec![]),
        (
            format!("/users/{shelter_admin}"),
            vec![("display_name", "Taken"), ("roles", "agency_administrator")],
        ),
    ];
    for (path, fields) in &attempts {
        admin.get(&format!("/users/{shelter_admin}")).await;
        let reply = admin.post(path, fields).await;
        assert_eq!(reply.status, 403, "{path}");
        assert!(shows(&reply, AGENCY_MANAGES), "{path}: {}", reply.body);
    }
    // Through the API: the token is refused first (credentials only with
    // proof), then the agency's own administrators manage its accounts.
    refused(
        &api.post(
            &format!("/users/{shelter_admin}/reset-password"),
            json!({"password": "the system admin knows this"}),
        )
        .await,
        TOKEN_REFUSED,
    );
    refused(
        &api.post(&format!("/users/{shelter_admin}/disable"), json!({}))
            .await,
        AGENCY_MANAGES,
    );

    // The shelter's administrator is untouched: the same password and
    // second factor still sign in.
    t.clock.advance(Duration::seconds(30));
    let (home, _) = t
        .browser()
        .sign_in_fully("shelter.admin", DEMO_PASSWORD, shelter_secret.as_deref())
        .await;
    assert!(home.contains("Needs my attention"), "{}", home.body);

    let reasons: Vec<String> = refusals_by(&t, &reader, "admin")
        .await
        .into_iter()
        .filter(|(object, _)| *object == shelter_admin)
        .map(|(_, reason)| reason)
        .collect();
    assert_eq!(
        reasons
            .iter()
            .filter(|r| *r == "AgencyManagesItsOwnAccounts")
            .count(),
        5,
        "{reasons:?}"
    );
    assert!(reasons.contains(&"TokenCannotChangeCredentials".to_string()));
}

/// The third path: a token resetting its own account's password (and so
/// locking its owner out). Tokens never change credentials, and nobody
/// resets their own through the administrative reset.
async fn an_api_token_cannot_change_credentials_its_own_or_anyones(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    let (mut shelter_admin, secret) = signed_in(&t, "shelter.admin").await;
    let api = Api::new(&t, api_token(&mut shelter_admin, "read_write", "30").await);
    let own = user_id(&t, "shelter.admin").await;
    let caseworker = user_id(&t, "shelter.caseworker").await;

    for id in [&own, &caseworker] {
        refused(
            &api.post(
                &format!("/users/{id}/reset-password"),
                json!({"password": "a token chose this one"}),
            )
            .await,
            TOKEN_REFUSED,
        );
    }
    refused(
        &api.post(
            "/tokens",
            json!({"name": "another", "scope": "read_write", "days": 30}),
        )
        .await,
        TOKEN_REFUSED,
    );
    let (status, tokens) = api.get("/tokens").await;
    assert_eq!(status, 200);
    let token_id = tokens[0]["id"].as_str().unwrap().to_string();
    refused(
        &api.send(
            reqwest::Method::DELETE,
            &format!("/tokens/{token_id}"),
            None,
        )
        .await,
        TOKEN_REFUSED,
    );

    // Nothing changed: the token, the session and the password all work.
    assert_eq!(api.get("/me").await.0, 200);
    assert_eq!(shelter_admin.get("/").await.status, 200);
    assert!(password_opens(&t, "shelter.admin", DEMO_PASSWORD).await);
    assert!(!password_opens(&t, "shelter.admin", "a token chose this one").await);

    // The administrative reset refuses oneself too, from the pages: My
    // account asks for the current password.
    let page = shelter_admin.get(&format!("/users/{own}")).await;
    assert!(!page.contains("reset-password"), "not offered for oneself");
    assert!(
        page.contains("id=\"own-credentials\""),
        "My account is pointed to"
    );
    for path in ["reset-password", "reset-second-factor"] {
        shelter_admin.get(&format!("/users/{own}")).await;
        let reply = shelter_admin
            .post(
                &format!("/users/{own}/{path}"),
                &[("password", "a session chose this one")],
            )
            .await;
        assert_eq!(reply.status, 403, "{path}");
        assert!(shows(&reply, USE_MY_ACCOUNT), "{path}: {}", reply.body);
    }
    t.clock.advance(Duration::seconds(30));
    let (home, _) = t
        .browser()
        .sign_in_fully("shelter.admin", DEMO_PASSWORD, secret.as_deref())
        .await;
    assert!(
        home.contains("Needs my attention"),
        "the second factor stayed"
    );

    let (mut admin, _) = signed_in(&t, "admin").await;
    let reader = Api::new(&t, api_token(&mut admin, "read", "30").await);
    let reasons: Vec<String> = refusals_by(&t, &reader, "shelter.admin")
        .await
        .into_iter()
        .map(|(_, reason)| reason)
        .collect();
    assert_eq!(
        reasons
            .iter()
            .filter(|r| *r == "TokenCannotChangeCredentials")
            .count(),
        4,
        "{reasons:?}"
    );
    assert_eq!(
        reasons
            .iter()
            .filter(|r| *r == "OwnCredentialsInMyAccount")
            .count(),
        2,
        "{reasons:?}"
    );
}

/// Onboarding: a new agency gets its first administrator from a system
/// administrator, who then makes its case workers; a second administrator,
/// or anything else, is the agency's own business; an agency that lost its
/// administrators is not onboarded again.
async fn onboarding_gives_a_new_agency_its_first_administrator_and_no_second(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    let (mut admin, _) = signed_in(&t, "admin").await;
    let api = Api::new(&t, api_token(&mut admin, "read_write", "30").await);
    let new_agency = |name: &'static str| {
        let api = &api;
        async move {
            let (status, agency) = api
                .post(
                    "/agencies",
                    json!({"name": name, "sector": "health", "governance": "government"}),
                )
                .await;
            assert_eq!(status, 201, "{agency}");
            agency["id"].as_str().unwrap().to_string()
        }
    };
    let island = new_agency("Island Clinic").await;

    let (status, first) = api
        .post(
            "/users",
            new_account("island.admin", &island, &["agency_administrator"]),
        )
        .await;
    assert_eq!(status, 201, "{first}");
    assert_eq!(first["roles"], json!(["agency_administrator"]));
    refused(
        &api.post(
            "/users",
            new_account("island.admin2", &island, &["agency_administrator"]),
        )
        .await,
        AGENCY_MANAGES,
    );
    refused(
        &api.post(
            &format!("/users/{}/disable", first["id"].as_str().unwrap()),
            json!({}),
        )
        .await,
        AGENCY_MANAGES,
    );

    // Only the administrator role, only while none exists.
    let hill = new_agency("Hill Refuge").await;
    let not_yet = "This agency has no administrator yet: create its first agency administrator (with that role alone), who then creates its other accounts.";
    for roles in [vec!["agency_administrator", "analyst"], vec!["analyst"]] {
        refused(
            &api.post("/users", new_account("hill.first", &hill, &roles))
                .await,
            not_yet,
        );
    }

    // The first administrator makes the clinic's case workers.
    let mut island_admin = t.browser();
    let (home, _) = island_admin
        .sign_in_fully("island.admin", "a perfectly fine passphrase", None)
        .await;
    assert!(home.contains("Needs my attention"), "{}", home.body);
    island_admin.get("/users/new").await;
    let made = island_admin
        .post(
            "/users",
            &[
                ("username", "island.nurse"),
                ("display_name", "Island Nurse"),
                ("agency_id", &island),
                ("roles", "caseworker"),
                ("password", "the nurse's own passphrase"),
            ],
        )
        .await;
    assert_eq!(made.status, 303, "{}", made.body);
    let (nurse_home, _) = t
        .browser()
        .sign_in_fully("island.nurse", "the nurse's own passphrase", None)
        .await;
    assert!(nurse_home.contains("Needs my attention"));
    assert_eq!(
        usernames(&api, &island).await,
        BTreeSet::from(["island.admin".to_string(), "island.nurse".to_string()])
    );

    // An agency whose every administrator is disabled has lost them: a new
    // one needs a recovery, not a second onboarding.
    t.app
        .disable_user_from_command_line("island.admin")
        .await
        .unwrap();
    refused(
        &api.post(
            "/users",
            new_account("island.again", &island, &["agency_administrator"]),
        )
        .await,
        "This agency has lost every administrator: a new one is made through account recovery, approved by a second system administrator.",
    );
}

/// A reset by the agency's own administrator: every session and token of
/// the account ends at once, the old password no longer opens it, and its
/// owner is told by e-mail — what and when, nothing more.
async fn a_reset_by_the_agencys_own_administrator_ends_sign_ins_and_tells_the_owner(
    engine: Engine,
) {
    let sink = SmtpSink::start().await;
    let mut config = AppConfig::default();
    config.referrals.smtp = Some(concord_app::referrals::SmtpConfig {
        url: sink.url.clone(),
        from: "concord@district.example".into(),
    });
    config.referrals.public_url = "https://concord.district.example".into();
    let t = TestApp::spawn_with(
        engine,
        TestAppOptions {
            config,
            ..Default::default()
        },
    )
    .await;
    t.seed_demo().await;

    // The caseworker gives an address for notices, and works through a
    // session and a token.
    let (mut worker, secret) = signed_in(&t, "shelter.caseworker").await;
    worker.get("/account").await;
    let saved = worker
        .post(
            "/account/email",
            &[
                ("email", "amina@shelter.example"),
                ("email_password", DEMO_PASSWORD),
            ],
        )
        .await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    assert!(saved.contains("Your e-mail address for notices was saved."));
    let token = Api::new(&t, api_token(&mut worker, "read", "30").await);
    assert_eq!(token.get("/me").await.0, 200);

    let (mut shelter_admin, _) = signed_in(&t, "shelter.admin").await;
    let caseworker = user_id(&t, "shelter.caseworker").await;
    let page = shelter_admin.get(&format!("/users/{caseworker}")).await;
    assert!(page.contains("amina@shelter.example"));
    let new_password = "a brand new passphrase 2026";
    let reset = shelter_admin
        .post(
            &format!("/users/{caseworker}/reset-password"),
            &[("password", new_password)],
        )
        .await;
    assert_eq!(reset.status, 200, "{}", reset.body);
    assert!(reset.contains("The password was reset"));

    // Every way in ends at once.
    assert_eq!(worker.get("/").await.location.as_deref(), Some("/sign-in"));
    assert_eq!(token.get("/me").await.0, 401);
    assert!(!password_opens(&t, "shelter.caseworker", DEMO_PASSWORD).await);

    let mails = sink.wait_for(1).await;
    assert_eq!(mails[0].to, vec!["amina@shelter.example".to_string()]);
    let mail = &mails[0].data;
    assert!(mail.contains("Your Concord password was reset"), "{mail}");
    assert!(
        mail.contains("Sign in: https://concord.district.example/sign-in"),
        "{mail}"
    );
    for secret_or_personal in [
        new_password,
        "shelter.caseworker",
        "Amina Yusuf",
        "Maria Santos",
    ] {
        assert!(
            !mail.contains(secret_or_personal),
            "{secret_or_personal} in {mail}"
        );
    }

    // The new password works, with the second factor she already has.
    t.clock.advance(Duration::seconds(30));
    let mut again = t.browser();
    let (home, _) = again
        .sign_in_fully("shelter.caseworker", new_password, secret.as_deref())
        .await;
    assert!(home.contains("Needs my attention"), "{}", home.body);

    // A lost phone: the second factor is removed the same way.
    shelter_admin.get(&format!("/users/{caseworker}")).await;
    let removed = shelter_admin
        .post(&format!("/users/{caseworker}/reset-second-factor"), &[])
        .await;
    assert_eq!(removed.status, 200, "{}", removed.body);
    assert!(removed.contains("Two-step sign-in was removed"));
    assert_eq!(again.get("/").await.location.as_deref(), Some("/sign-in"));
    let mails = sink.wait_for(2).await;
    assert!(
        mails[1]
            .data
            .contains("Two-step sign-in was removed from your Concord account"),
        "{}",
        mails[1].data
    );
    let page = t
        .browser()
        .sign_in("shelter.caseworker", new_password)
        .await;
    assert!(page.contains("id=\"totp-secret\""), "she sets it up again");
}
