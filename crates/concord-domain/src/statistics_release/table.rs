//! A published table: one indicator (its code, title and definition) with
//! a row per category of its breakdown (or one total row), each cell a
//! count, a percentage, "suppressed", or empty when there is nothing to
//! divide by. Frozen when the release is prepared.

use serde::{Deserialize, Serialize};

/// The category of a row that is not broken down.
pub const TOTAL: &str = "total";

/// What a suppressed cell reads in CSV and XLSX.
pub const SUPPRESSED: &str = "suppressed";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "value")]
pub enum Cell {
    Count(u64),
    /// A percentage with one decimal, as text (`33.3`) so it reads and
    /// hashes the same everywhere.
    Percent(String),
    /// Hidden by small-cell suppression (or to protect a hidden cell).
    Suppressed,
    /// A percentage of nothing.
    Empty,
}

impl Cell {
    /// The cell as it reads in a published file.
    pub fn text(&self) -> String {
        match self {
            Cell::Count(n) => n.to_string(),
            Cell::Percent(p) => p.clone(),
            Cell::Suppressed => SUPPRESSED.to_string(),
            Cell::Empty => String::new(),
        }
    }

    /// A figure that may be published as a number (not suppressed, not empty).
    pub fn figure(&self) -> Option<String> {
        match self {
            Cell::Count(_) | Cell::Percent(_) => Some(self.text()),
            Cell::Suppressed | Cell::Empty => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableRow {
    /// [`TOTAL`], or the code of a category of the table's breakdown
    /// (`police`).
    pub category: String,
    pub cell: Cell,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishedTable {
    /// The indicator's stable code (DHIS2 data element).
    pub code: String,
    pub title: String,
    /// Numerator, denominator, period rule, what is excluded.
    pub definition: String,
    /// `count` or `percent`.
    pub unit: String,
    /// The breakdown of the rows after the total, if any (`referring_sector`).
    pub breakdown: Option<String>,
    pub rows: Vec<TableRow>,
}

impl PublishedTable {
    pub fn suppressed_cells(&self) -> usize {
        self.rows
            .iter()
            .filter(|r| r.cell == Cell::Suppressed)
            .count()
    }
}
