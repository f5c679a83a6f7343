//! An offer's figures in another currency or in dollars of another period: restated payment by payment, rounded once.

use chrono::{Datelike, Duration, NaiveDate};
use rust_decimal::Decimal;

use super::{
    Breakdown, By, ComponentFigures, Conversions, Converted, Figures, Fx, Offer, OfferError, Real,
    RealTerms, Reporting, Restated, cents, checked_sum, overflow, round_money,
};
use crate::currency::Currency;
use crate::index::Period as IndexPeriod;
use crate::money::Money;
use crate::rates::RateTable;
use crate::schedule::{self, Allocation};

impl Offer {
    /// Every figure in `target`: see [`Reporting`].
    pub(super) fn reporting(
        &self,
        b: &Breakdown,
        fx: &Conversions<'_>,
        target: Currency,
        native: Currency,
    ) -> Result<Reporting, OfferError> {
        let fx_err = OfferError::Rate;
        let one = fx.table.cross(native, target, fx.as_of).map_err(fx_err)?;
        let mut flags = Converted {
            money: Money::zero(target),
            rate_date: one.rate_date(fx.as_of),
            stale: false,
            latest_available: false,
        };
        let mut mark = |c: &crate::rates::Cross, on: NaiveDate| {
            let legs = [c.from, c.to];
            flags.stale |= legs.iter().flatten().any(|q| q.freshness.stale);
            flags.latest_available |= legs.iter().flatten().any(|q| q.freshness.latest_available);
            if fx.fx == Fx::PaidOn {
                flags.rate_date = flags.rate_date.max(c.rate_date(on));
            }
        };
        mark(&one, fx.as_of);
        let mut convert = |amount: Decimal, on: NaiveDate| -> Result<Decimal, OfferError> {
            let cross = match fx.fx {
                Fx::AsOf => one,
                Fx::PaidOn => fx.table.cross(native, target, on).map_err(fx_err)?,
            };
            mark(&cross, on);
            cross.apply(amount).map_err(fx_err)
        };
        let r = self.restate(b, target, &mut convert)?;
        flags.money = r.figures.total;
        Ok(Reporting {
            currency: target,
            fx: fx.fx,
            as_of: fx.as_of,
            rates: flags,
            figures: r.figures,
            by_component: r.cells,
        })
    }

    /// Every figure in dollars of `terms.period`: each payment (in dollars,
    /// or converted into them by the offer's `fx` rule) times the index of
    /// that period over the index of the payment's month. A month past the
    /// index's last is projected from it at the `inflation` assumed, and
    /// is an error without one.
    pub(super) fn real(
        &self,
        b: &Breakdown,
        terms: &RealTerms<'_>,
        fx: &Conversions<'_>,
        native: Currency,
    ) -> Result<Real, OfferError> {
        let index_err = OfferError::Index;
        let fx_err = OfferError::Rate;
        let dollars = fx
            .table
            .resolve(terms.index.currency)
            .map_err(|e| OfferError::UnknownCurrency(e.to_string()))?;
        let to = terms.index.value(terms.period).map_err(index_err)?;
        let (_, last, _) = terms.index.range();
        let Some(IndexPeriod::Month(last_year, last_month)) = last else {
            return Err(OfferError::NoMonthlyIndex(terms.index.name.clone()));
        };
        let at_last = terms
            .index
            .value(IndexPeriod::Month(last_year, last_month))
            .map_err(index_err)?;
        let last_day = NaiveDate::from_ymd_opt(last_year, last_month, 1).ok_or_else(overflow)?;
        let inflation = terms
            .inflation
            .map(|r| schedule::Compound::new(r).ok_or(OfferError::InflationFloor))
            .transpose()?;
        let one = fx.table.cross(native, dollars, fx.as_of).map_err(fx_err)?;
        let mut projected = false;
        let mut interpolated: Vec<IndexPeriod> = Vec::new();
        let mut deflate = |amount: Decimal, on: NaiveDate| -> Result<Decimal, OfferError> {
            let usd = if native == dollars {
                amount
            } else {
                let cross = match fx.fx {
                    Fx::AsOf => one,
                    Fx::PaidOn => fx.table.cross(native, dollars, on).map_err(fx_err)?,
                };
                cross.apply(amount).map_err(fx_err)?
            };
            let month = IndexPeriod::Month(on.year(), on.month());
            let index = if month > IndexPeriod::Month(last_year, last_month) {
                let Some(c) = &inflation else {
                    return Err(OfferError::PastIndex {
                        on,
                        index: terms.index.name.clone(),
                        last: (last_year, last_month),
                    });
                };
                projected = true;
                // Grown from the last month at the rate assumed.
                let years = schedule::year_time(last_day, on.with_day(1).unwrap_or(on));
                let df = c.discount(years).ok_or_else(overflow)?;
                at_last.checked_div(df).ok_or_else(overflow)?
            } else if let Some(between) = terms
                .index
                .interpolated(month)
                .filter(|_| terms.interpolate)
            {
                if !interpolated.contains(&month) {
                    interpolated.push(month);
                }
                between
            } else {
                terms.index.value(month).map_err(OfferError::Unpublished)?
            };
            usd.checked_mul(to)
                .and_then(|x| x.checked_div(index))
                .ok_or_else(overflow)
        };
        let r = self.restate(b, dollars, &mut deflate)?;
        Ok(Real {
            period: terms.period,
            index: terms.index.name.clone(),
            index_to: to,
            projected_after: projected.then_some(IndexPeriod::Month(last_year, last_month)),
            inflation: terms.inflation,
            interpolated,
            figures: r.figures,
        })
    }

