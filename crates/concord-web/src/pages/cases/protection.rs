//! A case's protection orders: each order with its breaches, and — for a
//! police or court agency the case access decision lets contribute to
//! `justice` — the forms to record an order and a breach of one. Reads go
//! through the same decision as the justice chain (category `justice`).

use super::justice::Pick;
use super::register::choices;
use crate::error::PageError;
use crate::pages::{FormErrors, PageChrome, PageContext};
use crate::session::Person;
use crate::state::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use concord_app::AppError;
use concord_app::justice::JusticeFile;
use concord_domain::consent::Purpose;
use concord_domain::ids::{CaseId, ProtectionOrderId};
use concord_domain::protection::{BreachAction, BreachForm, OrderForm};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/cases/{id}/protection-orders",
            get(show).post(record_order),
        )
        .route(
            "/cases/{id}/protection-orders/{order_id}/breaches",
            post(record_breach),
        )
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
struct PurposeQuery {
    purpose: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "case_protection_orders.html")]
struct OrdersPage {
    page: PageChrome,
    file: JusticeFile,
    kinds: Vec<Pick>,
    actions: Vec<Pick>,
    order: OrderForm,
    order_errors: FormErrors,
    breach: BreachForm,
    /// The order the breach form was sent for, when it came back with
    /// problems.
    breach_order: Option<ProtectionOrderId>,
    breach_errors: FormErrors,
    purpose: String,
}

struct Forms {
    order: OrderForm,
    order_errors: FormErrors,
    breach: BreachForm,
    breach_order: Option<ProtectionOrderId>,
    breach_errors: FormErrors,
}

fn blank_forms(today: String) -> Forms {
    Forms {
        order: OrderForm {
            issued_on: today.clone(),
            ..OrderForm::default()
        },
        order_errors: FormErrors::default(),
        breach: BreachForm {
            breached_on: today,
            ..BreachForm::default()
        },
        breach_order: None,
        breach_errors: FormErrors::default(),
    }
}

async fn page(
    state: &AppState,
    ctx: &PageContext,
    person: &Person,
    id: CaseId,
    purpose: &str,
    forms: Forms,
) -> Result<OrdersPage, PageError> {
    let file = state
        .app
        .read_justice(&person.actor, id, Purpose::parse(purpose))
        .await?;
    let kinds = state
        .app
        .protection_order_kinds()
        .kinds
        .iter()
        .map(|k| Pick {
            value: k.key.clone(),
            label: k.name.clone(),
        })
        .collect();
    let actions = choices::<BreachAction>(ctx, "breach-action")
        .into_iter()
        .map(|c| Pick {
            value: c.value.to_string(),
            label: c.label,
        })
        .collect();
    Ok(OrdersPage {
        page: ctx.chrome(person, "orders-title", "nav-cases"),
        file,
        kinds,
        actions,
        order: forms.order,
        order_errors: forms.order_errors,
        breach: forms.breach,
        breach_order: forms.breach_order,
        breach_errors: forms.breach_errors,
        purpose: purpose.to_string(),
    })
}

fn back(id: CaseId, purpose: Option<Purpose>) -> Response {
    let to = match purpose {
        Some(p) => format!("/cases/{id}/protection-orders?purpose={}", p.as_str()),
        None => format!("/cases/{id}/protection-orders"),
    };
    Redirect::to(&to).into_response()
}

async fn show(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path(id): Path<CaseId>,
    Query(query): Query<PurposeQuery>,
) -> Result<Response, PageError> {
    let forms = blank_forms(state.app.today().to_string());
    let page = page(&state, &ctx, &person, id, &query.purpose, forms).await?;
    Ok(page.into_response())
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
struct OrderFields {
    kind: String,
    issued_by: String,
    issued_on: String,
    served_on: String,
    expires_on: String,
    conditions: String,
}

async fn record_order(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path(id): Path<CaseId>,
    Query(query): Query<PurposeQuery>,
    posted: crate::pages::Posted<OrderFields>,
) -> Result<Response, PageError> {
    let f = posted.checked_for(&person)?;
    let form = OrderForm {
        kind: f.kind,
        issued_by: f.issued_by,
        issued_on: f.issued_on,
        served_on: f.served_on,
        expires_on: f.expires_on,
        conditions: f.conditions,
    };
    let purpose = Purpose::parse(&query.purpose);
    match state
        .app
        .record_protection_order(&person.actor, id, &form, purpose)
        .await
    {
        Ok(_) => Ok(back(id, purpose)),
        Err(AppError::Invalid(invalid)) => {
            let forms = Forms {
                order: form,
                order_errors: FormErrors::from_invalid(&invalid, &ctx.tr),
                ..blank_forms(state.app.today().to_string())
            };
            let page = page(&state, &ctx, &person, id, &query.purpose, forms).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
struct BreachFields {
    breached_on: String,
    action_taken: String,
}

async fn record_breach(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path((id, order_id)): Path<(CaseId, ProtectionOrderId)>,
    Query(query): Query<PurposeQuery>,
    posted: crate::pages::Posted<BreachFields>,
) -> Result<Response, PageError> {
    let f = posted.checked_for(&person)?;
    let form = BreachForm {
        breached_on: f.breached_on,
        action_taken: f.action_taken,
    };
    let purpose = Purpose::parse(&query.purpose);
    match state
        .app
        .record_order_breach(&person.actor, id, order_id, &form, purpose)
        .await
    {
        Ok(_) => Ok(back(id, purpose)),
        Err(AppError::Invalid(invalid)) => {
            let forms = Forms {
                breach: form,
                breach_order: Some(order_id),
                breach_errors: FormErrors {
                    anchors: vec![
                        ("breached_on".into(), format!("breached-on-{order_id}")),
                        ("action_taken".into(), format!("action-taken-{order_id}")),
                    ],
                    ..FormErrors::from_invalid(&invalid, &ctx.tr)
                },
                ..blank_forms(state.app.today().to_string())
            };
            let page = page(&state, &ctx, &person, id, &query.purpose, forms).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(other) => Err(other.into()),
    }
}
