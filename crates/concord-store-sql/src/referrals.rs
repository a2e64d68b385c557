//! Referrals between agencies: the referral, its history, and the
//! notifications it raised.

use crate::audit::insert_event;
use crate::sql::*;
use chrono::{DateTime, Utc};
use concord_domain::ids::{AgencyId, CaseId, ConsentId, ReferralId, ServiceId, UserId};
use concord_domain::referral::{ReferralSide, ReferralState};
use concord_store::{
    NewAuditEvent, NotificationRow, Page, PageRequest, ReferralDump, ReferralFilter,
    ReferralListItem, ReferralRow, ReferralStepRow, StoreError, StoreResult,
};
use uuid::Uuid;

macro_rules! referral_columns {
    () => {
        "r.id, r.reference, r.case_id, r.sending_agency, r.receiving_agency, r.service_id,
         r.urgency, r.state, r.categories, r.consent_id, r.reason, r.decline_reason, r.outcome,
         r.created_by, r.created_at, r.sent_at, r.due_at, r.updated_at"
    };
}

pub(crate) fn referral_from(row: &Row) -> StoreResult<ReferralRow> {
    Ok(ReferralRow {
        id: ReferralId(get(row, "id")?),
        reference: get(row, "reference")?,
        case_id: CaseId(get(row, "case_id")?),
        sending_agency: AgencyId(get(row, "sending_agency")?),
        receiving_agency: AgencyId(get(row, "receiving_agency")?),
        service_id: ServiceId(get(row, "service_id")?),
        urgency: get_parsed(row, "urgency")?,
        state: get_parsed(row, "state")?,
        categories: get_labels(row, "categories")?,
        consent_id: get::<Option<Uuid>>(row, "consent_id")?.map(ConsentId),
        reason: get(row, "reason")?,
        decline_reason: get_parsed_opt(row, "decline_reason")?,
        outcome: get_parsed_opt(row, "outcome")?,
        created_by: UserId(get(row, "created_by")?),
        created_at: get(row, "created_at")?,
        sent_at: get(row, "sent_at")?,
        due_at: get(row, "due_at")?,
        updated_at: get(row, "updated_at")?,
    })
}

fn step_from(row: &Row) -> StoreResult<ReferralStepRow> {
    Ok(ReferralStepRow {
        id: get(row, "id")?,
        referral_id: ReferralId(get(row, "referral_id")?),
        at: get(row, "at")?,
        actor_user_id: get::<Option<Uuid>>(row, "actor_user_id")?.map(UserId),
        actor_agency_id: get::<Option<Uuid>>(row, "actor_agency_id")?.map(AgencyId),
        event: get_parsed_opt(row, "event")?,
        from_state: get_parsed_opt(row, "from_state")?,
        to_state: get_parsed(row, "to_state")?,
        note: get(row, "note")?,
    })
}

fn notification_from(row: &Row) -> StoreResult<NotificationRow> {
    Ok(NotificationRow {
        id: get(row, "id")?,
        agency_id: AgencyId(get(row, "agency_id")?),
        referral_id: ReferralId(get(row, "referral_id")?),
        kind: get(row, "kind")?,
        created_at: get(row, "created_at")?,
        read_at: get(row, "read_at")?,
    })
}

pub async fn insert_referral(conn: &mut dyn Connection, r: &ReferralRow) -> StoreResult<()> {
    query(
        "INSERT INTO referrals (id, reference, case_id, sending_agency, receiving_agency,
                               service_id, urgency, state, categories, consent_id, reason,
                               decline_reason, outcome, created_by, created_at, sent_at, due_at,
                               updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)",
    )
    .bind(r.id.0)
    .bind(&r.reference)
    .bind(r.case_id.0)
    .bind(r.sending_agency.0)
    .bind(r.receiving_agency.0)
    .bind(r.service_id.0)
    .bind(r.urgency.as_str())
    .bind(r.state.as_str())
    .bind(labels(&r.categories))
    .bind(r.consent_id.map(|c| c.0))
    .bind(&r.reason)
    .bind(r.decline_reason.map(|d| d.as_str()))
    .bind(r.outcome.map(|o| o.as_str()))
    .bind(r.created_by.0)
    .bind(r.created_at)
    .bind(r.sent_at)
    .bind(r.due_at)
    .bind(r.updated_at)
    .execute(conn)
    .await
    .map_err(db)?;
    Ok(())
}

