//! Cross rates: a conversion through the base currency as one exact
//! fraction.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::error::RateError;
use super::{Quote, RateTable};
use crate::currency::Currency;

/// The rates of a conversion: each currency's rate against the base, or
/// none for the base itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cross {
    /// Rate of the currency converted from.
    pub from: Option<Quote>,
    /// Rate of the currency converted into.
    pub to: Option<Quote>,
}

impl Cross {
    /// The cross rate as one fraction: `to / from`, each leg itself a
    /// fraction (an inverse rate is 1 over its published figure).
    fn fraction(&self) -> Result<(Decimal, Decimal), RateError> {
        let one = (Decimal::ONE, Decimal::ONE);
        let (f, t) = (
            self.from.map_or(one, |q| q.ratio),
            self.to.map_or(one, |q| q.ratio),
        );
        let mul = |a: Decimal, b: Decimal| a.checked_mul(b).ok_or(RateError::Overflow);
        Ok((mul(t.0, f.1)?, mul(f.0, t.1)?))
    }

    /// `amount * to_rate / from_rate`, multiplying first: one rounding.
    /// With an inverse rate (dollars per euro, 1.2136), 100 EUR is 100 x
    /// 1.2136 = 121.36 USD exactly.
    pub fn apply(&self, amount: Decimal) -> Result<Decimal, RateError> {
        let (numerator, denominator) = self.fraction()?;
        let product = amount.checked_mul(numerator).ok_or(RateError::Overflow)?;
        if denominator == Decimal::ONE {
            return Ok(product);
        }
        product.checked_div(denominator).ok_or(RateError::Overflow)
    }

    /// Units of `to` per unit of `from`. A rate too small for 28 decimal
    /// places (1 JPY in a currency worth 10^54 yen) is an error, never 0.
    pub fn rate(&self) -> Result<Decimal, RateError> {
        let (numerator, denominator) = self.fraction()?;
        if denominator == Decimal::ONE {
            return Ok(numerator);
        }
        let rate = numerator
            .checked_div(denominator)
            .ok_or(RateError::Overflow)?;
        if rate.is_zero() {
            return Err(RateError::Underflow);
        }
        Ok(rate)
    }

    /// Units of `from` per unit of `to`: the rate the other way round, from
    /// the same published figures, so USD into EUR on 2025-07-08 (0.85338795
    /// EUR a dollar) quotes 1 EUR = 1.1718 USD exactly, not 1/0.85338795...
    pub fn inverse(&self) -> Result<Decimal, RateError> {
        Cross {
            from: self.to,
            to: self.from,
        }
        .rate()
    }

    /// The older of the two rates' dates (`on` when both are the base).
    pub fn rate_date(&self, on: NaiveDate) -> NaiveDate {
        match (self.from, self.to) {
            (Some(a), Some(b)) => a.date.min(b.date),
            (Some(q), None) | (None, Some(q)) => q.date,
            (None, None) => on,
        }
    }
}

impl RateTable {
    /// The two rates against the base that convert `from` into `to` on a
    /// date; no allocation, for converting many amounts.
    pub fn cross(&self, from: Currency, to: Currency, on: NaiveDate) -> Result<Cross, RateError> {
        let leg = |c: Currency| -> Result<Option<Quote>, RateError> {
            if c == self.base {
                Ok(None)
            } else {
                self.quote(c, on).map(Some)
            }
        };
        let from_quote = leg(from)?;
        let to_quote = if to == from { from_quote } else { leg(to)? };
        Ok(Cross {
            from: from_quote,
            to: to_quote,
        })
    }
}
