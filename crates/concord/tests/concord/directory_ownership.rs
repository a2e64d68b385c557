//! Directory entries have owners (issue 21), through HTTP on both engines.
//! The outside path the issue reproduced — a fresh agency's coordination
//! secretariat turning off referrals to the shelter's emergency service
//! and unlinking the shelter's organization — is refused through the API,
//! the pages and an HSDS import, changes nothing and is audited. The
//! allowed paths: the shelter's administrator keeps its own entry (not its
//! link), the ministry's secretariat keeps the outside helpline of the
//! areas its bodies cover (not the shelter), a system administrator keeps
//! and links everything; every change is in the entry's history, and one
//! made from outside the shelter is announced on its administrators' home
//! page until they dismiss it.

use super::support::{api_token, signed_in, user_id};
use concord_domain::agency::AgencyForm;
use concord_testkit::{Browser, Engine, TestApp, on_both_engines};
use serde_json::{Value, json};

on_both_engines!(
    an_outside_secretariat_cannot_rewrite_the_shelters_entry,
    keepers_change_their_own_entries_and_the_owner_hears_of_others,
    an_hsds_import_follows_the_same_rules,
);

const SHELTER: &str = "Safe Haven Women's Shelter";
const MINISTRY: &str = "Ministry of Gender and Social Affairs";
const HELPLINE: &str = "Kelvara 24-hour Women's Helpline";

/// The demo district with its service directory.
async fn district(engine: Engine) -> TestApp {
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    assert!(t.app.seed_demo_directory().await.unwrap());
    t
}

/// A JSON API client with a token of a signed-in browser's account.
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

    async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<String>,
    ) -> (u16, Value) {
        let mut request = self
            .http
            .request(method, format!("{}{path}", self.base))
            .bearer_auth(&self.token);
        if let Some(body) = body {
            request = request
                .header("content-type", "application/json")
                .body(body);
        }
        let response = request.send().await.expect("API request");
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    async fn get(&self, path: &str) -> Value {
        let (status, body) = self.send(reqwest::Method::GET, path, None).await;
        assert_eq!(status, 200, "GET {path}: {body}");
        body
    }

    async fn put(&self, path: &str, body: &Value) -> (u16, Value) {
        self.send(reqwest::Method::PUT, path, Some(body.to_string()))
            .await
    }

    async fn post(&self, path: &str, body: &Value) -> (u16, Value) {
        self.send(reqwest::Method::POST, path, Some(body.to_string()))
            .await
    }
}

/// A new agency and its coordination secretariat, which runs no
/// coordination body: the outside tester of issue 21. Returns the signed-in
/// browser, the agency's id and the account's id.
async fn fresh_secretariat(t: &TestApp) -> (Browser, String, String) {
    let form = AgencyForm {
        name: "Fresh Coordination Agency".into(),
        sector: "social_services".into(),
        governance: "non_government".into(),
        area_ids: Vec::new(),
    };
    let agency = t.app.create_agency(None, &form).await.unwrap();
    let password = t
        .create_user(
            "fresh.secretariat",
            "Fresh Coordination Agency",
            &["coordination_secretariat"],
        )
        .await;
    let mut browser = t.browser();
    let (home, _) = browser
        .sign_in_fully("fresh.secretariat", &password, None)
        .await;
    assert!(home.contains("Needs my attention"), "{}", home.body);
    let id = user_id(t, "fresh.secretariat").await;
    (browser, agency.id.to_string(), id)
}

fn items(list: &Value) -> Vec<Value> {
    list["items"].as_array().expect("a list").clone()
}

/// The service of that name (of the organization of that name).
async fn service_named(api: &Api, organization: &str, name: &str) -> Value {
    let organizations = items(&api.get("/directory/organizations?limit=500").await);
    let org = organizations
        .iter()
        .find(|o| o["name"] == organization)
        .unwrap_or_else(|| panic!("{organization} is in the directory"));
    let services = items(
        &api.get(&format!(
            "/directory/services?organization={}",
            org["id"].as_str().unwrap()
        ))
        .await,
    );
    services
        .into_iter()
        .find(|s| s["name"] == name)
        .unwrap_or_else(|| panic!("{name} is a service of {organization}"))
}

fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => String::new(),
    }
}

/// The body of a `PUT /directory/services/{id}` that leaves the service as
/// the API showed it.
fn service_form(s: &Value) -> Value {
    let d = &s["details"];
    let mut form = json!({
        "organization_id": s["organization_id"],
        "name": s["name"],
        "status": s["status"],
        "taxonomy": s["taxonomy"],
        "area_ids": s["area_ids"],
        "location_ids": s["location_ids"],
        "sex_gender": d["sex_gender"],
        "minimum_age": text(&d["minimum_age"]),
        "maximum_age": text(&d["maximum_age"]),
        "languages": d["languages"].as_array().unwrap().iter().map(text).collect::<Vec<_>>().join(", "),
    });
    for field in [
        "description",
        "eligibility",
        "accessibility",
        "opening_hours",
        "fees",
        "capacity",
        "phone",
        "email",
        "website",
        "how_to_refer",
        "focal_point",
    ] {
        form[field] = json!(text(&d[field]));
    }
    if s["accepts_referrals"] == true {
        form["accepts_referrals"] = json!("on");
    }
    form
}

/// The same as form fields, for a page's form post.
fn form_fields(form: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (key, value) in form.as_object().unwrap() {
        match value {
            Value::Array(values) => {
                out.extend(values.iter().map(|v| (key.clone(), text(v))));
            }
            other => out.push((key.clone(), text(other))),
        }
    }
    out
}

/// The body of a `PUT /directory/organizations/{id}` that leaves it as the
/// API showed it.
fn organization_form(o: &Value) -> Value {
    json!({
        "name": o["name"],
        "description": text(&o["description"]),
        "agency_id": text(&o["agency_id"]),
        "email": text(&o["email"]),
        "phone": text(&o["phone"]),
        "website": text(&o["website"]),
    })
}

/// Denied events of one actor, as a system administrator reads them.
async fn refusals_of(admin: &Api, actor: &str) -> Vec<Value> {
    items(
        &admin
            .get(&format!(
                "/audit-events?action=access.denied&actor={actor}&limit=500"
            ))
            .await,
    )
}

