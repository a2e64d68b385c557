//! Errors as responses: an HTML page for people, JSON for the API. Neither
//! ever includes personal data. Both carry the request's id, which a person
//! can quote to support; an internal error is logged at error level with its
//! cause chain (quoted values taken out, see [`cause_chain`]) inside the
//! request's span, so the log line carries the same id.

use askama::Template;
use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use concord_app::AppError;
use concord_domain::Invalid;
use serde::Serialize;

#[derive(Debug)]
pub enum PageError {
    SignInRequired,
    Redirect(&'static str),
    App(AppError),
}

impl From<AppError> for PageError {
    fn from(e: AppError) -> Self {
        match e {
            AppError::Unauthenticated => PageError::SignInRequired,
            other => PageError::App(other),
        }
    }
}

impl From<Invalid> for PageError {
    fn from(e: Invalid) -> Self {
        PageError::App(AppError::Invalid(e))
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    status: u16,
    heading: String,
    message: String,
    /// The request's id, to quote to support.
    reference: Option<String>,
    tr: crate::i18n::Tr,
}

/// The status and a plain message for an application error.
fn describe(e: &AppError) -> (StatusCode, &'static str, String) {
    let tr = crate::i18n::Tr::current();
    match e {
        AppError::Invalid(invalid) => {
            let message = invalid
                .problems
                .iter()
                .map(|p| format!("{}: {}", p.field, tr.problem(p)))
                .collect::<Vec<_>>()
                .join("; ");
            (StatusCode::BAD_REQUEST, "invalid", message)
        }
        AppError::Denied(denied) => (
            StatusCode::FORBIDDEN,
            "forbidden",
            denied_reason(&tr, *denied),
        ),
        AppError::NotFound => (StatusCode::NOT_FOUND, "not_found", tr.t("error-not-found")),
        AppError::CaseRefused(refusal) => (
            StatusCode::FORBIDDEN,
            refusal.code(),
            case_refusal(&tr, *refusal),
        ),
        AppError::SendRefused(refusal) => (
            StatusCode::FORBIDDEN,
            refusal.code(),
            send_refusal(&tr, *refusal),
        ),
        AppError::DirectoryRefused { refusal, .. } => (
            StatusCode::FORBIDDEN,
            "forbidden",
            directory_refusal(&tr, *refusal),
        ),
        AppError::Conflict => (StatusCode::CONFLICT, "conflict", tr.t("error-conflict")),
        AppError::ReferralStepRefused(illegal) => (
            StatusCode::CONFLICT,
            "illegal_transition",
            referral_step_refusal(&tr, *illegal),
        ),
        AppError::IllegalTransition { message, .. } => {
            (StatusCode::CONFLICT, "illegal_transition", message.clone())
        }
        AppError::OutOfOrder { message, .. } => (
            StatusCode::CONFLICT,
            "illegal_transition",
            tr.message(message),
        ),
        AppError::Unauthenticated => (
            StatusCode::UNAUTHORIZED,
            "unauthenticated",
            tr.t("error-unauthenticated"),
        ),
        AppError::BadCredentials => (
            StatusCode::UNAUTHORIZED,
            "unauthenticated",
            tr.t("error-bad-credentials"),
        ),
        AppError::BadSecondFactor => (
            StatusCode::UNAUTHORIZED,
            "unauthenticated",
            tr.t("error-bad-second-factor"),
        ),
        AppError::Throttled => (
            StatusCode::TOO_MANY_REQUESTS,
            "throttled",
            tr.t("error-throttled"),
        ),
        AppError::Store(concord_store::StoreError::Unavailable(_)) => {
            tracing::warn!(cause = %cause_chain(e), "database unavailable");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                "unavailable",
                tr.t("error-unavailable"),
            )
        }
        AppError::Store(_) | AppError::Crypto(_) | AppError::Internal(_) => {
            // Inside the request's span: the line carries its id.
            tracing::error!(kind = error_kind(e), cause = %cause_chain(e), "internal error");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                tr.t("error-internal"),
            )
        }
    }
}

