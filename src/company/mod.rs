//! Companies: holders, an option pool, financing events and exits, in
//! whole shares and exact money.
//!
//! - A post-money SAFE owns `amount / cap` of the company capitalization
//!   just before the round's new money: every issued share, the unissued
//!   pool as it was, and the converting SAFEs' own shares, not the pool
//!   top-up. $1M on a $10M cap over 8,100,000 founder shares and a 900,000
//!   pool: 10% of 10,000,000, so 1,000,000 shares at $1.00. It converts at
//!   the lower of that cap price and the round's price less its discount,
//!   into shadow preferred whose preference is its purchase amount.
//!   Every instrument converts at the lowest of its candidate prices: a
//!   cap-only SAFE also has the round's price (YC's post-money safe gives
//!   "the greater of" the shares at the round price and at the Safe
//!   Price), so $1M at a $10M cap in a round priced at $0.50 while the
//!   cap's price is $0.90 takes 2,000,000 shares, not 1,111,111.
//! - A convertible note converts the same way, its conversion amount
//!   (principal plus simple interest to the round's date, by its
//!   [`DayCount`]) at the lowest of its cap's price (a pre-money cap, over
//!   the capitalization without the SAFEs and notes) and the round's price
//!   less its discount, into shadow preferred whose preference is that
//!   conversion amount, principal and interest: $500,000 at 8% from
//!   2024-01-01 to a round on 2025-01-01 (366 days) is 500,000 x 0.08 x
//!   366/365 = 40,109.59 of interest, a preference of 540,109.59.
//! - A priced round's price per share is pre-money over the pre-money fully
//!   diluted shares, which count the converting SAFEs and notes and the
//!   pool top-up that makes the unissued pool `pool_after` of the
//!   post-money shares. $5.2M at $20.8M pre with a 10% pool after: a top-up
//!   of 400,000, a price of $2.00, 2,600,000 new shares, $26M post-money.
//!   New shares are whole, rounded down; a top-up is rounded up, so the
//!   pool is at least what was asked.
//! - An exit pays preferences by seniority (higher first; pari passu, pro
//!   rata within a rank), then what is left to common and to preferred
//!   that converts or participates; non-participating preferred converts
//!   when that pays it more, participating preferred stops at its cap
//!   (or converts when that pays more); the unissued pool takes nothing.
//!   Payouts are rounded to the cent so that they add up to the exit value.

use rust_decimal::Decimal;

use crate::money::Money;

mod anti_dilution;
mod breakpoints;
mod error;
mod round;
mod secondary;
mod solve;
mod terms;
mod waterfall;

pub use breakpoints::Breakpoint;
pub use error::{CompanyError, Problem, Unreachable};
pub use terms::*;
pub use waterfall::{ExitResult, Payout};

use breakpoints::breakpoints;
use round::{CapBasis, Pending, RoundTerms, convert_at_cap, round, waiting};
use waterfall::{exit, settle};

/// A company after its events and exits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompanyResult {
    /// Each event, in order.
    pub events: Vec<EventResult>,
    /// The shares after all events.
    pub holdings: Vec<Holding>,
    /// Each holder's shares and ownership (of all issued shares and the
    /// unissued pool), after all events.
    pub holders: Vec<Holder>,
    /// The unissued pool after all events.
    pub pool: Decimal,
    /// The pool's share of all issued shares and the pool.
    pub pool_ownership: Decimal,
    /// Each exit.
    pub exits: Vec<ExitResult>,
    /// For each preferred holding, the least exit value at which it
    /// converts to common.
    pub breakpoints: Vec<Breakpoint>,
    /// Each holder's payout at each value of the company's exit range.
    pub range: Vec<ExitResult>,
    /// The cap table at the start and after each priced round (and after
    /// SAFEs no round converted take their caps), for charts: the Acme
    /// example goes from founders 8,100,000 and a pool of 900,000 to
    /// founders 8,100,000, angel 1,000,000, fund 2,600,000, pool 1,300,000.
    pub stages: Vec<Stage>,
}

