//! A claim across currencies: the amount converted once (at the table's
//! rate of the claim's date, on its basis, or at a rate the article
//! printed), judged in the printed currency, with the dates (or months,
//! or years) on which the printed conversion would have held, and the
//! other readings (no conversion at all, the inverse rate).
//!
//! "packages de 100 millions de dollars (85 millions d'euros)" on
//! 2025-07-08: $100M at the ECB's 1.1718 is 85,338,795.02 EUR, inside
//! 84.5 to 85.5 million: it holds.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::{Figure, Said, Tolerance, Verdict, WouldHold, judge};
use crate::currency::Currency;
use crate::money::Money;
use crate::rates::{Basis, Cross, RateTable};

/// A conversion behind a claim (the subject was in another currency).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConversionCheck {
    /// The amount converted.
    pub from: Money,
    /// The rate used, units of the printed currency per unit of `from`.
    pub rate: Decimal,
    /// The rate the other way round, units of `from` per unit of the
    /// printed currency: 1.1478 dollars a euro beside 0.87123192 euros a
    /// dollar (ECB, 2025-06-19); none for a printed rate of 0.
    pub inverse_rate: Option<Decimal>,
    /// The date of that rate.
    pub rate_date: NaiveDate,
    /// The rate that makes the printed figure exact: 85M EUR for $100M is
    /// 0.85; none when the amount converted is zero (no rate makes it
    /// anything else).
    pub implied_rate: Option<Decimal>,
    /// The nearest table date on or before the claim's date on which the
    /// printed conversion holds.
    pub held_on_or_before: Option<NaiveDate>,
    /// The nearest table date after the claim's date on which it holds.
    pub held_after: Option<NaiveDate>,
    /// A rate used was stale (allowed by `--max-stale`).
    pub stale: bool,
    /// The claim's date is after the rate table's last date.
    pub latest_available: bool,
    /// The rule of law behind the rate, if one applies.
    pub rule: Option<&'static str>,
    /// The day's rate, or a month's or year's mean: the dates it would
    /// hold on are then months or years (each given by its first day).
    pub basis: Basis,
}

/// A date as the basis names its period: `2025-04-02` for a day, `2025-04`
/// for a month's average, `2025` for a year's.
pub fn period_label(date: NaiveDate, basis: Basis) -> String {
    use chrono::Datelike;
    match basis {
        Basis::Daily => date.to_string(),
        Basis::MonthlyAverage => format!("{:04}-{:02}", date.year(), date.month()),
        Basis::AnnualAverage => format!("{:04}", date.year()),
    }
}

/// The nearest months or years, on or before the one of `on` and after
/// it, whose average rate converts `amount` of `from` into `[low, high]`
/// of `to`: what would make a claim on an averaged basis hold. Each is
/// given by its first day. Months or years with no rate are passed over.
pub fn holding_periods(
    table: &RateTable,
    from: Money,
    to: Currency,
    on: NaiveDate,
    basis: Basis,
    (low, high): (Option<Decimal>, Option<Decimal>),
) -> (Option<NaiveDate>, Option<NaiveDate>) {
    let holds = |start: NaiveDate| {
        table
            .convert_on_basis(from, to, start, basis)
            .is_ok_and(|c| {
                let v = c.to.amount;
                low.is_none_or(|l| v >= l) && high.is_none_or(|h| v <= h)
            })
    };
    let (first, last) = (table.first_date(), table.last_date());
    let mut before = None;
    let mut at = basis.period(on).0;
    while at >= basis.period(first).0 {
        if holds(at) {
            before = Some(at);
            break;
        }
        let Some(previous) = at.pred_opt() else { break };
        at = basis.period(previous).0;
    }
    let mut after = None;
    let mut at = basis.period(on).1;
    while at <= last {
        if holds(at) {
            after = Some(at);
            break;
        }
        at = basis.period(at).1;
    }
    (before, after)
}

impl ConversionCheck {
    /// Why the verdict rests on a weak rate, if it does: `stale rate` or
    /// `latest available rate`.
    pub fn caveat(&self) -> Option<&'static str> {
        if self.latest_available {
            Some("latest available rate")
        } else if self.stale {
            Some("stale rate")
        } else {
            None
        }
    }
}

