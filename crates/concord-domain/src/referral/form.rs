//! A referral and the steps on it, as entered on a form or in the API.

use super::state::{DeclineReason, ReferralEvent, ReferralOutcome};
use super::targets::Urgency;
use crate::consent::DataCategory;
use crate::form_fields::{label_set, required_id, required_label, required_paragraph};
use crate::ids::ServiceId;
use crate::validation::{Invalid, optional_text};
use serde::Deserialize;
use std::collections::BTreeSet;

/// A new referral from a case.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ReferralForm {
    pub service_id: String,
    pub urgency: String,
    /// The kinds of case information to share with the receiving agency.
    pub categories: Vec<String>,
    /// Why she is referred and what she needs (encrypted; governed by her
    /// consent like the case).
    pub reason: String,
    /// Checkbox: send now rather than keep as a draft.
    pub send_now: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferralInput {
    pub service_id: ServiceId,
    pub urgency: Urgency,
    pub categories: BTreeSet<DataCategory>,
    pub reason: String,
    pub send_now: bool,
}

impl ReferralForm {
    pub fn validate(&self) -> Result<ReferralInput, Invalid> {
        let mut invalid = Invalid::default();
        let service_id = required_id(&mut invalid, "service_id", &self.service_id, "a service");
        let urgency = required_label(&mut invalid, "urgency", &self.urgency);
        let categories = label_set(&mut invalid, "categories", &self.categories);
        if categories.is_empty() && invalid.problem_for("categories").is_none() {
            invalid.push(
                "categories",
                "choose at least one kind of information to share",
            );
        }
        let reason = required_paragraph(&mut invalid, "reason", &self.reason, 4000);
        let send_now = matches!(self.send_now.as_deref(), Some("on" | "true" | "yes" | "1"));
        match (service_id, urgency) {
            (Some(service_id), Some(urgency)) if invalid.problems.is_empty() => Ok(ReferralInput {
                service_id,
                urgency,
                categories,
                reason,
                send_now,
            }),
            _ => Err(invalid),
        }
    }
}

/// A step on a referral: `event` is a [`ReferralEvent`] label; declining
/// needs `decline_reason`, closing needs `outcome`; `note` is optional
/// free text (encrypted) sent to the other agency with the step.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ReferralActionForm {
    pub event: String,
    pub decline_reason: String,
    pub outcome: String,
    pub note: String,
}

/// A checked step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferralAction {
    pub event: ReferralEvent,
    pub decline_reason: Option<DeclineReason>,
    pub outcome: Option<ReferralOutcome>,
    pub note: Option<String>,
}

impl ReferralActionForm {
    pub fn validate(&self) -> Result<ReferralAction, Invalid> {
        let mut invalid = Invalid::default();
        let event: Option<ReferralEvent> = required_label(&mut invalid, "event", &self.event);
        let decline_reason = match event {
            Some(ReferralEvent::Decline) => {
                required_label(&mut invalid, "decline_reason", &self.decline_reason)
            }
            _ => None,
        };
        let outcome = match event {
            Some(ReferralEvent::Close) => required_label(&mut invalid, "outcome", &self.outcome),
            _ => None,
        };
        if decline_reason == Some(DeclineReason::Other) && self.note.trim().is_empty() {
            invalid.push("note", "say why the referral is declined");
        }
        let note = optional_text(&mut invalid, "note", Some(&self.note), 4000);
        match event {
            Some(event) if invalid.problems.is_empty() => Ok(ReferralAction {
                event,
                decline_reason,
                outcome,
                note,
            }),
            _ => Err(invalid),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_referral_names_every_missing_field() {
        let invalid = ReferralForm::default().validate().unwrap_err();
        for field in ["service_id", "urgency", "categories", "reason"] {
            assert!(invalid.problem_for(field).is_some(), "{field}");
        }
        let form = ReferralForm {
            service_id: ServiceId::new().to_string(),
            urgency: "urgent".into(),
            categories: vec!["identity_and_contact".into(), "health".into()],
            reason: "Needs post-rape care".into(),
            send_now: Some("on".into()),
        };
        let input = form.validate().unwrap();
        assert_eq!(input.urgency, Urgency::Urgent);
        assert_eq!(input.categories.len(), 2);
        assert!(input.send_now);
        let bad = ReferralForm {
            urgency: "whenever".into(),
            categories: vec!["everything".into()],
            ..form
        };
        let invalid = bad.validate().unwrap_err();
        assert_eq!(
            invalid.problem_for("urgency"),
            Some("is not a known urgency")
        );
        assert!(invalid.problem_for("categories").is_some());
    }

    #[test]
    fn steps_need_their_reason_or_outcome() {
        let decline = ReferralActionForm {
            event: "decline".into(),
            ..Default::default()
        };
        assert!(
            decline
                .validate()
                .unwrap_err()
                .problem_for("decline_reason")
                .is_some()
        );
        let other = ReferralActionForm {
            event: "decline".into(),
            decline_reason: "other".into(),
            ..Default::default()
        };
        assert!(other.validate().unwrap_err().problem_for("note").is_some());
        let close = ReferralActionForm {
            event: "close".into(),
            ..Default::default()
        };
        assert!(
            close
                .validate()
                .unwrap_err()
                .problem_for("outcome")
                .is_some()
        );
        let ok = ReferralActionForm {
            event: "close".into(),
            outcome: "needs_met".into(),
            note: " Seen twice; follow-up booked ".into(),
            ..Default::default()
        }
        .validate()
        .unwrap();
        assert_eq!(ok.outcome, Some(ReferralOutcome::NeedsMet));
        assert_eq!(ok.note.as_deref(), Some("Seen twice; follow-up booked"));
        assert!(
            ReferralActionForm::default()
                .validate()
                .unwrap_err()
                .problem_for("event")
                .is_some()
        );
    }
}
