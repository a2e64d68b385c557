//! Validation errors that name the field and the problem, so the UI and the
//! API can both tell the person exactly what to fix.

use serde::Serialize;

/// One problem with one input field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    /// The field's name as the form and the API know it (e.g. `username`).
    pub field: String,
    /// What is wrong, in plain words.
    pub problem: String,
    /// The same problem as a message the reader's language has, for
    /// problems whose words depend on the case (who may consent instead).
    #[serde(skip)]
    pub message: Option<Message>,
}

/// A localisable message: a key in the web layer's message files and its
/// arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub key: String,
    pub args: Vec<(&'static str, MessageArg)>,
}

/// An argument of a [`Message`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MessageArg {
    /// Inserted as it is (a number, a name).
    Text(String),
    /// Another message, rendered first.
    Message(Message),
    /// Alternatives, each rendered and joined as "a, b or c".
    AnyOf(Vec<Message>),
}

impl Message {
    pub fn new(key: impl Into<String>) -> Message {
        Message {
            key: key.into(),
            args: Vec::new(),
        }
    }

    pub fn arg(mut self, name: &'static str, value: MessageArg) -> Message {
        self.args.push((name, value));
        self
    }
}

impl FieldError {
    pub fn new(field: impl Into<String>, problem: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            problem: problem.into(),
            message: None,
        }
    }
}

/// Every problem found in one input; never empty when returned as an error.
#[derive(Debug, Clone, PartialEq, Eq, Default, thiserror::Error)]
#[error("{}", self.summary())]
pub struct Invalid {
    pub problems: Vec<FieldError>,
}

impl Invalid {
    pub fn one(field: impl Into<String>, problem: impl Into<String>) -> Self {
        Self {
            problems: vec![FieldError::new(field, problem)],
        }
    }

    pub fn push(&mut self, field: impl Into<String>, problem: impl Into<String>) {
        self.problems.push(FieldError::new(field, problem));
    }

    /// One problem with its words also as a localisable message.
    pub fn one_with_message(
        field: impl Into<String>,
        problem: impl Into<String>,
        message: Message,
    ) -> Self {
        let mut error = FieldError::new(field, problem);
        error.message = Some(message);
        Self {
            problems: vec![error],
        }
    }

    /// `Ok(value)` when nothing was found wrong, otherwise every problem.
    pub fn into_result<T>(self, value: T) -> Result<T, Invalid> {
        if self.problems.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }

    pub fn problem_for(&self, field: &str) -> Option<&str> {
        self.problems
            .iter()
            .find(|p| p.field == field)
            .map(|p| p.problem.as_str())
    }

    fn summary(&self) -> String {
        self.problems
            .iter()
            .map(|p| format!("{}: {}", p.field, p.problem))
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// Trims a required text field and checks its length in characters.
pub fn required_text(invalid: &mut Invalid, field: &str, value: &str, max_chars: usize) -> String {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        invalid.push(field, "is required");
    } else if trimmed.chars().count() > max_chars {
        invalid.push(field, format!("must be at most {max_chars} characters"));
    } else if trimmed.chars().any(|c| c.is_control()) {
        invalid.push(field, "must not contain control characters");
    }
    trimmed.to_string()
}

/// Trims an optional text field: empty becomes `None`.
pub fn optional_text(
    invalid: &mut Invalid,
    field: &str,
    value: Option<&str>,
    max_chars: usize,
) -> Option<String> {
    let trimmed = value.map(str::trim).filter(|v| !v.is_empty())?;
    if trimmed.chars().count() > max_chars {
        invalid.push(field, format!("must be at most {max_chars} characters"));
    }
    Some(trimmed.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_text_names_the_field() {
        let mut invalid = Invalid::default();
        required_text(&mut invalid, "name", "   ", 10);
        assert_eq!(invalid.problem_for("name"), Some("is required"));
        let mut invalid = Invalid::default();
        required_text(&mut invalid, "name", "abcdefghijk", 10);
        assert_eq!(
            invalid.problem_for("name"),
            Some("must be at most 10 characters")
        );
        let mut invalid = Invalid::default();
        assert_eq!(required_text(&mut invalid, "name", "  Ok ", 10), "Ok");
        assert!(invalid.problems.is_empty());
    }
}
