//! User text read into checked values, with errors that point into it:
//! amounts become money, dates are real calendar dates.

use std::sync::Arc;

use chrono::NaiveDate;

use crate::amount::{Amount, Unit};
use crate::currency::{Currencies, Currency};
use crate::error::{Cause, Error, Input, Result};
use crate::money::Money;

/// An amount that must be money: `$100M` -> 100000000 USD. `default` is
/// the currency for a bare number, if any.
pub fn money(
    input: &Arc<Input>,
    currencies: &Currencies,
    default: Option<Currency>,
) -> Result<(Money, Amount)> {
    money_at(input, 0, &input.text, currencies, default)
}

/// Like [`money`], for text found at `offset` in a larger input.
pub fn money_at(
    input: &Arc<Input>,
    offset: usize,
    text: &str,
    currencies: &Currencies,
    default: Option<Currency>,
) -> Result<(Money, Amount)> {
    let amount = Amount::parse(text).map_err(|e| Error::from(e).at(input, offset))?;
    let currency = match &amount.unit {
        Unit::Currency(code, span) => currencies.resolve(*code).map_err(|u| {
            let hint = u.suggestion.map(|s| format!("did you mean `{s}`?"));
            Error::new(Cause::Invalid {
                message: format!("unknown currency `{code}`"),
                span: Some(span.clone()),
                hint,
            })
            .at(input, offset)
        })?,
        Unit::Number => default.ok_or_else(|| {
            Error::invalid(format!("`{}` has no currency", text.trim()))
                .with(
                    Some(0..text.len()),
                    Some("write it as `$100M`, `100M USD` or `85 M€`".into()),
                )
                .at(input, offset)
        })?,
        Unit::Percent => {
            return Err(Error::invalid(format!(
                "`{}` is a percentage, not an amount of money",
                text.trim()
            ))
            .with(Some(0..text.len()), None)
            .at(input, offset));
        }
    };
    Ok((Money::new(amount.value, currency), amount))
}

/// A currency code alone: `EUR`, `usd`, or a symbol such as `€`.
pub fn currency(input: &Arc<Input>, currencies: &Currencies) -> Result<Currency> {
    let text = input.text.trim();
    let code = crate::amount::Code::new(text).or_else(|| {
        Amount::parse(&format!("1 {text}"))
            .ok()
            .and_then(|a| a.code())
    });
    let Some(code) = code else {
        return Err(Error::invalid(format!("`{text}` is not a currency"))
            .with(
                Some(0..input.text.len()),
                Some("write an ISO 4217 code such as `EUR`".into()),
            )
            .at(input, 0));
    };
    currencies.resolve(code).map_err(|u| {
        Error::invalid(format!("unknown currency `{text}`"))
            .with(
                Some(0..input.text.len()),
                u.suggestion.map(|s| format!("did you mean `{s}`?")),
            )
            .at(input, 0)
    })
}

/// A calendar date `YYYY-MM-DD`; `2025-02-30` is an error.
pub fn date(input: &Arc<Input>) -> Result<NaiveDate> {
    let text = input.text.trim();
    crate::rates::parse_date(text).ok_or_else(|| {
        let shape_ok = text.len() == 10 && text.as_bytes().get(4) == Some(&b'-');
        let message = if shape_ok {
            format!("`{text}` is not a calendar date")
        } else {
            format!("`{text}` is not a date")
        };
        Error::invalid(message)
            .with(
                Some(0..input.text.len()),
                Some("write dates as YYYY-MM-DD, such as 2025-07-08".into()),
            )
            .at(input, 0)
    })
}

/// A fraction: `49%`, `49 percent`, `0.49`. A bare number above 1 is an
/// error (49 could be 49% or 4900%).
pub fn fraction(input: &Arc<Input>) -> Result<rust_decimal::Decimal> {
    let a = Amount::parse(&input.text).map_err(|e| Error::from(e).at(input, 0))?;
    let whole = Some(0..input.text.len());
    match a.unit {
        Unit::Percent => Ok(a.value),
        Unit::Number if a.value.abs() <= rust_decimal::Decimal::ONE => Ok(a.value),
        Unit::Number => Err(
            Error::invalid(format!("`{}` is not a fraction", input.text.trim()))
                .with(
                    whole,
                    Some(format!("write `{}%` for a percentage", a.value)),
                )
                .at(input, 0),
        ),
        Unit::Currency(..) => Err(Error::invalid(format!(
            "`{}` is money, not a percentage",
            input.text.trim()
        ))
        .with(whole, Some("write a percentage such as `49%`".into()))
        .at(input, 0)),
    }
}

/// A count such as a number of shares: `4800`, `433.3 million`, `3.94B`.
pub fn count(input: &Arc<Input>) -> Result<rust_decimal::Decimal> {
    let a = Amount::parse(&input.text).map_err(|e| Error::from(e).at(input, 0))?;
    match a.unit {
        Unit::Number if a.value > rust_decimal::Decimal::ZERO => Ok(a.value),
        _ => Err(Error::invalid(format!(
            "`{}` is not a positive number of shares",
            input.text.trim()
        ))
        .with(Some(0..input.text.len()), None)
        .at(input, 0)),
    }
}
