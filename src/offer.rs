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
use crate::schedule::{self, Allocation, Vesting, add_months, anniversary, grant_year};

/// What a component is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Base salary, accruing by day.
    Salary,
    /// A bonus paid at each anniversary.
    Bonus,
    /// A signing bonus.
    Signing,
    /// A retention bonus.
    Retention,
    /// An equity grant.
    Equity,
    /// A lump sum (the quick `offer` command).
    Grant,
    /// Stock options: shares bought at a strike price.
    Options,
}

impl Kind {
    /// Every kind, in a fixed order (charts colour components by it).
    pub const ALL: [Kind; 7] = [
        Kind::Salary,
        Kind::Bonus,
        Kind::Signing,
        Kind::Retention,
        Kind::Equity,
        Kind::Grant,
        Kind::Options,
    ];

    /// The kinds a scenario file names.
    pub const NAMES: &'static [&'static str] = &[
        "salary",
        "bonus",
        "signing",
        "retention",
        "equity",
        "options",
    ];
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Kind::Salary => "salary",
            Kind::Bonus => "bonus",
            Kind::Signing => "signing",
            Kind::Retention => "retention",
            Kind::Equity => "equity",
            Kind::Grant => "grant",
            Kind::Options => "options",
        })
    }
}

/// A bonus target: a share of that year's salary, or an amount.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// A fraction of the year's salary: 0.15 for 15%.
    Percent(Decimal),
    /// A fixed amount per year.
    Amount(Money),
}

/// An equity grant: a value at grant, or a number of shares.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Grant {
    /// A value, turned into whole shares at the grant price when there is one.
    Value(Money),
    /// A number of shares.
    Shares(Decimal),
}

/// A refresher: a new grant every so often, with its own vesting.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refresh {
    /// The value of each refresher at its grant.
    pub amount: Money,
    /// Months between refreshers.
    pub every: u32,
    /// Their vesting.
    pub vesting: Vesting,
}

/// What a component pays, by kind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Terms {
    /// `amount` a year, raised by `raise` at each anniversary, for `years`.
    Salary {
        /// Salary in year 1.
        amount: Money,
        /// Raise a year (0.03 for 3%).
        raise: Decimal,
        /// Years of salary.
        years: u32,
    },
    /// A bonus paid at the anniversary closing each year.
    Bonus {
        /// Target.
        target: Target,
        /// Payout as a fraction of target (1 for 100%).
        payout: Decimal,
        /// Years of bonus (default: the salary's years).
        years: Option<u32>,
    },
    /// A sum paid on a schedule, optionally repaid pro rata when leaving
    /// within `clawback` months of a payment.
    Lump {
        /// The sum.
        amount: Money,
        /// When it is paid.
        vesting: Vesting,
        /// Clawback period in months.
        clawback: Option<u32>,
    },
    /// An equity grant vesting over time, its price growing.
    Equity {
        /// Value or shares.
        grant: Grant,
        /// Price per share at grant.
        price: Option<Money>,
        /// Vesting of the initial grant.
        vesting: Vesting,
        /// Annual growth of the price (0.1 for 10%).
        growth: Decimal,
        /// Refreshers.
        refresh: Option<Refresh>,
        /// Months during which refreshers are granted (default: the
        /// initial grant's vesting).
        horizon: Option<u32>,
        /// For options: the price paid to exercise one. Each vested
        /// option is worth `price - strike`, never below zero (10,000
        /// options at $0.50 with the share at $3.00: $25,000).
        strike: Option<Money>,
        /// For options: days to exercise after leaving.
        exercise_window: Option<u32>,
    },
}

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
}

/// How a grant's shares are valued: the price at grant, its growth, and
/// for options the strike.
struct Valuation {
    price: Option<Money>,
    growth: Decimal,
    strike: Option<Money>,
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
    /// The schedule (see [`schedule::compose_spec`]).
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
        }
    }
}

/// An offer that cannot be evaluated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OfferError {
    /// A schedule problem.
    Schedule(schedule::ScheduleError),
    /// Components in different currencies.
    Currencies(Currency, Currency),
    /// A bonus given as a percentage with no salary.
    BonusWithoutSalary,
    /// Other invalid terms.
    Invalid(String),
}

impl fmt::Display for OfferError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OfferError::Schedule(e) => write!(f, "{e}"),
            OfferError::Currencies(a, b) => write!(
                f,
                "an offer's components are in {a} and {b}; use one currency"
            ),
            OfferError::BonusWithoutSalary => {
                write!(f, "a bonus target in percent needs a salary component")
            }
            OfferError::Invalid(s) => f.write_str(s),
        }
    }
}

impl std::error::Error for OfferError {}

impl From<schedule::ScheduleError> for OfferError {
    fn from(e: schedule::ScheduleError) -> Self {
        OfferError::Schedule(e)
    }
}

/// A dated payment or vest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tranche {
    /// When.
    pub date: NaiveDate,
    /// Index into the offer's components.
    pub component: usize,
    /// Its value, to the cent (none for shares without a price).
    pub amount: Option<Money>,
    /// Shares, for equity.
    pub shares: Option<Decimal>,
    /// Repaid on leaving, pro rata, within this many months of the date.
    clawback: Option<u32>,
}

/// Salary earned over a grant year, by day.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Accrual {
    /// Index into the offer's components.
    pub component: usize,
    /// First day.
    pub from: NaiveDate,
    /// The day after the last.
    pub until: NaiveDate,
    /// The year's salary.
    pub amount: Money,
}

/// An amount converted into a reporting currency, with the freshness of
/// the rates behind it (for a column summed from payments converted on
/// their own dates, the latest rate date, and stale if any rate was).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Converted {
    /// The converted amount, rounded to the minor unit.
    pub money: Money,
    /// The date of the rate (the latest, for a sum).
    pub rate_date: NaiveDate,
    /// A rate used was more than 7 days older than its date.
    pub stale: bool,
    /// A rate used was asked for past the table's last date.
    pub latest_available: bool,
}

impl Converted {
    fn of(money: Money, c: &crate::rates::Conversion) -> Converted {
        Converted {
            money,
            rate_date: c.rate_date,
            stale: c.stale,
            latest_available: c.latest_available,
        }
    }

    /// Adds a payment converted on its own date to a sum.
    fn add(self, amount: Decimal, c: &crate::rates::Conversion) -> Result<Converted, OfferError> {
        Ok(Converted {
            money: Money::new(
                self.money.amount.checked_add(amount).ok_or_else(overflow)?,
                self.money.currency,
            ),
            rate_date: self.rate_date.max(c.rate_date),
            stale: self.stale || c.stale,
            latest_available: self.latest_available || c.latest_available,
        })
    }
}

