//! Statistics through HTTP, on both engines: who sees what. An analyst sees
//! combined figures, suppressed, and never a case, reference or name; an
//! agency's supervisor sees her own agency exactly and everything combined
//! suppressed like everyone else; bad filters are refused naming the field.
//!
//! The incidents (all first reported in February 2026, with consent to
//! statistics): the shelter 12 rapes in Lakeside and 3 physical assaults
//! in Coastal; the police 2 rapes in Lakeside, 1 in Hillview and 10
//! physical assaults in Riverside, plus one in Lakeside without consent
//! (never counted). The nation: 15 rapes, 13 physical assaults, 28 in all;
//! Hillview (1) and Coastal (3) are small.

use super::conferences::api_for;
use super::support::signed_in;
use concord_app::cases::records::IncidentDetails;
use concord_domain::access::Actor;
use concord_domain::incident::IncidentForm;
use concord_domain::role::Role;
use concord_domain::survivor::SurvivorForm;
use concord_testkit::{Engine, TestApp, on_both_engines, open_store};
use serde_json::Value;

on_both_engines!(
    analyst_sees_combined_figures_suppressed_and_never_a_case,
    a_supervisor_sees_her_own_agency_exactly_and_the_rest_suppressed,
    bad_filters_are_refused_naming_the_field,
    the_demo_history_shows_the_nation_and_hides_small_districts,
    a_secretariat_sees_only_its_bodies_areas_and_below_suppressed,
);

const NAME: &str = "Zainab Statistic-Testperson";

async fn actor(t: &TestApp, username: &str) -> Actor {
    let store = open_store(&t.database_url).await;
    let user = store
        .find_user_by_username(username)
        .await
        .unwrap()
        .unwrap();
    Actor {
        user_id: user.id,
        agency_id: user.agency_id,
        roles: vec![Role::Caseworker],
        token_scope: None,
    }
}

async fn area_id(t: &TestApp, code: &str) -> String {
    let store = open_store(&t.database_url).await;
    let areas = store.statistics_areas().await.unwrap();
    areas
        .iter()
        .find(|a| a.code == code)
        .unwrap()
        .id
        .to_string()
}

/// `n` survivors registered by `username`, each with one incident first
/// reported on a February day in the area `code`.
pub(super) async fn incidents(
    t: &TestApp,
    username: &str,
    code: &str,
    question: &str,
    n: usize,
    consent: bool,
) {
    let actor = actor(t, username).await;
    let area = area_id(t, code).await;
    for i in 0..n {
        let form = SurvivorForm {
            name: NAME.into(),
            date_of_birth: "1990-04-02".into(),
            sex_gender: "female".into(),
            displacement: "resident".into(),
            languages: "English".into(),
            contact_method: "phone".into(),
            contact_details: "+000 555 0100".into(),
            safe_times: "mornings".into(),
            code_word: "lantern".into(),
            ..SurvivorForm::default()
        };
        let (_, case) = t.app.register_survivor(&actor, &form).await.unwrap();
        let day = format!("2026-02-{:02}", 1 + i % 27);
        let yes = |q: &str| Some(if q == question { "yes" } else { "no" }.to_string());
        let incident = IncidentForm {
            incident_date: day.clone(),
            date_first_reported: day,
            area_id: Some(area.clone()),
            penetration: yes("penetration"),
            unwanted_sexual_contact: yes("unwanted_sexual_contact"),
            physical_assault: yes("physical_assault"),
            forced_marriage: yes("forced_marriage"),
            denial_of_resources: yes("denial_of_resources"),
            psychological_abuse: yes("psychological_abuse"),
            perpetrator_relationship: "intimate_partner".into(),
            perpetrator_sex: "male".into(),
            perpetrator_age_group: "26_40".into(),
            consent_to_statistics: consent.then(|| "on".to_string()),
            ..IncidentForm::default()
        };
        let details = IncidentDetails {
            perpetrator_identity: String::new(),
            narrative: "Recorded for the statistics test.".into(),
        };
        t.app
            .record_incident(&actor, case.id, &incident, &details)
            .await
            .unwrap();
    }
}

