//! The authorisation matrix of survivors' cases, driven through HTTP: every
//! case route, HTML and API, tried by every role in seven situations —
//! the owning agency; another agency with no basis; with consent (asked for
//! the consented purpose, another purpose and no purpose, and for
//! categories it does and does not cover); with an expired and with a
//! withdrawn consent; with a lawful-basis share; with break-glass.
//!
//! What is expected comes from a small model written here from the rules
//! in DOMAIN.md §5 — not from the access function under test — and every
//! mismatch is listed before the test fails, so a failure reads as a
//! matrix of what went wrong.

use super::cases::{agency_id, record_incident, register};
use super::support::{api_token, signed_in};
use chrono::Duration;
use concord_testkit::{Browser, Engine, TestApp, on_both_engines};
use serde_json::Value;
use std::fmt;

on_both_engines!(every_case_route_for_every_role_and_situation);

const OWNER: &str = "Safe Haven Women's Shelter";

/// How the signed-in person's agency stands to the case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Situation {
    Owner,
    NoBasis,
    /// Consent for "referral for services", identity and incident only.
    Consent,
    ExpiredConsent,
    WithdrawnConsent,
    /// A supervisor's lawful-basis share of incidents.
    LawfulShare,
    /// The person opened the case by break-glass (if the role may).
    BreakGlass,
}

impl Situation {
    const ALL: [Situation; 7] = [
        Situation::Owner,
        Situation::NoBasis,
        Situation::Consent,
        Situation::ExpiredConsent,
        Situation::WithdrawnConsent,
        Situation::LawfulShare,
        Situation::BreakGlass,
    ];

    fn agency(self) -> &'static str {
        match self {
            Situation::Owner => OWNER,
            Situation::NoBasis => "Lakeside Social Services",
            Situation::Consent => "Lakeside General Hospital One-Stop Centre",
            Situation::ExpiredConsent => "Women's Legal Aid Network",
            Situation::WithdrawnConsent => "Northern Housing Authority",
            Situation::LawfulShare => "Lakeside Police Domestic Abuse Unit",
            Situation::BreakGlass => "Northern Child Protection Service",
        }
    }

    fn code(self) -> &'static str {
        match self {
            Situation::Owner => "own",
            Situation::NoBasis => "none",
            Situation::Consent => "consent",
            Situation::ExpiredConsent => "expired",
            Situation::WithdrawnConsent => "withdrawn",
            Situation::LawfulShare => "lawful",
            Situation::BreakGlass => "glass",
        }
    }
}

const ROLES: [&str; 7] = [
    "system_administrator",
    "agency_administrator",
    "caseworker",
    "supervisor",
    "risk_conference_coordinator",
    "coordination_secretariat",
    "analyst",
];

