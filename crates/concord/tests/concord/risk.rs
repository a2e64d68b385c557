//! Risk identification through HTTP: instruments loaded as data files
//! (a malformed one refused with every problem), assessments of a case with
//! the 13/14 boundary, judgement that raises and never lowers, her view,
//! history, trend and reassessment date, under the case access decision.

use super::cases::register;
use super::support::{api_token, run_concord, signed_in};
use chrono::Duration;
use concord_app::risk::instruments::{SHIPPED, parse};
use concord_domain::risk::instrument::AnswerKind;
use concord_testkit::{Browser, Engine, TestApp, on_both_engines};
use serde_json::{Value, json};

on_both_engines!(
    assessments_score_judge_and_follow_the_case_access,
    instruments_are_data_files_loaded_by_administrators,
);

/// Answers the shipped checklist with `yes` to the first `n` questions.
pub(super) async fn assess(
    browser: &mut Browser,
    case: &str,
    yes: usize,
    extra: &[(&str, &str)],
) -> (u16, String) {
    let dash = parse(SHIPPED[0].1).unwrap();
    let names: Vec<String> = dash
        .items
        .iter()
        .filter(|i| i.answer == AnswerKind::YesNo)
        .map(|i| format!("answers.{}", i.id))
        .collect();
    let mut fields: Vec<(&str, &str)> = names
        .iter()
        .enumerate()
        .map(|(n, name)| (name.as_str(), if n < yes { "yes" } else { "no" }))
        .collect();
    fields.extend_from_slice(extra);
    browser
        .get(&format!("{case}/risk/assess?instrument=dash"))
        .await;
    let reply = browser
        .post(&format!("{case}/risk/assess?instrument=dash"), &fields)
        .await;
    (reply.status, reply.body)
}

/// Signs in again after the clock passed the session's timeouts.
async fn again(t: &TestApp, user: &str, secret: &Option<Vec<u8>>) -> Browser {
    let mut browser = t.browser();
    let (home, _) = browser
        .sign_in_fully(user, concord_app::demo::DEMO_PASSWORD, secret.as_deref())
        .await;
    assert!(home.contains("Needs my attention"), "{user}: {}", home.body);
    browser
}

