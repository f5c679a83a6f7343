//! `--explain`: how each figure was obtained, under the result. The
//! formula with its inputs, the rate with its date and source, the
//! allocation type and the rounding used; for a claim, the tolerance and
//! where it came from.

use std::fmt::Write as _;

use super::{Style, percent};
use crate::deal::{DealKind, PostMoneyFrom, PriceFrom, StakeFrom, Valuation};
use crate::offer::{Breakdown, By, Offer, Terms};
use crate::rates::Conversion;
use crate::scenario::{ClaimResult, Results};

/// A conversion: the cross-rate formula with each rate, its date and source.
/// A leg's rate in a formula: as written, an inverse one (`1/1.2136`) in
/// parentheses.
fn in_formula(q: &crate::rates::Quote) -> String {
    let w = q.written();
    if w.starts_with("1/") {
        format!("({w})")
    } else {
        w
    }
}

pub fn conversion(c: &Conversion, style: &Style) -> String {
    let mut out = String::from("how:\n");
    let rate = |cur: crate::currency::Currency| {
        c.legs.iter().find(|q| q.currency == cur).map_or_else(
            || "1 (the base)".to_owned(),
            |q| match q.fixed_since {
                Some(since) => format!(
                    "{}, the {} since {since} (times the euro's rate of {})",
                    q.written(),
                    crate::rates::FIXED_EURO_RULE,
                    q.date
                ),
                None => format!("{} of {}", q.written(), q.date),
            },
        )
    };
    let _ = writeln!(
        out,
        "  result = amount x to_rate / from_rate = {} x {} / {} = {}",
        c.from.amount,
        c.legs
            .iter()
            .find(|q| q.currency == c.to.currency)
            .map_or_else(|| "1".to_owned(), in_formula),
        c.legs
            .iter()
            .find(|q| q.currency == c.from.currency)
            .map_or_else(|| "1".to_owned(), in_formula),
        c.to.amount
    );
    let _ = writeln!(
        out,
        "  {} per base: {}",
        c.from.currency,
        rate(c.from.currency)
    );
    let _ = writeln!(out, "  {} per base: {}", c.to.currency, rate(c.to.currency));
    let _ = writeln!(
        out,
        "  rates: the latest on or before {} in {}; stale when more than 7 days older; \
         a currency the euro replaced at its fixed rate from its adoption date",
        c.on, c.source
    );
    let _ = writeln!(
        out,
        "  rounded {} to {} decimals ({}), once, at the end",
        style.rounding,
        c.to.currency.minor_units(),
        c.to.currency
    );
    out
}

/// A valuation: each figure's formula with the numbers.
pub fn valuation(v: &Valuation, style: &Style) -> String {
    let mut out = String::from("how:\n");
    if let (Some(stake), Some(post)) = (v.stake, &v.post_money) {
        let (price, stake_n, post_n) = (v.price.amount, stake.normalize(), post.amount);
        let line = match (
            v.derivation.stake,
            v.derivation.price,
            v.derivation.post_money,
        ) {
            (StakeFrom::PriceOverPostMoney, ..) => {
                format!("stake = price / post-money = {price} / {post_n} = {stake_n}")
            }
            (_, PriceFrom::PostMoneyTimesStake, _) => {
                format!("price = post-money x stake = {post_n} x {stake_n} = {price}")
            }
            (.., PostMoneyFrom::PreMoney) => match v.kind {
                DealKind::Primary => format!(
                    "post-money = pre-money + price = {} + {price} = {post_n}",
                    v.pre_money.map_or(post_n, |p| p.amount)
                ),
                DealKind::Secondary => format!("post-money = pre-money = {post_n}"),
            },
            _ => format!("post-money = price / stake = {price} / {stake_n} = {post_n}"),
        };
        let _ = writeln!(out, "  {line}");
        match v.kind {
            DealKind::Secondary => {
                let _ = writeln!(
                    out,
                    "  pre-money = post-money: a secondary deal buys existing shares, no money enters the company"
                );
            }
            DealKind::Primary => {
                if let Some(pre) = &v.pre_money {
                    let _ = writeln!(
                        out,
                        "  pre-money = post-money - price = {} - {} = {}",
                        post.amount, v.price.amount, pre.amount
                    );
                }
            }
        }
        if let Some(r) = &v.remaining_value {
            let _ = writeln!(
                out,
                "  remaining value = post-money x (1 - stake) = {} x {} = {}",
                post.amount,
                (rust_decimal::Decimal::ONE - stake).normalize(),
                r.amount
            );
        }
    }
    if let (Some(n), Some(p)) = (v.shares_bought, &v.price_per_share) {
        let _ = writeln!(
            out,
            "  shares bought {}, at {} a share",
            n.normalize(),
            p.amount.normalize()
        );
    }
    let _ = writeln!(
        out,
        "  exact until shown; shown rounded {} to {} decimals",
        style.rounding,
        v.price.currency.minor_units()
    );
    out
}

