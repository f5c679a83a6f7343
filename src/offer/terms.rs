//! What each pay component is and pays: its kind and terms.

use std::fmt;

use rust_decimal::Decimal;

use crate::money::Money;
use crate::schedule::Vesting;

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
    /// An employee stock purchase plan: shares bought from salary at a
    /// discount.
    Espp,
}

impl Kind {
    /// Every kind, in a fixed order (charts colour components by it).
    pub const ALL: [Kind; 8] = [
        Kind::Salary,
        Kind::Bonus,
        Kind::Signing,
        Kind::Retention,
        Kind::Equity,
        Kind::Grant,
        Kind::Options,
        Kind::Espp,
    ];

    /// The kinds a scenario file names.
    pub const NAMES: &'static [&'static str] = &[
        "salary",
        "bonus",
        "signing",
        "retention",
        "equity",
        "options",
        "espp",
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
            Kind::Espp => "espp",
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

/// When double-trigger units settle: at a liquidity event (an IPO, a
/// sale), not before, and not at all once they expire.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Liquidity {
    /// The liquidity event, when one is assumed; none leaves every unit
    /// unsettled.
    pub on: Option<chrono::NaiveDate>,
    /// Months after the grant after which unsettled units lapse (`7y`).
    pub expire: Option<u32>,
    /// Leaving keeps units vested but not yet paid (most late-stage
    /// plans: they settle at the event, if it comes before they expire);
    /// some plans forfeit them, and with `false` leaving keeps only units
    /// already paid.
    pub kept_on_leaving: bool,
}

/// An ESPP's share prices: at each purchase period's start and end, or a
/// price at the start growing at a yearly rate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EsppPrices {
    /// One price per period boundary: the first period's start, then each
    /// period's end (n + 1 prices for n periods).
    Listed(Vec<Money>),
    /// A price at the start, grown at `growth` a year (by day, as equity's).
    Growing {
        /// The price at the start.
        price: Money,
        /// Growth a year (0.1 for 10%).
        growth: Decimal,
    },
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
        /// Double-trigger units: vested on the schedule, paid at the
        /// liquidity event (see [`Liquidity`]).
        liquidity: Option<Liquidity>,
    },
    /// An employee stock purchase plan: a share of salary set aside each
    /// purchase period buys whole shares at its end, at `1 - discount` of
    /// the end price, or with a lookback of the lower of the start and end
    /// prices; what it adds to pay is the gain, the shares' value at the
    /// end price less what they cost (what is not spent on a whole share
    /// is returned, and leaving before a purchase returns that period's
    /// money). With a lookback and a 15% discount, a price of $10 at the
    /// start and $20 at the end buys at $8.50, $11.50 a share below the
    /// market (myStockOptions' lookback example).
    Espp {
        /// A share of salary, 0.1 for 10%.
        contribution: Decimal,
        /// Below the price paid, 0.15 for 15%.
        discount: Decimal,
        /// The lower of the period's start and end prices.
        lookback: bool,
        /// Months in a purchase period.
        period: u32,
        /// How many periods (default: as many as the salary's years hold).
        periods: Option<u32>,
        /// The prices.
        prices: EsppPrices,
    },
}

/// A share price under a scenario: a price, or a change of the offer's
/// own price path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PriceChange {
    /// `"$10"`: the share is worth this at every vest, whatever the
    /// offer's price and growth.
    To(Money),
    /// `"-50%"` as -0.5: each vest's price on the offer's own path (its
    /// price grown at its growth), times one plus this.
    By(Decimal),
}

impl PriceChange {
    /// The share price under the change, from the price on the offer's
    /// own path: `"-50%"` of $20 is $10; `"$40"` of anything is $40.
    ///
    /// ```
    /// use dealcalc::offer::PriceChange;
    /// use rust_decimal::Decimal;
    /// let half = PriceChange::By(Decimal::new(-5, 1));
    /// assert_eq!(half.apply(Some(Decimal::from(20))), Some(Decimal::from(10)));
    /// // No price of its own: only a price given outright values it.
    /// assert_eq!(half.apply(None), None);
    /// ```
    pub fn apply(&self, own: Option<Decimal>) -> Option<Decimal> {
        match self {
            PriceChange::To(m) => Some(m.amount),
            PriceChange::By(f) => own?.checked_mul(Decimal::ONE + f),
        }
    }
}

/// One of an offer's share price scenarios (`bear = "$10"`): every equity
/// and options component valued at its price, the shares granted
/// unchanged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PriceScenario {
    /// Its name (`bear`).
    pub name: String,
    /// The price.
    pub change: PriceChange,
}

/// How a grant's shares are valued: the price at grant, its growth, and
/// for options the strike; under a price scenario, the share price it
/// sets (the shares granted are counted at the offer's own price).
pub(super) struct Valuation {
    pub(super) price: Option<Money>,
    pub(super) growth: Decimal,
    pub(super) strike: Option<Money>,
    pub(super) at: Option<PriceChange>,
    pub(super) liquidity: Option<Liquidity>,
}
