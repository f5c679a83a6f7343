//! Offers: a package of pay components becomes dated tranches, salary
//! accruals and a breakdown by grant year or calendar year that sums
//! exactly to the total, with present value and what is kept on leaving.
//!
//! Rules, each with a worked number:
//! - Salary accrues by day: grant year k earns its salary evenly over its
//!   own days, from its opening anniversary up to the day before the next.
//!   $120k from 2025-07-01 puts 120000 x 184/365 = 60493.15 in calendar
//!   2025 and 59506.85 in 2026 (split by cumulative rounding, to the cent).
//! - A payment on an anniversary counts in the grant year it closes; Year 1
//!   also holds payments on the start date.
//! - Every tranche is rounded to the cent when it is made (a vested share
//!   tranche is valued at the grown price, then rounded half up), so
//!   periods and totals always add up to the cent.
//! - Present value at `discount` counts time as whole years plus the
//!   remaining days over that year's length; $100M vesting 4y annual at 8%
//!   is 82803171.00. Salary is discounted day by day, each day's accrual
//!   at the day's end.

use std::fmt;

use chrono::{Datelike, Duration, NaiveDate};
use rust_decimal::Decimal;

use crate::currency::Currency;
use crate::index::Period as IndexPeriod;
use crate::money::{Money, Rounding};
use crate::rates::RateTable;
use crate::schedule::{Allocation, Vesting};

mod breakdown;
mod error;
mod leaving;
mod periods;
mod restate;
mod terms;
mod tranches;
mod value;

pub use breakdown::*;
pub use error::*;
pub use terms::*;
pub use tranches::salary_years;

/// One pay component.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Component {
    /// Its kind.
    pub kind: Kind,
    /// Its name in breakdowns (default: the kind).
    pub label: String,
    /// What it pays.
    pub terms: Terms,
    /// A flat rate the user gives (`tax = "37%"`): its figures are also
    /// shown "after this rate" ($200,000 at 37% is $126,000.00), never as
    /// tax advice.
    pub tax: Option<Decimal>,
}

/// How periods are cut.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum By {
    /// `Year 1`, `Year 2`, ... from the start.
    #[default]
    GrantYear,
    /// `2025`, `2026`, ...
    CalendarYear,
}

impl std::str::FromStr for By {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "grant-year" => Ok(By::GrantYear),
            "calendar-year" => Ok(By::CalendarYear),
            _ => Err(format!(
                "unknown period `{s}`; choose from: grant-year, calendar-year"
            )),
        }
    }
}

impl fmt::Display for By {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            By::GrantYear => "grant-year",
            By::CalendarYear => "calendar-year",
        })
    }
}

/// How converted columns are dated.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Fx {
    /// Everything at one date's rate.
    #[default]
    AsOf,
    /// Each payment at its own date's rate (salary at its period's end).
    PaidOn,
}

/// A package, validated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Offer {
    /// Its title.
    pub title: String,
    /// First day of work; Year 1 starts here.
    pub start: NaiveDate,
    /// The components.
    pub components: Vec<Component>,
    /// Period cut.
    pub by: By,
    /// Discount rate a year, for present value.
    pub discount: Option<Decimal>,
    /// First day no longer employed.
    pub leave_on: Option<NaiveDate>,
    /// How totals split into tranches.
    pub allocation: Allocation,
    /// Share prices to value its equity and options at, besides its own
    /// (`bear = "$10"`, `bull = "+100%"`).
    pub price_scenarios: Vec<PriceScenario>,
}

/// What one grant is: an amount paid on a schedule, an amount granted as
/// shares at a price, or a number of shares.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GrantOf {
    /// Money: paid on the schedule, or granted as shares when a price is
    /// given (`$200k` at $170 is 1,176 shares, $80 left).
    Amount(Money),
    /// A number of shares.
    Shares(Decimal),
}

/// A single grant on a schedule, as `dealcalc offer` and the web form
/// describe it; [`SingleGrant::offer`] makes the [`Offer`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SingleGrant {
    /// What is granted.
    pub grant: GrantOf,
    /// Price per share at grant.
    pub price: Option<Money>,
    /// Annual growth of the share price.
    pub growth: Decimal,
    /// The schedule (see [`crate::schedule::compose_spec`]).
    pub vesting: Vesting,
    /// The schedule as written, for the title.
    pub spec: String,
    /// How totals split.
    pub allocation: Allocation,
    /// First day.
    pub start: NaiveDate,
    /// Period cut.
    pub by: By,
    /// Discount rate a year.
    pub discount: Option<Decimal>,
    /// First day no longer employed.
    pub leave_on: Option<NaiveDate>,
    /// What the grant was written as (`$100M`, `4800 shares`).
    pub written: String,
}