/// An offer: how each component became tranches, and the rules of the
/// periods, present value and leaving.
pub fn offer(o: &Offer, b: &Breakdown, style: &Style) -> String {
    let mut out = String::from("how:\n");
    for c in &o.components {
        let _ = writeln!(out, "  {}", component_rule(o, c, style));
    }
    let _ = writeln!(
        out,
        "  periods: {}",
        match o.by {
            By::GrantYear =>
                "grant years from the start; a payment on an anniversary counts in the year it closes",
            By::CalendarYear => "calendar years",
        }
    );
    if let Some(r) = o.discount {
        let _ = writeln!(
            out,
            "  present value at {} a year: each payment x (1 + r)^-t, t = whole years + days / that year's days; salary discounted day by day",
            percent(r)
        );
    }
    if let Some(l) = o.leave_on {
        let _ = writeln!(
            out,
            "  leaving on {l}: kept = what vested or accrued before that day, less clawbacks"
        );
    }
    if let Some(c) = b.total_converted.first() {
        let _ = writeln!(
            out,
            "  {}: the total converted at the rates of {}, split over the periods by cumulative rounding",
            c.money.currency, c.rate_date
        );
    }
    if let Some(r) = &b.reporting {
        let _ = writeln!(
            out,
            "  in {}: each payment converted ({}), salary day by day, summed exactly and rounded once; periods and components split from that total by cumulative rounding; after tax = each component's converted total x (1 - its rate)",
            r.currency,
            match r.fx {
                crate::offer::Fx::AsOf => format!("at the rates of {}", r.as_of),
                crate::offer::Fx::PaidOn => "each at its own date's rate".to_owned(),
            }
        );
    }
    if let Some(r) = &b.real {
        let mut line = format!(
            "  in dollars of {}: each payment x {} {} / the {} of the payment's month, salary day by day, summed exactly and rounded once",
            r.period,
            r.index,
            style.decimal(&r.index_to.normalize().to_string()),
            r.index
        );
        if let (Some(last), Some(i)) = (r.projected_after, r.inflation) {
            line.push_str(&format!(
                "; past {last} the index is grown from its last value at {} a year, as the file assumes",
                percent(i)
            ));
        }
        if !r.interpolated.is_empty() {
            let months: Vec<String> = r.interpolated.iter().map(ToString::to_string).collect();
            line.push_str(&format!(
                "; {} read on the straight line between the months either side",
                months.join(", ")
            ));
        }
        let _ = writeln!(out, "{line}");
    }
    let _ = writeln!(out, "  money shown rounded {}", style.rounding);
    out
}