pub async fn insert_step(conn: &mut dyn Connection, s: &ReferralStepRow) -> StoreResult<()> {
    query(
        "INSERT INTO referral_steps (id, referral_id, at, actor_user_id, actor_agency_id, event,
                                    from_state, to_state, note)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(s.id)
    .bind(s.referral_id.0)
    .bind(s.at)
    .bind(s.actor_user_id.map(|u| u.0))
    .bind(s.actor_agency_id.map(|a| a.0))
    .bind(s.event.map(|e| e.as_str()))
    .bind(s.from_state.map(|e| e.as_str()))
    .bind(s.to_state.as_str())
    .bind(&s.note)
    .execute(conn)
    .await
    .map_err(db)?;
    Ok(())
}

pub async fn insert_notification(
    conn: &mut dyn Connection,
    n: &NotificationRow,
) -> StoreResult<bool> {
    let done = query(
        "INSERT INTO referral_notifications (id, agency_id, referral_id, kind, created_at, read_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (referral_id, agency_id, kind) DO NOTHING",
    )
    .bind(n.id)
    .bind(n.agency_id.0)
    .bind(n.referral_id.0)
    .bind(&n.kind)
    .bind(n.created_at)
    .bind(n.read_at)
    .execute(conn)
    .await
    .map_err(db)?;
    Ok(done.rows_affected() == 1)
}

/// Stores the notice that goes with a change to `r`, if any: it must be
/// about `r` and to an agency that exists.
async fn insert_notice_of(
    conn: &mut dyn Connection,
    r: &ReferralRow,
    notice: Option<&NotificationRow>,
) -> StoreResult<()> {
    let Some(notice) = notice else {
        return Ok(());
    };
    if notice.referral_id != r.id {
        return Err(StoreError::MissingReference {
            field: "referral_id",
        });
    }
    require(
        &mut *conn,
        &[("agencies", Some(notice.agency_id.0), "agency_id")],
    )
    .await?;
    insert_notification(conn, notice).await?;
    Ok(())
}

pub async fn create_referral(
    pool: &dyn Database,
    r: &ReferralRow,
    first: &ReferralStepRow,
    audit: &NewAuditEvent,
    notice: Option<&NotificationRow>,
) -> StoreResult<()> {
    let mut tx = write_tx(pool).await?;
    require(&mut tx, &[("cases", Some(r.case_id.0), "case_id")]).await?;
    require(
        &mut tx,
        &[("agencies", Some(r.sending_agency.0), "sending_agency")],
    )
    .await?;
    require(
        &mut tx,
        &[("agencies", Some(r.receiving_agency.0), "receiving_agency")],
    )
    .await?;
    require(
        &mut tx,
        &[("dir_services", Some(r.service_id.0), "service_id")],
    )
    .await?;
    require(&mut tx, &[("users", Some(r.created_by.0), "created_by")]).await?;
    if first.referral_id != r.id {
        return Err(StoreError::MissingReference {
            field: "referral_id",
        });
    }
    let taken: bool = query_scalar("SELECT EXISTS (SELECT 1 FROM referrals WHERE reference = $1)")
        .bind(&r.reference)
        .fetch_one(&mut *tx)
        .await
        .map_err(db)?;
    if taken {
        return Err(StoreError::Duplicate { field: "reference" });
    }
    insert_referral(&mut tx, r).await?;
    insert_step(&mut tx, first).await?;
    insert_event(&mut tx, audit).await?;
    insert_notice_of(&mut tx, r, notice).await?;
    tx.commit().await.map_err(db)
}