/// Why a request was refused, in the reader's language (every reason of
/// `Denied` has a `denied-<code>` message).
pub fn denied_reason(tr: &crate::i18n::Tr, denied: concord_domain::access::Denied) -> String {
    tr.t(&format!("denied-{}", denied.code().replace('_', "-")))
}

/// Why the case access decision refused, in the reader's language: the
/// reason as it applies to the agency asking (every `Refusal` has a
/// `case-refusal-<code>` message).
pub fn case_refusal(tr: &crate::i18n::Tr, refusal: concord_domain::case_access::Refusal) -> String {
    tr.t(&format!(
        "case-refusal-{}",
        refusal.code().replace('_', "-")
    ))
}

/// Why a referral cannot be sent, told to the sender: what her consent
/// lacks (every `SendRefusal` has a `referral-refusal-<code>` message; the
/// kind of information missing is named).
pub fn send_refusal(
    tr: &crate::i18n::Tr,
    refusal: concord_domain::referral::SendRefusal,
) -> String {
    let category = refusal
        .category()
        .map(|c| tr.t(&format!("category-{}", c.as_str().replace('_', "-"))))
        .unwrap_or_default();
    tr.t1(
        &format!("referral-refusal-{}", refusal.code().replace('_', "-")),
        "category",
        category,
    )
}

/// Why a referral step was refused, in the reader's language: the side
/// that may take it, or where the referral stands and where the step is
/// possible, in the README's words for the states.
pub fn referral_step_refusal(
    tr: &crate::i18n::Tr,
    illegal: concord_domain::referral::IllegalTransition,
) -> String {
    use concord_domain::referral::IllegalTransition;
    let key = |prefix: &str, value: &str| format!("{prefix}-{}", value.replace('_', "-"));
    match illegal {
        IllegalTransition::WrongSide { event, expected } => tr.targs(
            "referral-refusal-wrong-side",
            &[
                ("side", tr.t(&key("referral-side-who", expected.as_str()))),
                ("event", tr.t(&key("referral-event-doing", event.as_str()))),
            ],
        ),
        IllegalTransition::NotFromState { from, event } => {
            let words: Vec<String> = event
                .given_from()
                .into_iter()
                .map(|s| tr.t(&key("referral-state-being", s.as_str())))
                .collect();
            let allowed = match words.split_last() {
                Some((last, [])) => last.clone(),
                Some((last, rest)) => tr.targs(
                    "list-or",
                    &[("rest", rest.join(", ")), ("last", last.clone())],
                ),
                None => String::new(),
            };
            tr.targs(
                "referral-refusal-not-now",
                &[
                    ("state", tr.t(&key("referral-state-being", from.as_str()))),
                    ("event", tr.t(&key("referral-event-done", event.as_str()))),
                    ("allowed", allowed),
                ],
            )
        }
    }
}

/// Why a change to the directory was refused, in the reader's language.
pub fn directory_refusal(
    tr: &crate::i18n::Tr,
    refusal: concord_domain::directory::ownership::Refusal,
) -> String {
    tr.t(&format!(
        "directory-refusal-{}",
        refusal.as_str().replace('_', "-")
    ))
}

/// The error and each of its sources, for the log, with every quoted span
/// (`"…"`, `'…'`, `` `…` ``) taken out: database and decoding messages quote
/// the values they stumbled on (PostgreSQL's "invalid input syntax for type
/// uuid: \"…\"", serde's "invalid type: string \"…\""), and a value may be
/// personal data. What is left names the operation, tables, columns and codes.
pub fn cause_chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut chain = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        if !chain.contains(&text) {
            chain.push_str(": ");
            chain.push_str(&text);
        }
        source = cause.source();
    }
    without_quoted(&chain)
}

