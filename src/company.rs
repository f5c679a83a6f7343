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

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::money::Money;
use crate::schedule::{Allocation, allocate};

/// A liquidation preference.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Preference {
    /// Times the amount invested paid first: 1 for "1x".
    pub multiple: Decimal,
    /// Also shares in what is left, after its preference.
    pub participating: bool,
    /// A participating preference stops at this multiple of the amount
    /// invested ("3x"), preference included.
    pub cap: Option<Decimal>,
    /// Paid before lower ranks: a higher number is paid first.
    pub seniority: u32,
}

impl Default for Preference {
    fn default() -> Self {
        Preference {
            multiple: Decimal::ONE,
            participating: false,
            cap: None,
            seniority: 1,
        }
    }
}

/// How a note counts the days its interest runs.
///
/// `Actual365`: the days over 365 (500,000 at 8% over the 366 days from
/// 2024-01-01 to 2025-01-01 is 40,109.59); `ActualActual`, ISDA: the days
/// in each calendar year over that year's length (the same 366 days are
/// 366/366 of 2024, so 40,000.00).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DayCount {
    /// Days over 365.
    #[default]
    Actual365,
    /// The days of each calendar year over its 365 or 366 (ISDA).
    ActualActual,
}

impl DayCount {
    /// The names scenario files take.
    pub const NAMES: &'static [&'static str] = &["actual/365", "actual/actual"];

    /// The fraction of a year from `from` to `to` (`to` after `from`).
    ///
    /// ```
    /// use dealcalc::company::DayCount;
    /// use chrono::NaiveDate;
    /// use rust_decimal::Decimal;
    /// let d = |s: &str| s.parse::<NaiveDate>().unwrap();
    /// let a365 = DayCount::Actual365.year_fraction(d("2024-01-01"), d("2025-01-01")).unwrap();
    /// assert_eq!(a365, Decimal::new(366, 0) / Decimal::new(365, 0));
    /// let isda = DayCount::ActualActual.year_fraction(d("2024-01-01"), d("2025-01-01")).unwrap();
    /// assert_eq!(isda, Decimal::ONE);
    /// // 2023-07-01 to 2024-07-01: 184/365 of 2023 and 182/366 of 2024.
    /// let split = DayCount::ActualActual.year_fraction(d("2023-07-01"), d("2024-07-01")).unwrap();
    /// assert_eq!(split, Decimal::new(184, 0) / Decimal::new(365, 0) + Decimal::new(182, 0) / Decimal::new(366, 0));
    /// ```
    pub fn year_fraction(self, from: NaiveDate, to: NaiveDate) -> Option<Decimal> {
        use chrono::Datelike;
        if to < from {
            return None;
        }
        match self {
            DayCount::Actual365 => {
                Decimal::from((to - from).num_days()).checked_div(Decimal::from(365))
            }
            DayCount::ActualActual => {
                let mut total = Decimal::ZERO;
                let mut at = from;
                while at < to {
                    let next_year = NaiveDate::from_ymd_opt(at.year() + 1, 1, 1)?;
                    let end = next_year.min(to);
                    let length = if at.leap_year() { 366 } else { 365 };
                    let part =
                        Decimal::from((end - at).num_days()).checked_div(Decimal::from(length))?;
                    total = total.checked_add(part)?;
                    at = end;
                }
                Some(total)
            }
        }
    }
}

impl std::str::FromStr for DayCount {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "actual/365" => Ok(DayCount::Actual365),
            "actual/actual" => Ok(DayCount::ActualActual),
            _ => Err(format!(
                "unknown day count `{s}`; choose from: {}",
                DayCount::NAMES.join(", ")
            )),
        }
    }
}

impl std::fmt::Display for DayCount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            DayCount::Actual365 => "actual/365",
            DayCount::ActualActual => "actual/actual",
        })
    }
}

/// A note's interest up to the round that converts it, and what it
/// converts: principal plus interest.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Accrual {
    /// The principal.
    pub principal: Money,
    /// Simple interest a year: 0.08 for 8%.
    pub rate: Decimal,
    /// Days from the note's date to the round's.
    pub days: i64,
    /// How the days count.
    pub day_count: DayCount,
    /// The years they come to by it: 366/365 for 2024 on actual/365.
    pub years: Decimal,
    /// The interest, exact.
    pub interest: Money,
    /// Principal plus interest: what converts, and the preference.
    pub conversion_amount: Money,
}

/// What happens to the company.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EventKind {
    /// A post-money SAFE.
    Safe {
        /// Its holder.
        holder: String,
        /// The purchase amount.
        amount: Money,
        /// The post-money valuation cap.
        cap: Option<Money>,
        /// The discount on the round's price: 0.2 for 20%.
        discount: Decimal,
    },
    /// A convertible note.
    Note {
        /// Its holder.
        holder: String,
        /// The principal.
        amount: Money,
        /// Simple interest a year.
        interest: Decimal,
        /// The pre-money valuation cap.
        cap: Option<Money>,
        /// The discount on the round's price.
        discount: Decimal,
        /// When it was issued (interest runs from it).
        date: Option<NaiveDate>,
        /// How the interest counts days.
        day_count: DayCount,
    },
    /// A priced round.
    Round {
        /// The new investor.
        holder: String,
        /// The new money.
        amount: Money,
        /// The valuation before it, counting converting SAFEs, notes and the
        /// pool top-up.
        pre_money: Money,
        /// The unissued pool as a share of the post-money shares.
        pool_after: Option<Decimal>,
        /// Its preferred stock's preference.
        preference: Preference,
        /// When.
        date: Option<NaiveDate>,
    },
}

