//! The deployment's time zone (`--time-zone`): "today" and dates on forms
//! are local. At 22:30 UTC on 2 March it is already 3 March in Nairobi, so
//! an assessment dated 3 March is accepted there and refused (in the
//! future) on a UTC deployment; a meeting's access ends at local midnight.
//! A name that is not a time zone stops the server, naming the flag.
//!
//! Written from the rules (DESIGN principle 5, DOMAIN's clinical windows,
//! the README): a date and time a person enters is local and becomes an
//! instant once; deadlines run on instants (HIV PEP 72 hours, emergency
//! contraception 120 hours) and are shown in local time with the zone
//! named; a closed window is shown as missed, never dropped; a consent
//! "until 31 January" reads back as 31 January everywhere and is valid
//! through the last local minute of that day, not after. Each zone's
//! offset is written out here (none of them changes clocks in 2026-27), so
//! the expected instants do not come from the code under test.

use super::cases::{agency_id, register};
use super::fhir::{fhir_validator, problems, r4_problems};
use super::risk::assess;
use super::support::{api_token, run_concord, signed_in};
use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use concord_app::AppConfig;
use concord_domain::session::SessionPolicy;
use concord_testkit::{Browser, Engine, TestApp, TestAppOptions, on_both_engines};
use serde_json::{Value, json};

on_both_engines!(
    today_is_the_deployments_own,
    clinical_windows_run_from_the_local_time_entered,
    times_people_read_are_local_with_the_zone_named,
    a_consent_until_a_day_reads_as_that_day_and_ends_with_it,
);

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

/// Zones east and west of UTC with their offsets in minutes.
const EAST_AND_WEST: [(&str, i64); 4] = [
    ("Africa/Nairobi", 180),
    ("Asia/Kolkata", 330),
    ("America/Lima", -300),
    ("Pacific/Honolulu", -600),
];

/// The instant a local `YYYY-MM-DD HH:MM` stands for at `offset` minutes.
fn local(offset: i64, text: &str) -> DateTime<Utc> {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M")
        .unwrap()
        .and_utc()
        - Duration::minutes(offset)
}

/// A deployment in `zone`, seeded, whose sessions outlast the clock moves.
async fn deployment(engine: Engine, zone: &str) -> TestApp {
    let t = TestApp::spawn_with(
        engine,
        TestAppOptions {
            config: AppConfig {
                time_zone: zone.parse().unwrap(),
                sessions: SessionPolicy {
                    idle_timeout: Duration::days(800),
                    absolute_timeout: Duration::days(800),
                },
                ..AppConfig::default()
            },
            ..TestAppOptions::default()
        },
    )
    .await;
    t.seed_demo().await;
    t
}

fn move_clock_to(t: &TestApp, at: DateTime<Utc>) {
    let now = t.app.now();
    assert!(at >= now, "the clock only moves forward");
    t.clock.advance(at - now);
}

/// A JSON API client with a bearer token.
struct Api {
    http: reqwest::Client,
    base: String,
    token: String,
}

impl Api {
    async fn new(t: &TestApp, browser: &mut Browser) -> Api {
        Api {
            http: reqwest::Client::new(),
            base: format!("{}/api/v1", t.base_url),
            token: api_token(browser, "read_write", "365").await,
        }
    }

