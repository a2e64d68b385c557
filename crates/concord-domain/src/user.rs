//! People who sign in: staff of member agencies.

use crate::ids::AgencyId;
use crate::role::Role;
use crate::validation::{Invalid, optional_text, required_text};
use serde::Deserialize;

/// Sign-in names are lower-case ASCII so that "Amina" and "amina" are one
/// account and look-alike Unicode names cannot impersonate each other.
pub fn normalise_username(raw: &str) -> String {
    raw.trim().to_lowercase()
}

pub fn check_username(invalid: &mut Invalid, raw: &str) -> String {
    let name = normalise_username(raw);
    if name.is_empty() {
        invalid.push("username", "is required");
    } else if name.len() < 3 || name.len() > 64 {
        invalid.push("username", "must be 3 to 64 characters");
    } else if !name
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '-' | '_'))
    {
        invalid.push(
            "username",
            "may contain only letters a-z, digits, '.', '-' and '_'",
        );
    }
    name
}

/// An account's e-mail address for notices about its sign-in: optional;
/// blank is none.
pub fn optional_email(invalid: &mut Invalid, field: &str, text: &str) -> Option<String> {
    let value = optional_text(invalid, field, Some(text), 254)?;
    let looks_right = value.split_once('@').is_some_and(|(user, host)| {
        !user.is_empty()
            && host.contains('.')
            && !host.starts_with('.')
            && !host.ends_with('.')
            && !host.contains('@')
    }) && !value.chars().any(|c| c.is_whitespace() || c.is_control());
    if !looks_right {
        invalid.push(field, "is not an e-mail address");
    }
    Some(value)
}

/// A new account as entered.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct UserForm {
    pub username: String,
    pub display_name: String,
    pub agency_id: String,
    #[serde(default)]
    pub roles: Vec<String>,
    /// Where notices about the account's sign-in go (optional).
    #[serde(default)]
    pub email: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserInput {
    pub username: String,
    pub display_name: String,
    pub agency_id: AgencyId,
    pub roles: Vec<Role>,
    pub email: Option<String>,
}

impl UserForm {
    pub fn validate(&self) -> Result<UserInput, Invalid> {
        let mut invalid = Invalid::default();
        let username = check_username(&mut invalid, &self.username);
        let display_name = required_text(&mut invalid, "display_name", &self.display_name, 120);
        let agency_id = self.agency_id.trim().parse::<AgencyId>().ok();
        if agency_id.is_none() {
            invalid.push("agency_id", "must name an agency");
        }
        let roles = parse_roles(&mut invalid, &self.roles);
        let email = optional_email(&mut invalid, "email", &self.email);
        match agency_id {
            Some(agency_id) => invalid.into_result(UserInput {
                username,
                display_name,
                agency_id,
                roles,
                email,
            }),
            None => Err(invalid),
        }
    }
}

/// Parses role names; at least one role is required.
pub fn parse_roles(invalid: &mut Invalid, raw: &[String]) -> Vec<Role> {
    let mut roles = Vec::new();
    for name in raw.iter().map(|r| r.trim()).filter(|r| !r.is_empty()) {
        match name.parse::<Role>() {
            Ok(role) if !roles.contains(&role) => roles.push(role),
            Ok(_) => {}
            Err(e) => {
                invalid.push("roles", e.to_string());
                return roles;
            }
        }
    }
    if roles.is_empty() {
        invalid.push("roles", "choose at least one role");
    }
    roles.sort();
    roles
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_are_normalised_and_checked() {
        let mut invalid = Invalid::default();
        assert_eq!(check_username(&mut invalid, "  Amina.K "), "amina.k");
        assert!(invalid.problems.is_empty());
        check_username(&mut invalid, "ам");
        assert!(invalid.problem_for("username").is_some());
        let mut invalid = Invalid::default();
        check_username(&mut invalid, "аmina"); // Cyrillic 'а'
        assert!(invalid.problem_for("username").is_some());
    }

    #[test]
    fn a_user_needs_an_agency_and_a_role() {
        let invalid = UserForm {
            username: "x".into(),
            display_name: "".into(),
            agency_id: "".into(),
            roles: vec![],
            email: "not an address".into(),
        }
        .validate()
        .unwrap_err();
        for field in ["username", "display_name", "agency_id", "roles", "email"] {
            assert!(invalid.problem_for(field).is_some(), "{field}");
        }
        let mut invalid = Invalid::default();
        parse_roles(&mut invalid, &["god".into()]);
        assert_eq!(invalid.problem_for("roles"), Some("unknown role `god`"));
    }

    #[test]
    fn an_email_address_is_optional_and_checked() {
        let mut invalid = Invalid::default();
        assert_eq!(optional_email(&mut invalid, "email", "  "), None);
        assert_eq!(
            optional_email(&mut invalid, "email", " amina@shelter.example "),
            Some("amina@shelter.example".into())
        );
        assert!(invalid.problems.is_empty());
        for wrong in [
            "amina",
            "@shelter.example",
            "amina@shelter",
            "amina@.example",
            "amina@shelter.",
            "a mina@shelter.example",
            "a@b@c.example",
        ] {
            let mut invalid = Invalid::default();
            optional_email(&mut invalid, "email", wrong);
            assert_eq!(
                invalid.problem_for("email"),
                Some("is not an e-mail address"),
                "{wrong}"
            );
        }
    }
}
