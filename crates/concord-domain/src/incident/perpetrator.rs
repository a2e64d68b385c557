//! What an incident records about the alleged perpetrator for statistics:
//! relationship, sex and age group. Identifying details live in a separate,
//! encrypted perpetrator record, never here.

use crate::label::label_enum;

label_enum! {
    /// The alleged perpetrator's relationship to the survivor.
    pub enum PerpetratorRelationship ("perpetrator relationship") {
        IntimatePartner => "intimate_partner",
        FormerPartner => "former_partner",
        FamilyMember => "family_member",
        /// A caregiver other than a family member (guardian, foster parent…).
        Caregiver => "caregiver",
        Acquaintance => "acquaintance",
        Stranger => "stranger",
        /// Teacher, employer, official, armed actor, aid worker…
        AuthorityFigure => "authority_figure",
        Other => "other",
        Unknown => "unknown",
    }
}

label_enum! {
    /// The alleged perpetrator's sex; GBVIMS counts incidents with several
    /// perpetrators of both sexes separately.
    pub enum PerpetratorSex ("perpetrator sex") {
        Female => "female",
        Male => "male",
        /// Several perpetrators, of both sexes.
        FemaleAndMale => "female_and_male",
        Unknown => "unknown",
    }
}

label_enum! {
    /// The alleged perpetrator's age group, as the survivor knows or
    /// estimates it.
    pub enum PerpetratorAgeGroup ("perpetrator age group") {
        Age0To11 => "0_11",
        Age12To17 => "12_17",
        Age18To25 => "18_25",
        Age26To40 => "26_40",
        Age41To60 => "41_60",
        Age61Plus => "61_plus",
        Unknown => "unknown",
    }
}

impl PerpetratorAgeGroup {
    pub fn from_age(years: u32) -> PerpetratorAgeGroup {
        match years {
            0..=11 => PerpetratorAgeGroup::Age0To11,
            12..=17 => PerpetratorAgeGroup::Age12To17,
            18..=25 => PerpetratorAgeGroup::Age18To25,
            26..=40 => PerpetratorAgeGroup::Age26To40,
            41..=60 => PerpetratorAgeGroup::Age41To60,
            _ => PerpetratorAgeGroup::Age61Plus,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use PerpetratorAgeGroup::*;

    #[test]
    fn age_group_edges() {
        let expected = [
            (0, Age0To11),
            (11, Age0To11),
            (12, Age12To17),
            (17, Age12To17),
            (18, Age18To25),
            (25, Age18To25),
            (26, Age26To40),
            (40, Age26To40),
            (41, Age41To60),
            (60, Age41To60),
            (61, Age61Plus),
            (120, Age61Plus),
        ];
        for (age, group) in expected {
            assert_eq!(PerpetratorAgeGroup::from_age(age), group, "{age}");
        }
    }

    #[test]
    fn labels_round_trip() {
        for r in PerpetratorRelationship::ALL {
            assert_eq!(PerpetratorRelationship::parse(r.as_str()), Some(r));
        }
        for s in PerpetratorSex::ALL {
            assert_eq!(PerpetratorSex::parse(s.as_str()), Some(s));
        }
        for g in PerpetratorAgeGroup::ALL {
            assert_eq!(PerpetratorAgeGroup::parse(g.as_str()), Some(g));
        }
        assert_eq!(PerpetratorRelationship::ALL.len(), 9);
    }
}
