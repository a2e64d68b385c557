//! Long-lived server keys: the master key that wraps data keys (XChaCha20-Poly1305) and the
//! Ed25519 key that signs audit checkpoints.
//!
//! Both live outside the database, in a key file holding base64 text or in an environment
//! variable. Key files are created with mode 0600 and refused if group or others can read
//! them, so a careless copy or an umask of 022 cannot quietly leak the key.

use std::fmt;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use base64::Engine;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::{DecodePaddingMode, general_purpose};
use chacha20poly1305::aead::{Aead, Payload};
use chacha20poly1305::{KeyInit, XChaCha20Poly1305, XNonce};
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use rand::RngCore;
use rand::rngs::OsRng;
use zeroize::Zeroizing;

use crate::CryptoError;

/// Length of both key kinds: a ChaCha20 key and an Ed25519 seed.
pub const KEY_BYTES: usize = 32;
/// First byte of every sealed value, so the format can change without guessing.
pub const SEAL_VERSION: u8 = 1;
const NONCE_BYTES: usize = 24;
const TAG_BYTES: usize = 16;
/// Key files are a line of base64; anything much larger is not a key file.
const MAX_KEY_FILE_BYTES: u64 = 4096;

type KeyBytes = Zeroizing<[u8; KEY_BYTES]>;

/// 32-byte master key for XChaCha20-Poly1305. Zeroized on drop. Debug prints nothing secret.
pub struct MasterKey {
    key: KeyBytes,
}

impl fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("MasterKey(..)")
    }
}

impl MasterKey {
    /// Reads the key file (base64 text) or, if it does not exist, creates it with mode 0600.
    /// Two processes racing to create it end up with the same key. Refuses a key file that
    /// group or others can access.
    pub fn load_or_create(path: &Path) -> Result<Self, CryptoError> {
        load_or_create_key(path).map(|key| Self { key })
    }

    /// Reads an existing key file with the same checks as [`MasterKey::load_or_create`];
    /// `Ok(None)` when there is no such file (nothing is created).
    pub fn load(path: &Path) -> Result<Option<Self>, CryptoError> {
        Ok(read_key_file(path)?.map(|key| Self { key }))
    }

    /// Writes the key to a new key file (mode 0600, synced to disk with its directory
    /// entry). Never overwrites: fails if `path` exists. Used by master key rotation to put
    /// the new key on disk before anything is encrypted with it.
    pub fn save_new(&self, path: &Path) -> Result<(), CryptoError> {
        create_key_file(path, &self.key).map_err(|e| io_error(path, e))
    }

    /// Whether two keys are the same key, compared in constant time.
    pub fn same_as(&self, other: &MasterKey) -> bool {
        crate::constant_time_eq(self.key.as_ref(), other.key.as_ref())
    }

    /// Key from base64 text (standard or URL-safe alphabet, padding optional, surrounding
    /// whitespace ignored), as in `CONCORD_MASTER_KEY`.
    pub fn from_base64(text: &str) -> Result<Self, CryptoError> {
        decode_key(text).map(|key| Self { key })
    }

