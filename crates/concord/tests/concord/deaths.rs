//! Forms of violence on incidents and "she died" through HTTP (issue 16,
//! parts 3 and 4): forms are recorded beside the GBVIMS type (trafficking
//! with its exploitation), incidents without them read "not recorded"; only
//! a supervisor of the owning agency closes a case because she died; the
//! killing record's prior contacts are derived from her case and from
//! nothing else; a consent-based reader cannot open the record.

use super::cases::{agency_id, record_incident, register};
use super::conferences::api_for;
use super::support::api_token;
use chrono::Duration;
use concord_testkit::{Engine, TestApp, on_both_engines};
use serde_json::{Value, json};

on_both_engines!(
    forms_of_violence_are_recorded_beside_the_type_and_checked,
    only_the_owning_supervisor_closes_a_case_because_she_died,
    the_killing_record_lists_what_her_case_holds_and_nothing_of_others,
    the_demo_has_one_femicide_case,
);

const POLICE: &str = "Lakeside Police Domestic Abuse Unit";

fn day(t: &TestApp, days_ago: i64) -> String {
    (t.app.today() - Duration::days(days_ago)).to_string()
}

fn incident(t: &TestApp, reported_days_ago: i64, forms: Value, exploitation: Value) -> Value {
    json!({
        "incident_date": day(t, reported_days_ago + 1),
        "date_first_reported": day(t, reported_days_ago),
        "penetration": "no",
        "unwanted_sexual_contact": "no",
        "physical_assault": "yes",
        "perpetrator_relationship": "intimate_partner",
        "perpetrator_sex": "male",
        "perpetrator_age_group": "26_40",
        "consent_to_statistics": "on",
        "forms_of_violence": forms,
        "exploitation": exploitation,
    })
}

async fn forms_of_violence_are_recorded_beside_the_type_and_checked(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    let (shelter, mut browser) = api_for(&t, "shelter.caseworker").await;
    let case = register(&mut browser, "Forms Test-Survivor").await;
    let incidents = format!("{case}/incidents");
    // Trafficking without its form of exploitation: refused by name.
    let (status, refused) = shelter
        .post(
            &incidents,
            incident(&t, 3, json!(["trafficking_in_persons"]), json!([])),
        )
        .await;
    assert_eq!(status, 400, "{refused}");
    assert_eq!(refused["error"]["problems"][0]["field"], "exploitation");
    // Exploitation without trafficking: refused too.
    let (status, refused) = shelter
        .post(
            &incidents,
            incident(
                &t,
                3,
                json!(["intimate_partner_violence"]),
                json!(["servitude"]),
            ),
        )
        .await;
    assert_eq!(status, 400, "{refused}");
    let (status, made) = shelter
        .post(
            &incidents,
            incident(
                &t,
                3,
                json!(["trafficking_in_persons", "intimate_partner_violence"]),
                json!(["sexual_exploitation"]),
            ),
        )
        .await;
    assert_eq!(status, 201, "{made}");
    assert_eq!(made["gbv_type"], "physical_assault");
    // The page's form without any form ticked: not recorded.
    record_incident(&mut browser, &case, "J. Doe", "at home").await;
    let (status, file) = shelter.get(&case).await;
    assert_eq!(status, 200, "{file}");
    let incidents = file["incidents"].as_array().unwrap();
    assert_eq!(incidents.len(), 2, "{file}");
    let with: Vec<&Value> = incidents
        .iter()
        .filter(|i| !i["forms_of_violence"].is_null())
        .collect();
    assert_eq!(with.len(), 1, "{incidents:?}");
    assert_eq!(
        with[0]["forms_of_violence"],
        json!(["intimate_partner_violence", "trafficking_in_persons"])
    );
    assert_eq!(
        with[0]["trafficking_exploitation"],
        json!(["sexual_exploitation"])
    );
    let page = browser.get(&case).await;
    assert!(page.contains("Trafficking in persons"), "{}", page.body);
    assert!(page.contains("Not recorded"), "{}", page.body);
    // The page's form with forms ticked.
    let reply = browser
        .post(
            &format!("{case}/incidents"),
            &[
                ("incident_date", "2026-03-01"),
                ("date_first_reported", "2026-03-02"),
                ("penetration", "no"),
                ("unwanted_sexual_contact", "no"),
                ("physical_assault", "yes"),
                ("forms_of_violence", "female_genital_mutilation"),
                ("forms_of_violence", "so_called_honour_based_violence"),
                ("perpetrator_relationship", "family_member"),
                ("perpetrator_sex", "female"),
                ("perpetrator_age_group", "41_60"),
            ],
        )
        .await;
    assert_eq!(reply.status, 303, "{}", reply.body);
    let page = browser.get(&case).await;
    assert!(
        page.contains("Female genital mutilation, So-called honour-based violence"),
        "{}",
        page.body
    );
}