/// A period of the breakdown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Period {
    /// `Year 1` or `2025`.
    pub label: String,
    /// First date.
    pub start: NaiveDate,
    /// Last date (an anniversary closes its grant year).
    pub end: NaiveDate,
    /// Total value in the period.
    pub amount: Option<Money>,
    /// Per component, aligned with the offer's components.
    pub by_component: Vec<Decimal>,
    /// Shares vesting in the period.
    pub shares: Option<Decimal>,
    /// Converted amounts, one per reporting currency.
    pub converted: Vec<Converted>,
}

/// The result of an offer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Breakdown {
    /// The offer's currency.
    pub currency: Option<Currency>,
    /// Dated payments and vests, by date.
    pub tranches: Vec<Tranche>,
    /// Salary years.
    pub accruals: Vec<Accrual>,
    /// Periods, in order.
    pub periods: Vec<Period>,
    /// Total value.
    pub total: Option<Money>,
    /// Total shares vesting.
    pub shares: Option<Decimal>,
    /// Value in the first period.
    pub first_year: Option<Money>,
    /// Total over the number of periods.
    pub average_per_year: Option<Money>,
    /// Present value at the discount rate, at the start.
    pub present_value: Option<Money>,
    /// Vested or accrued before `leave_on`, less clawbacks.
    pub kept: Option<Money>,
    /// The rest.
    pub forfeited: Option<Money>,
    /// Shares vested before `leave_on` (of a grant of shares): 4,800
    /// shares over 4y monthly with a 1y cliff from 2025-01-31, leaving on
    /// 2026-03-01, keep the cliff's 1,200 and February's 100.
    pub kept_shares: Option<Decimal>,
    /// The shares that had not vested.
    pub forfeited_shares: Option<Decimal>,
    /// Totals converted, one per reporting currency.
    pub total_converted: Vec<Converted>,
    /// Each component's total, and what of it is kept and forfeited on
    /// leaving, aligned with the offer's components.
    pub components: Vec<ComponentFigures>,
    /// The total after the given tax rates, when every component has one:
    /// the sum of the components' after-tax figures.
    pub after_tax: Option<Money>,
    /// Every figure in the reporting currency, when one is asked for.
    pub reporting: Option<Reporting>,
    /// Options: what exercising costs, and on leaving what vested and
    /// until when it can be exercised.
    pub options: Vec<OptionFacts>,
    /// Remarks: share remainders, clawbacks.
    pub notes: Vec<Note>,
    /// Every figure in dollars of one period (`real = 2025`).
    pub real: Option<Real>,
}

/// An options component's facts beyond its value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OptionFacts {
    /// Its index among the offer's components.
    pub component: usize,
    /// Options granted.
    pub options: Decimal,
    /// The strike.
    pub strike: Money,
    /// Options x strike: what exercising all of them costs.
    pub exercise_cost: Money,
    /// On leaving: the options vested before `leave_on`.
    pub vested_on_leaving: Option<Decimal>,
    /// On leaving: the last day to exercise them.
    pub exercise_by: Option<NaiveDate>,
}

/// One component's figures.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ComponentFigures {
    /// Its total.
    pub total: Option<Money>,
    /// What vested or accrued before `leave_on`, less clawbacks.
    pub kept: Option<Money>,
    /// The rest.
    pub forfeited: Option<Money>,
    /// The total after the component's given tax rate, rounded once.
    pub after_tax: Option<Money>,
    /// What is kept, after the same rate.
    pub kept_after_tax: Option<Money>,
}

/// An offer's figures in a reporting currency, so that offers in dollars
/// and in euros compare: each payment converted at its own date's rate
/// (`paid-on`; salary day by day, as it accrues) or all at one date's
/// (`as-of`), then summed, discounted and split exactly as in the offer's
/// own currency, and rounded once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reporting {
    /// The currency.
    pub currency: Currency,
    /// How payments were converted.
    pub fx: Fx,
    /// The date of the rate, for `as-of`.
    pub as_of: NaiveDate,
    /// The total, with the freshness of the rates behind it.
    pub total: Converted,
    /// Each period, summing to the total.
    pub periods: Vec<Money>,
    /// Each period by component, exact (for charts).
    pub by_component: Vec<Vec<Decimal>>,
    /// Each component: total, kept, forfeited.
    pub components: Vec<ComponentFigures>,
    /// Present value at the offer's discount rate.
    pub present_value: Option<Money>,
    /// Kept on leaving.
    pub kept: Option<Money>,
    /// Forfeited on leaving.
    pub forfeited: Option<Money>,
    /// The first period.
    pub first_year: Option<Money>,
    /// The total over the number of periods.
    pub average_per_year: Option<Money>,
    /// The total after the given tax rates, when every component has one:
    /// each component's converted total after its rate, summed.
    pub after_tax: Option<Money>,
}

/// Something the figures alone do not say, put in words by `report`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Note {
    /// A signing bonus repaid pro rata by day on leaving before its
    /// clawback ends: $50,000 with 184 of 730 days left repays $12,602.74.
    Clawback {
        /// The component.
        label: String,
        /// The day of leaving.
        leave: NaiveDate,
        /// What is repaid.
        repaid: Money,
        /// Of what was paid.
        of: Money,
        /// Days of the clawback left.
        left: Decimal,
        /// Its days.
        length: Decimal,
        /// Its months.
        months: u32,
    },
    /// A value granted as shares at a price: whole shares, the rest left
    /// over. $1,000 at $3 a share is 333 shares, $1 left over.
    WholeShares {
        /// The component.
        label: String,
        /// The value granted.
        value: Money,
        /// The price a share.
        price: Money,
        /// Whole shares.
        shares: Decimal,
        /// Not turned into shares.
        left: Money,
    },
}

