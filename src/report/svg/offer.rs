//! An offer's chart: its periods as bars stacked by component, each
//! period's total above its bar, the cumulative total as a line, and the
//! leaving date as a line, one chart per offer side by side.
#![expect(
    clippy::float_arithmetic,
    reason = "pixel coordinates are floating point; every figure drawn is computed exactly elsewhere"
)]

use rust_decimal::Decimal;
use svg::node::element::{Group, Line, Polyline, Rectangle, Title};

use super::layout::{Anchor, Layout, Segment, TextBox};
use super::{BOTTOM, HEIGHT, LEFT, PALETTE, RIGHT, TOP, WIDTH, f, short, text, ticks};
use crate::offer::{Breakdown, Offer};
use crate::report::{Style, group};

pub(super) fn peak(b: &Breakdown) -> Decimal {
    let (_, values) = drawn(b);
    let totals = values.iter().map(|v| v.iter().copied().sum::<Decimal>());
    let mut run = Decimal::ZERO;
    let mut top = Decimal::ZERO;
    for t in totals {
        run += t;
        top = top.max(run).max(t);
    }
    top
}

/// The currency a chart is drawn in and each period's parts: the
/// reporting currency's when there is one, so that offers side by side
/// share one axis in one currency.
fn drawn(b: &Breakdown) -> (Option<crate::currency::Currency>, Vec<Vec<Decimal>>) {
    if let Some(r) = &b.reporting {
        return (Some(r.currency), r.by_component.clone());
    }
    let values = b
        .periods
        .iter()
        .map(|p| {
            if b.total.is_none() {
                vec![p.shares.unwrap_or_default()]
            } else {
                p.by_component.clone()
            }
        })
        .collect();
    (b.currency.filter(|_| b.total.is_some()), values)
}

/// One colour per component kind, the same in every chart: salary is
/// always blue, equity always green.
fn color(o: &Offer, k: usize) -> &'static str {
    let kind = o.components.get(k).map(|c| c.kind);
    let index = kind
        .and_then(|kind| crate::offer::Kind::ALL.iter().position(|x| *x == kind))
        .unwrap_or(k);
    PALETTE
        .get(index % PALETTE.len())
        .copied()
        .unwrap_or("#888")
}

/// Where a chart draws: its scale's top, and each period's slot and bar.
#[derive(Clone, Copy)]
struct Plot {
    top: Decimal,
    height: f64,
    slot: f64,
    bar: f64,
}

impl Plot {
    /// The y coordinate of `v`.
    fn y(&self, v: Decimal) -> f64 {
        TOP + self.height - f(v) / f(self.top) * self.height
    }

    /// The left edge of period `i`'s bar.
    fn bar_x(&self, i: usize) -> f64 {
        LEFT + self.slot * (i as f64) + (self.slot - self.bar) / 2.0
    }
}

pub(super) fn chart(id: &str, o: &Offer, b: &Breakdown, style: &Style, scale: Decimal) -> Group {
    let (drawn_in, values) = drawn(b);
    let currency = drawn_in.map_or_else(|| "shares".to_owned(), |c| c.to_string());
    let shares_only = b.total.is_none();
    let totals: Vec<Decimal> = values.iter().map(|v| v.iter().copied().sum()).collect();
    let mut cumulative = Vec::with_capacity(totals.len());
    let mut run = Decimal::ZERO;
    for t in &totals {
        run += *t;
        cumulative.push(run);
    }
    // One scale for every chart side by side, so bars compare across offers.
    let (top, step) = ticks(scale.max(run));
    let slot = (WIDTH - LEFT - RIGHT) / b.periods.len().max(1) as f64;
    let plot = Plot {
        top,
        height: HEIGHT - TOP - BOTTOM,
        slot,
        bar: (slot * 0.6).min(80.0),
    };
    let title = if id.is_empty() {
        o.title.clone()
    } else {
        format!("{id}: {}", o.title)
    };
    let mut g = frame(&title);
    g = axes(g, &plot, step, &currency, style);
    // Bars stacked by component.
    let names: Vec<String> = if shares_only {
        vec!["shares".to_owned()]
    } else {
        o.components.iter().map(|c| c.label.clone()).collect()
    };
    let bars = Bars {
        o,
        values: &values,
        totals: &totals,
        names: &names,
        drawn_in,
    };
    // The cumulative total: a line each label keeps clear of.
    let points: Vec<(f64, f64)> = cumulative
        .iter()
        .enumerate()
        .map(|(i, c)| (LEFT + slot * (i as f64) + slot / 2.0, plot.y(*c)))
        .collect();
    let mut layout = Layout::default();
    for pair in points.windows(2) {
        if let [(x0, y0), (x1, y1)] = pair {
            layout.keep_clear(Segment {
                x0: *x0,
                y0: *y0,
                x1: *x1,
                y1: *y1,
            });
        }
    }
    let leave = Leaving::of(&plot, o, b, style);
    if let Some(l) = &leave {
        layout.fixed(TextBox::of(l.x, TOP - 10.0, &l.label, Anchor::Middle, 11.0));
    }
    g = bars.draw(g, &plot, b, style, &mut layout);
    if let Some(l) = leave {
        g = l.draw(g, &plot, &layout);
    }
    let points: Vec<String> = points
        .iter()
        .map(|(x, y)| format!("{x:.1},{y:.1}"))
        .collect();
    g = g.add(
        Polyline::new()
            .set("points", points.join(" "))
            .set("fill", "none")
            .set("stroke", "#222")
            .set("stroke-width", 2)
            .set("stroke-dasharray", "5 3"),
    );
    legend(g, o, &names, &values, shares_only)
}

