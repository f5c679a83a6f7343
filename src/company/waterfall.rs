//! An exit paid out: preferences by seniority, then what is left per share to common, participating preferred and preferred that converts.

use rust_decimal::Decimal;

use super::Problem;
use super::{CompanyError, Holding, add, div, mul, running, sub, total};
use crate::money::Money;
use crate::schedule::{Allocation, allocate};

/// What one holder takes at an exit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Payout {
    /// The holder.
    pub holder: String,
    /// What it takes, to the cent.
    pub amount: Money,
}

/// What an exit pays.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExitResult {
    /// Its id.
    pub id: String,
    /// The exit value.
    pub value: Money,
    /// Each holder's payout, adding up to the value.
    pub payouts: Vec<Payout>,
    /// What one common share gets.
    pub per_common_share: Money,
    /// Holders of preferred who convert to common.
    pub converting: Vec<String>,
    /// For an exit given by what one holder should receive: that holder
    /// and amount (the value is the least that pays it).
    pub goal: Option<Payout>,
}

impl ExitResult {
    /// What `holder` is paid, if it holds anything.
    pub fn paid(&self, holder: &str) -> Option<Money> {
        self.payouts
            .iter()
            .find(|p| p.holder == holder)
            .map(|p| p.amount)
    }
}

/// The waterfall: see the module documentation.
pub(super) fn exit(
    id: &str,
    value: Money,
    holdings: &[Holding],
) -> Result<ExitResult, CompanyError> {
    let Settled {
        pay,
        converting,
        per_share,
    } = settle(value.amount, holdings)?;
    paid_out(id, value, holdings, &pay, &converting, per_share)
}

/// What each holding takes at an exit, exactly, before rounding.
pub(super) struct Settled {
    pub(super) pay: Vec<Decimal>,
    pub(super) converting: Vec<bool>,
    pub(super) per_share: Decimal,
}

/// The waterfall, exactly, with issued options: those exercise whose
/// strike is below what a common share is worth, their strikes paid in and
/// shared with the exit value, each option holder paid net of its strike,
/// so the payouts still add up to the exit value. Leaving out an option
/// below water raises what a share is worth (its strike adds less than a
/// share's worth), so starting from every option exercising and leaving
/// out those below water settles: 1,000,000 common and 250,000 options at
/// $2.00 in an exit of $3,500,000 are worth (3,500,000 + 500,000) /
/// 1,250,000 = $3.20 a share; the options are paid $1.20 each, $300,000,
/// and the common $3,200,000.
pub(super) fn settle(value: Decimal, holdings: &[Holding]) -> Result<Settled, CompanyError> {
    if holdings.iter().all(|h| h.strike.is_none()) {
        return settle_shares(value, holdings);
    }
    let n = holdings.len();
    let mut exercising: Vec<bool> = holdings.iter().map(|h| h.strike.is_some()).collect();
    for _ in 0..=n {
        running()?;
        // The options exercising take part as common; the others not at all.
        let mut taking: Vec<Holding> = Vec::with_capacity(n);
        let mut index: Vec<usize> = Vec::with_capacity(n);
        let mut paid_in = Decimal::ZERO;
        for (i, h) in holdings.iter().enumerate() {
            match h.strike {
                None => {}
                Some(k) if exercising.get(i).copied().unwrap_or(false) => {
                    paid_in = add(paid_in, mul(k.amount, h.shares)?)?;
                }
                Some(_) => continue,
            }
            taking.push(Holding {
                strike: None,
                ..h.clone()
            });
            index.push(i);
        }
        let s = settle_shares(add(value, paid_in)?, &taking)?;
        let next: Vec<bool> = holdings
            .iter()
            .map(|h| h.strike.is_some_and(|k| k.amount < s.per_share))
            .collect();
        if next == exercising {
            let mut pay = vec![Decimal::ZERO; n];
            let mut converting = vec![false; n];
            for ((j, i), p) in index.iter().enumerate().zip(&s.pay) {
                let Some(h) = holdings.get(*i) else { continue };
                let strike = h.strike.map_or(Decimal::ZERO, |k| k.amount);
                if let Some(slot) = pay.get_mut(*i) {
                    *slot = sub(*p, mul(strike, h.shares)?)?;
                }
                if let (Some(c), Some(x)) = (converting.get_mut(*i), s.converting.get(j)) {
                    *c = *x;
                }
            }
            return Ok(Settled {
                pay,
                converting,
                per_share: s.per_share,
            });
        }
        exercising = next;
    }
    Err(Problem::TooLarge.into())
}