pub async fn update_referral(
    pool: &dyn Database,
    r: &ReferralRow,
    expected: ReferralState,
    steps: &[ReferralStepRow],
    audit: &[NewAuditEvent],
    notice: Option<&NotificationRow>,
) -> StoreResult<()> {
    let mut tx = write_tx(pool).await?;
    let current: Option<String> = query_scalar("SELECT state FROM referrals WHERE id = $1")
        .for_update()
        .bind(r.id.0)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db)?;
    match current {
        None => return Err(StoreError::NotFound),
        Some(state) if state != expected.as_str() => return Err(StoreError::Conflict),
        Some(_) => {}
    }
    if steps.is_empty() || steps.iter().any(|step| step.referral_id != r.id) {
        return Err(StoreError::MissingReference {
            field: "referral_id",
        });
    }
    query(
        "UPDATE referrals SET state = $1, consent_id = $2, decline_reason = $3, outcome = $4,
                              sent_at = $5, due_at = $6, updated_at = $7
         WHERE id = $8",
    )
    .bind(r.state.as_str())
    .bind(r.consent_id.map(|c| c.0))
    .bind(r.decline_reason.map(|d| d.as_str()))
    .bind(r.outcome.map(|o| o.as_str()))
    .bind(r.sent_at)
    .bind(r.due_at)
    .bind(r.updated_at)
    .bind(r.id.0)
    .execute(&mut *tx)
    .await
    .map_err(db)?;
    for step in steps {
        insert_step(&mut tx, step).await?;
    }
    for audit in audit {
        insert_event(&mut tx, audit).await?;
    }
    insert_notice_of(&mut tx, r, notice).await?;
    tx.commit().await.map_err(db)
}

pub async fn get_referral(pool: &dyn Database, id: ReferralId) -> StoreResult<Option<ReferralRow>> {
    let row = query(concat!(
        "SELECT ",
        referral_columns!(),
        " FROM referrals r WHERE r.id = $1"
    ))
    .bind(id.0)
    .fetch_optional(pool)
    .await
    .map_err(db)?;
    row.as_ref().map(referral_from).transpose()
}

pub async fn list_referrals(
    pool: &dyn Database,
    filter: &ReferralFilter,
    page: &PageRequest,
) -> StoreResult<Page<ReferralListItem>> {
    let after = match paging::micros_and_id(page)? {
        Some((micros, id)) => Some((
            DateTime::<Utc>::from_timestamp_micros(micros).ok_or(StoreError::InvalidCursor)?,
            id,
        )),
        None => None,
    };
    let mut query = QueryBuilder::new(concat!(
        "SELECT ",
        referral_columns!(),
        ", s.reference AS survivor_reference, d.name AS service_name
         FROM referrals r
         JOIN cases c ON c.id = r.case_id
         JOIN survivors s ON s.id = c.survivor_id
         JOIN dir_services d ON d.id = r.service_id"
    ));
    match filter.side {
        ReferralSide::Sender => {
            query
                .push(" WHERE r.sending_agency = ")
                .push_bind(filter.agency.0);
        }
        ReferralSide::Receiver => {
            query
                .push(" WHERE r.receiving_agency = ")
                .push_bind(filter.agency.0)
                .push(" AND r.state <> 'draft'");
        }
        // The sender's referrals to outside providers: their receiving
        // agency stands for an organization of the directory that is not
        // a member agency.
        ReferralSide::SenderForProvider => {
            query
                .push(" WHERE r.sending_agency = ")
                .push_bind(filter.agency.0)
                .push(
                    " AND EXISTS (SELECT 1 FROM dir_organizations o
                                  WHERE o.id = r.receiving_agency AND o.agency_id IS NULL)",
                );
        }
        ReferralSide::System => {
            query.push(" WHERE 1 = 0");
        }
    }
    if !filter.states.is_empty() {
        query.push(" AND r.state IN (");
        let mut list = query.separated(", ");
        for state in &filter.states {
            list.push_bind(state.as_str());
        }
        query.push(")");
    }
    if let Some(case) = filter.case_id {
        query.push(" AND r.case_id = ").push_bind(case.0);
    }
    if let Some(at) = filter.overdue_at {
        query
            .push(" AND r.state IN ('sent', 'acknowledged') AND r.due_at < ")
            .push_bind(at);
    }
    if let Some((at, id)) = after {
        query
            .push(" AND (r.updated_at, r.id) < (")
            .push_bind(at)
            .push(", ")
            .push_bind(id)
            .push(")");
    }
    query
        .push(" ORDER BY r.updated_at DESC, r.id DESC LIMIT ")
        .push_bind(paging::fetch_limit(page));
    let rows = query.build().fetch_all(pool).await.map_err(db)?;
    let items = rows
        .iter()
        .map(|row| {
            Ok(ReferralListItem {
                referral: referral_from(row)?,
                survivor_reference: get(row, "survivor_reference")?,
                service_name: get(row, "service_name")?,
            })
        })
        .collect::<StoreResult<Vec<_>>>()?;
    Ok(paging::finish(items, page, |i| {
        paging::micros_and_id_cursor(i.referral.updated_at.timestamp_micros(), i.referral.id.0)
    }))
}

