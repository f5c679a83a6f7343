//! A company's charts: the cap table after each event as bars of 100%,
//! and what each holder takes across exit values, with the exits and
//! breakpoints marked.
#![expect(
    clippy::float_arithmetic,
    reason = "pixel coordinates are floating point; every figure drawn is computed exactly elsewhere"
)]

use rust_decimal::Decimal;
use svg::node::element::{Group, Line, Polygon, Rectangle, Title};

use super::layout::{Anchor, Layout, Segment, TextBox};
use super::{LEFT, PALETTE, RIGHT, f, panel_title, short, text, ticks};
use crate::money::Money;
use crate::report::Style;
use crate::scenario::CompanyEntry;

/// The unissued pool's colour: grey, apart from every holder's.
const POOL: &str = "#bab0ac";

/// Companies: per company, the cap table at the start and after each
/// round as bars of 100% (the pool in grey), then what each holder takes
/// across exit values, stacked so that the top edge is the exit value
/// itself, with the file's exits and each holding's breakpoint marked.
/// A holder keeps one colour in both.
pub(super) fn companies_panel(
    companies: &[&CompanyEntry],
    style: &Style,
    width: f64,
) -> (Group, f64) {
    let mut g = Group::new();
    let mut y = 0.0;
    for c in companies {
        let (part, h) = company_chart(c, style, width);
        g = g.add(part.set("transform", format!("translate(0 {y})")));
        y += h;
    }
    (g, y)
}

fn company_chart(c: &CompanyEntry, style: &Style, width: f64) -> (Group, f64) {
    let r = &c.result;
    let names: Vec<&str> = r.holders.iter().map(|h| h.name.as_str()).collect();
    let color_of = |holder: &str| {
        let k = names.iter().position(|n| *n == holder).unwrap_or(0);
        PALETTE.get(k % PALETTE.len()).copied().unwrap_or("#888")
    };
    let mut g = Group::new().add(panel_title(
        24.0,
        &crate::report::company_title(&c.company.name, "cap table after each event"),
    ));
    let bar_left = LEFT + 130.0;
    let bar_w = (width - bar_left - RIGHT - 20.0).max(200.0);
    let mut y = 40.0;
    for stage in &r.stages {
        let all = stage.total();
        let label = stage
            .after
            .as_ref()
            .map_or_else(|| "at the start".to_owned(), |id| format!("after {id}"));
        g = g.add(text(bar_left - 8.0, y + 15.0, &label, "end", 11));
        let mut x = bar_left;
        let parts = stage
            .holders
            .iter()
            .map(|(h, n)| (h.as_str(), *n, color_of(h)))
            .chain(std::iter::once(("unissued pool", stage.pool, POOL)));
        for (holder, shares, color) in parts {
            if shares.is_zero() || all.is_zero() {
                continue;
            }
            let fraction = shares / all;
            let w = f(fraction) * bar_w;
            // Labels to a tenth of a percent; the exact figure hovers.
            let exact = style.percent(fraction);
            let percent = style.percent(fraction.round_dp(3));
            g = g.add(
                Rectangle::new()
                    .set("x", x)
                    .set("y", y)
                    .set("width", w.max(0.5))
                    .set("height", 22)
                    .set("fill", color)
                    .set("stroke", "#fff")
                    .add(Title::new(format!(
                        "{label}, {holder}: {} shares, {exact}",
                        style.count(shares)
                    ))),
            );
            // The percentage inside the bar where it fits.
            if w > 7.0 * percent.chars().count() as f64 + 8.0 {
                g = g.add(text(x + w / 2.0, y + 15.0, &percent, "middle", 11).set("fill", "#fff"));
            }
            x += w;
        }
        y += 30.0;
    }
    // The legend: holders, then the pool where there is one.
    let pooled = r.stages.iter().any(|s| !s.pool.is_zero());
    let mut lx = bar_left;
    y += 4.0;
    for name in names
        .iter()
        .copied()
        .chain(pooled.then_some("unissued pool"))
    {
        let color = if name == "unissued pool" {
            POOL
        } else {
            color_of(name)
        };
        g = g
            .add(
                Rectangle::new()
                    .set("x", lx)
                    .set("y", y - 10.0)
                    .set("width", 12)
                    .set("height", 12)
                    .set("fill", color),
            )
            .add(text(lx + 16.0, y, name, "start", 11));
        lx += 24.0 + 7.0 * name.chars().count() as f64;
    }
    y += 16.0;
    let (waterfall, h) = waterfall(c, style, width, &color_of);
    g = g.add(waterfall.set("transform", format!("translate(0 {y})")));
    (g, y + h + 10.0)
}

