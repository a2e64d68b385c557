//! The domestic homicide review (issue 16, section 4): after a woman is
//! killed, a review panel (a coordination body of type *review panel*, or
//! an existing body given that remit) may be granted a **multi-agency
//! chronology** of her case — every contact of every agency in time order —
//! by a supervisor of the agency that owns the case, on the recorded lawful
//! basis `homicide_review`. Only people of the panel's member agencies who
//! work with case data read it; the grant, its revocation, every reading and
//! every export are audited.
//!
//! What the chronology carries is decided here: structured facts only
//! (dates, the agency, the kind of contact, its labels). Free text — an
//! incident's account, a note's text, a referral's reason, an action's
//! description — is never copied into it: it may name other people, and
//! other survivors must never appear (DOMAIN.md §5).

mod chronology;
mod grant;

pub use chronology::{Contact, ContactKind, Fact, merge_in_time_order};
pub use grant::{ReviewGrant, ReviewGrantForm, ReviewGrantInput, may_grant, may_read_chronology};
