//! The referral funnel page (`/statistics/referral-funnel`): how far the
//! referrals sent in a period got, and how fast — for the area asked for
//! beside the areas below it, by receiving sector, and answered by the
//! target per urgency. A bar chart of the steps beside the same figures in
//! a table; filters in the URL (codes only); suppressed figures read
//! "suppressed", and a median or share is shown only beside published
//! counts.

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
use chrono::Duration;
use concord_app::AppError;
use concord_app::statistics_funnel::FunnelView;
use concord_domain::ids::AreaId;
use concord_domain::referral::{ReferralState, Urgency};
use concord_domain::statistics::funnel::STEPS;
use concord_domain::statistics::indicators::IndicatorCode;
use concord_domain::statistics::{FunnelCell, Visibility};

pub const PATH: &str = "/statistics/referral-funnel";

/// A column of the table: an area.
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
    /// Steps × the area and the areas below it.
    steps: Vec<Row>,
    bars: Bars,
    bars_caption: String,
    /// Steps of the area: count and median time.
    times: Vec<Row>,
    /// Sectors × steps of the area.
    sector_steps: Vec<String>,
    sectors: Vec<Row>,
    /// Urgency: with a target, answered in time, share.
    urgencies: Vec<Row>,
    suppression_note: Option<String>,
    exact_note: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "statistics_funnel.html")]
struct FunnelPage {
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
    let page = ctx.chrome(&person, "statistics-funnel-title", "nav-statistics");
    let (tables, areas, errors) = match state.app.referral_funnel(&person.actor, &request).await {
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
    let definition = super::definition(&page, IndicatorCode::ReferralFunnel);
    let status = errors.status();
    let page = FunnelPage {
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

fn area_choices(page: &PageChrome, view: &FunnelView) -> Vec<Choice> {
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

/// The URL of the same view for another area.
fn link(view: &FunnelView, area: AreaId) -> String {
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

fn step_label(page: &PageChrome, step: ReferralState) -> String {
    page.label("referral-state", step.as_str())
}

/// A median time as a person reads it: minutes under an hour, hours under
/// two days, days after that.
fn duration_text(page: &PageChrome, d: Duration) -> String {
    let minutes = d.num_minutes();
    if minutes < 60 {
        page.tr
            .t1("statistics-funnel-minutes", "minutes", minutes.max(0))
    } else if minutes < 48 * 60 {
        page.tr.t1("statistics-funnel-hours", "hours", minutes / 60)
    } else {
        page.tr
            .t1("statistics-funnel-days", "days", minutes / (24 * 60))
    }
}

/// A count with its median time beside it, when there is one.
fn with_median(page: &PageChrome, view: &FunnelView, area: AreaId, cell: FunnelCell) -> String {
    let count = text(page, view.funnel.figure(area, cell));
    match view.funnel.median(area, cell) {
        Some(m) => page.tr.targs(
            "statistics-funnel-count-and-median",
            &[("count", count), ("median", duration_text(page, m))],
        ),
        None => count,
    }
}

fn tables(page: &PageChrome, view: &FunnelView) -> Tables {
    let r = &view.request;
    let tree = &r.tree;
    let f = &view.funnel;
    let name = |a: AreaId| tree.get(a).map(|n| n.name.clone()).unwrap_or_default();
    let mut shown = vec![r.area];
    shown.extend_from_slice(tree.children(r.area));
    let columns = shown
        .iter()
        .map(|a| Column {
            name: name(*a),
            href: (*a != r.area).then(|| link(view, *a)),
        })
        .collect();
    let mut steps: Vec<Row> = STEPS
        .iter()
        .map(|s| Row {
            label: step_label(page, *s),
            cells: shown
                .iter()
                .map(|a| text(page, f.figure(*a, FunnelCell::Step(*s))))
                .collect(),
        })
        .collect();
    if !tree.children(r.area).is_empty() {
        steps.push(Row {
            label: page.t("statistics-funnel-sent-at-this-level"),
            cells: shown
                .iter()
                .map(|a| {
                    f.figures
                        .at_this_level(*a, FunnelCell::Step(ReferralState::Sent))
                        .map(|x| text(page, x))
                        .unwrap_or_default()
                })
                .collect(),
        });
    }
    let points: Vec<Point> = STEPS
        .iter()
        .map(|s| Point {
            label: step_label(page, *s),
            value: f.figure(r.area, FunnelCell::Step(*s)).shown(),
        })
        .collect();
    let times = STEPS
        .iter()
        .map(|s| {
            let cell = FunnelCell::Step(*s);
            Row {
                label: step_label(page, *s),
                cells: vec![
                    text(page, f.figure(r.area, cell)),
                    f.median(r.area, cell)
                        .map(|m| duration_text(page, m))
                        .unwrap_or_else(|| page.t("statistics-funnel-no-median")),
                ],
            }
        })
        .collect();
    let sectors = f
        .sectors
        .iter()
        .map(|sector| Row {
            label: page.label("sector", sector.as_str()),
            cells: STEPS
                .iter()
                .map(|s| with_median(page, view, r.area, FunnelCell::StepBySector(*s, *sector)))
                .collect(),
        })
        .collect();
    let mut urgencies: Vec<Row> = Urgency::ALL
        .iter()
        .map(|u| {
            let with_target = f.figure(r.area, FunnelCell::WithTarget(*u));
            let within = f.figure(r.area, FunnelCell::AnsweredInTime(*u));
            let share = match (within.shown(), with_target.shown()) {
                (Some(w), Some(t)) if t > 0 => {
                    page.tr
                        .t1("statistics-funnel-percent", "percent", w * 100 / t)
                }
                _ => page.t("statistics-funnel-no-share"),
            };
            Row {
                label: page.label("urgency", u.as_str()),
                cells: vec![text(page, with_target), text(page, within), share],
            }
        })
        .collect();
    urgencies.push(Row {
        label: page.t("statistics-funnel-without-target"),
        cells: vec![
            text(page, f.figure(r.area, FunnelCell::WithoutTarget)),
            String::new(),
            String::new(),
        ],
    });
    let (suppression_note, exact_note) = match r.visibility {
        Visibility::Suppressed(policy) => (
            Some(page.tr.t1(
                "statistics-suppressed-note",
                "threshold",
                policy.threshold(),
            )),
            None,
        ),
        Visibility::Exact => (None, Some(page.t("statistics-funnel-exact-note"))),
    };
    Tables {
        area_name: name(r.area),
        path: tree
            .path(r.area)
            .into_iter()
            .map(|a| (link(view, a), name(a)))
            .collect(),
        columns,
        steps,
        bars: chart::bars(&points, &page.t("statistics-suppressed")),
        bars_caption: page.tr.targs(
            "statistics-funnel-chart-caption",
            &[("area", name(r.area)), ("period", r.period.code())],
        ),
        times,
        sector_steps: STEPS.iter().map(|s| step_label(page, *s)).collect(),
        sectors,
        urgencies,
        suppression_note,
        exact_note,
    }
}
