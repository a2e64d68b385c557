//! Risk identification and multi-agency risk conferences (DOMAIN.md §7).
//!
//! - [`instrument`]: risk instruments are data, not code. An administrator
//!   loads a versioned file (TOML or JSON) naming the items, their answers
//!   and weights, how they are scored, the bands a score falls into and the
//!   thresholds that trigger a referral criterion. A malformed file is
//!   refused with every problem listed.
//! - [`assessment`]: answering an instrument, its score and level, the
//!   professional judgement that may raise (never lower) the level, the
//!   survivor's own view and the reassessment date.
//! - [`conference`]: referral to a risk conference on its criteria (visible
//!   high risk, professional judgement, potential escalation, repeat),
//!   screening, listing at meetings, the time-limited access of attending
//!   agencies, private research, the independent advocate's first contact.
//! - [`conference_form`]: the forms of conference work, with their checks.
//!
//! - [`conference_action`]: SMART actions agreed for a listed case, on the
//!   one action model of governance (`crate::governance::actions`).

pub mod assessment;
pub mod conference;
pub mod conference_action;
pub mod conference_form;
pub mod dataset;
pub mod instrument;

use crate::label::label_enum;

label_enum! {
    /// The common risk scale every instrument's bands map onto, so levels
    /// from different instruments can be compared, judged and trended.
    /// Ordered: standard < medium < high.
    pub enum RiskLevel ("risk level") {
        Standard => "standard",
        Medium => "medium",
        High => "high",
    }
}

label_enum! {
    /// Why a case is referred to a risk conference (any one suffices).
    pub enum ReferralCriterion ("referral criterion") {
        /// An assessment reached the instrument's high-risk threshold.
        VisibleHighRisk => "visible_high_risk",
        /// A professional's judgement, with a stated reason.
        ProfessionalJudgement => "professional_judgement",
        /// Several incidents within a period (3 in 12 months by default).
        PotentialEscalation => "potential_escalation",
        /// Referred within the last 12 months: heard again whatever the
        /// other criteria say.
        Repeat => "repeat",
    }
}
