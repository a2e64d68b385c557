use std::path::PathBuf;

use crate::data_keys::KeyRef;

/// Every failure of this crate. Messages never contain secret material.
#[derive(Debug, thiserror::Error)]
pub enum CryptoError {
    /// A stored password hash is not a PHC string this crate can verify.
    #[error("malformed password hash: {0}")]
    MalformedPasswordHash(String),
    /// Hashing a password failed (bad parameters or an unusable random source).
    #[error("password hashing failed: {0}")]
    PasswordHashing(String),
    /// A key file could not be read or created.
    #[error("key file {}: {source}", path.display())]
    KeyFileIo {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A key file can be read by users other than its owner.
    #[error(
        "key file {} has mode {mode:04o}; it must not be accessible to group or others (chmod 600)",
        path.display()
    )]
    InsecureKeyFile { path: PathBuf, mode: u32 },
    /// Key text (file contents or environment variable) is not a valid key.
    #[error("invalid key: {0}")]
    InvalidKey(&'static str),
    /// Encryption failed (only for absurdly large inputs).
    #[error("encryption failed")]
    Encrypt,
    /// A sealed value does not open: wrong key, wrong associated data, or tampering.
    #[error("decryption failed: wrong key, wrong associated data, or tampered ciphertext")]
    Decrypt,
    /// A sealed value is too short to contain version, nonce and tag.
    #[error("sealed value is truncated")]
    Truncated,
    /// A sealed value was produced by a format version this build does not know.
    #[error("unsupported sealed value version {0}")]
    UnsupportedVersion(u8),
    /// A field was encrypted under one data key and another was offered to decrypt it. The
    /// caller looked up the wrong key: read the right one with [`crate::data_keys::field_key_ref`].
    #[error("field is encrypted with data key {expected}, but data key {found} was given")]
    WrongDataKey { expected: KeyRef, found: KeyRef },
    /// A wrapped data key does not open: the master key is not the one that wrapped it
    /// (a misconfigured or not yet rotated master key), or the stored wrapping was altered.
    #[error("data key {key_ref} does not unwrap: wrong master key or tampered wrapping")]
    DataKeyUnwrap { key_ref: KeyRef },
    /// An encrypted field is structurally unusable (too short for its header, nonce and tag,
    /// or not text where text was expected).
    #[error("malformed encrypted field: {0}")]
    MalformedField(&'static str),
    /// An encrypted field was written in a format this build does not know.
    #[error("unsupported encrypted field format {0}")]
    UnsupportedFieldFormat(u8),
    /// Serialised Merkle frontier bytes are inconsistent.
    #[error("malformed Merkle frontier: {0}")]
    MalformedFrontier(&'static str),
    /// The data does not fit in a QR code.
    #[error("cannot render QR code: {0}")]
    QrCode(String),
}
