//! Each role sees and changes only what it may, through HTTP.

use super::support::{api_token, signed_in, user_id};
use concord_testkit::{Engine, TestApp, on_both_engines};

on_both_engines!(
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
        page.status, 403,
        "another agency's account cannot be opened"
    );
    assert!(!page.contains("police.officer"));

    admin.get("/users").await;
    let disable = admin.post(&format!("/users/{police}/disable"), &[]).await;
    assert_eq!(disable.status, 403);
    let rename = admin
        .post(
            &format!("/users/{police}"),
            &[("display_name", "Renamed"), ("roles", "caseworker")],
        )
        .await;
    assert_eq!(rename.status, 403);
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
    assert_eq!(response.status(), 403);
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