impl SingleGrant {
    /// The offer: money without a price is a grant paid on the schedule;
    /// with a price, or shares, it is equity.
    pub fn offer(&self) -> Offer {
        let equity = |grant: Grant, label: &str| Component {
            kind: Kind::Equity,
            label: label.into(),
            terms: Terms::Equity {
                grant,
                price: self.price,
                vesting: self.vesting.clone(),
                growth: self.growth,
                refresh: None,
                horizon: None,
                strike: None,
                exercise_window: None,
                liquidity: None,
            },
            tax: None,
        };
        let component = match &self.grant {
            GrantOf::Amount(m) if self.price.is_some() => equity(Grant::Value(*m), "equity"),
            GrantOf::Amount(m) => Component {
                kind: Kind::Grant,
                label: "grant".into(),
                terms: Terms::Lump {
                    amount: *m,
                    vesting: self.vesting.clone(),
                    clawback: None,
                },
                tax: None,
            },
            GrantOf::Shares(n) => equity(Grant::Shares(*n), "shares"),
        };
        Offer {
            title: format!("{} over {}", self.written, self.spec),
            start: self.start,
            components: vec![component],
            by: self.by,
            discount: self.discount,
            leave_on: self.leave_on,
            allocation: self.allocation,
            price_scenarios: Vec::new(),
        }
    }
}

/// Real terms asked for: dollars of a year or month, by a price index,
/// with the inflation assumed past its last month.
#[derive(Clone, Copy, Debug)]
pub struct RealTerms<'a> {
    /// The index: the CPI-U, built in.
    pub index: &'a crate::index::PriceIndex,
    /// Dollars of this period.
    pub period: IndexPeriod,
    /// A yearly rate for months past the index's last; none refuses them.
    pub inflation: Option<Decimal>,
    /// A month the index never published (October 2025) is read as the
    /// straight line between its neighbours; otherwise refused.
    pub interpolate: bool,
}

/// What to convert an offer into, and how.
#[derive(Clone, Copy, Debug)]
pub struct Conversions<'a> {
    /// The rates.
    pub table: &'a RateTable,
    /// The currency every figure is also given in.
    pub reporting: Option<Currency>,
    /// More currencies for the period columns.
    pub also_in: &'a [Currency],
    /// How payments are dated.
    pub fx: Fx,
    /// The date of `as-of` conversions.
    pub as_of: NaiveDate,
    /// Real terms, where asked for.
    pub real: Option<RealTerms<'a>>,
}

/// What every component pays, before it is split into periods.
pub(super) struct Schedule {
    /// Payments and vests, by date.
    pub(super) tranches: Vec<Tranche>,
    /// Salary accrued day by day.
    pub(super) accruals: Vec<Accrual>,
    /// What the reader should know (whole shares, clawbacks).
    pub(super) notes: Vec<Note>,
}

fn cents(currency: Currency) -> Decimal {
    Decimal::new(1, currency.minor_units())
}

fn round_money(value: Decimal, currency: Currency) -> Decimal {
    Rounding::HalfUp
        .round(value, currency.minor_units())
        .normalize()
}

fn overflow() -> OfferError {
    OfferError::TooLarge
}

impl Offer {
    pub(super) fn currency(&self) -> Result<Option<Currency>, OfferError> {
        let mut found: Option<Currency> = None;
        let mut note = |c: Currency, at: usize| -> Result<(), OfferError> {
            match found {
                Some(f) if f != c => Err(OfferError::Currencies(f, c).in_component(at, None)),
                _ => {
                    found = Some(c);
                    Ok(())
                }
            }
        };
        for (at, c) in self.components.iter().enumerate() {
            match &c.terms {
                Terms::Salary { amount, .. } | Terms::Lump { amount, .. } => {
                    note(amount.currency, at)?;
                }
                Terms::Bonus {
                    target: Target::Amount(m),
                    ..
                } => note(m.currency, at)?,
                Terms::Bonus { .. } => {}
                Terms::Espp { prices, .. } => match prices {
                    EsppPrices::Listed(list) => {
                        for m in list {
                            note(m.currency, at)?;
                        }
                    }
                    EsppPrices::Growing { price, .. } => note(price.currency, at)?,
                },
                Terms::Equity {
                    grant,
                    price,
                    refresh,
                    ..
                } => {
                    if let Grant::Value(m) = grant {
                        note(m.currency, at)?;
                    }
                    if let Some(p) = price {
                        note(p.currency, at)?;
                    }
                    if let Some(r) = refresh {
                        note(r.amount.currency, at)?;
                    }
                }
            }
        }
        Ok(found)
    }

