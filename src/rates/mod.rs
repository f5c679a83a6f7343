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

pub mod blob;
pub mod ecb;
pub mod official;
mod parse;

use std::collections::BTreeMap;
use std::fmt;

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use crate::amount::Code;
use crate::currency::{Currencies, Currency, Declared, EuroLegacy, UnknownCurrency};
use crate::money::Money;

pub use parse::TableError;

/// A date written `YYYY-MM-DD`, checked against the calendar:
/// `2024-02-29` is one, `2025-02-30` is not.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    parse::date_text(text)
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

/// A series of rates for one currency, sorted by day.
#[derive(Clone, Debug)]
enum Points {
    Owned(Vec<(i32, Published)>),
    Packed(&'static [u8]),
}

impl Points {
    fn len(&self) -> usize {
        match self {
            Points::Owned(v) => v.len(),
            Points::Packed(b) => b.len() / blob::RECORD,
        }
    }

    fn get(&self, i: usize) -> Option<(i32, Published)> {
        match self {
            Points::Owned(v) => v.get(i).copied(),
            Points::Packed(b) => blob::record(b, i)
                .map(|(day, m, s)| (day, Published::direct(Decimal::new(m, u32::from(s))))),
        }
    }

    fn day(&self, i: usize) -> i32 {
        match self {
            Points::Owned(v) => v.get(i).map_or(i32::MAX, |p| p.0),
            Points::Packed(b) => blob::day_at(b, i).unwrap_or(i32::MAX),
        }
    }

    /// Index of the last point on or before `day`. Rates come on most
    /// business days, so the index is first guessed from the day (as if the
    /// dates were evenly spread), then found by galloping and bisecting from
    /// the guess: a few steps instead of the thirteen of a plain bisection
    /// over the ECB's 7,000 dates, and still exact across gaps such as ISK's
    /// nine years without rates.
    fn on_or_before(&self, day: i32) -> Option<usize> {
        let last_index = self.len().checked_sub(1)?;
        let (first, last) = (self.day(0), self.day(last_index));
        if day < first {
            return None;
        }
        if day >= last {
            return Some(last_index);
        }
        // first <= day < last, so the answer is in 0..last_index.
        let span = i64::from(last) - i64::from(first);
        let offset = i64::from(day) - i64::from(first);
        let guess = usize::try_from(offset * i64::try_from(last_index).unwrap_or(0) / span.max(1))
            .unwrap_or(0);
        // Bracket [lo, hi): day(lo) <= day < day(hi).
        let (mut lo, mut hi);
        if self.day(guess) <= day {
            lo = guess;
            let mut step = 1;
            hi = guess + 1;
            while hi <= last_index && self.day(hi) <= day {
                lo = hi;
                hi = (hi + step).min(last_index + 1);
                step *= 2;
            }
        } else {
            hi = guess;
            let mut step = 1;
            lo = guess.saturating_sub(1);
            while self.day(lo) > day {
                hi = lo;
                lo = lo.saturating_sub(step);
                step *= 2;
            }
        }
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2;
            if self.day(mid) <= day {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        Some(lo)
    }

    /// Indexes of the points dated from `start` to before `end`.
    fn between(&self, start: i32, end: i32) -> (usize, usize) {
        let after = |day: i32| {
            self.on_or_before(day.saturating_sub(1))
                .map_or(0, |i| i + 1)
        };
        let (lo, hi) = (after(start), after(end));
        (lo, hi.max(lo))
    }

    fn iter(&self) -> impl Iterator<Item = (i32, Published)> + '_ {
        (0..self.len()).filter_map(|i| self.get(i))
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

/// Which rate a conversion takes: the day's, or the mean of the day's
/// cross rates over the date's calendar month or year (as tax authorities
/// and annual reports do).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Basis {
    /// The rate of the date (the latest on or before it).
    #[default]
    Daily,
    /// The mean over the date's calendar month.
    MonthlyAverage,
    /// The mean over the date's calendar year.
    AnnualAverage,
}

impl Basis {
    /// The names the command line and claims take.
    pub const NAMES: &'static [&'static str] = &["daily", "monthly-average", "annual-average"];

