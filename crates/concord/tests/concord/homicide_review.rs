//! The domestic homicide review through HTTP (issue 16): a supervisor of
//! the owning agency grants a review panel the case's multi-agency
//! chronology on the lawful basis `homicide_review`; only people of the
//! panel's member agencies read it (not the owning agency, not another
//! agency); every reading and export is in the case's access log; a revoked
//! grant opens nothing. The chronology holds every kind of contact in time
//! order and nothing of another survivor who shares her agency, her
//! perpetrator and her conference. Pages and API alike.

use super::cases::{agency_id, record_incident, register};
use super::conferences::{Api, api_for, case_id, refer_on_judgement, two_conferences};
use super::referrals::{consent_to, refer_to_hospital};
use super::risk::assess;
use concord_testkit::{Engine, TestApp, on_both_engines};
use serde_json::{Value, json};

on_both_engines!(
    only_the_panels_members_read_the_chronology_it_was_granted,
    the_chronology_holds_every_contact_and_nothing_of_another_survivor,
);

const POLICE: &str = "Lakeside Police Domestic Abuse Unit";
const PERPETRATOR: &str = "Victor Shared-Perpetrator";
const HER_ACCOUNT: &str = "HER-OWN-ACCOUNT he broke the door";
const OTHER_NAME: &str = "Zainab Other-Survivor";
const OTHER_ACCOUNT: &str = "OTHER-SURVIVOR-ACCOUNT at the market";
const CRIME_REFERENCE: &str = "CR-2026-0777-REVIEW";
const ORDER_CONDITIONS: &str = "ORDER-CONDITIONS not to enter Lake Street";

/// The demo district with its review panel; the panel's id.
async fn district(t: &TestApp) -> String {
    t.seed_demo().await;
    t.app
        .seed_demo_review()
        .await
        .unwrap()
        .expect("the demo panel")
        .to_string()
}

fn chronology(case: &str) -> String {
    format!("/cases/{}/chronology", case_id(case))
}

fn grants(case: &str) -> String {
    format!("/cases/{}/review-grants", case_id(case))
}

async fn grant(supervisor: &Api, case: &str, panel: &str) -> String {
    let (status, grant) = supervisor
        .post(
            &grants(case),
            json!({"body": panel, "reason": "Commissioned by the community safety partnership on 2 March"}),
        )
        .await;
    assert_eq!(status, 201, "{grant}");
    assert_eq!(grant["basis"], "homicide_review");
    grant["id"].as_str().unwrap().to_string()
}

/// Her death, recorded by the owning agency's supervisor (a review is
/// granted only after it).
async fn record_her_death(t: &TestApp, supervisor: &Api, case: &str) {
    let (status, died) = supervisor
        .post(
            &format!("{case}/death"),
            json!({"died_on": t.app.today().to_string(), "killing": "yes"}),
        )
        .await;
    assert_eq!(status, 201, "{died}");
}

/// The value of the select option whose label contains `label`.
fn option_value(page: &str, label: &str) -> String {
    page.split("<option value=\"")
        .skip(1)
        .find(|o| o.split("</option>").next().unwrap_or("").contains(label))
        .and_then(|o| o.split('"').next())
        .expect("the option is offered")
        .to_string()
}

