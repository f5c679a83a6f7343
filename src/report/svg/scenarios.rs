//! Offers at their share price scenarios: for each scenario (and as
//! offered), one bar per offer of the figure a job seeker weighs (what is
//! kept after their tax rates where every offer has it, else what is kept,
//! else the total), on one scale, in the reporting currency when every
//! offer has one.
#![expect(
    clippy::float_arithmetic,
    reason = "pixel coordinates are floating point; every figure drawn is computed exactly elsewhere"
)]

use svg::node::element::Group;

use super::{LEFT, PALETTE, ROW, panel_title, text};
use crate::money::Money;
use crate::offer::{Breakdown, Figures, Offer};
use crate::report::Style;

/// One column of bars: a scenario's name and price (or "as offered"),
/// and each offer's figures in it.
type Column<'a> = (String, Vec<Option<&'a Figures>>);

/// The panel, and its height; none when no offer has a price scenario.
pub(super) fn scenarios_panel(
    offers: &[(String, &Offer, &Breakdown)],
    style: &Style,
    width: f64,
) -> Option<(Group, f64)> {
    let first = offers.first()?.2;
    let names: Vec<&str> = first
        .scenarios
        .iter()
        .map(|s| s.name.as_str())
        .filter(|n| {
            offers
                .iter()
                .all(|(_, _, b)| b.scenarios.iter().any(|s| s.name == *n))
        })
        .collect();
    if names.is_empty() {
        return None;
    }
    let in_reporting = offers.iter().all(|(_, _, b)| b.reporting.is_some());
    let own: Vec<Option<Figures>> = offers.iter().map(|(_, _, b)| b.figures()).collect();
    let mut columns: Vec<Column<'_>> = vec![(
        "as offered".to_owned(),
        offers
            .iter()
            .zip(&own)
            .map(|((_, _, b), o)| match in_reporting {
                true => b.reporting.as_ref().map(|r| &r.figures),
                false => o.as_ref(),
            })
            .collect(),
    )];
    for name in &names {
        let mut label = (*name).to_owned();
        let each = offers
            .iter()
            .map(|(_, _, b)| {
                let s = b.scenarios.iter().find(|s| s.name == *name)?;
                label = format!("{name} ({})", style.price_change(&s.change));
                match in_reporting {
                    true => s.reporting.as_ref(),
                    false => s.figures.as_ref(),
                }
            })
            .collect();
        columns.push((label, each));
    }
    // The figure every bar can show.
    let all = |i: usize| {
        columns.iter().all(|(_, fs)| {
            fs.iter()
                .all(|f| f.is_some_and(|f| f.headline().get(i).is_some_and(|(_, m)| m.is_some())))
        })
    };
    let (index, what) = [
        (6, "kept after your tax rates"),
        (2, "kept on leaving"),
        (0, "total"),
    ]
    .into_iter()
    .find(|(i, _)| all(*i))?;
    let value = |f: Option<&Figures>| -> Option<Money> {
        f.and_then(|f| f.headline().get(index).and_then(|(_, m)| *m))
    };
    let top = columns
        .iter()
        .flat_map(|(_, fs)| fs.iter().filter_map(|f| value(*f)))
        .map(|m| m.amount)
        .max()
        .unwrap_or_default();
    let currency = columns
        .first()
        .and_then(|(_, fs)| fs.iter().find_map(|f| value(*f)))
        .map_or_else(String::new, |m| m.currency.to_string());
    let mut g = Group::new().add(panel_title(
        24.0,
        &format!("At share price scenarios: {what}, in {currency}"),
    ));
    let label_left = LEFT;
    let bar_left = LEFT + 230.0;
    let bar_w = (width - bar_left - 190.0).max(120.0);
    let mut y = 44.0;
    let bar = super::claims::Bar {
        left: bar_left,
        width: bar_w,
        top,
    };
    for (label, fs) in &columns {
        g = g.add(text(label_left, y + 12.0, label, "start", 12).set("font-weight", "bold"));
        for (k, ((id, _, _), fig)) in offers.iter().zip(fs).enumerate() {
            let Some(m) = value(*fig) else { continue };
            let ry = y + 18.0 + ROW * 0.6 * k as f64;
            let color = PALETTE.get(k % PALETTE.len()).copied().unwrap_or("#888");
            g = bar.row(g, ry, id, &m, color, style);
        }
        y += 18.0 + ROW * 0.6 * offers.len() as f64 + 12.0;
    }
    Some((g, y))
}
