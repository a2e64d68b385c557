//! Accounts: administrators create, edit, disable and reset them — an
//! agency's own administrators its accounts, system administrators an
//! agency's first administrator and each other's (separation of duties is
//! the domain's, `access::Actor::may_change_account`).

use super::{FormErrors, NoFields, PageChrome, PageContext, Posted};
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
use concord_app::accounts::{OwnerNotice, UserUpdateForm};
use concord_domain::access::AgencyAdministrators;
use concord_domain::ids::{AgencyId, UserId};
use concord_domain::role::{Permission, Role};
use concord_domain::user::UserForm;
use concord_store::{AgencyRow, UserRow};
use secrecy::SecretString;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/users", get(list).post(create))
        .route("/users/new", get(new))
        .route("/users/{id}", get(show).post(update))
        .route("/users/{id}/disable", post(disable))
        .route("/users/{id}/enable", post(enable))
        .route("/users/{id}/reset-password", post(reset_password))
        .route("/users/{id}/reset-second-factor", post(reset_second_factor))
}

/// A role with its label, for checkboxes and lists.
pub struct RoleChoice {
    pub value: &'static str,
    pub label: String,
    pub checked: bool,
}

fn role_choices(
    ctx: &PageContext,
    chosen: &[String],
    grantable: &dyn Fn(Role) -> bool,
) -> Vec<RoleChoice> {
    Role::ALL
        .into_iter()
        .filter(|r| grantable(*r))
        .map(|r| RoleChoice {
            value: r.as_str(),
            label: ctx.tr.t(&format!("role-{}", r.as_str().replace('_', "-"))),
            checked: chosen.iter().any(|c| c == r.as_str()),
        })
        .collect()
}

fn role_labels(ctx: &PageContext, roles: &[Role]) -> String {
    roles
        .iter()
        .map(|r| ctx.tr.t(&format!("role-{}", r.as_str().replace('_', "-"))))
        .collect::<Vec<_>>()
        .join(", ")
}

#[derive(serde::Deserialize, Default)]
struct UsersQuery {
    after: Option<String>,
    agency: Option<String>,
}

pub struct UserListItem {
    pub user: UserRow,
    pub agency_name: String,
    pub roles: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "users.html")]
struct UsersPage {
    page: PageChrome,
    users: Vec<UserListItem>,
    agencies: Vec<AgencyRow>,
    agency_filter: String,
    can_filter: bool,
    next: Option<String>,
}

async fn list(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Query(query): Query<UsersQuery>,
) -> Result<UsersPage, PageError> {
    let agency_filter = query.agency.clone().unwrap_or_default();
    let agency = agency_filter.parse::<AgencyId>().ok();
    let page = concord_store::PageRequest {
        after: query.after.filter(|a| !a.is_empty()),
        limit: 50,
    };
    let users = state.app.list_users(&person.actor, agency, &page).await?;
    let agencies = state.app.all_agencies(&person.actor).await?;
    let items = users
        .items
        .into_iter()
        .map(|user| UserListItem {
            agency_name: agency_name(&agencies, user.agency_id),
            roles: role_labels(&ctx, &user.roles),
            user,
        })
        .collect();
    Ok(UsersPage {
        page: ctx.chrome(&person, "users-title", "nav-users"),
        users: items,
        can_filter: person.actor.has(Permission::ManageAllUsers),
        agencies,
        agency_filter,
        next: users.next,
    })
}

fn agency_name(agencies: &[AgencyRow], id: AgencyId) -> String {
    agencies
        .iter()
        .find(|a| a.id == id)
        .map(|a| a.name.clone())
        .unwrap_or_default()
}

#[derive(Template, WebTemplate)]
#[template(path = "user_new.html")]
struct NewUserPage {
    page: PageChrome,
    form: UserForm,
    agencies: Vec<AgencyRow>,
    roles: Vec<RoleChoice>,
    errors: FormErrors,
    /// A system administrator: say what onboarding allows.
    onboarding_hint: bool,
}

/// The new-user form: the account plus its initial password. (Not a
/// `#[serde(flatten)]` of `UserForm`: flattening loses repeated fields such
/// as `roles`.)
#[derive(serde::Deserialize)]
struct NewUserSubmission {
    #[serde(default)]
    username: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    agency_id: String,
    #[serde(default)]
    roles: Vec<String>,
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
}

impl NewUserSubmission {
    fn split(self) -> (UserForm, SecretString) {
        let form = UserForm {
            username: self.username,
            display_name: self.display_name,
            agency_id: self.agency_id,
            roles: self.roles,
            email: self.email,
        };
        (form, SecretString::from(self.password))
    }
}

