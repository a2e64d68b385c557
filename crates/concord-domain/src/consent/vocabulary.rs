//! The words consent is given in: what may be shared, why, by whom, and the
//! lawful bases for sharing without consent.

use crate::label::label_enum;

label_enum! {
    /// A category of case data. Consent, lawful shares and break-glass each
    /// name the categories they cover; nothing covers "everything" by
    /// default.
    pub enum DataCategory ("data category") {
        /// Name, date of birth, address, safe contact details.
        IdentityAndContact => "identity_and_contact",
        Incident => "incident",
        /// Risk identification and assessments.
        Risk => "risk",
        CaseNotes => "case_notes",
        Health => "health",
        /// What police, prosecution, courts and probation recorded of the
        /// justice chain: reports, arrests, bail, charges, hearings,
        /// verdicts, sentences.
        Justice => "justice",
    }
}

label_enum! {
    /// Why data is shared.
    pub enum Purpose ("purpose") {
        ReferralForServices => "referral_for_services",
        CaseConference => "case_conference",
        PoliceReport => "police_report",
        /// Counting in statistics (de-identified, aggregated).
        Statistics => "statistics",
    }
}

label_enum! {
    /// Who gave consent.
    pub enum ConsentGiver ("consent giver") {
        /// The survivor herself.
        Survivor => "survivor",
        /// A parent or caregiver of a child survivor.
        Caregiver => "caregiver",
        /// Another adult the child trusts, where the caregiver is unsafe.
        TrustedAdult => "trusted_adult",
        /// A documented best-interest decision, where the caregiver is unsafe.
        BestInterestDecision => "best_interest_decision",
    }
}

label_enum! {
    /// The legal grounds for sharing without consent. Each is exceptional
    /// and recorded with its reason and decision maker. A subpoena is
    /// deliberately not one: it usually compels appearance, not disclosure
    /// of a survivor's file, and needs legal advice rather than a button.
    pub enum LawfulBasis ("lawful basis") {
        /// A serious and imminent risk to someone's life.
        RiskToLife => "risk_to_life",
        /// A child is at risk of significant harm.
        ChildProtection => "child_protection",
        /// A risk conference (MARAC) acting on its lawful basis.
        RiskConference => "risk_conference",
        CourtOrder => "court_order",
        /// A domestic homicide review: granted to a review panel, never to
        /// an agency (see `homicide_review`).
        HomicideReview => "homicide_review",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_round_trip() {
        for c in DataCategory::ALL {
            assert_eq!(DataCategory::parse(c.as_str()), Some(c));
        }
        for p in Purpose::ALL {
            assert_eq!(Purpose::parse(p.as_str()), Some(p));
        }
        for g in ConsentGiver::ALL {
            assert_eq!(ConsentGiver::parse(g.as_str()), Some(g));
        }
        for b in LawfulBasis::ALL {
            assert_eq!(LawfulBasis::parse(b.as_str()), Some(b));
        }
        assert_eq!(LawfulBasis::parse("subpoena"), None);
    }
}
