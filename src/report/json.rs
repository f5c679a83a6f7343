//! JSON: money as the Open Cap Table Format's Monetary (`{"amount":
//! "85338795.02", "currency": "EUR"}`), dates ISO 8601, decimals as strings.

use serde::Serialize;
use serde_json::{Value, json};

use super::Style;
use crate::money::Money;
use crate::offer::Converted;
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
        "from": {"amount": style.plain_given(&c.from), "currency": c.from.currency.to_string()},
        "to": money(&c.to, style),
        "rate": c.rate.to_string(),
        "inverse_rate": c.inverse_rate.to_string(),
        "on": c.on.to_string(),
        "rate_date": c.rate_date.to_string(),
        "source": c.source,
        "stale": c.stale,
        "latest_available": c.latest_available,
        "rounding": style.rounding.to_string(),
        "rule": c.rule,
        "basis": c.basis,
        "legs": c.legs.iter().map(|q| {
            let mut leg = json!({
                "currency": q.currency.to_string(),
                "per_base": q.rate.to_string(),
                "date": q.date.to_string(),
                "stale": q.freshness.stale,
            });
            if let (Some(since), Some(map)) = (q.fixed_since, leg.as_object_mut()) {
                map.insert("rule".into(), json!(crate::rates::FIXED_EURO_RULE));
                map.insert("fixed_since".into(), json!(since.to_string()));
            }
            leg
        }).collect::<Vec<_>>(),
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

use crate::claim::WouldHold;
use crate::claim::{Figure, Verdict};
use crate::deal::Valuation;
use crate::offer::{Breakdown, Figures, Offer};
use crate::scenario::{ClaimResult, OfferResult, Results};
use rust_decimal::Decimal;
use std::fmt::Write as _;

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

/// Money as the Open Cap Table Format's Monetary, optionally with the date
/// of the rate that converted it.
#[derive(Serialize, Debug)]
pub struct Monetary {
    amount: String,
    currency: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    rate_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    stale: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    latest_available: Option<bool>,
}

impl Monetary {
    fn new(m: &Money, style: &Style) -> Monetary {
        Monetary {
            amount: style.plain(m),
            currency: m.currency.to_string(),
            rate_date: None,
            stale: None,
            latest_available: None,
        }
    }

    /// Converted money, with the date and freshness of its rate.
    fn converted(c: &Converted, style: &Style) -> Monetary {
        Monetary {
            rate_date: Some(c.rate_date.to_string()),
            stale: Some(c.stale),
            latest_available: Some(c.latest_available),
            ..Monetary::new(&c.money, style)
        }
    }
}

/// One period of an offer.
#[derive(Serialize, Debug)]
pub struct PeriodJson<'a> {
    label: String,
    start: String,
    end: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    amount: Option<Monetary>,
    #[serde(skip_serializing_if = "Option::is_none")]
    by_component: Option<indexmap::IndexMap<&'a str, Monetary>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    shares: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    converted: Option<Monetary>,
    #[serde(skip_serializing_if = "Option::is_none")]
    also_in: Option<Vec<Monetary>>,
}

/// One dated tranche of an offer.
#[derive(Serialize, Debug)]
pub struct TrancheJson<'a> {
    date: String,
    component: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    amount: Option<Monetary>,
    #[serde(skip_serializing_if = "Option::is_none")]
    shares: Option<String>,
}

/// A salary year.
#[derive(Serialize, Debug)]
pub struct SalaryJson<'a> {
    component: &'a str,
    from: String,
    until: String,
    amount: Monetary,
}

/// `offer`, and each offer of `eval`: serialized as it is built, with no
/// intermediate JSON tree (10,000 offers are millions of fields).
#[derive(Serialize, Debug)]
pub struct OfferJson<'a> {
    title: &'a str,
    start: String,
    by: String,
    allocation: String,
    currency: Option<String>,
    periods: Vec<PeriodJson<'a>>,
    tranches: Vec<TrancheJson<'a>>,
    salary: Vec<SalaryJson<'a>>,
    total: Option<Monetary>,
    first_year: Option<Monetary>,
    average_per_year: Option<Monetary>,
    #[serde(skip_serializing_if = "Option::is_none")]
    shares: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    discount: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    present_value: Option<Monetary>,
    #[serde(skip_serializing_if = "Option::is_none")]
    leave_on: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    kept: Option<Monetary>,
    #[serde(skip_serializing_if = "Option::is_none")]
    forfeited: Option<Monetary>,
    #[serde(skip_serializing_if = "Option::is_none")]
    kept_shares: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    forfeited_shares: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    kept_present_value: Option<Monetary>,
    #[serde(skip_serializing_if = "Option::is_none")]
    total_converted: Option<Monetary>,
    /// The total after the given tax rates, when every component has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    after_tax: Option<Monetary>,
    /// What is kept after the given tax rates, when every component has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    kept_after_tax: Option<Monetary>,
    components: Vec<ComponentJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reporting: Option<ReportingJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    real: Option<RealJson<'a>>,
    /// The figures at each share price scenario, by its name.
    #[serde(skip_serializing_if = "indexmap::IndexMap::is_empty")]
    scenarios: indexmap::IndexMap<&'a str, ScenarioJson<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    options: Vec<Value>,
    notes: Vec<String>,
}

