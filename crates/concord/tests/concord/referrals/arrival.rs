//! A referral arriving in a receiving agency's queue is announced once:
//! on the receiving agency's home page and in the API's notifications, and
//! by e-mail to its directory address carrying the reference and a link,
//! nothing about her; sent from a draft on one instance while another
//! tries too, it is still announced once; a referral to an outside
//! provider announces nothing, and the sender is never told of its own.

use super::super::cases::{agency_id, register};
use super::super::support::{api_token, signed_in};
use super::{consent_to, district, refer_to_hospital, service_option};
use concord_app::AppConfig;
use concord_testkit::{Engine, SmtpSink, TestApp, TestAppOptions, on_both_engines};
use serde_json::{Value, json};

on_both_engines!(a_received_referral_is_announced_once_in_the_app_and_by_e_mail);

const HOSPITAL: &str = "Lakeside General Hospital One-Stop Centre";

/// The district with e-mail through the sink.
fn mailing(sink: &SmtpSink) -> AppConfig {
    let mut config = AppConfig::default();
    config.referrals.smtp = Some(concord_app::referrals::SmtpConfig {
        url: sink.url.clone(),
        from: "concord@district.example".into(),
    });
    config.referrals.public_url = "https://concord.district.example".into();
    config
}

/// The kinds of the agency's notifications about one referral, by API.
async fn notifications_about(t: &TestApp, token: &str, id: &str) -> Vec<String> {
    let todo: Value = reqwest::Client::new()
        .get(format!("{}/api/v1/notifications", t.base_url))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    todo["notifications"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["referral_id"] == id)
        .map(|n| n["kind"].as_str().unwrap().to_string())
        .collect()
}

