//! `GET /api/v1/statistics/repeat-victimisation`: the repeat victimisation
//! page's figures for machine clients. Counts only; exact for the caller's
//! own agency (`agencies=own`), suppressed wherever agencies are combined
//! — a suppressed count is `null` with `suppressed: true`, and the rate is
//! given only when both its counts are published.

use super::statistics::StatisticsFigure;
use super::{ApiActor, ApiResult};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Query, State};
use concord_app::statistics::StatisticsRequest;
use concord_app::statistics_repeat::RepeatView;
use concord_domain::ids::AreaId;
use concord_domain::statistics::{Figure, RepeatCell, Visibility};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(repeat_victimisation))
}

/// The filters (codes only; every one optional).
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RepeatParams {
    /// `all` (every agency combined, suppressed; the default) or `own`
    /// (the caller's agency, exact: supervisors and agency administrators).
    pub agencies: Option<String>,
    /// `2026-11` (month), `2026-Q4` (quarter) or `2026` (year), local
    /// calendar time. Required.
    pub period: Option<String>,
    /// An area's code; the top of the tree when absent.
    pub area: Option<String>,
}

/// An area's repeat victimisation: everything in it and the areas below.
#[derive(Debug, Serialize, ToSchema)]
pub struct AreaRepeat {
    pub code: String,
    pub name: String,
    pub level: String,
    /// The code of the area above, `null` at the top.
    pub parent: Option<String>,
    /// Survivors with a counted incident in the period.
    pub survivors: StatisticsFigure,
    /// Of them, those whose incident came within 12 months after an
    /// earlier one.
    pub repeat: StatisticsFigure,
    pub not_repeat: StatisticsFigure,
    /// Counted at the area itself rather than an area below it (`null` for
    /// an area with no area below it).
    pub survivors_at_this_level: Option<StatisticsFigure>,
    /// `repeat / survivors`, 0 to 1; `null` unless both are published and
    /// there are survivors.
    pub rate: Option<f64>,
}

/// Repeat victimisation of one period: the area asked for and every area
/// below it.
#[derive(Debug, Serialize, ToSchema)]
pub struct RepeatVictimisation {
    /// `repeat_victimisation`.
    pub indicator: String,
    pub agencies: String,
    pub period: String,
    /// The threshold under which counts are suppressed; `null` when the
    /// figures are exact (the caller's own agency).
    pub small_cell_threshold: Option<u32>,
    /// The area asked for first, then the areas below it, parents first.
    pub areas: Vec<AreaRepeat>,
}

/// Repeat victimisation (analysts, secretariats, coordinators: combined
/// and suppressed; supervisors and agency administrators also their own
/// agency, exact). Audited.
#[utoipa::path(get, path = "/statistics/repeat-victimisation", tag = "statistics", params(RepeatParams),
    responses((status = 200, body = RepeatVictimisation),
        (status = 400, body = crate::error::ApiErrorBody),
        (status = 403, body = crate::error::ApiErrorBody)))]
async fn repeat_victimisation(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Query(params): Query<RepeatParams>,
) -> ApiResult<RepeatVictimisation> {
    let request = StatisticsRequest {
        scope: params.agencies.unwrap_or_default(),
        period: params.period.unwrap_or_default(),
        area: params.area.unwrap_or_default(),
        breakdown: String::new(),
    };
    let view = state.app.repeat_victimisation(&actor, &request).await?;
    Ok(Json(wire(&view)))
}

fn wire(view: &RepeatView) -> RepeatVictimisation {
    let r = &view.request;
    let tree = &r.tree;
    let figure = |a, c| view.figures.get(a, c).unwrap_or(Figure::Suppressed);
    let area = |id: AreaId| {
        let node = tree.get(id).expect("a shown area");
        let survivors = figure(id, RepeatCell::Survivors);
        let repeat = figure(id, RepeatCell::Repeat);
        AreaRepeat {
            code: node.code.clone(),
            name: node.name.clone(),
            level: node.level.as_str().into(),
            parent: node
                .parent
                .and_then(|p| tree.get(p))
                .map(|p| p.code.clone()),
            survivors: survivors.into(),
            repeat: repeat.into(),
            not_repeat: figure(id, RepeatCell::NotRepeat).into(),
            survivors_at_this_level: view
                .figures
                .at_this_level(id, RepeatCell::Survivors)
                .map(Into::into),
            rate: match (repeat.shown(), survivors.shown()) {
                (Some(r), Some(s)) if s > 0 => Some(f64::from(r) / f64::from(s)),
                _ => None,
            },
        }
    };
    RepeatVictimisation {
        indicator: "repeat_victimisation".into(),
        agencies: r.scope.as_str().into(),
        period: r.period.code(),
        small_cell_threshold: match r.visibility {
            Visibility::Suppressed(policy) => Some(policy.threshold()),
            Visibility::Exact => None,
        },
        areas: tree.subtree(r.area).into_iter().map(area).collect(),
    }
}
