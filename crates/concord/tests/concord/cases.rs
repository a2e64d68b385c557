//! Survivors' cases through HTTP: who may open a case and what they see,
//! consent that takes effect and ends at once, break-glass, and
//! identifying data that never reaches the database, the audit log or a
//! page title in plaintext.

use super::support::signed_in;
use chrono::Duration;
use concord_testkit::{Browser, Engine, TestApp, on_both_engines};

on_both_engines!(
    case_access_follows_consent_lawful_basis_and_break_glass,
    identifying_data_is_encrypted_and_never_leaks,
    case_steps_follow_the_six_steps,
    incidents_are_classified_one_question_at_a_time,
    her_record_is_corrected_by_the_owning_agency_only,
    supervisors_approve_plans_and_closures_where_the_agency_requires_it,
    consent_for_a_child_follows_the_deployments_rules,
    survivor_rights_and_retention,
);

/// Registers a survivor in the browser's agency; returns the case path.
pub(super) async fn register(browser: &mut Browser, name: &str) -> String {
    browser.get("/cases/new").await;
    let reply = browser
        .post(
            "/cases/new",
            &[
                ("name", name),
                ("date_of_birth", "1991-05-17"),
                ("sex_gender", "female"),
                ("displacement", "resident"),
                ("languages", "English, Swahili"),
                ("contact_method", "phone"),
                ("contact_details", "+000 555 0199"),
                ("safe_times", "weekday mornings"),
                ("code_word", "sunflower"),
            ],
        )
        .await;
    assert_eq!(reply.status, 303, "{}", reply.body);
    reply.location.expect("the new case")
}

pub(super) async fn record_incident(
    browser: &mut Browser,
    case: &str,
    perpetrator: &str,
    narrative: &str,
) {
    browser.get(case).await;
    let reply = browser
        .post(
            &format!("{case}/incidents"),
            &[
                ("incident_date", "2026-03-01"),
                ("incident_time", "22:30"),
                ("date_first_reported", "2026-03-02"),
                ("penetration", "yes"),
                ("context_flags", "intimate_partner_violence"),
                ("perpetrator_relationship", "intimate_partner"),
                ("perpetrator_sex", "male"),
                ("perpetrator_age_group", "26_40"),
                ("perpetrator_identity", perpetrator),
                ("narrative", narrative),
                ("consent_to_statistics", "on"),
            ],
        )
        .await;
    assert_eq!(reply.status, 303, "{}", reply.body);
}

async fn sign_in_again(t: &TestApp, user: &str, secret: Option<Vec<u8>>) -> Browser {
    let mut browser = t.browser();
    let (home, _) = browser
        .sign_in_fully(user, concord_app::demo::DEMO_PASSWORD, secret.as_deref())
        .await;
    assert!(home.contains("Needs my attention"), "{user}: {}", home.body);
    browser
}

pub(super) async fn agency_id(t: &TestApp, name: &str) -> String {
    t.app
        .find_agency_for_command_line(name)
        .await
        .unwrap()
        .unwrap()
        .id
        .to_string()
}

