//! Statistics releases through HTTP and the `concord` command (issue 13
//! §4–5): only an analyst prepares; only the designated person (agency
//! administrator) of an agency whose records feed the release signs it off
//! or refuses it, with a reason; the last signature publishes it and from
//! then on every change is refused; downloads (canonical JSON, CSV, one
//! table's CSV) pass `concord statistics verify` and a changed byte fails;
//! CSV and XLSX mark the suppressed cells;
//! the DHIS2 JSON has DHIS2 periods and org units and leaves suppressed
//! cells out; the public page is 404 unless the deployment turns it on, and
//! then lists published releases only. XLSX is read back from its sheet
//! XML.
//!
//! The demo's Lakeside MARAC (30 demo cases) is fed in 2026-Q1 by the
//! shelter, the police and the hospital (referrals) and by Lakeside Social
//! Services (it coordinates): those four contribute.
//!
//! The GBV incident release is of the nation in February 2026, over
//! incidents seeded for it (see [`february_incidents`]).

use super::support::{api_token, run_concord, signed_in};
use concord_app::AppConfig;
use concord_testkit::{Engine, TestApp, TestAppOptions, on_both_engines};
use serde_json::{Value, json};
use std::collections::BTreeSet;

on_both_engines!(
    a_release_is_prepared_by_an_analyst_signed_by_every_contributor_and_then_never_changes,
    a_refusal_needs_a_reason_and_a_refused_release_is_withdrawn_and_prepared_again,
    downloads_verify_and_a_changed_byte_fails,
    the_public_page_is_404_unless_enabled_and_shows_only_published_releases,
    release_pages_prepare_refuse_and_withdraw_without_javascript,
    a_gbv_incident_release_publishes_the_statistics_areas_suppressed_figures,
);

/// The agencies that feed the demo's 2026-Q1 risk-conference dataset, and
/// the user name of a designated person (agency administrator) of each.
const CONTRIBUTORS: [(&str, &str); 4] = [
    ("shelter.admin", "Safe Haven Women's Shelter"),
    ("police.admin", "Lakeside Police Domestic Abuse Unit"),
    (
        "hospital.admin",
        "Lakeside General Hospital One-Stop Centre",
    ),
    ("social.admin", "Lakeside Social Services"),
];

struct Client {
    base: String,
    token: String,
    http: reqwest::Client,
    /// The signed-in browser the token was made in (for pages).
    browser: tokio::sync::Mutex<concord_testkit::Browser>,
}

