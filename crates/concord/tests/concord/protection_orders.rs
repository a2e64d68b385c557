//! Protection orders and breaches through HTTP (issue 16 §2): police and
//! courts record them on a case they may contribute `justice` to (a health
//! caseworker cannot, even on her own agency's case); others read them only
//! with the `justice` category; a breach outside the order's life is 400
//! naming `breached_on`; the conditions are never stored in clear; the home
//! page reminds from 14 days before an order's last day; a breach flags the
//! risk page and counts toward a conference's potential escalation unless
//! the conference's rule says not, and the referral says how many it
//! counted.

use super::cases::{record_incident, register};
use super::conferences::{Api, api_for, case_id};
use chrono::Duration;
use concord_testkit::{Browser, Engine, TestApp, on_both_engines};
use serde_json::{Value, json};

on_both_engines!(
    orders_and_breaches_are_recorded_by_the_police_and_read_with_the_justice_category,
    a_health_caseworker_cannot_record_an_order,
    the_home_page_reminds_from_fourteen_days_before_an_order_expires,
    a_breach_flags_the_risk_page_and_counts_toward_escalation_as_the_conference_says,
    the_orders_page_records_an_order_and_a_breach,
    the_demo_breach_brings_a_case_to_the_demo_conference,
);

const POLICE: &str = "Lakeside Police Domestic Abuse Unit";
const HOSPITAL: &str = "Lakeside General Hospital One-Stop Centre";
const CONDITIONS: &str = "Not to enter Acacia Street or contact her by any means";

/// `today + days`, as a form would send it.
fn day(t: &TestApp, days: i64) -> String {
    (t.app.today() + Duration::days(days)).to_string()
}

fn order(t: &TestApp, issued: i64, expires: i64) -> Value {
    json!({
        "kind": "non_molestation_order",
        "issued_by": "Lakeside Family Court",
        "issued_on": day(t, issued),
        "expires_on": day(t, expires),
        "conditions": CONDITIONS,
    })
}

fn breach(t: &TestApp, on: i64) -> Value {
    json!({ "breached_on": day(t, on), "action_taken": "arrested" })
}

/// A shelter case she consented to share with the police (justice) and the
/// hospital (no justice); returns its path.
async fn shared_case(t: &TestApp, shelter: &Api, browser: &mut Browser, name: &str) -> String {
    let case = register(browser, name).await;
    let until = day(t, 60);
    for (agency, purpose, categories) in [
        (
            POLICE,
            "police_report",
            json!(["identity_and_contact", "justice"]),
        ),
        (
            HOSPITAL,
            "referral_for_services",
            json!(["identity_and_contact", "incident"]),
        ),
    ] {
        let (status, consent) = shelter
            .post(
                &format!("{case}/consents"),
                json!({
                    "recipient_agency": super::cases::agency_id(t, agency).await,
                    "purposes": [purpose],
                    "categories": categories,
                    "given_by": "survivor",
                    "valid_until": until,
                }),
            )
            .await;
        assert_eq!(status, 201, "{consent}");
    }
    case
}

fn fields(body: &Value) -> Vec<String> {
    body["error"]["problems"]
        .as_array()
        .map(|p| {
            p.iter()
                .map(|p| p["field"].as_str().unwrap_or_default().to_string())
                .collect()
        })
        .unwrap_or_default()
}

