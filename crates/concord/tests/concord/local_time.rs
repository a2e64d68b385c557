//! The deployment's time zone (`--time-zone`): "today" and dates on forms
//! are local. At 22:30 UTC on 2 March it is already 3 March in Nairobi, so
//! an assessment dated 3 March is accepted there and refused (in the
//! future) on a UTC deployment; a meeting's access ends at local midnight.
//! A name that is not a time zone stops the server, naming the flag.

use super::cases::register;
use super::risk::assess;
use super::support::{run_concord, signed_in};
use concord_app::AppConfig;
use concord_testkit::{Engine, TestApp, TestAppOptions, on_both_engines};

on_both_engines!(today_is_the_deployments_own,);

async fn nurse_case_assessed_on(t: &TestApp, day: &str) -> (u16, String) {
    t.clock.advance(chrono::Duration::minutes(13 * 60 + 30)); // 22:30 UTC
    let (mut nurse, _) = signed_in(t, "hospital.nurse").await;
    let case = register(&mut nurse, "Time Zone Survivor").await;
    assess(
        &mut nurse,
        &case,
        3,
        &[("survivor_view", "medium"), ("assessed_on", day)],
    )
    .await
}

async fn today_is_the_deployments_own(engine: Engine) {
    let nairobi = TestApp::spawn_with(
        engine,
        TestAppOptions {
            config: AppConfig {
                time_zone: "Africa/Nairobi".parse().unwrap(),
                ..AppConfig::default()
            },
            ..TestAppOptions::default()
        },
    )
    .await;
    nairobi.seed_demo().await;
    let (status, body) = nurse_case_assessed_on(&nairobi, "2026-03-03").await;
    assert_eq!(status, 303, "3 March has begun in Nairobi: {body}");

    let utc = TestApp::spawn(engine).await;
    utc.seed_demo().await;
    let (status, body) = nurse_case_assessed_on(&utc, "2026-03-03").await;
    assert_eq!(status, 422, "still 2 March in UTC");
    assert!(body.contains("cannot be in the future"), "{body}");

    let (ok, output) = run_concord(
        &utc,
        &[
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--time-zone",
            "Mars/Olympus",
        ],
    );
    assert!(!ok, "serve started with an unknown time zone: {output}");
    assert!(output.contains("--time-zone"), "{output}");
}
