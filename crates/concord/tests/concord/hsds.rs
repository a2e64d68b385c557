//! The service directory as Open Referral HSDS 3.0 JSON: an exported
//! directory imported elsewhere exports the same again (API and command
//! line), and an invalid file reports every problem with its record and
//! field and stores nothing.

use super::support::{api_token, run_concord, signed_in};
use concord_testkit::{Engine, TestApp, on_both_engines};
use serde_json::{Value, json};

on_both_engines!(
    an_hsds_file_round_trips_import_then_export,
    an_invalid_hsds_file_reports_every_problem_and_stores_nothing,
);

/// A system administrator's token: the file changes member agencies'
/// entries and links organizations to agencies, which only a system
/// administrator may do (`directory_ownership` tests the others).
async fn with_token(t: &TestApp) -> String {
    let (mut admin, _) = signed_in(t, "admin").await;
    api_token(&mut admin, "read_write", "30").await
}

async fn export(t: &TestApp, token: &str) -> Value {
    reqwest::Client::new()
        .get(format!("{}/api/v1/directory/hsds", t.base_url))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

async fn import(t: &TestApp, token: &str, body: &Value) -> (u16, Value) {
    let reply = reqwest::Client::new()
        .post(format!("{}/api/v1/directory/hsds", t.base_url))
        .bearer_auth(token)
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    (reply.status().as_u16(), reply.json().await.unwrap())
}

async fn an_hsds_file_round_trips_import_then_export(engine: Engine) {
    let source = TestApp::spawn(engine).await;
    source.seed_demo().await;
    source.app.seed_demo_directory().await.unwrap();
    let token = with_token(&source).await;
    let http = reqwest::Client::new();
    // A local term, a location and a service offered there, so every kind
    // of HSDS object is in the file.
    let term = http
        .post(format!("{}/api/v1/directory/terms", source.base_url))
        .bearer_auth(&token)
        .json(&json!({"code": "mobile_clinic", "name": "Mobile clinic", "sector": "health"}))
        .send()
        .await
        .unwrap();
    assert_eq!(term.status(), 201);
    let first = export(&source, &token).await;
    let org = first["organizations"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let location: Value = http
        .post(format!("{}/api/v1/directory/locations", source.base_url))
        .bearer_auth(&token)
        .json(&json!({"organization_id": org, "name": "Outreach van", "address": "Market square", "accessibility": "Ramp"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let areas: Value = http
        .get(format!("{}/api/v1/areas?limit=100", source.base_url))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let hillview = areas["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["code"] == "KV-N-HIL")
        .unwrap()["id"]
        .clone();
    let made = http
        .post(format!("{}/api/v1/directory/services", source.base_url))
        .bearer_auth(&token)
        .json(&json!({
            "organization_id": org,
            "name": "Mobile clinic visits",
            "taxonomy": ["mobile_clinic", "health_first_line_support"],
            "area_ids": [hillview],
            "location_ids": [location["id"]],
            "minimum_age": "16",
            "sex_gender": ["female"],
            "languages": "English, Kelvaran",
            "capacity": "20 a day",
            "focal_point": "Nurse in charge",
            "accepts_referrals": "on",
            "verified": "on",
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(made.status(), 201, "{}", made.text().await.unwrap());
    let exported = export(&source, &token).await;
    assert_eq!(exported["hsds_version"], "3.0");
    assert!(
        !exported["service_at_locations"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    assert!(
        exported["taxonomy_terms"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["code"] == "mobile_clinic" && t["taxonomy"] == "local")
    );

    // Into another installation of the same district: the same file again.
    let target = TestApp::spawn(engine).await;
    target.seed_demo().await;
    let target_token = with_token(&target).await;
    let (status, done) = import(&target, &target_token, &exported).await;
    assert_eq!(status, 200, "{done}");
    assert_eq!(
        done["services"],
        json!(exported["services"].as_array().unwrap().len())
    );
    assert_eq!(export(&target, &target_token).await, exported);
    // Importing it twice changes nothing.
    assert_eq!(import(&target, &target_token, &exported).await.0, 200);
    assert_eq!(export(&target, &target_token).await, exported);

    // The command line writes the same document and reads it back.
    let file = source.dir.path().join("directory.json");
    let file = file.to_str().unwrap();
    let (ok, out) = run_concord(
        &source,
        &[
            "--database",
            &source.database_url,
            "directory",
            "export",
            file,
        ],
    );
    assert!(ok, "{out}");
    let written: Value = serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
    assert_eq!(written, exported);
    let (ok, out) = run_concord(
        &source,
        &[
            "--database",
            &source.database_url,
            "directory",
            "import",
            file,
        ],
    );
    assert!(ok, "{out}");
    assert!(out.contains("Imported"), "{out}");
    assert_eq!(export(&source, &token).await, exported);
}

async fn an_invalid_hsds_file_reports_every_problem_and_stores_nothing(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    let token = with_token(&t).await;
    let before = export(&t, &token).await;
    let org = "0190c2a4-0000-7000-8000-000000000001";
    let bad = json!({
        "hsds_version": "3.0",
        "organizations": [
            {"id": org, "name": "Good Org", "email": "not-an-address"},
            {"id": "not-a-uuid", "name": "Good Org", "x_concord": {"member_agency": "No Such Agency"}}
        ],
        "locations": [
            {"id": "0190c2a4-0000-7000-8000-000000000002", "organization_id": "0190c2a4-0000-7000-8000-0000000000ff", "name": ""}
        ],
        "services": [
            {"id": "0190c2a4-0000-7000-8000-000000000003", "organization_id": org, "name": "Clinic",
             "minimum_age": 40, "maximum_age": 12, "url": "clinic.example",
             "service_areas": [{"name": "NOWHERE"}],
             "attributes": [{"taxonomy_term_id": "0190c2a4-0000-7000-8000-000000000009"}]}
        ],
        "taxonomy_terms": [
            {"id": "0190c2a4-0000-7000-8000-000000000009", "code": "Bad Code!", "name": "", "taxonomy": "local"}
        ]
    });
    let (status, body) = import(&t, &token, &bad).await;
    assert_eq!(status, 400, "{body}");
    let fields: Vec<String> = body["error"]["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["field"].as_str().unwrap().to_string())
        .collect();
    for expected in [
        "taxonomy_terms[0].code",
        "taxonomy_terms[0].name",
        "organizations[0].email",
        "organizations[1].id",
        "organizations[1].name",
        "organizations[1].x_concord.member_agency",
        "locations[0].organization_id",
        "locations[0].name",
        "services[0].maximum_age",
        "services[0].website",
        "services[0].service_areas[0]",
        "services[0].attributes[0].taxonomy_term_id",
    ] {
        assert!(
            fields.iter().any(|f| f == expected),
            "{expected} not reported: {fields:?}"
        );
    }
    assert_eq!(export(&t, &token).await, before, "nothing was stored");
    // Not JSON at all.
    let reply = reqwest::Client::new()
        .post(format!("{}/api/v1/directory/hsds", t.base_url))
        .bearer_auth(&token)
        .body("{ not json")
        .send()
        .await
        .unwrap();
    assert_eq!(reply.status(), 400);
    let body: Value = reply.json().await.unwrap();
    assert_eq!(body["error"]["field"], "file");
    // The command line says the same and stores nothing.
    let file = t.dir.path().join("bad.json");
    std::fs::write(&file, bad.to_string()).unwrap();
    let (ok, out) = run_concord(
        &t,
        &[
            "--database",
            &t.database_url,
            "directory",
            "import",
            file.to_str().unwrap(),
        ],
    );
    assert!(!ok);
    assert!(out.contains("Nothing was imported"), "{out}");
    assert!(out.contains("services[0].maximum_age"), "{out}");
    assert_eq!(export(&t, &token).await, before);
}
