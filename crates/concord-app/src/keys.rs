//! The secrets Concord needs outside the database: the master key (wraps
//! secrets stored in the database) and the audit signing key. Each comes
//! from an environment variable or a 0600 file in the data folder, created
//! on first run.
//!
//! Master key rotation (`concord admin rotate-master-key`) writes the new key
//! to `master.key.new` before the database is re-sealed with it, then
//! retires `master.key` and moves the new file into its place. If the
//! process dies between the commit and the rename,
//! [`settle_master_key_rotation`] finishes (or reports) it at the next start.

use crate::error::{AppError, AppResult};
use crate::key_rotation::{KeyFit, master_key_fit};
use chrono::{DateTime, Utc};
use concord_crypto::keys::{AuditSigningKey, MasterKey};
use concord_store::Store;
use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};
use zeroize::Zeroizing;

/// Keys held by a running instance. Every instance sharing a database must
/// load the same keys.
pub struct Keys {
    pub master: MasterKey,
    pub audit_signing: AuditSigningKey,
    /// Key for the blind hashes that count sign-in failures per account
    /// and per address without storing either.
    pub throttle: Zeroizing<Vec<u8>>,
}

/// Where keys come from: a value given directly (environment) wins over a
/// file in the data folder.
pub struct KeySources<'a> {
    pub data_dir: &'a Path,
    pub master_key: Option<&'a str>,
    pub audit_signing_key: Option<&'a str>,
}

pub const MASTER_KEY_FILE: &str = "master.key";
/// The next master key, written by a rotation before anything is sealed
/// with it.
pub const NEW_MASTER_KEY_FILE: &str = "master.key.new";
/// Retired master keys are kept as `master.key.retired-<UTC time>`: backups
/// made before a rotation open only with the key of their time.
pub const RETIRED_MASTER_KEY_PREFIX: &str = "master.key.retired-";
pub const AUDIT_SIGNING_KEY_FILE: &str = "audit-signing.key";

impl Keys {
    pub fn load(sources: &KeySources<'_>) -> Result<Self, concord_crypto::CryptoError> {
        let master = match sources.master_key {
            Some(text) => MasterKey::from_base64(text)?,
            None => MasterKey::load_or_create(&sources.data_dir.join(MASTER_KEY_FILE))?,
        };
        let audit_signing = match sources.audit_signing_key {
            Some(text) => AuditSigningKey::from_base64(text)?,
            None => {
                AuditSigningKey::load_or_create(&sources.data_dir.join(AUDIT_SIGNING_KEY_FILE))?
            }
        };
        let throttle = master.derive("sign-in-throttle");
        Ok(Self {
            master,
            audit_signing,
            throttle,
        })
    }

    /// Fresh random keys, for tests.
    pub fn generate() -> Self {
        let master = MasterKey::generate();
        let throttle = master.derive("sign-in-throttle");
        Self {
            master,
            audit_signing: AuditSigningKey::generate(),
            throttle,
        }
    }
}

/// What to do, at startup, about a `master.key.new` left in the data folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Leftover {
    /// The rotation committed but the key file was not moved: retire
    /// `master.key` and put `master.key.new` in its place.
    Promote,
    /// Go on with the current key, telling the operator this.
    Warn(String),
    /// Do not start: the operator must decide.
    Refuse(String),
}