/// The cross rates of one pair of currencies on every date of a table,
/// built once and shared by every claim that converts between them, with
/// the lowest and highest rate of each block of dates: a claim skips the
/// blocks whose rates cannot make it hold and checks the dates of the
/// others exactly. 10,000 failing claims over the ECB history: 17.8 s
/// when each searched every date, well under a second shared.
#[derive(Debug, Clone)]
pub struct PairHistory {
    dates: Vec<NaiveDate>,
    crosses: Vec<Cross>,
    /// Lowest and highest rate (`to` per `from`) of each block of dates.
    blocks: Vec<(Decimal, Decimal)>,
}

/// Dates per block of [`PairHistory`].
const BLOCK: usize = 64;

impl PairHistory {
    /// Every table date on which `from` converts into `to`.
    pub fn new(table: &RateTable, from: Currency, to: Currency) -> PairHistory {
        let mut dates = Vec::new();
        let mut crosses = Vec::new();
        let mut rates = Vec::new();
        for d in table.dates_of(&[from, to]) {
            if let Ok(c) = table.cross(from, to, d)
                && let Ok(r) = c.rate()
            {
                dates.push(d);
                crosses.push(c);
                rates.push(r);
            }
        }
        let blocks = rates
            .chunks(BLOCK)
            .map(|c| {
                // Unreachable defaults: `chunks` yields no empty chunk.
                let lo = c.iter().copied().min().unwrap_or_default();
                let hi = c.iter().copied().max().unwrap_or_default();
                (lo, hi)
            })
            .collect();
        PairHistory {
            dates,
            crosses,
            blocks,
        }
    }

    /// The nearest dates, on or before `on` and after it, on which `amount`
    /// converted lands in `[low, high]`, computed exactly as a conversion
    /// is (`amount * to_rate / from_rate`).
    pub fn holding_dates(
        &self,
        amount: Decimal,
        on: NaiveDate,
        low: Option<Decimal>,
        high: Option<Decimal>,
    ) -> (Option<NaiveDate>, Option<NaiveDate>) {
        let holds = |i: usize| {
            self.crosses.get(i).is_some_and(|c| {
                c.apply(amount)
                    .is_ok_and(|v| low.is_none_or(|l| v >= l) && high.is_none_or(|h| v <= h))
            })
        };
        // The rates that can make it hold, widened far beyond the rounding
        // of a 28-digit rate so that no block that holds is skipped.
        let widen = |r: Decimal, up: bool| {
            let margin = r.abs() * Decimal::new(1, 18) + Decimal::new(1, 27);
            if up { r + margin } else { r - margin }
        };
        let per = |x: Option<Decimal>| x.and_then(|x| x.checked_div(amount));
        let (rlo, rhi) = if amount > Decimal::ZERO {
            (per(low), per(high))
        } else if amount < Decimal::ZERO {
            (per(high), per(low))
        } else {
            (None, None)
        };
        let (rlo, rhi) = (rlo.map(|r| widen(r, false)), rhi.map(|r| widen(r, true)));
        let may_hold = |b: usize| {
            self.blocks.get(b).is_some_and(|(lo, hi)| {
                rhi.is_none_or(|h| *lo <= h) && rlo.is_none_or(|l| *hi >= l)
            })
        };
        let split = self.dates.partition_point(|d| *d <= on);
        let mut before = None;
        let mut i = split;
        while i > 0 {
            let b = (i - 1) / BLOCK;
            let start = b * BLOCK;
            if may_hold(b)
                && let Some(k) = (start..i).rev().find(|k| holds(*k))
            {
                before = self.dates.get(k).copied();
                break;
            }
            i = start;
        }
        let mut after = None;
        let mut i = split;
        while i < self.dates.len() {
            let b = i / BLOCK;
            let end = ((b + 1) * BLOCK).min(self.dates.len());
            if may_hold(b)
                && let Some(k) = (i..end).find(|k| holds(*k))
            {
                after = self.dates.get(k).copied();
                break;
            }
            i = end;
        }
        (before, after)
    }
}

