//! Each role sees and changes only what it may, through HTTP.

use super::support::{api_token, signed_in, user_id};
use concord_testkit::{Engine, TestApp, on_both_engines};

on_both_engines!(
    system_administrator_cannot_step_into_case_work,
    agency_administrator_manages_only_own_agency,
    analyst_changes_nothing,
    refusals_are_audited_and_audit_is_scoped,
);

async fn agency_administrator_manages_only_own_agency(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    let (mut admin, _) = signed_in(&t, "shelter.admin").await;

    let users = admin.get("/users").await;
    assert_eq!(users.status, 200);
    assert!(
        users.contains("shelter.caseworker"),
        "own agency's accounts are listed"
    );
    assert!(
        !users.contains("police.officer"),
        "another agency's accounts are not listed"
    );

    let police = user_id(&t, "police.officer").await;
    let page = admin.get(&format!("/users/{police}")).await;
    assert_eq!(
        page.status, 404,
        "another agency's account is not even shown to exist"
    );
    assert!(!page.contains("police.officer"));

    admin.get("/users").await;
    let disable = admin.post(&format!("/users/{police}/disable"), &[]).await;
    assert_eq!(disable.status, 404);
    let rename = admin
        .post(
            &format!("/users/{police}"),
            &[("display_name", "Renamed"), ("roles", "caseworker")],
        )
        .await;
    assert_eq!(rename.status, 404);
    // The officer's account is untouched: they still sign in.
    signed_in(&t, "police.officer").await;

    // Nor can they create accounts in another agency, or create a system
    // administrator in their own.
    let police_agency = t
        .app
        .find_agency_for_command_line("Lakeside Police Domestic Abuse Unit")
        .await
        .unwrap()
        .unwrap()
        .id
        .to_string();
    let shelter = t
        .app
        .find_agency_for_command_line("Safe Haven Women's Shelter")
        .await
        .unwrap()
        .unwrap()
        .id
        .to_string();
    admin.get("/users/new").await;
    let other_agency = admin
        .post(
            "/users",
            &[
                ("username", "intruder"),
                ("display_name", "Intruder"),
                ("agency_id", &police_agency),
                ("roles", "caseworker"),
                ("password", "a perfectly fine passphrase"),
            ],
        )
        .await;
    assert_eq!(other_agency.status, 403);
    admin.get("/users/new").await;
    let escalation = admin
        .post(
            "/users",
            &[
                ("username", "superuser"),
                ("display_name", "Super"),
                ("agency_id", &shelter),
                ("roles", "system_administrator"),
                ("password", "a perfectly fine passphrase"),
            ],
        )
        .await;
    assert_eq!(escalation.status, 403);

    // Within their agency they can.
    admin.get("/users/new").await;
    let created = admin
        .post(
            "/users",
            &[
                ("username", "new.advocate"),
                ("display_name", "New Advocate"),
                ("agency_id", &shelter),
                ("roles", "caseworker"),
                ("password", "a perfectly fine passphrase"),
            ],
        )
        .await;
    assert_eq!(created.status, 303, "{}", created.body);
    let list = admin.get("/users").await;
    assert!(list.contains("new.advocate"));
    assert!(!list.contains("intruder") && !list.contains("superuser"));

    // The API follows the same rules.
    let token = api_token(&mut admin, "read_write", "30").await;
    let client = reqwest::Client::new();
    let response = client
        .get(admin.url(&format!("/api/v1/users/{police}")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
    let listed: serde_json::Value = client
        .get(admin.url("/api/v1/users?limit=500"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let shelter_uuid: uuid::Uuid = shelter.parse().unwrap();
    let items = listed["items"].as_array().unwrap();
    assert!(!items.is_empty());
    assert!(
        items
            .iter()
            .all(|u| u["agency_id"] == shelter_uuid.to_string())
    );
}

async fn analyst_changes_nothing(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    // Analysts see aggregates only, so no second factor is asked of them.
    let (mut analyst, secret) = signed_in(&t, "analyst").await;
    assert!(secret.is_none());

    let agencies = analyst.get("/agencies").await;
    assert_eq!(agencies.status, 200, "the directory is readable");
    assert!(!agencies.contains("href=\"/agencies/new\""));

    assert_eq!(analyst.get("/agencies/new").await.status, 403);
    let create = analyst
        .post(
            "/agencies",
            &[
                ("name", "Analyst Agency"),
                ("sector", "health"),
                ("governance", "government"),
            ],
        )
        .await;
    assert_eq!(create.status, 403);
    assert!(!analyst.get("/agencies").await.contains("Analyst Agency"));

    let area = analyst
        .post(
            "/areas",
            &[("name", "X"), ("code", "X-1"), ("level", "local")],
        )
        .await;
    assert_eq!(area.status, 403);
    assert_eq!(analyst.get("/users").await.status, 403);
    assert_eq!(analyst.get("/audit").await.status, 403);

    let token = api_token(&mut analyst, "read_write", "30").await;
    let client = reqwest::Client::new();
    let response = client
        .post(analyst.url("/api/v1/agencies"))
        .bearer_auth(&token)
        .json(
            &serde_json::json!({"name": "Via API", "sector": "health", "governance": "government"}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "forbidden");
    let list: serde_json::Value = client
        .get(analyst.url("/api/v1/agencies?limit=500"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        list["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["name"] != "Via API")
    );
}

/// Refusals are recorded in the audit log, and system administrators see
/// everything there while agency administrators see their own agency's.
async fn refusals_are_audited_and_audit_is_scoped(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    let (mut analyst, _) = signed_in(&t, "analyst").await;
    assert_eq!(analyst.get("/agencies/new").await.status, 403);
    analyst.get("/agencies").await;
    analyst
        .post(
            "/agencies",
            &[
                ("name", "Nope"),
                ("sector", "health"),
                ("governance", "government"),
            ],
        )
        .await;

    let (mut admin, _) = signed_in(&t, "admin").await;
    let audit = admin.get("/audit?action=access.denied").await;
    assert_eq!(audit.status, 200);
    assert!(
        audit.contains("access.denied"),
        "the refusal is in the audit log"
    );

    let (mut shelter_admin, _) = signed_in(&t, "shelter.admin").await;
    let own = shelter_admin.get("/audit?action=access.denied").await;
    assert_eq!(own.status, 200);
    assert!(
        own.contains("No events match"),
        "an agency administrator does not see another agency's events"
    );
}

/// A system administrator manages agencies and accounts but can never
/// create, take over or become an account that works with cases.
async fn system_administrator_cannot_step_into_case_work(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    let (mut admin, _) = signed_in(&t, "admin").await;
    let shelter = t
        .app
        .find_agency_for_command_line("Safe Haven Women's Shelter")
        .await
        .unwrap()
        .unwrap()
        .id
        .to_string();
    let new_user = admin.get("/users/new").await;
    assert!(
        !new_user.contains("value=\"caseworker\""),
        "case roles are not offered"
    );
    for roles in [
        vec!["caseworker"],
        vec!["system_administrator", "supervisor"],
    ] {
        let mut fields = vec![
            ("username", "admin.alias"),
            ("display_name", "Alias"),
            ("agency_id", shelter.as_str()),
            ("password", "a perfectly fine passphrase"),
        ];
        fields.extend(roles.iter().map(|r| ("roles", *r)));
        admin.get("/users/new").await;
        assert_eq!(admin.post("/users", &fields).await.status, 403, "{roles:?}");
    }
    // Nor take over an existing case worker's sign-in.
    let caseworker = user_id(&t, "shelter.caseworker").await;
    let page = admin.get(&format!("/users/{caseworker}")).await;
    assert_eq!(page.status, 200, "the account can be seen");
    assert!(!page.contains("reset-password"));
    assert!(
        !page.contains("/disable\""),
        "nor disabled: the shelter manages it"
    );
    assert!(page.contains("id=\"managed-by-agency\""));
    let reset = admin
        .post(
            &format!("/users/{caseworker}/reset-password"),
            &[("password", "admin knows this one now")],
        )
        .await;
    assert_eq!(reset.status, 403);
    let second_factor = admin
        .post(&format!("/users/{caseworker}/reset-second-factor"), &[])
        .await;
    assert_eq!(second_factor.status, 403);
    let promote = admin
        .post(
            &format!("/users/{caseworker}"),
            &[("display_name", "X"), ("roles", "system_administrator")],
        )
        .await;
    assert_eq!(promote.status, 403);
    // The caseworker's own password still works.
    signed_in(&t, "shelter.caseworker").await;
    // Nor make the shelter a second administrator, who would create them:
    // the shelter has its own (separation of duties; see
    // `separation_of_duties.rs`).
    admin.get("/users/new").await;
    let agency_admin = admin
        .post(
            "/users",
            &[
                ("username", "shelter.admin2"),
                ("display_name", "Second Admin"),
                ("agency_id", shelter.as_str()),
                ("roles", "agency_administrator"),
                ("password", "a perfectly fine passphrase"),
            ],
        )
        .await;
    assert_eq!(agency_admin.status, 403);
    assert!(!admin.get("/users").await.contains("shelter.admin2"));
}
