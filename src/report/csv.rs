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
        "latest_available",
        "rule",
        "basis",
        "inverse_rate",
    ]);
    out.push_str(&row([
        style.plain_given(&c.from),
        c.from.currency.to_string(),
        style.plain(&c.to),
        c.to.currency.to_string(),
        c.rate.to_string(),
        c.on.to_string(),
        c.rate_date.to_string(),
        c.source.clone(),
        c.stale.to_string(),
        c.latest_available.to_string(),
        c.rule.unwrap_or_default().to_owned(),
        c.basis.clone().unwrap_or_default(),
        c.inverse_rate.to_string(),
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

use crate::claim::Figure;
use crate::deal::Valuation;
use crate::money::Money;
use crate::offer::{Breakdown, Offer};
use crate::scenario::{OfferResult, Results};
use rust_decimal::Decimal;

/// A valuation's columns, in `valuation` and in `eval`'s deals table.
const VALUATION_COLUMNS: [&str; 7] = [
    "kind",
    "stake",
    "currency",
    "price",
    "post_money",
    "pre_money",
    "remaining_value",
];

fn valuation_fields(v: &Valuation, style: &Style) -> [String; 7] {
    [
        v.kind.to_string(),
        v.stake.map_or(String::new(), |s| s.normalize().to_string()),
        v.price.currency.to_string(),
        style.plain(&v.price),
        style.plain_or_empty(v.post_money.as_ref()),
        style.plain_or_empty(v.pre_money.as_ref()),
        style.plain_or_empty(v.remaining_value.as_ref()),
    ]
}

/// `valuation` as a header and one row.
pub fn valuation(v: &Valuation, style: &Style) -> String {
    let mut out = row(VALUATION_COLUMNS
        .into_iter()
        .chain(["new_shares", "price_per_share"]));
    out.push_str(&row(valuation_fields(v, style).into_iter().chain([
        v.new_shares
            .map_or(String::new(), |n| n.normalize().to_string()),
        v.price_per_share
            .as_ref()
            .map_or(String::new(), |p| style.plain(p)),
    ])));
    out
}

/// The offer's columns, after `offer` in `eval`: one row per period and
/// component (label, start, end, component, amount, currency, shares),
/// then one per figure; `scenario` names the share price scenario a
/// figure is at (empty: as offered).
const OFFER_COLUMNS: [&str; 9] = [
    "period",
    "start",
    "end",
    "component",
    "amount",
    "currency",
    "shares",
    "figure",
    "scenario",
];

/// `offer` as one table, one figure a row, named by `figure`: `period`
/// rows (one per period and component, as paid; with a reporting
/// currency, each period's total in it too), then the offer's `total`,
/// `present_value`, `kept`, `forfeited`, `kept_present_value`, `after_tax`
/// and `kept_after_tax`, for the whole offer (no component) and per
/// component, in its own currency and in the reporting currency (in real
/// terms, the offer's figures named `real_...`). Sum the `period`
/// rows of one currency for the total; never the whole column.
pub fn breakdown(o: &Offer, b: &Breakdown, style: &Style) -> String {
    let mut out = row(OFFER_COLUMNS);
    push_breakdown(&mut out, &[], o, b, style);
    out
}

fn push_breakdown(out: &mut String, prefix: &[&str], o: &Offer, b: &Breakdown, style: &Style) {
    let mut push = |period: Option<&crate::offer::Period>,
                    component: &str,
                    amount: String,
                    currency: String,
                    shares: String,
                    figure: &str,
                    scenario: &str| {
        let mut fields: Vec<String> = prefix.iter().map(|p| (*p).to_owned()).collect();
        fields.extend([
            period.map_or(String::new(), |p| super::period(p.id)),
            period.map_or(String::new(), |p| p.start.to_string()),
            period.map_or(String::new(), |p| p.end.to_string()),
            component.to_owned(),
            amount,
            currency,
            shares,
            figure.to_owned(),
            scenario.to_owned(),
        ]);
        out.push_str(&row(fields));
    };
    for p in &b.periods {
        for (i, x) in p.by_component.iter().enumerate() {
            let (Some(m), Some(c)) = (p.amount, o.components.get(i)) else {
                continue;
            };
            push(
                Some(p),
                &c.label,
                style.plain(&Money::new(*x, m.currency)),
                m.currency.to_string(),
                String::new(),
                "period",
                "",
            );
        }
        if p.amount.is_none() {
            push(
                Some(p),
                "shares",
                String::new(),
                String::new(),
                p.shares.unwrap_or_default().normalize().to_string(),
                "period",
                "",
            );
        }
    }
    // The reporting currency, where it is not the offer's own.
    let reporting = b
        .reporting
        .as_ref()
        .filter(|r| b.currency != Some(r.currency));
    let views = [
        ("period", reporting.map(|r| r.figures.periods.as_slice())),
        (
            "real_period",
            b.real.as_ref().map(|r| r.figures.periods.as_slice()),
        ),
    ];
    for (figure, list) in views {
        for (p, m) in b.periods.iter().zip(list.unwrap_or_default()) {
            push(
                Some(p),
                "",
                style.plain(m),
                m.currency.to_string(),
                String::new(),
                figure,
                "",
            );
        }
    }
    // The offer's figures, then each component's, in each currency; in
    // dollars of a period (`real`), named `real_...`; then the same at each
    // share price scenario.
    let own = b.figures();
    let mut views = vec![
        ("", "", own.as_ref()),
        ("", "", reporting.map(|r| &r.figures)),
        ("real_", "", b.real.as_ref().map(|r| &r.figures)),
    ];
    for sc in &b.scenarios {
        views.push(("", &sc.name, sc.figures.as_ref()));
        if reporting.is_some() {
            views.push(("", &sc.name, sc.reporting.as_ref()));
        }
    }
    for (prefix, scenario, f) in views {
        let Some(f) = f else { continue };
        let mut figure = |component: &str, m: Option<&Money>, name: &str| {
            if let Some(m) = m {
                push(
                    None,
                    component,
                    style.plain(m),
                    m.currency.to_string(),
                    String::new(),
                    &format!("{prefix}{name}"),
                    scenario,
                );
            }
        };
        figure("", Some(&f.total), "total");
        figure("", f.present_value.as_ref(), "present_value");
        figure("", f.kept.as_ref(), "kept");
        figure("", f.forfeited.as_ref(), "forfeited");
        figure("", f.kept_present_value.as_ref(), "kept_present_value");
        figure("", f.after_tax.as_ref(), "after_tax");
        figure("", f.kept_after_tax.as_ref(), "kept_after_tax");
        if !prefix.is_empty() {
            continue;
        }
        for (c, cf) in o.components.iter().zip(&f.components) {
            figure(&c.label, cf.total.as_ref(), "total");
            figure(&c.label, cf.kept.as_ref(), "kept");
            figure(&c.label, cf.forfeited.as_ref(), "forfeited");
            figure(&c.label, cf.after_tax.as_ref(), "after_tax");
            figure(&c.label, cf.kept_after_tax.as_ref(), "kept_after_tax");
        }
    }
}

/// A figure as CSV writes it: money to its minor unit (as the style
/// rounds), fractions and counts exact.
pub fn value(f: &Figure, style: &Style) -> String {
    match f {
        Figure::Money(m) => style.plain(m),
        Figure::Fraction(v) | Figure::Count(v) => v.normalize().to_string(),
    }
}

/// The tables `eval --format csv` writes, one at a time (`--table`): each
/// has one header, and a `file` column first so that files side by side
/// stay apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Table {
    /// Each offer's figures, one a row (see [`breakdown`]).
    Offers,
    /// Each deal's stake, price, post- and pre-money.
    Deals,
    /// Each company's holders after all events, and its unissued pool.
    Companies,
    /// What each exit pays each holder.
    Payouts,
    /// Each claim's verdict.
    Claims,
}

impl Table {
    /// Every table, as `--table` names them.
    pub const NAMES: [&'static str; 5] = ["offers", "deals", "companies", "payouts", "claims"];

    /// The tables the files have rows for, in order; the claims table
    /// when they have nothing at all.
    pub fn present(files: &[Results]) -> Vec<Table> {
        let any = |f: fn(&Results) -> bool| files.iter().any(f);
        let mut out: Vec<Table> = [
            (Table::Offers, any(|r| !r.offers.is_empty())),
            (Table::Deals, any(|r| !r.deals.is_empty())),
            (Table::Companies, any(|r| !r.companies.is_empty())),
            (
                Table::Payouts,
                any(|r| r.companies.iter().any(|c| !c.result.exits.is_empty())),
            ),
            (Table::Claims, any(|r| !r.claims.is_empty())),
        ]
        .into_iter()
        .filter_map(|(t, has)| has.then_some(t))
        .collect();
        if out.is_empty() {
            out.push(Table::Claims);
        }
        out
    }
}

impl std::str::FromStr for Table {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s {
            "offers" => Table::Offers,
            "deals" => Table::Deals,
            "companies" => Table::Companies,
            "payouts" => Table::Payouts,
            "claims" => Table::Claims,
            _ => {
                return Err(format!(
                    "unknown table `{s}`; choose from: {}",
                    Table::NAMES.join(", ")
                ));
            }
        })
    }
}

impl std::fmt::Display for Table {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let k = match self {
            Table::Offers => 0,
            Table::Deals => 1,
            Table::Companies => 2,
            Table::Payouts => 3,
            Table::Claims => 4,
        };
        f.write_str(Table::NAMES.get(k).copied().unwrap_or_default())
    }
}

