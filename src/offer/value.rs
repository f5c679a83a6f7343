//! What an offer is worth besides its total: present value at a discount rate, and after a given tax rate.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::{Accrual, Breakdown, ComponentFigures, Offer, OfferError, overflow, round_money};
use crate::currency::Currency;
use crate::money::Money;
use crate::schedule::{self};

impl Offer {
    /// Each component's figures after its given tax rate, each rounded
    /// once: $200,000 of salary at 37% is $126,000.00; the offer's total
    /// and what it keeps after tax only when every component has a rate (a
    /// sum of taxed and untaxed figures would read as all taxed). The same
    /// in the reporting currency, from its own converted figures.
    pub(super) fn after_tax(
        &self,
        figures: &mut [ComponentFigures],
        currency: Currency,
    ) -> Result<AfterTax, OfferError> {
        let after = |m: Option<Money>, rate: Decimal| -> Result<Option<Money>, OfferError> {
            m.map(|m| {
                let kept = m
                    .amount
                    .checked_mul(Decimal::ONE - rate)
                    .ok_or_else(overflow)?;
                Ok(Money::new(round_money(kept, currency), currency))
            })
            .transpose()
        };
        let add = |sum: Option<Decimal>, m: Option<Money>| -> Result<_, OfferError> {
            Ok(match (sum, m) {
                (Some(s), Some(a)) => Some(s.checked_add(a.amount).ok_or_else(overflow)?),
                _ => None,
            })
        };
        let (mut total, mut kept) = (Some(Decimal::ZERO), Some(Decimal::ZERO));
        for (c, figures) in self.components.iter().zip(figures.iter_mut()) {
            match c.tax {
                Some(rate) => {
                    figures.after_tax = after(figures.total, rate)?;
                    figures.kept_after_tax = after(figures.kept, rate)?;
                    total = add(total, figures.after_tax)?;
                    kept = add(kept, figures.kept_after_tax)?;
                }
                None => (total, kept) = (None, None),
            }
        }
        let money = |s: Decimal| Money::new(s, currency);
        Ok(AfterTax {
            total: total.map(money),
            kept: kept.map(money),
        })
    }
}

/// An offer's total and what it keeps, after the given tax rates.
pub(super) struct AfterTax {
    pub(super) total: Option<Money>,
    pub(super) kept: Option<Money>,
}

impl Offer {
    pub(super) fn present_value(
        &self,
        b: &Breakdown,
        rate: Decimal,
    ) -> Result<Decimal, OfferError> {
        let compound = schedule::Compound::new(rate).ok_or(OfferError::DiscountFloor)?;
        let mut pv = Decimal::ZERO;
        for t in &b.tranches {
            if let Some(m) = t.amount {
                let df = compound
                    .discount(schedule::year_time(self.start, t.date))
                    .ok_or_else(overflow)?;
                pv = m
                    .amount
                    .checked_mul(df)
                    .and_then(|x| pv.checked_add(x))
                    .ok_or_else(overflow)?;
            }
        }
        for a in &b.accruals {
            pv = accrual_pv(self.start, a, &compound)
                .and_then(|x| pv.checked_add(x))
                .ok_or_else(overflow)?;
        }
        Ok(pv)
    }
}

impl Offer {
    /// The present value of what is kept on leaving on `leave`: each kept
    /// payment discounted from its date, less a clawback's repayment
    /// discounted from the leaving date, and the salary accrued before the
    /// day (see [`accrual_pv_until`]). $25,000,000 vested after a year,
    /// kept on leaving in Year 2, at 8% is 25,000,000 / 1.08 =
    /// 23,148,148.15.
    pub(super) fn kept_present_value(
        &self,
        b: &Breakdown,
        rate: Decimal,
        leave: NaiveDate,
        currency: Currency,
    ) -> Result<Decimal, OfferError> {
        let compound = schedule::Compound::new(rate).ok_or(OfferError::DiscountFloor)?;
        let df = |on: NaiveDate| {
            compound
                .discount(schedule::year_time(self.start, on))
                .ok_or_else(overflow)
        };
        let mut pv = Decimal::ZERO;
        for t in b.tranches.iter().filter(|t| t.vested < leave) {
            let Some(m) = t.amount else { continue };
            let repaid = round_money(super::leaving::repaid(t, m.amount, leave)?, currency);
            pv = m
                .amount
                .checked_mul(df(t.date)?)
                .and_then(|x| x.checked_sub(repaid.checked_mul(df(leave).ok()?)?))
                .and_then(|x| pv.checked_add(x))
                .ok_or_else(overflow)?;
        }
        for a in b.accruals.iter().filter(|a| a.from < leave) {
            pv = accrual_pv_until(self.start, a, &compound, leave.min(a.until))
                .and_then(|x| pv.checked_add(x))
                .ok_or_else(overflow)?;
        }
        Ok(pv)
    }
}

/// Present value of a salary year accruing by day, each day's salary at the
/// day's end: with v = (1+r)^-1, q = v^(1/D) over a year of D days starting
/// k years in, PV = S/D x v^k x q (1 - v) / (1 - q). At r = 0 it is S.
pub(super) fn accrual_pv(start: NaiveDate, a: &Accrual, c: &schedule::Compound) -> Option<Decimal> {
    if c.base() == Decimal::ONE {
        return Some(a.amount.amount);
    }
    let t = schedule::year_time(start, a.from);
    let length = u32::try_from((a.until - a.from).num_days()).ok()?;
    let days = Decimal::from(length);
    let v = Decimal::ONE.checked_div(c.base())?;
    let q = Decimal::ONE.checked_div(c.day_root(length))?;
    let vk = c.discount(t)?;
    let ratio = (Decimal::ONE - v).checked_div(Decimal::ONE - q)?;
    a.amount
        .amount
        .checked_div(days)?
        .checked_mul(vk)?
        .checked_mul(q)?
        .checked_mul(ratio)
}

/// Present value of the days of a salary year before `until`: with the
/// times t0 of its first day and t1 of `until` in years, and q one day's
/// discount, S/D x q / (1 - q) x (v^t0 - v^t1); over the whole year it is
/// [`accrual_pv`]. At r = 0 it is the salary of the days worked: $120,000
/// over 365 days, 184 of them worked, is 60,493.15.
pub(super) fn accrual_pv_until(
    start: NaiveDate,
    a: &Accrual,
    c: &schedule::Compound,
    until: NaiveDate,
) -> Option<Decimal> {
    let length = u32::try_from((a.until - a.from).num_days()).ok()?;
    let days = Decimal::from(length);
    if c.base() == Decimal::ONE {
        let worked = Decimal::from((until - a.from).num_days());
        return a.amount.amount.checked_mul(worked)?.checked_div(days);
    }
    if until >= a.until {
        return accrual_pv(start, a, c);
    }
    let q = Decimal::ONE.checked_div(c.day_root(length))?;
    let v0 = c.discount(schedule::year_time(start, a.from))?;
    let v1 = c.discount(schedule::year_time(start, until))?;
    a.amount
        .amount
        .checked_div(days)?
        .checked_mul(q)?
        .checked_div(Decimal::ONE - q)?
        .checked_mul(v0 - v1)
}
