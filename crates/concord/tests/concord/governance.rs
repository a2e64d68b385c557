//! The governance of coordination through HTTP: who edits which body (the
//! secretariat of its own bodies only; administrators register; analysts
//! read), membership that opens no case, meetings whose open actions carry
//! over and escalate, the instrument lifecycle with its documents, and the
//! scorecard, plan coverage, matrix and self-assessment trend against
//! hand-worked figures.

use super::cases::{agency_id, register};
use super::support::{api_token, signed_in};
use chrono::Duration;
use concord_testkit::{Browser, Engine, TestApp, on_both_engines};
use serde_json::{Value, json};

on_both_engines!(
    secretariats_edit_only_their_own_bodies,
    membership_of_a_body_opens_no_case,
    open_actions_carry_over_and_escalate,
    instruments_follow_their_lifecycle,
    measures_match_hand_worked_examples,
    openapi_describes_the_governance_routes,
);

/// One API client with one token.
struct Api {
    http: reqwest::Client,
    base: String,
    token: String,
}

impl Api {
    async fn with_token(browser: &mut Browser, scope: &str) -> Self {
        let token = api_token(browser, scope, "365").await;
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
}

/// The id of the demo body with this name.
async fn body_id(api: &Api, name: &str) -> String {
    let (status, list) = api.get("/bodies").await;
    assert_eq!(status, 200, "{list}");
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["body"]["name"] == name)
        .unwrap_or_else(|| panic!("no body {name}: {list}"))["body"]["id"]
        .as_str()
        .unwrap()
        .to_string()
}

const LOCAL: &str = "Lakeside Local Coordination Council";
const REGIONAL: &str = "Northern Regional Coordination Committee";
const NATIONAL: &str = "National Coordination Council on Violence against Women";

fn member(agency: &str, chair: bool) -> Value {
    json!({
        "agency_id": agency,
        "representative": "Ms. Representative",
        "representative_title": "Director",
        "deputy": "Mr. Deputy",
        "decision_authority": "true",
        "chair": if chair { "true" } else { "false" },
        "joined_on": "2025-06-01",
    })
}