impl CompanyResult {
    /// Whether the company had an unissued pool at any moment: a cap table
    /// without one shows no pool row, one whose pool was all granted shows
    /// it at 0.
    pub fn had_pool(&self) -> bool {
        self.stages.iter().any(|s| !s.pool.is_zero()) || !self.pool.is_zero()
    }
}

/// A holder in the cap table after all events.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Holder {
    /// Its name.
    pub name: String,
    /// Its shares, every class together (as converted).
    pub shares: Decimal,
    /// Its share of every issued share and the unissued pool: the Acme
    /// example's founders hold 8,100,000 of 13,000,000, 62.3077%.
    pub ownership: Decimal,
}

/// The cap table at one moment: each holder's shares and the unissued
/// pool.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stage {
    /// The event after which it stands; none at the start.
    pub after: Option<String>,
    /// Shares by holder, in the order holders first appear.
    pub holders: Vec<(String, Decimal)>,
    /// The unissued pool.
    pub pool: Decimal,
}

impl Stage {
    fn of(
        after: Option<String>,
        holdings: &[Holding],
        pool: Decimal,
    ) -> Result<Stage, CompanyError> {
        Ok(Stage {
            after,
            holders: by_holder(holdings)?,
            pool,
        })
    }

    /// Each holder's share of every issued share and the pool at this
    /// moment, and the pool's: Acme after its Series A, the founders'
    /// 8,100,000 of 13,000,000 are 62.3077%.
    pub fn ownership(&self) -> Vec<(&str, Decimal, Option<Decimal>)> {
        let all = self.total();
        let share = |n: Decimal| (!all.is_zero()).then(|| n.checked_div(all)).flatten();
        self.holders
            .iter()
            .map(|(h, n)| (h.as_str(), *n, share(*n)))
            .chain(std::iter::once(("pool", self.pool, share(self.pool))))
            .collect()
    }

    /// Every issued share and the pool.
    pub fn total(&self) -> Decimal {
        self.holders
            .iter()
            .map(|h| h.1)
            .fold(self.pool, |a, b| a.saturating_add(b))
    }
}

/// Shares by holder, in the order holders first appear.
fn by_holder(holdings: &[Holding]) -> Result<Vec<(String, Decimal)>, CompanyError> {
    let mut out: Vec<(String, Decimal)> = Vec::new();
    for h in holdings {
        match out.iter_mut().find(|x| x.0 == h.holder) {
            Some(x) => x.1 = add(x.1, h.shares)?,
            None => out.push((h.holder.clone(), h.shares)),
        }
    }
    Ok(out)
}

impl CompanyResult {
    /// What an exit of `value` pays each holder, by the same waterfall as
    /// the company's own exits: for charts and for questions the file did
    /// not ask. Acme at $23.4M: the fund $5.2M, the angel $2M, the
    /// founders $16.2M.
    pub fn payouts_at(&self, value: Money) -> Result<ExitResult, CompanyError> {
        exit("", value, &self.holdings)
    }
}

/// The most money, and the most shares, a company takes: 10^13, so that
/// shares times prices stay well inside a decimal's 28 digits. Scenario
/// files and `dealcalc round` both refuse more at the field.
pub const LIMIT: i64 = 10_000_000_000_000;

/// A share count a company takes: whole, from 0 to [`LIMIT`]; otherwise
/// what it must be.
pub fn check_shares(n: Decimal) -> Result<Decimal, &'static str> {
    if n < Decimal::ZERO || !n.fract().is_zero() || n > Decimal::from(LIMIT) {
        return Err("must be a whole number of shares, at most 10,000,000,000,000");
    }
    Ok(n)
}

/// An amount a company takes: more than 0 and at most [`LIMIT`].
pub fn check_money(m: Money) -> Result<Money, &'static str> {
    if m.amount <= Decimal::ZERO || m.amount > Decimal::from(LIMIT) {
        return Err("must be more than 0 and at most 10,000,000,000,000");
    }
    Ok(m)
}

