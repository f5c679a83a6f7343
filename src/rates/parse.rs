//! Rate tables from TOML, numbers read exactly as written.
//!
//! Tables are read in one of two ways that feed one [`Builder`], so both
//! check the same things: a line reader for the layout tables are written
//! in (what `dealcalc rates import` writes, and what people write by hand:
//! `[rates.2025-07-08]` then `USD = "1.1718"` lines), which holds little
//! more than the rates themselves (the ECB history, 3.4 MB of TOML, in
//! about 8 MB); and the full TOML parser for anything else the TOML
//! grammar allows (inline tables of dates, dotted keys, escapes), which
//! keeps the whole document in memory.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;

use super::{Points, Published, RateTable, to_day};
use crate::amount::Code;
use crate::currency::{Currencies, UnknownCurrency};
use chrono::NaiveDate;
use rust_decimal::Decimal;

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
    /// A key given twice (TOML forbids it).
    Duplicate {
        /// The key.
        key: String,
        /// Where it is given again.
        span: Range<usize>,
    },
    /// Not enough memory to hold the rates.
    OutOfMemory {
        /// Rates read so far.
        rates: usize,
    },
    /// The base currency listed among the rates.
    BaseRate {
        /// The base.
        base: String,
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
            TableError::Duplicate { key, .. } => write!(f, "`{key}` is given twice"),
            TableError::OutOfMemory { rates } => {
                write!(
                    f,
                    "not enough memory for the rate table (after {rates} rates)"
                )
            }
            TableError::BaseRate { base, .. } => {
                write!(
                    f,
                    "the base {base} has a rate: every rate is per one {base}"
                )
            }
        }
    }
}

impl std::error::Error for TableError {}

impl TableError {
    /// Where in the file.
    pub fn span(&self) -> Option<Range<usize>> {
        match self {
            TableError::Syntax { span, .. } => span.clone(),
            TableError::Missing { .. } | TableError::OutOfMemory { .. } => None,
            TableError::UnknownKey { span, .. }
            | TableError::WrongType { span, .. }
            | TableError::BadDate { span, .. }
            | TableError::Currency { span, .. }
            | TableError::Duplicate { span, .. }
            | TableError::BaseRate { span, .. }
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
            TableError::BadRate { why, .. } if *why == crate::numbers::TOO_MANY_DIGITS => {
                Some("round the rate to 28 significant digits: no published rate has more".into())
            }
            TableError::BadRate { .. } => {
                Some("write a rate as a decimal: `1.1718` or \"1.1718\"".into())
            }
            TableError::BaseRate { base, .. } => {
                Some(format!("drop the {base} line: the base is 1 by definition"))
            }
            _ => None,
        }
    }
}

/// One currency's rates, with where its code was first written.
type Series = (Range<usize>, Vec<(i32, Published)>);

/// A rate as written: its date's key, its currency key and its value.
struct Written<'t> {
    date_key: &'t str,
    key: &'t str,
    key_span: Range<usize>,
    raw: &'t str,
    span: Range<usize>,
}

/// What both readers found, checked the same way.
#[derive(Default)]
struct Builder {
    base: Option<(String, Range<usize>)>,
    source: Option<String>,
    currencies: Currencies,
    /// Rates by the code as written, with where each code was first used.
    series: BTreeMap<Code, Series>,
    days: Vec<i32>,
    seen_sections: std::collections::HashSet<i32>,
    /// A `rates` table was given (perhaps empty).
    has_rates: bool,
}

impl Builder {
    fn base(&mut self, text: String, span: Range<usize>) -> Result<(), TableError> {
        if self.base.is_some() {
            return Err(TableError::Duplicate {
                key: "base".into(),
                span,
            });
        }
        self.base = Some((text, span));
        Ok(())
    }

    fn source(&mut self, text: String, span: Range<usize>) -> Result<(), TableError> {
        if self.source.is_some() {
            return Err(TableError::Duplicate {
                key: "source".into(),
                span,
            });
        }
        self.source = Some(text);
        Ok(())
    }