/// The exit values a waterfall is drawn over: zero to `top`, evenly, plus
/// each exit and breakpoint up to `top` and the cent before it (where the
/// curve bends).
fn exit_values(c: &CompanyEntry, top: Decimal) -> Option<Vec<Money>> {
    let marks = marks_of(c);
    let currency = marks.first().map(|m| m.currency).or_else(|| {
        c.result
            .events
            .iter()
            .find_map(|e| e.post_money.or(e.price_per_share))
            .map(|m| m.currency)
    })?;
    let steps = 120;
    let mut values: Vec<Decimal> = (0..=steps)
        .map(|i| top * Decimal::from(i) / Decimal::from(steps))
        .collect();
    let cent = Decimal::new(1, currency.minor_units());
    for m in marks.iter().filter(|m| m.amount <= top) {
        values.push(m.amount);
        values.push((m.amount - cent).max(Decimal::ZERO));
    }
    values.sort();
    values.dedup();
    Some(
        values
            .into_iter()
            .map(|v| Money::new(v.round_dp(currency.minor_units()), currency))
            .collect(),
    )
}

/// The exit values marked: the file's exits and the breakpoints.
fn marks_of(c: &CompanyEntry) -> Vec<Money> {
    let r = &c.result;
    r.exits
        .iter()
        .map(|x| x.value)
        .chain(r.breakpoints.iter().filter_map(|b| b.converts_at))
        .collect()
}

/// The top of the whole waterfall's axis: a quarter past the largest
/// exit, breakpoint or post-money, rounded up to a tick.
fn axis_top(c: &CompanyEntry) -> Option<Decimal> {
    let largest = marks_of(c)
        .iter()
        .map(|m| m.amount)
        .chain(
            c.result
                .events
                .iter()
                .filter_map(|e| e.post_money.map(|m| m.amount)),
        )
        .max()?;
    Some(ticks(largest * Decimal::new(125, 2)).0)
}

/// The top of a close-up on the breakpoints, where they crowd into the
/// first quarter of the whole axis: $9M to $14M on an axis to $150M are
/// drawn again on one to $20M.
fn close_up(c: &CompanyEntry, top: Decimal) -> Option<Decimal> {
    let highest = c
        .result
        .breakpoints
        .iter()
        .filter_map(|b| b.converts_at.map(|m| m.amount))
        .max()?;
    let zoom = ticks(highest * Decimal::new(125, 2)).0;
    (zoom * Decimal::from(4) <= top).then_some(zoom)
}

/// Where a company's payouts are drawn: exit values across, payouts up.
#[derive(Clone, Copy)]
struct ExitPlot {
    left: f64,
    width: f64,
    top: f64,
    height: f64,
    /// The highest exit value drawn.
    x_top: Decimal,
    /// The top of the payout scale.
    y_top: Decimal,
}

impl ExitPlot {
    fn x(&self, v: Decimal) -> f64 {
        self.left + f(v) / f(self.x_top) * self.width
    }

    fn y(&self, v: Decimal) -> f64 {
        self.top + self.height - f(v) / f(self.y_top) * self.height
    }
}

