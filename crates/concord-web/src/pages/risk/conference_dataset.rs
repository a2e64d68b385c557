//! A conference's quarterly dataset for its coordinators: the figures as
//! tables, and the same as a CSV download. Aggregates only.

use crate::error::PageError;
use crate::pages::{FormErrors, PageChrome, PageContext};
use crate::session::Person;
use crate::state::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use concord_app::AppError;
use concord_domain::ids::ConferenceId;
use concord_domain::risk::dataset::{Quarter, QuarterlyDataset};
use uuid::Uuid;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/conferences/{id}/dataset", get(view))
        .route("/conferences/{id}/dataset.csv", get(csv))
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct QuarterQuery {
    quarter: String,
}

/// A measure and its value, as shown in a table row.
struct Figure {
    label: String,
    value: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "conference_dataset.html")]
struct DatasetPage {
    page: PageChrome,
    conference_id: ConferenceId,
    conference_name: String,
    /// As typed (kept when refused).
    quarter: String,
    /// `None` when the quarter was refused.
    tables: Option<DatasetTables>,
    errors: FormErrors,
}

struct DatasetTables {
    cases: Vec<Figure>,
    referrals: Vec<Figure>,
    /// `(sector label, number of referrals)`.
    by_sector: Vec<(String, u32)>,
    equality: Vec<Figure>,
}

fn figure(page: &PageChrome, key: &str, value: impl ToString) -> Figure {
    Figure {
        label: page.t(key),
        value: value.to_string(),
    }
}

fn tables(page: &PageChrome, d: &QuarterlyDataset) -> DatasetTables {
    DatasetTables {
        cases: vec![
            figure(page, "dataset-cases-discussed", d.cases_discussed),
            figure(page, "dataset-repeat-cases", d.repeats.part),
            figure(page, "dataset-repeat-rate", d.repeats.text()),
            figure(page, "dataset-children", d.children_in_households),
        ],
        referrals: vec![
            figure(page, "dataset-referrals", d.referrals),
            figure(page, "dataset-not-from-police", d.not_from_police.text()),
        ],
        by_sector: d
            .referrals_by_sector
            .iter()
            .map(|(sector, n)| (page.label("sector", sector), *n))
            .collect(),
        equality: vec![
            figure(page, "dataset-not-female", d.not_female.text()),
            figure(page, "dataset-with-disability", d.with_disability.text()),
            figure(page, "dataset-under-18", d.under_18.text()),
            figure(page, "dataset-displaced", d.displaced.text()),
        ],
    }
}

/// The dataset of the quarter asked for (this quarter when none is), or
/// the page with the quarter named as the problem (422).
async fn view(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path(id): Path<Uuid>,
    Query(q): Query<QuarterQuery>,
) -> Result<Response, PageError> {
    let id = ConferenceId(id);
    let quarter = if q.quarter.trim().is_empty() {
        Quarter::containing(state.app.today()).to_string()
    } else {
        q.quarter
    };
    let page = ctx.chrome(&person, "conference-dataset-title", "nav-conferences");
    let (quarter, tables, errors) = match state
        .app
        .conference_dataset(&person.actor, id, &quarter)
        .await
    {
        Ok((parsed, dataset)) => (
            parsed.to_string(),
            Some(tables(&page, &dataset)),
            FormErrors::default(),
        ),
        Err(AppError::Invalid(invalid)) => {
            (quarter, None, FormErrors::from_invalid(&invalid, &ctx.tr))
        }
        Err(other) => return Err(other.into()),
    };
    // Only reached once the dataset use case let this coordinator in.
    let conference_name = state
        .app
        .conferences(&person.actor)
        .await?
        .into_iter()
        .find(|c| c.id == id)
        .map(|c| c.name)
        .unwrap_or_default();
    let status = errors.status();
    let page = DatasetPage {
        page,
        conference_id: id,
        conference_name,
        quarter,
        tables,
        errors,
    };
    Ok((status, page).into_response())
}

/// The quarterly dataset as a CSV download.
async fn csv(
    State(state): State<AppState>,
    person: Person,
    Path(id): Path<Uuid>,
    Query(q): Query<QuarterQuery>,
) -> Result<Response, PageError> {
    let csv = state
        .app
        .conference_dataset_csv(&person.actor, ConferenceId(id), &q.quarter)
        .await?;
    Ok((
        [
            (axum::http::header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                axum::http::header::CONTENT_DISPOSITION,
                "attachment; filename=\"conference-dataset.csv\"",
            ),
        ],
        csv,
    )
        .into_response())
}
