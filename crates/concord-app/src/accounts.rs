//! Managing other people's accounts: system administrators for every
//! agency, agency administrators for their own.

use crate::app::App;
use crate::error::{AppError, AppResult};
use concord_crypto::password::hash_password;
use concord_domain::Invalid;
use concord_domain::access::{Actor, Denied};
use concord_domain::audit::{AuditAction, AuditOutcome};
use concord_domain::ids::{AgencyId, UserId};
use concord_domain::password::check_new_password;
use concord_domain::role::{Permission, Role};
use concord_domain::user::{UserForm, UserInput, parse_roles};
use concord_domain::validation::required_text;
use concord_store::{Page, PageRequest, UserRow};
use secrecy::ExposeSecret;
use secrecy::SecretString;

/// What is being done to an existing account: giving roles or resetting
/// sign-in is guarded more tightly than looking at or disabling it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AccountChange {
    View,
    Activation,
    ProfileOrCredentials,
}

/// Changes to an existing account's profile.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct UserUpdateForm {
    pub display_name: String,
    #[serde(default)]
    pub roles: Vec<String>,
}

impl App {
    /// Creates an account with an initial password chosen by the
    /// administrator (the person changes it under "My account").
    pub async fn create_user(
        &self,
        actor: &Actor,
        form: &UserForm,
        password: &SecretString,
    ) -> AppResult<UserRow> {
        let input = validate_new_user(form, password)?;
        if let Err(denied) = actor
            .may_manage_users_of(input.agency_id)
            .and_then(|_| actor.may_grant(&input.roles, input.agency_id))
        {
            return self
                .refuse(actor, denied, Some(("agency", input.agency_id.to_string())))
                .await;
        }
        self.insert_user(Some(actor), input, password, false).await
    }

    /// `concord admin create-user` and the demo: no signed-in actor; the
    /// operator of the machine is trusted.
    pub async fn create_user_from_command_line(
        &self,
        form: &UserForm,
        password: &SecretString,
        demo_account: bool,
    ) -> AppResult<UserRow> {
        let input = validate_new_user(form, password)?;
        self.insert_user(None, input, password, demo_account).await
    }

    async fn insert_user(
        &self,
        by: Option<&Actor>,
        input: UserInput,
        password: &SecretString,
        demo_account: bool,
    ) -> AppResult<UserRow> {
        if self.store.get_agency(input.agency_id).await?.is_none() {
            return Err(Invalid::one("agency_id", "does not exist").into());
        }
        // An outside provider is named in consents by an agency without
        // users; a user there would read what she consented to share with
        // the outside provider.
        if self.is_outside_provider(input.agency_id).await? {
            return Err(Invalid::one(
                "agency_id",
                "stands for an outside provider, which has no users in Concord",
            )
            .into());
        }
        let now = self.clock.now();
        let user = UserRow {
            id: UserId::new(),
            agency_id: input.agency_id,
            username: input.username,
            display_name: input.display_name,
            password_hash: hash_password(password)?,
            roles: input.roles,
            active: true,
            demo_account,
            totp_secret: None,
            totp_pending_secret: None,
            totp_last_step: None,
            password_changed_at: now,
            created_at: now,
        };
        let event = self.event(
            by,
            AuditAction::UserCreated,
            Some(("user", user.id.to_string())),
            AuditOutcome::Success,
            serde_json::json!({
                "agency_id": user.agency_id,
                "roles": user.roles,
                "via": if by.is_some() { "web" } else { "command_line" },
            }),
        );
        self.store.create_user(&user, &event).await?;
        Ok(user)
    }

    /// An account the actor may act on in this way, or a refusal
    /// (audited). Another agency's account answers "not found", so an
    /// administrator cannot probe which ids exist elsewhere.
    async fn managed_user(
        &self,
        actor: &Actor,
        id: UserId,
        change: AccountChange,
    ) -> AppResult<UserRow> {
        let user = self.store.get_user(id).await?.ok_or(AppError::NotFound)?;
        let allowed = actor
            .may_manage_users_of(user.agency_id)
            .and_then(|_| match change {
                AccountChange::View | AccountChange::Activation => {
                    if user.roles.contains(&Role::SystemAdministrator)
                        && !actor.has(Permission::ManageAllUsers)
                    {
                        Err(Denied::RoleTooHigh)
                    } else {
                        Ok(())
                    }
                }
                AccountChange::ProfileOrCredentials => actor.may_grant(&user.roles, user.agency_id),
            });
        match allowed {
            Ok(()) => Ok(user),
            Err(Denied::OtherAgency) => {
                self.record_refusal(actor, Denied::OtherAgency, Some(("user", id.to_string())))
                    .await?;
                Err(AppError::NotFound)
            }
            Err(denied) => {
                self.refuse(actor, denied, Some(("user", id.to_string())))
                    .await
            }
        }
    }

    pub async fn get_user(&self, actor: &Actor, id: UserId) -> AppResult<UserRow> {
        self.managed_user(actor, id, AccountChange::View).await
    }

