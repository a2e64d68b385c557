//! Risk conferences (MARAC) through HTTP: a coordinator sets one up; the
//! owning agency's caseworker refers cases on the four criteria (visible
//! high risk from the latest assessment, professional judgement with a
//! reason, potential escalation counted from recorded incidents, repeat
//! found by itself through the shared perpetrator blind index); the
//! coordinator screens (a repeat cannot be screened out), schedules regular
//! and emergency meetings, lists cases and reads the agenda; the
//! coordinating agency reads a referred case only through the lawful share
//! recorded with the referral.

use super::cases::{agency_id, record_incident, register};
use super::risk::assess;
use super::support::{api_token, signed_in};
use concord_testkit::{Engine, TestApp, on_both_engines};
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};

on_both_engines!(
    cases_are_referred_screened_and_listed_on_the_four_criteria,
    conference_pages_work_without_javascript,
    advocates_first_contact_and_transfer,
    referral_page_casework_through_forms,
    dataset_page_shows_the_quarter_and_names_a_bad_one,
    conference_is_changed_through_its_form,
    dataset_csv_gives_no_hidden_count_away,
);

pub(super) struct Api {
    base: concord_testkit::Browser,
    token: String,
    client: reqwest::Client,
}

impl Api {
    pub(super) async fn get(&self, path: &str) -> (u16, Value) {
        let r = self
            .client
            .get(self.base.url(&format!("/api/v1{path}")))
            .bearer_auth(&self.token)
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    pub(super) async fn put(&self, path: &str, body: Value) -> (u16, Value) {
        let r = self
            .client
            .put(self.base.url(&format!("/api/v1{path}")))
            .bearer_auth(&self.token)
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    pub(super) async fn post(&self, path: &str, body: Value) -> (u16, Value) {
        let r = self
            .client
            .post(self.base.url(&format!("/api/v1{path}")))
            .bearer_auth(&self.token)
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(Value::Null))
    }
}

pub(super) async fn api_for(t: &TestApp, user: &str) -> (Api, concord_testkit::Browser) {
    let (api, browser, _) = api_with_secret(t, user).await;
    (api, browser)
}

/// As `api_for`, with the second factor's secret to sign in again once the
/// clock has moved past the session's expiry.
async fn api_with_secret(
    t: &TestApp,
    user: &str,
) -> (Api, concord_testkit::Browser, Option<Vec<u8>>) {
    let (mut browser, secret) = signed_in(t, user).await;
    let token = api_token(&mut browser, "read_write", "30").await;
    (
        Api {
            base: t.browser(),
            token,
            client: reqwest::Client::new(),
        },
        browser,
        secret,
    )
}

/// A new session for someone signed in before (sessions expire when the
/// test clock moves days ahead).
async fn signed_in_again(
    t: &TestApp,
    user: &str,
    secret: &Option<Vec<u8>>,
) -> concord_testkit::Browser {
    let mut browser = t.browser();
    let (home, _) = browser
        .sign_in_fully(user, concord_app::demo::DEMO_PASSWORD, secret.as_deref())
        .await;
    assert!(
        home.contains("Needs my attention"),
        "{user}: {} {}",
        home.status,
        home.body
    );
    browser
}

pub(super) fn case_id(path: &str) -> String {
    path.trim_start_matches("/cases/").to_string()
}

pub(super) fn problem_field(body: &Value) -> String {
    body["error"]["field"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

async fn cases_are_referred_screened_and_listed_on_the_four_criteria(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    let police = agency_id(&t, "Lakeside Police Domestic Abuse Unit").await;
    let shelter = agency_id(&t, "Safe Haven Women's Shelter").await;
    let hospital = agency_id(&t, "Lakeside General Hospital One-Stop Centre").await;
    let (coordinator, _) = api_for(&t, "marac.coordinator").await;
    let (caseworker_api, mut caseworker) = api_for(&t, "shelter.caseworker").await;
    let (police_api, mut officer) = api_for(&t, "police.officer").await;

    // A caseworker cannot set up a conference; the coordinator can.
    let body = json!({
        "name": "Lakeside MARAC",
        "sharing_protocol": "Lakeside ISP 2026",
        "members": [police, shelter, hospital],
    });
    assert_eq!(
        caseworker_api.post("/conferences", body.clone()).await.0,
        403
    );
    let (status, bad) = coordinator
        .post("/conferences", json!({"name": "", "sharing_protocol": ""}))
        .await;
    assert_eq!(status, 400, "{bad}");
    let (status, conference) = coordinator.post("/conferences", body).await;
    assert_eq!(status, 201, "{conference}");
    assert_eq!(conference["rules"]["escalation_incidents"], 3);
    assert_eq!(conference["rules"]["first_contact_working_days"], 2);
    let conf = conference["id"].as_str().unwrap().to_string();
    let (status, list) = caseworker_api.get("/conferences").await;
    assert_eq!(status, 200);
    assert_eq!(
        list.as_array().unwrap().len(),
        1,
        "caseworkers see where to refer"
    );
    assert_eq!(
        caseworker_api.get(&format!("/conferences/{conf}")).await.0,
        403,
        "only the coordinators read a conference's referrals"
    );

    // A: 13 "yes" and nothing else meets no criterion; with a reason it is
    // professional judgement.
    let a = register(&mut caseworker, "Conference Test-One").await;
    assert_eq!(
        assess(&mut caseworker, &a, 13, &[("survivor_view", "high")])
            .await
            .0,
        303
    );
    let refer = |reason: &str| json!({"conference_id": conf, "judgement_reason": reason, "children_in_household": "2", "survivor_told": "yes"});
    let (status, refused) = caseworker_api
        .post(
            &format!("/cases/{}/conference-referrals", case_id(&a)),
            refer(""),
        )
        .await;
    assert_eq!(status, 400, "{refused}");
    assert_eq!(problem_field(&refused), "criteria");
    let (status, ref_a) = caseworker_api
        .post(
            &format!("/cases/{}/conference-referrals", case_id(&a)),
            refer("She says he has bought a gun."),
        )
        .await;
    assert_eq!(status, 201, "{ref_a}");
    assert_eq!(ref_a["criteria"], json!(["professional_judgement"]));
    assert_eq!(ref_a["status"], "awaiting_screening");
    assert_eq!(ref_a["first_contact_due"], "2026-03-04", "2 working days");
    // Another agency cannot refer her case.
    assert_eq!(
        police_api
            .post(
                &format!("/cases/{}/conference-referrals", case_id(&a)),
                refer("x")
            )
            .await
            .0,
        403
    );

    // B: 14 "yes" is visible high risk.
    let b = register(&mut caseworker, "Conference Test-Two").await;
    assert_eq!(
        assess(&mut caseworker, &b, 14, &[("survivor_view", "high")])
            .await
            .0,
        303
    );
    let (status, ref_b) = caseworker_api
        .post(
            &format!("/cases/{}/conference-referrals", case_id(&b)),
            refer(""),
        )
        .await;
    assert_eq!(status, 201, "{ref_b}");
    assert_eq!(ref_b["criteria"], json!(["visible_high_risk"]));

    // C: three incidents within 12 months is potential escalation.
    let c = register(&mut caseworker, "Conference Test-Three").await;
    for _ in 0..2 {
        record_incident(
            &mut caseworker,
            &c,
            "Rafael Invented",
            "He came to the house.",
        )
        .await;
    }
    let (status, too_few) = caseworker_api
        .post(
            &format!("/cases/{}/conference-referrals", case_id(&c)),
            refer(""),
        )
        .await;
    assert_eq!(status, 400, "two incidents are not enough: {too_few}");
    record_incident(&mut caseworker, &c, "Rafael Invented", "He came again.").await;
    let (status, ref_c) = caseworker_api
        .post(
            &format!("/cases/{}/conference-referrals", case_id(&c)),
            refer(""),
        )
        .await;
    assert_eq!(status, 201, "{ref_c}");
    assert_eq!(ref_c["criteria"], json!(["potential_escalation"]));
    assert_eq!(ref_c["incidents_in_window"], 3);
    assert_eq!(ref_c["repeat"], false);

    // D: another agency's case with the same perpetrator is a repeat, found
    // through the shared blind index, on no other criterion.
    let d = register(&mut officer, "Conference Test-Four").await;
    record_incident(&mut officer, &d, "  rafael INVENTED ", "Threats by phone.").await;
    let (status, ref_d) = police_api
        .post(
            &format!("/cases/{}/conference-referrals", case_id(&d)),
            refer(""),
        )
        .await;
    assert_eq!(status, 201, "{ref_d}");
    assert_eq!(ref_d["criteria"], json!(["repeat"]));
    assert_eq!(ref_d["repeat"], true);

    // Screening.
    let (status, overview) = coordinator.get(&format!("/conferences/{conf}")).await;
    assert_eq!(status, 200, "{overview}");
    let referrals = overview["referrals"].as_array().unwrap();
    assert_eq!(referrals.len(), 4);
    assert!(
        referrals
            .iter()
            .all(|r| r["status"] == "awaiting_screening")
    );
    assert!(
        !overview.to_string().contains("Conference Test"),
        "survivors appear by reference only"
    );
    let screen = |id: &Value| format!("/conference-referrals/{}/screening", id.as_str().unwrap());
    let (status, repeat) = coordinator
        .post(
            &screen(&ref_d["id"]),
            json!({"decision": "reject", "reason": "Not high risk."}),
        )
        .await;
    assert_eq!(status, 409, "a repeat cannot be screened out: {repeat}");
    let (status, no_reason) = coordinator
        .post(&screen(&ref_a["id"]), json!({"decision": "reject"}))
        .await;
    assert_eq!(status, 400);
    assert_eq!(problem_field(&no_reason), "reason");
    let (status, rejected) = coordinator
        .post(
            &screen(&ref_a["id"]),
            json!({"decision": "reject", "reason": "Refer to the local support service instead."}),
        )
        .await;
    assert_eq!(status, 200, "{rejected}");
    assert_eq!(rejected["status"], "rejected");
    for r in [&ref_b, &ref_c, &ref_d] {
        let (status, accepted) = coordinator
            .post(&screen(&r["id"]), json!({"decision": "accept"}))
            .await;
        assert_eq!(status, 200, "{accepted}");
        assert_eq!(accepted["status"], "accepted");
    }
    assert_eq!(
        caseworker_api
            .post(&screen(&ref_b["id"]), json!({"decision": "accept"}))
            .await
            .0,
        403,
        "only coordinators screen"
    );

    // Meetings and listing.
    let (status, regular) = coordinator
        .post(
            &format!("/conferences/{conf}/meetings"),
            json!({"kind": "regular", "meets_on": "2026-03-12", "chair": "DI Example"}),
        )
        .await;
    assert_eq!(status, 201, "{regular}");
    let (status, emergency) = coordinator
        .post(
            &format!("/conferences/{conf}/meetings"),
            json!({"kind": "emergency", "meets_on": "2026-03-04"}),
        )
        .await;
    assert_eq!(status, 201, "{emergency}");
    let list = |r: &Value, m: &Value| {
        (
            format!(
                "/conference-referrals/{}/listing",
                r["id"].as_str().unwrap()
            ),
            json!({"meeting_id": m["id"]}),
        )
    };
    for (r, m) in [(&ref_b, &regular), (&ref_c, &regular), (&ref_d, &emergency)] {
        let (path, body) = list(r, m);
        let (status, listed) = coordinator.post(&path, body).await;
        assert_eq!(status, 200, "{listed}");
        assert_eq!(listed["status"], "listed");
    }
    let (path, body) = list(&ref_a, &regular);
    assert_eq!(
        coordinator.post(&path, body).await.0,
        409,
        "a rejected referral is not listed"
    );

    let (_, overview) = coordinator.get(&format!("/conferences/{conf}")).await;
    let counts: Vec<(String, i64)> = overview["meetings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["kind"].as_str().unwrap().to_string(),
                m["cases"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        counts,
        vec![("regular".to_string(), 2), ("emergency".to_string(), 1)],
        "newest meeting day first, with the number of cases"
    );
    let (status, agenda) = coordinator
        .get(&format!(
            "/conference-meetings/{}",
            regular["id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(status, 200, "{agenda}");
    assert_eq!(agenda["number_of_cases"], 2);
    assert_eq!(
        police_api
            .get(&format!(
                "/conference-meetings/{}",
                regular["id"].as_str().unwrap()
            ))
            .await
            .0,
        403
    );

    // The coordinating agency reads a referred case's risk through the
    // lawful share recorded with the referral; an agency without one cannot.
    let (status, risk) = coordinator
        .get(&format!(
            "/cases/{}/risk?purpose=case_conference",
            case_id(&b)
        ))
        .await;
    assert_eq!(status, 200, "{risk}");
    assert_eq!(risk["basis"], "lawful_basis");
    let (hospital_api, _) = api_for(&t, "hospital.nurse").await;
    assert_eq!(
        hospital_api
            .get(&format!(
                "/cases/{}/risk?purpose=case_conference",
                case_id(&b)
            ))
            .await
            .0,
        403
    );
    let (status, mine) = caseworker_api
        .get(&format!("/cases/{}/conference-referrals", case_id(&b)))
        .await;
    assert_eq!(status, 200);
    assert_eq!(mine[0]["status"], "listed");

    // The meeting: the police attend, the hospital sends apologies. The
    // police then read the listed case B (the shelter's) on the
    // conference's lawful basis; the hospital does not.
    let meeting = regular["id"].as_str().unwrap().to_string();
    let risk_of_b = format!("/cases/{}/risk?purpose=case_conference", case_id(&b));
    assert_eq!(
        police_api.get(&risk_of_b).await.0,
        403,
        "not before the meeting"
    );
    let (status, bad) = coordinator
        .put(
            &format!("/conference-meetings/{meeting}/attendance"),
            json!({"attendance": [{"agency_id": police, "attendance": "present", "representative": ""}]}),
        )
        .await;
    assert_eq!(status, 400, "{bad}");
    let (status, started) = coordinator
        .put(
            &format!("/conference-meetings/{meeting}/attendance"),
            json!({"attendance": [
                {"agency_id": police, "attendance": "present", "representative": "DS Example"},
                {"agency_id": shelter, "attendance": "present", "representative": "IDVA Example"},
                {"agency_id": hospital, "attendance": "apologies"},
            ]}),
        )
        .await;
    assert_eq!(status, 200, "{started}");
    assert_eq!(started["status"], "in_progress");
    let (status, shared) = police_api.get(&risk_of_b).await;
    assert_eq!(status, 200, "{shared}");
    assert_eq!(shared["basis"], "lawful_basis");
    assert_eq!(
        hospital_api.get(&risk_of_b).await.0,
        403,
        "apologies give nothing"
    );

    // Observers acknowledge confidentiality first.
    let observers = format!("/conference-meetings/{meeting}/observers");
    let (status, refused) = coordinator
        .post(
            &observers,
            json!({"name": "Student Example", "organisation": "University", "acknowledged": false}),
        )
        .await;
    assert_eq!(status, 400);
    assert_eq!(problem_field(&refused), "acknowledged");
    assert_eq!(
        coordinator
            .post(&observers, json!({"name": "Student Example", "organisation": "University", "acknowledged": true}))
            .await
            .0,
        201
    );

    // Research stays inside the agency until shared at the meeting.
    let research = format!(
        "/conference-referrals/{}/research",
        ref_b["id"].as_str().unwrap()
    );
    assert_eq!(
        police_api
            .put(
                &research,
                json!({"body": "Two call-outs to the address in January."})
            )
            .await
            .0,
        204
    );
    let (_, seen) = coordinator.get(&research).await;
    assert_eq!(seen[0]["body"], Value::Null, "not shared yet: {seen}");
    let (_, seen) = caseworker_api.get(&research).await;
    assert_eq!(
        seen[0]["body"],
        Value::Null,
        "not even the owning agency sees it yet"
    );
    let (_, own) = police_api.get(&research).await;
    assert_eq!(own[0]["body"], "Two call-outs to the address in January.");
    assert_eq!(
        police_api
            .post(&format!("{research}/share"), json!({}))
            .await
            .0,
        204
    );
    let (_, seen) = coordinator.get(&research).await;
    assert_eq!(seen[0]["body"], "Two call-outs to the address in January.");
    let (_, seen) = caseworker_api.get(&research).await;
    assert_eq!(seen[0]["body"], "Two call-outs to the address in January.");
    assert_eq!(
        hospital_api.get(&research).await.1[0]["body"],
        Value::Null,
        "an agency that may not read the case does not see it"
    );
    assert_eq!(
        police_api
            .put(&research, json!({"body": "changed"}))
            .await
            .0,
        409,
        "shared research is not rewritten"
    );

    // Minutes close the meeting; its cases are discussed.
    let close = format!("/conference-meetings/{meeting}/close");
    assert_eq!(
        coordinator.post(&close, json!({"minutes": ""})).await.0,
        400
    );
    let (status, closed) = coordinator
        .post(
            &close,
            json!({"minutes": "Two cases discussed; actions agreed."}),
        )
        .await;
    assert_eq!(status, 200, "{closed}");
    assert_eq!(closed["status"], "closed");
    let (_, agenda) = coordinator
        .get(&format!("/conference-meetings/{meeting}"))
        .await;
    assert_eq!(agenda["minutes"], "Two cases discussed; actions agreed.");
    assert_eq!(agenda["observers"][0]["name"], "Student Example");
    assert_eq!(
        agenda["access_until"], "2026-03-20T00:00:00Z",
        "7 days after the meeting"
    );
    assert_eq!(agenda["cases"][0]["status"], "discussed");

    // The quarterly dataset: B and C discussed (neither a repeat, 2
    // children each); four referrals, one from the police.
    let (status, dataset) = coordinator
        .get(&format!("/conferences/{conf}/dataset?quarter=2026-Q1"))
        .await;
    assert_eq!(status, 200, "{dataset}");
    assert_eq!(dataset["cases_discussed"], 2);
    assert_eq!(dataset["repeat_cases"], 0);
    assert_eq!(dataset["children_in_households"], 4);
    assert_eq!(dataset["referrals"], 4);
    assert_eq!(dataset["referrals_by_sector"]["police"], 1);
    assert_eq!(dataset["not_from_police_percent"], 75.0);
    assert_eq!(
        coordinator
            .get(&format!("/conferences/{conf}/dataset?quarter=2026-Q9"))
            .await
            .0,
        400
    );
    let csv = coordinator
        .client
        .get(coordinator.base.url(&format!(
            "/api/v1/conferences/{conf}/dataset?quarter=2026-Q1&format=csv"
        )))
        .bearer_auth(&coordinator.token)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        csv.starts_with("quarter,measure,value\n2026-Q1,cases_discussed,suppressed\n"),
        "{csv}"
    );
    // The CSV is what leaves Concord: with four referrals and two cases
    // every count of people is a small cell, suppressed — the totals too,
    // which are counts of people as well.
    for row in [
        "2026-Q1,referrals,suppressed",
        "2026-Q1,referrals_from_police,suppressed",
        "2026-Q1,not_from_police_percent,suppressed",
        "2026-Q1,repeat_rate_percent,suppressed",
        "2026-Q1,children_in_households,suppressed",
    ] {
        assert!(csv.contains(row), "{row}: {csv}");
    }
    assert_eq!(
        caseworker_api
            .get(&format!("/conferences/{conf}/dataset?quarter=2026-Q1"))
            .await
            .0,
        403
    );

    // The police's access ends 7 days after the meeting: still there on
    // the 7th day, gone the day after (the injectable clock, no sleeping).
    t.clock.advance(chrono::Duration::days(17)); // 2026-03-19
    assert_eq!(police_api.get(&risk_of_b).await.0, 200, "the 7th day after");
    t.clock.advance(chrono::Duration::days(1)); // 2026-03-20
    assert_eq!(police_api.get(&risk_of_b).await.0, 403, "access has ended");
    assert_eq!(
        caseworker_api.get(&risk_of_b).await.0,
        200,
        "the owning agency keeps its case"
    );
}

/// The same flow through the pages: forms without JavaScript, errors
/// re-rendered with 422, survivors by reference only.
async fn conference_pages_work_without_javascript(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    let police = agency_id(&t, "Lakeside Police Domestic Abuse Unit").await;
    let shelter = agency_id(&t, "Safe Haven Women's Shelter").await;
    let (mut coordinator, _) = signed_in(&t, "marac.coordinator").await;
    let (mut caseworker, _) = signed_in(&t, "shelter.caseworker").await;

    let page = coordinator.get("/conferences").await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.contains("Set up a risk conference"));
    let bad = coordinator
        .post(
            "/conferences",
            &[
                ("name", ""),
                ("sharing_protocol", "ISP"),
                ("access_days", "7"),
            ],
        )
        .await;
    assert_eq!(bad.status, 422, "{}", bad.body);
    let created = coordinator
        .post(
            "/conferences",
            &[
                ("name", "Lakeside MARAC"),
                ("sharing_protocol", "Lakeside ISP 2026"),
                ("members", police.as_str()),
                ("members", shelter.as_str()),
                ("shared_categories", "identity_and_contact"),
                ("shared_categories", "incident"),
                ("shared_categories", "risk"),
                ("escalation_incidents", "3"),
                ("escalation_window_days", "365"),
                ("repeat_window_days", "365"),
                ("access_days", "7"),
                ("first_contact_working_days", "2"),
                ("escalate_after", "3"),
            ],
        )
        .await;
    assert_eq!(created.status, 303, "{}", created.body);
    let conference = created.location.unwrap();
    let conference_id = conference.trim_start_matches("/conferences/").to_string();
    assert!(
        caseworker
            .get("/conferences")
            .await
            .contains("Lakeside MARAC")
    );
    assert_eq!(caseworker.get(&conference).await.status, 403);

    // The caseworker refers from the case's risk page.
    let case = register(&mut caseworker, "Conference Page-Survivor").await;
    assert_eq!(
        assess(&mut caseworker, &case, 14, &[("survivor_view", "high")])
            .await
            .0,
        303
    );
    let risk = caseworker.get(&format!("{case}/risk")).await;
    assert!(risk.contains(&format!("{case}/conference-referral")));
    let form = caseworker.get(&format!("{case}/conference-referral")).await;
    assert_eq!(form.status, 200, "{}", form.body);
    let no_conference = caseworker
        .post(
            &format!("{case}/conference-referral"),
            &[("conference_id", "")],
        )
        .await;
    assert_eq!(no_conference.status, 422);
    let referred = caseworker
        .post(
            &format!("{case}/conference-referral"),
            &[
                ("conference_id", conference_id.as_str()),
                ("children_in_household", "1"),
            ],
        )
        .await;
    assert_eq!(referred.status, 303, "{}", referred.body);

    // The coordinator screens, schedules, lists and runs the meeting.
    let page = coordinator.get(&conference).await;
    assert!(
        page.contains("Awaiting screening") && page.contains("Visible high risk"),
        "{}",
        page.body
    );
    assert!(
        !page.contains("Conference Page-Survivor"),
        "by reference only"
    );
    let referral = page
        .body
        .split("/conference-referrals/")
        .nth(1)
        .unwrap()
        .split(['/', '"'])
        .next()
        .unwrap()
        .to_string();
    let no_reason = coordinator
        .post(
            &format!("/conference-referrals/{referral}/screening"),
            &[("decision", "reject"), ("reason", "")],
        )
        .await;
    assert_eq!(no_reason.status, 422);
    let accepted = coordinator
        .post(
            &format!("/conference-referrals/{referral}/screening"),
            &[("decision", "accept")],
        )
        .await;
    assert_eq!(accepted.status, 303);
    let scheduled = coordinator
        .post(
            &format!("{conference}/meetings"),
            &[
                ("kind", "emergency"),
                ("meets_on", "2026-03-03"),
                ("chair", "DI Example"),
            ],
        )
        .await;
    assert_eq!(scheduled.status, 303, "{}", scheduled.body);
    let page = coordinator.get(&conference).await;
    let meeting = page
        .body
        .split("/conference-meetings/")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    let listed = coordinator
        .post(
            &format!("/conference-referrals/{referral}/listing"),
            &[("meeting_id", meeting.as_str())],
        )
        .await;
    assert_eq!(listed.status, 303, "{}", listed.body);
    let page = coordinator
        .get(&format!("/conference-meetings/{meeting}"))
        .await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.contains("Agenda (1)"), "{}", page.body);
    let attended = coordinator
        .post(
            &format!("/conference-meetings/{meeting}/attendance"),
            &[
                (format!("attendance.{police}").as_str(), "present"),
                (format!("representative.{police}").as_str(), "DS Example"),
                (format!("attendance.{shelter}").as_str(), "apologies"),
            ],
        )
        .await;
    assert_eq!(attended.status, 303, "{}", attended.body);
    let unacknowledged = coordinator
        .post(
            &format!("/conference-meetings/{meeting}/observers"),
            &[("name", "Student Example"), ("organisation", "University")],
        )
        .await;
    assert_eq!(unacknowledged.status, 422);
    let observed = coordinator
        .post(
            &format!("/conference-meetings/{meeting}/observers"),
            &[
                ("name", "Student Example"),
                ("organisation", "University"),
                ("acknowledged", "yes"),
            ],
        )
        .await;
    assert_eq!(observed.status, 303);
    let closed = coordinator
        .post(
            &format!("/conference-meetings/{meeting}/close"),
            &[("minutes", "One case discussed.")],
        )
        .await;
    assert_eq!(closed.status, 303, "{}", closed.body);
    let page = coordinator
        .get(&format!("/conference-meetings/{meeting}"))
        .await;
    assert!(page.contains("One case discussed.") && page.contains("Student Example"));
    assert!(
        page.contains("Discussed") && page.contains("DS Example"),
        "{}",
        page.body
    );
    let csv = coordinator
        .get(&format!("{conference}/dataset.csv?quarter=2026-Q1"))
        .await;
    assert_eq!(csv.status, 200);
    // One case is a small cell: neither she nor her characteristics are
    // published.
    assert!(
        csv.body.contains("2026-Q1,cases_discussed,suppressed")
            && csv.body.contains("2026-Q1,not_female_percent,suppressed")
            && csv.body.contains("2026-Q1,repeat_cases,suppressed"),
        "{}",
        csv.body
    );
}

/// The independent advocate's first contact within 2 working days, flagged
/// when overdue; and the transfer of a case to another conference.
async fn advocates_first_contact_and_transfer(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    let shelter = agency_id(&t, "Safe Haven Women's Shelter").await;
    let (coordinator, _) = api_for(&t, "marac.coordinator").await;
    let (caseworker_api, mut caseworker) = api_for(&t, "shelter.caseworker").await;
    let advocate = t.user_id("shelter.caseworker").await.to_string();
    let analyst = t.user_id("analyst").await.to_string();
    let mut conferences = Vec::new();
    for name in ["Lakeside MARAC", "Northern MARAC"] {
        let (status, c) = coordinator
            .post(
                "/conferences",
                json!({"name": name, "sharing_protocol": "ISP", "members": [shelter]}),
            )
            .await;
        assert_eq!(status, 201, "{c}");
        conferences.push(c["id"].as_str().unwrap().to_string());
    }
    let case = register(&mut caseworker, "Conference Test-Advocate").await;
    let (status, referral) = caseworker_api
        .post(
            &format!("/cases/{}/conference-referrals", case_id(&case)),
            json!({"conference_id": conferences[0], "judgement_reason": "He threatened to kill her."}),
        )
        .await;
    assert_eq!(status, 201, "{referral}");
    let rid = referral["id"].as_str().unwrap().to_string();
    assert_eq!(referral["first_contact_due"], "2026-03-04");
    let (status, bad) = coordinator
        .put(
            &format!("/conference-referrals/{rid}/advocate"),
            json!({"advocate_id": analyst}),
        )
        .await;
    assert_eq!(status, 400, "an analyst is no advocate: {bad}");
    let (status, named) = coordinator
        .put(
            &format!("/conference-referrals/{rid}/advocate"),
            json!({"advocate_id": advocate}),
        )
        .await;
    assert_eq!(status, 200, "{named}");
    let overdue = |o: &Value| o["referrals"][0]["first_contact_overdue"].clone();
    let (_, o) = coordinator
        .get(&format!("/conferences/{}", conferences[0]))
        .await;
    assert_eq!(overdue(&o), false);
    t.clock.advance(chrono::Duration::days(2)); // Wednesday 4 March: the due day
    let (_, o) = coordinator
        .get(&format!("/conferences/{}", conferences[0]))
        .await;
    assert_eq!(overdue(&o), false, "due today is not overdue yet");
    t.clock.advance(chrono::Duration::days(1));
    let (_, o) = coordinator
        .get(&format!("/conferences/{}", conferences[0]))
        .await;
    assert_eq!(overdue(&o), true, "past the 2 working days");
    let (status, _) = caseworker_api
        .post(
            &format!("/conference-referrals/{rid}/first-contact"),
            json!({"on": "2026-03-09"}),
        )
        .await;
    assert_eq!(status, 400, "not in the future");
    let (status, contacted) = caseworker_api
        .post(
            &format!("/conference-referrals/{rid}/first-contact"),
            json!({"on": "2026-03-05"}),
        )
        .await;
    assert_eq!(status, 200, "the advocate records it: {contacted}");
    let (_, o) = coordinator
        .get(&format!("/conferences/{}", conferences[0]))
        .await;
    assert_eq!(overdue(&o), false);

    // She moves: the case goes to the other conference.
    let (status, moved) = coordinator
        .post(
            &format!("/conference-referrals/{rid}/transfer"),
            json!({"conference_id": conferences[1]}),
        )
        .await;
    assert_eq!(status, 201, "{moved}");
    assert_eq!(moved["status"], "awaiting_screening");
    assert_eq!(moved["transferred_from"], rid.as_str());
    assert_eq!(moved["criteria"], json!(["professional_judgement"]));
    let (_, o) = coordinator
        .get(&format!("/conferences/{}", conferences[0]))
        .await;
    assert_eq!(o["referrals"][0]["status"], "transferred_out");
    let (_, o) = coordinator
        .get(&format!("/conferences/{}", conferences[1]))
        .await;
    assert_eq!(o["referrals"][0]["status"], "awaiting_screening");
    assert_eq!(
        coordinator
            .post(
                &format!("/conference-referrals/{rid}/transfer"),
                json!({"conference_id": conferences[1]}),
            )
            .await
            .0,
        409,
        "a transferred referral stays transferred"
    );
}

/// A conference of the coordinator's agency with these members, and a
/// second one to transfer to; answers their ids.
pub(super) async fn two_conferences(coordinator: &Api, members: &[&str]) -> (String, String) {
    let mut ids = Vec::new();
    for name in ["Lakeside Test MARAC", "Northern Test MARAC"] {
        let (status, c) = coordinator
            .post(
                "/conferences",
                json!({"name": name, "sharing_protocol": "ISP", "members": members}),
            )
            .await;
        assert_eq!(status, 201, "{c}");
        ids.push(c["id"].as_str().unwrap().to_string());
    }
    (ids[0].clone(), ids[1].clone())
}

/// Refers the case on professional judgement; answers the referral's id.
pub(super) async fn refer_on_judgement(caseworker: &Api, case: &str, conference: &str) -> String {
    let (status, referral) = caseworker
        .post(
            &format!("/cases/{}/conference-referrals", case_id(case)),
            json!({"conference_id": conference, "judgement_reason": "He threatened to kill her.", "children_in_household": "2"}),
        )
        .await;
    assert_eq!(status, 201, "{referral}");
    referral["id"].as_str().unwrap().to_string()
}

/// The referral's page through its forms: the coordinator names the
/// advocate and records the first contact (flagged overdue on the
/// injectable clock, never by sleeping); research written by the police
/// stays hidden from the shelter until shared at the meeting; the case is
/// transferred; an agency outside the conference is refused.
async fn referral_page_casework_through_forms(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    let police = agency_id(&t, "Lakeside Police Domestic Abuse Unit").await;
    let shelter = agency_id(&t, "Safe Haven Women's Shelter").await;
    let (coordinator_api, mut coordinator, coordinator_secret) =
        api_with_secret(&t, "marac.coordinator").await;
    let (caseworker_api, mut caseworker, caseworker_secret) =
        api_with_secret(&t, "shelter.caseworker").await;
    let (lakeside, northern) = two_conferences(&coordinator_api, &[&police, &shelter]).await;
    let case = register(&mut caseworker, "Referral Page-Survivor").await;
    let rid = refer_on_judgement(&caseworker_api, &case, &lakeside).await;
    let referral_page = format!("/conference-referrals/{rid}");

    // The overview links the row to the referral's page.
    let overview = coordinator.get(&format!("/conferences/{lakeside}")).await;
    assert!(
        overview.contains(&format!("href=\"{referral_page}\"")),
        "{}",
        overview.body
    );
    let page = coordinator.get(&referral_page).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.contains("Awaiting screening") && page.contains("Professional judgement"));
    assert!(page.contains("No advocate named yet."));
    assert!(page.contains("Due by 2026-03-04"), "{}", page.body);
    assert!(!page.contains("class=\"overdue\""));
    assert!(
        !page.contains("Referral Page-Survivor"),
        "survivors by reference only"
    );

    // The advocate: only someone who works cases in a member agency.
    let analyst = t.user_id("analyst").await.to_string();
    let advocate = t.user_id("shelter.caseworker").await.to_string();
    assert!(
        !page.contains(&format!("value=\"{analyst}\"")),
        "an analyst is not offered"
    );
    coordinator.get(&referral_page).await;
    let refused = coordinator
        .post(
            &format!("{referral_page}/advocate"),
            &[("advocate_id", analyst.as_str())],
        )
        .await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert!(refused.contains("href=\"#field-advocate_id\"") && refused.contains("Advocate:"));
    let named = coordinator
        .post(
            &format!("{referral_page}/advocate"),
            &[("advocate_id", advocate.as_str())],
        )
        .await;
    assert_eq!(named.status, 303, "{}", named.body);
    let page = coordinator.get(&referral_page).await;
    assert!(
        page.contains(&format!("value=\"{advocate}\" selected")),
        "{}",
        page.body
    );
    assert!(!page.contains("No advocate named yet."), "{}", page.body);

    // Overdue once past the due day (the injectable clock).
    t.clock.advance(chrono::Duration::days(3)); // Thursday 5 March
    let mut coordinator = signed_in_again(&t, "marac.coordinator", &coordinator_secret).await;
    let mut caseworker = signed_in_again(&t, "shelter.caseworker", &caseworker_secret).await;
    let (mut officer, _) = signed_in(&t, "police.officer").await;
    let (mut nurse, _) = signed_in(&t, "hospital.nurse").await;
    assert_eq!(
        nurse.get(&referral_page).await.status,
        403,
        "the hospital is not a member of this conference"
    );
    let page = coordinator.get(&referral_page).await;
    assert!(page.contains("class=\"overdue\""), "{}", page.body);
    assert!(
        coordinator
            .get(&format!("/conferences/{lakeside}"))
            .await
            .contains("class=\"overdue\""),
        "the overview flags it too"
    );
    let future = coordinator
        .post(
            &format!("{referral_page}/first-contact"),
            &[("on", "2026-03-09")],
        )
        .await;
    assert_eq!(future.status, 422, "{}", future.body);
    assert!(future.contains("href=\"#field-on\"") && future.contains("Day of the first contact:"));
    // The advocate (not a coordinator) finds the first contact on the
    // page and records it there.
    let advocates_page = caseworker.get(&referral_page).await;
    assert!(
        advocates_page.contains(&format!("action=\"{referral_page}/first-contact\""))
            && advocates_page.contains("class=\"overdue\""),
        "{}",
        advocates_page.body
    );
    assert!(!advocates_page.contains("Independent advocate"));
    let recorded = caseworker
        .post(
            &format!("{referral_page}/first-contact"),
            &[("on", "2026-03-05")],
        )
        .await;
    assert_eq!(recorded.status, 303, "{}", recorded.body);
    let page = coordinator.get(&referral_page).await;
    assert!(page.contains("Made on 2026-03-05"), "{}", page.body);
    assert!(!page.contains("class=\"overdue\""));

    // Accepted, listed at a meeting that starts: research time.
    coordinator
        .post(
            &format!("/conference-referrals/{rid}/screening"),
            &[("decision", "accept")],
        )
        .await;
    let (status, meeting) = coordinator_api
        .post(
            &format!("/conferences/{lakeside}/meetings"),
            json!({"kind": "regular", "meets_on": "2026-03-06", "chair": "DI Example"}),
        )
        .await;
    assert_eq!(status, 201, "{meeting}");
    let meeting = meeting["id"].as_str().unwrap().to_string();
    let listed = coordinator
        .post(
            &format!("{referral_page}/listing"),
            &[("meeting_id", meeting.as_str())],
        )
        .await;
    assert_eq!(listed.status, 303, "{}", listed.body);
    let agenda = coordinator
        .get(&format!("/conference-meetings/{meeting}"))
        .await;
    assert!(
        agenda.contains(&format!("href=\"{referral_page}\"")),
        "the agenda links the case"
    );
    let started = coordinator
        .post(
            &format!("/conference-meetings/{meeting}/attendance"),
            &[
                (format!("attendance.{police}").as_str(), "present"),
                (format!("representative.{police}").as_str(), "DS Example"),
                (format!("attendance.{shelter}").as_str(), "present"),
                (format!("representative.{shelter}").as_str(), "IDVA Example"),
            ],
        )
        .await;
    assert_eq!(started.status, 303, "{}", started.body);

    // The police (a member) see the research part only.
    let page = officer.get(&referral_page).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(
        page.contains(&format!("action=\"{referral_page}/research\"")),
        "{}",
        page.body
    );
    assert!(
        !page.contains("Independent advocate")
            && !page.contains("Transfer to another conference")
            && !page.contains("First contact"),
        "the referral's coordination is for the coordinators: {}",
        page.body
    );
    let empty = officer
        .post(&format!("{referral_page}/research"), &[("body", "  ")])
        .await;
    assert_eq!(empty.status, 422, "{}", empty.body);
    assert!(empty.contains("href=\"#field-body\""));
    let research = "Two call-outs to the address in January.";
    let written = officer
        .post(&format!("{referral_page}/research"), &[("body", research)])
        .await;
    assert_eq!(written.status, 303, "{}", written.body);
    let own = officer.get(&referral_page).await;
    assert!(own.contains(research) && own.contains("cannot be undone"));
    let before = caseworker.get(&referral_page).await;
    assert_eq!(before.status, 200, "{}", before.body);
    assert!(
        !before.contains(research) && before.contains("not shared yet"),
        "not shared yet: {}",
        before.body
    );
    let shared = officer
        .post(&format!("{referral_page}/research/share"), &[])
        .await;
    assert_eq!(shared.status, 303, "{}", shared.body);
    let after = caseworker.get(&referral_page).await;
    assert!(after.contains(research), "shared: {}", after.body);
    assert!(
        coordinator.get(&referral_page).await.contains(research),
        "the coordinators see it too"
    );
    let own = officer.get(&referral_page).await;
    assert!(
        own.contains("Shared at the meeting")
            && !own.contains(&format!("action=\"{referral_page}/research\"")),
        "shared research is not rewritten"
    );

    // She moves: the case goes to the other conference.
    let no_choice = coordinator
        .post(
            &format!("{referral_page}/transfer"),
            &[("conference_id", "")],
        )
        .await;
    assert_eq!(no_choice.status, 422, "{}", no_choice.body);
    assert!(no_choice.contains("href=\"#field-conference_id\""));
    let moved = coordinator
        .post(
            &format!("{referral_page}/transfer"),
            &[("conference_id", northern.as_str())],
        )
        .await;
    assert_eq!(moved.status, 303, "{}", moved.body);
    let page = coordinator.get(&referral_page).await;
    assert!(
        page.contains("Transferred out")
            && page.contains("This referral was transferred to another conference."),
        "{}",
        page.body
    );
    let other = coordinator.get(&format!("/conferences/{northern}")).await;
    assert!(other.contains("Awaiting screening"), "{}", other.body);
}

/// The quarterly dataset as tables, with the CSV link; a malformed quarter
/// is named as the problem (422).
async fn dataset_page_shows_the_quarter_and_names_a_bad_one(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    let police = agency_id(&t, "Lakeside Police Domestic Abuse Unit").await;
    let shelter = agency_id(&t, "Safe Haven Women's Shelter").await;
    let (coordinator_api, mut coordinator) = api_for(&t, "marac.coordinator").await;
    let (caseworker_api, mut caseworker) = api_for(&t, "shelter.caseworker").await;
    let (conference, _) = two_conferences(&coordinator_api, &[&police, &shelter]).await;
    // One case referred, accepted, listed and discussed at a closed meeting.
    let case = register(&mut caseworker, "Dataset Page-Survivor").await;
    let rid = refer_on_judgement(&caseworker_api, &case, &conference).await;
    let (status, _) = coordinator_api
        .post(
            &format!("/conference-referrals/{rid}/screening"),
            json!({"decision": "accept"}),
        )
        .await;
    assert_eq!(status, 200);
    let (_, meeting) = coordinator_api
        .post(
            &format!("/conferences/{conference}/meetings"),
            json!({"kind": "regular", "meets_on": "2026-03-02"}),
        )
        .await;
    let meeting = meeting["id"].as_str().unwrap().to_string();
    let (status, _) = coordinator_api
        .post(
            &format!("/conference-referrals/{rid}/listing"),
            json!({"meeting_id": meeting}),
        )
        .await;
    assert_eq!(status, 200);
    let (status, _) = coordinator_api
        .put(
            &format!("/conference-meetings/{meeting}/attendance"),
            json!({"attendance": [{"agency_id": shelter, "attendance": "present", "representative": "IDVA Example"}]}),
        )
        .await;
    assert_eq!(status, 200);
    let (status, _) = coordinator_api
        .post(
            &format!("/conference-meetings/{meeting}/close"),
            json!({"minutes": "One case discussed."}),
        )
        .await;
    assert_eq!(status, 200);

    // The overview links to the dataset page (and keeps the CSV form).
    let overview = coordinator.get(&format!("/conferences/{conference}")).await;
    assert!(overview.contains(&format!("formaction=\"/conferences/{conference}/dataset\"")));
    assert!(overview.contains(&format!("action=\"/conferences/{conference}/dataset.csv\"")));
    let page = coordinator
        .get(&format!(
            "/conferences/{conference}/dataset?quarter=2026-Q1"
        ))
        .await;
    assert_eq!(page.status, 200, "{}", page.body);
    for figure in [
        "<th scope=\"row\">Cases discussed</th><td>1</td>",
        "<th scope=\"row\">Children in the households</th><td>2</td>",
        "<th scope=\"row\">Repeat rate (%)</th><td>0.0</td>",
        "<th scope=\"row\">Referrals received</th><td>1</td>",
        "<th scope=\"row\">Shelter or women&#39;s organisation</th><td>1</td>",
    ] {
        assert!(page.contains(figure), "{figure}: {}", page.body);
    }
    assert!(page.contains("<caption>"));
    assert!(page.contains(&format!(
        "href=\"/conferences/{conference}/dataset.csv?quarter=2026-Q1\""
    )));
    let csv = coordinator
        .get(&format!(
            "/conferences/{conference}/dataset.csv?quarter=2026-Q1"
        ))
        .await;
    assert!(
        csv.contains("2026-Q1,cases_discussed,suppressed"),
        "the page's exact 1 is not what leaves Concord: {}",
        csv.body
    );
    let bad = coordinator
        .get(&format!(
            "/conferences/{conference}/dataset?quarter=2026-Q9"
        ))
        .await;
    assert_eq!(bad.status, 422, "{}", bad.body);
    assert!(
        bad.contains("href=\"#field-quarter\"") && bad.contains("Quarter (for example 2026-Q1):"),
        "{}",
        bad.body
    );
    assert!(!bad.contains("<caption>"), "no figures for a bad quarter");
    assert_eq!(
        caseworker
            .get(&format!(
                "/conferences/{conference}/dataset?quarter=2026-Q1"
            ))
            .await
            .status,
        403
    );
}

/// Changing a conference through its form: bad input is named (422) and
/// changes nothing; good input changes it. The set-up and the change forms
/// show the same fields.
async fn conference_is_changed_through_its_form(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    let police = agency_id(&t, "Lakeside Police Domestic Abuse Unit").await;
    let shelter = agency_id(&t, "Safe Haven Women's Shelter").await;
    let (coordinator_api, mut coordinator) = api_for(&t, "marac.coordinator").await;
    let (mut caseworker, _) = signed_in(&t, "shelter.caseworker").await;
    let (conference, _) = two_conferences(&coordinator_api, &[&police]).await;
    let edit = format!("/conferences/{conference}/edit");

    let overview = coordinator.get(&format!("/conferences/{conference}")).await;
    assert!(overview.contains(&format!("href=\"{edit}\"")));
    let form = coordinator.get(&edit).await;
    assert_eq!(form.status, 200, "{}", form.body);
    assert!(form.contains("value=\"Lakeside Test MARAC\""));
    let create = coordinator.get("/conferences").await;
    for field in [
        "name=\"name\"",
        "name=\"sharing_protocol\"",
        "name=\"area_id\"",
        "name=\"members\"",
        "name=\"shared_categories\"",
        "name=\"access_days\"",
        "name=\"first_contact_working_days\"",
        "name=\"escalate_after\"",
    ] {
        assert!(form.contains(field) && create.contains(field), "{field}");
    }
    assert_eq!(caseworker.get(&edit).await.status, 403);

    let fields = |name: &'static str, access: &'static str| {
        vec![
            ("name", name),
            ("sharing_protocol", "Lakeside ISP 2027"),
            ("shared_categories", "risk"),
            ("shared_categories", "incident"),
            ("escalation_incidents", "3"),
            ("escalation_window_days", "365"),
            ("repeat_window_days", "365"),
            ("access_days", access),
            ("first_contact_working_days", "2"),
            ("escalate_after", "3"),
        ]
    };
    let mut bad = fields("", "10");
    bad.push(("members", police.as_str()));
    let refused = coordinator.post(&edit, &bad).await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert!(refused.contains("href=\"#field-name\""), "{}", refused.body);
    let (_, unchanged) = coordinator_api
        .get(&format!("/conferences/{conference}"))
        .await;
    assert_eq!(unchanged["name"], "Lakeside Test MARAC");
    assert_eq!(unchanged["sharing_protocol"], "ISP");
    assert_eq!(unchanged["rules"]["access_days"], 7);

    let mut good = fields("Lakeside Changed MARAC", "10");
    good.push(("members", police.as_str()));
    good.push(("members", shelter.as_str()));
    let changed = coordinator.post(&edit, &good).await;
    assert_eq!(changed.status, 303, "{}", changed.body);
    let (_, now) = coordinator_api
        .get(&format!("/conferences/{conference}"))
        .await;
    assert_eq!(now["name"], "Lakeside Changed MARAC");
    assert_eq!(now["sharing_protocol"], "Lakeside ISP 2027");
    assert_eq!(now["rules"]["access_days"], 10);
    assert_eq!(now["members"].as_array().unwrap().len(), 2);
    assert_eq!(
        now["shared_categories"],
        serde_json::json!(["incident", "risk"]),
        "what the protocol shares changes with it"
    );
    let form = coordinator.get(&edit).await;
    assert!(form.contains("value=\"Lakeside Changed MARAC\""));
    assert!(form.contains(&format!("value=\"{shelter}\" checked")));
}

/// The conference dataset CSV of a quarter as `measure → value`.
async fn dataset_csv(
    coordinator: &Api,
    conference: &str,
    quarter: &str,
) -> BTreeMap<String, String> {
    let response = coordinator
        .client
        .get(coordinator.base.url(&format!(
            "/api/v1/conferences/{conference}/dataset?quarter={quarter}&format=csv"
        )))
        .bearer_auth(&coordinator.token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    let body = response.text().await.unwrap();
    body.lines()
        .skip(1)
        .map(|line| {
            let mut fields = line.split(',');
            assert_eq!(fields.next(), Some(quarter), "{body}");
            let measure = fields.next().unwrap().to_string();
            (measure, fields.next().unwrap().to_string())
        })
        .collect()
}

/// What a reader of the CSV can work out about one sector's referrals: the
/// values it can take given the published total, the published sectors and
/// the share not from the police as printed (one decimal), counts being
/// whole and never negative. Values are tried up to 60; a set reaching 10
/// means the reader cannot rule out a count that would have been published.
fn sector_values_a_reader_cannot_rule_out(
    rows: &BTreeMap<String, String>,
    sector: &str,
) -> BTreeSet<u32> {
    let hidden = |m: &str| rows[m] == "suppressed";
    let sectors: Vec<&str> = rows
        .keys()
        .filter_map(|k| k.strip_prefix("referrals_from_"))
        .collect();
    let published: u32 = sectors
        .iter()
        .filter_map(|s| rows[&format!("referrals_from_{s}")].parse::<u32>().ok())
        .sum();
    let total = rows["referrals"].parse::<u32>().ok();
    let share = &rows["not_from_police_percent"];
    let police_hidden = sector != "police" && hidden("referrals_from_police");
    let others_hidden = sectors
        .iter()
        .any(|s| *s != sector && *s != "police" && hidden(&format!("referrals_from_{s}")));
    let police_published = rows["referrals_from_police"].parse::<u32>().ok();
    let mut values = BTreeSet::new();
    for x in 0..=60u32 {
        for police in 0..=if police_hidden { 60 } else { 0 } {
            for rest in 0..=if others_hidden { 60 } else { 0 } {
                let sum = published + x + police + rest;
                if total.is_some_and(|t| t != sum) {
                    continue;
                }
                let police_count = if sector == "police" {
                    x
                } else {
                    police_published.unwrap_or(police)
                };
                if share != "suppressed" {
                    let printed = if sum == 0 {
                        String::new()
                    } else {
                        let tenths = (2000 * (sum - police_count) + sum) / (2 * sum);
                        format!("{}.{}", tenths / 10, tenths % 10)
                    };
                    if &printed != share {
                        continue;
                    }
                }
                values.insert(x);
            }
        }
    }
    values
}

/// The outside test's two cases, through HTTP: with police 10, health 4
/// and shelter 12 referrals the CSV once hid police and health but
/// published the total and the share not from the police (61.5 %), which
/// gave police and then health back; with five referrals all from one
/// sector the one hidden row was the published total. Now no hidden count
/// can be worked out from what the CSV publishes together, no count below
/// 10 is published, and the coordinators' own view stays exact.
async fn dataset_csv_gives_no_hidden_count_away(engine: Engine) {
    // The reader has teeth: from what the old CSV published it gets police
    // and health back, and the one hidden sector of five referrals.
    let rows = |list: &[&str]| -> BTreeMap<String, String> {
        list.iter()
            .map(|r| r.split_once(',').unwrap())
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    };
    let old = rows(&[
        "referrals,26",
        "referrals_from_police,suppressed",
        "referrals_from_health,suppressed",
        "referrals_from_shelter_womens_ngo,12",
        "not_from_police_percent,61.5",
    ]);
    assert_eq!(
        sector_values_a_reader_cannot_rule_out(&old, "police"),
        BTreeSet::from([10])
    );
    assert_eq!(
        sector_values_a_reader_cannot_rule_out(&old, "health"),
        BTreeSet::from([4])
    );
    let old = rows(&[
        "referrals,5",
        "referrals_from_police,0",
        "referrals_from_health,suppressed",
        "not_from_police_percent,suppressed",
    ]);
    assert_eq!(
        sector_values_a_reader_cannot_rule_out(&old, "health"),
        BTreeSet::from([5])
    );

    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    let police = agency_id(&t, "Lakeside Police Domestic Abuse Unit").await;
    let shelter = agency_id(&t, "Safe Haven Women's Shelter").await;
    let hospital = agency_id(&t, "Lakeside General Hospital One-Stop Centre").await;
    let (coordinator, _) = api_for(&t, "marac.coordinator").await;
    let (lakeside, northern) = two_conferences(&coordinator, &[&police, &shelter, &hospital]).await;
    // Lakeside: police 10, health 4, shelter 12. Northern: health 5.
    for (user, label, at_lakeside, at_northern) in [
        ("police.officer", "Police", 10, 0),
        ("hospital.nurse", "Hospital", 4, 5),
        ("shelter.caseworker", "Shelter", 12, 0),
    ] {
        let (api, mut browser) = api_for(&t, user).await;
        for i in 0..at_lakeside + at_northern {
            let case = register(&mut browser, &format!("Dataset {label}{i}-Survivor")).await;
            let conference = if i < at_lakeside {
                &lakeside
            } else {
                &northern
            };
            refer_on_judgement(&api, &case, conference).await;
        }
    }
    let (_, exact) = coordinator
        .get(&format!("/conferences/{lakeside}/dataset?quarter=2026-Q1"))
        .await;
    assert_eq!(exact["referrals"], 26, "{exact}");
    assert_eq!(
        exact["referrals_by_sector"]["health"], 4,
        "exact for the coordinators"
    );

    for conference in [&lakeside, &northern] {
        let rows = dataset_csv(&coordinator, conference, "2026-Q1").await;
        for (measure, value) in &rows {
            if let Ok(n) = value.parse::<u32>()
                && !measure.ends_with("_percent")
            {
                assert!(n == 0 || n >= 10, "{measure} = {n} published: {rows:?}");
            }
        }
        assert_eq!(rows["referrals_from_health"], "suppressed", "{rows:?}");
        let health = sector_values_a_reader_cannot_rule_out(&rows, "health");
        assert!(
            health.len() > 1 && health.last().is_some_and(|h| *h >= 10),
            "a reader narrows health to {health:?}: {rows:?}"
        );
        if rows["referrals_from_police"] == "suppressed" {
            let police = sector_values_a_reader_cannot_rule_out(&rows, "police");
            assert!(
                police.len() > 1 && police.last().is_some_and(|p| *p >= 10),
                "a reader narrows police to {police:?}: {rows:?}"
            );
        }
    }
    let lakeside_rows = dataset_csv(&coordinator, &lakeside, "2026-Q1").await;
    assert!(
        ["10", "suppressed"].contains(&lakeside_rows["referrals_from_police"].as_str()),
        "{lakeside_rows:?}"
    );
    let northern_rows = dataset_csv(&coordinator, &northern, "2026-Q1").await;
    assert_eq!(
        northern_rows["referrals"], "suppressed",
        "five from one sector: the total is that sector"
    );
    assert_eq!(
        northern_rows["referrals_from_police"], "suppressed",
        "the zeros beside it would say where the five are"
    );
}
