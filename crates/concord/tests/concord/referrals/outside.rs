//! A referral to an outside provider (an organization in the directory
//! that is not a Concord agency): it cannot be sent without her consent
//! naming that organization; with it, it is sent, exported as a FHIR R4
//! Bundle that validates and printed; the sender records what the provider
//! did (acceptance, closure with feedback), and the history says so; the
//! sender's home page lists it among the referrals to act on while the
//! provider's steps wait to be recorded; and the consent to the outside
//! provider lets no one in Concord read her case.

use super::super::cases::{agency_id, record_incident, register};
use super::super::fhir::{fhir_validator, problems, r4_problems};
use super::super::support::{api_token, signed_in};
use super::{district, service_option, step};
use concord_app::AppConfig;
use concord_testkit::{Engine, on_both_engines};
use serde_json::Value;

on_both_engines!(
    an_outside_provider_is_referred_to_by_export_and_followed_by_the_sender,
    the_demo_has_referrals_to_the_helpline_in_several_states,
);

const HELPLINE: &str = "Kelvara 24-hour Women's Helpline";
/// How pages show it (HTML escapes the apostrophe).
const HELPLINE_SHOWN: &str = "Kelvara 24-hour Women";

/// The home page's "Referrals to act on" list (empty when there is none).
fn to_act_on(home: &str) -> &str {
    home.split("id=\"referrals-to-act-on\"")
        .nth(1)
        .and_then(|rest| rest.split("</ul>").next())
        .unwrap_or("")
}

