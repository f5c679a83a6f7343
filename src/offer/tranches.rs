//! Components into dated tranches and salary accruals: vesting, grants of value or shares, refreshers.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::{
    Accrual, Component, EsppPrices, Grant, Note, Offer, OfferError, PriceChange, Schedule, Target,
    Terms, Tranche, Valuation, cents, months_between, overflow, round_money,
};
use crate::currency::Currency;
use crate::money::Money;
use crate::schedule::{self, Allocation, Vesting, add_months, anniversary};

impl Offer {
    pub(super) fn component_tranches(
        &self,
        index: usize,
        c: &Component,
        salaries: &[Decimal],
        at: Option<PriceChange>,
        out: &mut Schedule,
    ) -> Result<(), OfferError> {
        let Schedule {
            tranches,
            accruals,
            notes,
        } = out;
        let start = self.start;
        let beyond = || OfferError::BeyondCalendar;
        match &c.terms {
            Terms::Salary { amount, years, .. } => {
                for (k, s) in (0_u32..).zip(salary_years(
                    amount.amount,
                    self.raise_of(c),
                    *years,
                    amount.currency,
                )?) {
                    accruals.push(Accrual {
                        component: index,
                        from: anniversary(start, k).ok_or_else(beyond)?,
                        until: anniversary(start, k + 1).ok_or_else(beyond)?,
                        amount: Money::new(s, amount.currency),
                    });
                }
            }
            Terms::Bonus {
                target,
                payout,
                years,
            } => {
                let years = years.unwrap_or_else(|| u32::try_from(salaries.len()).unwrap_or(0));
                for k in 1..=years {
                    let base = match target {
                        Target::Percent(p) => {
                            let s = salaries
                                .get(usize::try_from(k - 1).unwrap_or(usize::MAX))
                                .ok_or(OfferError::BonusWithoutSalary)
                                .map_err(|e| e.in_component(index, Some("target")))?;
                            let cur = self
                                .currency()?
                                .ok_or(OfferError::BonusWithoutSalary)
                                .map_err(|e| e.in_component(index, Some("target")))?;
                            Money::new(s.checked_mul(*p).ok_or_else(overflow)?, cur)
                        }
                        Target::Amount(m) => *m,
                    };
                    let value = base.amount.checked_mul(*payout).ok_or_else(overflow)?;
                    let date = anniversary(start, k).ok_or_else(beyond)?;
                    tranches.push(Tranche {
                        date,
                        vested: date,
                        component: index,
                        amount: Some(Money::new(round_money(value, base.currency), base.currency)),
                        shares: None,
                        clawback: None,
                    });
                }
            }
            Terms::Lump {
                amount,
                vesting,
                clawback,
            } => {
                for (date, part) in vesting.split(
                    amount.amount,
                    start,
                    cents(amount.currency),
                    self.money_allocation(),
                )? {
                    tranches.push(Tranche {
                        date,
                        vested: date,
                        component: index,
                        amount: Some(Money::new(part, amount.currency)),
                        shares: None,
                        clawback: *clawback,
                    });
                }
            }
            Terms::Espp {
                contribution,
                discount,
                lookback,
                period,
                periods,
                prices,
            } => {
                let plan = Espp {
                    index,
                    contribution: *contribution,
                    discount: *discount,
                    lookback: *lookback,
                    period: *period,
                    periods: *periods,
                    prices,
                };
                self.espp_tranches(&plan, salaries, at, tranches)?;
            }
            Terms::Equity {
                grant,
                price,
                vesting,
                growth,
                refresh,
                horizon,
                strike,
                liquidity,
                ..
            } => {
                let value = Valuation {
                    price: *price,
                    growth: *growth,
                    strike: *strike,
                    at,
                    liquidity: *liquidity,
                };
                let first = Award {
                    index,
                    label: &c.label,
                    granted: start,
                    grant,
                    vesting,
                };
                self.grant_tranches(&first, &value, tranches, notes)?;
                if let Some(r) = refresh {
                    let months = horizon
                        .or_else(|| vesting.end(start).map(|e| months_between(start, e)))
                        .unwrap_or(48);
                    let mut k = 1;
                    while let Some(at) =
                        add_months(start, r.every.checked_mul(k).ok_or_else(beyond)?)
                    {
                        if at >= add_months(start, months).ok_or_else(beyond)? || r.every == 0 {
                            break;
                        }
                        let label = format!("{} refresh {k}", c.label);
                        let refresher = Award {
                            index,
                            label: &label,
                            granted: at,
                            grant: &Grant::Value(r.amount),
                            vesting: &r.vesting,
                        };
                        self.grant_tranches(&refresher, &value, tranches, notes)?;
                        k += 1;
                    }
                }
            }
        }
        Ok(())
    }