async fn an_outside_secretariat_cannot_rewrite_the_shelters_entry(engine: Engine) {
    let t = district(engine).await;
    let (mut fresh, fresh_agency, fresh_id) = fresh_secretariat(&t).await;
    let api = Api::of(&mut fresh).await;
    let emergency = service_named(&api, SHELTER, "Emergency shelter").await;
    let service_id = emergency["id"].as_str().unwrap().to_string();
    let org_id = emergency["organization_id"].as_str().unwrap().to_string();
    let org = api.get(&format!("/directory/organizations/{org_id}")).await;
    assert_eq!(emergency["accepts_referrals"], true);
    assert!(
        org["agency_id"].is_string(),
        "the shelter's entry is linked"
    );
    assert_eq!(
        org["keeping"],
        json!({"may_edit": false, "may_link": false})
    );

    // Turning off referrals to the shelter's emergency service: refused.
    let mut off = service_form(&emergency);
    off.as_object_mut().unwrap().remove("accepts_referrals");
    let (status, body) = api
        .put(&format!("/directory/services/{service_id}"), &off)
        .await;
    assert_eq!(status, 403, "{body}");
    assert_eq!(body["error"]["code"], "forbidden");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("belongs to a member agency"),
        "{body}"
    );
    // Unlinking the shelter's organization (and renaming it): refused.
    let mut unlinked = organization_form(&org);
    unlinked["agency_id"] = json!("");
    unlinked["name"] = json!("Fresh Agency Shelter");
    let (status, body) = api
        .put(&format!("/directory/organizations/{org_id}"), &unlinked)
        .await;
    assert_eq!(status, 403, "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("Only a system administrator links"),
        "{body}"
    );
    // Nor a rename that keeps the link.
    let mut renamed = organization_form(&org);
    renamed["name"] = json!("Fresh Agency Shelter");
    let (status, _) = api
        .put(&format!("/directory/organizations/{org_id}"), &renamed)
        .await;
    assert_eq!(status, 403);

    // The pages offer no form, and a forged post is refused all the same.
    let page = fresh
        .get(&format!("/directory/services/{service_id}"))
        .await;
    assert_eq!(page.status, 200);
    assert!(!page.contains(&format!("/directory/services/{service_id}/edit")));
    assert_eq!(
        page.element_text("kept-by").as_deref(),
        Some("The administrators of Safe Haven Women&#39;s Shelter (and system administrators)")
    );
    let edit = fresh
        .get(&format!("/directory/services/{service_id}/edit"))
        .await;
    assert_eq!(edit.status, 403);
    let org_page = fresh
        .get(&format!("/directory/organizations/{org_id}"))
        .await;
    assert!(!org_page.contains("id=\"edit-heading\""), "no edit form");
    let fields = form_fields(&off);
    let fields: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let posted = fresh
        .post(&format!("/directory/services/{service_id}"), &fields)
        .await;
    assert_eq!(posted.status, 403, "{}", posted.body);
    let posted = fresh
        .post(
            &format!("/directory/organizations/{org_id}"),
            &[("name", "Fresh Agency Shelter"), ("agency_id", "")],
        )
        .await;
    assert_eq!(posted.status, 403, "{}", posted.body);

    // Nothing changed: the service still takes referrals, the organization
    // is still the shelter's, under its name, and its history holds nothing
    // of the fresh agency.
    let after = api.get(&format!("/directory/services/{service_id}")).await;
    assert_eq!(after["accepts_referrals"], true);
    let org_after = api.get(&format!("/directory/organizations/{org_id}")).await;
    assert_eq!(org_after["name"], SHELTER);
    assert_eq!(org_after["agency_id"], org["agency_id"]);
    let history = items(
        &api.get(&format!("/directory/organizations/{org_id}/history"))
            .await,
    );
    assert!(
        !history.is_empty(),
        "the demo's entries have their creation"
    );
    assert!(
        history.iter().all(|c| c["actor_agency_id"] != fresh_agency),
        "{history:?}"
    );
    let (mut police, _) = signed_in(&t, "police.officer").await;
    let police_api = Api::of(&mut police).await;
    let listed = service_named(&police_api, SHELTER, "Emergency shelter").await;
    assert_eq!(listed["accepts_referrals"], true);

    // Every refused attempt is in the audit log with its reason.
    let (mut admin, _) = signed_in(&t, "admin").await;
    let admin_api = Api::of(&mut admin).await;
    let refused = refusals_of(&admin_api, &fresh_id).await;
    let reasons: Vec<&str> = refused
        .iter()
        .filter(|e| e["details"]["directory"] == true)
        .map(|e| e["details"]["reason"].as_str().unwrap())
        .collect();
    assert_eq!(
        reasons
            .iter()
            .filter(|r| **r == "kept_by_member_agency")
            .count(),
        4,
        "the service through the API, its edit form and its page, the rename: {reasons:?}"
    );
    assert_eq!(
        reasons
            .iter()
            .filter(|r| **r == "linking_is_for_system_administrators")
            .count(),
        2,
        "the unlinking through the API and the page: {reasons:?}"
    );
    assert!(
        refused
            .iter()
            .any(|e| e["object_type"] == "service" && e["object_id"] == service_id.as_str())
    );
    assert!(
        refused
            .iter()
            .any(|e| e["object_type"] == "organization" && e["object_id"] == org_id.as_str())
    );
}