    /// Salary of grant year `k` (1-based) of the first salary component.
    pub(super) fn salaries(&self) -> Result<Vec<Decimal>, OfferError> {
        self.components
            .iter()
            .find_map(|c| match &c.terms {
                Terms::Salary {
                    amount,
                    raise,
                    years,
                } => Some(salary_years(amount.amount, *raise, *years, amount.currency)),
                _ => None,
            })
            .unwrap_or_else(|| Ok(Vec::new()))
    }

    /// Evaluates the offer; `fx` converts into each currency of `also_in`.
    /// Each of its price scenarios values it again at that share price, in
    /// its own currency and the reporting one.
    pub fn evaluate(&self, fx: Option<&Conversions<'_>>) -> Result<Breakdown, OfferError> {
        let mut out = self.evaluate_at(fx, None)?;
        // Under a scenario: the figures, in the reporting currency too, but
        // no other columns or real terms.
        let fx = fx.map(|c| Conversions {
            also_in: &[],
            real: None,
            ..*c
        });
        for s in &self.price_scenarios {
            let b = self.evaluate_at(fx.as_ref(), Some(s.change)).map_err(|e| {
                OfferError::InScenario {
                    name: s.name.clone(),
                    error: Box::new(e),
                }
            })?;
            out.scenarios.push(ScenarioFigures {
                name: s.name.clone(),
                change: s.change,
                figures: b.figures(),
                reporting: b.reporting.map(|r| r.figures),
            });
        }
        Ok(out)
    }

    /// Evaluates the offer with its equity valued at its own prices, or at
    /// a scenario's.
    fn evaluate_at(
        &self,
        fx: Option<&Conversions<'_>>,
        at: Option<PriceChange>,
    ) -> Result<Breakdown, OfferError> {
        self.within_limits()?;
        let mut currency = self.currency()?;
        if let Some(PriceChange::To(m)) = at {
            match currency {
                Some(c) if c != m.currency => {
                    return Err(OfferError::Currencies(c, m.currency));
                }
                _ => currency = Some(m.currency),
            }
        }
        let Schedule {
            tranches,
            accruals,
            notes,
        } = self.schedule(at)?;
        let n = self.components.len();
        let mut periods = self.spread(&tranches, &accruals)?;
        let any_money = currency.is_some()
            && (tranches.iter().any(|t| t.amount.is_some()) || !accruals.is_empty());
        let any_shares = tranches.iter().any(|t| t.shares.is_some());
        // In the offer's currency, when anything is paid in money.
        let native = currency.filter(|_| any_money);
        let money = |v: Decimal| native.map(|c| Money::new(v, c));
        let mut total = Decimal::ZERO;
        for p in &mut periods {
            let sum = checked_sum(p.by_component.iter().copied())?;
            total = total.checked_add(sum).ok_or_else(overflow)?;
            p.amount = money(sum);
            if any_shares && p.shares.is_none() {
                p.shares = Some(Decimal::ZERO);
            }
        }
        let count = Decimal::from(periods.len().max(1));
        let mut out = Breakdown {
            currency,
            total: money(total),
            shares: if any_shares {
                Some(checked_sum(tranches.iter().filter_map(|t| t.shares))?)
            } else {
                None
            },
            first_year: periods.first().and_then(|p| p.amount),
            average_per_year: money(total.checked_div(count).ok_or_else(overflow)?),
            present_value: None,
            kept: None,
            forfeited: None,
            kept_present_value: None,
            kept_shares: None,
            forfeited_shares: None,
            total_converted: Vec::new(),
            components: Vec::new(),
            after_tax: None,
            kept_after_tax: None,
            reporting: None,
            options: Vec::new(),
            notes,
            real: None,
            scenarios: Vec::new(),
            tranches,
            accruals,
            periods,
        };
        out.options = self.option_facts(&out.tranches)?;
        out.components = (0..n)
            .map(|i| {
                let sum = checked_sum(
                    out.periods
                        .iter()
                        .filter_map(|p| p.by_component.get(i).copied()),
                )?;
                Ok(ComponentFigures {
                    total: money(sum),
                    kept: None,
                    forfeited: None,
                    after_tax: None,
                    kept_after_tax: None,
                })
            })
            .collect::<Result<_, OfferError>>()?;
        if let (Some(rate), Some(c)) = (self.discount, native) {
            out.present_value = Some(Money::new(self.present_value(&out, rate)?, c));
        }
        self.on_leaving(&mut out, total, native)?;
        if let (Some(rate), Some(leave), Some(c)) = (self.discount, self.leave_on, native) {
            out.kept_present_value = Some(Money::new(
                self.kept_present_value(&out, rate, leave, c)?,
                c,
            ));
        }
        if let Some(c) = native {
            let taxed = self.after_tax(&mut out.components, c)?;
            out.after_tax = taxed.total;
            out.kept_after_tax = taxed.kept;
        }
        if let (Some(fx), Some(c)) = (fx, native) {
            self.in_other_currencies(&mut out, fx, c)?;
        }
        Ok(out)
    }

