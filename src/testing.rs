//! Helpers for the library's unit tests: exact decimals, dollars and
//! dates written as text, so that a test reads as its worked numbers do.

use std::str::FromStr;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::amount::Code;
use crate::currency::Currency;
use crate::money::Money;

/// `d("1.1718")`: the decimal as written.
pub fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

/// `usd("5200000")`: US dollars as written.
pub fn usd(s: &str) -> Money {
    Money::new(d(s), Currency::iso(Code::new("USD").unwrap()).unwrap())
}

/// `date("2025-07-08")`.
pub fn date(s: &str) -> NaiveDate {
    NaiveDate::from_str(s).unwrap()
}
