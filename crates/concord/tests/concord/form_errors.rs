//! Every form's error state reads as words and links where it says: each
//! demo account walks the pages it can reach from its home page, submits
//! every form it finds with its fields left empty, and every page seen —
//! the forms' error states above all — must have no unknown message key
//! (on the page or in the log lines of its request) and an error summary
//! whose links all lead to an element of the page.

use super::support::signed_in;
use concord_testkit::{
    Browser, Engine, Reply, TestApp, capture_logs, captured_logs, on_both_engines,
};
use std::collections::{BTreeMap, BTreeSet, VecDeque};

on_both_engines!(every_forms_error_state_names_its_fields_and_links_to_them);

const ACCOUNTS: [&str; 9] = [
    "admin",
    "secretariat",
    "analyst",
    "shelter.admin",
    "shelter.caseworker",
    "shelter.supervisor",
    "police.officer",
    "hospital.nurse",
    "marac.coordinator",
];

/// Pages visited per account, and of one kind (`/cases/{id}`).
const PAGES_PER_ACCOUNT: usize = 200;
const PAGES_OF_A_KIND: usize = 3;

/// `&amp;` and friends, as askama writes them in attributes.
fn unescape(text: &str) -> String {
    text.replace("&#x2f;", "/")
        .replace("&#47;", "/")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The attributes of the tag starting at `tag` (`<input …>`).
fn attributes(tag: &str) -> BTreeMap<String, String> {
    let end = tag.find('>').unwrap_or(tag.len());
    let inner = &tag[..end];
    let mut found = BTreeMap::new();
    let mut rest = inner.split_once(char::is_whitespace).map_or("", |(_, r)| r);
    while let Some(eq) = rest.find('=') {
        let name = rest[..eq].trim();
        let name = name.rsplit(char::is_whitespace).next().unwrap_or(name);
        let after = &rest[eq + 1..];
        let Some(quote) = after.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            break;
        };
        let Some(close) = after[1..].find(quote) else {
            break;
        };
        found.insert(name.to_lowercase(), unescape(&after[1..1 + close]));
        rest = &after[close + 2..];
    }
    // Attributes without a value (`selected`, `checked`).
    for word in inner.split_whitespace().skip(1) {
        if !word.contains('=') && !word.contains('"') {
            found
                .entry(word.trim_end_matches('/').to_lowercase())
                .or_default();
        }
    }
    found
}

/// Every `<tag …>` in `html`, as its attributes.
fn tags(html: &str, tag: &str) -> Vec<BTreeMap<String, String>> {
    let open = format!("<{tag}");
    html.match_indices(open.as_str())
        .filter_map(|(at, _)| {
            let next = html[at + open.len()..].chars().next()?;
            (next.is_whitespace() || next == '>').then(|| attributes(&html[at..]))
        })
        .collect()
}

/// Every id in the page.
fn ids(html: &str) -> BTreeSet<String> {
    html.match_indices(" id=\"")
        .filter_map(|(at, m)| {
            let start = at + m.len();
            let end = start + html[start..].find('"')?;
            Some(unescape(&html[start..end]))
        })
        .collect()
}

/// `/cases/0190…/notes` → `/cases/{id}/notes`: pages and forms of one kind.
fn pattern(path: &str) -> String {
    let (path, query) = path.split_once('?').unwrap_or((path, ""));
    let mut shape: Vec<String> = path
        .split('/')
        .map(|segment| {
            if uuid::Uuid::parse_str(segment).is_ok() || segment.parse::<u64>().is_ok() {
                "{id}".to_string()
            } else {
                segment.to_string()
            }
        })
        .collect();
    if !query.is_empty() {
        let mut keys: Vec<&str> = query
            .split('&')
            .map(|p| p.split('=').next().unwrap_or(p))
            .collect();
        keys.sort();
        shape.push(format!("?{}", keys.join("&")));
    }
    shape.join("/")
}

/// One form of a page: where it posts and what it sends when every field a
/// person fills is left empty.
struct Form {
    action: String,
    token: String,
    fields: Vec<(String, String)>,
    /// Names of the fields a person fills (not hidden).
    visible: BTreeSet<String>,
}