    /// Every payment through `value` (a conversion, a restatement), with
    /// periods, components, present value and what is kept on leaving,
    /// rounded once in `target`.
    pub(super) fn restate(
        &self,
        b: &Breakdown,
        target: Currency,
        value: &mut dyn FnMut(Decimal, NaiveDate) -> Result<Decimal, OfferError>,
    ) -> Result<Restated, OfferError> {
        let compound = self
            .discount
            .map(|r| schedule::Compound::new(r).ok_or(OfferError::DiscountFloor))
            .transpose()?;
        let n = self.components.len();
        let mut periods = vec![Decimal::ZERO; b.periods.len()];
        let mut cells = vec![vec![Decimal::ZERO; n]; b.periods.len()];
        let mut totals = vec![Decimal::ZERO; n];
        let mut kept = vec![Decimal::ZERO; n];
        let mut pv = Decimal::ZERO;
        let mut kept_pv = Decimal::ZERO;
        let add = |v: &mut Vec<Decimal>, i: usize, x: Decimal| -> Result<(), OfferError> {
            if let Some(slot) = v.get_mut(i) {
                *slot = slot.checked_add(x).ok_or_else(overflow)?;
            }
            Ok(())
        };
        for t in &b.tranches {
            let Some(m) = t.amount else { continue };
            let v = value(m.amount, t.date)?;
            let period = self.period_index(&b.periods, t.date);
            add(&mut periods, period, v)?;
            if let Some(row) = cells.get_mut(period) {
                add(row, t.component, v)?;
            }
            add(&mut totals, t.component, v)?;
            let leaving = self.leave_on.filter(|l| t.vested < *l);
            let repaid = match leaving {
                Some(leave) => super::leaving::repaid(t, v, leave)?,
                None => Decimal::ZERO,
            };
            if let Some(c) = &compound {
                let df = |on: NaiveDate| {
                    c.discount(schedule::year_time(self.start, on))
                        .ok_or_else(overflow)
                };
                let now = v.checked_mul(df(t.date)?).ok_or_else(overflow)?;
                pv = pv.checked_add(now).ok_or_else(overflow)?;
                if let Some(leave) = leaving {
                    kept_pv = repaid
                        .checked_mul(df(leave)?)
                        .and_then(|back| now.checked_sub(back))
                        .and_then(|x| kept_pv.checked_add(x))
                        .ok_or_else(overflow)?;
                }
            }
            if leaving.is_some() {
                add(
                    &mut kept,
                    t.component,
                    v.checked_sub(repaid).ok_or_else(overflow)?,
                )?;
            }
        }
        // Salary accrues by day: each day's share at that day's rate.
        for a in &b.accruals {
            let length = u32::try_from((a.until - a.from).num_days()).map_err(|_| overflow())?;
            let daily = a
                .amount
                .amount
                .checked_div(Decimal::from(length.max(1)))
                .ok_or_else(overflow)?;
            let (mut factor, q) = match &compound {
                Some(c) => (
                    c.discount(schedule::year_time(self.start, a.from))
                        .ok_or_else(overflow)?,
                    Decimal::ONE
                        .checked_div(c.day_root(length))
                        .ok_or_else(overflow)?,
                ),
                None => (Decimal::ONE, Decimal::ONE),
            };
            let grant_year_period =
                self.period_index(&b.periods, a.from.succ_opt().unwrap_or(a.from));
            let mut day = a.from;
            while day < a.until {
                let v = value(daily, day)?;
                let period = match self.by {
                    By::GrantYear => grant_year_period,
                    By::CalendarYear => self.period_index(&b.periods, day),
                };
                add(&mut periods, period, v)?;
                if let Some(row) = cells.get_mut(period) {
                    add(row, a.component, v)?;
                }
                add(&mut totals, a.component, v)?;
                factor = factor.checked_mul(q).ok_or_else(overflow)?;
                let now = v.checked_mul(factor).ok_or_else(overflow)?;
                pv = pv.checked_add(now).ok_or_else(overflow)?;
                if self.leave_on.is_some_and(|l| day < l) {
                    add(&mut kept, a.component, v)?;
                    kept_pv = kept_pv.checked_add(now).ok_or_else(overflow)?;
                }
                day = day.succ_opt().ok_or_else(overflow)?;
            }
        }
        // Rounded once: the total, then periods and components split from it
        // so that they add up to it exactly.
        let unit = cents(target);
        let total = round_money(checked_sum(periods.iter().copied())?, target);
        let split = |weights: &[Decimal], whole: Decimal| -> Result<Vec<Decimal>, OfferError> {
            if weights.iter().all(Decimal::is_zero) {
                return Ok(vec![Decimal::ZERO; weights.len()]);
            }
            Ok(schedule::allocate(
                whole,
                weights,
                unit,
                Allocation::CumulativeRounding,
            )?)
        };
        let money = |v: Decimal| Money::new(v, target);
        let period_money: Vec<Money> = split(&periods, total)?.into_iter().map(money).collect();
        let component_totals = split(&totals, total)?;
        let kept_total = match self.leave_on {
            Some(_) => Some(round_money(checked_sum(kept.iter().copied())?, target)),
            None => None,
        };
        let component_kept = match kept_total {
            Some(k) if kept.iter().all(|x| *x >= Decimal::ZERO) => split(&kept, k)?,
            _ => kept.iter().map(|x| round_money(*x, target)).collect(),
        };
        let mut components: Vec<ComponentFigures> = component_totals
            .iter()
            .zip(&component_kept)
            .map(|(t, k)| ComponentFigures {
                total: Some(money(*t)),
                kept: self.leave_on.map(|_| money(*k)),
                forfeited: self.leave_on.map(|_| money(*t - *k)),
                after_tax: None,
                kept_after_tax: None,
            })
            .collect();
        let after_tax = self.after_tax(&mut components, target)?;
        let count = Decimal::from(b.periods.len().max(1));
        Ok(Restated {
            figures: Figures {
                total: money(total),
                average_per_year: money(total.checked_div(count).ok_or_else(overflow)?),
                periods: period_money,
                components,
                present_value: compound.map(|_| money(pv)),
                kept: kept_total.map(money),
                forfeited: kept_total.map(|k| money(total - k)),
                kept_present_value: kept_total.and(compound.as_ref()).map(|_| money(kept_pv)),
                after_tax: after_tax.total,
                kept_after_tax: after_tax.kept,
            },
            cells,
        })
    }

