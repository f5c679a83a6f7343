//! Markdown tables, to paste into an article or a pull request.

use super::{Style, group, percent};
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
            super::both_ways(c, style),
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

use crate::deal::Valuation;
use crate::money::Money;
use crate::offer::{Breakdown, Figures, Offer};
use crate::scenario::{OfferResult, Results};
use rust_decimal::Decimal;

/// `valuation` as a two-column table.
pub fn valuation(v: &Valuation, style: &Style) -> String {
    let mut rows = vec![
        vec![
            "stake".into(),
            v.stake.map_or_else(|| "-".to_owned(), percent),
        ],
        vec!["price".into(), style.money(&v.price)],
        vec![
            "post-money".into(),
            style.money_or_dash(v.post_money.as_ref()),
        ],
        vec![
            "pre-money".into(),
            style.money_or_dash(v.pre_money.as_ref()),
        ],
        vec![
            "remaining value".into(),
            style.money_or_dash(v.remaining_value.as_ref()),
        ],
    ];
    if let Some(n) = v.new_shares {
        rows.push(vec!["new shares".into(), style.count(n.round_dp(2))]);
    }
    if let Some(p) = &v.price_per_share {
        rows.push(vec!["price per share".into(), style.money(p)]);
    }
    table(&["figure", "value"], &rows)
}

/// An offer's periods by component.
pub fn breakdown(o: &Offer, b: &Breakdown, style: &Style) -> String {
    let mut header: Vec<String> = vec!["period".into(), "from".into(), "to".into()];
    header.extend(o.components.iter().map(|c| c.label.clone()));
    header.push("total".into());
    if b.shares.is_some() {
        header.push("shares".into());
    }
    header.extend(b.total_converted.iter().map(super::converted_heading));
    let cell = |x: Decimal, c: Option<Money>| {
        c.map_or(String::new(), |m| style.money(&Money::new(x, m.currency)))
    };
    let mut rows: Vec<Vec<String>> = b
        .periods
        .iter()
        .map(|p| {
            let mut r = vec![super::period(p.id), p.start.to_string(), p.end.to_string()];
            r.extend(p.by_component.iter().map(|x| cell(*x, p.amount)));
            r.push(p.amount.as_ref().map_or(String::new(), |m| style.money(m)));
            if b.shares.is_some() {
                r.push(p.shares.map_or(String::new(), |s| style.count(s)));
            }
            r.extend(p.converted.iter().map(|c| style.money(&c.money)));
            r
        })
        .collect();
    let mut total = vec!["**total**".to_owned(), String::new(), String::new()];
    total.extend(o.components.iter().enumerate().map(|(i, _)| {
        let sum: Decimal = b
            .periods
            .iter()
            .filter_map(|p| p.by_component.get(i))
            .copied()
            .sum();
        cell(sum, b.total)
    }));
    total.push(
        b.total
            .as_ref()
            .map_or(String::new(), |m| format!("**{}**", style.money(m))),
    );
    if let Some(s) = b.shares {
        total.push(style.count(s));
    }
    total.extend(b.total_converted.iter().map(|c| style.money(&c.money)));
    rows.push(total);
    let refs: Vec<&str> = header.iter().map(String::as_str).collect();
    let mut out = format!("**{}**, from {}\n\n", cell_text(&o.title), o.start);
    out.push_str(&table(&refs, &rows));
    if let (Some(pv), Some(r)) = (&b.present_value, o.discount) {
        out.push_str(&format!(
            "\nPresent value at {} a year: {}\n",
            percent(r),
            style.money(pv)
        ));
    }
    if let (Some(k), Some(f), Some(l)) = (&b.kept, &b.forfeited, o.leave_on) {
        out.push_str(&format!(
            "\nLeaving on {l}: {} kept, {} forfeited\n",
            style.money(k),
            style.money(f)
        ));
    }
    out.push_str(&figures(b, style));
    out.push_str(&scenarios(b, style));
    out
}

