//! Rate tables: dated exchange rates against one base currency, looked up
//! per currency on or before a date, and conversions through the base.
//!
//! Lookup for date D, per currency: the latest rate dated on or before D
//! (2020-03-15, a Sunday, uses 2020-03-13). The rate is *stale* when it is
//! more than 7 days older than D, or than the table's last date when D is
//! after it; older than the table's `max_stale` days (7 unless set) it is an
//! error that says where the series stops (RUB on 2024-01-02: the ECB has
//! no RUB rate since 2022-03-01, 672 days before). After the last date the
//! table's last rate is used and said to be the *latest available*; before
//! the currency's first rate is an error naming the currency's range.
//!
//! A currency the euro replaced converts, from its adoption date, at its
//! irrevocably fixed rate ([`crate::currency::EURO_LEGACY`]), never at a
//! market rate: 1,000,000 HRK on 2024-06-03 is 1000000 / 7.53450 =
//! 132,722.81 EUR, not the last market fixing's 132,687.59.

mod basis;
pub mod blob;
mod cross;
mod day_series;
mod digits;
pub mod ecb;
mod error;
pub mod official;
mod parse;
mod points;
mod revision;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use crate::amount::Code;
use crate::currency::{Currencies, Currency, Declared, UnknownCurrency};
use crate::money::Money;

pub use basis::{Average, Basis};
pub use cross::Cross;
pub use day_series::{DayCross, DayQuote, DayRate, DayRates, DaySeries};
pub use digits::Digits;
pub use error::RateError;
pub use parse::TableError;
use points::Points;
pub use revision::Revision;

/// A date written `YYYY-MM-DD`, checked against the calendar:
/// `2024-02-29` is one, `2025-02-30` is not.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    parse::date_text(text)
}

/// Writes a day counted from 0001-01-01 as chrono counts
/// ([`NaiveDate::num_days_from_ce`]) as `YYYY-MM-DD`: 729758 is
/// 1999-01-04.
pub fn push_day(out: &mut Vec<u8>, day: i32) {
    let (y, m, d) = blob::civil_from_ce(day);
    match u32::try_from(y) {
        Ok(y) if y <= 9999 => {
            // Two digits at a time, from a table of "00" to "99".
            let pair = |n: u32| {
                let i = (n % 100) as usize * 2;
                match crate::money::TWO_DIGITS.get(i..i + 2) {
                    Some(&[a, b]) => [a, b],
                    _ => [b'0', b'0'],
                }
            };
            let ([c1, c2], [y1, y2], [m1, m2], [d1, d2]) =
                (pair(y / 100), pair(y), pair(m), pair(d));
            out.extend_from_slice(&[c1, c2, y1, y2, b'-', m1, m2, b'-', d1, d2]);
        }
        _ => push_date(out, to_date(day)),
    }
}

/// Writes a date as `YYYY-MM-DD` (years before 1000 padded: `0999-12-31`).
pub fn push_date(out: &mut Vec<u8>, d: NaiveDate) {
    let mut buf = itoa::Buffer::new();
    let year = buf.format(d.year());
    out.extend(std::iter::repeat_n(
        b'0',
        4_usize.saturating_sub(year.len()),
    ));
    out.extend_from_slice(year.as_bytes());
    for part in [d.month(), d.day()] {
        out.push(b'-');
        if part < 10 {
            out.push(b'0');
        }
        out.extend_from_slice(buf.format(part).as_bytes());
    }
}

/// Days a rate may be older than the date asked for before it is stale.
pub const STALE_AFTER_DAYS: i64 = 7;

static BUILTIN: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/ecb.bin"));

/// A rate as its publisher gives it: units of the currency per one unit
/// of the base (the ECB's `USD = 1.1718`), or, `inverse`, units of the
/// base per one of the currency (the Federal Reserve's dollars per euro,
/// written `EUR = "1/1.1718"` in a dollar table). Kept as published, so
/// that converting through it multiplies or divides by the published
/// figure exactly, never by a 28-digit reciprocal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Published {
    /// The figure as published.
    pub value: Decimal,
    /// Base per currency rather than currency per base.
    pub inverse: bool,
}

impl Published {
    /// A rate of currency per base.
    pub fn direct(value: Decimal) -> Published {
        Published {
            value,
            inverse: false,
        }
    }

    /// Units of the currency per unit of the base as a fraction, exactly:
    /// `(1.1718, 1)`, or `(1, 1.2136)` for an inverse rate.
    pub fn ratio(self) -> (Decimal, Decimal) {
        if self.inverse {
            (Decimal::ONE, self.value)
        } else {
            (self.value, Decimal::ONE)
        }
    }

