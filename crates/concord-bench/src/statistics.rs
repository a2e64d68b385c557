//! S: the statistics dashboards (issue 13 §6), medians with one client.
//! They read the incident summary kept in step with the writes, so their
//! cost should stay flat as the number of cases grows (goal: 1 M / 10 k
//! ≤ 1.5×, median ≤ 50 ms at 1 M).

use crate::figures::{Load, SUPERVISOR, Subject, measure};
use crate::report::Report;
use crate::server::Server;
use chrono::{Datelike, Months, Utc};

const ANALYST: &str = "analyst";

/// The periods the dashboards are read for: this year, the quarter and the
/// month before this one (complete, and inside the generated history).
fn periods() -> (String, String, String) {
    let today = Utc::now().date_naive();
    let last_month = today - Months::new(1);
    (
        today.year().to_string(),
        format!(
            "{}-Q{}",
            last_month.year(),
            (last_month.month() - 1) / 3 + 1
        ),
        format!("{}-{:02}", last_month.year(), last_month.month()),
    )
}

pub async fn dashboards(
    report: &mut Report,
    s: &Subject<'_>,
    server: &Server,
    load: &Load,
) -> anyhow::Result<()> {
    let one = Load {
        connections: 1,
        duration: load.duration,
    };
    let (year, quarter, month) = periods();
    let views = [
        (
            "S1 statistics, national, this year (analyst)",
            s.page(ANALYST, &format!("/statistics/incidents?period={year}"))?,
        ),
        (
            "S2 statistics, national, a quarter by age group (analyst)",
            s.page(
                ANALYST,
                &format!("/statistics/incidents?period={quarter}&breakdown=age_group"),
            )?,
        ),
        (
            "S3 statistics, national, a month (analyst)",
            s.page(ANALYST, &format!("/statistics/incidents?period={month}"))?,
        ),
        (
            "S4 statistics API, national, this year (analyst)",
            s.api(
                ANALYST,
                &format!("/api/v1/statistics/incidents?period={year}"),
            )?,
        ),
        (
            "S5 statistics, own agency exactly, this year (supervisor)",
            s.page(
                SUPERVISOR,
                &format!("/statistics/incidents?period={year}&agencies=own"),
            )?,
        ),
    ];
    for (figure, request) in views {
        match measure(&[server.addr], figure, &request, &one).await {
            Ok(m) => report.push(s.row(
                figure,
                None,
                format!(
                    "median {:.1} ms, p99 {:.1} ms (1 client)",
                    m.quantile_ms(0.5),
                    m.quantile_ms(0.99)
                ),
            )),
            Err(e) => report.push(s.row(figure, None, format!("not measured: {e}"))),
        }
    }
    Ok(())
}