/// A discount, an interest rate or a pool's share: from 0% to below 100%.
pub fn check_fraction(v: Decimal) -> Result<Decimal, &'static str> {
    if v < Decimal::ZERO || v >= Decimal::ONE {
        return Err("must be from 0% to below 100%");
    }
    Ok(v)
}

/// The most a liquidation preference multiplies its money by.
pub const MAX_MULTIPLE: i64 = 100;

/// A liquidation preference's multiple written `1x` or `2.5x`, from 0x to
/// [`MAX_MULTIPLE`]x; otherwise what is wrong with it.
///
/// ```
/// use dealcalc::company::multiple;
/// assert_eq!(multiple("1.5x").unwrap().to_string(), "1.5");
/// assert_eq!(multiple("1000000x").unwrap_err(), "must be from 0x to 100x");
/// assert_eq!(multiple("two").unwrap_err(), "is not a multiple such as `1x` or `2x`");
/// ```
pub fn multiple(text: &str) -> Result<Decimal, &'static str> {
    let m = text
        .trim()
        .strip_suffix(['x', 'X'])
        .and_then(|n| Decimal::from_str_exact(n.trim()).ok())
        .ok_or("is not a multiple such as `1x` or `2x`")?;
    if m < Decimal::ZERO || m > Decimal::from(MAX_MULTIPLE) {
        return Err("must be from 0x to 100x");
    }
    Ok(m)
}

/// Stops when the caller gave up ([`crate::cancel`]).
fn running() -> Result<(), CompanyError> {
    crate::cancel::check().map_err(|_| Problem::Cancelled.into())
}

fn too_big() -> CompanyError {
    Problem::TooLarge.into()
}

// Checked arithmetic: a figure past a decimal's range, or a division by
// zero, is an error, never a panic.
fn add(a: Decimal, b: Decimal) -> Result<Decimal, CompanyError> {
    a.checked_add(b).ok_or_else(too_big)
}
fn sub(a: Decimal, b: Decimal) -> Result<Decimal, CompanyError> {
    a.checked_sub(b).ok_or_else(too_big)
}
fn mul(a: Decimal, b: Decimal) -> Result<Decimal, CompanyError> {
    a.checked_mul(b).ok_or_else(too_big)
}
fn div(a: Decimal, b: Decimal) -> Result<Decimal, CompanyError> {
    if b.is_zero() {
        return Err(Problem::DivideByZero.into());
    }
    a.checked_div(b).ok_or_else(too_big)
}
fn total<I: IntoIterator<Item = Decimal>>(values: I) -> Result<Decimal, CompanyError> {
    values.into_iter().try_fold(Decimal::ZERO, add)
}

/// A SAFE or note, as it waits for a round; none for other events.
fn pending_of(index: usize, kind: &EventKind) -> Option<Pending> {
    match kind {
        EventKind::Safe {
            holder,
            amount,
            cap,
            discount,
            valuation,
            mfn,
        } => Some(Pending {
            event: index,
            holder: holder.clone(),
            amount: *amount,
            invested: *amount,
            cap: *cap,
            basis: match valuation {
                SafeValuation::Post => CapBasis::PostMoneySafe,
                SafeValuation::Pre => CapBasis::PreMoneySafe,
            },
            mfn: *mfn,
            discount: *discount,
            date: None,
            interest: Decimal::ZERO,
            day_count: DayCount::default(),
        }),
        EventKind::Note {
            holder,
            amount,
            interest,
            cap,
            discount,
            date,
            day_count,
        } => Some(Pending {
            event: index,
            holder: holder.clone(),
            amount: *amount,
            invested: *amount,
            cap: *cap,
            basis: CapBasis::Note,
            mfn: false,
            discount: *discount,
            date: *date,
            interest: *interest,
            day_count: *day_count,
        }),
        _ => None,
    }
}

/// The cap table after a company's events: its holdings, the unissued
/// pool, what each event did, and the cap table after each.
struct Ran {
    holdings: Vec<Holding>,
    pool: Decimal,
    results: Vec<EventResult>,
    stages: Vec<Stage>,
}

