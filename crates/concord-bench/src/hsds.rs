//! P5: `concord directory import` of an HSDS 3.0 file, in records
//! (organizations + locations + services) per second. The file is the
//! prepared database's own directory, exported and copied under new ids
//! and names until it holds the size asked; it is imported into a snapshot
//! of the prepared SQLite database (whole command: its areas are what the
//! services serve), then imported again (every record already there and
//! unchanged).

use crate::figures::{Subject, run_concord_on};
use anyhow::Context;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

pub async fn hsds_import(
    report: &mut crate::report::Report,
    s: &Subject<'_>,
    concord: &Path,
    organizations: usize,
) -> anyhow::Result<()> {
    let folder = s.prepared.data_dir.join("hsds");
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder)?;
    let exported = folder.join("exported.json");
    run_concord_on(
        concord,
        &s.prepared.database,
        &s.prepared.data_dir,
        &["directory", "export", &exported.display().to_string()],
    )?;
    let template: Value = serde_json::from_slice(&std::fs::read(&exported)?)?;
    let (grown, records) = grow(&template, organizations)?;
    let file = folder.join("grown.json");
    std::fs::write(&file, serde_json::to_vec(&grown)?)?;
    let bytes = std::fs::metadata(&file)?.len();
    let snapshot = folder.join("import.db").display().to_string();
    snapshot_of(&s.prepared.database, &snapshot).await?;
    let database = format!("sqlite://{snapshot}");
    let file = file.display().to_string();
    let mut seconds = Vec::new();
    for _ in 0..2 {
        let started = Instant::now();
        run_concord_on(
            concord,
            &database,
            &s.prepared.data_dir,
            &["directory", "import", &file],
        )?;
        seconds.push(started.elapsed().as_secs_f64());
    }
    report.push(s.row(
        "P5 HSDS import",
        None,
        format!(
            "{records} records ({:.0} MB), new: {:.0} records/s ({:.1} s, whole command); the same file again: {:.0} records/s",
            bytes as f64 / 1e6,
            records as f64 / seconds[0],
            seconds[0],
            records as f64 / seconds[1],
        ),
    ));
    Ok(())
}

/// The document with its organizations (and their locations, services and
/// service_at_locations) copied until there are `organizations`; nested
/// records lose their ids (the importer derives them), and the copies
/// name no member agency (one organization per agency). Returns it and its number of records.
fn grow(template: &Value, organizations: usize) -> anyhow::Result<(Value, usize)> {
    let list = |key: &str| {
        template[key]
            .as_array()
            .cloned()
            .with_context(|| format!("the exported directory has no {key}"))
    };
    let (orgs, locations, services, places) = (
        list("organizations")?,
        list("locations")?,
        list("services")?,
        list("service_at_locations")?,
    );
    anyhow::ensure!(!orgs.is_empty(), "the exported directory is empty");
    let mut out: HashMap<&str, Vec<Value>> = HashMap::new();
    for copy in 0.. {
        for org in &orgs {
            if out.get("organizations").map_or(0, Vec::len) >= organizations {
                return Ok(finish(template, out));
            }
            let org_id = new_id();
            let mut o = org.clone();
            o["id"] = json!(org_id);
            o["name"] = json!(format!("{} {copy}", org["name"].as_str().unwrap_or("")));
            o["x_concord"]["member_agency"] = Value::Null;
            strip_nested(&mut o);
            out.entry("organizations").or_default().push(o);
            let mut moved: HashMap<String, String> = HashMap::new();
            for l in locations
                .iter()
                .filter(|l| l["organization_id"] == org["id"])
            {
                let id = new_id();
                moved.insert(l["id"].as_str().unwrap_or("").into(), id.clone());
                let mut l = l.clone();
                l["id"] = json!(id);
                l["organization_id"] = json!(org_id);
                strip_nested(&mut l);
                out.entry("locations").or_default().push(l);
            }
            for service in services
                .iter()
                .filter(|s| s["organization_id"] == org["id"])
            {
                let id = new_id();
                let mut copied = service.clone();
                copied["id"] = json!(id);
                copied["organization_id"] = json!(org_id);
                strip_nested(&mut copied);
                out.entry("services").or_default().push(copied);
                for p in places.iter().filter(|p| p["service_id"] == service["id"]) {
                    if let Some(location) = p["location_id"].as_str().and_then(|l| moved.get(l)) {
                        out.entry("service_at_locations").or_default().push(
                            json!({"id": new_id(), "service_id": id, "location_id": location}),
                        );
                    }
                }
            }
        }
    }
    unreachable!("the loop returns once there are enough organizations")
}

fn finish(template: &Value, out: HashMap<&str, Vec<Value>>) -> (Value, usize) {
    let mut doc = template.clone();
    let mut records = 0;
    for key in [
        "organizations",
        "locations",
        "services",
        "service_at_locations",
    ] {
        let items = out.get(key).cloned().unwrap_or_default();
        if key != "service_at_locations" {
            records += items.len();
        }
        doc[key] = Value::Array(items);
    }
    (doc, records)
}

/// A consistent copy of the SQLite database at `database` in `path`.
async fn snapshot_of(database: &str, path: &str) -> anyhow::Result<()> {
    let pool = sqlx::SqlitePool::connect(&format!(
        "sqlite://{}",
        database.trim_start_matches("sqlite://")
    ))
    .await?;
    sqlx::query("VACUUM INTO ?")
        .bind(path)
        .execute(&pool)
        .await?;
    pool.close().await;
    Ok(())
}

/// Drops the ids of nested records and their links to the parent.
fn strip_nested(record: &mut Value) {
    let Some(fields) = record.as_object_mut() else {
        return;
    };
    for nested in fields.values_mut().filter_map(Value::as_array_mut) {
        for item in nested.iter_mut().filter_map(Value::as_object_mut) {
            for link in [
                "id",
                "organization_id",
                "location_id",
                "service_id",
                "link_id",
            ] {
                item.remove(link);
            }
        }
    }
}

/// A UUID not in the template (its ids are random v4/v7 ones).
fn new_id() -> String {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    format!("b0000000-0000-4000-8000-{n:012x}")
}
