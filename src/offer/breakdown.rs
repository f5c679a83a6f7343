//! What an offer comes to: tranches, salary accruals, periods, totals, what is kept, notes, and the same restated in another currency or in real terms.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::{Fx, OfferError, PriceChange, overflow};
use crate::currency::Currency;
use crate::index::Period as IndexPeriod;
use crate::money::Money;

/// A dated payment or vest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tranche {
    /// When it is paid.
    pub date: NaiveDate,
    /// When it was earned: its vesting date, on or before `date` (a
    /// double-trigger unit vests on its schedule and is paid at the
    /// liquidity event); leaving after it keeps it.
    pub vested: NaiveDate,
    /// Index into the offer's components.
    pub component: usize,
    /// Its value, to the cent (none for shares without a price).
    pub amount: Option<Money>,
    /// Shares, for equity.
    pub shares: Option<Decimal>,
    /// Repaid on leaving, pro rata, within this many months of the date.
    pub(super) clawback: Option<u32>,
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
    pub(super) fn of(money: Money, c: &crate::rates::Conversion) -> Converted {
        Converted {
            money,
            rate_date: c.rate_date,
            stale: c.stale,
            latest_available: c.latest_available,
        }
    }

    /// Adds a payment converted on its own date to a sum.
    pub(super) fn add(
        self,
        amount: Decimal,
        c: &crate::rates::Conversion,
    ) -> Result<Converted, OfferError> {
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

/// Which period: a grant year (1 is the year from the start to its first
/// anniversary) or a calendar year. `report` writes them `Year 1`, `2025`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PeriodId {
    /// Grant year N, from 1.
    GrantYear(u32),
    /// A calendar year.
    Calendar(i32),
}

/// A period of the breakdown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Period {
    /// Which period.
    pub id: PeriodId,
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
    /// The present value of what is kept (with `discount` and
    /// `leave_on`): see [`Figures::kept_present_value`].
    pub kept_present_value: Option<Money>,
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
    /// What is kept on leaving after the given tax rates, when every
    /// component has one: the sum of the components' kept after tax.
    pub kept_after_tax: Option<Money>,
    /// Every figure in the reporting currency, when one is asked for.
    pub reporting: Option<Reporting>,
    /// Options: what exercising costs, and on leaving what vested and
    /// until when it can be exercised.
    pub options: Vec<OptionFacts>,
    /// Remarks: share remainders, clawbacks.
    pub notes: Vec<Note>,
    /// Every figure in dollars of one period (`real = 2025`).
    pub real: Option<Real>,
    /// The figures at each of the offer's share price scenarios.
    pub scenarios: Vec<ScenarioFigures>,
}

/// An offer's figures at one of its share price scenarios.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioFigures {
    /// The scenario's name (`bear`).
    pub name: String,
    /// Its share price.
    pub change: PriceChange,
    /// In the offer's currency (none for shares with no price to value
    /// them at).
    pub figures: Option<Figures>,
    /// In the reporting currency, when one is asked for.
    pub reporting: Option<Figures>,
}

impl Breakdown {
    /// The figures in the offer's own currency, when it pays money (an
    /// offer of shares without a price has none).
    pub fn figures(&self) -> Option<Figures> {
        Some(Figures {
            total: self.total?,
            periods: self.periods.iter().filter_map(|p| p.amount).collect(),
            average_per_year: self.average_per_year?,
            present_value: self.present_value,
            kept: self.kept,
            forfeited: self.forfeited,
            kept_present_value: self.kept_present_value,
            after_tax: self.after_tax,
            kept_after_tax: self.kept_after_tax,
            components: self.components.clone(),
        })
    }
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

/// An offer's money figures in one currency: the total and its periods,
/// and, where asked for, present value, what is kept on leaving (and its
/// present value), and the figures after the given tax rates. Reporting
/// currencies, real terms and price scenarios each have one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Figures {
    /// The total, rounded once.
    pub total: Money,
    /// Each period, summing to the total.
    pub periods: Vec<Money>,
    /// The total over the number of periods.
    pub average_per_year: Money,
    /// Present value at the offer's discount rate.
    pub present_value: Option<Money>,
    /// Kept on leaving.
    pub kept: Option<Money>,
    /// Forfeited on leaving.
    pub forfeited: Option<Money>,
    /// The present value of what is kept: each kept payment discounted
    /// from its date, a clawback's repayment from the leaving date.
    pub kept_present_value: Option<Money>,
    /// The total after the given tax rates, when every component has one.
    pub after_tax: Option<Money>,
    /// What is kept after the same rates, when every component has one.
    pub kept_after_tax: Option<Money>,
    /// Each component: total, kept, forfeited, after tax.
    pub components: Vec<ComponentFigures>,
}

impl Figures {
    /// The first period.
    pub fn first_year(&self) -> Option<Money> {
        self.periods.first().copied()
    }

    /// The names of [`Figures::headline`], as claim paths and JSON
    /// fields give them.
    pub const NAMES: [&'static str; 7] = [
        "total",
        "present_value",
        "kept",
        "forfeited",
        "kept_present_value",
        "after_tax",
        "kept_after_tax",
    ];

    /// The whole offer's figures in a fixed order, each by its name in
    /// [`Figures::NAMES`].
    pub fn headline(&self) -> [(&'static str, Option<Money>); 7] {
        let [a, b, c, d, e, f, g] = Self::NAMES;
        [
            (a, Some(self.total)),
            (b, self.present_value),
            (c, self.kept),
            (d, self.forfeited),
            (e, self.kept_present_value),
            (f, self.after_tax),
            (g, self.kept_after_tax),
        ]
    }
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
    /// The date of the rate (`as-of`) or of the latest one used
    /// (`paid-on`), and whether any was stale or the latest available.
    pub rates: Converted,
    /// The figures.
    pub figures: Figures,
    /// Each period by component, exact (for charts).
    pub by_component: Vec<Vec<Decimal>>,
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
    /// Double-trigger units that vest on their schedule but are never paid
    /// in the offer's figures: no liquidity event is given, or it comes
    /// after they expire.
    Unsettled {
        /// The component.
        label: String,
        /// The units.
        shares: Decimal,
        /// The liquidity event assumed, if any.
        liquidity: Option<NaiveDate>,
        /// When unsettled units lapse, if they do.
        expires: Option<NaiveDate>,
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
pub(super) struct Restated {
    pub(super) figures: Figures,
    pub(super) cells: Vec<Vec<Decimal>>,
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
    /// The figures.
    pub figures: Figures,
}
