//! The ESP essential services (DOMAIN.md §3) as a fixed taxonomy, by
//! sector. Installations add local terms of their own; a local code never
//! collides with an ESP code.

use crate::label::label_enum;

label_enum! {
    /// The sectors of the Essential Services Package.
    pub enum EspSector ("essential service sector") {
        Health => "health",
        JusticePolicing => "justice_policing",
        SocialServices => "social_services",
    }
}

label_enum! {
    /// One essential service of the Essential Services Package.
    pub enum EssentialService ("essential service") {
        HealthIdentification => "health_identification",
        HealthFirstLineSupport => "health_first_line_support",
        HealthInjuryCare => "health_injury_care",
        HealthSexualAssaultCare => "health_sexual_assault_care",
        HealthMentalHealth => "health_mental_health",
        HealthDocumentation => "health_documentation",
        JusticePrevention => "justice_prevention",
        JusticeInitialContact => "justice_initial_contact",
        JusticeInvestigation => "justice_investigation",
        JusticePreTrial => "justice_pre_trial",
        JusticeTrial => "justice_trial",
        JusticePerpetratorAccountability => "justice_perpetrator_accountability",
        JusticePostTrial => "justice_post_trial",
        JusticeSafetyProtection => "justice_safety_protection",
        JusticeSupportAssistance => "justice_support_assistance",
        JusticeCommunication => "justice_communication",
        JusticeCoordination => "justice_coordination",
        SocialCrisisInformation => "social_crisis_information",
        SocialCrisisCounselling => "social_crisis_counselling",
        SocialHelpLines => "social_help_lines",
        SocialSafeAccommodation => "social_safe_accommodation",
        SocialMaterialAid => "social_material_aid",
        SocialIdentityDocuments => "social_identity_documents",
        SocialLegalInformation => "social_legal_information",
        SocialPsychosocialSupport => "social_psychosocial_support",
        SocialWomenCentredSupport => "social_women_centred_support",
        SocialChildrenSupport => "social_children_support",
        SocialCommunityInformation => "social_community_information",
        SocialEconomicIndependence => "social_economic_independence",
    }
}

impl EssentialService {
    pub fn sector(self) -> EspSector {
        let label = self.as_str();
        if label.starts_with("health_") {
            EspSector::Health
        } else if label.starts_with("justice_") {
            EspSector::JusticePolicing
        } else {
            EspSector::SocialServices
        }
    }

    /// The services of one sector, in the order the ESP lists them.
    pub fn of_sector(sector: EspSector) -> impl Iterator<Item = EssentialService> {
        EssentialService::ALL
            .into_iter()
            .filter(move |s| s.sector() == sector)
    }
}

/// A well-formed local term code: 2–60 of `a-z 0-9 _`, starting with a
/// letter, and not an ESP code.
pub fn is_local_code(code: &str) -> bool {
    let len = code.chars().count();
    (2..=60).contains(&len)
        && code.starts_with(|c: char| c.is_ascii_lowercase())
        && code
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && EssentialService::parse(code).is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_sector_has_its_services() {
        assert_eq!(EssentialService::of_sector(EspSector::Health).count(), 6);
        assert_eq!(
            EssentialService::of_sector(EspSector::JusticePolicing).count(),
            11
        );
        assert_eq!(
            EssentialService::of_sector(EspSector::SocialServices).count(),
            12
        );
        for s in EssentialService::ALL {
            assert_eq!(EssentialService::parse(s.as_str()), Some(s));
        }
    }

    #[test]
    fn local_codes() {
        assert!(is_local_code("cash_transfer"));
        assert!(is_local_code("mobile_clinic2"));
        assert!(!is_local_code("health_injury_care"));
        assert!(!is_local_code("Cash"));
        assert!(!is_local_code("x"));
        assert!(!is_local_code("2fast"));
        assert!(!is_local_code("with space"));
    }
}
