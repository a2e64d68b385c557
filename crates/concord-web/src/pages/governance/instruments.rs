//! Instruments of a body: the list, creating one, and its page with its
//! versions through their lifecycle, the document of each version (upload
//! and download), signatories and the consultation record.

use super::{Choice, agency_choices, choices, outcome};
use crate::error::PageError;
use crate::pages::{FormErrors, NoFields, PageChrome, PageContext, Posted};
use crate::security::csrf::tokens_match;
use crate::session::Person;
use crate::state::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use concord_app::AppError;
use concord_app::governance::instruments::{InstrumentLine, InstrumentView};
use concord_domain::Invalid;
use concord_domain::governance::forms::{
    ConsultationForm, InstrumentForm, SignatoryForm, VersionForm,
};
use concord_domain::governance::{EssentialAction, InstrumentKind};
use concord_domain::ids::{BodyId, InstrumentId};
use concord_store::BodyRow;
use uuid::Uuid;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/bodies/{id}/instruments", get(list).post(create))
        .route(
            "/bodies/{id}/instruments/{instrument}",
            get(show).post(update),
        )
        .route(
            "/bodies/{id}/instruments/{instrument}/versions",
            post(new_version),
        )
        .route(
            "/bodies/{id}/instruments/{instrument}/versions/{version}",
            post(change_version),
        )
        .route(
            "/bodies/{id}/instruments/{instrument}/versions/{version}/signatories",
            post(signatory),
        )
        .route(
            "/bodies/{id}/instruments/{instrument}/versions/{version}/consultations",
            post(consultation),
        )
        .route(
            "/bodies/{id}/instruments/{instrument}/versions/{version}/document",
            get(download).post(upload).layer(DefaultBodyLimit::max(
                crate::security::body_limit::UPLOAD_LIMIT,
            )),
        )
}

#[derive(Template, WebTemplate)]
#[template(path = "governance/instruments.html")]
struct InstrumentsPage {
    page: PageChrome,
    body: BodyRow,
    lines: Vec<InstrumentLine>,
    can_edit: bool,
    kinds: Vec<Choice>,
    essential_actions: Vec<Choice>,
    errors: FormErrors,
}

async fn render_list(
    state: &AppState,
    ctx: &PageContext,
    person: &Person,
    id: BodyId,
    errors: FormErrors,
) -> Result<Response, PageError> {
    let view = state.app.body_view(&person.actor, id).await?;
    let page = InstrumentsPage {
        page: ctx.chrome(person, "gov-instruments-title", "nav-bodies"),
        lines: state.app.body_instruments(&person.actor, id).await?,
        can_edit: view.can_edit,
        body: view.body,
        kinds: choices::<InstrumentKind>(ctx, "instrument-kind"),
        essential_actions: choices::<EssentialAction>(ctx, "essential-action"),
        errors,
    };
    Ok((page.errors.status(), page).into_response())
}

async fn list(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path(id): Path<BodyId>,
) -> Result<Response, PageError> {
    render_list(&state, &ctx, &person, id, FormErrors::default()).await
}