async fn case_access_follows_consent_lawful_basis_and_break_glass(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    let (mut caseworker, caseworker_secret) = signed_in(&t, "shelter.caseworker").await;
    let case = register(&mut caseworker, "Mariam Test-Survivor").await;
    record_incident(&mut caseworker, &case, "Omar Example", "He hit me at home.").await;
    caseworker.get(&case).await;
    caseworker
        .post(
            &format!("{case}/notes"),
            &[("body", "Met at the shelter; safe to call mornings.")],
        )
        .await;

    // The owning agency sees everything.
    let own = caseworker.get(&case).await;
    assert_eq!(own.status, 200);
    for text in [
        "Mariam Test-Survivor",
        "Omar Example",
        "safe to call mornings",
        "Rape",
    ] {
        assert!(own.contains(text), "owner cannot see {text}");
    }
    assert!(
        own.contains("hours left"),
        "a rape within 72 hours shows the PEP time-left alert"
    );

    // Nobody else without a basis: other agencies, administrators, analysts.
    let mut browsers = std::collections::HashMap::new();
    for user in [
        "shelter.admin",
        "admin",
        "analyst",
        "hospital.nurse",
        "police.officer",
    ] {
        let (mut other, secret) = signed_in(&t, user).await;
        let page = other.get(&case).await;
        assert_eq!(page.status, 403, "{user} opened the case");
        assert!(!page.contains("Mariam"), "{user} saw the name");
        browsers.insert(user, (other, secret));
    }

    // Consent to the hospital for referral, identity and incidents only.
    let hospital = agency_id(&t, "Lakeside General Hospital One-Stop Centre").await;
    caseworker.get(&case).await;
    let consent = caseworker
        .post(
            &format!("{case}/consents"),
            &[
                ("recipient_agency", &hospital),
                ("purposes", "referral_for_services"),
                ("categories", "identity_and_contact"),
                ("categories", "incident"),
                ("given_by", "survivor"),
                ("valid_until", "2026-04-30"),
            ],
        )
        .await;
    assert_eq!(consent.status, 303, "{}", consent.body);
    let (mut nurse, nurse_secret) = browsers.remove("hospital.nurse").unwrap();
    let nurse_secret: Option<Vec<u8>> = nurse_secret;
    let without_purpose = nurse.get(&case).await;
    assert_eq!(without_purpose.status, 403, "a purpose must be stated");
    let shared = nurse
        .get(&format!("{case}?purpose=referral_for_services"))
        .await;
    assert_eq!(shared.status, 200, "{}", shared.body);
    assert!(shared.contains("Mariam Test-Survivor") && shared.contains("Omar Example"));
    assert!(
        !shared.contains("safe to call mornings"),
        "notes were not consented to"
    );
    assert!(
        !shared.contains("Record an incident"),
        "recipients cannot change the case"
    );
    let other_purpose = nurse.get(&format!("{case}?purpose=police_report")).await;
    assert_eq!(other_purpose.status, 403, "another purpose is not covered");
    let listed = nurse.get("/cases?view=shared").await;
    assert!(
        listed.contains(&case),
        "the case is listed as shared with the hospital"
    );

    // Withdrawal ends it on the very next request.
    let consent_page = caseworker.get(&case).await;
    let withdraw = consent_page
        .body
        .split("action=\"")
        .filter_map(|s| s.split('"').next())
        .find(|a| a.ends_with("/withdraw"))
        .expect("a withdraw form")
        .to_string();
    caseworker.post(&withdraw, &[]).await;
    let after = nurse
        .get(&format!("{case}?purpose=referral_for_services"))
        .await;
    assert_eq!(after.status, 403, "withdrawn consent still worked");
    assert!(!nurse.get("/cases?view=shared").await.contains(&case));

    // A supervisor shares incidents with the police on a lawful basis.
    let police = agency_id(&t, "Lakeside Police Domestic Abuse Unit").await;
    let (mut supervisor, _) = signed_in(&t, "shelter.supervisor").await;
    supervisor.get(&case).await;
    let sharing = supervisor
        .post(
            &format!("{case}/sharings"),
            &[
                ("recipient_agency", &police),
                ("basis", "risk_to_life"),
                ("categories", "incident"),
                ("reason", "Threats to kill reported today"),
                ("survivor_told", "on"),
                ("valid_until", "2026-03-20"),
            ],
        )
        .await;
    assert_eq!(sharing.status, 303, "{}", sharing.body);
    let (mut officer, _) = browsers.remove("police.officer").unwrap();
    let lawful = officer.get(&format!("{case}?purpose=police_report")).await;
    assert_eq!(lawful.status, 200, "{}", lawful.body);
    assert!(lawful.contains("Omar Example"));
    assert!(
        !lawful.contains("Mariam Test-Survivor"),
        "identity was not shared"
    );

    // Break-glass: the housing officer has no basis; opens it with a reason.
    let (mut other, other_secret) = signed_in(&t, "marac.coordinator").await;
    let refused = other.get(&case).await;
    assert_eq!(refused.status, 403);
    assert!(refused.contains("Open in an emergency"));
    let no_reason = other
        .post(&format!("{case}/break-glass"), &[("reason", "")])
        .await;
    assert!(no_reason.contains("Reason"), "a reason is required");
    let opened = other
        .post(
            &format!("{case}/break-glass"),
            &[("reason", "Police report imminent danger tonight")],
        )
        .await;
    assert_eq!(opened.status, 303, "{}", opened.body);
    let emergency = other.get(&case).await;
    assert_eq!(emergency.status, 200);
    assert!(emergency.contains("Emergency (break-glass) access"));
    assert!(
        emergency.contains("Mariam Test-Survivor"),
        "identity is covered"
    );
    assert!(
        !emergency.contains("safe to call mornings"),
        "notes are not"
    );
    // Supervisors of the owning agency review it.
    let queue = supervisor.get("/break-glass").await;
    assert!(queue.contains("Police report imminent danger tonight"));
    // It ends after four hours (signing in again after the idle timeout).
    t.clock.advance(Duration::hours(4));
    let mut other = sign_in_again(&t, "marac.coordinator", other_secret).await;
    assert_eq!(
        other.get(&case).await.status,
        403,
        "break-glass outlived its window"
    );

    // Consent expiry: the hospital gets a fresh consent, which then ends.
    let mut caseworker = sign_in_again(&t, "shelter.caseworker", caseworker_secret).await;
    let mut nurse = sign_in_again(&t, "hospital.nurse", nurse_secret.clone()).await;
    caseworker.get(&case).await;
    caseworker
        .post(
            &format!("{case}/consents"),
            &[
                ("recipient_agency", &hospital),
                ("purposes", "referral_for_services"),
                ("categories", "incident"),
                ("given_by", "survivor"),
                ("valid_until", "2026-03-05"),
            ],
        )
        .await;
    assert_eq!(
        nurse
            .get(&format!("{case}?purpose=referral_for_services"))
            .await
            .status,
        200
    );
    t.clock.advance(Duration::days(5));
    let mut nurse = sign_in_again(&t, "hospital.nurse", nurse_secret).await;
    assert_eq!(
        nurse
            .get(&format!("{case}?purpose=referral_for_services"))
            .await
            .status,
        403,
        "expired consent still worked"
    );
}