impl Company {
    /// Runs the events in order, then pays each exit.
    pub fn evaluate(&self) -> Result<CompanyResult, CompanyError> {
        let Ran {
            holdings,
            pool,
            results,
            stages,
        } = self.run_events()?;
        self.paid_out(holdings, pool, results, stages)
    }

    /// The events, in order: rounds, conversions, sales.
    fn run_events(&self) -> Result<Ran, CompanyError> {
        let mut holdings: Vec<Holding> = self
            .common
            .iter()
            .map(|(holder, shares)| Holding {
                holder: holder.clone(),
                shares: *shares,
                preferred: None,
                strike: None,
            })
            .chain(self.options.iter().map(|(holder, shares, strike)| Holding {
                holder: holder.clone(),
                shares: *shares,
                preferred: None,
                strike: Some(*strike),
            }))
            .collect();
        let mut pool = self.pool;
        let mut results: Vec<EventResult> = Vec::new();
        let mut pending: Vec<Pending> = Vec::new();
        let mut stages = vec![Stage::of(None, &holdings, pool)?];
        let mut protected: Vec<anti_dilution::Protected> = Vec::new();
        for (index, event) in self.events.iter().enumerate() {
            running()?;
            if let Some(p) = pending_of(index, &event.kind) {
                pending.push(p);
                results.push(waiting(&event.id));
                continue;
            }
            match &event.kind {
                // Waiting for a round, above.
                EventKind::Safe { .. } | EventKind::Note { .. } => {}
                EventKind::Round {
                    investors,
                    pre_money,
                    pool_after,
                    preference,
                    date,
                    anti_dilution,
                    pool_counts_issued,
                } => {
                    let outstanding_before = add(total(holdings.iter().map(|h| h.shares))?, pool)?;
                    let class_before = protected
                        .iter()
                        .map(|p| anti_dilution::class_shares(&holdings, &p.event))
                        .collect::<Result<Vec<_>, _>>()?;
                    let terms = RoundTerms {
                        event: index,
                        id: &event.id,
                        investors,
                        pre_money: *pre_money,
                        pool_after: *pool_after,
                        preference: *preference,
                        pool_counts_issued: *pool_counts_issued,
                        date: *date,
                    };
                    let r = round(&terms, &mut holdings, &mut pool, &mut pending, &mut results)
                        .map_err(|e| e.or_at(index))?;
                    if let Some(price) = r.price_per_share {
                        let new = anti_dilution::NewRound {
                            id: event.id.clone(),
                            price: price.amount,
                            amount: total(investors.iter().map(|(_, m)| m.amount))?,
                            shares: r.shares,
                            outstanding_before,
                            class_before,
                        };
                        anti_dilution::adjust(&mut protected, &new, &mut holdings, &mut results)
                            .map_err(|e| e.or_at(index))?;
                        if let Some(kind) = anti_dilution {
                            protected.push(anti_dilution::Protected {
                                index,
                                event: event.id.clone(),
                                kind: *kind,
                                price,
                            });
                        }
                    }
                    results.push(r);
                    stages.push(
                        Stage::of(Some(event.id.clone()), &holdings, pool)
                            .map_err(|e| e.or_at(index))?,
                    );
                }
                EventKind::Secondary {
                    seller,
                    buyer,
                    shares,
                    price,
                    class,
                } => {
                    let sale = secondary::Sale {
                        event: index,
                        id: &event.id,
                        seller,
                        buyer,
                        shares: *shares,
                        price: *price,
                        class: class.as_ref(),
                    };
                    let r = secondary::sell(&sale, &mut holdings).map_err(|e| e.or_at(index))?;
                    results.push(r);
                    stages.push(
                        Stage::of(Some(event.id.clone()), &holdings, pool)
                            .map_err(|e| e.or_at(index))?,
                    );
                }
            }
        }
        // SAFEs and notes no round converted: at an exit they take their
        // purchase amount first, or their shares at the cap, whichever pays
        // more; here they convert at the cap.
        if let Some(first) = pending.first().map(|p| p.event) {
            convert_at_cap(&mut holdings, pool, &mut pending, &mut results)
                .map_err(|e| e.or_at(first))?;
            let last = results.last().map(|r| r.id.clone());
            stages.push(Stage::of(last, &holdings, pool)?);
        }
        Ok(Ran {
            holdings,
            pool,
            results,
            stages,
        })
    }

