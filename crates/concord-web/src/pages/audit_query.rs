//! The audit log filter as typed (all text, so a bad value can be shown back
//! with its error), shared by the page and the API.

use chrono::NaiveDate;
use concord_domain::Invalid;
use concord_domain::audit::AuditAction;
use concord_domain::ids::{AgencyId, UserId};
use concord_domain::local_time::{self, Tz};
use concord_store::AuditFilter;

/// The filter as typed into the form (all text, so that a bad value can be
/// shown back with its error).
#[derive(Debug, Default, Clone, serde::Deserialize, serde::Serialize)]
pub struct AuditQuery {
    #[serde(default)]
    pub actor: String,
    #[serde(default)]
    pub agency: String,
    #[serde(default)]
    pub action: String,
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub until: String,
    #[serde(default)]
    pub after: String,
}

impl AuditQuery {
    /// Parses every filter, naming each bad one. `from` and `until` are
    /// local days in the deployment's zone `tz`, both included.
    pub fn filter(&self, tz: Tz) -> Result<AuditFilter, Invalid> {
        let mut invalid = Invalid::default();
        let mut filter = AuditFilter::default();
        if !self.actor.trim().is_empty() {
            match self.actor.trim().parse::<UserId>() {
                Ok(id) => filter.actor_user_id = Some(id),
                Err(_) => invalid.push("actor", "must be a user id"),
            }
        }
        if !self.agency.trim().is_empty() {
            match self.agency.trim().parse::<AgencyId>() {
                Ok(id) => filter.agency_id = Some(id),
                Err(_) => invalid.push("agency", "must be an agency id"),
            }
        }
        if !self.action.trim().is_empty() {
            match AuditAction::parse(self.action.trim()) {
                Some(a) => filter.action = Some(a.as_str().to_string()),
                None => invalid.push("action", "is not a known action"),
            }
        }
        let from = parse_day(&mut invalid, "from", &self.from);
        filter.from = from.map(|day| local_time::start_of_day(tz, day));
        let until = parse_day(&mut invalid, "until", &self.until);
        filter.until = until.map(|day| local_time::end_of_day(tz, day));
        invalid.into_result(filter)
    }
}

/// A date (YYYY-MM-DD) as typed, if any.
fn parse_day(invalid: &mut Invalid, field: &str, text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let day = NaiveDate::parse_from_str(text, "%Y-%m-%d").ok();
    if day.is_none() {
        invalid.push(field, "must be a date like 2026-01-31");
    }
    day
}