async fn identifying_data_is_encrypted_and_never_leaks(engine: Engine) {
    assert!(
        concord_testkit::capture_logs(),
        "the test process logs somewhere else"
    );
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    let (mut caseworker, _) = signed_in(&t, "shelter.caseworker").await;
    let markers = [
        "CanaryNameQx7",
        "CanaryIdentQx7",
        "CanaryPhoneQx7",
        "CanaryTimesQx7",
        "CanaryWordQx7",
        "CanaryPerpQx7",
        "CanaryStoryQx7",
        "CanaryNoteQx7",
        "CanaryGoalQx7",
        "CanaryPlanQx7",
        "CanaryTaskQx7",
    ];
    caseworker.get("/cases/new").await;
    let reply = caseworker
        .post(
            "/cases/new",
            &[
                ("name", markers[0]),
                ("other_identifiers", markers[1]),
                ("date_of_birth", "1988-02-29"),
                ("sex_gender", "female"),
                ("displacement", "refugee"),
                ("contact_method", "phone"),
                ("contact_details", markers[2]),
                ("safe_times", markers[3]),
                ("code_word", markers[4]),
            ],
        )
        .await;
    let case = reply.location.expect("case");
    record_incident(&mut caseworker, &case, markers[5], markers[6]).await;
    caseworker.get(&case).await;
    caseworker
        .post(&format!("{case}/notes"), &[("body", markers[7])])
        .await;
    caseworker
        .post(
            &format!("{case}/goals"),
            &[
                ("domain", "safety"),
                ("description", markers[8]),
                ("status", "in_progress"),
            ],
        )
        .await;
    caseworker
        .post(
            &format!("{case}/safety-plan"),
            &[("section", "leaving_plan"), ("body", markers[9])],
        )
        .await;
    let task = caseworker
        .post(
            &format!("{case}/tasks"),
            &[("title", markers[10]), ("due_on", "2026-03-01")],
        )
        .await;
    assert_eq!(task.status, 303, "{}", task.body);
    let home = caseworker.get("/").await;
    assert!(
        home.contains(markers[10]),
        "the overdue task is on the home page"
    );
    assert!(home.contains("overdue"));
    let page = caseworker.get(&case).await;
    for marker in markers {
        assert!(page.contains(marker), "{marker} is shown to the owner");
    }
    let title = page
        .body
        .split("<title>")
        .nth(1)
        .unwrap()
        .split("</title>")
        .next()
        .unwrap();
    let reference = page
        .body
        .split("<code>")
        .nth(1)
        .and_then(|s| s.split('<').next())
        .unwrap()
        .to_string();
    // Everything else that shows or finds her: the search, her export,
    // the access report, the API.
    caseworker.get("/cases/find").await;
    let found = caseworker
        .post(
            "/cases/find",
            &[("name", markers[0]), ("date_of_birth", "1988-02-29")],
        )
        .await;
    assert!(found.contains(&case), "the blind index finds her");
    let export = caseworker.get(&format!("{case}/export.json")).await;
    assert!(export.contains(markers[4]));
    caseworker.get(&format!("{case}/export")).await;
    caseworker.get(&format!("{case}/access-report")).await;
    let token = super::support::api_token(&mut caseworker, "read", "30").await;
    let json = reqwest::Client::new()
        .get(caseworker.url(&format!("/api/v1{case}")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(json.contains(markers[0]), "the API shows her to the owner");
    // Every address the pages link or post to.
    let addresses: Vec<&str> = page
        .body
        .split(['"', '\''])
        .filter(|s| s.starts_with('/'))
        .collect();
    assert!(addresses.iter().any(|a| a.ends_with("/notes")));
    t.app.seal_audit().await.unwrap();

    // The database holds none of them in plaintext…
    for marker in markers {
        assert!(
            !t.database_contains(marker).await,
            "{marker} is stored in plaintext"
        );
        assert!(!title.contains(marker), "{marker} in the page title");
        assert!(!case.contains(marker), "{marker} in a URL");
        assert!(
            !addresses.iter().any(|a| a.contains(marker)),
            "{marker} in a link or form address"
        );
    }
    // …while what is meant to be plain is found, so the search works.
    assert!(
        t.database_contains(&reference).await,
        "the search finds plain values"
    );

    // No marker in the audit log.
    let (mut admin, _) = signed_in(&t, "admin").await;
    let token = super::support::api_token(&mut admin, "read", "30").await;
    let events = reqwest::Client::new()
        .get(admin.url("/api/v1/audit-events?limit=500"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(events.contains("case.viewed"), "reads are audited");
    for marker in markers {
        assert!(!events.contains(marker), "{marker} in the audit log");
    }

    // Nor in the logs, at the most talkative level; the capture is live
    // (this test's own requests are in it).
    let logs = concord_testkit::captured_logs();
    assert!(
        logs.contains("route=/cases/{id}/export.json"),
        "requests are logged by route"
    );
    for marker in markers {
        assert!(!logs.contains(marker), "{marker} in the logs");
    }

    // An instance with a different master key cannot read the case: it
    // fails loudly instead of showing anything.
    let wrong = t.spawn_with_other_keys().await;
    let actor = concord_domain::access::Actor {
        user_id: t.user_id("shelter.caseworker").await,
        agency_id: agency_id(&t, "Safe Haven Women's Shelter")
            .await
            .parse()
            .unwrap(),
        roles: vec![concord_domain::role::Role::Caseworker],
        token_scope: None,
    };
    let case_id = case.trim_start_matches("/cases/").parse().unwrap();
    match wrong.app.read_case(&actor, case_id, None).await {
        Err(concord_app::AppError::Crypto(_)) => {}
        Err(other) => panic!("expected a key error, got {other}"),
        Ok(_) => panic!("a wrong master key opened the case"),
    }
}

async fn case_steps_follow_the_six_steps(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    let (mut caseworker, _) = signed_in(&t, "shelter.caseworker").await;
    let case = register(&mut caseworker, "Step Person").await;
    let step = |event: &'static str| (case.clone(), event);
    for (path, event) in [
        step("assessment_completed"),
        step("plan_agreed"),
        step("implementation_started"),
    ] {
        caseworker.get(&path).await;
        let reply = caseworker
            .post(&format!("{path}/steps"), &[("event", event)])
            .await;
        assert_eq!(reply.status, 303, "{event}: {}", reply.body);
    }
    assert!(caseworker.get(&case).await.contains("Implementing"));
    // An illegal step is refused with a clear message.
    caseworker.get(&case).await;
    let illegal = caseworker
        .post(&format!("{case}/steps"), &[("event", "closure_approved")])
        .await;
    assert!(
        illegal.status == 403 || illegal.status == 422,
        "{}",
        illegal.status
    );
    // Closure by request (no approval needed in this agency).
    caseworker.get(&case).await;
    let close = caseworker
        .post(
            &format!("{case}/steps"),
            &[("event", "closure_requested"), ("reason", "needs_met")],
        )
        .await;
    assert_eq!(close.status, 303, "{}", close.body);
    assert!(caseworker.get(&case).await.contains("Closed"));
}

/// The step-by-step incident form: one question at a time, the first "yes"
/// decides, "previous question" takes an answer back, and a problem in the
/// details keeps every answer and names the field.
async fn incidents_are_classified_one_question_at_a_time(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    let (mut caseworker, _) = signed_in(&t, "shelter.caseworker").await;
    let case = register(&mut caseworker, "Stepwise Survivor").await;
    let new = format!("{case}/incidents/new");

    let first = caseworker.get(&new).await;
    assert_eq!(first.status, 200);
    assert!(first.contains("1. Was there penetration"));
    assert!(
        !first.contains("Record incident"),
        "details wait for the type"
    );
    let second = caseworker.post(&new, &[("penetration", "no")]).await;
    assert!(second.contains("2. Was there unwanted sexual contact"));
    // A stale answer to a later question is ignored: question 2 is next.
    let stale = caseworker
        .post(&new, &[("penetration", "no"), ("forced_marriage", "yes")])
        .await;
    assert!(stale.contains("2. Was there unwanted sexual contact"));
    let third = caseworker
        .post(
            &new,
            &[("penetration", "no"), ("unwanted_sexual_contact", "no")],
        )
        .await;
    assert!(third.contains("3. Was there physical assault"));
    let back = caseworker
        .post(
            &new,
            &[
                ("penetration", "no"),
                ("unwanted_sexual_contact", "no"),
                ("back", "1"),
            ],
        )
        .await;
    assert!(
        back.contains("2. Was there unwanted sexual contact"),
        "previous question"
    );
    let decided = caseworker
        .post(
            &new,
            &[
                ("penetration", "no"),
                ("unwanted_sexual_contact", "no"),
                ("physical_assault", "yes"),
            ],
        )
        .await;
    assert_eq!(
        decided.element_text("incident-type").as_deref(),
        Some("Physical assault")
    );
    assert!(!decided.contains("4. Was it a forced"), "no more questions");
    assert!(decided.contains("Record incident"));

    // The details with a problem: every answer is kept, the field named,
    // nothing stored.
    let answers = [
        ("penetration", "no"),
        ("unwanted_sexual_contact", "no"),
        ("physical_assault", "yes"),
    ];
    let mut fields = answers.to_vec();
    fields.extend([
        ("incident_date", "2026-03-01"),
        ("date_first_reported", ""),
        ("perpetrator_relationship", "intimate_partner"),
        ("perpetrator_sex", "male"),
        ("perpetrator_age_group", "26_40"),
        ("narrative", "Pushed down the stairs"),
    ]);
    let refused = caseworker.post(&format!("{case}/incidents"), &fields).await;
    assert_eq!(refused.status, 422);
    assert!(refused.contains("href=\"#field-date_first_reported\""));
    assert!(refused.contains("Pushed down the stairs"), "details kept");
    assert_eq!(
        refused.element_text("incident-type").as_deref(),
        Some("Physical assault"),
        "answers kept"
    );
    assert!(
        caseworker
            .get(&case)
            .await
            .contains("No incidents recorded")
    );

    fields.retain(|(name, _)| *name != "date_first_reported");
    fields.push(("date_first_reported", "2026-03-02"));
    let recorded = caseworker.post(&format!("{case}/incidents"), &fields).await;
    assert_eq!(recorded.status, 303, "{}", recorded.body);
    let page = caseworker.get(&case).await;
    assert!(page.contains("Physical assault · 2026-03-01"));

    // Another agency cannot even see the form.
    let (mut nurse, _) = signed_in(&t, "hospital.nurse").await;
    assert_eq!(nurse.get(&new).await.status, 403);
}

/// A new safe number when the old phone is no longer safe: the owning
/// agency corrects her record; the old number is gone from the page, the
/// new one is encrypted, search follows a corrected name, and a problem
/// changes nothing.
async fn her_record_is_corrected_by_the_owning_agency_only(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    let (mut caseworker, _) = signed_in(&t, "shelter.caseworker").await;
    let case = register(&mut caseworker, "Amina Before").await;
    let edit = caseworker.get(&format!("{case}/survivor/edit")).await;
    assert_eq!(edit.status, 200);
    assert!(
        edit.contains("value=\"+000 555 0199\""),
        "the form is filled in"
    );
    assert!(edit.contains("value=\"sunflower\""));

    let fields = |name: &'static str, phone: &'static str, sex: &'static str| {
        vec![
            ("name", name),
            ("date_of_birth", "1991-05-17"),
            ("sex_gender", sex),
            ("displacement", "resident"),
            ("languages", "English"),
            ("contact_method", "phone"),
            ("contact_details", phone),
            ("safe_times", "evenings only"),
            ("code_word", "sunflower"),
        ]
    };
    let refused = caseworker
        .post(
            &format!("{case}/survivor"),
            &fields("Amina After", "+000 555 0777", ""),
        )
        .await;
    assert_eq!(refused.status, 422);
    assert!(refused.contains("href=\"#field-sex_gender\""));
    assert!(
        caseworker.get(&case).await.contains("Amina Before"),
        "nothing changed"
    );

    let saved = caseworker
        .post(
            &format!("{case}/survivor"),
            &fields("Amina After", "+000 555 0777", "female"),
        )
        .await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    let page = caseworker.get(&case).await;
    assert!(page.contains("Amina After") && page.contains("+000 555 0777"));
    assert!(page.contains("evenings only"));
    assert!(!page.contains("+000 555 0199"), "the old number is gone");
    assert!(
        !t.database_contains("+000 555 0777").await,
        "stored encrypted"
    );
    caseworker.get("/cases/find").await;
    let found = caseworker
        .post(
            "/cases/find",
            &[("name", "amina after"), ("date_of_birth", "1991-05-17")],
        )
        .await;
    assert!(found.contains(&case), "search follows the corrected name");
    let old = caseworker
        .post(
            "/cases/find",
            &[("name", "Amina Before"), ("date_of_birth", "1991-05-17")],
        )
        .await;
    assert!(!old.contains(&case), "the old name no longer finds her");

    // Another agency, even with consent to read her identity, cannot.
    let hospital = agency_id(&t, "Lakeside General Hospital One-Stop Centre").await;
    caseworker.get(&case).await;
    caseworker
        .post(
            &format!("{case}/consents"),
            &[
                ("recipient_agency", &hospital),
                ("purposes", "referral_for_services"),
                ("categories", "identity_and_contact"),
                ("given_by", "survivor"),
                ("valid_until", "2026-04-30"),
            ],
        )
        .await;
    let (mut nurse, _) = signed_in(&t, "hospital.nurse").await;
    assert_eq!(
        nurse.get(&format!("{case}/survivor/edit")).await.status,
        403
    );
    nurse.get("/").await;
    let attempt = nurse
        .post(
            &format!("{case}/survivor"),
            &fields("Someone Else", "+000 555 0000", "female"),
        )
        .await;
    assert_eq!(attempt.status, 403);
    assert!(caseworker.get(&case).await.contains("Amina After"));
}

/// With approval required by the agency's case settings, a plan waits for
/// a supervisor before implementation and a closure before the case
/// closes; a rejection sends it back with the supervisor's comment, which
/// the caseworker sees.
async fn supervisors_approve_plans_and_closures_where_the_agency_requires_it(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    let (mut supervisor, _) = signed_in(&t, "shelter.supervisor").await;
    supervisor.get("/case-settings").await;
    let settings = supervisor
        .post(
            "/case-settings",
            &[
                ("plan_requires_approval", "on"),
                ("closure_requires_approval", "on"),
                ("retention_months", ""),
            ],
        )
        .await;
    assert_eq!(settings.status, 200, "{}", settings.body);
    let (mut caseworker, _) = signed_in(&t, "shelter.caseworker").await;
    let case = register(&mut caseworker, "Approval Person").await;
    let steps = format!("{case}/steps");
    let step = |event: &'static str, comment: &'static str| {
        vec![
            ("event", event),
            ("comment", comment),
            ("reason", "needs_met"),
        ]
    };
    for event in ["assessment_completed", "plan_agreed"] {
        caseworker.get(&case).await;
        let reply = caseworker.post(&steps, &step(event, "")).await;
        assert_eq!(reply.status, 303, "{event}: {}", reply.body);
    }
    let waiting = caseworker.get(&case).await;
    assert_eq!(
        waiting.element_text("plan-approval").as_deref(),
        Some("Case plan:")
    );
    let plan = waiting
        .body
        .split("id=\"plan-approval\"")
        .nth(1)
        .unwrap_or_default();
    assert!(plan.contains("waiting for a supervisor"), "{plan}");
    let early = caseworker
        .post(&steps, &step("implementation_started", ""))
        .await;
    assert_eq!(early.status, 422, "implementation waits for approval");
    let not_theirs = caseworker.post(&steps, &step("plan_approved", "")).await;
    assert_eq!(not_theirs.status, 403, "a caseworker cannot approve");

    supervisor.get(&case).await;
    let rejected = supervisor
        .post(&steps, &step("plan_rejected", "Add a housing goal"))
        .await;
    assert_eq!(rejected.status, 303, "{}", rejected.body);
    let back = caseworker.get(&case).await;
    assert!(back.contains("Assessed"));
    assert_eq!(
        back.element_text("approval-comment").as_deref(),
        Some("Add a housing goal")
    );
    assert!(
        !t.database_contains("Add a housing goal").await,
        "the comment is encrypted"
    );
    caseworker.post(&steps, &step("plan_agreed", "")).await;
    supervisor.get(&case).await;
    let approved = supervisor.post(&steps, &step("plan_approved", "")).await;
    assert_eq!(approved.status, 303, "{}", approved.body);
    let implementing = caseworker.get(&case).await;
    assert!(implementing.contains("Implementing"));
    assert!(
        implementing.element_text("approval-comment").is_none(),
        "an approval without comment clears the old one"
    );

    // Closure: requested, rejected (back to follow-up), requested, approved.
    caseworker
        .post(&steps, &step("closure_requested", ""))
        .await;
    assert!(caseworker.get(&case).await.contains("Closure requested"));
    supervisor.get(&case).await;
    supervisor
        .post(
            &steps,
            &step("closure_rejected", "Check the safety plan first"),
        )
        .await;
    assert!(caseworker.get(&case).await.contains("Follow-up"));
    caseworker
        .post(&steps, &step("closure_requested", ""))
        .await;
    supervisor.get(&case).await;
    let closed = supervisor.post(&steps, &step("closure_approved", "")).await;
    assert_eq!(closed.status, 303, "{}", closed.body);
    assert!(caseworker.get(&case).await.contains("Closed"));
}

/// Who may consent for a 16-year-old, and for how long, is set by the
/// deployment (`--consent-rules`, local law): by default she or her
/// caregiver with her assent; under the example rules only she, for at
/// most 180 days. A rules file with a gap is refused at start.
async fn consent_for_a_child_follows_the_deployments_rules(engine: Engine) {
    let example: concord_domain::consent::ConsentRules = toml::from_str(include_str!(
        "../../../../config/consent-rules.example.toml"
    ))
    .expect("the example rules parse");
    example.check().expect("the example rules are accepted");
    let defaults = TestApp::spawn(engine).await;
    let local = TestApp::spawn_with(
        engine,
        concord_testkit::TestAppOptions {
            config: concord_app::AppConfig {
                consent: example,
                ..concord_app::AppConfig::default()
            },
            ..Default::default()
        },
    )
    .await;
    let mut outcomes = Vec::new();
    for t in [&defaults, &local] {
        t.seed_demo().await;
        let (mut caseworker, _) = signed_in(t, "shelter.caseworker").await;
        caseworker.get("/cases/new").await;
        let case = caseworker
            .post(
                "/cases/new",
                &[
                    ("date_of_birth", "2009-12-01"),
                    ("sex_gender", "female"),
                    ("displacement", "resident"),
                    ("contact_method", "no_contact"),
                ],
            )
            .await
            .location
            .expect("a case for a 16-year-old");
        let hospital = agency_id(t, "Lakeside General Hospital One-Stop Centre").await;
        let consent = |given_by: &'static str, until: &'static str| {
            let fields = vec![
                ("recipient_agency", hospital.clone()),
                ("purposes", "referral_for_services".into()),
                ("categories", "incident".into()),
                ("given_by", given_by.into()),
                ("child_assent", "on".into()),
                ("valid_until", until.into()),
            ];
            (case.clone(), fields)
        };
        let mut statuses = Vec::new();
        for (given_by, until) in [
            ("caregiver", "2026-04-30"),
            ("survivor", "2026-12-31"),
            ("survivor", "2026-04-30"),
        ] {
            let (case, fields) = consent(given_by, until);
            caseworker.get(&case).await;
            let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let reply = caseworker.post(&format!("{case}/consents"), &fields).await;
            let field = ["given_by", "valid_until"]
                .into_iter()
                .find(|f| reply.contains(&format!("href=\"#field-{f}\"")));
            statuses.push((reply.status, field));
        }
        outcomes.push(statuses);
    }
    assert_eq!(
        outcomes[0],
        vec![(303, None), (303, None), (303, None)],
        "default rules: caregiver with her assent, or she herself, up to a year"
    );
    assert_eq!(
        outcomes[1],
        vec![
            (422, Some("given_by")),
            (422, Some("valid_until")),
            (303, None)
        ],
        "local rules: only she consents, for at most 180 days"
    );

    // A rules file with a gap is refused before the server starts.
    let bad = local.dir.path().join("bad-rules.toml");
    std::fs::write(
        &bad,
        "max_validity_days = 30\n[[bands]]\nfrom_age = 0\nto_age = 9\ngivers = [\"caregiver\"]\ngivers_if_caregiver_unsafe = []\nassent_required = false\n[[bands]]\nfrom_age = 12\ngivers = [\"survivor\"]\ngivers_if_caregiver_unsafe = []\nassent_required = false\n",
    )
    .unwrap();
    let (ok, output) = super::support::run_concord(
        &local,
        &[
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--consent-rules",
            bad.to_str().unwrap(),
        ],
    );
    assert!(!ok, "serve started with bad consent rules: {output}");
    assert!(
        output.contains("age bands must start at 0 and follow each other without gaps"),
        "{output}"
    );
}

/// Her rights: who accessed the file, a copy of everything, deletion that
/// leaves nothing readable, and retention that purges closed cases unless
/// they are under legal hold.
async fn survivor_rights_and_retention(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    let (mut caseworker, _) = signed_in(&t, "shelter.caseworker").await;
    let case = register(&mut caseworker, "Rights Person Zq9").await;
    record_incident(
        &mut caseworker,
        &case,
        "Rights Perp Zq9",
        "Rights story Zq9",
    )
    .await;
    let hospital = agency_id(&t, "Lakeside General Hospital One-Stop Centre").await;
    caseworker.get(&case).await;
    caseworker
        .post(
            &format!("{case}/consents"),
            &[
                ("recipient_agency", &hospital),
                ("purposes", "referral_for_services"),
                ("categories", "incident"),
                ("given_by", "survivor"),
                ("valid_until", "2026-04-30"),
            ],
        )
        .await;
    let (mut nurse, _) = signed_in(&t, "hospital.nurse").await;
    assert_eq!(
        nurse
            .get(&format!("{case}?purpose=referral_for_services"))
            .await
            .status,
        200
    );

    // Who has accessed this file: the hospital's reading is listed.
    let report = caseworker.get(&format!("{case}/access-report")).await;
    assert_eq!(report.status, 200);
    assert!(report.contains("Lakeside General Hospital One-Stop Centre"));
    assert!(report.contains("case.viewed"));
    assert_eq!(
        nurse.get(&format!("{case}/access-report")).await.status,
        403,
        "only the owner"
    );

    // A copy of everything.
    let export = caseworker.get(&format!("{case}/export.json")).await;
    assert_eq!(export.status, 200);
    let json: serde_json::Value = serde_json::from_str(&export.body).unwrap();
    assert_eq!(json["name"], "Rights Person Zq9");
    assert_eq!(
        json["cases"][0]["incidents"][0]["perpetrator_identity"],
        "Rights Perp Zq9"
    );
    assert_eq!(nurse.get(&format!("{case}/export.json")).await.status, 403);

    // Deletion by a supervisor leaves nothing of her.
    let reference = json["reference"].as_str().unwrap().to_string();
    assert!(t.database_contains(&reference).await);
    let (mut supervisor, supervisor_secret) = signed_in(&t, "shelter.supervisor").await;
    supervisor.get(&case).await;
    let unconfirmed = supervisor.post(&format!("{case}/purge"), &[]).await;
    assert!(unconfirmed.contains("Tick the confirmation"));
    let purged = supervisor
        .post(&format!("{case}/purge"), &[("confirm", "on")])
        .await;
    assert_eq!(purged.status, 303, "{}", purged.body);
    assert_eq!(caseworker.get(&case).await.status, 404);
    assert!(
        !t.database_contains(&reference).await,
        "her reference is still in the database"
    );

    // Retention: closed cases are purged after the agency's period, unless
    // held.
    supervisor.get("/case-settings").await;
    let saved = supervisor
        .post("/case-settings", &[("retention_months", "6")])
        .await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    let mut kept = Vec::new();
    for (name, hold) in [("Retained One", false), ("Held Two", true)] {
        let case = register(&mut caseworker, name).await;
        caseworker.get(&case).await;
        caseworker
            .post(
                &format!("{case}/steps"),
                &[("event", "closure_requested"), ("reason", "needs_met")],
            )
            .await;
        if hold {
            supervisor.get(&case).await;
            supervisor
                .post(&format!("{case}/legal-hold"), &[("hold", "on")])
                .await;
        }
        kept.push(case);
    }
    assert_eq!(
        t.app.run_retention().await.unwrap(),
        0,
        "nothing is due yet"
    );
    t.clock.advance(Duration::days(200));
    assert_eq!(
        t.app.run_retention().await.unwrap(),
        1,
        "one closed case is past retention"
    );
    let mut supervisor = sign_in_again(&t, "shelter.supervisor", supervisor_secret).await;
    assert_eq!(
        supervisor.get(&kept[0]).await.status,
        404,
        "purged by retention"
    );
    assert_eq!(
        supervisor.get(&kept[1]).await.status,
        200,
        "kept under legal hold"
    );
}
