//! The reading context of a file and its field readers: each reads one
//! TOML value as money, a number, a fraction, a date, a currency, a
//! vesting or a duration, keeping where it was written so that an error
//! points at it.

use std::sync::Arc;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use toml::{Spanned, Value};

use crate::amount::{Amount, AmountError, Reading, Unit};
use crate::currency::{Currencies, Currency};
use crate::error::{Error, Input, Result};
use crate::money::Money;
use crate::schedule::Vesting;

use super::raw::{Field, Text};

/// Reading context: the input, for errors, the currencies, and how the
/// file's figures are read (its `numbers` and `symbols`).
pub(super) struct Ctx<'a> {
    pub(super) input: &'a Arc<Input>,
    pub(super) currencies: &'a Currencies,
    pub(super) reading: Reading,
}

/// An amount error in a scenario file, with the file's own hint (its
/// `numbers` key rather than the `--numbers` flag).
pub(super) fn in_file(e: AmountError) -> Error {
    let hint = e.hint_in_file();
    Error::from(e).with(None, hint)
}

impl Ctx<'_> {
    pub(super) fn err(
        &self,
        span: std::ops::Range<usize>,
        message: impl Into<String>,
        hint: Option<String>,
    ) -> Error {
        Error::invalid(message)
            .with(Some(span), hint)
            .at(self.input, 0)
    }

    /// Where the content of a string value starts, if it is written
    /// without escapes (so spans inside it map to the file).
    pub(super) fn string_offset(
        &self,
        span: &std::ops::Range<usize>,
        content: &str,
    ) -> Option<usize> {
        let raw = self.input.text.get(span.clone())?;
        let quote = raw.chars().next()?;
        let inner = raw.get(quote.len_utf8()..raw.len().checked_sub(quote.len_utf8())?)?;
        (inner == content).then_some(span.start + quote.len_utf8())
    }

    /// Parses a figure written in a string, errors pointing inside it. A
    /// qualifier is kept: this is for a claim's `says`.
    pub(super) fn figure_text(&self, text: &Text) -> Result<Amount> {
        let span = text.span();
        Amount::parse_with(text.get_ref(), &self.reading).map_err(|e| {
            match self.string_offset(&span, text.get_ref()) {
                Some(offset) => in_file(e).at(self.input, offset),
                None => self.err(span, e.to_string(), e.hint_in_file()),
            }
        })
    }

    /// Parses an amount that states a value: a qualifier is an error.
    pub(super) fn amount_text(&self, text: &Text) -> Result<Amount> {
        let span = text.span();
        let a = self.figure_text(text)?;
        if let Some(q) = &a.qualifier {
            let words = text.get_ref().get(q.clone()).unwrap_or_default();
            let message = format!(
                "`{words}` makes `{}` a printed figure, not a value",
                text.get_ref().trim()
            );
            let hint = Some("only a claim's `says` may carry a qualifier: drop it here".into());
            return Err(match self.string_offset(&span, text.get_ref()) {
                Some(offset) => self.err(q.start + offset..q.end + offset, message, hint),
                None => self.err(span, message, hint),
            });
        }
        Ok(a)
    }

    pub(super) fn string<'v>(
        &self,
        f: &'v Field,
        what: &str,
    ) -> Result<(&'v str, std::ops::Range<usize>)> {
        match f.get_ref() {
            Value::String(s) => Ok((s.as_str(), f.span())),
            other => Err(self.err(
                f.span(),
                format!("`{what}` must be a string, not {}", other.type_str()),
                Some(format!("write it in quotes, as `{what} = \"...\"`")),
            )),
        }
    }

    pub(super) fn as_text(&self, f: &Field, what: &str) -> Result<Text> {
        let (s, span) = self.string(f, what)?;
        Ok(Spanned::new(span, s.to_owned()))
    }

    pub(super) fn money(&self, f: &Field, what: &str) -> Result<Money> {
        let text = self.as_text(f, what)?;
        let span = text.span();
        let offset = self.string_offset(&span, text.get_ref());
        let in_string = |e: Error| match &e.cause {
            crate::error::Cause::Amount(a) => {
                let hint = a.hint_in_file();
                e.with(None, hint)
            }
            _ => e,
        };
        match offset {
            Some(o) => crate::input::money_at(
                self.input,
                o,
                text.get_ref(),
                self.currencies,
                &self.reading,
                None,
            )
            .map(|m| m.0)
            .map_err(in_string),
            None => crate::input::money_at(
                &Input::new(
                    format!("{what} in {}", self.input.name),
                    text.get_ref().as_str(),
                ),
                0,
                text.get_ref(),
                self.currencies,
                &self.reading,
                None,
            )
            .map(|m| m.0)
            .map_err(|e| self.err(span, e.message(), in_string(e.clone()).hint())),
        }
    }

    /// The money of an amount already read from `text`.
    pub(super) fn money_of(&self, text: &Text, amount: &Amount) -> Result<Money> {
        let span = text.span();
        match self.string_offset(&span, text.get_ref()) {
            Some(o) => {
                crate::input::money_of(self.input, o, text.get_ref(), amount, self.currencies, None)
            }
            None => {
                let input = Input::new(self.input.name.clone(), text.get_ref().as_str());
                crate::input::money_of(&input, 0, text.get_ref(), amount, self.currencies, None)
                    .map_err(|e| self.err(span, e.message(), e.hint()))
            }
        }
    }

    /// A number: a TOML integer or float read exactly as written, or a string.
    pub(super) fn number(&self, f: &Field, what: &str) -> Result<Decimal> {
        let span = f.span();
        let raw = self
            .input
            .text
            .get(span.clone())
            .unwrap_or_default()
            .replace('_', "");
        match f.get_ref() {
            Value::Integer(_) | Value::Float(_) => crate::numbers::exact_decimal(&raw)
                .map_err(|why| self.err(span, format!("`{raw}` {why}"), None)),
            Value::String(_) => {
                let a = self.amount_text(&self.as_text(f, what)?)?;
                match a.unit {
                    Unit::Number => Ok(a.value),
                    _ => Err(self.err(
                        span,
                        format!("`{what}` is a plain number, not {}", unit_name(&a.unit)),
                        None,
                    )),
                }
            }
            other => Err(self.err(
                span,
                format!("`{what}` must be a number, not {}", other.type_str()),
                None,
            )),
        }
    }

    /// A percentage or fraction: `"8%"`, `0.08`, `"0.08"`.
    pub(super) fn fraction(&self, f: &Field, what: &str) -> Result<Decimal> {
        let span = f.span();
        let value = match f.get_ref() {
            Value::String(_) => {
                let a = self.amount_text(&self.as_text(f, what)?)?;
                match a.unit {
                    Unit::Percent => return Ok(a.value),
                    Unit::Number => a.value,
                    Unit::Currency(..) => {
                        return Err(self.err(
                            span,
                            format!("`{what}` is a percentage, not an amount of money"),
                            Some("write it as `8%` or `0.08`".into()),
                        ));
                    }
                }
            }
            _ => self.number(f, what)?,
        };
        if value.abs() > Decimal::ONE {
            return Err(self.err(
                span,
                format!("`{what}` = {value} is ambiguous as a fraction"),
                Some(format!(
                    "write `{value}%` for a percentage, or a fraction such as `0.{}`",
                    value.trunc()
                )),
            ));
        }
        Ok(value)
    }

    pub(super) fn whole(&self, f: &Field, what: &str) -> Result<u32> {
        let n = self.number(f, what)?;
        if n.fract().is_zero()
            && let Ok(v) = u32::try_from(n)
        {
            return Ok(v);
        }
        Err(self.err(
            f.span(),
            format!("`{what}` must be a whole number, not {n}"),
            None,
        ))
    }

    pub(super) fn date(&self, f: &Field, what: &str) -> Result<NaiveDate> {
        let text = match f.get_ref() {
            Value::Datetime(d) => d.to_string(),
            Value::String(s) => s.clone(),
            other => {
                return Err(self.err(
                    f.span(),
                    format!("`{what}` must be a date, not {}", other.type_str()),
                    None,
                ));
            }
        };
        crate::rates::parse_date(&text).ok_or_else(|| {
            self.err(
                f.span(),
                format!("`{text}` is not a calendar date"),
                Some("write dates as YYYY-MM-DD, such as 2025-07-08".into()),
            )
        })
    }

    pub(super) fn currency(&self, t: &Text) -> Result<Currency> {
        let input = Input::new(self.input.name.clone(), t.get_ref().as_str());
        crate::input::currency(&input, self.currencies)
            .map_err(|e| self.err(t.span(), e.message(), e.hint()))
    }

    pub(super) fn vesting(&self, t: &Text) -> Result<Vesting> {
        t.get_ref()
            .parse()
            .map_err(|e: crate::schedule::ScheduleError| {
                self.err(t.span(), e.to_string(), e.hint())
            })
    }

    pub(super) fn months(&self, t: &Text, what: &str) -> Result<u32> {
        let text = t.get_ref().trim();
        let months = crate::schedule::duration_months(text);
        months.filter(|m| (1..=1200).contains(m)).ok_or_else(|| {
            self.err(
                t.span(),
                format!("`{what}` = `{text}` is not a duration"),
                Some("write a duration from `1m` to `100y`, such as `12m` or `1y`".into()),
            )
        })
    }
}

pub(super) fn unit_name(u: &Unit) -> &'static str {
    match u {
        Unit::Currency(..) => "an amount of money",
        Unit::Percent => "a percentage",
        Unit::Number => "a number",
    }
}

pub(super) fn text_of(t: &Option<Text>) -> Option<String> {
    t.as_ref().map(|t| t.get_ref().clone())
}
