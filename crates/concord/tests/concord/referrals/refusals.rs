//! Issue 12 items 7 and 11, through HTTP on both engines.
//!
//! A referral never skips a step: accepting or declining a sent referral
//! records the acknowledgement first, with its own history entry and audit
//! event, and a step the state allows nowhere is refused in the README's
//! words. A referral her consent does not let go is refused to the
//! *sender* with what her consent lacks (never the receiver's "your agency
//! does not own this case"): on the page (422, the form's `consent`
//! problem) and in the API (403 with the reason's code, field `consent`).
//! The case page lists what each consent covers.

use super::super::cases::{agency_id, register};
use super::super::support::{api_token, signed_in};
use super::{consent_to, district, refer_to_hospital, service_option, sign_in_again, step};
use chrono::Duration;
use concord_app::AppConfig;
use concord_store::{AuditFilter, PageRequest, Store};
use concord_testkit::{Browser, Engine, TestApp, on_both_engines};
use serde_json::{Value, json};
use std::sync::Arc;

on_both_engines!(
    accepting_or_declining_a_sent_referral_records_the_acknowledgement_first,
    the_sender_is_told_what_her_consent_lacks,
    the_case_page_shows_what_each_consent_covers,
    a_cases_referrals_are_listed_only_to_its_owning_agency,
);

const HOSPITAL: &str = "Lakeside General Hospital One-Stop Centre";
const POLICE: &str = "Lakeside Police Domestic Abuse Unit";

async fn open_store(url: &str) -> Arc<dyn Store> {
    if url.starts_with("postgres") {
        Arc::new(concord_store_postgres::connect(url).await.unwrap())
    } else {
        Arc::new(concord_store_sqlite::open(url).await.unwrap())
    }
}

/// The audited steps of one referral, oldest first: (event, implied_by).
async fn audited_steps(t: &TestApp, referral: &str) -> Vec<(String, Option<String>)> {
    let store = open_store(&t.database_url).await;
    let filter = AuditFilter {
        action: Some("referral.step".into()),
        object: Some(("referral".into(), referral.into())),
        ..Default::default()
    };
    let mut events: Vec<_> = store
        .list_audit_events(&filter, &PageRequest::first(50))
        .await
        .unwrap()
        .items;
    events.sort_by_key(|e| e.id);
    events
        .into_iter()
        .map(|e| {
            let details: Value = serde_json::from_str(&e.details).unwrap();
            (
                details["event"].as_str().unwrap().to_string(),
                details["implied_by"].as_str().map(str::to_string),
            )
        })
        .collect()
}