    /// Money always splits into whole minor units: `fractional` is for
    /// shares, and money under it splits by cumulative rounding.
    pub(super) fn money_allocation(&self) -> Allocation {
        match self.allocation {
            Allocation::Fractional => Allocation::CumulativeRounding,
            other => other,
        }
    }

    pub(super) fn raise_of(&self, c: &Component) -> Decimal {
        match &c.terms {
            Terms::Salary { raise, .. } => *raise,
            _ => Decimal::ZERO,
        }
    }

    /// The tranches of one grant (the first, or a refresher): shares from
    /// its value at the grant date's price (whole shares, the rest noted),
    /// split by its vesting, each valued at its date's price.
    pub(super) fn grant_tranches(
        &self,
        award: &Award<'_>,
        value: &Valuation,
        tranches: &mut Vec<Tranche>,
        notes: &mut Vec<Note>,
    ) -> Result<(), OfferError> {
        let Award {
            index,
            label,
            granted,
            grant,
            vesting,
        } = *award;
        let (price, growth, strike, at) = (value.price, value.growth, value.strike, value.at);
        // Double-trigger units are paid at the liquidity event, or never
        // when none comes before they expire.
        let expires = match value.liquidity.and_then(|l| l.expire) {
            Some(months) => Some(add_months(granted, months).ok_or(OfferError::BeyondCalendar)?),
            None => None,
        };
        let settles = |vested: NaiveDate| -> Option<NaiveDate> {
            match value.liquidity {
                None => Some(vested),
                Some(l) => {
                    let on = l.on?;
                    if expires.is_some_and(|e| on >= e) {
                        return None;
                    }
                    Some(on.max(vested))
                }
            }
        };
        let mut unsettled = Decimal::ZERO;
        let compound = schedule::Compound::new(growth).ok_or(OfferError::GrowthFloor)?;
        let price_on = |date: NaiveDate, p: Money| -> Result<Decimal, OfferError> {
            if growth.is_zero() {
                return Ok(p.amount);
            }
            let factor = compound
                .growth(schedule::year_time(self.start, date))
                .ok_or_else(overflow)?;
            p.amount.checked_mul(factor).ok_or_else(overflow)
        };
        let shares = match (grant, price) {
            (Grant::Shares(n), _) => Some(*n),
            (Grant::Value(v), Some(p)) => {
                let at_grant = price_on(granted, p)?;
                if at_grant <= Decimal::ZERO {
                    return Err(OfferError::PriceNotPositive);
                }
                let n = v.amount.checked_div(at_grant).ok_or_else(overflow)?.floor();
                let left = v.amount - n * at_grant;
                if !left.is_zero() {
                    notes.push(Note::WholeShares {
                        label: label.to_owned(),
                        value: Money::new(round_money(v.amount, v.currency), v.currency),
                        price: Money::new(at_grant, p.currency),
                        shares: n,
                        left: Money::new(round_money(left, v.currency), v.currency),
                    });
                }
                Some(n)
            }
            (Grant::Value(_), None) => None,
        };
        // The price each vest is valued at: the offer's own, grown; under
        // a scenario, the scenario's.
        let currency = price.map(|p| p.currency).or(match at {
            Some(PriceChange::To(m)) => Some(m.currency),
            _ => None,
        });
        let vest_price = |date: NaiveDate| -> Result<Option<Decimal>, OfferError> {
            let own = price.map(|p| price_on(date, p)).transpose()?;
            Ok(match at {
                Some(change) => change.apply(own),
                None => own,
            })
        };
        match (shares, grant) {
            (Some(n), _) => {
                // Each vest's value exact, then rounded cumulatively: the
                // grant's total is its exact value rounded once, and each
                // vest within a cent of its own. 10,000 options at a spread
                // of $6.1476734 are $61,476.73, not the sum of 37 vests
                // rounded one by one ($61,476.78).
                let (mut exact, mut shown) = (Decimal::ZERO, Decimal::ZERO);
                for (vested, part) in vesting.split(n, granted, Decimal::ONE, self.allocation)? {
                    let Some(date) = settles(vested) else {
                        unsettled = unsettled.checked_add(part).ok_or_else(overflow)?;
                        continue;
                    };
                    let amount = match (vest_price(date)?, currency) {
                        (Some(at_vest), Some(currency)) => {
                            // An option is worth the spread, never below zero.
                            let each = match strike {
                                Some(k) => (at_vest - k.amount).max(Decimal::ZERO),
                                None => at_vest,
                            };
                            let value = part.checked_mul(each).ok_or_else(overflow)?;
                            exact = exact.checked_add(value).ok_or_else(overflow)?;
                            let upto = round_money(exact, currency);
                            let this = upto.checked_sub(shown).ok_or_else(overflow)?;
                            shown = upto;
                            Some(Money::new(this, currency))
                        }
                        _ => None,
                    };
                    // A plan that forfeits unpaid units on leaving earns
                    // them only when they are paid.
                    let earned = match value.liquidity {
                        Some(l) if !l.kept_on_leaving => date,
                        _ => vested,
                    };
                    tranches.push(Tranche {
                        date,
                        vested: earned,
                        component: index,
                        amount,
                        shares: Some(part),
                        clawback: None,
                    });
                }
                if !unsettled.is_zero() {
                    notes.push(Note::Unsettled {
                        label: label.to_owned(),
                        shares: unsettled,
                        liquidity: value.liquidity.and_then(|l| l.on),
                        expires,
                    });
                }
            }
            (None, Grant::Value(v)) => {
                for (date, part) in vesting.split(
                    v.amount,
                    granted,
                    cents(v.currency),
                    self.money_allocation(),
                )? {
                    tranches.push(Tranche {
                        date,
                        vested: date,
                        component: index,
                        amount: Some(Money::new(part, v.currency)),
                        shares: None,
                        clawback: None,
                    });
                }
            }
            (None, Grant::Shares(_)) => {}
        }
        Ok(())
    }
}