async fn a_received_referral_is_announced_once_in_the_app_and_by_e_mail(engine: Engine) {
    let sink = SmtpSink::start().await;
    let t = district(engine, mailing(&sink)).await;
    let (mut shelter, _) = signed_in(&t, "shelter.caseworker").await;
    let case = register(&mut shelter, "Leila Arrival-Test").await;
    let hospital = agency_id(&t, HOSPITAL).await;
    consent_to(
        &mut shelter,
        &case,
        &hospital,
        &["identity_and_contact", "incident"],
    )
    .await;
    // Sent at once: one e-mail to the hospital's referral address, with
    // the reference and a link and nothing about her.
    let referral = refer_to_hospital(&mut shelter, &case, "urgent").await;
    let id = referral.trim_start_matches("/referrals/").to_string();
    let view = shelter.get(&referral).await;
    let code_after = |prefix: &str| {
        format!(
            "{prefix}{}",
            &view
                .body
                .split(&format!("<code>{prefix}"))
                .nth(1)
                .expect("a reference")[..9]
        )
    };
    let (reference, survivor_reference) = (code_after("R-"), code_after("S-"));
    let mails = sink.wait_for(1).await;
    assert_eq!(mails.len(), 1, "{mails:?}");
    assert!(
        mails[0]
            .to
            .iter()
            .all(|a| a.starts_with("referrals@lakesidegeneral")),
        "{:?}",
        mails[0].to
    );
    let data = mails[0].data.replace("=\n", "").replace("=3D", "=");
    assert!(data.contains("has arrived for your agency"), "{data}");
    assert!(
        data.contains(&format!("https://concord.district.example/referrals/{id}")),
        "{data}"
    );
    assert!(data.contains(&reference), "{data}");
    for secret in [
        "Leila",
        "Arrival-Test",
        "Needs PEP",
        survivor_reference.as_str(),
    ] {
        assert!(!data.contains(secret), "the e-mail carries {secret}");
    }

    // The nurse sees it on her home page and dismisses it; the shelter is
    // not told of its own referral.
    let (mut nurse, _) = signed_in(&t, "hospital.nurse").await;
    let home = nurse.get("/").await;
    assert_eq!(
        home.body.matches("has arrived for your agency").count(),
        1,
        "{}",
        home.body
    );
    assert!(home.contains(&format!("href=\"/referrals/{id}\"")));
    let nurse_token = api_token(&mut nurse, "read_write", "30").await;
    let shelter_token = api_token(&mut shelter, "read_write", "30").await;
    assert_eq!(
        notifications_about(&t, &nurse_token, &id).await,
        ["received"]
    );
    assert!(shelter.get("/").await.body.find("has arrived").is_none());
    assert!(
        notifications_about(&t, &shelter_token, &id)
            .await
            .is_empty()
    );
    let dismiss = home
        .body
        .split("<li>")
        .find(|li| li.contains("has arrived for your agency"))
        .and_then(|li| li.split("action=\"/notifications/").nth(1))
        .and_then(|s| s.split('/').next())
        .expect("a dismiss button")
        .to_string();
    let dismissed = nurse
        .post(
            &format!("/notifications/{dismiss}/dismiss"),
            &[] as &[(&str, &str)],
        )
        .await;
    assert_eq!(dismissed.status, 303, "{}", dismissed.body);
    assert!(!nurse.get("/").await.contains("has arrived for your agency"));

    // A draft sent later, by two instances at once behind a load
    // balancer: one send wins, and the hospital is told once.
    let case_id = case.trim_start_matches("/cases/");
    let page = shelter.get(&format!("{case}/referrals")).await;
    let service = service_option(&page.body, "Sexual assault care");
    let http = reqwest::Client::new();
    let created: Value = http
        .post(format!("{}/api/v1/cases/{case_id}/referrals", t.base_url))
        .bearer_auth(&shelter_token)
        .json(&json!({
            "service_id": service,
            "urgency": "routine",
            "categories": ["identity_and_contact"],
            "reason": "Follow-up care",
        }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(created["state"], "draft");
    let draft = created["id"].as_str().unwrap().to_string();
    assert_eq!(sink.mails().len(), 1, "a draft is not announced");
    let other = t
        .spawn_sharing(TestAppOptions {
            config: mailing(&sink),
            ..Default::default()
        })
        .await;
    let send = |base: String| {
        let http = http.clone();
        let token = shelter_token.clone();
        let draft = draft.clone();
        async move {
            http.post(format!("{base}/api/v1/referrals/{draft}/steps"))
                .bearer_auth(&token)
                .json(&json!({"event": "send"}))
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    };
    let (a, b) = tokio::join!(send(t.base_url.clone()), send(other.base_url.clone()));
    let mut statuses = [a, b];
    statuses.sort();
    assert_eq!(statuses, [200, 409], "one send wins");
    assert_eq!(sink.wait_for(2).await.len(), 2, "announced once");
    assert_eq!(
        notifications_about(&t, &nurse_token, &draft).await,
        ["received"]
    );

    // To the outside helpline: no one in Concord is told, and the audit
    // says so.
    let helpline_service = service_option(&page.body, "Kelvara 24-hour Women");
    let helpline = {
        let case_page = shelter.get(&case).await;
        case_page
            .body
            .split("<option value=\"")
            .skip(1)
            .find(|o| o.contains("Kelvara 24-hour Women"))
            .and_then(|o| o.split('"').next())
            .expect("the helpline is offered")
            .to_string()
    };
    consent_to(&mut shelter, &case, &helpline, &["identity_and_contact"]).await;
    shelter.get(&format!("{case}/referrals")).await;
    let outside = shelter
        .post(
            &format!("{case}/referrals"),
            &[
                ("service_id", helpline_service.as_str()),
                ("urgency", "routine"),
                ("categories", "identity_and_contact"),
                ("reason", "Wants someone to talk to at night"),
                ("send_now", "on"),
            ],
        )
        .await;
    assert_eq!(outside.status, 303, "{}", outside.body);
    let outside_id = outside
        .location
        .expect("the referral")
        .trim_start_matches("/referrals/")
        .to_string();
    assert_eq!(sink.mails().len(), 2, "nothing e-mailed for the helpline");
    assert!(
        notifications_about(&t, &shelter_token, &outside_id)
            .await
            .is_empty()
    );
    let (mut admin, _) = signed_in(&t, "admin").await;
    let admin_token = api_token(&mut admin, "read", "30").await;
    let events: Value = http
        .get(format!(
            "{}/api/v1/audit-events?action=referral.created&limit=100",
            t.base_url
        ))
        .bearer_auth(&admin_token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let notified = |referral: &str| {
        events["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["object_id"] == referral)
            .map(|e| e["details"]["receiver_notified"].clone())
    };
    assert_eq!(notified(&id), Some(json!(true)));
    assert_eq!(notified(&draft), Some(json!(false)));
    assert_eq!(notified(&outside_id), Some(json!(false)));

    // E-mails go out in the background: one more referral to the hospital
    // is the third e-mail, so nothing came for the draft, the losing send
    // or the helpline.
    refer_to_hospital(&mut shelter, &case, "routine").await;
    let mails = sink.wait_for(3).await;
    assert_eq!(mails.len(), 3, "{mails:?}");
}
