//! Encrypting and decrypting identifying and narrative fields with the
//! owning agency's data key, and the keys of blind indexes. Keys are stored
//! wrapped by the master key and unwrapped per use: nothing mutable is
//! cached in the process, so several instances never disagree about keys.

use crate::app::App;
use crate::error::{AppError, AppResult};
use concord_crypto::blind_index::BlindIndexKey;
use concord_crypto::data_keys::{
    DataKey, FieldContext, KeyRef, WrappedDataKey, decrypt_text, encrypt_text, field_key_ref,
};
use concord_domain::audit::{AuditAction, AuditOutcome};
use concord_domain::ids::AgencyId;
use concord_store::{DataKeyRow, StoreError};
use uuid::Uuid;
use zeroize::Zeroizing;

/// Where a field lives: table, column and row are bound into its
/// ciphertext, so a value copied to another place does not open.
#[derive(Debug, Clone, Copy)]
pub struct Field<'a> {
    pub table: &'static str,
    pub column: &'static str,
    pub row_id: &'a str,
}

impl<'a> Field<'a> {
    pub fn new(table: &'static str, column: &'static str, row_id: &'a str) -> Self {
        Self {
            table,
            column,
            row_id,
        }
    }

    fn context(&self) -> FieldContext<'_> {
        FieldContext {
            table: self.table,
            column: self.column,
            row_id: self.row_id,
        }
    }
}

/// Setting that holds the key of the blind indexes shared by all agencies
/// (the perpetrator index, so risk work finds repeats across agencies):
/// a data key of no agency, wrapped by the master key and hex-encoded. It
/// has no agency row to belong to, so it lives in the settings; master key
/// rotation re-wraps it with the data keys.
pub(crate) const SHARED_INDEX_KEY_SETTING: &str = "blind-index.shared-key";

/// The one shared index key; its id and version are bound into its wrapping.
const SHARED_INDEX_KEY_REF: KeyRef = KeyRef {
    key_id: Uuid::nil(),
    version: 1,
};

/// The shared index key as [`SHARED_INDEX_KEY_SETTING`] stores it.
pub(crate) fn shared_index_key_wrapping(setting: &str) -> AppResult<WrappedDataKey> {
    let wrapped = hex::decode(setting.trim())
        .map_err(|_| AppError::Internal("the shared blind index key setting is not hex".into()))?;
    Ok(WrappedDataKey {
        key_ref: SHARED_INDEX_KEY_REF,
        wrapped,
    })
}

/// A stored data key row as the crypto crate sees it.
pub(crate) fn wrapping_of(row: &DataKeyRow) -> WrappedDataKey {
    WrappedDataKey {
        key_ref: KeyRef {
            key_id: row.key_id,
            version: row.version as u32,
        },
        wrapped: row.wrapped.clone(),
    }
}

impl App {
    /// The key of `agency`'s blind index for `purpose`, derived from the
    /// agency's *first* data key (created now if the agency has none).
    ///
    /// Not derived from the master key: master key rotation would then
    /// change every index key and silently break every search. It only
    /// re-wraps data keys, so a key derived from one stays the same. The
    /// first version rather than the active one, because an agency's own
    /// key rotation makes a new active version and keeps the old ones.
    pub(crate) async fn blind_index_key(
        &self,
        agency: AgencyId,
        purpose: &str,
    ) -> AppResult<BlindIndexKey> {
        let mut first = self.store.list_data_keys(agency).await?.into_iter().next();
        if first.is_none() {
            self.active_data_key(agency).await?;
            // Read again rather than use the key just made: if another
            // instance made one at the same moment, all settle on the oldest.
            first = self.store.list_data_keys(agency).await?.into_iter().next();
        }
        let row = first.ok_or_else(|| AppError::Internal("the agency has no data key".into()))?;
        let key = self.unwrap_key(&row)?;
        Ok(BlindIndexKey::for_agency(&key, agency.0, purpose))
    }

