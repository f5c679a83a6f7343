//! Tranches and accruals into periods: grant years or calendar years, salary split by day.

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use super::{Accrual, By, Offer, OfferError, Period, PeriodId, cents};
use crate::schedule::{self, Allocation, anniversary, grant_year};

impl Offer {
    pub(super) fn periods(&self, last: NaiveDate) -> Result<Vec<Period>, OfferError> {
        let beyond = || OfferError::BeyondCalendar;
        let blank = |id: PeriodId, start, end| Period {
            id,
            start,
            end,
            amount: None,
            by_component: Vec::new(),
            shares: None,
            converted: Vec::new(),
        };
        Ok(match self.by {
            By::GrantYear => (1..=grant_year(self.start, last))
                .map(|k| {
                    Ok(blank(
                        PeriodId::GrantYear(k),
                        anniversary(self.start, k - 1).ok_or_else(beyond)?,
                        anniversary(self.start, k).ok_or_else(beyond)?,
                    ))
                })
                .collect::<Result<_, OfferError>>()?,
            By::CalendarYear => (self.start.year()..=last.year())
                .map(|y| {
                    let first = NaiveDate::from_ymd_opt(y, 1, 1)
                        .ok_or_else(beyond)?
                        .max(self.start);
                    Ok(blank(
                        PeriodId::Calendar(y),
                        first,
                        NaiveDate::from_ymd_opt(y, 12, 31).ok_or_else(beyond)?,
                    ))
                })
                .collect::<Result<_, OfferError>>()?,
        })
    }

    pub(super) fn period_index(&self, periods: &[Period], date: NaiveDate) -> usize {
        let i = match self.by {
            By::GrantYear => usize::try_from(grant_year(self.start, date))
                .unwrap_or(1)
                .saturating_sub(1),
            // Unreachable default: no payment is dated before the start
            // (schedules start there; explicit tranches before it are
            // refused when read).
            By::CalendarYear => usize::try_from(date.year() - self.start.year()).unwrap_or(0),
        };
        i.min(periods.len().saturating_sub(1))
    }

    /// A salary year split into periods by days, to the cent.
    pub(super) fn split_accrual(
        &self,
        a: &Accrual,
        periods: &[Period],
    ) -> Result<Vec<(usize, Decimal)>, OfferError> {
        let mut pieces: Vec<(usize, Decimal)> = Vec::new();
        let mut day = a.from;
        while day < a.until {
            let i = match self.by {
                // Salary days of grant year k all belong to Year k.
                By::GrantYear => self.period_index(periods, a.from.succ_opt().unwrap_or(a.from)),
                By::CalendarYear => self.period_index(periods, day),
            };
            let period_end = match self.by {
                By::GrantYear => a.until,
                By::CalendarYear => NaiveDate::from_ymd_opt(day.year() + 1, 1, 1)
                    .unwrap_or(a.until)
                    .min(a.until),
            };
            pieces.push((i, Decimal::from((period_end - day).num_days())));
            day = period_end;
        }
        let weights: Vec<Decimal> = pieces.iter().map(|p| p.1).collect();
        let parts = schedule::allocate(
            a.amount.amount,
            &weights,
            cents(a.amount.currency),
            Allocation::CumulativeRounding,
        )?;
        Ok(pieces.iter().map(|p| p.0).zip(parts).collect())
    }
}
