//! HTML pages. Each file handles one area of the interface; this one holds
//! what every page shares: the frame around it (navigation, language,
//! nonce, form token) and form handling.

mod account;
pub mod account_recovery;
mod agencies;
mod areas;
mod audit;
pub mod audit_query;
mod cases;
mod directory;
mod governance;
pub use governance::document_response as governance_document_response;
mod home;
mod referrals;
mod risk;
mod second_factor;
mod sign_in;
mod statistics;
mod statistics_releases;
pub(crate) mod users;

use crate::error::PageError;
use crate::i18n::Tr;
use crate::security::csrf::tokens_match;
use crate::security::headers::CspNonce;
use crate::session::Person;
use crate::state::AppState;
use axum::Router;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use chrono::{DateTime, Utc};
use concord_domain::Invalid;
use concord_domain::access::TokenScope;
use concord_domain::agency::{Governance, Sector};
use concord_domain::area::AreaLevel;
use concord_domain::local_time::{self, Tz};
use concord_domain::role::Permission;
use serde::de::DeserializeOwned;

pub fn routes() -> Router<AppState> {
    Router::new()
        .merge(sign_in::routes())
        .merge(second_factor::routes())
        .merge(home::routes())
        .merge(areas::routes())
        .merge(agencies::routes())
        .merge(users::routes())
        .merge(account_recovery::routes())
        .merge(account::routes())
        .merge(audit::routes())
        .merge(cases::routes())
        .merge(risk::routes())
        .merge(governance::routes())
        .merge(referrals::routes())
        .merge(directory::routes())
        .merge(statistics_releases::routes())
        .merge(statistics::routes())
}

/// Per-request facts every page needs, before knowing who is signed in.
pub struct PageContext {
    pub tr: Tr,
    pub nonce: String,
    pub demo_mode: bool,
    /// The deployment's time zone: every date and time a person reads.
    pub tz: Tz,
}

impl FromRequestParts<AppState> for PageContext {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let nonce = parts
            .extensions
            .get::<CspNonce>()
            .map(|n| n.0.clone())
            .unwrap_or_default();
        Ok(PageContext {
            tr: Tr::current(),
            nonce,
            demo_mode: state.config.demo_mode,
            tz: state.app.time_zone(),
        })
    }
}

pub struct NavLink {
    pub href: &'static str,
    pub label: String,
    pub current: bool,
}

/// The frame of a page: title, navigation, tokens. Never holds personal
/// data of survivors; the signed-in person's own name is shown to them.
pub struct PageChrome {
    pub tr: Tr,
    pub title: String,
    pub nonce: String,
    pub csrf: String,
    pub user_name: Option<String>,
    pub nav: Vec<NavLink>,
    pub demo_banner: bool,
    pub tz: Tz,
}

impl PageChrome {
    pub fn t(&self, key: &str) -> String {
        self.tr.t(key)
    }

    /// An instant as a person reads it, the one way: local date and time in
    /// the deployment's zone, with the zone named.
    pub fn at(&self, at: &DateTime<Utc>) -> String {
        local_time::text(self.tz, *at)
    }

    /// [`Self::at`] to the second (the audit log).
    pub fn at_second(&self, at: &DateTime<Utc>) -> String {
        local_time::text_to_the_second(self.tz, *at)
    }

    /// The local day an instant falls on.
    pub fn day(&self, at: &DateTime<Utc>) -> String {
        local_time::date_of(self.tz, *at).to_string()
    }

    /// An age she gave and the day she gave it.
    pub fn stated_age(&self, years: &u32, on: &chrono::NaiveDate) -> String {
        self.tr.targs(
            "stated-age-value",
            &[("years", years.to_string()), ("on", on.to_string())],
        )
    }

    /// When a consent was given (the day entered from paper, else the day
    /// it was recorded) and when it was recorded.
    pub fn consent_given(
        &self,
        given_on: &Option<chrono::NaiveDate>,
        recorded_at: &DateTime<Utc>,
    ) -> String {
        let given = given_on.unwrap_or_else(|| local_time::date_of(self.tz, *recorded_at));
        self.tr.targs(
            "consent-given",
            &[
                ("given", given.to_string()),
                ("recorded", self.at(recorded_at)),
            ],
        )
    }

