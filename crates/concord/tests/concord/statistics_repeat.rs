//! Repeat victimisation through HTTP, on both engines. The shelter: 12
//! survivors in Lakeside with incidents on 10 February 2025 and 10 February
//! 2026 (12 calendar months to the day: repeats) and 12 with incidents on
//! 9 February 2025 and 10 February 2026 (a day more: not repeats). The
//! police: 3 survivors in Coastal with repeats (a small count) and 10 with
//! a first incident in Riverside. February 2026: the nation 37 survivors,
//! 15 repeats.

use super::conferences::api_for;
use super::support::signed_in;
use concord_app::cases::records::IncidentDetails;
use concord_domain::access::Actor;
use concord_domain::incident::IncidentForm;
use concord_domain::role::Role;
use concord_domain::survivor::SurvivorForm;
use concord_testkit::{Engine, TestApp, on_both_engines, open_store};
use serde_json::Value;

on_both_engines!(repeats_are_twelve_calendar_months_exact_for_the_agency_and_suppressed_combined,);

const PATH: &str = "/statistics/repeat-victimisation";

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

/// `n` survivors registered by `username`, each with a physical assault on
/// every day of `days` in the area `code`.
async fn survivors(t: &TestApp, username: &str, code: &str, days: &[&str], n: usize) {
    let actor = actor(t, username).await;
    let store = open_store(&t.database_url).await;
    let area = store
        .statistics_areas()
        .await
        .unwrap()
        .into_iter()
        .find(|a| a.code == code)
        .unwrap()
        .id
        .to_string();
    for _ in 0..n {
        let form = SurvivorForm {
            name: "Repeat Testperson".into(),
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
        for day in days {
            let no = || Some("no".to_string());
            let incident = IncidentForm {
                incident_date: day.to_string(),
                date_first_reported: day.to_string(),
                area_id: Some(area.clone()),
                penetration: no(),
                unwanted_sexual_contact: no(),
                physical_assault: Some("yes".into()),
                forced_marriage: no(),
                denial_of_resources: no(),
                psychological_abuse: no(),
                perpetrator_relationship: "intimate_partner".into(),
                perpetrator_sex: "male".into(),
                perpetrator_age_group: "26_40".into(),
                consent_to_statistics: Some("on".into()),
                ..IncidentForm::default()
            };
            let details = IncidentDetails {
                perpetrator_identity: String::new(),
                narrative: "Recorded for the repeat test.".into(),
            };
            t.app
                .record_incident(&actor, case.id, &incident, &details)
                .await
                .unwrap();
        }
    }
}

fn area<'a>(body: &'a Value, code: &str) -> &'a Value {
    body["areas"]
        .as_array()
        .unwrap_or_else(|| panic!("no areas in {body}"))
        .iter()
        .find(|a| a["code"] == code)
        .unwrap_or_else(|| panic!("{code} not in {body}"))
}

