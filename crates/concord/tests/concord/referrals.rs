//! Referrals between agencies through HTTP: a shelter refers a survivor to
//! the hospital, which accepts and closes it with feedback the shelter
//! sees; sending is gated by her consent and withdrawing it hides the
//! referral's details from the receiver at once; illegal steps are refused
//! (409 in the API); overdue referrals are highlighted, notified once
//! (also by e-mail through a local SMTP sink, with nothing about her) and
//! expire; and the service directory with its pathway, gaps, staleness
//! and 4W view.

use super::cases::{agency_id, record_incident, register};
use super::support::{api_token, signed_in};
use chrono::Duration;
use concord_app::AppConfig;
use concord_testkit::{Browser, Engine, SmtpSink, TestApp, TestAppOptions, on_both_engines};
use serde_json::{Value, json};

on_both_engines!(
    a_shelter_refers_and_the_hospital_closes_the_loop,
    sending_needs_consent_and_withdrawal_hides_the_details,
    illegal_steps_are_refused_with_409_in_the_api,
    overdue_referrals_are_highlighted_notified_once_and_expire,
    the_directory_shows_pathways_gaps_staleness_and_4w,
);

/// The demo district with its service directory.
async fn district(engine: Engine, config: AppConfig) -> TestApp {
    let t = TestApp::spawn_with(
        engine,
        TestAppOptions {
            config,
            ..Default::default()
        },
    )
    .await;
    t.seed_demo().await;
    assert!(t.app.seed_demo_directory().await.unwrap());
    t
}

async fn sign_in_again(t: &TestApp, user: &str, secret: &Option<Vec<u8>>) -> Browser {
    let mut browser = t.browser();
    let (home, _) = browser
        .sign_in_fully(user, concord_app::demo::DEMO_PASSWORD, secret.as_deref())
        .await;
    assert!(home.contains("Needs my attention"), "{user}: {}", home.body);
    browser
}

/// The option value of the service whose label contains `name`.
fn service_option(page: &str, name: &str) -> String {
    page.split("<option value=\"")
        .skip(1)
        .find(|o| o.split("</option>").next().unwrap_or("").contains(name))
        .and_then(|o| o.split('"').next())
        .expect("the service is offered")
        .to_string()
}

pub(super) async fn consent_to(
    browser: &mut Browser,
    case: &str,
    agency: &str,
    categories: &[&str],
) {
    browser.get(case).await;
    let mut fields = vec![
        ("recipient_agency", agency),
        ("purposes", "referral_for_services"),
        ("given_by", "survivor"),
        ("valid_until", "2026-06-30"),
    ];
    for c in categories {
        fields.push(("categories", c));
    }
    let reply = browser.post(&format!("{case}/consents"), &fields).await;
    assert_eq!(reply.status, 303, "{}", reply.body);
}

/// Refers from the case to the hospital's sexual assault care; returns the
/// referral's path.
pub(super) async fn refer_to_hospital(browser: &mut Browser, case: &str, urgency: &str) -> String {
    let page = browser.get(&format!("{case}/referrals")).await;
    assert_eq!(page.status, 200, "{}", page.body);
    let service = service_option(&page.body, "Sexual assault care");
    let reply = browser
        .post(
            &format!("{case}/referrals"),
            &[
                ("service_id", &service),
                ("urgency", urgency),
                ("categories", "identity_and_contact"),
                ("categories", "incident"),
                ("reason", "Needs PEP and a forensic examination today"),
                ("send_now", "on"),
            ],
        )
        .await;
    assert_eq!(reply.status, 303, "{}", reply.body);
    let location = reply.location.expect("the referral");
    assert!(location.starts_with("/referrals/"));
    location
}

async fn step(
    browser: &mut Browser,
    referral: &str,
    fields: &[(&str, &str)],
) -> concord_testkit::Reply {
    browser.get(referral).await;
    browser.post(&format!("{referral}/steps"), fields).await
}

