//! A referral exported as HL7 FHIR R4 (a Bundle of ServiceRequest, Task and
//! Consent) validates against the official FHIR R4 JSON schema kept in the
//! repository, carries nothing identifying about her, and only the sending
//! agency may export it; the printable referral form prints what the
//! receiving provider needs.

use super::cases::{agency_id, register};
use super::support::{api_token, signed_in};
use concord_testkit::{Engine, TestApp, on_both_engines};
use serde_json::{Value, json};

on_both_engines!(fhir_export_validates_and_stays_pseudonymous);

pub(super) fn fhir_validator() -> jsonschema::Validator {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../standards/fhir-r4/fhir.schema.json"
    );
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("the FHIR R4 schema")).unwrap();
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft6)
        .build(&schema)
        .expect("the FHIR R4 schema compiles")
}

pub(super) fn problems(validator: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

async fn fhir_export_validates_and_stays_pseudonymous(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    t.app.seed_demo_directory().await.unwrap();
    let (mut shelter, _) = signed_in(&t, "shelter.caseworker").await;
    let case = register(&mut shelter, "Esi Fhir-Test").await;
    let hospital = agency_id(&t, "Lakeside General Hospital One-Stop Centre").await;
    shelter.get(&case).await;
    let consent = shelter
        .post(
            &format!("{case}/consents"),
            &[
                ("recipient_agency", &hospital),
                ("purposes", "referral_for_services"),
                ("categories", "identity_and_contact"),
                ("given_by", "survivor"),
                ("valid_until", "2026-06-30"),
            ],
        )
        .await;
    assert_eq!(consent.status, 303);
    let token = api_token(&mut shelter, "read_write", "30").await;
    let http = reqwest::Client::new();
    let api = |p: &str| format!("{}/api/v1{p}", t.base_url);
    let services: Value = http
        .get(api("/directory/services?limit=100"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let service = services["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "Sexual assault care")
        .unwrap()["id"]
        .clone();
    let case_id = case.trim_start_matches("/cases/");
    let referral: Value = http
        .post(api(&format!("/cases/{case_id}/referrals")))
        .bearer_auth(&token)
        .json(&json!({
            "service_id": service,
            "urgency": "urgent",
            "categories": ["identity_and_contact"],
            "reason": "Needs emergency contraception",
            "send_now": "on",
        }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = referral["id"].as_str().unwrap();
    let bundle: Value = http
        .get(api(&format!("/referrals/{id}/fhir")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();

    let validator = fhir_validator();
    let found = problems(&validator, &bundle);
    assert!(
        found.is_empty(),
        "the Bundle is not valid FHIR R4: {found:#?}"
    );
    let kinds: Vec<&str> = bundle["entry"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["resource"]["resourceType"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["ServiceRequest", "Task", "Consent"]);
    for entry in bundle["entry"].as_array().unwrap() {
        let found = problems(&validator, &entry["resource"]);
        assert!(
            found.is_empty(),
            "{} is not valid: {found:#?}",
            entry["resource"]["resourceType"]
        );
    }
    let request = &bundle["entry"][0]["resource"];
    assert_eq!(request["priority"], "asap");
    assert_eq!(request["status"], "active");
    assert_eq!(bundle["entry"][1]["resource"]["status"], "requested");
    assert_eq!(
        bundle["entry"][2]["resource"]["provision"]["purpose"][0]["code"],
        "referral_for_services"
    );
    let text = bundle.to_string();
    assert!(
        !text.contains("Esi") && !text.contains("Fhir-Test"),
        "her name left in the export"
    );
    // The schema does catch a broken resource.
    let mut broken = bundle.clone();
    broken["type"] = json!("sort-of");
    broken["entry"][0]["resource"]["subject"] = json!("S-not-a-reference");
    assert!(!problems(&validator, &broken).is_empty());

    // Only the sending agency exports it.
    let (mut nurse, _) = signed_in(&t, "hospital.nurse").await;
    let nurse_token = api_token(&mut nurse, "read_write", "30").await;
    let refused = http
        .get(api(&format!("/referrals/{id}/fhir")))
        .bearer_auth(&nurse_token)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 404);

    // The printable form, for both sides.
    let form = shelter.get(&format!("/referrals/{id}/print")).await;
    assert_eq!(form.status, 200);
    assert!(form.contains("Referral form") && form.contains("Needs emergency contraception"));
    let download = shelter.get(&format!("/referrals/{id}/fhir.json")).await;
    assert_eq!(download.status, 200);
    assert!(download.contains("\"resourceType\": \"Bundle\""));
}