pub async fn referral_steps(
    pool: &dyn Database,
    id: ReferralId,
) -> StoreResult<Vec<ReferralStepRow>> {
    let rows = query(
        "SELECT id, referral_id, at, actor_user_id, actor_agency_id, event, from_state, to_state,
                note
         FROM referral_steps WHERE referral_id = $1 ORDER BY at, id",
    )
    .bind(id.0)
    .fetch_all(pool)
    .await
    .map_err(db)?;
    rows.iter().map(step_from).collect()
}

pub async fn referrals_due_before(
    pool: &dyn Database,
    due_before: DateTime<Utc>,
    limit: u32,
) -> StoreResult<Vec<ReferralRow>> {
    let rows = query(concat!(
        "SELECT ",
        referral_columns!(),
        " FROM referrals r WHERE r.state IN ('sent', 'acknowledged') AND r.due_at < $1
          ORDER BY r.due_at, r.id LIMIT $2"
    ))
    .bind(due_before)
    .bind(i64::from(limit))
    .fetch_all(pool)
    .await
    .map_err(db)?;
    rows.iter().map(referral_from).collect()
}

pub async fn create_notification(pool: &dyn Database, n: &NotificationRow) -> StoreResult<bool> {
    let mut tx = write_tx(pool).await?;
    require(
        &mut tx,
        &[("referrals", Some(n.referral_id.0), "referral_id")],
    )
    .await?;
    require(&mut tx, &[("agencies", Some(n.agency_id.0), "agency_id")]).await?;
    let inserted = insert_notification(&mut tx, n).await?;
    tx.commit().await.map_err(db)?;
    Ok(inserted)
}

pub async fn unread_notifications(
    pool: &dyn Database,
    agency: AgencyId,
    limit: u32,
) -> StoreResult<Vec<NotificationRow>> {
    let rows = query(
        "SELECT id, agency_id, referral_id, kind, created_at, read_at FROM referral_notifications
         WHERE agency_id = $1 AND read_at IS NULL ORDER BY created_at DESC, id DESC LIMIT $2",
    )
    .bind(agency.0)
    .bind(i64::from(limit))
    .fetch_all(pool)
    .await
    .map_err(db)?;
    rows.iter().map(notification_from).collect()
}

