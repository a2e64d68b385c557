//! Every string a person reads comes from Fluent files under `locales/`,
//! one folder per language (the six UN languages), so adding a language is
//! adding a folder (see `locales/README.md`). Which language a response
//! speaks is chosen once per request by [`crate::language`] and read here
//! with [`Tr::current`].

use concord_domain::language::Language;
use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{Loader, static_loader};
use std::borrow::Cow;
use std::collections::HashMap;

static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en-US",
        // Arabic isolates every placeable (a reference, a name, a number
        // inside right-to-left text never scrambles); the left-to-right
        // languages keep plain text.
        customise: |bundle| {
            let rtl = bundle
                .locales
                .first()
                .is_some_and(|l| l.language.as_str() == "ar");
            bundle.set_use_isolating(rtl);
        },
    };
}

tokio::task_local! {
    static LANGUAGE: Language;
}

/// Runs `work` with `language` as the language of everything it renders.
pub async fn speaking<F: std::future::Future>(language: Language, work: F) -> F::Output {
    LANGUAGE.scope(language, work).await
}

/// The language of one response.
#[derive(Debug, Clone)]
pub struct Tr {
    language: Language,
    lang: fluent_templates::LanguageIdentifier,
}

impl Default for Tr {
    fn default() -> Self {
        Self::new(Language::English)
    }
}

impl Tr {
    pub fn new(language: Language) -> Self {
        Self {
            language,
            lang: language
                .tag()
                .parse()
                .expect("each language's tag is a valid language tag"),
        }
    }

    /// The language chosen for the request being handled (English outside
    /// any request).
    pub fn current() -> Self {
        Self::new(LANGUAGE.try_with(|l| *l).unwrap_or(Language::English))
    }
}

/// An argument as Fluent takes it: a whole number written plainly is a
/// number (so plural selectors choose by it), anything else text.
fn argument(text: String) -> FluentValue<'static> {
    match text.parse::<i64>() {
        Ok(n) if n.to_string() == text => FluentValue::from(n),
        _ => FluentValue::from(text),
    }
}

impl Tr {
    pub fn t(&self, key: &str) -> String {
        LOCALES
            .try_lookup(&self.lang, key)
            .unwrap_or_else(|| missing(key))
    }

    /// The message, or `None` when there is none (for callers with a
    /// fallback of their own).
    pub fn try_t(&self, key: &str) -> Option<String> {
        LOCALES.try_lookup(&self.lang, key)
    }

    pub fn t1(&self, key: &str, name: &'static str, value: impl ToString) -> String {
        let mut args: HashMap<Cow<'static, str>, FluentValue<'_>> = HashMap::new();
        args.insert(Cow::Borrowed(name), argument(value.to_string()));
        LOCALES
            .try_lookup_with_args(&self.lang, key, &args)
            .unwrap_or_else(|| missing(key))
    }

