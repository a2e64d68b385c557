//! Risk work: instruments, assessments, conferences, meetings,
//! referrals and research (migrations 0005 and 0006); their actions are in
//! `conference_actions`.

use crate::audit::insert_event;
use crate::sharing::insert_sharing;
use crate::sql::*;
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use concord_domain::ids::{
    AgencyId, AreaId, AssessmentId, CaseId, ConferenceId, ConferenceMeetingId,
    ConferenceReferralId, ResearchId, SurvivorId, UserId,
};
use concord_domain::risk::conference::{MeetingStatus, ReferralStatus};
use concord_store::*;
use uuid::Uuid;

/// Maps the risk tables' unique and foreign-key violations to the input
/// field at fault.
pub(crate) fn risk_error(error: DbError) -> StoreError {
    match error {
        DbError::Unique { columns, .. } => {
            let columns = columns.unwrap_or_default();
            let field = if columns.starts_with("risk_instruments.key") {
                "version"
            } else if columns.starts_with("risk_conferences.name") {
                "name"
            } else if columns.starts_with("risk_research.referral_id") {
                "agency_id"
            } else {
                "id"
            };
            StoreError::Duplicate { field }
        }
        DbError::ForeignKey { .. } => StoreError::MissingReference { field: "reference" },
        other => db(other),
    }
}

// ---- instruments ----

macro_rules! instrument_select {
    () => {
        "SELECT key, version, title, definition, source, loaded_by, loaded_at FROM risk_instruments"
    };
}

fn instrument_from(row: &Row) -> StoreResult<RiskInstrumentRow> {
    Ok(RiskInstrumentRow {
        key: get(row, "key")?,
        version: get(row, "version")?,
        title: get(row, "title")?,
        definition: get(row, "definition")?,
        source: get(row, "source")?,
        loaded_by: get::<Option<Uuid>>(row, "loaded_by")?.map(UserId),
        loaded_at: get(row, "loaded_at")?,
    })
}

async fn insert_instrument(conn: &mut dyn Connection, r: &RiskInstrumentRow) -> StoreResult<()> {
    query(
        "INSERT INTO risk_instruments (key, version, title, definition, source, loaded_by, loaded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&r.key)
    .bind(r.version)
    .bind(&r.title)
    .bind(&r.definition)
    .bind(&r.source)
    .bind(r.loaded_by.map(|u| u.0))
    .bind(r.loaded_at)
    .execute(conn)
    .await
    .map_err(risk_error)?;
    Ok(())
}

// ---- assessments ----

macro_rules! assessment_select {
    () => {
        "SELECT id, case_id, instrument_key, instrument_version, answers,
        score, max_score, band, computed_level, final_level, judgement_reason, survivor_view,
        survivor_words, triggers, assessed_on, reassess_by, assessed_by, created_at
     FROM risk_assessments"
    };
}

fn assessment_from(row: &Row) -> StoreResult<AssessmentRow> {
    Ok(AssessmentRow {
        id: AssessmentId(get(row, "id")?),
        case_id: CaseId(get(row, "case_id")?),
        instrument_key: get(row, "instrument_key")?,
        instrument_version: get(row, "instrument_version")?,
        answers: get(row, "answers")?,
        score: get(row, "score")?,
        max_score: get(row, "max_score")?,
        band: get(row, "band")?,
        computed_level: get_parsed(row, "computed_level")?,
        final_level: get_parsed(row, "final_level")?,
        judgement_reason: get(row, "judgement_reason")?,
        survivor_view: get_parsed(row, "survivor_view")?,
        survivor_words: get(row, "survivor_words")?,
        triggers: get_labels(row, "triggers")?,
        assessed_on: get(row, "assessed_on")?,
        reassess_by: get(row, "reassess_by")?,
        assessed_by: UserId(get(row, "assessed_by")?),
        created_at: get(row, "created_at")?,
    })
}

async fn insert_assessment(conn: &mut dyn Connection, a: &AssessmentRow) -> StoreResult<()> {
    query(
        "INSERT INTO risk_assessments (id, case_id, instrument_key, instrument_version, answers,
             score, max_score, band, computed_level, final_level, judgement_reason, survivor_view,
             survivor_words, triggers, assessed_on, reassess_by, assessed_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)",
    )
    .bind(a.id.0)
    .bind(a.case_id.0)
    .bind(&a.instrument_key)
    .bind(a.instrument_version)
    .bind(&a.answers)
    .bind(a.score)
    .bind(a.max_score)
    .bind(&a.band)
    .bind(a.computed_level.as_str())
    .bind(a.final_level.as_str())
    .bind(&a.judgement_reason)
    .bind(a.survivor_view.as_str())
    .bind(&a.survivor_words)
    .bind(labels(&a.triggers))
    .bind(a.assessed_on)
    .bind(a.reassess_by)
    .bind(a.assessed_by.0)
    .bind(a.created_at)
    .execute(conn)
    .await
    .map_err(risk_error)?;
    Ok(())
}

// ---- conferences ----

macro_rules! conference_select {
    () => {
        "SELECT id, name, area_id, coordinating_agency, sharing_protocol, shared_categories,
        escalation_incidents, escalation_window_days, repeat_window_days, access_days,
        first_contact_working_days, escalate_after, breaches_count, created_at
     FROM risk_conferences"
    };
}

