//! The GBVIMS core type: six yes/no questions asked in a fixed order, the
//! first "yes" deciding the type. The order is the rule (an incident with
//! both penetration and a beating is a rape, never a physical assault), so
//! it lives in one table that both the one-shot [`classify`] and the
//! step-by-step [`next_question`] read.

use crate::label::label_enum;

label_enum! {
    /// The one core type of an incident.
    pub enum GbvType ("GBV type") {
        /// Non-consensual penetration, however slight.
        Rape => "rape",
        /// Unwanted sexual contact without penetration.
        SexualAssault => "sexual_assault",
        PhysicalAssault => "physical_assault",
        /// Including early (child) marriage.
        ForcedMarriage => "forced_marriage",
        /// Denial of resources, opportunities or services.
        DenialOfResources => "denial_of_resources",
        /// Psychological or emotional abuse.
        PsychologicalAbuse => "psychological_abuse",
        /// None of the above: recorded, but not counted as GBV.
        NonGbv => "non_gbv",
    }
}

label_enum! {
    /// One of the ordered classification questions. Each label is also the
    /// name of the form field carrying its answer.
    pub enum QuestionKey ("classification question") {
        Penetration => "penetration",
        UnwantedSexualContact => "unwanted_sexual_contact",
        PhysicalAssault => "physical_assault",
        ForcedMarriage => "forced_marriage",
        DenialOfResources => "denial_of_resources",
        PsychologicalAbuse => "psychological_abuse",
    }
}

label_enum! {
    /// Contexts recorded beside the type. They are flags, never types: an
    /// intimate partner's rape is a rape with the IPV flag.
    pub enum ContextFlag ("context") {
        IntimatePartnerViolence => "intimate_partner_violence",
        ChildSexualAbuse => "child_sexual_abuse",
        EarlyMarriage => "early_marriage",
        HarmfulTraditionalPractice => "harmful_traditional_practice",
        /// Possible sexual exploitation or slavery.
        PossibleSexualExploitation => "possible_sexual_exploitation",
    }
}

/// The questions in the order they must be asked, each with the type a
/// "yes" decides. If every answer is "no" the incident is [`GbvType::NonGbv`].
pub const QUESTIONS: [(QuestionKey, GbvType); 6] = [
    (QuestionKey::Penetration, GbvType::Rape),
    (QuestionKey::UnwantedSexualContact, GbvType::SexualAssault),
    (QuestionKey::PhysicalAssault, GbvType::PhysicalAssault),
    (QuestionKey::ForcedMarriage, GbvType::ForcedMarriage),
    (QuestionKey::DenialOfResources, GbvType::DenialOfResources),
    (QuestionKey::PsychologicalAbuse, GbvType::PsychologicalAbuse),
];

/// Every question answered at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ClassificationAnswers {
    pub penetration: bool,
    pub unwanted_sexual_contact: bool,
    pub physical_assault: bool,
    pub forced_marriage: bool,
    pub denial_of_resources: bool,
    pub psychological_abuse: bool,
}

impl ClassificationAnswers {
    /// The answer to one question.
    pub fn answer(&self, key: QuestionKey) -> bool {
        match key {
            QuestionKey::Penetration => self.penetration,
            QuestionKey::UnwantedSexualContact => self.unwanted_sexual_contact,
            QuestionKey::PhysicalAssault => self.physical_assault,
            QuestionKey::ForcedMarriage => self.forced_marriage,
            QuestionKey::DenialOfResources => self.denial_of_resources,
            QuestionKey::PsychologicalAbuse => self.psychological_abuse,
        }
    }
}

/// The core type: the first question answered "yes" decides it.
pub fn classify(answers: &ClassificationAnswers) -> GbvType {
    QUESTIONS
        .iter()
        .find(|(key, _)| answers.answer(*key))
        .map_or(GbvType::NonGbv, |(_, gbv_type)| *gbv_type)
}

/// Where a step-by-step classification stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// This question is next; the earlier ones were all answered "no".
    Ask(QuestionKey),
    /// The type is decided; no further question is asked.
    Decided(GbvType),
}

