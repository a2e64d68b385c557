//! The self-assessment trend as an SVG line chart drawn on the server: no
//! script, presentation attributes only (the content security policy
//! allows no inline styles), a title and description for screen readers,
//! and the same figures in a table beside it.

/// One line of the chart: a name and a value per round, in tenths of the
/// 1–5 scale (`None` where a round had no answers).
pub struct Series {
    pub name: String,
    pub values: Vec<Option<u32>>,
}

const WIDTH: u32 = 560;
const HEIGHT: u32 = 260;
const LEFT: u32 = 40;
const RIGHT: u32 = 150;
const TOP: u32 = 20;
const BOTTOM: u32 = 40;
/// Distinct in colour and in dash pattern, so lines differ without colour.
const STYLES: [(&str, &str); 5] = [
    ("#1b5e96", ""),
    ("#b2432f", "6 3"),
    ("#2e7d32", "2 3"),
    ("#6a3d9a", "8 3 2 3"),
    ("#7a5c00", "1 1"),
];

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The chart; `labels` name the rounds (x axis).
pub fn trend_svg(title: &str, description: &str, labels: &[String], series: &[Series]) -> String {
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let x = |i: usize| -> u32 {
        if labels.len() <= 1 {
            LEFT + plot_w / 2
        } else {
            LEFT + (plot_w * i as u32) / (labels.len() as u32 - 1)
        }
    };
    // 0..=50 tenths onto the plot's height.
    let y = |tenths: u32| -> u32 { TOP + plot_h - (plot_h * tenths.min(50)) / 50 };
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" width=\"100%\" role=\"img\" aria-labelledby=\"trend-title trend-desc\" class=\"chart\">\
<title id=\"trend-title\">{}</title><desc id=\"trend-desc\">{}</desc>",
        escape(title),
        escape(description)
    );
    for score in 0..=5u32 {
        let yy = y(score * 10);
        svg.push_str(&format!(
            "<line x1=\"{LEFT}\" y1=\"{yy}\" x2=\"{}\" y2=\"{yy}\" stroke=\"#d0d0d0\" stroke-width=\"1\"/>\
<text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"end\" fill=\"#444\">{score}</text>",
            LEFT + plot_w,
            LEFT - 6,
            yy + 4
        ));
    }
    for (i, label) in labels.iter().enumerate() {
        svg.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"middle\" fill=\"#444\">{}</text>",
            x(i),
            HEIGHT - BOTTOM + 18,
            escape(label)
        ));
    }
    for (n, line) in series.iter().enumerate() {
        let (colour, dash) = STYLES[n % STYLES.len()];
        let points: Vec<(u32, u32)> = line
            .values
            .iter()
            .enumerate()
            .filter_map(|(i, v)| v.map(|v| (x(i), y(v))))
            .collect();
        if points.len() > 1 {
            let path: Vec<String> = points.iter().map(|(a, b)| format!("{a},{b}")).collect();
            svg.push_str(&format!(
                "<polyline points=\"{}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\"{}/>",
                path.join(" "),
                if dash.is_empty() {
                    String::new()
                } else {
                    format!(" stroke-dasharray=\"{dash}\"")
                }
            ));
        }
        for (a, b) in &points {
            svg.push_str(&format!(
                "<circle cx=\"{a}\" cy=\"{b}\" r=\"3\" fill=\"{colour}\"/>"
            ));
        }
        let ly = TOP + 16 * n as u32 + 6;
        let lx = LEFT + plot_w + 14;
        svg.push_str(&format!(
            "<line x1=\"{lx}\" y1=\"{ly}\" x2=\"{}\" y2=\"{ly}\" stroke=\"{colour}\" stroke-width=\"2\"{}/>\
<text x=\"{}\" y=\"{}\" font-size=\"11\" fill=\"#222\">{}</text>",
            lx + 18,
            if dash.is_empty() {
                String::new()
            } else {
                format!(" stroke-dasharray=\"{dash}\"")
            },
            lx + 24,
            ly + 4,
            escape(&line.name)
        ));
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_one_line_per_measure_with_its_points() {
        let svg = trend_svg(
            "Trend",
            "Means by round",
            &["Autumn".into(), "Spring <2026>".into()],
            &[
                Series {
                    name: "Climate".into(),
                    values: vec![Some(25), Some(37)],
                },
                Series {
                    name: "Stage".into(),
                    values: vec![None, Some(30)],
                },
            ],
        );
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert_eq!(
            svg.matches("<polyline").count(),
            1,
            "a lone point draws no line"
        );
        assert_eq!(svg.matches("<circle").count(), 3);
        assert!(svg.contains("Spring &lt;2026&gt;"), "labels are escaped");
        assert!(svg.contains("role=\"img\"") && svg.contains("<title id=\"trend-title\">Trend"));
        assert!(!svg.contains("style="), "no inline styles under the CSP");
    }
}