async fn secretariats_edit_only_their_own_bodies(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    let social = agency_id(&t, "Lakeside Social Services").await;
    let police = agency_id(&t, "Lakeside Police Domestic Abuse Unit").await;
    let (mut admin, _) = signed_in(&t, "admin").await;
    let (mut secretariat, _) = signed_in(&t, "secretariat").await;
    let (mut analyst, _) = signed_in(&t, "analyst").await;

    // The administrator registers a risk conference run by social services.
    let admin_api = Api::with_token(&mut admin, "read_write").await;
    let local = body_id(&admin_api, LOCAL).await;
    let (_, area) = admin_api.get(&format!("/bodies/{local}")).await;
    let (status, marac) = admin_api
        .post(
            "/bodies",
            json!({
                "name": "Lakeside MARAC",
                "body_type": "risk_conference",
                "level": "local",
                "area_id": area["area"]["id"],
                "secretariat_agency_id": social,
            }),
        )
        .await;
    assert_eq!(status, 201, "{marac}");
    let marac = marac["id"].as_str().unwrap().to_string();
    // A local body cannot report to a local one.
    let (status, refused) = admin_api
        .post(
            "/bodies",
            json!({ "name": "Sub-forum", "body_type": "local_council", "level": "local",
                    "area_id": area["area"]["id"], "parent_id": marac }),
        )
        .await;
    assert_eq!(
        (status, refused["error"]["field"].as_str()),
        (400, Some("parent_id"))
    );
    // …but the administrator edits no body's work.
    let (status, _) = admin_api
        .post(&format!("/bodies/{local}/members"), member(&police, false))
        .await;
    assert_eq!(status, 403);

    // The ministry's secretariat edits its own bodies, in the browser…
    secretariat.get(&format!("/bodies/{local}")).await;
    let saved = secretariat
        .post(
            &format!("/bodies/{local}/members"),
            &[
                ("agency_id", police.as_str()),
                ("representative", "Insp. Carla Mendes"),
                ("deputy", "Sgt. Daniel Mwangi"),
                ("decision_authority", "on"),
                ("joined_on", "2025-01-10"),
            ],
        )
        .await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    let page = secretariat.get(&format!("/bodies/{local}")).await;
    assert!(page.contains("Insp. Carla Mendes") && page.contains("Sgt. Daniel Mwangi"));
    // …with every bad field named.
    let bad = secretariat
        .post(
            &format!("/bodies/{local}/members"),
            &[("agency_id", police.as_str()), ("joined_on", "2025-02-30")],
        )
        .await;
    assert_eq!(bad.status, 422);
    assert!(
        bad.contains("is required") && bad.contains("must be a date"),
        "{}",
        bad.body
    );

    // Not the body another agency's secretariat keeps, nor its registration.
    let api = Api::with_token(&mut secretariat, "read_write").await;
    let (status, _) = api
        .post(&format!("/bodies/{marac}/members"), member(&police, true))
        .await;
    assert_eq!(status, 403);
    let page = secretariat.get(&format!("/bodies/{marac}")).await;
    assert_eq!(page.status, 200, "everyone reads");
    assert!(!page.contains(&format!("action=\"/bodies/{marac}/members\"")));
    let (status, _) = api
        .post(
            "/bodies",
            json!({ "name": "Shadow", "body_type": "local_council", "level": "local", "area_id": area["area"]["id"] }),
        )
        .await;
    assert_eq!(status, 403, "only administrators register bodies");
    // A read-only token of the secretariat changes nothing.
    let read = Api::with_token(&mut secretariat, "read").await;
    let (status, _) = read
        .post(&format!("/bodies/{local}/members"), member(&social, false))
        .await;
    assert_eq!(status, 403);

    // When the administrator hands the body to social services, the
    // ministry's secretariat loses it.
    let (status, _) = admin_api
        .put(
            &format!("/bodies/{local}"),
            json!({ "name": LOCAL, "body_type": "local_council", "level": "local",
                    "area_id": area["area"]["id"], "parent_id": area["parent_id"],
                    "secretariat_agency_id": social }),
        )
        .await;
    assert_eq!(status, 200);
    let (status, _) = api
        .post(&format!("/bodies/{local}/members"), member(&social, true))
        .await;
    assert_eq!(status, 403);

    // Analysts read everything and change nothing.
    let page = analyst.get(&format!("/bodies/{local}")).await;
    assert_eq!(page.status, 200);
    assert!(page.contains("Insp. Carla Mendes"));
    assert!(!page.contains("/members\" class"), "no member form");
    let national = body_id(&api, NATIONAL).await;
    analyst.get(&format!("/bodies/{national}")).await;
    let refused = analyst
        .post(
            &format!("/bodies/{national}/meetings"),
            &[("held_on", "2026-03-02")],
        )
        .await;
    assert_eq!(refused.status, 403);
    for path in [
        "/scorecard",
        "/plan",
        "/meetings",
        "/instruments",
        "/assessments",
    ] {
        let page = analyst.get(&format!("/bodies/{national}{path}")).await;
        assert_eq!(page.status, 200, "{path}");
    }
}

async fn membership_of_a_body_opens_no_case(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    let (mut secretariat, _) = signed_in(&t, "secretariat").await;
    let api = Api::with_token(&mut secretariat, "read_write").await;
    let local = body_id(&api, LOCAL).await;
    // The shelter and the police unit sit on the same council, the police
    // officer's agency chairing it.
    for (agency, chair) in [
        ("Safe Haven Women's Shelter", false),
        ("Lakeside Police Domestic Abuse Unit", true),
    ] {
        let id = agency_id(&t, agency).await;
        let (status, reply) = api
            .post(&format!("/bodies/{local}/members"), member(&id, chair))
            .await;
        assert_eq!(status, 200, "{reply}");
    }
    let (mut caseworker, _) = signed_in(&t, "shelter.caseworker").await;
    let case = register(&mut caseworker, "Nadia Council-Test").await;
    let (mut officer, _) = signed_in(&t, "police.officer").await;
    let refused = officer.get(&case).await;
    assert_eq!(refused.status, 403, "membership opened a case");
    assert!(!refused.contains("Nadia"));
    let case_id = case.trim_start_matches("/cases/");
    let officer_api = Api::with_token(&mut officer, "read_write").await;
    let (status, _) = officer_api
        .get(&format!("/cases/{case_id}?purpose=case_conference"))
        .await;
    assert_eq!(status, 403);
    // The secretariat, who keeps the body, sees no case either.
    let page = secretariat.get(&case).await;
    assert_eq!(page.status, 403);
}

/// Schedules a meeting of `body` on `held_on`, returns its id.
async fn schedule(api: &Api, body: &str, held_on: &str) -> String {
    let (status, meeting) = api
        .post(
            &format!("/bodies/{body}/meetings"),
            json!({ "held_on": held_on, "location": "Town hall", "agenda": "Welcome\nReports" }),
        )
        .await;
    assert_eq!(status, 201, "{meeting}");
    meeting["id"].as_str().unwrap().to_string()
}