/// How one component became tranches, in words.
fn component_rule(o: &Offer, c: &crate::offer::Component, style: &Style) -> String {
    match &c.terms {
        Terms::Salary {
            amount,
            raise,
            years,
        } => format!(
            "{}: {} a year for {years} years, raised {} at each anniversary; each grant year's salary accrues evenly over its days and splits into periods by days, to the cent",
            c.label,
            style.money(amount),
            percent(*raise)
        ),
        Terms::Bonus { payout, .. } => format!(
            "{}: target x payout ({}), paid at the anniversary closing each year, to the cent",
            c.label,
            percent(*payout)
        ),
        Terms::Lump {
            amount,
            vesting,
            clawback,
        } => format!(
            "{}: {} on `{}`, split by {}{}",
            c.label,
            style.money(amount),
            vesting_text(vesting),
            o.allocation,
            clawback.map_or(String::new(), |m| format!(
                "; repaid pro rata by days if leaving within {m} months of a payment"
            ))
        ),
        Terms::Espp {
            contribution,
            discount,
            lookback,
            period,
            ..
        } => format!(
            "{}: {} of the salary earned over each {period}-month period (by day, to the cent) buys whole shares on its last day at {} of the {}; the gain, the shares at the end price less their cost, rounded half up, is what it pays (the rest is returned)",
            c.label,
            percent(*contribution),
            percent(rust_decimal::Decimal::ONE - *discount),
            if *lookback {
                "lower of the period's start and end prices"
            } else {
                "end price"
            }
        ),
        Terms::Equity {
            vesting,
            growth,
            refresh,
            liquidity: Some(l),
            ..
        } => {
            let lapse = l.expire.map_or(String::new(), |m| {
                format!(", lapsing {m} months after the grant if it has not come")
            });
            let leaving = if l.kept_on_leaving {
                "keeps the units vested before it"
            } else {
                "keeps only the units already paid"
            };
            format!(
                "{}: double-trigger units vesting `{}` by {}, paid at the later of vesting and the liquidity event ({}){lapse}; leaving {leaving}; each valued at the price grown {} a year on its payment date{}",
                c.label,
                vesting_text(vesting),
                o.allocation,
                l.on.map_or("none given: never paid".to_owned(), |d| d.to_string()),
                percent(*growth),
                refresh.as_ref().map_or(String::new(), |r| format!(
                    "; a refresher of {} every {} months",
                    style.money(&r.amount),
                    r.every
                ))
            )
        }
        Terms::Equity {
            vesting,
            growth,
            refresh,
            ..
        } => format!(
            "{}: a value grant becomes whole shares at the grant price (rounded down, remainder noted), vesting `{}` by {}; each tranche is valued exactly at the price grown {} a year, and a grant's tranches are rounded to the cent cumulatively, so its total is its exact value rounded once{}",
            c.label,
            vesting_text(vesting),
            o.allocation,
            percent(*growth),
            refresh.as_ref().map_or(String::new(), |r| format!(
                "; a refresher of {} every {} months",
                style.money(&r.amount),
                r.every
            ))
        ),
    }
}

fn vesting_text(v: &crate::schedule::Vesting) -> String {
    use crate::schedule::Vesting;
    match v {
        Vesting::Once => "once, at the start".to_owned(),
        Vesting::Periodic {
            months,
            every,
            cliff,
        } => format!(
            "{months} months, every {every}{}",
            cliff.map_or(String::new(), |c| format!(
                ", {c}-month cliff releasing what accrued"
            ))
        ),
        Vesting::Weights { weights, every } => format!(
            "{} every {every} months",
            weights
                .iter()
                .map(|w| w.normalize().to_string())
                .collect::<Vec<_>>()
                .join("/")
        ),
        Vesting::Explicit(list) => format!("{} explicit tranches", list.len()),
    }
}

/// A claim: what was computed, the tolerance and where it came from.
pub fn claim(c: &ClaimResult, style: &Style) -> String {
    let v = &c.verdict;
    let mut out = format!(
        "  how: `{}` computed as {}; \"{}\" read as {}; tolerance: {}",
        c.of,
        v.actual,
        c.says,
        v.says,
        style.rule(&v.tolerance)
    );
    if let Some(conv) = &v.conversion {
        let _ = write!(out, "; converted at {} of {}", conv.rate, conv.rate_date);
        if let Some(implied) = conv.implied_rate {
            let _ = write!(out, " (the printed figure implies {implied})");
        }
    }
    out.push('\n');
    out
}

/// Every explanation of a scenario's results.
pub fn results(r: &Results, style: &Style) -> String {
    let mut out = String::new();
    for o in &r.offers {
        let _ = writeln!(out, "\noffer {}", o.id);
        out.push_str(&offer(&o.offer, &o.breakdown, style));
    }
    for d in &r.deals {
        let _ = writeln!(out, "\ndeal {}", d.id);
        out.push_str(&valuation(&d.valuation, style));
    }
    for c in &r.companies {
        let _ = writeln!(out, "\ncompany {}", c.id);
        out.push_str(&company(c));
    }
    if !r.claims.is_empty() {
        out.push_str("\nclaims\n");
        for c in &r.claims {
            out.push_str(&claim(c, style));
        }
    }
    out
}

