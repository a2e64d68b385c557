//! Bodies, members, subgroups and the measures of a body.

use super::{form_body, row};
use crate::api::{ApiActor, ApiJson, ApiResult};
use crate::error::{ApiError, ApiErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use concord_app::governance::bodies::BodyView;
use concord_domain::governance::forms::{
    AssessmentAnswerForm, AssessmentRoundForm, BodyRegistrationForm, BodySettingsForm, MemberForm,
    SubgroupForm,
};
use concord_domain::ids::{AreaId, BodyId};
use serde::{Deserialize, Deserializer};
use serde_json::{Value, json};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_bodies, register_body))
        .routes(routes!(get_body, update_registration))
        .routes(routes!(update_settings))
        .routes(routes!(save_member))
        .routes(routes!(add_subgroup))
        .routes(routes!(update_subgroup))
        .routes(routes!(scorecard))
        .routes(routes!(plan_coverage))
        .routes(routes!(assessments, open_round))
        .routes(routes!(answer_assessment))
        .routes(routes!(matrix))
        .routes(routes!(review_reminders))
}

form_body!(
    /// `name`, `body_type` (national_inter_ministerial, regional_body,
    /// local_council, risk_conference, gbv_sub_cluster, one_stop_centre),
    /// `level` (national, regional, local), `area_id`, `parent_id`,
    /// `secretariat_agency_id`.
    RegistrationBody,
    BodyRegistrationForm
);
form_body!(
    /// `leadership` (single_lead_agency, rotating, shared_state_ngo),
    /// `escalate_after` (1–12 carry-overs), `remit`.
    SettingsBody,
    BodySettingsForm
);
form_body!(
    /// `agency_id`, `representative`, `representative_title`,
    /// `decision_authority` and `chair` (true/false), `deputy`,
    /// `joined_on`, `left_on` (YYYY-MM-DD). Saving an agency that is already a
    /// member changes its membership.
    MemberBody,
    MemberForm
);
form_body!(
    /// `name`, `remit`, `chair_agency_id` (a member agency), `chair_name`.
    SubgroupBody,
    SubgroupForm
);
form_body!(
    /// `title`, `opened_on` (YYYY-MM-DD).
    RoundBody,
    AssessmentRoundForm
);
form_body!(
    /// `agency_id` (a member agency), `stage` (networking, cooperation,
    /// coordination, collaboration, integration), `climate`,
    /// `infrastructure`, `activities`, `outcomes` (1–5).
    AnswerBody,
    AssessmentAnswerForm
);

fn body_json(view: &BodyView) -> Value {
    json!({
        "body": row(&view.body),
        "area": view.area.as_ref().map(|a| json!({ "id": a.id, "name": a.name })),
        "parent_id": view.body.parent_id,
        "child_ids": view.children.iter().map(|c| c.id).collect::<Vec<_>>(),
        "secretariat": view.secretariat_name,
        "members": view.members.iter().map(|m| json!({
            "member": row(&m.row),
            "agency_name": m.agency_name,
            "sector": m.sector.map(|s| s.as_str()),
            "current": m.current,
        })).collect::<Vec<_>>(),
        "chairs": view.chairs().iter().map(|m| m.row.agency_id).collect::<Vec<_>>(),
        "subgroups": view.subgroups.iter().map(|s| json!({
            "subgroup": row(&s.row),
            "chair_agency_name": s.chair_agency_name,
        })).collect::<Vec<_>>(),
        "can_edit": view.can_edit,
    })
}

/// Every coordination body (national, regional, local), with its area,
/// parent and secretariat.
#[utoipa::path(get, path = "/bodies", tag = "governance",
    responses((status = 200, body = Object), (status = 401, body = ApiErrorBody)))]
async fn list_bodies(State(state): State<AppState>, ApiActor(actor): ApiActor) -> ApiResult<Value> {
    let summaries = state.app.body_summaries(&actor).await?;
    Ok(Json(json!({
        "items": summaries.iter().map(|s| json!({
            "body": row(&s.body),
            "area_name": s.area_name,
            "parent_name": s.parent_name,
            "secretariat_name": s.secretariat_name,
        })).collect::<Vec<_>>()
    })))
}

/// Register a body and name its secretariat agency (system administrators).
#[utoipa::path(post, path = "/bodies", tag = "governance", request_body = RegistrationBody,
    responses((status = 201, body = Object), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody)))]
async fn register_body(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(RegistrationBody(form)): ApiJson<RegistrationBody>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let body = state.app.register_body(&actor, &form).await?;
    Ok((StatusCode::CREATED, Json(row(&body))))
}

/// One body with its members (representatives, deputies, chairs) and
/// subgroups.
#[utoipa::path(get, path = "/bodies/{id}", tag = "governance", params(("id" = Uuid, Path)),
    responses((status = 200, body = Object), (status = 404, body = ApiErrorBody)))]
async fn get_body(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
) -> ApiResult<Value> {
    Ok(Json(body_json(
        &state.app.body_view(&actor, BodyId(id)).await?,
    )))
}