async fn world(engine: Engine) -> TestApp {
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    incidents(
        &t,
        "shelter.caseworker",
        "KV-N-LAK",
        "penetration",
        12,
        true,
    )
    .await;
    incidents(
        &t,
        "shelter.caseworker",
        "KV-S-COA",
        "physical_assault",
        3,
        true,
    )
    .await;
    incidents(&t, "police.officer", "KV-N-LAK", "penetration", 2, true).await;
    incidents(&t, "police.officer", "KV-N-HIL", "penetration", 1, true).await;
    incidents(
        &t,
        "police.officer",
        "KV-S-RIV",
        "physical_assault",
        10,
        true,
    )
    .await;
    incidents(&t, "police.officer", "KV-N-LAK", "penetration", 1, false).await;
    t
}

/// The figures of an area in an API answer.
fn area<'a>(body: &'a Value, code: &str) -> &'a Value {
    body["areas"]
        .as_array()
        .unwrap_or_else(|| panic!("no areas in {body}"))
        .iter()
        .find(|a| a["code"] == code)
        .unwrap_or_else(|| panic!("{code} not in {body}"))
}

fn category<'a>(area: &'a Value, name: &str) -> &'a Value {
    area["categories"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["category"] == name)
        .unwrap()
}

async fn analyst_sees_combined_figures_suppressed_and_never_a_case(engine: Engine) {
    let t = world(engine).await;
    let (api, mut browser) = api_for(&t, "analyst").await;

    // The nation: 28 counted incidents (the one without consent is not).
    let (status, body) = api.get("/statistics/incidents?period=2026-02").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["small_cell_threshold"], 10);
    assert_eq!(area(&body, "KV")["total"]["value"], 28, "{body}");
    assert_eq!(category(area(&body, "KV"), "rape")["value"], 15);
    assert_eq!(category(area(&body, "KV"), "physical_assault")["value"], 13);
    // Hillview's 1 and Coastal's 3 are hidden, and so is enough around
    // them that neither can be worked out from its region and siblings.
    for (code, region, siblings) in [
        ("KV-N-HIL", "KV-N", ["KV-N-LAK"]),
        ("KV-S-COA", "KV-S", ["KV-S-RIV"]),
    ] {
        let hidden = area(&body, code);
        assert_eq!(hidden["total"]["suppressed"], true, "{code}: {body}");
        assert!(hidden["total"]["value"].is_null());
        let shown = |v: &Value| v["value"].as_u64().is_some();
        let region = area(&body, region);
        let all_around_shown = shown(&region["total"])
            && shown(&region["at_this_level"])
            && siblings.iter().all(|s| shown(&area(&body, s)["total"]));
        assert!(!all_around_shown, "{code} = region − siblings: {body}");
    }

    // Drill-down on the page: nation → Southern Region → Coastal.
    let page = browser.get("/statistics").await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("Northern Region"));
    let page = browser
        .get("/statistics/incidents?agencies=all&period=2026-02&area=KV-S&breakdown=gbv_type")
        .await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("Coastal District"));
    assert!(page.body.contains(">suppressed<"), "{}", page.body);
    assert!(page.body.contains("<svg"));
    let page = browser
        .get("/statistics/incidents?period=2026-02&area=KV-S-COA&breakdown=age_group")
        .await;
    assert_eq!(page.status, 200, "{}", page.body);

    // Never a case, a reference or a name.
    for text in [&page.body, &body.to_string()] {
        assert!(!text.contains("Zainab"), "a name");
        assert!(!text.contains("/cases/"), "a link to a case");
    }
    let (status, _) = api.get("/cases").await;
    assert_eq!(status, 403, "an analyst lists no case");
    let cases = browser.get("/cases").await;
    assert_eq!(cases.status, 403);
    // Exact figures are not hers to see.
    let (status, body) = api
        .get("/statistics/incidents?period=2026-02&agencies=own")
        .await;
    assert_eq!(status, 403, "{body}");
}