    /// The key of a blind index shared by all agencies, for `purpose`,
    /// derived from the shared index key ([`SHARED_INDEX_KEY_SETTING`],
    /// created on first use; racing instances keep the first one stored).
    pub(crate) async fn shared_blind_index_key(&self, purpose: &str) -> AppResult<BlindIndexKey> {
        if self
            .store
            .get_setting(SHARED_INDEX_KEY_SETTING)
            .await?
            .is_none()
        {
            let wrapped = DataKey::generate(SHARED_INDEX_KEY_REF).wrap(&self.keys.master)?;
            self.store
                .insert_setting_if_absent(SHARED_INDEX_KEY_SETTING, &hex::encode(&wrapped.wrapped))
                .await?;
        }
        let setting = self
            .store
            .get_setting(SHARED_INDEX_KEY_SETTING)
            .await?
            .ok_or_else(|| AppError::Internal("the shared blind index key is missing".into()))?;
        let key = shared_index_key_wrapping(&setting)?.unwrap(&self.keys.master)?;
        Ok(BlindIndexKey::for_agency(&key, Uuid::nil(), purpose))
    }

    /// The agency's active data key, created on first use. Two instances
    /// creating one at once: the database keeps one, the other re-reads.
    async fn active_data_key(&self, agency: AgencyId) -> AppResult<DataKey> {
        if let Some(row) = self
            .store
            .list_data_keys(agency)
            .await?
            .into_iter()
            .find(|k| k.active)
        {
            return self.unwrap_key(&row);
        }
        let key = DataKey::generate(KeyRef {
            key_id: Uuid::now_v7(),
            version: 1,
        });
        let wrapped = key.wrap(&self.keys.master)?;
        let row = DataKeyRow {
            agency_id: agency,
            key_id: wrapped.key_ref.key_id,
            version: wrapped.key_ref.version as i32,
            wrapped: wrapped.wrapped,
            created_at: self.clock.now(),
            active: true,
        };
        let event = self.event(
            None,
            AuditAction::DataKeyCreated,
            Some(("agency", agency.to_string())),
            AuditOutcome::Success,
            serde_json::json!({ "key_id": row.key_id, "version": row.version }),
        );
        match self.store.create_data_key(&row, &event).await {
            Ok(()) => Ok(key),
            Err(StoreError::Duplicate { .. }) => {
                let row = self
                    .store
                    .list_data_keys(agency)
                    .await?
                    .into_iter()
                    .find(|k| k.active)
                    .ok_or_else(|| AppError::Internal("no active data key".into()))?;
                self.unwrap_key(&row)
            }
            Err(other) => Err(other.into()),
        }
    }

    fn unwrap_key(&self, row: &DataKeyRow) -> AppResult<DataKey> {
        Ok(wrapping_of(row).unwrap(&self.keys.master)?)
    }

    /// Encrypts `text` for a field owned by `agency`.
    pub(crate) async fn seal_field(
        &self,
        agency: AgencyId,
        field: Field<'_>,
        text: &str,
    ) -> AppResult<Vec<u8>> {
        let key = self.active_data_key(agency).await?;
        Ok(encrypt_text(&key, text, &field.context())?)
    }

    pub(crate) async fn seal_optional(
        &self,
        agency: AgencyId,
        field: Field<'_>,
        text: Option<&str>,
    ) -> AppResult<Option<Vec<u8>>> {
        match text {
            Some(text) => Ok(Some(self.seal_field(agency, field, text).await?)),
            None => Ok(None),
        }
    }

    /// Decrypts a field with the key its ciphertext names. A missing or
    /// wrong key, or a value moved from elsewhere, fails loudly.
    pub(crate) async fn open_field(
        &self,
        field: Field<'_>,
        sealed: &[u8],
    ) -> AppResult<Zeroizing<String>> {
        let key_ref = field_key_ref(sealed)?;
        let row = self
            .store
            .get_data_key(key_ref.key_id, key_ref.version as i32)
            .await?
            .ok_or_else(|| AppError::Internal(format!("data key {key_ref} is missing")))?;
        let key = self.unwrap_key(&row)?;
        Ok(decrypt_text(&key, sealed, &field.context())?)
    }

    pub(crate) async fn open_optional(
        &self,
        field: Field<'_>,
        sealed: Option<&[u8]>,
    ) -> AppResult<Option<String>> {
        match sealed {
            Some(sealed) => Ok(Some(self.open_field(field, sealed).await?.to_string())),
            None => Ok(None),
        }
    }
}