/// Change a body's registration, its secretariat included (system
/// administrators).
#[utoipa::path(put, path = "/bodies/{id}", tag = "governance", params(("id" = Uuid, Path)), request_body = RegistrationBody,
    responses((status = 200, body = Object), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
async fn update_registration(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
    ApiJson(RegistrationBody(form)): ApiJson<RegistrationBody>,
) -> ApiResult<Value> {
    let body = state
        .app
        .update_body_registration(&actor, BodyId(id), &form)
        .await?;
    Ok(Json(row(&body)))
}

/// Leadership model, escalation threshold and remit (the body's
/// secretariat).
#[utoipa::path(put, path = "/bodies/{id}/settings", tag = "governance", params(("id" = Uuid, Path)), request_body = SettingsBody,
    responses((status = 200, body = Object), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
async fn update_settings(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
    ApiJson(SettingsBody(form)): ApiJson<SettingsBody>,
) -> ApiResult<Value> {
    let body = state
        .app
        .update_body_settings(&actor, BodyId(id), &form)
        .await?;
    Ok(Json(row(&body)))
}

/// Add a member agency or change its membership.
#[utoipa::path(post, path = "/bodies/{id}/members", tag = "governance", params(("id" = Uuid, Path)), request_body = MemberBody,
    responses((status = 200, body = Object), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
async fn save_member(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
    ApiJson(MemberBody(form)): ApiJson<MemberBody>,
) -> ApiResult<Value> {
    let member = state.app.save_member(&actor, BodyId(id), &form).await?;
    Ok(Json(row(&member)))
}

/// Add a thematic subgroup.
#[utoipa::path(post, path = "/bodies/{id}/subgroups", tag = "governance", params(("id" = Uuid, Path)), request_body = SubgroupBody,
    responses((status = 201, body = Object), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
async fn add_subgroup(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
    ApiJson(SubgroupBody(form)): ApiJson<SubgroupBody>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let subgroup = state
        .app
        .save_subgroup(&actor, BodyId(id), None, &form)
        .await?;
    Ok((StatusCode::CREATED, Json(row(&subgroup))))
}

/// Change a subgroup.
#[utoipa::path(put, path = "/bodies/{id}/subgroups/{subgroup}", tag = "governance",
    params(("id" = Uuid, Path), ("subgroup" = Uuid, Path)), request_body = SubgroupBody,
    responses((status = 200, body = Object), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
async fn update_subgroup(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path((id, subgroup)): Path<(Uuid, Uuid)>,
    ApiJson(SubgroupBody(form)): ApiJson<SubgroupBody>,
) -> ApiResult<Value> {
    let subgroup = state
        .app
        .save_subgroup(&actor, BodyId(id), Some(subgroup), &form)
        .await?;
    Ok(Json(row(&subgroup)))
}

fn ratio(r: &concord_domain::governance::metrics::Ratio) -> Value {
    json!({ "numerator": r.numerator, "denominator": r.denominator, "percent": r.percent() })
}

fn summary(s: &concord_domain::governance::metrics::RoundSummary) -> Value {
    json!({
        "respondents": s.respondents,
        "stage_tenths": s.stage,
        "stage": s.stage_name().as_str(),
        "climate_tenths": s.climate,
        "infrastructure_tenths": s.infrastructure,
        "activities_tenths": s.activities,
        "outcomes_tenths": s.outcomes,
    })
}

/// The body's scorecard: attendance rate (meetings closed in the last 12
/// months), action completion rate, signatory coverage by sector,
/// instruments overdue for review and the latest self-assessment.
#[utoipa::path(get, path = "/bodies/{id}/scorecard", tag = "governance", params(("id" = Uuid, Path)),
    responses((status = 200, body = Object), (status = 404, body = ApiErrorBody)))]
async fn scorecard(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
) -> ApiResult<Value> {
    let card = state.app.scorecard(&actor, BodyId(id)).await?;
    Ok(Json(json!({
        "attendance": ratio(&card.attendance),
        "meetings_counted": card.meetings_counted,
        "completion": ratio(&card.completion),
        "open_actions": card.open_actions,
        "escalated_actions": card.escalated_actions,
        "signatory_coverage": ratio(&card.signatory_overall),
        "signatories_by_sector": card.signatories.iter().map(|s| json!({
            "sector": s.sector.as_str(), "members": s.members, "signed": s.signed,
        })).collect::<Vec<_>>(),
        "instruments_in_force": card.instruments_in_force,
        "instruments_overdue": card.instruments_overdue,
        "latest_assessment": card.latest_assessment.as_ref().map(summary),
    })))
}

/// How many actions of the body's plan there are at each ecological level
/// and for each ESP essential action; zero means nothing planned.
#[utoipa::path(get, path = "/bodies/{id}/plan-coverage", tag = "governance", params(("id" = Uuid, Path)),
    responses((status = 200, body = Object), (status = 404, body = ApiErrorBody)))]
async fn plan_coverage(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
) -> ApiResult<Value> {
    let coverage = state.app.plan_coverage(&actor, BodyId(id)).await?;
    Ok(Json(json!({
        "by_level": coverage.by_level.iter().map(|(l, n)| json!({ "level": l.as_str(), "actions": n })).collect::<Vec<_>>(),
        "by_essential_action": coverage.by_essential_action.iter().map(|(a, n)| json!({ "essential_action": a.as_str(), "actions": n })).collect::<Vec<_>>(),
        "levels_without_actions": coverage.levels_without_actions().iter().map(|l| l.as_str()).collect::<Vec<_>>(),
        "essential_actions_without_actions": coverage.essential_actions_without_actions().iter().map(|a| a.as_str()).collect::<Vec<_>>(),
    })))
}

/// The body's self-assessment rounds with every answer and the means.
#[utoipa::path(get, path = "/bodies/{id}/assessments", tag = "governance", params(("id" = Uuid, Path)),
    responses((status = 200, body = Object), (status = 404, body = ApiErrorBody)))]
