//! CSV with a header row, for spreadsheets and scripts.

use super::Style;
use crate::rates::{Conversion, RateTable};

/// Quotes a field when it holds a comma, a quote or a line break.
pub fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

/// Joins fields into one CSV line.
pub fn row<I: IntoIterator<Item = S>, S: AsRef<str>>(fields: I) -> String {
    let mut line = fields
        .into_iter()
        .map(|f| field(f.as_ref()))
        .collect::<Vec<_>>()
        .join(",");
    line.push('\n');
    line
}

/// `convert` as a header and one row.
pub fn conversion(c: &Conversion, style: &Style) -> String {
    let mut out = row([
        "amount",
        "from",
        "result",
        "to",
        "rate",
        "on",
        "rate_date",
        "source",
        "stale",
    ]);
    out.push_str(&row([
        style.plain(&c.from),
        c.from.currency.to_string(),
        style.plain(&c.to),
        c.to.currency.to_string(),
        c.rate.to_string(),
        c.on.to_string(),
        c.rate_date.to_string(),
        c.source.clone(),
        c.stale.to_string(),
    ]));
    out
}

/// `rates info`: one row per currency.
pub fn rates_info(t: &RateTable) -> String {
    let mut out = row(["code", "name", "minor_units", "first", "last", "rates"]);
    for (c, first, last, n) in t.ranges() {
        out.push_str(&row([
            c.to_string(),
            t.currencies().name(c),
            c.minor_units().to_string(),
            first.to_string(),
            last.to_string(),
            n.to_string(),
        ]));
    }
    out
}