/// An ESPP being bought into: the component's index and its terms.
pub(super) struct Espp<'a> {
    pub(super) index: usize,
    pub(super) contribution: Decimal,
    pub(super) discount: Decimal,
    pub(super) lookback: bool,
    pub(super) period: u32,
    pub(super) periods: Option<u32>,
    pub(super) prices: &'a EsppPrices,
}

impl Offer {
    /// An ESPP's purchases, one tranche per period on its last day: the
    /// salary earned over the period (by day, as it accrues) times the
    /// contribution, rounded to the cent, buys whole shares at the
    /// purchase price, and the tranche is their gain at the end price,
    /// rounded half up. $4,958.90 set aside, $10 at the start and $20 at
    /// the end, 15% off with a lookback: 583 shares at $8.50 ($4,955.50,
    /// $3.40 returned), a gain of 583 x $11.50 = $6,704.50.
    pub(super) fn espp_tranches(
        &self,
        plan: &Espp<'_>,
        salaries: &[Decimal],
        at: Option<PriceChange>,
        tranches: &mut Vec<Tranche>,
    ) -> Result<(), OfferError> {
        let beyond = || OfferError::BeyondCalendar;
        let currency = self.currency()?.ok_or(OfferError::EsppWithoutSalary)?;
        if salaries.is_empty() {
            return Err(OfferError::EsppWithoutSalary);
        }
        let compound = match plan.prices {
            EsppPrices::Growing { growth, .. } => {
                Some(schedule::Compound::new(*growth).ok_or(OfferError::GrowthFloor)?)
            }
            EsppPrices::Listed(_) => None,
        };
        // The price on a period boundary, before and under a scenario.
        let price_at = |k: u32, on: NaiveDate| -> Result<Decimal, OfferError> {
            let own = match plan.prices {
                EsppPrices::Listed(list) => list
                    .get(usize::try_from(k).map_err(|_| overflow())?)
                    .map(|m| m.amount)
                    .ok_or(OfferError::EsppPrices)?,
                EsppPrices::Growing { price, .. } => {
                    let factor = match &compound {
                        Some(c) => c
                            .growth(schedule::year_time(self.start, on))
                            .ok_or_else(overflow)?,
                        None => Decimal::ONE,
                    };
                    price.amount.checked_mul(factor).ok_or_else(overflow)?
                }
            };
            match at {
                Some(change) => change.apply(Some(own)).ok_or_else(overflow),
                None => Ok(own),
            }
        };
        let paid = Decimal::ONE - plan.discount;
        // As many periods as the salary's years hold, unless given.
        let months = u32::try_from(salaries.len())
            .map_err(|_| overflow())?
            .saturating_mul(12);
        let periods = match plan.periods {
            Some(n) => n,
            None if plan.period > 0 && months % plan.period == 0 => months / plan.period,
            None => return Err(OfferError::EsppPeriods(plan.period, months)),
        };
        for k in 0..periods {
            let from = add_months(self.start, k.checked_mul(plan.period).ok_or_else(beyond)?)
                .ok_or_else(beyond)?;
            let until = add_months(
                self.start,
                (k + 1).checked_mul(plan.period).ok_or_else(beyond)?,
            )
            .ok_or_else(beyond)?;
            let earned = self.salary_between(salaries, from, until)?;
            let set_aside = round_money(
                earned.checked_mul(plan.contribution).ok_or_else(overflow)?,
                currency,
            );
            let (start, end) = (price_at(k, from)?, price_at(k + 1, until)?);
            let basis = if plan.lookback { start.min(end) } else { end };
            let cost = basis.checked_mul(paid).ok_or_else(overflow)?;
            if cost <= Decimal::ZERO {
                return Err(OfferError::PriceNotPositive);
            }
            let shares = set_aside.checked_div(cost).ok_or_else(overflow)?.floor();
            let gain = shares.checked_mul(end - cost).ok_or_else(overflow)?;
            // The purchase is on the period's last day.
            let date = until.pred_opt().ok_or_else(beyond)?;
            tranches.push(Tranche {
                date,
                vested: date,
                component: plan.index,
                amount: Some(Money::new(round_money(gain, currency), currency)),
                shares: Some(shares),
                clawback: None,
            });
        }
        Ok(())
    }