    pub(super) fn convert(
        &self,
        b: &mut Breakdown,
        table: &RateTable,
        target: Currency,
        mode: Fx,
        as_of: NaiveDate,
        from: Currency,
    ) -> Result<(), OfferError> {
        let fx_err = OfferError::Rate;
        match mode {
            Fx::AsOf => {
                let total = b.total.map_or(Decimal::ZERO, |m| m.amount);
                let c = table
                    .convert(Money::new(total, from), target, as_of)
                    .map_err(fx_err)?;
                let converted_total = round_money(c.to.amount, target);
                let weights: Vec<Decimal> = b
                    .periods
                    .iter()
                    .map(|p| p.amount.map_or(Decimal::ZERO, |m| m.amount))
                    .collect();
                let parts = if total.is_zero() {
                    vec![Decimal::ZERO; weights.len()]
                } else {
                    schedule::allocate(
                        converted_total,
                        &weights,
                        cents(target),
                        Allocation::CumulativeRounding,
                    )?
                };
                for (p, part) in b.periods.iter_mut().zip(parts) {
                    p.converted
                        .push(Converted::of(Money::new(part, target), &c));
                }
                b.total_converted
                    .push(Converted::of(Money::new(converted_total, target), &c));
            }
            Fx::PaidOn => {
                let mut sums: Vec<Option<Converted>> = vec![None; b.periods.len()];
                let mut add = |i: usize, c: &crate::rates::Conversion| -> Result<(), OfferError> {
                    let part = round_money(c.to.amount, target);
                    if let Some(s) = sums.get_mut(i) {
                        *s = Some(match *s {
                            Some(sum) => sum.add(part, c)?,
                            None => Converted::of(Money::new(part, target), c),
                        });
                    }
                    Ok(())
                };
                for t in &b.tranches {
                    let Some(m) = t.amount else { continue };
                    let c = table.convert(m, target, t.date).map_err(fx_err)?;
                    add(self.period_index(&b.periods, t.date), &c)?;
                }
                for a in &b.accruals {
                    for (i, part) in self.split_accrual(a, &b.periods)? {
                        let on = b
                            .periods
                            .get(i)
                            .map_or(a.until, |p| p.end.min(a.until - Duration::days(1)));
                        let c = table
                            .convert(Money::new(part, from), target, on)
                            .map_err(fx_err)?;
                        add(i, &c)?;
                    }
                }
                let last = sums
                    .iter()
                    .flatten()
                    .map(|s| s.rate_date)
                    .max()
                    .unwrap_or(as_of);
                let empty = Converted {
                    money: Money::zero(target),
                    rate_date: last,
                    stale: false,
                    latest_available: false,
                };
                let mut total = empty;
                for s in sums.iter().flatten() {
                    total.money = total.money.checked_add(s.money).map_err(|_| overflow())?;
                    total.stale |= s.stale;
                    total.latest_available |= s.latest_available;
                }
                for (p, s) in b.periods.iter_mut().zip(sums) {
                    p.converted.push(s.unwrap_or(empty));
                }
                b.total_converted.push(total);
            }
        }
        Ok(())
    }
}