    /// Opens `[rates.DATE]`: each date once.
    fn section(&mut self, key: &str, span: Range<usize>) -> Result<i32, TableError> {
        self.has_rates = true;
        let date = date_text(key).ok_or_else(|| TableError::BadDate {
            text: key.to_owned(),
            span: span.clone(),
        })?;
        let day = to_day(date);
        if self.days.len() == self.days.capacity() {
            let more = self.days.len().max(1024);
            self.days
                .try_reserve(more)
                .map_err(|_| self.out_of_memory())?;
            self.seen_sections
                .try_reserve(more)
                .map_err(|_| self.out_of_memory())?;
        }
        if !self.seen_sections.insert(day) {
            return Err(TableError::Duplicate {
                key: format!("rates.{key}"),
                span,
            });
        }
        self.days.push(day);
        Ok(day)
    }

    /// One rate: `w` as written, `value` what it reads as.
    fn rate(
        &mut self,
        day: i32,
        w: Written<'_>,
        value: Option<Result<Published, &'static str>>,
    ) -> Result<(), TableError> {
        let Written {
            date_key,
            key,
            key_span,
            raw,
            span,
        } = w;
        let code = well_formed(key, key_span.clone())?;
        let rate = value
            .ok_or_else(|| TableError::WrongType {
                key: format!("rates.{date_key}.{key}"),
                expected: "a number or a string holding one",
                span: span.clone(),
            })?
            .map_err(|why| TableError::BadRate {
                text: raw.to_owned(),
                why,
                span: span.clone(),
            })?;
        if rate.value <= Decimal::ZERO {
            return Err(TableError::BadRate {
                text: raw.to_owned(),
                why: "must be positive",
                span,
            });
        }
        let (_, points) = self
            .series
            .entry(code)
            .or_insert_with(|| (key_span.clone(), Vec::new()));
        if points.len() == points.capacity() && points.try_reserve(points.len().max(256)).is_err() {
            let rates = self.series.values().map(|(_, p)| p.len()).sum();
            return Err(TableError::OutOfMemory { rates });
        }
        let Some((_, points)) = self.series.get_mut(&code) else {
            return Ok(());
        };
        if points.last().is_some_and(|p| p.0 == day) {
            return Err(TableError::Duplicate {
                key: format!("rates.{date_key}.{key}"),
                span: key_span,
            });
        }
        points.push((day, rate));
        Ok(())
    }

    fn out_of_memory(&self) -> TableError {
        TableError::OutOfMemory {
            rates: self.series.values().map(|(_, p)| p.len()).sum(),
        }
    }

    fn finish(self) -> Result<RateTable, TableError> {
        let (base, base_span) = self.base.ok_or(TableError::Missing { key: "base" })?;
        let base = resolve(&self.currencies, &base, base_span)?;
        if !self.has_rates {
            return Err(TableError::Missing { key: "rates" });
        }
        let mut days = self.days;
        days.sort_unstable();
        days.dedup();
        let mut series = BTreeMap::new();
        for (code, (span, mut points)) in self.series {
            let currency = self
                .currencies
                .resolve(code)
                .map_err(|u| TableError::Currency {
                    text: code.to_string(),
                    unknown: Some(u),
                    span: span.clone(),
                })?;
            if currency == base {
                return Err(TableError::BaseRate {
                    base: base.to_string(),
                    span,
                });
            }
            points.sort_unstable_by_key(|p| p.0);
            points.shrink_to_fit();
            series.insert(code, Points::Owned(points));
        }
        Ok(RateTable {
            base,
            source: self.source.unwrap_or_default(),
            currencies: self.currencies,
            series,
            first: days.first().copied().unwrap_or(0),
            last: days.last().copied().unwrap_or(0),
            date_count: days.len(),
            max_stale: super::STALE_AFTER_DAYS,
        })
    }
}

/// A currency key: three capital letters.
fn well_formed(text: &str, span: Range<usize>) -> Result<Code, TableError> {
    Code::new(text)
        .filter(|_| text.chars().all(|c| c.is_ascii_uppercase()))
        .ok_or_else(|| TableError::Currency {
            text: text.to_owned(),
            unknown: None,
            span,
        })
}

