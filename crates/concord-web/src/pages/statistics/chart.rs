//! Charts drawn on the server as SVG (no script): bars for a breakdown, a
//! line for a monthly trend. Each is shown beside a table of the same
//! figures, so the chart itself is decoration (`aria-hidden`). A suppressed
//! figure has no bar and no point: the chart says "suppressed" where the
//! table does.

/// One figure: its label and its value, `None` when suppressed.
pub struct Point {
    pub label: String,
    pub value: Option<u32>,
}

pub const WIDTH: u32 = 480;
const ROW: u32 = 22;
const LABEL: u32 = 200;
const HEIGHT: u32 = 180;
const PAD: u32 = 24;

/// A horizontal bar per figure.
pub struct Bars {
    pub height: u32,
    pub bars: Vec<Bar>,
}

pub struct Bar {
    pub y: u32,
    pub text_y: u32,
    pub width: u32,
    pub label: String,
    /// The number, or the word for suppressed.
    pub value: String,
    pub value_x: u32,
}

pub fn bars(points: &[Point], suppressed: &str) -> Bars {
    let max = points
        .iter()
        .filter_map(|p| p.value)
        .max()
        .unwrap_or(0)
        .max(1);
    let room = WIDTH - LABEL - 60;
    let bars = points
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let y = ROW * i as u32 + 4;
            let width = p.value.map_or(0, |v| v * room / max);
            Bar {
                y,
                text_y: y + 14,
                width,
                label: p.label.clone(),
                value: p.value.map_or(suppressed.to_string(), |v| v.to_string()),
                value_x: LABEL + width + 6,
            }
        })
        .collect();
    Bars {
        height: ROW * points.len() as u32 + 8,
        bars,
    }
}

/// A line through the months whose figure is shown; suppressed months
/// break the line (no point is invented).
pub struct Line {
    pub height: u32,
    /// Each unbroken run, as SVG `points` text.
    pub runs: Vec<String>,
    /// `(x, label)` under the axis.
    pub ticks: Vec<(u32, String)>,
    pub baseline: u32,
}

pub fn line(points: &[Point]) -> Line {
    let max = points
        .iter()
        .filter_map(|p| p.value)
        .max()
        .unwrap_or(0)
        .max(1);
    let n = points.len().max(2) as u32;
    let step = (WIDTH - 2 * PAD) / (n - 1);
    let x = |i: usize| PAD + step * i as u32;
    let y = |v: u32| HEIGHT - PAD - (HEIGHT - 2 * PAD) * v / max;
    let mut runs = Vec::new();
    let mut run = Vec::new();
    for (i, p) in points.iter().enumerate() {
        match p.value {
            Some(v) => run.push(format!("{},{}", x(i), y(v))),
            None if !run.is_empty() => runs.push(std::mem::take(&mut run).join(" ")),
            None => {}
        }
    }
    if !run.is_empty() {
        runs.push(run.join(" "));
    }
    Line {
        height: HEIGHT,
        runs,
        ticks: points
            .iter()
            .enumerate()
            .map(|(i, p)| (x(i), p.label.clone()))
            .collect(),
        baseline: HEIGHT - PAD,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(label: &str, value: Option<u32>) -> Point {
        Point {
            label: label.into(),
            value,
        }
    }

    #[test]
    fn the_longest_bar_is_the_largest_figure_and_a_suppressed_one_has_none() {
        let b = bars(
            &[p("a", Some(10)), p("b", Some(20)), p("c", None)],
            "suppressed",
        );
        assert_eq!(b.bars[1].width, WIDTH - LABEL - 60);
        assert_eq!(b.bars[0].width, (WIDTH - LABEL - 60) / 2);
        assert_eq!(b.bars[2].width, 0);
        assert_eq!(b.bars[2].value, "suppressed");
    }

    #[test]
    fn a_suppressed_month_breaks_the_line() {
        let l = line(&[
            p("1", Some(10)),
            p("2", None),
            p("3", Some(5)),
            p("4", Some(0)),
        ]);
        assert_eq!(l.runs.len(), 2);
        assert_eq!(l.runs[1].split(' ').count(), 2);
    }
}
