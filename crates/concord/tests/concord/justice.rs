//! The justice chain through HTTP (issue 16): police, prosecution, courts
//! and probation record the steps they know, on a case they may see under
//! the data category `justice`; nobody else records them (a health
//! caseworker cannot record a charge, even on her own agency's case); the
//! chain's order is the domain's (409 naming what is needed first); justice
//! data is read only with the category; the crime reference is never stored
//! in clear. Pages and API alike.

use super::cases::{agency_id, register};
use super::conferences::api_for;
use chrono::Duration;
use concord_testkit::{Engine, TestApp, on_both_engines};
use serde_json::{Value, json};

on_both_engines!(
    the_chain_is_recorded_by_the_agencies_that_know_it_in_its_order,
    a_health_caseworker_cannot_record_a_charge,
    the_justice_page_shows_the_timeline_and_records_a_step,
    the_demo_has_justice_chains_in_several_states,
);

const POLICE: &str = "Lakeside Police Domestic Abuse Unit";
const HOSPITAL: &str = "Lakeside General Hospital One-Stop Centre";
const CRIME_REFERENCE: &str = "CR-2026-0042-LAKESIDE";

/// `today - days_ago`, as a form would send it.
fn day(t: &TestApp, days_ago: i64) -> String {
    (t.app.today() - Duration::days(days_ago)).to_string()
}

fn step(kind: &str, on: &str, outcome: Option<&str>, reason: Option<&str>) -> Value {
    json!({ "kind": kind, "occurred_on": on, "outcome": outcome, "reason": reason })
}

/// The shelter registers a case and records her consent to share with
/// `agency` for `purpose`, covering `categories`; returns the case path.
async fn case_shared_with(
    t: &TestApp,
    shelter: &super::conferences::Api,
    browser: &mut concord_testkit::Browser,
    grants: &[(&str, &str, &[&str])],
) -> String {
    let case = register(browser, "Justice Test-Survivor").await;
    let until = (t.app.today() + Duration::days(60)).to_string();
    for (agency, purpose, categories) in grants {
        let (status, consent) = shelter
            .post(
                &format!("{case}/consents"),
                json!({
                    "recipient_agency": agency_id(t, agency).await,
                    "purposes": [purpose],
                    "categories": categories,
                    "given_by": "survivor",
                    "valid_until": until,
                }),
            )
            .await;
        assert_eq!(status, 201, "{consent}");
    }
    case
}