async fn a_shelter_refers_and_the_hospital_closes_the_loop(engine: Engine) {
    let t = district(engine, AppConfig::default()).await;
    let (mut shelter, _) = signed_in(&t, "shelter.caseworker").await;
    let case = register(&mut shelter, "Amina Referral-Test").await;
    record_incident(
        &mut shelter,
        &case,
        "Omar Example",
        "He attacked me last night.",
    )
    .await;
    shelter.get(&case).await;
    shelter
        .post(
            &format!("{case}/notes"),
            &[("body", "Private note only the shelter sees.")],
        )
        .await;
    let hospital = agency_id(&t, "Lakeside General Hospital One-Stop Centre").await;
    consent_to(
        &mut shelter,
        &case,
        &hospital,
        &["identity_and_contact", "incident"],
    )
    .await;
    let referral = refer_to_hospital(&mut shelter, &case, "urgent").await;
    let sent = shelter.get(&referral).await;
    assert!(sent.contains("Sent"), "{}", sent.body);
    let reference = sent.element_text("referral-state").unwrap();
    assert_eq!(reference, "Sent");

    // The hospital's queue and home page list it; the nurse reads why and
    // opens the case for what her consent covers, and nothing else.
    let (mut nurse, _) = signed_in(&t, "hospital.nurse").await;
    let home = nurse.get("/").await;
    assert!(
        home.contains(referral.trim_start_matches("/referrals/")),
        "home lists the referral"
    );
    let queue = nurse.get("/referrals?view=received").await;
    assert!(queue.contains(referral.trim_start_matches("/referrals/")));
    let page = nurse.get(&referral).await;
    assert_eq!(page.status, 200);
    assert!(page.contains("Needs PEP and a forensic examination today"));
    let file = nurse
        .get(&format!("{case}?purpose=referral_for_services"))
        .await;
    assert_eq!(file.status, 200, "{}", file.body);
    assert!(file.contains("Amina Referral-Test") && file.contains("Omar Example"));
    assert!(!file.contains("Private note only the shelter sees."));

    // Closing before accepting is refused with the reason.
    let early = step(
        &mut nurse,
        &referral,
        &[("event", "close"), ("outcome", "needs_met")],
    )
    .await;
    assert_eq!(early.status, 422, "{}", early.body);
    assert_eq!(
        early.element_text("field-state").as_deref(),
        Some("This referral is sent; it can be closed only when it is at service delivered.")
    );
    // Only the receiver answers: the shelter cannot accept its own referral.
    let wrong_side = step(&mut shelter, &referral, &[("event", "accept")]).await;
    assert_eq!(wrong_side.status, 422);
    assert!(wrong_side.contains("Only the receiving agency can accept a referral."));

    for fields in [
        vec![("event", "acknowledge")],
        vec![("event", "accept")],
        vec![
            ("event", "first_contact"),
            ("note", "Called her at the safe time."),
        ],
        vec![("event", "service_delivered")],
        vec![
            ("event", "close"),
            ("outcome", "needs_met"),
            ("note", "PEP started; follow-up booked in 4 weeks."),
        ],
    ] {
        let reply = step(&mut nurse, &referral, &fields).await;
        assert_eq!(reply.status, 303, "{:?}: {}", fields, reply.body);
    }

    // The shelter sees the outcome and the feedback in the history.
    let closed = shelter.get(&referral).await;
    assert_eq!(
        closed.element_text("referral-state").as_deref(),
        Some("Closed")
    );
    assert_eq!(
        closed.element_text("referral-outcome").as_deref(),
        Some("Needs met")
    );
    assert!(closed.contains("PEP started; follow-up booked in 4 weeks."));
    assert!(closed.contains("Called her at the safe time."));
    let history = &closed.body;
    for step in [
        "Send",
        "Acknowledge",
        "Accept",
        "Record first contact",
        "Close with feedback",
    ] {
        assert!(history.contains(step), "history lacks {step}: {history}");
    }
    let listed = shelter.get(&format!("{case}/referrals")).await;
    assert!(listed.contains("Closed"));

    // Free text about her is encrypted at rest.
    assert!(
        !t.database_contains("Needs PEP and a forensic examination today")
            .await
    );
    assert!(!t.database_contains("PEP started; follow-up booked").await);

    // Another agency without a part in it gets nothing.
    let (mut police, _) = signed_in(&t, "police.officer").await;
    assert_eq!(police.get(&referral).await.status, 404);
}

