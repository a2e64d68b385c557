//! The JSON API: the OpenAPI document describes every route; tokens act
//! with at most their owner's permissions; lists page with cursors.

use super::support::{api_token, signed_in};
use concord_testkit::{Engine, TestApp, on_both_engines};
use serde_json::{Value, json};

on_both_engines!(
    openapi_describes_every_route,
    administrators_work_through_the_api,
    read_tokens_cannot_change_anything,
    lists_page_without_gaps_or_repeats,
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
    ] {
        for method in methods {
            assert!(
                paths[path][method].is_object(),
                "{method} {path} is not documented"
            );
        }
    }
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
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
    let disabled = client
        .post(admin.url(&format!(
            "/api/v1/users/{}/disable",
            user["id"].as_str().unwrap()
        )))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(disabled.status(), 204);
    let fetched: Value = client
        .get(admin.url(&format!("/api/v1/users/{}", user["id"].as_str().unwrap())))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(fetched["active"], false);
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