/// An offer's figures through one restatement, before they are named
/// reporting or real.
struct Restated {
    total: Money,
    average_per_year: Money,
    periods: Vec<Money>,
    cells: Vec<Vec<Decimal>>,
    components: Vec<ComponentFigures>,
    present_value: Option<Money>,
    kept: Option<Money>,
    forfeited: Option<Money>,
    after_tax: Option<Money>,
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

/// Every figure of an offer in dollars of one period (`real = 2025`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Real {
    /// The period whose dollars.
    pub period: IndexPeriod,
    /// The index's name.
    pub index: String,
    /// The index of that period.
    pub index_to: Decimal,
    /// Past this month, the index was projected at `inflation`.
    pub projected_after: Option<IndexPeriod>,
    /// The yearly inflation assumed past the index's last month.
    pub inflation: Option<Decimal>,
    /// Months never published, read between their neighbours.
    pub interpolated: Vec<IndexPeriod>,
    /// The total.
    pub total: Money,
    /// Each period.
    pub periods: Vec<Money>,
    /// Present value at the offer's discount rate.
    pub present_value: Option<Money>,
    /// Kept on leaving.
    pub kept: Option<Money>,
    /// Forfeited on leaving.
    pub forfeited: Option<Money>,
    /// Each component.
    pub components: Vec<ComponentFigures>,
    /// After the given tax rates, when every component has one.
    pub after_tax: Option<Money>,
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

fn cents(currency: Currency) -> Decimal {
    Decimal::new(1, currency.minor_units())
}

impl Offer {
    /// Each component's figures after its given tax rate, each rounded
    /// once: $200,000 of salary at 37% is $126,000.00; the offer's total
    /// after tax only when every component has a rate (a sum of taxed and
    /// untaxed figures would read as all taxed). The same in the reporting
    /// currency, from its own converted figures.
    fn after_tax(
        &self,
        figures: &mut [ComponentFigures],
        currency: Currency,
    ) -> Result<Option<Money>, OfferError> {
        let after = |m: Option<Money>, rate: Decimal| -> Result<Option<Money>, OfferError> {
            m.map(|m| {
                let kept = m
                    .amount
                    .checked_mul(Decimal::ONE - rate)
                    .ok_or_else(overflow)?;
                Ok(Money::new(round_money(kept, currency), currency))
            })
            .transpose()
        };
        let mut sum = Some(Decimal::ZERO);
        for (c, figures) in self.components.iter().zip(figures.iter_mut()) {
            match c.tax {
                Some(rate) => {
                    figures.after_tax = after(figures.total, rate)?;
                    figures.kept_after_tax = after(figures.kept, rate)?;
                    sum = match (sum, figures.after_tax) {
                        (Some(s), Some(a)) => Some(s.checked_add(a.amount).ok_or_else(overflow)?),
                        _ => None,
                    };
                }
                None => sum = None,
            }
        }
        Ok(sum.map(|s| Money::new(s, currency)))
    }
}

fn round_money(value: Decimal, currency: Currency) -> Decimal {
    Rounding::HalfUp
        .round(value, currency.minor_units())
        .normalize()
}

fn overflow() -> OfferError {
    OfferError::Invalid("the offer's amounts exceed 28 digits".into())
}

impl Offer {
    fn currency(&self) -> Result<Option<Currency>, OfferError> {
        let mut found: Option<Currency> = None;
        let mut note = |c: Currency| -> Result<(), OfferError> {
            match found {
                Some(f) if f != c => Err(OfferError::Currencies(f, c)),
                _ => {
                    found = Some(c);
                    Ok(())
                }
            }
        };
        for c in &self.components {
            match &c.terms {
                Terms::Salary { amount, .. } | Terms::Lump { amount, .. } => note(amount.currency)?,
                Terms::Bonus {
                    target: Target::Amount(m),
                    ..
                } => note(m.currency)?,
                Terms::Bonus { .. } => {}
                Terms::Equity {
                    grant,
                    price,
                    refresh,
                    ..
                } => {
                    if let Grant::Value(m) = grant {
                        note(m.currency)?;
                    }
                    if let Some(p) = price {
                        note(p.currency)?;
                    }
                    if let Some(r) = refresh {
                        note(r.amount.currency)?;
                    }
                }
            }
        }
        Ok(found)
    }