    /// The salary earned from `from` up to the day before `until`: each
    /// day its grant year's salary over that year's days, summed exactly.
    fn salary_between(
        &self,
        salaries: &[Decimal],
        from: NaiveDate,
        until: NaiveDate,
    ) -> Result<Decimal, OfferError> {
        let mut sum = Decimal::ZERO;
        for (k, s) in (0_u32..).zip(salaries) {
            let (Some(a), Some(b)) = (anniversary(self.start, k), anniversary(self.start, k + 1))
            else {
                return Err(OfferError::BeyondCalendar);
            };
            let (lo, hi) = (a.max(from), b.min(until));
            if lo >= hi {
                continue;
            }
            let part = s
                .checked_mul(Decimal::from((hi - lo).num_days()))
                .and_then(|x| x.checked_div(Decimal::from((b - a).num_days())))
                .ok_or_else(overflow)?;
            sum = sum.checked_add(part).ok_or_else(overflow)?;
        }
        Ok(sum)
    }
}

/// One grant of equity: the component it belongs to (its index and
/// label), when it is granted, what, and how it vests.
#[derive(Clone, Copy)]
pub(super) struct Award<'a> {
    pub(super) index: usize,
    pub(super) label: &'a str,
    pub(super) granted: NaiveDate,
    pub(super) grant: &'a Grant,
    pub(super) vesting: &'a Vesting,
}

/// Salary of each grant year: year 1 is `amount`, each next year raised:
/// 120000 at 3% is 120000, 123600, 127308, 131127.24 (rounded to the cent
/// each year).
/// A salary beyond 28 digits is an error, not a number.
pub fn salary_years(
    amount: Decimal,
    raise: Decimal,
    years: u32,
    currency: Currency,
) -> Result<Vec<Decimal>, OfferError> {
    let factor = Decimal::ONE.checked_add(raise).ok_or_else(overflow)?;
    let mut out = Vec::new();
    let mut s = amount;
    for k in 0..years {
        out.push(s);
        if k + 1 < years {
            s = round_money(s.checked_mul(factor).ok_or_else(overflow)?, currency);
        }
    }
    Ok(out)
}
