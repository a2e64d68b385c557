//! Managing other people's accounts, with separation of duties: an
//! agency's accounts are its own administrators' alone; a system
//! administrator gives a new agency its first administrator (onboarding)
//! and manages system administrators' accounts. Every decision is the
//! domain's ([`Actor::may_change_account`]); this module looks up what it
//! needs (whether the agency has administrators), makes the change and its
//! audit event in one store call, and audits every refusal.

use crate::app::App;
use crate::error::{AppError, AppResult};
use concord_crypto::password::hash_password;
use concord_domain::Invalid;
use concord_domain::access::{AccountChange, AccountRef, Actor, AgencyAdministrators, Denied};
use concord_domain::audit::{AuditAction, AuditOutcome};
use concord_domain::ids::{AgencyId, UserId};
use concord_domain::password::check_new_password;
use concord_domain::role::Permission;
use concord_domain::user::{UserForm, UserInput, parse_roles};
use concord_domain::validation::required_text;
use concord_store::{Page, PageRequest, UserRow};
use secrecy::ExposeSecret;
use secrecy::SecretString;

/// Changes to an existing account's profile.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct UserUpdateForm {
    pub display_name: String,
    #[serde(default)]
    pub roles: Vec<String>,
}

/// The e-mail that tells an account's owner that someone else reset its
/// password or second factor. The web layer words it (in Fluent); it says
/// what happened and when, and nothing else — not the user name, not who
/// did it, never the new password.
#[derive(Debug, Clone)]
pub struct OwnerNotice {
    pub subject: String,
    pub body: String,
}

/// What an actor may do to one account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AccountPowers {
    /// Change its name and roles.
    pub update: bool,
    /// Enable or disable it.
    pub set_active: bool,
    /// Reset its password and second factor.
    pub reset: bool,
    /// Whether its agency has administrators of its own.
    pub administrators: AgencyAdministrators,
}

fn account_ref(user: &UserRow) -> AccountRef<'_> {
    AccountRef {
        id: user.id,
        agency: user.agency_id,
        roles: &user.roles,
    }
}

impl App {
    /// Whether an agency has administrators of its own, as the rules ask.
    pub async fn agency_administrators(&self, agency: AgencyId) -> AppResult<AgencyAdministrators> {
        let (active, all) = self.store.count_agency_administrators(agency).await?;
        Ok(AgencyAdministrators::from_counts(
            u64::from(active),
            u64::from(all),
        ))
    }

    /// Decides a change to an account with the domain, auditing a refusal.
    /// Another agency's existing account answers "not found", so an
    /// administrator cannot probe which ids exist elsewhere.
    async fn decide(&self, actor: &Actor, change: AccountChange<'_>) -> AppResult<()> {
        let administrators = self.agency_administrators(change.agency()).await?;
        let object = match change.account() {
            Some(account) => ("user", account.id.to_string()),
            None => ("agency", change.agency().to_string()),
        };
        match actor.may_change_account(change, administrators) {
            Ok(()) => Ok(()),
            Err(Denied::OtherAgency) if change.account().is_some() => {
                self.record_refusal(actor, Denied::OtherAgency, Some(object))
                    .await?;
                Err(AppError::NotFound)
            }
            Err(denied) => self.refuse(actor, denied, Some(object)).await,
        }
    }

    /// Refuses, before the account is even looked up, a change of
    /// credentials that no account could allow: through a token, or one's
    /// own (My account asks for the current password).
    async fn refuse_credentials_without_proof(&self, actor: &Actor, id: UserId) -> AppResult<()> {
        let refused = actor
            .may_change_credentials()
            .err()
            .or_else(|| (id == actor.user_id).then_some(Denied::OwnCredentialsInMyAccount));
        match refused {
            Some(denied) => {
                self.refuse(actor, denied, Some(("user", id.to_string())))
                    .await
            }
            None => Ok(()),
        }
    }

    /// Creates an account with an initial password chosen by the
    /// administrator (the person changes it under "My account"). A system
    /// administrator's first agency administrator for an agency is written
    /// only if the agency still has none when it is stored.
    pub async fn create_user(
        &self,
        actor: &Actor,
        form: &UserForm,
        password: &SecretString,
    ) -> AppResult<UserRow> {
        let input = validate_new_user(form, password)?;
        self.decide(
            actor,
            AccountChange::Create {
                agency: input.agency_id,
                roles: &input.roles,
            },
        )
        .await?;
        let onboarding = actor.onboards(&input.roles, input.agency_id);
        self.insert_user(Some(actor), input, password, false, onboarding)
            .await
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
        self.insert_user(None, input, password, demo_account, false)
            .await
    }

