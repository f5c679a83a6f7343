//! Why an offer cannot be evaluated: each problem as data, and where it
//! is, a pay component (by its index) and its field, or a key of the
//! offer, so that a file's reader points at the field at fault rather
//! than at the whole offer.

use std::fmt;

use chrono::NaiveDate;

use crate::currency::Currency;
use crate::index::IndexError;
use crate::limits::Exceeded;
use crate::rates::RateError;
use crate::schedule::ScheduleError;

/// An offer that cannot be evaluated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OfferError {
    /// A vesting schedule that cannot be split.
    Schedule(ScheduleError),
    /// Components in different currencies.
    Currencies(Currency, Currency),
    /// A bonus given as a percentage with no salary.
    BonusWithoutSalary,
    /// Amounts past a decimal's 28 digits.
    TooLarge,
    /// The caller stopped the work ([`crate::cancel`]).
    Cancelled,
    /// No component pays anything.
    PaysNothing,
    /// More vesting dates than an offer may make.
    Limit(Exceeded),
    /// A date past 9999-12-31.
    BeyondCalendar,
    /// A conversion into the reporting currency or to dollars.
    Rate(RateError),
    /// The price index.
    Index(IndexError),
    /// A price index without monthly values.
    NoMonthlyIndex(String),
    /// A payment past the index's last month, with no inflation assumed.
    PastIndex {
        /// The payment's date.
        on: NaiveDate,
        /// The index.
        index: String,
        /// Its last month: year and month.
        last: (i32, u32),
    },
    /// A month the index never published, with no interpolation asked.
    Unpublished(IndexError),
    /// An inflation assumed at or below -100%.
    InflationFloor,
    /// A discount rate at or below -100%.
    DiscountFloor,
    /// A share price growth at or below -100%.
    GrowthFloor,
    /// A share price at or below zero.
    PriceNotPositive,
    /// An ESPP with no salary to contribute from.
    EsppWithoutSalary,
    /// An ESPP with fewer listed prices than period boundaries.
    EsppPrices,
    /// An ESPP whose periods (months) do not divide the salary's months.
    EsppPeriods(u32, u32),
    /// A currency unknown to the rate table.
    UnknownCurrency(String),
    /// One of the above, under one of the offer's price scenarios.
    InScenario {
        /// The scenario.
        name: String,
        /// What is wrong.
        error: Box<OfferError>,
    },
    /// One of the above, about a pay component (its index among the
    /// offer's) and, where one is at fault, its field.
    In {
        /// The component.
        component: usize,
        /// Its field.
        field: Option<&'static str>,
        /// What is wrong.
        error: Box<OfferError>,
    },
}

impl OfferError {
    /// The same error about component `component` (and its `field`),
    /// unless it is already about one.
    #[must_use]
    pub fn in_component(self, component: usize, field: Option<&'static str>) -> OfferError {
        match self {
            placed @ OfferError::In { .. } => placed,
            error => OfferError::In {
                component,
                field,
                error: Box::new(error),
            },
        }
    }

    /// The component it is about, and its field.
    pub fn component(&self) -> Option<(usize, Option<&'static str>)> {
        match self {
            OfferError::In {
                component, field, ..
            } => Some((*component, *field)),
            OfferError::InScenario { error, .. } => error.component(),
            _ => None,
        }
    }

    /// The problem, wherever it is.
    pub fn problem(&self) -> &OfferError {
        match self {
            OfferError::In { error, .. } | OfferError::InScenario { error, .. } => error.problem(),
            other => other,
        }
    }

    /// What to do about it, where something can be said.
    pub fn hint(&self) -> Option<String> {
        if let OfferError::InScenario { error, .. } = self
            && let OfferError::Currencies(offer, _) = error.problem()
        {
            return Some(format!(
                "write the scenario's share price in the offer's currency, {offer}"
            ));
        }
        match self.problem() {
            OfferError::Rate(e) => e.hint(),
            OfferError::EsppWithoutSalary => Some(
                "give the offer a `salary` component: the contribution is a share of it".into(),
            ),
            OfferError::BonusWithoutSalary => Some(
                "give the offer a `salary` component, or the bonus an amount (`target = \"$30k\"`)"
                    .into(),
            ),
            OfferError::Currencies(..) => Some(
                "write every component in one currency; the file's `currency` compares offers in one"
                    .into(),
            ),
            OfferError::Limit(_) => Some(
                "vest less often (quarterly) or over fewer years, or grant fewer refreshers".into(),
            ),
            _ => None,
        }
    }
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
            OfferError::TooLarge => f.write_str("the offer's amounts exceed 28 digits"),
            OfferError::Cancelled => write!(f, "{}", crate::cancel::Cancelled),
            OfferError::PaysNothing => f.write_str("the offer pays nothing"),
            OfferError::Limit(e) => write!(f, "{e}"),
            OfferError::BeyondCalendar => f.write_str("a date is beyond the calendar"),
            OfferError::Rate(e) => write!(f, "{e}"),
            OfferError::Index(e) => write!(f, "{e}"),
            OfferError::NoMonthlyIndex(index) => write!(f, "{index} has no monthly values"),
            OfferError::PastIndex {
                on,
                index,
                last: (y, m),
            } => write!(
                f,
                "a payment on {on} is past the last month of {index} ({y}-{m:02}): real terms for it need the inflation you assume, such as `inflation = \"2.5%\"`"
            ),
            OfferError::Unpublished(e) => write!(
                f,
                "{e}; to read it between the months either side, add `cpi_gaps = \"interpolate\"`"
            ),
            OfferError::InflationFloor => f.write_str("the inflation assumed must be above -100%"),
            OfferError::DiscountFloor => f.write_str("the discount rate must be above -100%"),
            OfferError::GrowthFloor => f.write_str("price growth must be above -100%"),
            OfferError::PriceNotPositive => f.write_str("the share price must be positive"),
            OfferError::EsppWithoutSalary => {
                f.write_str("an `espp` component buys shares from salary, and the offer has none")
            }
            OfferError::EsppPeriods(period, months) => write!(
                f,
                "an `espp` component's {period}-month periods do not divide the salary's {months} months"
            ),
            OfferError::EsppPrices => {
                f.write_str("an `espp` component needs a price at every period's start and end")
            }
            OfferError::UnknownCurrency(why) => f.write_str(why),
            OfferError::In { error, .. } => write!(f, "{error}"),
            OfferError::InScenario { name, error } => {
                write!(f, "at the share price of scenario `{name}`: {error}")
            }
        }
    }
}

impl std::error::Error for OfferError {}

impl From<ScheduleError> for OfferError {
    fn from(e: ScheduleError) -> Self {
        OfferError::Schedule(e)
    }
}
