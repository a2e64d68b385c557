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
