//! The reader's language: the switcher's choice in this browser, else the
//! signed-in person's saved preference, else `Accept-Language`, else the
//! deployment's default; `<html lang dir>` follows it, Arabic right to
//! left. The API's error `message` follows `Accept-Language` while its
//! `code` and `field` stay what they are.

use super::support::{api_token, signed_in};
use concord_testkit::{Browser, Engine, TestApp, on_both_engines};
use serde_json::{Value, json};

on_both_engines!(
    a_page_speaks_the_browsers_language_and_the_switchers_choice,
    the_saved_preference_wins_over_the_browsers_language,
    an_api_error_speaks_the_requests_language_with_the_same_code_and_field,
);

/// A page fetched with this `Accept-Language` (the browser's cookies
/// sent): (status, body).
async fn page_in(browser: &Browser, path: &str, accept_language: &str) -> (u16, String) {
    let response = browser
        .raw()
        .get(browser.url(path))
        .header("accept-language", accept_language)
        .send()
        .await
        .expect("GET");
    let status = response.status().as_u16();
    (status, response.text().await.expect("a body"))
}

fn html_tag(body: &str) -> &str {
    let start = body.find("<html").expect("an html element");
    let end = start + body[start..].find('>').expect("its end");
    &body[start..=end]
}

async fn a_page_speaks_the_browsers_language_and_the_switchers_choice(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    let browser = t.browser();

    let (status, french) = page_in(&browser, "/sign-in", "fr-CA,fr;q=0.9,en;q=0.5").await;
    assert_eq!(status, 200);
    assert_eq!(html_tag(&french), r#"<html lang="fr" dir="ltr">"#);
    assert!(french.contains("Se connecter"), "{french}");
    assert!(!french.contains(">Sign in<"), "{french}");

    let (_, arabic) = page_in(&browser, "/sign-in", "ar-EG").await;
    assert_eq!(html_tag(&arabic), r#"<html lang="ar" dir="rtl">"#);
    assert!(arabic.contains("تسجيل الدخول"), "{arabic}");

    // None of the six: the deployment's default.
    let (_, other) = page_in(&browser, "/sign-in", "de-DE,it;q=0.8").await;
    assert_eq!(html_tag(&other), r#"<html lang="en-US" dir="ltr">"#);

    // Every page offers the six, each named in itself, as plain links.
    for name in [
        "العربية",
        "English",
        "Español",
        "Français",
        "Русский",
        "中文（简体）",
    ] {
        assert!(french.contains(name), "{name} missing from the switcher");
    }
    assert!(french.contains(r#"href="?lang=es""#), "{french}");

    // Following the switcher: back to the same page, in Spanish from now
    // on in this browser, whatever the header says.
    let mut browser = t.browser();
    let switched = browser.get("/sign-in?lang=es").await;
    assert_eq!(switched.status, 303);
    assert_eq!(switched.location.as_deref(), Some("/sign-in"));
    let (_, spanish) = page_in(&browser, "/sign-in", "fr").await;
    assert_eq!(html_tag(&spanish), r#"<html lang="es" dir="ltr">"#);
    assert!(spanish.contains("Iniciar sesión"), "{spanish}");

    // A tag that is not one of the six changes nothing, and the way back
    // never leaves the site.
    let ignored = browser.get("//elsewhere.example/?lang=de").await;
    assert_eq!(ignored.status, 303);
    assert_eq!(ignored.location.as_deref(), Some("/"));
    let (_, still) = page_in(&browser, "/sign-in", "fr").await;
    assert_eq!(html_tag(&still), r#"<html lang="es" dir="ltr">"#);
}

async fn the_saved_preference_wins_over_the_browsers_language(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    let (mut browser, _) = signed_in(&t, "analyst").await;
    browser.get("/account").await;

    // A tag that is not one of the six: refused by name, nothing saved.
    let refused = browser
        .post("/account/language", &[("language", "de")])
        .await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert!(
        refused.contains("is not one of the languages offered"),
        "{}",
        refused.body
    );
    assert!(
        refused.contains(r#"aria-invalid="true""#),
        "{}",
        refused.body
    );

    let saved = browser
        .post("/account/language", &[("language", "ar")])
        .await;
    assert_eq!(saved.status, 303, "{}", saved.body);

    // Another browser, no switcher choice, asking for French: she reads
    // Arabic once signed in, and the header's French before.
    let mut elsewhere = signed_in_asking(&t, "fr").await;
    let (_, home) = page_in(&elsewhere, "/", "fr").await;
    assert_eq!(html_tag(&home), r#"<html lang="ar" dir="rtl">"#);
    let account = elsewhere.get("/account").await;
    assert!(
        account.contains(r#"<option value="ar" lang="ar" selected>"#),
        "{}",
        account.body
    );
    // Cleared: the browser's language again.
    let cleared = elsewhere
        .post("/account/language", &[("language", "")])
        .await;
    assert_eq!(cleared.status, 303, "{}", cleared.body);
    let third = signed_in_asking(&t, "fr").await;
    let (_, home) = page_in(&third, "/", "fr").await;
    assert_eq!(html_tag(&home), r#"<html lang="fr" dir="ltr">"#);
}

/// The analyst signed in from a new browser (no switcher choice) whose
/// pages before sign-in are read in `accept_language`.
async fn signed_in_asking(t: &TestApp, accept_language: &str) -> Browser {
    let mut browser = t.browser();
    let (_, before) = page_in(&browser, "/sign-in", accept_language).await;
    assert!(html_tag(&before).contains(&format!("lang=\"{accept_language}\"")));
    let (home, _) = browser
        .sign_in_fully("analyst", concord_app::demo::DEMO_PASSWORD, None)
        .await;
    assert_eq!(home.status, 200, "{}", home.body);
    browser
}

async fn an_api_error_speaks_the_requests_language_with_the_same_code_and_field(engine: Engine) {
    let t = TestApp::spawn(engine).await;
    t.seed_demo().await;
    let (mut browser, _) = signed_in(&t, "shelter.caseworker").await;
    let token = api_token(&mut browser, "read_write", "30").await;
    let http = reqwest::Client::new();
    let search = |accept_language: &'static str| {
        http.post(browser.url("/api/v1/survivors/search"))
            .bearer_auth(&token)
            .header("accept-language", accept_language)
            .json(&json!({"name": "  ", "date_of_birth": "1990-06-11"}))
            .send()
    };
    let english: Value = search("en-US").await.unwrap().json().await.unwrap();
    let spanish = search("es-ES,es;q=0.9").await.unwrap();
    assert_eq!(spanish.status().as_u16(), 400);
    let spanish: Value = spanish.json().await.unwrap();
    assert_eq!(english["error"]["code"], "invalid", "{english}");
    assert_eq!(spanish["error"]["code"], english["error"]["code"]);
    assert_eq!(spanish["error"]["field"], "name", "{spanish}");
    assert_eq!(spanish["error"]["field"], english["error"]["field"]);
    assert_eq!(
        english["error"]["problems"][0]["message"], "is required",
        "{english}"
    );
    assert_eq!(
        spanish["error"]["problems"][0]["message"], "es obligatorio",
        "{spanish}"
    );
    assert!(
        spanish["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("es obligatorio")),
        "{spanish}"
    );
}
