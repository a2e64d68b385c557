//! Per-agency data keys and the encryption of identifying and narrative fields.
//!
//! Envelope encryption in two layers. Each agency's fields are encrypted with its own random
//! [`DataKey`]; the database stores that key only as a [`WrappedDataKey`], sealed with the
//! [`MasterKey`] that lives outside the database. So:
//!
//! - a stolen database without the master key yields nothing readable;
//! - rotating the master key re-wraps a handful of data keys ([`rewrap`]) and leaves every
//!   field ciphertext as it is;
//! - deleting a wrapped data key shreds everything it encrypted, in backups too.
//!
//! Every field ciphertext names its key (id and version) in a header, so the caller can load
//! the right key ([`field_key_ref`]) while old and new key versions coexist, and its
//! associated data binds it to its table, column and row, so a ciphertext copied to another
//! place no longer opens.

use std::fmt;

use chacha20poly1305::aead::{Aead, Payload};
use chacha20poly1305::{KeyInit, XChaCha20Poly1305, XNonce};
use rand::RngCore;
use rand::rngs::OsRng;
use uuid::Uuid;
use zeroize::Zeroizing;

use crate::CryptoError;
use crate::keys::{KEY_BYTES, MasterKey};

/// First byte of every field ciphertext, so the format can change without guessing.
pub const FIELD_FORMAT: u8 = 1;
/// Format byte, key id, key version.
const HEADER_BYTES: usize = 1 + 16 + 4;
const NONCE_BYTES: usize = 24;
const TAG_BYTES: usize = 16;
/// Separates the wrapping of data keys from any other use of [`MasterKey::seal`].
const WRAP_LABEL: &[u8] = b"concord:data-key:";

/// Names one data key: which key and which version of it. Stored in every field ciphertext's
/// header and beside every wrapped key, so a reader knows which key to load.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct KeyRef {
    pub key_id: Uuid,
    pub version: u32,
}

impl fmt::Display for KeyRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} version {}", self.key_id, self.version)
    }
}

impl KeyRef {
    /// Key id then version (big-endian): the bytes both the wrapping and the field header use.
    fn to_bytes(self) -> [u8; 20] {
        let mut bytes = [0u8; 20];
        bytes[..16].copy_from_slice(self.key_id.as_bytes());
        bytes[16..].copy_from_slice(&self.version.to_be_bytes());
        bytes
    }

    fn from_bytes(bytes: &[u8; 20]) -> Self {
        let (id, version) = bytes.split_at(16);
        Self {
            key_id: Uuid::from_bytes(id.try_into().expect("16 bytes")),
            version: u32::from_be_bytes(version.try_into().expect("4 bytes")),
        }
    }
}

/// A 32-byte XChaCha20-Poly1305 key that encrypts one agency's fields. Zeroized on drop;
/// Debug shows only its [`KeyRef`]. Exists in memory only: the database holds it wrapped.
pub struct DataKey {
    key_ref: KeyRef,
    key: Zeroizing<[u8; KEY_BYTES]>,
}

impl fmt::Debug for DataKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DataKey")
            .field("key_ref", &self.key_ref)
            .finish_non_exhaustive()
    }
}

impl DataKey {
    /// A fresh random key, e.g. for a new agency or a new version of an agency's key.
    pub fn generate(key_ref: KeyRef) -> Self {
        let mut key = Zeroizing::new([0u8; KEY_BYTES]);
        OsRng.fill_bytes(key.as_mut());
        Self { key_ref, key }
    }

    pub fn key_ref(&self) -> KeyRef {
        self.key_ref
    }

    /// Seals the key with the master key for storage. The associated data binds the key id
    /// and version, so a wrapped key copied into another key's row does not unwrap there.
    pub fn wrap(&self, master: &MasterKey) -> Result<WrappedDataKey, CryptoError> {
        let wrapped = master.seal(self.key.as_ref(), &wrap_aad(self.key_ref))?;
        Ok(WrappedDataKey {
            key_ref: self.key_ref,
            wrapped,
        })
    }

