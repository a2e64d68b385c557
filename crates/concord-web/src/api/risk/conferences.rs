//! `/api/v1` for risk conferences: conferences, referral of a case,
//! screening, meetings and their agendas. The same use cases, checks and
//! audit as the pages.

use crate::api::{ApiActor, ApiJson, ApiResult};
use crate::error::{ApiError, ApiErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use concord_app::risk::conferences::ReferralItem;
use concord_domain::ids::{CaseId, ConferenceId, ConferenceMeetingId, ConferenceReferralId};
use concord_domain::risk::conference::RulesForm;
use concord_domain::risk::conference_form::{
    AttendanceEntryForm, ConferenceForm, ConferenceMeetingForm, ConferenceReferralForm,
    ScreeningForm,
};
use concord_store::{ConferenceMeetingRow, ConferenceReferralRow, ConferenceRow};
use serde::Deserialize;
use serde_json::{Value, json};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_conferences, create_conference))
        .routes(routes!(get_conference, update_conference))
        .routes(routes!(schedule_meeting))
        .routes(routes!(meeting_agenda))
        .routes(routes!(meeting_attendance))
        .routes(routes!(meeting_observers))
        .routes(routes!(close_meeting))
        .routes(routes!(read_research, save_research))
        .routes(routes!(share_research))
        .routes(routes!(assign_advocate))
        .routes(routes!(first_contact))
        .routes(routes!(transfer_referral))
        .routes(routes!(dataset))
        .routes(routes!(case_referrals, refer_case))
        .routes(routes!(screen_referral))
        .routes(routes!(list_referral))
}

fn conference_json(c: &ConferenceRow) -> Value {
    json!({
        "id": c.id,
        "name": c.name,
        "area_id": c.area_id,
        "coordinating_agency": c.coordinating_agency,
        "sharing_protocol": c.sharing_protocol,
        "shared_categories": c.shared_categories.iter().map(|c| c.as_str()).collect::<Vec<_>>(),
        "members": c.members,
        "rules": {
            "escalation_incidents": c.escalation_incidents,
            "escalation_window_days": c.escalation_window_days,
            "repeat_window_days": c.repeat_window_days,
            "access_days": c.access_days,
            "first_contact_working_days": c.first_contact_working_days,
            "escalate_after": c.escalate_after,
            "breaches_count": c.breaches_count,
        },
    })
}

fn referral_json(r: &ConferenceReferralRow) -> Value {
    json!({
        "id": r.id,
        "conference_id": r.conference_id,
        "case_id": r.case_id,
        "referring_agency": r.referring_agency,
        // The day it was referred (a referral made on paper: the day it
        // was made) and the instant it was recorded.
        "referred_on": r.referred_on,
        "recorded_at": r.created_at,
        "criteria": r.criteria.iter().map(|c| c.as_str()).collect::<Vec<_>>(),
        "repeat": r.repeat,
        "incidents_in_window": r.incidents_in_window,
        "breaches_in_window": r.breaches_in_window,
        "children_in_household": r.children_in_household,
        "status": r.status.as_str(),
        "meeting_id": r.meeting_id,
        "first_contact_due": r.first_contact_due,
        "first_contact_on": r.first_contact_on,
        "advocate_id": r.advocate_id,
        "transferred_from": r.transferred_from,
    })
}

fn item_json(item: &ReferralItem) -> Value {
    let mut v = referral_json(&item.referral);
    v["survivor_reference"] = json!(item.survivor_reference);
    v["first_contact_overdue"] = json!(item.first_contact_overdue);
    v
}