async fn orders_and_breaches_are_recorded_by_the_police_and_read_with_the_justice_category(
    engine: Engine,
) {
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    let (shelter, mut shelter_browser) = api_for(&t, "shelter.caseworker").await;
    let case = shared_case(&t, &shelter, &mut shelter_browser, "Order Test-One").await;
    let orders = format!("{case}/protection-orders?purpose=police_report");
    let (police, _) = api_for(&t, "police.officer").await;

    // Bad dates are named, nothing written.
    let mut bad = order(&t, -10, -10);
    bad["served_on"] = json!(day(&t, -11));
    let (status, refused) = police.post(&orders, bad).await;
    assert_eq!(status, 400, "{refused}");
    assert_eq!(fields(&refused), ["served_on", "expires_on"], "{refused}");
    let mut unknown = order(&t, -10, 100);
    unknown["kind"] = json!("injunction");
    let (status, refused) = police.post(&orders, unknown).await;
    assert_eq!(status, 400, "{refused}");
    assert_eq!(fields(&refused), ["kind"]);

    let (status, made) = police.post(&orders, order(&t, -10, 170)).await;
    assert_eq!(status, 201, "{made}");
    assert_eq!(made["conditions"], CONDITIONS);
    assert_eq!(made["kind_name"], "Non-molestation or restraining order");
    assert_eq!(made["recording_agency_name"], POLICE);
    let order_id = made["id"].as_str().unwrap();
    let breaches = format!("{case}/protection-orders/{order_id}/breaches?purpose=police_report");

    // A breach the day before the order was issued: 400 naming the field.
    let (status, early) = police.post(&breaches, breach(&t, -11)).await;
    assert_eq!(status, 400, "{early}");
    assert_eq!(fields(&early), ["breached_on"]);
    assert_eq!(
        early["error"]["problems"][0]["message"],
        "cannot be before the order was issued"
    );
    let (status, future) = police.post(&breaches, breach(&t, 1)).await;
    assert_eq!(status, 400, "{future}");
    assert_eq!(fields(&future), ["breached_on"]);
    // On the day it was issued: recorded.
    let (status, first) = police.post(&breaches, breach(&t, -10)).await;
    assert_eq!(status, 201, "{first}");
    assert_eq!(first["action_taken"], "arrested");
    // An order that is not this case's: 404.
    let other = shared_case(&t, &shelter, &mut shelter_browser, "Order Test-Two").await;
    let (status, _) = police
        .post(
            &format!("{other}/protection-orders/{order_id}/breaches?purpose=police_report"),
            breach(&t, -1),
        )
        .await;
    assert_eq!(status, 404);

    // An expired order: a breach after its last day is named too.
    let (status, old) = police.post(&orders, order(&t, -100, -20)).await;
    assert_eq!(status, 201, "{old}");
    let old_breaches = format!(
        "{case}/protection-orders/{}/breaches?purpose=police_report",
        old["id"].as_str().unwrap()
    );
    let (status, late) = police.post(&old_breaches, breach(&t, -19)).await;
    assert_eq!(status, 400, "{late}");
    assert_eq!(
        late["error"]["problems"][0]["message"],
        "cannot be after the order expired"
    );
    assert_eq!(police.post(&old_breaches, breach(&t, -20)).await.0, 201);

    // The owning agency reads them with the chain, oldest first.
    let (status, read) = shelter.get(&format!("{case}/justice")).await;
    assert_eq!(status, 200, "{read}");
    let listed = read["protection_orders"].as_array().unwrap();
    assert_eq!(listed.len(), 2);
    assert_eq!(listed[0]["id"], old["id"]);
    assert_eq!(listed[0]["in_force"], false);
    assert_eq!(listed[1]["breaches"][0]["breached_on"], day(&t, -10));
    assert_eq!(listed[1]["conditions"], CONDITIONS);
    assert_eq!(read["may_record_orders"], false, "a women's organisation");
    let (status, refused) = shelter
        .post(&format!("{case}/protection-orders"), order(&t, -1, 30))
        .await;
    assert_eq!(status, 403, "{refused}");
    assert_eq!(refused["error"]["code"], "sector_does_not_record");

    // Justice data only with the category.
    let (hospital, _) = api_for(&t, "hospital.nurse").await;
    let (status, refused) = hospital
        .get(&format!("{case}/justice?purpose=referral_for_services"))
        .await;
    assert_eq!(status, 403, "{refused}");
    assert_eq!(refused["error"]["code"], "category_not_covered");
    assert!(!refused.to_string().contains(CONDITIONS));
    let (status, refused) = hospital
        .post(
            &format!("{case}/protection-orders?purpose=referral_for_services"),
            order(&t, -1, 30),
        )
        .await;
    assert_eq!(status, 403, "{refused}");

    // Conditions encrypted; both audited.
    assert!(!t.database_contains(CONDITIONS).await);
    assert!(t.database_contains("protection_order.recorded").await);
    assert!(t.database_contains("order_breach.recorded").await);
    let (status, kinds) = police.get("/justice/order-kinds").await;
    assert_eq!(status, 200);
    assert_eq!(kinds.as_array().unwrap().len(), 5);
}