    /// Units of the currency per unit of the base, to 28 digits (exact for
    /// a direct rate): for showing, never for converting.
    pub fn per_base(self) -> Decimal {
        if self.inverse {
            // Unreachable default: tables refuse a rate that is not
            // positive, and 1 over the smallest positive decimal (10^-28)
            // is 10^28, inside a decimal's range.
            Decimal::ONE.checked_div(self.value).unwrap_or_default()
        } else {
            self.value
        }
    }
}

/// Exchange rates by date against one base currency.
#[derive(Clone, Debug)]
pub struct RateTable {
    base: Currency,
    source: String,
    currencies: Currencies,
    series: BTreeMap<Code, Points>,
    first: i32,
    last: i32,
    date_count: usize,
    max_stale: i64,
}

/// What a conversion at a fixed euro rate is called in explanations and
/// JSON.
pub const FIXED_EURO_RULE: &str = "fixed euro conversion rate";

/// How fresh a looked-up rate is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Freshness {
    /// More than [`STALE_AFTER_DAYS`] older than the date asked for (or than
    /// the table's last date, when asked after it).
    pub stale: bool,
    /// The date asked for is after the table's last date.
    pub latest_available: bool,
}

/// One currency's rate against the base on a date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Quote {
    /// The currency.
    pub currency: Currency,
    /// Units of the currency per one unit of the base (to 28 digits for
    /// an inverse rate; [`Quote::ratio`] is exact).
    pub rate: Decimal,
    /// The rate as an exact fraction, numerator over denominator: what
    /// conversions compute with.
    pub ratio: (Decimal, Decimal),
    /// The date of the rate used.
    pub date: NaiveDate,
    /// Stale or latest available.
    pub freshness: Freshness,
    /// The day since which the rate is fixed by law (a currency the euro
    /// replaced), if it is.
    pub fixed_since: Option<NaiveDate>,
}

impl Quote {
    /// The rate as its publisher wrote it: `1.1718`, or `1/1.2136` for
    /// dollars per euro in a dollar table.
    pub fn written(&self) -> String {
        match self.ratio {
            (n, d) if n == Decimal::ONE && d != Decimal::ONE => format!("1/{}", d.normalize()),
            _ => self.rate.normalize().to_string(),
        }
    }
}

/// An amount converted on a date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conversion {
    /// What was converted.
    pub from: Money,
    /// The exact result, before rounding: `from * to_rate / from_rate`.
    pub to: Money,
    /// Units of `to` per one unit of `from`.
    pub rate: Decimal,
    /// Units of `from` per one unit of `to`: the rate as the other side
    /// quotes it, `1 EUR = 1.1718 USD` beside `1 USD = 0.85338795 EUR`;
    /// from the published figures for one day's rates, 1 / the mean for
    /// an average.
    pub inverse_rate: Decimal,
    /// The date asked for.
    pub on: NaiveDate,
    /// The date of the older of the two rates used.
    pub rate_date: NaiveDate,
    /// Any rate used is stale.
    pub stale: bool,
    /// The date asked for is after the table's last date.
    pub latest_available: bool,
    /// The rates against the base that were used (none for the base itself).
    pub legs: Vec<Quote>,
    /// The table's source.
    pub source: String,
    /// The rule of law behind the rate, if one applies:
    /// [`FIXED_EURO_RULE`].
    pub rule: Option<&'static str>,
    /// For an average: which days it is the mean of, in words.
    pub basis: Option<String>,
}

pub(crate) fn to_date(day: i32) -> NaiveDate {
    NaiveDate::from_num_days_from_ce_opt(day).unwrap_or(NaiveDate::MIN)
}

fn to_day(date: NaiveDate) -> i32 {
    date.num_days_from_ce()
}

impl RateTable {
    /// The built-in table: the ECB's reference rates from 1999-01-04,
    /// packed at build time from `rates/ecb.toml`.
    pub fn builtin() -> Result<RateTable, RateError> {
        let packed = blob::decode(BUILTIN).ok_or(RateError::Builtin)?;
        let mut currencies = Currencies::default();
        for (code, minor, name) in &packed.declared {
            let code = std::str::from_utf8(code)
                .ok()
                .and_then(Code::new)
                .ok_or(RateError::Builtin)?;
            currencies.declare(
                code,
                Declared {
                    minor_units: *minor,
                    name: (*name).to_owned(),
                },
            );
        }
        let mut series = BTreeMap::new();
        for (code, records) in &packed.series {
            let code = std::str::from_utf8(code)
                .ok()
                .and_then(Code::new)
                .ok_or(RateError::Builtin)?;
            series.insert(code, Points::Packed(records));
        }
        let base = std::str::from_utf8(&packed.base)
            .ok()
            .and_then(Code::new)
            .ok_or(RateError::Builtin)?;
        Ok(RateTable {
            base: currencies.resolve(base).map_err(|_| RateError::Builtin)?,
            source: packed.source.to_owned(),
            currencies,
            series,
            first: packed.first,
            last: packed.last,
            date_count: usize::try_from(packed.date_count).map_err(|_| RateError::Builtin)?,
            max_stale: STALE_AFTER_DAYS,
        })
    }

