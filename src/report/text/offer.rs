//! An offer in text: its periods by component, its facts, tax, reporting
//! currency, real terms and tranches; offers side by side.

use std::fmt::Write as _;

use rust_decimal::Decimal;

use super::Style;
use super::{amount, indent, table};
use crate::money::Money;
use crate::offer::{Breakdown, By, Figures, Offer, Reporting};
use crate::scenario::OfferResult;

/// An offer: the periods by component, totals, and the dated tranches.
pub fn breakdown(o: &Offer, b: &Breakdown, style: &Style) -> String {
    format!("{}\n{}", o.title, breakdown_body(o, b, style))
}

/// An offer's breakdown under a heading of the caller's.
pub(super) fn breakdown_body(o: &Offer, b: &Breakdown, style: &Style) -> String {
    let mut out = String::new();
    let currency = b
        .currency
        .map_or_else(|| "shares".to_owned(), |c| c.to_string());
    let _ = writeln!(
        out,
        "starts {}, by {}, in {}{}",
        o.start,
        if o.by == By::GrantYear {
            "grant year"
        } else {
            "calendar year"
        },
        currency,
        if o.components.iter().any(|c| c.tax.is_some()) {
            ", before tax"
        } else {
            ""
        }
    );
    periods_table(o, b, style, &mut out);
    offer_facts(o, b, style, &mut out);
    tax_table(o, b, style, &mut out);
    by_component(o, b, style, &mut out);
    option_lines(o, b, style, &mut out);
    in_reporting(o, b, style, &mut out);
    at_price_scenarios(b, style, &mut out);
    in_real_terms(b, style, &mut out);
    tranche_list(o, b, style, &mut out);
    for n in &b.notes {
        let _ = writeln!(out, "note: {}", style.note(n));
    }
    out
}

/// The periods by component, with a total row and any converted columns.
pub(super) fn periods_table(o: &Offer, b: &Breakdown, style: &Style, out: &mut String) {
    let mut header = vec!["period".to_owned(), "from".to_owned(), "to".to_owned()];
    let money_cols = b.total.is_some();
    let mut used: Vec<usize> = (0..o.components.len())
        .filter(|i| {
            b.periods
                .iter()
                .any(|p| p.by_component.get(*i).is_some_and(|x| !x.is_zero()))
        })
        .collect();
    if used.len() < 2 {
        // One component: its column would repeat the total.
        used.clear();
    }
    if money_cols {
        header.extend(
            used.iter()
                .filter_map(|i| o.components.get(*i))
                .map(|c| c.label.clone()),
        );
        header.push("total".to_owned());
    }
    if b.shares.is_some() {
        header.push("shares".to_owned());
    }
    let conv_names: Vec<String> = b
        .total_converted
        .iter()
        .map(crate::report::converted_heading)
        .collect();
    header.extend(conv_names.iter().cloned());
    let mut rows = vec![header];
    for p in &b.periods {
        let mut r = vec![
            crate::report::period(p.id),
            p.start.to_string(),
            p.end.to_string(),
        ];
        if let Some(m) = &p.amount {
            for i in &used {
                r.push(amount(
                    &Money::new(
                        p.by_component.get(*i).copied().unwrap_or_default(),
                        m.currency,
                    ),
                    style,
                ));
            }
            r.push(amount(m, style));
        }
        if let Some(s) = p.shares {
            r.push(style.count(s));
        }
        for c in &p.converted {
            r.push(amount(&c.money, style));
        }
        rows.push(r);
    }
    let mut total_row = vec!["total".to_owned(), String::new(), String::new()];
    if let Some(t) = &b.total {
        for i in &used {
            let sum: Decimal = b
                .periods
                .iter()
                .filter_map(|p| p.by_component.get(*i))
                .copied()
                .sum();
            total_row.push(amount(&Money::new(sum, t.currency), style));
        }
        total_row.push(amount(t, style));
    }
    if let Some(s) = b.shares {
        total_row.push(style.count(s));
    }
    for c in &b.total_converted {
        total_row.push(amount(&c.money, style));
    }
    rows.push(total_row);
    let right: Vec<bool> = (0..rows.first().map_or(0, Vec::len))
        .map(|i| i >= 3)
        .collect();
    out.push('\n');
    out.push_str(&table(&rows, &right));
    for note in b
        .total_converted
        .iter()
        .filter_map(crate::report::converted_note)
    {
        let _ = writeln!(out, "{note}");
    }
    out.push('\n');
}