/// Parses a date key or value such as `2025-07-08`.
pub fn date_text(text: &str) -> Option<NaiveDate> {
    // Digits and two dashes, nothing else: chrono's own parser lets
    // spaces and control characters through (`404\r-02-19`, found by
    // fuzzing), which must not become a date.
    let b = text.as_bytes();
    let shaped = b.len() == 10
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            _ => c.is_ascii_digit(),
        });
    if !shaped {
        return None;
    }
    // Shaped, so each part is its digits (no parser needed).
    let number = |r: std::ops::Range<usize>| {
        b.get(r).map_or(0, |d| {
            d.iter()
                .fold(0_u32, |n, c| n * 10 + u32::from(c.wrapping_sub(b'0')))
        })
    };
    let year = i32::try_from(number(0..4)).ok()?;
    NaiveDate::from_ymd_opt(year, number(5..7), number(8..10))
        .and_then(crate::limits::within_calendar)
}

/// A decimal written as a TOML number or in a string, read exactly:
/// `1.1718`, `136`, `1_000.5`, `1.5e3`; in a string, `1/1.2136` is an
/// inverse rate (base per currency, as published), kept exact.
fn exact(raw: &str) -> Result<Published, &'static str> {
    let (inverse, number) = match raw.strip_prefix("1/") {
        Some(rest) => (true, rest.trim()),
        None => (false, raw),
    };
    let value = crate::numbers::exact_decimal(number)?;
    Ok(Published { value, inverse })
}

pub(super) fn parse(text: &str) -> Result<RateTable, TableError> {
    match lines::parse(text) {
        Some(result) => result,
        None => tree::parse(text),
    }
}

pub(super) fn parse_full(text: &str) -> Result<RateTable, TableError> {
    tree::parse(text)
}

/// The line reader: `None` when a line is outside the layout it knows, so
/// that the full parser reads the file instead.
mod lines {
    use super::{Builder, Range, RateTable, TableError, exact, well_formed};
    use crate::currency::Declared;

    enum Section {
        Top,
        Currencies,
        Rates,
        Day(i32, usize, usize),
    }

    pub(super) fn parse(text: &str) -> Option<Result<RateTable, TableError>> {
        let mut b = Builder::default();
        let mut section = Section::Top;
        let mut seen_currencies = false;
        let mut seen_rates = false;
        let mut declared_here = std::collections::HashSet::new();
        let mut at = 0;
        for line in text.split_inclusive('\n') {
            let start = at;
            at += line.len();
            // TOML allows no control character but tab, and `\r` only
            // before `\n`: such a line goes to the full parser, which says so.
            let content = line.strip_suffix('\n').unwrap_or(line);
            let content = content.strip_suffix('\r').unwrap_or(content);
            if content
                .bytes()
                .any(|b| (b < 0x20 && b != b'\t') || b == 0x7f)
            {
                return None;
            }
            let body = strip_comment(line)?;
            let trimmed = body.trim_matches([' ', '\t', '\r', '\n']);
            if trimmed.is_empty() {
                continue;
            }
            let offset = start + (body.len() - body.trim_start_matches([' ', '\t']).len());
            if let Some(inner) = trimmed.strip_prefix('[') {
                let inner = inner.strip_suffix(']')?;
                if inner.starts_with('[') {
                    return None;
                }
                let name = inner.trim_matches([' ', '\t']);
                let name_start =
                    offset + 1 + (inner.len() - inner.trim_start_matches([' ', '\t']).len());
                section = match name {
                    "currencies" if !seen_currencies => {
                        seen_currencies = true;
                        Section::Currencies
                    }
                    "rates" if !seen_rates => {
                        seen_rates = true;
                        b.has_rates = true;
                        Section::Rates
                    }
                    _ => {
                        let date = name.strip_prefix("rates.")?;
                        let (date, quoted) = match date.strip_prefix('"') {
                            Some(d) => (d.strip_suffix('"')?, 1),
                            None => (date, 0),
                        };
                        if !date
                            .bytes()
                            .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_')
                        {
                            return None;
                        }
                        let key_start = name_start + "rates.".len() + quoted;
                        let span = key_start..key_start + date.len();
                        match b.section(date, span) {
                            Ok(day) => Section::Day(day, key_start, date.len()),
                            Err(e) => return Some(Err(e)),
                        }
                    }
                };
                continue;
            }
            let (key, key_span, value, value_span) = key_value(trimmed, offset)?;
            let result = match &section {
                Section::Top => match key {
                    "base" => b.base(string(value)?.to_owned(), value_span),
                    "source" => b.source(string(value)?.to_owned(), value_span),
                    // `rates = ...`, `currencies = ...` and other keys: the
                    // full parser says what is wrong, or reads them.
                    _ => return None,
                },
                Section::Currencies => {
                    let (minor_units, name) = declared(value)?;
                    if !declared_here.insert(key) {
                        return None;
                    }
                    well_formed(key, key_span).map(|code| {
                        let name = name.map_or_else(|| key.to_owned(), str::to_owned);
                        b.currencies.declare(code, Declared { minor_units, name });
                    })
                }
                Section::Rates => return None,
                Section::Day(day, date_at, date_len) => {
                    let date_key = text.get(*date_at..date_at + date_len).unwrap_or_default();
                    let reading = number_text(value).map(|(raw, _)| exact(&raw))?;
                    let w = super::Written {
                        date_key,
                        key,
                        key_span,
                        raw: value,
                        span: value_span,
                    };
                    b.rate(*day, w, Some(reading))
                }
            };
            if let Err(e) = result {
                return Some(Err(e));
            }
        }
        Some(b.finish())
    }