/// An event with its id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    /// Its id in the file.
    pub id: String,
    /// What it is.
    pub kind: EventKind,
}

/// A company before its events.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Company {
    /// Its name.
    pub name: String,
    /// Common shares by holder.
    pub common: Vec<(String, Decimal)>,
    /// The unissued option pool.
    pub pool: Decimal,
    /// Financing events, in order.
    pub events: Vec<Event>,
    /// Exit values to pay out, by id.
    pub exits: Vec<(String, Money)>,
}

/// A block of shares: whose, and with what preference (none for common).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Holding {
    /// The holder.
    pub holder: String,
    /// Shares.
    pub shares: Decimal,
    /// Preferred: the event that issued it, its preference in money, the
    /// amount invested, and the terms.
    pub preferred: Option<Preferred>,
}

/// Preferred stock's terms in money.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Preferred {
    /// The event that issued it.
    pub event: String,
    /// Paid first: multiple x invested.
    pub preference: Money,
    /// What was paid for it.
    pub invested: Money,
    /// The terms.
    pub terms: Preference,
}

/// What an event did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventResult {
    /// The event's id.
    pub id: String,
    /// The price of one share it issued (for a SAFE or note, its
    /// conversion price).
    pub price_per_share: Option<Money>,
    /// Shares it issued to its holder.
    pub shares: Decimal,
    /// The valuation before it (rounds).
    pub pre_money: Option<Money>,
    /// The valuation after it (rounds: pre-money plus the new money).
    pub post_money: Option<Money>,
    /// Shares added to the pool to reach `pool_after`.
    pub pool_top_up: Decimal,
    /// Where it stands: `converted in series-a`, `not converted`.
    pub status: String,
    /// For a note a round converted: its interest and conversion amount.
    pub accrual: Option<Accrual>,
}

/// What an exit pays.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExitResult {
    /// Its id.
    pub id: String,
    /// The exit value.
    pub value: Money,
    /// Each holder's payout, adding up to the value.
    pub payouts: Vec<(String, Money)>,
    /// What one common share gets.
    pub per_common_share: Money,
    /// Holders of preferred who convert to common.
    pub converting: Vec<String>,
}

/// A company after its events and exits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompanyResult {
    /// Each event, in order.
    pub events: Vec<EventResult>,
    /// The shares after all events.
    pub holdings: Vec<Holding>,
    /// Each holder's shares and ownership (of all issued shares and the
    /// unissued pool), after all events.
    pub holders: Vec<(String, Decimal, Decimal)>,
    /// The unissued pool after all events.
    pub pool: Decimal,
    /// The pool's share of all issued shares and the pool.
    pub pool_ownership: Decimal,
    /// Each exit.
    pub exits: Vec<ExitResult>,
    /// For each preferred holding, the least exit value at which it
    /// converts to common.
    pub breakpoints: Vec<Breakpoint>,
    /// The cap table at the start and after each priced round (and after
    /// SAFEs no round converted take their caps), for charts: the Acme
    /// example goes from founders 8,100,000 and a pool of 900,000 to
    /// founders 8,100,000, angel 1,000,000, fund 2,600,000, pool 1,300,000.
    pub stages: Vec<Stage>,
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

/// Where a preferred holding changes its choice: below `converts_at` it
/// takes its preference, from there on its shares as common, which then
/// pay more. The Acme example: the angel's $1M SAFE (1,000,000 shares)
/// converts once (V - 6.2M) / 8.1M common shares passes $1, from an exit
/// of $14,300,000.01; the fund's $5.2M (2,600,000 shares) once (V - 5.2M)
/// / 9.1M passes $2, from $23,400,000.01.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Breakpoint {
    /// The event that issued the holding.
    pub event: String,
    /// Its holder.
    pub holder: String,
    /// The least exit value, to the cent, at which it converts; none for
    /// a participating preference without a cap, which never does.
    pub converts_at: Option<Money>,
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

/// A company whose events or exits cannot be computed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompanyError(pub String);

impl std::fmt::Display for CompanyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for CompanyError {}

/// Stops when the caller gave up ([`crate::cancel`]).
fn running() -> Result<(), CompanyError> {
    crate::cancel::check().map_err(|e| CompanyError(e.to_string()))
}