async fn a_supervisor_sees_her_own_agency_exactly_and_the_rest_suppressed(engine: Engine) {
    let t = world(engine).await;
    let (shelter, mut browser) = api_for(&t, "shelter.supervisor").await;
    let (status, own) = shelter
        .get("/statistics/incidents?period=2026-02&agencies=own")
        .await;
    assert_eq!(status, 200, "{own}");
    assert!(own["small_cell_threshold"].is_null());
    // Her agency's 3 in Coastal, exactly; nothing of the police's.
    assert_eq!(area(&own, "KV-S-COA")["total"]["value"], 3, "{own}");
    assert_eq!(area(&own, "KV-N-LAK")["total"]["value"], 12);
    assert_eq!(area(&own, "KV-N-HIL")["total"]["value"], 0);
    assert_eq!(area(&own, "KV-S-RIV")["total"]["value"], 0);
    assert_eq!(area(&own, "KV")["total"]["value"], 15);

    // Combined with the police, she sees what an analyst sees: the
    // police's single incident in Hillview is hidden from her, and so are
    // her own 3 in Coastal (the combined table is the same for everyone).
    let (status, all) = shelter.get("/statistics/incidents?period=2026-02").await;
    assert_eq!(status, 200, "{all}");
    assert_eq!(all["small_cell_threshold"], 10);
    assert_eq!(area(&all, "KV-N-HIL")["total"]["suppressed"], true, "{all}");
    assert_eq!(area(&all, "KV-S-COA")["total"]["suppressed"], true);
    assert_eq!(area(&all, "KV")["total"]["value"], 28);
    let (analyst, _) = api_for(&t, "analyst").await;
    let (_, seen_by_analyst) = analyst.get("/statistics/incidents?period=2026-02").await;
    assert_eq!(all["areas"], seen_by_analyst["areas"]);

    // The page says which: exact for her own agency.
    let page = browser
        .get("/statistics/incidents?period=2026-02&agencies=own")
        .await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("your own agency"), "{}", page.body);

    // A caseworker sees no statistics at all, and has no link to them.
    let (mut caseworker, _) = signed_in(&t, "shelter.caseworker").await;
    let page = caseworker.get("/statistics").await;
    assert_eq!(page.status, 403);
    let home = caseworker.get("/").await;
    assert!(!home.body.contains("href=\"/statistics\""));
}

async fn bad_filters_are_refused_naming_the_field(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    let (api, mut browser) = api_for(&t, "analyst").await;
    let (status, body) = api
        .get("/statistics/incidents?period=2026-13&breakdown=colour&area=NOWHERE&agencies=some")
        .await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["error"]["code"], "invalid", "{body}");
    let fields: Vec<&str> = body["error"]["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["field"].as_str().unwrap())
        .collect();
    for field in ["period", "breakdown", "area", "agencies"] {
        assert!(fields.contains(&field), "{field} not named in {body}");
    }
    let (status, body) = api.get("/statistics/incidents").await;
    assert_eq!(status, 400, "a period is required: {body}");

    let page = browser
        .get("/statistics/incidents?period=2026-13&breakdown=colour&area=NOWHERE")
        .await;
    assert_eq!(page.status, 422, "{}", page.body);
    assert!(page.body.contains("aria-invalid=\"true\""));
    for label in ["Period", "Breakdown", "Area"] {
        assert!(page.body.contains(label), "{label} in {}", page.body);
    }
}

async fn the_demo_history_shows_the_nation_and_hides_small_districts(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    let recorded = t.app.seed_demo_statistics().await.unwrap();
    assert!(recorded > 500, "{recorded} incidents");
    assert_eq!(
        t.app.seed_demo_statistics().await.unwrap(),
        0,
        "seeded once"
    );
    let (api, _) = api_for(&t, "analyst").await;
    // The test clock stands at 2 March 2026: 2025 is a full year of history.
    let (status, year) = api.get("/statistics/incidents?period=2025").await;
    assert_eq!(status, 200, "{year}");
    let nation = area(&year, "KV")["total"]["value"].as_u64();
    assert!(
        nation.is_some_and(|n| n >= 100),
        "the nation's year is shown: {year}"
    );
    let mut suppressed_districts = 0;
    for quarter in 1..=4 {
        let (_, body) = api
            .get(&format!("/statistics/incidents?period=2025-Q{quarter}"))
            .await;
        assert!(
            area(&body, "KV")["total"]["value"].is_u64(),
            "2025-Q{quarter}: {body}"
        );
        for code in ["KV-N-LAK", "KV-N-HIL", "KV-S-RIV", "KV-S-COA"] {
            suppressed_districts += usize::from(area(&body, code)["total"]["suppressed"] == true);
        }
    }
    assert!(suppressed_districts >= 1, "small districts are hidden");
}

