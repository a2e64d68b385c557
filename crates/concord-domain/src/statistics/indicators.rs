//! The indicator catalogue: each indicator's stable code (used in URLs, the
//! API and exports) and the parts of its definition a reader is shown. The
//! words themselves are Fluent messages named after the code
//! (`statistics-indicator-<code>` and `-numerator`, `-denominator`,
//! `-period`, `-excluded`), so they are translated like every other word.

use crate::label::label_enum;

label_enum! {
    /// An indicator, by its stable code.
    pub enum IndicatorCode ("indicator") {
        /// GBVIMS incident statistics: counted incidents by breakdown.
        GbvIncidents => "gbv_incidents",
        /// Survivors with a new incident within 12 months of an earlier one.
        RepeatVictimisation => "repeat_victimisation",
        /// Referrals sent and how far they got, how fast.
        ReferralFunnel => "referral_funnel",
    }
}

/// What the page says an indicator is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DefinitionPart {
    Numerator,
    Denominator,
    PeriodRule,
    Excluded,
}

impl DefinitionPart {
    pub const ALL: [DefinitionPart; 4] = [
        DefinitionPart::Numerator,
        DefinitionPart::Denominator,
        DefinitionPart::PeriodRule,
        DefinitionPart::Excluded,
    ];

    fn suffix(self) -> &'static str {
        match self {
            DefinitionPart::Numerator => "numerator",
            DefinitionPart::Denominator => "denominator",
            DefinitionPart::PeriodRule => "period",
            DefinitionPart::Excluded => "excluded",
        }
    }
}

impl IndicatorCode {
    /// The Fluent message naming the indicator.
    pub fn title_message(self) -> String {
        format!("statistics-indicator-{}", self.as_str().replace('_', "-"))
    }

    /// The Fluent message of one part of its definition.
    pub fn definition_message(self, part: DefinitionPart) -> String {
        format!("{}-{}", self.title_message(), part.suffix())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_stable_and_messages_follow_them() {
        assert_eq!(IndicatorCode::GbvIncidents.as_str(), "gbv_incidents");
        assert_eq!(
            IndicatorCode::GbvIncidents.definition_message(DefinitionPart::Excluded),
            "statistics-indicator-gbv-incidents-excluded"
        );
    }
}