fn too_big() -> CompanyError {
    CompanyError("the company's figures exceed 28 digits".into())
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
        return Err(CompanyError("a figure divides by zero".into()));
    }
    a.checked_div(b).ok_or_else(too_big)
}
fn total<I: IntoIterator<Item = Decimal>>(values: I) -> Result<Decimal, CompanyError> {
    values.into_iter().try_fold(Decimal::ZERO, add)
}

/// A SAFE or note waiting for a round.
struct Pending {
    event: usize,
    holder: String,
    /// What converts: the purchase amount, or principal plus interest.
    amount: Money,
    /// Invested, for the preference.
    invested: Money,
    cap: Option<Money>,
    /// The note's cap is pre-money; the SAFE's post-money.
    post_money_cap: bool,
    discount: Decimal,
    date: Option<NaiveDate>,
    interest: Decimal,
    day_count: DayCount,
}

impl Company {
    /// Runs the events in order, then pays each exit.
    pub fn evaluate(&self) -> Result<CompanyResult, CompanyError> {
        let mut holdings: Vec<Holding> = self
            .common
            .iter()
            .map(|(holder, shares)| Holding {
                holder: holder.clone(),
                shares: *shares,
                preferred: None,
            })
            .collect();
        let mut pool = self.pool;
        let mut results: Vec<EventResult> = Vec::new();
        let mut pending: Vec<Pending> = Vec::new();
        let mut stages = vec![Stage::of(None, &holdings, pool)?];
        for (index, event) in self.events.iter().enumerate() {
            running()?;
            match &event.kind {
                EventKind::Safe {
                    holder,
                    amount,
                    cap,
                    discount,
                } => {
                    pending.push(Pending {
                        event: index,
                        holder: holder.clone(),
                        amount: *amount,
                        invested: *amount,
                        cap: *cap,
                        post_money_cap: true,
                        discount: *discount,
                        date: None,
                        interest: Decimal::ZERO,
                        day_count: DayCount::default(),
                    });
                    results.push(waiting(&event.id));
                }
                EventKind::Note {
                    holder,
                    amount,
                    interest,
                    cap,
                    discount,
                    date,
                    day_count,
                } => {
                    pending.push(Pending {
                        event: index,
                        holder: holder.clone(),
                        amount: *amount,
                        invested: *amount,
                        cap: *cap,
                        post_money_cap: false,
                        discount: *discount,
                        date: *date,
                        interest: *interest,
                        day_count: *day_count,
                    });
                    results.push(waiting(&event.id));
                }
                EventKind::Round {
                    holder,
                    amount,
                    pre_money,
                    pool_after,
                    preference,
                    date,
                } => {
                    let r = round(
                        &event.id,
                        (holder, *amount, *pre_money, *pool_after, *preference, *date),
                        &mut holdings,
                        &mut pool,
                        &mut pending,
                        &mut results,
                    )?;
                    results.push(r);
                    stages.push(Stage::of(Some(event.id.clone()), &holdings, pool)?);
                }
            }
        }
        // SAFEs and notes no round converted: at an exit they take their
        // purchase amount first, or their shares at the cap, whichever pays
        // more; here they convert at the cap.
        if !pending.is_empty() {
            convert_at_cap(&mut holdings, pool, &mut pending, &mut results)?;
            let last = results.last().map(|r| r.id.clone());
            stages.push(Stage::of(last, &holdings, pool)?);
        }
        let issued = total(holdings.iter().map(|h| h.shares))?;
        let all = add(issued, pool)?;
        if all.is_zero() {
            // Ownership of nothing is no figure: never a silent 0%.
            return Err(CompanyError(
                "the company has no shares: give `common` or a `pool`".into(),
            ));
        }
        let holders: Vec<(String, Decimal, Decimal)> = by_holder(&holdings)?
            .into_iter()
            .map(|(name, shares)| Ok((name, shares, div(shares, all)?)))
            .collect::<Result<_, CompanyError>>()?;
        let pool_ownership = div(pool, all)?;
        let exits = self
            .exits
            .iter()
            .map(|(id, value)| {
                running()?;
                exit(id, *value, &holdings)
            })
            .collect::<Result<_, _>>()?;
        let breakpoints = breakpoints(&holdings)?;
        Ok(CompanyResult {
            events: results,
            holdings,
            holders,
            pool,
            pool_ownership,
            exits,
            breakpoints,
            stages,
        })
    }
}

fn waiting(id: &str) -> EventResult {
    EventResult {
        id: id.to_owned(),
        price_per_share: None,
        shares: Decimal::ZERO,
        pre_money: None,
        post_money: None,
        pool_top_up: Decimal::ZERO,
        status: "waiting for a priced round".to_owned(),
        accrual: None,
    }
}

type RoundTerms<'a> = (
    &'a String,
    Money,
    Money,
    Option<Decimal>,
    Preference,
    Option<NaiveDate>,
);

