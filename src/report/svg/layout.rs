//! Where labels go: each label is tried at its candidate positions in
//! order and put at the first one where it overlaps no label placed
//! before it and no line it must keep clear of; a line that only marks a
//! position (the leaving date, a breakpoint) is drawn afterwards with a
//! gap wherever a label sits on it.
//!
//! Text is measured by estimate, as a chart drawn without fonts must be:
//! [`EM_WIDTH`] of the font size a character, a little more than the
//! average of the sans-serif faces a browser picks. Tests parse the SVGs
//! and check the same boxes.
#![expect(
    clippy::float_arithmetic,
    reason = "pixel coordinates are floating point; every figure drawn is computed exactly elsewhere"
)]

/// A character's width, as a fraction of the font size.
pub const EM_WIDTH: f64 = 0.6;

/// How much room a label keeps around it, in pixels.
const PAD: f64 = 1.5;

/// Where a label's `x` is: at its start, middle or end (SVG's
/// `text-anchor`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Anchor {
    /// `x` is the label's left edge.
    Start,
    /// `x` is its middle.
    Middle,
    /// `x` is its right edge.
    End,
}

impl Anchor {
    /// The `text-anchor` value.
    pub fn as_str(self) -> &'static str {
        match self {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
            Anchor::End => "end",
        }
    }
}

/// The box a label covers.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TextBox {
    /// Left edge.
    pub x0: f64,
    /// Top edge.
    pub y0: f64,
    /// Right edge.
    pub x1: f64,
    /// Bottom edge.
    pub y1: f64,
}

impl TextBox {
    /// The box of `text` drawn at `x`, baseline `y`, in `size` pixels: from
    /// 0.8 em above the baseline to 0.25 em below it. "leaves 2026-03-31"
    /// at 11 px, centred on 100, spans 100 ± 56.1.
    pub fn of(x: f64, y: f64, text: &str, anchor: Anchor, size: f64) -> TextBox {
        let width = text.chars().count() as f64 * size * EM_WIDTH;
        let x0 = match anchor {
            Anchor::Start => x,
            Anchor::Middle => x - width / 2.0,
            Anchor::End => x - width,
        };
        TextBox {
            x0,
            y0: y - 0.8 * size,
            x1: x0 + width,
            y1: y + 0.25 * size,
        }
    }

    fn padded(&self) -> TextBox {
        TextBox {
            x0: self.x0 - PAD,
            y0: self.y0 - PAD,
            x1: self.x1 + PAD,
            y1: self.y1 + PAD,
        }
    }

    /// Whether two labels overlap, their room included.
    pub fn overlaps(&self, other: &TextBox) -> bool {
        let (a, b) = (self.padded(), other);
        a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1
    }

    /// The part of a segment inside the box (its room included), as the
    /// segment's parameters from 0 (its start) to 1 (its end), if any
    /// (Liang and Barsky's clipping).
    pub fn clip(&self, s: &Segment) -> Option<(f64, f64)> {
        let b = self.padded();
        let (dx, dy) = (s.x1 - s.x0, s.y1 - s.y0);
        let mut t = (0.0_f64, 1.0_f64);
        for (p, q) in [
            (-dx, s.x0 - b.x0),
            (dx, b.x1 - s.x0),
            (-dy, s.y0 - b.y0),
            (dy, b.y1 - s.y0),
        ] {
            if p == 0.0 {
                if q < 0.0 {
                    return None;
                }
            } else {
                let r = q / p;
                if p < 0.0 {
                    t.0 = t.0.max(r);
                } else {
                    t.1 = t.1.min(r);
                }
            }
        }
        (t.0 < t.1).then_some(t)
    }
}

/// A straight line from one point to another.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Segment {
    /// Start, across.
    pub x0: f64,
    /// Start, down.
    pub y0: f64,
    /// End, across.
    pub x1: f64,
    /// End, down.
    pub y1: f64,
}

impl Segment {
    /// A vertical line at `x` from `y0` to `y1`.
    pub fn vertical(x: f64, y0: f64, y1: f64) -> Segment {
        Segment {
            x0: x,
            y0,
            x1: x,
            y1,
        }
    }

    fn at(&self, t: f64) -> (f64, f64) {
        (
            self.x0 + (self.x1 - self.x0) * t,
            self.y0 + (self.y1 - self.y0) * t,
        )
    }
}

