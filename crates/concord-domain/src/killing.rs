//! The gender-related killing record (issue 16, part 4), following the
//! UNODC–UN Women *Statistical framework for measuring the gender-related
//! killing of women and girls (also referred to as "femicide/feminicide")*,
//! endorsed by the UN Statistical Commission in March 2022.
//!
//! The framework counts the intentional killing of a woman or girl as
//! gender-related when it was committed
//! 1. by an intimate partner (current or former),
//! 2. by another family member, or
//! 3. by another perpetrator (known to her, unknown to her, or whose
//!    relationship to her is not known) **and** the killing has at least one
//!    of the framework's characteristics of gender-related motivation
//!    ([`Characteristic`]).
//!
//! A killing by another perpetrator with none of them is still an
//! intentional homicide of a woman, but not counted as gender-related:
//! [`KillingType::NotShownGenderRelated`]. The record keeps the
//! framework's variables on the perpetrator (relationship, sex, age group);
//! the victim's variables (age group, sex) come from her survivor record
//! and the state response (prior contacts with services, justice steps
//! after her death) is derived from Concord's own records, never retyped.

use crate::case_access::{AccessBasis, Refusal};
use crate::form_fields::{label_set, required_label};
use crate::incident::{PerpetratorAgeGroup, PerpetratorSex};
use crate::label::label_enum;
use crate::validation::Invalid;
use chrono::NaiveDate;
use serde::Deserialize;
use std::collections::BTreeSet;

label_enum! {
    /// The perpetrator's relationship to her, in the categories the
    /// framework takes from the ICCS victim–perpetrator relationship.
    pub enum KillerRelationship ("relationship to her") {
        /// Current or former intimate partner.
        IntimatePartner => "intimate_partner",
        /// Another family member (by blood, marriage or adoption).
        FamilyMember => "family_member",
        /// Another perpetrator known to her (friend, acquaintance,
        /// colleague, someone in authority or care…).
        OtherKnownToHer => "other_known_to_her",
        /// A perpetrator unknown to her.
        UnknownToHer => "unknown_to_her",
        /// Not (yet) known: no suspect, or the relationship unclear.
        NotKnown => "not_known",
    }
}

label_enum! {
    /// The framework's characteristics of a killing by another perpetrator
    /// that make it gender-related.
    pub enum Characteristic ("characteristic of gender-related motivation") {
        /// She had a previous record of physical, sexual or psychological
        /// violence or harassment by the perpetrator.
        PreviousViolenceByPerpetrator => "previous_violence_by_perpetrator",
        /// She was in a situation of illegal exploitation (e.g. trafficking
        /// in persons, forced labour, slavery).
        IllegalExploitation => "illegal_exploitation",
        /// She had been abducted or illegally deprived of her liberty.
        AbductedOrDeprivedOfLiberty => "abducted_or_deprived_of_liberty",
        /// She was working in the sex industry.
        WorkingInSexIndustry => "working_in_sex_industry",
        /// Sexual violence against her before and/or after the killing.
        SexualViolence => "sexual_violence",
        /// The killing was accompanied by mutilation of her body.
        Mutilation => "mutilation",
        /// Her body was disposed of in a public space.
        BodyDisposedInPublicSpace => "body_disposed_in_public_space",
        /// A gender-based hate crime: she was targeted because of the
        /// perpetrator's bias against women.
        GenderBasedHateCrime => "gender_based_hate_crime",
    }
}

label_enum! {
    /// Where the framework's typology places the killing.
    pub enum KillingType ("type of killing") {
        ByIntimatePartner => "by_intimate_partner",
        ByFamilyMember => "by_family_member",
        /// By another perpetrator, with at least one characteristic.
        ByOtherPerpetratorGenderRelated => "by_other_perpetrator_gender_related",
        /// By another perpetrator (or not known) with no characteristic
        /// recorded: not counted as gender-related.
        NotShownGenderRelated => "not_shown_gender_related",
    }
}

impl KillingType {
    /// Counted as a gender-related killing (femicide/feminicide).
    pub fn is_gender_related(self) -> bool {
        self != KillingType::NotShownGenderRelated
    }
}

/// The record as kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KillingRecord {
    pub relationship: KillerRelationship,
    pub characteristics: BTreeSet<Characteristic>,
    pub perpetrator_sex: PerpetratorSex,
    pub perpetrator_age_group: PerpetratorAgeGroup,
}

