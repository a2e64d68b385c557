//! Downloads of a published release: the canonical JSON (whose SHA-256 is
//! in the audit log), CSV of the whole release or of one table (suppressed
//! cells read `suppressed`; every row carries the release id and content
//! hash so `concord statistics verify` can check it), XLSX (a sheet per
//! table, the definitions on a sheet of their own), and DHIS2
//! `dataValueSets` JSON (suppressed cells left out).

use crate::app::App;
use crate::error::{AppError, AppResult};
use concord_domain::Invalid;
use concord_domain::access::Actor;
use concord_domain::ids::StatisticsReleaseId;
use concord_domain::statistics_release::{PublishedRelease, ReleaseStatus, dhis2};
use sha2::{Digest, Sha256};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// The canonical published form.
    Json,
    Csv,
    /// A sheet per table and one of definitions.
    Xlsx,
    /// DHIS2 `dataValueSets` JSON.
    Dhis2,
}

impl ExportFormat {
    pub fn parse(text: &str) -> Result<ExportFormat, Invalid> {
        match text {
            "json" => Ok(ExportFormat::Json),
            "csv" => Ok(ExportFormat::Csv),
            "xlsx" => Ok(ExportFormat::Xlsx),
            "dhis2" => Ok(ExportFormat::Dhis2),
            _ => Err(Invalid::one("format", "must be json, csv, xlsx or dhis2")),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReleaseFile {
    pub filename: String,
    pub content_type: &'static str,
    pub bytes: Vec<u8>,
}

/// Hex SHA-256.
pub fn content_hash(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// The CSV header; `verify` recognises a release CSV by it.
pub const CSV_HEADER: [&str; 10] = [
    "release_id",
    "content_hash",
    "indicator_set",
    "period",
    "area_code",
    "table",
    "unit",
    "breakdown",
    "category",
    "value",
];

/// The release (or one of its tables, by code) as CSV; `None` for a table
/// code it does not have.
pub fn release_csv(doc: &PublishedRelease, hash: &str, table: Option<&str>) -> Option<Vec<u8>> {
    if table.is_some_and(|code| !doc.tables.iter().any(|t| t.code == code)) {
        return None;
    }
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(CSV_HEADER).ok()?;
    let id = doc.release_id.to_string();
    for t in doc
        .tables
        .iter()
        .filter(|t| table.is_none_or(|code| t.code == code))
    {
        for row in &t.rows {
            writer
                .write_record([
                    id.as_str(),
                    hash,
                    &doc.indicator_set,
                    &doc.period,
                    &doc.area_code,
                    &t.code,
                    &t.unit,
                    t.breakdown.as_deref().unwrap_or(""),
                    &row.category,
                    &row.cell.text(),
                ])
                .ok()?;
        }
    }
    writer.into_inner().ok()
}

/// The DHIS2 `dataValueSets` payload, pretty JSON.
pub fn dhis2_json(doc: &PublishedRelease) -> Option<Vec<u8>> {
    let value = dhis2::data_value_set(doc)?;
    serde_json::to_vec_pretty(&value).ok()
}

/// The stored canonical form of a published release and its hash.
pub(crate) fn published_form(
    release: &concord_store::StatisticsReleaseRow,
) -> AppResult<(PublishedRelease, String, String)> {
    let (Some(document), Some(hash)) = (&release.published_document, &release.content_hash) else {
        return Err(AppError::NotFound);
    };
    let doc = PublishedRelease::parse(document.as_bytes())
        .map_err(|e| AppError::Internal(e.to_string()))?;
    Ok((doc, document.clone(), hash.clone()))
}

impl App {
    /// A download of a published release (or of one table: CSV only).
    /// `actor` `None` is the public, when the deployment publishes.
    pub async fn download_statistics_release(
        &self,
        actor: Option<&Actor>,
        id: StatisticsReleaseId,
        format: ExportFormat,
        table: Option<&str>,
    ) -> AppResult<ReleaseFile> {
        let view = self.statistics_release(actor, id).await?;
        if view.release.status != ReleaseStatus::Published {
            return Err(AppError::NotFound);
        }
        let (doc, document, hash) = published_form(&view.release)?;
        let stem = format!("statistics-release-{id}");
        let no_table = || Invalid::one("table", "must be the code of one of the release's tables");
        match (format, table) {
            (ExportFormat::Csv, Some(code)) => Ok(ReleaseFile {
                filename: format!("{stem}-{code}.csv"),
                content_type: "text/csv; charset=utf-8",
                bytes: release_csv(&doc, &hash, Some(code)).ok_or_else(no_table)?,
            }),
            (_, Some(_)) => {
                Err(Invalid::one("table", "a single table downloads as CSV only").into())
            }
            (ExportFormat::Json, None) => Ok(ReleaseFile {
                filename: format!("{stem}.json"),
                content_type: "application/json",
                bytes: document.into_bytes(),
            }),
            (ExportFormat::Csv, None) => Ok(ReleaseFile {
                filename: format!("{stem}.csv"),
                content_type: "text/csv; charset=utf-8",
                bytes: release_csv(&doc, &hash, None)
                    .ok_or_else(|| AppError::Internal("CSV".into()))?,
            }),
            (ExportFormat::Xlsx, None) => Ok(ReleaseFile {
                filename: format!("{stem}.xlsx"),
                content_type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                bytes: super::xlsx::release_xlsx(&doc, &hash)
                    .map_err(|e| AppError::Internal(e.to_string()))?,
            }),
            (ExportFormat::Dhis2, None) => Ok(ReleaseFile {
                filename: format!("{stem}-dhis2.json"),
                content_type: "application/json",
                bytes: dhis2_json(&doc).ok_or_else(|| AppError::Internal("DHIS2".into()))?,
            }),
        }
    }
}