/// One component's total, kept and forfeited.
#[derive(Serialize, Debug)]
pub struct ComponentJson<'a> {
    label: &'a str,
    kind: String,
    total: Option<Monetary>,
    #[serde(skip_serializing_if = "Option::is_none")]
    kept: Option<Monetary>,
    #[serde(skip_serializing_if = "Option::is_none")]
    forfeited: Option<Monetary>,
    /// The flat rate the user gave, as a fraction.
    #[serde(skip_serializing_if = "Option::is_none")]
    tax: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    after_tax: Option<Monetary>,
    #[serde(skip_serializing_if = "Option::is_none")]
    kept_after_tax: Option<Monetary>,
}

/// Every figure of an offer in the reporting currency.
#[derive(Serialize, Debug)]
pub struct ReportingJson<'a> {
    currency: String,
    fx: &'static str,
    /// The date of the rate (`as-of`) or of the latest one used (`paid-on`).
    rate_date: String,
    stale: bool,
    latest_available: bool,
    first_year: Option<Monetary>,
    average_per_year: Option<Monetary>,
    #[serde(flatten)]
    figures: FiguresJson<'a>,
}

/// An offer's figures in another currency or in real terms.
#[derive(Serialize, Debug)]
pub struct FiguresJson<'a> {
    total: Monetary,
    #[serde(skip_serializing_if = "Option::is_none")]
    present_value: Option<Monetary>,
    #[serde(skip_serializing_if = "Option::is_none")]
    kept: Option<Monetary>,
    #[serde(skip_serializing_if = "Option::is_none")]
    forfeited: Option<Monetary>,
    #[serde(skip_serializing_if = "Option::is_none")]
    kept_present_value: Option<Monetary>,
    /// The total after the given tax rates, when every component has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    after_tax: Option<Monetary>,
    /// What is kept after the given tax rates, when every component has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    kept_after_tax: Option<Monetary>,
    periods: Vec<ReportingPeriodJson>,
    components: Vec<ComponentJson<'a>>,
}

/// An offer's figures at one share price scenario: the price (`price`) or
/// its change of the offer's own (`change`, a fraction: `-0.5`), the
/// figures in the offer's currency, and in the reporting currency.
#[derive(Serialize, Debug)]
pub struct ScenarioJson<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    price: Option<Monetary>,
    #[serde(skip_serializing_if = "Option::is_none")]
    change: Option<String>,
    #[serde(flatten)]
    figures: Option<FiguresJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reporting: Option<FiguresJson<'a>>,
}

/// Every figure of an offer in dollars of one period.
#[derive(Serialize, Debug)]
pub struct RealJson<'a> {
    /// `2025` or `2025-09`.
    dollars_of: String,
    index: &'a str,
    /// The index of `dollars_of`.
    index_to: String,
    /// Past this month the index was projected at `inflation`.
    #[serde(skip_serializing_if = "Option::is_none")]
    projected_after: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    inflation: Option<String>,
    /// Months the index never published, read between their neighbours.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    interpolated: Vec<String>,
    #[serde(flatten)]
    figures: FiguresJson<'a>,
}

/// One period in the reporting currency.
#[derive(Serialize, Debug)]
pub struct ReportingPeriodJson {
    label: String,
    amount: Monetary,
}

