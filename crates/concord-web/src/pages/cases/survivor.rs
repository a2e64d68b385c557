//! Correcting her record on a case: a new safe number when the old phone
//! is no longer safe, a name she gives later. The form is the registration
//! form, filled in; only the owning agency may use it.

use super::register::{SurvivorFormKind, render_survivor_form};
use crate::error::PageError;
use crate::pages::{FormErrors, PageContext, Posted};
use crate::session::Person;
use crate::state::AppState;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use concord_app::AppError;
use concord_app::cases::survivors::SurvivorView;
use concord_domain::ids::CaseId;
use concord_domain::survivor::SurvivorForm;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/cases/{id}/survivor/edit", get(edit))
        .route("/cases/{id}/survivor", post(save))
}

fn editing(id: CaseId) -> SurvivorFormKind {
    SurvivorFormKind {
        action: format!("/cases/{id}/survivor"),
        title_key: "survivor-edit-title",
        intro_key: "survivor-edit-intro",
        button_key: "survivor-save-button",
        case_path: Some(format!("/cases/{id}#survivor-heading")),
    }
}

/// Her record as the form shows it.
fn filled_in(view: &SurvivorView) -> SurvivorForm {
    let mut form = SurvivorForm {
        name: view.name.clone().unwrap_or_default(),
        other_identifiers: view.other_identifiers.clone().unwrap_or_default(),
        date_of_birth: view.date_of_birth.clone().unwrap_or_default(),
        sex_gender: view.row.sex_gender.as_str().into(),
        disability: view.row.disability.then(|| "on".into()),
        displacement: view.row.displacement.as_str().into(),
        languages: view.row.languages.join(", "),
        ..SurvivorForm::default()
    };
    if let Some(contact) = &view.contact {
        form.contact_method = contact.method.as_str().into();
        form.contact_details = contact.details.clone().unwrap_or_default();
        form.safe_times = contact.safe_times.clone().unwrap_or_default();
        form.code_word = contact.code_word.clone().unwrap_or_default();
        form.may_leave_message = contact.may_leave_message.then(|| "on".into());
    }
    form
}

/// The form, filled in from the case file (an audited read of her
/// identity), for the owning agency only.
async fn edit(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path(id): Path<CaseId>,
) -> Result<Response, PageError> {
    let file = state.app.read_case(&person.actor, id, None).await?;
    let Some(survivor) = file.survivor.as_ref().filter(|_| file.may_change) else {
        return Err(AppError::from(concord_domain::access::Denied::OtherAgency).into());
    };
    Ok(render_survivor_form(
        &ctx,
        &person,
        editing(id),
        filled_in(survivor),
        FormErrors::default(),
    ))
}

async fn save(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path(id): Path<CaseId>,
    form: Posted<SurvivorForm>,
) -> Result<Response, PageError> {
    let form = form.checked_for(&person)?;
    match state.app.update_survivor(&person.actor, id, &form).await {
        Ok(()) => Ok(Redirect::to(&format!("/cases/{id}#survivor-heading")).into_response()),
        Err(AppError::Invalid(invalid)) => {
            let errors = FormErrors::from_invalid(&invalid, &ctx.tr);
            Ok(render_survivor_form(
                &ctx,
                &person,
                editing(id),
                form,
                errors,
            ))
        }
        Err(other) => Err(other.into()),
    }
}
