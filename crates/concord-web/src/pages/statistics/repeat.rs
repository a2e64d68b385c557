//! The repeat victimisation page (`/statistics/repeat-victimisation`): of
//! the survivors with a counted incident in the period, how many had it
//! within 12 months after an earlier one — the area asked for beside the
//! areas below it, with a bar chart of each area's rate beside the same
//! figures in a table. Filters in the URL (codes only); a suppressed
//! figure reads "suppressed" and a rate is shown only when both its counts
//! are.

use super::chart::{self, Bars, Point};
use super::{Choice, StatisticsQuery, text};
use crate::error::PageError;
use crate::pages::{FormErrors, PageChrome, PageContext};
use crate::session::Person;
use crate::state::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use concord_app::AppError;
use concord_app::statistics_repeat::RepeatView;
use concord_domain::ids::AreaId;
use concord_domain::statistics::indicators::IndicatorCode;
use concord_domain::statistics::{RepeatCell, Visibility};

pub const PATH: &str = "/statistics/repeat-victimisation";

struct Column {
    name: String,
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
    bars: Bars,
    bars_caption: String,
    suppression_note: Option<String>,
    exact_note: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "statistics_repeat.html")]
struct RepeatPage {
    page: PageChrome,
    query: StatisticsQuery,
    period: String,
    scopes: Vec<Choice>,
    areas: Vec<Choice>,
    definition: Vec<(String, String)>,
    tables: Option<Tables>,
    errors: FormErrors,
    chart_width: u32,
}

pub async fn view(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Query(q): Query<StatisticsQuery>,
) -> Result<Response, PageError> {
    let request = q.request(state.app.today());
    let page = ctx.chrome(&person, "statistics-repeat-title", "nav-statistics");
    let (tables, areas, errors) = match state
        .app
        .repeat_victimisation(&person.actor, &request)
        .await
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
    let scopes = super::scope_choices(&page, &person.actor);
    let definition = super::definition(&page, IndicatorCode::RepeatVictimisation);
    let status = errors.status();
    let page = RepeatPage {
        page,
        period: request.period.clone(),
        query: q,
        scopes,
        areas,
        definition,
        tables,
        errors,
        chart_width: chart::WIDTH,
    };
    Ok((status, page).into_response())
}

fn area_choices(page: &PageChrome, view: &RepeatView) -> Vec<Choice> {
    let tree = &view.request.tree;
    tree.subtree(tree.root())
        .into_iter()
        .filter_map(|a| tree.get(a))
        .map(|a| Choice {
            value: a.code.clone(),
            label: format!("{} ({})", a.name, page.level(&a.level)),
        })
        .collect()
}

fn link(view: &RepeatView, area: AreaId) -> String {
    let r = &view.request;
    let code = r.tree.get(area).map(|a| a.code.clone()).unwrap_or_default();
    let q = StatisticsQuery {
        agencies: r.scope.as_str().into(),
        period: r.period.code(),
        area: code,
        breakdown: String::new(),
    };
    format!(
        "{PATH}?{}",
        serde_html_form::to_string(&q).unwrap_or_default()
    )
}

/// The repeat rate in whole percent, when both counts are shown and
/// there is someone to count.
pub fn rate(view: &RepeatView, area: AreaId) -> Option<u32> {
    let get = |c| view.figures.get(area, c).and_then(|f| f.shown());
    match (get(RepeatCell::Repeat), get(RepeatCell::Survivors)) {
        (Some(r), Some(s)) if s > 0 => Some(r * 100 / s),
        _ => None,
    }
}

fn tables(page: &PageChrome, view: &RepeatView) -> Tables {
    let r = &view.request;
    let tree = &r.tree;
    let name = |a: AreaId| tree.get(a).map(|n| n.name.clone()).unwrap_or_default();
    let mut shown = vec![r.area];
    shown.extend_from_slice(tree.children(r.area));
    let figure = |a: AreaId, c| {
        text(
            page,
            view.figures
                .get(a, c)
                .unwrap_or(concord_domain::statistics::Figure::Suppressed),
        )
    };
    let row = |key: &str, cell: RepeatCell| Row {
        label: page.t(key),
        cells: shown.iter().map(|a| figure(*a, cell)).collect(),
    };
    let rows = vec![
        row("statistics-repeat-survivors", RepeatCell::Survivors),
        row("statistics-repeat-repeat", RepeatCell::Repeat),
        row("statistics-repeat-not-repeat", RepeatCell::NotRepeat),
        Row {
            label: page.t("statistics-repeat-rate"),
            cells: shown
                .iter()
                .map(|a| match rate(view, *a) {
                    Some(p) => page.tr.t1("statistics-funnel-percent", "percent", p),
                    None => page.t("statistics-funnel-no-share"),
                })
                .collect(),
        },
    ];
    let points: Vec<Point> = shown
        .iter()
        .map(|a| Point {
            label: name(*a),
            value: rate(view, *a),
        })
        .collect();
    let columns = shown
        .iter()
        .map(|a| Column {
            name: name(*a),
            href: (*a != r.area).then(|| link(view, *a)),
        })
        .collect();
    let (suppression_note, exact_note) = match r.visibility {
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
        area_name: name(r.area),
        path: tree
            .path(r.area)
            .into_iter()
            .map(|a| (link(view, a), name(a)))
            .collect(),
        columns,
        rows,
        bars: chart::bars(&points, &page.t("statistics-funnel-no-share")),
        bars_caption: page.tr.targs(
            "statistics-repeat-chart-caption",
            &[("area", name(r.area)), ("period", r.period.code())],
        ),
        suppression_note,
        exact_note,
    }
}