async fn keepers_change_their_own_entries_and_the_owner_hears_of_others(engine: Engine) {
    let t = district(engine).await;
    let (mut secretariat, _) = signed_in(&t, "secretariat").await;
    let secretariat_api = Api::of(&mut secretariat).await;
    let emergency = service_named(&secretariat_api, SHELTER, "Emergency shelter").await;
    let service_id = emergency["id"].as_str().unwrap().to_string();
    let org_id = emergency["organization_id"].as_str().unwrap().to_string();
    let org = secretariat_api
        .get(&format!("/directory/organizations/{org_id}"))
        .await;
    let shelter_agency = text(&org["agency_id"]);
    let line = service_named(&secretariat_api, HELPLINE, "Helpline").await;
    let helpline_id = text(&line["organization_id"]);

    // The shelter's administrator keeps its own entry: the form is there,
    // without the member agency choice.
    let (mut shelter_admin, _) = signed_in(&t, "shelter.admin").await;
    let page = shelter_admin
        .get(&format!("/directory/organizations/{org_id}"))
        .await;
    assert!(page.contains("id=\"edit-heading\""), "{}", page.body);
    assert!(!page.contains("id=\"field-agency_id\""));
    assert!(page.contains("Only a system administrator links"));
    let changed = shelter_admin
        .post(
            &format!("/directory/organizations/{org_id}"),
            &[
                ("name", SHELTER),
                ("description", &text(&org["description"])),
                ("agency_id", &shelter_agency),
                ("email", &text(&org["email"])),
                ("phone", "+000 555 0199"),
                ("website", ""),
            ],
        )
        .await;
    assert_eq!(changed.status, 303, "{}", changed.body);
    let page = shelter_admin
        .get(&format!("/directory/organizations/{org_id}"))
        .await;
    assert!(page.contains("id=\"directory-history\""));
    assert!(
        page.contains("Phone: +000 555 0100 <span class=\"forward\">→</span> +000 555 0199"),
        "{}",
        page.body
    );
    assert!(page.contains("(Safe Haven Women&#39;s Shelter)"));
    // Its own change is no notice to it.
    assert!(
        !shelter_admin
            .get("/")
            .await
            .contains("id=\"directory-notices\"")
    );
    // It cannot unlink its entry, nor touch the outside helpline.
    let unlink = shelter_admin
        .post(
            &format!("/directory/organizations/{org_id}"),
            &[("name", SHELTER), ("agency_id", "")],
        )
        .await;
    assert_eq!(unlink.status, 403, "{}", unlink.body);
    let helpline = shelter_admin
        .post(
            &format!("/directory/organizations/{helpline_id}"),
            &[("name", "Shelter's own helpline")],
        )
        .await;
    assert_eq!(helpline.status, 403, "{}", helpline.body);

    // The ministry's secretariat (its national council covers the whole
    // country) keeps the outside helpline, not the shelter.
    let mut hours = service_form(&line);
    hours["opening_hours"] = json!("Round the clock, every day");
    let (status, body) = secretariat_api
        .put(
            &format!("/directory/services/{}", text(&line["id"])),
            &hours,
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let ministry = super::cases::agency_id(&t, MINISTRY).await;
    let changes = items(
        &secretariat_api
            .get(&format!(
                "/directory/services/{}/history",
                text(&line["id"])
            ))
            .await,
    );
    assert_eq!(changes[0]["kind"], "changed");
    assert_eq!(changes[0]["actor_agency_id"], ministry.as_str());
    assert_eq!(
        changes[0]["fields"],
        json!([{"field": "opening_hours", "old": "24 hours", "new": "Round the clock, every day", "withheld": false}])
    );
    let mut capacity = service_form(&emergency);
    capacity["capacity"] = json!("12 beds");
    let (status, _) = secretariat_api
        .put(&format!("/directory/services/{service_id}"), &capacity)
        .await;
    assert_eq!(status, 403);

    // A system administrator changes the shelter's service: the shelter's
    // administrators hear of it, and see what changed — the focal point
    // only as changed, since it may name a person.
    let (mut admin, _) = signed_in(&t, "admin").await;
    let admin_api = Api::of(&mut admin).await;
    capacity["focal_point"] = json!("Night manager Ayesha");
    let (status, body) = admin_api
        .put(&format!("/directory/services/{service_id}"), &capacity)
        .await;
    assert_eq!(status, 200, "{body}");
    let home = shelter_admin.get("/").await;
    assert!(home.contains("id=\"directory-notices\""), "{}", home.body);
    assert!(home.contains(&format!(
        "Safe Haven Women&#39;s Shelter was changed by {MINISTRY}"
    )));
    let service_page = shelter_admin
        .get(&format!("/directory/services/{service_id}"))
        .await;
    assert!(
        service_page.contains("Capacity: (none) <span class=\"forward\">→</span> 12 beds"),
        "{}",
        service_page.body
    );
    assert!(service_page.contains(
        "Focal point for referrals: changed (the values may name a person and are not kept)"
    ));
    let shelter_api = Api::of(&mut shelter_admin).await;
    let history = items(
        &shelter_api
            .get(&format!("/directory/services/{service_id}/history"))
            .await,
    );
    let focal = history[0]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["field"] == "focal_point")
        .unwrap()
        .clone();
    assert_eq!(
        focal,
        json!({"field": "focal_point", "old": null, "new": null, "withheld": true})
    );
    assert_eq!(
        history[0]["actor_user_id"],
        user_id(&t, "admin").await.as_str()
    );
    let notices = items(&shelter_api.get("/directory/notices").await);
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert_eq!(notices[0]["organization_id"], org_id.as_str());
    assert_eq!(notices[0]["actor_agency_id"], ministry.as_str());
    // Nobody else is told: not the secretariat, not another agency's staff.
    assert!(items(&secretariat_api.get("/directory/notices").await).is_empty());
    let (status, _) = shelter_api
        .post(
            &format!("/directory/notices/{}/dismiss", text(&notices[0]["id"])),
            &json!({}),
        )
        .await;
    assert_eq!(status, 204);
    assert!(
        !shelter_admin
            .get("/")
            .await
            .contains("id=\"directory-notices\"")
    );

    // Linking is a system administrator's act, audited as such.
    let mut linked = organization_form(
        &secretariat_api
            .get(&format!("/directory/organizations/{helpline_id}"))
            .await,
    );
    linked["agency_id"] = json!(ministry);
    let (status, _) = secretariat_api
        .put(&format!("/directory/organizations/{helpline_id}"), &linked)
        .await;
    assert_eq!(status, 403, "a secretariat does not link");
    let legal_aid = super::cases::agency_id(&t, "Women's Legal Aid Network").await;
    let (status, made) = admin_api
        .post(
            "/directory/organizations",
            &json!({"name": "Legal Aid Walk-in Desk", "agency_id": legal_aid}),
        )
        .await;
    assert_eq!(status, 201, "{made}");
    let desk = text(&made["id"]);
    let mut unlinked = organization_form(&made);
    unlinked["agency_id"] = json!("");
    let (status, body) = admin_api
        .put(&format!("/directory/organizations/{desk}"), &unlinked)
        .await;
    assert_eq!(status, 200, "{body}");
    let audit = items(
        &admin_api
            .get("/audit-events?action=directory.linked&limit=500")
            .await,
    );
    let desk_events: Vec<&Value> = audit
        .iter()
        .filter(|e| e["object_id"] == desk.as_str())
        .collect();
    assert_eq!(desk_events.len(), 2, "{audit:?}");
    assert_eq!(
        desk_events[0]["details"]["agency_before"],
        legal_aid.as_str()
    );
    assert_eq!(desk_events[0]["details"]["agency_after"], Value::Null);
    let kinds: Vec<Value> = items(
        &admin_api
            .get(&format!("/directory/organizations/{desk}/history"))
            .await,
    )
    .iter()
    .map(|c| c["kind"].clone())
    .collect();
    assert_eq!(kinds, vec![json!("linked"), json!("created")]);

    // The new routes are documented.
    let doc: Value = reqwest::get(format!("{}/api/openapi.json", t.base_url))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    for (path, method) in [
        ("/directory/organizations/{id}/history", "get"),
        ("/directory/services/{id}/history", "get"),
        ("/directory/notices", "get"),
        ("/directory/notices/{id}/dismiss", "post"),
    ] {
        assert!(doc["paths"][path][method].is_object(), "{method} {path}");
    }
}

