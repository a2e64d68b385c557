//! Who may consent, by what is known of her age (DOMAIN.md §5: 15–17 may
//! consent alone, 12–14 a caregiver with her assent or, where the caregiver
//! is unsafe, a trusted adult or a best-interest decision; 18+ only she),
//! and a consent entered later from paper with the day it was given. The
//! clock starts on 2 March 2026 09:00 UTC; the deployment is in Nairobi
//! (UTC+3, no summer time), so the local day turns at 21:00 UTC.

use super::cases::agency_id;
use super::support::{api_token, signed_in};
use chrono::{DateTime, Duration, TimeZone, Utc};
use concord_app::AppConfig;
use concord_domain::session::SessionPolicy;
use concord_testkit::{Browser, Engine, TestApp, TestAppOptions, on_both_engines};
use serde_json::{Value, json};

on_both_engines!(
    an_age_given_without_a_date_of_birth_decides_who_may_consent,
    the_page_says_who_may_consent_instead,
    a_paper_consent_keeps_the_day_it_was_given,
    the_age_group_of_an_incident_is_her_age_on_its_day,
);

/// A deployment in Nairobi, seeded, whose sessions outlast a year.
async fn deployment(engine: Engine) -> TestApp {
    let t = TestApp::spawn_with(
        engine,
        TestAppOptions {
            config: AppConfig {
                time_zone: "Africa/Nairobi".parse().unwrap(),
                sessions: SessionPolicy {
                    idle_timeout: Duration::days(800),
                    absolute_timeout: Duration::days(800),
                },
                ..AppConfig::default()
            },
            ..TestAppOptions::default()
        },
    )
    .await;
    t.seed_demo().await;
    t
}

fn move_clock_to(t: &TestApp, at: DateTime<Utc>) {
    let now = t.app.now();
    assert!(at >= now, "the clock only moves forward");
    t.clock.advance(at - now);
}

/// Noon in Nairobi on a day.
fn noon(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 9, 0, 0).unwrap()
}

struct Api {
    http: reqwest::Client,
    base: String,
    token: String,
}

