//! The password rule (ASVS 5.0 §6.2): 12 to 128 characters of any kind, no
//! composition rules, and not a known common password or one built from the
//! account's own name.

use crate::validation::Invalid;

pub const MIN_CHARS: usize = 12;
pub const MAX_CHARS: usize = 128;

const COMMON_PASSWORDS: &str = include_str!("common-passwords.txt");

fn is_common(lowered: &str) -> bool {
    COMMON_PASSWORDS
        .lines()
        .filter(|l| !l.starts_with('#'))
        .any(|l| l == lowered)
}

/// Checks a new password for the given field. `username` is the account's
/// sign-in name, which must not be the password or its core.
pub fn check_new_password(field: &str, password: &str, username: &str) -> Result<(), Invalid> {
    let chars = password.chars().count();
    let lowered = password.to_lowercase();
    let problem = if chars < MIN_CHARS {
        Some(format!("must be at least {MIN_CHARS} characters"))
    } else if chars > MAX_CHARS {
        Some(format!("must be at most {MAX_CHARS} characters"))
    } else if is_common(&lowered) {
        Some("is a commonly used password; choose another".to_string())
    } else if password.chars().all(|c| password.starts_with(c)) {
        Some("must not be one character repeated".to_string())
    } else if !username.is_empty() && lowered.contains(&username.to_lowercase()) {
        Some("must not contain the user name".to_string())
    } else {
        None
    };
    match problem {
        Some(p) => Err(Invalid::one(field, p)),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_limits_in_characters() {
        assert!(check_new_password("password", "short pass1", "u").is_err());
        assert!(check_new_password("password", "twelve chars", "u").is_ok());
        // 12 multi-byte characters are 12 characters, not 24 bytes.
        assert!(check_new_password("password", "ääääääääääää", "u").is_err()); // repeated
        assert!(check_new_password("password", "äöüäöüäöüäöü", "u").is_ok());
        assert!(check_new_password("password", &"ab".repeat(64), "u").is_ok());
        assert!(
            check_new_password("password", &"ab".repeat(64).replace("ab", "abc"), "u").is_err()
        );
    }

    #[test]
    fn common_passwords_are_refused_in_any_case() {
        let err = check_new_password("password", "QWERTY123456", "u").unwrap_err();
        assert_eq!(
            err.problem_for("password"),
            Some("is a commonly used password; choose another")
        );
    }

    #[test]
    fn no_composition_rules() {
        assert!(check_new_password("password", "all lower case words here", "u").is_ok());
        assert!(check_new_password("password", "مرحبا بكم في كونكورد", "u").is_ok());
    }

    #[test]
    fn user_name_is_refused() {
        let err = check_new_password("password", "amina.k-secret-2026", "Amina.K").unwrap_err();
        assert_eq!(
            err.problem_for("password"),
            Some("must not contain the user name")
        );
    }
}
