//! The governance of coordination: body details, members,
//! subgroups, meetings, attendance, actions, instruments, versions,
//! documents, signatories, consultations and self-assessments.

use crate::areas_and_agencies::{BODY_SELECT, body_from_row as body_from};
use crate::audit::insert_event;
use crate::sql::*;
use async_trait::async_trait;
use concord_domain::governance::{ActionStatus, VersionStatus};
use concord_domain::ids::{ActionId, AgencyId, BodyId, InstrumentId, MeetingId, UserId};
use concord_store::*;
use uuid::Uuid;

// ---- row readers ----

fn member_from(row: &Row) -> StoreResult<MemberRow> {
    Ok(MemberRow {
        body_id: BodyId(get(row, "body_id")?),
        agency_id: AgencyId(get(row, "agency_id")?),
        representative: get(row, "representative")?,
        representative_title: get(row, "representative_title")?,
        decision_authority: get(row, "decision_authority")?,
        deputy: get(row, "deputy")?,
        chair: get(row, "chair")?,
        joined_on: get(row, "joined_on")?,
        left_on: get(row, "left_on")?,
        updated_at: get(row, "updated_at")?,
    })
}

fn subgroup_from(row: &Row) -> StoreResult<SubgroupRow> {
    Ok(SubgroupRow {
        id: get(row, "id")?,
        body_id: BodyId(get(row, "body_id")?),
        name: get(row, "name")?,
        remit: get(row, "remit")?,
        chair_agency_id: AgencyId(get(row, "chair_agency_id")?),
        chair_name: get(row, "chair_name")?,
        created_at: get(row, "created_at")?,
    })
}

fn meeting_from(row: &Row) -> StoreResult<MeetingRow> {
    Ok(MeetingRow {
        id: MeetingId(get(row, "id")?),
        body_id: BodyId(get(row, "body_id")?),
        held_on: get(row, "held_on")?,
        location: get(row, "location")?,
        agenda: get_labels(row, "agenda")?,
        decisions: get_labels(row, "decisions")?,
        minutes: get(row, "minutes")?,
        closed_at: get(row, "closed_at")?,
        created_at: get(row, "created_at")?,
    })
}

fn attendance_from(row: &Row) -> StoreResult<AttendanceRow> {
    Ok(AttendanceRow {
        meeting_id: MeetingId(get(row, "meeting_id")?),
        agency_id: AgencyId(get(row, "agency_id")?),
        presence: get_parsed(row, "presence")?,
        attendee: get(row, "attendee")?,
    })
}

fn action_from(row: &Row) -> StoreResult<ActionRow> {
    Ok(ActionRow {
        id: ActionId(get(row, "id")?),
        body_id: BodyId(get(row, "body_id")?),
        meeting_id: get::<Option<Uuid>>(row, "meeting_id")?.map(MeetingId),
        description: get(row, "description")?,
        owner_agency_id: AgencyId(get(row, "owner_agency_id")?),
        due_on: get(row, "due_on")?,
        status: get_parsed(row, "status")?,
        note: get(row, "note")?,
        ecological_level: get_parsed_opt(row, "ecological_level")?,
        essential_action: get_parsed_opt(row, "essential_action")?,
        carry_overs: get(row, "carry_overs")?,
        escalated_to: get::<Option<Uuid>>(row, "escalated_to")?.map(BodyId),
        escalated_at: get(row, "escalated_at")?,
        created_at: get(row, "created_at")?,
        updated_at: get(row, "updated_at")?,
    })
}

fn review_from(row: &Row) -> StoreResult<ActionReviewRow> {
    Ok(ActionReviewRow {
        meeting_id: MeetingId(get(row, "meeting_id")?),
        action_id: ActionId(get(row, "action_id")?),
        status: get_parsed(row, "status")?,
        carry_overs: get(row, "carry_overs")?,
        escalated: get(row, "escalated")?,
    })
}

fn instrument_from(row: &Row) -> StoreResult<InstrumentRow> {
    Ok(InstrumentRow {
        id: InstrumentId(get(row, "id")?),
        body_id: BodyId(get(row, "body_id")?),
        kind: get_parsed(row, "kind")?,
        title: get(row, "title")?,
        essential_actions: get_labels(row, "essential_actions")?,
        created_at: get(row, "created_at")?,
    })
}

fn document_info_from(row: &Row) -> StoreResult<Option<DocumentInfo>> {
    let Some(file_name) = get::<Option<String>>(row, "file_name")? else {
        return Ok(None);
    };
    Ok(Some(DocumentInfo {
        file_name,
        content_type: get(row, "content_type")?,
        size: get(row, "size")?,
        sha256: get(row, "sha256")?,
        uploaded_at: get(row, "uploaded_at")?,
    }))
}

fn version_from(row: &Row) -> StoreResult<VersionRow> {
    Ok(VersionRow {
        id: get(row, "id")?,
        instrument_id: InstrumentId(get(row, "instrument_id")?),
        number: get(row, "number")?,
        status: get_parsed(row, "status")?,
        effective_on: get(row, "effective_on")?,
        review_on: get(row, "review_on")?,
        summary: get(row, "summary")?,
        document: document_info_from(row)?,
        created_at: get(row, "created_at")?,
        updated_at: get(row, "updated_at")?,
    })
}