/// First year, average, present value, and what is kept and forfeited on leaving.
pub(super) fn offer_facts(o: &Offer, b: &Breakdown, style: &Style, out: &mut String) {
    let mut facts: Vec<Vec<String>> = Vec::new();
    if let Some(m) = &b.first_year {
        facts.push(vec!["first year".into(), style.money(m)]);
    }
    if let Some(m) = &b.average_per_year {
        facts.push(vec![
            format!("average per year ({})", b.periods.len()),
            style.money(m),
        ]);
    }
    if let (Some(m), Some(r)) = (&b.present_value, o.discount) {
        facts.push(vec![
            format!("present value at {} a year", style.percent(r)),
            style.money(m),
        ]);
    }
    if let (Some(k), Some(f), Some(l)) = (&b.kept, &b.forfeited, o.leave_on) {
        facts.push(vec![format!("kept, leaving on {l}"), style.money(k)]);
        facts.push(vec!["forfeited".into(), style.money(f)]);
    }
    if let (Some(m), Some(r)) = (&b.kept_present_value, o.discount) {
        facts.push(vec![
            format!("kept, present value at {}", style.percent(r)),
            style.money(m),
        ]);
    }
    if let (Some(k), Some(f), Some(l)) = (b.kept_shares, b.forfeited_shares, o.leave_on) {
        let shares = |n: Decimal| {
            format!(
                "{} {}",
                style.count(n),
                if n == Decimal::ONE { "share" } else { "shares" }
            )
        };
        let label = if b.kept.is_some() {
            "shares kept".to_owned()
        } else {
            format!("kept, leaving on {l}")
        };
        facts.push(vec![label, shares(k)]);
        let label = if b.kept.is_some() {
            "shares forfeited"
        } else {
            "forfeited"
        };
        facts.push(vec![label.into(), shares(f)]);
    }
    out.push_str(&table(&facts, &[false, true]));
}

/// Each taxed component before and after the flat rate the user gave.
pub(super) fn tax_table(o: &Offer, b: &Breakdown, style: &Style, out: &mut String) {
    if o.components.iter().any(|c| c.tax.is_some()) {
        let mut head = vec![
            "component".to_owned(),
            "rate".to_owned(),
            "before".to_owned(),
            "after".to_owned(),
        ];
        if o.leave_on.is_some() {
            head.push("kept after".to_owned());
        }
        let mut rows = vec![head];
        for (c, f) in o.components.iter().zip(&b.components) {
            let Some(rate) = c.tax else { continue };
            let mut row = vec![
                c.label.clone(),
                style.percent(rate),
                style.money_or_dash(f.total.as_ref()),
                style.money_or_dash(f.after_tax.as_ref()),
            ];
            if o.leave_on.is_some() {
                row.push(style.money_or_dash(f.kept_after_tax.as_ref()));
            }
            rows.push(row);
        }
        if let Some(all) = &b.after_tax {
            let mut row = vec![
                "total".to_owned(),
                String::new(),
                style.money_or_dash(b.total.as_ref()),
                style.money(all),
            ];
            if o.leave_on.is_some() {
                row.push(style.money_or_dash(b.kept_after_tax.as_ref()));
            }
            rows.push(row);
        }
        out.push_str("\nafter the flat tax rates you gave (your figures, not tax advice)\n");
        let right = vec![true; rows.first().map_or(0, Vec::len)];
        let mut align = right;
        if let Some(first) = align.first_mut() {
            *first = false;
        }
        out.push_str(&table(&rows, &align));
    }
}

/// Each component's total, kept and forfeited on leaving.
pub(super) fn by_component(o: &Offer, b: &Breakdown, style: &Style, out: &mut String) {
    if o.leave_on.is_some() && o.components.len() > 1 {
        let mut rows = vec![vec![
            "component".to_owned(),
            "total".to_owned(),
            "kept".to_owned(),
            "forfeited".to_owned(),
        ]];
        for (c, f) in o.components.iter().zip(&b.components) {
            rows.push(vec![
                c.label.clone(),
                style.money_or_dash(f.total.as_ref()),
                style.money_or_dash(f.kept.as_ref()),
                style.money_or_dash(f.forfeited.as_ref()),
            ]);
        }
        let _ = writeln!(
            out,
            "\nby component, leaving on {}",
            o.leave_on.unwrap_or(o.start)
        );
        out.push_str(&table(&rows, &[false, true, true, true]));
    }
}

