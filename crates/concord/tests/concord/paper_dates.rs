//! Paper records entered later keep the day they happened (issue 12 items
//! 6 and 8), through HTTP on both engines: a conference referral made on
//! paper counts from the day it was made for the repeat window (the edge of
//! the 12 months on both sides), both that day and the instant it was
//! recorded are returned and shown, a day in the future or more than a year
//! back is refused naming the field; her latest assessment — by the day it
//! was done, not the day it was entered — raised to high by professional
//! judgement is a referral criterion by itself, shown as met on the
//! referral form; and her case keeps the day she first contacted the agency
//! beside the instant it was opened.

use super::cases::register;
use super::conferences::{api_for, case_id, problem_field};
use super::risk::assess;
use concord_testkit::{Engine, TestApp, on_both_engines};
use serde_json::{Value, json};

on_both_engines!(
    a_paper_referral_counts_from_the_day_it_was_made,
    judgement_on_her_latest_assessment_is_a_criterion_by_itself,
    her_case_keeps_the_day_of_first_contact,
);

/// The message for `field` in an API error body.
fn problem_for(body: &Value, field: &str) -> String {
    body["error"]["problems"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|p| p["field"] == field)
        .and_then(|p| p["message"].as_str())
        .unwrap_or_default()
        .to_string()
}

