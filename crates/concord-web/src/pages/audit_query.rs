//! The audit log filter as typed (all text, so a bad value can be shown back
//! with its error), shared by the page and the API.

use chrono::{NaiveDate, TimeZone, Utc};
use concord_domain::Invalid;
use concord_domain::audit::AuditAction;
use concord_domain::ids::{AgencyId, UserId};
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
    /// Parses every filter, naming each bad one.
    pub fn filter(&self) -> Result<AuditFilter, Invalid> {
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
        filter.from = parse_day(&mut invalid, "from", &self.from, 0);
        filter.until = parse_day(&mut invalid, "until", &self.until, 1);
        invalid.into_result(filter)
    }
}

/// A date (YYYY-MM-DD) as the start of that day, or of the next day for an
/// inclusive "until".
fn parse_day(
    invalid: &mut Invalid,
    field: &str,
    text: &str,
    add_days: i64,
) -> Option<chrono::DateTime<Utc>> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        Ok(day) => {
            let start = day.and_hms_opt(0, 0, 0)? + chrono::Duration::days(add_days);
            Some(Utc.from_utc_datetime(&start))
        }
        Err(_) => {
            invalid.push(field, "must be a date like 2026-01-31");
            None
        }
    }
}
