//! Every string a person reads comes from Fluent files under `locales/`,
//! so adding a language is adding a folder. English for now.

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{Loader, static_loader};
use std::borrow::Cow;
use std::collections::HashMap;

static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en-US",
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// The language of one response.
#[derive(Debug, Clone)]
pub struct Tr {
    lang: fluent_templates::LanguageIdentifier,
}

impl Default for Tr {
    fn default() -> Self {
        Self {
            lang: "en-US".parse().expect("en-US is a valid language tag"),
        }
    }
}

impl Tr {
    pub fn t(&self, key: &str) -> String {
        LOCALES.lookup(&self.lang, key)
    }

    pub fn t1(&self, key: &str, name: &'static str, value: impl ToString) -> String {
        let mut args: HashMap<Cow<'static, str>, FluentValue<'_>> = HashMap::new();
        args.insert(Cow::Borrowed(name), FluentValue::from(value.to_string()));
        LOCALES.lookup_with_args(&self.lang, key, &args)
    }

    /// A message with several arguments (all passed as text).
    pub fn targs(&self, key: &str, values: &[(&'static str, String)]) -> String {
        let mut args: HashMap<Cow<'static, str>, FluentValue<'_>> = HashMap::new();
        for (name, value) in values {
            args.insert(Cow::Borrowed(*name), FluentValue::from(value.clone()));
        }
        LOCALES.lookup_with_args(&self.lang, key, &args)
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
        match self.lang.language.as_str() {
            "ar" | "he" | "fa" | "ur" => "rtl",
            _ => "ltr",
        }
    }
}