    /// Ownership after the events, then each exit, the range and the
    /// breakpoints.
    fn paid_out(
        &self,
        holdings: Vec<Holding>,
        pool: Decimal,
        results: Vec<EventResult>,
        stages: Vec<Stage>,
    ) -> Result<CompanyResult, CompanyError> {
        let issued = total(holdings.iter().map(|h| h.shares))?;
        let all = add(issued, pool)?;
        if all.is_zero() {
            // Ownership of nothing is no figure: never a silent 0%.
            return Err(Problem::NoShares.into());
        }
        let holders: Vec<Holder> = by_holder(&holdings)?
            .into_iter()
            .map(|(name, shares)| {
                Ok(Holder {
                    name,
                    shares,
                    ownership: div(shares, all)?,
                })
            })
            .collect::<Result<_, CompanyError>>()?;
        let pool_ownership = div(pool, all)?;
        let exits = self
            .exits
            .iter()
            .map(|(id, at)| {
                running()?;
                match at {
                    ExitAt::Value(value) => exit(id, *value, &holdings),
                    ExitAt::Payout { holder, amount } => {
                        solve::exit_paying(id, holder, *amount, &holdings)
                    }
                }
            })
            .collect::<Result<_, _>>()?;
        let range = match &self.exit_range {
            Some(r) => r
                .values()
                .map_err(Problem::ExitRange)?
                .into_iter()
                .map(|v| {
                    running()?;
                    exit("", v, &holdings)
                })
                .collect::<Result<_, _>>()?,
            None => Vec::new(),
        };
        let breakpoints = breakpoints(&holdings)?;
        Ok(CompanyResult {
            events: results,
            holdings,
            holders,
            pool,
            pool_ownership,
            exits,
            range,
            breakpoints,
            stages,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{d, usd};

    /// The Acme worked example, to the share and the cent.
    fn acme() -> Company {
        Company {
            name: "Acme".into(),
            common: vec![("founders".into(), d("8100000"))],
            pool: d("900000"),
            options: Vec::new(),
            events: vec![
                Event {
                    id: "seed-safe".into(),
                    kind: EventKind::Safe {
                        holder: "angel".into(),
                        amount: usd("1000000"),
                        cap: Some(usd("10000000")),
                        discount: Decimal::ZERO,
                        valuation: SafeValuation::Post,
                        mfn: false,
                    },
                },
                Event {
                    id: "series-a".into(),
                    kind: EventKind::Round {
                        anti_dilution: None,
                        pool_counts_issued: false,
                        investors: vec![("fund".into(), usd("5200000"))],
                        pre_money: usd("20800000"),
                        pool_after: Some(d("0.1")),
                        preference: Preference::default(),
                        date: None,
                    },
                },
            ],
            exits: vec![
                ("small".into(), ExitAt::Value(usd("10000000"))),
                ("large".into(), ExitAt::Value(usd("35100000"))),
            ],
            exit_range: None,
        }
    }

    #[test]
    fn breakpoints_are_where_converting_starts_to_pay_more() {
        let r = acme().evaluate().unwrap();
        let at = |holder: &str| {
            r.breakpoints
                .iter()
                .find(|b| b.holder == holder)
                .unwrap()
                .converts_at
                .unwrap()
                .amount
        };
        assert_eq!(at("angel"), d("14300000.01"));
        assert_eq!(at("fund"), d("23400000.01"));
        // A cent below, each still takes its preference.
        let below = exit("x", usd("23400000.00"), &r.holdings).unwrap();
        assert_eq!(below.converting, vec!["angel".to_owned()]);
        // The fund takes its $5.2M; $18.2M over 9.1M common shares is $2:
        // the angel $2M, the founders $16.2M. (The waterfall once
        // converted both at once, paying the fund $4.98M at $22.4M.)
        let paid = |who: &str| below.paid(who).unwrap().amount;
        assert_eq!(paid("fund"), d("5200000.00"));
        assert_eq!(paid("angel"), d("2000000.00"));
        assert_eq!(paid("founders"), d("16200000.00"));
        let above = exit("x", usd("23400000.01"), &r.holdings).unwrap();
        assert_eq!(
            above.converting,
            vec!["angel".to_owned(), "fund".to_owned()]
        );
    }

    #[test]
    fn stages_are_the_cap_table_before_and_after_each_round() {
        let r = acme().evaluate().unwrap();
        let shares = |s: &Stage| {
            s.holders
                .iter()
                .map(|(h, n)| format!("{h} {n}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        assert_eq!(r.stages.len(), 2);
        assert_eq!(r.stages[0].after, None);
        assert_eq!(shares(&r.stages[0]), "founders 8100000");
        assert_eq!(r.stages[0].pool, d("900000"));
        assert_eq!(r.stages[1].after.as_deref(), Some("series-a"));
        assert_eq!(
            shares(&r.stages[1]),
            "founders 8100000, angel 1000000, fund 2600000"
        );
        // 900,000 + the 400,000 top-up: 10% of 13,000,000.
        assert_eq!(r.stages[1].pool, d("1300000"));
        assert_eq!(r.stages[1].total(), d("13000000"));
        // A SAFE no round converts: a last stage with it at its cap.
        let mut seed_only = acme();
        seed_only.events.truncate(1);
        let r = seed_only.evaluate().unwrap();
        assert_eq!(r.stages.len(), 2);
        assert_eq!(shares(&r.stages[1]), "founders 8100000, angel 1000000");
    }

    #[test]
    fn payouts_at_any_value_follow_the_same_waterfall() {
        let r = acme().evaluate().unwrap();
        let at = r.payouts_at(usd("10000000")).unwrap();
        // The contract's $10M exit: fund $5.2M, angel $1M, founders $3.8M.
        assert_eq!(at.payouts, r.exits[0].payouts);
        let paid = |who: &str| at.paid(who).unwrap().amount;
        assert_eq!(paid("founders"), d("3800000.00"));
    }

    #[test]
    fn the_contracts_worked_example() {
        let r = acme().evaluate().unwrap();
        let safe = &r.events[0];
        assert_eq!(safe.shares, d("1000000"));
        assert_eq!(safe.price_per_share.unwrap().amount, d("1"));
        let a = &r.events[1];
        assert_eq!(a.price_per_share.unwrap().amount, d("2"));
        assert_eq!(a.shares, d("2600000"));
        assert_eq!(a.pool_top_up, d("400000"));
        assert_eq!(a.post_money.unwrap().amount, d("26000000"));
        assert_eq!(r.pool, d("1300000"));
        let small = &r.exits[0];
        let payout = |x: &ExitResult, who: &str| x.paid(who).unwrap().amount;
        assert_eq!(payout(small, "fund"), d("5200000.00"));
        assert_eq!(payout(small, "angel"), d("1000000.00"));
        assert_eq!(payout(small, "founders"), d("3800000.00"));
        let large = &r.exits[1];
        // 35.1M over 11.7M issued shares: $3.00 each, everyone converts.
        assert_eq!(large.per_common_share.amount, d("3"));
        assert_eq!(payout(large, "fund"), d("7800000.00"));
        assert_eq!(payout(large, "angel"), d("3000000.00"));
        assert_eq!(payout(large, "founders"), d("24300000.00"));
    }

    /// A 2x participating preference capped at 3x, worked by hand: $10M
    /// invested for 2,500,000 of 10,000,000 shares. At a $40M exit: $20M
    /// preference, then $20M over 10M shares = $2 each, the fund $5M more:
    /// $25M, under its $30M cap. At $100M: 20 + 80/10M x 2.5M = 40 > 30,
    /// capped at $30M unless converting pays more: as common, 25% of $100M
    /// is $25M < $30M, so it stays capped: $30M, common $70M.
    #[test]
    fn participating_preference_with_a_cap() {
        let company = Company {
            name: "P".into(),
            common: vec![("founders".into(), d("7500000"))],
            pool: Decimal::ZERO,
            options: Vec::new(),
            events: vec![Event {
                id: "a".into(),
                kind: EventKind::Round {
                    anti_dilution: None,
                    pool_counts_issued: false,
                    investors: vec![("fund".into(), usd("10000000"))],
                    pre_money: usd("30000000"),
                    pool_after: None,
                    preference: Preference {
                        multiple: d("2"),
                        participating: true,
                        cap: Some(d("3")),
                        seniority: 1,
                    },
                    date: None,
                },
            }],
            exits: vec![
                ("mid".into(), ExitAt::Value(usd("40000000"))),
                ("big".into(), ExitAt::Value(usd("100000000"))),
            ],
            exit_range: None,
        };
        let r = company.evaluate().unwrap();
        assert_eq!(r.events[0].shares, d("2500000"));
        let payout = |x: &ExitResult, who: &str| x.paid(who).unwrap().amount;
        assert_eq!(payout(&r.exits[0], "fund"), d("25000000.00"));
        assert_eq!(payout(&r.exits[0], "founders"), d("15000000.00"));
        assert_eq!(payout(&r.exits[1], "fund"), d("30000000.00"));
        assert_eq!(payout(&r.exits[1], "founders"), d("70000000.00"));
    }

    /// Seniority: a senior 1x paid in full before a junior one; the junior
    /// takes what is left when the exit is short.
    #[test]
    fn seniority_pays_the_senior_first() {
        let round = |holder: &str, amount: &str, pre: &str, seniority: u32| Event {
            id: holder.into(),
            kind: EventKind::Round {
                anti_dilution: None,
                pool_counts_issued: false,
                investors: vec![(holder.into(), usd(amount))],
                pre_money: usd(pre),
                pool_after: None,
                preference: Preference {
                    seniority,
                    ..Preference::default()
                },
                date: None,
            },
        };
        let company = Company {
            name: "S".into(),
            common: vec![("founders".into(), d("1000000"))],
            pool: Decimal::ZERO,
            options: Vec::new(),
            events: vec![
                round("seed", "1000000", "4000000", 1),
                round("series-a", "5000000", "15000000", 2),
            ],
            exits: vec![("short".into(), ExitAt::Value(usd("5500000")))],
            exit_range: None,
        };
        let r = company.evaluate().unwrap();
        let payout = |who: &str| r.exits[0].paid(who).unwrap().amount;
        // Series A (senior) takes its $5M, the seed the $0.5M left.
        assert_eq!(payout("series-a"), d("5000000.00"));
        assert_eq!(payout("seed"), d("500000.00"));
        assert_eq!(payout("founders"), d("0.00"));
    }

    /// Built through the library, past the scenario file's bounds: a
    /// note's pre-money cap of a hundred-billionth of a dollar over 10^13
    /// shares prices a share at 10^-24 dollars, and $10^13 at that price
    /// is 10^37 shares, past a decimal's 28 digits: an error, not a panic
    /// or a wrapped number.
    #[test]
    fn figures_past_a_decimal_are_an_error_not_a_panic() {
        let company = Company {
            name: "Tiny cap".into(),
            common: vec![("founders".into(), d("10000000000000"))],
            pool: Decimal::ZERO,
            options: Vec::new(),
            events: vec![Event {
                id: "safe".into(),
                kind: EventKind::Note {
                    holder: "angel".into(),
                    amount: usd("10000000000000"),
                    interest: Decimal::ZERO,
                    cap: Some(usd("0.00000000001")),
                    discount: Decimal::ZERO,
                    date: None,
                    day_count: DayCount::default(),
                },
            }],
            exits: vec![],
            exit_range: None,
        };
        let e = company.evaluate().unwrap_err();
        assert!(e.to_string().contains("28 digits"), "{e}");
        // Said of the note, the company's first event, so that a file's
        // reader points at it.
        assert_eq!(e.at, Some((0, None)));
    }
}