/// What each holder takes across exit values; below it, where the
/// breakpoints crowd together, the same on a close-up axis.
fn waterfall(
    c: &CompanyEntry,
    style: &Style,
    width: f64,
    color_of: &dyn Fn(&str) -> &'static str,
) -> (Group, f64) {
    let title = crate::report::company_title(&c.company.name, "what each holder takes at an exit");
    let Some(top) = axis_top(c) else {
        return (Group::new().add(panel_title(24.0, &title)), 34.0);
    };
    let (mut g, mut h) = exit_panel(c, style, width, color_of, top, &title);
    if let Some(zoom) = close_up(c, top) {
        let up_to = Style {
            compact: true,
            ..*style
        };
        let unit = marks_of(c).first().map(|m| m.currency);
        let zoom_title = format!(
            "close-up: exits up to {}",
            unit.map_or_else(|| short(zoom, style), |u| up_to.money(&Money::new(zoom, u)))
        );
        let (more, more_h) = exit_panel(c, style, width, color_of, zoom, &zoom_title);
        g = g.add(more.set("transform", format!("translate(0 {h})")));
        h += more_h;
    }
    (g, h)
}

/// One waterfall panel over exit values from zero to `top`.
fn exit_panel(
    c: &CompanyEntry,
    style: &Style,
    width: f64,
    color_of: &dyn Fn(&str) -> &'static str,
    top: Decimal,
    title: &str,
) -> (Group, f64) {
    let r = &c.result;
    let mut g = Group::new().add(panel_title(24.0, title));
    let Some(values) = exit_values(c, top) else {
        return (g, 34.0);
    };
    // Every point's payouts, by holder in the cap table's order.
    let mut rows: Vec<(Decimal, Vec<Decimal>)> = Vec::with_capacity(values.len());
    for v in &values {
        let Ok(x) = r.payouts_at(*v) else { continue };
        let by: Vec<Decimal> = r
            .holders
            .iter()
            .map(|h| x.paid(&h.name).map_or(Decimal::ZERO, |m| m.amount))
            .collect();
        rows.push((v.amount, by));
    }
    let (y_top, step) = ticks(top);
    let mut plot = ExitPlot {
        left: LEFT,
        width: (width - LEFT - RIGHT - 40.0).max(200.0),
        top: 0.0,
        height: 220.0,
        x_top: top,
        y_top,
    };
    // The marks' labels go in a lane above the plot, as many rows as they
    // need; the plot starts below it.
    let lane = Lane::of(&plot, c, style);
    plot.top = 44.0 + lane.height();
    let unit = values
        .first()
        .map_or_else(String::new, |m| m.currency.to_string());
    g = exit_axes(g, &plot, step, &unit, style);
    // One band per holder, stacked in the cap table's order.
    let mut below: Vec<Decimal> = vec![Decimal::ZERO; rows.len()];
    for (k, holder) in r.holders.iter().map(|h| &h.name).enumerate() {
        let above: Vec<Decimal> = rows
            .iter()
            .zip(&below)
            .map(|((_, by), b)| *b + by.get(k).copied().unwrap_or_default())
            .collect();
        let mut points: Vec<String> = rows
            .iter()
            .zip(&above)
            .map(|((v, _), a)| format!("{:.1},{:.1}", plot.x(*v), plot.y(*a)))
            .collect();
        points.extend(
            rows.iter()
                .zip(&below)
                .rev()
                .map(|((v, _), b)| format!("{:.1},{:.1}", plot.x(*v), plot.y(*b))),
        );
        g = g.add(
            Polygon::new()
                .set("points", points.join(" "))
                .set("fill", color_of(holder))
                .set("fill-opacity", 0.85)
                .add(Title::new(format!("{holder}'s payout"))),
        );
        below = above;
    }
    g = lane.draw(g, &plot);
    g = g.add(
        Line::new()
            .set("x1", plot.left)
            .set("x2", plot.left)
            .set("y1", plot.top)
            .set("y2", plot.top + plot.height)
            .set("stroke", "#444"),
    );
    (g, plot.top + plot.height + 44.0)
}

