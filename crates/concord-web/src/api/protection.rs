//! `/api/v1` for protection orders and their breaches: record an order
//! (police, courts), record a breach of one, and the deployment's kinds of
//! order. Orders are read with the case's justice chain
//! (`GET /cases/{id}/justice`, data category `justice`). The same use
//! cases, access decision and audit as the pages.

use crate::api::{ApiActor, ApiJson, ApiResult};
use crate::error::{ApiError, ApiErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use chrono::{DateTime, NaiveDate, Utc};
use concord_app::protection::{BreachView, OrderView};
use concord_domain::consent::Purpose;
use concord_domain::ids::{CaseId, ProtectionOrderId};
use concord_domain::protection::{BreachForm, OrderForm};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(record_order))
        .routes(routes!(record_breach))
        .routes(routes!(list_order_kinds))
}

/// `?purpose=`: required when the case is another agency's and the basis
/// is her consent.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
struct PurposeParams {
    /// Why the case is added to (e.g. `police_report`).
    purpose: Option<String>,
}

fn purpose(text: Option<&str>) -> Result<Option<Purpose>, ApiError> {
    match text.map(str::trim) {
        None | Some("") => Ok(None),
        Some(text) => Purpose::parse(text).map(Some).ok_or_else(|| {
            concord_domain::Invalid::one("purpose", "is not a known purpose").into()
        }),
    }
}

/// A breach of an order.
#[derive(Serialize, ToSchema)]
pub struct OrderBreach {
    pub id: Uuid,
    pub order_id: Uuid,
    /// The local day it happened.
    pub breached_on: NaiveDate,
    /// `arrested`, `charged`, `warning_given`, `referred_to_prosecution`,
    /// `returned_to_court`, `no_further_action`.
    pub action_taken: String,
    pub recording_agency: Uuid,
    pub recording_agency_name: String,
    pub recorded_by: Uuid,
    pub recorded_at: DateTime<Utc>,
}

impl From<&BreachView> for OrderBreach {
    fn from(v: &BreachView) -> Self {
        Self {
            id: v.row.id.0,
            order_id: v.row.order_id.0,
            breached_on: v.row.breached_on,
            action_taken: v.row.action_taken.as_str().into(),
            recording_agency: v.row.recording_agency.0,
            recording_agency_name: v.recording_agency_name.clone(),
            recorded_by: v.row.recorded_by.0,
            recorded_at: v.row.recorded_at,
        }
    }
}

/// A protection order with its breaches.
#[derive(Serialize, ToSchema)]
pub struct ProtectionOrder {
    pub id: Uuid,
    /// A key of `/justice/order-kinds`.
    pub kind: String,
    pub kind_name: String,
    /// The court or authority that made it.
    pub issued_by: String,
    pub issued_on: NaiveDate,
    pub served_on: Option<NaiveDate>,
    /// Its last day in force.
    pub expires_on: NaiveDate,
    /// What it forbids or requires.
    pub conditions: Option<String>,
    /// Today is on or before its last day.
    pub in_force: bool,
    /// Its last day is within the reminder window (14 days).
    pub expiring_soon: bool,
    pub recording_agency: Uuid,
    pub recording_agency_name: String,
    pub recorded_by: Uuid,
    pub recorded_at: DateTime<Utc>,
    /// Oldest first.
    pub breaches: Vec<OrderBreach>,
}

impl From<&OrderView> for ProtectionOrder {
    fn from(v: &OrderView) -> Self {
        Self {
            id: v.row.id.0,
            kind: v.row.kind.clone(),
            kind_name: v.kind_name.clone(),
            issued_by: v.row.issued_by.clone(),
            issued_on: v.row.issued_on,
            served_on: v.row.served_on,
            expires_on: v.row.expires_on,
            conditions: v.conditions.clone(),
            in_force: v.in_force,
            expiring_soon: v.expiring_soon,
            recording_agency: v.row.recording_agency.0,
            recording_agency_name: v.recording_agency_name.clone(),
            recorded_by: v.row.recorded_by.0,
            recorded_at: v.row.recorded_at,
            breaches: v.breaches.iter().map(OrderBreach::from).collect(),
        }
    }
}