fn signatory_from(row: &Row) -> StoreResult<SignatoryRow> {
    Ok(SignatoryRow {
        id: get(row, "id")?,
        version_id: get(row, "version_id")?,
        agency_id: AgencyId(get(row, "agency_id")?),
        signed_by: get(row, "signed_by")?,
        signed_on: get(row, "signed_on")?,
    })
}

fn consultation_from(row: &Row) -> StoreResult<ConsultationRow> {
    Ok(ConsultationRow {
        id: get(row, "id")?,
        version_id: get(row, "version_id")?,
        consultee: get(row, "consultee")?,
        agency_id: get::<Option<Uuid>>(row, "agency_id")?.map(AgencyId),
        survivors_representative: get(row, "survivors_representative")?,
        consulted_on: get(row, "consulted_on")?,
        summary: get(row, "summary")?,
    })
}

fn round_from(row: &Row) -> StoreResult<AssessmentRoundRow> {
    Ok(AssessmentRoundRow {
        id: get(row, "id")?,
        body_id: BodyId(get(row, "body_id")?),
        title: get(row, "title")?,
        opened_on: get(row, "opened_on")?,
        created_at: get(row, "created_at")?,
    })
}

fn answer_from(row: &Row) -> StoreResult<AssessmentAnswerRow> {
    Ok(AssessmentAnswerRow {
        round_id: get(row, "round_id")?,
        agency_id: AgencyId(get(row, "agency_id")?),
        stage: get_parsed(row, "stage")?,
        climate: get(row, "climate")?,
        infrastructure: get(row, "infrastructure")?,
        activities: get(row, "activities")?,
        outcomes: get(row, "outcomes")?,
        answered_by: UserId(get(row, "answered_by")?),
        answered_at: get(row, "answered_at")?,
    })
}

// ---- inserts (shared with import) ----

pub async fn insert_member(conn: &mut dyn Connection, m: &MemberRow) -> StoreResult<()> {
    query(
        "INSERT INTO body_members (body_id, agency_id, representative, representative_title,
             decision_authority, deputy, chair, joined_on, left_on, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT (body_id, agency_id) DO UPDATE SET
             representative = excluded.representative,
             representative_title = excluded.representative_title,
             decision_authority = excluded.decision_authority, deputy = excluded.deputy,
             chair = excluded.chair, joined_on = excluded.joined_on, left_on = excluded.left_on,
             updated_at = excluded.updated_at",
    )
    .bind(m.body_id.0)
    .bind(m.agency_id.0)
    .bind(&m.representative)
    .bind(&m.representative_title)
    .bind(m.decision_authority)
    .bind(&m.deputy)
    .bind(m.chair)
    .bind(m.joined_on)
    .bind(m.left_on)
    .bind(m.updated_at)
    .execute(conn)
    .await
    .map_err(db)?;
    Ok(())
}

pub async fn insert_subgroup(conn: &mut dyn Connection, s: &SubgroupRow) -> StoreResult<()> {
    query(
        "INSERT INTO body_subgroups (id, body_id, name, remit, chair_agency_id, chair_name, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, remit = excluded.remit,
             chair_agency_id = excluded.chair_agency_id, chair_name = excluded.chair_name",
    )
    .bind(s.id)
    .bind(s.body_id.0)
    .bind(&s.name)
    .bind(&s.remit)
    .bind(s.chair_agency_id.0)
    .bind(&s.chair_name)
    .bind(s.created_at)
    .execute(conn)
    .await
    .map_err(db)?;
    Ok(())
}

