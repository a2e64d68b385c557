//! What a supervisor of the owning agency does to a case beyond its steps,
//! through the pages and the API: moving it to another case worker's
//! caseload, and ending a lawful-basis share before its end date — which,
//! like a consent's withdrawal, takes effect on the recipient's very next
//! request. Both are refused to everyone else and written to the audit log
//! with ids only.

use super::cases::{agency_id, record_incident, register};
use super::conferences::{case_id, problem_field};
use super::support::{api_token, signed_in, user_id};
use concord_testkit::{Browser, Engine, TestApp, on_both_engines};
use serde_json::{Value, json};

on_both_engines!(
    a_supervisor_moves_a_case_to_another_caseworker,
    a_supervisor_ends_a_lawful_share_early,
);

const SHELTER: &str = "Safe Haven Women's Shelter";

/// A new account of `agency` with `role`, signed in (enrolling its second
/// factor); returns its browser and id.
async fn colleague(t: &TestApp, username: &str, agency: &str, role: &str) -> (Browser, String) {
    let password = t.create_user(username, agency, &[role]).await;
    let mut browser = t.browser();
    let (home, _) = browser.sign_in_fully(username, &password, None).await;
    assert!(
        home.contains("Needs my attention"),
        "{username}: {} {}",
        home.status,
        home.body
    );
    (browser, user_id(t, username).await)
}

/// An API client with a token made by a signed-in browser's account.
struct Api {
    http: reqwest::Client,
    base: String,
    token: String,
}