/// Each option grant: its strike, its cost, and what has vested on leaving.
pub(super) fn option_lines(o: &Offer, b: &Breakdown, style: &Style, out: &mut String) {
    for f in &b.options {
        let label = o
            .components
            .get(f.component)
            .map_or("options", |c| c.label.as_str());
        let _ = writeln!(
            out,
            "\n{label}: {} options at a strike of {}; exercising them all costs {}",
            style.count(f.options),
            style.money(&f.strike),
            style.money(&f.exercise_cost)
        );
        if let (Some(v), Some(l)) = (f.vested_on_leaving, o.leave_on) {
            let by = f
                .exercise_by
                .map_or(String::new(), |d| format!("; exercise them by {d}"));
            let _ = writeln!(out, "leaving on {l}: {} vested{by}", style.count(v));
        }
    }
}

/// The offer's figures in the reporting currency.
pub(super) fn in_reporting(o: &Offer, b: &Breakdown, style: &Style, out: &mut String) {
    if let Some(r) = &b.reporting {
        let mut rows = vec![vec!["total".to_owned(), style.money(&r.figures.total)]];
        push_figures(&mut rows, &r.figures, style);
        // Each component after the user's rates.
        for (c, f) in o.components.iter().zip(&r.figures.components) {
            if let (Some(rate), Some(m)) = (c.tax, &f.after_tax) {
                rows.push(vec![
                    format!("{} after {}", c.label, style.percent(rate)),
                    style.money(m),
                ]);
            }
            if let (Some(rate), Some(m)) = (c.tax, &f.kept_after_tax) {
                rows.push(vec![
                    format!("{} kept, after {}", c.label, style.percent(rate)),
                    style.money(m),
                ]);
            }
        }
        let _ = writeln!(out, "\nin {} ({})", r.currency, reporting_rule(r));
        out.push_str(&table(&rows, &[false, true]));
    }
}

/// The offer's figures at its own share prices and at each of its price
/// scenarios, one column each: in its own currency, then in the reporting
/// currency.
pub(super) fn at_price_scenarios(b: &Breakdown, style: &Style, out: &mut String) {
    if b.scenarios.is_empty() {
        return;
    }
    let own = b.figures();
    let views: [(Option<String>, Vec<Option<&Figures>>); 2] = [
        (
            b.currency.map(|c| c.to_string()),
            std::iter::once(own.as_ref())
                .chain(b.scenarios.iter().map(|s| s.figures.as_ref()))
                .collect(),
        ),
        (
            b.reporting
                .as_ref()
                .filter(|r| b.currency != Some(r.currency))
                .map(|r| r.currency.to_string()),
            std::iter::once(b.reporting.as_ref().map(|r| &r.figures))
                .chain(b.scenarios.iter().map(|s| s.reporting.as_ref()))
                .collect(),
        ),
    ];
    let mut header = vec!["figure".to_owned(), "as offered".to_owned()];
    header.extend(
        b.scenarios
            .iter()
            .map(|s| format!("{} ({})", s.name, style.price_change(&s.change))),
    );
    for (currency, columns) in views {
        let Some(currency) = currency else { continue };
        let rows = crate::report::figure_rows(&columns);
        if rows.is_empty() {
            continue;
        }
        let mut table_rows = vec![header.clone()];
        for (name, values) in rows {
            let mut row = vec![figure_words(name).to_owned()];
            row.extend(values.iter().map(|m| style.money_or_dash(m.as_ref())));
            table_rows.push(row);
        }
        let _ = writeln!(
            out,
            "
at share price scenarios, in {currency} (the shares granted unchanged)"
        );
        let right: Vec<bool> = (0..header.len()).map(|i| i > 0).collect();
        out.push_str(&table(&table_rows, &right));
    }
}

/// A figure's name in a column of figures.
fn figure_words(name: &str) -> &'static str {
    match name {
        "kept" => "kept",
        "after_tax" => "after your tax rates",
        other => crate::report::figure_name(other),
    }
}

/// The offer's figures in real terms.
pub(super) fn in_real_terms(b: &Breakdown, style: &Style, out: &mut String) {
    if let Some(r) = &b.real {
        let mut rows = vec![vec!["total".to_owned(), style.money(&r.figures.total)]];
        for (p, m) in b.periods.iter().zip(&r.figures.periods) {
            rows.push(vec![crate::report::period(p.id), style.money(m)]);
        }
        push_figures(&mut rows, &r.figures, style);
        let mut projected = match (r.projected_after, r.inflation) {
            (Some(last), Some(i)) => format!(
                "; past {last}, its last month, at {} a year assumed",
                style.percent(i)
            ),
            _ => String::new(),
        };
        if !r.interpolated.is_empty() {
            let months: Vec<String> = r.interpolated.iter().map(ToString::to_string).collect();
            projected.push_str(&format!(
                "; {}, never published, read between the months either side",
                months.join(", ")
            ));
        }
        let _ = writeln!(
            out,
            "\nin dollars of {} (each payment by the {} of its month; {} = {}{projected})",
            r.period,
            r.index,
            r.period,
            style.decimal(&r.index_to.normalize().to_string())
        );
        out.push_str(&table(&rows, &[false, true]));
    }
}

