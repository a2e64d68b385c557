//! The SMART actions of a risk conference through HTTP, and what its
//! information sharing protocol lets attending agencies see: actions agreed
//! per listed case with an owner agency and a due date, recorded by the
//! owner agency, carried over by every regular meeting that closes with them
//! not done, escalated once after the conference's number of carry-overs;
//! the categories shared come from the conference; a case listed after the
//! attendance was taken is shared with the agencies already present.

use super::cases::{agency_id, register};
use super::conferences::{Api, api_for, case_id, problem_field};
use super::risk::assess;
use super::support::signed_in;
use concord_testkit::{Engine, TestApp, on_both_engines};
use serde_json::{Value, json};

on_both_engines!(
    actions_are_agreed_carried_over_and_escalated,
    actions_are_agreed_and_recorded_through_the_pages,
    the_demo_conference_has_history,
);

/// A referred, accepted case of the shelter's (14 "yes": visible high risk).
async fn accepted_case(
    caseworker: &mut concord_testkit::Browser,
    caseworker_api: &Api,
    coordinator: &Api,
    conference: &str,
    name: &str,
) -> (String, String) {
    let case = register(caseworker, name).await;
    assert_eq!(
        assess(caseworker, &case, 14, &[("survivor_view", "high")])
            .await
            .0,
        303
    );
    let (status, referral) = caseworker_api
        .post(
            &format!("/cases/{}/conference-referrals", case_id(&case)),
            json!({"conference_id": conference, "children_in_household": "1", "survivor_told": "yes"}),
        )
        .await;
    assert_eq!(status, 201, "{referral}");
    let referral = referral["id"].as_str().unwrap().to_string();
    let (status, accepted) = coordinator
        .post(
            &format!("/conference-referrals/{referral}/screening"),
            json!({"decision": "accept"}),
        )
        .await;
    assert_eq!(status, 200, "{accepted}");
    (case_id(&case), referral)
}

async fn meeting(coordinator: &Api, conference: &str, kind: &str, on: &str) -> String {
    let (status, meeting) = coordinator
        .post(
            &format!("/conferences/{conference}/meetings"),
            json!({"kind": kind, "meets_on": on}),
        )
        .await;
    assert_eq!(status, 201, "{meeting}");
    meeting["id"].as_str().unwrap().to_string()
}

async fn list(coordinator: &Api, referral: &str, meeting: &str) {
    let (status, listed) = coordinator
        .post(
            &format!("/conference-referrals/{referral}/listing"),
            json!({"meeting_id": meeting}),
        )
        .await;
    assert_eq!(status, 200, "{listed}");
}

async fn attend(coordinator: &Api, meeting: &str, agencies: &[&str]) {
    let attendance: Vec<Value> = agencies
        .iter()
        .map(|a| json!({"agency_id": a, "attendance": "present", "representative": "Named Professional"}))
        .collect();
    let (status, started) = coordinator
        .put(
            &format!("/conference-meetings/{meeting}/attendance"),
            json!({ "attendance": attendance }),
        )
        .await;
    assert_eq!(status, 200, "{started}");
}

async fn close(coordinator: &Api, meeting: &str) {
    let (status, closed) = coordinator
        .post(
            &format!("/conference-meetings/{meeting}/close"),
            json!({"minutes": "Cases discussed and actions reviewed."}),
        )
        .await;
    assert_eq!(status, 200, "{closed}");
}

async fn action(coordinator: &Api, id: &str) -> Value {
    let (status, actions) = coordinator
        .get(&format!("/conference-referrals/{id}/actions"))
        .await;
    assert_eq!(status, 200, "{actions}");
    actions[0].clone()
}

