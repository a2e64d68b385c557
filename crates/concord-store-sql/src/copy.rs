//! Whole-database copy: table counts, export and import.

use crate::sql::*;
use crate::{
    accounts, areas_and_agencies, audit, cases, governance, keys, records, referrals,
    service_directory, sharing,
};
use concord_store::{AuditEventRow, CaseDump, DatabaseDump, StoreError, StoreResult};

/// Every table, in the order `table_counts` reports them.
const TABLES: [&str; 48] = [
    "settings",
    "areas",
    "agencies",
    "agency_areas",
    "users",
    "user_roles",
    "recovery_codes",
    "sessions",
    "api_tokens",
    "sign_in_failures",
    "bodies",
    "audit_events",
    "checkpoints",
    "data_keys",
    "case_settings",
    "survivors",
    "cases",
    "incidents",
    "consents",
    "sharings",
    "break_glass",
    "notes",
    "note_versions",
    "goals",
    "safety_plans",
    "tasks",
    "body_members",
    "body_subgroups",
    "meetings",
    "meeting_attendance",
    "actions",
    "action_reviews",
    "instruments",
    "instrument_versions",
    "instrument_documents",
    "instrument_signatories",
    "instrument_consultations",
    "assessment_rounds",
    "assessment_answers",
    "dir_terms",
    "dir_organizations",
    "dir_locations",
    "dir_services",
    "dir_service_areas",
    "dir_service_at_location",
    "referrals",
    "referral_steps",
    "referral_notifications",
];

/// One query, so the counts are one snapshot. Same order as [`TABLES`].
const COUNT_ALL: &str = "SELECT
    (SELECT COUNT(*) FROM settings),
    (SELECT COUNT(*) FROM areas),
    (SELECT COUNT(*) FROM agencies),
    (SELECT COUNT(*) FROM agency_areas),
    (SELECT COUNT(*) FROM users),
    (SELECT COUNT(*) FROM user_roles),
    (SELECT COUNT(*) FROM recovery_codes),
    (SELECT COUNT(*) FROM sessions),
    (SELECT COUNT(*) FROM api_tokens),
    (SELECT COUNT(*) FROM sign_in_failures),
    (SELECT COUNT(*) FROM bodies),
    (SELECT COUNT(*) FROM audit_events),
    (SELECT COUNT(*) FROM checkpoints),
    (SELECT COUNT(*) FROM data_keys),
    (SELECT COUNT(*) FROM case_settings),
    (SELECT COUNT(*) FROM survivors),
    (SELECT COUNT(*) FROM cases),
    (SELECT COUNT(*) FROM incidents),
    (SELECT COUNT(*) FROM consents),
    (SELECT COUNT(*) FROM sharings),
    (SELECT COUNT(*) FROM break_glass),
    (SELECT COUNT(*) FROM notes),
    (SELECT COUNT(*) FROM note_versions),
    (SELECT COUNT(*) FROM goals),
    (SELECT COUNT(*) FROM safety_plans),
    (SELECT COUNT(*) FROM tasks),
    (SELECT COUNT(*) FROM body_members),
    (SELECT COUNT(*) FROM body_subgroups),
    (SELECT COUNT(*) FROM meetings),
    (SELECT COUNT(*) FROM meeting_attendance),
    (SELECT COUNT(*) FROM actions),
    (SELECT COUNT(*) FROM action_reviews),
    (SELECT COUNT(*) FROM instruments),
    (SELECT COUNT(*) FROM instrument_versions),
    (SELECT COUNT(*) FROM instrument_documents),
    (SELECT COUNT(*) FROM instrument_signatories),
    (SELECT COUNT(*) FROM instrument_consultations),
    (SELECT COUNT(*) FROM assessment_rounds),
    (SELECT COUNT(*) FROM assessment_answers),
    (SELECT COUNT(*) FROM dir_terms),
    (SELECT COUNT(*) FROM dir_organizations),
    (SELECT COUNT(*) FROM dir_locations),
    (SELECT COUNT(*) FROM dir_services),
    (SELECT COUNT(*) FROM dir_service_areas),
    (SELECT COUNT(*) FROM dir_service_at_location),
    (SELECT COUNT(*) FROM referrals),
    (SELECT COUNT(*) FROM referral_steps),
    (SELECT COUNT(*) FROM referral_notifications)";

