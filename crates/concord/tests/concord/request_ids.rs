//! Errors a person can quote: every response carries a request id
//! (`x-request-id`); an internal error shows it on the page and in the
//! API's error body, and the log has it on the request line and on the
//! error line with the error's cause.

use super::support::{api_token, signed_in};
use concord_testkit::{Engine, TestApp, capture_logs, captured_logs, on_both_engines};
use serde_json::Value;

on_both_engines!(
    an_internal_error_gives_a_reference_to_quote,
    a_proxys_request_id_is_kept_only_when_it_is_plain,
);

/// The log lines written while the request with this id was handled.
fn lines_of(id: &str) -> Vec<String> {
    captured_logs()
        .lines()
        .filter(|line| line.contains(id))
        .map(String::from)
        .collect()
}

async fn an_internal_error_gives_a_reference_to_quote(engine: Engine) {
    assert!(capture_logs(), "the test process logs somewhere else");
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    let (mut admin, _) = signed_in(&t, "admin").await;
    let token = api_token(&mut admin, "read", "30").await;
    assert_eq!(admin.get("/areas").await.status, 200);
    // The table the areas page reads goes away under the running app (a
    // damaged schema): a real internal error on the next query.
    t.tamper("ALTER TABLE areas RENAME TO areas_gone").await;

    let page = admin.get("/areas").await;
    assert_eq!(page.status, 500, "{}", page.body);
    let id = page
        .header("x-request-id")
        .expect("the page has a request id");
    assert!(page.contains("Something went wrong"), "{}", page.body);
    assert!(
        page.contains("Quote this reference if you contact support:"),
        "{}",
        page.body
    );
    assert_eq!(
        page.element_text("request-id").as_deref(),
        Some(id.as_str())
    );
    assert!(!page.contains("areas_gone") && !page.contains("no such table"));

    let reply = reqwest::Client::new()
        .get(admin.url("/api/v1/areas"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(reply.status(), 500);
    let api_id = reply.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_string();
    let body: Value = reply.json().await.unwrap();
    assert_eq!(body["error"]["code"], "internal");
    assert_eq!(body["error"]["request_id"], api_id.as_str(), "{body}");
    assert_ne!(api_id, id, "each request has its own id");

    let cause = match engine {
        Engine::Sqlite => "no such table",
        Engine::Postgres => "(code 42P01)",
    };
    for id in [&id, &api_id] {
        let lines = lines_of(id);
        assert!(
            lines.iter().any(|l| l.contains("ERROR")
                && l.contains("internal error")
                && l.contains("storage: database error:")
                && l.contains(cause)),
            "no error line with the cause for {id}: {lines:#?}"
        );
        assert!(
            lines
                .iter()
                .any(|l| l.contains("request") && l.contains("status=500")),
            "no request line for {id}: {lines:#?}"
        );
    }
}

async fn a_proxys_request_id_is_kept_only_when_it_is_plain(engine: Engine) {
    assert!(capture_logs(), "the test process logs somewhere else");
    let t = TestApp::spawn(engine).await;
    let client = reqwest::Client::new();
    let sent = format!("support-{}", uuid::Uuid::now_v7().simple());
    let reply = client
        .get(format!("{}/sign-in", t.base_url))
        .header("x-request-id", &sent)
        .send()
        .await
        .unwrap();
    assert_eq!(reply.status(), 200);
    assert_eq!(reply.headers()["x-request-id"], sent.as_str());
    assert!(
        lines_of(&sent)
            .iter()
            .any(|l| l.contains("request") && l.contains("status=200")),
        "the request line carries the id"
    );
    // A name where an id should be is replaced, never logged or echoed.
    let reply = client
        .get(format!("{}/sign-in", t.base_url))
        .header("x-request-id", "Jane Doe")
        .send()
        .await
        .unwrap();
    let given = reply.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_string();
    assert_ne!(given, "Jane Doe");
    assert!(uuid::Uuid::parse_str(&given).is_ok(), "{given}");
    assert!(!captured_logs().contains("Jane Doe"));
}