fn conference_from(row: &Row) -> StoreResult<ConferenceRow> {
    Ok(ConferenceRow {
        id: ConferenceId(get(row, "id")?),
        name: get(row, "name")?,
        area_id: get::<Option<Uuid>>(row, "area_id")?.map(AreaId),
        coordinating_agency: AgencyId(get(row, "coordinating_agency")?),
        sharing_protocol: get(row, "sharing_protocol")?,
        shared_categories: get_labels(row, "shared_categories")?,
        escalation_incidents: get(row, "escalation_incidents")?,
        escalation_window_days: get(row, "escalation_window_days")?,
        repeat_window_days: get(row, "repeat_window_days")?,
        access_days: get(row, "access_days")?,
        first_contact_working_days: get(row, "first_contact_working_days")?,
        escalate_after: get(row, "escalate_after")?,
        breaches_count: get(row, "breaches_count")?,
        members: Vec::new(),
        created_at: get(row, "created_at")?,
    })
}

async fn insert_conference(conn: &mut dyn Connection, c: &ConferenceRow) -> StoreResult<()> {
    query(
        "INSERT INTO risk_conferences (id, name, area_id, coordinating_agency, sharing_protocol,
             escalation_incidents, escalation_window_days, repeat_window_days, access_days,
             first_contact_working_days, escalate_after, created_at, shared_categories,
             breaches_count)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
    )
    .bind(c.id.0)
    .bind(&c.name)
    .bind(c.area_id.map(|a| a.0))
    .bind(c.coordinating_agency.0)
    .bind(&c.sharing_protocol)
    .bind(c.escalation_incidents)
    .bind(c.escalation_window_days)
    .bind(c.repeat_window_days)
    .bind(c.access_days)
    .bind(c.first_contact_working_days)
    .bind(c.escalate_after)
    .bind(c.created_at)
    .bind(labels(&c.shared_categories))
    .bind(c.breaches_count)
    .execute(&mut *conn)
    .await
    .map_err(risk_error)?;
    insert_members(conn, c).await
}

async fn insert_members(conn: &mut dyn Connection, c: &ConferenceRow) -> StoreResult<()> {
    for (position, agency) in c.members.iter().enumerate() {
        query(
            "INSERT INTO risk_conference_members (conference_id, agency_id, position)
             VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
        )
        .bind(c.id.0)
        .bind(agency.0)
        .bind(position as i64)
        .execute(&mut *conn)
        .await
        .map_err(db)?;
    }
    Ok(())
}

async fn with_members(
    conn: &mut dyn Connection,
    mut conferences: Vec<ConferenceRow>,
    one: Option<ConferenceId>,
) -> StoreResult<Vec<ConferenceRow>> {
    let rows: Vec<(Uuid, Uuid)> = match one {
        Some(id) => query_as(
            "SELECT conference_id, agency_id FROM risk_conference_members
             WHERE conference_id = $1 ORDER BY position",
        )
        .bind(id.0)
        .fetch_all(&mut *conn)
        .await
        .map_err(db)?,
        None => query_as(
            "SELECT conference_id, agency_id FROM risk_conference_members
             ORDER BY conference_id, position",
        )
        .fetch_all(&mut *conn)
        .await
        .map_err(db)?,
    };
    for c in &mut conferences {
        c.members = rows
            .iter()
            .filter(|(conference, _)| *conference == c.id.0)
            .map(|(_, agency)| AgencyId(*agency))
            .collect();
    }
    Ok(conferences)
}

// ---- meetings ----

macro_rules! meeting_select {
    () => {
        "SELECT id, conference_id, kind, meets_on, status, chair, started_at,
        closed_at, minutes, created_at FROM risk_meetings"
    };
}

fn meeting_from(row: &Row) -> StoreResult<ConferenceMeetingRow> {
    Ok(ConferenceMeetingRow {
        id: ConferenceMeetingId(get(row, "id")?),
        conference_id: ConferenceId(get(row, "conference_id")?),
        kind: get_parsed(row, "kind")?,
        meets_on: get(row, "meets_on")?,
        status: get_parsed(row, "status")?,
        chair: get(row, "chair")?,
        started_at: get(row, "started_at")?,
        closed_at: get(row, "closed_at")?,
        minutes: get(row, "minutes")?,
        created_at: get(row, "created_at")?,
    })
}

