//! The JSON API: the OpenAPI document describes every route; tokens act
//! with at most their owner's permissions; lists page with cursors; case
//! work goes through the same access decision as the pages.

use super::support::{api_token, signed_in};
use concord_testkit::{Engine, TestApp, on_both_engines};
use serde_json::{Value, json};

on_both_engines!(
    openapi_describes_every_route,
    administrators_work_through_the_api,
    read_tokens_cannot_change_anything,
    lists_page_without_gaps_or_repeats,
    caseworkers_work_on_cases_through_the_api,
);

async fn openapi_describes_every_route(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    let doc: Value = reqwest::get(format!("{}/api/openapi.json", t.base_url))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    assert_eq!(doc["servers"][0]["url"], "/api/v1");
    let paths = doc["paths"].as_object().unwrap();
    for (path, methods) in [
        ("/areas", vec!["get", "post"]),
        ("/areas/{id}", vec!["get", "put"]),
        ("/agencies", vec!["get", "post"]),
        ("/agencies/{id}", vec!["get", "put"]),
        ("/users", vec!["get", "post"]),
        ("/users/{id}", vec!["get", "put"]),
        ("/users/{id}/disable", vec!["post"]),
        ("/users/{id}/enable", vec!["post"]),
        ("/users/{id}/reset-password", vec!["post"]),
        ("/me", vec!["get"]),
        ("/tokens", vec!["get", "post"]),
        ("/tokens/{id}", vec!["delete"]),
        ("/audit-events", vec!["get"]),
        ("/cases", vec!["get"]),
        ("/survivors", vec!["post"]),
        ("/survivors/search", vec!["post"]),
        ("/cases/{id}", vec!["get"]),
        ("/cases/{id}/steps", vec!["post"]),
        ("/cases/{id}/incidents", vec!["post"]),
        ("/cases/{id}/consents", vec!["post"]),
        ("/cases/{id}/consents/{consent}/withdraw", vec!["post"]),
        ("/cases/{id}/sharings", vec!["post"]),
        ("/cases/{id}/sharings/{sharing}/revoke", vec!["post"]),
        ("/cases/{id}/assignment", vec!["get", "post"]),
        ("/cases/{id}/notes", vec!["post"]),
        ("/cases/{id}/notes/{note}", vec!["put"]),
        ("/cases/{id}/notes/{note}/versions", vec!["get"]),
        ("/cases/{id}/goals", vec!["post"]),
        ("/cases/{id}/goals/{goal}", vec!["put"]),
        ("/cases/{id}/safety-plan/{section}", vec!["put"]),
        ("/cases/{id}/tasks", vec!["post"]),
        ("/cases/{id}/tasks/{task}/done", vec!["post"]),
        ("/me/work", vec!["get"]),
        ("/cases/{id}/access-report", vec!["get"]),
        ("/cases/{id}/export", vec!["get"]),
        ("/cases/{id}/survivor", vec!["put", "delete"]),
        ("/cases/{id}/legal-hold", vec!["put"]),
        ("/case-settings", vec!["get", "put"]),
        ("/cases/{id}/break-glass", vec!["post"]),
        ("/break-glass", vec!["get"]),
        ("/break-glass/{id}/review", vec!["post"]),
        ("/risk/instruments", vec!["get", "post"]),
        ("/cases/{id}/risk", vec!["get"]),
        ("/cases/{id}/risk/assessments", vec!["post"]),
        ("/cases/{id}/justice", vec!["get", "post"]),
        ("/justice/offences", vec!["get"]),
        ("/conferences", vec!["get", "post"]),
        ("/conferences/{id}", vec!["get", "put"]),
        ("/conferences/{id}/meetings", vec!["post"]),
        ("/conferences/{id}/dataset", vec!["get"]),
        ("/conferences/{id}/actions", vec!["get"]),
        ("/conference-meetings/{id}", vec!["get"]),
        ("/conference-meetings/{id}/attendance", vec!["put"]),
        ("/conference-meetings/{id}/observers", vec!["post"]),
        ("/conference-meetings/{id}/close", vec!["post"]),
        ("/cases/{id}/conference-referrals", vec!["get", "post"]),
        ("/conference-referrals/{id}/screening", vec!["post"]),
        ("/conference-referrals/{id}/listing", vec!["post"]),
        ("/conference-referrals/{id}/research", vec!["get", "put"]),
        ("/conference-referrals/{id}/research/share", vec!["post"]),
        ("/conference-referrals/{id}/advocate", vec!["put"]),
        ("/conference-referrals/{id}/first-contact", vec!["post"]),
        ("/conference-referrals/{id}/transfer", vec!["post"]),
        ("/conference-referrals/{id}/actions", vec!["get", "post"]),
        ("/conference-actions/{id}/status", vec!["put"]),
        ("/me/conference-actions", vec!["get"]),
    ] {
        for method in methods {
            assert!(
                paths[path][method].is_object(),
                "{method} {path} is not documented"
            );
        }
    }
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
    // An error body carries the request's id, to quote to support.
    assert!(
        doc["components"]["schemas"]["ApiErrorDetail"]["properties"]["request_id"].is_object(),
        "the error body's request_id is not documented"
    );
}

