//! Plain text for people: one line per result, tables aligned.

use std::fmt::Write as _;

use super::{Style, group, percent, significant};
use crate::claim::{Outcome, WouldHold};
use crate::offer::Reporting;
use crate::rates::{Conversion, RateTable};

/// `100,000,000.00 USD = 85,338,795.02 EUR  (1 USD = 0.8533879502 EUR,
/// 1 EUR = 1.1718 USD, rates of 2025-07-08, source)`: the rate both ways,
/// as either side quotes it, and a note when a rate is stale or the latest
/// available.
pub fn conversion(c: &Conversion, style: &Style) -> String {
    let mut out = format!(
        "{} = {}  ({}, rates of {}",
        style.money_given(&c.from),
        style.money(&c.to),
        super::both_ways(c, style),
        c.rate_date,
    );
    if c.rate_date != c.on {
        let _ = write!(out, " for {}", c.on);
    }
    let _ = writeln!(out, ", {})", c.source);
    if let Some(basis) = &c.basis {
        let _ = writeln!(out, "note: the rate is the {basis}");
        if c.latest_available {
            let _ = writeln!(out, "note: the period runs past the rate table's last date");
        }
    }
    for leg in &c.legs {
        if let Some(since) = leg.fixed_since {
            let per_euro = crate::currency::EuroLegacy::of(leg.currency.code())
                .map_or(leg.rate, crate::currency::EuroLegacy::rate);
            let _ = writeln!(
                out,
                "note: {}: 1 EUR = {per_euro} {} since {since}, by law",
                crate::rates::FIXED_EURO_RULE,
                leg.currency
            );
        }
    }
    for leg in &c.legs {
        let age = (c.on - leg.date).num_days();
        if leg.freshness.latest_available {
            let _ = writeln!(
                out,
                "note: {} {} is the latest available rate, of {} ({age} days before {})",
                leg.currency,
                leg.written(),
                leg.date,
                c.on
            );
        } else if leg.freshness.stale {
            let _ = writeln!(
                out,
                "note: stale rate: {} {} is of {}, {age} days before {}",
                leg.currency,
                leg.written(),
                leg.date,
                c.on
            );
        }
    }
    out
}

/// The table's source, base, dates and each currency's range.
pub fn rates_info(t: &RateTable) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "source  {}", t.source());
    let _ = writeln!(out, "base    {}", t.base());
    let _ = writeln!(
        out,
        "dates   {} dates from {} to {}",
        group(&t.date_count().to_string()),
        t.first_date(),
        t.last_date()
    );
    let ranges = t.ranges();
    let names: Vec<String> = ranges.iter().map(|r| t.currencies().name(r.0)).collect();
    let width = names
        .iter()
        .map(|n| n.chars().count())
        .max()
        .unwrap_or(4)
        .max(4);
    let _ = writeln!(
        out,
        "\ncode  {:<width$}  first       last        rates",
        "name"
    );
    for ((currency, first, last, count), name) in ranges.iter().zip(&names) {
        let _ = writeln!(
            out,
            "{currency}   {name:<width$}  {first}  {last}  {:>5}",
            group(&count.to_string())
        );
    }
    out
}

use crate::deal::{DealKind, PostMoneyFrom, PriceFrom, StakeFrom, Valuation};
use crate::money::Money;
use crate::offer::{Breakdown, By, Offer};
use crate::scenario::{ClaimResult, DealResult, OfferResult, Results};
use rust_decimal::Decimal;

