//! JSON: money as the Open Cap Table Format's Monetary (`{"amount":
//! "85338795.02", "currency": "EUR"}`), dates ISO 8601, decimals as strings.

use serde_json::{Value, json};

use super::Style;
use crate::money::Money;
use crate::rates::{Conversion, RateTable};

/// Money as `{"amount": "85338795.02", "currency": "EUR"}`.
pub fn money(m: &Money, style: &Style) -> Value {
    json!({"amount": style.plain(m), "currency": m.currency.to_string()})
}

/// Pretty-printed, with a final newline.
pub fn to_string(v: &Value) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
    s.push('\n');
    s
}

/// `convert`: from, to, rate, rate_date, source, stale (and more).
pub fn conversion(c: &Conversion, style: &Style) -> Value {
    json!({
        "from": money(&c.from, style),
        "to": money(&c.to, style),
        "rate": c.rate.to_string(),
        "on": c.on.to_string(),
        "rate_date": c.rate_date.to_string(),
        "source": c.source,
        "stale": c.stale,
        "latest_available": c.latest_available,
        "rounding": style.rounding.to_string(),
        "legs": c.legs.iter().map(|q| json!({
            "currency": q.currency.to_string(),
            "per_base": q.rate.to_string(),
            "date": q.date.to_string(),
            "stale": q.freshness.stale,
        })).collect::<Vec<_>>(),
    })
}

/// `rates info`.
pub fn rates_info(t: &RateTable) -> Value {
    json!({
        "source": t.source(),
        "base": t.base().to_string(),
        "first_date": t.first_date().to_string(),
        "last_date": t.last_date().to_string(),
        "dates": t.date_count(),
        "currencies": t.ranges().iter().map(|(c, first, last, n)| json!({
            "code": c.to_string(),
            "name": t.currencies().name(*c),
            "minor_units": c.minor_units(),
            "first": first.to_string(),
            "last": last.to_string(),
            "rates": n,
        })).collect::<Vec<_>>(),
    })
}
