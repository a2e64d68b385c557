//! Consent and information sharing (DOMAIN.md §5). Consent is specific to a
//! recipient agency, purposes and data categories, time-limited and
//! revocable; sharing without it is an exceptional, recorded decision on a
//! lawful basis. Receiving a service never depends on consenting to share,
//! so nothing here is a precondition of help.

mod form;
mod giver;
mod grant;
mod sharing;
mod vocabulary;

pub use form::{ConsentForm, ConsentInput};
pub use giver::{AgeBand, ConsentRules, check_giver};
pub use grant::{ConsentGrant, ConsentStatus, LawfulShare, ShareStatus};
pub use sharing::{SHARING_FIELD, SharingForm, SharingInput, check_share_can_end, may_end_share};
pub use vocabulary::{ConsentGiver, DataCategory, LawfulBasis, Purpose};
