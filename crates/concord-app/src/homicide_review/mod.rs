//! The domestic homicide review (issue 16): a supervisor of the agency that
//! owns a case grants a review panel its multi-agency chronology
//! ([`grants`]); the panel's members read it and export it
//! ([`chronology`], assembled from one function per source in
//! [`sources`]). Every grant, revocation, reading and export is audited.

pub mod chronology;
pub mod grants;
mod sources;
