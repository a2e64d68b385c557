//! The application: the store, the clock, the keys and the settings that
//! every use case shares.

use crate::clock::Clock;
use crate::keys::Keys;
use crate::last_use::LastUseWrites;
use crate::signed_in::TOUCH_EVERY;
use chrono::{DateTime, Utc};
use concord_domain::access::Actor;
use concord_domain::audit::{AuditAction, AuditOutcome};
use concord_domain::ids::ApiTokenId;
use concord_domain::session::SessionPolicy;
use concord_domain::sign_in::ThrottlePolicy;
use concord_store::{NewAuditEvent, Store};
use std::sync::Arc;

#[derive(Debug, Clone)]
pub struct AppConfig {
    pub sessions: SessionPolicy,
    pub throttle: ThrottlePolicy,
    /// Set by `concord demo` only: demo accounts may skip the second factor.
    pub demo_mode: bool,
    /// Issuer name shown in authenticator apps.
    pub totp_issuer: String,
    /// Longest lifetime a new API token may have.
    pub api_token_max_days: i64,
    /// Response targets, working week, staleness, expiry and e-mail.
    pub referrals: crate::referrals::ReferralConfig,
    /// Who may consent for a child of each age band, whether her assent is
    /// needed, and the longest a consent may last (local law decides).
    pub consent: concord_domain::consent::ConsentRules,
    /// The offence categories a crime is recorded in, with their ICCS codes.
    pub justice_offences: concord_domain::justice::OffenceList,
    /// The kinds of protection order the deployment records.
    pub protection_order_kinds: concord_domain::protection::OrderKindList,
    /// How published tables hide small counts of people.
    pub small_cells: concord_domain::small_cells::SmallCellPolicy,
    /// The deployment's time zone: "today", dates on forms, working hours.
    pub time_zone: chrono_tz::Tz,
    /// Published statistics releases are also on a public page without
    /// sign-in (`--public-statistics`; off by default).
    pub public_statistics: bool,
    /// The append-only witness file every checkpoint must extend before it
    /// is committed (`--audit-witness-file`), on another disk.
    pub audit_witness: Option<crate::audit_witness::WitnessFile>,
    /// Network witnesses every checkpoint is posted to after it is committed
    /// (`--audit-witness URL=KEY`, several allowed).
    pub audit_witnesses: Vec<crate::audit_cosigning::WitnessEndpoint>,
}

impl Default for AppConfig {
    fn default() -> Self {
        Self {
            sessions: SessionPolicy::default(),
            throttle: ThrottlePolicy::default(),
            demo_mode: false,
            totp_issuer: "Concord".into(),
            api_token_max_days: 365,
            referrals: crate::referrals::ReferralConfig::default(),
            consent: concord_domain::consent::ConsentRules::default(),
            justice_offences: concord_domain::justice::OffenceList::default(),
            protection_order_kinds: concord_domain::protection::OrderKindList::default(),
            small_cells: concord_domain::small_cells::SmallCellPolicy::default(),
            time_zone: chrono_tz::UTC,
            public_statistics: false,
            audit_witness: None,
            audit_witnesses: Vec::new(),
        }
    }
}

/// Cheap to clone (shared handles and the settings), so work that should
/// not hold up a request, such as an e-mail, can carry it along.
#[derive(Clone)]
pub struct App {
    pub(crate) store: Arc<dyn Store>,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) keys: Arc<Keys>,
    pub(crate) config: AppConfig,
    /// Sessions' "last seen" writes, coalesced per session (its token's hash).
    pub(crate) session_touches: Arc<LastUseWrites<Vec<u8>>>,
    /// API tokens' "last used" writes, coalesced per token.
    pub(crate) token_touches: Arc<LastUseWrites<ApiTokenId>>,
    pub(crate) sealing: crate::audit_alarm::SealingState,
    pub(crate) witness_alarms: crate::audit_cosigning::WitnessAlarms,
}

impl App {
    pub fn new(
        store: Arc<dyn Store>,
        clock: Arc<dyn Clock>,
        keys: Arc<Keys>,
        config: AppConfig,
    ) -> Self {
        Self {
            store,
            clock,
            keys,
            config,
            session_touches: Arc::new(LastUseWrites::new(TOUCH_EVERY)),
            token_touches: Arc::new(LastUseWrites::new(TOUCH_EVERY)),
            sealing: Default::default(),
            witness_alarms: Default::default(),
        }
    }

    pub fn config(&self) -> &AppConfig {
        &self.config
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    pub fn engine(&self) -> &'static str {
        self.store.engine()
    }

    /// Readiness: the database answers.
    pub async fn check_ready(&self) -> crate::error::AppResult<()> {
        self.store.get_setting("schema").await?;
        Ok(())
    }

    /// An audit event about `object` done by `actor` (None: the command
    /// line or the system itself).
    pub(crate) fn event(
        &self,
        actor: Option<&Actor>,
        action: AuditAction,
        object: Option<(&str, String)>,
        outcome: AuditOutcome,
        details: serde_json::Value,
    ) -> NewAuditEvent {
        let (object_type, object_id) = match object {
            Some((kind, id)) => (Some(kind.to_string()), Some(id)),
            None => (None, None),
        };
        NewAuditEvent {
            at: self.clock.now(),
            actor_user_id: actor.map(|a| a.user_id),
            actor_agency_id: actor.map(|a| a.agency_id),
            action,
            object_type,
            object_id,
            outcome,
            details,
        }
    }

    /// Records a refusal in the audit log.
    pub(crate) async fn record_refusal(
        &self,
        actor: &Actor,
        denied: concord_domain::access::Denied,
        object: Option<(&str, String)>,
    ) -> crate::error::AppResult<()> {
        let event = self.event(
            Some(actor),
            AuditAction::AccessDenied,
            object,
            AuditOutcome::Denied,
            serde_json::json!({ "reason": format!("{denied:?}") }),
        );
        self.store.append_audit(&event).await?;
        Ok(())
    }

    /// Records a refusal, then returns it as the error.
    pub(crate) async fn refuse<T>(
        &self,
        actor: &Actor,
        denied: concord_domain::access::Denied,
        object: Option<(&str, String)>,
    ) -> crate::error::AppResult<T> {
        self.record_refusal(actor, denied, object).await?;
        Err(denied.into())
    }
}
