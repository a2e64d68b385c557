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
    a_hand_written_hsds_file_with_every_field_filled_round_trips,
    every_dangling_reference_is_refused_with_its_path_and_nothing_stored,
    what_is_not_an_hsds_document_is_refused_not_imported_as_empty,
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
        "services[0].url",
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

const ORG: &str = "0190c2a4-1111-7000-8000-000000000001";
const PLACE: &str = "0190c2a4-1111-7000-8000-000000000002";
const SERVICE: &str = "0190c2a4-1111-7000-8000-000000000003";
const ESP_TERM: &str = "0190c2a4-1111-7000-8000-000000000004";
const LOCAL_TERM: &str = "0190c2a4-1111-7000-8000-000000000005";

/// An HSDS file written by hand with every field Concord keeps filled (and
/// its own ids for every nested record and term).
fn every_field() -> Value {
    let nested = |n: u32| format!("0190c2a4-2222-7000-8000-{n:012}");
    json!({
        "hsds_version": "3.0",
        "organizations": [{
            "id": ORG,
            "name": "Harbour Women's Centre",
            "description": "Advice and refuge for women",
            "email": "office@harbour.example",
            "website": "https://harbour.example",
            "phones": [{"id": nested(1), "organization_id": ORG, "number": "+000 555 0101"}],
            "x_concord": {"member_agency": "Safe Haven Women's Shelter", "last_verified": "2026-02-27T08:30:00Z"},
        }],
        "locations": [{
            "id": PLACE,
            "organization_id": ORG,
            "location_type": "postal",
            "name": "Harbour office",
            "description": "First floor, blue door",
            "addresses": [{
                "id": nested(2),
                "location_id": PLACE,
                "address_1": "12 Quay Street",
                "address_2": "Unit 4",
                "city": "Hillview",
                "region": "North",
                "state_province": "Northern Province",
                "postal_code": "HV-1020",
                "country": "KV",
                "address_type": "postal",
            }],
            "accessibility": [{"id": nested(3), "location_id": PLACE, "description": "Lift to the first floor"}],
            "x_concord": {"area": "KV-N-HIL"},
        }],
        "services": [{
            "id": SERVICE,
            "organization_id": ORG,
            "name": "Harbour counselling",
            "description": "Counselling for survivors",
            "email": "counselling@harbour.example",
            "url": "https://harbour.example/counselling",
            "status": "active",
            "fees_description": "Free",
            "eligibility_description": "Women and girls from 14",
            "minimum_age": 14,
            "maximum_age": 99,
            "application_process": "Call or refer through Concord",
            "assured_date": "2026-02-28",
            "phones": [{"id": nested(4), "service_id": SERVICE, "number": "+000 555 0102"}],
            "schedules": [{"id": nested(5), "service_id": SERVICE, "description": "Mon–Fri 09:00–17:00"}],
            "languages": [
                {"id": nested(6), "service_id": SERVICE, "name": "English"},
                {"id": nested(7), "service_id": SERVICE, "name": "Kelvaran"},
            ],
            "contacts": [{"id": nested(8), "service_id": SERVICE, "name": "Intake coordinator"}],
            "service_areas": [{"id": nested(9), "service_id": SERVICE, "name": "KV-N-HIL", "x_concord": {"area": "KV-N-HIL"}}],
            "attributes": [
                {"id": nested(10), "link_id": SERVICE, "link_type": "service", "link_entity": "service", "taxonomy_term_id": ESP_TERM},
                {"id": nested(11), "link_id": SERVICE, "link_type": "service", "link_entity": "service", "taxonomy_term_id": LOCAL_TERM},
            ],
            "x_concord": {
                "accepts_referrals": true,
                "capacity": "12 a week",
                "accessibility": "Sign language on request",
                "sex_gender": ["female"],
                "last_verified": "2026-02-28T14:00:00Z",
            },
        }],
        "service_at_locations": [{"id": nested(12), "service_id": SERVICE, "location_id": PLACE}],
        "taxonomy_terms": [
            {"id": ESP_TERM, "code": "health_first_line_support", "name": "health first line support",
             "description": "First-line support (LIVES)", "taxonomy": "ESP", "x_concord": {"sector": "health"}},
            {"id": LOCAL_TERM, "code": "peer_support", "name": "Peer support",
             "description": "Groups led by survivors", "taxonomy": "local", "x_concord": {"sector": "social_services"}},
        ],
    })
}

/// The document with each array of records in id order (HSDS arrays are
/// sets of records).
fn by_id(mut document: Value) -> Value {
    for (_, records) in document.as_object_mut().unwrap().iter_mut() {
        if let Some(records) = records.as_array_mut() {
            records.sort_by_key(|r| r["id"].as_str().unwrap_or_default().to_string());
        }
    }
    document
}

async fn a_hand_written_hsds_file_with_every_field_filled_round_trips(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    let token = with_token(&t).await;
    let file = every_field();
    let (status, body) = import(&t, &token, &file).await;
    assert_eq!(status, 200, "{body}");
    // Every field comes back as it went in: the address's city, country and
    // the rest, the types, every nested record's id, the terms' ids and
    // descriptions, the assured date.
    assert_eq!(by_id(export(&t, &token).await), by_id(file.clone()));
    // Importing it again changes nothing.
    assert_eq!(import(&t, &token, &file).await.0, 200);
    assert_eq!(by_id(export(&t, &token).await), by_id(file));
}