/// A priced round: see the module documentation.
fn round(
    id: &str,
    (holder, amount, pre_money, pool_after, preference, date): RoundTerms<'_>,
    holdings: &mut Vec<Holding>,
    pool: &mut Decimal,
    pending: &mut Vec<Pending>,
    results: &mut [EventResult],
) -> Result<EventResult, CompanyError> {
    if amount.currency != pre_money.currency {
        return Err(CompanyError(format!(
            "round `{id}`: its amount is in {}, its pre-money in {}",
            amount.currency, pre_money.currency
        )));
    }
    if pre_money.amount <= Decimal::ZERO || amount.amount <= Decimal::ZERO {
        return Err(CompanyError(format!(
            "round `{id}`: the amount and the pre-money must be positive"
        )));
    }
    let post = add(pre_money.amount, amount.amount)?;
    let base = add(total(holdings.iter().map(|h| h.shares))?, *pool)?;
    if base <= Decimal::ZERO {
        return Err(CompanyError(format!(
            "round `{id}`: the company has no shares to price (give `common` or a `pool`)"
        )));
    }
    // What each SAFE or note converts: principal plus interest to the
    // round, which needs both dates (never a silent zero interest).
    let mut owed: Vec<Decimal> = Vec::with_capacity(pending.len());
    let mut accruals: Vec<Option<Accrual>> = Vec::with_capacity(pending.len());
    for p in pending.iter() {
        if p.interest.is_zero() {
            owed.push(p.amount.amount);
            accruals.push(None);
            continue;
        }
        let note = results
            .get(p.event)
            .map_or("", |r| r.id.as_str())
            .to_owned();
        let (from, to) = match (p.date, date) {
            (Some(from), Some(to)) => (from, to),
            (None, _) => {
                return Err(CompanyError(format!(
                    "note `{note}` bears interest but has no `date` to accrue it from"
                )));
            }
            (Some(from), None) => {
                return Err(CompanyError(format!(
                    "round `{id}` converts note `{note}`, which accrues interest from {from}: the round needs a `date`"
                )));
            }
        };
        if to < from {
            return Err(CompanyError(format!(
                "round `{id}` ({to}) is dated before note `{note}` ({from}) that it converts"
            )));
        }
        let years = p.day_count.year_fraction(from, to).ok_or_else(too_big)?;
        let interest = mul(mul(p.amount.amount, p.interest)?, years)?;
        let conversion = add(p.amount.amount, interest)?;
        owed.push(conversion);
        accruals.push(Some(Accrual {
            principal: p.amount,
            rate: p.interest,
            days: (to - from).num_days(),
            day_count: p.day_count,
            years,
            interest: Money::new(interest, p.amount.currency),
            conversion_amount: Money::new(conversion, p.amount.currency),
        }));
    }
    let top_up = match pool_after {
        None => None,
        Some(p) => {
            let k = div(mul(p, post)?, pre_money.amount)?;
            if k >= Decimal::ONE {
                return Err(CompanyError(format!(
                    "round `{id}`: a pool of {} after the round leaves no room for the new shares",
                    crate::numbers::percent(p)
                )));
            }
            Some(TopUp { k, pool: *pool })
        }
    };
    let (shares, prices) = conversions(id, base, pending, &owed, pre_money.amount, top_up)?;
    // Whole shares, after dropping the last digits of division noise
    // (999,999.99999999999 is 1,000,000): converting and new shares down,
    // the top-up up.
    let whole = |x: Decimal| x.round_dp(12);
    let capitalization = add(base, total(shares.iter().copied())?)?;
    let top_up = match top_up {
        Some(t) => whole(t.at(capitalization)?).ceil(),
        None => Decimal::ZERO,
    };
    for ((((p, s), owed), accrual), conversion_price) in pending
        .iter()
        .zip(&shares)
        .zip(&owed)
        .zip(accruals)
        .zip(prices)
    {
        let count = whole(*s).floor();
        holdings.push(Holding {
            holder: p.holder.clone(),
            shares: count,
            preferred: Some(Preferred {
                event: id.to_owned(),
                // Shadow preferred: its preference is what converted (a
                // note's principal and interest, a SAFE's purchase amount).
                preference: Money::new(*owed, p.amount.currency),
                invested: p.invested,
                terms: Preference::default(),
            }),
        });
        if let Some(r) = results.get_mut(p.event) {
            r.shares = count;
            r.price_per_share =
                (!count.is_zero()).then(|| Money::new(conversion_price, p.amount.currency));
            r.status = format!("converted in {id}");
            r.accrual = accrual;
        }
    }
    pending.clear();
    let fully_diluted = add(
        add(total(holdings.iter().map(|h| h.shares))?, *pool)?,
        top_up,
    )?;
    let price = div(pre_money.amount, fully_diluted)?;
    let new_shares = whole(div(amount.amount, price)?).floor();
    *pool = add(*pool, top_up)?;
    holdings.push(Holding {
        holder: holder.clone(),
        shares: new_shares,
        preferred: Some(Preferred {
            event: id.to_owned(),
            preference: Money::new(mul(preference.multiple, amount.amount)?, amount.currency),
            invested: amount,
            terms: preference,
        }),
    });
    Ok(EventResult {
        id: id.to_owned(),
        price_per_share: Some(Money::new(price, amount.currency)),
        shares: new_shares,
        pre_money: Some(pre_money),
        post_money: Some(Money::new(post, amount.currency)),
        pool_top_up: top_up,
        status: "priced".to_owned(),
        accrual: None,
    })
}

