//! The forms of violence an incident belongs to (issue 16, part 3), beside
//! its GBVIMS type: the type says *what* was done (DOMAIN.md §6, exactly one
//! per incident), the forms say *which pattern of violence* it is part of
//! (intimate partner violence, trafficking, FGM…), and more than one may
//! apply. For trafficking in persons the form of exploitation is recorded
//! too, from the list of the Palermo Protocol (UN Protocol to Prevent,
//! Suppress and Punish Trafficking in Persons, 2000, article 3(a)).
//!
//! An incident recorded before forms were kept has **no** forms: "not
//! recorded", never a guess from its type or context flags.

use crate::form_fields::label_set;
use crate::label::label_enum;
use crate::validation::Invalid;
use std::collections::BTreeSet;

label_enum! {
    /// A form of violence against women and girls.
    pub enum FormOfViolence ("form of violence") {
        IntimatePartnerViolence => "intimate_partner_violence",
        NonPartnerSexualViolence => "non_partner_sexual_violence",
        /// Needs at least one [`Exploitation`].
        TraffickingInPersons => "trafficking_in_persons",
        ForcedOrChildMarriage => "forced_or_child_marriage",
        FemaleGenitalMutilation => "female_genital_mutilation",
        TechnologyFacilitatedViolence => "technology_facilitated_violence",
        SoCalledHonourBasedViolence => "so_called_honour_based_violence",
        Other => "other",
    }
}

label_enum! {
    /// The purpose of exploitation in trafficking in persons: the forms the
    /// Palermo Protocol (art. 3(a)) names "at a minimum", and `other` for
    /// what it leaves open (e.g. forced criminality, forced begging).
    pub enum Exploitation ("form of exploitation") {
        /// The exploitation of the prostitution of others or other forms of
        /// sexual exploitation.
        SexualExploitation => "sexual_exploitation",
        ForcedLabourOrServices => "forced_labour_or_services",
        SlaveryOrPracticesSimilarToSlavery => "slavery_or_practices_similar_to_slavery",
        Servitude => "servitude",
        RemovalOfOrgans => "removal_of_organs",
        Other => "other",
    }
}

/// The forms of violence recorded for one incident. An incident with none
/// is "not recorded" (`Option::None` where it is kept), not an empty set.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ViolenceForms {
    pub forms: BTreeSet<FormOfViolence>,
    /// Only with [`FormOfViolence::TraffickingInPersons`], and then at
    /// least one.
    pub exploitation: BTreeSet<Exploitation>,
}

impl ViolenceForms {
    /// Checks the ticked forms and exploitation types (fields
    /// `forms_of_violence` and `exploitation`). Nothing ticked is "not
    /// recorded" (`None`); exploitation without trafficking, or trafficking
    /// without its exploitation, is refused by name.
    pub fn from_form(
        invalid: &mut Invalid,
        forms: &[String],
        exploitation: &[String],
    ) -> Option<ViolenceForms> {
        let forms: BTreeSet<FormOfViolence> = label_set(invalid, "forms_of_violence", forms);
        let exploitation: BTreeSet<Exploitation> = label_set(invalid, "exploitation", exploitation);
        let trafficking = forms.contains(&FormOfViolence::TraffickingInPersons);
        if trafficking && exploitation.is_empty() && invalid.problem_for("exploitation").is_none() {
            invalid.push(
                "exploitation",
                "name the form of exploitation for trafficking in persons",
            );
        }
        if !trafficking && !exploitation.is_empty() {
            invalid.push(
                "exploitation",
                "applies only to trafficking in persons: tick it or clear the exploitation",
            );
        }
        (!forms.is_empty()).then_some(ViolenceForms {
            forms,
            exploitation,
        })
    }
}

/// The category an incident without forms counts under in statistics.
pub const NOT_RECORDED: &str = "not_recorded";

/// The statistics categories of an incident: each form recorded, or
/// [`NOT_RECORDED`] when none was.
pub fn form_categories(forms: Option<&[FormOfViolence]>) -> Vec<&'static str> {
    match forms {
        Some(forms) if !forms.is_empty() => {
            let mut c: Vec<_> = forms.iter().map(|f| f.as_str()).collect();
            c.sort_unstable();
            c.dedup();
            c
        }
        _ => vec![NOT_RECORDED],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    fn check(forms: &[&str], exploitation: &[&str]) -> Result<Option<ViolenceForms>, Invalid> {
        let mut invalid = Invalid::default();
        let out = ViolenceForms::from_form(&mut invalid, &strings(forms), &strings(exploitation));
        invalid.into_result(out)
    }

    #[test]
    fn nothing_ticked_is_not_recorded_never_a_guess() {
        assert_eq!(check(&[], &[]).unwrap(), None);
        assert_eq!(check(&[""], &[]).unwrap(), None);
        assert_eq!(form_categories(None), vec![NOT_RECORDED]);
        assert_eq!(form_categories(Some(&[])), vec![NOT_RECORDED]);
    }

    #[test]
    fn more_than_one_form_may_apply() {
        let forms = check(
            &[
                "intimate_partner_violence",
                "technology_facilitated_violence",
            ],
            &[],
        )
        .unwrap()
        .unwrap();
        assert_eq!(
            forms.forms,
            BTreeSet::from([
                FormOfViolence::IntimatePartnerViolence,
                FormOfViolence::TechnologyFacilitatedViolence
            ])
        );
        assert!(forms.exploitation.is_empty());
    }

    #[test]
    fn trafficking_needs_its_form_of_exploitation() {
        let problem = check(&["trafficking_in_persons"], &[]).unwrap_err();
        assert!(problem.problem_for("exploitation").is_some());
        let forms = check(
            &["trafficking_in_persons"],
            &["sexual_exploitation", "forced_labour_or_services"],
        )
        .unwrap()
        .unwrap();
        assert_eq!(forms.exploitation.len(), 2);
    }

    #[test]
    fn exploitation_without_trafficking_is_refused() {
        let problem = check(&["intimate_partner_violence"], &["servitude"]).unwrap_err();
        assert!(problem.problem_for("exploitation").is_some());
        let problem = check(&[], &["servitude"]).unwrap_err();
        assert!(problem.problem_for("exploitation").is_some());
    }

    #[test]
    fn an_unknown_form_is_named() {
        let problem = check(&["honour"], &[]).unwrap_err();
        assert!(problem.problem_for("forms_of_violence").is_some());
    }

    #[test]
    fn categories_count_each_form_once() {
        let forms = [
            FormOfViolence::Other,
            FormOfViolence::FemaleGenitalMutilation,
            FormOfViolence::Other,
        ];
        assert_eq!(
            form_categories(Some(&forms)),
            vec!["female_genital_mutilation", "other"]
        );
    }
}
