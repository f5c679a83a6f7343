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

use crate::claim::{Figure, Verdict};
use crate::deal::Valuation;
use crate::offer::{Breakdown, Offer};
use crate::scenario::{ClaimResult, Results};
use rust_decimal::Decimal;

fn opt_money(m: Option<&Money>, style: &Style) -> Value {
    m.map_or(Value::Null, |m| money(m, style))
}

/// `valuation`: stake, price, post_money, pre_money, remaining_value, and
/// new_shares, price_per_share when shares are given.
pub fn valuation(v: &Valuation, style: &Style) -> Value {
    let mut o = json!({
        "kind": v.kind.to_string(),
        "stake": v.stake.map(|s| s.normalize().to_string()),
        "price": money(&v.price, style),
        "post_money": opt_money(v.post_money.as_ref(), style),
        "pre_money": opt_money(v.pre_money.as_ref(), style),
        "remaining_value": opt_money(v.remaining_value.as_ref(), style),
    });
    if let Some(map) = o.as_object_mut() {
        if let Some(n) = v.new_shares {
            map.insert("new_shares".into(), json!(n.normalize().to_string()));
        }
        if let Some(b) = v.shares_bought {
            map.insert("shares_bought".into(), json!(b.normalize().to_string()));
        }
        if let Some(p) = &v.price_per_share {
            map.insert("price_per_share".into(), money(p, style));
        }
    }
    o
}

/// `offer`: periods, tranches, total, present_value when discounting.
pub fn breakdown(o: &Offer, b: &Breakdown, style: &Style) -> Value {
    let label = |i: usize| {
        o.components
            .get(i)
            .map_or(String::new(), |c| c.label.clone())
    };
    let converted = |list: &[(Money, chrono::NaiveDate)]| -> Value {
        list.first().map_or(Value::Null, |(m, d)| {
            let mut v = money(m, style);
            if let Some(map) = v.as_object_mut() {
                map.insert("rate_date".into(), json!(d.to_string()));
            }
            v
        })
    };
    let periods: Vec<Value> = b
        .periods
        .iter()
        .map(|p| {
            let mut v =
                json!({"label": p.label, "start": p.start.to_string(), "end": p.end.to_string()});
            if let Some(map) = v.as_object_mut() {
                if let Some(m) = &p.amount {
                    map.insert("amount".into(), money(m, style));
                    let by: serde_json::Map<String, Value> = p
                        .by_component
                        .iter()
                        .enumerate()
                        .map(|(i, x)| (label(i), money(&Money::new(*x, m.currency), style)))
                        .collect();
                    map.insert("by_component".into(), Value::Object(by));
                }
                if let Some(s) = p.shares {
                    map.insert("shares".into(), json!(s.normalize().to_string()));
                }
                if !p.converted.is_empty() {
                    map.insert("converted".into(), converted(&p.converted));
                    map.insert(
                        "also_in".into(),
                        p.converted
                            .iter()
                            .map(|(m, d)| {
                                let mut v = money(m, style);
                                if let Some(o) = v.as_object_mut() {
                                    o.insert("rate_date".into(), json!(d.to_string()));
                                }
                                v
                            })
                            .collect::<Vec<_>>()
                            .into(),
                    );
                }
            }
            v
        })
        .collect();
    let tranches: Vec<Value> = b
        .tranches
        .iter()
        .map(|t| {
            let mut v = json!({"date": t.date.to_string(), "component": label(t.component)});
            if let Some(map) = v.as_object_mut() {
                if let Some(m) = &t.amount {
                    map.insert("amount".into(), money(m, style));
                }
                if let Some(s) = t.shares {
                    map.insert("shares".into(), json!(s.normalize().to_string()));
                }
            }
            v
        })
        .collect();
    let mut v = json!({
        "title": o.title,
        "start": o.start.to_string(),
        "by": o.by.to_string(),
        "allocation": o.allocation.to_string(),
        "currency": b.currency.map(|c| c.to_string()),
        "periods": periods,
        "tranches": tranches,
        "salary": b.accruals.iter().map(|a| json!({
            "component": label(a.component),
            "from": a.from.to_string(),
            "until": a.until.to_string(),
            "amount": money(&a.amount, style),
        })).collect::<Vec<_>>(),
        "total": opt_money(b.total.as_ref(), style),
        "first_year": opt_money(b.first_year.as_ref(), style),
        "average_per_year": opt_money(b.average_per_year.as_ref(), style),
    });
    if let Some(map) = v.as_object_mut() {
        if let Some(s) = b.shares {
            map.insert("shares".into(), json!(s.normalize().to_string()));
        }
        if let (Some(pv), Some(r)) = (&b.present_value, o.discount) {
            map.insert("discount".into(), json!(r.normalize().to_string()));
            map.insert("present_value".into(), money(pv, style));
        }
        if let (Some(k), Some(f), Some(l)) = (&b.kept, &b.forfeited, o.leave_on) {
            map.insert("leave_on".into(), json!(l.to_string()));
            map.insert("kept".into(), money(k, style));
            map.insert("forfeited".into(), money(f, style));
        }
        if !b.total_converted.is_empty() {
            map.insert("total_converted".into(), converted(&b.total_converted));
        }
        map.insert("notes".into(), json!(b.notes));
    }
    v
}