/// The nearest table dates, on or before `on` and after it, on which
/// `from` converted into `to` lands in `[low, high]`: [`PairHistory`] for
/// one claim.
pub fn holding_dates(
    table: &RateTable,
    from: Money,
    to: Currency,
    on: NaiveDate,
    low: Option<Decimal>,
    high: Option<Decimal>,
) -> (Option<NaiveDate>, Option<NaiveDate>) {
    PairHistory::new(table, from.currency, to).holding_dates(from.amount, on, low, high)
}

/// What a claim restated in another currency was judged at: the rate an
/// article printed, or the table's.
#[derive(Clone, Copy, Debug)]
pub enum RateSource<'t> {
    /// Units of the printed currency per unit of the amount's, as printed.
    Printed(Decimal),
    /// The table's rate of the date, on a basis.
    Table(&'t RateTable, Basis),
}

/// What the rate printed in an article is called in explanations and
/// JSON.
pub const PRINTED_RATE: &str = "rate printed in the article";

/// Each pair of currencies' rate history, built once per file and shared
/// by the claims that convert between them.
pub type PairHistories = std::collections::HashMap<(Currency, Currency), PairHistory>;

/// A claim about `from` printed in another currency, judged: the amount
/// converted once (see [`RateSource`]), the verdict in the printed
/// currency, the conversion's facts, and for a failing claim the dates on
/// which it would have held, no conversion, the inverse rate.
pub fn judge_conversion(
    from: Money,
    said: &Said,
    tolerance: Option<Tolerance>,
    source: RateSource<'_>,
    on: NaiveDate,
    histories: &mut PairHistories,
) -> Result<Verdict, crate::rates::RateError> {
    let Figure::Money(printed) = said.figure else {
        return Err(crate::rates::RateError::Overflow);
    };
    let to = printed.currency;
    let mut inverse_rate = None;
    let (converted, rate, rate_date, stale, latest, rule, basis) = match source {
        RateSource::Printed(per) => (
            from.amount
                .checked_mul(per)
                .ok_or(crate::rates::RateError::Overflow)?,
            per,
            on,
            false,
            false,
            Some(PRINTED_RATE),
            Basis::Daily,
        ),
        RateSource::Table(table, basis) => {
            let conv = table.convert_on_basis(from, to, on, basis)?;
            inverse_rate = Some(conv.inverse_rate);
            (
                conv.to.amount,
                conv.rate,
                conv.rate_date,
                conv.stale,
                conv.latest_available,
                conv.rule,
                basis,
            )
        }
    };
    let mut v = judge(said, Figure::Money(Money::new(converted, to)), tolerance);
    // None for a zero amount: no rate turns 0 into the printed figure.
    let implied_rate = printed.amount.checked_div(from.amount);
    let (before, after) = match source {
        RateSource::Printed(_) => (None, None),
        RateSource::Table(table, Basis::Daily) => histories
            .entry((from.currency, to))
            .or_insert_with(|| PairHistory::new(table, from.currency, to))
            .holding_dates(from.amount, on, v.low, v.high),
        RateSource::Table(table, basis) => {
            holding_periods(table, from, to, on, basis, (v.low, v.high))
        }
    };
    v.conversion = Some(ConversionCheck {
        from,
        rate: rate.normalize(),
        inverse_rate: inverse_rate
            .or_else(|| Decimal::ONE.checked_div(rate))
            .map(|r| r.normalize()),
        rate_date,
        implied_rate: implied_rate.map(|r| r.normalize()),
        held_on_or_before: before,
        held_after: after,
        stale,
        latest_available: latest,
        rule,
        basis,
    });
    if !v.holds {
        let band = v.band();
        if matches!(source, RateSource::Table(..)) && (before.is_some() || after.is_some()) {
            v.would_hold_if.push(WouldHold::Dates {
                on_or_before: before,
                after,
            });
        }
        // Other readings tell something only against a band with two
        // ends: past a bound, most numbers hold.
        let bounded = band.low.is_some() && band.high.is_some();
        if bounded && band.contains(from.amount) {
            v.would_hold_if.push(WouldHold::NoConversion);
        }
        if bounded
            && !rate.is_zero()
            && from
                .amount
                .checked_div(rate)
                .is_some_and(|x| band.contains(x))
        {
            v.would_hold_if.push(WouldHold::InverseRate);
        }
    }
    Ok(v)
}