pub async fn insert_meeting(conn: &mut dyn Connection, m: &MeetingRow) -> StoreResult<()> {
    query(
        "INSERT INTO meetings (id, body_id, held_on, location, agenda, decisions, minutes,
             closed_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(m.id.0)
    .bind(m.body_id.0)
    .bind(m.held_on)
    .bind(&m.location)
    .bind(labels(&m.agenda))
    .bind(labels(&m.decisions))
    .bind(&m.minutes)
    .bind(m.closed_at)
    .bind(m.created_at)
    .execute(conn)
    .await
    .map_err(db)?;
    Ok(())
}

pub async fn insert_attendance(conn: &mut dyn Connection, a: &AttendanceRow) -> StoreResult<()> {
    query(
        "INSERT INTO meeting_attendance (meeting_id, agency_id, presence, attendee) VALUES ($1, $2, $3, $4)",
    )
    .bind(a.meeting_id.0)
    .bind(a.agency_id.0)
    .bind(a.presence.as_str())
    .bind(&a.attendee)
    .execute(conn)
    .await
    .map_err(db)?;
    Ok(())
}

pub async fn insert_action(conn: &mut dyn Connection, a: &ActionRow) -> StoreResult<()> {
    query(
        "INSERT INTO actions (id, body_id, meeting_id, description, owner_agency_id, due_on, status,
             note, ecological_level, essential_action, carry_overs, escalated_to, escalated_at,
             created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
    )
    .bind(a.id.0)
    .bind(a.body_id.0)
    .bind(a.meeting_id.map(|m| m.0))
    .bind(&a.description)
    .bind(a.owner_agency_id.0)
    .bind(a.due_on)
    .bind(a.status.as_str())
    .bind(&a.note)
    .bind(a.ecological_level.map(|l| l.as_str()))
    .bind(a.essential_action.map(|e| e.as_str()))
    .bind(a.carry_overs)
    .bind(a.escalated_to.map(|b| b.0))
    .bind(a.escalated_at)
    .bind(a.created_at)
    .bind(a.updated_at)
    .execute(conn)
    .await
    .map_err(db)?;
    Ok(())
}

pub async fn insert_review(conn: &mut dyn Connection, r: &ActionReviewRow) -> StoreResult<()> {
    query(
        "INSERT INTO action_reviews (meeting_id, action_id, status, carry_overs, escalated)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(r.meeting_id.0)
    .bind(r.action_id.0)
    .bind(r.status.as_str())
    .bind(r.carry_overs)
    .bind(r.escalated)
    .execute(conn)
    .await
    .map_err(db)?;
    Ok(())
}

pub async fn insert_instrument(conn: &mut dyn Connection, i: &InstrumentRow) -> StoreResult<()> {
    query(
        "INSERT INTO instruments (id, body_id, kind, title, essential_actions, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(i.id.0)
    .bind(i.body_id.0)
    .bind(i.kind.as_str())
    .bind(&i.title)
    .bind(labels(&i.essential_actions))
    .bind(i.created_at)
    .execute(conn)
    .await
    .map_err(db)?;
    Ok(())
}

pub async fn insert_version(conn: &mut dyn Connection, v: &VersionRow) -> StoreResult<()> {
    query(
        "INSERT INTO instrument_versions (id, instrument_id, number, status, effective_on,
             review_on, summary, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(v.id)
    .bind(v.instrument_id.0)
    .bind(v.number)
    .bind(v.status.as_str())
    .bind(v.effective_on)
    .bind(v.review_on)
    .bind(&v.summary)
    .bind(v.created_at)
    .bind(v.updated_at)
    .execute(conn)
    .await
    .map_err(unique_as("number"))?;
    Ok(())
}

pub async fn insert_document(conn: &mut dyn Connection, d: &DocumentRow) -> StoreResult<()> {
    query(
        "INSERT INTO instrument_documents (version_id, file_name, content_type, size, sha256,
             content, uploaded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (version_id) DO UPDATE SET file_name = excluded.file_name,
             content_type = excluded.content_type, size = excluded.size,
             sha256 = excluded.sha256, content = excluded.content,
             uploaded_at = excluded.uploaded_at",
    )
    .bind(d.version_id)
    .bind(&d.info.file_name)
    .bind(&d.info.content_type)
    .bind(d.info.size)
    .bind(&d.info.sha256)
    .bind(&d.content)
    .bind(d.info.uploaded_at)
    .execute(conn)
    .await
    .map_err(db)?;
    Ok(())
}

pub async fn insert_signatory(conn: &mut dyn Connection, s: &SignatoryRow) -> StoreResult<()> {
    query(
        "INSERT INTO instrument_signatories (id, version_id, agency_id, signed_by, signed_on)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(s.id)
    .bind(s.version_id)
    .bind(s.agency_id.0)
    .bind(&s.signed_by)
    .bind(s.signed_on)
    .execute(conn)
    .await
    .map_err(db)?;
    Ok(())
}

pub async fn insert_consultation(
    conn: &mut dyn Connection,
    c: &ConsultationRow,
) -> StoreResult<()> {
    query(
        "INSERT INTO instrument_consultations (id, version_id, consultee, agency_id,
             survivors_representative, consulted_on, summary)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(c.id)
    .bind(c.version_id)
    .bind(&c.consultee)
    .bind(c.agency_id.map(|a| a.0))
    .bind(c.survivors_representative)
    .bind(c.consulted_on)
    .bind(&c.summary)
    .execute(conn)
    .await
    .map_err(db)?;
    Ok(())
}

pub async fn insert_round(conn: &mut dyn Connection, r: &AssessmentRoundRow) -> StoreResult<()> {
    query(
        "INSERT INTO assessment_rounds (id, body_id, title, opened_on, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(r.id)
    .bind(r.body_id.0)
    .bind(&r.title)
    .bind(r.opened_on)
    .bind(r.created_at)
    .execute(conn)
    .await
    .map_err(db)?;
    Ok(())
}

pub async fn insert_answer(conn: &mut dyn Connection, a: &AssessmentAnswerRow) -> StoreResult<()> {
    query(
        "INSERT INTO assessment_answers (round_id, agency_id, stage, climate, infrastructure,
             activities, outcomes, answered_by, answered_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (round_id, agency_id) DO UPDATE SET stage = excluded.stage,
             climate = excluded.climate, infrastructure = excluded.infrastructure,
             activities = excluded.activities, outcomes = excluded.outcomes,
             answered_by = excluded.answered_by, answered_at = excluded.answered_at",
    )
    .bind(a.round_id)
    .bind(a.agency_id.0)
    .bind(a.stage.as_str())
    .bind(a.climate)
    .bind(a.infrastructure)
    .bind(a.activities)
    .bind(a.outcomes)
    .bind(a.answered_by.0)
    .bind(a.answered_at)
    .execute(conn)
    .await
    .map_err(db)?;
    Ok(())
}

async fn fetch<T>(
    pool: &dyn Database,
    sql: &'static str,
    id: Uuid,
    map: fn(&Row) -> StoreResult<T>,
) -> StoreResult<Vec<T>> {
    let rows = query(sql).bind(id).fetch_all(pool).await.map_err(db)?;
    rows.iter().map(map).collect()
}

/// Rows whose column at the end of `head` is one of `ids`, in chunks that
/// stay well under every engine's limit on bound values.
async fn fetch_in<T>(
    pool: &dyn Database,
    head: &'static str,
    ids: &[Uuid],
    map: fn(&Row) -> StoreResult<T>,
) -> StoreResult<Vec<T>> {
    let mut out = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(500) {
        let mut select = QueryBuilder::new(head);
        select.push(" IN ").push_list(chunk.iter().copied());
        for row in &select.build().fetch_all(pool).await? {
            out.push(map(row)?);
        }
    }
    Ok(out)
}

async fn meeting_is_open(conn: &mut dyn Connection, id: MeetingId) -> StoreResult<()> {
    let closed: Option<Option<chrono::DateTime<chrono::Utc>>> =
        query_scalar("SELECT closed_at FROM meetings WHERE id = $1")
            .for_update()
            .bind(id.0)
            .fetch_optional(conn)
            .await
            .map_err(db)?;
    match closed {
        None => Err(StoreError::NotFound),
        Some(Some(_)) => Err(StoreError::Conflict),
        Some(None) => Ok(()),
    }
}

#[async_trait]
impl<E: Database> GovernanceStore for crate::SqlStore<E> {
    async fn get_body(&self, id: BodyId) -> StoreResult<Option<BodyRow>> {
        let sql = format!("{BODY_SELECT} WHERE id = $1");
        let row = query(sql)
            .bind(id.0)
            .fetch_optional(self.db())
            .await
            .map_err(db)?;
        row.as_ref().map(body_from).transpose()
    }

    async fn update_body(&self, body: &BodyRow, audit: &NewAuditEvent) -> StoreResult<()> {
        let mut tx = write_tx(self.db()).await?;
        require(&mut tx, &[("areas", Some(body.area_id.0), "area_id")]).await?;
        require(
            &mut tx,
            &[("bodies", body.parent_id.map(|p| p.0), "parent_id")],
        )
        .await?;
        require(
            &mut tx,
            &[(
                "agencies",
                body.secretariat_agency_id.map(|a| a.0),
                "secretariat_agency_id",
            )],
        )
        .await?;
        let updated = query(
            "UPDATE bodies SET name = $1, level = $2, area_id = $3, parent_id = $4, body_type = $5,
                 leadership = $6, secretariat_agency_id = $7, escalate_after = $8, remit = $9
             WHERE id = $10",
        )
        .bind(&body.name)
        .bind(body.level.as_str())
        .bind(body.area_id.0)
        .bind(body.parent_id.map(|p| p.0))
        .bind(body.body_type.as_str())
        .bind(body.leadership.as_str())
        .bind(body.secretariat_agency_id.map(|a| a.0))
        .bind(body.escalate_after)
        .bind(&body.remit)
        .bind(body.id.0)
        .execute(&mut *tx)
        .await
        .map_err(db)?
        .rows_affected();
        if updated == 0 {
            return Err(StoreError::NotFound);
        }
        insert_event(&mut tx, audit).await?;
        tx.commit().await.map_err(db)
    }

    async fn put_member(&self, member: &MemberRow, audit: &NewAuditEvent) -> StoreResult<()> {
        let mut tx = write_tx(self.db()).await?;
        require(&mut tx, &[("bodies", Some(member.body_id.0), "body_id")]).await?;
        require(
            &mut tx,
            &[("agencies", Some(member.agency_id.0), "agency_id")],
        )
        .await?;
        insert_member(&mut tx, member).await?;
        insert_event(&mut tx, audit).await?;
        tx.commit().await.map_err(db)
    }

    async fn list_members(&self, body: BodyId) -> StoreResult<Vec<MemberRow>> {
        fetch(
            self.db(),
            "SELECT * FROM body_members WHERE body_id = $1 ORDER BY joined_on, agency_id",
            body.0,
            member_from,
        )
        .await
    }

    async fn put_subgroup(&self, subgroup: &SubgroupRow, audit: &NewAuditEvent) -> StoreResult<()> {
        let mut tx = write_tx(self.db()).await?;
        require(&mut tx, &[("bodies", Some(subgroup.body_id.0), "body_id")]).await?;
        require(
            &mut tx,
            &[(
                "agencies",
                Some(subgroup.chair_agency_id.0),
                "chair_agency_id",
            )],
        )
        .await?;
        let owner: Option<Uuid> = query_scalar("SELECT body_id FROM body_subgroups WHERE id = $1")
            .bind(subgroup.id)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db)?;
        if owner.is_some_and(|b| b != subgroup.body_id.0) {
            return Err(StoreError::NotFound);
        }
        insert_subgroup(&mut tx, subgroup).await?;
        insert_event(&mut tx, audit).await?;
        tx.commit().await.map_err(db)
    }

    async fn list_subgroups(&self, body: BodyId) -> StoreResult<Vec<SubgroupRow>> {
        fetch(
            self.db(),
            "SELECT * FROM body_subgroups WHERE body_id = $1 ORDER BY name, id",
            body.0,
            subgroup_from,
        )
        .await
    }

    async fn create_meeting(&self, meeting: &MeetingRow, audit: &NewAuditEvent) -> StoreResult<()> {
        let mut tx = write_tx(self.db()).await?;
        require(&mut tx, &[("bodies", Some(meeting.body_id.0), "body_id")]).await?;
        insert_meeting(&mut tx, meeting).await?;
        insert_event(&mut tx, audit).await?;
        tx.commit().await.map_err(db)
    }

    async fn update_meeting(&self, meeting: &MeetingRow, audit: &NewAuditEvent) -> StoreResult<()> {
        let mut tx = write_tx(self.db()).await?;
        meeting_is_open(&mut tx, meeting.id).await?;
        query(
            "UPDATE meetings SET held_on = $1, location = $2, agenda = $3, decisions = $4, minutes = $5
             WHERE id = $6",
        )
        .bind(meeting.held_on)
        .bind(&meeting.location)
        .bind(labels(&meeting.agenda))
        .bind(labels(&meeting.decisions))
        .bind(&meeting.minutes)
        .bind(meeting.id.0)
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        insert_event(&mut tx, audit).await?;
        tx.commit().await.map_err(db)
    }

    async fn get_meeting(&self, id: MeetingId) -> StoreResult<Option<MeetingRow>> {
        Ok(fetch(
            self.db(),
            "SELECT * FROM meetings WHERE id = $1",
            id.0,
            meeting_from,
        )
        .await?
        .pop())
    }

    async fn list_meetings(&self, body: BodyId) -> StoreResult<Vec<MeetingRow>> {
        fetch(
            self.db(),
            "SELECT * FROM meetings WHERE body_id = $1 ORDER BY held_on DESC, id DESC",
            body.0,
            meeting_from,
        )
        .await
    }

    async fn put_attendance(
        &self,
        meeting: MeetingId,
        rows: &[AttendanceRow],
        audit: &NewAuditEvent,
    ) -> StoreResult<()> {
        let mut tx = write_tx(self.db()).await?;
        meeting_is_open(&mut tx, meeting).await?;
        for row in rows {
            if row.meeting_id != meeting {
                return Err(StoreError::MissingReference {
                    field: "meeting_id",
                });
            }
            require(&mut tx, &[("agencies", Some(row.agency_id.0), "agency_id")]).await?;
        }
        query("DELETE FROM meeting_attendance WHERE meeting_id = $1")
            .bind(meeting.0)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        for row in rows {
            insert_attendance(&mut tx, row).await?;
        }
        insert_event(&mut tx, audit).await?;
        tx.commit().await.map_err(db)
    }

    async fn list_attendance(&self, body: BodyId) -> StoreResult<Vec<AttendanceRow>> {
        fetch(
            self.db(),
            "SELECT a.* FROM meeting_attendance a JOIN meetings m ON m.id = a.meeting_id
              WHERE m.body_id = $1 ORDER BY a.meeting_id, a.agency_id",
            body.0,
            attendance_from,
        )
        .await
    }

    async fn close_meeting(
        &self,
        closure: &MeetingClosure,
        audit: &NewAuditEvent,
    ) -> StoreResult<()> {
        let mut tx = write_tx(self.db()).await?;
        meeting_is_open(&mut tx, closure.meeting_id).await?;
        for row in &closure.absent {
            require(&mut tx, &[("agencies", Some(row.agency_id.0), "agency_id")]).await?;
            insert_attendance(&mut tx, row).await?;
        }
        for action in &closure.carried {
            require(
                &mut tx,
                &[("bodies", action.escalated_to.map(|b| b.0), "escalated_to")],
            )
            .await?;
            let updated = query(
                "UPDATE actions SET carry_overs = $1, escalated_to = $2, escalated_at = $3, updated_at = $4
                 WHERE id = $5",
            )
            .bind(action.carry_overs)
            .bind(action.escalated_to.map(|b| b.0))
            .bind(action.escalated_at)
            .bind(action.updated_at)
            .bind(action.id.0)
            .execute(&mut *tx)
            .await
            .map_err(db)?
            .rows_affected();
            if updated == 0 {
                return Err(StoreError::MissingReference { field: "action_id" });
            }
        }
        for review in &closure.reviews {
            require(
                &mut tx,
                &[("actions", Some(review.action_id.0), "action_id")],
            )
            .await?;
            insert_review(&mut tx, review).await?;
        }
        query("UPDATE meetings SET closed_at = $1 WHERE id = $2")
            .bind(closure.closed_at)
            .bind(closure.meeting_id.0)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        insert_event(&mut tx, audit).await?;
        tx.commit().await.map_err(db)
    }

    async fn list_action_reviews(&self, body: BodyId) -> StoreResult<Vec<ActionReviewRow>> {
        fetch(
            self.db(),
            "SELECT r.* FROM action_reviews r JOIN meetings m ON m.id = r.meeting_id
              WHERE m.body_id = $1 ORDER BY r.meeting_id, r.action_id",
            body.0,
            review_from,
        )
        .await
    }

    async fn create_action(&self, action: &ActionRow, audit: &NewAuditEvent) -> StoreResult<()> {
        let mut tx = write_tx(self.db()).await?;
        require(&mut tx, &[("bodies", Some(action.body_id.0), "body_id")]).await?;
        require(
            &mut tx,
            &[("meetings", action.meeting_id.map(|m| m.0), "meeting_id")],
        )
        .await?;
        require(
            &mut tx,
            &[(
                "agencies",
                Some(action.owner_agency_id.0),
                "owner_agency_id",
            )],
        )
        .await?;
        require(
            &mut tx,
            &[("bodies", action.escalated_to.map(|b| b.0), "escalated_to")],
        )
        .await?;
        insert_action(&mut tx, action).await?;
        insert_event(&mut tx, audit).await?;
        tx.commit().await.map_err(db)
    }

    async fn update_action(
        &self,
        action: &ActionRow,
        expected_status: ActionStatus,
        audit: &NewAuditEvent,
    ) -> StoreResult<()> {
        let mut tx = write_tx(self.db()).await?;
        let stored: Option<String> = query_scalar("SELECT status FROM actions WHERE id = $1")
            .for_update()
            .bind(action.id.0)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db)?;
        match stored {
            None => return Err(StoreError::NotFound),
            Some(status) if status != expected_status.as_str() => return Err(StoreError::Conflict),
            Some(_) => {}
        }
        require(
            &mut tx,
            &[(
                "agencies",
                Some(action.owner_agency_id.0),
                "owner_agency_id",
            )],
        )
        .await?;
        query(
            "UPDATE actions SET description = $1, owner_agency_id = $2, due_on = $3, status = $4,
                 note = $5, ecological_level = $6, essential_action = $7, updated_at = $8
             WHERE id = $9",
        )
        .bind(&action.description)
        .bind(action.owner_agency_id.0)
        .bind(action.due_on)
        .bind(action.status.as_str())
        .bind(&action.note)
        .bind(action.ecological_level.map(|l| l.as_str()))
        .bind(action.essential_action.map(|e| e.as_str()))
        .bind(action.updated_at)
        .bind(action.id.0)
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        insert_event(&mut tx, audit).await?;
        tx.commit().await.map_err(db)
    }

    async fn get_action(&self, id: ActionId) -> StoreResult<Option<ActionRow>> {
        Ok(fetch(
            self.db(),
            "SELECT * FROM actions WHERE id = $1",
            id.0,
            action_from,
        )
        .await?
        .pop())
    }

    async fn list_actions(&self, body: BodyId) -> StoreResult<Vec<ActionRow>> {
        let rows = query(
            "SELECT * FROM actions WHERE body_id = $1 OR escalated_to = $2 ORDER BY created_at, id",
        )
        .bind(body.0)
        .bind(body.0)
        .fetch_all(self.db())
        .await
        .map_err(db)?;
        rows.iter().map(action_from).collect()
    }

    async fn create_instrument(
        &self,
        instrument: &InstrumentRow,
        first: &VersionRow,
        audit: &NewAuditEvent,
    ) -> StoreResult<()> {
        if first.instrument_id != instrument.id {
            return Err(StoreError::MissingReference {
                field: "instrument_id",
            });
        }
        let mut tx = write_tx(self.db()).await?;
        require(
            &mut tx,
            &[("bodies", Some(instrument.body_id.0), "body_id")],
        )
        .await?;
        insert_instrument(&mut tx, instrument).await?;
        insert_version(&mut tx, first).await?;
        insert_event(&mut tx, audit).await?;
        tx.commit().await.map_err(db)
    }

    async fn update_instrument(
        &self,
        instrument: &InstrumentRow,
        audit: &NewAuditEvent,
    ) -> StoreResult<()> {
        let mut tx = write_tx(self.db()).await?;
        let updated = query(
            "UPDATE instruments SET kind = $1, title = $2, essential_actions = $3 WHERE id = $4",
        )
        .bind(instrument.kind.as_str())
        .bind(&instrument.title)
        .bind(labels(&instrument.essential_actions))
        .bind(instrument.id.0)
        .execute(&mut *tx)
        .await
        .map_err(db)?
        .rows_affected();
        if updated == 0 {
            return Err(StoreError::NotFound);
        }
        insert_event(&mut tx, audit).await?;
        tx.commit().await.map_err(db)
    }

    async fn get_instrument(&self, id: InstrumentId) -> StoreResult<Option<InstrumentRow>> {
        Ok(fetch(
            self.db(),
            "SELECT * FROM instruments WHERE id = $1",
            id.0,
            instrument_from,
        )
        .await?
        .pop())
    }

    async fn list_instruments(&self, bodies: &[BodyId]) -> StoreResult<Vec<InstrumentRow>> {
        let ids: Vec<Uuid> = bodies.iter().map(|b| b.0).collect();
        let mut rows = fetch_in(
            self.db(),
            "SELECT * FROM instruments WHERE body_id",
            &ids,
            instrument_from,
        )
        .await?;
        rows.sort_by(|a, b| (a.title.as_bytes(), a.id).cmp(&(b.title.as_bytes(), b.id)));
        Ok(rows)
    }

    async fn add_version(&self, version: &VersionRow, audit: &NewAuditEvent) -> StoreResult<()> {
        let mut tx = write_tx(self.db()).await?;
        require(
            &mut tx,
            &[(
                "instruments",
                Some(version.instrument_id.0),
                "instrument_id",
            )],
        )
        .await?;
        insert_version(&mut tx, version).await?;
        insert_event(&mut tx, audit).await?;
        tx.commit().await.map_err(db)
    }

    async fn update_version(
        &self,
        version: &VersionRow,
        expected_status: VersionStatus,
        others: &[(Uuid, VersionStatus)],
        audit: &NewAuditEvent,
    ) -> StoreResult<()> {
        let mut tx = write_tx(self.db()).await?;
        let stored: Option<String> =
            query_scalar("SELECT status FROM instrument_versions WHERE id = $1")
                .for_update()
                .bind(version.id)
                .fetch_optional(&mut *tx)
                .await
                .map_err(db)?;
        match stored {
            None => return Err(StoreError::NotFound),
            Some(status) if status != expected_status.as_str() => return Err(StoreError::Conflict),
            Some(_) => {}
        }
        query(
            "UPDATE instrument_versions SET status = $1, effective_on = $2, review_on = $3, summary = $4,
                 updated_at = $5
             WHERE id = $6",
        )
        .bind(version.status.as_str())
        .bind(version.effective_on)
        .bind(version.review_on)
        .bind(&version.summary)
        .bind(version.updated_at)
        .bind(version.id)
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        for (id, status) in others {
            let updated = query(
                "UPDATE instrument_versions SET status = $1, updated_at = $2
                 WHERE id = $3 AND instrument_id = $4",
            )
            .bind(status.as_str())
            .bind(version.updated_at)
            .bind(id)
            .bind(version.instrument_id.0)
            .execute(&mut *tx)
            .await
            .map_err(db)?
            .rows_affected();
            if updated == 0 {
                return Err(StoreError::NotFound);
            }
        }
        insert_event(&mut tx, audit).await?;
        tx.commit().await.map_err(db)
    }

    async fn list_versions(&self, instruments: &[InstrumentId]) -> StoreResult<Vec<VersionRow>> {
        let ids: Vec<Uuid> = instruments.iter().map(|i| i.0).collect();
        let head: &'static str = "SELECT v.id, v.instrument_id, v.number, v.status, v.effective_on,
                v.review_on, v.summary, v.created_at, v.updated_at, d.file_name, d.content_type,
                d.size, d.sha256, d.uploaded_at
           FROM instrument_versions v LEFT JOIN instrument_documents d ON d.version_id = v.id
          WHERE v.instrument_id";
        let mut rows = fetch_in(self.db(), head, &ids, version_from).await?;
        rows.sort_by_key(|v| (v.instrument_id, v.number));
        Ok(rows)
    }

    async fn put_document(&self, document: &DocumentRow, audit: &NewAuditEvent) -> StoreResult<()> {
        let mut tx = write_tx(self.db()).await?;
        require(
            &mut tx,
            &[(
                "instrument_versions",
                Some(document.version_id),
                "version_id",
            )],
        )
        .await?;
        insert_document(&mut tx, document).await?;
        insert_event(&mut tx, audit).await?;
        tx.commit().await.map_err(db)
    }

    async fn get_document(&self, version: Uuid) -> StoreResult<Option<DocumentRow>> {
        let row = query("SELECT * FROM instrument_documents WHERE version_id = $1")
            .bind(version)
            .fetch_optional(self.db())
            .await
            .map_err(db)?;
        row.as_ref().map(document_from).transpose()
    }

    async fn add_signatory(
        &self,
        signatory: &SignatoryRow,
        audit: &NewAuditEvent,
    ) -> StoreResult<()> {
        let mut tx = write_tx(self.db()).await?;
        require(
            &mut tx,
            &[(
                "instrument_versions",
                Some(signatory.version_id),
                "version_id",
            )],
        )
        .await?;
        require(
            &mut tx,
            &[("agencies", Some(signatory.agency_id.0), "agency_id")],
        )
        .await?;
        insert_signatory(&mut tx, signatory).await?;
        insert_event(&mut tx, audit).await?;
        tx.commit().await.map_err(db)
    }

    async fn list_signatories(&self, versions: &[Uuid]) -> StoreResult<Vec<SignatoryRow>> {
        let mut rows = fetch_in(
            self.db(),
            "SELECT * FROM instrument_signatories WHERE version_id",
            versions,
            signatory_from,
        )
        .await?;
        rows.sort_by_key(|s| (s.signed_on, s.id));
        Ok(rows)
    }

    async fn add_consultation(
        &self,
        consultation: &ConsultationRow,
        audit: &NewAuditEvent,
    ) -> StoreResult<()> {
        let mut tx = write_tx(self.db()).await?;
        require(
            &mut tx,
            &[(
                "instrument_versions",
                Some(consultation.version_id),
                "version_id",
            )],
        )
        .await?;
        require(
            &mut tx,
            &[("agencies", consultation.agency_id.map(|a| a.0), "agency_id")],
        )
        .await?;
        insert_consultation(&mut tx, consultation).await?;
        insert_event(&mut tx, audit).await?;
        tx.commit().await.map_err(db)
    }

    async fn list_consultations(&self, versions: &[Uuid]) -> StoreResult<Vec<ConsultationRow>> {
        let mut rows = fetch_in(
            self.db(),
            "SELECT * FROM instrument_consultations WHERE version_id",
            versions,
            consultation_from,
        )
        .await?;
        rows.sort_by_key(|c| (c.consulted_on, c.id));
        Ok(rows)
    }

    async fn create_assessment_round(
        &self,
        round: &AssessmentRoundRow,
        audit: &NewAuditEvent,
    ) -> StoreResult<()> {
        let mut tx = write_tx(self.db()).await?;
        require(&mut tx, &[("bodies", Some(round.body_id.0), "body_id")]).await?;
        insert_round(&mut tx, round).await?;
        insert_event(&mut tx, audit).await?;
        tx.commit().await.map_err(db)
    }

    async fn list_assessment_rounds(&self, body: BodyId) -> StoreResult<Vec<AssessmentRoundRow>> {
        fetch(
            self.db(),
            "SELECT * FROM assessment_rounds WHERE body_id = $1 ORDER BY opened_on, id",
            body.0,
            round_from,
        )
        .await
    }

    async fn put_assessment_answer(
        &self,
        answer: &AssessmentAnswerRow,
        audit: &NewAuditEvent,
    ) -> StoreResult<()> {
        let mut tx = write_tx(self.db()).await?;
        require(
            &mut tx,
            &[("assessment_rounds", Some(answer.round_id), "round_id")],
        )
        .await?;
        require(
            &mut tx,
            &[("agencies", Some(answer.agency_id.0), "agency_id")],
        )
        .await?;
        require(
            &mut tx,
            &[("users", Some(answer.answered_by.0), "answered_by")],
        )
        .await?;
        insert_answer(&mut tx, answer).await?;
        insert_event(&mut tx, audit).await?;
        tx.commit().await.map_err(db)
    }

    async fn list_assessment_answers(&self, body: BodyId) -> StoreResult<Vec<AssessmentAnswerRow>> {
        fetch(
            self.db(),
            "SELECT a.* FROM assessment_answers a JOIN assessment_rounds r ON r.id = a.round_id
              WHERE r.body_id = $1 ORDER BY r.opened_on, a.round_id, a.agency_id",
            body.0,
            answer_from,
        )
        .await
    }
}

fn document_from(row: &Row) -> StoreResult<DocumentRow> {
    Ok(DocumentRow {
        version_id: get(row, "version_id")?,
        info: document_info_from(row)?.ok_or_else(|| corrupt("document without a name".into()))?,
        content: get(row, "content")?,
    })
}

// ---- whole-database copy ----

async fn all<T>(
    conn: &mut dyn Connection,
    sql: &'static str,
    map: fn(&Row) -> StoreResult<T>,
) -> StoreResult<Vec<T>> {
    let rows = query(sql).fetch_all(conn).await.map_err(db)?;
    rows.iter().map(map).collect()
}

pub async fn all_governance(conn: &mut dyn Connection) -> StoreResult<GovernanceDump> {
    Ok(GovernanceDump {
        members: all(
            conn,
            "SELECT * FROM body_members ORDER BY body_id, agency_id",
            member_from,
        )
        .await?,
        subgroups: all(
            conn,
            "SELECT * FROM body_subgroups ORDER BY id",
            subgroup_from,
        )
        .await?,
        meetings: all(conn, "SELECT * FROM meetings ORDER BY id", meeting_from).await?,
        attendance: all(
            conn,
            "SELECT * FROM meeting_attendance ORDER BY meeting_id, agency_id",
            attendance_from,
        )
        .await?,
        actions: all(conn, "SELECT * FROM actions ORDER BY id", action_from).await?,
        action_reviews: all(
            conn,
            "SELECT * FROM action_reviews ORDER BY meeting_id, action_id",
            review_from,
        )
        .await?,
        instruments: all(
            conn,
            "SELECT * FROM instruments ORDER BY id",
            instrument_from,
        )
        .await?,
        versions: all(
            conn,
            "SELECT v.id, v.instrument_id, v.number, v.status, v.effective_on,
                v.review_on, v.summary, v.created_at, v.updated_at, d.file_name, d.content_type,
                d.size, d.sha256, d.uploaded_at
           FROM instrument_versions v LEFT JOIN instrument_documents d ON d.version_id = v.id
          ORDER BY v.id",
            version_from,
        )
        .await?,
        documents: all(
            conn,
            "SELECT * FROM instrument_documents ORDER BY version_id",
            document_from,
        )
        .await?,
        signatories: all(
            conn,
            "SELECT * FROM instrument_signatories ORDER BY id",
            signatory_from,
        )
        .await?,
        consultations: all(
            conn,
            "SELECT * FROM instrument_consultations ORDER BY id",
            consultation_from,
        )
        .await?,
        assessment_rounds: all(
            conn,
            "SELECT * FROM assessment_rounds ORDER BY id",
            round_from,
        )
        .await?,
        assessment_answers: all(
            conn,
            "SELECT * FROM assessment_answers ORDER BY round_id, agency_id",
            answer_from,
        )
        .await?,
    })
}

pub async fn insert_governance(
    conn: &mut dyn Connection,
    dump: &GovernanceDump,
) -> StoreResult<()> {
    for row in &dump.members {
        insert_member(conn, row).await?;
    }
    for row in &dump.subgroups {
        insert_subgroup(conn, row).await?;
    }
    for row in &dump.meetings {
        insert_meeting(conn, row).await?;
    }
    for row in &dump.attendance {
        insert_attendance(conn, row).await?;
    }
    for row in &dump.actions {
        insert_action(conn, row).await?;
    }
    for row in &dump.action_reviews {
        insert_review(conn, row).await?;
    }
    for row in &dump.instruments {
        insert_instrument(conn, row).await?;
    }
    for row in &dump.versions {
        insert_version(conn, row).await?;
    }
    for row in &dump.documents {
        insert_document(conn, row).await?;
    }
    for row in &dump.signatories {
        insert_signatory(conn, row).await?;
    }
    for row in &dump.consultations {
        insert_consultation(conn, row).await?;
    }
    for row in &dump.assessment_rounds {
        insert_round(conn, row).await?;
    }
    for row in &dump.assessment_answers {
        insert_answer(conn, row).await?;
    }
    Ok(())
}