/// `text` with every quoted span's content taken out (see [`cause_chain`]).
pub(crate) fn without_quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut open: Option<char> = None;
    for c in text.chars() {
        match open {
            Some(quote) if c == quote => {
                out.push('…');
                out.push(c);
                open = None;
            }
            Some(_) => {}
            None if matches!(c, '"' | '\'' | '`') => {
                out.push(c);
                open = Some(c);
            }
            None if c.is_control() => out.push(' '),
            None => out.push(c),
        }
    }
    if open.is_some() {
        out.push('…');
    }
    out
}

fn error_kind(e: &AppError) -> &'static str {
    match e {
        AppError::Store(_) => "store",
        AppError::Crypto(_) => "crypto",
        _ => "internal",
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        match self {
            PageError::SignInRequired => Redirect::to("/sign-in").into_response(),
            PageError::Redirect(to) => Redirect::to(to).into_response(),
            PageError::App(e) => {
                let (status, _, message) = describe(&e);
                error_page(status, message)
            }
        }
    }
}

/// The error page for `status`, with its message and the request's id.
pub(crate) fn error_page(status: StatusCode, message: String) -> Response {
    let tr = crate::i18n::Tr::current();
    let heading = tr.t(match status {
        StatusCode::FORBIDDEN => "error-heading-forbidden",
        StatusCode::NOT_FOUND => "error-heading-not-found",
        StatusCode::TOO_MANY_REQUESTS => "error-heading-throttled",
        StatusCode::CONFLICT => "error-heading-conflict",
        s if s.is_client_error() => "error-heading-invalid",
        _ => "error-heading-internal",
    });
    let page = ErrorPage {
        status: status.as_u16(),
        heading: heading.clone(),
        message,
        reference: crate::request_log::current_request_id(),
        tr,
    };
    let body = page.render().unwrap_or(heading);
    (status, Html(body)).into_response()
}