impl Api {
    async fn of(browser: &mut Browser) -> Api {
        Api {
            http: reqwest::Client::new(),
            base: browser.url("/api/v1"),
            token: api_token(browser, "read_write", "30").await,
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
        let response = request.send().await.expect("API request");
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    async fn get(&self, path: &str) -> (u16, Value) {
        self.send(reqwest::Method::GET, path, None).await
    }

    async fn post(&self, path: &str, body: Value) -> (u16, Value) {
        self.send(reqwest::Method::POST, path, Some(body)).await
    }

    /// A POST without a body.
    async fn act(&self, path: &str) -> (u16, Value) {
        self.send(reqwest::Method::POST, path, None).await
    }
}

/// The `action` of the first form on the page whose action ends so.
fn form_action(page: &str, ending: &str) -> Option<String> {
    page.split("action=\"")
        .filter_map(|s| s.split('"').next())
        .find(|a| a.ends_with(ending))
        .map(str::to_string)
}

/// Audit events of one action about one case, as the API lists them to a
/// supervisor of the agency.
async fn audited(api: &Api, action: &str, case: &str) -> Vec<Value> {
    let (status, events) = api
        .get(&format!("/audit-events?action={action}&limit=500"))
        .await;
    assert_eq!(status, 200, "{events}");
    events["items"]
        .as_array()
        .expect("a page of events")
        .iter()
        .filter(|e| e["object_type"] == "case" && e["object_id"] == case)
        .cloned()
        .collect()
}

async fn a_supervisor_moves_a_case_to_another_caseworker(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    let (mut caseworker, _) = signed_in(&t, "shelter.caseworker").await;
    let case = register(&mut caseworker, "Reassigned Test-Survivor").await;
    let id = case_id(&case);
    let first = user_id(&t, "shelter.caseworker").await;
    let (mut newcomer, newcomer_id) =
        colleague(&t, "shelter.newcomer", SHELTER, "caseworker").await;
    assert!(
        caseworker.get("/cases").await.contains(&case),
        "registering puts the case in her own caseload"
    );
    assert!(!newcomer.get("/cases").await.contains(&case));

    // A caseworker cannot move a case, not even her own: no form, 403.
    let page = caseworker.get(&case).await;
    assert!(page.contains("In the caseload of"), "{}", page.body);
    assert!(!page.contains("Reassign the case"));
    let refused = caseworker
        .post(
            &format!("{case}/assignment"),
            &[("caseworker", &newcomer_id)],
        )
        .await;
    assert_eq!(refused.status, 403, "{}", refused.body);
    let caseworker_api = Api::of(&mut caseworker).await;
    let (status, body) = caseworker_api
        .post(
            &format!("/cases/{id}/assignment"),
            json!({ "caseworker": newcomer_id }),
        )
        .await;
    assert_eq!(status, 403, "{body}");
    // Nor can a supervisor of another agency.
    let (mut police_supervisor, _) = colleague(
        &t,
        "police.supervisor",
        "Lakeside Police Domestic Abuse Unit",
        "supervisor",
    )
    .await;
    police_supervisor.get("/").await;
    let elsewhere = police_supervisor
        .post(
            &format!("{case}/assignment"),
            &[("caseworker", &newcomer_id)],
        )
        .await;
    assert_eq!(elsewhere.status, 403, "{}", elsewhere.body);

    // The owning agency's supervisor moves it on the case page.
    let (mut supervisor, _) = signed_in(&t, "shelter.supervisor").await;
    let page = supervisor.get(&case).await;
    assert!(page.contains("Reassign the case"), "{}", page.body);
    assert!(
        page.contains(&format!(
            "<option value=\"{newcomer_id}\">Test shelter.newcomer</option>"
        )),
        "the agency's active case workers are offered"
    );
    assert!(
        !page.contains(&format!("<option value=\"{first}\">")),
        "not the one who already carries it"
    );
    let moved = supervisor
        .post(
            &format!("{case}/assignment"),
            &[("caseworker", &newcomer_id)],
        )
        .await;
    assert_eq!(moved.status, 303, "{}", moved.body);
    let page = supervisor.get(&case).await;
    assert_eq!(
        page.element_text("assigned-caseworker").as_deref(),
        Some("Test shelter.newcomer")
    );
    assert!(
        newcomer.get("/cases").await.contains(&case),
        "the case is in the new caseworker's caseload"
    );
    assert!(
        !caseworker.get("/cases").await.contains(&case),
        "and no longer in the first one's"
    );
    assert_eq!(
        caseworker.get(&case).await.status,
        200,
        "every case worker of the agency still works it"
    );

    // A target that is not an active case worker of the owning agency is
    // refused naming the field: on the page…
    let admin_id = user_id(&t, "shelter.admin").await;
    supervisor.get(&case).await;
    let wrong = supervisor
        .post(&format!("{case}/assignment"), &[("caseworker", &admin_id)])
        .await;
    assert_eq!(wrong.status, 422, "{}", wrong.body);
    assert!(wrong.contains("New case worker"), "{}", wrong.body);
    assert!(wrong.contains("id=\"error-caseworker\""), "{}", wrong.body);

    // …and through the API.
    let api = Api::of(&mut supervisor).await;
    let police_officer = user_id(&t, "police.officer").await;
    let (_, gone_id) = colleague(&t, "shelter.leaver", SHELTER, "caseworker").await;
    let (mut shelter_admin, _) = signed_in(&t, "shelter.admin").await;
    let admin_api = Api::of(&mut shelter_admin).await;
    let (status, body) = admin_api.act(&format!("/users/{gone_id}/disable")).await;
    assert_eq!(status, 204, "{body}");
    let no_account = uuid::Uuid::now_v7().to_string();
    for (target, what) in [
        (police_officer.as_str(), "a caseworker of another agency"),
        (admin_id.as_str(), "an administrator of the agency"),
        (gone_id.as_str(), "a disabled caseworker"),
        (newcomer_id.as_str(), "the one who already carries it"),
        ("not-a-user", "no id at all"),
        (no_account.as_str(), "no account"),
    ] {
        let (status, body) = api
            .post(
                &format!("/cases/{id}/assignment"),
                json!({ "caseworker": target }),
            )
            .await;
        assert_eq!(status, 400, "{what}: {body}");
        assert_eq!(problem_field(&body), "caseworker", "{what}: {body}");
    }
    let (status, body) = api
        .post(&format!("/cases/{id}/assignment"), json!({}))
        .await;
    assert_eq!((status, problem_field(&body)), (400, "caseworker".into()));

    // The API shows and moves it back.
    let (status, body) = api.get(&format!("/cases/{id}/assignment")).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["caseworker"]["id"], newcomer_id.as_str(), "{body}");
    assert!(
        body["choices"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["id"] == first.as_str()),
        "{body}"
    );
    let (status, body) = api
        .post(
            &format!("/cases/{id}/assignment"),
            json!({ "caseworker": first }),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["caseworker"]["id"], first.as_str(), "{body}");
    let (status, file) = api.get(&format!("/cases/{id}")).await;
    assert_eq!(status, 200, "{file}");
    assert_eq!(file["assigned_caseworker"], first.as_str());
    assert!(caseworker.get("/cases").await.contains(&case));
    assert!(!newcomer.get("/cases").await.contains(&case));

    // Each move is in the audit log with the case and the new assignee's
    // id, and nobody's name.
    let events = audited(&api, "case.reassigned", &id).await;
    assert_eq!(events.len(), 2, "{events:?}");
    let assignees: Vec<&str> = events
        .iter()
        .filter_map(|e| e["details"]["assigned_to"].as_str())
        .collect();
    assert!(assignees.contains(&newcomer_id.as_str()), "{events:?}");
    assert!(assignees.contains(&first.as_str()), "{events:?}");
    let text = serde_json::to_string(&events).unwrap();
    for personal in ["newcomer", "Test shelter", "Reassigned Test-Survivor"] {
        assert!(!text.contains(personal), "{personal} in the audit log");
    }
    // The caseworker's attempts were audited as refusals of this case.
    let refusals = audited(&api, "access.denied", &id).await;
    assert!(
        refusals
            .iter()
            .filter(|e| e["actor_user_id"] == first.as_str())
            .count()
            >= 2,
        "the caseworker's attempts are audited: {refusals:?}"
    );
}

async fn a_supervisor_ends_a_lawful_share_early(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    let (mut caseworker, _) = signed_in(&t, "shelter.caseworker").await;
    let case = register(&mut caseworker, "Shared Test-Survivor").await;
    let id = case_id(&case);
    record_incident(&mut caseworker, &case, "Ended Perpetrator", "Shared story.").await;

    // A supervisor shares incidents with the police and with the hospital
    // on a lawful basis; both read the case.
    let (mut supervisor, _) = signed_in(&t, "shelter.supervisor").await;
    for agency in [
        "Lakeside Police Domestic Abuse Unit",
        "Lakeside General Hospital One-Stop Centre",
    ] {
        let recipient = agency_id(&t, agency).await;
        supervisor.get(&case).await;
        let shared = supervisor
            .post(
                &format!("{case}/sharings"),
                &[
                    ("recipient_agency", &recipient),
                    ("basis", "risk_to_life"),
                    ("categories", "incident"),
                    ("reason", "Threats to kill reported today"),
                    ("survivor_told", "on"),
                    ("valid_until", "2026-03-20"),
                ],
            )
            .await;
        assert_eq!(shared.status, 303, "{}", shared.body);
    }
    let (mut officer, _) = signed_in(&t, "police.officer").await;
    let (mut nurse, _) = signed_in(&t, "hospital.nurse").await;
    let as_police = format!("{case}?purpose=police_report");
    let before = officer.get(&as_police).await;
    assert_eq!(before.status, 200, "{}", before.body);
    assert!(before.contains("Ended Perpetrator"));
    assert!(officer.get("/cases?view=shared").await.contains(&case));
    assert_eq!(nurse.get(&case).await.status, 200);

    let api = Api::of(&mut supervisor).await;
    let (_, file) = api.get(&format!("/cases/{id}")).await;
    let police = agency_id(&t, "Lakeside Police Domestic Abuse Unit").await;
    let hospital = agency_id(&t, "Lakeside General Hospital One-Stop Centre").await;
    let share_to = |agency: &str| -> String {
        file["sharings"]
            .as_array()
            .expect("the owning agency sees its shares")
            .iter()
            .find(|s| s["recipient_agency"] == agency)
            .and_then(|s| s["id"].as_str())
            .expect("a share")
            .to_string()
    };
    let (police_share, hospital_share) = (share_to(&police), share_to(&hospital));

    // Neither a caseworker of the owning agency nor anyone of the
    // recipient agency may end it.
    let page = caseworker.get(&case).await;
    assert!(!page.contains("End this sharing now"), "{}", page.body);
    let refused = caseworker
        .post(&format!("{case}/sharings/{police_share}/revoke"), &[])
        .await;
    assert_eq!(refused.status, 403, "{}", refused.body);
    let officer_api = Api::of(&mut officer).await;
    let (status, body) = officer_api
        .act(&format!("/cases/{id}/sharings/{police_share}/revoke"))
        .await;
    assert_eq!(status, 403, "{body}");
    assert_eq!(officer.get(&as_police).await.status, 200, "still shared");

    // The supervisor ends the police share on the case page…
    let page = supervisor.get(&case).await;
    let revoke = form_action(&page.body, &format!("{police_share}/revoke"))
        .expect("an end-sharing form on the case page");
    let ended = supervisor.post(&revoke, &[]).await;
    assert_eq!(ended.status, 303, "{}", ended.body);
    assert!(supervisor.get(&case).await.contains("ended early on"));
    // …and the police lose access on their very next request.
    let after = officer.get(&as_police).await;
    assert!(
        matches!(after.status, 403 | 404),
        "the ended share still opened the case: {}",
        after.status
    );
    assert!(!after.contains("Ended Perpetrator"));
    assert!(!officer.get("/cases?view=shared").await.contains(&case));
    let (status, _) = officer_api
        .get(&format!("/cases/{id}?purpose=police_report"))
        .await;
    assert!(matches!(status, 403 | 404), "API: {status}");
    assert_eq!(nurse.get(&case).await.status, 200, "the other share holds");

    // The API ends the other; ending one again names the field.
    let path = format!("/cases/{id}/sharings/{hospital_share}/revoke");
    let (status, body) = api.act(&path).await;
    assert_eq!(status, 204, "{body}");
    assert!(matches!(nurse.get(&case).await.status, 403 | 404));
    let (status, body) = api.act(&path).await;
    assert_eq!(
        (status, problem_field(&body)),
        (400, "sharing".into()),
        "{body}"
    );
    let (status, _) = api
        .act(&format!(
            "/cases/{id}/sharings/{}/revoke",
            uuid::Uuid::now_v7()
        ))
        .await;
    assert_eq!(status, 404, "a share of no case");
    let (_, file) = api.get(&format!("/cases/{id}")).await;
    assert!(
        file["sharings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["status"] == "revoked"),
        "{file}"
    );

    // Both ends are in the audit log, with the share and no personal data.
    let events = audited(&api, "sharing.revoked", &id).await;
    let ended: Vec<&str> = events
        .iter()
        .filter_map(|e| e["details"]["sharing_id"].as_str())
        .collect();
    assert_eq!(ended.len(), 2, "{events:?}");
    assert!(ended.contains(&police_share.as_str()) && ended.contains(&hospital_share.as_str()));
    let text = serde_json::to_string(&events).unwrap();
    assert!(!text.contains("Threats to kill") && !text.contains("Shared Test-Survivor"));
    // And the police's refused reading, with its reason, in the whole log.
    let (mut admin, _) = signed_in(&t, "admin").await;
    let admin_api = Api::of(&mut admin).await;
    let refusals = audited(&admin_api, "access.denied", &id).await;
    assert!(
        refusals
            .iter()
            .any(|e| e["details"]["reason"] == "share_revoked"),
        "{refusals:?}"
    );
}