    /// Accounts the actor manages: all for a system administrator (or one
    /// agency's when `agency` is given), their own agency's otherwise.
    pub async fn list_users(
        &self,
        actor: &Actor,
        agency: Option<AgencyId>,
        page: &PageRequest,
    ) -> AppResult<Page<UserRow>> {
        let scope = match actor.may_manage_users_of(actor.agency_id) {
            Err(denied) => return self.refuse(actor, denied, None).await,
            Ok(()) if actor.has(Permission::ManageAllUsers) => agency,
            Ok(()) => Some(actor.agency_id),
        };
        Ok(self.store.list_users(scope, page).await?)
    }

    pub async fn update_user(
        &self,
        actor: &Actor,
        id: UserId,
        form: &UserUpdateForm,
    ) -> AppResult<UserRow> {
        let mut invalid = Invalid::default();
        let display_name = required_text(&mut invalid, "display_name", &form.display_name, 120);
        let roles = parse_roles(&mut invalid, &form.roles);
        let mut user = self
            .managed_user(actor, id, AccountChange::ProfileOrCredentials)
            .await?;
        invalid.into_result(())?;
        if let Err(denied) = actor.may_grant(&roles, user.agency_id) {
            return self
                .refuse(actor, denied, Some(("user", id.to_string())))
                .await;
        }
        if id == actor.user_id && roles != user.roles {
            return Err(Invalid::one("roles", "you cannot change your own roles").into());
        }
        let event = self.event(
            Some(actor),
            AuditAction::UserUpdated,
            Some(("user", id.to_string())),
            AuditOutcome::Success,
            serde_json::json!({ "roles": roles }),
        );
        self.store
            .update_user_profile(id, &display_name, &roles, &event)
            .await?;
        user.display_name = display_name;
        user.roles = roles;
        Ok(user)
    }

    /// Disabling ends every session and API token of the account at once.
    pub async fn set_user_active(&self, actor: &Actor, id: UserId, active: bool) -> AppResult<()> {
        self.managed_user(actor, id, AccountChange::Activation)
            .await?;
        if id == actor.user_id {
            return Err(Invalid::one("active", "you cannot disable your own account").into());
        }
        self.write_user_active(Some(actor), id, active).await
    }

    pub async fn disable_user_from_command_line(&self, username: &str) -> AppResult<()> {
        let user = self.user_by_username(username).await?;
        self.write_user_active(None, user.id, false).await
    }

    async fn write_user_active(
        &self,
        by: Option<&Actor>,
        id: UserId,
        active: bool,
    ) -> AppResult<()> {
        let action = if active {
            AuditAction::UserEnabled
        } else {
            AuditAction::UserDisabled
        };
        let event = self.event(
            by,
            action,
            Some(("user", id.to_string())),
            AuditOutcome::Success,
            serde_json::json!({}),
        );
        self.store
            .set_user_active(id, active, self.clock.now(), &event)
            .await?;
        Ok(())
    }

    /// Sets a new password for someone else's account; their sessions end.
    pub async fn reset_password(
        &self,
        actor: &Actor,
        id: UserId,
        password: &SecretString,
    ) -> AppResult<()> {
        let user = self
            .managed_user(actor, id, AccountChange::ProfileOrCredentials)
            .await?;
        self.write_password(Some(actor), &user, password, AuditAction::PasswordReset)
            .await
    }

    pub async fn reset_password_from_command_line(
        &self,
        username: &str,
        password: &SecretString,
    ) -> AppResult<()> {
        let user = self.user_by_username(username).await?;
        self.write_password(None, &user, password, AuditAction::PasswordReset)
            .await
    }

    /// Removes a lost second factor so the person enrols again at next
    /// sign-in.
    pub async fn reset_second_factor(&self, actor: &Actor, id: UserId) -> AppResult<()> {
        self.managed_user(actor, id, AccountChange::ProfileOrCredentials)
            .await?;
        let event = self.event(
            Some(actor),
            AuditAction::SecondFactorRemoved,
            Some(("user", id.to_string())),
            AuditOutcome::Success,
            serde_json::json!({}),
        );
        // Also ends every session and API token of the account.
        self.store
            .disable_totp(id, self.clock.now(), &event)
            .await?;
        Ok(())
    }

    pub(crate) async fn write_password(
        &self,
        by: Option<&Actor>,
        user: &UserRow,
        password: &SecretString,
        action: AuditAction,
    ) -> AppResult<()> {
        check_new_password("password", password.expose_secret(), &user.username)?;
        let hash = hash_password(password)?;
        let event = self.event(
            by,
            action,
            Some(("user", user.id.to_string())),
            AuditOutcome::Success,
            serde_json::json!({}),
        );
        self.store
            .set_password(user.id, &hash, self.clock.now(), &event)
            .await?;
        Ok(())
    }

    async fn user_by_username(&self, username: &str) -> AppResult<UserRow> {
        self.store
            .find_user_by_username(&concord_domain::user::normalise_username(username))
            .await?
            .ok_or_else(|| Invalid::one("username", "no account has this user name").into())
    }
}

fn validate_new_user(form: &UserForm, password: &SecretString) -> Result<UserInput, Invalid> {
    let username = concord_domain::user::normalise_username(&form.username);
    let password_problem =
        check_new_password("password", password.expose_secret(), &username).err();
    match (form.validate(), password_problem) {
        (Ok(input), None) => Ok(input),
        (checked, password_problem) => {
            let mut invalid = checked.err().unwrap_or_default();
            invalid
                .problems
                .extend(password_problem.into_iter().flat_map(|p| p.problems));
            Err(invalid)
        }
    }
}
