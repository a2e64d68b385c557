//! The refusals every operation can give, documented once (issue 19): each
//! is a shared response under `components/responses` with the API's error
//! body, and every operation of the document lists those that apply to it
//! — so a route added later is documented without a word of its own.
//!
//! - every operation: 400 (an id, query value or body it cannot read),
//!   401 (no valid token, with `WWW-Authenticate`), 403 (the token's scope,
//!   the role, or the access decision), 414 (an address over 8 KiB), 429
//!   (past the rate limit, with `Retry-After`), 500, 503 (the database
//!   unreachable, with `Retry-After`);
//! - operations with an id in the path: 404;
//! - operations with a request body: 413 (over the body limit) and 415
//!   (not sent as JSON).
//!
//! 409 and 422 are listed by the operations that give them. A refusal an
//! operation already documents with the error body is left as it is; one
//! documented without a body is replaced by the shared one.

use utoipa::openapi::header::HeaderBuilder;
use utoipa::openapi::path::Operation;
use utoipa::openapi::{
    ContentBuilder, OpenApi, Ref, RefOr, Response, ResponseBuilder, Type, schema::ObjectBuilder,
};

/// A shared refusal: its status, its name under `components/responses`,
/// its description, the header it carries, and when an operation gives it.
struct Refusal {
    status: &'static str,
    name: &'static str,
    description: &'static str,
    header: Option<(&'static str, &'static str)>,
    applies: fn(&str, &Operation) -> bool,
}

fn always(_: &str, _: &Operation) -> bool {
    true
}

fn with_id(path: &str, _: &Operation) -> bool {
    path.contains('{')
}

fn with_body(_: &str, operation: &Operation) -> bool {
    operation.request_body.is_some()
}

const RETRY_AFTER: (&str, &str) = ("Retry-After", "Seconds to wait before trying again.");

const REFUSALS: [Refusal; 10] = [
    Refusal {
        status: "400",
        name: "BadRequest",
        description: "The request cannot be read (an id in the path that is not a UUID, a query value of the wrong kind, JSON that does not parse or does not fit) or its input breaks a rule: code `invalid`, `field` names the first input at fault and `problems` lists every one.",
        header: None,
        applies: always,
    },
    Refusal {
        status: "401",
        name: "Unauthorized",
        description: "No valid API token: code `unauthenticated`.",
        header: Some(("WWW-Authenticate", "Always `Bearer`.")),
        applies: always,
    },
    Refusal {
        status: "403",
        name: "Forbidden",
        description: "The token's scope, the caller's role or the access decision refuses: code `forbidden` or the decision's reason (such as `no_basis`, `purpose_not_covered`). An object that exists but is not the caller's to read answers 403; see 404.",
        header: None,
        applies: always,
    },
    Refusal {
        status: "404",
        name: "NotFound",
        description: "No object with this id exists (code `not_found`); routes under an object answer for it exactly as the object's own route does.",
        header: None,
        applies: with_id,
    },
    Refusal {
        status: "413",
        name: "PayloadTooLarge",
        description: "The body is over the limit (1 MiB; instruments' documents more): code `too_large`.",
        header: None,
        applies: with_body,
    },
    Refusal {
        status: "414",
        name: "UriTooLong",
        description: "The address (path and query) is over 8 KiB: code `too_long`.",
        header: None,
        applies: always,
    },
    Refusal {
        status: "415",
        name: "UnsupportedMediaType",
        description: "The body was not sent as JSON (`Content-Type: application/json`): code `unsupported_media_type`.",
        header: None,
        applies: with_body,
    },
    Refusal {
        status: "429",
        name: "TooManyRequests",
        description: "Too many requests from this address (when the deployment sets a rate limit): code `too_many_requests`.",
        header: Some(RETRY_AFTER),
        applies: always,
    },
    Refusal {
        status: "500",
        name: "InternalError",
        description: "Something went wrong on the server; nothing was changed: code `internal`. Quote `request_id` to support.",
        header: None,
        applies: always,
    },
    Refusal {
        status: "503",
        name: "ServiceUnavailable",
        description: "The database cannot be reached just now; nothing was changed: code `unavailable`.",
        header: Some(RETRY_AFTER),
        applies: always,
    },
];

/// Adds the shared refusals to `doc`'s components and to every operation
/// they apply to.
pub fn add_to(doc: &mut OpenApi) {
    let components = doc.components.get_or_insert_with(Default::default);
    for refusal in &REFUSALS {
        components
            .responses
            .insert(refusal.name.to_string(), RefOr::T(response(refusal)));
    }
    for (path, item) in doc.paths.paths.iter_mut() {
        let operations = [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.patch,
        ];
        for operation in operations.into_iter().flatten() {
            let applying: Vec<&Refusal> = REFUSALS
                .iter()
                .filter(|r| (r.applies)(path, operation))
                .collect();
            for refusal in applying {
                let responses = &mut operation.responses.responses;
                let documented = matches!(
                    responses.get(refusal.status),
                    Some(RefOr::T(r)) if !r.content.is_empty()
                );
                if !documented {
                    responses.insert(
                        refusal.status.to_string(),
                        RefOr::Ref(Ref::from_response_name(refusal.name)),
                    );
                }
            }
        }
    }
}

fn response(refusal: &Refusal) -> Response {
    let content = ContentBuilder::new()
        .schema(Some(Ref::from_schema_name("ApiErrorBody")))
        .build();
    let mut builder = ResponseBuilder::new()
        .description(refusal.description)
        .content("application/json", content);
    if let Some((name, description)) = refusal.header {
        let schema = ObjectBuilder::new().schema_type(if name == "Retry-After" {
            Type::Integer
        } else {
            Type::String
        });
        builder = builder.header(
            name,
            HeaderBuilder::new()
                .schema(schema)
                .description(Some(description))
                .build(),
        );
    }
    builder.build()
}
