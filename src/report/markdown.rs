//! Markdown tables, to paste into an article or a pull request.

use super::{Style, group, significant};
use crate::rates::{Conversion, RateTable};

/// Escapes the pipe, which would end a cell.
pub fn cell(s: &str) -> String {
    s.replace('|', "\\|")
}

/// A table from a header and rows.
pub fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = format!("| {} |\n", header.join(" | "));
    out.push_str(&format!(
        "|{}\n",
        header.iter().map(|_| "---|").collect::<String>()
    ));
    for r in rows {
        out.push_str(&format!(
            "| {} |\n",
            r.iter().map(|c| cell(c)).collect::<Vec<_>>().join(" | ")
        ));
    }
    out
}

/// `convert` as a one-row table.
pub fn conversion(c: &Conversion, style: &Style) -> String {
    table(
        &["amount", "result", "rate", "on", "rate date", "source"],
        &[vec![
            style.money(&c.from),
            style.money(&c.to),
            format!(
                "{} {}/{}",
                significant(c.rate, 10),
                c.to.currency,
                c.from.currency
            ),
            c.on.to_string(),
            format!("{}{}", c.rate_date, if c.stale { " (stale)" } else { "" }),
            c.source.clone(),
        ]],
    )
}

/// `rates info` as a table of currencies.
pub fn rates_info(t: &RateTable) -> String {
    let mut out = format!(
        "{} — base {}, {} dates from {} to {}\n\n",
        t.source(),
        t.base(),
        group(&t.date_count().to_string()),
        t.first_date(),
        t.last_date()
    );
    let rows: Vec<Vec<String>> = t
        .ranges()
        .into_iter()
        .map(|(c, first, last, n)| {
            vec![
                c.to_string(),
                t.currencies().name(c),
                first.to_string(),
                last.to_string(),
                n.to_string(),
            ]
        })
        .collect();
    out.push_str(&table(&["code", "name", "first", "last", "rates"], &rows));
    out
}