impl Client {
    async fn send(&self, request: reqwest::RequestBuilder) -> (u16, Value) {
        let r = request.bearer_auth(&self.token).send().await.unwrap();
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    async fn get(&self, path: &str) -> (u16, Value) {
        self.send(self.http.get(format!("{}/api/v1{path}", self.base)))
            .await
    }

    async fn post(&self, path: &str, body: Value) -> (u16, Value) {
        self.send(
            self.http
                .post(format!("{}/api/v1{path}", self.base))
                .json(&body),
        )
        .await
    }

    async fn bytes(&self, path: &str) -> (u16, Vec<u8>) {
        let r = self
            .http
            .get(format!("{}/api/v1{path}", self.base))
            .bearer_auth(&self.token)
            .send()
            .await
            .unwrap();
        (r.status().as_u16(), r.bytes().await.unwrap().to_vec())
    }
}

async fn client_for(t: &TestApp, username: &str, password: Option<&str>) -> Client {
    let mut browser = match password {
        None => signed_in(t, username).await.0,
        Some(password) => {
            let mut browser = t.browser();
            let (home, _) = browser.sign_in_fully(username, password, None).await;
            assert!(
                home.contains("Needs my attention"),
                "{username}: {}",
                home.body
            );
            browser
        }
    };
    Client {
        base: t.base_url.clone(),
        token: api_token(&mut browser, "read_write", "30").await,
        http: reqwest::Client::new(),
        browser: tokio::sync::Mutex::new(browser),
    }
}

/// The demo with a designated person for each contributing agency and one
/// for an agency that does not contribute.
struct World {
    analyst: Client,
    designated: Vec<Client>,
    outsider: Client,
    caseworker: Client,
    lakeside: String,
}

/// The demo as `concord demo` seeds it, on a smaller scale: ten cases for
/// each of the three case workers, then the risk conference.
async fn seed(t: &TestApp) {
    t.seed_demo().await;
    t.app.seed_demo_cases(30).await.unwrap();
    assert!(t.app.seed_demo_conferences().await.unwrap());
}

async fn lakeside_id(analyst: &Client) -> String {
    let (_, areas) = analyst.get("/areas?limit=100").await;
    areas["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["code"] == "KV-N-LAK")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string()
}

async fn world(t: &TestApp) -> World {
    seed(t).await;
    let mut designated = Vec::new();
    for (username, agency) in CONTRIBUTORS {
        designated.push(if username == "shelter.admin" {
            client_for(t, username, None).await
        } else {
            let password = t
                .create_user(username, agency, &["agency_administrator"])
                .await;
            client_for(t, username, Some(&password)).await
        });
    }
    let password = t
        .create_user(
            "coastal.admin",
            "Coastal Women's Centre",
            &["agency_administrator"],
        )
        .await;
    let outsider = client_for(t, "coastal.admin", Some(&password)).await;
    let analyst = client_for(t, "analyst", None).await;
    let caseworker = client_for(t, "shelter.caseworker", None).await;
    let lakeside = lakeside_id(&analyst).await;
    World {
        analyst,
        designated,
        outsider,
        caseworker,
        lakeside,
    }
}

fn lakeside_q1(w: &World) -> Value {
    json!({
        "indicator_set": "risk_conference_quarterly",
        "period": "2026-Q1",
        "area_id": w.lakeside,
        "breakdowns": ["referring_sector"],
    })
}

async fn prepared(w: &World) -> String {
    let (status, release) = w.analyst.post("/statistics/releases", lakeside_q1(w)).await;
    assert_eq!(status, 201, "{release}");
    assert_eq!(release["status"], "awaiting_sign_off");
    release["id"].as_str().unwrap().to_string()
}

async fn published(w: &World) -> String {
    let id = prepared(w).await;
    for person in &w.designated {
        let (status, body) = person
            .post(&format!("/statistics/releases/{id}/sign-off"), json!({}))
            .await;
        assert_eq!(status, 200, "{body}");
    }
    id
}

fn field_of(body: &Value) -> Vec<String> {
    body["error"]["problems"]
        .as_array()
        .map(|p| {
            p.iter()
                .map(|p| p["field"].as_str().unwrap_or_default().to_string())
                .collect()
        })
        .unwrap_or_default()
}

async fn a_release_is_prepared_by_an_analyst_signed_by_every_contributor_and_then_never_changes(
    engine: Engine,
) {
    let t = TestApp::spawn(engine).await;
    let w = world(&t).await;
    // Only an analyst prepares.
    for other in [&w.designated[0], &w.caseworker] {
        let (status, body) = other.post("/statistics/releases", lakeside_q1(&w)).await;
        assert_eq!(status, 403, "{body}");
    }
    let mut bad = lakeside_q1(&w);
    bad["period"] = json!("2026-Q7");
    bad["breakdowns"] = json!(["shoe_size"]);
    let (status, body) = w.analyst.post("/statistics/releases", bad).await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(field_of(&body), ["period", "breakdowns"], "{body}");
    assert!(
        w.analyst.get("/statistics/releases").await.1["items"]
            .as_array()
            .unwrap()
            .is_empty(),
        "nothing half-written"
    );

    let id = prepared(&w).await;
    // The shelter's designated person finds it on her home page.
    let link = format!("/statistics/releases/{id}");
    let shelter_admin = &w.designated[0];
    let home = shelter_admin.browser.lock().await.get("/").await;
    assert!(
        home.body.contains("awaits your agency") && home.body.contains(&link),
        "{}",
        home.body
    );
    let home = w.caseworker.browser.lock().await.get("/").await;
    assert!(!home.body.contains(&link), "a caseworker signs nothing");
    let (_, release) = w.analyst.get(&format!("/statistics/releases/{id}")).await;
    let contributors: BTreeSet<&str> = release["contributors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["agency_name"].as_str().unwrap())
        .collect();
    assert_eq!(contributors, CONTRIBUTORS.iter().map(|(_, a)| *a).collect());
    // Frozen tables, suppressed: no published count is a small one.
    for table in release["tables"].as_array().unwrap() {
        for row in table["rows"].as_array().unwrap() {
            if row["cell"]["kind"] == "count" {
                let n = row["cell"]["value"].as_u64().unwrap();
                assert!(n == 0 || n >= 10, "{} {row}", table["code"]);
            }
        }
    }

    // Not published yet: a caseworker cannot read it; the outsider's
    // administrator cannot sign it; a caseworker holds no sign-off.
    let (status, _) = w
        .caseworker
        .get(&format!("/statistics/releases/{id}"))
        .await;
    assert_eq!(status, 403);
    let (status, _) = w
        .outsider
        .post(&format!("/statistics/releases/{id}/sign-off"), json!({}))
        .await;
    assert_eq!(status, 403);
    let (status, _) = w
        .caseworker
        .post(&format!("/statistics/releases/{id}/sign-off"), json!({}))
        .await;
    assert_eq!(status, 403);

    // A contributor's designated person sees the tables as they will be
    // published, and signs; the same agency cannot decide twice.
    let (status, seen) = w.designated[1]
        .get(&format!("/statistics/releases/{id}"))
        .await;
    assert_eq!(status, 200);
    assert_eq!(seen["tables"], release["tables"]);
    assert_eq!(seen["awaits_your_decision"], true);
    let sign = |i: usize| {
        let path = format!("/statistics/releases/{id}/sign-off");
        let person = &w.designated[i];
        async move { person.post(&path, json!({})).await }
    };
    for i in 0..3 {
        let (status, body) = sign(i).await;
        assert_eq!(
            (status, body["status"].clone()),
            (200, json!("awaiting_sign_off"))
        );
    }
    let (status, _) = sign(0).await;
    assert_eq!(status, 409, "an agency decides once");
    // Decided: no longer awaiting on her home page.
    let home = shelter_admin.browser.lock().await.get("/").await;
    assert!(!home.body.contains("awaits your agency"), "{}", home.body);
    let (status, body) = sign(3).await;
    assert_eq!(
        (status, body["status"].clone()),
        (200, json!("published")),
        "{body}"
    );

    // Each sign-off names the role it was made in, on the release and in
    // the published document.
    let (_, decided) = w.analyst.get(&link).await;
    for c in decided["contributors"].as_array().unwrap() {
        assert_eq!(c["decided_as"], "agency_administrator", "{c}");
    }
    let (status, document) = w
        .analyst
        .bytes(&format!("{link}/download?format=json"))
        .await;
    assert_eq!(status, 200);
    let document: Value = serde_json::from_slice(&document).unwrap();
    let roles: Vec<_> = document["sign_offs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["role"].as_str().unwrap())
        .collect();
    assert_eq!(roles, ["agency_administrator"; 4]);
    // Published: her home page says so, with the link.
    let home = shelter_admin.browser.lock().await.get("/").await;
    assert!(
        home.body.contains("was published in the last 14 days") && home.body.contains(&link),
        "{}",
        home.body
    );

    // Published: listed for every signed-in user, with its hash.
    let (_, list) = w.caseworker.get("/statistics/releases").await;
    let listed = list["items"].as_array().unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["status"], "published");
    assert_eq!(listed[0]["content_hash"].as_str().unwrap().len(), 64);
    let (status, read) = w
        .caseworker
        .get(&format!("/statistics/releases/{id}"))
        .await;
    assert_eq!(status, 200);
    assert_eq!(read["tables"], release["tables"]);
    assert!(
        read["contributors"].as_array().unwrap().is_empty(),
        "agencies are not named to all"
    );

    // Every change is refused and nothing changes.
    for (person, path, body) in [
        (&w.designated[3], "sign-off", json!({})),
        (
            &w.designated[0],
            "refusal",
            json!({"reason": "Second thoughts."}),
        ),
        (&w.analyst, "withdrawal", json!({})),
    ] {
        let (status, answer) = person
            .post(&format!("/statistics/releases/{id}/{path}"), body)
            .await;
        assert_eq!(status, 409, "{path}: {answer}");
    }
    let (_, after) = w.analyst.get(&format!("/statistics/releases/{id}")).await;
    assert_eq!(after, {
        let (_, again) = w.analyst.get(&format!("/statistics/releases/{id}")).await;
        again
    });
    assert_eq!(after["status"], "published");
    assert_eq!(after["tables"], release["tables"]);
    assert!(
        after["contributors"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["decision"] == "signed")
    );
}

async fn a_refusal_needs_a_reason_and_a_refused_release_is_withdrawn_and_prepared_again(
    engine: Engine,
) {
    let t = TestApp::spawn(engine).await;
    let w = world(&t).await;
    let id = prepared(&w).await;
    let refusal = format!("/statistics/releases/{id}/refusal");
    for blank in ["", "   "] {
        let (status, body) = w.designated[2]
            .post(&refusal, json!({ "reason": blank }))
            .await;
        assert_eq!(status, 400, "{body}");
        assert_eq!(field_of(&body), ["reason"]);
    }
    let (_, still) = w.analyst.get(&format!("/statistics/releases/{id}")).await;
    assert_eq!(still["status"], "awaiting_sign_off");
    assert!(
        still["contributors"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["decision"] == "undecided")
    );

    let (status, body) = w.designated[2]
        .post(
            &refusal,
            json!({ "reason": "Two referrals are counted in the wrong quarter." }),
        )
        .await;
    assert_eq!((status, body["status"].clone()), (200, json!("refused")));
    let (_, refused) = w.analyst.get(&format!("/statistics/releases/{id}")).await;
    let reason = refused["contributors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["decision"] == "refused")
        .unwrap()["reason"]
        .clone();
    assert_eq!(reason, "Two referrals are counted in the wrong quarter.");
    // A refused release takes no signature; only an analyst withdraws it.
    let (status, _) = w.designated[0]
        .post(&format!("/statistics/releases/{id}/sign-off"), json!({}))
        .await;
    assert_eq!(status, 409);
    let (status, _) = w.designated[0]
        .post(&format!("/statistics/releases/{id}/withdrawal"), json!({}))
        .await;
    assert_eq!(status, 403);
    let (status, _) = w
        .analyst
        .post(&format!("/statistics/releases/{id}/withdrawal"), json!({}))
        .await;
    assert_eq!(status, 204);
    let (_, withdrawn) = w.analyst.get(&format!("/statistics/releases/{id}")).await;
    assert_eq!(withdrawn["status"], "withdrawn");
    let again = prepared(&w).await;
    assert_ne!(again, id);
    // Two releases, listed newest first a page at a time by cursor.
    let (status, first) = w.analyst.get("/statistics/releases?limit=1").await;
    assert_eq!(status, 200, "{first}");
    assert_eq!(first["items"][0]["id"], again.as_str());
    let cursor = first["next_cursor"].as_str().expect("a next page");
    let (status, second) = w
        .analyst
        .get(&format!("/statistics/releases?limit=1&cursor={cursor}"))
        .await;
    assert_eq!(status, 200, "{second}");
    assert_eq!(second["items"][0]["id"], id.as_str());
    assert!(second["next_cursor"].is_null(), "{second}");
    let (status, body) = w
        .analyst
        .get("/statistics/releases?limit=1&cursor=nonsense")
        .await;
    assert_eq!(status, 400, "{body}");
    let (status, body) = w.analyst.get("/statistics/releases?limit=0").await;
    assert_eq!((status, field_of(&body)), (400, vec!["limit".to_string()]));
    // Not published: no download.
    let (status, _) = w
        .analyst
        .bytes(&format!(
            "/statistics/releases/{again}/download?format=json"
        ))
        .await;
    assert_eq!(status, 404);
}

fn write(t: &TestApp, name: &str, bytes: &[u8]) -> String {
    let path = t.dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    path.to_str().unwrap().to_string()
}

fn verify(t: &TestApp, path: &str) -> (bool, String) {
    run_concord(
        t,
        &["--database", &t.database_url, "statistics", "verify", path],
    )
}

/// The bytes with one character changed (the first digit after `after`).
fn one_byte_changed(bytes: &[u8], after: &str) -> Vec<u8> {
    let text = std::str::from_utf8(bytes).unwrap();
    let start = text.find(after).unwrap() + after.len();
    let offset = text[start..]
        .bytes()
        .position(|b| b.is_ascii_digit())
        .unwrap()
        + start;
    let mut changed = bytes.to_vec();
    changed[offset] = if changed[offset] == b'9' {
        b'8'
    } else {
        changed[offset] + 1
    };
    changed
}

async fn downloads_verify_and_a_changed_byte_fails(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    let w = world(&t).await;
    let id = published(&w).await;
    let caseworker = &w.caseworker;
    let download = |format: &str| {
        let path = format!("/statistics/releases/{id}/download?format={format}");
        async move { caseworker.bytes(&path).await }
    };
    let (status, canonical) = download("json").await;
    assert_eq!(status, 200);
    let release: Value = serde_json::from_slice(&canonical).unwrap();
    assert_eq!(release["release_id"], id.as_str());
    assert_eq!(release["period"], "2026-Q1");
    assert_eq!(release["area_code"], "KV-N-LAK");
    assert_eq!(release["contributing_agencies"], 4);
    assert!(
        !String::from_utf8_lossy(&canonical).contains("Safe Haven"),
        "no agency is named in the published form"
    );

    // Verification passes on every verifiable download.
    let (ok, out) = verify(&t, &write(&t, "release.json", &canonical));
    assert!(ok, "{out}");
    assert!(out.contains("Verified") && out.contains(&id), "{out}");
    let (_, csv) = download("csv").await;
    let (ok, out) = verify(&t, &write(&t, "release.csv", &csv));
    assert!(ok, "{out}");
    let (status, table_csv) = w
        .caseworker
        .bytes(&format!(
            "/statistics/releases/{id}/download?format=csv&table=marac_referrals"
        ))
        .await;
    assert_eq!(status, 200);
    let (ok, out) = verify(&t, &write(&t, "referrals.csv", &table_csv));
    assert!(ok && out.contains("marac_referrals"), "{out}");

    // One changed byte fails, with a clear message.
    let changed = one_byte_changed(&canonical, "\"kind\": \"count\",");
    let (ok, out) = verify(&t, &write(&t, "changed.json", &changed));
    assert!(!ok, "{out}");
    assert!(
        out.contains("NOT VERIFIED") && out.contains("changed after download"),
        "{out}"
    );
    let changed = one_byte_changed(&csv, "marac_cases_discussed,count,,total,");
    let (ok, out) = verify(&t, &write(&t, "changed.csv", &changed));
    assert!(!ok && out.contains("changed after download"), "{out}");
    let (ok, out) = verify(&t, &write(&t, "other.txt", b"not a release"));
    assert!(
        !ok && out.contains("not a Concord statistics release"),
        "{out}"
    );

    // CSV: the suppressed cells read `suppressed`, exactly where the
    // published form has them.
    let mut suppressed_in_json = BTreeSet::new();
    let mut figures = 0;
    for table in release["tables"].as_array().unwrap() {
        for row in table["rows"].as_array().unwrap() {
            let key = (
                table["code"].as_str().unwrap().to_string(),
                row["category"].as_str().unwrap().to_string(),
            );
            match row["cell"]["kind"].as_str().unwrap() {
                "suppressed" => {
                    suppressed_in_json.insert(key);
                }
                "count" | "percent" => figures += 1,
                _ => {}
            }
        }
    }
    assert!(
        !suppressed_in_json.is_empty(),
        "the demo quarter has small cells"
    );
    let mut reader = csv::Reader::from_reader(csv.as_slice());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header[0], "release_id");
    let suppressed_in_csv: BTreeSet<(String, String)> = reader
        .records()
        .map(|r| r.unwrap())
        .filter(|r| &r[9] == "suppressed")
        .map(|r| (r[5].to_string(), r[8].to_string()))
        .collect();
    assert_eq!(suppressed_in_csv, suppressed_in_json);

    // XLSX: a sheet of definitions and one per table; the suppressed cells
    // read `suppressed` where the published form has them.
    let (status, xlsx) = download("xlsx").await;
    assert_eq!(status, 200);
    let sheets = xlsx_sheets(&xlsx);
    let tables = release["tables"].as_array().unwrap();
    assert_eq!(sheets.names.len(), tables.len() + 1);
    assert_eq!(sheets.names[0], "definitions");
    assert!(sheets.xml[0].contains(&sheets.string_cell("marac_referrals")));
    let suppressed = sheets.string_cell("suppressed");
    let mut marked = 0;
    for (i, table) in tables.iter().enumerate() {
        assert_eq!(sheets.names[i + 1], table["code"].as_str().unwrap());
        for (r, row) in table["rows"].as_array().unwrap().iter().enumerate() {
            let cell = sheets.cell(i + 1, &format!("B{}", r + 2));
            if row["cell"]["kind"] == "suppressed" {
                assert!(cell.contains(&suppressed), "{} {cell}", table["code"]);
                marked += 1;
            } else {
                assert!(!cell.contains(&suppressed), "{} {cell}", table["code"]);
            }
        }
    }
    assert_eq!(marked, suppressed_in_json.len());

    // DHIS2: DHIS2 period, the area's code as org unit, indicator codes as
    // data elements, sectors as category option combos, suppressed cells
    // left out.
    let (status, dhis2) = download("dhis2").await;
    assert_eq!(status, 200);
    let dhis2: Value = serde_json::from_slice(&dhis2).unwrap();
    assert_eq!(dhis2["period"], "2026Q1");
    assert_eq!(dhis2["orgUnit"], "KV-N-LAK");
    let values = dhis2["dataValues"].as_array().unwrap();
    assert_eq!(
        values.len(),
        figures,
        "one value per published figure: {dhis2}"
    );
    for v in values {
        assert_eq!(v["period"], "2026Q1");
        assert_eq!(v["orgUnit"], "KV-N-LAK");
        assert!(v["dataElement"].as_str().unwrap().starts_with("marac_"));
        assert_ne!(v["value"], "suppressed");
        let combo = v["categoryOptionCombo"]
            .as_str()
            .unwrap_or("total")
            .to_string();
        assert!(
            !suppressed_in_json.contains(&(v["dataElement"].as_str().unwrap().to_string(), combo)),
            "{v}"
        );
    }
    assert!(
        values.iter().any(
            |v| v["dataElement"] == "marac_referrals" && v.get("categoryOptionCombo").is_none()
        )
    );
}

/// An XLSX workbook read back from its parts: sheet names and each
/// sheet's XML, and the shared strings.
struct Sheets {
    names: Vec<String>,
    xml: Vec<String>,
    strings: Vec<String>,
}

impl Sheets {
    /// How a cell holding this shared string reads in the sheet XML.
    fn string_cell(&self, text: &str) -> String {
        let index = self
            .strings
            .iter()
            .position(|s| s == text)
            .unwrap_or_else(|| panic!("no shared string {text}: {:?}", self.strings));
        format!("t=\"s\"><v>{index}</v>")
    }

    /// The XML of one cell (`B3`) of sheet `i`, or "" if it is absent.
    fn cell(&self, i: usize, reference: &str) -> String {
        let xml = &self.xml[i];
        let Some(start) = xml.find(&format!("<c r=\"{reference}\"")) else {
            return String::new();
        };
        let end = xml[start..].find("</c>").map_or(xml.len(), |e| start + e);
        xml[start..end].to_string()
    }
}

fn xlsx_sheets(bytes: &[u8]) -> Sheets {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut part = |name: &str| {
        let mut text = String::new();
        zip.by_name(name)
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        text
    };
    let workbook = part("xl/workbook.xml");
    let names: Vec<String> = workbook
        .split("<sheet name=\"")
        .skip(1)
        .map(|s| s[..s.find('"').unwrap()].to_string())
        .collect();
    let xml = (1..=names.len())
        .map(|i| part(&format!("xl/worksheets/sheet{i}.xml")))
        .collect();
    let strings = part("xl/sharedStrings.xml")
        .split("<si>")
        .skip(1)
        .map(|si| {
            let text = &si[si.find('>').unwrap() + 1..];
            text[..text.find("</t>").unwrap()].to_string()
        })
        .collect();
    Sheets {
        names,
        xml,
        strings,
    }
}

async fn the_public_page_is_404_unless_enabled_and_shows_only_published_releases(engine: Engine) {
    let off = TestApp::spawn(engine).await;
    for path in [
        "/public/statistics",
        "/public/statistics/00000000-0000-0000-0000-000000000000",
    ] {
        let reply = off.browser().get(path).await;
        assert_eq!(reply.status, 404, "{path}");
    }

    let t = TestApp::spawn_with(
        engine,
        TestAppOptions {
            config: AppConfig {
                public_statistics: true,
                ..AppConfig::default()
            },
            ..TestAppOptions::default()
        },
    )
    .await;
    let w = world(&t).await;
    let public = published(&w).await;
    let pending = prepared(&w).await;
    let mut anyone = t.browser();
    let list = anyone.get("/public/statistics").await;
    assert_eq!(list.status, 200, "{}", list.body);
    assert!(list.body.contains(&format!("/public/statistics/{public}")));
    assert!(!list.body.contains(&pending.to_string()));
    let page = anyone.get(&format!("/public/statistics/{public}")).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("marac_referrals"));
    assert!(!page.body.contains("Safe Haven"), "no agency is named");
    assert_eq!(
        anyone
            .get(&format!("/public/statistics/{pending}"))
            .await
            .status,
        404
    );
    let json = anyone
        .get(&format!("/public/statistics/{public}/download?format=json"))
        .await;
    assert_eq!(json.status, 200);
    assert!(json.body.contains(&public));
    assert_eq!(
        anyone
            .get(&format!(
                "/public/statistics/{pending}/download?format=json"
            ))
            .await
            .status,
        404
    );
}

async fn release_pages_prepare_refuse_and_withdraw_without_javascript(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    seed(&t).await;
    let (mut analyst, _) = signed_in(&t, "analyst").await;
    let lakeside = {
        let token = api_token(&mut analyst, "read", "1").await;
        let client = Client {
            base: t.base_url.clone(),
            token,
            http: reqwest::Client::new(),
            browser: tokio::sync::Mutex::new(t.browser()),
        };
        lakeside_id(&client).await
    };
    let form = analyst.get("/statistics/releases/new").await;
    assert_eq!(form.status, 200);
    assert!(form.contains("field-period"));
    // A bad period is named beside its field; nothing is prepared.
    let refused = analyst
        .post(
            "/statistics/releases",
            &[
                ("indicator_set", "risk_conference_quarterly"),
                ("period", "Q1"),
                ("area_id", &lakeside),
                ("breakdowns", "referring_sector"),
            ],
        )
        .await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert!(
        refused.element_text("error-period").is_some(),
        "{}",
        refused.body
    );
    let prepared = analyst
        .post(
            "/statistics/releases",
            &[
                ("indicator_set", "risk_conference_quarterly"),
                ("period", "2026-Q1"),
                ("area_id", &lakeside),
                ("breakdowns", "referring_sector"),
            ],
        )
        .await;
    let release_path = prepared.location.clone().expect("to the release's page");
    let page = analyst.follow(prepared).await;
    assert_eq!(page.status, 200);
    assert_eq!(
        page.element_text("release-status").as_deref(),
        Some("Awaiting sign-off")
    );
    assert!(page.contains("table-marac_referrals"));

    // Only an analyst has the form.
    let (mut caseworker, _) = signed_in(&t, "shelter.caseworker").await;
    assert_eq!(caseworker.get("/statistics/releases/new").await.status, 403);
    assert_eq!(caseworker.get(&release_path).await.status, 403);

    // The shelter's administrator sees the tables as they will be
    // published, and must give a reason to refuse.
    let (mut admin, _) = signed_in(&t, "shelter.admin").await;
    let list = admin.get("/statistics/releases").await;
    assert!(list.contains(&release_path), "{}", list.body);
    let page = admin.get(&release_path).await;
    assert!(page.contains("Sign off for my agency"));
    assert!(page.contains("table-marac_referrals"));
    let blank = admin
        .post(&format!("{release_path}/refusal"), &[("reason", " ")])
        .await;
    assert_eq!(blank.status, 422, "{}", blank.body);
    assert!(blank.element_text("error-reason").is_some());
    let done = admin
        .post(
            &format!("{release_path}/refusal"),
            &[("reason", "A referral is counted twice.")],
        )
        .await;
    let page = admin.follow(done).await;
    assert_eq!(
        page.element_text("release-status").as_deref(),
        Some("Refused")
    );
    assert!(page.contains("A referral is counted twice."));
    assert!(!page.contains("Sign off for my agency"));

    // The analyst withdraws it.
    analyst.get(&release_path).await;
    let withdrawn = analyst
        .post(&format!("{release_path}/withdrawal"), &[])
        .await;
    let list = analyst.follow(withdrawn).await;
    assert_eq!(list.status, 200);
    assert!(list.contains("Withdrawn"));
}

/// February 2026: the shelter 12 rapes in Lakeside; the police 20
/// physical assaults and 3 sexual assaults (a small national cell) in
/// Riverside, and one rape in Lakeside without consent (never counted).
/// The shelter and the police contribute to the national release.
async fn february_incidents(t: &TestApp) {
    use super::statistics::incidents;
    incidents(t, "shelter.caseworker", "KV-N-LAK", "penetration", 12, true).await;
    incidents(
        t,
        "police.officer",
        "KV-S-RIV",
        "physical_assault",
        20,
        true,
    )
    .await;
    incidents(
        t,
        "police.officer",
        "KV-S-RIV",
        "unwanted_sexual_contact",
        3,
        true,
    )
    .await;
    incidents(t, "police.officer", "KV-N-LAK", "penetration", 1, false).await;
}

/// A cell of the Statistics API as a published file writes it.
fn as_published(cell: &Value) -> String {
    if cell["suppressed"] == true {
        "suppressed".to_string()
    } else {
        cell["value"].as_u64().unwrap().to_string()
    }
}

async fn a_gbv_incident_release_publishes_the_statistics_areas_suppressed_figures(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    february_incidents(&t).await;
    let analyst = client_for(&t, "analyst", None).await;
    let shelter = client_for(&t, "shelter.admin", None).await;
    let password = t
        .create_user(
            "police.admin",
            "Lakeside Police Domestic Abuse Unit",
            &["agency_administrator"],
        )
        .await;
    let police = client_for(&t, "police.admin", Some(&password)).await;
    let (_, areas) = analyst.get("/areas?limit=100").await;
    let nation = areas["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["code"] == "KV")
        .unwrap()["id"]
        .clone();
    let request = json!({
        "indicator_set": "gbv_incidents",
        "period": "2026-02",
        "area_id": nation,
        "breakdowns": ["gbv_type"],
    });

    // The form offers the set and its breakdowns.
    let (mut browser, _) = signed_in(&t, "analyst").await;
    let form = browser.get("/statistics/releases/new").await;
    assert_eq!(form.status, 200);
    assert!(form.contains("value=\"gbv_incidents\""), "{}", form.body);
    assert!(form.contains("GBV incidents (GBVIMS incident statistics)"));
    assert!(form.contains("value=\"perpetrator_relationship\""));

    // A breakdown of another set is refused, naming the field.
    let mut bad = request.clone();
    bad["breakdowns"] = json!(["referring_sector"]);
    let (status, body) = analyst.post("/statistics/releases", bad).await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(field_of(&body), ["breakdowns"], "{body}");

    // Prepared over the shelter's and the police's incidents: they sign.
    let (status, release) = analyst.post("/statistics/releases", request).await;
    assert_eq!(status, 201, "{release}");
    let id = release["id"].as_str().unwrap().to_string();
    let (_, release) = analyst.get(&format!("/statistics/releases/{id}")).await;
    let contributors: BTreeSet<&str> = release["contributors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["agency_name"].as_str().unwrap())
        .collect();
    assert_eq!(
        contributors,
        BTreeSet::from([
            "Safe Haven Women's Shelter",
            "Lakeside Police Domestic Abuse Unit"
        ]),
        "{release}"
    );
    for person in [&shelter, &police] {
        let (status, body) = person
            .post(&format!("/statistics/releases/{id}/sign-off"), json!({}))
            .await;
        assert_eq!(status, 200, "{body}");
    }
    let (_, release) = analyst.get(&format!("/statistics/releases/{id}")).await;
    assert_eq!(release["status"], "published", "{release}");

    // Its CSV: (table, category) → cell.
    let (status, csv) = analyst
        .bytes(&format!("/statistics/releases/{id}/download?format=csv"))
        .await;
    assert_eq!(status, 200);
    let mut reader = csv::Reader::from_reader(csv.as_slice());
    let published: std::collections::BTreeMap<(String, String), String> = reader
        .records()
        .map(|r| r.unwrap())
        .map(|r| ((r[5].to_string(), r[8].to_string()), r[9].to_string()))
        .collect();

    // The same figures and suppressions as the Statistics API shows the
    // analyst for the same period, area and breakdown.
    let (status, statistics) = analyst
        .get("/statistics/incidents?period=2026-02&area=KV&breakdown=gbv_type")
        .await;
    assert_eq!(status, 200, "{statistics}");
    let shown = statistics["areas"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["code"] == "KV")
        .unwrap();
    let mut expected = std::collections::BTreeMap::new();
    expected.insert(
        ("gbv_incidents".to_string(), "total".to_string()),
        as_published(&shown["total"]),
    );
    for c in shown["categories"].as_array().unwrap() {
        expected.insert(
            (
                "gbv_incidents_by_gbv_type".to_string(),
                c["category"].as_str().unwrap().to_string(),
            ),
            as_published(c),
        );
    }
    assert_eq!(published, expected, "{statistics}");
    // The 3 sexual assaults are hidden, and so is what would give them away
    // (total − the other types); something is still shown.
    let cell =
        |code: &str, category: &str| published[&(code.to_string(), category.to_string())].clone();
    assert_eq!(
        cell("gbv_incidents_by_gbv_type", "sexual_assault"),
        "suppressed"
    );
    let hidden = published.values().filter(|v| *v == "suppressed").count();
    assert!(hidden >= 2, "{published:?}");
    assert!(hidden < published.len(), "{published:?}");

    // DHIS2: every figure but the suppressed ones, the area's code as org
    // unit, the indicator code as data element, the category as combo.
    let (status, dhis2) = analyst
        .bytes(&format!("/statistics/releases/{id}/download?format=dhis2"))
        .await;
    assert_eq!(status, 200);
    let dhis2: Value = serde_json::from_slice(&dhis2).unwrap();
    assert_eq!(dhis2["period"], "202602");
    let values: std::collections::BTreeMap<(String, String), String> = dhis2["dataValues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            assert_eq!(v["orgUnit"], "KV");
            assert_eq!(v["period"], "202602");
            let combo = v["categoryOptionCombo"].as_str().unwrap_or("total");
            (
                (
                    v["dataElement"].as_str().unwrap().to_string(),
                    combo.to_string(),
                ),
                v["value"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let figures: std::collections::BTreeMap<_, _> = published
        .into_iter()
        .filter(|(_, v)| v != "suppressed")
        .collect();
    assert!(!values.is_empty(), "{dhis2}");
    assert_eq!(values, figures, "{dhis2}");
}