/// Roles that work with case data at all (DOMAIN.md: administrators,
/// secretariats and analysts never do).
fn works_cases(role: &str) -> bool {
    matches!(
        role,
        "caseworker" | "supervisor" | "risk_conference_coordinator"
    )
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Category {
    Identity,
    Incident,
    Risk,
    Notes,
    Health,
    /// What police, prosecution, courts and probation recorded (no consent
    /// or share of the matrix covers it; break-glass never does).
    Justice,
}

const CATEGORIES: [Category; 6] = [
    Category::Identity,
    Category::Incident,
    Category::Risk,
    Category::Notes,
    Category::Health,
    Category::Justice,
];

/// The model: may this role, in this situation, read this category when
/// it states this purpose?
fn may_read(role: &str, situation: Situation, category: Category, purpose: Option<&str>) -> bool {
    if !works_cases(role) {
        return false;
    }
    match situation {
        Situation::Owner => true,
        Situation::Consent => {
            purpose == Some("referral_for_services")
                && matches!(category, Category::Identity | Category::Incident)
        }
        Situation::LawfulShare => category == Category::Incident,
        Situation::BreakGlass => {
            matches!(
                category,
                Category::Identity | Category::Incident | Category::Risk
            )
        }
        Situation::NoBasis | Situation::ExpiredConsent | Situation::WithdrawnConsent => false,
    }
}

/// Only the owning agency's case workers change a case.
fn may_change(role: &str, situation: Situation) -> bool {
    works_cases(role) && situation == Situation::Owner
}

/// Lawful sharing and ending it, reassigning the case, legal hold, purge
/// and break-glass review: supervisors of the owning agency.
fn may_supervise(role: &str, situation: Situation) -> bool {
    role == "supervisor" && situation == Situation::Owner
}

/// What a route needs.
#[derive(Debug, Clone, Copy)]
enum Rule {
    /// The case file: allowed if any category may be read.
    ReadAny,
    Read(Category),
    Change,
    Supervise,
    /// Her rights (access report, export): the owning agency only.
    OwnerRead,
    /// Break-glass can be asked for by anyone who works cases (the owning
    /// agency is told to open the case normally, as a form problem).
    AnyCaseWorker,
    /// Not about one case: anyone who works cases.
    CaseWork,
    /// Not about one case: any supervisor.
    AnySupervisor,
    /// Not about one case: risk-conference coordinators (setting up a
    /// conference of their own agency).
    Coordinator,
    /// The homicide review's chronology: only members of a review panel
    /// granted it, and no panel holds a grant in the matrix — nobody, not
    /// even the owning agency.
    ReviewPanelMember,
    /// The gender-related killing record: read like incidents, but only
    /// on the owning agency's or a lawful basis (not her consent given in
    /// life, not break-glass).
    KillingRecord,
}

fn allowed(rule: Rule, role: &str, situation: Situation, purpose: Option<&str>) -> bool {
    match rule {
        Rule::ReadAny => CATEGORIES
            .iter()
            .any(|c| may_read(role, situation, *c, purpose)),
        Rule::Read(category) => may_read(role, situation, category, purpose),
        Rule::Change => may_change(role, situation),
        Rule::Supervise => may_supervise(role, situation),
        Rule::OwnerRead => works_cases(role) && situation == Situation::Owner,
        Rule::AnyCaseWorker | Rule::CaseWork => works_cases(role),
        Rule::AnySupervisor => role == "supervisor",
        Rule::Coordinator => role == "risk_conference_coordinator",
        Rule::ReviewPanelMember => false,
        Rule::KillingRecord => {
            matches!(situation, Situation::Owner | Situation::LawfulShare)
                && may_read(role, situation, Category::Incident, purpose)
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Via {
    Page,
    Api,
}

/// One request of the matrix. Changes carry a body that is incomplete, so
/// an allowed request is answered with a form problem (and stores nothing)
/// while a refused one is answered 403: the matrix changes no state.
struct Probe {
    via: Via,
    method: &'static str,
    /// `{case}`, `{note}`, `{task}`, `{nothing}` are filled in.
    path: &'static str,
    fields: &'static [(&'static str, &'static str)],
    json: Option<&'static str>,
    rule: Rule,
    /// The status when allowed.
    ok: u16,
}

const fn page(
    method: &'static str,
    path: &'static str,
    fields: &'static [(&'static str, &'static str)],
    rule: Rule,
    ok: u16,
) -> Probe {
    Probe {
        via: Via::Page,
        method,
        path,
        fields,
        json: None,
        rule,
        ok,
    }
}

const fn api(
    method: &'static str,
    path: &'static str,
    json: Option<&'static str>,
    rule: Rule,
    ok: u16,
) -> Probe {
    Probe {
        via: Via::Api,
        method,
        path,
        fields: &[],
        json,
        rule,
        ok,
    }
}

/// Every case route. Reads of the case file are tried with each purpose
/// separately (see `PURPOSES`).
const PROBES: &[Probe] = &[
    // Pages.
    page("GET", "/cases", &[], Rule::CaseWork, 200),
    page("GET", "/cases/new", &[], Rule::CaseWork, 200),
    page("POST", "/cases/new", &[("name", "")], Rule::CaseWork, 422),
    page("GET", "/cases/find", &[], Rule::CaseWork, 200),
    page("POST", "/cases/find", &[("name", "")], Rule::CaseWork, 422),
    page(
        "GET",
        "/cases/{case}/access-report",
        &[],
        Rule::OwnerRead,
        200,
    ),
    page("GET", "/cases/{case}/export", &[], Rule::OwnerRead, 200),
    page(
        "GET",
        "/cases/{case}/export.json",
        &[],
        Rule::OwnerRead,
        200,
    ),
    page("GET", "/cases/{case}/incidents/new", &[], Rule::Change, 200),
    page(
        "POST",
        "/cases/{case}/incidents/new",
        &[("penetration", "no")],
        Rule::Change,
        200,
    ),
    page("POST", "/cases/{case}/incidents", &[], Rule::Change, 422),
    page(
        "POST",
        "/cases/{case}/steps",
        &[("event", "")],
        Rule::Change,
        422,
    ),
    page("POST", "/cases/{case}/consents", &[], Rule::Change, 422),
    page(
        "POST",
        "/cases/{case}/consents/{nothing}/withdraw",
        &[],
        Rule::Change,
        404,
    ),
    page("POST", "/cases/{case}/sharings", &[], Rule::Supervise, 422),
    page(
        "POST",
        "/cases/{case}/sharings/{nothing}/revoke",
        &[],
        Rule::Supervise,
        404,
    ),
    page(
        "POST",
        "/cases/{case}/assignment",
        &[("caseworker", "")],
        Rule::Supervise,
        422,
    ),
    page(
        "POST",
        "/cases/{case}/notes",
        &[("body", "")],
        Rule::Change,
        422,
    ),
    page(
        "POST",
        "/cases/{case}/notes/{note}",
        &[("body", "")],
        Rule::Change,
        422,
    ),
    page("POST", "/cases/{case}/goals", &[], Rule::Change, 422),
    page("POST", "/cases/{case}/safety-plan", &[], Rule::Change, 422),
    page("POST", "/cases/{case}/tasks", &[], Rule::Change, 422),
    page(
        "POST",
        "/cases/{case}/tasks/{nothing}/done",
        &[],
        Rule::Change,
        404,
    ),
    page(
        "POST",
        "/cases/{case}/break-glass",
        &[("reason", "")],
        Rule::AnyCaseWorker,
        422,
    ),
    page(
        "POST",
        "/cases/{case}/legal-hold",
        &[("hold", "")],
        Rule::Supervise,
        303,
    ),
    page("GET", "/break-glass", &[], Rule::AnySupervisor, 200),
    // Risk conferences: referring is a change of the case; the list of
    // conferences is for everyone who works cases; setting one up is for
    // coordinators.
    page(
        "GET",
        "/cases/{case}/conference-referral",
        &[],
        Rule::Change,
        200,
    ),
    page(
        "POST",
        "/cases/{case}/conference-referral",
        &[("conference_id", "")],
        Rule::Change,
        422,
    ),
    page("GET", "/conferences", &[], Rule::CaseWork, 200),
    page(
        "POST",
        "/conferences",
        &[("name", "")],
        Rule::Coordinator,
        422,
    ),
    // The API.
    api("GET", "/api/v1/cases", None, Rule::CaseWork, 200),
    api(
        "GET",
        "/api/v1/cases/{case}/conference-referrals",
        None,
        Rule::Change,
        200,
    ),
    api(
        "POST",
        "/api/v1/cases/{case}/conference-referrals",
        Some("{}"),
        Rule::Change,
        400,
    ),
    api("GET", "/api/v1/conferences", None, Rule::CaseWork, 200),
    // The conference actions an agency owns: what it has to do, for anyone
    // who works cases there (the list is empty for most).
    api(
        "GET",
        "/api/v1/me/conference-actions",
        None,
        Rule::CaseWork,
        200,
    ),
    api(
        "POST",
        "/api/v1/conferences",
        Some("{}"),
        Rule::Coordinator,
        400,
    ),
    api("POST", "/api/v1/survivors", Some("{}"), Rule::CaseWork, 400),
    api(
        "POST",
        "/api/v1/cases/{case}/steps",
        Some(r#"{"event":""}"#),
        Rule::Change,
        400,
    ),
    api(
        "POST",
        "/api/v1/cases/{case}/incidents",
        Some("{}"),
        Rule::Change,
        400,
    ),
    api(
        "POST",
        "/api/v1/cases/{case}/consents",
        Some("{}"),
        Rule::Change,
        400,
    ),
    api(
        "POST",
        "/api/v1/cases/{case}/consents/{nothing}/withdraw",
        None,
        Rule::Change,
        404,
    ),
    api(
        "POST",
        "/api/v1/cases/{case}/sharings",
        Some("{}"),
        Rule::Supervise,
        400,
    ),
    api(
        "POST",
        "/api/v1/cases/{case}/sharings/{nothing}/revoke",
        None,
        Rule::Supervise,
        404,
    ),
    api(
        "GET",
        "/api/v1/cases/{case}/assignment",
        None,
        Rule::Supervise,
        200,
    ),
    api(
        "POST",
        "/api/v1/cases/{case}/assignment",
        Some("{}"),
        Rule::Supervise,
        400,
    ),
    api(
        "POST",
        "/api/v1/cases/{case}/notes",
        Some(r#"{"body":""}"#),
        Rule::Change,
        400,
    ),
    api(
        "POST",
        "/api/v1/cases/{case}/break-glass",
        Some(r#"{"reason":""}"#),
        Rule::AnyCaseWorker,
        400,
    ),
    api(
        "PUT",
        "/api/v1/cases/{case}/notes/{note}",
        Some(r#"{"body":""}"#),
        Rule::Change,
        400,
    ),
    api(
        "GET",
        "/api/v1/cases/{case}/notes/{note}/versions",
        None,
        Rule::Read(Category::Notes),
        200,
    ),
    api(
        "POST",
        "/api/v1/cases/{case}/goals",
        Some("{}"),
        Rule::Change,
        400,
    ),
    api(
        "PUT",
        "/api/v1/cases/{case}/goals/{nothing}",
        Some("{}"),
        Rule::Change,
        400,
    ),
    api(
        "PUT",
        "/api/v1/cases/{case}/safety-plan/leaving_plan",
        Some(r#"{"body":""}"#),
        Rule::Change,
        400,
    ),
    api(
        "POST",
        "/api/v1/cases/{case}/tasks",
        Some("{}"),
        Rule::Change,
        400,
    ),
    api(
        "POST",
        "/api/v1/cases/{case}/tasks/{nothing}/done",
        None,
        Rule::Change,
        404,
    ),
    api("GET", "/api/v1/me/work", None, Rule::CaseWork, 200),
    api(
        "POST",
        "/api/v1/survivors/search",
        Some(r#"{"name":"","date_of_birth":""}"#),
        Rule::CaseWork,
        400,
    ),
    api(
        "GET",
        "/api/v1/cases/{case}/access-report",
        None,
        Rule::OwnerRead,
        200,
    ),
    api(
        "GET",
        "/api/v1/cases/{case}/export",
        None,
        Rule::OwnerRead,
        200,
    ),
    api(
        "PUT",
        "/api/v1/cases/{case}/legal-hold",
        Some(r#"{"hold":false}"#),
        Rule::Supervise,
        204,
    ),
    api(
        "GET",
        "/api/v1/case-settings",
        None,
        Rule::AnySupervisor,
        200,
    ),
    api(
        "PUT",
        "/api/v1/case-settings",
        Some(r#"{"retention_months":0}"#),
        Rule::AnySupervisor,
        400,
    ),
    api("GET", "/api/v1/break-glass", None, Rule::AnySupervisor, 200),
    page(
        "GET",
        "/cases/{case}/notes/{note}/history",
        &[],
        Rule::Read(Category::Notes),
        200,
    ),
    page("GET", "/cases/{case}/survivor/edit", &[], Rule::Change, 200),
    page(
        "POST",
        "/cases/{case}/survivor",
        &[("sex_gender", "")],
        Rule::Change,
        422,
    ),
    api(
        "PUT",
        "/api/v1/cases/{case}/survivor",
        Some(r#"{"sex_gender":""}"#),
        Rule::Change,
        400,
    ),
    page(
        "GET",
        "/cases/{case}/risk",
        &[],
        Rule::Read(Category::Risk),
        200,
    ),
    page(
        "GET",
        "/cases/{case}/risk/assess?instrument=dash",
        &[],
        Rule::Change,
        200,
    ),
    page(
        "POST",
        "/cases/{case}/risk/assess?instrument=dash",
        &[],
        Rule::Change,
        422,
    ),
    api(
        "GET",
        "/api/v1/cases/{case}/risk",
        None,
        Rule::Read(Category::Risk),
        200,
    ),
    api(
        "POST",
        "/api/v1/cases/{case}/risk/assessments",
        Some(r#"{"instrument":"dash"}"#),
        Rule::Change,
        400,
    ),
    // The justice chain: read with the category `justice`; a step is the
    // recording agency's own record (the owning agency, or one whose
    // consent or share covers justice — none in the matrix), answered here
    // with the form's problem because the body is empty.
    page(
        "GET",
        "/cases/{case}/justice",
        &[],
        Rule::Read(Category::Justice),
        200,
    ),
    page("POST", "/cases/{case}/justice", &[], Rule::Change, 422),
    api(
        "GET",
        "/api/v1/cases/{case}/justice",
        None,
        Rule::Read(Category::Justice),
        200,
    ),
    api(
        "POST",
        "/api/v1/cases/{case}/justice",
        Some(r#"{"kind":"","occurred_on":""}"#),
        Rule::Change,
        400,
    ),
    // Protection orders are justice data: read with the category.
    page(
        "GET",
        "/cases/{case}/protection-orders",
        &[],
        Rule::Read(Category::Justice),
        200,
    ),
    // No case in the matrix has died: whoever may read the record is told
    // there is none (404), everyone else is refused.
    api(
        "GET",
        "/api/v1/cases/{case}/killing-record",
        None,
        Rule::KillingRecord,
        404,
    ),
    // Her death is recorded by the owning agency's supervisor only
    // (answered with the form's problem because the body is empty).
    api(
        "POST",
        "/api/v1/cases/{case}/death",
        Some(r#"{"died_on":"","killing":""}"#),
        Rule::Supervise,
        400,
    ),
    // The domestic homicide review: grants by the owning agency's
    // supervisors; the chronology only for a granted panel's members.
    page("GET", "/cases/{case}/review", &[], Rule::Supervise, 200),
    page(
        "POST",
        "/cases/{case}/review",
        &[("body", ""), ("reason", "")],
        Rule::Supervise,
        422,
    ),
    page(
        "POST",
        "/cases/{case}/review/{nothing}/revoke",
        &[],
        Rule::Supervise,
        404,
    ),
    page(
        "GET",
        "/cases/{case}/chronology",
        &[],
        Rule::ReviewPanelMember,
        200,
    ),
    page(
        "GET",
        "/cases/{case}/chronology/print",
        &[],
        Rule::ReviewPanelMember,
        200,
    ),
    api(
        "GET",
        "/api/v1/cases/{case}/review-grants",
        None,
        Rule::Supervise,
        200,
    ),
    api(
        "POST",
        "/api/v1/cases/{case}/review-grants",
        Some("{}"),
        Rule::Supervise,
        400,
    ),
    api(
        "POST",
        "/api/v1/cases/{case}/review-grants/{nothing}/revoke",
        None,
        Rule::Supervise,
        404,
    ),
    api(
        "GET",
        "/api/v1/cases/{case}/chronology",
        None,
        Rule::ReviewPanelMember,
        200,
    ),
    page("GET", "/case-settings", &[], Rule::AnySupervisor, 200),
    page(
        "POST",
        "/case-settings",
        &[("retention_months", "0")],
        Rule::AnySupervisor,
        422,
    ),
];

/// Purposes a reader may state for the case file.
const PURPOSES: [Option<&str>; 3] = [None, Some("referral_for_services"), Some("police_report")];

/// What is written on the case, one marker per category shown on the page.
const MARKERS: [(Category, &str); 3] = [
    (Category::Identity, "MatrixNameZq"),
    (Category::Incident, "MatrixStoryZq"),
    (Category::Notes, "MatrixNoteZq"),
];

/// A person of the matrix, signed in on the web and holding an API token.
struct Person {
    role: &'static str,
    situation: Situation,
    browser: Browser,
    token: String,
}

impl fmt::Display for Person {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.role, self.situation.code())
    }
}

/// The ids a path needs.
struct Ids {
    case: String,
    note: String,
}

fn fill(path: &str, ids: &Ids) -> String {
    path.replace("{case}", &ids.case)
        .replace("{note}", &ids.note)
        .replace("{nothing}", &uuid::Uuid::now_v7().to_string())
}

async fn send(person: &mut Person, probe: &Probe, path: &str) -> (u16, String) {
    match probe.via {
        Via::Page if probe.method == "GET" => {
            let reply = person.browser.get(path).await;
            (reply.status, reply.body)
        }
        Via::Page => {
            // A page first, for a fresh form token.
            person.browser.get("/").await;
            let reply = person.browser.post(path, probe.fields).await;
            (reply.status, reply.body)
        }
        Via::Api => {
            let client = person.browser.raw().clone();
            let url = person.browser.url(path);
            let request = match probe.method {
                "GET" => client.get(url),
                "PUT" => client.put(url),
                "DELETE" => client.delete(url),
                _ => client.post(url),
            }
            .bearer_auth(&person.token);
            let request = match probe.json {
                Some(body) => request
                    .header("content-type", "application/json")
                    .body(body),
                None => request,
            };
            let response = request.send().await.expect("API request");
            let status = response.status().as_u16();
            (status, response.text().await.unwrap_or_default())
        }
    }
}

async fn every_case_route_for_every_role_and_situation(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;

    // The case, with something in every category the page shows, and a
    // consent that will have expired by the time the matrix runs.
    let (mut owner, owner_secret) = signed_in(&t, "shelter.caseworker").await;
    let case = register(&mut owner, "MatrixNameZq Survivor").await;
    record_incident(&mut owner, &case, "Matrix Perpetrator", "MatrixStoryZq").await;
    owner.get(&case).await;
    let note = owner
        .post(&format!("{case}/notes"), &[("body", "MatrixNoteZq")])
        .await;
    assert_eq!(note.status, 303, "{}", note.body);
    let legal_aid = agency_id(&t, Situation::ExpiredConsent.agency()).await;
    owner.get(&case).await;
    let expiring = owner
        .post(
            &format!("{case}/consents"),
            &[
                ("recipient_agency", &legal_aid),
                ("purposes", "referral_for_services"),
                ("categories", "identity_and_contact"),
                ("categories", "incident"),
                ("given_by", "survivor"),
                ("valid_until", "2026-03-03"),
            ],
        )
        .await;
    assert_eq!(expiring.status, 303, "{}", expiring.body);
    t.clock.advance(Duration::days(2));

    // The other grants, in force now.
    let mut owner = t.browser();
    owner
        .sign_in_fully(
            "shelter.caseworker",
            concord_app::demo::DEMO_PASSWORD,
            owner_secret.as_deref(),
        )
        .await;
    let case_page = owner.get(&case).await;
    let note_id = case_page
        .body
        .split(&format!("action=\"{case}/notes/"))
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a note edit form")
        .to_string();
    for (situation, categories) in [
        (Situation::Consent, vec!["identity_and_contact", "incident"]),
        (
            Situation::WithdrawnConsent,
            vec!["identity_and_contact", "incident", "case_notes"],
        ),
    ] {
        let recipient = agency_id(&t, situation.agency()).await;
        let mut fields = vec![
            ("recipient_agency", recipient.as_str()),
            ("purposes", "referral_for_services"),
            ("given_by", "survivor"),
            ("valid_until", "2026-04-30"),
        ];
        fields.extend(categories.iter().map(|c| ("categories", *c)));
        owner.get(&case).await;
        let reply = owner.post(&format!("{case}/consents"), &fields).await;
        assert_eq!(reply.status, 303, "{}", reply.body);
    }
    let withdraw = owner
        .get(&case)
        .await
        .body
        .split("<li>")
        .find(|item| item.contains(Situation::WithdrawnConsent.agency()))
        .and_then(|item| item.split("action=\"").nth(1))
        .and_then(|rest| rest.split('"').next())
        .expect("a withdraw form for the housing consent")
        .to_string();
    assert_eq!(owner.post(&withdraw, &[]).await.status, 303);
    let (mut supervisor, _) = signed_in(&t, "shelter.supervisor").await;
    let police = agency_id(&t, Situation::LawfulShare.agency()).await;
    supervisor.get(&case).await;
    let share = supervisor
        .post(
            &format!("{case}/sharings"),
            &[
                ("recipient_agency", &police),
                ("basis", "risk_to_life"),
                ("categories", "incident"),
                ("reason", "Threats to kill"),
                ("survivor_told", "on"),
                ("valid_until", "2026-03-20"),
            ],
        )
        .await;
    assert_eq!(share.status, 303, "{}", share.body);

    // Seven people in each situation, one per role; the case workers in
    // the break-glass agency open the case with a reason.
    let mut people = Vec::new();
    for situation in Situation::ALL {
        for role in ROLES {
            let username = format!("mx.{}.{}", situation.code(), role.replace('_', "-"));
            let password = t.create_user(&username, situation.agency(), &[role]).await;
            let mut browser = t.browser();
            let (home, _) = browser.sign_in_fully(&username, &password, None).await;
            assert!(
                home.contains("Needs my attention"),
                "{username}: {}",
                home.body
            );
            if situation == Situation::BreakGlass && works_cases(role) {
                browser.get(&case).await;
                let opened = browser
                    .post(
                        &format!("{case}/break-glass"),
                        &[("reason", "Police report imminent danger")],
                    )
                    .await;
                assert_eq!(opened.status, 303, "{username}: {}", opened.body);
            }
            let token = api_token(&mut browser, "read_write", "30").await;
            people.push(Person {
                role,
                situation,
                browser,
                token,
            });
        }
    }

    let ids = Ids {
        case: case.trim_start_matches("/cases/").to_string(),
        note: note_id,
    };
    let mut wrong = Vec::new();
    for person in &mut people {
        check_case_file(person, &ids, &mut wrong).await;
        for probe in PROBES {
            let path = fill(probe.path, &ids);
            let expected = if allowed(probe.rule, person.role, person.situation, None) {
                probe.ok
            } else {
                403
            };
            let (status, body) = send(person, probe, &path).await;
            if status != expected {
                wrong.push(format!(
                    "{person}: {} {path} gave {status}, expected {expected} — {}",
                    probe.method,
                    body.chars().take(160).collect::<String>()
                ));
            }
        }
    }

    // Last, because it is final: only a supervisor of the owning agency
    // deletes her record, through the page or the API.
    for person in &mut people {
        if may_supervise(person.role, person.situation) {
            continue;
        }
        for probe in [
            page(
                "POST",
                "/cases/{case}/purge",
                &[("confirm", "on")],
                Rule::Supervise,
                303,
            ),
            api(
                "DELETE",
                "/api/v1/cases/{case}/survivor",
                None,
                Rule::Supervise,
                204,
            ),
        ] {
            let path = fill(probe.path, &ids);
            let (status, _) = send(person, &probe, &path).await;
            if status != 403 {
                wrong.push(format!(
                    "{person}: {} {path} gave {status}, expected 403",
                    probe.method
                ));
            }
        }
    }
    let supervisor = people
        .iter_mut()
        .find(|p| may_supervise(p.role, p.situation))
        .expect("the owning agency's supervisor");
    let purge = api(
        "DELETE",
        "/api/v1/cases/{case}/survivor",
        None,
        Rule::Supervise,
        204,
    );
    let (status, body) = send(supervisor, &purge, &fill(purge.path, &ids)).await;
    assert_eq!(status, 204, "{body}");
    assert_eq!(supervisor.browser.get(&case).await.status, 404, "purged");

    assert!(
        wrong.is_empty(),
        "{} of the matrix went wrong:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

/// The case file, as a page and through the API, with each purpose: 403
/// when nothing may be read; otherwise exactly the categories that may.
async fn check_case_file(person: &mut Person, ids: &Ids, wrong: &mut Vec<String>) {
    for purpose in PURPOSES {
        let query = purpose.map(|p| format!("?purpose={p}")).unwrap_or_default();
        let any = allowed(Rule::ReadAny, person.role, person.situation, purpose);
        for via in [Via::Page, Via::Api] {
            let path = match via {
                Via::Page => format!("/cases/{}{query}", ids.case),
                Via::Api => format!("/api/v1/cases/{}{query}", ids.case),
            };
            let probe = Probe {
                via,
                method: "GET",
                path: "",
                fields: &[],
                json: None,
                rule: Rule::ReadAny,
                ok: 200,
            };
            let (status, body) = send(person, &probe, &path).await;
            let expected = if any { 200 } else { 403 };
            if status != expected {
                wrong.push(format!(
                    "{person}: GET {path} gave {status}, expected {expected}"
                ));
                continue;
            }
            for (category, marker) in MARKERS {
                let may = may_read(person.role, person.situation, category, purpose);
                if body.contains(marker) != may {
                    wrong.push(format!(
                        "{person}: GET {path} {} {category:?}",
                        if may { "hid" } else { "showed" }
                    ));
                }
            }
            if via == Via::Api && status == 200 {
                let json: Value = serde_json::from_str(&body).unwrap_or_default();
                let listed: Vec<&str> = json["categories"]
                    .as_array()
                    .map(|a| a.iter().filter_map(Value::as_str).collect())
                    .unwrap_or_default();
                for (category, name) in [
                    (Category::Identity, "identity_and_contact"),
                    (Category::Incident, "incident"),
                    (Category::Risk, "risk"),
                    (Category::Notes, "case_notes"),
                    (Category::Health, "health"),
                    (Category::Justice, "justice"),
                ] {
                    let may = may_read(person.role, person.situation, category, purpose);
                    if listed.contains(&name) != may {
                        wrong.push(format!(
                            "{person}: GET {path} lists categories {listed:?}; {name} should be {}",
                            if may { "in" } else { "out" }
                        ));
                    }
                }
            }
        }
    }
}
