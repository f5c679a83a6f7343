//! SVG charts of offers: the periods as bars stacked by component, the
//! cumulative total as a line, one chart per offer side by side. Floating
//! point is used here for drawing coordinates only, never for a figure
//! that is printed: labels come from the exact decimals.
#![expect(
    clippy::float_arithmetic,
    reason = "pixel coordinates are floating point; every figure drawn is computed exactly elsewhere"
)]

use rust_decimal::Decimal;
use rust_decimal::prelude::{FromPrimitive, ToPrimitive};
use svg::Document;
use svg::node::element::{Group, Line, Polygon, Polyline, Rectangle, Text, Title};

use super::{Style, group};
use crate::money::Money;
use crate::offer::{Breakdown, Offer};
use crate::scenario::{ClaimResult, CompanyEntry, DealResult};

const WIDTH: f64 = 560.0;
const HEIGHT: f64 = 380.0;
const LEFT: f64 = 84.0;
const RIGHT: f64 = 20.0;
const TOP: f64 = 56.0;
const BOTTOM: f64 = 70.0;
const PALETTE: &[&str] = &[
    "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#9c755f",
];

fn f(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(0.0)
}

/// A round axis maximum and step: 1, 2 or 5 times a power of ten, about
/// five ticks. 100,000,000 -> (100,000,000, 20,000,000).
fn ticks(max: Decimal) -> (Decimal, Decimal) {
    if max <= Decimal::ZERO {
        return (Decimal::ONE, Decimal::ONE);
    }
    let rough = max / Decimal::from(5);
    let mut power = Decimal::ONE;
    while power * Decimal::TEN <= rough {
        power *= Decimal::TEN;
    }
    while power > rough && power > Decimal::new(1, 10) {
        power /= Decimal::TEN;
    }
    let step = [Decimal::ONE, Decimal::TWO, Decimal::from(5), Decimal::TEN]
        .into_iter()
        .map(|m| m * power)
        .find(|s| *s >= rough)
        .unwrap_or(power * Decimal::TEN);
    let top = (max / step).ceil() * step;
    (top, step)
}

/// An axis label with a scale letter: 25000000 -> `25M`, 1500 -> `1.5k`;
/// in French `1,5 k`, and milliards as `Md` (a French billion is 10^12,
/// so 2 x 10^12 is `2 000 Md`).
fn short(v: Decimal, style: &Style) -> String {
    let fr = style.lang == super::Lang::Fr;
    let scales: &[(Decimal, &str)] = if fr {
        &[
            (Decimal::new(1_000_000_000, 0), "\u{202f}Md"),
            (Decimal::new(1_000_000, 0), "\u{202f}M"),
            (Decimal::new(1_000, 0), "\u{202f}k"),
        ]
    } else {
        &[
            (Decimal::new(1_000_000_000_000, 0), "T"),
            (Decimal::new(1_000_000_000, 0), "B"),
            (Decimal::new(1_000_000, 0), "M"),
            (Decimal::new(1_000, 0), "k"),
        ]
    };
    let number = |x: Decimal| style.count(x.round_dp(2));
    for (s, suffix) in scales {
        if v.abs() >= *s {
            return format!("{}{suffix}", number(v / *s));
        }
    }
    number(v)
}

fn text(x: f64, y: f64, content: &str, anchor: &str, size: u32) -> Text {
    Text::new(content)
        .set("x", x)
        .set("y", y)
        .set("text-anchor", anchor)
        .set("font-size", size)
        .set(
            "font-family",
            "system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif",
        )
        .set("fill", "#222")
}

/// The largest figure a chart draws: the cumulative total, or a taller
/// period (a negative-free breakdown never exceeds its total).
fn peak(b: &Breakdown) -> Decimal {
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

fn chart(id: &str, o: &Offer, b: &Breakdown, style: &Style, scale: Decimal) -> Group {
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
    g = bars.draw(g, &plot, b, style);
    g = leaving(g, &plot, o, b, style);
    // The cumulative total.
    let points: Vec<String> = cumulative
        .iter()
        .enumerate()
        .map(|(i, c)| {
            format!(
                "{:.1},{:.1}",
                LEFT + slot * (i as f64) + slot / 2.0,
                plot.y(*c)
            )
        })
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
                    .set("stroke", "#ddd"),
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
    fn draw(&self, mut g: Group, plot: &Plot, b: &Breakdown, style: &Style) -> Group {
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
                            super::period(p.id),
                            names.get(k).map_or("", String::as_str)
                        ))),
                );
                base += *part;
            }
            g = g.add(text(
                x + bar_w / 2.0,
                TOP + plot_h + 16.0,
                &super::period(p.id),
                "middle",
                11,
            ));
            if let Some(t) = totals.get(i) {
                g = g.add(
                    text(
                        x + bar_w / 2.0,
                        y(*t) - 4.0,
                        &short(*t, style),
                        "middle",
                        10,
                    )
                    .set("fill", "#555"),
                );
            }
        }

        g
    }
}

