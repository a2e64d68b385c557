//! "Last used" of an API token is written at most once per interval however
//! many requests of the token arrive at once — and coalescing that write
//! never delays a revocation: the next request after it is refused. The
//! clock is moved by the test, never slept on.

use super::support::{api_token, signed_in};
use chrono::{DateTime, Duration, Utc};
use concord_app::clock::Clock;
use concord_testkit::{Engine, TestApp, on_both_engines};
use serde_json::Value;

on_both_engines!(a_busy_token_records_its_use_per_interval_and_is_refused_once_revoked);

/// Status of `GET /api/v1/tokens` with `token`, and the listed tokens.
async fn list_tokens(url: String, token: String) -> (u16, Value) {
    let response = reqwest::Client::new()
        .get(url)
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// The one token's `last_used_at`.
fn last_used(tokens: &Value) -> Option<DateTime<Utc>> {
    let tokens = tokens.as_array().expect("a list of tokens");
    assert_eq!(tokens.len(), 1, "{tokens:?}");
    tokens[0]["last_used_at"]
        .as_str()
        .map(|t| t.parse().unwrap())
}

async fn a_busy_token_records_its_use_per_interval_and_is_refused_once_revoked(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    let (mut browser, _) = signed_in(&t, "analyst").await;
    let token = api_token(&mut browser, "read", "30").await;
    let url = browser.url("/api/v1/tokens");

    let burst: Vec<_> = (0..24)
        .map(|_| tokio::spawn(list_tokens(url.clone(), token.clone())))
        .collect();
    for request in burst {
        assert_eq!(
            request.await.unwrap().0,
            200,
            "every request of the burst is served"
        );
    }
    let first_use = t.clock.now();
    let (_, tokens) = list_tokens(url.clone(), token.clone()).await;
    assert_eq!(last_used(&tokens), Some(first_use));

    t.clock.advance(Duration::seconds(29));
    let (_, tokens) = list_tokens(url.clone(), token.clone()).await;
    assert_eq!(last_used(&tokens), Some(first_use), "within the interval");

    t.clock.advance(Duration::seconds(1));
    let (_, tokens) = list_tokens(url.clone(), token.clone()).await;
    assert_eq!(last_used(&tokens), Some(t.clock.now()), "the next interval");

    // Used just now, so its last-use write is claimed for this interval:
    // the revocation still counts from the very next request.
    let page = browser.get("/account/tokens").await;
    let id = page
        .body
        .split("/account/tokens/")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .expect("a revoke form")
        .to_string();
    browser
        .post(&format!("/account/tokens/{id}/revoke"), &[])
        .await;
    assert_eq!(list_tokens(url.clone(), token.clone()).await.0, 401);
    t.clock.advance(Duration::seconds(31));
    assert_eq!(list_tokens(url, token).await.0, 401);
}