fn meeting_json(m: &ConferenceMeetingRow) -> Value {
    json!({
        "id": m.id,
        "conference_id": m.conference_id,
        "kind": m.kind.as_str(),
        "meets_on": m.meets_on,
        "status": m.status.as_str(),
        "chair": m.chair,
    })
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct ConferenceBody {
    pub name: String,
    /// An area id, or empty.
    pub area_id: String,
    /// The information sharing protocol's reference.
    pub sharing_protocol: String,
    /// The data categories the protocol lets attending agencies see
    /// (`identity_and_contact`, `incident`, `risk`, `case_notes`, `health`);
    /// identity and contact, incident and risk when left out.
    pub shared_categories: Option<Vec<String>>,
    /// Member agency ids.
    pub members: Vec<String>,
    /// Each rule as a number; the defaults (3 incidents in 365 days, repeat
    /// within 365 days, access 7 days after a meeting, first contact within 2
    /// working days, escalation after 3 carry-overs) when left out.
    #[schema(value_type = Object)]
    pub rules: Option<Value>,
}

impl ConferenceBody {
    fn form(self) -> ConferenceForm {
        let mut form = ConferenceForm::with_default_rules();
        form.name = self.name;
        form.area_id = self.area_id;
        form.sharing_protocol = self.sharing_protocol;
        form.members = self.members;
        if let Some(categories) = self.shared_categories {
            form.shared_categories = categories;
        }
        if let Some(Value::Object(rules)) = self.rules {
            let set = |field: &mut String, key: &str| {
                if let Some(v) = rules.get(key) {
                    *field = match v {
                        Value::String(s) => s.clone(),
                        other => other.to_string(),
                    };
                }
            };
            let r: &mut RulesForm = &mut form.rules;
            set(&mut r.escalation_incidents, "escalation_incidents");
            set(&mut r.escalation_window_days, "escalation_window_days");
            set(&mut r.repeat_window_days, "repeat_window_days");
            set(&mut r.access_days, "access_days");
            set(
                &mut r.first_contact_working_days,
                "first_contact_working_days",
            );
            set(&mut r.escalate_after, "escalate_after");
            set(&mut r.breaches_count, "breaches_count");
        }
        form
    }
}

/// Every conference (names, areas, protocols and rules; nothing about anyone).
#[utoipa::path(get, path = "/conferences", tag = "conferences",
    responses((status = 200, body = [Object]), (status = 403, body = ApiErrorBody)))]
async fn list_conferences(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> ApiResult<Vec<Value>> {
    let rows = state.app.conferences(&actor).await?;
    Ok(Json(rows.iter().map(conference_json).collect()))
}

/// Set up a conference coordinated by your agency (risk-conference coordinators).
#[utoipa::path(post, path = "/conferences", tag = "conferences", request_body = ConferenceBody,
    responses((status = 201, body = Object), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody)))]
async fn create_conference(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(body): ApiJson<ConferenceBody>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let row = state.app.create_conference(&actor, &body.form()).await?;
    Ok((StatusCode::CREATED, Json(conference_json(&row))))
}

/// A conference with its referrals (by survivor reference) and meetings
/// with their number of cases — its coordinators only.
#[utoipa::path(get, path = "/conferences/{id}", tag = "conferences", params(("id" = Uuid, Path)),
    responses((status = 200, body = Object), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
async fn get_conference(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
) -> ApiResult<Value> {
    let o = state
        .app
        .conference_overview(&actor, ConferenceId(id))
        .await?;
    let mut v = conference_json(&o.conference);
    v["referrals"] = json!(o.referrals.iter().map(item_json).collect::<Vec<_>>());
    v["meetings"] = json!(
        o.meetings
            .iter()
            .map(|m| {
                let mut v = meeting_json(&m.meeting);
                v["cases"] = json!(m.cases);
                v
            })
            .collect::<Vec<_>>()
    );
    Ok(Json(v))
}

/// Change a conference (its coordinators).
#[utoipa::path(put, path = "/conferences/{id}", tag = "conferences", params(("id" = Uuid, Path)), request_body = ConferenceBody,
    responses((status = 200, body = Object), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
async fn update_conference(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
    ApiJson(body): ApiJson<ConferenceBody>,
) -> ApiResult<Value> {
    let row = state
        .app
        .update_conference(&actor, ConferenceId(id), &body.form())
        .await?;
    Ok(Json(conference_json(&row)))
}

/// Schedule a regular or emergency meeting (`kind`, `meets_on`, `chair`).
#[utoipa::path(post, path = "/conferences/{id}/meetings", tag = "conferences", params(("id" = Uuid, Path)),
    request_body(content = Object, description = "kind (regular|emergency), meets_on (YYYY-MM-DD), chair"),
    responses((status = 201, body = Object), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody)))]
