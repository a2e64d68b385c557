//! Break-glass: a case worker with no other basis opens a case in an
//! emergency. It is personal (one user), short (at most a few hours),
//! narrow (identity, incident and risk only, never notes, health or justice) and
//! always explained, alerted and reviewed. The limits are enforced here,
//! where a grant is created, so no caller can open a longer or reasonless
//! one.

use crate::consent::DataCategory;
use crate::form_fields::required_paragraph;
use crate::ids::{BreakGlassId, UserId};
use crate::validation::Invalid;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// What break-glass may ever show.
pub const BREAK_GLASS_CATEGORIES: [DataCategory; 3] = [
    DataCategory::IdentityAndContact,
    DataCategory::Incident,
    DataCategory::Risk,
];

const MAX_REASON_CHARS: usize = 2000;

/// Break-glass limits an installation configures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct BreakGlassRules {
    /// The longest a grant may last.
    pub max_hours: u32,
}

impl Default for BreakGlassRules {
    fn default() -> Self {
        Self { max_hours: 4 }
    }
}

impl BreakGlassRules {
    pub fn check(&self) -> Result<(), Invalid> {
        if self.max_hours == 0 {
            Err(Invalid::one("max_hours", "must be at least 1"))
        } else {
            Ok(())
        }
    }

    fn max_duration(&self) -> Duration {
        Duration::hours(i64::from(self.max_hours))
    }
}

/// One user's break-glass opening of one case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct BreakGlassGrant {
    pub id: BreakGlassId,
    pub user_id: UserId,
    pub started_at: DateTime<Utc>,
    /// Exclusive: the grant has ended at this instant.
    pub expires_at: DateTime<Utc>,
}

/// A new grant and the reason given for it (stored with it, shown to the
/// reviewing supervisor).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BreakGlassOpening {
    pub grant: BreakGlassGrant,
    pub reason: String,
}

impl BreakGlassGrant {
    /// Opens a grant for `user_id` from `now` for `duration`, which must be
    /// positive and within `rules.max_hours`; a reason is required.
    /// Problems are named `reason` and `hours`.
    pub fn open(
        rules: &BreakGlassRules,
        user_id: UserId,
        reason: &str,
        duration: Duration,
        now: DateTime<Utc>,
    ) -> Result<BreakGlassOpening, Invalid> {
        let mut invalid = Invalid::default();
        let reason = required_paragraph(&mut invalid, "reason", reason, MAX_REASON_CHARS);
        if duration <= Duration::zero() || duration > rules.max_duration() {
            invalid.push(
                "hours",
                format!("must be between 1 and {} hours", rules.max_hours),
            );
        }
        invalid.into_result(BreakGlassOpening {
            grant: BreakGlassGrant {
                id: BreakGlassId::new(),
                user_id,
                started_at: now,
                expires_at: now + duration,
            },
            reason,
        })
    }

    pub fn is_active(&self, now: DateTime<Utc>) -> bool {
        self.started_at <= now && now < self.expires_at
    }

    /// Whether break-glass ever shows this category.
    pub fn covers(category: DataCategory) -> bool {
        BREAK_GLASS_CATEGORIES.contains(&category)
    }
}

/// A break-glass request as entered: the reason and, optionally, fewer
/// hours than the maximum.
#[derive(Debug, Clone, Default, Deserialize)]
// A missing field reads as empty, so it is reported by name like any other.
#[serde(default)]
pub struct BreakGlassForm {
    pub reason: String,
    /// Whole hours; empty means the maximum.
    pub hours: Option<String>,
}

