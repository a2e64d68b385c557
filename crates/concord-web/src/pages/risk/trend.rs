//! The trend of a case's assessments as an SVG line drawn on the server
//! (no script), always shown with the table of the same figures.

/// One point: the assessment day and its score as a share of the
/// instrument's highest score (instruments differ in range).
pub struct TrendPoint {
    pub label: String,
    pub share: f64,
}

const WIDTH: f64 = 480.0;
const HEIGHT: f64 = 160.0;
const PAD: f64 = 20.0;

/// The polyline's points and the dots, as SVG attribute text.
pub struct Trend {
    pub polyline: String,
    pub dots: Vec<(String, String, String)>,
    pub width: f64,
    pub height: f64,
}

pub fn trend(points: &[TrendPoint]) -> Trend {
    let n = points.len().max(1);
    let step = if n > 1 {
        (WIDTH - 2.0 * PAD) / (n - 1) as f64
    } else {
        0.0
    };
    let coords: Vec<(f64, f64)> = points
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let x = PAD + step * i as f64;
            let y = HEIGHT - PAD - (HEIGHT - 2.0 * PAD) * p.share.clamp(0.0, 1.0);
            (x, y)
        })
        .collect();
    Trend {
        polyline: coords
            .iter()
            .map(|(x, y)| format!("{x:.1},{y:.1}"))
            .collect::<Vec<_>>()
            .join(" "),
        dots: coords
            .iter()
            .zip(points)
            .map(|((x, y), p)| (format!("{x:.1}"), format!("{y:.1}"), p.label.clone()))
            .collect(),
        width: WIDTH,
        height: HEIGHT,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_rise_with_the_score() {
        let t = trend(&[
            TrendPoint {
                label: "a".into(),
                share: 0.0,
            },
            TrendPoint {
                label: "b".into(),
                share: 1.0,
            },
        ]);
        assert_eq!(t.polyline, "20.0,140.0 460.0,20.0");
        assert_eq!(t.dots.len(), 2);
    }
}
