//! Plain text for people: one line per result, tables aligned.

use std::fmt::Write as _;

use super::{Style, group, significant};
use crate::rates::{Conversion, RateTable};

/// `100,000,000.00 USD = 85,338,795.02 EUR  (rate 0.8533879502 EUR/USD of
/// 2025-07-08, source)`, and a note when a rate is stale or the latest
/// available.
pub fn conversion(c: &Conversion, style: &Style) -> String {
    let mut out = format!(
        "{} = {}  (rate {} {}/{} of {}",
        style.money(&c.from),
        style.money(&c.to),
        significant(c.rate, 10),
        c.to.currency,
        c.from.currency,
        c.rate_date,
    );
    if c.rate_date != c.on {
        let _ = write!(out, " for {}", c.on);
    }
    let _ = writeln!(out, ", {})", c.source);
    for leg in &c.legs {
        let age = (c.on - leg.date).num_days();
        if leg.freshness.latest_available {
            let _ = writeln!(
                out,
                "note: {} {} is the latest available rate, of {} ({age} days before {})",
                leg.currency, leg.rate, leg.date, c.on
            );
        } else if leg.freshness.stale {
            let _ = writeln!(
                out,
                "note: stale rate: {} {} is of {}, {age} days before {}",
                leg.currency, leg.rate, leg.date, c.on
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