/// Decides about a leftover `master.key.new`. `given`: the current key comes
/// from CONCORD_MASTER_KEY / --master-key rather than `master.key`;
/// `current`: how well it fits the database (`None`: no `master.key` file);
/// `new`: how well the key in `master.key.new` fits; `new_is_current`: it is
/// the very key in use.
pub fn decide_leftover(
    given: bool,
    current: Option<KeyFit>,
    new: KeyFit,
    new_is_current: bool,
) -> Leftover {
    let committed = |current: &KeyFit| new.opens_all() && current.opens_none();
    if given {
        return match current {
            _ if new_is_current => Leftover::Warn(format!(
                "{NEW_MASTER_KEY_FILE} holds the master key already in use; delete the file once every instance has this key"
            )),
            Some(current) if !new.nothing_sealed() && committed(&current) => {
                Leftover::Refuse(format!(
                    "the database was rotated to the key in {NEW_MASTER_KEY_FILE}, but CONCORD_MASTER_KEY (or --master-key) still holds the old key: put the content of {NEW_MASTER_KEY_FILE} into CONCORD_MASTER_KEY for every instance, then delete the file"
                ))
            }
            _ => Leftover::Warn(format!(
                "{NEW_MASTER_KEY_FILE} is not the master key in use; delete it if it is left from a rotation that failed"
            )),
        };
    }
    let Some(current) = current else {
        return Leftover::Promote;
    };
    if new.nothing_sealed() || committed(&current) {
        return Leftover::Promote;
    }
    if current.opens_all() && new.opens_none() {
        return Leftover::Refuse(format!(
            "a master key rotation did not complete: the database still uses {MASTER_KEY_FILE} and {NEW_MASTER_KEY_FILE} was never used. Delete {NEW_MASTER_KEY_FILE} and start again (and rotate again if you meant to)"
        ));
    }
    Leftover::Refuse(format!(
        "{MASTER_KEY_FILE} opens {} and {NEW_MASTER_KEY_FILE} opens {} of the {} keys and secrets sealed in the database; neither opens them all, so neither is used. Check that this is the right database, or restore it from a backup",
        current.opened, new.opened, current.sealed
    ))
}

/// Retires `master.key` (hard-linked to `master.key.retired-<UTC time>`
/// first, so there is never a moment without `master.key`) and renames
/// `master.key.new` over it; then syncs the folder. Returns the retired
/// key's path (`None` when there was no `master.key`).
pub fn promote_new_master_key(data_dir: &Path, now: DateTime<Utc>) -> io::Result<Option<PathBuf>> {
    let current = data_dir.join(MASTER_KEY_FILE);
    let new = data_dir.join(NEW_MASTER_KEY_FILE);
    let retired = data_dir.join(format!(
        "{RETIRED_MASTER_KEY_PREFIX}{}",
        now.format("%Y%m%dT%H%M%SZ")
    ));
    let retired = match fs::hard_link(&current, &retired) {
        Ok(()) => Some(retired),
        Err(e) if e.kind() == io::ErrorKind::NotFound && !current.exists() => None,
        Err(e) => return Err(e),
    };
    fs::rename(&new, &current)?;
    File::open(data_dir)?.sync_all()?;
    Ok(retired)
}