    /// The days a rate of this basis covers for a date: its calendar month
    /// or year, as `[start, end)`; the day itself for a daily rate. July
    /// 2019 for 2019-07-17 on a monthly basis is 2019-07-01 to 2019-08-01.
    pub fn period(self, on: NaiveDate) -> (NaiveDate, NaiveDate) {
        let next_day = on.succ_opt().unwrap_or(on);
        match self {
            Basis::Daily => (on, next_day),
            Basis::MonthlyAverage => {
                let start = on.with_day(1).unwrap_or(on);
                let next = if on.month() == 12 {
                    NaiveDate::from_ymd_opt(on.year() + 1, 1, 1)
                } else {
                    NaiveDate::from_ymd_opt(on.year(), on.month() + 1, 1)
                };
                (start, next.unwrap_or(next_day))
            }
            Basis::AnnualAverage => (
                NaiveDate::from_ymd_opt(on.year(), 1, 1).unwrap_or(on),
                NaiveDate::from_ymd_opt(on.year() + 1, 1, 1).unwrap_or(next_day),
            ),
        }
    }
}

/// The mean of the daily cross rates of a pair over a month or a year:
/// what a conversion on an averaged [`Basis`] multiplies by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Average {
    /// Units of `to` per unit of `from`, the mean to 28 digits.
    pub rate: Decimal,
    /// Monthly or annual.
    pub basis: Basis,
    /// The first day averaged.
    pub first: NaiveDate,
    /// The last day averaged.
    pub last: NaiveDate,
    /// How many days were averaged.
    pub days: usize,
    /// A rate averaged was stale.
    pub stale: bool,
    /// The period runs past the table's last date: the mean of the days
    /// published so far.
    pub latest_available: bool,
}

impl Average {
    /// Which days it is the mean of, in words: `monthly average of 23
    /// days from 2019-07-01 to 2019-07-31`.
    pub fn describe(&self) -> String {
        let what = match self.basis {
            Basis::MonthlyAverage => "monthly",
            _ => "annual",
        };
        format!(
            "{what} average of {} days from {} to {}{}",
            self.days,
            self.first,
            self.last,
            if self.latest_available {
                ", the days published so far"
            } else {
                ""
            }
        )
    }
}