/// The offers table's header.
pub fn offers_header() -> String {
    row(["file", "offer"].into_iter().chain(OFFER_COLUMNS))
}

/// The offers table's rows for offers of `file`.
pub fn offer_rows(file: &str, list: &[OfferResult], style: &Style) -> String {
    let mut out = String::new();
    for o in list {
        push_breakdown(&mut out, &[file, &o.id], &o.offer, &o.breakdown, style);
    }
    out
}

/// One table over every file: one header, a `file` column first.
pub fn table(files: &[Results], t: Table, style: &Style) -> String {
    let mut out = String::new();
    match t {
        Table::Offers => {
            out.push_str(&offers_header());
            for r in files {
                out.push_str(&offer_rows(&r.file, &r.offers, style));
            }
        }
        Table::Deals => {
            out.push_str(&row(["file", "deal"].into_iter().chain(VALUATION_COLUMNS)));
            for r in files {
                for d in &r.deals {
                    out.push_str(&row(std::iter::once(r.file.clone()).chain(deal(d, style))));
                }
            }
        }
        Table::Companies => {
            out.push_str(&row(["file"].into_iter().chain(CAP_TABLE_COLUMNS)));
            for r in files {
                push_cap_tables(&mut out, &[&r.file], &r.companies);
            }
        }
        Table::Payouts => {
            out.push_str(&row(["file"].into_iter().chain(PAYOUT_COLUMNS)));
            for r in files {
                push_payouts(&mut out, &[&r.file], &r.companies, style);
            }
        }
        Table::Claims => {
            out.push_str(&claims_header());
            for r in files {
                push_claims(&mut out, r, style);
            }
        }
    }
    out
}

