//! The cookies Concord sets: the session, and a pre-session token that
//! protects the sign-in form against login forgery.
//! Parsed by hand: two cookies do not justify a cookie-jar dependency.

use axum::http::{HeaderMap, HeaderValue, header};

pub const SESSION: &str = "concord_session";
pub const PRE_SESSION: &str = "concord_pre";

/// Over HTTPS the `__Host-` prefix pins the cookie to this exact origin.
pub fn name(base: &str, https: bool) -> String {
    if https {
        format!("__Host-{base}")
    } else {
        base.to_string()
    }
}

pub fn read(headers: &HeaderMap, base: &str, https: bool) -> Option<String> {
    let wanted = name(base, https);
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == wanted)
        .map(|(_, v)| v.to_string())
}

/// A `Set-Cookie` value; `value: None` deletes the cookie.
pub fn set(base: &str, value: Option<&str>, https: bool) -> HeaderValue {
    let secure = if https { "; Secure" } else { "" };
    let text = match value {
        Some(v) => format!(
            "{}={v}; Path=/; HttpOnly; SameSite=Lax{secure}",
            name(base, https)
        ),
        None => format!(
            "{}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}",
            name(base, https)
        ),
    };
    HeaderValue::from_str(&text).unwrap_or_else(|_| HeaderValue::from_static(""))
}