async fn the_chain_is_recorded_by_the_agencies_that_know_it_in_its_order(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    let (shelter, mut shelter_browser) = api_for(&t, "shelter.caseworker").await;
    let case = case_shared_with(
        &t,
        &shelter,
        &mut shelter_browser,
        &[
            (
                POLICE,
                "police_report",
                &["identity_and_contact", "justice"],
            ),
            (
                HOSPITAL,
                "referral_for_services",
                &["identity_and_contact", "incident"],
            ),
        ],
    )
    .await;
    let chain = format!("{case}/justice");
    let with_purpose = format!("{chain}?purpose=police_report");
    let (police, _) = api_for(&t, "police.officer").await;

    // Under consent the purpose must be stated, to read and to record.
    let (status, refused) = police.get(&chain).await;
    assert_eq!(status, 403, "{refused}");
    assert_eq!(refused["error"]["code"], "purpose_required");
    let (status, empty) = police.get(&with_purpose).await;
    assert_eq!(status, 200, "{empty}");
    assert_eq!(empty["steps"], json!([]));
    assert_eq!(empty["basis"], "consent");
    let may: Vec<&str> = empty["may_record"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k.as_str().unwrap())
        .collect();
    assert!(may.contains(&"reported_to_police") && may.contains(&"charge_decision"));
    assert!(!may.contains(&"verdict"), "courts record verdicts: {may:?}");

    // No verdict without a charge: 409 naming what is needed, nothing written.
    let (status, early) = police
        .post(
            &with_purpose,
            step("charge_decision", &day(&t, 20), Some("charged"), None),
        )
        .await;
    assert_eq!(status, 409, "{early}");
    assert_eq!(early["error"]["field"], "kind");
    assert_eq!(
        early["error"]["message"],
        "the charge decision needs a recorded crime first"
    );

    let mut report = step("reported_to_police", &day(&t, 30), None, None);
    report["detail"] = json!(CRIME_REFERENCE);
    let (status, reported) = police.post(&with_purpose, report).await;
    assert_eq!(status, 201, "{reported}");
    assert_eq!(reported["detail"], CRIME_REFERENCE);
    assert_eq!(reported["recording_agency_name"], POLICE);
    let (status, crime) = police
        .post(
            &with_purpose,
            step("crime_recorded", &day(&t, 29), Some("rape"), None),
        )
        .await;
    assert_eq!(status, 201, "{crime}");
    assert_eq!(crime["iccs"], "03011", "rape is ICCS 03011");
    // A day before the crime it follows: refused, naming the order.
    let (status, before) = police
        .post(
            &with_purpose,
            step("charge_decision", &day(&t, 30), Some("charged"), None),
        )
        .await;
    assert_eq!(status, 409, "{before}");
    assert_eq!(
        before["error"]["message"],
        "the charge decision cannot be dated before a recorded crime it follows"
    );
    let (status, _) = police
        .post(
            &with_purpose,
            step("charge_decision", &day(&t, 20), Some("charged"), None),
        )
        .await;
    assert_eq!(status, 201);
    // Police do not record verdicts.
    let (status, verdict) = police
        .post(
            &with_purpose,
            step("verdict", &day(&t, 1), Some("guilty"), None),
        )
        .await;
    assert_eq!(status, 403, "{verdict}");
    assert_eq!(verdict["error"]["code"], "sector_does_not_record");
    // Bad input names the field.
    let (status, bad) = police
        .post(
            &with_purpose,
            step(
                "charge_decision",
                &day(&t, -1),
                Some("charged"),
                Some("other"),
            ),
        )
        .await;
    assert_eq!(status, 400, "{bad}");
    let fields: Vec<&str> = bad["error"]["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["occurred_on", "reason"], "{bad}");

    // The owning agency reads the chain in the order it happened; it may
    // record nothing of it (a women's organisation).
    let (status, read) = shelter.get(&chain).await;
    assert_eq!(status, 200, "{read}");
    let kinds: Vec<&str> = read["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        ["reported_to_police", "crime_recorded", "charge_decision"]
    );
    assert_eq!(read["steps"][0]["detail"], CRIME_REFERENCE);
    assert_eq!(read["may_record"], json!([]));
    let (status, refused) = shelter
        .post(&chain, step("arrest", &day(&t, 25), None, None))
        .await;
    assert_eq!(status, 403, "{refused}");
    assert_eq!(refused["error"]["code"], "sector_does_not_record");

    // Justice data only with the category: the hospital's consent does not
    // name it.
    let (hospital, _) = api_for(&t, "hospital.nurse").await;
    let (status, refused) = hospital
        .get(&format!("{chain}?purpose=referral_for_services"))
        .await;
    assert_eq!(status, 403, "{refused}");
    assert_eq!(refused["error"]["code"], "category_not_covered");
    assert!(!refused.to_string().contains(CRIME_REFERENCE));

    // The crime reference is stored encrypted; every step is audited.
    assert!(!t.database_contains(CRIME_REFERENCE).await);
    let (status, offences) = police.get("/justice/offences").await;
    assert_eq!(status, 200);
    assert!(
        offences
            .as_array()
            .unwrap()
            .iter()
            .any(|o| o["key"] == "rape" && o["iccs"] == "03011")
    );
    assert!(t.database_contains("justice_event.recorded").await);
    // Her copy of everything includes the chain.
    let (status, export) = shelter.get(&format!("{case}/export")).await;
    assert_eq!(status, 200, "{export}");
    assert_eq!(export["cases"][0]["justice"][0]["detail"], CRIME_REFERENCE);
    assert_eq!(export["cases"][0]["justice"].as_array().unwrap().len(), 3);
}

async fn a_health_caseworker_cannot_record_a_charge(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    // Her own agency's case: the access decision allows, the sector does not.
    let (nurse, mut nurse_browser) = api_for(&t, "hospital.nurse").await;
    let case = register(&mut nurse_browser, "Clinic Test-Survivor").await;
    let chain = format!("{case}/justice");
    for (kind, outcome) in [
        ("reported_to_police", None),
        ("charge_decision", Some("charged")),
    ] {
        let mut body = step(kind, &day(&t, 3), outcome, None);
        if kind == "reported_to_police" {
            body["detail"] = json!(CRIME_REFERENCE);
        }
        let (status, refused) = nurse.post(&chain, body).await;
        assert_eq!(status, 403, "{kind}: {refused}");
        assert_eq!(refused["error"]["code"], "sector_does_not_record");
    }
    let (status, read) = nurse.get(&chain).await;
    assert_eq!(status, 200, "{read}");
    assert_eq!(read["steps"], json!([]), "nothing written");
    // The page offers her no form to record a step.
    let page = nurse_browser.get(&chain).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.contains("Nothing recorded yet."));
    assert!(!page.contains("Record the step"));
    // The police see nothing of a case nobody shared with them.
    let (police, _) = api_for(&t, "police.officer").await;
    let (status, refused) = police
        .post(
            &format!("{chain}?purpose=police_report"),
            step("arrest", &day(&t, 3), None, None),
        )
        .await;
    assert_eq!(status, 403, "{refused}");
    assert_eq!(refused["error"]["code"], "no_basis");
}