async fn open_actions_carry_over_and_escalate(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    let (mut secretariat, _) = signed_in(&t, "secretariat").await;
    let api = Api::with_token(&mut secretariat, "read_write").await;
    let local = body_id(&api, LOCAL).await;
    let regional = body_id(&api, REGIONAL).await;
    let police = agency_id(&t, "Lakeside Police Domestic Abuse Unit").await;
    let shelter = agency_id(&t, "Safe Haven Women's Shelter").await;
    for id in [&police, &shelter] {
        api.post(&format!("/bodies/{local}/members"), member(id, false))
            .await;
    }
    let (status, _) = api
        .put(
            &format!("/bodies/{local}/settings"),
            json!({ "leadership": "shared_state_ngo", "escalate_after": "2" }),
        )
        .await;
    assert_eq!(status, 200);

    // Meeting 1 raises two actions.
    let first = schedule(&api, &local, "2026-03-02").await;
    let mut raised = Vec::new();
    for text in ["Publish the out-of-hours route", "Train reception staff"] {
        let (status, action) = api
            .post(
                &format!("/bodies/{local}/meetings/{first}/actions"),
                json!({ "description": text, "owner_agency_id": police, "due_on": "2026-03-20",
                        "ecological_level": "community", "essential_action": "shared_agreements_and_sops" }),
            )
            .await;
        assert_eq!(status, 201, "{action}");
        raised.push(action["id"].as_str().unwrap().to_string());
    }
    api.put(
        &format!("/bodies/{local}/meetings/{first}/attendance"),
        json!({ "agency_id": [police], "presence": ["present"], "attendee": ["Insp. Mendes"] }),
    )
    .await;
    // A meeting cannot close before it is held.
    let later = schedule(&api, &local, "2026-04-30").await;
    let (status, early) = api
        .post(
            &format!("/bodies/{local}/meetings/{later}/close"),
            json!({}),
        )
        .await;
    assert_eq!(
        (status, early["error"]["field"].as_str()),
        (400, Some("held_on"))
    );
    let (status, closed) = api
        .post(
            &format!("/bodies/{local}/meetings/{first}/close"),
            json!({}),
        )
        .await;
    assert_eq!(status, 200, "{closed}");
    assert_eq!(
        closed["recorded_absent"],
        json!([shelter]),
        "nobody recorded the shelter"
    );
    assert_eq!(
        closed["carried_over"],
        json!([]),
        "new actions are not carried"
    );
    let (status, _) = api
        .post(
            &format!("/bodies/{local}/meetings/{first}/close"),
            json!({}),
        )
        .await;
    assert_eq!(status, 409, "closed once");
    let (status, _) = api
        .post(
            &format!("/bodies/{local}/meetings/{first}/decisions"),
            json!({ "text": "Too late" }),
        )
        .await;
    assert_eq!(status, 409, "a closed meeting changes no more");

    // Meeting 2: both actions are on the agenda by themselves; one is done.
    t.clock.advance(Duration::days(28));
    // Sessions end after the idle timeout; tokens last a year.
    let (mut secretariat, _) = signed_in(&t, "secretariat").await;
    let second = schedule(&api, &local, "2026-03-30").await;
    let page = secretariat
        .get(&format!("/bodies/{local}/meetings/{second}"))
        .await;
    assert!(
        page.contains("Publish the out-of-hours route") && page.contains("Train reception staff"),
        "{} {}",
        page.status,
        page.body
    );
    let done = secretariat
        .post(
            &format!("/bodies/{local}/actions/{}/status", raised[1]),
            &[
                ("status", "done"),
                ("note", "Two sessions held"),
                ("return_to", second.as_str()),
            ],
        )
        .await;
    assert_eq!(done.status, 303, "{}", done.body);
    let not_possible = secretariat
        .post(
            &format!("/bodies/{local}/actions/{}/status", raised[0]),
            &[("status", "not_possible"), ("return_to", second.as_str())],
        )
        .await;
    assert_eq!(not_possible.status, 422, "not possible needs what changed");
    let (_, closed) = api
        .post(
            &format!("/bodies/{local}/meetings/{second}/close"),
            json!({}),
        )
        .await;
    assert_eq!(closed["carried_over"].as_array().unwrap().len(), 1);
    assert_eq!(closed["carried_over"][0]["carry_overs"], 1);
    assert_eq!(closed["carried_over"][0]["escalated_to"], Value::Null);

    // Meeting 3: carried a second time, it escalates to the regional
    // committee (the parent), whose agenda and plan show it.
    t.clock.advance(Duration::days(28));
    let (mut secretariat, _) = signed_in(&t, "secretariat").await;
    let third = schedule(&api, &local, "2026-04-27").await;
    let page = secretariat
        .get(&format!("/bodies/{local}/meetings/{third}"))
        .await;
    assert!(page.contains("carried over 1 times"), "{}", page.body);
    let (_, closed) = api
        .post(
            &format!("/bodies/{local}/meetings/{third}/close"),
            json!({}),
        )
        .await;
    assert_eq!(closed["carried_over"][0]["carry_overs"], 2);
    assert_eq!(closed["carried_over"][0]["escalated_to"], json!(regional));
    assert_eq!(
        closed["reviews"].as_array().unwrap().len(),
        1,
        "the done action left the agenda"
    );
    let (_, plan) = api.get(&format!("/bodies/{regional}/actions")).await;
    let escalated = &plan["items"][0];
    assert_eq!(
        escalated["action"]["description"],
        "Publish the out-of-hours route"
    );
    assert_eq!(escalated["escalated_from_body"], LOCAL);
    let regional_meeting = schedule(&api, &regional, "2026-04-28").await;
    let page = secretariat
        .get(&format!("/bodies/{regional}/meetings/{regional_meeting}"))
        .await;
    assert!(page.contains("escalated from") && page.contains("Publish the out-of-hours route"));
    // The closed meeting's record keeps where the action stood.
    let (_, record) = api.get(&format!("/bodies/{local}/meetings/{third}")).await;
    assert_eq!(
        record["carried_actions"][0]["review_at_close"]["escalated"],
        true
    );
    // The regional secretariat may record it done; the body's scorecard
    // then counts it.
    let (status, _) = api
        .put(
            &format!("/bodies/{regional}/actions/{}/status", raised[0]),
            json!({ "status": "done", "note": "Published on the council website" }),
        )
        .await;
    assert_eq!(status, 200);
    let (_, card) = api.get(&format!("/bodies/{local}/scorecard")).await;
    assert_eq!(
        card["completion"],
        json!({ "numerator": 2, "denominator": 2, "percent": 100 })
    );
}