async fn an_outside_provider_is_referred_to_by_export_and_followed_by_the_sender(engine: Engine) {
    let t = district(engine, AppConfig::default()).await;
    let (mut shelter, _) = signed_in(&t, "shelter.caseworker").await;
    let case = register(&mut shelter, "Noor Outside-Test").await;
    record_incident(&mut shelter, &case, "Karl Example", "He threatened me.").await;

    // The outside helpline is offered, marked as an outside provider.
    let page = shelter.get(&format!("{case}/referrals")).await;
    assert_eq!(page.status, 200, "{}", page.body);
    let service = service_option(&page.body, HELPLINE_SHOWN);
    assert!(page.contains("outside provider, referred by export"));
    let refer = [
        ("service_id", service.as_str()),
        ("urgency", "routine"),
        ("categories", "identity_and_contact"),
        ("reason", "Wants someone to talk to at night"),
        ("send_now", "on"),
    ];

    // The case page offers the helpline as a recipient of her consent
    // from the start; a consent naming it for another kind of
    // information does not let the referral go.
    let case_page = shelter.get(&case).await;
    assert!(case_page.contains(HELPLINE_SHOWN));
    let helpline = case_page
        .body
        .split("<option value=\"")
        .skip(1)
        .find(|o| o.contains(HELPLINE_SHOWN))
        .and_then(|o| o.split('"').next())
        .expect("the helpline is offered")
        .to_string();
    super::consent_to(&mut shelter, &case, &helpline, &["incident"]).await;
    assert_eq!(agency_id(&t, HELPLINE).await, helpline);

    // Without her consent naming the helpline and what is shared, it is
    // not sent.
    let refused = shelter.post(&format!("{case}/referrals"), &refer).await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert!(
        refused.contains("The referral cannot be sent: her consent to the receiving agency does not name the kind of information"),
        "{}",
        refused.body
    );
    // Her consent names the helpline (offered as a recipient on the case
    // page), for a referral for services and what is shared.
    super::consent_to(&mut shelter, &case, &helpline, &["identity_and_contact"]).await;
    shelter.get(&format!("{case}/referrals")).await;
    let sent = shelter.post(&format!("{case}/referrals"), &refer).await;
    assert_eq!(sent.status, 303, "{}", sent.body);
    let referral = sent.location.expect("the referral");
    let id = referral.trim_start_matches("/referrals/").to_string();
    let view = shelter.get(&referral).await;
    assert_eq!(view.element_text("referral-state").as_deref(), Some("Sent"));
    assert!(view.element_text("referral-outside").is_some());
    assert!(view.contains("fhir.json"));
    // Waiting on the sender to record what the helpline says, it is on the
    // sender's home page.
    let home = shelter.get("/").await;
    assert!(
        to_act_on(&home.body).contains(&format!("href=\"{referral}\"")),
        "{}",
        home.body
    );

    // Exported as FHIR R4 that validates, naming the helpline.
    let token = api_token(&mut shelter, "read_write", "30").await;
    let http = reqwest::Client::new();
    let api = |p: &str| format!("{}/api/v1{p}", t.base_url);
    let bundle: Value = http
        .get(api(&format!("/referrals/{id}/fhir")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let found = problems(&fhir_validator(), &bundle);
    assert!(found.is_empty(), "not valid FHIR R4: {found:#?}");
    let found = r4_problems(&[&bundle]);
    assert!(found.is_empty(), "breaks an R4 invariant: {found}");
    let text = bundle.to_string();
    assert!(text.contains(HELPLINE), "{text}");
    assert!(!text.contains("Noor") && !text.contains("Outside-Test"));
    let download = shelter.get(&format!("/referrals/{id}/fhir.json")).await;
    assert_eq!(download.status, 200);
    // And printed.
    let form = shelter.get(&format!("/referrals/{id}/print")).await;
    assert_eq!(form.status, 200);
    assert!(form.contains("Referral form") && form.contains(HELPLINE_SHOWN));
    assert!(form.contains("Wants someone to talk to at night"));

    // The sender records what the helpline did; illegal steps are refused
    // with the reason, and Concord's own step is not the sender's.
    let early = step(
        &mut shelter,
        &referral,
        &[("event", "close"), ("outcome", "needs_met")],
    )
    .await;
    assert_eq!(early.status, 422);
    assert!(
        early.contains("it can be closed only when it is at service delivered"),
        "{}",
        early.body
    );
    let expire = step(&mut shelter, &referral, &[("event", "expire")]).await;
    assert_eq!(expire.status, 422);
    assert!(expire.contains("can expire a referral"), "{}", expire.body);
    for fields in [
        vec![("event", "acknowledge")],
        vec![("event", "accept"), ("note", "They called back: accepted.")],
        vec![("event", "first_contact")],
        vec![("event", "service_delivered")],
        vec![
            ("event", "close"),
            ("outcome", "partly_met"),
            (
                "note",
                "Three night calls; she wants face-to-face support next.",
            ),
        ],
    ] {
        let reply = step(&mut shelter, &referral, &fields).await;
        assert_eq!(reply.status, 303, "{:?}: {}", fields, reply.body);
        let listed = to_act_on(&shelter.get("/").await.body).contains(&referral);
        let done = fields.contains(&("event", "close"));
        assert_eq!(listed, !done, "on the home page until closed: {fields:?}");
    }
    let closed = shelter.get(&referral).await;
    assert_eq!(
        closed.element_text("referral-state").as_deref(),
        Some("Closed")
    );
    assert_eq!(
        closed.element_text("referral-outcome").as_deref(),
        Some("Needs partly met")
    );
    assert!(closed.contains("she wants face-to-face support next"));
    assert!(closed.contains("recorded by the sending agency for the outside provider"));
    // The API says the same.
    let json: Value = http
        .get(api(&format!("/referrals/{id}")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(json["state"], "closed");
    assert_eq!(json["outcome"], "partly_met");
    assert_eq!(json["side"], "sender_for_provider");
    assert_eq!(json["outside_provider"], true);
    let history = json["history"].as_array().unwrap();
    let accepted = history.iter().find(|s| s["event"] == "accept").unwrap();
    assert_eq!(accepted["recorded_by_sender"], true);
    assert_eq!(accepted["agency"], "Safe Haven Women's Shelter");

    // Through the API too: the closed referral takes no more steps (409
    // naming `state`), and the side reaches no further than the sender's
    // and the receiver's.
    let more = http
        .post(api(&format!("/referrals/{id}/steps")))
        .bearer_auth(&token)
        .json(&serde_json::json!({"event": "accept"}))
        .send()
        .await
        .unwrap();
    assert_eq!(more.status(), 409);
    let body: Value = more.json().await.unwrap();
    assert_eq!(body["error"]["field"], "state");
    let openapi: Value = http
        .get(format!("{}/api/openapi.json", t.base_url))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    for path in [
        "/referrals/{id}/steps",
        "/referrals/{id}/fhir",
        "/cases/{id}/referrals",
    ] {
        assert!(openapi["paths"].get(path).is_some(), "{path} missing");
    }

    // Her consent to the helpline lets no one in Concord read her case:
    // not another agency (nor the referral), and no user can be made in
    // the helpline's name.
    for user in ["hospital.nurse", "police.officer"] {
        let (mut other, _) = signed_in(&t, user).await;
        let file = other
            .get(&format!("{case}?purpose=referral_for_services"))
            .await;
        assert_eq!(file.status, 403, "{user}: {}", file.body);
        assert_eq!(other.get(&referral).await.status, 404, "{user}");
    }
    let (mut admin, _) = signed_in(&t, "admin").await;
    admin.get("/users/new").await;
    let made = admin
        .post(
            "/users",
            &[
                ("username", "helpline.worker"),
                ("display_name", "Helpline Worker"),
                ("agency_id", &helpline),
                // Case roles stay in one's own agency anyway; an
                // administrator there could make them.
                ("roles", "agency_administrator"),
                ("password", "a perfectly fine passphrase"),
            ],
        )
        .await;
    assert_eq!(made.status, 422, "{}", made.body);
    assert!(made.contains("outside provider"), "{}", made.body);
}

async fn the_demo_has_referrals_to_the_helpline_in_several_states(engine: Engine) {
    let t = district(engine, AppConfig::default()).await;
    t.app.seed_demo_cases(8).await.unwrap();
    // 20 between member agencies, and the ones to the helpline.
    assert_eq!(t.app.seed_demo_referrals(20).await.unwrap(), 27);
    let (mut shelter, _) = signed_in(&t, "shelter.caseworker").await;
    let token = api_token(&mut shelter, "read", "30").await;
    let http = reqwest::Client::new();
    let get = |path: String| {
        let http = http.clone();
        let token = token.clone();
        let url = format!("{}/api/v1{path}", t.base_url);
        async move {
            http.get(url)
                .bearer_auth(&token)
                .send()
                .await
                .unwrap()
                .json::<Value>()
                .await
                .unwrap()
        }
    };
    // The shelter's home page lists those waiting on it: the ones whose
    // next step it records for the helpline, and the declined one.
    let todo = get("/notifications".into()).await;
    let mut states: Vec<String> = todo["sent_to_act_on"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["other_agency_name"] == HELPLINE)
        .map(|e| e["state"].as_str().unwrap().to_string())
        .collect();
    states.sort();
    assert_eq!(
        states,
        [
            "accepted",
            "acknowledged",
            "declined",
            "first_contact",
            "sent",
            "service_delivered"
        ]
    );
    let home = shelter.get("/").await;
    assert!(to_act_on(&home.body).contains(HELPLINE_SHOWN));
    // The closed one is in the sent list, its history recorded by the
    // shelter for the helpline.
    let sent = get("/referrals?side=sent&state=closed&limit=100".into()).await;
    let closed = sent["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["other_agency_name"] == HELPLINE)
        .expect("a closed referral to the helpline");
    let view = get(format!("/referrals/{}", closed["id"].as_str().unwrap())).await;
    assert_eq!(view["side"], "sender_for_provider");
    let history = view["history"].as_array().unwrap();
    let accepted = history.iter().find(|s| s["event"] == "accept").unwrap();
    assert_eq!(accepted["recorded_by_sender"], true);
}