impl KillingRecord {
    /// What a killing opens with before anything is known.
    pub fn opened() -> KillingRecord {
        KillingRecord {
            relationship: KillerRelationship::NotKnown,
            characteristics: BTreeSet::new(),
            perpetrator_sex: PerpetratorSex::Unknown,
            perpetrator_age_group: PerpetratorAgeGroup::Unknown,
        }
    }

    /// The framework's typology: the relationship decides first; only a
    /// killing by another perpetrator needs a characteristic.
    pub fn killing_type(&self) -> KillingType {
        match self.relationship {
            KillerRelationship::IntimatePartner => KillingType::ByIntimatePartner,
            KillerRelationship::FamilyMember => KillingType::ByFamilyMember,
            KillerRelationship::OtherKnownToHer
            | KillerRelationship::UnknownToHer
            | KillerRelationship::NotKnown => {
                if self.characteristics.is_empty() {
                    KillingType::NotShownGenderRelated
                } else {
                    KillingType::ByOtherPerpetratorGenderRelated
                }
            }
        }
    }
}

/// The record as entered; a missing field reads as empty and is named.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct KillingRecordForm {
    pub relationship: String,
    pub characteristics: Vec<String>,
    pub perpetrator_sex: String,
    pub perpetrator_age_group: String,
}

impl KillingRecordForm {
    pub fn validate(&self) -> Result<KillingRecord, Invalid> {
        let mut invalid = Invalid::default();
        let relationship = required_label(&mut invalid, "relationship", &self.relationship);
        let characteristics = label_set(&mut invalid, "characteristics", &self.characteristics);
        let sex = required_label(&mut invalid, "perpetrator_sex", &self.perpetrator_sex);
        let age = required_label(
            &mut invalid,
            "perpetrator_age_group",
            &self.perpetrator_age_group,
        );
        match (relationship, sex, age) {
            (Some(relationship), Some(perpetrator_sex), Some(perpetrator_age_group)) => invalid
                .into_result(KillingRecord {
                    relationship,
                    characteristics,
                    perpetrator_sex,
                    perpetrator_age_group,
                }),
            _ => Err(invalid),
        }
    }
}

/// Who may read the record, once the case access decision allowed reading
/// her incidents: the owning agency, or an agency holding a lawful share
/// (e.g. a court order). Her consent was given for her services in life
/// and break-glass is for a risk to life; neither extends to the record of
/// her killing. (A domestic homicide review panel reads through its own
/// `homicide_review` grant, not through this record.)
pub fn may_read_killing_record(basis: AccessBasis) -> Result<(), Refusal> {
    match basis {
        AccessBasis::OwningAgency | AccessBasis::LawfulBasis(_) => Ok(()),
        AccessBasis::Consent(_) | AccessBasis::BreakGlass(_) => {
            Err(Refusal::KillingRecordNeedsOwnerOrLawfulBasis)
        }
    }
}

label_enum! {
    /// A contact she had with services, as Concord recorded it. Protection
    /// orders and their breaches (issue 16, part 2) join this list when they
    /// are stored: add a kind here and a source in the app's
    /// `prior_contacts`.
    pub enum ContactKind ("contact") {
        /// An incident recorded on her case.
        Incident => "incident",
        RiskAssessment => "risk_assessment",
        /// A referral of her case to another service.
        Referral => "referral",
        /// Her case listed at a risk conference (MARAC).
        ConferenceListing => "conference_listing",
        /// A step of the justice chain.
        JusticeStep => "justice_step",
        /// A protection order made for her (the day it was issued).
        ProtectionOrder => "protection_order",
        /// A breach of one of her protection orders.
        OrderBreach => "order_breach",
    }
}

/// One contact: what, on which local day, and by which agency (its name is
/// added by the app). Never anything of another survivor: every contact
/// comes from her own case.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Contact<A> {
    pub on: NaiveDate,
    pub kind: ContactKind,
    pub agency: A,
}

