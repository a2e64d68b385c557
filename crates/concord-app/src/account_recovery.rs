//! Restoring the administration of an agency that has lost every
//! administrator, and the burst alert (the rules are in
//! `concord_domain::account_recovery`).
//!
//! Recovery takes two different system administrators: one requests
//! (naming the agency, the account to make or restore as its administrator,
//! and why), another — whose account is unrelated to the requester's
//! (neither made the other and no account made both, read from the audit
//! log up the line of creators) and existed a day before the request —
//! approves before the limit and sets the account's
//! one-time password, as when creating an account (the person changes it
//! under My account, and enrols a second factor at first sign-in). The
//! approval, the account, the notice to the agency and both audit events
//! are one transaction; the agency is also e-mailed at its directory
//! address, in the background. Every step and every refusal is audited
//! with both administrators' ids; a lapse is recorded by whoever notices it
//! first (a page, an approval, or the background work of any instance).

use crate::app::App;
use crate::error::{AppError, AppResult};
use crate::referrals::email::AgencyMail;
use chrono::{DateTime, Utc};
use concord_crypto::password::hash_password;
use concord_domain::Invalid;
use concord_domain::access::{Actor, AgencyAdministrators, Denied};
use concord_domain::account_recovery::{
    self as rules, ACCOUNT_ACTS, Approver, Burst, RecoveryStatus, Refusal, Request,
};
use concord_domain::audit::{AuditAction, AuditOutcome};
use concord_domain::ids::{AccountRecoveryId, AgencyId, UserId};
use concord_domain::password::check_new_password;
use concord_domain::role::{Permission, Role};
use concord_domain::user::check_username;
use concord_domain::validation::{optional_text, required_text};
use concord_store::{
    AccountRecoveryNoticeRow, AccountRecoveryRow, RecoveredAccount, RecoveryApproval, StoreError,
    UserRow,
};
use secrecy::{ExposeSecret, SecretString};
use serde_json::json;
use std::collections::HashMap;
use uuid::Uuid;

/// How many decided requests the list shows after the open ones.
const DECIDED_SHOWN: u32 = 20;