fn kinds(doc: &Value) -> Vec<String> {
    doc["contacts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["kind"].as_str().unwrap().to_string())
        .collect()
}

async fn only_the_panels_members_read_the_chronology_it_was_granted(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    let panel = district(&t).await;
    let (caseworker_api, mut caseworker) = api_for(&t, "shelter.caseworker").await;
    let case = register(&mut caseworker, "Review Test-Survivor").await;
    let (supervisor, mut supervisor_browser) = api_for(&t, "shelter.supervisor").await;
    let (police, mut police_browser) = api_for(&t, "police.officer").await;
    let (court, mut court_browser) = api_for(&t, "court.clerk").await;

    // Before any grant nobody reads it, not even the owning agency.
    for reader in [&police, &supervisor] {
        let (status, refused) = reader.get(&chronology(&case)).await;
        assert_eq!(status, 403, "{refused}");
        assert_eq!(refused["error"]["code"], "no_basis");
    }

    // Only a supervisor of the owning agency grants, and says why.
    let body = json!({"body": panel, "reason": "Review"});
    assert_eq!(
        caseworker_api.post(&grants(&case), body.clone()).await.0,
        403
    );
    assert_eq!(police.post(&grants(&case), body).await.0, 403);
    let (status, bad) = supervisor
        .post(&grants(&case), json!({"body": "", "reason": " "}))
        .await;
    assert_eq!(status, 400, "{bad}");
    let fields: Vec<&str> = bad["error"]["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["body", "reason"], "{bad}");
    // A body that is not a review panel needs the remit confirmed.
    let review_page = supervisor_browser.get(&format!("{case}/review")).await;
    assert_eq!(review_page.status, 200, "{}", review_page.body);
    let council = option_value(&review_page.body, "Lakeside Local Coordination Council");
    let (status, bad) = supervisor
        .post(&grants(&case), json!({"body": council, "reason": "Review"}))
        .await;
    assert_eq!(status, 400, "{bad}");
    assert_eq!(bad["error"]["field"], "remit_confirmed");
    assert!(
        supervisor
            .get(&grants(&case))
            .await
            .1
            .as_array()
            .unwrap()
            .is_empty()
    );

    // A review looks back after her death: not while she is alive.
    let (status, refused) = supervisor
        .post(&grants(&case), json!({"body": panel, "reason": "Review"}))
        .await;
    assert_eq!(status, 409, "{refused}");
    assert_eq!(refused["error"]["field"], "case", "{refused}");
    record_her_death(&t, &supervisor, &case).await;

    let granted = grant(&supervisor, &case, &panel).await;
    let (status, list) = supervisor.get(&grants(&case)).await;
    assert_eq!(status, 200, "{list}");
    assert_eq!(
        list[0]["body_name"],
        "Lakeside Domestic Homicide Review Panel"
    );

    // A member agency's caseworker reads it; the owning agency and the
    // court (not members) do not.
    let (status, doc) = police.get(&chronology(&case)).await;
    assert_eq!(status, 200, "{doc}");
    assert_eq!(doc["review_grant_id"], granted.as_str());
    assert_eq!(kinds(&doc)[0], "case_opened");
    for outsider in [&court, &supervisor] {
        let (status, refused) = outsider.get(&chronology(&case)).await;
        assert_eq!(status, 403, "{refused}");
        assert_eq!(refused["error"]["code"], "no_basis");
    }

    // Pages: the chronology and its printable document for the member, a
    // refusal for the court; both readings are in the access log, which the
    // chronology itself shows.
    let page = police_browser.get(&chronology(&case)).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.contains("Multi-agency chronology"));
    assert!(page.contains("Lakeside Domestic Homicide Review Panel"));
    let print = police_browser
        .get(&format!("{}/print", chronology(&case)))
        .await;
    assert_eq!(print.status, 200, "{}", print.body);
    assert!(print.contains("class=\"chronology printable\""));
    assert!(print.contains("Confidential: prepared for a domestic homicide review"));
    assert_eq!(court_browser.get(&chronology(&case)).await.status, 403);
    let (_, doc) = police.get(&chronology(&case)).await;
    let log: Vec<(String, String)> = doc["contacts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["kind"] == "file_access")
        .map(|c| {
            (
                c["facts"]["action"].as_str().unwrap().to_string(),
                c["facts"]["outcome"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    for (action, outcome) in [
        ("review.granted", "success"),
        ("chronology.exported", "success"),
        ("chronology.viewed", "success"),
        ("access.denied", "denied"),
    ] {
        assert!(
            log.iter().any(|(a, o)| a == action && o == outcome),
            "{action} {outcome} in {log:?}"
        );
    }
    let exports = log
        .iter()
        .filter(|(a, _)| a == "chronology.exported")
        .count();
    // The JSON export before, the printable document, and this one.
    assert_eq!(exports, 3, "{log:?}");

    // The grant page: its form names each problem; revoking closes it.
    let review = format!("{case}/review");
    let page = supervisor_browser.get(&review).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.contains("Lakeside Domestic Homicide Review Panel"));
    let reply = supervisor_browser
        .post(&review, &[("body", panel.as_str()), ("reason", "")])
        .await;
    assert_eq!(reply.status, 422, "{}", reply.body);
    assert!(reply.contains("Why the review needs her chronology"));
    assert_eq!(caseworker.get(&review).await.status, 403);
    let reply = supervisor_browser
        .post(&format!("{review}/{granted}/revoke"), &[])
        .await;
    assert_eq!(reply.status, 303, "{}", reply.body);
    let (status, refused) = police.get(&chronology(&case)).await;
    assert_eq!(status, 403, "{refused}");
    assert_eq!(refused["error"]["code"], "share_revoked");
    let (status, again) = supervisor
        .post(&format!("{}/{granted}/revoke", grants(&case)), json!({}))
        .await;
    assert_eq!(status, 409, "{again}");
}

async fn the_chronology_holds_every_contact_and_nothing_of_another_survivor(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    let panel = district(&t).await;
    assert!(t.app.seed_demo_directory().await.unwrap());
    let police_id = agency_id(&t, POLICE).await;
    let shelter_id = agency_id(&t, "Safe Haven Women's Shelter").await;
    let (caseworker_api, mut caseworker) = api_for(&t, "shelter.caseworker").await;
    let (supervisor, _) = api_for(&t, "shelter.supervisor").await;
    let (police, mut police_browser) = api_for(&t, "police.officer").await;
    let (coordinator, _) = api_for(&t, "marac.coordinator").await;
    let (conference, _) = two_conferences(&coordinator, &[&police_id, &shelter_id]).await;

    // Two survivors of the same shelter, the same perpetrator and the same
    // conference; everything recorded for both.
    let mut cases = Vec::new();
    for (name, account) in [
        ("Review Test-Survivor", HER_ACCOUNT),
        (OTHER_NAME, OTHER_ACCOUNT),
    ] {
        let case = register(&mut caseworker, name).await;
        record_incident(&mut caseworker, &case, PERPETRATOR, account).await;
        let note = caseworker
            .post(&format!("{case}/notes"), &[("body", account)])
            .await;
        assert_eq!(note.status, 303, "{}", note.body);
        let (status, body) = assess(&mut caseworker, &case, 15, &[("survivor_view", "high")]).await;
        assert_eq!(status, 303, "{body}");
        consent_to(
            &mut caseworker,
            &case,
            &agency_id(&t, "Lakeside General Hospital One-Stop Centre").await,
            &["identity_and_contact", "incident"],
        )
        .await;
        refer_to_hospital(&mut caseworker, &case, "urgent").await;
        refer_on_judgement(&caseworker_api, &case, &conference).await;
        let until = (t.app.today() + chrono::Duration::days(60)).to_string();
        let (status, consent) = caseworker_api
            .post(
                &format!("{case}/consents"),
                json!({
                    "recipient_agency": police_id,
                    "purposes": ["police_report"],
                    "categories": ["identity_and_contact", "justice"],
                    "given_by": "survivor",
                    "valid_until": until,
                }),
            )
            .await;
        assert_eq!(status, 201, "{consent}");
        let (status, step) = police
            .post(
                &format!("{case}/justice?purpose=police_report"),
                json!({"kind": "reported_to_police", "occurred_on": t.app.today().to_string(), "detail": CRIME_REFERENCE}),
            )
            .await;
        assert_eq!(status, 201, "{step}");
        // A protection order with a breach: in the chronology, never its
        // conditions (free text).
        let today = t.app.today();
        let (status, order) = police
            .post(
                &format!("{case}/protection-orders?purpose=police_report"),
                json!({
                    "kind": "non_molestation_order",
                    "issued_by": "Lakeside Family Court",
                    "issued_on": today.to_string(),
                    "expires_on": (today + chrono::Duration::days(90)).to_string(),
                    "conditions": ORDER_CONDITIONS,
                }),
            )
            .await;
        assert_eq!(status, 201, "{order}");
        let (status, breach) = police
            .post(
                &format!(
                    "{case}/protection-orders/{}/breaches?purpose=police_report",
                    order["id"].as_str().unwrap()
                ),
                json!({"breached_on": today.to_string(), "action_taken": "arrested"}),
            )
            .await;
        assert_eq!(status, 201, "{breach}");
        cases.push(case);
    }
    let (case, other) = (&cases[0], &cases[1]);
    record_her_death(&t, &supervisor, case).await;
    grant(&supervisor, case, &panel).await;

    let (status, doc) = police.get(&chronology(case)).await;
    assert_eq!(status, 200, "{doc}");
    let kinds = kinds(&doc);
    for kind in [
        "case_opened",
        "incident",
        "note",
        "risk_assessment",
        "referral_step",
        "conference_referral",
        "justice_step",
        "protection_order",
        "order_breach",
        "file_access",
    ] {
        assert!(kinds.iter().any(|k| k == kind), "{kind} in {kinds:?}");
    }
    // In time order: by day, then (for timed contacts on a day) by instant.
    let contacts = doc["contacts"].as_array().unwrap();
    for pair in contacts.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        assert!(a["day"].as_str() <= b["day"].as_str(), "{a} before {b}");
        if a["day"] == b["day"] && !a["at"].is_null() && !b["at"].is_null() {
            assert!(a["at"].as_str() <= b["at"].as_str(), "{a} before {b}");
        }
        if a["day"] == b["day"] {
            assert!(
                !(a["at"].is_string() && b["at"].is_null()),
                "{a} before {b}"
            );
        }
    }
    // The facts are labels, each with the agency that had the contact.
    let incident = contacts.iter().find(|c| c["kind"] == "incident").unwrap();
    assert_eq!(incident["facts"]["type"], "rape", "{incident}");
    assert_eq!(incident["agency_name"], "Safe Haven Women's Shelter");
    let justice = contacts
        .iter()
        .find(|c| c["kind"] == "justice_step")
        .unwrap();
    assert_eq!(justice["facts"]["step"], "reported_to_police");
    assert_eq!(justice["agency_name"], POLICE);

    // Nothing of the other survivor, no free text, no identities.
    let page = police_browser.get(&chronology(case)).await.body;
    let other_id = case_id(other);
    for text in [doc.to_string(), page] {
        for absent in [
            OTHER_NAME,
            OTHER_ACCOUNT,
            other_id.as_str(),
            HER_ACCOUNT,
            PERPETRATOR,
            CRIME_REFERENCE,
            ORDER_CONDITIONS,
        ] {
            assert!(!text.contains(absent), "{absent} appears in the chronology");
        }
    }
    // The other survivor's chronology was never granted.
    let (status, _) = police.get(&chronology(other)).await;
    assert_eq!(status, 403);
}
