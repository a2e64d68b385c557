//! The API refuses consistently (issue 19): every refusal — axum's own
//! extractor rejections included — is the documented error body, and a
//! route under an object answers exactly as the object's own route does
//! for an object the caller may not read (403) or that does not exist
//! (404): never `200 {"items":[]}` as a disguise.

use super::cases::register;
use super::support::{api_token, signed_in};
use concord_testkit::{Browser, Engine, TestApp, on_both_engines};
use serde_json::{Value, json};

on_both_engines!(
    every_kind_of_unreadable_request_gets_the_error_body,
    routes_under_a_case_refuse_as_the_case_does,
    routes_under_other_objects_refuse_as_the_object_does,
    every_operation_documents_the_refusals_it_can_give,
);

/// A client of the API with one token.
struct Client {
    http: reqwest::Client,
    base: String,
    token: String,
}

impl Client {
    async fn of(t: &TestApp, username: &str) -> Client {
        let (mut browser, _) = signed_in(t, username).await;
        Client::from_browser(t, &mut browser).await
    }

    async fn from_browser(t: &TestApp, browser: &mut Browser) -> Client {
        Client {
            http: reqwest::Client::new(),
            base: format!("{}/api/v1", t.base_url),
            token: api_token(browser, "read_write", "30").await,
        }
    }

    async fn get(&self, path: &str) -> (u16, Value) {
        let reply = self
            .http
            .get(format!("{}{path}", self.base))
            .bearer_auth(&self.token)
            .send()
            .await
            .unwrap();
        let status = reply.status().as_u16();
        let body = reply.json().await.unwrap_or(Value::Null);
        (status, body)
    }
}

/// The status and the error code of an answer (the code is `null` for a
/// success).
fn outcome((status, body): &(u16, Value)) -> (u16, Value) {
    (*status, body["error"]["code"].clone())
}

/// Sends `request` and checks it is refused with `status`, the documented
/// body, `code`, and (where one is expected) `field`.
async fn refused(
    request: reqwest::RequestBuilder,
    status: u16,
    code: &str,
    field: Option<&str>,
    what: &str,
) {
    let reply = request.send().await.unwrap();
    let request_id = reply
        .headers()
        .get("x-request-id")
        .map(|v| v.to_str().unwrap().to_string());
    assert_eq!(reply.status().as_u16(), status, "{what}");
    let content_type = reply
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    assert!(
        content_type.starts_with("application/json"),
        "{what}: {content_type}"
    );
    let body: Value = reply.json().await.unwrap();
    let error = &body["error"];
    assert_eq!(error["code"], code, "{what}: {body}");
    assert_eq!(error["field"], json!(field), "{what}: {body}");
    assert!(
        !error["message"].as_str().unwrap_or_default().is_empty(),
        "{what}: {body}"
    );
    assert_eq!(error["request_id"], json!(request_id), "{what}: {body}");
    assert!(
        !body.to_string().contains("not-a-case-id"),
        "{what}: {body}"
    );
}