async fn actions_are_agreed_carried_over_and_escalated(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    let police = agency_id(&t, "Lakeside Police Domestic Abuse Unit").await;
    let shelter = agency_id(&t, "Safe Haven Women's Shelter").await;
    let (coordinator, _) = api_for(&t, "marac.coordinator").await;
    let (caseworker_api, mut caseworker) = api_for(&t, "shelter.caseworker").await;
    let (police_api, _) = api_for(&t, "police.officer").await;
    let (hospital_api, _) = api_for(&t, "hospital.nurse").await;

    // The protocol shares the risk only; a carry-over limit of 2.
    let (status, bad) = coordinator
        .post(
            "/conferences",
            json!({"name": "Actions MARAC", "sharing_protocol": "ISP", "shared_categories": []}),
        )
        .await;
    assert_eq!(status, 400, "{bad}");
    assert_eq!(problem_field(&bad), "shared_categories");
    let (status, conference) = coordinator
        .post(
            "/conferences",
            json!({
                "name": "Actions MARAC",
                "sharing_protocol": "Actions ISP 2026",
                "shared_categories": ["risk"],
                "members": [police, shelter],
                "rules": {"escalate_after": 2},
            }),
        )
        .await;
    assert_eq!(status, 201, "{conference}");
    assert_eq!(conference["shared_categories"], json!(["risk"]));
    let conf = conference["id"].as_str().unwrap().to_string();

    let (case_a, ref_a) = accepted_case(
        &mut caseworker,
        &caseworker_api,
        &coordinator,
        &conf,
        "Action Case-One",
    )
    .await;
    let (case_b, ref_b) = accepted_case(
        &mut caseworker,
        &caseworker_api,
        &coordinator,
        &conf,
        "Action Case-Two",
    )
    .await;
    let first = meeting(&coordinator, &conf, "regular", "2026-03-02").await;
    list(&coordinator, &ref_a, &first).await;

    // No action before the meeting starts.
    let agree = |description: &str, owner: &str, due: &str| json!({"description": description, "owner_agency_id": owner, "due_on": due});
    let (status, early) = coordinator
        .post(
            &format!("/conference-referrals/{ref_a}/actions"),
            agree("Flag the address", &police, "2026-03-06"),
        )
        .await;
    assert_eq!(status, 409, "{early}");

    attend(&coordinator, &first, &[&police]).await;
    // The police see case A as the protocol allows: the risk, nothing else.
    let (status, file) = police_api
        .get(&format!("/cases/{case_a}?purpose=case_conference"))
        .await;
    assert_eq!(status, 200, "{file}");
    assert_eq!(file["categories"], json!(["risk"]));
    assert!(
        file["incidents"].is_null() && file["survivor"].is_null(),
        "{file}"
    );
    // Case B listed after the attendance: the police, already present, see it too.
    let risk_of_b = format!("/cases/{case_b}/risk?purpose=case_conference");
    assert_eq!(police_api.get(&risk_of_b).await.0, 403);
    list(&coordinator, &ref_b, &first).await;
    assert_eq!(police_api.get(&risk_of_b).await.0, 200);

    // Agreeing an action: each problem named; only the coordinators agree.
    let path = format!("/conference-referrals/{ref_a}/actions");
    let (status, refused) = coordinator
        .post(&path, agree("Flag the address", &police, "2026-03-01"))
        .await;
    assert_eq!(
        (status, problem_field(&refused)),
        (400, "due_on".to_string())
    );
    let hospital = agency_id(&t, "Lakeside General Hospital One-Stop Centre").await;
    let (status, refused) = coordinator
        .post(&path, agree("Flag the address", &hospital, "2026-03-06"))
        .await;
    assert_eq!(
        (status, problem_field(&refused)),
        (400, "owner_agency_id".to_string()),
        "the hospital is not a member"
    );
    assert_eq!(
        caseworker_api
            .post(&path, agree("Flag the address", &police, "2026-03-06"))
            .await
            .0,
        403
    );
    let (status, flag) = coordinator
        .post(
            &path,
            agree(
                "Flag the address for urgent response",
                &police,
                "2026-03-06",
            ),
        )
        .await;
    assert_eq!(status, 201, "{flag}");
    assert_eq!(flag["status"], "not_done");
    assert!(
        flag.get("description").is_none(),
        "no text in the write answer"
    );
    let flag_id = flag["id"].as_str().unwrap().to_string();

    // The police see what they own, and only that; the hospital nothing.
    let (status, owned) = police_api.get("/me/conference-actions").await;
    assert_eq!(status, 200, "{owned}");
    assert_eq!(owned.as_array().unwrap().len(), 1);
    assert_eq!(
        owned[0]["description"],
        "Flag the address for urgent response"
    );
    assert!(
        owned[0]["survivor_reference"]
            .as_str()
            .unwrap()
            .starts_with("S-"),
        "{owned}"
    );
    assert_eq!(
        hospital_api
            .get(&format!("/conference-referrals/{ref_a}/actions"))
            .await
            .0,
        403
    );
    assert_eq!(
        hospital_api
            .put(
                &format!("/conference-actions/{flag_id}/status"),
                json!({"status": "done"})
            )
            .await
            .0,
        403
    );

    // Agreed at the first meeting, so its close does not carry it.
    close(&coordinator, &first).await;
    assert_eq!(action(&coordinator, &ref_a).await["carry_overs"], 0);

    // Each regular meeting that closes with it not done carries it; the
    // second carry-over escalates it (the conference's limit), once.
    t.clock.advance(chrono::Duration::days(7));
    let second = meeting(&coordinator, &conf, "regular", "2026-03-09").await;
    attend(&coordinator, &second, &[&police]).await;
    close(&coordinator, &second).await;
    let carried = action(&coordinator, &ref_a).await;
    assert_eq!(carried["carry_overs"], 1);
    assert!(carried["escalated_at"].is_null());
    assert_eq!(carried["overdue"], true, "due on the 6th");
    // An emergency meeting hears its own cases and carries nothing.
    let emergency = meeting(&coordinator, &conf, "emergency", "2026-03-10").await;
    attend(&coordinator, &emergency, &[&police]).await;
    close(&coordinator, &emergency).await;
    assert_eq!(action(&coordinator, &ref_a).await["carry_overs"], 1);
    t.clock.advance(chrono::Duration::days(7));
    let third = meeting(&coordinator, &conf, "regular", "2026-03-16").await;
    attend(&coordinator, &third, &[&police]).await;
    close(&coordinator, &third).await;
    let escalated = action(&coordinator, &ref_a).await;
    assert_eq!(escalated["carry_overs"], 2);
    let escalated_at = escalated["escalated_at"].clone();
    assert!(escalated_at.is_string(), "{escalated}");

    // The police record it not possible: they must say what changed.
    let status_path = format!("/conference-actions/{flag_id}/status");
    let (status, refused) = police_api
        .put(&status_path, json!({"status": "not_possible"}))
        .await;
    assert_eq!((status, problem_field(&refused)), (400, "note".to_string()));
    let (status, updated) = police_api
        .put(
            &status_path,
            json!({"status": "not_possible", "note": "She has moved out of the area."}),
        )
        .await;
    assert_eq!(status, 200, "{updated}");
    assert_eq!(updated["status"], "not_possible");
    let (_, owned) = police_api.get("/me/conference-actions").await;
    assert_eq!(owned, json!([]), "only open actions are listed to do");
    // No longer open, it is not carried again.
    let fourth = meeting(&coordinator, &conf, "regular", "2026-03-23").await;
    attend(&coordinator, &fourth, &[&police]).await;
    close(&coordinator, &fourth).await;
    let last = action(&coordinator, &ref_a).await;
    assert_eq!(
        (
            last["carry_overs"].clone(),
            last["escalated_at"].clone(),
            last["note"].clone()
        ),
        (
            json!(2),
            escalated_at,
            json!("She has moved out of the area.")
        )
    );
    let (status, all) = coordinator
        .get(&format!("/conferences/{conf}/actions"))
        .await;
    assert_eq!(status, 200);
    assert_eq!(all.as_array().unwrap().len(), 1);
    assert_eq!(
        police_api
            .get(&format!("/conferences/{conf}/actions"))
            .await
            .0,
        403,
        "a conference's actions are its coordinators'"
    );
}