    /// Key from exactly 32 raw bytes, e.g. a data key just unwrapped with [`MasterKey::open`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, CryptoError> {
        let key: [u8; KEY_BYTES] = bytes
            .try_into()
            .map_err(|_| CryptoError::InvalidKey("a key must be exactly 32 bytes"))?;
        Ok(Self {
            key: Zeroizing::new(key),
        })
    }

    /// A fresh random key.
    pub fn generate() -> Self {
        Self { key: random_key() }
    }

    /// The raw key, e.g. to wrap a freshly generated data key with the master key.
    pub fn expose_secret(&self) -> &[u8; KEY_BYTES] {
        &self.key
    }

    /// The key as standard base64, the format of key files and `CONCORD_MASTER_KEY`.
    pub fn to_base64(&self) -> Zeroizing<String> {
        Zeroizing::new(general_purpose::STANDARD.encode(self.key.as_ref()))
    }

    /// Output: version byte (1) || 24-byte random nonce || ciphertext+tag.
    /// `associated_data` binds the ciphertext to where it is stored (table, column, row id).
    ///
    /// Random 192-bit nonces make collisions negligible however many values one key seals.
    pub fn seal(&self, plaintext: &[u8], associated_data: &[u8]) -> Result<Vec<u8>, CryptoError> {
        let mut nonce = [0u8; NONCE_BYTES];
        OsRng.fill_bytes(&mut nonce);
        let aad = versioned_aad(SEAL_VERSION, associated_data);
        let ciphertext = self
            .cipher()
            .encrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: plaintext,
                    aad: &aad,
                },
            )
            .map_err(|_| CryptoError::Encrypt)?;
        let mut sealed = Vec::with_capacity(1 + NONCE_BYTES + ciphertext.len());
        sealed.push(SEAL_VERSION);
        sealed.extend_from_slice(&nonce);
        sealed.extend_from_slice(&ciphertext);
        Ok(sealed)
    }

    /// Opens what [`MasterKey::seal`] produced with the same key and associated data.
    pub fn open(
        &self,
        sealed: &[u8],
        associated_data: &[u8],
    ) -> Result<Zeroizing<Vec<u8>>, CryptoError> {
        let (&version, rest) = sealed.split_first().ok_or(CryptoError::Truncated)?;
        if version != SEAL_VERSION {
            return Err(CryptoError::UnsupportedVersion(version));
        }
        if rest.len() < NONCE_BYTES + TAG_BYTES {
            return Err(CryptoError::Truncated);
        }
        let (nonce, ciphertext) = rest.split_at(NONCE_BYTES);
        let aad = versioned_aad(version, associated_data);
        self.cipher()
            .decrypt(
                XNonce::from_slice(nonce),
                Payload {
                    msg: ciphertext,
                    aad: &aad,
                },
            )
            .map(Zeroizing::new)
            .map_err(|_| CryptoError::Decrypt)
    }

    /// Derives a sub-key for a purpose (HMAC-SHA256(master, "concord:" + purpose)); used for
    /// keyed_hash keys. Different purposes give independent keys, so a blind index key
    /// leaking does not expose the master key or other purposes' keys.
    pub fn derive(&self, purpose: &str) -> Zeroizing<Vec<u8>> {
        let mut info = Vec::with_capacity(8 + purpose.len());
        info.extend_from_slice(b"concord:");
        info.extend_from_slice(purpose.as_bytes());
        Zeroizing::new(crate::token::keyed_hash(self.key.as_ref(), &info))
    }

    fn cipher(&self) -> XChaCha20Poly1305 {
        XChaCha20Poly1305::new(self.key.as_ref().into())
    }
}

/// The version byte is authenticated too, so a future format cannot be confused with this one.
fn versioned_aad(version: u8, associated_data: &[u8]) -> Vec<u8> {
    let mut aad = Vec::with_capacity(1 + associated_data.len());
    aad.push(version);
    aad.extend_from_slice(associated_data);
    aad
}

/// Ed25519 key that signs audit checkpoints. Same file rules as [`MasterKey`].
pub struct AuditSigningKey {
    // SigningKey zeroizes itself on drop (ed25519-dalek's zeroize feature).
    key: SigningKey,
}

impl fmt::Debug for AuditSigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuditSigningKey")
            .field("public_key", &hex::encode(self.public_key()))
            .finish_non_exhaustive()
    }
}

impl AuditSigningKey {
    pub fn load_or_create(path: &Path) -> Result<Self, CryptoError> {
        load_or_create_key(path).map(|seed| Self::from_seed(&seed))
    }

    /// Reads the key file; `Ok(None)` when there is none (never creates one).
    pub fn load(path: &Path) -> Result<Option<Self>, CryptoError> {
        Ok(read_key_file(path)?.map(|seed| Self::from_seed(&seed)))
    }

    /// 32-byte seed in base64, as in `CONCORD_AUDIT_SIGNING_KEY`.
    pub fn from_base64(text: &str) -> Result<Self, CryptoError> {
        decode_key(text).map(|seed| Self::from_seed(&seed))
    }

    pub fn generate() -> Self {
        Self::from_seed(&random_key())
    }

    fn from_seed(seed: &[u8; KEY_BYTES]) -> Self {
        Self {
            key: SigningKey::from_bytes(seed),
        }
    }

    /// The seed as standard base64, the format of key files and `CONCORD_AUDIT_SIGNING_KEY`.
    pub fn to_base64(&self) -> Zeroizing<String> {
        let seed = Zeroizing::new(self.key.to_bytes());
        Zeroizing::new(general_purpose::STANDARD.encode(seed.as_ref()))
    }

