//! Who records which step: the agency that knows it, by sector. Police
//! record what happens before a charge, prosecution the charge and the
//! prosecution, courts the hearings and their outcomes, probation the
//! sentence it supervises. Nobody else records a justice step, whatever
//! their access to the case.

use super::vocabulary::JusticeEventKind;
use crate::agency::Sector;

/// The sectors whose agencies may record a step of this kind.
pub fn recording_sectors(kind: JusticeEventKind) -> &'static [Sector] {
    use JusticeEventKind as K;
    use Sector::{Judiciary, Police, Probation, Prosecution};
    match kind {
        K::ReportedToPolice | K::CrimeRecorded | K::Arrest | K::ReleasedOnBail => &[Police],
        K::ChargeDecision | K::SupportWithdrawn => &[Police, Prosecution],
        K::ProsecutionStarted => &[Prosecution],
        K::CourtHearing | K::SpecialMeasures | K::Verdict => &[Judiciary, Prosecution],
        K::Sentence => &[Judiciary, Prosecution, Probation],
    }
}

/// Whether an agency of `sector` may record a step of this kind.
pub fn may_record(sector: Sector, kind: JusticeEventKind) -> bool {
    recording_sectors(kind).contains(&sector)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_health_agency_records_nothing_of_the_chain() {
        for kind in JusticeEventKind::ALL {
            assert!(!may_record(Sector::Health, kind), "{kind}");
            assert!(!may_record(Sector::ShelterWomensNgo, kind), "{kind}");
        }
    }

    #[test]
    fn each_step_by_the_agency_that_knows_it() {
        assert!(may_record(Sector::Police, JusticeEventKind::ChargeDecision));
        assert!(may_record(
            Sector::Prosecution,
            JusticeEventKind::ChargeDecision
        ));
        assert!(!may_record(
            Sector::Judiciary,
            JusticeEventKind::ChargeDecision
        ));
        assert!(!may_record(Sector::Police, JusticeEventKind::Verdict));
        assert!(may_record(Sector::Judiciary, JusticeEventKind::Verdict));
        assert!(may_record(Sector::Probation, JusticeEventKind::Sentence));
        assert!(!may_record(Sector::Probation, JusticeEventKind::Arrest));
    }

    #[test]
    fn every_step_has_a_recorder() {
        for kind in JusticeEventKind::ALL {
            assert!(!recording_sectors(kind).is_empty(), "{kind}");
        }
    }
}