/// The waterfall of shares alone, exactly: preferences by seniority, then
/// what is left per share, preferred converting where converting pays
/// more.
fn settle_shares(value: Decimal, holdings: &[Holding]) -> Result<Settled, CompanyError> {
    let n = holdings.len();
    let mut converting = vec![false; n];
    let mut capped = vec![false; n];
    let mut pay = vec![Decimal::ZERO; n];
    let mut per_share = Decimal::ZERO;
    for _ in 0..(2 * n + 2) {
        running()?;
        pay = vec![Decimal::ZERO; n];
        let left = pay_preferences(value, holdings, &converting, &mut pay)?;
        // What is left, per share, to common, converting preferred and
        // participating preferred below its cap.
        let shares_in = |i: usize, capped: &[bool]| -> bool {
            let h = holdings.get(i);
            match h.and_then(|h| h.preferred.as_ref()) {
                None => true,
                Some(p) => {
                    converting.get(i).copied().unwrap_or(false)
                        || (p.terms.participating && !capped.get(i).copied().unwrap_or(false))
                }
            }
        };
        capped = vec![false; n];
        loop {
            let pool_shares = total(
                (0..n)
                    .filter(|i| shares_in(*i, &capped))
                    .filter_map(|i| holdings.get(i).map(|h| h.shares)),
            )?;
            let residual = sub(left, capped_total_excess(&pay, &capped, holdings)?)?;
            per_share = if pool_shares.is_zero() {
                Decimal::ZERO
            } else {
                div(residual.max(Decimal::ZERO), pool_shares)?
            };
            // A participating preference past its cap stops there.
            let mut newly = false;
            for i in 0..n {
                let Some(h) = holdings.get(i) else { continue };
                let Some(p) = h.preferred.as_ref() else {
                    continue;
                };
                if !p.terms.participating || converting.get(i).copied().unwrap_or(false) {
                    continue;
                }
                if let Some(cap) = p.terms.cap
                    && !capped.get(i).copied().unwrap_or(false)
                {
                    let limit = mul(cap, p.invested.amount)?;
                    let base = preference_paid(&pay, i);
                    if add(base, mul(per_share, h.shares)?)? > limit {
                        if let Some(c) = capped.get_mut(i) {
                            *c = true;
                        }
                        if let Some(slot) = pay.get_mut(i) {
                            *slot = limit.max(base);
                        }
                        newly = true;
                    }
                }
            }
            if !newly {
                break;
            }
        }
        for i in 0..n {
            if shares_in(i, &capped)
                && let (Some(slot), Some(h)) = (pay.get_mut(i), holdings.get(i))
            {
                *slot = add(*slot, mul(per_share, h.shares)?)?;
            }
        }
        // Preferred that would get more as common converts, one holding
        // at a time, the smallest preference per share first: each
        // conversion lowers what a common share gets, so deciding them
        // all at once would convert holdings that then get less than
        // their preference (Acme's fund at a $22.4M exit: $4.98M as
        // common against its $5.2M preference).
        let first = next_to_convert(holdings, &converting, &pay, per_share)?;
        match first.and_then(|i| converting.get_mut(i)) {
            Some(c) => *c = true,
            None => break,
        }
    }
    Ok(Settled {
        pay,
        converting,
        per_share,
    })
}

/// Preferences, by seniority, pro rata within a rank, into `pay`, for the
/// preferred not `converting`; what is left of `value`.
fn pay_preferences(
    value: Decimal,
    holdings: &[Holding],
    converting: &[bool],
    pay: &mut [Decimal],
) -> Result<Decimal, CompanyError> {
    let n = holdings.len();
    let mut left = value;
    let mut ranks: Vec<u32> = holdings
        .iter()
        .zip(converting)
        .filter_map(|(h, c)| {
            h.preferred
                .as_ref()
                .filter(|_| !c)
                .map(|p| p.terms.seniority)
        })
        .collect();
    ranks.sort_unstable_by(|a, b| b.cmp(a));
    ranks.dedup();
    for rank in ranks {
        let members: Vec<usize> = (0..n)
            .filter(|i| {
                !converting.get(*i).copied().unwrap_or(true)
                    && holdings
                        .get(*i)
                        .and_then(|h| h.preferred.as_ref())
                        .is_some_and(|p| p.terms.seniority == rank)
            })
            .collect();
        let owed = total(
            members
                .iter()
                .filter_map(|i| holdings.get(*i).and_then(|h| h.preferred.as_ref()))
                .map(|p| p.preference.amount),
        )?;
        if owed.is_zero() {
            continue;
        }
        let share = if owed <= left {
            Decimal::ONE
        } else {
            div(left, owed)?
        };
        for i in &members {
            let pref = holdings
                .get(*i)
                .and_then(|h| h.preferred.as_ref())
                .map_or(Decimal::ZERO, |p| p.preference.amount);
            if let Some(slot) = pay.get_mut(*i) {
                *slot = mul(pref, share)?;
            }
        }
        left = sub(left, owed.min(left))?;
    }
    Ok(left)
}