/// What a recovery use case can answer besides success: a refusal by the
/// rules (already audited), or any other application error.
#[derive(Debug, thiserror::Error)]
pub enum RecoveryError {
    #[error("account recovery refused: {0}")]
    Refused(Refusal),
    #[error(transparent)]
    App(#[from] AppError),
}

impl From<StoreError> for RecoveryError {
    fn from(e: StoreError) -> Self {
        RecoveryError::App(e.into())
    }
}

impl From<Invalid> for RecoveryError {
    fn from(e: Invalid) -> Self {
        RecoveryError::App(e.into())
    }
}

impl From<Denied> for RecoveryError {
    fn from(e: Denied) -> Self {
        RecoveryError::App(e.into())
    }
}

pub type RecoveryResult<T> = Result<T, RecoveryError>;

/// A request as typed (the page's form and the API's body).
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct RecoveryForm {
    #[serde(default)]
    pub agency_id: String,
    /// An existing account of the agency to restore, or the user name of
    /// a new one.
    #[serde(default)]
    pub username: String,
    /// Required for a new account; ignored when restoring one.
    #[serde(default)]
    pub display_name: String,
    #[serde(default)]
    pub reason: String,
}

/// A request as a system administrator reads it.
#[derive(Debug, Clone)]
pub struct RecoveryView {
    pub row: AccountRecoveryRow,
    /// Where it stands now (an open request past its limit reads lapsed
    /// even before the lapse is recorded).
    pub status: RecoveryStatus,
    pub agency_name: String,
    pub requested_by_name: String,
    pub decided_by_name: Option<String>,
    /// Restoring an existing account (else creating one).
    pub restores: bool,
    /// The reader may approve it now: every rule of [`Request::approve`]
    /// holds for them (it is open, someone else's, their accounts are not
    /// related, theirs is old enough, the agency still has no administrator).
    pub may_approve: bool,
    /// Why the reader could not approve it, when it is open but they may not
    /// (shown instead of the approval form).
    pub approval_refused: Option<Refusal>,
    pub requested_at_local: String,
    pub expires_at_local: String,
    pub decided_at_local: Option<String>,
}

/// A burst of account acts by another administrator.
#[derive(Debug, Clone)]
pub struct BurstView {
    pub burst: Burst,
    pub actor_name: String,
    pub first_at_local: String,
    pub last_at_local: String,
}

/// The notice an agency's administrators see after a recovery.
#[derive(Debug, Clone)]
pub struct RecoveryNoticeView {
    pub notice: AccountRecoveryNoticeRow,
    pub username: String,
    pub requested_by_name: String,
    pub approved_by_name: String,
    pub reason: String,
    pub approved_at_local: String,
}

/// What administrators are alerted to on their home page and in the API.
#[derive(Debug, Clone, Default)]
pub struct AccountAlerts {
    /// System administrators: bursts by other administrators.
    pub bursts: Vec<BurstView>,
    /// System administrators: open requests someone else made, waiting
    /// for the reader's approval.
    pub recoveries_to_approve: Vec<RecoveryView>,
    /// Agency administrators: their agency's administration was restored.
    pub notices: Vec<RecoveryNoticeView>,
}

/// The facts an e-mail to the agency words (the web layer words them in
/// the reader's language; nothing here is a sentence).
#[derive(Debug, Clone)]
pub struct RecoveryAnnouncement {
    pub agency_name: String,
    pub approved_at_local: String,
    /// Where to sign in.
    pub link: String,
}

/// Words for the agency's e-mail: (subject, body).
pub type AnnouncementWords<'a> = &'a (dyn Fn(&RecoveryAnnouncement) -> (String, String) + Sync);

impl App {
    /// Only system administrators act on recovery requests (refusals
    /// audited).
    async fn require_system_administrator(&self, actor: &Actor, read: bool) -> AppResult<()> {
        let allowed = if read {
            actor.holds(Permission::ManageAllUsers)
        } else {
            actor.has(Permission::ManageAllUsers)
        };
        if allowed {
            return Ok(());
        }
        let denied = if actor.holds(Permission::ManageAllUsers) {
            Denied::TokenScope
        } else {
            Denied::NotPermitted
        };
        self.refuse(actor, denied, None).await
    }

    /// An event about a stored request, naming the agency and the
    /// requester beside whatever `details` say (the other administrator).
    fn recovery_event(
        &self,
        actor: Option<&Actor>,
        action: AuditAction,
        row: &AccountRecoveryRow,
        outcome: AuditOutcome,
        details: serde_json::Value,
    ) -> concord_store::NewAuditEvent {
        self.recovery_event_about(
            actor,
            action,
            ("account_recovery", row.id.to_string()),
            row,
            outcome,
            details,
        )
    }

    fn recovery_event_about(
        &self,
        actor: Option<&Actor>,
        action: AuditAction,
        object: (&str, String),
        row: &AccountRecoveryRow,
        outcome: AuditOutcome,
        mut details: serde_json::Value,
    ) -> concord_store::NewAuditEvent {
        if let Some(map) = details.as_object_mut() {
            map.insert("agency_id".into(), json!(row.agency_id));
            map.insert("requested_by".into(), json!(row.requested_by));
        }
        self.event(actor, action, Some(object), outcome, details)
    }

    /// Audits a refusal with both administrators' ids, records the lapse
    /// if that is what it was, and returns the refusal.
    async fn refuse_recovery<T>(
        &self,
        actor: &Actor,
        row: &AccountRecoveryRow,
        refusal: Refusal,
    ) -> RecoveryResult<T> {
        let event = self.recovery_event(
            Some(actor),
            AuditAction::AccountRecoveryRefused,
            row,
            AuditOutcome::Denied,
            json!({ "refused_by": actor.user_id, "reason": refusal.code() }),
        );
        self.store.append_audit(&event).await?;
        if refusal == Refusal::Lapsed {
            self.record_lapse(row).await?;
        }
        Err(RecoveryError::Refused(refusal))
    }