    /// Reads a table from TOML text (the format of `rates/ecb.toml`, documented in the README). Numbers
    /// are read exactly as written: `1.1718` is 1.1718.
    pub fn from_toml(text: &str) -> Result<RateTable, TableError> {
        parse::parse(text)
    }

    /// Reads a table with the full TOML parser only, never the line
    /// reader: for tests and the fuzzer, which check that both read alike.
    #[doc(hidden)]
    pub fn from_toml_full(text: &str) -> Result<RateTable, TableError> {
        parse::parse_full(text)
    }

    /// Layers tables: for the same date and currency, a later table wins.
    pub fn layered(tables: Vec<RateTable>) -> Result<RateTable, RateError> {
        let mut tables = tables.into_iter();
        let Some(mut merged) = tables.next() else {
            return RateTable::builtin();
        };
        for table in tables {
            if table.base != merged.base {
                return Err(RateError::BaseMismatch(merged.base, table.base));
            }
            for (code, declared) in table.currencies.declared() {
                merged.currencies.declare(*code, declared.clone());
            }
            for (code, points) in table.series {
                let mut by_day: BTreeMap<i32, Published> = merged
                    .series
                    .get(&code)
                    .map(|p| p.iter().collect())
                    .unwrap_or_default();
                by_day.extend(points.iter());
                merged
                    .series
                    .insert(code, Points::Owned(by_day.into_iter().collect()));
            }
            merged.source = format!("{}; {}", merged.source, table.source);
        }
        let mut days: Vec<i32> = merged
            .series
            .values()
            .flat_map(|p| p.iter().map(|(d, _)| d))
            .collect();
        days.sort_unstable();
        days.dedup();
        merged.first = days.first().copied().unwrap_or(merged.first);
        merged.last = days.last().copied().unwrap_or(merged.last);
        merged.date_count = days.len();
        Ok(merged)
    }

    /// The same table, with rates up to `days` older than the date asked
    /// for accepted (flagged stale past 7 days); older ones are an error.
    #[must_use]
    pub fn with_max_stale(mut self, days: u32) -> RateTable {
        self.max_stale = i64::from(days);
        self
    }

    /// The same table, with `name` as its source if it names none.
    #[must_use]
    pub fn or_source(mut self, name: &str) -> RateTable {
        if self.source.trim().is_empty() {
            self.source = name.to_owned();
        }
        self
    }

    /// Days a rate may be older than the date asked for.
    pub fn max_stale(&self) -> i64 {
        self.max_stale
    }

    /// The base: every rate is units per one base.
    pub fn base(&self) -> Currency {
        self.base
    }

    /// Where the rates come from.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The first date of the table.
    pub fn first_date(&self) -> NaiveDate {
        to_date(self.first)
    }

    /// The last date of the table.
    pub fn last_date(&self) -> NaiveDate {
        to_date(self.last)
    }

    /// How many dates the table has.
    pub fn date_count(&self) -> usize {
        self.date_count
    }

    /// The currencies this table can name (ISO plus declared).
    pub fn currencies(&self) -> &Currencies {
        &self.currencies
    }

    /// The currency for a code.
    pub fn resolve(&self, code: Code) -> Result<Currency, UnknownCurrency> {
        self.currencies.resolve(code)
    }

    /// Each currency's first and last date and number of rates.
    pub fn ranges(&self) -> Vec<(Currency, NaiveDate, NaiveDate, usize)> {
        self.series
            .iter()
            .filter_map(|(code, points)| {
                let currency = self.currencies.resolve(*code).ok()?;
                let (first, _) = points.get(0)?;
                let (last, _) = points.get(points.len().checked_sub(1)?)?;
                Some((currency, to_date(first), to_date(last), points.len()))
            })
            .collect()
    }

    /// All rates of a currency, oldest first.
    pub fn series(&self, currency: Currency) -> Vec<(NaiveDate, Decimal)> {
        self.series
            .get(&currency.code())
            .map(|p| p.iter().map(|(d, r)| (to_date(d), r.per_base())).collect())
            .unwrap_or_default()
    }

    /// The dates on which any of `currencies` has a rate, oldest first (the
    /// base has none of its own).
    pub fn dates_of(&self, currencies: &[Currency]) -> Vec<NaiveDate> {
        let mut days: Vec<i32> = currencies
            .iter()
            .filter_map(|c| self.series.get(&c.code()))
            .flat_map(|p| p.iter().map(|(d, _)| d))
            .collect();
        days.sort_unstable();
        days.dedup();
        days.into_iter().map(to_date).collect()
    }