async fn administrators_work_through_the_api(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    let (mut admin, _) = signed_in(&t, "admin").await;
    let token = api_token(&mut admin, "read_write", "30").await;
    let client = reqwest::Client::new();
    let national: Value = client
        .get(admin.url("/api/v1/areas?limit=1"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let parent = national["items"][0]["id"].clone();
    let created = client
        .post(admin.url("/api/v1/areas"))
        .bearer_auth(&token)
        .json(&json!({"name": "Island District", "code": "kv-isl", "level": "district", "parent_id": parent, "adult_female_population": 1200}))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let area: Value = created.json().await.unwrap();
    assert_eq!(area["code"], "KV-ISL");
    let agency: Value = client
        .post(admin.url("/api/v1/agencies"))
        .bearer_auth(&token)
        .json(&json!({"name": "Island Clinic", "sector": "health", "governance": "government", "area_ids": [area["id"]]}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let user = client
        .post(admin.url("/api/v1/users"))
        .bearer_auth(&token)
        .json(&json!({"username": "island.admin", "display_name": "Island Admin", "agency_id": agency["id"], "roles": ["agency_administrator"], "password": "island passphrase 2026"}))
        .send()
        .await
        .unwrap();
    assert_eq!(user.status(), 201);
    let user: Value = user.json().await.unwrap();
    // From then on the clinic's accounts are its administrator's: the
    // system administrator cannot disable it.
    let disabled = client
        .post(admin.url(&format!(
            "/api/v1/users/{}/disable",
            user["id"].as_str().unwrap()
        )))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(disabled.status(), 403);
    let fetched: Value = client
        .get(admin.url(&format!("/api/v1/users/{}", user["id"].as_str().unwrap())))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(fetched["active"], true);
    assert_eq!(fetched["roles"], json!(["agency_administrator"]));
    // The web shows the same.
    let page = admin
        .get(&format!("/agencies/{}", agency["id"].as_str().unwrap()))
        .await;
    assert!(page.contains("Island District"));
}

async fn read_tokens_cannot_change_anything(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    let (mut admin, _) = signed_in(&t, "admin").await;
    let token = api_token(&mut admin, "read", "30").await;
    let client = reqwest::Client::new();
    let me: Value = client
        .get(admin.url("/api/v1/me"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me["token_scope"], "read");
    assert!(
        !me["permissions"]
            .as_array()
            .unwrap()
            .contains(&json!("manage_agencies"))
    );
    let refused = client
        .post(admin.url("/api/v1/agencies"))
        .bearer_auth(&token)
        .json(&json!({"name": "Read Only", "sector": "health", "governance": "government"}))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 403);
    let mint = client
        .post(admin.url("/api/v1/tokens"))
        .bearer_auth(&token)
        .json(&json!({"name": "stronger", "scope": "read_write", "days": 30}))
        .send()
        .await
        .unwrap();
    assert_eq!(mint.status(), 403, "a token cannot mint a stronger token");
}

async fn lists_page_without_gaps_or_repeats(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    let (mut admin, _) = signed_in(&t, "admin").await;
    let token = api_token(&mut admin, "read", "30").await;
    let client = reqwest::Client::new();
    let mut names = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut url = admin.url("/api/v1/agencies?limit=3");
        if let Some(c) = &cursor {
            url.push_str(&format!("&cursor={c}"));
        }
        let page: Value = client
            .get(url)
            .bearer_auth(&token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let items = page["items"].as_array().unwrap();
        assert!(items.len() <= 3);
        names.extend(
            items
                .iter()
                .map(|a| a["name"].as_str().unwrap().to_string()),
        );
        match page["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_string()),
            None => break,
        }
    }
    let mut unique = names.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), names.len(), "no agency twice");
    assert_eq!(names.len(), 14, "every demo agency once");
}

/// One API client with one token: sends JSON, answers (status, JSON).
struct Api {
    http: reqwest::Client,
    base: String,
    token: String,
}

impl Api {
    /// A client with a new token of `scope` made by the browser's account.
    async fn with_token(browser: &mut concord_testkit::Browser, scope: &str) -> Self {
        let token = api_token(browser, scope, "30").await;
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
        let json = match text.is_empty() {
            true => Value::Null,
            false => serde_json::from_str(&text).unwrap_or(Value::String(text)),
        };
        (status, json)
    }

    async fn get(&self, path: &str) -> (u16, Value) {
        self.send(reqwest::Method::GET, path, None).await
    }

    async fn post(&self, path: &str, body: Value) -> (u16, Value) {
        self.send(reqwest::Method::POST, path, Some(body)).await
    }

    async fn put(&self, path: &str, body: Value) -> (u16, Value) {
        self.send(reqwest::Method::PUT, path, Some(body)).await
    }

    async fn delete(&self, path: &str) -> (u16, Value) {
        self.send(reqwest::Method::DELETE, path, None).await
    }
}

/// The API answered 400 naming `field`.
fn refused_for(reply: &(u16, Value), field: &str) {
    assert_eq!(reply.0, 400, "{}", reply.1);
    assert_eq!(reply.1["error"]["code"], "invalid", "{}", reply.1);
    assert_eq!(reply.1["error"]["field"], field, "{}", reply.1);
}

async fn caseworkers_work_on_cases_through_the_api(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    let (mut caseworker, _) = signed_in(&t, "shelter.caseworker").await;
    let api = Api::with_token(&mut caseworker, "read_write").await;

    // Register a survivor and record an incident.
    let (status, registered) = api
        .post(
            "/survivors",
            json!({
                "name": "Api Person Kv4",
                "date_of_birth": "1990-06-11",
                "sex_gender": "female",
                "displacement": "resident",
                "languages": "English",
                "contact_method": "phone",
                "contact_details": "+000 555 0142",
            }),
        )
        .await;
    assert_eq!(status, 201, "{registered}");
    let case_id = registered["case_id"].as_str().unwrap().to_string();
    let case = format!("/cases/{case_id}");
    let (status, incident) = api
        .post(
            &format!("{case}/incidents"),
            json!({
                "incident_date": "2026-03-01",
                "date_first_reported": "2026-03-02",
                "penetration": "no",
                "unwanted_sexual_contact": "no",
                "physical_assault": "yes",
                "perpetrator_relationship": "intimate_partner",
                "perpetrator_sex": "male",
                "perpetrator_age_group": "26_40",
                "perpetrator_identity": "Api Perp Kv4",
                "narrative": "Api story Kv4",
            }),
        )
        .await;
    assert_eq!(status, 201, "{incident}");

    // Her safe number changes: her record is corrected.
    let (status, body) = api
        .put(
            &format!("{case}/survivor"),
            json!({
                "name": "Api Person Kv4",
                "date_of_birth": "1990-06-11",
                "sex_gender": "female",
                "displacement": "resident",
                "languages": "English",
                "contact_method": "phone",
                "contact_details": "+000 555 0143",
            }),
        )
        .await;
    assert_eq!(status, 204, "{body}");
    let (_, file) = api.get(&case).await;
    assert_eq!(file["survivor"]["contact"]["details"], "+000 555 0143");

    // Find her again by name and date of birth, in a body, not a URL.
    let (status, found) = api
        .post(
            "/survivors/search",
            json!({"name": "Api Person Kv4", "date_of_birth": "1990-06-11"}),
        )
        .await;
    assert_eq!(status, 200, "{found}");
    assert_eq!(found[0]["reference"], registered["reference"]);
    assert_eq!(found[0]["cases"][0]["id"], case_id.as_str());
    refused_for(
        &api.post(
            "/survivors/search",
            json!({"name": "Api Person Kv4", "date_of_birth": "11/06/1990"}),
        )
        .await,
        "date_of_birth",
    );

    // A note, edited: both versions are kept, newest first.
    let (status, note) = api
        .post(
            &format!("{case}/notes"),
            json!({"body": "First contact by phone."}),
        )
        .await;
    assert_eq!(status, 201, "{note}");
    let note_id = note["id"].as_str().unwrap().to_string();
    let note_path = format!("{case}/notes/{note_id}");
    let (status, edited) = api
        .put(
            &note_path,
            json!({"body": "First contact by phone; safe mornings."}),
        )
        .await;
    assert_eq!(status, 200, "{edited}");
    assert_eq!(edited["version"], 2);
    refused_for(&api.put(&note_path, json!({"body": "  "})).await, "body");
    let (status, versions) = api.get(&format!("{note_path}/versions")).await;
    assert_eq!(status, 200, "{versions}");
    let versions = versions.as_array().unwrap().clone();
    assert_eq!(versions.len(), 2, "the empty edit stored nothing");
    assert_eq!(versions[0]["version"], 2);
    assert_eq!(
        versions[0]["body"],
        "First contact by phone; safe mornings."
    );
    assert_eq!(versions[1]["version"], 1);
    assert_eq!(versions[1]["body"], "First contact by phone.");
    assert!(!versions[0]["edited_by_name"].as_str().unwrap().is_empty());
    let other_case = api
        .post(
            "/survivors",
            json!({"name": "Api Other Kv4", "sex_gender": "female", "age_years": "30",
                   "displacement": "resident", "contact_method": "no_contact"}),
        )
        .await;
    assert_eq!(other_case.0, 201, "{}", other_case.1);
    let (status, _) = api
        .get(&format!(
            "/cases/{}/notes/{note_id}/versions",
            other_case.1["case_id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(status, 404, "a note is read only through its own case");

    // The action plan, the safety plan and a task; bad input stores nothing.
    let (status, goal) = api
        .post(
            &format!("{case}/goals"),
            json!({"domain": "safety", "description": "Api goal Kv4", "status": "in_progress"}),
        )
        .await;
    assert_eq!(status, 201, "{goal}");
    refused_for(
        &api.post(
            &format!("{case}/goals"),
            json!({"domain": "astrology", "description": "Api bad goal Kv4", "status": "in_progress"}),
        )
        .await,
        "domain",
    );
    let (status, changed) = api
        .put(
            &format!("{case}/goals/{}", goal["id"].as_str().unwrap()),
            json!({"domain": "safety", "description": "Api goal Kv4", "status": "met"}),
        )
        .await;
    assert_eq!(status, 200, "{changed}");
    let (status, body) = api
        .put(
            &format!("{case}/safety-plan/leaving_plan"),
            json!({"body": "Api plan Kv4"}),
        )
        .await;
    assert_eq!(status, 204, "{body}");
    refused_for(
        &api.put(
            &format!("{case}/safety-plan/escape_pod"),
            json!({"body": "Api bad plan Kv4"}),
        )
        .await,
        "section",
    );
    let (status, task) = api
        .post(
            &format!("{case}/tasks"),
            json!({"title": "Api task Kv4", "due_on": "2026-03-01"}),
        )
        .await;
    assert_eq!(status, 201, "{task}");
    let task_id = task["id"].as_str().unwrap().to_string();
    refused_for(
        &api.post(
            &format!("{case}/tasks"),
            json!({"title": "Api undated Kv4"}),
        )
        .await,
        "due_on",
    );
    let (status, work) = api.get("/me/work").await;
    assert_eq!(status, 200, "{work}");
    let mine = work
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["id"] == task_id.as_str())
        .expect("the task is in my work");
    assert_eq!(mine["overdue"], true);
    let (status, _) = api
        .post(&format!("{case}/tasks/{task_id}/done"), json!({}))
        .await;
    assert_eq!(status, 204);
    let (_, work) = api.get("/me/work").await;
    assert!(
        !work.to_string().contains(&task_id),
        "a done task leaves my work"
    );

    // The case file shows all of it, and nothing the bad input sent.
    let (status, file) = api.get(&case).await;
    assert_eq!(status, 200, "{file}");
    assert_eq!(file["basis"], "owning_agency");
    assert_eq!(file["survivor"]["name"], "Api Person Kv4");
    assert_eq!(file["incidents"][0]["perpetrator_identity"], "Api Perp Kv4");
    assert_eq!(file["notes"][0]["version"], 2);
    assert_eq!(
        file["notes"][0]["body"],
        "First contact by phone; safe mornings."
    );
    assert_eq!(file["goals"].as_array().unwrap().len(), 1);
    assert_eq!(file["goals"][0]["description"], "Api goal Kv4");
    assert_eq!(file["goals"][0]["status"], "met");
    assert_eq!(file["safety_plan"][0]["section"], "leaving_plan");
    assert_eq!(file["safety_plan"][0]["body"], "Api plan Kv4");
    assert_eq!(file["safety_plan"].as_array().unwrap().len(), 1);
    assert_eq!(file["tasks"].as_array().unwrap().len(), 1);
    assert_eq!(file["tasks"][0]["title"], "Api task Kv4");
    assert!(file["tasks"][0]["done_at"].is_string(), "{file}");
    assert!(
        !file.to_string().contains("Api bad"),
        "refused input was stored"
    );

    // Consent to the hospital for referral, identity and incidents only.
    let hospital = t
        .app
        .find_agency_for_command_line("Lakeside General Hospital One-Stop Centre")
        .await
        .unwrap()
        .unwrap()
        .id
        .to_string();
    let (status, consent) = api
        .post(
            &format!("{case}/consents"),
            json!({
                "recipient_agency": hospital,
                "purposes": ["referral_for_services"],
                "categories": ["identity_and_contact", "incident"],
                "given_by": "survivor",
                "valid_until": "2026-04-30",
            }),
        )
        .await;
    assert_eq!(status, 201, "{consent}");
    let (mut nurse, _) = signed_in(&t, "hospital.nurse").await;
    let nurse_api = Api::with_token(&mut nurse, "read_write").await;
    let (status, refused) = nurse_api.get(&case).await;
    assert_eq!(status, 403, "a purpose must be stated: {refused}");
    assert!(!refused.to_string().contains("Api Person Kv4"));
    let (status, shared) = nurse_api
        .get(&format!("{case}?purpose=referral_for_services"))
        .await;
    assert_eq!(status, 200, "{shared}");
    assert_eq!(
        shared["categories"],
        json!(["identity_and_contact", "incident"])
    );
    assert_eq!(shared["survivor"]["name"], "Api Person Kv4");
    assert_eq!(
        shared["incidents"][0]["perpetrator_identity"],
        "Api Perp Kv4"
    );
    for section in ["notes", "goals", "safety_plan", "tasks"] {
        assert!(shared[section].is_null(), "{section} was not consented to");
    }
    assert!(!shared.to_string().contains("safe mornings"));
    let (status, _) = nurse_api
        .get(&format!(
            "{note_path}/versions?purpose=referral_for_services"
        ))
        .await;
    assert_eq!(status, 403, "note history is case notes, not consented to");
    let (status, _) = nurse_api
        .post(
            &format!("{case}/notes"),
            json!({"body": "From the hospital"}),
        )
        .await;
    assert_eq!(status, 403, "recipients cannot change the case");
    let (status, _) = nurse_api.get(&format!("{case}/export")).await;
    assert_eq!(status, 403, "only the owning agency exports her data");

    // Who has accessed her file, including the hospital and the history.
    let (status, report) = api.get(&format!("{case}/access-report")).await;
    assert_eq!(status, 200, "{report}");
    let events = report.as_array().unwrap();
    assert!(events.iter().any(|e| e["action"] == "case.viewed"
        && e["details"]["note_id"] == note_id.as_str()
        && e["details"]["basis"] == "owning_agency"));
    assert!(events.iter().any(
        |e| e["action"] == "case.viewed" && e["details"]["purpose"] == "referral_for_services"
    ));
    assert!(
        !report.to_string().contains("Kv4"),
        "no personal data in the audit"
    );

    // A copy of everything.
    let (status, export) = api.get(&format!("{case}/export")).await;
    assert_eq!(status, 200, "{export}");
    assert_eq!(export["name"], "Api Person Kv4");
    assert_eq!(
        export["cases"][0]["notes"][0]["text"],
        "First contact by phone; safe mornings."
    );
    assert_eq!(export["cases"][0]["goals"][0]["goal"], "Api goal Kv4");

    // A read-only token reads but cannot write.
    let reader = Api::with_token(&mut caseworker, "read").await;
    assert_eq!(reader.get(&case).await.0, 200);
    assert_eq!(
        reader
            .post(&format!("{case}/notes"), json!({"body": "read only"}))
            .await
            .0,
        403
    );
    assert_eq!(
        reader.put(&note_path, json!({"body": "read only"})).await.0,
        403
    );
    assert_eq!(
        reader
            .post(
                &format!("{case}/tasks"),
                json!({"title": "read only", "due_on": "2026-03-09"})
            )
            .await
            .0,
        403
    );
    let (_, versions) = api.get(&format!("{note_path}/versions")).await;
    assert_eq!(versions.as_array().unwrap().len(), 2, "nothing was written");

    // The web shows the same: each note has an edit form and its history.
    let page = caseworker.get(&case).await;
    assert!(page.contains("History (2 versions)"), "{}", page.body);
    assert!(page.contains(&format!("action=\"{note_path}\"")));
    let edited = caseworker
        .post(&note_path, &[("body", "Third wording, from the page.")])
        .await;
    assert_eq!(edited.status, 303, "{}", edited.body);
    let history = caseworker.get(&format!("{note_path}/history")).await;
    assert_eq!(history.status, 200, "{}", history.body);
    let third = history.body.find("Third wording, from the page.").unwrap();
    let second = history.body.find("safe mornings.").unwrap();
    let first = history.body.find("First contact by phone.").unwrap();
    assert!(third < second && second < first, "newest first");
    assert_eq!(
        nurse
            .get(&format!(
                "{note_path}/history?purpose=referral_for_services"
            ))
            .await
            .status,
        403
    );

    // Emergency access from another agency, reviewed by a supervisor.
    let (mut coordinator, _) = signed_in(&t, "marac.coordinator").await;
    let coordinator_api = Api::with_token(&mut coordinator, "read_write").await;
    assert_eq!(coordinator_api.get(&case).await.0, 403);
    refused_for(
        &coordinator_api
            .post(&format!("{case}/break-glass"), json!({"reason": ""}))
            .await,
        "reason",
    );
    let (status, opening) = coordinator_api
        .post(
            &format!("{case}/break-glass"),
            json!({"reason": "Police report danger tonight"}),
        )
        .await;
    assert_eq!(status, 201, "{opening}");
    let (status, emergency) = coordinator_api.get(&case).await;
    assert_eq!(status, 200, "{emergency}");
    assert_eq!(emergency["basis"], "break_glass");
    assert_eq!(emergency["survivor"]["name"], "Api Person Kv4");
    assert!(emergency["notes"].is_null(), "notes are not covered");
    let (mut supervisor, _) = signed_in(&t, "shelter.supervisor").await;
    let supervisor_api = Api::with_token(&mut supervisor, "read_write").await;
    assert_eq!(api.get("/break-glass").await.0, 403, "supervisors only");
    let (status, queue) = supervisor_api.get("/break-glass").await;
    assert_eq!(status, 200, "{queue}");
    let waiting = queue
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == opening["id"])
        .expect("the opening waits for review");
    assert_eq!(waiting["reason"], "Police report danger tonight");
    assert_eq!(waiting["case_id"], case_id.as_str());
    let review = format!("/break-glass/{}/review", opening["id"].as_str().unwrap());
    refused_for(
        &supervisor_api
            .post(&review, json!({"outcome": "maybe"}))
            .await,
        "outcome",
    );
    let (status, body) = supervisor_api
        .post(
            &review,
            json!({"outcome": "justified", "comment": "Confirmed with police"}),
        )
        .await;
    assert_eq!(status, 204, "{body}");
    let (_, queue) = supervisor_api.get("/break-glass").await;
    assert!(
        !queue.to_string().contains(opening["id"].as_str().unwrap()),
        "a reviewed opening leaves the queue"
    );

    // The agency's case settings (supervisors).
    assert_eq!(api.get("/case-settings").await.0, 403);
    refused_for(
        &supervisor_api
            .put("/case-settings", json!({"retention_months": 0}))
            .await,
        "retention_months",
    );
    let (status, saved) = supervisor_api
        .put(
            "/case-settings",
            json!({"closure_requires_approval": true, "retention_months": 24}),
        )
        .await;
    assert_eq!(status, 200, "{saved}");
    let (status, settings) = supervisor_api.get("/case-settings").await;
    assert_eq!(status, 200, "{settings}");
    assert_eq!(
        settings,
        json!({"plan_requires_approval": false, "closure_requires_approval": true, "retention_months": 24})
    );

    // A caseworker cannot delete her record; a supervisor can, at her
    // request, once no legal hold stands in the way.
    assert_eq!(api.delete(&format!("{case}/survivor")).await.0, 403);
    let hold = format!("{case}/legal-hold");
    assert_eq!(
        supervisor_api.put(&hold, json!({"hold": true})).await.0,
        204
    );
    refused_for(
        &supervisor_api.delete(&format!("{case}/survivor")).await,
        "legal_hold",
    );
    assert_eq!(api.get(&case).await.0, 200, "nothing was deleted");
    assert_eq!(
        supervisor_api.put(&hold, json!({"hold": false})).await.0,
        204
    );
    let (status, body) = supervisor_api.delete(&format!("{case}/survivor")).await;
    assert_eq!(status, 204, "{body}");
    let (status, gone) = api.get(&case).await;
    assert_eq!(status, 404, "{gone}");
    assert_eq!(gone["error"]["code"], "not_found");
}