/// Her contacts with services before she died, oldest first. A contact on
/// the day she died is kept (a call that morning is a prior contact; a day
/// cannot order them); one after it is not (it belongs to the response to
/// her death, e.g. the investigation).
pub fn prior_contacts<A: Ord>(died_on: NaiveDate, contacts: Vec<Contact<A>>) -> Vec<Contact<A>> {
    let mut prior: Vec<_> = contacts.into_iter().filter(|c| c.on <= died_on).collect();
    prior.sort();
    prior
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::{BreakGlassId, ConsentId, SharingId};

    fn record(
        relationship: KillerRelationship,
        characteristics: &[Characteristic],
    ) -> KillingRecord {
        KillingRecord {
            relationship,
            characteristics: characteristics.iter().copied().collect(),
            ..KillingRecord::opened()
        }
    }

    #[test]
    fn partners_and_family_members_are_gender_related_whatever_else() {
        use KillerRelationship as R;
        assert_eq!(
            record(R::IntimatePartner, &[]).killing_type(),
            KillingType::ByIntimatePartner
        );
        assert_eq!(
            record(R::FamilyMember, &[]).killing_type(),
            KillingType::ByFamilyMember
        );
        assert_eq!(
            record(R::IntimatePartner, &[Characteristic::Mutilation]).killing_type(),
            KillingType::ByIntimatePartner
        );
    }

    #[test]
    fn another_perpetrator_needs_one_characteristic() {
        use KillerRelationship as R;
        for relationship in [R::OtherKnownToHer, R::UnknownToHer, R::NotKnown] {
            let bare = record(relationship, &[]).killing_type();
            assert_eq!(bare, KillingType::NotShownGenderRelated);
            assert!(!bare.is_gender_related());
            for c in Characteristic::ALL {
                let t = record(relationship, &[c]).killing_type();
                assert_eq!(t, KillingType::ByOtherPerpetratorGenderRelated, "{c:?}");
                assert!(t.is_gender_related());
            }
        }
    }

    #[test]
    fn a_killing_opens_with_nothing_known_and_not_yet_shown_gender_related() {
        let opened = KillingRecord::opened();
        assert_eq!(opened.relationship, KillerRelationship::NotKnown);
        assert_eq!(opened.killing_type(), KillingType::NotShownGenderRelated);
    }

    #[test]
    fn the_form_names_every_problem() {
        let good = KillingRecordForm {
            relationship: "other_known_to_her".into(),
            characteristics: vec!["sexual_violence".into(), "".into()],
            perpetrator_sex: "male".into(),
            perpetrator_age_group: "26_40".into(),
        };
        let r = good.validate().unwrap();
        assert_eq!(
            r.killing_type(),
            KillingType::ByOtherPerpetratorGenderRelated
        );
        let bad = KillingRecordForm {
            relationship: "neighbour".into(),
            characteristics: vec!["jealousy".into()],
            ..KillingRecordForm::default()
        };
        let invalid = bad.validate().unwrap_err();
        for field in [
            "relationship",
            "characteristics",
            "perpetrator_sex",
            "perpetrator_age_group",
        ] {
            assert!(invalid.problem_for(field).is_some(), "{field}");
        }
    }

    #[test]
    fn only_the_owning_agency_or_a_lawful_basis_reads_the_record() {
        assert!(may_read_killing_record(AccessBasis::OwningAgency).is_ok());
        assert!(may_read_killing_record(AccessBasis::LawfulBasis(SharingId::new())).is_ok());
        assert_eq!(
            may_read_killing_record(AccessBasis::Consent(ConsentId::new())),
            Err(Refusal::KillingRecordNeedsOwnerOrLawfulBasis)
        );
        assert!(may_read_killing_record(AccessBasis::BreakGlass(BreakGlassId::new())).is_err());
    }

    #[test]
    fn prior_contacts_end_on_the_day_she_died_and_run_oldest_first() {
        let day = |s: &str| s.parse::<NaiveDate>().unwrap();
        let c = |on: &str, kind| Contact {
            on: day(on),
            kind,
            agency: 1,
        };
        let contacts = vec![
            c("2026-03-02", ContactKind::JusticeStep),
            c("2026-03-01", ContactKind::Referral),
            c("2026-01-10", ContactKind::Incident),
            c("2026-02-28", ContactKind::RiskAssessment),
        ];
        let prior = prior_contacts(day("2026-03-01"), contacts);
        let kinds: Vec<_> = prior.iter().map(|c| (c.on, c.kind)).collect();
        assert_eq!(
            kinds,
            vec![
                (day("2026-01-10"), ContactKind::Incident),
                (day("2026-02-28"), ContactKind::RiskAssessment),
                (day("2026-03-01"), ContactKind::Referral),
            ]
        );
    }
}
