//! The referral funnel through HTTP, on both engines: who sees what. The
//! demo district with its 24 months of incidents and the demo referrals
//! (sent over the two months before the test clock's 2 March 2026, from
//! the shelter, the police, the hospital and the conference coordinator,
//! in every state). A supervisor sees the referrals her agency sent
//! exactly — the same number her agency's list of sent referrals shows —
//! and everything combined suppressed like an analyst; an analyst never
//! sees a referral, a case or a name; caseworkers see nothing; bad filters
//! are refused naming the field; every view is audited.

use super::conferences::api_for;
use concord_store::{AuditFilter, PageRequest};
use concord_testkit::{Engine, TestApp, on_both_engines, open_store};
use serde_json::Value;

on_both_engines!(
    a_supervisor_sees_her_agencys_referrals_exactly_and_the_rest_suppressed,
    an_analyst_drills_down_and_never_sees_a_referral,
    bad_funnel_filters_are_refused_naming_the_field,
);

const PATH: &str = "/statistics/referral-funnel";
const THRESHOLD: u64 = 10;

async fn world(engine: Engine) -> TestApp {
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    t.app.seed_demo_statistics().await.unwrap();
    assert!(t.app.seed_demo_directory().await.unwrap());
    let made = t.app.seed_demo_referrals(120).await.unwrap();
    assert!(made >= 60, "{made} referrals");
    t
}

fn area<'a>(body: &'a Value, code: &str) -> &'a Value {
    body["areas"]
        .as_array()
        .unwrap_or_else(|| panic!("no areas in {body}"))
        .iter()
        .find(|a| a["code"] == code)
        .unwrap_or_else(|| panic!("{code} not in {body}"))
}

fn step<'a>(steps: &'a Value, name: &str) -> &'a Value {
    steps
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["step"] == name)
        .unwrap_or_else(|| panic!("{name} not in {steps}"))
}

/// Every step figure of an answer: the area's and its sectors'.
fn step_figures(body: &Value) -> Vec<&Value> {
    let mut out = Vec::new();
    for a in body["areas"].as_array().unwrap() {
        out.extend(a["steps"].as_array().unwrap());
        for s in a["by_sector"].as_array().unwrap() {
            out.extend(s["steps"].as_array().unwrap());
        }
    }
    out
}

/// The shelter's sent referrals (not drafts) in `year`, by state, as its
/// list of sent referrals shows them.
async fn sent_by_state(api: &super::conferences::Api, year: &str) -> Vec<String> {
    let mut states = Vec::new();
    let mut cursor = String::new();
    loop {
        let (status, page) = api
            .get(&format!("/referrals?side=sent&limit=100{cursor}"))
            .await;
        assert_eq!(status, 200, "{page}");
        for item in page["items"].as_array().unwrap() {
            if item["sent_at"]
                .as_str()
                .is_some_and(|s| s.starts_with(year))
            {
                states.push(item["state"].as_str().unwrap().to_string());
            }
        }
        match page["next_cursor"].as_str() {
            Some(next) => cursor = format!("&cursor={next}"),
            None => return states,
        }
    }
}

async fn a_supervisor_sees_her_agencys_referrals_exactly_and_the_rest_suppressed(engine: Engine) {
    let t = world(engine).await;
    let (supervisor, mut browser) = api_for(&t, "shelter.supervisor").await;
    let (status, own) = supervisor
        .get(&format!("{PATH}?period=2026&agencies=own"))
        .await;
    assert_eq!(status, 200, "{own}");
    assert!(own["small_cell_threshold"].is_null());
    assert_eq!(own["indicator"], "referral_funnel");

    // Exactly what the shelter's own list of sent referrals shows.
    let (caseworker, mut worker) = api_for(&t, "shelter.caseworker").await;
    let states = sent_by_state(&caseworker, "2026").await;
    assert!(!states.is_empty());
    let nation = area(&own, "KV");
    let count = |s: &str| states.iter().filter(|x| *x == s).count() as u64;
    assert_eq!(step(&nation["steps"], "sent")["value"], states.len() as u64);
    for terminal in ["expired", "withdrawn", "declined", "closed"] {
        assert_eq!(
            step(&nation["steps"], terminal)["value"],
            count(terminal),
            "{terminal}: {own}"
        );
    }
    // Its sectors add up to each step, exactly.
    for s in nation["steps"].as_array().unwrap() {
        let name = s["step"].as_str().unwrap();
        let by_sector: u64 = nation["by_sector"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| step(&x["steps"], name)["value"].as_u64().unwrap())
            .sum();
        assert_eq!(s["value"].as_u64(), Some(by_sector), "{name}");
    }
    // Its districts add up to the nation with what is counted at the top.
    let districts: u64 = ["KV-N", "KV-S"]
        .iter()
        .map(|r| {
            step(&area(&own, r)["steps"], "sent")["value"]
                .as_u64()
                .unwrap()
        })
        .sum();
    let at_top = nation["sent_at_this_level"]["value"].as_u64().unwrap();
    assert_eq!(districts + at_top, states.len() as u64);
    assert!(districts > 0, "demo referrals have areas: {own}");

    // Combined with every agency she sees what an analyst sees.
    let (status, all) = supervisor.get(&format!("{PATH}?period=2026")).await;
    assert_eq!(status, 200, "{all}");
    assert_eq!(all["small_cell_threshold"], THRESHOLD);
    let (analyst, _) = api_for(&t, "analyst").await;
    let (_, seen_by_analyst) = analyst.get(&format!("{PATH}?period=2026")).await;
    assert_eq!(all["areas"], seen_by_analyst["areas"]);

    // The page says the figures are her agency's, exactly.
    let page = browser
        .get(&format!("{PATH}?period=2026&agencies=own"))
        .await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("your own agency sent"), "{}", page.body);

    // Each view is audited, with what was asked for and no figure.
    let store = open_store(&t.database_url).await;
    let filter = AuditFilter {
        action: Some("statistics.viewed".into()),
        ..AuditFilter::default()
    };
    let events = store
        .list_audit_events(&filter, &PageRequest::first(50))
        .await
        .unwrap();
    let funnel_views = events
        .items
        .iter()
        .filter(|e| e.details.contains("\"referral_funnel\""))
        .count();
    assert_eq!(funnel_views, 4, "two own, two combined views");
    assert!(
        events.items.iter().any(|e| e.details.contains("\"own\"")
            && e.details.contains("\"2026\"")
            && e.details.contains("\"KV\"")),
        "{:?}",
        events.items
    );

    // A caseworker sees no funnel at all.
    assert_eq!(worker.get(&format!("{PATH}?period=2026")).await.status, 403);
    let (status, _) = caseworker.get(&format!("{PATH}?period=2026")).await;
    assert_eq!(status, 403);
}