/// A case of the shelter with one incident, her consent to the police for
/// justice data; returns its path.
async fn her_case(
    t: &TestApp,
    shelter: &super::conferences::Api,
    browser: &mut concord_testkit::Browser,
    name: &str,
) -> String {
    let case = register(browser, name).await;
    let (status, made) = shelter
        .post(
            &format!("{case}/incidents"),
            incident(t, 40, json!(["intimate_partner_violence"]), json!([])),
        )
        .await;
    assert_eq!(status, 201, "{made}");
    let until = (t.app.today() + Duration::days(60)).to_string();
    let (status, consent) = shelter
        .post(
            &format!("{case}/consents"),
            json!({
                "recipient_agency": agency_id(t, POLICE).await,
                "purposes": ["police_report"],
                "categories": ["identity_and_contact", "incident", "justice"],
                "given_by": "survivor",
                "valid_until": until,
            }),
        )
        .await;
    assert_eq!(status, 201, "{consent}");
    case
}

async fn only_the_owning_supervisor_closes_a_case_because_she_died(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    let (caseworker, mut browser) = api_for(&t, "shelter.caseworker").await;
    let case = her_case(&t, &caseworker, &mut browser, "Died Test-Survivor").await;
    let death = format!("{case}/death");
    let body = json!({ "died_on": day(&t, 2), "killing": "yes" });

    let (status, refused) = caseworker.post(&death, body.clone()).await;
    assert_eq!(status, 403, "{refused}");
    assert_eq!(refused["error"]["code"], "death_needs_owning_supervisor");

    // A supervisor of another agency, even one her consent lets read.
    let password = t
        .create_user("police.supervisor", POLICE, &["supervisor"])
        .await;
    let mut police_browser = t.browser();
    police_browser
        .sign_in_fully("police.supervisor", &password, None)
        .await;
    let token = api_token(&mut police_browser, "read_write", "30").await;
    let refused = reqwest::Client::new()
        .post(police_browser.url(&format!("/api/v1{death}")))
        .bearer_auth(&token)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 403);
    let refused: Value = refused.json().await.unwrap();
    // The access decision answers first: only the owning agency changes it.
    assert_eq!(refused["error"]["code"], "only_owner_can_change");

    let (supervisor, _) = api_for(&t, "shelter.supervisor").await;
    let (status, future) = supervisor
        .post(&death, json!({ "died_on": day(&t, -1), "killing": "yes" }))
        .await;
    assert_eq!(status, 400, "{future}");
    assert_eq!(future["error"]["problems"][0]["field"], "died_on");
    let (status, open) = caseworker.get(&case).await;
    assert_eq!(status, 200);
    assert!(open["status"].is_string(), "{open}");
    assert_ne!(open["status"], "closed", "nothing half-written");

    let (status, recorded) = supervisor.post(&death, body.clone()).await;
    assert_eq!(status, 201, "{recorded}");
    assert_eq!(recorded["closure_reason"], "she_died");
    assert_eq!(recorded["killing"], true);
    let (_, file) = caseworker.get(&case).await;
    assert_eq!(file["status"], "closed", "{file}");
    assert_eq!(file["closure_reason"], "she_died");
    let (status, again) = supervisor.post(&death, body).await;
    assert_eq!(status, 409, "{again}");

    // The killing opened its record with nothing known yet.
    let (status, record) = supervisor.get(&format!("{case}/killing-record")).await;
    assert_eq!(status, 200, "{record}");
    assert_eq!(record["record"]["relationship"], "not_known");
    assert_eq!(record["killing_type"], "not_shown_gender_related");
    assert_eq!(record["died_on"], day(&t, 2));
    let (status, changed) = supervisor
        .put(
            &format!("{case}/killing-record"),
            json!({
                "relationship": "intimate_partner",
                "characteristics": ["previous_violence_by_perpetrator"],
                "perpetrator_sex": "male",
                "perpetrator_age_group": "26_40",
                "seen_updated_at": record["updated_at"],
            }),
        )
        .await;
    assert_eq!(status, 200, "{changed}");
    assert_eq!(changed["killing_type"], "by_intimate_partner");
    assert_eq!(changed["gender_related"], true);
}

