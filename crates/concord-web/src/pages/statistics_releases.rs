//! Statistics releases in the browser: the list of releases (published
//! ones for everyone signed in), the preparation form for analysts, a
//! release with its tables as they are (or will be) published and the
//! sign-off or refusal form for the designated person of a contributing
//! agency, downloads, and the public pages (`--public-statistics`; 404
//! when off).

use super::{FormErrors, PageChrome, PageContext, Posted};
use crate::api::statistics_releases::file_response;
use crate::error::PageError;
use crate::session::Person;
use crate::state::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use concord_app::AppError;
use concord_app::statistics_release::{ContributorView, ExportFormat, ReleaseView};
use concord_domain::ids::StatisticsReleaseId;
use concord_domain::role::Permission;
use concord_domain::statistics_release::table::TOTAL;
use concord_domain::statistics_release::{
    Cell, IndicatorSet, PublishedTable, ReleaseDecision, ReleaseForm, ReleaseStatus,
};
use concord_store::{AreaRow, PageRequest, StatisticsReleaseRow};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/statistics/releases", get(list).post(prepare))
        .route("/statistics/releases/new", get(new))
        .route("/statistics/releases/{id}", get(view))
        .route("/statistics/releases/{id}/sign-off", post(sign_off))
        .route("/statistics/releases/{id}/refusal", post(refuse))
        .route("/statistics/releases/{id}/withdrawal", post(withdraw))
        .route("/statistics/releases/{id}/download", get(download))
        .route("/public/statistics", get(public_list))
        .route("/public/statistics/{id}", get(public_view))
        .route("/public/statistics/{id}/download", get(public_download))
}

/// A release in a list, ready to show.
struct ListItem {
    id: StatisticsReleaseId,
    indicator_set: String,
    period: String,
    area: String,
    status: String,
    published: String,
}

fn list_items(page: &PageChrome, rows: &[(StatisticsReleaseRow, AreaRow)]) -> Vec<ListItem> {
    rows.iter()
        .map(|(r, a)| ListItem {
            id: r.id,
            indicator_set: page.label("statistics-set", &r.indicator_set),
            period: r.period.clone(),
            area: format!("{} ({})", a.name, a.code),
            status: page.label("statistics-status", r.status.as_str()),
            published: r.published_at.map(|at| page.at(&at)).unwrap_or_default(),
        })
        .collect()
}

#[derive(Template, WebTemplate)]
#[template(path = "statistics_releases.html")]
struct ListPage {
    page: PageChrome,
    releases: Vec<ListItem>,
    can_prepare: bool,
    /// `/statistics/releases` or `/public/statistics`.
    base: String,
    /// The next page, if there is one.
    next: Option<String>,
}

/// Releases shown per page.
const PAGE_SIZE: u32 = 25;

/// `?after=` the cursor of the previous page's last release.
#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct ListQuery {
    after: String,
}

impl ListQuery {
    fn page(&self) -> PageRequest {
        PageRequest {
            after: Some(self.after.clone()).filter(|a| !a.is_empty()),
            limit: PAGE_SIZE,
        }
    }
}

/// The link to the page after this one.
fn next_href(base: &str, next: Option<String>) -> Option<String> {
    next.map(|cursor| {
        let query = serde_html_form::to_string([("after", cursor)]).unwrap_or_default();
        format!("{base}?{query}")
    })
}

async fn list(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Query(q): Query<ListQuery>,
) -> Result<ListPage, PageError> {
    let rows = state
        .app
        .list_statistics_releases(&person.actor, &q.page())
        .await?;
    let page = ctx.chrome(
        &person,
        "statistics-releases-title",
        "nav-statistics-releases",
    );
    let base = "/statistics/releases";
    Ok(ListPage {
        releases: list_items(&page, &rows.items),
        can_prepare: person.actor.has(Permission::ViewAggregates),
        next: next_href(base, rows.next),
        base: base.into(),
        page,
    })
}

