//! The table `bench/` prints: every figure of the run with its ratios to
//! the baselines measured in the same run (the bare handler, and the
//! server's own `/healthz` on the same engine and database).

use crate::load::Measured;
use std::fmt::Write;

/// A load figure: throughput and latency under the run's concurrency.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LoadFigure {
    pub per_second: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub failed: u64,
}

impl From<&Measured> for LoadFigure {
    fn from(m: &Measured) -> Self {
        Self {
            per_second: m.per_second(),
            p50_ms: m.quantile_ms(0.5),
            p99_ms: m.quantile_ms(0.99),
            failed: m.failed,
        }
    }
}

/// One line of the table.
#[derive(Clone, Debug)]
pub struct Row {
    pub figure: String,
    /// "sqlite", "postgres", "postgres ×2" or "-" for the bare handler.
    pub engine: String,
    pub cases: Option<u64>,
    pub load: Option<LoadFigure>,
    /// What the figure measured when it is not a load (a median, a rate,
    /// a size), or a remark.
    pub note: String,
}

/// The figures of one run.
#[derive(Default)]
pub struct Report {
    pub rows: Vec<Row>,
}

pub const HELLO: &str = "bare axum hello";
pub const HEALTHZ: &str = "Concord /healthz";

impl Report {
    pub fn push(&mut self, row: Row) {
        self.rows.push(row);
    }

    fn throughput_of(&self, figure: &str, engine: Option<&str>, cases: Option<u64>) -> Option<f64> {
        self.rows
            .iter()
            .find(|r| {
                r.figure == figure
                    && engine.is_none_or(|e| r.engine == e)
                    && (cases.is_none() || r.cases == cases)
            })
            .and_then(|r| r.load)
            .map(|l| l.per_second)
    }

    /// The same figure on the same engine at the smallest number of cases.
    fn smallest_scale_of(&self, row: &Row) -> Option<(u64, f64)> {
        self.rows
            .iter()
            .filter(|r| r.figure == row.figure && r.engine == row.engine)
            .filter_map(|r| Some((r.cases?, r.load?.per_second)))
            .min_by_key(|(cases, _)| *cases)
    }

    /// The table in markdown.
    pub fn markdown(&self) -> String {
        let hello = self.throughput_of(HELLO, None, None);
        let mut out = String::from(
            "| figure | engine | cases | req/s | p50 ms | p99 ms | % of hello | % of healthz | notes |\n\
             |---|---|---|---|---|---|---|---|---|\n",
        );
        for row in &self.rows {
            let cases = row.cases.map(thousands).unwrap_or_else(|| "-".into());
            let (rate, p50, p99, of_hello, of_healthz) = match row.load {
                None => ("-".into(), "-".into(), "-".into(), "-".into(), "-".into()),
                Some(load) => {
                    let healthz = self.throughput_of(
                        HEALTHZ,
                        Some(row.engine.trim_end_matches(" ×2")),
                        row.cases,
                    );
                    (
                        thousands(load.per_second.round() as u64),
                        format!("{:.1}", load.p50_ms),
                        format!("{:.1}", load.p99_ms),
                        percent(load.per_second, hello),
                        percent(load.per_second, healthz),
                    )
                }
            };
            let mut notes = row.note.clone();
            if let (Some(load), Some(cases), Some((smallest, base))) =
                (row.load, row.cases, self.smallest_scale_of(row))
                && cases > smallest
                && load.per_second > 0.0
            {
                let _ = write!(
                    notes,
                    "{}{:.2}× slower than at {}",
                    if notes.is_empty() { "" } else { "; " },
                    base / load.per_second,
                    thousands(smallest)
                );
            }
            if let Some(load) = row.load.filter(|l| l.failed > 0) {
                let _ = write!(
                    notes,
                    "{}{} failed",
                    if notes.is_empty() { "" } else { "; " },
                    load.failed
                );
            }
            let _ = writeln!(
                out,
                "| {} | {} | {cases} | {rate} | {p50} | {p99} | {of_hello} | {of_healthz} | {notes} |",
                row.figure, row.engine
            );
        }
        out
    }
}

fn percent(value: f64, of: Option<f64>) -> String {
    match of {
        Some(base) if base > 0.0 => format!("{:.1} %", 100.0 * value / base),
        _ => "-".into(),
    }
}

/// 12345 → "12,345".
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(per_second: f64) -> Option<LoadFigure> {
        Some(LoadFigure {
            per_second,
            p50_ms: 2.0,
            p99_ms: 9.5,
            failed: 0,
        })
    }

    fn row(figure: &str, engine: &str, cases: Option<u64>, per_second: f64) -> Row {
        Row {
            figure: figure.into(),
            engine: engine.into(),
            cases,
            load: load(per_second),
            note: String::new(),
        }
    }

    fn line_of<'a>(table: &'a str, start: &str) -> &'a str {
        table
            .lines()
            .find(|l| l.starts_with(start))
            .expect("the row is in the table")
    }

    #[test]
    fn ratios_are_against_the_same_runs_hello_and_the_same_engines_healthz() {
        let mut report = Report::default();
        report.push(row(HELLO, "-", None, 40_000.0));
        report.push(row(HEALTHZ, "sqlite", Some(10_000), 8_000.0));
        report.push(row(HEALTHZ, "postgres", Some(10_000), 4_000.0));
        report.push(row("P1 caseload API", "sqlite", Some(10_000), 2_000.0));
        report.push(row("P1 caseload API", "postgres ×2", Some(10_000), 1_000.0));
        let table = report.markdown();
        assert_eq!(
            line_of(&table, "| P1 caseload API | sqlite"),
            "| P1 caseload API | sqlite | 10,000 | 2,000 | 2.0 | 9.5 | 5.0 % | 25.0 % |  |"
        );
        assert!(line_of(&table, "| P1 caseload API | postgres ×2").contains("| 2.5 % | 25.0 % |"));
    }

    #[test]
    fn a_larger_scale_says_how_much_slower_it_is_than_the_smallest() {
        let mut report = Report::default();
        report.push(row("P1 caseload API", "sqlite", Some(10_000), 2_000.0));
        report.push(row("P1 caseload API", "sqlite", Some(100_000), 1_600.0));
        let table = report.markdown();
        assert!(
            line_of(&table, "| P1 caseload API | sqlite | 100,000")
                .ends_with("| 1.25× slower than at 10,000 |")
        );
        assert!(line_of(&table, "| P1 caseload API | sqlite | 10,000").ends_with("| - | - |  |"));
    }

    #[test]
    fn figures_that_are_not_loads_show_their_note_and_no_ratio() {
        let mut report = Report::default();
        report.push(Row {
            figure: "P4 audit verify".into(),
            engine: "sqlite".into(),
            cases: Some(10_000),
            load: None,
            note: "50,000 events/s".into(),
        });
        let table = report.markdown();
        assert_eq!(
            line_of(&table, "| P4"),
            "| P4 audit verify | sqlite | 10,000 | - | - | - | - | - | 50,000 events/s |"
        );
    }

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000), "1,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }
}