/// Which price a converting instrument takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Candidate {
    /// The round's price less its discount.
    Round,
    /// Its cap's price.
    Cap,
}

/// The pool top-up a round needs: with fd the capitalization before it
/// (every issued share, the pool, the converting shares) and k =
/// pool_after x post-money / pre-money, T = (k fd - pool) / (1 - k) when
/// positive, so that the pool is `pool_after` of the post-money shares.
#[derive(Clone, Copy, Debug)]
struct TopUp {
    k: Decimal,
    pool: Decimal,
}

impl TopUp {
    /// T at `fd`, exact; zero when the pool is already large enough.
    fn at(self, fd: Decimal) -> Result<Decimal, CompanyError> {
        let t = div(
            sub(mul(self.k, fd)?, self.pool)?,
            sub(Decimal::ONE, self.k)?,
        )?;
        Ok(t.max(Decimal::ZERO))
    }

    /// (u, v) with fd + T = u fd + v where T is positive: u = 1 / (1 -
    /// k), v = -pool / (1 - k).
    fn affine(self) -> Result<(Decimal, Decimal), CompanyError> {
        let rest = sub(Decimal::ONE, self.k)?;
        Ok((div(Decimal::ONE, rest)?, div(-self.pool, rest)?))
    }
}

/// The shares and conversion price of each SAFE and note a round
/// converts, exactly: each takes the lowest of its candidate prices (the
/// round's less its discount; its cap's). The round's price depends on
/// their shares and the pool top-up, and a post-money cap's price on the
/// company capitalization, but once it is known which candidate each
/// takes and whether the pool is topped up, the shares solve one linear
/// equation: start from the caps, solve, check the choices, solve again
/// until they hold (a few rounds at most), so no iteration stops a hair
/// short of the answer (1,999,999.9999999 shares floored to 1,999,999).
///
/// With fd + T = u fd + v ([`TopUp::affine`]), an instrument takes owed /
/// (pre (1 - d)) x (fd + T) shares at the round's price, owed / cap x fd
/// at a post-money cap, owed x base / cap at a pre-money cap; fd = base +
/// the sum of those, solved for fd.
fn conversions(
    id: &str,
    base: Decimal,
    pending: &[Pending],
    owed: &[Decimal],
    pre_money: Decimal,
    top_up: Option<TopUp>,
) -> Result<(Vec<Decimal>, Vec<Decimal>), CompanyError> {
    let mut choice: Vec<Candidate> = pending
        .iter()
        .map(|p| {
            if p.cap.is_some() {
                Candidate::Cap
            } else {
                Candidate::Round
            }
        })
        .collect();
    let mut topped = false;
    for _ in 0..(2 * pending.len() + 4) {
        let (u, v) = match top_up {
            Some(t) if topped => t.affine()?,
            _ => (Decimal::ONE, Decimal::ZERO),
        };
        // fd = base + a fd + b.
        let (mut a, mut b) = (Decimal::ZERO, Decimal::ZERO);
        for ((p, o), c) in pending.iter().zip(owed).zip(&choice) {
            match (c, p.cap) {
                (Candidate::Cap, Some(cap)) if p.post_money_cap => {
                    a = add(a, div(*o, cap.amount)?)?;
                }
                (Candidate::Cap, Some(cap)) => {
                    b = add(b, div(mul(*o, base)?, cap.amount)?)?;
                }
                _ => {
                    let r = div(*o, mul(pre_money, sub(Decimal::ONE, p.discount)?)?)?;
                    a = add(a, mul(r, u)?)?;
                    b = add(b, mul(r, v)?)?;
                }
            }
        }
        if a >= Decimal::ONE {
            return Err(CompanyError(format!(
                "round `{id}`: the SAFEs and notes it converts would own the whole company or more (their caps, or their money against the pre-money)"
            )));
        }
        let fd = div(add(base, b)?, sub(Decimal::ONE, a)?)?;
        let t = match top_up {
            Some(t) => t.at(fd)?,
            None => Decimal::ZERO,
        };
        let price = div(pre_money, add(fd, t)?)?;
        let mut prices = Vec::with_capacity(pending.len());
        let mut next = Vec::with_capacity(pending.len());
        for p in pending {
            let at_round = mul(price, sub(Decimal::ONE, p.discount)?)?;
            let at_cap = match p.cap {
                Some(cap) if p.post_money_cap => Some(div(cap.amount, fd)?),
                Some(cap) => Some(div(cap.amount, base)?),
                None => None,
            };
            match at_cap {
                Some(c) if c < at_round => {
                    prices.push(c);
                    next.push(Candidate::Cap);
                }
                _ => {
                    prices.push(at_round);
                    next.push(Candidate::Round);
                }
            }
        }
        let now_topped = t > Decimal::ZERO;
        if next == choice && now_topped == topped {
            let shares = owed
                .iter()
                .zip(&prices)
                .map(|(o, price)| div(*o, *price))
                .collect::<Result<_, _>>()?;
            return Ok((shares, prices));
        }
        choice = next;
        topped = now_topped;
    }
    Err(CompanyError(format!(
        "round `{id}`: the conversions of its SAFEs and notes do not settle"
    )))
}