    /// The rate of a currency on a date: see the module documentation.
    ///
    /// USD on 2020-03-15 (a Sunday) is 1.1104, dated 2020-03-13, not stale.
    ///
    /// DEM on any date from 1999-01-01, in a euro table, is 1.95583, fixed
    /// since 1999-01-01; in a table of another base it is 1.95583 times the
    /// euro's rate of the day.
    pub fn quote(&self, currency: Currency, on: NaiveDate) -> Result<Quote, RateError> {
        let fresh = Freshness {
            stale: false,
            latest_available: false,
        };
        if currency == self.base {
            return Ok(Quote {
                currency,
                rate: Decimal::ONE,
                ratio: (Decimal::ONE, Decimal::ONE),
                date: on,
                freshness: fresh,
                fixed_since: None,
            });
        }
        if let Some(legacy) = currency.euro_legacy().filter(|l| on >= l.adopted()) {
            let euro = Code::new("EUR")
                .and_then(Currency::iso)
                .ok_or(RateError::Builtin)?;
            let euro = self.quote(euro, on)?;
            // The fixed rate times the euro's, still one fraction.
            let numerator = legacy
                .rate()
                .checked_mul(euro.ratio.0)
                .ok_or(RateError::Overflow)?;
            return Ok(Quote {
                currency,
                rate: legacy
                    .rate()
                    .checked_mul(euro.rate)
                    .ok_or(RateError::Overflow)?,
                ratio: (numerator, euro.ratio.1),
                fixed_since: Some(legacy.adopted()),
                ..euro
            });
        }
        let points = self
            .series
            .get(&currency.code())
            .ok_or_else(|| RateError::NoSeries {
                currency,
                source: self.source.clone(),
            })?;
        let day = to_day(on);
        let Some((index, (rate_day, rate))) = points
            .on_or_before(day)
            .and_then(|i| points.get(i).map(|p| (i, p)))
        else {
            let first = points.get(0).map_or(self.first, |p| p.0);
            let last = points
                .len()
                .checked_sub(1)
                .and_then(|i| points.get(i))
                .map_or(self.last, |p| p.0);
            return Err(RateError::BeforeFirst {
                currency,
                on,
                first: to_date(first),
                last: to_date(last),
            });
        };
        let latest_available = day > self.last;
        let age = i64::from(day.min(self.last)) - i64::from(rate_day);
        if age > self.max_stale {
            return Err(RateError::Stale {
                currency,
                on,
                rate_date: to_date(rate_day),
                age,
                resumes: points.get(index + 1).map(|p| to_date(p.0)),
                source: self.source.clone(),
            });
        }
        Ok(Quote {
            currency,
            rate: rate.per_base(),
            ratio: rate.ratio(),
            date: to_date(rate_day),
            freshness: Freshness {
                stale: age > STALE_AFTER_DAYS,
                latest_available,
            },
            fixed_since: None,
        })
    }

    /// Converts through the base with a single rounding at the end:
    /// `amount * to_rate / from_rate`, multiplying first.
    ///
    /// 10 EUR -> USD on 2013-03-21 is 12.91 (rate 1.291); 100 USD -> JPY on
    /// 2020-03-15 is 100 * 119.11 / 1.1104 = 10726.76... -> 10727 JPY.
    pub fn convert(
        &self,
        from: Money,
        to: Currency,
        on: NaiveDate,
    ) -> Result<Conversion, RateError> {
        let cross = self.cross(from.currency, to, on)?;
        let amount = cross.apply_for_minor_unit(from.amount, to)?;
        let legs: Vec<Quote> = [cross.from, cross.to].into_iter().flatten().collect();
        Ok(Conversion {
            from,
            to: Money::new(amount, to),
            rate: cross.rate()?.normalize(),
            inverse_rate: cross.inverse()?.normalize(),
            on,
            rate_date: cross.rate_date(on),
            stale: legs.iter().any(|q| q.freshness.stale),
            latest_available: legs.iter().any(|q| q.freshness.latest_available),
            rule: legs
                .iter()
                .any(|q| q.fixed_since.is_some())
                .then_some(FIXED_EURO_RULE),
            legs,
            source: self.source.clone(),
            basis: None,
        })
    }
}

/// A result that a decimal holds to the currency's minor unit: at most
/// 28 digits in all, so 10^26 dollars is too many (its cents would be
/// rounded away without a word), and 10^25 is not.
pub fn to_minor_unit(amount: Decimal, currency: Currency) -> Result<Decimal, RateError> {
    let digits = 28_u32.saturating_sub(currency.minor_units());
    let limit = Decimal::from_i128_with_scale(10_i128.pow(digits), 0);
    if amount.abs() >= limit {
        return Err(RateError::BeyondMinorUnit { currency });
    }
    Ok(amount)
}