/// Where each search or choice form (method GET) of a page leads with its
/// first real choice in every list: a case opened for a purpose, an
/// instrument picked for an assessment.
fn get_forms(page: &str, path: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (at, _) in page.match_indices("<form") {
        let form = attributes(&page[at..]);
        if form.get("method").map(|m| m.to_lowercase()) != Some("get".into()) {
            continue;
        }
        let end = at + page[at..].find("</form>").unwrap_or(page.len() - at);
        let html = &page[at..end];
        let mut query = Vec::new();
        for input in tags(html, "input") {
            if let (Some(name), Some("hidden")) =
                (input.get("name"), input.get("type").map(String::as_str))
            {
                query.push(format!(
                    "{name}={}",
                    input.get("value").cloned().unwrap_or_default()
                ));
            }
        }
        for (select_at, _) in html.match_indices("<select") {
            let select = attributes(&html[select_at..]);
            let Some(name) = select.get("name") else {
                continue;
            };
            let inner = &html[select_at..];
            let inner = &inner[..inner.find("</select>").unwrap_or(inner.len())];
            if let Some(value) = tags(inner, "option")
                .into_iter()
                .filter_map(|o| o.get("value").cloned())
                .find(|v| !v.is_empty())
            {
                query.push(format!("{name}={value}"));
            }
        }
        let action = form
            .get("action")
            .cloned()
            .unwrap_or_else(|| path.to_string());
        found.push(format!("{action}?{}", query.join("&")));
    }
    found
}

fn forms(page: &str, path: &str) -> Vec<Form> {
    let mut found = Vec::new();
    for (at, _) in page.match_indices("<form") {
        let form = attributes(&page[at..]);
        if form.get("method").map(|m| m.to_lowercase()) != Some("post".into()) {
            continue;
        }
        let end = at + page[at..].find("</form>").unwrap_or(page.len() - at);
        let html = &page[at..end];
        let mut token = String::new();
        let mut fields = Vec::new();
        let mut visible = BTreeSet::new();
        for input in tags(html, "input") {
            let Some(name) = input.get("name").cloned() else {
                continue;
            };
            let kind = input.get("type").cloned().unwrap_or_else(|| "text".into());
            match kind.as_str() {
                "hidden" if name == "csrf_token" => token = input["value"].clone(),
                "hidden" => fields.push((name, input.get("value").cloned().unwrap_or_default())),
                "submit" | "button" | "image" | "reset" => {}
                _ => {
                    visible.insert(name);
                }
            }
        }
        for tag in ["select", "textarea"] {
            for field in tags(html, tag) {
                if let Some(name) = field.get("name") {
                    visible.insert(name.clone());
                }
            }
        }
        // The first named button, as a browser sends the one clicked.
        if let Some(button) = tags(html, "button")
            .into_iter()
            .find(|b| b.contains_key("name"))
        {
            fields.push((
                button["name"].clone(),
                button.get("value").cloned().unwrap_or_default(),
            ));
        }
        for name in &visible {
            fields.push((name.clone(), String::new()));
        }
        let action = form
            .get("action")
            .cloned()
            .unwrap_or_else(|| path.to_string());
        found.push(Form {
            action,
            token,
            fields,
            visible,
        });
    }
    found
}

/// What is wrong with a page a person sees: message keys shown raw, and an
/// error summary linking to ids the page does not have.
fn page_problems(reply: &Reply, what: &str) -> Vec<String> {
    let mut problems = Vec::new();
    if reply.body.contains("Unknown localization key") {
        problems.push(format!("{what}: an unknown localization key is shown"));
    }
    if let Some(at) = reply.body.find("class=\"error-summary\"") {
        let summary = &reply.body[at..];
        let summary = &summary[..summary.find("</div>").unwrap_or(summary.len())];
        let ids = ids(&reply.body);
        for link in tags(summary, "a") {
            let href = link.get("href").cloned().unwrap_or_default();
            match href.strip_prefix('#') {
                Some(id) if ids.contains(id) => {}
                _ => problems.push(format!(
                    "{what}: the error summary links to {href:?}, which is not in the page"
                )),
            }
        }
    }
    problems
}

fn request_id(reply: &Reply) -> String {
    reply
        .header("x-request-id")
        .expect("every response has a request id")
}

