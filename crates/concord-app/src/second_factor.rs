//! The second factor: TOTP enrolment, the challenge at sign-in, and
//! one-time recovery codes.

use crate::app::App;
use crate::error::{AppError, AppResult};
use crate::sign_in::NewSession;
use crate::signed_in::{SessionStage, SignedIn, actor_of};
use concord_crypto::{recovery, totp};
use concord_domain::audit::{AuditAction, AuditOutcome};
use concord_domain::ids::UserId;
use concord_store::UserRow;
use secrecy::{ExposeSecret, SecretString};
use zeroize::Zeroizing;

pub const RECOVERY_CODE_COUNT: usize = 10;

/// What the enrolment page shows: the secret as text and as a QR code.
pub struct Enrolment {
    pub secret_base32: SecretString,
    pub otpauth_uri: SecretString,
    pub qr_svg: String,
}

/// Binds a sealed secret to its column and user, so a secret copied to
/// another account does not open there. Master key rotation re-seals with it.
pub(crate) fn secret_aad(column: &str, user: UserId) -> Vec<u8> {
    format!("users.{column}:{user}").into_bytes()
}

impl App {
    fn unix_now(&self) -> u64 {
        self.clock.now().timestamp().max(0) as u64
    }

    /// Starts (or shows again) an enrolment for a signed-in person.
    pub async fn start_enrolment(&self, signed_in: &SignedIn) -> AppResult<Enrolment> {
        if signed_in.stage == SessionStage::NeedsSecondFactor {
            return Err(AppError::Unauthenticated);
        }
        let user = &signed_in.user;
        refuse_if_enrolled(user)?;
        let aad = secret_aad("totp_pending_secret", user.id);
        let secret: Zeroizing<Vec<u8>> = match &user.totp_pending_secret {
            Some(sealed) => self.keys.master.open(sealed, &aad)?,
            None => {
                let secret = Zeroizing::new(totp::new_secret().expose_secret().clone());
                let sealed = self.keys.master.seal(&secret, &aad)?;
                self.store.set_totp_pending(user.id, Some(&sealed)).await?;
                secret
            }
        };
        let uri = totp::otpauth_uri(&secret, &self.config.totp_issuer, &user.username);
        Ok(Enrolment {
            secret_base32: totp::secret_base32(&secret).into(),
            qr_svg: totp::qr_svg(&uri),
            otpauth_uri: uri.into(),
        })
    }

    /// Confirms enrolment with a first code. Returns the recovery codes (to
    /// show once) and, for a session that was waiting on enrolment, the
    /// upgraded session.
    pub async fn confirm_enrolment(
        &self,
        signed_in: &SignedIn,
        code: &str,
    ) -> AppResult<(Vec<SecretString>, Option<NewSession>)> {
        let user = &signed_in.user;
        if signed_in.stage == SessionStage::NeedsSecondFactor {
            return Err(AppError::Unauthenticated);
        }
        refuse_if_enrolled(user)?;
        let pending = user
            .totp_pending_secret
            .as_ref()
            .ok_or_else(|| concord_domain::Invalid::one("code", "start the set-up again"))?;
        let secret = self
            .keys
            .master
            .open(pending, &secret_aad("totp_pending_secret", user.id))?;
        let step = totp::matching_step(&secret, code.trim(), self.unix_now()).ok_or_else(|| {
            concord_domain::Invalid::one("code", "is not the current code from your app")
        })?;
        let codes = recovery::new_recovery_codes(RECOVERY_CODE_COUNT);
        let hashes: Vec<Vec<u8>> = codes
            .iter()
            .map(|c| recovery::hash_recovery_code(c.expose_secret()))
            .collect();
        let sealed = self
            .keys
            .master
            .seal(&secret, &secret_aad("totp_secret", user.id))?;
        let event = self.event(
            Some(&actor_of(user)),
            AuditAction::SecondFactorEnrolled,
            Some(("user", user.id.to_string())),
            AuditOutcome::Success,
            serde_json::json!({}),
        );
        self.store
            .enable_totp(user.id, &sealed, step, &hashes, &event)
            .await?;
        let upgraded = if signed_in.stage == SessionStage::NeedsEnrolment {
            // Sign-in is complete: its attempt no longer counts against the
            // account or the address (an office behind one address would
            // otherwise be locked out by its own morning sign-ins).
            self.store
                .clear_account_failures(&self.account_key(&user.username))
                .await?;
            Some(
                self.upgrade_session(&signed_in.session, AuditAction::SecondFactorSucceeded, user)
                    .await?,
            )
        } else {
            None
        };
        Ok((codes, upgraded))
    }