    /// Derives a sub-key for a purpose (HMAC-SHA256(data key, "concord:" + purpose)), as
    /// [`MasterKey::derive`] does for the master key. Used for blind index keys: a data key
    /// stays the same when the master key is rotated (only its wrapping changes), so keys
    /// derived from it, and the indexes made with them, stay valid. Different purposes give
    /// independent keys, and a derived key leaking exposes neither the data key nor the
    /// fields it encrypts.
    pub fn derive(&self, purpose: &str) -> Zeroizing<Vec<u8>> {
        let mut info = Zeroizing::new(Vec::with_capacity(8 + purpose.len()));
        info.extend_from_slice(b"concord:");
        info.extend_from_slice(purpose.as_bytes());
        Zeroizing::new(crate::token::keyed_hash(self.key.as_ref(), &info))
    }

    fn cipher(&self) -> XChaCha20Poly1305 {
        XChaCha20Poly1305::new(self.key.as_ref().into())
    }
}

/// A data key as the database stores it: its [`KeyRef`] in the clear and the key sealed with
/// the master key ([`MasterKey::seal`] format).
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct WrappedDataKey {
    pub key_ref: KeyRef,
    pub wrapped: Vec<u8>,
}

impl WrappedDataKey {
    /// Opens the wrapping with the master key. A wrong master key, an altered wrapping or a
    /// `key_ref` that is not the one it was wrapped under all fail with
    /// [`CryptoError::DataKeyUnwrap`].
    pub fn unwrap(&self, master: &MasterKey) -> Result<DataKey, CryptoError> {
        let bytes = master
            .open(&self.wrapped, &wrap_aad(self.key_ref))
            .map_err(|e| match e {
                CryptoError::Decrypt => CryptoError::DataKeyUnwrap {
                    key_ref: self.key_ref,
                },
                other => other,
            })?;
        let key: [u8; KEY_BYTES] = bytes
            .as_slice()
            .try_into()
            .map_err(|_| CryptoError::InvalidKey("a wrapped data key must hold 32 bytes"))?;
        Ok(DataKey {
            key_ref: self.key_ref,
            key: Zeroizing::new(key),
        })
    }
}

/// Master key rotation: unwraps with the old master key and wraps the same data key with the
/// new one. Field ciphertexts stay valid because the data key itself does not change.
pub fn rewrap(
    wrapped: &WrappedDataKey,
    old: &MasterKey,
    new: &MasterKey,
) -> Result<WrappedDataKey, CryptoError> {
    wrapped.unwrap(old)?.wrap(new)
}

fn wrap_aad(key_ref: KeyRef) -> Vec<u8> {
    let mut aad = Vec::with_capacity(WRAP_LABEL.len() + 20);
    aad.extend_from_slice(WRAP_LABEL);
    aad.extend_from_slice(&key_ref.to_bytes());
    aad
}

/// Where a field value is stored. Bound into the ciphertext as associated data, so a value
/// moved to another row, column or table (by a bug or by someone with database access)
/// fails to open instead of showing one survivor's data on another's record.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct FieldContext<'a> {
    pub table: &'a str,
    pub column: &'a str,
    pub row_id: &'a str,
}

impl FieldContext<'_> {
    /// Each part length-prefixed, so ("ab", "c") and ("a", "bc") differ.
    fn append_to(&self, out: &mut Vec<u8>) {
        for part in [self.table, self.column, self.row_id] {
            append_length_prefixed(out, part.as_bytes());
        }
    }
}

pub(crate) fn append_length_prefixed(out: &mut Vec<u8>, part: &[u8]) {
    // usize always fits in u64 on the platforms Rust supports.
    out.extend_from_slice(&(part.len() as u64).to_be_bytes());
    out.extend_from_slice(part);
}