/// An order to record. Dates are local days `YYYY-MM-DD`.
#[derive(Deserialize, ToSchema)]
pub struct ProtectionOrderBody {
    /// A key of `/justice/order-kinds`.
    pub kind: String,
    pub issued_by: String,
    /// Not in the future.
    pub issued_on: String,
    /// Not before it was issued, not in the future; empty while not served.
    #[serde(default)]
    pub served_on: Option<String>,
    /// Its last day in force: after the day it was issued.
    pub expires_on: String,
    #[serde(default)]
    pub conditions: Option<String>,
}

/// Record a protection order on the case: by a police or court agency with
/// the owning agency's role or a consent or lawful share covering
/// `justice`. 400 names each bad field.
#[utoipa::path(post, path = "/cases/{id}/protection-orders", tag = "justice", params(("id" = Uuid, Path), PurposeParams),
    request_body = ProtectionOrderBody,
    responses((status = 201, body = ProtectionOrder), (status = 400, body = ApiErrorBody),
        (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
async fn record_order(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
    Query(params): Query<PurposeParams>,
    ApiJson(body): ApiJson<ProtectionOrderBody>,
) -> Result<(StatusCode, Json<ProtectionOrder>), ApiError> {
    let purpose = purpose(params.purpose.as_deref())?;
    let form = OrderForm {
        kind: body.kind,
        issued_by: body.issued_by,
        issued_on: body.issued_on,
        served_on: body.served_on.unwrap_or_default(),
        expires_on: body.expires_on,
        conditions: body.conditions.unwrap_or_default(),
    };
    let view = state
        .app
        .record_protection_order(&actor, CaseId(id), &form, purpose)
        .await?;
    Ok((StatusCode::CREATED, Json(ProtectionOrder::from(&view))))
}

/// A breach to record.
#[derive(Deserialize, ToSchema)]
pub struct OrderBreachBody {
    /// The local day it happened, `YYYY-MM-DD`: within the order's life
    /// (not before it was issued, not after its last day), not in the
    /// future.
    pub breached_on: String,
    /// What was done (see `OrderBreach.action_taken`).
    pub action_taken: String,
}

/// Record a breach of one of the case's orders (police, courts). 400 names
/// the field (`breached_on` before the order was issued or after it
/// expired); 404 for an order that is not this case's.
#[utoipa::path(post, path = "/cases/{id}/protection-orders/{order_id}/breaches", tag = "justice",
    params(("id" = Uuid, Path), ("order_id" = Uuid, Path), PurposeParams),
    request_body = OrderBreachBody,
    responses((status = 201, body = OrderBreach), (status = 400, body = ApiErrorBody),
        (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
async fn record_breach(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path((id, order_id)): Path<(Uuid, Uuid)>,
    Query(params): Query<PurposeParams>,
    ApiJson(body): ApiJson<OrderBreachBody>,
) -> Result<(StatusCode, Json<OrderBreach>), ApiError> {
    let purpose = purpose(params.purpose.as_deref())?;
    let form = BreachForm {
        breached_on: body.breached_on,
        action_taken: body.action_taken,
    };
    let view = state
        .app
        .record_order_breach(
            &actor,
            CaseId(id),
            ProtectionOrderId(order_id),
            &form,
            purpose,
        )
        .await?;
    Ok((StatusCode::CREATED, Json(OrderBreach::from(&view))))
}

/// A kind of order.
#[derive(Serialize, ToSchema)]
pub struct OrderKind {
    pub key: String,
    pub name: String,
}

/// The kinds of protection order (the deployment's list).
#[utoipa::path(get, path = "/justice/order-kinds", tag = "justice",
    responses((status = 200, body = [OrderKind]), (status = 401, body = ApiErrorBody)))]
async fn list_order_kinds(
    State(state): State<AppState>,
    ApiActor(_actor): ApiActor,
) -> ApiResult<Vec<OrderKind>> {
    Ok(Json(
        state
            .app
            .protection_order_kinds()
            .kinds
            .iter()
            .map(|k| OrderKind {
                key: k.key.clone(),
                name: k.name.clone(),
            })
            .collect(),
    ))
}
