//! The Statistics area (issue 13): incident statistics by area and period,
//! drill-down from the nation to its regions and districts, a bar chart of
//! the breakdown and a line of the monthly trend — each beside a table of
//! the same figures. The filters are in the URL (codes only, never
//! personal data); the figures are exact or suppressed as the use case
//! decides, and a suppressed figure reads "suppressed".

mod chart;
mod funnel;
mod repeat;

use crate::error::PageError;
use crate::pages::{FormErrors, PageChrome, PageContext};
use crate::session::Person;
use crate::state::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use chart::{Bars, Line, Point};
use concord_app::AppError;
use concord_app::statistics::{IncidentStatisticsView, StatisticsRequest};
use concord_domain::ids::AreaId;
use concord_domain::statistics::indicators::{DefinitionPart, IndicatorCode};
use concord_domain::statistics::{
    Figure, IncidentBreakdown, IncidentCell, Period, PeriodKind, Visibility, scopes_for,
};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/statistics", get(view))
        .route("/statistics/incidents", get(view))
        .route(funnel::PATH, get(funnel::view))
        .route(repeat::PATH, get(repeat::view))
}

/// The filters, as in the URL.
#[derive(serde::Deserialize, serde::Serialize, Default, Clone)]
#[serde(default)]
pub struct StatisticsQuery {
    pub agencies: String,
    pub period: String,
    pub area: String,
    pub breakdown: String,
}

impl StatisticsQuery {
    /// The period asked for, or this year when none is.
    pub fn request(&self, today: chrono::NaiveDate) -> StatisticsRequest {
        let period = if self.period.trim().is_empty() {
            Period::containing(PeriodKind::Year, today).code()
        } else {
            self.period.clone()
        };
        StatisticsRequest {
            scope: self.agencies.clone(),
            period,
            area: self.area.clone(),
            breakdown: self.breakdown.clone(),
        }
    }
}

pub struct Choice {
    pub value: String,
    pub label: String,
}

/// A column of the table: an area.
struct Column {
    name: String,
    /// Drill-down link when the area is not the one shown.
    href: Option<String>,
}

struct Row {
    label: String,
    cells: Vec<String>,
}

struct Tables {
    area_name: String,
    path: Vec<(String, String)>,
    columns: Vec<Column>,
    rows: Vec<Row>,
    breakdown_label: String,
    bars: Bars,
    bars_caption: String,
    trend: Option<(Line, Vec<Row>)>,
    suppression_note: Option<String>,
    exact_note: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "statistics.html")]
struct StatisticsPage {
    page: PageChrome,
    query: StatisticsQuery,
    period: String,
    scopes: Vec<Choice>,
    areas: Vec<Choice>,
    breakdowns: Vec<Choice>,
    definition: Vec<(String, String)>,
    tables: Option<Tables>,
    errors: FormErrors,
    chart_width: u32,
}

async fn view(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Query(q): Query<StatisticsQuery>,
) -> Result<Response, PageError> {
    let request = q.request(state.app.today());
    let page = ctx.chrome(&person, "statistics-title", "nav-statistics");
    let (tables, areas, errors) = match state.app.incident_statistics(&person.actor, &request).await
    {
        Ok(view) => {
            let areas = area_choices(&page, &view);
            (Some(tables(&page, &view)), areas, FormErrors::default())
        }
        Err(AppError::Invalid(invalid)) => (
            None,
            Vec::new(),
            FormErrors::from_invalid(&invalid, &ctx.tr),
        ),
        Err(other) => return Err(other.into()),
    };
    let scopes = scope_choices(&page, &person.actor);
    let breakdowns = IncidentBreakdown::ALL
        .into_iter()
        .map(|b| Choice {
            value: b.as_str().into(),
            label: page.label("statistics-breakdown", b.as_str()),
        })
        .collect();
    let definition = definition(&page, IndicatorCode::GbvIncidents);
    let status = errors.status();
    let page = StatisticsPage {
        page,
        period: request.period.clone(),
        query: q,
        scopes,
        areas,
        breakdowns,
        definition,
        tables,
        errors,
        chart_width: chart::WIDTH,
    };
    Ok((status, page).into_response())
}

fn part_name(part: DefinitionPart) -> &'static str {
    match part {
        DefinitionPart::Numerator => "numerator",
        DefinitionPart::Denominator => "denominator",
        DefinitionPart::PeriodRule => "period",
        DefinitionPart::Excluded => "excluded",
    }
}

/// Every shown area, indented by depth, for the area filter.
/// The "agencies" choices the reader may make (own agency, all agencies).
pub(super) fn scope_choices(
    page: &PageChrome,
    actor: &concord_domain::access::Actor,
) -> Vec<Choice> {
    scopes_for(actor)
        .into_iter()
        .map(|s| Choice {
            value: s.as_str().into(),
            label: page.label("statistics-agencies", s.as_str()),
        })
        .collect()
}

/// An indicator's definition as the page shows it: each part's name and
/// its text.
pub(super) fn definition(page: &PageChrome, code: IndicatorCode) -> Vec<(String, String)> {
    DefinitionPart::ALL
        .into_iter()
        .map(|part| {
            (
                page.label("statistics-definition", part_name(part)),
                page.t(&code.definition_message(part)),
            )
        })
        .collect()
}

