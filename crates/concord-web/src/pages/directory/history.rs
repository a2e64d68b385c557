//! An entry's history as people read it: when, who (person and agency),
//! what (the entry and how it changed) and each field with its old and new
//! value, named and worded through Fluent — ids become the names of
//! agencies, areas, organizations and locations; labels become words.
//! Personal fields say only that they changed.

use crate::error::PageError;
use crate::pages::PageChrome;
use crate::state::AppState;
use concord_app::directory::keeping::ChangeView;
use concord_domain::access::Actor;
use concord_domain::directory::EssentialService;
use concord_store::{HistoryFilter, PageRequest, TermRow};
use serde_json::Value;
use std::collections::HashMap;

/// One field that changed, worded.
pub struct FieldLine {
    pub label: String,
    pub old: String,
    pub new: String,
    pub withheld: bool,
}

/// One change, worded.
pub struct HistoryLine {
    pub at_iso: String,
    pub when: String,
    pub who: String,
    pub what: String,
    pub fields: Vec<FieldLine>,
}

/// What ids in a change are called.
struct Names {
    by_id: HashMap<String, String>,
    terms: Vec<TermRow>,
}

impl Names {
    async fn load(state: &AppState, actor: &Actor) -> Result<Self, PageError> {
        let app = &state.app;
        let mut by_id = HashMap::new();
        for a in app.all_agencies(actor).await? {
            by_id.insert(a.id.to_string(), a.name);
        }
        for a in app.all_areas(actor).await? {
            by_id.insert(a.id.to_string(), a.name);
        }
        for o in app.all_organizations(actor).await? {
            by_id.insert(o.id.to_string(), o.name);
        }
        for l in app.directory_locations(actor).await? {
            by_id.insert(l.id.to_string(), l.name);
        }
        Ok(Self {
            by_id,
            terms: app.taxonomy_terms(actor).await?,
        })
    }

    fn one(&self, page: &PageChrome, field: &str, value: &Value) -> String {
        match value {
            Value::Null => page.t("directory-history-none"),
            Value::Bool(true) => page.t("yes"),
            Value::Bool(false) => page.t("no"),
            Value::Number(n) => n.to_string(),
            Value::Array(items) => items
                .iter()
                .map(|v| self.one(page, field, v))
                .collect::<Vec<_>>()
                .join(", "),
            Value::String(text) => match field {
                "status" => page.label("service-status", text),
                "sex_gender" => page.label("sex-gender", text),
                "taxonomy" if EssentialService::parse(text).is_some() => page.label("esp", text),
                "taxonomy" => self
                    .terms
                    .iter()
                    .find(|t| &t.code == text)
                    .map(|t| t.name.clone())
                    .unwrap_or_else(|| text.clone()),
                "agency_id" | "organization_id" | "area_id" | "area_ids" | "location_ids" => self
                    .by_id
                    .get(text)
                    .cloned()
                    .unwrap_or_else(|| text.clone()),
                "last_verified_at" => text.get(..10).unwrap_or(text).to_string(),
                _ => text.clone(),
            },
            Value::Object(_) => value.to_string(),
        }
    }

    fn value(&self, page: &PageChrome, field: &str, value: &Option<Value>) -> String {
        match value {
            None => page.t("directory-history-none"),
            Some(v) => self.one(page, field, v),
        }
    }
}

/// The history (newest first, one page) of an organization or one entry.
pub async fn lines(
    state: &AppState,
    page: &PageChrome,
    actor: &Actor,
    filter: &HistoryFilter,
) -> Result<(Vec<HistoryLine>, bool), PageError> {
    let found = state
        .app
        .directory_history(actor, filter, &PageRequest::first(100))
        .await?;
    let names = Names::load(state, actor).await?;
    let lines = found
        .items
        .iter()
        .map(|view| line(state, page, &names, view))
        .collect();
    Ok((lines, found.next.is_some()))
}

fn line(state: &AppState, page: &PageChrome, names: &Names, view: &ChangeView) -> HistoryLine {
    let c = &view.change;
    let who = if c.actor_user_id.is_none() {
        page.t("directory-history-command-line")
    } else if view.actor_agency_name.is_empty() {
        view.actor_name.clone()
    } else {
        format!("{} ({})", view.actor_name, view.actor_agency_name)
    };
    let mut what = page.label("directory-entry", c.entry_kind.as_str());
    if !view.entry_name.is_empty() {
        what.push_str(" · ");
        what.push_str(&view.entry_name);
    }
    what.push_str(" · ");
    what.push_str(&page.label("directory-change", c.kind.as_str()));
    HistoryLine {
        at_iso: c.at.to_rfc3339(),
        when: state.app.local_text(c.at),
        who,
        what,
        fields: c
            .fields
            .iter()
            .map(|f| FieldLine {
                label: page.label("directory-field", &f.field),
                old: names.value(page, &f.field, &f.old),
                new: names.value(page, &f.field, &f.new),
                withheld: f.withheld,
            })
            .collect(),
    }
}