async fn schedule_meeting(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
    ApiJson(form): ApiJson<ConferenceMeetingForm>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let row = state
        .app
        .schedule_conference_meeting(&actor, ConferenceId(id), &form)
        .await?;
    Ok((StatusCode::CREATED, Json(meeting_json(&row))))
}

/// A meeting's agenda (the listed cases and their number), attendance,
/// observers, minutes and when attending agencies' access ends.
#[utoipa::path(get, path = "/conference-meetings/{id}", tag = "conferences", params(("id" = Uuid, Path)),
    responses((status = 200, body = Object), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
async fn meeting_agenda(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
) -> ApiResult<Value> {
    let agenda = state
        .app
        .conference_meeting_agenda(&actor, ConferenceMeetingId(id))
        .await?;
    let record = state
        .app
        .conference_meeting(&actor, ConferenceMeetingId(id))
        .await?;
    let mut v = meeting_json(&agenda.meeting);
    v["number_of_cases"] = json!(agenda.cases.len());
    v["cases"] = json!(agenda.cases.iter().map(item_json).collect::<Vec<_>>());
    v["attendance"] = json!(
        record
            .attendance
            .iter()
            .map(|a| json!({"agency_id": a.agency_id, "attendance": a.attendance.as_str(), "representative": a.representative}))
            .collect::<Vec<_>>()
    );
    v["observers"] = json!(
        record
            .observers
            .iter()
            .map(|o| json!({"name": o.name, "organisation": o.organisation, "acknowledged_at": o.acknowledged_at}))
            .collect::<Vec<_>>()
    );
    v["minutes"] = json!(record.minutes);
    v["access_until"] = json!(record.access_until);
    Ok(Json(v))
}

/// A case's conference referrals (the owning agency).
#[utoipa::path(get, path = "/cases/{id}/conference-referrals", tag = "conferences", params(("id" = Uuid, Path)),
    responses((status = 200, body = [Object]), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
async fn case_referrals(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
) -> ApiResult<Vec<Value>> {
    let rows = state
        .app
        .case_conference_referrals(&actor, CaseId(id))
        .await?;
    Ok(Json(rows.iter().map(referral_json).collect()))
}

/// Refer the case to a conference (the owning agency). The criteria are
/// worked out as of the day it was referred (`referred_on`) from her latest
/// assessment (high by score, or raised to high by professional judgement),
/// the reason given, the recorded incidents and earlier referrals; 400
/// naming `criteria` when none holds, `referred_on` for a day in the future
/// or more than a year back.
#[utoipa::path(post, path = "/cases/{id}/conference-referrals", tag = "conferences", params(("id" = Uuid, Path)),
    request_body(content = Object, description = "conference_id, judgement_reason, children_in_household, survivor_told (yes|no), referred_on (YYYY-MM-DD, the day a referral made on paper was made: empty for today, never in the future, at most a year back)"),
    responses((status = 201, body = Object), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody)))]
async fn refer_case(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
    ApiJson(form): ApiJson<ConferenceReferralForm>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let row = state
        .app
        .refer_to_conference(&actor, CaseId(id), &form)
        .await?;
    Ok((StatusCode::CREATED, Json(referral_json(&row))))
}