/// The chart's background and title: cut at a word, with an ellipsis, to
/// the chart's width (about 8.5 pixels a character in bold 15-pixel
/// type); the whole title hovers.
fn frame(title: &str) -> Group {
    let fits = ((WIDTH - LEFT - 10.0) / 8.5) as usize;
    let shown = if title.chars().count() <= fits {
        title.to_owned()
    } else {
        let cut: String = title.chars().take(fits.saturating_sub(1)).collect();
        let at_word = cut
            .rfind(' ')
            .map_or(cut.as_str(), |i| cut.get(..i).unwrap_or(&cut));
        format!("{}…", at_word.trim_end_matches([',', ';', ':']))
    };
    Group::new()
        .add(
            Rectangle::new()
                .set("width", WIDTH)
                .set("height", HEIGHT)
                .set("fill", "#fff"),
        )
        .add(
            text(LEFT, 22.0, &shown, "start", 15)
                .set("font-weight", "bold")
                .add(Title::new(title.to_owned())),
        )
}

/// Grid and axes, the y axis labelled in `currency` every `step`.
fn axes(mut g: Group, plot: &Plot, step: Decimal, currency: &str, style: &Style) -> Group {
    let plot_h = plot.height;
    let mut tick = Decimal::ZERO;
    while tick <= plot.top {
        let ty = plot.y(tick);
        g = g
            .add(
                Line::new()
                    .set("x1", LEFT)
                    .set("x2", WIDTH - RIGHT)
                    .set("y1", ty)
                    .set("y2", ty)
                    .set("stroke", "#ddd")
                    .set("class", "grid"),
            )
            .add(text(LEFT - 8.0, ty + 4.0, &short(tick, style), "end", 11));
        tick += step;
    }
    g = g.add(text(18.0, TOP + plot_h / 2.0, currency, "middle", 12).set(
        "transform",
        format!("rotate(-90 18 {})", TOP + plot_h / 2.0),
    ));
    g = g.add(
        Line::new()
            .set("x1", LEFT)
            .set("x2", LEFT)
            .set("y1", TOP)
            .set("y2", TOP + plot_h)
            .set("stroke", "#444"),
    );
    g.add(
        Line::new()
            .set("x1", LEFT)
            .set("x2", WIDTH - RIGHT)
            .set("y1", TOP + plot_h)
            .set("y2", TOP + plot_h)
            .set("stroke", "#444"),
    )
}

/// An offer's bars: per period, a part per component, with its total.
struct Bars<'a> {
    o: &'a Offer,
    values: &'a [Vec<Decimal>],
    totals: &'a [Decimal],
    names: &'a [String],
    drawn_in: Option<crate::currency::Currency>,
}