/// The preferred holding that gets more as common than it is paid, with
/// the smallest payout per share: the next to convert, if any.
fn next_to_convert(
    holdings: &[Holding],
    converting: &[bool],
    pay: &[Decimal],
    per_share: Decimal,
) -> Result<Option<usize>, CompanyError> {
    let mut first: Option<(usize, Decimal)> = None;
    for (i, h) in holdings.iter().enumerate() {
        if h.preferred.is_none()
            || h.shares.is_zero()
            || converting.get(i).copied().unwrap_or(false)
        {
            continue;
        }
        let takes = pay.get(i).copied().unwrap_or_default();
        if mul(per_share, h.shares)? > takes {
            let per = div(takes, h.shares)?;
            if first.is_none_or(|(_, best)| per < best) {
                first = Some((i, per));
            }
        }
    }
    Ok(first.map(|(i, _)| i))
}

/// The exit's payouts by holder, to the cent, adding up to the value.
pub(super) fn paid_out(
    id: &str,
    value: Money,
    holdings: &[Holding],
    pay: &[Decimal],
    converting: &[bool],
    per_share: Decimal,
) -> Result<ExitResult, CompanyError> {
    // To the cent, adding up to the value.
    let cents = Decimal::new(1, value.currency.minor_units());
    let mut names: Vec<String> = Vec::new();
    let mut by_holder: Vec<Decimal> = Vec::new();
    for (h, p) in holdings.iter().zip(pay) {
        match names.iter().position(|x| *x == h.holder) {
            Some(k) => {
                if let Some(slot) = by_holder.get_mut(k) {
                    *slot = add(*slot, *p)?;
                }
            }
            None => {
                names.push(h.holder.clone());
                by_holder.push(*p);
            }
        }
    }
    let paid = total(by_holder.iter().copied())?;
    let total =
        crate::money::Rounding::HalfUp.round(paid.min(value.amount), value.currency.minor_units());
    let parts = if by_holder.iter().all(Decimal::is_zero) {
        vec![Decimal::ZERO; by_holder.len()]
    } else {
        allocate(total, &by_holder, cents, Allocation::CumulativeRounding)
            .map_err(|_| CompanyError::of(Problem::TooLarge))?
    };
    let converting_names = holdings
        .iter()
        .zip(converting)
        .filter(|(h, c)| **c && h.preferred.is_some())
        .map(|(h, _)| h.holder.clone())
        .collect();
    Ok(ExitResult {
        id: id.to_owned(),
        value,
        payouts: names
            .into_iter()
            .zip(parts)
            .map(|(holder, a)| Payout {
                holder,
                amount: Money::new(a, value.currency),
            })
            .collect(),
        per_common_share: Money::new(per_share, value.currency),
        converting: converting_names,
        goal: None,
    })
}

/// What a holding's preference was paid (before sharing in what is left).
pub(super) fn preference_paid(pay: &[Decimal], i: usize) -> Decimal {
    pay.get(i).copied().unwrap_or_default()
}

/// What capped holdings take beyond their preference, out of what is left.
pub(super) fn capped_total_excess(
    pay: &[Decimal],
    capped: &[bool],
    holdings: &[Holding],
) -> Result<Decimal, CompanyError> {
    let mut excess = Decimal::ZERO;
    for i in (0..pay.len()).filter(|i| capped.get(*i).copied().unwrap_or(false)) {
        let pref = holdings
            .get(i)
            .and_then(|h| h.preferred.as_ref())
            .map_or(Decimal::ZERO, |p| p.preference.amount);
        let over = sub(pay.get(i).copied().unwrap_or_default(), pref)?;
        excess = add(excess, over.max(Decimal::ZERO))?;
    }
    Ok(excess)
}