/// Grid on both axes every `step`, labelled in the company's currency.
fn exit_axes(mut g: Group, plot: &ExitPlot, step: Decimal, unit: &str, style: &Style) -> Group {
    let (left, top, w, h) = (plot.left, plot.top, plot.width, plot.height);
    let mut tick = Decimal::ZERO;
    while tick <= plot.y_top {
        g = g
            .add(
                Line::new()
                    .set("x1", left)
                    .set("x2", left + w)
                    .set("y1", plot.y(tick))
                    .set("y2", plot.y(tick))
                    .set("stroke", "#ddd")
                    .set("class", "grid"),
            )
            .add(text(
                left - 8.0,
                plot.y(tick) + 4.0,
                &short(tick, style),
                "end",
                11,
            ));
        if tick <= plot.x_top {
            g = g.add(text(
                plot.x(tick),
                top + h + 16.0,
                &short(tick, style),
                "middle",
                11,
            ));
        }
        tick += step;
    }
    g.add(text(
        left + w / 2.0,
        top + h + 34.0,
        &format!("exit value ({unit})"),
        "middle",
        12,
    ))
    .add(
        text(
            18.0,
            top + h / 2.0,
            &format!("payout ({unit})"),
            "middle",
            12,
        )
        .set("transform", format!("rotate(-90 18 {})", top + h / 2.0)),
    )
}

/// A marked exit value: where, its label, what hovers, its colour.
struct Mark {
    at: Decimal,
    label: String,
    title: String,
    color: &'static str,
}

/// Where a mark's label goes: its x, its row in the lane, its anchor.
#[derive(Clone, Copy)]
struct Spot {
    x: f64,
    row: usize,
    anchor: Anchor,
}

/// The rows a lane's labels take.
fn rows(spots: impl Iterator<Item = Option<Spot>>) -> usize {
    spots.flatten().map(|s| s.row + 1).max().unwrap_or(0)
}

/// The labels of the exits and breakpoints in a plot, in rows above it:
/// each beside its line, right of it or left where it would run out, in
/// the lowest row where it overlaps no other label and no other mark's
/// line crosses it (nor its line another's label). A mark no row up to
/// [`Lane::MAX_ROWS`] takes keeps its line and what hovers over it.
struct Lane {
    /// Each mark, by exit value, and its label's place if it has one.
    marks: Vec<(Mark, Option<Spot>)>,
}

impl Lane {
    const ROW: f64 = 15.0;
    const SIZE: f64 = 11.0;
    const MAX_ROWS: usize = 8;

    /// The baseline of row `r`, above a plot whose top is at 0.
    fn baseline(r: usize) -> f64 {
        -5.0 - Self::ROW * r as f64
    }

    /// The lane for a plot's marks: labelled right to left, each right of
    /// its line, so that close marks climb a staircase (a label's line
    /// passes below the labels of the marks right of it); or left to
    /// right, each left of its line, where that labels more marks or
    /// takes fewer rows.
    fn of(plot: &ExitPlot, c: &CompanyEntry, style: &Style) -> Lane {
        let mut marks: Vec<Mark> = exit_marks(c, style)
            .into_iter()
            .filter(|m| m.at <= plot.x_top)
            .collect();
        marks.sort_by_key(|m| m.at);
        let leftward = Self::stack(plot, marks.iter().rev(), [Anchor::Start, Anchor::End]);
        let rightward = Self::stack(plot, marks.iter(), [Anchor::End, Anchor::Start]);
        let score = |spots: &[Option<Spot>]| {
            let missing = spots.iter().filter(|s| s.is_none()).count();
            (missing, rows(spots.iter().copied()))
        };
        let spots = if score(&rightward) < score(&leftward) {
            rightward
        } else {
            // Placed right to left: back in the marks' order.
            leftward.into_iter().rev().collect()
        };
        Lane {
            marks: marks.into_iter().zip(spots).collect(),
        }
    }

