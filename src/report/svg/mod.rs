//! SVG charts: offers as bars stacked by component with their cumulative
//! line (`offer.rs`), deals and claims as bars (`claims.rs`), companies as
//! cap tables and waterfalls (`company.rs`), each laid out so that no label
//! overlaps another or a line ([`layout`]). Floating point is used here
//! for drawing coordinates only, never for a figure that is printed:
//! labels come from the exact decimals.
#![expect(
    clippy::float_arithmetic,
    reason = "pixel coordinates are floating point; every figure drawn is computed exactly elsewhere"
)]

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use svg::Document;
use svg::node::element::{Group, Rectangle, Text};

use super::Style;
use crate::offer::{Breakdown, Offer};
use crate::scenario::{ClaimResult, CompanyEntry, DealResult};

mod claims;
mod company;
pub mod layout;
mod offer;
mod scenarios;

pub use offer::offers;

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
const ROW: f64 = 34.0;

fn panel_title(y: f64, title: &str) -> Text {
    text(LEFT, y, title, "start", 15).set("font-weight", "bold")
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
    let panels = !s.deals.is_empty()
        || !s.companies.is_empty()
        || !s.claims.is_empty()
        || s.offers.iter().any(|(_, _, b)| !b.scenarios.is_empty());
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
            .map(|(_, _, b)| offer::peak(b))
            .max()
            .unwrap_or_default();
        for (i, (id, o, b)) in s.offers.iter().enumerate() {
            let g = offer::chart(id, o, b, style, scale);
            doc = doc.add(g.set("transform", format!("translate({} {y})", WIDTH * i as f64)));
        }
        y += HEIGHT;
    }
    // The deals, the companies, then the claims, each on a white band
    // below what is above.
    let panels = [
        scenarios::scenarios_panel(s.offers, style, width),
        (!s.deals.is_empty()).then(|| claims::deals_panel(s.deals, style, width)),
        (!s.companies.is_empty()).then(|| company::companies_panel(s.companies, style, width)),
        (!s.claims.is_empty()).then(|| claims::claims_panel(s.claims, style, width)),
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