async fn an_analyst_drills_down_and_never_sees_a_referral(engine: Engine) {
    let t = world(engine).await;
    let (analyst, mut browser) = api_for(&t, "analyst").await;
    let (status, body) = analyst.get(&format!("{PATH}?period=2026")).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["small_cell_threshold"], THRESHOLD);
    // The nation's referrals are many and shown.
    let sent = step(&area(&body, "KV")["steps"], "sent")["value"].as_u64();
    assert!(sent.is_some_and(|n| n >= THRESHOLD), "{body}");
    // No figure from 1 to 9 is shown, and a median only beside a count
    // that is shown and not zero.
    let mut suppressed = 0;
    for f in step_figures(&body) {
        match f["value"].as_u64() {
            Some(n) => {
                assert!(n == 0 || n >= THRESHOLD, "{f}");
                let has_median = f["median_seconds"].is_i64();
                assert_eq!(has_median, n > 0 && f["step"] != "sent", "{f}");
            }
            None => {
                assert_eq!(f["suppressed"], true);
                assert!(f["median_seconds"].is_null(), "{f}");
                suppressed += 1;
            }
        }
    }
    assert!(suppressed > 0, "the demo has small cells: {body}");
    // Analysts see no exact figures.
    let (status, _) = analyst
        .get(&format!("{PATH}?period=2026&agencies=own"))
        .await;
    assert_eq!(status, 403);

    // The pages: nation → Northern Region → Lakeside, each with a chart
    // and its tables, the definition, and nothing about a referral.
    let page = browser.get(&format!("{PATH}?period=2026")).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("<svg"));
    assert!(page.body.contains("Referrals sent that reached each step"));
    assert!(page.body.contains("area=KV-N"), "a drill-down link");
    let page = browser.get(&format!("{PATH}?period=2026&area=KV-N")).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("Lakeside"));
    let page = browser
        .get(&format!("{PATH}?period=2026-Q1&area=KV-N-LAK"))
        .await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("Answered by the response target"));
    for text in [&page.body, &body.to_string()] {
        assert!(!text.contains("/referrals/"), "a link to a referral");
        assert!(!text.contains("/cases/"), "a link to a case");
        assert!(!text.contains("\"R-"), "a referral reference");
    }
    // The incident statistics link to the funnel and back.
    let page = browser.get("/statistics").await;
    assert!(page.body.contains(PATH));
}

async fn bad_funnel_filters_are_refused_naming_the_field(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    let (api, mut browser) = api_for(&t, "analyst").await;
    let (status, body) = api
        .get(&format!("{PATH}?period=2026-Q5&area=NOWHERE&agencies=some"))
        .await;
    assert_eq!(status, 400, "{body}");
    let fields: Vec<&str> = body["error"]["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["field"].as_str().unwrap())
        .collect();
    for field in ["period", "area", "agencies"] {
        assert!(fields.contains(&field), "{field} not named in {body}");
    }
    let (status, body) = api.get(PATH).await;
    assert_eq!(status, 400, "a period is required: {body}");
    let page = browser
        .get(&format!("{PATH}?period=2026-13&area=NOWHERE"))
        .await;
    assert_eq!(page.status, 422, "{}", page.body);
    assert!(page.body.contains("aria-invalid=\"true\""));
    // With no referral at all, the figures are zeros, not an error.
    let (status, body) = api.get(&format!("{PATH}?period=2026")).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(step(&area(&body, "KV")["steps"], "sent")["value"], 0);
}