/// Encrypts one field value.
///
/// Output: format byte (1) || key id (16 bytes) || key version (u32 big-endian) ||
/// 24-byte random nonce || XChaCha20-Poly1305 ciphertext and tag. The associated data is the
/// header followed by the length-prefixed table, column and row id, so neither the header
/// nor the value's place can be changed without detection. Random 192-bit nonces make
/// collisions negligible however many values one key encrypts.
pub fn encrypt_field(
    key: &DataKey,
    plaintext: &[u8],
    ctx: &FieldContext,
) -> Result<Vec<u8>, CryptoError> {
    let header = header(key.key_ref);
    let mut nonce = [0u8; NONCE_BYTES];
    OsRng.fill_bytes(&mut nonce);
    let sealed = key
        .cipher()
        .encrypt(
            XNonce::from_slice(&nonce),
            Payload {
                msg: plaintext,
                aad: &field_aad(&header, ctx),
            },
        )
        .map_err(|_| CryptoError::Encrypt)?;
    let mut out = Vec::with_capacity(HEADER_BYTES + NONCE_BYTES + sealed.len());
    out.extend_from_slice(&header);
    out.extend_from_slice(&nonce);
    out.extend_from_slice(&sealed);
    Ok(out)
}

/// [`encrypt_field`] for text.
pub fn encrypt_text(key: &DataKey, text: &str, ctx: &FieldContext) -> Result<Vec<u8>, CryptoError> {
    encrypt_field(key, text.as_bytes(), ctx)
}

/// Which data key a field ciphertext needs, read from its header without decrypting.
/// Refuses unknown formats and values too short to be a ciphertext at all.
pub fn field_key_ref(ciphertext: &[u8]) -> Result<KeyRef, CryptoError> {
    parse(ciphertext).map(|field| field.key_ref)
}

/// Decrypts what [`encrypt_field`] produced, given the same key and context.
///
/// A key other than the one the header names is refused with [`CryptoError::WrongDataKey`]
/// before any decryption is attempted; a wrong context or any altered byte fails with
/// [`CryptoError::Decrypt`].
pub fn decrypt_field(
    key: &DataKey,
    ciphertext: &[u8],
    ctx: &FieldContext,
) -> Result<Zeroizing<Vec<u8>>, CryptoError> {
    let field = parse(ciphertext)?;
    if field.key_ref != key.key_ref {
        return Err(CryptoError::WrongDataKey {
            expected: field.key_ref,
            found: key.key_ref,
        });
    }
    key.cipher()
        .decrypt(
            XNonce::from_slice(field.nonce),
            Payload {
                msg: field.sealed,
                aad: &field_aad(field.header, ctx),
            },
        )
        .map(Zeroizing::new)
        .map_err(|_| CryptoError::Decrypt)
}

/// [`decrypt_field`] for text: also refuses a value that is not UTF-8.
pub fn decrypt_text(
    key: &DataKey,
    ciphertext: &[u8],
    ctx: &FieldContext,
) -> Result<Zeroizing<String>, CryptoError> {
    let bytes = decrypt_field(key, ciphertext, ctx)?;
    let text = std::str::from_utf8(&bytes)
        .map_err(|_| CryptoError::MalformedField("the decrypted value is not UTF-8 text"))?;
    Ok(Zeroizing::new(text.to_owned()))
}

/// A field ciphertext split into its parts; nothing in it is authenticated yet.
struct ParsedField<'a> {
    header: &'a [u8],
    key_ref: KeyRef,
    nonce: &'a [u8],
    sealed: &'a [u8],
}

fn parse(ciphertext: &[u8]) -> Result<ParsedField<'_>, CryptoError> {
    let &format = ciphertext
        .first()
        .ok_or(CryptoError::MalformedField("the value is empty"))?;
    if format != FIELD_FORMAT {
        return Err(CryptoError::UnsupportedFieldFormat(format));
    }
    if ciphertext.len() < HEADER_BYTES + NONCE_BYTES + TAG_BYTES {
        return Err(CryptoError::MalformedField(
            "too short for header, nonce and tag",
        ));
    }
    let (header, rest) = ciphertext.split_at(HEADER_BYTES);
    let (nonce, sealed) = rest.split_at(NONCE_BYTES);
    let key_ref = KeyRef::from_bytes(header[1..].try_into().expect("20 bytes"));
    Ok(ParsedField {
        header,
        key_ref,
        nonce,
        sealed,
    })
}

fn header(key_ref: KeyRef) -> [u8; HEADER_BYTES] {
    let mut header = [0u8; HEADER_BYTES];
    header[0] = FIELD_FORMAT;
    header[1..].copy_from_slice(&key_ref.to_bytes());
    header
}

