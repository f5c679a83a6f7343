//! Deals as bars of price, pre-money and post-money, and claims as each
//! printed figure's deviation from the computed one.
#![expect(
    clippy::float_arithmetic,
    reason = "pixel coordinates are floating point; every figure drawn is computed exactly elsewhere"
)]

use rust_decimal::Decimal;
use rust_decimal::prelude::FromPrimitive;
use svg::node::element::{Group, Line, Rectangle, Title};

use super::{LEFT, PALETTE, ROW, f, panel_title, text};
use crate::money::Money;
use crate::report::Style;
use crate::scenario::{ClaimResult, DealResult};
/// A horizontal bar on a scale shared by its panel: its label left of
/// it, the money at its end in a reader's words, and the exact figure as
/// its tooltip.
#[derive(Clone, Copy)]
pub(super) struct Bar {
    /// Where bars start.
    pub(super) left: f64,
    /// The width of the largest.
    pub(super) width: f64,
    /// The money the largest stands for.
    pub(super) top: Decimal,
}

impl Bar {
    /// One bar at `y`, of `m`, labelled `label`.
    pub(super) fn row(
        self,
        g: Group,
        y: f64,
        label: &str,
        m: &Money,
        color: &str,
        style: &Style,
    ) -> Group {
        let w = if self.top.is_zero() {
            0.0
        } else {
            f(m.amount) / f(self.top) * self.width
        };
        let compact = Style {
            compact: true,
            ..*style
        };
        g.add(text(self.left - 8.0, y + 11.0, label, "end", 11))
            .add(
                Rectangle::new()
                    .set("x", self.left)
                    .set("y", y)
                    .set("width", w.max(0.5))
                    .set("height", 14)
                    .set("fill", color)
                    .add(Title::new(style.money(m))),
            )
            .add(text(
                self.left + w + 6.0,
                y + 11.0,
                &compact.money(m),
                "start",
                11,
            ))
    }
}

/// Deals: per deal, price, pre-money and post-money as bars on the deal's
/// own scale (deals differ by orders of magnitude), labelled with figures.
pub(super) fn deals_panel(deals: &[&DealResult], style: &Style, width: f64) -> (Group, f64) {
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
            let color = PALETTE.get(k).copied().unwrap_or("#888");
            let bar = Bar {
                left: bar_left,
                width: bar_w,
                top,
            };
            g = bar.row(g, ry, label, m, color, style);
        }
        y += 18.0 + ROW * 0.6 * 3.0 + 12.0;
    }
    (g, y)
}

/// Claims: each printed figure's deviation from the computed one, with the
/// band in which it holds; green when it holds, red when it does not.
pub(super) fn claims_panel(claims: &[&ClaimResult], style: &Style, width: f64) -> (Group, f64) {
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
                11,
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