    pub fn public_key(&self) -> [u8; 32] {
        self.key.verifying_key().to_bytes()
    }

    pub fn sign(&self, message: &[u8]) -> [u8; 64] {
        self.key.sign(message).to_bytes()
    }
}

/// Checks an Ed25519 signature. Uses strict verification (no small-order keys, canonical
/// signatures only) so that a signature cannot be altered and still verify. Wrong lengths
/// and malformed keys are simply false.
pub fn verify_signature(public_key: &[u8], message: &[u8], signature: &[u8]) -> bool {
    let (Ok(public_key), Ok(signature)) = (
        <[u8; 32]>::try_from(public_key),
        <[u8; 64]>::try_from(signature),
    ) else {
        return false;
    };
    let Ok(verifying_key) = VerifyingKey::from_bytes(&public_key) else {
        return false;
    };
    verifying_key
        .verify_strict(message, &Signature::from_bytes(&signature))
        .is_ok()
}

fn random_key() -> KeyBytes {
    let mut key = Zeroizing::new([0u8; KEY_BYTES]);
    OsRng.fill_bytes(key.as_mut());
    key
}

/// Accepts what people paste: either base64 alphabet, with or without padding.
fn decode_key(text: &str) -> Result<KeyBytes, CryptoError> {
    let config =
        GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent);
    let engines = [
        GeneralPurpose::new(&base64::alphabet::STANDARD, config),
        GeneralPurpose::new(&base64::alphabet::URL_SAFE, config),
    ];
    let text = text.trim();
    if text.is_empty() {
        return Err(CryptoError::InvalidKey("the key is empty"));
    }
    for engine in &engines {
        // A buffer with room to spare, so decoding never reallocates and leaves copies behind.
        let mut buf = Zeroizing::new([0u8; 64]);
        if let Ok(len) = engine.decode_slice(text, buf.as_mut()) {
            if len != KEY_BYTES {
                return Err(CryptoError::InvalidKey(
                    "the key must decode to exactly 32 bytes",
                ));
            }
            let mut key = Zeroizing::new([0u8; KEY_BYTES]);
            key.copy_from_slice(&buf[..KEY_BYTES]);
            return Ok(key);
        }
    }
    Err(CryptoError::InvalidKey(
        "the key is not valid base64 of 32 bytes",
    ))
}

fn io_error(path: &Path, source: io::Error) -> CryptoError {
    CryptoError::KeyFileIo {
        path: path.to_path_buf(),
        source,
    }
}

fn load_or_create_key(path: &Path) -> Result<KeyBytes, CryptoError> {
    if let Some(key) = read_key_file(path)? {
        return Ok(key);
    }
    let key = random_key();
    match create_key_file(path, &key) {
        Ok(()) => Ok(key),
        // Another process created it first: use theirs, so both agree on one key.
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            read_key_file(path)?.ok_or_else(|| {
                io_error(
                    path,
                    io::Error::other("key file vanished while it was being created"),
                )
            })
        }
        Err(e) => Err(io_error(path, e)),
    }
}

/// Ok(None) when the file does not exist.
fn read_key_file(path: &Path) -> Result<Option<KeyBytes>, CryptoError> {
    let file = match File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io_error(path, e)),
    };
    // Checked on the open handle, so the file cannot be swapped between check and read.
    let metadata = file.metadata().map_err(|e| io_error(path, e))?;
    if !metadata.is_file() {
        return Err(io_error(path, io::Error::other("not a regular file")));
    }
    check_private(path, &metadata)?;
    if metadata.len() > MAX_KEY_FILE_BYTES {
        return Err(CryptoError::InvalidKey(
            "the key file is too large to be a key file",
        ));
    }
    let mut text = Zeroizing::new(String::with_capacity(MAX_KEY_FILE_BYTES as usize + 1));
    file.take(MAX_KEY_FILE_BYTES + 1)
        .read_to_string(&mut text)
        .map_err(|e| io_error(path, e))?;
    decode_key(&text).map(Some)
}

