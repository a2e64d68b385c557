//! The survivor's rights on the case page: who accessed her file, a copy
//! of everything (JSON and printable), deletion, legal hold; and the
//! agency's case settings (approvals, retention).

use crate::error::PageError;
use crate::pages::{FormErrors, PageChrome, PageContext, Posted};
use crate::session::Person;
use crate::state::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use concord_app::AppError;
use concord_app::cases::rights::CaseSettingsForm;
use concord_domain::ids::{AgencyId, CaseId};
use concord_store::{AgencyRow, AuditEventRow, CaseSettingsRow};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/cases/{id}/access-report", get(access_report))
        .route("/cases/{id}/export.json", get(export_json))
        .route("/cases/{id}/export", get(export_page))
        .route("/cases/{id}/purge", post(purge))
        .route("/cases/{id}/legal-hold", post(legal_hold))
        .route("/case-settings", get(settings).post(save_settings))
}

#[derive(Template, WebTemplate)]
#[template(path = "case_access_report.html")]
struct AccessReportPage {
    page: PageChrome,
    case_id: CaseId,
    events: Vec<AuditEventRow>,
    agencies: Vec<AgencyRow>,
}

impl AccessReportPage {
    fn agency_name(&self, id: &Option<AgencyId>) -> String {
        id.and_then(|id| self.agencies.iter().find(|a| a.id == id))
            .map(|a| a.name.clone())
            .unwrap_or_default()
    }
}

async fn access_report(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path(id): Path<CaseId>,
) -> Result<AccessReportPage, PageError> {
    let events = state.app.access_report(&person.actor, id).await?;
    Ok(AccessReportPage {
        page: ctx.chrome(&person, "access-report-title", "nav-cases"),
        case_id: id,
        agencies: state.app.all_agencies(&person.actor).await?,
        events,
    })
}

async fn export_json(
    State(state): State<AppState>,
    person: Person,
    Path(id): Path<CaseId>,
) -> Result<Response, PageError> {
    let export = state.app.export_survivor(&person.actor, id).await?;
    let body = serde_json::to_string_pretty(&export).unwrap_or_default();
    Ok((
        [
            (header::CONTENT_TYPE, "application/json"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"survivor-export.json\"",
            ),
        ],
        body,
    )
        .into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "case_export.html")]
struct ExportPage {
    page: PageChrome,
    export: String,
}

async fn export_page(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path(id): Path<CaseId>,
) -> Result<ExportPage, PageError> {
    let export = state.app.export_survivor(&person.actor, id).await?;
    Ok(ExportPage {
        page: ctx.chrome(&person, "export-title", "nav-cases"),
        export: serde_json::to_string_pretty(&export).unwrap_or_default(),
    })
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct PurgeForm {
    confirm: Option<String>,
}

async fn purge(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path(id): Path<CaseId>,
    form: Posted<PurgeForm>,
) -> Result<Response, PageError> {
    let form = form.checked_for(&person)?;
    if form.confirm.as_deref() != Some("on") {
        let errors = FormErrors::message(ctx.tr.t("purge-confirm-needed"));
        return super::case_file::render_case(&state, &ctx, &person, id, None, errors).await;
    }
    match state.app.purge_survivor(&person.actor, id).await {
        Ok(()) => Ok(Redirect::to("/cases?view=agency").into_response()),
        Err(AppError::Invalid(invalid)) => {
            let errors = FormErrors::from_invalid(&invalid, &ctx.tr);
            super::case_file::render_case(&state, &ctx, &person, id, None, errors).await
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct HoldForm {
    hold: String,
}

async fn legal_hold(
    State(state): State<AppState>,
    person: Person,
    Path(id): Path<CaseId>,
    form: Posted<HoldForm>,
) -> Result<Response, PageError> {
    let form = form.checked_for(&person)?;
    state
        .app
        .set_legal_hold(&person.actor, id, form.hold == "on")
        .await?;
    Ok(Redirect::to(&format!("/cases/{id}#rights")).into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "case_settings.html")]
struct SettingsPage {
    page: PageChrome,
    settings: CaseSettingsRow,
    errors: FormErrors,
    saved: bool,
}

impl SettingsPage {
    fn retention_text(&self) -> String {
        self.settings
            .retention_months
            .map(|m| m.to_string())
            .unwrap_or_default()
    }
}

async fn settings(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
) -> Result<SettingsPage, PageError> {
    Ok(SettingsPage {
        page: ctx.chrome(&person, "case-settings-title", "nav-cases"),
        settings: state.app.case_settings(&person.actor).await?,
        errors: FormErrors::default(),
        saved: false,
    })
}

async fn save_settings(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    form: Posted<CaseSettingsForm>,
) -> Result<Response, PageError> {
    let form = form.checked_for(&person)?;
    let (settings, errors, saved) = match state.app.save_case_settings(&person.actor, &form).await {
        Ok(row) => (row, FormErrors::default(), true),
        Err(AppError::Invalid(invalid)) => (
            state.app.case_settings(&person.actor).await?,
            FormErrors::from_invalid(&invalid, &ctx.tr),
            false,
        ),
        Err(other) => return Err(other.into()),
    };
    let status = errors.status();
    let page = SettingsPage {
        page: ctx.chrome(&person, "case-settings-title", "nav-cases"),
        settings,
        errors,
        saved,
    };
    Ok((status, page).into_response())
}