/// Leaving: a line where `leave_on` falls in its period, titled with
/// what is kept and forfeited.
fn leaving(mut g: Group, plot: &Plot, o: &Offer, b: &Breakdown, style: &Style) -> Group {
    let plot_h = plot.height;
    let slot = plot.slot;
    if let Some(leave) = o.leave_on
        && let Some((i, p)) = b
            .periods
            .iter()
            .enumerate()
            .find(|(_, p)| p.start <= leave && leave < p.end)
    {
        let length = (p.end - p.start).num_days().max(1) as f64;
        let x = LEFT + slot * (i as f64 + (leave - p.start).num_days() as f64 / length);
        let (kept, forfeited) = match &b.reporting {
            Some(r) => (r.kept.as_ref(), r.forfeited.as_ref()),
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
        g = g
            .add(
                Line::new()
                    .set("x1", x)
                    .set("x2", x)
                    .set("y1", TOP - 6.0)
                    .set("y2", TOP + plot_h)
                    .set("stroke", "#e15759")
                    .set("stroke-width", 2)
                    .set("stroke-dasharray", "6 3")
                    .add(Title::new(title.clone())),
            )
            .add(
                text(x, TOP - 10.0, &format!("leaves {leave}"), "middle", 11)
                    .set("fill", "#e15759")
                    .add(Title::new(title)),
            );
    }

    g
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
    scenario(list, &[], &[], &[], style)
}

const ROW: f64 = 34.0;

fn panel_title(y: f64, title: &str) -> Text {
    text(LEFT, y, title, "start", 15).set("font-weight", "bold")
}

/// Deals: per deal, price, pre-money and post-money as bars on the deal's
/// own scale (deals differ by orders of magnitude), labelled with figures.
fn deals_panel(deals: &[&DealResult], style: &Style, width: f64) -> (Group, f64) {
    let mut g = Group::new().add(panel_title(24.0, "Deals: price, pre-money, post-money"));
    let mut y = 44.0;
    let bar_left = LEFT + 150.0;
    let bar_w = (width - bar_left - 190.0).max(120.0);
    for d in deals {
        let v = &d.valuation;
        g = g.add(text(LEFT, y + 12.0, &d.id, "start", 12).set("font-weight", "bold"));
        let top = v
            .post_money
            .map_or(v.price.amount, |p| p.amount.max(v.price.amount));
        let rows = [
            ("price", Some(v.price)),
            ("pre-money", v.pre_money),
            ("post-money", v.post_money),
        ];
        for (k, (label, money)) in rows.iter().enumerate() {
            let Some(m) = money else { continue };
            let ry = y + 18.0 + ROW * 0.6 * k as f64;
            let w = if top.is_zero() {
                0.0
            } else {
                f(m.amount) / f(top) * bar_w
            };
            let color = PALETTE.get(k).copied().unwrap_or("#888");
            g = g
                .add(text(bar_left - 8.0, ry + 11.0, label, "end", 11))
                .add(
                    Rectangle::new()
                        .set("x", bar_left)
                        .set("y", ry)
                        .set("width", w.max(0.5))
                        .set("height", 14)
                        .set("fill", color)
                        .add(Title::new(style.money(m))),
                )
                .add(text(
                    bar_left + w + 6.0,
                    ry + 11.0,
                    &Style {
                        compact: true,
                        ..*style
                    }
                    .money(m),
                    "start",
                    11,
                ));
        }
        y += 18.0 + ROW * 0.6 * 3.0 + 12.0;
    }
    (g, y)
}

/// Claims: each printed figure's deviation from the computed one, with the
/// band in which it holds; green when it holds, red when it does not.
fn claims_panel(claims: &[&ClaimResult], style: &Style, width: f64) -> (Group, f64) {
    let mut g = Group::new().add(panel_title(
        24.0,
        "Claims: deviation of the computed figure from the printed one",
    ));
    let axis_left = LEFT + 300.0;
    let axis_w = (width - axis_left - 150.0).max(160.0);
    let rel = |v: &crate::claim::Verdict, x: Option<Decimal>| -> Option<f64> {
        let says = v.says.value();
        x.filter(|_| !says.is_zero()).map(|x| f((x - says) / says))
    };
    // The scale: every deviation and every finite band edge fits.
    let mut span: f64 = 1e-6;
    for c in claims {
        let v = &c.verdict;
        for x in [v.deviation.map(f), rel(v, v.low), rel(v, v.high)]
            .into_iter()
            .flatten()
        {
            span = span.max(x.abs());
        }
    }
    span *= 1.2;
    let x_of = |d: f64| axis_left + axis_w / 2.0 + d / span * axis_w / 2.0;
    let mut y = 44.0;
    let ticks = [-span / 1.2, 0.0, span / 1.2];
    // Enough decimals to tell the ticks apart: 5.3%, 0.07%.
    let decimals = match span * 100.0 {
        a if a >= 12.0 => 0,
        a if a >= 1.2 => 1,
        a if a >= 0.12 => 2,
        _ => 3,
    };
    for t in ticks {
        g = g.add(
            text(
                x_of(t),
                y + 8.0,
                &style.signed_percent(
                    Decimal::from_f64(t)
                        .unwrap_or_default()
                        .round_dp(decimals + 2)
                        .normalize(),
                ),
                "middle",
                10,
            )
            .set("fill", "#555"),
        );
    }
    y += 16.0;
    let top = y;
    for c in claims {
        let v = &c.verdict;
        let mut label: String = c.text.chars().take(46).collect();
        if c.text.chars().count() > 46 {
            label.push('…');
        }
        let low = rel(v, v.low).map_or(axis_left, x_of);
        let high = rel(v, v.high).map_or(axis_left + axis_w, x_of);
        let color = if v.holds { "#59a14f" } else { "#e15759" };
        let verdict = v.outcome.to_string().to_uppercase();
        g = g
            .add(
                text(axis_left - 10.0, y + 15.0, &label, "end", 11).add(Title::new(c.text.clone())),
            )
            .add(
                Rectangle::new()
                    .set("x", low)
                    .set("y", y + 4.0)
                    .set("width", (high - low).max(1.0))
                    .set("height", 16)
                    .set("fill", "#e8eef5"),
            );
        if let Some(d) = v.deviation {
            let x = x_of(f(d));
            g = g.add(
                Rectangle::new()
                    .set("x", x.min(x_of(0.0)))
                    .set("y", y + 8.0)
                    .set("width", (x - x_of(0.0)).abs().max(2.0))
                    .set("height", 8)
                    .set("fill", color)
                    .add(Title::new(format!(
                        "{}: {}",
                        v.outcome,
                        style.signed_percent(d)
                    ))),
            );
        }
        // The verdict and the deviation in words, at the row's right end.
        let said = v.deviation.map_or(verdict.clone(), |d| {
            format!("{verdict} {}", style.signed_percent(d))
        });
        g = g.add(
            text(axis_left + axis_w + 8.0, y + 15.0, &said, "start", 11)
                .set("fill", color)
                .set("font-weight", "bold"),
        );
        y += ROW * 0.75;
    }
    g = g.add(
        Line::new()
            .set("x1", x_of(0.0))
            .set("x2", x_of(0.0))
            .set("y1", top)
            .set("y2", y)
            .set("stroke", "#444"),
    );
    (g, y + 10.0)
}

/// The unissued pool's colour: grey, apart from every holder's.
const POOL: &str = "#bab0ac";

/// Companies: per company, the cap table at the start and after each
/// round as bars of 100% (the pool in grey), then what each holder takes
/// across exit values, stacked so that the top edge is the exit value
/// itself, with the file's exits and each holding's breakpoint marked.
/// A holder keeps one colour in both.
fn companies_panel(companies: &[&CompanyEntry], style: &Style, width: f64) -> (Group, f64) {
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
        &super::company_title(&c.company.name, "cap table after each round"),
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

/// The exit values the waterfall is drawn over: zero to a quarter past the
/// largest exit or breakpoint, evenly, plus each exit and breakpoint and
/// the cent before it (where the curve bends).
fn exit_values(c: &CompanyEntry) -> Option<(Vec<Money>, Decimal)> {
    let r = &c.result;
    let marks: Vec<Money> = r
        .exits
        .iter()
        .map(|x| x.value)
        .chain(r.breakpoints.iter().filter_map(|b| b.converts_at))
        .collect();
    let currency = marks.first().map(|m| m.currency).or_else(|| {
        r.events
            .iter()
            .find_map(|e| e.post_money.or(e.price_per_share))
            .map(|m| m.currency)
    })?;
    let largest = marks
        .iter()
        .map(|m| m.amount)
        .chain(
            r.events
                .iter()
                .filter_map(|e| e.post_money.map(|m| m.amount)),
        )
        .max()?;
    let (top, _) = ticks(largest * Decimal::new(125, 2));
    let steps = 120;
    let mut values: Vec<Decimal> = (0..=steps)
        .map(|i| top * Decimal::from(i) / Decimal::from(steps))
        .collect();
    let cent = Decimal::new(1, currency.minor_units());
    for m in &marks {
        values.push(m.amount);
        values.push((m.amount - cent).max(Decimal::ZERO));
    }
    values.sort();
    values.dedup();
    Some((
        values
            .into_iter()
            .map(|v| Money::new(v.round_dp(currency.minor_units()), currency))
            .collect(),
        top,
    ))
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

fn waterfall(
    c: &CompanyEntry,
    style: &Style,
    width: f64,
    color_of: &dyn Fn(&str) -> &'static str,
) -> (Group, f64) {
    let r = &c.result;
    let mut g = Group::new().add(panel_title(
        24.0,
        &super::company_title(&c.company.name, "what each holder takes at an exit"),
    ));
    let Some((values, top)) = exit_values(c) else {
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
    let plot = ExitPlot {
        left: LEFT,
        width: (width - LEFT - RIGHT - 40.0).max(200.0),
        top: 44.0,
        height: 220.0,
        x_top: top,
        y_top,
    };
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
    g = exit_marks(g, &plot, c, style);
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
                    .set("stroke", "#ddd"),
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

/// The file's exits and the breakpoints, as labelled lines.
fn exit_marks(mut g: Group, plot: &ExitPlot, c: &CompanyEntry, style: &Style) -> Group {
    let r = &c.result;
    let mut marks: Vec<(Decimal, String, String, &str)> = r
        .exits
        .iter()
        .map(|x| {
            let paid = x
                .payouts
                .iter()
                .map(|p| format!("{} {}", p.holder, style.money(&p.amount)))
                .collect::<Vec<_>>()
                .join(", ");
            (
                x.value.amount,
                x.id.clone(),
                format!("exit {} at {}: {paid}", x.id, style.money(&x.value)),
                "#222",
            )
        })
        .collect();
    for b in &r.breakpoints {
        if let Some(at) = b.converts_at {
            marks.push((
                at.amount,
                format!("{} → common", b.holder),
                format!(
                    "{}'s {} shares convert from {}",
                    b.holder,
                    b.event,
                    style.money(&at)
                ),
                "#777",
            ));
        }
    }
    for (i, (at, label, title, color)) in marks.iter().enumerate() {
        let x = plot.x(*at);
        // Right of the line, or left of it where it would run out.
        let fits = x + 3.0 + 6.0 * label.chars().count() as f64 <= plot.left + plot.width;
        let (lx, anchor) = if fits {
            (x + 3.0, "start")
        } else {
            (x - 3.0, "end")
        };
        g = g
            .add(
                Line::new()
                    .set("x1", x)
                    .set("x2", x)
                    .set("y1", plot.top)
                    .set("y2", plot.top + plot.height)
                    .set("stroke", *color)
                    .set("stroke-dasharray", "4 3")
                    .add(Title::new(title.clone())),
            )
            .add(
                text(
                    lx,
                    plot.top + 10.0 + 12.0 * (i % 4) as f64,
                    label,
                    anchor,
                    10,
                )
                .set("fill", *color)
                .add(Title::new(title.clone())),
            );
    }
    g
}

/// What one scenario file draws: its title, then its offers side by
/// side, deals, companies and claims.
#[derive(Clone, Copy, Debug)]
pub struct Section<'a> {
    /// The file and its title, drawn above its charts.
    pub title: Option<&'a str>,
    /// The offers, by id.
    pub offers: &'a [(String, &'a Offer, &'a Breakdown)],
    /// The deals.
    pub deals: &'a [&'a DealResult],
    /// The companies.
    pub companies: &'a [&'a CompanyEntry],
    /// The claims.
    pub claims: &'a [&'a ClaimResult],
}

/// A scenario as one SVG: the offers side by side, then the deals, then
/// the claims, each part only when there is something to draw.
pub fn scenario(
    offers: &[(String, &Offer, &Breakdown)],
    deals: &[&DealResult],
    companies: &[&CompanyEntry],
    claims: &[&ClaimResult],
    style: &Style,
) -> String {
    sections(
        &[Section {
            title: None,
            offers,
            deals,
            companies,
            claims,
        }],
        style,
    )
}

/// Several scenario files in one SVG, one below the other, each under its
/// own title: offers are compared within a file, not across files.
pub fn sections(list: &[Section<'_>], style: &Style) -> String {
    let parts: Vec<(Group, f64, f64)> = list.iter().map(|s| section(s, style)).collect();
    let width = parts.iter().map(|p| p.1).fold(0.0, f64::max);
    let mut doc = Document::new().set("xmlns", "http://www.w3.org/2000/svg");
    let mut y = 0.0;
    for (g, _, h) in parts {
        doc = doc.add(g.set("transform", format!("translate(0 {y})")));
        y += h;
    }
    let mut out = doc
        .set("width", width)
        .set("height", y)
        .set("viewBox", (0, 0, width, y))
        .to_string();
    out.push('\n');
    out
}

/// One section: its group, width and height.
fn section(s: &Section<'_>, style: &Style) -> (Group, f64, f64) {
    let count = s.offers.len().max(1) as f64;
    let panels = !s.deals.is_empty() || !s.companies.is_empty() || !s.claims.is_empty();
    let width = if panels || s.title.is_some() {
        (WIDTH * count).max(900.0)
    } else {
        WIDTH * count
    };
    let background = |h: f64| {
        Rectangle::new()
            .set("width", width)
            .set("height", h)
            .set("fill", "#fff")
    };
    let mut doc = Group::new();
    let mut y = 0.0;
    if let Some(title) = s.title {
        doc = doc.add(background(40.0)).add(
            text(LEFT - 70.0, 28.0, title, "start", 17)
                .set("font-weight", "bold")
                .set("fill", "#111"),
        );
        y += 40.0;
    }
    if !s.offers.is_empty() {
        let scale = s
            .offers
            .iter()
            .map(|(_, _, b)| peak(b))
            .max()
            .unwrap_or_default();
        for (i, (id, o, b)) in s.offers.iter().enumerate() {
            let g = chart(id, o, b, style, scale);
            doc = doc.add(g.set("transform", format!("translate({} {y})", WIDTH * i as f64)));
        }
        y += HEIGHT;
    }
    // The deals, the companies, then the claims, each on a white band
    // below what is above.
    let panels = [
        (!s.deals.is_empty()).then(|| deals_panel(s.deals, style, width)),
        (!s.companies.is_empty()).then(|| companies_panel(s.companies, style, width)),
        (!s.claims.is_empty()).then(|| claims_panel(s.claims, style, width)),
    ];
    for (g, h) in panels.into_iter().flatten() {
        doc = doc.add(
            Group::new()
                .set("transform", format!("translate(0 {y})"))
                .add(background(h))
                .add(g),
        );
        y += h;
    }
    (doc, width, y)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axis_ticks_are_round() {
        assert_eq!(
            ticks(Decimal::from(100_000_000)),
            (Decimal::from(100_000_000), Decimal::from(20_000_000))
        );
        assert_eq!(
            ticks(Decimal::from(83)),
            (Decimal::from(100), Decimal::from(20))
        );
        let en = Style::default();
        assert_eq!(short(Decimal::from(25_000_000), &en), "25M");
        assert_eq!(short(Decimal::from(1_500), &en), "1.5k");
        assert_eq!(short(Decimal::from(2_000_000_000_000_i64), &en), "2T");
        let fr = Style {
            lang: crate::report::Lang::Fr,
            ..Style::default()
        };
        assert_eq!(short(Decimal::from(1_500), &fr), "1,5\u{202f}k");
        assert_eq!(
            short(Decimal::from(29_200_000_000_i64), &fr),
            "29,2\u{202f}Md"
        );
        assert_eq!(
            short(Decimal::from(2_000_000_000_000_i64), &fr),
            "2\u{202f}000\u{202f}Md"
        );
    }
}