/// The next step of the step-by-step form, given the answers so far in any
/// order. Questions are walked in [`QUESTIONS`] order: the first unanswered
/// one is asked, the first "yes" decides. Answers to later questions are
/// ignored, so the form stops at the first "yes" even if more was sent. If a
/// question was answered more than once, the last answer counts (the person
/// went back and changed it).
pub fn next_question(answers_so_far: &[(QuestionKey, bool)]) -> Step {
    let answer_to = |key: QuestionKey| {
        answers_so_far
            .iter()
            .rev()
            .find(|(k, _)| *k == key)
            .map(|(_, yes)| *yes)
    };
    for (key, gbv_type) in QUESTIONS {
        match answer_to(key) {
            None => return Step::Ask(key),
            Some(true) => return Step::Decided(gbv_type),
            Some(false) => {}
        }
    }
    Step::Decided(GbvType::NonGbv)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The answers encoded by the six bits of `bits`, question `i` in bit `i`.
    fn answers_from_bits(bits: u8) -> ClassificationAnswers {
        let bit = |i: u8| bits & (1 << i) != 0;
        ClassificationAnswers {
            penetration: bit(0),
            unwanted_sexual_contact: bit(1),
            physical_assault: bit(2),
            forced_marriage: bit(3),
            denial_of_resources: bit(4),
            psychological_abuse: bit(5),
        }
    }

    /// Walks the step-by-step form answering from `answers`; returns the type
    /// and how many questions were asked.
    fn walk(answers: &ClassificationAnswers) -> (GbvType, usize) {
        let mut given = Vec::new();
        loop {
            match next_question(&given) {
                Step::Ask(key) => given.push((key, answers.answer(key))),
                Step::Decided(gbv_type) => return (gbv_type, given.len()),
            }
        }
    }

    #[test]
    fn the_table_is_in_the_order_of_the_vocabularies() {
        let keys: Vec<_> = QUESTIONS.iter().map(|(k, _)| *k).collect();
        assert_eq!(keys, QuestionKey::ALL);
        let types: Vec<_> = QUESTIONS.iter().map(|(_, t)| *t).collect();
        assert_eq!(types, GbvType::ALL[..6]);
    }

    #[test]
    fn every_branch_of_the_order() {
        let none = ClassificationAnswers::default();
        assert_eq!(classify(&none), GbvType::NonGbv);
        let everything = answers_from_bits(0b11_1111);
        assert_eq!(classify(&everything), GbvType::Rape);
        let beaten_and_insulted = ClassificationAnswers {
            physical_assault: true,
            psychological_abuse: true,
            ..none
        };
        assert_eq!(classify(&beaten_and_insulted), GbvType::PhysicalAssault);
        let forced_to_marry_and_kept_from_school = ClassificationAnswers {
            forced_marriage: true,
            denial_of_resources: true,
            ..none
        };
        assert_eq!(
            classify(&forced_to_marry_and_kept_from_school),
            GbvType::ForcedMarriage
        );
    }

    /// All 64 combinations: the step-by-step form and `classify` agree, the
    /// form stops at the first "yes", and the first "yes" decides.
    #[test]
    fn step_by_step_agrees_with_classify_exhaustively() {
        for bits in 0u8..64 {
            let answers = answers_from_bits(bits);
            let (stepped, asked) = walk(&answers);
            assert_eq!(stepped, classify(&answers), "answers {bits:06b}");
            let first_yes = (0..6u8).find(|i| bits & (1 << i) != 0);
            match first_yes {
                Some(i) => {
                    assert_eq!(asked, usize::from(i) + 1, "{bits:06b}");
                    assert_eq!(stepped, QUESTIONS[usize::from(i)].1);
                }
                None => {
                    assert_eq!(asked, 6);
                    assert_eq!(stepped, GbvType::NonGbv);
                }
            }
        }
    }

    #[test]
    fn a_changed_answer_counts_as_changed() {
        let given = [
            (QuestionKey::Penetration, true),
            (QuestionKey::Penetration, false),
        ];
        assert_eq!(
            next_question(&given),
            Step::Ask(QuestionKey::UnwantedSexualContact)
        );
    }

    proptest! {
        /// However the full set of answers is ordered (a form posted all at
        /// once), the step function lands on `classify`'s type.
        #[test]
        fn answer_order_does_not_matter(
            bits in 0u8..64,
            order in Just(QuestionKey::ALL.to_vec()).prop_shuffle(),
        ) {
            let answers = answers_from_bits(bits);
            let given: Vec<_> = order.iter().map(|k| (*k, answers.answer(*k))).collect();
            prop_assert_eq!(next_question(&given), Step::Decided(classify(&answers)));
        }

        /// Answers after the first "yes" never change the type.
        #[test]
        fn later_answers_are_ignored(bits in 0u8..64, noise in 0u8..64) {
            let answers = answers_from_bits(bits);
            if let Some(i) = (0..6u8).find(|i| bits & (1 << i) != 0) {
                let keep = (1u8 << (i + 1)) - 1;
                let changed = answers_from_bits((bits & keep) | (noise & !keep));
                prop_assert_eq!(classify(&changed), classify(&answers));
            }
        }
    }
}