impl Api {
    /// A client with a new token of the browser's account.
    async fn of(browser: &mut Browser) -> Api {
        let token = api_token(browser, "read_write", "365").await;
        Api {
            http: reqwest::Client::new(),
            base: browser.url("/api/v1"),
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
        let text = response.text().await.unwrap();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    async fn post(&self, path: &str, body: Value) -> (u16, Value) {
        self.send(reqwest::Method::POST, path, Some(body)).await
    }

    async fn get(&self, path: &str) -> (u16, Value) {
        self.send(reqwest::Method::GET, path, None).await
    }

    /// Registers a survivor with these age fields; returns the case path.
    async fn register(&self, age: Value) -> String {
        let mut body = json!({
            "sex_gender": "female",
            "displacement": "resident",
            "contact_method": "no_contact",
        });
        for (k, v) in age.as_object().unwrap() {
            body[k] = v.clone();
        }
        let (status, registered) = self.post("/survivors", body).await;
        assert_eq!(status, 201, "{registered}");
        format!("/cases/{}", registered["case_id"].as_str().unwrap())
    }

    /// Records a consent to `to`; the reply as (status, body).
    async fn consent(&self, case: &str, to: &str, extra: Value) -> (u16, Value) {
        let mut body = json!({
            "recipient_agency": to,
            "purposes": ["referral_for_services"],
            "categories": ["incident"],
            "given_by": "survivor",
            "valid_until": "2027-01-31",
        });
        for (k, v) in extra.as_object().unwrap() {
            body[k] = v.clone();
        }
        self.post(&format!("{case}/consents"), body).await
    }
}

/// The problem the API gave for `field` (the reply was a 400 naming it).
fn problem(reply: &(u16, Value), field: &str) -> String {
    assert_eq!(reply.0, 400, "{}", reply.1);
    reply.1["error"]["problems"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["field"] == field)
        .unwrap_or_else(|| panic!("no problem for {field}: {}", reply.1))["message"]
        .as_str()
        .unwrap()
        .to_string()
}

async fn an_age_given_without_a_date_of_birth_decides_who_may_consent(engine: Engine) {
    let t = deployment(engine).await;
    let (mut caseworker, _) = signed_in(&t, "shelter.caseworker").await;
    let api = Api::of(&mut caseworker).await;
    let hospital = agency_id(&t, "Lakeside General Hospital One-Stop Centre").await;

    // 16, given as her age on 2 March 2026: kept (encrypted) with the day.
    let case = api.register(json!({"age_years": "16"})).await;
    let (_, file) = api.get(&case).await;
    assert_eq!(
        file["survivor"]["stated_age"],
        json!({"years": 16, "on": "2026-03-02"})
    );
    assert_eq!(file["survivor"]["age_group"], "12_17");

    // 15–17: she consents for herself, even with an unsafe caregiver.
    let reply = api.consent(&case, &hospital, json!({})).await;
    assert_eq!(reply.0, 201, "{}", reply.1);
    let reply = api
        .consent(&case, &hospital, json!({"caregiver_unsafe": "on"}))
        .await;
    assert_eq!(reply.0, 201, "{}", reply.1);
    // A caregiver may too, with her assent, not without it.
    let reply = api
        .consent(&case, &hospital, json!({"given_by": "caregiver"}))
        .await;
    assert_eq!(
        problem(&reply, "child_assent"),
        "The child's assent is required when she is 16."
    );
    let reply = api
        .consent(
            &case,
            &hospital,
            json!({"given_by": "caregiver", "child_assent": "on"}),
        )
        .await;
    assert_eq!(reply.0, 201, "{}", reply.1);
    // A trusted adult is not among them: the refusal says who may.
    let reply = api
        .consent(
            &case,
            &hospital,
            json!({"given_by": "trusted_adult", "child_assent": "on", "caregiver_unsafe": "on"}),
        )
        .await;
    assert_eq!(
        problem(&reply, "given_by"),
        "A trusted adult cannot consent for her when she is 16; she herself may consent."
    );
    assert!(
        reply.1["error"]["message"]
            .as_str()
            .unwrap()
            .contains("she herself may consent"),
        "{}",
        reply.1
    );

    // A year on, the day before the anniversary of her statement she is
    // 16 or 17 (a caregiver with her assent still may); on it, 17; the day
    // after, 17 or 18 — only she may.
    let caregiver =
        json!({"given_by": "caregiver", "child_assent": "on", "valid_until": "2027-12-31"});
    move_clock_to(&t, noon(2027, 3, 1));
    // A new token: the first has reached its year.
    let api = Api::of(&mut caseworker).await;
    let reply = api.consent(&case, &hospital, caregiver.clone()).await;
    assert_eq!(reply.0, 201, "{}", reply.1);
    move_clock_to(&t, noon(2027, 3, 2));
    let reply = api.consent(&case, &hospital, caregiver.clone()).await;
    assert_eq!(reply.0, 201, "{}", reply.1);
    move_clock_to(&t, noon(2027, 3, 3));
    let reply = api.consent(&case, &hospital, caregiver.clone()).await;
    assert_eq!(
        problem(&reply, "given_by"),
        "A caregiver cannot consent for her when she is 17 or 18; she herself may consent."
    );
    let reply = api
        .consent(&case, &hospital, json!({"valid_until": "2027-12-31"}))
        .await;
    assert_eq!(reply.0, 201, "{}", reply.1);

    // 14 given today: she cannot consent alone; the refusal names the
    // caregiver with her assent, and where the caregiver is unsafe, the
    // alternatives.
    let young = api.register(json!({"age_years": "14"})).await;
    let reply = api
        .consent(&young, &hospital, json!({"valid_until": "2027-12-31"}))
        .await;
    assert_eq!(
        problem(&reply, "given_by"),
        "The survivor cannot consent for her when she is 14; a parent or caregiver with her \
         assent may consent."
    );
    let reply = api
        .consent(
            &young,
            &hospital,
            json!({"given_by": "caregiver", "child_assent": "on", "caregiver_unsafe": "on",
                   "valid_until": "2027-12-31"}),
        )
        .await;
    assert_eq!(
        problem(&reply, "given_by"),
        "The caregiver is not safe to involve; a trusted adult with her assent or a documented \
         best-interest decision with her assent may consent instead."
    );
    // With a date of birth, her birthday decides: 15 today, alone.
    let dob = api.register(json!({"date_of_birth": "2012-03-03"})).await;
    let reply = api
        .consent(&dob, &hospital, json!({"valid_until": "2027-12-31"}))
        .await;
    assert_eq!(reply.0, 201, "{}", reply.1);
    // An age that does not match the date of birth is refused by name.
    let (status, body) = api
        .post(
            "/survivors",
            json!({"sex_gender": "female", "displacement": "resident",
                   "contact_method": "no_contact", "date_of_birth": "2012-03-03",
                   "age_years": "16"}),
        )
        .await;
    assert_eq!(
        (status, body["error"]["field"].clone()),
        (400, json!("age_years")),
        "{body}"
    );
}

async fn the_page_says_who_may_consent_instead(engine: Engine) {
    let t = deployment(engine).await;
    let (mut caseworker, _) = signed_in(&t, "shelter.caseworker").await;
    let hospital = agency_id(&t, "Lakeside General Hospital One-Stop Centre").await;
    caseworker.get("/cases/new").await;
    let case = caseworker
        .post(
            "/cases/new",
            &[
                ("age_years", "16"),
                ("sex_gender", "female"),
                ("displacement", "resident"),
                ("contact_method", "no_contact"),
            ],
        )
        .await
        .location
        .expect("a case for a 16-year-old");
    let page = caseworker.get(&case).await;
    assert!(page.contains("16 (given on 2026-03-02)"), "{}", page.body);
    let consent = |given_by: &'static str| {
        vec![
            ("recipient_agency", hospital.clone()),
            ("purposes", "referral_for_services".to_string()),
            ("categories", "incident".to_string()),
            ("given_by", given_by.to_string()),
            ("child_assent", "on".to_string()),
            ("valid_until", "2026-12-31".to_string()),
        ]
    };
    let fields = consent("trusted_adult");
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let reply = caseworker.post(&format!("{case}/consents"), &fields).await;
    assert_eq!(reply.status, 422, "{}", reply.body);
    assert!(
        reply.contains(
            "A trusted adult cannot consent for her when she is 16; she herself or a parent or \
             caregiver with her assent may consent."
        ),
        "{}",
        reply.body
    );
    assert!(
        !reply.contains("Unknown localization key"),
        "{}",
        reply.body
    );
    caseworker.get(&case).await;
    let fields = consent("survivor");
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let reply = caseworker.post(&format!("{case}/consents"), &fields).await;
    assert_eq!(reply.status, 303, "{}", reply.body);
}

async fn a_paper_consent_keeps_the_day_it_was_given(engine: Engine) {
    let t = deployment(engine).await;
    let (mut caseworker, _) = signed_in(&t, "shelter.caseworker").await;
    let api = Api::of(&mut caseworker).await;
    let hospital = agency_id(&t, "Lakeside General Hospital One-Stop Centre").await;
    let case = api.register(json!({"age_years": "30"})).await;

    // Never in the future: on 2 March (Nairobi) the 3rd is refused ...
    let reply = api
        .consent(&case, &hospital, json!({"given_on": "2026-03-03"}))
        .await;
    assert_eq!(problem(&reply, "given_on"), "is in the future");
    // ... until 21:00 UTC, when the 3rd begins there (still the 2nd in UTC).
    move_clock_to(&t, Utc.with_ymd_and_hms(2026, 3, 2, 21, 0, 0).unwrap());
    let (status, today) = api
        .consent(&case, &hospital, json!({"given_on": "2026-03-03"}))
        .await;
    assert_eq!(status, 201, "{today}");
    assert_eq!(today["given_on"], "2026-03-03");
    // Given today without a day: today, from now.
    let (status, plain) = api.consent(&case, &hospital, json!({})).await;
    assert_eq!(status, 201, "{plain}");
    assert_eq!(plain["given_on"], "2026-03-03");
    assert_eq!(plain["valid_from"], plain["recorded_at"]);

    // At most 365 days back (the longest a consent lasts): 3 March 2025 is
    // accepted, 2 March 2025 is not.
    let reply = api
        .consent(
            &case,
            &hospital,
            json!({"given_on": "2025-03-02", "valid_until": "2026-03-02"}),
        )
        .await;
    assert_eq!(
        problem(&reply, "given_on"),
        "must be at most 365 days ago: a consent given earlier has ended"
    );
    let (status, oldest) = api
        .consent(
            &case,
            &hospital,
            json!({"given_on": "2025-03-03", "valid_until": "2026-03-03"}),
        )
        .await;
    assert_eq!(status, 201, "{oldest}");
    // Its year runs from the day it was given, not from today.
    let reply = api
        .consent(
            &case,
            &hospital,
            json!({"given_on": "2025-03-03", "valid_until": "2026-03-04"}),
        )
        .await;
    assert_eq!(
        problem(&reply, "valid_until"),
        "must be at most 365 days after the start"
    );

    // Given last week on paper: both days kept, its period starts then
    // (local midnight, 21:00 UTC the day before).
    let (status, paper) = api
        .consent(&case, &hospital, json!({"given_on": "2026-02-24"}))
        .await;
    assert_eq!(status, 201, "{paper}");
    assert_eq!(paper["given_on"], "2026-02-24");
    assert_eq!(paper["valid_from"], "2026-02-23T21:00:00Z");
    assert_eq!(paper["recorded_at"], "2026-03-02T21:00:00Z");
    let (_, file) = api.get(&case).await;
    let listed = file["consents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == paper["id"])
        .unwrap()
        .clone();
    assert_eq!(listed["given_on"], "2026-02-24");
    assert_eq!(listed["recorded_at"], "2026-03-02T21:00:00Z");
    assert_eq!(listed["valid_until"], "2027-01-31");

    // The case page shows both.
    let page = caseworker.get(&case).await;
    assert!(
        page.contains("given on 2026-02-24, recorded 2026-03-03 00:00"),
        "{}",
        page.body
    );

    // Her age on the day it was given decides: born 2011-02-25, she was
    // 14 on 24 February and 15 on the 25th.
    let teen = api.register(json!({"date_of_birth": "2011-02-25"})).await;
    let reply = api
        .consent(&teen, &hospital, json!({"given_on": "2026-02-24"}))
        .await;
    assert!(
        problem(&reply, "given_by").contains("when she is 14"),
        "{}",
        reply.1
    );
    let reply = api
        .consent(&teen, &hospital, json!({"given_on": "2026-02-25"}))
        .await;
    assert_eq!(reply.0, 201, "{}", reply.1);
}

async fn the_age_group_of_an_incident_is_her_age_on_its_day(engine: Engine) {
    let t = deployment(engine).await;
    let (mut caseworker, _) = signed_in(&t, "shelter.caseworker").await;
    let api = Api::of(&mut caseworker).await;
    let incident = |date: &str| {
        json!({
            "incident_date": date,
            "date_first_reported": "2026-03-02",
            "penetration": "no",
            "unwanted_sexual_contact": "no",
            "physical_assault": "yes",
            "perpetrator_relationship": "intimate_partner",
            "perpetrator_sex": "male",
            "perpetrator_age_group": "26_40",
        })
    };
    // Born 2008-01-15: 17 on 14 January 2026, 18 on the 15th; registered
    // as 18 today.
    let case = api.register(json!({"date_of_birth": "2008-01-15"})).await;
    for date in ["2026-01-14", "2026-01-15", "2026-01-16"] {
        let (status, body) = api.post(&format!("{case}/incidents"), incident(date)).await;
        assert_eq!(status, 201, "{body}");
    }
    // 18 stated today, no date of birth: a month ago she may have been 17.
    let stated = api.register(json!({"age_years": "18"})).await;
    for date in ["2026-02-01", "2026-03-02"] {
        let (status, body) = api
            .post(&format!("{stated}/incidents"), incident(date))
            .await;
        assert_eq!(status, 201, "{body}");
    }
    let groups = |file: &Value| -> Vec<(String, String)> {
        let mut list: Vec<(String, String)> = file["incidents"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| {
                (
                    i["incident_date"].as_str().unwrap().to_string(),
                    i["survivor_age_group"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        list.sort();
        list
    };
    let (_, file) = api.get(&case).await;
    assert_eq!(
        groups(&file),
        vec![
            ("2026-01-14".to_string(), "12_17".to_string()),
            ("2026-01-15".to_string(), "18_plus".to_string()),
            ("2026-01-16".to_string(), "18_plus".to_string()),
        ]
    );
    let (_, file) = api.get(&stated).await;
    assert_eq!(
        groups(&file),
        vec![
            ("2026-02-01".to_string(), "12_17".to_string()),
            ("2026-03-02".to_string(), "18_plus".to_string()),
        ]
    );
}