async fn the_justice_page_shows_the_timeline_and_records_a_step(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    let (shelter, mut shelter_browser) = api_for(&t, "shelter.caseworker").await;
    let case = case_shared_with(
        &t,
        &shelter,
        &mut shelter_browser,
        &[(
            POLICE,
            "police_report",
            &["identity_and_contact", "justice"],
        )],
    )
    .await;
    let page_path = format!("{case}/justice?purpose=police_report");
    let (_, mut officer) = api_for(&t, "police.officer").await;
    let form = officer.get(&page_path).await;
    assert_eq!(form.status, 200, "{}", form.body);
    assert!(form.contains("Record the step"));

    // A future date and a missing crime reference: both named, nothing kept.
    let tomorrow = day(&t, -1);
    let refused = officer
        .post(
            &page_path,
            &[
                ("kind", "reported_to_police"),
                ("occurred_on", tomorrow.as_str()),
            ],
        )
        .await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert!(refused.contains("cannot be in the future"));
    assert!(refused.contains("Crime reference or bail conditions: is required"));

    let reported_on = day(&t, 5);
    let done = officer
        .post(
            &page_path,
            &[
                ("kind", "reported_to_police"),
                ("occurred_on", reported_on.as_str()),
                ("detail", CRIME_REFERENCE),
            ],
        )
        .await;
    assert_eq!(done.status, 303, "{}", done.body);
    let arrest_on = day(&t, 4);
    let arrest = officer
        .post(
            &page_path,
            &[("kind", "arrest"), ("occurred_on", arrest_on.as_str())],
        )
        .await;
    assert_eq!(arrest.status, 303, "{}", arrest.body);
    // Out of order on the page: 409 with the problem in the form.
    let sentence = officer
        .post(
            &page_path,
            &[
                ("kind", "charge_decision"),
                ("occurred_on", arrest_on.as_str()),
                ("outcome", "charged"),
            ],
        )
        .await;
    assert_eq!(sentence.status, 409, "{}", sentence.body);
    assert!(sentence.contains("the charge decision needs a recorded crime first"));

    let timeline = shelter_browser.get(&format!("{case}/justice")).await;
    assert_eq!(timeline.status, 200, "{}", timeline.body);
    let start = timeline
        .body
        .find("id=\"justice-timeline\"")
        .expect("the timeline");
    let end = start + timeline.body[start..].find("</ol>").unwrap();
    let text = &timeline.body[start..end];
    let report_at = text.find("Reported to the police").expect("the report");
    let arrest_at = text.find("Arrest").expect("the arrest");
    assert!(report_at < arrest_at, "in the order it happened: {text}");
    assert!(text.contains(CRIME_REFERENCE));
    assert!(text.contains(POLICE));
    let case_page = shelter_browser.get(&case).await;
    assert!(
        case_page.contains(&format!("{case}/justice")),
        "the case links to it"
    );
}

/// The kind of the last step of each chain `api` can read in `view`.
async fn last_steps(api: &super::conferences::Api, view: &str, purpose: &str) -> Vec<String> {
    let (status, cases) = api.get(&format!("/cases?view={view}&limit=100")).await;
    assert_eq!(status, 200, "{cases}");
    let mut last = Vec::new();
    for case in cases["items"].as_array().unwrap() {
        let id = case["id"].as_str().unwrap();
        let (status, chain) = api.get(&format!("/cases/{id}/justice{purpose}")).await;
        assert_eq!(status, 200, "{chain}");
        if let Some(step) = chain["steps"].as_array().unwrap().last() {
            last.push(step["kind"].as_str().unwrap().to_string());
        }
    }
    last.sort();
    last
}

async fn the_demo_has_justice_chains_in_several_states(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    assert!(t.app.seed_demo_justice().await.unwrap());
    assert!(!t.app.seed_demo_justice().await.unwrap(), "seeded once");
    let (police, _) = api_for(&t, "police.officer").await;
    assert_eq!(
        last_steps(&police, "mine", "").await,
        [
            "charge_decision",
            "charge_decision",
            "court_hearing",
            "released_on_bail",
            "reported_to_police",
            "sentence",
            "verdict",
        ]
    );
    // The court reads (and recorded) its part under her consent.
    let (court, _) = api_for(&t, "court.clerk").await;
    assert_eq!(
        last_steps(&court, "shared", "?purpose=police_report").await,
        ["court_hearing", "sentence", "verdict"]
    );
}
