//! Why an offer cannot be evaluated.

use std::fmt;

use crate::currency::Currency;
use crate::schedule::{self};

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