/// The offer's figures as offered and at each share price scenario, in
/// the reporting currency when there is one, else in its own.
fn scenarios(b: &Breakdown, style: &Style) -> String {
    if b.scenarios.is_empty() {
        return String::new();
    }
    let own = b.figures();
    let (currency, columns): (String, Vec<Option<&Figures>>) = match &b.reporting {
        Some(r) => (
            r.currency.to_string(),
            std::iter::once(Some(&r.figures))
                .chain(b.scenarios.iter().map(|s| s.reporting.as_ref()))
                .collect(),
        ),
        None => (
            b.currency.map_or_else(String::new, |c| c.to_string()),
            std::iter::once(own.as_ref())
                .chain(b.scenarios.iter().map(|s| s.figures.as_ref()))
                .collect(),
        ),
    };
    let mut header = vec![format!("in {currency}"), "as offered".to_owned()];
    header.extend(
        b.scenarios
            .iter()
            .map(|s| format!("{} ({})", s.name, style.price_change(&s.change))),
    );
    let rows: Vec<Vec<String>> = super::figure_rows(&columns)
        .into_iter()
        .map(|(name, values)| {
            let mut row = vec![super::figure_name(name).to_owned()];
            row.extend(values.iter().map(|m| style.money_or_dash(m.as_ref())));
            row
        })
        .collect();
    let refs: Vec<&str> = header.iter().map(String::as_str).collect();
    format!(
        "\nAt share price scenarios (the shares granted unchanged):\n\n{}",
        table(&refs, &rows)
    )
}

/// The offer's figures side by side in its currency, the reporting
/// currency and dollars of the `real` period, with the after-tax total:
/// only when there is more than the first column to show.
fn figures(b: &Breakdown, style: &Style) -> String {
    let reporting = b
        .reporting
        .as_ref()
        .filter(|r| b.currency != Some(r.currency));
    if reporting.is_none() && b.real.is_none() && b.after_tax.is_none() {
        return String::new();
    }
    let own = b.figures();
    let columns: Vec<(String, &Figures)> = [
        own.as_ref().map(|f| (f.total.currency.to_string(), f)),
        reporting.map(|r| (format!("in {}", r.currency), &r.figures)),
        b.real
            .as_ref()
            .map(|r| (format!("in dollars of {}", r.period), &r.figures)),
    ]
    .into_iter()
    .flatten()
    .collect();
    let Some((_, first)) = columns.first() else {
        return String::new();
    };
    let mut header = vec!["figure".to_owned()];
    header.extend(columns.iter().map(|c| c.0.clone()));
    let rows: Vec<Vec<String>> = first
        .headline()
        .iter()
        .enumerate()
        .filter(|(i, _)| {
            columns
                .iter()
                .any(|c| c.1.headline().get(*i).is_some_and(|(_, m)| m.is_some()))
        })
        .map(|(i, (name, _))| {
            let mut row = vec![super::figure_name(name).to_owned()];
            row.extend(columns.iter().map(|c| {
                c.1.headline()
                    .get(i)
                    .and_then(|(_, m)| *m)
                    .map_or("-".to_owned(), |m| style.money(&m))
            }));
            row
        })
        .collect();
    let refs: Vec<&str> = header.iter().map(String::as_str).collect();
    format!("\n{}", table(&refs, &rows))
}

fn cell_text(s: &str) -> String {
    cell(s)
}

/// `eval` and `check`: sections for offers and deals, a verdict table.
pub fn results(r: &Results, style: &Style, claims_only: bool) -> String {
    let (mut out, tail) = around_offers(r, style, claims_only);
    out.push_str(&offers(&r.offers, style, claims_only));
    out.push_str(&tail);
    out
}

/// A file's offers, a section each; none for `check`.
pub fn offers(list: &[OfferResult], style: &Style, claims_only: bool) -> String {
    let mut out = String::new();
    for o in list.iter().filter(|_| !claims_only) {
        out.push_str(&format!("### Offer `{}`\n\n", o.id));
        out.push_str(&breakdown(&o.offer, &o.breakdown, style));
        out.push('\n');
    }
    out
}