/// A company: how each event priced its shares, and the rules of the
/// waterfall and the breakpoints.
pub fn company(c: &crate::scenario::CompanyEntry) -> String {
    use crate::company::EventKind;
    let mut out = String::from("how:\n");
    for e in &c.company.events {
        let Some(r) = c.result.events.iter().find(|r| r.id == e.id) else {
            continue;
        };
        for adj in &r.adjustments {
            let shown = |d: rust_decimal::Decimal| d.round_dp(10).normalize().to_string();
            let _ = writeln!(
                out,
                "  {}: {} anti-dilution after {} at a lower price: {}",
                e.id,
                match adj.kind {
                    crate::company::AntiDilution::Broad => "broad-based",
                    crate::company::AntiDilution::Narrow => "narrow-based",
                    crate::company::AntiDilution::FullRatchet => "full-ratchet",
                },
                adj.by,
                match adj.kind {
                    crate::company::AntiDilution::FullRatchet => format!(
                        "the conversion price falls from {} to the new price, {}",
                        shown(adj.before.amount),
                        shown(adj.after.amount)
                    ),
                    _ => format!(
                        "CP2 = CP1 x (A + B) / (A + C) = {} x ({} + {}) / ({} + {}) = {}, with A the shares before it, B its money / CP1, C the shares it bought; each holding converts into its money / CP2, rounded down",
                        shown(adj.before.amount),
                        shown(adj.a),
                        shown(adj.b),
                        shown(adj.a),
                        shown(adj.c),
                        shown(adj.after.amount)
                    ),
                }
            );
        }
        let Some(price) = r.price_per_share else {
            let _ = writeln!(out, "  {}: {}", e.id, super::status(&r.status));
            continue;
        };
        let p = price.amount.normalize();
        match &e.kind {
            EventKind::Round {
                investors,
                pre_money,
                ..
            } => {
                // Amounts a company takes are at most 10^13 each: no sum of
                // them saturates.
                let amount = &crate::money::Money::new(
                    investors
                        .iter()
                        .fold(rust_decimal::Decimal::ZERO, |a, (_, m)| {
                            a.saturating_add(m.amount)
                        }),
                    pre_money.currency,
                );
                // Unreachable default: a round's price is above zero (its
                // pre-money and shares are).
                let before = pre_money
                    .amount
                    .checked_div(price.amount)
                    .unwrap_or_default()
                    .round_dp(6)
                    .normalize();
                let _ = writeln!(
                    out,
                    "  {}: price = pre-money / shares before the money (the pool topped up first: {} added) = {} / {} = {}; shares = amount / price = {} / {} = {}, whole; post-money = pre-money + amount = {} + {} = {}",
                    e.id,
                    r.pool_top_up.normalize(),
                    pre_money.amount.normalize(),
                    before,
                    p,
                    amount.amount.normalize(),
                    p,
                    r.shares.normalize(),
                    pre_money.amount.normalize(),
                    amount.amount.normalize(),
                    r.post_money
                        .map_or_else(String::new, |m| m.amount.normalize().to_string()),
                );
            }
            EventKind::Secondary {
                seller,
                buyer,
                shares,
                ..
            } => {
                let _ = writeln!(
                    out,
                    "  {}: {} of {}'s shares sold to {} at {} a share: nothing issued; the buyer takes the seller's class and, for preferred, its preference pro rata per share",
                    e.id,
                    shares.normalize(),
                    seller,
                    buyer,
                    p
                );
            }
            EventKind::Safe { amount, .. } | EventKind::Note { amount, .. } => {
                let converts = match &r.accrual {
                    Some(a) => {
                        let _ = writeln!(
                            out,
                            "  {}: interest = principal x rate x years = {} x {} x {} ({} days, {}) = {}; conversion amount = {} + {} = {}, its preference",
                            e.id,
                            a.principal.amount.normalize(),
                            a.rate.normalize(),
                            a.years.round_dp(10).normalize(),
                            a.days,
                            a.day_count,
                            a.interest.amount.round_dp(6).normalize(),
                            a.principal.amount.normalize(),
                            a.interest.amount.round_dp(6).normalize(),
                            a.conversion_amount.amount.round_dp(6).normalize(),
                        );
                        a.conversion_amount.amount.round_dp(6).normalize()
                    }
                    None => amount.amount.normalize(),
                };
                let _ = writeln!(
                    out,
                    "  {}: {}, at {} a share (the lowest of the cap's price, cap / company capitalization, and the round's price less the discount): {} / {} = {} shares, whole",
                    e.id,
                    super::status(&r.status),
                    p,
                    converts,
                    p,
                    r.shares.normalize(),
                );
            }
        }
    }
    if !c.result.exits.is_empty() {
        out.push_str(
            "  exits: preferences first, senior ranks first and pro rata within a rank; what is left goes per share to common, to participating preferred (up to its cap) and to preferred that converts, which it does when its shares as common pay more than its preference, one holding at a time, the smallest preference per share first; payouts rounded to the cent, adding up to the exit value\n",
        );
    }
    if !c.result.breakpoints.is_empty() {
        out.push_str(
            "  breakpoints: the least exit value, to the cent, at which a preferred holding converts, found by bisection over the waterfall\n",
        );
    }
    out
}
