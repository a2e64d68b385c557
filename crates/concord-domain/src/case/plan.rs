//! The vocabularies of a case action plan and of a safety plan. Goals are
//! grouped by domain so the M&E indicators can report "goals met by
//! domain"; the safety plan has fixed sections so that nothing a survivor
//! needs to think through is forgotten.

use crate::label::label_enum;

label_enum! {
    /// The domain a case-plan goal belongs to.
    pub enum GoalDomain ("goal domain") {
        Safety => "safety",
        Health => "health",
        Psychosocial => "psychosocial",
        Justice => "justice",
        Other => "other",
    }
}

label_enum! {
    /// Where a case-plan goal stands.
    pub enum GoalStatus ("goal status") {
        Met => "met",
        InProgress => "in_progress",
        NotMet => "not_met",
        NotApplicable => "not_applicable",
    }
}

label_enum! {
    /// The sections of a safety plan, in the order they are worked through.
    pub enum SafetyPlanSection ("safety plan section") {
        /// People and places she can turn to, and how to reach them safely.
        SafeContacts => "safe_contacts",
        LeavingPlan => "leaving_plan",
        DocumentsAndMoney => "documents_and_money",
        Children => "children",
        /// Phones, accounts, location sharing, tracking.
        DigitalSafety => "digital_safety",
        WorkAndRoutes => "work_and_routes",
        AfterSeparation => "after_separation",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vocabularies_round_trip() {
        for d in GoalDomain::ALL {
            assert_eq!(GoalDomain::parse(d.as_str()), Some(d));
        }
        for s in GoalStatus::ALL {
            assert_eq!(GoalStatus::parse(s.as_str()), Some(s));
        }
        for s in SafetyPlanSection::ALL {
            assert_eq!(SafetyPlanSection::parse(s.as_str()), Some(s));
        }
        assert_eq!(SafetyPlanSection::ALL.len(), 7);
        assert_eq!(GoalDomain::parse("wealth"), None);
    }
}