    /// Audits a refused request (it was never stored, so the event is
    /// about the agency) and returns the refusal.
    async fn refuse_request<T>(
        &self,
        actor: &Actor,
        row: &AccountRecoveryRow,
        refusal: Refusal,
    ) -> RecoveryResult<T> {
        let event = self.recovery_event_about(
            Some(actor),
            AuditAction::AccountRecoveryRefused,
            ("agency", row.agency_id.to_string()),
            row,
            AuditOutcome::Denied,
            json!({ "stage": "request", "user_id": row.user_id, "reason": refusal.code() }),
        );
        self.store.append_audit(&event).await?;
        Err(RecoveryError::Refused(refusal))
    }

    /// Records that an open request passed its limit (once, whichever
    /// instance gets there first).
    async fn record_lapse(&self, row: &AccountRecoveryRow) -> AppResult<bool> {
        let event = self.recovery_event(
            None,
            AuditAction::AccountRecoveryLapsed,
            row,
            AuditOutcome::Success,
            json!({ "approved_by": null, "expired_at": row.expires_at }),
        );
        Ok(self
            .store
            .close_account_recovery(row.id, RecoveryStatus::Lapsed, None, row.expires_at, &event)
            .await?)
    }

    /// Records the lapse of every open request past its limit; how many.
    /// Run by the background work of every instance (and before listing).
    pub async fn lapse_account_recoveries(&self) -> AppResult<usize> {
        let now = self.clock.now();
        let mut lapsed = 0;
        for row in self.store.list_account_recoveries(0).await? {
            if request_of(&row).lapse(now).is_some() && self.record_lapse(&row).await? {
                lapsed += 1;
            }
        }
        Ok(lapsed)
    }

    async fn recovery_view(
        &self,
        actor: &Actor,
        row: AccountRecoveryRow,
        names: &mut HashMap<Uuid, String>,
    ) -> AppResult<RecoveryView> {
        let now = self.clock.now();
        let status = request_of(&row).status_at(now);
        let agency_name = match names.get(&row.agency_id.0) {
            Some(name) => name.clone(),
            None => {
                let name = self
                    .store
                    .get_agency(row.agency_id)
                    .await?
                    .map(|a| a.name)
                    .unwrap_or_default();
                names.insert(row.agency_id.0, name.clone());
                name
            }
        };
        let requested_by_name = self.person_name(row.requested_by, names).await?;
        let decided_by_name = match row.decided_by {
            Some(id) => Some(self.person_name(id, names).await?),
            None => None,
        };
        let approval_refused = match status {
            RecoveryStatus::Open => self.approval_refusal(actor, &row).await?,
            _ => None,
        };
        Ok(RecoveryView {
            status,
            agency_name,
            requested_by_name,
            decided_by_name,
            restores: row.display_name.is_none(),
            may_approve: status == RecoveryStatus::Open && approval_refused.is_none(),
            approval_refused,
            requested_at_local: self.local_text(row.requested_at),
            expires_at_local: self.local_text(row.expires_at),
            decided_at_local: row.decided_at.map(|at| self.local_text(at)),
            row,
        })
    }

