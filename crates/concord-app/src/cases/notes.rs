//! Case notes: encrypted, with their author and time; an edit adds a
//! version and never overwrites, and every version can be read back.

use crate::app::App;
use crate::error::{AppError, AppResult};
use crate::field_crypto::Field;
use concord_domain::access::Actor;
use concord_domain::audit::{AuditAction, AuditOutcome};
use concord_domain::case_access::CaseOperation;
use concord_domain::consent::{DataCategory, Purpose};
use concord_domain::ids::{CaseId, NoteId, UserId};
use concord_domain::validation::required_text;
use concord_store::{NoteRow, NoteVersionRow};
use std::collections::HashMap;

/// A note as it reads now: its latest version.
#[derive(Debug, Clone)]
pub struct NoteView {
    pub note: NoteRow,
    /// The latest version's number, which is also how many versions the
    /// note has (they are numbered 1, 2, 3…).
    pub version: i32,
    pub body: String,
    pub edited_by: UserId,
    /// The display name of whoever wrote the latest version.
    pub edited_by_name: String,
    pub edited_at: chrono::DateTime<chrono::Utc>,
}

/// One version of a note, decrypted.
#[derive(Debug, Clone)]
pub struct NoteVersionView {
    pub version: i32,
    pub body: String,
    pub edited_by: UserId,
    /// The display name of whoever wrote this version.
    pub edited_by_name: String,
    pub edited_at: chrono::DateTime<chrono::Utc>,
}

/// A version's ciphertext is bound to its note and version number.
fn note_field(id: &str) -> Field<'_> {
    Field::new("note_versions", "body", id)
}

fn version_key(note: NoteId, version: i32) -> String {
    format!("{note}:{version}")
}

fn check_body(body: &str) -> Result<String, concord_domain::Invalid> {
    let mut invalid = concord_domain::Invalid::default();
    let body = required_text(&mut invalid, "body", body, 20_000);
    invalid.into_result(body)
}

impl App {
    pub async fn add_note(&self, actor: &Actor, case_id: CaseId, body: &str) -> AppResult<NoteRow> {
        let case = self
            .case_for_change(actor, case_id, DataCategory::CaseNotes)
            .await?;
        let body = check_body(body)?;
        let now = self.clock.now();
        let note = NoteRow {
            id: NoteId::new(),
            case_id,
            author_id: actor.user_id,
            created_at: now,
        };
        let key = version_key(note.id, 1);
        let version = NoteVersionRow {
            note_id: note.id,
            version: 1,
            body: self
                .seal_field(case.owning_agency, note_field(&key), &body)
                .await?,
            edited_by: actor.user_id,
            edited_at: now,
        };
        let event = self.event(
            Some(actor),
            AuditAction::NoteAdded,
            Some(("case", case_id.to_string())),
            AuditOutcome::Success,
            serde_json::json!({ "note_id": note.id }),
        );
        self.store.create_note(&note, &version, &event).await?;
        Ok(note)
    }

    /// Adds a version to a note of this case; returns its number.
    pub async fn edit_note(
        &self,
        actor: &Actor,
        case_id: CaseId,
        note_id: NoteId,
        body: &str,
    ) -> AppResult<i32> {
        let case = self
            .case_for_change(actor, case_id, DataCategory::CaseNotes)
            .await?;
        let body = check_body(body)?;
        let history = self.store.note_history(note_id).await?;
        let Some(latest) = history.last() else {
            return Err(AppError::NotFound);
        };
        if !self
            .store
            .list_notes(case_id)
            .await?
            .iter()
            .any(|(n, _)| n.id == note_id)
        {
            return Err(AppError::NotFound);
        }
        let number = latest.version + 1;
        let key = version_key(note_id, number);
        let version = NoteVersionRow {
            note_id,
            version: number,
            body: self
                .seal_field(case.owning_agency, note_field(&key), &body)
                .await?,
            edited_by: actor.user_id,
            edited_at: self.clock.now(),
        };
        let event = self.event(
            Some(actor),
            AuditAction::NoteEdited,
            Some(("case", case_id.to_string())),
            AuditOutcome::Success,
            serde_json::json!({ "note_id": note_id, "version": number }),
        );
        self.store.add_note_version(&version, &event).await?;
        Ok(number)
    }

    /// Every version of one note of the case, newest first. Reading them
    /// is reading the case notes: the same access decision for `purpose`
    /// (required when the case is another agency's), a refusal audited
    /// with its reason and a reading audited with its basis.
    pub async fn note_versions(
        &self,
        actor: &Actor,
        case_id: CaseId,
        note_id: NoteId,
        purpose: Option<Purpose>,
    ) -> AppResult<Vec<NoteVersionView>> {
        let grants = self.case_grants(actor, case_id).await?;
        let basis = self
            .authorise_case(
                actor,
                &grants,
                CaseOperation::Read(DataCategory::CaseNotes),
                purpose,
            )
            .await?;
        if !self
            .store
            .list_notes(case_id)
            .await?
            .iter()
            .any(|(n, _)| n.id == note_id)
        {
            return Err(AppError::NotFound);
        }
        let event = self.event(
            Some(actor),
            AuditAction::CaseViewed,
            Some(("case", case_id.to_string())),
            AuditOutcome::Success,
            serde_json::json!({
                "basis": basis.as_str(),
                "categories": [DataCategory::CaseNotes.as_str()],
                "purpose": purpose.map(|p| p.as_str()),
                "note_id": note_id,
            }),
        );
        self.store.append_audit(&event).await?;
        let history = self.store.note_history(note_id).await?;
        let names = self
            .display_names(history.iter().map(|v| v.edited_by))
            .await?;
        let mut versions = Vec::with_capacity(history.len());
        for version in history.into_iter().rev() {
            let key = version_key(note_id, version.version);
            let body = self.open_field(note_field(&key), &version.body).await?;
            versions.push(NoteVersionView {
                version: version.version,
                body: body.to_string(),
                edited_by_name: names.get(&version.edited_by).cloned().unwrap_or_default(),
                edited_by: version.edited_by,
                edited_at: version.edited_at,
            });
        }
        Ok(versions)
    }

    pub(crate) async fn note_views(&self, case_id: CaseId) -> AppResult<Vec<NoteView>> {
        let notes = self.store.list_notes(case_id).await?;
        let names = self
            .display_names(notes.iter().map(|(_, v)| v.edited_by))
            .await?;
        let mut views = Vec::with_capacity(notes.len());
        for (note, version) in notes {
            let key = version_key(note.id, version.version);
            let body = self.open_field(note_field(&key), &version.body).await?;
            views.push(NoteView {
                version: version.version,
                body: body.to_string(),
                edited_by_name: names.get(&version.edited_by).cloned().unwrap_or_default(),
                edited_by: version.edited_by,
                edited_at: version.edited_at,
                note,
            });
        }
        Ok(views)
    }

    /// The display names of the staff who wrote notes (looked up once per
    /// person, for this call only).
    async fn display_names(
        &self,
        users: impl Iterator<Item = UserId>,
    ) -> AppResult<HashMap<UserId, String>> {
        let mut names = HashMap::new();
        for user in users {
            if names.contains_key(&user) {
                continue;
            }
            let name = self
                .store
                .get_user(user)
                .await?
                .map(|u| u.display_name)
                .unwrap_or_default();
            names.insert(user, name);
        }
        Ok(names)
    }
}