impl std::str::FromStr for Basis {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "daily" => Ok(Basis::Daily),
            "monthly-average" => Ok(Basis::MonthlyAverage),
            "annual-average" => Ok(Basis::AnnualAverage),
            _ => Err(format!(
                "unknown basis `{s}`; choose from: {}",
                Basis::NAMES.join(", ")
            )),
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
        if let Some(legacy) = EuroLegacy::of(currency.code()).filter(|l| on >= l.adopted()) {
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
        let amount = to_minor_unit(cross.apply(from.amount)?, to)?;
        let legs: Vec<Quote> = [cross.from, cross.to].into_iter().flatten().collect();
        Ok(Conversion {
            from,
            to: Money::new(amount, to),
            rate: cross.rate()?.normalize(),
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

    /// Converts at the mean of the daily cross rates over the calendar
    /// month or year of `on`, rounded once at the end: $100 at the June
    /// 2025 monthly average (21 ECB days) is 86.84 EUR. A period that runs
    /// past the table's last date is the mean of the days published so far,
    /// flagged latest available.
    pub fn convert_on_basis(
        &self,
        from: Money,
        to: Currency,
        on: NaiveDate,
        basis: Basis,
    ) -> Result<Conversion, RateError> {
        if basis == Basis::Daily {
            return self.convert(from, to, on);
        }
        let average = self.average(from.currency, to, on, basis)?;
        let Some(average) = average else {
            // The base against itself: no day to average, the rate is 1.
            return self.convert(from, to, on);
        };
        let amount = to_minor_unit(
            from.amount
                .checked_mul(average.rate)
                .ok_or(RateError::Overflow)?,
            to,
        )?;
        Ok(Conversion {
            from,
            to: Money::new(amount, to),
            rate: average.rate.normalize(),
            on,
            rate_date: average.last,
            stale: average.stale,
            latest_available: average.latest_available,
            legs: Vec::new(),
            source: self.source.clone(),
            rule: None,
            basis: Some(average.describe()),
        })
    }

    /// The mean of the daily cross rates from `from` into `to` over the
    /// calendar month or year of `on` (see [`Basis`]), over the days on
    /// which both were published; none where no market rate moves (a
    /// currency against itself, or rates fixed by law), so the day's rate
    /// is the rate.
    /// GBP into EUR over July 2019 is the mean of 1 / the 23 GBP rates,
    /// 1.1118769... (12,587.20 GBP is then 13,995.43 EUR; at the rate of
    /// 2019-07-17 alone it is 13,933.14).
    pub fn average(
        &self,
        from: Currency,
        to: Currency,
        on: NaiveDate,
        basis: Basis,
    ) -> Result<Option<Average>, RateError> {
        let (start, end) = basis.period(on);
        let mut days: Vec<i32> = Vec::new();
        for c in [from, to] {
            if c == self.base {
                continue;
            }
            if let Some(points) = self.series.get(&c.code()) {
                let (lo, hi) = points.between(to_day(start), to_day(end));
                days.extend((lo..hi).map(|i| points.day(i)));
            }
        }
        days.sort_unstable();
        days.dedup();
        let mut sum = Decimal::ZERO;
        let mut used: Vec<NaiveDate> = Vec::new();
        let mut stale = false;
        for day in days {
            let d = to_date(day);
            // Only the days on which both currencies were published.
            let cross = self.cross(from, to, d)?;
            if cross.rate_date(d) != d {
                continue;
            }
            stale |= [cross.from, cross.to]
                .iter()
                .flatten()
                .any(|q| q.freshness.stale);
            sum = sum.checked_add(cross.rate()?).ok_or(RateError::Overflow)?;
            used.push(d);
        }
        let (Some(first), Some(last)) = (used.first().copied(), used.last().copied()) else {
            // No market rate to average: a currency against itself, or
            // rates fixed by law (DEM into EUR) on every day of the period
            // (adoption dates open a year, so a period is all one or the
            // other).
            let fixed = |c: Currency| {
                c == self.base || EuroLegacy::of(c.code()).is_some_and(|l| start >= l.adopted())
            };
            if from == to || (fixed(from) && fixed(to)) {
                return Ok(None);
            }
            return Err(RateError::NoDays {
                start,
                end: end.pred_opt().unwrap_or(end),
            });
        };
        let n = Decimal::from(used.len());
        let rate = sum.checked_div(n).ok_or(RateError::Overflow)?;
        Ok(Some(Average {
            rate,
            basis,
            first,
            last,
            days: used.len(),
            stale,
            latest_available: end.pred_opt().unwrap_or(end) > self.last_date(),
        }))
    }

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

/// A past rate that a newer table changes or drops: what `rates update`
/// refuses unless told to accept it (the ECB revises almost never; a
/// mirror that rewrites history would silently turn verdicts).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Revision {
    /// The date of the rate.
    pub date: NaiveDate,
    /// Its currency.
    pub currency: Code,
    /// The rate as the older table has it, as written (`1.1718`).
    pub was: String,
    /// The rate as the newer table has it; none when it has none.
    pub now: Option<String>,
}

impl RateTable {
    /// Every rate of this table that `newer` changes or leaves out, oldest
    /// first within each currency, currencies in order. A rate written
    /// with other trailing zeros (`1.1718` and `1.17180`) is the same rate.
    pub fn revisions(&self, newer: &RateTable) -> Vec<Revision> {
        let written = |p: Published| {
            if p.inverse {
                format!("1/{}", p.value.normalize())
            } else {
                p.value.normalize().to_string()
            }
        };
        let mut out = Vec::new();
        for (code, points) in &self.series {
            let theirs = newer.series.get(code);
            for (day, rate) in points.iter() {
                let now = theirs.and_then(|t| {
                    let i = t.on_or_before(day)?;
                    t.get(i).filter(|(d, _)| *d == day).map(|(_, r)| r)
                });
                if now != Some(rate) {
                    out.push(Revision {
                        date: to_date(day),
                        currency: *code,
                        was: written(rate),
                        now: now.map(written),
                    });
                }
            }
        }
        out
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

    /// The older of the two rates' dates (`on` when both are the base).
    pub fn rate_date(&self, on: NaiveDate) -> NaiveDate {
        match (self.from, self.to) {
            (Some(a), Some(b)) => a.date.min(b.date),
            (Some(q), None) | (None, Some(q)) => q.date,
            (None, None) => on,
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::testing::{d, date};

    fn cur(t: &RateTable, s: &str) -> Currency {
        t.resolve(Code::new(s).unwrap()).unwrap()
    }

    /// A dollar table quoting the euro as the Federal Reserve does,
    /// dollars per euro, converts with the published figure exactly: 81.25
    /// EUR at 1.2136 is 98.605 USD, 98.61 rounded half up, where dividing
    /// by a 28-digit reciprocal (0.82399...) gives 98.60499... and 98.60.
    #[test]
    fn an_inverse_rate_converts_exactly() {
        let t = RateTable::from_toml(
            "base = \"USD\"\n[rates.2024-01-02]\nEUR = \"1/1.2136\"\nJPY = \"141.5\"\n",
        )
        .unwrap();
        let eur = Money::new(d("81.25"), cur(&t, "EUR"));
        let c = t.convert(eur, cur(&t, "USD"), date("2024-01-02")).unwrap();
        assert_eq!(c.to.amount, d("98.605"));
        assert_eq!(
            crate::money::Rounding::HalfUp.round(c.to.amount, 2),
            d("98.61")
        );
        assert_eq!(c.legs[0].written(), "1/1.2136");
        // Back, and across: 100 USD is 100 / 1.2136 EUR; 1 EUR is 1.2136 x
        // 141.5 = 171.7244 JPY, exactly.
        let usd = Money::new(d("121.36"), cur(&t, "USD"));
        let back = t.convert(usd, cur(&t, "EUR"), date("2024-01-02")).unwrap();
        assert_eq!(back.to.amount, d("100"));
        let one = Money::new(d("1"), cur(&t, "EUR"));
        let yen = t.convert(one, cur(&t, "JPY"), date("2024-01-02")).unwrap();
        assert_eq!(yen.to.amount, d("171.7244"));
        assert_eq!(yen.rate, d("171.7244"));
        // Both readers read it alike.
        let full = RateTable::from_toml_full(
            "base = \"USD\"\n[rates.2024-01-02]\nEUR = \"1/1.2136\"\nJPY = \"141.5\"\n",
        )
        .unwrap();
        let again = full
            .convert(eur, cur(&full, "USD"), date("2024-01-02"))
            .unwrap();
        assert_eq!(again.to.amount, d("98.605"));
    }

    #[test]
    fn blob_days_match_chrono() {
        for s in [
            "0001-01-01",
            "1999-01-04",
            "2000-02-29",
            "2024-12-31",
            "2026-10-30",
        ] {
            let dt = date(s);
            assert_eq!(
                blob::days_from_ce(dt.year(), dt.month(), dt.day()),
                dt.num_days_from_ce(),
                "{s}"
            );
        }
    }

    const SMALL: &str = r#"
base = "EUR"
source = "test"
[rates.2025-07-04]
USD = "1.1700"
JPY = 170
[rates.2025-07-08]
USD = 1.1718
JPY = 171.42
"#;

    #[test]
    fn lookup_takes_latest_on_or_before() {
        let t = RateTable::from_toml(SMALL).unwrap();
        let usd = cur(&t, "USD");
        let q = t.quote(usd, date("2025-07-07")).unwrap();
        assert_eq!((q.rate, q.date), (d("1.17"), date("2025-07-04")));
        let q = t.quote(usd, date("2025-07-08")).unwrap();
        assert_eq!(
            (q.rate, q.date, q.freshness.stale),
            (d("1.1718"), date("2025-07-08"), false)
        );
        let q = t.quote(usd, date("2025-08-01")).unwrap();
        assert!(q.freshness.latest_available && !q.freshness.stale);
        let e = t.quote(usd, date("2025-07-01")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "no USD rate on or before 2025-07-01: the table has USD from 2025-07-04 to 2025-07-08"
        );
    }

    #[test]
    fn cross_rate_multiplies_first() {
        let t = RateTable::from_toml(SMALL).unwrap();
        let c = t
            .convert(
                Money::new(d("100"), cur(&t, "USD")),
                cur(&t, "JPY"),
                date("2025-07-08"),
            )
            .unwrap();
        // 100 * 171.42 / 1.1718 = 14628.77624167946748591910
        assert_eq!(c.to.rounded(crate::money::Rounding::HalfUp), d("14629"));
        assert_eq!(c.to.amount.round_dp(6), d("14628.776242"));
    }

    #[test]
    fn interpolated_search_agrees_with_a_scan() {
        let t = RateTable::builtin().unwrap();
        for code in ["USD", "ISK", "BGN", "CYP", "TRY"] {
            let points = &t.series[&Code::new(code).unwrap()];
            let days: Vec<i32> = (0..points.len()).map(|i| points.day(i)).collect();
            let (first, last) = (days[0], *days.last().unwrap());
            for day in (first - 10..last + 10).step_by(3) {
                let expected = days.iter().rposition(|d| *d <= day);
                assert_eq!(points.on_or_before(day), expected, "{code} {day}");
            }
        }
    }

    #[test]
    fn later_table_wins() {
        let a = RateTable::from_toml(SMALL).unwrap();
        let b = RateTable::from_toml(
            "base = \"EUR\"\nsource = \"b\"\n[rates.2025-07-08]\nUSD = \"1.2\"\n",
        )
        .unwrap();
        let t = RateTable::layered(vec![a, b]).unwrap();
        let q = t.quote(cur(&t, "USD"), date("2025-07-08")).unwrap();
        assert_eq!(q.rate, d("1.2"));
        let q = t.quote(cur(&t, "JPY"), date("2025-07-08")).unwrap();
        assert_eq!(q.rate, d("171.42"));
        assert_eq!(t.date_count(), 2);
    }
}