    /// The line without its comment; `None` when a `#` may sit in a string.
    fn strip_comment(line: &str) -> Option<&str> {
        match line.find('#') {
            None => Some(line),
            Some(i) => {
                let before = line.get(..i)?;
                if before.contains(['"', '\'']) {
                    return None;
                }
                Some(before)
            }
        }
    }

    /// `KEY = VALUE` with a bare key: (key, its span, value, its span).
    fn key_value(line: &str, offset: usize) -> Option<(&str, Range<usize>, &str, Range<usize>)> {
        let eq = line.find('=')?;
        let key = line.get(..eq)?.trim_end_matches([' ', '\t']);
        if key.is_empty()
            || !key
                .bytes()
                .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_')
        {
            return None;
        }
        let after = line.get(eq + 1..)?;
        let value = after.trim_matches([' ', '\t']);
        let value_start =
            offset + eq + 1 + (after.len() - after.trim_start_matches([' ', '\t']).len());
        Some((
            key,
            offset..offset + key.len(),
            value,
            value_start..value_start + value.len(),
        ))
    }

    /// A basic string without escapes, or a literal string.
    fn string(value: &str) -> Option<&str> {
        let inner = value
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .filter(|v| !v.contains(['"', '\\']))
            .or_else(|| {
                value
                    .strip_prefix('\'')
                    .and_then(|v| v.strip_suffix('\''))
                    .filter(|v| !v.contains('\''))
            })?;
        (!inner.chars().any(|c| c.is_control() && c != '\t')).then_some(inner)
    }

    /// A rate as written: a string holds any text (checked as a decimal
    /// later); a bare number must be a TOML decimal integer or float.
    /// Returns the text to read and whether it was quoted.
    fn number_text(value: &str) -> Option<(String, bool)> {
        if let Some(s) = string(value) {
            return Some((s.trim().to_owned(), true));
        }
        toml_number(value).then(|| (value.replace('_', ""), false))
    }

    /// TOML's decimal integers and floats: `136`, `-1`, `1.1718`, `1_000.5`,
    /// `1.5e3`; not `01`, `1.`, `.5`, `1__0`, `0x10`, `inf`.
    fn toml_number(v: &str) -> bool {
        let digits = v.strip_prefix(['+', '-']).unwrap_or(v);
        let (mantissa, exponent) = match digits.find(['e', 'E']) {
            Some(i) => (digits.get(..i).unwrap_or_default(), digits.get(i + 1..)),
            None => (digits, None),
        };
        let (int, frac) = match mantissa.split_once('.') {
            Some((i, f)) => (i, Some(f)),
            None => (mantissa, None),
        };
        let group = |g: &str| {
            !g.is_empty()
                && !g.starts_with('_')
                && !g.ends_with('_')
                && !g.contains("__")
                && g.bytes().all(|c| c.is_ascii_digit() || c == b'_')
        };
        let int_ok = group(int) && !(int.len() > 1 && int.starts_with('0'));
        let frac_ok = frac.is_none_or(group);
        let exp_ok = exponent.is_none_or(|e| group(e.strip_prefix(['+', '-']).unwrap_or(e)));
        int_ok && frac_ok && exp_ok
    }