async fn insert_meeting(conn: &mut dyn Connection, m: &ConferenceMeetingRow) -> StoreResult<()> {
    query(
        "INSERT INTO risk_meetings (id, conference_id, kind, meets_on, status, chair, started_at,
             closed_at, minutes, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(m.id.0)
    .bind(m.conference_id.0)
    .bind(m.kind.as_str())
    .bind(m.meets_on)
    .bind(m.status.as_str())
    .bind(&m.chair)
    .bind(m.started_at)
    .bind(m.closed_at)
    .bind(&m.minutes)
    .bind(m.created_at)
    .execute(conn)
    .await
    .map_err(risk_error)?;
    Ok(())
}

fn attendance_from(row: &Row) -> StoreResult<ConferenceAttendanceRow> {
    Ok(ConferenceAttendanceRow {
        meeting_id: ConferenceMeetingId(get(row, "meeting_id")?),
        agency_id: AgencyId(get(row, "agency_id")?),
        attendance: get_parsed(row, "attendance")?,
        representative: get(row, "representative")?,
    })
}

async fn insert_attendance(
    conn: &mut dyn Connection,
    a: &ConferenceAttendanceRow,
) -> StoreResult<()> {
    query(
        "INSERT INTO risk_attendance (meeting_id, agency_id, attendance, representative)
         VALUES ($1, $2, $3, $4)",
    )
    .bind(a.meeting_id.0)
    .bind(a.agency_id.0)
    .bind(a.attendance.as_str())
    .bind(&a.representative)
    .execute(conn)
    .await
    .map_err(risk_error)?;
    Ok(())
}

fn observer_from(row: &Row) -> StoreResult<ObserverRow> {
    Ok(ObserverRow {
        id: get(row, "id")?,
        meeting_id: ConferenceMeetingId(get(row, "meeting_id")?),
        name: get(row, "name")?,
        organisation: get(row, "organisation")?,
        acknowledged_at: get(row, "acknowledged_at")?,
    })
}

async fn insert_observer(conn: &mut dyn Connection, o: &ObserverRow) -> StoreResult<()> {
    query(
        "INSERT INTO risk_observers (id, meeting_id, name, organisation, acknowledged_at)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(o.id)
    .bind(o.meeting_id.0)
    .bind(&o.name)
    .bind(&o.organisation)
    .bind(o.acknowledged_at)
    .execute(conn)
    .await
    .map_err(risk_error)?;
    Ok(())
}

// ---- referrals ----

macro_rules! referral_columns {
    () => {
        "r.id, r.conference_id, r.case_id, r.survivor_id,
        r.referring_agency, r.referred_by, r.referred_on, r.criteria, r.judgement_reason,
        r.assessment_id, r.incidents_in_window, r.repeat, r.children_in_household, r.status,
        r.screened_by, r.rejection_reason, r.meeting_id, r.advocate_id, r.first_contact_due,
        r.first_contact_on, r.transferred_from, r.created_at, r.updated_at, r.breaches_in_window"
    };
}

fn referral_from(row: &Row) -> StoreResult<ConferenceReferralRow> {
    Ok(ConferenceReferralRow {
        id: ConferenceReferralId(get(row, "id")?),
        conference_id: ConferenceId(get(row, "conference_id")?),
        case_id: CaseId(get(row, "case_id")?),
        survivor_id: SurvivorId(get(row, "survivor_id")?),
        referring_agency: AgencyId(get(row, "referring_agency")?),
        referred_by: UserId(get(row, "referred_by")?),
        referred_on: get(row, "referred_on")?,
        criteria: get_labels(row, "criteria")?,
        judgement_reason: get(row, "judgement_reason")?,
        assessment_id: get::<Option<Uuid>>(row, "assessment_id")?.map(AssessmentId),
        incidents_in_window: get(row, "incidents_in_window")?,
        breaches_in_window: get(row, "breaches_in_window")?,
        repeat: get(row, "repeat")?,
        children_in_household: get(row, "children_in_household")?,
        status: get_parsed(row, "status")?,
        screened_by: get::<Option<Uuid>>(row, "screened_by")?.map(UserId),
        rejection_reason: get(row, "rejection_reason")?,
        meeting_id: get::<Option<Uuid>>(row, "meeting_id")?.map(ConferenceMeetingId),
        advocate_id: get::<Option<Uuid>>(row, "advocate_id")?.map(UserId),
        first_contact_due: get(row, "first_contact_due")?,
        first_contact_on: get(row, "first_contact_on")?,
        transferred_from: get::<Option<Uuid>>(row, "transferred_from")?.map(ConferenceReferralId),
        created_at: get(row, "created_at")?,
        updated_at: get(row, "updated_at")?,
    })
}

async fn insert_referral(conn: &mut dyn Connection, r: &ConferenceReferralRow) -> StoreResult<()> {
    query(
        "INSERT INTO risk_referrals (id, conference_id, case_id, survivor_id, referring_agency,
             referred_by, referred_on, criteria, judgement_reason, assessment_id,
             incidents_in_window, repeat, children_in_household, status, screened_by,
             rejection_reason, meeting_id, advocate_id, first_contact_due, first_contact_on,
             transferred_from, created_at, updated_at, breaches_in_window)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24)",
    )
    .bind(r.id.0)
    .bind(r.conference_id.0)
    .bind(r.case_id.0)
    .bind(r.survivor_id.0)
    .bind(r.referring_agency.0)
    .bind(r.referred_by.0)
    .bind(r.referred_on)
    .bind(labels(&r.criteria))
    .bind(&r.judgement_reason)
    .bind(r.assessment_id.map(|a| a.0))
    .bind(r.incidents_in_window)
    .bind(r.repeat)
    .bind(r.children_in_household)
    .bind(r.status.as_str())
    .bind(r.screened_by.map(|u| u.0))
    .bind(&r.rejection_reason)
    .bind(r.meeting_id.map(|m| m.0))
    .bind(r.advocate_id.map(|u| u.0))
    .bind(r.first_contact_due)
    .bind(r.first_contact_on)
    .bind(r.transferred_from.map(|t| t.0))
    .bind(r.created_at)
    .bind(r.updated_at)
    .bind(r.breaches_in_window)
    .execute(conn)
    .await
    .map_err(risk_error)?;
    Ok(())
}