async fn sending_needs_consent_and_withdrawal_hides_the_details(engine: Engine) {
    let t = district(engine, AppConfig::default()).await;
    let (mut shelter, _) = signed_in(&t, "shelter.caseworker").await;
    let case = register(&mut shelter, "Beatrice Consent-Test").await;
    let hospital = agency_id(&t, "Lakeside General Hospital One-Stop Centre").await;

    // Without her consent the referral cannot be sent; the form says why,
    // points to recording consent, and nothing is stored.
    let page = shelter.get(&format!("{case}/referrals")).await;
    let service = service_option(&page.body, "Sexual assault care");
    let refused = shelter
        .post(
            &format!("{case}/referrals"),
            &[
                ("service_id", &service),
                ("urgency", "routine"),
                ("categories", "identity_and_contact"),
                ("reason", "Counselling"),
                ("send_now", "on"),
            ],
        )
        .await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert!(refused.contains("cannot be sent"));
    assert!(!refused.contains("does not own"));
    assert!(refused.element_text("consent-needed").is_some());
    assert!(refused.contains("No referrals from this case yet."));

    // A consent for the wrong categories is not enough either.
    consent_to(&mut shelter, &case, &hospital, &["identity_and_contact"]).await;
    let page = shelter.get(&format!("{case}/referrals")).await;
    let partial = shelter
        .post(
            &format!("{case}/referrals"),
            &[
                (
                    "service_id",
                    &service_option(&page.body, "Sexual assault care"),
                ),
                ("urgency", "routine"),
                ("categories", "identity_and_contact"),
                ("categories", "health"),
                ("reason", "Counselling"),
                ("send_now", "on"),
            ],
        )
        .await;
    assert_eq!(partial.status, 422);
    assert!(
        partial
            .element_text("field-consent")
            .unwrap()
            .contains("does not name the kind of information"),
        "{}",
        partial.body
    );

    // With it, the referral goes, and the nurse sees the details.
    consent_to(
        &mut shelter,
        &case,
        &hospital,
        &["identity_and_contact", "incident"],
    )
    .await;
    let referral = refer_to_hospital(&mut shelter, &case, "routine").await;
    let (mut nurse, _) = signed_in(&t, "hospital.nurse").await;
    let token = api_token(&mut nurse, "read", "30").await;
    let api = nurse.raw().clone();
    let url = t.base_url.clone() + "/api/v1" + &referral;
    let before: Value = api
        .get(&url)
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(before["details_visible"], json!(true));
    assert_eq!(
        before["reason"],
        json!("Needs PEP and a forensic examination today")
    );
    assert!(nurse.get(&referral).await.contains("Needs PEP"));

    // She withdraws her consent: on the very next request the nurse loses
    // the details and the case, but still sees the referral to answer it.
    let case_page = shelter.get(&case).await;
    for withdraw in case_page
        .body
        .split("action=\"")
        .filter_map(|s| s.split('"').next())
        .filter(|a| a.ends_with("/withdraw"))
        .map(str::to_string)
        .collect::<Vec<_>>()
    {
        shelter.get(&case).await;
        assert_eq!(shelter.post(&withdraw, &[]).await.status, 303);
    }
    let after = nurse.get(&referral).await;
    assert_eq!(after.status, 200);
    assert!(!after.contains("Needs PEP"), "the reason is still shown");
    assert!(after.element_text("referral-hidden").is_some());
    assert_eq!(
        nurse
            .get(&format!("{case}?purpose=referral_for_services"))
            .await
            .status,
        403
    );
    let hidden: Value = api
        .get(&url)
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(hidden["details_visible"], json!(false));
    assert_eq!(hidden["reason"], Value::Null);
    assert_eq!(hidden["state"], json!("sent"));
}

