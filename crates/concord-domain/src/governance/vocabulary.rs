//! The closed vocabularies of governance, stored and exchanged by label.

use crate::label::label_enum;

label_enum! {
    /// What kind of coordination body this is.
    pub enum BodyType ("body type") {
        NationalInterMinisterial => "national_inter_ministerial",
        RegionalBody => "regional_body",
        LocalCouncil => "local_council",
        RiskConference => "risk_conference",
        GbvSubCluster => "gbv_sub_cluster",
        OneStopCentre => "one_stop_centre",
        /// Conducts domestic homicide reviews (and may be granted a
        /// case's multi-agency chronology).
        ReviewPanel => "review_panel",
    }
}

label_enum! {
    /// How a body is led.
    pub enum Leadership ("leadership model") {
        SingleLeadAgency => "single_lead_agency",
        Rotating => "rotating",
        SharedStateNgo => "shared_state_ngo",
    }
}

/// Whether an essential action is taken nationally or locally.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EssentialScope {
    National,
    Local,
}

label_enum! {
    /// The essential actions of ESP Module 5 (governance of coordination).
    pub enum EssentialAction ("ESP essential action") {
        LawAndPolicy => "law_and_policy",
        ResourcingAndFinancing => "resourcing_and_financing",
        StandardsForLocalCoordination => "standards_for_local_coordination",
        InclusiveApproaches => "inclusive_approaches",
        CapacityDevelopment => "capacity_development",
        MonitoringAndEvaluation => "monitoring_and_evaluation",
        LocalStructureAndGovernance => "local_structure_and_governance",
        LocalActionPlan => "local_action_plan",
        SharedAgreementsAndSops => "shared_agreements_and_sops",
    }
}

impl EssentialAction {
    pub fn scope(self) -> EssentialScope {
        match self {
            EssentialAction::LawAndPolicy
            | EssentialAction::ResourcingAndFinancing
            | EssentialAction::StandardsForLocalCoordination
            | EssentialAction::InclusiveApproaches
            | EssentialAction::CapacityDevelopment
            | EssentialAction::MonitoringAndEvaluation => EssentialScope::National,
            EssentialAction::LocalStructureAndGovernance
            | EssentialAction::LocalActionPlan
            | EssentialAction::SharedAgreementsAndSops => EssentialScope::Local,
        }
    }
}

label_enum! {
    /// The kinds of instrument that govern coordination.
    pub enum InstrumentKind ("instrument kind") {
        Law => "law",
        Policy => "policy",
        NationalActionPlan => "national_action_plan",
        LocalActionPlan => "local_action_plan",
        MemorandumOfUnderstanding => "memorandum_of_understanding",
        Protocol => "protocol",
        StandardOperatingProcedure => "standard_operating_procedure",
        InformationSharingProtocol => "information_sharing_protocol",
        TermsOfReference => "terms_of_reference",
        ReferralPathway => "referral_pathway",
    }
}

impl InstrumentKind {
    /// Agreements between agencies come into force only once signed; laws,
    /// policies and action plans are adopted, not signed by the members.
    pub fn needs_signatories(self) -> bool {
        match self {
            InstrumentKind::Law
            | InstrumentKind::Policy
            | InstrumentKind::NationalActionPlan
            | InstrumentKind::LocalActionPlan => false,
            InstrumentKind::MemorandumOfUnderstanding
            | InstrumentKind::Protocol
            | InstrumentKind::StandardOperatingProcedure
            | InstrumentKind::InformationSharingProtocol
            | InstrumentKind::TermsOfReference
            | InstrumentKind::ReferralPathway => true,
        }
    }
}

label_enum! {
    /// Where one version of an instrument stands in its lifecycle.
    pub enum VersionStatus ("instrument status") {
        Draft => "draft",
        Consultation => "consultation",
        InForce => "in_force",
        ReviewDue => "review_due",
        /// Replaced by a later version that came into force.
        Revised => "revised",
        Retired => "retired",
    }
}

impl VersionStatus {
    /// In force (including while its review is under way).
    pub fn is_in_force(self) -> bool {
        matches!(self, VersionStatus::InForce | VersionStatus::ReviewDue)
    }

    /// Still being written: only the body's secretariat and its members
    /// see its document.
    pub fn is_unpublished(self) -> bool {
        matches!(self, VersionStatus::Draft | VersionStatus::Consultation)
    }
}

label_enum! {
    /// The ecological model's levels (DOMAIN.md §1).
    pub enum EcologicalLevel ("ecological level") {
        Individual => "individual",
        Relationship => "relationship",
        Community => "community",
        Societal => "societal",
    }
}

label_enum! {
    /// The continuum of collaboration, from low to high integration.
    pub enum ContinuumStage ("continuum stage") {
        Networking => "networking",
        Cooperation => "cooperation",
        Coordination => "coordination",
        Collaboration => "collaboration",
        Integration => "integration",
    }
}

impl ContinuumStage {
    /// 1 (networking) to 5 (integration).
    pub fn rank(self) -> u32 {
        match self {
            ContinuumStage::Networking => 1,
            ContinuumStage::Cooperation => 2,
            ContinuumStage::Coordination => 3,
            ContinuumStage::Collaboration => 4,
            ContinuumStage::Integration => 5,
        }
    }
}

label_enum! {
    /// A member agency at a meeting.
    pub enum Presence ("attendance") {
        Present => "present",
        Apologies => "apologies",
        Absent => "absent",
    }
}

label_enum! {
    /// Where an action item stands. `NotDone` is open.
    pub enum ActionStatus ("action status") {
        NotDone => "not_done",
        Done => "done",
        /// Circumstances changed: it can no longer be done.
        NotPossible => "not_possible",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn essential_actions_split_national_and_local() {
        let national = EssentialAction::ALL
            .iter()
            .filter(|a| a.scope() == EssentialScope::National)
            .count();
        assert_eq!(national, 6);
        assert_eq!(EssentialAction::ALL.len() - national, 3);
    }

    #[test]
    fn continuum_ranks_run_one_to_five_in_order() {
        let ranks: Vec<u32> = ContinuumStage::ALL.iter().map(|s| s.rank()).collect();
        assert_eq!(ranks, vec![1, 2, 3, 4, 5]);
    }

    #[test]
    fn only_agreements_need_signatories() {
        assert!(InstrumentKind::MemorandumOfUnderstanding.needs_signatories());
        assert!(InstrumentKind::InformationSharingProtocol.needs_signatories());
        assert!(!InstrumentKind::Law.needs_signatories());
        assert!(!InstrumentKind::NationalActionPlan.needs_signatories());
    }
}