async fn assessments(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
) -> ApiResult<Value> {
    let view = state.app.assessments(&actor, BodyId(id)).await?;
    Ok(Json(json!({
        "rounds": view.rounds.iter().map(|r| json!({
            "round": row(&r.round),
            "summary": r.summary.as_ref().map(summary),
            "answers": r.answers.iter().map(|(_, a)| row(a)).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })))
}

/// Open a self-assessment round (the body's secretariat).
#[utoipa::path(post, path = "/bodies/{id}/assessments", tag = "governance", params(("id" = Uuid, Path)), request_body = RoundBody,
    responses((status = 201, body = Object), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
async fn open_round(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
    ApiJson(RoundBody(form)): ApiJson<RoundBody>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let round = state
        .app
        .open_assessment_round(&actor, BodyId(id), &form)
        .await?;
    Ok((StatusCode::CREATED, Json(row(&round))))
}

/// A member agency's answer in a round (its own people, or the secretariat
/// on its behalf); answering again replaces it.
#[utoipa::path(put, path = "/bodies/{id}/assessments/{round}/answers", tag = "governance",
    params(("id" = Uuid, Path), ("round" = Uuid, Path)), request_body = AnswerBody,
    responses((status = 200, body = Object), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
async fn answer_assessment(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path((id, round)): Path<(Uuid, Uuid)>,
    ApiJson(AnswerBody(form)): ApiJson<AnswerBody>,
) -> ApiResult<Value> {
    let answer = state
        .app
        .answer_assessment(&actor, BodyId(id), round, &form)
        .await?;
    Ok(Json(row(&answer)))
}

#[derive(Debug, Deserialize, IntoParams, ToSchema)]
struct MatrixParams {
    /// The area.
    #[serde(deserialize_with = "uuid_text")]
    area: Uuid,
}

fn uuid_text<'de, D: Deserializer<'de>>(d: D) -> Result<Uuid, D::Error> {
    let text = String::deserialize(d)?;
    text.parse().map_err(serde::de::Error::custom)
}

/// The ESP governance matrix of an area: for each essential action,
/// covered, overdue or missing, from the instruments of the bodies of the
/// area and of the areas above it.
#[utoipa::path(get, path = "/governance/matrix", tag = "governance", params(MatrixParams),
    responses((status = 200, body = Object), (status = 404, body = ApiErrorBody)))]
async fn matrix(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Query(params): Query<MatrixParams>,
) -> ApiResult<Value> {
    let matrix = state
        .app
        .governance_matrix(&actor, AreaId(params.area))
        .await?;
    Ok(Json(json!({
        "area_id": matrix.area.id,
        "area_ids": matrix.chain.iter().map(|a| a.id).collect::<Vec<_>>(),
        "body_ids": matrix.bodies.iter().map(|b| b.id).collect::<Vec<_>>(),
        "rows": matrix.rows.iter().map(|r| json!({
            "essential_action": r.action.as_str(),
            "scope": match r.action.scope() {
                concord_domain::governance::EssentialScope::National => "national",
                concord_domain::governance::EssentialScope::Local => "local",
            },
            "state": r.cell.as_str(),
            "instruments": r.instruments,
        })).collect::<Vec<_>>(),
    })))
}

/// Instruments of the caller's bodies whose review falls due within 60 days
/// or has passed (for the body's secretariat).
#[utoipa::path(get, path = "/governance/review-reminders", tag = "governance",
    responses((status = 200, body = Object), (status = 401, body = ApiErrorBody)))]
async fn review_reminders(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> ApiResult<Value> {
    let lines = state.app.review_reminders(&actor).await?;
    Ok(Json(json!({
        "items": lines.iter().map(|l| json!({
            "instrument": row(&l.instrument),
            "current_version": l.current.as_ref().map(row),
            "overdue": l.overdue,
        })).collect::<Vec<_>>(),
    })))
}