/// The API's error body: `{"error":{"code","message","field"}}`; when
/// input has several problems, all are listed in `problems`.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ApiErrorBody {
    pub error: ApiErrorDetail,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ApiErrorDetail {
    /// invalid, forbidden, not_found, conflict, illegal_transition,
    /// unauthenticated, throttled, unavailable (503, with `Retry-After`),
    /// internal (and, for a request refused
    /// before any handler reads it, method_not_allowed, too_large,
    /// too_long, unsupported_media_type; too_many_requests past the rate
    /// limit); a refusal of the case access
    /// decision (403) gives its reason instead (`no_basis`,
    /// `purpose_not_covered`, `category_not_covered`, `consent_expired`,
    /// `consent_withdrawn`, `only_owner_can_change`, …), and a referral her
    /// consent does not let go (403, field `consent`) what the consent
    /// lacks (`consent_missing`, `consent_agency_not_named`,
    /// `consent_purpose_not_named`, `consent_category_not_named`,
    /// `consent_expired`, `consent_withdrawn`, `consent_not_yet_valid`).
    pub code: String,
    pub message: String,
    /// The first field at fault, for `invalid`.
    pub field: Option<String>,
    pub problems: Vec<ApiProblem>,
    /// This request's id (also in the `x-request-id` header): quote it to
    /// support, who find the request's log lines by it.
    pub request_id: Option<String>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ApiProblem {
    pub field: String,
    pub message: String,
}

#[derive(Debug)]
pub struct ApiError(pub AppError);

impl<E: Into<AppError>> From<E> for ApiError {
    fn from(e: E) -> Self {
        ApiError(e.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code, message) = describe(&self.0);
        let problems: Vec<ApiProblem> = match &self.0 {
            AppError::Invalid(invalid) => invalid
                .problems
                .iter()
                .map(|p| ApiProblem {
                    field: p.field.clone(),
                    message: crate::i18n::Tr::current().problem(p),
                })
                .collect(),
            AppError::SendRefused(_) => vec![ApiProblem {
                field: "consent".into(),
                message: message.clone(),
            }],
            AppError::ReferralStepRefused(illegal) => vec![ApiProblem {
                field: illegal.field().into(),
                message: message.clone(),
            }],
            AppError::IllegalTransition { field, message } => vec![ApiProblem {
                field: field.to_string(),
                message: message.clone(),
            }],
            AppError::OutOfOrder { field, .. } => vec![ApiProblem {
                field: field.to_string(),
                message: message.clone(),
            }],
            AppError::DirectoryRefused { records, .. } => records
                .iter()
                .map(|record| ApiProblem {
                    field: record.clone(),
                    message: message.clone(),
                })
                .collect(),
            _ => Vec::new(),
        };
        let body = ApiErrorBody {
            error: ApiErrorDetail {
                code: code.to_string(),
                message,
                field: problems.first().map(|p| p.field.clone()),
                problems,
                request_id: crate::request_log::current_request_id(),
            },
        };
        let mut response = (status, Json(body)).into_response();
        if status == StatusCode::SERVICE_UNAVAILABLE {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use concord_domain::case_access::Refusal;
    use concord_domain::consent::DataCategory;
    use concord_domain::label::Label;
    use concord_domain::referral::SendRefusal;

    use concord_store::StoreError;

    #[test]
    fn the_cause_chain_keeps_names_and_codes_but_no_quoted_values() {
        let e = AppError::Store(StoreError::Backend(
            "invalid input syntax for type uuid: \"Jane Doe\" (code 22P02)".into(),
        ));
        let chain = cause_chain(&e);
        assert!(!chain.contains("Jane"), "{chain}");
        assert!(chain.contains("storage: database error: invalid input syntax for type uuid"));
        assert!(chain.contains("(code 22P02)"), "{chain}");
        let e = AppError::Internal("invalid type: string 'Amina', expected `x\ny`".into());
        let chain = cause_chain(&e);
        assert!(!chain.contains("Amina") && !chain.contains('\n'), "{chain}");
        let e = AppError::Internal("unterminated \"Priya".into());
        assert!(!cause_chain(&e).contains("Priya"));
    }

    /// Every refusal a reader can get has its own message, and the
    /// sender's never reads as the receiver's.
    #[test]
    fn every_refusal_has_its_message() {
        let tr = crate::i18n::Tr::default();
        for refusal in Refusal::ALL {
            let text = case_refusal(&tr, refusal);
            assert!(!text.contains("Unknown localization"), "{text}");
        }
        for refusal in SendRefusal::ALL {
            let text = send_refusal(&tr, refusal);
            assert!(!text.contains("Unknown localization"), "{text}");
            assert!(text.starts_with("The referral cannot be sent: "), "{text}");
            assert!(!text.contains("does not own"), "{text}");
        }
        // A refused referral step reads as the state machine's own
        // sentence, for every state, event and side.
        use concord_domain::referral::{ReferralEvent, ReferralSide, ReferralState, steps};
        for &from in ReferralState::all() {
            for &event in ReferralEvent::all() {
                for &side in ReferralSide::all() {
                    if let Err(illegal) = steps(from, event, side) {
                        let text = referral_step_refusal(&tr, illegal);
                        let mut expected = illegal.to_string();
                        expected[..1].make_ascii_uppercase();
                        assert_eq!(text, format!("{expected}."), "{from} {event} {side}");
                    }
                }
            }
        }
        for &category in DataCategory::all() {
            let text = send_refusal(&tr, SendRefusal::CategoryNotNamed(category));
            let label = tr.t(&format!("category-{}", category.as_str().replace('_', "-")));
            assert!(text.contains(&format!("\"{label}\"")), "{text}");
        }
    }

    /// The database out of reach is 503 with `Retry-After`: nothing was
    /// changed and the same request may succeed later; any other store
    /// error stays 500.
    #[test]
    fn an_unreachable_database_is_503_with_retry_after() {
        let unavailable = ApiError(AppError::Store(StoreError::Unavailable(
            "pool timed out".into(),
        )))
        .into_response();
        assert_eq!(unavailable.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(unavailable.headers()[header::RETRY_AFTER], "5");
        let backend = ApiError(AppError::Store(StoreError::Backend("x".into()))).into_response();
        assert_eq!(backend.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert!(backend.headers().get(header::RETRY_AFTER).is_none());
    }
}