fn figure(f: &Figure, style: &Style) -> Value {
    match f {
        Figure::Money(m) => money(m, style),
        Figure::Fraction(v) | Figure::Count(v) => json!(v.normalize().to_string()),
    }
}

fn bound(says: &Figure, v: Option<Decimal>, style: &Style) -> Value {
    v.map_or(Value::Null, |x| figure(&says.with(x), style))
}

/// A claim: says, actual, low, high, holds, deviation, and for conversions
/// implied_rate and rate_date.
pub fn claim(c: &ClaimResult, style: &Style) -> Value {
    let v: &Verdict = &c.verdict;
    let mut o = json!({
        "text": c.text,
        "source": c.source,
        "of": c.of,
        "says_text": c.says,
        "on": c.on.to_string(),
        "says": figure(&v.says, style),
        "actual": figure(&v.actual, style),
        "low": bound(&v.says, v.low, style),
        "high": bound(&v.says, v.high, style),
        "holds": v.holds,
        "deviation": v.deviation.map(|d| d.round_dp(6).normalize().to_string()),
        "tolerance": v.tolerance,
    });
    if let (Some(map), Some(conv)) = (o.as_object_mut(), &v.conversion) {
        map.insert("from".into(), money(&conv.from, style));
        map.insert("rate".into(), json!(conv.rate.to_string()));
        map.insert("implied_rate".into(), json!(conv.implied_rate.to_string()));
        map.insert("rate_date".into(), json!(conv.rate_date.to_string()));
        map.insert(
            "held_on_or_before".into(),
            json!(conv.held_on_or_before.map(|d| d.to_string())),
        );
        map.insert(
            "held_after".into(),
            json!(conv.held_after.map(|d| d.to_string())),
        );
    }
    o
}

/// `eval` and `check`: offers and deals by id, claims in file order.
pub fn results(r: &Results, style: &Style, claims_only: bool) -> Value {
    let mut o = json!({
        "file": r.file,
        "title": r.title,
        "source": r.source,
        "as_of": r.as_of.to_string(),
        "rates": r.rates_source,
    });
    if let Some(map) = o.as_object_mut() {
        if !claims_only {
            let offers: serde_json::Map<String, Value> = r
                .offers
                .iter()
                .map(|x| (x.id.clone(), breakdown(&x.offer, &x.breakdown, style)))
                .collect();
            let deals: serde_json::Map<String, Value> = r
                .deals
                .iter()
                .map(|x| (x.id.clone(), valuation(&x.valuation, style)))
                .collect();
            map.insert("offers".into(), Value::Object(offers));
            map.insert("deals".into(), Value::Object(deals));
        }
        map.insert(
            "claims".into(),
            r.claims
                .iter()
                .map(|c| claim(c, style))
                .collect::<Vec<_>>()
                .into(),
        );
        map.insert("all_hold".into(), json!(r.all_hold()));
    }
    o
}
