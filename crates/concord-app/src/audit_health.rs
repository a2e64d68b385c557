//! How the audit log's sealing and witnessing stand, for monitoring
//! (`GET /api/v1/audit-health`): the unsealed backlog as a number, the
//! latest checkpoint, and every alarm. System administrators only (the
//! whole log's state); no personal data, so reading it is not audited —
//! a monitor polls it every few seconds.

use crate::app::App;
use crate::audit_alarm::SealingAlarm;
use crate::audit_cosigning::WitnessAlarm;
use crate::error::AppResult;
use chrono::{DateTime, Utc};
use concord_domain::access::{Actor, AuditScope, Denied};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditHealth {
    /// Events written and not yet sealed into a checkpoint: the window in
    /// which an event could be removed without a signature telling.
    pub unsealed_events: i64,
    /// Size and signing time of the latest checkpoint.
    pub latest_checkpoint: Option<(i64, DateTime<Utc>)>,
    pub sealing_alarm: Option<SealingAlarm>,
    pub witness_alarms: Vec<WitnessAlarm>,
}

impl App {
    pub async fn audit_health(&self, actor: &Actor) -> AppResult<AuditHealth> {
        match actor.audit_scope() {
            Ok(AuditScope::All) => {}
            Ok(AuditScope::Agency(_)) | Err(_) => return Err(Denied::NotPermitted.into()),
        }
        let latest = self.store.latest_checkpoint().await?;
        Ok(AuditHealth {
            unsealed_events: self.store.count_unsealed_audit_events().await?,
            latest_checkpoint: latest.map(|c| (c.tree_size, c.signed_at)),
            sealing_alarm: self.audit_sealing_alarm(),
            witness_alarms: self.audit_witness_alarms(),
        })
    }
}
