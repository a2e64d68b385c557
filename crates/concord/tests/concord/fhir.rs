//! A referral exported as HL7 FHIR R4 (a Bundle of ServiceRequest, Task and
//! Consent) validates against the official FHIR R4 JSON schema kept in the
//! repository and against every R4 invariant (scripts/fhir/validate.py), carries nothing identifying about her, and only the sending
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

/// What the R4 validator (scripts/fhir/validate.py: every resource against
/// the official R4 StructureDefinitions, invariants included) finds in these
/// documents; empty if they are valid. `./scripts/test` installs it and sets
/// CONCORD_TEST_FHIR_VALIDATOR to its Python; without it the test fails.
pub(super) fn r4_problems(documents: &[&Value]) -> String {
    let python = std::env::var("CONCORD_TEST_FHIR_VALIDATOR").unwrap_or_else(|_| {
        panic!(
            "CONCORD_TEST_FHIR_VALIDATOR is not set: run ./scripts/test, which installs the \
             FHIR R4 validator (scripts/fhir/requirements.txt) into target/fhir-venv and sets it"
        )
    });
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../scripts/fhir/validate.py"
    );
    let dir = tempfile::tempdir().unwrap();
    let files: Vec<String> = documents
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let file = dir.path().join(format!("document-{i}.json"));
            std::fs::write(&file, serde_json::to_vec_pretty(d).unwrap()).unwrap();
            file.to_str().unwrap().to_string()
        })
        .collect();
    let out = std::process::Command::new(&python)
        .arg(script)
        .args(&files)
        .output()
        .unwrap_or_else(|e| panic!("CONCORD_TEST_FHIR_VALIDATOR={python} does not run: {e}"));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    match out.status.code() {
        Some(0) => String::new(),
        Some(1) if !text.trim().is_empty() => text,
        _ => panic!(
            "the FHIR R4 validator failed to run ({}): {text}",
            out.status
        ),
    }
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
    // Every R4 invariant holds (the schema cannot see them): ppc-1 (a
    // policy: neither agency signed an information sharing protocol with the
    // other, so the rule in words), per-1 on the consent's period — also for
    // a consent that ends on the day it was given (2 March, the test
    // clock's day), where an instant start beside a date end is undecidable.
    let consent = &bundle["entry"][2]["resource"];
    assert!(consent["policy"].is_null(), "{consent}");
    assert!(
        consent["policyRule"]["text"]
            .as_str()
            .unwrap()
            .contains("no information sharing protocol"),
        "{consent}"
    );
    let same_day = shelter
        .post(
            &format!("{case}/consents"),
            &[
                ("recipient_agency", &hospital),
                ("purposes", "referral_for_services"),
                ("categories", "health"),
                ("given_by", "survivor"),
                ("valid_until", "2026-03-02"),
            ],
        )
        .await;
    assert_eq!(same_day.status, 303);
    let second: Value = http
        .post(api(&format!("/cases/{case_id}/referrals")))
        .bearer_auth(&token)
        .json(&json!({
            "service_id": service,
            "urgency": "routine",
            "categories": ["health"],
            "reason": "Follow-up",
            "send_now": "on",
        }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let second_bundle: Value = http
        .get(api(&format!(
            "/referrals/{}/fhir",
            second["id"].as_str().unwrap()
        )))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let period = &second_bundle["entry"][2]["resource"]["provision"]["period"];
    assert_eq!(period["start"], "2026-03-02", "{second_bundle}");
    assert_eq!(period["end"], "2026-03-02", "{second_bundle}");
    // Under the northern information sharing protocol, which the shelter
    // and the prosecutor's office signed, the Consent names it as its policy.
    t.app.seed_demo_governance().await.unwrap();
    let (mut admin, _) = signed_in(&t, "admin").await;
    let admin_token = api_token(&mut admin, "read_write", "30").await;
    let get = |path: String, token: String| {
        let http = http.clone();
        async move {
            http.get(path)
                .bearer_auth(token)
                .send()
                .await
                .unwrap()
                .json::<Value>()
                .await
                .unwrap()
        }
    };
    let orgs = get(
        api("/directory/organizations?limit=100"),
        admin_token.clone(),
    )
    .await;
    let prosecutor_org = orgs["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["name"] == "Northern Public Prosecutor's Office")
        .unwrap()["id"]
        .clone();
    let areas = get(api("/areas?limit=100"), admin_token.clone()).await;
    let north = areas["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["code"] == "KV-N")
        .unwrap()["id"]
        .clone();
    let made = http
        .post(api("/directory/services"))
        .bearer_auth(&admin_token)
        .json(&json!({
            "organization_id": prosecutor_org,
            "name": "Victim liaison referrals",
            "taxonomy": ["justice_support_assistance"],
            "area_ids": [north],
            "accepts_referrals": "on",
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(made.status(), 201, "{}", made.text().await.unwrap());
    let liaison: Value = made.json().await.unwrap();
    let liaison = liaison["id"]
        .as_str()
        .expect("the new service's id")
        .to_string();
    let prosecutor = agency_id(&t, "Northern Public Prosecutor's Office").await;
    let to_prosecutor = shelter
        .post(
            &format!("{case}/consents"),
            &[
                ("recipient_agency", &prosecutor),
                ("purposes", "referral_for_services"),
                ("categories", "incident"),
                ("given_by", "survivor"),
                ("valid_until", "2026-12-31"),
            ],
        )
        .await;
    assert_eq!(to_prosecutor.status, 303);
    let third: Value = http
        .post(api(&format!("/cases/{case_id}/referrals")))
        .bearer_auth(&token)
        .json(&json!({
            "service_id": liaison,
            "urgency": "routine",
            "categories": ["incident"],
            "reason": "Wants to report",
            "send_now": "on",
        }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let third_bundle = get(
        api(&format!(
            "/referrals/{}/fhir",
            third["id"].as_str().unwrap()
        )),
        token.clone(),
    )
    .await;
    let under_isp = &third_bundle["entry"][2]["resource"];
    assert!(under_isp["policyRule"].is_null(), "{third_bundle}");
    let policies = under_isp["policy"].as_array().expect("a policy");
    assert_eq!(policies.len(), 1, "{under_isp}");
    assert!(
        policies[0]["uri"]
            .as_str()
            .unwrap()
            .starts_with("urn:uuid:"),
        "{under_isp}"
    );

    // The validator catches a Consent without a policy (document-3 only).
    let mut without_policy = bundle.clone();
    without_policy["entry"][2]["resource"]
        .as_object_mut()
        .unwrap()
        .remove("policyRule");
    let found = r4_problems(&[&bundle, &second_bundle, &third_bundle, &without_policy]);
    let lines: Vec<&str> = found.lines().filter(|l| l.contains("document-")).collect();
    assert!(
        !lines.is_empty() && lines.iter().all(|l| l.contains("document-3.json")),
        "{found}"
    );
    assert!(found.contains("ppc-1"), "{found}");

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
