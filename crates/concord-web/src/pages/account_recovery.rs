//! Account recovery for system administrators: the requests (open and
//! recently decided), asking to restore an agency's administration, and
//! approving or declining someone else's request; and the notice an
//! agency's administrators dismiss from their home page.

use super::{FormErrors, NoFields, PageChrome, PageContext, Posted};
use crate::error::PageError;
use crate::i18n::Tr;
use crate::session::Person;
use crate::state::AppState;
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use concord_app::AppError;
use concord_app::account_recovery::{
    RecoveryAnnouncement, RecoveryError, RecoveryForm, RecoveryView,
};
use concord_domain::account_recovery::{RecoveryStatus, Refusal};
use concord_domain::ids::AccountRecoveryId;
use concord_store::AgencyRow;
use secrecy::SecretString;
use uuid::Uuid;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/account-recoveries", get(list).post(create))
        .route("/account-recoveries/new", get(new))
        .route("/account-recoveries/{id}", get(show))
        .route("/account-recoveries/{id}/approve", post(approve))
        .route("/account-recoveries/{id}/decline", post(decline))
        .route(
            "/account-recovery-notices/{id}/dismiss",
            post(dismiss_notice),
        )
}

/// The words of a refusal, in the reader's language.
pub fn refusal_text(tr: &Tr, refusal: Refusal) -> String {
    tr.t(&format!(
        "account-recovery-refused-{}",
        refusal.code().replace('_', "-")
    ))
}

/// The status code a refusal answers with: 403 when the person may not
/// do it, 409 when the request or the agency no longer allows it.
pub fn refusal_status(refusal: Refusal) -> StatusCode {
    if refusal.is_conflict() {
        StatusCode::CONFLICT
    } else {
        StatusCode::FORBIDDEN
    }
}

/// The e-mail to the agency, in the deployment's language.
pub fn announcement_words(announcement: &RecoveryAnnouncement) -> (String, String) {
    let tr = Tr::default();
    let args = [
        ("agency", announcement.agency_name.clone()),
        ("at", announcement.approved_at_local.clone()),
        ("link", announcement.link.clone()),
    ];
    (
        tr.targs("account-recovery-mail-subject", &args),
        tr.targs("account-recovery-mail-body", &args),
    )
}

fn status_label(tr: &Tr, status: RecoveryStatus) -> String {
    tr.t(&format!("account-recovery-status-{}", status.as_str()))
}

/// A request as listed and shown.
pub struct RecoveryItem {
    pub view: RecoveryView,
    pub status: String,
    pub account: String,
}

fn item(tr: &Tr, view: RecoveryView) -> RecoveryItem {
    let account = if view.restores {
        format!(
            "{} ({})",
            view.row.username,
            tr.t("account-recovery-account-restored")
        )
    } else {
        format!(
            "{} ({})",
            view.row.username,
            tr.t1(
                "account-recovery-account-new",
                "name",
                view.row.display_name.clone().unwrap_or_default()
            )
        )
    };
    RecoveryItem {
        status: status_label(tr, view.status),
        account,
        view,
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "account_recoveries.html")]
struct ListPage {
    page: PageChrome,
    open: Vec<RecoveryItem>,
    decided: Vec<RecoveryItem>,
}

