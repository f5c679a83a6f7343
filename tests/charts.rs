//! Charts laid out, not just drawn: in every chart dealcalc draws for the
//! scenarios, the test data and a crowded round, no label overlaps
//! another, no line runs through a label, and no text is smaller than
//! 11 px (the page shows charts at their own size, so that is their size
//! on screen). Text is measured as a browser without the font would have
//! to: 0.6 em a character, from 0.8 em above the baseline to 0.25 em
//! below; the grid behind a plot (`class="grid"`) is background, not a
//! line.
#![expect(
    clippy::float_arithmetic,
    reason = "the layout is checked in the pixels it is drawn in"
)]

use std::path::Path;

#[derive(Debug, Clone)]
struct Label {
    text: String,
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

#[derive(Debug, Clone, Copy)]
struct Segment {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

fn number(node: roxmltree::Node<'_, '_>, name: &str) -> f64 {
    node.attribute(name)
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.0)
}

/// `translate(x y)` or `translate(x,y)`; anything else moves nothing.
fn translation(node: roxmltree::Node<'_, '_>) -> (f64, f64) {
    let Some(t) = node.attribute("transform") else {
        return (0.0, 0.0);
    };
    let Some(inner) = t
        .strip_prefix("translate(")
        .and_then(|r| r.strip_suffix(')'))
    else {
        return (0.0, 0.0);
    };
    let mut parts = inner
        .split([' ', ','])
        .filter(|p| !p.is_empty())
        .map(|p| p.parse::<f64>().unwrap());
    (parts.next().unwrap_or(0.0), parts.next().unwrap_or(0.0))
}

/// Every label and line of an SVG, in the document's coordinates.
fn parts(svg: &str) -> (Vec<Label>, Vec<Segment>, Vec<(String, f64)>) {
    let doc = roxmltree::Document::parse(svg).unwrap();
    let (mut labels, mut lines, mut sizes) = (Vec::new(), Vec::new(), Vec::new());
    walk(
        doc.root_element(),
        (0.0, 0.0),
        &mut labels,
        &mut lines,
        &mut sizes,
    );
    (labels, lines, sizes)
}

fn walk(
    node: roxmltree::Node<'_, '_>,
    offset: (f64, f64),
    labels: &mut Vec<Label>,
    lines: &mut Vec<Segment>,
    sizes: &mut Vec<(String, f64)>,
) {
    let (dx, dy) = translation(node);
    let (ox, oy) = (offset.0 + dx, offset.1 + dy);
    match node.tag_name().name() {
        "title" => return,
        "text" => {
            let content: String = node
                .children()
                .filter(|c| c.is_text())
                .filter_map(|c| c.text())
                .collect::<String>()
                .trim()
                .to_owned();
            let size = number(node, "font-size");
            sizes.push((content.clone(), size));
            let rotated = node
                .attribute("transform")
                .is_some_and(|t| t.contains("rotate"));
            if !rotated {
                let width = content.chars().count() as f64 * size * 0.6;
                let x = ox + number(node, "x");
                let y = oy + number(node, "y");
                let x0 = match node.attribute("text-anchor") {
                    Some("middle") => x - width / 2.0,
                    Some("end") => x - width,
                    _ => x,
                };
                labels.push(Label {
                    text: content,
                    x0,
                    y0: y - 0.8 * size,
                    x1: x0 + width,
                    y1: y + 0.25 * size,
                });
            }
            return;
        }
        "line" if node.attribute("class") != Some("grid") => lines.push(Segment {
            x0: ox + number(node, "x1"),
            y0: oy + number(node, "y1"),
            x1: ox + number(node, "x2"),
            y1: oy + number(node, "y2"),
        }),
        "polyline" => {
            let points: Vec<(f64, f64)> = node
                .attribute("points")
                .unwrap_or_default()
                .split_whitespace()
                .map(|p| {
                    let (x, y) = p.split_once(',').unwrap();
                    (
                        ox + x.parse::<f64>().unwrap(),
                        oy + y.parse::<f64>().unwrap(),
                    )
                })
                .collect();
            for w in points.windows(2) {
                lines.push(Segment {
                    x0: w[0].0,
                    y0: w[0].1,
                    x1: w[1].0,
                    y1: w[1].1,
                });
            }
        }
        _ => {}
    }
    for child in node.children().filter(roxmltree::Node::is_element) {
        walk(child, (ox, oy), labels, lines, sizes);
    }
}

fn overlap(a: &Label, b: &Label) -> bool {
    a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1
}

/// Whether a segment runs through a label's inside (clipping, as Liang
/// and Barsky do; touching an edge is not crossing).
fn crosses(s: &Segment, l: &Label) -> bool {
    let (dx, dy) = (s.x1 - s.x0, s.y1 - s.y0);
    let (mut t0, mut t1) = (0.0_f64, 1.0_f64);
    for (p, q) in [
        (-dx, s.x0 - l.x0),
        (dx, l.x1 - s.x0),
        (-dy, s.y0 - l.y0),
        (dy, l.y1 - s.y0),
    ] {
        if p == 0.0 {
            if q <= 0.0 {
                return false;
            }
        } else {
            let r = q / p;
            if p < 0.0 {
                t0 = t0.max(r);
            } else {
                t1 = t1.min(r);
            }
        }
    }
    t1 - t0 > 1e-6
}

/// Every fault of a chart's layout, in words.
fn faults(svg: &str) -> Vec<String> {
    let (labels, lines, sizes) = parts(svg);
    let mut out = Vec::new();
    for (i, a) in labels.iter().enumerate() {
        for b in labels.iter().skip(i + 1) {
            if overlap(a, b) {
                out.push(format!("`{}` overlaps `{}`", a.text, b.text));
            }
        }
        for s in &lines {
            if crosses(s, a) {
                out.push(format!("a line {s:?} runs through `{}`", a.text));
            }
        }
    }
    for (text, size) in sizes {
        if size < 11.0 {
            out.push(format!("`{text}` is {size} px"));
        }
    }
    out
}

fn svg_of(args: &[&str]) -> String {
    let out = crate::bin().args(args).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{args:?}");
    String::from_utf8(out.stdout).unwrap()
}

/// The checker itself finds what it is for: two labels on each other, a
/// line through a label, small text.
#[test]
fn the_checker_sees_overlaps_lines_and_small_text() {
    let svg = r##"<svg xmlns="http://www.w3.org/2000/svg">
        <g transform="translate(10 0)">
          <text x="100" y="50" font-size="11">leaves 2026</text>
          <text x="110" y="52" font-size="11">322.12k</text>
        </g>
        <line x1="300" x2="300" y1="0" y2="100"/>
        <text x="290" y="50" font-size="11" text-anchor="start">crossed</text>
        <line class="grid" x1="0" x2="900" y1="80" y2="80"/>
        <text x="500" y="80" font-size="9">grid is fine, 9 px is not</text>
      </svg>"##;
    let found = faults(svg);
    assert_eq!(found.len(), 3, "{found:#?}");
    assert!(found[0].contains("`leaves 2026` overlaps `322.12k`"));
    assert!(found[1].contains("runs through `crossed`"));
    assert!(found[2].contains("is 9 px"));
}

#[test]
fn no_label_overlaps_another_or_a_line() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut charts: Vec<(String, String)> = Vec::new();
    for dir in ["scenarios", "tests/data"] {
        let mut files: Vec<_> = std::fs::read_dir(root.join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .collect();
        files.sort();
        for file in files {
            let out = crate::bin()
                .args(["eval", file.to_str().unwrap(), "--format", "svg"])
                .output()
                .unwrap();
            // A rate table, or a file whose point is an error, draws nothing.
            if out.status.code() == Some(0) {
                charts.push((
                    file.display().to_string(),
                    String::from_utf8(out.stdout).unwrap(),
                ));
            }
        }
    }
    assert!(charts.len() >= 15, "{} charts", charts.len());
    // A round whose breakpoints crowd together at the foot of an axis
    // running to $150M: four marks within $10M to $18M.
    charts.push((
        "crowded round".into(),
        svg_of(&[
            "round",
            "--name",
            "Acme",
            "--common",
            "founders=8100000",
            "--pool",
            "900000",
            "--safe",
            "angel=$1M cap=$10M",
            "--safe",
            "friend=$0.5M cap=$8M discount=20%",
            "--amount",
            "$2M",
            "--pre-money",
            "$8M",
            "--pool-after",
            "10%",
            "--preference",
            "2x",
            "--exit",
            "$12M",
            "--exit",
            "$150M",
            "--format",
            "svg",
        ]),
    ));
    let mut all = Vec::new();
    for (name, svg) in &charts {
        all.extend(faults(svg).into_iter().map(|f| format!("{name}: {f}")));
    }
    assert!(all.is_empty(), "{} faults:\n{}", all.len(), all.join("\n"));
}

/// Breakpoints crowded into the first tenth of the axis are drawn again on
/// a close-up, where each is labelled: this round's breakpoints lie from
/// $8.6M to $10M on an axis to $200M (a quarter past the $150M exit); the
/// close-up runs to $15M (a quarter past $10M, up to a round tick).
#[test]
fn crowded_breakpoints_get_a_close_up() {
    let svg = svg_of(&[
        "round",
        "--common",
        "founders=8100000",
        "--safe",
        "angel=$1M cap=$10M",
        "--safe",
        "friend=$0.5M cap=$8M discount=20%",
        "--amount",
        "$2M",
        "--pre-money",
        "$8M",
        "--exit",
        "$150M",
        "--format",
        "svg",
    ]);
    assert!(svg.contains("close-up: exits up to $15 million"), "{svg}");
    let (labels, _, _) = parts(&svg);
    for holder in ["angel", "friend", "investor"] {
        let label = format!("{holder} → common");
        // In the whole chart and in the close-up.
        assert_eq!(
            labels.iter().filter(|l| l.text == label).count(),
            2,
            "{label}"
        );
    }
    // A round whose breakpoint is not crowded has no close-up.
    let plain = svg_of(&[
        "round",
        "--common",
        "founders=8100000",
        "--amount",
        "$2M",
        "--pre-money",
        "$8M",
        "--exit",
        "$12M",
        "--format",
        "svg",
    ]);
    assert!(!plain.contains("close-up"), "{plain}");
}
