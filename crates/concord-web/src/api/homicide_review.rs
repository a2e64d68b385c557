//! `/api/v1` for the domestic homicide review: a supervisor of the owning
//! agency lists, grants and revokes a review panel's access to a case's
//! chronology; a member of the panel exports the chronology as JSON
//! (audited as an export). The same use cases and audit as the pages.

use crate::api::{ApiActor, ApiJson, ApiResult};
use crate::error::{ApiError, ApiErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use chrono::{DateTime, NaiveDate, Utc};
use concord_app::homicide_review::chronology::{ChronologyEntry, ChronologyUse};
use concord_app::homicide_review::grants::ReviewGrantView;
use concord_domain::homicide_review::ReviewGrantForm;
use concord_domain::ids::{CaseId, ReviewGrantId};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_review_grants, grant_review))
        .routes(routes!(revoke_review))
        .routes(routes!(export_chronology))
}

/// A review panel's grant of a case's chronology.
#[derive(Serialize, ToSchema)]
pub struct ReviewGrant {
    pub id: Uuid,
    pub body_id: Uuid,
    pub body_name: String,
    /// Always `homicide_review`.
    pub basis: String,
    pub reason: String,
    /// The body is not a review panel but was given the review's remit.
    pub remit_confirmed: bool,
    pub granted_by: Uuid,
    pub granted_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
}

impl From<&ReviewGrantView> for ReviewGrant {
    fn from(v: &ReviewGrantView) -> Self {
        Self {
            id: v.row.id.0,
            body_id: v.row.body_id.0,
            body_name: v.body_name.clone(),
            basis: "homicide_review".into(),
            reason: v.reason.clone(),
            remit_confirmed: v.row.remit_confirmed,
            granted_by: v.row.granted_by.0,
            granted_at: v.row.granted_at,
            revoked_at: v.row.revoked_at,
        }
    }
}

/// The review grants of a case (a supervisor of the owning agency).
#[utoipa::path(get, path = "/cases/{id}/review-grants", tag = "homicide review", params(("id" = Uuid, Path)),
    responses((status = 200, body = [ReviewGrant]), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
async fn list_review_grants(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
) -> ApiResult<Vec<ReviewGrant>> {
    let grants = state.app.review_grants(&actor, CaseId(id)).await?;
    Ok(Json(grants.grants.iter().map(ReviewGrant::from).collect()))
}

/// A grant to make. A missing field reads as empty, so it is reported by
/// name (after the authorisation, like every other problem).
#[derive(Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct ReviewGrantBody {
    /// The coordination body conducting the review.
    pub body: String,
    /// Why the review needs her chronology.
    pub reason: String,
    /// Required `true` when the body is not of type `review_panel`: it has
    /// been given the remit of this review.
    pub remit_confirmed: bool,
}

/// Grant a review panel the case's chronology on the lawful basis
/// `homicide_review` (a supervisor of the owning agency; audited).
#[utoipa::path(post, path = "/cases/{id}/review-grants", tag = "homicide review", params(("id" = Uuid, Path)),
    request_body = ReviewGrantBody,
    responses((status = 201, body = ReviewGrant), (status = 400, body = ApiErrorBody),
        (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
async fn grant_review(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
    ApiJson(body): ApiJson<ReviewGrantBody>,
) -> Result<(StatusCode, Json<ReviewGrant>), ApiError> {
    let form = ReviewGrantForm {
        body: body.body,
        reason: body.reason.clone(),
        remit_confirmed: body.remit_confirmed.then(|| "on".to_string()),
    };
    let row = state.app.grant_review(&actor, CaseId(id), &form).await?;
    let body_name = state
        .app
        .review_grants(&actor, CaseId(id))
        .await?
        .grants
        .into_iter()
        .find(|g| g.row.id == row.id)
        .map(|g| g.body_name)
        .unwrap_or_default();
    let view = ReviewGrantView {
        row,
        body_name,
        reason: body.reason.trim().to_string(),
    };
    Ok((StatusCode::CREATED, Json(ReviewGrant::from(&view))))
}

/// Revoke a grant (a supervisor of the owning agency; audited). 409 once
/// revoked.
#[utoipa::path(post, path = "/cases/{id}/review-grants/{grant}/revoke", tag = "homicide review",
    params(("id" = Uuid, Path), ("grant" = Uuid, Path)),
    responses((status = 204), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
async fn revoke_review(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path((id, grant)): Path<(Uuid, Uuid)>,
) -> Result<StatusCode, ApiError> {
    state
        .app
        .revoke_review(&actor, CaseId(id), ReviewGrantId(grant))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// One contact in the chronology.
#[derive(Serialize, ToSchema)]
pub struct ChronologyContact {
    /// The local day it happened.
    pub day: NaiveDate,
    /// The instant, when the record has one.
    pub at: Option<DateTime<Utc>>,
    /// `case_opened`, `incident`, `risk_assessment`, `note`,
    /// `referral_step`, `conference_referral`, `conference_meeting`,
    /// `conference_action`, `justice_step`, `file_access`, `case_closed`.
    pub kind: String,
    pub agency_id: Option<Uuid>,
    pub agency_name: Option<String>,
    /// The contact's facts by name (labels of closed vocabularies, dates,
    /// numbers); a name that occurs more than once (criteria, contexts)
    /// lists its values joined by `, `. Never free text.
    pub facts: BTreeMap<String, String>,
}

impl From<&ChronologyEntry> for ChronologyContact {
    fn from(e: &ChronologyEntry) -> Self {
        let mut facts: BTreeMap<String, String> = BTreeMap::new();
        for fact in &e.contact.facts {
            facts
                .entry(fact.name.to_string())
                .and_modify(|v| {
                    v.push_str(", ");
                    v.push_str(&fact.value);
                })
                .or_insert_with(|| fact.value.clone());
        }
        Self {
            day: e.contact.day,
            at: e.contact.at,
            kind: e.contact.kind.as_str().into(),
            agency_id: e.contact.agency.map(|a| a.0),
            agency_name: e.agency_name.clone(),
            facts,
        }
    }
}

/// A case's multi-agency chronology.
#[derive(Serialize, ToSchema)]
pub struct ChronologyDocument {
    pub case_id: Uuid,
    pub survivor_reference: String,
    pub review_grant_id: Uuid,
    pub body_id: Uuid,
    pub body_name: String,
    pub assembled_at: DateTime<Utc>,
    /// In time order: by local day; on a day, contacts known only by their
    /// day first, then by instant.
    pub contacts: Vec<ChronologyContact>,
}

/// Export the case's chronology (a member of a review panel holding a
/// grant in force; audited as an export).
#[utoipa::path(get, path = "/cases/{id}/chronology", tag = "homicide review", params(("id" = Uuid, Path)),
    responses((status = 200, body = ChronologyDocument), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
async fn export_chronology(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
) -> ApiResult<ChronologyDocument> {
    let c = state
        .app
        .read_chronology(&actor, CaseId(id), ChronologyUse::ExportedAsJson)
        .await?;
    Ok(Json(ChronologyDocument {
        case_id: c.case_id.0,
        survivor_reference: c.survivor_reference,
        review_grant_id: c.grant_id.0,
        body_id: c.body_id.0,
        body_name: c.body_name,
        assembled_at: c.assembled_at,
        contacts: c.entries.iter().map(ChronologyContact::from).collect(),
    }))
}
