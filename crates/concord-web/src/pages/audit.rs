//! Browsing the audit log with filters. The filter form works without
//! JavaScript; with htmx only the results are replaced.

use super::audit_query::AuditQuery;
use super::{PageChrome, PageContext};
use crate::error::PageError;
use crate::session::Person;
use crate::state::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use concord_app::AppError;
use concord_domain::audit::AuditAction;
use concord_domain::ids::AgencyId;
use concord_store::{AgencyRow, AuditEventRow, PageRequest};

pub fn routes() -> Router<AppState> {
    Router::new().route("/audit", get(browse))
}

pub struct ActionChoice {
    pub value: &'static str,
    pub selected: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "audit.html")]
struct AuditPage {
    page: PageChrome,
    query: AuditQuery,
    events: Vec<AuditEventRow>,
    agencies: Vec<AgencyRow>,
    actions: Vec<ActionChoice>,
    errors: super::FormErrors,
    next_query: Option<String>,
}

impl AuditPage {
    fn agency_name(&self, id: &Option<AgencyId>) -> String {
        id.and_then(|id| self.agencies.iter().find(|a| a.id == id))
            .map(|a| a.name.clone())
            .unwrap_or_default()
    }
}

async fn browse(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Query(query): Query<AuditQuery>,
) -> Result<Response, PageError> {
    let agencies = state.app.all_agencies(&person.actor).await?;
    let actions = AuditAction::ALL
        .iter()
        .map(|a| ActionChoice {
            value: a.as_str(),
            selected: query.action == a.as_str(),
        })
        .collect();
    let (events, next, errors) = match query.filter(ctx.tz) {
        Ok(filter) => {
            let page = PageRequest {
                after: Some(query.after.clone()).filter(|a| !a.is_empty()),
                limit: 50,
            };
            match state.app.browse_audit(&person.actor, &filter, &page).await {
                Ok(page) => (page.items, page.next, super::FormErrors::default()),
                Err(AppError::Invalid(invalid)) => (
                    Vec::new(),
                    None,
                    super::FormErrors::from_invalid(&invalid, &ctx.tr),
                ),
                Err(other) => return Err(other.into()),
            }
        }
        Err(invalid) => (
            Vec::new(),
            None,
            super::FormErrors::from_invalid(&invalid, &ctx.tr),
        ),
    };
    let next_query = next.map(|cursor| {
        let next = AuditQuery {
            after: cursor,
            ..query.clone()
        };
        serde_html_form::to_string(&next).unwrap_or_default()
    });
    let status = if errors.any() {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    let page = AuditPage {
        page: ctx.chrome(&person, "audit-title", "nav-audit"),
        query,
        events,
        agencies,
        actions,
        errors,
        next_query,
    };
    Ok((status, page).into_response())
}