/// A multipart form with the form token and one file, as a browser sends it.
async fn upload(
    browser: &mut Browser,
    path: &str,
    file_name: &str,
    content_type: &str,
    bytes: &[u8],
) -> u16 {
    let page = browser.get(path.rsplit_once("/versions").unwrap().0).await;
    let marker = "name=\"csrf_token\" value=\"";
    let start = page.body.find(marker).unwrap() + marker.len();
    let token = &page.body[start..start + page.body[start..].find('"').unwrap()];
    let boundary = "----concordtestboundary";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{token}\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"document\"; filename=\"{file_name}\"\r\nContent-Type: {content_type}\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    browser
        .raw()
        .post(browser.url(path))
        .header("sec-fetch-site", "same-origin")
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(body)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

async fn instruments_follow_their_lifecycle(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    let (mut secretariat, _) = signed_in(&t, "secretariat").await;
    // The hospital is no member of the council and keeps none of it.
    let (mut analyst, _) = signed_in(&t, "hospital.nurse").await;
    let api = Api::with_token(&mut secretariat, "read_write").await;
    let local = body_id(&api, LOCAL).await;
    let police = agency_id(&t, "Lakeside Police Domestic Abuse Unit").await;
    let (status, created) = api
        .post(
            &format!("/bodies/{local}/instruments"),
            json!({ "kind": "memorandum_of_understanding", "title": "Lakeside MoU",
                    "essential_actions": ["shared_agreements_and_sops"] }),
        )
        .await;
    assert_eq!(status, 201, "{created}");
    let instrument = created["instrument"]["id"].as_str().unwrap().to_string();
    let v1 = created["versions"][0]["version"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(created["versions"][0]["version"]["status"], "draft");
    let base = format!("/bodies/{local}/instruments/{instrument}/versions");
    let step = |event: &str, effective: &str, review: &str| json!({ "event": event, "effective_on": effective, "review_on": review });

    // Not into force straight from a draft.
    let (status, refused) = api
        .put(
            &format!("{base}/{v1}"),
            step("bring_into_force", "2026-03-01", "2027-03-01"),
        )
        .await;
    assert_eq!(
        (status, refused["error"]["field"].as_str()),
        (400, Some("event"))
    );
    // The draft's document: a file whose bytes are not what it claims is
    // refused; a text file is kept and served only to the secretariat and
    // members while it is a draft.
    let document = format!("{base}/{v1}/document");
    let lie = upload(
        &mut secretariat,
        &document,
        "mou.pdf",
        "application/pdf",
        b"MZ\x90\x00binary",
    )
    .await;
    assert_eq!(lie, 422);
    let ok = upload(
        &mut secretariat,
        &document,
        "Lakeside MoU v1.txt",
        "text/plain",
        b"Memorandum of understanding\n",
    )
    .await;
    assert_eq!(ok, 303);
    let download = secretariat.get(&document).await;
    assert_eq!(download.status, 200);
    assert_eq!(
        download.header("content-type").as_deref(),
        Some("text/plain; charset=utf-8")
    );
    assert_eq!(
        download.header("content-disposition").as_deref(),
        Some("attachment; filename=\"Lakeside_MoU_v1.txt\"")
    );
    assert_eq!(
        analyst.get(&document).await.status,
        403,
        "drafts stay with the secretariat and members"
    );

    let (status, _) = api
        .put(
            &format!("{base}/{v1}"),
            json!({ "event": "start_consultation" }),
        )
        .await;
    assert_eq!(status, 200);
    api.post(
        &format!("{base}/{v1}/consultations"),
        json!({ "consultee": "Survivors' Voice Forum", "survivors_representative": "true", "consulted_on": "2026-02-20" }),
    )
    .await;
    // An agreement needs a signatory to come into force.
    let (status, refused) = api
        .put(
            &format!("{base}/{v1}"),
            step("bring_into_force", "2026-03-01", "2026-06-01"),
        )
        .await;
    assert_eq!(
        (status, refused["error"]["field"].as_str()),
        (400, Some("signatories"))
    );
    let (status, _) = api
        .post(
            &format!("{base}/{v1}/signatories"),
            json!({ "agency_id": police, "signed_by": "Insp. Mendes", "signed_on": "2026-02-28" }),
        )
        .await;
    assert_eq!(status, 201);
    let (status, version) = api
        .put(
            &format!("{base}/{v1}"),
            step("bring_into_force", "2026-03-01", "2026-06-01"),
        )
        .await;
    assert_eq!(status, 200, "{version}");
    assert_eq!(version["status"], "in_force");
    assert_eq!(analyst.get(&document).await.status, 200, "published");
    // In force, its document no longer changes.
    let again = upload(
        &mut secretariat,
        &document,
        "v1b.txt",
        "text/plain",
        b"changed",
    )
    .await;
    assert_eq!(again, 422);

    // Past its review date it is overdue, on the list and the scorecard.
    t.clock.advance(Duration::days(100));
    let (_, list) = api.get(&format!("/bodies/{local}/instruments")).await;
    let line = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["instrument"]["id"] == json!(instrument))
        .unwrap()
        .clone();
    assert_eq!(line["overdue_for_review"], true);
    let (_, card) = api.get(&format!("/bodies/{local}/scorecard")).await;
    assert_eq!(card["instruments_overdue"], 1);
    let (_, reminders) = api.get("/governance/review-reminders").await;
    assert!(
        reminders["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l["instrument"]["id"] == json!(instrument))
    );
    // …and the secretariat's home page reminds them.
    let (mut secretariat, _) = signed_in(&t, "secretariat").await;
    let home = secretariat.get("/").await;
    assert!(
        home.contains("1 instruments of your bodies are due for review"),
        "{}",
        home.body
    );

    // A second version revises the first when it comes into force.
    let (status, v2) = api
        .post(
            &format!("/bodies/{local}/instruments/{instrument}/versions"),
            json!({}),
        )
        .await;
    assert_eq!(status, 201);
    let v2 = v2["id"].as_str().unwrap().to_string();
    let (status, _) = api
        .post(
            &format!("/bodies/{local}/instruments/{instrument}/versions"),
            json!({}),
        )
        .await;
    assert_eq!(status, 400, "one version written at a time");
    api.put(
        &format!("{base}/{v2}"),
        json!({ "event": "start_consultation" }),
    )
    .await;
    api.post(
        &format!("{base}/{v2}/signatories"),
        json!({ "agency_id": police, "signed_by": "Insp. Mendes", "signed_on": "2026-06-09" }),
    )
    .await;
    let (status, _) = api
        .put(
            &format!("{base}/{v2}"),
            step("bring_into_force", "2026-06-10", "2027-06-10"),
        )
        .await;
    assert_eq!(status, 200);
    let (_, view) = api
        .get(&format!("/bodies/{local}/instruments/{instrument}"))
        .await;
    assert_eq!(view["versions"][0]["version"]["status"], "revised");
    assert_eq!(view["versions"][1]["version"]["status"], "in_force");
    assert_eq!(
        view["versions"][0]["consultations"][0]["survivors_representative"],
        true
    );
    let (_, card) = api.get(&format!("/bodies/{local}/scorecard")).await;
    assert_eq!(card["instruments_overdue"], 0);
    // The page shows the history.
    let page = secretariat
        .get(&format!("/bodies/{local}/instruments/{instrument}"))
        .await;
    assert!(
        page.contains("Revised")
            && page.contains("In force")
            && page.contains("Survivors&#39; Voice Forum"),
        "{}",
        page.body
    );
}

async fn measures_match_hand_worked_examples(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    let (mut secretariat, _) = signed_in(&t, "secretariat").await;
    let api = Api::with_token(&mut secretariat, "read_write").await;
    let local = body_id(&api, LOCAL).await;
    let regional = body_id(&api, REGIONAL).await;
    let national = body_id(&api, NATIONAL).await;
    // Four members: police, hospital and clinic (health), the shelter.
    let police = agency_id(&t, "Lakeside Police Domestic Abuse Unit").await;
    let hospital = agency_id(&t, "Lakeside General Hospital One-Stop Centre").await;
    let clinic = agency_id(&t, "Hillview Primary Health Clinic").await;
    let shelter = agency_id(&t, "Safe Haven Women's Shelter").await;
    for id in [&police, &hospital, &clinic, &shelter] {
        let (status, reply) = api
            .post(&format!("/bodies/{local}/members"), member(id, false))
            .await;
        assert_eq!(status, 200, "{reply}");
    }

    // Attendance over two meetings: 3 present + 1 apologies, then 2 present,
    // 1 apologies and the shelter not recorded (absent at the close): 5/8.
    let first = schedule(&api, &local, "2026-02-20").await;
    api.put(
        &format!("/bodies/{local}/meetings/{first}/attendance"),
        json!({ "agency_id": [police, hospital, clinic, shelter],
                "presence": ["present", "present", "present", "apologies"],
                "attendee": ["", "", "", ""] }),
    )
    .await;
    // Actions: done, late, not yet due, not possible → completion 1/2.
    let mut ids = Vec::new();
    for (text, due, level, ea) in [
        (
            "Share call-out figures",
            "2026-02-25",
            "community",
            "monitoring_and_evaluation",
        ),
        (
            "Train emergency staff",
            "2026-02-27",
            "individual",
            "capacity_development",
        ),
        (
            "Agree a referral form",
            "2026-04-01",
            "relationship",
            "shared_agreements_and_sops",
        ),
        (
            "Open a second refuge",
            "2026-02-26",
            "societal",
            "resourcing_and_financing",
        ),
    ] {
        let (_, action) = api
            .post(
                &format!("/bodies/{local}/meetings/{first}/actions"),
                json!({ "description": text, "owner_agency_id": police, "due_on": due,
                        "ecological_level": level, "essential_action": ea }),
            )
            .await;
        ids.push(action["id"].as_str().unwrap().to_string());
    }
    api.post(
        &format!("/bodies/{local}/meetings/{first}/close"),
        json!({}),
    )
    .await;
    let second = schedule(&api, &local, "2026-03-01").await;
    api.put(
        &format!("/bodies/{local}/meetings/{second}/attendance"),
        json!({ "agency_id": [police, hospital, clinic],
                "presence": ["present", "present", "apologies"],
                "attendee": ["", "", ""] }),
    )
    .await;
    api.put(
        &format!("/bodies/{local}/actions/{}/status", ids[0]),
        json!({ "status": "done" }),
    )
    .await;
    api.put(
        &format!("/bodies/{local}/actions/{}/status", ids[3]),
        json!({ "status": "not_possible", "note": "Funding withdrawn" }),
    )
    .await;
    api.post(
        &format!("/bodies/{local}/meetings/{second}/close"),
        json!({}),
    )
    .await;

    // Signatories: an MoU in force signed by the police and the clinic: 2 of
    // 4 members, health 1 of 2.
    let (_, created) = api
        .post(
            &format!("/bodies/{local}/instruments"),
            json!({ "kind": "memorandum_of_understanding", "title": "Lakeside MoU",
                    "essential_actions": ["shared_agreements_and_sops", "local_structure_and_governance"] }),
        )
        .await;
    let instrument = created["instrument"]["id"].as_str().unwrap();
    let version = created["versions"][0]["version"]["id"].as_str().unwrap();
    let base = format!("/bodies/{local}/instruments/{instrument}/versions/{version}");
    api.put(&base, json!({ "event": "start_consultation" }))
        .await;
    for id in [&police, &clinic] {
        api.post(
            &format!("{base}/signatories"),
            json!({ "agency_id": id, "signed_by": "Head", "signed_on": "2026-02-01" }),
        )
        .await;
    }
    let (status, _) = api
        .put(&base, json!({ "event": "bring_into_force", "effective_on": "2026-02-01", "review_on": "2027-02-01" }))
        .await;
    assert_eq!(status, 200);

    let (_, card) = api.get(&format!("/bodies/{local}/scorecard")).await;
    assert_eq!(
        card["attendance"],
        json!({ "numerator": 5, "denominator": 8, "percent": 63 })
    );
    assert_eq!(card["meetings_counted"], 2);
    // Done 1; late open 1 (due 27 Feb, today 2 March); not yet due and not
    // possible count nowhere.
    assert_eq!(
        card["completion"],
        json!({ "numerator": 1, "denominator": 2, "percent": 50 })
    );
    assert_eq!(
        card["signatory_coverage"],
        json!({ "numerator": 2, "denominator": 4, "percent": 50 })
    );
    let health = card["signatories_by_sector"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["sector"] == "health")
        .unwrap()
        .clone();
    assert_eq!(
        health,
        json!({ "sector": "health", "members": 2, "signed": 1 })
    );
    let page = secretariat.get(&format!("/bodies/{local}/scorecard")).await;
    assert_eq!(
        page.element_text("score-attendance").as_deref(),
        Some("63%")
    );
    assert_eq!(
        page.element_text("score-completion").as_deref(),
        Some("50%")
    );

    // Plan coverage: the not-possible (societal) action plans nothing.
    let (_, coverage) = api.get(&format!("/bodies/{local}/plan-coverage")).await;
    assert_eq!(coverage["levels_without_actions"], json!(["societal"]));
    assert_eq!(
        coverage["essential_actions_without_actions"],
        json!([
            "law_and_policy",
            "resourcing_and_financing",
            "standards_for_local_coordination",
            "inclusive_approaches",
            "local_structure_and_governance",
            "local_action_plan"
        ])
    );
    let page = secretariat.get(&format!("/bodies/{local}/plan")).await;
    assert!(page.contains("nothing planned"));

    // The matrix of Lakeside: the MoU covers two local actions; a national
    // law in force whose review passed is overdue; the rest are missing.
    let (_, law) = api
        .post(
            &format!("/bodies/{national}/instruments"),
            json!({ "kind": "law", "title": "Domestic Violence Act", "essential_actions": ["law_and_policy"] }),
        )
        .await;
    let law_base = format!(
        "/bodies/{national}/instruments/{}/versions/{}",
        law["instrument"]["id"].as_str().unwrap(),
        law["versions"][0]["version"]["id"].as_str().unwrap()
    );
    api.put(&law_base, json!({ "event": "start_consultation" }))
        .await;
    let (status, _) = api
        .put(&law_base, json!({ "event": "bring_into_force", "effective_on": "2020-01-01", "review_on": "2025-01-01" }))
        .await;
    assert_eq!(status, 200);
    let (_, body) = api.get(&format!("/bodies/{local}")).await;
    let area = body["area"]["id"].as_str().unwrap();
    let (status, matrix) = api.get(&format!("/governance/matrix?area={area}")).await;
    assert_eq!(status, 200, "{matrix}");
    let state = |action: &str| {
        matrix["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["essential_action"] == action)
            .unwrap()["state"]
            .clone()
    };
    assert_eq!(state("shared_agreements_and_sops"), "covered");
    assert_eq!(state("local_structure_and_governance"), "covered");
    assert_eq!(state("law_and_policy"), "overdue");
    assert_eq!(state("capacity_development"), "missing");
    assert_eq!(matrix["body_ids"].as_array().unwrap().len(), 3, "{matrix}");
    let _ = regional;
    let page = secretariat
        .get(&format!("/governance/matrix?area={area}"))
        .await;
    assert!(page.contains("Overdue for review") && page.contains("Missing"));

    // Self-assessment: two rounds; the trend chart and its table.
    let (_, round) = api
        .post(
            &format!("/bodies/{local}/assessments"),
            json!({ "title": "Autumn", "opened_on": "2025-10-01" }),
        )
        .await;
    let round = round["id"].as_str().unwrap().to_string();
    for (id, stage, climate) in [
        (&police, "cooperation", "3"),
        (&hospital, "coordination", "4"),
        (&clinic, "coordination", "4"),
    ] {
        let (status, reply) = api
            .put(
                &format!("/bodies/{local}/assessments/{round}/answers"),
                json!({ "agency_id": id, "stage": stage, "climate": climate, "infrastructure": "2",
                        "activities": "3", "outcomes": "2" }),
            )
            .await;
        assert_eq!(status, 200, "{reply}");
    }
    let (_, spring) = api
        .post(
            &format!("/bodies/{local}/assessments"),
            json!({ "title": "Spring", "opened_on": "2026-03-01" }),
        )
        .await;
    let spring = spring["id"].as_str().unwrap().to_string();
    api.put(
        &format!("/bodies/{local}/assessments/{spring}/answers"),
        json!({ "agency_id": police, "stage": "collaboration", "climate": "5", "infrastructure": "4",
                "activities": "4", "outcomes": "3" }),
    )
    .await;
    let (_, trend) = api.get(&format!("/bodies/{local}/assessments")).await;
    // Stage ranks 2, 3, 3 → 2.67 → 27 tenths; climate 11/3 → 37.
    assert_eq!(trend["rounds"][0]["summary"]["stage_tenths"], 27);
    assert_eq!(trend["rounds"][0]["summary"]["climate_tenths"], 37);
    assert_eq!(trend["rounds"][1]["summary"]["stage"], "collaboration");
    // A member answers for its own agency only; an outsider not at all.
    let (mut officer, _) = signed_in(&t, "police.officer").await;
    let officer_api = Api::with_token(&mut officer, "read_write").await;
    let (status, _) = officer_api
        .put(&format!("/bodies/{local}/assessments/{spring}/answers"),
             json!({ "agency_id": police, "stage": "integration", "climate": "5", "infrastructure": "5", "activities": "5", "outcomes": "5" }))
        .await;
    assert_eq!(status, 200);
    let (status, _) = officer_api
        .put(&format!("/bodies/{local}/assessments/{spring}/answers"),
             json!({ "agency_id": hospital, "stage": "integration", "climate": "5", "infrastructure": "5", "activities": "5", "outcomes": "5" }))
        .await;
    assert_eq!(status, 403);
    let page = secretariat
        .get(&format!("/bodies/{local}/assessments"))
        .await;
    assert!(
        page.contains("<svg") && page.contains("role=\"img\""),
        "a server-rendered chart"
    );
    assert!(
        page.contains("2.7") && page.contains("3.7"),
        "the table beside it"
    );
    let (_, card) = api.get(&format!("/bodies/{local}/scorecard")).await;
    assert_eq!(card["latest_assessment"]["stage"], "integration");
}

async fn openapi_describes_the_governance_routes(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    let doc: Value = reqwest::get(format!("{}/api/openapi.json", t.base_url))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let paths = doc["paths"].as_object().unwrap();
    for (path, methods) in [
        ("/bodies", vec!["get", "post"]),
        ("/bodies/{id}", vec!["get", "put"]),
        ("/bodies/{id}/settings", vec!["put"]),
        ("/bodies/{id}/members", vec!["post"]),
        ("/bodies/{id}/subgroups", vec!["post"]),
        ("/bodies/{id}/subgroups/{subgroup}", vec!["put"]),
        ("/bodies/{id}/meetings", vec!["get", "post"]),
        ("/bodies/{id}/meetings/{meeting}", vec!["get", "put"]),
        ("/bodies/{id}/meetings/{meeting}/attendance", vec!["put"]),
        ("/bodies/{id}/meetings/{meeting}/decisions", vec!["post"]),
        ("/bodies/{id}/meetings/{meeting}/minutes", vec!["put"]),
        ("/bodies/{id}/meetings/{meeting}/actions", vec!["post"]),
        ("/bodies/{id}/meetings/{meeting}/close", vec!["post"]),
        ("/bodies/{id}/actions", vec!["get", "post"]),
        ("/bodies/{id}/actions/{action}/status", vec!["put"]),
        ("/bodies/{id}/plan-coverage", vec!["get"]),
        ("/bodies/{id}/instruments", vec!["get", "post"]),
        ("/bodies/{id}/instruments/{instrument}", vec!["get", "put"]),
        (
            "/bodies/{id}/instruments/{instrument}/versions",
            vec!["post"],
        ),
        (
            "/bodies/{id}/instruments/{instrument}/versions/{version}",
            vec!["put"],
        ),
        (
            "/bodies/{id}/instruments/{instrument}/versions/{version}/document",
            vec!["get", "put"],
        ),
        (
            "/bodies/{id}/instruments/{instrument}/versions/{version}/signatories",
            vec!["post"],
        ),
        (
            "/bodies/{id}/instruments/{instrument}/versions/{version}/consultations",
            vec!["post"],
        ),
        ("/bodies/{id}/scorecard", vec!["get"]),
        ("/bodies/{id}/assessments", vec!["get", "post"]),
        ("/bodies/{id}/assessments/{round}/answers", vec!["put"]),
        ("/governance/matrix", vec!["get"]),
        ("/governance/review-reminders", vec!["get"]),
    ] {
        for method in methods {
            assert!(
                paths[path][method].is_object(),
                "{method} {path} is not documented"
            );
        }
    }
}