pub async fn all_referral_data(conn: &mut dyn Connection) -> StoreResult<ReferralDump> {
    let rows = query(concat!(
        "SELECT ",
        referral_columns!(),
        " FROM referrals r ORDER BY r.id"
    ))
    .fetch_all(&mut *conn)
    .await
    .map_err(db)?;
    let referrals = rows
        .iter()
        .map(referral_from)
        .collect::<StoreResult<Vec<_>>>()?;
    let rows = query(
        "SELECT id, referral_id, at, actor_user_id, actor_agency_id, event, from_state, to_state,
                note
         FROM referral_steps ORDER BY id",
    )
    .fetch_all(&mut *conn)
    .await
    .map_err(db)?;
    let steps = rows
        .iter()
        .map(step_from)
        .collect::<StoreResult<Vec<_>>>()?;
    let rows = query(
        "SELECT id, agency_id, referral_id, kind, created_at, read_at FROM referral_notifications
         ORDER BY id",
    )
    .fetch_all(&mut *conn)
    .await
    .map_err(db)?;
    let notifications = rows
        .iter()
        .map(notification_from)
        .collect::<StoreResult<Vec<_>>>()?;
    Ok(ReferralDump {
        referrals,
        steps,
        notifications,
    })
}

pub async fn insert_referral_data(
    conn: &mut dyn Connection,
    dump: &ReferralDump,
) -> StoreResult<()> {
    for r in &dump.referrals {
        insert_referral(conn, r).await?;
    }
    for s in &dump.steps {
        insert_step(conn, s).await?;
    }
    for n in &dump.notifications {
        insert_notification(conn, n).await?;
    }
    Ok(())
}

#[async_trait::async_trait]
impl<E: Database> concord_store::ReferralStore for crate::SqlStore<E> {
    async fn create_referral(
        &self,
        r: &ReferralRow,
        first: &ReferralStepRow,
        audit: &NewAuditEvent,
        notice: Option<&NotificationRow>,
    ) -> StoreResult<()> {
        create_referral(self.db(), r, first, audit, notice).await
    }
    async fn update_referral(
        &self,
        r: &ReferralRow,
        expected: ReferralState,
        steps: &[ReferralStepRow],
        audit: &[NewAuditEvent],
        notice: Option<&NotificationRow>,
    ) -> StoreResult<()> {
        update_referral(self.db(), r, expected, steps, audit, notice).await
    }
    async fn get_referral(&self, id: ReferralId) -> StoreResult<Option<ReferralRow>> {
        get_referral(self.db(), id).await
    }
    async fn list_referrals(
        &self,
        filter: &ReferralFilter,
        page: &PageRequest,
    ) -> StoreResult<Page<ReferralListItem>> {
        list_referrals(self.db(), filter, page).await
    }
    async fn referral_steps(&self, id: ReferralId) -> StoreResult<Vec<ReferralStepRow>> {
        referral_steps(self.db(), id).await
    }
    async fn referrals_due_before(
        &self,
        due_before: DateTime<Utc>,
        limit: u32,
    ) -> StoreResult<Vec<ReferralRow>> {
        referrals_due_before(self.db(), due_before, limit).await
    }
    async fn create_notification(&self, n: &NotificationRow) -> StoreResult<bool> {
        create_notification(self.db(), n).await
    }
    async fn unread_notifications(
        &self,
        agency: AgencyId,
        limit: u32,
    ) -> StoreResult<Vec<NotificationRow>> {
        unread_notifications(self.db(), agency, limit).await
    }
    async fn mark_notification_read(
        &self,
        agency: AgencyId,
        id: Uuid,
        at: DateTime<Utc>,
    ) -> StoreResult<bool> {
        crate::agency_notices::mark_read(
            self.db(),
            crate::agency_notices::NoticeTable::ReferralNotifications,
            agency,
            id,
            at,
        )
        .await
    }
}

/// Every referral of a case, oldest first (the homicide review's
/// chronology).
pub(crate) async fn of_case<'c>(
    on: impl Into<On<'c>>,
    case: CaseId,
) -> StoreResult<Vec<ReferralRow>> {
    query(concat!(
        "SELECT ",
        referral_columns!(),
        " FROM referrals r WHERE r.case_id = $1 ORDER BY r.created_at, r.id"
    ))
    .bind(case.0)
    .fetch_all(on)
    .await
    .map_err(db)?
    .iter()
    .map(referral_from)
    .collect()
}
