//! How integrated the response is: a body's scorecard, its members'
//! self-assessments with the trend chart, and the ESP governance matrix of
//! an area.

use super::chart::{Series, trend_svg};
use super::{Choice, choices, outcome, percent};
use crate::error::PageError;
use crate::pages::{FormErrors, PageChrome, PageContext, Posted};
use crate::session::Person;
use crate::state::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use concord_app::governance::measures::{AreaMatrix, AssessmentsView, Scorecard};
use concord_domain::governance::ContinuumStage;
use concord_domain::governance::forms::{AssessmentAnswerForm, AssessmentRoundForm};
use concord_domain::governance::metrics::tenths;
use concord_domain::ids::{AreaId, BodyId};
use concord_store::{AreaRow, BodyRow};
use uuid::Uuid;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/bodies/{id}/scorecard", get(scorecard))
        .route(
            "/bodies/{id}/assessments",
            get(assessments).post(open_round),
        )
        .route("/bodies/{id}/assessments/{round}/answers", post(answer))
        .route("/governance/matrix", get(matrix))
}

#[derive(Template, WebTemplate)]
#[template(path = "governance/scorecard.html")]
struct ScorecardPage {
    page: PageChrome,
    body: BodyRow,
    card: Scorecard,
}

impl ScorecardPage {
    fn pct(&self, ratio: &concord_domain::governance::metrics::Ratio) -> String {
        percent(ratio)
    }

    fn tenths(&self, value: &u32) -> String {
        tenths(*value)
    }
}

async fn scorecard(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path(id): Path<BodyId>,
) -> Result<ScorecardPage, PageError> {
    let view = state.app.body_view(&person.actor, id).await?;
    Ok(ScorecardPage {
        page: ctx.chrome(&person, "gov-scorecard-title", "nav-bodies"),
        card: state.app.scorecard(&person.actor, id).await?,
        body: view.body,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "governance/assessments.html")]
struct AssessmentsPage {
    page: PageChrome,
    body: BodyRow,
    view: AssessmentsView,
    chart: String,
    stages: Vec<Choice>,
    today: String,
    errors: FormErrors,
}

impl AssessmentsPage {
    fn tenths(&self, value: &u32) -> String {
        tenths(*value)
    }
}

async fn render_assessments(
    state: &AppState,
    ctx: &PageContext,
    person: &Person,
    id: BodyId,
    errors: FormErrors,
) -> Result<Response, PageError> {
    let body = state.app.body_view(&person.actor, id).await?.body;
    let view = state.app.assessments(&person.actor, id).await?;
    let labels: Vec<String> = view.rounds.iter().map(|r| r.round.title.clone()).collect();
    let measure =
        |key: &str, pick: fn(&concord_domain::governance::metrics::RoundSummary) -> u32| Series {
            name: ctx.tr.t(key),
            values: view
                .rounds
                .iter()
                .map(|r| r.summary.as_ref().map(pick))
                .collect(),
        };
    let series = vec![
        measure("gov-stage", |s| s.stage),
        measure("gov-climate", |s| s.climate),
        measure("gov-infrastructure", |s| s.infrastructure),
        measure("gov-activities", |s| s.activities),
        measure("gov-outcomes", |s| s.outcomes),
    ];
    let chart = trend_svg(
        &ctx.tr.t("gov-trend-title"),
        &ctx.tr.t("gov-trend-description"),
        &labels,
        &series,
    );
    let page = AssessmentsPage {
        page: ctx.chrome(person, "gov-assessments-title", "nav-bodies"),
        body,
        view,
        chart,
        stages: choices::<ContinuumStage>(ctx, "continuum-stage"),
        today: state.app.today().to_string(),
        errors,
    };
    Ok((page.errors.status(), page).into_response())
}

async fn assessments(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path(id): Path<BodyId>,
) -> Result<Response, PageError> {
    render_assessments(&state, &ctx, &person, id, FormErrors::default()).await
}

async fn open_round(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path(id): Path<BodyId>,
    form: Posted<AssessmentRoundForm>,
) -> Result<Response, PageError> {
    let form = form.checked_for(&person)?;
    let result = state
        .app
        .open_assessment_round(&person.actor, id, &form)
        .await
        .map(|_| ());
    outcome(&ctx, result, format!("/bodies/{id}/assessments"), |e| {
        render_assessments(&state, &ctx, &person, id, e)
    })
    .await
}

async fn answer(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path((id, round)): Path<(BodyId, Uuid)>,
    form: Posted<AssessmentAnswerForm>,
) -> Result<Response, PageError> {
    let form = form.checked_for(&person)?;
    let result = state
        .app
        .answer_assessment(&person.actor, id, round, &form)
        .await
        .map(|_| ());
    // Each round has its own form: the summary links to this one's fields.
    outcome(&ctx, result, format!("/bodies/{id}/assessments"), |e| {
        let mut anchors = vec![("agency_id", format!("ans-agency-{round}"))];
        for field in [
            "stage",
            "climate",
            "infrastructure",
            "activities",
            "outcomes",
        ] {
            anchors.push((field, format!("ans-{field}-{round}")));
        }
        render_assessments(&state, &ctx, &person, id, e.linking(anchors))
    })
    .await
}

#[derive(Debug, Default, serde::Deserialize)]
struct MatrixQuery {
    area: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "governance/matrix.html")]
struct MatrixPage {
    page: PageChrome,
    areas: Vec<AreaRow>,
    selected: String,
    matrix: Option<AreaMatrix>,
}

async fn matrix(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Query(query): Query<MatrixQuery>,
) -> Result<MatrixPage, PageError> {
    let areas = state.app.all_areas(&person.actor).await?;
    let selected = query
        .area
        .as_deref()
        .and_then(|a| a.parse::<AreaId>().ok())
        .or_else(|| areas.first().map(|a| a.id));
    let matrix = match selected {
        Some(area) => Some(state.app.governance_matrix(&person.actor, area).await?),
        None => None,
    };
    Ok(MatrixPage {
        page: ctx.chrome(&person, "gov-matrix-title", "nav-bodies"),
        selected: selected.map(|a| a.to_string()).unwrap_or_default(),
        areas,
        matrix,
    })
}