    /// Salary of grant year `k` (1-based) of the first salary component.
    fn salaries(&self) -> Result<Vec<Decimal>, OfferError> {
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
    pub fn evaluate(&self, fx: Option<&Conversions<'_>>) -> Result<Breakdown, OfferError> {
        self.within_limits()?;
        let currency = self.currency()?;
        let mut tranches: Vec<Tranche> = Vec::new();
        let mut accruals: Vec<Accrual> = Vec::new();
        let mut notes: Vec<Note> = Vec::new();
        let salaries = self.salaries()?;
        for (index, c) in self.components.iter().enumerate() {
            crate::cancel::check().map_err(|e| OfferError::Invalid(e.to_string()))?;
            self.component_tranches(
                index,
                c,
                &salaries,
                &mut tranches,
                &mut accruals,
                &mut notes,
            )?;
        }
        tranches.sort_by_key(|t| (t.date, t.component));
        if tranches.is_empty() && accruals.is_empty() {
            return Err(OfferError::Invalid("the offer pays nothing".into()));
        }

        let last = tranches
            .iter()
            .map(|t| t.date)
            .chain(accruals.iter().map(|a| a.until - Duration::days(1)))
            .max()
            .unwrap_or(self.start);
        let mut periods = self.periods(last)?;
        let n = self.components.len();
        for p in &mut periods {
            p.by_component = vec![Decimal::ZERO; n];
        }
        let any_money = currency.is_some()
            && (tranches.iter().any(|t| t.amount.is_some()) || !accruals.is_empty());
        let any_shares = tranches.iter().any(|t| t.shares.is_some());
        for t in &tranches {
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
        for a in &accruals {
            for (i, part) in self.split_accrual(a, &periods)? {
                if let Some(slot) = periods
                    .get_mut(i)
                    .and_then(|p| p.by_component.get_mut(a.component))
                {
                    *slot = slot.checked_add(part).ok_or_else(overflow)?;
                }
            }
        }
        let mut total = Decimal::ZERO;
        for p in &mut periods {
            let sum = checked_sum(p.by_component.iter().copied())?;
            total = total.checked_add(sum).ok_or_else(overflow)?;
            p.amount = currency.filter(|_| any_money).map(|c| Money::new(sum, c));
            if any_shares && p.shares.is_none() {
                p.shares = Some(Decimal::ZERO);
            }
        }
        let money = |v: Decimal| currency.filter(|_| any_money).map(|c| Money::new(v, c));
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
            kept_shares: None,
            forfeited_shares: None,
            total_converted: Vec::new(),
            components: Vec::new(),
            after_tax: None,
            reporting: None,
            options: Vec::new(),
            notes,
            real: None,
            tranches,
            accruals,
            periods,
        };
        for (i, c) in self.components.iter().enumerate() {
            if let Terms::Equity {
                grant: Grant::Shares(n),
                strike: Some(k),
                exercise_window,
                ..
            } = &c.terms
            {
                let vested = self.leave_on.map(|l| {
                    out.tranches
                        .iter()
                        .filter(|t| t.component == i && t.date < l)
                        .filter_map(|t| t.shares)
                        .sum::<Decimal>()
                });
                out.options.push(OptionFacts {
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
        }
        let native = currency.filter(|_| any_money);
        out.components = (0..n)
            .map(|i| {
                let sum = checked_sum(
                    out.periods
                        .iter()
                        .filter_map(|p| p.by_component.get(i).copied()),
                )?;
                Ok(ComponentFigures {
                    total: native.map(|c| Money::new(sum, c)),
                    kept: None,
                    forfeited: None,
                    after_tax: None,
                    kept_after_tax: None,
                })
            })
            .collect::<Result<_, OfferError>>()?;
        if let (Some(rate), Some(c)) = (self.discount, currency.filter(|_| any_money)) {
            out.present_value = Some(Money::new(self.present_value(&out, rate)?, c));
        }
        if let (Some(leave), Some(all)) = (self.leave_on, out.shares) {
            let kept = checked_sum(
                out.tranches
                    .iter()
                    .filter(|t| t.date < leave)
                    .filter_map(|t| t.shares),
            )?;
            out.kept_shares = Some(kept);
            out.forfeited_shares = Some(all.checked_sub(kept).ok_or_else(overflow)?);
        }
        if let (Some(leave), Some(c)) = (self.leave_on, currency.filter(|_| any_money)) {
            let (kept, by_component, notes) = self.kept(&out, leave, c)?;
            out.notes.extend(notes);
            out.kept = Some(Money::new(kept, c));
            out.forfeited = Some(Money::new(total.checked_sub(kept).ok_or_else(overflow)?, c));
            for (figures, k) in out.components.iter_mut().zip(by_component) {
                let total = figures.total.map_or(Decimal::ZERO, |m| m.amount);
                figures.kept = Some(Money::new(k, c));
                figures.forfeited = Some(Money::new(total.checked_sub(k).ok_or_else(overflow)?, c));
            }
        }
        if let Some(c) = currency.filter(|_| any_money) {
            out.after_tax = self.after_tax(&mut out.components, c)?;
        }
        if let (Some(fx), Some(c)) = (fx, currency.filter(|_| any_money)) {
            let mut columns: Vec<Currency> = fx.reporting.into_iter().collect();
            for target in fx.also_in {
                if !columns.contains(target) {
                    columns.push(*target);
                }
            }
            if let Some(target) = fx.reporting {
                out.reporting = Some(self.reporting(&out, fx, target, c)?);
            }
            if let Some(terms) = &fx.real {
                out.real = Some(self.real(&out, terms, fx, c)?);
            }
            for target in columns {
                match &out.reporting {
                    // The reporting currency's column is its periods: one
                    // split of one total, the same in every table.
                    Some(r) if r.currency == target => {
                        let each = |m: Money| Converted {
                            money: m,
                            ..r.total
                        };
                        let periods: Vec<Money> = r.periods.clone();
                        for (p, m) in out.periods.iter_mut().zip(periods) {
                            p.converted.push(each(m));
                        }
                        out.total_converted.push(r.total);
                    }
                    _ => self.convert(&mut out, fx.table, target, fx.fx, fx.as_of, c)?,
                }
            }
        }
        Ok(out)
    }

    /// The vesting dates the offer would make, counted before any is
    /// made: past [`crate::limits::Limit::OfferTranches`] it is refused
    /// (1,200 monthly refreshers each vesting monthly over 100 years would
    /// be 1.44 million dates).
    fn within_limits(&self) -> Result<(), OfferError> {
        let mut dates: u64 = 0;
        for c in &self.components {
            let n = match &c.terms {
                Terms::Salary { .. } => 0,
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
            .map_err(|e| OfferError::Invalid(e.to_string()))
    }

    fn component_tranches(
        &self,
        index: usize,
        c: &Component,
        salaries: &[Decimal],
        tranches: &mut Vec<Tranche>,
        accruals: &mut Vec<Accrual>,
        notes: &mut Vec<Note>,
    ) -> Result<(), OfferError> {
        let start = self.start;
        let beyond = || OfferError::Invalid("a date is beyond the calendar".into());
        match &c.terms {
            Terms::Salary { amount, years, .. } => {
                for (k, s) in (0_u32..).zip(salary_years(
                    amount.amount,
                    self.raise_of(c),
                    *years,
                    amount.currency,
                )?) {
                    accruals.push(Accrual {
                        component: index,
                        from: anniversary(start, k).ok_or_else(beyond)?,
                        until: anniversary(start, k + 1).ok_or_else(beyond)?,
                        amount: Money::new(s, amount.currency),
                    });
                }
            }
            Terms::Bonus {
                target,
                payout,
                years,
            } => {
                let years = years.unwrap_or_else(|| u32::try_from(salaries.len()).unwrap_or(0));
                for k in 1..=years {
                    let base = match target {
                        Target::Percent(p) => {
                            let s = salaries
                                .get(usize::try_from(k - 1).unwrap_or(usize::MAX))
                                .ok_or(OfferError::BonusWithoutSalary)?;
                            let cur = self.currency()?.ok_or(OfferError::BonusWithoutSalary)?;
                            Money::new(s.checked_mul(*p).ok_or_else(overflow)?, cur)
                        }
                        Target::Amount(m) => *m,
                    };
                    let value = base.amount.checked_mul(*payout).ok_or_else(overflow)?;
                    tranches.push(Tranche {
                        date: anniversary(start, k).ok_or_else(beyond)?,
                        component: index,
                        amount: Some(Money::new(round_money(value, base.currency), base.currency)),
                        shares: None,
                        clawback: None,
                    });
                }
            }
            Terms::Lump {
                amount,
                vesting,
                clawback,
            } => {
                for (date, part) in vesting.split(
                    amount.amount,
                    start,
                    cents(amount.currency),
                    self.money_allocation(),
                )? {
                    tranches.push(Tranche {
                        date,
                        component: index,
                        amount: Some(Money::new(part, amount.currency)),
                        shares: None,
                        clawback: *clawback,
                    });
                }
            }
            Terms::Equity {
                grant,
                price,
                vesting,
                growth,
                refresh,
                horizon,
                strike,
                ..
            } => {
                let value = Valuation {
                    price: *price,
                    growth: *growth,
                    strike: *strike,
                };
                self.grant_tranches(
                    index, start, grant, &value, vesting, tranches, notes, &c.label,
                )?;
                if let Some(r) = refresh {
                    let months = horizon
                        .or_else(|| vesting.end(start).map(|e| months_between(start, e)))
                        .unwrap_or(48);
                    let mut k = 1;
                    while let Some(at) =
                        add_months(start, r.every.checked_mul(k).ok_or_else(beyond)?)
                    {
                        if at >= add_months(start, months).ok_or_else(beyond)? || r.every == 0 {
                            break;
                        }
                        let label = format!("{} refresh {k}", c.label);
                        self.grant_tranches(
                            index,
                            at,
                            &Grant::Value(r.amount),
                            &value,
                            &r.vesting,
                            tranches,
                            notes,
                            &label,
                        )?;
                        k += 1;
                    }
                }
            }
        }
        Ok(())
    }

    /// Money always splits into whole minor units: `fractional` is for
    /// shares, and money under it splits by cumulative rounding.
    fn money_allocation(&self) -> Allocation {
        match self.allocation {
            Allocation::Fractional => Allocation::CumulativeRounding,
            other => other,
        }
    }

    fn raise_of(&self, c: &Component) -> Decimal {
        match &c.terms {
            Terms::Salary { raise, .. } => *raise,
            _ => Decimal::ZERO,
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn grant_tranches(
        &self,
        index: usize,
        granted: NaiveDate,
        grant: &Grant,
        value: &Valuation,
        vesting: &Vesting,
        tranches: &mut Vec<Tranche>,
        notes: &mut Vec<Note>,
        label: &str,
    ) -> Result<(), OfferError> {
        let (price, growth, strike) = (value.price, value.growth, value.strike);
        let compound = schedule::Compound::new(growth)
            .ok_or_else(|| OfferError::Invalid("price growth must be above -100%".into()))?;
        let price_on = |date: NaiveDate, p: Money| -> Result<Decimal, OfferError> {
            if growth.is_zero() {
                return Ok(p.amount);
            }
            let factor = compound
                .growth(schedule::year_time(self.start, date))
                .ok_or_else(overflow)?;
            p.amount.checked_mul(factor).ok_or_else(overflow)
        };
        let shares = match (grant, price) {
            (Grant::Shares(n), _) => Some(*n),
            (Grant::Value(v), Some(p)) => {
                let at_grant = price_on(granted, p)?;
                if at_grant <= Decimal::ZERO {
                    return Err(OfferError::Invalid(
                        "the share price must be positive".into(),
                    ));
                }
                let n = v.amount.checked_div(at_grant).ok_or_else(overflow)?.floor();
                let left = v.amount - n * at_grant;
                if !left.is_zero() {
                    notes.push(Note::WholeShares {
                        label: label.to_owned(),
                        value: Money::new(round_money(v.amount, v.currency), v.currency),
                        price: Money::new(at_grant, p.currency),
                        shares: n,
                        left: Money::new(round_money(left, v.currency), v.currency),
                    });
                }
                Some(n)
            }
            (Grant::Value(_), None) => None,
        };
        match (shares, grant) {
            (Some(n), _) => {
                // Each vest's value exact, then rounded cumulatively: the
                // grant's total is its exact value rounded once, and each
                // vest within a cent of its own. 10,000 options at a spread
                // of $6.1476734 are $61,476.73, not the sum of 37 vests
                // rounded one by one ($61,476.78).
                let (mut exact, mut shown) = (Decimal::ZERO, Decimal::ZERO);
                for (date, part) in vesting.split(n, granted, Decimal::ONE, self.allocation)? {
                    let amount = match price {
                        Some(p) => {
                            // An option is worth the spread, never below zero.
                            let each = match strike {
                                Some(k) => (price_on(date, p)? - k.amount).max(Decimal::ZERO),
                                None => price_on(date, p)?,
                            };
                            let value = part.checked_mul(each).ok_or_else(overflow)?;
                            exact = exact.checked_add(value).ok_or_else(overflow)?;
                            let upto = round_money(exact, p.currency);
                            let this = upto.checked_sub(shown).ok_or_else(overflow)?;
                            shown = upto;
                            Some(Money::new(this, p.currency))
                        }
                        None => None,
                    };
                    tranches.push(Tranche {
                        date,
                        component: index,
                        amount,
                        shares: Some(part),
                        clawback: None,
                    });
                }
            }
            (None, Grant::Value(v)) => {
                for (date, part) in vesting.split(
                    v.amount,
                    granted,
                    cents(v.currency),
                    self.money_allocation(),
                )? {
                    tranches.push(Tranche {
                        date,
                        component: index,
                        amount: Some(Money::new(part, v.currency)),
                        shares: None,
                        clawback: None,
                    });
                }
            }
            (None, Grant::Shares(_)) => {}
        }
        Ok(())
    }

    fn periods(&self, last: NaiveDate) -> Result<Vec<Period>, OfferError> {
        let beyond = || OfferError::Invalid("a date is beyond the calendar".into());
        let blank = |label: String, start, end| Period {
            label,
            start,
            end,
            amount: None,
            by_component: Vec::new(),
            shares: None,
            converted: Vec::new(),
        };
        Ok(match self.by {
            By::GrantYear => (1..=grant_year(self.start, last))
                .map(|k| {
                    Ok(blank(
                        format!("Year {k}"),
                        anniversary(self.start, k - 1).ok_or_else(beyond)?,
                        anniversary(self.start, k).ok_or_else(beyond)?,
                    ))
                })
                .collect::<Result<_, OfferError>>()?,
            By::CalendarYear => (self.start.year()..=last.year())
                .map(|y| {
                    let first = NaiveDate::from_ymd_opt(y, 1, 1)
                        .ok_or_else(beyond)?
                        .max(self.start);
                    Ok(blank(
                        y.to_string(),
                        first,
                        NaiveDate::from_ymd_opt(y, 12, 31).ok_or_else(beyond)?,
                    ))
                })
                .collect::<Result<_, OfferError>>()?,
        })
    }

    fn period_index(&self, periods: &[Period], date: NaiveDate) -> usize {
        let i = match self.by {
            By::GrantYear => usize::try_from(grant_year(self.start, date))
                .unwrap_or(1)
                .saturating_sub(1),
            // Unreachable default: no payment is dated before the start
            // (schedules start there; explicit tranches before it are
            // refused when read).
            By::CalendarYear => usize::try_from(date.year() - self.start.year()).unwrap_or(0),
        };
        i.min(periods.len().saturating_sub(1))
    }

    /// A salary year split into periods by days, to the cent.
    fn split_accrual(
        &self,
        a: &Accrual,
        periods: &[Period],
    ) -> Result<Vec<(usize, Decimal)>, OfferError> {
        let mut pieces: Vec<(usize, Decimal)> = Vec::new();
        let mut day = a.from;
        while day < a.until {
            let i = match self.by {
                // Salary days of grant year k all belong to Year k.
                By::GrantYear => self.period_index(periods, a.from.succ_opt().unwrap_or(a.from)),
                By::CalendarYear => self.period_index(periods, day),
            };
            let period_end = match self.by {
                By::GrantYear => a.until,
                By::CalendarYear => NaiveDate::from_ymd_opt(day.year() + 1, 1, 1)
                    .unwrap_or(a.until)
                    .min(a.until),
            };
            pieces.push((i, Decimal::from((period_end - day).num_days())));
            day = period_end;
        }
        let weights: Vec<Decimal> = pieces.iter().map(|p| p.1).collect();
        let parts = schedule::allocate(
            a.amount.amount,
            &weights,
            cents(a.amount.currency),
            Allocation::CumulativeRounding,
        )?;
        Ok(pieces.iter().map(|p| p.0).zip(parts).collect())
    }

    fn present_value(&self, b: &Breakdown, rate: Decimal) -> Result<Decimal, OfferError> {
        let compound = schedule::Compound::new(rate)
            .ok_or_else(|| OfferError::Invalid("the discount rate must be above -100%".into()))?;
        let mut pv = Decimal::ZERO;
        for t in &b.tranches {
            if let Some(m) = t.amount {
                let df = compound
                    .discount(schedule::year_time(self.start, t.date))
                    .ok_or_else(overflow)?;
                pv = m
                    .amount
                    .checked_mul(df)
                    .and_then(|x| pv.checked_add(x))
                    .ok_or_else(overflow)?;
            }
        }
        for a in &b.accruals {
            pv = accrual_pv(self.start, a, &compound)
                .and_then(|x| pv.checked_add(x))
                .ok_or_else(overflow)?;
        }
        Ok(pv)
    }

    /// What vested or accrued before `leave`, less clawbacks, and notes on
    /// the clawbacks.
    fn kept(
        &self,
        b: &Breakdown,
        leave: NaiveDate,
        c: Currency,
    ) -> Result<(Decimal, Vec<Decimal>, Vec<Note>), OfferError> {
        let mut kept = Decimal::ZERO;
        let mut by_component = vec![Decimal::ZERO; self.components.len()];
        let mut add = |component: usize, v: Decimal| -> Result<(), OfferError> {
            if let Some(slot) = by_component.get_mut(component) {
                *slot = slot.checked_add(v).ok_or_else(overflow)?;
            }
            Ok(())
        };
        let mut notes = Vec::new();
        for t in b.tranches.iter().filter(|t| t.date < leave) {
            let Some(m) = t.amount else { continue };
            kept = kept.checked_add(m.amount).ok_or_else(overflow)?;
            add(t.component, m.amount)?;
            if let Some(months) = t.clawback
                && let Some(until) = add_months(t.date, months)
                && leave < until
            {
                let left = Decimal::from((until - leave).num_days());
                let length = Decimal::from((until - t.date).num_days());
                let repaid = round_money(
                    m.amount
                        .checked_mul(left)
                        .ok_or_else(overflow)?
                        .checked_div(length)
                        .ok_or_else(overflow)?,
                    c,
                );
                kept = kept.checked_sub(repaid).ok_or_else(overflow)?;
                add(t.component, -repaid)?;
                let label = self
                    .components
                    .get(t.component)
                    .map_or("", |c| c.label.as_str());
                notes.push(Note::Clawback {
                    label: label.to_owned(),
                    leave,
                    repaid: Money::new(repaid, c),
                    of: m,
                    left,
                    length,
                    months,
                });
            }
        }
        for a in &b.accruals {
            if leave <= a.from {
                continue;
            }
            let worked = Decimal::from((leave.min(a.until) - a.from).num_days());
            let days = Decimal::from((a.until - a.from).num_days());
            let earned = a
                .amount
                .amount
                .checked_mul(worked)
                .ok_or_else(overflow)?
                .checked_div(days)
                .ok_or_else(overflow)?;
            let earned = round_money(earned, c);
            kept = kept.checked_add(earned).ok_or_else(overflow)?;
            add(a.component, earned)?;
        }
        Ok((kept, by_component, notes))
    }

    /// Every figure in `target`: see [`Reporting`].
    fn reporting(
        &self,
        b: &Breakdown,
        fx: &Conversions<'_>,
        target: Currency,
        native: Currency,
    ) -> Result<Reporting, OfferError> {
        let fx_err = |e: crate::rates::RateError| OfferError::Invalid(e.to_string());
        let one = fx.table.cross(native, target, fx.as_of).map_err(fx_err)?;
        let mut flags = Converted {
            money: Money::zero(target),
            rate_date: one.rate_date(fx.as_of),
            stale: false,
            latest_available: false,
        };
        let mut mark = |c: &crate::rates::Cross, on: NaiveDate| {
            let legs = [c.from, c.to];
            flags.stale |= legs.iter().flatten().any(|q| q.freshness.stale);
            flags.latest_available |= legs.iter().flatten().any(|q| q.freshness.latest_available);
            if fx.fx == Fx::PaidOn {
                flags.rate_date = flags.rate_date.max(c.rate_date(on));
            }
        };
        mark(&one, fx.as_of);
        let mut convert = |amount: Decimal, on: NaiveDate| -> Result<Decimal, OfferError> {
            let cross = match fx.fx {
                Fx::AsOf => one,
                Fx::PaidOn => fx.table.cross(native, target, on).map_err(fx_err)?,
            };
            mark(&cross, on);
            cross.apply(amount).map_err(fx_err)
        };
        let r = self.restate(b, target, &mut convert)?;
        flags.money = r.total;
        Ok(Reporting {
            currency: target,
            fx: fx.fx,
            as_of: fx.as_of,
            total: flags,
            first_year: r.periods.first().copied(),
            average_per_year: Some(r.average_per_year),
            periods: r.periods,
            by_component: r.cells,
            components: r.components,
            present_value: r.present_value,
            kept: r.kept,
            forfeited: r.forfeited,
            after_tax: r.after_tax,
        })
    }

    /// Every figure in dollars of `terms.period`: each payment (in dollars,
    /// or converted into them by the offer's `fx` rule) times the index of
    /// that period over the index of the payment's month. A month past the
    /// index's last is projected from it at the `inflation` assumed, and
    /// is an error without one.
    fn real(
        &self,
        b: &Breakdown,
        terms: &RealTerms<'_>,
        fx: &Conversions<'_>,
        native: Currency,
    ) -> Result<Real, OfferError> {
        let index_err = |e: crate::index::IndexError| OfferError::Invalid(e.to_string());
        let fx_err = |e: crate::rates::RateError| OfferError::Invalid(e.to_string());
        let dollars = fx
            .table
            .resolve(terms.index.currency)
            .map_err(|e| OfferError::Invalid(e.to_string()))?;
        let to = terms.index.value(terms.period).map_err(index_err)?;
        let (_, last, _) = terms.index.range();
        let Some(IndexPeriod::Month(last_year, last_month)) = last else {
            return Err(OfferError::Invalid(format!(
                "{} has no monthly values",
                terms.index.name
            )));
        };
        let at_last = terms
            .index
            .value(IndexPeriod::Month(last_year, last_month))
            .map_err(index_err)?;
        let last_day = NaiveDate::from_ymd_opt(last_year, last_month, 1).ok_or_else(overflow)?;
        let inflation = terms
            .inflation
            .map(|r| {
                schedule::Compound::new(r).ok_or_else(|| {
                    OfferError::Invalid("the inflation assumed must be above -100%".into())
                })
            })
            .transpose()?;
        let one = fx.table.cross(native, dollars, fx.as_of).map_err(fx_err)?;
        let mut projected = false;
        let mut interpolated: Vec<IndexPeriod> = Vec::new();
        let mut deflate = |amount: Decimal, on: NaiveDate| -> Result<Decimal, OfferError> {
            let usd = if native == dollars {
                amount
            } else {
                let cross = match fx.fx {
                    Fx::AsOf => one,
                    Fx::PaidOn => fx.table.cross(native, dollars, on).map_err(fx_err)?,
                };
                cross.apply(amount).map_err(fx_err)?
            };
            let month = IndexPeriod::Month(on.year(), on.month());
            let index = if month > IndexPeriod::Month(last_year, last_month) {
                let Some(c) = &inflation else {
                    return Err(OfferError::Invalid(format!(
                        "a payment on {on} is past the last month of {} ({last_year}-{last_month:02}): real terms for it need the inflation you assume, such as `inflation = \"2.5%\"`",
                        terms.index.name
                    )));
                };
                projected = true;
                // Grown from the last month at the rate assumed.
                let years = schedule::year_time(last_day, on.with_day(1).unwrap_or(on));
                let df = c.discount(years).ok_or_else(overflow)?;
                at_last.checked_div(df).ok_or_else(overflow)?
            } else if let Some(between) = terms
                .index
                .interpolated(month)
                .filter(|_| terms.interpolate)
            {
                if !interpolated.contains(&month) {
                    interpolated.push(month);
                }
                between
            } else {
                terms.index.value(month).map_err(|e| {
                    OfferError::Invalid(format!(
                        "{e}; to read it between the months either side, add `cpi_gaps = \"interpolate\"`"
                    ))
                })?
            };
            usd.checked_mul(to)
                .and_then(|x| x.checked_div(index))
                .ok_or_else(overflow)
        };
        let r = self.restate(b, dollars, &mut deflate)?;
        Ok(Real {
            period: terms.period,
            index: terms.index.name.clone(),
            index_to: to,
            projected_after: projected.then_some(IndexPeriod::Month(last_year, last_month)),
            inflation: terms.inflation,
            interpolated,
            total: r.total,
            periods: r.periods,
            present_value: r.present_value,
            kept: r.kept,
            forfeited: r.forfeited,
            components: r.components,
            after_tax: r.after_tax,
        })
    }

    /// Every payment through `value` (a conversion, a restatement), with
    /// periods, components, present value and what is kept on leaving,
    /// rounded once in `target`.
    fn restate(
        &self,
        b: &Breakdown,
        target: Currency,
        value: &mut dyn FnMut(Decimal, NaiveDate) -> Result<Decimal, OfferError>,
    ) -> Result<Restated, OfferError> {
        let compound = self
            .discount
            .map(|r| {
                schedule::Compound::new(r).ok_or_else(|| {
                    OfferError::Invalid("the discount rate must be above -100%".into())
                })
            })
            .transpose()?;
        let n = self.components.len();
        let mut periods = vec![Decimal::ZERO; b.periods.len()];
        let mut cells = vec![vec![Decimal::ZERO; n]; b.periods.len()];
        let mut totals = vec![Decimal::ZERO; n];
        let mut kept = vec![Decimal::ZERO; n];
        let mut pv = Decimal::ZERO;
        let add = |v: &mut Vec<Decimal>, i: usize, x: Decimal| -> Result<(), OfferError> {
            if let Some(slot) = v.get_mut(i) {
                *slot = slot.checked_add(x).ok_or_else(overflow)?;
            }
            Ok(())
        };
        for t in &b.tranches {
            let Some(m) = t.amount else { continue };
            let v = value(m.amount, t.date)?;
            let period = self.period_index(&b.periods, t.date);
            add(&mut periods, period, v)?;
            if let Some(row) = cells.get_mut(period) {
                add(row, t.component, v)?;
            }
            add(&mut totals, t.component, v)?;
            if let Some(c) = &compound {
                let df = c
                    .discount(schedule::year_time(self.start, t.date))
                    .ok_or_else(overflow)?;
                pv = v
                    .checked_mul(df)
                    .and_then(|x| pv.checked_add(x))
                    .ok_or_else(overflow)?;
            }
            if let Some(leave) = self.leave_on.filter(|l| t.date < *l) {
                let mut k = v;
                if let Some(months) = t.clawback
                    && let Some(until) = add_months(t.date, months)
                    && leave < until
                {
                    let left = Decimal::from((until - leave).num_days());
                    let length = Decimal::from((until - t.date).num_days());
                    let repaid = v
                        .checked_mul(left)
                        .and_then(|x| x.checked_div(length))
                        .ok_or_else(overflow)?;
                    k = k.checked_sub(repaid).ok_or_else(overflow)?;
                }
                add(&mut kept, t.component, k)?;
            }
        }
        // Salary accrues by day: each day's share at that day's rate.
        for a in &b.accruals {
            let length = u32::try_from((a.until - a.from).num_days()).map_err(|_| overflow())?;
            let daily = a
                .amount
                .amount
                .checked_div(Decimal::from(length.max(1)))
                .ok_or_else(overflow)?;
            let (mut factor, q) = match &compound {
                Some(c) => (
                    c.discount(schedule::year_time(self.start, a.from))
                        .ok_or_else(overflow)?,
                    Decimal::ONE
                        .checked_div(c.day_root(length))
                        .ok_or_else(overflow)?,
                ),
                None => (Decimal::ONE, Decimal::ONE),
            };
            let grant_year_period =
                self.period_index(&b.periods, a.from.succ_opt().unwrap_or(a.from));
            let mut day = a.from;
            while day < a.until {
                let v = value(daily, day)?;
                let period = match self.by {
                    By::GrantYear => grant_year_period,
                    By::CalendarYear => self.period_index(&b.periods, day),
                };
                add(&mut periods, period, v)?;
                if let Some(row) = cells.get_mut(period) {
                    add(row, a.component, v)?;
                }
                add(&mut totals, a.component, v)?;
                factor = factor.checked_mul(q).ok_or_else(overflow)?;
                pv = v
                    .checked_mul(factor)
                    .and_then(|x| pv.checked_add(x))
                    .ok_or_else(overflow)?;
                if self.leave_on.is_some_and(|l| day < l) {
                    add(&mut kept, a.component, v)?;
                }
                day = day.succ_opt().ok_or_else(overflow)?;
            }
        }
        // Rounded once: the total, then periods and components split from it
        // so that they add up to it exactly.
        let unit = cents(target);
        let total = round_money(checked_sum(periods.iter().copied())?, target);
        let split = |weights: &[Decimal], whole: Decimal| -> Result<Vec<Decimal>, OfferError> {
            if weights.iter().all(Decimal::is_zero) {
                return Ok(vec![Decimal::ZERO; weights.len()]);
            }
            Ok(schedule::allocate(
                whole,
                weights,
                unit,
                Allocation::CumulativeRounding,
            )?)
        };
        let money = |v: Decimal| Money::new(v, target);
        let period_money: Vec<Money> = split(&periods, total)?.into_iter().map(money).collect();
        let component_totals = split(&totals, total)?;
        let kept_total = match self.leave_on {
            Some(_) => Some(round_money(checked_sum(kept.iter().copied())?, target)),
            None => None,
        };
        let component_kept = match kept_total {
            Some(k) if kept.iter().all(|x| *x >= Decimal::ZERO) => split(&kept, k)?,
            _ => kept.iter().map(|x| round_money(*x, target)).collect(),
        };
        let mut components: Vec<ComponentFigures> = component_totals
            .iter()
            .zip(&component_kept)
            .map(|(t, k)| ComponentFigures {
                total: Some(money(*t)),
                kept: self.leave_on.map(|_| money(*k)),
                forfeited: self.leave_on.map(|_| money(*t - *k)),
                after_tax: None,
                kept_after_tax: None,
            })
            .collect();
        let after_tax = self.after_tax(&mut components, target)?;
        let count = Decimal::from(b.periods.len().max(1));
        Ok(Restated {
            total: money(total),
            average_per_year: money(total.checked_div(count).ok_or_else(overflow)?),
            periods: period_money,
            cells,
            components,
            present_value: compound.map(|_| money(pv)),
            kept: kept_total.map(money),
            forfeited: kept_total.map(|k| money(total - k)),
            after_tax,
        })
    }

    fn convert(
        &self,
        b: &mut Breakdown,
        table: &RateTable,
        target: Currency,
        mode: Fx,
        as_of: NaiveDate,
        from: Currency,
    ) -> Result<(), OfferError> {
        let fx_err = |e: crate::rates::RateError| OfferError::Invalid(e.to_string());
        match mode {
            Fx::AsOf => {
                let total = b.total.map_or(Decimal::ZERO, |m| m.amount);
                let c = table
                    .convert(Money::new(total, from), target, as_of)
                    .map_err(fx_err)?;
                let converted_total = round_money(c.to.amount, target);
                let weights: Vec<Decimal> = b
                    .periods
                    .iter()
                    .map(|p| p.amount.map_or(Decimal::ZERO, |m| m.amount))
                    .collect();
                let parts = if total.is_zero() {
                    vec![Decimal::ZERO; weights.len()]
                } else {
                    schedule::allocate(
                        converted_total,
                        &weights,
                        cents(target),
                        Allocation::CumulativeRounding,
                    )?
                };
                for (p, part) in b.periods.iter_mut().zip(parts) {
                    p.converted
                        .push(Converted::of(Money::new(part, target), &c));
                }
                b.total_converted
                    .push(Converted::of(Money::new(converted_total, target), &c));
            }
            Fx::PaidOn => {
                let mut sums: Vec<Option<Converted>> = vec![None; b.periods.len()];
                let mut add = |i: usize, c: &crate::rates::Conversion| -> Result<(), OfferError> {
                    let part = round_money(c.to.amount, target);
                    if let Some(s) = sums.get_mut(i) {
                        *s = Some(match *s {
                            Some(sum) => sum.add(part, c)?,
                            None => Converted::of(Money::new(part, target), c),
                        });
                    }
                    Ok(())
                };
                for t in &b.tranches {
                    let Some(m) = t.amount else { continue };
                    let c = table.convert(m, target, t.date).map_err(fx_err)?;
                    add(self.period_index(&b.periods, t.date), &c)?;
                }
                for a in &b.accruals {
                    for (i, part) in self.split_accrual(a, &b.periods)? {
                        let on = b
                            .periods
                            .get(i)
                            .map_or(a.until, |p| p.end.min(a.until - Duration::days(1)));
                        let c = table
                            .convert(Money::new(part, from), target, on)
                            .map_err(fx_err)?;
                        add(i, &c)?;
                    }
                }
                let last = sums
                    .iter()
                    .flatten()
                    .map(|s| s.rate_date)
                    .max()
                    .unwrap_or(as_of);
                let empty = Converted {
                    money: Money::zero(target),
                    rate_date: last,
                    stale: false,
                    latest_available: false,
                };
                let mut total = empty;
                for s in sums.iter().flatten() {
                    total.money = total.money.checked_add(s.money).map_err(|_| overflow())?;
                    total.stale |= s.stale;
                    total.latest_available |= s.latest_available;
                }
                for (p, s) in b.periods.iter_mut().zip(sums) {
                    p.converted.push(s.unwrap_or(empty));
                }
                b.total_converted.push(total);
            }
        }
        Ok(())
    }
}

/// Salary of each grant year: year 1 is `amount`, each next year raised:
/// 120000 at 3% is 120000, 123600, 127308, 131127.24 (rounded to the cent
/// each year).
/// A salary beyond 28 digits is an error, not a number.
pub fn salary_years(
    amount: Decimal,
    raise: Decimal,
    years: u32,
    currency: Currency,
) -> Result<Vec<Decimal>, OfferError> {
    let factor = Decimal::ONE.checked_add(raise).ok_or_else(overflow)?;
    let mut out = Vec::new();
    let mut s = amount;
    for k in 0..years {
        out.push(s);
        if k + 1 < years {
            s = round_money(s.checked_mul(factor).ok_or_else(overflow)?, currency);
        }
    }
    Ok(out)
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

/// Present value of a salary year accruing by day, each day's salary at the
/// day's end: with v = (1+r)^-1, q = v^(1/D) over a year of D days starting
/// k years in, PV = S/D x v^k x q (1 - v) / (1 - q). At r = 0 it is S.
fn accrual_pv(start: NaiveDate, a: &Accrual, c: &schedule::Compound) -> Option<Decimal> {
    if c.base() == Decimal::ONE {
        return Some(a.amount.amount);
    }
    let t = schedule::year_time(start, a.from);
    let length = u32::try_from((a.until - a.from).num_days()).ok()?;
    let days = Decimal::from(length);
    let v = Decimal::ONE.checked_div(c.base())?;
    let q = Decimal::ONE.checked_div(c.day_root(length))?;
    let vk = c.discount(t)?;
    let ratio = (Decimal::ONE - v).checked_div(Decimal::ONE - q)?;
    a.amount
        .amount
        .checked_div(days)?
        .checked_mul(vk)?
        .checked_mul(q)?
        .checked_mul(ratio)
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