/// Every dated tranche.
pub(super) fn tranche_list(o: &Offer, b: &Breakdown, style: &Style, out: &mut String) {
    if !b.tranches.is_empty() {
        let _ = writeln!(out, "\ntranches ({}, {})", b.tranches.len(), o.allocation);
        let rows: Vec<Vec<String>> = b
            .tranches
            .iter()
            .map(|t| {
                vec![
                    t.date.to_string(),
                    o.components
                        .get(t.component)
                        .map_or(String::new(), |c| c.label.clone()),
                    t.amount.as_ref().map_or(String::new(), |m| style.money(m)),
                    t.shares
                        .map_or(String::new(), |s| format!("{} shares", style.count(s))),
                ]
            })
            .collect();
        out.push_str(&indent(&table(&rows, &[false, false, true, true])));
    }
}

/// Present value, kept and forfeited, and after tax, where there are: the
/// rows an offer's figures add in another currency.
pub(super) fn push_figures(rows: &mut Vec<Vec<String>>, f: &Figures, style: &Style) {
    for (name, m) in f.headline().into_iter().skip(1) {
        if let Some(m) = m {
            rows.push(vec![figure_words(name).to_owned(), style.money(&m)]);
        }
    }
}

/// More offers than this are not put side by side: the table would be wider
/// than any screen.
pub(super) const MAX_SIDE_BY_SIDE: usize = 10;