/// Agencies this person may create accounts in.
async fn manageable_agencies(
    state: &AppState,
    person: &Person,
) -> Result<Vec<AgencyRow>, PageError> {
    let all = state.app.all_agencies(&person.actor).await?;
    Ok(all
        .into_iter()
        .filter(|a| person.actor.may_manage_users_of(a.id).is_ok())
        .collect())
}

async fn render_new(
    state: &AppState,
    ctx: &PageContext,
    person: &Person,
    form: UserForm,
    errors: FormErrors,
) -> Result<Response, PageError> {
    let status = errors.status();
    let actor = person.actor.clone();
    // A role is offered if it can be given in some agency the person
    // manages (a system administrator: an agency's first administrator).
    let page = NewUserPage {
        page: ctx.chrome(person, "user-new-title", "nav-users"),
        agencies: manageable_agencies(state, person).await?,
        roles: role_choices(ctx, &form.roles, &|r| {
            AgencyAdministrators::ALL
                .into_iter()
                .any(|admins| actor.may_grant(&[r], actor.agency_id, admins).is_ok())
        }),
        onboarding_hint: actor.has(Permission::ManageAllUsers),
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
    person
        .actor
        .may_manage_users_of(person.actor.agency_id)
        .map_err(AppError::from)?;
    let form = UserForm {
        agency_id: person.actor.agency_id.to_string(),
        ..UserForm::default()
    };
    render_new(&state, &ctx, &person, form, FormErrors::default()).await
}

async fn create(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    form: Posted<NewUserSubmission>,
) -> Result<Response, PageError> {
    let (user_form, password) = form.checked_for(&person)?.split();
    match state
        .app
        .create_user(&person.actor, &user_form, &password)
        .await
    {
        Ok(user) => Ok(Redirect::to(&format!("/users/{}", user.id)).into_response()),
        Err(AppError::Invalid(invalid)) => {
            // On this form the password field is labelled "Initial password".
            let errors = FormErrors::from_invalid_labelled(
                &invalid,
                &ctx.tr,
                &[("password", "field-initial-password")],
            );
            render_new(&state, &ctx, &person, user_form, errors).await
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "user.html")]
struct UserPage {
    page: PageChrome,
    user: UserRow,
    agency_name: String,
    form: UserUpdateForm,
    roles: Vec<RoleChoice>,
    errors: FormErrors,
    /// Name and roles (only the account's own agency administrators, or
    /// system administrators for one of theirs).
    can_update: bool,
    /// Enabling and disabling it.
    can_set_active: bool,
    /// Resetting its password and second factor.
    can_reset: bool,
    is_self: bool,
    notice: Option<String>,
}

async fn render_user(
    state: &AppState,
    ctx: &PageContext,
    person: &Person,
    user: UserRow,
    form: Option<UserUpdateForm>,
    errors: FormErrors,
    notice: Option<String>,
) -> Result<Response, PageError> {
    let status = errors.status();
    let form = form.unwrap_or_else(|| UserUpdateForm {
        display_name: user.display_name.clone(),
        roles: user.roles.iter().map(|r| r.as_str().to_string()).collect(),
    });
    let agency = state.app.get_agency(&person.actor, user.agency_id).await?;
    let actor = person.actor.clone();
    let powers = state.app.account_powers(&actor, &user).await?;
    let system_account = user.roles.contains(&Role::SystemAdministrator);
    // A person's name is personal data: the page title stays generic.
    let page = UserPage {
        page: ctx.chrome(person, "user-title", "nav-users"),
        agency_name: agency.name,
        roles: role_choices(ctx, &form.roles, &|r| {
            let alone = [r];
            let beside_system = [Role::SystemAdministrator, r];
            let roles: &[Role] = if system_account {
                &beside_system
            } else {
                &alone
            };
            actor
                .may_grant(roles, user.agency_id, powers.administrators)
                .is_ok()
        }),
        can_update: powers.update,
        can_set_active: powers.set_active,
        can_reset: powers.reset,
        is_self: user.id == person.actor.user_id,
        user,
        form,
        errors,
        notice,
    };
    Ok((status, page).into_response())
}

async fn show(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path(id): Path<UserId>,
) -> Result<Response, PageError> {
    let user = state.app.get_user(&person.actor, id).await?;
    render_user(
        &state,
        &ctx,
        &person,
        user,
        None,
        FormErrors::default(),
        None,
    )
    .await
}

async fn update(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path(id): Path<UserId>,
    form: Posted<UserUpdateForm>,
) -> Result<Response, PageError> {
    let form = form.checked_for(&person)?;
    match state.app.update_user(&person.actor, id, &form).await {
        Ok(user) => {
            let notice = Some(ctx.tr.t("user-saved"));
            render_user(
                &state,
                &ctx,
                &person,
                user,
                None,
                FormErrors::default(),
                notice,
            )
            .await
        }
        Err(AppError::Invalid(invalid)) => {
            let user = state.app.get_user(&person.actor, id).await?;
            let errors = FormErrors::from_invalid(&invalid, &ctx.tr);
            render_user(&state, &ctx, &person, user, Some(form), errors, None).await
        }
        Err(other) => Err(other.into()),
    }
}

async fn set_active(
    state: AppState,
    ctx: PageContext,
    person: Person,
    id: UserId,
    form: Posted<NoFields>,
    active: bool,
) -> Result<Response, PageError> {
    form.checked_for(&person)?;
    let result = state.app.set_user_active(&person.actor, id, active).await;
    let user = state.app.get_user(&person.actor, id).await?;
    match result {
        Ok(()) => {
            let key = if active {
                "user-enabled"
            } else {
                "user-disabled"
            };
            render_user(
                &state,
                &ctx,
                &person,
                user,
                None,
                FormErrors::default(),
                Some(ctx.tr.t(key)),
            )
            .await
        }
        Err(AppError::Invalid(invalid)) => {
            let errors = FormErrors::from_invalid(&invalid, &ctx.tr);
            render_user(&state, &ctx, &person, user, None, errors, None).await
        }
        Err(other) => Err(other.into()),
    }
}

async fn disable(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path(id): Path<UserId>,
    form: Posted<NoFields>,
) -> Result<Response, PageError> {
    set_active(state, ctx, person, id, form, false).await
}

async fn enable(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path(id): Path<UserId>,
    form: Posted<NoFields>,
) -> Result<Response, PageError> {
    set_active(state, ctx, person, id, form, true).await
}

#[derive(serde::Deserialize)]
struct PasswordResetForm {
    #[serde(default)]
    password: String,
}

async fn reset_password(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path(id): Path<UserId>,
    form: Posted<PasswordResetForm>,
) -> Result<Response, PageError> {
    let form = form.checked_for(&person)?;
    let password = SecretString::from(form.password);
    let notice = owner_notice(&state, &ctx.tr, "owner-notice-password");
    let result = state
        .app
        .reset_password(&person.actor, id, &password, notice)
        .await;
    let user = state.app.get_user(&person.actor, id).await?;
    match result {
        Ok(()) => {
            let notice = Some(ctx.tr.t("user-password-reset"));
            render_user(
                &state,
                &ctx,
                &person,
                user,
                None,
                FormErrors::default(),
                notice,
            )
            .await
        }
        Err(AppError::Invalid(invalid)) => {
            let errors = FormErrors::from_invalid_labelled(
                &invalid,
                &ctx.tr,
                &[("password", "field-new-password")],
            );
            render_user(&state, &ctx, &person, user, None, errors, None).await
        }
        Err(other) => Err(other.into()),
    }
}

async fn reset_second_factor(
    State(state): State<AppState>,
    ctx: PageContext,
    person: Person,
    Path(id): Path<UserId>,
    form: Posted<NoFields>,
) -> Result<Response, PageError> {
    form.checked_for(&person)?;
    let notice = owner_notice(&state, &ctx.tr, "owner-notice-second-factor");
    state
        .app
        .reset_second_factor(&person.actor, id, notice)
        .await?;
    let user = state.app.get_user(&person.actor, id).await?;
    let notice = Some(ctx.tr.t("user-second-factor-reset"));
    render_user(
        &state,
        &ctx,
        &person,
        user,
        None,
        FormErrors::default(),
        notice,
    )
    .await
}

/// The e-mail telling an account's owner that their sign-in was reset:
/// what and when, and where to sign in (`<key>-subject`, `<key>-body`).
pub(crate) fn owner_notice(state: &AppState, tr: &crate::i18n::Tr, key: &str) -> OwnerNotice {
    let when = state.app.local_text(state.app.now());
    let url = format!(
        "{}/sign-in",
        state
            .app
            .config()
            .referrals
            .public_url
            .trim_end_matches('/')
    );
    OwnerNotice {
        subject: tr.t(&format!("{key}-subject")),
        body: tr.targs(&format!("{key}-body"), &[("when", when), ("url", url)]),
    }
}