async fn every_kind_of_unreadable_request_gets_the_error_body(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    let admin = Client::of(&t, "admin").await;
    let url = |path: &str| format!("{}{path}", admin.base);
    let http = &admin.http;
    let token = &admin.token;
    let (_, areas_before) = admin.get("/areas?limit=500").await;

    // Query strings: a limit that is no number, negative, past u32, or out
    // of the documented 1 to 500.
    for limit in ["abc", "-1", "99999999999", "0", "501"] {
        refused(
            http.get(url(&format!("/areas?limit={limit}")))
                .bearer_auth(token),
            400,
            "invalid",
            Some("limit"),
            &format!("limit={limit}"),
        )
        .await;
    }
    // Path ids: not UTF-8, not a UUID, and the second id of two.
    for path in ["/cases/%FF", "/cases/not-a-case-id", "/areas/12"] {
        refused(
            http.get(url(path)).bearer_auth(token),
            400,
            "invalid",
            Some("id"),
            path,
        )
        .await;
    }
    refused(
        http.get(url(&format!(
            "/cases/{}/notes/not-a-case-id/versions",
            uuid::Uuid::now_v7()
        )))
        .bearer_auth(token),
        400,
        "invalid",
        Some("note"),
        "second path id",
    )
    .await;
    // Bodies: malformed JSON, JSON of the wrong shape, the wrong content
    // type, no content type, a body over the limit (declared, and sent in
    // chunks without a length).
    let post_area = || http.post(url("/areas")).bearer_auth(token);
    refused(
        post_area()
            .header("content-type", "application/json")
            .body("{\"name\": "),
        400,
        "invalid",
        Some("body"),
        "malformed JSON",
    )
    .await;
    refused(
        post_area().json(&json!({"name": 7, "code": "X", "level": "local"})),
        400,
        "invalid",
        Some("name"),
        "a number for a text field",
    )
    .await;
    refused(
        post_area()
            .header("content-type", "text/plain")
            .body("{\"name\": \"X\"}"),
        415,
        "unsupported_media_type",
        None,
        "text/plain body",
    )
    .await;
    refused(
        post_area().body("{\"name\": \"X\"}"),
        415,
        "unsupported_media_type",
        None,
        "no content type",
    )
    .await;
    let too_large = "x".repeat(2 * 1024 * 1024);
    refused(
        post_area()
            .header("content-type", "application/json")
            .body(too_large.clone()),
        413,
        "too_large",
        None,
        "declared length over the limit",
    )
    .await;
    let (status, body) = raw(
        &t,
        &format!(
            "POST /api/v1/areas HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\n\
             Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\
             Connection: close\r\n\r\n"
        ),
        Some(&too_large),
    )
    .await;
    assert_eq!(status, 413, "chunked body over the limit: {body}");
    assert_eq!(body["error"]["code"], "too_large", "{body}");
    // A cursor of 20 KB: the address is longer than the server reads.
    refused(
        http.get(url(&format!("/areas?cursor={}", "c".repeat(20 * 1024))))
            .bearer_auth(token),
        414,
        "too_long",
        None,
        "long address",
    )
    .await;
    // No such route, and a method the route does not take.
    refused(
        http.get(url("/no-such-route")).bearer_auth(token),
        404,
        "not_found",
        None,
        "unknown route",
    )
    .await;
    refused(
        http.delete(url("/areas")).bearer_auth(token),
        405,
        "method_not_allowed",
        None,
        "method not allowed",
    )
    .await;

    let (_, areas_after) = admin.get("/areas?limit=500").await;
    assert_eq!(areas_before, areas_after, "nothing was stored");
}

/// Sends `head` (and `body` in 64 KiB chunks) over a plain connection, as
/// a client that does not declare its body's length would; returns the
/// status and the JSON body of the answer (`null` if it has none).
async fn raw(t: &TestApp, head: &str, body: Option<&str>) -> (u16, Value) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let address = t.base_url.trim_start_matches("http://").to_string();
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    stream.write_all(head.as_bytes()).await.unwrap();
    if let Some(body) = body {
        for chunk in body.as_bytes().chunks(64 * 1024) {
            let framed = [format!("{:x}\r\n", chunk.len()).as_bytes(), chunk, b"\r\n"].concat();
            // The server may answer and close before reading it all.
            if stream.write_all(&framed).await.is_err() {
                break;
            }
        }
        let _ = stream.write_all(b"0\r\n\r\n").await;
    }
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer).await;
    let answer = String::from_utf8_lossy(&answer).to_string();
    let status = answer
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = answer
        .split_once("\r\n\r\n")
        .and_then(|(_, body)| serde_json::from_str(body).ok())
        .unwrap_or(Value::Null);
    (status, body)
}

/// Every GET route under a case (lists and views of one case's records).
const UNDER_A_CASE: [&str; 8] = [
    "/access-report",
    "/assignment",
    "/conference-referrals",
    "/export",
    "/justice",
    "/referrals",
    "/risk",
    "/notes/00000000-0000-4000-8000-000000000001/versions",
];