/// Several offers side by side: per period, total, first year, average,
/// present value, kept.
pub fn comparison(offers: &[OfferResult], style: &Style) -> String {
    // In the reporting currency when every offer has one: equal cells
    // mean equal money.
    let reporting: Option<Vec<&Reporting>> = offers
        .iter()
        .map(|o| o.breakdown.reporting.as_ref())
        .collect::<Option<Vec<_>>>()
        .filter(|r| {
            r.windows(2)
                .all(|w| w.first().map(|x| x.currency) == w.get(1).map(|x| x.currency))
        });
    let own: Vec<Option<Figures>> = match &reporting {
        Some(_) => Vec::new(),
        None => offers.iter().map(|o| o.breakdown.figures()).collect(),
    };
    let figures: Vec<Option<&Figures>> = match &reporting {
        Some(rs) => rs.iter().map(|r| Some(&r.figures)).collect(),
        None => own.iter().map(Option::as_ref).collect(),
    };
    let mut header = vec![String::new()];
    header.extend(offers.iter().map(|o| o.id.clone()));
    let mut rows = vec![header];
    let labels: Vec<crate::offer::PeriodId> = {
        let mut seen = Vec::new();
        for o in offers {
            for p in &o.breakdown.periods {
                if !seen.contains(&p.id) {
                    seen.push(p.id);
                }
            }
        }
        seen
    };
    let cell = |m: Option<Money>| m.map_or("-".to_owned(), |m| style.money(&m));
    let push = |rows: &mut Vec<Vec<String>>, name: String, values: Vec<Option<Money>>| {
        if values.iter().any(Option::is_some) {
            let mut r = vec![name];
            r.extend(values.into_iter().map(cell));
            rows.push(r);
        }
    };
    for l in &labels {
        let values = offers
            .iter()
            .zip(&figures)
            .map(|(o, f)| {
                let i = o.breakdown.periods.iter().position(|p| p.id == *l)?;
                f.and_then(|f| f.periods.get(i).copied())
            })
            .collect();
        push(&mut rows, crate::report::period(*l), values);
    }
    let each = |pick: &dyn Fn(&Figures) -> Option<Money>| -> Vec<Option<Money>> {
        figures.iter().map(|f| f.and_then(pick)).collect()
    };
    push(&mut rows, "total".into(), each(&|f| Some(f.total)));
    push(&mut rows, "first year".into(), each(&Figures::first_year));
    push(
        &mut rows,
        "average per year".into(),
        each(&|f| Some(f.average_per_year)),
    );
    for (i, name) in Figures::NAMES.iter().enumerate().skip(1) {
        let words = match *name {
            "kept" => "kept on leaving",
            other => figure_words(other),
        };
        let values = each(&|f| f.headline().get(i).and_then(|(_, m)| *m));
        push(&mut rows, words.to_owned(), values);
    }
    // At each share price scenario every offer has: the figures a job
    // seeker weighs, and which offer keeps the most after tax.
    let mut most = Vec::new();
    for name in shared_scenarios(offers) {
        let at: Vec<Option<&Figures>> = offers
            .iter()
            .map(|o| {
                let s = o.breakdown.scenarios.iter().find(|s| s.name == name)?;
                match &reporting {
                    Some(_) => s.reporting.as_ref(),
                    None => s.figures.as_ref(),
                }
            })
            .collect();
        for (i, words) in [
            (0, "total"),
            (2, "kept on leaving"),
            (6, "kept after your tax rates"),
        ] {
            let values: Vec<Option<Money>> = at
                .iter()
                .map(|f| f.and_then(|f| f.headline().get(i).and_then(|(_, m)| *m)))
                .collect();
            if i == 6 {
                most.push((name.clone(), best(offers, &values)));
            }
            push(&mut rows, format!("{words}, {name}"), values);
        }
    }
    // In real terms, when the file asks for them (every offer has them).
    let real: Option<Vec<&crate::offer::Real>> =
        offers.iter().map(|o| o.breakdown.real.as_ref()).collect();
    if let Some(real) = real.filter(|r| !r.is_empty()) {
        let of = real
            .first()
            .map_or_else(String::new, |r| r.period.to_string());
        for (i, name) in [(0, "total"), (1, "present value"), (2, "kept on leaving")] {
            let values = real
                .iter()
                .map(|r| r.figures.headline().get(i).and_then(|(_, m)| *m))
                .collect();
            push(&mut rows, format!("{name}, dollars of {of}"), values);
        }
    }
    let right: Vec<bool> = (0..=offers.len()).map(|i| i > 0).collect();
    let taxed = offers.iter().any(|o| o.breakdown.after_tax.is_some());
    let tax = if taxed {
        "before tax but the rows after your tax rates (your figures, not tax advice)"
    } else {
        "before tax"
    };
    let heading = match reporting.as_ref().and_then(|r| r.first().copied()) {
        Some(r) => format!(
            "side by side, in {} ({}), {tax}",
            r.currency,
            reporting_rule(r)
        ),
        None => format!("side by side, {tax}"),
    };
    let mut out = format!("{heading}\n\n{}", table(&rows, &right));
    let most: Vec<String> = most
        .into_iter()
        .filter_map(|(name, best)| best.map(|b| format!("{name}: {b}")))
        .collect();
    if !most.is_empty() {
        let _ = writeln!(
            out,
            "keeps the most after your tax rates, on leaving: {}",
            most.join("; ")
        );
    }
    out
}

/// The names of the price scenarios every offer has, in the first offer's
/// order.
fn shared_scenarios(offers: &[OfferResult]) -> Vec<String> {
    let Some((first, rest)) = offers.split_first() else {
        return Vec::new();
    };
    first
        .breakdown
        .scenarios
        .iter()
        .map(|s| s.name.clone())
        .filter(|n| {
            rest.iter()
                .all(|o| o.breakdown.scenarios.iter().any(|s| &s.name == n))
        })
        .collect()
}

/// The offer with the largest value (all in one currency), or none when
/// any is missing or the first two are equal.
fn best(offers: &[OfferResult], values: &[Option<Money>]) -> Option<String> {
    let mut ranked: Vec<(Money, &str)> = values
        .iter()
        .zip(offers)
        .map(|(v, o)| v.map(|m| (m, o.id.as_str())))
        .collect::<Option<Vec<_>>>()?;
    ranked.sort_by_key(|r| std::cmp::Reverse(r.0.amount));
    match ranked.as_slice() {
        [(a, id), (b, _), ..] if a.amount > b.amount => Some((*id).to_owned()),
        [(_, id)] => Some((*id).to_owned()),
        _ => None,
    }
}

/// How a reporting currency's figures were converted, in words.
pub(super) fn reporting_rule(r: &Reporting) -> String {
    let freshness = if r.rates.latest_available {
        "; past the rate table's end, the latest available rates"
    } else if r.rates.stale {
        "; some rates stale"
    } else {
        ""
    };
    match r.fx {
        crate::offer::Fx::AsOf => format!("at the rates of {}{freshness}", r.rates.rate_date),
        crate::offer::Fx::PaidOn => format!(
            "each payment at its own date's rate, salary day by day, the last of {}{freshness}",
            r.rates.rate_date
        ),
    }
}
