//! `/api/v1` for a case's justice chain: read it (data category
//! `justice`), record a step (police, prosecution, courts, probation), and
//! the offence categories with their ICCS codes. The same use cases,
//! access decision and audit as the pages.

use crate::api::{ApiActor, ApiJson, ApiResult};
use crate::error::{ApiError, ApiErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use chrono::{DateTime, NaiveDate, Utc};
use concord_app::justice::JusticeStepView;
use concord_domain::consent::Purpose;
use concord_domain::ids::CaseId;
use concord_domain::justice::JusticeEventForm;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(read_justice, record_justice_event))
        .routes(routes!(list_offences))
}

/// `?purpose=`: required when the case is another agency's and the basis
/// is her consent.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
struct PurposeParams {
    /// Why the case is read or added to (e.g. `police_report`).
    #[param(schema_with = crate::api::purpose_schema)]
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

/// One step of the chain.
#[derive(Serialize, ToSchema)]
pub struct JusticeStep {
    pub id: Uuid,
    /// `reported_to_police`, `crime_recorded`, `arrest`, `released_on_bail`,
    /// `charge_decision`, `prosecution_started`, `court_hearing`,
    /// `special_measures`, `verdict`, `sentence`, `support_withdrawn`.
    pub kind: String,
    /// The local day it happened.
    pub occurred_on: NaiveDate,
    /// The outcome's label: an offence key, `charged` /
    /// `no_further_action` / `out_of_court`, a hearing outcome, a special
    /// measure, `guilty` / `not_guilty`, a sentence.
    pub outcome: Option<String>,
    /// For a recorded crime: its ICCS code.
    pub iccs: Option<String>,
    /// The reason for no further action or for her withdrawal.
    pub reason: Option<String>,
    /// The crime reference or the bail conditions.
    pub detail: Option<String>,
    pub recording_agency: Uuid,
    pub recording_agency_name: String,
    pub recorded_by: Uuid,
    pub recorded_at: DateTime<Utc>,
}

impl From<&JusticeStepView> for JusticeStep {
    fn from(v: &JusticeStepView) -> Self {
        Self {
            id: v.row.id.0,
            kind: v.row.kind.as_str().into(),
            occurred_on: v.row.occurred_on,
            outcome: v.row.outcome.clone(),
            iccs: v
                .offence
                .as_ref()
                .map(|(_, code)| code.clone())
                .filter(|c| !c.is_empty()),
            reason: v.row.reason.clone(),
            detail: v.detail.clone(),
            recording_agency: v.row.recording_agency.0,
            recording_agency_name: v.recording_agency_name.clone(),
            recorded_by: v.row.recorded_by.0,
            recorded_at: v.row.recorded_at,
        }
    }
}

/// A case's justice chain.
#[derive(Serialize, ToSchema)]
pub struct JusticeChain {
    pub case_id: Uuid,
    pub survivor_reference: String,
    /// Why the reader may see it: `owning_agency`, `consent`, `lawful_basis`.
    pub basis: String,
    /// In the order they happened.
    pub steps: Vec<JusticeStep>,
    /// The kinds of step the reader's agency may record on this case.
    pub may_record: Vec<String>,
    /// Her protection orders with their breaches, oldest first.
    pub protection_orders: Vec<crate::api::protection::ProtectionOrder>,
    /// The reader's agency may record orders and breaches on this case.
    pub may_record_orders: bool,
}

/// A case's justice chain (read of the `justice` category, audited).
#[utoipa::path(get, path = "/cases/{id}/justice", tag = "justice", params(("id" = Uuid, Path), PurposeParams),
    responses((status = 200, body = JusticeChain), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
async fn read_justice(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
    Query(params): Query<PurposeParams>,
) -> ApiResult<JusticeChain> {
    let purpose = purpose(params.purpose.as_deref())?;
    let file = state.app.read_justice(&actor, CaseId(id), purpose).await?;
    Ok(Json(JusticeChain {
        case_id: file.case.id.0,
        survivor_reference: file.survivor_reference,
        basis: file.basis.as_str().into(),
        steps: file.steps.iter().map(JusticeStep::from).collect(),
        may_record: file.may_record.iter().map(|k| k.as_str().into()).collect(),
        protection_orders: file
            .orders
            .iter()
            .map(crate::api::protection::ProtectionOrder::from)
            .collect(),
        may_record_orders: file.may_record_orders,
    }))
}

/// A step to record.
#[derive(Deserialize, ToSchema)]
pub struct JusticeStepBody {
    /// The kind of step (see `JusticeStep.kind`).
    pub kind: String,
    /// The local day it happened, `YYYY-MM-DD`; not in the future.
    pub occurred_on: String,
    /// Required for `crime_recorded` (an offence key from
    /// `/justice/offences`), `charge_decision`, `court_hearing`,
    /// `special_measures`, `verdict` and `sentence`; empty otherwise.
    #[serde(default)]
    pub outcome: Option<String>,
    /// Required for `support_withdrawn` and for a charge decision of
    /// `no_further_action`; empty otherwise.
    #[serde(default)]
    pub reason: Option<String>,
    /// The crime reference (`reported_to_police`) or the bail conditions
    /// (`released_on_bail`), required there; empty otherwise.
    #[serde(default)]
    pub detail: Option<String>,
}

/// Record a step of the case's chain: by an agency of a sector that records
/// that kind (police, prosecution, court, probation) with the owning
/// agency's role or a consent or lawful share covering `justice`. 409 names
/// what the step needs first (`problems[0].field` is `kind`).
#[utoipa::path(post, path = "/cases/{id}/justice", tag = "justice", params(("id" = Uuid, Path), PurposeParams),
    request_body = JusticeStepBody,
    responses((status = 201, body = JusticeStep), (status = 400, body = ApiErrorBody),
        (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
async fn record_justice_event(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
    Query(params): Query<PurposeParams>,
    ApiJson(body): ApiJson<JusticeStepBody>,
) -> Result<(StatusCode, Json<JusticeStep>), ApiError> {
    let purpose = purpose(params.purpose.as_deref())?;
    let form = JusticeEventForm {
        kind: body.kind,
        occurred_on: body.occurred_on,
        outcome: body.outcome,
        reason: body.reason,
        detail: body.detail,
    };
    let view = state
        .app
        .record_justice_event(&actor, CaseId(id), &form, purpose)
        .await?;
    Ok((StatusCode::CREATED, Json(JusticeStep::from(&view))))
}

/// An offence category.
#[derive(Serialize, ToSchema)]
pub struct Offence {
    pub key: String,
    /// Its code in the UNODC International Classification of Crime for
    /// Statistical Purposes.
    pub iccs: String,
    pub name: String,
}

/// The offence categories a crime is recorded in (the deployment's list).
#[utoipa::path(get, path = "/justice/offences", tag = "justice",
    responses((status = 200, body = [Offence]), (status = 401, body = ApiErrorBody)))]
async fn list_offences(
    State(state): State<AppState>,
    ApiActor(_actor): ApiActor,
) -> ApiResult<Vec<Offence>> {
    Ok(Json(
        state
            .app
            .justice_offences()
            .offences
            .iter()
            .map(|o| Offence {
                key: o.key.clone(),
                iccs: o.iccs.clone(),
                name: o.name.clone(),
            })
            .collect(),
    ))
}
