//! Conversion bases: the day's rate, or the mean of a month's or a
//! year's published rates (what accounts and tax returns use).

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use super::error::RateError;
use super::{Conversion, RateTable, to_date, to_day, to_minor_unit};
use crate::currency::Currency;
use crate::money::Money;

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

impl RateTable {
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
            inverse_rate: Decimal::ONE
                .checked_div(average.rate)
                .ok_or(RateError::Overflow)?
                .normalize(),
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
                c == self.base || c.euro_legacy().is_some_and(|l| start >= l.adopted())
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
}
