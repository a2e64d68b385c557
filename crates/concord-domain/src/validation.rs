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
    /// A problem; the common ones (see [`common_problem`]) carry their
    /// localisable message too.
    pub fn new(field: impl Into<String>, problem: impl Into<String>) -> Self {
        let problem = problem.into();
        Self {
            field: field.into(),
            message: common_problem(&problem),
            problem,
        }
    }
}

/// The message of a problem many rules share, by its words: the bridge
/// until every rule reports a code of its own (issue 14, "messages as
/// codes"). `None` for the rest, which are read in English.
pub fn common_problem(problem: &str) -> Option<Message> {
    let key = match problem {
        "is required" => "problem-required",
        "must not contain control characters" => "problem-control-characters",
        "must be a UUID" => "problem-not-an-id",
        "does not exist" => "problem-does-not-exist",
        "must be yes or no" => "problem-yes-or-no",
        "cannot be in the future" => "problem-in-the-future",
        "is in the future" => "problem-is-in-the-future",
        "is not an e-mail address" => "problem-not-an-email",
        "is not your current password" => "problem-not-your-password",
        "names an agency that does not exist" => "problem-no-such-agency",
        "names an area that does not exist" => "problem-no-such-area",
        "is not a known area" => "problem-not-a-known-area",
        "must be a whole number of years from 0 to 120" => "problem-age-years",
        "must be at least 1" => "problem-at-least-one",
        "choose at least one kind of information" => "problem-choose-a-category",
        "choose a conference" => "problem-choose-a-conference",
        "must name an agency" => "problem-name-an-agency",
        "was already ended" => "problem-already-ended",
        "must be a date (YYYY-MM-DD)" => "problem-date-iso",
        _ => return with_argument(problem),
    };
    Some(Message::new(key))
}

/// The common problems that carry a value: a limit or an example.
fn with_argument(problem: &str) -> Option<Message> {
    let text = |value: &str| MessageArg::Text(value.to_string());
    if let Some(example) = problem.strip_prefix("must be a date written like ") {
        return Some(Message::new("problem-date-written-like").arg("example", text(example)));
    }
    if let Some(example) = problem.strip_prefix("must be a date like ") {
        return Some(Message::new("problem-date-like").arg("example", text(example)));
    }
    let max = problem
        .strip_prefix("must be at most ")?
        .strip_suffix(" characters")?;
    max.parse::<usize>().ok()?;
    Some(Message::new("problem-too-long").arg("max", text(max)))
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

    /// A problem with its words also as a localisable message.
    pub fn push_message(
        &mut self,
        field: impl Into<String>,
        problem: impl Into<String>,
        message: Message,
    ) {
        let mut error = FieldError::new(field, problem);
        error.message = Some(message);
        self.problems.push(error);
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

    #[test]
    fn common_problems_carry_their_message() {
        let mut invalid = Invalid::default();
        required_text(&mut invalid, "name", " ", 10);
        required_text(&mut invalid, "title", "abcdefghijk", 10);
        invalid.push("note", "a problem of its own");
        assert_eq!(
            invalid.problems[0].message,
            Some(Message::new("problem-required"))
        );
        assert_eq!(
            invalid.problems[1].message,
            Some(Message::new("problem-too-long").arg("max", MessageArg::Text("10".into())))
        );
        assert_eq!(invalid.problems[2].message, None);
        assert_eq!(common_problem("must be at most ten characters"), None);
        assert_eq!(
            common_problem("must be a date like 1990-01-31"),
            Some(
                Message::new("problem-date-like")
                    .arg("example", MessageArg::Text("1990-01-31".into()))
            )
        );
    }
}
