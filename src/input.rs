//! User text read into checked values, with errors that point into it:
//! amounts become money, dates are real calendar dates.

use std::sync::Arc;

use chrono::NaiveDate;

use crate::amount::{Amount, Reading, Unit};
use crate::currency::{Currencies, Currency};
use crate::error::{Cause, Error, Input, Result};
use crate::money::Money;

/// An amount that must be money: `$100M` -> 100000000 USD. `default` is
/// the currency of a bare number (`--from`); it is also what a bare `$`,
/// `¥`, `£` or `kr` stands for when it writes one (`'$100' --from CAD` is
/// 100 CAD), and a code that contradicts it is an error.
pub fn money(
    input: &Arc<Input>,
    currencies: &Currencies,
    reading: &Reading,
    default: Option<Currency>,
) -> Result<(Money, Amount)> {
    money_at(input, 0, &input.text, currencies, reading, default)
}

/// Like [`money`], for text found at `offset` in a larger input.
pub fn money_at(
    input: &Arc<Input>,
    offset: usize,
    text: &str,
    currencies: &Currencies,
    reading: &Reading,
    default: Option<Currency>,
) -> Result<(Money, Amount)> {
    let reading = match default {
        Some(d) => reading.clone().with_default(d.code()),
        None => reading.clone(),
    };
    let amount = plain(input, offset, text, &reading)?;
    let money = money_of(input, offset, text, &amount, currencies, default)?;
    Ok((money, amount))
}

/// The money of a parsed amount: its currency resolved (ISO 4217 or the
/// rate table's), `default` for a bare number, and an error for a code
/// that contradicts `default`.
pub fn money_of(
    input: &Arc<Input>,
    offset: usize,
    text: &str,
    amount: &Amount,
    currencies: &Currencies,
    default: Option<Currency>,
) -> Result<Money> {
    let currency = match &amount.unit {
        Unit::Currency(code, span) => {
            let c = currencies.resolve(*code).map_err(|u| {
                let hint = u.suggestion.map(|s| format!("did you mean `{s}`?"));
                Error::new(Cause::Invalid {
                    message: format!("unknown currency `{code}`"),
                    span: Some(span.clone()),
                    hint,
                })
                .at(input, offset)
            })?;
            if let Some(d) = default.filter(|d| *d != c) {
                return Err(Error::invalid(format!(
                    "`{}` is in {c}, but the currency given is {d}",
                    text.trim()
                ))
                .with(
                    Some(span.clone()),
                    Some(format!(
                        "drop the currency from the amount, or give {c} as its currency"
                    )),
                )
                .at(input, offset));
            }
            c
        }
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
    Ok(Money::new(amount.value, currency))
}

/// Parses text that states a figure rather than reports one: a qualifier
/// (`more than`, `about`, `près de`) is an error, since only a printed
/// figure (a claim's `says`) may carry one.
pub fn plain(input: &Arc<Input>, offset: usize, text: &str, reading: &Reading) -> Result<Amount> {
    let amount = Amount::parse_with(text, reading).map_err(|e| Error::from(e).at(input, offset))?;
    if let Some(q) = &amount.qualifier {
        let words = text.get(q.clone()).unwrap_or_default();
        return Err(Error::invalid(format!(
            "`{words}` makes `{}` a printed figure, not a value",
            text.trim()
        ))
        .with(
            Some(q.clone()),
            Some("only a claim's `says` may carry a qualifier: drop it here".into()),
        )
        .at(input, offset));
    }
    Ok(amount)
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
pub fn fraction(input: &Arc<Input>, reading: &Reading) -> Result<rust_decimal::Decimal> {
    let a = plain(input, 0, &input.text, reading)?;
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
pub fn count(input: &Arc<Input>, reading: &Reading) -> Result<rust_decimal::Decimal> {
    let a = plain(input, 0, &input.text, reading)?;
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

/// Where a TOML error that lost its place most likely is: the line that
/// nests deepest (dotted keys, `[` and `{`), for toml's "recursion limit"
/// on a 5,000-deep `[a.a.a...]`.
pub fn deepest_key(text: &str) -> Option<std::ops::Range<usize>> {
    let mut best: Option<(usize, std::ops::Range<usize>)> = None;
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let start = at;
        at += line.len();
        let depth = line
            .bytes()
            .filter(|b| matches!(b, b'.' | b'[' | b'{'))
            .count();
        if best.as_ref().is_none_or(|(d, _)| depth > *d) {
            let end = start + line.trim_end_matches(['\n', '\r']).len();
            best = Some((depth, start..end));
        }
    }
    best.map(|(_, span)| span)
}