    /// Every component's tranches (sorted by date), accruals and notes.
    fn schedule(&self, at: Option<PriceChange>) -> Result<Schedule, OfferError> {
        let mut out = Schedule {
            tranches: Vec::new(),
            accruals: Vec::new(),
            notes: Vec::new(),
        };
        let salaries = self.salaries()?;
        for (index, c) in self.components.iter().enumerate() {
            crate::cancel::check().map_err(|_| OfferError::Cancelled)?;
            self.component_tranches(index, c, &salaries, at, &mut out)
                .map_err(|e| e.in_component(index, None))?;
        }
        out.tranches.sort_by_key(|t| (t.date, t.component));
        if out.tranches.is_empty() && out.accruals.is_empty() {
            return Err(OfferError::PaysNothing);
        }
        Ok(out)
    }

    /// The periods up to the last payment, each with what every component
    /// pays in it (tranches on their dates, accruals split by days) and
    /// the shares that vest in it.
    fn spread(
        &self,
        tranches: &[Tranche],
        accruals: &[Accrual],
    ) -> Result<Vec<Period>, OfferError> {
        let last = tranches
            .iter()
            .map(|t| t.date)
            .chain(accruals.iter().map(|a| a.until - Duration::days(1)))
            .max()
            .unwrap_or(self.start);
        let mut periods = self.periods(last)?;
        for p in &mut periods {
            p.by_component = vec![Decimal::ZERO; self.components.len()];
        }
        for t in tranches {
            let i = self.period_index(&periods, t.date);
            if let Some(p) = periods.get_mut(i) {
                if let Some(m) = t.amount
                    && let Some(slot) = p.by_component.get_mut(t.component)
                {
                    *slot = slot.checked_add(m.amount).ok_or_else(overflow)?;
                }
                if let Some(s) = t.shares {
                    p.shares = Some(
                        p.shares
                            .unwrap_or_default()
                            .checked_add(s)
                            .ok_or_else(overflow)?,
                    );
                }
            }
        }
        for a in accruals {
            for (i, part) in self.split_accrual(a, &periods)? {
                if let Some(slot) = periods
                    .get_mut(i)
                    .and_then(|p| p.by_component.get_mut(a.component))
                {
                    *slot = slot.checked_add(part).ok_or_else(overflow)?;
                }
            }
        }
        Ok(periods)
    }

    /// Each option grant's facts: its strike, what exercising all of it
    /// costs, and, on leaving, what has vested and the last day to
    /// exercise it.
    fn option_facts(&self, tranches: &[Tranche]) -> Result<Vec<OptionFacts>, OfferError> {
        let mut out = Vec::new();
        for (i, c) in self.components.iter().enumerate() {
            let Terms::Equity {
                grant: Grant::Shares(n),
                strike: Some(k),
                exercise_window,
                ..
            } = &c.terms
            else {
                continue;
            };
            let vested = self.leave_on.map(|l| {
                tranches
                    .iter()
                    .filter(|t| t.component == i && t.vested < l)
                    .filter_map(|t| t.shares)
                    .sum::<Decimal>()
            });
            out.push(OptionFacts {
                component: i,
                options: *n,
                strike: *k,
                exercise_cost: Money::new(
                    round_money(n.checked_mul(k.amount).ok_or_else(overflow)?, k.currency),
                    k.currency,
                ),
                vested_on_leaving: vested,
                exercise_by: self.leave_on.zip(*exercise_window).and_then(|(l, d)| {
                    l.checked_add_signed(Duration::days(i64::from(d)) - Duration::days(1))
                }),
            });
        }
        Ok(out)
    }