/// Run at startup before [`Keys::load`]: if a rotation left
/// `master.key.new` behind, finishes it (the database opens with the new
/// key and not the old one), or says what to do. `Ok(Some(message))` is a
/// notice for the operator; `Err` means do not start.
pub async fn settle_master_key_rotation(
    sources: &KeySources<'_>,
    store: &dyn Store,
    now: DateTime<Utc>,
) -> AppResult<Option<String>> {
    let new_path = sources.data_dir.join(NEW_MASTER_KEY_FILE);
    let Some(new) = MasterKey::load(&new_path)? else {
        return Ok(None);
    };
    let current = match sources.master_key {
        Some(text) => Some(MasterKey::from_base64(text)?),
        None => MasterKey::load(&sources.data_dir.join(MASTER_KEY_FILE))?,
    };
    let current_fit = match &current {
        Some(key) => Some(master_key_fit(store, key).await?),
        None => None,
    };
    let new_fit = master_key_fit(store, &new).await?;
    let new_is_current = current.as_ref().is_some_and(|key| key.same_as(&new));
    match decide_leftover(
        sources.master_key.is_some(),
        current_fit,
        new_fit,
        new_is_current,
    ) {
        Leftover::Promote => {
            let retired = promote_new_master_key(sources.data_dir, now).map_err(|e| {
                AppError::Internal(format!("could not finish the master key rotation: {e}"))
            })?;
            Ok(Some(match retired {
                Some(retired) => format!(
                    "finished an interrupted master key rotation: the new key is now {MASTER_KEY_FILE}; the old one is kept as {}",
                    retired.display()
                ),
                None => format!(
                    "finished an interrupted master key rotation: the new key is now {MASTER_KEY_FILE}"
                ),
            }))
        }
        Leftover::Warn(message) => Ok(Some(message)),
        Leftover::Refuse(message) => Err(AppError::Internal(message)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fit(sealed: usize, opened: usize) -> KeyFit {
        KeyFit { sealed, opened }
    }

    #[test]
    fn a_committed_rotation_is_finished_and_an_uncommitted_one_refused() {
        // From master.key.
        assert_eq!(
            decide_leftover(false, Some(fit(5, 0)), fit(5, 5), false),
            Leftover::Promote
        );
        assert_eq!(
            decide_leftover(false, None, fit(5, 5), false),
            Leftover::Promote
        );
        assert_eq!(
            decide_leftover(false, Some(fit(0, 0)), fit(0, 0), false),
            Leftover::Promote
        );
        assert!(matches!(
            decide_leftover(false, Some(fit(5, 5)), fit(5, 0), false),
            Leftover::Refuse(m) if m.contains("did not complete")
        ));
        for (current, new) in [
            (fit(5, 2), fit(5, 3)),
            (fit(5, 0), fit(5, 4)),
            (fit(5, 5), fit(5, 1)),
        ] {
            assert!(matches!(
                decide_leftover(false, Some(current), new, false),
                Leftover::Refuse(m) if m.contains("neither opens them all")
            ));
        }
        // From CONCORD_MASTER_KEY: the file is never moved.
        assert!(matches!(
            decide_leftover(true, Some(fit(5, 0)), fit(5, 5), false),
            Leftover::Refuse(m) if m.contains("put the content")
        ));
        assert!(matches!(
            decide_leftover(true, Some(fit(5, 5)), fit(5, 5), true),
            Leftover::Warn(m) if m.contains("already in use")
        ));
        assert!(matches!(
            decide_leftover(true, Some(fit(5, 5)), fit(5, 0), false),
            Leftover::Warn(m) if m.contains("not the master key in use")
        ));
        assert!(matches!(
            decide_leftover(true, Some(fit(0, 0)), fit(0, 0), false),
            Leftover::Warn(_)
        ));
    }

    #[test]
    fn promoting_retires_the_old_key_without_a_gap() {
        let dir = std::env::temp_dir().join(format!("concord-keys-{}", uuid::Uuid::now_v7()));
        fs::create_dir(&dir).unwrap();
        let old = MasterKey::load_or_create(&dir.join(MASTER_KEY_FILE)).unwrap();
        let new = MasterKey::generate();
        new.save_new(&dir.join(NEW_MASTER_KEY_FILE)).unwrap();
        let now = DateTime::from_timestamp(1_772_442_000, 0).unwrap();
        let retired = promote_new_master_key(&dir, now).unwrap().unwrap();
        assert_eq!(retired, dir.join("master.key.retired-20260302T090000Z"));
        let loaded = MasterKey::load(&dir.join(MASTER_KEY_FILE))
            .unwrap()
            .unwrap();
        assert!(loaded.same_as(&new));
        assert!(MasterKey::load(&retired).unwrap().unwrap().same_as(&old));
        assert!(!dir.join(NEW_MASTER_KEY_FILE).exists());
        // Without a master.key (deleted by hand) the new key still moves in.
        let newer = MasterKey::generate();
        newer.save_new(&dir.join(NEW_MASTER_KEY_FILE)).unwrap();
        fs::remove_file(dir.join(MASTER_KEY_FILE)).unwrap();
        assert_eq!(promote_new_master_key(&dir, now).unwrap(), None);
        let loaded = MasterKey::load(&dir.join(MASTER_KEY_FILE))
            .unwrap()
            .unwrap();
        assert!(loaded.same_as(&newer));
        fs::remove_dir_all(&dir).unwrap();
    }
}