async fn illegal_steps_are_refused_with_409_in_the_api(engine: Engine) {
    let t = district(engine, AppConfig::default()).await;
    let (mut shelter, _) = signed_in(&t, "shelter.caseworker").await;
    let case = register(&mut shelter, "Chiara Api-Test").await;
    let hospital = agency_id(&t, "Lakeside General Hospital One-Stop Centre").await;
    consent_to(&mut shelter, &case, &hospital, &["identity_and_contact"]).await;
    let shelter_token = api_token(&mut shelter, "read_write", "30").await;
    let (mut nurse, _) = signed_in(&t, "hospital.nurse").await;
    let nurse_token = api_token(&mut nurse, "read_write", "30").await;
    let http = reqwest::Client::new();
    let api = |path: &str| format!("{}/api/v1{path}", t.base_url);

    // Find the hospital's service through the directory API.
    let services: Value = http
        .get(api("/directory/services?limit=100"))
        .bearer_auth(&shelter_token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let service = services["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "Sexual assault care")
        .expect("the hospital's service")["id"]
        .as_str()
        .unwrap()
        .to_string();
    let case_id = case.trim_start_matches("/cases/");
    let created = http
        .post(api(&format!("/cases/{case_id}/referrals")))
        .bearer_auth(&shelter_token)
        .json(&json!({
            "service_id": service,
            "urgency": "emergency",
            "categories": ["identity_and_contact"],
            "reason": "Emergency shelter needed tonight",
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let created: Value = created.json().await.unwrap();
    assert_eq!(created["state"], json!("draft"));
    let id = created["id"].as_str().unwrap().to_string();
    let steps = api(&format!("/referrals/{id}/steps"));

    // The receiver does not see a draft at all.
    let hidden = http
        .get(api(&format!("/referrals/{id}")))
        .bearer_auth(&nurse_token)
        .send()
        .await
        .unwrap();
    assert_eq!(hidden.status(), 404);

    let send = http
        .post(&steps)
        .bearer_auth(&shelter_token)
        .json(&json!({"event": "send"}))
        .send()
        .await
        .unwrap();
    assert_eq!(send.status(), 200);
    // Wrong side: 409 naming `event`.
    let wrong = http
        .post(&steps)
        .bearer_auth(&shelter_token)
        .json(&json!({"event": "accept"}))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 409);
    let body: Value = wrong.json().await.unwrap();
    assert_eq!(body["error"]["field"], json!("event"));
    // Wrong state: 409 naming `state`.
    let early = http
        .post(&steps)
        .bearer_auth(&nurse_token)
        .json(&json!({"event": "close", "outcome": "needs_met"}))
        .send()
        .await
        .unwrap();
    assert_eq!(early.status(), 409);
    let body: Value = early.json().await.unwrap();
    assert_eq!(body["error"]["field"], json!("state"));
    assert_eq!(body["error"]["code"], json!("illegal_transition"));
    // Not an event at all: 400.
    let unknown = http
        .post(&steps)
        .bearer_auth(&nurse_token)
        .json(&json!({"event": "teleport"}))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), 400);
    // Declining needs its reason.
    let no_reason = http
        .post(&steps)
        .bearer_auth(&nurse_token)
        .json(&json!({"event": "decline"}))
        .send()
        .await
        .unwrap();
    assert_eq!(no_reason.status(), 400);
    let declined = http
        .post(&steps)
        .bearer_auth(&nurse_token)
        .json(&json!({"event": "decline", "decline_reason": "no_capacity"}))
        .send()
        .await
        .unwrap();
    assert_eq!(declined.status(), 200);
    // Final: nothing more, for anyone.
    for (token, event) in [(&shelter_token, "withdraw"), (&nurse_token, "accept")] {
        let r = http
            .post(&steps)
            .bearer_auth(token)
            .json(&json!({"event": event}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 409, "{event}");
    }
    let seen: Value = http
        .get(api(&format!("/referrals/{id}")))
        .bearer_auth(&shelter_token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(seen["state"], json!("declined"));
    assert_eq!(seen["decline_reason"], json!("no_capacity"));
    // Created, sent, acknowledged (declining a sent referral acknowledges
    // it first), declined.
    let history: Vec<_> = seen["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["to_state"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(history, ["draft", "sent", "acknowledged", "declined"]);

    // Every route is in the OpenAPI document.
    let doc: Value = http
        .get(format!("{}/api/openapi.json", t.base_url))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    for path in [
        "/referrals",
        "/referrals/{id}",
        "/referrals/{id}/steps",
        "/cases/{id}/referrals",
        "/notifications",
        "/directory/organizations",
        "/directory/services",
        "/directory/pathway/{area}",
        "/directory/4w",
        "/directory/terms",
    ] {
        assert!(
            doc["paths"].get(path).is_some(),
            "{path} missing from OpenAPI"
        );
    }
}

async fn overdue_referrals_are_highlighted_notified_once_and_expire(engine: Engine) {
    let sink = SmtpSink::start().await;
    let mut config = AppConfig::default();
    config.referrals.smtp = Some(concord_app::referrals::SmtpConfig {
        url: sink.url.clone(),
        from: "concord@district.example".into(),
    });
    config.referrals.public_url = "https://concord.district.example".into();
    let t = district(engine, config).await;
    let (mut shelter, shelter_secret) = signed_in(&t, "shelter.caseworker").await;
    let case = register(&mut shelter, "Dalia Overdue-Test").await;
    let hospital = agency_id(&t, "Lakeside General Hospital One-Stop Centre").await;
    consent_to(
        &mut shelter,
        &case,
        &hospital,
        &["identity_and_contact", "incident"],
    )
    .await;
    // Sent Monday 09:00 as routine: due Wednesday 17:00.
    let referral = refer_to_hospital(&mut shelter, &case, "routine").await;
    let page = shelter.get(&referral).await;
    assert!(page.contains("2026-03-04 17:00"), "{}", page.body);
    let survivor_reference = format!(
        "S-{}",
        &page.body.split("<code>S-").nth(1).expect("her reference")[..9]
    );

    let report = t.app.check_referrals().await.unwrap();
    assert_eq!(report.notified, 0, "not due yet");
    t.clock
        .advance(Duration::hours(2 * 24 + 8) + Duration::minutes(1));
    let report = t.app.check_referrals().await.unwrap();
    assert_eq!(report.notified, 2, "both agencies");
    assert_eq!(report.emailed, 2);
    // A second instance notices the same referral: nothing is sent twice.
    let other = t.spawn_sharing(TestAppOptions::default()).await;
    assert_eq!(other.app.check_referrals().await.unwrap().notified, 0);
    assert_eq!(t.app.check_referrals().await.unwrap().notified, 0);

    // One e-mail announced its arrival (in the background); then the two
    // overdue ones.
    let (arrival, mails): (Vec<_>, Vec<_>) = sink
        .wait_for(3)
        .await
        .into_iter()
        .partition(|m| m.data.contains("has arrived"));
    assert_eq!((arrival.len(), mails.len()), (1, 2));
    let (mut nurse, _) = signed_in(&t, "hospital.nurse").await;
    let id = referral.trim_start_matches("/referrals/");
    for mail in &mails {
        // Undo quoted-printable soft line breaks.
        let data = mail.data.replace("=\n", "").replace("=3D", "=");
        assert!(data.contains("is overdue"), "{data}");
        assert!(
            data.contains(&format!("https://concord.district.example/referrals/{id}")),
            "{data}"
        );
        for secret in ["Dalia", "Overdue-Test", "Needs PEP", &survivor_reference] {
            assert!(!data.contains(secret), "the e-mail carries {secret}");
        }
    }
    let mut to: Vec<String> = mails.iter().flat_map(|m| m.to.clone()).collect();
    to.sort();
    assert!(
        to.iter()
            .any(|a| a.starts_with("referrals@lakesidegeneral")),
        "{to:?}"
    );
    assert!(
        to.iter().any(|a| a.starts_with("referrals@safehaven")),
        "{to:?}"
    );

    // Highlighted in both queues and on both home pages (signing in again:
    // days have passed).
    let mut shelter = sign_in_again(&t, "shelter.caseworker", &shelter_secret).await;
    let queue = nurse.get("/referrals?view=received&overdue=1").await;
    assert!(queue.contains(id) && queue.contains("Overdue"));
    let sent = shelter.get("/referrals?view=sent").await;
    assert!(sent.contains("overdue-row"));
    let home = nurse.get("/").await;
    assert!(home.contains("is overdue"), "{}", home.body);
    assert!(shelter.get("/").await.contains("is overdue"));

    // Left unanswered for 30 more days, it expires (once).
    t.clock.advance(Duration::days(31));
    let report = t.app.check_referrals().await.unwrap();
    assert_eq!(report.expired, 1);
    assert_eq!(other.app.check_referrals().await.unwrap().expired, 0);
    let mut shelter = sign_in_again(&t, "shelter.caseworker", &shelter_secret).await;
    let expired = shelter.get(&referral).await;
    assert_eq!(
        expired.element_text("referral-state").as_deref(),
        Some("Expired")
    );
    assert_eq!(
        sink.mails().len(),
        5,
        "the expiry is announced to both agencies"
    );
}

async fn the_directory_shows_pathways_gaps_staleness_and_4w(engine: Engine) {
    let t = district(engine, AppConfig::default()).await;
    let (mut secretariat, _) = signed_in(&t, "secretariat").await;
    let index = secretariat.get("/directory").await;
    assert_eq!(index.status, 200);
    assert!(
        index.contains("Kelvara 24-hour Women&#x27;s Helpline")
            || index.contains("Kelvara 24-hour Women")
    );

    // A new outside provider with a service in Riverside.
    secretariat.get("/directory/organizations/new").await;
    let org = secretariat
        .post(
            "/directory/organizations",
            &[
                ("name", "Riverside Community Clinic"),
                ("email", "clinic@riverside.example"),
                ("verified", "on"),
            ],
        )
        .await;
    assert_eq!(org.status, 303, "{}", org.body);
    let org_path = org.location.unwrap();
    let org_id = org_path
        .trim_start_matches("/directory/organizations/")
        .to_string();
    let riverside = service_option(&index.body, "Riverside District");
    let before: Value = {
        let page = secretariat
            .get(&format!("/directory/pathway?area={riverside}"))
            .await;
        assert_eq!(page.status, 200);
        json!(page.element_text("pathway-gaps").unwrap())
    };
    secretariat
        .get(&format!("/directory/services/new?organization={org_id}"))
        .await;
    let bad = secretariat
        .post(
            "/directory/services",
            &[("organization_id", &org_id), ("name", "")],
        )
        .await;
    assert_eq!(bad.status, 422);
    for field in ["Name", "Essential services", "Areas served"] {
        assert!(bad.contains(field), "no problem named for {field}");
    }
    let service = secretariat
        .post(
            "/directory/services",
            &[
                ("organization_id", &org_id),
                ("name", "Post-rape care"),
                ("taxonomy", "health_sexual_assault_care"),
                ("taxonomy", "health_injury_care"),
                ("area_ids", &riverside),
                ("opening_hours", "Mon–Fri 08:00–16:00"),
                ("languages", "English, French"),
                ("minimum_age", "12"),
                ("verified", "on"),
            ],
        )
        .await;
    assert_eq!(service.status, 303, "{}", service.body);
    let service_path = service.location.unwrap();
    let pathway = secretariat
        .get(&format!("/directory/pathway?area={riverside}"))
        .await;
    assert!(pathway.contains("Riverside Community Clinic — Post-rape care"));
    assert_ne!(
        json!(pathway.element_text("pathway-gaps").unwrap()),
        before,
        "a gap closed"
    );
    assert!(pathway.contains("Missing"), "other gaps remain");
    let four_w = secretariat.get("/directory/4w").await;
    assert!(
        four_w.contains("Riverside Community Clinic")
            && four_w.contains("Sexual assault examination and care")
    );

    // Half a year later it needs verifying again.
    assert!(
        !secretariat
            .get(&service_path)
            .await
            .contains("not been verified")
    );
    t.clock.advance(Duration::days(181));
    let (mut secretariat, _) = signed_in(&t, "secretariat").await;
    assert!(
        secretariat
            .get(&service_path)
            .await
            .contains("not been verified")
    );

    // Case workers read the directory but do not keep it.
    let (mut caseworker, _) = signed_in(&t, "shelter.caseworker").await;
    assert_eq!(caseworker.get(&service_path).await.status, 200);
    caseworker.get("/directory").await;
    let denied = caseworker
        .post("/directory/organizations", &[("name", "Not allowed")])
        .await;
    assert_eq!(denied.status, 403);
}

/// Telling the receiving agency that a referral arrived.
mod arrival;
/// Referrals to providers outside Concord.
mod outside;
/// Steps never skipped; the sender told what her consent lacks.
mod refusals;