/// Pages worth following: Concord's own HTML pages, never a download or
/// the way out.
fn followable(href: &str) -> bool {
    href.starts_with('/')
        && !href.starts_with("//")
        && !href.starts_with("/assets")
        && !href.starts_with("/api")
        && !href.contains("sign-out")
        && !href.contains("export")
        && !href.contains(".json")
        && !href.contains(".csv")
        && !href.contains("fhir")
}

#[derive(Default)]
struct Walk {
    problems: Vec<String>,
    /// (form kind, its fields) already submitted, by any account.
    forms_done: BTreeSet<String>,
    /// Every request id seen, to find its log lines.
    request_ids: BTreeSet<String>,
}

async fn walk(browser: &mut Browser, account: &str, walk: &mut Walk) {
    let mut queue = VecDeque::from(["/".to_string()]);
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut visited = BTreeSet::new();
    while let Some(path) = queue.pop_front() {
        // A few pages of each kind (the first body may have no meetings).
        let kind = seen.entry(pattern(&path)).or_default();
        if *kind >= PAGES_OF_A_KIND
            || visited.len() >= PAGES_PER_ACCOUNT
            || !visited.insert(path.clone())
        {
            continue;
        }
        *kind += 1;
        let page = browser.get(&path).await;
        walk.request_ids.insert(request_id(&page));
        let html = page
            .header("content-type")
            .is_some_and(|t| t.starts_with("text/html"));
        if page.status != 200 || !html {
            continue;
        }
        walk.problems
            .extend(page_problems(&page, &format!("{account} GET {path}")));
        for link in tags(&page.body, "a") {
            let href = link.get("href").cloned().unwrap_or_default();
            let href = href.split('#').next().unwrap_or_default().to_string();
            if followable(&href) && !visited.contains(&href) {
                queue.push_back(href);
            }
        }
        for href in get_forms(&page.body, &path) {
            if followable(&href) && !visited.contains(&href) {
                queue.push_back(href);
            }
        }
        for form in forms(&page.body, &path) {
            if form.visible.is_empty() || form.action.contains("sign-out") {
                continue;
            }
            let key = format!("{} {:?}", pattern(&form.action), form.visible);
            if !walk.forms_done.insert(key) {
                continue;
            }
            let fields: Vec<(&str, &str)> = form
                .fields
                .iter()
                .map(|(n, v)| (n.as_str(), v.as_str()))
                .collect();
            let reply = browser
                .post_with_token(&form.action, &fields, &form.token)
                .await;
            walk.request_ids.insert(request_id(&reply));
            assert!(
                reply.status < 500,
                "{account} POST {} (from {path}) failed: {} {}",
                form.action,
                reply.status,
                reply.body
            );
            walk.problems.extend(page_problems(
                &reply,
                &format!("{account} POST {} (from {path}) empty", form.action),
            ));
        }
    }
}

async fn every_forms_error_state_names_its_fields_and_links_to_them(engine: Engine) {
    assert!(capture_logs(), "the test process logs somewhere else");
    let t = TestApp::spawn(engine).await;
    // The demo district as `concord demo` seeds it, on a smaller scale:
    // cases, governance, the directory, referrals and a risk conference.
    t.seed_demo().await;
    t.app.seed_demo_cases(6).await.unwrap();
    t.app.seed_demo_governance().await.unwrap();
    t.app.seed_demo_directory().await.unwrap();
    t.app.seed_demo_referrals(4).await.unwrap();
    t.app.seed_demo_conferences().await.unwrap();
    let mut state = Walk::default();
    for account in ACCOUNTS {
        let (mut browser, _) = signed_in(&t, account).await;
        walk(&mut browser, account, &mut state).await;
    }
    // Unknown keys are shown as words, and logged: find the lines of this
    // walk's requests.
    for line in captured_logs().lines() {
        if line.contains("unknown localization key")
            && state
                .request_ids
                .iter()
                .any(|id| line.contains(id.as_str()))
        {
            state.problems.push(line.to_string());
        }
    }
    assert!(
        state.forms_done.len() >= 60,
        "only {} forms were reached: {:#?}",
        state.forms_done.len(),
        state.forms_done
    );
    assert!(
        state.problems.is_empty(),
        "{} problems in {} forms:\n{}",
        state.problems.len(),
        state.forms_done.len(),
        state.problems.join("\n")
    );
}