async fn check_referral_references(
    conn: &mut dyn Connection,
    r: &ConferenceReferralRow,
) -> StoreResult<()> {
    require(
        conn,
        &[
            ("risk_conferences", Some(r.conference_id.0), "conference_id"),
            ("cases", Some(r.case_id.0), "case_id"),
            ("survivors", Some(r.survivor_id.0), "survivor_id"),
            ("agencies", Some(r.referring_agency.0), "referring_agency"),
            ("users", Some(r.referred_by.0), "referred_by"),
            (
                "risk_assessments",
                r.assessment_id.map(|a| a.0),
                "assessment_id",
            ),
            ("users", r.screened_by.map(|u| u.0), "screened_by"),
            ("risk_meetings", r.meeting_id.map(|m| m.0), "meeting_id"),
            ("users", r.advocate_id.map(|u| u.0), "advocate_id"),
            (
                "risk_referrals",
                r.transferred_from.map(|t| t.0),
                "transferred_from",
            ),
        ],
    )
    .await
}

fn research_from(row: &Row) -> StoreResult<ResearchRow> {
    Ok(ResearchRow {
        id: ResearchId(get(row, "id")?),
        referral_id: ConferenceReferralId(get(row, "referral_id")?),
        agency_id: AgencyId(get(row, "agency_id")?),
        body: get(row, "body")?,
        written_by: UserId(get(row, "written_by")?),
        updated_at: get(row, "updated_at")?,
        shared_at: get(row, "shared_at")?,
    })
}