    /// The end of a period ("until …") as it was entered: the last local
    /// day it covers, or the exact time when it ends within a day.
    pub fn until(&self, end: &DateTime<Utc>) -> String {
        local_time::end_text(self.tz, *end)
    }

    /// The label of a value whose message key is `prefix-value` with
    /// underscores as hyphens (e.g. `sector-social-services`).
    pub fn label(&self, prefix: &str, value: &str) -> String {
        self.tr.t(&format!("{prefix}-{}", value.replace('_', "-")))
    }

    pub fn level(&self, level: &AreaLevel) -> String {
        self.label("level", level.as_str())
    }

    pub fn sector(&self, sector: &Sector) -> String {
        self.label("sector", sector.as_str())
    }

    pub fn governance(&self, governance: &Governance) -> String {
        self.label("governance", governance.as_str())
    }

    pub fn scope(&self, scope: &TokenScope) -> String {
        self.label("scope", scope.as_str())
    }
}

impl PageContext {
    /// The frame for a signed-in person's page; `section` is the nav
    /// entry to mark as current.
    pub fn chrome(&self, person: &Person, title_key: &str, section: &str) -> PageChrome {
        let actor = &person.actor;
        let mut nav = vec![("/", "nav-home", true)];
        nav.push(("/cases", "nav-cases", actor.has(Permission::WorkCases)));
        nav.push((
            "/referrals",
            "nav-referrals",
            actor.has(Permission::WorkCases),
        ));
        nav.push((
            "/bodies",
            "nav-bodies",
            actor.has(Permission::ViewDirectory),
        ));
        nav.push((
            "/directory",
            "nav-directory",
            actor.has(Permission::ViewDirectory),
        ));
        nav.push(("/areas", "nav-areas", actor.has(Permission::ViewDirectory)));
        nav.push((
            "/agencies",
            "nav-agencies",
            actor.has(Permission::ViewDirectory),
        ));
        nav.push((
            "/users",
            "nav-users",
            actor.has(Permission::ManageAllUsers) || actor.has(Permission::ManageOwnAgencyUsers),
        ));
        nav.push((
            "/account-recoveries",
            "nav-account-recovery",
            actor.has(Permission::ManageAllUsers),
        ));
        nav.push((
            "/audit",
            "nav-audit",
            actor.has(Permission::ViewAllAudit) || actor.has(Permission::ViewOwnAgencyAudit),
        ));
        nav.push((
            "/risk/instruments",
            "nav-risk-instruments",
            actor.has(Permission::ManageRiskInstruments),
        ));
        nav.push((
            "/conferences",
            "nav-conferences",
            // Caseworkers find where to refer, and the actions their agency owns.
            actor.has(Permission::CoordinateRiskConferences) || actor.has(Permission::WorkCases),
        ));
        // Published releases are for everyone signed in.
        nav.push(("/statistics/releases", "nav-statistics-releases", true));
        nav.push((
            "/statistics",
            "nav-statistics",
            !concord_domain::statistics::scopes_for(actor).is_empty(),
        ));
        nav.push(("/account", "nav-account", true));
        PageChrome {
            title: self.tr.t(title_key),
            nonce: self.nonce.clone(),
            csrf: person.signed_in.session.csrf_token.clone(),
            user_name: Some(person.signed_in.user.display_name.clone()),
            nav: nav
                .into_iter()
                .filter(|(_, _, shown)| *shown)
                .map(|(href, key, _)| NavLink {
                    href,
                    label: self.tr.t(key),
                    current: key == section,
                })
                .collect(),
            demo_banner: self.demo_mode,
            tz: self.tz,
            tr: self.tr.clone(),
        }
    }

    /// The frame for pages before sign-in is complete.
    pub fn bare(&self, title_key: &str, csrf: String) -> PageChrome {
        PageChrome {
            title: self.tr.t(title_key),
            nonce: self.nonce.clone(),
            csrf,
            user_name: None,
            nav: Vec::new(),
            demo_banner: self.demo_mode,
            tz: self.tz,
            tr: self.tr.clone(),
        }
    }
}

/// Problems with a submitted form, ready for the template: a summary at the
/// top (role="alert") and a message beside each field.
#[derive(Default)]
pub struct FormErrors {
    pub problems: Vec<(String, String)>,
    /// Where the summary links for fields whose element is not
    /// `field-<name>` (a page with two forms that share a field name):
    /// `(field, element id)`.
    pub anchors: Vec<(String, String)>,
}