#[cfg(unix)]
fn check_private(path: &Path, metadata: &fs::Metadata) -> Result<(), CryptoError> {
    use std::os::unix::fs::PermissionsExt;
    let mode = metadata.permissions().mode() & 0o7777;
    if mode & 0o077 != 0 {
        return Err(CryptoError::InsecureKeyFile {
            path: path.to_path_buf(),
            mode,
        });
    }
    Ok(())
}

#[cfg(not(unix))]
fn check_private(_path: &Path, _metadata: &fs::Metadata) -> Result<(), CryptoError> {
    Ok(())
}

/// Writes the key to a private temporary file beside `path`, then hard-links it into place.
/// Linking fails with AlreadyExists if `path` exists, so a racing process is never
/// overwritten, and `path` only ever appears complete: a reader never sees a half-written
/// key, and a crash mid-write leaves a stray temporary file rather than an empty key file.
fn create_key_file(path: &Path, key: &[u8; KEY_BYTES]) -> io::Result<()> {
    let temp = temp_path(path);
    let result = write_new_private_file(&temp, key).and_then(|()| fs::hard_link(&temp, path));
    let _ = fs::remove_file(&temp);
    result?;
    // Make the new directory entry durable; failure here does not lose the key we return.
    if let Some(dir) = path.parent().filter(|p| !p.as_os_str().is_empty())
        && let Ok(dir) = File::open(dir)
    {
        let _ = dir.sync_all();
    }
    Ok(())
}

fn temp_path(path: &Path) -> PathBuf {
    let mut suffix = [0u8; 8];
    OsRng.fill_bytes(&mut suffix);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.{}.tmp", hex::encode(suffix)))
}

fn write_new_private_file(path: &Path, key: &[u8; KEY_BYTES]) -> io::Result<()> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    let mut text = Zeroizing::new(general_purpose::STANDARD.encode(key));
    text.push('\n');
    file.write_all(text.as_bytes())?;
    file.sync_all()
}

