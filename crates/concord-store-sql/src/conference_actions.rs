//! SMART actions of risk conferences (migration 0006).

use crate::audit::insert_event;
use crate::risk::risk_error;
use crate::sql::*;
use async_trait::async_trait;
use concord_domain::governance::ActionStatus;
use concord_domain::ids::{
    AgencyId, ConferenceActionId, ConferenceId, ConferenceMeetingId, ConferenceReferralId, UserId,
};
use concord_store::*;

macro_rules! action_columns {
    () => {
        "a.id, a.conference_id, a.referral_id, a.meeting_id, a.description, a.owner_agency_id,
         a.due_on, a.status, a.note, a.carry_overs, a.escalated_at, a.raised_by, a.created_at,
         a.updated_at"
    };
}

fn action_from(row: &Row) -> StoreResult<ConferenceActionRow> {
    Ok(ConferenceActionRow {
        id: ConferenceActionId(get(row, "id")?),
        conference_id: ConferenceId(get(row, "conference_id")?),
        referral_id: ConferenceReferralId(get(row, "referral_id")?),
        meeting_id: ConferenceMeetingId(get(row, "meeting_id")?),
        description: get(row, "description")?,
        owner_agency: AgencyId(get(row, "owner_agency_id")?),
        due_on: get(row, "due_on")?,
        status: get_parsed(row, "status")?,
        note: get(row, "note")?,
        carry_overs: get(row, "carry_overs")?,
        escalated_at: get(row, "escalated_at")?,
        raised_by: UserId(get(row, "raised_by")?),
        created_at: get(row, "created_at")?,
        updated_at: get(row, "updated_at")?,
    })
}

pub(crate) async fn insert_action(
    conn: &mut dyn Connection,
    a: &ConferenceActionRow,
) -> StoreResult<()> {
    query(
        "INSERT INTO risk_actions (id, conference_id, referral_id, meeting_id, description,
             owner_agency_id, due_on, status, note, carry_overs, escalated_at, raised_by,
             created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
    )
    .bind(a.id.0)
    .bind(a.conference_id.0)
    .bind(a.referral_id.0)
    .bind(a.meeting_id.0)
    .bind(&a.description)
    .bind(a.owner_agency.0)
    .bind(a.due_on)
    .bind(a.status.as_str())
    .bind(&a.note)
    .bind(a.carry_overs)
    .bind(a.escalated_at)
    .bind(a.raised_by.0)
    .bind(a.created_at)
    .bind(a.updated_at)
    .execute(conn)
    .await
    .map_err(risk_error)?;
    Ok(())
}

/// Writes what closing a meeting does to the actions it carries over.
pub(crate) async fn carry_actions(
    conn: &mut dyn Connection,
    carried: &[ActionCarry],
) -> StoreResult<()> {
    for carry in carried {
        let updated = query(
            "UPDATE risk_actions SET carry_overs = $1, escalated_at = COALESCE(escalated_at, $2)
             WHERE id = $3 AND status = 'not_done'",
        )
        .bind(carry.carry_overs)
        .bind(carry.escalated_at)
        .bind(carry.id.0)
        .execute(&mut *conn)
        .await
        .map_err(db)?;
        if updated.rows_affected() != 1 {
            // Done or changed since the caller read it: the whole close is
            // refused rather than carrying an action that is no longer open.
            return Err(StoreError::Conflict);
        }
    }
    Ok(())
}

/// Every action, for `concord copy-db`.
pub(crate) async fn export_actions(
    conn: &mut dyn Connection,
) -> StoreResult<Vec<ConferenceActionRow>> {
    query(concat!(
        "SELECT ",
        action_columns!(),
        " FROM risk_actions a ORDER BY a.id"
    ))
    .fetch_all(conn)
    .await
    .map_err(db)?
    .iter()
    .map(action_from)
    .collect()
}

#[async_trait]
impl<E: Database> ConferenceActionStore for crate::SqlStore<E> {
    async fn create_conference_action(
        &self,
        row: &ConferenceActionRow,
        audit: &NewAuditEvent,
    ) -> StoreResult<()> {
        let mut tx = write_tx(self.db()).await?;
        require(
            &mut tx,
            &[
                (
                    "risk_conferences",
                    Some(row.conference_id.0),
                    "conference_id",
                ),
                ("risk_referrals", Some(row.referral_id.0), "referral_id"),
                ("risk_meetings", Some(row.meeting_id.0), "meeting_id"),
                ("agencies", Some(row.owner_agency.0), "owner_agency_id"),
                ("users", Some(row.raised_by.0), "raised_by"),
            ],
        )
        .await?;
        insert_action(&mut tx, row).await?;
        insert_event(&mut tx, audit).await?;
        tx.commit().await.map_err(db)
    }

    async fn get_conference_action(
        &self,
        id: ConferenceActionId,
    ) -> StoreResult<Option<ConferenceActionRow>> {
        let row = query(concat!(
            "SELECT ",
            action_columns!(),
            " FROM risk_actions a WHERE a.id = $1"
        ))
        .bind(id.0)
        .fetch_optional(self.db())
        .await
        .map_err(db)?;
        row.as_ref().map(action_from).transpose()
    }

    async fn update_conference_action(
        &self,
        row: &ConferenceActionRow,
        expected: ActionStatus,
        audit: &NewAuditEvent,
    ) -> StoreResult<()> {
        let mut tx = write_tx(self.db()).await?;
        let status = query_scalar::<String>("SELECT status FROM risk_actions WHERE id = $1")
            .for_update()
            .bind(row.id.0)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db)?;
        match status {
            None => return Err(StoreError::NotFound),
            Some(status) if status != expected.as_str() => return Err(StoreError::Conflict),
            Some(_) => {}
        }
        query("UPDATE risk_actions SET status = $1, note = $2, updated_at = $3 WHERE id = $4")
            .bind(row.status.as_str())
            .bind(&row.note)
            .bind(row.updated_at)
            .bind(row.id.0)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        insert_event(&mut tx, audit).await?;
        tx.commit().await.map_err(db)
    }

    async fn list_conference_actions(
        &self,
        scope: ActionScope,
        open_only: bool,
    ) -> StoreResult<Vec<ConferenceActionListItem>> {
        let (column, id) = match scope {
            ActionScope::Conference(id) => ("a.conference_id", id.0),
            ActionScope::Referral(id) => ("a.referral_id", id.0),
            ActionScope::OwnerAgency(id) => ("a.owner_agency_id", id.0),
        };
        // The column comes from the match above, never from input.
        let sql = format!(
            "SELECT {}, s.reference FROM risk_actions a
             JOIN risk_referrals r ON r.id = a.referral_id
             JOIN survivors s ON s.id = r.survivor_id
             WHERE {column} = $1 AND (NOT $2 OR a.status = 'not_done')
             ORDER BY a.due_on, a.created_at, a.id",
            action_columns!()
        );
        let rows = query(sql)
            .bind(id)
            .bind(open_only)
            .fetch_all(self.db())
            .await
            .map_err(db)?;
        rows.iter()
            .map(|row| {
                Ok(ConferenceActionListItem {
                    action: action_from(row)?,
                    survivor_reference: get(row, "reference")?,
                })
            })
            .collect()
    }
}