fn field_aad(header: &[u8], ctx: &FieldContext) -> Vec<u8> {
    let mut aad = Vec::with_capacity(
        header.len() + 24 + ctx.table.len() + ctx.column.len() + ctx.row_id.len(),
    );
    aad.extend_from_slice(header);
    ctx.append_to(&mut aad);
    aad
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const CTX: FieldContext<'static> = FieldContext {
        table: "survivors",
        column: "full_name",
        row_id: "0190f1c2-0000-7000-8000-000000000001",
    };

    fn key_ref(version: u32) -> KeyRef {
        KeyRef {
            key_id: Uuid::from_bytes([0x42; 16]),
            version,
        }
    }

    /// A key with the same bytes under another name, to show the header is authenticated
    /// and not merely compared.
    fn renamed(key: &DataKey, key_ref: KeyRef) -> DataKey {
        DataKey {
            key_ref,
            key: key.key.clone(),
        }
    }

    #[test]
    fn bytes_and_text_round_trip() {
        let key = DataKey::generate(key_ref(1));
        for plaintext in [&b""[..], b"x", &[0u8, 255, 7], &[9u8; 5000]] {
            let ciphertext = encrypt_field(&key, plaintext, &CTX).unwrap();
            assert_eq!(
                ciphertext.len(),
                HEADER_BYTES + NONCE_BYTES + plaintext.len() + TAG_BYTES
            );
            assert_eq!(
                &decrypt_field(&key, &ciphertext, &CTX).unwrap()[..],
                plaintext
            );
        }
        for text in ["", "Amina Yusuf", "Zoë Ñúñez — 안녕 🙂"] {
            let ciphertext = encrypt_text(&key, text, &CTX).unwrap();
            assert_eq!(
                decrypt_text(&key, &ciphertext, &CTX).unwrap().as_str(),
                text
            );
        }
    }

    #[test]
    fn layout_is_header_nonce_ciphertext() {
        let key_ref = KeyRef {
            key_id: Uuid::from_u128(0x0102_0304_0506_0708_090a_0b0c_0d0e_0f10),
            version: 0x0a0b_0c0d,
        };
        let key = DataKey::generate(key_ref);
        let ciphertext = encrypt_field(&key, b"secret", &CTX).unwrap();
        assert_eq!(ciphertext[0], FIELD_FORMAT);
        assert_eq!(&ciphertext[1..17], key_ref.key_id.as_bytes());
        assert_eq!(&ciphertext[17..21], &[0x0a, 0x0b, 0x0c, 0x0d]);
        assert!(!ciphertext.windows(6).any(|w| w == b"secret"));
        assert_eq!(field_key_ref(&ciphertext).unwrap(), key_ref);
    }

    #[test]
    fn nonces_are_fresh() {
        let key = DataKey::generate(key_ref(1));
        let a = encrypt_field(&key, b"same", &CTX).unwrap();
        let b = encrypt_field(&key, b"same", &CTX).unwrap();
        assert_ne!(a, b);
        assert_ne!(
            a[HEADER_BYTES..][..NONCE_BYTES],
            b[HEADER_BYTES..][..NONCE_BYTES]
        );
    }

    #[test]
    fn wrong_key_is_refused_by_name() {
        let key = DataKey::generate(key_ref(1));
        let ciphertext = encrypt_field(&key, b"secret", &CTX).unwrap();
        let other_id = DataKey::generate(KeyRef {
            key_id: Uuid::from_bytes([0x43; 16]),
            version: 1,
        });
        let other_version = DataKey::generate(key_ref(2));
        for wrong in [&other_id, &other_version] {
            match decrypt_field(wrong, &ciphertext, &CTX) {
                Err(CryptoError::WrongDataKey { expected, found }) => {
                    assert_eq!(expected, key.key_ref());
                    assert_eq!(found, wrong.key_ref());
                }
                other => panic!("{wrong:?}: {other:?}"),
            }
        }
        let message = decrypt_field(&other_version, &ciphertext, &CTX)
            .unwrap_err()
            .to_string();
        assert!(
            message.contains("version 1") && message.contains("version 2"),
            "{message}"
        );
    }

    #[test]
    fn same_name_different_bytes_is_refused() {
        let ciphertext = encrypt_field(&DataKey::generate(key_ref(1)), b"s", &CTX).unwrap();
        assert!(matches!(
            decrypt_field(&DataKey::generate(key_ref(1)), &ciphertext, &CTX),
            Err(CryptoError::Decrypt)
        ));
    }

    #[test]
    fn wrong_context_is_refused() {
        let key = DataKey::generate(key_ref(1));
        let ciphertext = encrypt_field(&key, b"secret", &CTX).unwrap();
        let wrong = [
            FieldContext {
                table: "perpetrators",
                ..CTX
            },
            FieldContext {
                column: "phone",
                ..CTX
            },
            FieldContext {
                row_id: "0190f1c2-0000-7000-8000-000000000002",
                ..CTX
            },
            FieldContext {
                table: "",
                column: "",
                row_id: "",
            },
        ];
        for ctx in wrong {
            assert!(
                matches!(
                    decrypt_field(&key, &ciphertext, &ctx),
                    Err(CryptoError::Decrypt)
                ),
                "{ctx:?}"
            );
        }
    }

    #[test]
    fn context_parts_are_length_prefixed() {
        let key = DataKey::generate(key_ref(1));
        let ab_c = FieldContext {
            table: "ab",
            column: "c",
            row_id: "1",
        };
        let a_bc = FieldContext {
            table: "a",
            column: "bc",
            row_id: "1",
        };
        let c_1 = FieldContext {
            table: "ab",
            column: "",
            row_id: "c1",
        };
        let ciphertext = encrypt_field(&key, b"secret", &ab_c).unwrap();
        assert!(decrypt_field(&key, &ciphertext, &a_bc).is_err());
        assert!(decrypt_field(&key, &ciphertext, &c_1).is_err());
        assert!(decrypt_field(&key, &ciphertext, &ab_c).is_ok());
    }

    #[test]
    fn every_flipped_byte_is_refused() {
        let key = DataKey::generate(key_ref(1));
        let ciphertext = encrypt_field(&key, b"secret", &CTX).unwrap();
        for i in 0..ciphertext.len() {
            for bit in 0..8 {
                let mut tampered = ciphertext.clone();
                tampered[i] ^= 1 << bit;
                let result = decrypt_field(&key, &tampered, &CTX);
                assert!(result.is_err(), "byte {i} bit {bit}");
                if (1..HEADER_BYTES).contains(&i) {
                    // Even a key with the named id and version cannot open an altered header.
                    let named = renamed(&key, field_key_ref(&tampered).unwrap());
                    assert!(
                        matches!(
                            decrypt_field(&named, &tampered, &CTX),
                            Err(CryptoError::Decrypt)
                        ),
                        "byte {i} bit {bit}"
                    );
                }
            }
        }
        let mut extended = ciphertext.clone();
        extended.push(0);
        assert!(matches!(
            decrypt_field(&key, &extended, &CTX),
            Err(CryptoError::Decrypt)
        ));
    }

    #[test]
    fn truncation_at_every_length_is_refused() {
        let key = DataKey::generate(key_ref(1));
        let ciphertext = encrypt_field(&key, b"secret", &CTX).unwrap();
        for len in 0..ciphertext.len() {
            let truncated = &ciphertext[..len];
            let result = decrypt_field(&key, truncated, &CTX);
            if len < HEADER_BYTES + NONCE_BYTES + TAG_BYTES {
                assert!(
                    matches!(result, Err(CryptoError::MalformedField(_))),
                    "length {len}: {result:?}"
                );
                assert!(field_key_ref(truncated).is_err(), "length {len}");
            } else {
                assert!(matches!(result, Err(CryptoError::Decrypt)), "length {len}");
            }
        }
    }

    #[test]
    fn unknown_format_is_refused() {
        let key = DataKey::generate(key_ref(1));
        let ciphertext = encrypt_field(&key, b"secret", &CTX).unwrap();
        for format in [0u8, 2, 0xff] {
            let mut other = ciphertext.clone();
            other[0] = format;
            assert!(matches!(
                decrypt_field(&key, &other, &CTX),
                Err(CryptoError::UnsupportedFieldFormat(f)) if f == format
            ));
            assert!(matches!(
                field_key_ref(&other),
                Err(CryptoError::UnsupportedFieldFormat(f)) if f == format
            ));
        }
    }

    #[test]
    fn non_utf8_is_refused_as_text() {
        let key = DataKey::generate(key_ref(1));
        let ciphertext = encrypt_field(&key, &[0xff, 0xfe], &CTX).unwrap();
        assert!(matches!(
            decrypt_text(&key, &ciphertext, &CTX),
            Err(CryptoError::MalformedField(_))
        ));
    }

    #[test]
    fn debug_shows_only_the_key_ref() {
        let key = DataKey::generate(key_ref(7));
        let debug = format!("{key:?}");
        assert!(debug.contains("version: 7"), "{debug}");
        assert!(!debug.contains(&hex::encode(key.key.as_ref())), "{debug}");
        assert!(
            !debug.contains(&format!("{:?}", key.key.as_ref())),
            "{debug}"
        );
    }

    #[test]
    fn wrap_unwrap_round_trip() {
        let master = MasterKey::generate();
        let key = DataKey::generate(key_ref(3));
        let wrapped = key.wrap(&master).unwrap();
        assert_eq!(wrapped.key_ref, key.key_ref());
        assert!(!wrapped.wrapped.windows(32).any(|w| w == key.key.as_ref()));
        let unwrapped = wrapped.unwrap(&master).unwrap();
        assert_eq!(unwrapped.key_ref(), key.key_ref());
        assert_eq!(unwrapped.key, key.key);
        let ciphertext = encrypt_field(&key, b"secret", &CTX).unwrap();
        assert_eq!(
            &decrypt_field(&unwrapped, &ciphertext, &CTX).unwrap()[..],
            b"secret"
        );
    }

    #[test]
    fn unwrap_with_wrong_master_key_fails() {
        let wrapped = DataKey::generate(key_ref(1))
            .wrap(&MasterKey::generate())
            .unwrap();
        let error = wrapped.unwrap(&MasterKey::generate()).unwrap_err();
        assert!(
            matches!(error, CryptoError::DataKeyUnwrap { key_ref: k } if k == key_ref(1)),
            "{error:?}"
        );
    }

    #[test]
    fn wrapping_is_bound_to_key_id_and_version() {
        let master = MasterKey::generate();
        let wrapped = DataKey::generate(key_ref(1)).wrap(&master).unwrap();
        for other in [
            key_ref(2),
            KeyRef {
                key_id: Uuid::from_bytes([0x43; 16]),
                version: 1,
            },
        ] {
            let moved = WrappedDataKey {
                key_ref: other,
                wrapped: wrapped.wrapped.clone(),
            };
            assert!(matches!(
                moved.unwrap(&master),
                Err(CryptoError::DataKeyUnwrap { .. })
            ));
        }
        // Nor is it some other value sealed with the same master key.
        assert!(master.open(&wrapped.wrapped, b"").is_err());
    }

    #[test]
    fn tampered_or_truncated_wrapping_fails() {
        let master = MasterKey::generate();
        let wrapped = DataKey::generate(key_ref(1)).wrap(&master).unwrap();
        for i in 0..wrapped.wrapped.len() {
            let mut tampered = wrapped.clone();
            tampered.wrapped[i] ^= 0x80;
            assert!(tampered.unwrap(&master).is_err(), "byte {i}");
        }
        for len in 0..wrapped.wrapped.len() {
            let mut truncated = wrapped.clone();
            truncated.wrapped.truncate(len);
            assert!(truncated.unwrap(&master).is_err(), "length {len}");
        }
    }

    #[test]
    fn wrapped_value_of_wrong_length_is_refused() {
        let master = MasterKey::generate();
        let wrapped = WrappedDataKey {
            key_ref: key_ref(1),
            wrapped: master.seal(&[1; 31], &wrap_aad(key_ref(1))).unwrap(),
        };
        assert!(matches!(
            wrapped.unwrap(&master),
            Err(CryptoError::InvalidKey(_))
        ));
    }

    #[test]
    fn rewrap_keeps_every_field_readable() {
        let old = MasterKey::generate();
        let new = MasterKey::generate();
        let key = DataKey::generate(key_ref(1));
        let wrapped = key.wrap(&old).unwrap();
        let fields: Vec<(String, Vec<u8>)> = (0..20)
            .map(|i| {
                let value = format!("value {i}");
                let ciphertext = encrypt_text(&key, &value, &CTX).unwrap();
                (value, ciphertext)
            })
            .collect();
        drop(key);

        let rewrapped = rewrap(&wrapped, &old, &new).unwrap();
        assert_eq!(rewrapped.key_ref, wrapped.key_ref);
        assert_ne!(rewrapped.wrapped, wrapped.wrapped);
        let key = rewrapped.unwrap(&new).unwrap();
        for (value, ciphertext) in &fields {
            assert_eq!(
                decrypt_text(&key, ciphertext, &CTX).unwrap().as_str(),
                value
            );
        }
        assert!(matches!(
            rewrapped.unwrap(&old),
            Err(CryptoError::DataKeyUnwrap { .. })
        ));
        // Rotating with the wrong old key changes nothing and says so.
        assert!(rewrap(&wrapped, &new, &old).is_err());
    }

    #[test]
    fn derived_keys_survive_master_key_rotation() {
        let old = MasterKey::generate();
        let new = MasterKey::generate();
        let key = DataKey::generate(key_ref(1));
        let derived = key.derive("blind-index:p");
        assert_eq!(derived.len(), 32);
        let rewrapped = rewrap(&key.wrap(&old).unwrap(), &old, &new).unwrap();
        assert_eq!(
            rewrapped.unwrap(&new).unwrap().derive("blind-index:p"),
            derived
        );
        // Independent per purpose and per key, and unrelated to the master key's own
        // derivation for the same purpose.
        assert_ne!(key.derive("blind-index:q"), derived);
        assert_ne!(
            DataKey::generate(key_ref(1)).derive("blind-index:p"),
            derived
        );
        assert_ne!(old.derive("blind-index:p"), derived);
        assert_eq!(
            &derived[..],
            &crate::token::keyed_hash(key.key.as_ref(), b"concord:blind-index:p")[..]
        );
    }

    proptest! {
        #[test]
        fn any_value_round_trips_in_its_own_place_only(
            plaintext in proptest::collection::vec(any::<u8>(), 0..256),
            table in "[a-z_]{0,12}",
            column in "[a-z_]{0,12}",
            row_id in "[0-9a-f-]{0,36}",
            version in any::<u32>(),
            id in any::<u128>(),
        ) {
            let key = DataKey::generate(KeyRef { key_id: Uuid::from_u128(id), version });
            let ctx = FieldContext { table: &table, column: &column, row_id: &row_id };
            let ciphertext = encrypt_field(&key, &plaintext, &ctx).unwrap();
            prop_assert_eq!(field_key_ref(&ciphertext).unwrap(), key.key_ref());
            prop_assert_eq!(&decrypt_field(&key, &ciphertext, &ctx).unwrap()[..], &plaintext[..]);
            let moved_row = format!("{row_id}x");
            let moved = FieldContext { row_id: &moved_row, ..ctx };
            prop_assert!(decrypt_field(&key, &ciphertext, &moved).is_err());
        }

        #[test]
        fn any_text_round_trips(text in any::<String>()) {
            let key = DataKey::generate(key_ref(1));
            let ciphertext = encrypt_text(&key, &text, &CTX).unwrap();
            let decrypted = decrypt_text(&key, &ciphertext, &CTX).unwrap();
            prop_assert_eq!(decrypted.as_str(), text.as_str());
        }

        #[test]
        fn any_single_byte_change_is_refused(
            plaintext in proptest::collection::vec(any::<u8>(), 0..64),
            position in any::<proptest::sample::Index>(),
            delta in 1u8..=255,
        ) {
            let key = DataKey::generate(key_ref(1));
            let mut ciphertext = encrypt_field(&key, &plaintext, &CTX).unwrap();
            let i = position.index(ciphertext.len());
            ciphertext[i] = ciphertext[i].wrapping_add(delta);
            prop_assert!(decrypt_field(&key, &ciphertext, &CTX).is_err());
        }
    }
}
