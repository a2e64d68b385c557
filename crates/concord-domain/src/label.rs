//! Closed vocabularies stored and exchanged by a stable snake_case label
//! (`sexual_assault`, `case_notes`…). One macro writes the label table for
//! each of them so that `as_str`, `parse`, `ALL`, serde and `Display` can
//! never disagree: the database, the API and the forms all use the label.

/// A closed vocabulary with a stable label per value.
pub trait Label: Sized + Copy + 'static {
    /// What the vocabulary is called, for error messages ("GBV type").
    const KIND: &'static str;

    /// Every value, in the order forms list them.
    fn all() -> &'static [Self];

    fn label(self) -> &'static str;

    /// The value with this exact label; labels are case-sensitive so that a
    /// stored value has exactly one spelling.
    fn from_label(s: &str) -> Option<Self> {
        Self::all().iter().copied().find(|v| v.label() == s)
    }
}

/// Declares a fieldless enum with a label per variant, and implements
/// `ALL`, `as_str`, `parse`, [`Label`], `Display`, `FromStr` and serde
/// (as the label).
macro_rules! label_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident ($kind:literal) {
            $( $(#[$vmeta:meta])* $variant:ident => $label:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
            serde::Serialize, serde::Deserialize,
        )]
        $vis enum $name {
            $( $(#[$vmeta])* #[serde(rename = $label)] $variant ),+
        }

        impl $name {
            /// Every value, in the order forms list them.
            pub const ALL: [$name; [$(stringify!($variant)),+].len()] = [$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $( $name::$variant => $label ),+
                }
            }

            pub fn parse(s: &str) -> Option<Self> {
                <Self as $crate::label::Label>::from_label(s)
            }
        }

        impl $crate::label::Label for $name {
            const KIND: &'static str = $kind;
            fn all() -> &'static [Self] {
                &$name::ALL
            }
            fn label(self) -> &'static str {
                self.as_str()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::label::UnknownLabel;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::parse(s).ok_or_else(|| $crate::label::UnknownLabel {
                    kind: $kind,
                    value: s.to_string(),
                })
            }
        }
    };
}

pub(crate) use label_enum;

/// A label that names no value of its vocabulary.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {kind} `{value}`")]
pub struct UnknownLabel {
    pub kind: &'static str,
    pub value: String,
}

#[cfg(test)]
mod tests {
    label_enum! {
        /// A test vocabulary.
        enum Colour ("colour") {
            Red => "red",
            DarkBlue => "dark_blue",
        }
    }

    #[test]
    fn labels_round_trip_everywhere() {
        assert_eq!(Colour::ALL, [Colour::Red, Colour::DarkBlue]);
        for c in Colour::ALL {
            assert_eq!(Colour::parse(c.as_str()), Some(c));
            assert_eq!(c.to_string().parse::<Colour>(), Ok(c));
            assert_eq!(from_serde(c.as_str()), Some(c));
        }
        assert_eq!(Colour::parse("Red"), None);
        assert_eq!(
            "green".parse::<Colour>().unwrap_err().to_string(),
            "unknown colour `green`"
        );
    }

    /// Deserialises through serde: the label must be what serde reads.
    fn from_serde(label: &str) -> Option<Colour> {
        use serde::Deserialize;
        use serde::de::value::{Error, StrDeserializer};
        Colour::deserialize(StrDeserializer::<Error>::new(label)).ok()
    }
}