async fn assessments_score_judge_and_follow_the_case_access(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    let (mut caseworker, secret) = signed_in(&t, "shelter.caseworker").await;
    let case = register(&mut caseworker, "Risk Test-Survivor").await;
    let page = caseworker.get(&case).await;
    assert!(
        page.contains(&format!("{case}/risk")),
        "the case links to its risk page"
    );
    let empty = caseworker.get(&format!("{case}/risk")).await;
    assert_eq!(empty.status, 200, "{}", empty.body);
    assert!(empty.contains("No assessment yet."));

    // 13 "yes": medium, not visible high risk.
    assert_eq!(
        assess(&mut caseworker, &case, 13, &[("survivor_view", "high")])
            .await
            .0,
        303
    );
    let risk = caseworker.get(&format!("{case}/risk")).await;
    assert!(
        risk.contains("13 / 24") && risk.contains("Medium"),
        "{}",
        risk.body
    );
    assert!(!risk.contains("visible high risk"));
    // A week later, 14 "yes": high, visible high risk.
    t.clock.advance(Duration::days(7));
    let mut caseworker = again(&t, "shelter.caseworker", &secret).await;
    assert_eq!(
        assess(
            &mut caseworker,
            &case,
            14,
            &[
                ("survivor_view", "medium"),
                ("survivor_words", "He will find me wherever I go.")
            ]
        )
        .await
        .0,
        303
    );
    let risk = caseworker.get(&format!("{case}/risk")).await;
    assert!(
        risk.contains("14 / 24") && risk.contains("visible high risk"),
        "{}",
        risk.body
    );
    assert!(
        risk.contains("He will find me wherever I go."),
        "her own words are kept"
    );
    assert!(risk.contains("<polyline"), "the trend is drawn");
    assert!(
        risk.contains("Next assessment due: 2026-04-06"),
        "28 days for high risk: {}",
        risk.body
    );

    // Judgement may raise with a reason, never lower.
    let lowered = assess(
        &mut caseworker,
        &case,
        14,
        &[
            ("survivor_view", "low"),
            ("judged_level", "standard"),
            ("judgement_reason", "She seems calm."),
        ],
    )
    .await;
    assert_eq!(lowered.0, 422);
    assert!(
        lowered
            .1
            .contains("professional judgement can raise the level, never lower it")
    );
    assert_eq!(
        assess(
            &mut caseworker,
            &case,
            5,
            &[("survivor_view", "high"), ("judged_level", "high")]
        )
        .await
        .0,
        422,
        "a judgement needs its reason"
    );
    assert_eq!(
        assess(
            &mut caseworker,
            &case,
            5,
            &[
                ("survivor_view", "high"),
                ("judged_level", "high"),
                ("judgement_reason", "He bought a gun last week.")
            ]
        )
        .await
        .0,
        303
    );
    let risk = caseworker.get(&format!("{case}/risk")).await;
    assert!(
        risk.contains("raised by professional judgement"),
        "{}",
        risk.body
    );
    assert!(risk.contains("He bought a gun last week."));
    assert!(
        !t.database_contains("He bought a gun last week.").await,
        "the reason is encrypted at rest"
    );

    // The reassessment date passes.
    t.clock.advance(Duration::days(40));
    let mut caseworker = again(&t, "shelter.caseworker", &secret).await;
    let overdue = caseworker.get(&format!("{case}/risk")).await;
    assert!(
        overdue.contains("Reassessment overdue since"),
        "{}",
        overdue.body
    );

    // Another agency without a basis sees nothing, on the page or the API.
    let (mut officer, _) = signed_in(&t, "police.officer").await;
    let refused = officer.get(&format!("{case}/risk")).await;
    assert_eq!(refused.status, 403);
    assert!(!refused.contains("He bought a gun"));
    let token = api_token(&mut officer, "read_write", "30").await;
    let api = reqwest::Client::new()
        .get(officer.url(&format!("/api/v1{case}/risk")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(api.status(), 403);

    // The owner's API: the history and a new assessment.
    let token = api_token(&mut caseworker, "read_write", "30").await;
    let client = reqwest::Client::new();
    let file: Value = client
        .get(caseworker.url(&format!("/api/v1{case}/risk")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let levels: Vec<&str> = file["assessments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["final_level"].as_str().unwrap())
        .collect();
    assert_eq!(levels, ["medium", "high", "high"]);
    assert_eq!(file["reassessment_overdue"], true);
    let bad: Value = client
        .post(caseworker.url(&format!("/api/v1{case}/risk/assessments")))
        .bearer_auth(&token)
        .json(
            &json!({"instrument": "dash", "answers": {"injury": "maybe"}, "survivor_view": "low"}),
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(bad["error"]["code"], "invalid");
    let problems = bad["error"]["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 24, "every item: {bad}");
}

const BAD_FILE: &str = r#"
format = "concord-risk-instrument/1"
key = "local"
version = 1
title = "Local checklist"
scoring = "weighted_sum"

[[items]]
id = "threats"
topic = "Threats"
text = "Threats?"
answer = "yes_no"

[[items]]
id = "fear"
topic = "Fear"
text = "Fear?"
answer = "maybe"
weight = 2

[[bands]]
name = "low"
level = "standard"
min_score = 0
reassess_after_days = 90
"#;

async fn instruments_are_data_files_loaded_by_administrators(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    let (mut admin, _) = signed_in(&t, "admin").await;
    let list = admin.get("/risk/instruments").await;
    assert_eq!(list.status, 200);
    assert!(list.contains("Risk identification checklist (24 questions)"));
    assert!(list.contains("Weighted test instrument (invented weights)"));

    // A malformed file is refused with every problem, by place.
    let refused = admin.post("/risk/instruments", &[("file", BAD_FILE)]).await;
    assert_eq!(refused.status, 422);
    for problem in [
        "items.threats.weight: is required with weighted_sum scoring",
        "items.fear.answer: must be yes_no, scale or text",
    ] {
        assert!(refused.contains(problem), "{problem}: {}", refused.body);
    }
    // A new version of the checklist (licensed wording, say) is loaded.
    let v2 = SHIPPED[0].1.replace("version = 1", "version = 2").replace(
        "Is she very frightened?",
        "Licensed wording of question two?",
    );
    let loaded = admin.post("/risk/instruments", &[("file", &v2)]).await;
    assert_eq!(loaded.status, 303, "{}", loaded.body);
    let (mut caseworker, _) = signed_in(&t, "shelter.caseworker").await;
    let case = register(&mut caseworker, "Version Test-Survivor").await;
    let form = caseworker
        .get(&format!("{case}/risk/assess?instrument=dash"))
        .await;
    assert!(
        form.contains("Licensed wording of question two?"),
        "the newest version is used"
    );
    let again = admin.post("/risk/instruments", &[("file", &v2)]).await;
    assert_eq!(again.status, 422);
    assert!(again.contains("version: must be higher than the version already loaded (2)"));
    // Case workers may not load instruments.
    caseworker.get("/risk/instruments").await;
    let denied = caseworker.post("/risk/instruments", &[("file", &v2)]).await;
    assert_eq!(denied.status, 403);

    // The API lists problems the same way.
    let token = api_token(&mut admin, "read_write", "30").await;
    let reply: Value = reqwest::Client::new()
        .post(admin.url("/api/v1/risk/instruments"))
        .bearer_auth(&token)
        .json(&json!({ "content": BAD_FILE }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let fields: Vec<&str> = reply["error"]["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        fields,
        ["items.threats.weight", "items.fear.answer"],
        "{reply}"
    );

    // And the command line.
    let path = t.dir.path().join("bad.toml");
    std::fs::write(&path, BAD_FILE).unwrap();
    let (ok, out) = run_concord(
        &t,
        &[
            "--database",
            &t.database_url,
            "risk",
            "load-instrument",
            path.to_str().unwrap(),
        ],
    );
    assert!(!ok, "{out}");
    assert!(
        out.contains("items.fear.answer: must be yes_no, scale or text"),
        "{out}"
    );
    let good = t.dir.path().join("good.toml");
    std::fs::write(&good, v2.replace("version = 2", "version = 3")).unwrap();
    let (ok, out) = run_concord(
        &t,
        &[
            "--database",
            &t.database_url,
            "risk",
            "load-instrument",
            good.to_str().unwrap(),
        ],
    );
    assert!(ok, "{out}");
    assert!(out.contains("Loaded dash version 3"), "{out}");
}