async fn insert_research(conn: &mut dyn Connection, r: &ResearchRow) -> StoreResult<()> {
    query(
        "INSERT INTO risk_research (id, referral_id, agency_id, body, written_by, updated_at, shared_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(r.id.0)
    .bind(r.referral_id.0)
    .bind(r.agency_id.0)
    .bind(&r.body)
    .bind(r.written_by.0)
    .bind(r.updated_at)
    .bind(r.shared_at)
    .execute(conn)
    .await
    .map_err(risk_error)?;
    Ok(())
}

async fn referral_items(rows: Vec<Row>) -> StoreResult<Vec<ConferenceReferralListItem>> {
    rows.iter()
        .map(|row| {
            Ok(ConferenceReferralListItem {
                referral: referral_from(row)?,
                survivor_reference: get(row, "reference")?,
            })
        })
        .collect()
}

#[async_trait]
impl<E: Database> RiskStore for crate::SqlStore<E> {
    async fn create_risk_instrument(
        &self,
        row: &RiskInstrumentRow,
        audit: &NewAuditEvent,
    ) -> StoreResult<()> {
        let mut tx = write_tx(self.db()).await?;
        require(
            &mut tx,
            &[("users", row.loaded_by.map(|u| u.0), "loaded_by")],
        )
        .await?;
        insert_instrument(&mut tx, row).await?;
        insert_event(&mut tx, audit).await?;
        tx.commit().await.map_err(db)
    }

    async fn list_risk_instruments(&self) -> StoreResult<Vec<RiskInstrumentRow>> {
        let rows = query(concat!(instrument_select!(), " ORDER BY key, version DESC"))
            .fetch_all(self.db())
            .await
            .map_err(db)?;
        rows.iter().map(instrument_from).collect()
    }

    async fn get_risk_instrument(
        &self,
        key: &str,
        version: i32,
    ) -> StoreResult<Option<RiskInstrumentRow>> {
        let row = query(concat!(
            instrument_select!(),
            " WHERE key = $1 AND version = $2"
        ))
        .bind(key)
        .bind(version)
        .fetch_optional(self.db())
        .await
        .map_err(db)?;
        row.as_ref().map(instrument_from).transpose()
    }

    async fn create_assessment(
        &self,
        row: &AssessmentRow,
        audit: &NewAuditEvent,
    ) -> StoreResult<()> {
        let mut tx = write_tx(self.db()).await?;
        require(
            &mut tx,
            &[
                ("cases", Some(row.case_id.0), "case_id"),
                ("users", Some(row.assessed_by.0), "assessed_by"),
            ],
        )
        .await?;
        let instrument: bool = query_scalar(
            "SELECT EXISTS (SELECT 1 FROM risk_instruments WHERE key = $1 AND version = $2)",
        )
        .bind(&row.instrument_key)
        .bind(row.instrument_version)
        .fetch_one(&mut *tx)
        .await
        .map_err(db)?;
        if !instrument {
            return Err(StoreError::MissingReference {
                field: "instrument",
            });
        }
        insert_assessment(&mut tx, row).await?;
        insert_event(&mut tx, audit).await?;
        tx.commit().await.map_err(db)
    }

    async fn list_assessments(&self, case: CaseId) -> StoreResult<Vec<AssessmentRow>> {
        let rows = query(concat!(
            assessment_select!(),
            " WHERE case_id = $1 ORDER BY assessed_on, created_at, id"
        ))
        .bind(case.0)
        .fetch_all(self.db())
        .await
        .map_err(db)?;
        rows.iter().map(assessment_from).collect()
    }

    async fn create_conference(
        &self,
        row: &ConferenceRow,
        audit: &NewAuditEvent,
    ) -> StoreResult<()> {
        let mut tx = write_tx(self.db()).await?;
        require(
            &mut tx,
            &[
                ("areas", row.area_id.map(|a| a.0), "area_id"),
                (
                    "agencies",
                    Some(row.coordinating_agency.0),
                    "coordinating_agency",
                ),
            ],
        )
        .await?;
        for member in &row.members {
            require(&mut tx, &[("agencies", Some(member.0), "members")]).await?;
        }
        insert_conference(&mut tx, row).await?;
        insert_event(&mut tx, audit).await?;
        tx.commit().await.map_err(db)
    }

    async fn update_conference(
        &self,
        row: &ConferenceRow,
        audit: &NewAuditEvent,
    ) -> StoreResult<()> {
        let mut tx = write_tx(self.db()).await?;
        require(&mut tx, &[("areas", row.area_id.map(|a| a.0), "area_id")]).await?;
        for member in &row.members {
            require(&mut tx, &[("agencies", Some(member.0), "members")]).await?;
        }
        let updated = query(
            "UPDATE risk_conferences SET name = $1, area_id = $2, sharing_protocol = $3,
                 escalation_incidents = $4, escalation_window_days = $5, repeat_window_days = $6,
                 access_days = $7, first_contact_working_days = $8, escalate_after = $9,
                 shared_categories = $10, breaches_count = $12
             WHERE id = $11",
        )
        .bind(&row.name)
        .bind(row.area_id.map(|a| a.0))
        .bind(&row.sharing_protocol)
        .bind(row.escalation_incidents)
        .bind(row.escalation_window_days)
        .bind(row.repeat_window_days)
        .bind(row.access_days)
        .bind(row.first_contact_working_days)
        .bind(row.escalate_after)
        .bind(labels(&row.shared_categories))
        .bind(row.id.0)
        .bind(row.breaches_count)
        .execute(&mut *tx)
        .await
        .map_err(risk_error)?;
        if updated.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        query("DELETE FROM risk_conference_members WHERE conference_id = $1")
            .bind(row.id.0)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        insert_members(&mut tx, row).await?;
        insert_event(&mut tx, audit).await?;
        tx.commit().await.map_err(db)
    }

    async fn get_conference(&self, id: ConferenceId) -> StoreResult<Option<ConferenceRow>> {
        let mut conn = self.db().connection().await?;
        let row = query(concat!(conference_select!(), " WHERE id = $1"))
            .bind(id.0)
            .fetch_optional(&mut *conn)
            .await
            .map_err(db)?;
        let Some(row) = row else { return Ok(None) };
        let list = with_members(&mut conn, vec![conference_from(&row)?], Some(id)).await?;
        Ok(list.into_iter().next())
    }

    async fn list_conferences(&self) -> StoreResult<Vec<ConferenceRow>> {
        let mut tx = self.db().begin_read().await?;
        let rows = query(concat!(conference_select!(), " ORDER BY name, id"))
            .fetch_all(&mut *tx)
            .await
            .map_err(db)?;
        let list = rows
            .iter()
            .map(conference_from)
            .collect::<StoreResult<Vec<_>>>()?;
        with_members(&mut tx, list, None).await
    }

    async fn create_conference_meeting(
        &self,
        row: &ConferenceMeetingRow,
        audit: &NewAuditEvent,
    ) -> StoreResult<()> {
        let mut tx = write_tx(self.db()).await?;
        require(
            &mut tx,
            &[(
                "risk_conferences",
                Some(row.conference_id.0),
                "conference_id",
            )],
        )
        .await?;
        insert_meeting(&mut tx, row).await?;
        insert_event(&mut tx, audit).await?;
        tx.commit().await.map_err(db)
    }

    async fn get_conference_meeting(
        &self,
        id: ConferenceMeetingId,
    ) -> StoreResult<Option<ConferenceMeetingRow>> {
        let row = query(concat!(meeting_select!(), " WHERE id = $1"))
            .bind(id.0)
            .fetch_optional(self.db())
            .await
            .map_err(db)?;
        row.as_ref().map(meeting_from).transpose()
    }

    async fn list_conference_meetings(
        &self,
        conference: ConferenceId,
    ) -> StoreResult<Vec<MeetingListItem>> {
        let rows = query(
            "SELECT m.id, m.conference_id, m.kind, m.meets_on, m.status, m.chair, m.started_at,
                    m.closed_at, m.minutes, m.created_at,
                    (SELECT COUNT(*) FROM risk_referrals r WHERE r.meeting_id = m.id) AS cases
             FROM risk_meetings m WHERE m.conference_id = $1
             ORDER BY m.meets_on DESC, m.created_at DESC, m.id DESC",
        )
        .bind(conference.0)
        .fetch_all(self.db())
        .await
        .map_err(db)?;
        rows.iter()
            .map(|row| {
                Ok(MeetingListItem {
                    meeting: meeting_from(row)?,
                    cases: get(row, "cases")?,
                })
            })
            .collect()
    }

    async fn close_conference_meeting(
        &self,
        row: &ConferenceMeetingRow,
        expected: MeetingStatus,
        discussed: &[ConferenceReferralRow],
        carried: &[ActionCarry],
        audit: &[NewAuditEvent],
    ) -> StoreResult<()> {
        let mut tx = write_tx(self.db()).await?;
        let status = query_scalar::<String>("SELECT status FROM risk_meetings WHERE id = $1")
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
        query("UPDATE risk_meetings SET status = $1, closed_at = $2, minutes = $3 WHERE id = $4")
            .bind(row.status.as_str())
            .bind(row.closed_at)
            .bind(&row.minutes)
            .bind(row.id.0)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        for referral in discussed {
            let updated = query(
                "UPDATE risk_referrals SET status = $1, updated_at = $2
                 WHERE id = $3 AND status = 'listed'",
            )
            .bind(referral.status.as_str())
            .bind(referral.updated_at)
            .bind(referral.id.0)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
            if updated.rows_affected() != 1 {
                return Err(StoreError::Conflict);
            }
        }
        crate::conference_actions::carry_actions(&mut tx, carried).await?;
        for event in audit {
            insert_event(&mut tx, event).await?;
        }
        tx.commit().await.map_err(db)
    }

    async fn update_conference_meeting(
        &self,
        row: &ConferenceMeetingRow,
        expected: MeetingStatus,
        attendance: &[ConferenceAttendanceRow],
        shares: &[SharingRow],
        audit: &NewAuditEvent,
    ) -> StoreResult<()> {
        let mut tx = write_tx(self.db()).await?;
        let exists = query_scalar::<String>("SELECT status FROM risk_meetings WHERE id = $1")
            .for_update()
            .bind(row.id.0)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db)?;
        match exists {
            None => return Err(StoreError::NotFound),
            Some(status) if status != expected.as_str() => return Err(StoreError::Conflict),
            Some(_) => {}
        }
        query(
            "UPDATE risk_meetings SET status = $1, chair = $2, started_at = $3, closed_at = $4,
                 minutes = $5 WHERE id = $6",
        )
        .bind(row.status.as_str())
        .bind(&row.chair)
        .bind(row.started_at)
        .bind(row.closed_at)
        .bind(&row.minutes)
        .bind(row.id.0)
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        if !attendance.is_empty() {
            query("DELETE FROM risk_attendance WHERE meeting_id = $1")
                .bind(row.id.0)
                .execute(&mut *tx)
                .await
                .map_err(db)?;
            for a in attendance {
                require(&mut tx, &[("agencies", Some(a.agency_id.0), "agency_id")]).await?;
                insert_attendance(&mut tx, a).await?;
            }
        }
        for share in shares {
            require(
                &mut tx,
                &[
                    ("cases", Some(share.case_id.0), "case_id"),
                    (
                        "agencies",
                        Some(share.recipient_agency.0),
                        "recipient_agency",
                    ),
                    ("users", Some(share.decision_maker.0), "decision_maker"),
                ],
            )
            .await?;
            insert_sharing(&mut tx, share).await?;
        }
        insert_event(&mut tx, audit).await?;
        tx.commit().await.map_err(db)
    }

    async fn list_conference_attendance(
        &self,
        meeting: ConferenceMeetingId,
    ) -> StoreResult<Vec<ConferenceAttendanceRow>> {
        let rows = query(
            "SELECT meeting_id, agency_id, attendance, representative FROM risk_attendance
             WHERE meeting_id = $1 ORDER BY agency_id",
        )
        .bind(meeting.0)
        .fetch_all(self.db())
        .await
        .map_err(db)?;
        rows.iter().map(attendance_from).collect()
    }

    async fn add_observer(&self, row: &ObserverRow, audit: &NewAuditEvent) -> StoreResult<()> {
        let mut tx = write_tx(self.db()).await?;
        require(
            &mut tx,
            &[("risk_meetings", Some(row.meeting_id.0), "meeting_id")],
        )
        .await?;
        insert_observer(&mut tx, row).await?;
        insert_event(&mut tx, audit).await?;
        tx.commit().await.map_err(db)
    }

    async fn list_observers(&self, meeting: ConferenceMeetingId) -> StoreResult<Vec<ObserverRow>> {
        let rows = query(
            "SELECT id, meeting_id, name, organisation, acknowledged_at FROM risk_observers
             WHERE meeting_id = $1 ORDER BY acknowledged_at, id",
        )
        .bind(meeting.0)
        .fetch_all(self.db())
        .await
        .map_err(db)?;
        rows.iter().map(observer_from).collect()
    }

    async fn create_conference_referral(
        &self,
        row: &ConferenceReferralRow,
        share: Option<&SharingRow>,
        audit: &NewAuditEvent,
    ) -> StoreResult<()> {
        let mut tx = write_tx(self.db()).await?;
        check_referral_references(&mut tx, row).await?;
        insert_referral(&mut tx, row).await?;
        if let Some(share) = share {
            insert_sharing(&mut tx, share).await?;
        }
        insert_event(&mut tx, audit).await?;
        tx.commit().await.map_err(db)
    }

    async fn get_conference_referral(
        &self,
        id: ConferenceReferralId,
    ) -> StoreResult<Option<ConferenceReferralRow>> {
        let row = query(concat!(
            "SELECT ",
            referral_columns!(),
            " FROM risk_referrals r WHERE r.id = $1"
        ))
        .bind(id.0)
        .fetch_optional(self.db())
        .await
        .map_err(db)?;
        row.as_ref().map(referral_from).transpose()
    }

    async fn update_conference_referral(
        &self,
        row: &ConferenceReferralRow,
        expected: ReferralStatus,
        created: Option<&ConferenceReferralRow>,
        shares: &[SharingRow],
        audit: &NewAuditEvent,
    ) -> StoreResult<()> {
        let mut tx = write_tx(self.db()).await?;
        let status = query_scalar::<String>("SELECT status FROM risk_referrals WHERE id = $1")
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
        check_referral_references(&mut tx, row).await?;
        query(
            "UPDATE risk_referrals SET status = $1, screened_by = $2, rejection_reason = $3,
                 meeting_id = $4, advocate_id = $5, first_contact_due = $6, first_contact_on = $7,
                 updated_at = $8
             WHERE id = $9",
        )
        .bind(row.status.as_str())
        .bind(row.screened_by.map(|u| u.0))
        .bind(&row.rejection_reason)
        .bind(row.meeting_id.map(|m| m.0))
        .bind(row.advocate_id.map(|u| u.0))
        .bind(row.first_contact_due)
        .bind(row.first_contact_on)
        .bind(row.updated_at)
        .bind(row.id.0)
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        if let Some(created) = created {
            check_referral_references(&mut tx, created).await?;
            insert_referral(&mut tx, created).await?;
        }
        for share in shares {
            insert_sharing(&mut tx, share).await?;
        }
        insert_event(&mut tx, audit).await?;
        tx.commit().await.map_err(db)
    }

    async fn list_conference_referrals(
        &self,
        conference: ConferenceId,
        statuses: &[ReferralStatus],
    ) -> StoreResult<Vec<ConferenceReferralListItem>> {
        let mut select = QueryBuilder::new(concat!(
            "SELECT ",
            referral_columns!(),
            ", s.reference FROM risk_referrals r
             JOIN survivors s ON s.id = r.survivor_id
             WHERE r.conference_id = "
        ));
        select.push_bind(conference.0);
        if !statuses.is_empty() {
            select
                .push(" AND r.status IN ")
                .push_list(statuses.iter().map(|s| s.as_str()));
        }
        select.push(" ORDER BY r.referred_on, r.created_at, r.id");
        let rows = select.build().fetch_all(self.db()).await?;
        referral_items(rows).await
    }

    async fn meeting_agenda(
        &self,
        meeting: ConferenceMeetingId,
    ) -> StoreResult<Vec<ConferenceReferralListItem>> {
        let rows = query(concat!(
            "SELECT ",
            referral_columns!(),
            ", s.reference FROM risk_referrals r
             JOIN survivors s ON s.id = r.survivor_id
             WHERE r.meeting_id = $1
             ORDER BY r.referred_on, r.created_at, r.id"
        ))
        .bind(meeting.0)
        .fetch_all(self.db())
        .await
        .map_err(db)?;
        referral_items(rows).await
    }

    async fn case_referrals(&self, case: CaseId) -> StoreResult<Vec<ConferenceReferralRow>> {
        let rows = query(concat!(
            "SELECT ",
            referral_columns!(),
            " FROM risk_referrals r WHERE r.case_id = $1
             ORDER BY r.referred_on DESC, r.created_at DESC, r.id DESC"
        ))
        .bind(case.0)
        .fetch_all(self.db())
        .await
        .map_err(db)?;
        rows.iter().map(referral_from).collect()
    }

    async fn earlier_referral_days(
        &self,
        survivor: SurvivorId,
        perpetrator_indexes: &[Vec<u8>],
        since: NaiveDate,
    ) -> StoreResult<Vec<NaiveDate>> {
        let mut select = QueryBuilder::new(
            "SELECT DISTINCT r.referred_on FROM risk_referrals r
             WHERE r.referred_on >= $1
               AND (r.survivor_id = $2
                    OR r.case_id IN (SELECT i.case_id FROM incidents i
                                     WHERE i.perpetrator_index IN ",
        );
        select.bind_next(since).bind_next(survivor.0);
        select
            .push_list(perpetrator_indexes.iter().map(Vec::as_slice))
            .push(")) ORDER BY r.referred_on");
        select.build_query_scalar().fetch_all(self.db()).await
    }

    async fn put_research(&self, row: &ResearchRow, audit: &NewAuditEvent) -> StoreResult<()> {
        let mut tx = write_tx(self.db()).await?;
        require(
            &mut tx,
            &[
                ("risk_referrals", Some(row.referral_id.0), "referral_id"),
                ("agencies", Some(row.agency_id.0), "agency_id"),
                ("users", Some(row.written_by.0), "written_by"),
            ],
        )
        .await?;
        let shared: Option<Option<DateTime<Utc>>> = query_scalar(
            "SELECT shared_at FROM risk_research WHERE referral_id = $1 AND agency_id = $2",
        )
        .bind(row.referral_id.0)
        .bind(row.agency_id.0)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db)?;
        match shared {
            Some(Some(_)) => return Err(StoreError::Conflict),
            Some(None) => {
                query(
                    "UPDATE risk_research SET body = $1, written_by = $2, updated_at = $3
                     WHERE referral_id = $4 AND agency_id = $5",
                )
                .bind(&row.body)
                .bind(row.written_by.0)
                .bind(row.updated_at)
                .bind(row.referral_id.0)
                .bind(row.agency_id.0)
                .execute(&mut *tx)
                .await
                .map_err(db)?;
            }
            None => insert_research(&mut tx, row).await?,
        }
        insert_event(&mut tx, audit).await?;
        tx.commit().await.map_err(db)
    }

    async fn share_research(
        &self,
        referral: ConferenceReferralId,
        agency: AgencyId,
        at: DateTime<Utc>,
        audit: &NewAuditEvent,
    ) -> StoreResult<bool> {
        let mut tx = write_tx(self.db()).await?;
        let done = query(
            "UPDATE risk_research SET shared_at = $1
             WHERE referral_id = $2 AND agency_id = $3 AND shared_at IS NULL",
        )
        .bind(at)
        .bind(referral.0)
        .bind(agency.0)
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        if done.rows_affected() == 0 {
            return Ok(false);
        }
        insert_event(&mut tx, audit).await?;
        tx.commit().await.map_err(db)?;
        Ok(true)
    }

    async fn list_research(&self, referral: ConferenceReferralId) -> StoreResult<Vec<ResearchRow>> {
        let rows = query(
            "SELECT id, referral_id, agency_id, body, written_by, updated_at, shared_at
             FROM risk_research WHERE referral_id = $1 ORDER BY id",
        )
        .bind(referral.0)
        .fetch_all(self.db())
        .await
        .map_err(db)?;
        rows.iter().map(research_from).collect()
    }
}

// ---- whole-database copy ----

pub async fn export(conn: &mut dyn Connection) -> StoreResult<RiskDump> {
    let instruments = query(concat!(instrument_select!(), " ORDER BY key, version"))
        .fetch_all(&mut *conn)
        .await
        .map_err(db)?
        .iter()
        .map(instrument_from)
        .collect::<StoreResult<_>>()?;
    let assessments = query(concat!(assessment_select!(), " ORDER BY id"))
        .fetch_all(&mut *conn)
        .await
        .map_err(db)?
        .iter()
        .map(assessment_from)
        .collect::<StoreResult<_>>()?;
    let conferences = query(concat!(conference_select!(), " ORDER BY id"))
        .fetch_all(&mut *conn)
        .await
        .map_err(db)?
        .iter()
        .map(conference_from)
        .collect::<StoreResult<Vec<_>>>()?;
    let conferences = with_members(conn, conferences, None).await?;
    let meetings = query(concat!(meeting_select!(), " ORDER BY id"))
        .fetch_all(&mut *conn)
        .await
        .map_err(db)?
        .iter()
        .map(meeting_from)
        .collect::<StoreResult<_>>()?;
    let attendance = query(
        "SELECT meeting_id, agency_id, attendance, representative FROM risk_attendance
         ORDER BY meeting_id, agency_id",
    )
    .fetch_all(&mut *conn)
    .await
    .map_err(db)?
    .iter()
    .map(attendance_from)
    .collect::<StoreResult<_>>()?;
    let observers = query(
        "SELECT id, meeting_id, name, organisation, acknowledged_at FROM risk_observers ORDER BY id",
    )
    .fetch_all(&mut *conn)
    .await
    .map_err(db)?
    .iter()
    .map(observer_from)
    .collect::<StoreResult<_>>()?;
    let referrals = query(concat!(
        "SELECT ",
        referral_columns!(),
        " FROM risk_referrals r ORDER BY r.id"
    ))
    .fetch_all(&mut *conn)
    .await
    .map_err(db)?
    .iter()
    .map(referral_from)
    .collect::<StoreResult<_>>()?;
    let research = query(
        "SELECT id, referral_id, agency_id, body, written_by, updated_at, shared_at
         FROM risk_research ORDER BY id",
    )
    .fetch_all(&mut *conn)
    .await
    .map_err(db)?
    .iter()
    .map(research_from)
    .collect::<StoreResult<_>>()?;
    Ok(RiskDump {
        instruments,
        assessments,
        conferences,
        meetings,
        attendance,
        observers,
        referrals,
        research,
        actions: crate::conference_actions::export_actions(conn).await?,
    })
}

/// Loads a dump's risk rows (references are checked at commit: the
/// caller has deferred the constraints).
pub async fn import(conn: &mut dyn Connection, dump: &RiskDump) -> StoreResult<()> {
    for row in &dump.instruments {
        insert_instrument(conn, row).await?;
    }
    for row in &dump.assessments {
        insert_assessment(conn, row).await?;
    }
    for row in &dump.conferences {
        insert_conference(conn, row).await?;
    }
    for row in &dump.meetings {
        insert_meeting(conn, row).await?;
    }
    for row in &dump.attendance {
        insert_attendance(conn, row).await?;
    }
    for row in &dump.observers {
        insert_observer(conn, row).await?;
    }
    for row in &dump.referrals {
        insert_referral(conn, row).await?;
    }
    for row in &dump.research {
        insert_research(conn, row).await?;
    }
    for row in &dump.actions {
        crate::conference_actions::insert_action(conn, row).await?;
    }
    Ok(())
}
