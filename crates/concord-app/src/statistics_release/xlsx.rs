//! A published release as an XLSX workbook: a sheet of definitions (the
//! release's identity, then each table's code, title, unit, breakdown and
//! definition) and a sheet per table (category, value), suppressed cells
//! reading `suppressed`. Not a verifiable form (a workbook carries its
//! creation time): the canonical JSON and the CSV are.

use concord_domain::statistics_release::{Cell, PublishedRelease};
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

/// Excel's longest sheet name.
const SHEET_NAME_MAX: usize = 31;

pub fn release_xlsx(doc: &PublishedRelease, hash: &str) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    definitions(workbook.add_worksheet(), doc, hash, &bold)?;
    for table in &doc.tables {
        let sheet = workbook.add_worksheet();
        let name: String = table.code.chars().take(SHEET_NAME_MAX).collect();
        sheet.set_name(&name)?;
        sheet.write_string_with_format(0, 0, "category", &bold)?;
        sheet.write_string_with_format(0, 1, "value", &bold)?;
        for (i, row) in table.rows.iter().enumerate() {
            let r = u32::try_from(i + 1).unwrap_or(u32::MAX);
            sheet.write_string(r, 0, &row.category)?;
            match &row.cell {
                Cell::Count(n) => {
                    sheet.write_number(r, 1, *n as f64)?;
                }
                Cell::Percent(p) => match p.parse::<f64>() {
                    Ok(value) => {
                        sheet.write_number(r, 1, value)?;
                    }
                    Err(_) => {
                        sheet.write_string(r, 1, p)?;
                    }
                },
                other @ (Cell::Suppressed | Cell::Empty) => {
                    sheet.write_string(r, 1, other.text())?;
                }
            }
        }
    }
    workbook.save_to_buffer()
}

fn definitions(
    sheet: &mut Worksheet,
    doc: &PublishedRelease,
    hash: &str,
    bold: &Format,
) -> Result<(), XlsxError> {
    sheet.set_name("definitions")?;
    let id = doc.release_id.to_string();
    let threshold = doc.small_cell_threshold.to_string();
    let identity = [
        ("release_id", id.as_str()),
        ("content_hash", hash),
        ("indicator_set", doc.indicator_set.as_str()),
        ("period", doc.period.as_str()),
        ("area_code", doc.area_code.as_str()),
        ("area_name", doc.area_name.as_str()),
        ("published_at", doc.published_at.as_str()),
        ("small_cell_threshold", threshold.as_str()),
    ];
    let mut r = 0u32;
    for (name, value) in identity {
        sheet.write_string_with_format(r, 0, name, bold)?;
        sheet.write_string(r, 1, value)?;
        r += 1;
    }
    r += 1;
    for (c, heading) in ["table", "title", "unit", "breakdown", "definition"]
        .into_iter()
        .enumerate()
    {
        sheet.write_string_with_format(r, c as u16, heading, bold)?;
    }
    for table in &doc.tables {
        r += 1;
        let values = [
            table.code.as_str(),
            table.title.as_str(),
            table.unit.as_str(),
            table.breakdown.as_deref().unwrap_or(""),
            table.definition.as_str(),
        ];
        for (c, value) in values.into_iter().enumerate() {
            sheet.write_string(r, c as u16, value)?;
        }
    }
    Ok(())
}
