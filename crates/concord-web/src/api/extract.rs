//! The API's body extractor: a JSON body whose every refusal is the
//! documented error body — the wrong content type (415), a body over the
//! limit (413), JSON that does not parse or does not fit the request (400,
//! naming the field where there is one).

use crate::error::ApiError;
use crate::error_bodies::api_refusal;
use crate::state::AppState;
use axum::extract::{FromRequest, Request};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use concord_domain::Invalid;
use serde::de::DeserializeOwned;

/// A JSON body whose parse errors become the API's error format, naming
/// the field where serde can tell.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned> FromRequest<AppState> for ApiJson<T> {
    type Rejection = Response;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let declared = declared_type(request.headers());
        let bytes = axum::body::Bytes::from_request(request, state)
            .await
            .map_err(|rejection| match rejection.status() {
                StatusCode::PAYLOAD_TOO_LARGE => refusal(StatusCode::PAYLOAD_TOO_LARGE),
                _ => ApiError::from(Invalid::one("body", "could not be read")).into_response(),
            })?;
        match declared {
            BodyType::Json => {}
            // A request without a body and without a type: the body is
            // refused as missing JSON below, not as the wrong type.
            BodyType::None if bytes.is_empty() => {}
            BodyType::None | BodyType::Other => {
                return Err(refusal(StatusCode::UNSUPPORTED_MEDIA_TYPE));
            }
        }
        parse(&bytes)
            .map(ApiJson)
            .map_err(|e| ApiError::from(e).into_response())
    }
}

/// The documented body for a refusal of the request as a whole.
fn refusal(status: StatusCode) -> Response {
    let message = crate::error_bodies::status_message(status).unwrap_or_default();
    api_refusal(status, None, message)
}

#[derive(Debug, PartialEq, Eq)]
enum BodyType {
    Json,
    None,
    Other,
}

/// `application/json`, or any `application/…+json`, with or without
/// parameters such as `charset`.
fn declared_type(headers: &HeaderMap) -> BodyType {
    let Some(value) = headers.get(header::CONTENT_TYPE) else {
        return BodyType::None;
    };
    let essence = value
        .to_str()
        .unwrap_or_default()
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    let json = essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"));
    if json {
        BodyType::Json
    } else {
        BodyType::Other
    }
}

/// The body as `T`; a problem names the field at fault (`items[0].name`),
/// or `body` when the JSON itself does not parse.
fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, Invalid> {
    let mut json = serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(&mut json).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        let message = inner.to_string();
        let field = if inner.is_syntax() || inner.is_eof() {
            "body".to_string()
        } else if let Some(missing) = missing_field(&message) {
            match path.as_str() {
                "." | "" => missing.to_string(),
                parent => format!("{parent}.{missing}"),
            }
        } else if path == "." || path.is_empty() {
            "body".to_string()
        } else {
            path
        };
        Invalid::one(
            field,
            format!("is not valid JSON for this request: {message}"),
        )
    })
}

/// The field serde reports missing ("missing field `name` at line …").
fn missing_field(message: &str) -> Option<&str> {
    message.strip_prefix("missing field `")?.split('`').next()
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Area {
        name: String,
        parents: Vec<Parent>,
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Parent {
        code: String,
    }

    fn field_of(body: &str) -> String {
        parse::<Area>(body.as_bytes()).unwrap_err().problems[0]
            .field
            .clone()
    }

    #[test]
    fn a_problem_names_the_field_or_the_body() {
        assert_eq!(field_of(r#"{"name": 7, "parents": []}"#), "name");
        assert_eq!(
            field_of(r#"{"name": "A", "parents": [{"code": 1}]}"#),
            "parents[0].code"
        );
        assert_eq!(field_of(r#"{"name": "#), "body");
        assert_eq!(field_of("[]"), "body");
        assert_eq!(field_of(""), "body");
        assert_eq!(field_of(r#"{"parents": []}"#), "name");
        assert_eq!(
            field_of(r#"{"name": "A", "parents": [{}]}"#),
            "parents[0].code"
        );
    }

    #[test]
    fn json_types_are_json_and_others_are_not() {
        let of = |value: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_str(value).unwrap());
            declared_type(&headers)
        };
        assert_eq!(of("application/json"), BodyType::Json);
        assert_eq!(of("Application/JSON; charset=utf-8"), BodyType::Json);
        assert_eq!(of("application/merge-patch+json"), BodyType::Json);
        assert_eq!(of("text/plain"), BodyType::Other);
        assert_eq!(of("application/x-www-form-urlencoded"), BodyType::Other);
        assert_eq!(of("application/jsonx"), BodyType::Other);
        assert_eq!(declared_type(&HeaderMap::new()), BodyType::None);
    }
}
