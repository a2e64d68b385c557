//! Password hashing with Argon2id.
//!
//! Parameters follow OWASP's password storage cheat sheet and ASVS 5.0: m = 19456 KiB,
//! t = 2, p = 1. Hashes are PHC strings, so each one records its own parameters and salt and
//! old hashes keep verifying after the parameters change (see [`needs_rehash`]).

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use secrecy::{ExposeSecret, SecretString};

use crate::CryptoError;

/// Memory cost in KiB.
pub const MEMORY_KIB: u32 = 19_456;
/// Number of passes.
pub const ITERATIONS: u32 = 2;
/// Degree of parallelism.
pub const PARALLELISM: u32 = 1;

/// A hash of a random password nobody knows, made with the parameters above. Verifying
/// against it costs what verifying a real user's hash costs. It is a constant rather than
/// computed on first use so that the first unknown user name is not slower than the rest.
const DUMMY_PHC: &str = "$argon2id$v=19$m=19456,t=2,p=1$B4OMk8q36rGR7N5NdTdh2g$4vVp6o627WDucBdzhZ1mGpLyKglVUDfYN8tZ0hiqTRM";

fn hasher() -> Argon2<'static> {
    let params = Params::new(MEMORY_KIB, ITERATIONS, PARALLELISM, None)
        .expect("the fixed Argon2 parameters are valid");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Hashes a password with Argon2id and a fresh random salt; returns the PHC string.
pub fn hash_password(password: &SecretString) -> Result<String, CryptoError> {
    let salt = SaltString::generate(&mut OsRng);
    hasher()
        .hash_password(password.expose_secret().as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| CryptoError::PasswordHashing(e.to_string()))
}

/// Checks a password against a stored PHC string, using the parameters recorded in it.
///
/// Ok(false) for a wrong password; Err only for a malformed hash.
pub fn verify_password(password: &SecretString, phc: &str) -> Result<bool, CryptoError> {
    let parsed =
        PasswordHash::new(phc).map_err(|e| CryptoError::MalformedPasswordHash(e.to_string()))?;
    // The verifier treats a hash without salt or output as a mismatch; it is corrupt data.
    if parsed.salt.is_none() || parsed.hash.is_none() {
        return Err(CryptoError::MalformedPasswordHash(
            "missing salt or hash output".to_owned(),
        ));
    }
    match hasher().verify_password(password.expose_secret().as_bytes(), &parsed) {
        Ok(()) => Ok(true),
        Err(argon2::password_hash::Error::Password) => Ok(false),
        Err(e) => Err(CryptoError::MalformedPasswordHash(e.to_string())),
    }
}

/// Spends the same time as a verification, for unknown user names (no timing oracle).
pub fn verify_against_dummy(password: &SecretString) {
    // The result is meaningless: nobody knows the dummy password. black_box keeps the
    // work from being optimised away.
    std::hint::black_box(verify_password(password, DUMMY_PHC).ok());
}

/// True when a stored hash was made with other parameters than the current ones (or is not
/// a hash this crate understands), so it should be replaced after the next successful sign-in.
pub fn needs_rehash(phc: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(phc) else {
        return true;
    };
    if parsed.algorithm != Algorithm::Argon2id.ident() || parsed.version != Some(0x13) {
        return true;
    }
    match Params::try_from(&parsed) {
        Ok(params) => {
            params.m_cost() != MEMORY_KIB
                || params.t_cost() != ITERATIONS
                || params.p_cost() != PARALLELISM
        }
        Err(_) => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secret(s: &str) -> SecretString {
        SecretString::from(s)
    }

    #[test]
    fn round_trip_and_wrong_password() {
        let phc = hash_password(&secret("correct horse battery staple")).unwrap();
        assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{phc}");
        assert!(verify_password(&secret("correct horse battery staple"), &phc).unwrap());
        assert!(!verify_password(&secret("correct horse battery stapler"), &phc).unwrap());
        assert!(!verify_password(&secret(""), &phc).unwrap());
    }

    #[test]
    fn salts_differ() {
        let a = hash_password(&secret("same")).unwrap();
        let b = hash_password(&secret("same")).unwrap();
        assert_ne!(a, b);
    }

    #[test]
    fn malformed_hash_is_an_error() {
        assert!(verify_password(&secret("x"), "").is_err());
        assert!(verify_password(&secret("x"), "not a hash").is_err());
        assert!(verify_password(&secret("x"), "$argon2id$v=19$m=19456").is_err());
        assert!(verify_password(&secret("x"), "$argon2id$v=19$m=19456,t=2,p=1").is_err());
        assert!(
            verify_password(&secret("x"), "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ").is_err()
        );
        // A well-formed PHC string for an algorithm this crate does not verify.
        assert!(
            verify_password(
                &secret("x"),
                "$scrypt$ln=15,r=8,p=1$c2FsdHNhbHQ$aGFzaGhhc2g"
            )
            .is_err()
        );
    }

    #[test]
    fn dummy_hash_is_well_formed_and_current() {
        // If this fails after a parameter change, replace DUMMY_PHC with the output of
        // hash_password for some long random text that is then thrown away.
        assert!(!needs_rehash(DUMMY_PHC), "DUMMY_PHC uses stale parameters");
        assert!(!verify_password(&secret("anything"), DUMMY_PHC).unwrap());
        verify_against_dummy(&secret("anything"));
    }

    #[test]
    fn rehash_needed_for_other_parameters() {
        let current = hash_password(&secret("pw")).unwrap();
        assert!(!needs_rehash(&current));
        let weaker = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(8, 1, 1, None).unwrap(),
        )
        .hash_password(b"pw", &SaltString::generate(&mut OsRng))
        .unwrap()
        .to_string();
        assert!(needs_rehash(&weaker));
        // Old hashes keep verifying with their own parameters.
        assert!(verify_password(&secret("pw"), &weaker).unwrap());
        assert!(needs_rehash("garbage"));
    }
}
