//! Plain text for people: one line per result, tables aligned. Offers,
//! claims and companies each have their module.

use std::fmt::Write as _;

use super::{Style, group, percent, significant};
use crate::deal::{DealKind, PostMoneyFrom, PriceFrom, StakeFrom, Valuation};
use crate::money::Money;
use crate::rates::{Conversion, RateTable};
use crate::scenario::{DealResult, OfferResult, Results};

mod claims;
mod company;
mod offer;

pub use claims::{claim_rows, claims};
pub use company::company;
use offer::{MAX_SIDE_BY_SIDE, breakdown_body};
pub use offer::{breakdown, comparison};

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
            let per_euro = leg
                .currency
                .euro_legacy()
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
    let (mut out, tail) = around_offers(r, style, claims_only);
    out.push_str(&offers(&r.offers, style, claims_only));
    out.push_str(&tail);
    out
}

/// A file's offers, each under its id, rendered on every core; none for
/// `check`.
pub fn offers(list: &[OfferResult], style: &Style, claims_only: bool) -> String {
    if claims_only {
        return String::new();
    }
    let texts = crate::parallel::map(list, |o| {
        let body = if o.offer.title == o.id {
            breakdown_body(&o.offer, &o.breakdown, style)
        } else {
            breakdown(&o.offer, &o.breakdown, style)
        };
        format!("\noffer {}\n{body}", o.id)
    });
    let mut out = String::with_capacity(texts.iter().map(String::len).sum());
    for text in texts {
        out.push_str(&text);
    }
    out
}

/// What [`results`] writes before its offers and after them.
pub fn around_offers(r: &Results, style: &Style, claims_only: bool) -> (String, String) {
    let mut head = String::new();
    let _ = write!(head, "{}", r.title.as_deref().unwrap_or(&r.file));
    if let Some(s) = &r.source {
        let _ = write!(head, " ({s})");
    }
    let _ = writeln!(head, "\nas of {}; rates: {}", r.as_of, r.rates_source);
    let mut out = String::new();
    if !claims_only {
        if (2..=MAX_SIDE_BY_SIDE).contains(&r.offer_count) {
            out.push('\n');
            out.push_str(&comparison(&r.offers, style));
        } else if r.offer_count > MAX_SIDE_BY_SIDE {
            let _ = writeln!(
                out,
                "\n{} offers: side by side is shown for up to {MAX_SIDE_BY_SIDE}; `--format csv` puts every period of every offer in one table",
                r.offer_count
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
    (head, out)
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