async fn a_paper_referral_counts_from_the_day_it_was_made(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    let shelter = super::cases::agency_id(&t, "Safe Haven Women's Shelter").await;
    let (coordinator, mut coordinator_page) = api_for(&t, "marac.coordinator").await;
    let (caseworker_api, mut caseworker) = api_for(&t, "shelter.caseworker").await;
    let (status, conference) = coordinator
        .post(
            "/conferences",
            json!({"name": "Lakeside MARAC", "sharing_protocol": "ISP", "members": [shelter]}),
        )
        .await;
    assert_eq!(status, 201, "{conference}");
    assert_eq!(conference["rules"]["repeat_window_days"], 365);
    let conf = conference["id"].as_str().unwrap().to_string();
    let case = register(&mut caseworker, "Paper Referral Test").await;
    let path = format!("/cases/{}/conference-referrals", case_id(&case));
    let refer = |on: &str, reason: &str| json!({"conference_id": conf, "judgement_reason": reason, "referred_on": on});

    // Today is Monday 2 March 2026. The first referral was made on paper a
    // year ago, on the last day that may still be entered.
    let (status, too_old) = caseworker_api
        .post(&path, refer("2025-03-01", "Threats to kill."))
        .await;
    assert_eq!(status, 400, "{too_old}");
    assert_eq!(problem_field(&too_old), "referred_on");
    assert_eq!(
        problem_for(&too_old, "referred_on"),
        "must be within the last year"
    );
    let (status, first) = caseworker_api
        .post(&path, refer("2025-03-02", "Threats to kill."))
        .await;
    assert_eq!(status, 201, "{first}");
    assert_eq!(first["referred_on"], "2025-03-02", "the day it was made");
    assert_eq!(
        first["recorded_at"], "2026-03-02T09:00:00Z",
        "and when it was entered"
    );
    assert_eq!(first["criteria"], json!(["professional_judgement"]));
    assert_eq!(
        first["first_contact_due"], "2025-03-04",
        "2 working days from the day she was referred"
    );

    // Both days are shown to the conference's coordinators.
    let page = coordinator_page
        .get(&format!(
            "/conference-referrals/{}",
            first["id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert_eq!(
        page.element_text("referred-on").as_deref(),
        Some("2025-03-02")
    );
    assert!(
        page.element_text("recorded-at")
            .is_some_and(|at| at.starts_with("2026-03-02")),
        "{:?}",
        page.element_text("recorded-at")
    );

    // The form names the field, with every problem at once, and writes
    // nothing.
    let form = format!("{case}/conference-referral");
    let page = caseworker.get(&form).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.contains("id=\"field-referred_on\""));
    let page = caseworker
        .post(
            &form,
            &[
                ("conference_id", conf.as_str()),
                ("referred_on", "2026-03-10"),
                ("children_in_household", "many"),
            ],
        )
        .await;
    assert_eq!(page.status, 422, "{}", page.body);
    assert!(page.contains("cannot be in the future"), "{}", page.body);
    assert!(
        page.contains("href=\"#field-referred_on\""),
        "{}",
        page.body
    );
    assert!(page.contains("must be a whole number from 0 to 30"));
    let (_, listed) = caseworker_api.get(&path).await;
    assert_eq!(listed.as_array().unwrap().len(), 1);

    // A week later, the second referral — made on paper last Monday — is
    // entered. Last Monday is exactly 365 days after the first: a repeat.
    t.clock.advance(chrono::Duration::days(7)); // Monday 9 March 2026
    let (status, future) = caseworker_api.post(&path, refer("2026-03-10", "")).await;
    assert_eq!(status, 400, "{future}");
    assert_eq!(problem_field(&future), "referred_on");
    assert_eq!(
        problem_for(&future, "referred_on"),
        "cannot be in the future"
    );
    // Dated today it would be 372 days after the first: no criterion.
    let (status, today) = caseworker_api.post(&path, refer("", "")).await;
    assert_eq!(status, 400, "{today}");
    assert_eq!(problem_field(&today), "criteria");
    // Dated the day after the edge (366 days): no criterion either.
    let (status, after) = caseworker_api.post(&path, refer("2026-03-03", "")).await;
    assert_eq!(status, 400, "{after}");
    assert_eq!(problem_field(&after), "criteria");
    let (status, listed) = caseworker_api.get(&path).await;
    assert_eq!(status, 200);
    assert_eq!(
        listed.as_array().unwrap().len(),
        1,
        "nothing half-written: {listed}"
    );
    // On the edge (365 days): a repeat, and only that.
    let (status, repeat) = caseworker_api.post(&path, refer("2026-03-02", "")).await;
    assert_eq!(status, 201, "{repeat}");
    assert_eq!(repeat["criteria"], json!(["repeat"]));
    assert_eq!(repeat["repeat"], true);
    assert_eq!(repeat["referred_on"], "2026-03-02");
    assert_eq!(repeat["recorded_at"], "2026-03-09T09:00:00Z");
    assert_eq!(
        repeat["first_contact_due"], "2026-03-04",
        "due from the day she was referred, so already overdue"
    );

    // Both days are returned to the referring agency and to the
    // conference's coordinators.
    let (_, listed) = caseworker_api.get(&path).await;
    let days: Vec<(&str, &str)> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["referred_on"].as_str().unwrap(),
                r["recorded_at"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        days,
        [
            ("2026-03-02", "2026-03-09T09:00:00Z"),
            ("2025-03-02", "2026-03-02T09:00:00Z"),
        ]
    );
    let (status, overview) = coordinator.get(&format!("/conferences/{conf}")).await;
    assert_eq!(status, 200);
    let second = overview["referrals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == repeat["id"])
        .unwrap();
    assert_eq!(second["referred_on"], "2026-03-02");
    assert_eq!(second["first_contact_overdue"], true);
    let (_, listed) = caseworker_api.get(&path).await;
    assert_eq!(listed.as_array().unwrap().len(), 2);
}

async fn judgement_on_her_latest_assessment_is_a_criterion_by_itself(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    let shelter = super::cases::agency_id(&t, "Safe Haven Women's Shelter").await;
    let (coordinator, _) = api_for(&t, "marac.coordinator").await;
    let (caseworker_api, mut caseworker) = api_for(&t, "shelter.caseworker").await;
    let (status, conference) = coordinator
        .post(
            "/conferences",
            json!({"name": "Lakeside MARAC", "sharing_protocol": "ISP", "members": [shelter]}),
        )
        .await;
    assert_eq!(status, 201, "{conference}");
    let conf = conference["id"].as_str().unwrap().to_string();
    let refer = json!({"conference_id": conf, "judgement_reason": ""});
    let judged = [
        ("survivor_view", "high"),
        ("judged_level", "high"),
        ("judgement_reason", "He has bought a gun."),
    ];

    // A: five "yes" (standard by score) raised to high by judgement, and
    // nothing typed on the referral: professional judgement, shown as met
    // on the form before anything is typed.
    let a = register(&mut caseworker, "Judgement Test-One").await;
    assert_eq!(assess(&mut caseworker, &a, 5, &judged).await.0, 303);
    let form = caseworker.get(&format!("{a}/conference-referral")).await;
    assert_eq!(form.status, 200, "{}", form.body);
    assert!(
        form.contains("Professional judgement</strong>: met"),
        "{}",
        form.body
    );
    let (status, referral) = caseworker_api
        .post(
            &format!("/cases/{}/conference-referrals", case_id(&a)),
            refer.clone(),
        )
        .await;
    assert_eq!(status, 201, "{referral}");
    assert_eq!(referral["criteria"], json!(["professional_judgement"]));

    // B: the judged assessment is the latest by the day it was done, though
    // a plain one done last month on paper was entered after it.
    let b = register(&mut caseworker, "Judgement Test-Two").await;
    assert_eq!(assess(&mut caseworker, &b, 5, &judged).await.0, 303);
    assert_eq!(
        assess(
            &mut caseworker,
            &b,
            3,
            &[("survivor_view", "medium"), ("assessed_on", "2026-02-02")]
        )
        .await
        .0,
        303
    );
    // Both days of each assessment are returned, in the order they were
    // done.
    let (status, risk) = caseworker_api
        .get(&format!("/cases/{}/risk", case_id(&b)))
        .await;
    assert_eq!(status, 200, "{risk}");
    let days: Vec<(&str, &str, &str)> = risk["assessments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["assessed_on"].as_str().unwrap(),
                a["recorded_at"].as_str().unwrap(),
                a["final_level"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        days,
        [
            ("2026-02-02", "2026-03-02T09:00:00Z", "standard"),
            ("2026-03-02", "2026-03-02T09:00:00Z", "high"),
        ]
    );
    let (status, referral) = caseworker_api
        .post(
            &format!("/cases/{}/conference-referrals", case_id(&b)),
            refer.clone(),
        )
        .await;
    assert_eq!(status, 201, "{referral}");
    assert_eq!(referral["criteria"], json!(["professional_judgement"]));

    // C: judgement on an older assessment does not carry over to a newer
    // one that was not raised: no criterion, and the form says so.
    let c = register(&mut caseworker, "Judgement Test-Three").await;
    let mut old = judged.to_vec();
    old.push(("assessed_on", "2026-02-02"));
    assert_eq!(assess(&mut caseworker, &c, 5, &old).await.0, 303);
    assert_eq!(
        assess(&mut caseworker, &c, 3, &[("survivor_view", "medium")])
            .await
            .0,
        303
    );
    let form = caseworker.get(&format!("{c}/conference-referral")).await;
    assert!(
        form.contains("It meets no criterion by itself."),
        "{}",
        form.body
    );
    let (status, refused) = caseworker_api
        .post(
            &format!("/cases/{}/conference-referrals", case_id(&c)),
            refer.clone(),
        )
        .await;
    assert_eq!(status, 400, "{refused}");
    assert_eq!(problem_field(&refused), "criteria");

    // D: raised by judgement, but only to medium: not the criterion.
    let d = register(&mut caseworker, "Judgement Test-Four").await;
    let medium = [
        ("survivor_view", "medium"),
        ("judged_level", "medium"),
        ("judgement_reason", "She is more frightened."),
    ];
    assert_eq!(assess(&mut caseworker, &d, 3, &medium).await.0, 303);
    let (status, refused) = caseworker_api
        .post(
            &format!("/cases/{}/conference-referrals", case_id(&d)),
            refer,
        )
        .await;
    assert_eq!(status, 400, "{refused}");
    assert_eq!(problem_field(&refused), "criteria");
}

async fn her_case_keeps_the_day_of_first_contact(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    let (api, mut browser) = api_for(&t, "shelter.caseworker").await;
    let survivor = |on: &str| {
        json!({
            "sex_gender": "female",
            "displacement": "resident",
            "contact_method": "in_person",
            "first_contact_on": on,
        })
    };
    // Today is 2 March 2026.
    for (on, problem) in [
        ("2026-03-03", "cannot be in the future"),
        ("2025-03-01", "must be within the last year"),
        ("last week", "must be a date (YYYY-MM-DD)"),
    ] {
        let (status, body) = api.post("/survivors", survivor(on)).await;
        assert_eq!(status, 400, "{on}: {body}");
        assert_eq!(problem_for(&body, "first_contact_on"), problem, "{on}");
    }
    // Every problem at once: her details and the day.
    let (status, body) = api
        .post(
            "/survivors",
            json!({"displacement": "resident", "contact_method": "in_person", "first_contact_on": "2026-03-03"}),
        )
        .await;
    assert_eq!(status, 400, "{body}");
    assert!(!problem_for(&body, "sex_gender").is_empty(), "{body}");
    assert!(!problem_for(&body, "first_contact_on").is_empty(), "{body}");

    // She first came in last week; the file is opened from paper today.
    let (status, registered) = api.post("/survivors", survivor("2026-02-23")).await;
    assert_eq!(status, 201, "{registered}");
    assert_eq!(registered["first_contact_on"], "2026-02-23");
    assert_eq!(registered["opened_at"], "2026-03-02T09:00:00Z");
    let case = registered["case_id"].as_str().unwrap().to_string();
    let (status, file) = api.get(&format!("/cases/{case}")).await;
    assert_eq!(status, 200, "{file}");
    assert_eq!(file["first_contact_on"], "2026-02-23");
    assert_eq!(file["opened_at"], "2026-03-02T09:00:00Z");
    let page = browser.get(&format!("/cases/{case}")).await;
    assert_eq!(
        page.element_text("first-contact-on").as_deref(),
        Some("2026-02-23")
    );
    assert!(
        page.element_text("opened-at")
            .is_some_and(|at| at.starts_with("2026-03-02")),
        "{}",
        page.body
    );
    // Without a day, her first contact is today; a year back is the bound.
    for (on, expected) in [("", "2026-03-02"), ("2025-03-02", "2025-03-02")] {
        let (status, registered) = api.post("/survivors", survivor(on)).await;
        assert_eq!(status, 201, "{registered}");
        assert_eq!(registered["first_contact_on"], expected);
    }

    // The registration form asks for it and names it when wrong.
    let form = browser.get("/cases/new").await;
    assert!(form.contains("id=\"field-first_contact_on\""));
    let reply = browser
        .post(
            "/cases/new",
            &[
                ("sex_gender", "female"),
                ("displacement", "resident"),
                ("contact_method", "in_person"),
                ("first_contact_on", "2026-03-03"),
            ],
        )
        .await;
    assert_eq!(reply.status, 422, "{}", reply.body);
    assert!(
        reply.contains("href=\"#field-first_contact_on\""),
        "{}",
        reply.body
    );
    assert!(reply.contains("cannot be in the future"));
}
