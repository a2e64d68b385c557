//! A browser-like HTTP client: a cookie jar, forms submitted with the
//! anti-forgery token of the page they came from, redirects visible.

use concord_app::{Clock, ManualClock};
use std::sync::Arc;

pub struct Browser {
    client: reqwest::Client,
    base_url: String,
    clock: Arc<ManualClock>,
    /// The form token of the last page seen, as a real form would carry.
    csrf_token: String,
    /// The last session cookie the server set.
    session_cookie: Option<String>,
}

/// What came back from one request.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub location: Option<String>,
    pub headers: reqwest::header::HeaderMap,
    pub body: String,
}

impl Reply {
    /// The text of an element with this id (e.g. `totp-secret`).
    pub fn element_text(&self, id: &str) -> Option<String> {
        let marker = format!("id=\"{id}\"");
        let start = self.body.find(&marker)?;
        let open_end = start + self.body[start..].find('>')? + 1;
        let close = open_end + self.body[open_end..].find('<')?;
        Some(self.body[open_end..close].trim().to_string())
    }

    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(String::from)
    }

    pub fn contains(&self, text: &str) -> bool {
        self.body.contains(text)
    }
}

fn csrf_in(body: &str) -> Option<String> {
    let marker = "name=\"csrf_token\" value=\"";
    let start = body.find(marker)? + marker.len();
    let end = start + body[start..].find('"')?;
    Some(body[start..end].to_string())
}

impl Browser {
    pub fn new(base_url: &str, clock: Arc<ManualClock>) -> Self {
        let client = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent("Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0 concord-testkit")
            .build()
            .expect("http client");
        Self {
            client,
            base_url: base_url.to_string(),
            clock,
            csrf_token: String::new(),
            session_cookie: None,
        }
    }

    async fn reply(&mut self, response: reqwest::Response) -> Reply {
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let location = headers
            .get(reqwest::header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .map(String::from);
        for cookie in headers.get_all(reqwest::header::SET_COOKIE) {
            let text = cookie.to_str().unwrap_or_default();
            if let Some(value) = text.strip_prefix("concord_session=") {
                let value = value.split(';').next().unwrap_or_default();
                self.session_cookie = (!value.is_empty()).then(|| value.to_string());
            }
        }
        let body = response.text().await.unwrap_or_default();
        if let Some(token) = csrf_in(&body) {
            self.csrf_token = token;
        }
        Reply {
            status,
            location,
            headers,
            body,
        }
    }

    pub async fn get(&mut self, path: &str) -> Reply {
        let response = self
            .client
            .get(format!("{}{path}", self.base_url))
            .send()
            .await
            .expect("GET");
        self.reply(response).await
    }

    /// Follows redirects from `reply` (GETs) until a page answers.
    pub async fn follow(&mut self, mut reply: Reply) -> Reply {
        for _ in 0..5 {
            match (reply.status, reply.location.clone()) {
                (301..=303 | 307 | 308, Some(location)) => reply = self.get(&location).await,
                _ => break,
            }
        }
        reply
    }

    /// Submits a form with the token of the last page seen.
    pub async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> Reply {
        let token = self.csrf_token.clone();
        self.post_with_token(path, fields, &token).await
    }

    pub async fn post_with_token(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        token: &str,
    ) -> Reply {
        let mut form: Vec<(&str, &str)> = vec![("csrf_token", token)];
        form.extend_from_slice(fields);
        let response = self
            .client
            .post(format!("{}{path}", self.base_url))
            .header("sec-fetch-site", "same-origin")
            .form(&form)
            .send()
            .await
            .expect("POST");
        self.reply(response).await
    }

    /// The current session cookie's value, for replay tests.
    pub fn session_cookie(&self) -> Option<String> {
        self.session_cookie.clone()
    }

    /// A raw request, for tests of what a hostile page could send.
    pub fn raw(&self) -> &reqwest::Client {
        &self.client
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }

    /// Password step only; returns the page it lands on.
    pub async fn sign_in(&mut self, username: &str, password: &str) -> Reply {
        self.get("/sign-in").await;
        let reply = self
            .post(
                "/sign-in",
                &[("username", username), ("password", password)],
            )
            .await;
        self.follow(reply).await
    }

    /// The 6-digit code an authenticator app shows now (on the test clock).
    pub fn totp_code(&self, secret: &[u8]) -> String {
        let now = self.clock.now().timestamp() as u64;
        concord_crypto::totp::code_at(secret, now)
    }

    /// Signs in completely: enrols a second factor if asked to (returning
    /// its secret) or answers the challenge with `secret`.
    pub async fn sign_in_fully(
        &mut self,
        username: &str,
        password: &str,
        secret: Option<&[u8]>,
    ) -> (Reply, Option<Vec<u8>>) {
        let page = self.sign_in(username, password).await;
        if page.contains("id=\"totp-secret\"") {
            let text = page.element_text("totp-secret").expect("secret shown");
            let secret = crate::decode_base32(&text);
            let code = self.totp_code(&secret);
            let codes = self
                .post("/account/second-factor", &[("code", &code)])
                .await;
            assert_eq!(codes.status, 200, "enrolment failed: {}", codes.body);
            let home = self.get("/").await;
            return (home, Some(secret));
        }
        if page.contains("action=\"/sign-in/second-factor\"") {
            let secret = secret.expect("this account has a second factor");
            let code = self.totp_code(secret);
            let reply = self
                .post("/sign-in/second-factor", &[("code", &code)])
                .await;
            let home = self.follow(reply).await;
            return (home, Some(secret.to_vec()));
        }
        (page, secret.map(|s| s.to_vec()))
    }
}