/// SAFEs and notes no round converted: shares at their caps.
fn convert_at_cap(
    holdings: &mut Vec<Holding>,
    pool: Decimal,
    pending: &mut Vec<Pending>,
    results: &mut [EventResult],
) -> Result<(), CompanyError> {
    let issued = total(holdings.iter().map(|h| h.shares))?;
    let base = add(issued, pool)?;
    if base <= Decimal::ZERO {
        return Err(CompanyError(
            "the company has no shares for its SAFEs to convert into".into(),
        ));
    }
    let mut owned = Decimal::ZERO;
    for p in pending.iter().filter(|p| p.post_money_cap) {
        if let Some(c) = p.cap {
            owned = add(owned, div(p.amount.amount, c.amount)?)?;
        }
    }
    if owned >= Decimal::ONE {
        return Err(CompanyError(
            "the SAFEs' caps add up to the whole company or more".into(),
        ));
    }
    let capitalization = div(base, Decimal::ONE - owned)?;
    for p in pending.drain(..) {
        let Some(cap) = p.cap else { continue };
        let over = if p.post_money_cap {
            capitalization
        } else {
            base
        };
        let price = div(cap.amount, over)?;
        let whole = div(p.amount.amount, price)?.round_dp(12).floor();
        holdings.push(Holding {
            holder: p.holder.clone(),
            shares: whole,
            preferred: Some(Preferred {
                event: results
                    .get(p.event)
                    .map(|r| r.id.clone())
                    .unwrap_or_default(),
                preference: p.invested,
                invested: p.invested,
                terms: Preference::default(),
            }),
        });
        if let Some(r) = results.get_mut(p.event) {
            r.shares = whole;
            r.price_per_share = Some(Money::new(price, p.amount.currency));
            r.status = "not converted by a round: at its cap".to_owned();
        }
    }
    Ok(())
}

/// The waterfall: see the module documentation.
fn exit(id: &str, value: Money, holdings: &[Holding]) -> Result<ExitResult, CompanyError> {
    let Settled {
        pay,
        converting,
        per_share,
    } = settle(value.amount, holdings)?;
    paid_out(id, value, holdings, &pay, &converting, per_share)
}

/// Each preferred holding's breakpoint, by bisection over exit values in
/// cents: at no exit does a holding convert, so the search starts from
/// zero, and it surely converts once every share's part of the exit
/// exceeds its preference (or its cap) per share, plus all preferences.
fn breakpoints(holdings: &[Holding]) -> Result<Vec<Breakpoint>, CompanyError> {
    let all_shares = total(holdings.iter().map(|h| h.shares))?;
    let all_preferences = total(
        holdings
            .iter()
            .filter_map(|h| h.preferred.as_ref().map(|p| p.preference.amount)),
    )?;
    let mut out = Vec::new();
    for (i, h) in holdings.iter().enumerate() {
        let Some(p) = &h.preferred else { continue };
        let mut point = Breakpoint {
            event: p.event.clone(),
            holder: h.holder.clone(),
            converts_at: None,
        };
        if (p.terms.participating && p.terms.cap.is_none()) || h.shares.is_zero() {
            out.push(point);
            continue;
        }
        let cent = Decimal::new(1, p.invested.currency.minor_units());
        let takes = match p.terms.cap {
            Some(cap) => mul(cap, p.invested.amount)?.max(p.preference.amount),
            None => p.preference.amount,
        };
        let converts = |value: Decimal| -> Result<bool, CompanyError> {
            Ok(settle(value, holdings)?
                .converting
                .get(i)
                .copied()
                .unwrap_or(false))
        };
        let bound = add(mul(div(takes, h.shares)?, all_shares)?, all_preferences)?;
        let top = add(bound.ceil(), Decimal::ONE)?;
        if !converts(top)? {
            out.push(point);
            continue;
        }
        // In cents: low never converts, high does.
        let (mut low, mut high) = (Decimal::ZERO, div(top, cent)?.ceil());
        while sub(high, low)? > Decimal::ONE {
            let mid = div(add(low, high)?, Decimal::TWO)?.floor();
            if converts(mul(mid, cent)?)? {
                high = mid;
            } else {
                low = mid;
            }
        }
        point.converts_at = Some(Money::new(mul(high, cent)?, p.invested.currency));
        out.push(point);
    }
    Ok(out)
}

/// What each holding takes at an exit, exactly, before rounding.
struct Settled {
    pay: Vec<Decimal>,
    converting: Vec<bool>,
    per_share: Decimal,
}

