//! Bad input gets a clear error naming the field, on every form and API
//! endpoint, and nothing is stored.

use super::support::{api_token, signed_in, user_id};
use concord_testkit::{Engine, TestApp, on_both_engines};
use serde_json::{Value, json};

on_both_engines!(
    forms_name_the_field_and_store_nothing,
    api_names_the_field_and_stores_nothing,
    api_refusals_made_before_any_handler_use_the_error_body,
);

async fn forms_name_the_field_and_store_nothing(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    let (mut admin, _) = signed_in(&t, "admin").await;

    // Areas: every problem at once.
    admin.get("/areas/new").await;
    let area = admin
        .post(
            "/areas",
            &[
                ("name", ""),
                ("code", "has space"),
                ("level", "planet"),
                ("adult_female_population", "-3"),
                ("parent_id", ""),
            ],
        )
        .await;
    assert_eq!(area.status, 422);
    for message in [
        "Name: is required",
        "Code: may contain only letters",
        "Level: must be one of",
        "Adult female population: must be a whole number",
    ] {
        assert!(area.contains(message), "missing {message:?}");
    }
    assert!(area.contains("role=\"alert\""));
    assert!(area.contains("aria-invalid=\"true\""));
    let region_without_parent = admin
        .post(
            "/areas",
            &[
                ("name", "Orphan"),
                ("code", "ORPH"),
                ("level", "region"),
                ("parent_id", ""),
            ],
        )
        .await;
    assert!(region_without_parent.contains("Part of: is required below national level"));
    let duplicate = admin
        .post(
            "/areas",
            &[
                ("name", "Again"),
                ("code", "kv"),
                ("level", "national"),
                ("parent_id", ""),
            ],
        )
        .await;
    assert_eq!(duplicate.status, 422);
    assert!(
        duplicate.contains("Code: is already in use"),
        "{}",
        duplicate.body
    );
    let areas = admin.get("/areas").await;
    assert!(!areas.contains("Orphan") && !areas.contains("Again"));

    // Agencies.
    admin.get("/agencies/new").await;
    let agency = admin
        .post(
            "/agencies",
            &[
                ("name", " "),
                ("sector", "bakery"),
                ("governance", "government"),
            ],
        )
        .await;
    assert_eq!(agency.status, 422);
    assert!(agency.contains("Name: is required"));
    assert!(agency.contains("Sector: must be one of the listed sectors"));
    let taken = admin
        .post(
            "/agencies",
            &[
                ("name", "Lakeside Social Services"),
                ("sector", "health"),
                ("governance", "government"),
            ],
        )
        .await;
    assert!(taken.contains("Name: is already in use"));
    let ghost_area = admin
        .post(
            "/agencies",
            &[
                ("name", "Ghost Area Agency"),
                ("sector", "health"),
                ("governance", "government"),
                ("area_ids", "0190f3a2-0000-7000-8000-000000000000"),
            ],
        )
        .await;
    assert!(ghost_area.contains("Areas served: names an area that does not exist"));
    assert!(!admin.get("/agencies").await.contains("Ghost Area Agency"));

    // Users.
    admin.get("/users/new").await;
    let user = admin
        .post(
            "/users",
            &[
                ("username", "a b"),
                ("display_name", ""),
                ("agency_id", "nope"),
                ("email", "not an address"),
                ("password", "short"),
            ],
        )
        .await;
    assert_eq!(user.status, 422);
    for message in [
        "User name: may contain only",
        "Full name: is required",
        "Agency: must name an agency",
        "Roles: choose at least one role",
        "E-mail: is not an e-mail address",
        "Initial password: must be at least 12 characters",
    ] {
        assert!(user.contains(message), "missing {message:?}: {}", user.body);
    }
    let common = admin
        .post(
            "/users",
            &[
                ("username", "weak.password"),
                ("display_name", "Weak"),
                (
                    "agency_id",
                    &t.app
                        .find_agency_for_command_line("Lakeside Social Services")
                        .await
                        .unwrap()
                        .unwrap()
                        .id
                        .to_string(),
                ),
                ("roles", "analyst"),
                ("password", "qwerty123456"),
            ],
        )
        .await;
    assert!(common.contains("commonly used password"));
    assert!(!admin.get("/users").await.contains("weak.password"));

    // Editing an account: its own agency's administrator does.
    let (mut shelter_admin, _) = signed_in(&t, "shelter.admin").await;
    let caseworker = user_id(&t, "shelter.caseworker").await;
    shelter_admin.get(&format!("/users/{caseworker}")).await;
    let edit = shelter_admin
        .post(
            &format!("/users/{caseworker}"),
            &[("display_name", ""), ("roles", "wizard")],
        )
        .await;
    assert_eq!(edit.status, 422);
    assert!(edit.contains("Full name: is required"));
    assert!(edit.contains("Roles: unknown role"));
    let reset = shelter_admin
        .post(
            &format!("/users/{caseworker}/reset-password"),
            &[("password", "tiny")],
        )
        .await;
    assert!(reset.contains("must be at least 12 characters"));

    // My account: the e-mail address for notices.
    admin.get("/account").await;
    let email = admin
        .post(
            "/account/email",
            &[("email", "grace at ministry"), ("email_password", "wrong")],
        )
        .await;
    assert_eq!(email.status, 422);
    assert!(email.contains("E-mail: is not an e-mail address"));
    assert!(email.contains("Your current password, to confirm: is not your current password"));

    // My account: password change and tokens.
    admin.get("/account").await;
    let change = admin
        .post(
            "/account/password",
            &[
                ("current_password", "wrong one entirely"),
                ("new_password", "x"),
            ],
        )
        .await;
    assert_eq!(change.status, 422);
    assert!(change.contains("Current password: is not your current password"));
    admin.get("/account/tokens").await;
    let token = admin
        .post(
            "/account/tokens",
            &[("name", ""), ("scope", "everything"), ("days", "0")],
        )
        .await;
    assert_eq!(token.status, 422);
    assert!(token.contains("Name: is required"));
    assert!(token.contains("Access: must be read or read_write"));
    assert!(token.contains("Valid for (days): must be a whole number from 1 to 365"));
    assert!(!token.contains("id=\"new-token\""));

    // Audit filters.
    let audit = admin.get("/audit?from=yesterday&actor=me").await;
    assert_eq!(audit.status, 400);
    assert!(audit.contains("From: must be a date like 2026-01-31"));
    assert!(audit.contains("Person (user id): must be a user id"));

    // A form without its anti-forgery token changes nothing.
    let forged = admin
        .post_with_token(
            "/agencies",
            &[
                ("name", "Forged Agency"),
                ("sector", "health"),
                ("governance", "government"),
            ],
            "forged",
        )
        .await;
    assert_eq!(forged.status, 400);
    assert!(!admin.get("/agencies").await.contains("Forged Agency"));
}

