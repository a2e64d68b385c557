//! Case notes: encrypted, with their author and time; an edit adds a
//! version and never overwrites.

use crate::app::App;
use crate::error::{AppError, AppResult};
use crate::field_crypto::Field;
use concord_domain::access::Actor;
use concord_domain::audit::{AuditAction, AuditOutcome};
use concord_domain::consent::DataCategory;
use concord_domain::ids::{CaseId, NoteId};
use concord_domain::validation::required_text;
use concord_store::{NoteRow, NoteVersionRow};

#[derive(Debug, Clone)]
pub struct NoteView {
    pub note: NoteRow,
    pub version: i32,
    pub body: String,
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

    pub async fn edit_note(
        &self,
        actor: &Actor,
        case_id: CaseId,
        note_id: NoteId,
        body: &str,
    ) -> AppResult<()> {
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
        Ok(())
    }

    pub(crate) async fn note_views(&self, case_id: CaseId) -> AppResult<Vec<NoteView>> {
        let mut views = Vec::new();
        for (note, version) in self.store.list_notes(case_id).await? {
            let key = version_key(note.id, version.version);
            let body = self.open_field(note_field(&key), &version.body).await?;
            views.push(NoteView {
                version: version.version,
                body: body.to_string(),
                edited_at: version.edited_at,
                note,
            });
        }
        Ok(views)
    }
}
