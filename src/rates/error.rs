//! What a lookup or a conversion cannot do, and why.

use std::fmt;

use chrono::NaiveDate;

use crate::currency::{Currency, UnknownCurrency};

/// A lookup or conversion that cannot be done.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RateError {
    /// The code is not a currency.
    Unknown(UnknownCurrency),
    /// The table has no rates for the currency.
    NoSeries {
        /// The currency.
        currency: Currency,
        /// The table's source.
        source: String,
    },
    /// The date is before the currency's first rate.
    BeforeFirst {
        /// The currency.
        currency: Currency,
        /// The date asked for.
        on: NaiveDate,
        /// The currency's first rate.
        first: NaiveDate,
        /// The currency's last rate.
        last: NaiveDate,
    },
    /// The latest rate is older than the table allows.
    Stale {
        /// The currency.
        currency: Currency,
        /// The date asked for.
        on: NaiveDate,
        /// The date of the latest rate on or before it.
        rate_date: NaiveDate,
        /// Days between the two (against the table's last date when asked
        /// after it).
        age: i64,
        /// The next rate of the currency, if the series resumes.
        resumes: Option<NaiveDate>,
        /// The table's source.
        source: String,
    },
    /// No day of an average's period has a rate.
    NoDays {
        /// The period's first day.
        start: NaiveDate,
        /// Its last.
        end: NaiveDate,
    },
    /// The tables to layer have different bases.
    BaseMismatch(Currency, Currency),
    /// The result exceeds 28 digits.
    Overflow,
    /// A cross rate below 10^-28, beyond a decimal's precision.
    Underflow,
    /// A result too large to be held to the currency's minor unit in 28
    /// digits (the cents of 10^28 dollars).
    BeyondMinorUnit {
        /// The currency of the result.
        currency: Currency,
    },
    /// The built-in table did not decode (a broken build).
    Builtin,
}

impl fmt::Display for RateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RateError::Unknown(u) => write!(f, "{u}"),
            RateError::NoSeries { currency, source } => {
                write!(f, "no rates for {currency} in the rate table ({source})")
            }
            RateError::BeforeFirst {
                currency,
                on,
                first,
                last,
            } => write!(
                f,
                "no {currency} rate on or before {on}: the table has {currency} from {first} to {last}"
            ),
            RateError::Stale {
                currency,
                on,
                rate_date,
                age,
                resumes,
                source,
            } => match resumes {
                None => write!(
                    f,
                    "no {currency} rate since {rate_date}, {age} days before {on}: \
                     {source} has published none after it"
                ),
                Some(next) => write!(
                    f,
                    "no {currency} rate from {rate_date} to {next}: the latest on or \
                     before {on} is {age} days old ({source})"
                ),
            },
            RateError::NoDays { start, end } => {
                write!(
                    f,
                    "the rate table has no rate from {start} to {end} to average"
                )
            }
            RateError::BaseMismatch(a, b) => {
                write!(
                    f,
                    "rate tables with different bases ({a} and {b}) cannot be layered"
                )
            }
            RateError::Overflow => write!(f, "conversion overflows: the result exceeds 28 digits"),
            RateError::Underflow => write!(
                f,
                "the cross rate is below 0.0000000000000000000000000001, beyond 28 decimal places"
            ),
            RateError::Builtin => write!(f, "the built-in rate table is damaged; rebuild dealcalc"),
            RateError::BeyondMinorUnit { currency } => write!(
                f,
                "the result in {} has more than {} digits before the decimal mark: with its {} it would not fit a decimal's 28 digits",
                currency,
                28 - currency.minor_units(),
                match currency.minor_units() {
                    0 => "units".to_owned(),
                    1 => "1 decimal place".to_owned(),
                    n => format!("{n} decimal places"),
                }
            ),
        }
    }
}

impl std::error::Error for RateError {}

impl RateError {
    /// A suggestion, where one helps.
    pub fn hint(&self) -> Option<String> {
        match self {
            RateError::Unknown(u) => u.suggestion.map(|s| format!("did you mean `{s}`?")),
            RateError::NoSeries { .. } => {
                Some("`dealcalc rates info` lists the currencies the table has".to_owned())
            }
            // Worded for every place a date comes from (`--on`, a batch
            // row, a scenario's `on` or `as_of`): no flag the context
            // cannot take.
            RateError::BeforeFirst { first, .. } => Some(format!(
                "ask for a date from {first} on, or give a table that reaches back (`--rates`)"
            )),
            RateError::Stale { age, rate_date, .. } => Some(format!(
                "pass `--max-stale {age}` to use the rate of {rate_date} anyway (it is then \
                 flagged stale)"
            )),
            _ => None,
        }
    }
}