async fn api_names_the_field_and_stores_nothing(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    let (mut admin, _) = signed_in(&t, "admin").await;
    let token = api_token(&mut admin, "read_write", "30").await;
    let client = reqwest::Client::new();
    let send = |method: reqwest::Method, path: &str, body: Option<Value>| {
        let mut request = client.request(method, admin.url(path)).bearer_auth(&token);
        if let Some(body) = body {
            request = request.json(&body);
        }
        async move {
            let response = request.send().await.unwrap();
            let status = response.status().as_u16();
            let body: Value = response.json().await.unwrap_or(Value::Null);
            (status, body)
        }
    };
    let expect_field = |(status, body): (u16, Value), field: &str| {
        assert_eq!(status, 400, "{body}");
        assert_eq!(body["error"]["code"], "invalid", "{body}");
        let fields: Vec<&str> = body["error"]["problems"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["field"].as_str().unwrap())
            .collect();
        assert!(fields.contains(&field), "{field} not named in {body}");
        assert!(body["error"]["message"].as_str().unwrap().len() > 3);
    };
    use reqwest::Method;

    let national = json!({"name": "", "code": "ZZ", "level": "national"});
    expect_field(
        send(Method::POST, "/api/v1/areas", Some(national)).await,
        "name",
    );
    expect_field(
        send(
            Method::POST,
            "/api/v1/areas",
            Some(json!({"name": "X", "code": "ZZ", "level": "moon"})),
        )
        .await,
        "level",
    );
    expect_field(
        send(
            Method::POST,
            "/api/v1/areas",
            Some(json!({"name": "X", "code": "ZZ"})),
        )
        .await,
        "level",
    );
    expect_field(
        send(
            Method::POST,
            "/api/v1/agencies",
            Some(json!({"name": "Y", "sector": "bakery", "governance": "government"})),
        )
        .await,
        "sector",
    );
    expect_field(
        send(
            Method::POST,
            "/api/v1/users",
            Some(json!({"username": "ok.name", "display_name": "Ok", "agency_id": uuid::Uuid::nil(), "roles": ["caseworker"], "password": "short"})),
        )
        .await,
        "password",
    );
    // The system administrator's own account (accounts of an agency are its
    // own administrators' to change).
    let own = user_id(&t, "admin").await;
    expect_field(
        send(
            Method::PUT,
            &format!("/api/v1/users/{own}"),
            Some(json!({"display_name": "A", "roles": []})),
        )
        .await,
        "roles",
    );
    expect_field(
        send(
            Method::POST,
            "/api/v1/users",
            Some(json!({"username": "ok.name", "display_name": "Ok", "agency_id": uuid::Uuid::nil(), "roles": ["system_administrator"], "email": "nope", "password": "a perfectly fine passphrase"})),
        )
        .await,
        "email",
    );
    expect_field(
        send(Method::GET, "/api/v1/areas?limit=0", None).await,
        "limit",
    );
    expect_field(
        send(Method::GET, "/api/v1/agencies?cursor=zz", None).await,
        "cursor",
    );
    expect_field(
        send(Method::GET, "/api/v1/audit-events?from=soon", None).await,
        "from",
    );
    let (status, body) = send(
        Method::PUT,
        &format!("/api/v1/areas/{}", uuid::Uuid::nil()),
        Some(json!({"name": "N", "code": "N", "level": "national"})),
    )
    .await;
    assert_eq!(status, 404, "{body}");
    assert_eq!(body["error"]["code"], "not_found");

    let raw = client
        .post(admin.url("/api/v1/areas"))
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(raw.status(), 400);

    // Nothing of the above was stored.
    let (_, areas) = send(Method::GET, "/api/v1/areas?limit=500", None).await;
    assert!(
        areas["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["code"] != "ZZ")
    );
    let (_, agencies) = send(Method::GET, "/api/v1/agencies?limit=500", None).await;
    assert!(
        agencies["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["name"] != "Y")
    );
    let (_, users) = send(Method::GET, "/api/v1/users?limit=500", None).await;
    assert!(
        users["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|u| u["username"] != "ok.name")
    );
}

/// What axum refuses before a handler runs — a query or path it cannot
/// read, a body over the limit, a method the route does not take, a body
/// of the wrong type — answers with the documented error body (status
/// kept, the request's id, no quoted value of what was sent), and nothing
/// is stored.
async fn api_refusals_made_before_any_handler_use_the_error_body(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    let (mut admin, _) = signed_in(&t, "admin").await;
    let token = api_token(&mut admin, "read_write", "30").await;
    let http = reqwest::Client::new();
    let url = |path: &str| format!("{}/api/v1{path}", t.base_url);
    let areas_before: Value = http
        .get(url("/areas?limit=500"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();

    let too_large = "x".repeat(2 * 1024 * 1024);
    let attempts = [
        (http.get(url("/areas?limit=abc")), 400, "invalid"),
        (http.get(url("/areas?limit=-1")), 400, "invalid"),
        (http.get(url("/cases/%FF")), 400, "invalid"),
        (http.get(url("/cases/not-a-case-id")), 400, "invalid"),
        (
            http.post(url("/areas"))
                .header("content-type", "application/json")
                .body(too_large),
            413,
            "too_large",
        ),
        (http.delete(url("/areas")), 405, "method_not_allowed"),
    ];
    for (request, status, code) in attempts {
        let reply = request.bearer_auth(&token).send().await.unwrap();
        let id = reply.headers()["x-request-id"]
            .to_str()
            .unwrap()
            .to_string();
        assert_eq!(reply.status().as_u16(), status, "{code}");
        assert!(
            reply.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("application/json"),
            "{code}"
        );
        let body: Value = reply.json().await.unwrap();
        assert_eq!(body["error"]["code"], code, "{body}");
        assert!(!body["error"]["message"].as_str().unwrap().is_empty());
        assert_eq!(body["error"]["request_id"], id.as_str(), "{body}");
        assert!(!body.to_string().contains("not-a-case-id"), "{body}");
    }
    let areas_after: Value = http
        .get(url("/areas?limit=500"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(areas_before, areas_after, "nothing was stored");
    // A page address refused the same way gets the error page, with the
    // reference to quote.
    let page = admin.get("/cases/%FF").await;
    assert_eq!(page.status, 400);
    assert!(page.contains("<html"), "{}", page.body);
    assert!(
        page.contains("Quote this reference if you contact support"),
        "{}",
        page.body
    );
}