    /// The challenge at sign-in: a code from the app, or a recovery code.
    pub async fn verify_second_factor(
        &self,
        signed_in: &SignedIn,
        code: &str,
        address: &str,
    ) -> AppResult<NewSession> {
        if signed_in.stage != SessionStage::NeedsSecondFactor {
            return Err(AppError::Unauthenticated);
        }
        let user = &signed_in.user;
        let account_key = self.account_key(&user.username);
        let address_key = self.address_key(address);
        if self.attempt_refused(&account_key, &address_key).await? {
            return Err(AppError::Throttled);
        }
        let accepted = if looks_like_recovery_code(code) {
            self.use_recovery_code(user, code).await?
        } else {
            self.check_totp(user, code).await?
        };
        match accepted {
            Some(action) => {
                self.store.clear_account_failures(&account_key).await?;
                self.upgrade_session(&signed_in.session, action, user).await
            }
            None => {
                let event = self.event(
                    Some(&actor_of(user)),
                    AuditAction::SecondFactorFailed,
                    Some(("user", user.id.to_string())),
                    AuditOutcome::Failure,
                    serde_json::json!({}),
                );
                self.store.append_audit(&event).await?;
                Err(AppError::BadSecondFactor)
            }
        }
    }

    async fn check_totp(&self, user: &UserRow, code: &str) -> AppResult<Option<AuditAction>> {
        let Some(sealed) = &user.totp_secret else {
            return Ok(None);
        };
        let secret = self
            .keys
            .master
            .open(sealed, &secret_aad("totp_secret", user.id))?;
        let Some(step) = totp::matching_step(&secret, code.trim(), self.unix_now()) else {
            return Ok(None);
        };
        // A step already used (even by a racing request) is refused.
        let fresh = self.store.claim_totp_step(user.id, step).await?;
        Ok(fresh.then_some(AuditAction::SecondFactorSucceeded))
    }

    async fn use_recovery_code(
        &self,
        user: &UserRow,
        code: &str,
    ) -> AppResult<Option<AuditAction>> {
        let event = self.event(
            Some(&actor_of(user)),
            AuditAction::RecoveryCodeUsed,
            Some(("user", user.id.to_string())),
            AuditOutcome::Success,
            serde_json::json!({}),
        );
        let used = self
            .store
            .use_recovery_code(
                user.id,
                &recovery::hash_recovery_code(code),
                self.clock.now(),
                &event,
            )
            .await?;
        Ok(used.then_some(AuditAction::SecondFactorSucceeded))
    }

    pub async fn unused_recovery_codes(&self, signed_in: &SignedIn) -> AppResult<u32> {
        Ok(self
            .store
            .count_unused_recovery_codes(signed_in.user.id)
            .await?)
    }
}

/// A second factor in place is only replaced after an administrator's
/// reset: otherwise anyone at an unattended signed-in browser could bind
/// their own phone to the account.
fn refuse_if_enrolled(user: &UserRow) -> AppResult<()> {
    if user.totp_secret.is_some() {
        return Err(concord_domain::Invalid::one(
            "code",
            "two-step sign-in is already on; to move it to a new phone, ask your agency administrator to reset it",
        )
        .into());
    }
    Ok(())
}

/// Recovery codes are longer than six digits and contain letters.
fn looks_like_recovery_code(code: &str) -> bool {
    let compact: String = code
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect();
    compact.len() > 8
}