/// Hands every demo body to social services except those of the area
/// `keep`, which the ministry's secretariat keeps.
async fn hand_bodies_to_social_services(t: &TestApp, keep: Option<&str>) {
    let store = open_store(&t.database_url).await;
    let social = super::cases::agency_id(t, "Lakeside Social Services").await;
    let social = concord_domain::ids::AgencyId(social.parse().unwrap());
    let kept = match keep {
        Some(code) => Some(area_id(t, code).await),
        None => None,
    };
    for mut body in store.list_bodies().await.unwrap() {
        if Some(body.area_id.to_string()) == kept {
            continue;
        }
        body.secretariat_agency_id = Some(social);
        let audit = concord_store::NewAuditEvent {
            at: chrono::Utc::now(),
            actor_user_id: None,
            actor_agency_id: None,
            action: concord_domain::audit::AuditAction::CoordinationBodyUpdated,
            object_type: Some("body".into()),
            object_id: Some(body.id.to_string()),
            outcome: concord_domain::audit::AuditOutcome::Success,
            details: serde_json::json!({}),
        };
        store.update_body(&body, &audit).await.unwrap();
    }
}

async fn a_secretariat_sees_only_its_bodies_areas_and_below_suppressed(engine: Engine) {
    let t = world(engine).await;
    let (api, mut browser) = api_for(&t, "secretariat").await;
    // With the national council, the whole country (suppressed).
    let (status, body) = api.get("/statistics/incidents?period=2026-02").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(area(&body, "KV")["total"]["value"], 28, "{body}");

    // Only the Lakeside local council left: Lakeside (14 counted) is what
    // it sees, by default, suppressed.
    hand_bodies_to_social_services(&t, Some("KV-N-LAK")).await;
    let (status, body) = api.get("/statistics/incidents?period=2026-02").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["small_cell_threshold"], 10);
    let codes: Vec<_> = body["areas"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["KV-N-LAK"], "{body}");
    // The same suppressed figures every combined reader sees: Lakeside's
    // 14 stay hidden, or Hillview's 1 would be the Northern Region's total
    // minus Lakeside.
    let (analyst, _) = api_for(&t, "analyst").await;
    let (_, everywhere) = analyst
        .get("/statistics/incidents?period=2026-02&area=KV-N-LAK")
        .await;
    assert_eq!(area(&body, "KV-N-LAK"), area(&everywhere, "KV-N-LAK"));
    assert_eq!(
        area(&body, "KV-N-LAK")["total"]["suppressed"],
        true,
        "{body}"
    );
    let (status, body) = api
        .get("/statistics/incidents?period=2026-02&area=KV-N-LAK&breakdown=age_group")
        .await;
    assert_eq!(status, 200, "{body}");
    // Above and beside it: refused, on the API and the page.
    for code in ["KV", "KV-N", "KV-N-HIL", "KV-S", "KV-S-COA"] {
        let (status, body) = api
            .get(&format!("/statistics/incidents?period=2026-02&area={code}"))
            .await;
        assert_eq!(status, 403, "{code}: {body}");
        let page = browser
            .get(&format!("/statistics/incidents?period=2026-02&area={code}"))
            .await;
        assert_eq!(page.status, 403, "{code}");
    }
    // The page offers Lakeside alone and no link above or beside it.
    let page = browser.get("/statistics/incidents?period=2026-02").await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("Lakeside"), "{}", page.body);
    for other in [
        "Northern Region",
        "Hillview",
        "Coastal",
        "Riverside",
        "area=KV-N&",
        "area=KV&",
    ] {
        assert!(!page.body.contains(other), "{other} shown: {}", page.body);
    }
    // Never exact figures.
    let (status, _) = api
        .get("/statistics/incidents?period=2026-02&agencies=own")
        .await;
    assert_eq!(status, 403);

    // No body left: no statistics at all.
    hand_bodies_to_social_services(&t, None).await;
    let (status, _) = api.get("/statistics/incidents?period=2026-02").await;
    assert_eq!(status, 403);
}