async fn every_dangling_reference_is_refused_with_its_path_and_nothing_stored(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    let token = with_token(&t).await;
    let before = export(&t, &token).await;
    const NOWHERE: &str = "0190c2a4-9999-7000-8000-000000000000";
    // One dangling reference (or dropped field) at a time: each is refused
    // with its path, and the file stores nothing.
    type Breaks = Box<dyn Fn(&mut Value)>;
    let cases: Vec<(&str, Breaks)> = vec![
        (
            "service_at_locations[0].service_id",
            Box::new(|f| f["service_at_locations"][0]["service_id"] = json!(NOWHERE)),
        ),
        (
            "service_at_locations[0].location_id",
            Box::new(|f| f["service_at_locations"][0]["location_id"] = json!(NOWHERE)),
        ),
        (
            "services[0].organization_id",
            Box::new(|f| f["services"][0]["organization_id"] = json!(NOWHERE)),
        ),
        (
            "locations[0].organization_id",
            Box::new(|f| f["locations"][0]["organization_id"] = json!(NOWHERE)),
        ),
        (
            "organizations[0].phones[0].organization_id",
            Box::new(|f| f["organizations"][0]["phones"][0]["organization_id"] = json!(NOWHERE)),
        ),
        (
            "locations[0].addresses[0].location_id",
            Box::new(|f| f["locations"][0]["addresses"][0]["location_id"] = json!(NOWHERE)),
        ),
        (
            "locations[0].accessibility[0].location_id",
            Box::new(|f| f["locations"][0]["accessibility"][0]["location_id"] = json!(NOWHERE)),
        ),
        (
            "services[0].phones[0].service_id",
            Box::new(|f| f["services"][0]["phones"][0]["service_id"] = json!(NOWHERE)),
        ),
        (
            "services[0].schedules[0].service_id",
            Box::new(|f| f["services"][0]["schedules"][0]["service_id"] = json!(NOWHERE)),
        ),
        (
            "services[0].languages[1].service_id",
            Box::new(|f| f["services"][0]["languages"][1]["service_id"] = json!(NOWHERE)),
        ),
        (
            "services[0].contacts[0].service_id",
            Box::new(|f| f["services"][0]["contacts"][0]["service_id"] = json!(NOWHERE)),
        ),
        (
            "services[0].service_areas[0].service_id",
            Box::new(|f| f["services"][0]["service_areas"][0]["service_id"] = json!(NOWHERE)),
        ),
        (
            "services[0].attributes[1].link_id",
            Box::new(|f| f["services"][0]["attributes"][1]["link_id"] = json!(NOWHERE)),
        ),
        (
            "services[0].attributes[0].taxonomy_term_id",
            Box::new(|f| f["services"][0]["attributes"][0]["taxonomy_term_id"] = json!(NOWHERE)),
        ),
        (
            "services[0].service_areas[0]",
            Box::new(|f| {
                f["services"][0]["service_areas"][0]["x_concord"]["area"] = json!("KV-NOWHERE")
            }),
        ),
        // What Concord would drop is refused too.
        (
            "organizations[0].legal_status",
            Box::new(|f| f["organizations"][0]["legal_status"] = json!("charity")),
        ),
        (
            "locations[0].latitude",
            Box::new(|f| f["locations"][0]["latitude"] = json!(51.5)),
        ),
        (
            "services[0].phones[1]",
            Box::new(|f| {
                f["services"][0]["phones"]
                    .as_array_mut()
                    .unwrap()
                    .push(json!({"number": "+000 1"}))
            }),
        ),
        (
            "services[0].assured_date",
            Box::new(|f| f["services"][0]["assured_date"] = json!("2026-02-27")),
        ),
    ];
    for (path, break_it) in cases {
        let mut file = every_field();
        break_it(&mut file);
        let (status, body) = import(&t, &token, &file).await;
        assert_eq!(status, 400, "{path}: {body}");
        let fields: Vec<&str> = body["error"]["problems"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["field"].as_str().unwrap())
            .collect();
        assert!(fields.contains(&path), "{path} not reported: {body}");
        assert_eq!(export(&t, &token).await, before, "{path}: nothing stored");
    }
    // A service_at_location of a service the directory has but the file
    // does not carry is refused as well (it would be dropped).
    let (status, body) = import(&t, &token, &every_field()).await;
    assert_eq!(status, 200, "{body}");
    let stored = export(&t, &token).await;
    let mut file = every_field();
    file["services"] = json!([]);
    file["service_at_locations"][0]["id"] = json!("0190c2a4-2222-7000-8000-000000000099");
    let (status, body) = import(&t, &token, &file).await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(
        body["error"]["problems"][0]["field"], "service_at_locations[0].service_id",
        "{body}"
    );
    assert_eq!(export(&t, &token).await, stored);
}

async fn what_is_not_an_hsds_document_is_refused_not_imported_as_empty(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    let token = with_token(&t).await;
    let before = export(&t, &token).await;
    let fhir = json!({"resourceType": "Bundle", "type": "collection", "entry": []});
    for (body, says) in [
        (json!({}), "nothing to import"),
        (json!([]), "JSON object"),
        (
            json!({"hsds_version": "3.0", "organizations": [], "services": []}),
            "nothing to import",
        ),
        (fhir, "FHIR resource"),
        (json!("organizations"), "JSON object"),
    ] {
        let (status, reply) = import(&t, &token, &body).await;
        assert_eq!(status, 400, "{body}: {reply}");
        assert_eq!(reply["error"]["field"], "file", "{body}: {reply}");
        assert!(reply.to_string().contains(says), "{body}: {reply}");
        assert_eq!(export(&t, &token).await, before, "{body}: nothing stored");
    }
}