async fn a_health_caseworker_cannot_record_an_order(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    // Her own agency's case: the access decision allows, the sector does not.
    let (nurse, mut nurse_browser) = api_for(&t, "hospital.nurse").await;
    let case = register(&mut nurse_browser, "Clinic Order-Survivor").await;
    let (status, refused) = nurse
        .post(&format!("{case}/protection-orders"), order(&t, -3, 30))
        .await;
    assert_eq!(status, 403, "{refused}");
    assert_eq!(refused["error"]["code"], "sector_does_not_record");
    let (status, read) = nurse.get(&format!("{case}/justice")).await;
    assert_eq!(status, 200, "{read}");
    assert_eq!(read["protection_orders"], json!([]), "nothing written");
    let page = nurse_browser
        .get(&format!("{case}/protection-orders"))
        .await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.contains("No protection order recorded."));
    assert!(!page.contains("Record the order"));
    // The police cannot record on a case nobody shared with them.
    let (police, _) = api_for(&t, "police.officer").await;
    let (status, refused) = police
        .post(
            &format!("{case}/protection-orders?purpose=police_report"),
            order(&t, -3, 30),
        )
        .await;
    assert_eq!(status, 403, "{refused}");
    assert_eq!(refused["error"]["code"], "no_basis");
}

/// The reminder lines of a home page.
async fn reminders(browser: &mut Browser) -> String {
    let home = browser.get("/").await;
    assert_eq!(home.status, 200, "{}", home.body);
    match home.body.find("id=\"order-reminders\"") {
        Some(start) => {
            let end = start + home.body[start..].find("</ul>").unwrap();
            home.body[start..end].to_string()
        }
        None => String::new(),
    }
}

async fn the_home_page_reminds_from_fourteen_days_before_an_order_expires(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    let (shelter, mut shelter_browser) = api_for(&t, "shelter.caseworker").await;
    let case = shared_case(&t, &shelter, &mut shelter_browser, "Reminder Test-One").await;
    let orders = format!("{case}/protection-orders?purpose=police_report");
    let (police, mut officer) = api_for(&t, "police.officer").await;
    // Last days: yesterday, today, in 14 days, in 15 days.
    for expires in [-1, 0, 14, 15] {
        let (status, made) = police.post(&orders, order(&t, -30, expires)).await;
        assert_eq!(status, 201, "{made}");
    }
    for (who, lines) in [
        (
            "the police who recorded them",
            reminders(&mut officer).await,
        ),
        ("the owning agency", reminders(&mut shelter_browser).await),
    ] {
        assert!(!lines.contains(&day(&t, -1)), "{who}: expired: {lines}");
        assert!(lines.contains(&day(&t, 0)), "{who}: its last day: {lines}");
        assert!(
            lines.contains(&day(&t, 14)),
            "{who}: 14 days before: {lines}"
        );
        assert!(
            !lines.contains(&day(&t, 15)),
            "{who}: 15 days before: {lines}"
        );
        assert!(
            lines.contains(&format!("{case}/protection-orders")),
            "{lines}"
        );
    }
    // The hospital has no justice category: no reminder.
    let (_, mut nurse) = api_for(&t, "hospital.nurse").await;
    assert_eq!(reminders(&mut nurse).await, "");
}