    async fn insert_user(
        &self,
        by: Option<&Actor>,
        input: UserInput,
        password: &SecretString,
        demo_account: bool,
        onboarding: bool,
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
            email: input.email,
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
                "onboarding": onboarding,
            }),
        );
        if onboarding {
            if !self
                .store
                .create_first_agency_administrator(&user, &event)
                .await?
            {
                // Another onboarding (or a recovery) got there first.
                if let Some(actor) = by {
                    return self
                        .refuse(
                            actor,
                            Denied::AgencyManagesItsOwnAccounts,
                            Some(("agency", user.agency_id.to_string())),
                        )
                        .await;
                }
                return Err(Denied::AgencyManagesItsOwnAccounts.into());
            }
        } else {
            self.store.create_user(&user, &event).await?;
        }
        Ok(user)
    }

    /// An account the actor may see, or a refusal (audited); another
    /// agency's account answers "not found".
    async fn visible_user(&self, actor: &Actor, id: UserId) -> AppResult<UserRow> {
        let user = self.store.get_user(id).await?.ok_or(AppError::NotFound)?;
        match actor.may_view_account(account_ref(&user)) {
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

    /// What the actor may do to this account, for what a page offers (each
    /// is decided again, audited, when it is asked for).
    pub async fn account_powers(&self, actor: &Actor, user: &UserRow) -> AppResult<AccountPowers> {
        let administrators = self.agency_administrators(user.agency_id).await?;
        let account = account_ref(user);
        let may = |change| actor.may_change_account(change, administrators).is_ok();
        Ok(AccountPowers {
            update: may(AccountChange::Update {
                account,
                roles: &user.roles,
            }),
            set_active: may(AccountChange::SetActive { account }),
            reset: may(AccountChange::ResetPassword { account }),
            administrators,
        })
    }

    pub async fn get_user(&self, actor: &Actor, id: UserId) -> AppResult<UserRow> {
        self.visible_user(actor, id).await
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

    /// Changes an account's name and roles: the agency's own administrators
    /// (or, for a system administrator's account, system administrators).
    pub async fn update_user(
        &self,
        actor: &Actor,
        id: UserId,
        form: &UserUpdateForm,
    ) -> AppResult<UserRow> {
        let mut invalid = Invalid::default();
        let display_name = required_text(&mut invalid, "display_name", &form.display_name, 120);
        let roles = parse_roles(&mut invalid, &form.roles);
        let mut user = self.visible_user(actor, id).await?;
        // May the actor change this account at all (keeping its roles)?
        self.decide(
            actor,
            AccountChange::Update {
                account: account_ref(&user),
                roles: &user.roles,
            },
        )
        .await?;
        invalid.into_result(())?;
        self.decide(
            actor,
            AccountChange::Update {
                account: account_ref(&user),
                roles: &roles,
            },
        )
        .await?;
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
        let user = self.visible_user(actor, id).await?;
        self.decide(
            actor,
            AccountChange::SetActive {
                account: account_ref(&user),
            },
        )
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

    /// Sets a new password for someone else's account: only a person signed
    /// in (never a token), never for oneself (My account), only the
    /// account's own agency administrators. Every session and API token of
    /// the account ends, and its owner is told by e-mail.
    pub async fn reset_password(
        &self,
        actor: &Actor,
        id: UserId,
        password: &SecretString,
        notice: OwnerNotice,
    ) -> AppResult<()> {
        self.refuse_credentials_without_proof(actor, id).await?;
        let user = self.visible_user(actor, id).await?;
        self.decide(
            actor,
            AccountChange::ResetPassword {
                account: account_ref(&user),
            },
        )
        .await?;
        self.write_password(Some(actor), &user, password, AuditAction::PasswordReset)
            .await?;
        self.tell_owner(&user, notice);
        Ok(())
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
    /// sign-in; the same rules as a password reset, and the owner is told
    /// by e-mail.
    pub async fn reset_second_factor(
        &self,
        actor: &Actor,
        id: UserId,
        notice: OwnerNotice,
    ) -> AppResult<()> {
        self.refuse_credentials_without_proof(actor, id).await?;
        let user = self.visible_user(actor, id).await?;
        self.decide(
            actor,
            AccountChange::ResetSecondFactor {
                account: account_ref(&user),
            },
        )
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
        self.tell_owner(&user, notice);
        Ok(())
    }

    /// E-mails the owner of an account at its own address, in the
    /// background (as referrals' arrival notices go out), when SMTP is
    /// configured and the account has an address. A failure is logged by
    /// kind only; nothing else depends on it.
    fn tell_owner(&self, user: &UserRow, notice: OwnerNotice) {
        let (Some(smtp), Some(address)) = (self.config.referrals.smtp.clone(), user.email.clone())
        else {
            return;
        };
        tokio::spawn(async move {
            if !send_one(&smtp, &address, notice).await {
                tracing::warn!(kind = "credentials_reset", "a notification e-mail failed");
            }
        });
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

/// Hands one plain-text message to the relay (`--smtp-url`), as the
/// referral notices do.
async fn send_one(smtp: &crate::referrals::SmtpConfig, to: &str, notice: OwnerNotice) -> bool {
    use lettre::message::{Mailbox, Message, header::ContentType};
    use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
    let Ok((host, port)) = crate::referrals::email::parse_smtp_url(&smtp.url) else {
        return false;
    };
    let (Ok(from), Ok(to)) = (smtp.from.parse::<Mailbox>(), to.parse::<Mailbox>()) else {
        return false;
    };
    let Ok(message) = Message::builder()
        .from(from)
        .to(to)
        .subject(notice.subject)
        .header(ContentType::TEXT_PLAIN)
        .body(notice.body)
    else {
        return false;
    };
    let transport = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host)
        .port(port)
        .build();
    transport.send(message).await.is_ok()
}
