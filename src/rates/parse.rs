//! Rate tables from TOML, numbers read exactly as written.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;
use std::str::FromStr;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::{Points, RateTable, to_day};
use crate::amount::Code;
use crate::currency::{Currencies, Declared, UnknownCurrency};

/// What is wrong in a rate table file; spans are byte ranges into it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TableError {
    /// Not TOML.
    Syntax {
        /// The TOML parser's message.
        message: String,
        /// Where.
        span: Option<Range<usize>>,
    },
    /// A required key is missing.
    Missing {
        /// The key.
        key: &'static str,
    },
    /// A key that rate tables do not have.
    UnknownKey {
        /// The key.
        key: String,
        /// Where.
        span: Range<usize>,
        /// The keys allowed there.
        allowed: &'static str,
    },
    /// A value of the wrong type.
    WrongType {
        /// The key.
        key: String,
        /// What was expected.
        expected: &'static str,
        /// Where.
        span: Range<usize>,
    },
    /// A date key that is not a date (`2025-02-30`).
    BadDate {
        /// The text.
        text: String,
        /// Where.
        span: Range<usize>,
    },
    /// A currency key that is not a known code.
    Currency {
        /// The text.
        text: String,
        /// The suggestion, if the code is well formed.
        unknown: Option<UnknownCurrency>,
        /// Where.
        span: Range<usize>,
    },
    /// A rate that is not a positive decimal.
    BadRate {
        /// The text.
        text: String,
        /// Why.
        why: &'static str,
        /// Where.
        span: Range<usize>,
    },
}

impl fmt::Display for TableError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TableError::Syntax { message, .. } => write!(f, "invalid TOML: {}", message.trim()),
            TableError::Missing { key } => write!(f, "missing `{key}`"),
            TableError::UnknownKey { key, .. } => write!(f, "unknown key `{key}`"),
            TableError::WrongType { key, expected, .. } => write!(f, "`{key}` must be {expected}"),
            TableError::BadDate { text, .. } => write!(f, "`{text}` is not a date (YYYY-MM-DD)"),
            TableError::Currency { text, unknown, .. } => match unknown {
                Some(_) => write!(f, "unknown currency `{text}`"),
                None => write!(f, "`{text}` is not a currency code"),
            },
            TableError::BadRate { text, why, .. } => write!(f, "rate `{text}` {why}"),
        }
    }
}

impl std::error::Error for TableError {}

impl TableError {
    /// Where in the file.
    pub fn span(&self) -> Option<Range<usize>> {
        match self {
            TableError::Syntax { span, .. } => span.clone(),
            TableError::Missing { .. } => None,
            TableError::UnknownKey { span, .. }
            | TableError::WrongType { span, .. }
            | TableError::BadDate { span, .. }
            | TableError::Currency { span, .. }
            | TableError::BadRate { span, .. } => Some(span.clone()),
        }
    }

    /// A suggestion, where one helps.
    pub fn hint(&self) -> Option<String> {
        match self {
            TableError::UnknownKey { allowed, .. } => Some(format!("expected one of: {allowed}")),
            TableError::Currency {
                unknown: Some(u), ..
            } => Some(match u.suggestion {
                Some(s) => format!("did you mean `{s}`? Codes outside ISO 4217 go in [currencies]"),
                None => "codes outside ISO 4217 are declared in [currencies]".to_owned(),
            }),
            TableError::Missing { key: "base" } => Some("add `base = \"EUR\"`".to_owned()),
            TableError::BadRate { .. } => {
                Some("write a rate as a decimal: `1.1718` or \"1.1718\"".into())
            }
            _ => None,
        }
    }
}

fn string(key: &str, v: &Spanned<DeValue<'_>>) -> Result<String, TableError> {
    match v.get_ref() {
        DeValue::String(s) => Ok(s.to_string()),
        _ => Err(TableError::WrongType {
            key: key.to_owned(),
            expected: "a string",
            span: v.span(),
        }),
    }
}

