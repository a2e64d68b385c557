//! The justice chain of a case: what police, prosecution, courts and
//! probation did after she reported (issue 16). Each step is recorded by
//! the agency that knows it, in a sector that may record it; the chain's
//! order is a pure rule (no verdict without a charge); offences are
//! recorded in a small configurable list mapped to the UNODC International
//! Classification of Crime for Statistical Purposes (ICCS).

mod chain;
mod form;
mod offences;
mod recorders;
mod vocabulary;

pub use chain::{ChainStep, OrderProblem, check_order};
pub use form::{JusticeEventForm, NewJusticeEvent};
pub use offences::{OffenceCategory, OffenceList};
pub use recorders::{may_record, recording_sectors};
pub use vocabulary::{
    ChargeOutcome, HearingOutcome, JusticeEventKind, NoFurtherActionReason, SentenceKind,
    SpecialMeasure, Verdict, WithdrawalReason,
};