/// `offer`: periods, tranches, total, present_value when discounting.
pub fn breakdown<'a>(o: &'a Offer, b: &'a Breakdown, style: &Style) -> OfferJson<'a> {
    let label = |i: usize| o.components.get(i).map_or("", |c| c.label.as_str());
    let money = |m: &Money| Monetary::new(m, style);
    let periods = b
        .periods
        .iter()
        .map(|p| PeriodJson {
            label: super::period(p.id),
            start: p.start.to_string(),
            end: p.end.to_string(),
            amount: p.amount.as_ref().map(money),
            by_component: p.amount.map(|m| {
                p.by_component
                    .iter()
                    .enumerate()
                    .map(|(i, x)| (label(i), money(&Money::new(*x, m.currency))))
                    .collect()
            }),
            shares: p.shares.map(|s| s.normalize().to_string()),
            converted: p.converted.first().map(|c| Monetary::converted(c, style)),
            also_in: (!p.converted.is_empty()).then(|| {
                p.converted
                    .iter()
                    .map(|c| Monetary::converted(c, style))
                    .collect()
            }),
        })
        .collect();
    let tranches = b
        .tranches
        .iter()
        .map(|t| TrancheJson {
            date: t.date.to_string(),
            component: label(t.component),
            amount: t.amount.as_ref().map(money),
            shares: t.shares.map(|s| s.normalize().to_string()),
        })
        .collect();
    let leaving = match (&b.kept, &b.forfeited, o.leave_on) {
        (Some(k), Some(f), Some(l)) => Some((l, k, f)),
        _ => None,
    };
    let discounted = b.present_value.as_ref().zip(o.discount);
    OfferJson {
        title: &o.title,
        start: o.start.to_string(),
        by: o.by.to_string(),
        allocation: o.allocation.to_string(),
        currency: b.currency.map(|c| c.to_string()),
        periods,
        tranches,
        salary: b
            .accruals
            .iter()
            .map(|a| SalaryJson {
                component: label(a.component),
                from: a.from.to_string(),
                until: a.until.to_string(),
                amount: money(&a.amount),
            })
            .collect(),
        total: b.total.as_ref().map(money),
        first_year: b.first_year.as_ref().map(money),
        average_per_year: b.average_per_year.as_ref().map(money),
        shares: b.shares.map(|s| s.normalize().to_string()),
        discount: discounted.map(|(_, r)| r.normalize().to_string()),
        present_value: discounted.map(|(pv, _)| money(pv)),
        leave_on: o.leave_on.map(|l| l.to_string()),
        kept: leaving.map(|(_, k, _)| money(k)),
        forfeited: leaving.map(|(.., f)| money(f)),
        kept_shares: b.kept_shares.map(|n| n.normalize().to_string()),
        forfeited_shares: b.forfeited_shares.map(|n| n.normalize().to_string()),
        kept_present_value: b.kept_present_value.as_ref().map(money),
        total_converted: b
            .total_converted
            .first()
            .map(|c| Monetary::converted(c, style)),
        after_tax: b.after_tax.as_ref().map(money),
        kept_after_tax: b.kept_after_tax.as_ref().map(money),
        components: components(o, &b.components, style),
        options: b
            .options
            .iter()
            .map(|f| {
                json!({
                    "component": label(f.component),
                    "options": f.options.normalize().to_string(),
                    "strike": Monetary::new(&f.strike, style),
                    "exercise_cost": Monetary::new(&f.exercise_cost, style),
                    "vested_on_leaving": f.vested_on_leaving.map(|v| v.normalize().to_string()),
                    "exercise_by": f.exercise_by.map(|d| d.to_string()),
                })
            })
            .collect(),
        reporting: b.reporting.as_ref().map(|r| ReportingJson {
            currency: r.currency.to_string(),
            fx: match r.fx {
                crate::offer::Fx::AsOf => "as-of",
                crate::offer::Fx::PaidOn => "paid-on",
            },
            rate_date: r.rates.rate_date.to_string(),
            stale: r.rates.stale,
            latest_available: r.rates.latest_available,
            first_year: r.figures.first_year().as_ref().map(money),
            average_per_year: Some(money(&r.figures.average_per_year)),
            figures: figures(o, b, &r.figures, style),
        }),
        real: b.real.as_ref().map(|r| RealJson {
            dollars_of: r.period.to_string(),
            index: &r.index,
            index_to: r.index_to.normalize().to_string(),
            projected_after: r.projected_after.map(|p| p.to_string()),
            inflation: r.inflation.map(|i| i.normalize().to_string()),
            interpolated: r.interpolated.iter().map(ToString::to_string).collect(),
            figures: figures(o, b, &r.figures, style),
        }),
        scenarios: b
            .scenarios
            .iter()
            .map(|sc| {
                let (price, change) = match sc.change {
                    crate::offer::PriceChange::To(m) => (Some(money(&m)), None),
                    crate::offer::PriceChange::By(f) => (None, Some(f.normalize().to_string())),
                };
                let json = ScenarioJson {
                    price,
                    change,
                    figures: sc.figures.as_ref().map(|f| figures(o, b, f, style)),
                    reporting: sc.reporting.as_ref().map(|f| figures(o, b, f, style)),
                };
                (sc.name.as_str(), json)
            })
            .collect(),
        notes: b.notes.iter().map(|n| style.note(n)).collect(),
    }
}