impl Bars<'_> {
    fn draw(
        &self,
        mut g: Group,
        plot: &Plot,
        b: &Breakdown,
        style: &Style,
        layout: &mut Layout,
    ) -> Group {
        let (o, names, drawn_in) = (self.o, self.names, self.drawn_in);
        let (bar_w, plot_h) = (plot.bar, plot.height);
        let y = |v: Decimal| plot.y(v);
        let totals = self.totals;
        for (i, (p, parts)) in b.periods.iter().zip(self.values).enumerate() {
            let x = plot.bar_x(i);
            let mut base = Decimal::ZERO;
            for (k, part) in parts.iter().enumerate() {
                if part.is_zero() {
                    continue;
                }
                let y0 = y(base);
                let y1 = y(base + *part);
                let color = color(o, k);
                let label = drawn_in.map_or_else(
                    || group(&part.normalize().to_string()),
                    |c| style.money(&crate::money::Money::new(*part, c)),
                );
                g = g.add(
                    Rectangle::new()
                        .set("x", x)
                        .set("y", y1)
                        .set("width", bar_w)
                        .set("height", (y0 - y1).max(0.5))
                        .set("fill", color)
                        .add(Title::new(format!(
                            "{} {}: {label}",
                            crate::report::period(p.id),
                            names.get(k).map_or("", String::as_str)
                        ))),
                );
                base += *part;
            }
            g = g.add(text(
                x + bar_w / 2.0,
                TOP + plot_h + 16.0,
                &crate::report::period(p.id),
                "middle",
                11,
            ));
            // The total above the bar, or higher up its column where the
            // cumulative line or the leaving label is in the way.
            if let Some(t) = totals.get(i) {
                let label = short(*t, style);
                let cx = x + bar_w / 2.0;
                let lowest = y(*t) - 4.0;
                let candidates = (0..40)
                    .map(|k| lowest - 6.0 * f64::from(k))
                    .take_while(|ly| *ly >= TOP - 24.0)
                    .map(|ly| (cx, ly, Anchor::Middle));
                if let Some((lx, ly, _)) = layout.place(&label, 11.0, candidates) {
                    g = g.add(text(lx, ly, &label, "middle", 11).set("fill", "#555"));
                }
            }
        }
        g
    }
}

/// Leaving: a line where `leave_on` falls in its period, titled with
/// what is kept and forfeited, cut where a label sits on it.
struct Leaving {
    x: f64,
    label: String,
    title: String,
}

impl Leaving {
    fn of(plot: &Plot, o: &Offer, b: &Breakdown, style: &Style) -> Option<Leaving> {
        let leave = o.leave_on?;
        let (i, p) = b
            .periods
            .iter()
            .enumerate()
            .find(|(_, p)| p.start <= leave && leave < p.end)?;
        let length = (p.end - p.start).num_days().max(1) as f64;
        let x = LEFT + plot.slot * (i as f64 + (leave - p.start).num_days() as f64 / length);
        let (kept, forfeited) = match &b.reporting {
            Some(r) => (r.figures.kept.as_ref(), r.figures.forfeited.as_ref()),
            None => (b.kept.as_ref(), b.forfeited.as_ref()),
        };
        let title = match (kept, forfeited) {
            (Some(k), Some(f)) => format!(
                "leaving on {leave}: kept {}, forfeited {}",
                style.money(k),
                style.money(f)
            ),
            _ => format!("leaving on {leave}"),
        };
        Some(Leaving {
            x,
            label: format!("leaves {leave}"),
            title,
        })
    }

    fn draw(self, mut g: Group, plot: &Plot, layout: &Layout) -> Group {
        let line = Segment::vertical(self.x, TOP - 6.0, TOP + plot.height);
        for part in layout.gapped(line) {
            g = g.add(
                Line::new()
                    .set("x1", part.x0)
                    .set("x2", part.x1)
                    .set("y1", part.y0)
                    .set("y2", part.y1)
                    .set("stroke", "#e15759")
                    .set("stroke-width", 2)
                    .set("stroke-dasharray", "6 3")
                    .add(Title::new(self.title.clone())),
            );
        }
        g.add(
            text(self.x, TOP - 10.0, &self.label, "middle", 11)
                .set("fill", "#e15759")
                .add(Title::new(self.title)),
        )
    }
}

/// The legend: a swatch per component paid, and the cumulative line.
fn legend(
    mut g: Group,
    o: &Offer,
    names: &[String],
    values: &[Vec<Decimal>],
    shares_only: bool,
) -> Group {
    let mut lx = LEFT;
    let ly = HEIGHT - 22.0;
    for (k, name) in names.iter().enumerate() {
        if !shares_only && values.iter().all(|v| v.get(k).is_none_or(Decimal::is_zero)) {
            continue;
        }
        let color = if shares_only {
            PALETTE.first().copied().unwrap_or("#888")
        } else {
            color(o, k)
        };
        g = g.add(
            Rectangle::new()
                .set("x", lx)
                .set("y", ly - 10.0)
                .set("width", 12)
                .set("height", 12)
                .set("fill", color),
        );
        g = g.add(text(lx + 16.0, ly, name, "start", 11));
        lx += 24.0 + 7.0 * name.chars().count() as f64;
    }
    g = g.add(
        Line::new()
            .set("x1", lx)
            .set("x2", lx + 18.0)
            .set("y1", ly - 4.0)
            .set("y2", ly - 4.0)
            .set("stroke", "#222")
            .set("stroke-width", 2)
            .set("stroke-dasharray", "5 3"),
    );
    g.add(text(lx + 22.0, ly, "cumulative", "start", 11))
}

/// One chart per offer, side by side, as a standalone SVG document.
pub fn offers(list: &[(String, &Offer, &Breakdown)], style: &Style) -> String {
    super::scenario(list, &[], &[], &[], style)
}