/// What [`results`] writes before its offers and after them.
pub fn around_offers(r: &Results, style: &Style, claims_only: bool) -> (String, String) {
    let mut head = format!("## {}\n\n", cell(r.title.as_deref().unwrap_or(&r.file)));
    if let Some(s) = &r.source {
        head.push_str(&format!("Source: {s}. "));
    }
    head.push_str(&format!(
        "As of {}; rates: {}.\n\n",
        r.as_of, r.rates_source
    ));
    let mut out = String::new();
    if !claims_only {
        for d in &r.deals {
            out.push_str(&format!("### Deal `{}`\n\n", d.id));
            out.push_str(&valuation(&d.valuation, style));
            out.push('\n');
        }
        for c in &r.companies {
            out.push_str(&company(c, style));
        }
    }
    if !r.claims.is_empty() {
        out.push_str("### Claims\n\n");
        let rows: Vec<Vec<String>> = r
            .claims
            .iter()
            .map(|c| {
                let v = &c.verdict;
                let range = match (v.low, v.high) {
                    (Some(l), Some(h)) => format!(
                        "{} – {}",
                        style.figure(&v.says.with(l)),
                        style.figure(&v.says.with(h))
                    ),
                    (Some(l), None) => format!("≥ {}", style.figure(&v.says.with(l))),
                    (None, Some(h)) => format!("≤ {}", style.figure(&v.says.with(h))),
                    (None, None) => String::new(),
                };
                let caveat = v
                    .conversion
                    .as_ref()
                    .and_then(crate::claim::ConversionCheck::caveat)
                    .map_or(String::new(), |c| format!(" (on a {c})"));
                vec![
                    match v.outcome {
                        crate::claim::Outcome::Holds
                            if v.precision == Some(crate::claim::Precision::Round) =>
                        {
                            format!("✅ holds as a round figure{caveat}")
                        }
                        crate::claim::Outcome::Holds if v.precision.is_some() => {
                            format!("✅ holds within the inputs' printed precision{caveat}")
                        }
                        crate::claim::Outcome::Holds => format!("✅ holds{caveat}"),
                        crate::claim::Outcome::Truncated => format!("⚠️ truncated{caveat}"),
                        crate::claim::Outcome::Fails => format!("❌ fails{caveat}"),
                    },
                    format!(
                        "“{}”{}",
                        c.text,
                        c.source
                            .as_ref()
                            .map_or(String::new(), |s| format!(" ({s})"))
                    ),
                    style.figure(&v.actual),
                    range,
                    v.deviation.map_or(String::new(), super::signed_percent),
                ]
            })
            .collect();
        out.push_str(&table(
            &["verdict", "claim", "computed", "holds for", "deviation"],
            &rows,
        ));
    }
    (head, out)
}

/// A company: its cap table after all events, each exit's payouts, and
/// where each preferred holding converts.
pub fn company(c: &crate::scenario::CompanyEntry, style: &Style) -> String {
    let r = &c.result;
    let mut out = if c.company.name.is_empty() || c.company.name == c.id {
        format!("### Company `{}`\n\n", c.id)
    } else {
        format!("### Company `{}`: {}\n\n", c.id, cell(&c.company.name))
    };
    let mut rows: Vec<Vec<String>> = r
        .holders
        .iter()
        .map(|h| {
            vec![
                cell(&h.name),
                style.count(h.shares),
                style.percent(h.ownership),
            ]
        })
        .collect();
    if r.had_pool() {
        rows.push(vec![
            "unissued pool".to_owned(),
            style.count(r.pool),
            style.percent(r.pool_ownership),
        ]);
    }
    out.push_str(&table(&["holder", "shares", "ownership"], &rows));
    if let Some(rows) = super::stages_table(r, style)
        && let Some((head, body)) = rows.split_first()
    {
        out.push_str("\nThe cap table after each event (shares, ownership):\n\n");
        let head: Vec<&str> = head.iter().map(String::as_str).collect();
        out.push_str(&table(&head, body));
    }
    for x in &r.exits {
        out.push_str(&format!(
            "\nExit `{}` {}: {} a common share\n\n",
            x.id,
            super::exit_words(x, style),
            style.money(&x.per_common_share)
        ));
        let rows: Vec<Vec<String>> = x
            .payouts
            .iter()
            .map(|p| vec![cell(&p.holder), style.money(&p.amount)])
            .collect();
        out.push_str(&table(&["holder", "payout"], &rows));
    }
    if let Some(rows) = super::range_table(r, style)
        && let Some((head, body)) = rows.split_first()
    {
        out.push_str("\nEach holder's payout by exit value:\n\n");
        let head: Vec<&str> = head.iter().map(String::as_str).collect();
        out.push_str(&table(&head, body));
    }
    if !r.breakpoints.is_empty() {
        out.push_str("\nPreferred converts to common from an exit of:\n\n");
        let rows: Vec<Vec<String>> = r
            .breakpoints
            .iter()
            .map(|b| {
                vec![
                    cell(&format!("{} ({})", b.holder, b.event)),
                    b.converts_at
                        .as_ref()
                        .map_or_else(|| "never (participating)".to_owned(), |m| style.money(m)),
                ]
            })
            .collect();
        out.push_str(&table(&["holding", "converts from"], &rows));
    }
    out.push('\n');
    out
}