/// Serialises imports into one database.
const IMPORT_LOCK: &str = "import";

/// Audit events inserted per statement on import.
const EVENT_BATCH: usize = 1_000;

async fn counts(conn: &mut dyn Connection) -> StoreResult<Vec<(String, i64)>> {
    let row = query(COUNT_ALL).fetch_one(&mut *conn).await.map_err(db)?;
    let mut counts = TABLES
        .iter()
        .enumerate()
        .map(|(i, table)| Ok((table.to_string(), get_at::<i64>(&row, i)?)))
        .collect::<StoreResult<Vec<_>>>()?;
    for tables in [
        &concord_store::RISK_TABLES[..],
        &concord_store::DIRECTORY_HISTORY_TABLES[..],
        &concord_store::ACCOUNT_RECOVERY_TABLES[..],
        &concord_store::JUSTICE_TABLES[..],
        &concord_store::PROTECTION_TABLES[..],
        &concord_store::DEATH_TABLES[..],
        &concord_store::REVIEW_TABLES[..],
        &concord_store::STATISTICS_RELEASE_TABLES[..],
        &concord_store::STATISTICS_SUMMARY_TABLES[..],
    ] {
        counts.extend(counts_of(conn, tables).await?);
    }
    Ok(counts)
}

/// Row counts of `tables`, in that order, on one connection.
async fn counts_of(conn: &mut dyn Connection, tables: &[&str]) -> StoreResult<Vec<(String, i64)>> {
    let mut out = Vec::new();
    for table in tables {
        // Table names come from fixed lists, never from input.
        let n: i64 = query_scalar(format!("SELECT COUNT(*) FROM {table}"))
            .fetch_one(&mut *conn)
            .await
            .map_err(db)?;
        out.push((table.to_string(), n));
    }
    Ok(out)
}

pub async fn table_counts(pool: &dyn Database) -> StoreResult<Vec<(String, i64)>> {
    let mut conn = pool.connection().await?;
    counts(&mut conn).await
}

pub async fn export_all(pool: &dyn Database) -> StoreResult<DatabaseDump> {
    // One repeatable-read transaction: the dump is a consistent snapshot.
    let mut tx = read_tx(pool).await?;
    dump(&mut *tx).await
}

/// The counts and the dump in one repeatable-read transaction: what a copy
/// of a live database must match.
pub async fn export_counted(
    pool: &dyn Database,
) -> StoreResult<(Vec<(String, i64)>, DatabaseDump)> {
    let mut tx = read_tx(pool).await?;
    let counted = counts(&mut *tx).await?;
    Ok((counted, dump(&mut *tx).await?))
}

async fn dump(tx: &mut dyn Connection) -> StoreResult<DatabaseDump> {
    Ok(DatabaseDump {
        settings: all_settings(&mut *tx).await?,
        areas: areas_and_agencies::all_areas(&mut *tx).await?,
        agencies: areas_and_agencies::all_agencies(&mut *tx).await?,
        users: accounts::all_users(&mut *tx).await?,
        recovery_codes: accounts::all_recovery_codes(&mut *tx).await?,
        sessions: accounts::all_sessions(&mut *tx).await?,
        api_tokens: accounts::all_api_tokens(&mut *tx).await?,
        sign_in_failures: accounts::all_sign_in_failures(&mut *tx).await?,
        bodies: areas_and_agencies::all_bodies(&mut *tx).await?,
        audit_events: audit::all_events(&mut *tx).await?,
        checkpoints: audit::all_checkpoints(&mut *tx).await?,
        cases: all_case_data(&mut *tx).await?,
        risk: crate::risk::export(&mut *tx).await?,
        governance: governance::all_governance(&mut *tx).await?,
        directory: service_directory::all_directory(&mut *tx).await?,
        directory_history: service_directory::all_history(&mut *tx).await?,
        referrals: referrals::all_referral_data(&mut *tx).await?,
        account_recovery: crate::account_recovery::export(&mut *tx).await?,
        justice: crate::justice::export(&mut *tx).await?,
        protection: crate::protection::export(&mut *tx).await?,
        deaths: crate::deaths::export(&mut *tx).await?,
        review: crate::homicide_review::export(&mut *tx).await?,
        statistics_releases: crate::statistics_releases::export(&mut *tx).await?,
    })
}

