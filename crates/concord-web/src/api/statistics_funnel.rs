//! `GET /api/v1/statistics/referral-funnel`: the referral funnel page's
//! figures for machine clients. Counts and median times only; exact for
//! the caller's own agency (`agencies=own`: the referrals it sent),
//! suppressed wherever agencies are combined — a suppressed count is
//! `null` with `suppressed: true`, and a median is given only beside a
//! published count that is not zero.

use super::statistics::StatisticsFigure;
use super::{ApiActor, ApiResult};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Query, State};
use concord_app::statistics::StatisticsRequest;
use concord_app::statistics_funnel::FunnelView;
use concord_domain::ids::AreaId;
use concord_domain::referral::{ReferralState, Urgency};
use concord_domain::statistics::funnel::STEPS;
use concord_domain::statistics::{FunnelCell, Visibility};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(referral_funnel))
}

/// The filters (codes only; every one optional).
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FunnelParams {
    /// `all` (every agency combined, suppressed; the default) or `own`
    /// (the referrals the caller's agency sent, exact: supervisors and
    /// agency administrators).
    pub agencies: Option<String>,
    /// `2026-11` (month), `2026-Q4` (quarter) or `2026` (year), local
    /// calendar time. Required.
    pub period: Option<String>,
    /// An area's code; the top of the tree when absent.
    pub area: Option<String>,
}

/// A step of the funnel: how many referrals reached it.
#[derive(Debug, Serialize, ToSchema)]
pub struct StepFigure {
    /// `sent`, `acknowledged`, `accepted`, `declined`, `first_contact`,
    /// `service_delivered`, `closed`, `withdrawn` or `expired`.
    pub step: String,
    #[serde(flatten)]
    pub figure: StatisticsFigure,
    /// Median seconds from sending to the step; `null` when the count is
    /// suppressed or zero (and for `sent`).
    pub median_seconds: Option<i64>,
}

/// The funnel of the referrals sent to agencies of one sector.
#[derive(Debug, Serialize, ToSchema)]
pub struct SectorSteps {
    /// The receiving agency's sector (`health`, `police`…).
    pub sector: String,
    pub steps: Vec<StepFigure>,
}

/// Answered by the response target, for one urgency.
#[derive(Debug, Serialize, ToSchema)]
pub struct UrgencyFigures {
    /// `emergency`, `urgent` or `routine`.
    pub urgency: String,
    /// Sent with a response target.
    pub with_target: StatisticsFigure,
    /// Of those, answered (acknowledged, accepted or declined) by it.
    pub answered_in_time: StatisticsFigure,
}

/// An area's funnel: everything in it and the areas below it.
#[derive(Debug, Serialize, ToSchema)]
pub struct AreaFunnel {
    pub code: String,
    pub name: String,
    pub level: String,
    /// The code of the area above, `null` at the top.
    pub parent: Option<String>,
    pub steps: Vec<StepFigure>,
    /// Sent, counted at the area itself rather than an area below it
    /// (`null` for an area with no area below it).
    pub sent_at_this_level: Option<StatisticsFigure>,
    pub by_sector: Vec<SectorSteps>,
    pub by_urgency: Vec<UrgencyFigures>,
    /// Sent without a response target.
    pub without_target: StatisticsFigure,
}

/// The referral funnel of one period: the area asked for and every area
/// below it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReferralFunnel {
    /// `referral_funnel`.
    pub indicator: String,
    pub agencies: String,
    pub period: String,
    /// The threshold under which counts are suppressed; `null` when the
    /// figures are exact (the caller's own agency).
    pub small_cell_threshold: Option<u32>,
    /// The area asked for first, then the areas below it, parents first.
    pub areas: Vec<AreaFunnel>,
}

/// The referral funnel (analysts, secretariats, coordinators: combined and
/// suppressed; supervisors and agency administrators also their own
/// agency's referrals, exact). Audited.
#[utoipa::path(get, path = "/statistics/referral-funnel", tag = "statistics", params(FunnelParams),
    responses((status = 200, body = ReferralFunnel),
        (status = 400, body = crate::error::ApiErrorBody),
        (status = 403, body = crate::error::ApiErrorBody)))]
async fn referral_funnel(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Query(params): Query<FunnelParams>,
) -> ApiResult<ReferralFunnel> {
    let request = StatisticsRequest {
        scope: params.agencies.unwrap_or_default(),
        period: params.period.unwrap_or_default(),
        area: params.area.unwrap_or_default(),
        breakdown: String::new(),
    };
    let view = state.app.referral_funnel(&actor, &request).await?;
    Ok(Json(wire(&view)))
}

fn steps(
    view: &FunnelView,
    area: AreaId,
    cell: impl Fn(ReferralState) -> FunnelCell,
) -> Vec<StepFigure> {
    STEPS
        .iter()
        .map(|s| {
            let c = cell(*s);
            StepFigure {
                step: s.as_str().into(),
                figure: view.funnel.figure(area, c).into(),
                median_seconds: view.funnel.median(area, c).map(|d| d.num_seconds()),
            }
        })
        .collect()
}

fn wire(view: &FunnelView) -> ReferralFunnel {
    let r = &view.request;
    let tree = &r.tree;
    let f = &view.funnel;
    let area = |id: AreaId| {
        let node = tree.get(id).expect("a shown area");
        AreaFunnel {
            code: node.code.clone(),
            name: node.name.clone(),
            level: node.level.as_str().into(),
            parent: node
                .parent
                .and_then(|p| tree.get(p))
                .map(|p| p.code.clone()),
            steps: steps(view, id, FunnelCell::Step),
            sent_at_this_level: f
                .figures
                .at_this_level(id, FunnelCell::Step(ReferralState::Sent))
                .map(Into::into),
            by_sector: f
                .sectors
                .iter()
                .map(|sector| SectorSteps {
                    sector: sector.as_str().into(),
                    steps: steps(view, id, |s| FunnelCell::StepBySector(s, *sector)),
                })
                .collect(),
            by_urgency: Urgency::ALL
                .iter()
                .map(|u| UrgencyFigures {
                    urgency: u.as_str().into(),
                    with_target: f.figure(id, FunnelCell::WithTarget(*u)).into(),
                    answered_in_time: f.figure(id, FunnelCell::AnsweredInTime(*u)).into(),
                })
                .collect(),
            without_target: f.figure(id, FunnelCell::WithoutTarget).into(),
        }
    };
    ReferralFunnel {
        indicator: "referral_funnel".into(),
        agencies: r.scope.as_str().into(),
        period: r.period.code(),
        small_cell_threshold: match r.visibility {
            Visibility::Suppressed(policy) => Some(policy.threshold()),
            Visibility::Exact => None,
        },
        areas: tree.subtree(r.area).into_iter().map(area).collect(),
    }
}