/// An offer's figures in another currency or in real terms.
fn figures<'a>(o: &'a Offer, b: &Breakdown, f: &Figures, style: &Style) -> FiguresJson<'a> {
    let money = |m: &Money| Monetary::new(m, style);
    FiguresJson {
        total: money(&f.total),
        present_value: f.present_value.as_ref().map(money),
        kept: f.kept.as_ref().map(money),
        forfeited: f.forfeited.as_ref().map(money),
        kept_present_value: f.kept_present_value.as_ref().map(money),
        after_tax: f.after_tax.as_ref().map(money),
        kept_after_tax: f.kept_after_tax.as_ref().map(money),
        periods: period_amounts(b, &f.periods, style),
        components: components(o, &f.components, style),
    }
}

/// Each period's label and its amount in another currency or in real
/// terms.
fn period_amounts(b: &Breakdown, list: &[Money], style: &Style) -> Vec<ReportingPeriodJson> {
    b.periods
        .iter()
        .zip(list)
        .map(|(p, m)| ReportingPeriodJson {
            label: super::period(p.id),
            amount: Monetary::new(m, style),
        })
        .collect()
}

fn components<'a>(
    o: &'a Offer,
    list: &[crate::offer::ComponentFigures],
    style: &Style,
) -> Vec<ComponentJson<'a>> {
    o.components
        .iter()
        .zip(list)
        .map(|(c, f)| ComponentJson {
            label: &c.label,
            kind: c.kind.to_string(),
            total: f.total.as_ref().map(|m| Monetary::new(m, style)),
            kept: f.kept.as_ref().map(|m| Monetary::new(m, style)),
            forfeited: f.forfeited.as_ref().map(|m| Monetary::new(m, style)),
            tax: c.tax.map(|t| t.normalize().to_string()),
            after_tax: f.after_tax.as_ref().map(|m| Monetary::new(m, style)),
            kept_after_tax: f.kept_after_tax.as_ref().map(|m| Monetary::new(m, style)),
        })
        .collect()
}

/// Pretty-printed JSON of any serializable view, with a final newline.
pub fn pretty<T: Serialize>(v: &T) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
    s.push('\n');
    s
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
        "low_open": v.low_open,
        "high_open": v.high_open,
        "holds": v.holds,
        "verdict": v.outcome.to_string(),
        "precision": v.precision.map(|p| p.to_string()),
        "deviation": v.deviation.map(|d| d.round_dp(6).normalize().to_string()),
        "tolerance": style.rule(&v.tolerance),
        "rate_date": Value::Null,
        "stale": false,
        "latest_available": false,
        "would_hold_if": v.would_hold_if.iter().map(|w| would_hold(w, style)).collect::<Vec<_>>(),
    });
    if let (Some(map), Some(p)) = (o.as_object_mut(), v.points) {
        map.insert(
            "deviation_points".into(),
            json!(p.round_dp(6).normalize().to_string()),
        );
    }
    if let (Some(map), Some(high)) = (o.as_object_mut(), &v.says_high) {
        map.insert("says_high".into(), figure(high, style));
    }
    if let (Some(map), Some(conv)) = (o.as_object_mut(), &v.conversion) {
        map.insert("from".into(), money(&conv.from, style));
        map.insert("rate".into(), json!(conv.rate.to_string()));
        map.insert(
            "inverse_rate".into(),
            json!(conv.inverse_rate.map(|r| r.to_string())),
        );
        map.insert(
            "implied_rate".into(),
            json!(conv.implied_rate.map(|r| r.to_string())),
        );
        map.insert("rate_date".into(), json!(conv.rate_date.to_string()));
        map.insert("stale".into(), json!(conv.stale));
        map.insert("latest_available".into(), json!(conv.latest_available));
        if let Some(rule) = conv.rule {
            map.insert("rule".into(), json!(rule));
        }
        let at = |d: chrono::NaiveDate| crate::claim::period_label(d, conv.basis);
        map.insert(
            "held_on_or_before".into(),
            json!(conv.held_on_or_before.map(at)),
        );
        map.insert("held_after".into(), json!(conv.held_after.map(at)));
    }
    o
}