async fn public_list(
    State(state): State<AppState>,
    ctx: PageContext,
    Query(q): Query<ListQuery>,
) -> Result<ListPage, PageError> {
    let rows = state
        .app
        .public_statistics_releases(&q.page())
        .await?
        .ok_or(AppError::NotFound)?;
    let page = ctx.bare("statistics-public-title", String::new());
    let base = "/public/statistics";
    Ok(ListPage {
        releases: list_items(&page, &rows.items),
        can_prepare: false,
        next: next_href(base, rows.next),
        base: base.into(),
        page,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "statistics_release_new.html")]
struct NewPage {
    page: PageChrome,
    form: ReleaseForm,
    sets: Vec<(String, String)>,
    /// Each set's name and the code and label of each breakdown it offers.
    breakdowns: Vec<(String, Vec<(String, String)>)>,
    areas: Vec<AreaRow>,
    errors: FormErrors,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct ReleaseSubmission {
    indicator_set: String,
    period: String,
    area_id: String,
    breakdowns: Vec<String>,
}

async fn render_new(
    state: &AppState,
    ctx: &PageContext,
    person: &Person,
    form: ReleaseForm,
    errors: FormErrors,
) -> Result<Response, PageError> {
    let status = errors.status();
    let page = ctx.chrome(
        person,
        "statistics-release-new-title",
        "nav-statistics-releases",
    );
    let sets = IndicatorSet::ALL
        .iter()
        .map(|s| {
            (
                s.as_str().to_string(),
                page.label("statistics-set", s.as_str()),
            )
        })
        .collect();
    let breakdowns = IndicatorSet::ALL
        .iter()
        .map(|s| {
            let options = s
                .breakdowns()
                .iter()
                .map(|b| {
                    (
                        b.as_str().to_string(),
                        page.label("statistics-breakdown", b.as_str()),
                    )
                })
                .collect();
            (page.label("statistics-set", s.as_str()), options)
        })
        .collect();
    let areas = state.app.all_areas(&person.actor).await?;
    Ok((
        status,
        NewPage {
            page,
            form,
            sets,
            breakdowns,
            areas,
            errors,
        },
    )
        .into_response())
}

async fn new(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
) -> Result<Response, PageError> {
    person
        .actor
        .require(Permission::ViewAggregates)
        .map_err(AppError::from)?;
    let form = ReleaseForm {
        indicator_set: IndicatorSet::RiskConferenceQuarterly.as_str().into(),
        ..ReleaseForm::default()
    };
    render_new(&state, &ctx, &person, form, FormErrors::default()).await
}

async fn prepare(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    form: Posted<ReleaseSubmission>,
) -> Result<Response, PageError> {
    let s = form.checked_for(&person)?;
    let form = ReleaseForm {
        indicator_set: s.indicator_set,
        period: s.period,
        area_id: s.area_id,
        breakdowns: s.breakdowns,
    };
    match state
        .app
        .prepare_statistics_release(&person.actor, &form)
        .await
    {
        Ok(row) => Ok(Redirect::to(&format!("/statistics/releases/{}", row.id)).into_response()),
        Err(AppError::Invalid(invalid)) => {
            let errors = FormErrors::from_invalid(&invalid, &ctx.tr);
            render_new(&state, &ctx, &person, form, errors).await
        }
        Err(other) => Err(other.into()),
    }
}

/// A table as shown: each row's category and value in the reader's words.
struct ShownTable {
    code: String,
    title: String,
    definition: String,
    rows: Vec<(String, String)>,
}

fn shown(page: &PageChrome, t: &PublishedTable) -> ShownTable {
    ShownTable {
        code: t.code.clone(),
        title: t.title.clone(),
        definition: t.definition.clone(),
        rows: t
            .rows
            .iter()
            .map(|r| {
                let category = if r.category == TOTAL {
                    page.t("statistics-category-total")
                } else {
                    page.label("sector", &r.category)
                };
                let value = match &r.cell {
                    Cell::Suppressed => page.t("statistics-cell-suppressed"),
                    Cell::Empty => page.t("statistics-cell-empty"),
                    other => other.text(),
                };
                (category, value)
            })
            .collect(),
    }
}

struct ShownContributor {
    agency: String,
    decision: String,
    role: String,
    reason: String,
    at: String,
}

fn shown_contributor(page: &PageChrome, c: &ContributorView) -> ShownContributor {
    ShownContributor {
        agency: c.agency_name.clone(),
        decision: page.t(match c.signed {
            Some(true) => "statistics-decision-signed",
            Some(false) => "statistics-decision-refused",
            None => "statistics-decision-undecided",
        }),
        role: c
            .decided_as
            .map(|r| page.label("role", r.as_str()))
            .unwrap_or_default(),
        reason: c.reason.clone().unwrap_or_default(),
        at: c.decided_at.map(|at| page.at(&at)).unwrap_or_default(),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "statistics_release.html")]
struct ReleasePage {
    page: PageChrome,
    /// `/statistics/releases/{id}` or `/public/statistics/{id}`.
    base: String,
    indicator_set: String,
    period: String,
    area: String,
    status: String,
    published: bool,
    content_hash: String,
    threshold: i32,
    tables: Vec<ShownTable>,
    contributors: Vec<ShownContributor>,
    awaits_reader: bool,
    can_withdraw: bool,
    reason: String,
    errors: FormErrors,
}

fn release_page(
    page: PageChrome,
    base: String,
    v: &ReleaseView,
    can_withdraw: bool,
    reason: String,
    errors: FormErrors,
) -> ReleasePage {
    let r = &v.release;
    ReleasePage {
        indicator_set: page.label("statistics-set", &r.indicator_set),
        period: r.period.clone(),
        area: format!("{} ({})", v.area.name, v.area.code),
        status: page.label("statistics-status", r.status.as_str()),
        published: r.status == ReleaseStatus::Published,
        content_hash: r.content_hash.clone().unwrap_or_default(),
        threshold: r.small_cell_threshold,
        tables: v.tables.iter().map(|t| shown(&page, t)).collect(),
        contributors: v
            .contributors
            .iter()
            .map(|c| shown_contributor(&page, c))
            .collect(),
        awaits_reader: v.awaits_reader,
        can_withdraw: can_withdraw
            && matches!(
                r.status,
                ReleaseStatus::AwaitingSignOff | ReleaseStatus::Refused
            ),
        reason,
        errors,
        base,
        page,
    }
}

async fn render_release(
    state: &AppState,
    ctx: &PageContext,
    person: &Person,
    id: StatisticsReleaseId,
    reason: String,
    errors: FormErrors,
) -> Result<Response, PageError> {
    let view = state
        .app
        .statistics_release(Some(&person.actor), id)
        .await?;
    let status = errors.status();
    let page = ctx.chrome(
        person,
        "statistics-release-title",
        "nav-statistics-releases",
    );
    let can_withdraw = person.actor.has(Permission::ViewAggregates);
    let body = release_page(
        page,
        format!("/statistics/releases/{id}"),
        &view,
        can_withdraw,
        reason,
        errors,
    );
    Ok((status, body).into_response())
}

async fn view(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path(id): Path<StatisticsReleaseId>,
) -> Result<Response, PageError> {
    render_release(
        &state,
        &ctx,
        &person,
        id,
        String::new(),
        FormErrors::default(),
    )
    .await
}

async fn public_view(
    State(state): State<AppState>,
    ctx: PageContext,
    Path(id): Path<StatisticsReleaseId>,
) -> Result<Response, PageError> {
    let view = state.app.statistics_release(None, id).await?;
    let page = ctx.bare("statistics-release-title", String::new());
    Ok(release_page(
        page,
        format!("/public/statistics/{id}"),
        &view,
        false,
        String::new(),
        FormErrors::default(),
    )
    .into_response())
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct RefusalSubmission {
    reason: String,
}

async fn sign_off(
    State(state): State<AppState>,
    person: Person,
    Path(id): Path<StatisticsReleaseId>,
    form: Posted<super::NoFields>,
) -> Result<Response, PageError> {
    form.checked_for(&person)?;
    state
        .app
        .decide_statistics_release(&person.actor, id, &ReleaseDecision::Sign)
        .await?;
    Ok(Redirect::to(&format!("/statistics/releases/{id}")).into_response())
}

async fn refuse(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path(id): Path<StatisticsReleaseId>,
    form: Posted<RefusalSubmission>,
) -> Result<Response, PageError> {
    let s = form.checked_for(&person)?;
    let decision = ReleaseDecision::Refuse {
        reason: s.reason.clone(),
    };
    match state
        .app
        .decide_statistics_release(&person.actor, id, &decision)
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/statistics/releases/{id}")).into_response()),
        Err(AppError::Invalid(invalid)) => {
            let errors = FormErrors::from_invalid(&invalid, &ctx.tr);
            render_release(&state, &ctx, &person, id, s.reason, errors).await
        }
        Err(other) => Err(other.into()),
    }
}

async fn withdraw(
    State(state): State<AppState>,
    person: Person,
    Path(id): Path<StatisticsReleaseId>,
    form: Posted<super::NoFields>,
) -> Result<Response, PageError> {
    form.checked_for(&person)?;
    state
        .app
        .withdraw_statistics_release(&person.actor, id)
        .await?;
    Ok(Redirect::to("/statistics/releases").into_response())
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct DownloadQuery {
    format: String,
    table: Option<String>,
}

async fn download(
    State(state): State<AppState>,
    person: Person,
    Path(id): Path<StatisticsReleaseId>,
    Query(q): Query<DownloadQuery>,
) -> Result<Response, PageError> {
    let format = ExportFormat::parse(&q.format)?;
    let file = state
        .app
        .download_statistics_release(Some(&person.actor), id, format, q.table.as_deref())
        .await?;
    Ok(file_response(file))
}

async fn public_download(
    State(state): State<AppState>,
    Path(id): Path<StatisticsReleaseId>,
    Query(q): Query<DownloadQuery>,
) -> Result<Response, PageError> {
    let format = ExportFormat::parse(&q.format)?;
    let file = state
        .app
        .download_statistics_release(None, id, format, q.table.as_deref())
        .await?;
    Ok(file_response(file))
}

/// A release on a designated person's home page: its link and its line.
pub(super) struct ReleaseNoticeLine {
    pub href: String,
    pub text: String,
}

/// What the home page says about releases (empty for anyone who does not
/// sign releases off).
#[derive(Default)]
pub(super) struct HomeReleases {
    pub awaiting: String,
    pub awaiting_lines: Vec<ReleaseNoticeLine>,
    pub published: String,
    pub published_lines: Vec<ReleaseNoticeLine>,
}

impl HomeReleases {
    pub fn is_empty(&self) -> bool {
        self.awaiting_lines.is_empty() && self.published_lines.is_empty()
    }
}

pub(super) async fn home_releases(
    state: &AppState,
    tr: &crate::i18n::Tr,
    person: &Person,
) -> Result<HomeReleases, PageError> {
    let notices = state.app.statistics_release_notices(&person.actor).await?;
    let lines = |rows: &[(concord_store::StatisticsReleaseRow, concord_store::AreaRow)]| {
        rows.iter()
            .map(|(r, area)| ReleaseNoticeLine {
                href: format!("/statistics/releases/{}", r.id),
                text: tr.targs(
                    "home-statistics-release-line",
                    &[("period", r.period.clone()), ("area", area.name.clone())],
                ),
            })
            .collect::<Vec<_>>()
    };
    Ok(HomeReleases {
        awaiting: tr.t1("home-statistics-awaiting", "count", notices.awaiting.len()),
        awaiting_lines: lines(&notices.awaiting),
        published: tr.targs(
            "home-statistics-published",
            &[
                ("count", notices.published.len().to_string()),
                (
                    "days",
                    concord_app::statistics_release::PUBLISHED_NOTICE_DAYS.to_string(),
                ),
            ],
        ),
        published_lines: lines(&notices.published),
    })
}