/// Columns padded to their widest cell; `right[i]` aligns column i right.
pub fn table(rows: &[Vec<String>], right: &[bool]) -> String {
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..cols)
        .map(|i| {
            rows.iter()
                .filter_map(|r| r.get(i))
                .map(|c| c.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line_width: usize = widths.iter().sum::<usize>() + 2 * cols + 1;
    let mut out = String::with_capacity(rows.len() * line_width);
    for r in rows {
        let start = out.len();
        for (i, cell) in r.iter().enumerate() {
            if i > 0 {
                out.push_str("  ");
            }
            let pad = widths
                .get(i)
                .copied()
                .unwrap_or(0)
                .saturating_sub(cell.chars().count());
            if right.get(i).copied().unwrap_or(false) {
                out.extend(std::iter::repeat_n(' ', pad));
                out.push_str(cell);
            } else {
                out.push_str(cell);
                out.extend(std::iter::repeat_n(' ', pad));
            }
        }
        let trimmed = out.get(start..).map_or(0, |s| s.trim_end().len());
        out.truncate(start + trimmed);
        out.push('\n');
    }
    out
}

fn amount(m: &Money, style: &Style) -> String {
    style.number(m)
}

/// `valuation`: each figure with the rule that gave it.
pub fn valuation(v: &Valuation, style: &Style) -> String {
    let mut rows = vec![
        vec![
            "stake".to_owned(),
            v.stake.map_or_else(|| "-".to_owned(), percent),
            match v.derivation.stake {
                StakeFrom::Given => String::new(),
                StakeFrom::PriceOverPostMoney => "price / post-money".to_owned(),
                StakeFrom::Shares => "shares bought / shares".to_owned(),
            },
        ],
        vec![
            "price".to_owned(),
            style.money(&v.price),
            match v.derivation.price {
                PriceFrom::Given => String::new(),
                PriceFrom::PostMoneyTimesStake => "post-money x stake".to_owned(),
                PriceFrom::SharesTimesPricePerShare => "shares bought x price per share".to_owned(),
            },
        ],
        vec![
            "post-money".to_owned(),
            style.money_or_dash(v.post_money.as_ref()),
            match v.derivation.post_money {
                PostMoneyFrom::Given => String::new(),
                PostMoneyFrom::PriceOverStake => "price / stake".to_owned(),
                PostMoneyFrom::PreMoney => match v.kind {
                    DealKind::Primary => "pre-money + price".to_owned(),
                    DealKind::Secondary => "= pre-money".to_owned(),
                },
            },
        ],
        vec![
            "pre-money".to_owned(),
            style.money_or_dash(v.pre_money.as_ref()),
            match v.kind {
                DealKind::Secondary => "= post-money (existing shares bought)".to_owned(),
                DealKind::Primary => "post-money - price (new shares)".to_owned(),
            },
        ],
        vec![
            "remaining value".to_owned(),
            style.money_or_dash(v.remaining_value.as_ref()),
            "post-money x (1 - stake)".to_owned(),
        ],
    ];
    if let Some(n) = v.new_shares {
        rows.push(vec![
            "new shares".to_owned(),
            style.count(n.round_dp(2)),
            match v.kind {
                DealKind::Primary => "issued to the buyer".to_owned(),
                DealKind::Secondary => "none: existing shares change hands".to_owned(),
            },
        ]);
    }
    if let Some(b) = v.shares_bought.filter(|_| v.kind == DealKind::Secondary) {
        rows.push(vec![
            "shares bought".to_owned(),
            style.count(b.round_dp(2)),
            "shares before x stake".to_owned(),
        ]);
    }
    if let Some(p) = &v.price_per_share {
        rows.push(vec![
            "price per share".to_owned(),
            style.money(p),
            String::new(),
        ]);
    }
    table(&rows, &[false, true, false])
}

/// An offer: the periods by component, totals, and the dated tranches.
pub fn breakdown(o: &Offer, b: &Breakdown, style: &Style) -> String {
    format!("{}\n{}", o.title, breakdown_body(o, b, style))
}

/// An offer's breakdown under a heading of the caller's.
fn breakdown_body(o: &Offer, b: &Breakdown, style: &Style) -> String {
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
    in_real_terms(b, style, &mut out);
    tranche_list(o, b, style, &mut out);
    for n in &b.notes {
        let _ = writeln!(out, "note: {}", style.note(n));
    }
    out
}

/// The periods by component, with a total row and any converted columns.
fn periods_table(o: &Offer, b: &Breakdown, style: &Style, out: &mut String) {
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
        .map(super::converted_heading)
        .collect();
    header.extend(conv_names.iter().cloned());
    let mut rows = vec![header];
    for p in &b.periods {
        let mut r = vec![super::period(p.id), p.start.to_string(), p.end.to_string()];
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
    for note in b.total_converted.iter().filter_map(super::converted_note) {
        let _ = writeln!(out, "{note}");
    }
    out.push('\n');
}

/// First year, average, present value, and what is kept and forfeited on leaving.
fn offer_facts(o: &Offer, b: &Breakdown, style: &Style, out: &mut String) {
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
fn tax_table(o: &Offer, b: &Breakdown, style: &Style, out: &mut String) {
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
                row.push(String::new());
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
fn by_component(o: &Offer, b: &Breakdown, style: &Style, out: &mut String) {
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
fn option_lines(o: &Offer, b: &Breakdown, style: &Style, out: &mut String) {
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
fn in_reporting(o: &Offer, b: &Breakdown, style: &Style, out: &mut String) {
    if let Some(r) = &b.reporting {
        let mut rows = vec![vec!["total".to_owned(), style.money(&r.total.money)]];
        push_figures(
            &mut rows,
            [&r.present_value, &r.kept, &r.forfeited, &r.after_tax],
            style,
        );
        // Each component after the user's rates.
        for (c, f) in o.components.iter().zip(&r.components) {
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

/// The offer's figures in real terms.
fn in_real_terms(b: &Breakdown, style: &Style, out: &mut String) {
    if let Some(r) = &b.real {
        let mut rows = vec![vec!["total".to_owned(), style.money(&r.total)]];
        for (p, m) in b.periods.iter().zip(&r.periods) {
            rows.push(vec![super::period(p.id), style.money(m)]);
        }
        push_figures(
            &mut rows,
            [&r.present_value, &r.kept, &r.forfeited, &r.after_tax],
            style,
        );
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
fn tranche_list(o: &Offer, b: &Breakdown, style: &Style, out: &mut String) {
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

/// Present value, kept and forfeited (together), and after tax, where
/// there are: the rows an offer's figures add in another currency.
fn push_figures(
    rows: &mut Vec<Vec<String>>,
    [pv, kept, forfeited, after_tax]: [&Option<Money>; 4],
    style: &Style,
) {
    if let Some(m) = pv {
        rows.push(vec!["present value".into(), style.money(m)]);
    }
    if let (Some(k), Some(f)) = (kept, forfeited) {
        rows.push(vec!["kept".into(), style.money(k)]);
        rows.push(vec!["forfeited".into(), style.money(f)]);
    }
    if let Some(m) = after_tax {
        rows.push(vec!["after your tax rates".into(), style.money(m)]);
    }
}

fn indent(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2 * s.lines().count());
    for l in s.lines() {
        out.push_str("  ");
        out.push_str(l);
        out.push('\n');
    }
    out
}

/// More offers than this are not put side by side: the table would be wider
/// than any screen.
const MAX_SIDE_BY_SIDE: usize = 10;

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
    let cell = |m: Option<&Money>| m.map_or("-".to_owned(), |m| style.money(m));
    for l in &labels {
        let mut r = vec![super::period(*l)];
        for (k, o) in offers.iter().enumerate() {
            let i = o.breakdown.periods.iter().position(|p| p.id == *l);
            let m = match &reporting {
                Some(rs) => i.and_then(|i| rs.get(k).and_then(|r| r.periods.get(i))),
                None => i
                    .and_then(|i| o.breakdown.periods.get(i))
                    .and_then(|p| p.amount.as_ref()),
            };
            r.push(cell(m));
        }
        rows.push(r);
    }
    type Pick = fn(&Breakdown) -> Option<&Money>;
    type PickReporting = fn(&Reporting) -> Option<&Money>;
    let facts: [(&str, Pick, PickReporting); 7] = [
        ("total", |b| b.total.as_ref(), |r| Some(&r.total.money)),
        (
            "first year",
            |b| b.first_year.as_ref(),
            |r| r.first_year.as_ref(),
        ),
        (
            "average per year",
            |b| b.average_per_year.as_ref(),
            |r| r.average_per_year.as_ref(),
        ),
        (
            "present value",
            |b| b.present_value.as_ref(),
            |r| r.present_value.as_ref(),
        ),
        ("kept on leaving", |b| b.kept.as_ref(), |r| r.kept.as_ref()),
        (
            "forfeited",
            |b| b.forfeited.as_ref(),
            |r| r.forfeited.as_ref(),
        ),
        (
            "after your tax rates",
            |b| b.after_tax.as_ref(),
            |r| r.after_tax.as_ref(),
        ),
    ];
    for (name, pick, pick_reporting) in facts {
        let values: Vec<Option<&Money>> = match &reporting {
            Some(rs) => rs.iter().map(|r| pick_reporting(r)).collect(),
            None => offers.iter().map(|o| pick(&o.breakdown)).collect(),
        };
        if values.iter().any(Option::is_some) {
            let mut r = vec![name.to_owned()];
            r.extend(values.into_iter().map(cell));
            rows.push(r);
        }
    }
    // In real terms, when the file asks for them (every offer has them).
    let real: Option<Vec<&crate::offer::Real>> =
        offers.iter().map(|o| o.breakdown.real.as_ref()).collect();
    if let Some(real) = real.filter(|r| !r.is_empty()) {
        let of = real
            .first()
            .map_or_else(String::new, |r| r.period.to_string());
        type PickReal = fn(&crate::offer::Real) -> Option<&Money>;
        let rows_real: [(&str, PickReal); 3] = [
            ("total", |r| Some(&r.total)),
            ("present value", |r| r.present_value.as_ref()),
            ("kept on leaving", |r| r.kept.as_ref()),
        ];
        for (name, pick) in rows_real {
            let values: Vec<Option<&Money>> = real.iter().map(|r| pick(r)).collect();
            if values.iter().any(Option::is_some) {
                let mut r = vec![format!("{name}, dollars of {of}")];
                r.extend(values.into_iter().map(cell));
                rows.push(r);
            }
        }
    }
    let right: Vec<bool> = (0..=offers.len()).map(|i| i > 0).collect();
    let taxed = offers.iter().any(|o| o.breakdown.after_tax.is_some());
    let tax = if taxed {
        "before tax but the row after your tax rates (your figures, not tax advice)"
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
    format!("{heading}\n\n{}", table(&rows, &right))
}

/// How a reporting currency's figures were converted, in words.
fn reporting_rule(r: &Reporting) -> String {
    let freshness = if r.total.latest_available {
        "; past the rate table's end, the latest available rates"
    } else if r.total.stale {
        "; some rates stale"
    } else {
        ""
    };
    match r.fx {
        crate::offer::Fx::AsOf => format!("at the rates of {}{freshness}", r.total.rate_date),
        crate::offer::Fx::PaidOn => format!(
            "each payment at its own date's rate, salary day by day, the last of {}{freshness}",
            r.total.rate_date
        ),
    }
}

/// Claims as a verdict list: the sentence, the computed figure, the range,
/// a mark, the deviation.
pub fn claims(list: &[ClaimResult], style: &Style) -> String {
    let mut out = String::new();
    for c in list {
        claim(c, style, &mut out);
    }
    claims_tally(list, style, &mut out);
    out
}

/// One claim: its mark and sentence, then its figures.
fn claim(c: &ClaimResult, style: &Style, out: &mut String) {
    let v = &c.verdict;
    let mark = match (v.outcome, style.color) {
        (Outcome::Holds, true) => "\x1b[1;32mHOLDS\x1b[0m ",
        (Outcome::Fails, true) => "\x1b[1;31mFAILS\x1b[0m ",
        (Outcome::Truncated, true) => "\x1b[1;33mTRUNC\x1b[0m ",
        (Outcome::Holds, false) => "HOLDS ",
        (Outcome::Fails, false) => "FAILS ",
        (Outcome::Truncated, false) => "TRUNC ",
    };
    let _ = write!(out, "{mark} \"{}\"", c.text);
    if let Some(s) = &c.source {
        let _ = write!(out, " ({s})");
    }
    if let Some(caveat) = v.conversion.as_ref().and_then(|c| c.caveat()) {
        let _ = write!(out, " [judged on a {caveat}]");
    }
    out.push('\n');
    let range = match (v.low, v.high) {
        (Some(l), Some(h)) => format!(
            "{} to {}",
            style.figure(&v.says.with(l)),
            style.figure(&v.says.with(h))
        ),
        (Some(l), None) if v.low_open => {
            format!("more than {}", style.figure(&v.says.with(l)))
        }
        (Some(l), None) => format!("at least {}", style.figure(&v.says.with(l))),
        (None, Some(h)) if v.high_open => {
            format!("less than {}", style.figure(&v.says.with(h)))
        }
        (None, Some(h)) => format!("at most {}", style.figure(&v.says.with(h))),
        (None, None) => "any".to_owned(),
    };
    let mut rows = vec![
        vec![
            "computed".to_owned(),
            format!("{} ({})", style.figure(&v.actual), c.of),
        ],
        vec![
            "printed".to_owned(),
            match &v.says_high {
                Some(high) => format!(
                    "{} to {} (\"{}\")",
                    style.figure(&v.says),
                    style.figure(high),
                    c.says
                ),
                None => format!("{} (\"{}\")", style.figure(&v.says), c.says),
            },
        ],
        vec![
            "holds for".to_owned(),
            format!("{range}: {}", style.rule(&v.tolerance)),
        ],
    ];
    if let Some(d) = v.deviation {
        rows.push(vec!["deviation".to_owned(), deviation(d, v.points, style)]);
    }
    if v.precision == Some(crate::claim::Precision::Round) {
        rows.push(vec![
            "precision".to_owned(),
            "holds only as a round figure: its trailing zeros read as not significant (fails with `check --strict`)".to_owned(),
        ]);
    }
    if let Some(conv) = &v.conversion {
        conversion_rows(v, conv, style, &mut rows);
    }
    if v.outcome == Outcome::Truncated {
        rows.push(vec![
            "truncated".to_owned(),
            "holds if the printed figure was cut off rather than rounded".to_owned(),
        ]);
    }
    for (k, w) in v
        .would_hold_if
        .iter()
        .filter(|w| !matches!(w, WouldHold::Dates { .. }))
        .enumerate()
    {
        let label = if k == 0 { "would hold if" } else { "" };
        rows.push(vec![label.to_owned(), would_hold(w, style)]);
    }
    out.push_str(&indent(&table(&rows, &[false, false])));
}

/// A deviation; a percentage's also in points: 45.3% for 46.2% is 0.9
/// points, 1.9% of it.
fn deviation(d: Decimal, points: Option<Decimal>, style: &Style) -> String {
    let Some(p) = points else {
        return style.signed_percent(d);
    };
    let sign = if p > Decimal::ZERO { "+" } else { "" };
    let n = p.round_dp(4).normalize();
    format!(
        "{sign}{} {} ({} of it)",
        style.decimal(&n.to_string()),
        if n.abs() == Decimal::ONE {
            "point"
        } else {
            "points"
        },
        style.signed_percent(d)
    )
}

/// The rate a claim across currencies was judged at, and, when it fails,
/// the nearest dates (or months, or years) whose rate would make it hold.
fn conversion_rows(
    v: &crate::claim::Verdict,
    conv: &crate::claim::ConversionCheck,
    style: &Style,
    rows: &mut Vec<Vec<String>>,
) {
    let (from, to) = (
        conv.from.currency,
        v.says.with(Decimal::ZERO).currency_code(),
    );
    rows.push(vec![
        "rate".to_owned(),
        format!(
            "1 {from} = {} {to}{}, of {}{}{}{}",
            style.decimal(&significant(conv.rate, 8)),
            conv.inverse_rate.map_or_else(String::new, |r| format!(
                ", 1 {to} = {} {from}",
                style.decimal(&significant(r, 8))
            )),
            conv.rate_date,
            conv.caveat().map_or(String::new(), |c| format!(", a {c}")),
            conv.rule.map_or(String::new(), |r| format!(", {r}")),
            conv.implied_rate.map_or(String::new(), |r| format!(
                " (printed figure implies 1 {from} = {} {to})",
                style.decimal(&significant(r, 8))
            ))
        ),
    ]);
    let printed = conv.rule == Some(crate::scenario::PRINTED_RATE);
    if printed || v.holds {
        return;
    }
    let at = |d: chrono::NaiveDate| crate::claim::period_label(d, conv.basis);
    let (date, dates) = match conv.basis {
        crate::rates::Basis::Daily => ("date", "date of the rate table"),
        crate::rates::Basis::MonthlyAverage => ("month", "month's average"),
        crate::rates::Basis::AnnualAverage => ("year", "year's average"),
    };
    let when = match (conv.held_on_or_before, conv.held_after) {
        (Some(b), Some(a)) => format!(
            "{} (nearest on or before), {} (nearest after)",
            at(b),
            at(a)
        ),
        (Some(b), None) => format!("{} (nearest on or before); on no later {date}", at(b)),
        (None, Some(a)) => format!("on no earlier {date}; {} (nearest after)", at(a)),
        (None, None) => format!("on no {dates}"),
    };
    rows.push(vec!["would hold".to_owned(), when]);
}

/// How many claims hold, how many only as round figures, how many
/// truncated.
fn claims_tally(list: &[ClaimResult], style: &Style, out: &mut String) {
    let held = list.iter().filter(|c| c.verdict.holds).count();
    let truncated = list
        .iter()
        .filter(|c| c.verdict.outcome == Outcome::Truncated)
        .count();
    let count = |n: usize| style.localize(&group(&n.to_string()));
    match (list.len(), held) {
        (1, 1) => out.push_str("the claim holds"),
        (1, _) => out.push_str("the claim does not hold"),
        (n, h) => {
            let _ = write!(
                out,
                "{} of {} claims hold{}",
                count(h),
                count(n),
                if h == 1 { "s" } else { "" }
            );
        }
    }
    let round = list
        .iter()
        .filter(|c| c.verdict.precision.is_some())
        .count();
    if round > 0 {
        let _ = write!(out, "; {} only as a round figure", count(round));
    }
    if truncated > 0 {
        let _ = write!(out, "; {} truncated", count(truncated));
    }
    out.push('\n');
}

/// A reading that would make a claim hold, in words.
fn would_hold(w: &WouldHold, style: &Style) -> String {
    match w {
        WouldHold::Input { input, low, high } => format!(
            "the {} alone were from {} to {}",
            input.replace('_', "-"),
            style.figure(low),
            style.figure(high)
        ),
        WouldHold::PreMoney => "the printed figure is the pre-money valuation".to_owned(),
        WouldHold::PostMoney => "the printed figure is the post-money valuation".to_owned(),
        WouldHold::Primary => "the deal were primary (new shares)".to_owned(),
        WouldHold::Secondary => "the deal were secondary (existing shares)".to_owned(),
        WouldHold::Scale(f) if *f >= Decimal::ONE => format!(
            "the printed figure is {} times the computed one (a slip of scale)",
            style.count(*f)
        ),
        WouldHold::Scale(f) => format!(
            "the printed figure is 1/{} of the computed one (a slip of scale)",
            // Unreachable default: slips are 1/1,000 and 1/1,000,000.
            style.count(Decimal::ONE.checked_div(*f).unwrap_or_default())
        ),
        WouldHold::Dates { .. } => "on other dates".to_owned(),
        WouldHold::NoConversion => "the amount were printed unconverted".to_owned(),
        WouldHold::InverseRate => "the amount were converted at the inverse rate".to_owned(),
    }
}

fn deal_heading(d: &DealResult) -> String {
    let who = match (&d.deal.buyer, &d.deal.target) {
        (Some(b), Some(t)) => format!("{b} in {t}"),
        (Some(b), None) => b.clone(),
        (None, Some(t)) => t.clone(),
        (None, None) => String::new(),
    };
    let mut h = format!("deal {}", d.id);
    if !who.is_empty() {
        let _ = write!(h, ": {who}");
    }
    if let Some(date) = d.deal.date {
        let _ = write!(h, ", {date}");
    }
    let _ = write!(h, " ({})", d.valuation.kind);
    h
}

/// `eval`: every offer, deal and claim of a file.
pub fn results(r: &Results, style: &Style, claims_only: bool) -> String {
    let mut out = String::new();
    let _ = write!(out, "{}", r.title.as_deref().unwrap_or(&r.file));
    if let Some(s) = &r.source {
        let _ = write!(out, " ({s})");
    }
    let _ = writeln!(out, "\nas of {}; rates: {}", r.as_of, r.rates_source);
    if !claims_only {
        for text in crate::parallel::map(&r.offers, |o| {
            if o.offer.title == o.id {
                format!(
                    "\noffer {}\n{}",
                    o.id,
                    breakdown_body(&o.offer, &o.breakdown, style)
                )
            } else {
                format!(
                    "\noffer {}\n{}",
                    o.id,
                    breakdown(&o.offer, &o.breakdown, style)
                )
            }
        }) {
            out.push_str(&text);
        }
        if (2..=MAX_SIDE_BY_SIDE).contains(&r.offers.len()) {
            out.push('\n');
            out.push_str(&comparison(&r.offers, style));
        } else if r.offers.len() > MAX_SIDE_BY_SIDE {
            let _ = writeln!(
                out,
                "\n{} offers: side by side is shown for up to {MAX_SIDE_BY_SIDE}; `--format csv` puts every period of every offer in one table",
                r.offers.len()
            );
        }
        for d in &r.deals {
            let _ = writeln!(out, "\n{}", deal_heading(d));
            out.push_str(&valuation(&d.valuation, style));
        }
        for c in &r.companies {
            out.push_str(&company(c, style));
        }
    }
    if !r.claims.is_empty() {
        out.push('\n');
        out.push_str(&claims(&r.claims, style));
    }
    out
}

/// A company: its events, the cap table after them, and each exit's
/// payouts.
pub fn company(c: &crate::scenario::CompanyEntry, style: &Style) -> String {
    let r = &c.result;
    let mut out = format!("\n{}\n", super::heading("company", &c.id, &c.company.name));
    let mut rows = vec![vec![
        "event".to_owned(),
        "price per share".to_owned(),
        "shares".to_owned(),
        "pre-money".to_owned(),
        "post-money".to_owned(),
        "pool top-up".to_owned(),
        String::new(),
    ]];
    for e in &r.events {
        rows.push(vec![
            e.id.clone(),
            e.price_per_share.map_or_else(
                || "-".to_owned(),
                |m| {
                    format!(
                        "{} {}",
                        style.decimal(&significant(m.amount, 8)),
                        m.currency
                    )
                },
            ),
            style.count(e.shares),
            style.money_or_dash(e.pre_money.as_ref()),
            style.money_or_dash(e.post_money.as_ref()),
            style.count(e.pool_top_up),
            super::status(&e.status),
        ]);
    }
    out.push_str(&table(&rows, &[false, true, true, true, true, true, false]));
    for e in &r.events {
        if let Some(a) = &e.accrual {
            let _ = writeln!(
                out,
                "{}: {} principal + {} interest ({} a year over {} days, {}) = {} converts, its preference",
                e.id,
                style.money(&a.principal),
                style.money(&a.interest),
                style.percent(a.rate),
                style.count(rust_decimal::Decimal::from(a.days)),
                a.day_count,
                style.money(&a.conversion_amount),
            );
        }
    }
    let mut rows = vec![vec![
        "holder".to_owned(),
        "shares".to_owned(),
        "ownership".to_owned(),
    ]];
    for h in &r.holders {
        rows.push(vec![
            h.name.clone(),
            style.count(h.shares),
            style.percent(h.ownership),
        ]);
    }
    if r.had_pool() {
        rows.push(vec![
            "unissued pool".to_owned(),
            style.count(r.pool),
            style.percent(r.pool_ownership),
        ]);
    }
    out.push_str("\ncap table after all events\n");
    out.push_str(&table(&rows, &[false, true, true]));
    for x in &r.exits {
        let _ = writeln!(
            out,
            "\nexit {} at {}: {} a common share{}",
            x.id,
            style.money(&x.value),
            style.money(&x.per_common_share),
            if x.converting.is_empty() {
                String::new()
            } else {
                format!(" ({} converting to common)", x.converting.join(", "))
            }
        );
        let rows: Vec<Vec<String>> = x
            .payouts
            .iter()
            .map(|p| vec![p.holder.clone(), style.money(&p.amount)])
            .collect();
        out.push_str(&table(&rows, &[false, true]));
    }
    if !r.breakpoints.is_empty() {
        out.push_str("\nbreakpoints: preferred converts to common from an exit of\n");
        let rows: Vec<Vec<String>> = r
            .breakpoints
            .iter()
            .map(|b| {
                vec![
                    format!("{} ({})", b.holder, b.event),
                    b.converts_at
                        .as_ref()
                        .map_or_else(|| "never (participating)".to_owned(), |m| style.money(m)),
                ]
            })
            .collect();
        out.push_str(&table(&rows, &[false, true]));
    }
    out
}