    /// A message with several arguments (all passed as text).
    pub fn targs(&self, key: &str, values: &[(&'static str, String)]) -> String {
        let mut args: HashMap<Cow<'static, str>, FluentValue<'_>> = HashMap::new();
        for (name, value) in values {
            args.insert(Cow::Borrowed(*name), argument(value.clone()));
        }
        LOCALES
            .try_lookup_with_args(&self.lang, key, &args)
            .unwrap_or_else(|| missing(key))
    }

    /// The label of a form field named `field` (as the domain reports it:
    /// `service_id`, `answers.q1`): its `field-…` message, or, when there is
    /// none, the name made readable ("Service") and an error in the log, which
    /// the tests fail on.
    pub fn field_label(&self, field: &str) -> String {
        let key = field_key(field);
        self.try_t(&key).unwrap_or_else(|| {
            tracing::error!(key = %key, "unknown localization key");
            readable(field)
        })
    }

    /// A problem's localisable message (see
    /// `concord_domain::validation::Message`), its arguments rendered first.
    pub fn message(&self, message: &concord_domain::validation::Message) -> String {
        use concord_domain::validation::MessageArg;
        let args: Vec<(&'static str, String)> = message
            .args
            .iter()
            .map(|(name, arg)| {
                let value = match arg {
                    MessageArg::Text(text) => text.clone(),
                    MessageArg::Message(inner) => self.message(inner),
                    MessageArg::AnyOf(list) => list
                        .iter()
                        .map(|m| self.message(m))
                        .collect::<Vec<_>>()
                        .join(&self.t("list-or-separator")),
                };
                (*name, value)
            })
            .collect();
        self.targs(&message.key, &args)
    }

    /// What a problem says, in this language when it has a message.
    pub fn problem(&self, problem: &concord_domain::FieldError) -> String {
        match &problem.message {
            Some(message) => self.message(message),
            None => problem.problem.clone(),
        }
    }

    pub fn lang(&self) -> String {
        self.lang.to_string()
    }

    /// Text direction for `<html dir>`.
    pub fn dir(&self) -> &'static str {
        if self.language.right_to_left() {
            "rtl"
        } else {
            "ltr"
        }
    }

    /// The languages a reader may switch to, each named in itself, this
    /// one marked: `(tag, name, current)`.
    pub fn languages(&self) -> Vec<(&'static str, String, bool)> {
        Language::ALL
            .into_iter()
            .map(|l| {
                let name = Tr::new(l).t(&format!("language-name-{}", l.tag().to_lowercase()));
                (l.tag(), name, l == self.language)
            })
            .collect()
    }
}

/// The message key of a field's label.
pub fn field_key(field: &str) -> String {
    format!("field-{}", field.replace(['_', '.'], "-"))
}

/// A key with no message: never the raw key or Fluent's "Unknown
/// localization key" on the screen; an error in the log instead (the
/// integration tests fail on it) and the key's words.
fn missing(key: &str) -> String {
    tracing::error!(key = %key, "unknown localization key");
    readable(key.strip_prefix("field-").unwrap_or(key))
}

/// `service_id` → "Service", `date-of-birth` → "Date of birth".
fn readable(name: &str) -> String {
    let name = name.strip_suffix("_id").unwrap_or(name);
    let words = name.replace(['_', '-', '.'], " ");
    let mut chars = words.trim().chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::{Tr, field_key};
    use std::path::{Path, PathBuf};

    /// Every `.rs` or `.html` file under `dir`, with what comes after
    /// `#[cfg(test)]` left out (tests report made-up fields).
    fn sources(dir: &Path, out: &mut Vec<(PathBuf, String)>) {
        for entry in std::fs::read_dir(dir).expect("a source folder") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                sources(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs" || e == "html") {
                let text = std::fs::read_to_string(&path).expect("a source file");
                let text = match text.find("#[cfg(test)]") {
                    Some(at) => text[..at].to_string(),
                    None => text,
                };
                out.push((path, text));
            }
        }
    }

    /// The string literals right after each `marker` (`push("` → the field).
    fn literals_after<'a>(text: &'a str, marker: &str) -> Vec<&'a str> {
        text.match_indices(marker)
            .filter_map(|(at, m)| {
                let rest = &text[at + m.len()..];
                let rest = rest.trim_start().strip_prefix('"')?;
                let name = &rest[..rest.find('"')?];
                let plain = !name.is_empty()
                    && name
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "_.-".contains(c));
                plain.then_some(name)
            })
            .collect()
    }

    fn crate_dir(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(name)
    }

    /// Labels were guessed as `field-<name>` and some were missing, so a
    /// person read "Unknown localization key". Every field any rule, use
    /// case or page reports by a literal name has its label.
    #[test]
    fn every_field_a_form_can_report_has_a_label() {
        let mut files = Vec::new();
        for name in ["concord-domain", "concord-app", "concord-web"] {
            sources(&crate_dir(name).join("src"), &mut files);
        }
        let tr = Tr::default();
        let mut fields = 0;
        let mut missing = Vec::new();
        for (path, text) in &files {
            for marker in ["push(", "Invalid::one(", "invalid,", "field: "] {
                for field in literals_after(text, marker) {
                    fields += 1;
                    if tr.try_t(&field_key(field)).is_none() {
                        missing.push(format!("{} ({})", field_key(field), path.display()));
                    }
                }
            }
        }
        missing.sort();
        missing.dedup();
        assert!(
            fields > 150,
            "only {fields} field names found: the scan is broken"
        );
        assert!(
            missing.is_empty(),
            "fields without a label:\n{}",
            missing.join("\n")
        );
    }

    /// Keys made at run time from a closed vocabulary (`gbv-type-{label}`,
    /// `denied-{code}`, `role-{label}` …) cannot be found by scanning the
    /// sources: every value of every such vocabulary has its message.
    #[test]
    fn every_key_made_from_a_vocabulary_exists() {
        use concord_domain::label::Label;
        fn each<L: Label>(prefix: &str, keys: &mut Vec<String>) {
            for value in L::all() {
                keys.push(format!("{prefix}-{}", value.label().replace('_', "-")));
            }
        }
        let mut keys = Vec::new();
        each::<concord_domain::incident::GbvType>("gbv-type", &mut keys);
        each::<concord_domain::incident::ContextFlag>("context", &mut keys);
        each::<concord_domain::incident::FormOfViolence>("violence-form", &mut keys);
        keys.push("violence-form-not-recorded".into());
        each::<concord_domain::incident::Exploitation>("exploitation", &mut keys);
        each::<concord_domain::killing::KillerRelationship>("killer-relationship", &mut keys);
        each::<concord_domain::killing::Characteristic>("killing-characteristic", &mut keys);
        each::<concord_domain::killing::KillingType>("killing-type", &mut keys);
        each::<concord_domain::killing::ContactKind>("prior-contact", &mut keys);
        each::<concord_domain::consent::DataCategory>("category", &mut keys);
        each::<concord_domain::referral::state::ReferralEvent>("referral-event", &mut keys);
        each::<concord_domain::risk::assessment::SurvivorView>("survivor-view", &mut keys);
        each::<concord_domain::risk::RiskLevel>("risk-level", &mut keys);
        {
            use concord_domain::justice as j;
            each::<j::JusticeEventKind>("justice-kind", &mut keys);
            each::<j::ChargeOutcome>("justice-outcome", &mut keys);
            each::<j::HearingOutcome>("justice-outcome", &mut keys);
            each::<j::SpecialMeasure>("justice-outcome", &mut keys);
            each::<j::Verdict>("justice-outcome", &mut keys);
            each::<j::SentenceKind>("justice-outcome", &mut keys);
            each::<j::NoFurtherActionReason>("justice-reason", &mut keys);
            each::<j::WithdrawalReason>("justice-reason", &mut keys);
        }
        for refusal in concord_domain::case_access::Refusal::ALL {
            keys.push(format!("case-refusal-{}", refusal.code().replace('_', "-")));
        }
        for denied in concord_domain::access::Denied::ALL {
            keys.push(format!("denied-{}", denied.code().replace('_', "-")));
        }
        for role in concord_domain::role::Role::ALL {
            keys.push(format!("role-{}", role.as_str().replace('_', "-")));
        }
        for status in concord_domain::account_recovery::RecoveryStatus::ALL {
            keys.push(format!("account-recovery-status-{}", status.as_str()));
        }
        for refusal in concord_domain::account_recovery::Refusal::ALL {
            keys.push(format!(
                "account-recovery-refused-{}",
                refusal.code().replace('_', "-")
            ));
        }
        for status in concord_domain::statistics_release::ReleaseStatus::ALL {
            keys.push(format!(
                "statistics-status-{}",
                status.as_str().replace('_', "-")
            ));
        }
        for set in concord_domain::statistics_release::IndicatorSet::ALL {
            keys.push(format!("statistics-set-{}", set.as_str().replace('_', "-")));
        }
        for b in concord_domain::statistics_release::Breakdown::ALL {
            keys.push(format!(
                "statistics-breakdown-{}",
                b.as_str().replace('_', "-")
            ));
        }
        each::<concord_domain::statistics::StatisticsScope>("statistics-agencies", &mut keys);
        each::<concord_domain::statistics::IncidentBreakdown>("statistics-breakdown", &mut keys);
        {
            use concord_domain::statistics::indicators::{DefinitionPart, IndicatorCode};
            for code in IndicatorCode::ALL {
                keys.push(code.title_message());
                for part in DefinitionPart::ALL {
                    keys.push(code.definition_message(part));
                }
            }
        }
        let defined = defined_keys();
        let missing: Vec<&String> = keys.iter().filter(|k| !defined.contains(*k)).collect();
        assert!(keys.len() > 60, "only {} keys made: broken", keys.len());
        assert!(missing.is_empty(), "keys without a message: {missing:?}");
    }

    /// The messages defined in the English Fluent files (some need
    /// arguments, so a lookup without them cannot tell).
    fn defined_keys() -> std::collections::BTreeSet<String> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("locales/en-US");
        let mut keys = std::collections::BTreeSet::new();
        for entry in std::fs::read_dir(dir).expect("the English messages") {
            let text = std::fs::read_to_string(entry.expect("a file").path()).expect("a file");
            for line in text.lines() {
                if let Some((key, _)) = line.split_once(" =")
                    && !key.is_empty()
                    && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                {
                    keys.insert(key.to_string());
                }
            }
        }
        keys
    }

    /// Every message a template or page names literally exists (page titles
    /// included).
    #[test]
    fn every_key_named_in_a_template_or_page_exists() {
        let mut files = Vec::new();
        sources(&crate_dir("concord-web").join("src"), &mut files);
        sources(&crate_dir("concord-web").join("templates"), &mut files);
        let defined = defined_keys();
        let mut keys = 0;
        let mut missing = Vec::new();
        for (path, text) in &files {
            let mut named = Vec::new();
            for marker in [".t(", ".t1(", ".targs(", ".try_t(", "bare("] {
                named.extend(literals_after(text, marker));
            }
            // `ctx.chrome(&person, "title-key", "nav-key")`
            for (at, _) in text.match_indices("chrome(") {
                let call = &text[at..text.len().min(at + 300)];
                let call = &call[..call.find(')').unwrap_or(call.len())];
                named.extend(literals_after(call, ","));
            }
            for key in named {
                keys += 1;
                if !defined.contains(key) {
                    missing.push(format!("{key} ({})", path.display()));
                }
            }
        }
        missing.sort();
        missing.dedup();
        assert!(keys > 500, "only {keys} keys found: the scan is broken");
        assert!(
            missing.is_empty(),
            "keys without a message:\n{}",
            missing.join("\n")
        );
    }

    #[test]
    fn a_missing_key_shows_words_never_the_key() {
        let tr = Tr::default();
        assert_eq!(tr.t("field-no-such-thing"), "No such thing");
        assert_eq!(tr.field_label("service_id"), "Service");
        assert_eq!(tr.field_label("date_of_birth"), "Date of birth");
        assert_eq!(tr.t("form-problems"), "Please correct the following");
    }
}