/// The history of a referral through the API: (event, from, to).
fn history(referral: &Value) -> Vec<(String, String, String)> {
    referral["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["event"].as_str().unwrap_or("created").to_string(),
                h["from_state"].as_str().unwrap_or("").to_string(),
                h["to_state"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn triple(event: &str, from: &str, to: &str) -> (String, String, String) {
    (event.into(), from.into(), to.into())
}

async fn accepting_or_declining_a_sent_referral_records_the_acknowledgement_first(engine: Engine) {
    let t = district(engine, AppConfig::default()).await;
    let (mut shelter, _) = signed_in(&t, "shelter.caseworker").await;
    let hospital = agency_id(&t, HOSPITAL).await;
    let (mut nurse, _) = signed_in(&t, "hospital.nurse").await;
    let token = api_token(&mut nurse, "read_write", "30").await;
    let http = reqwest::Client::new();
    let api = |path: &str| format!("{}/api/v1{path}", t.base_url);

    // Accepted straight from sent, in the API: both steps in the history,
    // each with its own audit event, the acknowledgement first.
    let case = register(&mut shelter, "Dana Accept-Test").await;
    consent_to(
        &mut shelter,
        &case,
        &hospital,
        &["identity_and_contact", "incident"],
    )
    .await;
    let referral = refer_to_hospital(&mut shelter, &case, "routine").await;
    let id = referral.trim_start_matches("/referrals/").to_string();
    let before: Value = http
        .get(api(&referral))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(before["state"], json!("sent"));
    // Offered from sent: acknowledge, accept and decline.
    assert_eq!(
        before["next_events"],
        json!(["acknowledge", "accept", "decline"])
    );
    let accepted = http
        .post(api(&format!("{referral}/steps")))
        .bearer_auth(&token)
        .json(&json!({"event": "accept", "note": "We will call her today."}))
        .send()
        .await
        .unwrap();
    assert_eq!(accepted.status(), 200);
    let after: Value = http
        .get(api(&referral))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(after["state"], json!("accepted"));
    assert_eq!(
        history(&after),
        vec![
            triple("send", "", "sent"),
            triple("acknowledge", "sent", "acknowledged"),
            triple("accept", "acknowledged", "accepted"),
        ]
    );
    // The note goes with the step asked for, not the implied one.
    let steps = after["history"].as_array().unwrap();
    assert_eq!(steps[1]["note"], Value::Null);
    assert_eq!(steps[2]["note"], json!("We will call her today."));
    assert_eq!(steps[1]["agency"], json!(HOSPITAL));
    assert_eq!(
        audited_steps(&t, &id).await,
        // (Sent with the form: audited as its creation.)
        vec![
            ("acknowledge".to_string(), Some("accept".to_string())),
            ("accept".to_string(), None),
        ]
    );
    // Accepting again is refused in the README's words, naming `state`.
    let again = http
        .post(api(&format!("{referral}/steps")))
        .bearer_auth(&token)
        .json(&json!({"event": "accept"}))
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 409);
    let body: Value = again.json().await.unwrap();
    assert_eq!(body["error"]["code"], json!("illegal_transition"));
    assert_eq!(body["error"]["field"], json!("state"));
    assert_eq!(
        body["error"]["message"],
        json!(
            "This referral is accepted; it can be accepted only when it is sent or acknowledged."
        )
    );

    // Declined straight from sent, on the page: acknowledged first, shown
    // in the history the sender reads.
    let case = register(&mut shelter, "Efua Decline-Test").await;
    consent_to(
        &mut shelter,
        &case,
        &hospital,
        &["identity_and_contact", "incident"],
    )
    .await;
    let referral = refer_to_hospital(&mut shelter, &case, "routine").await;
    let declined = step(
        &mut nurse,
        &referral,
        &[("event", "decline"), ("decline_reason", "no_capacity")],
    )
    .await;
    assert_eq!(declined.status, 303, "{}", declined.body);
    let seen: Value = http
        .get(api(&referral))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        history(&seen)[1..],
        [
            triple("acknowledge", "sent", "acknowledged"),
            triple("decline", "acknowledged", "declined"),
        ]
    );
    let page = shelter.get(&referral).await;
    assert_eq!(
        page.element_text("referral-state").as_deref(),
        Some("Declined")
    );
    assert!(
        page.contains("Acknowledge") && page.contains("Decline"),
        "{}",
        page.body
    );

    // From acknowledged, accepting is one step: nothing recorded twice.
    let case = register(&mut shelter, "Fatou Acknowledged-Test").await;
    consent_to(
        &mut shelter,
        &case,
        &hospital,
        &["identity_and_contact", "incident"],
    )
    .await;
    let referral = refer_to_hospital(&mut shelter, &case, "routine").await;
    for event in ["acknowledge", "accept"] {
        let reply = step(&mut nurse, &referral, &[("event", event)]).await;
        assert_eq!(reply.status, 303, "{event}: {}", reply.body);
    }
    let once: Value = http
        .get(api(&referral))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        history(&once)[1..],
        [
            triple("acknowledge", "sent", "acknowledged"),
            triple("accept", "acknowledged", "accepted"),
        ]
    );
    // Acknowledging twice is refused with where it stands.
    let twice = step(&mut nurse, &referral, &[("event", "acknowledge")]).await;
    assert_eq!(twice.status, 422);
    assert_eq!(
        twice.element_text("field-state").as_deref(),
        Some("This referral is accepted; it can be acknowledged only when it is sent.")
    );
}

/// Records a consent of the case's survivor through the page.
async fn record_consent(
    browser: &mut Browser,
    case: &str,
    agency: &str,
    purposes: &[&str],
    categories: &[&str],
    valid_from: &str,
    valid_until: &str,
) {
    browser.get(case).await;
    let mut fields = vec![
        ("recipient_agency", agency),
        ("given_by", "survivor"),
        ("valid_from", valid_from),
        ("valid_until", valid_until),
    ];
    for p in purposes {
        fields.push(("purposes", p));
    }
    for c in categories {
        fields.push(("categories", c));
    }
    let reply = browser.post(&format!("{case}/consents"), &fields).await;
    assert_eq!(reply.status, 303, "{}", reply.body);
}