async fn create(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path(id): Path<BodyId>,
    form: Posted<InstrumentForm>,
) -> Result<Response, PageError> {
    let form = form.checked_for(&person)?;
    match state.app.create_instrument(&person.actor, id, &form).await {
        Ok(instrument) => Ok(
            Redirect::to(&format!("/bodies/{id}/instruments/{}", instrument.id)).into_response(),
        ),
        Err(AppError::Invalid(invalid)) => {
            let errors = FormErrors::from_invalid(&invalid, &ctx.tr);
            render_list(&state, &ctx, &person, id, errors).await
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "governance/instrument.html")]
struct InstrumentPage {
    page: PageChrome,
    view: InstrumentView,
    kinds: Vec<Choice>,
    essential_actions: Vec<Choice>,
    agencies: Vec<Choice>,
    errors: FormErrors,
}

impl InstrumentPage {
    fn implements(&self, action: &str) -> bool {
        self.view
            .instrument
            .essential_actions
            .iter()
            .any(|a| a.as_str() == action)
    }

    /// The lifecycle steps a version may take now, as (event, message key).
    fn steps(
        &self,
        status: &concord_domain::governance::VersionStatus,
    ) -> Vec<(&'static str, String)> {
        use concord_domain::governance::lifecycle::{VersionEvent, next_status};
        VersionEvent::ALL
            .into_iter()
            .filter(|e| next_status(*status, *e).is_some())
            .map(|e| (e.as_str(), self.page.label("gov-step", e.as_str())))
            .collect()
    }
}

async fn render_instrument(
    state: &AppState,
    ctx: &PageContext,
    person: &Person,
    id: BodyId,
    instrument: InstrumentId,
    errors: FormErrors,
) -> Result<Response, PageError> {
    let view = state
        .app
        .instrument_view(&person.actor, id, instrument)
        .await?;
    let agencies = state.app.all_agencies(&person.actor).await?;
    let mut page = ctx.chrome(person, "gov-instrument-title", "nav-bodies");
    page.title = view.instrument.title.clone();
    let page = InstrumentPage {
        page,
        view,
        kinds: choices::<InstrumentKind>(ctx, "instrument-kind"),
        essential_actions: choices::<EssentialAction>(ctx, "essential-action"),
        agencies: agency_choices(&agencies),
        errors,
    };
    Ok((page.errors.status(), page).into_response())
}

async fn show(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path((id, instrument)): Path<(BodyId, InstrumentId)>,
) -> Result<Response, PageError> {
    render_instrument(&state, &ctx, &person, id, instrument, FormErrors::default()).await
}

fn back(id: BodyId, instrument: InstrumentId) -> String {
    format!("/bodies/{id}/instruments/{instrument}")
}

async fn update(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path((id, instrument)): Path<(BodyId, InstrumentId)>,
    form: Posted<InstrumentForm>,
) -> Result<Response, PageError> {
    let form = form.checked_for(&person)?;
    let result = state
        .app
        .update_instrument(&person.actor, id, instrument, &form)
        .await
        .map(|_| ());
    outcome(&ctx, result, back(id, instrument), |e| {
        render_instrument(&state, &ctx, &person, id, instrument, e)
    })
    .await
}

async fn new_version(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path((id, instrument)): Path<(BodyId, InstrumentId)>,
    form: Posted<NoFields>,
) -> Result<Response, PageError> {
    form.checked_for(&person)?;
    let result = state
        .app
        .start_version(&person.actor, id, instrument)
        .await
        .map(|_| ());
    outcome(&ctx, result, back(id, instrument), |e| {
        render_instrument(&state, &ctx, &person, id, instrument, e)
    })
    .await
}

async fn change_version(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path((id, instrument, version)): Path<(BodyId, InstrumentId, Uuid)>,
    form: Posted<VersionForm>,
) -> Result<Response, PageError> {
    let form = form.checked_for(&person)?;
    let result = state
        .app
        .change_version(&person.actor, id, instrument, version, &form)
        .await
        .map(|_| ());
    outcome(&ctx, result, back(id, instrument), |e| {
        render_instrument(&state, &ctx, &person, id, instrument, e)
    })
    .await
}

async fn signatory(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path((id, instrument, version)): Path<(BodyId, InstrumentId, Uuid)>,
    form: Posted<SignatoryForm>,
) -> Result<Response, PageError> {
    let form = form.checked_for(&person)?;
    let result = state
        .app
        .add_signatory(&person.actor, id, instrument, version, &form)
        .await
        .map(|_| ());
    // Each version has its own form: the summary links to this one's fields.
    outcome(&ctx, result, back(id, instrument), |e| {
        let e = e.linking([
            ("agency_id", format!("sig-agency-{version}")),
            ("signed_by", format!("sig-by-{version}")),
            ("signed_on", format!("sig-on-{version}")),
        ]);
        render_instrument(&state, &ctx, &person, id, instrument, e)
    })
    .await
}

async fn consultation(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path((id, instrument, version)): Path<(BodyId, InstrumentId, Uuid)>,
    form: Posted<ConsultationForm>,
) -> Result<Response, PageError> {
    let form = form.checked_for(&person)?;
    let result = state
        .app
        .add_consultation(&person.actor, id, instrument, version, &form)
        .await
        .map(|_| ());
    outcome(&ctx, result, back(id, instrument), |e| {
        let e = e.linking([
            ("consultee", format!("con-who-{version}")),
            ("agency_id", format!("con-agency-{version}")),
            ("consulted_on", format!("con-on-{version}")),
            ("summary", format!("con-summary-{version}")),
        ]);
        render_instrument(&state, &ctx, &person, id, instrument, e)
    })
    .await
}

/// The upload form (multipart): the form token and one file, `document`.
async fn upload(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path((id, instrument, version)): Path<(BodyId, InstrumentId, Uuid)>,
    mut multipart: Multipart,
) -> Result<Response, PageError> {
    let unreadable = || PageError::from(Invalid::one("document", "could not be read"));
    let mut token = String::new();
    let mut file: Option<(String, String, Vec<u8>)> = None;
    while let Some(field) = multipart.next_field().await.map_err(|_| unreadable())? {
        match field.name() {
            Some("csrf_token") => token = field.text().await.map_err(|_| unreadable())?,
            Some("document") => {
                let name = field.file_name().unwrap_or_default().to_string();
                let declared = field.content_type().unwrap_or_default().to_string();
                let bytes = field.bytes().await.map_err(|_| unreadable())?;
                file = Some((name, declared, bytes.to_vec()));
            }
            _ => {}
        }
    }
    let expected = &person.signed_in.session.csrf_token;
    if expected.is_empty() || !tokens_match(expected, &token) {
        return Err(Invalid::one(
            "csrf_token",
            "the form expired; reload the page and try again",
        )
        .into());
    }
    let (name, declared, bytes) = file.unwrap_or_default();
    let result = state
        .app
        .attach_document(
            &person.actor,
            id,
            instrument,
            version,
            &name,
            &declared,
            bytes,
        )
        .await
        .map(|_| ());
    outcome(&ctx, result, back(id, instrument), |e| {
        render_instrument(&state, &ctx, &person, id, instrument, e)
    })
    .await
}

/// The document itself, as an attachment with its checked type.
async fn download(
    State(state): State<AppState>,
    person: Person,
    Path((id, instrument, version)): Path<(BodyId, InstrumentId, Uuid)>,
) -> Result<Response, PageError> {
    let document = state
        .app
        .version_document(&person.actor, id, instrument, version)
        .await?;
    Ok(document_response(document))
}

/// Sent with `Content-Disposition: attachment`, its checked type and
/// `nosniff` (set for every response), so a browser never renders it.
pub fn document_response(document: concord_store::DocumentRow) -> Response {
    (
        [
            (header::CONTENT_TYPE, document.info.content_type.clone()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{}\"", document.info.file_name),
            ),
        ],
        document.content,
    )
        .into_response()
}