fn deal(d: &crate::scenario::DealResult, style: &Style) -> impl Iterator<Item = String> {
    std::iter::once(d.id.clone()).chain(valuation_fields(&d.valuation, style))
}

const CAP_TABLE_COLUMNS: [&str; 5] = ["company", "holder", "shares", "ownership", "after"];
const PAYOUT_COLUMNS: [&str; 6] = ["company", "exit", "value", "holder", "payout", "currency"];

/// The cap table after all events: a holder's shares and ownership as a
/// fraction, the unissued pool as `pool`, with an empty `after`; then the
/// same after each event, `after` naming it.
fn push_cap_tables(out: &mut String, prefix: &[&str], list: &[crate::scenario::CompanyEntry]) {
    let lead = || prefix.iter().map(|p| (*p).to_owned());
    for c in list {
        let res = &c.result;
        let rows = res
            .holders
            .iter()
            .map(|h| (h.name.as_str(), h.shares, h.ownership))
            .chain(std::iter::once(("pool", res.pool, res.pool_ownership)));
        for (holder, shares, ownership) in rows {
            out.push_str(&row(lead().chain([
                c.id.clone(),
                holder.to_owned(),
                shares.normalize().to_string(),
                ownership.normalize().to_string(),
                String::new(),
            ])));
        }
        // Then the cap table at each moment, named by the event after
        // which it stands (`start` before any).
        if res.stages.len() > 1 {
            for st in &res.stages {
                let after = st.after.clone().unwrap_or_else(|| "start".to_owned());
                for (holder, shares, ownership) in st.ownership() {
                    out.push_str(&row(lead().chain([
                        c.id.clone(),
                        holder.to_owned(),
                        shares.normalize().to_string(),
                        ownership.map_or_else(String::new, |o| o.normalize().to_string()),
                        after.clone(),
                    ])));
                }
            }
        }
    }
}

