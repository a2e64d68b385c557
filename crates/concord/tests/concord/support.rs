//! Shared steps of the integration tests.

use concord_app::demo::DEMO_PASSWORD;
use concord_testkit::{Browser, TestApp};

/// A browser fully signed in as a demo account (enrolling a second factor
/// where the role needs one). Returns the browser and the TOTP secret.
pub async fn signed_in(t: &TestApp, username: &str) -> (Browser, Option<Vec<u8>>) {
    let mut browser = t.browser();
    let (home, secret) = browser.sign_in_fully(username, DEMO_PASSWORD, None).await;
    assert!(
        home.contains("Needs my attention"),
        "{username} did not reach the home page: {} {}",
        home.status,
        home.body
    );
    (browser, secret)
}

/// Creates an API token through the web page and returns its secret.
pub async fn api_token(browser: &mut Browser, scope: &str, days: &str) -> String {
    browser.get("/account/tokens").await;
    let page = browser
        .post(
            "/account/tokens",
            &[("name", "test client"), ("scope", scope), ("days", days)],
        )
        .await;
    assert_eq!(page.status, 200, "{}", page.body);
    page.element_text("new-token")
        .expect("the new token is shown once")
}

/// The id of an account, looked up the way an administrator would: from
/// the users list of a system administrator.
pub async fn user_id(t: &TestApp, username: &str) -> String {
    t.user_id(username).await.to_string()
}

/// The path to the built `concord` binary.
pub fn concord_binary() -> std::process::Command {
    std::process::Command::new(env!("CARGO_BIN_EXE_concord"))
}

/// The environment `run_concord` gives the binary: this test app's keys
/// and data folder.
pub fn concord_env(t: &TestApp) -> Vec<(String, String)> {
    vec![
        (
            "CONCORD_MASTER_KEY".into(),
            t.keys.master.to_base64().to_string(),
        ),
        (
            "CONCORD_AUDIT_SIGNING_KEY".into(),
            t.keys.audit_signing.to_base64().to_string(),
        ),
        (
            "CONCORD_AUDIT_PUBLIC_KEY".into(),
            audit_public_key(t.keys.audit_signing.public_key()),
        ),
        (
            "CONCORD_DATA_DIR".into(),
            t.dir.path().display().to_string(),
        ),
        ("CONCORD_LOG".into(), "error".into()),
    ]
}

/// Runs the binary with this test app's keys; returns (success, stdout).
pub fn run_concord(t: &TestApp, args: &[&str]) -> (bool, String) {
    run_concord_with(&concord_env(t), args)
}

/// Runs the binary with this environment; returns (success, output).
pub fn run_concord_with(envs: &[(String, String)], args: &[&str]) -> (bool, String) {
    let output = concord_binary()
        .args(args)
        .envs(envs.iter().map(|(k, v)| (k, v)))
        .output()
        .expect("run concord");
    let mut text = String::from_utf8_lossy(&output.stdout).to_string();
    text.push_str(&String::from_utf8_lossy(&output.stderr));
    (output.status.success(), text)
}

/// The verifier key `concord audit public-key` prints for this public key.
pub fn audit_public_key(public_key: [u8; 32]) -> String {
    concord_crypto::checkpoint_note::verifier_key(
        concord_crypto::checkpoint_note::ORIGIN,
        &public_key,
    )
}
