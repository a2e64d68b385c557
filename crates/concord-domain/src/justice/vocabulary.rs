//! The words of the justice chain: the kinds of step and the closed lists
//! each step's outcome is chosen from.

use crate::label::label_enum;

label_enum! {
    /// One kind of step of the justice chain, in the order forms list them.
    pub enum JusticeEventKind ("justice event") {
        /// She (or someone for her) reported to the police; the crime
        /// reference is kept encrypted.
        ReportedToPolice => "reported_to_police",
        /// The police recorded a crime, in an offence category.
        CrimeRecorded => "crime_recorded",
        Arrest => "arrest",
        /// The suspect was released on bail; the conditions are encrypted.
        ReleasedOnBail => "released_on_bail",
        /// Charged, no further action (with a reason) or an out-of-court
        /// outcome.
        ChargeDecision => "charge_decision",
        ProsecutionStarted => "prosecution_started",
        /// A court hearing, with its outcome.
        CourtHearing => "court_hearing",
        /// Measures the court granted so that she can give evidence.
        SpecialMeasures => "special_measures",
        Verdict => "verdict",
        Sentence => "sentence",
        /// She withdrew her support for the prosecution, with her reason.
        SupportWithdrawn => "support_withdrawn",
    }
}

label_enum! {
    /// What was decided about charging.
    pub enum ChargeOutcome ("charge decision") {
        Charged => "charged",
        NoFurtherAction => "no_further_action",
        /// A caution or another outcome out of court.
        OutOfCourt => "out_of_court",
    }
}

label_enum! {
    /// Why no further action was taken.
    pub enum NoFurtherActionReason ("reason for no further action") {
        EvidentialDifficulties => "evidential_difficulties",
        /// She did not support the prosecution.
        VictimDoesNotSupport => "victim_does_not_support",
        NotInPublicInterest => "not_in_public_interest",
        SuspectNotIdentified => "suspect_not_identified",
        Other => "other",
    }
}

label_enum! {
    /// What happened at a court hearing.
    pub enum HearingOutcome ("hearing outcome") {
        Adjourned => "adjourned",
        PleadedGuilty => "pleaded_guilty",
        PleadedNotGuilty => "pleaded_not_guilty",
        TrialHeld => "trial_held",
        Other => "other",
    }
}

label_enum! {
    pub enum Verdict ("verdict") {
        Guilty => "guilty",
        NotGuilty => "not_guilty",
    }
}

label_enum! {
    pub enum SentenceKind ("sentence") {
        Custody => "custody",
        SuspendedSentence => "suspended_sentence",
        CommunityOrder => "community_order",
        Fine => "fine",
        Discharge => "discharge",
        Other => "other",
    }
}

label_enum! {
    /// Why she withdrew her support.
    pub enum WithdrawalReason ("reason for withdrawal") {
        FearOfReprisal => "fear_of_reprisal",
        PressureFromPerpetratorOrFamily => "pressure_from_perpetrator_or_family",
        Reconciled => "reconciled",
        LostConfidenceInProcess => "lost_confidence_in_process",
        Other => "other",
    }
}

label_enum! {
    /// Special measures at court.
    pub enum SpecialMeasure ("special measure") {
        Screens => "screens",
        LiveLink => "live_link",
        EvidenceInPrivate => "evidence_in_private",
        VideoRecordedEvidence => "video_recorded_evidence",
        Intermediary => "intermediary",
        Other => "other",
    }
}