/// Each exit's payouts, adding up to the exit value.
fn push_payouts(
    out: &mut String,
    prefix: &[&str],
    list: &[crate::scenario::CompanyEntry],
    style: &Style,
) {
    for c in list {
        let named = c.result.exits.iter().map(|x| (x.id.as_str(), x));
        let range = c.result.range.iter().map(|x| ("range", x));
        for (id, x) in named.chain(range) {
            for crate::company::Payout {
                holder,
                amount: paid,
            } in &x.payouts
            {
                out.push_str(&row(prefix.iter().map(|p| (*p).to_owned()).chain([
                    c.id.clone(),
                    id.to_owned(),
                    style.plain(&x.value),
                    holder.clone(),
                    style.plain(paid),
                    paid.currency.to_string(),
                ])));
            }
        }
    }
}

/// A company on its own (`dealcalc round`): its cap table, or its payouts.
pub fn company(c: &crate::scenario::CompanyEntry, payouts: bool, style: &Style) -> String {
    let list = std::slice::from_ref(c);
    if payouts {
        let mut out = row(PAYOUT_COLUMNS);
        push_payouts(&mut out, &[], list, style);
        out
    } else {
        let mut out = row(CAP_TABLE_COLUMNS);
        push_cap_tables(&mut out, &[], list);
        out
    }
}

/// The claims table's header: one for every file, which its `file`
/// column tells apart.
pub fn claims_header() -> String {
    row([
        "file",
        "holds",
        "verdict",
        "text",
        "source",
        "of",
        "says",
        "actual",
        "low",
        "high",
        "unit",
        "deviation",
        "rate_date",
        "stale",
        "held_on_or_before",
        "held_after",
        "precision",
    ])
}

/// One row per claim of a file. Fractions are written as fractions (0.49
/// for 49%), so the unit says `fraction`: `%` beside 0.49 would read as
/// 0.49%.
pub fn push_claims(out: &mut String, r: &Results, style: &Style) {
    for c in &r.claims {
        let v = &c.verdict;
        let conv = v.conversion.as_ref();
        out.push_str(&row([
            r.file.clone(),
            v.holds.to_string(),
            v.outcome.to_string(),
            c.text.clone(),
            c.source.clone().unwrap_or_default(),
            c.of.clone(),
            value(&v.says, style),
            value(&v.actual, style),
            v.low
                .map_or(String::new(), |l| value(&v.says.with(l), style)),
            v.high
                .map_or(String::new(), |h| value(&v.says.with(h), style)),
            match v.says {
                Figure::Fraction(_) => "fraction".to_owned(),
                _ => v.says.currency_code(),
            },
            v.deviation.map_or(String::new(), |d: Decimal| {
                d.round_dp(6).normalize().to_string()
            }),
            conv.map_or(String::new(), |c| c.rate_date.to_string()),
            conv.is_some_and(|c| c.caveat().is_some()).to_string(),
            conv.and_then(|c| {
                c.held_on_or_before
                    .map(|d| crate::claim::period_label(d, c.basis))
            })
            .unwrap_or_default(),
            conv.and_then(|c| c.held_after.map(|d| crate::claim::period_label(d, c.basis)))
                .unwrap_or_default(),
            v.precision.map_or(String::new(), |p| p.to_string()),
        ]));
    }
}