impl BreakGlassForm {
    pub fn validate(
        &self,
        rules: &BreakGlassRules,
        user_id: UserId,
        now: DateTime<Utc>,
    ) -> Result<BreakGlassOpening, Invalid> {
        let hours = match self.hours.as_deref().map(str::trim).unwrap_or("") {
            "" => Some(rules.max_hours),
            text => text.parse::<u32>().ok(),
        };
        match hours {
            Some(hours) => BreakGlassGrant::open(
                rules,
                user_id,
                &self.reason,
                Duration::hours(i64::from(hours)),
                now,
            ),
            None => {
                let mut invalid = Invalid::default();
                required_paragraph(&mut invalid, "reason", &self.reason, MAX_REASON_CHARS);
                invalid.push("hours", "must be a whole number of hours");
                Err(invalid)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2025, 3, 3, 2, 0, 0).unwrap()
    }

    #[test]
    fn a_grant_lasts_at_most_the_maximum() {
        let rules = BreakGlassRules::default();
        let user = UserId::new();
        let opened = BreakGlassGrant::open(
            &rules,
            user,
            "Police at the door, she is missing",
            Duration::hours(4),
            now(),
        )
        .unwrap();
        assert_eq!(opened.grant.user_id, user);
        assert_eq!(opened.grant.expires_at, now() + Duration::hours(4));
        for too_long in [
            Duration::hours(4) + Duration::seconds(1),
            Duration::hours(24),
        ] {
            let err = BreakGlassGrant::open(&rules, user, "reason", too_long, now()).unwrap_err();
            assert_eq!(
                err.problem_for("hours"),
                Some("must be between 1 and 4 hours")
            );
        }
        assert!(BreakGlassGrant::open(&rules, user, "reason", Duration::zero(), now()).is_err());
        let longer = BreakGlassRules { max_hours: 8 };
        assert!(BreakGlassGrant::open(&longer, user, "reason", Duration::hours(8), now()).is_ok());
    }

    #[test]
    fn a_reason_is_required() {
        let err = BreakGlassGrant::open(
            &BreakGlassRules::default(),
            UserId::new(),
            "  ",
            Duration::hours(1),
            now(),
        )
        .unwrap_err();
        assert_eq!(err.problem_for("reason"), Some("is required"));
    }

    #[test]
    fn active_from_start_until_expiry() {
        let grant = BreakGlassGrant::open(
            &BreakGlassRules::default(),
            UserId::new(),
            "r",
            Duration::hours(4),
            now(),
        )
        .unwrap()
        .grant;
        assert!(!grant.is_active(now() - Duration::seconds(1)));
        assert!(grant.is_active(now()));
        assert!(grant.is_active(now() + Duration::hours(4) - Duration::seconds(1)));
        assert!(!grant.is_active(now() + Duration::hours(4)));
    }

    #[test]
    fn only_identity_incident_and_risk() {
        for category in DataCategory::ALL {
            let expected = !matches!(
                category,
                DataCategory::CaseNotes | DataCategory::Health | DataCategory::Justice
            );
            assert_eq!(BreakGlassGrant::covers(category), expected, "{category}");
        }
    }

    #[test]
    fn the_form_defaults_to_the_maximum_and_names_bad_hours() {
        let rules = BreakGlassRules::default();
        let form = |reason: &str, hours: Option<&str>| BreakGlassForm {
            reason: reason.into(),
            hours: hours.map(Into::into),
        };
        let opened = form("reason", None)
            .validate(&rules, UserId::new(), now())
            .unwrap();
        assert_eq!(opened.grant.expires_at, now() + Duration::hours(4));
        let opened = form("reason", Some("2"))
            .validate(&rules, UserId::new(), now())
            .unwrap();
        assert_eq!(opened.grant.expires_at, now() + Duration::hours(2));
        let err = form("", Some("two"))
            .validate(&rules, UserId::new(), now())
            .unwrap_err();
        assert_eq!(
            err.problem_for("hours"),
            Some("must be a whole number of hours")
        );
        assert_eq!(err.problem_for("reason"), Some("is required"));
        assert!(
            form("reason", Some("5"))
                .validate(&rules, UserId::new(), now())
                .is_err()
        );
        assert!(BreakGlassRules { max_hours: 0 }.check().is_err());
    }
}