    async fn get(&self, path: &str) -> (u16, Value) {
        let response = self
            .http
            .get(format!("{}{path}", self.base))
            .bearer_auth(&self.token)
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    async fn post(&self, path: &str, body: Value) -> (u16, Value) {
        let response = self
            .http
            .post(format!("{}{path}", self.base))
            .bearer_auth(&self.token)
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }
}

/// Records a rape at a local date and time (what the form asks for).
async fn record_rape(browser: &mut Browser, case: &str, date: &str, time: &str, reported: &str) {
    browser.get(case).await;
    let reply = browser
        .post(
            &format!("{case}/incidents"),
            &[
                ("incident_date", date),
                ("incident_time", time),
                ("date_first_reported", reported),
                ("penetration", "yes"),
                ("perpetrator_relationship", "intimate_partner"),
                ("perpetrator_sex", "male"),
                ("perpetrator_age_group", "26_40"),
                ("consent_to_statistics", "on"),
            ],
        )
        .await;
    assert_eq!(reply.status, 303, "{}", reply.body);
}

/// The case page's banner for one kind of clinical care, as text with
/// its markers (`data-window="open"` or `"missed"`).
fn clinical_banner(page: &str, care: &str) -> String {
    let marker = format!("data-clinical=\"{care}\"");
    let start = page
        .find(&marker)
        .unwrap_or_else(|| panic!("no {care} window on the page: {page}"));
    let end = start + page[start..].find("</div>").unwrap();
    page[start..end].to_string()
}

fn api_window(file: &Value, care: &str) -> Value {
    file["clinical_windows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["care"] == care)
        .unwrap_or_else(|| panic!("no {care} window in the API: {file}"))
        .clone()
}

fn instant(value: &Value) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(value.as_str().unwrap())
        .unwrap()
        .with_timezone(&Utc)
}

/// A rape entered as 23:45 local on 28 February, near local midnight:
/// HIV PEP can start until 23:45 local on 3 March (72 h), emergency
/// contraception until 23:45 local on 5 March (120 h). A minute before
/// each limit the window is open with a minute left; at the limit and a
/// minute after it is shown as missed, on the page and in the API, with
/// its end in local time and the zone named. East of UTC a window read in
/// UTC stays open hours too long; west of UTC it closes hours too soon.
async fn clinical_windows_run_from_the_local_time_entered(engine: Engine) {
    for (zone, offset) in EAST_AND_WEST {
        let t = deployment(engine, zone).await;
        let (mut caseworker, _) = signed_in(&t, "shelter.caseworker").await;
        let api = Api::new(&t, &mut caseworker).await;
        let case = register(&mut caseworker, "Clinical Window Survivor").await;
        let incident = local(offset, "2026-02-28 23:45");
        assert!(
            incident < t.app.now(),
            "{zone}: the incident is in the past"
        );
        record_rape(&mut caseworker, &case, "2026-02-28", "23:45", "2026-03-01").await;

        for (care, limit_text) in [
            ("hiv_pep", "2026-03-03 23:45"),
            ("emergency_contraception", "2026-03-05 23:45"),
        ] {
            let limit = local(offset, limit_text);
            let hours = if care == "hiv_pep" { 72 } else { 120 };
            assert_eq!(limit - incident, Duration::hours(hours), "the rule itself");
            let shown_end = format!("{limit_text} {zone}");
            for (minutes, open) in [(-1, true), (0, false), (1, false)] {
                move_clock_to(&t, limit + Duration::minutes(minutes));
                let when = format!("{zone}, {care}, {minutes:+} min from the limit");

                let page = caseworker.get(&case).await;
                assert_eq!(page.status, 200, "{when}");
                let banner = clinical_banner(&page.body, care);
                assert!(banner.contains(&shown_end), "{when}: {banner}");
                if open {
                    assert!(banner.contains("data-window=\"open\""), "{when}: {banner}");
                    assert!(banner.contains("1 min left"), "{when}: {banner}");
                    assert!(!banner.contains("missed"), "{when}: {banner}");
                } else {
                    assert!(
                        banner.contains("data-window=\"missed\""),
                        "{when}: {banner}"
                    );
                    assert!(banner.contains("window missed"), "{when}: {banner}");
                    assert!(!banner.contains("left"), "{when}: {banner}");
                }

                let (status, file) = api.get(&format!("/cases{}", &case[6..])).await;
                assert_eq!(status, 200, "{when}: {file}");
                let window = api_window(&file, care);
                assert_eq!(instant(&window["ends_at"]), limit, "{when}: {window}");
                assert_eq!(window["missed"], !open, "{when}: {window}");
                assert_eq!(
                    window["status"],
                    if open { "open" } else { "missed" },
                    "{when}: {window}"
                );
                assert_eq!(
                    window["minutes_left"],
                    if open { json!(1) } else { Value::Null },
                    "{when}: {window}"
                );
            }
        }
    }
}

/// In Nairobi (UTC+3): a routine referral sent at 12:00 local on Monday
/// 2 March is due at closing time (17:00 local) two working days later,
/// shown as 2026-03-04 17:00 Africa/Nairobi on its page, in the referral
/// list and on the printable form; audit times are local to the second
/// with the zone named, and the audit log's date filter reads local days.
async fn times_people_read_are_local_with_the_zone_named(engine: Engine) {
    let t = deployment(engine, "Africa/Nairobi").await;
    t.app.seed_demo_directory().await.unwrap();
    let (mut shelter, _) = signed_in(&t, "shelter.caseworker").await;
    let api = Api::new(&t, &mut shelter).await;
    let case = register(&mut shelter, "Local Time Survivor").await;
    let case_id = case.trim_start_matches("/cases/").to_string();
    let hospital = agency_id(&t, "Lakeside General Hospital One-Stop Centre").await;
    let (status, consent) = api
        .post(
            &format!("/cases/{case_id}/consents"),
            json!({
                "recipient_agency": hospital,
                "purposes": ["referral_for_services"],
                "categories": ["identity_and_contact"],
                "given_by": "survivor",
                "valid_until": "2026-06-30",
            }),
        )
        .await;
    assert_eq!(status, 201, "{consent}");
    let referral = send_referral(&api, &case_id, "routine").await;

    let due = "2026-03-04 17:00 Africa/Nairobi";
    let (_, read) = api.get(&format!("/referrals/{referral}")).await;
    assert_eq!(
        instant(&read["due_at"]),
        local(180, "2026-03-04 17:00"),
        "{read}"
    );
    let page = shelter.get(&format!("/referrals/{referral}")).await;
    assert_eq!(
        page.element_text("referral-due").as_deref(),
        Some(due),
        "{}",
        page.body
    );
    assert!(!page.contains(" UTC"), "{}", page.body);
    assert!(
        page.contains("2026-03-02 12:00 Africa/Nairobi"),
        "the history: {}",
        page.body
    );
    let list = shelter.get("/referrals?view=sent").await;
    assert!(list.contains(due), "{}", list.body);
    let print = shelter.get(&format!("/referrals/{referral}/print")).await;
    assert!(print.contains(due), "{}", print.body);
    assert!(
        print.contains("2026-03-02 12:00 Africa/Nairobi"),
        "sent: {}",
        print.body
    );

    // Audit times: the sign-ins above happened at 09:00:00 UTC.
    let (mut admin, _) = signed_in(&t, "shelter.admin").await;
    let audit = admin.get("/audit").await;
    assert_eq!(audit.status, 200, "{}", audit.body);
    assert!(
        audit.contains("2026-03-02 12:00:00 Africa/Nairobi"),
        "{}",
        audit.body
    );
    assert!(!audit.contains("2026-03-02 09:00"), "{}", audit.body);

    // At 22:30 UTC it is 01:30 on 3 March in Nairobi: a case read then is
    // found under 3 March, not under 2 March (where one read at noon is).
    assert_eq!(shelter.get(&case).await.status, 200);
    move_clock_to(&t, local(180, "2026-03-03 01:30"));
    assert_eq!(shelter.get(&case).await.status, 200);
    let read_on = |day: &str| format!("/audit?action=case.viewed&from={day}&until={day}");
    let third = admin.get(&read_on("2026-03-03")).await;
    assert!(
        third.contains("2026-03-03 01:30:00 Africa/Nairobi"),
        "{}",
        third.body
    );
    let second = admin.get(&read_on("2026-03-02")).await;
    assert_eq!(second.status, 200);
    assert!(!second.contains("2026-03-03 01:30"), "{}", second.body);
    assert!(
        second.contains("2026-03-02 12:00:00 Africa/Nairobi"),
        "{}",
        second.body
    );
}

/// Sends a referral of the case to the hospital's sexual assault care;
/// returns its id.
async fn send_referral(api: &Api, case_id: &str, urgency: &str) -> String {
    let (_, services) = api.get("/directory/services?limit=100").await;
    let service = services["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "Sexual assault care")
        .unwrap()["id"]
        .clone();
    let (status, referral) = api
        .post(
            &format!("/cases/{case_id}/referrals"),
            json!({
                "service_id": service,
                "urgency": urgency,
                "categories": ["identity_and_contact"],
                "reason": "Needs care",
                "send_now": "on",
            }),
        )
        .await;
    assert_eq!(status, 201, "{referral}");
    referral["id"].as_str().unwrap().to_string()
}

/// A consent "valid until 2027-01-31" reads back as 2027-01-31 on the case
/// page, in the API, in her data export and in the FHIR Consent of a
/// referral sent under it; the hospital it names may read her case until
/// the last local minute of 31 January (23:59) and not from local
/// midnight on. In UTC, east and west.
async fn a_consent_until_a_day_reads_as_that_day_and_ends_with_it(engine: Engine) {
    let mut bundles = Vec::new();
    for (zone, offset) in [("UTC", 0), ("Africa/Nairobi", 180), ("America/Lima", -300)] {
        let t = deployment(engine, zone).await;
        t.app.seed_demo_directory().await.unwrap();
        let (mut shelter, _) = signed_in(&t, "shelter.caseworker").await;
        let api = Api::new(&t, &mut shelter).await;
        let case = register(&mut shelter, "Consent Until Survivor").await;
        let case_id = case.trim_start_matches("/cases/").to_string();
        let hospital = agency_id(&t, "Lakeside General Hospital One-Stop Centre").await;
        shelter.get(&case).await;
        let recorded = shelter
            .post(
                &format!("{case}/consents"),
                &[
                    ("recipient_agency", hospital.as_str()),
                    ("purposes", "referral_for_services"),
                    ("categories", "identity_and_contact"),
                    ("given_by", "survivor"),
                    ("valid_until", "2027-01-31"),
                ],
            )
            .await;
        assert_eq!(recorded.status, 303, "{zone}: {}", recorded.body);

        let page = shelter.get(&case).await;
        assert!(
            page.contains("<span class=\"consent-until\">2027-01-31</span>"),
            "{zone}: {}",
            page.body
        );
        assert!(!page.contains("2027-02-01"), "{zone}: {}", page.body);

        let (_, file) = api.get(&format!("/cases/{case_id}")).await;
        assert_eq!(
            file["consents"][0]["valid_until"], "2027-01-31",
            "{zone}: {file}"
        );
        let (_, export) = api.get(&format!("/cases/{case_id}/export")).await;
        assert_eq!(
            export["cases"][0]["consents"][0]["valid_until"], "2027-01-31",
            "{zone}: {export}"
        );
        let export_page = shelter.get(&format!("{case}/export")).await;
        assert!(export_page.contains("2027-01-31"), "{zone}");
        assert!(
            !export_page.contains("2027-02-01"),
            "{zone}: {}",
            export_page.body
        );

        let referral = send_referral(&api, &case_id, "urgent").await;
        let (_, bundle) = api.get(&format!("/referrals/{referral}/fhir")).await;
        let consent = bundle["entry"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["resource"]["resourceType"] == "Consent")
            .unwrap()["resource"]
            .clone();
        assert_eq!(
            consent["provision"]["period"]["end"], "2027-01-31",
            "{zone}: {consent}"
        );
        let found = problems(&fhir_validator(), &bundle);
        assert!(found.is_empty(), "{zone}: {found:#?}");
        bundles.push(bundle.clone());

        // Valid through the last local minute of 31 January, not after.
        let (mut nurse, _) = signed_in(&t, "hospital.nurse").await;
        let read = format!("{case}?purpose=referral_for_services");
        for (at, status) in [
            ("2027-01-31 23:59", 200),
            ("2027-02-01 00:00", 403),
            ("2027-02-01 00:01", 403),
        ] {
            move_clock_to(&t, local(offset, at));
            let reply = nurse.get(&read).await;
            assert_eq!(reply.status, status, "{zone}: the hospital at {at} local");
        }
    }
    // Every R4 invariant holds in every zone (per-1: the period's start and
    // end are both local dates).
    let found = r4_problems(&bundles.iter().collect::<Vec<_>>());
    assert!(found.is_empty(), "UTC, Nairobi, Lima: {found}");
}