/// What would make a claim hold: `{"reading": "input", "input": "price",
/// "low": {money}, "high": {money}}`, `{"reading": "pre-money"}`,
/// `{"reading": "scale", "factor": "1000"}`, ...
fn would_hold(w: &WouldHold, style: &Style) -> Value {
    match w {
        WouldHold::Input { input, low, high } => json!({
            "reading": "input",
            "input": input,
            "low": figure(low, style),
            "high": figure(high, style),
        }),
        WouldHold::PreMoney => json!({"reading": "pre-money"}),
        WouldHold::PostMoney => json!({"reading": "post-money"}),
        WouldHold::Primary => json!({"reading": "primary"}),
        WouldHold::Secondary => json!({"reading": "secondary"}),
        WouldHold::Scale(f) => json!({"reading": "scale", "factor": f.normalize().to_string()}),
        WouldHold::Dates {
            on_or_before,
            after,
        } => json!({
            "reading": "dates",
            "on_or_before": on_or_before.map(|d| d.to_string()),
            "after": after.map(|d| d.to_string()),
        }),
        WouldHold::NoConversion => json!({"reading": "no conversion"}),
        WouldHold::InverseRate => json!({"reading": "inverse rate"}),
    }
}

/// `eval` and `check`: offers and deals by id, claims in file order.
#[derive(Serialize, Debug)]
pub struct ResultsJson<'a> {
    file: &'a str,
    title: Option<&'a str>,
    source: Option<&'a str>,
    as_of: String,
    rates: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    offers: Option<indexmap::IndexMap<&'a str, OfferJson<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    deals: Option<indexmap::IndexMap<&'a str, Value>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    companies: Option<indexmap::IndexMap<&'a str, Value>>,
    claims: Vec<Value>,
    all_hold: bool,
}

/// A company: `events`, `holders` and `exits` keyed by id and name, as the
/// claim paths name them (`companies.ID.exits.XID.payout.HOLDER`).
pub fn company(c: &crate::scenario::CompanyEntry, style: &Style) -> Value {
    let r = &c.result;
    let money_or_null = |m: Option<Money>| m.map_or(Value::Null, |m| money(&m, style));
    let events: serde_json::Map<String, Value> = r
        .events
        .iter()
        .map(|e| {
            (
                e.id.clone(),
                json!({
                    "price_per_share": e.price_per_share.map_or(Value::Null, |m| json!({
                        "amount": m.amount.round_dp(6).normalize().to_string(),
                        "currency": m.currency.to_string(),
                    })),
                    "shares": e.shares.normalize().to_string(),
                    "pre_money": money_or_null(e.pre_money),
                    "post_money": money_or_null(e.post_money),
                    "pool_top_up": e.pool_top_up.normalize().to_string(),
                    "status": super::status(&e.status),
                    "accrued_interest": e.accrual.map_or(Value::Null, |a| money(&a.interest, style)),
                    "conversion_amount": e.accrual.map_or(Value::Null, |a| money(&a.conversion_amount, style)),
                    "interest_days": e.accrual.map_or(Value::Null, |a| json!(a.days)),
                    "day_count": e.accrual.map_or(Value::Null, |a| json!(a.day_count.to_string())),
                    "conversion_price": e.conversion_price.map_or(Value::Null, |m| json!({
                        "amount": m.amount.round_dp(6).normalize().to_string(),
                        "currency": m.currency.to_string(),
                    })),
                    "as_converted_shares": e.as_converted_shares.map(|n| n.normalize().to_string()),
                }),
            )
        })
        .collect();
    let holders: serde_json::Map<String, Value> = r
        .holders
        .iter()
        .map(|h| {
            (
                h.name.clone(),
                json!({
                    "shares": h.shares.normalize().to_string(),
                    "ownership": h.ownership.round_dp(8).normalize().to_string(),
                }),
            )
        })
        .collect();
    let exits: serde_json::Map<String, Value> = r
        .exits
        .iter()
        .map(|x| {
            let payout: serde_json::Map<String, Value> = x
                .payouts
                .iter()
                .map(|p| (p.holder.clone(), money(&p.amount, style)))
                .collect();
            (
                x.id.clone(),
                json!({
                    "value": money(&x.value, style),
                    "goal": x.goal.as_ref().map(|g| json!({
                        "holder": g.holder,
                        "payout": money(&g.amount, style),
                    })),
                    "payout": payout,
                    "per_common_share": {
                        "amount": x.per_common_share.amount.round_dp(6).normalize().to_string(),
                        "currency": x.per_common_share.currency.to_string(),
                    },
                    "converting": x.converting,
                }),
            )
        })
        .collect();
    json!({
        "name": c.company.name,
        "source": c.source,
        "events": events,
        "holders": holders,
        "pool": r.pool.normalize().to_string(),
        "exits": exits,
        "stages": r.stages.iter().map(|st| json!({
            "after": st.after,
            "holders": st.ownership().into_iter().filter(|(h, ..)| *h != "pool").map(|(h, n, own)| (h.to_owned(), json!({
                "shares": n.normalize().to_string(),
                "ownership": own.map(|o| o.round_dp(8).normalize().to_string()),
            }))).collect::<serde_json::Map<String, Value>>(),
            "pool": st.pool.normalize().to_string(),
        })).collect::<Vec<_>>(),
        "range": r.range.iter().map(|x| json!({
            "value": money(&x.value, style),
            "payout": x.payouts.iter().map(|p| (p.holder.clone(), money(&p.amount, style))).collect::<serde_json::Map<String, Value>>(),
        })).collect::<Vec<_>>(),
        "breakpoints": r.breakpoints.iter().map(|b| json!({
            "holder": b.holder,
            "event": b.event,
            "converts_at": b.converts_at.as_ref().map(|m| money(m, style)),
        })).collect::<Vec<_>>(),
    })
}

