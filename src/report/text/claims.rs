//! Claims in text: each verdict with its computation, band, deviation,
//! rate and what would make it hold; the tally.

use std::fmt::Write as _;

use rust_decimal::Decimal;

use super::{Style, group, significant};
use super::{indent, table};
use crate::claim::{Outcome, WouldHold};
use crate::scenario::ClaimResult;

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
pub(super) fn claim(c: &ClaimResult, style: &Style, out: &mut String) {
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
    claim_rows(c, style, out);
}

/// One claim's figures without its heading line, as `scan` also shows
/// them under a relation.
pub fn claim_rows(c: &ClaimResult, style: &Style, out: &mut String) {
    let v = &c.verdict;
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
    match v.precision {
        Some(crate::claim::Precision::Round) => rows.push(vec![
            "precision".to_owned(),
            "holds only as a round figure: its trailing zeros read as not significant (fails with `check --strict`)".to_owned(),
        ]),
        Some(crate::claim::Precision::Inputs) => rows.push(vec![
            "precision".to_owned(),
            "holds only with the inputs within their printed precision: some values that print as they do give it (fails with `check --strict`)".to_owned(),
        ]),
        None => {}
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
pub(super) fn deviation(d: Decimal, points: Option<Decimal>, style: &Style) -> String {
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
pub(super) fn conversion_rows(
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
pub(super) fn claims_tally(list: &[ClaimResult], style: &Style, out: &mut String) {
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
    let only = |p: crate::claim::Precision| {
        list.iter()
            .filter(|c| c.verdict.precision == Some(p))
            .count()
    };
    let round = only(crate::claim::Precision::Round);
    if round > 0 {
        let _ = write!(out, "; {} only as a round figure", count(round));
    }
    let inputs = only(crate::claim::Precision::Inputs);
    if inputs > 0 {
        let _ = write!(
            out,
            "; {} only within the inputs' printed precision",
            count(inputs)
        );
    }
    if truncated > 0 {
        let _ = write!(out, "; {} truncated", count(truncated));
    }
    out.push('\n');
}

/// A reading that would make a claim hold, in words.
pub(super) fn would_hold(w: &WouldHold, style: &Style) -> String {
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
