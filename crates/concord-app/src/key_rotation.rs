//! Master key rotation: everything the master key seals in the database
//! (every agency's data keys, the shared blind index key, second-factor
//! secrets, confirmed and pending) is opened with the current key and
//! sealed again with the new one, and all of it is stored in one
//! transaction with its audit event. Field ciphertext is untouched: data
//! keys do not change, only their wrapping, so blind indexes (derived from
//! data keys) keep working too.
//!
//! Sign-in throttle counters are keyed by a key derived from the master
//! key; they simply start again from zero after a rotation.

use crate::app::App;
use crate::error::{AppError, AppResult};
use crate::field_crypto::{SHARED_INDEX_KEY_SETTING, shared_index_key_wrapping, wrapping_of};
use crate::second_factor::secret_aad;
use concord_crypto::data_keys::rewrap;
use concord_crypto::keys::MasterKey;
use concord_domain::audit::{AuditAction, AuditOutcome};
use concord_store::{MasterKeyRotation, SettingReseal, Store};

/// Settings whose values are sealed with the master key.
const SEALED_SETTINGS: [&str; 1] = [SHARED_INDEX_KEY_SETTING];

/// What a rotation re-sealed (counts only).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RotationReport {
    pub data_keys: usize,
    /// Confirmed and pending second-factor secrets.
    pub second_factor_secrets: usize,
    pub sealed_settings: usize,
}

/// How many of the values sealed in the database a candidate master key
/// opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyFit {
    pub sealed: usize,
    pub opened: usize,
}

impl KeyFit {
    /// Nothing is sealed yet: any key fits.
    pub fn nothing_sealed(&self) -> bool {
        self.sealed == 0
    }

    pub fn opens_all(&self) -> bool {
        self.opened == self.sealed
    }

    pub fn opens_none(&self) -> bool {
        self.opened == 0
    }
}

/// Tries `key` on every value sealed with the master key. Takes the store
/// rather than an app so that it can run before the keys are settled (a
/// rotation interrupted between the commit and the key file rename).
pub async fn master_key_fit(store: &dyn Store, key: &MasterKey) -> AppResult<KeyFit> {
    let sealed = store.list_master_sealed().await?;
    let mut fit = KeyFit {
        sealed: 0,
        opened: 0,
    };
    let mut count = |opens: bool| {
        fit.sealed += 1;
        fit.opened += usize::from(opens);
    };
    for row in &sealed.data_keys {
        count(wrapping_of(row).unwrap(key).is_ok());
    }
    for user in &sealed.totp {
        for (column, value) in [
            ("totp_secret", &user.totp_secret),
            ("totp_pending_secret", &user.totp_pending_secret),
        ] {
            if let Some(value) = value {
                count(key.open(value, &secret_aad(column, user.user_id)).is_ok());
            }
        }
    }
    for name in SEALED_SETTINGS {
        if let Some(setting) = store.get_setting(name).await? {
            count(shared_index_key_wrapping(&setting)?.unwrap(key).is_ok());
        }
    }
    Ok(fit)
}

impl App {
    /// Re-seals everything the master key seals with `new_master`, in one
    /// transaction with a `master_key.rotated` audit event (counts only).
    ///
    /// Every value is opened with the current key first: if any does not
    /// open, nothing is written and the error names what failed (a key id
    /// or user id, never a secret). If anything sealed changed between the
    /// read and the write (say an instance still running created a data
    /// key), the store refuses with `Conflict` and nothing is written.
    ///
    /// Instances still running with the old key after this returns would
    /// seal new values with it: every instance must be stopped first and
    /// restarted with the new key.
    pub async fn rotate_master_key(&self, new_master: &MasterKey) -> AppResult<RotationReport> {
        let old = &self.keys.master;
        if new_master.same_as(old) {
            return Err(AppError::Internal(
                "the new master key is the current one".into(),
            ));
        }
        let before = self.store.list_master_sealed().await?;
        let mut after = before.clone();
        for row in &mut after.data_keys {
            row.wrapped = rewrap(&wrapping_of(row), old, new_master)?.wrapped;
        }
        let mut second_factor_secrets = 0;
        for user in &mut after.totp {
            let id = user.user_id;
            for (column, value) in [
                ("totp_secret", &mut user.totp_secret),
                ("totp_pending_secret", &mut user.totp_pending_secret),
            ] {
                if let Some(sealed) = value {
                    let aad = secret_aad(column, id);
                    let secret = old.open(sealed, &aad).map_err(|_| {
                        AppError::Internal(format!(
                            "the {column} of user {id} does not open with the current master key; nothing was changed"
                        ))
                    })?;
                    *sealed = new_master.seal(&secret, &aad)?;
                    second_factor_secrets += 1;
                }
            }
        }
        let mut settings = Vec::new();
        for name in SEALED_SETTINGS {
            let before = self.store.get_setting(name).await?;
            let after = match &before {
                Some(setting) => {
                    let rewrapped = rewrap(&shared_index_key_wrapping(setting)?, old, new_master)?;
                    Some(hex::encode(&rewrapped.wrapped))
                }
                None => None,
            };
            settings.push(SettingReseal {
                key: name.to_string(),
                before,
                after,
            });
        }
        let report = RotationReport {
            data_keys: after.data_keys.len(),
            second_factor_secrets,
            sealed_settings: settings.iter().filter(|s| s.after.is_some()).count(),
        };
        let event = self.event(
            None,
            AuditAction::MasterKeyRotated,
            None,
            AuditOutcome::Success,
            serde_json::json!({
                "data_keys": report.data_keys,
                "second_factor_secrets": report.second_factor_secrets,
                "sealed_settings": report.sealed_settings,
            }),
        );
        let rotation = MasterKeyRotation {
            before,
            after,
            settings,
        };
        self.store.rotate_master_key(&rotation, &event).await?;
        Ok(report)
    }

    /// [`master_key_fit`] on this app's database.
    pub async fn master_key_fit(&self, key: &MasterKey) -> AppResult<KeyFit> {
        master_key_fit(&*self.store, key).await
    }

    /// How well this app's own master key fits its database.
    pub async fn current_master_key_fit(&self) -> AppResult<KeyFit> {
        self.master_key_fit(&self.keys.master).await
    }
}
