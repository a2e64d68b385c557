//! The secrets Concord needs outside the database: the master key (wraps
//! secrets stored in the database) and the audit signing key. Each comes
//! from an environment variable or a 0600 file in the data folder, created
//! on first run.

use concord_crypto::keys::{AuditSigningKey, MasterKey};
use std::path::Path;
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
