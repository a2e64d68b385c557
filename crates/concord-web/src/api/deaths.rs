//! `/api/v1` for her death and the gender-related killing record (issue 16,
//! part 4). The same use cases, access decision and audit as the pages:
//! only a supervisor of the owning agency records her death (403
//! otherwise); the record is read by the owning agency or on a lawful
//! basis, each reading audited.

use crate::api::{ApiActor, ApiJson, ApiResult};
use crate::error::{ApiError, ApiErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use chrono::{DateTime, NaiveDate, Utc};
use concord_app::deaths::KillingRecordView;
use concord_domain::consent::Purpose;
use concord_domain::death::DeathForm;
use concord_domain::ids::CaseId;
use concord_domain::killing::KillingRecordForm;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(record_death))
        .routes(routes!(read_killing_record, change_killing_record))
}

/// `?purpose=`: for a reader on a lawful basis that names purposes.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
struct PurposeParams {
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

/// What the gender-related killing record says (UNODC–UN Women statistical
/// framework, 2022).
#[derive(Deserialize, Serialize, ToSchema, Default)]
#[serde(default)]
pub struct KillingRecordBody {
    /// `intimate_partner` (current or former), `family_member`,
    /// `other_known_to_her`, `unknown_to_her`, `not_known`.
    pub relationship: String,
    /// The framework's characteristics of gender-related motivation:
    /// `previous_violence_by_perpetrator`, `illegal_exploitation`,
    /// `abducted_or_deprived_of_liberty`, `working_in_sex_industry`,
    /// `sexual_violence`, `mutilation`, `body_disposed_in_public_space`,
    /// `gender_based_hate_crime`.
    pub characteristics: Vec<String>,
    /// As for incidents: `female`, `male`, `female_and_male`, `unknown`.
    pub perpetrator_sex: String,
    /// As for incidents: `0_11` … `61_plus`, `unknown`.
    pub perpetrator_age_group: String,
}

impl KillingRecordBody {
    fn form(self) -> KillingRecordForm {
        KillingRecordForm {
            relationship: self.relationship,
            characteristics: self.characteristics,
            perpetrator_sex: self.perpetrator_sex,
            perpetrator_age_group: self.perpetrator_age_group,
        }
    }
}

/// Her death.
#[derive(Deserialize, ToSchema)]
pub struct DeathBody {
    /// The local date she died, `YYYY-MM-DD`; not after today.
    pub died_on: String,
    /// `yes` or `no`: was her death a killing?
    pub killing: String,
    /// For a killing, what is known already; left out, the record opens
    /// with nothing known (`not_known`, `unknown`).
    #[serde(default)]
    pub killing_record: Option<KillingRecordBody>,
}

/// Her death as recorded.
#[derive(Serialize, ToSchema)]
pub struct DeathRecorded {
    pub case_id: Uuid,
    /// Always `closed`.
    pub status: String,
    /// Always `she_died`.
    pub closure_reason: String,
    /// The case's step when her death closed it.
    pub closed_from: String,
    pub killing: bool,
    pub recorded_at: DateTime<Utc>,
}

/// Record her death: closes the case with the reason `she_died`. Only a
/// supervisor of the owning agency (403 `death_needs_owning_supervisor`
/// otherwise); 409 when the case is closed already (reopen it first) or her
/// death is recorded.
#[utoipa::path(post, path = "/cases/{id}/death", tag = "cases", params(("id" = Uuid, Path)),
    request_body = DeathBody,
    responses((status = 201, body = DeathRecorded), (status = 400, body = ApiErrorBody),
        (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
async fn record_death(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
    ApiJson(body): ApiJson<DeathBody>,
) -> Result<(StatusCode, Json<DeathRecorded>), ApiError> {
    let form = DeathForm {
        died_on: body.died_on,
        killing: Some(body.killing),
    };
    let killing = body.killing_record.map(KillingRecordBody::form);
    let row = state
        .app
        .record_death(&actor, CaseId(id), &form, killing.as_ref())
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(DeathRecorded {
            case_id: row.case_id.0,
            status: "closed".into(),
            closure_reason: "she_died".into(),
            closed_from: row.closed_from.as_str().into(),
            killing: row.killing,
            recorded_at: row.recorded_at,
        }),
    ))
}

/// A contact she had with services (derived from the case's records).
#[derive(Serialize, ToSchema)]
pub struct PriorContact {
    pub on: NaiveDate,
    /// `incident`, `risk_assessment`, `referral`, `conference_listing`,
    /// `justice_step`.
    pub kind: String,
    pub agency_name: String,
}

/// A justice step after her death.
#[derive(Serialize, ToSchema)]
pub struct ResponseStep {
    pub on: NaiveDate,
    pub kind: String,
    pub agency_name: String,
}

/// The gender-related killing record with its derived parts.
#[derive(Serialize, ToSchema)]
pub struct KillingRecord {
    pub case_id: Uuid,
    pub survivor_reference: String,
    /// `owning_agency` or `lawful_basis`.
    pub basis: String,
    pub died_on: NaiveDate,
    /// The framework's typology: `by_intimate_partner`, `by_family_member`,
    /// `by_other_perpetrator_gender_related`, `not_shown_gender_related`.
    pub killing_type: String,
    pub gender_related: bool,
    pub record: KillingRecordBody,
    /// Send back to `PUT` to change the record.
    pub updated_at: DateTime<Utc>,
    /// Her age group on the day she died; `null` when not known.
    pub victim_age_group: Option<String>,
    pub victim_sex: String,
    /// Up to the day she died, oldest first.
    pub prior_contacts: Vec<PriorContact>,
    /// Justice steps after the day she died (empty without `justice`).
    pub justice_response: Vec<ResponseStep>,
    pub may_change: bool,
}

impl From<KillingRecordView> for KillingRecord {
    fn from(v: KillingRecordView) -> Self {
        Self {
            case_id: v.case.id.0,
            survivor_reference: v.survivor_reference,
            basis: v.basis.as_str().into(),
            died_on: v.died_on,
            killing_type: v.killing_type.as_str().into(),
            gender_related: v.killing_type.is_gender_related(),
            record: KillingRecordBody {
                relationship: v.record.relationship.as_str().into(),
                characteristics: v
                    .record
                    .characteristics
                    .iter()
                    .map(|c| c.as_str().into())
                    .collect(),
                perpetrator_sex: v.record.perpetrator_sex.as_str().into(),
                perpetrator_age_group: v.record.perpetrator_age_group.as_str().into(),
            },
            updated_at: v.record.updated_at,
            victim_age_group: v.victim_age_group.map(|g| g.as_str().into()),
            victim_sex: v.victim_sex.as_str().into(),
            prior_contacts: v
                .prior_contacts
                .into_iter()
                .map(|c| PriorContact {
                    on: c.on,
                    kind: c.kind.as_str().into(),
                    agency_name: c.agency_name,
                })
                .collect(),
            justice_response: v
                .justice_response
                .into_iter()
                .map(|s| ResponseStep {
                    on: s.on,
                    kind: s.kind.as_str().into(),
                    agency_name: s.agency_name,
                })
                .collect(),
            may_change: v.may_change,
        }
    }
}

/// The case's gender-related killing record (audited reading).
#[utoipa::path(get, path = "/cases/{id}/killing-record", tag = "cases", params(("id" = Uuid, Path), PurposeParams),
    responses((status = 200, body = KillingRecord), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
async fn read_killing_record(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
    Query(params): Query<PurposeParams>,
) -> ApiResult<KillingRecord> {
    let purpose = purpose(params.purpose.as_deref())?;
    let view = state
        .app
        .read_killing_record(&actor, CaseId(id), purpose)
        .await?;
    Ok(Json(KillingRecord::from(view)))
}

/// A change to the record.
#[derive(Deserialize, ToSchema)]
pub struct KillingRecordChange {
    #[serde(flatten)]
    pub record: KillingRecordBody,
    /// `updated_at` as last read (409 if changed since).
    pub seen_updated_at: DateTime<Utc>,
}

/// Change what the record says (a supervisor of the owning agency).
#[utoipa::path(put, path = "/cases/{id}/killing-record", tag = "cases", params(("id" = Uuid, Path)),
    request_body = KillingRecordChange,
    responses((status = 200, body = KillingRecord), (status = 400, body = ApiErrorBody),
        (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
async fn change_killing_record(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Path(id): Path<Uuid>,
    ApiJson(body): ApiJson<KillingRecordChange>,
) -> ApiResult<KillingRecord> {
    state
        .app
        .change_killing_record(
            &actor,
            CaseId(id),
            &body.record.form(),
            body.seen_updated_at,
        )
        .await?;
    let view = state
        .app
        .read_killing_record(&actor, CaseId(id), None)
        .await?;
    Ok(Json(KillingRecord::from(view)))
}