/// The same through the pages: the coordinator agrees an action on the
/// meeting page (a refused form comes back with 422 naming the field); the
/// police record it done from the conferences page.
async fn actions_are_agreed_and_recorded_through_the_pages(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    let police = agency_id(&t, "Lakeside Police Domestic Abuse Unit").await;
    let shelter = agency_id(&t, "Safe Haven Women's Shelter").await;
    let (coordinator_api, mut coordinator) = api_for(&t, "marac.coordinator").await;
    let (caseworker_api, mut caseworker) = api_for(&t, "shelter.caseworker").await;
    let (mut officer, _) = signed_in(&t, "police.officer").await;
    let (status, conference) = coordinator_api
        .post(
            "/conferences",
            json!({"name": "Pages MARAC", "sharing_protocol": "ISP", "members": [police, shelter]}),
        )
        .await;
    assert_eq!(status, 201, "{conference}");
    let conf = conference["id"].as_str().unwrap().to_string();
    let (_, referral) = accepted_case(
        &mut caseworker,
        &caseworker_api,
        &coordinator_api,
        &conf,
        "Action Page-Survivor",
    )
    .await;
    let meeting_id = meeting(&coordinator_api, &conf, "regular", "2026-03-02").await;
    list(&coordinator_api, &referral, &meeting_id).await;
    attend(&coordinator_api, &meeting_id, &[&police]).await;

    let page = coordinator
        .get(&format!("/conference-meetings/{meeting_id}"))
        .await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.contains("Agree an action for"), "{}", page.body);
    let path = format!("/conference-referrals/{referral}/actions");
    let refused = coordinator
        .post(
            &path,
            &[
                ("meeting_id", meeting_id.as_str()),
                ("description", "Safety planning visit"),
                ("owner_agency_id", police.as_str()),
                ("due_on", "2026-02-27"),
            ],
        )
        .await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert!(
        refused.contains("cannot be before the meeting that agreed it")
            && refused.contains("id=\"field-due_on\"")
            && refused.contains("Safety planning visit"),
        "the refused form comes back filled, its field reachable: {}",
        refused.body
    );
    let agreed = coordinator
        .post(
            &path,
            &[
                ("meeting_id", meeting_id.as_str()),
                ("description", "Safety planning visit"),
                ("owner_agency_id", police.as_str()),
                ("due_on", "2026-03-09"),
            ],
        )
        .await;
    assert_eq!(agreed.status, 303, "{}", agreed.body);
    let page = coordinator
        .get(&format!("/conference-meetings/{meeting_id}"))
        .await;
    assert!(page.contains("Safety planning visit"), "{}", page.body);
    let overview = coordinator.get(&format!("/conferences/{conf}")).await;
    assert!(
        overview.contains("Open actions (1)") && overview.contains("Safety planning visit"),
        "{}",
        overview.body
    );

    // The police find it from their home page, on the conferences page.
    let home = officer.get("/").await;
    assert!(
        home.contains("Risk conference actions your agency owns, not done yet: 1"),
        "{}",
        home.body
    );
    let list_page = officer.get("/conferences").await;
    assert_eq!(list_page.status, 200, "{}", list_page.body);
    assert!(
        list_page.contains("Safety planning visit"),
        "{}",
        list_page.body
    );
    let action_id = list_page
        .body
        .split("/conference-actions/")
        .nth(1)
        .unwrap()
        .split('/')
        .next()
        .unwrap()
        .to_string();
    let refused = officer
        .post(
            &format!("/conference-actions/{action_id}/status"),
            &[("status", "not_possible"), ("note", "")],
        )
        .await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert!(refused.contains("say what changed"), "{}", refused.body);
    // The referral's page shows the police the action they own, and they
    // record it done there.
    let referral_page = officer
        .get(&format!("/conference-referrals/{referral}"))
        .await;
    assert_eq!(referral_page.status, 200, "{}", referral_page.body);
    assert!(referral_page.contains("Safety planning visit"));
    let done = officer
        .post(
            &format!("/conference-actions/{action_id}/status"),
            &[
                ("referral_id", referral.as_str()),
                ("status", "done"),
                ("note", "Visit made on Thursday."),
            ],
        )
        .await;
    assert_eq!(done.status, 303, "{}", done.body);
    assert_eq!(
        done.location.as_deref(),
        Some(format!("/conference-referrals/{referral}#actions").as_str())
    );
    let referral_page = officer
        .get(&format!("/conference-referrals/{referral}"))
        .await;
    assert!(
        referral_page.contains("Visit made on Thursday.") && referral_page.contains(">Done<"),
        "{}",
        referral_page.body
    );
    assert!(
        !officer
            .get("/conferences")
            .await
            .contains("Safety planning visit")
    );
    let overview = coordinator.get(&format!("/conferences/{conf}")).await;
    assert!(overview.contains("Open actions (0)"), "{}", overview.body);
}

