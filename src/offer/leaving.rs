//! What is kept and forfeited on leaving: vested and accrued before the day, less clawbacks.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::{Breakdown, Note, Offer, OfferError, Tranche, overflow, round_money};
use crate::currency::Currency;
use crate::money::Money;
use crate::schedule::add_months;

impl Offer {
    /// What vested or accrued before `leave`, less clawbacks, and notes on
    /// the clawbacks.
    pub(super) fn kept(
        &self,
        b: &Breakdown,
        leave: NaiveDate,
        c: Currency,
    ) -> Result<(Decimal, Vec<Decimal>, Vec<Note>), OfferError> {
        let mut kept = Decimal::ZERO;
        let mut by_component = vec![Decimal::ZERO; self.components.len()];
        let mut add = |component: usize, v: Decimal| -> Result<(), OfferError> {
            if let Some(slot) = by_component.get_mut(component) {
                *slot = slot.checked_add(v).ok_or_else(overflow)?;
            }
            Ok(())
        };
        let mut notes = Vec::new();
        for t in b.tranches.iter().filter(|t| t.vested < leave) {
            let Some(m) = t.amount else { continue };
            kept = kept.checked_add(m.amount).ok_or_else(overflow)?;
            add(t.component, m.amount)?;
            if let Some(months) = t.clawback
                && let Some(until) = add_months(t.date, months)
                && leave < until
            {
                let left = Decimal::from((until - leave).num_days());
                let length = Decimal::from((until - t.date).num_days());
                let repaid = round_money(repaid(t, m.amount, leave)?, c);
                kept = kept.checked_sub(repaid).ok_or_else(overflow)?;
                add(t.component, -repaid)?;
                let label = self
                    .components
                    .get(t.component)
                    .map_or("", |c| c.label.as_str());
                notes.push(Note::Clawback {
                    label: label.to_owned(),
                    leave,
                    repaid: Money::new(repaid, c),
                    of: m,
                    left,
                    length,
                    months,
                });
            }
        }
        for a in &b.accruals {
            if leave <= a.from {
                continue;
            }
            let worked = Decimal::from((leave.min(a.until) - a.from).num_days());
            let days = Decimal::from((a.until - a.from).num_days());
            let earned = a
                .amount
                .amount
                .checked_mul(worked)
                .ok_or_else(overflow)?
                .checked_div(days)
                .ok_or_else(overflow)?;
            let earned = round_money(earned, c);
            kept = kept.checked_add(earned).ok_or_else(overflow)?;
            add(a.component, earned)?;
        }
        Ok((kept, by_component, notes))
    }
}

/// What leaving on `leave` repays of a payment of `v`: nothing, but for
/// the part of a clawback still running, repaid pro rata by days (a
/// $20,000 signing bonus with a 12-month clawback, left after 9 months of
/// 365 days, repays 92/365 of it: 5,041.10), exact.
pub(super) fn repaid(t: &Tranche, v: Decimal, leave: NaiveDate) -> Result<Decimal, OfferError> {
    let Some(until) = t.clawback.and_then(|months| add_months(t.date, months)) else {
        return Ok(Decimal::ZERO);
    };
    if leave >= until || leave < t.date {
        return Ok(Decimal::ZERO);
    }
    let left = Decimal::from((until - leave).num_days());
    let length = Decimal::from((until - t.date).num_days());
    v.checked_mul(left)
        .and_then(|x| x.checked_div(length))
        .ok_or_else(overflow)
}