    /// `{ minor_units = 2, name = "Cypriot pound" }`, either key optional.
    fn declared(value: &str) -> Option<(u8, Option<&str>)> {
        let inner = value.strip_prefix('{')?.strip_suffix('}')?;
        let mut minor = None;
        let mut name = None;
        if inner.trim_matches([' ', '\t']).is_empty() {
            return Some((2, None));
        }
        for field in inner.split(',') {
            // An empty field (`a = 1, , b = 2`, a trailing comma) and a key
            // given twice are left to the full parser.
            let (k, v) = field.split_once('=')?;
            let v = v.trim_matches([' ', '\t']);
            match k.trim_matches([' ', '\t']) {
                "minor_units" if minor.is_none() => {
                    minor = Some(
                        v.parse::<u8>()
                            .ok()
                            .filter(|m| *m <= 28 && toml_number(v))?,
                    );
                }
                "name" if name.is_none() => name = Some(string(v)?),
                _ => return None,
            }
        }
        Some((minor.unwrap_or(2), name))
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn toml_numbers() {
            for ok in ["136", "-1", "1.1718", "1_000.5", "1.5e3", "0", "0.5", "+2"] {
                assert!(toml_number(ok), "{ok}");
            }
            for bad in ["01", "1.", ".5", "1__0", "0x10", "inf", "", "1e", "_1"] {
                assert!(!toml_number(bad), "{bad}");
            }
        }
    }
}

/// The full TOML parser, for layouts the line reader does not know.
mod tree {
    use super::{Builder, RateTable, TableError, exact, well_formed};
    use crate::currency::Declared;
    use toml::Spanned;
    use toml::de::{DeTable, DeValue};

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

