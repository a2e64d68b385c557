//! A case's risk page: every assessment (oldest first) with the trend as
//! an SVG and as a table, the reassessment date, and the form to assess
//! with an instrument. Reads and writes go through the case access
//! decision like the rest of the case.

use super::trend::{Trend, TrendPoint, trend};
use crate::error::PageError;
use crate::pages::{FormErrors, PageChrome, PageContext};
use crate::session::Person;
use crate::state::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use concord_app::AppError;
use concord_app::risk::assessments::RiskFile;
use concord_domain::consent::{DataCategory, Purpose};
use concord_domain::ids::CaseId;
use concord_domain::risk::RiskLevel;
use concord_domain::risk::assessment::{AssessmentForm, SurvivorView};
use concord_domain::risk::instrument::{AnswerKind, Instrument};
use std::collections::BTreeMap;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/cases/{id}/risk", get(show))
        .route("/cases/{id}/risk/assess", get(assess_form).post(assess))
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
struct RiskQuery {
    purpose: String,
    instrument: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "risk_case.html")]
struct RiskPage {
    page: PageChrome,
    file: RiskFile,
    trend: Trend,
    instruments: Vec<(String, String)>,
    /// Breaches of her protection orders, when the reader may see justice
    /// data: the sentence to show.
    breach_flag: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "risk_assess.html")]
struct AssessPage {
    page: PageChrome,
    case_id: CaseId,
    instrument: Instrument,
    values: BTreeMap<String, String>,
    levels: Vec<(String, String)>,
    views: Vec<(String, String)>,
    errors: FormErrors,
}

impl AssessPage {
    fn value(&self, field: &str) -> String {
        self.values.get(field).cloned().unwrap_or_default()
    }

    fn is_scale(&self, answer: &AnswerKind) -> Option<(i32, i32)> {
        match answer {
            AnswerKind::Scale { min, max } => Some((*min, *max)),
            _ => None,
        }
    }
}

async fn show(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path(id): Path<CaseId>,
    Query(query): Query<RiskQuery>,
) -> Result<Response, PageError> {
    let purpose = Purpose::parse(&query.purpose);
    let file = state.app.read_risk(&person.actor, id, purpose).await?;
    let points: Vec<TrendPoint> = file
        .assessments
        .iter()
        .map(|a| TrendPoint {
            label: format!("{} {}/{}", a.row.assessed_on, a.row.score, a.row.max_score),
            share: f64::from(a.row.score) / f64::from(a.row.max_score.max(1)),
        })
        .collect();
    let instruments = if file.may_change {
        state
            .app
            .current_instruments()
            .await?
            .into_iter()
            .map(|(row, _)| (row.key, row.title))
            .collect()
    } else {
        Vec::new()
    };
    let breach_flag = state.app.breach_flag(&person.actor, id).await?.map(|flag| {
        ctx.tr.targs(
            "risk-breach-flag",
            &[
                ("count", flag.breaches.to_string()),
                ("date", flag.latest_on.to_string()),
            ],
        )
    });
    Ok(RiskPage {
        breach_flag,
        page: ctx.chrome(&person, "risk-case-title", "nav-cases"),
        trend: trend(&points),
        file,
        instruments,
    }
    .into_response())
}

async fn instrument(state: &AppState, key: &str) -> Result<Instrument, PageError> {
    state
        .app
        .current_instruments()
        .await?
        .into_iter()
        .find(|(row, _)| row.key == key)
        .map(|(_, i)| i)
        .ok_or(PageError::App(AppError::NotFound))
}

fn level_choices(ctx: &PageContext) -> Vec<(String, String)> {
    RiskLevel::ALL
        .iter()
        .map(|l| {
            (
                l.as_str().to_string(),
                ctx.tr.t(&format!("risk-level-{}", l.as_str())),
            )
        })
        .collect()
}

fn view_choices(ctx: &PageContext) -> Vec<(String, String)> {
    SurvivorView::ALL
        .iter()
        .map(|v| {
            (
                v.as_str().to_string(),
                ctx.tr
                    .t(&format!("survivor-view-{}", v.as_str().replace('_', "-"))),
            )
        })
        .collect()
}

async fn assess_form(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path(id): Path<CaseId>,
    Query(query): Query<RiskQuery>,
) -> Result<Response, PageError> {
    state
        .app
        .authorise_case_change(&person.actor, id, DataCategory::Risk)
        .await?;
    let instrument = instrument(&state, &query.instrument).await?;
    Ok(AssessPage {
        page: ctx.chrome(&person, "risk-assess-title", "nav-cases"),
        case_id: id,
        instrument,
        values: BTreeMap::new(),
        levels: level_choices(&ctx),
        views: view_choices(&ctx),
        errors: FormErrors::default(),
    }
    .into_response())
}

async fn assess(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path(id): Path<CaseId>,
    Query(query): Query<RiskQuery>,
    form: crate::pages::Posted<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let fields = form.checked_for(&person)?;
    let values: BTreeMap<String, String> = fields
        .into_iter()
        .filter(|(k, _)| k != "csrf_token")
        .collect();
    let get = |k: &str| values.get(k).cloned().unwrap_or_default();
    let assessment = AssessmentForm {
        answers: values
            .iter()
            .filter_map(|(k, v)| {
                k.strip_prefix("answers.")
                    .map(|id| (id.to_string(), v.clone()))
            })
            .collect(),
        judged_level: get("judged_level"),
        judgement_reason: get("judgement_reason"),
        survivor_view: get("survivor_view"),
        survivor_words: get("survivor_words"),
        assessed_on: get("assessed_on"),
    };
    match state
        .app
        .record_assessment(&person.actor, id, &query.instrument, &assessment)
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/cases/{id}/risk")).into_response()),
        Err(AppError::Invalid(invalid)) => {
            let instrument = instrument(&state, &query.instrument).await?;
            let errors = FormErrors {
                problems: invalid
                    .problems
                    .iter()
                    .map(|p| {
                        let label = match p.field.strip_prefix("answers.") {
                            Some(item) => instrument
                                .item(item)
                                .map(|i| i.topic.clone())
                                .unwrap_or_else(|| item.to_string()),
                            None => ctx.tr.field_label(&p.field),
                        };
                        (p.field.replace('.', "-"), format!("{label}: {}", p.problem))
                    })
                    .collect(),
                ..FormErrors::default()
            };
            let page = AssessPage {
                page: ctx.chrome(&person, "risk-assess-title", "nav-cases"),
                case_id: id,
                instrument,
                values,
                levels: level_choices(&ctx),
                views: view_choices(&ctx),
                errors,
            };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(other) => Err(other.into()),
    }
}