// The file-mode tests need Unix permissions.
#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;
    use std::sync::{Arc, Barrier};

    fn mode(path: &Path) -> u32 {
        fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn seal_open_round_trip() {
        let key = MasterKey::generate();
        for plaintext in [&b""[..], b"x", &[7u8; 1000]] {
            let sealed = key.seal(plaintext, b"cases.name:42").unwrap();
            assert_eq!(sealed[0], SEAL_VERSION);
            assert_eq!(sealed.len(), 1 + 24 + plaintext.len() + 16);
            assert_eq!(&key.open(&sealed, b"cases.name:42").unwrap()[..], plaintext);
        }
    }

    #[test]
    fn nonces_are_fresh() {
        let key = MasterKey::generate();
        assert_ne!(
            key.seal(b"same", b"").unwrap(),
            key.seal(b"same", b"").unwrap()
        );
    }

    #[test]
    fn wrong_associated_data_is_refused() {
        let key = MasterKey::generate();
        let sealed = key.seal(b"secret", b"cases.name:42").unwrap();
        assert!(matches!(
            key.open(&sealed, b"cases.name:43"),
            Err(CryptoError::Decrypt)
        ));
        assert!(matches!(key.open(&sealed, b""), Err(CryptoError::Decrypt)));
    }

    #[test]
    fn every_tampered_byte_is_refused() {
        let key = MasterKey::generate();
        let sealed = key.seal(b"secret", b"ad").unwrap();
        for i in 0..sealed.len() {
            let mut tampered = sealed.clone();
            tampered[i] ^= 0x01;
            assert!(key.open(&tampered, b"ad").is_err(), "byte {i}");
        }
        let mut extended = sealed.clone();
        extended.push(0);
        assert!(key.open(&extended, b"ad").is_err());
    }

    #[test]
    fn wrong_key_is_refused() {
        let sealed = MasterKey::generate().seal(b"secret", b"ad").unwrap();
        assert!(matches!(
            MasterKey::generate().open(&sealed, b"ad"),
            Err(CryptoError::Decrypt)
        ));
    }

    #[test]
    fn truncated_and_unknown_versions_are_refused() {
        let key = MasterKey::generate();
        let sealed = key.seal(b"secret", b"ad").unwrap();
        assert!(matches!(key.open(&[], b"ad"), Err(CryptoError::Truncated)));
        assert!(matches!(
            key.open(&sealed[..40], b"ad"),
            Err(CryptoError::Truncated)
        ));
        let mut v2 = sealed.clone();
        v2[0] = 2;
        assert!(matches!(
            key.open(&v2, b"ad"),
            Err(CryptoError::UnsupportedVersion(2))
        ));
    }

    #[test]
    fn debug_reveals_nothing() {
        let key = MasterKey::from_bytes(&[0xab; 32]).unwrap();
        let debug = format!("{key:?}");
        assert!(!debug.contains("ab") && !debug.contains("171"), "{debug}");
        let signing =
            AuditSigningKey::from_base64(&general_purpose::STANDARD.encode([0xab; 32])).unwrap();
        let debug = format!("{signing:?}");
        assert!(debug.contains(&hex::encode(signing.public_key())));
        assert!(!debug.contains("abababab"), "{debug}");
    }

    #[test]
    fn base64_forms_are_accepted() {
        let bytes: Vec<u8> = (0u8..32)
            .map(|i| i.wrapping_mul(37).wrapping_add(250))
            .collect();
        let standard = general_purpose::STANDARD.encode(&bytes);
        let url_no_pad = general_purpose::URL_SAFE_NO_PAD.encode(&bytes);
        assert_ne!(
            standard.trim_end_matches('='),
            url_no_pad,
            "test needs +/ characters"
        );
        for text in [standard.clone(), url_no_pad, format!("  {standard}\n")] {
            let key = MasterKey::from_base64(&text).unwrap();
            assert_eq!(&key.expose_secret()[..], &bytes[..], "{text}");
        }
        let key = MasterKey::from_base64(&standard).unwrap();
        assert_eq!(*key.to_base64(), standard);
    }

    #[test]
    fn bad_key_text_is_refused() {
        for text in [
            "",
            "   ",
            "not base64!",
            &general_purpose::STANDARD.encode([1u8; 31]),
            &general_purpose::STANDARD.encode([1u8; 33]),
            &general_purpose::STANDARD.encode([1u8; 64]),
        ] {
            assert!(
                matches!(
                    MasterKey::from_base64(text),
                    Err(CryptoError::InvalidKey(_))
                ),
                "{text:?}"
            );
            assert!(AuditSigningKey::from_base64(text).is_err(), "{text:?}");
        }
        assert!(MasterKey::from_bytes(&[0; 31]).is_err());
    }

    #[test]
    fn derive_is_hmac_of_prefixed_purpose() {
        let key = MasterKey::from_bytes(&[9; 32]).unwrap();
        let derived = key.derive("blind-index");
        assert_eq!(derived.len(), 32);
        assert_eq!(
            *derived,
            crate::token::keyed_hash(&[9; 32], b"concord:blind-index")
        );
        assert_eq!(*derived, *key.derive("blind-index"));
        assert_ne!(*derived, *key.derive("throttle"));
        assert_ne!(*derived, *MasterKey::generate().derive("blind-index"));
    }

    #[test]
    fn key_file_is_created_private_and_reused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("master.key");
        let first = MasterKey::load_or_create(&path).unwrap();
        assert_eq!(mode(&path), 0o600);
        let text = fs::read_to_string(&path).unwrap();
        assert_eq!(text.trim(), *first.to_base64());
        let second = MasterKey::load_or_create(&path).unwrap();
        assert_eq!(first.expose_secret(), second.expose_secret());
        let sealed = first.seal(b"kept", b"ad").unwrap();
        assert_eq!(&second.open(&sealed, b"ad").unwrap()[..], b"kept");
        // Only the key file is left behind, no temporary files.
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_new_key_file_is_private_durable_and_never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("master.key.new");
        assert!(
            MasterKey::load(&path).unwrap().is_none(),
            "load creates nothing"
        );
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
        let key = MasterKey::generate();
        key.save_new(&path).unwrap();
        assert_eq!(mode(&path), 0o600);
        let loaded = MasterKey::load(&path).unwrap().unwrap();
        assert!(loaded.same_as(&key));
        assert!(!loaded.same_as(&MasterKey::generate()));
        let other = MasterKey::generate();
        assert!(matches!(
            other.save_new(&path),
            Err(CryptoError::KeyFileIo { .. })
        ));
        assert!(MasterKey::load(&path).unwrap().unwrap().same_as(&key));
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
        fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
        assert!(matches!(
            MasterKey::load(&path),
            Err(CryptoError::InsecureKeyFile { .. })
        ));
    }

    #[test]
    fn group_or_world_readable_key_file_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("master.key");
        MasterKey::load_or_create(&path).unwrap();
        for bad in [0o640, 0o604, 0o660, 0o644, 0o610] {
            fs::set_permissions(&path, fs::Permissions::from_mode(bad)).unwrap();
            match MasterKey::load_or_create(&path) {
                Err(CryptoError::InsecureKeyFile { mode, .. }) => assert_eq!(mode, bad),
                other => panic!("mode {bad:o}: {other:?}"),
            }
            assert!(matches!(
                AuditSigningKey::load_or_create(&path),
                Err(CryptoError::InsecureKeyFile { .. })
            ));
        }
        fs::set_permissions(&path, fs::Permissions::from_mode(0o400)).unwrap();
        assert!(MasterKey::load_or_create(&path).is_ok());
    }

    #[test]
    fn existing_key_file_with_garbage_is_an_error_not_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("master.key");
        write_new_private_file(&path, &[0; 32]).unwrap();
        fs::write(&path, "garbage\n").unwrap();
        assert!(matches!(
            MasterKey::load_or_create(&path),
            Err(CryptoError::InvalidKey(_))
        ));
        assert_eq!(fs::read_to_string(&path).unwrap(), "garbage\n");
    }

    #[test]
    fn missing_directory_is_an_io_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("absent").join("master.key");
        assert!(matches!(
            MasterKey::load_or_create(&path),
            Err(CryptoError::KeyFileIo { .. })
        ));
    }

    #[test]
    fn racing_creators_agree_on_one_key() {
        let dir = tempfile::tempdir().unwrap();
        let path = Arc::new(dir.path().join("master.key"));
        let threads = 8;
        let barrier = Arc::new(Barrier::new(threads));
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                let (path, barrier) = (Arc::clone(&path), Arc::clone(&barrier));
                std::thread::spawn(move || {
                    barrier.wait();
                    *MasterKey::load_or_create(&path).unwrap().expose_secret()
                })
            })
            .collect();
        let keys: Vec<[u8; 32]> = handles.into_iter().map(|h| h.join().unwrap()).collect();
        assert!(keys.iter().all(|k| *k == keys[0]));
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn signing_key_file_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit.key");
        let first = AuditSigningKey::load_or_create(&path).unwrap();
        assert_eq!(mode(&path), 0o600);
        let second = AuditSigningKey::load_or_create(&path).unwrap();
        assert_eq!(first.public_key(), second.public_key());
        let from_text = AuditSigningKey::from_base64(&fs::read_to_string(&path).unwrap()).unwrap();
        assert_eq!(from_text.public_key(), first.public_key());
        assert_eq!(
            *from_text.to_base64(),
            fs::read_to_string(&path).unwrap().trim()
        );
    }

    #[test]
    fn rfc8032_test_1() {
        let seed = hex::decode("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
            .unwrap();
        let key = AuditSigningKey::from_base64(&general_purpose::STANDARD.encode(seed)).unwrap();
        assert_eq!(
            hex::encode(key.public_key()),
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
        );
        let signature = key.sign(b"");
        assert_eq!(
            hex::encode(signature),
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155\
             5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"
        );
        assert!(verify_signature(&key.public_key(), b"", &signature));
    }

    #[test]
    fn signature_verifies_and_tampering_is_detected() {
        let key = AuditSigningKey::generate();
        let public = key.public_key();
        let message = b"concord audit checkpoint v1\n3\n";
        let signature = key.sign(message);
        assert!(verify_signature(&public, message, &signature));

        assert!(!verify_signature(
            &public,
            b"concord audit checkpoint v1\n4\n",
            &signature
        ));
        for i in 0..64 {
            let mut bad = signature;
            bad[i] ^= 0x01;
            assert!(
                !verify_signature(&public, message, &bad),
                "signature byte {i}"
            );
        }
        assert!(!verify_signature(
            &AuditSigningKey::generate().public_key(),
            message,
            &signature
        ));
        assert!(!verify_signature(&public[..31], message, &signature));
        assert!(!verify_signature(&public, message, &signature[..63]));
        assert!(!verify_signature(&[0; 32], message, &signature));
    }
}