async fn the_killing_record_lists_what_her_case_holds_and_nothing_of_others(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    let (shelter, mut browser) = api_for(&t, "shelter.caseworker").await;
    let case = her_case(&t, &shelter, &mut browser, "Contacts Test-Survivor").await;
    // Another survivor's case with its own incident and justice step.
    let other = her_case(&t, &shelter, &mut browser, "Other Test-Survivor").await;
    let (police, _) = api_for(&t, "police.officer").await;
    let report = |days_ago: i64, reference: &str| json!({ "kind": "reported_to_police", "occurred_on": day(&t, days_ago), "detail": reference });
    let (status, step) = police
        .post(
            &format!("{case}/justice?purpose=police_report"),
            report(30, "CR-1"),
        )
        .await;
    assert_eq!(status, 201, "{step}");
    let (status, step) = police
        .post(
            &format!("{other}/justice?purpose=police_report"),
            report(25, "CR-2"),
        )
        .await;
    assert_eq!(status, 201, "{step}");

    let (supervisor, _) = api_for(&t, "shelter.supervisor").await;
    let (status, recorded) = supervisor
        .post(
            &format!("{case}/death"),
            json!({ "died_on": day(&t, 10), "killing": "yes",
                    "killing_record": { "relationship": "family_member", "characteristics": [],
                                        "perpetrator_sex": "male", "perpetrator_age_group": "41_60" } }),
        )
        .await;
    assert_eq!(status, 201, "{recorded}");
    // After her death: the arrest belongs to the response, not to her contacts.
    let crime = json!({ "kind": "crime_recorded", "occurred_on": day(&t, 9), "outcome": "rape" });
    let (status, step) = police
        .post(&format!("{case}/justice?purpose=police_report"), crime)
        .await;
    assert_eq!(status, 201, "{step}");

    let (status, record) = supervisor.get(&format!("{case}/killing-record")).await;
    assert_eq!(status, 200, "{record}");
    assert_eq!(record["killing_type"], "by_family_member");
    let contacts: Vec<(String, String)> = record["prior_contacts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["on"].as_str().unwrap().into(),
                c["kind"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        contacts,
        vec![
            (day(&t, 40), "incident".into()),
            (day(&t, 30), "justice_step".into()),
        ],
        "her incident and her report, oldest first; nothing of the other case"
    );
    assert_eq!(record["prior_contacts"][1]["agency_name"], POLICE);
    let response: Vec<&str> = record["justice_response"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["kind"].as_str().unwrap())
        .collect();
    assert_eq!(response, vec!["crime_recorded"]);
    assert!(!record.to_string().contains("Other Test-Survivor"));

    // Her consent to the police does not open the record of her killing.
    let (status, refused) = police
        .get(&format!("{case}/killing-record?purpose=police_report"))
        .await;
    assert_eq!(status, 403, "{refused}");
    assert_eq!(
        refused["error"]["code"],
        "killing_record_needs_owner_or_lawful_basis"
    );
    // The other case has no death: nothing to read.
    let (status, _) = supervisor.get(&format!("{other}/killing-record")).await;
    assert_eq!(status, 404);
}

async fn the_demo_has_one_femicide_case(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    let case = t.app.seed_demo_femicide().await.unwrap().expect("seeded");
    assert!(
        t.app.seed_demo_femicide().await.unwrap().is_none(),
        "seeded once"
    );
    let (supervisor, _) = api_for(&t, "shelter.supervisor").await;
    let (status, record) = supervisor
        .get(&format!("/cases/{case}/killing-record"))
        .await;
    assert_eq!(status, 200, "{record}");
    assert_eq!(record["killing_type"], "by_intimate_partner");
    assert_eq!(record["died_on"], day(&t, 5));
    assert_eq!(record["prior_contacts"][0]["kind"], "incident");
    let (_, file) = supervisor.get(&format!("/cases/{case}")).await;
    assert_eq!(file["closure_reason"], "she_died");
    assert_eq!(
        file["incidents"][0]["forms_of_violence"],
        json!([
            "intimate_partner_violence",
            "technology_facilitated_violence"
        ])
    );
}