async fn all_case_data(conn: &mut dyn Connection) -> StoreResult<CaseDump> {
    Ok(CaseDump {
        data_keys: keys::all_data_keys(conn).await?,
        case_settings: keys::all_case_settings(conn).await?,
        survivors: cases::all_survivors(conn).await?,
        cases: cases::all_cases(conn).await?,
        incidents: records::all_incidents(conn).await?,
        consents: sharing::all_consents(conn).await?,
        sharings: sharing::all_sharings(conn).await?,
        break_glass: sharing::all_break_glass(conn).await?,
        notes: records::all_notes(conn).await?,
        note_versions: records::all_note_versions(conn).await?,
        goals: records::all_goals(conn).await?,
        safety_plans: records::all_safety_plans(conn).await?,
        tasks: records::all_tasks(conn).await?,
    })
}

async fn all_settings(conn: &mut dyn Connection) -> StoreResult<Vec<(String, String)>> {
    query_as("SELECT key, value FROM settings ORDER BY key")
        .fetch_all(conn)
        .await
        .map_err(db)
}

pub async fn import_all(pool: &dyn Database, dump: &DatabaseDump) -> StoreResult<()> {
    let mut tx = write_tx(pool).await?;
    tx.lock(IMPORT_LOCK).await?;
    if counts(&mut tx).await?.iter().any(|(_, n)| *n > 0) {
        return Err(StoreError::NotEmpty);
    }
    // Rows may reference rows that come later in the dump (a parent area
    // with a higher id): check references at commit instead of per row.
    tx.defer_references().await?;
    for (key, value) in &dump.settings {
        query("INSERT INTO settings (key, value) VALUES ($1, $2)")
            .bind(key)
            .bind(value)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
    }
    for area in &dump.areas {
        areas_and_agencies::insert_area(&mut tx, area).await?;
    }
    for agency in &dump.agencies {
        areas_and_agencies::insert_agency(&mut tx, agency).await?;
    }
    for user in &dump.users {
        accounts::insert_user(&mut tx, user).await?;
    }
    for code in &dump.recovery_codes {
        accounts::insert_recovery_code(&mut tx, code).await?;
    }
    for session in &dump.sessions {
        accounts::insert_session(&mut tx, session).await?;
    }
    for token in &dump.api_tokens {
        accounts::insert_api_token(&mut tx, token).await?;
    }
    for failure in &dump.sign_in_failures {
        accounts::insert_sign_in_failure(&mut tx, failure).await?;
    }
    for body in &dump.bodies {
        areas_and_agencies::insert_body(&mut tx, body).await?;
    }
    for batch in dump.audit_events.chunks(EVENT_BATCH) {
        insert_events(&mut tx, batch).await?;
    }
    for checkpoint in &dump.checkpoints {
        audit::insert_checkpoint(&mut tx, checkpoint).await?;
    }
    insert_case_data(&mut tx, &dump.cases).await?;
    // Derived from the rows just imported, never copied.
    crate::incident_counts::rebuild(&mut *tx).await?;
    crate::risk::import(&mut tx, &dump.risk).await?;
    governance::insert_governance(&mut tx, &dump.governance).await?;
    service_directory::insert_directory(&mut tx, &dump.directory).await?;
    service_directory::insert_history(&mut tx, &dump.directory_history).await?;
    referrals::insert_referral_data(&mut tx, &dump.referrals).await?;
    crate::account_recovery::import(&mut tx, &dump.account_recovery).await?;
    crate::justice::import(&mut tx, &dump.justice).await?;
    crate::protection::import(&mut tx, &dump.protection).await?;
    crate::deaths::import(&mut tx, &dump.deaths).await?;
    crate::homicide_review::import(&mut tx, &dump.review).await?;
    crate::statistics_releases::import(&mut tx, &dump.statistics_releases).await?;
    // Explicit ids may have bypassed the engine's id sequence: new events
    // must get ids past every imported one.
    tx.resume_ids_after_import("audit_events").await?;
    tx.commit().await.map_err(|e| match e {
        DbError::ForeignKey { .. } => {
            StoreError::Backend("the dump refers to rows it does not contain".into())
        }
        other => db(other),
    })
}

