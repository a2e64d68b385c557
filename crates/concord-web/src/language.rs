//! Which language a response speaks, chosen once per request:
//!
//! 1. the language switcher's choice in this browser (a cookie set by
//!    following `?lang=<tag>` on any page, signed in or not);
//! 2. else the signed-in person's saved preference (My account);
//! 3. else the browser's `Accept-Language`;
//! 4. else the deployment's `--default-language`.
//!
//! The API (`/api/…`) answers in the `Accept-Language` of the request, else
//! the default: a machine's caller states what it wants on each request.
//! The choice is the task's language for everything rendered while the
//! request is handled ([`crate::i18n::Tr::current`]).

use crate::security::cookies;
use crate::state::AppState;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use concord_domain::language::Language;
use fluent_templates::LanguageIdentifier;

/// The switcher's choice in this browser (not personal data: a tag).
pub const COOKIE: &str = "concord_lang";

/// How long the switcher's choice is remembered (a year, in seconds).
const REMEMBERED_FOR: u64 = 365 * 24 * 60 * 60;

pub async fn choose(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let https = state.config.https;
    let api = request.uri().path().starts_with("/api/");
    if !api
        && request.method() == Method::GET
        && let Some(switch) = switch_of(request.uri())
    {
        return switched(switch, https);
    }
    let language = if api {
        from_accept_language(request.headers())
    } else {
        match from_cookie(request.headers(), https) {
            Some(language) => Some(language),
            None => match cookies::read(request.headers(), cookies::SESSION, https) {
                Some(token) => state.app.language_of_session(&token).await,
                None => None,
            }
            .or_else(|| from_accept_language(request.headers())),
        }
    }
    .unwrap_or(state.config.default_language);
    let mut response = crate::i18n::speaking(language, next.run(request)).await;
    response.headers_mut().append(
        header::VARY,
        HeaderValue::from_static("accept-language, cookie"),
    );
    response
}

/// A request to switch: the language asked for (`None` for a tag that is
/// not one of the six) and where to go back to, the same path without
/// the `lang` parameter.
struct Switch {
    language: Option<Language>,
    back: String,
}

fn switch_of(uri: &Uri) -> Option<Switch> {
    let query = uri.query()?;
    let mut language = None;
    let mut asked = false;
    let mut rest = Vec::new();
    for pair in query.split('&') {
        match pair.split_once('=') {
            Some(("lang", tag)) => {
                asked = true;
                language = Language::from_tag(tag);
            }
            _ => rest.push(pair),
        }
    }
    if !asked {
        return None;
    }
    // Only a path of this site: never `//elsewhere.example` (nor `/\`,
    // which browsers read the same way).
    let path = match uri.path() {
        p if p.starts_with('/') && !p.starts_with("//") && !p.starts_with("/\\") => p,
        _ => "/",
    };
    let back = if rest.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{}", rest.join("&"))
    };
    Some(Switch { language, back })
}

/// Back to the same page, in the chosen language from now on.
fn switched(switch: Switch, https: bool) -> Response {
    let location = HeaderValue::from_str(&switch.back).unwrap_or(HeaderValue::from_static("/"));
    let mut response = (StatusCode::SEE_OTHER, [(header::LOCATION, location)]).into_response();
    if let Some(language) = switch.language {
        response
            .headers_mut()
            .append(header::SET_COOKIE, cookie_for(Some(language), https));
    }
    response
}

/// A `Set-Cookie` value that makes the switcher's choice in this browser
/// `language` (My account sets it with the saved preference).
pub fn cookie_for(language: Option<Language>, https: bool) -> HeaderValue {
    match language {
        Some(language) => HeaderValue::from_str(&format!(
            "{}={}; Path=/; Max-Age={REMEMBERED_FOR}; HttpOnly; SameSite=Lax{}",
            cookies::name(COOKIE, https),
            language.tag(),
            if https { "; Secure" } else { "" }
        ))
        .unwrap_or(HeaderValue::from_static("")),
        None => cookies::set(COOKIE, None, https),
    }
}

fn from_cookie(headers: &HeaderMap, https: bool) -> Option<Language> {
    cookies::read(headers, COOKIE, https).and_then(|tag| Language::from_tag(&tag))
}

/// The best of the six for the browser's `Accept-Language` (by its order
/// of preference; `fr-CA` is French, `zh` Chinese), if any fits.
pub fn from_accept_language(headers: &HeaderMap) -> Option<Language> {
    let header = headers.get(header::ACCEPT_LANGUAGE)?.to_str().ok()?;
    best_of(header)
}

fn best_of(accept_language: &str) -> Option<Language> {
    let requested = fluent_langneg::accepted_languages::parse(accept_language);
    let available: Vec<LanguageIdentifier> = Language::ALL
        .iter()
        .filter_map(|l| l.tag().parse().ok())
        .collect();
    let chosen = fluent_langneg::negotiate_languages(
        &requested,
        &available,
        None,
        fluent_langneg::NegotiationStrategy::Lookup,
    );
    let first = chosen.first()?.to_string();
    Language::from_tag(&first)
}

#[cfg(test)]
mod tests {
    use super::{best_of, switch_of};
    use concord_domain::language::Language;

    #[test]
    fn accept_language_picks_the_first_of_the_six_it_can() {
        assert_eq!(best_of("fr-CA,fr;q=0.9,en;q=0.5"), Some(Language::French));
        assert_eq!(best_of("de-DE,es;q=0.8"), Some(Language::Spanish));
        assert_eq!(best_of("ar-EG"), Some(Language::Arabic));
        assert_eq!(best_of("zh"), Some(Language::Chinese));
        assert_eq!(best_of("zh-CN"), Some(Language::Chinese));
        assert_eq!(best_of("ru-RU,ru;q=0.9"), Some(Language::Russian));
        assert_eq!(best_of("en-GB"), Some(Language::English));
        assert_eq!(best_of("de, it"), None);
        assert_eq!(best_of(""), None);
    }

    #[test]
    fn the_switcher_goes_back_to_the_same_page_without_its_parameter() {
        let s = switch_of(&"/cases?lang=ar&page=2".parse().unwrap()).unwrap();
        assert_eq!(s.language, Some(Language::Arabic));
        assert_eq!(s.back, "/cases?page=2");
        let s = switch_of(&"/sign-in?lang=zh-CN".parse().unwrap()).unwrap();
        assert_eq!(s.language, Some(Language::Chinese));
        assert_eq!(s.back, "/sign-in");
        let s = switch_of(&"/?lang=de".parse().unwrap()).unwrap();
        assert_eq!(s.language, None);
        assert_eq!(s.back, "/");
        let s = switch_of(&"//elsewhere.example/x?lang=fr".parse().unwrap()).unwrap();
        assert_eq!(s.back, "/");
        assert!(switch_of(&"/cases?page=2".parse().unwrap()).is_none());
        assert!(switch_of(&"/cases".parse().unwrap()).is_none());
    }
}