    /// What refuses `actor`'s approval of `row` now, by the same rule the
    /// approval itself applies, so no one is offered a form that must fail.
    async fn approval_refusal(
        &self,
        actor: &Actor,
        row: &AccountRecoveryRow,
    ) -> AppResult<Option<Refusal>> {
        if rules::may_approve(actor).is_err() {
            return Ok(None);
        }
        let approver = self
            .store
            .get_user(actor.user_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let has_administrator =
            self.agency_administrators(row.agency_id).await? == AgencyAdministrators::Active;
        let creators = self.hands_of(approver.id).await?;
        let requester_creators = self.hands_of(row.requested_by).await?;
        let by = Approver {
            id: approver.id,
            created_at: approver.created_at,
            created_by: &creators,
            requester_created_by: &requester_creators,
        };
        Ok(request_of(row)
            .approve(by, self.clock.now(), has_administrator)
            .err())
    }

    /// A staff member's display name (cached in `names`).
    async fn person_name(
        &self,
        id: UserId,
        names: &mut HashMap<Uuid, String>,
    ) -> AppResult<String> {
        if let Some(name) = names.get(&id.0) {
            return Ok(name.clone());
        }
        let name = self
            .store
            .get_user(id)
            .await?
            .map(|u| u.display_name)
            .unwrap_or_default();
        names.insert(id.0, name.clone());
        Ok(name)
    }

    /// Open requests (oldest first), then the most recently decided.
    pub async fn account_recoveries(&self, actor: &Actor) -> AppResult<Vec<RecoveryView>> {
        self.require_system_administrator(actor, true).await?;
        self.lapse_account_recoveries().await?;
        let mut names = HashMap::new();
        let mut views = Vec::new();
        for row in self.store.list_account_recoveries(DECIDED_SHOWN).await? {
            views.push(self.recovery_view(actor, row, &mut names).await?);
        }
        Ok(views)
    }

    pub async fn account_recovery(
        &self,
        actor: &Actor,
        id: AccountRecoveryId,
    ) -> AppResult<RecoveryView> {
        self.require_system_administrator(actor, true).await?;
        let row = self
            .store
            .get_account_recovery(id)
            .await?
            .ok_or(AppError::NotFound)?;
        self.recovery_view(actor, row, &mut HashMap::new()).await
    }

    /// Asks for an agency's administration to be restored. Refused while
    /// the agency has an active administrator or another request waits;
    /// an existing account named must be the agency's own, not a system
    /// administrator's and not one that works with cases.
    pub async fn request_account_recovery(
        &self,
        actor: &Actor,
        form: &RecoveryForm,
    ) -> RecoveryResult<AccountRecoveryRow> {
        self.require_system_administrator(actor, false).await?;
        self.lapse_account_recoveries().await?;
        let mut invalid = Invalid::default();
        let agency_id = form.agency_id.trim().parse::<AgencyId>().ok();
        if agency_id.is_none() {
            invalid.push("agency_id", "must name an agency");
        }
        let username = check_username(&mut invalid, &form.username);
        let display_name =
            optional_text(&mut invalid, "display_name", Some(&form.display_name), 120);
        let reason = required_text(&mut invalid, "reason", &form.reason, 1000);
        let Some(agency_id) = agency_id else {
            return Err(invalid.into());
        };
        invalid.into_result(())?;
        if self.store.get_agency(agency_id).await?.is_none() {
            return Err(Invalid::one("agency_id", "does not exist").into());
        }
        if self.is_outside_provider(agency_id).await? {
            return Err(Invalid::one(
                "agency_id",
                "stands for an outside provider, which has no users in Concord",
            )
            .into());
        }
        let existing = self.store.find_user_by_username(&username).await?;
        if existing.is_none() && display_name.is_none() {
            return Err(Invalid::one("display_name", "is required for a new account").into());
        }
        let now = self.clock.now();
        let row = AccountRecoveryRow {
            id: AccountRecoveryId::new(),
            agency_id,
            user_id: existing.as_ref().map(|u| u.id),
            username,
            display_name: if existing.is_some() {
                None
            } else {
                display_name
            },
            reason,
            requested_by: actor.user_id,
            requested_at: now,
            expires_at: rules::expires_at(now),
            status: RecoveryStatus::Open,
            decided_by: None,
            decided_at: None,
        };
        if let Some(user) = &existing
            && let Err(refusal) = rules::check_account(agency_id, user.agency_id, &user.roles)
        {
            return self.refuse_request(actor, &row, refusal).await;
        }
        let has_administrator =
            self.agency_administrators(agency_id).await? == AgencyAdministrators::Active;
        let waiting = self
            .store
            .list_account_recoveries(0)
            .await?
            .iter()
            .any(|r| r.agency_id == agency_id);
        if let Err(refusal) = rules::may_request(has_administrator, waiting) {
            return self.refuse_request(actor, &row, refusal).await;
        }
        let event = self.recovery_event(
            Some(actor),
            AuditAction::AccountRecoveryRequested,
            &row,
            AuditOutcome::Success,
            json!({ "user_id": row.user_id, "new_account": existing.is_none() }),
        );
        match self.store.create_account_recovery(&row, &event).await {
            Ok(()) => Ok(row),
            // Another instance got there first.
            Err(StoreError::Duplicate { field: "agency_id" }) => {
                self.refuse_request(actor, &row, Refusal::AlreadyRequested)
                    .await
            }
            Err(StoreError::Conflict) => {
                self.refuse_request(actor, &row, Refusal::AgencyHasAdministrator)
                    .await
            }
            Err(other) => Err(other.into()),
        }
    }

    /// Approves another administrator's request: the named account is
    /// created or restored as the agency's administrator with `password`
    /// (its one-time password), the agency gets a notice on its
    /// administrators' home pages and an e-mail at its directory address
    /// (worded by `words`). Only a system administrator signed in
    /// ([`rules::may_approve`]): it sets a password, and an API token never
    /// changes credentials.
    pub async fn approve_account_recovery(
        &self,
        actor: &Actor,
        id: AccountRecoveryId,
        password: &SecretString,
        words: AnnouncementWords<'_>,
    ) -> RecoveryResult<AccountRecoveryRow> {
        if let Err(denied) = rules::may_approve(actor) {
            self.refuse::<()>(actor, denied, Some(("account_recovery", id.to_string())))
                .await?;
        }
        let row = self
            .store
            .get_account_recovery(id)
            .await?
            .ok_or(AppError::NotFound)?;
        let now = self.clock.now();
        if let Some(refusal) = self.approval_refusal(actor, &row).await? {
            return self.refuse_recovery(actor, &row, refusal).await;
        }
        check_new_password("password", password.expose_secret(), &row.username)?;
        let password_hash = hash_password(password).map_err(AppError::from)?;
        let (account, account_event) = match row.user_id {
            Some(user_id) => {
                let user = self
                    .store
                    .get_user(user_id)
                    .await?
                    .ok_or(AppError::NotFound)?;
                if let Err(refusal) =
                    rules::check_account(row.agency_id, user.agency_id, &user.roles)
                {
                    return self.refuse_recovery(actor, &row, refusal).await;
                }
                let roles = rules::recovered_roles(&user.roles);
                let event = self.event(
                    Some(actor),
                    AuditAction::PasswordReset,
                    Some(("user", user.id.to_string())),
                    AuditOutcome::Success,
                    json!({
                        "via": "account_recovery",
                        "recovery_id": row.id,
                        "roles": roles,
                        "enabled": true,
                        "second_factor_removed": true,
                    }),
                );
                (
                    RecoveredAccount::Restored {
                        id: user.id,
                        roles,
                        password_hash,
                    },
                    event,
                )
            }
            None => {
                let user = UserRow {
                    id: UserId::new(),
                    agency_id: row.agency_id,
                    username: row.username.clone(),
                    display_name: row.display_name.clone().unwrap_or_default(),
                    email: None,
                    password_hash,
                    roles: vec![Role::AgencyAdministrator],
                    active: true,
                    demo_account: false,
                    totp_secret: None,
                    totp_pending_secret: None,
                    totp_last_step: None,
                    password_changed_at: now,
                    created_at: now,
                };
                let event = self.event(
                    Some(actor),
                    AuditAction::UserCreated,
                    Some(("user", user.id.to_string())),
                    AuditOutcome::Success,
                    json!({
                        "agency_id": user.agency_id,
                        "roles": user.roles,
                        "via": "account_recovery",
                        "recovery_id": row.id,
                    }),
                );
                (RecoveredAccount::New(user), event)
            }
        };
        let user_id = match &account {
            RecoveredAccount::New(user) => user.id,
            RecoveredAccount::Restored { id, .. } => *id,
        };
        let approval = RecoveryApproval {
            id: row.id,
            approved_by: actor.user_id,
            at: now,
            account,
            notice: AccountRecoveryNoticeRow {
                id: Uuid::now_v7(),
                agency_id: row.agency_id,
                recovery_id: row.id,
                created_at: now,
                read_at: None,
            },
        };
        let event = self.recovery_event(
            Some(actor),
            AuditAction::AccountRecoveryApproved,
            &row,
            AuditOutcome::Success,
            json!({ "approved_by": actor.user_id, "user_id": user_id }),
        );
        match self
            .store
            .approve_account_recovery(&approval, &event, &account_event)
            .await
        {
            Ok(()) => {}
            Err(StoreError::Conflict) => {
                // Someone else decided, or the agency has an administrator
                // again: say which.
                let refusal = match self.store.get_account_recovery(id).await? {
                    Some(now_row) if now_row.status != RecoveryStatus::Open => Refusal::NotOpen,
                    _ => Refusal::AgencyHasAdministrator,
                };
                return self.refuse_recovery(actor, &row, refusal).await;
            }
            Err(StoreError::NotFound) => {
                return self
                    .refuse_recovery(actor, &row, Refusal::AccountOfAnotherAgency)
                    .await;
            }
            Err(other) => return Err(other.into()),
        }
        self.announce_recovery(&row, now, words).await?;
        Ok(AccountRecoveryRow {
            user_id: Some(user_id),
            status: RecoveryStatus::Approved,
            decided_by: Some(actor.user_id),
            decided_at: Some(now),
            ..row
        })
    }

    /// Every account that has held a way in to `user`'s account, as the
    /// audit log tells: who created it, who ever reset its password or
    /// second factor (a later change through the account proves nothing:
    /// they could have made it), and the same again for each of those, without `user` itself. Any of
    /// them could act as it, so none may be the second person beside it.
    async fn hands_of(&self, user: UserId) -> AppResult<Vec<UserId>> {
        let mut line: Vec<UserId> = Vec::new();
        let mut next = vec![user];
        while let Some(at) = next.pop() {
            let creator = self.store.user_creator(at).await?;
            let setters = self.store.credential_setters(at).await?;
            for hand in creator.into_iter().chain(setters) {
                // A damaged log could make the line come back on itself.
                if hand != user && !line.contains(&hand) {
                    line.push(hand);
                    next.push(hand);
                }
            }
        }
        Ok(line)
    }

    /// E-mails the agency, in the background, that its administration was
    /// restored; the notice in the app is already stored.
    async fn announce_recovery(
        &self,
        row: &AccountRecoveryRow,
        approved_at: DateTime<Utc>,
        words: AnnouncementWords<'_>,
    ) -> AppResult<()> {
        if self.config.referrals.smtp.is_none() {
            return Ok(());
        }
        let agency_name = self
            .store
            .get_agency(row.agency_id)
            .await?
            .map(|a| a.name)
            .unwrap_or_default();
        let (subject, body) = words(&RecoveryAnnouncement {
            agency_name,
            approved_at_local: self.local_text(approved_at),
            link: format!(
                "{}/",
                self.config.referrals.public_url.trim_end_matches('/')
            ),
        });
        let mail = AgencyMail {
            agency_id: row.agency_id,
            kind: "account_recovery",
            subject,
            body,
        };
        let app = self.clone();
        tokio::spawn(async move {
            app.email_agencies(std::slice::from_ref(&mail)).await;
        });
        Ok(())
    }

    /// Turns an open request down (any system administrator, the
    /// requester withdrawing it included).
    pub async fn decline_account_recovery(
        &self,
        actor: &Actor,
        id: AccountRecoveryId,
    ) -> RecoveryResult<AccountRecoveryRow> {
        self.require_system_administrator(actor, false).await?;
        let row = self
            .store
            .get_account_recovery(id)
            .await?
            .ok_or(AppError::NotFound)?;
        let now = self.clock.now();
        if let Err(refusal) = request_of(&row).decline(now) {
            return self.refuse_recovery(actor, &row, refusal).await;
        }
        let event = self.recovery_event(
            Some(actor),
            AuditAction::AccountRecoveryDeclined,
            &row,
            AuditOutcome::Success,
            json!({ "declined_by": actor.user_id }),
        );
        if !self
            .store
            .close_account_recovery(
                id,
                RecoveryStatus::Declined,
                Some(actor.user_id),
                now,
                &event,
            )
            .await?
        {
            return self.refuse_recovery(actor, &row, Refusal::NotOpen).await;
        }
        Ok(AccountRecoveryRow {
            status: RecoveryStatus::Declined,
            decided_by: Some(actor.user_id),
            decided_at: Some(now),
            ..row
        })
    }

    /// What the actor's home page alerts them to: for system
    /// administrators, bursts by other administrators and requests waiting
    /// for their approval; for agency administrators, their agency's
    /// recovery notices. Nothing for anyone else.
    pub async fn account_alerts(&self, actor: &Actor) -> AppResult<AccountAlerts> {
        let mut alerts = AccountAlerts::default();
        let mut names = HashMap::new();
        if actor.holds(Permission::ManageAllUsers) {
            let now = self.clock.now();
            let acts: Vec<rules::AccountAct> = self
                .store
                .account_acts(&ACCOUNT_ACTS, rules::burst_lookback(now), now + micro())
                .await?
                .into_iter()
                .map(|a| rules::AccountAct {
                    actor: a.actor_user_id,
                    agency: a.agency_id,
                    at: a.at,
                })
                .collect();
            for burst in rules::bursts_shown_to(actor.user_id, now, &acts) {
                alerts.bursts.push(BurstView {
                    actor_name: self.person_name(burst.actor, &mut names).await?,
                    first_at_local: self.local_text(burst.first_at),
                    last_at_local: self.local_text(burst.last_at),
                    burst,
                });
            }
            for row in self.store.list_account_recoveries(0).await? {
                let view = self.recovery_view(actor, row, &mut names).await?;
                if view.may_approve {
                    alerts.recoveries_to_approve.push(view);
                }
            }
        }
        if actor.holds(Permission::ManageOwnAgencyUsers) {
            for notice in self
                .store
                .unread_recovery_notices(actor.agency_id, 20)
                .await?
            {
                let Some(row) = self.store.get_account_recovery(notice.recovery_id).await? else {
                    continue;
                };
                alerts.notices.push(RecoveryNoticeView {
                    username: row.username.clone(),
                    requested_by_name: self.person_name(row.requested_by, &mut names).await?,
                    approved_by_name: match row.decided_by {
                        Some(id) => self.person_name(id, &mut names).await?,
                        None => String::new(),
                    },
                    reason: row.reason.clone(),
                    approved_at_local: self.local_text(notice.created_at),
                    notice,
                });
            }
        }
        Ok(alerts)
    }

    /// Marks one of the agency's recovery notices read (its administrators
    /// only).
    pub async fn dismiss_recovery_notice(&self, actor: &Actor, id: Uuid) -> AppResult<()> {
        if let Err(denied) = actor.require(Permission::ManageOwnAgencyUsers) {
            return self.refuse(actor, denied, None).await;
        }
        if self
            .store
            .mark_recovery_notice_read(actor.agency_id, id, self.clock.now())
            .await?
        {
            Ok(())
        } else {
            Err(AppError::NotFound)
        }
    }
}

/// The rules' view of a stored request.
fn request_of(row: &AccountRecoveryRow) -> Request {
    Request {
        requested_by: row.requested_by,
        requested_at: row.requested_at,
        status: row.status,
    }
}

/// The account acts up to and including `now` (the store's bound is
/// exclusive).
fn micro() -> chrono::TimeDelta {
    chrono::TimeDelta::microseconds(1)
}