async fn list(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
) -> Result<ListPage, PageError> {
    let views = state.app.account_recoveries(&person.actor).await?;
    let (open, decided): (Vec<_>, Vec<_>) = views
        .into_iter()
        .map(|v| item(&ctx.tr, v))
        .partition(|i| i.view.status == RecoveryStatus::Open);
    Ok(ListPage {
        page: ctx.chrome(&person, "account-recovery-title", "nav-account-recovery"),
        open,
        decided,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "account_recovery_new.html")]
struct NewPage {
    page: PageChrome,
    form: RecoveryForm,
    agencies: Vec<AgencyRow>,
    errors: FormErrors,
}

async fn render_new(
    state: &AppState,
    ctx: &PageContext,
    person: &Person,
    form: RecoveryForm,
    errors: FormErrors,
    status: StatusCode,
) -> Result<Response, PageError> {
    let page = NewPage {
        page: ctx.chrome(person, "account-recovery-new-title", "nav-account-recovery"),
        agencies: state.app.all_agencies(&person.actor).await?,
        form,
        errors,
    };
    Ok((status, page).into_response())
}

async fn new(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
) -> Result<Response, PageError> {
    // The list checks who may see recovery at all (and audits a refusal).
    state.app.account_recoveries(&person.actor).await?;
    render_new(
        &state,
        &ctx,
        &person,
        RecoveryForm::default(),
        FormErrors::default(),
        StatusCode::OK,
    )
    .await
}

async fn create(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    form: Posted<RecoveryForm>,
) -> Result<Response, PageError> {
    let form = form.checked_for(&person)?;
    match state
        .app
        .request_account_recovery(&person.actor, &form)
        .await
    {
        Ok(row) => Ok(Redirect::to(&format!("/account-recoveries/{}", row.id)).into_response()),
        Err(RecoveryError::Refused(refusal)) => {
            let errors = FormErrors::message(refusal_text(&ctx.tr, refusal));
            render_new(&state, &ctx, &person, form, errors, refusal_status(refusal)).await
        }
        Err(RecoveryError::App(AppError::Invalid(invalid))) => {
            let errors = FormErrors::from_invalid_labelled(
                &invalid,
                &ctx.tr,
                &[("reason", "account-recovery-reason")],
            );
            let status = errors.status();
            render_new(&state, &ctx, &person, form, errors, status).await
        }
        Err(RecoveryError::App(other)) => Err(other.into()),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "account_recovery.html")]
struct ShowPage {
    page: PageChrome,
    recovery: RecoveryItem,
    is_requester: bool,
    /// Why this reader may not approve, in their language (no form then).
    approval_refused: Option<String>,
    notice: Option<String>,
    errors: FormErrors,
}

async fn render_show(
    state: &AppState,
    ctx: &PageContext,
    person: &Person,
    id: AccountRecoveryId,
    notice: Option<String>,
    errors: FormErrors,
    status: StatusCode,
) -> Result<Response, PageError> {
    let view = state.app.account_recovery(&person.actor, id).await?;
    let page = ShowPage {
        page: ctx.chrome(person, "account-recovery-title", "nav-account-recovery"),
        is_requester: view.row.requested_by == person.actor.user_id,
        approval_refused: view
            .approval_refused
            .map(|refusal| refusal_text(&ctx.tr, refusal)),
        recovery: item(&ctx.tr, view),
        notice,
        errors,
    };
    Ok((status, page).into_response())
}

async fn show(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path(id): Path<AccountRecoveryId>,
) -> Result<Response, PageError> {
    render_show(
        &state,
        &ctx,
        &person,
        id,
        None,
        FormErrors::default(),
        StatusCode::OK,
    )
    .await
}

#[derive(serde::Deserialize)]
struct ApproveForm {
    #[serde(default)]
    password: String,
}

async fn approve(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path(id): Path<AccountRecoveryId>,
    form: Posted<ApproveForm>,
) -> Result<Response, PageError> {
    let form = form.checked_for(&person)?;
    let password = SecretString::from(form.password);
    let result = state
        .app
        .approve_account_recovery(&person.actor, id, &password, &announcement_words)
        .await;
    outcome(
        &state,
        &ctx,
        &person,
        id,
        result.map(|_| "account-recovery-approved"),
    )
    .await
}

async fn decline(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path(id): Path<AccountRecoveryId>,
    form: Posted<NoFields>,
) -> Result<Response, PageError> {
    form.checked_for(&person)?;
    let result = state.app.decline_account_recovery(&person.actor, id).await;
    outcome(
        &state,
        &ctx,
        &person,
        id,
        result.map(|_| "account-recovery-declined"),
    )
    .await
}

/// The request page again, saying what happened.
async fn outcome(
    state: &AppState,
    ctx: &PageContext,
    person: &Person,
    id: AccountRecoveryId,
    result: Result<&str, RecoveryError>,
) -> Result<Response, PageError> {
    match result {
        Ok(key) => {
            let notice = Some(ctx.tr.t(key));
            render_show(
                state,
                ctx,
                person,
                id,
                notice,
                FormErrors::default(),
                StatusCode::OK,
            )
            .await
        }
        Err(RecoveryError::Refused(refusal)) => {
            let errors = FormErrors::message(refusal_text(&ctx.tr, refusal));
            render_show(
                state,
                ctx,
                person,
                id,
                None,
                errors,
                refusal_status(refusal),
            )
            .await
        }
        Err(RecoveryError::App(AppError::Invalid(invalid))) => {
            let errors = FormErrors::from_invalid_labelled(
                &invalid,
                &ctx.tr,
                &[("password", "account-recovery-password")],
            );
            let status = errors.status();
            render_show(state, ctx, person, id, None, errors, status).await
        }
        Err(RecoveryError::App(other)) => Err(other.into()),
    }
}

async fn dismiss_notice(
    State(state): State<AppState>,
    person: Person,
    Path(id): Path<Uuid>,
    form: Posted<NoFields>,
) -> Result<Response, PageError> {
    form.checked_for(&person)?;
    state.app.dismiss_recovery_notice(&person.actor, id).await?;
    Ok(Redirect::to("/").into_response())
}

/// A burst as the home page says it.
pub struct BurstLine {
    pub text: String,
    /// Whose acts (for the link to the audit log).
    pub actor: concord_domain::ids::UserId,
}

/// A recovery notice as the home page says it.
pub struct NoticeLine {
    pub text: String,
    pub id: Uuid,
}

/// The account alerts of the home page, worded.
#[derive(Default)]
pub struct HomeAccounts {
    pub bursts: Vec<BurstLine>,
    pub to_approve: usize,
    pub notices: Vec<NoticeLine>,
}

impl HomeAccounts {
    pub fn is_empty(&self) -> bool {
        self.bursts.is_empty() && self.to_approve == 0 && self.notices.is_empty()
    }
}

/// Words the actor's account alerts.
pub async fn home_accounts(
    state: &AppState,
    tr: &Tr,
    person: &Person,
) -> Result<HomeAccounts, PageError> {
    let alerts = state.app.account_alerts(&person.actor).await?;
    Ok(HomeAccounts {
        bursts: alerts
            .bursts
            .iter()
            .map(|b| BurstLine {
                text: burst_text(tr, b),
                actor: b.burst.actor,
            })
            .collect(),
        to_approve: alerts.recoveries_to_approve.len(),
        notices: alerts
            .notices
            .iter()
            .map(|n| NoticeLine {
                text: notice_text(tr, n),
                id: n.notice.id,
            })
            .collect(),
    })
}

pub fn burst_text(tr: &Tr, b: &concord_app::account_recovery::BurstView) -> String {
    tr.targs(
        "home-burst",
        &[
            ("name", b.actor_name.clone()),
            ("acts", b.burst.acts.to_string()),
            ("agencies", b.burst.agencies.to_string()),
            ("first", b.first_at_local.clone()),
            ("last", b.last_at_local.clone()),
        ],
    )
}

pub fn notice_text(tr: &Tr, n: &concord_app::account_recovery::RecoveryNoticeView) -> String {
    tr.targs(
        "home-recovery-notice",
        &[
            ("username", n.username.clone()),
            ("at", n.approved_at_local.clone()),
            ("requester", n.requested_by_name.clone()),
            ("approver", n.approved_by_name.clone()),
            ("reason", n.reason.clone()),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// Every refusal and status has its own words, and the e-mail names the
    /// agency, the time and the link and nothing else it was not given.
    #[test]
    fn every_refusal_and_status_is_worded() {
        let tr = Tr::default();
        let mut texts = BTreeSet::new();
        for refusal in Refusal::ALL {
            let text = refusal_text(&tr, refusal);
            assert!(
                !text.is_empty() && !text.contains("account-recovery-"),
                "{refusal}: {text}"
            );
            texts.insert(text);
        }
        assert_eq!(texts.len(), Refusal::ALL.len());
        for status in RecoveryStatus::ALL {
            let text = status_label(&tr, status);
            assert!(!text.contains("account-recovery-"), "{status}: {text}");
        }
        let (subject, body) = announcement_words(&RecoveryAnnouncement {
            agency_name: "Safe Haven".into(),
            approved_at_local: "2026-03-02 09:00 UTC".into(),
            link: "https://concord.example/".into(),
        });
        assert!(subject.contains("Safe Haven"), "{subject}");
        for fact in [
            "Safe Haven",
            "2026-03-02 09:00 UTC",
            "https://concord.example/",
        ] {
            assert!(body.contains(fact), "{fact}: {body}");
        }
    }
}