    /// Each mark's label in the lowest row where it fits, in the order
    /// given, trying the anchors in the order given.
    fn stack<'m>(
        plot: &ExitPlot,
        marks: impl Iterator<Item = &'m Mark>,
        anchors: [Anchor; 2],
    ) -> Vec<Option<Spot>> {
        let mut layout = Layout::default();
        let (left, right) = (plot.left - 60.0, plot.left + plot.width + RIGHT + 30.0);
        let bottom = plot.height;
        marks
            .map(|m| {
                let x = plot.x(m.at);
                // Every row on the preferred side first: a label on the
                // other side of a low row would block the lines of the
                // marks still to come.
                let spot = anchors.into_iter().find_map(|a| {
                    (0..Self::MAX_ROWS).find_map(|r| {
                        let y = Self::baseline(r);
                        let line = Segment::vertical(x, bottom, y - 0.8 * Self::SIZE);
                        let lx = if a == Anchor::Start { x + 3.0 } else { x - 3.0 };
                        let b = TextBox::of(lx, y, &m.label, a, Self::SIZE);
                        (b.x0 >= left
                            && b.x1 <= right
                            && layout.is_free(&b)
                            && !layout.crosses_label(&line))
                        .then_some((lx, r, a, b, line))
                    })
                });
                spot.map(|(x, row, anchor, b, line)| {
                    layout.fixed(b);
                    layout.keep_clear(line);
                    Spot { x, row, anchor }
                })
            })
            .collect()
    }

    /// The lane's height above the plot.
    fn height(&self) -> f64 {
        Self::ROW * rows(self.marks.iter().map(|m| m.1)) as f64
    }

    fn draw(&self, mut g: Group, plot: &ExitPlot) -> Group {
        for (m, spot) in &self.marks {
            let x = plot.x(m.at);
            let reach = spot.map_or(plot.top, |s| {
                plot.top + Self::baseline(s.row) - 0.8 * Self::SIZE
            });
            g = g.add(
                Line::new()
                    .set("x1", x)
                    .set("x2", x)
                    .set("y1", reach)
                    .set("y2", plot.top + plot.height)
                    .set("stroke", m.color)
                    .set("stroke-dasharray", "4 3")
                    .add(Title::new(m.title.clone())),
            );
            if let Some(s) = spot {
                g = g.add(
                    text(
                        s.x,
                        plot.top + Self::baseline(s.row),
                        &m.label,
                        s.anchor.as_str(),
                        11,
                    )
                    .set("fill", m.color)
                    .add(Title::new(m.title.clone())),
                );
            }
        }
        g
    }
}

/// The file's exits and the breakpoints, as marks.
fn exit_marks(c: &CompanyEntry, style: &Style) -> Vec<Mark> {
    let r = &c.result;
    let mut marks: Vec<Mark> = r
        .exits
        .iter()
        .map(|x| {
            let paid = x
                .payouts
                .iter()
                .map(|p| format!("{} {}", p.holder, style.money(&p.amount)))
                .collect::<Vec<_>>()
                .join(", ");
            Mark {
                at: x.value.amount,
                label: x.id.clone(),
                title: format!("exit {} at {}: {paid}", x.id, style.money(&x.value)),
                color: "#222",
            }
        })
        .collect();
    for b in &r.breakpoints {
        if let Some(at) = b.converts_at {
            marks.push(Mark {
                at: at.amount,
                label: format!("{} → common", b.holder),
                title: format!(
                    "{}'s {} shares convert from {}",
                    b.holder,
                    b.event,
                    style.money(&at)
                ),
                color: "#777",
            });
        }
    }
    marks
}