/// The demo conference as a coordinator finds it: three meetings held and
/// one to come, its cases assessed over months, actions agreed at each
/// meeting, most done and some carried over.
async fn the_demo_conference_has_history(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    t.app.seed_demo_cases(200).await.unwrap(); // as `concord demo`
    assert!(t.app.seed_demo_conferences().await.unwrap());
    assert!(!t.app.seed_demo_conferences().await.unwrap(), "once");
    let (coordinator, _) = api_for(&t, "marac.coordinator").await;
    let (_, list) = coordinator.get("/conferences").await;
    let conf = list[0]["id"].as_str().unwrap().to_string();
    let (status, overview) = coordinator.get(&format!("/conferences/{conf}")).await;
    assert_eq!(status, 200, "{overview}");
    let statuses: Vec<&str> = overview["meetings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["scheduled", "closed", "closed", "closed"]);
    let referrals = overview["referrals"].as_array().unwrap();
    assert_eq!(referrals.len(), 40);
    let heard = referrals
        .iter()
        .filter(|r| r["status"] == "discussed")
        .count();
    assert!(heard >= 25, "{heard} discussed");

    let (_, actions) = coordinator
        .get(&format!("/conferences/{conf}/actions"))
        .await;
    let actions = actions.as_array().unwrap();
    assert_eq!(actions.len(), 2 * heard, "two actions per case heard");
    let done = actions.iter().filter(|a| a["status"] == "done").count();
    let carried = actions.iter().filter(|a| a["carry_overs"] == 1).count();
    assert!(
        done > actions.len() / 2 && done < actions.len(),
        "{done} done"
    );
    assert!(carried > 0, "some were carried over");

    // A discussed case's assessments span months, the latest first.
    let case = referrals
        .iter()
        .find(|r| r["status"] == "discussed")
        .unwrap()["case_id"]
        .as_str()
        .unwrap()
        .to_string();
    let (status, risk) = coordinator
        .get(&format!("/cases/{case}/risk?purpose=case_conference"))
        .await;
    assert_eq!(status, 200, "{risk}");
    let days: std::collections::BTreeSet<&str> = risk["assessments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["assessed_on"].as_str().unwrap())
        .collect();
    assert!(days.len() >= 2, "assessed on different days: {risk}");
}