/// Screen a referral: `{"decision":"accept"}` or `{"decision":"reject","reason":…}`;
/// a repeat cannot be rejected (409).
#[utoipa::path(post, path = "/conference-referrals/{id}/screening", tag = "conferences", params(("id" = Uuid, Path)),
    request_body(content = Object, description = "decision (accept|reject), reason"),
    responses((status = 200, body = Object), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
async fn screen_referral(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
    ApiJson(form): ApiJson<ScreeningForm>,
) -> ApiResult<Value> {
    let row = state
        .app
        .screen_conference_referral(&actor, ConferenceReferralId(id), &form)
        .await?;
    Ok(Json(referral_json(&row)))
}

#[derive(Deserialize, ToSchema)]
pub struct ListingBody {
    pub meeting_id: Uuid,
}

/// List an accepted referral at a meeting of its conference.
#[utoipa::path(post, path = "/conference-referrals/{id}/listing", tag = "conferences", params(("id" = Uuid, Path)),
    request_body = ListingBody,
    responses((status = 200, body = Object), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
async fn list_referral(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
    ApiJson(body): ApiJson<ListingBody>,
) -> ApiResult<Value> {
    let row = state
        .app
        .list_conference_referral(
            &actor,
            ConferenceReferralId(id),
            ConferenceMeetingId(body.meeting_id),
        )
        .await?;
    Ok(Json(referral_json(&row)))
}

#[derive(Deserialize, ToSchema)]
pub struct AttendanceBody {
    /// One entry per agency: `agency_id`, `attendance` (present, apologies,
    /// absent) and `representative`.
    #[schema(value_type = Vec<Object>)]
    pub attendance: Vec<AttendanceEntryForm>,
}

/// Record attendance; agencies present get the listed cases' shared summary
/// (lawful basis `risk_conference`) until `access_until`.
#[utoipa::path(put, path = "/conference-meetings/{id}/attendance", tag = "conferences", params(("id" = Uuid, Path)),
    request_body = AttendanceBody,
    responses((status = 200, body = Object), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
async fn meeting_attendance(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
    ApiJson(body): ApiJson<AttendanceBody>,
) -> ApiResult<Value> {
    let row = state
        .app
        .record_conference_attendance(&actor, ConferenceMeetingId(id), &body.attendance)
        .await?;
    Ok(Json(meeting_json(&row)))
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct ObserverBody {
    pub name: String,
    pub organisation: String,
    /// The observer acknowledged the confidentiality of the meeting.
    pub acknowledged: bool,
}

/// Record an observer (only once they acknowledged confidentiality).
#[utoipa::path(post, path = "/conference-meetings/{id}/observers", tag = "conferences", params(("id" = Uuid, Path)),
    request_body = ObserverBody,
    responses((status = 201, body = Object), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody)))]
async fn meeting_observers(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
    ApiJson(body): ApiJson<ObserverBody>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let row = state
        .app
        .record_conference_observer(
            &actor,
            ConferenceMeetingId(id),
            &body.name,
            &body.organisation,
            body.acknowledged,
        )
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({"id": row.id, "acknowledged_at": row.acknowledged_at})),
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct MinutesBody {
    pub minutes: String,
}

/// Close a meeting in progress with its minutes; its cases are discussed.
#[utoipa::path(post, path = "/conference-meetings/{id}/close", tag = "conferences", params(("id" = Uuid, Path)),
    request_body = MinutesBody,
    responses((status = 200, body = Object), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
async fn close_meeting(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
    ApiJson(body): ApiJson<MinutesBody>,
) -> ApiResult<Value> {
    let row = state
        .app
        .close_conference_meeting(&actor, ConferenceMeetingId(id), &body.minutes)
        .await?;
    Ok(Json(meeting_json(&row)))
}

/// Every agency's research on a referral: the text only where the reader
/// may see it (its own; others' once shared, to those who may read the case).
#[utoipa::path(get, path = "/conference-referrals/{id}/research", tag = "conferences", params(("id" = Uuid, Path)),
    responses((status = 200, body = [Object]), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
async fn read_research(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
) -> ApiResult<Vec<Value>> {
    let views = state
        .app
        .conference_research(&actor, ConferenceReferralId(id))
        .await?;
    Ok(Json(
        views
            .iter()
            .map(|v| json!({"agency_id": v.agency_id, "shared": v.shared, "mine": v.mine, "body": v.body}))
            .collect(),
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct ResearchBody {
    pub body: String,
}

/// Write your agency's research on a referral (kept inside your agency).
#[utoipa::path(put, path = "/conference-referrals/{id}/research", tag = "conferences", params(("id" = Uuid, Path)),
    request_body = ResearchBody,
    responses((status = 204), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
async fn save_research(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
    ApiJson(body): ApiJson<ResearchBody>,
) -> Result<StatusCode, ApiError> {
    state
        .app
        .save_conference_research(&actor, ConferenceReferralId(id), &body.body)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Share your agency's research at the meeting (while it is in progress).
#[utoipa::path(post, path = "/conference-referrals/{id}/research/share", tag = "conferences", params(("id" = Uuid, Path)),
    responses((status = 204), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
async fn share_research(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
) -> Result<StatusCode, ApiError> {
    state
        .app
        .share_conference_research(&actor, ConferenceReferralId(id))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
pub struct AdvocateBody {
    /// A user who works with cases in a member (or the coordinating) agency.
    pub advocate_id: String,
}

/// Name the case's independent advocate (coordinators).
#[utoipa::path(put, path = "/conference-referrals/{id}/advocate", tag = "conferences", params(("id" = Uuid, Path)),
    request_body = AdvocateBody,
    responses((status = 200, body = Object), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody)))]
async fn assign_advocate(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
    ApiJson(body): ApiJson<AdvocateBody>,
) -> ApiResult<Value> {
    let row = state
        .app
        .assign_conference_advocate(&actor, ConferenceReferralId(id), &body.advocate_id)
        .await?;
    Ok(Json(referral_json(&row)))
}

#[derive(Deserialize, ToSchema)]
pub struct FirstContactBody {
    /// YYYY-MM-DD, between the referral and today.
    pub on: String,
}

/// Record the advocate's first contact with her (the advocate or a coordinator).
#[utoipa::path(post, path = "/conference-referrals/{id}/first-contact", tag = "conferences", params(("id" = Uuid, Path)),
    request_body = FirstContactBody,
    responses((status = 200, body = Object), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody)))]
async fn first_contact(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
    ApiJson(body): ApiJson<FirstContactBody>,
) -> ApiResult<Value> {
    let row = state
        .app
        .record_first_contact(&actor, ConferenceReferralId(id), &body.on)
        .await?;
    Ok(Json(referral_json(&row)))
}

#[derive(Deserialize, ToSchema)]
pub struct TransferBody {
    /// The conference of the area she moved to.
    pub conference_id: String,
}

/// Transfer the case to another conference; answers the new referral.
#[utoipa::path(post, path = "/conference-referrals/{id}/transfer", tag = "conferences", params(("id" = Uuid, Path)),
    request_body = TransferBody,
    responses((status = 201, body = Object), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
async fn transfer_referral(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
    ApiJson(body): ApiJson<TransferBody>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let row = state
        .app
        .transfer_conference_referral(&actor, ConferenceReferralId(id), &body.conference_id)
        .await?;
    Ok((StatusCode::CREATED, Json(referral_json(&row))))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
struct QuarterParams {
    /// `2026-Q1`.
    quarter: String,
    /// `csv` for the CSV export; JSON otherwise.
    format: Option<String>,
}

/// The quarterly dataset (coordinators): cases discussed, repeat rate,
/// children in households, referrals by sector of the referring agency,
/// share not from police, equality shares. `format=csv` answers CSV.
#[utoipa::path(get, path = "/conferences/{id}/dataset", tag = "conferences", params(("id" = Uuid, Path), QuarterParams),
    responses((status = 200, body = Object), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody)))]
async fn dataset(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
    Query(params): Query<QuarterParams>,
) -> Result<axum::response::Response, ApiError> {
    use axum::response::IntoResponse;
    if params.format.as_deref() == Some("csv") {
        let csv = state
            .app
            .conference_dataset_csv(&actor, ConferenceId(id), &params.quarter)
            .await?;
        return Ok((
            [(axum::http::header::CONTENT_TYPE, "text/csv; charset=utf-8")],
            csv,
        )
            .into_response());
    }
    let (quarter, d) = state
        .app
        .conference_dataset(&actor, ConferenceId(id), &params.quarter)
        .await?;
    Ok(Json(json!({
        "quarter": quarter.to_string(),
        "cases_discussed": d.cases_discussed,
        "repeat_cases": d.repeats.part,
        "repeat_rate_percent": d.repeats.percent(),
        "children_in_households": d.children_in_households,
        "referrals": d.referrals,
        "referrals_by_sector": d.referrals_by_sector,
        "not_from_police_percent": d.not_from_police.percent(),
        "not_female_percent": d.not_female.percent(),
        "with_disability_percent": d.with_disability.percent(),
        "under_18_percent": d.under_18.percent(),
        "displaced_percent": d.displaced.percent(),
    }))
    .into_response())
}