    /// A TOML number or string read exactly.
    fn exact_decimal(v: &DeValue<'_>) -> Option<Result<crate::rates::Published, &'static str>> {
        let raw = match v {
            DeValue::String(s) => s.trim().to_owned(),
            DeValue::Float(f) => f.as_str().replace('_', ""),
            DeValue::Integer(i) if i.radix() == 10 => i.as_str().replace('_', ""),
            _ => return None,
        };
        Some(exact(&raw))
    }

    pub(super) fn parse(text: &str) -> Result<RateTable, TableError> {
        let doc = DeTable::parse(text).map_err(|e| TableError::Syntax {
            message: e.message().to_owned(),
            span: e.span().or_else(|| crate::input::deepest_key(text)),
        })?;
        let mut b = Builder::default();
        let mut rates = None;
        for (k, v) in doc.get_ref() {
            match k.get_ref().as_ref() {
                "base" => b.base(string("base", v)?, v.span())?,
                "source" => b.source(string("source", v)?, v.span())?,
                "currencies" => declare(table("currencies", v)?, &mut b)?,
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
        b.has_rates = rates.is_some();
        for (k, v) in rates.into_iter().flatten() {
            let key = k.get_ref().as_ref();
            let day = b.section(key, k.span())?;
            for (ck, cv) in table(key, v)? {
                let raw_span = cv.span();
                let raw = text.get(raw_span.clone()).unwrap_or_default();
                let w = super::Written {
                    date_key: key,
                    key: ck.get_ref(),
                    key_span: ck.span(),
                    raw,
                    span: raw_span,
                };
                b.rate(day, w, exact_decimal(cv.get_ref()))?;
            }
        }
        b.finish()
    }

    fn declare(t: &DeTable<'_>, b: &mut Builder) -> Result<(), TableError> {
        for (k, v) in t {
            let text = k.get_ref().as_ref();
            let code = well_formed(text, k.span())?;
            let mut minor_units = 2;
            let mut name = text.to_owned();
            for (fk, fv) in table(text, v)? {
                match fk.get_ref().as_ref() {
                    "minor_units" => {
                        minor_units = match fv.get_ref() {
                            DeValue::Integer(i) => {
                                i.as_str().parse::<u8>().ok().filter(|m| *m <= 28)
                            }
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
            b.currencies.declare(code, Declared { minor_units, name });
        }
        Ok(())
    }
}

fn resolve(
    currencies: &Currencies,
    text: &str,
    span: Range<usize>,
) -> Result<crate::currency::Currency, TableError> {
    let code = well_formed(text, span.clone())?;
    currencies.resolve(code).map_err(|u| TableError::Currency {
        text: text.to_owned(),
        unknown: Some(u),
        span,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_digits_and_dashes_only() {
        assert!(date_text("2025-07-08").is_some());
        for bad in [
            "404\r-02-19",
            "2025-7-08 ",
            " 2025-07-8",
            "+025-07-08",
            "2025-02-30",
            "2025/07/08",
        ] {
            assert_eq!(date_text(bad), None, "{bad:?}");
        }
    }

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

    /// The line reader takes the ECB history and reads it exactly as the
    /// full TOML parser does, rate for rate.
    #[test]
    fn both_readers_agree_on_the_ecb_history() {
        let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/rates/ecb.toml"))
            .unwrap();
        let fast = lines::parse(&text)
            .expect("the line reader takes it")
            .unwrap();
        let full = tree::parse(&text).unwrap();
        assert_eq!(fast.ranges(), full.ranges());
        assert_eq!((fast.base(), fast.source()), (full.base(), full.source()));
        assert_eq!(fast.date_count(), full.date_count());
        for (currency, ..) in full.ranges() {
            assert_eq!(fast.series(currency), full.series(currency), "{currency}");
        }
        assert_eq!(fast.currencies(), full.currencies());
    }

    /// A control character in a comment is not TOML: the line reader leaves
    /// it to the full parser, which refuses it (found by the fuzzer).
    #[test]
    fn control_characters_are_not_toml() {
        let text = "# made by hand\u{1a}\nbase = \"EUR\"\n[rates.2025-07-08]\nUSD = 1\n";
        assert!(lines::parse(text).is_none());
        assert!(matches!(parse(text), Err(TableError::Syntax { .. })));
    }

    /// What the fuzzer found the line reader accepting while TOML refuses
    /// it: each is now refused (or left to the full parser) alike.
    #[test]
    fn line_reader_accepts_nothing_toml_refuses() {
        for text in [
            "base = \"EUR\"\n",
            "base = \"EUR\"\n[currencies]\nCYP = { minor_units = 2, ,name = \"Cypriot pound\" }\n[rates.1999-01-04]\nCYP = 1\n",
            "base = \"EUR\"\n[currencies]\nCYP = { minor_units = 2, minor_units = 3 }\n[rates.1999-01-04]\nCYP = 1\n",
            "base = \"EUR\"\n[currencies]\nCYP = {}\nCYP = {}\n[rates.1999-01-04]\nCYP = 1\n",
            "base = \"EUR\"\n[rates]\n[rates]\n",
        ] {
            assert_eq!(parse(text).is_ok(), tree::parse(text).is_ok(), "{text}");
            assert!(parse(text).is_err(), "{text}");
        }
    }

    /// Layouts the line reader leaves to the full parser, read the same.
    #[test]
    fn other_layouts_go_to_the_full_parser() {
        for text in [
            "base = \"EUR\"\nrates = { 2025-07-08 = { USD = 1.1718 } }\n",
            "base = \"EUR\"\n[rates]\n2025-07-08.USD = \"1.1718\"\n",
            "base = \"EUR\" # the euro\n[rates.\"2025-07-08\"]\n\"USD\" = 1.1718\n",
            "base = \"\\u0045UR\"\n[rates.2025-07-08]\nUSD = 1.1718\n",
        ] {
            let t = parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
            let usd = t.resolve(Code::new("USD").unwrap()).unwrap();
            assert_eq!(t.series(usd)[0].1.to_string(), "1.1718", "{text}");
        }
    }

    #[test]
    fn duplicates_and_a_rate_for_the_base_are_refused() {
        for (text, message) in [
            (
                "base = \"EUR\"\n[rates.2025-07-08]\nUSD = 1\nUSD = 2\n",
                "`rates.2025-07-08.USD` is given twice",
            ),
            (
                "base = \"EUR\"\n[rates.2025-07-08]\nUSD = 1\n[rates.2025-07-08]\nJPY = 2\n",
                "`rates.2025-07-08` is given twice",
            ),
            (
                "base = \"EUR\"\n[rates.2025-07-08]\nEUR = \"2\"\nUSD = 1\n",
                "the base EUR has a rate: every rate is per one EUR",
            ),
        ] {
            assert_eq!(parse(text).unwrap_err().to_string(), message, "{text}");
        }
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
