//! What the master key seals in the database, and replacing all of it at
//! once when the master key is rotated.

use crate::cases::DataKeyRow;
use crate::store::{StoreError, StoreResult};
use concord_domain::ids::UserId;

/// One user's second-factor secrets as stored: sealed with the master key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SealedTotpRow {
    pub user_id: UserId,
    pub totp_secret: Option<Vec<u8>>,
    pub totp_pending_secret: Option<Vec<u8>>,
}

/// Every row the master key seals, read in one snapshot.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MasterSealed {
    /// Every version of every agency's data key, by key id, then version.
    pub data_keys: Vec<DataKeyRow>,
    /// Every user with a second-factor secret or a pending one, by user id.
    pub totp: Vec<SealedTotpRow>,
}

/// A setting whose value is sealed with the master key: its value as read
/// (`None`: not set) and the value that replaces it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingReseal {
    pub key: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// A master key rotation: what the database held when it was read and the
/// same rows sealed with the new key.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MasterKeyRotation {
    /// Exactly what [`crate::Store::list_master_sealed`] returned.
    pub before: MasterSealed,
    /// The same rows in the same order, with only the sealed values
    /// (`wrapped`, `totp_secret`, `totp_pending_secret`) replaced.
    pub after: MasterSealed,
    pub settings: Vec<SettingReseal>,
}

impl MasterKeyRotation {
    /// Refuses (`Backend`, a caller's bug) an `after` that is not `before`
    /// re-sealed row by row: another row, another shape, another setting.
    /// Engines call it before writing anything.
    pub fn check_shape(&self) -> StoreResult<()> {
        let bad = |what: &str| Err(StoreError::Backend(format!("master key rotation: {what}")));
        let (before, after) = (&self.before, &self.after);
        if before.data_keys.len() != after.data_keys.len() || before.totp.len() != after.totp.len()
        {
            return bad("the re-sealed rows are not the rows read");
        }
        for (b, a) in before.data_keys.iter().zip(&after.data_keys) {
            let same_row = DataKeyRow {
                wrapped: a.wrapped.clone(),
                ..b.clone()
            } == *a;
            if !same_row {
                return bad("a re-wrapped data key is not the key read");
            }
        }
        for (b, a) in before.totp.iter().zip(&after.totp) {
            if b.user_id != a.user_id
                || b.totp_secret.is_some() != a.totp_secret.is_some()
                || b.totp_pending_secret.is_some() != a.totp_pending_secret.is_some()
            {
                return bad("a re-sealed second-factor secret is not the one read");
            }
        }
        for setting in &self.settings {
            if setting.before.is_some() != setting.after.is_some() {
                return bad("a re-sealed setting appears or disappears");
            }
        }
        Ok(())
    }
}