/// What [`pretty`] writes of one file's [`results`] before the entries of
/// its `offers` object and after them, for offers rendered apart
/// ([`offer_entries`]); for `check`, which has no offers, the whole file.
pub fn around_offers(r: &Results, style: &Style, claims_only: bool) -> (String, String) {
    let mut view = results(r, style, claims_only);
    let Some(offers) = view.offers.as_mut() else {
        return (pretty(&view), String::new());
    };
    offers.clear();
    let mut text = pretty(&view);
    // Keys and strings are escaped (`\"`), so only the key itself reads
    // `"offers": {}`.
    const EMPTY: &str = "\n  \"offers\": {}";
    let at = text.find(EMPTY).map_or(text.len(), |i| i + EMPTY.len() - 1);
    let tail = format!("\n  {}", &text[at..]);
    text.truncate(at);
    text.push('\n');
    (text, tail)
}

/// Offers as entries of a file's `offers` object, at the depth
/// [`around_offers`] leaves them, as `pretty` would write them there;
/// `first` when they open the object (the others follow a comma).
pub fn offer_entries(list: &[OfferResult], style: &Style, first: bool) -> String {
    let mut out = String::new();
    for (i, o) in list.iter().enumerate() {
        if i > 0 || !first {
            out.push_str(",\n");
        }
        let key = serde_json::to_string(&o.id).unwrap_or_default();
        let value = serde_json::to_string_pretty(&breakdown(&o.offer, &o.breakdown, style))
            .unwrap_or_default();
        out.reserve(value.len() + value.len() / 8);
        let _ = write!(out, "    {key}: ");
        let mut lines = value.split('\n');
        out.push_str(lines.next().unwrap_or_default());
        for line in lines {
            out.push_str("\n    ");
            out.push_str(line);
        }
    }
    out
}

/// `eval` and `check`: offers and deals by id, claims in file order.
pub fn results<'a>(r: &'a Results, style: &Style, claims_only: bool) -> ResultsJson<'a> {
    ResultsJson {
        file: &r.file,
        title: r.title.as_deref(),
        source: r.source.as_deref(),
        as_of: r.as_of.to_string(),
        rates: &r.rates_source,
        offers: (!claims_only).then(|| {
            r.offers
                .iter()
                .map(|x| (x.id.as_str(), breakdown(&x.offer, &x.breakdown, style)))
                .collect()
        }),
        deals: (!claims_only).then(|| {
            r.deals
                .iter()
                .map(|x| (x.id.as_str(), valuation(&x.valuation, style)))
                .collect()
        }),
        companies: (!claims_only && !r.companies.is_empty()).then(|| {
            r.companies
                .iter()
                .map(|c| (c.id.as_str(), company(c, style)))
                .collect()
        }),
        claims: r.claims.iter().map(|c| claim(c, style)).collect(),
        all_hold: r.all_hold(),
    }
}