async fn a_breach_flags_the_risk_page_and_counts_toward_escalation_as_the_conference_says(
    engine: Engine,
) {
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    let (coordinator, mut coordinator_browser) = api_for(&t, "marac.coordinator").await;
    let (shelter, mut caseworker) = api_for(&t, "shelter.caseworker").await;
    let (police, _) = api_for(&t, "police.officer").await;
    let members = json!([
        super::cases::agency_id(&t, POLICE).await,
        super::cases::agency_id(&t, "Safe Haven Women's Shelter").await,
    ]);
    let mut conferences = Vec::new();
    for (name, rules) in [
        ("Breach MARAC", json!({})),
        ("No-breach MARAC", json!({"breaches_count": false})),
    ] {
        let (status, conference) = coordinator
            .post(
                "/conferences",
                json!({"name": name, "sharing_protocol": "ISP", "members": members, "rules": rules}),
            )
            .await;
        assert_eq!(status, 201, "{conference}");
        conferences.push(conference);
    }
    assert_eq!(
        conferences[0]["rules"]["breaches_count"], true,
        "default yes"
    );
    assert_eq!(conferences[1]["rules"]["breaches_count"], false);
    let refer = |conference: &Value| json!({"conference_id": conference["id"], "judgement_reason": "", "children_in_household": "0", "survivor_told": "yes"});

    let case = shared_case(&t, &shelter, &mut caseworker, "Breach Test-One").await;
    // Two incidents: one short of the default three.
    for _ in 0..2 {
        record_incident(
            &mut caseworker,
            &case,
            "Rafael Breacher",
            "He came to the house.",
        )
        .await;
    }
    let referrals = format!("/cases/{}/conference-referrals", case_id(&case));
    let (status, order_made) = police
        .post(
            &format!("{case}/protection-orders?purpose=police_report"),
            order(&t, -400, 100),
        )
        .await;
    assert_eq!(status, 201, "{order_made}");
    let breaches = format!(
        "{case}/protection-orders/{}/breaches?purpose=police_report",
        order_made["id"].as_str().unwrap()
    );
    // No breach yet: no flag on the risk page.
    let risk = caseworker.get(&format!("{case}/risk")).await;
    assert_eq!(risk.status, 200, "{}", risk.body);
    assert!(!risk.contains("id=\"breach-flag\""));
    // A breach 366 days back is outside the window.
    assert_eq!(police.post(&breaches, breach(&t, -366)).await.0, 201);
    let (status, refused) = shelter.post(&referrals, refer(&conferences[0])).await;
    assert_eq!(status, 400, "366 days back does not count: {refused}");
    let risk = caseworker.get(&format!("{case}/risk")).await;
    assert!(risk.contains("id=\"breach-flag\""), "{}", risk.body);
    assert!(risk.contains(&day(&t, -366)));
    // 365 days back counts: three events, potential escalation.
    assert_eq!(police.post(&breaches, breach(&t, -365)).await.0, 201);
    let (status, refused) = shelter.post(&referrals, refer(&conferences[1])).await;
    assert_eq!(
        status, 400,
        "this conference does not count breaches: {refused}"
    );
    let (status, referral) = shelter.post(&referrals, refer(&conferences[0])).await;
    assert_eq!(status, 201, "{referral}");
    assert_eq!(referral["criteria"], json!(["potential_escalation"]));
    assert_eq!(referral["incidents_in_window"], 2);
    assert_eq!(referral["breaches_in_window"], 1);
    // Listed for the coordinators with the breaches it counted.
    let page = coordinator_browser
        .get(&format!(
            "/conferences/{}",
            conferences[0]["id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(
        page.contains("including 1 breach(es) of a protection order"),
        "{}",
        page.body
    );
    let risk = caseworker.get(&format!("{case}/risk")).await;
    assert!(
        risk.contains("2 breach(es) of her protection orders recorded"),
        "{}",
        risk.body
    );
    assert!(risk.contains(&day(&t, -365)));
}

async fn the_orders_page_records_an_order_and_a_breach(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    let (shelter, mut shelter_browser) = api_for(&t, "shelter.caseworker").await;
    let case = shared_case(&t, &shelter, &mut shelter_browser, "Page Order-Test").await;
    let path = format!("{case}/protection-orders?purpose=police_report");
    let (_, mut officer) = api_for(&t, "police.officer").await;
    let form = officer.get(&path).await;
    assert_eq!(form.status, 200, "{}", form.body);
    assert!(form.contains("Record the order"));
    let issued = day(&t, -5);
    let expires = day(&t, 90);
    let missing = officer
        .post(
            &path,
            &[("kind", "protection_order"), ("issued_on", issued.as_str())],
        )
        .await;
    assert_eq!(missing.status, 422, "{}", missing.body);
    assert!(missing.contains("Issued by (court or authority)"));
    let done = officer
        .post(
            &path,
            &[
                ("kind", "protection_order"),
                ("issued_by", "Lakeside Family Court"),
                ("issued_on", issued.as_str()),
                ("expires_on", expires.as_str()),
                ("conditions", CONDITIONS),
            ],
        )
        .await;
    assert_eq!(done.status, 303, "{}", done.body);
    let page = officer.get(&path).await;
    let marker = "/breaches?purpose=police_report";
    let at = page.body.find(marker).expect("a breach form");
    let start = page.body[..at].rfind("/cases/").unwrap();
    let breach_path = page.body[start..at + marker.len()].to_string();
    let before = day(&t, -6);
    let early = officer
        .post(
            &breach_path,
            &[
                ("breached_on", before.as_str()),
                ("action_taken", "warning_given"),
            ],
        )
        .await;
    assert_eq!(early.status, 422, "{}", early.body);
    assert!(early.contains("cannot be before the order was issued"));
    let on = day(&t, -2);
    let recorded = officer
        .post(
            &breach_path,
            &[
                ("breached_on", on.as_str()),
                ("action_taken", "warning_given"),
            ],
        )
        .await;
    assert_eq!(recorded.status, 303, "{}", recorded.body);
    let read = shelter_browser
        .get(&format!("{case}/protection-orders"))
        .await;
    assert_eq!(read.status, 200, "{}", read.body);
    assert!(read.contains("Warning given"));
    assert!(read.contains(&on));
    assert!(read.contains(CONDITIONS));
    assert!(
        !read.contains("Record the order"),
        "the shelter records none"
    );
}

async fn the_demo_breach_brings_a_case_to_the_demo_conference(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    assert!(
        !t.app.seed_demo_protection().await.unwrap(),
        "nothing without the demo conference"
    );
    let (coordinator, _) = api_for(&t, "marac.coordinator").await;
    let members = json!([
        super::cases::agency_id(&t, POLICE).await,
        super::cases::agency_id(&t, "Safe Haven Women's Shelter").await,
    ]);
    let (status, conference) = coordinator
        .post(
            "/conferences",
            json!({"name": "Lakeside MARAC", "sharing_protocol": "ISP", "members": members}),
        )
        .await;
    assert_eq!(status, 201, "{conference}");
    assert!(t.app.seed_demo_protection().await.unwrap());
    assert!(!t.app.seed_demo_protection().await.unwrap(), "seeded once");
    let (status, overview) = coordinator
        .get(&format!(
            "/conferences/{}",
            conference["id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(status, 200, "{overview}");
    let referrals = overview["referrals"].as_array().unwrap();
    assert_eq!(referrals.len(), 1, "{overview}");
    assert_eq!(referrals[0]["criteria"], json!(["potential_escalation"]));
    assert_eq!(referrals[0]["incidents_in_window"], 2);
    assert_eq!(referrals[0]["breaches_in_window"], 1);
    assert_eq!(referrals[0]["status"], "accepted");
}