/// The waterfall, exactly: preferences by seniority, then what is left per
/// share, preferred converting where converting pays more.
fn settle(value: Decimal, holdings: &[Holding]) -> Result<Settled, CompanyError> {
    let n = holdings.len();
    let mut converting = vec![false; n];
    let mut capped = vec![false; n];
    let mut pay = vec![Decimal::ZERO; n];
    let mut per_share = Decimal::ZERO;
    for _ in 0..(2 * n + 2) {
        running()?;
        pay = vec![Decimal::ZERO; n];
        let mut left = value;
        // Preferences, by seniority, pro rata within a rank.
        let mut ranks: Vec<u32> = holdings
            .iter()
            .zip(&converting)
            .filter_map(|(h, c)| {
                h.preferred
                    .as_ref()
                    .filter(|_| !c)
                    .map(|p| p.terms.seniority)
            })
            .collect();
        ranks.sort_unstable_by(|a, b| b.cmp(a));
        ranks.dedup();
        for rank in ranks {
            let members: Vec<usize> = (0..n)
                .filter(|i| {
                    !converting.get(*i).copied().unwrap_or(true)
                        && holdings
                            .get(*i)
                            .and_then(|h| h.preferred.as_ref())
                            .is_some_and(|p| p.terms.seniority == rank)
                })
                .collect();
            let owed = total(
                members
                    .iter()
                    .filter_map(|i| holdings.get(*i).and_then(|h| h.preferred.as_ref()))
                    .map(|p| p.preference.amount),
            )?;
            if owed.is_zero() {
                continue;
            }
            let share = if owed <= left {
                Decimal::ONE
            } else {
                div(left, owed)?
            };
            for i in &members {
                let pref = holdings
                    .get(*i)
                    .and_then(|h| h.preferred.as_ref())
                    .map_or(Decimal::ZERO, |p| p.preference.amount);
                if let Some(slot) = pay.get_mut(*i) {
                    *slot = mul(pref, share)?;
                }
            }
            left = sub(left, owed.min(left))?;
        }
        // What is left, per share, to common, converting preferred and
        // participating preferred below its cap.
        let shares_in = |i: usize, capped: &[bool]| -> bool {
            let h = holdings.get(i);
            match h.and_then(|h| h.preferred.as_ref()) {
                None => true,
                Some(p) => {
                    converting.get(i).copied().unwrap_or(false)
                        || (p.terms.participating && !capped.get(i).copied().unwrap_or(false))
                }
            }
        };
        capped = vec![false; n];
        loop {
            let pool_shares = total(
                (0..n)
                    .filter(|i| shares_in(*i, &capped))
                    .filter_map(|i| holdings.get(i).map(|h| h.shares)),
            )?;
            let residual = sub(left, capped_total_excess(&pay, &capped, holdings)?)?;
            per_share = if pool_shares.is_zero() {
                Decimal::ZERO
            } else {
                div(residual.max(Decimal::ZERO), pool_shares)?
            };
            // A participating preference past its cap stops there.
            let mut newly = false;
            for i in 0..n {
                let Some(h) = holdings.get(i) else { continue };
                let Some(p) = h.preferred.as_ref() else {
                    continue;
                };
                if !p.terms.participating || converting.get(i).copied().unwrap_or(false) {
                    continue;
                }
                if let Some(cap) = p.terms.cap
                    && !capped.get(i).copied().unwrap_or(false)
                {
                    let limit = mul(cap, p.invested.amount)?;
                    let base = preference_paid(&pay, i);
                    if add(base, mul(per_share, h.shares)?)? > limit {
                        if let Some(c) = capped.get_mut(i) {
                            *c = true;
                        }
                        if let Some(slot) = pay.get_mut(i) {
                            *slot = limit.max(base);
                        }
                        newly = true;
                    }
                }
            }
            if !newly {
                break;
            }
        }
        for i in 0..n {
            if shares_in(i, &capped)
                && let (Some(slot), Some(h)) = (pay.get_mut(i), holdings.get(i))
            {
                *slot = add(*slot, mul(per_share, h.shares)?)?;
            }
        }
        // Preferred that would get more as common converts, one holding
        // at a time, the smallest preference per share first: each
        // conversion lowers what a common share gets, so deciding them
        // all at once would convert holdings that then get less than
        // their preference (Acme's fund at a $22.4M exit: $4.98M as
        // common against its $5.2M preference).
        let mut first: Option<(usize, Decimal)> = None;
        for i in 0..n {
            let Some(h) = holdings.get(i) else { continue };
            if h.preferred.is_none()
                || h.shares.is_zero()
                || converting.get(i).copied().unwrap_or(false)
            {
                continue;
            }
            let takes = pay.get(i).copied().unwrap_or_default();
            if mul(per_share, h.shares)? > takes {
                let per = div(takes, h.shares)?;
                if first.is_none_or(|(_, best)| per < best) {
                    first = Some((i, per));
                }
            }
        }
        match first.and_then(|(i, _)| converting.get_mut(i)) {
            Some(c) => *c = true,
            None => break,
        }
    }
    Ok(Settled {
        pay,
        converting,
        per_share,
    })
}