async fn insert_case_data(conn: &mut dyn Connection, dump: &CaseDump) -> StoreResult<()> {
    for key in &dump.data_keys {
        keys::insert_data_key(conn, key).await?;
    }
    for settings in &dump.case_settings {
        keys::insert_case_settings(conn, settings).await?;
    }
    for survivor in &dump.survivors {
        cases::insert_survivor(conn, survivor).await?;
    }
    for case in &dump.cases {
        cases::insert_case(conn, case).await?;
    }
    for incident in &dump.incidents {
        records::insert_incident(conn, incident).await?;
    }
    for consent in &dump.consents {
        sharing::insert_consent(conn, consent).await?;
    }
    for sharing in &dump.sharings {
        sharing::insert_sharing(conn, sharing).await?;
    }
    for grant in &dump.break_glass {
        sharing::insert_break_glass(conn, grant).await?;
    }
    for note in &dump.notes {
        records::insert_note(conn, note).await?;
    }
    for version in &dump.note_versions {
        records::insert_note_version(conn, version).await?;
    }
    for goal in &dump.goals {
        records::insert_goal(conn, goal).await?;
    }
    for section in &dump.safety_plans {
        records::insert_safety_plan_section(conn, section).await?;
    }
    for task in &dump.tasks {
        records::insert_task(conn, task).await?;
    }
    Ok(())
}

/// Copies events as they are, ids and seals included, many per statement:
/// audit logs are by far the largest table.
async fn insert_events(conn: &mut dyn Connection, events: &[AuditEventRow]) -> StoreResult<()> {
    let mut insert = QueryBuilder::new(
        "INSERT INTO audit_events (id, at, actor_user_id, actor_agency_id, action, object_type,
                                   object_id, outcome, details, tree_position, leaf_hash) VALUES ",
    );
    let mut rows = insert.separated(", ");
    for e in events {
        rows.push("(")
            .push_bind_unseparated(e.id)
            .push_unseparated(", ")
            .push_bind_unseparated(e.at)
            .push_unseparated(", ")
            .push_bind_unseparated(e.actor_user_id.map(|u| u.0))
            .push_unseparated(", ")
            .push_bind_unseparated(e.actor_agency_id.map(|a| a.0))
            .push_unseparated(", ")
            .push_bind_unseparated(e.action.as_str())
            .push_unseparated(", ")
            .push_bind_unseparated(e.object_type.as_deref())
            .push_unseparated(", ")
            .push_bind_unseparated(e.object_id.as_deref())
            .push_unseparated(", ")
            .push_bind_unseparated(e.outcome.as_str())
            .push_unseparated(", ")
            .push_bind_unseparated(e.details.as_str())
            .push_unseparated(", ")
            .push_bind_unseparated(e.tree_position)
            .push_unseparated(", ")
            .push_bind_unseparated(e.leaf_hash.as_deref())
            .push_unseparated(")");
    }
    insert.build().execute(conn).await?;
    Ok(())
}
