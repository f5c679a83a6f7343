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
    /// after tax only when every component has a rate (a sum of taxed and
    /// untaxed figures would read as all taxed). The same in the reporting
    /// currency, from its own converted figures.
    pub(super) fn after_tax(
        &self,
        figures: &mut [ComponentFigures],
        currency: Currency,
    ) -> Result<Option<Money>, OfferError> {
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
        let mut sum = Some(Decimal::ZERO);
        for (c, figures) in self.components.iter().zip(figures.iter_mut()) {
            match c.tax {
                Some(rate) => {
                    figures.after_tax = after(figures.total, rate)?;
                    figures.kept_after_tax = after(figures.kept, rate)?;
                    sum = match (sum, figures.after_tax) {
                        (Some(s), Some(a)) => Some(s.checked_add(a.amount).ok_or_else(overflow)?),
                        _ => None,
                    };
                }
                None => sum = None,
            }
        }
        Ok(sum.map(|s| Money::new(s, currency)))
    }
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