    /// On leaving: the shares and the money kept and forfeited, in all and
    /// per component.
    fn on_leaving(
        &self,
        out: &mut Breakdown,
        total: Decimal,
        native: Option<Currency>,
    ) -> Result<(), OfferError> {
        let Some(leave) = self.leave_on else {
            return Ok(());
        };
        if let Some(all) = out.shares {
            let kept = checked_sum(
                out.tranches
                    .iter()
                    .filter(|t| t.vested < leave)
                    .filter_map(|t| t.shares),
            )?;
            out.kept_shares = Some(kept);
            out.forfeited_shares = Some(all.checked_sub(kept).ok_or_else(overflow)?);
        }
        if let Some(c) = native {
            let (kept, by_component, notes) = self.kept(out, leave, c)?;
            out.notes.extend(notes);
            out.kept = Some(Money::new(kept, c));
            out.forfeited = Some(Money::new(total.checked_sub(kept).ok_or_else(overflow)?, c));
            for (figures, k) in out.components.iter_mut().zip(by_component) {
                let total = figures.total.map_or(Decimal::ZERO, |m| m.amount);
                figures.kept = Some(Money::new(k, c));
                figures.forfeited = Some(Money::new(total.checked_sub(k).ok_or_else(overflow)?, c));
            }
        }
        Ok(())
    }

    /// The reporting currency's figures, real terms, and a column per
    /// currency of `also_in`.
    fn in_other_currencies(
        &self,
        out: &mut Breakdown,
        fx: &Conversions<'_>,
        c: Currency,
    ) -> Result<(), OfferError> {
        let mut columns: Vec<Currency> = fx.reporting.into_iter().collect();
        for target in fx.also_in {
            if !columns.contains(target) {
                columns.push(*target);
            }
        }
        if let Some(target) = fx.reporting {
            out.reporting = Some(self.reporting(out, fx, target, c)?);
        }
        if let Some(terms) = &fx.real {
            out.real = Some(self.real(out, terms, fx, c)?);
        }
        for target in columns {
            match &out.reporting {
                // The reporting currency's column is its periods: one
                // split of one total, the same in every table.
                Some(r) if r.currency == target => {
                    let each = |m: Money| Converted {
                        money: m,
                        ..r.rates
                    };
                    let periods: Vec<Money> = r.figures.periods.clone();
                    for (p, m) in out.periods.iter_mut().zip(periods) {
                        p.converted.push(each(m));
                    }
                    out.total_converted.push(each(r.figures.total));
                }
                _ => self.convert(out, fx.table, target, fx.fx, fx.as_of, c)?,
            }
        }
        Ok(())
    }

    /// The vesting dates the offer would make, counted before any is
    /// made: past [`crate::limits::Limit::OfferTranches`] it is refused
    /// (1,200 monthly refreshers each vesting monthly over 100 years would
    /// be 1.44 million dates).
    pub(super) fn within_limits(&self) -> Result<(), OfferError> {
        let mut dates: u64 = 0;
        for c in &self.components {
            let n = match &c.terms {
                Terms::Salary { .. } => 0,
                Terms::Espp { periods, .. } => u64::from(periods.unwrap_or(1200)),
                Terms::Bonus { years, .. } => u64::from(years.unwrap_or(100)),
                Terms::Lump { vesting, .. } => vesting.count(),
                Terms::Equity {
                    vesting,
                    refresh,
                    horizon,
                    ..
                } => {
                    let refreshes = match refresh {
                        Some(r) => {
                            // The horizon as the schedule takes it.
                            let months = horizon
                                .or_else(|| {
                                    vesting
                                        .end(self.start)
                                        .map(|e| months_between(self.start, e))
                                })
                                .unwrap_or(48);
                            u64::from(months / r.every.max(1)).saturating_mul(r.vesting.count())
                        }
                        None => 0,
                    };
                    vesting.count().saturating_add(refreshes)
                }
            };
            dates = dates.saturating_add(n);
        }
        crate::limits::Limit::OfferTranches
            .check(dates)
            .map_err(OfferError::Limit)
    }
}

/// The sum of decimals, or an error past 28 digits.
fn checked_sum<I: IntoIterator<Item = Decimal>>(values: I) -> Result<Decimal, OfferError> {
    values
        .into_iter()
        .try_fold(Decimal::ZERO, |a, b| a.checked_add(b).ok_or_else(overflow))
}

