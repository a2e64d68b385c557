//! Storage of protection orders and their breaches (migration 0022).

use crate::rows::NewAuditEvent;
use crate::store::StoreResult;
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use concord_domain::ids::{AgencyId, CaseId, OrderBreachId, ProtectionOrderId, UserId};
use concord_domain::protection::BreachAction;
use serde::{Deserialize, Serialize};

/// A protection order recorded on a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProtectionOrderRow {
    pub id: ProtectionOrderId,
    pub case_id: CaseId,
    /// A key of the deployment's list of kinds of order.
    pub kind: String,
    /// The court or authority that made it.
    pub issued_by: String,
    /// Local days.
    pub issued_on: NaiveDate,
    pub served_on: Option<NaiveDate>,
    /// Its last day in force.
    pub expires_on: NaiveDate,
    /// Encrypted with the recording agency's key.
    pub conditions: Option<Vec<u8>>,
    pub recording_agency: AgencyId,
    pub recorded_by: UserId,
    pub recorded_at: DateTime<Utc>,
}

/// A recorded breach of an order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderBreachRow {
    pub id: OrderBreachId,
    pub order_id: ProtectionOrderId,
    /// The order's case (kept on the breach so a case's breaches are read
    /// without the orders).
    pub case_id: CaseId,
    /// The local day it happened.
    pub breached_on: NaiveDate,
    pub action_taken: BreachAction,
    pub recording_agency: AgencyId,
    pub recorded_by: UserId,
    pub recorded_at: DateTime<Utc>,
}

/// One entry of a case's protection history, in time order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProtectionEntry {
    Order(ProtectionOrderRow),
    Breach(OrderBreachRow),
}

impl ProtectionEntry {
    /// The local day it happened: an order's issue, a breach's day.
    pub fn day(&self) -> NaiveDate {
        match self {
            ProtectionEntry::Order(o) => o.issued_on,
            ProtectionEntry::Breach(b) => b.breached_on,
        }
    }

    pub fn recorded_at(&self) -> DateTime<Utc> {
        match self {
            ProtectionEntry::Order(o) => o.recorded_at,
            ProtectionEntry::Breach(b) => b.recorded_at,
        }
    }
}

/// An order whose last day falls in a reminder window, with its survivor's
/// reference (never her name).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpiringOrder {
    pub order: ProtectionOrderRow,
    pub survivor_reference: String,
}

/// The tables of protection orders, in the order `table_counts` reports
/// them (after the justice chain).
pub const PROTECTION_TABLES: [&str; 2] = ["protection_orders", "protection_order_breaches"];

/// Every order and breach, for `concord copy-db`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProtectionDump {
    pub orders: Vec<ProtectionOrderRow>,
    pub breaches: Vec<OrderBreachRow>,
}

#[async_trait]
pub trait ProtectionStore: Send + Sync {
    /// Adds an order with its audit event. `MissingReference` naming the
    /// field for an unknown case, agency or user.
    async fn create_protection_order(
        &self,
        row: &ProtectionOrderRow,
        audit: &NewAuditEvent,
    ) -> StoreResult<()>;

    /// Adds a breach with its audit event. `NotFound` when the order does
    /// not exist or is not the breach's case's.
    async fn create_order_breach(
        &self,
        row: &OrderBreachRow,
        audit: &NewAuditEvent,
    ) -> StoreResult<()>;

    async fn get_protection_order(
        &self,
        id: ProtectionOrderId,
    ) -> StoreResult<Option<ProtectionOrderRow>>;

    /// The case's orders by the day they were issued, then as recorded.
    async fn list_protection_orders(&self, case: CaseId) -> StoreResult<Vec<ProtectionOrderRow>>;

    /// The case's breaches by the day they happened, then as recorded.
    async fn list_order_breaches(&self, case: CaseId) -> StoreResult<Vec<OrderBreachRow>>;

    /// The case's orders and breaches together in time order (by day, then
    /// as recorded): what a chronology of the case lists.
    async fn protection_history(&self, case: CaseId) -> StoreResult<Vec<ProtectionEntry>> {
        let mut entries: Vec<ProtectionEntry> = self
            .list_protection_orders(case)
            .await?
            .into_iter()
            .map(ProtectionEntry::Order)
            .chain(
                self.list_order_breaches(case)
                    .await?
                    .into_iter()
                    .map(ProtectionEntry::Breach),
            )
            .collect();
        entries.sort_by_key(|e| (e.day(), e.recorded_at()));
        Ok(entries)
    }

    /// Orders whose last day is from `from` to `to` (both included) that
    /// concern `agency` or `advocate`: recorded by the agency, on a case
    /// the agency owns, or on a case whose risk conference referral has
    /// `advocate` as her advocate. Soonest first.
    async fn orders_expiring(
        &self,
        agency: AgencyId,
        advocate: UserId,
        from: NaiveDate,
        to: NaiveDate,
    ) -> StoreResult<Vec<ExpiringOrder>>;
}