async fn an_hsds_import_follows_the_same_rules(engine: Engine) {
    let t = district(engine).await;
    let (mut admin, _) = signed_in(&t, "admin").await;
    let admin_api = Api::of(&mut admin).await;
    let before = admin_api.get("/directory/hsds").await;
    // The file turns off referrals to the shelter's emergency service and
    // unlinks the shelter's organization.
    let mut file = before.clone();
    let org_index = file["organizations"]
        .as_array()
        .unwrap()
        .iter()
        .position(|o| o["name"] == SHELTER)
        .unwrap();
    file["organizations"][org_index]["x_concord"]["member_agency"] = Value::Null;
    let service_index = file["services"]
        .as_array()
        .unwrap()
        .iter()
        .position(|s| s["name"] == "Emergency shelter")
        .unwrap();
    file["services"][service_index]["x_concord"]["accepts_referrals"] = json!(false);

    let (mut fresh, _, fresh_id) = fresh_secretariat(&t).await;
    let fresh_api = Api::of(&mut fresh).await;
    let (status, body) = fresh_api.post("/directory/hsds", &file).await;
    assert_eq!(status, 403, "{body}");
    let records: Vec<&str> = body["error"]["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        records,
        vec![
            format!("organizations[{org_index}]"),
            format!("services[{service_index}]")
        ]
    );
    // The ministry's secretariat does not keep the shelter either.
    let (mut secretariat, _) = signed_in(&t, "secretariat").await;
    let secretariat_api = Api::of(&mut secretariat).await;
    let (status, _) = secretariat_api.post("/directory/hsds", &file).await;
    assert_eq!(status, 403);
    assert_eq!(
        admin_api.get("/directory/hsds").await,
        before,
        "nothing changed"
    );
    let refused = refusals_of(&admin_api, &fresh_id).await;
    assert!(
        refused
            .iter()
            .any(|e| e["object_type"] == "hsds_import" && e["details"]["records"] == 2),
        "{refused:?}"
    );
    // Importing the directory as it is changes nothing and needs no keeping.
    let (status, body) = fresh_api.post("/directory/hsds", &before).await;
    assert_eq!(status, 200, "{body}");

    // A system administrator may import it: the shelter is told, and the
    // history says it was imported.
    let (status, body) = admin_api.post("/directory/hsds", &file).await;
    assert_eq!(status, 200, "{body}");
    let (mut shelter_admin, _) = signed_in(&t, "shelter.admin").await;
    let home = shelter_admin.get("/").await;
    assert!(home.contains("id=\"directory-notices\""), "{}", home.body);
    let org_id = text(&file["organizations"][org_index]["id"]);
    let history = items(
        &admin_api
            .get(&format!("/directory/organizations/{org_id}/history"))
            .await,
    );
    let imported: Vec<&Value> = history.iter().filter(|c| c["kind"] == "imported").collect();
    assert_eq!(imported.len(), 2, "{history:?}");
    assert!(imported.iter().any(|c| c["entry_kind"] == "service"
        && c["fields"] == json!([{"field": "accepts_referrals", "old": true, "new": false, "withheld": false}])));
}