/// Withdraws every consent listed on the case page.
async fn withdraw_all(browser: &mut Browser, case: &str) {
    let page = browser.get(case).await;
    for withdraw in page
        .body
        .split("action=\"")
        .filter_map(|s| s.split('"').next())
        .filter(|a| a.ends_with("/withdraw") && a.contains("/consents/"))
        .map(str::to_string)
        .collect::<Vec<_>>()
    {
        browser.get(case).await;
        assert_eq!(browser.post(&withdraw, &[]).await.status, 303);
    }
}

/// What the sender is told when sending from the page (with the form) and
/// from the API (a draft, then the step `send`): both refused, nothing
/// sent, the reason's code and words.
async fn refused_to_send(
    t: &TestApp,
    shelter: &mut Browser,
    token: &str,
    case: &str,
    categories: &[&str],
    code: &str,
    words: &str,
) {
    let page = shelter.get(&format!("{case}/referrals")).await;
    let service = service_option(&page.body, "Sexual assault care");
    let mut fields = vec![
        ("service_id", service.as_str()),
        ("urgency", "routine"),
        ("reason", "Counselling"),
        ("send_now", "on"),
    ];
    for c in categories {
        fields.push(("categories", c));
    }
    let listed = |body: &str| body.matches("<li><a href=\"/referrals/").count();
    let before = listed(&page.body);
    let refused = shelter.post(&format!("{case}/referrals"), &fields).await;
    assert_eq!(refused.status, 422, "{code}: {}", refused.body);
    let shown = refused.element_text("field-consent").expect("the reason");
    let shown = shown.replace("&quot;", "\"").replace("&#34;", "\"");
    assert!(shown.contains(words), "{code}: {shown}");
    assert!(
        shown.starts_with("The referral cannot be sent: "),
        "{shown}"
    );
    assert!(!refused.contains("does not own"), "{code}");
    assert!(refused.element_text("consent-needed").is_some());
    assert_eq!(listed(&refused.body), before, "{code}: stored");

    let http = reqwest::Client::new();
    let api = |path: &str| format!("{}/api/v1{path}", t.base_url);
    let case_id = case.trim_start_matches("/cases/");
    let created = http
        .post(api(&format!("/cases/{case_id}/referrals")))
        .bearer_auth(token)
        .json(&json!({
            "service_id": service,
            "urgency": "routine",
            "categories": categories,
            "reason": "Counselling",
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let created: Value = created.json().await.unwrap();
    let id = created["id"].as_str().unwrap();
    let send = http
        .post(api(&format!("/referrals/{id}/steps")))
        .bearer_auth(token)
        .json(&json!({"event": "send"}))
        .send()
        .await
        .unwrap();
    assert_eq!(send.status(), 403, "{code}");
    let body: Value = send.json().await.unwrap();
    assert_eq!(body["error"]["code"], json!(code), "{body}");
    assert_eq!(body["error"]["field"], json!("consent"), "{body}");
    let message = body["error"]["message"].as_str().unwrap();
    assert!(message.contains(words), "{code}: {message}");
    assert!(!message.contains("does not own"), "{message}");
    // Still a draft.
    let draft: Value = http
        .get(api(&format!("/referrals/{id}")))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(draft["state"], json!("draft"));
    // The draft's own page says it too.
    let draft_page = shelter.get(&format!("/referrals/{id}")).await;
    let send_page = shelter
        .post(&format!("/referrals/{id}/steps"), &[("event", "send")])
        .await;
    assert_eq!(draft_page.status, 200);
    assert_eq!(send_page.status, 422, "{code}: {}", send_page.body);
    assert!(
        send_page
            .element_text("field-consent")
            .unwrap()
            .replace("&quot;", "\"")
            .replace("&#34;", "\"")
            .contains(words),
        "{code}: {}",
        send_page.body
    );
}

async fn the_sender_is_told_what_her_consent_lacks(engine: Engine) {
    let t = district(engine, AppConfig::default()).await;
    let (mut shelter, secret) = signed_in(&t, "shelter.caseworker").await;
    let token = api_token(&mut shelter, "read_write", "30").await;
    let hospital = agency_id(&t, HOSPITAL).await;
    let police = agency_id(&t, POLICE).await;
    let identity = ["identity_and_contact"];
    let referral = ["referral_for_services"];

    // No consent at all.
    let case = register(&mut shelter, "Gloria Nothing-Test").await;
    refused_to_send(
        &t,
        &mut shelter,
        &token,
        &case,
        &identity,
        "consent_missing",
        "she has given no consent",
    )
    .await;

    // A consent to the police, not the hospital.
    let case = register(&mut shelter, "Hana Agency-Test").await;
    record_consent(
        &mut shelter,
        &case,
        &police,
        &referral,
        &identity,
        "",
        "2026-06-30",
    )
    .await;
    refused_to_send(
        &t,
        &mut shelter,
        &token,
        &case,
        &identity,
        "consent_agency_not_named",
        "none of her consents names the receiving agency",
    )
    .await;

    // The hospital, for a police report only.
    let case = register(&mut shelter, "Ines Purpose-Test").await;
    record_consent(
        &mut shelter,
        &case,
        &hospital,
        &["police_report"],
        &identity,
        "",
        "2026-06-30",
    )
    .await;
    refused_to_send(
        &t,
        &mut shelter,
        &token,
        &case,
        &identity,
        "consent_purpose_not_named",
        "does not name the purpose \"Referral for services\"",
    )
    .await;

    // The hospital, for referral, but not her health information.
    let case = register(&mut shelter, "Joy Category-Test").await;
    record_consent(
        &mut shelter,
        &case,
        &hospital,
        &referral,
        &identity,
        "",
        "2026-06-30",
    )
    .await;
    refused_to_send(
        &t,
        &mut shelter,
        &token,
        &case,
        &["identity_and_contact", "health"],
        "consent_category_not_named",
        "does not name the kind of information \"Health\"",
    )
    .await;

    // From a day still ahead.
    let case = register(&mut shelter, "Kemi Later-Test").await;
    record_consent(
        &mut shelter,
        &case,
        &hospital,
        &referral,
        &identity,
        "2026-03-10",
        "2026-06-30",
    )
    .await;
    refused_to_send(
        &t,
        &mut shelter,
        &token,
        &case,
        &identity,
        "consent_not_yet_valid",
        "her consent to the receiving agency is not valid yet",
    )
    .await;

    // Withdrawn.
    let case = register(&mut shelter, "Lina Withdrawn-Test").await;
    record_consent(
        &mut shelter,
        &case,
        &hospital,
        &referral,
        &identity,
        "",
        "2026-06-30",
    )
    .await;
    withdraw_all(&mut shelter, &case).await;
    refused_to_send(
        &t,
        &mut shelter,
        &token,
        &case,
        &identity,
        "consent_withdrawn",
        "she has withdrawn her consent to the receiving agency",
    )
    .await;

    // Valid until 5 March: still sends on 5 March, refused on the 6th.
    let case = register(&mut shelter, "Maya Expired-Test").await;
    record_consent(
        &mut shelter,
        &case,
        &hospital,
        &referral,
        &identity,
        "",
        "2026-03-05",
    )
    .await;
    t.clock.advance(Duration::days(3));
    let mut shelter = sign_in_again(&t, "shelter.caseworker", &secret).await;
    let last_day = refer_to_hospital_with(&mut shelter, &case, &identity).await;
    assert_eq!(last_day.status, 303, "{}", last_day.body);
    t.clock.advance(Duration::days(1));
    let mut shelter = sign_in_again(&t, "shelter.caseworker", &secret).await;
    refused_to_send(
        &t,
        &mut shelter,
        &token,
        &case,
        &identity,
        "consent_expired",
        "her consent to the receiving agency has expired",
    )
    .await;
}

/// Sends a referral from the page sharing `categories`.
async fn refer_to_hospital_with(
    browser: &mut Browser,
    case: &str,
    categories: &[&str],
) -> concord_testkit::Reply {
    let page = browser.get(&format!("{case}/referrals")).await;
    let service = service_option(&page.body, "Sexual assault care");
    let mut fields = vec![
        ("service_id", service.as_str()),
        ("urgency", "routine"),
        ("reason", "Counselling"),
        ("send_now", "on"),
    ];
    for c in categories {
        fields.push(("categories", c));
    }
    browser.post(&format!("{case}/referrals"), &fields).await
}

async fn the_case_page_shows_what_each_consent_covers(engine: Engine) {
    let t = district(engine, AppConfig::default()).await;
    let (mut shelter, _) = signed_in(&t, "shelter.caseworker").await;
    let hospital = agency_id(&t, HOSPITAL).await;
    let police = agency_id(&t, POLICE).await;
    let case = register(&mut shelter, "Nia Coverage-Test").await;
    record_consent(
        &mut shelter,
        &case,
        &hospital,
        &["referral_for_services", "case_conference"],
        &["identity_and_contact", "health"],
        "",
        "2026-06-30",
    )
    .await;
    record_consent(
        &mut shelter,
        &case,
        &police,
        &["police_report"],
        &["incident"],
        "",
        "2026-04-15",
    )
    .await;
    let page = shelter.get(&case).await;
    assert_eq!(page.status, 200);
    let entries: Vec<&str> = page
        .body
        .split("<li>")
        .filter(|e| e.contains("class=\"consent-agency\""))
        .map(|e| e.split("</li>").next().unwrap())
        .collect();
    assert_eq!(entries.len(), 2, "{}", page.body);
    let text_of = |entry: &str, class: &str| -> String {
        let marker = format!("class=\"{class}\"");
        let start = entry.find(&marker).expect(class);
        let open_end = start + entry[start..].find('>').unwrap() + 1;
        entry[open_end..]
            .split('<')
            .next()
            .unwrap()
            .trim()
            .to_string()
    };
    let by_agency = |name: &str| {
        *entries
            .iter()
            .find(|e| text_of(e, "consent-agency") == name)
            .unwrap_or_else(|| panic!("{name}: {}", page.body))
    };
    let health = by_agency(HOSPITAL);
    assert_eq!(
        text_of(health, "consent-purposes"),
        "Referral for services, Case conference"
    );
    assert_eq!(
        text_of(health, "consent-categories"),
        "Identity and contact, Health"
    );
    assert_eq!(text_of(health, "consent-until"), "2026-06-30");
    let police_entry = by_agency(POLICE);
    assert_eq!(text_of(police_entry, "consent-purposes"), "Police report");
    assert_eq!(text_of(police_entry, "consent-categories"), "Incidents");
    assert_eq!(text_of(police_entry, "consent-until"), "2026-04-15");
}

/// The list of a case's referrals answers like the case itself: the
/// owning agency gets its referrals; the receiving agency (which reads the
/// referral, not the case's list) and any other agency are refused with
/// 403 and the refusal is audited; an id that is no case is 404 — never
/// an empty list that reads as an answer.
async fn a_cases_referrals_are_listed_only_to_its_owning_agency(engine: Engine) {
    let t = district(engine, AppConfig::default()).await;
    let (mut shelter, _) = signed_in(&t, "shelter.caseworker").await;
    let hospital = agency_id(&t, HOSPITAL).await;
    let case = register(&mut shelter, "Mira List-Test").await;
    consent_to(
        &mut shelter,
        &case,
        &hospital,
        &["identity_and_contact", "incident"],
    )
    .await;
    let referral = refer_to_hospital(&mut shelter, &case, "routine").await;
    let referral_id = referral.trim_start_matches("/referrals/");
    let own = api_token(&mut shelter, "read", "30").await;
    let (mut nurse, _) = signed_in(&t, "hospital.nurse").await;
    let receiver = api_token(&mut nurse, "read", "30").await;
    let (mut officer, _) = signed_in(&t, "police.officer").await;
    let other = api_token(&mut officer, "read", "30").await;
    let http = reqwest::Client::new();
    let list = |token: &str, case: &str| {
        http.get(format!("{}/api/v1{case}/referrals", t.base_url))
            .bearer_auth(token.to_string())
            .send()
    };

    let listed = list(&own, &case).await.unwrap();
    assert_eq!(listed.status(), 200);
    let listed: Value = listed.json().await.unwrap();
    assert_eq!(listed["items"][0]["id"], referral_id, "{listed}");

    for token in [&receiver, &other] {
        let refused = list(token, &case).await.unwrap();
        assert_eq!(refused.status(), 403);
        let body: Value = refused.json().await.unwrap();
        assert!(body["error"]["code"].is_string(), "{body}");
        assert!(body.get("items").is_none(), "{body}");
    }
    let unknown = format!("/cases/{}", uuid::Uuid::now_v7());
    assert_eq!(list(&own, &unknown).await.unwrap().status(), 404);
    // The receiving agency still reads the referral itself.
    let read = http
        .get(format!("{}/api/v1{referral}", t.base_url))
        .bearer_auth(&receiver)
        .send()
        .await
        .unwrap();
    assert_eq!(read.status(), 200);
}