fn area_choices(page: &PageChrome, view: &IncidentStatisticsView) -> Vec<Choice> {
    let tree = &view.tree;
    tree.subtree(tree.root())
        .into_iter()
        .filter(|a| tree.is_within(&view.reach, *a))
        .filter_map(|a| tree.get(a))
        .map(|a| Choice {
            value: a.code.clone(),
            label: format!("{} ({})", a.name, page.level(&a.level)),
        })
        .collect()
}

/// The message of a category of a breakdown.
pub fn category_label(page: &PageChrome, breakdown: IncidentBreakdown, category: &str) -> String {
    let prefix = match breakdown {
        IncidentBreakdown::GbvType => "gbv-type",
        IncidentBreakdown::AgeGroup => "age-group",
        IncidentBreakdown::Sex => "sex-gender",
        IncidentBreakdown::PerpetratorRelationship => "relationship",
        IncidentBreakdown::ReportingDelay => "delay",
        IncidentBreakdown::Context => "context",
        IncidentBreakdown::FormOfViolence => "violence-form",
    };
    page.label(prefix, category)
}

fn text(page: &PageChrome, figure: Figure) -> String {
    match figure {
        Figure::Shown(n) => n.to_string(),
        Figure::Suppressed => page.t("statistics-suppressed"),
    }
}

/// The URL of the same view for another area.
fn link(view: &IncidentStatisticsView, area: AreaId) -> String {
    let code = view
        .tree
        .get(area)
        .map(|a| a.code.clone())
        .unwrap_or_default();
    let q = StatisticsQuery {
        agencies: view.scope.as_str().into(),
        period: view.period.code(),
        area: code,
        breakdown: view.breakdown.as_str().into(),
    };
    format!(
        "/statistics/incidents?{}",
        serde_html_form::to_string(&q).unwrap_or_default()
    )
}

fn tables(page: &PageChrome, view: &IncidentStatisticsView) -> Tables {
    let tree = &view.tree;
    let name = |a: AreaId| tree.get(a).map(|n| n.name.clone()).unwrap_or_default();
    let mut shown = vec![view.area];
    shown.extend_from_slice(tree.children(view.area));
    let columns = shown
        .iter()
        .map(|a| Column {
            name: name(*a),
            href: (*a != view.area).then(|| link(view, *a)),
        })
        .collect();
    let row = |label: String, cell: IncidentCell| Row {
        label,
        cells: shown
            .iter()
            .map(|a| text(page, view.figure(*a, cell)))
            .collect(),
    };
    let categories = view.breakdown.categories();
    let mut rows = vec![row(page.t("statistics-total"), IncidentCell::Total)];
    for c in &categories {
        rows.push(row(
            category_label(page, view.breakdown, c),
            IncidentCell::Category(view.breakdown, c),
        ));
    }
    if !tree.children(view.area).is_empty() {
        rows.push(Row {
            label: page.t("statistics-at-this-level"),
            cells: shown
                .iter()
                .map(|a| {
                    view.figures
                        .at_this_level(*a, IncidentCell::Total)
                        .map(|f| text(page, f))
                        .unwrap_or_default()
                })
                .collect(),
        });
    }
    let points: Vec<Point> = categories
        .iter()
        .map(|c| Point {
            label: category_label(page, view.breakdown, c),
            value: view
                .figure(view.area, IncidentCell::Category(view.breakdown, c))
                .shown(),
        })
        .collect();
    let months = view.period.months();
    let trend = (months.len() > 1).then(|| {
        let points: Vec<Point> = months
            .iter()
            .map(|m| Point {
                label: m.code(),
                value: view.figure(view.area, IncidentCell::Month(*m)).shown(),
            })
            .collect();
        let rows = months
            .iter()
            .map(|m| Row {
                label: m.code(),
                cells: vec![text(page, view.figure(view.area, IncidentCell::Month(*m)))],
            })
            .collect();
        (chart::line(&points), rows)
    });
    let (suppression_note, exact_note) = match view.visibility {
        Visibility::Suppressed(policy) => (
            Some(page.tr.t1(
                "statistics-suppressed-note",
                "threshold",
                policy.threshold(),
            )),
            None,
        ),
        Visibility::Exact => (None, Some(page.t("statistics-exact-note"))),
    };
    Tables {
        area_name: name(view.area),
        path: tree
            .path(view.area)
            .into_iter()
            .filter(|a| tree.is_within(&view.reach, *a))
            .map(|a| (link(view, a), name(a)))
            .collect(),
        columns,
        rows,
        breakdown_label: page.label("statistics-breakdown", view.breakdown.as_str()),
        bars: chart::bars(&points, &page.t("statistics-suppressed")),
        bars_caption: page.tr.targs(
            "statistics-chart-caption",
            &[
                (
                    "breakdown",
                    page.label("statistics-breakdown", view.breakdown.as_str()),
                ),
                ("area", name(view.area)),
                ("period", view.period.code()),
            ],
        ),
        trend,
        suppression_note,
        exact_note,
    }
}