fn table<'a>(key: &str, v: &'a Spanned<DeValue<'a>>) -> Result<&'a DeTable<'a>, TableError> {
    match v.get_ref() {
        DeValue::Table(t) => Ok(t),
        _ => Err(TableError::WrongType {
            key: key.to_owned(),
            expected: "a table",
            span: v.span(),
        }),
    }
}

/// A TOML number or string read exactly: `1.1718`, `"1.1718"`, `136`,
/// `1_000.5`, `1.5e3`.
pub(crate) fn exact_decimal(v: &DeValue<'_>) -> Option<Result<Decimal, &'static str>> {
    let raw = match v {
        DeValue::String(s) => s.trim().to_owned(),
        DeValue::Float(f) => f.as_str().replace('_', ""),
        DeValue::Integer(i) if i.radix() == 10 => i.as_str().replace('_', ""),
        _ => return None,
    };
    let parsed = if raw.contains(['e', 'E']) {
        Decimal::from_scientific(&raw).map_err(|_| "is not a decimal number")
    } else {
        Decimal::from_str_exact(&raw).map_err(|_| "is not a decimal number")
    };
    Some(parsed)
}

/// Parses a date key or value such as `2025-07-08`.
pub fn date_text(text: &str) -> Option<NaiveDate> {
    if text.len() != 10 {
        return None;
    }
    NaiveDate::from_str(text).ok()
}

pub(super) fn parse(text: &str) -> Result<RateTable, TableError> {
    let doc = DeTable::parse(text).map_err(|e| TableError::Syntax {
        message: e.message().to_owned(),
        span: e.span(),
    })?;
    let doc = doc.get_ref();
    let mut base = None;
    let mut source = None;
    let mut currencies = Currencies::default();
    let mut rates = None;
    for (k, v) in doc {
        match k.get_ref().as_ref() {
            "base" => base = Some((string("base", v)?, v.span())),
            "source" => source = Some(string("source", v)?),
            "currencies" => declare(table("currencies", v)?, &mut currencies)?,
            "rates" => rates = Some(table("rates", v)?),
            other => {
                return Err(TableError::UnknownKey {
                    key: other.to_owned(),
                    span: k.span(),
                    allowed: "base, source, currencies, rates",
                });
            }
        }
    }
    let (base, base_span) = base.ok_or(TableError::Missing { key: "base" })?;
    let base = resolve(&currencies, &base, base_span)?;
    let rates = rates.ok_or(TableError::Missing { key: "rates" })?;
    let mut series: BTreeMap<Code, Vec<(i32, Decimal)>> = BTreeMap::new();
    let mut days = Vec::new();
    for (k, v) in rates {
        let key = k.get_ref().as_ref();
        let date = date_text(key).ok_or_else(|| TableError::BadDate {
            text: key.to_owned(),
            span: k.span(),
        })?;
        let day = to_day(date);
        days.push(day);
        for (ck, cv) in table(key, v)? {
            let currency = resolve(&currencies, ck.get_ref(), ck.span())?;
            let raw_span = cv.span();
            let raw = text.get(raw_span.clone()).unwrap_or_default().to_owned();
            let rate = exact_decimal(cv.get_ref())
                .ok_or_else(|| TableError::WrongType {
                    key: format!("rates.{key}.{}", ck.get_ref()),
                    expected: "a number or a string holding one",
                    span: raw_span.clone(),
                })?
                .map_err(|why| TableError::BadRate {
                    text: raw.clone(),
                    why,
                    span: raw_span.clone(),
                })?;
            if rate <= Decimal::ZERO {
                return Err(TableError::BadRate {
                    text: raw,
                    why: "must be positive",
                    span: raw_span,
                });
            }
            series.entry(currency.code()).or_default().push((day, rate));
        }
    }
    days.sort_unstable();
    days.dedup();
    let series = series
        .into_iter()
        .map(|(code, mut points)| {
            points.sort_unstable_by_key(|p| p.0);
            (code, Points::Owned(points))
        })
        .collect();
    Ok(RateTable {
        base,
        source: source.unwrap_or_default(),
        currencies,
        series,
        first: days.first().copied().unwrap_or(0),
        last: days.last().copied().unwrap_or(0),
        date_count: days.len(),
        max_stale: super::STALE_AFTER_DAYS,
    })
}

fn resolve(
    currencies: &Currencies,
    text: &str,
    span: Range<usize>,
) -> Result<crate::currency::Currency, TableError> {
    let code = Code::new(text).filter(|_| text.chars().all(|c| c.is_ascii_uppercase()));
    let Some(code) = code else {
        return Err(TableError::Currency {
            text: text.to_owned(),
            unknown: None,
            span,
        });
    };
    currencies.resolve(code).map_err(|u| TableError::Currency {
        text: text.to_owned(),
        unknown: Some(u),
        span,
    })
}

fn declare(t: &DeTable<'_>, currencies: &mut Currencies) -> Result<(), TableError> {
    for (k, v) in t {
        let text = k.get_ref().as_ref();
        let code = Code::new(text)
            .filter(|_| text.chars().all(|c| c.is_ascii_uppercase()))
            .ok_or_else(|| TableError::Currency {
                text: text.to_owned(),
                unknown: None,
                span: k.span(),
            })?;
        let mut minor_units = 2;
        let mut name = text.to_owned();
        for (fk, fv) in table(text, v)? {
            match fk.get_ref().as_ref() {
                "minor_units" => {
                    minor_units = match fv.get_ref() {
                        DeValue::Integer(i) => i.as_str().parse::<u8>().ok().filter(|m| *m <= 28),
                        _ => None,
                    }
                    .ok_or_else(|| TableError::WrongType {
                        key: format!("currencies.{text}.minor_units"),
                        expected: "a whole number from 0 to 28",
                        span: fv.span(),
                    })?;
                }
                "name" => name = string("name", fv)?,
                other => {
                    return Err(TableError::UnknownKey {
                        key: other.to_owned(),
                        span: fk.span(),
                        allowed: "minor_units, name",
                    });
                }
            }
        }
        currencies.declare(code, Declared { minor_units, name });
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_read_exactly() {
        let t = parse(
            "base = \"EUR\"\n[rates.2025-07-08]\nUSD = 1.1718\nJPY = \"171.42\"\nKRW = 1_491\n",
        )
        .unwrap();
        let usd = t.resolve(Code::new("USD").unwrap()).unwrap();
        assert_eq!(t.series(usd)[0].1.to_string(), "1.1718");
        let krw = t.resolve(Code::new("KRW").unwrap()).unwrap();
        assert_eq!(t.series(krw)[0].1.to_string(), "1491");
    }

    #[test]
    fn errors_point_at_the_text() {
        let cases = [
            (
                "base = \"EUR\"\n[rates.2025-02-30]\nUSD = 1\n",
                "`2025-02-30` is not a date (YYYY-MM-DD)",
                "2025-02-30",
            ),
            (
                "base = \"EUR\"\n[rates.2025-02-03]\nUSX = 1\n",
                "unknown currency `USX`",
                "USX",
            ),
            (
                "base = \"EUR\"\n[rates.2025-02-03]\nUSD = -1\n",
                "rate `-1` must be positive",
                "-1",
            ),
            (
                "base = \"EUR\"\n[rates.2025-02-03]\nUSD = 0\n",
                "rate `0` must be positive",
                "0",
            ),
            (
                "base = \"EUR\"\n[rates.2025-02-03]\nUSD = \"x\"\n",
                "rate `\"x\"` is not a decimal number",
                "\"x\"",
            ),
            (
                "base = \"EUR\"\nfoo = 1\n[rates.2025-02-03]\n",
                "unknown key `foo`",
                "foo",
            ),
        ];
        for (text, message, at) in cases {
            let e = parse(text).unwrap_err();
            assert_eq!(e.to_string(), message);
            assert_eq!(&text[e.span().unwrap()], at);
        }
        assert_eq!(
            parse("[rates]\n").unwrap_err(),
            TableError::Missing { key: "base" }
        );
        assert!(matches!(
            parse("base = ").unwrap_err(),
            TableError::Syntax { .. }
        ));
    }
}
