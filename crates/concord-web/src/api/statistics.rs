//! `/api/v1/statistics`: the same figures as the Statistics pages, for
//! machine clients (an HMIS, a dashboard). Counts only; exact for the
//! caller's own agency (`agencies=own`), suppressed wherever agencies are
//! combined, a suppressed figure being `null` with `suppressed: true`.

use super::{ApiActor, ApiResult};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Query, State};
use concord_app::statistics::{IncidentStatisticsView, StatisticsRequest};
use concord_domain::ids::AreaId;
use concord_domain::statistics::{Figure, IncidentCell, Visibility};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(incident_statistics))
}

/// The filters (codes only; every one optional).
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StatisticsParams {
    /// `all` (every agency combined, suppressed; the default) or `own`
    /// (the caller's agency, exact: supervisors and agency administrators).
    pub agencies: Option<String>,
    /// `2026-11` (month), `2026-Q4` (quarter) or `2026` (year), local
    /// calendar time. Required.
    pub period: Option<String>,
    /// An area's code; the top of the tree when absent.
    pub area: Option<String>,
    /// `gbv_type` (default), `age_group`, `sex`, `perpetrator_relationship`,
    /// `reporting_delay` or `context`.
    pub breakdown: Option<String>,
}

/// One published figure.
#[derive(Debug, Serialize, ToSchema)]
pub struct StatisticsFigure {
    /// `null` when suppressed.
    pub value: Option<u32>,
    pub suppressed: bool,
}

impl From<Figure> for StatisticsFigure {
    fn from(f: Figure) -> Self {
        StatisticsFigure {
            value: f.shown(),
            suppressed: f.shown().is_none(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CategoryFigure {
    /// The category's stable label (`rape`, `12_17`, `unknown`…).
    pub category: String,
    #[serde(flatten)]
    pub figure: StatisticsFigure,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MonthFigure {
    /// `2026-03`.
    pub month: String,
    #[serde(flatten)]
    pub figure: StatisticsFigure,
}

/// An area's figures: everything in it and the areas below it.
#[derive(Debug, Serialize, ToSchema)]
pub struct AreaFigures {
    pub code: String,
    pub name: String,
    pub level: String,
    /// The code of the area above, `null` at the top.
    pub parent: Option<String>,
    pub total: StatisticsFigure,
    /// Recorded at the area itself, in no area below it (`null` for an
    /// area with no area below it).
    pub at_this_level: Option<StatisticsFigure>,
    pub categories: Vec<CategoryFigure>,
    /// Only for a quarter or a year: the months of the period.
    pub months: Vec<MonthFigure>,
}

/// Incident statistics (GBVIMS) of one period: the area asked for and
/// every area below it, in one breakdown.
#[derive(Debug, Serialize, ToSchema)]
pub struct IncidentStatistics {
    /// `gbv_incidents`.
    pub indicator: String,
    pub agencies: String,
    pub period: String,
    pub breakdown: String,
    /// The threshold under which counts are suppressed; `null` when the
    /// figures are exact (the caller's own agency).
    pub small_cell_threshold: Option<u32>,
    /// The area asked for first, then the areas below it, parents first.
    pub areas: Vec<AreaFigures>,
}

/// Incident statistics (analysts, secretariats, coordinators: combined and
/// suppressed; supervisors and agency administrators also their own agency,
/// exact). Audited.
#[utoipa::path(get, path = "/statistics/incidents", tag = "statistics", params(StatisticsParams),
    responses((status = 200, body = IncidentStatistics),
        (status = 400, body = crate::error::ApiErrorBody),
        (status = 403, body = crate::error::ApiErrorBody)))]
async fn incident_statistics(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
    Query(params): Query<StatisticsParams>,
) -> ApiResult<IncidentStatistics> {
    let request = StatisticsRequest {
        scope: params.agencies.unwrap_or_default(),
        period: params.period.unwrap_or_default(),
        area: params.area.unwrap_or_default(),
        breakdown: params.breakdown.unwrap_or_default(),
    };
    let view = state.app.incident_statistics(&actor, &request).await?;
    Ok(Json(wire(&view)))
}

fn wire(view: &IncidentStatisticsView) -> IncidentStatistics {
    let tree = &view.tree;
    let area = |id: AreaId| {
        let node = tree.get(id).expect("a shown area");
        AreaFigures {
            code: node.code.clone(),
            name: node.name.clone(),
            level: node.level.as_str().into(),
            parent: node
                .parent
                .and_then(|p| tree.get(p))
                .map(|p| p.code.clone()),
            total: view.figure(id, IncidentCell::Total).into(),
            at_this_level: view
                .figures
                .at_this_level(id, IncidentCell::Total)
                .map(Into::into),
            categories: view
                .breakdown
                .categories()
                .into_iter()
                .map(|c| CategoryFigure {
                    category: c.into(),
                    figure: view
                        .figure(id, IncidentCell::Category(view.breakdown, c))
                        .into(),
                })
                .collect(),
            months: if view.period.months().len() > 1 {
                view.period
                    .months()
                    .into_iter()
                    .map(|m| MonthFigure {
                        month: m.code(),
                        figure: view.figure(id, IncidentCell::Month(m)).into(),
                    })
                    .collect()
            } else {
                Vec::new()
            },
        }
    };
    IncidentStatistics {
        indicator: "gbv_incidents".into(),
        agencies: view.scope.as_str().into(),
        period: view.period.code(),
        breakdown: view.breakdown.as_str().into(),
        small_cell_threshold: match view.visibility {
            Visibility::Suppressed(policy) => Some(policy.threshold()),
            Visibility::Exact => None,
        },
        areas: tree.subtree(view.area).into_iter().map(area).collect(),
    }
}