impl FormErrors {
    /// 422 when the form has problems to correct, 200 otherwise.
    pub fn status(&self) -> axum::http::StatusCode {
        if self.any() {
            axum::http::StatusCode::UNPROCESSABLE_ENTITY
        } else {
            axum::http::StatusCode::OK
        }
    }

    pub fn from_invalid(invalid: &Invalid, tr: &Tr) -> Self {
        Self::from_invalid_labelled(invalid, tr, &[])
    }

    /// As `from_invalid`, for forms that label some fields differently
    /// (`(field, message key)` pairs).
    pub fn from_invalid_labelled(invalid: &Invalid, tr: &Tr, labels: &[(&str, &str)]) -> Self {
        Self {
            problems: invalid
                .problems
                .iter()
                .map(|p| {
                    let label = labels
                        .iter()
                        .find(|(field, _)| *field == p.field)
                        .map(|(_, key)| tr.t(key))
                        .unwrap_or_else(|| tr.field_label(&p.field));
                    (p.field.clone(), format!("{label}: {}", tr.problem(p)))
                })
                .collect(),
            ..Self::default()
        }
    }

    pub fn message(message: String) -> Self {
        Self {
            problems: vec![(String::new(), message)],
            ..Self::default()
        }
    }

    /// The same problems, linked from the summary to these elements
    /// (`(field, element id)`) instead of `field-<name>`.
    pub fn linking<F: ToString, I: ToString>(
        mut self,
        anchors: impl IntoIterator<Item = (F, I)>,
    ) -> Self {
        self.anchors.extend(
            anchors
                .into_iter()
                .map(|(field, id)| (field.to_string(), id.to_string())),
        );
        self
    }

    /// The id of the element the error summary links to for `field`.
    pub fn anchor(&self, field: &str) -> String {
        self.anchors
            .iter()
            .find(|(f, _)| f == field)
            .map_or_else(|| format!("field-{field}"), |(_, id)| id.clone())
    }

    pub fn any(&self) -> bool {
        !self.problems.is_empty()
    }

    pub fn for_field(&self, field: &str) -> Option<String> {
        self.problems
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, m)| m.clone())
    }
}

/// A submitted form whose contents can only be read after its anti-forgery
/// token has been checked against the session's.
pub struct Posted<T> {
    data: T,
    csrf_token: String,
}

/// For forms that carry nothing but their token (sign out, revoke…).
#[derive(serde::Deserialize)]
pub struct NoFields {}

#[derive(serde::Deserialize)]
struct CsrfField {
    #[serde(default)]
    csrf_token: String,
}

impl<T> Posted<T> {
    pub fn checked(self, expected: &str) -> Result<T, PageError> {
        if !expected.is_empty() && tokens_match(expected, &self.csrf_token) {
            Ok(self.data)
        } else {
            Err(Invalid::one(
                "csrf_token",
                "the form expired; reload the page and try again",
            )
            .into())
        }
    }

    pub fn checked_for(self, person: &Person) -> Result<T, PageError> {
        let expected = person.signed_in.session.csrf_token.clone();
        self.checked(&expected)
    }
}

impl<T: DeserializeOwned> FromRequest<AppState> for Posted<T> {
    type Rejection = PageError;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let bytes = axum::body::Bytes::from_request(request, state)
            .await
            .map_err(|_| Invalid::one("form", "could not be read"))?;
        let csrf: CsrfField = serde_html_form::from_bytes(&bytes)
            .map_err(|_| Invalid::one("form", "could not be read"))?;
        let data: T = serde_html_form::from_bytes(&bytes)
            .map_err(|e| Invalid::one("form", format!("could not be read: {e}")))?;
        Ok(Posted {
            data,
            csrf_token: csrf.csrf_token,
        })
    }
}

/// `?after=` for list pages.
#[derive(Debug, Default, serde::Deserialize)]
pub struct ListQuery {
    pub after: Option<String>,
}

impl ListQuery {
    pub fn page(&self, limit: u32) -> concord_store::PageRequest {
        concord_store::PageRequest {
            after: self.after.clone().filter(|a| !a.is_empty()),
            limit,
        }
    }
}