fn months_between(a: NaiveDate, b: NaiveDate) -> u32 {
    let m = (b.year() - a.year()) * 12 + i32::try_from(b.month()).unwrap_or(0)
        - i32::try_from(a.month()).unwrap_or(0);
    u32::try_from(m.max(0)).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::amount::Code;
    use crate::testing::{d, date};

    fn usd() -> Currency {
        Currency::iso(Code::new("USD").unwrap()).unwrap()
    }
    fn offer(components: Vec<Component>, by: By) -> Offer {
        Offer {
            title: "t".into(),
            start: date("2025-07-01"),
            components,
            by,
            discount: None,
            leave_on: None,
            allocation: Allocation::default(),
            price_scenarios: Vec::new(),
        }
    }
    fn salary(amount: &str, raise: &str, years: u32) -> Component {
        Component {
            tax: None,
            kind: Kind::Salary,
            label: "salary".into(),
            terms: Terms::Salary {
                amount: Money::new(d(amount), usd()),
                raise: d(raise),
                years,
            },
        }
    }

    #[test]
    fn salary_splits_by_day_into_calendar_years() {
        let b = offer(vec![salary("120000", "0", 1)], By::CalendarYear)
            .evaluate(None)
            .unwrap();
        let amounts: Vec<Decimal> = b.periods.iter().map(|p| p.amount.unwrap().amount).collect();
        assert_eq!(amounts, vec![d("60493.15"), d("59506.85")]);
        assert_eq!(b.total.unwrap().amount, d("120000"));
    }

    #[test]
    fn hundred_million_signing_over_four_years() {
        let mut o = offer(
            vec![Component {
                tax: None,
                kind: Kind::Signing,
                label: "signing".into(),
                terms: Terms::Lump {
                    amount: Money::new(d("100000000"), usd()),
                    vesting: "4y annual".parse().unwrap(),
                    clawback: None,
                },
            }],
            By::GrantYear,
        );
        o.discount = Some(d("0.08"));
        o.leave_on = Some(date("2026-12-31"));
        let b = o.evaluate(None).unwrap();
        assert_eq!(b.periods.len(), 4);
        assert_eq!(b.periods[0].amount.unwrap().amount, d("25000000"));
        assert_eq!(
            b.present_value.unwrap().rounded(Rounding::HalfUp),
            d("82803171.00")
        );
        assert_eq!(b.kept.unwrap().amount, d("25000000"));
        assert_eq!(b.forfeited.unwrap().amount, d("75000000"));
    }

    #[test]
    fn dollar_grant_becomes_whole_shares() {
        let o = offer(
            vec![Component {
                tax: None,
                kind: Kind::Equity,
                label: "equity".into(),
                terms: Terms::Equity {
                    grant: Grant::Value(Money::new(d("200000"), usd())),
                    price: Some(Money::new(d("170"), usd())),
                    vesting: "4y annual".parse().unwrap(),
                    growth: Decimal::ZERO,
                    refresh: None,
                    horizon: None,
                    strike: None,
                    exercise_window: None,
                    liquidity: None,
                },
            }],
            By::GrantYear,
        );
        let b = o.evaluate(None).unwrap();
        assert_eq!(b.shares, Some(d("1176")));
        assert_eq!(b.total.unwrap().amount, d("199920"));
        // $200,000 at $170 a share: 1,176 whole shares ($199,920), $80 over.
        let Note::WholeShares {
            shares,
            left,
            price,
            ..
        } = &b.notes[0]
        else {
            panic!("{:?}", b.notes)
        };
        assert_eq!(*shares, d("1176"));
        assert_eq!(left.amount, d("80"));
        assert_eq!(price.amount, d("170"));
    }

    #[test]
    fn both_views_sum_to_the_same_total() {
        let comps = vec![
            salary("187500", "0.03", 4),
            Component {
                tax: None,
                kind: Kind::Bonus,
                label: "bonus".into(),
                terms: Terms::Bonus {
                    target: Target::Percent(d("0.15")),
                    payout: d("1"),
                    years: None,
                },
            },
        ];
        let a = offer(comps.clone(), By::GrantYear).evaluate(None).unwrap();
        let b = offer(comps, By::CalendarYear).evaluate(None).unwrap();
        assert_eq!(a.total, b.total);
        let sum: Decimal = b.periods.iter().map(|p| p.amount.unwrap().amount).sum();
        assert_eq!(sum, a.total.unwrap().amount);
        // Bonus of year 1: 15% of 187500 = 28125, paid 2026-07-01.
        assert_eq!(a.tranches[0].amount.unwrap().amount, d("28125"));
    }
}