/// The labels placed so far, and the lines labels keep clear of.
#[derive(Debug, Default)]
pub struct Layout {
    boxes: Vec<TextBox>,
    lines: Vec<Segment>,
}

impl Layout {
    /// A line no label may cross: a data line, such as the cumulative
    /// total.
    pub fn keep_clear(&mut self, s: Segment) {
        self.lines.push(s);
    }

    /// A label drawn where it must be (a title, an axis label): later
    /// labels keep clear of it.
    pub fn fixed(&mut self, b: TextBox) {
        self.boxes.push(b);
    }

    /// Whether a label could go in `b`.
    pub fn is_free(&self, b: &TextBox) -> bool {
        !self.boxes.iter().any(|o| b.overlaps(o)) && !self.lines.iter().any(|s| b.clip(s).is_some())
    }

    /// Whether a line would cross a label placed before.
    pub fn crosses_label(&self, s: &Segment) -> bool {
        self.boxes.iter().any(|b| b.clip(s).is_some())
    }

    /// The first of `candidates` (x, baseline, anchor) where `text` fits,
    /// recorded as taken; none when none fits.
    pub fn place(
        &mut self,
        text: &str,
        size: f64,
        candidates: impl IntoIterator<Item = (f64, f64, Anchor)>,
    ) -> Option<(f64, f64, Anchor)> {
        let found = candidates
            .into_iter()
            .find(|(x, y, a)| self.is_free(&TextBox::of(*x, *y, text, *a, size)))?;
        self.boxes
            .push(TextBox::of(found.0, found.1, text, found.2, size));
        Some(found)
    }

    /// A marking line as drawn: the parts of `s` that no placed label sits
    /// on. A vertical line from 0 to 100 under a label spanning 40 to 52
    /// (its room included) is drawn as 0 to 40 and 52 to 100.
    pub fn gapped(&self, s: Segment) -> Vec<Segment> {
        let mut cuts: Vec<(f64, f64)> = self.boxes.iter().filter_map(|b| b.clip(&s)).collect();
        cuts.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut pieces = Vec::new();
        let mut from = 0.0;
        for (t0, t1) in cuts {
            if t0 > from {
                pieces.push((from, t0));
            }
            from = f64::max(from, t1);
        }
        if from < 1.0 {
            pieces.push((from, 1.0));
        }
        pieces
            .into_iter()
            .map(|(a, b)| {
                let ((x0, y0), (x1, y1)) = (s.at(a), s.at(b));
                Segment { x0, y0, x1, y1 }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_label_takes_the_first_free_place() {
        let mut l = Layout::default();
        // 10 characters at 10 px: 60 px wide, 10.5 px high.
        let first = l.place("0123456789", 10.0, [(100.0, 50.0, Anchor::Middle)]);
        assert_eq!(first, Some((100.0, 50.0, Anchor::Middle)));
        // The same place is taken; 12 px higher is free.
        let second = l.place(
            "0123456789",
            10.0,
            [(100.0, 50.0, Anchor::Middle), (100.0, 38.0, Anchor::Middle)],
        );
        assert_eq!(second, Some((100.0, 38.0, Anchor::Middle)));
        // A line through the only candidate: no place.
        l.keep_clear(Segment::vertical(300.0, 0.0, 100.0));
        assert_eq!(l.place("x", 10.0, [(300.0, 50.0, Anchor::Start)]), None);
    }

    #[test]
    fn a_marking_line_is_cut_where_a_label_sits() {
        let mut l = Layout::default();
        // "abc" at 10 px from x = 45: 18 px wide, from y 42 to 52.5; with
        // its 1.5 px of room, 40.5 to 54.
        l.fixed(TextBox::of(45.0, 50.0, "abc", Anchor::Start, 10.0));
        let parts = l.gapped(Segment::vertical(50.0, 0.0, 100.0));
        assert_eq!(parts.len(), 2);
        assert!((parts[0].y1 - 40.5).abs() < 1e-9, "{parts:?}");
        assert!((parts[1].y0 - 54.0).abs() < 1e-9, "{parts:?}");
        // A line clear of the label is drawn whole.
        assert_eq!(l.gapped(Segment::vertical(80.0, 0.0, 100.0)).len(), 1);
    }
}