/// The exit's payouts by holder, to the cent, adding up to the value.
fn paid_out(
    id: &str,
    value: Money,
    holdings: &[Holding],
    pay: &[Decimal],
    converting: &[bool],
    per_share: Decimal,
) -> Result<ExitResult, CompanyError> {
    // To the cent, adding up to the value.
    let cents = Decimal::new(1, value.currency.minor_units());
    let mut names: Vec<String> = Vec::new();
    let mut by_holder: Vec<Decimal> = Vec::new();
    for (h, p) in holdings.iter().zip(pay) {
        match names.iter().position(|x| *x == h.holder) {
            Some(k) => {
                if let Some(slot) = by_holder.get_mut(k) {
                    *slot = add(*slot, *p)?;
                }
            }
            None => {
                names.push(h.holder.clone());
                by_holder.push(*p);
            }
        }
    }
    let paid = total(by_holder.iter().copied())?;
    let total =
        crate::money::Rounding::HalfUp.round(paid.min(value.amount), value.currency.minor_units());
    let parts = if by_holder.iter().all(Decimal::is_zero) {
        vec![Decimal::ZERO; by_holder.len()]
    } else {
        allocate(total, &by_holder, cents, Allocation::CumulativeRounding)
            .map_err(|e| CompanyError(e.to_string()))?
    };
    let converting_names = holdings
        .iter()
        .zip(converting)
        .filter(|(h, c)| **c && h.preferred.is_some())
        .map(|(h, _)| h.holder.clone())
        .collect();
    Ok(ExitResult {
        id: id.to_owned(),
        value,
        payouts: names
            .into_iter()
            .zip(parts)
            .map(|(n, a)| (n, Money::new(a, value.currency)))
            .collect(),
        per_common_share: Money::new(per_share, value.currency),
        converting: converting_names,
    })
}

/// What a holding's preference was paid (before sharing in what is left).
fn preference_paid(pay: &[Decimal], i: usize) -> Decimal {
    pay.get(i).copied().unwrap_or_default()
}

/// What capped holdings take beyond their preference, out of what is left.
fn capped_total_excess(
    pay: &[Decimal],
    capped: &[bool],
    holdings: &[Holding],
) -> Result<Decimal, CompanyError> {
    let mut excess = Decimal::ZERO;
    for i in (0..pay.len()).filter(|i| capped.get(*i).copied().unwrap_or(false)) {
        let pref = holdings
            .get(i)
            .and_then(|h| h.preferred.as_ref())
            .map_or(Decimal::ZERO, |p| p.preference.amount);
        let over = sub(pay.get(i).copied().unwrap_or_default(), pref)?;
        excess = add(excess, over.max(Decimal::ZERO))?;
    }
    Ok(excess)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::testing::{d, usd};

    /// The Acme worked example, to the share and the cent.
    fn acme() -> Company {
        Company {
            name: "Acme".into(),
            common: vec![("founders".into(), d("8100000"))],
            pool: d("900000"),
            events: vec![
                Event {
                    id: "seed-safe".into(),
                    kind: EventKind::Safe {
                        holder: "angel".into(),
                        amount: usd("1000000"),
                        cap: Some(usd("10000000")),
                        discount: Decimal::ZERO,
                    },
                },
                Event {
                    id: "series-a".into(),
                    kind: EventKind::Round {
                        holder: "fund".into(),
                        amount: usd("5200000"),
                        pre_money: usd("20800000"),
                        pool_after: Some(d("0.1")),
                        preference: Preference::default(),
                        date: None,
                    },
                },
            ],
            exits: vec![
                ("small".into(), usd("10000000")),
                ("large".into(), usd("35100000")),
            ],
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
        let paid = |who: &str| below.payouts.iter().find(|p| p.0 == who).unwrap().1.amount;
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
        let paid = |who: &str| at.payouts.iter().find(|p| p.0 == who).unwrap().1.amount;
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
        let payout =
            |x: &ExitResult, who: &str| x.payouts.iter().find(|p| p.0 == who).unwrap().1.amount;
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
            events: vec![Event {
                id: "a".into(),
                kind: EventKind::Round {
                    holder: "fund".into(),
                    amount: usd("10000000"),
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
                ("mid".into(), usd("40000000")),
                ("big".into(), usd("100000000")),
            ],
        };
        let r = company.evaluate().unwrap();
        assert_eq!(r.events[0].shares, d("2500000"));
        let payout =
            |x: &ExitResult, who: &str| x.payouts.iter().find(|p| p.0 == who).unwrap().1.amount;
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
                holder: holder.into(),
                amount: usd(amount),
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
            events: vec![
                round("seed", "1000000", "4000000", 1),
                round("series-a", "5000000", "15000000", 2),
            ],
            exits: vec![("short".into(), usd("5500000"))],
        };
        let r = company.evaluate().unwrap();
        let payout = |who: &str| {
            r.exits[0]
                .payouts
                .iter()
                .find(|p| p.0 == who)
                .unwrap()
                .1
                .amount
        };
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
        };
        let e = company.evaluate().unwrap_err();
        assert!(e.to_string().contains("28 digits"), "{e}");
    }
}
