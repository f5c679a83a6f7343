//! A company in text: its events, the cap table after them, each exit's
//! payouts and the breakpoints.

use std::fmt::Write as _;

use super::table;
use super::{Style, significant};

/// A company: its events, the cap table after them, and each exit's
/// payouts.
pub fn company(c: &crate::scenario::CompanyEntry, style: &Style) -> String {
    let r = &c.result;
    let mut out = format!(
        "\n{}\n",
        crate::report::heading("company", &c.id, &c.company.name)
    );
    let mut rows = vec![vec![
        "event".to_owned(),
        "price per share".to_owned(),
        "shares".to_owned(),
        "pre-money".to_owned(),
        "post-money".to_owned(),
        "pool top-up".to_owned(),
        String::new(),
    ]];
    for e in &r.events {
        rows.push(vec![
            e.id.clone(),
            e.price_per_share.map_or_else(
                || "-".to_owned(),
                |m| {
                    format!(
                        "{} {}",
                        style.decimal(&significant(m.amount, 8)),
                        m.currency
                    )
                },
            ),
            style.count(e.shares),
            style.money_or_dash(e.pre_money.as_ref()),
            style.money_or_dash(e.post_money.as_ref()),
            style.count(e.pool_top_up),
            crate::report::status(&e.status),
        ]);
    }
    out.push_str(&table(&rows, &[false, true, true, true, true, true, false]));
    for e in &r.events {
        if let Some(a) = &e.accrual {
            let _ = writeln!(
                out,
                "{}: {} principal + {} interest ({} a year over {} days, {}) = {} converts, its preference",
                e.id,
                style.money(&a.principal),
                style.money(&a.interest),
                style.percent(a.rate),
                style.count(rust_decimal::Decimal::from(a.days)),
                a.day_count,
                style.money(&a.conversion_amount),
            );
        }
    }
    for e in &r.events {
        if let (Some(price), Some(shares)) = (&e.conversion_price, e.as_converted_shares) {
            let _ = writeln!(
                out,
                "{}: anti-dilution after a lower round: converts at {} {} a share, into {} shares",
                e.id,
                style.decimal(&significant(price.amount, 8)),
                price.currency,
                style.count(shares),
            );
        }
    }
    let mut rows = vec![vec![
        "holder".to_owned(),
        "shares".to_owned(),
        "ownership".to_owned(),
    ]];
    for h in &r.holders {
        rows.push(vec![
            h.name.clone(),
            style.count(h.shares),
            style.percent(h.ownership),
        ]);
    }
    if r.had_pool() {
        rows.push(vec![
            "unissued pool".to_owned(),
            style.count(r.pool),
            style.percent(r.pool_ownership),
        ]);
    }
    out.push_str("\ncap table after all events\n");
    out.push_str(&table(&rows, &[false, true, true]));
    if let Some(rows) = crate::report::stages_table(r, style) {
        out.push_str("\ncap table after each event (shares, ownership)\n");
        let right: Vec<bool> = (0..rows.first().map_or(0, Vec::len))
            .map(|i| i > 0)
            .collect();
        out.push_str(&table(&rows, &right));
    } else if r.stages.len() > crate::report::MAX_STAGE_COLUMNS {
        let _ = writeln!(
            out,
            "\nthe cap table after each of its {} moments is in JSON (stages) and the companies CSV table",
            r.stages.len()
        );
    }
    for x in &r.exits {
        let _ = writeln!(
            out,
            "\nexit {} {}: {} a common share{}",
            x.id,
            crate::report::exit_words(x, style),
            style.money(&x.per_common_share),
            if x.converting.is_empty() {
                String::new()
            } else {
                format!(" ({} converting to common)", x.converting.join(", "))
            }
        );
        let rows: Vec<Vec<String>> = x
            .payouts
            .iter()
            .map(|p| vec![p.holder.clone(), style.money(&p.amount)])
            .collect();
        out.push_str(&table(&rows, &[false, true]));
    }
    if let Some(rows) = crate::report::range_table(r, style) {
        out.push_str("\neach holder's payout by exit value\n");
        let right: Vec<bool> = (0..rows.first().map_or(0, Vec::len))
            .map(|_| true)
            .collect();
        out.push_str(&table(&rows, &right));
    }
    if !r.breakpoints.is_empty() {
        out.push_str("\nbreakpoints: preferred converts to common from an exit of\n");
        let rows: Vec<Vec<String>> = r
            .breakpoints
            .iter()
            .map(|b| {
                vec![
                    format!("{} ({})", b.holder, b.event),
                    b.converts_at
                        .as_ref()
                        .map_or_else(|| "never (participating)".to_owned(), |m| style.money(m)),
                ]
            })
            .collect();
        out.push_str(&table(&rows, &[false, true]));
    }
    out
}
