//! Referrals between agencies: made from a case, gated by the survivor's
//! consent, answered from the receiving agency's queue, followed step by
//! step with a full history, and closed with feedback to the sender.
//! A referral arriving in a queue, and an overdue one, raise notifications
//! (in the app, and by e-mail where configured) once, whichever instance
//! sends it or notices first.

pub mod arrival;
pub mod email;
pub mod fhir;
pub mod outside;
pub mod overdue;
pub mod read;
pub mod steps;

use concord_domain::referral::{ResponseTargets, WorkingWeek};

/// How referrals are timed and announced.
#[derive(Debug, Clone)]
pub struct ReferralConfig {
    pub targets: ResponseTargets,
    pub week: WorkingWeek,
    /// Directory entries not verified for this many days are flagged.
    pub stale_after_days: i64,
    /// A referral still unanswered this many days after its due time
    /// expires.
    pub expire_after_days: i64,
    /// Where e-mails point people to (`https://concord.example`); links are
    /// to the referral page, never to anything about her.
    pub public_url: String,
    /// SMTP delivery of notifications; none: in the app only.
    pub smtp: Option<SmtpConfig>,
}

impl Default for ReferralConfig {
    fn default() -> Self {
        Self {
            targets: ResponseTargets::default(),
            week: WorkingWeek::default(),
            stale_after_days: 180,
            expire_after_days: 30,
            public_url: "http://127.0.0.1:8080".into(),
            smtp: None,
        }
    }
}

/// An SMTP relay for notification e-mails.
#[derive(Debug, Clone)]
pub struct SmtpConfig {
    /// `smtp://host:port` (plain, for a relay on the same host or network)
    /// or `smtp+starttls://host:port`.
    pub url: String,
    pub from: String,
}

/// The Field a referral's encrypted text is bound to.
pub(crate) fn reason_field(id: &str) -> crate::field_crypto::Field<'_> {
    crate::field_crypto::Field::new("referrals", "reason", id)
}

pub(crate) fn note_field(id: &str) -> crate::field_crypto::Field<'_> {
    crate::field_crypto::Field::new("referral_steps", "note", id)
}
