//! Encrypting and decrypting identifying and narrative fields with the
//! owning agency's data key. Keys are stored wrapped by the master key and
//! unwrapped per use: nothing mutable is cached in the process, so several
//! instances never disagree about keys.

use crate::app::App;
use crate::error::{AppError, AppResult};
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

impl App {
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
        let wrapped = WrappedDataKey {
            key_ref: KeyRef {
                key_id: row.key_id,
                version: row.version as u32,
            },
            wrapped: row.wrapped.clone(),
        };
        Ok(wrapped.unwrap(&self.keys.master)?)
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

    /// Re-wraps every data key of every agency under a new master key
    /// (master key rotation); field ciphertext is untouched.
    pub async fn rewrap_data_keys(
        &self,
        agencies: &[AgencyId],
        new_master: &concord_crypto::keys::MasterKey,
    ) -> AppResult<usize> {
        let mut rows = Vec::new();
        for agency in agencies {
            for mut row in self.store.list_data_keys(*agency).await? {
                let wrapped = WrappedDataKey {
                    key_ref: KeyRef {
                        key_id: row.key_id,
                        version: row.version as u32,
                    },
                    wrapped: row.wrapped.clone(),
                };
                row.wrapped =
                    concord_crypto::data_keys::rewrap(&wrapped, &self.keys.master, new_master)?
                        .wrapped;
                rows.push(row);
            }
        }
        let event = self.event(
            None,
            AuditAction::DataKeysRewrapped,
            None,
            AuditOutcome::Success,
            serde_json::json!({ "keys": rows.len() }),
        );
        self.store.rewrap_data_keys(&rows, &event).await?;
        Ok(rows.len())
    }
}
