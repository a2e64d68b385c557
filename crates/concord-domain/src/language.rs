//! The languages Concord speaks: the six official languages of the United
//! Nations. A person's preferred language is one of them; anything else is
//! refused by name rather than stored.

/// One of the six languages, named by its BCP 47 tag in the message files
/// (`locales/<tag>/`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Language {
    Arabic,
    Chinese,
    #[default]
    English,
    French,
    Russian,
    Spanish,
}

impl Language {
    /// In the order the switcher lists them (by tag).
    pub const ALL: [Language; 6] = [
        Language::Arabic,
        Language::English,
        Language::Spanish,
        Language::French,
        Language::Russian,
        Language::Chinese,
    ];

    /// The tag of its message folder and of `<html lang>`.
    pub fn tag(self) -> &'static str {
        match self {
            Language::Arabic => "ar",
            Language::Chinese => "zh-CN",
            Language::English => "en-US",
            Language::French => "fr",
            Language::Russian => "ru",
            Language::Spanish => "es",
        }
    }

    /// The language a tag names exactly (case aside): `fr`, `zh-CN`.
    pub fn from_tag(tag: &str) -> Option<Language> {
        let tag = tag.trim();
        Language::ALL
            .into_iter()
            .find(|l| l.tag().eq_ignore_ascii_case(tag))
    }

    /// Written right to left.
    pub fn right_to_left(self) -> bool {
        matches!(self, Language::Arabic)
    }
}

#[cfg(test)]
mod tests {
    use super::Language;

    #[test]
    fn each_tag_names_its_language_and_nothing_else_is_one() {
        for language in Language::ALL {
            assert_eq!(Language::from_tag(language.tag()), Some(language));
            assert_eq!(
                Language::from_tag(&language.tag().to_uppercase()),
                Some(language)
            );
        }
        assert_eq!(Language::from_tag("zh-cn"), Some(Language::Chinese));
        for other in ["", "de", "fr-", "en", "zh-TW", "ar-x"] {
            assert_eq!(Language::from_tag(other), None, "{other}");
        }
    }

    #[test]
    fn only_arabic_is_written_right_to_left() {
        let rtl: Vec<Language> = Language::ALL
            .into_iter()
            .filter(|l| l.right_to_left())
            .collect();
        assert_eq!(rtl, vec![Language::Arabic]);
    }
}