async fn repeats_are_twelve_calendar_months_exact_for_the_agency_and_suppressed_combined(
    engine: Engine,
) {
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    let repeat = ["2025-02-10", "2026-02-10"];
    let a_day_more = ["2025-02-09", "2026-02-10"];
    survivors(&t, "shelter.caseworker", "KV-N-LAK", &repeat, 12).await;
    survivors(&t, "shelter.caseworker", "KV-N-LAK", &a_day_more, 12).await;
    survivors(&t, "police.officer", "KV-S-COA", &repeat, 3).await;
    survivors(&t, "police.officer", "KV-S-RIV", &["2026-02-10"], 10).await;

    // The shelter's supervisor: her agency exactly.
    let (supervisor, mut browser) = api_for(&t, "shelter.supervisor").await;
    let (status, own) = supervisor
        .get(&format!("{PATH}?period=2026-02&agencies=own"))
        .await;
    assert_eq!(status, 200, "{own}");
    assert!(own["small_cell_threshold"].is_null());
    let lakeside = area(&own, "KV-N-LAK");
    assert_eq!(lakeside["survivors"]["value"], 24, "{own}");
    assert_eq!(lakeside["repeat"]["value"], 12);
    assert_eq!(lakeside["not_repeat"]["value"], 12);
    assert_eq!(lakeside["rate"], 0.5);
    assert_eq!(area(&own, "KV-S-COA")["survivors"]["value"], 0);
    // A year earlier the 2025 incidents are first incidents.
    let (_, year_before) = supervisor
        .get(&format!("{PATH}?period=2025-02&agencies=own"))
        .await;
    assert_eq!(area(&year_before, "KV")["survivors"]["value"], 24);
    assert_eq!(area(&year_before, "KV")["repeat"]["value"], 0);

    // Combined: the nation's figures are shown; Coastal's 3 repeats are
    // hidden, and so is what would give them away.
    let (analyst, mut analyst_browser) = api_for(&t, "analyst").await;
    let (status, all) = analyst.get(&format!("{PATH}?period=2026-02")).await;
    assert_eq!(status, 200, "{all}");
    assert_eq!(all["small_cell_threshold"], 10);
    assert_eq!(area(&all, "KV")["survivors"]["value"], 37, "{all}");
    // Every figure shown is the true one, and none is from 1 to 9.
    let truth = [
        ("KV", [37, 15, 22]),
        ("KV-N", [24, 12, 12]),
        ("KV-N-LAK", [24, 12, 12]),
        ("KV-N-HIL", [0, 0, 0]),
        ("KV-S", [13, 3, 10]),
        ("KV-S-COA", [3, 3, 0]),
        ("KV-S-RIV", [10, 0, 10]),
    ];
    for (code, values) in truth {
        for (name, value) in ["survivors", "repeat", "not_repeat"].iter().zip(values) {
            let shown = area(&all, code)[name]["value"].as_u64();
            assert!(
                shown.is_none() || shown == Some(value),
                "{code} {name}: {all}"
            );
            assert!(
                !shown.is_some_and(|n| n > 0 && n < 10),
                "{code} {name}: {all}"
            );
        }
    }
    let coastal = area(&all, "KV-S-COA");
    assert_eq!(coastal["repeat"]["suppressed"], true, "{all}");
    assert!(coastal["rate"].is_null());
    let shown = |v: &Value| v["value"].as_u64().is_some();
    assert!(
        !(shown(&coastal["survivors"]) && shown(&coastal["not_repeat"])),
        "3 = survivors − not repeats: {all}"
    );
    let south = area(&all, "KV-S");
    let riverside = area(&all, "KV-S-RIV");
    assert!(
        !(shown(&south["repeat"])
            && shown(&south["survivors_at_this_level"])
            && shown(&riverside["repeat"])),
        "3 = region − Riverside: {all}"
    );
    let (_, seen_by_supervisor) = supervisor.get(&format!("{PATH}?period=2026-02")).await;
    assert_eq!(all["areas"], seen_by_supervisor["areas"]);
    let (status, _) = analyst
        .get(&format!("{PATH}?period=2026-02&agencies=own"))
        .await;
    assert_eq!(status, 403);

    // The pages.
    let page = analyst_browser
        .get(&format!("{PATH}?period=2026-02&area=KV-S"))
        .await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("Coastal"));
    assert!(page.body.contains(">suppressed<"), "{}", page.body);
    assert!(page.body.contains("<svg"));
    assert!(page.body.contains("within 12 calendar months"));
    assert!(!page.body.contains("Testperson"));
    let page = browser
        .get(&format!("{PATH}?period=2026-02&agencies=own&area=KV-N-LAK"))
        .await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("50 %"), "{}", page.body);
    let page = browser
        .get(&format!("{PATH}?period=2026-2&area=NOWHERE"))
        .await;
    assert_eq!(page.status, 422, "{}", page.body);

    let (mut worker, _) = signed_in(&t, "shelter.caseworker").await;
    assert_eq!(
        worker.get(&format!("{PATH}?period=2026-02")).await.status,
        403
    );
}