async fn routes_under_a_case_refuse_as_the_case_does(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    let (mut caseworker, _) = signed_in(&t, "shelter.caseworker").await;
    let location = register(&mut caseworker, "Refusal Test Survivor").await;
    let theirs = location.trim_start_matches("/cases/").to_string();
    let owner = Client::from_browser(&t, &mut caseworker).await;
    let nurse = Client::of(&t, "hospital.nurse").await;
    // Reading who carries a case is for supervisors: a supervisor of the
    // hospital asks that route, so the role is not what refuses.
    let password = t
        .create_user(
            "hospital.supervisor",
            "Lakeside General Hospital One-Stop Centre",
            &["supervisor"],
        )
        .await;
    let mut browser = t.browser();
    browser
        .sign_in_fully("hospital.supervisor", &password, None)
        .await;
    let supervisor = Client::from_browser(&t, &mut browser).await;
    let other = &nurse;
    // The case's own route refuses the hospital (403, with the access
    // decision's reason).
    let refusal = outcome(&other.get(&format!("/cases/{theirs}")).await);
    assert_eq!(refusal, (403, json!("no_basis")));
    let random = uuid::Uuid::now_v7().to_string();
    assert_eq!(
        outcome(&other.get(&format!("/cases/{random}")).await),
        (404, json!("not_found"))
    );
    // Each route answers with the case's own status: 403 for her case
    // (the reason may be the route's own, such as `forbidden` for who
    // carries it), 404 with `not_found` for a case that does not exist.
    let mut wrong = Vec::new();
    for route in UNDER_A_CASE {
        let other = if route == "/assignment" {
            &supervisor
        } else {
            &nurse
        };
        let (status, code) = outcome(&other.get(&format!("/cases/{theirs}{route}")).await);
        if status != 403 || !code.is_string() || code == "not_found" {
            wrong.push(format!("theirs {route}: {status} {code}"));
        }
        let got = outcome(&other.get(&format!("/cases/{random}{route}")).await);
        if got != (404, json!("not_found")) {
            wrong.push(format!("random {route}: {got:?}"));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
    // The owner's caseworker reads the same routes (they exist, the case
    // is hers; who carries it is for supervisors).
    for route in UNDER_A_CASE
        .iter()
        .filter(|r| !r.starts_with("/notes") && **r != "/assignment")
    {
        let (status, body) = owner.get(&format!("/cases/{theirs}{route}")).await;
        assert_eq!(status, 200, "{route}: {body}");
    }
}

/// Routes under other objects, with an id that names nothing: each answers
/// as the object's own route does (404), never an empty list.
async fn routes_under_other_objects_refuse_as_the_object_does(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    let random = uuid::Uuid::now_v7();
    let cases = [
        (
            "secretariat",
            "/bodies/{id}",
            &[
                "/actions",
                "/assessments",
                "/instruments",
                "/meetings",
                "/plan-coverage",
                "/scorecard",
            ][..],
        ),
        (
            "marac.coordinator",
            "/conferences/{id}",
            &["/actions", "/dataset?quarter=2026-Q1"][..],
        ),
        (
            "marac.coordinator",
            "/conference-referrals/{id}",
            &["/actions", "/research"][..],
        ),
        ("admin", "/directory/services/{id}", &["/history"][..]),
        ("admin", "/directory/organizations/{id}", &["/history"][..]),
    ];
    let mut clients: Vec<(&str, Client)> = Vec::new();
    for (username, object, routes) in cases {
        if clients.last().is_none_or(|(name, _)| *name != username) {
            clients.push((username, Client::of(&t, username).await));
        }
        let client = &clients.last().unwrap().1;
        let object = object.replace("{id}", &random.to_string());
        let mut wrong = Vec::new();
        for route in routes {
            let got = outcome(&client.get(&format!("{object}{route}")).await);
            if got != (404, json!("not_found")) {
                wrong.push(format!("{object}{route}: {got:?}"));
            }
        }
        assert!(wrong.is_empty(), "{username}: {wrong:#?}");
    }
}

/// The refusals the rule says every operation can give (README "API"):
/// 400, 401, 403, 414, 429 and 503 everywhere (500 too), 404 with an id in
/// the path, 413 and 415 with a body.
fn refusals_for(path: &str, operation: &Value) -> Vec<&'static str> {
    let mut statuses = vec!["400", "401", "403", "414", "429", "500", "503"];
    if path.contains('{') {
        statuses.push("404");
    }
    if operation.get("requestBody").is_some() {
        statuses.extend(["413", "415"]);
    }
    statuses
}

/// The response `reference` names, followed through `#/components/responses`.
fn resolve<'a>(doc: &'a Value, response: &'a Value) -> &'a Value {
    match response["$ref"].as_str() {
        Some(reference) => {
            let name = reference
                .strip_prefix("#/components/responses/")
                .expect("a response reference");
            &doc["components"]["responses"][name]
        }
        None => response,
    }
}

async fn every_operation_documents_the_refusals_it_can_give(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    let doc: Value = reqwest::get(format!("{}/api/openapi.json", t.base_url))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let mut missing = Vec::new();
    let mut operations = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            operations += 1;
            let responses = operation["responses"].as_object().unwrap();
            for status in refusals_for(path, operation) {
                if !responses.contains_key(status) {
                    missing.push(format!("{method} {path}: {status} not listed"));
                }
            }
            // Every refusal listed, shared or the operation's own, is the
            // error body as JSON; 429 and 503 say when to come back.
            for (status, response) in responses {
                if !(status.starts_with('4') || status.starts_with('5')) {
                    continue;
                }
                let response = resolve(&doc, response);
                let schema = &response["content"]["application/json"]["schema"]["$ref"];
                if schema != "#/components/schemas/ApiErrorBody" {
                    missing.push(format!("{method} {path}: {status} without the error body"));
                }
                if (status == "429" || status == "503")
                    && response["headers"].get("Retry-After").is_none()
                {
                    missing.push(format!("{method} {path}: {status} without Retry-After"));
                }
            }
        }
    }
    assert!(operations > 100, "{operations} operations");
    assert!(
        missing.is_empty(),
        "{} problems: {missing:#?}",
        missing.len()
    );
    assert!(doc["components"]["schemas"]["ApiErrorBody"].is_object());
}
